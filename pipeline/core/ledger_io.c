/* ledger_io.c — the ledger CSV, task_facts.csv and tasks.csv, written and read (see ledger_io.h). */
#include "ledger_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "decode.h"
#include "table.h"
#include "text.h"

qtr_status qtr_ledger_load(const char *path, qtr_ledger **out, qtr_error *err)
{
    *out = NULL;
    char *data;
    size_t len;
    qtr_status st = qtr_read_file(path, &data, &len);
    if (st == QTR_ERR_NOMEM)
        return qtr_error_set(err, st, path, 0, 0, "out of memory");
    if (st != QTR_OK)
        /* English: the task ledger cannot be read */
        return qtr_error_set(err, QTR_ERR_CONFIG, path, 0, 0, "无法读取任务台账（%s）", strerror(errno));
    qtr_decoded dec;
    size_t bad = 0;
    st = qtr_decode(data, len, &dec, &bad);
    if (st == QTR_ERR_DECODE) {
        long line = qtr_decode_line(data, len, bad, dec.encoding);
        free(data);
        /* English: cannot decode the ledger at byte N: save it as UTF-8 */
        return qtr_error_set(err, QTR_ERR_CONFIG, path, line, 0,
                             "任务台账第 %zu 字节无法解码：请另存为 UTF-8 编码的 CSV", bad);
    }
    free(data);
    if (st != QTR_OK)
        return qtr_error_set(err, st, path, 0, 0, "out of memory");
    st = qtr_ledger_parse(dec.text, dec.len, path, out, err);
    free(dec.text);
    return st;
}

/* ---------------------------------------------------------------- task_facts.csv */

