/* report_io.c — progress.csv, quarterly.csv and compare.txt written and read back (see
 * report_io.h). The column list of progress.csv is the table COLUMNS below: the writer walks
 * it, the reader maps the file's header onto it.
 */
#include "report_io.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvr.h"
#include "csvw.h"
#include "ledger_io.h"
#include "num.h"
#include "text.h"
#include "words.h"

/* ---------------------------------------------------------------- the columns */

typedef enum {
    COL_PLAN, COL_PERIOD, COL_UNIT, COL_INDICATOR, COL_NAME, COL_MEASURE_UNIT, COL_KIND,
    COL_COMPARATOR,
    COL_NUMBER,              /* a double of the row at `offset`; "" for NAN */
    COL_ACTUAL,              /* exact when the row's actual is exact */
    COL_STATUS, COL_MISSING, COL_RANK_BASIS,
    COL_RANK,                /* an int of the row at `offset`; "" for 0 */
    COL_CARD
} col_kind;

typedef struct {
    const char *name;
    col_kind kind;
    size_t offset;           /* COL_NUMBER, COL_RANK: the field of qtr_progress_row */
} column;

#define NUM(field) COL_NUMBER, offsetof(qtr_progress_row, field)
#define RANK(field) COL_RANK, offsetof(qtr_progress_row, field)

/* progress.csv, in order (docs/formats.md): columns are only ever appended. */
static const column COLUMNS[] = {
    {"plan", COL_PLAN, 0},
    {"period", COL_PERIOD, 0},
    {"unit", COL_UNIT, 0},
    {"indicator", COL_INDICATOR, 0},
    {"name", COL_NAME, 0},
    {"measure_unit", COL_MEASURE_UNIT, 0},
    {"kind", COL_KIND, 0},
    {"comparator", COL_COMPARATOR, 0},
    {"target", NUM(target)},
    {"actual", COL_ACTUAL, 0},
    {"completion", NUM(completion)},
    {"time_progress", NUM(time_progress)},
    {"progress", NUM(progress)},
    {"pace_gap_pp", NUM(pace_gap_pp)},
    {"expected", NUM(expected)},
    {"gap_to_target", NUM(gap_to_target)},
    {"forecast", NUM(forecast)},
    {"required_per_quarter", NUM(required_per_quarter)},
    {"status", COL_STATUS, 0},
    {"missing_quarters", COL_MISSING, 0},
    {"baseline", NUM(baseline)},
    {"prev_year_actual", NUM(prev_year_actual)},
    {"yoy_growth", NUM(yoy_growth)},
    {"rank", RANK(rank)},
    {"rank_basis", COL_RANK_BASIS, 0},
    {"yoy_rank", RANK(yoy_rank)},
    {"rank_prev", RANK(rank_prev)},
    {"card", COL_CARD, 0},
};
#define NCOLUMNS (sizeof COLUMNS / sizeof COLUMNS[0])

static double *number_at(qtr_progress_row *row, size_t offset)
{
    return (double *)(void *)((char *)row + offset);
}

static int *rank_at(qtr_progress_row *row, size_t offset)
{
    return (int *)(void *)((char *)row + offset);
}

static const char *basis_name(qtr_rank_basis b)
{
    switch (b) {
    case QTR_RANK_NONE: return "";
    case QTR_RANK_COMPLETION: return "completion";
    case QTR_RANK_ACTUAL: return "actual";
    }
    return "";
}

/* The card of a row: the status's card where a target exists. */
static const char *card_of(const qtr_progress_row *row)
{
    return isnan(row->target) ? "" : qtr_status_look_of(row->status)->card;
}

/* "10..15" for a range, ">" or ">=". buf >= 80 bytes. */
static const char *comparator_text(const qtr_indicator *ind, char *buf)
{
    if (ind->cmp == QTR_CMP_RANGE) {
        char lo[32], hi[32];
        snprintf(buf, 80, "%s..%s", qtr_double_format(ind->target, lo), qtr_double_format(ind->target_hi, hi));
        return buf;
    }
    return ind->cmp == QTR_CMP_GT ? ">" : ">=";
}

/* ---------------------------------------------------------------- progress.csv: writing */

