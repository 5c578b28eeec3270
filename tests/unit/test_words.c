/* test_words.c — unit tests of the report's number display (pipeline/core/words.c): rounding
 * as people round, and the decimals a value is shown with, which the workbook's number formats
 * follow.
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

#include "words.h"

/* The card (亮牌) of each status in words and in the workbook's colours (formats.md: card). */
static void test_cards(void **state)
{
    (void)state;
    assert_string_equal(qtr_status_card_word(QTR_STATUS_ON_TRACK), "绿牌");
    assert_string_equal(qtr_status_card_word(QTR_STATUS_NOT_DUE), "绿牌");
    assert_string_equal(qtr_status_card_word(QTR_STATUS_LAGGING), "黄牌");
    assert_string_equal(qtr_status_card_word(QTR_STATUS_MISSED), "红牌");
    assert_string_equal(qtr_status_card_word(QTR_STATUS_NONE), "");
    /* 正常 takes the green card's colours (已完成's), 未完成 the red card's (严重滞后's) */
    assert_int_equal(qtr_status_card_look(QTR_STATUS_ON_TRACK)->cell_fill,
                     qtr_status_look_of(QTR_STATUS_ACHIEVED)->cell_fill);
    assert_int_equal(qtr_status_card_look(QTR_STATUS_MISSED)->cell_fill,
                     qtr_status_look_of(QTR_STATUS_CRITICAL)->cell_fill);
    assert_int_equal(qtr_status_card_look(QTR_STATUS_NONE)->cell_fill,
                     qtr_status_look_of(QTR_STATUS_NONE)->cell_fill);
}

