/* Unit tests of pace = deadline (docs/formulas.md, deadline steps): the expected level in steps,
 * the statuses not_due and missed, and the words people read for them (words.c). */
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

/* Liangzhou's shape: a horizon 2017–2020, a stock with milestones 2017:1, 2019:2, 2020:3, a
 * deliverable due once (2019:1), a period flow without milestones, a strict '>' stock. */
static const char PLAN[] =
    "[plan]\nid = d\nname = d\nregion = 凉州区\ntotal_name = 全区\nstart_year = 2017\nend_year = 2020\n"
    "indicators = inst, zone, talent, gt\n"
    "[units]\nroster = 甲, 乙\n"
    "[indicator.inst]\nname = 机构\nunit = 家\nkind = stock\nmilestones = 2017:1, 2019:2, 2020:3\n"
    "pace = deadline\nheaders = 机构(家)\n"
    "[indicator.zone]\nname = 示范区\nunit = 个\nkind = stock\nmilestones = 2019:1\npace = deadline\n"
    "headers = 示范区(个)\n"
    "[indicator.talent]\nname = 人才\nunit = 名\nkind = period_flow\ntarget = 2\npace = deadline\n"
    "unit_targets = 甲:1\nheaders = 人才(名)\n"
    "[indicator.gt]\nname = 超过\nunit = 家\nkind = stock\ncomparator = >\nmilestones = 2018:1, 2020:2\n"
    "pace = deadline\nheaders = 超过(家)\n";

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

static qtr_progress_row row(const qtr_values *v, const char *unit, const char *ind, const char *per)
{
    qtr_progress_row r;
    int u = unit ? (int)qtr_plan_find_unit(v->plan, unit, strlen(unit)) : -1;
    qtr_progress_compute(v, u, (int)qtr_plan_find_indicator(v->plan, ind),
                         qtr_period_parse(per, strlen(per)), &r);
    return r;
}

