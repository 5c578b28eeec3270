/* ranking.c — per-unit horizontal bar rankings (see ranking.h). The order and the ranks are
 * the report's; this file only lays them out.
 */
#include "ranking.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention.h"
#include "marks.h"

#define ROW_MAX 22.0       /* points: tallest row */
#define SHAPE_SPACE 13.0   /* status mark between bar end and label */
#define LABEL_GAP 4.0

/* ---------------------------------------------------------------- order and words (pure) */

/* A count or a rank as people read it (qtr_words_number: "1,234"); buf has QTR_WORDS_NUM bytes. */
static const char *count_text(double n, char *buf)
{
    return qtr_words_number(n, 0, buf, QTR_WORDS_NUM);
}

typedef struct {
    int rank;
    size_t unit;
} rank_item;

static int rank_cmp(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

size_t ranking_order(const qtr_report *r, size_t i, size_t *order)
{
    rank_item *items = malloc((r->nunits ? r->nunits : 1) * sizeof *items);
    size_t n = 0, k = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        int rank = qtr_report_row(r, (int)u, i)->rank;
        if (rank <= 0)
            continue;
        if (items)
            items[n] = (rank_item){rank, u};
        else /* no memory to sort: roster order, still every ranked unit */
            order[n] = u;
        n++;
    }
    if (items) {
        qsort(items, n, sizeof *items, rank_cmp);
        for (k = 0; k < n; k++)
            order[k] = items[k].unit;
        free(items);
    }
    k = n;
    for (size_t u = 0; u < r->nunits; u++)
        if (qtr_report_row(r, (int)u, i)->rank <= 0)
            order[k++] = u;
    return n;
}

void ranking_shown(size_t n, size_t *top, size_t *bottom)
{
    if (n <= RANKING_ALL_MAX) {
        *top = n;
        *bottom = 0;
    } else {
        *top = RANKING_EDGE;
        *bottom = RANKING_EDGE;
    }
}

/* What indicator i's ranking is by, and whether some ranked units share a rank. */
static qtr_rank_basis basis_of(const qtr_report *r, size_t i, size_t *nranked, int *ties)
{
    qtr_rank_basis basis = QTR_RANK_NONE;
    unsigned char *seen = calloc(r->nunits + 1, 1);
    *nranked = 0;
    *ties = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        if (row->rank_basis != QTR_RANK_NONE)
            basis = row->rank_basis;
        if (row->rank <= 0)
            continue;
        ++*nranked;
        if (seen && (size_t)row->rank <= r->nunits) {
            *ties |= seen[row->rank];
            seen[row->rank] = 1;
        }
    }
    free(seen);
    return basis;
}

/* What the values of an indicator are at the report's quarter. */
static const char *value_kind(const qtr_indicator *ind)
{
    return ind->kind == QTR_KIND_STOCK ? "期末数"
           : ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW ? "累计值" : "当前值";
}

qtr_status ranking_subtitle(const qtr_report *r, size_t i, qtr_buf *out)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    size_t n, top, bottom;
    int ties;
    qtr_rank_basis basis = basis_of(r, i, &n, &ties);
    ranking_shown(n, &top, &bottom);
    qtr_status st = qtr_buf_printf(out, "单位：%s；按", qtr_words_unit_is_percent(ind->unit) ? "%" : ind->unit);
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, out);
    if (st == QTR_OK)
        st = qtr_buf_printf(out, "的%s从高到低排名%s；", basis == QTR_RANK_COMPLETION ? "单位目标完成率" : value_kind(ind),
                            ties ? "，并列者名次相同" : "");
    if (st == QTR_OK)
        st = qtr_buf_puts(out, basis == QTR_RANK_COMPLETION
                                   ? "条形为实际值，颜色和符号表示单位目标完成状态，括号内为单位目标完成率。"
                                   : "未分解单位目标，不评价单位状态。");
    int moved = 0, yoy = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        moved |= row->rank > 0 && row->rank_prev > 0 && row->rank != row->rank_prev;
        yoy |= !isnan(row->yoy_growth);
    }
    if (st == QTR_OK && moved)
        st = qtr_buf_puts(out, "名次↑↓为较上季度名次的变化。");
    if (st == QTR_OK && yoy)
        st = qtr_buf_puts(out, "同比为较上年同期的增减。");
    if (st == QTR_OK && r->plan->indicators[i].kind == QTR_KIND_COVERAGE) {
        qtr_buf un = {0};
        st = attention_uncovered(r, i, &un);
        if (st == QTR_OK)
            st = un.len ? qtr_buf_printf(out, "未覆盖：%s。", qtr_buf_str(&un)) : qtr_buf_puts(out, "各单位均已覆盖。");
        qtr_buf_free(&un);
    }
    char all[QTR_WORDS_NUM], edge[QTR_WORDS_NUM];
    if (st == QTR_OK && top + bottom < n)
        st = qtr_buf_printf(out, "共 %s 个单位参加排名，仅列前 %s 名和后 %s 名。", count_text((double)n, all),
                            count_text(RANKING_EDGE, edge), edge);
    return st;
}

