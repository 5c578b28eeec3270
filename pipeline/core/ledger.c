/* ledger.c — the task ledger: parsing it, the statuses, one quarter's judgement (see ledger.h). */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "text.h"

#define TASK_ID_MAX 32

/* ---------------------------------------------------------------- vocabulary */

static const char *const STATUS_LABEL[QTR_TASK_STATUS_COUNT] = {
    [QTR_TASK_NOT_REPORTED] = "未报",
    [QTR_TASK_DONE] = "已完成",
    [QTR_TASK_ON_SCHEDULE] = "按期推进",
    [QTR_TASK_LAGGING] = "滞后",
    [QTR_TASK_NOT_STARTED] = "未启动",
};

static const struct {
    const char *label, *code;
    qtr_progress_status look;
} CLASS[QTR_TASK_CLASS_COUNT] = {
    [QTR_TASKS_DONE] = {"已完成", "done", QTR_STATUS_ACHIEVED},
    [QTR_TASKS_ON_SCHEDULE] = {"按期推进", "on_schedule", QTR_STATUS_ON_TRACK},
    [QTR_TASKS_LAGGING] = {"滞后", "lagging", QTR_STATUS_LAGGING},
    [QTR_TASKS_NOT_STARTED] = {"未启动", "not_started", QTR_STATUS_NOT_DUE},
    [QTR_TASKS_OVERDUE] = {"逾期未完成", "overdue", QTR_STATUS_CRITICAL},
    [QTR_TASKS_NOT_REPORTED] = {"未报", "not_reported", QTR_STATUS_NONE},
};

const char *qtr_task_status_label(qtr_task_status s)
{
    return (unsigned)s < QTR_TASK_STATUS_COUNT ? STATUS_LABEL[s] : STATUS_LABEL[0];
}

const char *qtr_task_class_label(qtr_task_class c)
{
    return (unsigned)c < QTR_TASK_CLASS_COUNT ? CLASS[c].label : CLASS[QTR_TASKS_NOT_REPORTED].label;
}

const char *qtr_task_class_code(qtr_task_class c)
{
    return (unsigned)c < QTR_TASK_CLASS_COUNT ? CLASS[c].code : CLASS[QTR_TASKS_NOT_REPORTED].code;
}

qtr_progress_status qtr_task_class_look(qtr_task_class c)
{
    return (unsigned)c < QTR_TASK_CLASS_COUNT ? CLASS[c].look : QTR_STATUS_NONE;
}

/* The spellings of "not reported" of docs/input.md, Values (after blanks are removed and
 * full-width forms folded): nothing, - -- / — —— –. */
static int unreported(const char *k)
{
    static const char *const dash[] = {"", "-", "--", "/", "—", "——", "–"};
    for (size_t i = 0; i < sizeof dash / sizeof dash[0]; i++)
        if (strcmp(k, dash[i]) == 0)
            return 1;
    return 0;
}

int qtr_task_status_parse(const char *s, size_t n, int allow_unreported, qtr_task_status *out)
{
    char stack[64];
    if (n >= sizeof stack)
        return -1;
    size_t k = qtr_normalize_key(s, n, stack);
    stack[k] = '\0';
    if (unreported(stack)) {
        *out = QTR_TASK_NOT_REPORTED;
        return 0;
    }
    for (int i = allow_unreported ? 0 : 1; i < QTR_TASK_STATUS_COUNT; i++)
        if (strcmp(stack, STATUS_LABEL[i]) == 0) {
            *out = (qtr_task_status)i;
            return 0;
        }
    return -1;
}

int qtr_task_overdue(qtr_task_due due, qtr_period period, qtr_task_status s)
{
    if (due == 0)
        return -1;
    int last_month = qtr_period_year(period) * 12 + qtr_period_quarter(period) * 3 - 1;
    return due <= last_month && s != QTR_TASK_DONE;
}

qtr_task_class qtr_task_classify(qtr_task_status s, int overdue)
{
    if (s == QTR_TASK_DONE)
        return QTR_TASKS_DONE;
    if (overdue == 1)
        return QTR_TASKS_OVERDUE;
    switch (s) {
    case QTR_TASK_ON_SCHEDULE: return QTR_TASKS_ON_SCHEDULE;
    case QTR_TASK_LAGGING: return QTR_TASKS_LAGGING;
    case QTR_TASK_NOT_STARTED: return QTR_TASKS_NOT_STARTED;
    case QTR_TASK_DONE:
    case QTR_TASK_NOT_REPORTED: break;
    }
    return QTR_TASKS_NOT_REPORTED;
}

/* ---------------------------------------------------------------- deadlines */

#define DUE_ONGOING "持续推进"

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

