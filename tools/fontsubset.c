/* fontsubset.c — qtr-fontsubset, a build tool: the charts stage's smaller copy of the report font.
 *
 * usage: qtr-fontsubset OUTDIR [FAMILY]   (FAMILY: default "Noto Sans CJK SC", the report's font)
 *
 * Writes OUTDIR/Regular.otf and OUTDIR/Bold.otf: the faces fontconfig gives for FAMILY, cut by
 * HarfBuzz's subsetter (libharfbuzz-subset, which comes with Pango's development files) to the
 * characters of Chinese administrative text — GB 2312 (6,763 hanzi and its symbols), ASCII,
 * Latin-1, general punctuation, CJK symbols, full-width forms, arrows, shapes, enclosed numbers —
 * with outlines, hinting, metrics, every layout feature and every other table kept (BASE too:
 * HarfBuzz aligns runs of two fonts by it), the glyphs numbered afresh and each outline written
 * whole (no CFF subroutines: cairo's subsetter then embeds in a PDF only the outlines it uses,
 * not the subroutine indexes of a 15,000-glyph font), the family renamed "Qtr subset of FAMILY"
 * (name ids 1, 4, 16; the PostScript name stays, so PDFs name the font as before). A source
 * table HarfBuzz drops is carried over only when it names no glyph (BASE without glyph-based
 * coordinates); another makes no subset (the stage then uses the whole font). Then
 * OUTDIR/fonts.txt, one line per style, which qtr-charts reads (pipeline/charts/fontsub.h):
 *     family TAB style TAB source file TAB face index TAB size TAB mtime_ns TAB file TAB subset family
 * Without the font (or when fontconfig offers a substitute) it says so, writes nothing and
 * exits 0: the stage then uses the whole font. Exit 1 when a subset cannot be made or written.
 */
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontmatch.h"

#define PROG "qtr-fontsubset"

/* The characters kept: GB 2312's (decoded by iconv), plus these blocks. */
static const uint32_t blocks[][2] = {
    {0x0020, 0x007E}, {0x00A0, 0x00FF},   /* ASCII, Latin-1 */
    {0x2000, 0x206F},                     /* general punctuation (— … ‰) */
    {0x2100, 0x218F},                     /* letterlike and number forms (℃ № Ⅱ) */
    {0x2190, 0x22FF},                     /* arrows, mathematical operators (≥ ≤ ×) */
    {0x2460, 0x27BF},                     /* enclosed numbers, box drawing, shapes, symbols, dingbats */
    {0x3000, 0x303F},                     /* CJK symbols and punctuation (、。《》【】) */
    {0x3200, 0x32FF},                     /* enclosed CJK (㈠ ㊀) */
    {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF},   /* CJK compatibility forms, full-width forms */
};

static int add_gb2312(hb_set_t *set)
{
    iconv_t cd = iconv_open("UCS-4LE", "GB2312");
    if (cd == (iconv_t)-1)
        return -1;
    for (int b1 = 0xA1; b1 <= 0xF7; b1++)
        for (int b2 = 0xA1; b2 <= 0xFE; b2++) {
            char in[2] = {(char)b1, (char)b2}, out[8];
            char *ip = in, *op = out;
            size_t il = 2, ol = sizeof out;
            iconv(cd, NULL, NULL, NULL, NULL);
            if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == sizeof out - 4) {
                const unsigned char *u = (const unsigned char *)out;
                hb_set_add(set, (hb_codepoint_t)u[0] | (hb_codepoint_t)u[1] << 8 |
                                    (hb_codepoint_t)u[2] << 16 | (hb_codepoint_t)u[3] << 24);
            }
        }
    iconv_close(cd);
    return 0;
}

/* s (UTF-8) as UTF-16BE into out; its length in bytes, or 0 when it does not fit. */
static size_t utf16be(const char *s, unsigned char *out, size_t n)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        int extra = *p < 0x80 ? 0 : *p < 0xE0 ? 1 : *p < 0xF0 ? 2 : 3;
        c = extra == 0 ? *p : *p & (0x3F >> extra);
        for (p++; extra > 0 && (*p & 0xC0) == 0x80; extra--, p++)
            c = c << 6 | (*p & 0x3F);
        if (c >= 0x10000) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            if (k + 4 > n)
                return 0;
            out[k++] = (unsigned char)(hi >> 8), out[k++] = (unsigned char)hi;
            out[k++] = (unsigned char)(lo >> 8), out[k++] = (unsigned char)lo;
        } else {
            if (k + 2 > n)
                return 0;
            out[k++] = (unsigned char)(c >> 8), out[k++] = (unsigned char)c;
        }
    }
    return k;
}

