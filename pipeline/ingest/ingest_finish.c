/* ingest_finish.c — the cross-file part of ingest, one year at a time: facts wait in per-year
 * buckets (spilled to a temporary file past a memory bound, so memory does not grow with the
 * years of history); each year is then resolved — duplicates (identical: kept once;
 * conflicting: all rejected), quarter amounts from year-to-date input — and written to
 * facts.csv in input order. Then the report period is chosen and baseline warnings added.
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "num.h"
#include "text.h"

/* A run of a year's facts in the spill file. */
typedef struct {
    long offset;             /* bytes into ing->spill */
    size_t n;                /* facts */
} spill_chunk;

struct qtr_ingest_bucket {
    int year;
    qtr_ingest_fact *v;      /* in memory, in input order (after the spilled ones) */
    size_t n, cap;
    spill_chunk *chunks;     /* earlier facts of this year, in the spill file, input order */
    size_t nchunks;
    size_t nspilled;         /* facts in the chunks */
};

/* ---------------------------------------------------------------- buckets */

static struct qtr_ingest_bucket *bucket_of(qtr_ingest *ing, int year)
{
    size_t i = 0;
    while (i < ing->nbuckets && ing->buckets[i].year < year)
        i++;
    if (i < ing->nbuckets && ing->buckets[i].year == year)
        return &ing->buckets[i];
    struct qtr_ingest_bucket *b = realloc(ing->buckets, (ing->nbuckets + 1) * sizeof *b);
    if (!b)
        return NULL;
    ing->buckets = b;
    memmove(b + i + 1, b + i, (ing->nbuckets - i) * sizeof *b);
    memset(&b[i], 0, sizeof *b);
    b[i].year = year;
    ing->nbuckets++;
    return &b[i];
}

/* Appends every in-memory bucket to the spill file, one chunk each. When the file cannot be
 * created the buckets stay in memory (correct, only larger); a write that fails (temporary disk
 * full) is an error: the facts already in that file could not be trusted. */
static qtr_status spill_all(qtr_ingest *ing)
{
    if (!ing->spill && !(ing->spill = tmpfile()))
        return QTR_OK;
    if (fseek(ing->spill, 0, SEEK_END) != 0)
        return QTR_ERR_WRITE;
    for (size_t i = 0; i < ing->nbuckets; i++) {
        struct qtr_ingest_bucket *b = &ing->buckets[i];
        if (!b->n)
            continue;
        long at = ftell(ing->spill);
        spill_chunk *c = realloc(b->chunks, (b->nchunks + 1) * sizeof *c);
        if (!c)
            return QTR_ERR_NOMEM;
        b->chunks = c;
        if (at < 0 || fwrite(b->v, sizeof *b->v, b->n, ing->spill) != b->n || fflush(ing->spill) != 0)
            return QTR_ERR_WRITE;
        b->chunks[b->nchunks++] = (spill_chunk){at, b->n};
        ing->in_memory -= b->n;
        b->nspilled += b->n;
        b->n = 0;
        free(b->v);
        b->v = NULL;
        b->cap = 0;
    }
    return QTR_OK;
}

qtr_status qtr_ingest_bucket_facts(qtr_ingest *ing)
{
    struct qtr_ingest_bucket *b = NULL; /* the last fact's: a file's facts are mostly of one year */
    for (size_t i = 0; i < ing->ncur; i++) {
        const qtr_ingest_fact *f = &ing->cur[i];
        int year = qtr_period_year(f->period);
        if (!b || b->year != year) /* bucket_of may move the buckets: b is looked up again */
            b = bucket_of(ing, year);
        if (!b)
            return QTR_ERR_NOMEM;
        if (b->n == b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 256;
            qtr_ingest_fact *v = realloc(b->v, cap * sizeof *v);
            if (!v)
                return QTR_ERR_NOMEM;
            b->v = v;
            b->cap = cap;
        }
        b->v[b->n++] = *f;
        ing->in_memory++;
    }
    ing->ncur = 0;
    if (ing->in_memory > ing->memory_limit)
        return spill_all(ing);
    return QTR_OK;
}

