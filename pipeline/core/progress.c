/* progress.c — the formulas of docs/formulas.md, computed exactly as written (doubles, no
 * epsilon).
 * Actuals of flows and stocks are summed exactly (qtr_qty) and converted to double once.
 */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

/* ---------------------------------------------------------------- the value grid */

qtr_values *qtr_values_new(const qtr_plan *plan, qtr_period period)
{
    qtr_values *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->plan = plan;
    v->base = qtr_plan_base_period(plan);
    /* the base year (the one before the horizon: implied yearly targets) and the year before
     * the report's (the same figure a year earlier, prev_year_actual) */
    v->first = qtr_period_make(plan->start_year - 1, 1);
    if (period != QTR_PERIOD_NONE && qtr_period_make(qtr_period_year(period) - 1, 1) < v->first)
        v->first = qtr_period_make(qtr_period_year(period) - 1, 1);
    v->last = period < v->first ? v->first : period;
    v->nq = (size_t)(v->last - v->first + 1);
    size_t n = plan->nunits * (plan->nseries ? plan->nseries : 1) * v->nq;
    v->state = calloc(n, 1);
    v->value = calloc(n, sizeof *v->value);
    size_t np = (plan->nindicators ? plan->nindicators : 1) * v->nq;
    v->city_p = malloc(np * sizeof *v->city_p);
    if (v->city_p)
        for (size_t i = 0; i < np; i++)
            v->city_p[i] = NAN;
    if (!v->state || !v->value || !v->city_p) {
        qtr_values_free(v);
        return NULL;
    }
    return v;
}

void qtr_values_free(qtr_values *v)
{
    if (!v)
        return;
    free(v->state);
    free(v->value);
    free(v->city_p);
    free(v);
}

static size_t cell(const qtr_values *v, int u, int s, qtr_period p)
{
    return ((size_t)u * v->plan->nseries + (size_t)s) * v->nq + (size_t)(p - v->first);
}

void qtr_values_set(qtr_values *v, int unit, int series, qtr_period p, int missing, qtr_qty value)
{
    if (p < v->first || p > v->last || unit < 0 || (size_t)unit >= v->plan->nunits || series < 0 ||
        (size_t)series >= v->plan->nseries)
        return;
    size_t i = cell(v, unit, series, p);
    if (missing && v->state[i] == 2)
        return;
    v->city_p_stale = 1;
    v->state[i] = missing ? 1 : 2;
    v->value[i] = missing ? 0 : value;
}

static int reported(const qtr_values *v, int u, int s, qtr_period p)
{
    return p >= v->first && p <= v->last && v->state[cell(v, u, s, p)] == 2;
}

static qtr_qty val(const qtr_values *v, int u, int s, qtr_period p)
{
    return v->value[cell(v, u, s, p)];
}

/* ---------------------------------------------------------------- windows and series */

qtr_period qtr_tracking_start(const qtr_plan *plan, const qtr_indicator *ind, qtr_period p)
{
    if (ind->kind == QTR_KIND_FLOW)
        return qtr_period_make(qtr_period_year(p), 1);
    return qtr_period_make(plan->start_year, 1);
}

static qtr_period series_start(const qtr_plan *plan, const qtr_series *s, const qtr_indicator *ind,
                               qtr_period p)
{
    /* a flow read by a ratio or coverage indicator sums over the year, like an annual flow */
    if (!s->stock && ind->kind != QTR_KIND_PERIOD_FLOW)
        return qtr_period_make(qtr_period_year(p), 1);
    return qtr_tracking_start(plan, ind, p);
}

static qtr_qty flow_sum(const qtr_values *v, int u, int s, qtr_period from, qtr_period p)
{
    qtr_qty sum = 0;
    for (qtr_period k = from; k <= p; k++)
        if (reported(v, u, s, k))
            sum += val(v, u, s, k);
    return sum;
}

/* Level at p: the value of p, else the latest earlier value since `from`, else the baseline
 * quarter's value, else 0. */
