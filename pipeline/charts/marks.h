/* marks.h — the visual vocabulary shared by the charts: the palette, the status marks (a colour
 * AND a shape, so that a greyscale print still reads), hatching for units that did not report,
 * and the markers of the bullet graphs (target, time progress).
 */
#ifndef QTR_CHARTS_MARKS_H
#define QTR_CHARTS_MARKS_H

#include <stdint.h>

#include "layout.h"
#include "words.h"

/* Palette: calm, one blue hue for scales and bands. */
extern const lay_rgb MARKS_INK;        /* main text */
extern const lay_rgb MARKS_MUTED;      /* secondary text */
extern const lay_rgb MARKS_FAINT;      /* hairlines, grid */
extern const lay_rgb MARKS_RULE;       /* header and footer rules */
extern const lay_rgb MARKS_ACTUAL;     /* the actual: bullet bars, trend lines */
extern const lay_rgb MARKS_NEUTRAL;    /* ranking bars without a status */
extern const lay_rgb MARKS_PACE;       /* time-progress marker and pace line */
extern const lay_rgb MARKS_PANEL;      /* light panel background */
extern const lay_rgb MARKS_WARN_FILL;  /* notice box */
extern const lay_rgb MARKS_WARN_EDGE;
extern const lay_rgb MARKS_WHITE;

/* Bullet bands, darkest (poor) to lightest (target passed), and their upper ends as fractions
 * of the target; the last band runs to the end of the scale. */
#define MARKS_NBANDS 4
extern const lay_rgb MARKS_BAND[MARKS_NBANDS];
extern const double MARKS_BAND_END[MARKS_NBANDS - 1];

/* A colour 0xRRGGBB as cairo wants it. */
lay_rgb marks_rgb(uint32_t hex);

/* Fill colour of a status mark, and a darker tone of it for text on white: the status's look
 * (words.h, qtr_status_look_of). */
lay_rgb marks_status_fill(qtr_progress_status s);
lay_rgb marks_status_text(qtr_progress_status s);

/* Draws the mark of a status (its look's `mark`) centred at (cx, cy), r its radius: a disc with
 * a tick, a disc, a triangle, a diamond, a square with a cross, an up-arrow, a ring with clock
 * hands, an open ring. */
void marks_status_shape(cairo_t *cr, qtr_progress_status s, double cx, double cy, double r);

/* Diagonal hatching over b (lines of colour c, `gap` apart). */
void marks_hatch(cairo_t *cr, lay_box b, lay_rgb c, double gap);

/* The target marker: a short thick vertical bar at x spanning [y0, y1]. */
void marks_target(cairo_t *cr, double x, double y0, double y1, double width);

/* The time-progress marker: a downward triangle whose tip touches (x, y), size s, and a
 * dashed line from y down to y_end. */
void marks_pace(cairo_t *cr, double x, double y, double y_end, double s);

#endif
