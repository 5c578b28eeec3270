/* Unit tests of report.c, report_io.c and words.c: ranks (ties, unranked units, the previous
 * quarter's), the figures of a year earlier (a zero base), the summary's counts and sentences, and the round
 * trip of the report through its files. Expected values are worked out in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "report_io.h"
#include "words.h"
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
    if (value)
        assert_int_equal(qtr_qty_from_decimal(value, &q), 0);
    qtr_values_set(v, (int)u, (int)s, qtr_period_parse(per, strlen(per)), value == NULL, q);
}

static const qtr_progress_row *row_of(const qtr_report *r, const char *unit, const char *ind)
{
    int u = unit ? (int)qtr_plan_find_unit(r->plan, unit, strlen(unit)) : -1;
    return qtr_report_row(r, u, (size_t)qtr_plan_find_indicator(r->plan, ind));
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

/* The sample of most tests: 2025Q3 of TEST_PLAN with last year's figures. */
static qtr_values *sample(qtr_plan *plan)
{
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 3));
    /* money (no unit targets: ranked by actual): 甲 and 乙 tie at 3.0, 丙县 reports nothing */
    put(v, "甲区", "money", "2025Q1", "1");
    put(v, "甲区", "money", "2025Q2", "1");
    put(v, "甲区", "money", "2025Q3", "1");
    put(v, "乙区", "money", "2025Q1", "2");
    put(v, "乙区", "money", "2025Q3", "1"); /* Q2 missing */
    /* a year earlier: 甲 every quarter (0.5 + 0.5 + 0.5 = 1.5), 乙 not Q2 */
    put(v, "甲区", "money", "2024Q1", "0.5");
    put(v, "甲区", "money", "2024Q2", "0.5");
    put(v, "甲区", "money", "2024Q3", "0.5");
    put(v, "甲区", "money", "2024Q4", "9"); /* Q4: not part of the same figure at Q3 */
    put(v, "乙区", "money", "2024Q1", "1");
    put(v, "乙区", "money", "2024Q3", "1");
    /* demands: only 甲区 has a unit target (60): ranked by completion, the others unranked */
    put(v, "甲区", "demands", "2025Q1", "30");
    put(v, "乙区", "demands", "2025Q1", "80");
    /* brokers (stock): levels; 2024Q3 reported by both units */
    put(v, "甲区", "brokers", "2024Q3", "40");
    put(v, "乙区", "brokers", "2024Q3", "20");
    put(v, "甲区", "brokers", "2024Q4", "45");
    put(v, "乙区", "brokers", "2024Q4", "25");
    put(v, "甲区", "brokers", "2025Q2", "50");
    put(v, "乙区", "brokers", "2025Q3", "35");
    put(v, "丙县", "brokers", "2025Q3", "5");
    return v;
}

