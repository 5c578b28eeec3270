/* briefpage.h — the 文字通报 pages at the end of the leaders' PDF: the text of briefing.txt
 * (written by qtr-compare from the report, docs/formats.md) laid out as a bureau's report: the
 * title centred, section headings in bold, paragraphs indented and wrapped, body text 9.5 pt.
 */
#ifndef QTR_CHARTS_BRIEFPAGE_H
#define QTR_CHARTS_BRIEFPAGE_H

#include <stddef.h>

#include "layout.h"
#include "status.h"

/* Pages the text takes in box (the content box of a page); 0 for an empty text. Measures on c
 * without drawing. */
size_t briefpage_count(lay_canvas *c, const char *text, lay_box box);

/* Draws page `page` (0-based) of the text in box. Errors are the canvas's (sticky). */
qtr_status briefpage_draw(lay_canvas *c, const char *text, lay_box box, size_t page);

#endif