/* Why unit u has no rank: no value this year, or the reason the row has no status (a ranking by
 * completion needs the unit's target). */
static qtr_status unranked_reason(const qtr_report *r, size_t i, size_t u, qtr_buf *out)
{
    const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
    if (isnan(row->actual) || row->nmissing >= qtr_period_quarter(r->period))
        return qtr_buf_puts(out, "本年未报送");
    return qtr_words_no_status(r->plan, &r->plan->indicators[i], (int)u, row, r->period, out);
}

qtr_status ranking_unranked_note(const qtr_report *r, size_t i, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    size_t n = 0;
    qtr_buf why = {0};
    for (size_t u = 0; u < r->nunits && st == QTR_OK; u++) {
        if (qtr_report_row(r, (int)u, i)->rank > 0 || ++n > RANKING_NOTE_UNITS)
            continue;
        qtr_buf_clear(&why);
        st = qtr_buf_printf(out, "%s%s", n == 1 ? "未参加排名：" : "、", r->plan->units[u].name);
        if (st == QTR_OK)
            st = unranked_reason(r, i, u, &why);
        if (st == QTR_OK && why.len)
            st = qtr_buf_printf(out, "（%s）", qtr_buf_str(&why));
    }
    qtr_buf_free(&why);
    char all[QTR_WORDS_NUM];
    if (st == QTR_OK && n > RANKING_NOTE_UNITS)
        st = qtr_buf_printf(out, " 等 %s 个单位", count_text((double)n, all));
    if (st == QTR_OK && n)
        st = qtr_buf_puts(out, "。");
    return st;
}

/* ---------------------------------------------------------------- drawing */

static lay_style style(double size, int bold, lay_rgb color, double min, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = min;
    s.max_lines = lines;
    return s;
}

/* The label after a bar: the unit's actual (for coverage 已覆盖 / 未覆盖), its completion, the
 * quarters missing, the change of rank since the previous quarter and the year-on-year growth:
 * "1,234（完成 82.3%） · 缺报Q2 · 名次↑2 · 同比 +5.0%". */
static qtr_status bar_label(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    char v[QTR_WORDS_NUM], p[QTR_WORDS_NUM];
    qtr_status st;
    if (ind->kind == QTR_KIND_COVERAGE && !isnan(row->actual))
        st = qtr_buf_puts(out, row->actual > 0 ? "已覆盖" : "未覆盖");
    else
        st = qtr_buf_puts(out, qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, v, sizeof v));
    if (st == QTR_OK && !isnan(row->completion))
        st = qtr_buf_printf(out, "（完成 %s）", qtr_words_percent(row->completion, p, sizeof p));
    if (st == QTR_OK && row->missing[0]) {
        st = qtr_buf_puts(out, " · 缺报");
        if (st == QTR_OK)
            st = qtr_words_missing(row->missing, out);
    }
    if (st == QTR_OK && row->rank > 0 && row->rank_prev > 0 && row->rank != row->rank_prev)
        st = qtr_buf_printf(out, " · 名次%s%d", row->rank < row->rank_prev ? "↑" : "↓", abs(row->rank - row->rank_prev));
    if (st == QTR_OK && !isnan(row->yoy_growth))
        st = qtr_buf_printf(out, " · 同比 %s", attention_yoy(row->yoy_growth, p, sizeof p));
    return st;
}

typedef struct {
    double x;            /* left of the drawing */
    double rank_w;       /* rank number column */
    double name_w;       /* unit name column */
    double bar_x, bar_w; /* the bars */
    double size;         /* text size of the rows */
    double vmax;         /* value at bar_x + bar_w */
    int statuses;        /* some unit has a status: leave room for the marks */
} rank_geom;

