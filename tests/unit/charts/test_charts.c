/* test_charts.c — unit tests of the charts stage: the core words as the charts draw them
 * (numbers, status and pace wording), bullet geometry, tick steps, ranking order and its words,
 * the data-quality notice, reading the fixture report, fonts and glyph checks, and the layout
 * of every chart with a 40-character indicator name and 6-digit values (each text inside its
 * box, no two texts overlapping, the same layout on PDF and PNG surfaces).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dashboard.h"
#include "layout.h"
#include "ranking.h"
#include "attention.h"
#include "briefpage.h"
#include "pdfdoc.h"
#include "report_io.h"
#include "text.h"
#include "trend.h"
#include "words.h"

#define FONT "Noto Sans CJK SC"
#define LONG_NAME "新增孵化载体概念验证中心中试熟化平台技术转移机构其他各类科技创新服务平台数量合计"
#define A4_W 595.2756
#define A4_H 841.8898

/* ---------------------------------------------------------------- wording */

/* A row with every figure unknown (NAN), as the report reader leaves it. */
static qtr_progress_row row_blank(int unit, int indicator)
{
    qtr_progress_row r;
    memset(&r, 0, sizeof r);
    r.unit = unit;
    r.indicator = indicator;
    r.target = r.actual = r.completion = r.time_progress = r.progress = r.pace_gap_pp = NAN;
    r.expected = r.gap_to_target = r.forecast = r.required_per_quarter = r.baseline = NAN;
    r.prev_year_actual = r.yoy_growth = NAN;
    return r;
}

static qtr_progress_row row_with(double t, double a, double p, qtr_progress_status s)
{
    qtr_progress_row r = row_blank(-1, 0);
    r.has_target = !isnan(t);
    r.target = t;
    r.actual = a;
    r.completion = a / t;
    r.time_progress = p;
    r.progress = r.completion;
    r.pace_gap_pp = (r.progress - p) * 100;
    r.expected = t * p;
    r.gap_to_target = t > a ? t - a : 0;
    r.forecast = a / p;
    r.required_per_quarter = (t > a ? t - a : 0) / (4 - p * 4);
    r.status = s;
    return r;
}