static void test_ranks(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = sample(plan);
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 3), NULL);
    assert_non_null(r);
    /* money by actual: 甲 3, 乙 3 -> both 1; 丙县 reported nothing this year: no rank */
    assert_int_equal(row_of(r, "甲区", "money")->rank, 1);
    assert_int_equal(row_of(r, "乙区", "money")->rank, 1);
    assert_int_equal(row_of(r, "丙县", "money")->rank, 0);
    assert_int_equal(row_of(r, "甲区", "money")->rank_basis, QTR_RANK_ACTUAL);
    assert_int_equal(row_of(r, NULL, "money")->rank, 0); /* the region is not ranked */
    assert_int_equal(row_of(r, NULL, "money")->rank_basis, QTR_RANK_NONE);
    /* at Q2: 甲 2, 乙 2 (Q2 missing, but Q1 reported): a tie again */
    assert_int_equal(row_of(r, "甲区", "money")->rank_prev, 1);
    assert_int_equal(row_of(r, "乙区", "money")->rank_prev, 1);
    /* demands by completion: only 甲区 has a target (30 / 60); 乙区 has no completion */
    assert_int_equal(row_of(r, "甲区", "demands")->rank_basis, QTR_RANK_COMPLETION);
    assert_int_equal(row_of(r, "甲区", "demands")->rank, 1);
    assert_int_equal(row_of(r, "乙区", "demands")->rank, 0);
    /* brokers by level: 甲 50 (carried from Q2), 乙 35, 丙 5 -> 1, 2, 3 */
    assert_int_equal(row_of(r, "甲区", "brokers")->rank, 1);
    assert_int_equal(row_of(r, "乙区", "brokers")->rank, 2);
    assert_int_equal(row_of(r, "丙县", "brokers")->rank, 3);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_competition_ranking_skips_after_ties(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 1));
    put(v, "甲区", "hightech", "2025Q1", "7");
    put(v, "乙区", "hightech", "2025Q1", "9");
    put(v, "丙县", "hightech", "2025Q1", "9");
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 1), NULL);
    /* 9, 9, 7 -> 1, 1, 3 (not 2) */
    assert_int_equal(row_of(r, "乙区", "hightech")->rank, 1);
    assert_int_equal(row_of(r, "丙县", "hightech")->rank, 1);
    assert_int_equal(row_of(r, "甲区", "hightech")->rank, 3);
    /* Q1: no previous quarter of the year */
    assert_int_equal(row_of(r, "甲区", "hightech")->rank_prev, 0);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_prev_year(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = sample(plan);
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 3), NULL);
    /* 甲区 money: 2024Q1..Q3 = 1.5; growth (3 - 1.5) / 1.5 = 1 */
    NEAR(row_of(r, "甲区", "money")->prev_year_actual, 1.5);
    NEAR(row_of(r, "甲区", "money")->yoy_growth, 1.0);
    assert_int_equal(row_of(r, "甲区", "money")->yoy_rank, 1);
    /* 乙区 did not report 2024Q2: no figure, no growth, no yoy rank; so the region has none */
    assert_true(isnan(row_of(r, "乙区", "money")->prev_year_actual));
    assert_true(isnan(row_of(r, "乙区", "money")->yoy_growth));
    assert_int_equal(row_of(r, "乙区", "money")->yoy_rank, 0);
    assert_true(isnan(row_of(r, NULL, "money")->prev_year_actual));
    /* brokers: the level reported at 2024Q3 (no carry-forward): 40 and 20 */
    NEAR(row_of(r, "甲区", "brokers")->prev_year_actual, 40);
    NEAR(row_of(r, "乙区", "brokers")->prev_year_actual, 20);
    NEAR(row_of(r, "乙区", "brokers")->yoy_growth, 0.75); /* (35 - 20) / 20 */
    /* 丙县 reported no 2024Q3 level, so the region's is empty too */
    assert_true(isnan(row_of(r, "丙县", "brokers")->prev_year_actual));
    assert_true(isnan(row_of(r, NULL, "brokers")->prev_year_actual));
    /* baseline: 2024Q4 levels 45 + 25, and 丙县's first level of 2025 (5): 75 */
    NEAR(row_of(r, NULL, "brokers")->baseline, 75);
    NEAR(row_of(r, "甲区", "brokers")->baseline, 45);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* Year on year from a zero base, and a yoy ranking with a tie and a unit left out (formats.md:
 * yoy_growth is empty when prev_year_actual is 0; yoy_rank ranks the rows that have one). */
