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

/* The height of line s (up to end or the text's end) laid out as a body paragraph fitted into
 * height h; 0 when s is no paragraph (an empty line, the end). */
static double body_height(lay_canvas *c, const char *s, lay_box box, double h)
{
    size_t n = strcspn(s, "\n");
    if (n == 0)
        return 0;
    qtr_buf b = {0};
    lay_box used = {0, 0, 0, 0};
    if (qtr_buf_puts(&b, "\u3000\u3000") == QTR_OK && qtr_buf_append(&b, s, n) == QTR_OK) {
        lay_style st = style_of(ROLE_BODY);
        lay_text_fit(c, qtr_buf_str(&b), &st, lay_box_make(box.x, 0, box.w, h), &used);
    }
    qtr_buf_free(&b);
    return used.h;
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
    double y = box.y, cap = box.h; /* cap: the height the next paragraph is fitted to */
    int after_blank = 0, any = 0;
    qtr_buf b = {0};
    for (const char *s = text; *s && lay_canvas_status(c) == QTR_OK; line++) {
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == 0) {
            y += SECTION_GAP;
            after_blank = 1;
            cap = box.h;
        } else {
            role r = line == 0 ? ROLE_TITLE : line == 1 ? ROLE_SUBTITLE
                     : after_blank ? ROLE_HEADING : ROLE_BODY;
            qtr_buf_clear(&b);
            if ((r == ROLE_BODY && qtr_buf_puts(&b, "\u3000\u3000") != QTR_OK) ||
                qtr_buf_append(&b, s, n) != QTR_OK)
                break;
            lay_style st = style_of(r);
            lay_box used;
            lay_text_fit(c, qtr_buf_str(&b), &st, lay_box_make(box.x, 0, box.w, cap), &used);
            double need = used.h, next_cap = box.h;
            if (r == ROLE_HEADING && end) {
                /* the heading keeps its first paragraph on its page */
                next_cap = box.h - used.h - PARA_GAP;
                double follow = next_cap > 0 ? body_height(c, end + 1, box, next_cap) : 0;
                if (follow > 0)
                    need = used.h + PARA_GAP + follow;
                else
                    next_cap = box.h;
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
                lay_text(c, qtr_buf_str(&b), &st, lay_box_make(box.x, y, box.w, used.h + 1), NULL);
            }
            y += used.h + PARA_GAP;
            after_blank = 0;
            any = 1;
            cap = next_cap;
        }
        s = end ? end + 1 : s + n;
    }
    qtr_buf_free(&b);
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