static void pace_wording(void **state)
{
    (void)state;
    qtr_buf b = {0};
    qtr_progress_row r = row_with(135, 98.2, 0.75, QTR_STATUS_LAGGING);
    assert_int_equal(qtr_words_pace(&r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "低于序时进度 2.3 个百分点");

    qtr_buf_clear(&b);
    r = row_with(1500, 1167, 0.75, QTR_STATUS_ON_TRACK);
    qtr_words_pace(&r, &b);
    assert_string_equal(qtr_buf_str(&b), "高于序时进度 2.8 个百分点");

    qtr_buf_clear(&b);
    r = row_with(100, 75, 0.75, QTR_STATUS_ON_TRACK);
    qtr_words_pace(&r, &b);
    assert_string_equal(qtr_buf_str(&b), "与序时进度持平");

    qtr_buf_clear(&b);
    r = row_with(100, 74.99, 0.75, QTR_STATUS_LAGGING);
    qtr_words_pace(&r, &b);
    assert_string_equal(qtr_buf_str(&b), "略低于序时进度（不足 0.1 个百分点）");

    qtr_buf_clear(&b);
    r = row_with(350, 352, 0.75, QTR_STATUS_ACHIEVED);
    qtr_words_pace(&r, &b);
    assert_string_equal(qtr_buf_str(&b), "已完成");
    qtr_buf_free(&b);

    assert_string_equal(qtr_status_label(QTR_STATUS_NONE), "未评估");
    assert_string_equal(qtr_status_label(QTR_STATUS_ACHIEVED), "已完成");
    assert_string_equal(qtr_status_label(QTR_STATUS_ON_TRACK), "正常");
    assert_string_equal(qtr_status_label(QTR_STATUS_LAGGING), "滞后");
    assert_string_equal(qtr_status_label(QTR_STATUS_CRITICAL), "严重滞后");
    assert_string_equal(qtr_status_label(QTR_STATUS_MISSED), "未完成");
    assert_string_equal(qtr_status_label(QTR_STATUS_ABOVE_RANGE), "超出区间");

    /* the marks the charts draw: a shape per status, from the one table */
    assert_int_equal(qtr_status_look_of(QTR_STATUS_NONE)->mark, QTR_MARK_RING);
    assert_int_equal(qtr_status_look_of(QTR_STATUS_LAGGING)->mark, QTR_MARK_TRIANGLE);
    assert_int_equal(qtr_status_look_of(QTR_STATUS_NOT_DUE)->mark, QTR_MARK_CLOCK);
    lay_rgb red = marks_status_fill(QTR_STATUS_CRITICAL);
    assert_true(fabs(red.r - 0xb3 / 255.0) < 1e-9 && fabs(red.g - 0x26 / 255.0) < 1e-9 &&
                fabs(red.b - 0x1e / 255.0) < 1e-9);

    /* greyscale print: every status mark but 未评估's faint ring prints at least about 45%
     * grey (Rec. 601 luma at most 0.55; a bright amber near 0.65 faded to the least visible
     * mark), and its outline (the ink) darker still */
    for (int k = 0; k < QTR_STATUS_COUNT; k++) {
        if (k == QTR_STATUS_NONE)
            continue;
        lay_rgb f = marks_status_fill((qtr_progress_status)k), e = marks_status_text((qtr_progress_status)k);
        double lf = 0.299 * f.r + 0.587 * f.g + 0.114 * f.b, le = 0.299 * e.r + 0.587 * e.g + 0.114 * e.b;
        if (!(lf <= 0.55 && le < lf && le <= 0.4))
            fail_msg("status %d prints too light: fill luma %.2f, ink %.2f", k, lf, le);
    }

    qtr_progress_status s;
    assert_int_equal(qtr_status_parse("critical", 8, &s), 0);
    assert_int_equal(s, QTR_STATUS_CRITICAL);
    assert_int_equal(qtr_status_parse("", 0, &s), 0);
    assert_int_equal(s, QTR_STATUS_NONE);
    assert_int_equal(qtr_status_parse("late", 4, &s), -1);
}

static void summary_wording(void **state)
{
    (void)state;
    qtr_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.unit = "亿元";
    ind.kind = QTR_KIND_FLOW;
    ind.cmp = QTR_CMP_GE;
    ind.target_hi = NAN;
    ind.baseline = NAN;
    qtr_buf b = {0};
    qtr_progress_row r = row_with(135, 98.2, 0.75, QTR_STATUS_LAGGING);
    assert_int_equal(qtr_words_summary(&ind, &r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "98.20 / 135.00 亿元，完成 72.7%，低于序时进度 2.3 个百分点");
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_detail(&ind, &r, 3, 0, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "按序时应达 101.25 亿元，距目标尚差 36.80 亿元，第四季度需完成 36.80 亿元；"
                                         "按当前进度年末预计 130.93 亿元");
    qtr_buf_clear(&b);
    qtr_words_detail(&ind, &r, 3, 1, &b);
    assert_null(strstr(qtr_buf_str(&b), "预计"));

    /* missed at the year's end: only the shortfall (no 应达 = the target, no 预计 = the actual) */
    r = row_with(135, 116.5, 1.0, QTR_STATUS_MISSED);
    qtr_buf_clear(&b);
    assert_int_equal(qtr_words_detail(&ind, &r, 4, 0, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "距目标尚差 18.50 亿元");

    /* a stock with a baseline compares its progress (A-B)/(T-B) and says so */
    ind.unit = "名";
    ind.kind = QTR_KIND_STOCK;
    r = row_with(900, 846, 0.75, QTR_STATUS_LAGGING);
    r.baseline = 720;
    r.progress = (846.0 - 720) / (900 - 720);
    r.pace_gap_pp = (r.progress - 0.75) * 100;
    qtr_buf_clear(&b);
    qtr_words_summary(&ind, &r, &b);
    assert_string_equal(qtr_buf_str(&b), "846 / 900 名，完成 94.0%；增量进度 70.0%，低于序时进度 5.0 个百分点");
    qtr_buf_clear(&b);
    qtr_words_detail(&ind, &r, 3, 0, &b);
    assert_non_null(strstr(qtr_buf_str(&b), "增量进度 =（实际 − 基数）÷（目标 − 基数），基数 720 名"));

    /* strict comparator and a unit row without a target */
    ind.cmp = QTR_CMP_GT;
    ind.unit = "家";
    r = row_with(1300, 1312, 0.75, QTR_STATUS_ACHIEVED);
    qtr_buf_clear(&b);
    qtr_words_summary(&ind, &r, &b);
    assert_string_equal(qtr_buf_str(&b), "1,312 / 超过 1,300 家，完成 100.9%，已完成");
    r = row_blank(3, 0);
    r.actual = 123456;
    qtr_buf_clear(&b);
    qtr_words_summary(&ind, &r, &b);
    assert_string_equal(qtr_buf_str(&b), "实际 123,456 家");

    qtr_buf_clear(&b);
    qtr_words_missing("Q2;Q3", &b);
    assert_string_equal(qtr_buf_str(&b), "Q2、Q3");
    qtr_buf_clear(&b);
    qtr_words_as_of(qtr_period_make(2025, 3), &b);
    assert_string_equal(qtr_buf_str(&b), "截至2025年第三季度");
    qtr_buf_free(&b);
}

/* ---------------------------------------------------------------- test data */

/* A report built by hand the way compare would write it, with the plan it borrows. */
typedef struct {
    qtr_plan *plan;
    qtr_report *r;
} test_data;

static char *xdup(const char *s)
{
    char *d = qtr_strdup(s);
    assert_non_null(d);
    return d;
}

static void test_data_free(test_data *t)
{
    qtr_report_free(t->r);
    qtr_plan *p = t->plan;
    for (size_t u = 0; u < p->nunits; u++)
        free(p->units[u].name);
    for (size_t i = 0; i < p->nindicators; i++) {
        free(p->indicators[i].id);
        free(p->indicators[i].name);
        free(p->indicators[i].unit);
        free(p->indicators[i].unit_targets);
    }
    free(p->units);
    free(p->indicators);
    free(p->id);
    free(p->name);
    free(p->region);
    free(p->total_name);
    free(p);
    free(t);
}

/* Competition ranks (1, 2, 2, 4) of indicator i's unit rows by completion where unit targets
 * exist, else by actual; rows without a value this year are unranked, as compare ranks them. */
static void assign_ranks(qtr_report *r, size_t i)
{
    qtr_rank_basis basis = r->plan->indicators[i].unit_targets ? QTR_RANK_COMPLETION : QTR_RANK_ACTUAL;
    for (size_t u = 0; u < r->nunits; u++) {
        qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        double v = basis == QTR_RANK_COMPLETION ? row->completion : row->actual;
        row->rank_basis = basis;
        row->rank = 0;
        if (isnan(v) || row->nmissing >= qtr_period_quarter(r->period))
            continue;
        int above = 1;
        for (size_t w = 0; w < r->nunits; w++) {
            const qtr_progress_row *o = qtr_report_row(r, (int)w, i);
            double ov = basis == QTR_RANK_COMPLETION ? o->completion : o->actual;
            above += !isnan(ov) && o->nmissing < qtr_period_quarter(r->period) && ov > v;
        }
        row->rank = above;
    }
}

/* n indicators like Lanzhou's nine (repeated), the fifth with a 40-character name; `scale`
 * multiplies every value (1000 gives 6-digit values); nunits units, some missing Q2 and Q3,
 * per-unit targets on two indicators. */
static test_data *make_data_n(size_t n, double scale, size_t nunits, int long_name);

static test_data *make_data(double scale, size_t nunits, int long_name)
{
    return make_data_n(9, scale, nunits, long_name);
}

static void set_row_missing(qtr_progress_row *row, const char *missing, int n)
{
    snprintf(row->missing, sizeof row->missing, "%s", missing);
    row->nmissing = n;
}

static test_data *make_data_n(size_t nind, double scale, size_t nunits, int long_name)
{
    static const char *const names[] = {
        "企业技术需求发布", "挂牌成果", "科技成果转化对接活动", "促成转化重点科技成果", LONG_NAME,
        "技术经纪(理)人", "高新技术企业", "技术合同成交额", "规上工业企业研发提升",
    };
    static const double targets[] = {1500, 350, 20, 100, 50, 900, 1300, 135, 50};
    static const double done[] = {0.778, 1.006, 0.85, 0.58, 0.84, 0.94, 1.009, 0.7181, 0.82};
    static const qtr_progress_status st[] = {
        QTR_STATUS_ON_TRACK, QTR_STATUS_ACHIEVED, QTR_STATUS_ON_TRACK, QTR_STATUS_CRITICAL,
        QTR_STATUS_ON_TRACK, QTR_STATUS_LAGGING, QTR_STATUS_ACHIEVED, QTR_STATUS_LAGGING,
        QTR_STATUS_ON_TRACK,
    };
    test_data *t = calloc(1, sizeof *t);
    qtr_plan *p = calloc(1, sizeof *p);
    assert_non_null(t);
    assert_non_null(p);
    t->plan = p;
    p->id = xdup("lanzhou-2025");
    p->name = xdup("创新兰州2025年暨科技成果转化突破年行动方案");
    p->region = xdup("兰州市");
    p->total_name = xdup("全市");
    p->unit_files = 1; /* as [report] unit_files = auto gives a small roster */
    p->start_year = p->end_year = 2025;
    p->warn = 0.10;
    p->nunits = nunits;
    p->units = calloc(nunits ? nunits : 1, sizeof *p->units);
    p->nindicators = nind;
    p->indicators = calloc(nind ? nind : 1, sizeof *p->indicators);
    assert_non_null(p->units);
    assert_non_null(p->indicators);
    for (size_t u = 0; u < nunits; u++) {
        char name[64];
        if (u == 3)
            snprintf(name, sizeof name, "兰州高新技术产业开发区管理委员会科技创新局");
        else
            snprintf(name, sizeof name, "单位%03zu", u + 1);
        p->units[u].name = xdup(name);
    }
    for (size_t ii = 0; ii < nind; ii++) {
        size_t i = ii % 9;
        qtr_indicator *ind = &p->indicators[ii];
        char id[32];
        snprintf(id, sizeof id, "ind%zu", ii);
        ind->id = xdup(id);
        ind->name = xdup(i == 4 && !long_name ? "新增孵化载体" : names[i]);
        ind->unit = xdup(i == 7 ? "亿元" : "个");
        ind->kind = i == 5 || i == 6 ? QTR_KIND_STOCK : QTR_KIND_FLOW;
        ind->cmp = i == 6 ? QTR_CMP_GT : QTR_CMP_GE;
        ind->target = targets[i] * scale;
        ind->target_hi = NAN;
        ind->baseline = NAN;
        ind->key = i == 0 || i == 3 || i == 6 || i == 7;
        if (i == 0 || i == 7) {
            ind->unit_targets = calloc(nunits ? nunits : 1, sizeof *ind->unit_targets);
            assert_non_null(ind->unit_targets);
        }
    }
    qtr_report *r = qtr_report_new(p, qtr_period_make(2025, 3));
    assert_non_null(r);
    t->r = r;
    free(r->trend);
    r->trend = calloc(3 * (nind ? nind : 1), sizeof *r->trend);
    assert_non_null(r->trend);
    for (size_t ii = 0; ii < nind; ii++) {
        size_t i = ii % 9;
        qtr_indicator *ind = &p->indicators[ii];
        double tt = ind->target;
        qtr_progress_row *city = qtr_report_row(r, -1, ii);
        *city = row_with(tt, tt * done[i], 0.75, st[i]);
        city->indicator = (int)ii;
        set_row_missing(city, "Q2", 1);
        if (ind->kind == QTR_KIND_STOCK)
            city->baseline = tt * 0.8;
        for (size_t u = 0; u < nunits; u++) {
            double share = tt / (double)nunits * (1.6 - 1.2 * (double)((u * 7 + i) % nunits) / (double)nunits);
            qtr_progress_row *ur = qtr_report_row(r, (int)u, ii);
            if (ind->unit_targets) {
                *ur = row_with(share, share * (0.5 + 0.1 * (double)(u % 6)), 0.75, (qtr_progress_status)(1 + u % 4));
                ind->unit_targets[u] = share;
            } else {
                *ur = row_blank((int)u, (int)ii);
                ur->actual = share * 0.7;
                ur->time_progress = 0.75;
                ur->forecast = ur->actual / 0.75;
            }
            ur->unit = (int)u;
            ur->indicator = (int)ii;
            set_row_missing(ur, u % 5 == 4 ? "Q2;Q3" : "", u % 5 == 4 ? 2 : 0);
        }
        assign_ranks(r, ii);
        r->trend_start[ii] = 3 * ii;
        for (int k = 0; k < 3; k++) {
            qtr_trend_point *pt = &r->trend[3 * ii + (size_t)k];
            pt->period = qtr_period_make(2025, k + 1);
            pt->actual = tt * done[i] * (k + 1) / 3.0;
            pt->expected = tt * (k + 1) / 4.0;
            pt->amount = k == 1 ? NAN : tt / 4;
            pt->time_progress = (k + 1) / 4.0;
        }
    }
    r->trend_start[nind] = 3 * nind;
    r->sum.input = (qtr_input_counts){1, 6, 47, 421, 2, 1, 2, 0};
    r->sum.units_reporting = nunits;
    assert_int_equal(qtr_report_summarize(r), QTR_OK);
    return t;
}

/* ---------------------------------------------------------------- geometry */

static void bullet_geometry(void **state)
{
    (void)state;
    dashboard_geom g;
    dashboard_bullet(0.727, 0.75, NAN, 1.2, 100, 240, &g);
    assert_true(fabs(g.x0 - 100) < 1e-9 && fabs(g.x1 - 340) < 1e-9);
    assert_true(fabs(g.bar_end - (100 + 240 * 0.727 / 1.2)) < 1e-9);
    assert_true(fabs(g.target_x - 300) < 1e-9);
    assert_true(fabs(g.pace_x - 250) < 1e-9);
    assert_true(fabs(g.band_x[0] - 100) < 1e-9 && fabs(g.band_x[1] - 200) < 1e-9);
    assert_true(fabs(g.band_x[2] - 260) < 1e-9 && fabs(g.band_x[3] - 300) < 1e-9);
    assert_true(fabs(g.band_x[4] - 340) < 1e-9);
    assert_false(g.overflow);
    assert_true(isnan(g.hi_x));
    /* beyond the scale: cut at the end and flagged */
    dashboard_bullet(2.0, 0.75, 1.2, 1.5, 0, 300, &g);
    assert_true(g.overflow);
    assert_true(fabs(g.bar_end - 300) < 1e-9);
    assert_true(fabs(g.hi_x - 240) < 1e-9);
    assert_true(fabs(g.target_x - 200) < 1e-9);
    /* nothing yet, unknown pace */
    dashboard_bullet(-0.1, NAN, NAN, 1.2, 0, 120, &g);
    assert_true(fabs(g.bar_end) < 1e-9);
    assert_true(isnan(g.pace_x));
    dashboard_bullet(NAN, 0.5, NAN, 1.2, 0, 120, &g);
    assert_true(fabs(g.bar_end) < 1e-9);

    test_data *d = make_data(1, 12, 0);
    assert_true(fabs(dashboard_scale_max(d->r) - 1.2) < 1e-9);
    qtr_report_row(d->r, -1, 1)->completion = 1.31;
    assert_true(fabs(dashboard_scale_max(d->r) - 1.5) < 1e-9);
    /* the pace marker of a stock with a baseline sits at E / T */
    qtr_progress_row *row = qtr_report_row(d->r, -1, 5);
    row->expected = 855;
    row->target = 900;
    assert_true(fabs(dashboard_pace_fraction(row) - 0.95) < 1e-12);
    test_data_free(d);

    assert_true(fabs(trend_nice_step(1500, 4, 0) - 500) < 1e-9);
    assert_true(fabs(trend_nice_step(135, 4, 0) - 50) < 1e-9);
    assert_true(fabs(trend_nice_step(12, 4, 0) - 5) < 1e-9);
    assert_true(fabs(trend_nice_step(1, 4, 0) - 0.25) < 1e-9);
    assert_true(fabs(trend_nice_step(0, 4, 0) - 1) < 1e-9);
    /* counts: whole steps, no 2.5 */
    assert_true(fabs(trend_nice_step(1, 4, 1) - 1) < 1e-9);
    assert_true(fabs(trend_nice_step(12.5, 4, 1) - 5) < 1e-9);
    assert_true(fabs(trend_nice_step(9, 4, 1) - 5) < 1e-9);
    assert_true(fabs(trend_nice_step(1000, 4, 1) - 250) < 1e-9);
}

static void ranking_selection(void **state)
{
    (void)state;
    test_data *d = make_data(1, 12, 0);
    qtr_report *r = d->r;
    size_t order[12];
    /* unit 6 reported nothing this year; units 1 and 2 tie */
    qtr_progress_row *row = qtr_report_row(r, 5, 2);
    set_row_missing(row, "Q1;Q2;Q3", 3);
    qtr_report_row(r, 0, 2)->actual = 5;
    qtr_report_row(r, 1, 2)->actual = 5;
    assign_ranks(r, 2);
    assert_int_equal(row->rank, 0);
    size_t n = ranking_order(r, 2, order);
    assert_int_equal(n, 11);
    assert_int_equal(order[11], 5); /* the unranked after the ranked, never among them */
    for (size_t k = 1; k < n; k++) {
        int a = qtr_report_row(r, (int)order[k - 1], 2)->rank, b = qtr_report_row(r, (int)order[k], 2)->rank;
        assert_true(a > 0 && (a < b || (a == b && order[k - 1] < order[k])));
    }
    /* the tied units share a rank and the next one is skipped */
    assert_int_equal(qtr_report_row(r, 0, 2)->rank, qtr_report_row(r, 1, 2)->rank);
    qtr_buf b = {0};
    assert_int_equal(ranking_subtitle(r, 2, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "单位：个；按截至2025年第三季度的累计值从高到低排名，并列者名次相同；"
                                         "未分解单位目标，不评价单位状态。");
    qtr_buf_clear(&b);
    assert_int_equal(ranking_unranked_note(r, 2, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "未参加排名：单位006（本年未报送）。");
    /* by completion where the units have targets (units 1 and 7 both at 50%); every unit
     * ranked: no note */
    assert_int_equal(qtr_report_row(r, 0, 0)->rank, qtr_report_row(r, 6, 0)->rank);
    qtr_buf_clear(&b);
    assert_int_equal(ranking_subtitle(r, 0, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "单位：个；按截至2025年第三季度的单位目标完成率从高到低排名，并列者名次相同；"
                                         "条形为实际值，颜色和符号表示单位目标完成状态，括号内为单位目标完成率。");
    qtr_buf_clear(&b);
    assert_int_equal(ranking_unranked_note(r, 0, &b), QTR_OK);
    assert_int_equal(b.len, 0);
    qtr_buf_free(&b);
    n = ranking_order(r, 0, order);
    assert_int_equal(n, 12);
    for (size_t k = 1; k < n; k++)
        assert_true(qtr_report_row(r, (int)order[k - 1], 0)->completion >=
                    qtr_report_row(r, (int)order[k], 0)->completion);
    test_data_free(d);
    /* a large roster: counts as people read them; the unranked named up to ten, then counted */
    d = make_data(1, 1200, 0);
    for (int u = 100; u < 112; u++)
        set_row_missing(qtr_report_row(d->r, u, 2), "Q1;Q2;Q3", 3);
    assign_ranks(d->r, 2);
    assert_int_equal(ranking_subtitle(d->r, 2, &b), QTR_OK);
    assert_non_null(strstr(qtr_buf_str(&b), "共 1,188 个单位参加排名，仅列前 10 名和后 10 名。"));
    qtr_buf_clear(&b);
    assert_int_equal(ranking_unranked_note(d->r, 2, &b), QTR_OK);
    assert_non_null(strstr(qtr_buf_str(&b), "未参加排名：单位101（本年未报送）、单位102（本年未报送）、"));
    assert_non_null(strstr(qtr_buf_str(&b), "、单位110（本年未报送） 等 12 个单位。"));
    qtr_buf_free(&b);
    test_data_free(d);
    size_t top, bottom;
    ranking_shown(12, &top, &bottom);
    assert_int_equal(top, 12);
    assert_int_equal(bottom, 0);
    ranking_shown(500, &top, &bottom);
    assert_int_equal(top, 10);
    assert_int_equal(bottom, 10);
}

/* The data-quality notice tells the summary's counts and its list of missing reports. */
/* Page 1's names of what lags, worst first, and the year-on-year figure as shown. */
static void attention_words(void **state)
{
    (void)state;
    test_data *d = make_data(1, 12, 0);
    qtr_buf b = {0};
    assert_int_equal(attention_names(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "严重滞后：促成转化重点科技成果。滞后：技术经纪(理)人；技术合同成交额。");
    size_t idx[9];
    assert_int_equal(attention_indicators(d->r, idx), 3);
    assert_int_equal(idx[0], 3);
    assert_int_equal(idx[1], 5);
    /* key (0, 3, 6, 7) and lagging (3, 5, 7): 0, 3, 5, 6, 7 in plan order */
    assert_int_equal(attention_ranked(d->r, idx), 5);
    assert_int_equal(idx[2], 5);
    /* as they fit a box: all of them in a wide one; in a narrow one (page 1's two lines, the
     * card's six) at most 3, 2, 1 of each status with the count, whole names */
    cairo_surface_t *rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rs);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_style ns = lay_style_make(9.5, 1, MARKS_INK);
    ns.max_lines = 1;
    qtr_buf_clear(&b);
    assert_int_equal(attention_names_fitting(c, d->r, &ns, lay_box_make(0, 0, 2000, 40), &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "严重滞后：促成转化重点科技成果。滞后：技术经纪(理)人；技术合同成交额。");
    qtr_buf_clear(&b);
    assert_int_equal(attention_names_fitting(c, d->r, &ns, lay_box_make(0, 0, 250, 40), &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "严重滞后：促成转化重点科技成果。滞后：技术经纪(理)人 等 2 项。");
    qtr_buf_clear(&b);
    assert_int_equal(attention_names_fitting(c, d->r, &ns, lay_box_make(0, 0, 20, 40), &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "严重滞后：促成转化重点科技成果。滞后：技术经纪(理)人 等 2 项。");
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(rs);
    qtr_buf_clear(&b);
    assert_int_equal(attention_mark(d->r, 0, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "※缺报Q2");
    for (size_t i = 0; i < d->r->nind; i++)
        qtr_report_row(d->r, -1, i)->status = QTR_STATUS_ON_TRACK;
    qtr_buf_clear(&b);
    assert_int_equal(attention_names(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "各项指标均无滞后。");
    qtr_buf_free(&b);
    char g[QTR_WORDS_NUM];
    assert_string_equal(attention_yoy(0.05, g, sizeof g), "+5.0%");
    assert_string_equal(attention_yoy(-0.12, g, sizeof g), "−12.0%");
    assert_string_equal(attention_yoy(-0.0004, g, sizeof g), "0.0%");
    assert_string_equal(attention_yoy(NAN, g, sizeof g), "—");
    test_data_free(d);
}

static void notice_words(void **state)
{
    (void)state;
    test_data *d = make_data(1, 12, 0);
    qtr_buf b = {0};
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b),
                        "输入数据中有 2 处错误未被采用，另有 1 条警告，已逐条列入各有关单位的整改清单。"
                        "以下单位有季度未报送（未报季度按 0 计入累计，存量指标沿用上期数，括号内为涉及指标数）："
                        "单位005 Q2、Q3（9项）、单位010 Q2、Q3（9项）。");
    assert_non_null(strstr(qtr_buf_str(&b), d->r->sum.missing_text));
    /* rejects of other years only: the notice names the missing reports alone */
    d->r->sum.input.errors_in_scope = 0;
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "以下单位有季度未报送（未报季度按 0 计入累计，存量指标沿用上期数，括号内为涉及指标数）："
                                         "单位005 Q2、Q3（9项）、单位010 Q2、Q3（9项）。");
    /* some of them concern the report */
    d->r->sum.input.errors_in_scope = 1;
    d->r->sum.input.warnings = 0;
    d->r->sum.units_missing = 0;
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "输入数据中有 2 处错误未被采用（其中 1 处涉及本期报告），已逐条列入各有关单位的整改清单。");
    /* a problem no unit could be told for is in no unit's 整改清单: the notice says which */
    d->r->sum.input.unitless = 1;
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "输入数据中有 2 处错误未被采用（其中 1 处涉及本期报告）；其中 1 处无法确定属于哪个单位，"
                                         "明细见 rejects.csv，其余已逐条列入各有关单位的整改清单。");
    d->r->sum.input.unitless = 2;
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "输入数据中有 2 处错误未被采用（其中 1 处涉及本期报告），均无法确定属于哪个单位，"
                                         "明细见 rejects.csv。");
    /* a plan without the units' own files ([report] unit_files) sends the reader to the workbook */
    d->plan->unit_files = 0;
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "输入数据中有 2 处错误未被采用（其中 1 处涉及本期报告），明细见工作簿“数据质量”表。");
    test_data_free(d);
    /* many units: the first ten, then how many */
    d = make_data(1, 60, 0);
    assert_int_equal(d->r->sum.units_missing, 12);
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(d->r, &b), QTR_OK);
    assert_non_null(strstr(qtr_buf_str(&b), "：单位005 Q2、Q3（9项）、单位010"));
    assert_non_null(strstr(qtr_buf_str(&b), "、单位050 Q2、Q3（9项） 等 12 个单位。"));
    assert_null(strstr(qtr_buf_str(&b), "单位055"));
    test_data_free(d);
    qtr_buf_free(&b);
}

/* ---------------------------------------------------------------- reading the fixture */

static void read_fixture(void **state)
{
    (void)state;
    qtr_error err;
    qtr_plan *plan;
    assert_int_equal(qtr_plan_load("tests/fixtures/charts/plan.ini", &plan, &err), QTR_OK);
    qtr_report_paths p = {"tests/fixtures/charts/progress.csv", "tests/fixtures/charts/quarterly.csv",
                          "tests/fixtures/charts/compare.txt", NULL};
    qtr_report *r;
    assert_int_equal(qtr_report_read(plan, &p, &r, &err), QTR_OK);
    assert_int_equal(r->nind, 9);
    assert_int_equal(r->nunits, 12);
    assert_int_equal(r->period, qtr_period_make(2025, 3));
    assert_int_equal(r->sum.input.errors, 2);
    assert_int_equal(r->sum.input.warnings, 1);
    assert_int_equal(r->sum.units_missing, 2);
    assert_string_equal(r->sum.missing_text, "西固区 Q2（1项）、红古区 Q2（9项）");
    assert_string_equal(r->sum.headline, "9项指标：已完成2项，正常4项，滞后2项，严重滞后1项");
    long brokers = qtr_plan_find_indicator(plan, "brokers");
    assert_true(brokers >= 0);
    assert_true(fabs(qtr_report_row(r, -1, (size_t)brokers)->baseline - 720) < 1e-6);
    assert_true(isnan(qtr_report_row(r, -1, 0)->baseline));
    assert_int_equal(r->trend_start[1] - r->trend_start[0], 3);
    assert_int_equal(qtr_report_row(r, -1, 0)->status, QTR_STATUS_ON_TRACK);
    assert_string_equal(qtr_report_row(r, 4, 0)->missing, "Q2");
    /* demands has unit targets: ranked by completion, 红古区 last of the 12 */
    assert_int_equal(qtr_report_row(r, 4, 0)->rank_basis, QTR_RANK_COMPLETION);
    assert_int_equal(qtr_report_row(r, 4, 0)->rank, 12);
    qtr_buf b = {0};
    assert_int_equal(ranking_subtitle(r, 0, &b), QTR_OK);
    assert_non_null(strstr(qtr_buf_str(&b), "按截至2025年第三季度的单位目标完成率从高到低排名"));
    qtr_buf_clear(&b);
    assert_int_equal(dashboard_notice_text(r, &b), QTR_OK);
    assert_string_equal(qtr_buf_str(&b), "输入数据中有 2 处错误未被采用，另有 1 条警告，已逐条列入各有关单位的整改清单。"
                                         "以下单位有季度未报送（未报季度按 0 计入累计，存量指标沿用上期数，括号内为涉及指标数）："
                                         "西固区 Q2（1项）、红古区 Q2（9项）。");
    qtr_buf_free(&b);

    /* dashboard, trend, card grid, rankings of the 4 key indicators and of brokers (滞后) */
    assert_int_equal(pdfdoc_page_count(r), 6);
    assert_int_equal(pdfdoc_image_count(r), 8);
    char name[128];
    pdfdoc_image_name(r, 0, name, sizeof name);
    assert_string_equal(name, "chart-01-dashboard");
    pdfdoc_image_name(r, 1, name, sizeof name);
    assert_string_equal(name, "chart-02-trend");
    pdfdoc_image_name(r, 2, name, sizeof name);
    assert_string_equal(name, "chart-03-cards");
    pdfdoc_image_name(r, 3, name, sizeof name);
    assert_string_equal(name, "chart-04-ranking-demands");
    pdfdoc_image_name(r, 5, name, sizeof name);
    assert_string_equal(name, "chart-06-ranking-brokers");
    pdfdoc_image_name(r, 7, name, sizeof name);
    assert_string_equal(name, "chart-08-ranking-contract_volume");
    qtr_report_free(r);

    /* a missing file is QTR_ERR_OPEN */
    p.summary = "tests/fixtures/charts/no-such-file.txt";
    assert_int_equal(qtr_report_read(plan, &p, &r, &err), QTR_ERR_OPEN);
    assert_null(r);
    qtr_plan_free(plan);
}

/* ---------------------------------------------------------------- fonts and glyphs */

/* Set once fontconfig had to substitute: its debug clean-up then asserts (see layout.h). */
static int substituted;

static void font_checks(void **state)
{
    (void)state;
    substituted = 1;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, "No Such Font Family 7", &err);
    assert_null(c);
    assert_int_equal(err.status, QTR_ERR_CONFIG);
    assert_non_null(strstr(err.message, "No Such Font Family 7"));

    c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_style st = lay_style_make(10, 0, (lay_rgb){0, 0, 0});
    lay_text(c, "正常文字 123", &st, lay_box_make(0, 0, 200, 20), NULL);
    assert_int_equal(lay_canvas_status(c), QTR_OK);
    assert_false(lay_canvas_fallback(c));
    /* U+0E3F (baht) is not in Noto Sans CJK: another font (DejaVu) or, without one, an error */
    lay_text(c, "价格\xe0\xb8\xbf" "100", &st, lay_box_make(0, 0, 200, 20), NULL);
    assert_true(lay_canvas_fallback(c) || lay_canvas_status(c) == QTR_ERR_CONFIG);
    lay_canvas_free(c);
    c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    /* U+E000 (private use): no installed font has a glyph for it */
    lay_text(c, "指标\xee\x80\x80名称", &st, lay_box_make(0, 30, 200, 20), NULL);
    assert_int_equal(lay_canvas_status(c), QTR_ERR_CONFIG);
    assert_non_null(strstr(lay_canvas_error(c)->message, "指标"));
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* ---------------------------------------------------------------- layout extents */

typedef qtr_status (*draw_fn)(lay_canvas *c, const qtr_report *r, size_t part, lay_box box);

static qtr_status draw_rankings(lay_canvas *c, const qtr_report *r, size_t part, lay_box box)
{
    (void)part;
    double h = (box.h - 26) / 2;
    qtr_status st = ranking_draw(c, r, 0, lay_box_make(box.x, box.y, box.w, h));
    if (st == QTR_OK)
        st = ranking_draw(c, r, 7, lay_box_make(box.x, box.y + h + 26, box.w, h));
    return st;
}

/* Every text inside its box and the area, none overlapping another, none cut with "…"
 * unless allowed; returns the records' count. */
static size_t check_layout(const lay_canvas *c, lay_box area, const char *must_show)
{
    size_t n = lay_canvas_nrecords(c);
    const lay_record *r = lay_canvas_records(c);
    int shown = must_show == NULL;
    for (size_t i = 0; i < n; i++) {
        if (!lay_box_contains(r[i].box, r[i].used, 0.05) || !lay_box_contains(area, r[i].used, 0.05))
            fail_msg("text \"%s\" at (%.2f,%.2f %.2fx%.2f) leaves its box (%.2f,%.2f %.2fx%.2f)", r[i].text,
                     r[i].used.x, r[i].used.y, r[i].used.w, r[i].used.h, r[i].box.x, r[i].box.y, r[i].box.w,
                     r[i].box.h);
        if (r[i].used.w <= 0 || r[i].used.h <= 0)
            fail_msg("text \"%s\" has no extent", r[i].text);
        for (size_t j = i + 1; j < n; j++)
            if (lay_box_overlaps(r[i].used, r[j].used, 0.05))
                fail_msg("\"%s\" (%.2f,%.2f %.2fx%.2f) overlaps \"%s\" (%.2f,%.2f %.2fx%.2f)", r[i].text,
                         r[i].used.x, r[i].used.y, r[i].used.w, r[i].used.h, r[j].text, r[j].used.x,
                         r[j].used.y, r[j].used.w, r[j].used.h);
        if (must_show && strcmp(r[i].text, must_show) == 0 && !r[i].ellipsized)
            shown = 1;
    }
    if (!shown)
        fail_msg("\"%s\" is not shown in full", must_show);
    return n;
}

/* Ranking pages the PDF should have, worked out from the plan and the city rows as docs say:
 * every key indicator and every one 滞后, 严重滞后 or 未完成 (every indicator when none is key),
 * two per page; plus one page for the card grid when some unit row has a target. */
static size_t expected_district_pages(const qtr_report *r)
{
    size_t nk = 0, n = 0;
    int cards = 0;
    for (size_t i = 0; i < r->nind; i++)
        nk += r->plan->indicators[i].key != 0;
    for (size_t i = 0; i < r->nind; i++) {
        qtr_progress_status s = qtr_report_row(r, -1, i)->status;
        n += nk == 0 || r->plan->indicators[i].key || s == QTR_STATUS_LAGGING || s == QTR_STATUS_CRITICAL ||
             s == QTR_STATUS_MISSED;
        for (size_t u = 0; u < r->nunits; u++)
            cards |= !isnan(qtr_report_row(r, (int)u, i)->target);
    }
    return (n + 1) / 2 + (size_t)cards;
}

static size_t layout_case(test_data *d, draw_fn draw, size_t part, const char *must_show)
{
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_canvas_record(c, 1);
    lay_box area = lay_box_make(48, 62, A4_W - 96, 718);
    assert_int_equal(draw(c, d->r, part, area), QTR_OK);
    size_t n = check_layout(c, area, must_show);
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return n;
}

/* Lays out like layout_case and keeps every text drawn (a NULL-terminated array; free with
 * free_texts). */
static char **layout_texts(test_data *d, draw_fn draw, size_t part, size_t *count)
{
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_canvas_record(c, 1);
    lay_box area = lay_box_make(48, 62, A4_W - 96, 718);
    assert_int_equal(draw(c, d->r, part, area), QTR_OK);
    size_t n = check_layout(c, area, NULL);
    const lay_record *r = lay_canvas_records(c);
    char **texts = calloc(n + 1, sizeof *texts);
    assert_non_null(texts);
    for (size_t i = 0; i < n; i++) {
        texts[i] = qtr_strdup(r[i].text);
        assert_non_null(texts[i]);
    }
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    *count = n;
    return texts;
}

static void free_texts(char **texts)
{
    for (size_t i = 0; texts[i]; i++)
        free(texts[i]);
    free(texts);
}

/* 1 when t is a number as a tick label writes it ("1,500", "2.5"). */
static int is_tick(const char *t)
{
    if (!*t)
        return 0;
    for (; *t; t++)
        if (!(*t >= '0' && *t <= '9') && *t != ',' && *t != '.')
            return 0;
    return 1;
}

/* Checks every text a multi-year trend page drew, in drawing order: the title, the subtitle
 * naming `as_of`, the three legend labels, then per indicator its name, status line, figures
 * line, its y tick labels (ascending numbers) and its x labels, which must be exactly the years
 * listed (as "2018" or "18"). Nothing else may be drawn. */
static void check_trend_texts(char *const *t, size_t n, const test_data *d, const char *as_of,
                              const int *years, size_t nyears)
{
    static const char *const head[] = {"季度累计进展与序时进度", NULL, "实际完成（空心点：该季度无单位报送）",
                                       "序时进度应达", "目标"};
    assert_true(n > 5);
    for (size_t i = 0; i < 5; i++)
        if (head[i])
            assert_string_equal(t[i], head[i]);
    assert_non_null(strstr(t[1], as_of));
    size_t k = 5;
    const qtr_report *rep = d->r;
    for (size_t i = 0; i < rep->nind; i++) {
        const qtr_indicator *ind = &rep->plan->indicators[i];
        assert_true(k + 3 <= n);
        assert_string_equal(t[k], ind->name);
        assert_non_null(strstr(t[k + 1], qtr_status_label(qtr_report_row(rep, -1, i)->status)));
        assert_non_null(strstr(t[k + 1], ind->unit));
        assert_non_null(strstr(t[k + 2], " · 应达 "));
        assert_non_null(strstr(t[k + 2], " · 目标 "));
        k += 3;
        /* the y ticks: the texts up to the x labels, each a number, at least two */
        size_t ticks = 0;
        while (k + ticks + nyears < n &&
               (i + 1 == rep->nind || strcmp(t[k + ticks + nyears], rep->plan->indicators[i + 1].name) != 0))
            ticks++;
        if (ticks < 2)
            fail_msg("%s: too few texts after its figures line for 2+ y ticks and %zu x labels", ind->name,
                     nyears);
        for (size_t j = 0; j < ticks; j++)
            if (!is_tick(t[k + j]))
                fail_msg("%s: tick label %zu is \"%s\"", ind->name, j, t[k + j]);
        k += ticks;
        for (size_t y = 0; y < nyears; y++, k++) {
            char full[8], two[4];
            snprintf(full, sizeof full, "%d", years[y]);
            snprintf(two, sizeof two, "%02d", years[y] % 100);
            if (k >= n || (strcmp(t[k], full) != 0 && strcmp(t[k], two) != 0))
                fail_msg("%s: x label %zu is \"%s\", expected %s", ind->name, y, k < n ? t[k] : "(none)", full);
        }
    }
    if (k != n)
        fail_msg("%zu texts drawn, %zu expected; the first one more: \"%s\"", n, k, t[k]);
}

static void layout_long_name_big_values(void **state)
{
    (void)state;
    /* 6-digit values (x 1000) and a 40-character name */
    assert_int_equal(strlen(LONG_NAME), 40 * 3);
    test_data *d = make_data(1000, 12, 1);
    assert_true(qtr_report_row(d->r, -1, 0)->actual >= 100000);
    assert_true(layout_case(d, dashboard_draw, 0, LONG_NAME) > 40);
    assert_true(layout_case(d, trend_draw, 0, NULL) > 60);
    assert_true(layout_case(d, draw_rankings, 0, NULL) > 40);
    test_data_free(d);
    /* ordinary values too */
    d = make_data(1, 12, 0);
    layout_case(d, dashboard_draw, 0, "新增孵化载体");
    layout_case(d, dashboard_draw, 0, "9项指标：已完成2项，正常4项，滞后2项，严重滞后1项");
    layout_case(d, trend_draw, 0, NULL);
    /* a unit without a value this year is named under the bars, not ranked after the others */
    set_row_missing(qtr_report_row(d->r, 2, 0), "Q1;Q2;Q3", 3);
    assign_ranks(d->r, 0);
    layout_case(d, draw_rankings, 0, "未参加排名：单位003（本年未报送）。");
    test_data_free(d);
}

static void layout_large_roster(void **state)
{
    (void)state;
    /* 500 units: the rankings show 10 + 10 rows whatever the roster's size */
    test_data *d = make_data(1000, 500, 1);
    size_t small = 0, big;
    test_data *d12 = make_data(1000, 25, 1);
    small = layout_case(d12, draw_rankings, 0, NULL);
    big = layout_case(d, draw_rankings, 0, NULL);
    assert_true(big <= small + 4); /* + the "中间 N 个单位从略" lines */
    layout_case(d, dashboard_draw, 0, NULL);
    test_data_free(d);
    test_data_free(d12);
}

/* Multi-year horizons: the x axis labels years (every n-th when many), nothing overlaps, and
 * every text drawn is the one expected (check_trend_texts). */
static void set_window(test_data *d, qtr_period first, qtr_period last)
{
    qtr_report *r = d->r;
    size_t n = (size_t)(last - first + 1);
    r->period = last;
    free(r->trend);
    r->trend = calloc(n * r->nind, sizeof *r->trend);
    assert_non_null(r->trend);
    for (size_t i = 0; i < r->nind; i++) {
        qtr_progress_row *city = qtr_report_row(r, -1, i);
        qtr_trend_point *trend = r->trend + n * i;
        r->trend_start[i] = n * i;
        d->plan->indicators[i].kind = i % 3 == 0 ? QTR_KIND_PERIOD_FLOW : i % 3 == 1 ? QTR_KIND_STOCK : QTR_KIND_RATIO;
        for (size_t k = 0; k < n; k++) {
            trend[k].period = first + (qtr_period)k;
            trend[k].actual = city->target * (double)(k + 1) / (double)(n + 2);
            trend[k].expected = city->target * (double)(k + 1) / (double)(n + 4);
            trend[k].amount = 1;
        }
        city->time_progress = 0.7; /* not q/4: a horizon target */
    }
    r->trend_start[r->nind] = n * r->nind;
}

/* 23 indicators: two dashboard pages, three trend pages, all laid out cleanly. */
static qtr_status draw_dashboard_2(lay_canvas *c, const qtr_report *r, size_t part, lay_box box)
{
    (void)part;
    return dashboard_draw(c, r, 1, box);
}

static qtr_status draw_trend_3(lay_canvas *c, const qtr_report *r, size_t part, lay_box box)
{
    (void)part;
    return trend_draw(c, r, 2, box);
}

static void layout_many_indicators(void **state)
{
    (void)state;
    test_data *d = make_data_n(23, 1000, 12, 1);
    assert_int_equal(dashboard_pages(d->r), 2);
    assert_int_equal(trend_pages(d->r), 3);
    size_t first, count;
    dashboard_page_range(d->r, 1, &first, &count);
    assert_int_equal(first, 10);
    assert_int_equal(count, 13);
    layout_case(d, dashboard_draw, 0, NULL);
    layout_case(d, draw_dashboard_2, 0, NULL);
    layout_case(d, draw_trend_3, 0, NULL);
    /* dashboard 2 + trend 3 + card grid 1 + 12 key or lagging indicators, two per page */
    assert_int_equal(expected_district_pages(d->r), 1 + 6);
    assert_int_equal(pdfdoc_page_count(d->r), 2 + 3 + 1 + 6);
    char name[128];
    pdfdoc_image_name(d->r, 1, name, sizeof name);
    assert_string_equal(name, "chart-02-dashboard-2");
    pdfdoc_image_name(d->r, 4, name, sizeof name);
    assert_string_equal(name, "chart-05-trend-3");
    test_data_free(d);
}

/* Up to 12 indicators (lanzhou-2025 has 11) all stay on page 1, laid out cleanly; from 13 on,
 * page 1 keeps 10 rows with their second line of words and the rest follow. */
static void layout_twelve_on_page_one(void **state)
{
    (void)state;
    for (size_t n = 11; n <= 13; n++) {
        test_data *d = make_data_n(n, 1000, 12, 1);
        size_t first, count;
        dashboard_page_range(d->r, 0, &first, &count);
        assert_int_equal(dashboard_pages(d->r), n <= 12 ? 1 : 2);
        assert_int_equal(count, n <= 12 ? n : 10);
        layout_case(d, dashboard_draw, 0, NULL);
        if (n == 13) {
            dashboard_page_range(d->r, 1, &first, &count);
            assert_int_equal(first, 10);
            assert_int_equal(count, 3);
            layout_case(d, draw_dashboard_2, 0, NULL);
        }
        test_data_free(d);
    }
}

/* A plan of one to three indicators: the dashboard and the trend share page 1 as report.c
 * draws it (dashboard at the top, the trend in the rest), with every text in place. */
static double shared_bottom;

static qtr_status draw_shared(lay_canvas *c, const qtr_report *r, size_t part, lay_box box)
{
    (void)part;
    double bottom = box.y;
    qtr_status st = dashboard_draw_top(c, r, box, &bottom);
    shared_bottom = bottom;
    if (st != QTR_OK)
        return st;
    double y = bottom + 30;
    return trend_draw(c, r, 0, lay_box_make(box.x, y, box.w, box.y + box.h - y));
}

static void layout_few_indicators(void **state)
{
    (void)state;
    size_t cols, rows;
    static const size_t grid[][3] = {{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 2, 2},
                                     {5, 3, 2}, {6, 3, 2}, {7, 3, 3}, {9, 3, 3}};
    for (size_t i = 0; i < sizeof grid / sizeof grid[0]; i++) {
        trend_grid(grid[i][0], &cols, &rows);
        assert_int_equal(cols, grid[i][1]);
        assert_int_equal(rows, grid[i][2]);
    }
    for (size_t n = 1; n <= 4; n++) {
        test_data *d = make_data_n(n, 1000, 12, 1);
        /* shared first page up to three indicators, then the dashboard and trend apart */
        assert_int_equal(pdfdoc_page_count(d->r), (n <= 3 ? 1 : 2) + expected_district_pages(d->r));
        if (n <= 3) {
            layout_case(d, draw_shared, 0, "企业技术需求发布");
            /* the trend below gets at least 90% of the height it takes alone (62 + 718: the
             * area's bottom) */
            assert_true(62 + 718 - (shared_bottom + 30) >= 0.9 * trend_height(d->r, 0, A4_W - 96));
        }
        layout_case(d, trend_draw, 0, NULL);
        test_data_free(d);
    }
    /* one chart alone: full width, no taller than 0.62 of its width plus its heading */
    test_data *d = make_data_n(1, 1, 12, 0);
    double w = A4_W - 96;
    double h = trend_height(d->r, 0, w);
    assert_true(h > 0.62 * w + 60 && h < 0.62 * w + 60 + 70);
    test_data_free(d);
}

static void layout_multi_year(void **state)
{
    (void)state;
    size_t n;
    char **t;
    test_data *d = make_data(1, 12, 1);
    /* four years: each labelled under every chart */
    set_window(d, qtr_period_make(2016, 1), qtr_period_make(2019, 2));
    t = layout_texts(d, trend_draw, 0, &n);
    check_trend_texts(t, n, d, "截至2019年第二季度", (const int[]){2016, 2017, 2018, 2019}, 4);
    free_texts(t);
    assert_true(layout_case(d, dashboard_draw, 0, NULL) > 9 * 3);
    /* sixteen years from a Q3: every other year labelled, the partial first one included */
    set_window(d, qtr_period_make(2004, 3), qtr_period_make(2019, 4));
    t = layout_texts(d, trend_draw, 0, &n);
    check_trend_texts(t, n, d, "截至2019年第四季度",
                      (const int[]){2004, 2006, 2008, 2010, 2012, 2014, 2016, 2018}, 8);
    free_texts(t);
    test_data_free(d);
    /* a stock without a baseline that starts mid-year, 6-digit values */
    d = make_data(1000, 12, 1);
    set_window(d, qtr_period_make(2017, 3), qtr_period_make(2019, 3));
    for (size_t i = 0; i < d->r->nind; i++)
        qtr_report_row(d->r, -1, i)->baseline = NAN;
    t = layout_texts(d, trend_draw, 0, &n);
    check_trend_texts(t, n, d, "截至2019年第三季度", (const int[]){2017, 2018, 2019}, 3);
    free_texts(t);
    test_data_free(d);
}

/* The same layout on a PDF and on a scaled PNG surface: hinting off keeps metrics identical. */
static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
    (void)closure;
    (void)data;
    (void)len;
    return CAIRO_STATUS_SUCCESS;
}

static void layout_same_on_pdf_and_png(void **state)
{
    (void)state;
    test_data *d = make_data(1000, 12, 1);
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(discard, NULL, A4_W, A4_H);
    cairo_surface_t *png = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 2300);
    cairo_t *cp = cairo_create(pdf), *ci = cairo_create(png);
    cairo_scale(ci, 1600 / A4_W, 1600 / A4_W);
    qtr_error err;
    lay_canvas *a = lay_canvas_new(cp, FONT, &err), *b = lay_canvas_new(ci, FONT, &err);
    assert_non_null(a);
    assert_non_null(b);
    lay_canvas_record(a, 1);
    lay_canvas_record(b, 1);
    lay_box area = lay_box_make(48, 62, A4_W - 96, 718);
    assert_int_equal(dashboard_draw(a, d->r, 0, area), QTR_OK);
    assert_int_equal(dashboard_draw(b, d->r, 0, area), QTR_OK);
    assert_int_equal(lay_canvas_nrecords(a), lay_canvas_nrecords(b));
    const lay_record *ra = lay_canvas_records(a), *rb = lay_canvas_records(b);
    for (size_t i = 0; i < lay_canvas_nrecords(a); i++) {
        assert_string_equal(ra[i].text, rb[i].text);
        assert_true(fabs(ra[i].used.x - rb[i].used.x) < 1e-6 && fabs(ra[i].used.w - rb[i].used.w) < 1e-6);
        assert_true(fabs(ra[i].used.y - rb[i].used.y) < 1e-6 && fabs(ra[i].used.h - rb[i].used.h) < 1e-6);
        assert_true(ra[i].size == rb[i].size);
    }
    lay_canvas_free(a);
    lay_canvas_free(b);
    cairo_destroy(cp);
    cairo_destroy(ci);
    cairo_surface_finish(pdf);
    assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(png);
    test_data_free(d);
}

/* The briefing's kind of paragraph: n units with the quarters they lack (4,000: 130 KB). */
static void units_list(qtr_buf *b, int n)
{
    for (int i = 1; i <= n; i++) {
        char name[64];
        snprintf(name, sizeof name, "单位%04d Q1、Q2（2项）、", i);
        assert_int_equal(qtr_buf_puts(b, name), QTR_OK);
    }
}

/* A paragraph far longer than its 60 lines (the briefing's list of thousands of units) is
 * measured from a prefix (layout.c, overflow_prefix): the same box as a text of the same start
 * short enough to be laid out whole, and as the box the drawing of the whole text takes; the
 * drawn lines the same pixels. */
static void long_paragraph(void **state)
{
    (void)state;
    qtr_buf whole = {0};
    units_list(&whole, 4000);
    const char *p = qtr_buf_str(&whole);
    /* its first 12,000 bytes run past 60 lines of 480 pt at 9.5 pt (about 4 names, 140 bytes, a
     * line) and are laid out whole (the first prefix tried, 11,857 bytes, is over half of them);
     * the whole text, 130 KB, is measured from that prefix */
    char *shorter = strndup(p, 12000);
    assert_non_null(shorter);
    lay_style st = lay_style_make(9.5, 0, (lay_rgb){0, 0, 0});
    st.min_size = 9.5;
    st.max_lines = 60;
    lay_box box = lay_box_make(20, 20, 480, 800), a, b, drawn_a, drawn_b;
    cairo_surface_t *img[2];
    for (int k = 0; k < 2; k++) {
        img[k] = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 520, 840);
        cairo_t *cr = cairo_create(img[k]);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        qtr_error err;
        lay_canvas *c = lay_canvas_new(cr, FONT, &err);
        assert_non_null(c);
        const char *text = k == 0 ? p : shorter;
        assert_false(lay_text_fits(c, text, &st, box));
        lay_text_fit(c, text, &st, box, k == 0 ? &a : &b);
        lay_text(c, text, &st, box, k == 0 ? &drawn_a : &drawn_b);
        assert_int_equal(lay_canvas_status(c), QTR_OK);
        lay_canvas_free(c);
        cairo_destroy(cr);
        cairo_surface_flush(img[k]);
    }
    assert_true(a.h > 59 * 9.5 && a.h < 61 * 9.5 * 1.6); /* 60 lines */
    assert_memory_equal(&a, &b, sizeof a);
    assert_memory_equal(&a, &drawn_a, sizeof a);
    assert_memory_equal(&b, &drawn_b, sizeof b);
    int stride = cairo_image_surface_get_stride(img[0]);
    assert_memory_equal(cairo_image_surface_get_data(img[0]), cairo_image_surface_get_data(img[1]),
                        (size_t)stride * 840);
    cairo_surface_destroy(img[0]);
    cairo_surface_destroy(img[1]);
    free(shorter);
    qtr_buf_free(&whole);
}

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    return qtr_buf_append(closure, (const char *)data, length) == QTR_OK ? CAIRO_STATUS_SUCCESS
                                                                        : CAIRO_STATUS_NO_MEMORY;
}

