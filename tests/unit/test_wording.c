/* Unit tests of what people read for each kind of target (words.c on rows of progress.c):
 * implied yearly targets and their derivation, a missing base year with the milestone for
 * reference, a range exceeded from its upper bound, a strict '>' gap to T + 1, whole counts on
 * pace (262.5 -> 263), a coverage judged from its baseline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "progress.h"
#include "testutil.h"
#include "words.h"

static qtr_plan *load(const char *text)
{
    qtr_plan *p = NULL;
    qtr_error err;
    const char *path = write_temp(text, strlen(text), 1);
    qtr_status st = qtr_plan_load(path, &p, &err);
    unlink(path);
    if (st != QTR_OK)
        fail_msg("%s", err.message);
    return p;
}

static void put(qtr_values *v, const char *unit, const char *series, const char *per, const char *value)
{
    long u = qtr_plan_find_unit(v->plan, unit, strlen(unit));
    long s = qtr_plan_find_series(v->plan, series);
    assert_true(u >= 0 && s >= 0);
    qtr_qty q = 0;
    assert_int_equal(qtr_qty_from_decimal(value, &q), 0);
    qtr_values_set(v, (int)u, (int)s, qtr_period_parse(per, strlen(per)), 0, q);
}

static qtr_progress_row row(const qtr_values *v, const char *ind, const char *per)
{
    qtr_progress_row r;
    qtr_progress_compute(v, -1, (int)qtr_plan_find_indicator(v->plan, ind), qtr_period_parse(per, strlen(per)), &r);
    return r;
}

static const qtr_indicator *indicator(const qtr_plan *plan, const char *id)
{
    return &plan->indicators[qtr_plan_find_indicator(plan, id)];
}

typedef enum { SUMMARY, DETAIL, NO_STATUS } what;

/* The sentence `w` of indicator id's region row at per. */
static void says(const qtr_values *v, const char *id, const char *per, what w, const char *want)
{
    qtr_progress_row r = row(v, id, per);
    const qtr_indicator *ind = indicator(v->plan, id);
    qtr_buf b = {0};
    qtr_status st = w == SUMMARY  ? qtr_words_summary(ind, &r, &b)
                    : w == DETAIL ? qtr_words_detail(ind, &r, qtr_period_quarter(r.period), 0, &b)
                                  : qtr_words_no_status(v->plan, ind, -1, &r, r.period, &b);
    assert_int_equal(st, QTR_OK);
    if (strcmp(qtr_buf_str(&b), want) != 0)
        fail_msg("%s %s:\n  got  '%s'\n  want '%s'", id, per, qtr_buf_str(&b), want);
    qtr_buf_free(&b);
}

static const char IMPLIED[] =
    "[plan]\nid = i\nname = i\nregion = r\nstart_year = 2024\nend_year = 2025\n"
    "indicators = lin, grow, nobase\n[units]\nroster = 甲\n"
    "[indicator.lin]\nname = 线\nunit = 项\nkind = flow\nmilestones = 2025:20\nbase = 10\nheaders = 线(项)\n"
    "[indicator.grow]\nname = 增\nunit = 项\nkind = flow\nmilestones = 2025:20\nbase = 10\npath = growth\n"
    "headers = 增(项)\n"
    "[indicator.nobase]\nname = 额\nunit = 亿元\nkind = flow\nmilestones = 2025:200\nheaders = 额(亿元)\n";

