/* test_ledger.c — unit tests of the task ledger (ledger.h, ledger_io.h): the ledger CSV parsed
 * strictly (every kind of bad row refused with its file, line and column), the lead department
 * of a 责任部门 text, deadlines and statuses, the judgement of a quarter (a deadline reached
 * undone is overdue whatever was reported; the classes add up), the counts per department,
 * tasks.csv and task_facts.csv written and read back, and the ledger loaded through the plan
 * ([tasks] file, exit 78 for a bad one).
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

#include "ledger.h"
#include "ledger_io.h"
#include "plan.h"
#include "testutil.h"

static const char GOOD[] =
    "id,name,lead,due\n"
    "1,发布科技成果,省科技厅会同有关单位,持续推进\n"
    "2,建立全省科技成果信息系统,\"省科技厅、省财政厅、中科院兰州分院等\",2017-12\n"
    "\n"
    "9,省级技术交易网络平台,省科技厅、省教育厅,2018-06\n";

static qtr_ledger *parse_ok(const char *text)
{
    qtr_ledger *l = NULL;
    qtr_error err;
    qtr_status st = qtr_ledger_parse(text, strlen(text), "t.csv", &l, &err);
    if (st != QTR_OK)
        fprintf(stderr, "%s:%ld:%ld: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(st, QTR_OK);
    return l;
}

static void test_parse(void **state)
{
    (void)state;
    qtr_ledger *l = parse_ok(GOOD);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->tasks[0].id, "1");
    assert_string_equal(l->tasks[0].department, "省科技厅");
    assert_int_equal(l->tasks[0].due, 0);
    assert_string_equal(l->tasks[1].lead, "省科技厅、省财政厅、中科院兰州分院等");
    assert_string_equal(l->tasks[1].department, "省科技厅");
    assert_int_equal(l->tasks[1].due, 2017 * 12 + 11);
    assert_int_equal(l->tasks[2].line, 5); /* the blank line 4 is skipped */
    assert_int_equal(l->tasks[2].due, 2018 * 12 + 5);
    assert_int_equal(qtr_ledger_find(l, "9", 1), 2);
    assert_int_equal(qtr_ledger_find(l, " ９ ", strlen(" ９ ")), 2); /* full-width digit */
    assert_int_equal(qtr_ledger_find(l, "3", 1), -1);
    qtr_ledger_free(l);
    /* columns in another order, header names with blanks and capitals, a BOM-less GB text */
    l = parse_ok(" DUE ,id,Name,lead\n2020-12,a.1,任务,区科技局\n");
    assert_string_equal(l->tasks[0].id, "a.1");
    assert_string_equal(l->tasks[0].name, "任务");
    assert_int_equal(l->tasks[0].due, 2020 * 12 + 11);
    qtr_ledger_free(l);
}