void qtr_ingest_free_buckets(qtr_ingest *ing)
{
    for (size_t i = 0; i < ing->nbuckets; i++) {
        free(ing->buckets[i].v);
        free(ing->buckets[i].chunks);
    }
    if (ing->spill)
        fclose(ing->spill);
    ing->spill = NULL;
    free(ing->buckets);
    ing->buckets = NULL;
    ing->nbuckets = 0;
    ing->in_memory = 0;
}

/* All facts of a bucket in input order; the caller frees. */
static qtr_ingest_fact *bucket_load(FILE *spill, struct qtr_ingest_bucket *b, size_t *n)
{
    size_t total = b->nspilled + b->n;
    qtr_ingest_fact *all = malloc((total ? total : 1) * sizeof *all);
    if (!all)
        return NULL;
    size_t at = 0;
    for (size_t k = 0; k < b->nchunks; k++) {
        if (fseek(spill, b->chunks[k].offset, SEEK_SET) != 0 ||
            fread(all + at, sizeof *all, b->chunks[k].n, spill) != b->chunks[k].n) {
            free(all);
            return NULL;
        }
        at += b->chunks[k].n;
    }
    if (b->n)
        memcpy(all + b->nspilled, b->v, b->n * sizeof *all);
    *n = total;
    return all;
}

/* ---------------------------------------------------------------- one year */

typedef struct {
    qtr_ingest *ing;
    qtr_ingest_fact *f;      /* the year's facts, input order */
    size_t n;
    size_t *next;            /* next fact with the same key, input order; SIZE_MAX at the end */
    unsigned char *dup;      /* 1 on the first fact of a key given more than once */
    unsigned char *dropped;  /* removed as a duplicate or rejected as a conflict */
    qtr_qty *value;          /* quarter amount or level to write */
} year_ctx;

/* The key of a fact within its year: series, unit, quarter. */
static uint64_t fact_key(const qtr_ingest_fact *f)
{
    return (uint64_t)f->series << 48 | (uint64_t)(uint32_t)f->unit << 4 |
           (uint64_t)(qtr_period_quarter(f->period) - 1);
}

/* Chains the facts of each key in input order through a table indexed by the key itself
 * (unit, series, quarter) when that table is not much bigger than the year's facts — a
 * roster's year: each fact finds its slot without a probe, in nearly the order the files give
 * them (a hash table's random slots were a cache miss each: half of this function's time at
 * 10,000 units, bench/gains.md). Returns 0, -1 out of memory, 1 not applicable. */
static int chain_dense(year_ctx *y)
{
    size_t nunits = y->ing->plan->nunits, nseries = y->ing->plan->nseries;
    if (y->n >= UINT32_MAX || nunits == 0 || nseries == 0 || nunits > SIZE_MAX / 16 / nseries ||
        nunits * nseries * 4 > 4 * y->n + 65536)
        return 1;
    size_t cells = nunits * nseries * 4;
    uint32_t *head = malloc(cells * sizeof *head), *tail = malloc(cells * sizeof *tail);
    if (!head || !tail) {
        free(head);
        free(tail);
        return -1;
    }
    memset(head, 0xff, cells * sizeof *head); /* UINT32_MAX: none yet */
    int rc = 0;
    for (size_t i = 0; i < y->n; i++) {
        const qtr_ingest_fact *f = &y->f[i];
        if (f->unit < 0 || (size_t)f->unit >= nunits || f->series >= nseries) {
            rc = 1; /* not a roster fact: the hash table's way */
            break;
        }
        size_t c = ((size_t)f->unit * nseries + f->series) * 4 + (size_t)(qtr_period_quarter(f->period) - 1);
        y->next[i] = SIZE_MAX;
        if (head[c] == UINT32_MAX) {
            head[c] = tail[c] = (uint32_t)i;
        } else {
            y->next[tail[c]] = i;
            tail[c] = (uint32_t)i;
            y->dup[head[c]] = 1;
        }
    }
    free(head);
    free(tail);
    return rc;
}

/* Chains the facts of each key in input order through a hash table: O(n), and duplicates
 * (rare) are found without sorting the year. */