/* The PDF of a paragraph far past its 60 lines, drawn with its lines cut with "…": drawn from
 * the prefix it is measured by (layout.c, cairo_show_text_glyphs), the same bytes as with the
 * whole text laid out, whose "…" stands for every word after it (the ActualText a search or a
 * copy finds); without the hook taking, the "…" would stand for the prefix's words only. */
static void long_paragraph_pdf(void **state)
{
    (void)state;
    qtr_buf whole = {0};
    units_list(&whole, 4000);
    assert_int_equal(qtr_buf_puts(&whole, "最后一个单位"), QTR_OK);
    lay_style st = lay_style_make(9.5, 0, (lay_rgb){0, 0, 0});
    st.min_size = 9.5;
    st.max_lines = 60;
    lay_box box = lay_box_make(20, 20, 480, 800);
    qtr_buf pdf[2] = {{0}, {0}};
    for (int k = 0; k < 2; k++) {
        lay_draw_from_prefix(k == 0);
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_bytes, &pdf[k], 520, 840);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2025-10-01T00:00:00Z");
        cairo_t *cr = cairo_create(s);
        qtr_error err;
        lay_canvas *c = lay_canvas_new(cr, FONT, &err);
        assert_non_null(c);
        lay_box used;
        lay_text(c, qtr_buf_str(&whole), &st, box, &used);
        assert_int_equal(lay_canvas_status(c), QTR_OK);
        assert_true(used.h > 59 * 9.5 && used.h < 61 * 9.5 * 1.6);
        lay_canvas_free(c);
        cairo_destroy(cr);
        cairo_surface_finish(s);
        assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy(s);
    }
    lay_draw_from_prefix(1);
    assert_true(pdf[0].len > 1000);
    assert_int_equal(pdf[0].len, pdf[1].len);
    assert_memory_equal(qtr_buf_str(&pdf[0]), qtr_buf_str(&pdf[1]), pdf[0].len);
    qtr_buf_free(&pdf[0]);
    qtr_buf_free(&pdf[1]);
    qtr_buf_free(&whole);
}

