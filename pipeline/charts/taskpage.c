/* taskpage.c — the task ledger's page of the leaders' PDF (see taskpage.h). */
#include "taskpage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "marks.h"
#include "text.h"

#define MIN_PT 8.0        /* no text of the page is smaller */
#define TILE_H 44.0
#define TILE_GAP 6.0
#define SECTION_GAP 14.0
#define ROW_PAD 3.0

static lay_style style(double size, int bold, lay_rgb color, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = MIN_PT;
    s.max_lines = lines;
    return s;
}

/* Draws text in a box of `lines` lines from (x, y), width w; returns the height used. */
static double put(lay_canvas *c, const char *text, const lay_style *s, double x, double y, double w)
{
    lay_box u = {x, y, 0, 0};
    double lh = lay_line_height(c, s->size);
    lay_text(c, text, s, lay_box_make(x, y, w, lh * (s->max_lines > 0 ? s->max_lines : 1) + 1), &u);
    return u.h > 0 ? u.h : lh;
}

/* The height text would take (without drawing). */
static double measure(lay_canvas *c, const char *text, const lay_style *s, double w)
{
    lay_box u = {0, 0, 0, 0};
    double lh = lay_line_height(c, s->size);
    lay_text_fit(c, text, s, lay_box_make(0, 0, w, lh * (s->max_lines > 0 ? s->max_lines : 1) + 1), &u);
    return u.h > 0 ? u.h : lh;
}

static double heading(lay_canvas *c, const char *text, lay_box box, double y)
{
    lay_style s = style(10.5, 1, MARKS_INK, 1);
    return y + put(c, text, &s, box.x, y, box.w) + 4;
}

/* ---------------------------------------------------------------- tiles */

static void tile(lay_canvas *c, qtr_task_class k, size_t count, lay_box b)
{
    cairo_t *cr = lay_canvas_cr(c);
    qtr_progress_status look = qtr_task_class_look(k);
    lay_fill_rect(cr, b, MARKS_PANEL);
    lay_fill_rect(cr, lay_box_make(b.x, b.y, 3, b.h), marks_status_fill(look));
    double lh = lay_line_height(c, 9);
    marks_status_shape(cr, look, b.x + 12, b.y + 6 + lh / 2, 4.5);
    lay_style ls = style(9, 0, MARKS_INK, 1);
    lay_text(c, qtr_task_class_label(k), &ls, lay_box_make(b.x + 19, b.y + 6, b.w - 21, lh), NULL);
    char num[32];
    snprintf(num, sizeof num, "%zu项", count);
    lay_style ns = style(17, 1, count ? marks_status_text(look) : MARKS_MUTED, 1);
    lay_text(c, num, &ns, lay_box_make(b.x + 8, b.y + 6 + lh + 3, b.w - 10, b.h - lh - 9), NULL);
}

static double tiles(lay_canvas *c, const qtr_report *r, lay_box box, double y)
{
    double w = (box.w - TILE_GAP * (QTR_TASK_CLASS_COUNT - 1)) / QTR_TASK_CLASS_COUNT;
    for (int k = 0; k < QTR_TASK_CLASS_COUNT; k++)
        tile(c, (qtr_task_class)k, r->sum.tasks[k],
             lay_box_make(box.x + (w + TILE_GAP) * k, y, w, TILE_H));
    return y + TILE_H;
}

/* ---------------------------------------------------------------- departments */

/* Column x positions of the department table: name, total, one per class. */
static void dept_columns(lay_box box, double *x, double *w)
{
    double name_w = box.w * 0.27;
    double cw = (box.w - name_w) / (QTR_TASK_CLASS_COUNT + 1);
    x[0] = box.x;
    w[0] = name_w;
    for (int k = 1; k < QTR_TASK_CLASS_COUNT + 2; k++) {
        x[k] = box.x + name_w + cw * (k - 1);
        w[k] = cw;
    }
}

static void dept_line(lay_canvas *c, const char *name, size_t total, const size_t *count, lay_box box,
                      double y, double rh, int bold)
{
    double x[QTR_TASK_CLASS_COUNT + 2], w[QTR_TASK_CLASS_COUNT + 2];
    dept_columns(box, x, w);
    lay_style ns = style(9, bold, MARKS_INK, 1);
    ns.valign = LAY_MIDDLE;
    lay_text(c, name, &ns, lay_box_make(x[0] + 2, y, w[0] - 4, rh), NULL);
    char num[32];
    for (int k = 0; k < QTR_TASK_CLASS_COUNT + 1; k++) {
        size_t v = k == 0 ? total : count[k - 1];
        int alert = k > 0 && v && k - 1 == QTR_TASKS_OVERDUE;
        lay_style s = style(9, bold || alert, alert ? marks_status_text(qtr_task_class_look(QTR_TASKS_OVERDUE))
                                                    : v ? MARKS_INK : MARKS_MUTED, 1);
        s.align = LAY_CENTER;
        s.valign = LAY_MIDDLE;
        snprintf(num, sizeof num, "%zu", v);
        lay_text(c, num, &s, lay_box_make(x[k + 1], y, w[k + 1], rh), NULL);
    }
}

