/* Unit tests of num.c: the value spellings of docs/input.md (Values) and exact decimal formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

static qtr_num_result parse(const char *s, int pow10, char *out)
{
    qtr_qty q = 0;
    const char *why = NULL;
    qtr_num_result r = qtr_num_parse(s, strlen(s), pow10, &q, &why);
    if (r == QTR_NUM_OK)
        qtr_qty_format(q, out);
    else
        strcpy(out, why ? why : "");
    return r;
}

#define ACCEPT(text, pow, expect)                                        \
    do {                                                                 \
        char b_[200];                                                    \
        assert_int_equal(parse(text, pow, b_), QTR_NUM_OK);              \
        assert_string_equal(b_, expect);                                 \
    } while (0)

/* rejected with the reason of that code (docs/formats.md), which is plain Chinese */
#define REJECT(text, code)                                               \
    do {                                                                 \
        char b_[200];                                                    \
        assert_int_equal(parse(text, 0, b_), QTR_NUM_ERROR);             \
        assert_string_equal(qtr_num_reason_code(b_), code);              \
        assert_non_null(strstr(b_, "\xe8\xaf\xb7")); /* "请": what to write instead */ \
    } while (0)

static void test_accepted_spellings(void **state)
{
    (void)state;
    ACCEPT("1234", 0, "1234");
    ACCEPT("1,234.5", 0, "1234.5");
    ACCEPT("12,345,678", 0, "12345678");
    ACCEPT("１２３４", 0, "1234");               /* full-width digits */
    ACCEPT("１，２３４．５", 0, "1234.5");        /* full-width comma and point */
    ACCEPT("+5", 0, "5");
    ACCEPT("1.23457E+11", 0, "123457000000");    /* what Excel writes for a narrow column */
    ACCEPT("  42 ", 0, "42");
    ACCEPT("\xe3\x80\x80" "42" "\xe3\x80\x80", 0, "42"); /* U+3000 around */
    ACCEPT("0", 0, "0");
    ACCEPT("0.50", 0, "0.5");
    ACCEPT(".5", 0, "0.5");
    ACCEPT("1e3", 0, "1000");
    ACCEPT("-0", 0, "0");                        /* zero, not a negative number */
    ACCEPT("-0.00", 0, "0");
}

static void test_unit_conversion_is_exact(void **state)
{
    (void)state;
    ACCEPT("95,000.50", -4, "9.50005");          /* 万元 -> 亿元 */
    ACCEPT("1.23457E+11", -8, "1234.57");        /* 元 -> 亿元 */
    ACCEPT("0.01", -8, "0.0000000001");          /* one fen in 亿元 */
    ACCEPT("3", 4, "30000");                     /* 万人 -> 人 */
}

static void test_missing_is_not_zero(void **state)
{
    (void)state;
    const char *missing[] = {"", "  ", "—", "-", "/", "——", "\xe3\x80\x80", "\xe2\x88\x92"};
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        char b[200];
        assert_int_equal(parse(missing[i], 0, b), QTR_NUM_MISSING);
    }
}

static void test_rejected(void **state)
{
    (void)state;
    REJECT("-5", "negative");
    REJECT("\xe2\x88\x92" "5", "negative");       /* U+2212 MINUS SIGN */
    REJECT("-0.001", "negative");
    REJECT("约100", "not_a_number");
    REJECT("1,23", "bad_grouping");
    REJECT("1234,567", "bad_grouping");
    REJECT("1,2345", "bad_grouping");
    REJECT("NaN", "not_finite");
    REJECT("inf", "not_finite");
    REJECT("-inf", "not_finite");
    REJECT("1e400", "too_large");
    REJECT("99999999999999999999", "too_large");
    REJECT("无", "zero_as_text");
    REJECT("暂无", "zero_as_text");
    REJECT("一百", "chinese_numerals");
    REJECT("12个", "number_with_text");
    REJECT("1.2.3", "number_with_text");
    REJECT("0.0000000000001", "too_many_decimals");
    REJECT("=HYPERLINK(\"x\")", "not_a_number");
    REJECT("1,234e5", "grouping_and_exponent");
}

static void test_format_and_round_trip(void **state)
{
    (void)state;
    char b[QTR_QTY_BUFSIZE], d[32];
    qtr_qty q;
    assert_int_equal(qtr_qty_from_decimal("-12.5", &q), 0);
    assert_string_equal(qtr_qty_format(q, b), "-12.5");
    assert_int_equal(qtr_qty_from_decimal("104.23568", &q), 0);
    assert_true(qtr_qty_to_double(q) == 104.23568);
    assert_int_equal(qtr_qty_from_decimal("abc", &q), -1);
    assert_int_equal(qtr_qty_from_decimal("", &q), -1);
    assert_string_equal(qtr_double_format(0.1 + 0.2, d), "0.30000000000000004");
    assert_string_equal(qtr_double_format(0.75, d), "0.75");
    assert_string_equal(qtr_double_format(-0.0, d), "0");
    assert_string_equal(qtr_double_format(NAN, d), "");
    /* exact sums: 0.1 + 0.2 is 0.3 in qtr_qty */
    qtr_qty a, c;
    qtr_qty_from_decimal("0.1", &a);
    qtr_qty_from_decimal("0.2", &c);
    assert_string_equal(qtr_qty_format(a + c, b), "0.3");
}

