/* chart_data.c — reads progress.csv, quarterly.csv and rejects.csv (facts.csv is only checked) into a
 * chart_data (see chart_data.h). Only I/O and validation here; no drawing.
 */
#include "chart_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "num.h"
#include "table.h"
#include "text.h"
#include "units.h"

/* ---------------------------------------------------------------- small helpers */

int chart_status_parse(const char *code, chart_status *out)
{
    static const char *const codes[CHART_STATUS_COUNT] = {
        "", "achieved", "on_track", "lagging", "critical", "missed", "above_range",
    };
    for (int i = 0; i < CHART_STATUS_COUNT; i++)
        if (strcmp(code, codes[i]) == 0) {
            *out = (chart_status)i;
            return 0;
        }
    return -1;
}

void chart_row_init(chart_row *row)
{
    row->present = 0;
    row->target = row->actual = row->completion = row->time_progress = NAN;
    row->progress = row->pace_gap_pp = row->expected = row->gap_to_target = NAN;
    row->forecast = row->required = NAN;
    row->status = CHART_STATUS_NONE;
    row->missing = NULL;
}

int chart_unit_is_money(const char *unit)
{
    int pow10;
    return unit && qtr_unit_lookup(unit, strlen(unit), &pow10) == QTR_UNIT_MONEY;
}

int chart_unit_is_percent(const char *unit)
{
    return unit && (strcmp(unit, "%") == 0 || strcmp(unit, "％") == 0);
}

chart_data *chart_data_new(size_t ninds, size_t nunits)
{
    chart_data *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->period = QTR_PERIOD_NONE;
    d->warn = 0.10;
    d->inds = calloc(ninds ? ninds : 1, sizeof *d->inds);
    d->units = calloc(nunits ? nunits : 1, sizeof *d->units);
    if (!d->inds || !d->units) {
        chart_data_free(d);
        return NULL;
    }
    d->ninds = ninds;
    d->nunits = nunits;
    for (size_t i = 0; i < ninds; i++) {
        chart_indicator *ind = &d->inds[i];
        ind->target_hi = NAN;
        ind->baseline = NAN;
        chart_row_init(&ind->city);
        ind->units = calloc(nunits ? nunits : 1, sizeof *ind->units);
        if (!ind->units) {
            chart_data_free(d);
            return NULL;
        }
        for (size_t u = 0; u < nunits; u++)
            chart_row_init(&ind->units[u]);
    }
    return d;
}

void chart_data_free(chart_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->ninds; i++) {
        chart_indicator *ind = &d->inds[i];
        free(ind->id);
        free(ind->name);
        free(ind->unit);
        free(ind->city.missing);
        if (ind->units)
            for (size_t u = 0; u < d->nunits; u++)
                free(ind->units[u].missing);
        free(ind->units);
        free(ind->trend);
    }
    free(d->inds);
    if (d->units)
        for (size_t u = 0; u < d->nunits; u++)
            free(d->units[u]);
    free(d->units);
    free(d->plan_id);
    free(d->plan_name);
    free(d->region);
    free(d->total_name);
    free(d);
}

size_t chart_data_key_indicators(const chart_data *d, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < d->ninds; i++)
        if (d->inds[i].key)
            idx[n++] = i;
    if (n == 0)
        for (size_t i = 0; i < d->ninds; i++)
            idx[n++] = i;
    return n;
}

/* ---------------------------------------------------------------- from the plan */

static qtr_status from_plan(const qtr_plan *plan, chart_data **out)
{
    chart_data *d = chart_data_new(plan->nindicators, plan->nunits);
    if (!d)
        return QTR_ERR_NOMEM;
    d->warn = plan->warn;
    d->start_year = plan->start_year;
    d->end_year = plan->end_year;
    int ok = (d->plan_id = qtr_strdup(plan->id)) && (d->plan_name = qtr_strdup(plan->name)) &&
             (d->region = qtr_strdup(plan->region ? plan->region : "")) &&
             (d->total_name = qtr_strdup(plan->total_name ? plan->total_name : "全市"));
    for (size_t u = 0; ok && u < plan->nunits; u++)
        ok = (d->units[u] = qtr_strdup(plan->units[u].name)) != NULL;
    for (size_t i = 0; ok && i < plan->nindicators; i++) {
        const qtr_indicator *pi = &plan->indicators[i];
        chart_indicator *ci = &d->inds[i];
        ok = (ci->id = qtr_strdup(pi->id)) && (ci->name = qtr_strdup(pi->name)) &&
             (ci->unit = qtr_strdup(pi->unit));
        ci->kind = pi->kind;
        ci->cmp = pi->cmp;
        ci->target_hi = pi->cmp == QTR_CMP_RANGE ? pi->target_hi : NAN;
        ci->baseline = pi->has_baseline ? pi->baseline : NAN;
        ci->key = pi->key;
    }
    if (!ok) {
        chart_data_free(d);
        return QTR_ERR_NOMEM;
    }
    *out = d;
    return QTR_OK;
}

