/* wbstyle.h — the look of the analyst workbook: cell formats, status labels and colours,
 * number formats chosen from an indicator's unit, and column widths measured from the text
 * written (a CJK character is about 2.1 width units, ASCII about 1.1; libxlsxwriter has no
 * autofit). The pure functions here are unit-tested without a workbook.
 */
#ifndef QTR_WBSTYLE_H
#define QTR_WBSTYLE_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

/* ---------------------------------------------------------------- statuses
 * (docs/formulas.md, Status) */

typedef enum {
    QTR_WB_ST_ACHIEVED,     /* achieved 已完成 */
    QTR_WB_ST_ON_TRACK,     /* on_track 正常 */
    QTR_WB_ST_LAGGING,      /* lagging 滞后 */
    QTR_WB_ST_CRITICAL,     /* critical 严重滞后 */
    QTR_WB_ST_MISSED,       /* missed 未完成 */
    QTR_WB_ST_ABOVE_RANGE,  /* above_range 超出区间 */
    QTR_WB_ST_NONE,         /* empty: no target */
    QTR_WB_ST_UNKNOWN,      /* a code this version does not know (shown as written) */
    QTR_WB_ST_COUNT
} qtr_wb_status;

qtr_wb_status qtr_wb_status_parse(const char *code);
/* Chinese label ("已完成"...); "" for NONE and UNKNOWN. Static. */
const char *qtr_wb_status_label(qtr_wb_status s);
/* Fill and font colours (0xRRGGBB) of a status cell. */
uint32_t qtr_wb_status_fill(qtr_wb_status s);
uint32_t qtr_wb_status_font(qtr_wb_status s);

/* ---------------------------------------------------------------- numbers */

typedef enum {
    QTR_WB_NUM_COUNT,       /* #,##0 (个, 项, 家, 名, 场, 件...) */
    QTR_WB_NUM_MONEY,       /* #,##0.00 (元, 万元, 亿元) */
    QTR_WB_NUM_DECIMAL,     /* #,##0.00 (ratios, units this version cannot classify) */
    QTR_WB_NUM_PERCENT,     /* 0.0% (coverage: unit "%", values are fractions) */
    QTR_WB_NUM_COUNT_KINDS
} qtr_wb_numkind;

/* The number kind of an indicator's figures from its measure unit and kind (progress.csv). */
qtr_wb_numkind qtr_wb_numkind_for(const char *measure_unit, const char *kind);
/* The Excel number format of a kind. Static. */
const char *qtr_wb_numkind_format(qtr_wb_numkind k);

/* ---------------------------------------------------------------- widths */

/* Display width of UTF-8 text in Excel column units: wide (CJK, full-width) code points count
 * 2.1, others 1.1. The widest line counts when the text has newlines. */
double qtr_wb_text_width(const char *s);
/* Width of a number shown with the format of kind k (grouping, decimals, % sign). */
double qtr_wb_number_width(double v, qtr_wb_numkind k);
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
    lxw_format *header;       /* table header: bold, grey fill, border, wrapped, centred */
    lxw_format *section;      /* section heading on 说明 */
    lxw_format *date;         /* yyyy"年"m"月"d"日" */
    lxw_format *rate;         /* 0.0% */
    lxw_format *pp;           /* 0.0 (percentage points) */
    lxw_format *integer;      /* 0 (line numbers, ranks) */
    lxw_format *count;        /* #,##0 (bytes, row counts) */
    lxw_format *num[QTR_WB_NUM_COUNT_KINDS];      /* figures by kind */
    lxw_format *num_miss[QTR_WB_NUM_COUNT_KINDS]; /* the same with a "*": a quarter was not reported */
    lxw_format *miss;         /* a missing-report text cell */
    lxw_format *status[QTR_WB_ST_COUNT];
    lxw_format *sev_error;    /* 错误 */
    lxw_format *sev_warning;  /* 警告 */
    lxw_format *alert;        /* a notice not to be missed (the facts 数据 leaves out): wraps */
} qtr_wb_styles;

/* Creates every format in wb. Returns LXW_NO_ERROR or LXW_ERROR_MEMORY_MALLOC_FAILED. */
lxw_error qtr_wb_styles_init(qtr_wb_styles *st, lxw_workbook *wb);

#endif
