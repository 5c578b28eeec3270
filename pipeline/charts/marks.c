/* marks.c — palette, status marks, hatching and bullet markers (see marks.h). */
#include "marks.h"

#include <math.h>

#define RGB(hex) {((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0}

const lay_rgb MARKS_INK = RGB(0x1f2933);
const lay_rgb MARKS_MUTED = RGB(0x5c6773);
const lay_rgb MARKS_FAINT = RGB(0xdde3ea);
const lay_rgb MARKS_RULE = RGB(0x9aa5b1);
const lay_rgb MARKS_ACTUAL = RGB(0x1c3557);
const lay_rgb MARKS_NEUTRAL = RGB(0x5b7fa8);
const lay_rgb MARKS_PACE = RGB(0x3e4a56);
const lay_rgb MARKS_PANEL = RGB(0xf1f4f8);
const lay_rgb MARKS_WARN_FILL = RGB(0xfff6e0);
const lay_rgb MARKS_WARN_EDGE = RGB(0xc98a00);
const lay_rgb MARKS_WHITE = RGB(0xffffff);

const lay_rgb MARKS_BAND[MARKS_NBANDS] = {RGB(0xb7c8dc), RGB(0xcfdbe9), RGB(0xe3eaf3), RGB(0xf3f6fa)};
const double MARKS_BAND_END[MARKS_NBANDS - 1] = {0.5, 0.8, 1.0};

lay_rgb marks_rgb(uint32_t hex)
{
    lay_rgb c = RGB(hex);
    return c;
}

lay_rgb marks_status_fill(qtr_progress_status s)
{
    return marks_rgb(qtr_status_look_of(s)->fill);
}

lay_rgb marks_status_text(qtr_progress_status s)
{
    return marks_rgb(qtr_status_look_of(s)->ink);
}

/* Fills the current path and outlines it in the status's ink, so the shape keeps an edge when
 * a greyscale print turns its fill into a mid grey. */
static void fill_edged(cairo_t *cr, const qtr_status_look *look, double r)
{
    cairo_fill_preserve(cr);
    lay_set_color(cr, marks_rgb(look->ink));
    cairo_set_line_width(cr, fmax(0.4, r * 0.16));
    cairo_stroke(cr);
}

static void tick(cairo_t *cr, double cx, double cy, double r)
{
    cairo_move_to(cr, cx - 0.5 * r, cy + 0.02 * r);
    cairo_line_to(cr, cx - 0.12 * r, cy + 0.42 * r);
    cairo_line_to(cr, cx + 0.55 * r, cy - 0.4 * r);
}

