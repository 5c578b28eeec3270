/* cards.c — the district × indicator card grid (see cards.h). The cards, statuses and
 * completions are the report's unit rows'.
 */
#include "cards.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marks.h"

#define NAME_SHARE 0.18      /* of the width for the unit names */
#define ROW_MAX 22.0         /* points: tallest row */

size_t cards_indicators(const qtr_report *r, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nind; i++)
        for (size_t u = 0; u < r->nunits; u++)
            if (!isnan(qtr_report_row(r, (int)u, i)->target)) {
                idx[n++] = i;
                break;
            }
    return n;
}

static lay_style style(double size, int bold, lay_rgb color, double min, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = min;
    s.max_lines = lines;
    return s;
}

/* A light tint of a status colour for a cell's background. */
static lay_rgb tint(lay_rgb c)
{
    lay_rgb t = {1 - 0.28 * (1 - c.r), 1 - 0.28 * (1 - c.g), 1 - 0.28 * (1 - c.b)};
    return t;
}

static void draw_cell(lay_canvas *c, const qtr_report *r, size_t i, size_t u, lay_box cell)
{
    cairo_t *cr = lay_canvas_cr(c);
    const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
    lay_box in = lay_inset(cell, 1.2, 1.2);
    if (isnan(row->target)) { /* no target of its own: no card */
        lay_style ds = style(8, 0, MARKS_MUTED, 8, 1);
        ds.align = LAY_CENTER;
        ds.valign = LAY_MIDDLE;
        lay_text(c, "—", &ds, in, NULL);
        return;
    }
    if (row->status != QTR_STATUS_NONE) {
        lay_set_color(cr, tint(marks_status_fill(row->status)));
        lay_round_rect(cr, in, 2);
        cairo_fill(cr);
    }
    double rr = fmin(3.6, in.h * 0.28);
    marks_status_shape(cr, row->status, in.x + rr + 3, in.y + in.h / 2, rr);
    /* the card in a word too (progress.csv `card`), so it reads without colour */
    const char *card = qtr_status_look_of(row->status)->card;
    const char *word = strcmp(card, "green") == 0 ? "绿" : strcmp(card, "yellow") == 0 ? "黄"
                       : strcmp(card, "red") == 0 ? "红" : "";
    char p[QTR_WORDS_NUM];
    qtr_buf b = {0};
    if (qtr_buf_printf(&b, "%s %s%s", word, qtr_words_percent(row->completion, p, sizeof p),
                       row->missing[0] ? "※" : "") == QTR_OK) {
        lay_style ts = style(8, 0, MARKS_INK, 8, 1);
        ts.align = LAY_RIGHT;
        ts.valign = LAY_MIDDLE;
        lay_box tb = lay_box_make(in.x + 2 * rr + 4, in.y, in.w - 2 * rr - 6, in.h);
        /* a narrow cell drops the word (the mark's shape still tells the card), never the figure */
        const char *text = qtr_buf_str(&b) + strlen(word) + 1;
        if (word[0] && lay_text_fits(c, qtr_buf_str(&b), &ts, tb))
            text = qtr_buf_str(&b);
        lay_text(c, text, &ts, tb, NULL);
    }
    qtr_buf_free(&b);
}

/* The statuses of the cards shown, each as its mark and label ("▲ 滞后（黄牌）"); returns the y
 * below the line. */
static double draw_legend(lay_canvas *c, const qtr_report *r, const size_t *idx, size_t ncols, size_t nrows,
                          lay_box box, double y)
{
    int used[QTR_STATUS_COUNT] = {0};
    for (size_t k = 0; k < ncols; k++)
        for (size_t u = 0; u < nrows; u++) {
            const qtr_progress_row *row = qtr_report_row(r, (int)u, idx[k]);
            if (!isnan(row->target))
                used[row->status] = 1;
        }
    double lh = lay_line_height(c, 8), x = box.x;
    lay_style s = style(8, 0, MARKS_MUTED, 8, 1);
    for (int k = 0; k < QTR_STATUS_COUNT; k++) {
        qtr_progress_status st = QTR_STATUS_ORDER[k];
        if (!used[st])
            continue;
        const char *word = qtr_status_card_word(st);
        char label[64];
        snprintf(label, sizeof label, *word ? "%s（%s）" : "%s", qtr_status_label(st), word);
        double tw, th;
        lay_text_size(c, label, 8, 0, &tw, &th);
        if (x + 12 + tw > box.x + box.w)
            break;
        marks_status_shape(lay_canvas_cr(c), st, x + 4.5, y + lh / 2, 3.6);
        lay_text(c, label, &s, lay_box_make(x + 12, y, tw + 0.5, lh), NULL);
        x += 12 + tw + 12;
    }
    return y + lh;
}

