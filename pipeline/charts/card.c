/* card.c — the chat-sized summary card (see card.h). Drawn twice on the same code path: once on
 * a one-pixel surface to learn the height, then on the card itself; the units are pixels.
 */
#include "card.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attention.h"
#include "csvw.h"
#include "dashboard.h"
#include "layout.h"
#include "marks.h"
#include "pdfdoc.h"
#include "pngout.h"
#include "text.h"

#define PAD 56.0             /* white border */
#define CONTENT_W (CARD_WIDTH - 2 * PAD)
#define TITLE 42.0           /* plan name */
#define TITLE_MIN 36.0
#define HEAD 36.0            /* headline, completions */
#define NAME 32.0            /* indicator names */
#define LABEL 30.0           /* status words, section heads, the subtitle */
#define BODY CARD_MIN_TEXT   /* sentences */
#define MARK_R 13.0          /* radius of a status mark */
#define PCT_W 170.0          /* the completion column */
#define LAG_ITEMS 6          /* lagging indicators told before "另有 N 项" (as page 1) */
#define NAME_LINES 6         /* lines of the names under the headline */
#define ROWS 60              /* indicator rows before "另有 N 项指标": the card stays far below
                              * cairo's image size limit whatever the plan */
#define MAX_HEIGHT 30000.0   /* cairo's image surfaces stop at 32767 px */

typedef struct {
    lay_canvas *c;
    qtr_buf *log;            /* NULL: no text log (the measuring pass) */
    qtr_status st;           /* first failed append */
} card;

static lay_style style(double size, int bold, lay_rgb color, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = size;       /* never smaller: the card must read at a third of its size */
    s.max_lines = lines;
    return s;
}

static void hex(lay_rgb c, char out[8])
{
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)lround(c.r * 255), (unsigned)lround(c.g * 255),
             (unsigned)lround(c.b * 255));
}

/* Draws text into box (top aligned; the height is lines of its style) and logs it; returns the
 * y below it. */
static double put(card *k, const char *section, const char *text, const lay_style *st, double x, double y,
                  double w)
{
    lay_box box = lay_box_make(x, y, w, st->max_lines * lay_line_height(k->c, st->size) + 0.5);
    lay_box used = {x, y, 0, 0};
    size_t before = lay_canvas_nrecords(k->c);
    lay_text(k->c, text, st, box, &used);
    if (k->log && k->st == QTR_OK && lay_canvas_nrecords(k->c) > before) {
        const lay_record *rec = &lay_canvas_records(k->c)[lay_canvas_nrecords(k->c) - 1];
        char color[8];
        hex(st->color, color);
        k->st = qtr_buf_printf(k->log, "%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%d\t%s\t%s\t", rec->used.x, rec->used.y,
                               rec->used.w, rec->used.h, rec->size, rec->ellipsized, color, section);
        for (const char *p = rec->text; *p && k->st == QTR_OK; p++)
            k->st = qtr_buf_append(k->log, *p == '\n' || *p == '\t' || *p == '\r' ? " " : p, 1);
        if (k->st == QTR_OK)
            k->st = qtr_buf_puts(k->log, "\n");
    }
    return used.h > 0 ? used.y + used.h : y;
}

static void keep(card *k, qtr_status st)
{
    if (k->st == QTR_OK && st != QTR_OK)
        k->st = st;
}

/* Plan name, "兰州市 · 截至2025年第三季度 · 进展速览", and the headline with the names of what
 * lags ("严重滞后：…。滞后：…；…。", or "各项指标均无滞后。") in its panel. */
