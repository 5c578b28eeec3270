/* Unit tests of plan.c: the default config loads; every bad config names section and key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "plan.h"
#include "testutil.h"

static void test_default_plan(void **state)
{
    (void)state;
    qtr_plan *p = NULL;
    qtr_error err;
    assert_int_equal(qtr_plan_load("config/lanzhou-2025.ini", &p, &err), QTR_OK);
    assert_string_equal(p->id, "lanzhou-2025");
    assert_int_equal(p->nindicators, 11);
    assert_int_equal(p->nunits, 12);
    assert_string_equal(p->indicators[6].id, "hightech");
    assert_int_equal(p->indicators[6].cmp, QTR_CMP_GT);
    assert_true(p->indicators[6].target == 1300);
    assert_true(p->indicators[7].target == 135);
    assert_string_equal(p->indicators[7].unit, "亿元");
    /* 措施14's two rates of 100%: ratios in % (1 = 100%) of two stock series each */
    assert_string_equal(p->indicators[9].id, "bank_docking");
    assert_int_equal(p->indicators[9].kind, QTR_KIND_RATIO);
    assert_string_equal(p->indicators[9].unit, "%");
    assert_true(p->indicators[9].target == 1);
    assert_string_equal(p->series[p->indicators[9].denominator].id, "database_enterprises");
    assert_string_equal(p->indicators[10].id, "credit_granting");
    assert_string_equal(p->series[p->indicators[10].series].id, "credited_enterprises");
    assert_int_equal(qtr_plan_find_unit(p, "高新区", strlen("高新区")), 9);
    assert_int_equal(qtr_plan_find_unit(p, "兰州高新技术产业开发区", strlen("兰州高新技术产业开发区")), 9);
    assert_int_equal(qtr_plan_find_unit(p, "市直", strlen("市直")), 11);
    assert_true(qtr_plan_is_total(p, "合计", strlen("合计")));
    assert_true(p->warn == 0.10);
    qtr_plan_free(p);
}

/* The one unit a file's path names (rejects.csv `unit` of a file no row names a unit for). */
static void test_unit_in_path(void **state)
{
    (void)state;
    qtr_plan *p = NULL;
    qtr_error err;
    assert_int_equal(qtr_plan_load("config/lanzhou-2025.ini", &p, &err), QTR_OK);
    assert_int_equal(qtr_plan_unit_in_path(p, "2025/七里河区2025Q3.csv"), 1);
    assert_int_equal(qtr_plan_unit_in_path(p, "2025/城关区/三季度.csv"), 0);
    assert_int_equal(qtr_plan_unit_in_path(p, "城关区/城关区Q3.csv"), 0);   /* twice, the same unit */
    assert_int_equal(qtr_plan_unit_in_path(p, "市直报表.csv"), 11);          /* an alias */
    assert_int_equal(qtr_plan_unit_in_path(p, "兰州高新区2025.csv"), 9);     /* 高新区 is within it */
    assert_int_equal(qtr_plan_unit_in_path(p, "兰州 高新区.csv"), 9);        /* blanks ignored */
    assert_int_equal(qtr_plan_unit_in_path(p, "兰州高新技术产业开发区.csv"), 9);
    assert_int_equal(qtr_plan_unit_in_path(p, "2025-Q2-高新区.csv"), 9);
    assert_int_equal(qtr_plan_unit_in_path(p, "新区与七里河区.csv"), -1);    /* two units */
    assert_int_equal(qtr_plan_unit_in_path(p, "城关区/七里河区.csv"), -1);   /* folder and file disagree */
    assert_int_equal(qtr_plan_unit_in_path(p, "2025Q3.csv"), -1);
    assert_int_equal(qtr_plan_unit_in_path(p, "城关.csv"), -1);              /* part of a name is no name */
    assert_int_equal(qtr_plan_unit_in_path(p, ""), -1);
    char longname[600];
    memset(longname, 'a', sizeof longname - 20);
    strcpy(longname + sizeof longname - 20, "城关区.csv");
    assert_int_equal(qtr_plan_unit_in_path(p, longname), -1); /* longer than a file name can be */
    assert_int_equal(qtr_plan_unit_in_path(p, longname + 400), 0);
    qtr_plan_free(p);
    /* a Latin alias stands apart from other letters and digits */
    char text[4096];
    const char *pos = strstr(TEST_PLAN, "[aliases]\n甲 = 甲区\n");
    assert_non_null(pos);
    snprintf(text, sizeof text, "%.*s[aliases]\n甲 = 甲区\nGX = 乙区\nC = 丙县\n%s", (int)(pos - TEST_PLAN), TEST_PLAN,
             pos + strlen("[aliases]\n甲 = 甲区\n"));
    const char *path = write_temp(text, strlen(text), 2);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    unlink(path);
    assert_int_equal(qtr_plan_unit_in_path(p, "gx-2025Q3.csv"), 1);
    assert_int_equal(qtr_plan_unit_in_path(p, "报表GX.csv"), 1);
    assert_int_equal(qtr_plan_unit_in_path(p, "gxq.csv"), -1);
    assert_int_equal(qtr_plan_unit_in_path(p, "2025gx.csv"), -1);
    assert_int_equal(qtr_plan_unit_in_path(p, "甲.csv"), -1);     /* one Chinese character: too short to tell */
    assert_int_equal(qtr_plan_unit_in_path(p, "甲区.csv"), 0);
    assert_int_equal(qtr_plan_unit_in_path(p, "data-c.csv"), -1); /* one Latin letter neither */
    qtr_plan_free(p);
}

