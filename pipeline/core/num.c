/* num.c — exact decimal quantities and the value parser (docs/input.md, Values). */
#include "num.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const unsigned long long pow10_64[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull};

/* 10^n for 0 <= n <= 38 (the largest in a qtr_qty) */
static qtr_qty pow10q(int n)
{
    if (n <= 19)
        return (qtr_qty)pow10_64[n < 0 ? 0 : n];
    return (qtr_qty)pow10_64[19] * (qtr_qty)pow10_64[n - 19];
}

/* ---------------------------------------------------------------- cell folding */

/* Folds full-width digits and signs to ASCII and strips blanks around; rejects other non-ASCII
 * characters by leaving them in place (the grammar below then refuses them). out holds n+1. */
static size_t fold_cell(const char *s, size_t n, char *out)
{
    s = qtr_trim(s, &n);
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = qtr_utf8_decode(s + i, n - i, &cp);
        if (!k) {
            out[o++] = s[i++];
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            out[o++] = (char)(cp - 0xFEE0);
            i += k;
            continue;
        }
        if (cp == 0x2212) { /* MINUS SIGN, as typeset documents write it */
            out[o++] = '-';
            i += k;
            continue;
        }
        memcpy(out + o, s + i, k);
        o += k;
        i += k;
    }
    out[o] = '\0';
    return o;
}

static int is_missing_marker(const char *f)
{
    static const char *const markers[] = {
        "", "-", "/", "\xe2\x80\x94", "\xe2\x80\x94\xe2\x80\x94", /* — —— */
        "\xe2\x80\x93", "--", NULL                               /* – */
    };
    for (size_t i = 0; markers[i]; i++)
        if (strcmp(f, markers[i]) == 0)
            return 1;
    return 0;
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* ---------------------------------------------------------------- reasons */

/* Why a cell is refused: a stable code for tools (rejects.csv's `code`, docs/formats.md) and the
 * plain Chinese a district's clerk reads: what was found, then what to write instead. */
typedef enum {
    R_ZERO_AS_TEXT, R_NOT_FINITE, R_CHINESE_NUMERALS, R_NUMBER_WITH_TEXT, R_NOT_A_NUMBER,
    R_TOO_LARGE, R_BAD_GROUPING, R_NEGATIVE, R_TOO_MANY_DIGITS, R_GROUPING_AND_EXPONENT,
    R_TOO_MANY_DECIMALS, R_OUT_OF_MEMORY, R_COUNT
} num_reason;

static const struct {
    const char *code;
    const char *text;
} num_reasons[R_COUNT] = {
    /* English: text instead of a number: write 0 for none, leave empty if not reported */
    [R_ZERO_AS_TEXT] = {"zero_as_text", "是文字，不是数字：没有发生请填 0；未报送请留空或填“—”"},
    /* English: not a finite number (NaN, infinity) */
    [R_NOT_FINITE] = {"not_finite", "不是有限的数：请填写准确数字"},
    /* English: Chinese numerals are not accepted: write digits */
    [R_CHINESE_NUMERALS] = {"chinese_numerals", "是中文数字：请改用阿拉伯数字，如 12、1500"},
    /* English: a number followed by text: write the number alone, the unit is in the header */
    [R_NUMBER_WITH_TEXT] = {"number_with_text", "数字后面带了文字或单位：请只填数字，单位已写在表头中"},
    /* English: not a number: write the exact figure; not reported: leave empty or write — */
    [R_NOT_A_NUMBER] = {"not_a_number", "不是数字：请填写准确数字；未报送请留空或填“—”"},
    /* English: number too large: check the figure and the unit in the header */
    [R_TOO_LARGE] = {"too_large", "数字太大：请核对数值和表头中的单位"},
    /* English: bad thousands grouping (1,23): write 1234 or 1,234 */
    [R_BAD_GROUPING] = {"bad_grouping", "千位分隔逗号的位置不对：请写成 1234 或 1,234 的样子"},
    /* English: negative number: write 0 or more; not reported: leave empty or write — */
    [R_NEGATIVE] = {"negative", "是负数：请填写 0 或正数；未报送请留空或填“—”"},
    /* English: too many digits (more than 36 significant) */
    [R_TOO_MANY_DIGITS] = {"too_many_digits", "数字位数太多（有效数字超过 36 位）：请核对数值"},
    /* English: thousands separators with an exponent */
    [R_GROUPING_AND_EXPONENT] = {"grouping_and_exponent",
                                 "千位分隔逗号与科学计数法（E）同时出现：请写成普通数字，如 1234.5"},
    /* English: more decimal places than qtr holds exactly (12 in the indicator's unit) */
    [R_TOO_MANY_DECIMALS] = {"too_many_decimals",
                             "小数位数太多（按指标的单位最多 12 位）：请四舍五入后填写"},
    /* English: out of memory */
    [R_OUT_OF_MEMORY] = {"out_of_memory", "内存不足，这个单元格无法读取：请告知系统管理员"},
};

#define REASON(r) (num_reasons[r].text)

const char *qtr_num_reason_code(const char *reason)
{
    for (size_t k = 0; reason && k < R_COUNT; k++)
        if (reason == num_reasons[k].text || strcmp(reason, num_reasons[k].text) == 0)
            return num_reasons[k].code;
    return "not_a_number";
}

/* Explains why a cell that is not a number was refused. */
static const char *classify_text(const char *f)
{
    static const char *const cn_numerals[] = {"零", "一", "二", "三", "四", "五", "六",
                                              "七", "八", "九", "十", "百", "千", "万",
                                              "亿", "两", "〇", NULL};
    if (strcmp(f, "无") == 0 || strcmp(f, "暂无") == 0 || strcmp(f, "没有") == 0)
        return REASON(R_ZERO_AS_TEXT);
    char low[16] = "";
    size_t n = strlen(f);
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)((f[i] >= 'A' && f[i] <= 'Z') ? f[i] + 32 : f[i]);
        const char *p = low[0] == '+' || low[0] == '-' ? low + 1 : low;
        if (strcmp(p, "nan") == 0 || strcmp(p, "inf") == 0 || strcmp(p, "infinity") == 0)
            return REASON(R_NOT_FINITE);
    }
    for (size_t i = 0; cn_numerals[i]; i++)
        if (has_prefix(f, cn_numerals[i]))
            return REASON(R_CHINESE_NUMERALS);
    if (f[0] >= '0' && f[0] <= '9')
        return REASON(R_NUMBER_WITH_TEXT);
    return REASON(R_NOT_A_NUMBER);
}

