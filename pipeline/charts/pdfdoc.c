/* pdfdoc.c — the leaders' PDF and the chart images (see pdfdoc.h): page list, header and
 * footer, PDF metadata pinned for byte-identical reruns, PNG and SVG surfaces, and output files
 * written to a temporary name and renamed into place.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include "pdfdoc.h"
#include "heap.h"
#include "pdfsplit.h"
#include "pngout.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attention.h"
#include "cards.h"
#include "briefpage.h"
#include "csvw.h"
#include "dashboard.h"
#include "layout.h"
#include "marks.h"
#include "ranking.h"
#include "taskpage.h"
#include "text.h"
#include "trend.h"
#include "unitpage.h"

#ifndef QTR_VERSION
#define QTR_VERSION "dev"
#endif

#define PAGE_W 595.2756        /* A4 portrait, points */
#define PAGE_H 841.8898
#define MARGIN_X 48.0          /* 17 mm: fits every office printer */
#define MARGIN_TOP 34.0
#define MARGIN_BOTTOM 34.0
#define FRAME_GAP 14.0         /* between header/footer rules and the content */
#define RANK_GAP 26.0          /* between the two rankings of a page */
#define SHARED_GAP 30.0        /* between the dashboard and the trend of a shared page */
#define IMAGE_PAD 20.0         /* white border of an image */
#define IMAGE_STRIP 16.0       /* context line above a chart image */
#define IMAGE_FOOT 14.0        /* date line below */

/* ---------------------------------------------------------------- the charts and pages */

typedef enum { CHART_DASHBOARD, CHART_TREND, CHART_RANKING, CHART_CARDS, CHART_TASKS } chart_kind;

typedef struct {
    chart_kind kind;
    size_t part;     /* dashboard page, trend page, or indicator index (0 for the task ledger) */
} chart_ref;

typedef struct {
    chart_ref charts[2];
    size_t ncharts;
} page_spec;

/* Every chart in order; returns the count. out may be NULL (count only). */
static size_t list_charts(const qtr_report *r, chart_ref *out, qtr_status *st)
{
    size_t n = 0;
    *st = QTR_OK;
    for (size_t p = 0; p < dashboard_pages(r); p++, n++)
        if (out)
            out[n] = (chart_ref){CHART_DASHBOARD, p};
    for (size_t p = 0; p < trend_pages(r); p++, n++)
        if (out)
            out[n] = (chart_ref){CHART_TREND, p};
    size_t *idx = malloc((r->nind ? r->nind : 1) * sizeof *idx);
    if (!idx) {
        *st = QTR_ERR_NOMEM;
        return n;
    }
    if (cards_indicators(r, idx) > 0) {
        if (out)
            out[n] = (chart_ref){CHART_CARDS, 0};
        n++;
    }
    size_t nk = attention_ranked(r, idx);
    for (size_t k = 0; k < nk; k++, n++)
        if (out)
            out[n] = (chart_ref){CHART_RANKING, idx[k]};
    free(idx);
    if (r->tasks) { /* the task ledger's page, last (taskpage.h) */
        if (out)
            out[n] = (chart_ref){CHART_TASKS, 0};
        n++;
    }
    return n;
}

/* A plan of a few indicators (Weihai's one, say) gets the dashboard and the trend on one page:
 * apart they leave two pages mostly empty. Three bullet rows, the notice and the footnote
 * take at most half of the page, and one row of trend charts fits in the rest. */
#define SHARED_FIRST_PAGE_MAX 3

static int shared_first_page(const qtr_report *r)
{
    return r->nind <= SHARED_FIRST_PAGE_MAX && dashboard_pages(r) == 1 && trend_pages(r) == 1;
}

/* Groups the charts into pages: one per page, two rankings per page; the dashboard and the
 * trend share the first page when shared_first_page. */
static size_t list_pages(const qtr_report *r, const chart_ref *charts, size_t n, page_spec *out)
{
    size_t np = 0;
    int shared = shared_first_page(r);
    for (size_t k = 0; k < n; k++) {
        int join = charts[k].kind == CHART_RANKING && np > 0 &&
                   out[np - 1].charts[0].kind == CHART_RANKING && out[np - 1].ncharts < 2;
        join |= shared && charts[k].kind == CHART_TREND && np == 1 &&
                out[0].charts[0].kind == CHART_DASHBOARD && out[0].ncharts == 1;
        if (join) {
            out[np - 1].charts[out[np - 1].ncharts++] = charts[k];
        } else {
            out[np].charts[0] = charts[k];
            out[np].ncharts = 1;
            np++;
        }
    }
    return np;
}

size_t pdfdoc_page_count(const qtr_report *r)
{
    qtr_status st;
    size_t n = list_charts(r, NULL, &st);
    chart_ref *charts = calloc(n ? n : 1, sizeof *charts);
    page_spec *pages = calloc(n ? n : 1, sizeof *pages);
    size_t np = 0;
    if (charts && pages && st == QTR_OK) {
        list_charts(r, charts, &st);
        np = list_pages(r, charts, n, pages);
    }
    free(charts);
    free(pages);
    return np;
}

size_t pdfdoc_image_count(const qtr_report *r)
{
    qtr_status st;
    return list_charts(r, NULL, &st);
}