static int chain_keys(year_ctx *y)
{
    int dense = chain_dense(y);
    if (dense <= 0)
        return dense;
    memset(y->dup, 0, y->n); /* a dense pass left midway */
    size_t cap = 16;
    while (cap < 2 * y->n)
        cap *= 2;
    size_t *head = malloc(cap * sizeof *head), *tail = malloc(cap * sizeof *tail);
    if (!head || !tail) {
        free(head);
        free(tail);
        return -1;
    }
    for (size_t i = 0; i < cap; i++)
        head[i] = SIZE_MAX;
    for (size_t i = 0; i < y->n; i++) {
        uint64_t k = fact_key(&y->f[i]);
        size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
        while (head[h] != SIZE_MAX && fact_key(&y->f[head[h]]) != k)
            h = (h + 1) & (cap - 1);
        y->next[i] = SIZE_MAX;
        if (head[h] == SIZE_MAX) {
            head[h] = tail[h] = i;
        } else {
            y->next[tail[h]] = i;
            tail[h] = i;
            y->dup[head[h]] = 1;
        }
    }
    free(head);
    free(tail);
    return 0;
}

/* Sort key of a fact within its year: series, unit, quarter; then input order. */
typedef struct {
    uint64_t key;
    size_t index;
} sort_entry;

static int cmp_entry(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts idx[0..n) (indices into f) by (series, unit, period, input order). */
static int sort_indices(const qtr_ingest_fact *f, size_t *idx, size_t n)
{
    sort_entry *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return -1;
    for (size_t i = 0; i < n; i++) {
        e[i].key = fact_key(&f[idx[i]]);
        e[i].index = idx[i];
    }
    if (n > 1)
        qsort(e, n, sizeof *e, cmp_entry);
    for (size_t i = 0; i < n; i++)
        idx[i] = e[i].index;
    free(e);
    return 0;
}

static int missing(const qtr_ingest_fact *f)
{
    return f->flags & QTR_FACT_MISSING;
}

static int same_value(const qtr_ingest_fact *a, const qtr_ingest_fact *b)
{
    return missing(a) == missing(b) && (missing(a) || a->input == b->input);
}

static void describe(const qtr_ingest *ing, const qtr_ingest_fact *f, char *buf, size_t size)
{
    char conv[QTR_QTY_BUFSIZE];
    const qtr_series *s = &ing->plan->series[f->series];
    if (missing(f))
        snprintf(buf, size, "未报送（%s:%ld）", ing->sources[f->source], (long)f->line);
    else
        snprintf(buf, size, "%s %s（%s:%ld）", qtr_qty_format(f->input, conv), s->unit,
                 ing->sources[f->source], (long)f->line);
}

static qtr_status reject_fact(qtr_ingest *ing, const qtr_ingest_fact *f, qtr_severity sev,
                              const char *code, const char *reason)
{
    char raw[300]; /* the cell's text as written (21,067.69, ０７７, —), not the number read */
    qtr_ingest_raw_text(ing, f, raw, sizeof raw);
    const qtr_strlist *h = &ing->headers[f->source];
    const char *column = f->column >= 1 && (size_t)f->column <= h->count
                             ? h->items[f->column - 1]
                             : ing->plan->series[f->series].headers[0];
    return qtr_ingest_add_reject(ing, f->source, f->line, f->column, column, raw, sev,
                                 f->period, f->unit, code, reason);
}

/* One group of facts with the same key, g[0..n) in input order. */
static qtr_status resolve_group(year_ctx *y, const size_t *g, size_t n)
{
    qtr_ingest *ing = y->ing;
    /* a value and "not reported" for the same key: the value stands, the blank is noted */
    size_t nvalues = 0;
    for (size_t i = 0; i < n; i++)
        nvalues += !missing(&y->f[g[i]]);
    int conflict = 0;
    const qtr_ingest_fact *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const qtr_ingest_fact *f = &y->f[g[i]];
        if (nvalues && missing(f))
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
        const qtr_ingest_fact *f = &y->f[g[i]];
        qtr_period_format(f->period, per);
        if (conflict && !(nvalues && missing(f))) {
            y->dropped[g[i]] = 1;
            /* name a value that differs from this one */
            const qtr_ingest_fact *other = NULL;
            for (size_t k = 0; k < n && !other; k++) {
                const qtr_ingest_fact *o = &y->f[g[k]];
                if (!(nvalues && missing(o)) && !same_value(o, f))
                    other = o;
            }
            describe(ing, other ? other : first, b, sizeof b);
            describe(ing, f, a, sizeof a);
            /* English: PERIOD UNIT NAME given with different values, A and B: none is used
             * (never summed); keep only the right one */
            snprintf(msg, sizeof msg, "%s %s的%s报了不同的数：%s 与 %s；都未采用（不会相加），"
                     "请只保留正确的一处", per, plan->units[f->unit].name,
                     plan->series[f->series].name, a, b);
            st = reject_fact(ing, f, QTR_SEV_ERROR, "duplicate_conflict", msg);
        } else if (f != first) {
            y->dropped[g[i]] = 1;
            describe(ing, first, b, sizeof b);
            int blank = missing(f) && nvalues;
            /* English: PERIOD UNIT NAME given again (the same value / as not reported): used
             * once (the one kept); a value is reported in one place only */
            snprintf(msg, sizeof msg, "%s %s的%s重复报送（%s）：只计一次（%s）；同一个数只需报送一处", per,
                     plan->units[f->unit].name, plan->series[f->series].name,
                     blank ? "这一处为空" : "数值相同", b);
            st = reject_fact(ing, f, QTR_SEV_WARNING, blank ? "duplicate_blank" : "duplicate", msg);
        }
    }
    return st;
}