/* ---------------------------------------------------------------- grammar */

typedef struct {
    qtr_qty mant;   /* significant digits */
    int digits;     /* significant digits held in mant */
    int exp10;      /* value = mant * 10^exp10 */
} decimal;

/* Integer part: digits, optionally grouped by commas in threes. Returns chars consumed or -1. */
static int scan_int_part(const char *p, decimal *d, const char **reason)
{
    const char *s = p;
    int group = 0, groups = 0, first_group = 0, grouped = 0;
    while (1) {
        if (*p >= '0' && *p <= '9') {
            if (d->digits > 0 || *p != '0') {
                if (d->digits >= 36) {
                    *reason = REASON(R_TOO_LARGE);
                    return -1;
                }
                d->mant = d->mant * 10 + (*p - '0');
                d->digits++;
            }
            group++;
            p++;
        } else if (*p == ',') {
            if (groups == 0)
                first_group = group;
            if ((groups == 0 && (first_group < 1 || first_group > 3)) ||
                (groups > 0 && group != 3)) {
                *reason = REASON(R_BAD_GROUPING);
                return -1;
            }
            groups++;
            grouped = 1;
            group = 0;
            p++;
        } else {
            break;
        }
    }
    if (grouped && (group != 3 || *p == ',')) {
        *reason = REASON(R_BAD_GROUPING);
        return -1;
    }
    return (int)(p - s);
}

