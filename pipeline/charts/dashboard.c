/* dashboard.c — page 1 of the leaders' PDF (see dashboard.h): title block, headline, data
 * notice, legend, and one bullet row per indicator. Every figure and sentence is the report's
 * (words.h); nothing here works out what compare knows.
 */
#include "dashboard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attention.h"

#define FIRST_PAGE_ROWS 10   /* indicators on page 1 (below title, headline and notice) */
#define FIRST_PAGE_ALL 12    /* up to this many all stay on page 1, in rows without a second line */
#define MORE_PAGE_ROWS 14    /* on each continuation page */
#define ROW_MAX 62.0         /* points: tallest bullet row */
#define ROW_FULL 41.0        /* below this a row has no second line of words */
#define LABEL_SHARE 0.30     /* share of the width for the name column */
#define LABEL_MAX 0.36       /* at most, for long names */
#define BAND_TOP 6.0         /* band offset in a row (room for the pace triangle above) */
#define BAND_H 10.0
#define NOTICE_UNITS 10      /* units named in the notice before "等 N 个单位" */
#define ATTENTION_ITEMS 6    /* indicators in the 重点关注 block before "另有 N 项" */

/* ---------------------------------------------------------------- geometry (pure) */

static double x_at(double frac, double scale_max, double x, double w)
{
    if (!(frac > 0))
        return x;
    if (frac > scale_max)
        frac = scale_max;
    return x + w * frac / scale_max;
}

void dashboard_bullet(double completion, double pace, double hi, double scale_max, double x,
                      double w, dashboard_geom *g)
{
    if (!(scale_max > 0))
        scale_max = 1.2;
    g->x0 = x;
    g->x1 = x + w;
    g->band_x[0] = x;
    for (int i = 0; i < MARKS_NBANDS - 1; i++)
        g->band_x[i + 1] = x_at(MARKS_BAND_END[i], scale_max, x, w);
    g->band_x[MARKS_NBANDS] = x + w;
    g->overflow = completion > scale_max;
    g->bar_end = isnan(completion) ? x : x_at(completion, scale_max, x, w);
    g->target_x = x_at(1.0, scale_max, x, w);
    g->pace_x = isnan(pace) ? NAN : x_at(pace, scale_max, x, w);
    g->hi_x = isnan(hi) ? NAN : x_at(hi, scale_max, x, w);
}

/* The upper end of a range target as a fraction of the row's target; NAN when none. */
static double range_hi(const qtr_indicator *ind, const qtr_progress_row *row)
{
    return !isnan(ind->target_hi) && row->target > 0 ? ind->target_hi / row->target : NAN;
}

double dashboard_scale_max(const qtr_report *r)
{
    double m = 1.0;
    for (size_t i = 0; i < r->nind; i++) {
        const qtr_progress_row *row = qtr_report_row(r, -1, i);
        double hi = range_hi(&r->plan->indicators[i], row);
        if (row->completion > m)
            m = row->completion;
        if (hi > m)
            m = hi;
    }
    return m <= 1.2 + 1e-9 ? 1.2 : 1.5;
}

double dashboard_pace_fraction(const qtr_progress_row *row)
{
    if (!isnan(row->expected) && row->target > 0)
        return row->expected / row->target;
    return row->time_progress;
}

/* Rows on page 1: every indicator when the plan has at most FIRST_PAGE_ALL (lanzhou-2025's eleven
 * read on one page; their rows lose only the second line of words), else FIRST_PAGE_ROWS. */
static size_t first_page_rows(const qtr_report *r)
{
    return r->nind <= FIRST_PAGE_ALL ? r->nind : FIRST_PAGE_ROWS;
}

size_t dashboard_pages(const qtr_report *r)
{
    if (r->nind <= FIRST_PAGE_ALL)
        return 1;
    return 1 + (r->nind - FIRST_PAGE_ROWS + MORE_PAGE_ROWS - 1) / MORE_PAGE_ROWS;
}

void dashboard_page_range(const qtr_report *r, size_t page, size_t *first, size_t *count)
{
    size_t f = page == 0 ? 0 : first_page_rows(r) + (page - 1) * MORE_PAGE_ROWS;
    size_t cap = page == 0 ? first_page_rows(r) : MORE_PAGE_ROWS;
    if (f > r->nind)
        f = r->nind;
    *first = f;
    *count = r->nind - f < cap ? r->nind - f : cap;
}

/* ---------------------------------------------------------------- text blocks */

/* A count as people read it (qtr_words_number: "1,234"); buf has QTR_WORDS_NUM bytes. */
static const char *count_text(double n, char *buf)
{
    return qtr_words_number(n, 0, buf, QTR_WORDS_NUM);
}

