/* test_pngout.c — unit tests of the PNG writer for flat graphics (pngout.c): what it writes
 * decodes (cairo's libpng reader) to exactly the surface's pixels, for a chart-like picture
 * (flat areas, repeated rows, anti-aliased text and curves, noise that matches nothing), for a
 * surface wider than deflate's window (no row-above matches), for ARGB32, and for 1 x 1; the
 * file holds only IHDR, IDAT and IEND; a failing writer's error comes back; other formats are
 * refused; its Adler-32 is zlib's (png_adler32).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <zlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pngout.h"

typedef struct {
    unsigned char *data;
    size_t len, cap, pos;
    int fail_after; /* writes before the writer fails; -1 never */
} mem;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    mem *m = closure;
    if (m->fail_after == 0)
        return CAIRO_STATUS_WRITE_ERROR;
    if (m->fail_after > 0)
        m->fail_after--;
    if (m->len + len > m->cap) {
        size_t cap = (m->len + len) * 2;
        unsigned char *d = realloc(m->data, cap);
        assert_non_null(d);
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->len, data, len);
    m->len += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t mem_read(void *closure, unsigned char *data, unsigned int len)
{
    mem *m = closure;
    if (m->pos + len > m->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, m->data + m->pos, len);
    m->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A chart-like picture on s: white page, bars, lines, text, a block of noise. */
static void draw(cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < 6; i++) {
        cairo_set_source_rgb(cr, 0.1 * i, 0.5, 1 - 0.15 * i);
        cairo_rectangle(cr, 10, 10 + 30.0 * i, (w - 20) * (i + 1) / 7.0, 20.5);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
    cairo_set_line_width(cr, 2.3);
    cairo_move_to(cr, 0, h);
    cairo_curve_to(cr, w / 3.0, 0, 2 * w / 3.0, h, w, h / 3.0);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 13.7);
    cairo_move_to(cr, 15, h - 20);
    cairo_show_text(cr, "Q1 1,188 / 1,500 79.2%");
    cairo_destroy(cr);
    cairo_surface_flush(s);
    /* noise: no match of either kind */
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    uint32_t x = 12345;
    for (int y = h / 2; y < h / 2 + 8 && y < h; y++)
        for (int i = 0; i < w && i < 300; i++) {
            x = x * 1103515245u + 12345u;
            ((uint32_t *)(void *)(d + (size_t)y * (size_t)stride))[i] = 0xff000000u | (x >> 8);
        }
    cairo_surface_mark_dirty(s);
}

/* Writes s, checks the chunks, decodes it and compares every pixel (alpha aside). */
static void round_trip(cairo_surface_t *s)
{
    mem m = {NULL, 0, 0, 0, -1};
    assert_int_equal(png_write_surface(s, mem_write, &m), CAIRO_STATUS_SUCCESS);
    /* signature, then IHDR, IDATs, IEND */
    assert_true(m.len > 8 + 25 + 12);
    assert_memory_equal(m.data, "\x89PNG\r\n\x1a\n", 8);
    size_t p = 8;
    int n = 0, ended = 0;
    while (p + 12 <= m.len) {
        uint32_t len = (uint32_t)m.data[p] << 24 | (uint32_t)m.data[p + 1] << 16 |
                       (uint32_t)m.data[p + 2] << 8 | m.data[p + 3];
        const char *type = (const char *)m.data + p + 4;
        if (n == 0)
            assert_memory_equal(type, "IHDR", 4);
        else
            assert_true(memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0);
        ended = memcmp(type, "IEND", 4) == 0;
        p += 12 + len;
        n++;
    }
    assert_true(ended);
    assert_int_equal(p, m.len);

    cairo_surface_t *back = cairo_image_surface_create_from_png_stream(mem_read, &m);
    assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    assert_int_equal(cairo_image_surface_get_width(back), w);
    assert_int_equal(cairo_image_surface_get_height(back), h);
    assert_int_equal(cairo_image_surface_get_format(back), CAIRO_FORMAT_RGB24);
    cairo_surface_flush(back);
    long differ = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *a = (const uint32_t *)(const void *)(cairo_image_surface_get_data(s) +
                                                             (size_t)y * (size_t)cairo_image_surface_get_stride(s));
        const uint32_t *b = (const uint32_t *)(const void *)(cairo_image_surface_get_data(back) +
                                                             (size_t)y * (size_t)cairo_image_surface_get_stride(back));
        for (int x = 0; x < w; x++)
            differ += (a[x] & 0xffffffu) != (b[x] & 0xffffffu);
    }
    assert_int_equal(differ, 0);
    cairo_surface_destroy(back);
    free(m.data);
}