static qtr_status resolve_duplicates(year_ctx *y)
{
    qtr_status st = QTR_OK;
    size_t *g = NULL, cap = 0;
    for (size_t i = 0; i < y->n && st == QTR_OK; i++) {
        if (!y->dup[i])
            continue;
        size_t n = 0;
        for (size_t k = i; k != SIZE_MAX; k = y->next[k]) {
            if (n == cap) {
                size_t *p = realloc(g, (cap = cap ? cap * 2 : 8) * sizeof *g);
                if (!p) {
                    free(g);
                    return QTR_ERR_NOMEM;
                }
                g = p;
            }
            g[n++] = k;
        }
        st = resolve_group(y, g, n);
    }
    free(g);
    return st;
}

/* Year-to-date series: quarter amount = YTD(q) - YTD(latest earlier reported quarter of the
 * year). A decrease is kept (so that the cumulative equals the latest YTD) and flagged. */
static qtr_status derive_ytd(year_ctx *y)
{
    const qtr_plan *plan = y->ing->plan;
    size_t *idx = malloc((y->n ? y->n : 1) * sizeof *idx), m = 0;
    if (!idx)
        return QTR_ERR_NOMEM;
    for (size_t k = 0; k < y->n; k++) {
        const qtr_ingest_fact *f = &y->f[k];
        if (!y->dropped[k] && !missing(f) && !(f->flags & QTR_FACT_LONG) &&
            plan->series[f->series].basis == QTR_BASIS_YTD)
            idx[m++] = k;
    }
    qtr_status st = sort_indices(y->f, idx, m) == 0 ? QTR_OK : QTR_ERR_NOMEM;
    const qtr_ingest_fact *prev = NULL;
    for (size_t i = 0; i < m && st == QTR_OK; i++) {
        size_t k = idx[i];
        const qtr_ingest_fact *f = &y->f[k];
        const qtr_series *s = &plan->series[f->series];
        if (prev && (prev->series != f->series || prev->unit != f->unit))
            prev = NULL;
        if (prev) {
            y->value[k] = f->input - prev->input;
            if (y->value[k] < 0) {
                char a[QTR_QTY_BUFSIZE], b[QTR_QTY_BUFSIZE], per[8], pper[8], msg[500];
                /* English: UNIT's year-to-date NAME fell from A (P) to B (Q): the quarter's
                 * amount is negative; check whether a quarter's own amount was written */
                snprintf(msg, sizeof msg, "%s的%s本年累计数从 %s %s（%s）减少到 %s %s（%s）：本季数为负；"
                         "请核对是否误填了本季数（这一列应填本年累计数）", plan->units[f->unit].name,
                         s->name, qtr_qty_format(prev->input, a), s->unit,
                         qtr_period_format(prev->period, pper), qtr_qty_format(f->input, b), s->unit,
                         qtr_period_format(f->period, per));
                st = reject_fact(y->ing, f, QTR_SEV_WARNING, "ytd_decrease", msg);
            }
        }
        prev = f;
    }
    free(idx);
    return st;
}

