/* fuzz_table.c — libFuzzer harness for the readers of the pipeline's own CSV files, which a
 * user may rerun a stage on after editing them: qtr_table_load (workbook and charts read
 * progress.csv, facts.csv, rejects.csv, quarterly.csv and inputs.csv with it) and the facts.csv
 * reader of the compare stage (qtr_facts_latest, qtr_facts_load against the default plan).
 * The input is written to a scratch file; a loaded table must be rectangular with increasing
 * line numbers, and the column lookups of progress.csv must stay in bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "plan.h"
#include "progress.h"
#include "facts_io.h"
#include "table.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static qtr_plan *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    qtr_error err;
    memset(&err, 0, sizeof err);
    if (qtr_plan_load(fuzz_config_path(), &plan, &err) != QTR_OK) {
        fprintf(stderr, "fuzz_table: cannot load %s: %s\n", fuzz_config_path(), err.message);
        abort();
    }
    return 0;
}

/* The same file read as facts.csv by the compare stage. */
static void facts_reader(const char *path)
{
    qtr_error err;
    memset(&err, 0, sizeof err);
    qtr_period p = QTR_PERIOD_NONE;
    qtr_status st = qtr_facts_latest(plan, path, &p, &err);
    if (st != QTR_OK) {
        FUZZ_ASSERT(err.message[0], "facts error without a message (%s)", qtr_strerror(st));
        p = qtr_period_make(plan->start_year, 3);
    } else {
        FUZZ_ASSERT(p >= qtr_period_make(plan->start_year, 1) && p <= qtr_period_make(plan->end_year, 4),
                    "latest period %d outside the horizon", p);
    }
    qtr_values *v = NULL;
    long nvalues = -1;
    memset(&err, 0, sizeof err);
    st = qtr_facts_load(plan, path, p, &v, &nvalues, &err);
    if (st == QTR_OK)
        FUZZ_ASSERT(v && nvalues >= 0, "facts loaded without values");
    else
        FUZZ_ASSERT(err.message[0], "facts load error without a message (%s)", qtr_strerror(st));
    qtr_values_free(v);
}

static const char *const progress_cols[] = {
    "plan", "period", "unit", "indicator", "name", "measure_unit", "kind", "comparator", "target",
    "actual", "completion", "time_progress", "progress", "pace_gap_pp", "expected",
    "gap_to_target", "forecast", "required_per_quarter", "status", "missing_quarters", "value",
    "source", "line", "", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[512];
    if (!path[0])
        fuzz_scratch_path("progress.csv", path, sizeof path);
    fuzz_write_file(path, data, size);
    facts_reader(path);
    qtr_table *t = NULL;
    qtr_error err;
    memset(&err, 0, sizeof err);
    qtr_status st = qtr_table_load(path, &t, &err);
    if (st != QTR_OK) {
        FUZZ_ASSERT(t == NULL, "a table returned with an error");
        FUZZ_ASSERT(st == QTR_ERR_PARSE || st == QTR_ERR_NOMEM, "status %s", qtr_strerror(st));
        FUZZ_ASSERT(err.message[0] && err.line >= 0, "error without message or line");
        return 0;
    }
    FUZZ_ASSERT(t && t->header && t->ncols >= 1, "table without a header");
    long prev = 1;
    for (size_t r = 0; r < t->nrows; r++) {
        FUZZ_ASSERT(t->lines[r] > prev, "row %zu on line %ld after line %ld", r, t->lines[r], prev);
        prev = t->lines[r];
        for (size_t c = 0; c < t->ncols; c++)
            FUZZ_ASSERT(t->rows[r][c] != NULL, "cell %zu,%zu is NULL", r, c);
    }
    for (size_t i = 0; progress_cols[i]; i++) {
        long col = qtr_table_col(t, progress_cols[i]);
        FUZZ_ASSERT(col >= -1 && col < (long)t->ncols, "column index %ld", col);
        long req = -2;
        qtr_error e2;
        if (qtr_table_require(t, path, progress_cols[i], &req, &e2) == QTR_OK)
            FUZZ_ASSERT(req == col, "require and col disagree");
        for (size_t r = 0; r <= t->nrows; r++) /* one past the end returns "" */
            FUZZ_ASSERT(qtr_table_get(t, r, col) != NULL, "NULL cell");
    }
    qtr_table_free(t);
    return 0;
}