/* The dashboard (page 1 of the report, fitted, wrapped and cut texts) drawn on a PDF, an SVG
 * and a PNG; the SVG and PDF bytes, the pixels. */
static void draw_dashboard_on(const test_data *d, int kind, qtr_buf *out)
{
    cairo_surface_t *s = kind == 0 ? cairo_pdf_surface_create_for_stream(append_bytes, out, A4_W, A4_H)
                       : kind == 1 ? cairo_svg_surface_create_for_stream(append_bytes, out, A4_W, A4_H)
                                   : cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 1150);
    if (kind == 0)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2025-10-01T00:00:00Z");
    cairo_t *cr = cairo_create(s);
    if (kind == 2)
        cairo_scale(cr, 800 / A4_W, 800 / A4_W);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    assert_int_equal(dashboard_draw(c, d->r, 0, lay_box_make(48, 62, A4_W - 96, 718)), QTR_OK);
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    if (kind == 2) {
        int h = cairo_image_surface_get_height(s), stride = cairo_image_surface_get_stride(s);
        assert_int_equal(qtr_buf_append(out, (const char *)cairo_image_surface_get_data(s), (size_t)h * (size_t)stride),
                         QTR_OK);
    }
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

/* An SVG's id="surfaceN" with N blanked: cairo numbers every surface the process creates,
 * its own glyph images among them, and names the SVG's page group by that number; how many
 * came before depends on how long fonts stay in its caches. */
