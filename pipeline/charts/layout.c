/* layout.c — the canvas and its text helpers (see layout.h): Pango on cairo with hinting off,
 * an explicit font family that must resolve to itself, and text that is measured, shrunk,
 * wrapped or ellipsized to stay inside its box.
 */
#include "layout.h"

#include <dlfcn.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define EPS 0.01            /* points: rounding slack when comparing extents */
#define SIZE_STEP 0.5       /* points between the sizes tried when shrinking */
#define SIZE_FLOOR 3.0      /* never below this, even to fit a box that is too short */
#define LH_CACHE 16         /* line heights remembered per canvas (a chart uses a few sizes) */

struct lay_canvas {
    cairo_t *cr;                  /* borrowed */
    PangoContext *ctx;            /* owned; one per canvas, options set once */
    PangoLayout *layout;          /* reused for every text laid out here */
    PangoLayout *shown;           /* the last fit's: layout, or the memo's (not owned) */
    PangoFontDescription *desc;   /* family fixed, size and weight set per text */
    char *family;
    qtr_status status;            /* first failure, sticky */
    qtr_error err;
    int fallback;                 /* some text needed another family */
    int recording;
    lay_record *recs;
    size_t nrecs, caprecs;
    double lh_size[LH_CACHE], lh[LH_CACHE]; /* lay_line_height's answers, lh_n of them */
    size_t lh_n;
    size_t cut_len, cut_whole;    /* fit(draw = 1): the layout holds cut_len bytes of a text of
                                     cut_whole, cut with "…" (equal: the whole text) */
};

/* ---------------------------------------------------------------- errors */

