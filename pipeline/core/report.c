/* report.c — the report of one quarter (see report.h): rows, ranks, trend and summary. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "words.h"

/* ---------------------------------------------------------------- the object */

static void row_clear(qtr_progress_row *row, int unit, int indicator, qtr_period period)
{
    memset(row, 0, sizeof *row);
    row->unit = unit;
    row->indicator = indicator;
    row->period = period;
    row->target = row->actual = row->completion = row->time_progress = row->progress = NAN;
    row->pace_gap_pp = row->expected = row->gap_to_target = row->forecast = NAN;
    row->required_per_quarter = row->baseline = row->prev_year_actual = row->yoy_growth = NAN;
}

qtr_report *qtr_report_new(const qtr_plan *plan, qtr_period period)
{
    qtr_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->plan = plan;
    r->period = period;
    r->nind = plan->nindicators;
    r->nunits = plan->nunits;
    r->rows = calloc((r->nunits + 1) * (r->nind ? r->nind : 1), sizeof *r->rows);
    r->trend_start = calloc(r->nind + 1, sizeof *r->trend_start);
    r->sum.headline = qtr_strdup("");
    r->sum.missing_units = qtr_strdup("");
    r->sum.missing_text = qtr_strdup("");
    r->sum.input_text = qtr_strdup("");
    if (!r->rows || !r->trend_start || !r->sum.headline || !r->sum.missing_units ||
        !r->sum.missing_text || !r->sum.input_text) {
        qtr_report_free(r);
        return NULL;
    }
    for (int u = -1; u < (int)r->nunits; u++)
        for (size_t i = 0; i < r->nind; i++)
            row_clear(qtr_report_row(r, u, i), u, (int)i, period);
    return r;
}

void qtr_report_free(qtr_report *r)
{
    if (!r)
        return;
    free(r->rows);
    free(r->trend);
    free(r->trend_start);
    free(r->sum.headline);
    free(r->sum.missing_units);
    free(r->sum.missing_text);
    free(r->sum.input_text);
    free(r->sum.tasks_text);
    qtr_task_report_free(r->tasks);
    free(r);
}

qtr_progress_row *qtr_report_row(const qtr_report *r, int unit, size_t i)
{
    return &r->rows[(size_t)(unit + 1) * r->nind + i];
}

const char *qtr_report_unit_name(const qtr_report *r, int unit)
{
    return unit < 0 ? r->plan->total_name : r->plan->units[unit].name;
}

size_t qtr_report_key_indicators(const qtr_report *r, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++)
        if (r->plan->indicators[i].key)
            idx[n++] = i;
    if (n == 0)
        for (size_t i = 0; i < r->nind; i++)
            idx[n++] = i;
    return n;
}

/* ---------------------------------------------------------------- ranks */

typedef struct {
    int unit;
    int exact;               /* compare qty, not value */
    qtr_qty qty;
    double value;
} rank_item;

static int item_cmp_desc(const rank_item *x, const rank_item *y)
{
    if (x->exact && y->exact)
        return (x->qty < y->qty) - (x->qty > y->qty);
    return (x->value < y->value) - (x->value > y->value);
}