static void test_yoy_zero_base(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 2));
    /* money, 2024Q1..Q2 -> 2025Q1..Q2: 甲 0 -> 2 (zero base), 乙 1 -> 2 (+100%), 丙 2 -> 4 (+100%) */
    const char *cells[][4] = {
        {"甲区", "0", "0", "2"}, {"乙区", "1", "0", "2"}, {"丙县", "1", "1", "4"},
    };
    for (size_t k = 0; k < 3; k++) {
        put(v, cells[k][0], "money", "2024Q1", cells[k][1]);
        put(v, cells[k][0], "money", "2024Q2", cells[k][2]);
        put(v, cells[k][0], "money", "2025Q2", cells[k][3]);
    }
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 2), NULL);
    assert_non_null(r);
    NEAR(row_of(r, "甲区", "money")->prev_year_actual, 0);
    assert_true(isnan(row_of(r, "甲区", "money")->yoy_growth)); /* 2 / 0: not computable */
    assert_int_equal(row_of(r, "甲区", "money")->yoy_rank, 0);
    NEAR(row_of(r, "乙区", "money")->yoy_growth, 1.0);
    NEAR(row_of(r, "丙县", "money")->yoy_growth, 1.0);
    assert_int_equal(row_of(r, "乙区", "money")->yoy_rank, 1); /* a tie: 1, 1 */
    assert_int_equal(row_of(r, "丙县", "money")->yoy_rank, 1);
    /* the region: 0 + 1 + 2 = 3 a year earlier, 8 now: (8 - 3) / 3 */
    NEAR(row_of(r, NULL, "money")->prev_year_actual, 3);
    NEAR(row_of(r, NULL, "money")->yoy_growth, 5.0 / 3.0);
    /* ranks by actual: 丙 4, 甲 2, 乙 2 -> 1, 2, 2; at Q1 nobody reported: unranked then */
    assert_int_equal(row_of(r, "丙县", "money")->rank, 1);
    assert_int_equal(row_of(r, "甲区", "money")->rank, 2);
    assert_int_equal(row_of(r, "乙区", "money")->rank, 2);
    assert_int_equal(row_of(r, "甲区", "money")->rank_prev, 0);
    qtr_report_free(r);
    /* a region whose figure a year earlier is 0: no growth either */
    qtr_values *z = qtr_values_new(plan, qtr_period_make(2025, 1));
    const char *units[] = {"甲区", "乙区", "丙县"};
    for (size_t k = 0; k < 3; k++) {
        put(z, units[k], "money", "2024Q1", "0");
        put(z, units[k], "money", "2025Q1", "1");
    }
    r = qtr_report_compute(z, qtr_period_make(2025, 1), NULL);
    NEAR(row_of(r, NULL, "money")->prev_year_actual, 0);
    assert_true(isnan(row_of(r, NULL, "money")->yoy_growth));
    assert_int_equal(row_of(r, "甲区", "money")->yoy_rank, 0);
    qtr_report_free(r);
    qtr_values_free(z);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_summary(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = sample(plan);
    qtr_input_counts in = {1, 6, 47, 421, 2, 1, 1, 0};
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 3), &in);
    /* demands: A = 110 >= 100 achieved; money: A = 6, P = .75, R = .6: critical;
     * brokers: A = 50 + 35 + 5 = 90 >= 90 achieved; hightech: nothing reported, A = 0 > 50
     * fails, R = 0: critical */
    assert_int_equal(row_of(r, NULL, "demands")->status, QTR_STATUS_ACHIEVED);
    assert_int_equal(row_of(r, NULL, "money")->status, QTR_STATUS_CRITICAL);
    assert_int_equal(row_of(r, NULL, "brokers")->status, QTR_STATUS_ACHIEVED);
    assert_int_equal(row_of(r, NULL, "hightech")->status, QTR_STATUS_CRITICAL);
    assert_int_equal(r->sum.count[QTR_STATUS_ACHIEVED], 2);
    assert_int_equal(r->sum.count[QTR_STATUS_CRITICAL], 2);
    assert_string_equal(r->sum.headline, "4项指标：已完成2项，严重滞后2项");
    /* every unit misses something (hightech nobody reported) */
    assert_int_equal(r->sum.units_missing, 3);
    assert_string_equal(r->sum.missing_units, "甲区、乙区、丙县");
    /* 甲区: demands Q2, Q3; brokers Q1, Q3; hightech Q1-Q3 -> Q1、Q2、Q3 in 3 rows */
    assert_non_null(strstr(r->sum.missing_text, "甲区 Q1、Q2、Q3（3项）"));
    /* the units with a value of 2025Q3 itself: all three */
    assert_int_equal(r->sum.units_reporting, 3);
    assert_string_equal(r->sum.input_text, "6个文件，47行，421个数值；拒收2处（其中1处涉及本期报告），警告1条");
    qtr_input_counts other = {1, 1, 2, 3, 1, 0, 0, 0};
    qtr_buf w = {0};
    assert_int_equal(qtr_words_input(&other, &w), QTR_OK);
    assert_string_equal(qtr_buf_str(&w), "1个文件，2行，3个数值；拒收1处（均不涉及本期报告）");
    qtr_buf_free(&w);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* The exit code and the headline at the year's last quarter: one missing row is enough for
 * exit 1; a target not met at Q4 is 未完成 and counted as such. */
