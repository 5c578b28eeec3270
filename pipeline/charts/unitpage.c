/* unitpage.c — one district's feedback page (see unitpage.h). The texts are made once
 * (unitpage_new), then laid out in blocks that flow down the page like briefpage.c's. */
#include "unitpage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marks.h"
#include "text.h"

#define TITLE_PT 16.0
#define SUB_PT 9.5
#define HEAD_PT 11.5
#define BODY_PT 9.0
#define CELL_PT 8.5          /* table cells: never below 8 pt */
#define CELL_MIN 8.0
#define CELL_LINES 12
#define CELL_PAD 3.0
#define BLOCK_GAP 4.0
#define SECTION_GAP 12.0
#define MAX_COLS 8

typedef enum { ITEM_TITLE, ITEM_SUB, ITEM_HEAD, ITEM_TEXT, ITEM_NOTE, ITEM_ROW } item_kind;

typedef struct {
    item_kind kind;
    char *cells[MAX_COLS];   /* owned; a text item uses cells[0] */
    lay_rgb ink[MAX_COLS];
    const double *widths;    /* fractions of the width; rows only */
    size_t ncols;
    int header;              /* a table's header row */
    size_t head;             /* for a row: the index of its table's header item */
    double gap_before;
    /* as measured on the canvas the unit's pages are drawn on (unitpage.for_c) */
    int measured;
    double h;                /* the height it takes */
    lay_kept *kept[MAX_COLS]; /* each text laid out, drawn as it is */
} item;

struct unitpage {
    char *cont;              /* the line atop a further page: "西固区 · 本期数据反馈（续）" */
    item *items;
    size_t n, cap;
    size_t nrejects;
    /* A performance device: every text is laid out once, to place it and to draw it (the
     * pages were walked, measuring every text, once to count them and again for each page
     * drawn, then each text laid out again to be drawn: half of a unit's PDF; bench/gains.md).
     * What was measured holds for one canvas and box; another forgets it. */
    const lay_canvas *for_c;
    lay_box for_box;
    item cont_item;          /* u->cont as a text item */
};

/* 指标 | 本单位实际 | 单位目标 | 完成率 | 序时进度 | 状态 | 排名 | 同比 | — 8 columns */
static const double FIG_W[] = {0.205, 0.10, 0.135, 0.105, 0.105, 0.085, 0.135, 0.13};
/* 序号 | 报告期 | 文件 | 行 | 列（表头） | 填写内容 | 问题及应当怎样填 */
static const double REJ_W[] = {0.05, 0.09, 0.19, 0.05, 0.16, 0.10, 0.36};

static item *add(unitpage *u, item_kind k)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 32;
        item *p = realloc(u->items, cap * sizeof *p);
        if (!p)
            return NULL;
        u->items = p;
        u->cap = cap;
    }
    item *it = &u->items[u->n++];
    memset(it, 0, sizeof *it);
    it->kind = k;
    for (size_t c = 0; c < MAX_COLS; c++)
        it->ink[c] = MARKS_INK;
    return it;
}

static qtr_status add_text(unitpage *u, item_kind k, const char *text, double gap)
{
    item *it = add(u, k);
    if (!it || !(it->cells[0] = qtr_strdup(text)))
        return QTR_ERR_NOMEM;
    it->ncols = 1;
    it->gap_before = gap;
    return QTR_OK;
}

/* A table row of n cells (copied); returns it or NULL. */
static item *add_row(unitpage *u, const double *w, size_t n, const char *const *cells, int header, size_t head)
{
    item *it = add(u, ITEM_ROW);
    if (!it)
        return NULL;
    it->widths = w;
    it->header = header;
    it->head = header ? u->n - 1 : head;
    for (size_t c = 0; c < n; c++) {
        it->ncols = c + 1;
        if (!(it->cells[c] = qtr_strdup(cells[c])))
            return NULL;
    }
    if (header)
        for (size_t c = 0; c < n; c++)
            it->ink[c] = MARKS_MUTED;
    return it;
}