static void image_name(const qtr_report *r, const chart_ref *ref, size_t k, char *buf, size_t size)
{
    switch (ref->kind) {
    case CHART_DASHBOARD:
        if (dashboard_pages(r) > 1)
            snprintf(buf, size, "chart-%02zu-dashboard-%zu", k + 1, ref->part + 1);
        else
            snprintf(buf, size, "chart-%02zu-dashboard", k + 1);
        return;
    case CHART_TREND:
        if (trend_pages(r) > 1)
            snprintf(buf, size, "chart-%02zu-trend-%zu", k + 1, ref->part + 1);
        else
            snprintf(buf, size, "chart-%02zu-trend", k + 1);
        return;
    case CHART_RANKING:
        snprintf(buf, size, "chart-%02zu-ranking-%s", k + 1, r->plan->indicators[ref->part].id);
        return;
    case CHART_TASKS:
        snprintf(buf, size, "chart-%02zu-tasks", k + 1);
        return;
    case CHART_CARDS:
        snprintf(buf, size, "chart-%02zu-cards", k + 1);
        return;
    }
    snprintf(buf, size, "chart-%02zu", k + 1);
}

void pdfdoc_image_name(const qtr_report *r, size_t k, char *buf, size_t size)
{
    qtr_status st;
    size_t n = list_charts(r, NULL, &st);
    chart_ref *charts = calloc(n ? n : 1, sizeof *charts);
    if (!charts || st != QTR_OK) {
        free(charts);
        snprintf(buf, size, "chart-%02zu", k + 1);
        return;
    }
    list_charts(r, charts, &st);
    if (k < n)
        image_name(r, &charts[k], k, buf, size);
    else
        snprintf(buf, size, "chart-%02zu", k + 1);
    free(charts);
}

/* ---------------------------------------------------------------- drawing */

static lay_box content_box(void)
{
    return lay_box_make(MARGIN_X, MARGIN_TOP + 11 + 3 + FRAME_GAP, PAGE_W - 2 * MARGIN_X,
                        PAGE_H - MARGIN_BOTTOM - 11 - 3 - FRAME_GAP - (MARGIN_TOP + 11 + 3 + FRAME_GAP));
}

static double ranking_height(void)
{
    return (content_box().h - RANK_GAP) / 2;
}

static qtr_status draw_chart(lay_canvas *c, const qtr_report *r, const chart_ref *ref, lay_box box)
{
    switch (ref->kind) {
    case CHART_DASHBOARD: return dashboard_draw(c, r, ref->part, box);
    case CHART_TREND: return trend_draw(c, r, ref->part, box);
    case CHART_RANKING: return ranking_draw(c, r, ref->part, box);
    case CHART_TASKS: return taskpage_draw(c, r, box);
    case CHART_CARDS: return cards_draw(c, r, box);
    }
    return QTR_ERR_USAGE;
}

/* "兰州市 · 截至2025年第三季度"; "甘肃省 · 2016–2020年 · 截至2019年第二季度" */
static qtr_status context_text(const qtr_report *r, qtr_buf *b)
{
    const qtr_plan *plan = r->plan;
    qtr_status st = qtr_buf_printf(b, "%s · ", plan->region ? plan->region : "");
    if (st == QTR_OK)
        st = qtr_words_horizon(plan->start_year, plan->end_year, b);
    return st == QTR_OK ? qtr_words_as_of(r->period, b) : st;
}

static void draw_frame(lay_canvas *c, const qtr_report *r, const char *date_cn, size_t page, size_t npages)
{
    cairo_t *cr = lay_canvas_cr(c);
    double lh = fmin(11, lay_line_height(c, 7.5));
    double cw = PAGE_W - 2 * MARGIN_X;
    double y = MARGIN_TOP;
    qtr_buf b = {0};
    lay_style left = lay_style_make(7.5, 0, MARKS_MUTED);
    left.min_size = 6;
    lay_style right = left;
    right.align = LAY_RIGHT;
    double w = 0, h;
    if (context_text(r, &b) == QTR_OK) {
        lay_text_size(c, qtr_buf_str(&b), 7.5, 0, &w, &h);
        w = fmin(w + 0.5, cw * 0.45);
        lay_text(c, qtr_buf_str(&b), &right, lay_box_make(MARGIN_X + cw - w, y, w, lh), NULL);
    }
    lay_text(c, r->plan->name, &left, lay_box_make(MARGIN_X, y, cw - w - 12, lh), NULL);
    lay_stroke_line(cr, MARGIN_X, y + 11 + 2.5, MARGIN_X + cw, y + 11 + 2.5, 0.6, MARKS_RULE);

    double fy = PAGE_H - MARGIN_BOTTOM - 11;
    lay_stroke_line(cr, MARGIN_X, fy - 2.5, MARGIN_X + cw, fy - 2.5, 0.6, MARKS_RULE);
    qtr_buf_clear(&b);
    if (qtr_buf_printf(&b, "第 %zu 页 / 共 %zu 页", page + 1, npages) == QTR_OK) {
        lay_text_size(c, qtr_buf_str(&b), 7.5, 0, &w, &h);
        w += 0.5;
        lay_text(c, qtr_buf_str(&b), &right, lay_box_make(MARGIN_X + cw - w, fy, w, lh), NULL);
    }
    qtr_buf_clear(&b);
    if (qtr_buf_printf(&b, "生成日期：%s · qtr %s", date_cn, QTR_VERSION) == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &left, lay_box_make(MARGIN_X, fy, cw - w - 12, lh), NULL);
    qtr_buf_free(&b);
}

