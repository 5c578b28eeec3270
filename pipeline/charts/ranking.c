/* ranking.c — per-unit horizontal bar rankings (see ranking.h). */
#include "ranking.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marks.h"
#include "words.h"

#define ROW_MAX 22.0       /* points: tallest row */
#define SHAPE_SPACE 13.0   /* status mark between bar end and label */
#define LABEL_GAP 4.0

/* ---------------------------------------------------------------- order (pure) */

typedef struct {
    double actual;
    size_t unit;
} rank_item;

static int rank_cmp(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->actual != y->actual)
        return x->actual < y->actual ? 1 : -1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

size_t ranking_order(const chart_data *d, size_t ind, size_t *order)
{
    const chart_indicator *ci = &d->inds[ind];
    rank_item *items = malloc((d->nunits ? d->nunits : 1) * sizeof *items);
    size_t n = 0;
    if (!items) { /* fall back to roster order: still a correct (unsorted) list */
        for (size_t u = 0; u < d->nunits; u++)
            if (ci->units[u].present)
                order[n++] = u;
        return n;
    }
    for (size_t u = 0; u < d->nunits; u++)
        if (ci->units[u].present) {
            items[n].actual = ci->units[u].actual;
            items[n].unit = u;
            n++;
        }
    qsort(items, n, sizeof *items, rank_cmp);
    for (size_t k = 0; k < n; k++)
        order[k] = items[k].unit;
    free(items);
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

/* ---------------------------------------------------------------- drawing */

static lay_style style(double size, int bold, lay_rgb color, double min, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = min;
    s.max_lines = lines;
    return s;
}

/* The label after a bar: "1,234（完成 82.3%）· 未报Q2". */
static qtr_status bar_label(const chart_indicator *ind, const chart_row *row, qtr_buf *out)
{
    char v[WORDS_NUM_SIZE], p[WORDS_NUM_SIZE];
    qtr_status st = qtr_buf_puts(out, words_value(row->actual, ind->unit, v, sizeof v));
    if (st == QTR_OK && !isnan(row->completion))
        st = qtr_buf_printf(out, "（完成 %s）", words_percent(row->completion, p, sizeof p));
    if (st == QTR_OK && row->missing && *row->missing) {
        st = qtr_buf_puts(out, " · 未报");
        if (st == QTR_OK)
            st = words_missing(row->missing, out);
    }
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

static void draw_bar_row(lay_canvas *c, const chart_indicator *ind, size_t unit, const char *name,
                         size_t rank, const rank_geom *g, lay_box row)
{
    cairo_t *cr = lay_canvas_cr(c);
    const chart_row *r = &ind->units[unit];
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", rank);
    lay_style rs = style(g->size - 0.5, 0, MARKS_MUTED, 5, 1);
    rs.align = LAY_RIGHT;
    rs.valign = LAY_MIDDLE;
    lay_text(c, buf, &rs, lay_box_make(g->x, row.y, g->rank_w, row.h), NULL);
    lay_style ns = style(g->size, 0, MARKS_INK, fmin(6, g->size), 1);
    ns.align = LAY_RIGHT;
    ns.valign = LAY_MIDDLE;
    lay_text(c, name, &ns, lay_box_make(g->x + g->rank_w + 5, row.y, g->name_w, row.h), NULL);

    double bh = fmin(12, row.h * 0.62), by = row.y + (row.h - bh) / 2;
    double len = g->vmax > 0 && r->actual > 0 ? g->bar_w * fmin(r->actual / g->vmax, 1) : 0;
    lay_rgb fill = r->status != CHART_STATUS_NONE ? marks_status_fill(r->status) : MARKS_NEUTRAL;
    int missing = r->missing && *r->missing;
    if (!isnan(r->target) && g->vmax > 0) /* a faint track up to the unit's target */
        lay_fill_rect(cr, lay_box_make(g->bar_x, by, g->bar_w * fmin(r->target / g->vmax, 1), bh), MARKS_BAND[2]);
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
    if (!isnan(r->target) && g->vmax > 0) {
        double tx = g->bar_x + g->bar_w * fmin(r->target / g->vmax, 1);
        marks_target(cr, tx, row.y + 1, row.y + row.h - 1, 1.4);
        end = fmax(end, tx + 0.7);
    }
    double lx = end + LABEL_GAP;
    if (r->status != CHART_STATUS_NONE) {
        marks_status_shape(cr, r->status, lx + 3.5, row.y + row.h / 2, 3.3);
        lx += SHAPE_SPACE - LABEL_GAP + 2;
    }
    qtr_buf b = {0};
    if (bar_label(ind, r, &b) == QTR_OK) {
        lay_style ls = style(g->size - 0.5, 0, MARKS_INK, 5, 1);
        ls.valign = LAY_MIDDLE;
        double w, h;
        lay_text_size(c, qtr_buf_str(&b), ls.size, 0, &w, &h);
        lay_text(c, qtr_buf_str(&b), &ls, lay_box_make(lx, row.y, w + 0.5, row.h), NULL);
    }
    qtr_buf_free(&b);
}

/* The legend under the bars: statuses used, the hatching, the unit target. */
static void draw_legend(lay_canvas *c, const chart_indicator *ind, const size_t *order, size_t n, lay_box box)
{
    cairo_t *cr = lay_canvas_cr(c);
    int used[CHART_STATUS_COUNT] = {0};
    int missing = 0, targets = 0;
    for (size_t k = 0; k < n; k++) {
        const chart_row *r = &ind->units[order[k]];
        used[r->status] = 1;
        missing |= r->missing && *r->missing;
        targets |= !isnan(r->target);
    }
    const char *labels[CHART_STATUS_COUNT + 2];
    int kinds[CHART_STATUS_COUNT + 2]; /* status, or -1 hatch, -2 target */
    int m = 0;
    for (int s = 1; s < CHART_STATUS_COUNT; s++)
        if (used[s]) {
            labels[m] = words_status_label((chart_status)s);
            kinds[m++] = s;
        }
    if (targets && used[CHART_STATUS_NONE]) {
        labels[m] = "无单位目标";
        kinds[m++] = 0;
    }
    if (missing) {
        labels[m] = "有季度未报送";
        kinds[m++] = -1;
    }
    if (targets) {
        labels[m] = "单位目标";
        kinds[m++] = -2;
    }
    double size = 7, total, w[CHART_STATUS_COUNT + 2], h;
    for (;; size -= 0.5) {
        total = 0;
        for (int i = 0; i < m; i++) {
            lay_text_size(c, labels[i], size, 0, &w[i], &h);
            total += 12 + w[i] + 10;
        }
        if (total <= box.w || size <= 5)
            break;
    }
    double x = box.x, lh = lay_line_height(c, size), cy = box.y + lh / 2;
    lay_style s = style(size, 0, MARKS_MUTED, size, 1);
    for (int i = 0; i < m; i++) {
        if (kinds[i] >= 0) {
            if (kinds[i] == 0)
                lay_fill_rect(cr, lay_box_make(x, cy - 3.5, 9, 7), MARKS_NEUTRAL);
            else
                marks_status_shape(cr, (chart_status)kinds[i], x + 4.5, cy, 3.4);
        } else if (kinds[i] == -1) {
            lay_box hb = lay_box_make(x, cy - 3.5, 9, 7);
            lay_fill_rect(cr, hb, MARKS_NEUTRAL);
            marks_hatch(cr, hb, MARKS_WHITE, 2.6);
        } else {
            marks_target(cr, x + 4.5, cy - 4.5, cy + 4.5, 1.4);
        }
        x += 12;
        lay_text(c, labels[i], &s, lay_box_make(x, box.y, fmin(w[i] + 0.5, box.x + box.w - x), lh), NULL);
        x += w[i] + 10;
    }
}

static qtr_status subtitle(const chart_data *d, const chart_indicator *ind, size_t n, int cut,
                           int targets, qtr_buf *b)
{
    qtr_status st = qtr_buf_printf(b, "单位：%s；", chart_unit_is_percent(ind->unit) ? "%" : ind->unit);
    if (st == QTR_OK)
        st = words_as_of(d->period, b);
    if (st == QTR_OK)
        st = qtr_buf_puts(b, ind->kind == QTR_KIND_STOCK ? "的期末数" : "的累计值");
    if (st == QTR_OK)
        st = qtr_buf_puts(b, "，从高到低排列；");
    if (st == QTR_OK)
        st = qtr_buf_puts(b, targets ? "颜色和符号表示单位目标完成状态，括号内为单位目标完成率。"
                                     : "未分解单位目标，不评价单位状态。");
    if (st == QTR_OK && cut)
        st = qtr_buf_printf(b, "共 %zu 个单位，仅列前 %d 名和后 %d 名。", n, RANKING_EDGE, RANKING_EDGE);
    return st;
}

/* Row text size, column widths and scale for the rows shown. */
static void geometry(lay_canvas *c, const chart_data *d, const chart_indicator *ind, const size_t *shown,
                     size_t nshown, size_t nranked, double rh, lay_box box, rank_geom *g)
{
    g->x = box.x;
    g->size = fmin(8, fmax(5.5, rh * 0.55));
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", nranked);
    double w, h;
    lay_text_size(c, buf, g->size - 0.5, 0, &w, &h);
    g->rank_w = w + 0.5;
    g->name_w = 0;
    g->vmax = 0;
    g->statuses = 0;
    double label_w = 0;
    for (size_t k = 0; k < nshown; k++) {
        const chart_row *r = &ind->units[shown[k]];
        lay_text_size(c, d->units[shown[k]], g->size, 0, &w, &h);
        g->name_w = fmax(g->name_w, w + 0.5);
        qtr_buf b = {0};
        if (bar_label(ind, r, &b) == QTR_OK) {
            lay_text_size(c, qtr_buf_str(&b), g->size - 0.5, 0, &w, &h);
            label_w = fmax(label_w, w + 0.5);
        }
        qtr_buf_free(&b);
        g->vmax = fmax(g->vmax, r->actual);
        if (!isnan(r->target))
            g->vmax = fmax(g->vmax, r->target);
        g->statuses |= r->status != CHART_STATUS_NONE;
    }
    g->name_w = fmin(g->name_w, box.w * 0.24);
    label_w = fmin(label_w, box.w * 0.40);
    g->bar_x = box.x + g->rank_w + 5 + g->name_w + 6;
    g->bar_w = box.x + box.w - g->bar_x - label_w - LABEL_GAP - (g->statuses ? SHAPE_SPACE : 0) - 1;
    if (g->bar_w < 10)
        g->bar_w = 10;
}

qtr_status ranking_draw(lay_canvas *c, const chart_data *d, size_t ii, lay_box box)
{
    const chart_indicator *ind = &d->inds[ii];
    size_t *order = malloc((d->nunits ? d->nunits : 1) * sizeof *order);
    size_t *shown = malloc((2 * RANKING_EDGE + RANKING_ALL_MAX) * sizeof *shown);
    if (!order || !shown) {
        free(order);
        free(shown);
        return QTR_ERR_NOMEM;
    }
    size_t n = ranking_order(d, ii, order), top, bottom;
    ranking_shown(n, &top, &bottom);
    int cut = top + bottom < n;
    size_t nshown = 0;
    for (size_t k = 0; k < top; k++)
        shown[nshown++] = order[k];
    for (size_t k = n - bottom; k < n; k++)
        shown[nshown++] = order[k];
    int targets = 0;
    for (size_t k = 0; k < n; k++)
        targets |= !isnan(ind->units[order[k]].target);

    lay_box u;
    double y = box.y;
    qtr_buf b = {0};
    qtr_status st = qtr_buf_printf(&b, "%s · 各单位排名", ind->name);
    lay_style ts = style(11, 1, MARKS_INK, 8.5, 2);
    if (st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ts, lay_box_make(box.x, y, box.w, 2 * lay_line_height(c, 11)), &u);
    y = u.y + u.h + 1;
    qtr_buf_clear(&b);
    if (st == QTR_OK)
        st = subtitle(d, ind, n, cut, targets, &b);
    lay_style ss = style(7.5, 0, MARKS_MUTED, 6.5, 2);
    if (st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ss, lay_box_make(box.x, y, box.w, 2 * lay_line_height(c, 7.5)), &u);
    y = u.y + u.h + 6;
    qtr_buf_free(&b);

    double legend_h = lay_line_height(c, 7) + 6;
    size_t nrows = nshown + (cut ? 1 : 0);
    double rh = nrows ? fmin(ROW_MAX, (box.y + box.h - legend_h - y) / (double)nrows) : 0;
    if (nshown == 0) {
        lay_style es = style(9, 0, MARKS_MUTED, 7, 1);
        lay_text(c, "没有单位数据", &es, lay_box_make(box.x, y, box.w, lay_line_height(c, 9)), NULL);
    } else {
        rank_geom g;
        geometry(c, d, ind, shown, nshown, n, rh, box, &g);
        cairo_t *cr = lay_canvas_cr(c);
        double ry = y;
        for (size_t k = 0; k < nshown; k++) {
            if (cut && k == top) {
                char gap[96];
                snprintf(gap, sizeof gap, "…… 中间 %zu 个单位从略 ……", n - top - bottom);
                lay_style gs = style(g.size - 0.5, 0, MARKS_MUTED, 5, 1);
                gs.align = LAY_CENTER;
                gs.valign = LAY_MIDDLE;
                lay_text(c, gap, &gs, lay_box_make(box.x, ry, box.w, rh), NULL);
                ry += rh;
            }
            size_t rank = k < top ? k + 1 : n - bottom + (k - top) + 1;
            draw_bar_row(c, ind, shown[k], d->units[shown[k]], rank, &g, lay_box_make(box.x, ry, box.w, rh));
            ry += rh;
        }
        lay_stroke_line(cr, g.bar_x, y, g.bar_x, ry, 0.7, MARKS_RULE);
        draw_legend(c, ind, shown, nshown, lay_box_make(box.x, ry + 5, box.w, legend_h - 6));
    }
    free(order);
    free(shown);
    qtr_status cs = lay_canvas_status(c);
    return cs != QTR_OK ? cs : st;
}