static int parse_decimal(const char *f, decimal *d, const char **reason)
{
    const char *p = f;
    memset(d, 0, sizeof *d);
    if (*p == '-') {
        *reason = REASON(R_NEGATIVE);
        return -1;
    }
    if (*p == '+')
        p++;
    int n = scan_int_part(p, d, reason);
    if (n < 0)
        return -1;
    int int_digits = n;
    int grouped = memchr(p, ',', (size_t)n) != NULL;
    p += n;
    int frac_digits = 0;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (d->digits > 0 || *p != '0') {
                if (d->digits >= 36) {
                    *reason = REASON(R_TOO_MANY_DIGITS);
                    return -1;
                }
                d->mant = d->mant * 10 + (*p - '0');
                d->digits++;
            }
            d->exp10--;
            frac_digits++;
            p++;
        }
    }
    if (int_digits == 0 && frac_digits == 0)
        return -2;
    if (*p == 'e' || *p == 'E') {
        if (grouped) {
            *reason = REASON(R_GROUPING_AND_EXPONENT);
            return -1;
        }
        p++;
        int sign = 1;
        if (*p == '+' || *p == '-')
            sign = *p++ == '-' ? -1 : 1;
        if (!(*p >= '0' && *p <= '9'))
            return -2;
        long e = 0;
        while (*p >= '0' && *p <= '9') {
            if (e < 100000)
                e = e * 10 + (*p - '0');
            p++;
        }
        d->exp10 += (int)(sign * e);
    }
    if (*p != '\0')
        return -2;
    return 0;
}

/* Scales d to 10^-QTR_QTY_DECIMALS units after shifting by pow10. */
static qtr_num_result scale(const decimal *d, int pow10, qtr_qty *out, const char **reason)
{
    if (d->mant == 0) {
        *out = 0;
        return QTR_NUM_OK;
    }
    long e = (long)d->exp10 + pow10 + QTR_QTY_DECIMALS;
    /* magnitude check: digits + exp10 + pow10 is the count of integer digits */
    long int_digits = (long)d->digits + d->exp10 + pow10;
    if (int_digits > QTR_QTY_MAX_DIGITS) {
        *reason = REASON(R_TOO_LARGE);
        return QTR_NUM_ERROR;
    }
    qtr_qty m = d->mant;
    if (e >= 0) {
        *out = m * pow10q((int)e);
        return QTR_NUM_OK;
    }
    if (-e > 38) {
        *reason = REASON(R_TOO_MANY_DECIMALS);
        return QTR_NUM_ERROR;
    }
    qtr_qty p = pow10q((int)-e);
    if (m % p != 0) {
        *reason = REASON(R_TOO_MANY_DECIMALS);
        return QTR_NUM_ERROR;
    }
    *out = m / p;
    return QTR_NUM_OK;
}

/* Digits with at most one '.' and at least one digit, at most 18 of them significant, read
 * as parse_decimal reads them but in 64 bits (most cells: counts and amounts without
 * grouping). 1 and *d when so, else 0 (the caller parses it in full). */
static int short_decimal(const char *s, size_t n, decimal *d)
{
    unsigned long long m = 0;
    int digits = 0, seen = 0, exp10 = 0, dot = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (dot)
                return 0;
            dot = 1;
            continue;
        }
        if (c < '0' || c > '9')
            return 0;
        seen = 1;
        if (digits > 0 || c != '0') {
            if (digits == 18)
                return 0;
            m = m * 10 + (unsigned)(c - '0');
            digits++;
        }
        exp10 -= dot;
    }
    if (!seen)
        return 0;
    d->mant = (qtr_qty)m;
    d->digits = digits;
    d->exp10 = exp10;
    return 1;
}

/* A cell of ASCII digits, '.' and ',' only: nothing to fold or trim and no missing marker, so
 * the grammar can read it as it is (most cells; the general path below decodes every
 * character first). 1 when it was read (ok or not), 0 to take the general path. */
static int plain_parse(const char *s, size_t n, int pow10, qtr_qty *out, const char **why,
                       qtr_num_result *r)
{
    char f[64];
    decimal d;
    if (short_decimal(s, n, &d)) {
        *r = scale(&d, pow10, out, why);
        return 1;
    }
    if (n == 0 || n >= sizeof f)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == ','))
            return 0;
    }
    memcpy(f, s, n);
    f[n] = '\0';
    if (parse_decimal(f, &d, why) != 0)
        return 0; /* the general path explains it */
    *r = scale(&d, pow10, out, why);
    return 1;
}