static qtr_status draw_page(lay_canvas *c, const qtr_report *r, const page_spec *p, const char *date_cn,
                            size_t page, size_t npages)
{
    draw_frame(c, r, date_cn, page, npages);
    lay_box box = content_box();
    if (p->ncharts == 1 && p->charts[0].kind != CHART_RANKING)
        return draw_chart(c, r, &p->charts[0], box);
    if (p->ncharts == 2 && p->charts[0].kind == CHART_DASHBOARD) { /* shared first page */
        double bottom = box.y;
        qtr_status st = dashboard_draw_top(c, r, box, &bottom);
        double y = bottom + SHARED_GAP;
        lay_stroke_line(lay_canvas_cr(c), box.x, y - SHARED_GAP / 2, box.x + box.w, y - SHARED_GAP / 2,
                        0.6, MARKS_FAINT);
        lay_box rest = lay_box_make(box.x, y, box.w, box.y + box.h - y);
        return st == QTR_OK ? draw_chart(c, r, &p->charts[1], rest) : st;
    }
    double h = ranking_height();
    qtr_status st = QTR_OK;
    for (size_t k = 0; k < p->ncharts && st == QTR_OK; k++) {
        lay_box half = lay_box_make(box.x, box.y + (h + RANK_GAP) * (double)k, box.w, h);
        if (k > 0)
            lay_stroke_line(lay_canvas_cr(c), box.x, half.y - RANK_GAP / 2, box.x + box.w,
                            half.y - RANK_GAP / 2, 0.6, MARKS_FAINT);
        st = draw_chart(c, r, &p->charts[k], half);
    }
    return st;
}

/* Size of a chart image in points and where its chart goes. */
static void image_geometry(const qtr_report *r, const chart_ref *ref, double *w, double *h,
                           lay_box *chart)
{
    lay_box page = content_box();
    double ch = ref->kind == CHART_RANKING ? ranking_height()
                : ref->kind == CHART_TREND ? fmin(page.h, ceil(trend_height(r, ref->part, page.w)))
                                           : page.h;
    double strip = ref->kind == CHART_DASHBOARD || ref->kind == CHART_TASKS ? 0 : IMAGE_STRIP;
    *w = page.w + 2 * IMAGE_PAD;
    *h = IMAGE_PAD + strip + ch + 6 + IMAGE_FOOT + IMAGE_PAD;
    *chart = lay_box_make(IMAGE_PAD, IMAGE_PAD + strip, page.w, ch);
}

static qtr_status draw_image(lay_canvas *c, const qtr_report *r, const chart_ref *ref, const char *date_cn)
{
    cairo_t *cr = lay_canvas_cr(c);
    double w, h;
    lay_box chart;
    image_geometry(r, ref, &w, &h, &chart);
    lay_fill_rect(cr, lay_box_make(0, 0, w, h), MARKS_WHITE);
    qtr_buf b = {0};
    lay_style s = lay_style_make(7.5, 0, MARKS_MUTED);
    s.min_size = 6;
    qtr_status st = QTR_OK;
    if (ref->kind != CHART_DASHBOARD && ref->kind != CHART_TASKS) {
        st = qtr_buf_printf(&b, "%s · ", r->plan->name);
        if (st == QTR_OK)
            st = context_text(r, &b);
        if (st == QTR_OK)
            lay_text(c, qtr_buf_str(&b), &s, lay_box_make(IMAGE_PAD, IMAGE_PAD, chart.w, IMAGE_STRIP - 4), NULL);
    }
    qtr_buf_clear(&b);
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, "生成日期：%s · qtr %s", date_cn, QTR_VERSION);
    if (st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &s, lay_box_make(IMAGE_PAD, h - IMAGE_PAD - IMAGE_FOOT + 2, chart.w, IMAGE_FOOT - 2),
                 NULL);
    qtr_buf_free(&b);
    if (st == QTR_OK)
        st = draw_chart(c, r, ref, chart);
    return st;
}

/* ---------------------------------------------------------------- output files */

typedef struct {
    FILE *f;
    const char *path;   /* final name, borrowed */
    char *tmp;          /* temporary name in the same folder */
    int err_no;         /* errno of the first failed write; 0 when none */
} out_file;

static qtr_status out_open(out_file *o, const char *path, qtr_error *err)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    qtr_buf b = {0};
    if (qtr_buf_printf(&b, "%s.tmp-%ld", path, (long)getpid()) != QTR_OK) {
        qtr_buf_free(&b);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    o->tmp = b.data;
    /* a stale temporary of a crashed run with the same pid: removed; one that cannot be
     * removed makes the O_EXCL open below fail with its reason */
    (void)unlink(o->tmp);
    int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create %s: %s", o->tmp, strerror(e));
        free(o->tmp);
        o->tmp = NULL;
        return QTR_ERR_CREATE;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot open %s: %s", o->tmp, strerror(e));
        free(o->tmp);
        o->tmp = NULL;
        return QTR_ERR_CREATE;
    }
    return QTR_OK;
}

static cairo_status_t out_write(void *closure, const unsigned char *data, unsigned int len)
{
    out_file *o = closure;
    if (o->err_no)
        return CAIRO_STATUS_WRITE_ERROR;
    errno = 0;
    if (len && fwrite(data, 1, len, o->f) != len) {
        o->err_no = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static void out_abort(out_file *o)
{
    if (o->f)
        fclose(o->f); /* the file is discarded: its close status does not matter */
    o->f = NULL;
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
}

/* Flushes, closes and renames into place (qtr_commit_file); a write error met on the way
 * (cairo's stream callback) or any failure removes the temporary. */
static qtr_status out_commit(out_file *o, qtr_error *err)
{
    if (o->err_no) {
        int e = o->err_no;
        out_abort(o);
        return qtr_error_set(err, QTR_ERR_WRITE, o->path, 0, 0, "write failed: %s", strerror(e));
    }
    qtr_status st = qtr_commit_file(o->f, o->tmp, o->path, err);
    o->f = NULL;
    free(o->tmp);
    o->tmp = NULL;
    return st;
}

/* The canvas's error, or the surface's, as a qtr_error naming path. */
static qtr_status surface_error(cairo_surface_t *s, const out_file *o, const char *path, qtr_error *err)
{
    cairo_status_t cs = cairo_surface_status(s);
    if (o && o->err_no)
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "write failed: %s", strerror(o->err_no));
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    if (cs != CAIRO_STATUS_SUCCESS)
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "cairo: %s", cairo_status_to_string(cs));
    return QTR_OK;
}