static void blank_surface_ids(qtr_buf *b)
{
    char *s = (char *)qtr_buf_str(b);
    for (char *p = s; (p = strstr(p, "id=\"surface")) != NULL;)
        for (p += 11; *p >= '0' && *p <= '9'; p++)
            *p = 'N';
}

/* The layout memo (layout.c) changes no byte: the dashboard drawn on a PDF, an SVG and a PNG
 * with the memo off; then on, the three kinds one after the other (each could take the kind
 * before's layouts); then again (every text from the memo, its layouts made on the canvases
 * before): the same PDF, SVG (but for cairo's surface number) and pixels. */
static void memo_same_bytes(void **state)
{
    (void)state;
    test_data *d = make_data(1000, 12, 1);
    qtr_buf out[3][3] = {{{0}}}; /* [pass][kind] */
    for (int k = 0; k < 3; k++) {
        if (k < 2)
            lay_memo(k > 0); /* emptied; the third pass keeps the second's */
        for (int kind = 0; kind < 3; kind++)
            draw_dashboard_on(d, kind, &out[k][kind]);
    }
    for (int kind = 0; kind < 3; kind++) {
        assert_true(out[0][kind].len > 1000);
        for (int k = 0; k < 3 && kind == 1; k++)
            blank_surface_ids(&out[k][kind]);
        for (int k = 1; k < 3; k++) {
            assert_int_equal(out[k][kind].len, out[0][kind].len);
            assert_memory_equal(qtr_buf_str(&out[k][kind]), qtr_buf_str(&out[0][kind]), out[0][kind].len);
        }
        for (int k = 0; k < 3; k++)
            qtr_buf_free(&out[k][kind]);
    }
    test_data_free(d);
}