static void draw_bar_row(lay_canvas *c, const qtr_report *r, size_t i, size_t unit, const rank_geom *g,
                         lay_box row)
{
    cairo_t *cr = lay_canvas_cr(c);
    const qtr_indicator *ind = &r->plan->indicators[i];
    const qtr_progress_row *pr = qtr_report_row(r, (int)unit, i);
    char buf[QTR_WORDS_NUM];
    count_text(pr->rank, buf);
    lay_style rs = style(g->size, 0, MARKS_MUTED, 8, 1);
    rs.align = LAY_RIGHT;
    rs.valign = LAY_MIDDLE;
    lay_text(c, buf, &rs, lay_box_make(g->x, row.y, g->rank_w, row.h), NULL);
    lay_style ns = style(g->size, 0, MARKS_INK, 8, 1);
    ns.align = LAY_RIGHT;
    ns.valign = LAY_MIDDLE;
    lay_text(c, r->plan->units[unit].name, &ns, lay_box_make(g->x + g->rank_w + 5, row.y, g->name_w, row.h), NULL);

    double bh = fmin(12, row.h * 0.62), by = row.y + (row.h - bh) / 2;
    double len = g->vmax > 0 && pr->actual > 0 ? g->bar_w * fmin(pr->actual / g->vmax, 1) : 0;
    lay_rgb fill = pr->status != QTR_STATUS_NONE ? marks_status_fill(pr->status) : MARKS_NEUTRAL;
    int missing = pr->missing[0] != '\0';
    if (!isnan(pr->target) && g->vmax > 0) /* a faint track up to the unit's target */
        lay_fill_rect(cr, lay_box_make(g->bar_x, by, g->bar_w * fmin(pr->target / g->vmax, 1), bh), MARKS_BAND[2]);
    if (len > 0)
        lay_fill_rect(cr, lay_box_make(g->bar_x, by, len, bh), fill);
    if (missing) {
        double hw = fmax(len, 8);
        lay_box hb = lay_box_make(g->bar_x, by, hw, bh);
        if (len < 8) {
            lay_fill_rect(cr, hb, MARKS_WHITE);
            marks_hatch(cr, hb, MARKS_MUTED, 2.6);
            cairo_set_line_width(cr, 0.6);
            lay_set_color(cr, MARKS_MUTED);
            cairo_rectangle(cr, hb.x, hb.y, hb.w, hb.h);
            cairo_stroke(cr);
        } else {
            marks_hatch(cr, hb, MARKS_WHITE, 2.6);
        }
        len = hw;
    }
    double end = g->bar_x + len; /* the label goes after the bar and the target tick */
    if (!isnan(pr->target) && g->vmax > 0) {
        double tx = g->bar_x + g->bar_w * fmin(pr->target / g->vmax, 1);
        marks_target(cr, tx, row.y + 1, row.y + row.h - 1, 1.4);
        end = fmax(end, tx + 0.7);
    }
    double lx = end + LABEL_GAP;
    if (pr->status != QTR_STATUS_NONE) {
        marks_status_shape(cr, pr->status, lx + 3.5, row.y + row.h / 2, 3.3);
        lx += SHAPE_SPACE - LABEL_GAP + 2;
    }
    qtr_buf b = {0};
    if (bar_label(ind, pr, &b) == QTR_OK) {
        lay_style ls = style(g->size, 0, MARKS_INK, 8, 1);
        ls.valign = LAY_MIDDLE;
        double w, h;
        lay_text_size(c, qtr_buf_str(&b), ls.size, 0, &w, &h);
        lay_text(c, qtr_buf_str(&b), &ls, lay_box_make(lx, row.y, w + 0.5, row.h), NULL);
    }
    qtr_buf_free(&b);
}

