/* chart_data.h — what the charts stage draws, read from the pipeline's CSV files.
 *
 * The compare stage's progress.csv (city and unit rows) and quarterly.csv (the cumulative
 * series), the ingest stage's rejects.csv and facts.csv, and the plan give one chart_data:
 * indicators in plan order, each with its city row, its unit rows (roster order) and its city
 * trend. The drawing modules only read it. Numbers absent from a CSV are NAN.
 */
#ifndef QTR_CHART_DATA_H
#define QTR_CHART_DATA_H

#include <stddef.h>

#include "period.h"
#include "plan.h"
#include "status.h"

/* The status column of progress.csv (docs/formulas.md, Status). */
typedef enum {
    CHART_STATUS_NONE = 0,     /* empty: no target, not assessed */
    CHART_STATUS_ACHIEVED,     /* achieved     已完成 */
    CHART_STATUS_ON_TRACK,     /* on_track     正常 */
    CHART_STATUS_LAGGING,      /* lagging      滞后 */
    CHART_STATUS_CRITICAL,     /* critical     严重滞后 */
    CHART_STATUS_MISSED,       /* missed       未完成 */
    CHART_STATUS_ABOVE_RANGE   /* above_range  超出区间 */
} chart_status;

#define CHART_STATUS_COUNT 7

/* Parses an English status code ("" is CHART_STATUS_NONE). Returns 0, or -1 when unknown. */
int chart_status_parse(const char *code, chart_status *out);

/* One row of progress.csv. */
typedef struct {
    int present;            /* 1 when progress.csv has this row */
    double target;          /* NAN when empty (unit rows without a per-unit target) */
    double actual;          /* A */
    double completion;      /* C = A / T, a fraction */
    double time_progress;   /* P, a fraction */
    double progress;        /* R, a fraction */
    double pace_gap_pp;     /* (R - P) * 100 */
    double expected;        /* E: what the pace asks for by now */
    double gap_to_target;   /* max(0, T - A) */
    double forecast;        /* linear year-end forecast */
    double required;        /* required per remaining quarter (flows) */
    chart_status status;
    char *missing;          /* missing_quarters as written ("Q2;Q3"), "" when none; owned */
} chart_row;

/* Sets every number of a row to NAN, status NONE, missing NULL, present 0. */
void chart_row_init(chart_row *row);

/* One quarter of the city trend (quarterly.csv). */
typedef struct {
    qtr_period period;
    double amount;          /* the quarter's own amount (flows) or level (stocks); NAN when none */
    double actual;          /* cumulative actual (flows) or level (stocks) */
    double expected;        /* pace value; NAN when no target */
} chart_point;

typedef struct {
    char *id;               /* [a-z0-9_]+, used in image names */
    char *name;             /* Chinese name */
    char *unit;             /* measure unit (亿元, 个, %) */
    qtr_kind kind;
    qtr_cmp cmp;
    double target_hi;       /* upper end of a range target; NAN otherwise */
    double baseline;        /* stock baseline B behind progress = (A-B)/(T-B); NAN when progress
                               is plain completion */
    int key;                /* shown on the ranking pages */
    chart_row city;         /* the total row */
    chart_row *units;       /* nunits rows, roster order */
    chart_point *trend;     /* city trend, ascending periods */
    size_t ntrend;
} chart_indicator;

typedef struct {
    char *plan_id;
    char *plan_name;
    char *region;
    char *total_name;       /* unit name of the city rows (全市) */
    double warn;            /* lagging threshold (fraction) */
    int start_year, end_year; /* the plan's horizon (equal for an annual plan) */
    qtr_period period;      /* the reported quarter */
    char **units;           /* roster names */
    size_t nunits;
    chart_indicator *inds;  /* plan order */
    size_t ninds;
    size_t reject_errors;   /* rejects.csv rows with severity error (files of later quarters
                               left out) */
    size_t reject_warnings; /* ... with severity warning */
    size_t units_reporting; /* roster units that reported something for the period (a unit row
                               whose missing_quarters does not name it) */
} chart_data;

/* The input files of the stage. */
typedef struct {
    const char *progress;
    const char *quarterly;
    const char *rejects;
    const char *facts;
} chart_paths;

/* Reads the four CSVs against the plan. Errors: QTR_ERR_OPEN (a file cannot be read),
 * QTR_ERR_PARSE (a malformed file, a unit or indicator the plan does not know, a bad number),
 * QTR_ERR_NOMEM; err names file and line. On success *out is owned by the caller. */
qtr_status chart_data_load(const qtr_plan *plan, const chart_paths *paths, chart_data **out,
                           qtr_error *err);

/* An empty chart_data with ninds indicators and nunits units, every row initialised (for
 * tests and tools that build the data themselves). Strings are NULL. NULL on allocation
 * failure. */
chart_data *chart_data_new(size_t ninds, size_t nunits);

/* Frees the data and every string in it; NULL is allowed. */
void chart_data_free(chart_data *d);

/* Indices of the indicators with key = yes (all of them when none is key) into idx (room for
 * d->ninds); returns how many. */
size_t chart_data_key_indicators(const chart_data *d, size_t *idx);

/* Whether an indicator's unit is money (元, 万元, 亿元) or a percentage (%). */
int chart_unit_is_money(const char *unit);
int chart_unit_is_percent(const char *unit);

#endif