static qtr_status build(unitpage *u, const qtr_report *r, const qtr_rejects *rj, int unit)
{
    const char *name = qtr_report_unit_name(r, unit);
    qtr_buf b = {0};
    qtr_buf cell[QTR_DISTRICT_NFIG] = {{0}};
    qtr_status st = qtr_buf_printf(&b, "%s · 本期数据反馈", name);
    if (st == QTR_OK)
        st = add_text(u, ITEM_TITLE, qtr_buf_str(&b), 0);
    if (st == QTR_OK && (st = qtr_buf_puts(&b, "（续）")) == QTR_OK && !(u->cont = qtr_strdup(qtr_buf_str(&b))))
        st = QTR_ERR_NOMEM;
    qtr_buf_clear(&b);
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, "%s · ", r->plan->name);
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, &b);
    if (st == QTR_OK)
        st = add_text(u, ITEM_SUB, qtr_buf_str(&b), 2);

    /* 一、the figures */
    if (st == QTR_OK)
        st = add_text(u, ITEM_HEAD, "一、本单位各项指标", SECTION_GAP);
    size_t head = u->n;
    int no_target = 0, missing = 0, baseline = 0;
    if (st == QTR_OK && !add_row(u, FIG_W, 8, QTR_DISTRICT_FIG_HEAD, 1, 0))
        st = QTR_ERR_NOMEM;
    for (size_t i = 0; i < r->nind && st == QTR_OK; i++) {
        for (size_t c = 0; c < 8; c++)
            qtr_buf_clear(&cell[c]);
        st = qtr_district_figures(r, unit, i, cell, NULL);
        const char *cells[8];
        for (size_t c = 0; c < 8; c++)
            cells[c] = qtr_buf_str(&cell[c]);
        item *it = st == QTR_OK ? add_row(u, FIG_W, 8, cells, 0, head) : NULL;
        if (st == QTR_OK && !it)
            st = QTR_ERR_NOMEM;
        const qtr_progress_row *row = qtr_report_row(r, unit, i);
        if (it && row->has_target)
            it->ink[5] = marks_status_text(row->status);
        no_target |= !row->has_target;
        baseline |= row->has_target && !isnan(row->baseline);
        missing |= row->missing[0] != '\0';
    }
    /* the quarters missing, one sentence */
    qtr_buf_clear(&b);
    for (size_t i = 0; i < r->nind && st == QTR_OK && missing; i++) {
        const qtr_progress_row *row = qtr_report_row(r, unit, i);
        if (!row->missing[0])
            continue;
        st = qtr_buf_printf(&b, "%s%s ", b.len ? "；" : "缺报：", r->plan->indicators[i].name);
        if (st == QTR_OK)
            st = qtr_words_missing(row->missing, &b);
    }
    if (st == QTR_OK && missing)
        st = qtr_buf_puts(&b, "（未报送或填写有误而未被采用，计为未报送）。");
    if (st == QTR_OK)
        st = add_text(u, ITEM_TEXT, missing ? qtr_buf_str(&b) : "缺报：无，各季度均已报送。", BLOCK_GAP + 2);
    qtr_buf_clear(&b);
    if (st == QTR_OK)
        st = qtr_buf_puts(&b, "排名：有单位目标的指标按完成率，其余按完成量，第1名最高；↑↓为名次较上季度的变化；同比为本单位与上年同期相比的增减。");
    if (st == QTR_OK && baseline)
        st = qtr_buf_puts(&b, "列有“增量进度”的指标从基期数起，按新增量计算进度，状态以增量进度为准。");
    if (st == QTR_OK && no_target)
        st = qtr_buf_printf(&b, "“未分解单位目标”的指标不评价本单位的进度状态，完成率和序时进度列出%s的，供对照。",
                            qtr_report_unit_name(r, -1));
    if (st == QTR_OK)
        st = add_text(u, ITEM_NOTE, qtr_buf_str(&b), BLOCK_GAP);

    /* 二、整改清单 */
    if (st == QTR_OK)
        st = add_text(u, ITEM_HEAD, "二、整改清单", SECTION_GAP);
    size_t n = rj ? qtr_rejects_of_unit(rj, name, NULL) : 0;
    size_t *idx = n ? malloc(n * sizeof *idx) : NULL;
    if (n && !idx)
        st = QTR_ERR_NOMEM;
    if (st == QTR_OK && n) {
        qtr_rejects_of_unit(rj, name, idx);
        u->nrejects = n;
        qtr_buf_clear(&b);
        st = qtr_buf_printf(&b, QTR_DISTRICT_FIX_INTRO "：", n);
        if (st == QTR_OK)
            st = add_text(u, ITEM_TEXT, qtr_buf_str(&b), BLOCK_GAP);
        static const char *const rej_head[] = {"序号", "报告期", "文件", "行", "列（表头）", "填写内容",
                                               "问题及应当怎样填"};
        head = u->n;
        if (st == QTR_OK && !add_row(u, REJ_W, 7, rej_head, 1, 0))
            st = QTR_ERR_NOMEM;
        for (size_t k = 0; k < n && st == QTR_OK; k++) {
            char num[24];
            snprintf(num, sizeof num, "%zu", k + 1);
            qtr_buf_clear(&b);
            int warn = strcmp(qtr_rejects_get(rj, idx[k], rj->severity), "warning") == 0;
            st = qtr_buf_printf(&b, "%s%s", warn ? "【提示】" : "", qtr_rejects_get(rj, idx[k], rj->reason));
            const char *raw = qtr_rejects_get(rj, idx[k], rj->raw);
            const char *cells[7] = {num, qtr_rejects_get(rj, idx[k], rj->period), qtr_rejects_get(rj, idx[k], rj->source),
                                    qtr_rejects_get(rj, idx[k], rj->line), qtr_rejects_get(rj, idx[k], rj->column),
                                    raw[0] ? raw : "（空）", qtr_buf_str(&b)};
            if (st == QTR_OK && !add_row(u, REJ_W, 7, cells, 0, head))
                st = QTR_ERR_NOMEM;
        }
    } else if (st == QTR_OK) {
        st = add_text(u, ITEM_TEXT, "本单位本期数据无需整改。", BLOCK_GAP);
    }
    free(idx);
    if (st == QTR_OK && rj && qtr_rejects_unitless_note(rj)[0])
        st = add_text(u, ITEM_NOTE, qtr_rejects_unitless_note(rj), BLOCK_GAP + 2);
    qtr_buf_free(&b);
    for (size_t c = 0; c < 8; c++)
        qtr_buf_free(&cell[c]);
    return st;
}

