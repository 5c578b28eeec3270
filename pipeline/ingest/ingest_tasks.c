/* ingest_tasks.c — the departments' task progress files (see ingest_tasks.h): header roles, one
 * status per row checked against the plan's ledger, duplicates resolved across files, and
 * task_facts.csv. Every row ends in task_facts.csv or in rejects.csv (docs/input.md).
 */
#include "ingest_tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_io.h"
#include "messages.h"
#include "text.h"

/* ---------------------------------------------------------------- the statuses read */

/* A status as read, before duplicates are resolved. */
typedef struct {
    qtr_period period;
    long task;               /* ledger index */
    qtr_task_status status;
    char *note;              /* owned */
    int source;
    long line;
    long column;             /* 1-based field of the status (for the rejects of duplicates) */
    char *raw;               /* the status cell as written (for those rejects) */
    int dropped;             /* a duplicate: a reject, not a fact */
} task_in;

struct qtr_ingest_tasks {
    task_in *v;
    size_t n, cap;
};

void qtr_ingest_tasks_free(qtr_ingest *ing)
{
    struct qtr_ingest_tasks *t = ing->tasks;
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].note);
        free(t->v[i].raw);
    }
    free(t->v);
    free(t);
    ing->tasks = NULL;
}

static task_in *add_status(qtr_ingest *ing)
{
    if (!ing->tasks && !(ing->tasks = calloc(1, sizeof *ing->tasks)))
        return NULL;
    struct qtr_ingest_tasks *t = ing->tasks;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        task_in *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return NULL;
        t->v = v;
        t->cap = cap;
    }
    task_in *s = &t->v[t->n];
    memset(s, 0, sizeof *s);
    return s;
}

/* ---------------------------------------------------------------- the header */

typedef enum { ROLE_NONE, ROLE_ID, ROLE_PERIOD, ROLE_STATUS, ROLE_NOTE, ROLE_INFO } role;

/* Header texts (normalised: no blanks, ASCII lower case) of each column of the table. The
 * period column also takes the plan's [input] period_headers. ROLE_INFO columns are for the
 * reader (name, department, deadline as the ledger has them): not read, not checked. */
static const struct {
    const char *key;
    role r;
} HEADERS[] = {
    {"任务编号", ROLE_ID},    {"任务序号", ROLE_ID},      {"task", ROLE_ID},       {"task_id", ROLE_ID},
    {"进展状态", ROLE_STATUS}, {"完成状态", ROLE_STATUS},  {"任务状态", ROLE_STATUS}, {"状态", ROLE_STATUS},
    {"status", ROLE_STATUS},
    {"报告期", ROLE_PERIOD},   {"period", ROLE_PERIOD},
    {"进展说明", ROLE_NOTE},   {"情况说明", ROLE_NOTE},    {"备注", ROLE_NOTE},     {"说明", ROLE_NOTE},
    {"note", ROLE_NOTE},
    {"任务名称", ROLE_INFO},   {"重点任务", ROLE_INFO},    {"name", ROLE_INFO},     {"责任部门", ROLE_INFO},
    {"责任单位", ROLE_INFO},   {"牵头部门", ROLE_INFO},    {"lead", ROLE_INFO},     {"完成时限", ROLE_INFO},
    {"时间进度", ROLE_INFO},   {"due", ROLE_INFO},
};

static role role_of(const qtr_plan *plan, const char *key)
{
    for (size_t i = 0; i < sizeof HEADERS / sizeof HEADERS[0]; i++)
        if (strcmp(key, HEADERS[i].key) == 0)
            return HEADERS[i].r;
    for (size_t i = 0; i < plan->nperiod_headers; i++) {
        char k[512];
        const char *h = plan->period_headers[i];
        if (strlen(h) < sizeof k && (qtr_normalize_key(h, strlen(h), k), strcmp(k, key) == 0))
            return ROLE_PERIOD;
    }
    return ROLE_NONE;
}

int qtr_ingest_is_task_header(char *const *keys, size_t n)
{
    int id = 0, status = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t h = 0; h < sizeof HEADERS / sizeof HEADERS[0]; h++)
            if (strcmp(keys[i], HEADERS[h].key) == 0) {
                id |= HEADERS[h].r == ROLE_ID;
                status |= HEADERS[h].r == ROLE_STATUS;
            }
    return id && status;
}

struct qtr_task_file {
    int source;
    long col[5];             /* field of each role (ROLE_ID..ROLE_NOTE), -1 when absent */
    qtr_strlist names;       /* the header names, as shown in rejects */
    qtr_period name_period;
    int name_ambiguous;
};

void qtr_ingest_task_file_free(qtr_task_file *tf)
{
    if (!tf)
        return;
    qtr_strlist_free(&tf->names);
    free(tf);
}