/* The memo's answers are the answers: one text fitted into boxes of other widths, heights and
 * line counts, at other sizes and weights, and measured, on a PDF and on a scaled image
 * canvas, gives with the memo (the second round from it) what it gives without. */
static void memo_answers(void **state)
{
    (void)state;
    static const char *texts[] = {"一二三四五六七", LONG_NAME, LONG_NAME LONG_NAME, "国", "12,345.6 亿元"};
    static const double widths[] = {30, 60, 200}, heights[] = {5, 14, 45};
    double got[3][2][600];
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        if (k < 2)
            lay_memo(k > 0);
        for (int kind = 0; kind < 2; kind++) {
            cairo_surface_t *s = kind == 0 ? cairo_pdf_surface_create_for_stream(discard, NULL, A4_W, A4_H)
                                           : cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
            cairo_t *cr = cairo_create(s);
            if (kind == 1)
                cairo_scale(cr, 2.5, 2.5);
            qtr_error err;
            lay_canvas *c = lay_canvas_new(cr, FONT, &err);
            assert_non_null(c);
            n = 0;
            for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
                for (int bold = 0; bold < 2; bold++)
                    for (int lines = 1; lines <= 3; lines += 2)
                        for (size_t wi = 0; wi < 3; wi++)
                            for (size_t hi = 0; hi < 3; hi++) {
                                lay_style st = lay_style_make(10, bold, (lay_rgb){0, 0, 0});
                                st.min_size = 6;
                                st.max_lines = lines;
                                lay_box used;
                                got[k][kind][n++] = lay_text_fit(c, texts[t], &st, lay_box_make(0, 0, widths[wi], heights[hi]), &used);
                                got[k][kind][n++] = used.w * 1000 + used.h;
                            }
                double w, h;
                lay_text_size(c, texts[t], 9 + (double)t, (int)t & 1, &w, &h);
                got[k][kind][n++] = w * 1000 + h;
                got[k][kind][n++] = lay_line_height(c, 7 + (double)t);
            }
            assert_int_equal(lay_canvas_status(c), QTR_OK);
            lay_canvas_free(c);
            cairo_destroy(cr);
            cairo_surface_finish(s);
            cairo_surface_destroy(s);
        }
    }
    assert_true(n <= 600);
    for (int k = 1; k < 3; k++)
        for (int kind = 0; kind < 2; kind++)
            for (size_t i = 0; i < n; i++)
                assert_true(got[k][kind][i] == got[0][kind][i]);
    /* and the answers vary: the key holds what they depend on */
    assert_true(got[0][0][0] != got[0][0][2 * 3 * 3 - 2] || got[0][0][1] != got[0][0][2 * 3 * 3 - 1]);
    lay_memo(1);
}