void marks_status_shape(cairo_t *cr, qtr_progress_status s, double cx, double cy, double r)
{
    const qtr_status_look *look = qtr_status_look_of(s);
    cairo_save(cr);
    cairo_new_path(cr);
    lay_set_color(cr, marks_rgb(look->fill));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    switch (look->mark) {
    case QTR_MARK_RING:
        cairo_set_line_width(cr, r * 0.3);
        cairo_arc(cr, cx, cy, r * 0.85, 0, 2 * M_PI);
        cairo_stroke(cr);
        break;
    case QTR_MARK_TICK:
        cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
        fill_edged(cr, look, r);
        lay_set_color(cr, MARKS_WHITE);
        cairo_set_line_width(cr, r * 0.32);
        tick(cr, cx, cy, r);
        cairo_stroke(cr);
        break;
    case QTR_MARK_DOT:
        cairo_arc(cr, cx, cy, r * 0.9, 0, 2 * M_PI);
        fill_edged(cr, look, r);
        break;
    case QTR_MARK_TRIANGLE:
        cairo_move_to(cr, cx, cy - r * 1.05);
        cairo_line_to(cr, cx + r * 1.1, cy + r * 0.85);
        cairo_line_to(cr, cx - r * 1.1, cy + r * 0.85);
        cairo_close_path(cr);
        fill_edged(cr, look, r);
        lay_set_color(cr, MARKS_WHITE);
        cairo_set_line_width(cr, r * 0.26);
        cairo_move_to(cr, cx, cy - r * 0.45);
        cairo_line_to(cr, cx, cy + r * 0.22);
        cairo_stroke(cr);
        cairo_arc(cr, cx, cy + r * 0.55, r * 0.14, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    case QTR_MARK_DIAMOND:
        cairo_move_to(cr, cx, cy - r * 1.15);
        cairo_line_to(cr, cx + r * 1.15, cy);
        cairo_line_to(cr, cx, cy + r * 1.15);
        cairo_line_to(cr, cx - r * 1.15, cy);
        cairo_close_path(cr);
        fill_edged(cr, look, r);
        lay_set_color(cr, MARKS_WHITE);
        cairo_set_line_width(cr, r * 0.26);
        cairo_move_to(cr, cx, cy - r * 0.55);
        cairo_line_to(cr, cx, cy + r * 0.15);
        cairo_stroke(cr);
        cairo_arc(cr, cx, cy + r * 0.5, r * 0.14, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    case QTR_MARK_CROSS:
        cairo_rectangle(cr, cx - r * 0.9, cy - r * 0.9, r * 1.8, r * 1.8);
        fill_edged(cr, look, r);
        lay_set_color(cr, MARKS_WHITE);
        cairo_set_line_width(cr, r * 0.3);
        cairo_move_to(cr, cx - r * 0.45, cy - r * 0.45);
        cairo_line_to(cr, cx + r * 0.45, cy + r * 0.45);
        cairo_move_to(cr, cx + r * 0.45, cy - r * 0.45);
        cairo_line_to(cr, cx - r * 0.45, cy + r * 0.45);
        cairo_stroke(cr);
        break;
    case QTR_MARK_ARROW:
        cairo_move_to(cr, cx, cy - r * 1.1);
        cairo_line_to(cr, cx + r, cy);
        cairo_line_to(cr, cx + r * 0.4, cy);
        cairo_line_to(cr, cx + r * 0.4, cy + r);
        cairo_line_to(cr, cx - r * 0.4, cy + r);
        cairo_line_to(cr, cx - r * 0.4, cy);
        cairo_line_to(cr, cx - r, cy);
        cairo_close_path(cr);
        fill_edged(cr, look, r);
        break;
    case QTR_MARK_CLOCK:
        cairo_set_line_width(cr, r * 0.26);
        cairo_arc(cr, cx, cy, r * 0.87, 0, 2 * M_PI);
        cairo_stroke(cr);
        cairo_move_to(cr, cx, cy - r * 0.55);
        cairo_line_to(cr, cx, cy);
        cairo_line_to(cr, cx + r * 0.4, cy + r * 0.2);
        cairo_stroke(cr);
        break;
    }
    cairo_restore(cr);
}

void marks_hatch(cairo_t *cr, lay_box b, lay_rgb c, double gap)
{
    if (b.w <= 0 || b.h <= 0 || gap <= 0)
        return;
    cairo_save(cr);
    cairo_rectangle(cr, b.x, b.y, b.w, b.h);
    cairo_clip(cr);
    lay_set_color(cr, c);
    cairo_set_line_width(cr, gap * 0.35);
    for (double x = b.x - b.h; x < b.x + b.w; x += gap) {
        cairo_move_to(cr, x, b.y + b.h);
        cairo_line_to(cr, x + b.h, b.y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void marks_target(cairo_t *cr, double x, double y0, double y1, double width)
{
    cairo_save(cr);
    lay_set_color(cr, MARKS_INK);
    cairo_rectangle(cr, x - width / 2, y0, width, y1 - y0);
    cairo_fill(cr);
    cairo_restore(cr);
}

void marks_pace(cairo_t *cr, double x, double y, double y_end, double s)
{
    cairo_save(cr);
    lay_set_color(cr, MARKS_PACE);
    cairo_move_to(cr, x, y);
    cairo_line_to(cr, x + s * 0.62, y - s);
    cairo_line_to(cr, x - s * 0.62, y - s);
    cairo_close_path(cr);
    cairo_fill(cr);
    if (y_end > y) {
        static const double dash[] = {1.6, 1.2};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 0.9);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x, y_end);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}
