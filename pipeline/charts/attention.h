/* attention.h — what page 1 says about the indicators that lag and the units behind them, and
 * which indicators get a ranking page. Everything is read off the report's rows (status,
 * completion, progress, missing quarters, the units' ranks, cards and year-on-year growth):
 * nothing here works out a figure compare knows.
 *
 * An indicator needs attention when the region's status is 严重滞后, 未完成 or 滞后.
 */
#ifndef QTR_CHARTS_ATTENTION_H
#define QTR_CHARTS_ATTENTION_H

#include <stddef.h>

#include "layout.h"
#include "words.h"

#define ATTENTION_UNITS 3        /* units named as holding an indicator back */
#define ATTENTION_MISSING 5      /* units with missing quarters named before "等 N 个单位" */
#define ATTENTION_UNCOVERED 10   /* uncovered units named before "等 N 个单位" */

/* 1 when status s needs attention (critical, missed, lagging). */
int attention_status(qtr_progress_status s);

/* The statuses that need attention, worst first. */
#define ATTENTION_NSTATUS 3
extern const qtr_progress_status ATTENTION_ORDER[ATTENTION_NSTATUS];

/* The indicators needing attention into idx (room for r->nind), worst status first, plan order
 * within a status; returns how many. */
size_t attention_indicators(const qtr_report *r, size_t *idx);

/* The line under the headline naming them: "严重滞后：规上工业企业研发提升。滞后：新增孵化载体；
 * 高新技术企业。" (names of one status separated by "；"); "各项指标均无滞后。" when none.
 * Appends. */
qtr_status attention_names(const qtr_report *r, qtr_buf *out);

/* The same names at most `most` of each status, then how many: "滞后：A；B；C 等 7 项。".
 * Appends. */
qtr_status attention_short_names(const qtr_report *r, size_t most, qtr_buf *out);

/* The names as they fit box in style st on c, for page 1 and the summary card alike: all of
 * them (attention_names), else at most 3, 2, 1 of each status with the count
 * (attention_short_names), whole names and never a name cut short; the shortest when none fits.
 * Appends to an empty out. */
qtr_status attention_names_fitting(lay_canvas *c, const qtr_report *r, const lay_style *st, lay_box box,
                                   qtr_buf *out);

/* Why indicator i is behind, in the words of its row: "完成 58.0%，低于序时进度 17.0 个百分点";
 * for a row whose status follows the incremental progress (a stock with a baseline) the
 * distinction from its completion: "完成 97.3%，但增量进度 70.8% 低于序时进度 75.0%". Appends. */
qtr_status attention_reason(const qtr_report *r, size_t i, qtr_buf *out);

/* The units that hold indicator i back, from its unit rows: with unit targets the units whose
 * own status needs attention, lowest completion first, with their shortfall
 * ("单位滞后：城关区（完成 40.0%，差 12 家）"; 单位未完成 at a milestone's year-end); without, where year-on-year growth is known, the
 * lowest growth ("同比最低：永登县 −12.0%、…"); else that units are not assessed. Then the units
 * whose figure misses a quarter ("缺报：城关区 Q2、红古区 Q3"). Appends. */
qtr_status attention_units(const qtr_report *r, size_t i, qtr_buf *out);

/* The mark of a figure of indicator i on page 1: "※缺报Q2、Q3" when the region's figure
 * includes a quarter some unit did not report (or whose value was rejected), and for coverage
 * the units not covered ("未覆盖：从化区"); nothing otherwise. Appends. */
qtr_status attention_mark(const qtr_report *r, size_t i, qtr_buf *out);

/* The units of a coverage indicator i whose value is 0 (not covered), roster order:
 * "从化区" / "A、B 等 12 个单位"; nothing when every unit is covered or i is no coverage
 * indicator. Appends. */
qtr_status attention_uncovered(const qtr_report *r, size_t i, qtr_buf *out);

/* The indicators that get a ranking page into idx (room for r->nind), plan order: those marked
 * `key` and every one needing attention; every indicator when none is key. Returns how many. */
size_t attention_ranked(const qtr_report *r, size_t *idx);

/* Year-on-year growth as shown: "+5.0%", "−12.0%" (a typeset minus), "0.0%"; "—" for NAN. */
char *attention_yoy(double g, char *buf, size_t size);

#endif