static qtr_qty stock_level(const qtr_values *v, int u, int s, qtr_period from, qtr_period p)
{
    for (qtr_period k = p; k >= from; k--)
        if (reported(v, u, s, k))
            return val(v, u, s, k);
    if (reported(v, u, s, v->base))
        return val(v, u, s, v->base);
    return 0;
}

/* A unit's baseline: its baseline-quarter value, else its first value since `from` up to p. */
static int unit_baseline(const qtr_values *v, int u, int s, qtr_period from, qtr_period p, qtr_qty *b)
{
    if (reported(v, u, s, v->base)) {
        *b = val(v, u, s, v->base);
        return 1;
    }
    for (qtr_period k = from; k <= p; k++)
        if (reported(v, u, s, k)) {
            *b = val(v, u, s, k);
            return 1;
        }
    return 0;
}

static qtr_qty series_value(const qtr_values *v, int u, int s, const qtr_indicator *ind, qtr_period p)
{
    const qtr_series *ser = &v->plan->series[s];
    qtr_period from = series_start(v->plan, ser, ind, p);
    return ser->stock ? stock_level(v, u, s, from, p) : flow_sum(v, u, s, from, p);
}

/* Adds the quarters in [from, p] for which unit u reported nothing to the mask. */
static void missing_mask(const qtr_values *v, int u, int s, qtr_period from, qtr_period p,
                         unsigned char *mask)
{
    qtr_period year_start = qtr_period_make(qtr_period_year(p), 1);
    if (from < year_start) /* the quarters of the report year (docs/formats.md, progress.csv) */
        from = year_start;
    for (qtr_period k = from; k <= p; k++)
        if (!reported(v, u, s, k))
            mask[k - v->first] = 1;
}

/* Writes the quarters of mask as "Q2;Q3" (quarters of p's year; earlier ones as "2024Q4");
 * returns how many there are. */
static int format_missing(const qtr_values *v, const unsigned char *mask, qtr_period p, char *out,
                          size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    int count = 0;
    int year = qtr_period_year(p);
    for (qtr_period k = v->first; k <= p; k++) {
        if (!mask[k - v->first])
            continue;
        char item[16];
        if (qtr_period_year(k) == year)
            snprintf(item, sizeof item, "Q%d", qtr_period_quarter(k));
        else
            qtr_period_format(k, item);
        count++;
        int n = snprintf(out + used, size - used, "%s%s", used ? ";" : "", item);
        if (n < 0 || (size_t)n >= size - used)
            continue; /* cannot happen: at most the four quarters of a year */
        used += (size_t)n;
    }
    return count;
}

/* ---------------------------------------------------------------- actuals */

typedef struct {
    int exact;
    qtr_qty qty;        /* exact actual (flows, stocks) */
    double value;       /* actual as double */
    int has_base;
    double base;
    qtr_qty base_qty;
} actual;