static double draw_top(card *k, const qtr_report *r, double y)
{
    cairo_t *cr = lay_canvas_cr(k->c);
    const qtr_plan *plan = r->plan;
    lay_fill_rect(cr, lay_box_make(0, 0, CARD_WIDTH, 12), MARKS_ACTUAL);
    /* a name a little too long for one line is shrunk to keep to one line; a longer one wraps */
    lay_style t = style(TITLE, 1, MARKS_INK, 1);
    t.min_size = TITLE_MIN;
    if (!lay_text_fits(k->c, plan->name, &t, lay_box_make(PAD, y, CONTENT_W, lay_line_height(k->c, TITLE) + 0.5)))
        t = style(TITLE, 1, MARKS_INK, 3);
    y = put(k, "title", plan->name, &t, PAD, y, CONTENT_W) + 6;
    qtr_buf b = {0};
    qtr_status st = qtr_buf_printf(&b, "%s · ", plan->region ? plan->region : "");
    if (st == QTR_OK)
        st = qtr_words_horizon(plan->start_year, plan->end_year, &b);
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, &b);
    if (st == QTR_OK)
        st = qtr_buf_puts(&b, " · 进展速览");
    keep(k, st);
    lay_style s = style(LABEL, 0, MARKS_MUTED, 2);
    y = put(k, "title", qtr_buf_str(&b), &s, PAD, y, CONTENT_W) + 24;
    qtr_buf_free(&b);

    /* the headline, and under it the names of what lags (page 1's panel) */
    lay_style h = style(HEAD, 1, MARKS_INK, 3);
    lay_style ns = style(LABEL, 0, MARKS_INK, NAME_LINES);
    double tx = PAD + 28, tw = CONTENT_W - 48;
    qtr_buf names = {0};
    keep(k, attention_names_fitting(k->c, r, &ns, lay_box_make(tx, 0, tw, NAME_LINES * lay_line_height(k->c, LABEL) + 0.5),
                                    &names));
    lay_box fit, nfit;
    lay_text_fit(k->c, r->sum.headline, &h, lay_box_make(tx, 0, tw, 3 * lay_line_height(k->c, HEAD)), &fit);
    lay_text_fit(k->c, qtr_buf_str(&names), &ns, lay_box_make(tx, 0, tw, 6 * lay_line_height(k->c, LABEL)), &nfit);
    double ph = 20 + fit.h + 8 + nfit.h + 20;
    lay_set_color(cr, MARKS_PANEL);
    lay_round_rect(cr, lay_box_make(PAD, y, CONTENT_W, ph), 12);
    cairo_fill(cr);
    lay_fill_rect(cr, lay_box_make(PAD, y, 8, ph), MARKS_ACTUAL);
    double ny = put(k, "headline", r->sum.headline, &h, tx, y + 20, tw) + 8;
    put(k, "headline", qtr_buf_str(&names), &ns, tx, ny, tw);
    qtr_buf_free(&names);
    return y + ph + 36;
}

/* A section's head with a rule under it. */
static double section(card *k, const char *title, double y)
{
    lay_style s = style(LABEL, 1, MARKS_INK, 1);
    y = put(k, "section", title, &s, PAD, y, CONTENT_W);
    lay_stroke_line(lay_canvas_cr(k->c), PAD, y + 6, PAD + CONTENT_W, y + 6, 2, MARKS_RULE);
    return y + 18;
}

/* The row's figures as page 1 writes them, with why a row has no status: "1,163 / 1,500 个，
 * 完成 77.5%，高于序时进度 2.5 个百分点". */
static qtr_status row_words(const qtr_report *r, size_t i, qtr_buf *out)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    const qtr_progress_row *row = qtr_report_row(r, -1, i);
    qtr_buf more = {0};
    qtr_status st = qtr_words_summary(ind, row, out);
    if (st == QTR_OK)
        st = qtr_words_no_status(r->plan, ind, -1, row, r->period, &more);
    if (st == QTR_OK && more.len)
        st = qtr_buf_printf(out, "（%s）", qtr_buf_str(&more));
    qtr_buf_free(&more);
    return st;
}

/* One indicator: its name and completion on the first line; its mark, status word and figures
 * under them, and on a line of its own the mark of a figure that includes a missing quarter
 * ("※缺报Q2、Q3"), in the colour page 1 gives it. */
