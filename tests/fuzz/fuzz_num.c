/* fuzz_num.c — libFuzzer harness for the small parsers every stage uses on untrusted text:
 * value cells (qtr_num_parse at several unit conversions), plain decimals, doubles, periods
 * (cell and file name), unit names and the UTF-8 helpers. Round-trip properties: an accepted
 * value formatted with qtr_qty_format parses back to the same qtr_qty (qtr_qty_from_decimal
 * and qtr_num_parse); conversions by 10^k scale exactly; a parsed period formats back to
 * itself in both spellings; a parsed double formats back to the same double; qtr_qty_to_double
 * is the correctly rounded double (what strtod gives for the exact decimal).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "num.h"
#include "period.h"
#include "text.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int pow10s[] = {0, -4, 4, -8, 8, -12, 12, 2};
#define NPOW (sizeof pow10s / sizeof pow10s[0])

static const char *qstr(qtr_qty q, char *buf)
{
    return qtr_qty_format(q, buf);
}

static void check_value_roundtrip(qtr_qty q, const char *cell)
{
    char buf[QTR_QTY_BUFSIZE], buf2[QTR_QTY_BUFSIZE];
    qtr_qty_format(q, buf);
    FUZZ_ASSERT(strlen(buf) < QTR_QTY_BUFSIZE, "format overflow");
    qtr_qty back = 0;
    FUZZ_ASSERT(qtr_qty_from_decimal(buf, &back) == 0, "'%s' (from '%s') does not read back", buf,
                cell);
    FUZZ_ASSERT(back == q, "'%s' reads back as %s", buf, qstr(back, buf2));
    const char *why = NULL;
    qtr_qty again = 0;
    qtr_num_result r = qtr_num_parse(buf, strlen(buf), 0, &again, &why);
    FUZZ_ASSERT(r == QTR_NUM_OK, "formatted value '%s' (from '%s') refused as a cell: %s", buf, cell,
                why ? why : "?");
    FUZZ_ASSERT(again == q, "formatted '%s' parses as %s", buf, qstr(again, buf2));
    /* the double nearest to q: what strtod makes of the exact decimal */
    double d = qtr_qty_to_double(q), ref = strtod(buf, NULL);
    FUZZ_ASSERT(d == ref, "qtr_qty_to_double(%s) = %.17g, correctly rounded %.17g", buf, d, ref);
    double nd = qtr_qty_to_double(-q), nref = -ref;
    FUZZ_ASSERT(nd == nref, "qtr_qty_to_double(-%s) = %.17g, expected %.17g", buf, nd, nref);
}

static void check_cell(const char *s, size_t n, const char *z)
{
    qtr_qty q[NPOW];
    qtr_num_result r[NPOW];
    for (size_t i = 0; i < NPOW; i++) {
        const char *why = NULL;
        q[i] = 0;
        r[i] = qtr_num_parse(s, n, pow10s[i], &q[i], &why);
        if (r[i] == QTR_NUM_ERROR)
            FUZZ_ASSERT(why && why[0], "error without a reason");
        if (r[i] != QTR_NUM_OK)
            continue;
        FUZZ_ASSERT(q[i] >= 0, "cell '%s' accepted as a negative value", z);
        check_value_roundtrip(q[i], z);
    }
    /* the missing markers do not depend on the conversion */
    for (size_t i = 1; i < NPOW; i++)
        FUZZ_ASSERT((r[i] == QTR_NUM_MISSING) == (r[0] == QTR_NUM_MISSING), "missing differs");
    /* scaling is exact: 10^(k+4) = 10^k * 10^4 whenever both are accepted */
    for (size_t i = 0; i < NPOW; i++)
        for (size_t j = 0; j < NPOW; j++) {
            int d = pow10s[j] - pow10s[i];
            if (r[i] != QTR_NUM_OK || r[j] != QTR_NUM_OK || d <= 0 || d > 24)
                continue;
            qtr_qty m = 1;
            for (int k = 0; k < d; k++)
                m *= 10;
            char a[QTR_QTY_BUFSIZE], b[QTR_QTY_BUFSIZE];
            FUZZ_ASSERT(q[j] == q[i] * m, "'%s': 10^%d gives %s but 10^%d gives %s", z, pow10s[i],
                        qstr(q[i], a), pow10s[j], qstr(q[j], b));
        }
}

static void check_decimal(const char *z)
{
    qtr_qty q;
    if (qtr_qty_from_decimal(z, &q) != 0)
        return;
    check_value_roundtrip(q < 0 ? -q : q, z);
    char buf[QTR_QTY_BUFSIZE], buf2[QTR_QTY_BUFSIZE];
    qtr_qty back;
    qtr_qty_format(q, buf);
    FUZZ_ASSERT(qtr_qty_from_decimal(buf, &back) == 0 && back == q, "'%s' -> '%s' -> %s", z, buf,
                qstr(back, buf2));
    (void)qtr_qty_to_double(q);
}

