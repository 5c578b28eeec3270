/* wbfacts.h — the facts the sheet 数据 lists, read from facts.csv in one streamed pass with
 * memory bounded by the budget (not by the file). When facts.csv has at most `budget` rows,
 * every row is kept; beyond that only the facts behind the report's figures are: the quarters
 * of the plan's horizon up to the period and the baseline quarter (for an annual plan, the
 * reported year's quarters). Kept rows are compact (texts are stored once, by id) and never
 * more than fit on a sheet. Every row of the file is checked (period, value, line). The kept
 * rows are sorted by period, then by unit (roster order), then in file order.
 */
#ifndef QTR_WBFACTS_H
#define QTR_WBFACTS_H

#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "plan.h"
#include "status.h"
#include "wbintern.h"

/* facts.csv rows that 数据 lists in full. A row of 数据 costs about 10 µs to write (1.05 M rows:
 * 11 s), so this keeps "every fact" near 1 s; beyond it the report's quarters are what the
 * sheet holds (N = 3,000 units: 108,000 rows, whatever the history). */
#define QTR_WB_FACTS_BUDGET 100000
#define QTR_WB_SHEET_ROWS 1048576    /* Excel's rows per sheet, header included */

/* One row of facts.csv. */
typedef struct {
    uint32_t period, unit, indicator, source;  /* ids into qtr_wb_facts.texts */
    double value;                               /* NAN when not reported */
    double line;                                /* line in the source file */
} qtr_wb_fact;

typedef struct {
    qtr_wb_intern texts;       /* the distinct texts of the kept rows */
    qtr_wb_fact *rows;         /* kept rows by period, then unit in roster order, then file order */
    size_t n, cap;
    size_t total;              /* data rows of facts.csv */
    size_t in_scope;           /* of them, rows of the report's quarters */
    size_t listed;             /* rows meant for 数据: total, or in_scope when scoped */
    size_t budget;             /* the budget in force */
    int scoped;                /* 1: total > budget, rows holds the report's quarters only */
    qtr_period first, last;    /* the report's quarters: the horizon's first quarter..the period */
    qtr_period base;           /* and the baseline quarter */
} qtr_wb_facts;

/* Reads path for a report of `period` under plan. budget 0 means QTR_WB_FACTS_BUDGET. Keeps at
 * most QTR_WB_SHEET_ROWS - 1 rows (listed may be more). On error the set is freed: QTR_ERR_OPEN;
 * QTR_ERR_PARSE naming file, line and column (a missing column, a period that is not a quarter,
 * a value or line that is not a number, malformed CSV); QTR_ERR_NOMEM. */
qtr_status qtr_wb_facts_load(qtr_wb_facts *f, const char *path, const qtr_plan *plan,
                             qtr_period period, size_t budget, qtr_error *err);

/* 1 when p is one of the report's quarters. */
int qtr_wb_facts_in_scope(const qtr_wb_facts *f, qtr_period p);

/* Frees the rows and texts (f is zeroed). */
void qtr_wb_facts_free(qtr_wb_facts *f);

#endif
