/* layout.h — a drawing canvas for the charts stage: a cairo context plus one Pango context set
 * up so that PDF, PNG and SVG lay text out alike, and text helpers that measure before they
 * draw, so that no text is clipped and none overflows its box.
 *
 * Errors are sticky, like cairo's: after the first failure (a font that is not installed, a
 * character the font cannot show, a cairo error) every drawing call does nothing, and
 * lay_canvas_status() / lay_canvas_error() report the first failure. Chart code draws and
 * checks the status once at the end.
 */
#ifndef QTR_CHARTS_LAYOUT_H
#define QTR_CHARTS_LAYOUT_H

#include <cairo.h>
#include <stddef.h>

#include "status.h"

/* A rectangle in user space (points), y downwards. */
typedef struct {
    double x, y, w, h;
} lay_box;

typedef struct {
    double r, g, b;
} lay_rgb;

typedef enum { LAY_LEFT, LAY_CENTER, LAY_RIGHT } lay_align;
typedef enum { LAY_TOP, LAY_MIDDLE, LAY_BOTTOM } lay_valign;

/* How a text is fitted into its box. */
typedef struct {
    double size;        /* preferred font size, points */
    double min_size;    /* shrink down to this size (in 0.5 pt steps) before ellipsizing */
    int bold;
    int max_lines;      /* wrap up to this many lines (1: no wrapping) */
    lay_align align;
    lay_valign valign;
    lay_rgb color;
} lay_style;

/* A text as placed: its logical extents and the box it was given. */
typedef struct {
    lay_box used;       /* logical rectangle of the laid-out text */
    lay_box box;        /* the box it had to stay in */
    double size;        /* the font size chosen */
    int ellipsized;     /* 1 when the text had to be cut with "…" */
    char *text;         /* owned copy */
} lay_record;

typedef struct lay_canvas lay_canvas;

/* A canvas on cr (borrowed; the caller keeps it alive and destroys it after the canvas).
 * Sets the font options (hint metrics and hinting off, no rounded glyph positions) and checks
 * that `family` resolves to itself, not to a substitute. On failure returns NULL with err set
 * (QTR_ERR_CONFIG for the font, QTR_ERR_NOMEM). */
lay_canvas *lay_canvas_new(cairo_t *cr, const char *family, qtr_error *err);

/* Frees the canvas and its records; NULL allowed. */
void lay_canvas_free(lay_canvas *c);

/* From now on canvases of `family` ask for `subset_family` first and `family` for what it
 * lacks (fontsub.c: the same font cut to fewer characters); both count as the family asked
 * for. Once per process, before any canvas; the strings are copied. */
void lay_font_substitute(const char *family, const char *subset_family);

cairo_t *lay_canvas_cr(const lay_canvas *c);

/* QTR_OK, or the first failure (also folds in cairo_status of the context). */
qtr_status lay_canvas_status(lay_canvas *c);
const qtr_error *lay_canvas_error(const lay_canvas *c);

/* 1 when some text was drawn with a font other than the canvas's family (fontconfig fell back
 * for a character the family lacks). Such text renders correctly, but fontconfig and cairo
 * then keep cache entries that their debug clean-up functions (FcFini,
 * cairo_debug_reset_static_data) assert on: do not call them after a fallback. */
int lay_canvas_fallback(const lay_canvas *c);

/* Records every text drawn from now on (for tests and checks). */
void lay_canvas_record(lay_canvas *c, int on);
size_t lay_canvas_nrecords(const lay_canvas *c);
const lay_record *lay_canvas_records(const lay_canvas *c);

/* Fits text into box by style (shrink, then wrap up to max_lines, then ellipsize) without
 * drawing; *used receives where it would go (when not NULL). Returns the chosen size, or 0
 * after an error. */
double lay_text_fit(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used);

/* 1 when text fits box by style without being cut with "…" (0 after an error). */
int lay_text_fits(lay_canvas *c, const char *text, const lay_style *st, lay_box box);

/* Whether a text far past the lines it may wrap to, cut with "…", is drawn from the prefix it
 * was measured by (1, the default; the PDF still maps the "…" to the whole text's words) or
 * laid out whole again (0: tests compare the two). For the whole process. */
void lay_draw_from_prefix(int on);

/* Whether texts fitted or measured once are kept for the process (1, the default) or laid
 * out every time (0: tests compare the two); either way the memo is emptied. */
void lay_memo(int on);

/* Empties the memo of laid-out texts (layout.c): before pango_cairo_font_map_set_default(NULL)
 * and cairo_debug_reset_static_data, whose clean-up the kept layouts' fonts would otherwise
 * outlive. */
void lay_memo_free(void);

/* Fits and draws; *used (when not NULL) receives the logical rectangle drawn. */
void lay_text(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used);

/* A text fitted once and drawn later, where its box is known only after measuring (the
 * 文字通报's paragraphs: placed on pages, then drawn). It keeps its own laid-out lines, so
 * drawing it does not lay it out again; what it draws is what lay_text draws for the same
 * text, style and box. */
typedef struct lay_kept lay_kept;

/* Fits text into box as lay_text would, without drawing; *used receives where it would go
 * (when not NULL), as lay_text_fit gives it. NULL for an empty text (nothing to draw) and after
 * an error (the canvas's, sticky; out of memory fails the canvas). */
lay_kept *lay_text_keep(lay_canvas *c, const char *text, const lay_style *st, lay_box box, lay_box *used);

/* Draws k on c (the canvas it was fitted on) in box: at box's position as lay_text would place
 * it, its lines as fitted. */
void lay_kept_draw(lay_canvas *c, const lay_kept *k, lay_box box);

void lay_kept_free(lay_kept *k);

/* Logical width and height of text on one line at size (points). */
void lay_text_size(lay_canvas *c, const char *text, double size, int bold, double *w, double *h);

/* Height of one line of text at size. */
double lay_line_height(lay_canvas *c, double size);

/* A style with the given size, left/top aligned, one line, ink colour, min_size = size * 0.8. */
lay_style lay_style_make(double size, int bold, lay_rgb color);

/* Fill and stroke helpers. */
void lay_set_color(cairo_t *cr, lay_rgb c);
void lay_fill_rect(cairo_t *cr, lay_box b, lay_rgb c);
void lay_stroke_line(cairo_t *cr, double x0, double y0, double x1, double y1, double width, lay_rgb c);
/* Adds a rectangle with rounded corners (radius r) to the path. */
void lay_round_rect(cairo_t *cr, lay_box b, double r);

/* Geometry helpers. */
lay_box lay_box_make(double x, double y, double w, double h);
lay_box lay_inset(lay_box b, double dx, double dy);
int lay_box_contains(lay_box outer, lay_box inner, double eps);
int lay_box_overlaps(lay_box a, lay_box b, double eps);

#endif