static void fail(lay_canvas *c, qtr_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Records the first failure; later ones are consequences of it. */
static void fail(lay_canvas *c, qtr_status st, const char *fmt, ...)
{
    if (c->status != QTR_OK)
        return;
    char msg[sizeof c->err.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->status = st;
    qtr_error_set(&c->err, st, NULL, 0, 0, "%s", msg);
}

static qtr_status cairo_to_qtr(cairo_status_t cs)
{
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return QTR_ERR_NOMEM;
    return QTR_ERR_WRITE;
}

qtr_status lay_canvas_status(lay_canvas *c)
{
    if (c->status == QTR_OK) {
        cairo_status_t cs = cairo_status(c->cr);
        if (cs != CAIRO_STATUS_SUCCESS)
            fail(c, cairo_to_qtr(cs), "drawing failed: %s", cairo_status_to_string(cs));
    }
    return c->status;
}

const qtr_error *lay_canvas_error(const lay_canvas *c)
{
    return &c->err;
}

cairo_t *lay_canvas_cr(const lay_canvas *c)
{
    return c->cr;
}

/* ---------------------------------------------------------------- set-up */

/* lay_font_substitute's family and the subset standing in for it ("" when none) */
static char sub_of[256], sub_family[256];

/* ---------------------------------------------------------------- the layout memo */

/* A performance device (bench/gains.md; `make PLAIN=laymemo` builds without it, for
 * bench/devices.md): the same short text in the same style and box is laid out once per
 * process. At 12 units the stage laid out 4,623 texts, of which 1,417 differ: the units' pages
 * repeat their labels, the charts are drawn as PDF pages, SVGs and PNGs, the rankings measure
 * every value before they draw it; Pango's layouts were a quarter of the stage's work. A
 * fitted layout is kept with its answer (size, extents, "…") and drawn from there; a measure
 * (lay_text_size, lay_line_height) keeps its numbers. The key is everything the answer depends
 * on: the text, the family, the style's size, smallest size, weight, lines and alignment, the
 * box's width and height, and the kind of surface (Pango merges the surface's font options
 * into the canvas's; every canvas is set up alike: lay_canvas_new). Drawing a layout made on
 * another canvas of the same kind draws the same glyphs at the same places: the outputs are
 * the same bytes (tests/unit/charts/test_charts.c compares them with lay_memo(0)). At most
 * MEMO_MAX answers, texts up to MEMO_TEXT_MAX bytes, then texts are laid out as before. */
#define MEMO_SLOTS 4096   /* a power of two, twice MEMO_MAX */
#define MEMO_MAX 2048
#define MEMO_TEXT_MAX 512 /* bytes of family and text: a paragraph is not repeated */

enum { MEMO_FIT = 1, MEMO_SIZE, MEMO_LINE };

typedef struct {
    uint64_t hash;
    int op;             /* MEMO_FIT, MEMO_SIZE, MEMO_LINE (lay_line_height); 0: a free slot */
    int surface;        /* cairo_surface_type_t of the canvas's target */
    double f[4];        /* FIT: size, smallest size, box width, height; SIZE, LINE: size */
    int i[4];           /* FIT: bold, lines, alignment, whole text drawn; SIZE, LINE: bold */
    char *key;          /* family, NUL, text */
    size_t keylen;
    PangoLayout *layout; /* FIT: as fitted, owned */
    double size;        /* FIT: the size chosen; SIZE: width */
    double h;           /* SIZE, LINE: height */
    PangoRectangle log; /* FIT */
    int ell;            /* FIT */
    size_t cut_len, cut_whole;
} memo_entry;

#ifdef QTR_PLAIN_LAYMEMO
static int memo_on = 0;
#else
static int memo_on = 1;
#endif
static memo_entry *memo; /* MEMO_SLOTS, allocated on the first answer kept */
static size_t memo_n;

void lay_memo(int on)
{
    lay_memo_free();
    memo_on = on;
}

void lay_memo_free(void)
{
    if (memo) {
        for (size_t i = 0; i < MEMO_SLOTS; i++) {
            if (memo[i].layout)
                g_object_unref(memo[i].layout);
            free(memo[i].key);
        }
        free(memo);
    }
    memo = NULL;
    memo_n = 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

/* Fills e's key (key pointing at the caller's text: not yet owned); 0 when the answer is not
 * to be kept (memo off, a text too long). */
static int memo_key(const lay_canvas *c, memo_entry *e, int op, const char *text, const double f[4],
                    const int i[4], char *buf, size_t bufsize)
{
    const char *family = pango_font_description_get_family(c->desc);
    size_t fl = family ? strlen(family) : 0, tl = strlen(text);
    if (!memo_on || fl + 1 + tl > bufsize)
        return 0;
    memset(e, 0, sizeof *e);
    e->op = op;
    e->surface = (int)cairo_surface_get_type(cairo_get_target(c->cr));
    memcpy(e->f, f, sizeof e->f);
    memcpy(e->i, i, sizeof e->i);
    if (fl)
        memcpy(buf, family, fl);
    buf[fl] = '\0';
    memcpy(buf + fl + 1, text, tl);
    e->key = buf;
    e->keylen = fl + 1 + tl;
    uint64_t h = fnv(14695981039346656037ull, &e->op, sizeof e->op);
    h = fnv(h, &e->surface, sizeof e->surface);
    h = fnv(h, e->f, sizeof e->f);
    h = fnv(h, e->i, sizeof e->i);
    e->hash = fnv(h, buf, e->keylen);
    return 1;
}

/* The slot of key k: its entry, or the free slot where it would go. */
static memo_entry *memo_slot(const memo_entry *k)
{
    for (size_t i = (size_t)k->hash & (MEMO_SLOTS - 1);; i = (i + 1) & (MEMO_SLOTS - 1)) {
        memo_entry *e = &memo[i];
        if (!e->op || (e->hash == k->hash && e->op == k->op && e->surface == k->surface &&
                       memcmp(e->f, k->f, sizeof e->f) == 0 && memcmp(e->i, k->i, sizeof e->i) == 0 &&
                       e->keylen == k->keylen && memcmp(e->key, k->key, k->keylen) == 0))
            return e;
    }
}

static const memo_entry *memo_find(const memo_entry *k)
{
    if (!memo)
        return NULL;
    const memo_entry *e = memo_slot(k);
    return e->op ? e : NULL;
}

/* Keeps k's answer a (its key copied); NULL when it is not kept (full, out of memory). */
static memo_entry *memo_add(const memo_entry *k, const memo_entry *a)
{
    if (memo_n >= MEMO_MAX)
        return NULL;
    if (!memo && !(memo = calloc(MEMO_SLOTS, sizeof *memo)))
        return NULL;
    char *key = malloc(k->keylen);
    if (!key)
        return NULL;
    memcpy(key, k->key, k->keylen);
    memo_entry *e = memo_slot(k);
    *e = *a;
    e->hash = k->hash;
    e->op = k->op;
    e->surface = k->surface;
    memcpy(e->f, k->f, sizeof e->f);
    memcpy(e->i, k->i, sizeof e->i);
    e->key = key;
    e->keylen = k->keylen;
    memo_n++;
    return e;
}

void lay_font_substitute(const char *family, const char *subset_family)
{
    snprintf(sub_of, sizeof sub_of, "%s", family);
    snprintf(sub_family, sizeof sub_family, "%s", subset_family);
}

/* Whether a font's family is the one the canvas asked for (or the subset standing in for it). */
static int own_family(const lay_canvas *c, const char *family)
{
    return family && (g_ascii_strcasecmp(family, c->family) == 0 ||
                      (sub_family[0] && g_ascii_strcasecmp(c->family, sub_of) == 0 &&
                       g_ascii_strcasecmp(family, sub_family) == 0));
}

/* The family fontconfig actually gives for the request must be the one asked for: a missing
 * font otherwise falls back silently (and under LANG=C to Japanese glyph shapes). */
static void check_family(lay_canvas *c)
{
    PangoFont *font = pango_context_load_font(c->ctx, c->desc);
    if (!font) {
        fail(c, QTR_ERR_CONFIG, "font '%s' cannot be loaded (install fonts-noto-cjk or set [report] font)",
             c->family);
        return;
    }
    PangoFontDescription *got = pango_font_describe(font);
    const char *family = got ? pango_font_description_get_family(got) : NULL;
    if (!own_family(c, family))
        fail(c, QTR_ERR_CONFIG,
             "font '%s' is not installed: fontconfig offers '%s' instead (install fonts-noto-cjk "
             "or set [report] font)", c->family, family ? family : "nothing");
    if (got)
        pango_font_description_free(got);
    g_object_unref(font);
}

lay_canvas *lay_canvas_new(cairo_t *cr, const char *family, qtr_error *err)
{
    lay_canvas *c = calloc(1, sizeof *c);
    if (!c) {
        qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    c->cr = cr;
    c->family = qtr_strdup(family);
    c->ctx = pango_cairo_create_context(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    c->desc = pango_font_description_new();
    if (!c->family || !c->ctx || !c->desc || cairo_font_options_status(fo) != CAIRO_STATUS_SUCCESS) {
        cairo_font_options_destroy(fo);
        lay_canvas_free(c);
        qtr_error_set(err, QTR_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    /* the same layout on every surface: metrics unhinted, glyphs unhinted, positions unrounded */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    pango_cairo_context_set_font_options(c->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(c->ctx, FALSE);
    pango_context_set_language(c->ctx, pango_language_from_string("zh-cn"));
    pango_cairo_update_context(cr, c->ctx);
    /* shape at user-space sizes whatever the surface's scale (PNG is drawn scaled): with the
     * device matrix, HarfBuzz positions differ by a few hundredths of a point */
    pango_context_set_matrix(c->ctx, NULL);
    /* the subset alone: fontconfig puts the family itself next (fontsub.c), for what the
     * subset lacks; a family list here would cost Pango 10% more time */
    pango_font_description_set_family(c->desc, sub_family[0] && g_ascii_strcasecmp(family, sub_of) == 0
                                                    ? sub_family : family);
    pango_font_description_set_absolute_size(c->desc, 10 * PANGO_SCALE);
    c->layout = c->shown = pango_layout_new(c->ctx);
    check_family(c);
    if (c->status != QTR_OK) {
        if (err)
            *err = c->err;
        lay_canvas_free(c);
        return NULL;
    }
    return c;
}

void lay_canvas_free(lay_canvas *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrecs; i++)
        free(c->recs[i].text);
    free(c->recs);
    if (c->layout)
        g_object_unref(c->layout);
    if (c->ctx)
        g_object_unref(c->ctx);
    if (c->desc)
        pango_font_description_free(c->desc);
    free(c->family);
    free(c);
}

int lay_canvas_fallback(const lay_canvas *c)
{
    return c->fallback;
}

void lay_canvas_record(lay_canvas *c, int on)
{
    c->recording = on;
}

size_t lay_canvas_nrecords(const lay_canvas *c)
{
    return c->nrecs;
}

const lay_record *lay_canvas_records(const lay_canvas *c)
{
    return c->recs;
}

/* ---------------------------------------------------------------- text */

static PangoAlignment pango_align(lay_align a)
{
    switch (a) {
    case LAY_LEFT: return PANGO_ALIGN_LEFT;
    case LAY_CENTER: return PANGO_ALIGN_CENTER;
    case LAY_RIGHT: return PANGO_ALIGN_RIGHT;
    }
    return PANGO_ALIGN_LEFT;
}

/* Sets the shared layout up for one attempt. width <= 0: no wrapping. */
static void setup(lay_canvas *c, double size, int bold, double width, int lines, int ellipsize,
                  lay_align align)
{
    pango_font_description_set_absolute_size(c->desc, size * PANGO_SCALE);
    pango_font_description_set_weight(c->desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(c->layout, c->desc);
    pango_layout_set_width(c->layout, width > 0 ? (int)floor(width * PANGO_SCALE) : -1);
    pango_layout_set_wrap(c->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(c->layout, ellipsize ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_height(c->layout, ellipsize ? -lines : -1);
    pango_layout_set_alignment(c->layout, pango_align(align));
}

static void logical(lay_canvas *c, PangoRectangle *log)
{
    pango_layout_get_extents(c->layout, NULL, log);
}

/* Sets the text; fails the canvas when it is not UTF-8. Its glyphs are checked once it has
 * been laid out at some size (check_glyphs): which font covers a character does not depend on
 * the size, and a layout only for the check would double the cost of every text. */
static int set_text(lay_canvas *c, const char *text)
{
    size_t n = strlen(text);
    if (qtr_utf8_invalid_offset(text, n) != n) {
        fail(c, QTR_ERR_PARSE, "text is not valid UTF-8 (byte %zu)", qtr_utf8_invalid_offset(text, n));
        return -1;
    }
    pango_layout_set_text(c->layout, text, (int)n);
    return 0;
}

/* After the layout of text (set_text, setup) with no ellipsis: fails the canvas when the font
 * lacks a glyph for a character of it. */
static int check_glyphs(lay_canvas *c, const char *text)
{
    int unknown = pango_layout_get_unknown_glyphs_count(c->layout);
    if (unknown > 0) {
        char *ex = qtr_excerpt(text, strlen(text), 120);
        fail(c, QTR_ERR_CONFIG, "font '%s' has no glyph for a character of the text \"%s\"",
             c->family, ex ? ex : text);
        free(ex);
        return -1;
    }
    return 0;
}

/* The logical width and height of text on one line at size, from the memo when it was measured
 * so before: op MEMO_SIZE (lay_text_size: a character the font lacks fails the canvas) or
 * MEMO_LINE (lay_line_height: the height of "国", unchecked). 0 on success. */
static int measure_line(lay_canvas *c, int op, const char *text, double size, int bold, double *w, double *h)
{
    char buf[MEMO_TEXT_MAX];
    memo_entry k;
    const double f[4] = {size, 0, 0, 0};
    const int i[4] = {bold, 0, 0, 0};
    int keyed = memo_key(c, &k, op, text, f, i, buf, sizeof buf);
    const memo_entry *e = keyed ? memo_find(&k) : NULL;
    if (e) {
        *w = e->size;
        *h = e->h;
        return 0;
    }
    if (set_text(c, text) != 0)
        return -1;
    setup(c, size, bold, 0, 1, 0, LAY_LEFT);
    PangoRectangle log;
    logical(c, &log);
    if (op == MEMO_SIZE && check_glyphs(c, text) != 0)
        return -1;
    *w = (double)log.width / PANGO_SCALE;
    *h = (double)log.height / PANGO_SCALE;
    if (keyed) {
        memo_entry ans = {0};
        ans.size = *w;
        ans.h = *h;
        memo_add(&k, &ans);
    }
    return 0;
}

double lay_line_height(lay_canvas *c, double size)
{
    if (c->status != QTR_OK)
        return size * 1.45;
    for (size_t i = 0; i < c->lh_n; i++)
        if (c->lh_size[i] == size)
            return c->lh[i];
    double w, h;
    if (measure_line(c, MEMO_LINE, "国", size, 0, &w, &h) != 0)
        return size * 1.45;
    if (c->lh_n < LH_CACHE) {
        c->lh_size[c->lh_n] = size;
        c->lh[c->lh_n++] = h;
    }
    return h;
}

void lay_text_size(lay_canvas *c, const char *text, double size, int bold, double *w, double *h)
{
    *w = 0;
    *h = 0;
    if (c->status == QTR_OK) /* on failure (the canvas's) both stay 0 */
        measure_line(c, MEMO_SIZE, text, size, bold, w, h);
}

/* The length of text to lay out for a paragraph that wraps to `lines` lines at one size (never
 * shrunk) in a box `width` wide: when the whole text runs far past them (the briefing's lists of
 * thousands of units, 100 KB in one paragraph), a prefix that already runs two lines past them.
 * Greedy line breaking gives the prefix's first lines exactly as the whole text's, and the cut
 * line ("…") keeps the start of what follows it, so the lines and their size are the same; the
 * whole text is laid out only once, to be drawn (fit), instead of at every measure (the briefing
 * pages measured and drew each paragraph six times: pango_shape_item was 18% of the charts
 * stage at 3,000 units).
 * The first prefix tried holds `lines` + 2 lines of the widest characters (3 UTF-8 bytes an em),
 * doubled until it overflows; the whole text when no prefix does. What it returns stays set. */
static size_t overflow_prefix(lay_canvas *c, const char *text, size_t n, const lay_style *st,
                              double width, int lines)
{
    double first = (lines + 2) * ceil(width / st->size) * 3.75;
    if (lines < 2 || (st->min_size > 0 && st->min_size < st->size) || width <= 0 || first >= n / 2)
        return n; /* the whole text, as set */
    for (size_t k = (size_t)first; k < n / 2; k *= 2) {
        size_t cut = k;
        while (cut < n && ((unsigned char)text[cut] & 0xC0) == 0x80) /* a character's start */
            cut++;
        pango_layout_set_text(c->layout, text, (int)cut);
        setup(c, st->size, st->bold, width, lines, 0, st->align);
        if (pango_layout_get_line_count(c->layout) >= lines + 2)
            return cut;
    }
    pango_layout_set_text(c->layout, text, (int)n);
    return n;
}

/* Whether a long text cut with "…" is drawn from its prefix (cairo_show_text_glyphs below);
 * tests turn it off to compare with the text laid out whole. */
static int draw_from_prefix = 1;

void lay_draw_from_prefix(int on)
{
    draw_from_prefix = on;
}

/* Lays text out in the shared layout to fit box; returns the size and fills *log. A text cut
 * with "…" is laid out from its prefix (overflow_prefix) also to draw (draw = 1): lay_text
 * gives the words the "…" stands for to the PDF (cairo_show_text_glyphs below). */
static double fit_layout(lay_canvas *c, const char *text, const lay_style *st, lay_box box,
                         PangoRectangle *log, int *ellipsized, int draw)
{
    *ellipsized = 0;
    c->cut_len = c->cut_whole = 0;
    if (set_text(c, text) != 0)
        return 0;
    int lines = st->max_lines < 1 ? 1 : st->max_lines;
    double min = st->min_size > 0 && st->min_size < st->size ? st->min_size : st->size;
    size_t whole = strlen(text), len = overflow_prefix(c, text, whole, st, box.w, lines);
    int checked = 0;
    for (double size = st->size;; size -= SIZE_STEP) {
        if (size < min)
            size = min;
        setup(c, size, st->bold, lines > 1 ? box.w : 0, lines, 0, st->align);
        logical(c, log);
        if (!checked++ && check_glyphs(c, text) != 0)
            return 0;
        double w = (double)log->width / PANGO_SCALE, h = (double)log->height / PANGO_SCALE;
        if (w <= box.w + EPS && h <= box.h + EPS && pango_layout_get_line_count(c->layout) <= lines)
            return size;
        if (size <= min)
            break;
    }
    /* still too big at the smallest size: as many lines as the box holds, cut with "…" */
    double size = min;
    double lh = lay_line_height(c, size);
    int room = (int)floor((box.h + EPS) / lh);
    if (room < 1) {
        size = fmax(SIZE_FLOOR, size * box.h / lh);
        room = 1;
    }
    if (room < lines)
        lines = room;
    if (draw && !draw_from_prefix)
        len = whole;
    pango_layout_set_text(c->layout, text, (int)len);
    setup(c, size, st->bold, box.w, lines, 1, st->align);
    c->cut_len = len;
    c->cut_whole = whole;
    logical(c, log);
    *ellipsized = 1;
    return size;
}

/* fit_layout's answer, from the memo when the same text was fitted the same way before (on
 * any canvas of the same kind); c->shown is the layout that holds it. */
static double fit(lay_canvas *c, const char *text, const lay_style *st, lay_box box,
                  PangoRectangle *log, int *ellipsized, int draw)
{
    c->shown = c->layout;
    char buf[MEMO_TEXT_MAX];
    memo_entry k;
    const double f[4] = {st->size, st->min_size, box.w, box.h};
    const int i[4] = {st->bold, st->max_lines, (int)st->align, draw && !draw_from_prefix};
    int keyed = memo_key(c, &k, MEMO_FIT, text, f, i, buf, sizeof buf);
    const memo_entry *e = keyed ? memo_find(&k) : NULL;
    if (e) {
        *log = e->log;
        *ellipsized = e->ell;
        c->cut_len = e->cut_len;
        c->cut_whole = e->cut_whole;
        c->shown = e->layout;
        return e->size;
    }
    double size = fit_layout(c, text, st, box, log, ellipsized, draw);
    PangoLayout *fresh;
    if (keyed && c->status == QTR_OK && memo_n < MEMO_MAX && (fresh = pango_layout_new(c->ctx))) {
        /* the layout goes to the memo; the canvas lays out the next text in a new one */
        memo_entry a = {0};
        a.layout = c->layout;
        a.size = size;
        a.log = *log;
        a.ell = *ellipsized;
        a.cut_len = c->cut_len;
        a.cut_whole = c->cut_whole;
        if (memo_add(&k, &a)) {
            c->layout = fresh;
        } else {
            g_object_unref(fresh);
        }
    }
    return size;
}

static lay_box place(const lay_style *st, lay_box box, const PangoRectangle *log)
{
    double w = (double)log->width / PANGO_SCALE, h = (double)log->height / PANGO_SCALE;
    lay_box u = {box.x, box.y, w, h};
    if (st->align == LAY_CENTER)
        u.x = box.x + (box.w - w) / 2;
    else if (st->align == LAY_RIGHT)
        u.x = box.x + box.w - w;
    if (st->valign == LAY_MIDDLE)
        u.y = box.y + (box.h - h) / 2;
    else if (st->valign == LAY_BOTTOM)
        u.y = box.y + box.h - h;
    return u;
}

double lay_text_fit(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used)
{
    if (used)
        *used = lay_box_make(box.x, box.y, 0, 0);
    if (c->status != QTR_OK)
        return 0;
    PangoRectangle log;
    int ell;
    double size = fit(c, text, st, box, &log, &ell, 0);
    if (c->status != QTR_OK)
        return 0;
    if (used)
        *used = place(st, box, &log);
    return size;
}

int lay_text_fits(lay_canvas *c, const char *text, const lay_style *st, lay_box box)
{
    if (c->status != QTR_OK)
        return 0;
    PangoRectangle log;
    int ell;
    fit(c, text, st, box, &log, &ell, 0);
    return c->status == QTR_OK && !ell;
}

/* Notes when a run of the shared layout uses a font of another family than the canvas's. */
static void note_fallback(lay_canvas *c)
{
    if (c->fallback)
        return;
    PangoLayoutIter *it = pango_layout_get_iter(c->shown);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        if (!run || !run->item || !run->item->analysis.font)
            continue;
        PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
        const char *family = fd ? pango_font_description_get_family(fd) : NULL;
        if (!own_family(c, family))
            c->fallback = 1;
        if (fd)
            pango_font_description_free(fd);
    } while (!c->fallback && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

static void record(lay_canvas *c, const char *text, lay_box used, lay_box box, double size, int ell)
{
    if (c->nrecs == c->caprecs) {
        size_t cap = c->caprecs ? c->caprecs * 2 : 64;
        lay_record *r = realloc(c->recs, cap * sizeof *r);
        if (!r) {
            fail(c, QTR_ERR_NOMEM, "out of memory");
            return;
        }
        c->recs = r;
        c->caprecs = cap;
    }
    lay_record *r = &c->recs[c->nrecs];
    if (!(r->text = qtr_strdup(text))) {
        fail(c, QTR_ERR_NOMEM, "out of memory");
        return;
    }
    r->used = used;
    r->box = box;
    r->size = size;
    r->ellipsized = ell;
    c->nrecs++;
}

/* A performance device: the words a "…" stands for, given to the PDF without laying them out.
 * A paragraph far past the lines it may wrap to (the 文字通报's lists of thousands of units,
 * 100 KB in one paragraph) is drawn from the prefix that fit measured it by: the same lines,
 * the same "…" at the same place. Laid out whole, Pango would shape all of it only for the
 * "…" to stand for it: cairo's PDF maps that glyph to the text of its cluster (an ActualText
 * span), which a search or a copy finds. The prefix's "…" stands for the words up to the
 * prefix's end only, so while lay_text draws such a layout, the call that shows the run ending
 * there — Pango's to cairo_show_text_glyphs — comes here first (the executable's definition is
 * bound before cairo's; the Makefile exports it) and the run's text and last cluster are
 * lengthened to the whole text's end: the very call the whole layout makes. Every other call
 * goes straight on to cairo's. The PDF's bytes are the same as with the whole text laid out
 * (tests/unit/charts/test_charts.c compares them, lay_draw_from_prefix(0)); the 文字通报 pages
 * on the reference's inputs at 3,000 units (bench/gains.md). If the definition is not bound
 * (another linker), the PDF maps the "…" to fewer words: the test fails. */
static struct {
    const char *layout_text; /* the layout's copy of the prefix */
    size_t len;              /* the prefix's length */
    const char *whole;       /* the whole text */
    size_t whole_len;
} cut_run;

typedef void (*show_text_glyphs_fn)(cairo_t *, const char *, int, const cairo_glyph_t *, int,
                                    const cairo_text_cluster_t *, int, cairo_text_cluster_flags_t);

void cairo_show_text_glyphs(cairo_t *cr, const char *utf8, int utf8_len, const cairo_glyph_t *glyphs,
                            int num_glyphs, const cairo_text_cluster_t *clusters, int num_clusters,
                            cairo_text_cluster_flags_t cluster_flags)
{
    static show_text_glyphs_fn real;
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "cairo_show_text_glyphs");
        memcpy(&real, &sym, sizeof real);
        if (!real)
            abort();
    }
    const char *t = cut_run.layout_text;
    if (t && utf8 && utf8_len > 0 && num_clusters > 0 && utf8 >= t && utf8 + utf8_len == t + cut_run.len) {
        size_t extra = cut_run.whole_len - cut_run.len;
        cairo_text_cluster_t *cl = malloc((size_t)num_clusters * sizeof *cl);
        if (cl && extra <= (size_t)(INT32_MAX - utf8_len)) {
            memcpy(cl, clusters, (size_t)num_clusters * sizeof *cl);
            /* the cluster at the text's end: the last (clusters follow the text's order; with
             * CAIRO_TEXT_CLUSTER_FLAG_BACKWARD only the glyphs run from the end) */
            cl[num_clusters - 1].num_bytes += (int)extra;
            real(cr, cut_run.whole + (utf8 - t), utf8_len + (int)extra, glyphs, num_glyphs, cl,
                 num_clusters, cluster_flags);
            free(cl);
            return;
        }
        free(cl);
    }
    real(cr, utf8, utf8_len, glyphs, num_glyphs, clusters, num_clusters, cluster_flags);
}

/* Draws layout (fitted for text, cut at cut_len of cut_whole bytes) in box as lay_text does. */
static void draw_layout(lay_canvas *c, PangoLayout *layout, const char *text, size_t cut_len,
                        size_t cut_whole, const PangoRectangle *log, const lay_style *st, lay_box box,
                        double size, int ell, lay_box *used)
{
    lay_box u = place(st, box, log);
    cairo_save(c->cr);
    lay_set_color(c->cr, st->color);
    cairo_move_to(c->cr, u.x - (double)log->x / PANGO_SCALE, u.y - (double)log->y / PANGO_SCALE);
    if (cut_len < cut_whole) { /* a prefix: cairo_show_text_glyphs above */
        cut_run.layout_text = pango_layout_get_text(layout);
        cut_run.len = cut_len;
        cut_run.whole = text;
        cut_run.whole_len = cut_whole;
    }
    pango_cairo_show_layout(c->cr, layout);
    cut_run.layout_text = NULL;
    cairo_restore(c->cr);
    if (c->recording)
        record(c, text, u, box, size, ell);
    if (used)
        *used = u;
}

void lay_text(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used)
{
    if (used)
        *used = lay_box_make(box.x, box.y, 0, 0);
    if (c->status != QTR_OK || !text || !*text)
        return;
    PangoRectangle log;
    int ell;
    double size = fit(c, text, st, box, &log, &ell, 1);
    if (c->status != QTR_OK)
        return;
    note_fallback(c);
    draw_layout(c, c->shown, text, c->cut_len, c->cut_whole, &log, st, box, size, ell, used);
}

struct lay_kept {
    PangoLayout *layout; /* as fitted, owned */
    char *text;          /* the whole text */
    size_t cut_len, cut_whole;
    PangoRectangle log;
    lay_style st;
    double size;
    int ell;
};

void lay_kept_free(lay_kept *k)
{
    if (!k)
        return;
    if (k->layout)
        g_object_unref(k->layout);
    free(k->text);
    free(k);
}

/* A performance device: the 文字通报's paragraphs and a unit page's texts were laid out to be
 * placed on pages and again to be drawn; the layout that placed them is kept and drawn
 * (bench/gains.md, fourth round). The canvas's shared layout is handed over and a new one takes
 * its place. */
lay_kept *lay_text_keep(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used)
{
    if (used)
        *used = lay_box_make(box.x, box.y, 0, 0);
    if (c->status != QTR_OK || !text)
        return NULL;
    if (!*text) { /* nothing to draw, measured as lay_text_fit measures it */
        lay_text_fit(c, text, st, box, used);
        return NULL;
    }
    lay_kept *k = calloc(1, sizeof *k);
    PangoLayout *fresh = pango_layout_new(c->ctx);
    if (!k || !fresh || !(k->text = qtr_strdup(text))) {
        if (fresh)
            g_object_unref(fresh);
        lay_kept_free(k);
        fail(c, QTR_ERR_NOMEM, "out of memory");
        return NULL;
    }
    k->size = fit(c, text, st, box, &k->log, &k->ell, 1);
    if (c->status != QTR_OK) {
        g_object_unref(fresh);
        lay_kept_free(k);
        return NULL;
    }
    note_fallback(c);
    if (c->shown == c->layout) { /* the canvas's own: handed over, a new one in its place */
        k->layout = c->layout;
        c->layout = fresh;
    } else { /* the memo's */
        k->layout = g_object_ref(c->shown);
        g_object_unref(fresh);
    }
    k->cut_len = c->cut_len;
    k->cut_whole = c->cut_whole;
    c->cut_len = c->cut_whole = 0;
    k->st = *st;
    if (used)
        *used = place(st, box, &k->log);
    return k;
}

void lay_kept_draw(lay_canvas *c, const lay_kept *k, lay_box box)
{
    if (c->status != QTR_OK || !k)
        return;
    draw_layout(c, k->layout, k->text, k->cut_len, k->cut_whole, &k->log, &k->st, box, k->size, k->ell, NULL);
}

lay_style lay_style_make(double size, int bold, lay_rgb color)
{
    lay_style s = {size, size * 0.8, bold, 1, LAY_LEFT, LAY_TOP, color};
    return s;
}

/* ---------------------------------------------------------------- shapes and boxes */

void lay_set_color(cairo_t *cr, lay_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

void lay_fill_rect(cairo_t *cr, lay_box b, lay_rgb c)
{
    lay_set_color(cr, c);
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_fill(cr);
}

void lay_stroke_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width, lay_rgb c)
{
    lay_set_color(cr, c);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

void lay_round_rect(cairo_t *cr, lay_box b, double r)
{
    if (r > b.w / 2)
        r = b.w / 2;
    if (r > b.h / 2)
        r = b.h / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, b.x + b.w - r, b.y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, b.x + b.w - r, b.y + b.h - r, r, 0, M_PI / 2);
    cairo_arc(cr, b.x + r, b.y + b.h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, b.x + r, b.y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

lay_box lay_box_make(double x, double y, double w, double h)
{
    lay_box b = {x, y, w, h};
    return b;
}

lay_box lay_inset(lay_box b, double dx, double dy)
{
    lay_box r = {b.x + dx, b.y + dy, b.w - 2 * dx, b.h - 2 * dy};
    if (r.w < 0)
        r.w = 0;
    if (r.h < 0)
        r.h = 0;
    return r;
}

int lay_box_contains(lay_box outer, lay_box inner, double eps)
{
    return inner.x >= outer.x - eps && inner.y >= outer.y - eps &&
           inner.x + inner.w <= outer.x + outer.w + eps && inner.y + inner.h <= outer.y + outer.h + eps;
}

int lay_box_overlaps(lay_box a, lay_box b, double eps)
{
    return a.x + eps < b.x + b.w && b.x + eps < a.x + a.w && a.y + eps < b.y + b.h && b.y + eps < a.y + a.h;
}
