/* Unit tests of opts.c: the stage programs' one way of reading a command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "opts.h"

static qtr_opts_result parse(int argc, const char **argv, const char **config, const char **out,
                             int *flag, int *first)
{
    *config = *out = NULL;
    *flag = 0;
    const qtr_opt opts[] = {
        {"config", config, NULL, 1},
        {"out", out, NULL, 0},
        {"check", NULL, flag, 0},
    };
    return qtr_opts_parse("test", argc, (char **)argv, opts, 3, 1, first);
}

static void test_opts(void **state)
{
    (void)state;
    const char *config, *out;
    int flag, first;
    const char *a1[] = {"p", "--config", "c.ini", "--out=o.csv", "--check", "file", NULL};
    assert_int_equal(parse(6, a1, &config, &out, &flag, &first), QTR_OPTS_OK);
    assert_string_equal(config, "c.ini");
    assert_string_equal(out, "o.csv");
    assert_int_equal(flag, 1);
    assert_int_equal(first, 5);
    const char *a2[] = {"p", "--config", "a", "--config", "b", NULL};  /* given twice */
    assert_int_equal(parse(5, a2, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a3[] = {"p", "--out", "o", NULL};                       /* the required one missing */
    assert_int_equal(parse(3, a3, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a4[] = {"p", "--config", "c", "--bogus", NULL};         /* unknown */
    assert_int_equal(parse(4, a4, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a5[] = {"p", "--config", NULL};                         /* no value */
    assert_int_equal(parse(2, a5, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a6[] = {"p", "--check=yes", "--config", "c", NULL};     /* a flag takes none */
    assert_int_equal(parse(4, a6, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a7[] = {"p", "--config", "c", "x", "y", NULL};          /* one operand at most */
    assert_int_equal(parse(5, a7, &config, &out, &flag, &first), QTR_OPTS_USAGE);
    const char *a8[] = {"p", "-h", NULL};
    assert_int_equal(parse(2, a8, &config, &out, &flag, &first), QTR_OPTS_HELP);
    const char *a9[] = {"p", "--config", "c", "--", "--out", NULL};    /* after --: an operand */
    assert_int_equal(parse(5, a9, &config, &out, &flag, &first), QTR_OPTS_OK);
    assert_null(out);
    assert_int_equal(first, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