static void write_cell(qtr_csvw *w, const qtr_report *r, const qtr_progress_row *row,
                       const column *c, const char *period)
{
    const qtr_indicator *ind = &r->plan->indicators[row->indicator];
    qtr_progress_row *mrow = (qtr_progress_row *)row; /* number_at and rank_at only read here */
    char buf[QTR_QTY_BUFSIZE > 80 ? QTR_QTY_BUFSIZE : 80];
    switch (c->kind) {
    case COL_PLAN: qtr_csvw_str(w, r->plan->id); return;
    case COL_PERIOD: qtr_csvw_str(w, period); return;
    case COL_UNIT: qtr_csvw_str(w, qtr_report_unit_name(r, row->unit)); return;
    case COL_INDICATOR: qtr_csvw_str(w, ind->id); return;
    case COL_NAME: qtr_csvw_str(w, ind->name); return;
    case COL_MEASURE_UNIT: qtr_csvw_str(w, ind->unit); return;
    case COL_KIND: qtr_csvw_str(w, qtr_kind_name(ind->kind)); return;
    case COL_COMPARATOR: qtr_csvw_str(w, comparator_text(ind, buf)); return;
    case COL_NUMBER: qtr_csvw_str(w, qtr_double_format(*number_at(mrow, c->offset), buf)); return;
    case COL_ACTUAL:
        qtr_csvw_str(w, row->exact ? qtr_qty_format(row->actual_qty, buf) : qtr_double_format(row->actual, buf));
        return;
    case COL_STATUS: qtr_csvw_str(w, qtr_status_code(row->status)); return;
    case COL_MISSING: qtr_csvw_str(w, row->missing); return;
    case COL_RANK_BASIS: qtr_csvw_str(w, basis_name(row->rank_basis)); return;
    case COL_RANK: {
        int k = *rank_at(mrow, c->offset);
        if (k > 0)
            qtr_csvw_long(w, k);
        else
            qtr_csvw_str(w, "");
        return;
    }
    case COL_CARD: qtr_csvw_str(w, card_of(row)); return;
    }
}

static qtr_status write_progress(const qtr_report *r, const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    for (size_t c = 0; c < NCOLUMNS; c++)
        qtr_csvw_str(w, COLUMNS[c].name);
    qtr_csvw_end_row(w);
    char per[8];
    qtr_period_format(r->period, per);
    for (int u = -1; u < (int)r->nunits; u++)
        for (size_t i = 0; i < r->nind; i++) {
            const qtr_progress_row *row = qtr_report_row(r, u, i);
            for (size_t c = 0; c < NCOLUMNS; c++)
                write_cell(w, r, row, &COLUMNS[c], per);
            qtr_csvw_end_row(w);
        }
    return qtr_csvw_commit(w, err);
}

/* ---------------------------------------------------------------- quarterly.csv: writing */

static qtr_status write_quarterly(const qtr_report *r, const qtr_values *v, const char *path,
                                  qtr_error *err)
{
    const qtr_plan *plan = r->plan;
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    qtr_csvw_header(w, "unit,indicator,period,amount,actual,expected,time_progress");
    char per[8], buf[QTR_QTY_BUFSIZE];
    for (int u = -1; u < (int)plan->nunits; u++)
        for (size_t i = 0; i < plan->nindicators; i++) {
            const qtr_indicator *ind = &plan->indicators[i];
            for (qtr_period k = qtr_tracking_start(plan, ind, r->period); k <= r->period; k++) {
                qtr_trend_quarter q;
                qtr_trend_compute(v, u, (int)i, k, &q);
                qtr_csvw_str(w, qtr_report_unit_name(r, u));
                qtr_csvw_str(w, ind->id);
                qtr_csvw_str(w, qtr_period_format(k, per));
                if (q.has_amount)
                    qtr_csvw_str(w, qtr_qty_format(q.amount_qty, buf));
                else if (ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE)
                    qtr_csvw_str(w, qtr_double_format(q.row.actual, buf));
                else
                    qtr_csvw_str(w, "");
                qtr_csvw_str(w, q.row.exact ? qtr_qty_format(q.row.actual_qty, buf)
                                            : qtr_double_format(q.row.actual, buf));
                qtr_csvw_str(w, qtr_double_format(q.row.expected, buf));
                qtr_csvw_str(w, qtr_double_format(q.row.time_progress, buf));
                qtr_csvw_end_row(w);
            }
        }
    return qtr_csvw_commit(w, err);
}

/* ---------------------------------------------------------------- compare.txt: writing */

/* key=value on one line: a line break in a value (none is expected) becomes a space. */
static void put_line(FILE *f, const char *key, const char *value)
{
    fprintf(f, "%s=", key);
    for (const char *s = value; *s; s++)
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    fputc('\n', f);
}

/* "（缺少2017年全年数据，无法推算本年目标）" after the sentence of a row without a status. */
static qtr_status no_status_note(const qtr_report *r, const qtr_indicator *ind,
                                 const qtr_progress_row *row, qtr_buf *out)
{
    qtr_buf why = {0};
    qtr_status st = qtr_words_no_status(r->plan, ind, -1, row, r->period, &why);
    if (st == QTR_OK && why.len)
        st = qtr_buf_printf(out, "（%s）", qtr_buf_str(&why));
    qtr_buf_free(&why);
    return st;
}

