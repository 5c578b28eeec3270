/* pdfsplit.h — a PDF of several pages, as cairo writes it, cut into files of consecutive pages.
 *
 * A performance device (bench/results.md): the units' own PDFs (districts/<unit>.pdf) are drawn
 * as the pages of one document per batch of units, and this cuts that document into each
 * unit's file. cairo looks every new glyph of a document up in the font's character map
 * backwards (a copy of the 35 KB table and a scan of it, for each glyph of each document) and
 * embeds a font subset per document: twelve units' pages drawn as twelve documents took about
 * three times the CPU of one. Each file holds its batch's font subsets (the glyphs of all of
 * the batch's pages): a few per cent more glyphs than its own pages use.
 *
 * Only the form cairo writes is cut: a classic cross-reference table and trailer (no
 * cross-reference stream, no update, no encryption), one page-tree node of /Type, /Kids and
 * /Count, a catalog of /Type and /Pages only, pages that refer to no other page outside the
 * file. Anything else is refused (NULL, or -1 for the pages asked for) and the caller draws
 * those pages as documents of their own. The document is read, never trusted: every offset
 * and length is checked (tests/unit/charts/test_pdfsplit.c; tests/fuzz/fuzz_pdfsplit.c).
 */
#ifndef QTR_PDFSPLIT_H
#define QTR_PDFSPLIT_H

#include <cairo.h>
#include <stddef.h>

typedef struct pdfsplit pdfsplit;

/* Reads the document at pdf (len bytes, kept by the caller while the result is used); NULL
 * when it is not of the form above or memory runs out. */
pdfsplit *pdfsplit_parse(const unsigned char *pdf, size_t len);

/* The document's pages. */
size_t pdfsplit_npages(const pdfsplit *p);

/* Writes pages [first, first + n) as a PDF of their own through write(closure, data, len):
 * the objects they use, renumbered, a page-tree node and a catalog of their own, and the
 * document's information dictionary with its /Title set to title (UTF-8, written as cairo
 * writes it; left as it is when title is NULL). Returns 0; -1 when the pages are out of range
 * or refer to something that cannot come with them, when memory runs out or write fails
 * (nothing is written in the first two cases). */
int pdfsplit_write(const pdfsplit *p, size_t first, size_t n, const char *title, cairo_write_func_t write,
                   void *closure);

void pdfsplit_free(pdfsplit *p);

#endif
