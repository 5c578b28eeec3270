/* progress.h — stage 2's arithmetic: actuals, completion, pace and status of every
 * (unit, indicator) for one quarter (docs/formulas.md). Pure: structs in, structs out; no I/O.
 */
#ifndef QTR_PROGRESS_H
#define QTR_PROGRESS_H

#include <stddef.h>

#include "num.h"
#include "period.h"
#include "plan.h"
#include "status.h"

/* The status of a row (docs/formulas.md, statuses). Only ever appended to: the code, label,
 * colour, mark and card of each live in one table (words.c, qtr_status_look). */
typedef enum {
    QTR_STATUS_NONE = 0,     /* no target in force for this row: 未评估 */
    QTR_STATUS_ACHIEVED,     /* 已完成 */
    QTR_STATUS_ON_TRACK,     /* 正常 */
    QTR_STATUS_LAGGING,      /* 滞后 */
    QTR_STATUS_CRITICAL,     /* 严重滞后 */
    QTR_STATUS_MISSED,       /* 未完成 */
    QTR_STATUS_ABOVE_RANGE,  /* 超出区间 */
    QTR_STATUS_NOT_DUE       /* 未到期: a deliverable before its deadline */
} qtr_progress_status;

#define QTR_STATUS_COUNT 8

/* How a unit row's rank was computed (progress.csv `rank_basis`). */
typedef enum {
    QTR_RANK_NONE = 0,       /* no rank (city rows) */
    QTR_RANK_COMPLETION,     /* by completion: the indicator has per-unit targets */
    QTR_RANK_ACTUAL          /* by actual */
} qtr_rank_basis;

/* The reported values, indexed by (unit, series, quarter of the window). The window runs from
 * the baseline quarter (Q4 of the year before the horizon) to the report period. */
typedef struct {
    const qtr_plan *plan;    /* borrowed */
    qtr_period first;        /* first quarter of the window: Q1 of the year before the report's
                              * year, or the baseline quarter when that is earlier */
    qtr_period base;         /* the baseline quarter: Q4 of the year before the horizon */
    qtr_period last;         /* report period */
    size_t nq;               /* last - first + 1 */
    unsigned char *state;    /* [unit][series][k]: 0 nothing, 1 not reported, 2 value */
    qtr_qty *value;          /* [unit][series][k] */
    double *city_p;          /* [indicator][k]: the region's time progress, NAN until computed
                              * (a cache: unit rows share the region's P) */
    int city_p_stale;        /* values changed since the cache was filled */
} qtr_values;

qtr_values *qtr_values_new(const qtr_plan *plan, qtr_period period);
void qtr_values_free(qtr_values *v);

/* Records a fact. Facts outside the window are ignored. A second value for the same cell
 * replaces the first (ingest has already resolved duplicates). */
void qtr_values_set(qtr_values *v, int unit, int series, qtr_period p, int missing, qtr_qty value);

/* One row of progress.csv (docs/formats.md). Doubles are NAN where the field is empty; ranks
 * are 0 where empty. qtr_progress_compute fills the figures of one row; qtr_report (report.h)
 * adds what needs every row: ranks and the previous quarter's rank. */
typedef struct {
    int unit;                /* roster index; -1 for the city total row */
    int indicator;           /* plan indicator index */
    qtr_period period;       /* the quarter the row is computed for */
    int has_target;
    double target;
    int exact;               /* actual is exact (actual_qty); else only actual */
    qtr_qty actual_qty;
    double actual;
    double completion, time_progress, progress, pace_gap_pp, expected, gap_to_target,
        forecast, required_per_quarter;
    double baseline;         /* B behind progress = (A-B)/(T-B); NAN when progress is completion */
    int base_reported;       /* a rate's baseline is its first reported level, of base_period */
    qtr_period base_period;
    qtr_progress_status status;
    char missing[160];       /* "Q2;Q3", empty when none */
    int nmissing;            /* quarters of the report year listed in missing */
    double prev_year_actual; /* the same figure a year earlier, NAN when any part is missing */
    double yoy_growth;       /* (actual - prev_year_actual) / prev_year_actual */
    qtr_rank_basis rank_basis;
    int rank;                /* 1 = highest; competition ranking (1, 2, 2, 4); 0 = none */
    int yoy_rank;            /* the same by yoy_growth */
    int rank_prev;           /* rank at the previous quarter of the same year; 0 in Q1 */
} qtr_progress_row;

/* Milestones of an indicator with pace = deadline (docs/formulas.md, deadline steps; one
 * deadline without milestones is its target at the horizon's end, which the loader gives it as
 * a milestone). qtr_deadline_due: the index of the last milestone whose year has ended at p
 * (its Q4 <= p), -1 when none is due yet. qtr_deadline_next: the milestone in force at p, the
 * first of p's year or later; -1 after the last. qtr_deadline_level: the expected level K(p),
 * the value of the milestone due, else `start`. */
int qtr_deadline_due(const qtr_indicator *ind, qtr_period p);
int qtr_deadline_next(const qtr_indicator *ind, qtr_period p);
double qtr_deadline_level(const qtr_indicator *ind, double start, qtr_period p);

/* Computes the row for (unit, indicator) at period p (p <= v->last; p >= first quarter of the
 * horizon). unit -1 is the city total. */
void qtr_progress_compute(const qtr_values *v, int unit, int indicator, qtr_period p,
                          qtr_progress_row *out);

/* One quarter of a trend (quarterly.csv): the row at k and the quarter's own amount. */
typedef struct {
    qtr_period period;
    int has_amount;          /* some unit reported a value at k (flows) */
    qtr_qty amount_qty;      /* flows: the sum reported at k; stocks: the level (= actual) */
    qtr_progress_row row;    /* the row at k */
} qtr_trend_quarter;

/* Computes quarter k of unit's (-1: the region's) trend of an indicator. */
void qtr_trend_compute(const qtr_values *v, int unit, int indicator, qtr_period k,
                       qtr_trend_quarter *out);

/* First quarter whose values count for the indicator's actual at period p (Q1 of p's year for
 * annual flows; Q1 of the horizon's first year otherwise). */
qtr_period qtr_tracking_start(const qtr_plan *plan, const qtr_indicator *ind, qtr_period p);

#endif
