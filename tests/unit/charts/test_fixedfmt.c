/* test_fixedfmt.c — unit tests of fixedfmt.c: the digits computed in integers are glibc's "%.*f"
 * for every precision cairo asks (0 to 18), for coordinates, binary fractions (ties at the last
 * digit, rounded half to even), tiny and negative numbers, negative zero and numbers that round
 * to zero; the stage's __snprintf_chk (the one cairo's calls reach) writes what glibc's writes,
 * also cut short by a small buffer, for those and cairo's integers ("%d", "%ld", "%0*x"), and
 * passes every other format to glibc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fixedfmt.h"

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, ...);

static unsigned long long next_random(unsigned long long *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void same_as_glibc(double d, int prec)
{
    char mine[64], want[64];
    int n = fixedfmt(d, prec, mine);
    if (n < 0 && fabs(d) >= 1e15)
        return; /* outside its range: the caller asks glibc */
    int w = snprintf(want, sizeof want, "%.*f", prec, d);
    if (n != w || strcmp(mine, want) != 0)
        fail_msg("%a at %d: '%s' (%d), glibc '%s' (%d)", d, prec, mine, n, want, w);
}

static void test_digits_are_glibcs(void **state)
{
    (void)state;
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    for (int k = 0; k < 40000; k++) {
        int prec = (int)(next_random(&x) % 19);
        double coord = (double)(next_random(&x) % 20000000) / 1000.0 - 5000.0; /* points */
        same_as_glibc(coord, prec);
        double frac = (double)(next_random(&x) % (1ULL << 53));
        same_as_glibc(frac / (double)(1ULL << (next_random(&x) % 64)), prec); /* ties */
        double r = (double)next_random(&x) / 18446744073709551616.0;
        same_as_glibc(r * pow(10, (double)(next_random(&x) % 30) - 20), prec);
        same_as_glibc(-r / 7, prec);
        same_as_glibc(ldexp(r, -(int)(next_random(&x) % 1100)), prec); /* down to subnormals */
    }
    static const double fixed[] = {0.0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.0625, 1e-7, -1e-7,
                                   0.1, 0.05, 999999.9999995, 123456789.123456789, 1e14, 9.99e14,
                                   -9.99e14, 5e-324, 2.2250738585072014e-308, 0.000244140625};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        for (int prec = 0; prec <= 18; prec++)
            same_as_glibc(fixed[i], prec);
    char out[64];
    assert_int_equal(fixedfmt(1e15, 6, out), -1); /* outside: the caller asks glibc */
    assert_int_equal(fixedfmt(NAN, 6, out), -1);
    assert_int_equal(fixedfmt(INFINITY, 6, out), -1);
    assert_int_equal(fixedfmt(1.0, 19, out), -1);
}

/* the call cairo makes (_cairo_dtostr's formats), as glibc answers it */
static void chk_same(size_t size, const char *fmt, int prec, double d)
{
    char mine[80], want[80];
    memset(mine, 'x', sizeof mine);
    memset(want, 'x', sizeof want);
    int n = strchr(fmt, '*') ? __snprintf_chk(mine, size, 1, sizeof mine, fmt, prec, d)
                             : __snprintf_chk(mine, size, 1, sizeof mine, fmt, d);
    int w = strchr(fmt, '*') ? snprintf(want, size, fmt, prec, d) : snprintf(want, size, fmt, d);
    assert_int_equal(n, w);
    assert_memory_equal(mine, want, sizeof mine);
}

static void test_snprintf_chk(void **state)
{
    (void)state;
    chk_same(64, "%f", 0, 12.34567891);
    chk_same(64, "%f", 0, -0.0);
    chk_same(64, "%.18f", 0, 0.000123456789);
    chk_same(64, "%.*f", 9, 0.000123456789);
    chk_same(64, "%.3f", 0, 2.0005);
    chk_same(4, "%f", 0, 12.34567891); /* cut short, the length still the whole */
    chk_same(1, "%f", 0, 1.5);
    chk_same(64, "%f", 0, 1e300); /* glibc's own */
    chk_same(64, "%.3g", 0, 1.23456);
    char buf[64], want[64];
    static const int ints[] = {0, 7, -7, 2147483647, -2147483647 - 1, 65535, 1234567};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        for (size_t size = 1; size <= 12; size += 11) {
            int n = __snprintf_chk(buf, size, 1, sizeof buf, "%d", ints[i]);
            assert_int_equal(n, snprintf(want, size, "%d", ints[i]));
            assert_string_equal(buf, want);
            n = __snprintf_chk(buf, size, 1, sizeof buf, "%ld", (long)ints[i] * 3000000000L);
            assert_int_equal(n, snprintf(want, size, "%ld", (long)ints[i] * 3000000000L));
            assert_string_equal(buf, want);
            for (int w = 0; w <= 6; w += 2) {
                n = __snprintf_chk(buf, size, 1, sizeof buf, "%0*x", w, (unsigned)ints[i]);
                assert_int_equal(n, snprintf(want, size, "%0*x", w, (unsigned)ints[i]));
                assert_string_equal(buf, want);
            }
        }
    }
    assert_int_equal(__snprintf_chk(buf, sizeof buf, 1, sizeof buf, "%0*x", -4, 10u), 4);
    assert_string_equal(buf, "a   ");
    assert_int_equal(__snprintf_chk(buf, sizeof buf, 1, sizeof buf, "%d:%s", 42, "x"), 4);
    assert_string_equal(buf, "42:x");
    assert_int_equal(__snprintf_chk(buf, sizeof buf, 1, sizeof buf, "%5.2f", 1.0), 5);
    assert_string_equal(buf, " 1.00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digits_are_glibcs),
        cmocka_unit_test(test_snprintf_chk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