static void forget(item *it)
{
    for (size_t c = 0; c < MAX_COLS; c++) {
        lay_kept_free(it->kept[c]);
        it->kept[c] = NULL;
    }
    it->measured = 0;
}

void unitpage_free(unitpage *u)
{
    if (!u)
        return;
    for (size_t k = 0; k < u->n; k++)
        forget(&u->items[k]);
    forget(&u->cont_item);
    for (size_t k = 0; k < u->n; k++)
        for (size_t c = 0; c < MAX_COLS; c++)
            free(u->items[k].cells[c]);
    free(u->items);
    free(u->cont);
    free(u);
}

unitpage *unitpage_new(const qtr_report *r, const qtr_rejects *rj, int unit)
{
    unitpage *u = calloc(1, sizeof *u);
    if (u && build(u, r, rj, unit) != QTR_OK) {
        unitpage_free(u);
        return NULL;
    }
    if (u) {
        u->cont_item.kind = ITEM_HEAD;
        u->cont_item.cells[0] = u->cont; /* borrowed */
    }
    return u;
}

size_t unitpage_nrejects(const unitpage *u)
{
    return u->nrejects;
}

/* ---------------------------------------------------------------- layout */

static lay_style text_style(item_kind k)
{
    lay_style s;
    switch (k) {
    case ITEM_TITLE: s = lay_style_make(TITLE_PT, 1, MARKS_INK); break;
    case ITEM_SUB: s = lay_style_make(SUB_PT, 0, MARKS_MUTED); break;
    case ITEM_HEAD: s = lay_style_make(HEAD_PT, 1, MARKS_INK); break;
    case ITEM_NOTE: s = lay_style_make(CELL_PT, 0, MARKS_MUTED); break;
    default: s = lay_style_make(BODY_PT, 0, MARKS_INK); break;
    }
    s.min_size = s.size; /* wrap, never shrink */
    s.max_lines = 20;
    return s;
}