/* Each bad ledger is refused with QTR_ERR_CONFIG at its line and column and a message. */
static void expect_bad(const char *text, long line, long column, const char *words)
{
    qtr_ledger *l = (qtr_ledger *)1;
    qtr_error err;
    memset(&err, 0, sizeof err);
    qtr_status st = qtr_ledger_parse(text, strlen(text), "config/t.csv", &l, &err);
    if (st != QTR_ERR_CONFIG || err.line != line || err.column != column || !strstr(err.message, words))
        fprintf(stderr, "for %s: got %d at %ld:%ld: %s\n", text, st, err.line, err.column, err.message);
    assert_int_equal(st, QTR_ERR_CONFIG);
    assert_null(l);
    assert_string_equal(err.file, "config/t.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_non_null(strstr(err.message, words));
}

static void test_bad_rows(void **state)
{
    (void)state;
    const char *h = "id,name,lead,due\n";
    char text[512];
#define ROW(r) (snprintf(text, sizeof text, "%s%s", h, r), text)
    expect_bad("id,name,lead,deadline\n1,a,b,持续推进\n", 1, 4, "未知的列「deadline」");
    expect_bad("id,name,lead\n1,a,b\n", 1, 0, "缺少列 due");
    expect_bad("id,name,lead,due,id\n", 1, 5, "列 id 出现两次");
    expect_bad("", 0, 0, "没有任务");
    expect_bad("id,name,lead,due\n\n", 0, 0, "没有任务");
    expect_bad(ROW("1,a,b,持续推进\n2,a,b\n"), 3, 0, "这一行有 3 个字段，表头有 4 个");
    expect_bad(ROW(",a,b,持续推进\n"), 2, 1, "id 为空");
    expect_bad(ROW("任务一,a,b,持续推进\n"), 2, 1, "id「任务一」不是有效的任务编号");
    expect_bad(ROW("123456789012345678901234567890123,a,b,持续推进\n"), 2, 1, "不是有效的任务编号");
    expect_bad(ROW("1,a,b,持续推进\n\n1,c,d,2017-12\n"), 4, 1, "任务编号 1 重复（第 2 行已有）");
    expect_bad(ROW("1, ,b,持续推进\n"), 2, 2, "name 为空");
    expect_bad(ROW("1,a,,持续推进\n"), 2, 3, "lead 为空");
    expect_bad(ROW("1,\"a\nb\",c,持续推进\n"), 2, 2, "name 含有换行");
    expect_bad(ROW("1,a,b,2017年12月底前\n"), 2, 4, "due「2017年12月底前」不是完成时限");
    expect_bad(ROW("1,a,b,2017-13\n"), 2, 4, "不是完成时限");
    expect_bad(ROW("1,a,b,2017-1\n"), 2, 4, "不是完成时限");
    expect_bad(ROW("1,a,b,\n"), 2, 4, "不是完成时限");
    expect_bad(ROW("1,a,b,持续推进\n2,a\"b,c,持续推进\n"), 3, 0, "CSV 格式错误");
#undef ROW
}

static void test_department(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"省科技厅会同有关单位", "省科技厅"},
        {"省工信委、省财政厅、省知识产权局等", "省工信委"},
        {"中科院兰州分院", "中科院兰州分院"},
        {"省财政厅、省科技厅等", "省财政厅"},
        {"省知识产权局会同有关单位", "省知识产权局"},
        {"区科技局，各乡镇、街道和工业园区管委会", "区科技局"},
        {"有关单位等", "有关单位"},
        {"、省科技厅", "、省科技厅"}, /* nothing before the separator: the whole text */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = qtr_task_department(cases[i][0]);
        assert_non_null(d);
        assert_string_equal(d, cases[i][1]);
        free(d);
    }
}

static void test_due_and_status(void **state)
{
    (void)state;
    qtr_task_due due;
    char buf[32];
    assert_int_equal(qtr_task_due_parse(" 2018-06 ", 9, &due), 0);
    assert_string_equal(qtr_task_due_format(due, buf), "2018-06");
    assert_string_equal(qtr_task_due_cn(due, buf), "2018年6月底");
    assert_int_equal(qtr_task_due_parse("持续推进", strlen("持续推进"), &due), 0);
    assert_int_equal(due, 0);
    assert_string_equal(qtr_task_due_format(due, buf), "持续推进");
    assert_int_equal(qtr_task_due_parse("2018/06", 7, &due), -1);
    assert_int_equal(qtr_task_due_parse("1899-12", 7, &due), -1);
    qtr_task_status s;
    assert_int_equal(qtr_task_status_parse(" 按期 推进 ", strlen(" 按期 推进 "), 0, &s), 0);
    assert_int_equal(s, QTR_TASK_ON_SCHEDULE);
    assert_int_equal(qtr_task_status_parse("已完成", strlen("已完成"), 0, &s), 0);
    assert_int_equal(s, QTR_TASK_DONE);
    assert_int_equal(qtr_task_status_parse("—", strlen("—"), 0, &s), 0);
    assert_int_equal(s, QTR_TASK_NOT_REPORTED);
    assert_int_equal(qtr_task_status_parse("", 0, 0, &s), 0);
    assert_int_equal(s, QTR_TASK_NOT_REPORTED);
    assert_int_equal(qtr_task_status_parse("未报", strlen("未报"), 0, &s), -1);
    assert_int_equal(qtr_task_status_parse("未报", strlen("未报"), 1, &s), 0);
    assert_int_equal(qtr_task_status_parse("完成", strlen("完成"), 0, &s), -1);
    assert_int_equal(qtr_task_status_parse("进行中", strlen("进行中"), 0, &s), -1);
}