static const char *name_of(const qtr_task_file *tf, long col)
{
    return col >= 0 && (size_t)col < tf->names.count ? tf->names.items[col] : "";
}

/* A warning for a column that is not read: unknown, without a header, or a second one of a role. */
static qtr_status ignored_column(qtr_ingest *ing, qtr_task_file *tf, long line, size_t i, role r)
{
    char msg[400];
    const char *name = name_of(tf, (long)i);
    const char *code = r != ROLE_NONE ? "column_again" : !*name ? "column_no_header" : "column_unknown";
    if (r != ROLE_NONE)
        /* English: another X column (column N is read): this one is not read; delete one */
        snprintf(msg, sizeof msg, "又一个「%s」列（已读第 %ld 列）：这一列未读取；请删去重复的列",
                 name_of(tf, tf->col[r]), tf->col[r] + 1);
    else if (!*name)
        /* English: column N has no header: not read; give it one of the table's headers */
        snprintf(msg, sizeof msg, "第 %zu 列没有表头：这一列未读取；如果这一列有数据，请填上表头"
                 "（任务编号、报告期、进展状态、进展说明）", i + 1);
    else
        /* English: not a column of the task progress table (...): not read */
        snprintf(msg, sizeof msg, "这一列不属于重点任务进展表（任务编号、报告期、进展状态、进展说明）："
                 "这一列未读取");
    return qtr_ingest_add_reject(ing, tf->source, line, (long)i + 1, name, name, QTR_SEV_WARNING,
                                 QTR_PERIOD_NONE, -1, code, msg);
}

qtr_status qtr_ingest_task_header(qtr_ingest *ing, int source, const qtr_record *rec, char *const *keys,
                                  char *const *names, qtr_period name_period, int name_ambiguous,
                                  qtr_task_file **out)
{
    *out = NULL;
    if (!ing->plan->ledger) {
        char *raw = qtr_strndup(rec->raw, rec->raw_n);
        if (!raw)
            return QTR_ERR_NOMEM;
        /* English: a task progress table, but the plan has no task ledger ([tasks] file): the
         * whole file is not read */
        qtr_status st = qtr_ingest_add_reject(ing, source, rec->line, 0, "", raw, QTR_SEV_ERROR,
                                              QTR_PERIOD_NONE, -1, "task_file_no_ledger",
                                              "重点任务进展表（有任务编号和进展状态列），但本计划没有任务台账"
                                              "（[tasks] file）：整个文件未读取；任务进展请报送给使用任务台账的计划");
        free(raw);
        return st == QTR_OK ? QTR_ERR_PARSE : st;
    }
    qtr_task_file *tf = calloc(1, sizeof *tf);
    if (!tf)
        return QTR_ERR_NOMEM;
    tf->source = source;
    tf->name_period = name_period;
    tf->name_ambiguous = name_ambiguous;
    for (int r = 0; r < 5; r++)
        tf->col[r] = -1;
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < rec->nfields && st == QTR_OK; i++)
        st = qtr_strlist_add(&tf->names, names[i], strlen(names[i]));
    for (size_t i = 0; i < rec->nfields && st == QTR_OK; i++) {
        role r = role_of(ing->plan, keys[i]);
        if (r == ROLE_INFO)
            continue;
        if (r != ROLE_NONE && tf->col[r] < 0)
            tf->col[r] = (long)i;
        else
            st = ignored_column(ing, tf, rec->line, i, r);
    }
    if (st != QTR_OK) {
        qtr_ingest_task_file_free(tf);
        return st;
    }
    *out = tf;
    return QTR_OK;
}

/* ---------------------------------------------------------------- rows */

static qtr_status row_error(qtr_ingest *ing, qtr_task_file *tf, const qtr_record *rec, long col,
                            qtr_period period, const char *code, const char *reason)
{
    char *raw = qtr_strndup(rec->raw, rec->raw_n);
    if (!raw)
        return QTR_ERR_NOMEM;
    qtr_status st = qtr_ingest_add_reject(ing, tf->source, rec->line, col >= 0 ? col + 1 : 0,
                                          name_of(tf, col), raw, QTR_SEV_ERROR, period, -1, code, reason);
    free(raw);
    return st;
}

/* The cell of role r, trimmed; "" when the table has no such column. */
static const char *cell(const qtr_task_file *tf, const qtr_record *rec, role r, size_t *n)
{
    *n = 0;
    if (tf->col[r] < 0)
        return "";
    *n = rec->fields[tf->col[r]].n;
    return qtr_trim(rec->fields[tf->col[r]].s, n);
}

