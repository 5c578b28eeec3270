// links: pipeline/workbook/wbcsv.c pipeline/workbook/wbintern.c pipeline/workbook/wbfacts.c pipeline/workbook/wbinput.c
/* test_wbcsv.c — unit tests of the workbook stage's readers: the in-place CSV scanner (whole
 * tables and streams across read boundaries, quotes, line ends, errors with their lines), the
 * string set, and the facts of 数据 (every row checked, all kept up to the budget, then only
 * the report's quarters).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "plan.h"
#include "testutil.h"
#include "../../pipeline/workbook/wbcsv.h"
#include "../../pipeline/workbook/wbfacts.h"
#include "../../pipeline/workbook/wbintern.h"

/* ---------------------------------------------------------------- whole tables */

static qtr_wb_table *table_of(const char *text, size_t n)
{
    const char *path = write_temp(text, n, 0);
    qtr_wb_table *t = NULL;
    qtr_error err;
    qtr_status st = qtr_wb_table_load(path, &t, &err);
    unlink(path);
    if (st != QTR_OK)
        fprintf(stderr, "%ld: %s\n", err.line, err.message);
    assert_int_equal(st, QTR_OK);
    return t;
}

static void test_table(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF" "a,b,c\r\n"
                               "1, x ,\"q,\"\"uoted\"\"\nline\"\r\n"  /* lines 2-3 */
                               "\n"                                    /* 4: blank */
                               "  \t\n"                                /* 5: blank */
                               "2,,\"\"\r"                             /* 6: lone CR */
                               "3,y,\"z\" ";                           /* 7: no line end */
    qtr_wb_table *t = table_of(text, sizeof text - 1);
    assert_int_equal(t->ncols, 3);
    assert_string_equal(t->header[0], "a");  /* the BOM is skipped */
    assert_int_equal(qtr_wb_table_col(t, "c"), 2);
    assert_int_equal(qtr_wb_table_col(t, "d"), -1);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(qtr_wb_table_get(t, 0, 1), "x");  /* blanks around it trimmed */
    assert_string_equal(qtr_wb_table_get(t, 0, 2), "q,\"uoted\"\nline");
    assert_string_equal(qtr_wb_table_get(t, 1, 1), "");
    assert_string_equal(qtr_wb_table_get(t, 1, 2), "");
    assert_string_equal(qtr_wb_table_get(t, 2, 2), "z");
    assert_string_equal(qtr_wb_table_get(t, 9, 0), "");   /* out of range */
    assert_string_equal(qtr_wb_table_get(t, 0, -1), "");
    assert_int_equal(t->lines[0], 2);
    assert_int_equal(t->lines[1], 6);
    assert_int_equal(t->lines[2], 7);
    qtr_wb_table_free(t);
    t = table_of("h1,h2\n", 6);  /* a header alone */
    assert_int_equal(t->nrows, 0);
    qtr_wb_table_free(t);
    t = table_of("h1,h2\n1,\n", 9);  /* a trailing comma is an empty last field */
    assert_string_equal(qtr_wb_table_get(t, 0, 1), "");
    qtr_wb_table_free(t);
}

static void expect_table_error(const char *text, qtr_status want, long line, const char *what)
{
    const char *path = write_temp(text, strlen(text), 1);
    qtr_wb_table *t = (qtr_wb_table *)1;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_wb_table_load(path, &t, &err), want);
    unlink(path);
    assert_null(t);
    assert_int_equal(err.line, line);
    if (!strstr(err.message, what))
        fail_msg("message '%s' lacks '%s'", err.message, what);
}

static void test_table_errors(void **state)
{
    (void)state;
    expect_table_error("a,b\n1,x\"y\n", QTR_ERR_PARSE, 2, "a quote inside an unquoted field");
    expect_table_error("a,b\n\"1\"x,2\n", QTR_ERR_PARSE, 2, "text after a closing quote");
    expect_table_error("a,b\n1,2\n3,\"open\n4,5\n", QTR_ERR_PARSE, 3, "unclosed quote");
    expect_table_error("a,b\n1,2\n1,2,3\n", QTR_ERR_PARSE, 3, "3 fields where the header has 2");
    expect_table_error("a,b\n1\n", QTR_ERR_PARSE, 2, "1 fields where the header has 2");
    expect_table_error("a\nok\n\xff\n", QTR_ERR_PARSE, 3, "not valid UTF-8");
    expect_table_error("a\n\xc0\xaf\n", QTR_ERR_PARSE, 2, "not valid UTF-8");  /* overlong */
    expect_table_error("", QTR_ERR_PARSE, 0, "empty file");
    expect_table_error("\n \n", QTR_ERR_PARSE, 0, "empty file");
    qtr_wb_table *t = NULL;
    qtr_error err;
    assert_int_equal(qtr_wb_table_load("/nonexistent-qtr/x.csv", &t, &err), QTR_ERR_OPEN);
    assert_null(t);
}

