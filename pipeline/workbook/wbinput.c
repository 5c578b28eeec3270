/* wbinput.c — loads the workbook stage's inputs (see wbinput.h): compare's report through
 * report_io.h, ingest's files by column name (later versions may append columns); a missing
 * column or a malformed field is QTR_ERR_PARSE naming file and line.
 */
#include "wbinput.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "report_io.h"

/* ---------------------------------------------------------------- field parsing */

int qtr_wb_parse_number(const char *s, double *out)
{
    if (!s || !*s) {
        *out = NAN;
        return 0;
    }
    double v;
    if (qtr_double_parse(s, &v) != 0 || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* One token: "Qn" (*year untouched) or "YYYYQn" (q may be lower case). Returns its length, or 0
 * when malformed. */
static size_t missing_token(const char *s, int *year, int *quarter)
{
    size_t i = 0;
    int y = 0;
    while (s[i] >= '0' && s[i] <= '9' && i < 4)
        y = y * 10 + (s[i++] - '0');
    if (i != 0 && i != 4)
        return 0;
    if ((s[i] != 'Q' && s[i] != 'q') || s[i + 1] < '1' || s[i + 1] > '4')
        return 0;
    if (i == 4) {
        if (y < QTR_YEAR_MIN || y > QTR_YEAR_MAX)
            return 0;
        *year = y;
    }
    *quarter = s[i + 1] - '0';
    return i + 2;
}

int qtr_wb_parse_missing(const char *s, int year, qtr_period *out, size_t max, size_t *n)
{
    *n = 0;
    while (*s) {
        int y = year, q;
        size_t len = missing_token(s, &y, &q);
        if (len == 0)
            return -1;
        if (*n < max)
            out[*n] = qtr_period_make(y, q);
        (*n)++;
        s += len;
        if (*s == ';' && s[1])
            s++;
        else if (*s)
            return -1;
    }
    if (*n > max)
        *n = max;
    return 0;
}

int qtr_wb_row_missing(const qtr_workbook_input *in, int unit, size_t i, qtr_period p)
{
    size_t k = (size_t)(unit + 1) * in->nind + i;
    for (size_t j = in->missing_start[k]; j < in->missing_start[k + 1]; j++)
        if (in->missing[j] == p)
            return 1;
    return 0;
}

static void insert_sorted(qtr_period *out, size_t *n, size_t max, qtr_period p)
{
    size_t i = 0;
    while (i < *n && out[i] < p)
        i++;
    if ((i < *n && out[i] == p) || *n >= max)
        return;
    memmove(out + i + 1, out + i, (*n - i) * sizeof *out);
    out[i] = p;
    (*n)++;
}

size_t qtr_wb_missing_periods(const qtr_workbook_input *in, long unit, qtr_period *out, size_t max)
{
    size_t n = 0, from = unit >= 0 ? (size_t)unit : 0;
    size_t to = unit >= 0 ? (size_t)unit + 1 : in->nunits;
    for (size_t u = from; u < to && u < in->nunits; u++) {
        size_t k0 = (u + 1) * in->nind;
        for (size_t j = in->missing_start[k0]; j < in->missing_start[k0 + in->nind]; j++)
            insert_sorted(out, &n, max, in->missing[j]);
    }
    return n;
}

/* ---------------------------------------------------------------- the report */

const qtr_progress_row *qtr_wb_row(const qtr_workbook_input *in, int unit, size_t i)
{
    return qtr_report_row(in->report, unit, i);
}

const qtr_indicator *qtr_wb_indicator(const qtr_workbook_input *in, size_t i)
{
    return &in->plan->indicators[i];
}

const char *qtr_wb_unit_name(const qtr_workbook_input *in, size_t u)
{
    return in->plan->units[u].name;
}

int qtr_wb_with_baseline(const qtr_progress_row *row)
{
    return !isnan(row->baseline) && !isnan(row->target) && row->target > row->baseline &&
           !isnan(row->progress);
}

/* Parses every row's missing quarters into one array (two passes: count, then fill). A row's
 * field holds at most sizeof row->missing / 3 quarters ("Q1;"). */
static qtr_status parse_missing(qtr_workbook_input *in, qtr_error *err)
{
    enum { MOST = sizeof in->report->rows[0].missing / 3 + 1 };
    qtr_period tmp[MOST];
    size_t nrows = (in->nunits + 1) * in->nind, total = 0, n;
    int year = qtr_period_year(in->period);
    in->missing_start = calloc(nrows + 1, sizeof *in->missing_start);
    if (!in->missing_start)
        return qtr_error_set(err, QTR_ERR_NOMEM, in->paths.progress, 0, 0, "out of memory");
    for (size_t k = 0; k < nrows; k++) {
        const qtr_progress_row *row = &in->report->rows[k];
        if (qtr_wb_parse_missing(row->missing, year, tmp, MOST, &n) != 0)
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, 0, 0,
                                 "%s, %s: missing_quarters '%s' is not like Q2;Q3 or 2018Q4;2019Q1",
                                 qtr_report_unit_name(in->report, row->unit),
                                 in->plan->indicators[row->indicator].id, row->missing);
        in->missing_start[k] = total;
        total += n;
    }
    in->missing_start[nrows] = total;
    in->missing = calloc(total ? total : 1, sizeof *in->missing);
    if (!in->missing)
        return qtr_error_set(err, QTR_ERR_NOMEM, in->paths.progress, 0, 0, "out of memory");
    for (size_t k = 0; k < nrows; k++)
        (void)qtr_wb_parse_missing(in->report->rows[k].missing, year, in->missing + in->missing_start[k],
                                   in->missing_start[k + 1] - in->missing_start[k], &n);
    return QTR_OK;
}

static qtr_status load_report(qtr_workbook_input *in, qtr_error *err)
{
    qtr_report_paths rp = {in->paths.progress, in->paths.quarterly, in->paths.summary, in->paths.tasks};
    qtr_status st = qtr_report_read(in->plan, &rp, &in->report, err);
    if (st != QTR_OK)
        return st;
    in->period = in->report->period;
    in->nind = in->report->nind;
    in->nunits = in->report->nunits;
    return parse_missing(in, err);
}

/* ---------------------------------------------------------------- the small tables */

static qtr_status check_columns(const qtr_table *t, const char *path, const char *const *names,
                                size_t n, qtr_error *err)
{
    long col;
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < n && st == QTR_OK; i++)
        st = qtr_table_require(t, path, names[i], &col, err);
    return st;
}