static int rank_cmp(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    int c = item_cmp_desc(x, y);
    return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

/* Competition ranking (1, 2, 2, 4), highest first, of the n items; rank[unit] is set for each
 * item (the others are left alone). */
static void competition_rank(rank_item *items, size_t n, int *rank)
{
    qsort(items, n, sizeof *items, rank_cmp);
    for (size_t k = 0; k < n; k++)
        rank[items[k].unit] = k > 0 && item_cmp_desc(&items[k - 1], &items[k]) == 0
                                  ? rank[items[k - 1].unit]
                                  : (int)k + 1;
}

/* A unit row takes part in a ranking when it has a value this year: some quarter of the
 * report year up to the period reported (a unit that reported nothing is not last, it is
 * unranked). */
static int has_value(const qtr_progress_row *row, qtr_period period)
{
    return !isnan(row->actual) && row->nmissing < qtr_period_quarter(period);
}

/* Ranks the unit rows rows[0..nunits) (one indicator) by basis, or by yoy_growth when yoy;
 * rank[u] receives each unit's rank, 0 when unranked. */
static void rank_rows(const qtr_progress_row *const *rows, size_t nunits, qtr_rank_basis basis,
                      int yoy, qtr_period period, rank_item *items, int *rank)
{
    size_t n = 0;
    for (size_t u = 0; u < nunits; u++) {
        const qtr_progress_row *row = rows[u];
        rank[u] = 0;
        double value = yoy ? row->yoy_growth : basis == QTR_RANK_COMPLETION ? row->completion : row->actual;
        if (!has_value(row, period) || isnan(value))
            continue;
        items[n].unit = (int)u;
        items[n].exact = !yoy && basis == QTR_RANK_ACTUAL && row->exact;
        items[n].qty = row->actual_qty;
        items[n].value = value;
        n++;
    }
    competition_rank(items, n, rank);
}

static qtr_rank_basis basis_of(const qtr_indicator *ind)
{
    return ind->unit_targets ? QTR_RANK_COMPLETION : QTR_RANK_ACTUAL;
}

/* Sets rank_basis, rank, yoy_rank and rank_prev of every unit row; rank_prev from the rows of
 * the previous quarter of the same year, computed here. */
static qtr_status rank_all(qtr_report *r, const qtr_values *v)
{
    size_t n = r->nunits ? r->nunits : 1;
    rank_item *items = malloc(n * sizeof *items);
    int *rank = malloc(n * sizeof *rank);
    const qtr_progress_row **rows = malloc(n * sizeof *rows);
    qtr_progress_row *prev = qtr_period_quarter(r->period) > 1 ? malloc(n * sizeof *prev) : NULL;
    qtr_status st = QTR_OK;
    if (!items || !rank || !rows || (qtr_period_quarter(r->period) > 1 && !prev))
        st = QTR_ERR_NOMEM;
    for (size_t i = 0; st == QTR_OK && i < r->nind; i++) {
        qtr_rank_basis basis = basis_of(&r->plan->indicators[i]);
        for (size_t u = 0; u < r->nunits; u++)
            rows[u] = qtr_report_row(r, (int)u, i);
        rank_rows(rows, r->nunits, basis, 0, r->period, items, rank);
        for (size_t u = 0; u < r->nunits; u++) {
            qtr_progress_row *row = qtr_report_row(r, (int)u, i);
            row->rank_basis = basis;
            row->rank = rank[u];
        }
        rank_rows(rows, r->nunits, basis, 1, r->period, items, rank);
        for (size_t u = 0; u < r->nunits; u++)
            qtr_report_row(r, (int)u, i)->yoy_rank = rank[u];
        if (!prev)
            continue;
        for (size_t u = 0; u < r->nunits; u++) {
            qtr_progress_compute(v, (int)u, (int)i, r->period - 1, &prev[u]);
            rows[u] = &prev[u];
        }
        rank_rows(rows, r->nunits, basis, 0, r->period - 1, items, rank);
        for (size_t u = 0; u < r->nunits; u++)
            qtr_report_row(r, (int)u, i)->rank_prev = rank[u];
    }
    free(items);
    free(rank);
    free(rows);
    free(prev);
    return st;
}

/* ---------------------------------------------------------------- trend */

static qtr_status trend_all(qtr_report *r, const qtr_values *v)
{
    size_t total = 0;
    for (size_t i = 0; i < r->nind; i++) {
        qtr_period from = qtr_tracking_start(r->plan, &r->plan->indicators[i], r->period);
        total += r->period >= from ? (size_t)(r->period - from + 1) : 0;
    }
    r->trend = calloc(total ? total : 1, sizeof *r->trend);
    if (!r->trend)
        return QTR_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++) {
        const qtr_indicator *ind = &r->plan->indicators[i];
        r->trend_start[i] = n;
        for (qtr_period k = qtr_tracking_start(r->plan, ind, r->period); k <= r->period; k++) {
            qtr_trend_quarter q;
            qtr_trend_compute(v, -1, (int)i, k, &q);
            qtr_trend_point *pt = &r->trend[n++];
            pt->period = k;
            pt->actual = q.row.actual;
            pt->expected = q.row.expected;
            pt->time_progress = q.row.time_progress;
            if (ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW)
                pt->amount = q.has_amount ? qtr_qty_to_double(q.amount_qty) : NAN;
            else
                pt->amount = q.row.actual;
        }
    }
    r->trend_start[r->nind] = n;
    return QTR_OK;
}