static void test_implied(void **state)
{
    (void)state;
    qtr_plan *plan = load(IMPLIED);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 1));
    put(v, "甲", "lin", "2024Q2", "7");
    put(v, "甲", "grow", "2024Q2", "7");
    put(v, "甲", "nobase", "2024Q2", "92.3");
    /* linear: 10 + (20 - 10) × 1/2 = 15; E = 7.5 -> 8 (a whole count on pace) */
    says(v, "lin", "2024Q2", SUMMARY, "7 / 15 项，完成 46.7%，低于序时进度 3.3 个百分点");
    says(v, "lin", "2024Q2", DETAIL, "本年目标按直线推算（2025年目标 20 项）；按序时应达 8 项，距目标尚差 8 项，"
                                     "第三至第四季度每季需完成 4 项；按当前进度年末预计 14 项");
    /* growth: 10 × √2 = 14.142; a count's target in force is the whole number that meets it,
     * 15, and the completion is on 15 (7 / 15 = 46.7%, not 49.5% of 14.142); the rate from 15 to
     * 20 in a year: 33.3% (docs/formulas.md, a count's target is a whole number) */
    qtr_progress_row r = row(v, "grow", "2024Q2");
    assert_true(r.target == 15);
    assert_true(fabs(r.completion - 7.0 / 15) < 1e-12);
    says(v, "grow", "2024Q2", SUMMARY, "7 / 15 项，完成 46.7%，低于序时进度 3.3 个百分点");
    says(v, "grow", "2024Q2", DETAIL, "本年目标按年均增长 33.3% 推算（2025年目标 20 项）；按序时应达 8 项，"
                                      "距目标尚差 8 项，第三至第四季度每季需完成 4 项；按当前进度年末预计 14 项");
    /* no base year: why, and the milestone for reference — never an empty target or 0% */
    says(v, "nobase", "2024Q2", SUMMARY, "实际 92.30 亿元");
    says(v, "nobase", "2024Q2", NO_STATUS, "缺少2023年全年数据，无法推算本年目标；2025年目标 200.00 亿元");
    /* an implied target met says how it was derived too: 16 of 15 is not 16 of the plan's 20 */
    put(v, "甲", "lin", "2024Q3", "9");
    says(v, "lin", "2024Q3", DETAIL, "本年目标按直线推算（2025年目标 20 项）；已超出目标 1 项");
    /* in the milestone's year: the milestone itself, nothing implied */
    put(v, "甲", "lin", "2025Q1", "6");
    says(v, "lin", "2025Q1", DETAIL, "按序时应达 5 项，距目标尚差 14 项，第二至第四季度每季需完成 5 项；"
                                     "按当前进度年末预计 24 项");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static const char KINDS[] =
    "[plan]\nid = k\nname = k\nregion = r\nstart_year = 2025\nend_year = 2026\n"
    "indicators = events, hightech, listings, cover, per10k\n[units]\nroster = 甲, 乙, 丙\n"
    "[indicator.events]\nname = 活动\nunit = 场\nkind = flow\ncomparator = range\ntarget = 10..15\n"
    "headers = 活动(场)\n"
    "[indicator.hightech]\nname = 高企\nunit = 家\nkind = stock\ncomparator = >\ntarget = 1300\n"
    "headers = 高企(家)\n"
    "[indicator.listings]\nname = 挂牌\nunit = 个\nkind = flow\ntarget = 350\nheaders = 挂牌(个)\n"
    "[series.agencies]\nkind = stock\nname = 机构\nunit = 个\nheaders = 机构(个)\n"
    "[indicator.cover]\nname = 覆盖\nkind = coverage\nseries = agencies\nminimum = 1\nheaders = 覆盖\n"
    "[series.patents]\nname = 专利\nunit = 件\nkind = stock\nheaders = 专利(件)\n"
    "[series.pop]\nname = 人口\nunit = 万人\nkind = stock\nheaders = 人口(万人)\n"
    "[indicator.per10k]\nname = 万人专利\nunit = 件\nkind = ratio\ntarget = 3.5\nnumerator = patents\n"
    "denominator = pop\nbaseline = 1.6\n";

