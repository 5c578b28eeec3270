/* wbtrace.h — the analyst's trace: formulas over 数据 (the Facts table) that compute the
 * report's actuals from the facts, so that a click on an actual shows where it comes from.
 *
 * A formula is SUMIFS over 数据's columns (报告期, 单位, 指标, 数值: the names facts_period,
 * facts_unit, facts_indicator, facts_value), as docs/formulas.md
 * reads the facts: a flow sums its quarters (a quarter not reported adds nothing), a stock takes
 * the unit's level of the quarter, or of the latest earlier quarter it reported (the formula
 * names that quarter), a ratio divides its two series, a unit's coverage is IF(series>=minimum,
 * 1,0) and the region's the sum of those over the roster divided by its size. The trace also
 * evaluates each formula over the rows 数据 holds, as Excel would (criteria match text without
 * ASCII case); a sheet writes the formula only when that gives the report's figure, else the
 * figure as a value. A unit's name enters a formula only as a reference to the cell that shows
 * it, and only when Excel would read it as a plain text criterion (no * ? ~, no leading < > =).
 */
#ifndef QTR_WBTRACE_H
#define QTR_WBTRACE_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "period.h"
#include "status.h"
#include "wbinput.h"

/* The columns of 数据 the formulas read (sheet_data.c checks its layout against them). */
enum { QTR_WB_DATA_PERIOD = 0, QTR_WB_DATA_UNIT = 1, QTR_WB_DATA_IND = 2, QTR_WB_DATA_VALUE = 4 };

/* The first row (0-based) of 分单位's units; unit u's name is in column A of row + u. */
#define QTR_WB_UNITS_FIRST_ROW 5

#define QTR_WB_TRACE_SIZE 8000   /* a formula's buffer; Excel allows 8,192 characters */

/* The formulas name 数据's columns: facts_period, facts_unit, facts_indicator, facts_value,
 * defined (qtr_wb_trace_names) as '数据'!$A$2:$A$n and so on, n the last row 数据 holds. */
const char *qtr_wb_trace_column_name(int col);

struct qtr_wb_trace_key;

typedef struct {
    const qtr_workbook_input *in;
    size_t rows;                      /* rows of 数据 below its header */
    struct qtr_wb_trace_key *keys;    /* one per row with a known series, sorted */
    size_t nkeys;
    unsigned char *plain;             /* per roster unit: its name is a plain criterion */
    char range[QTR_WB_DATA_VALUE + 1][64];  /* '数据'!$A$2:$A$n, ... by column (the names' ranges) */
    qtr_period first, last;           /* the periods of the keys */
    double *total;                    /* [series][period - first]: every unit's sum */
    size_t *reported;                 /* the same: how many values */
    size_t *pair_start;               /* [unit * nseries + series]: its first key (units up to
                                         nunits, which stands for every name not on the roster),
                                         and the end after the last pair */
} qtr_wb_trace;

/* Indexes the first `rows` facts (those 数据 shows). QTR_ERR_NOMEM. */
qtr_status qtr_wb_trace_init(qtr_wb_trace *t, const qtr_workbook_input *in, size_t rows);
void qtr_wb_trace_free(qtr_wb_trace *t);

/* Defines the names of 数据's columns in wb when there are rows (else no formula uses them).
 * Returns the library's error or LXW_NO_ERROR. */
lxw_error qtr_wb_trace_names(const qtr_wb_trace *t, lxw_workbook *wb);

/* The formula (with '=') for the actual of indicator i for unit (-1: the region) at period p,
 * into buf (QTR_WB_TRACE_SIZE bytes), and in *value what it evaluates to over 数据's rows.
 * units: how a formula refers to 分单位 ("" on that sheet, "'分单位'!" elsewhere). Returns 1, or
 * 0 when no formula expresses it (no rows, a unit name that is not a plain criterion, too
 * long: a region's coverage over a large roster). */
int qtr_wb_trace_actual(const qtr_wb_trace *t, size_t i, int unit, qtr_period p, const char *units,
                        char *buf, double *value);

/* The same for the region's amount of quarter p (a flow's own quarter; a stock's level and a
 * ratio's value: its actual at p). */
int qtr_wb_trace_amount(const qtr_wb_trace *t, size_t i, qtr_period p, const char *units,
                        char *buf, double *value);

#endif
