/* pngout.h — writes a cairo image surface as PNG through libpng at a fast zlib level.
 * cairo's own writer uses zlib's default level with adaptive filters, which made PNG encoding
 * two thirds of the charts stage; flat chart graphics compress nearly as well at level 3 with
 * the Sub filter, several times faster. libpng is already a dependency of cairo. Output is
 * deterministic (no tIME chunk).
 */
#ifndef QTR_PNGOUT_H
#define QTR_PNGOUT_H

#include <cairo.h>

/* Writes an RGB24 or ARGB32 image surface (flushed) through write(closure, data, len), which
 * returns CAIRO_STATUS_SUCCESS or an error. Returns CAIRO_STATUS_SUCCESS, the writer's error,
 * CAIRO_STATUS_NO_MEMORY, or CAIRO_STATUS_INVALID_FORMAT for other surface formats. */
cairo_status_t png_write_surface(cairo_surface_t *s, cairo_write_func_t write, void *closure);

#endif
