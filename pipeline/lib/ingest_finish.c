/* ingest_finish.c — the cross-file part of ingest: duplicates (identical: kept once;
 * conflicting: all rejected), quarter amounts from year-to-date input, the report period,
 * baseline warnings, and writing facts.csv / rejects.csv.
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "text.h"

qtr_period qtr_baseline_period(const qtr_plan *plan, qtr_period period)
{
    (void)period;
    return qtr_period_make(plan->start_year - 1, 4);
}

/* ---------------------------------------------------------------- ordering */

static const qtr_ingest *sort_ing; /* qsort has no context argument; set around each sort */

static int cmp_key(const void *a, const void *b)
{
    const qtr_ingest_fact *x = &sort_ing->facts[*(const size_t *)a];
    const qtr_ingest_fact *y = &sort_ing->facts[*(const size_t *)b];
    if (x->series != y->series)
        return x->series < y->series ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    return ia < ib ? -1 : ia > ib;
}

/* Indices of all facts sorted by (series, unit, period, input order). */
static size_t *sorted_index(const qtr_ingest *ing)
{
    size_t *idx = malloc((ing->nfacts ? ing->nfacts : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < ing->nfacts; i++)
        idx[i] = i;
    sort_ing = ing;
    if (ing->nfacts > 1)
        qsort(idx, ing->nfacts, sizeof *idx, cmp_key);
    sort_ing = NULL;
    return idx;
}

static int same_key(const qtr_ingest_fact *a, const qtr_ingest_fact *b)
{
    return a->series == b->series && a->unit == b->unit && a->period == b->period;
}

static int same_value(const qtr_ingest_fact *a, const qtr_ingest_fact *b)
{
    return a->missing == b->missing && (a->missing || a->input == b->input);
}

/* The value as the cell gave it, in the column's own unit (13000 for 1.3 亿元 read from 万元). */
static char *cell_value(const qtr_ingest_fact *f, char *buf)
{
    qtr_qty q = f->input;
    for (int k = f->pow10; k > 0; k--)
        q /= 10; /* exact: the value was multiplied by these powers when read */
    for (int k = f->pow10; k < 0; k++)
        q *= 10;
    return qtr_qty_format(q, buf);
}

static void describe(const qtr_ingest *ing, const qtr_ingest_fact *f, char *buf, size_t size)
{
    char conv[QTR_QTY_BUFSIZE];
    const qtr_series *s = &ing->plan->series[f->series];
    if (f->missing)
        snprintf(buf, size, "not reported (%s:%ld)", ing->sources[f->source], f->line);
    else
        snprintf(buf, size, "%s %s (%s:%ld)", qtr_qty_format(f->input, conv), s->unit,
                 ing->sources[f->source], f->line);
}

static qtr_status reject_fact(qtr_ingest *ing, const qtr_ingest_fact *f, qtr_severity sev,
                              const char *reason)
{
    char raw[QTR_QTY_BUFSIZE];
    if (f->missing)
        raw[0] = '\0';
    else
        cell_value(f, raw);
    const qtr_strlist *h = &ing->headers[f->source];
    const char *column = f->column >= 1 && (size_t)f->column <= h->count
                             ? h->items[f->column - 1]
                             : ing->plan->series[f->series].headers[0];
    return qtr_ingest_add_reject(ing, f->source, f->line, f->column, column, raw, sev,
                                 f->period, reason);
}

/* One group of facts with the same key, g[0..n) in input order. */
static qtr_status resolve_group(qtr_ingest *ing, const size_t *g, size_t n)
{
    /* a value and "not reported" for the same key: the value stands, the blank is noted */
    size_t nvalues = 0;
    for (size_t i = 0; i < n; i++)
        nvalues += !ing->facts[g[i]].missing;
    int conflict = 0;
    const qtr_ingest_fact *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const qtr_ingest_fact *f = &ing->facts[g[i]];
        if (nvalues && f->missing)
            continue;
        if (!first)
            first = f;
        else if (!same_value(first, f))
            conflict = 1;
    }
    char a[300], b[300], msg[900], per[8];
    const qtr_plan *plan = ing->plan;
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        qtr_ingest_fact *f = &ing->facts[g[i]];
        qtr_period_format(f->period, per);
        if (conflict && !(nvalues && f->missing)) {
            f->dropped = 1;
            describe(ing, first == f ? &ing->facts[g[i == 0 ? 1 : 0]] : first, b, sizeof b);
            describe(ing, f, a, sizeof a);
            snprintf(msg, sizeof msg, "conflicting values for %s %s %s: %s vs %s; all of them "
                     "rejected, none summed", per, plan->units[f->unit].name,
                     plan->series[f->series].id, a, b);
            st = reject_fact(ing, f, QTR_SEV_ERROR, msg);
        } else if (f != first) {
            f->dropped = 1;
            describe(ing, first, b, sizeof b);
            snprintf(msg, sizeof msg, "%s %s %s given again%s; kept once (%s)", per,
                     plan->units[f->unit].name, plan->series[f->series].id,
                     f->missing && nvalues ? " as not reported" : " with the same value", b);
            st = reject_fact(ing, f, QTR_SEV_WARNING, msg);
        }
    }
    return st;
}