static unsigned get16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static void put16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v; }

/* src[0..len) with every `from` replaced by `to`, appended at out + *k (cap bytes). */
static int replace_into(const unsigned char *src, size_t len, const unsigned char *from, size_t flen,
                        const unsigned char *to, size_t tlen, unsigned char *out, size_t *k, size_t cap)
{
    for (size_t i = 0; i < len;) {
        if (flen && i + flen <= len && memcmp(src + i, from, flen) == 0) {
            if (*k + tlen > cap)
                return -1;
            memcpy(out + *k, to, tlen);
            *k += tlen;
            i += flen;
        } else {
            if (*k + 1 > cap)
                return -1;
            out[(*k)++] = src[i++];
        }
    }
    return 0;
}

/* Whether the BaseCoord at t + off (len bytes in all) is well formed and names no glyph: format
 * 1 (a coordinate) or 3 (a coordinate and a device table); format 2 refers to a glyph by its id. */
static int base_coord_ok(const unsigned char *t, size_t len, size_t off)
{
    return off + 4 <= len && (get16(t + off) == 1 || get16(t + off) == 3);
}

/* The same for a MinMax table and the coordinates it points to (offsets from the table). */
static int base_minmax_ok(const unsigned char *t, size_t len, size_t mm)
{
    if (mm + 6 > len)
        return 0;
    for (int i = 0; i < 2; i++)
        if (get16(t + mm + 2 * i) && !base_coord_ok(t, len, mm + get16(t + mm + 2 * i)))
            return 0;
    size_t n = get16(t + mm + 4);
    if (mm + 6 + 8 * n > len)
        return 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 2; j++) {
            unsigned o = get16(t + mm + 6 + 8 * i + 4 + 2 * j);
            if (o && !base_coord_ok(t, len, mm + o))
                return 0;
        }
    return 1;
}

/* Whether a BASE table names no glyph id (OpenType's BASE: axes, their script lists, each
 * script's baseline values, default and language min/max; only a format-2 BaseCoord holds a
 * glyph id). Such a table means the same in a font whose glyphs are numbered otherwise. */
static int base_names_no_glyph(hb_blob_t *blob)
{
    unsigned ulen;
    const unsigned char *t = (const unsigned char *)hb_blob_get_data(blob, &ulen);
    size_t len = ulen;
    if (!t || len < 8)
        return 0;
    for (int a = 0; a < 2; a++) { /* horizontal, vertical axis */
        size_t axis = get16(t + 4 + 2 * a);
        if (!axis)
            continue;
        if (axis + 4 > len)
            return 0;
        size_t list = get16(t + axis + 2) ? axis + get16(t + axis + 2) : 0;
        if (!list)
            continue;
        if (list + 2 > len || list + 2 + 6 * (size_t)get16(t + list) > len)
            return 0;
        for (size_t i = 0, n = get16(t + list); i < n; i++) {
            size_t sc = list + get16(t + list + 2 + 6 * i + 4);
            if (sc + 6 > len)
                return 0;
            size_t values = get16(t + sc) ? sc + get16(t + sc) : 0;
            if (values) {
                if (values + 4 > len || values + 4 + 2 * (size_t)get16(t + values + 2) > len)
                    return 0;
                for (size_t k = 0, m = get16(t + values + 2); k < m; k++)
                    if (!base_coord_ok(t, len, values + get16(t + values + 4 + 2 * k)))
                        return 0;
            }
            if (get16(t + sc + 2) && !base_minmax_ok(t, len, sc + get16(t + sc + 2)))
                return 0;
            size_t nl = get16(t + sc + 4);
            if (sc + 6 + 6 * nl > len)
                return 0;
            for (size_t k = 0; k < nl; k++) {
                unsigned o = get16(t + sc + 6 + 6 * k + 4);
                if (o && !base_minmax_ok(t, len, sc + o))
                    return 0;
            }
        }
    }
    return 1;
}

/* The 'name' table with the family renamed in name ids 1, 4 and 16 (Unicode and Windows
 * records in UTF-16BE; Macintosh Roman records when the names are ASCII). NULL on failure. */
