/* fixedfmt.c — a performance device: cairo's numbers printed in integers (see fixedfmt.h).
 *
 * cairo writes every coordinate of the PDF and SVG surfaces through _cairo_dtostr, which asks
 * snprintf for "%f", "%.18f" or "%.*f" of a double (glibc's fortified __snprintf_chk: the
 * library is built with _FORTIFY_SOURCE). glibc prints a double in multi-precision arithmetic,
 * about 1,600 instructions a number: at 12 units the PDF process printed 208,000 of them, a
 * fifth of its instructions, and as much at 3,000 units. The stage defines __snprintf_chk
 * itself (the Makefile exports it, so that the dynamic linker binds cairo's calls here first,
 * as lxwhooks.c does for the workbook): a format that is exactly one fixed conversion of a
 * double ("%f", "%.Nf", "%.*f") with the C locale's point is printed by fixedfmt, the exact
 * value of the double times 10^prec in 128-bit integers (core's qtr_scale10, which
 * qtr_double_format uses too), rounded half to even as glibc rounds, so the characters are
 * glibc's; so are the integers of "%d", "%ld" and "%0*x" (the
 * rest of cairo's calls); every other call goes to glibc's __vsnprintf_chk unchanged. The PDFs and SVGs are the same bytes (tests/unit/charts/test_fixedfmt.c compares
 * the digits with snprintf's; make bench-devices builds without it, PLAIN=printf).
 */
#include "fixedfmt.h"

#include <langinfo.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "num.h"

#ifdef __SIZEOF_INT128__
int fixedfmt(double d, int prec, char out[64])
{
    if (prec < 0 || prec > 18 || !isfinite(d) || fabs(d) >= 1e15)
        return -1;
    static const uint64_t p10[19] = {1ULL,
                                     10ULL,
                                     100ULL,
                                     1000ULL,
                                     10000ULL,
                                     100000ULL,
                                     1000000ULL,
                                     10000000ULL,
                                     100000000ULL,
                                     1000000000ULL,
                                     10000000000ULL,
                                     100000000000ULL,
                                     1000000000000ULL,
                                     10000000000000ULL,
                                     100000000000000ULL,
                                     1000000000000000ULL,
                                     10000000000000000ULL,
                                     100000000000000000ULL,
                                     1000000000000000000ULL};
    qtr_u128 n; /* |d| 10^prec < 1e15 10^18: rounded to an integer, as glibc rounds */
    int up;
    if (qtr_scale10(d, prec, &n, &up) != 0)
        return -1;
    n += (qtr_u128)up;
    int neg = signbit(d) != 0;
    uint64_t ip = (uint64_t)(n / p10[prec]), fp = (uint64_t)(n % p10[prec]);
    char *o = out;
    if (neg)
        *o++ = '-'; /* glibc keeps the sign of a negative number printed as zero */
    char digits[24];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + (int)(ip % 10));
        ip /= 10;
    } while (ip);
    while (nd)
        *o++ = digits[--nd];
    if (prec > 0) {
        *o++ = '.';
        for (int i = prec - 1; i >= 0; i--) {
            o[i] = (char)('0' + (int)(fp % 10));
            fp /= 10;
        }
        o += prec;
    }
    *o = '\0';
    return (int)(o - out);
}
#else
int fixedfmt(double d, int prec, char out[64])
{
    (void)d, (void)prec, (void)out;
    return -1;
}
#endif

#ifndef QTR_PLAIN_PRINTF

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, ...);
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, va_list ap);

/* The precision of a format that is exactly one fixed conversion: "%f" (6), "%.N f", "%.*f"
 * (-2: from the arguments); -1 for any other. */
static int fixed_format(const char *fmt)
{
    if (fmt[0] != '%')
        return -1;
    if (fmt[1] == 'f')
        return fmt[2] ? -1 : 6;
    if (fmt[1] != '.')
        return -1;
    if (fmt[2] == '*')
        return fmt[3] == 'f' && !fmt[4] ? -2 : -1;
    int p = 0, i = 2;
    while (fmt[i] >= '0' && fmt[i] <= '9' && i < 4)
        p = p * 10 + (fmt[i++] - '0');
    return i > 2 && fmt[i] == 'f' && !fmt[i + 1] ? p : -1;
}

/* The integers cairo prints the same way (_cairo_output_stream_printf's "%d" and "%ld", the
 * glyph codes' "%0*x"): into num, their length; -1 for another format. */
static int integer_format(const char *fmt, va_list ap, char num[64])
{
    unsigned long long u;
    int neg = 0, base = 10, width = 0;
    if (strcmp(fmt, "%d") == 0) {
        int v = va_arg(ap, int);
        neg = v < 0;
        u = neg ? 0ULL - (unsigned long long)(long long)v : (unsigned long long)v;
    } else if (strcmp(fmt, "%ld") == 0) {
        long v = va_arg(ap, long);
        neg = v < 0;
        u = neg ? 0ULL - (unsigned long long)(long long)v : (unsigned long long)v;
    } else if (strcmp(fmt, "%0*x") == 0) {
        width = va_arg(ap, int);
        u = va_arg(ap, unsigned);
        base = 16;
        if (width < 0 || width > 32)
            return -1; /* (a negative width is a left-justified field: glibc's) */
    } else {
        return -1;
    }
    char rev[24];
    int nd = 0;
    do {
        rev[nd++] = "0123456789abcdef"[u % (unsigned)base];
        u /= (unsigned)base;
    } while (u);
    char *o = num;
    if (neg)
        *o++ = '-';
    for (int i = nd; i < width; i++)
        *o++ = '0';
    while (nd)
        *o++ = rev[--nd];
    *o = '\0';
    return (int)(o - num);
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = -1;
    char num[64];
    if (maxlen <= slen && fmt[0] == '%') { /* (a failing check: glibc's) */
        va_list args;
        va_copy(args, ap);
        int prec = fixed_format(fmt);
        if (prec != -1) {
            if (prec == -2)
                prec = va_arg(args, int);
            double d = va_arg(args, double);
            const char *point = nl_langinfo(RADIXCHAR); /* (localeconv builds a struct a call) */
            if (point[0] == '.' && !point[1])
                n = fixedfmt(d, prec, num);
        } else {
            n = integer_format(fmt, args, num);
        }
        va_end(args);
    }
    if (n >= 0) {
        if (maxlen > 0) {
            size_t k = (size_t)n < maxlen - 1 ? (size_t)n : maxlen - 1;
            memcpy(s, num, k);
            s[k] = '\0';
        }
    } else {
        n = __vsnprintf_chk(s, maxlen, flag, slen, fmt, ap);
    }
    va_end(ap);
    return n;
}

#endif