/* ---------------------------------------------------------------- progress.csv */

static const char *const progress_numbers[] = {
    "target", "actual", "completion", "time_progress", "progress", "pace_gap_pp",
    "expected", "gap_to_target", "forecast", "required_per_quarter",
};
#define NPROGRESS_NUMBERS (sizeof progress_numbers / sizeof progress_numbers[0])

static double *row_number(chart_row *row, size_t k)
{
    double *fields[NPROGRESS_NUMBERS] = {
        &row->target, &row->actual, &row->completion, &row->time_progress, &row->progress,
        &row->pace_gap_pp, &row->expected, &row->gap_to_target, &row->forecast, &row->required,
    };
    return fields[k];
}

/* A number cell: empty is NAN; anything else must parse. */
static qtr_status cell_number(const char *s, const char *path, long line, const char *col,
                              double *out, qtr_error *err)
{
    if (!*s) {
        *out = NAN;
        return QTR_OK;
    }
    if (qtr_double_parse(s, out) != 0 || !isfinite(*out))
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, 0, "%s: '%s' is not a number", col, s);
    return QTR_OK;
}

typedef struct {
    long plan, period, unit, indicator, status, missing;
    long num[NPROGRESS_NUMBERS];
} progress_cols;

static qtr_status progress_columns(const qtr_table *t, const char *path, progress_cols *c,
                                   qtr_error *err)
{
    qtr_status st;
    if ((st = qtr_table_require(t, path, "period", &c->period, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "unit", &c->unit, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "indicator", &c->indicator, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "status", &c->status, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "missing_quarters", &c->missing, err)) != QTR_OK)
        return st;
    c->plan = qtr_table_col(t, "plan");
    for (size_t k = 0; k < NPROGRESS_NUMBERS; k++)
        if ((st = qtr_table_require(t, path, progress_numbers[k], &c->num[k], err)) != QTR_OK)
            return st;
    return QTR_OK;
}

/* Locates the row of progress.csv row r in d: the city row or a unit row. */
static qtr_status progress_target(chart_data *d, const qtr_plan *plan, const qtr_table *t,
                                  const progress_cols *c, size_t r, const char *path,
                                  chart_row **out, qtr_error *err)
{
    long line = t->lines[r];
    const char *unit = qtr_table_get(t, r, c->unit);
    const char *id = qtr_table_get(t, r, c->indicator);
    long i = qtr_plan_find_indicator(plan, id);
    if (i < 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, 0,
                             "indicator '%s' is not in the plan %s", id, plan->path);
    chart_indicator *ind = &d->inds[i];
    long u = -1;
    if (strcmp(unit, d->total_name) != 0) {
        u = qtr_plan_find_unit(plan, unit, strlen(unit));
        if (u < 0)
            return qtr_error_set(err, QTR_ERR_PARSE, path, line, 0,
                                 "unit '%s' is not in the roster of %s", unit, plan->path);
    }
    chart_row *row = u < 0 ? &ind->city : &ind->units[u];
    if (row->present)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, 0,
                             "a second row for unit '%s', indicator '%s'", unit, id);
    *out = row;
    return QTR_OK;
}

