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
    qtr_rejects_free(&rj);
    qtr_rejects_free(&rj);  /* twice is harmless */
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

static void test_file_name(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(qtr_district_file_name("城关区", ".pdf", buf, sizeof buf), "城关区.pdf");
    assert_string_equal(qtr_district_file_name("a/b\tc\x7f", ".xlsx", buf, sizeof buf), "a_b_c_.xlsx");
    assert_string_equal(qtr_district_file_name("..", ".pdf", buf, sizeof buf), "_...pdf");
    assert_string_equal(qtr_district_file_name("", ".pdf", buf, sizeof buf), "_.pdf");
    assert_string_equal(qtr_district_file_name("a b", "", buf, sizeof buf), "a b");
    assert_null(qtr_district_file_name("城关区", ".pdf", buf, 13));  /* 9 + 4 bytes + NUL */
    assert_non_null(qtr_district_file_name("城关区", ".pdf", buf, 14));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_rejects_old_columns),
        cmocka_unit_test(test_file_name),
    };
    return cmocka_run_group_tests_name("districts: rejects read back, file names", tests, NULL, NULL);
}