static qtr_status canvas_error(lay_canvas *c, qtr_status st, qtr_error *err)
{
    if (lay_canvas_status(c) != QTR_OK) {
        *err = *lay_canvas_error(c);
        return err->status;
    }
    if (st != QTR_OK)
        qtr_error_set(err, st, NULL, 0, 0, "%s", qtr_strerror(st));
    return st;
}

/* ---------------------------------------------------------------- PDF */

static qtr_status set_metadata(cairo_surface_t *s, const qtr_report *r, const pdfdoc_options *o)
{
    qtr_buf ctx = {0}, b = {0};
    qtr_status st = context_text(r, &ctx);
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, "%s（%s）", r->plan->name, qtr_buf_str(&ctx));
    if (st == QTR_OK)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, qtr_buf_str(&b));
    qtr_buf_clear(&b);
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, "目标任务季度进展报告：%s", qtr_buf_str(&ctx));
    if (st == QTR_OK)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, qtr_buf_str(&b));
    qtr_buf_clear(&b);
    char period[16];
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, "%s, %s", r->plan->id, qtr_period_format(r->period, period));
    if (st == QTR_OK) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, qtr_buf_str(&b));
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
                                       o->author ? o->author : r->plan->region ? r->plan->region : "");
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "qtr-charts " QTR_VERSION);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, o->date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, o->date);
    }
    qtr_buf_free(&ctx);
    qtr_buf_free(&b);
    return st;
}

static void add_outline(cairo_surface_t *s, const qtr_report *r, const page_spec *p, size_t page)
{
    char link[32];
    snprintf(link, sizeof link, "page=%zu", page + 1);
    for (size_t k = 0; k < p->ncharts; k++) {
        const chart_ref *ref = &p->charts[k];
        qtr_buf b = {0};
        qtr_status st = QTR_OK;
        if (ref->kind == CHART_DASHBOARD)
            st = qtr_buf_puts(&b, ref->part ? "总览（续）" : "总览");
        else if (ref->kind == CHART_TREND)
            st = qtr_buf_puts(&b, ref->part ? "季度趋势（续）" : "季度趋势");
        else if (ref->kind == CHART_TASKS)
            st = qtr_buf_puts(&b, "重点任务台账");
        else if (ref->kind == CHART_CARDS)
            st = qtr_buf_puts(&b, "各单位亮牌");
        else
            st = qtr_buf_printf(&b, "各单位排名：%s", r->plan->indicators[ref->part].name);
        if (st == QTR_OK)
            cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, qtr_buf_str(&b), link, 0);
        qtr_buf_free(&b);
    }
}

/* The 文字通报's pages as briefpage_layout_draw starts them. */
typedef struct {
    cairo_surface_t *s;
    cairo_t *cr;
    lay_canvas *c;
    const qtr_report *r;
    const char *date_cn;
    size_t npages, nbrief; /* the chart pages before, the briefing's pages */
    size_t started;
} brief_pages;

static void brief_page(void *ctx, size_t k)
{
    brief_pages *b = ctx;
    if (k > 0)
        cairo_show_page(b->cr);
    char link[32];
    snprintf(link, sizeof link, "page=%zu", b->npages + k + 1);
    if (k == 0)
        cairo_pdf_surface_add_outline(b->s, CAIRO_PDF_OUTLINE_ROOT, "文字通报", link, 0);
    draw_frame(b->c, b->r, b->date_cn, b->npages + k, b->npages + b->nbrief);
    b->started = k + 1;
}

static qtr_status write_pdf(const qtr_report *r, const pdfdoc_options *o, const page_spec *pages,
                            size_t npages, const char *date_cn, int *fallback, qtr_error *err)
{
    out_file of;
    qtr_status st = out_open(&of, o->pdf_path, err);
    if (st != QTR_OK)
        return st;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(out_write, &of, PAGE_W, PAGE_H);
    if ((st = surface_error(s, &of, o->pdf_path, err)) != QTR_OK) {
        cairo_surface_destroy(s);
        out_abort(&of);
        return st;
    }
    if (set_metadata(s, r, o) != QTR_OK) {
        cairo_surface_destroy(s);
        out_abort(&of);
        return qtr_error_set(err, QTR_ERR_NOMEM, o->pdf_path, 0, 0, "out of memory");
    }
    cairo_t *cr = cairo_create(s);
    lay_canvas *c = lay_canvas_new(cr, o->font ? o->font : PDFDOC_DEFAULT_FONT, err);
    if (c) {
        /* the 文字通报 laid out first: the pages before it show the total */
        briefpage_layout *brief = o->briefing ? briefpage_layout_new(c, o->briefing, content_box(), &st) : NULL;
        size_t nbrief = briefpage_layout_pages(brief);
        for (size_t p = 0; p < npages && st == QTR_OK; p++) {
            add_outline(s, r, &pages[p], p);
            st = draw_page(c, r, &pages[p], date_cn, p, npages + nbrief);
            cairo_show_page(cr);
        }
        if (nbrief && st == QTR_OK) { /* the 文字通报 */
            brief_pages bp = {s, cr, c, r, date_cn, npages, nbrief, 0};
            st = briefpage_layout_draw(c, brief, brief_page, &bp);
            if (bp.started)
                cairo_show_page(cr);
        }
        briefpage_layout_free(brief);
        st = canvas_error(c, st, err);
        *fallback |= lay_canvas_fallback(c);
        lay_canvas_free(c);
    } else {
        *fallback = 1;
        st = err ? err->status : QTR_ERR_CONFIG;
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == QTR_OK)
        st = surface_error(s, &of, o->pdf_path, err);
    cairo_surface_destroy(s);
    if (st != QTR_OK) {
        out_abort(&of);
        return st;
    }
    return out_commit(&of, err);
}

