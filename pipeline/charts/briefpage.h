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

/* The text laid out on pages of box (the content box of a page): where each paragraph goes,
 * measured once on c (without drawing), so that the pages can be counted before the pages in
 * front of them are drawn and then drawn without measuring again (the layout keeps what it
 * draws: text may go after this call). NULL with *st set (QTR_ERR_NOMEM, or the canvas's error). */
typedef struct briefpage_layout briefpage_layout;
briefpage_layout *briefpage_layout_new(lay_canvas *c, const char *text, lay_box box, qtr_status *st);

/* Pages it takes; 0 for an empty text (or NULL). */
size_t briefpage_layout_pages(const briefpage_layout *l);

/* Called before the first paragraph of page k (0-based) is drawn: the caller ends the page
 * before (k > 0) and draws page k's frame. */
typedef void (*briefpage_fn)(void *ctx, size_t k);

/* Draws every page on c, in one pass; page_fn(ctx, k) starts each page. The caller ends the
 * last one. Errors are the canvas's (sticky), or QTR_ERR_NOMEM. */
qtr_status briefpage_layout_draw(lay_canvas *c, const briefpage_layout *l, briefpage_fn page_fn, void *ctx);

void briefpage_layout_free(briefpage_layout *l);

#endif
