/* ledger.h — the task ledger (重点任务台账): the plan's tasks with their responsible department
 * and deadline ([tasks] file, docs/config.md), the quarterly statuses the departments report
 * (docs/input.md, Task progress), and the judgement of one quarter (tasks.csv, docs/formats.md):
 * each task's status as reported, whether its deadline has passed while it is not done, and
 * the counts — of the whole ledger and per lead department — that the summary, the workbook and
 * the PDF show.
 *
 * Pure: the ledger is parsed from text in memory, the quarter judged from structs. The files
 * (the ledger CSV, task_facts.csv, tasks.csv) are ledger_io.h's.
 */
#ifndef QTR_LEDGER_H
#define QTR_LEDGER_H

#include <stddef.h>

#include "period.h"
#include "progress.h"
#include "status.h"

/* ---------------------------------------------------------------- the ledger */

/* A deadline month as one integer: year * 12 + (month - 1); 0 for 持续推进 (no deadline). */
typedef int qtr_task_due;

typedef struct {
    char *id;                /* [A-Za-z0-9._-]{1,32}, unique: the `task` of the status files */
    char *name;              /* 重点任务 */
    char *lead;              /* 责任部门, as the plan writes it ("省科技厅、省财政厅等") */
    char *department;        /* the lead department (牵头部门): lead's first department
                              * (qtr_task_department) — what the counts are grouped by */
    qtr_task_due due;        /* 完成时限; 0: 持续推进 */
    long line;               /* line of the task in the ledger file */
} qtr_task;

typedef struct qtr_ledger {
    char *path;              /* the ledger file as resolved (for messages) */
    qtr_task *tasks;         /* in file order: the order of every output */
    size_t n;
} qtr_ledger;

/* Parses a ledger: CSV text (UTF-8, already decoded) with the header `id,name,lead,due` (any
 * order, ASCII case and blanks around ignored) and one task per row (blank rows skipped). path
 * names the file in messages. Every problem is QTR_ERR_CONFIG with err naming path, line and
 * column (docs/config.md, [tasks]); QTR_ERR_NOMEM. On success *out is the caller's
 * (qtr_ledger_free). */
qtr_status qtr_ledger_parse(const char *text, size_t n, const char *path, qtr_ledger **out,
                            qtr_error *err);

/* Frees a ledger; NULL is allowed. */
void qtr_ledger_free(qtr_ledger *l);

/* Index of the task whose id is text (blanks around and full-width forms ignored), or -1. */
long qtr_ledger_find(const qtr_ledger *l, const char *text, size_t n);

/* Parses a deadline: "2017-12" (the end of December 2017) or 持续推进. Returns 0 and sets *out
 * (0 for 持续推进), or -1. */
int qtr_task_due_parse(const char *s, size_t n, qtr_task_due *out);

/* "2017-12" or "持续推进" (tasks.csv's `due`); buf holds 16 bytes. Returns buf. */
char *qtr_task_due_format(qtr_task_due due, char *buf);

/* "2017年12月底" or "持续推进" (for people); buf holds 32 bytes. Returns buf. */
char *qtr_task_due_cn(qtr_task_due due, char *buf);

/* The lead department of a 责任部门 text: up to the first 、，,；; or 会同, without a trailing 等
 * ("省科技厅会同有关单位" -> "省科技厅", "省工信委、省财政厅等" -> "省工信委"). Allocated; NULL on
 * allocation failure. */
char *qtr_task_department(const char *lead);

/* ---------------------------------------------------------------- statuses */

/* A task's status in a quarter, as its department reported it. */
typedef enum {
    QTR_TASK_NOT_REPORTED = 0,  /* 未报: no status for the quarter (or a blank one) */
    QTR_TASK_DONE,              /* 已完成 */
    QTR_TASK_ON_SCHEDULE,       /* 按期推进 */
    QTR_TASK_LAGGING,           /* 滞后 */
    QTR_TASK_NOT_STARTED        /* 未启动 */
} qtr_task_status;

#define QTR_TASK_STATUS_COUNT 5

/* The label of a status: 未报, 已完成, 按期推进, 滞后, 未启动. Static. */
const char *qtr_task_status_label(qtr_task_status s);

/* Parses a reported status (blanks around and inside ignored): one of the four labels, or a
 * not-reported spelling (empty, -, —, /: QTR_TASK_NOT_REPORTED). With allow_unreported 1 the
 * label 未报 is accepted too (tasks.csv). Returns 0 and sets *out, or -1. */