typedef struct {
    lay_canvas *c;
    size_t start[32]; /* records drawn before each page */
    size_t n;
} page_log;

static void log_page(void *ctx, size_t k)
{
    page_log *l = ctx;
    if (k < 32) {
        l->start[k] = lay_canvas_nrecords(l->c);
        l->n = k + 1;
    }
}

/* The 文字通报's pages: a heading never ends a page alone. Before each heading, 1 to 24 short
 * paragraphs move it down the first page; its paragraph (150 units, cut to what a page
 * holds) then cannot follow it there, and both go to the next page, the paragraph fitted below
 * the heading. The count of pages agrees with the drawing. */
static void heading_keeps_its_paragraph(void **state)
{
    (void)state;
    qtr_buf list = {0};
    units_list(&list, 150); /* two short pages' worth */
    lay_box box = lay_box_make(40, 40, 480, 300);
    int moved = 0;
    for (int filler = 1; filler <= 24; filler++) {
        qtr_buf text = {0};
        assert_int_equal(qtr_buf_puts(&text, "标题\n副标题\n\n一、概况\n"), QTR_OK);
        for (int i = 0; i < filler; i++)
            assert_int_equal(qtr_buf_puts(&text, "本季度各单位报送情况正常。\n"), QTR_OK);
        assert_int_equal(qtr_buf_puts(&text, "\n二、数据质量\n"), QTR_OK);
        assert_int_equal(qtr_buf_puts(&text, qtr_buf_str(&list)), QTR_OK);
        assert_int_equal(qtr_buf_puts(&text, "\n"), QTR_OK);
        cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *cr = cairo_create(s);
        qtr_error err;
        lay_canvas *c = lay_canvas_new(cr, FONT, &err);
        assert_non_null(c);
        qtr_status st;
        briefpage_layout *bl = briefpage_layout_new(c, qtr_buf_str(&text), box, &st);
        assert_non_null(bl);
        size_t counted = briefpage_layout_pages(bl);
        lay_canvas_record(c, 1);
        page_log log = {c, {0}, 0};
        assert_int_equal(briefpage_layout_draw(c, bl, log_page, &log), QTR_OK);
        briefpage_layout_free(bl);
        assert_int_equal(log.n, counted);
        const lay_record *rec = lay_canvas_records(c);
        size_t nrec = lay_canvas_nrecords(c);
        for (size_t i = 0; i < nrec; i++) {
            if (strcmp(rec[i].text, "二、数据质量") != 0)
                continue;
            assert_true(i + 1 < nrec); /* its paragraph is drawn after it... */
            for (size_t k = 1; k < log.n; k++) /* ...on the same page */
                assert_false(log.start[k] == i + 1);
            assert_true(rec[i + 1].used.y + rec[i + 1].used.h <= box.y + box.h + 0.01);
            moved |= rec[i].used.y == box.y;
        }
        lay_canvas_free(c);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        qtr_buf_free(&text);
    }
    assert_true(moved); /* some filler put the heading at the top of a page */
    qtr_buf_free(&list);
}

