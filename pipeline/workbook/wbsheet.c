/* wbsheet.c — checked cell writes, measured widths, print setup and formula builders. */
#include "wbsheet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* ---------------------------------------------------------------- sheet and errors */

lxw_error qtr_wb_sheet_open(qtr_wb_sheet *s, lxw_workbook *wb, const char *name,
                            const qtr_wb_styles *st, char *scratch)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->st = st;
    s->scratch = scratch;
    lxw_error e = workbook_validate_sheet_name(wb, name);
    if (e != LXW_NO_ERROR)
        return e;
    s->ws = workbook_add_worksheet(wb, name);
    return s->ws ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
}

lxw_error qtr_wb_check(qtr_wb_sheet *s, lxw_error e, lxw_row_t row, lxw_col_t col)
{
    if (e != LXW_NO_ERROR && s->lerr == LXW_NO_ERROR) {
        s->lerr = e;
        s->erow = row;
        s->ecol = col;
    }
    return e;
}

int qtr_wb_row_at(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col)
{
    if (row < s->row) {
        if (s->lerr == LXW_NO_ERROR) {
            s->lerr = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
            s->erow = row;
            s->ecol = col;
            s->disorder = 1;
        }
        return 0;
    }
    s->row = row;
    return 1;
}

void qtr_wb_height(qtr_wb_sheet *s, lxw_row_t row, double height)
{
    if (qtr_wb_row_at(s, row, 0))
        qtr_wb_check(s, worksheet_set_row(s->ws, row, height, NULL), row, 0);
}

qtr_status qtr_wb_lxw_status(lxw_error e)
{
    switch (e) {
    case LXW_NO_ERROR: return QTR_OK;
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return QTR_ERR_NOMEM;
    case LXW_ERROR_CREATING_XLSX_FILE: return QTR_ERR_CREATE;
    default: return QTR_ERR_WRITE;
    }
}

static void cell_name(char *buf, size_t size, lxw_row_t row, lxw_col_t col, int abs_row)
{
    /* the library's name of the cell (lxwhooks.c prints it without snprintf: a formula of 分单位
     * names several cells, 80,000 of them at 3,000 units), "$" before the row when asked */
    char name[LXW_MAX_CELL_NAME_LENGTH + 2], out[LXW_MAX_CELL_NAME_LENGTH + 2];
    lxw_rowcol_to_cell(name, row, col);
    size_t letters = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), k = 0;
    memcpy(out, name, letters);
    k = letters;
    if (abs_row)
        out[k++] = '$';
    size_t digits = strlen(name + letters);
    memcpy(out + k, name + letters, digits);
    k += digits;
    if (size == 0)
        return;
    if (k >= size)
        k = size - 1; /* cut, as snprintf cuts */
    memcpy(buf, out, k);
    buf[k] = '\0';
}

qtr_status qtr_wb_sheet_status(const qtr_wb_sheet *s, const char *path, qtr_error *err)
{
    if (s->lerr == LXW_NO_ERROR)
        return QTR_OK;
    char cell[32];
    cell_name(cell, sizeof cell, s->erow, s->ecol, 0);
    if (s->disorder)
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0,
                             "sheet %s, cell %s: written after row %lu (out of row order: an "
                             "internal error, the cell would be lost)", s->name, cell,
                             (unsigned long)s->row + 1);
    return qtr_error_set(err, qtr_wb_lxw_status(s->lerr), path, 0, 0, "sheet %s, cell %s: %s",
                         s->name, cell, lxw_strerror(s->lerr));
}

/* ---------------------------------------------------------------- cells */

int qtr_wb_note(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text)
{
    if (s->notes >= QTR_WB_MAX_NOTES)
        return 0;
    lxw_comment_options opt = {.author = "qtr", .width = 320, .height = 90};
    s->notes++;
    qtr_wb_check(s, worksheet_write_comment_opt(s->ws, row, col, text, &opt), row, col);
    return 1;
}

void qtr_wb_measure(qtr_wb_sheet *s, lxw_col_t col, double w)
{
    if (col < QTR_WB_TRACKED_COLS && w > s->width[col])
        s->width[col] = w;
}

const char *qtr_wb_cut(const char *text, size_t max, char *buf, size_t size)
{
    size_t n = strlen(text);
    if (n <= max || size <= 4)
        return text;
    size_t keep = max < size - 4 ? max : size - 4;
    keep = keep >= 3 ? keep - 3 : 0;  /* room for "…" (3 bytes) */
    while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
        keep--;  /* back to the start of a character */
    memcpy(buf, text, keep);
    memcpy(buf + keep, "\xE2\x80\xA6", 4);
    return buf;
}