static void actual_of_units(const qtr_values *v, const qtr_indicator *ind, int unit, qtr_period p,
                            actual *a, unsigned char *mask)
{
    const qtr_plan *plan = v->plan;
    int u0 = unit < 0 ? 0 : unit, u1 = unit < 0 ? (int)plan->nunits : unit + 1;
    memset(a, 0, sizeof *a);
    qtr_period from = qtr_tracking_start(plan, ind, p);
    int s = (int)ind->series;
    if (ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW || ind->kind == QTR_KIND_STOCK) {
        a->exact = 1;
        int any_base = 0;
        for (int u = u0; u < u1; u++) {
            if (ind->kind == QTR_KIND_STOCK) {
                a->qty += stock_level(v, u, s, from, p);
                qtr_qty b;
                if (unit_baseline(v, u, s, from, p, &b))
                    a->base_qty += b;
                any_base |= reported(v, u, s, v->base);
            } else {
                a->qty += flow_sum(v, u, s, from, p);
            }
            missing_mask(v, u, s, from, p, mask);
        }
        a->value = qtr_qty_to_double(a->qty);
        if (ind->kind == QTR_KIND_STOCK) {
            if (unit < 0 && ind->has_baseline) {
                a->has_base = 1;
                a->base = ind->baseline;
            } else if (unit < 0 ? any_base : unit_baseline(v, unit, s, from, p, &a->base_qty)) {
                a->has_base = 1;
                a->base = qtr_qty_to_double(a->base_qty);
            }
        }
        return;
    }
    if (ind->kind == QTR_KIND_RATIO) {
        int d = (int)ind->denominator;
        qtr_qty num = 0, den = 0;
        for (int u = u0; u < u1; u++) {
            num += series_value(v, u, s, ind, p);
            den += series_value(v, u, d, ind, p);
            missing_mask(v, u, s, series_start(plan, &plan->series[s], ind, p), p, mask);
            missing_mask(v, u, d, series_start(plan, &plan->series[d], ind, p), p, mask);
        }
        a->value = den == 0 ? NAN : qtr_qty_to_double(num) / qtr_qty_to_double(den) * ind->factor;
        if (ind->has_baseline && unit < 0) { /* the configured baseline is the region's */
            a->has_base = 1;
            a->base = ind->baseline;
        }
        return;
    }
    /* coverage: share of units whose series value reaches the minimum */
    int met = 0, met_base = 0, any_base = 0;
    for (int u = u0; u < u1; u++) {
        met += qtr_qty_to_double(series_value(v, u, s, ind, p)) >= ind->minimum;
        missing_mask(v, u, s, series_start(plan, &plan->series[s], ind, p), p, mask);
        /* the coverage at the baseline quarter: a unit without a value there is not covered */
        if (reported(v, u, s, v->base)) {
            any_base = 1;
            met_base += qtr_qty_to_double(series_value(v, u, s, ind, v->base)) >= ind->minimum;
        }
    }
    a->value = (double)met / (double)(u1 - u0);
    if (unit < 0 && ind->has_baseline) { /* the configured baseline is the region's */
        a->has_base = 1;
        a->base = ind->baseline;
    } else if (unit < 0 && any_base) {
        a->has_base = 1;
        a->base = (double)met_base / (double)(u1 - u0);
    }
}

/* A rate's level at k on the row's units, when at least one of them reported its series at k (a
 * ratio: numerator and denominator) and the level is defined (docs/formulas.md, baseline). */
static int rate_level(const qtr_values *v, const qtr_indicator *ind, int unit, qtr_period k, double *out)
{
    const qtr_plan *plan = v->plan;
    int u0 = unit < 0 ? 0 : unit, u1 = unit < 0 ? (int)plan->nunits : unit + 1;
    int s = (int)ind->series, d = (int)ind->denominator, any = 0, met = 0;
    qtr_qty num = 0, den = 0;
    for (int u = u0; u < u1; u++) {
        any |= reported(v, u, s, k) && (ind->kind != QTR_KIND_RATIO || reported(v, u, d, k));
        if (ind->kind == QTR_KIND_RATIO) {
            num += series_value(v, u, s, ind, k);
            den += series_value(v, u, d, ind, k);
        } else {
            met += qtr_qty_to_double(series_value(v, u, s, ind, k)) >= ind->minimum;
        }
    }
    if (!any || (ind->kind == QTR_KIND_RATIO && den == 0))
        return 0;
    *out = ind->kind == QTR_KIND_RATIO ? qtr_qty_to_double(num) / qtr_qty_to_double(den) * ind->factor
                                       : (double)met / (double)(u1 - u0);
    return 1;
}

/* A rate without a configured baseline takes it from the data: its level in the baseline quarter,
 * else its first reported level since S Q1 up to p (docs/formulas.md, baseline). Returns the
 * quarter it was taken in, QTR_PERIOD_NONE when there is none. */
