/* test_pdfsplit.c — unit tests of the PDF cutter (pdfsplit.c): a document cairo writes is cut
 * into files of consecutive pages that are whole PDFs again (cut once more, page by page, they
 * give the same bytes: every offset of their cross-reference tables is right), each with the
 * objects its pages use and no others, its page count, the document's information with its own
 * title (as cairo writes a title, ASCII or not). In a document made by hand: stream data is
 * copied by its /Length (direct or indirect) whatever its bytes say, strings and comments that
 * look like references are left as they are, a page that leads to another page is cut only
 * with it, a page listed twice is not cut. Ranges out of the document, a failing writer,
 * documents of another form (an outline or a link's destination in the catalog, an update, a
 * cross-reference stream, a length past the end, a kid that is no page) are refused, and every
 * truncation and flipped byte of a real document is read or refused without a fault.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdfsplit.h"

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int fail; /* the writer fails */
} mem;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    mem *m = closure;
    if (m->fail)
        return CAIRO_STATUS_WRITE_ERROR;
    if (m->len + len + 1 > m->cap) {
        size_t cap = (m->len + len + 1) * 2;
        unsigned char *d = realloc(m->data, cap);
        assert_non_null(d);
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, len);
    m->len += len;
    m->data[m->len] = 0;
    return CAIRO_STATUS_SUCCESS;
}

static size_t count(const mem *m, const char *what)
{
    size_t n = 0, k = strlen(what);
    for (size_t i = 0; i + k <= m->len; i++)
        n += memcmp(m->data + i, what, k) == 0;
    return n;
}

/* The last occurrence of what in m; NULL when none. */
static unsigned char *last(const mem *m, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = m->len >= k ? m->len - k + 1 : 0; i-- > 0;)
        if (memcmp(m->data + i, what, k) == 0)
            return m->data + i;
    return NULL;
}

/* pages pages, page p with p + 1 rectangles and a line of text (font subsets shared by the
 * pages), metadata as qtr-charts sets it; link: page 1 links to the last page; outline: a
 * bookmark */
static mem make_doc(int pages, int link, int outline)
{
    mem m = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, &m, 200, 100);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "批次（全部）");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, "兰州市");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "test");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2025-10-01T00:00:00Z");
    cairo_t *cr = cairo_create(s);
    for (int p = 0; p < pages; p++) {
        if (outline && p == 0)
            cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, "one", "page=1", 0);
        if (link && p == 0) {
            char attrs[64];
            snprintf(attrs, sizeof attrs, "dest='p%d'", pages);
            cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
        }
        for (int k = 0; k <= p; k++) {
            cairo_rectangle(cr, 10 + 12 * k, 10, 10, 10);
            cairo_fill(cr);
        }
        cairo_move_to(cr, 10, 60);
        cairo_show_text(cr, p % 2 ? "odd page" : "even page");
        if (link && p == 0)
            cairo_tag_end(cr, CAIRO_TAG_LINK);
        if (link && p == pages - 1) {
            char attrs[64];
            snprintf(attrs, sizeof attrs, "name='p%d'", pages);
            cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
            cairo_tag_end(cr, CAIRO_TAG_DEST);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return m;
}

static mem cut(const pdfsplit *p, size_t first, size_t n, const char *title)
{
    mem out = {0};
    assert_int_equal(pdfsplit_write(p, first, n, title, mem_write, &out), 0);
    return out;
}