/* The legend under the bars: statuses used, the hatching, the unit target. */
static void draw_legend(lay_canvas *c, const qtr_report *r, size_t i, const size_t *shown, size_t n, lay_box box)
{
    cairo_t *cr = lay_canvas_cr(c);
    int used[QTR_STATUS_COUNT] = {0};
    int missing = 0, targets = 0;
    for (size_t k = 0; k < n; k++) {
        const qtr_progress_row *pr = qtr_report_row(r, (int)shown[k], i);
        used[pr->status] = 1;
        missing |= pr->missing[0] != '\0';
        targets |= !isnan(pr->target);
    }
    enum { MAXL = QTR_STATUS_COUNT + 2 };
    const char *labels[MAXL];
    int kinds[MAXL]; /* a status + 1, or 0 no unit target, -1 hatch, -2 target */
    int m = 0;
    for (int k = 0; k < QTR_STATUS_COUNT; k++) {
        qtr_progress_status s = QTR_STATUS_ORDER[k];
        if (s != QTR_STATUS_NONE && used[s]) {
            labels[m] = qtr_status_label(s);
            kinds[m++] = (int)s + 1;
        }
    }
    if (targets && used[QTR_STATUS_NONE]) {
        labels[m] = "无单位目标";
        kinds[m++] = 0;
    }
    if (missing) {
        labels[m] = "缺报（有季度未报送或数据被拒收）";
        kinds[m++] = -1;
    }
    if (targets) {
        labels[m] = "单位目标";
        kinds[m++] = -2;
    }
    double size = 8, total, w[MAXL], h;
    for (;; size -= 0.5) {
        total = 0;
        for (int k = 0; k < m; k++) {
            lay_text_size(c, labels[k], size, 0, &w[k], &h);
            total += 12 + w[k] + 10;
        }
        if (total <= box.w || size <= 7)
            break;
    }
    double x = box.x, lh = lay_line_height(c, size), cy = box.y + lh / 2;
    lay_style s = style(size, 0, MARKS_MUTED, size, 1);
    for (int k = 0; k < m; k++) {
        if (kinds[k] > 0) {
            marks_status_shape(cr, (qtr_progress_status)(kinds[k] - 1), x + 4.5, cy, 3.4);
        } else if (kinds[k] == 0) {
            lay_fill_rect(cr, lay_box_make(x, cy - 3.5, 9, 7), MARKS_NEUTRAL);
        } else if (kinds[k] == -1) {
            lay_box hb = lay_box_make(x, cy - 3.5, 9, 7);
            lay_fill_rect(cr, hb, MARKS_NEUTRAL);
            marks_hatch(cr, hb, MARKS_WHITE, 2.6);
        } else {
            marks_target(cr, x + 4.5, cy - 4.5, cy + 4.5, 1.4);
        }
        x += 12;
        lay_text(c, labels[k], &s, lay_box_make(x, box.y, fmin(w[k] + 0.5, box.x + box.w - x), lh), NULL);
        x += w[k] + 10;
    }
}

/* Row text size, column widths and scale for the rows shown. */
static void geometry(lay_canvas *c, const qtr_report *r, size_t i, const size_t *shown, size_t nshown,
                     double rh, lay_box box, rank_geom *g)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    g->x = box.x;
    g->size = rh >= 14 ? 8.5 : 8;
    g->rank_w = 0;
    g->name_w = 0;
    g->vmax = 0;
    g->statuses = 0;
    double label_w = 0, w, h;
    for (size_t k = 0; k < nshown; k++) {
        const qtr_progress_row *pr = qtr_report_row(r, (int)shown[k], i);
        char rank[QTR_WORDS_NUM];
        count_text(pr->rank, rank);
        lay_text_size(c, rank, g->size, 0, &w, &h);
        g->rank_w = fmax(g->rank_w, w + 0.5);
        lay_text_size(c, r->plan->units[shown[k]].name, g->size, 0, &w, &h);
        g->name_w = fmax(g->name_w, w + 0.5);
        qtr_buf b = {0};
        if (bar_label(ind, pr, &b) == QTR_OK) {
            lay_text_size(c, qtr_buf_str(&b), g->size, 0, &w, &h);
            label_w = fmax(label_w, w + 0.5);
        }
        qtr_buf_free(&b);
        g->vmax = fmax(g->vmax, pr->actual);
        if (!isnan(pr->target))
            g->vmax = fmax(g->vmax, pr->target);
        g->statuses |= pr->status != QTR_STATUS_NONE;
    }
    g->name_w = fmin(g->name_w, box.w * 0.24);
    label_w = fmin(label_w, box.w * 0.40);
    g->bar_x = box.x + g->rank_w + 5 + g->name_w + 6;
    g->bar_w = box.x + box.w - g->bar_x - label_w - LABEL_GAP - (g->statuses ? SHAPE_SPACE : 0) - 1;
    if (g->bar_w < 10)
        g->bar_w = 10;
}