static qtr_period rate_baseline(const qtr_values *v, const qtr_indicator *ind, int unit, qtr_period p,
                                actual *a)
{
    if (a->has_base) /* configured, or a region coverage's at the baseline quarter */
        return v->base;
    double b;
    qtr_period from = qtr_period_make(v->plan->start_year, 1);
    for (qtr_period k = v->base; k <= p; k = k == v->base ? from : k + 1)
        if (rate_level(v, ind, unit, k, &b)) {
            a->has_base = 1;
            a->base = b;
            return k;
        }
    return QTR_PERIOD_NONE;
}

/* ---------------------------------------------------------------- a year earlier */

/* Unit u's part of series s in the actual at q, when every value it is made of was reported:
 * a stock's level reported at q itself (no carry-forward), a flow's every quarter since its
 * start (Q1 of q's year; the horizon's first quarter for a period flow). */
static int complete_part(const qtr_values *v, int u, int s, const qtr_indicator *ind, qtr_period q,
                         qtr_qty *out)
{
    const qtr_series *ser = &v->plan->series[s];
    if (ser->stock) {
        if (!reported(v, u, s, q))
            return 0;
        *out = val(v, u, s, q);
        return 1;
    }
    qtr_period from = ind->kind == QTR_KIND_PERIOD_FLOW ? qtr_period_make(v->plan->start_year, 1)
                                                        : qtr_period_make(qtr_period_year(q), 1);
    if (from < v->first || q < from)
        return 0;
    qtr_qty sum = 0;
    for (qtr_period k = from; k <= q; k++) {
        if (!reported(v, u, s, k))
            return 0;
        sum += val(v, u, s, k);
    }
    *out = sum;
    return 1;
}

/* The same figure as the actual, at the same quarter of the previous year (docs/formats.md,
 * prev_year_actual): NAN when any unit's part of it was not reported. */
static double prev_year_actual(const qtr_values *v, const qtr_indicator *ind, int unit, qtr_period p)
{
    const qtr_plan *plan = v->plan;
    qtr_period q = p - 4;
    if (q < v->first)
        return NAN;
    int u0 = unit < 0 ? 0 : unit, u1 = unit < 0 ? (int)plan->nunits : unit + 1;
    int s = (int)ind->series;
    qtr_qty sum = 0, den = 0;
    int met = 0;
    for (int u = u0; u < u1; u++) {
        qtr_qty a, b;
        if (!complete_part(v, u, s, ind, q, &a))
            return NAN;
        if (ind->kind == QTR_KIND_RATIO) {
            if (!complete_part(v, u, (int)ind->denominator, ind, q, &b))
                return NAN;
            den += b;
        }
        sum += a;
        met += qtr_qty_to_double(a) >= ind->minimum;
    }
    switch (ind->kind) {
    case QTR_KIND_RATIO:
        return den == 0 ? NAN : qtr_qty_to_double(sum) / qtr_qty_to_double(den) * ind->factor;
    case QTR_KIND_COVERAGE:
        return u1 > u0 ? (double)met / (double)(u1 - u0) : NAN;
    case QTR_KIND_FLOW:
    case QTR_KIND_PERIOD_FLOW:
    case QTR_KIND_STOCK:
        break;
    }
    return qtr_qty_to_double(sum);
}

/* ---------------------------------------------------------------- time and targets */

static int horizon_quarters(const qtr_plan *plan)
{
    return 4 * (plan->end_year - plan->start_year + 1);
}

/* Expected level of a stock with milestones at p: straight lines from the baseline (end of the
 * year before the horizon) through each milestone (end of its year). */
static double milestone_level(const qtr_plan *plan, const qtr_indicator *ind, double base, qtr_period p)
{
    qtr_period x0 = qtr_plan_base_period(plan);
    double y0 = base;
    for (size_t i = 0; i < ind->nmilestones; i++) {
        qtr_period x1 = qtr_period_make(ind->milestones[i].year, 4);
        double y1 = ind->milestones[i].value;
        if (p <= x1)
            return y0 + (y1 - y0) * (double)(p - x0) / (double)(x1 - x0);
        x0 = x1;
        y0 = y1;
    }
    return y0;
}