static qtr_status write_summary(const qtr_report *r, const char *path, qtr_error *err)
{
    const qtr_report_summary *s = &r->sum;
    char tmp[4096], per[8], key[64];
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create");
    put_line(f, "plan", r->plan->id);
    put_line(f, "period", qtr_period_format(r->period, per));
    fprintf(f, "indicators=%zu\nunits=%zu\n", r->nind, r->nunits);
    for (int k = 0; k < QTR_STATUS_COUNT; k++) {
        const char *code = qtr_status_code((qtr_progress_status)k);
        snprintf(key, sizeof key, "count.%s", *code ? code : "none");
        fprintf(f, "%s=%zu\n", key, s->count[k]);
    }
    fprintf(f, "units_missing=%zu\nmissing_rows=%zu\nunits_reporting=%zu\nexit_code=%d\n",
            s->units_missing, s->missing_rows, s->units_reporting, s->exit_code);
    if (s->input.known)
        fprintf(f, "input.files=%ld\ninput.rows_read=%ld\ninput.facts=%ld\ninput.errors=%ld\n"
                   "input.warnings=%ld\ninput.errors_in_scope=%ld\ninput.unitless=%ld\n",
                s->input.files, s->input.rows_read, s->input.facts, s->input.errors,
                s->input.warnings, s->input.errors_in_scope, s->input.unitless);
    put_line(f, "headline", s->headline);
    put_line(f, "missing_units", s->missing_units);
    put_line(f, "missing_text", s->missing_text);
    put_line(f, "input_text", s->input_text);
    /* what is odd but not wrong in the plan (e.g. units' targets short of the region's): the
     * terminal prints it with the summary; stderr stays silent on success (docs/cli.md) */
    for (size_t k = 0; k < r->plan->warnings.count; k++)
        put_line(f, "config_warning", r->plan->warnings.items[k]);
    if (s->has_tasks) { /* the task ledger (ledger.h): counts per class, then the sentence */
        fprintf(f, "tasks=%zu\n", s->ntasks);
        for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
            fprintf(f, "tasks.%s=%zu\n", qtr_task_class_code((qtr_task_class)c), s->tasks[c]);
        put_line(f, "tasks_text", s->tasks_text ? s->tasks_text : "");
    }
    /* one line per indicator of the region, for the terminal: id|status|label|name|sentence */
    qtr_buf b = {0};
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < r->nind && st == QTR_OK; i++) {
        const qtr_indicator *ind = &r->plan->indicators[i];
        const qtr_progress_row *row = qtr_report_row(r, -1, i);
        qtr_buf_clear(&b);
        st = qtr_buf_printf(&b, "%s|%s|%s|%s|", ind->id, qtr_status_code(row->status),
                            qtr_status_label(row->status), ind->name);
        if (st == QTR_OK)
            st = qtr_words_summary(ind, row, &b);
        if (st == QTR_OK)
            st = no_status_note(r, ind, row, &b);
        if (st == QTR_OK)
            put_line(f, "indicator", qtr_buf_str(&b));
    }
    qtr_buf_free(&b);
    if (st != QTR_OK) {
        fclose(f);
        unlink(tmp);
        return qtr_error_set(err, st, path, 0, 0, "out of memory");
    }
    return qtr_commit_file(f, tmp, path, err);
}

qtr_status qtr_report_write(const qtr_report *r, const qtr_values *v, const qtr_report_paths *paths,
                            qtr_error *err)
{
    qtr_status st = QTR_OK;
    if (paths->progress)
        st = write_progress(r, paths->progress, err);
    if (st == QTR_OK && paths->quarterly)
        st = write_quarterly(r, v, paths->quarterly, err);
    if (st == QTR_OK && paths->summary)
        st = write_summary(r, paths->summary, err);
    if (st == QTR_OK && paths->tasks && r->tasks)
        st = qtr_task_report_write(r->tasks, paths->tasks, err);
    return st;
}

/* ---------------------------------------------------------------- reading: shared */

typedef struct {
    const qtr_plan *plan;
    qtr_report *r;
    const char *path;
    qtr_error *err;
    qtr_status st;
    int header;
    long col[NCOLUMNS];      /* field index of each column, -1 when absent */
    size_t nfields;
    unsigned char *seen;     /* progress.csv: rows read, per (unit + 1, indicator) */
    /* progress.csv comes a unit at a time, every row of the report's period: the last row's
     * unit field and what it named, and its period field when it was the report's, are not
     * looked up again (a tenth of reading the file at 3,000 units) */
    char memo_unit[256], memo_period[32];
    size_t memo_unit_n, memo_period_n; /* 0: none */
    long memo_unit_id;
    /* quarterly.csv */
    long qcol[7];
    size_t ntrend, cap;
    qtr_trend_point *points; /* region rows in file order */
    size_t *point_ind;
} reader;