static lay_style style(double size, int bold, lay_rgb color, double min, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = min;
    s.max_lines = lines;
    return s;
}

/* Title, subtitle and headline; returns the y below them. */
static double draw_title(lay_canvas *c, const qtr_report *r, size_t page, lay_box box)
{
    cairo_t *cr = lay_canvas_cr(c);
    const qtr_plan *plan = r->plan;
    lay_box u;
    double y = box.y;
    qtr_buf b = {0};
    if (page == 0) {
        lay_style t = style(18, 1, MARKS_INK, 13, 2);
        lay_text(c, plan->name, &t, lay_box_make(box.x, y, box.w, 2 * lay_line_height(c, 18)), &u);
        y = u.y + u.h + 1;
    }
    qtr_status st = qtr_buf_printf(&b, "%s · ", plan->region ? plan->region : "");
    if (st == QTR_OK)
        st = qtr_words_horizon(plan->start_year, plan->end_year, &b);
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, &b);
    if (st == QTR_OK)
        st = qtr_buf_puts(&b, page == 0 ? " · 目标任务进展总览" : " · 目标任务进展总览（续）");
    lay_style s = style(10.5, 0, MARKS_MUTED, 8, 1);
    lay_text(c, qtr_buf_str(&b), &s, lay_box_make(box.x, y, box.w, lay_line_height(c, 10.5)), &u);
    y = u.y + u.h + 6;
    if (page == 0) {
        /* the headline, and under it the names of what lags */
        lay_style h = style(13.5, 1, MARKS_INK, 10, 1);
        lay_style ns = style(9.5, 1, MARKS_INK, 8, 2);
        qtr_buf names = {0};
        if (attention_names_fitting(c, r, &ns, lay_box_make(box.x + 12, 0, box.w - 24, 2 * lay_line_height(c, 9.5) + 0.5),
                                    &names) != QTR_OK)
            qtr_buf_clear(&names);
        double hl = lay_line_height(c, 13.5);
        lay_box nu = {0, 0, 0, 0};
        lay_text_fit(c, qtr_buf_str(&names), &ns, lay_box_make(box.x + 12, 0, box.w - 24, 2 * lay_line_height(c, 9.5)), &nu);
        double ph = hl + 3 + nu.h + 12;
        lay_box panel = lay_box_make(box.x, y, box.w, ph);
        lay_set_color(cr, MARKS_PANEL);
        lay_round_rect(cr, panel, 4);
        cairo_fill(cr);
        lay_fill_rect(cr, lay_box_make(box.x, y, 3.5, ph), MARKS_ACTUAL);
        lay_text(c, r->sum.headline, &h, lay_box_make(box.x + 12, y + 6, box.w - 24, hl), NULL);
        lay_text(c, qtr_buf_str(&names), &ns, lay_box_make(box.x + 12, y + 6 + hl + 3, box.w - 24, nu.h + 0.5), NULL);
        qtr_buf_free(&names);
        y += ph + 6;
    }
    qtr_buf_free(&b);
    return y; /* a failed append leaves a shorter text; nothing else depends on it */
}

/* The length of the first `max` entries of the summary's missing_text, whose entries end with
 * "）" and are separated by "、" ("城关区 Q2（1项）、市本级 Q1、Q2（2项）"); all of it when shorter. */
static size_t missing_prefix(const char *text, size_t max)
{
    static const char sep[] = "）、";
    size_t n = 0;
    for (const char *p = strstr(text, sep); p; p = strstr(p + strlen(sep), sep))
        if (++n == max)
            return (size_t)(p - text) + strlen("）");
    return strlen(text);
}