static double draw_row(card *k, const qtr_report *r, size_t i, double label_w, double y)
{
    cairo_t *cr = lay_canvas_cr(k->c);
    const qtr_progress_row *row = qtr_report_row(r, -1, i);
    lay_rgb ink = marks_status_text(row->status);
    y += 18;
    lay_style ns = style(NAME, 1, MARKS_INK, 3);
    char pct[QTR_WORDS_NUM];
    lay_style ps = style(HEAD, 1, ink, 1);
    ps.align = LAY_RIGHT;
    double py = put(k, "row", qtr_words_percent(row->completion, pct, sizeof pct), &ps, PAD + CONTENT_W - PCT_W,
                    y - (lay_line_height(k->c, HEAD) - lay_line_height(k->c, NAME)) / 2, PCT_W);
    y = fmax(put(k, "row", r->plan->indicators[i].name, &ns, PAD, y, CONTENT_W - PCT_W - 16), py) + 8;

    double lh = lay_line_height(k->c, LABEL);
    marks_status_shape(cr, row->status, PAD + MARK_R + 1, y + lh / 2, MARK_R);
    const char *label = qtr_status_label(row->status);
    lay_style ls = style(LABEL, 1, ink, 1);
    double lx = PAD + 2 * MARK_R + 12;
    double below = put(k, "row", label, &ls, lx, y, label_w + 1);
    qtr_buf b = {0};
    keep(k, row_words(r, i, &b));
    lay_style ws = style(BODY, 0, MARKS_INK, 4);
    double wx = lx + label_w + 20;
    below = fmax(below, put(k, "row", qtr_buf_str(&b), &ws, wx, y + (lh - lay_line_height(k->c, BODY)) / 2,
                            PAD + CONTENT_W - wx));
    qtr_buf_clear(&b);
    keep(k, attention_mark(r, i, &b));
    if (b.len) {
        lay_style ms = style(BODY, 0, marks_status_text(QTR_STATUS_LAGGING), 3);
        below = put(k, "row", qtr_buf_str(&b), &ms, wx, below + 2, PAD + CONTENT_W - wx);
    }
    qtr_buf_free(&b);
    y = below + 18;
    lay_stroke_line(cr, PAD, y, PAD + CONTENT_W, y, 1.5, MARKS_FAINT);
    return y;
}

/* 重点关注: each indicator that lags, worst first, why, and the units behind it (page 1's
 * block); nothing when none lags. */
static double draw_laggards(card *k, const qtr_report *r, double y)
{
    cairo_t *cr = lay_canvas_cr(k->c);
    size_t *idx = malloc((r->nind ? r->nind : 1) * sizeof *idx);
    if (!idx) {
        keep(k, QTR_ERR_NOMEM);
        return y;
    }
    size_t n = attention_indicators(r, idx), shown = n < LAG_ITEMS ? n : LAG_ITEMS;
    if (n > 0)
        y = section(k, "重点关注", y + 36);
    qtr_buf b = {0};
    double tx = PAD + 2 * MARK_R + 12, tw = CONTENT_W - (tx - PAD);
    for (size_t j = 0; j < shown; j++) {
        const qtr_progress_row *row = qtr_report_row(r, -1, idx[j]);
        qtr_buf_clear(&b);
        keep(k, qtr_buf_printf(&b, "%s（%s）", r->plan->indicators[idx[j]].name, qtr_status_label(row->status)));
        lay_style hs = style(LABEL, 1, marks_status_text(row->status), 3);
        marks_status_shape(cr, row->status, PAD + MARK_R + 1, y + 6 + lay_line_height(k->c, LABEL) / 2, MARK_R);
        y = put(k, "lag", qtr_buf_str(&b), &hs, tx, y + 6, tw) + 4;
        qtr_buf_clear(&b);
        qtr_status st = attention_reason(r, idx[j], &b);
        if (st == QTR_OK)
            st = qtr_buf_puts(&b, "；");
        if (st == QTR_OK)
            st = attention_units(r, idx[j], &b);
        keep(k, st);
        lay_style ws = style(BODY, 0, MARKS_INK, 6);
        y = put(k, "lag", qtr_buf_str(&b), &ws, tx, y, tw) + 16;
    }
    if (n > shown) {
        char num[QTR_WORDS_NUM];
        qtr_buf_clear(&b);
        keep(k, qtr_buf_printf(&b, "另有 %s 项，见%s。", qtr_words_number((double)(n - shown), 0, num, sizeof num),
                               r->nind > ROWS ? "完整报告" : "上方各行"));
        lay_style ms = style(BODY, 0, MARKS_MUTED, 1);
        y = put(k, "lag", qtr_buf_str(&b), &ms, tx, y, tw) + 16;
    }
    qtr_buf_free(&b);
    free(idx);
    return y;
}