qtr_num_result qtr_num_parse(const char *s, size_t n, int pow10, qtr_qty *out, const char **reason)
{
    const char *why = NULL;
    qtr_num_result pr;
    if (plain_parse(s, n, pow10, out, &why, &pr)) {
        if (reason)
            *reason = why;
        return pr;
    }
    why = NULL;
    char stackbuf[128];
    char *f = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
    if (!f) {
        if (reason)
            *reason = REASON(R_OUT_OF_MEMORY);
        return QTR_NUM_ERROR;
    }
    fold_cell(s, n, f);
    qtr_num_result r;
    decimal d;
    if (is_missing_marker(f)) {
        r = QTR_NUM_MISSING;
    } else {
        int rc = parse_decimal(f, &d, &why);
        if (rc == -2 || (rc == -1 && !why))
            why = classify_text(f);
        if (rc == -1 && why && why == REASON(R_NEGATIVE)) {
            /* "-x" where x is not a number is text, not a negative number; -0 and -0.00 (a
             * spreadsheet's rounding of a tiny negative) are zero */
            decimal tmp;
            const char *w2 = NULL;
            if (parse_decimal(f + 1, &tmp, &w2) != 0) {
                why = classify_text(f);
            } else if (tmp.mant == 0) {
                d = tmp;
                rc = 0;
                why = NULL;
            }
        }
        r = rc == 0 ? scale(&d, pow10, out, &why) : QTR_NUM_ERROR;
    }
    if (f != stackbuf)
        free(f);
    if (reason)
        *reason = why;
    return r;
}

int qtr_qty_from_decimal(const char *s, qtr_qty *out)
{
    const char *why = NULL;
    int neg = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (*s == '+' || *s == '-' || *s == '\0')
        return -1;
    decimal d;
    if (parse_decimal(s, &d, &why) != 0)
        return -1;
    if (scale(&d, 0, out, &why) != QTR_NUM_OK)
        return -1;
    if (neg)
        *out = -*out;
    return 0;
}

/* "00" to "99" */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                     "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                     "8081828384858687888990919293949596979899";

/* Two digits at a time (num.h). */
char *qtr_u64_format(char *o, unsigned long long v)
{
    char tmp[24];
    int n = 24;
    while (v >= 100) {
        unsigned k = (unsigned)(v % 100);
        v /= 100;
        tmp[--n] = digit_pairs[2 * k + 1];
        tmp[--n] = digit_pairs[2 * k];
    }
    if (v >= 10) {
        tmp[--n] = digit_pairs[2 * v + 1];
        tmp[--n] = digit_pairs[2 * v];
    } else {
        tmp[--n] = (char)('0' + (int)v);
    }
    memcpy(o, tmp + n, (size_t)(24 - n));
    return o + (24 - n);
}

char *qtr_qty_format(qtr_qty q, char *buf)
{
    qtr_qty_format_len(q, buf);
    return buf;
}