static int fail(reader *rd, long line, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    rd->st = qtr_error_set(rd->err, QTR_ERR_PARSE, rd->path, line, 0, "%s", msg);
    return 1;
}

static int field_is(const qtr_field *f, const char *s)
{
    return f->n == strlen(s) && memcmp(f->s, s, f->n) == 0;
}

/* The field as a NUL-terminated string in buf (size bytes); 0, or -1 when too long. */
static int field_text(const qtr_field *f, char *buf, size_t size)
{
    if (f->n >= size)
        return -1;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    return 0;
}

static int on_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n, const char *reason)
{
    (void)end_line;
    (void)raw;
    (void)raw_n;
    return fail(ctx, line, "%s", reason);
}

static qtr_status read_csv(reader *rd, const char *path, qtr_csv_record_fn fn)
{
    long bad_line = 0;
    rd->path = path;
    rd->header = 0;
    qtr_status st = qtr_csv_read_file(path, fn, on_error, rd, &bad_line);
    if (st == QTR_ERR_OPEN)
        return qtr_error_set(rd->err, st, path, 0, 0, "cannot read");
    if (st == QTR_ERR_NOMEM)
        return qtr_error_set(rd->err, st, path, 0, 0, "out of memory");
    if (st == QTR_ERR_DECODE)
        return qtr_error_set(rd->err, QTR_ERR_PARSE, path, bad_line, 0, "not valid UTF-8");
    if (rd->st == QTR_OK && !rd->header)
        return qtr_error_set(rd->err, QTR_ERR_PARSE, path, 0, 0, "empty file");
    return rd->st;
}

/* ---------------------------------------------------------------- progress.csv: reading */

static int progress_header(reader *rd, const qtr_record *rec)
{
    rd->header = 1;
    rd->nfields = rec->nfields;
    for (size_t c = 0; c < NCOLUMNS; c++) {
        rd->col[c] = -1;
        for (size_t k = 0; k < rec->nfields; k++)
            if (field_is(&rec->fields[k], COLUMNS[c].name))
                rd->col[c] = (long)k;
        if (rd->col[c] < 0)
            return fail(rd, rec->line, "no column '%s'", COLUMNS[c].name);
    }
    return 0;
}

/* Parses a number field: "" is NAN. */
static int parse_number(const qtr_field *f, double *out)
{
    char buf[80];
    if (f->n == 0) {
        *out = NAN;
        return 0;
    }
    return field_text(f, buf, sizeof buf) == 0 && qtr_double_parse(buf, out) == 0 && isfinite(*out) ? 0 : -1;
}

static int parse_rank(const qtr_field *f, int *out)
{
    char buf[16], *end;
    if (f->n == 0) {
        *out = 0;
        return 0;
    }
    if (field_text(f, buf, sizeof buf) != 0 || buf[0] < '1' || buf[0] > '9')
        return -1;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno || *end || v > 1000000000L)
        return -1;
    *out = (int)v;
    return 0;
}

/* The quarters of the report year in missing_quarters ("Q2;Q3"; an earlier year's "2024Q4"
 * is not one of them), as qtr_progress_compute counts them. */
static int count_year_quarters(const char *s)
{
    int n = 0;
    for (const char *t = s; *t;) {
        size_t len = strcspn(t, ";");
        n += len == 2 && t[0] == 'Q';
        t += len + (t[len] == ';');
    }
    return n;
}

/* Checks a text column against what the plan says. */
static int check_text(reader *rd, const qtr_record *rec, const qtr_field *f, const char *want,
                      const char *name)
{
    if (field_is(f, want))
        return 0;
    return fail(rd, rec->line, "column '%s' does not match the plan", name);
}