/* WCAG's relative luminance of 0xRRGGBB. */
static double luminance(uint32_t rgb)
{
    double l = 0;
    const double w[3] = {0.2126, 0.7152, 0.0722};
    for (int k = 0; k < 3; k++) {
        double c = (double)(rgb >> (16 - 8 * k) & 0xFF) / 255;
        l += w[k] * (c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
    }
    return l;
}

/* Every status mark stands out from the white page at 3:1 (WCAG 1.4.11, a graphic one needs to
 * read), 未评估's grey ring too; and its ink, the word's colour, at 4.5:1 as text. */
static void test_mark_contrast(void **state)
{
    (void)state;
    for (int s = 0; s < QTR_STATUS_COUNT; s++) {
        const qtr_status_look *l = qtr_status_look_of((qtr_progress_status)s);
        double fill = 1.05 / (luminance(l->fill) + 0.05), ink = 1.05 / (luminance(l->ink) + 0.05);
        if (fill < 3.0 || ink < 4.5)
            fail_msg("%s: mark %06x at %.2f:1, ink %06x at %.2f:1", l->label, (unsigned)l->fill, fill,
                     (unsigned)l->ink, ink);
    }
}

static void test_round(void **state)
{
    (void)state;
    assert_true(qtr_words_round(262.5, 0) == 263);   /* halves away from zero */
    assert_true(qtr_words_round(-262.5, 0) == -263);
    assert_true(qtr_words_round(87.5, 0) == 88);
    assert_true(qtr_words_round(37.5, 1) == 37.5);
    assert_true(qtr_words_round(104.23568, 2) == 104.24);
    assert_true(qtr_words_round(0.775333, 3) == 0.775);
    assert_true(qtr_words_round(1.5, -1) == 2);       /* decimals clamped to 0..6 */
    assert_true(isnan(qtr_words_round(NAN, 2)));
    /* a half up to the 15th significant digit, as a spreadsheet shows it: (0.5625 − 0.6) × 100
     * is 3.749999999999998 in doubles, 3.75 exactly, 3.8 in the workbook (gansu-2016, 2018Q4) */
    assert_true(qtr_words_round((0.5625 - 0.6) * 100, 1) == -3.8);
    assert_true(qtr_words_round(2.675, 2) == 2.68);   /* 2.67499999999999982 as a double */
    assert_true(qtr_words_round(3.7499, 1) == 3.7);   /* not a half */
    assert_true(qtr_words_round(0.0499999, 1) == 0);
    char b[QTR_WORDS_NUM];
    assert_string_equal(qtr_words_number(fabs(-3.749999999999998), 1, b, sizeof b), "3.8");
    assert_true(qtr_words_round(1e300, 2) == 1e300);  /* too big to scale: as it is */
}

/* A plan with one indicator of each way of writing figures, for the figure tests. */
static const char *const FIGURE_PLAN =
    "[plan]\nid = f\nname = 数字\nregion = 市\nstart_year = 2025\n"
    "indicators = money, count, strict, ratio, cover, people\n"
    "[units]\nroster = 甲区, 乙区\n"
    "[indicator.money]\nname = 金额\nunit = 亿元\nkind = flow\ntarget = 135\nheaders = 金额(亿元)\n"
    "[indicator.count]\nname = 数量\nunit = 家\nkind = flow\ntarget = 50\nheaders = 数量(家)\n"
    "[indicator.strict]\nname = 高企\nunit = 家\nkind = stock\ncomparator = >\ntarget = 1300\nheaders = 高企(家)\n"
    "[indicator.ratio]\nname = 万人专利\nunit = 件\nkind = ratio\ntarget = 3.5\n"
    "numerator = patents\ndenominator = population\n"
    "[series.patents]\nname = 专利\nunit = 件\nkind = stock\nheaders = 专利(件)\n"
    "[series.population]\nname = 人口\nunit = 万人\nkind = stock\nheaders = 人口(万人)\n"
    "[indicator.cover]\nname = 覆盖\nunit = %\nkind = coverage\nseries = agencies\nminimum = 1\n"
    "[series.agencies]\nname = 机构\nunit = 个\nkind = stock\nheaders = 机构(个)\n"
    "[indicator.people]\nname = 人口规模\nunit = 万人\nkind = stock\ntarget = 400\nheaders = 人口规模(万人)\n";

static qtr_plan *figure_plan(void)
{
    char path[] = "/tmp/qtr-words-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, FIGURE_PLAN, strlen(FIGURE_PLAN)) == (ssize_t)strlen(FIGURE_PLAN));
    close(fd);
    qtr_plan *plan = NULL;
    qtr_error err;
    assert_int_equal(qtr_plan_load(path, &plan, &err), QTR_OK);
    unlink(path);
    return plan;
}

static const qtr_indicator *ind(const qtr_plan *plan, const char *id)
{
    return &plan->indicators[qtr_plan_find_indicator(plan, id)];
}

static void test_figures(void **state)
{
    (void)state;
    qtr_plan *plan = figure_plan();
    char b[QTR_WORDS_NUM];
    const qtr_indicator *money = ind(plan, "money"), *count = ind(plan, "count"),
                        *ratio = ind(plan, "ratio"), *cover = ind(plan, "cover"),
                        *people = ind(plan, "people");
    assert_int_equal(qtr_words_numkind(money), QTR_NUM_MONEY);
    assert_int_equal(qtr_words_numkind(count), QTR_NUM_COUNT);
    assert_int_equal(qtr_words_numkind(ratio), QTR_NUM_DECIMAL); /* 件, but a ratio */
    assert_int_equal(qtr_words_numkind(cover), QTR_NUM_PERCENT);
    assert_int_equal(qtr_words_numkind(people), QTR_NUM_DECIMAL); /* 万人 is not a whole count */
    /* money: 2 decimals whatever the figure */
    assert_string_equal(qtr_words_figure(money, QTR_FIG_ACTUAL, 104.23568, b, sizeof b), "104.24");
    assert_string_equal(qtr_words_figure(money, QTR_FIG_NEEDED, 30.76432, b, sizeof b), "30.76");
    assert_string_equal(qtr_words_figure(money, QTR_FIG_NEEDED, 135, b, sizeof b), "135.00");
    assert_int_equal(qtr_words_decimals(money, QTR_FIG_ACTUAL, 135), 2);
    /* counts: whole; what is needed is the smallest whole number that meets it */
    assert_string_equal(qtr_words_figure(count, QTR_FIG_ACTUAL, 1163, b, sizeof b), "1,163");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, 262.5, b, sizeof b), "263");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, 37.25, b, sizeof b), "38");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, 0.33, b, sizeof b), "1");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, 1125, b, sizeof b), "1,125");
    /* T * P in binary may land a hair above the whole number: it must not become one more */
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, 0.1 * 3 * 10, b, sizeof b), "3");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_ESTIMATE, 46.7, b, sizeof b), "47");
    assert_string_equal(qtr_words_figure(count, QTR_FIG_ESTIMATE, 46.4, b, sizeof b), "46");
    assert_true(qtr_words_shown(count, QTR_FIG_NEEDED, 37.5) == 38);
    assert_true(qtr_words_shown(count, QTR_FIG_ESTIMATE, 1550.6666) == 1551);
    assert_int_equal(qtr_words_decimals(count, QTR_FIG_NEEDED, 37.5), 0);
    /* ratios and 万人: up to 2 decimals, trailing zeros dropped */
    assert_string_equal(qtr_words_figure(ratio, QTR_FIG_ACTUAL, 2.923916243256986, b, sizeof b), "2.92");
    assert_string_equal(qtr_words_figure(ratio, QTR_FIG_NEEDED, 3.5, b, sizeof b), "3.5");
    assert_string_equal(qtr_words_figure(ratio, QTR_FIG_ACTUAL, 30.03, b, sizeof b), "30.03");
    assert_string_equal(qtr_words_figure(people, QTR_FIG_ACTUAL, 182.5, b, sizeof b), "182.5");
    assert_string_equal(qtr_words_figure(people, QTR_FIG_ACTUAL, 400, b, sizeof b), "400");
    assert_int_equal(qtr_words_decimals(ratio, QTR_FIG_ACTUAL, 2.9239), 2);
    assert_int_equal(qtr_words_decimals(ratio, QTR_FIG_ACTUAL, 3.5), 1);
    assert_int_equal(qtr_words_decimals(ratio, QTR_FIG_ACTUAL, 3.001), 0); /* 3.00 -> 3 */
    /* coverage: a share, as a percentage */
    assert_string_equal(qtr_words_figure(cover, QTR_FIG_ACTUAL, 0.9090909090909091, b, sizeof b), "90.9%");
    assert_string_equal(qtr_words_figure(cover, QTR_FIG_NEEDED, 1, b, sizeof b), "100.0%");
    assert_true(fabs(qtr_words_shown(cover, QTR_FIG_ACTUAL, 0.9090909) - 0.909) < 1e-12);
    /* nothing to show */
    assert_string_equal(qtr_words_figure(count, QTR_FIG_NEEDED, NAN, b, sizeof b), "—");
    assert_true(isnan(qtr_words_shown(count, QTR_FIG_NEEDED, NAN)));
    /* the text is the shown value with the shown decimals */
    const double values[] = {0, 0.5, 3.4712, 37.5, 104.23568, 262.5, 1550.6667, 155670.67};
    const qtr_indicator *inds[] = {money, count, ratio, people};
    for (size_t k = 0; k < sizeof inds / sizeof inds[0]; k++)
        for (int f = QTR_FIG_ACTUAL; f <= QTR_FIG_ESTIMATE; f++)
            for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
                char a[QTR_WORDS_NUM], c[QTR_WORDS_NUM];
                qtr_words_figure(inds[k], (qtr_figure)f, values[i], a, sizeof a);
                qtr_words_number(qtr_words_shown(inds[k], (qtr_figure)f, values[i]),
                                 qtr_words_decimals(inds[k], (qtr_figure)f, values[i]), c, sizeof c);
                assert_string_equal(a, c);
            }
    qtr_plan_free(plan);
}