qtr_status dashboard_notice_text(const qtr_report *r, qtr_buf *out)
{
    const qtr_report_summary *s = &r->sum;
    const qtr_input_counts *in = &s->input;
    qtr_status st = QTR_OK;
    char n[QTR_WORDS_NUM];
    /* rejects that concern no figure of this report (files of other years) are left to the
     * workbook, as they leave the exit code alone; the counts are the terminal's */
    if (in->known && in->errors_in_scope > 0) {
        st = qtr_buf_printf(out, "输入数据中有 %s 处错误未被采用", count_text((double)in->errors, n));
        if (st == QTR_OK && in->errors_in_scope != in->errors)
            st = qtr_buf_printf(out, "（其中 %s 处涉及本期报告）", count_text((double)in->errors_in_scope, n));
        if (st == QTR_OK && in->warnings)
            st = qtr_buf_printf(out, "，另有 %s 条警告", count_text((double)in->warnings, n));
        /* a problem no unit could be told for (docs/formats.md, rejects.csv unit): no 整改清单 holds it */
        size_t all = (size_t)in->errors + (size_t)in->warnings, nofile = (size_t)in->unitless;
        if (st == QTR_OK && !r->plan->unit_files)
            st = qtr_buf_puts(out, "，明细见工作簿“数据质量”表。");
        else if (st == QTR_OK && nofile == 0)
            st = qtr_buf_puts(out, "，已逐条列入各有关单位的整改清单。");
        else if (st == QTR_OK && nofile >= all)
            st = qtr_buf_puts(out, "，均无法确定属于哪个单位，明细见 rejects.csv。");
        else if (st == QTR_OK)
            st = qtr_buf_printf(out, "；其中 %s 处无法确定属于哪个单位，明细见 rejects.csv，"
                                     "其余已逐条列入各有关单位的整改清单。", count_text((double)nofile, n));
    }
    if (st != QTR_OK || s->units_missing == 0)
        return st;
    st = qtr_buf_puts(out, "以下单位有季度未报送（未报季度按 0 计入累计，存量指标沿用上期数，括号内为涉及指标数）：");
    if (st == QTR_OK)
        st = qtr_buf_append(out, s->missing_text, missing_prefix(s->missing_text, NOTICE_UNITS));
    if (st == QTR_OK && s->units_missing > NOTICE_UNITS)
        st = qtr_buf_printf(out, " 等 %s 个单位", count_text((double)s->units_missing, n));
    return st == QTR_OK ? qtr_buf_puts(out, "。") : st;
}

/* The notice's text box: its text fitted (*u), its panel's height returned; 0 without a notice. */
static double notice_fit(lay_canvas *c, const qtr_report *r, lay_box box, qtr_buf *b, lay_box *u)
{
    if (dashboard_notice_text(r, b) != QTR_OK || b->len == 0)
        return 0;
    lay_style s = style(8, 0, MARKS_INK, 8, 4);
    double lh = lay_line_height(c, 8.5);
    lay_text_fit(c, qtr_buf_str(b), &s, lay_box_make(box.x + 26, 0, box.w - 26 - 10, 4 * lh), u);
    return lh + u->h + 10;
}

/* The height the notice takes with the gap under it; 0 without a notice. */
static double notice_height(lay_canvas *c, const qtr_report *r, lay_box box)
{
    qtr_buf b = {0};
    lay_box u;
    double h = notice_fit(c, r, box, &b, &u);
    qtr_buf_free(&b);
    return h > 0 ? h + 6 : 0;
}

/* The notice box when input was rejected or reports are missing; returns the y below it. */
static double draw_notice(lay_canvas *c, const qtr_report *r, lay_box box, double y)
{
    cairo_t *cr = lay_canvas_cr(c);
    qtr_buf b = {0};
    lay_box u;
    double h = notice_fit(c, r, box, &b, &u);
    if (h <= 0) {
        qtr_buf_free(&b);
        return y;
    }
    lay_style s = style(8, 0, MARKS_INK, 8, 4);
    lay_style head = style(8.5, 1, MARKS_WARN_EDGE, 8, 1);
    double lh = lay_line_height(c, 8.5);
    double tx = box.x + 26, tw = box.w - 26 - 10;
    lay_box panel = lay_box_make(box.x, y, box.w, h);
    lay_set_color(cr, MARKS_WARN_FILL);
    lay_round_rect(cr, panel, 4);
    cairo_fill_preserve(cr);
    lay_set_color(cr, MARKS_WARN_EDGE);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    marks_status_shape(cr, QTR_STATUS_LAGGING, box.x + 13, y + 6 + lh / 2, 5.5);
    head.color = marks_status_text(QTR_STATUS_LAGGING);
    lay_text(c, "数据质量提示", &head, lay_box_make(tx, y + 6, tw, lh), NULL);
    lay_text(c, qtr_buf_str(&b), &s, lay_box_make(tx, y + 6 + lh, tw, u.h + 0.5), NULL);
    qtr_buf_free(&b);
    return y + h + 6;
}

/* ---------------------------------------------------------------- heights */

/* The least height of a bullet row: on the left a line of the name at 8 pt and the status line,
 * on the right the band and the line of words under it (draw_row). */
static double row_min(lay_canvas *c)
{
    double words = lay_line_height(c, 8.5);
    return ceil(fmax(lay_line_height(c, 8) + words + 5, BAND_TOP + BAND_H + 1.5 + words) + 0.5);
}

/* What draw_legend and draw_axis take (their text at 8 pt). */
static double legend_height(lay_canvas *c)
{
    return lay_line_height(c, 8) + 6;
}