int qtr_task_due_parse(const char *s, size_t n, qtr_task_due *out)
{
    s = qtr_trim(s, &n);
    if (n == strlen(DUE_ONGOING) && memcmp(s, DUE_ONGOING, n) == 0) {
        *out = 0;
        return 0;
    }
    if (n != 7 || s[4] != '-' || !digits(s, 4) || !digits(s + 5, 2))
        return -1;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (year < QTR_YEAR_MIN || year > QTR_YEAR_MAX || month < 1 || month > 12)
        return -1;
    *out = year * 12 + month - 1;
    return 0;
}

char *qtr_task_due_format(qtr_task_due due, char *buf)
{
    if (due == 0)
        snprintf(buf, 16, "%s", DUE_ONGOING);
    else
        snprintf(buf, 16, "%04d-%02d", due / 12, due % 12 + 1);
    return buf;
}

char *qtr_task_due_cn(qtr_task_due due, char *buf)
{
    if (due == 0)
        snprintf(buf, 32, "%s", DUE_ONGOING);
    else
        snprintf(buf, 32, "%d年%d月底", due / 12, due % 12 + 1);
    return buf;
}

char *qtr_task_department(const char *lead)
{
    static const char *const stops[] = {"、", "，", ",", "；", ";", "会同"};
    size_t n = strlen(lead);
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        const char *at = strstr(lead, stops[i]);
        if (at && (size_t)(at - lead) < n)
            n = (size_t)(at - lead);
    }
    const char *t = qtr_trim(lead, &n);
    static const char deng[] = "等";
    while (n > strlen(deng) && memcmp(t + n - strlen(deng), deng, strlen(deng)) == 0) {
        n -= strlen(deng);
        qtr_trim(t, &n);
    }
    if (n == 0) { /* nothing before the first separator: the whole text */
        n = strlen(lead);
        t = qtr_trim(lead, &n);
    }
    return qtr_strndup(t, n);
}

/* ---------------------------------------------------------------- parsing the ledger */

enum { COL_ID, COL_NAME, COL_LEAD, COL_DUE, NCOLS };
static const char *const COLUMN_NAMES[NCOLS] = {"id", "name", "lead", "due"};

typedef struct {
    qtr_ledger *l;
    const char *path;
    qtr_error *err;
    qtr_status st;
    int header;
    long col[NCOLS];         /* field of each column */
    size_t nfields;
    size_t cap;
} parser;

static int stop(parser *p, long line, long column, const char *fmt, const char *a, const char *b)
    __attribute__((format(printf, 5, 0)));

/* Records the first problem (QTR_ERR_CONFIG at path:line:column) and stops the reading. */
static int stop(parser *p, long line, long column, const char *fmt, const char *a, const char *b)
{
    char msg[700];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    qtr_utf8_fix_tail(msg);
    p->st = qtr_error_set(p->err, QTR_ERR_CONFIG, p->path, line, column, "%s", msg);
    return 1;
}

static int nomem(parser *p)
{
    p->st = qtr_error_set(p->err, QTR_ERR_NOMEM, p->path, 0, 0, "out of memory");
    return 1;
}

/* A field trimmed, as an excerpt for messages (at most 60 bytes). */
static char *shown(const qtr_field *f)
{
    size_t n = f->n;
    const char *t = qtr_trim(f->s, &n);
    return qtr_excerpt(t, n, 60);
}

static int header(parser *p, const qtr_record *rec)
{
    p->header = 1;
    p->nfields = rec->nfields;
    for (int c = 0; c < NCOLS; c++)
        p->col[c] = -1;
    for (size_t i = 0; i < rec->nfields; i++) {
        char key[64];
        const qtr_field *f = &rec->fields[i];
        size_t k = f->n < sizeof key ? qtr_normalize_key(f->s, f->n, key) : 0;
        key[k] = '\0';
        int c = 0;
        while (c < NCOLS && strcmp(key, COLUMN_NAMES[c]) != 0)
            c++;
        char *ex = shown(f);
        if (!ex)
            return nomem(p);
        int r = 0;
        if (c == NCOLS)
            /* English: unknown column; the ledger's columns are id, name, lead, due */
            r = stop(p, rec->line, (long)i + 1, "未知的列「%s」：任务台账的列是 id, name, lead, due%s", ex, "");
        else if (p->col[c] >= 0)
            /* English: column given twice */
            r = stop(p, rec->line, (long)i + 1, "列 %s 出现两次%s", COLUMN_NAMES[c], "");
        free(ex);
        if (r)
            return 1;
        p->col[c] = (long)i;
    }
    for (int c = 0; c < NCOLS; c++)
        if (p->col[c] < 0)
            /* English: the header has no column X (the ledger needs id, name, lead, due) */
            return stop(p, rec->line, 0, "表头缺少列 %s（任务台账的列是 id, name, lead, due）%s",
                        COLUMN_NAMES[c], "");
    return 0;
}

