/* wbstyle.h — the look of the analyst workbook: cell formats (status cells in the colours of
 * words.h's status look), number formats that show what the report's sentences say, and
 * column widths measured from the text written (a CJK character is about 2.1 width units,
 * ASCII about 1.1; libxlsxwriter has no autofit). The pure functions here are unit-tested
 * without a workbook.
 */
#ifndef QTR_WBSTYLE_H
#define QTR_WBSTYLE_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "progress.h"
#include "words.h"

/* ---------------------------------------------------------------- numbers */

/* How a figure is shown. A cell shows what the report's sentences say for it (words.h): the
 * format of a value follows qtr_words_value_decimals, so 262.5 个 reads 263 and 37.5 家 reads
 * 37.5 in the workbook as in the PDF and on the terminal. */
typedef enum {
    QTR_WB_NUM_D0,          /* #,##0 */
    QTR_WB_NUM_D1,          /* #,##0.0 */
    QTR_WB_NUM_D2,          /* #,##0.00 (money) */
    QTR_WB_NUM_PERCENT,     /* 0.0% (completion, time progress, a percentage unit) */
    QTR_WB_NUM_KINDS
} qtr_wb_numfmt;

/* The format that shows figure v of an indicator as qtr_words_figure writes it. */
qtr_wb_numfmt qtr_wb_numfmt_of(const qtr_indicator *ind, qtr_figure fig, double v);
/* The format with d decimals (0..2; more is 2). */
qtr_wb_numfmt qtr_wb_numfmt_decimals(int d);
/* The decimals of a format (of the percentage for QTR_WB_NUM_PERCENT). */
int qtr_wb_numfmt_digits(qtr_wb_numfmt f);
/* A reported value as 数据 shows it: money with 2 decimals, a percentage unit as a percentage,
 * other units with the decimals the value has (up to 2): a count is whole, 2,500.37 万人 is not. */
qtr_wb_numfmt qtr_wb_numfmt_data(double v, const char *unit);
/* The Excel number format of f. Static. */
const char *qtr_wb_numfmt_format(qtr_wb_numfmt f);
/* The number format of a chart axis for an indicator's unit: "#,##0.00" for money, "0%" for a
 * percentage unit, "#,##0" otherwise. Static. */
const char *qtr_wb_axis_format(const char *unit);

/* ---------------------------------------------------------------- widths */

/* Display width of UTF-8 text in Excel column units: wide (CJK, full-width) code points count
 * 2.1, others 1.1. The widest line counts when the text has newlines. */
double qtr_wb_text_width(const char *s);
/* Width of a number shown with format f (grouping, decimals, % sign). */
double qtr_wb_number_width(double v, qtr_wb_numfmt f);
/* 1 when a code point is displayed double-width (CJK ideographs, kana, Hangul, full-width forms,
 * CJK punctuation). */
int qtr_wb_is_wide(unsigned cp);

/* ---------------------------------------------------------------- the format set */

typedef struct {
    lxw_format *title;        /* sheet title: bold, 16 pt */
    lxw_format *label;        /* bold label of the title block (wraps) */
    lxw_format *text;         /* plain text */
    lxw_format *wrap;         /* text that wraps */
    lxw_format *note;         /* grey italic explanation */
    lxw_format *note_wrap;    /* the same, wrapped (over a merged range) */
    lxw_format *header;       /* table header: bold, grey fill, border, wrapped, centred */
    lxw_format *section;      /* section heading on 说明 */
    lxw_format *date;         /* yyyy"年"m"月"d"日" */
    lxw_format *rate;         /* 0.0% */
    lxw_format *pp;           /* #,##0.0 (percentage points, as the sentences write them) */
    lxw_format *integer;      /* 0 (line numbers, ranks) */
    lxw_format *count;        /* #,##0 (bytes, row counts) */
    lxw_format *num[QTR_WB_NUM_KINDS];      /* figures by format */
    lxw_format *num_miss[QTR_WB_NUM_KINDS]; /* the same with a "*": a quarter was not reported */
    lxw_format *miss;         /* a missing-report text cell */
    lxw_format *miss_wrap;    /* the same, wrapped */
    lxw_format *status[QTR_STATUS_COUNT];  /* the status look's cell colours (words.h) */
    lxw_format *rate_status[QTR_STATUS_COUNT];  /* a unit's completion in its card's colours, with the status and card */
    lxw_format *sev_error;    /* 错误 */
    lxw_format *sev_warning;  /* 警告 */
    lxw_format *alert;        /* a notice not to be missed (the facts 数据 leaves out): wraps */
} qtr_wb_styles;

/* Creates every format in wb. Returns LXW_NO_ERROR or LXW_ERROR_MEMORY_MALLOC_FAILED. */
lxw_error qtr_wb_styles_init(qtr_wb_styles *st, lxw_workbook *wb);

#endif