qtr_status qtr_task_facts_write(const qtr_ledger *l, const qtr_task_fact *facts, size_t n,
                                const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    qtr_csvw_header(w, QTR_TASK_FACTS_COLUMNS);
    for (size_t i = 0; i < n; i++) {
        const qtr_task_fact *f = &facts[i];
        char per[8];
        qtr_csvw_str(w, qtr_period_format(f->period, per));
        qtr_csvw_str(w, l->tasks[f->task].id);
        qtr_csvw_str(w, f->status == QTR_TASK_NOT_REPORTED ? "" : qtr_task_status_label(f->status));
        qtr_csvw_text(w, f->note ? f->note : "");
        qtr_csvw_text(w, f->source ? f->source : "");
        qtr_csvw_long(w, f->line);
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}

static int parse_line(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

/* The columns of a table in the order of names (comma-separated), each required. */
static qtr_status require_columns(const qtr_table *t, const char *path, const char *names, long *col,
                                  qtr_error *err)
{
    qtr_strlist list = {0};
    if (qtr_strlist_split(&list, names) != QTR_OK) {
        qtr_strlist_free(&list);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < list.count && st == QTR_OK; i++)
        st = qtr_table_require(t, path, list.items[i], &col[i], err);
    qtr_strlist_free(&list);
    return st;
}

qtr_status qtr_task_facts_read(const qtr_ledger *l, const char *path, qtr_task_fact **out, size_t *n,
                               qtr_error *err)
{
    *out = NULL;
    *n = 0;
    qtr_table *t;
    qtr_status st = qtr_table_load(path, &t, err);
    if (st != QTR_OK)
        return st;
    long col[6];
    if ((st = require_columns(t, path, QTR_TASK_FACTS_COLUMNS, col, err)) != QTR_OK) {
        qtr_table_free(t);
        return st;
    }
    qtr_task_fact *f = calloc(t->nrows ? t->nrows : 1, sizeof *f);
    if (!f) {
        qtr_table_free(t);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    size_t k = 0;
    for (; k < t->nrows && st == QTR_OK; k++) {
        const char *per = qtr_table_get(t, k, col[0]), *id = qtr_table_get(t, k, col[1]),
                   *status = qtr_table_get(t, k, col[2]), *line = qtr_table_get(t, k, col[5]);
        f[k].period = qtr_period_parse(per, strlen(per));
        f[k].task = qtr_ledger_find(l, id, strlen(id));
        f[k].note = qtr_strdup(qtr_csv_unguard(qtr_table_get(t, k, col[3])));
        f[k].source = qtr_strdup(qtr_csv_unguard(qtr_table_get(t, k, col[4])));
        if (!f[k].note || !f[k].source)
            st = qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
        else if (f[k].period == QTR_PERIOD_NONE)
            st = qtr_error_set(err, QTR_ERR_PARSE, path, t->lines[k], col[0] + 1, "'%s' is not a period", per);
        else if (f[k].task < 0)
            st = qtr_error_set(err, QTR_ERR_PARSE, path, t->lines[k], col[1] + 1,
                               "task '%s' is not in the ledger %s", id, l->path);
        else if (qtr_task_status_parse(status, strlen(status), 0, &f[k].status) != 0)
            st = qtr_error_set(err, QTR_ERR_PARSE, path, t->lines[k], col[2] + 1, "'%s' is not a status", status);
        else if (parse_line(line, &f[k].line) != 0)
            st = qtr_error_set(err, QTR_ERR_PARSE, path, t->lines[k], col[5] + 1, "'%s' is not a line", line);
    }
    qtr_table_free(t);
    if (st != QTR_OK) {
        qtr_task_facts_free(f, k);
        return st;
    }
    *out = f;
    *n = k;
    return QTR_OK;
}

/* ---------------------------------------------------------------- tasks.csv */

static const char *overdue_text(int overdue)
{
    return overdue > 0 ? "yes" : overdue == 0 ? "no" : "";
}

qtr_status qtr_task_report_write(const qtr_task_report *r, const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    qtr_csvw_header(w, QTR_TASKS_COLUMNS);
    char per[8], due[16];
    qtr_period_format(r->period, per);
    for (size_t i = 0; i < r->n; i++) {
        const qtr_task_row *row = &r->rows[i];
        qtr_csvw_str(w, row->task->id);
        qtr_csvw_str(w, row->task->name);
        qtr_csvw_str(w, row->task->lead);
        qtr_csvw_str(w, qtr_task_due_format(row->task->due, due));
        qtr_csvw_str(w, per);
        qtr_csvw_str(w, qtr_task_status_label(row->status));
        qtr_csvw_str(w, overdue_text(row->overdue));
        qtr_csvw_text(w, row->note ? row->note : "");
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}

/* One row of tasks.csv into r (its task's slot); 0, or -1 with err set. */
static int read_task_row(qtr_task_report *r, const qtr_table *t, size_t k, const long *col,
                         unsigned char *seen, const char *path, qtr_error *err)
{
    const qtr_ledger *l = r->ledger;
    const char *id = qtr_table_get(t, k, col[0]);
    long line = t->lines[k];
    long i = qtr_ledger_find(l, id, strlen(id));
    if (i < 0 || strcmp(l->tasks[i].id, id) != 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[0] + 1, "task '%s' is not in the ledger %s",
                             id, l->path), -1;
    if (seen[i]++)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[0] + 1, "task '%s' given twice", id), -1;
    const qtr_task *task = &l->tasks[i];
    char due[16], per[8];
    const char *want[4] = {task->id, task->name, task->lead, qtr_task_due_format(task->due, due)};
    for (int c = 1; c < 4; c++)
        if (strcmp(qtr_table_get(t, k, col[c]), want[c]) != 0)
            return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[c] + 1,
                                 "task '%s': '%s' is not the ledger's (%s)", id, qtr_table_get(t, k, col[c]),
                                 want[c]), -1;
    if (strcmp(qtr_table_get(t, k, col[4]), qtr_period_format(r->period, per)) != 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[4] + 1, "period is not %s", per), -1;
    qtr_task_row *row = &r->rows[i];
    const char *status = qtr_table_get(t, k, col[5]), *overdue = qtr_table_get(t, k, col[6]);
    if (qtr_task_status_parse(status, strlen(status), 1, &row->status) != 0 || !*status)
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[5] + 1, "'%s' is not a status", status), -1;
    row->overdue = strcmp(overdue, "yes") == 0 ? 1 : strcmp(overdue, "no") == 0 ? 0 : -1;
    if ((row->overdue < 0) != (task->due == 0) || (*overdue && row->overdue < 0))
        return qtr_error_set(err, QTR_ERR_PARSE, path, line, col[6] + 1,
                             "overdue '%s' does not fit the deadline", overdue), -1;
    row->cls = qtr_task_classify(row->status, row->overdue);
    if (!(row->note = qtr_strdup(qtr_csv_unguard(qtr_table_get(t, k, col[7])))))
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory"), -1;
    return 0;
}

qtr_status qtr_task_report_read(const qtr_ledger *l, qtr_period period, const char *path,
                                qtr_task_report **out, qtr_error *err)
{
    *out = NULL;
    qtr_table *t;
    qtr_status st = qtr_table_load(path, &t, err);
    if (st != QTR_OK)
        return st;
    long col[8];
    qtr_task_report *r = NULL;
    unsigned char *seen = NULL;
    if ((st = require_columns(t, path, QTR_TASKS_COLUMNS, col, err)) == QTR_OK) {
        r = qtr_task_report_new(l, period);
        seen = calloc(l->n ? l->n : 1, 1);
        if (!r || !seen)
            st = qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (size_t k = 0; st == QTR_OK && k < t->nrows; k++)
        if (read_task_row(r, t, k, col, seen, path, err) != 0)
            st = err ? err->status : QTR_ERR_PARSE;
    for (size_t i = 0; st == QTR_OK && i < l->n; i++)
        if (!seen[i])
            st = qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "no row for task '%s'", l->tasks[i].id);
    qtr_table_free(t);
    free(seen);
    if (st != QTR_OK) {
        qtr_task_report_free(r);
        return st;
    }
    qtr_task_report_count(r);
    *out = r;
    return QTR_OK;
}