/* The data notice of page 1 (rejected input, missing reports) in its box. */
static double draw_notice(card *k, const qtr_report *r, double y)
{
    qtr_buf b = {0};
    qtr_status st = dashboard_notice_text(r, &b);
    keep(k, st);
    if (st != QTR_OK || b.len == 0) {
        qtr_buf_free(&b);
        return y;
    }
    cairo_t *cr = lay_canvas_cr(k->c);
    y += 28;
    double tx = PAD + 24 + 2 * MARK_R + 12, tw = CONTENT_W - (tx - PAD) - 24;
    lay_style hs = style(LABEL, 1, marks_status_text(QTR_STATUS_LAGGING), 1);
    lay_style s = style(BODY, 0, MARKS_INK, 10);
    lay_box fit;
    lay_text_fit(k->c, qtr_buf_str(&b), &s, lay_box_make(tx, 0, tw, 10 * lay_line_height(k->c, BODY)), &fit);
    double lh = lay_line_height(k->c, LABEL);
    double h = 20 + lh + 6 + fit.h + 20;
    lay_box panel = lay_box_make(PAD, y, CONTENT_W, h);
    lay_set_color(cr, MARKS_WARN_FILL);
    lay_round_rect(cr, panel, 12);
    cairo_fill_preserve(cr);
    lay_set_color(cr, MARKS_WARN_EDGE);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
    marks_status_shape(cr, QTR_STATUS_LAGGING, PAD + 24 + MARK_R, y + 20 + lh / 2, MARK_R);
    put(k, "notice", "数据质量提示", &hs, tx, y + 20, tw);
    put(k, "notice", qtr_buf_str(&b), &s, tx, y + 20 + lh + 6, tw);
    qtr_buf_free(&b);
    return y + h;
}

/* The whole card from y = 0; returns its height. */
static double draw_card(card *k, const qtr_report *r, const card_options *o, const char *date_cn)
{
    double y = draw_top(k, r, 44);
    y = section(k, "各项指标", y);
    double label_w = 0, w, h; /* the figures start in one column, after the widest status word */
    for (size_t i = 0; i < r->nind; i++) {
        lay_text_size(k->c, qtr_status_label(qtr_report_row(r, -1, i)->status), LABEL, 1, &w, &h);
        label_w = fmax(label_w, w);
    }
    size_t rows = r->nind < ROWS ? r->nind : ROWS;
    for (size_t i = 0; i < rows; i++)
        y = draw_row(k, r, i, label_w, y);
    if (r->nind > rows) {
        char num[QTR_WORDS_NUM];
        qtr_buf more = {0};
        keep(k, qtr_buf_printf(&more, "另有 %s 项指标，见完整报告。",
                               qtr_words_number((double)(r->nind - rows), 0, num, sizeof num)));
        lay_style ms = style(BODY, 0, MARKS_MUTED, 1);
        y = put(k, "row", qtr_buf_str(&more), &ms, PAD, y + 12, CONTENT_W);
        qtr_buf_free(&more);
    }
    y = draw_laggards(k, r, y);
    y = draw_notice(k, r, y);
    qtr_buf b = {0};
    keep(k, qtr_buf_printf(&b, "生成日期：%s", date_cn));
    if (o->pdf_name)
        keep(k, qtr_buf_printf(&b, " · 完整报告：%s", o->pdf_name));
    lay_style fs = style(BODY, 0, MARKS_MUTED, 3);
    y = put(k, "footer", qtr_buf_str(&b), &fs, PAD, y + 32, CONTENT_W);
    qtr_buf_free(&b);
    return ceil(y + PAD);
}

