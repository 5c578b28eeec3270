/* Unit tests of decode.c and csvr.c: encodings, line numbers, quoting, recovery. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "text.h"

static void test_encodings(void **state)
{
    (void)state;
    qtr_decoded d;
    size_t bad = 0;
    assert_int_equal(qtr_decode("a,b\n", 4, &d, &bad), QTR_OK);
    assert_string_equal(d.encoding, "UTF-8");
    free(d.text);
    assert_int_equal(qtr_decode("\xEF\xBB\xBF" "报告期", 12, &d, &bad), QTR_OK);
    assert_string_equal(d.encoding, "UTF-8 BOM");
    assert_string_equal(d.text, "报告期");
    free(d.text);
    /* 报告期 in GB18030 */
    assert_int_equal(qtr_decode("\xB1\xA8\xB8\xE6\xC6\xDA", 6, &d, &bad), QTR_OK);
    assert_string_equal(d.encoding, "GB18030");
    assert_string_equal(d.text, "报告期");
    free(d.text);
    /* UTF-16LE with BOM: "a1" */
    assert_int_equal(qtr_decode("\xFF\xFE" "a\0" "1\0", 6, &d, &bad), QTR_OK);
    assert_string_equal(d.text, "a1");
    free(d.text);
}

static void test_decode_errors(void **state)
{
    (void)state;
    qtr_decoded d;
    size_t bad = 0;
    /* 0xFF is valid in no accepted encoding */
    assert_int_equal(qtr_decode("ab\n\xFF\xFF", 5, &d, &bad), QTR_ERR_DECODE);
    assert_int_equal(bad, 3);
    /* a NUL byte */
    assert_int_equal(qtr_decode("ab\0c", 4, &d, &bad), QTR_ERR_DECODE);
    assert_int_equal(bad, 2);
    /* a BOM promises UTF-8: broken UTF-8 after it is an error, not GB18030 */
    assert_int_equal(qtr_decode("\xEF\xBB\xBF" "a\xC3", 5, &d, &bad), QTR_ERR_DECODE);
    assert_int_equal(bad, 4);
}

typedef struct {
    long lines[16];
    size_t nfields[16];
    char first[16][64];
    int nrec;
    long err_lines[8];
    int nerr;
} collected;

static int on_rec(void *ctx, const qtr_record *r)
{
    collected *c = ctx;
    if (c->nrec < 16) {
        c->lines[c->nrec] = r->line;
        c->nfields[c->nrec] = r->nfields;
        size_t n = r->fields[0].n < 63 ? r->fields[0].n : 63;
        memcpy(c->first[c->nrec], r->fields[0].s, n);
        c->first[c->nrec][n] = '\0';
    }
    c->nrec++;
    return 0;
}

static int on_err(void *ctx, long line, long end, const char *raw, size_t n, const char *why)
{
    (void)end;
    (void)raw;
    (void)n;
    (void)why;
    collected *c = ctx;
    if (c->nerr < 8)
        c->err_lines[c->nerr] = line;
    c->nerr++;
    return 0;
}

static void test_lines_and_quotes(void **state)
{
    (void)state;
    const char *text = "h1,h2\r\n"
                       "\r\n"
                       "   \r\n"
                       "\"multi\nline\",x\r\n"
                       "a,\"q,\"\"uote\"\"\"\r\n"
                       "last,row";
    collected c;
    memset(&c, 0, sizeof c);
    assert_int_equal(qtr_csv_read(text, strlen(text), on_rec, on_err, &c), QTR_OK);
    assert_int_equal(c.nrec, 4);
    assert_int_equal(c.lines[0], 1);
    assert_int_equal(c.lines[1], 4); /* record starts on line 4, spans 4-5 */
    assert_string_equal(c.first[1], "multi\nline");
    assert_int_equal(c.lines[2], 6);
    assert_int_equal(c.lines[3], 7);
    assert_int_equal(c.nerr, 0);
}

static void test_recovery(void **state)
{
    (void)state;
    /* a quote inside an unquoted field rejects that row only */
    const char *text = "h1,h2\na,b\"c\nd,e\n";
    collected c;
    memset(&c, 0, sizeof c);
    assert_int_equal(qtr_csv_read(text, strlen(text), on_rec, on_err, &c), QTR_OK);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.err_lines[0], 2);
    assert_int_equal(c.nrec, 2);
    assert_int_equal(c.lines[1], 3);
    /* an unclosed quote: its line is rejected, the lines it swallowed are read again */
    const char *text2 = "h1,h2\n\"open,x\nf,g\nh,i\n";
    memset(&c, 0, sizeof c);
    assert_int_equal(qtr_csv_read(text2, strlen(text2), on_rec, on_err, &c), QTR_OK);
    assert_int_equal(c.nerr, 1);
    assert_int_equal(c.err_lines[0], 2);
    assert_int_equal(c.nrec, 3);
    assert_string_equal(c.first[1], "f");
    assert_int_equal(c.lines[1], 3);
    assert_int_equal(c.lines[2], 4);
}