int qtr_deadline_due(const qtr_indicator *ind, qtr_period p)
{
    int due = -1;
    for (size_t k = 0; k < ind->nmilestones; k++)
        if (qtr_period_make(ind->milestones[k].year, 4) <= p)
            due = (int)k;
    return due;
}

int qtr_deadline_next(const qtr_indicator *ind, qtr_period p)
{
    for (size_t k = 0; k < ind->nmilestones; k++)
        if (ind->milestones[k].year >= qtr_period_year(p))
            return (int)k;
    return -1;
}

double qtr_deadline_level(const qtr_indicator *ind, double start, qtr_period p)
{
    int k = qtr_deadline_due(ind, p);
    return k < 0 ? start : ind->milestones[k].value;
}

/* P for the row; for stocks with a baseline below target, from the expected level line. */
static double time_progress(const qtr_plan *plan, const qtr_indicator *ind, const actual *a,
                            double target, qtr_period p)
{
    if (ind->pace_deadline) { /* steps: the last milestone due (docs/formulas.md, deadline steps) */
        if (ind->kind == QTR_KIND_STOCK && a->has_base && target > a->base)
            return (qtr_deadline_level(ind, a->base, p) - a->base) / (target - a->base);
        return qtr_deadline_level(ind, 0, p) / target;
    }
    if (ind->kind == QTR_KIND_FLOW || plan->start_year == plan->end_year)
        return qtr_period_quarter(p) / 4.0;
    double elapsed = (double)(p - qtr_period_make(plan->start_year, 1) + 1);
    if (ind->kind == QTR_KIND_STOCK && a->has_base && target > a->base && ind->nmilestones)
        return (milestone_level(plan, ind, a->base, p) - a->base) / (target - a->base);
    if (ind->kind == QTR_KIND_PERIOD_FLOW && ind->nmilestones) /* cumulative milestones from 0 */
        return milestone_level(plan, ind, 0, p) / target;
    return elapsed / horizon_quarters(plan);
}

static int last_quarter_of_target(const qtr_plan *plan, const qtr_indicator *ind, qtr_period p)
{
    if (ind->kind == QTR_KIND_FLOW)
        return qtr_period_quarter(p) == 4;
    return p == qtr_period_make(plan->end_year, 4);
}

/* The base year's full-year actual of an annual flow (the year before the horizon), when every
 * unit reported its four quarters; NAN otherwise. */
static double base_year_actual(const qtr_values *v, const qtr_indicator *ind)
{
    int y = v->plan->start_year - 1, s = (int)ind->series;
    qtr_qty sum = 0;
    for (size_t u = 0; u < v->plan->nunits; u++)
        for (int q = 1; q <= 4; q++) {
            qtr_period k = qtr_period_make(y, q);
            if (!reported(v, (int)u, s, k))
                return NAN;
            sum += val(v, (int)u, s, k);
        }
    return qtr_qty_to_double(sum);
}

/* An annual flow's yearly target before its first milestone, implied from the base year
 * (the configured base, else the year before the horizon in the data) along a straight line
 * or at a constant annual rate (docs/formulas.md, target in force). NAN without a base. */
static double implied_target(const qtr_values *v, const qtr_indicator *ind, int year)
{
    int y0 = v->plan->start_year - 1, y1 = ind->milestones[0].year;
    double base = isnan(ind->base) ? base_year_actual(v, ind) : ind->base;
    double m1 = ind->milestones[0].value;
    if (isnan(base) || year <= y0 || year >= y1)
        return NAN;
    double f = (double)(year - y0) / (double)(y1 - y0);
    if (ind->path_growth && base > 0)
        return base * pow(m1 / base, f);
    return base + (m1 - base) * f;
}

static int whole_count(const qtr_indicator *ind);