static void write_text(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
                       lxw_format *fmt, int measure)
{
    if (!qtr_wb_row_at(s, row, col))
        return;
    if (!text || !*text) {
        if (fmt)
            qtr_wb_check(s, worksheet_write_blank(s->ws, row, col, fmt), row, col);
        return;
    }
    /* Excel counts characters (at most QTR_WB_MAX_TEXT); cutting on bytes is stricter */
    const char *t = s->scratch ? qtr_wb_cut(text, QTR_WB_MAX_TEXT, s->scratch, QTR_WB_MAX_TEXT + 1)
                               : text;
    qtr_wb_check(s, worksheet_write_string(s->ws, row, col, t, fmt), row, col);
    if (measure)
        qtr_wb_measure(s, col, qtr_wb_text_width(t));
}

void qtr_wb_str(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *fmt)
{
    write_text(s, row, col, text, fmt, 1);
}

void qtr_wb_str_nowidth(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text,
                        lxw_format *fmt)
{
    write_text(s, row, col, text, fmt, 0);
}

void qtr_wb_str_known(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, size_t len,
                      double width, lxw_format *fmt)
{
    if (len == 0 || len > QTR_WB_MAX_TEXT) {  /* blank, or to be cut: the general path */
        write_text(s, row, col, text, fmt, 1);
        return;
    }
    if (!qtr_wb_row_at(s, row, col))
        return;
    qtr_wb_check(s, worksheet_write_string(s->ws, row, col, text, fmt), row, col);
    if (col < QTR_WB_TRACKED_COLS && width > s->width[col])
        s->width[col] = width;
}

void qtr_wb_num_nowidth(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt)
{
    if (!qtr_wb_row_at(s, row, col))
        return;
    if (!isfinite(v)) {
        if (fmt)
            qtr_wb_check(s, worksheet_write_blank(s->ws, row, col, fmt), row, col);
        return;
    }
    qtr_wb_check(s, worksheet_write_number(s->ws, row, col, v, fmt), row, col);
}

void qtr_wb_num(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt,
                qtr_wb_numfmt f)
{
    qtr_wb_num_nowidth(s, row, col, v, fmt);
    if (isfinite(v))
        qtr_wb_measure(s, col, qtr_wb_number_width(v, f));
}

double qtr_wb_held(const qtr_indicator *ind, qtr_figure fig, double v)
{
    /* a needed whole count is shown rounded up (37.5 家 -> 38), which no number format does */
    if (fig == QTR_FIG_NEEDED && qtr_words_numkind(ind) == QTR_NUM_COUNT)
        return qtr_words_shown(ind, fig, v);
    return v;
}

void qtr_wb_value(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const qtr_indicator *ind,
                  qtr_figure fig, double v, int missing)
{
    qtr_wb_numfmt f = qtr_wb_numfmt_of(ind, fig, v);
    v = qtr_wb_held(ind, fig, v);
    qtr_wb_num(s, row, col, v, missing ? s->st->num_miss[f] : s->st->num[f], f);
    if (missing && isfinite(v))
        qtr_wb_measure(s, col, qtr_wb_number_width(v, f) + 1.1);  /* the "*" */
}

void qtr_wb_date(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, lxw_datetime *dt, lxw_format *fmt)
{
    if (qtr_wb_row_at(s, row, col))
        qtr_wb_check(s, worksheet_write_datetime(s->ws, row, col, dt, fmt), row, col);
}

void qtr_wb_formula(qtr_wb_sheet *s, lxw_row_t row, lxw_col_t col, const char *formula,
                    double cached, lxw_format *fmt, qtr_wb_numfmt f)
{
    if (!qtr_wb_row_at(s, row, col))
        return;
    qtr_wb_check(s, worksheet_write_formula_num(s->ws, row, col, formula, fmt, cached), row, col);
    qtr_wb_measure(s, col, qtr_wb_number_width(cached, f));
}

void qtr_wb_merge(qtr_wb_sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                  const char *text, lxw_format *fmt)
{
    if (r1 == r2 && c1 == c2) {
        qtr_wb_str_nowidth(s, r1, c1, text, fmt);
        return;
    }
    if (!qtr_wb_row_at(s, r1, c1))
        return;
    const char *t = s->scratch ? qtr_wb_cut(text, QTR_WB_MAX_TEXT, s->scratch, QTR_WB_MAX_TEXT + 1)
                               : text;
    qtr_wb_check(s, worksheet_merge_range(s->ws, r1, c1, r2, c2, t, fmt), r1, c1);
    s->row = r2 > s->row ? r2 : s->row;
}