static qtr_status resolve_duplicates(qtr_ingest *ing, size_t *idx)
{
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < ing->nfacts && st == QTR_OK;) {
        size_t j = i + 1;
        while (j < ing->nfacts && same_key(&ing->facts[idx[i]], &ing->facts[idx[j]]))
            j++;
        if (j - i > 1)
            st = resolve_group(ing, idx + i, j - i);
        i = j;
    }
    return st;
}

/* Year-to-date series: quarter amount = YTD(q) - YTD(latest earlier reported quarter of the
 * year). A decrease is kept (so that the cumulative equals the latest YTD) and flagged. */
static qtr_status derive_ytd(qtr_ingest *ing, const size_t *idx)
{
    const qtr_plan *plan = ing->plan;
    qtr_status st = QTR_OK;
    const qtr_ingest_fact *prev = NULL;
    for (size_t i = 0; i < ing->nfacts && st == QTR_OK; i++) {
        qtr_ingest_fact *f = &ing->facts[idx[i]];
        const qtr_series *s = &plan->series[f->series];
        if (f->dropped || f->missing || f->from_long || s->basis != QTR_BASIS_YTD)
            continue;
        if (prev && (prev->series != f->series || prev->unit != f->unit ||
                     qtr_period_year(prev->period) != qtr_period_year(f->period)))
            prev = NULL;
        if (prev && !prev->from_long) {
            f->value = f->input - prev->input;
            if (f->value < 0) {
                char a[QTR_QTY_BUFSIZE], b[QTR_QTY_BUFSIZE], per[8], pper[8], msg[500];
                snprintf(msg, sizeof msg, "year-to-date value of %s for %s decreased from %s (%s) "
                         "to %s (%s); the quarter amount is negative", s->id,
                         plan->units[f->unit].name, qtr_qty_format(prev->input, a),
                         qtr_period_format(prev->period, pper), qtr_qty_format(f->input, b),
                         qtr_period_format(f->period, per));
                st = reject_fact(ing, f, QTR_SEV_WARNING, msg);
            }
        }
        prev = f;
    }
    return st;
}

/* ---------------------------------------------------------------- period and baselines */

static int has_value(const qtr_ingest *ing, qtr_period p)
{
    for (size_t i = 0; i < ing->nfacts; i++)
        if (!ing->facts[i].dropped && !ing->facts[i].missing && ing->facts[i].period == p)
            return 1;
    return 0;
}