/* The target as the plan's figures give it (NAN: none in force). */
static double target_given(const qtr_values *v, const qtr_indicator *ind, int unit,
                           const actual *a, qtr_period p)
{
    if (unit >= 0)
        return ind->unit_targets ? ind->unit_targets[unit] : NAN;
    if (ind->relative) /* on the configured baseline, else the one from the data */
        return ind->has_baseline ? ind->target : a->has_base ? a->base * (1 + ind->growth) : NAN;
    double T = qtr_plan_year_target(ind, qtr_period_year(p));
    if (isnan(T) && ind->kind == QTR_KIND_FLOW && ind->nmilestones)
        T = implied_target(v, ind, qtr_period_year(p));
    return T;
}

/* The target in force. A count's is a whole number: the smallest one that meets the figure
 * given (12.5 项 between two milestones, 14.14 项 on a growth path -> 13, 15), so that the
 * completion and everything else are computed on the target people read (docs/formulas.md,
 * target in force); binary noise below 1e-9 (22.000000000000004) is no fraction. */
static double target_for(const qtr_values *v, const qtr_indicator *ind, int unit,
                         const actual *a, qtr_period p)
{
    double T = target_given(v, ind, unit, a, p);
    if (isfinite(T) && whole_count(ind))
        T = ceil(T - 1e-9);
    return T;
}

/* A milestone of the region's path due at the end of p's year and not reached (a stock's level,
 * a period flow's sum since the horizon's start): missed for that quarter. An annual flow's
 * milestone is the year's target itself (last_quarter_of_target). */
static int milestone_missed(const qtr_indicator *ind, int unit, double A, qtr_period p)
{
    if (unit >= 0 || ind->kind == QTR_KIND_FLOW || qtr_period_quarter(p) != 4)
        return 0;
    for (size_t i = 0; i < ind->nmilestones; i++)
        if (ind->milestones[i].year == qtr_period_year(p)) {
            double m = ind->milestones[i].value;
            return ind->cmp == QTR_CMP_GT ? !(A > m) : A < m;
        }
    return 0;
}

/* pace = deadline: a region row whose last milestone due is not met. Unit rows have one
 * milestone, their target at the horizon's end (last_quarter_of_target). */
static int deadline_missed(const qtr_indicator *ind, int unit, double A, qtr_period p)
{
    int k = qtr_deadline_due(ind, p);
    if (unit >= 0 || k < 0)
        return 0;
    double m = ind->milestones[k].value;
    return ind->cmp == QTR_CMP_GT ? !(A > m) : A < m;
}

static qtr_progress_status status_of(const qtr_plan *plan, const qtr_indicator *ind, int unit,
                                     double A, double T, double R, double P, qtr_period p)
{
    if (ind->cmp == QTR_CMP_RANGE && A > ind->target_hi)
        return QTR_STATUS_ABOVE_RANGE;
    int holds = ind->cmp == QTR_CMP_GT ? A > T : A >= T;
    if (holds)
        return QTR_STATUS_ACHIEVED;
    if (last_quarter_of_target(plan, ind, p))
        return QTR_STATUS_MISSED;
    if (ind->pace_deadline)
        return deadline_missed(ind, unit, A, p) ? QTR_STATUS_MISSED : QTR_STATUS_NOT_DUE;
    if (milestone_missed(ind, unit, A, p))
        return QTR_STATUS_MISSED;
    if (R >= P)
        return QTR_STATUS_ON_TRACK;
    if (P - R <= plan->warn)
        return QTR_STATUS_LAGGING;
    return QTR_STATUS_CRITICAL;
}

/* 1 when the indicator counts whole things (个, 家, 名 …; not 万人, not money or ratios). */
static int whole_count(const qtr_indicator *ind)
{
    int pow10;
    return ind->kind != QTR_KIND_RATIO && ind->kind != QTR_KIND_COVERAGE &&
           qtr_unit_lookup(ind->unit, strlen(ind->unit), &pow10) == QTR_UNIT_COUNT && pow10 == 0;
}

