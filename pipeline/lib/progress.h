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

typedef enum {
    QTR_STATUS_NONE = 0,     /* no target for this row */
    QTR_STATUS_ACHIEVED,     /* 已完成 */
    QTR_STATUS_ON_TRACK,     /* 正常 */
    QTR_STATUS_LAGGING,      /* 滞后 */
    QTR_STATUS_CRITICAL,     /* 严重滞后 */
    QTR_STATUS_MISSED,       /* 未完成 */
    QTR_STATUS_ABOVE_RANGE   /* 超出区间 */
} qtr_progress_status;

/* "achieved", "on_track"... ("" for NONE) and the Chinese labels. */
const char *qtr_status_code(qtr_progress_status s);
const char *qtr_status_label(qtr_progress_status s);

/* The reported values, indexed by (unit, series, quarter of the window). The window runs from
 * the baseline quarter (Q4 of the year before the horizon) to the report period. */
typedef struct {
    const qtr_plan *plan;    /* borrowed */
    qtr_period first;        /* first quarter of the window (baseline quarter) */
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

/* One row of progress.csv. Doubles are NAN where the field is empty. */
typedef struct {
    int unit;                /* roster index; -1 for the city total row */
    int indicator;           /* plan indicator index */
    int has_target;
    double target;
    int exact;               /* actual is exact (actual_qty); else only actual */
    qtr_qty actual_qty;
    double actual;
    double completion, time_progress, progress, pace_gap_pp, expected, gap_to_target,
        forecast, required_per_quarter;
    double baseline;         /* NAN when none (not written to progress.csv; used by charts) */
    qtr_progress_status status;
    char missing[160];       /* "Q2;Q3", empty when none */
} qtr_progress_row;

/* Computes the row for (unit, indicator) at period p (p <= v->last; p >= first quarter of the
 * horizon). unit -1 is the city total. */
void qtr_progress_compute(const qtr_values *v, int unit, int indicator, qtr_period p,
                          qtr_progress_row *out);

/* First quarter whose values count for the indicator's actual at period p (Q1 of p's year for
 * annual flows; Q1 of the horizon's first year otherwise). */
qtr_period qtr_tracking_start(const qtr_plan *plan, const qtr_indicator *ind, qtr_period p);

#endif