static double axis_height(lay_canvas *c)
{
    return lay_line_height(c, 8) + 4;
}

/* ---------------------------------------------------------------- 重点关注 */

/* One item of the block: "规上工业企业研发提升（严重滞后）：完成 58.0%，低于序时进度 17.0 个百分点；
 * 单位滞后：…；缺报：…。" */
static qtr_status attention_item(const qtr_report *r, size_t i, qtr_buf *out)
{
    qtr_status st = qtr_buf_printf(out, "%s（%s）：", r->plan->indicators[i].name,
                                   qtr_status_label(qtr_report_row(r, -1, i)->status));
    if (st == QTR_OK)
        st = attention_reason(r, i, out);
    if (st == QTR_OK)
        st = qtr_buf_puts(out, "；");
    return st == QTR_OK ? attention_units(r, i, out) : st;
}

/* The 重点关注 block: each indicator needing attention, worst first, with why and the units
 * behind it, as many as end above `limit` (at most ATTENTION_ITEMS; the rest are counted in
 * "另有 N 项"); returns the y below it (nothing drawn when none needs attention or not even one
 * item fits). */
static double draw_attention(lay_canvas *c, const qtr_report *r, lay_box box, double y, double limit)
{
    cairo_t *cr = lay_canvas_cr(c);
    size_t *idx = malloc((r->nind ? r->nind : 1) * sizeof *idx);
    if (!idx)
        return y;
    size_t n = attention_indicators(r, idx), shown = n < ATTENTION_ITEMS ? n : ATTENTION_ITEMS;
    if (n == 0) {
        free(idx);
        return y;
    }
    lay_style hs = style(9.5, 1, MARKS_INK, 8, 1);
    lay_style s = style(8, 0, MARKS_INK, 8, 3);
    double hl = lay_line_height(c, 9.5), more_h = lay_line_height(c, 8.5) + 3;
    double tx = box.x + 14, tw = box.w - 14;
    qtr_buf b = {0};
    /* the items that fit above limit, with the heading before them, the "另有" line after them
     * when some are left out, and the gap under the block: the bullet rows below keep the
     * height their 8-pt names and words need (docs/formats.md, chart images) */
    size_t fit = 0;
    for (double need = y + hl + 3 + 4; fit < shown; fit++) {
        qtr_buf_clear(&b);
        lay_box u = {0, 0, 0, 0};
        if (attention_item(r, idx[fit], &b) == QTR_OK)
            lay_text_fit(c, qtr_buf_str(&b), &s, lay_box_make(tx, 0, tw, 3 * lay_line_height(c, 8)), &u);
        need += u.h + 2;
        if (need + (fit + 1 < n ? more_h : 0) > limit)
            break;
    }
    if (fit == 0) {
        qtr_buf_free(&b);
        free(idx);
        return y;
    }
    shown = fit;
    lay_text(c, "重点关注", &hs, lay_box_make(box.x, y, box.w, hl), NULL);
    lay_stroke_line(cr, box.x, y + hl + 1, box.x + box.w, y + hl + 1, 0.6, MARKS_RULE);
    y += hl + 3;
    for (size_t k = 0; k < shown; k++) {
        qtr_buf_clear(&b);
        if (attention_item(r, idx[k], &b) != QTR_OK)
            continue;
        lay_box u;
        lay_text(c, qtr_buf_str(&b), &s, lay_box_make(tx, y, tw, 3 * lay_line_height(c, 8)), &u);
        marks_status_shape(cr, qtr_report_row(r, -1, idx[k])->status, box.x + 5, y + lay_line_height(c, 8) / 2, 4);
        y = u.y + u.h + 2;
    }
    if (n > shown) {
        char num[QTR_WORDS_NUM];
        qtr_buf_clear(&b);
        if (qtr_buf_printf(&b, "另有 %s 项，见下方各行。", qtr_words_number((double)(n - shown), 0, num, sizeof num)) == QTR_OK) {
            lay_style ms = style(8.5, 0, MARKS_MUTED, 8, 1);
            lay_text(c, qtr_buf_str(&b), &ms, lay_box_make(tx, y, tw, lay_line_height(c, 8.5)), NULL);
            y += lay_line_height(c, 8.5) + 3;
        }
    }
    qtr_buf_free(&b);
    free(idx);
    return y + 4;
}

/* ---------------------------------------------------------------- legend and axis */

typedef enum { SAMPLE_BAR, SAMPLE_TARGET, SAMPLE_PACE, SAMPLE_BANDS } sample_kind;