/* Every record and error, serialised, for comparing two ways of reading. */
static int log_rec(void *ctx, const qtr_record *r)
{
    qtr_buf *b = ctx;
    qtr_buf_printf(b, "R%ld-%ld[%.*s]", r->line, r->end_line, (int)r->raw_n, r->raw);
    for (size_t i = 0; i < r->nfields; i++)
        qtr_buf_printf(b, "<%.*s>", (int)r->fields[i].n, r->fields[i].s);
    return 0;
}

static int log_err(void *ctx, long line, long end, const char *raw, size_t n, const char *why)
{
    qtr_buf_printf(ctx, "E%ld-%ld[%.*s]%s", line, end, (int)n, raw, why);
    return 0;
}

static void test_chunked_equals_whole(void **state)
{
    (void)state;
    const char *texts[] = {
        "h1,h2\r\na,b\r\n\"multi\r\nline\",x\r\nc,\"d\"\"e\"\r\n",
        "h1,h2\na,b\"c\nd,e\n\"open,x\nf,g\nh,i",
        "a\rb\rc,\"d\re\"\r\r\n",
        "x\n\n  \n\"q\n\n\",1\n\"unterminated\n",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        qtr_buf whole = {0};
        assert_int_equal(qtr_csv_read(texts[t], strlen(texts[t]), log_rec, log_err, &whole), QTR_OK);
        for (size_t chunk = 1; chunk <= 17; chunk++) {
            qtr_buf parts = {0};
            qtr_csv_stream *s = qtr_csv_stream_new(log_rec, log_err, &parts);
            size_t n = strlen(texts[t]);
            for (size_t off = 0; off < n; off += chunk)
                assert_int_equal(qtr_csv_stream_feed(s, texts[t] + off, off + chunk > n ? n - off : chunk), QTR_OK);
            assert_int_equal(qtr_csv_stream_finish(s), QTR_OK);
            qtr_csv_stream_free(s);
            if (strcmp(qtr_buf_str(&whole), qtr_buf_str(&parts)) != 0)
                fail_msg("text %zu, chunk %zu:\n whole %s\n parts %s", t, chunk, qtr_buf_str(&whole),
                         qtr_buf_str(&parts));
            qtr_buf_free(&parts);
        }
        qtr_buf_free(&whole);
    }
}

static void test_display_names(void **state)
{
    (void)state;
    char *s = qtr_display_name("2025/城关区.csv");
    assert_string_equal(s, "2025/城关区.csv");
    free(s);
    s = qtr_display_name("new\nline\t.csv");
    assert_string_equal(s, "new\\nline\\t.csv");
    free(s);
    s = qtr_display_name("\xB3\xC7\xB9\xD8\xC7\xF8.csv"); /* 城关区 in GBK, as unzip leaves it */
    assert_string_equal(s, "城关区.csv");
    free(s);
    s = qtr_display_name("a\xFF\x01.csv");                  /* neither UTF-8 nor GB18030 */
    assert_string_equal(s, "a\\xFF\\x01.csv");
    free(s);
}

static const char *trimmed(const char *s)
{
    static char buf[64];
    size_t n = strlen(s);
    const char *t = qtr_trim(s, &n);
    memcpy(buf, t, n);
    buf[n] = '\0';
    return buf;
}

/* qtr_trim: ASCII blanks, U+3000, NBSP and a BOM go at both ends (the fast path of cells that
 * start and end with a visible ASCII byte changes nothing); qtr_utf8_invalid_offset finds the
 * first bad byte past runs of ASCII read eight at a time. */