static qtr_status load_progress(chart_data *d, const qtr_plan *plan, const char *path,
                                qtr_error *err)
{
    qtr_table *t;
    qtr_status st = qtr_table_load(path, &t, err);
    if (st != QTR_OK)
        return st;
    progress_cols c;
    st = progress_columns(t, path, &c, err);
    for (size_t r = 0; st == QTR_OK && r < t->nrows; r++) {
        long line = t->lines[r];
        const char *ptext = qtr_table_get(t, r, c.period);
        qtr_period p = qtr_period_parse(ptext, strlen(ptext));
        if (p == QTR_PERIOD_NONE) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0, "period '%s' is not a quarter", ptext);
            break;
        }
        if (d->period != QTR_PERIOD_NONE && p != d->period) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0,
                               "period '%s' differs from the first row's", ptext);
            break;
        }
        d->period = p;
        chart_row *row = NULL;
        if ((st = progress_target(d, plan, t, &c, r, path, &row, err)) != QTR_OK)
            break;
        for (size_t k = 0; st == QTR_OK && k < NPROGRESS_NUMBERS; k++)
            st = cell_number(qtr_table_get(t, r, c.num[k]), path, line, progress_numbers[k],
                             row_number(row, k), err);
        if (st != QTR_OK)
            break;
        const char *code = qtr_table_get(t, r, c.status);
        if (chart_status_parse(code, &row->status) != 0) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0, "status '%s' is not a status code", code);
            break;
        }
        if (!(row->missing = qtr_strdup(qtr_table_get(t, r, c.missing)))) {
            st = qtr_error_set(err, QTR_ERR_NOMEM, path, line, 0, "out of memory");
            break;
        }
        if (isnan(row->actual)) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0, "actual is empty");
            break;
        }
        row->present = 1;
    }
    qtr_table_free(t);
    if (st != QTR_OK)
        return st;
    if (d->period == QTR_PERIOD_NONE)
        return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "no rows");
    for (size_t i = 0; i < d->ninds; i++)
        if (!d->inds[i].city.present)
            return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "no %s row for indicator '%s'",
                                 d->total_name, d->inds[i].id);
    return QTR_OK;
}

/* The baseline behind a stock's progress, from its city row: progress (A-B)/(T-B) differs
 * from completion only when there is one. E = B + (T-B)P gives B = (E - TP) / (1 - P). */
static void derive_baseline(chart_indicator *ind)
{
    const chart_row *c = &ind->city;
    if (ind->kind != QTR_KIND_STOCK || !isnan(ind->baseline))
        return;
    if (isnan(c->progress) || isnan(c->completion) || isnan(c->target) ||
        fabs(c->progress - c->completion) < 1e-12)
        return;
    double b = NAN;
    if (!isnan(c->expected) && !isnan(c->time_progress) && c->time_progress < 1)
        b = (c->expected - c->target * c->time_progress) / (1 - c->time_progress);
    else if (fabs(1 - c->progress) > 1e-12)
        b = (c->actual - c->progress * c->target) / (1 - c->progress);
    if (isfinite(b)) {
        /* hide the binary noise of the division: the baseline is a sum of reported values */
        double scale = 1e6;
        ind->baseline = round(b * scale) / scale;
    }
}

/* ---------------------------------------------------------------- quarterly.csv */

static int point_cmp(const void *a, const void *b)
{
    const chart_point *x = a, *y = b;
    return (x->period > y->period) - (x->period < y->period);
}

static qtr_status add_point(chart_indicator *ind, const chart_point *pt)
{
    /* the window is a few quarters; grow one at a time */
    chart_point *p = realloc(ind->trend, (ind->ntrend + 1) * sizeof *p);
    if (!p)
        return QTR_ERR_NOMEM;
    ind->trend = p;
    p[ind->ntrend++] = *pt;
    return QTR_OK;
}

static qtr_status load_quarterly(chart_data *d, const qtr_plan *plan, const char *path,
                                 qtr_error *err)
{
    qtr_table *t;
    qtr_status st = qtr_table_load(path, &t, err);
    if (st != QTR_OK)
        return st;
    long cu, ci, cp, ca, cact, ce;
    if ((st = qtr_table_require(t, path, "unit", &cu, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "indicator", &ci, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "period", &cp, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "amount", &ca, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "actual", &cact, err)) != QTR_OK ||
        (st = qtr_table_require(t, path, "expected", &ce, err)) != QTR_OK) {
        qtr_table_free(t);
        return st;
    }
    for (size_t r = 0; st == QTR_OK && r < t->nrows; r++) {
        if (strcmp(qtr_table_get(t, r, cu), d->total_name) != 0)
            continue; /* unit rows: the ranking pages read progress.csv */
        long line = t->lines[r];
        const char *id = qtr_table_get(t, r, ci);
        long i = qtr_plan_find_indicator(plan, id);
        if (i < 0) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0, "indicator '%s' is not in the plan", id);
            break;
        }
        const char *ptext = qtr_table_get(t, r, cp);
        chart_point pt;
        pt.period = qtr_period_parse(ptext, strlen(ptext));
        if (pt.period == QTR_PERIOD_NONE || pt.period > d->period) {
            st = qtr_error_set(err, QTR_ERR_PARSE, path, line, 0,
                               "period '%s' is not a quarter up to the reported one", ptext);
            break;
        }
        if ((st = cell_number(qtr_table_get(t, r, ca), path, line, "amount", &pt.amount, err)) != QTR_OK ||
            (st = cell_number(qtr_table_get(t, r, cact), path, line, "actual", &pt.actual, err)) != QTR_OK ||
            (st = cell_number(qtr_table_get(t, r, ce), path, line, "expected", &pt.expected, err)) != QTR_OK)
            break;
        if ((st = add_point(&d->inds[i], &pt)) != QTR_OK)
            st = qtr_error_set(err, QTR_ERR_NOMEM, path, line, 0, "out of memory");
    }
    qtr_table_free(t);
    if (st != QTR_OK)
        return st;
    for (size_t i = 0; i < d->ninds; i++) {
        chart_indicator *ind = &d->inds[i];
        if (ind->ntrend > 1)
            qsort(ind->trend, ind->ntrend, sizeof *ind->trend, point_cmp);
        for (size_t k = 1; k < ind->ntrend; k++)
            if (ind->trend[k].period == ind->trend[k - 1].period)
                return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0,
                                     "two %s rows for indicator '%s' and one quarter",
                                     d->total_name, ind->id);
    }
    return QTR_OK;
}