/* Loads TEST_PLAN with `from` replaced by `to`; expects a config error naming section/key. */
static void expect_error(const char *from, const char *to, const char *section, const char *key,
                         const char *why)
{
    char text[4096];
    const char *pos = strstr(TEST_PLAN, from);
    assert_non_null(pos);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(pos - TEST_PLAN), TEST_PLAN, to, pos + strlen(from));
    const char *path = write_temp(text, strlen(text), 2);
    qtr_plan *p = NULL;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    unlink(path);
    assert_null(p);
    if (strcmp(err.section, section) != 0 || strcmp(err.key, key) != 0 || !strstr(err.message, why))
        fail_msg("got [%s] %s: %s", err.section, err.key, err.message);
    assert_int_equal(qtr_exit_code(err.status), 78);
}

static void test_bad_configs(void **state)
{
    (void)state;
    expect_error("id = test-2025\n", "", "plan", "id", "missing");
    expect_error("id = test-2025\n", "id = Bad Id\n", "plan", "id", "not a valid id");
    expect_error("start_year = 2025\n", "start_year = twenty\n", "plan", "start_year", "not a number");
    expect_error("start_year = 2025\n", "start_year = 2025\nend_year = 2024\n", "plan", "end_year", "before");
    expect_error("kind = flow\ntarget = 100", "kind = flux\ntarget = 100", "indicator.demands", "kind", "unknown kind");
    expect_error("target = 100", "target = -5", "indicator.demands", "target", "positive");
    expect_error("target = 100", "target = 0", "indicator.demands", "target", "positive");
    expect_error("target = 100", "target = abc", "indicator.demands", "target", "not a number");
    expect_error("target = 100", "target = 10..15", "indicator.demands", "target", "comparator = range");
    expect_error("unit = 个", "unit = 吨", "indicator.demands", "unit", "unknown unit");
    expect_error("unit_targets = 甲区:60", "unit_targets = 火星:60", "indicator.demands", "unit_targets", "roster");
    expect_error("甲 = 甲区", "甲 = 火星", "aliases", "甲", "roster");
    expect_error("roster = 甲区, 乙区, 丙县", "roster = 甲区, 乙区, 甲区", "units", "roster", "twice");
    expect_error("headers = 经纪人(名)", "headers = 需求(个)", "indicator.brokers", "headers", "also belongs");
    expect_error("indicators = demands, money, brokers, hightech", "indicators = demands, money, brokers",
                 "indicator.hightech", "", "not listed");
    expect_error("indicators = demands, money, brokers, hightech",
                 "indicators = demands, money, brokers, hightech, nosuch", "plan", "indicators", "no [indicator.nosuch]");
    expect_error("kind = flow\ntarget = 10\n", "kind = flow\nmilestones = 2025:5, 2031:8\n",
                 "indicator.money", "milestones", "outside the horizon");
    expect_error("kind = stock\ntarget = 90\n", "kind = ratio\ntarget = 90\nnumerator = x\n",
                 "indicator.brokers", "numerator", "no [series.x]");
    expect_error("start_year = 2025\n", "start_year = 2025\nlagging_threshold = 5\n", "plan",
                 "lagging_threshold", "fraction");
    expect_error("[aliases]", "[report]\nunit_files = some\n[aliases]", "report", "unit_files",
                 "not auto, all or none");
}