/* ---------------------------------------------------------------- summary */

static qtr_status set_text(char **slot, qtr_buf *b)
{
    char *s = qtr_strdup(qtr_buf_str(b));
    if (!s)
        return QTR_ERR_NOMEM;
    free(*slot);
    *slot = s;
    return QTR_OK;
}

qtr_status qtr_report_summarize(qtr_report *r)
{
    qtr_report_summary *s = &r->sum;
    memset(s->count, 0, sizeof s->count);
    for (size_t i = 0; i < r->nind; i++)
        s->count[qtr_report_row(r, -1, i)->status]++;
    s->units_missing = s->missing_rows = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        size_t rows = 0;
        for (size_t i = 0; i < r->nind; i++)
            rows += qtr_report_row(r, (int)u, i)->missing[0] != '\0';
        s->missing_rows += rows;
        s->units_missing += rows > 0;
    }
    s->exit_code = s->missing_rows > 0 || (s->input.known && s->input.errors_in_scope > 0);
    qtr_buf b = {0};
    qtr_status st = qtr_words_headline(r->nind, s->count, &b);
    if (st == QTR_OK)
        st = set_text(&s->headline, &b);
    qtr_buf_clear(&b);
    if (st == QTR_OK && (st = qtr_words_missing_units(r, 0, &b)) == QTR_OK)
        st = set_text(&s->missing_units, &b);
    qtr_buf_clear(&b);
    if (st == QTR_OK && (st = qtr_words_missing_units(r, 1, &b)) == QTR_OK)
        st = set_text(&s->missing_text, &b);
    qtr_buf_clear(&b);
    if (st == QTR_OK && (st = qtr_words_input(&s->input, &b)) == QTR_OK)
        st = set_text(&s->input_text, &b);
    qtr_buf_free(&b);
    return st;
}

/* Units with some value of the reported quarter itself. */
static size_t units_reporting(const qtr_report *r, const qtr_values *v)
{
    size_t n = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        int any = 0;
        for (size_t s = 0; s < r->plan->nseries && !any; s++) {
            size_t cell = (u * r->plan->nseries + s) * v->nq + (size_t)(r->period - v->first);
            any = r->period >= v->first && r->period <= v->last && v->state[cell] == 2;
        }
        n += (size_t)any;
    }
    return n;
}

/* ---------------------------------------------------------------- compute */

qtr_report *qtr_report_compute(const qtr_values *v, qtr_period period, const qtr_input_counts *input)
{
    qtr_report *r = qtr_report_new(v->plan, period);
    if (!r)
        return NULL;
    for (int u = -1; u < (int)r->nunits; u++)
        for (size_t i = 0; i < r->nind; i++)
            qtr_progress_compute(v, u, (int)i, period, qtr_report_row(r, u, i));
    if (input)
        r->sum.input = *input;
    r->sum.units_reporting = units_reporting(r, v);
    if (rank_all(r, v) != QTR_OK || trend_all(r, v) != QTR_OK || qtr_report_summarize(r) != QTR_OK) {
        qtr_report_free(r);
        return NULL;
    }
    return r;
}

qtr_status qtr_report_set_tasks(qtr_report *r, qtr_task_report *tasks)
{
    qtr_report_summary *s = &r->sum;
    qtr_task_report_free(r->tasks);
    r->tasks = tasks;
    s->has_tasks = 1;
    s->ntasks = tasks->n;
    memcpy(s->tasks, tasks->count, sizeof s->tasks);
    qtr_buf b = {0};
    qtr_status st = qtr_words_tasks(s->ntasks, s->tasks, &b);
    free(s->tasks_text);
    s->tasks_text = st == QTR_OK ? qtr_strdup(qtr_buf_str(&b)) : NULL;
    qtr_buf_free(&b);
    return s->tasks_text ? QTR_OK : QTR_ERR_NOMEM;
}