static void test_numbers(void **state)
{
    (void)state;
    char b[QTR_WORDS_NUM];
    assert_string_equal(qtr_words_number(1234567.891, 2, b, sizeof b), "1,234,567.89");
    assert_string_equal(qtr_words_number(123456, 0, b, sizeof b), "123,456");
    assert_string_equal(qtr_words_number(999999.996, 2, b, sizeof b), "1,000,000.00");
    assert_string_equal(qtr_words_number(262.5, 0, b, sizeof b), "263");
    assert_string_equal(qtr_words_number(-2.5, 0, b, sizeof b), "-3");
    assert_string_equal(qtr_words_number(0.125, 2, b, sizeof b), "0.13");
    assert_string_equal(qtr_words_number(-0.001, 2, b, sizeof b), "0.00");
    assert_string_equal(qtr_words_number(-1234.5, 1, b, sizeof b), "-1,234.5");
    assert_string_equal(qtr_words_number(NAN, 2, b, sizeof b), "—");
    assert_string_equal(qtr_words_number(INFINITY, 2, b, sizeof b), "—");
    assert_string_equal(qtr_words_percent(0.7274, b, sizeof b), "72.7%");
    assert_string_equal(qtr_words_percent(0.99996, b, sizeof b), "100.0%");
    assert_string_equal(qtr_words_percent(NAN, b, sizeof b), "—");
    assert_string_equal(qtr_words_tick(50, 50, b, sizeof b), "50");
    assert_string_equal(qtr_words_tick(2.5, 2.5, b, sizeof b), "2.5");
    assert_string_equal(qtr_words_percent(12.345, b, sizeof b), "1,234.5%");
    assert_string_equal(qtr_words_number(0, 0, b, sizeof b), "0");
    assert_string_equal(qtr_words_tick(100000, 50000, b, sizeof b), "100,000");
    char d[64];
    assert_int_equal(qtr_words_date("2025-10-15T08:00:00Z", d, sizeof d), 0);
    assert_string_equal(d, "2025年10月15日");
    assert_int_equal(qtr_words_date("2025-13-15T08:00:00Z", d, sizeof d), -1);
    assert_int_equal(qtr_words_date("2025/10/15", d, sizeof d), -1);
    assert_int_equal(qtr_words_date("2025-02-30T00:00:00Z", d, sizeof d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cards),
        cmocka_unit_test(test_mark_contrast),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