static void test_overdue(void **state)
{
    (void)state;
    qtr_task_due dec2017 = 2017 * 12 + 11, jun2018 = 2018 * 12 + 5;
    /* due at the end of December: the report of 2017Q4 describes that very end */
    assert_int_equal(qtr_task_overdue(dec2017, qtr_period_make(2017, 3), QTR_TASK_ON_SCHEDULE), 0);
    assert_int_equal(qtr_task_overdue(dec2017, qtr_period_make(2017, 4), QTR_TASK_ON_SCHEDULE), 1);
    assert_int_equal(qtr_task_overdue(dec2017, qtr_period_make(2017, 4), QTR_TASK_DONE), 0);
    assert_int_equal(qtr_task_overdue(dec2017, qtr_period_make(2018, 1), QTR_TASK_NOT_REPORTED), 1);
    assert_int_equal(qtr_task_overdue(jun2018, qtr_period_make(2018, 1), QTR_TASK_LAGGING), 0);
    assert_int_equal(qtr_task_overdue(jun2018, qtr_period_make(2018, 2), QTR_TASK_LAGGING), 1);
    assert_int_equal(qtr_task_overdue(0, qtr_period_make(2030, 4), QTR_TASK_NOT_STARTED), -1);
    assert_int_equal(qtr_task_classify(QTR_TASK_DONE, 0), QTR_TASKS_DONE);
    assert_int_equal(qtr_task_classify(QTR_TASK_ON_SCHEDULE, 1), QTR_TASKS_OVERDUE);
    assert_int_equal(qtr_task_classify(QTR_TASK_NOT_REPORTED, 1), QTR_TASKS_OVERDUE);
    assert_int_equal(qtr_task_classify(QTR_TASK_NOT_REPORTED, -1), QTR_TASKS_NOT_REPORTED);
    assert_int_equal(qtr_task_classify(QTR_TASK_LAGGING, 0), QTR_TASKS_LAGGING);
    assert_int_equal(qtr_task_classify(QTR_TASK_NOT_STARTED, -1), QTR_TASKS_NOT_STARTED);
    assert_int_equal(qtr_task_classify(QTR_TASK_ON_SCHEDULE, -1), QTR_TASKS_ON_SCHEDULE);
    assert_string_equal(qtr_task_class_label(QTR_TASKS_OVERDUE), "逾期未完成");
    assert_string_equal(qtr_task_class_code(QTR_TASKS_NOT_REPORTED), "not_reported");
}

static const char LEDGER4[] =
    "id,name,lead,due\n"
    "1,甲,省科技厅会同有关单位,持续推进\n"
    "2,乙,省科技厅、省财政厅,2017-12\n"
    "3,丙,省工信委、省科技厅,2018-06\n"
    "4,丁,省工信委,2017-06\n";

