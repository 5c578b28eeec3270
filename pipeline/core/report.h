/* report.h — the report of one quarter: the one model every output renders.
 *
 * compare computes it once from the facts (qtr_report_compute): every row of progress.csv
 * with its ranks, the region's trend behind the charts, and the summary (status counts, the
 * headline, the units whose reports are missing, the input's counts). report_io.h writes it
 * as progress.csv, quarterly.csv and compare.txt and reads it back, so the workbook and the
 * charts render what compare knows instead of working it out again (docs/formats.md).
 */
#ifndef QTR_REPORT_H
#define QTR_REPORT_H

#include <stddef.h>

#include "ledger.h"
#include "period.h"
#include "plan.h"
#include "progress.h"

/* One quarter of an indicator's trend (quarterly.csv). */
typedef struct {
    qtr_period period;
    double amount;           /* the quarter's own amount (flows) or level (stocks); NAN when no
                              * unit reported anything that quarter */
    double actual;           /* cumulative actual (flows) or level (stocks) at that quarter */
    double expected;         /* what the pace asks for by then; NAN when no target */
    double time_progress;
} qtr_trend_point;

/* What ingest counted (its ingest.txt), carried into the report's summary. */
typedef struct {
    int known;               /* 0 when compare was not given ingest's summary */
    long files, rows_read, facts;
    long errors, warnings;   /* rejects.csv rows by severity */
    long errors_in_scope;    /* errors in files of the report's year up to the quarter, or of
                              * its baseline quarter (they make the exit code 1) */
    long unitless;           /* rejects.csv rows naming no unit (a file's or a header's
                              * problem: in no unit's 整改清单); 0 when ingest.txt lacks it */
} qtr_input_counts;

/* The summary: computed by qtr_report_compute, written to and read from compare.txt. The
 * sentences are the ones every output shows (words.h). */
typedef struct {
    size_t count[QTR_STATUS_COUNT];  /* city rows by status */
    size_t units_missing;    /* roster units with a missing quarter in some row */
    size_t missing_rows;     /* unit rows with a missing quarter */
    size_t units_reporting;  /* roster units with some value of the reported quarter itself */
    qtr_input_counts input;
    int exit_code;           /* run.sh's exit code for a published report: 1 when input of the
                              * report's scope was rejected or some unit's report is missing,
                              * else 0 (docs/cli.md) */
    char *headline;          /* 9项指标：已完成2项，正常4项，… */
    char *missing_units;     /* 城关区、安宁区 ("" when none) */
    char *missing_text;      /* 城关区 Q2（1项）、红古区 Q3（9项） ("" when none) */
    char *input_text;        /* 6个文件，47行，421个数值；拒收2处，警告1条 ("" when unknown) */
    int has_tasks;           /* the report covers the plan's task ledger (ledger.h) */
    size_t ntasks;           /* its tasks */
    size_t tasks[QTR_TASK_CLASS_COUNT];  /* its tasks per class: they add up to ntasks */
    char *tasks_text;        /* 22项重点任务：已完成3项，… (words.h); NULL without a ledger */
} qtr_report_summary;

typedef struct {
    const qtr_plan *plan;    /* borrowed */
    qtr_period period;       /* the reported quarter */
    size_t nind, nunits;     /* = plan->nindicators, plan->nunits */
    qtr_progress_row *rows;  /* (nunits + 1) * nind: the region's rows first, then each unit's,
                              * in roster order; indicators in plan order */
    qtr_trend_point *trend;  /* the region's trend of every indicator, one after the other */
    size_t *trend_start;     /* nind + 1 offsets into trend: indicator i has
                              * trend[trend_start[i] .. trend_start[i + 1]) */
    qtr_report_summary sum;
    qtr_task_report *tasks;  /* the task ledger's quarter (tasks.csv), owned; NULL when the plan
                              * has no ledger or the report was made or read without it */
} qtr_report;

/* Computes the report of period from the values (plan and window of v). input (may be NULL)
 * is what ingest counted. NULL on allocation failure. */
qtr_report *qtr_report_compute(const qtr_values *v, qtr_period period, const qtr_input_counts *input);

/* An empty report for plan (rows zeroed with every figure NAN, no trend, empty sentences):
 * what the reader fills. NULL on allocation failure. */
qtr_report *qtr_report_new(const qtr_plan *plan, qtr_period period);

/* Frees the report; NULL is allowed. */
void qtr_report_free(qtr_report *r);

/* The row of unit (-1: the region) for indicator i. */
qtr_progress_row *qtr_report_row(const qtr_report *r, int unit, size_t i);

/* The name in the `unit` column of a row: the region's total name or the roster name. */
const char *qtr_report_unit_name(const qtr_report *r, int unit);

/* Fills the summary (counts and sentences) from the rows; the input counts must be set
 * before. Used by qtr_report_compute; tests build reports by hand with it. */
qtr_status qtr_report_summarize(qtr_report *r);

/* Attaches the task ledger's judgement of the quarter (owned by r from now on) and fills the
 * summary's task counts and sentence. QTR_ERR_NOMEM (tasks is then freed). */
qtr_status qtr_report_set_tasks(qtr_report *r, qtr_task_report *tasks);

/* Indicator indices with key = yes (all when none is key) into idx (room for nind); returns
 * how many. */
size_t qtr_report_key_indicators(const qtr_report *r, size_t *idx);

#endif
