/* card.h — the chat-sized summary: one PNG card of the quarter, 1080 px wide and as tall as its
 * content, that reads on a phone without zooming (no text below 28 px, which is 9 px at the
 * third of its size a phone shows it). It says what page 1 says, in the report's words: the
 * plan and the quarter, the headline, each indicator's status (mark and word, as on the pages)
 * and completion, the indicators that lag with the units holding them back, and the data
 * notice. Everything is read off the report (words.h, attention.h); nothing is worked out here.
 */
#ifndef QTR_CHARTS_CARD_H
#define QTR_CHARTS_CARD_H

#include "status.h"
#include "words.h"

#define CARD_WIDTH 1080      /* pixels */
#define CARD_MIN_TEXT 28.0   /* pixels: the smallest text of the card */

typedef struct {
    const char *png_path;    /* the card to write */
    const char *text_path;   /* NULL, or a text layout log: one line per text drawn (below) */
    const char *font;        /* font family; NULL: PDFDOC_DEFAULT_FONT */
    const char *date;        /* report date, "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
    const char *pdf_name;    /* the PDF's file name, named in the footer; NULL: not named */
} card_options;

/* Writes the card (and its text log) through temporary names renamed into place. The log has
 * one line per text, in drawing order, tab-separated: x, y, width, height of the text as laid
 * out (pixels, 2 decimals), font size, 1 when it was cut with "…" else 0, its colour as
 * #rrggbb, the section ("title", "headline", "row", "lag", "notice", "footer") and the text
 * (line breaks as spaces). Errors as pdfdoc_write; *fallback as there. */
qtr_status card_write(const qtr_report *r, const card_options *o, int *fallback, qtr_error *err);

#endif