static qtr_period per(const char *s)
{
    return qtr_period_parse(s, strlen(s));
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void test_steps(void **state)
{
    (void)state;
    qtr_plan *plan = load(PLAN);
    const qtr_indicator *inst = &plan->indicators[qtr_plan_find_indicator(plan, "inst")];
    const qtr_indicator *talent = &plan->indicators[qtr_plan_find_indicator(plan, "talent")];
    /* the milestone due: the last whose Q4 has passed; none before 2017Q4 */
    assert_int_equal(qtr_deadline_due(inst, per("2017Q3")), -1);
    assert_int_equal(qtr_deadline_due(inst, per("2017Q4")), 0);
    assert_int_equal(qtr_deadline_due(inst, per("2019Q3")), 0);
    assert_int_equal(qtr_deadline_due(inst, per("2019Q4")), 1);
    assert_int_equal(qtr_deadline_due(inst, per("2020Q4")), 2);
    /* the milestone in force: the first of the year or later */
    assert_int_equal(qtr_deadline_next(inst, per("2017Q1")), 0);
    assert_int_equal(qtr_deadline_next(inst, per("2018Q2")), 1);
    assert_int_equal(qtr_deadline_next(inst, per("2020Q1")), 2);
    /* D(p): the start level until the first milestone's year-end, then each milestone in steps */
    NEAR(qtr_deadline_level(inst, 0, per("2017Q3")), 0);
    NEAR(qtr_deadline_level(inst, 0.5, per("2017Q3")), 0.5);
    NEAR(qtr_deadline_level(inst, 0, per("2017Q4")), 1);
    NEAR(qtr_deadline_level(inst, 0, per("2019Q3")), 1);
    NEAR(qtr_deadline_level(inst, 0, per("2019Q4")), 2);
    /* without milestones: one deadline, the target at the horizon's end */
    assert_int_equal((int)talent->nmilestones, 1);
    assert_int_equal(talent->milestones[0].year, 2020);
    NEAR(talent->milestones[0].value, 2);
    NEAR(qtr_deadline_level(talent, 0, per("2020Q3")), 0);
    NEAR(qtr_deadline_level(talent, 0, per("2020Q4")), 2);
    qtr_plan_free(plan);
}

static void test_statuses(void **state)
{
    (void)state;
    qtr_plan *plan = load(PLAN);
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2020, 4));
    put(v, "甲", "inst", "2016Q4", "0");
    put(v, "乙", "inst", "2016Q4", "0");
    put(v, "甲", "inst", "2017Q2", "0");
    put(v, "甲", "inst", "2017Q4", "1");
    put(v, "甲", "inst", "2019Q4", "1");  /* the 2019 milestone (2) is not met */
    put(v, "甲", "inst", "2020Q2", "2");
    put(v, "甲", "zone", "2016Q4", "0");
    put(v, "甲", "zone", "2019Q3", "0");
    put(v, "甲", "zone", "2020Q1", "1");
    put(v, "甲", "gt", "2018Q4", "1");  /* > 1 is not met by 1 */
    put(v, "甲", "gt", "2019Q1", "2");

    /* 2017Q2: nothing due; expected 0, P = 0; not_due (never critical for 0 against 0.5) */
    qtr_progress_row r = row(v, NULL, "inst", "2017Q2");
    assert_int_equal(r.status, QTR_STATUS_NOT_DUE);
    NEAR(r.expected, 0);
    NEAR(r.time_progress, 0);
    assert_true(isnan(r.forecast));
    /* 2017Q4: 1 of the milestone 1 -> not_due; expected 1, P = 1/3 */
    r = row(v, NULL, "inst", "2017Q4");
    assert_int_equal(r.status, QTR_STATUS_NOT_DUE);
    NEAR(r.expected, 1);
    NEAR(r.time_progress, 1.0 / 3);
    /* no pace gap for a deliverable: P is the step, and the status is not R against P
     * (docs/formulas.md, pace gap); R = C = 1/3 would read "与序时进度持平" */
    assert_true(isnan(r.pace_gap_pp));
    NEAR(r.progress, 1.0 / 3);
    /* 2019Q4: 1 of the milestone 2 -> missed, and still in 2020Q1 (1 < 2) */
    assert_int_equal(row(v, NULL, "inst", "2019Q4").status, QTR_STATUS_MISSED);
    assert_int_equal(row(v, NULL, "inst", "2020Q1").status, QTR_STATUS_MISSED);
    /* 2020Q2: 2 reached: not_due again until 2020Q4 */
    assert_int_equal(row(v, NULL, "inst", "2020Q2").status, QTR_STATUS_NOT_DUE);
    assert_int_equal(row(v, NULL, "inst", "2020Q4").status, QTR_STATUS_MISSED);

    /* the zone due end-2019: 0 in 2019Q3 not due, in 2019Q4 missed, 1 in 2020Q1 achieved */
    assert_int_equal(row(v, NULL, "zone", "2019Q3").status, QTR_STATUS_NOT_DUE);
    r = row(v, NULL, "zone", "2019Q4");
    assert_int_equal(r.status, QTR_STATUS_MISSED);
    NEAR(r.expected, 1);
    NEAR(r.time_progress, 1);
    assert_true(isnan(r.pace_gap_pp));
    assert_int_equal(row(v, NULL, "zone", "2020Q1").status, QTR_STATUS_ACHIEVED);
    /* a unit row has one milestone, its share at the horizon's end: not_due before it */
    r = row(v, "甲", "inst", "2019Q4");
    assert_true(isnan(r.target) || r.status == QTR_STATUS_NOT_DUE || r.status == QTR_STATUS_NONE);
    assert_true(isnan(r.pace_gap_pp));

    /* '>' milestones are met strictly: 1 at 2018Q4 against > 1 is missed; 2 in 2019Q1 is not */
    assert_int_equal(row(v, NULL, "gt", "2018Q4").status, QTR_STATUS_MISSED);
    assert_int_equal(row(v, NULL, "gt", "2019Q1").status, QTR_STATUS_NOT_DUE);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static const char *summary(const qtr_indicator *ind, const qtr_progress_row *r, qtr_buf *b)
{
    qtr_buf_clear(b);
    assert_int_equal(qtr_words_summary(ind, r, b), QTR_OK);
    return qtr_buf_str(b);
}