/* max(0, T - A), exact in decimal when both are decimals (135 - 104.23568 = 30.76432). A strict
 * target on a whole count (超过1300家) is first met at the next whole number: max(0, T + 1 - A)
 * (docs/formulas.md, gap to target). */
static double gap(const qtr_indicator *ind, double T, const actual *a)
{
    if (ind->cmp == QTR_CMP_GT && whole_count(ind))
        T = floor(T) + 1;
    char buf[32];
    qtr_qty t;
    if (a->exact && qtr_qty_from_decimal(qtr_double_format(T, buf), &t) == 0)
        return t > a->qty ? qtr_qty_to_double(t - a->qty) : 0;
    return fmax(0, T - a->value);
}

static double div_or_nan(double a, double b)
{
    return b == 0 || isnan(a) || isnan(b) ? NAN : a / b;
}

/* The region's time progress at p, shared by its unit rows (a unit's own baseline must not
 * bend the region's milestone line). city: the region's actual when already computed. */
static double region_time_progress(const qtr_values *v, int indicator, qtr_period p,
                                   const actual *city, double city_target)
{
    const qtr_indicator *ind = &v->plan->indicators[indicator];
    qtr_values *cache = (qtr_values *)v; /* the cache is not part of the values */
    if (cache->city_p_stale) {
        for (size_t i = 0; i < v->plan->nindicators * v->nq; i++)
            cache->city_p[i] = NAN;
        cache->city_p_stale = 0;
    }
    double *slot = &v->city_p[(size_t)indicator * v->nq + (size_t)(p - v->first)];
    if (!isnan(*slot))
        return *slot;
    actual a;
    double T = city_target;
    if (!city) {
        unsigned char *mask = calloc(v->nq, 1);
        if (!mask)
            return NAN;
        actual_of_units(v, ind, -1, p, &a, mask);
        free(mask);
        T = target_for(v, ind, -1, &a, p);
        city = &a;
    }
    *slot = time_progress(v->plan, ind, city, isnan(T) ? ind->target : T, p);
    return *slot;
}

