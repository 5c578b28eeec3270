/* wbinput.c — loads the workbook stage's CSV inputs into the typed model of wbinput.h.
 * Columns are selected by name (later versions may append columns); a missing column or a
 * malformed number is QTR_ERR_PARSE naming file and line.
 */
#include "wbinput.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

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

int qtr_wb_row_missing(const qtr_wb_row *row, qtr_period p)
{
    for (size_t i = 0; i < row->nmissing; i++)
        if (row->missing_q[i] == p)
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
        for (size_t i = 0; i < in->nind; i++) {
            const qtr_wb_row *row = qtr_wb_unit_row(in, u, i);
            for (size_t k = 0; row && k < row->nmissing; k++)
                insert_sorted(out, &n, max, row->missing_q[k]);
        }
    }
    return n;
}

/* ---------------------------------------------------------------- dates */

/* n digits at s as a number, or -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int qtr_wb_parse_date(const char *s, time_t *out)
{
    /* YYYY-MM-DDTHH:MM:SSZ */
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return -1;
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int h = digits(s + 11, 2), mi = digits(s + 14, 2), sec = digits(s + 17, 2);
    if (y < 1980 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    *out = timegm(&tm);
    return 0;
}

time_t qtr_wb_quarter_end(qtr_period p)
{
    int q = qtr_period_quarter(p);
    struct tm tm = {.tm_year = qtr_period_year(p) - 1900, .tm_mon = q * 3 - 1,
                    .tm_mday = days_in_month(qtr_period_year(p), q * 3)};
    return timegm(&tm);
}

/* ---------------------------------------------------------------- progress.csv */

static const char *const FIGURE_COLS[] = {
    "target", "actual", "completion", "time_progress", "progress", "pace_gap_pp",
    "expected", "gap_to_target", "forecast", "required_per_quarter",
};
#define NFIGURES (sizeof FIGURE_COLS / sizeof FIGURE_COLS[0])

static const char *const TEXT_COLS[] = {
    "unit", "indicator", "name", "measure_unit", "kind", "comparator", "status",
    "missing_quarters", "period",
};
#define NTEXT (sizeof TEXT_COLS / sizeof TEXT_COLS[0])

typedef struct {
    long text[NTEXT];
    long fig[NFIGURES];
} progress_cols;

static qtr_status progress_columns(const qtr_workbook_input *in, progress_cols *pc, qtr_error *err)
{
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < NTEXT && st == QTR_OK; i++)
        st = qtr_wb_table_require(in->progress_t, in->paths.progress, TEXT_COLS[i], &pc->text[i], err);
    for (size_t i = 0; i < NFIGURES && st == QTR_OK; i++)
        st = qtr_wb_table_require(in->progress_t, in->paths.progress, FIGURE_COLS[i], &pc->fig[i], err);
    return st;
}

static qtr_status parse_figures(const qtr_workbook_input *in, size_t r, const progress_cols *pc,
                                qtr_wb_figures *f, qtr_error *err)
{
    double *slot[NFIGURES] = {
        &f->target, &f->actual, &f->completion, &f->time_progress, &f->progress,
        &f->pace_gap_pp, &f->expected, &f->gap_to_target, &f->forecast, &f->required_per_quarter,
    };
    for (size_t i = 0; i < NFIGURES; i++) {
        const char *s = qtr_wb_table_get(in->progress_t, r, pc->fig[i]);
        if (qtr_wb_parse_number(s, slot[i]) != 0)
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, in->progress_t->lines[r],
                                 pc->fig[i] + 1, "%s '%s' is not a number", FIGURE_COLS[i], s);
    }
    return QTR_OK;
}

static qtr_status parse_row(qtr_workbook_input *in, size_t r, const progress_cols *pc,
                           size_t pool_size, size_t *pool_used, qtr_error *err)
{
    const qtr_wb_table *t = in->progress_t;
    qtr_wb_row *row = &in->rows[r];
    const char **text[] = {
        &row->unit, &row->indicator, &row->name, &row->measure_unit, &row->kind,
        &row->comparator, &row->status, &row->missing,
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        *text[i] = qtr_wb_table_get(t, r, pc->text[i]);
    row->line = t->lines[r];
    row->plan_ind = qtr_plan_find_indicator(in->plan, row->indicator);
    const char *per = qtr_wb_table_get(t, r, pc->text[8]);
    qtr_period p = qtr_period_parse(per, strlen(per));
    if (p == QTR_PERIOD_NONE || (r > 0 && p != in->period))
        return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, row->line, pc->text[8] + 1,
                             "period '%s' is not the period of the first row", per);
    in->period = p;
    qtr_period *slot = in->missing_pool + *pool_used;
    if (qtr_wb_parse_missing(row->missing, qtr_period_year(p), slot, pool_size - *pool_used,
                             &row->nmissing) != 0)
        return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, row->line, pc->text[7] + 1,
                             "missing_quarters '%s' is not like Q2;Q3 or 2018Q4;2019Q1", row->missing);
    row->missing_q = slot;
    *pool_used += row->nmissing;
    return parse_figures(in, r, pc, &row->f, err);
}

