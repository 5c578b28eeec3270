/* briefing.h — the quarter's 文字通报: a briefing in the style of a bureau's quarterly report
 * (overall standing; each indicator against 序时 and 同比; the districts leading and lagging;
 * data quality), written from the report model alone (report.h) with the report's words
 * (words.h). qtr-compare writes it as briefing.txt; the charts stage lays it out on the PDF.
 * Format: docs/formats.md, briefing.txt.
 */
#ifndef QTR_BRIEFING_H
#define QTR_BRIEFING_H

#include "report.h"
#include "status.h"
#include "text.h"

/* Appends the briefing of r to out: UTF-8 lines ending in '\n', a title of two lines, then
 * four sections, each a heading line (一、总体情况 …) and its paragraphs, one per line,
 * sections separated by an empty line. Pure. */
qtr_status qtr_briefing_text(const qtr_report *r, qtr_buf *out);

/* Writes the briefing of r to path under a temporary name, renamed into place.
 * QTR_ERR_CREATE or QTR_ERR_WRITE with err set. */
qtr_status qtr_briefing_write(const qtr_report *r, const char *path, qtr_error *err);

#endif
