/* Unit tests of csvw.c's guard against CSV injection (docs/formats.md, Conventions; issue 15):
 * what gets a leading quote, what stays as it is, and that dropping one quote gives the text
 * back; and the quoting of the guarded field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvw.h"
#include "testutil.h"

static int guarded(const char *s)
{
    return qtr_csv_formula_like(s, strlen(s));
}

static void test_formula_like(void **state)
{
    (void)state;
    /* OWASP's starting characters, when the text is not a number */
    const char *yes[] = {"=1+2", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)",
                         "-2+3", "-", "--", "+", "\tx", "\rx", "'quoted", "'", "-1,2,3x", "+1e",
                         "-.", "=", "@"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!guarded(yes[i]))
            fail_msg("'%s' should be guarded", yes[i]);
    /* numbers and other texts stay as they are */
    const char *no[] = {"", "-5", "+5", "-0", "-1,234.5", "+1.23457E+11", "-.5", "1e3", "12个",
                        "城关区", "2025Q1", " =1", "１２", "－5", "abc=1", "2025Q1,-2+3,1"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (guarded(no[i]))
            fail_msg("'%s' should not be guarded", no[i]);
    assert_string_equal(qtr_csv_unguard("'=1+2"), "=1+2");
    assert_string_equal(qtr_csv_unguard("''quoted"), "'quoted");
    assert_string_equal(qtr_csv_unguard("-5"), "-5");
}

static void test_written(void **state)
{
    (void)state;
    char path[] = "/tmp/qtr-csvw-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    qtr_error err;
    qtr_csvw *w = qtr_csvw_open(path, &err);
    assert_non_null(w);
    qtr_csvw_text(w, "=HYPERLINK(\"http://x\",\"y\")");
    qtr_csvw_text(w, "-5");
    qtr_csvw_text(w, "@SUM(1), more");
    qtr_csvw_text(w, "\tx");
    qtr_csvw_text(w, "plain");
    qtr_csvw_text(w, NULL);
    qtr_csvw_end_row(w);
    assert_int_equal(qtr_csvw_commit(w, &err), QTR_OK);
    FILE *f = fopen(path, "rb");
    char buf[256] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    unlink(path);
    buf[n] = '\0';
    assert_string_equal(buf, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5,\"'@SUM(1), more\",'\tx,plain,\n");
    char *q = qtr_csv_quoted_text("=1+2 2025Q1.csv");
    assert_string_equal(q, "'=1+2 2025Q1.csv");
    free(q);
    q = qtr_csv_quoted_text("a,b");
    assert_string_equal(q, "\"a,b\"");
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_like),
        cmocka_unit_test(test_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