static qtr_status choose_period(qtr_ingest *ing, qtr_period requested, qtr_error *err)
{
    const qtr_plan *plan = ing->plan;
    qtr_period first = qtr_period_make(plan->start_year, 1);
    qtr_period last = qtr_period_make(plan->end_year, 4);
    char per[8];
    if (requested != QTR_PERIOD_NONE) {
        if (requested < first || requested > last)
            return qtr_error_set(err, QTR_ERR_USAGE, "", 0, 0,
                                 "period %s is outside the plan's horizon %d-%d",
                                 qtr_period_format(requested, per), plan->start_year, plan->end_year);
        ing->period = requested;
        if (!has_value(ing, requested))
            return qtr_error_set(err, QTR_ERR_NODATA, "", 0, 0,
                                 "no value of %s was accepted from the input", per);
        return QTR_OK;
    }
    qtr_period best = QTR_PERIOD_NONE;
    for (size_t i = 0; i < ing->nfacts; i++) {
        const qtr_ingest_fact *f = &ing->facts[i];
        if (!f->dropped && !f->missing && f->period >= first && f->period <= last && f->period > best)
            best = f->period;
    }
    if (best == QTR_PERIOD_NONE)
        return qtr_error_set(err, QTR_ERR_NODATA, "", 0, 0,
                             "no value of any quarter of %d-%d was accepted from the input",
                             plan->start_year, plan->end_year);
    ing->period = best;
    return QTR_OK;
}

/* Warns about stock units without a baseline-quarter value (SPEC 4.4). */
static qtr_status baseline_warnings(qtr_ingest *ing)
{
    const qtr_plan *plan = ing->plan;
    qtr_period bp = qtr_baseline_period(plan, ing->period);
    qtr_period first = qtr_period_make(plan->start_year, 1);
    char bper[8], per[8], msg[600];
    qtr_period_format(bp, bper);
    qtr_status st = QTR_OK;
    for (size_t k = 0; k < plan->nindicators && st == QTR_OK; k++) {
        const qtr_indicator *ind = &plan->indicators[k];
        if (ind->kind != QTR_KIND_STOCK || ind->has_baseline)
            continue;
        size_t nu = plan->nunits;
        qtr_period *earliest = malloc(nu * sizeof *earliest);
        int *at_base = calloc(nu, sizeof *at_base);
        if (!earliest || !at_base) {
            free(earliest);
            free(at_base);
            return QTR_ERR_NOMEM;
        }
        for (size_t u = 0; u < nu; u++)
            earliest[u] = QTR_PERIOD_NONE;
        int any = 0;
        for (size_t i = 0; i < ing->nfacts; i++) {
            const qtr_ingest_fact *f = &ing->facts[i];
            if (f->dropped || f->missing || f->series != ind->series)
                continue;
            if (f->period == bp)
                at_base[f->unit] = any = 1;
            else if (f->period >= first && f->period <= ing->period &&
                     (earliest[f->unit] == QTR_PERIOD_NONE || f->period < earliest[f->unit]))
                earliest[f->unit] = f->period;
        }
        if (!any) {
            snprintf(msg, sizeof msg, "no unit reported %s for %s (%s): the stock has no baseline; "
                     "progress equals completion", bper, ind->id, ind->name);
            st = qtr_ingest_add_reject(ing, -1, 0, 0, "", "", QTR_SEV_WARNING, bp, msg);
        }
        for (size_t u = 0; u < nu && any && st == QTR_OK; u++) {
            if (at_base[u])
                continue;
            if (earliest[u] != QTR_PERIOD_NONE)
                snprintf(msg, sizeof msg, "%s has no %s value for %s (%s); its baseline is its "
                         "first value, of %s", plan->units[u].name, bper, ind->id, ind->name,
                         qtr_period_format(earliest[u], per));
            else
                snprintf(msg, sizeof msg, "%s has no %s value for %s (%s) and none since; it has "
                         "no baseline", plan->units[u].name, bper, ind->id, ind->name);
            st = qtr_ingest_add_reject(ing, -1, 0, 0, "", "", QTR_SEV_WARNING, bp, msg);
        }
        free(earliest);
        free(at_base);
    }
    return st;
}

