/* test_words.c — unit tests of the report's number display (pipeline/lib/words.c): rounding
 * as people round, and the decimals a value is shown with, which the workbook's number formats
 * follow.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "words.h"

static void test_round(void **state)
{
    (void)state;
    assert_true(qtr_words_round(262.5, 0) == 263);   /* halves away from zero */
    assert_true(qtr_words_round(-262.5, 0) == -263);
    assert_true(qtr_words_round(87.5, 0) == 88);
    assert_true(qtr_words_round(37.5, 1) == 37.5);
    assert_true(qtr_words_round(104.23568, 2) == 104.24);
    assert_true(qtr_words_round(0.775333, 3) == 0.775);
    assert_true(qtr_words_round(1.5, -1) == 2);       /* decimals clamped to 0..6 */
    assert_true(isnan(qtr_words_round(NAN, 2)));
    assert_true(qtr_words_round(1e300, 2) == 1e300);  /* too big to scale: as it is */
}

static void test_value_decimals(void **state)
{
    (void)state;
    assert_int_equal(qtr_words_value_decimals(104.23568, "亿元"), 2);  /* money */
    assert_int_equal(qtr_words_value_decimals(135, "亿元"), 2);
    assert_int_equal(qtr_words_value_decimals(0.7753, "%"), 1);        /* of the percentage */
    assert_int_equal(qtr_words_value_decimals(1163, "个"), 0);         /* a whole count */
    assert_int_equal(qtr_words_value_decimals(262.5, "个"), 0);        /* an estimate from 100 on */
    assert_int_equal(qtr_words_value_decimals(37.5, "家"), 1);         /* 10..100: 1 decimal */
    assert_int_equal(qtr_words_value_decimals(30.04, "场"), 1);
    assert_int_equal(qtr_words_value_decimals(3.4712, "件"), 2);       /* below 10: 2 */
    assert_int_equal(qtr_words_value_decimals(3.5, "件"), 1);          /* trailing zero dropped */
    assert_int_equal(qtr_words_value_decimals(NAN, "个"), 0);
    /* qtr_words_value writes exactly qtr_words_number with those decimals */
    static const double values[] = {0, 1163, 262.5, 37.5, 30.04, 3.4712, 1550.6666666666667, 46.666};
    static const char *const units[] = {"个", "亿元", "家", "万人"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
            char a[QTR_WORDS_NUM], b[QTR_WORDS_NUM];
            qtr_words_value(values[i], units[u], a, sizeof a);
            qtr_words_number(values[i], qtr_words_value_decimals(values[i], units[u]), b, sizeof b);
            assert_string_equal(a, b);
        }
    char buf[QTR_WORDS_NUM];
    assert_string_equal(qtr_words_value(262.5, "个", buf, sizeof buf), "263");
    assert_string_equal(qtr_words_value(37.5, "家", buf, sizeof buf), "37.5");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_value_decimals),
    };
    return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