static int is_city(const qtr_workbook_input *in, const qtr_wb_row *row)
{
    return strcmp(row->unit, in->plan->total_name) == 0;
}

static long find_city(const qtr_workbook_input *in, const char *indicator)
{
    for (size_t i = 0; i < in->nind; i++)
        if (strcmp(in->city[i]->indicator, indicator) == 0)
            return (long)i;
    return -1;
}

/* Sorts rows into city rows (one per indicator) and the unit list (a set: thousands of units
 * are looked up without a scan). */
static qtr_status index_rows(qtr_workbook_input *in, qtr_error *err)
{
    for (size_t r = 0; r < in->nrows; r++) {
        qtr_wb_row *row = &in->rows[r];
        uint32_t id;
        if (is_city(in, row)) {
            if (find_city(in, row->indicator) >= 0)
                return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, row->line, 0,
                                     "second %s row for indicator '%s'", row->unit, row->indicator);
            in->city[in->nind++] = row;
        } else if (qtr_wb_intern_add(&in->unit_names, row->unit, strlen(row->unit), &id) != QTR_OK) {
            return qtr_error_set(err, QTR_ERR_NOMEM, in->paths.progress, 0, 0, "out of memory");
        }
    }
    in->units = in->unit_names.text;
    in->nunits = in->unit_names.n;
    if (in->nind == 0)
        return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, 0, 0,
                             "no row for the city total '%s'", in->plan->total_name);
    return QTR_OK;
}

static qtr_status fill_grid(qtr_workbook_input *in, qtr_error *err)
{
    in->grid = calloc(in->nunits * in->nind + 1, sizeof *in->grid);
    if (!in->grid)
        return qtr_error_set(err, QTR_ERR_NOMEM, in->paths.progress, 0, 0, "out of memory");
    for (size_t r = 0; r < in->nrows; r++) {
        qtr_wb_row *row = &in->rows[r];
        if (is_city(in, row))
            continue;
        long u = qtr_wb_intern_find(&in->unit_names, row->unit, strlen(row->unit));
        long i = find_city(in, row->indicator);
        if (i < 0)
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, row->line, 0,
                                 "indicator '%s' has no %s row", row->indicator,
                                 in->plan->total_name);
        if (in->grid[(size_t)u * in->nind + (size_t)i])
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, row->line, 0,
                                 "second row for %s, %s", row->unit, row->indicator);
        in->grid[(size_t)u * in->nind + (size_t)i] = row;
    }
    return QTR_OK;
}

static qtr_status load_progress(qtr_workbook_input *in, qtr_error *err)
{
    qtr_status st = qtr_wb_table_load(in->paths.progress, &in->progress_t, err);
    if (st != QTR_OK)
        return st;
    progress_cols pc;
    st = progress_columns(in, &pc, err);
    if (st != QTR_OK)
        return st;
    size_t n = in->progress_t->nrows;
    if (n == 0)
        return qtr_error_set(err, QTR_ERR_PARSE, in->paths.progress, 0, 0, "no rows");
    size_t pool = 1, used = 0;  /* at most one period per ';' and one more per row */
    for (size_t r = 0; r < n; r++)
        for (const char *m = qtr_wb_table_get(in->progress_t, r, pc.text[7]); *m; m++)
            pool += *m == ';' || m[1] == '\0';
    in->rows = calloc(n, sizeof *in->rows);
    in->city = calloc(n, sizeof *in->city);
    in->missing_pool = calloc(pool, sizeof *in->missing_pool);
    if (!in->rows || !in->city || !in->missing_pool)
        return qtr_error_set(err, QTR_ERR_NOMEM, in->paths.progress, 0, 0, "out of memory");
    in->nrows = n;
    for (size_t r = 0; r < n && st == QTR_OK; r++)
        st = parse_row(in, r, &pc, pool, &used, err);
    if (st == QTR_OK)
        st = index_rows(in, err);
    if (st == QTR_OK)
        st = fill_grid(in, err);
    return st;
}