qtr_status qtr_ingest_finish(qtr_ingest *ing, qtr_period requested, qtr_error *err)
{
    size_t *idx = sorted_index(ing);
    if (!idx)
        return qtr_error_set(err, QTR_ERR_NOMEM, "", 0, 0, "out of memory");
    qtr_status st = resolve_duplicates(ing, idx);
    if (st == QTR_OK)
        st = derive_ytd(ing, idx);
    free(idx);
    if (st != QTR_OK)
        return qtr_error_set(err, st, "", 0, 0, "out of memory");
    st = choose_period(ing, requested, err);
    if (st == QTR_OK && (st = baseline_warnings(ing)) != QTR_OK)
        return qtr_error_set(err, st, "", 0, 0, "out of memory");
    return st;
}

/* ---------------------------------------------------------------- counts */

long qtr_ingest_errors_in_scope(const qtr_ingest *ing)
{
    if (ing->period == QTR_PERIOD_NONE)
        return qtr_ingest_count(ing, QTR_SEV_ERROR);
    qtr_period from = qtr_period_make(qtr_period_year(ing->period), 1);
    qtr_period base = qtr_baseline_period(ing->plan, ing->period);
    long n = 0;
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        if (r->severity != QTR_SEV_ERROR)
            continue;
        if (r->period == QTR_PERIOD_NONE || r->period == base ||
            (r->period >= from && r->period <= ing->period))
            n++;
    }
    return n;
}

long qtr_ingest_count(const qtr_ingest *ing, qtr_severity sev)
{
    long n = 0;
    for (size_t i = 0; i < ing->nrejects; i++)
        n += ing->rejects[i].severity == sev;
    return n;
}

long qtr_ingest_kept_facts(const qtr_ingest *ing)
{
    long n = 0;
    for (size_t i = 0; i < ing->nfacts; i++)
        n += !ing->facts[i].dropped;
    return n;
}

/* ---------------------------------------------------------------- writers */

qtr_status qtr_ingest_write_facts(const qtr_ingest *ing, const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    qtr_csvw_header(w, "period,unit,indicator,value,source,line");
    char per[8], v[QTR_QTY_BUFSIZE];
    for (size_t i = 0; i < ing->nfacts; i++) {
        const qtr_ingest_fact *f = &ing->facts[i];
        if (f->dropped)
            continue;
        qtr_csvw_str(w, qtr_period_format(f->period, per));
        qtr_csvw_str(w, ing->plan->units[f->unit].name);
        qtr_csvw_str(w, ing->plan->series[f->series].id);
        qtr_csvw_str(w, f->missing ? "" : qtr_qty_format(f->value, v));
        qtr_csvw_str(w, ing->sources[f->source]);
        qtr_csvw_long(w, f->line);
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}

static int cmp_reject(const void *a, const void *b)
{
    const qtr_reject *x = a, *y = b;
    /* findings about the data as a whole (source -1) come last */
    int xs = x->source < 0 ? 1 << 30 : x->source, ys = y->source < 0 ? 1 << 30 : y->source;
    if (xs != ys)
        return xs < ys ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

qtr_status qtr_ingest_write_rejects(qtr_ingest *ing, const char *path, qtr_error *err)
{
    if (ing->nrejects > 1)
        qsort(ing->rejects, ing->nrejects, sizeof *ing->rejects, cmp_reject);
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    qtr_csvw_header(w, "source,line,column,raw,severity,reason");
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        qtr_csvw_str(w, r->source >= 0 ? ing->sources[r->source] : "");
        if (r->line > 0)
            qtr_csvw_long(w, r->line);
        else
            qtr_csvw_str(w, "");
        qtr_csvw_str(w, r->column_name);
        qtr_csvw_str(w, r->raw);
        qtr_csvw_str(w, r->severity == QTR_SEV_ERROR ? "error" : "warning");
        qtr_csvw_str(w, r->reason);
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}