static int progress_cell(reader *rd, const qtr_record *rec, qtr_progress_row *row, const column *c,
                         const qtr_field *f)
{
    const qtr_indicator *ind = &rd->plan->indicators[row->indicator];
    char buf[QTR_QTY_BUFSIZE > 160 ? QTR_QTY_BUFSIZE : 160];
    switch (c->kind) {
    case COL_PLAN: return check_text(rd, rec, f, rd->plan->id, c->name);
    case COL_PERIOD:
        if (f->n > 0 && f->n == rd->memo_period_n && memcmp(f->s, rd->memo_period, f->n) == 0)
            return 0;
        if (qtr_period_parse(f->s, f->n) != rd->r->period)
            return fail(rd, rec->line, "period is not %s", "the report's");
        if (f->n > 0 && f->n <= sizeof rd->memo_period) {
            memcpy(rd->memo_period, f->s, f->n);
            rd->memo_period_n = f->n;
        }
        return 0;
    case COL_UNIT:
    case COL_INDICATOR: return 0; /* placed the row */
    case COL_NAME: return check_text(rd, rec, f, ind->name, c->name);
    case COL_MEASURE_UNIT: return check_text(rd, rec, f, ind->unit, c->name);
    case COL_KIND: return check_text(rd, rec, f, qtr_kind_name(ind->kind), c->name);
    case COL_COMPARATOR: return check_text(rd, rec, f, comparator_text(ind, buf), c->name);
    case COL_NUMBER:
        return parse_number(f, number_at(row, c->offset)) == 0 ? 0 : fail(rd, rec->line, "column '%s' is not a number", c->name);
    case COL_ACTUAL:
        if (parse_number(f, &row->actual) != 0)
            return fail(rd, rec->line, "column '%s' is not a number", c->name);
        row->exact = f->n > 0 && field_text(f, buf, sizeof buf) == 0 && qtr_qty_from_decimal(buf, &row->actual_qty) == 0;
        return 0;
    case COL_STATUS:
        return qtr_status_parse(f->s, f->n, &row->status) == 0 ? 0 : fail(rd, rec->line, "unknown status in column '%s'", c->name);
    case COL_MISSING:
        if (field_text(f, row->missing, sizeof row->missing) != 0)
            return fail(rd, rec->line, "column '%s' is too long", c->name);
        row->nmissing = count_year_quarters(row->missing);
        return 0;
    case COL_RANK_BASIS:
        if (field_is(f, "completion"))
            row->rank_basis = QTR_RANK_COMPLETION;
        else if (field_is(f, "actual"))
            row->rank_basis = QTR_RANK_ACTUAL;
        else if (f->n == 0)
            row->rank_basis = QTR_RANK_NONE;
        else
            return fail(rd, rec->line, "unknown value in column '%s'", c->name);
        return 0;
    case COL_RANK:
        return parse_rank(f, rank_at(row, c->offset)) == 0 ? 0 : fail(rd, rec->line, "column '%s' is not a rank", c->name);
    case COL_CARD: return 0; /* derived from status and target */
    }
    return 0;
}

/* A rate's baseline quarter b is not a column: it follows from its time progress,
 * P = (p - b) / (L Q4 - b) (docs/formulas.md, time progress), b = (p - P (L Q4)) / (1 - P). A b
 * after the baseline quarter is the first reported level's, which the words name. */
static void base_quarter(const qtr_plan *plan, const qtr_indicator *ind, qtr_progress_row *row)
{
    row->base_reported = 0;
    row->base_period = QTR_PERIOD_NONE;
    double P = row->time_progress;
    if ((ind->kind != QTR_KIND_RATIO && ind->kind != QTR_KIND_COVERAGE) || isnan(row->baseline) ||
        isnan(P) || P >= 1 || P < 0)
        return;
    double end = (double)qtr_period_make(plan->end_year, 4), p = (double)row->period;
    double b = round((p - P * end) / (1 - P));
    if (b > (double)qtr_plan_base_period(plan) && b <= p) {
        row->base_reported = 1;
        row->base_period = (qtr_period)b;
    }
}

static int progress_record(void *ctx, const qtr_record *rec)
{
    reader *rd = ctx;
    if (!rd->header)
        return progress_header(rd, rec);
    if (rec->nfields != rd->nfields)
        return fail(rd, rec->line, "%s", "wrong number of fields");
    const qtr_field *uf = &rec->fields[rd->col[COL_UNIT]], *inf = &rec->fields[rd->col[COL_INDICATOR]];
    char id[128];
    long unit;
    if (uf->n > 0 && uf->n == rd->memo_unit_n && memcmp(uf->s, rd->memo_unit, uf->n) == 0) {
        unit = rd->memo_unit_id;
    } else {
        unit = field_is(uf, rd->plan->total_name) ? -1 : qtr_plan_find_unit(rd->plan, uf->s, uf->n);
        if (unit < 0 && !field_is(uf, rd->plan->total_name))
            return fail(rd, rec->line, "%s", "unit not in the plan's roster");
        rd->memo_unit_n = 0;
        if (uf->n > 0 && uf->n <= sizeof rd->memo_unit) {
            memcpy(rd->memo_unit, uf->s, uf->n);
            rd->memo_unit_n = uf->n;
            rd->memo_unit_id = unit;
        }
    }
    long ind = field_text(inf, id, sizeof id) == 0 ? qtr_plan_find_indicator(rd->plan, id) : -1;
    if (ind < 0)
        return fail(rd, rec->line, "%s", "indicator not in the plan");
    size_t slot = (size_t)(unit + 1) * rd->r->nind + (size_t)ind;
    if (rd->seen[slot])
        return fail(rd, rec->line, "%s", "row given twice");
    rd->seen[slot] = 1;
    qtr_progress_row *row = qtr_report_row(rd->r, (int)unit, (size_t)ind);
    for (size_t c = 0; c < NCOLUMNS; c++)
        if (progress_cell(rd, rec, row, &COLUMNS[c], &rec->fields[rd->col[c]]))
            return 1;
    row->has_target = !isnan(row->target);
    row->period = rd->r->period;
    base_quarter(rd->plan, &rd->plan->indicators[ind], row);
    return 0;
}

