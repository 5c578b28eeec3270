/* wbinput.h — what the workbook stage reads: compare's report of the quarter (report_io.h:
 * progress.csv, quarterly.csv and the summary compare.txt) and ingest's files (facts, rejects,
 * inputs). The workbook renders the report as compare wrote it — rows, ranks, trend, headline,
 * missing reports, input counts — and works out none of it again. facts.csv is streamed, so
 * memory follows the roster and the budget of 数据, not the length of the history. Nothing in
 * this module knows about libxlsxwriter.
 */
#ifndef QTR_WBINPUT_H
#define QTR_WBINPUT_H

#include <stddef.h>
#include <time.h>

#include "period.h"
#include "plan.h"
#include "report.h"
#include "status.h"
#include "table.h"
#include "wbfacts.h"

/* The paths of the stage's input files (borrowed). */
typedef struct {
    const char *progress;    /* compare: progress.csv */
    const char *quarterly;   /* compare: quarterly.csv */
    const char *summary;     /* compare: compare.txt */
    const char *facts;       /* ingest: facts.csv */
    const char *rejects;     /* ingest: rejects.csv */
    const char *inputs;      /* ingest: inputs.csv */
    const char *tasks;       /* compare: tasks.csv (the task ledger's quarter; read when the plan
                              * has a ledger, NULL: no 任务台账 sheet) */
} qtr_wb_paths;

typedef struct {
    const qtr_plan *plan;      /* borrowed */
    qtr_wb_paths paths;        /* borrowed */
    qtr_report *report;        /* the report read back (owned): rows, trend, summary */
    qtr_period period;         /* the reported quarter (= report->period) */
    size_t nind, nunits;       /* = report->nind, report->nunits */
    time_t created;            /* document date (pinned by --date); set by the caller */
    size_t max_rows;           /* rows per sheet; 0 = Excel's limit (tests set it small) */
    size_t big_rows;           /* rows of 数据 from which the workbook is written in constant-
                                * memory mode; 0 = QTR_WB_BIG_ROWS (tests set it small) */

    qtr_table *rejects, *inputs;  /* owned */
    qtr_wb_facts facts;        /* the rows of 数据 (wbfacts.h), owned */
    qtr_period *missing;       /* every row's missing quarters, parsed (owned) */
    size_t *missing_start;     /* row k's are missing[missing_start[k] .. missing_start[k + 1]),
                                * k = (unit + 1) * nind + indicator as in the report */
} qtr_workbook_input;

/* Loads and checks the files for plan. facts_budget: facts.csv rows that 数据 lists in full
 * (more: only the report's quarters, wbfacts.h); 0 = QTR_WB_FACTS_BUDGET. QTR_ERR_OPEN when a
 * file cannot be read, QTR_ERR_PARSE (with file and line) when one is malformed or does not
 * belong to the plan, QTR_ERR_NOMEM. On success *out is owned by the caller
 * (qtr_workbook_input_free); created, max_rows and big_rows are 0. */
qtr_status qtr_workbook_input_load(const qtr_plan *plan, const qtr_wb_paths *paths,
                                   size_t facts_budget, qtr_workbook_input **out, qtr_error *err);

/* The same in two steps: ingest's files (facts, rejects, inputs) for a report of `period`,
 * then compare's report, which must be of that period (QTR_ERR_PARSE otherwise). Between the
 * two, in->report is NULL and nind, nunits are 0. */
qtr_status qtr_workbook_input_load_ingest(const qtr_plan *plan, const qtr_wb_paths *paths,
                                          qtr_period period, size_t facts_budget,
                                          qtr_workbook_input **out, qtr_error *err);
qtr_status qtr_workbook_input_load_report(qtr_workbook_input *in, qtr_error *err);

/* Frees the model and its tables; NULL is allowed. */
void qtr_workbook_input_free(qtr_workbook_input *in);

/* The row of unit (-1: the region) for indicator i, and the indicator. */
const qtr_progress_row *qtr_wb_row(const qtr_workbook_input *in, int unit, size_t i);
const qtr_indicator *qtr_wb_indicator(const qtr_workbook_input *in, size_t i);

/* The roster name of unit u. */
const char *qtr_wb_unit_name(const qtr_workbook_input *in, size_t u);

/* 1 when the row's progress is measured from its baseline: (A - B) / (T - B), T > B. */
int qtr_wb_with_baseline(const qtr_progress_row *row);

/* Parses a number field: "" -> NAN (returns 0); a finite number -> 0; anything else -> -1. */
int qtr_wb_parse_number(const char *s, double *out);

/* Parses missing_quarters as the compare stage writes it: ';'-separated "Qn" (quarter n of
 * `year`, the reported year) or "YYYYQn" (a quarter of an earlier year, multi-year plans):
 * "2018Q2;Q3" in 2019Q3 is 2018Q2 and 2019Q3; "" is none. Stores up to max periods in out (may
 * be NULL when max is 0) and the count in *n. Returns 0, or -1 when malformed. */
int qtr_wb_parse_missing(const char *s, int year, qtr_period *out, size_t max, size_t *n);

/* 1 when the row of unit for indicator i lists period p as missing. */
int qtr_wb_row_missing(const qtr_workbook_input *in, int unit, size_t i, qtr_period p);

/* The distinct periods some unit row lists as missing (unit -1: any unit, else that unit),
 * ascending, at most max of them into out. Returns the count stored. */
size_t qtr_wb_missing_periods(const qtr_workbook_input *in, long unit, qtr_period *out, size_t max);

#endif
