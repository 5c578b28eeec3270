/* Unit tests of ingest*.c: header matching with units, rows, cells, totals, duplicates,
 * year-to-date, long-format facts, baseline warnings and period choice. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ingest.h"
#include "testutil.h"

static qtr_plan *load(const char *text)
{
    qtr_plan *p = NULL;
    qtr_error err;
    const char *path = write_temp(text, strlen(text), 0);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    unlink(path);
    return p;
}

static qtr_ingest *ingest(qtr_plan *plan, const char *text, const char *name)
{
    qtr_ingest *ing = qtr_ingest_new(plan);
    assert_non_null(ing);
    assert_int_equal(qtr_ingest_bytes(ing, text, strlen(text), name), QTR_OK);
    return ing;
}

/* The facts qtr_ingest_finish kept, collected through its callback. */
static qtr_fact_out kept[256];
static size_t nkept;

static void collect(void *ctx, const qtr_fact_out *f)
{
    (void)ctx;
    if (nkept < 256)
        kept[nkept++] = *f;
}

/* Finishes the ingest (duplicates, year-to-date, period) and returns its status. */
static qtr_status finish(qtr_ingest *ing, qtr_period requested)
{
    qtr_error err;
    nkept = 0;
    ing->on_fact = collect;
    return qtr_ingest_finish(ing, requested, NULL, &err);
}

/* The kept fact of (unit, series id, period) as text: "missing", "none" or the value. */
static const char *fact(const qtr_ingest *ing, const char *unit, const char *series, const char *per)
{
    static char buf[QTR_QTY_BUFSIZE];
    long u = qtr_plan_find_unit(ing->plan, unit, strlen(unit));
    long s = qtr_plan_find_series(ing->plan, series);
    qtr_period p = qtr_period_parse(per, strlen(per));
    for (size_t i = 0; i < nkept; i++) {
        const qtr_fact_out *f = &kept[i];
        if (f->unit == u && f->series == s && f->period == p)
            return f->missing ? "missing" : qtr_qty_format(f->value, buf);
    }
    return "none";
}

/* A finding at that line and column with that severity and code (docs/formats.md). */
static int has_reject(const qtr_ingest *ing, long line, const char *column, qtr_severity sev,
                      const char *why)
{
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        if (r->line == line && strcmp(r->column_name, column) == 0 && r->severity == sev &&
            strcmp(r->code, why) == 0)
            return 1;
    }
    return 0;
}

static void test_headers_units_and_cells(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    /* full-width brackets and blanks in headers; 亿元 column converts; unknown unit column
     * rejected once; unmapped column listed once; header without unit ok for a count */
    const char *csv = "报告期, 填报单位 ,需求 数（个）,成交额(亿元),经纪人(吨),备注,需求\n"
                      "2025Q1,甲区,10,1.5,3,note,\n"
                      "2025年第一季度,　乙区　,\"1,234\",—,4,,\n"
                      "2025Q1,丙县,约100,0,5,\"=HYPERLINK(\"\"x\"\")\",\n";
    qtr_ingest *ing = ingest(plan, csv, "2025/a.csv");
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "10");
    assert_string_equal(fact(ing, "乙区", "demands", "2025Q1"), "1234");
    assert_string_equal(fact(ing, "甲区", "money", "2025Q1"), "1.5");
    assert_string_equal(fact(ing, "乙区", "money", "2025Q1"), "missing");
    assert_string_equal(fact(ing, "丙县", "money", "2025Q1"), "0");
    /* 约100 is rejected; the second 需求 column reports it blank */
    assert_string_equal(fact(ing, "丙县", "demands", "2025Q1"), "missing");
    assert_true(has_reject(ing, 4, "需求 数（个）", QTR_SEV_ERROR, "not_a_number"));
    /* what the clerk reads: the cell, what to write, the row's unit and quarter */
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        if (r->line != 4 || strcmp(r->code, "not_a_number") != 0)
            continue;
        assert_string_equal(r->reason, "「约100」不是数字：请填写准确数字；未报送请留空或填“—”（本格按未报送处理）");
        assert_int_equal(r->unit, qtr_plan_find_unit(plan, "丙县", strlen("丙县")));
        assert_int_equal(r->period, qtr_period_make(2025, 1));
    }
    assert_true(has_reject(ing, 1, "经纪人(吨)", QTR_SEV_ERROR, "header_unknown_unit"));
    assert_true(has_reject(ing, 1, "备注", QTR_SEV_WARNING, "column_unknown"));
    assert_string_equal(fact(ing, "甲区", "brokers", "2025Q1"), "none");
    /* the second 需求 column (no unit) maps to demands too: its empty cells are duplicates
     * "not reported" of the values, noted and dropped */
    assert_true(has_reject(ing, 2, "需求", QTR_SEV_WARNING, "duplicate_blank"));
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_money_without_unit_and_wrong_family(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = ingest(plan, "报告期,填报单位,成交额,需求数(万元)\n2025Q1,甲区,5,6\n", "x.csv");
    assert_true(has_reject(ing, 1, "成交额", QTR_SEV_ERROR, "header_no_unit"));
    assert_true(has_reject(ing, 1, "需求数(万元)", QTR_SEV_ERROR, "header_wrong_unit"));
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_ERR_NODATA);
    assert_int_equal(nkept, 0);
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static size_t errors_of(const qtr_ingest *ing)
{
    size_t n = 0;
    for (size_t i = 0; i < ing->nrejects; i++)
        n += ing->rejects[i].severity == QTR_SEV_ERROR;
    return n;
}

