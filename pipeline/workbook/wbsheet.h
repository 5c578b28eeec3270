/* wbsheet.h — a thin layer over one libxlsxwriter worksheet used by every sheet writer:
 * cell writes that record the first lxw_error (so each sheet checks every return but reads
 * straight), column widths measured from what is written, print setup, and formula builders.
 *
 * Rows are written strictly in order, in every mode: a big workbook is written in
 * libxlsxwriter's constant-memory mode, where a row is flushed to disk as soon as a later row
 * is touched and a write to an earlier row is dropped (merge_range even drops it silently).
 * Every write here checks its row against the current one; a write above it fails the sheet
 * ("out of row order", an internal error) instead of losing a cell.
 *
 * Formulas are built only from row/column numbers (the builders take no strings), so no text
 * from the input can ever become part of a formula. Text cells are always written with
 * worksheet_write_string: a unit name such as "=市本级" stays text.
 */
#ifndef QTR_WBSHEET_H
#define QTR_WBSHEET_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "status.h"
#include "wbstyle.h"

#define QTR_WB_TRACKED_COLS 256      /* columns whose width is measured */
#define QTR_WB_MAX_TEXT 32767        /* Excel's limit of characters in a cell */
#define QTR_WB_FORMULA_SIZE 128      /* enough for every formula the builders make */

typedef struct {
    lxw_worksheet *ws;               /* borrowed from the workbook */
    const char *name;                /* sheet name (static) */
    const qtr_wb_styles *st;
    double width[QTR_WB_TRACKED_COLS];  /* widest content seen per column, in width units */
    lxw_error lerr;                  /* first error of a write; LXW_NO_ERROR when none */
    lxw_row_t erow;                  /* where it happened */
    lxw_col_t ecol;
    lxw_row_t row;                   /* the current row: writes go to it or below */
    int disorder;                    /* lerr is a write above the current row */
    size_t notes;                    /* cell notes written (qtr_wb_note) */
    char *scratch;                   /* QTR_WB_MAX_TEXT + 1 bytes for cutting long text, or NULL */
    double set[QTR_WB_TRACKED_COLS]; /* widths set by qtr_wb_apply_width (0: the default) */
    lxw_col_t print_cols;            /* columns printed (0..print_cols-1): 0 = every column set */
} qtr_wb_sheet;

/* Adds the worksheet `name` to wb. Returns LXW_NO_ERROR or the library's error. */
lxw_error qtr_wb_sheet_open(qtr_wb_sheet *s, lxw_workbook *wb, const char *name,
                            const qtr_wb_styles *st, char *scratch);

/* Records e (the first one wins) for the cell (row, col). Returns e. */
lxw_error qtr_wb_check(qtr_wb_sheet *s, lxw_error e, lxw_row_t row, lxw_col_t col);

/* Moves to row for a write in column col: returns 1, or 0 (and records the error) when row
 * is above the current row. Every writer below calls it; sheets call it before using the
 * library directly on a row. */
int qtr_wb_row_at(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col);

/* Height of row in points (worksheet_set_row), checked like a cell write. */
void qtr_wb_height(qtr_wb_sheet *s, lxw_row_t row, double height);

/* Text cell (never a formula). NULL or "" leaves the cell blank (with fmt, if any). Text longer
 * than Excel's cell limit is cut on a character boundary with "…" (when the sheet has a
 * scratch buffer). qtr_wb_str measures it for the column width; _nowidth does not. */
void qtr_wb_str(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *fmt);
void qtr_wb_str_nowidth(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
                        lxw_format *fmt);
/* Text of known length and display width (a text that repeats is measured once); the same
 * cell as qtr_wb_str. */
void qtr_wb_str_known(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, size_t len,
                      double width, lxw_format *fmt);
/* Number cell; NAN or infinity leaves a blank cell with fmt. f is used for the width. */
void qtr_wb_num(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt,
                qtr_wb_numfmt f);
/* A figure of an indicator in unit, shown as the report's sentences show it (qtr_wb_numfmt_of);
 * missing: with the "*" of a unit that did not report some quarter. NAN: a blank cell. The cell
 * holds qtr_wb_held(ind, fig, v). */
void qtr_wb_value(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const qtr_indicator *ind,
                  qtr_figure fig, double v,
                  int missing);
/* What qtr_wb_value writes for v: a needed whole count rounded up (37.5 家 -> 38, which no
 * number format does), any other figure as it is. A formula over such cells computes from it. */
double qtr_wb_held(const qtr_indicator *ind, qtr_figure fig, double v);
/* The same without measuring (the caller measures the extremes of a long column). */
void qtr_wb_num_nowidth(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt);
/* Date cell. */
void qtr_wb_date(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, lxw_datetime *dt, lxw_format *fmt);
/* Formula with its cached value (LibreOffice shows 0 without one). */
void qtr_wb_formula(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                    double cached, lxw_format *fmt, qtr_wb_numfmt f);
/* Merged range with text (titles); not measured. Row r2 becomes the current row. */
void qtr_wb_merge(qtr_wb_sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                  const char *text, lxw_format *fmt);
/* The rest of a merged range r1..r2 (r2 > r1) whose first row the caller has written already
 * (text with fmt in (r1, c1), blank cells with fmt in the rest of row r1), now that the current
 * row is r1 or r1 + 1: registers the range and pads rows r1 + 1..r2. This is how two ranges can
 * span the same rows (a header cell over two header rows, at each end of a table). */
