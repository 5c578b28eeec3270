/* Unit tests of progress.c: every formula case of docs/formulas.md, with the arithmetic written
 * out. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "progress.h"
#include "testutil.h"

static qtr_plan *load(const char *text)
{
    qtr_plan *p = NULL;
    qtr_error err;
    const char *path = write_temp(text, strlen(text), 1);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    unlink(path);
    return p;
}

static void put(qtr_values *v, const char *unit, const char *series, const char *per, const char *value)
{
    long u = qtr_plan_find_unit(v->plan, unit, strlen(unit));
    long s = qtr_plan_find_series(v->plan, series);
    assert_true(u >= 0 && s >= 0);
    qtr_qty q = 0;
    int missing = value == NULL;
    if (!missing)
        assert_int_equal(qtr_qty_from_decimal(value, &q), 0);
    qtr_values_set(v, (int)u, (int)s, qtr_period_parse(per, strlen(per)), missing, q);
}

static qtr_progress_row row(const qtr_values *v, const char *unit, const char *ind, const char *per)
{
    qtr_progress_row r;
    int u = unit ? (int)qtr_plan_find_unit(v->plan, unit, strlen(unit)) : -1;
    qtr_progress_compute(v, u, (int)qtr_plan_find_indicator(v->plan, ind),
                         qtr_period_parse(per, strlen(per)), &r);
    return r;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void test_flow(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 3));
    put(v, "甲区", "demands", "2025Q1", "10");
    put(v, "甲区", "demands", "2025Q2", "20");
    put(v, "甲区", "demands", "2025Q3", "30");
    put(v, "乙区", "demands", "2025Q1", "5");
    put(v, "乙区", "demands", "2025Q2", NULL); /* present but not reported */
    put(v, "乙区", "demands", "2025Q3", "5");
    put(v, "甲区", "demands", "2024Q4", "999"); /* last year: not counted */
    qtr_progress_row r = row(v, NULL, "demands", "2025Q3");
    /* A = 10+20+30 + 5+5 = 70; T = 100; C = R = 0.7; P = 3/4 */
    assert_string_equal(qtr_qty_format(r.actual_qty, (char[QTR_QTY_BUFSIZE]){0}), "70");
    NEAR(r.completion, 0.7);
    NEAR(r.time_progress, 0.75);
    NEAR(r.progress, 0.7);
    NEAR(r.pace_gap_pp, -5);                /* (0.7 - 0.75) * 100 */
    NEAR(r.expected, 75);                   /* 100 * 0.75 */
    NEAR(r.gap_to_target, 30);              /* max(0, 100 - 70) */
    NEAR(r.forecast, 70 / 0.75);            /* 93.33 */
    NEAR(r.required_per_quarter, 30);       /* 30 / (4 - 3) */
    assert_int_equal(r.status, QTR_STATUS_LAGGING); /* 0.75 - 0.7 = 0.05 <= 0.10 */
    /* 乙区 missed Q2; 丙县 reported nothing at all */
    assert_string_equal(r.missing, "Q1;Q2;Q3");
    /* 甲区 has a per-unit target of 60: A = 60 >= 60 */
    r = row(v, "甲区", "demands", "2025Q3");
    assert_true(r.has_target);
    assert_int_equal(r.status, QTR_STATUS_ACHIEVED);
    assert_string_equal(r.missing, "");
    /* 乙区 has none: target-derived fields empty, forecast still filled: 10 / 0.75 */
    r = row(v, "乙区", "demands", "2025Q3");
    assert_false(r.has_target);
    assert_true(isnan(r.completion) && isnan(r.progress) && isnan(r.expected));
    assert_true(isnan(r.gap_to_target) && isnan(r.required_per_quarter));
    assert_int_equal(r.status, QTR_STATUS_NONE);
    NEAR(r.forecast, 10 / 0.75);
    assert_string_equal(r.missing, "Q2");
    /* at Q2: A = 10+20+5 = 35; P = 0.5; R = 0.35; 0.5 - 0.35 = 0.15 > 0.10: critical;
     * required = 65 / 2 = 32.5 */
    r = row(v, NULL, "demands", "2025Q2");
    NEAR(r.actual, 35);
    NEAR(r.required_per_quarter, 32.5);
    assert_int_equal(r.status, QTR_STATUS_CRITICAL);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_threshold_is_exact_double(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 3));
    /* A = 65, T = 100, P = 0.75: P - R = 0.75 - 0.65 = 0.09999999999999998 <= 0.10: lagging */
    put(v, "甲区", "demands", "2025Q3", "65");
    assert_int_equal(row(v, NULL, "demands", "2025Q3").status, QTR_STATUS_LAGGING);
    /* money: A = 6 亿, T = 10: R = 0.6, 0.75 - 0.6 = 0.15000000000000002 > 0.10: critical */
    put(v, "甲区", "money", "2025Q1", "2.5");
    put(v, "乙区", "money", "2025Q3", "3.5");
    qtr_progress_row r = row(v, NULL, "money", "2025Q3");
    assert_int_equal(r.status, QTR_STATUS_CRITICAL);
    NEAR(r.gap_to_target, 4);
    /* R >= P is on track: A = 7.5 exactly on pace */
    put(v, "丙县", "money", "2025Q2", "1.5");
    assert_int_equal(row(v, NULL, "money", "2025Q3").status, QTR_STATUS_ON_TRACK);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_stock_with_baseline(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 3));
    put(v, "甲区", "brokers", "2024Q4", "40");
    put(v, "甲区", "brokers", "2025Q1", "45");
    put(v, "甲区", "brokers", "2025Q3", "50");   /* Q2 missing */
    put(v, "乙区", "brokers", "2024Q4", "20");
    put(v, "乙区", "brokers", "2025Q1", "22");
    put(v, "乙区", "brokers", "2025Q2", "24");   /* Q3 missing: carried forward */
    put(v, "丙县", "brokers", "2025Q2", "10");   /* no 2024Q4: first 2025 value is its baseline */
    put(v, "丙县", "brokers", "2025Q3", "12");
    qtr_progress_row r = row(v, NULL, "brokers", "2025Q3");
    /* A = 50 + 24 + 12 = 86; B = 40 + 20 + 10 = 70; T = 90 > B
     * R = (86 - 70) / (90 - 70) = 0.8; P = 0.75 -> on track
     * E = 70 + 20 * 0.75 = 85; F = 70 + 16 / 0.75 = 91.33; C = 86 / 90; D = 4 */
    NEAR(r.actual, 86);
    NEAR(r.baseline, 70);
    NEAR(r.progress, 0.8);
    NEAR(r.completion, 86.0 / 90);
    NEAR(r.expected, 85);
    NEAR(r.forecast, 70 + 16 / 0.75);
    NEAR(r.gap_to_target, 4);
    assert_true(isnan(r.required_per_quarter)); /* stocks: not a flow */
    assert_int_equal(r.status, QTR_STATUS_ON_TRACK);
    assert_string_equal(r.missing, "Q1;Q2;Q3");
    r = row(v, "乙区", "brokers", "2025Q3");
    NEAR(r.actual, 24);
    assert_string_equal(r.missing, "Q3");
    /* at Q2 甲区 carries its Q1 level: A = 45 + 24 + 10 = 79 */
    NEAR(row(v, NULL, "brokers", "2025Q2").actual, 79);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_stock_without_baseline_and_strict(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 1));
    put(v, "甲区", "hightech", "2025Q1", "50");
    qtr_progress_row r = row(v, NULL, "hightech", "2025Q1");
    /* no unit reported 2024Q4 and none configured: no baseline, so R = C = 50 / 50 = 1;
     * comparator '>': 50 > 50 is false, so not achieved; F = A */
    assert_true(isnan(r.baseline));
    NEAR(r.forecast, 50);
    NEAR(r.completion, 1);
    NEAR(r.progress, 1);
    assert_int_equal(r.status, QTR_STATUS_ON_TRACK); /* R = 1 >= P = 0.25 */
    NEAR(r.expected, 12.5);                          /* T * P */
    /* 超过50家 on a whole count is first met at 51: one more is needed, not zero */
    NEAR(r.gap_to_target, 1);
    put(v, "丙县", "hightech", "2025Q1", "-20");     /* 30 in all */
    NEAR(row(v, NULL, "hightech", "2025Q1").gap_to_target, 21); /* 51 - 30 */
    put(v, "丙县", "hightech", "2025Q1", "0");
    put(v, "乙区", "hightech", "2025Q1", "1");
    assert_int_equal(row(v, NULL, "hightech", "2025Q1").status, QTR_STATUS_ACHIEVED); /* 51 > 50 */
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_stock_fallback_to_baseline(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 2));
    put(v, "甲区", "brokers", "2024Q4", "40"); /* nothing in 2025: level stays 40 */
    put(v, "乙区", "brokers", "2025Q2", "5");
    qtr_progress_row r = row(v, NULL, "brokers", "2025Q2");
    /* A = 40 + 5 = 45; B = 40 + 5 = 45; R = 0 < P = 0.5; 0.5 > 0.1: critical; F = B + 0 = 45 */
    NEAR(r.actual, 45);
    NEAR(r.progress, 0);
    NEAR(r.forecast, 45);
    assert_int_equal(r.status, QTR_STATUS_CRITICAL);
    assert_string_equal(row(v, "甲区", "brokers", "2025Q2").missing, "Q1;Q2");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static const char RANGE_PLAN[] =
    "[plan]\nid = r\nname = r\nregion = r\nstart_year = 2025\nend_year = 2026\nindicators = events, money\n"
    "[units]\nroster = 甲\n"
    "[indicator.events]\nname = 活动\nunit = 场\nkind = flow\ncomparator = range\ntarget = 10..15\n"
    "headers = 活动(场)\n"
    "[indicator.money]\nname = 额\nunit = 亿元\nkind = flow\nmilestones = 2025:5, 2026:8\n"
    "headers = 额(亿元)\n";

