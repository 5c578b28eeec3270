/* briefpage.c — lays out briefing.txt on the PDF's last pages (see briefpage.h). */
#include "briefpage.h"

#include <stdlib.h>
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

/* A paragraph's text as drawn (a body paragraph indented by two ideographic spaces) in b. */
static qtr_status paragraph_text(qtr_buf *b, role r, const char *s, size_t n)
{
    qtr_buf_clear(b);
    if ((r == ROLE_BODY && qtr_buf_puts(b, "\u3000\u3000") != QTR_OK) || qtr_buf_append(b, s, n) != QTR_OK)
        return QTR_ERR_NOMEM;
    return QTR_OK;
}

/* A paragraph laid out, kept to be drawn (*kept; NULL after a canvas error), and the height
 * it takes fitted into height h. QTR_ERR_NOMEM when the text cannot be built. */
static qtr_status measure(lay_canvas *c, qtr_buf *b, role r, const char *s, size_t n, lay_box box,
                          double h, lay_kept **kept, double *height)
{
    *kept = NULL;
    if (paragraph_text(b, r, s, n) != QTR_OK)
        return QTR_ERR_NOMEM;
    lay_style st = style_of(r);
    lay_box used;
    *kept = lay_text_keep(c, qtr_buf_str(b), &st, lay_box_make(box.x, 0, box.w, h), &used);
    *height = used.h;
    return QTR_OK;
}

/* A paragraph placed: its layout, its height, its page and where on it. */
typedef struct {
    lay_kept *kept; /* owned */
    double y, h;
    size_t page;
} placed;

struct briefpage_layout {
    lay_box box;
    placed *p;
    size_t n, cap, pages;
};

static int place(briefpage_layout *l, const placed *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        placed *q = realloc(l->p, cap * sizeof *q);
        if (!q)
            return -1;
        l->p = q;
        l->cap = cap;
    }
    l->p[l->n++] = *p;
    return 0;
}

/* Places the paragraphs of text on pages of l->box, measuring each once.
 * A paragraph is never split across pages (one too long for a page is cut with "…"), and a
 * heading goes to the next page with its first paragraph when the two do not fit here: that
 * paragraph is fitted to the page below its heading, so a heading never ends a page alone.
 * QTR_ERR_NOMEM, or the canvas's error. */
static qtr_status walk(lay_canvas *c, briefpage_layout *l, const char *text)
{
    const lay_box box = l->box;
    size_t page = 0, line = 0;
    double y = box.y;
    int after_blank = 0, any = 0;
    qtr_status st = QTR_OK;
    qtr_buf b = {0};
    /* a heading's first paragraph, measured with it: its layout and height */
    lay_kept *next = NULL;
    double next_h = -1;
    for (const char *s = text; *s && st == QTR_OK && (st = lay_canvas_status(c)) == QTR_OK; line++) {
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == 0) {
            y += SECTION_GAP;
            after_blank = 1;
        } else {
            role r = line == 0 ? ROLE_TITLE : line == 1 ? ROLE_SUBTITLE : after_blank ? ROLE_HEADING : ROLE_BODY;
            placed p = {NULL, 0, 0, 0};
            if (next_h >= 0) { /* measured with its heading */
                p.kept = next;
                p.h = next_h;
                next = NULL;
                next_h = -1;
            } else if ((st = measure(c, &b, r, s, n, box, box.h, &p.kept, &p.h)) != QTR_OK) {
                break;
            }
            double need = p.h;
            if (r == ROLE_HEADING && end && end[1] && end[1] != '\n') {
                /* the heading keeps its first paragraph on its page, fitted below it */
                size_t n2 = strcspn(end + 1, "\n");
                double below = box.h - p.h - PARA_GAP;
                if (below > 0 && (st = measure(c, &b, ROLE_BODY, end + 1, n2, box, below, &next, &next_h)) != QTR_OK) {
                    lay_kept_free(p.kept);
                    break;
                }
                if (next_h > 0)
                    need = p.h + PARA_GAP + next_h;
            }
            if (any && y + need > box.y + box.h) {
                page++;
                y = box.y;
            }
            p.page = page;
            p.y = y;
            if (place(l, &p) != 0) {
                lay_kept_free(p.kept);
                st = QTR_ERR_NOMEM;
            }
            y += p.h + PARA_GAP;
            after_blank = 0;
            any = 1;
        }
        s = end ? end + 1 : s + n;
    }
    lay_kept_free(next);
    qtr_buf_free(&b);
    l->pages = any ? page + 1 : 0;
    return st;
}

briefpage_layout *briefpage_layout_new(lay_canvas *c, const char *text, lay_box box, qtr_status *st)
{
    briefpage_layout *l = calloc(1, sizeof *l);
    if (!l) {
        *st = QTR_ERR_NOMEM;
        return NULL;
    }
    l->box = box;
    if ((*st = walk(c, l, text)) != QTR_OK) {
        briefpage_layout_free(l);
        return NULL;
    }
    return l;
}

size_t briefpage_layout_pages(const briefpage_layout *l)
{
    return l ? l->pages : 0;
}

qtr_status briefpage_layout_draw(lay_canvas *c, const briefpage_layout *l, briefpage_fn page_fn, void *ctx)
{
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < l->n && (st = lay_canvas_status(c)) == QTR_OK; i++) {
        const placed *p = &l->p[i];
        if (i == 0 || p->page != p[-1].page)
            page_fn(ctx, p->page);
        lay_kept_draw(c, p->kept, lay_box_make(l->box.x, p->y, l->box.w, p->h + 1));
    }
    return st;
}

void briefpage_layout_free(briefpage_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        lay_kept_free(l->p[i].kept);
    free(l->p);
    free(l);
}