static size_t period_slot(qtr_period p)
{
    return (size_t)(p - qtr_period_make(QTR_YEAR_MIN, 1));
}

/* What the period choice and the baseline warnings need to know of a kept fact. */
static void note_kept(qtr_ingest *ing, const qtr_ingest_fact *f)
{
    if (missing(f))
        return;
    ing->has_value[period_slot(f->period)] = 1;
    const qtr_plan *plan = ing->plan;
    size_t k = (size_t)f->series * plan->nunits + (size_t)f->unit;
    if (f->period == qtr_plan_base_period(plan))
        ing->at_base[k] = 1;
    else if (f->period >= qtr_period_make(plan->start_year, 1) &&
             (ing->first_value[k] == QTR_PERIOD_NONE || f->period < ing->first_value[k]))
        ing->first_value[k] = f->period;
}

/* Writes facts.csv rows into a block of memory, handed to the file when full: names are
 * quoted once per unit and per source, lengths known, numbers formatted in place. */
#define ROWS_BLOCK (128 * 1024)

typedef struct {
    qtr_ingest *ing;
    qtr_csvw *w;
    char *block;
    size_t used;
    char **id;               /* each series id, padded */
    size_t *id_len;          /* and its strlen */
    qtr_period period;       /* the period last printed, and its text: facts come a year */
    char period_text[8];     /* at a time, so most rows print the same one */
    long line;               /* the line last printed, and its digits and line end */
    char line_text[24];
    size_t line_len;
} row_writer;

static void rows_flush(row_writer *rw)
{
    if (rw->used)
        qtr_csvw_raw(rw->w, rw->block, rw->used);
    rw->used = 0;
}

/* The names and paths format_row copies are held with ROW_PAD readable bytes after them, and a
 * row's room has ROW_PAD more: a short one is copied as 32 bytes at once (two 16-byte moves;
 * the bytes past its end are overwritten by what follows) instead of a call to memcpy. */
#define ROW_PAD 32

static char *put(char *o, const char *s, size_t n)
{
    if (n <= ROW_PAD) {
        memcpy(o, s, 16);
        memcpy(o + 16, s + 16, 16);
    } else {
        memcpy(o, s, n);
    }
    return o + n;
}

/* s (malloc'ed, n bytes and a NUL) with ROW_PAD bytes after it; NULL (s freed) when out of memory */
static char *padded(char *s, size_t n)
{
    char *p = s ? realloc(s, n + 1 + ROW_PAD) : NULL;
    if (!p) {
        free(s);
        return NULL;
    }
    memset(p + n + 1, 0, ROW_PAD);
    return p;
}

/* Formats the facts.csv row of f at o (room for row_size bytes); returns its end. */
static char *format_row(row_writer *rw, const qtr_ingest_fact *f, qtr_qty value, char *o)
{
    const qtr_ingest *ing = rw->ing;
    if (f->period != rw->period) {
        qtr_period_format(f->period, rw->period_text);
        rw->period = f->period;
    }
    memcpy(o, rw->period_text, 6);
    o += 6;
    *o++ = ',';
    o = put(o, ing->unit_csv[f->unit], ing->unit_csv_len[f->unit]);
    *o++ = ',';
    o = put(o, rw->id[f->series], rw->id_len[f->series]);
    *o++ = ',';
    if (!missing(f))
        o += qtr_qty_format_len(value, o);
    *o++ = ',';
    o = put(o, ing->source_csv[f->source], ing->source_csv_len[f->source]);
    *o++ = ',';
    if (f->line != rw->line) { /* a row's facts follow one another: printed once a row */
        char *e = qtr_u64_format(rw->line_text, (unsigned long)f->line);
        *e++ = '\n';
        rw->line_len = (size_t)(e - rw->line_text);
        rw->line = f->line;
    }
    memcpy(o, rw->line_text, sizeof rw->line_text);
    return o + rw->line_len;
}