/* Draws the card on cr; *height gets its height. */
static qtr_status draw_on(cairo_t *cr, const qtr_report *r, const card_options *o, const char *date_cn,
                          qtr_buf *log, double *height, int *fallback, qtr_error *err)
{
    lay_canvas *c = lay_canvas_new(cr, o->font ? o->font : PDFDOC_DEFAULT_FONT, err);
    if (!c) {
        *fallback = 1;
        return err ? err->status : QTR_ERR_CONFIG;
    }
    lay_canvas_record(c, log != NULL);
    card k = {c, log, QTR_OK};
    *height = draw_card(&k, r, o, date_cn);
    qtr_status st = lay_canvas_status(c);
    *fallback |= lay_canvas_fallback(c);
    if (st != QTR_OK) {
        if (err)
            *err = *lay_canvas_error(c);
    } else if (k.st != QTR_OK) {
        st = qtr_error_set(err, k.st, o->png_path, 0, 0, "%s", qtr_strerror(k.st));
    }
    lay_canvas_free(c);
    return st;
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int len)
{
    return len == 0 || fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Writes bytes (a PNG surface when s is not NULL, else text) to path through a temporary name. */
static qtr_status write_file(const char *path, cairo_surface_t *s, const qtr_buf *text, qtr_error *err)
{
    char tmp[4096];
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create %s: %s", tmp, strerror(errno));
    int ok = s ? png_write_surface(s, to_file, f) == CAIRO_STATUS_SUCCESS
               : text->len == 0 || fwrite(text->data, 1, text->len, f) == text->len;
    if (!ok) {
        int e = errno;
        fclose(f); /* discarded: its close status does not matter */
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "write failed: %s", strerror(e ? e : EIO));
    }
    return qtr_commit_file(f, tmp, path, err);
}

qtr_status card_write(const qtr_report *r, const card_options *o, int *fallback, qtr_error *err)
{
    int fb = 0;
    if (!fallback)
        fallback = &fb;
    char date_cn[64];
    if (qtr_words_date(o->date, date_cn, sizeof date_cn) != 0)
        return qtr_error_set(err, QTR_ERR_USAGE, NULL, 0, 0, "'%s' is not a date YYYY-MM-DDTHH:MM:SSZ",
                             o->date ? o->date : "");
    /* the measuring pass: the same drawing on one pixel row */
    double height = 0;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CARD_WIDTH, 1);
    cairo_t *cr = cairo_create(s);
    qtr_status st = draw_on(cr, r, o, date_cn, NULL, &height, fallback, err);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != QTR_OK)
        return st;
    if (height > MAX_HEIGHT)
        return qtr_error_set(err, QTR_ERR_LIMIT, o->png_path, 0, 0, "the summary card would be %.0f px tall", height);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CARD_WIDTH, (int)height);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return qtr_error_set(err, QTR_ERR_NOMEM, o->png_path, 0, 0, "out of memory");
    }
    cr = cairo_create(s);
    lay_fill_rect(cr, lay_box_make(0, 0, CARD_WIDTH, height), MARKS_WHITE);
    qtr_buf log = {0};
    double h2 = 0;
    st = draw_on(cr, r, o, date_cn, &log, &h2, fallback, err);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (st == QTR_OK && h2 != height) /* both passes lay out alike; a difference is a bug */
        st = qtr_error_set(err, QTR_ERR_USAGE, o->png_path, 0, 0, "the card's height changed between passes");
    if (st == QTR_OK)
        st = write_file(o->png_path, s, NULL, err);
    cairo_surface_destroy(s);
    if (st == QTR_OK && o->text_path)
        st = write_file(o->text_path, NULL, &log, err);
    qtr_buf_free(&log);
    return st;
}
