/* wbfacts.c — facts.csv streamed through the core's CSV reader (csvr.h) into the compact rows
 * of 数据: every row checked, all rows kept up to the budget, then only the report's quarters
 * (the rows kept so far are filtered once). The reader stops at the first malformed line:
 * facts.csv is written by the pipeline, so the workbook reports it instead of skipping it.
 */
#include "wbfacts.h"

#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "wbinput.h"

enum { F_PERIOD, F_UNIT, F_INDICATOR, F_VALUE, F_SOURCE, F_LINE, NFIELDS };

static const char *const FIELD_NAMES[NFIELDS] = {"period", "unit", "indicator", "value", "source", "line"};

typedef struct {
    qtr_wb_facts *f;
    const char *path;
    qtr_error *err;
    qtr_status st;           /* the first error; QTR_OK while reading */
    int have_header;
    size_t nfields;          /* fields of the header: every row has as many */
    size_t col[NFIELDS];
} loader;

int qtr_wb_facts_in_scope(const qtr_wb_facts *f, qtr_period p)
{
    return (p >= f->first && p <= f->last) || p == f->base;
}

/* "2025Q3" as facts.csv writes it, else any spelling qtr_period_parse knows. */
static qtr_period parse_period(const char *s, size_t n)
{
    if (n == 6 && s[4] == 'Q' && s[5] >= '1' && s[5] <= '4') {
        int y = 0, i = 0;
        while (i < 4 && s[i] >= '0' && s[i] <= '9')
            y = y * 10 + (s[i++] - '0');
        if (i == 4 && y >= QTR_YEAR_MIN && y <= QTR_YEAR_MAX)
            return qtr_period_make(y, s[5] - '0');
    }
    return qtr_period_parse(s, n);
}

/* A number field: plain digits (most values and every line) without strtod, else
 * qtr_wb_parse_number. Returns 0, or -1 when not a number. */
static int parse_number(const char *s, size_t n, double *v)
{
    if (n > 0 && n <= 15) {  /* below 2^53: exact, as strtod reads it */
        double x = 0;
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            x = x * 10 + (s[i++] - '0');
        if (i == n) {
            *v = x;
            return 0;
        }
    }
    char buf[80];
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return qtr_wb_parse_number(buf, v);
}

/* The field's text for a message, NUL-terminated in buf (cut at size - 1 bytes). */
static const char *shown(const qtr_field *f, char *buf, size_t size)
{
    size_t n = f->n < size - 1 ? f->n : size - 1;
    memcpy(buf, f->s, n);
    buf[n] = '\0';
    return buf;
}

static int field_is(const qtr_field *f, const char *s)
{
    return f->n == strlen(s) && memcmp(f->s, s, f->n) == 0;
}

static int on_header(loader *l, const qtr_record *rec)
{
    l->have_header = 1;
    l->nfields = rec->nfields;
    for (size_t c = 0; c < NFIELDS; c++) {
        size_t i = 0;
        while (i < rec->nfields && !field_is(&rec->fields[i], FIELD_NAMES[c]))
            i++;
        if (i == rec->nfields) {
            l->st = qtr_error_set(l->err, QTR_ERR_PARSE, l->path, rec->line, 0, "no column named '%s'",
                                  FIELD_NAMES[c]);
            return 1;
        }
        l->col[c] = i;
    }
    return 0;
}

/* Drops the kept rows outside the report's quarters (once, when the budget is passed). */
static void keep_scope(qtr_wb_facts *f)
{
    size_t out = 0;
    for (size_t i = 0; i < f->n; i++) {
        uint32_t id = f->rows[i].period;
        if (qtr_wb_facts_in_scope(f, parse_period(f->texts.text[id], f->texts.len[id])))
            f->rows[out++] = f->rows[i];
    }
    f->n = out;
}