/* Loads TEST_PLAN with `from` replaced by `to`; expects a config error on `line`, naming
 * section and key, with `why` in its message (issue 15: configs that silently meant something
 * else). */
static void expect_at(const char *from, const char *to, long line, const char *section,
                      const char *key, const char *why)
{
    char text[4096];
    const char *pos = strstr(TEST_PLAN, from);
    assert_non_null(pos);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(pos - TEST_PLAN), TEST_PLAN, to, pos + strlen(from));
    const char *path = write_temp(text, strlen(text), 2);
    qtr_plan *p = NULL;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    unlink(path);
    assert_null(p);
    if (err.line != line || strcmp(err.file, path) != 0 || strcmp(err.section, section) != 0 ||
        strcmp(err.key, key) != 0 || !strstr(err.message, why))
        fail_msg("got %s:%ld: [%s] %s: %s", err.file, err.line, err.section, err.key, err.message);
}

static void test_config_structure(void **state)
{
    (void)state;
    /* TEST_PLAN: line 1 [plan], 5 start_year, 7 [units], 8 roster, 9 [aliases], 10 甲 = 甲区,
     * 11 [indicator.demands], 15 target = 100 */
    expect_at("target = 100\n", "target = 1500\ntarget = 15\n", 16, "indicator.demands", "target",
              "给了两次：第 15 行为「1500」，本行为「15」");
    expect_at("[indicator.money]", "[indicator.demands]\ntarget = 7\n[indicator.money]", 18,
              "indicator.demands", "", "出现两次（第 11 行已有）");
    expect_at("甲 = 甲区\n", "甲 = 甲区\n甲 = 乙区\n", 11, "aliases", "甲", "映射了两次");
    expect_at("甲 = 甲区\n", "甲 = 甲区\nX = 乙区\nx = 丙县\n", 12, "aliases", "x", "映射了两次");
    expect_at("target = 100\n", "target = 100\nbasline = 5\n", 16, "indicator.demands", "basline",
              "未知的键 basline");
    expect_at("start_year = 2025\n", "start_year = 2025\nmilestone = 2025:5\n", 6, "plan", "milestone",
              "id, name, region");
    expect_at("roster = 甲区, 乙区, 丙县\n", "roster = 甲区, 乙区, 丙县\nthis is junk\n", 9, "units", "",
              "无法识别这一行");
    expect_at("[plan]\n", "orphan = 1\n[plan]\n", 1, "", "orphan", "不在任何节中");
    expect_at("[units]", "[ ]\n[units]", 7, "", "", "节名为空");
    /* later errors name the line of their key (or of the section for a missing key) */
    expect_at("target = 100\n", "target = -100\n", 15, "indicator.demands", "target", "positive");
    expect_at("name = 需求\n", "", 11, "indicator.demands", "name", "missing");
    /* the first problem of the file is the one reported */
    expect_at("target = 100\n", "target = 1\ntarget = 2\nbasline = 3\n", 16, "indicator.demands",
              "target", "两次");
    /* [input] max_file_mb */
    expect_at("[units]", "[input]\nmax_file_mb = 0\n[units]", 8, "input", "max_file_mb", "1 到 2048");
    expect_at("[units]", "[input]\nmax_file_mb = 1.5\n[units]", 8, "input", "max_file_mb", "整数");

    /* accepted: quoted values keep ';' and '#'; [run] and [report] keys; a stage's unknown
     * section; max_file_mb; a continued line */
    char text[4096];
    snprintf(text, sizeof text, "%s[run]\ninput_dir = \"/srv/a #1;b\" ; a comment\noutput_dir = out\n"
             "[report]\nfont = Noto Sans CJK SC\nauthor = x\n[input]\nmax_file_mb = 3\n"
             "unit_headers = 填报单位, \\\n  单位\n[other-tool]\nanything = 1\n", TEST_PLAN);
    const char *path = write_temp(text, strlen(text), 2);
    qtr_plan *p = NULL;
    qtr_error err;
    if (qtr_plan_load(path, &p, &err) != QTR_OK)
        fail_msg("%s:%ld: [%s] %s: %s", err.file, err.line, err.section, err.key, err.message);
    assert_string_equal(qtr_plan_setting(p, "run", "input_dir"), "/srv/a #1;b");
    assert_int_equal(p->max_file_bytes, 3LL << 20);
    assert_int_equal(p->nunit_headers, 2);
    assert_string_equal(p->unit_headers[1], "单位");
    qtr_plan_free(p);
    unlink(path);
}

