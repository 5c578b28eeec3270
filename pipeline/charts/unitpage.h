/* unitpage.h — one district's feedback page (districts/<unit>.pdf, docs/formats.md): the
 * unit's figures of the quarter as compare wrote them (progress.csv's unit rows: actual,
 * target or the region's pace, completion, status, rank and its change, 同比, quarters
 * missing) and its 整改清单, the rows of rejects.csv with its name (file, line, column, what
 * was found, what to write instead), or 本单位本期数据无需整改. One A4 page; a long list goes
 * on to further pages, its header repeated.
 */
#ifndef QTR_CHARTS_UNITPAGE_H
#define QTR_CHARTS_UNITPAGE_H

#include <stddef.h>

#include "districts.h"
#include "layout.h"
#include "words.h"

typedef struct unitpage unitpage;

/* The texts of unit's page (a roster index of r); rj may be NULL (no rejects known).
 * NULL on allocation failure. */
unitpage *unitpage_new(const qtr_report *r, const qtr_rejects *rj, int unit);
void unitpage_free(unitpage *u);

/* Pages the unit's content takes in box (at least 1). Its texts are laid out on c once and
 * kept in u for unitpage_draw on the same canvas and box (another canvas or box lays them out
 * again; so use a unitpage with one canvas: a new canvas at a freed one's address would look
 * the same). */
size_t unitpage_count(lay_canvas *c, unitpage *u, lay_box box);

/* Draws page `page` of it into box. */
qtr_status unitpage_draw(lay_canvas *c, unitpage *u, lay_box box, size_t page);

/* The reject rows listed (the 整改清单's length). */
size_t unitpage_nrejects(const unitpage *u);

#endif
