/* facts_io.c — facts.csv read into the value grid of compare (see facts_io.h). */
#include "facts_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "text.h"

/* ---------------------------------------------------------------- facts.csv */

typedef struct {
    const qtr_plan *plan;
    const char *path;
    qtr_error *err;
    qtr_status st;
    int header;
    long cols[4];          /* period, unit, indicator, value */
    size_t ncols;
    qtr_values *v;         /* NULL on the pass that finds the latest period */
    qtr_period latest;
    qtr_period period;
    long nvalues;
    /* the previous row's keys: facts.csv repeats them row after row */
    char last_period[16], last_unit[256], last_series[80];
    qtr_period cached_period;
    long cached_unit, cached_series;
} facts_reader;

/* Looks up a field, reusing the previous row's answer when the text is the same. */
static int same_as(char *cache, size_t size, const qtr_field *f)
{
    if (f->n < size && memcmp(cache, f->s, f->n) == 0 && cache[f->n] == '\0')
        return 1;
    if (f->n < size) {
        memcpy(cache, f->s, f->n);
        cache[f->n] = '\0';
    } else {
        cache[0] = '\0';
    }
    return 0;
}

static int facts_fail(facts_reader *r, long line, const char *what)
{
    r->st = qtr_error_set(r->err, QTR_ERR_PARSE, r->path, line, 0, "%s", what);
    return 1;
}

static int facts_header(facts_reader *r, const qtr_record *rec)
{
    static const char *const names[4] = {"period", "unit", "indicator", "value"};
    r->header = 1;
    r->ncols = rec->nfields;
    for (int k = 0; k < 4; k++) {
        r->cols[k] = -1;
        for (size_t i = 0; i < rec->nfields; i++)
            if (rec->fields[i].n == strlen(names[k]) && memcmp(rec->fields[i].s, names[k], rec->fields[i].n) == 0)
                r->cols[k] = (long)i;
        if (r->cols[k] < 0)
            return facts_fail(r, rec->line, "not a facts file: needs columns period,unit,indicator,value");
    }
    return 0;
}

static int facts_record(void *ctx, const qtr_record *rec)
{
    facts_reader *r = ctx;
    if (!r->header)
        return facts_header(r, rec);
    if (rec->nfields != r->ncols)
        return facts_fail(r, rec->line, "wrong number of fields");
    const qtr_field *pf = &rec->fields[r->cols[0]], *uf = &rec->fields[r->cols[1]];
    const qtr_field *sf = &rec->fields[r->cols[2]], *vf = &rec->fields[r->cols[3]];
    if (!same_as(r->last_period, sizeof r->last_period, pf))
        r->cached_period = qtr_period_parse(pf->s, pf->n);
    qtr_period p = r->cached_period;
    if (p == QTR_PERIOD_NONE)
        return facts_fail(r, rec->line, "bad period");
    if (r->v && (p < r->v->first || p > r->v->last))
        return 0; /* outside the report's window (most of a long history): not needed */
    if (!same_as(r->last_unit, sizeof r->last_unit, uf))
        r->cached_unit = qtr_plan_find_unit(r->plan, uf->s, uf->n);
    long u = r->cached_unit;
    if (u < 0)
        return facts_fail(r, rec->line, "unit not in the plan's roster");
    char num[80];
    if (sf->n >= sizeof r->last_series || vf->n >= sizeof num)
        return facts_fail(r, rec->line, "field too long");
    if (!same_as(r->last_series, sizeof r->last_series, sf))
        r->cached_series = qtr_plan_find_series(r->plan, r->last_series);
    long s = r->cached_series;
    if (s < 0)
        return facts_fail(r, rec->line, "indicator is not a series of the plan");
    memcpy(num, vf->s, vf->n);
    num[vf->n] = '\0';
    int missing = vf->n == 0;
    qtr_qty value = 0;
    if (!missing && qtr_qty_from_decimal(num, &value) != 0)
        return facts_fail(r, rec->line, "value is not a decimal number");
    if (!r->v) {
        qtr_period first = qtr_period_make(r->plan->start_year, 1);
        qtr_period last = qtr_period_make(r->plan->end_year, 4);
        if (!missing && p >= first && p <= last && p > r->latest)
            r->latest = p;
        return 0;
    }
    qtr_values_set(r->v, (int)u, (int)s, p, missing, value);
    if (p == r->period && !missing)
        r->nvalues++;
    return 0;
}

static int facts_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                       const char *reason)
{
    (void)end_line;
    (void)raw;
    (void)raw_n;
    return facts_fail(ctx, line, reason);
}

static qtr_status read_facts(facts_reader *r)
{
    long bad_line = 0;
    qtr_status st = qtr_csv_read_file(r->path, facts_record, facts_error, r, &bad_line);
    if (st == QTR_ERR_OPEN)
        return qtr_error_set(r->err, st, r->path, 0, 0, "cannot read");
    if (st == QTR_ERR_NOMEM)
        return qtr_error_set(r->err, st, r->path, 0, 0, "out of memory");
    if (st == QTR_ERR_DECODE)
        return qtr_error_set(r->err, QTR_ERR_PARSE, r->path, bad_line, 0, "not valid UTF-8");
    if (r->st == QTR_OK && !r->header)
        return qtr_error_set(r->err, QTR_ERR_PARSE, r->path, 0, 0, "empty file");
    return r->st;
}

static void reader_init(facts_reader *r, const qtr_plan *plan, const char *path, qtr_period period,
                        qtr_error *err)
{
    memset(r, 0, sizeof *r);
    r->plan = plan;
    r->path = path;
    r->err = err;
    r->period = period;
    r->latest = QTR_PERIOD_NONE;
    r->cached_period = QTR_PERIOD_NONE;
    r->cached_unit = r->cached_series = -1;
}

qtr_status qtr_facts_latest(const qtr_plan *plan, const char *path, qtr_period *out, qtr_error *err)
{
    facts_reader r;
    reader_init(&r, plan, path, QTR_PERIOD_NONE, err);
    qtr_status st = read_facts(&r);
    if (st != QTR_OK)
        return st;
    if (r.latest == QTR_PERIOD_NONE)
        return qtr_error_set(err, QTR_ERR_NODATA, path, 0, 0, "no value of any quarter of %d-%d",
                             plan->start_year, plan->end_year);
    *out = r.latest;
    return QTR_OK;
}

qtr_status qtr_facts_load(const qtr_plan *plan, const char *path, qtr_period period,
                          qtr_values **out, long *nvalues, qtr_error *err)
{
    facts_reader r;
    reader_init(&r, plan, path, period, err);
    r.v = qtr_values_new(plan, period);
    *out = NULL;
    if (!r.v)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    qtr_status st = read_facts(&r);
    if (st != QTR_OK) {
        qtr_values_free(r.v);
        return st;
    }
    *out = r.v;
    *nvalues = r.nvalues;
    return QTR_OK;
}