static void cuts_are_whole_pdfs(void **state)
{
    (void)state;
    mem doc = make_doc(5, 0, 0);
    pdfsplit *p = pdfsplit_parse(doc.data, doc.len);
    assert_non_null(p);
    assert_int_equal(pdfsplit_npages(p), 5);
    size_t streams_in_doc = count(&doc, "endstream");
    for (size_t first = 0; first < 5; first++) {
        for (size_t n = 1; first + n <= 5; n++) {
            mem a = cut(p, first, n, "单位甲：本期数据反馈");
            assert_memory_equal(a.data, "%PDF-1.", 7);
            pdfsplit *q = pdfsplit_parse(a.data, a.len);
            assert_non_null(q);
            assert_int_equal(pdfsplit_npages(q), n);
            /* each page's content stream comes with it, the font subsets once */
            assert_int_equal(count(&a, "/Type /Page\n") + count(&a, "/Type /Page "), n);
            assert_true(count(&a, "endstream") < streams_in_doc || n == 5);
            char c[32];
            snprintf(c, sizeof c, "/Count %zu", n);
            assert_int_equal(count(&a, c), 1);
            /* the title as cairo writes it (UTF-16BE in hex), the rest of the information kept */
            assert_int_equal(count(&a, "/Title <FEFF53554F4D7532FF1A672C671F6570636E53CD9988>"), 1);
            assert_int_equal(count(&a, "/Author <FEFF51705DDE5E02>"), 1);
            assert_int_equal(count(&a, "/CreationDate (20251001000000Z)"), 1);
            assert_int_equal(count(&a, "批次"), 0);
            /* a cut of the cut, page by page, is the same bytes as a cut of the document */
            for (size_t k = 0; k < n; k++) {
                mem b = cut(q, k, 1, "x");
                mem b2 = cut(p, first + k, 1, "x");
                assert_int_equal(b.len, b2.len);
                assert_memory_equal(b.data, b2.data, b.len);
                free(b.data);
                free(b2.data);
            }
            pdfsplit_free(q);
            free(a.data);
        }
    }
    /* ASCII titles in parentheses; no title: the document's */
    mem a = cut(p, 2, 1, "Unit A");
    assert_int_equal(count(&a, "/Title (Unit A)"), 1);
    free(a.data);
    a = cut(p, 2, 1, "a (b)");
    assert_int_equal(count(&a, "/Title <FEFF00610020002800620029>"), 1);
    free(a.data);
    a = cut(p, 2, 1, NULL);
    assert_int_equal(count(&a, "/Title <FEFF62796B21FF08516890E8FF09>"), 1);
    free(a.data);
    pdfsplit_free(p);
    free(doc.data);
}

/* A PDF of the objects given (object k + 1 is objs[k]), its cross-reference table and a
 * trailer naming root (and info when not 0). */
