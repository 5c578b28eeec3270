/* sheet_tasks.c — 任务台账: the task ledger's quarter as qtr-compare judged it (tasks.csv, read
 * back into the report model): the summary's sentence, one row per task in ledger order (编号,
 * 重点任务, 责任部门, 完成时限, the status reported for the quarter in the workbook's status look,
 * 是否逾期, 进展说明) with a filter, and under it the counts per lead department with the
 * summary's totals. Nothing here is judged again: statuses and overdue flags are the rows of
 * tasks.csv, the totals compare's counts. Written only when the report has the ledger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "wbsheets.h"

#define HEAD_ROW 3
enum { C_ID, C_NAME, C_LEAD, C_DUE, C_STATUS, C_OVERDUE, C_NOTE, NCOLS };

/* The department table's columns: 牵头部门, 任务数, then one per class (ledger.h). */
#define DEPT_COLS (2 + QTR_TASK_CLASS_COUNT)

static void header(qtr_wb_sheet *s, lxw_row_t r, const char *const *heads, int n)
{
    for (int c = 0; c < n; c++) {
        qtr_wb_str_nowidth(s, r, (lxw_col_t)c, heads[c], s->st->header);
        qtr_wb_measure(s, (lxw_col_t)c, qtr_wb_text_width(heads[c]));
    }
}

/* The look of a reported status on its own (overdue or not is the next column's). */
static lxw_format *status_format(const qtr_wb_styles *st, qtr_task_status s)
{
    return st->status[qtr_task_class_look(qtr_task_classify(s, 0))];
}

static void task_row(qtr_wb_sheet *s, lxw_row_t r, const qtr_task_row *row, double namew, double notew)
{
    const qtr_wb_styles *st = s->st;
    const qtr_task *t = row->task;
    char due[32];
    qtr_wb_str(s, r, C_ID, t->id, st->text);
    qtr_wb_str_nowidth(s, r, C_NAME, t->name, st->wrap);
    qtr_wb_str_nowidth(s, r, C_LEAD, t->lead, st->wrap);
    qtr_wb_str(s, r, C_DUE, qtr_task_due_cn(t->due, due), st->text);
    qtr_wb_str(s, r, C_STATUS, qtr_task_status_label(row->status), status_format(st, row->status));
    qtr_wb_str(s, r, C_OVERDUE, row->overdue > 0 ? "逾期未完成" : row->overdue == 0 ? "否" : "无时限",
               row->overdue > 0 ? st->status[qtr_task_class_look(QTR_TASKS_OVERDUE)] : st->text);
    qtr_wb_str_nowidth(s, r, C_NOTE, row->note, st->wrap);
    /* the tallest of the wrapped cells sets the row's height */
    int lines = qtr_wb_lines(qtr_wb_text_width(t->name), namew);
    int l2 = qtr_wb_lines(qtr_wb_text_width(t->lead), namew);
    int l3 = qtr_wb_lines(qtr_wb_text_width(row->note), notew);
    lines = l2 > lines ? l2 : lines;
    lines = l3 > lines ? l3 : lines;
    if (lines > 1)
        qtr_wb_height(s, r, 15.0 * lines + 2);
}

static void dept_row(qtr_wb_sheet *s, lxw_row_t r, const char *name, size_t total, const size_t *count,
                     lxw_format *label)
{
    qtr_wb_str(s, r, 0, name, label);
    qtr_wb_num(s, r, 1, (double)total, s->st->count, QTR_WB_NUM_D0);
    for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
        qtr_wb_num(s, r, (lxw_col_t)(2 + c), (double)count[c],
                   count[c] && c == QTR_TASKS_OVERDUE ? s->st->status[qtr_task_class_look(QTR_TASKS_OVERDUE)]
                                                      : s->st->count,
                   QTR_WB_NUM_D0);
}

/* The counts per lead department, then the ledger's totals (the summary's counts). */
static qtr_status departments(qtr_wb_ctx *ctx, qtr_wb_sheet *s, lxw_row_t r)
{
    const qtr_task_report *t = ctx->in->report->tasks;
    const qtr_report_summary *sum = &ctx->in->report->sum;
    qtr_task_dept *d;
    size_t nd = qtr_task_report_departments(t, &d);
    if (nd == (size_t)-1)
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    const char *heads[DEPT_COLS] = {"牵头部门", "任务数"};
    for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
        heads[2 + c] = qtr_task_class_label((qtr_task_class)c);
    /* a label wraps: over the table's width it takes one line */
    qtr_wb_merge(s, r, 0, r, DEPT_COLS - 1, "各牵头部门任务情况（按责任部门中列第一的部门统计）", s->st->label);
    header(s, r + 1, heads, DEPT_COLS);
    for (size_t i = 0; i < nd; i++)
        dept_row(s, (lxw_row_t)(r + 2 + i), d[i].name, d[i].total, d[i].count, s->st->text);
    dept_row(s, (lxw_row_t)(r + 2 + nd), "合计", sum->ntasks, sum->tasks, s->st->label);
    free(d);
    qtr_wb_str_nowidth(s, (lxw_row_t)(r + 3 + nd), 0,
                       "注：逾期未完成 = 完成时限已到（在本季度末或之前）仍未完成，不论报送的状态；"
                       "未报 = 本季度没有报送状态。各类合计等于任务总数。",
                       s->st->note);
    return QTR_OK;
}

qtr_status qtr_wb_sheet_tasks(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_task_report *t = in->report->tasks;
    if (!t)
        return QTR_OK; /* the plan has no ledger (or the report was read without tasks.csv) */
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_TASKS);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    char line[1200];
    qtr_wb_str_nowidth(&s, 0, 0, "任务台账", s.st->title);
    qtr_wb_height(&s, 0, 24);
    snprintf(line, sizeof line, "截至%s，%s。", ctx->period_cn,
             in->report->sum.tasks_text ? in->report->sum.tasks_text : "");
    qtr_wb_str_nowidth(&s, 1, 0, line, s.st->text);
    qtr_wb_merge(&s, HEAD_ROW - 1, 0, HEAD_ROW - 1, NCOLS - 1, "重点任务（tasks.csv）", s.st->label);
    static const char *const heads[NCOLS] = {"编号", "重点任务", "责任部门", "完成时限", "本季状态",
                                             "是否逾期", "进展说明"};
    header(&s, HEAD_ROW, heads, NCOLS);
    /* the wrapped columns' widths are fixed before the rows (their heights depend on them) */
    qtr_wb_measure(&s, C_NAME, 40);
    qtr_wb_measure(&s, C_LEAD, 40);
    qtr_wb_measure(&s, C_NOTE, 30);
    double namew = qtr_wb_column_width(&s, C_NAME, 8, 40), notew = qtr_wb_column_width(&s, C_NOTE, 8, 30);
    lxw_row_t last = t->n ? (lxw_row_t)(HEAD_ROW + t->n) : HEAD_ROW + 1;
    qtr_wb_check(&s, worksheet_autofilter(s.ws, HEAD_ROW, 0, last, NCOLS - 1), HEAD_ROW, 0);
    for (size_t i = 0; i < t->n; i++)
        task_row(&s, (lxw_row_t)(HEAD_ROW + 1 + i), &t->rows[i], namew, notew);
    qtr_status st = departments(ctx, &s, (lxw_row_t)(HEAD_ROW + t->n + 2));
    if (st != QTR_OK)
        return st;
    worksheet_freeze_panes(s.ws, HEAD_ROW + 1, 0);
    qtr_wb_apply_widths(&s, NCOLS, 6, 40);
    qtr_wb_print_setup(&s, in->plan->name, 1, HEAD_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