static hb_blob_t *renamed(hb_blob_t *name, const char *family, const char *subfamily)
{
    unsigned len;
    const unsigned char *t = (const unsigned char *)hb_blob_get_data(name, &len);
    if (!t || len < 6)
        return NULL;
    unsigned format = get16(t), count = get16(t + 2), strings = get16(t + 4);
    size_t head = 6 + 12 * (size_t)count, ntags = 0;
    if (format == 1) {
        if (head + 2 > len)
            return NULL;
        ntags = get16(t + head);
        head += 2 + 4 * ntags;
    }
    if (format > 1 || head > len || strings > len)
        return NULL;
    unsigned char f16[1024], s16[1024];
    size_t f16n = utf16be(family, f16, sizeof f16), s16n = utf16be(subfamily, s16, sizeof s16);
    int ascii = 1;
    for (const char *p = subfamily; *p; p++)
        ascii &= (unsigned char)*p < 0x80;
    size_t cap = head + (len - strings) * 2 + 64 * (size_t)count + 1024;
    unsigned char *out = malloc(cap);
    if (!out || !f16n || !s16n) {
        free(out);
        return NULL;
    }
    memcpy(out, t, head);
    put16(out + 4, (unsigned)head);
    size_t k = head;
    for (size_t i = 0; i < count + ntags; i++) {
        /* a name record's length and offset at +8 and +10; a language tag's at +0 and +2 */
        int is_rec = i < count;
        unsigned char *r = out + (is_rec ? 6 + 12 * i + 8 : 6 + 12 * (size_t)count + 2 + 4 * (i - count));
        const unsigned char *rec = t + (is_rec ? 6 + 12 * i : 0);
        size_t slen = get16(r), soff = strings + (size_t)get16(r + 2);
        if (soff + slen > len) {
            free(out);
            return NULL;
        }
        unsigned platform = is_rec ? get16(rec) : 0, id = is_rec ? get16(rec + 6) : 0;
        int rename = is_rec && (id == 1 || id == 4 || id == 16);
        size_t at = k;
        int rc;
        if (rename && (platform == 0 || platform == 3))
            rc = replace_into(t + soff, slen, f16, f16n, s16, s16n, out, &k, cap);
        else if (rename && platform == 1 && ascii)
            rc = replace_into(t + soff, slen, (const unsigned char *)family, strlen(family),
                              (const unsigned char *)subfamily, strlen(subfamily), out, &k, cap);
        else
            rc = replace_into(t + soff, slen, NULL, 0, NULL, 0, out, &k, cap);
        if (rc != 0 || k - at > 0xFFFF || at - head > 0xFFFF) {
            free(out);
            return NULL;
        }
        put16(r, (unsigned)(k - at));
        put16(r + 2, (unsigned)(at - head));
    }
    return hb_blob_create((const char *)out, (unsigned)k, HB_MEMORY_MODE_WRITABLE, out, free);
}

/* The subset of face `index` of `src`, written to `out` (through a temporary name): 0; 1 when
 * the source has a table that cannot be carried into it faithfully (nothing written); -1 on
 * failure. */