/* The row's quarter, or QTR_PERIOD_NONE after a row error (*st then holds the reject's status). */
static qtr_period row_period(qtr_ingest *ing, qtr_task_file *tf, const qtr_record *rec, qtr_status *st)
{
    char msg[400];
    size_t n;
    const char *t = cell(tf, rec, ROLE_PERIOD, &n);
    *st = QTR_OK;
    if (tf->col[ROLE_PERIOD] < 0) {
        if (tf->name_period == QTR_PERIOD_NONE) {
            snprintf(msg, sizeof msg, tf->name_ambiguous ? QTR_MSG_PERIOD_AMBIGUOUS : QTR_MSG_PERIOD_MISSING,
                     "报告期", "报告期");
            *st = row_error(ing, tf, rec, -1, QTR_PERIOD_NONE,
                            tf->name_ambiguous ? "period_ambiguous" : "period_missing", msg);
        }
        return tf->name_period;
    }
    qtr_period p = n ? qtr_period_parse(t, n) : QTR_PERIOD_NONE;
    if (p != QTR_PERIOD_NONE)
        return p;
    char *ex = qtr_excerpt(t, n, 60);
    if (!ex) {
        *st = QTR_ERR_NOMEM;
        return QTR_PERIOD_NONE;
    }
    if (n)
        snprintf(msg, sizeof msg, QTR_MSG_PERIOD_INVALID, ex);
    else
        snprintf(msg, sizeof msg, "%s", QTR_MSG_PERIOD_EMPTY);
    free(ex);
    *st = row_error(ing, tf, rec, tf->col[ROLE_PERIOD], QTR_PERIOD_NONE, n ? "period_invalid" : "period_empty",
                    msg);
    return QTR_PERIOD_NONE;
}

qtr_status qtr_ingest_task_row(qtr_ingest *ing, qtr_task_file *tf, const qtr_record *rec)
{
    const qtr_ledger *l = ing->plan->ledger;
    char msg[600];
    qtr_status st;
    qtr_period p = row_period(ing, tf, rec, &st);
    if (p == QTR_PERIOD_NONE)
        return st;
    size_t n;
    const char *id = cell(tf, rec, ROLE_ID, &n);
    long task = n ? qtr_ledger_find(l, id, n) : -1;
    if (task < 0) {
        char *ex = qtr_excerpt(id, n, 60);
        const char *base = strrchr(l->path, '/');
        if (!ex)
            return QTR_ERR_NOMEM;
        if (n)
            /* English: task id 'x' is not in the task ledger (file): row rejected; write an id of
             * the ledger */
            snprintf(msg, sizeof msg, "任务编号「%s」不在任务台账（%s）中：整行未读取；请填写任务台账中的编号", ex,
                     base ? base + 1 : l->path);
        else
            /* English: empty task id: row rejected; write an id of the ledger */
            snprintf(msg, sizeof msg, "任务编号为空：整行未读取；请填写任务台账中的编号");
        free(ex);
        return row_error(ing, tf, rec, tf->col[ROLE_ID], p, n ? "task_unknown" : "task_id_empty", msg);
    }
    const char *status = cell(tf, rec, ROLE_STATUS, &n);
    qtr_task_status s;
    if (qtr_task_status_parse(status, n, 0, &s) != 0) {
        char *ex = qtr_excerpt(status, n, 60);
        if (!ex)
            return QTR_ERR_NOMEM;
        /* English: status 'x' is not one of 已完成, 按期推进, 滞后, 未启动: row rejected; write one
         * of them, or leave it empty when not reported */
        snprintf(msg, sizeof msg, "进展状态「%s」不是 已完成、按期推进、滞后、未启动 之一：整行未读取；"
                 "请填写其中之一，未报送就留空", ex);
        free(ex);
        return row_error(ing, tf, rec, tf->col[ROLE_STATUS], p, "task_status_invalid", msg);
    }
    task_in *in = add_status(ing);
    if (!in)
        return QTR_ERR_NOMEM;
    size_t nn;
    const char *note = cell(tf, rec, ROLE_NOTE, &nn);
    in->period = p;
    in->task = task;
    in->status = s;
    in->source = tf->source;
    in->line = rec->line;
    in->column = tf->col[ROLE_STATUS] + 1;
    in->note = qtr_strndup(note, nn);
    in->raw = qtr_strndup(status, n);
    if (!in->note || !in->raw) {
        free(in->note);
        free(in->raw);
        return QTR_ERR_NOMEM;
    }
    ing->tasks->n++;
    return QTR_OK;
}

/* ---------------------------------------------------------------- duplicates, task_facts.csv */

static int cmp_status(const void *a, const void *b)
{
    const task_in *x = *(task_in *const *)a, *y = *(task_in *const *)b;
    if (x->task != y->task)
        return x->task < y->task ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return x < y ? -1 : x > y; /* read order */
}