/* ---------------------------------------------------------------- quarterly.csv */

/* Streamed: only the city rows are kept (one per indicator and quarter). */
typedef struct {
    qtr_workbook_input *in;
    qtr_error *err;
    size_t col[7];
    size_t cap;
} quarterly_loader;

static const char *const QUARTERLY_COLS[7] = {
    "unit", "indicator", "period", "amount", "actual", "expected", "time_progress",
};

static qtr_status quarterly_header(void *ctx, const qtr_wb_record *rec)
{
    quarterly_loader *l = ctx;
    for (size_t c = 0; c < 7; c++) {
        size_t i = 0;
        while (i < rec->nfields && strcmp(rec->fields[i], QUARTERLY_COLS[c]) != 0)
            i++;
        if (i == rec->nfields)
            return qtr_error_set(l->err, QTR_ERR_PARSE, l->in->paths.quarterly, rec->line, 0,
                                 "no column named '%s'", QUARTERLY_COLS[c]);
        l->col[c] = i;
    }
    return QTR_OK;
}

static qtr_status quarterly_row(void *ctx, const qtr_wb_record *rec)
{
    quarterly_loader *l = ctx;
    qtr_workbook_input *in = l->in;
    const size_t *col = l->col;
    if (strcmp(rec->fields[col[0]], in->plan->total_name) != 0)
        return QTR_OK;
    long ind = find_city(in, rec->fields[col[1]]);
    if (ind < 0)
        return QTR_OK;
    if (in->nquarters == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        qtr_wb_quarter *q = realloc(in->quarters, cap * sizeof *q);
        if (!q)
            return qtr_error_set(l->err, QTR_ERR_NOMEM, in->paths.quarterly, 0, 0, "out of memory");
        in->quarters = q;
        l->cap = cap;
    }
    qtr_wb_quarter *q = &in->quarters[in->nquarters];
    const char *per = rec->fields[col[2]];
    q->ind = (size_t)ind;
    q->period = qtr_period_parse(per, rec->lens[col[2]]);
    if (q->period == QTR_PERIOD_NONE)
        return qtr_error_set(l->err, QTR_ERR_PARSE, in->paths.quarterly, rec->line, (long)col[2] + 1,
                             "'%s' is not a quarter", per);
    double *slot[] = {&q->amount, &q->actual, &q->expected, &q->time_progress};
    for (size_t i = 0; i < 4; i++) {
        const char *s = rec->fields[col[3 + i]];
        if (qtr_wb_parse_number(s, slot[i]) != 0)
            return qtr_error_set(l->err, QTR_ERR_PARSE, in->paths.quarterly, rec->line,
                                 (long)col[3 + i] + 1, "'%s' is not a number", s);
    }
    in->nquarters++;
    return QTR_OK;
}

static qtr_status load_quarterly(qtr_workbook_input *in, qtr_error *err)
{
    quarterly_loader l = {in, err, {0}, 0};
    return qtr_wb_csv_stream(in->paths.quarterly, quarterly_header, quarterly_row, &l, err);
}

/* ---------------------------------------------------------------- the small tables */

static qtr_status check_columns(const qtr_wb_table *t, const char *path, const char *const *names,
                                size_t n, qtr_error *err)
{
    long col;
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < n && st == QTR_OK; i++)
        st = qtr_wb_table_require(t, path, names[i], &col, err);
    return st;
}

static qtr_status count_rejects(qtr_workbook_input *in, qtr_error *err)
{
    long sev = qtr_wb_table_col(in->rejects, "severity");
    for (size_t r = 0; r < in->rejects->nrows; r++) {
        const char *s = qtr_wb_table_get(in->rejects, r, sev);
        if (strcmp(s, "error") == 0)
            in->nerrors++;
        else if (strcmp(s, "warning") == 0)
            in->nwarnings++;
        else
            return qtr_error_set(err, QTR_ERR_PARSE, in->paths.rejects, in->rejects->lines[r],
                                 sev + 1, "severity '%s' is not error or warning", s);
    }
    return QTR_OK;
}

