/* dashboard.h — page 1 of the leaders' PDF: title, the report's headline, a notice when input
 * was rejected or reports are missing (the summary's counts and sentences), and one bullet
 * graph per indicator (after
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

#include "layout.h"
#include "marks.h"
#include "words.h"

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
double dashboard_scale_max(const qtr_report *r);

/* Where a row's time-progress marker goes, as a fraction of its target: E / T, else P. */
double dashboard_pace_fraction(const qtr_progress_row *row);

/* Dashboard pages needed (1 unless there are many indicators) and the indicators on one. */
size_t dashboard_pages(const qtr_report *r);
void dashboard_page_range(const qtr_report *r, size_t page, size_t *first, size_t *count);

/* The data-quality notice of page 1 from the report's summary (the input's rejects, the units
 * whose reports are missing); nothing when there is nothing to say. Appends. */
qtr_status dashboard_notice_text(const qtr_report *r, qtr_buf *out);

/* Draws dashboard page `page` (0-based) into box. Errors are the canvas's (sticky). */
qtr_status dashboard_draw(lay_canvas *c, const qtr_report *r, size_t page, lay_box box);

/* Draws the first dashboard page at the top of box, rows at full height and the footnote right
 * under them, for a page it shares with the trend; *bottom gets the y where it ends. */
qtr_status dashboard_draw_top(lay_canvas *c, const qtr_report *r, lay_box box, double *bottom);

#endif