void qtr_wb_merge_rest(qtr_wb_sheet *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                       const char *text, lxw_format *fmt)
{
    if (r2 <= r1) {
        qtr_wb_check(s, LXW_ERROR_PARAMETER_VALIDATION, r1, c1);
        return;
    }
    if (s->row > r1 + 1) {  /* row r1 + 1 is gone: fails as out of order */
        qtr_wb_row_at(s, r1, c1);
        return;
    }
    /* In constant-memory mode the library drops its own rewrite of row r1 (written by the
     * caller with the same text and format); in memory it replaces it by the same cells. */
    const char *t = s->scratch ? qtr_wb_cut(text, QTR_WB_MAX_TEXT, s->scratch, QTR_WB_MAX_TEXT + 1)
                               : text;
    qtr_wb_check(s, worksheet_merge_range(s->ws, r1, c1, r2, c2, t, fmt), r1, c1);
    s->row = r2;
}

/* ---------------------------------------------------------------- layout */

double qtr_wb_column_width(const qtr_wb_sheet *s, lxw_col_t col, double min, double max)
{
    double seen = col < QTR_WB_TRACKED_COLS ? s->width[col] : 0;
    double w = fmin(fmax(seen + 2, min), max);
    return nearbyint(w * 4) / 4;  /* quarter units: stable text in the file */
}

double qtr_wb_apply_width(qtr_wb_sheet *s, lxw_col_t col, double min, double max)
{
    double w = qtr_wb_column_width(s, col, min, max);
    qtr_wb_check(s, worksheet_set_column(s->ws, col, col, w, NULL), 0, col);
    if (col < QTR_WB_TRACKED_COLS)
        s->set[col] = w;
    return w;
}

void qtr_wb_fit_height(qtr_wb_sheet *s, lxw_row_t row, const char *text, double colw)
{
    int lines = qtr_wb_lines(qtr_wb_text_width(text), colw - 1.5);
    if (lines > 1)
        qtr_wb_height(s, row, 16.0 * lines + 2);
}

void qtr_wb_apply_widths(qtr_wb_sheet *s, lxw_col_t ncols, double min, double max)
{
    for (lxw_col_t c = 0; c < ncols; c++)
        (void)qtr_wb_apply_width(s, c, min, max);
}

int qtr_wb_lines(double w, double colw)
{
    if (!(colw > 0) || !(w > colw))
        return 1;
    return (int)ceil(w / colw);
}

char *qtr_wb_header_escape(const char *text, size_t max, char *buf, size_t size)
{
    size_t out = 0, chars = 0, n = strlen(text);
    while (n > 0 && chars < max) {
        unsigned cp;
        size_t len = qtr_utf8_decode(text, n, &cp);
        if (len == 0)
            len = 1;
        size_t need = cp == '&' ? 2 : len;
        if (out + need + 1 > size)
            break;
        if (cp == '&')
            buf[out++] = '&';
        memcpy(buf + out, text, len);
        out += len;
        chars += cp == '&' ? 2 : 1;
        text += len;
        n -= len;
    }
    buf[out] = '\0';
    return buf;
}

/* A column of w width units is (7w + 5) px wide, 0.75 pt a pixel. */
static double column_points(double w)
{
    return (7 * w + 5) * 0.75;
}

int qtr_wb_print_pages(double points, double first, int landscape)
{
    double page = (landscape ? 841.9 : 595.3) - 72 * (0.5 + 0.5);  /* A4 less the side margins */
    double need = 11.0 / QTR_WB_PRINT_MIN_PT;                      /* at most this much smaller */
    double total = points;
    for (int pages = 1; pages < 20; pages++) {
        /* every page after the first repeats column A */
        double width = total + (pages - 1) * first;
        if (width <= page * pages * need)
            return pages;
    }
    return 20;
}

