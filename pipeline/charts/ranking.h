/* ranking.h — per-unit rankings of the leaders' PDF: for one indicator, a horizontal bar per
 * reporting unit, sorted descending; coloured (and marked with a shape) by status where per-unit
 * targets exist, units that missed a quarter hatched and labelled "未报Q2". Large rosters show
 * only the top and bottom RANKING_EDGE units, so the drawing cost does not grow with the roster.
 */
#ifndef QTR_CHARTS_RANKING_H
#define QTR_CHARTS_RANKING_H

#include <stddef.h>

#include "chart_data.h"
#include "layout.h"

#define RANKING_ALL_MAX 30   /* rosters up to this size are shown whole */
#define RANKING_EDGE 10      /* otherwise: this many from the top and from the bottom */

/* Units of indicator `ind` that have a row, sorted by actual descending (ties: roster order),
 * into order (room for d->nunits). Returns how many. */
size_t ranking_order(const chart_data *d, size_t ind, size_t *order);

/* Of n ranked units, how many are drawn from the top and from the bottom (top + bottom == n
 * when all of them are shown). */
void ranking_shown(size_t n, size_t *top, size_t *bottom);

/* Draws the ranking of indicator `ind` into box. Errors are the canvas's. */
qtr_status ranking_draw(lay_canvas *c, const chart_data *d, size_t ind, lay_box box);

#endif