size_t qtr_qty_format_len(qtr_qty q, char *buf)
{
    /* split into integer part and 12 fractional digits with two 128-bit divisions, then
     * print with 64-bit arithmetic (the integer part of any accepted value is < 10^19) */
    const qtr_uqty scale = (qtr_uqty)1000000000000ull;
    qtr_uqty u = q < 0 ? (qtr_uqty)(-(q + 1)) + 1 : (qtr_uqty)q;
    qtr_uqty ip;
    unsigned long long frac;
    if (!(u >> 64)) { /* most values: 64-bit division by a constant, a multiplication */
        ip = (unsigned long long)u / 1000000000000ull;
        frac = (unsigned long long)u % 1000000000000ull;
    } else {
        ip = u / scale;
        frac = (unsigned long long)(u % scale);
    }
    char *o = buf;
    if (q < 0)
        *o++ = '-';
    if (ip >> 64) { /* beyond 64 bits: digit by digit */
        char tmp[48];
        int n = 0;
        while (ip) {
            tmp[n++] = (char)('0' + (int)(ip % 10));
            ip /= 10;
        }
        while (n)
            *o++ = tmp[--n];
    } else {
        o = qtr_u64_format(o, (unsigned long long)ip);
    }
    if (frac) {
        char digits[QTR_QTY_DECIMALS];
        for (int i = QTR_QTY_DECIMALS - 2; i >= 0; i -= 2) { /* QTR_QTY_DECIMALS is even */
            unsigned k = (unsigned)(frac % 100);
            frac /= 100;
            digits[i] = digit_pairs[2 * k];
            digits[i + 1] = digit_pairs[2 * k + 1];
        }
        int last = QTR_QTY_DECIMALS;
        while (last > 0 && digits[last - 1] == '0')
            last--;
        *o++ = '.';
        memcpy(o, digits, (size_t)last);
        o += last;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

double qtr_qty_to_double(qtr_qty q)
{
    /* |q| < 2^53 and 10^12 are exact doubles: one IEEE division is correctly rounded */
    const qtr_qty limit = (qtr_qty)1 << 53;
    if (q > -limit && q < limit)
        return (double)(long long)q / 1e12;
    char buf[QTR_QTY_BUFSIZE];
    return strtod(qtr_qty_format(q, buf), NULL);
}

qtr_qty qtr_qty_from_int(long long v)
{
    return (qtr_qty)v * pow10q(QTR_QTY_DECIMALS);
}

/* Plain decimals ("-?digits[.digits]", the way qtr writes its doubles) whose digits make an
 * integer of at most 2^53 and that have at most 22 decimals: the digits as an integer, divided
 * by a power of ten. Both are exact doubles and IEEE division rounds correctly, so the value is
 * the one strtod gives (Clinger's fast path; x86-64's SSE arithmetic, FLT_EVAL_METHOD 0), at a
 * fraction of its cost: the report's CSVs are mostly such numbers (16 significant digits at
 * most), read by the charts and the workbook. Returns 0 when s is not one (strtod decides). */
static int plain_double(const char *s, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = s + (*s == '-');
    unsigned long long m = 0;
    int digits = 0, decimals = -1;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (m > (1ULL << 53) / 10)
                return 0; /* past 2^53 (or would be): strtod rounds it */
            m = m * 10 + (unsigned)(*p - '0');
            digits++;
            if (decimals >= 0)
                decimals++;
        } else if (*p == '.' && decimals < 0) {
            decimals = 0;
        } else {
            break;
        }
    }
    if (*p != '\0' || digits == 0 || m > (1ULL << 53) || decimals > 22)
        return 0;
    double v = (double)m;
    if (decimals > 0)
        v /= p10[decimals];
    *out = *s == '-' ? -v : v;
    return 1;
}

#ifdef __SIZEOF_INT128__
int qtr_scale10(double v, int k, qtr_u128 *q, int *up)
{
    /* 5^27 is the largest power of five in 64 bits */
    static const uint64_t p5[28] = {
        1ULL, 5ULL, 25ULL, 125ULL, 625ULL, 3125ULL, 15625ULL, 78125ULL, 390625ULL,
        1953125ULL, 9765625ULL, 48828125ULL, 244140625ULL, 1220703125ULL, 6103515625ULL,
        30517578125ULL, 152587890625ULL, 762939453125ULL, 3814697265625ULL,
        19073486328125ULL, 95367431640625ULL, 476837158203125ULL, 2384185791015625ULL,
        11920928955078125ULL, 59604644775390625ULL, 298023223876953125ULL,
        1490116119384765625ULL, 7450580596923828125ULL};
    if (k < 0 || k > 31 || !isfinite(v))
        return -1;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int be = (int)(bits >> 52) & 0x7FF;
    uint64_t m = bits & ((1ULL << 52) - 1);
    int e = -1074; /* zero or subnormal: m 2^-1074 */
    if (be) {
        m |= 1ULL << 52;
        e = be - 1075;
    }
    /* |v| 10^k = m 5^k 2^(e + k); m 5^k < 2^53 5^31 < 2^126 */
    qtr_u128 t = (qtr_u128)m * (k <= 27 ? p5[k] : p5[27]);
    if (k > 27)
        t *= p5[k - 27];
    int sh = e + k;
    *up = 0;
    if (sh >= 0) {
        if (sh >= 127 || (t >> (127 - sh)) != 0)
            return -1;
        *q = t << sh;
    } else if (-sh >= 127) {
        *q = 0; /* below half a unit (t < 2^126) */
    } else {
        qtr_u128 r, half = (qtr_u128)1 << (-sh - 1);
        *q = t >> -sh;
        r = t - (*q << -sh);
        *up = r > half || (r == half && (*q & 1)); /* half to even */
    }
    return 0;
}