static void test_judge(void **state)
{
    (void)state;
    qtr_ledger *l = parse_ok(LEDGER4);
    qtr_period q4 = qtr_period_make(2017, 4), q3 = qtr_period_make(2017, 3);
    qtr_task_fact f[] = {
        {q3, 1, QTR_TASK_DONE, "早一季", "a.csv", 2},          /* another quarter: not counted */
        {q4, 1, QTR_TASK_ON_SCHEDULE, "建设中", "b.csv", 2},   /* due 2017-12: overdue */
        {q4, 2, QTR_TASK_LAGGING, "", "b.csv", 3},             /* due 2018-06: lagging */
        {q4, 0, QTR_TASK_NOT_REPORTED, "空", "b.csv", 4},       /* a blank status: 未报 */
        {q4, 3, QTR_TASK_DONE, "", "b.csv", 5},                /* done after its deadline */
    };
    qtr_task_report *r = qtr_ledger_judge(l, q4, f, sizeof f / sizeof f[0]);
    assert_non_null(r);
    assert_int_equal(r->n, 4);
    assert_int_equal(r->rows[0].cls, QTR_TASKS_NOT_REPORTED);
    assert_string_equal(r->rows[0].note, "空");
    assert_int_equal(r->rows[0].overdue, -1);
    assert_int_equal(r->rows[1].status, QTR_TASK_ON_SCHEDULE);
    assert_int_equal(r->rows[1].overdue, 1);
    assert_int_equal(r->rows[1].cls, QTR_TASKS_OVERDUE);
    assert_string_equal(r->rows[1].note, "建设中");
    assert_int_equal(r->rows[2].cls, QTR_TASKS_LAGGING);
    assert_int_equal(r->rows[2].overdue, 0);
    assert_int_equal(r->rows[3].cls, QTR_TASKS_DONE);
    assert_int_equal(r->rows[3].overdue, 0);
    static const size_t want[QTR_TASK_CLASS_COUNT] = {1, 0, 1, 0, 1, 1};
    for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
        assert_int_equal(r->count[c], want[c]);
    qtr_task_dept *d;
    size_t nd = qtr_task_report_departments(r, &d);
    assert_int_equal(nd, 2);
    assert_string_equal(d[0].name, "省科技厅");
    assert_int_equal(d[0].total, 2);
    assert_int_equal(d[0].count[QTR_TASKS_NOT_REPORTED], 1);
    assert_int_equal(d[0].count[QTR_TASKS_OVERDUE], 1);
    assert_string_equal(d[1].name, "省工信委");
    assert_int_equal(d[1].total, 2);
    assert_int_equal(d[1].count[QTR_TASKS_LAGGING], 1);
    assert_int_equal(d[1].count[QTR_TASKS_DONE], 1);
    free(d);
    /* 2017Q3: nothing reported for it but task 2's 已完成 */
    qtr_task_report *r3 = qtr_ledger_judge(l, q3, f, sizeof f / sizeof f[0]);
    assert_int_equal(r3->rows[1].cls, QTR_TASKS_DONE);
    assert_int_equal(r3->rows[3].cls, QTR_TASKS_OVERDUE); /* due 2017-06, nothing reported */
    assert_int_equal(r3->count[QTR_TASKS_NOT_REPORTED], 2);
    qtr_task_report_free(r3);

    /* tasks.csv written and read back */
    char path[] = "/tmp/qtr-test-tasks-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    qtr_error err;
    r->rows[2].note = realloc(r->rows[2].note, 16);
    snprintf(r->rows[2].note, 16, "%s", "=1+2, \"x\""); /* a formula-like note stays text */
    assert_int_equal(qtr_task_report_write(r, path, &err), QTR_OK);
    FILE *fp = fopen(path, "r");
    char text[1024] = "";
    size_t got = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[got] = '\0';
    assert_string_equal(text, "id,name,lead,due,period,status,overdue,note\n"
                              "1,甲,省科技厅会同有关单位,持续推进,2017Q4,未报,,空\n"
                              "2,乙,省科技厅、省财政厅,2017-12,2017Q4,按期推进,yes,建设中\n"
                              "3,丙,省工信委、省科技厅,2018-06,2017Q4,滞后,no,\"'=1+2, \"\"x\"\"\"\n"
                              "4,丁,省工信委,2017-06,2017Q4,已完成,no,\n");
    qtr_task_report *back;
    assert_int_equal(qtr_task_report_read(l, q4, path, &back, &err), QTR_OK);
    assert_string_equal(back->rows[2].note, "=1+2, \"x\"");
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(back->rows[i].cls, r->rows[i].cls);
        assert_int_equal(back->rows[i].overdue, r->rows[i].overdue);
    }
    for (int c = 0; c < QTR_TASK_CLASS_COUNT; c++)
        assert_int_equal(back->count[c], r->count[c]);
    qtr_task_report_free(back);
    /* read for another quarter, or with a task changed: refused */
    assert_int_equal(qtr_task_report_read(l, q3, path, &back, &err), QTR_ERR_PARSE);
    assert_int_equal(err.line, 2);
    fp = fopen(path, "w");
    fputs("id,name,lead,due,period,status,overdue,note\n1,甲,省科技厅会同有关单位,持续推进,2017Q4,未报,,\n"
          "2,乙,省科技厅,2017-12,2017Q4,按期推进,yes,\n", fp);
    fclose(fp);
    assert_int_equal(qtr_task_report_read(l, q4, path, &back, &err), QTR_ERR_PARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 3);

    /* task_facts.csv written and read back */
    assert_int_equal(qtr_task_facts_write(l, f, sizeof f / sizeof f[0], path, &err), QTR_OK);
    qtr_task_fact *fb;
    size_t nf;
    assert_int_equal(qtr_task_facts_read(l, path, &fb, &nf, &err), QTR_OK);
    assert_int_equal(nf, 5);
    assert_int_equal(fb[3].status, QTR_TASK_NOT_REPORTED);
    assert_int_equal(fb[1].task, 1);
    assert_int_equal(fb[1].period, q4);
    assert_string_equal(fb[1].source, "b.csv");
    assert_int_equal(fb[4].line, 5);
    qtr_task_facts_free(fb, nf);
    unlink(path);
    qtr_task_report_free(r);
    qtr_ledger_free(l);
}