static void test_exit_code_and_missed(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2025, 4));
    const char *units[] = {"甲区", "乙区", "丙县"};
    for (int u = 0; u < 3; u++)
        for (int q = 1; q <= 4; q++) {
            char per[8];
            snprintf(per, sizeof per, "2025Q%d", q);
            put(v, units[u], "demands", per, "10");   /* 120 >= 100: achieved */
            put(v, units[u], "money", per, "0.5");    /* 6 < 10 at Q4: missed */
            put(v, units[u], "brokers", per, "30");   /* 90 >= 90: achieved */
            if (!(u == 2 && q == 4))                  /* 丙县 leaves one quarter out */
                put(v, units[u], "hightech", per, "20"); /* 60 > 50: achieved */
        }
    qtr_input_counts clean = {1, 4, 48, 47, 0, 0, 0, 0};
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 4), &clean);
    assert_int_equal(row_of(r, NULL, "money")->status, QTR_STATUS_MISSED);
    assert_int_equal(r->sum.count[QTR_STATUS_MISSED], 1);
    assert_int_equal(r->sum.count[QTR_STATUS_CRITICAL], 0);
    assert_string_equal(r->sum.headline, "4项指标：已完成3项，未完成1项");
    assert_int_equal(r->sum.missing_rows, 1);
    assert_int_equal(r->sum.exit_code, 1);
    qtr_report_free(r);
    put(v, "丙县", "hightech", "2025Q4", "20");
    r = qtr_report_compute(v, qtr_period_make(2025, 4), &clean);
    assert_int_equal(r->sum.missing_rows, 0);
    assert_int_equal(r->sum.exit_code, 0);
    qtr_report_free(r);
    /* one error of the report's scope is enough too; one of another quarter is not */
    qtr_input_counts other = {1, 4, 48, 47, 1, 0, 0, 0}, scoped = {1, 4, 48, 47, 1, 0, 1, 0};
    r = qtr_report_compute(v, qtr_period_make(2025, 4), &other);
    assert_int_equal(r->sum.exit_code, 0);
    qtr_report_free(r);
    r = qtr_report_compute(v, qtr_period_make(2025, 4), &scoped);
    assert_int_equal(r->sum.exit_code, 1);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* A stock judged from a baseline says so; from a baseline of 0 progress is completion and
 * nothing is explained. */
static void test_words_baseline(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    const qtr_indicator *ind = &plan->indicators[qtr_plan_find_indicator(plan, "brokers")];
    qtr_progress_row row;
    memset(&row, 0, sizeof row);
    row.actual = 60, row.target = 90, row.baseline = 30, row.completion = 60.0 / 90;
    row.progress = 0.5, row.time_progress = 0.5, row.pace_gap_pp = 0, row.status = QTR_STATUS_ON_TRACK;
    row.expected = 60, row.gap_to_target = 30, row.forecast = 90, row.required_per_quarter = NAN;
    qtr_buf b = {0};
    assert_int_equal(qtr_words_summary(ind, &row, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "60 / 90 名，完成 66.7%；增量进度 50.0%，与序时进度持平");
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_detail(ind, &row, 2, 0, &b), QTR_OK);
    assert_non_null(strstr(qtr_buf_str(&b), "基数 30 名"));
    row.baseline = 0, row.progress = row.completion;
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_summary(ind, &row, &b), QTR_OK);
    assert_null(strstr(qtr_buf_str(&b), "增量进度"));
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_detail(ind, &row, 2, 0, &b), QTR_OK);
    assert_null(strstr(qtr_buf_str(&b), "基数"));
    qtr_buf_free(&b);
    qtr_plan_free(plan);
}

