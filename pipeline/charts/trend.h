/* trend.h — the trend page(s) of the leaders' PDF: per indicator, the region's trend of the
 * report (qtr_trend_point: the cumulative actual against the pace line `expected`, hollow
 * where no unit reported the quarter's amount) and the target,
 * as small multiples in a grid of up to 3 x 3 (fewer charts get larger cells) with readable axes.
 */
#ifndef QTR_CHARTS_TREND_H
#define QTR_CHARTS_TREND_H

#include <stddef.h>

#include "layout.h"
#include "words.h"

#define TREND_COLS 3
#define TREND_ROWS 3
#define TREND_PER_PAGE (TREND_COLS * TREND_ROWS)
#define TREND_CELL_HEAD 60.0  /* points above a cell's plot (name, status, figures) */

/* Columns and rows of the grid for count charts on a page: one chart full width, two side by
 * side, four in 2 x 2, else three columns. */
void trend_grid(size_t count, size_t *cols, size_t *rows);

/* Height that trend page `page` needs at width w when its cells are at their tallest (a box
 * taller than this leaves space below). */
double trend_height(const qtr_report *r, size_t page, double w);

/* Trend pages needed and the indicators on page `page`. */
size_t trend_pages(const qtr_report *r);
void trend_page_range(const qtr_report *r, size_t page, size_t *first, size_t *count);

/* A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) so that span is covered by at most
 * max_ticks steps; whole: a whole number (1, 2, 5 times a power of ten, at least 1), for counts.
 * span <= 0 gives 1. */
double trend_nice_step(double span, int max_ticks, int whole);

/* Draws trend page `page` into box. Errors are the canvas's. */
qtr_status trend_draw(lay_canvas *c, const qtr_report *r, size_t page, lay_box box);

#endif