void qtr_wb_print_setup(qtr_wb_sheet *s, const char *plan_title, int landscape, long first,
                        long last)
{
    char title[400], header[600];
    qtr_wb_header_escape(plan_title, 80, title, sizeof title);
    snprintf(header, sizeof header, "&L%s&R%s", title, s->name);
    worksheet_set_paper(s->ws, 9);  /* A4 */
    if (landscape)
        worksheet_set_landscape(s->ws);
    else
        worksheet_set_portrait(s->ws);
    double points = 0;
    lxw_col_t n = s->print_cols;
    if (n == 0)
        for (lxw_col_t c = 0; c < QTR_WB_TRACKED_COLS; c++)
            if (s->set[c] > 0)
                n = (lxw_col_t)(c + 1);
    for (lxw_col_t c = 0; c < n && c < QTR_WB_TRACKED_COLS; c++)
        points += column_points(s->set[c] > 0 ? s->set[c] : 8.43);
    int pages = qtr_wb_print_pages(points, column_points(s->set[0] > 0 ? s->set[0] : 8.43), landscape);
    worksheet_fit_to_pages(s->ws, (uint16_t)pages, 0);
    if (pages > 1)  /* each page names its rows */
        qtr_wb_check(s, worksheet_repeat_columns(s->ws, 0, 0), 0, 0);
    worksheet_set_margins(s->ws, 0.5, 0.5, 0.75, 0.75);
    qtr_wb_check(s, worksheet_set_header(s->ws, header), 0, 0);
    qtr_wb_check(s, worksheet_set_footer(s->ws, "&C第 &P 页，共 &N 页"), 0, 0);
    if (first >= 0 && last >= first)
        qtr_wb_check(s, worksheet_repeat_rows(s->ws, (lxw_row_t)first, (lxw_row_t)last), 0, 0);
}

/* ---------------------------------------------------------------- formulas */

char *qtr_wb_f_ratio(char *buf, lxw_row_t r, lxw_col_t num, lxw_col_t den)
{
    char a[16], b[16];
    cell_name(a, sizeof a, r, num, 0);
    cell_name(b, sizeof b, r, den, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=%s/%s", a, b);
    return buf;
}

char *qtr_wb_f_progress(char *buf, lxw_row_t r, lxw_col_t a, lxw_col_t t, lxw_col_t b)
{
    char ca[16], ct[16], cb[16];
    cell_name(ca, sizeof ca, r, a, 0);
    cell_name(ct, sizeof ct, r, t, 0);
    cell_name(cb, sizeof cb, r, b, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=(%s-%s)/(%s-%s)", ca, cb, ct, cb);
    return buf;
}

char *qtr_wb_f_ref(char *buf, lxw_row_t r, lxw_col_t c)
{
    char a[16];
    cell_name(a, sizeof a, r, c, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=%s", a);
    return buf;
}

char *qtr_wb_f_pace_gap(char *buf, lxw_row_t r, lxw_col_t rc, lxw_col_t pc)
{
    char a[16], b[16];
    cell_name(a, sizeof a, r, rc, 0);
    cell_name(b, sizeof b, r, pc, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=(%s-%s)*100", a, b);
    return buf;
}

char *qtr_wb_f_gap(char *buf, lxw_row_t r, lxw_col_t t, lxw_col_t a)
{
    char ct[16], ca[16];
    cell_name(ct, sizeof ct, r, t, 0);
    cell_name(ca, sizeof ca, r, a, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=MAX(0,%s-%s)", ct, ca);
    return buf;
}

char *qtr_wb_f_diff(char *buf, lxw_row_t r, lxw_col_t a, lxw_col_t b)
{
    char ca[16], cb[16];
    cell_name(ca, sizeof ca, r, a, 0);
    cell_name(cb, sizeof cb, r, b, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=%s-%s", ca, cb);
    return buf;
}

char *qtr_wb_f_shown_diff(char *buf, lxw_row_t r, lxw_col_t a, int da, lxw_col_t b, int db)
{
    char ca[16], cb[16];
    cell_name(ca, sizeof ca, r, a, 0);
    cell_name(cb, sizeof cb, r, b, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=ROUND(%s,%d)-ROUND(%s,%d)", ca, da, cb, db);
    return buf;
}

char *qtr_wb_f_rank(char *buf, lxw_row_t r, lxw_col_t c, lxw_row_t first, lxw_row_t last)
{
    char x[16], f[16], l[16];
    cell_name(x, sizeof x, r, c, 0);
    cell_name(f, sizeof f, first, c, 1);
    cell_name(l, sizeof l, last, c, 1);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=RANK(%s,%s:%s)", x, f, l);
    return buf;
}

char *qtr_wb_f_sum(char *buf, lxw_col_t c, lxw_row_t first, lxw_row_t last)
{
    char f[16], l[16];
    cell_name(f, sizeof f, first, c, 0);
    cell_name(l, sizeof l, last, c, 0);
    snprintf(buf, QTR_WB_FORMULA_SIZE, "=SUM(%s:%s)", f, l);
    return buf;
}

int qtr_wb_reproduces(double computed, double cached)
{
    if (!isfinite(computed) || !isfinite(cached))
        return 0;
    return fabs(computed - cached) <= 1e-9 * fmax(1.0, fabs(cached));
}