static void test_words(void **state)
{
    (void)state;
    char b[QTR_WORDS_NUM];
    assert_string_equal(qtr_words_number(1234567.891, 2, b, sizeof b), "1,234,567.89");
    assert_string_equal(qtr_words_number(262.5, 0, b, sizeof b), "263"); /* halves away from 0 */
    assert_string_equal(qtr_words_number(-0.001, 2, b, sizeof b), "0.00");
    assert_string_equal(qtr_words_number(NAN, 2, b, sizeof b), "—");
    assert_string_equal(qtr_words_percent(0.7274, b, sizeof b), "72.7%");
    assert_string_equal(qtr_status_label(QTR_STATUS_NONE), "未评估");
    assert_string_equal(qtr_status_code(QTR_STATUS_NOT_DUE), "not_due");
    qtr_progress_status s;
    assert_int_equal(qtr_status_parse("lagging", 7, &s), 0);
    assert_int_equal(s, QTR_STATUS_LAGGING);
    assert_int_equal(qtr_status_parse("", 0, &s), 0);
    assert_int_equal(s, QTR_STATUS_NONE);
    assert_int_equal(qtr_status_parse("late", 4, &s), -1);
    assert_string_equal(qtr_status_look_of(QTR_STATUS_CRITICAL)->card, "red");
    assert_string_equal(qtr_status_look_of(QTR_STATUS_LAGGING)->card, "yellow");
    assert_string_equal(qtr_status_look_of(QTR_STATUS_ABOVE_RANGE)->card, "green");
    size_t count[QTR_STATUS_COUNT] = {0};
    count[QTR_STATUS_ON_TRACK] = 3;
    count[QTR_STATUS_NONE] = 1;
    count[QTR_STATUS_MISSED] = 2;
    qtr_buf h = {0};
    assert_int_equal(qtr_words_headline(6, count, &h), QTR_OK);
    assert_string_equal(qtr_buf_str(&h), "6项指标：正常3项，未完成2项，未评估1项");
    qtr_buf_free(&h);
}

/* ---------------------------------------------------------------- the files */

static void paths_in(const char *dir, char p[3][256], qtr_report_paths *paths)
{
    snprintf(p[0], 256, "%s/progress.csv", dir);
    snprintf(p[1], 256, "%s/quarterly.csv", dir);
    snprintf(p[2], 256, "%s/compare.txt", dir);
    paths->progress = p[0];
    paths->quarterly = p[1];
    paths->summary = p[2];
    paths->tasks = NULL;
}

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void test_round_trip(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = sample(plan);
    qtr_input_counts in = {1, 6, 47, 421, 2, 1, 1, 1};
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 3), &in);
    char dir[] = "/tmp/qtr-report-XXXXXX", p[3][256];
    assert_non_null(mkdtemp(dir));
    qtr_report_paths paths;
    paths_in(dir, p, &paths);
    qtr_error err;
    assert_int_equal(qtr_report_write(r, v, &paths, &err), QTR_OK);
    qtr_report *back = NULL;
    assert_int_equal(qtr_report_read(plan, &paths, &back, &err), QTR_OK);
    assert_int_equal(back->period, r->period);
    for (int u = -1; u < (int)r->nunits; u++)
        for (size_t i = 0; i < r->nind; i++) {
            const qtr_progress_row *a = qtr_report_row(r, u, i), *b = qtr_report_row(back, u, i);
            assert_true(same_double(a->target, b->target) && same_double(a->actual, b->actual));
            assert_true(same_double(a->completion, b->completion) && same_double(a->progress, b->progress));
            assert_true(same_double(a->time_progress, b->time_progress) && same_double(a->expected, b->expected));
            assert_true(same_double(a->pace_gap_pp, b->pace_gap_pp) && same_double(a->forecast, b->forecast));
            assert_true(same_double(a->gap_to_target, b->gap_to_target));
            assert_true(same_double(a->required_per_quarter, b->required_per_quarter));
            assert_true(same_double(a->baseline, b->baseline));
            assert_true(same_double(a->prev_year_actual, b->prev_year_actual));
            assert_true(same_double(a->yoy_growth, b->yoy_growth));
            assert_int_equal(a->status, b->status);
            assert_string_equal(a->missing, b->missing);
            assert_int_equal(a->nmissing, b->nmissing);
            assert_int_equal(a->rank, b->rank);
            assert_int_equal(a->rank_basis, b->rank_basis);
            assert_int_equal(a->yoy_rank, b->yoy_rank);
            assert_int_equal(a->rank_prev, b->rank_prev);
            assert_int_equal(a->exact, b->exact);
            if (a->exact)
                assert_true(a->actual_qty == b->actual_qty);
        }
    assert_int_equal(back->trend_start[back->nind], r->trend_start[r->nind]);
    for (size_t k = 0; k < r->trend_start[r->nind]; k++) {
        assert_int_equal(back->trend[k].period, r->trend[k].period);
        assert_true(same_double(back->trend[k].amount, r->trend[k].amount));
        assert_true(same_double(back->trend[k].actual, r->trend[k].actual));
        assert_true(same_double(back->trend[k].expected, r->trend[k].expected));
    }
    /* money's trend: Q1 3, Q2 1 (乙区 missing), Q3 2 */
    size_t m = (size_t)qtr_plan_find_indicator(plan, "money");
    assert_int_equal(back->trend_start[m + 1] - back->trend_start[m], 3);
    NEAR(back->trend[back->trend_start[m] + 1].amount, 1);
    NEAR(back->trend[back->trend_start[m] + 2].actual, 6);
    assert_string_equal(back->sum.headline, r->sum.headline);
    assert_string_equal(back->sum.missing_text, r->sum.missing_text);
    assert_string_equal(back->sum.input_text, r->sum.input_text);
    assert_memory_equal(back->sum.count, r->sum.count, sizeof r->sum.count);
    assert_int_equal(back->sum.units_missing, r->sum.units_missing);
    assert_int_equal(back->sum.input.errors_in_scope, 1);
    assert_int_equal(back->sum.input.unitless, 1);
    qtr_report_free(back);
    /* a row missing from progress.csv is an error naming the file */
    FILE *f = fopen(p[0], "r");
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *last = strrchr(text, '\n');
    *last = '\0';
    *(strrchr(text, '\n') + 1) = '\0';
    f = fopen(p[0], "w");
    fputs(text, f);
    fclose(f);
    assert_int_equal(qtr_report_read(plan, &paths, &back, &err), QTR_ERR_PARSE);
    assert_string_equal(err.file, p[0]);
    assert_non_null(strstr(err.message, "no row"));
    for (int k = 0; k < 3; k++)
        unlink(p[k]);
    rmdir(dir);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

