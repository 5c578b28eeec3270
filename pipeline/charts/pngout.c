/* pngout.c — a fast, deterministic PNG writer for flat chart graphics (see pngout.h). */
#include "pngout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define FP_OUT_CHUNK (1u << 20) /* bytes of compressed data per IDAT chunk */
#define FP_MAX_MATCH 258
#define FP_MIN_MATCH 3
#define FP_WINDOW 32768

typedef struct {
    cairo_write_func_t write;
    void *closure;
    cairo_status_t status;
    unsigned char *buf; /* FP_OUT_CHUNK + slack: compressed bytes of the IDAT being filled */
    size_t len;
    uint64_t bits;      /* pending bits, LSB first */
    unsigned nbits;
} fp_out;

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Writes one chunk: length, type, data, CRC of type and data. */
static void chunk(fp_out *o, const char type[4], const unsigned char *data, size_t len)
{
    if (o->status != CAIRO_STATUS_SUCCESS)
        return;
    unsigned char head[8];
    put_be32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0L, head + 4, 4);
    if (len)
        crc = crc32(crc, data, (uInt)len);
    unsigned char tail[4];
    put_be32(tail, (uint32_t)crc);
    if ((o->status = o->write(o->closure, head, 8)) == CAIRO_STATUS_SUCCESS && len)
        o->status = o->write(o->closure, data, (unsigned int)len);
    if (o->status == CAIRO_STATUS_SUCCESS)
        o->status = o->write(o->closure, tail, 4);
}

static void flush_idat(fp_out *o)
{
    if (o->len)
        chunk(o, "IDAT", o->buf, o->len);
    o->len = 0;
}

/* Appends n bits (n <= 32) of v, LSB first. */
static inline void put_bits(fp_out *o, uint32_t v, unsigned n)
{
    o->bits |= (uint64_t)v << o->nbits;
    o->nbits += n;
    if (o->nbits >= 32) {
        unsigned char *p = o->buf + o->len;
        p[0] = (unsigned char)o->bits;
        p[1] = (unsigned char)(o->bits >> 8);
        p[2] = (unsigned char)(o->bits >> 16);
        p[3] = (unsigned char)(o->bits >> 24);
        o->len += 4;
        o->bits >>= 32;
        o->nbits -= 32;
        if (o->len >= FP_OUT_CHUNK)
            flush_idat(o);
    }
}

static void put_byte_aligned(fp_out *o, unsigned char b)
{
    put_bits(o, b, 8);
}

/* The remaining bits, padded to a byte. */
static void flush_bits(fp_out *o)
{
    while (o->nbits > 0) {
        o->buf[o->len++] = (unsigned char)o->bits;
        o->bits >>= 8;
        o->nbits = o->nbits > 8 ? o->nbits - 8 : 0;
    }
    o->bits = 0;
}

static uint32_t reverse(uint32_t code, unsigned n)
{
    uint32_t r = 0;
    for (unsigned i = 0; i < n; i++, code >>= 1)
        r = r << 1 | (code & 1);
    return r;
}

/* The fixed Huffman code (RFC 1951, 3.2.6) of a literal/length symbol, bit-reversed for an LSB
 * first stream. */
static void fixed_code(unsigned sym, uint32_t *code, unsigned *n)
{
    if (sym < 144)
        *code = reverse(0x30 + sym, *n = 8);
    else if (sym < 256)
        *code = reverse(0x190 + sym - 144, *n = 9);
    else if (sym < 280)
        *code = reverse(sym - 256, *n = 7);
    else
        *code = reverse(0xC0 + sym - 280, *n = 8);
}

typedef struct {
    uint32_t lit[256];                 /* literal codes */
    unsigned char lit_n[256];
    uint32_t len[FP_MAX_MATCH + 1];    /* length symbol code and its extra bits, together */
    unsigned char len_n[FP_MAX_MATCH + 1];
} fp_codes;

