/* fuzz_ingest.c — libFuzzer harness for stage 1 on one whole file: the input bytes are one
 * input file ("fuzz/2025Q3.csv", so a file without a 报告期 column still has a period; one in
 * two "fuzz/城关区2025Q3.csv", whose problems are 城关区's when no row names another unit) read
 * against the default plan (config/lanzhou-2025.ini, loaded once), then qtr_ingest_finish and
 * the two writers (into a tmpfs scratch folder). Besides the sanitizers it checks the
 * invariants the later stages rely on: facts point at a real unit, series, line and quarter;
 * every reject is one line of valid UTF-8; at most one kept fact per (series, unit, period).
 * One input in three runs with a tiny memory limit, so the facts spill to temporary files.
 * Replay a finding with the plain build: tests/e2e/fuzz_regressions.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ingest.h"
#include "plan.h"
#include "text.h"

static qtr_plan *plan;
static char facts_path[512], rejects_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    qtr_error err = {0};
    if (qtr_plan_load(fuzz_config_path(), &plan, &err) != QTR_OK) {
        fprintf(stderr, "fuzz_ingest: cannot load %s: %s\n", fuzz_config_path(), err.message);
        abort();
    }
    fuzz_scratch_path("facts.csv", facts_path, sizeof facts_path);
    fuzz_scratch_path("rejects.csv", rejects_path, sizeof rejects_path);
    return 0;
}

/* A string that goes into one CSV field and one stderr line: valid UTF-8, no line breaks. */
static void check_text(const char *what, const char *s, size_t max)
{
    size_t n = strlen(s);
    size_t bad = qtr_utf8_invalid_offset(s, n);
    FUZZ_ASSERT(n <= max, "%s is %zu bytes (max %zu)", what, n, max);
    FUZZ_ASSERT(bad == n, "%s is not valid UTF-8 at byte %zu: '%s'", what, bad, s);
    FUZZ_ASSERT(!strchr(s, '\n') && !strchr(s, '\r'), "%s holds a line break: '%s'", what, s);
}

static void check_rejects(const qtr_ingest *ing)
{
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        FUZZ_ASSERT(r->source >= -1 && r->source < (int)ing->nsources, "reject %zu source %d", i,
                    r->source);
        FUZZ_ASSERT(r->line >= 0 && r->column >= 0, "reject %zu at %ld:%ld", i, r->line, r->column);
        FUZZ_ASSERT(r->reason && r->reason[0], "reject %zu has no reason", i);
        FUZZ_ASSERT(r->unit >= -1 && r->unit < (int)ing->plan->nunits, "reject %zu unit %d", i, r->unit);
        check_text("reject raw", r->raw, 210);
        check_text("reject column", r->column_name, 210);
        check_text("reject reason", r->reason, 1200);
    }
}

/* The kept facts, as qtr_ingest_finish hands them out. */
typedef struct {
    long *keys;          /* (period, unit, series) packed */
    size_t n, cap;
} kept_facts;

static void on_fact(void *ctx, const qtr_fact_out *f)
{
    kept_facts *k = ctx;
    const qtr_period lo = qtr_period_make(QTR_YEAR_MIN, 1), hi = qtr_period_make(QTR_YEAR_MAX, 4);
    FUZZ_ASSERT(f->source == 0, "fact with source %d", f->source);
    FUZZ_ASSERT(f->line >= 2, "fact on line %ld (the header is line 1)", f->line);
    FUZZ_ASSERT(f->unit >= 0 && (size_t)f->unit < plan->nunits, "fact unit %d", f->unit);
    FUZZ_ASSERT(f->series >= 0 && (size_t)f->series < plan->nseries, "fact series %d", f->series);
    FUZZ_ASSERT(f->period >= lo && f->period <= hi, "fact period %d", f->period);
    FUZZ_ASSERT(f->missing || plan->series[f->series].basis == QTR_BASIS_YTD || f->value >= 0,
                "negative fact on line %ld", f->line);
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 256;
        long *p = realloc(k->keys, cap * sizeof *p);
        if (!p)
            return;
        k->keys = p;
        k->cap = cap;
    }
    k->keys[k->n++] = ((long)f->period * 4096 + f->unit) * 4096 + f->series;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* After qtr_ingest_finish: duplicates are resolved, so a key is kept at most once. */
static void check_unique(kept_facts *k)
{
    if (k->n > 1)
        qsort(k->keys, k->n, sizeof *k->keys, cmp_long);
    for (size_t i = 1; i < k->n; i++)
        FUZZ_ASSERT(k->keys[i] != k->keys[i - 1], "a (period, unit, series) kept twice: %ld",
                    k->keys[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qtr_ingest *ing = qtr_ingest_new(plan);
    if (!ing)
        return 0;
    kept_facts kept = {NULL, 0, 0};
    ing->on_fact = on_fact;
    ing->on_fact_ctx = &kept;
    if (size % 3 == 0)
        ing->memory_limit = 8; /* spill the buckets to temporary files */
    /* one input in two as a file whose name names a unit (城关区, the roster's first) */
    int named = size % 2 == 1;
    qtr_status st = qtr_ingest_bytes(ing, (const char *)data, size, named ? "fuzz/城关区2025Q3.csv" : "fuzz/2025Q3.csv");
    FUZZ_ASSERT(st == QTR_OK, "qtr_ingest_bytes returned %s", qtr_strerror(st));
    check_rejects(ing);
    qtr_error err;
    memset(&err, 0, sizeof err);
    int write = !getenv("QTR_FUZZ_NO_WRITE");
    st = qtr_ingest_finish(ing, QTR_PERIOD_NONE, write ? facts_path : NULL, &err);
    FUZZ_ASSERT(st == QTR_OK || st == QTR_ERR_NODATA, "qtr_ingest_finish returned %s: %s",
                qtr_strerror(st), err.message);
    if (st == QTR_OK)
        FUZZ_ASSERT(ing->period >= qtr_period_make(plan->start_year, 1) &&
                        ing->period <= qtr_period_make(plan->end_year, 4),
                    "chosen period %d outside the horizon", ing->period);
    check_rejects(ing);
    /* a file named after 城关区 whose rows name no other unit: every problem of it is 城关区's */
    if (named && (ing->rows_unit[0] == -2 || ing->rows_unit[0] == 0))
        for (size_t i = 0; i < ing->nrejects; i++)
            FUZZ_ASSERT(ing->rejects[i].source != 0 || ing->rejects[i].unit == 0,
                        "reject %zu (%s) of 城关区's file has unit %d", i, ing->rejects[i].code,
                        ing->rejects[i].unit);
    check_unique(&kept);
    FUZZ_ASSERT((long)kept.n == ing->kept, "%zu facts handed out, %ld kept", kept.n, ing->kept);
    FUZZ_ASSERT(ing->kept <= ing->facts_read, "kept %ld of %ld facts read", ing->kept,
                ing->facts_read);
    FUZZ_ASSERT(qtr_ingest_errors_in_scope(ing) <= qtr_ingest_count(ing, QTR_SEV_ERROR),
                "errors in scope exceed errors");
    if (write) {
        st = qtr_ingest_write_rejects(ing, rejects_path, &err);
        FUZZ_ASSERT(st == QTR_OK, "write rejects: %s", err.message);
    }
    free(kept.keys);
    qtr_ingest_free(ing);
    return 0;
}
