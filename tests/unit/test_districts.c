/* test_districts.c — unit tests of districts.h: rejects.csv read back and filtered by unit,
 * a missing column refused, and the file names of a unit's files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "districts.h"
#include "testutil.h"

static void test_rejects(void **state)
{
    (void)state;
    static const char text[] =
        "source,line,column,raw,severity,reason,unit,period,code\n"
        "a.csv,1,备注,备注,warning,表头不是指标,,,column_unknown\n"
        "b.csv,2,企业技术需求发布数（个）,约100,error,「约100」不是数字,城关区,2025Q2,not_a_number\n"
        "b.csv,5,挂牌成果数（个）,12个,error,「12个」带了文字,安宁区,2025Q2,number_with_text\n"
        "c.csv,7,\"x,y\",\"1 2\",error,有空格,城关区,2025Q3,not_a_number\n";
    const char *path = write_temp(text, sizeof text - 1, 0);
    qtr_rejects rj;
    qtr_error err;
    assert_int_equal(qtr_rejects_load(path, &rj, &err), QTR_OK);
    unlink(path);
    size_t idx[4];
    assert_int_equal(qtr_rejects_of_unit(&rj, "城关区", NULL), 2);
    assert_int_equal(qtr_rejects_of_unit(&rj, "城关区", idx), 2);
    assert_int_equal(idx[0], 1);
    assert_int_equal(idx[1], 3);
    assert_string_equal(qtr_rejects_get(&rj, 3, rj.column), "x,y");
    assert_string_equal(qtr_rejects_get(&rj, 3, rj.line), "7");
    assert_string_equal(qtr_rejects_get(&rj, 1, rj.raw), "约100");
    assert_int_equal(qtr_rejects_of_unit(&rj, "安宁区", idx), 1);
    assert_int_equal(idx[0], 2);
    assert_int_equal(qtr_rejects_of_unit(&rj, "西固区", idx), 0);
    assert_int_equal(qtr_rejects_of_unit(&rj, "", idx), 0);  /* file-level rows are no unit's */
    assert_int_equal(qtr_rejects_unitless(&rj), 1);
    assert_string_equal(qtr_rejects_unitless_note(&rj),
                        "另有 1 处问题无法确定属于哪个单位（见于文件 a.csv）；如其中有本单位报送的文件，请向汇总部门了解详情。");
    qtr_rejects_free(&rj);
    qtr_rejects_free(&rj);  /* twice is harmless */
}

/* rejects.csv of the given text, loaded (it must load). */
static qtr_rejects load_rejects(const char *text)
{
    const char *path = write_temp(text, strlen(text), 0);
    qtr_rejects rj;
    qtr_error err;
    assert_int_equal(qtr_rejects_load(path, &rj, &err), QTR_OK);
    unlink(path);
    return rj;
}

#define REJECTS_HEAD "source,line,column,raw,severity,reason,unit,period,code\n"

/* The note under every 整改清单: how many rows no unit could be told for, and in which files. */
static void test_unitless_note(void **state)
{
    (void)state;
    qtr_rejects rj = load_rejects(REJECTS_HEAD "b.csv,2,x,1,error,bad,城关区,2025Q2,not_a_number\n");
    assert_int_equal(qtr_rejects_unitless(&rj), 0);
    assert_string_equal(qtr_rejects_unitless_note(&rj), "");
    qtr_rejects_free(&rj);
    /* five files (one twice, apart), a row of no file: the first three in order, then all five */
    rj = load_rejects(REJECTS_HEAD "e.csv,1,,,error,x,,,file_empty\n"
                                   "a.csv,1,,,error,x,,,file_empty\n"
                                   "e.csv,2,,,error,x,,,unit_empty\n"
                                   "b.csv,2,x,1,error,bad,城关区,2025Q2,not_a_number\n"
                                   ",,,,warning,x,,,no_baseline\n"
                                   "d.csv,1,,,error,x,,,file_binary\n"
                                   "c.csv,1,,,error,x,,,file_binary\n"
                                   "f.csv,1,,,error,x,,,file_binary\n");
    assert_int_equal(qtr_rejects_unitless(&rj), 7);
    assert_string_equal(qtr_rejects_unitless_note(&rj), "另有 7 处问题无法确定属于哪个单位（见于文件 e.csv、a.csv、d.csv "
                                                        "等 5 个文件）；如其中有本单位报送的文件，请向汇总部门了解详情。");
    qtr_rejects_free(&rj);
    /* rows of no file only */
    rj = load_rejects(REJECTS_HEAD ",,,,warning,x,,,no_baseline\n");
    assert_string_equal(qtr_rejects_unitless_note(&rj), "另有 1 处问题无法确定属于哪个单位；如有疑问，请向汇总部门了解详情。");
    qtr_rejects_free(&rj);
}