static lay_style cell_style(const item *it, size_t c)
{
    lay_style s = lay_style_make(CELL_PT, it->header, it->ink[c]);
    s.min_size = CELL_MIN;
    s.max_lines = CELL_LINES;
    return s;
}

/* The item's height in box, its texts laid out on c and kept (once: what was measured is
 * remembered). */
static double item_height(lay_canvas *c, item *it, lay_box box)
{
    if (it->measured)
        return it->h;
    lay_box used;
    if (it->kind != ITEM_ROW) {
        lay_style s = text_style(it->kind);
        it->kept[0] = lay_text_keep(c, it->cells[0], &s, lay_box_make(box.x, 0, box.w, box.h), &used);
        it->h = used.h;
    } else {
        double h = 0;
        for (size_t k = 0; k < it->ncols; k++) {
            lay_style s = cell_style(it, k);
            double w = box.w * it->widths[k] - 2 * CELL_PAD;
            it->kept[k] = lay_text_keep(c, it->cells[k], &s, lay_box_make(0, 0, w, box.h), &used);
            h = fmax(h, used.h);
        }
        it->h = h + 2 * CELL_PAD;
    }
    it->measured = 1;
    return it->h;
}

static void draw_item(lay_canvas *c, const item *it, lay_box box, double y, double h)
{
    if (it->kind != ITEM_ROW) {
        lay_kept_draw(c, it->kept[0], lay_box_make(box.x, y, box.w, h + 1));
        return;
    }
    cairo_t *cr = lay_canvas_cr(c);
    if (it->header)
        lay_fill_rect(cr, lay_box_make(box.x, y, box.w, h), MARKS_PANEL);
    double x = box.x;
    for (size_t k = 0; k < it->ncols; k++) {
        double w = box.w * it->widths[k];
        lay_kept_draw(c, it->kept[k], lay_box_make(x + CELL_PAD, y + CELL_PAD, w - 2 * CELL_PAD, h - 2 * CELL_PAD + 1));
        x += w;
    }
    lay_stroke_line(cr, box.x, y + h, box.x + box.w, y + h, 0.5, MARKS_FAINT);
}

/* Places the items on pages of box, drawing those of page `draw` ((size_t)-1: none); a row
 * that starts a page gets its table's header again. Returns the pages. */
static size_t walk(lay_canvas *c, unitpage *u, lay_box box, size_t draw)
{
    if (u->for_c != c || memcmp(&u->for_box, &box, sizeof box) != 0) {
        for (size_t k = 0; k < u->n; k++)
            forget(&u->items[k]);
        forget(&u->cont_item);
        u->for_c = c;
        u->for_box = box;
    }
    size_t page = 0;
    double y = box.y;
    for (size_t k = 0; k < u->n && lay_canvas_status(c) == QTR_OK; k++) {
        item *it = &u->items[k];
        double h = item_height(c, it, box);
        double gap = y > box.y ? it->gap_before : 0;
        /* a heading or a table's header keeps the next item with it */
        double keep = (it->kind == ITEM_HEAD || it->header || it->kind == ITEM_TITLE) && k + 1 < u->n
                          ? item_height(c, &u->items[k + 1], box) : 0;
        if (y > box.y && y + gap + h + keep > box.y + box.h) {
            page++;
            y = box.y;
            gap = 0;
            double ch = item_height(c, &u->cont_item, box); /* the unit's name atop the page */
            if (page == draw)
                draw_item(c, &u->cont_item, box, y, ch);
            y += ch + BLOCK_GAP * 2;
            if (it->kind == ITEM_ROW && !it->header) { /* the table goes on: its header again */
                item *hd = &u->items[it->head];
                double hh = item_height(c, hd, box);
                if (page == draw)
                    draw_item(c, hd, box, y, hh);
                y += hh;
            }
        }
        y += gap;
        if (page == draw)
            draw_item(c, it, box, y, h);
        y += h;
    }
    return page + 1;
}

size_t unitpage_count(lay_canvas *c, unitpage *u, lay_box box)
{
    return walk(c, u, box, (size_t)-1);
}

qtr_status unitpage_draw(lay_canvas *c, unitpage *u, lay_box box, size_t page)
{
    walk(c, u, box, page);
    return lay_canvas_status(c);
}