/* Cells of digits and at most one point are read by a 64-bit short path; the same text with a
 * blank before it takes the general path (trim, then the full grammar): both must give the
 * same result, value and reason, whatever the digits (leading zeros, 18 and more significant
 * digits, a point first or last, none at all) and the unit's power of ten. */
static void test_short_path_is_the_grammars(void **state)
{
    (void)state;
    static const char *fixed[] = {"0", "000", "5.", ".5", ".", "..", "1.2.3", "007.250",
                                  "123456789012345678", "1234567890123456789", "0.000000000001",
                                  "0.0000000000001", "999999999999999999", "0000000000000000000001"};
    static const int pows[] = {-8, -4, 0, 4};
    srand(16);
    for (int i = 0; i < 200000 + (int)(sizeof fixed / sizeof fixed[0]); i++) {
        char s[40], spaced[41];
        if (i < (int)(sizeof fixed / sizeof fixed[0])) {
            snprintf(s, sizeof s, "%s", fixed[i]);
        } else {
            int len = 1 + rand() % 24, dot = rand() % 3 ? rand() % (len + 1) : -1, zeros = rand() % 4;
            int k = 0;
            for (int j = 0; j < len; j++) {
                if (j == dot)
                    s[k++] = '.';
                s[k++] = (char)(j < zeros ? '0' : '0' + rand() % 10);
            }
            if (dot == len)
                s[k++] = '.';
            s[k] = '\0';
        }
        snprintf(spaced, sizeof spaced, " %s", s);
        for (size_t p = 0; p < sizeof pows / sizeof pows[0]; p++) {
            qtr_qty a = -1, b = -1;
            const char *wa = NULL, *wb = NULL;
            qtr_num_result ra = qtr_num_parse(s, strlen(s), pows[p], &a, &wa);
            qtr_num_result rb = qtr_num_parse(spaced, strlen(spaced), pows[p], &b, &wb);
            if (ra != rb || (ra == QTR_NUM_OK && a != b) || wa != wb)
                fail_msg("\"%s\" at 10^%d: short path %d, grammar %d", s, pows[p], (int)ra, (int)rb);
        }
    }
}

/* qtr_qty_format as its definition reads: the integer part digit by digit in 128 bits, the
 * twelve decimals without their trailing zeros */
static void reference_format(qtr_qty q, char *out)
{
    qtr_uqty u = q < 0 ? (qtr_uqty)(-(q + 1)) + 1 : (qtr_uqty)q;
    qtr_uqty ip = u / (qtr_uqty)1000000000000ull;
    unsigned long long frac = (unsigned long long)(u % (qtr_uqty)1000000000000ull);
    char digits[48];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(ip % 10));
        ip /= 10;
    } while (ip);
    char *o = out;
    if (q < 0)
        *o++ = '-';
    while (n)
        *o++ = digits[--n];
    if (frac) {
        o += sprintf(o, ".%012llu", frac);
        while (o[-1] == '0')
            o--;
    }
    *o = '\0';
}

static void test_format_is_the_definitions(void **state)
{
    (void)state;
    srand(64);
    char got[QTR_QTY_BUFSIZE], want[QTR_QTY_BUFSIZE];
    for (int i = 0; i < 300000; i++) {
        /* magnitudes from one digit to the largest: below and above 2^64 */
        qtr_uqty m = 0;
        int digits = 1 + rand() % 38;
        for (int d = 0; d < digits; d++)
            m = m * 10 + (qtr_uqty)(rand() % 10);
        if (rand() % 4 == 0)
            m -= m % (qtr_uqty)1000000000000ull; /* a whole number */
        qtr_qty q = (qtr_qty)m * (rand() % 5 == 0 ? -1 : 1);
        if (i < 4) /* the edges of the 64-bit path */
            q = (qtr_qty)(i < 2 ? UINT64_MAX : (qtr_uqty)UINT64_MAX + 1) * (i % 2 ? -1 : 1);
        reference_format(q, want);
        size_t len = qtr_qty_format_len(q, got);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
    }
}

/* qtr_double_parse as strtod alone reads (its definition before the plain-decimal path) */
static int strtod_parse(const char *s, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void same_as_strtod(const char *s)
{
    double a = 1234.5, b = 1234.5;
    int ra = qtr_double_parse(s, &a), rb = strtod_parse(s, &b);
    if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0))
        fail_msg("'%s': %d %.17g, strtod %d %.17g", s, ra, a, rb, b);
}