/* Columns a later version appends are ignored; a column of this version missing is an error. */
static void test_reader_columns(void **state)
{
    (void)state;
    qtr_plan *plan = load(TEST_PLAN);
    qtr_values *v = sample(plan);
    qtr_report *r = qtr_report_compute(v, qtr_period_make(2025, 3), NULL);
    char dir[] = "/tmp/qtr-report-XXXXXX", p[3][256];
    assert_non_null(mkdtemp(dir));
    qtr_report_paths paths;
    paths_in(dir, p, &paths);
    qtr_error err;
    assert_int_equal(qtr_report_write(r, v, &paths, &err), QTR_OK);
    /* append a column "later" to every line */
    FILE *f = fopen(p[0], "r");
    char text[65536], out[70000];
    size_t n = fread(text, 1, sizeof text - 1, f), o = 0;
    fclose(f);
    text[n] = '\0';
    int header = 1;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        o += (size_t)snprintf(out + o, sizeof out - o, "%s,%s\n", line, header ? "later" : "x");
        header = 0;
    }
    f = fopen(p[0], "w");
    fputs(out, f);
    fclose(f);
    qtr_report *back = NULL;
    assert_int_equal(qtr_report_read(plan, &paths, &back, &err), QTR_OK);
    qtr_report_free(back);
    /* another plan's summary */
    f = fopen(p[2], "w");
    fputs("plan=other\nperiod=2025Q3\nheadline=x\n", f);
    fclose(f);
    assert_int_equal(qtr_report_read(plan, &paths, &back, &err), QTR_ERR_PARSE);
    for (int k = 0; k < 3; k++)
        unlink(p[k]);
    rmdir(dir);
    qtr_report_free(r);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_competition_ranking_skips_after_ties),
        cmocka_unit_test(test_prev_year),
        cmocka_unit_test(test_yoy_zero_base),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_exit_code_and_missed),
        cmocka_unit_test(test_words_baseline),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_reader_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