/* ---------------------------------------------------------------- PNG and SVG */

/* Draws one chart image on cr through a canvas of the report's font; *fallback notes a
 * substitute font. */
static qtr_status draw_image_on(cairo_t *cr, const qtr_report *r, const pdfdoc_options *o,
                                const chart_ref *ref, const char *date_cn, int *fallback,
                                qtr_error *err)
{
    lay_canvas *c = lay_canvas_new(cr, o->font ? o->font : PDFDOC_DEFAULT_FONT, err);
    if (!c) {
        *fallback = 1;
        return err ? err->status : QTR_ERR_CONFIG;
    }
    qtr_status st = canvas_error(c, draw_image(c, r, ref, date_cn), err);
    *fallback |= lay_canvas_fallback(c);
    lay_canvas_free(c);
    return st;
}

/* The pixels of the chart images, one buffer for all of them (a performance device: a new
 * surface per image is a new mapping of 8-15 MB, page-faulted in and zeroed afresh;
 * bench/gains.md). */
typedef struct {
    unsigned char *data;
    size_t cap;
} png_pixels;

/* An image surface of width x height on px's buffer, zeroed as a new surface is. */
static cairo_surface_t *pixels_surface(png_pixels *px, int width, int height)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, width);
    if (stride <= 0 || height <= 0)
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height); /* its error */
    size_t need = (size_t)stride * (size_t)height;
    if (need > px->cap) {
        free(px->data);
        px->data = malloc(need);
        px->cap = px->data ? need : 0;
        if (!px->data)
            return cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    }
    memset(px->data, 0, need);
    return cairo_image_surface_create_for_data(px->data, CAIRO_FORMAT_RGB24, width, height, stride);
}

static qtr_status write_png(const qtr_report *r, const pdfdoc_options *o, const chart_ref *ref,
                            const char *path, const char *date_cn, png_pixels *px, int *fallback,
                            qtr_error *err)
{
    double w, h;
    lay_box chart;
    image_geometry(r, ref, &w, &h, &chart);
    double scale = PDFDOC_PNG_WIDTH / w;
    int hpx = (int)ceil(h * scale);
    cairo_surface_t *s = pixels_surface(px, PDFDOC_PNG_WIDTH, hpx);
    qtr_status st = surface_error(s, NULL, path, err);
    if (st != QTR_OK) {
        cairo_surface_destroy(s);
        return st;
    }
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    st = draw_image_on(cr, r, o, ref, date_cn, fallback, err);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (st == QTR_OK)
        st = surface_error(s, NULL, path, err);
    out_file of;
    if (st == QTR_OK && (st = out_open(&of, path, err)) == QTR_OK) {
        cairo_status_t cs = png_write_surface(s, out_write, &of);
        if (cs != CAIRO_STATUS_SUCCESS || of.err_no) {
            st = qtr_error_set(err, of.err_no ? QTR_ERR_WRITE : QTR_ERR_NOMEM, path, 0, 0, "write failed: %s",
                               of.err_no ? strerror(of.err_no) : cairo_status_to_string(cs));
            out_abort(&of);
        } else {
            st = out_commit(&of, err);
        }
    }
    cairo_surface_destroy(s);
    return st;
}

static qtr_status write_svg(const qtr_report *r, const pdfdoc_options *o, const chart_ref *ref,
                            const char *path, const char *date_cn, int *fallback, qtr_error *err)
{
    double w, h;
    lay_box chart;
    image_geometry(r, ref, &w, &h, &chart);
    out_file of;
    qtr_status st = out_open(&of, path, err);
    if (st != QTR_OK)
        return st;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(out_write, &of, w, h);
    if ((st = surface_error(s, &of, path, err)) != QTR_OK) {
        cairo_surface_destroy(s);
        out_abort(&of);
        return st;
    }
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(s);
    st = draw_image_on(cr, r, o, ref, date_cn, fallback, err);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == QTR_OK)
        st = surface_error(s, &of, path, err);
    cairo_surface_destroy(s);
    if (st != QTR_OK) {
        out_abort(&of);
        return st;
    }
    return out_commit(&of, err);
}

enum { IMG_PNG = 1, IMG_SVG = 2 };