qtr_status cards_draw(lay_canvas *c, const qtr_report *r, lay_box box)
{
    size_t *idx = malloc((r->nind ? r->nind : 1) * sizeof *idx);
    if (!idx)
        return QTR_ERR_NOMEM;
    size_t ncols = cards_indicators(r, idx), all_cols = ncols;
    if (ncols > CARDS_MAX_COLS)
        ncols = CARDS_MAX_COLS;
    size_t nrows = r->nunits < CARDS_MAX_UNITS ? r->nunits : CARDS_MAX_UNITS;
    cairo_t *cr = lay_canvas_cr(c);
    lay_box u;
    double y = box.y;
    lay_style ts = style(11, 1, MARKS_INK, 9, 1);
    lay_text(c, "各单位亮牌 · 分解到单位的目标", &ts, lay_box_make(box.x, y, box.w, lay_line_height(c, 11)), &u);
    y = u.y + u.h + 1;
    qtr_buf b = {0};
    qtr_status st = qtr_buf_puts(&b, "按");
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, &b);
    if (st == QTR_OK)
        st = qtr_buf_puts(&b, "各单位目标的完成状态亮牌：绿牌为已完成或正常，黄牌为滞后，红牌为严重滞后或未完成；"
                              "格内为牌色和单位目标完成率，※ 表示含缺报季度（未报送或数据被拒收），— 表示该单位无此项目标。");
    char num[QTR_WORDS_NUM], num2[QTR_WORDS_NUM];
    if (st == QTR_OK && all_cols > ncols)
        st = qtr_buf_printf(&b, "另有 %s 项指标见工作簿。", qtr_words_number((double)(all_cols - ncols), 0, num, sizeof num));
    if (st == QTR_OK && r->nunits > nrows)
        st = qtr_buf_printf(&b, "仅列前 %s 个单位，共 %s 个单位见工作簿。", qtr_words_number((double)nrows, 0, num, sizeof num),
                            qtr_words_number((double)r->nunits, 0, num2, sizeof num2));
    lay_style ss = style(8, 0, MARKS_MUTED, 8, 3);
    if (st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ss, lay_box_make(box.x, y, box.w, 3 * lay_line_height(c, 8)), &u);
    y = u.y + u.h + 4;
    qtr_buf_free(&b);
    y = draw_legend(c, r, idx, ncols, nrows, box, y) + 6;

    double nw = floor(box.w * NAME_SHARE);
    double hh = 4 * lay_line_height(c, 8); /* column heads: the indicator names, up to 4 lines */
    /* more columns than fit side by side go to bands one below the other when the rows stay tall
     * enough to read, else all stay in one band */
    size_t nbands = (ncols + CARDS_BAND_COLS - 1) / CARDS_BAND_COLS;
    if (nbands > 1 && nrows &&
        (box.y + box.h - y - (double)nbands * (hh + 11)) / (double)(nbands * nrows) < CARDS_BAND_ROW_MIN)
        nbands = 1;
    size_t per = nbands > 1 ? (ncols + nbands - 1) / nbands : ncols;
    double rh = nrows ? fmin(ROW_MAX, (box.y + box.h - y - (double)nbands * (hh + 11)) /
                                          (double)(nbands * nrows)) : 0;
    lay_style hs = style(8, 1, MARKS_INK, 8, 4);
    hs.align = LAY_CENTER;
    hs.valign = LAY_BOTTOM;
    lay_style ns = style(8.5, 0, MARKS_INK, 8, 1);
    ns.align = LAY_RIGHT;
    ns.valign = LAY_MIDDLE;
    for (size_t k0 = 0; k0 < ncols; k0 += per) {
        size_t kn = ncols - k0 < per ? ncols - k0 : per;
        double cw = (box.w - nw) / (double)per;
        for (size_t k = 0; k < kn; k++)
            lay_text(c, r->plan->indicators[idx[k0 + k]].name, &hs,
                     lay_box_make(box.x + nw + cw * (double)k + 2, y, cw - 4, hh), NULL);
        y += hh + 3;
        lay_stroke_line(cr, box.x, y, box.x + box.w, y, 0.6, MARKS_RULE);
        y += 2;
        for (size_t uu = 0; uu < nrows; uu++) {
            double ry = y + rh * (double)uu;
            lay_text(c, r->plan->units[uu].name, &ns, lay_box_make(box.x, ry, nw - 8, rh), NULL);
            for (size_t k = 0; k < kn; k++)
                draw_cell(c, r, idx[k0 + k], uu, lay_box_make(box.x + nw + cw * (double)k, ry, cw, rh));
            lay_stroke_line(cr, box.x, ry + rh, box.x + box.w, ry + rh, 0.4, MARKS_FAINT);
        }
        y += rh * (double)nrows + 6;
    }
    free(idx);
    qtr_status cs = lay_canvas_status(c);
    return cs != QTR_OK ? cs : st;
}