/* [tasks] file through the plan: loaded next to the config; a bad ledger is exit 78 naming the
 * ledger's line and column; a [tasks] section without file too; no section: no ledger. */
static void test_plan(void **state)
{
    (void)state;
    char dir[] = "/tmp/qtr-test-plan-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char ini[256], csv[256];
    snprintf(ini, sizeof ini, "%s/p.ini", dir);
    snprintf(csv, sizeof csv, "%s/tasks.csv", dir);
    FILE *f = fopen(ini, "w");
    fprintf(f, "%s[tasks]\nfile = tasks.csv\n", TEST_PLAN);
    fclose(f);
    f = fopen(csv, "w");
    fputs(LEDGER4, f);
    fclose(f);
    qtr_plan *p;
    qtr_error err;
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_OK);
    assert_non_null(p->ledger);
    assert_int_equal(p->ledger->n, 4);
    qtr_plan_free(p);
    f = fopen(csv, "w");
    fputs("id,name,lead,due\n1,a,b,2017-12\n2,a,b,明年\n", f);
    fclose(f);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_ERR_CONFIG);
    assert_null(p);
    assert_int_equal(qtr_exit_code(err.status), 78);
    assert_string_equal(err.file, csv);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 4);
    unlink(csv);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_ERR_CONFIG);
    assert_non_null(strstr(err.message, "无法读取任务台账"));
    f = fopen(ini, "w");
    fprintf(f, "%s[tasks]\n", TEST_PLAN);
    fclose(f);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_ERR_CONFIG);
    assert_string_equal(err.section, "tasks");
    assert_string_equal(err.key, "file");
    f = fopen(ini, "w");
    fprintf(f, "%s[tasks]\nfiles = tasks.csv\n", TEST_PLAN);
    fclose(f);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_ERR_CONFIG); /* a typo of the key */
    assert_non_null(strstr(err.message, "files"));
    f = fopen(ini, "w");
    fputs(TEST_PLAN, f);
    fclose(f);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_OK);
    assert_null(p->ledger);
    qtr_plan_free(p);
    unlink(ini);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_department),
        cmocka_unit_test(test_due_and_status),
        cmocka_unit_test(test_overdue),
        cmocka_unit_test(test_judge),
        cmocka_unit_test(test_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