/* The period of the file: the first data row's `period` (a cheap first pass is not needed:
 * the report is created with the first row). */
static qtr_status read_progress(reader *rd, const char *path)
{
    qtr_status st = read_csv(rd, path, progress_record);
    if (st != QTR_OK)
        return st;
    size_t n = (rd->r->nunits + 1) * rd->r->nind;
    for (size_t k = 0; k < n; k++)
        if (!rd->seen[k])
            return qtr_error_set(rd->err, QTR_ERR_PARSE, path, 0, 0, "no row for unit '%s', indicator '%s'",
                                 qtr_report_unit_name(rd->r, (int)(k / rd->r->nind) - 1),
                                 rd->plan->indicators[k % rd->r->nind].id);
    return QTR_OK;
}

/* ---------------------------------------------------------------- quarterly.csv: reading */

static int quarterly_header(reader *rd, const qtr_record *rec)
{
    static const char *const names[7] = {"unit", "indicator", "period", "amount", "actual", "expected", "time_progress"};
    rd->header = 1;
    rd->nfields = rec->nfields;
    for (int c = 0; c < 7; c++) {
        rd->qcol[c] = -1;
        for (size_t k = 0; k < rec->nfields; k++)
            if (field_is(&rec->fields[k], names[c]))
                rd->qcol[c] = (long)k;
        if (rd->qcol[c] < 0)
            return fail(rd, rec->line, "no column '%s'", names[c]);
    }
    return 0;
}

static int quarterly_record(void *ctx, const qtr_record *rec)
{
    reader *rd = ctx;
    if (!rd->header)
        return quarterly_header(rd, rec);
    if (rec->nfields != rd->nfields)
        return fail(rd, rec->line, "%s", "wrong number of fields");
    if (!field_is(&rec->fields[rd->qcol[0]], rd->plan->total_name))
        return 0; /* the units' trends: not part of the report model */
    char id[128];
    long ind = field_text(&rec->fields[rd->qcol[1]], id, sizeof id) == 0 ? qtr_plan_find_indicator(rd->plan, id) : -1;
    if (ind < 0)
        return fail(rd, rec->line, "%s", "indicator not in the plan");
    const qtr_field *pf = &rec->fields[rd->qcol[2]];
    qtr_trend_point pt;
    pt.period = qtr_period_parse(pf->s, pf->n);
    if (pt.period == QTR_PERIOD_NONE || pt.period > rd->r->period)
        return fail(rd, rec->line, "%s", "bad period");
    if (parse_number(&rec->fields[rd->qcol[3]], &pt.amount) || parse_number(&rec->fields[rd->qcol[4]], &pt.actual) ||
        parse_number(&rec->fields[rd->qcol[5]], &pt.expected) ||
        parse_number(&rec->fields[rd->qcol[6]], &pt.time_progress))
        return fail(rd, rec->line, "%s", "a field is not a number");
    if (rd->ntrend == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 64;
        qtr_trend_point *p = realloc(rd->points, cap * sizeof *p);
        size_t *pi = p ? realloc(rd->point_ind, cap * sizeof *pi) : NULL;
        if (p)
            rd->points = p;
        if (!p || !pi) {
            rd->st = qtr_error_set(rd->err, QTR_ERR_NOMEM, rd->path, rec->line, 0, "out of memory");
            return 1;
        }
        rd->point_ind = pi;
        rd->cap = cap;
    }
    rd->points[rd->ntrend] = pt;
    rd->point_ind[rd->ntrend++] = (size_t)ind;
    return 0;
}

/* Groups the region's points by indicator (plan order), each in ascending periods. */
static qtr_status build_trend(reader *rd, const char *path)
{
    qtr_report *r = rd->r;
    free(r->trend);
    r->trend = malloc((rd->ntrend ? rd->ntrend : 1) * sizeof *r->trend);
    if (!r->trend)
        return qtr_error_set(rd->err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++) {
        r->trend_start[i] = n;
        for (size_t k = 0; k < rd->ntrend; k++) {
            if (rd->point_ind[k] != i)
                continue;
            if (n > r->trend_start[i] && rd->points[k].period <= r->trend[n - 1].period)
                return qtr_error_set(rd->err, QTR_ERR_PARSE, path, 0, 0,
                                     "quarters of indicator '%s' out of order", r->plan->indicators[i].id);
            r->trend[n++] = rd->points[k];
        }
    }
    r->trend_start[r->nind] = n;
    return QTR_OK;
}

/* ---------------------------------------------------------------- compare.txt: reading */

