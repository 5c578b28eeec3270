/* briefpage.h — the 文字通报 pages at the end of the leaders' PDF: the text of briefing.txt
 * (written by qtr-compare from the report, docs/formats.md) laid out as a bureau's report: the
 * title centred, section headings in bold, paragraphs indented and wrapped, body text 9.5 pt.
 * A paragraph is never split across pages (one longer than a page is cut with "…"); a heading
 * goes to the next page with its first paragraph when the two do not fit on this one.
 */
#ifndef QTR_CHARTS_BRIEFPAGE_H
#define QTR_CHARTS_BRIEFPAGE_H

#include <stddef.h>

#include "layout.h"
#include "status.h"

/* Pages the text takes in box (the content box of a page); 0 for an empty text. Measures on c
 * without drawing. */
size_t briefpage_count(lay_canvas *c, const char *text, lay_box box);

/* Called before the first paragraph of page k (0-based) is drawn: the caller ends the page
 * before (k > 0) and draws page k's frame. */
typedef void (*briefpage_fn)(void *ctx, size_t k);

/* Draws every page of the text in box, in one pass (a page at a time would lay the whole
 * text out again for each page: 40% of the charts stage at 3,000 units, whose briefing runs
 * to 110 KB); page_fn(ctx, k) starts each page. The caller ends the last one. Errors are the
 * canvas's (sticky). */
qtr_status briefpage_draw_all(lay_canvas *c, const char *text, lay_box box, briefpage_fn page_fn,
                              void *ctx);

#endif