/* A config saved with a BOM: an error names the config itself, on the line a reader counts. */
static void test_bom_error_names_config(void **state)
{
    (void)state;
    char text[4096];
    const char *pos = strstr(TEST_PLAN, "target = 100\n");
    snprintf(text, sizeof text, "\xEF\xBB\xBF%.*starget = 100\ntarget = 100\n%s", (int)(pos - TEST_PLAN),
             TEST_PLAN, pos + strlen("target = 100\n"));
    const char *path = write_temp(text, strlen(text), 3);
    qtr_plan *p = NULL;
    qtr_error err;
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 16);
    assert_null(strstr(err.message, "/tmp/qtr-config-"));
    snprintf(text, sizeof text, "\xEF\xBB\xBF%sjunk line\n", TEST_PLAN);
    path = write_temp(text, strlen(text), 3);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 37);
    unlink(path);
}

static void test_file_level_problems(void **state)
{
    (void)state;
    qtr_plan *p = NULL;
    qtr_error err;
    assert_int_equal(qtr_plan_load("/nonexistent.ini", &p, &err), QTR_ERR_CONFIG);
    /* a UTF-8 BOM (Notepad) is accepted */
    char text[4096];
    snprintf(text, sizeof text, "\xEF\xBB\xBF%s", TEST_PLAN);
    const char *path = write_temp(text, strlen(text), 3);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    qtr_plan_free(p);
    unlink(path);
    /* a very long line is refused with its line number */
    char longline[3000];
    memset(longline, 'x', sizeof longline);
    snprintf(text, sizeof text, "%s; %.*s\n", TEST_PLAN, 2000, longline);
    path = write_temp(text, strlen(text), 3);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    assert_true(err.line > 20);
    unlink(path);
    /* invalid UTF-8 (a GBK-saved config) */
    path = write_temp("[plan]\nname = \xB1\xA8\n", 16, 3);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
    assert_non_null(strstr(err.message, "UTF-8"));
    unlink(path);
}