static qtr_status keep(loader *l, const qtr_record *rec, double value, double line)
{
    qtr_wb_facts *f = l->f;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 1024;
        qtr_wb_fact *rows = realloc(f->rows, cap * sizeof *rows);
        if (!rows)
            return qtr_error_set(l->err, QTR_ERR_NOMEM, l->path, 0, 0, "out of memory");
        f->rows = rows;
        f->cap = cap;
    }
    qtr_wb_fact *row = &f->rows[f->n];
    uint32_t *ids[4] = {&row->period, &row->unit, &row->indicator, &row->source};
    static const int fields[4] = {F_PERIOD, F_UNIT, F_INDICATOR, F_SOURCE};
    for (size_t k = 0; k < 4; k++) {
        size_t c = l->col[fields[k]];
        if (qtr_wb_intern_add(&f->texts, rec->fields[c].s, rec->fields[c].n, ids[k]) != QTR_OK)
            return qtr_error_set(l->err, QTR_ERR_NOMEM, l->path, 0, 0, "out of memory");
    }
    row->value = value;
    row->line = line;
    f->n++;
    return QTR_OK;
}

/* A row: checked (period, value, line), counted, kept when it is to be listed. Returns the
 * row's status (QTR_OK, or the error it set). */
static qtr_status row(loader *l, const qtr_record *rec)
{
    qtr_wb_facts *f = l->f;
    const size_t *c = l->col;
    char buf[100];
    if (rec->nfields != l->nfields)
        return qtr_error_set(l->err, QTR_ERR_PARSE, l->path, rec->line, 0,
                             "%zu fields where the header has %zu", rec->nfields, l->nfields);
    const qtr_field *pf = &rec->fields[c[F_PERIOD]];
    qtr_period p = parse_period(pf->s, pf->n);
    if (p == QTR_PERIOD_NONE)
        return qtr_error_set(l->err, QTR_ERR_PARSE, l->path, rec->line, (long)c[F_PERIOD] + 1,
                             "period '%s' is not a quarter", shown(pf, buf, sizeof buf));
    double v, line;
    static const int nums[2] = {F_VALUE, F_LINE};
    double *out[2] = {&v, &line};
    for (size_t k = 0; k < 2; k++) {
        const qtr_field *nf = &rec->fields[c[nums[k]]];
        if (parse_number(nf->s, nf->n, out[k]) != 0)
            return qtr_error_set(l->err, QTR_ERR_PARSE, l->path, rec->line, (long)c[nums[k]] + 1,
                                 "%s '%s' is not a number", FIELD_NAMES[nums[k]], shown(nf, buf, sizeof buf));
    }
    int in = qtr_wb_facts_in_scope(f, p);
    f->total++;
    f->in_scope += (size_t)in;
    if (!f->scoped && f->total > f->budget) {
        f->scoped = 1;
        keep_scope(f);
    }
    if ((f->scoped && !in) || f->n >= QTR_WB_SHEET_ROWS - 1)
        return QTR_OK;
    return keep(l, rec, v, line);
}

static int on_record(void *ctx, const qtr_record *rec)
{
    loader *l = ctx;
    if (!l->have_header)
        return on_header(l, rec);
    l->st = row(l, rec);
    return l->st != QTR_OK;
}

static int on_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n, const char *reason)
{
    (void)end_line;
    (void)raw;
    (void)raw_n;
    loader *l = ctx;
    l->st = qtr_error_set(l->err, QTR_ERR_PARSE, l->path, line, 0, "%s", reason);
    return 1;
}