/* Writes the PNG and/or SVG (kinds) of every chart. */
static qtr_status write_images(const qtr_report *r, const pdfdoc_options *o, const chart_ref *charts,
                               size_t n, int kinds, const char *date_cn, int *fallback, qtr_error *err)
{
    qtr_status st = QTR_OK;
    png_pixels px = {NULL, 0};
    for (size_t k = 0; k < n && st == QTR_OK; k++) {
        char name[128];
        image_name(r, &charts[k], k, name, sizeof name);
        qtr_buf path = {0};
        if (kinds & IMG_PNG) {
            st = qtr_buf_printf(&path, "%s/%s.png", o->image_dir, name);
            if (st == QTR_OK)
                st = write_png(r, o, &charts[k], qtr_buf_str(&path), date_cn, &px, fallback, err);
            qtr_buf_clear(&path);
        }
        if (st == QTR_OK && (kinds & IMG_SVG)) {
            st = qtr_buf_printf(&path, "%s/%s.svg", o->image_dir, name);
            if (st == QTR_OK)
                st = write_svg(r, o, &charts[k], qtr_buf_str(&path), date_cn, fallback, err);
        }
        qtr_buf_free(&path);
    }
    free(px.data);
    return st;
}

/* The summary card, when asked for (o->card); *fallback as write_images. */
static qtr_status write_card(const qtr_report *r, const pdfdoc_options *o, int *fallback, qtr_error *err)
{
    if (!o->card)
        return QTR_OK;
    int fb = 0;
    qtr_status st = card_write(r, o->card, &fb, err);
    *fallback |= fb;
    return st;
}

/* ---------------------------------------------------------------- entry point */

static qtr_status write_districts_from(const qtr_report *r, const pdfdoc_options *o, long *next,
                                       int *fallback, qtr_error *err);

#define PDFDOC_HEAP_KEEP_UNITS 5000 /* up to this many units the heap keeps what it frees */

/* What the image process sends back through the pipe. */
typedef struct {
    qtr_status status;
    int fallback;
    qtr_error err;
} child_result;