/* ---------------------------------------------------------------- rejects.csv, facts.csv */

static qtr_status load_rejects(chart_data *d, const char *path, qtr_error *err)
{
    qtr_table *t;
    qtr_status st = qtr_table_load(path, &t, err);
    if (st != QTR_OK)
        return st;
    long cs, csrc;
    if ((st = qtr_table_require(t, path, "severity", &cs, err)) == QTR_OK &&
        (st = qtr_table_require(t, path, "source", &csrc, err)) == QTR_OK)
        for (size_t r = 0; r < t->nrows; r++) {
            const char *sev = qtr_table_get(t, r, cs);
            /* a file of a later quarter (a rerun of an old quarter) does not concern this report;
             * a file whose name tells no quarter does */
            const char *src = qtr_csv_unguard(qtr_table_get(t, r, csrc));
            qtr_period p = qtr_period_from_name(src, NULL);
            if (p != QTR_PERIOD_NONE && p > d->period)
                continue;
            if (strcmp(sev, "error") == 0)
                d->reject_errors++;
            else if (strcmp(sev, "warning") == 0)
                d->reject_warnings++;
            else {
                st = qtr_error_set(err, QTR_ERR_PARSE, path, t->lines[r], 0,
                                   "severity '%s' is not error or warning", sev);
                break;
            }
        }
    qtr_table_free(t);
    return st;
}

/* Roster units that reported something for the report's quarter: a unit row of some
 * indicator whose missing_quarters does not name the quarter. (progress.csv says it; facts.csv,
 * which grows with the years of history, need not be read.) */
static void count_reporting(chart_data *d)
{
    char q[8];
    snprintf(q, sizeof q, "Q%d", qtr_period_quarter(d->period));
    d->units_reporting = 0;
    for (size_t u = 0; u < d->nunits; u++) {
        int reported = 0;
        for (size_t i = 0; i < d->ninds && !reported; i++) {
            const chart_row *r = &d->inds[i].units[u];
            if (!r->present)
                continue;
            const char *m = r->missing ? r->missing : "";
            int listed = 0;
            for (const char *t = m; *t;) { /* tokens separated by ';' */
                size_t n = strcspn(t, ";");
                listed |= n == strlen(q) && memcmp(t, q, n) == 0;
                t += n + (t[n] == ';');
            }
            reported = !listed;
        }
        d->units_reporting += (size_t)reported;
    }
}

/* facts.csv is part of the stage's synopsis: it must exist and be readable. */
static qtr_status check_facts(const char *path, qtr_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot open");
    fclose(f);
    return QTR_OK;
}

/* ---------------------------------------------------------------- entry point */

qtr_status chart_data_load(const qtr_plan *plan, const chart_paths *paths, chart_data **out,
                           qtr_error *err)
{
    *out = NULL;
    chart_data *d;
    qtr_status st = from_plan(plan, &d);
    if (st != QTR_OK)
        return qtr_error_set(err, st, plan->path, 0, 0, "out of memory");
    if ((st = load_progress(d, plan, paths->progress, err)) == QTR_OK &&
        (st = load_quarterly(d, plan, paths->quarterly, err)) == QTR_OK &&
        (st = load_rejects(d, paths->rejects, err)) == QTR_OK &&
        (st = check_facts(paths->facts, err)) == QTR_OK)
        count_reporting(d);
    if (st != QTR_OK) {
        chart_data_free(d);
        return st;
    }
    for (size_t i = 0; i < d->ninds; i++)
        derive_baseline(&d->inds[i]);
    *out = d;
    return QTR_OK;
}