/* Reads path with the core's reader; the loader's first error wins. */
static qtr_status read_facts(loader *l)
{
    long bad_line = 0;
    qtr_status rs = qtr_csv_read_file(l->path, on_record, on_error, l, &bad_line);
    if (l->st != QTR_OK)
        return l->st;
    switch (rs) {
    case QTR_OK: break;
    case QTR_ERR_OPEN: return qtr_error_set(l->err, QTR_ERR_OPEN, l->path, 0, 0, "cannot read");
    case QTR_ERR_DECODE: return qtr_error_set(l->err, QTR_ERR_PARSE, l->path, bad_line, 0, "not valid UTF-8");
    case QTR_ERR_NOMEM: return qtr_error_set(l->err, QTR_ERR_NOMEM, l->path, 0, 0, "out of memory");
    default: return qtr_error_set(l->err, rs, l->path, 0, 0, "%s", qtr_strerror(rs));
    }
    if (!l->have_header)
        return qtr_error_set(l->err, QTR_ERR_PARSE, l->path, 0, 0, "empty file: no header");
    return QTR_OK;
}

/* The sort key of a kept row: 数据 lists the facts by period, then by unit in roster order
 * (a unit not on the roster after them), then in file order. */
typedef struct {
    qtr_period period;
    size_t unit, pos;
} fact_key;

static int fact_key_cmp(const void *a, const void *b)
{
    const fact_key *x = a, *y = b;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static qtr_status sort_rows(qtr_wb_facts *f, const qtr_plan *plan, const char *path, qtr_error *err)
{
    if (f->n < 2)
        return QTR_OK;
    size_t nt = f->texts.n ? f->texts.n : 1;
    fact_key *k = malloc(f->n * sizeof *k);
    qtr_wb_fact *rows = malloc(f->n * sizeof *rows);
    /* a text's unit and period, looked up when first met (texts repeat on every row) */
    size_t *unit_of = malloc(nt * sizeof *unit_of);
    qtr_period *period_of = malloc(nt * sizeof *period_of);
    unsigned char *seen = calloc(nt, 2);
    if (!k || !rows || !unit_of || !period_of || !seen) {
        free(k);
        free(rows);
        free(unit_of);
        free(period_of);
        free(seen);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < f->n; i++) {
        const qtr_wb_fact *r = &f->rows[i];
        if (!seen[2 * (size_t)r->unit]) {
            long u = qtr_plan_find_unit(plan, f->texts.text[r->unit], f->texts.len[r->unit]);
            unit_of[r->unit] = u >= 0 ? (size_t)u : plan->nunits;
            seen[2 * (size_t)r->unit] = 1;
        }
        if (!seen[2 * (size_t)r->period + 1]) {
            period_of[r->period] = qtr_period_parse(f->texts.text[r->period], f->texts.len[r->period]);
            seen[2 * (size_t)r->period + 1] = 1;
        }
        k[i].period = period_of[r->period];
        k[i].unit = unit_of[r->unit];
        k[i].pos = i;
    }
    qsort(k, f->n, sizeof *k, fact_key_cmp);
    for (size_t i = 0; i < f->n; i++)
        rows[i] = f->rows[k[i].pos];
    memcpy(f->rows, rows, f->n * sizeof *rows);
    free(k);
    free(rows);
    free(unit_of);
    free(period_of);
    free(seen);
    return QTR_OK;
}

qtr_status qtr_wb_facts_load(qtr_wb_facts *f, const char *path, const qtr_plan *plan,
                             qtr_period period, size_t budget, qtr_error *err)
{
    memset(f, 0, sizeof *f);
    f->budget = budget ? budget : QTR_WB_FACTS_BUDGET;
    f->first = qtr_period_make(plan->start_year, 1); /* the horizon: multi-year figures read every year */
    f->last = period;
    f->base = qtr_plan_base_period(plan);
    loader l = {f, path, err, QTR_OK, 0, 0, {0}};
    qtr_status st = read_facts(&l);
    if (st == QTR_OK)
        st = sort_rows(f, plan, path, err);
    if (st != QTR_OK) {
        qtr_wb_facts_free(f);
        return st;
    }
    f->listed = f->scoped ? f->in_scope : f->total;
    return QTR_OK;
}

void qtr_wb_facts_free(qtr_wb_facts *f)
{
    qtr_wb_intern_free(&f->texts);
    free(f->rows);
    memset(f, 0, sizeof *f);
}