/* Reads exactly one child_result; 0 on success. */
static int read_result(int fd, child_result *res)
{
    size_t got = 0;
    while (got < sizeof *res) {
        ssize_t k = read(fd, (char *)res + got, sizeof *res - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

/* A performance device: the PDF and the SVGs here, the PNGs and the summary card in a child
 * process, so the two cores draw at once, about the same amount each. It pays at a city's size — 23% of the whole
 * job at 12 units, where the charts are most of it — and costs 9% at 3,000 units, where the
 * workbook already keeps the second core busy (bench/devices.md; make bench-devices builds
 * without it, QTR_PLAIN_FORK). The child is forked before any font is loaded — no thread exists
 * yet — and reports its status and error through a pipe. Without fork, everything runs here,
 * one after the other. Outputs are the same either way. */
static qtr_status write_pdf_and_images(const qtr_report *r, const pdfdoc_options *o,
                                       const page_spec *pages, size_t npages, const chart_ref *charts,
                                       size_t n, const char *date_cn, int *fallback, qtr_error *err)
{
    int fds[2];
    pid_t pid = -1;
    /* the units' PDFs are shared: each process, its own files done, takes the next unit not yet
     * taken (a counter in memory both see), so that the two end about together. At 12 units
     * the parent's PDF and SVGs and the child's PNGs take about the same time and the 12 PDFs
     * (~15 ms each) made the parent the longer by 0.2 s (bench/gains.md). Each file is the
     * same whichever process writes it. */
    long local_next = 0, *next = &local_next;
    if (o->districts) {
        void *m = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) {
            next = m;
            *next = 0;
        }
    }
    fflush(NULL);
    /* the heap keeps what it frees (heap.h): cairo copies the font's cmap table for every new
     * glyph of every SVG and of the PDF (6,600 times at 12 units), 14% of this stage's CPU at
     * 12 units. Not for the largest plans: it would lift this stage's peak memory at 10,000
     * units from 97 to 109 MB (bench/results.md). */
    if (r->nunits <= PDFDOC_HEAP_KEEP_UNITS)
        qtr_heap_keep();
#ifdef QTR_PLAIN_FORK /* make bench-devices: what the second process buys (bench/devices.md) */
    if (0) {
#else
    if (pipe(fds) == 0) {
#endif
        pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
        }
    }
    if (pid < 0) {
        qtr_status st = write_pdf(r, o, pages, npages, date_cn, fallback, err);
        if (st == QTR_OK)
            st = write_images(r, o, charts, n, IMG_PNG | IMG_SVG, date_cn, fallback, err);
        if (st == QTR_OK)
            st = write_card(r, o, fallback, err);
        if (st == QTR_OK)
            st = write_districts_from(r, o, next, fallback, err);
        if (next != &local_next)
            munmap(next, sizeof *next);
        return st;
    }
    if (pid == 0) {
        child_result res;
        memset(&res, 0, sizeof res);
        close(fds[0]);
        res.status = write_images(r, o, charts, n, IMG_PNG, date_cn, &res.fallback, &res.err);
        if (res.status == QTR_OK)
            res.status = write_card(r, o, &res.fallback, &res.err);
        if (res.status == QTR_OK)
            res.status = write_districts_from(r, o, next, &res.fallback, &res.err);
        else if (o->districts) /* the parent takes no more units either */
            __atomic_store_n(next, (long)r->nunits, __ATOMIC_RELAXED);
        ssize_t w = write(fds[1], &res, sizeof res);
        _exit(w == (ssize_t)sizeof res ? 0 : 1);
    }
    close(fds[1]);
    qtr_status st = write_pdf(r, o, pages, npages, date_cn, fallback, err);
    if (st == QTR_OK)
        st = write_images(r, o, charts, n, IMG_SVG, date_cn, fallback, err);
    if (st == QTR_OK)
        st = write_districts_from(r, o, next, fallback, err);
    else if (o->districts)
        __atomic_store_n(next, (long)r->nunits, __ATOMIC_RELAXED);
    child_result res;
    int ok = read_result(fds[0], &res) == 0;
    close(fds[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (next != &local_next)
        munmap(next, sizeof *next);
    if (!ok || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
        if (st == QTR_OK)
            st = qtr_error_set(err, QTR_ERR_WRITE, o->image_dir, 0, 0,
                               "the process drawing the chart images failed");
        return st;
    }
    *fallback |= res.fallback;
    if (st == QTR_OK && res.status != QTR_OK) {
        if (err)
            *err = res.err;
        st = res.status;
    }
    return st;
}

qtr_status pdfdoc_write(const qtr_report *r, const pdfdoc_options *o, int *fallback, qtr_error *err)
{
    int fb = 0;
    if (!fallback)
        fallback = &fb;
    *fallback = 0;
    char date_cn[64];
    if (qtr_words_date(o->date, date_cn, sizeof date_cn) != 0)
        return qtr_error_set(err, QTR_ERR_USAGE, NULL, 0, 0, "'%s' is not a date YYYY-MM-DDTHH:MM:SSZ",
                             o->date ? o->date : "");
    qtr_status st;
    size_t n = list_charts(r, NULL, &st);
    chart_ref *charts = calloc(n ? n : 1, sizeof *charts);
    page_spec *pages = calloc(n ? n : 1, sizeof *pages);
    if (!charts || !pages || st != QTR_OK) {
        free(charts);
        free(pages);
        return qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    list_charts(r, charts, &st);
    size_t npages = list_pages(r, charts, n, pages);
    if (o->image_dir) {
        st = write_pdf_and_images(r, o, pages, npages, charts, n, date_cn, fallback, err);
    } else {
        st = write_pdf(r, o, pages, npages, date_cn, fallback, err);
        if (st == QTR_OK)
            st = write_card(r, o, fallback, err);
        long next = 0;
        if (st == QTR_OK)
            st = write_districts_from(r, o, &next, fallback, err);
    }
    free(charts);
    free(pages);
    return st;
}

/* ---------------------------------------------------------------- the districts' pages */

/* A unit's PDF's title, into b. */
static qtr_status unit_title(const qtr_report *r, int unit, qtr_buf *b)
{
    return qtr_buf_printf(b, "%s：本期数据反馈与整改清单（%s）", qtr_report_unit_name(r, unit), r->plan->name);
}

/* A unit's page(s) on c, in the frame of the report's pages, each shown; *npages: how many. */
static qtr_status draw_unit_pages(lay_canvas *c, cairo_t *cr, const qtr_report *r, const pdfdoc_options *o,
                                  int unit, const char *date_cn, size_t *npages)
{
    *npages = 0;
    unitpage *u = unitpage_new(r, o->rejects, unit);
    if (!u)
        return QTR_ERR_NOMEM;
    qtr_status st = QTR_OK;
    size_t np = unitpage_count(c, u, content_box());
    for (size_t p = 0; p < np && st == QTR_OK; p++) {
        draw_frame(c, r, date_cn, p, np);
        st = unitpage_draw(c, u, content_box(), p);
        cairo_show_page(cr);
    }
    unitpage_free(u);
    *npages = np;
    return st;
}

/* districts/<unit>.pdf of one unit, as a document of its own. */
static qtr_status write_unit_pdf(const qtr_report *r, const pdfdoc_options *o, int unit, const char *path,
                                 const char *date_cn, int *fallback, qtr_error *err)
{
    out_file of;
    qtr_status st = out_open(&of, path, err);
    if (st != QTR_OK)
        return st;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(out_write, &of, PAGE_W, PAGE_H);
    st = surface_error(s, &of, path, err);
    qtr_buf b = {0};
    if (st == QTR_OK && (set_metadata(s, r, o) != QTR_OK || unit_title(r, unit, &b) != QTR_OK))
        st = qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    if (st == QTR_OK)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, qtr_buf_str(&b));
    qtr_buf_free(&b);
    if (st != QTR_OK) {
        cairo_surface_destroy(s);
        out_abort(&of);
        return st;
    }
    cairo_t *cr = cairo_create(s);
    lay_canvas *c = lay_canvas_new(cr, o->font ? o->font : PDFDOC_DEFAULT_FONT, err);
    if (c) {
        size_t np;
        st = canvas_error(c, draw_unit_pages(c, cr, r, o, unit, date_cn, &np), err);
        *fallback |= lay_canvas_fallback(c);
        lay_canvas_free(c);
    } else {
        *fallback = 1;
        st = err ? err->status : QTR_ERR_CONFIG;
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == QTR_OK)
        st = surface_error(s, &of, path, err);
    cairo_surface_destroy(s);
    if (st != QTR_OK) {
        out_abort(&of);
        return st;
    }
    return out_commit(&of, err);
}

/* A performance device (pdfsplit.h; bench/results.md): the units' pages are drawn in batches of
 * up to o->unit_batch units (PDFDOC_UNIT_BATCH), each batch one PDF document in memory, then
 * cut into the units' files. The batches are the same whichever process draws them (a unit's
 * file depends on the roster's size only), and small enough that a file's font subsets hold
 * few glyphs beyond its own. `make PLAIN=unitbatch` builds without it (and --unit-batch 1
 * runs without it): every unit's file a document of its own. */
static size_t unit_batch_max(const pdfdoc_options *o)
{
#ifdef QTR_PLAIN_UNITBATCH
    (void)o;
    return 1;
#else
    return o->unit_batch ? o->unit_batch : PDFDOC_UNIT_BATCH;
#endif
}

/* Batch b's first unit of nunits in nb batches (b = nb: the roster's end). */
static size_t batch_start(size_t nunits, size_t nb, size_t b)
{
    return nb ? b * nunits / nb : 0;
}

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    return qtr_buf_append(closure, (const char *)data, len) == QTR_OK ? CAIRO_STATUS_SUCCESS
                                                                     : CAIRO_STATUS_NO_MEMORY;
}

/* The files of units [u0, u1): drawn as one document, cut into one file each; a unit whose
 * pages cannot be cut out (pdfsplit.h) is drawn again as a document of its own. */
static qtr_status write_unit_batch(const qtr_report *r, const pdfdoc_options *o, size_t u0, size_t u1,
                                   char **names, const char *date_cn, int *fallback, qtr_error *err)
{
    size_t n = u1 - u0;
    size_t *first = calloc(n + 1, sizeof *first); /* unit k's pages: [first[k], first[k + 1]) */
    qtr_buf doc = {0}, path = {0}, title = {0};
    if (!first)
        return qtr_error_set(err, QTR_ERR_NOMEM, o->districts, 0, 0, "out of memory");
    qtr_status st = QTR_OK;
    pdfsplit *sp = NULL;
    if (n > 1) {
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, &doc, PAGE_W, PAGE_H);
        st = surface_error(s, NULL, o->districts, err);
        if (st == QTR_OK && set_metadata(s, r, o) != QTR_OK)
            st = qtr_error_set(err, QTR_ERR_NOMEM, o->districts, 0, 0, "out of memory");
        cairo_t *cr = cairo_create(s);
        lay_canvas *c = st == QTR_OK ? lay_canvas_new(cr, o->font ? o->font : PDFDOC_DEFAULT_FONT, err) : NULL;
        if (c) {
            for (size_t k = 0; k < n && st == QTR_OK; k++) {
                size_t np;
                st = draw_unit_pages(c, cr, r, o, (int)(u0 + k), date_cn, &np);
                first[k + 1] = first[k] + np;
            }
            st = canvas_error(c, st, err);
            *fallback |= lay_canvas_fallback(c);
            lay_canvas_free(c);
        } else if (st == QTR_OK) {
            *fallback = 1;
            st = err ? err->status : QTR_ERR_CONFIG;
        }
        cairo_destroy(cr);
        cairo_surface_finish(s);
        if (st == QTR_OK)
            st = surface_error(s, NULL, o->districts, err);
        cairo_surface_destroy(s);
        if (st == QTR_OK) {
            sp = pdfsplit_parse((const unsigned char *)doc.data, doc.len);
            if (sp && pdfsplit_npages(sp) != first[n]) {
                pdfsplit_free(sp);
                sp = NULL;
            }
        }
    }
    for (size_t k = 0; k < n && st == QTR_OK; k++) {
        qtr_buf_clear(&path);
        qtr_buf_clear(&title);
        if (qtr_buf_printf(&path, "%s/%s.pdf", o->districts, names[u0 + k]) != QTR_OK ||
            unit_title(r, (int)(u0 + k), &title) != QTR_OK) {
            st = qtr_error_set(err, QTR_ERR_NOMEM, o->districts, 0, 0, "out of memory");
            break;
        }
        out_file of;
        if (sp && first[k + 1] > first[k] && (st = out_open(&of, qtr_buf_str(&path), err)) == QTR_OK) {
            if (pdfsplit_write(sp, first[k], first[k + 1] - first[k], qtr_buf_str(&title), out_write, &of) == 0 ||
                of.err_no) {
                st = out_commit(&of, err);
                continue;
            }
            out_abort(&of); /* not to be cut out: drawn on its own below */
        }
        if (st == QTR_OK)
            st = write_unit_pdf(r, o, (int)(u0 + k), qtr_buf_str(&path), date_cn, fallback, err);
    }
    pdfsplit_free(sp);
    qtr_buf_free(&doc);
    qtr_buf_free(&path);
    qtr_buf_free(&title);
    free(first);
    return st;
}

/* The units' PDFs, batch by batch from the next not yet taken (*next, shared with the other
 * process when it is in shared memory); an error stops both processes taking more. Nothing
 * without o->districts. */
static qtr_status write_districts_from(const qtr_report *r, const pdfdoc_options *o, long *next,
                                       int *fallback, qtr_error *err)
{
    if (!o->districts)
        return QTR_OK;
    char date_cn[64];
    if (qtr_words_date(o->date, date_cn, sizeof date_cn) != 0)
        return qtr_error_set(err, QTR_ERR_USAGE, NULL, 0, 0, "malformed date %s", o->date);
    int fb = 0;
    qtr_status st = QTR_OK;
    char **names = qtr_district_names_of(r);
    if (!names)
        st = qtr_error_set(err, QTR_ERR_NOMEM, o->districts, 0, 0, "out of memory");
    size_t max = unit_batch_max(o), nbatch = (r->nunits + max - 1) / max;
    long nb = (long)nbatch;
    for (long b; st == QTR_OK && (b = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED)) < nb;)
        st = write_unit_batch(r, o, batch_start(r->nunits, nbatch, (size_t)b),
                              batch_start(r->nunits, nbatch, (size_t)b + 1), names, date_cn, &fb, err);
    if (st != QTR_OK)
        __atomic_store_n(next, nb, __ATOMIC_RELAXED);
    qtr_district_names_free(names, r->nunits);
    *fallback |= fb;
    return st;
}

qtr_status pdfdoc_write_districts(const qtr_report *r, const pdfdoc_options *o, int *fallback, qtr_error *err)
{
    int fb = 0;
    long next = 0;
    qtr_status st = write_districts_from(r, o, &next, &fb, err);
    if (fallback)
        *fallback |= fb;
    return st;
}
