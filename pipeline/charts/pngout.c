/* pngout.c — fast, deterministic PNG output of chart images (see pngout.h). */
#include "pngout.h"

#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    cairo_write_func_t write;
    void *closure;
    cairo_status_t status;
} sink;

static void on_data(png_structp png, png_bytep data, size_t len)
{
    sink *k = png_get_io_ptr(png);
    if (k->status == CAIRO_STATUS_SUCCESS)
        k->status = k->write(k->closure, data, (unsigned int)len);
    if (k->status != CAIRO_STATUS_SUCCESS)
        png_error(png, "write failed");
}

static void on_flush(png_structp png)
{
    (void)png;
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* One row of native-endian xRGB pixels to packed RGB bytes. */
static void row_to_rgb(const uint32_t *src, int width, unsigned char *dst)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        dst[3 * x] = (unsigned char)(p >> 16);
        dst[3 * x + 1] = (unsigned char)(p >> 8);
        dst[3 * x + 2] = (unsigned char)p;
    }
}

cairo_status_t png_write_surface(cairo_surface_t *s, cairo_write_func_t write, void *closure)
{
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return CAIRO_STATUS_INVALID_FORMAT;
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    sink k = {write, closure, CAIRO_STATUS_SUCCESS};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *row = malloc((size_t)w * 3 + 1);
    if (!png || !info || !row || !data) {
        png_destroy_write_struct(&png, &info);
        free(row);
        return CAIRO_STATUS_NO_MEMORY;
    }
    cairo_status_t result = CAIRO_STATUS_SUCCESS;
    if (setjmp(png_jmpbuf(png))) {
        result = k.status != CAIRO_STATUS_SUCCESS ? k.status : CAIRO_STATUS_NO_MEMORY;
    } else {
        png_set_write_fn(png, &k, on_data, on_flush);
        png_set_compression_level(png, 3);
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
        /* the charts are drawn on an opaque white page: alpha is not needed */
        png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
        png_write_info(png, info);
        for (int y = 0; y < h; y++) {
            row_to_rgb((const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride), w, row);
            png_write_row(png, row);
        }
        png_write_end(png, info);
    }
    png_destroy_write_struct(&png, &info);
    free(row);
    return result;
}
