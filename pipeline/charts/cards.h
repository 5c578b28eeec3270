/* cards.h — the district × indicator card grid of the leaders' PDF (亮牌): for every indicator
 * with per-unit targets, each unit's card (progress.csv `card`, from the unit row's status:
 * green, yellow, red) as a tinted cell with the status's shape and the unit's completion; a
 * figure that includes a missing or rejected quarter is marked ※. Drawn only when some
 * indicator has unit targets.
 */
#ifndef QTR_CHARTS_CARDS_H
#define QTR_CHARTS_CARDS_H

#include <stddef.h>

#include "layout.h"
#include "words.h"

#define CARDS_MAX_COLS 10    /* indicators on the grid; more are left to the workbook */
#define CARDS_MAX_UNITS 40   /* units on the grid, roster order; more are left to the workbook */
#define CARDS_BAND_COLS 6    /* columns side by side; more go to a second band below, when its
                              * rows stay at least CARDS_BAND_ROW_MIN points tall */
#define CARDS_BAND_ROW_MIN 15.0

/* The indicators with a unit target in force on some unit row, plan order, into idx (room for
 * r->nind); returns how many (0: no grid). */
size_t cards_indicators(const qtr_report *r, size_t *idx);

/* Draws the grid into box. Errors are the canvas's. */
qtr_status cards_draw(lay_canvas *c, const qtr_report *r, lay_box box);

#endif