/* ---------------------------------------------------------------- streams */

typedef struct {
    size_t rows;
    long last_line;
    int bad;
} stream_check;

static qtr_status numbered_header(void *ctx, const qtr_wb_record *rec)
{
    (void)ctx;
    return rec->nfields == 2 && strcmp(rec->fields[0], "i") == 0 ? QTR_OK : QTR_ERR_PARSE;
}

/* Records "i,"v\ni"" spanning two lines each: field 1 must be "v\n" and field 0 again. */
static qtr_status numbered_row(void *ctx, const qtr_wb_record *rec)
{
    stream_check *c = ctx;
    char want0[32], want1[40];
    snprintf(want0, sizeof want0, "%zu", c->rows);
    snprintf(want1, sizeof want1, "v\n%zu", c->rows);
    if (strcmp(rec->fields[0], want0) != 0 || strcmp(rec->fields[1], want1) != 0 ||
        rec->lens[1] != strlen(want1) || rec->line != 2 + 2 * (long)c->rows)
        c->bad++;
    c->rows++;
    c->last_line = rec->line;
    return QTR_OK;
}

/* Records cross the reader's 1 MiB reads anywhere: inside quotes, between CR and LF. */
static void test_stream_boundaries(void **state)
{
    (void)state;
    size_t n = 300000, cap = n * 40 + 16, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "i,v\r\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%zu,\"v\n%zu\"\r\n", i, i);
    const char *path = write_temp(text, len, 2);
    free(text);
    stream_check c = {0, 0, 0};
    qtr_error err;
    assert_int_equal(qtr_wb_csv_stream(path, numbered_header, numbered_row, &c, &err), QTR_OK);
    unlink(path);
    assert_int_equal(c.rows, n);
    assert_int_equal(c.bad, 0);
    assert_int_equal(c.last_line, 2 + 2 * (long)(n - 1));
}

static qtr_status long_row(void *ctx, const qtr_wb_record *rec)
{
    size_t *len = ctx;
    *len = rec->lens[0];
    return QTR_OK;
}

static qtr_status stop_row(void *ctx, const qtr_wb_record *rec)
{
    (void)ctx;
    (void)rec;
    return QTR_ERR_USAGE;
}

/* A record longer than the reader's buffer grows it; a callback's status stops the reading. */
static void test_stream_long_record(void **state)
{
    (void)state;
    size_t big = 3u << 20;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memcpy(text, "x\n\"", 3);
    memset(text + 3, 'a', big);
    memcpy(text + 3 + big, "\"\n", 2);
    const char *path = write_temp(text, big + 5, 3);
    free(text);
    size_t got = 0;
    qtr_error err;
    assert_int_equal(qtr_wb_csv_stream(path, NULL, long_row, &got, &err), QTR_OK);
    assert_int_equal(got, big);
    assert_int_equal(qtr_wb_csv_stream(path, NULL, stop_row, NULL, &err), QTR_ERR_USAGE);
    unlink(path);
    assert_int_equal(qtr_wb_csv_stream("/nonexistent-qtr/x.csv", NULL, stop_row, NULL, &err), QTR_ERR_OPEN);
}

/* ---------------------------------------------------------------- the string set */

static void test_intern(void **state)
{
    (void)state;
    qtr_wb_intern t = {0};
    assert_int_equal(qtr_wb_intern_find(&t, "x", 1), -1);
    uint32_t id, again;
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "单位%05d", i);
        assert_int_equal(qtr_wb_intern_add(&t, buf, (size_t)n, &id), QTR_OK);
        assert_int_equal(id, (uint32_t)i);  /* ids in order of first appearance */
    }
    const char *first = t.text[0];
    assert_int_equal(qtr_wb_intern_add(&t, "单位00007", strlen("单位00007"), &again), QTR_OK);
    assert_int_equal(again, 7);
    assert_int_equal(t.n, 20000);
    assert_ptr_equal(t.text[0], first);  /* texts never move */
    assert_string_equal(t.text[19999], "单位19999");
    assert_int_equal(qtr_wb_intern_find(&t, "单位12345", strlen("单位12345")), 12345);
    assert_int_equal(qtr_wb_intern_find(&t, "单位1234", strlen("单位1234")), -1);
    assert_int_equal(qtr_wb_intern_add(&t, "", 0, &id), QTR_OK);  /* the empty text too */
    assert_int_equal(qtr_wb_intern_find(&t, "", 0), 20000);
    qtr_wb_intern_free(&t);
    assert_int_equal(t.n, 0);
}

/* ---------------------------------------------------------------- facts */

static qtr_plan *test_plan(void)
{
    qtr_plan *p = NULL;
    qtr_error err;
    const char *path = write_temp(TEST_PLAN, strlen(TEST_PLAN), 4);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    unlink(path);
    return p;
}