static const char *detail(const qtr_indicator *ind, const qtr_progress_row *r, int q, qtr_buf *b)
{
    qtr_buf_clear(b);
    assert_int_equal(qtr_words_detail(ind, r, q, 0, b), QTR_OK);
    return qtr_buf_str(b);
}

static void test_words(void **state)
{
    (void)state;
    qtr_plan *plan = load(PLAN);
    const qtr_indicator *inst = &plan->indicators[qtr_plan_find_indicator(plan, "inst")];
    const qtr_indicator *zone = &plan->indicators[qtr_plan_find_indicator(plan, "zone")];
    qtr_values *v = qtr_values_new(plan, qtr_period_make(2020, 4));
    put(v, "甲", "inst", "2016Q4", "0");
    put(v, "甲", "inst", "2018Q2", "1");
    put(v, "甲", "inst", "2019Q4", "1");
    put(v, "甲", "zone", "2016Q4", "0");
    put(v, "甲", "zone", "2019Q4", "0");
    qtr_buf b = {0};

    /* the milestone in force, not only the final target */
    qtr_progress_row r = row(v, NULL, "inst", "2018Q2");
    assert_string_equal(summary(inst, &r, &b), "1 / 3 家，完成 33.3%，未到期（2019年底节点 1 / 2 家）");
    assert_string_equal(detail(inst, &r, 2, &b), "2019年底应达 2 家，尚差 1 家；2020年底目标 3 家，尚差 2 家");
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_deadline(inst, &r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "2019年底节点 1 / 2 家");
    /* missed at a milestone: named with its year */
    r = row(v, NULL, "inst", "2019Q4");
    assert_int_equal(r.status, QTR_STATUS_MISSED);
    assert_string_equal(summary(inst, &r, &b), "1 / 3 家，完成 33.3%，2019年底节点未完成（1 / 2 家）");
    assert_string_equal(detail(inst, &r, 4, &b), "2019年底应达 2 家，尚差 1 家；2020年底目标 3 家，尚差 2 家");
    /* the final target in force: its year */
    r = row(v, NULL, "zone", "2019Q3");
    assert_string_equal(summary(zone, &r, &b), "0 / 1 个，完成 0.0%，未到期（2019年底到期）");
    r = row(v, NULL, "zone", "2019Q4");
    assert_string_equal(summary(zone, &r, &b), "0 / 1 个，完成 0.0%，2019年底节点未完成（0 / 1 个）");
    assert_string_equal(detail(zone, &r, 4, &b), "2019年底应达 1 个，尚差 1 个");
    /* a strict target reads 超过 at the milestone and at the end, the gaps to the next whole count */
    const qtr_indicator *gt = &plan->indicators[qtr_plan_find_indicator(plan, "gt")];
    put(v, "甲", "gt", "2016Q4", "0");
    put(v, "甲", "gt", "2018Q2", "1");
    r = row(v, NULL, "gt", "2018Q2");
    assert_string_equal(detail(gt, &r, 2, &b), "2018年底应达 超过 1 家，尚差 1 家；2020年底目标 超过 2 家，尚差 2 家");
    /* a unit row names no milestone */
    r = row(v, "甲", "inst", "2018Q2");
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_deadline(inst, &r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "");
    qtr_buf_free(&b);
    qtr_values_free(v);
    qtr_plan_free(plan);
}

static void test_config_errors(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"kind = stock\ntarget = 2\npace = step\n", "'step' is not linear or deadline"},
        {"kind = flow\ntarget = 2\npace = deadline\n", "pace = deadline is for stocks and period flows"},
        {"kind = stock\ngrowth = 0.5\nbaseline = 2\npace = deadline\n", "not growth"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "[plan]\nid = d\nname = d\nregion = r\nstart_year = 2017\nend_year = 2020\nindicators = x\n"
                 "[units]\nroster = 甲\n[indicator.x]\nname = x\nunit = 个\nheaders = x(个)\n%s", bad[k][0]);
        qtr_plan *p = NULL;
        qtr_error err;
        const char *path = write_temp(text, strlen(text), 1);
        assert_int_equal(qtr_plan_load(path, &p, &err), QTR_ERR_CONFIG);
        unlink(path);
        if (!strstr(err.message, bad[k][1]))
            fail_msg("%s: got '%s'", bad[k][1], err.message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_config_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