static void test_trim_and_utf8_check(void **state)
{
    (void)state;
    assert_string_equal(trimmed("abc"), "abc");
    assert_string_equal(trimmed("a b"), "a b");
    assert_string_equal(trimmed("  12 \t"), "12");
    assert_string_equal(trimmed("\xE3\x80\x80城关区\xE3\x80\x80"), "城关区");
    assert_string_equal(trimmed("x\xE3\x80\x80"), "x");
    assert_string_equal(trimmed("\xC2\xA0" "5"), "5");
    assert_string_equal(trimmed("\xEF\xBB\xBF" "id"), "id");
    assert_string_equal(trimmed(" "), "");
    assert_string_equal(trimmed(""), "");
    const char *ok = "period,unit,indicator,value\n2025Q1,城关区,demands,118\n";
    assert_int_equal(qtr_utf8_invalid_offset(ok, strlen(ok)), strlen(ok));
    char bad[40];
    for (size_t at = 0; at < 20; at++) { /* a bad byte anywhere in or after an ASCII run */
        memset(bad, 'a', sizeof bad);
        bad[at] = (char)0xFF;
        assert_int_equal(qtr_utf8_invalid_offset(bad, sizeof bad), at);
    }
    assert_int_equal(qtr_utf8_invalid_offset("abcdefgh\xE5\x9F", 10), 8); /* cut short */
    /* every three-byte sequence after an ASCII byte: the fast paths agree with the decoder */
    for (unsigned a = 0xC0; a <= 0xFF; a++)
        for (unsigned b = 0x70; b <= 0xC0; b += 0x08)
            for (unsigned c = 0x7F; c <= 0xC1; c += 0x21) {
                char t[5] = {'x', (char)a, (char)b, (char)c, 'y'};
                size_t ref = 0;
                unsigned cp;
                size_t k;
                while (ref < sizeof t && (k = qtr_utf8_decode(t + ref, sizeof t - ref, &cp)) != 0)
                    ref += k;
                assert_int_equal(qtr_utf8_invalid_offset(t, sizeof t), ref);
            }

    /* random mixes of ASCII, Chinese, other sequences and bad bytes: the decoder's answer */
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    static const char *const pieces[] = {"a", ",", "2025Q3", "单位", "\xC2\xA0", "\xF0\x9F\x98\x80",
                                         "\xE5\x9F", "\xFF", "\xC0\x80", "\xED\xA0\x80", "\x80",
                                         "demands,43,2015/2015Q4.csv,2\n"};
    for (int k = 0; k < 20000; k++) {
        char t[96];
        size_t n = 0;
        for (;;) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* bad pieces (from the sixth) are rare: most texts are valid to their end */
            size_t pick = (size_t)(x % 64);
            const char *p = pieces[pick < 48 ? (pick % 9 == 0 ? 11 : pick % 4) : 4 + pick % 8];
            size_t len = strlen(p);
            if (n + len > sizeof t)
                break;
            memcpy(t + n, p, len);
            n += len;
        }
        size_t ref = 0;
        unsigned cp;
        size_t step;
        while (ref < n && (step = qtr_utf8_decode(t + ref, n - ref, &cp)) != 0)
            ref += step;
        for (size_t from = 0; from < 3 && from <= n; from++) { /* at every alignment */
            size_t want = ref;
            if (from > 0) {
                want = from;
                while (want < n && (step = qtr_utf8_decode(t + want, n - want, &cp)) != 0)
                    want += step;
            }
            assert_int_equal(from + qtr_utf8_invalid_offset(t + from, n - from), want);
        }
    }

    /* zero-width and bidirectional controls are shown, not obeyed, in messages and names */
    const char *rlo = "\xE2\x80\xAE" "区关城" "\xE2\x80\x8B" "x\tz";
    char *ex = qtr_excerpt(rlo, strlen(rlo), 200);
    assert_string_equal(ex, "<U+202E>区关城<U+200B>x z");
    free(ex);
    ex = qtr_excerpt("\xE2\x80\x94\xEF\xBC\x91", 6, 200); /* — and １ stay */
    assert_string_equal(ex, "\xE2\x80\x94\xEF\xBC\x91");
    free(ex);
    char zw[31] = ""; /* ten zero-width spaces: the escapes count against max */
    for (int i = 0; i < 10; i++)
        strcat(zw, "\xE2\x80\x8B");
    ex = qtr_excerpt(zw, strlen(zw), 20);
    assert_string_equal(ex, "<U+200B><U+200B>\xE2\x80\xA6");
    free(ex);
    ex = qtr_excerpt("城关区城关区", 18, 10); /* cut on a character boundary */
    assert_string_equal(ex, "城关区\xE2\x80\xA6");
    free(ex);
    char *name = qtr_display_name("2025Q1-\xE2\x80\xAE" "vsc.exe");
    assert_string_equal(name, "2025Q1-<U+202E>vsc.exe");
    free(name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim_and_utf8_check),
        cmocka_unit_test(test_encodings), cmocka_unit_test(test_decode_errors),
        cmocka_unit_test(test_lines_and_quotes), cmocka_unit_test(test_recovery),
        cmocka_unit_test(test_chunked_equals_whole),
        cmocka_unit_test(test_display_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