static qtr_status departments(lay_canvas *c, const qtr_report *r, lay_box box, double *y)
{
    qtr_task_dept *d;
    size_t nd = qtr_task_report_departments(r->tasks, &d);
    if (nd == (size_t)-1)
        return QTR_ERR_NOMEM;
    cairo_t *cr = lay_canvas_cr(c);
    *y = heading(c, "各牵头部门任务情况", box, *y);
    double x[QTR_TASK_CLASS_COUNT + 2], w[QTR_TASK_CLASS_COUNT + 2];
    dept_columns(box, x, w);
    double hh = lay_line_height(c, 8.5) + 4, rh = lay_line_height(c, 9) + 3;
    lay_style hs = style(8.5, 1, MARKS_MUTED, 1);
    hs.valign = LAY_MIDDLE;
    lay_text(c, "牵头部门（责任部门中列第一的）", &hs, lay_box_make(x[0] + 2, *y, w[0] - 4, hh), NULL);
    hs.align = LAY_CENTER;
    lay_text(c, "任务数", &hs, lay_box_make(x[1], *y, w[1], hh), NULL);
    for (int k = 0; k < QTR_TASK_CLASS_COUNT; k++)
        lay_text(c, qtr_task_class_label((qtr_task_class)k), &hs, lay_box_make(x[k + 2], *y, w[k + 2], hh), NULL);
    *y += hh;
    lay_stroke_line(cr, box.x, *y, box.x + box.w, *y, 0.6, MARKS_RULE);
    for (size_t i = 0; i < nd; i++) {
        if (i % 2)
            lay_fill_rect(cr, lay_box_make(box.x, *y, box.w, rh), MARKS_PANEL);
        dept_line(c, d[i].name, d[i].total, d[i].count, box, *y, rh, 0);
        *y += rh;
    }
    free(d);
    lay_stroke_line(cr, box.x, *y, box.x + box.w, *y, 0.6, MARKS_RULE);
    dept_line(c, "合计", r->sum.ntasks, r->sum.tasks, box, *y, rh, 1);
    *y += rh;
    return QTR_OK;
}

/* ---------------------------------------------------------------- task lists */

typedef struct {
    double x[4], w[4];    /* 编号, 任务, 责任部门, 完成时限 / 本季状态 */
} list_cols;

static list_cols list_columns(lay_box box)
{
    list_cols l;
    double wid[4] = {26, box.w * 0.43, box.w * 0.27, 0};
    wid[3] = box.w - wid[0] - wid[1] - wid[2];
    double x = box.x;
    for (int k = 0; k < 4; k++) {
        l.x[k] = x;
        l.w[k] = wid[k] - 4;
        x += wid[k];
    }
    return l;
}

/* "2018年6月底到期 · 本季：滞后（说明）" or "持续推进 · 本季：未报". */
static qtr_status when_text(const qtr_task_row *row, qtr_buf *b)
{
    char due[32];
    qtr_task_due_cn(row->task->due, due);
    qtr_status st = qtr_buf_printf(b, "%s%s\n本季：%s", due, row->task->due ? "到期" : "",
                                   qtr_task_status_label(row->status));
    if (st == QTR_OK && row->note && *row->note)
        st = qtr_buf_printf(b, "（%s）", row->note);
    return st;
}

/* The height of a task's row; draws it when draw is set. */
static double task_line(lay_canvas *c, const qtr_task_row *row, const list_cols *l, double y, int draw,
                        qtr_status *st)
{
    lay_style is = style(9, 1, MARKS_INK, 1), ns = style(9, 0, MARKS_INK, 4), ls = style(8.5, 0, MARKS_MUTED, 3),
              ws = style(8.5, 0, MARKS_INK, 3);
    qtr_buf b = {0};
    *st = when_text(row, &b);
    double h = fmax(fmax(measure(c, row->task->name, &ns, l->w[1]), measure(c, row->task->lead, &ls, l->w[2])),
                    measure(c, qtr_buf_str(&b), &ws, l->w[3]));
    if (draw) {
        put(c, row->task->id, &is, l->x[0], y + ROW_PAD, l->w[0]);
        put(c, row->task->name, &ns, l->x[1], y + ROW_PAD, l->w[1]);
        put(c, row->task->lead, &ls, l->x[2], y + ROW_PAD, l->w[2]);
        put(c, qtr_buf_str(&b), &ws, l->x[3], y + ROW_PAD, l->w[3]);
        lay_stroke_line(lay_canvas_cr(c), l->x[0], y + h + 2 * ROW_PAD, l->x[3] + l->w[3], y + h + 2 * ROW_PAD, 0.4,
                        MARKS_FAINT);
    }
    qtr_buf_free(&b);
    return h + 2 * ROW_PAD;
}

