/* ranking.h — per-unit rankings of the leaders' PDF: for one indicator, a horizontal bar per
 * ranked unit in the order of the report's `rank` (competition ranking: tied units share a
 * rank, the next one is skipped), by completion of the unit targets or by actual as the rows'
 * `rank_basis` says (the subtitle tells which). Each bar is labelled with the unit's actual;
 * coloured (and marked with a shape) by status where per-unit targets exist; units that missed
 * a quarter are hatched and labelled "未报Q2". Units without a rank (no value this year) are
 * named in a note under the bars, never placed after the ranked ones. Large rosters show only
 * the top and bottom RANKING_EDGE ranked units, so the drawing cost does not grow with the
 * roster.
 */
#ifndef QTR_CHARTS_RANKING_H
#define QTR_CHARTS_RANKING_H

#include <stddef.h>

#include "layout.h"
#include "words.h"

#define RANKING_ALL_MAX 30   /* rankings up to this size are shown whole */
#define RANKING_EDGE 10      /* otherwise: this many from the top and from the bottom */
#define RANKING_NOTE_UNITS 10 /* unranked units named in the note before "等 N 个单位" */

/* The units of indicator i in display order into order (room for r->nunits): the ranked ones by
 * rank (ties in roster order), then the unranked ones in roster order. Returns how many are
 * ranked. */
size_t ranking_order(const qtr_report *r, size_t i, size_t *order);

/* Of n ranked units, how many are drawn from the top and from the bottom (top + bottom == n
 * when all of them are shown). */
void ranking_shown(size_t n, size_t *top, size_t *bottom);

/* The subtitle of indicator i's ranking: the measure unit, what the ranking is by (completion
 * of the unit targets or the actual), ties, how statuses are shown; when cut, how many are left
 * out. Appends. */
qtr_status ranking_subtitle(const qtr_report *r, size_t i, qtr_buf *out);

/* The note naming the units without a rank and why ("未参加排名：市本级（本年未报送）");
 * nothing when every unit is ranked. Appends. */
qtr_status ranking_unranked_note(const qtr_report *r, size_t i, qtr_buf *out);

/* Draws the ranking of indicator i into box. Errors are the canvas's. */
qtr_status ranking_draw(lay_canvas *c, const qtr_report *r, size_t i, lay_box box);

#endif