static int key_value(char *line, char **key, char **value)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *eq = strchr(line, '=');
    if (!eq)
        return -1;
    *eq = '\0';
    *key = line;
    *value = eq + 1;
    return 0;
}

int qtr_summary_get(const char *path, const char *key, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL, *k, *v;
    size_t cap = 0;
    int found = -1;
    while (found < 0 && getline(&line, &cap, f) > 0)
        if (key_value(line, &k, &v) == 0 && strcmp(k, key) == 0) {
            snprintf(buf, size, "%s", v);
            found = 0;
        }
    free(line);
    fclose(f);
    return found;
}

static int parse_count(const char *v, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < 0)
        return -1;
    *out = n;
    return 0;
}

/* The counts of summary keys `prefix.name` into *out; returns -1 when a value is malformed. */
static int summary_counts(const char *k, const char *v, qtr_report_summary *s)
{
    static const struct {
        const char *key;
        size_t offset;
    } INPUT[] = {
        {"input.files", offsetof(qtr_input_counts, files)},
        {"input.rows_read", offsetof(qtr_input_counts, rows_read)},
        {"input.facts", offsetof(qtr_input_counts, facts)},
        {"input.errors", offsetof(qtr_input_counts, errors)},
        {"input.warnings", offsetof(qtr_input_counts, warnings)},
        {"input.errors_in_scope", offsetof(qtr_input_counts, errors_in_scope)},
        {"input.unitless", offsetof(qtr_input_counts, unitless)},
    };
    long n;
    for (size_t i = 0; i < sizeof INPUT / sizeof INPUT[0]; i++)
        if (strcmp(k, INPUT[i].key) == 0) {
            s->input.known = 1;
            return parse_count(v, (long *)(void *)((char *)&s->input + INPUT[i].offset));
        }
    if (strncmp(k, "count.", 6) == 0) {
        qtr_progress_status st;
        const char *code = strcmp(k + 6, "none") == 0 ? "" : k + 6;
        if (qtr_status_parse(code, strlen(code), &st) != 0 || parse_count(v, &n) != 0)
            return -1;
        s->count[st] = (size_t)n;
        return 0;
    }
    if (strcmp(k, "tasks") == 0 || strncmp(k, "tasks.", 6) == 0) {
        if (parse_count(v, &n) != 0)
            return -1;
        s->has_tasks = 1;
        if (k[5] == '\0') {
            s->ntasks = (size_t)n;
            return 0;
        }
        for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
            if (strcmp(k + 6, qtr_task_class_code((qtr_task_class)c)) == 0) {
                s->tasks[c] = (size_t)n;
                return 0;
            }
        return -1;
    }
    if (strcmp(k, "exit_code") == 0) {
        if (parse_count(v, &n) != 0 || n > 1)
            return -1;
        s->exit_code = (int)n;
        return 0;
    }
    size_t *field = strcmp(k, "units_missing") == 0     ? &s->units_missing
                    : strcmp(k, "missing_rows") == 0    ? &s->missing_rows
                    : strcmp(k, "units_reporting") == 0 ? &s->units_reporting
                                                        : NULL;
    if (!field)
        return 0;
    if (parse_count(v, &n) != 0)
        return -1;
    *field = (size_t)n;
    return 0;
}

static qtr_status read_summary(reader *rd, const char *path)
{
    qtr_report_summary *s = &rd->r->sum;
    FILE *f = fopen(path, "r");
    if (!f)
        return qtr_error_set(rd->err, QTR_ERR_OPEN, path, 0, 0, "cannot read");
    char *line = NULL, *k, *v;
    size_t cap = 0;
    long lineno = 0;
    qtr_status st = QTR_OK;
    while (st == QTR_OK && getline(&line, &cap, f) > 0) {
        lineno++;
        if (key_value(line, &k, &v) != 0) {
            st = qtr_error_set(rd->err, QTR_ERR_PARSE, path, lineno, 0, "not a key=value line");
            break;
        }
        char **text = strcmp(k, "headline") == 0        ? &s->headline
                      : strcmp(k, "missing_units") == 0 ? &s->missing_units
                      : strcmp(k, "missing_text") == 0  ? &s->missing_text
                      : strcmp(k, "input_text") == 0    ? &s->input_text
                      : strcmp(k, "tasks_text") == 0    ? &s->tasks_text
                                                        : NULL;
        if (strcmp(k, "plan") == 0 && strcmp(v, rd->plan->id) != 0)
            st = qtr_error_set(rd->err, QTR_ERR_PARSE, path, lineno, 0, "plan '%s' is not %s", v, rd->plan->id);
        else if (strcmp(k, "period") == 0 && qtr_period_parse(v, strlen(v)) != rd->r->period)
            st = qtr_error_set(rd->err, QTR_ERR_PARSE, path, lineno, 0, "period %s is not the report's", v);
        else if (text) {
            char *dup = qtr_strdup(v);
            if (!dup)
                st = qtr_error_set(rd->err, QTR_ERR_NOMEM, path, lineno, 0, "out of memory");
            else {
                free(*text);
                *text = dup;
            }
        } else if (summary_counts(k, v, s) != 0)
            st = qtr_error_set(rd->err, QTR_ERR_PARSE, path, lineno, 0, "'%s' is not a count", k);
    }
    free(line);
    if (ferror(f) && st == QTR_OK)
        st = qtr_error_set(rd->err, QTR_ERR_OPEN, path, 0, 0, "read error");
    fclose(f);
    if (st == QTR_OK && !*s->headline)
        st = qtr_error_set(rd->err, QTR_ERR_PARSE, path, 0, 0, "no headline");
    return st;
}

