/* dashboard.h — page 1 of the leaders' PDF: title, the one-line headline of statuses, a notice
 * when input was rejected or reports are missing, and one bullet graph per indicator (after
 * Stephen Few): bands in shades of one hue, the actual as a dark bar from zero, the target as a
 * perpendicular marker, the time progress as a second marker, the status as a shape + label,
 * and the figures in words.
 *
 * All bullets share one scale in fractions of the target (0 .. scale_max), so they can be
 * compared down the page.
 */
#ifndef QTR_CHARTS_DASHBOARD_H
#define QTR_CHARTS_DASHBOARD_H

#include <stddef.h>

#include "chart_data.h"
#include "layout.h"
#include "marks.h"

/* Geometry of one bullet graph along x (pure; y is the caller's). */
typedef struct {
    double x0, x1;                      /* the scale: fraction 0 at x0, scale_max at x1 */
    double band_x[MARKS_NBANDS + 1];    /* band edges, x0 .. x1 */
    double bar_end;                     /* right end of the actual bar, <= x1 */
    int overflow;                       /* the actual is beyond the scale: bar cut at x1 */
    double target_x;                    /* the target (fraction 1) */
    double pace_x;                      /* the time-progress position; NAN when unknown */
    double hi_x;                        /* upper end of a range target; NAN when none */
} dashboard_geom;

/* Bullet geometry for completion (A/T), pace (E/T: where the pace says the actual should be)
 * and hi (range upper end / T), each a fraction of the target (NAN when unknown), on a scale
 * 0..scale_max drawn from x over width w. Values below 0 are drawn at 0. */
void dashboard_bullet(double completion, double pace, double hi, double scale_max, double x,
                      double w, dashboard_geom *g);

/* The common scale: 1.2 (120% of target), 1.5 when some indicator is beyond 120%. */
double dashboard_scale_max(const chart_data *d);

/* Where an indicator's time-progress marker goes, as a fraction of its target: E / T, else P. */
double dashboard_pace_fraction(const chart_indicator *ind);

/* Dashboard pages needed (1 unless there are many indicators) and the indicators on one. */
size_t dashboard_pages(const chart_data *d);
void dashboard_page_range(const chart_data *d, size_t page, size_t *first, size_t *count);

/* Draws dashboard page `page` (0-based) into box. Errors are the canvas's (sticky). */
qtr_status dashboard_draw(lay_canvas *c, const chart_data *d, size_t page, lay_box box);

/* Draws the first dashboard page at the top of box, rows at full height and the footnote right
 * under them, for a page it shares with the trend; *bottom gets the y where it ends. */
qtr_status dashboard_draw_top(lay_canvas *c, const chart_data *d, lay_box box, double *bottom);

#endif