/* What snprintf(out, 32, "%.*g", prec, v) writes, for 15 <= prec <= 17 and 1e-15 <= |v| < 1e15:
 * the prec significant digits qtr_scale10 gives for the decimal exponent X of v, laid out as
 * %g lays them out (exponent form below 1e-4, trailing zeros dropped). glibc's printf takes
 * 2,700 instructions for such a number (multi-precision); this, about a tenth: compare formats
 * 200,000 of them at 3,000 units x 10 years (progress.csv's ratios). Returns the length, or -1
 * outside that range (the caller asks snprintf). */
static int exact_g(double v, int prec, char *out)
{
    double a = fabs(v);
    if (prec < 15 || prec > 17 || !(a >= 1e-15 && a < 1e15))
        return -1;
    qtr_u128 lo = 1, hi;
    for (int i = 1; i < prec; i++)
        lo *= 10;
    hi = lo * 10;
    int x = (int)floor(log10(a));
    qtr_u128 n = 0;
    for (int tries = 0;; tries++) {
        int k = prec - 1 - x;
        if (tries == 4 || k < 0 || k > 31)
            return -1;
        qtr_u128 q;
        int up;
        if (qtr_scale10(a, k, &q, &up) != 0)
            return -1;
        /* x is the exponent of the value itself (log10 may be off by one near a power of ten) */
        if (q >= hi) {
            x++;
            continue;
        }
        if (q < lo) {
            x--;
            continue;
        }
        n = q + (qtr_u128)up;
        if (n == hi) { /* rounded up to the next power of ten */
            n = lo;
            x++;
        }
        break;
    }
    char d[20];
    for (int i = prec - 1; i >= 0; i--) {
        d[i] = (char)('0' + (int)(n % 10));
        n /= 10;
    }
    int nd = prec;
    while (nd > 1 && d[nd - 1] == '0')
        nd--; /* %g drops trailing zeros */
    char *o = out;
    if (v < 0)
        *o++ = '-';
    if (x < -4) { /* d.ddde-XX */
        *o++ = d[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        int ex = -x;
        *o++ = 'e';
        *o++ = '-';
        if (ex >= 10)
            *o++ = (char)('0' + ex / 10);
        else
            *o++ = '0';
        *o++ = (char)('0' + ex % 10);
    } else if (x >= 0) { /* ddd.ddd */
        memcpy(o, d, (size_t)x + 1);
        o += x + 1;
        if (nd > x + 1) {
            *o++ = '.';
            memcpy(o, d + x + 1, (size_t)(nd - x - 1));
            o += nd - x - 1;
        }
    } else { /* 0.000ddd */
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -x - 1; i++)
            *o++ = '0';
        memcpy(o, d, (size_t)nd);
        o += nd;
    }
    *o = '\0';
    return (int)(o - out);
}
#else
static int exact_g(double v, int prec, char *out)
{
    (void)v, (void)prec, (void)out;
    return -1;
}
#endif

char *qtr_double_format(double v, char *buf)
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return buf;
    }
    if (v == 0) { /* also turns -0 into 0 */
        strcpy(buf, "0");
        return buf;
    }
    if (v == floor(v) && fabs(v) < 1e15) { /* integral: exact digits, no printf */
        char *o = buf;
        if (v < 0)
            *o++ = '-';
        o = qtr_u64_format(o, (unsigned long long)fabs(v));
        *o = '\0';
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        if (exact_g(v, prec, buf) < 0)
            snprintf(buf, 32, "%.*g", prec, v);
        double back; /* read back as strtod reads it, mostly without it */
        if ((plain_double(buf, &back) ? back : strtod(buf, NULL)) == v)
            break;
    }
    return buf;
}

int qtr_double_parse(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    if (plain_double(s, out))
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