qtr_status qtr_input_counts_read(const char *path, qtr_input_counts *out, qtr_error *err)
{
    static const char *const keys[] = {"files", "rows_read", "facts", "errors", "warnings", "errors_in_scope"};
    long *fields[] = {&out->files, &out->rows_read, &out->facts, &out->errors, &out->warnings,
                      &out->errors_in_scope};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char v[64];
        if (qtr_summary_get(path, keys[i], v, sizeof v) != 0)
            return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot read '%s'", keys[i]);
        if (parse_count(v, fields[i]) != 0)
            return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "'%s' is not a count", keys[i]);
    }
    /* later than the others: an ingest.txt without it reads as 0 */
    char v[64];
    if (qtr_summary_get(path, "unitless", v, sizeof v) == 0 && parse_count(v, &out->unitless) != 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "'unitless' is not a count");
    out->known = 1;
    return QTR_OK;
}

/* ---------------------------------------------------------------- tasks.csv: reading */

/* The ledger's quarter from tasks.csv, which must agree with the summary's counts. */
static qtr_status read_tasks(qtr_report *r, const qtr_report_paths *paths, qtr_error *err)
{
    const qtr_report_summary *s = &r->sum;
    if (!s->has_tasks || !s->tasks_text)
        return qtr_error_set(err, QTR_ERR_PARSE, paths->summary, 0, 0,
                             "the plan has a task ledger but the summary has no task counts "
                             "(run qtr-compare with --task-facts and --tasks)");
    qtr_task_report *t;
    qtr_status st = qtr_task_report_read(r->plan->ledger, r->period, paths->tasks, &t, err);
    if (st != QTR_OK)
        return st;
    r->tasks = t;
    int agree = s->ntasks == t->n;
    for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
        agree &= s->tasks[c] == t->count[c];
    if (!agree)
        return qtr_error_set(err, QTR_ERR_PARSE, paths->tasks, 0, 0,
                             "its tasks do not add up to the task counts of %s", paths->summary);
    return QTR_OK;
}

/* ---------------------------------------------------------------- reading: entry point */

/* The report's period: the `period` of the summary. */
static qtr_status summary_period(const qtr_report_paths *paths, qtr_period *out, qtr_error *err)
{
    char v[32];
    if (qtr_summary_get(paths->summary, "period", v, sizeof v) != 0)
        return qtr_error_set(err, QTR_ERR_OPEN, paths->summary, 0, 0, "cannot read the period");
    *out = qtr_period_parse(v, strlen(v));
    if (*out == QTR_PERIOD_NONE)
        return qtr_error_set(err, QTR_ERR_PARSE, paths->summary, 0, 0, "bad period '%s'", v);
    return QTR_OK;
}

qtr_status qtr_report_read(const qtr_plan *plan, const qtr_report_paths *paths, qtr_report **out,
                           qtr_error *err)
{
    *out = NULL;
    qtr_period period;
    qtr_status st = summary_period(paths, &period, err);
    if (st != QTR_OK)
        return st;
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.plan = plan;
    rd.err = err;
    rd.r = qtr_report_new(plan, period);
    rd.seen = calloc((plan->nunits + 1) * (plan->nindicators ? plan->nindicators : 1), 1);
    if (!rd.r || !rd.seen)
        st = qtr_error_set(err, QTR_ERR_NOMEM, paths->progress, 0, 0, "out of memory");
    if (st == QTR_OK)
        st = read_summary(&rd, paths->summary);
    if (st == QTR_OK)
        st = read_progress(&rd, paths->progress);
    if (st == QTR_OK && (st = read_csv(&rd, paths->quarterly, quarterly_record)) == QTR_OK)
        st = build_trend(&rd, paths->quarterly);
    if (st == QTR_OK && paths->tasks && plan->ledger)
        st = read_tasks(rd.r, paths, err);
    free(rd.seen);
    free(rd.points);
    free(rd.point_ind);
    if (st != QTR_OK) {
        qtr_report_free(rd.r);
        return st;
    }
    *out = rd.r;
    return QTR_OK;
}