static qtr_status write_fact(row_writer *rw, const qtr_ingest_fact *f, qtr_qty value)
{
    qtr_ingest *ing = rw->ing;
    ing->kept++;
    note_kept(ing, f);
    qtr_fact_out out = {f->period, f->unit, f->series, missing(f), value, f->source, f->line};
    if (ing->on_fact)
        ing->on_fact(ing->on_fact_ctx, &out);
    if (!rw->w)
        return QTR_OK;
    /* period, unit, id, value, source, line, five commas and the line end */
    size_t most = 6 + ing->unit_csv_len[f->unit] + rw->id_len[f->series] + QTR_QTY_BUFSIZE +
                  ing->source_csv_len[f->source] + 24 + 6 + ROW_PAD;
    if (most > ROWS_BLOCK - rw->used)
        rows_flush(rw);
    if (most > ROWS_BLOCK) { /* a path longer than the block: through a buffer of its own */
        char *big = malloc(most);
        if (!big)
            return QTR_ERR_NOMEM;
        qtr_csvw_raw(rw->w, big, (size_t)(format_row(rw, f, value, big) - big));
        free(big);
        return QTR_OK;
    }
    rw->used = (size_t)(format_row(rw, f, value, rw->block + rw->used) - rw->block);
    return QTR_OK;
}

/* The CSV forms of the roster names and source paths, made once. */
static qtr_status quote_names(qtr_ingest *ing)
{
    const qtr_plan *plan = ing->plan;
    if (ing->unit_csv)
        return QTR_OK;
    ing->unit_csv = calloc(plan->nunits ? plan->nunits : 1, sizeof *ing->unit_csv);
    ing->source_csv = calloc(ing->nsources ? ing->nsources : 1, sizeof *ing->source_csv);
    if (!ing->unit_csv || !ing->source_csv)
        return QTR_ERR_NOMEM;
    ing->unit_csv_len = calloc(plan->nunits ? plan->nunits : 1, sizeof *ing->unit_csv_len);
    ing->source_csv_len = calloc(ing->nsources ? ing->nsources : 1, sizeof *ing->source_csv_len);
    if (!ing->unit_csv_len || !ing->source_csv_len)
        return QTR_ERR_NOMEM;
    for (size_t u = 0; u < plan->nunits; u++) {
        if (!(ing->unit_csv[u] = qtr_csv_quoted(plan->units[u].name)))
            return QTR_ERR_NOMEM;
        ing->unit_csv_len[u] = strlen(ing->unit_csv[u]);
        if (!(ing->unit_csv[u] = padded(ing->unit_csv[u], ing->unit_csv_len[u])))
            return QTR_ERR_NOMEM;
    }
    for (size_t i = 0; i < ing->nsources; i++) {
        if (!(ing->source_csv[i] = qtr_csv_quoted_text(ing->sources[i]))) /* a file name: never a formula */
            return QTR_ERR_NOMEM;
        ing->source_csv_len[i] = strlen(ing->source_csv[i]);
        if (!(ing->source_csv[i] = padded(ing->source_csv[i], ing->source_csv_len[i])))
            return QTR_ERR_NOMEM;
    }
    return QTR_OK;
}