static void draw_sample(cairo_t *cr, sample_kind k, double x, double cy)
{
    switch (k) {
    case SAMPLE_BAR:
        lay_fill_rect(cr, lay_box_make(x, cy - 2.75, 16, 5.5), MARKS_ACTUAL);
        break;
    case SAMPLE_TARGET:
        lay_fill_rect(cr, lay_box_make(x + 2, cy - 5.5, 12, 11), MARKS_BAND[2]);
        marks_target(cr, x + 8, cy - 4.5, cy + 4.5, 2.2);
        break;
    case SAMPLE_PACE:
        lay_fill_rect(cr, lay_box_make(x + 2, cy - 3, 12, 8), MARKS_BAND[2]);
        marks_pace(cr, x + 8, cy - 3, cy + 5, 5);
        break;
    case SAMPLE_BANDS:
        for (int i = 0; i < MARKS_NBANDS; i++)
            lay_fill_rect(cr, lay_box_make(x + 6.0 * i, cy - 5, 6, 10), MARKS_BAND[i]);
        break;
    }
}

static double sample_width(sample_kind k)
{
    return k == SAMPLE_BANDS ? 6.0 * MARKS_NBANDS : 16;
}

static double draw_legend(lay_canvas *c, lay_box box, double y)
{
    static const sample_kind kinds[] = {SAMPLE_BAR, SAMPLE_TARGET, SAMPLE_PACE, SAMPLE_BANDS};
    static const char *const labels[] = {
        "实际完成", "目标", "序时进度应达", "色带：目标的 0–50%、50–80%、80–100%、100% 以上",
    };
    enum { N = sizeof kinds / sizeof kinds[0] };
    double size = 8, w[N], h, total;
    for (;; size -= 0.5) {
        total = 0;
        for (int i = 0; i < N; i++) {
            lay_text_size(c, labels[i], size, 0, &w[i], &h);
            total += sample_width(kinds[i]) + 4 + w[i] + (i + 1 < N ? 12 : 0);
        }
        if (total <= box.w || size <= 7)
            break;
    }
    double lh = lay_line_height(c, size);
    double x = box.x, cy = y + lh / 2;
    lay_style s = style(size, 0, MARKS_MUTED, size, 1);
    for (int i = 0; i < N; i++) {
        draw_sample(lay_canvas_cr(c), kinds[i], x, cy);
        x += sample_width(kinds[i]) + 4;
        double room = box.x + box.w - x;
        lay_text(c, labels[i], &s, lay_box_make(x, y, fmin(w[i] + 0.5, room), lh), NULL);
        x += w[i] + 12;
    }
    return y + lh + 6;
}

static double draw_axis(lay_canvas *c, lay_box box, double lw, double scale, double y)
{
    cairo_t *cr = lay_canvas_cr(c);
    double step = scale > 1.2 + 1e-9 ? 0.25 : 0.2;
    int n = (int)floor(scale / step + 0.5);
    double bx = box.x + lw, bw = box.w - lw;
    double px = bw / n;
    double lh = lay_line_height(c, 8);
    lay_style s = style(8, 0, MARKS_MUTED, 8, 1);
    lay_style name = style(8, 0, MARKS_MUTED, 8, 1);
    lay_text(c, "指标 / 状态", &name, lay_box_make(box.x, y, lw - 12, lh), NULL);
    for (int i = 0; i <= n; i++) {
        char buf[QTR_WORDS_NUM], num[QTR_WORDS_NUM - 8];
        double x = bx + px * i;
        qtr_words_tick(step * i * 100, step * 100, num, sizeof num);
        snprintf(buf, sizeof buf, "%s%s", num, i == 0 ? "" : "%");
        lay_box b = lay_box_make(x - px / 2, y, px, lh);
        s.align = LAY_CENTER;
        if (i == 0) {
            b = lay_box_make(x, y, px / 2, lh);
            s.align = LAY_LEFT;
        } else if (i == n) {
            b = lay_box_make(x - px / 2, y, px / 2, lh);
            s.align = LAY_RIGHT;
        }
        lay_text(c, buf, &s, b, NULL);
        lay_stroke_line(cr, x, y + lh + 0.5, x, y + lh + 3, 0.6, MARKS_RULE);
    }
    return y + lh + 4;
}

/* ---------------------------------------------------------------- one bullet row */

