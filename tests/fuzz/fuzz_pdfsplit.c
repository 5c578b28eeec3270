/* fuzz_pdfsplit.c — libFuzzer harness for the PDF cutter (pipeline/charts/pdfsplit.c), which
 * reads the document cairo wrote for a batch of units' pages: the input is read as a PDF; when
 * it is read, every page alone, every pair and the whole are cut out, and each cut that is
 * written must read again as a PDF of that many pages whose own cut of its first page is the
 * same bytes as the document's, or refused by both (its offsets and renumbering are right).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "pdfsplit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    unsigned char *b;
    size_t n, cap;
} mem;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    mem *m = closure;
    if (m->n + len > m->cap) {
        size_t cap = (m->n + len) * 2;
        unsigned char *b = realloc(m->b, cap);
        FUZZ_ASSERT(b, "out of memory");
        m->b = b;
        m->cap = cap;
    }
    memcpy(m->b + m->n, data, len);
    m->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static void check_cut(const pdfsplit *p, size_t first, size_t n)
{
    mem a = {0};
    if (pdfsplit_write(p, first, n, "单位（测试）", mem_write, &a) != 0) {
        free(a.b);
        return;
    }
    pdfsplit *q = pdfsplit_parse(a.b, a.n);
    FUZZ_ASSERT(q, "a cut of pages %zu+%zu (%zu bytes) does not read", first, n, a.n);
    FUZZ_ASSERT(pdfsplit_npages(q) == n, "a cut of %zu pages reads as %zu", n, pdfsplit_npages(q));
    mem x = {0}, y = {0};
    int rx = pdfsplit_write(q, 0, 1, "t", mem_write, &x), ry = pdfsplit_write(p, first, 1, "t", mem_write, &y);
    /* (a page that leads to another page is cut only with it: in both or in neither) */
    FUZZ_ASSERT(rx == ry, "the first page cuts from one and not the other (%d %d)", rx, ry);
    FUZZ_ASSERT(rx != 0 || (x.n == y.n && memcmp(x.b, y.b, x.n) == 0), "a cut of a cut differs from the cut");
    pdfsplit_free(q);
    free(a.b);
    free(x.b);
    free(y.b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pdfsplit *p = pdfsplit_parse(data, size);
    if (!p)
        return 0;
    size_t n = pdfsplit_npages(p);
    FUZZ_ASSERT(n > 0, "a document of no pages was read");
    for (size_t k = 0; k < n && k < 8; k++) {
        check_cut(p, k, 1);
        if (k + 1 < n)
            check_cut(p, k, 2);
    }
    check_cut(p, 0, n);
    pdfsplit_free(p);
    return 0;
}