static void test_rejects_old_columns(void **state)
{
    (void)state;
    static const char text[] = "source,line,column,raw,severity,reason\n"
                               "a.csv,2,x,1,error,bad\n";
    const char *path = write_temp(text, sizeof text - 1, 0);
    qtr_rejects rj;
    qtr_error err;
    assert_int_equal(qtr_rejects_load(path, &rj, &err), QTR_ERR_PARSE);
    unlink(path);
    assert_null(rj.t);
    assert_non_null(strstr(err.message, "unit"));
    assert_int_equal(qtr_rejects_load("/nonexistent/rejects.csv", &rj, &err), QTR_ERR_OPEN);
}

/* qtr_district_names of the n names, compared with want. */
static void names_are(const char *const *units, size_t n, const char *const *want)
{
    char **got = qtr_district_names(units, n);
    assert_non_null(got);
    for (size_t u = 0; u < n; u++)
        assert_string_equal(got[u], want[u]);
    qtr_district_names_free(got, n);
}

static void test_file_names(void **state)
{
    (void)state;
    const char *plain[] = {"城关区", "a/b\tc\x7f", "..", "", ".", "a b", "-x", "=1+2"};
    const char *plain_want[] = {"城关区", "a_b_c_", "_..", "_", "_.", "a b", "-x", "=1+2"};
    names_are(plain, 8, plain_want);
    /* names the same once '/' is replaced: the later one numbered, never another unit's name */
    const char *same[] = {"甲/乙", "甲_乙", "甲_乙（2）", "甲\n乙", "乙"};
    const char *same_want[] = {"甲_乙", "甲_乙（3）", "甲_乙（2）", "甲_乙（4）", "乙"};
    names_are(same, 5, same_want);
    /* too long for a file name with .xlsx and a temporary suffix: cut at a character */
    char long1[400] = "", long2[400] = "", cut[400] = "";
    for (int k = 0; k < 90; k++)
        strcat(long1, "长");
    strcpy(long2, long1);
    strcat(long2, "乙");
    for (int k = 0; k < QTR_DISTRICT_NAME_MAX / 3; k++)
        strcat(cut, "长");
    char cut2[420];
    snprintf(cut2, sizeof cut2, "%s（2）", cut);
    const char *longs[] = {long1, long2, "x"};
    const char *longs_want[] = {cut, cut2, "x"};
    names_are(longs, 3, longs_want);
    char ascii[300];
    memset(ascii, 'a', 299);
    ascii[299] = '\0';
    const char *one[] = {ascii};
    char **got = qtr_district_names(one, 1);
    assert_non_null(got);
    assert_int_equal(strlen(got[0]), QTR_DISTRICT_NAME_MAX);
    qtr_district_names_free(got, 1);
    /* an empty roster */
    got = qtr_district_names(NULL, 0);
    assert_non_null(got);
    qtr_district_names_free(got, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_unitless_note), cmocka_unit_test(test_rejects_old_columns),
        cmocka_unit_test(test_file_names),
    };
    return cmocka_run_group_tests_name("districts: rejects read back, file names", tests, NULL, NULL);
}