static void draw_bullet(cairo_t *cr, const qtr_indicator *ind, const qtr_progress_row *row, double scale,
                        double bx, double bw, double top)
{
    dashboard_geom g;
    dashboard_bullet(row->completion, dashboard_pace_fraction(row), range_hi(ind, row), scale, bx, bw, &g);
    for (int i = 0; i < MARKS_NBANDS; i++)
        if (g.band_x[i + 1] > g.band_x[i])
            lay_fill_rect(cr, lay_box_make(g.band_x[i], top, g.band_x[i + 1] - g.band_x[i], BAND_H),
                          MARKS_BAND[i]);
    double bar_y = top + BAND_H * 0.3, bar_h = BAND_H * 0.4;
    /* the bar takes the status's colour (its shape and word stand in the name column) */
    lay_rgb fill = row->status != QTR_STATUS_NONE ? marks_status_fill(row->status) : MARKS_ACTUAL;
    if (g.bar_end > g.x0)
        lay_fill_rect(cr, lay_box_make(g.x0, bar_y, g.bar_end - g.x0, bar_h), fill);
    if (g.overflow) { /* a break: the bar goes on beyond the scale */
        cairo_save(cr);
        lay_set_color(cr, MARKS_WHITE);
        cairo_set_line_width(cr, 1.2);
        for (int k = 0; k < 2; k++) {
            double x = g.bar_end - 9 + 3.5 * k;
            cairo_move_to(cr, x - 1.5, bar_y + bar_h + 1);
            cairo_line_to(cr, x + 1.5, bar_y - 1);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    if (isnan(row->completion))
        return; /* no target: bands only, the words say why */
    if (!isnan(g.hi_x))
        marks_target(cr, g.hi_x, top + 2.5, top + BAND_H - 2.5, 1.2);
    marks_target(cr, g.target_x, top + 2, top + BAND_H - 2, 2.2);
    if (!isnan(g.pace_x))
        marks_pace(cr, g.pace_x, top, top + BAND_H, 5);
}

/* The row's figures in words; a row without a status adds why ("（缺少2017年全年数据，无法推算本年目标）"), as
 * compare.txt does. */
static qtr_status row_summary(const qtr_report *r, size_t i, const qtr_progress_row *row, qtr_buf *out)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    qtr_buf why = {0};
    qtr_status st = qtr_words_summary(ind, row, out);
    if (st == QTR_OK)
        st = qtr_words_no_status(r->plan, ind, row->unit, row, r->period, &why);
    if (st == QTR_OK && why.len)
        st = qtr_buf_printf(out, "（%s）", qtr_buf_str(&why));
    qtr_buf_free(&why);
    return st;
}

static void draw_row(lay_canvas *c, const qtr_report *r, size_t i, lay_box row, double lw, double scale)
{
    cairo_t *cr = lay_canvas_cr(c);
    const qtr_indicator *ind = &r->plan->indicators[i];
    const qtr_progress_row *city = qtr_report_row(r, -1, i);
    int full = row.h >= ROW_FULL;
    double sl = lay_line_height(c, 8.5);
    /* the mark of a figure that includes a missing or rejected cell, the uncovered units */
    qtr_buf mark = {0};
    if (attention_mark(r, i, &mark) != QTR_OK)
        qtr_buf_clear(&mark);
    lay_style ms = style(8, 0, marks_status_text(QTR_STATUS_LAGGING), 8, 2);
    lay_box mu = {0, 0, 0, 0};
    double label_w, h;
    lay_text_size(c, qtr_status_label(city->status), 8.5, 1, &label_w, &h);
    /* beside the status label when it fits there, else on lines of its own under it */
    lay_box beside = lay_box_make(row.x + 12 + label_w + 6, 0, lw - 12 - (12 + label_w + 6), sl);
    int own_line = mark.len && !lay_text_fits(c, qtr_buf_str(&mark), &ms, beside);
    ms.min_size = 8;
    if (own_line)
        lay_text_fit(c, qtr_buf_str(&mark), &ms, lay_box_make(row.x, 0, lw - 12, 2 * lay_line_height(c, 8)), &mu);
    /* the name takes what the status and mark lines leave: up to 3 lines, shrunk to 8 pt first */
    lay_style ns = style(9.5, 1, MARKS_INK, 8, 3);
    lay_box u;
    lay_text(c, ind->name, &ns, lay_box_make(row.x, row.y + 2, lw - 12, row.h - sl - mu.h - 5), &u);
    double sy = u.y + u.h + 1;
    marks_status_shape(cr, city->status, row.x + 4.5, sy + sl / 2, 4.2);
    lay_style ss = style(8.5, 1, marks_status_text(city->status), 8, 1);
    lay_text(c, qtr_status_label(city->status), &ss, lay_box_make(row.x + 12, sy, lw - 24, sl), NULL);
    if (own_line) {
        lay_text(c, qtr_buf_str(&mark), &ms, lay_box_make(row.x, sy + sl, lw - 12, mu.h + 0.5), NULL);
    } else if (mark.len) {
        ms.max_lines = 1;
        ms.valign = LAY_MIDDLE;
        beside.y = sy;
        lay_text(c, qtr_buf_str(&mark), &ms, beside, NULL);
    }
    qtr_buf_free(&mark);

    double bx = row.x + lw, bw = row.w - lw;
    double top = row.y + BAND_TOP;
    draw_bullet(cr, ind, city, scale, bx, bw, top);

    qtr_buf b = {0};
    double wl = lay_line_height(c, 8.5);
    double y = top + BAND_H + 1.5;
    if (row_summary(r, i, city, &b) == QTR_OK) {
        lay_style ws = style(8.5, 0, MARKS_INK, 8, 1);
        lay_text(c, qtr_buf_str(&b), &ws, lay_box_make(bx, y, bw, wl), NULL);
    }
    y += wl;
    qtr_buf_clear(&b);
    double dl = lay_line_height(c, 8);
    int q = qtr_period_quarter(r->period);
    lay_style ds = style(8, 0, MARKS_MUTED, 8, 1);
    lay_box db = lay_box_make(bx, y, bw, dl);
    if (full && y + dl <= row.y + row.h && qtr_words_detail(ind, city, q, 0, &b) == QTR_OK) {
        if (!lay_text_fits(c, qtr_buf_str(&b), &ds, db)) { /* drop the forecast before cutting */
            qtr_buf_clear(&b);
            if (qtr_words_detail(ind, city, q, 1, &b) != QTR_OK)
                qtr_buf_clear(&b);
        }
        /* then the formula of the incremental progress, which the footnote gives */
        static const char formula[] = "增量进度 =（实际 − 基数）÷（目标 − 基数），";
        const char *f = strstr(qtr_buf_str(&b), formula);
        if (f && !lay_text_fits(c, qtr_buf_str(&b), &ds, db)) {
            size_t at = (size_t)(f - b.data), len = strlen(formula);
            memmove(b.data + at, b.data + at + len, b.len - at - len + 1);
            b.len -= len;
        }
        lay_text(c, qtr_buf_str(&b), &ds, db, NULL);
    }
    qtr_buf_free(&b);
}

/* ---------------------------------------------------------------- footnote and page */

static qtr_status footnote_text(const qtr_report *r, qtr_buf *out)
{
    double p = NAN;
    int common = 1, steps = 0, levels = 0, firsts = 0;
    for (size_t i = 0; i < r->nind; i++) {
        const qtr_progress_row *row = qtr_report_row(r, -1, i);
        const qtr_indicator *ind = &r->plan->indicators[i];
        double pi = row->time_progress;
        /* a deliverable's P is its step, a rate's without a baseline 1 (docs/formulas.md): not
         * the time elapsed that "本期" names */
        if (ind->pace_deadline) {
            steps = 1;
            continue;
        }
        if ((ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE) && isnan(row->baseline) &&
            !isnan(row->target)) {
            levels = 1;
            continue;
        }
        if (row->base_reported) { /* paced from its first report: its own time */
            firsts = 1;
            continue;
        }
        if (isnan(pi))
            continue;
        if (!isnan(p) && fabs(pi - p) > 1e-9)
            common = 0;
        p = isnan(p) ? pi : p;
    }
    char pp[QTR_WORDS_NUM], warn[QTR_WORDS_NUM], now[QTR_WORDS_NUM + 16] = "";
    if (common && !isnan(p))
        snprintf(now, sizeof now, "（本期 %s）", qtr_words_percent(p, pp, sizeof pp));
    qtr_words_number(r->plan->warn * 100, 1, warn, sizeof warn);
    qtr_status st = qtr_buf_printf(out,
        "注：完成 = 实际 ÷ 目标。序时进度为考核期已过时间的比例%s，“按序时应达”为按时间进度均匀推进此时应达到的数值。"
        "进度低于序时进度 %s 个百分点以内为“滞后”，超过为“严重滞后”。存量指标有基数时，按增量进度 =（实际 − 基数）÷"
        "（目标 − 基数）与序时进度比较。",
        now, warn);
    if (st == QTR_OK && steps)
        st = qtr_buf_puts(out, "按节点考核的指标，序时应达为最近已到期节点的数值，不计进度差。");
    if (st == QTR_OK && levels)
        st = qtr_buf_puts(out, "无基数的比率指标不从0按时间推算，按目标水平考核。");
    if (st == QTR_OK && firsts)
        st = qtr_buf_puts(out, "未配置基数且基期无数据的比率指标，以首次报送的水平为基数，序时进度自该季度起算。");
    if (st == QTR_OK)
        st = qtr_buf_puts(out, "数据来源：各单位季度报送");
    /* the same units as the notice and the terminal's 缺报 line */
    char all[QTR_WORDS_NUM], missing[QTR_WORDS_NUM];
    count_text((double)r->nunits, all);
    if (st == QTR_OK && r->sum.units_missing)
        st = qtr_buf_printf(out, "（%s 个单位中 %s 个有季度未报送，见数据质量提示）。", all,
                            count_text((double)r->sum.units_missing, missing));
    else if (st == QTR_OK)
        st = qtr_buf_printf(out, "（%s 个单位均已按季报送）。", all);
    return st;
}

/* The name column: LABEL_SHARE of the width, wider (up to LABEL_MAX) when a name would need
 * more than two lines at 8 pt bold, as rows leave room for two lines beside the status line. */
static double label_width(lay_canvas *c, const qtr_report *r, double w)
{
    double need = 0, tw, th;
    for (size_t i = 0; i < r->nind; i++) {
        lay_text_size(c, r->plan->indicators[i].name, 8, 1, &tw, &th);
        need = fmax(need, tw / 2 + 8 + 12 + 4);
    }
    return floor(fmin(fmax(w * LABEL_SHARE, need), w * LABEL_MAX));
}

/* compact: rows at their full height from the top and the footnote right under them (a page
 * shared with the trend); *bottom (not NULL) gets the y where the drawing ends. */
static qtr_status draw(lay_canvas *c, const qtr_report *r, size_t page, lay_box box, int compact,
                       double *bottom)
{
    size_t first, count;
    dashboard_page_range(r, page, &first, &count);
    double foot = 0;
    qtr_buf note = {0};
    lay_style fs = style(8, 0, MARKS_MUTED, 8, 4);
    lay_box fu = {0, 0, 0, 0};
    if (page == 0 && footnote_text(r, &note) == QTR_OK) {
        lay_text_fit(c, qtr_buf_str(&note), &fs, lay_box_make(box.x, 0, box.w, 4 * lay_line_height(c, 8)), &fu);
        foot = fu.h + 8;
    }

    double y = draw_title(c, r, page, box);
    if (page == 0) {
        /* 重点关注 takes what the notice, legend, axis, footnote and the rows at their least
         * height leave */
        double below = notice_height(c, r, box) + legend_height(c) + axis_height(c) +
                       (double)count * row_min(c);
        y = draw_attention(c, r, box, y, box.y + box.h - foot - below);
        y = draw_notice(c, r, box, y);
    }
    y = draw_legend(c, box, y);
    double lw = label_width(c, r, box.w);
    double scale = dashboard_scale_max(r);
    y = draw_axis(c, box, lw, scale, y);
    double avail = box.y + box.h - foot - y;
    double rh = count ? fmin(ROW_MAX, avail / (double)count) : 0;
    double rows_end = y + rh * (double)count;
    cairo_t *cr = lay_canvas_cr(c);
    /* a rule between rows only when the row's line of words ends above it: on a crowded page 1
     * (Lanzhou's 11 rows under the 重点关注 block) it would strike through those words */
    int rules = BAND_TOP + BAND_H + 1.5 + lay_line_height(c, 8.5) <= rh - 1;
    for (size_t k = 0; k < count; k++) {
        lay_box row = lay_box_make(box.x, y + rh * (double)k, box.w, rh);
        draw_row(c, r, first + k, row, lw, scale);
        if (rules && k + 1 < count)
            lay_stroke_line(cr, box.x, row.y + rh - 0.5, box.x + box.w, row.y + rh - 0.5, 0.5, MARKS_FAINT);
    }
    double end = compact ? rows_end : box.y + box.h;
    if (foot > 0) {
        double fy = compact ? rows_end + 8 : box.y + box.h - fu.h;
        lay_stroke_line(cr, box.x, fy - 5, box.x + box.w, fy - 5, 0.5, MARKS_FAINT);
        lay_text(c, qtr_buf_str(&note), &fs, lay_box_make(box.x, fy, box.w, fu.h + 0.5), NULL);
        end = compact ? fy + fu.h : end;
    }
    if (bottom)
        *bottom = end;
    qtr_buf_free(&note);
    return lay_canvas_status(c);
}

qtr_status dashboard_draw(lay_canvas *c, const qtr_report *r, size_t page, lay_box box)
{
    return draw(c, r, page, box, 0, NULL);
}

qtr_status dashboard_draw_top(lay_canvas *c, const qtr_report *r, lay_box box, double *bottom)
{
    return draw(c, r, 0, box, 1, bottom);
}
