/* briefpage.c — lays out briefing.txt on the PDF's last pages (see briefpage.h). */
#include "briefpage.h"

#include <string.h>

#include "marks.h"
#include "text.h"

#define BODY_PT 9.5          /* legible on paper: never below 9 pt */
#define HEAD_PT 11.0
#define TITLE_PT 14.0
#define SUBTITLE_PT 12.0
#define PARA_GAP 3.0         /* after a paragraph */
#define SECTION_GAP 8.0      /* an empty line of the text */
#define MAX_LINES 60         /* a paragraph wraps up to this many lines */

typedef enum { ROLE_TITLE, ROLE_SUBTITLE, ROLE_HEADING, ROLE_BODY } role;

static lay_style style_of(role r)
{
    static const double size[] = {TITLE_PT, SUBTITLE_PT, HEAD_PT, BODY_PT};
    lay_style s = lay_style_make(size[r], r != ROLE_BODY, MARKS_INK);
    s.min_size = size[r]; /* wrap, never shrink */
    s.max_lines = MAX_LINES;
    s.align = r == ROLE_TITLE || r == ROLE_SUBTITLE ? LAY_CENTER : LAY_LEFT;
    return s;
}

/* A paragraph as laid out: its text (a body paragraph indented by two ideographic spaces), its
 * style and the height it takes fitted into height h. QTR_ERR_NOMEM when the text cannot be
 * built. */
static qtr_status measure(lay_canvas *c, qtr_buf *b, role r, const char *s, size_t n, lay_box box,
                          double h, lay_style *st, double *height)
{
    qtr_buf_clear(b);
    if ((r == ROLE_BODY && qtr_buf_puts(b, "\u3000\u3000") != QTR_OK) || qtr_buf_append(b, s, n) != QTR_OK)
        return QTR_ERR_NOMEM;
    *st = style_of(r);
    lay_box used;
    lay_text_fit(c, qtr_buf_str(b), st, lay_box_make(box.x, 0, box.w, h), &used);
    *height = used.h;
    return QTR_OK;
}

/* Walks the paragraphs of text, placing them on pages of box; with page_fn, draws them all,
 * calling page_fn(ctx, k) before the first paragraph of each page k (none: only measures).
 * A paragraph is never split across pages (one too long for a page is cut with "…"), and a
 * heading goes to the next page with its first paragraph when the two do not fit here: that
 * paragraph is fitted to the page below its heading, so a heading never ends a page alone.
 * Returns the number of pages. */
static size_t walk(lay_canvas *c, const char *text, lay_box box, briefpage_fn page_fn, void *ctx)
{
    size_t page = 0, line = 0;
    double y = box.y;
    int after_blank = 0, any = 0;
    qtr_buf b = {0}, next = {0};
    /* a heading's first paragraph, measured with it: its text (in next), style and height */
    lay_style next_st;
    double next_h = -1;
    for (const char *s = text; *s && lay_canvas_status(c) == QTR_OK; line++) {
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == 0) {
            y += SECTION_GAP;
            after_blank = 1;
        } else {
            role r = line == 0 ? ROLE_TITLE : line == 1 ? ROLE_SUBTITLE
                     : after_blank ? ROLE_HEADING : ROLE_BODY;
            lay_style st;
            double h;
            if (next_h >= 0) { /* measured with its heading */
                qtr_buf t = b;
                b = next;
                next = t;
                st = next_st;
                h = next_h;
                next_h = -1;
            } else if (measure(c, &b, r, s, n, box, box.h, &st, &h) != QTR_OK) {
                break;
            }
            double need = h;
            if (r == ROLE_HEADING && end && end[1] && end[1] != '\n') {
                /* the heading keeps its first paragraph on its page, fitted below it */
                size_t n2 = strcspn(end + 1, "\n");
                double below = box.h - h - PARA_GAP;
                if (below > 0 && measure(c, &next, ROLE_BODY, end + 1, n2, box, below, &next_st, &next_h) != QTR_OK)
                    break;
                if (next_h > 0)
                    need = h + PARA_GAP + next_h;
            }
            int new_page = !any;
            if (any && y + need > box.y + box.h) {
                page++;
                y = box.y;
                new_page = 1;
            }
            if (page_fn) {
                if (new_page)
                    page_fn(ctx, page);
                lay_text(c, qtr_buf_str(&b), &st, lay_box_make(box.x, y, box.w, h + 1), NULL);
            }
            y += h + PARA_GAP;
            after_blank = 0;
            any = 1;
        }
        s = end ? end + 1 : s + n;
    }
    qtr_buf_free(&b);
    qtr_buf_free(&next);
    return any ? page + 1 : 0;
}

size_t briefpage_count(lay_canvas *c, const char *text, lay_box box)
{
    return walk(c, text, box, NULL, NULL);
}

qtr_status briefpage_draw_all(lay_canvas *c, const char *text, lay_box box, briefpage_fn page_fn,
                              void *ctx)
{
    walk(c, text, box, page_fn, ctx);
    return lay_canvas_status(c);
}