static int cut(const char *src, int index, const char *out, const char *family, const char *subfamily)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(src);
    if (!blob) {
        fprintf(stderr, PROG ": %s: cannot read\n", src);
        return -1;
    }
    hb_face_t *face = hb_face_create(blob, (unsigned)index);
    hb_blob_destroy(blob);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    int rc = -1;
    if (in) {
        hb_set_t *u = hb_subset_input_unicode_set(in);
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            hb_set_add_range(u, blocks[i][0], blocks[i][1]);
        if (add_gb2312(u) != 0)
            fprintf(stderr, PROG ": iconv knows no GB2312: only the blocks are kept\n");
        hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG)); /* every table */
        hb_subset_sets_t all[] = {HB_SUBSET_SETS_NAME_ID, HB_SUBSET_SETS_NAME_LANG_ID,
                                  HB_SUBSET_SETS_LAYOUT_FEATURE_TAG, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG};
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
            hb_set_t *s = hb_subset_input_set(in, all[i]);
            hb_set_clear(s);
            hb_set_invert(s);
        }
        /* glyphs numbered afresh and each outline whole (no subroutines): what cairo does for
         * every PDF and SVG it finishes grows with the font's glyph slots and subroutines
         * (bench/gains.md); the outlines are the same */
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NAME_LEGACY |
                                          HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_GLYPH_NAMES |
                                          HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES |
                                          HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED);
        hb_face_t *built = hb_subset_or_fail(face, in);
        hb_subset_input_destroy(in);
        /* read back as a font file: a builder face lists no tables */
        hb_blob_t *sblob = built ? hb_face_reference_blob(built) : NULL;
        hb_face_t *sub = sblob ? hb_face_create(sblob, 0) : NULL;
        hb_blob_destroy(sblob);
        hb_face_destroy(built);
        if (sub) {
            /* the subset's tables again, 'name' with the family renamed; a table it lacks
             * (HarfBuzz drops what it cannot subset) as it is in the source when it names no
             * glyph (BASE: HarfBuzz aligns runs of two fonts by it), else no subset at all */
            hb_face_t *b = hb_face_builder_create();
            hb_tag_t tags[64], stags[64];
            unsigned n = 64, ns = 64;
            /* a font of more tables than these arrays hold is refused, not cut short */
            int ok = hb_face_get_table_tags(sub, 0, &n, tags) <= 64 &&
                     hb_face_get_table_tags(face, 0, &ns, stags) <= 64;
            for (unsigned i = 0; i < ns; i++) {
                hb_tag_t tag = stags[i];
                int in_sub = 0;
                for (unsigned j = 0; j < n; j++)
                    in_sub |= tags[j] == tag;
                hb_blob_t *tb = hb_face_reference_table(in_sub ? sub : face, tag);
                if (!in_sub && !(tag == HB_TAG('B', 'A', 'S', 'E') && base_names_no_glyph(tb))) {
                    char name[5];
                    hb_tag_to_string(tag, name);
                    name[4] = '\0';
                    fprintf(stderr, PROG ": %s: its '%s' table cannot be carried into a subset whose glyphs are "
                            "numbered afresh: qtr-charts uses the whole font\n", src, name);
                    hb_blob_destroy(tb);
                    rc = 1;
                    break;
                }
                if (tag == HB_TAG('n', 'a', 'm', 'e')) {
                    hb_blob_t *rn = renamed(tb, family, subfamily);
                    hb_blob_destroy(tb);
                    tb = rn;
                }
                if (!tb || !hb_face_builder_add_table(b, tag, tb))
                    ok = 0;
                hb_blob_destroy(tb);
            }
            hb_blob_t *font = ok && rc != 1 ? hb_face_reference_blob(b) : NULL;
            unsigned flen = 0;
            const char *data = font ? hb_blob_get_data(font, &flen) : NULL;
            char tmp[PATH_MAX + 8];
            snprintf(tmp, sizeof tmp, "%s.tmp", out);
            FILE *f = data && flen ? fopen(tmp, "wb") : NULL;
            if (rc == 1)
                ; /* said above */
            else if (f && fwrite(data, 1, flen, f) == flen && fclose(f) == 0 && rename(tmp, out) == 0)
                rc = 0;
            else if (f || data)
                fprintf(stderr, PROG ": %s: cannot write: %s\n", out, strerror(errno));
            else
                fprintf(stderr, PROG ": %s: the subset could not be assembled\n", src);
            hb_blob_destroy(font);
            hb_face_destroy(b);
            hb_face_destroy(sub);
        } else {
            fprintf(stderr, PROG ": %s: HarfBuzz could not subset it\n", src);
        }
    }
    hb_face_destroy(face);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: " PROG " OUTDIR [FAMILY]\n");
        return 64;
    }
    const char *dir = argv[1], *family = argc == 3 ? argv[2] : "Noto Sans CJK SC";
    char subfamily[512], lines[2][PATH_MAX + 1024];
    snprintf(subfamily, sizeof subfamily, "Qtr subset of %s", family);
    if (!FcInit())
        return 1;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, PROG ": %s: cannot create: %s\n", dir, strerror(errno));
        return 1;
    }
    const char *styles[2] = {"Regular", "Bold"};
    for (int bold = 0; bold < 2; bold++) {
        char src[PATH_MAX], out[PATH_MAX];
        int index;
        struct stat st;
        if (fontmatch_file(family, bold, src, sizeof src, &index) != 0 || stat(src, &st) != 0) {
            fprintf(stderr, PROG ": '%s' (%s) is not installed: qtr-charts uses the whole font\n", family,
                    styles[bold]);
            return 0;
        }
        snprintf(out, sizeof out, "%s/%s.otf", dir, styles[bold]);
        int rc = cut(src, index, out, family, subfamily);
        if (rc == 1) { /* no faithful subset: none listed */
            char list[PATH_MAX];
            snprintf(list, sizeof list, "%s/fonts.txt", dir);
            unlink(list);
            return 0;
        }
        if (rc != 0)
            return 1;
        snprintf(lines[bold], sizeof lines[bold], "%s\t%s\t%s\t%d\t%lld\t%lld\t%s.otf\t%s\n", family,
                 styles[bold], src, index, (long long)st.st_size,
                 (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec, styles[bold], subfamily);
    }
    char list[PATH_MAX], tmp[PATH_MAX + 8];
    snprintf(list, sizeof list, "%s/fonts.txt", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", list);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(lines[0], f) < 0 || fputs(lines[1], f) < 0 || fclose(f) != 0 || rename(tmp, list) != 0) {
        fprintf(stderr, PROG ": %s: cannot write: %s\n", list, strerror(errno));
        return 1;
    }
    FcFini();
    return 0;
}