static void chart_like(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 420);
    draw(s);
    round_trip(s);
    cairo_surface_destroy(s);
}

static void wider_than_the_window(void **state)
{
    (void)state; /* 3 * 11000 + 1 bytes a row: the row above is out of deflate's reach */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 11000, 40);
    draw(s);
    round_trip(s);
    cairo_surface_destroy(s);
}

static void argb_and_tiny(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 333, 97);
    draw(s);
    round_trip(s);
    cairo_surface_destroy(s);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    draw(s);
    round_trip(s);
    cairo_surface_destroy(s);
}

/* 86 pixels: a row is 259 bytes, one match of 258 and a byte that is a literal, also in rows
 * equal to the row above (coded without a scan); the zlib stream is inflated here too, which
 * checks its Adler-32 over those rows. */
static void repeated_rows_short_tail(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 86, 200);
    draw(s);
    round_trip(s);
    mem m = {NULL, 0, 0, 0, -1};
    assert_int_equal(png_write_surface(s, mem_write, &m), CAIRO_STATUS_SUCCESS);
    unsigned char *z = malloc(m.len);
    size_t zn = 0;
    for (size_t p = 8; p + 12 <= m.len;) {
        uint32_t len = (uint32_t)m.data[p] << 24 | (uint32_t)m.data[p + 1] << 16 |
                       (uint32_t)m.data[p + 2] << 8 | m.data[p + 3];
        if (memcmp(m.data + p + 4, "IDAT", 4) == 0) {
            memcpy(z + zn, m.data + p + 8, len);
            zn += len;
        }
        p += 12 + len;
    }
    uLongf rawlen = 259 * 200;
    unsigned char *raw = malloc(rawlen);
    assert_int_equal(uncompress(raw, &rawlen, z, (uLong)zn), Z_OK); /* Z_DATA_ERROR: bad Adler-32 */
    assert_int_equal(rawlen, 259 * 200);
    free(raw);
    free(z);
    free(m.data);
    cairo_surface_destroy(s);
}

/* png_adler32 gives zlib's adler32 for any length, start value and alignment, with bytes that
 * reach the sums' limits (all 255 over more than NMAX = 5552 bytes) and random ones. */
static void adler_is_zlibs(void **state)
{
    (void)state;
    enum { N = 70000 };
    unsigned char *buf = malloc(N + 16);
    assert_non_null(buf);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < N + 16; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        buf[i] = (unsigned char)x;
    }
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 255, 5551, 5552, 5553, 5568, 11104, 11105,
                                  16000, 65536, N};
    for (int fill = 0; fill < 2; fill++) {
        if (fill) /* every byte 255: the largest sums */
            memset(buf, 255, N + 16);
        for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
            for (size_t off = 0; off < 16; off += 5)
                for (uLong start = 1; start != 0; start = start == 1 ? 0xFFF0FFF0ul : 0) {
                    uLong want = adler32(start, buf + off, (uInt)lens[li]);
                    assert_int_equal(png_adler32(start, buf + off, lens[li]), want);
                }
    }
    for (int k = 0; k < 2000; k++) { /* random lengths, starts and offsets */
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = (size_t)(x % 20000), off = (size_t)(x >> 20) % 16;
        uLong start = (uLong)((x >> 32) % 65521) << 16 | (uLong)((x >> 48) % 65521);
        assert_int_equal(png_adler32(start, buf + off, len), adler32(start, buf + off, (uInt)len));
    }
    free(buf);
}

static void errors(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 420);
    draw(s);
    for (int k = 0; k < 4; k++) { /* the signature, IHDR's parts, the first IDAT */
        mem m = {NULL, 0, 0, 0, k};
        assert_int_equal(png_write_surface(s, mem_write, &m), CAIRO_STATUS_WRITE_ERROR);
        free(m.data);
    }
    cairo_surface_destroy(s);
    s = cairo_image_surface_create(CAIRO_FORMAT_A8, 10, 10);
    mem m = {NULL, 0, 0, 0, -1};
    assert_int_equal(png_write_surface(s, mem_write, &m), CAIRO_STATUS_INVALID_FORMAT);
    assert_int_equal(m.len, 0);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chart_like),
        cmocka_unit_test(wider_than_the_window),
        cmocka_unit_test(argb_and_tiny),
        cmocka_unit_test(repeated_rows_short_tail),
        cmocka_unit_test(errors),
        cmocka_unit_test(adler_is_zlibs),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    cairo_debug_reset_static_data();
    return failed;
}