static int valid_id(const char *s, size_t n)
{
    if (n == 0 || n > TASK_ID_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static int has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 1;
    return 0;
}

/* A text field (name, lead): trimmed, not empty, on one line. */
static int text_field(parser *p, const qtr_record *rec, int c, char **out)
{
    const qtr_field *f = &rec->fields[p->col[c]];
    size_t n = f->n;
    const char *t = qtr_trim(f->s, &n);
    long column = p->col[c] + 1;
    if (n == 0)
        /* English: empty: every task needs a name (a responsible department) */
        return stop(p, rec->line, column, "%s 为空：每项任务都要写明%s", COLUMN_NAMES[c],
                    c == COL_NAME ? "任务名称" : "责任部门");
    if (has_control(t, n))
        /* English: holds a line break or a control character */
        return stop(p, rec->line, column, "%s 含有换行或控制字符：请写在一行之内%s", COLUMN_NAMES[c], "");
    if (!(*out = qtr_strndup(t, n)))
        return nomem(p);
    return 0;
}

static int add_task(parser *p, qtr_task **out)
{
    qtr_ledger *l = p->l;
    if (l->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        qtr_task *t = realloc(l->tasks, cap * sizeof *t);
        if (!t)
            return nomem(p);
        l->tasks = t;
        p->cap = cap;
    }
    *out = &l->tasks[l->n++];
    memset(*out, 0, sizeof **out);
    return 0;
}

static int task_id(parser *p, const qtr_record *rec, qtr_task *task)
{
    const qtr_field *f = &rec->fields[p->col[COL_ID]];
    size_t n = f->n;
    const char *t = qtr_trim(f->s, &n);
    long column = p->col[COL_ID] + 1;
    if (!valid_id(t, n)) {
        char *ex = shown(f);
        if (!ex)
            return nomem(p);
        /* English: not a task id (letters, digits, . _ -, at most 32 characters) */
        int r = stop(p, rec->line, column,
                     n ? "id「%s」不是有效的任务编号：只能用字母、数字和 . _ -，至多 32 个字符%s"
                       : "id 为空：每项任务都要有编号%s%s", n ? ex : "", "");
        free(ex);
        return r;
    }
    for (size_t k = 0; k + 1 < p->l->n; k++)
        if (strlen(p->l->tasks[k].id) == n && memcmp(p->l->tasks[k].id, t, n) == 0) {
            char at[32];
            snprintf(at, sizeof at, "%ld", p->l->tasks[k].line);
            /* English: task id given twice (line N has it already) */
            return stop(p, rec->line, column, "任务编号 %s 重复（第 %s 行已有）", p->l->tasks[k].id, at);
        }
    if (!(task->id = qtr_strndup(t, n)))
        return nomem(p);
    return 0;
}

static int task_due(parser *p, const qtr_record *rec, qtr_task *task)
{
    const qtr_field *f = &rec->fields[p->col[COL_DUE]];
    if (qtr_task_due_parse(f->s, f->n, &task->due) == 0)
        return 0;
    char *ex = shown(f);
    if (!ex)
        return nomem(p);
    /* English: not a deadline: write year-month (2017-12: by the end of December 2017) or 持续推进 */
    int r = stop(p, rec->line, p->col[COL_DUE] + 1,
                 "due「%s」不是完成时限：写年-月（如 2017-12，即 2017年12月底前）或「持续推进」%s", ex, "");
    free(ex);
    return r;
}

static int on_record(void *ctx, const qtr_record *rec)
{
    parser *p = ctx;
    if (qtr_record_blank(rec))
        return 0;
    if (!p->header)
        return header(p, rec);
    if (rec->nfields != p->nfields) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%zu", rec->nfields);
        snprintf(b, sizeof b, "%zu", p->nfields);
        /* English: the row has N fields, the header M */
        return stop(p, rec->line, 0, "这一行有 %s 个字段，表头有 %s 个", a, b);
    }
    qtr_task *task;
    if (add_task(p, &task))
        return 1;
    task->line = rec->line;
    if (task_id(p, rec, task) || text_field(p, rec, COL_NAME, &task->name) ||
        text_field(p, rec, COL_LEAD, &task->lead) || task_due(p, rec, task))
        return 1;
    if (!(task->department = qtr_task_department(task->lead)))
        return nomem(p);
    return 0;
}

static int on_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                    const char *reason)
{
    (void)end_line;
    (void)raw;
    (void)raw_n;
    /* English: the CSV cannot be read here: <csvr's reason> */
    return stop(ctx, line, 0, "CSV 格式错误：%s%s", reason, "");
}