static double list_header(lay_canvas *c, const list_cols *l, double y)
{
    static const char *const heads[4] = {"编号", "重点任务", "责任部门", "完成时限 · 本季状态"};
    lay_style hs = style(8.5, 1, MARKS_MUTED, 1);
    for (int k = 0; k < 4; k++)
        put(c, heads[k], &hs, l->x[k], y, l->w[k]);
    y += lay_line_height(c, 8.5) + 2;
    lay_stroke_line(lay_canvas_cr(c), l->x[0], y, l->x[3] + l->w[3], y, 0.6, MARKS_RULE);
    return y;
}

/* The tasks of the classes in `want` (a mask of 1 << class), in ledger order, as long as they fit
 * above `bottom`; then how many did not fit. */
static qtr_status task_list(lay_canvas *c, const qtr_report *r, unsigned want, const char *title,
                            const char *none, lay_box box, double bottom, double *y)
{
    const qtr_task_report *t = r->tasks;
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += (want >> t->rows[i].cls) & 1u;
    char head[200];
    snprintf(head, sizeof head, "%s（%zu项）", title, n);
    *y = heading(c, head, box, *y);
    double lh = lay_line_height(c, 9);
    if (n == 0) {
        lay_style s = style(9, 0, MARKS_MUTED, 1);
        *y += put(c, none, &s, box.x, *y, box.w);
        return QTR_OK;
    }
    list_cols l = list_columns(box);
    *y = list_header(c, &l, *y);
    size_t shown = 0;
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < t->n && st == QTR_OK; i++) {
        const qtr_task_row *row = &t->rows[i];
        if (!((want >> row->cls) & 1u))
            continue;
        double h = task_line(c, row, &l, *y, 0, &st);
        /* room for this row, and for the note on the rest unless it is the last one */
        if (*y + h + (shown + 1 < n ? lh + 4 : 0) > bottom)
            break;
        task_line(c, row, &l, *y, 1, &st);
        *y += h;
        shown++;
    }
    if (st == QTR_OK && shown < n) {
        snprintf(head, sizeof head, "另有 %zu 项，详见工作簿“任务台账”。", n - shown);
        lay_style s = style(9, 0, MARKS_MUTED, 1);
        *y += put(c, head, &s, box.x, *y + 2, box.w) + 2;
    }
    return st;
}

/* ---------------------------------------------------------------- the page */

qtr_status taskpage_draw(lay_canvas *c, const qtr_report *r, lay_box box)
{
    if (!r->tasks)
        return QTR_ERR_USAGE;
    char period[64];
    qtr_buf b = {0};
    qtr_status st = qtr_buf_printf(&b, "重点任务台账 · 截至%s", qtr_period_format_cn(r->period, period));
    double y = box.y, bottom = box.y + box.h;
    if (st == QTR_OK) {
        lay_style ts = style(13, 1, MARKS_INK, 1);
        y += put(c, qtr_buf_str(&b), &ts, box.x, y, box.w) + 3;
    }
    qtr_buf_free(&b);
    lay_style ss = style(10, 0, MARKS_INK, 2);
    y += put(c, r->sum.tasks_text ? r->sum.tasks_text : "", &ss, box.x, y, box.w) + 2;
    lay_style ns = style(8, 0, MARKS_MUTED, 2);
    y += put(c, "逾期未完成：完成时限已到（在本季度末或之前）仍未完成，不论报送的状态；未报：本季度没有报送进展。"
                "各类合计等于任务总数。",
             &ns, box.x, y, box.w) + 6;
    y = tiles(c, r, box, y) + SECTION_GAP;
    if (st == QTR_OK)
        st = departments(c, r, box, &y);
    y += SECTION_GAP;
    if (st == QTR_OK)
        st = task_list(c, r, 1u << QTR_TASKS_OVERDUE, "逾期未完成的任务", "没有逾期未完成的任务。", box,
                       bottom, &y);
    y += SECTION_GAP;
    unsigned rest = (1u << QTR_TASKS_LAGGING) | (1u << QTR_TASKS_NOT_STARTED) | (1u << QTR_TASKS_NOT_REPORTED);
    if (st == QTR_OK && y + 3 * lay_line_height(c, 9) < bottom) {
        st = task_list(c, r, rest, "滞后、未启动和未报的任务", "没有滞后、未启动或未报的任务。", box, bottom, &y);
    } else if (st == QTR_OK) { /* no room for the list: say where it is */
        size_t n = r->sum.tasks[QTR_TASKS_LAGGING] + r->sum.tasks[QTR_TASKS_NOT_STARTED] +
                   r->sum.tasks[QTR_TASKS_NOT_REPORTED];
        char line[200];
        snprintf(line, sizeof line, "滞后、未启动和未报的任务（%zu项）详见工作簿“任务台账”。", n);
        lay_style s = style(9, 0, MARKS_MUTED, 1);
        if (n && y - SECTION_GAP / 2 + lay_line_height(c, 9) <= bottom)
            put(c, line, &s, box.x, y - SECTION_GAP / 2, box.w);
    }
    return st != QTR_OK ? st : lay_canvas_status(c);
}