/* "已完成（2017/进展.csv:3）" of a status as read. */
static void where(const qtr_ingest *ing, const task_in *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s（%s:%ld）", s->status == QTR_TASK_NOT_REPORTED ? "空" : qtr_task_status_label(s->status),
             ing->sources[s->source], s->line);
}

static qtr_status dup_reject(qtr_ingest *ing, const task_in *s, qtr_severity sev, const char *code,
                             const char *msg)
{
    const qtr_strlist *h = &ing->headers[s->source];
    const char *col = s->column >= 1 && (size_t)s->column <= h->count ? h->items[s->column - 1] : "";
    return qtr_ingest_add_reject(ing, s->source, s->line, s->column, col, s->raw, sev, s->period, -1, code, msg);
}

/* One (task, quarter) given n > 1 times (g, in read order): one status stands, or none. */
static qtr_status resolve(qtr_ingest *ing, task_in **g, size_t n)
{
    const qtr_task *task = &ing->plan->ledger->tasks[g[0]->task];
    char per[8], msg[1600], at[400];
    qtr_period_format(g[0]->period, per);
    const task_in *keep = NULL;
    int conflict = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i]->status != QTR_TASK_NOT_REPORTED) {
            conflict |= keep && keep->status != g[i]->status;
            if (!keep)
                keep = g[i];
        }
    qtr_status st = QTR_OK;
    if (conflict) {
        qtr_buf list = {0};
        for (size_t i = 0; i < n && st == QTR_OK; i++) {
            where(ing, g[i], at, sizeof at);
            st = qtr_buf_printf(&list, "%s%s", i ? "、" : "", at);
        }
        /* English: task T of quarter Q reported with different statuses: ...; none is used, the
         * task counts as not reported; keep only the right one */
        snprintf(msg, sizeof msg, "任务 %s %s 的进展状态前后不一：%s；都未采用，按未报处理；请只保留正确的一处",
                 task->id, per, qtr_buf_str(&list));
        qtr_buf_free(&list);
        for (size_t i = 0; i < n && st == QTR_OK; i++) {
            g[i]->dropped = 1;
            st = dup_reject(ing, g[i], QTR_SEV_ERROR, "task_status_conflict", msg);
        }
        return st;
    }
    if (!keep)
        keep = g[0];
    where(ing, keep, at, sizeof at);
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        if (g[i] == keep)
            continue;
        g[i]->dropped = 1;
        /* English: task T Q given again (with the same status / empty): counted once (where);
         * report it in one place */
        snprintf(msg, sizeof msg, "任务 %s %s 的进展重复报送%s：只计一次（%s）；同一项进展只需报送一处", task->id, per,
                 g[i]->status == QTR_TASK_NOT_REPORTED ? "，状态为空" : "，状态相同", at);
        st = dup_reject(ing, g[i], QTR_SEV_WARNING, "task_status_duplicate", msg);
    }
    return st;
}

qtr_status qtr_ingest_tasks_finish(qtr_ingest *ing, const char *path, qtr_error *err)
{
    const qtr_ledger *l = ing->plan->ledger;
    if (!l)
        return QTR_OK;
    struct qtr_ingest_tasks *t = ing->tasks;
    size_t n = t ? t->n : 0;
    task_in **order = calloc(n ? n : 1, sizeof *order);
    qtr_task_fact *facts = calloc(n ? n : 1, sizeof *facts);
    qtr_status st = order && facts ? QTR_OK : QTR_ERR_NOMEM;
    for (size_t i = 0; i < n && st == QTR_OK; i++)
        order[i] = &t->v[i];
    if (st == QTR_OK && n > 1)
        qsort(order, n, sizeof *order, cmp_status);
    for (size_t i = 0; i < n && st == QTR_OK;) {
        size_t j = i + 1;
        while (j < n && order[j]->task == order[i]->task && order[j]->period == order[i]->period)
            j++;
        if (j - i > 1)
            st = resolve(ing, order + i, j - i);
        i = j;
    }
    size_t nf = 0; /* the statuses kept, in read order (files by path, rows by line) */
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        const task_in *s = &t->v[i];
        if (s->dropped)
            continue;
        facts[nf] = (qtr_task_fact){s->period, s->task, s->status, s->note, ing->sources[s->source], s->line};
        nf++;
    }
    if (st == QTR_OK && path)
        st = qtr_task_facts_write(l, facts, nf, path, err);
    else if (st == QTR_ERR_NOMEM)
        qtr_error_set(err, st, path ? path : "", 0, 0, "out of memory");
    free(order);
    free(facts); /* its strings are borrowed */
    return st;
}