static qtr_status process_year(qtr_ingest *ing, struct qtr_ingest_bucket *b, qtr_csvw *w)
{
    year_ctx y;
    memset(&y, 0, sizeof y);
    y.ing = ing;
    y.f = bucket_load(ing->spill, b, &y.n);
    size_t n = y.n ? y.n : 1;
    y.next = malloc(n * sizeof *y.next);
    y.dup = calloc(n, 1);
    y.dropped = calloc(n, 1);
    y.value = malloc(n * sizeof *y.value);
    qtr_status st = y.f && y.next && y.dup && y.dropped && y.value ? QTR_OK : QTR_ERR_NOMEM;
    if (st == QTR_OK) {
        for (size_t i = 0; i < y.n; i++)
            y.value[i] = y.f[i].input;
        st = chain_keys(&y) == 0 ? resolve_duplicates(&y) : QTR_ERR_NOMEM;
    }
    if (st == QTR_OK)
        st = derive_ytd(&y);
    size_t nseries = ing->plan->nseries;
    row_writer rw = {ing, w, w ? malloc(ROWS_BLOCK) : NULL, 0, calloc(nseries ? nseries : 1, sizeof *rw.id),
                     malloc((nseries ? nseries : 1) * sizeof *rw.id_len), QTR_PERIOD_NONE, "", -1, "\n", 1};
    qtr_period_format(rw.period, rw.period_text);
    if ((w && !rw.block) || !rw.id || !rw.id_len)
        st = QTR_ERR_NOMEM;
    for (size_t k = 0; st == QTR_OK && k < nseries; k++) {
        rw.id_len[k] = strlen(ing->plan->series[k].id);
        if (!(rw.id[k] = padded(qtr_strdup(ing->plan->series[k].id), rw.id_len[k])))
            st = QTR_ERR_NOMEM;
    }
    for (size_t i = 0; st == QTR_OK && i < y.n; i++)
        if (!y.dropped[i])
            st = write_fact(&rw, &y.f[i], y.value[i]);
    if (w && rw.block)
        rows_flush(&rw);
    free(rw.block);
    for (size_t k = 0; rw.id && k < nseries; k++)
        free(rw.id[k]);
    free(rw.id);
    free(rw.id_len);
    free(y.f);
    free(y.next);
    free(y.dup);
    free(y.dropped);
    free(y.value);
    return st;
}

/* ---------------------------------------------------------------- period and baselines */

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
        if (!ing->has_value[period_slot(requested)])
            return qtr_error_set(err, QTR_ERR_NODATA, "", 0, 0,
                                 "no value of %s was accepted from the input",
                                 qtr_period_format(requested, per));
        return QTR_OK;
    }
    for (qtr_period p = last; p >= first; p--)
        if (ing->has_value[period_slot(p)]) {
            ing->period = p;
            return QTR_OK;
        }
    return qtr_error_set(err, QTR_ERR_NODATA, "", 0, 0,
                         "no value of any quarter of %d-%d was accepted from the input",
                         plan->start_year, plan->end_year);
}

/* Warns about stock units without a baseline-quarter value (docs/input.md, Baselines of stocks
 * from the data). */
static qtr_status baseline_warnings(qtr_ingest *ing)
{
    const qtr_plan *plan = ing->plan;
    qtr_period bp = qtr_plan_base_period(plan);
    char bper[8], per[8], msg[600];
    qtr_period_format(bp, bper);
    qtr_status st = QTR_OK;
    for (size_t k = 0; k < plan->nindicators && st == QTR_OK; k++) {
        const qtr_indicator *ind = &plan->indicators[k];
        if (ind->kind != QTR_KIND_STOCK || ind->has_baseline)
            continue;
        const unsigned char *at = ing->at_base + (size_t)ind->series * plan->nunits;
        const qtr_period *fv = ing->first_value + (size_t)ind->series * plan->nunits;
        int any = 0;
        for (size_t u = 0; u < plan->nunits; u++)
            any |= at[u];
        if (!any) {
            /* English: no unit reported NAME for the baseline quarter: no baseline; progress
             * equals completion */
            snprintf(msg, sizeof msg, "没有单位报送%s的%s（基数季度）：这项存量指标没有基数，进度按完成率计；"
                     "请补报%s的数，或在配置中写明 baseline", ind->name, bper, bper);
            st = qtr_ingest_add_reject(ing, -1, 0, 0, "", "", QTR_SEV_WARNING, bp, -1,
                                       "no_baseline", msg);
        }
        for (size_t u = 0; u < plan->nunits && any && st == QTR_OK; u++) {
            if (at[u])
                continue;
            int first = fv[u] != QTR_PERIOD_NONE && fv[u] <= ing->period;
            if (first)
                /* English: UNIT has no NAME for the baseline quarter: its baseline is its first
                 * value, of PERIOD */
                snprintf(msg, sizeof msg, "%s没有%s的%s（基数季度）：以其首次报送的 %s 的数为基数；"
                         "请补报%s的数", plan->units[u].name, ind->name, bper,
                         qtr_period_format(fv[u], per), bper);
            else
                /* English: UNIT has no NAME for the baseline quarter and none since: no baseline */
                snprintf(msg, sizeof msg, "%s没有%s的%s（基数季度），之后也没有报送：没有基数；"
                         "请补报%s的数", plan->units[u].name, ind->name, bper, bper);
            st = qtr_ingest_add_reject(ing, -1, 0, 0, "", "", QTR_SEV_WARNING, bp, (int)u,
                                       first ? "baseline_first_value" : "no_baseline_unit", msg);
        }
    }
    return st;
}