static const unsigned short len_base[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                            31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const unsigned char len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                            2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const unsigned short dist_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,
                                             33,  49,  65,  97,  129, 193,  257,  385,  513,  769,
                                             1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const unsigned char dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                             6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static void make_codes(fp_codes *c)
{
    for (unsigned b = 0; b < 256; b++) {
        unsigned n;
        fixed_code(b, &c->lit[b], &n);
        c->lit_n[b] = (unsigned char)n;
    }
    for (unsigned l = FP_MIN_MATCH; l <= FP_MAX_MATCH; l++) {
        unsigned k = 28;
        while (len_base[k] > l)
            k--;
        uint32_t code;
        unsigned n;
        fixed_code(257 + k, &code, &n);
        c->len[l] = code | (uint32_t)(l - len_base[k]) << n;
        c->len_n[l] = (unsigned char)(n + len_extra[k]);
    }
}

/* A distance's fixed code (5 bits, reversed) with its extra bits. */
static void dist_code(unsigned d, uint32_t *code, unsigned *n)
{
    unsigned k = 29;
    while (dist_base[k] > d)
        k--;
    *code = reverse(k, 5) | (uint32_t)(d - dist_base[k]) << 5;
    *n = 5 + dist_extra[k];
}

#define FP_ADLER_BASE 65521u /* the largest prime below 2^16 */
#define FP_ADLER_NMAX 5552    /* bytes before s2 could overflow 32 bits (zlib's NMAX) */

unsigned long png_adler32(unsigned long adler, const unsigned char *p, size_t n)
{
    uint32_t s1 = (uint32_t)(adler & 0xFFFF), s2 = (uint32_t)(adler >> 16 & 0xFFFF);
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128();
    const __m128i w_lo = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9); /* bytes 0..7 */
    const __m128i w_hi = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);        /* bytes 8..15 */
    while (n >= 16) {
        /* blocks of 16 bytes, at most NMAX bytes between reductions: in a block, byte i adds
         * (16 - i) * b to s2 besides 16 * s1 before the block, and b to s1 */
        size_t blocks = (n < FP_ADLER_NMAX ? n : FP_ADLER_NMAX) / 16;
        n -= blocks * 16;
        __m128i v_s1 = zero, v_ps = zero, v_s2 = zero; /* 32-bit lanes (s1's in lanes 0, 2) */
        s2 += s1 * 16 * (uint32_t)blocks;
        for (size_t b = 0; b < blocks; b++, p += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            v_ps = _mm_add_epi32(v_ps, v_s1); /* the sums of the blocks before this one */
            v_s1 = _mm_add_epi32(v_s1, _mm_sad_epu8(v, zero));
            v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_unpacklo_epi8(v, zero), w_lo));
            v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_unpackhi_epi8(v, zero), w_hi));
        }
        uint32_t a[4], ps[4], b2[4];
        _mm_storeu_si128((__m128i *)(void *)a, v_s1);
        _mm_storeu_si128((__m128i *)(void *)ps, v_ps);
        _mm_storeu_si128((__m128i *)(void *)b2, v_s2);
        s2 += 16 * (ps[0] + ps[2]) + b2[0] + b2[1] + b2[2] + b2[3];
        s1 += a[0] + a[2];
        s1 %= FP_ADLER_BASE;
        s2 %= FP_ADLER_BASE;
    }
#endif
    while (n > 0) {
        size_t k = n < FP_ADLER_NMAX ? n : FP_ADLER_NMAX;
        n -= k;
        for (; k > 0; k--) {
            s1 += *p++;
            s2 += s1;
        }
        s1 %= FP_ADLER_BASE;
        s2 %= FP_ADLER_BASE;
    }
    return (unsigned long)s2 << 16 | s1;
}

/* Length of the common prefix of a and b, at most max. */
static inline size_t common(const unsigned char *a, const unsigned char *b, size_t max)
{
    size_t i = 0;
    while (i + 8 <= max) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y)
            return i + (size_t)(__builtin_ctzll(x ^ y) >> 3);
        i += 8;
    }
    while (i < max && a[i] == b[i])
        i++;
    return i;
}