/* Counts are whole numbers (3.5 家 is a typing error); money may have decimals; 3.0 is 3. */
static void test_counts_are_whole(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    const char *csv = "报告期,填报单位,需求数(个),成交额(万元),高企(家)\n"
                      "2025Q1,甲区,3.5,1.25,7.0\n"
                      "2025Q1,乙区,4,0.5,1e1\n"
                      "2025Q1,丙县,３．５,1,1\n"; /* full-width digits and point */
    qtr_ingest *ing = ingest(plan, csv, "2025/c.csv");
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "none");
    assert_true(has_reject(ing, 2, "需求数(个)", QTR_SEV_ERROR, "not_whole"));
    assert_string_equal(fact(ing, "甲区", "money", "2025Q1"), "0.000125");
    assert_string_equal(fact(ing, "甲区", "hightech", "2025Q1"), "7");
    assert_string_equal(fact(ing, "乙区", "demands", "2025Q1"), "4");
    assert_string_equal(fact(ing, "乙区", "hightech", "2025Q1"), "10");
    assert_true(has_reject(ing, 4, "需求数(个)", QTR_SEV_ERROR, "not_whole"));
    assert_int_equal(errors_of(ing), 2);
    /* and one warning per stock: no unit reported its baseline quarter (2024Q4), so the stock
     * has no baseline; a finding about the data as a whole (no source, line or column) */
    assert_int_equal(ing->nrejects, 4);
    static const char *const stocks[] = {"经纪人", "高企"};
    for (size_t k = 0; k < 2; k++) {
        char want[400];
        snprintf(want, sizeof want, "没有单位报送%s的2024Q4（基数季度）：这项存量指标没有基数，"
                 "进度按完成率计；请补报2024Q4的数，或在配置中写明 baseline", stocks[k]);
        size_t found = 0;
        for (size_t i = 0; i < ing->nrejects; i++) {
            const qtr_reject *r = &ing->rejects[i];
            if (r->severity == QTR_SEV_WARNING && strcmp(r->reason, want) == 0) {
                found++;
                assert_int_equal(r->source, -1);
                assert_int_equal(r->line, 0);
                assert_string_equal(r->column_name, "");
                assert_string_equal(r->raw, "");
                assert_int_equal(r->period, qtr_period_make(2024, 4));
                assert_int_equal(r->unit, -1);
                assert_string_equal(r->code, "no_baseline");
            }
        }
        if (found != 1)
            fail_msg("warning \"%s\" found %zu times", want, found);
    }
    qtr_ingest_free(ing);
    /* population in 万人 (the denominator of a per-10,000 ratio) keeps its decimals */
    qtr_plan *gansu = load("[plan]\nid = g\nname = G\nregion = 甘肃省\nstart_year = 2016\n"
                           "end_year = 2020\nindicators = ppl\n[units]\nroster = 兰州市\n"
                           "[series.patents]\nname = 专利\nunit = 件\nkind = stock\n"
                           "headers = 发明专利(件)\n"
                           "[series.population]\nname = 人口\nunit = 万人\nkind = stock\n"
                           "headers = 常住人口(万人)\n"
                           "[indicator.ppl]\nname = 每万人发明专利\nunit = 件\nkind = ratio\n"
                           "numerator = patents\ndenominator = population\ntarget = 3\n");
    ing = ingest(gansu, "报告期,填报单位,发明专利(件),常住人口(万人)\n2016Q1,兰州市,1200,375.25\n",
                 "2016/g.csv");
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_string_equal(fact(ing, "兰州市", "population", "2016Q1"), "375.25");
    assert_int_equal(errors_of(ing), 0);
    qtr_ingest_free(ing);
    qtr_plan_free(gansu);
    qtr_plan_free(plan);
}