static qtr_status alloc_tracking(qtr_ingest *ing)
{
    const qtr_plan *plan = ing->plan;
    size_t cells = plan->nseries * plan->nunits;
    free(ing->has_value);
    free(ing->at_base);
    free(ing->first_value);
    ing->has_value = calloc((size_t)(QTR_YEAR_MAX - QTR_YEAR_MIN + 1) * 4, 1);
    ing->at_base = calloc(cells ? cells : 1, 1);
    ing->first_value = malloc((cells ? cells : 1) * sizeof *ing->first_value);
    if (!ing->has_value || !ing->at_base || !ing->first_value)
        return QTR_ERR_NOMEM;
    for (size_t i = 0; i < cells; i++)
        ing->first_value[i] = QTR_PERIOD_NONE;
    return QTR_OK;
}

qtr_status qtr_ingest_finish(qtr_ingest *ing, qtr_period requested, const char *facts_path,
                             qtr_error *err)
{
    qtr_status st = alloc_tracking(ing);
    if (st == QTR_OK)
        st = quote_names(ing);
    if (st == QTR_OK)
        st = qtr_ingest_units_from_paths(ing);
    if (st != QTR_OK)
        return qtr_error_set(err, st, "", 0, 0, "out of memory");
    qtr_csvw *w = NULL;
    if (facts_path) {
        if (!(w = qtr_csvw_open(facts_path, err)))
            return err ? err->status : QTR_ERR_CREATE;
        qtr_csvw_header(w, "period,unit,indicator,value,source,line");
    }
    ing->kept = 0;
    for (size_t i = 0; i < ing->nbuckets && st == QTR_OK; i++)
        st = process_year(ing, &ing->buckets[i], w);
    qtr_ingest_free_buckets(ing);
    if (st != QTR_OK) {
        qtr_csvw_abort(w);
        return qtr_error_set(err, st, facts_path ? facts_path : "", 0, 0,
                             "out of memory, or a temporary file could not be read back");
    }
    if (w && (st = qtr_csvw_commit(w, err)) != QTR_OK)
        return st;
    st = choose_period(ing, requested, err);
    if (st == QTR_OK && (st = baseline_warnings(ing)) != QTR_OK)
        return qtr_error_set(err, st, "", 0, 0, "out of memory");
    return st;
}

/* ---------------------------------------------------------------- counts */

long qtr_ingest_unitless(const qtr_ingest *ing)
{
    long n = 0;
    for (size_t i = 0; i < ing->nrejects; i++)
        n += ing->rejects[i].unit < 0;
    return n;
}

long qtr_ingest_errors_in_scope(const qtr_ingest *ing)
{
    if (ing->period == QTR_PERIOD_NONE)
        return qtr_ingest_count(ing, QTR_SEV_ERROR);
    qtr_period from = qtr_period_make(qtr_period_year(ing->period), 1);
    qtr_period base = qtr_plan_base_period(ing->plan);
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

/* ---------------------------------------------------------------- rejects.csv */

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
    qtr_csvw_header(w, "source,line,column,raw,severity,reason,unit,period,code");
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        /* text from the input: never a formula in Excel (qtr_csvw_text) */
        qtr_csvw_text(w, r->source >= 0 ? ing->sources[r->source] : "");
        if (r->line > 0)
            qtr_csvw_long(w, r->line);
        else
            qtr_csvw_str(w, "");
        qtr_csvw_text(w, r->column_name);
        qtr_csvw_text(w, r->raw);
        qtr_csvw_str(w, r->severity == QTR_SEV_ERROR ? "error" : "warning");
        qtr_csvw_text(w, r->reason);
        qtr_csvw_text(w, r->unit >= 0 ? ing->plan->units[r->unit].name : "");
        char per[8];
        qtr_csvw_str(w, r->period != QTR_PERIOD_NONE ? qtr_period_format(r->period, per) : "");
        qtr_csvw_str(w, r->code);
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}