int qtr_task_status_parse(const char *s, size_t n, int allow_unreported, qtr_task_status *out);

/* How a task is counted in a quarter. The classes partition the ledger: a task not done whose
 * deadline has passed is 逾期未完成 whatever it reported (also when it reported nothing). */
typedef enum {
    QTR_TASKS_DONE = 0,         /* 已完成 */
    QTR_TASKS_ON_SCHEDULE,      /* 按期推进 */
    QTR_TASKS_LAGGING,          /* 滞后 */
    QTR_TASKS_NOT_STARTED,      /* 未启动 */
    QTR_TASKS_OVERDUE,          /* 逾期未完成: the deadline has passed and the task is not done */
    QTR_TASKS_NOT_REPORTED      /* 未报 */
} qtr_task_class;

#define QTR_TASK_CLASS_COUNT 6

/* Label (已完成, 按期推进, 滞后, 未启动, 逾期未完成, 未报) and compare.txt code (done, on_schedule,
 * lagging, not_started, overdue, not_reported) of a class. Static. */
const char *qtr_task_class_label(qtr_task_class c);
const char *qtr_task_class_code(qtr_task_class c);

/* The report status whose look (words.h: colours, mark) a class borrows: 已完成 achieved,
 * 按期推进 on_track, 滞后 lagging, 未启动 not_due, 逾期未完成 critical, 未报 none. */
qtr_progress_status qtr_task_class_look(qtr_task_class c);

/* Whether t is overdue at the end of quarter `period` with status s: 1 when it has a deadline,
 * the deadline's month is no later than the quarter's last month (a task due 2017-12 and not
 * done at the end of 2017Q4 is overdue) and s is not 已完成; 0 when it has a deadline and is not
 * overdue; -1 when it has none (持续推进). */
int qtr_task_overdue(qtr_task_due due, qtr_period period, qtr_task_status s);

/* The class of a task with status s and overdue as qtr_task_overdue gives it. */
qtr_task_class qtr_task_classify(qtr_task_status s, int overdue);

/* ---------------------------------------------------------------- one quarter */

/* A status as read (task_facts.csv): duplicates already resolved, at most one per task and
 * quarter. */
typedef struct {
    qtr_period period;
    long task;               /* index into the ledger */
    qtr_task_status status;  /* QTR_TASK_NOT_REPORTED for a blank status */
    char *note;              /* owned; "" when none */
    char *source;            /* owned: the file, relative to the input folder */
    long line;               /* the row's line in it */
} qtr_task_fact;

/* Frees n facts and the array; NULL is allowed. */
void qtr_task_facts_free(qtr_task_fact *f, size_t n);

/* A task in the quarter (a row of tasks.csv). */
typedef struct {
    const qtr_task *task;    /* borrowed from the ledger */
    qtr_task_status status;  /* as reported for the quarter; QTR_TASK_NOT_REPORTED when none */
    int overdue;             /* qtr_task_overdue: 1, 0, or -1 (no deadline) */
    qtr_task_class cls;
    char *note;              /* owned; "" when none */
} qtr_task_row;

typedef struct {
    const qtr_ledger *ledger;    /* borrowed */
    qtr_period period;
    qtr_task_row *rows;          /* one per task, ledger order */
    size_t n;
    size_t count[QTR_TASK_CLASS_COUNT];  /* tasks per class: they add up to n */
} qtr_task_report;

/* Judges every task of l at the end of `period` from the statuses (any quarters; those of
 * `period` count). NULL on allocation failure. */
qtr_task_report *qtr_ledger_judge(const qtr_ledger *l, qtr_period period, const qtr_task_fact *facts,
                                  size_t nfacts);

/* An empty report (n rows to fill, counts zero): what the reader of tasks.csv fills. */
qtr_task_report *qtr_task_report_new(const qtr_ledger *l, qtr_period period);

/* Recounts count[] from the rows' classes. */
void qtr_task_report_count(qtr_task_report *r);

/* Frees the report; NULL is allowed. */
void qtr_task_report_free(qtr_task_report *r);

/* The counts of one lead department. */
typedef struct {
    const char *name;        /* borrowed from the ledger */
    size_t total;
    size_t count[QTR_TASK_CLASS_COUNT];
} qtr_task_dept;

/* The lead departments of r, in the order they first appear in the ledger, with their counts:
 * *out is allocated (free()), the count returned; (size_t)-1 on allocation failure. */
size_t qtr_task_report_departments(const qtr_task_report *r, qtr_task_dept **out);

#endif