qtr_status qtr_ledger_parse(const char *text, size_t n, const char *path, qtr_ledger **out,
                            qtr_error *err)
{
    *out = NULL;
    parser p;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.err = err;
    p.l = calloc(1, sizeof *p.l);
    if (!p.l || !(p.l->path = qtr_strdup(path))) {
        qtr_ledger_free(p.l);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    qtr_status rs = qtr_csv_read(text, n, on_record, on_error, &p);
    if (rs == QTR_ERR_NOMEM && p.st == QTR_OK)
        nomem(&p);
    if (p.st == QTR_OK && p.l->n == 0)
        /* English: the ledger has no task (a header row, then one task per row) */
        p.st = qtr_error_set(err, QTR_ERR_CONFIG, path, 0, 0, "任务台账中没有任务：应为表头 id,name,lead,due，"
                             "然后每行一项任务");
    if (p.st != QTR_OK) {
        qtr_ledger_free(p.l);
        return p.st;
    }
    *out = p.l;
    return QTR_OK;
}

void qtr_ledger_free(qtr_ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->tasks[i].id);
        free(l->tasks[i].name);
        free(l->tasks[i].lead);
        free(l->tasks[i].department);
    }
    free(l->tasks);
    free(l->path);
    free(l);
}

long qtr_ledger_find(const qtr_ledger *l, const char *text, size_t n)
{
    char key[TASK_ID_MAX * 3 + 1];
    if (n >= sizeof key)
        return -1;
    size_t k = qtr_normalize_key(text, n, key);
    for (size_t i = 0; i < l->n; i++) {
        char id[TASK_ID_MAX * 3 + 1];
        size_t m = qtr_normalize_key(l->tasks[i].id, strlen(l->tasks[i].id), id);
        if (m == k && memcmp(id, key, k) == 0)
            return (long)i;
    }
    return -1;
}

/* ---------------------------------------------------------------- one quarter */

void qtr_task_facts_free(qtr_task_fact *f, size_t n)
{
    if (!f)
        return;
    for (size_t i = 0; i < n; i++) {
        free(f[i].note);
        free(f[i].source);
    }
    free(f);
}

qtr_task_report *qtr_task_report_new(const qtr_ledger *l, qtr_period period)
{
    qtr_task_report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->ledger = l;
    r->period = period;
    r->n = l->n;
    r->rows = calloc(l->n ? l->n : 1, sizeof *r->rows);
    if (!r->rows) {
        free(r);
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++) {
        r->rows[i].task = &l->tasks[i];
        r->rows[i].cls = QTR_TASKS_NOT_REPORTED;
    }
    return r;
}

void qtr_task_report_count(qtr_task_report *r)
{
    memset(r->count, 0, sizeof r->count);
    for (size_t i = 0; i < r->n; i++)
        r->count[r->rows[i].cls]++;
}

void qtr_task_report_free(qtr_task_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->rows[i].note);
    free(r->rows);
    free(r);
}

qtr_task_report *qtr_ledger_judge(const qtr_ledger *l, qtr_period period, const qtr_task_fact *facts,
                                  size_t nfacts)
{
    qtr_task_report *r = qtr_task_report_new(l, period);
    if (!r)
        return NULL;
    for (size_t i = 0; i < nfacts; i++) {
        const qtr_task_fact *f = &facts[i];
        if (f->period != period || f->task < 0 || (size_t)f->task >= l->n || r->rows[f->task].note)
            continue; /* another quarter; the first status of a task stands (ingest left one) */
        r->rows[f->task].status = f->status;
        if (!(r->rows[f->task].note = qtr_strdup(f->note ? f->note : ""))) {
            qtr_task_report_free(r);
            return NULL;
        }
    }
    for (size_t i = 0; i < l->n; i++) {
        qtr_task_row *row = &r->rows[i];
        if (!row->note && !(row->note = qtr_strdup(""))) {
            qtr_task_report_free(r);
            return NULL;
        }
        row->overdue = qtr_task_overdue(row->task->due, period, row->status);
        row->cls = qtr_task_classify(row->status, row->overdue);
    }
    qtr_task_report_count(r);
    return r;
}

size_t qtr_task_report_departments(const qtr_task_report *r, qtr_task_dept **out)
{
    qtr_task_dept *d = calloc(r->n ? r->n : 1, sizeof *d);
    *out = d;
    if (!d)
        return (size_t)-1;
    size_t nd = 0;
    for (size_t i = 0; i < r->n; i++) {
        const qtr_task_row *row = &r->rows[i];
        size_t k = 0;
        while (k < nd && strcmp(d[k].name, row->task->department) != 0)
            k++;
        if (k == nd)
            d[nd++].name = row->task->department;
        d[k].total++;
        d[k].count[row->cls]++;
    }
    return nd;
}