void qtr_wb_merge_rest(qtr_wb_sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                       const char *text, lxw_format *fmt);
/* A cell note (comment) on (row, col), author qtr: where a figure that is not a formula comes
 * from. At most QTR_WB_MAX_NOTES a sheet (each is a drawing Excel keeps in memory); returns 1
 * when written, 0 when the sheet has its share already. */
#define QTR_WB_MAX_NOTES 200
int qtr_wb_note(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text);

/* Widens column col to at least w units (e.g. for a number written by other means). */
void qtr_wb_measure(qtr_wb_sheet *s, lxw_col_t col, double w);

/* Sets the widths of columns 0..ncols-1 from what was measured: padding 2, at least min, at
 * most max (longer text wraps where its format wraps). */
void qtr_wb_apply_widths(qtr_wb_sheet *s, lxw_col_t ncols, double min, double max);

/* The same for one column; returns the width set. */
double qtr_wb_apply_width(qtr_wb_sheet *s, lxw_col_t col, double min, double max);

/* The width qtr_wb_apply_width would set now (for row heights known before a row is written). */
double qtr_wb_column_width(const qtr_wb_sheet *s, lxw_col_t col, double min, double max);

/* Makes row tall enough for text wrapped in a column of width colw (no change for one line).
 * Call it while row is the current row. */
void qtr_wb_fit_height(qtr_wb_sheet *s, lxw_row_t row, const char *text, double colw);

/* Estimated rows of wrapped text of width w in a column of width colw (at least 1). */
int qtr_wb_lines(double w, double colw);

/* A4, fit to pages wide (as many tall as needed), landscape when asked, header with the plan
 * title (its '&' escaped, cut to the header limit) and the sheet name, footer with page numbers;
 * rows first..last repeated on each page (none when first < 0). Call it after the widths are
 * set: the columns printed (print_cols, else every column set) go on one page wide when the
 * 11-pt text stays at least QTR_WB_PRINT_MIN_PT after the fit, else on as many pages wide as
 * that needs, with column A repeated on each. */
#define QTR_WB_PRINT_MIN_PT 8.0
/* Pages wide for columns `points` wide on A4 with the margins qtr_wb_print_setup sets, column A
 * (`first` points) repeated on every page after the first. */
int qtr_wb_print_pages(double points, double first, int landscape);
void qtr_wb_print_setup(qtr_wb_sheet *s, const char *plan_title, int landscape, long first,
                        long last);

/* Writes into buf (size bytes) the header/footer form of text: '&' doubled, cut to at most
 * max characters on a UTF-8 boundary. Returns buf. */
char *qtr_wb_header_escape(const char *text, size_t max, char *buf, size_t size);

/* Cuts text to at most max bytes on a UTF-8 boundary into buf (size > max), with "…" appended
 * when cut. Returns text itself when it fits, else buf. */
const char *qtr_wb_cut(const char *text, size_t max, char *buf, size_t size);

/* The status of the sheet's first error as a qtr_status with a message naming sheet and cell:
 * QTR_OK when none. */
qtr_status qtr_wb_sheet_status(const qtr_wb_sheet *s, const char *path, qtr_error *err);

/* Maps a libxlsxwriter error to the library status (memory, create, write). */
qtr_status qtr_wb_lxw_status(lxw_error e);

/* ---------------------------------------------------------------- formula builders
 * Each writes a formula into buf (QTR_WB_FORMULA_SIZE bytes) and returns buf. Row and column
 * numbers are 0-based as in libxlsxwriter; the text uses A1 references. */

/* =num/den on row r:                     e.g. =E8/D8 */
char *qtr_wb_f_ratio(char *buf, lxw_row_t r, lxw_col_t num, lxw_col_t den);
/* =(a-b)/(t-b): progress of a stock with baseline in column b */
char *qtr_wb_f_progress(char *buf, lxw_row_t r, lxw_col_t a, lxw_col_t t, lxw_col_t b);
/* =X: the value of another cell on the same row */
char *qtr_wb_f_ref(char *buf, lxw_row_t r, lxw_col_t c);
/* =(rc-pc)*100: pace gap in percentage points */
char *qtr_wb_f_pace_gap(char *buf, lxw_row_t r, lxw_col_t rc, lxw_col_t pc);
/* =MAX(0,t-a): gap to target */
char *qtr_wb_f_gap(char *buf, lxw_row_t r, lxw_col_t t, lxw_col_t a);
/* =a-b */
char *qtr_wb_f_diff(char *buf, lxw_row_t r, lxw_col_t a, lxw_col_t b);
/* =ROUND(a,da)-ROUND(b,db): the difference of two figures as they are shown */
char *qtr_wb_f_shown_diff(char *buf, lxw_row_t r, lxw_col_t a, int da, lxw_col_t b, int db);
/* =RANK(X,X$first:X$last): descending rank within a column */
char *qtr_wb_f_rank(char *buf, lxw_row_t r, lxw_col_t c, lxw_row_t first, lxw_row_t last);
/* =SUM(Xfirst:Xlast) */
char *qtr_wb_f_sum(char *buf, lxw_col_t c, lxw_row_t first, lxw_row_t last);

/* 1 when a formula computing `computed` from the cells may carry `cached`, the report's figure:
 * they agree to 1e-9 (relative, and absolute near zero). A figure the formula would not
 * reproduce is written as a value, so that no recalculation changes what the report says. */
int qtr_wb_reproduces(double computed, double cached);

#endif