static void test_range_missed_and_milestones(void **state)
{
    (void)state;
    qtr_plan *plan = load(RANGE_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2026, 4));
    put(v, "甲", "events", "2025Q1", "16");
    put(v, "甲", "events", "2026Q4", "12");
    put(v, "甲", "money", "2025Q4", "4");
    put(v, "甲", "money", "2026Q2", "8");
    /* 2025: A = 16 > hi 15: above_range; 2026: A = 12 in [10, 15]: achieved; target = lo */
    assert_int_equal(row(v, NULL, "events", "2025Q1").status, QTR_STATUS_ABOVE_RANGE);
    qtr_progress_row r = row(v, NULL, "events", "2026Q4");
    assert_int_equal(r.status, QTR_STATUS_ACHIEVED);
    NEAR(r.target, 10);
    NEAR(r.completion, 1.2);
    /* annual flow with milestones: 2025 target 5, A = 4 in Q4 -> missed (last quarter) */
    r = row(v, NULL, "money", "2025Q4");
    NEAR(r.target, 5);
    assert_int_equal(r.status, QTR_STATUS_MISSED);
    assert_true(isnan(r.required_per_quarter));
    /* 2026 target 8; A at Q2 = 8: achieved */
    r = row(v, NULL, "money", "2026Q2");
    NEAR(r.target, 8);
    assert_int_equal(r.status, QTR_STATUS_ACHIEVED);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_threshold_is_exact_double),
        cmocka_unit_test(test_stock_with_baseline),
        cmocka_unit_test(test_stock_without_baseline_and_strict),
        cmocka_unit_test(test_stock_fallback_to_baseline),
        cmocka_unit_test(test_range_missed_and_milestones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