static void test_kinds(void **state)
{
    (void)state;
    qtr_plan *plan = load(KINDS);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2026, 4));
    put(v, "甲", "events", "2025Q1", "12");
    put(v, "甲", "events", "2026Q1", "16");
    put(v, "甲", "hightech", "2024Q4", "1180");
    put(v, "甲", "hightech", "2025Q3", "1265");
    put(v, "甲", "listings", "2025Q3", "200");
    put(v, "甲", "agencies", "2024Q4", "1");
    put(v, "乙", "agencies", "2024Q4", "0");
    put(v, "丙", "agencies", "2024Q4", "0");
    put(v, "乙", "agencies", "2025Q4", "2");
    /* a range: inside it nothing is "over"; above it, the excess from the upper bound */
    says(v, "events", "2025Q1", DETAIL, "处于目标区间 10–15 场");
    says(v, "events", "2026Q1", SUMMARY, "16 / 10–15 场，完成 160.0%，超出区间上限");
    says(v, "events", "2026Q1", DETAIL, "已超出区间上限 1 场");
    /* (P = 3/8 in 2025–2026) ">" 1300 on a whole count: 1301 is the first that meets it: 36 to go */
    says(v, "hightech", "2025Q3", SUMMARY, "1,265 / 超过 1,300 家，完成 97.3%；增量进度 70.8%，高于序时进度 33.3 个百分点");
    qtr_progress_row r = row(v, "hightech", "2025Q3");
    assert_true(fabs(r.gap_to_target - 36) < 1e-9);
    /* a whole count on pace: E = 350 × 3/4 = 262.5 in progress.csv, people read 263 */
    r = row(v, "listings", "2025Q3");
    assert_true(fabs(r.expected - 262.5) < 1e-9);
    says(v, "listings", "2025Q3", DETAIL, "按序时应达 263 个，距目标尚差 150 个，第四季度需完成 150 个；"
                                          "按当前进度年末预计 267 个");
    /* a coverage from its baseline (1 of 3 in 2024Q4) to 2 of 3 at 2025Q4 (P = 4/8):
     * R = (2/3 − 1/3) ÷ (2/3) = 0.5 */
    says(v, "cover", "2025Q4", SUMMARY, "66.7% / 100.0%，完成 66.7%；增量进度 50.0%，略低于序时进度（不足 0.1 个百分点）");
    /* a ratio from its baseline: its progress alone, not next to a completion (2.9 of 3.5 would
     * be 82.9% "done"); R = (2.9 − 1.6) ÷ (3.5 − 1.6) = 68.4%, P = 3/8 */
    put(v, "甲", "patents", "2025Q3", "29");
    put(v, "甲", "pop", "2025Q3", "10");
    says(v, "per10k", "2025Q3", SUMMARY, "2.9 / 3.5 件，提升进度 68.4%，高于序时进度 30.9 个百分点");
    says(v, "per10k", "2025Q3", DETAIL, "提升进度 =（实际 − 基数）÷（目标 − 基数），基数 1.6 件；按序时应达 2.31 件，"
                                        "距目标尚差 0.6 件；按当前进度期末预计 5.07 件");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* A period flow's forecast runs to the horizon's end (期末) and what it needs is spread over the
 * quarters left in the horizon, also where its P happens to equal q/4 (5 of 20 quarters at
 * 2017Q1 = 1/4): the wording does not guess the target's period from P. */
static const char HORIZON[] =
    "[plan]\nid = h\nname = h\nregion = r\nstart_year = 2016\nend_year = 2020\n"
    "indicators = talent, yearly\n[units]\nroster = 甲\n"
    "[indicator.talent]\nname = 人才\nunit = 名\nkind = period_flow\ntarget = 200\nheaders = 人才(名)\n"
    "[indicator.yearly]\nname = 年度\nunit = 名\nkind = flow\ntarget = 1000\nheaders = 年度(名)\n";

static void test_horizon_wording(void **state)
{
    (void)state;
    qtr_plan *plan = load(HORIZON);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2017, 1));
    put(v, "甲", "talent", "2016Q1", "40");
    put(v, "甲", "yearly", "2017Q1", "134");
    qtr_progress_row r = row(v, "talent", "2017Q1");
    assert_true(fabs(r.time_progress - 0.25) < 1e-12);
    /* E = 50, D = 160, 160 / 15 quarters left = 10.67 -> 11, F = 40 / 0.25 = 160 */
    says(v, "talent", "2017Q1", DETAIL, "按序时应达 50 名，距目标尚差 160 名，此后每季需完成 11 名；"
                                        "按当前进度期末预计 160 名");
    /* an annual flow of the same plan: this year's quarters, to the year's end */
    says(v, "yearly", "2017Q1", DETAIL, "按序时应达 250 名，距目标尚差 866 名，第二至第四季度每季需完成 289 名；"
                                        "按当前进度年末预计 536 名");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* A count's target in force is a whole number (docs/formulas.md): 12.5 项 between the
 * milestones 10 (2025) and 15 (2027) is 13 in 2026, a unit target of 6.5 is 7, and completion,
 * pace gap, expected and gap are computed on it; money keeps its fractions. */