static void test_rows(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    const char *csv = "报告期,填报单位,需求数(个)\n"
                      ",甲区,1\n"               /* empty period */
                      "2025Q9,甲区,1\n"          /* bad period */
                      "2025Q1,火星区,1\n"        /* unknown unit */
                      "2025Q1,甲区\n"            /* too few fields */
                      ",,\n"                     /* all empty: skipped */
                      ",,,,\n"                   /* all empty, any width: skipped */
                      "2025Q1,甲,7\n";           /* alias */
    qtr_ingest *ing = ingest(plan, csv, "r.csv");
    assert_true(has_reject(ing, 2, "报告期", QTR_SEV_ERROR, "period_empty"));
    assert_true(has_reject(ing, 3, "报告期", QTR_SEV_ERROR, "period_invalid"));
    assert_true(has_reject(ing, 4, "填报单位", QTR_SEV_ERROR, "unit_unknown"));
    assert_true(has_reject(ing, 5, "", QTR_SEV_ERROR, "field_count"));
    assert_int_equal(ing->nrejects, 4);
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "7");
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_period_from_file_name(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = ingest(plan, "填报单位,需求数(个)\n甲区,3\n", "2025/2025年第二季度-甲区.csv");
    finish(ing, QTR_PERIOD_NONE);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q2"), "3");
    qtr_ingest_free(ing);
    ing = ingest(plan, "填报单位,需求数(个)\n甲区,3\n", "nodate.csv");
    assert_true(has_reject(ing, 2, "", QTR_SEV_ERROR, "period_missing"));
    qtr_ingest_free(ing);
    /* the column wins over the file name */
    ing = ingest(plan, "报告期,填报单位,需求数(个)\n2025Q3,甲区,3\n", "2025Q1.csv");
    finish(ing, QTR_PERIOD_NONE);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q3"), "3");
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_totals(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = ingest(plan, "报告期,填报单位,需求数(个),成交额(万元)\n"
                                   "2025Q1,甲区,1,\"10,000\"\n2025Q1,乙区,2,5000\n"
                                   "2025Q1,合计,3,15000.5\n", "t.csv");
    /* counts agree: no warning; money differs by 0.5 万元: one warning */
    assert_false(has_reject(ing, 4, "需求数(个)", QTR_SEV_WARNING, "total_mismatch"));
    assert_true(has_reject(ing, 4, "成交额(万元)", QTR_SEV_WARNING, "total_mismatch"));
    assert_int_equal(ing->nrejects, 1);
    assert_int_equal(ing->total_rows, 1);
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_duplicates(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = qtr_ingest_new(plan);
    const char *a = "报告期,填报单位,需求数(个),成交额(万元)\n2025Q1,甲区,5,10000\n2025Q1,乙区,1,1\n";
    const char *b = "报告期,填报单位,需求数(个),成交额(亿元)\n2025Q1,甲区,5,1\n2025Q1,乙区,2,\n";
    assert_int_equal(qtr_ingest_bytes(ing, a, strlen(a), "a.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, b, strlen(b), "b.csv"), QTR_OK);
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    /* identical after unit conversion (10000 万元 = 1 亿元): kept once, warning */
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "5");
    assert_string_equal(fact(ing, "甲区", "money", "2025Q1"), "1");
    /* conflicting: both rejected, never summed */
    assert_string_equal(fact(ing, "乙区", "demands", "2025Q1"), "none");
    assert_int_equal(qtr_ingest_count(ing, QTR_SEV_ERROR), 2);
    /* a value and a blank: the value stands */
    assert_string_equal(fact(ing, "乙区", "money", "2025Q1"), "0.0001");
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_ytd_and_long_format(void **state)
{
    (void)state;
    char text[sizeof TEST_PLAN + 64];
    snprintf(text, sizeof text, "%s", TEST_PLAN);
    /* demands reported year-to-date */
    char *pos = strstr(text, "headers = 需求数(个), 需求(个)\n");
    memmove(pos + 12, pos, strlen(pos) + 1);
    memcpy(pos, "basis = ytd\n", 12);
    qtr_plan *plan = load(text);
    qtr_ingest *ing = ingest(plan, "报告期,填报单位,需求数(个)\n2025Q1,甲区,10\n2025Q2,甲区,25\n"
                                   "2025Q3,甲区,20\n2025Q3,乙区,7\n", "y.csv");
    const char *lf = "period,unit,indicator,value,source,line\n2025Q1,乙区,money,2.5,x,1\n"
                     "2025Q1,丙县,nosuch,1,x,2\n";
    assert_int_equal(qtr_ingest_bytes(ing, lf, strlen(lf), "long.csv"), QTR_OK);
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "10");
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q2"), "15");
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q3"), "-5"); /* decrease: flagged */
    assert_true(has_reject(ing, 4, "需求数(个)", QTR_SEV_WARNING, "ytd_decrease"));
    assert_string_equal(fact(ing, "乙区", "demands", "2025Q3"), "7"); /* Q1, Q2 missing */
    assert_string_equal(fact(ing, "乙区", "money", "2025Q1"), "2.5");
    assert_true(has_reject(ing, 3, "indicator", QTR_SEV_ERROR, "indicator_unknown"));
    assert_int_equal(ing->period, qtr_period_make(2025, 3));
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_period_choice_and_baselines(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = ingest(plan, "报告期,填报单位,经纪人(名),需求数(个)\n2024Q4,甲区,10,\n"
                                   "2025Q2,乙区,5,\n2026Q1,甲区,1,1\n2025Q3,丙县,,\n", "b.csv");
    /* 2026Q1 is outside the horizon; 2025Q3 has only a blank: latest with a value is 2025Q2 */
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_int_equal(ing->period, qtr_period_make(2025, 2));
    /* 乙区 takes its first 2025 value as baseline; 丙县 has none */
    int base_b = 0, base_c = 0;
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        base_b |= strcmp(r->code, "baseline_first_value") == 0 &&
                  strcmp(r->reason, "乙区没有经纪人的2024Q4（基数季度）：以其首次报送的 2025Q2 的数为基数；"
                                    "请补报2024Q4的数") == 0;
        base_c |= strcmp(r->code, "no_baseline_unit") == 0 &&
                  strcmp(r->reason, "丙县没有经纪人的2024Q4（基数季度），之后也没有报送：没有基数；"
                                    "请补报2024Q4的数") == 0;
    }
    assert_true(base_b);
    assert_true(base_c);
    qtr_ingest_free(ing);
    ing = ingest(plan, "报告期,填报单位,需求数(个)\n2025Q1,甲区,1\n", "c.csv");
    assert_int_equal(finish(ing, qtr_period_make(2025, 2)), QTR_ERR_NODATA);
    qtr_ingest_free(ing);
    ing = ingest(plan, "报告期,填报单位,需求数(个)\n2025Q1,甲区,1\n", "c.csv");
    assert_int_equal(finish(ing, qtr_period_make(2024, 4)), QTR_ERR_USAGE);
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_spill_keeps_order_and_results(void **state)
{
    (void)state;
    /* with a memory bound of 2 facts every file's facts are spilled to temporary files:
     * the results (duplicates across files, year-to-date, order) must not change */
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = qtr_ingest_new(plan);
    ing->memory_limit = 2;
    const char *a = "报告期,填报单位,需求数(个)\n2025Q1,甲区,5\n2024Q4,乙区,1\n2025Q1,乙区,2\n";
    const char *b = "报告期,填报单位,需求数(个)\n2025Q1,甲区,5\n2025Q2,乙区,3\n2025Q1,乙区,9\n";
    assert_int_equal(qtr_ingest_bytes(ing, a, strlen(a), "a.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, b, strlen(b), "b.csv"), QTR_OK);
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_int_equal(nkept, 3);                   /* 2024Q4 乙区; 2025Q1 甲区 once; 2025Q2 乙区 */
    assert_int_equal(kept[0].period, qtr_period_make(2024, 4)); /* years ascending */
    assert_string_equal(fact(ing, "甲区", "demands", "2025Q1"), "5");
    assert_string_equal(fact(ing, "乙区", "demands", "2025Q1"), "none"); /* 2 vs 9: conflict */
    assert_int_equal(ing->period, qtr_period_make(2025, 2));
    assert_int_equal(qtr_ingest_count(ing, QTR_SEV_ERROR), 2);
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

static void test_bad_files(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = qtr_ingest_new(plan);
    assert_int_equal(qtr_ingest_bytes(ing, "", 0, "empty.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, "a\xFF,b\n", 5, "junk.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, "x,y\n1,2\n", 8, "nounit.csv"), QTR_OK);
    const char *head = "报告期,填报单位,需求数(个)\n";
    assert_int_equal(qtr_ingest_bytes(ing, head, strlen(head), "head.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_file(ing, "/nonexistent/q.csv", "q.csv"), QTR_OK);
    assert_int_equal(ing->facts_read, 0);
    assert_int_equal(qtr_ingest_count(ing, QTR_SEV_ERROR), 3);   /* decode, no unit col, unreadable */
    /* empty file, header only, and the two unmapped columns x and y */
    assert_int_equal(qtr_ingest_count(ing, QTR_SEV_WARNING), 4);
    assert_true(strstr(ing->rejects[1].reason, "文件第 1 字节处") != NULL);
    assert_string_equal(ing->rejects[1].code, "file_undecodable");
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

/* The unit of the first reject of source `name` with that code (-9: none such). */
static int unit_of(const qtr_ingest *ing, const char *name, const char *code)
{
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        if (r->source >= 0 && strcmp(ing->sources[r->source], name) == 0 && strcmp(r->code, code) == 0)
            return r->unit;
    }
    return -9;
}

/* A problem no row gives a unit, in a file whose path names one unit and whose rows name no
 * other: that unit's (docs/formats.md, rejects.csv unit). */
static void test_units_from_paths(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_ingest *ing = qtr_ingest_new(plan);
    const char *own = "报告期,填报单位,需求数(个)\n2025Q1,乙区,5\n2025Q1,,6\n";
    const char *two = "报告期,填报单位,需求数(个)\n2025Q1,甲区,5\n2025Q1,丙县,4\n2025Q1,,6\n";
    assert_int_equal(qtr_ingest_bytes(ing, "", 0, "乙区/empty.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, "a\xFF,b\n", 5, "丙县报表.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, "", 0, "甲区与乙区.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, own, strlen(own), "乙区补报.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_bytes(ing, two, strlen(two), "甲区.csv"), QTR_OK);
    const char *other = "报告期,填报单位,需求数(个)\n2025Q1,丙县,4\n2025Q1,,6\n";
    assert_int_equal(qtr_ingest_bytes(ing, other, strlen(other), "甲区补报.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_file(ing, "/nonexistent/乙区.csv", "乙区.csv"), QTR_OK);
    assert_int_equal(qtr_ingest_note_path(ing, "丙县/~$a.csv", QTR_SEV_WARNING, "lock_file", "锁文件"), QTR_OK);
    assert_int_equal(unit_of(ing, "乙区/empty.csv", "file_empty"), -1); /* not before the finish */
    assert_int_equal(finish(ing, QTR_PERIOD_NONE), QTR_OK);
    assert_int_equal(unit_of(ing, "乙区/empty.csv", "file_empty"), 1);          /* its folder */
    assert_int_equal(unit_of(ing, "丙县报表.csv", "file_undecodable"), 2);      /* its name */
    assert_int_equal(unit_of(ing, "甲区与乙区.csv", "file_empty"), -1);         /* two units */
    assert_int_equal(unit_of(ing, "乙区补报.csv", "unit_empty"), 1);            /* rows of 乙区 only */
    assert_int_equal(unit_of(ing, "甲区.csv", "unit_empty"), -1);               /* rows of 丙县 too */
    assert_int_equal(unit_of(ing, "甲区补报.csv", "unit_empty"), -1);           /* rows of 丙县 only */
    assert_int_equal(unit_of(ing, "乙区.csv", "file_unreadable"), -1);         /* the folder's problem */
    assert_int_equal(unit_of(ing, "丙县/~$a.csv", "lock_file"), -1);            /* a scan's note */
    qtr_ingest_free(ing);
    qtr_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_units_and_cells),
        cmocka_unit_test(test_money_without_unit_and_wrong_family),
        cmocka_unit_test(test_counts_are_whole),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_period_from_file_name),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_ytd_and_long_format),
        cmocka_unit_test(test_period_choice_and_baselines),
        cmocka_unit_test(test_spill_keeps_order_and_results),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_units_from_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