static mem build(const char *const *objs, size_t n, int root, int info)
{
    mem m = {0};
    size_t off[32];
    assert_true(n < 32);
    mem_write(&m, (const unsigned char *)"%PDF-1.5\n%\xB5\xED\xAE\xFB\n", 15);
    for (size_t k = 0; k < n; k++) {
        char h[32];
        off[k] = m.len;
        snprintf(h, sizeof h, "%zu 0 obj\n", k + 1);
        mem_write(&m, (const unsigned char *)h, (unsigned)strlen(h));
        mem_write(&m, (const unsigned char *)objs[k], (unsigned)strlen(objs[k]));
        mem_write(&m, (const unsigned char *)"\nendobj\n", 8);
    }
    size_t x = m.len;
    char line[128];
    snprintf(line, sizeof line, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    mem_write(&m, (const unsigned char *)line, (unsigned)strlen(line));
    for (size_t k = 0; k < n; k++) {
        snprintf(line, sizeof line, "%010zu 00000 n \n", off[k]);
        mem_write(&m, (const unsigned char *)line, 20);
    }
    if (info)
        snprintf(line, sizeof line, "trailer\n<< /Size %zu /Root %d 0 R /Info %d 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                 n + 1, root, info, x);
    else
        snprintf(line, sizeof line, "trailer\n<< /Size %zu /Root %d 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, root, x);
    mem_write(&m, (const unsigned char *)line, (unsigned)strlen(line));
    return m;
}

/* Stream data is copied by its /Length (direct or indirect), whatever its bytes say; strings
 * and comments that look like references are not references; a page that leads to another
 * page is cut only with it; a document without information gets one for the title. */
static void hand_made(void **state)
{
    (void)state;
    static const char data[] = "1 0 R endobj endstream (\\(";
    char s1[128];
    snprintf(s1, sizeof s1, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(data), data);
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [ 3 0 R 4 0 R 5 0 R ] /Count 3 >>",
        /* 3: page 1, its content s1 (direct length), a string and a comment with "refs" */
        "<< /Type /Page % 9 0 R\n /Parent 2 0 R /Contents 6 0 R /X (8 0 R \\) 7 0 R) /Y <38> >>",
        /* 4: page 2 leads to page 3 (a link's destination) */
        "<< /Type /Page /Parent 2 0 R /Contents 7 0 R /Annots [ << /Dest [ 5 0 R /XYZ 0 0 0 ] >> ] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
        s1,
        /* 7: indirect length */
        "<< /Length 8 0 R >>\nstream\nq Q\nendstream",
        "3",
    };
    mem doc = build(objs, sizeof objs / sizeof objs[0], 1, 0);
    pdfsplit *p = pdfsplit_parse(doc.data, doc.len);
    assert_non_null(p);
    assert_int_equal(pdfsplit_npages(p), 3);
    mem a = cut(p, 0, 1, "T");
    assert_int_equal(count(&a, data), 1);
    assert_int_equal(count(&a, "/X (8 0 R \\) 7 0 R)"), 1); /* the string as it was */
    assert_int_equal(count(&a, "/Title (T)"), 1);
    assert_int_equal(count(&a, "q Q"), 0); /* object 7 is not page 1's */
    pdfsplit *q = pdfsplit_parse(a.data, a.len);
    assert_non_null(q);
    assert_int_equal(pdfsplit_npages(q), 1);
    pdfsplit_free(q);
    free(a.data);
    mem out = {0};
    assert_int_equal(pdfsplit_write(p, 1, 1, "T", mem_write, &out), -1); /* page 2 leads to 3 */
    assert_int_equal(out.len, 0);
    a = cut(p, 1, 2, "T");
    assert_int_equal(count(&a, "q Q"), 1); /* pages 2 and 3 share it */
    assert_non_null(q = pdfsplit_parse(a.data, a.len));
    assert_int_equal(pdfsplit_npages(q), 2);
    pdfsplit_free(q);
    free(a.data);
    a = cut(p, 2, 1, "T");
    free(a.data);
    pdfsplit_free(p);
    free(doc.data);

    /* a length beyond the document, a page that is no page, a catalog with more: refused */
    const char *bad_len[] = {objs[0], objs[1], objs[2], objs[3], objs[4],
                             "<< /Length 99999 >>\nstream\nx\nendstream", objs[6], objs[7]};
    doc = build(bad_len, 8, 1, 0);
    assert_non_null(p = pdfsplit_parse(doc.data, doc.len));
    assert_int_equal(pdfsplit_write(p, 0, 1, "T", mem_write, &out), -1);
    pdfsplit_free(p);
    free(doc.data);
    const char *not_page[] = {objs[0], objs[1], "<< /Type /Pages /Parent 2 0 R >>", objs[3], objs[4], s1,
                              objs[6], objs[7]};
    doc = build(not_page, 8, 1, 0);
    assert_null(pdfsplit_parse(doc.data, doc.len));
    free(doc.data);
    const char *more[] = {"<< /Type /Catalog /Pages 2 0 R /PageLabels 9 0 R >>", objs[1], objs[2], objs[3],
                          objs[4], s1, objs[6], objs[7]};
    doc = build(more, 8, 1, 0);
    assert_null(pdfsplit_parse(doc.data, doc.len));
    free(doc.data);
    const char *twice[] = {objs[0], "<< /Type /Pages /Kids [ 3 0 R 3 0 R 5 0 R ] /Count 3 >>", objs[2],
                           objs[3], objs[4], s1, objs[6], objs[7]};
    doc = build(twice, 8, 1, 0);
    assert_non_null(p = pdfsplit_parse(doc.data, doc.len));
    assert_int_equal(pdfsplit_write(p, 2, 1, "T", mem_write, &out), -1);
    pdfsplit_free(p);
    free(doc.data);
}

static void refusals(void **state)
{
    (void)state;
    mem doc = make_doc(3, 0, 0);
    pdfsplit *p = pdfsplit_parse(doc.data, doc.len);
    assert_non_null(p);
    mem out = {0};
    assert_int_equal(pdfsplit_write(p, 3, 1, "t", mem_write, &out), -1);
    assert_int_equal(pdfsplit_write(p, 2, 2, "t", mem_write, &out), -1);
    assert_int_equal(pdfsplit_write(p, 0, 0, "t", mem_write, &out), -1);
    assert_int_equal(pdfsplit_write(NULL, 0, 1, "t", mem_write, &out), -1);
    assert_int_equal(out.len, 0);
    out.fail = 1; /* the writer's failure */
    assert_int_equal(pdfsplit_write(p, 0, 1, "t", mem_write, &out), -1);
    pdfsplit_free(p);
    assert_null(pdfsplit_parse(NULL, 0));
    assert_int_equal(pdfsplit_npages(NULL), 0);
    pdfsplit_free(NULL);

    /* cairo writes a link's named destination in the catalog's /Names: refused whole */
    mem ln = make_doc(3, 1, 0);
    assert_null(pdfsplit_parse(ln.data, ln.len));
    free(ln.data);

    /* an outline lives in the catalog: refused */
    mem ol = make_doc(2, 0, 1);
    assert_true(count(&ol, "/Outlines") > 0);
    assert_null(pdfsplit_parse(ol.data, ol.len));
    free(ol.data);

    /* an update (/Prev), a cross-reference stream: refused */
    mem up = {0};
    up.cap = doc.len + 64;
    up.data = malloc(up.cap);
    assert_non_null(up.data);
    memcpy(up.data, doc.data, doc.len);
    up.len = doc.len;
    unsigned char *tr = last(&up, "/Size");
    assert_non_null(tr);
    memcpy(tr, "/Prev", 5);
    assert_null(pdfsplit_parse(up.data, up.len));
    memcpy(tr, "/Size", 5);
    assert_non_null(p = pdfsplit_parse(up.data, up.len));
    pdfsplit_free(p);
    unsigned char *x = last(&up, "\nxref\n");
    assert_non_null(x);
    memcpy(x + 1, "XRef", 4);
    assert_null(pdfsplit_parse(up.data, up.len));
    free(up.data);
    free(doc.data);
}

/* Every prefix and every byte changed of a real document: refused or read, never a fault, and
 * what is read cuts into documents that read again. */
static void damaged_documents(void **state)
{
    (void)state;
    mem doc = make_doc(2, 0, 0);
    for (size_t len = 0; len < doc.len; len += (len < 64 || doc.len - len < 600) ? 1 : 97) {
        pdfsplit *p = pdfsplit_parse(doc.data, len);
        pdfsplit_free(p); /* the end (startxref) is gone: almost always refused */
    }
    unsigned char *d = malloc(doc.len);
    assert_non_null(d);
    static const unsigned char flips[] = {'0', '9', ' ', '\n', '<', '>', '(', ')', '/', 'R', '[', ']', 0xFF};
    size_t read = 0;
    for (size_t i = 0; i < doc.len; i += i < 40 || doc.len - i < 900 ? 1 : 13) {
        for (size_t f = 0; f < sizeof flips; f++) {
            memcpy(d, doc.data, doc.len);
            d[i] = flips[f];
            pdfsplit *p = pdfsplit_parse(d, doc.len);
            for (size_t k = 0; p && k < pdfsplit_npages(p); k++) {
                mem out = {0};
                if (pdfsplit_write(p, k, 1, "t", mem_write, &out) == 0) {
                    pdfsplit *q = pdfsplit_parse(out.data, out.len);
                    read += q != NULL;
                    pdfsplit_free(q);
                }
                free(out.data);
            }
            pdfsplit_free(p);
        }
    }
    assert_true(read > 0); /* a change within stream data or a string still reads */
    free(d);
    free(doc.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cuts_are_whole_pdfs),
        cmocka_unit_test(hand_made),
        cmocka_unit_test(refusals),
        cmocka_unit_test(damaged_documents),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    cairo_debug_reset_static_data(); /* the toy font's fontconfig caches, for LeakSanitizer */
    FcFini();
    return failed;
}