void qtr_progress_compute(const qtr_values *v, int unit, int indicator, qtr_period p,
                          qtr_progress_row *out)
{
    const qtr_plan *plan = v->plan;
    const qtr_indicator *ind = &plan->indicators[indicator];
    unsigned char *mask = calloc(v->nq, 1);
    actual a;
    memset(out, 0, sizeof *out);
    out->unit = unit;
    out->indicator = indicator;
    out->period = p;
    out->prev_year_actual = out->yoy_growth = NAN;
    if (!mask) { /* cannot happen in practice; keep the row well defined */
        out->actual = out->baseline = NAN;
        out->target = out->completion = out->time_progress = out->progress = NAN;
        out->pace_gap_pp = out->expected = out->gap_to_target = out->forecast = NAN;
        out->required_per_quarter = NAN;
        return;
    }
    actual_of_units(v, ind, unit, p, &a, mask);
    out->nmissing = format_missing(v, mask, p, out->missing, sizeof out->missing);
    free(mask);
    double A = a.value;
    double T = target_for(v, ind, unit, &a, p);
    double B = a.has_base ? a.base : NAN;
    double P = region_time_progress(v, indicator, p, unit < 0 ? &a : NULL, T);
    out->base_period = QTR_PERIOD_NONE;
    if (ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE) {
        /* a rate starts from its baseline, from the data when none is configured, and its time
         * counts from the quarter of that baseline; without any value it is judged on its level
         * now (docs/formulas.md, time progress) */
        qtr_period b = rate_baseline(v, ind, unit, p, &a);
        if (b == QTR_PERIOD_NONE) {
            P = 1;
        } else {
            B = a.base;
            out->base_reported = b != v->base;
            out->base_period = b;
            P = (double)(p - b) / (double)(qtr_period_make(plan->end_year, 4) - b);
            if (ind->relative && !ind->has_baseline) /* growth over the baseline from the data */
                T = target_for(v, ind, unit, &a, p);
        }
    }
    /* judged from a baseline like a stock (docs/formulas.md) */
    int stock_like = ind->kind == QTR_KIND_STOCK || ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE;
    out->exact = a.exact;
    out->actual_qty = a.qty;
    out->actual = A;
    out->baseline = B;
    out->time_progress = P;
    out->prev_year_actual = prev_year_actual(v, ind, unit, p);
    out->yoy_growth = div_or_nan(A - out->prev_year_actual, out->prev_year_actual);
    /* forecast does not need a target; a deliverable due at dates is not projected */
    if (ind->pace_deadline)
        out->forecast = NAN;
    else if (ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW)
        out->forecast = div_or_nan(A, P);
    else if (stock_like && a.has_base)
        out->forecast = B + div_or_nan(A - B, P);
    else
        out->forecast = A;
    if (ind->kind == QTR_KIND_COVERAGE && out->forecast > 1) /* never more than every unit */
        out->forecast = 1;
    /* a ratio in % is a share (1 = 100%): not projected past 100% while its actual is within it */
    int pow10 = 0;
    if (ind->kind == QTR_KIND_RATIO && qtr_unit_lookup(ind->unit, strlen(ind->unit), &pow10) == QTR_UNIT_PERCENT &&
        out->forecast > 1 && A <= 1)
        out->forecast = 1;
    out->target = T;
    out->has_target = !isnan(T);
    if (!out->has_target || isnan(A)) {
        out->completion = out->progress = out->pace_gap_pp = out->expected = NAN;
        out->gap_to_target = out->required_per_quarter = NAN;
        out->status = QTR_STATUS_NONE;
        if (out->has_target && isnan(A)) { /* a ratio with a zero denominator */
            out->gap_to_target = NAN;
        }
        return;
    }
    double C = div_or_nan(A, T);
    int with_base = stock_like && a.has_base && T > B;
    double R = with_base ? (A - B) / (T - B) : C;
    out->completion = C;
    out->progress = R;
    /* a deliverable is judged by its milestones, not by a gap to a pace (docs/formulas.md) */
    out->pace_gap_pp = ind->pace_deadline ? NAN : (R - P) * 100;
    out->expected = with_base ? B + (T - B) * P : T * P;
    out->gap_to_target = gap(ind, T, &a);
    out->required_per_quarter = NAN;
    if (ind->kind == QTR_KIND_FLOW && qtr_period_quarter(p) < 4)
        out->required_per_quarter = out->gap_to_target / (4 - qtr_period_quarter(p));
    else if (ind->kind == QTR_KIND_PERIOD_FLOW) {
        int left = (int)(qtr_period_make(plan->end_year, 4) - p);
        if (left > 0)
            out->required_per_quarter = out->gap_to_target / left;
    }
    out->status = status_of(plan, ind, unit, A, T, R, P, p);
}

/* ---------------------------------------------------------------- trends */

void qtr_trend_compute(const qtr_values *v, int unit, int indicator, qtr_period k,
                       qtr_trend_quarter *out)
{
    const qtr_plan *plan = v->plan;
    const qtr_indicator *ind = &plan->indicators[indicator];
    out->period = k;
    qtr_progress_compute(v, unit, indicator, k, &out->row);
    out->has_amount = 0;
    out->amount_qty = 0;
    if (ind->kind != QTR_KIND_FLOW && ind->kind != QTR_KIND_PERIOD_FLOW) {
        /* a level: the actual itself (exact for stocks, a double for ratios and coverage) */
        out->has_amount = out->row.exact;
        out->amount_qty = out->row.actual_qty;
        return;
    }
    int u0 = unit < 0 ? 0 : unit, u1 = unit < 0 ? (int)plan->nunits : unit + 1;
    int s = (int)ind->series;
    for (int u = u0; u < u1; u++)
        if (reported(v, u, s, k)) {
            out->amount_qty += val(v, u, s, k);
            out->has_amount = 1;
        }
}