static void check_double(const char *z)
{
    double v;
    if (qtr_double_parse(z, &v) != 0)
        return;
    char buf[32];
    qtr_double_format(v, buf);
    double back;
    FUZZ_ASSERT(qtr_double_parse(buf, &back) == 0, "'%s' formats as '%s', which does not parse", z,
                buf);
    FUZZ_ASSERT(back == v, "'%s' -> '%s' -> %.17g", z, buf, back);
}

static void check_period(const char *s, size_t n, const char *z)
{
    qtr_period p = qtr_period_parse(s, n);
    if (p != QTR_PERIOD_NONE) {
        FUZZ_ASSERT(qtr_period_year(p) >= QTR_YEAR_MIN && qtr_period_year(p) <= QTR_YEAR_MAX,
                    "year %d", qtr_period_year(p));
        char a[8], b[32];
        qtr_period_format(p, a);
        FUZZ_ASSERT(qtr_period_parse(a, strlen(a)) == p, "'%s' does not read back", a);
        qtr_period_format_cn(p, b);
        FUZZ_ASSERT(qtr_period_parse(b, strlen(b)) == p, "'%s' does not read back", b);
        FUZZ_ASSERT(qtr_period_from_name(a, NULL) == p, "file name '%s' misread", a);
    }
    int amb = 0;
    qtr_period f = qtr_period_from_name(z, &amb);
    FUZZ_ASSERT(!amb || f == QTR_PERIOD_NONE, "ambiguous name with a period");
    if (f != QTR_PERIOD_NONE)
        FUZZ_ASSERT(qtr_period_year(f) >= QTR_YEAR_MIN && qtr_period_year(f) <= QTR_YEAR_MAX,
                    "year %d in a name", qtr_period_year(f));
}

static void check_units(const char *s, size_t n)
{
    int p = 99;
    qtr_unit_family fam = qtr_unit_lookup(s, n, &p);
    if (fam != QTR_UNIT_UNKNOWN)
        FUZZ_ASSERT(p >= 0 && p <= 8, "unit power %d", p);
    static const char *const to[] = {"亿元", "万元", "元", "个", "万人", "%"};
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++) {
        int k = 99;
        if (qtr_unit_convert(s, n, to[i], &k) == 0)
            FUZZ_ASSERT(fam != QTR_UNIT_UNKNOWN && k >= -8 && k <= 8, "conversion %d", k);
    }
}

static void check_text(const char *s, size_t n)
{
    size_t bad = qtr_utf8_invalid_offset(s, n);
    FUZZ_ASSERT(bad <= n, "invalid offset %zu of %zu", bad, n);
    size_t tn = n;
    const char *t = qtr_trim(s, &tn);
    FUZZ_ASSERT(t >= s && t + tn <= s + n, "trim outside the text");
    char *k1 = qtr_key_dup(s, n);
    if (k1) {
        size_t l1 = strlen(k1);
        FUZZ_ASSERT(l1 <= n, "key longer than the text");
        char *k2 = bad == n ? qtr_key_dup(k1, l1) : NULL; /* removing a blank can join */
        if (k2)                                                /* invalid bytes into a valid one */
            FUZZ_ASSERT(strcmp(k1, k2) == 0, "normalising twice changes the key");
        free(k2);
    }
    free(k1);
    for (size_t max = 0; max < 12; max += 5) {
        char *e = qtr_excerpt(s, n, max);
        if (!e)
            continue;
        size_t en = strlen(e);
        FUZZ_ASSERT(en <= max + 3, "excerpt of %zu bytes for max %zu", en, max);
        if (bad == n)
            FUZZ_ASSERT(qtr_utf8_invalid_offset(e, en) == en, "excerpt of valid UTF-8 is invalid");
        for (size_t i = 0; i + 2 < en; i++) { /* no invisible format character left */
            unsigned cp;
            FUZZ_ASSERT(!(qtr_utf8_decode(e + i, en - i, &cp) == 3 && qtr_is_invisible_format(cp)),
                        "invisible U+%04X left in an excerpt", cp);
        }
        for (size_t i = 0; i < en; i++)
            FUZZ_ASSERT((unsigned char)e[i] >= 0x20 && e[i] != 0x7F, "control byte in excerpt");
        free(e);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const char *s = (const char *)data;
    char *z = malloc(size + 1); /* NUL-terminated copy (stops at an embedded NUL) */
    if (!z)
        return 0;
    memcpy(z, s, size);
    z[size] = '\0';
    check_cell(s, size, z);
    check_decimal(z);
    check_double(z);
    check_period(s, size, z);
    check_units(s, size);
    check_text(s, size);
    free(z);
    return 0;
}