static const char WHOLE[] =
    "[plan]\nid = w\nname = w\nregion = r\nstart_year = 2025\nend_year = 2027\n"
    "indicators = deals, money\n[units]\nroster = 甲, 乙\n"
    "[indicator.deals]\nname = 项目\nunit = 项\nkind = flow\nmilestones = 2025:10, 2027:15\n"
    "unit_targets = 甲:6.5, 乙:6\nheaders = 项目(项)\n"
    "[indicator.money]\nname = 额\nunit = 亿元\nkind = flow\nmilestones = 2025:10, 2027:15\n"
    "headers = 额(亿元)\n";

static void test_whole_targets(void **state)
{
    (void)state;
    qtr_plan *plan = load(WHOLE);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2026, 1));
    put(v, "甲", "deals", "2026Q1", "2");
    put(v, "乙", "deals", "2026Q1", "1");
    put(v, "甲", "money", "2026Q1", "2");
    put(v, "乙", "money", "2026Q1", "1");
    qtr_progress_row r = row(v, "deals", "2026Q1");
    assert_true(r.target == 13);
    assert_true(fabs(r.completion - 3.0 / 13) < 1e-12);
    assert_true(fabs(r.pace_gap_pp - (3.0 / 13 - 0.25) * 100) < 1e-9);
    assert_true(fabs(r.expected - 3.25) < 1e-12);   /* exact in progress.csv, people read 4 */
    assert_true(fabs(r.gap_to_target - 10) < 1e-12);
    says(v, "deals", "2026Q1", SUMMARY, "3 / 13 项，完成 23.1%，低于序时进度 1.9 个百分点");
    says(v, "deals", "2026Q1", DETAIL, "按序时应达 4 项，距目标尚差 10 项，第二至第四季度每季需完成 4 项；"
                                       "按当前进度年末预计 12 项");
    /* a unit target of 6.5 is 7: 2 of 7 */
    qtr_progress_row u;
    qtr_progress_compute(v, 0, (int)qtr_plan_find_indicator(plan, "deals"), qtr_period_make(2026, 1), &u);
    assert_true(u.target == 7);
    assert_true(fabs(u.completion - 2.0 / 7) < 1e-12);
    /* money is not a count: 12.5 亿元 stays */
    r = row(v, "money", "2026Q1");
    assert_true(r.target == 12.5);
    says(v, "money", "2026Q1", SUMMARY, "3.00 / 12.50 亿元，完成 24.0%，低于序时进度 1.0 个百分点");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* A rate without a configured baseline takes it from the data (docs/formulas.md, baseline; rates
 * without a baseline): the baseline quarter's level, else its first reported level, paced from
 * that quarter; judged on its level only when it has no value at all. */
static const char RATES[] =
    "[plan]\nid = r\nname = r\nregion = r\nstart_year = 2025\nend_year = 2026\n"
    "indicators = dock, cover\n[units]\nroster = 甲, 乙\n"
    "[series.docked]\nname = 对接\nunit = 家\nkind = stock\nheaders = 对接(家)\n"
    "[series.db]\nname = 库内\nunit = 家\nkind = stock\nheaders = 库内(家)\n"
    "[indicator.dock]\nname = 对接率\nunit = %\nkind = ratio\ntarget = 1\nnumerator = docked\n"
    "denominator = db\nunit_targets = 甲:0.5\n"
    "[series.agencies]\nkind = stock\nname = 机构\nunit = 个\nheaders = 机构(个)\n"
    "[indicator.cover]\nname = 覆盖\nkind = coverage\nseries = agencies\nminimum = 1\nheaders = 覆盖\n";