/* 2023Q4 and 2024Q1..Q3 (outside the report's quarters), the baseline 2024Q4, 2025Q1..Q3. */
static const char FACTS[] =
    "period,unit,indicator,value,source,line\n"
    "2024Q4,甲区,demands,5,2024/2024Q4.csv,2\n"
    "2023Q4,甲区,demands,1,2023/2023Q4.csv,2\n"
    "2024Q1,甲区,demands,2,2024/2024Q1.csv,2\n"
    "2025Q1,甲区,demands,7,2025/2025Q1.csv,2\n"
    "2024Q2,甲区,demands,3,2024/2024Q2.csv,2\n"
    "2025Q2,甲区,demands,,2025/2025Q2.csv,3\n"
    "2024Q3,\"乙区\",demands,4.5,2024/2024Q3.csv,2\n"
    "2025Q3,乙区,money,1.25,\"2025/2025Q3,final.csv\",4\n";

static void test_facts_budget(void **state)
{
    (void)state;
    qtr_plan *plan = test_plan();
    const char *path = write_temp(FACTS, sizeof FACTS - 1, 5);
    qtr_period p = qtr_period_make(2025, 3);
    qtr_wb_facts f;
    qtr_error err;
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, p, 8, &err), QTR_OK);  /* within the budget */
    assert_int_equal(f.total, 8);
    assert_int_equal(f.in_scope, 4);
    assert_int_equal(f.scoped, 0);
    assert_int_equal(f.listed, 8);
    assert_int_equal(f.n, 8);
    assert_string_equal(f.texts.text[f.rows[1].period], "2023Q4");
    assert_true(isnan(f.rows[5].value));                      /* not reported */
    assert_true(f.rows[6].value == 4.5);
    assert_string_equal(f.texts.text[f.rows[7].source], "2025/2025Q3,final.csv");
    assert_ptr_equal(f.texts.text[f.rows[6].unit], f.texts.text[f.rows[7].unit]);  /* stored once */
    qtr_wb_facts_free(&f);
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, p, 3, &err), QTR_OK);  /* over it */
    assert_int_equal(f.total, 8);
    assert_int_equal(f.scoped, 1);
    assert_int_equal(f.listed, 4);
    assert_int_equal(f.n, 4);
    static const char *const kept[4] = {"2024Q4", "2025Q1", "2025Q2", "2025Q3"};  /* file order */
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(f.texts.text[f.rows[i].period], kept[i]);
    assert_true(f.rows[3].line == 4);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2024, 4)), 1);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2024, 3)), 0);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2025, 4)), 0);
    qtr_wb_facts_free(&f);
    unlink(path);
    qtr_plan_free(plan);
}

static void expect_facts_error(const qtr_plan *plan, const char *text, long line, long column,
                               const char *what)
{
    const char *path = write_temp(text, strlen(text), 6);
    qtr_wb_facts f;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, qtr_period_make(2025, 3), 0, &err), QTR_ERR_PARSE);
    unlink(path);
    assert_int_equal(f.n, 0);
    assert_null(f.rows);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.message, what))
        fail_msg("message '%s' lacks '%s'", err.message, what);
}

static void test_facts_errors(void **state)
{
    (void)state;
    qtr_plan *plan = test_plan();
    static const char head[] = "period,unit,indicator,value,source,line\n";
    char text[300];
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a.csv,2\n2025Q5,甲区,demands,1,a.csv,3\n", head);
    expect_facts_error(plan, text, 3, 1, "period '2025Q5' is not a quarter");
    snprintf(text, sizeof text, "%s2023Q1,甲区,demands,1x,a.csv,2\n", head);  /* out of scope too */
    expect_facts_error(plan, text, 2, 4, "value '1x' is not a number");
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a.csv,two\n", head);
    expect_facts_error(plan, text, 2, 6, "line 'two' is not a number");
    expect_facts_error(plan, "period,unit,indicator,value,line\n", 1, 0, "no column named 'source'");
    snprintf(text, sizeof text, "%s2025年第一季度,甲区,demands,1,a.csv,2\n", head);  /* other spellings */
    const char *path = write_temp(text, strlen(text), 6);
    qtr_wb_facts f;
    qtr_error err;
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, qtr_period_make(2025, 3), 0, &err), QTR_OK);
    assert_int_equal(f.in_scope, 1);
    assert_int_equal(f.budget, QTR_WB_FACTS_BUDGET);
    qtr_wb_facts_free(&f);
    unlink(path);
    qtr_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_stream_boundaries),
        cmocka_unit_test(test_stream_long_record),
        cmocka_unit_test(test_intern),
        cmocka_unit_test(test_facts_budget),
        cmocka_unit_test(test_facts_errors),
    };
    return cmocka_run_group_tests_name("workbook readers", tests, NULL, NULL);
}