static qtr_status load_small(qtr_workbook_input *in, qtr_error *err)
{
    static const char *const rejects[] = {"source", "line", "column", "raw", "severity", "reason"};
    static const char *const inputs[] = {"role", "path", "bytes", "sha256"};
    qtr_status st = qtr_wb_table_load(in->paths.rejects, &in->rejects, err);
    if (st == QTR_OK)
        st = qtr_wb_table_load(in->paths.inputs, &in->inputs, err);
    if (st == QTR_OK)
        st = check_columns(in->rejects, in->paths.rejects, rejects, 6, err);
    if (st == QTR_OK)
        st = check_columns(in->inputs, in->paths.inputs, inputs, 4, err);
    if (st == QTR_OK)
        st = count_rejects(in, err);
    return st;
}

/* ---------------------------------------------------------------- public */

qtr_status qtr_workbook_input_load(const qtr_plan *plan, const qtr_wb_paths *paths,
                                   size_t facts_budget, qtr_workbook_input **out, qtr_error *err)
{
    *out = NULL;
    qtr_workbook_input *in = calloc(1, sizeof *in);
    if (!in)
        return qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
    in->plan = plan;
    in->paths = *paths;
    /* progress.csv first: the period decides which facts 数据 keeps */
    qtr_status st = load_progress(in, err);
    if (st == QTR_OK)
        st = qtr_wb_facts_load(&in->facts, paths->facts, plan, in->period, facts_budget, err);
    if (st == QTR_OK)
        st = load_small(in, err);
    if (st == QTR_OK)
        st = load_quarterly(in, err);
    if (st != QTR_OK) {
        qtr_workbook_input_free(in);
        return st;
    }
    *out = in;
    return QTR_OK;
}

void qtr_workbook_input_free(qtr_workbook_input *in)
{
    if (!in)
        return;
    qtr_wb_table_free(in->progress_t);
    qtr_wb_table_free(in->rejects);
    qtr_wb_table_free(in->inputs);
    qtr_wb_facts_free(&in->facts);
    qtr_wb_intern_free(&in->unit_names);
    free(in->rows);
    free(in->city);
    free(in->grid);
    free(in->missing_pool);
    free(in->quarters);
    free(in);
}

const qtr_wb_row *qtr_wb_unit_row(const qtr_workbook_input *in, size_t unit, size_t ind)
{
    if (unit >= in->nunits || ind >= in->nind)
        return NULL;
    return in->grid[unit * in->nind + ind];
}

/* ---------------------------------------------------------------- baseline */

/* Rounds a derived baseline to 1e-9 of the unit when that still reproduces progress. */
static double tidy_baseline(const qtr_wb_figures *f, double b)
{
    if (!(fabs(b) < 1e6))
        return b;
    double r = nearbyint(b * 1e9) / 1e9;
    double again = (f->actual - r) / (f->target - r);
    return fabs(again - f->progress) <= 1e-12 * fmax(1.0, fabs(f->progress)) ? r : b;
}

/* 1 when B reproduces the row's progress: (A - B) / (T - B) == R within rounding. */
static int reproduces(const qtr_wb_figures *f, double b)
{
    double r = (f->actual - b) / (f->target - b);
    return isfinite(r) && fabs(r - f->progress) <= 1e-9 * fmax(1.0, fabs(f->progress));
}

int qtr_wb_baseline(const qtr_workbook_input *in, const qtr_wb_row *row, double *b)
{
    const qtr_wb_figures *f = &row->f;
    if (!isfinite(f->target) || !isfinite(f->actual) || !isfinite(f->progress) ||
        !isfinite(f->completion) || f->progress == f->completion)
        return 0;  /* progress is completion: no baseline at work */
    if (row->plan_ind >= 0 && in->plan->indicators[row->plan_ind].has_baseline &&
        reproduces(f, in->plan->indicators[row->plan_ind].baseline)) {
        *b = in->plan->indicators[row->plan_ind].baseline;
        return f->target > *b;
    }
    if (f->progress != 1.0)
        *b = (f->actual - f->progress * f->target) / (1.0 - f->progress);
    else if (f->time_progress < 1.0 && isfinite(f->expected))
        *b = (f->expected - f->target * f->time_progress) / (1.0 - f->time_progress);
    else
        return 0;
    *b = tidy_baseline(f, *b);
    return isfinite(*b) && f->target > *b && reproduces(f, *b);
}