/* Text fitting itself: shrink, wrap, ellipsize. */
static void text_fitting(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(s);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_style st = lay_style_make(10, 0, (lay_rgb){0, 0, 0});
    st.min_size = 6;
    lay_box used, box = lay_box_make(0, 0, 60, 14);
    /* shrinks to fit one line */
    double size = lay_text_fit(c, "一二三四五六七", &st, box, &used);
    assert_true(size < 10 && size >= 6);
    assert_true(lay_box_contains(box, used, 0.01));
    assert_true(lay_text_fits(c, "一二三四五六七", &st, box));
    /* far too long: cut with an ellipsis, still inside */
    assert_false(lay_text_fits(c, LONG_NAME LONG_NAME, &st, box));
    lay_text_fit(c, LONG_NAME LONG_NAME, &st, box, &used);
    assert_true(lay_box_contains(box, used, 0.01));
    /* wraps onto 3 lines rather than shrinking below what fits */
    st.max_lines = 3;
    box = lay_box_make(0, 0, 100, 45);
    size = lay_text_fit(c, LONG_NAME, &st, box, &used);
    assert_true(size >= 6);
    assert_true(lay_box_contains(box, used, 0.01));
    assert_true(lay_text_fits(c, LONG_NAME, &st, box));
    /* a box too short for one line at the smallest size: shrinks below it, stays inside */
    st.max_lines = 1;
    box = lay_box_make(0, 0, 100, 5);
    lay_text_fit(c, "很短", &st, box, &used);
    assert_true(used.h <= 5.01);
    assert_int_equal(lay_canvas_status(c), QTR_OK);
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* ---------------------------------------------------------------- set-up */

static int free_caches(void **state)
{
    (void)state;
    lay_memo_free();
    pango_cairo_font_map_set_default(NULL);
    if (!substituted) {
        cairo_debug_reset_static_data();
        FcFini();
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pace_wording),
        cmocka_unit_test(summary_wording),
        cmocka_unit_test(bullet_geometry),
        cmocka_unit_test(ranking_selection),
        cmocka_unit_test(notice_words),
        cmocka_unit_test(attention_words),
        cmocka_unit_test(read_fixture),
        cmocka_unit_test(font_checks),
        cmocka_unit_test(text_fitting),
        cmocka_unit_test(long_paragraph),
        cmocka_unit_test(long_paragraph_pdf),
        cmocka_unit_test(heading_keeps_its_paragraph),
        cmocka_unit_test(layout_long_name_big_values),
        cmocka_unit_test(layout_large_roster),
        cmocka_unit_test(layout_few_indicators),
        cmocka_unit_test(layout_multi_year),
        cmocka_unit_test(layout_many_indicators),
        cmocka_unit_test(layout_twelve_on_page_one),
        cmocka_unit_test(layout_same_on_pdf_and_png),
        cmocka_unit_test(memo_same_bytes),
        cmocka_unit_test(memo_answers),
    };
    return cmocka_run_group_tests(tests, NULL, free_caches);
}
