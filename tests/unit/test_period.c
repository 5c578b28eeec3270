/* Unit tests of period.c: spellings of docs/input.md (Periods) in cells and file names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "period.h"
#include "units.h"

static qtr_period P(const char *s) { return qtr_period_parse(s, strlen(s)); }

static void test_cell_spellings(void **state)
{
    (void)state;
    qtr_period q1 = qtr_period_make(2025, 1);
    const char *ok[] = {"2025Q1", "2025-Q1", "2025 Q1", "2025年第一季度", "2025年第1季度",
                        "2025年一季度", "2025年1季度", " 2025q1 ", "２０２５Ｑ１", "2025\xe3\x80\x80Q1"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_int_equal(P(ok[i]), q1);
    assert_int_equal(P("2025年第四季度"), qtr_period_make(2025, 4));
    const char *bad[] = {"", "2025", "2025Q5", "2025Q0", "25Q1", "2025年第五季度", "2025Q1x",
                         "Q1 2025", "2025年第一季", "1899Q1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(P(bad[i]), QTR_PERIOD_NONE);
}

static void test_file_names(void **state)
{
    (void)state;
    int amb;
    assert_int_equal(qtr_period_from_name("2025Q1.csv", &amb), qtr_period_make(2025, 1));
    assert_int_equal(qtr_period_from_name("2025-Q2-城关区.csv", &amb), qtr_period_make(2025, 2));
    assert_int_equal(qtr_period_from_name("2025年第三季度.csv", &amb), qtr_period_make(2025, 3));
    assert_int_equal(qtr_period_from_name("城关区_2024Q4_final.csv", &amb), qtr_period_make(2024, 4));
    assert_int_equal(qtr_period_from_name("report.csv", &amb), QTR_PERIOD_NONE);
    assert_int_equal(amb, 0);
    assert_int_equal(qtr_period_from_name("12025Q1.csv", &amb), QTR_PERIOD_NONE);
    assert_int_equal(qtr_period_from_name("2025Q1-vs-2025Q2.csv", &amb), QTR_PERIOD_NONE);
    assert_int_equal(amb, 1);
    assert_int_equal(qtr_period_from_name("2025Q1-copy-2025Q1.csv", &amb), qtr_period_make(2025, 1));
}

static void test_format(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(qtr_period_format(qtr_period_make(2025, 3), b), "2025Q3");
    assert_string_equal(qtr_period_format_cn(qtr_period_make(2025, 3), b), "2025年第三季度");
    assert_int_equal(qtr_period_make(2025, 1) - qtr_period_make(2024, 4), 1);
}

/* The stages' --date, and the default report date (moved here from the workbook stage). */
static void test_dates(void **state)
{
    (void)state;
    time_t t;
    char b[32];
    assert_int_equal(qtr_date_parse("2025-10-08T06:00:00Z", &t), 0);
    assert_true(t == 1759903200);
    assert_string_equal(qtr_date_format(t, b), "2025-10-08T06:00:00Z");
    assert_int_equal(qtr_date_parse("2024-02-29T00:00:00Z", &t), 0);
    assert_int_equal(qtr_date_parse("2025-02-29T00:00:00Z", &t), -1);
    assert_int_equal(qtr_date_parse("2025-10-08T06:00:00", &t), -1);
    assert_int_equal(qtr_date_parse("2025-10-08 06:00:00Z", &t), -1);
    assert_int_equal(qtr_date_parse("1970-01-01T00:00:00Z", &t), -1);
    assert_int_equal(qtr_date_parse("2025-13-01T00:00:00Z", &t), -1);
    assert_int_equal(qtr_date_parse("2025-10-08T24:00:00Z", &t), -1);
    assert_int_equal(qtr_date_parse("2025-10-08T06:00:60Z", &t), -1);
    assert_true(qtr_period_end_time(qtr_period_make(2025, 3)) == 1759190400);  /* 2025-09-30 */
    assert_true(qtr_period_end_time(qtr_period_make(2024, 1)) == 1711843200);  /* 2024-03-31 */
}

static void test_units(void **state)
{
    (void)state;
    int p;
    assert_int_equal(qtr_unit_convert("万元", strlen("万元"), "亿元", &p), 0);
    assert_int_equal(p, -4);
    assert_int_equal(qtr_unit_convert("元", strlen("元"), "亿元", &p), 0);
    assert_int_equal(p, -8);
    assert_int_equal(qtr_unit_convert("亿元", strlen("亿元"), "万元", &p), 0);
    assert_int_equal(p, 4);
    assert_int_equal(qtr_unit_convert("项", strlen("项"), "个", &p), 0);
    assert_int_equal(p, 0);
    assert_int_equal(qtr_unit_convert("个", strlen("个"), "亿元", &p), -1);
    assert_int_equal(qtr_unit_convert("吨", strlen("吨"), "个", &p), -1);
    assert_int_equal(qtr_unit_lookup("吨", strlen("吨"), NULL), QTR_UNIT_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_spellings), cmocka_unit_test(test_file_names),
        cmocka_unit_test(test_format), cmocka_unit_test(test_dates), cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