/* Draws the heading (name, subtitle); returns the y below it. */
static double draw_heading(lay_canvas *c, const qtr_report *r, size_t i, lay_box box, qtr_status *st)
{
    lay_box u = lay_box_make(box.x, box.y, 0, 0);
    double y = box.y;
    qtr_buf b = {0};
    *st = qtr_buf_printf(&b, "%s · 各单位排名", r->plan->indicators[i].name);
    lay_style ts = style(11, 1, MARKS_INK, 8.5, 2);
    if (*st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ts, lay_box_make(box.x, y, box.w, 2 * lay_line_height(c, 11)), &u);
    y = u.y + u.h + 1;
    qtr_buf_clear(&b);
    if (*st == QTR_OK)
        *st = ranking_subtitle(r, i, &b);
    lay_style ss = style(8, 0, MARKS_MUTED, 8, 3);
    if (*st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ss, lay_box_make(box.x, y, box.w, 3 * lay_line_height(c, 8)), &u);
    qtr_buf_free(&b);
    return u.y + u.h + 6;
}

qtr_status ranking_draw(lay_canvas *c, const qtr_report *r, size_t i, lay_box box)
{
    size_t *order = malloc((r->nunits ? r->nunits : 1) * sizeof *order);
    size_t *shown = malloc((2 * RANKING_EDGE + RANKING_ALL_MAX) * sizeof *shown);
    qtr_buf note = {0};
    if (!order || !shown) {
        free(order);
        free(shown);
        return QTR_ERR_NOMEM;
    }
    size_t n = ranking_order(r, i, order), top, bottom;
    ranking_shown(n, &top, &bottom);
    int cut = top + bottom < n;
    size_t nshown = 0;
    for (size_t k = 0; k < top; k++)
        shown[nshown++] = order[k];
    for (size_t k = n - bottom; k < n; k++)
        shown[nshown++] = order[k];

    qtr_status st;
    double y = draw_heading(c, r, i, box, &st);
    if (st == QTR_OK)
        st = ranking_unranked_note(r, i, &note);
    double legend_h = lay_line_height(c, 8) + 6;
    double note_lh = lay_line_height(c, 8);
    lay_style nts = style(8, 0, MARKS_MUTED, 8, 2);
    lay_box nu = {0, 0, 0, 0};
    if (note.len)
        lay_text_fit(c, qtr_buf_str(&note), &nts, lay_box_make(box.x, 0, box.w, 2 * note_lh), &nu);
    double note_h = note.len ? nu.h + 5 : 0;
    size_t nrows = nshown + (cut ? 1 : 0);
    double rh = nrows ? fmin(ROW_MAX, (box.y + box.h - legend_h - note_h - y) / (double)nrows) : 0;
    double ry = y;
    if (nshown == 0) {
        lay_style es = style(9, 0, MARKS_MUTED, 7, 1);
        lay_text(c, "没有单位参加排名", &es, lay_box_make(box.x, y, box.w, lay_line_height(c, 9)), NULL);
        ry = y + lay_line_height(c, 9) + 4;
    } else {
        rank_geom g;
        geometry(c, r, i, shown, nshown, rh, box, &g);
        for (size_t k = 0; k < nshown; k++) {
            if (cut && k == top) {
                char gap[QTR_WORDS_NUM + 64], num[QTR_WORDS_NUM];
                snprintf(gap, sizeof gap, "…… 中间 %s 个单位从略 ……", count_text((double)(n - top - bottom), num));
                lay_style gs = style(g.size, 0, MARKS_MUTED, 8, 1);
                gs.align = LAY_CENTER;
                gs.valign = LAY_MIDDLE;
                lay_text(c, gap, &gs, lay_box_make(box.x, ry, box.w, rh), NULL);
                ry += rh;
            }
            draw_bar_row(c, r, i, shown[k], &g, lay_box_make(box.x, ry, box.w, rh));
            ry += rh;
        }
        lay_stroke_line(lay_canvas_cr(c), g.bar_x, y, g.bar_x, ry, 0.7, MARKS_RULE);
    }
    if (note.len) {
        lay_text(c, qtr_buf_str(&note), &nts, lay_box_make(box.x, ry + 3, box.w, nu.h + 0.5), NULL);
        ry += note_h;
    }
    if (nshown)
        draw_legend(c, r, i, shown, nshown, lay_box_make(box.x, ry + 5, box.w, legend_h - 6));
    qtr_buf_free(&note);
    free(order);
    free(shown);
    qtr_status cs = lay_canvas_status(c);
    return cs != QTR_OK ? cs : st;
}