static void test_rates(void **state)
{
    (void)state;
    qtr_plan *plan = load(RATES);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2026, 4));
    int dock = (int)qtr_plan_find_indicator(plan, "dock");
    /* no value at all: no baseline, judged on its level (0 covered of 2 is 0% of 100%, now) */
    qtr_progress_row r = row(v, "cover", "2025Q1");
    assert_true(isnan(r.baseline));
    assert_true(fabs(r.time_progress - 1) < 1e-12);
    assert_int_equal(r.status, QTR_STATUS_CRITICAL);
    says(v, "cover", "2025Q1", SUMMARY, "0.0% / 100.0%，完成 0.0%，低于目标水平");
    /* 2025Q1, the first report: 30 of 100 docked is the baseline; P = 0, R = 0: not critical
     * (the level rule said 严重滞后, a path from 0 "2.5 points ahead") */
    put(v, "甲", "docked", "2025Q1", "20");
    put(v, "甲", "db", "2025Q1", "40");
    put(v, "乙", "docked", "2025Q1", "10");
    put(v, "乙", "db", "2025Q1", "60");
    r = row(v, "dock", "2025Q1");
    assert_true(fabs(r.baseline - 0.3) < 1e-12);
    assert_true(r.base_reported && r.base_period == qtr_period_make(2025, 1));
    assert_true(fabs(r.time_progress) < 1e-12);
    assert_true(fabs(r.progress) < 1e-12);
    assert_true(fabs(r.expected - 0.3) < 1e-12);
    assert_true(isnan(r.forecast));
    assert_int_equal(r.status, QTR_STATUS_ON_TRACK);
    says(v, "dock", "2025Q1", SUMMARY, "30.0% / 100.0%，提升进度 0.0%，与序时进度持平");
    says(v, "dock", "2025Q1", DETAIL, "提升进度 =（实际 − 基数）÷（目标 − 基数），以首次报送的 2025Q1 水平 30.0% "
                                      "为基数；本季首次报送，自下季起按进度考核；按序时应达 30.0%，距目标尚差 70.0%");
    /* 2025Q2: 92%; P = 1 / 7 (quarters from 2025Q1 to 2026Q4), R = 0.62 / 0.7 */
    put(v, "甲", "docked", "2025Q2", "38");
    put(v, "甲", "db", "2025Q2", "40");
    put(v, "乙", "docked", "2025Q2", "54");
    put(v, "乙", "db", "2025Q2", "60");
    r = row(v, "dock", "2025Q2");
    assert_true(fabs(r.time_progress - 1.0 / 7) < 1e-12);
    assert_true(fabs(r.progress - 0.62 / 0.7) < 1e-12);
    assert_int_equal(r.status, QTR_STATUS_ON_TRACK);
    says(v, "dock", "2025Q2", SUMMARY, "92.0% / 100.0%，提升进度 88.6%，高于序时进度 74.3 个百分点");
    /* a unit row from its own first level (甲: 50%, its target 50%: 95% achieved); P its own */
    qtr_progress_row u;
    qtr_progress_compute(v, 0, dock, qtr_period_make(2025, 2), &u);
    assert_true(fabs(u.baseline - 0.5) < 1e-12);
    assert_true(fabs(u.time_progress - 1.0 / 7) < 1e-12);
    assert_int_equal(u.status, QTR_STATUS_ACHIEVED);
    /* the horizon's last quarter below it: missed */
    put(v, "乙", "docked", "2026Q4", "59");
    put(v, "甲", "docked", "2026Q4", "40");
    assert_int_equal(row(v, "dock", "2026Q4").status, QTR_STATUS_MISSED);
    /* a coverage's first reported level: 1 of 2 */
    put(v, "甲", "agencies", "2025Q2", "1");
    put(v, "乙", "agencies", "2025Q2", "0");
    r = row(v, "cover", "2025Q2");
    assert_true(fabs(r.baseline - 0.5) < 1e-12);
    assert_true(fabs(r.time_progress) < 1e-12);
    assert_int_equal(r.status, QTR_STATUS_ON_TRACK);
    qtr_values_free(v);
    /* reported in the baseline quarter (2024Q4): paced from it, P = quarters elapsed / 8 */
    v = qtr_values_new(plan, qtr_period_make(2025, 3));
    put(v, "甲", "docked", "2024Q4", "10");
    put(v, "甲", "db", "2024Q4", "40");
    put(v, "甲", "docked", "2025Q3", "30");
    put(v, "甲", "db", "2025Q3", "40");
    r = row(v, "dock", "2025Q3");
    assert_true(fabs(r.baseline - 0.25) < 1e-12);
    assert_true(!r.base_reported);
    assert_true(fabs(r.time_progress - 3.0 / 8) < 1e-12);
    says(v, "dock", "2025Q3", SUMMARY, "75.0% / 100.0%，提升进度 66.7%，高于序时进度 29.2 个百分点");
    qtr_values_free(v);
    qtr_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implied),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_whole_targets),
        cmocka_unit_test(test_horizon_wording),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