/* The plain-decimal path gives strtod's double, bit for bit, and refuses what strtod refuses. */
static void test_double_parse_is_strtods(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "0", "-0", "0.0", "-0.0", "00", "0.75", "-12.5", ".5", "5.", "-.5", "1", "10", "0.1", "0.2",
        "0.3", "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994",
        "900719925474099.3", "90071992547409.93", "0.7471813333333334", "373590.6666666667",
        "-0.2818666666666636", "0.30000000000000004", "1.7976931348623157", "123456789012345678901",
        "0.0000000000000000000001", "0.00000000000000000000001", "1.0000000000000000000001",
        "4.35", "2.675", "1e5", "1E5", "1e-400", "1e400", "inf", "-inf", "nan", "infinity", "0x10",
        "0x1p3", "-", ".", "-.", "", " 5", "5 ", "+5", "--5", "1.2.3", "12a", "1,5", "1_000", "\t1",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        same_as_strtod(fixed[i]);
    double v;
    assert_int_equal(qtr_double_parse("-0", &v), 0);
    assert_true(v == 0 && signbit(v));
    /* random plain decimals of 1 to 24 digits, the point anywhere or nowhere */
    unsigned long long x = 88172645463325252ULL;
    for (int k = 0; k < 200000; k++) {
        char buf[40];
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (x & 1)
            buf[n++] = '-';
        int digits = 1 + (int)((x >> 8) % 24), point = (int)((x >> 16) % (unsigned)(digits + 2));
        for (int d = 0; d < digits; d++) {
            if (d == point)
                buf[n++] = '.';
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[n++] = (char)('0' + (x >> 32) % 10);
        }
        if (point == digits)
            buf[n++] = '.';
        buf[n] = '\0';
        same_as_strtod(buf);
        /* and as qtr writes doubles: the shortest decimal of a random one */
        double r;
        memcpy(&r, &x, sizeof r);
        if (isfinite(r)) {
            char d[32];
            same_as_strtod(qtr_double_format(r, d));
            snprintf(d, sizeof d, "%.*f", (int)((x >> 40) % 18), fmod(r, 1e9));
            same_as_strtod(d);
        }
    }
}

static unsigned long long next_random(unsigned long long *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* qtr_double_format as snprintf alone writes it (its definition before the exact digits) */
static void snprintf_format(double v, char *buf)
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0) {
        strcpy(buf, "0");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, 32, "%.0f", v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
}

static void same_as_snprintf(double v)
{
    char a[32], b[32];
    qtr_double_format(v, a);
    snprintf_format(v, b);
    if (strcmp(a, b) != 0)
        fail_msg("%a: '%s', snprintf '%s'", v, a, b);
}

/* The digits computed in integers are snprintf's, character for character: ratios, short
 * decimals, binary fractions (ties at the last digit), neighbours of powers of ten, random bits. */
static void test_double_format_is_snprintfs(void **state)
{
    (void)state;
    unsigned long long x = 0x2545F4914F6CDD1DULL;
    for (int k = 0; k < 100000; k++) {
        double num = (double)(next_random(&x) % 100000000);
        double den = (double)(1 + next_random(&x) % 1000000);
        same_as_snprintf(num / den);
        same_as_snprintf(-num / den / 1e4);
        same_as_snprintf((double)(next_random(&x) % 10000000) / 1e3);
        double frac = (double)(next_random(&x) % (1ULL << 53));
        same_as_snprintf(frac / (double)(1ULL << (next_random(&x) % 64)));
        double r;
        unsigned long long b = next_random(&x);
        memcpy(&r, &b, sizeof r);
        same_as_snprintf(r);
        /* random bits between 1e-16 and 1e16 */
        unsigned long long ex = 970 + next_random(&x) % 110;
        b = (b & 0x800FFFFFFFFFFFFFULL) | ex << 52;
        memcpy(&r, &b, sizeof r);
        same_as_snprintf(r);
    }
    for (int e = -17; e <= 16; e++) {
        double p = pow(10, e);
        double near[] = {p, nextafter(p, 0), nextafter(p, INFINITY), p * 0.99999999999999989,
                         p * 9.9999999999999982, p * 9.99999999999999911, p * 0.5, p * 0.25};
        for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
            same_as_snprintf(near[i]);
            same_as_snprintf(-near[i]);
        }
    }
    same_as_snprintf(0.1 + 0.2);
    same_as_snprintf(1e-5);
    same_as_snprintf(1.5e-5);
    same_as_snprintf(123456.789);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_spellings), cmocka_unit_test(test_unit_conversion_is_exact),
        cmocka_unit_test(test_missing_is_not_zero), cmocka_unit_test(test_rejected),
        cmocka_unit_test(test_format_and_round_trip), cmocka_unit_test(test_double_parse_is_strtods),
        cmocka_unit_test(test_double_format_is_snprintfs), cmocka_unit_test(test_short_path_is_the_grammars),
        cmocka_unit_test(test_format_is_the_definitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
