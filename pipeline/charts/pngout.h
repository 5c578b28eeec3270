/* pngout.h — writes a cairo image surface as PNG, fast, for flat chart graphics.
 * cairo's own writer (zlib's default level, adaptive filters) made PNG encoding two thirds of
 * the charts stage, and libpng at zlib level 3 with the Sub filter still most of the process
 * that draws the images. Charts are mostly runs of one colour and rows that repeat the row
 * above, so this writer's deflate looks for exactly those two matches — the byte three back
 * (the pixel to the left) and the byte one row up — greedily, up to 258 bytes, coded with the
 * fixed Huffman codes of RFC 1951 in one block. It is a few times faster than zlib level 3 and
 * its files are about 40% larger (bench/results.md); the pixels are exactly the surface's
 * (lossless; tests/unit/charts/test_pngout.c decodes them back). Output is deterministic (only
 * IHDR, IDAT and IEND chunks: no time or text).
 */
#ifndef QTR_PNGOUT_H
#define QTR_PNGOUT_H

#include <cairo.h>
#include <stddef.h>

/* Writes an RGB24 or ARGB32 image surface (flushed; alpha is dropped) as 8-bit RGB through
 * write(closure, data, len), which returns CAIRO_STATUS_SUCCESS or an error. Returns
 * CAIRO_STATUS_SUCCESS, the writer's first error, CAIRO_STATUS_NO_MEMORY,
 * CAIRO_STATUS_INVALID_SIZE for an empty surface, or CAIRO_STATUS_INVALID_FORMAT for other
 * surface formats. */
cairo_status_t png_write_surface(cairo_surface_t *s, cairo_write_func_t write, void *closure);

/* zlib's adler32(adler, p, n) — the same value — 16 bytes at a time with SSE2 where the
 * machine has it (zlib 1.2's is a byte at a time: 4% of the charts stage's time at 12 units). */
unsigned long png_adler32(unsigned long adler, const unsigned char *p, size_t n);

#endif