static qtr_status check_severities(const qtr_workbook_input *in, qtr_error *err)
{
    long sev = qtr_table_col(in->rejects, "severity");
    for (size_t r = 0; r < in->rejects->nrows; r++) {
        const char *s = qtr_table_get(in->rejects, r, sev);
        if (strcmp(s, "error") != 0 && strcmp(s, "warning") != 0)
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.rejects, in->rejects->lines[r],
                                 sev + 1, "severity '%s' is not error or warning", s);
    }
    return QTR_OK;
}

static qtr_status load_small(qtr_workbook_input *in, qtr_error *err)
{
    static const char *const rejects[] = {"source", "line", "column", "raw", "severity", "reason"};
    static const char *const inputs[] = {"role", "path", "bytes", "sha256"};
    qtr_status st = qtr_table_load(in->paths.rejects, &in->rejects, err);
    if (st == QTR_OK)
        st = qtr_table_load(in->paths.inputs, &in->inputs, err);
    if (st == QTR_OK)
        st = check_columns(in->rejects, in->paths.rejects, rejects, 6, err);
    if (st == QTR_OK)
        st = check_columns(in->inputs, in->paths.inputs, inputs, 4, err);
    if (st == QTR_OK)
        st = check_severities(in, err);
    return st;
}

/* ---------------------------------------------------------------- public */

static qtr_workbook_input *input_new(const qtr_plan *plan, const qtr_wb_paths *paths)
{
    qtr_workbook_input *in = calloc(1, sizeof *in);
    if (in) {
        in->plan = plan;
        in->paths = *paths;
    }
    return in;
}

/* ingest's files into in (its period set), then *out = in; in is freed on error */
static qtr_status load_ingest_files(qtr_workbook_input *in, size_t facts_budget,
                                    qtr_workbook_input **out, qtr_error *err)
{
    qtr_status st = qtr_wb_facts_load(&in->facts, in->paths.facts, in->plan, in->period, facts_budget, err);
    if (st == QTR_OK)
        st = load_small(in, err);
    if (st != QTR_OK) {
        qtr_workbook_input_free(in);
        return st;
    }
    *out = in;
    return QTR_OK;
}

qtr_status qtr_workbook_input_load(const qtr_plan *plan, const qtr_wb_paths *paths,
                                   size_t facts_budget, qtr_workbook_input **out, qtr_error *err)
{
    *out = NULL;
    qtr_workbook_input *in = input_new(plan, paths);
    if (!in)
        return qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the report first: its period decides which facts 数据 keeps */
    qtr_status st = load_report(in, err);
    if (st != QTR_OK) {
        qtr_workbook_input_free(in);
        return st;
    }
    return load_ingest_files(in, facts_budget, out, err);
}

qtr_status qtr_workbook_input_load_ingest(const qtr_plan *plan, const qtr_wb_paths *paths,
                                          qtr_period period, size_t facts_budget,
                                          qtr_workbook_input **out, qtr_error *err)
{
    *out = NULL;
    qtr_workbook_input *in = input_new(plan, paths);
    if (!in)
        return qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
    in->period = period;
    return load_ingest_files(in, facts_budget, out, err);
}

qtr_status qtr_workbook_input_load_report(qtr_workbook_input *in, qtr_error *err)
{
    qtr_period period = in->period;
    qtr_status st = load_report(in, err);
    if (st == QTR_OK && in->period != period) {
        char a[16], b[16];
        qtr_period_format(in->period, a);
        qtr_period_format(period, b);
        st = qtr_error_set(err, QTR_ERR_PARSE, in->paths.summary, 0, 0,
                           "the report is of %s, not of %s (the period the facts were read for)", a, b);
    }
    return st;
}

void qtr_workbook_input_free(qtr_workbook_input *in)
{
    if (!in)
        return;
    qtr_report_free(in->report);
    qtr_table_free(in->rejects);
    qtr_table_free(in->inputs);
    qtr_wb_facts_free(&in->facts);
    free(in->missing);
    free(in->missing_start);
    free(in);
}
