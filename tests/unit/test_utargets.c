/* test_utargets.c — [units] targets_file (utargets.c): the units' targets read from a CSV next
 * to the config, its bad rows (exit 78 with file and line) and the check against the region's
 * target. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plan.h"
#include "testutil.h"

typedef struct {
    char dir[64];
    char ini[128];
    char csv[128];
} fixture;

/* A folder with TEST_PLAN (甲区:60 on demands in the INI) plus `[units] targets_file =
 * targets.csv`, and targets.csv holding the n bytes of csv. */
static void make(fixture *fx, const char *csv, size_t n)
{
    snprintf(fx->dir, sizeof fx->dir, "/tmp/qtr-utargets-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->ini, sizeof fx->ini, "%s/plan.ini", fx->dir);
    snprintf(fx->csv, sizeof fx->csv, "%s/targets.csv", fx->dir);
    const char *at = strstr(TEST_PLAN, "[aliases]");
    FILE *f = fopen(fx->ini, "w");
    assert_non_null(f);
    fprintf(f, "%.*stargets_file = targets.csv\n%s", (int)(at - TEST_PLAN), TEST_PLAN, at);
    assert_int_equal(fclose(f), 0);
    f = fopen(fx->csv, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(csv, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void unmake(fixture *fx)
{
    unlink(fx->csv);
    unlink(fx->ini);
    rmdir(fx->dir);
}

static double target_of(const qtr_plan *p, const char *ind, const char *unit)
{
    long i = qtr_plan_find_indicator(p, ind);
    long u = qtr_plan_find_unit(p, unit, strlen(unit));
    assert_true(i >= 0 && u >= 0);
    return p->indicators[i].unit_targets ? p->indicators[i].unit_targets[u] : NAN;
}

static void test_good_file(void **state)
{
    (void)state;
    fixture fx;
    static const char csv[] = "\xef\xbb\xbfunit,indicator,target,note\n"
                              "乙区,demands,30,\n"
                              " 甲 ,money, 4.5 ,\"alias, blanks\"\n"
                              ",,,\n"
                              "丙县,brokers,95,\n";
    make(&fx, csv, sizeof csv - 1);
    qtr_plan *p = NULL;
    qtr_error err = {0};
    if (qtr_plan_load(fx.ini, &p, &err) != QTR_OK)
        fail_msg("%s", err.message);
    assert_true(target_of(p, "demands", "甲区") == 60); /* the INI's, kept */
    assert_true(target_of(p, "demands", "乙区") == 30);
    assert_true(isnan(target_of(p, "demands", "丙县")));
    assert_true(target_of(p, "money", "甲区") == 4.5);
    assert_true(isnan(target_of(p, "money", "乙区")));
    assert_true(target_of(p, "brokers", "丙县") == 95);
    assert_null(p->indicators[qtr_plan_find_indicator(p, "hightech")].unit_targets);
    /* the file is recorded for inputs.csv, resolved against the config's folder */
    assert_int_equal(p->nfiles, 1);
    assert_string_equal(p->files[0].role, "targets");
    assert_string_equal(p->files[0].path, fx.csv);
    /* demands 60 + 30 < 100, money 4.5 < 10; brokers 95 >= 90 is no warning */
    assert_int_equal(p->warnings.count, 2);
    assert_string_equal(p->warnings.items[0],
                        "[indicator.demands] 需求：各单位目标合计 90 个，低于全市目标 100 个，尚差 10 个");
    assert_string_equal(p->warnings.items[1], "[indicator.money] 成交额：各单位目标合计 4.50 亿元，"
                                              "低于全市目标 10.00 亿元，尚差 5.50 亿元");
    qtr_plan_free(p);
    unmake(&fx);
}

static void test_gb18030(void **state)
{
    (void)state;
    fixture fx;
    /* "unit,indicator,target\r\n乙区,demands,40\r\n丙县,brokers,95\r\n" as Excel saves it on
     * Chinese Windows */
    static const char csv[] = "unit,indicator,target\r\n\xd2\xd2\xc7\xf8,demands,40\r\n"
                              "\xb1\xfb\xcf\xd8,brokers,95\r\n";
    make(&fx, csv, sizeof csv - 1);
    qtr_plan *p = NULL;
    qtr_error err = {0};
    if (qtr_plan_load(fx.ini, &p, &err) != QTR_OK)
        fail_msg("%s", err.message);
    assert_true(target_of(p, "demands", "乙区") == 40);
    assert_true(target_of(p, "brokers", "丙县") == 95);
    assert_int_equal(p->warnings.count, 0); /* 60 + 40 = 100: no shortfall */
    qtr_plan_free(p);
    unmake(&fx);
}

static void test_fractional_count(void **state)
{
    (void)state;
    fixture fx;
    /* 60 + 29.5 = 89.5 个 of 100: written as they add up, not rounded to whole counts */
    static const char csv[] = "unit,indicator,target\n乙区,demands,29.5\n";
    make(&fx, csv, sizeof csv - 1);
    qtr_plan *p = NULL;
    qtr_error err = {0};
    if (qtr_plan_load(fx.ini, &p, &err) != QTR_OK)
        fail_msg("%s", err.message);
    assert_int_equal(p->warnings.count, 1);
    assert_string_equal(p->warnings.items[0],
                        "[indicator.demands] 需求：各单位目标合计 89.5 个，低于全市目标 100 个，尚差 10.5 个");
    qtr_plan_free(p);
    unmake(&fx);
}

static void test_bad_rows(void **state)
{
    (void)state;
    static const struct {
        const char *csv;
        long line, column;
        const char *message;
    } cases[] = {
        {"unit,indicator,target\n乙区,demands,30\n乙区,demands,30\n", 3, 1,
         "乙区 demands is given twice (first on line 2)"},
        {"unit,indicator,target\n乙区,demands,30\n丁区,demands,30\n", 3, 1,
         "'丁区' is not a unit of the roster"},
        {"unit,indicator,target\n全市,demands,30\n", 2, 1,
         "'全市' is the region's total; its targets are the config's, not the file's"},
        {"unit,indicator,target\n乙区,demand,30\n", 2, 2,
         "'demand' is not an indicator of [plan] indicators"},
        {"unit,indicator,target\n乙区,demands,0\n", 2, 3, "target '0' is not a number > 0"},
        {"unit,indicator,target\n乙区,demands,-5\n", 2, 3, "target '-5' is not a number > 0"},
        {"unit,indicator,target\n乙区,demands,约40\n", 2, 3, "target '约40' is not a number > 0"},
        {"unit,indicator,target\n乙区,demands,\"1,500\"\n", 2, 3, "target '1,500' is not a number > 0"},
        {"unit,indicator,target\n乙区,demands,\n", 2, 3, "target '' is not a number > 0"},
        {"unit,indicator,target\n乙区,demands,nan\n", 2, 3, "target 'nan' is not a number > 0"},
        {"unit,indicator,target\n甲,demands,50\n", 2, 1,
         "甲区 demands is also given by [indicator.demands] unit_targets"},
        {"unit,indicator,value\n乙区,demands,30\n", 1, 0,
         "needs the columns unit,indicator,target (no 'target')"},
        {"unit,indicator,target\n乙区,demands\n", 2, 0, NULL}, /* the CSV reader's message */
        {"unit,indicator,target\n\xff\xfe\xfd,demands,3\n", 0, 0, NULL}, /* not decodable */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fixture fx;
        make(&fx, cases[k].csv, strlen(cases[k].csv));
        qtr_plan *p = (qtr_plan *)1;
        qtr_error err = {0};
        assert_int_equal(qtr_plan_load(fx.ini, &p, &err), QTR_ERR_CONFIG);
        assert_null(p);
        assert_int_equal(qtr_exit_code(err.status), 78);
        assert_string_equal(err.file, fx.csv);
        assert_string_equal(err.section, "units");
        assert_string_equal(err.key, "targets_file");
        if (cases[k].line)
            assert_int_equal(err.line, cases[k].line);
        if (cases[k].message) {
            assert_int_equal(err.column, cases[k].column);
            assert_string_equal(err.message, cases[k].message);
        } else {
            assert_true(err.message[0] != '\0');
        }
        unmake(&fx);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    fixture fx;
    make(&fx, "", 0);
    unlink(fx.csv);
    qtr_plan *p = NULL;
    qtr_error err = {0};
    assert_int_equal(qtr_plan_load(fx.ini, &p, &err), QTR_ERR_CONFIG);
    assert_string_equal(err.file, fx.csv);
    assert_string_equal(err.message, "cannot read the unit targets file");
    unmake(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_fractional_count),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