static void test_roster_file(void **state)
{
    (void)state;
    /* a roster too long for one INI line comes from a CSV next to the config */
    char dir[] = "/tmp/qtr-roster-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], ini[256];
    snprintf(path, sizeof path, "%s/roster.csv", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "name,aliases\n甲区,甲;甲地\n乙区,\n丙县,\"丙; 丙城\"\n");
    fclose(f);
    char text[4096];
    const char *pos = strstr(TEST_PLAN, "roster = 甲区, 乙区, 丙县\n");
    snprintf(text, sizeof text, "%.*sroster_file = roster.csv\n%s", (int)(pos - TEST_PLAN), TEST_PLAN,
             pos + strlen("roster = 甲区, 乙区, 丙县\n"));
    /* the [aliases] section of TEST_PLAN also says 甲 = 甲区: same unit, accepted */
    snprintf(ini, sizeof ini, "%s/plan.ini", dir);
    f = fopen(ini, "w");
    fputs(text, f);
    fclose(f);
    qtr_plan *p = NULL;
    qtr_error err;
    qtr_status st = qtr_plan_load(ini, &p, &err);
    if (st != QTR_OK)
        fail_msg("%s [%s] %s", err.message, err.section, err.key);
    assert_int_equal(p->nunits, 3);
    assert_int_equal(qtr_plan_find_unit(p, "丙城", strlen("丙城")), 2);
    assert_int_equal(qtr_plan_find_unit(p, "甲地", strlen("甲地")), 0);
    assert_int_equal(qtr_plan_find_unit(p, " 乙区 ", strlen(" 乙区 ")), 1);
    assert_int_equal(qtr_plan_find_unit(p, "丁", strlen("丁")), -1);
    /* the file is recorded for inputs.csv; three units get their own files ([report] unit_files = auto) */
    assert_int_equal(p->nfiles, 1);
    assert_string_equal(p->files[0].role, "roster");
    assert_string_equal(p->files[0].path, path);
    assert_int_equal(p->unit_files, 1);
    qtr_plan_free(p);
    /* auto: up to QTR_UNIT_FILES_AUTO units, not beyond; all and none say so whatever the size */
    for (int n = QTR_UNIT_FILES_AUTO; n <= QTR_UNIT_FILES_AUTO + 1; n++) {
        f = fopen(path, "w");
        fprintf(f, "name,aliases\n甲区,\n乙区,\n丙县,\n");
        for (int i = 3; i < n; i++)
            fprintf(f, "单位%d,\n", i);
        fclose(f);
        for (int mode = 0; mode < 3; mode++) {
            static const char *const modes[] = {"", "[report]\nunit_files = all\n", "[report]\nunit_files = none\n"};
            const char *at = strstr(text, "[aliases]");
            f = fopen(ini, "w");
            fprintf(f, "%.*s%s%s", (int)(at - text), text, modes[mode], at);
            fclose(f);
            st = qtr_plan_load(ini, &p, &err);
            if (st != QTR_OK)
                fail_msg("%s [%s] %s", err.message, err.section, err.key);
            assert_int_equal(p->nunits, (size_t)n);
            assert_int_equal(p->unit_files, mode == 0 ? n <= QTR_UNIT_FILES_AUTO : mode == 1);
            qtr_plan_free(p);
        }
    }
    f = fopen(ini, "w");
    fputs(text, f);
    fclose(f);
    /* an alias naming a second unit is refused */
    f = fopen(path, "w");
    fprintf(f, "name,aliases\n甲区,乙区\n乙区,\n丙县,\n");
    fclose(f);
    assert_int_equal(qtr_plan_load(ini, &p, &err), QTR_ERR_CONFIG);
    assert_non_null(strstr(err.message, "names two units"));
    unlink(path);
    unlink(ini);
    rmdir(dir);
}

static void test_year_target(void **state)
{
    (void)state;
    qtr_indicator ind;
    memset(&ind, 0, sizeof ind);
    qtr_milestone m[2] = {{2017, 5}, {2020, 7.5}};
    ind.kind = QTR_KIND_FLOW;
    ind.milestones = m;
    ind.nmilestones = 2;
    ind.target = 7.5;
    /* docs/formulas.md, Target in force: 2018 = 5 + 2.5 * 1/3 = 5.8333; 2019 = 6.6667 */
    assert_true(fabs(qtr_plan_year_target(&ind, 2018) - (5 + 2.5 / 3)) < 1e-12);
    assert_true(fabs(qtr_plan_year_target(&ind, 2019) - (5 + 2.5 * 2 / 3)) < 1e-12);
    assert_true(qtr_plan_year_target(&ind, 2017) == 5);
    assert_true(isnan(qtr_plan_year_target(&ind, 2016))); /* before the first milestone: none */
    assert_true(qtr_plan_year_target(&ind, 2021) == 7.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_plan), cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_file_level_problems), cmocka_unit_test(test_year_target),
        cmocka_unit_test(test_roster_file), cmocka_unit_test(test_unit_in_path), cmocka_unit_test(test_config_structure),
        cmocka_unit_test(test_bom_error_names_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
