/* wbinput.h — what the workbook stage reads: the pipeline's CSV files (progress, facts,
 * rejects, quarterly, inputs) turned into a typed model that the sheet writers walk. The
 * small files are kept whole (wbcsv.h tables); facts.csv and quarterly.csv are streamed, so
 * memory follows the roster and the budget of 数据, not the length of the history. Numbers are
 * parsed once here (strtod with an end check); an empty field is NAN. Nothing in this module
 * knows about libxlsxwriter.
 */
#ifndef QTR_WBINPUT_H
#define QTR_WBINPUT_H

#include <stddef.h>
#include <time.h>

#include "period.h"
#include "plan.h"
#include "status.h"
#include "wbcsv.h"
#include "wbfacts.h"
#include "wbintern.h"

/* The paths of the stage's input files (borrowed). */
typedef struct {
    const char *progress;
    const char *facts;
    const char *rejects;
    const char *quarterly;
    const char *inputs;
} qtr_wb_paths;

/* The figures of one progress.csv row (docs/formats.md, progress.csv); NAN when empty. */
typedef struct {
    double target, actual, completion, time_progress, progress, pace_gap_pp, expected,
        gap_to_target, forecast, required_per_quarter;
} qtr_wb_figures;

/* One progress.csv row. Strings are borrowed from the progress table. */
typedef struct {
    const char *unit;
    const char *indicator;     /* indicator id */
    const char *name;          /* Chinese name */
    const char *measure_unit;  /* e.g. 亿元 */
    const char *kind;          /* flow, stock, period_flow, ratio, coverage */
    const char *comparator;    /* >=, > or lo..hi */
    const char *status;        /* English code, "" when none */
    const char *missing;       /* missing_quarters as written, e.g. "Q2;Q3" or "2018Q4;Q1" */
    const qtr_period *missing_q;  /* the same parsed (into the model's pool), nmissing of them */
    size_t nmissing;
    qtr_wb_figures f;
    long plan_ind;             /* index in plan->indicators, -1 when the plan lacks the id */
    long line;                 /* physical line in progress.csv */
} qtr_wb_row;

/* One city row of quarterly.csv. */
typedef struct {
    size_t ind;                /* index into the city rows (indicator order) */
    qtr_period period;
    double amount, actual, expected, time_progress;  /* NAN when empty */
} qtr_wb_quarter;

typedef struct {
    const qtr_plan *plan;      /* borrowed */
    qtr_wb_paths paths;        /* borrowed */
    qtr_period period;         /* the reported quarter (progress.csv `period`) */
    time_t created;            /* document date (pinned by --date); set by the caller */
    size_t max_rows;           /* rows per sheet; 0 = Excel's limit (tests set it small) */
    size_t big_rows;           /* rows of 数据 from which the workbook is written in constant-
                                * memory mode; 0 = QTR_WB_BIG_ROWS (tests set it small) */

    qtr_wb_table *progress_t, *rejects, *inputs;  /* owned */
    qtr_wb_facts facts;        /* the rows of 数据 (wbfacts.h), owned */
    qtr_wb_row *rows;          /* every progress row, owned */
    size_t nrows;
    qtr_wb_row **city;         /* city rows in file order: one per indicator */
    size_t nind;
    qtr_wb_intern unit_names;  /* unit names in order of first appearance (city excluded) */
    char *const *units;        /* = unit_names.text */
    size_t nunits;
    qtr_wb_row **grid;         /* grid[u * nind + i]: unit u, indicator i; NULL when absent */
    qtr_period *missing_pool;  /* storage of every row's missing_q */
    qtr_wb_quarter *quarters;  /* city rows of quarterly.csv, file order */
    size_t nquarters;
    size_t nerrors, nwarnings; /* rejects.csv rows by severity */
} qtr_workbook_input;

/* Loads and checks the five files for plan. facts_budget: facts.csv rows that 数据 lists in
 * full (more: only the report's quarters, wbfacts.h); 0 = QTR_WB_FACTS_BUDGET. QTR_ERR_OPEN
 * when a file cannot be read, QTR_ERR_PARSE (with file and line) when one is malformed,
 * QTR_ERR_NOMEM. On success *out is owned by the caller (qtr_workbook_input_free); created,
 * max_rows and big_rows are 0. */
qtr_status qtr_workbook_input_load(const qtr_plan *plan, const qtr_wb_paths *paths,
                                   size_t facts_budget, qtr_workbook_input **out, qtr_error *err);

/* Frees the model and its tables; NULL is allowed. */
void qtr_workbook_input_free(qtr_workbook_input *in);

/* Parses a number field: "" -> NAN (returns 0); a finite number -> 0; anything else -> -1. */
int qtr_wb_parse_number(const char *s, double *out);

/* Parses missing_quarters as the compare stage writes it: ';'-separated "Qn" (quarter n of
 * `year`, the reported year) or "YYYYQn" (a quarter of an earlier year, multi-year plans):
 * "2018Q2;Q3" in 2019Q3 is 2018Q2 and 2019Q3; "" is none. Stores up to max periods in out (may
 * be NULL when max is 0) and the count in *n. Returns 0, or -1 when malformed. */
int qtr_wb_parse_missing(const char *s, int year, qtr_period *out, size_t max, size_t *n);

/* 1 when row lists period p as missing. */
int qtr_wb_row_missing(const qtr_wb_row *row, qtr_period p);

/* The distinct periods some unit row lists as missing (unit -1: any unit, else that unit),
 * ascending, at most max of them into out. Returns the count stored. */
size_t qtr_wb_missing_periods(const qtr_workbook_input *in, long unit, qtr_period *out, size_t max);

/* Parses an ISO 8601 UTC time "YYYY-MM-DDTHH:MM:SSZ" (exactly that form, a real date, years
 * 1980..2999: zip files cannot hold earlier times). Returns 0, or -1 when malformed. */
int qtr_wb_parse_date(const char *s, time_t *out);

/* The last day of quarter p at 00:00:00 UTC (the default document date). */
time_t qtr_wb_quarter_end(qtr_period p);

/* The row of the city for indicator i, and the unit row (NULL when absent). */
const qtr_wb_row *qtr_wb_unit_row(const qtr_workbook_input *in, size_t unit, size_t ind);

/* The baseline B behind a row whose progress R differs from its completion (stocks with a
 * baseline, milestones, ratios, relative targets): the configured baseline when it reproduces
 * R = (A - B) / (T - B), else B derived as (A - R*T) / (1 - R) (or from expected and time
 * progress when R = 1). Returns 1 and sets *b when T > B and B reproduces R; 0 otherwise (then
 * progress is completion, or is shown as a plain value). */
int qtr_wb_baseline(const qtr_workbook_input *in, const qtr_wb_row *row, double *b);

#endif