cairo_status_t png_write_surface(cairo_surface_t *s, cairo_write_func_t write, void *closure)
{
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    if (fmt != CAIRO_FORMAT_RGB24 && fmt != CAIRO_FORMAT_ARGB32)
        return CAIRO_STATUS_INVALID_FORMAT;
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    size_t rowlen = (size_t)w * 3 + 1; /* filter byte (None) and RGB */
    if (!data || w <= 0 || h <= 0)
        return CAIRO_STATUS_INVALID_SIZE;
    int use_up = rowlen <= FP_WINDOW; /* the row above is within deflate's reach */
    fp_codes *codes = malloc(sizeof *codes);
    unsigned char *rows = malloc(2 * (rowlen + 4)); /* each row with 4 bytes to spare */
    fp_out o = {write, closure, CAIRO_STATUS_SUCCESS, malloc(FP_OUT_CHUNK + 64), 0, 0, 0};
    if (!codes || !rows || !o.buf) {
        free(codes);
        free(rows);
        free(o.buf);
        return CAIRO_STATUS_NO_MEMORY;
    }
    make_codes(codes);
    uint32_t left_code, up_code;
    unsigned left_n, up_n;
    dist_code(3, &left_code, &left_n);
    dist_code(use_up ? (unsigned)rowlen : 1, &up_code, &up_n);

    static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    o.status = write(closure, sig, 8);
    unsigned char ihdr[13];
    put_be32(ihdr, (uint32_t)w);
    put_be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;  /* bits per sample */
    ihdr[9] = 2;  /* RGB */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering, each row's filter byte */
    ihdr[12] = 0; /* no interlace */
    chunk(&o, "IHDR", ihdr, sizeof ihdr);

    /* zlib header: deflate, 32 KiB window, fastest; one final block of fixed codes */
    put_byte_aligned(&o, 0x78);
    put_byte_aligned(&o, 0x01);
    put_bits(&o, 1 | 1 << 1, 3); /* BFINAL, BTYPE 01 */
    uLong adler = adler32(0L, Z_NULL, 0), row_adler = 0;
    unsigned char *prev = rows, *cur = rows + rowlen + 4;
    for (int y = 0; y < h && o.status == CAIRO_STATUS_SUCCESS; y++) {
        /* native-endian xRGB (the charts are drawn on an opaque white page: alpha is dropped) */
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        if (y > 0 && use_up && memcmp(px, data + (size_t)(y - 1) * (size_t)stride, (size_t)w * 4) == 0) {
            /* the row above again (half the rows of a chart): the same codes the loop below
             * gives it — matches with the row above, then what is too short for one as
             * literals — and its Adler-32 from the row's own, kept (prev holds its bytes) */
            adler = adler32_combine(adler, row_adler, (z_off_t)rowlen);
            for (size_t i = 0; i < rowlen;) {
                size_t max = rowlen - i < FP_MAX_MATCH ? rowlen - i : FP_MAX_MATCH;
                if (max >= FP_MIN_MATCH) {
                    put_bits(&o, codes->len[max], codes->len_n[max]);
                    put_bits(&o, up_code, up_n);
                    i += max;
                } else {
                    put_bits(&o, codes->lit[prev[i]], codes->lit_n[prev[i]]);
                    i++;
                }
            }
            continue;
        }
        cur[0] = 0;
        for (int x = 0; x < w; x++) {
            /* 0xXXRRGGBB stored as R, G, B, 0, the 0 overwritten by the next pixel (the last
             * one's falls in the row's spare bytes) */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            uint32_t rgb = __builtin_bswap32(px[x]) >> 8;
#else
            uint32_t rgb = px[x] << 8;
#endif
            memcpy(cur + 1 + 3 * (size_t)x, &rgb, 4);
        }
        row_adler = png_adler32(1L, cur, rowlen);
        adler = adler32_combine(adler, row_adler, (z_off_t)rowlen);
        size_t i = 0;
        while (i < rowlen) {
            size_t max = rowlen - i < FP_MAX_MATCH ? rowlen - i : FP_MAX_MATCH;
            size_t up = y > 0 && use_up ? common(cur + i, prev + i, max) : 0;
            size_t left = 0;
            if (up < max && i >= 4)
                left = common(cur + i, cur + i - 3, max);
            if (up >= FP_MIN_MATCH && up >= left) {
                put_bits(&o, codes->len[up], codes->len_n[up]);
                put_bits(&o, up_code, up_n);
                i += up;
            } else if (left >= FP_MIN_MATCH) {
                put_bits(&o, codes->len[left], codes->len_n[left]);
                put_bits(&o, left_code, left_n);
                i += left;
            } else {
                put_bits(&o, codes->lit[cur[i]], codes->lit_n[cur[i]]);
                i++;
            }
        }
        unsigned char *t = prev;
        prev = cur;
        cur = t;
    }
    uint32_t eob;
    unsigned eob_n;
    fixed_code(256, &eob, &eob_n);
    put_bits(&o, eob, eob_n);
    flush_bits(&o);
    put_be32(o.buf + o.len, (uint32_t)adler);
    o.len += 4;
    flush_idat(&o);
    chunk(&o, "IEND", NULL, 0);
    cairo_status_t st = o.status;
    free(codes);
    free(rows);
    free(o.buf);
    return st;
}
