/* words.c — numbers and phrases of the leaders' report (see words.h). */
#include "words.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- numbers */

char *words_number(double v, int decimals, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "—");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    /* halves round away from zero (262.5 -> 263), as people round; printf rounds them to even */
    double scale = pow(10, decimals);
    if (fabs(v) * scale < 4e15)
        v = round(v * scale) / scale;
    char raw[WORDS_NUM_SIZE];
    int n = snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (n < 0 || (size_t)n >= sizeof raw) { /* beyond 10^50: no grouping */
        snprintf(buf, size, "%.*g", 6, v);
        return buf;
    }
    const char *digits = raw;
    int negative = raw[0] == '-';
    if (negative) {
        digits++;
        /* "-0.00" is zero */
        negative = strspn(digits, "0.") != strlen(digits);
    }
    size_t intlen = strcspn(digits, ".");
    char out[WORDS_NUM_SIZE * 2];
    size_t o = 0;
    if (negative)
        out[o++] = '-';
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    for (const char *f = digits + intlen; *f; f++)
        out[o++] = *f;
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
    return buf;
}

/* Decimals for a count: none when whole; an estimate (pace, forecast) keeps fewer decimals the
 * larger it is: 155670.67 -> 0, 26.25 -> 1 decimal, 3.47 -> 2; trailing zeros are not written. */
static int count_decimals(double v)
{
    int most = fabs(v) >= 100 ? 0 : fabs(v) >= 10 ? 1 : 2;
    for (int d = 0; d < most; d++) {
        double s = pow(10, d);
        if (fabs(v * s - round(v * s)) < 1e-6 * s)
            return d;
    }
    return most;
}

char *words_percent(double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction)) {
        snprintf(buf, size, "—");
        return buf;
    }
    char num[WORDS_NUM_SIZE - 8]; /* room for the '%' in a WORDS_NUM_SIZE buffer */
    words_number(fraction * 100, 1, num, sizeof num);
    snprintf(buf, size, "%s%%", num);
    return buf;
}

char *words_value(double v, const char *unit, char *buf, size_t size)
{
    if (chart_unit_is_percent(unit))
        return words_percent(v, buf, size);
    if (chart_unit_is_money(unit))
        return words_number(v, 2, buf, size);
    return words_number(v, isfinite(v) ? count_decimals(v) : 0, buf, size);
}

char *words_tick(double v, double step, char *buf, size_t size)
{
    int decimals = 0;
    while (decimals < 4 && isfinite(step) && step > 0 &&
           fabs(step * pow(10, decimals) - round(step * pow(10, decimals))) > 1e-6)
        decimals++;
    return words_number(v, decimals, buf, size);
}

/* ---------------------------------------------------------------- status and pace */

const char *words_status_label(chart_status s)
{
    switch (s) {
    case CHART_STATUS_NONE: return "未评估";
    case CHART_STATUS_ACHIEVED: return "已完成";
    case CHART_STATUS_ON_TRACK: return "正常";
    case CHART_STATUS_LAGGING: return "滞后";
    case CHART_STATUS_CRITICAL: return "严重滞后";
    case CHART_STATUS_MISSED: return "未完成";
    case CHART_STATUS_ABOVE_RANGE: return "超出区间";
    }
    return "未评估";
}

qtr_status words_pace(const chart_row *row, qtr_buf *out)
{
    switch (row->status) {
    case CHART_STATUS_ACHIEVED: return qtr_buf_puts(out, "已完成");
    case CHART_STATUS_MISSED: return qtr_buf_puts(out, "未完成");
    case CHART_STATUS_ABOVE_RANGE: return qtr_buf_puts(out, "超出区间上限");
    case CHART_STATUS_NONE:
    case CHART_STATUS_ON_TRACK:
    case CHART_STATUS_LAGGING:
    case CHART_STATUS_CRITICAL:
        break;
    }
    double g = row->pace_gap_pp;
    if (isnan(g))
        return QTR_OK;
    char num[WORDS_NUM_SIZE];
    words_number(fabs(g), 1, num, sizeof num);
    if (strcmp(num, "0.0") == 0) {
        /* below by less than 0.05 points still lags: say so rather than "持平" */
        if (g < 0)
            return qtr_buf_puts(out, "略低于序时进度（不足 0.1 个百分点）");
        return qtr_buf_puts(out, "与序时进度持平");
    }
    return qtr_buf_printf(out, "%s序时进度 %s 个百分点", g > 0 ? "高于" : "低于", num);
}

static int has_baseline(const chart_indicator *ind, const chart_row *row)
{
    return ind->kind == QTR_KIND_STOCK && !isnan(ind->baseline) && !isnan(row->target) &&
           row->target > ind->baseline && !isnan(row->progress);
}

qtr_status words_summary(const chart_indicator *ind, const chart_row *row, qtr_buf *out)
{
    char a[WORDS_NUM_SIZE], t[WORDS_NUM_SIZE], hi[WORDS_NUM_SIZE], c[WORDS_NUM_SIZE];
    const char *unit = chart_unit_is_percent(ind->unit) ? "" : ind->unit;
    const char *sep = *unit ? " " : "";
    words_value(row->actual, ind->unit, a, sizeof a);
    if (isnan(row->target))
        return qtr_buf_printf(out, "实际 %s%s%s", a, sep, unit);
    words_value(row->target, ind->unit, t, sizeof t);
    words_percent(row->completion, c, sizeof c);
    qtr_status st;
    if (ind->cmp == QTR_CMP_RANGE && !isnan(ind->target_hi)) {
        words_value(ind->target_hi, ind->unit, hi, sizeof hi);
        st = qtr_buf_printf(out, "%s / %s–%s%s%s，完成 %s", a, t, hi, sep, unit, c);
    } else {
        st = qtr_buf_printf(out, "%s / %s%s%s%s，完成 %s", a, ind->cmp == QTR_CMP_GT ? "超过 " : "",
                            t, sep, unit, c);
    }
    if (st != QTR_OK)
        return st;
    if (has_baseline(ind, row) && row->status != CHART_STATUS_ACHIEVED) {
        char r[WORDS_NUM_SIZE];
        st = qtr_buf_printf(out, "；增量进度 %s", words_percent(row->progress, r, sizeof r));
    }
    if (st != QTR_OK)
        return st;
    if (isnan(row->pace_gap_pp) && row->status == CHART_STATUS_NONE)
        return QTR_OK;
    if ((st = qtr_buf_puts(out, "，")) != QTR_OK)
        return st;
    return words_pace(row, out);
}

static const char *quarter_cn(int q)
{
    static const char *const cn[] = {"一", "二", "三", "四"};
    return q >= 1 && q <= 4 ? cn[q - 1] : "";
}

qtr_status words_detail(const chart_indicator *ind, const chart_row *row, int quarter, int brief,
                        qtr_buf *out)
{
    char e[WORDS_NUM_SIZE], g[WORDS_NUM_SIZE], f[WORDS_NUM_SIZE], r[WORDS_NUM_SIZE];
    const char *unit = chart_unit_is_percent(ind->unit) ? "" : ind->unit;
    const char *sp = *unit ? " " : "";
    qtr_status st = QTR_OK;
    if (isnan(row->target)) {
        if (!brief && !isnan(row->forecast))
            st = qtr_buf_printf(out, "年末预计 %s%s%s", words_value(row->forecast, ind->unit, f, sizeof f), sp, unit);
        return st;
    }
    if (row->status == CHART_STATUS_ACHIEVED || row->status == CHART_STATUS_ABOVE_RANGE) {
        double over = row->actual - row->target;
        if (over > 0)
            return qtr_buf_printf(out, "已超出目标 %s%s%s", words_value(over, ind->unit, g, sizeof g), sp, unit);
        return qtr_buf_puts(out, "已达到目标");
    }
    if (has_baseline(ind, row)) {
        char b[WORDS_NUM_SIZE];
        st = qtr_buf_printf(out, "增量进度 =（实际 − 基数）÷（目标 − 基数），基数 %s%s%s；",
                            words_value(ind->baseline, ind->unit, b, sizeof b), sp, unit);
    }
    if (st == QTR_OK && !isnan(row->expected))
        st = qtr_buf_printf(out, "按序时应达 %s%s%s，", words_value(row->expected, ind->unit, e, sizeof e), sp, unit);
    if (st == QTR_OK && !isnan(row->gap_to_target))
        st = qtr_buf_printf(out, "距目标尚差 %s%s%s", words_value(row->gap_to_target, ind->unit, g, sizeof g), sp, unit);
    /* an annual target runs to Q4 (P = q/4); a horizon target to the end of the plan */
    int annual = !isnan(row->time_progress) && fabs(row->time_progress - quarter / 4.0) < 1e-9;
    if (st == QTR_OK && !isnan(row->required) && row->required > 0 && quarter >= 1 && quarter < 4) {
        words_value(row->required, ind->unit, r, sizeof r);
        if (!annual)
            st = qtr_buf_printf(out, "，此后每季需完成 %s%s%s", r, sp, unit);
        else if (quarter == 3)
            st = qtr_buf_printf(out, "，第四季度需完成 %s%s%s", r, sp, unit);
        else
            st = qtr_buf_printf(out, "，第%s至第四季度每季需完成 %s%s%s", quarter_cn(quarter + 1), r, sp, unit);
    }
    if (st == QTR_OK && !brief && !isnan(row->forecast) && ind->kind != QTR_KIND_STOCK &&
        ind->kind != QTR_KIND_COVERAGE)
        st = qtr_buf_printf(out, "；按当前进度%s预计 %s%s%s", annual ? "年末" : "期末",
                            words_value(row->forecast, ind->unit, f, sizeof f), sp, unit);
    return st;
}

qtr_status words_headline(const chart_data *d, qtr_buf *out)
{
    static const chart_status order[] = {
        CHART_STATUS_ACHIEVED, CHART_STATUS_ON_TRACK, CHART_STATUS_LAGGING, CHART_STATUS_CRITICAL,
        CHART_STATUS_MISSED, CHART_STATUS_ABOVE_RANGE, CHART_STATUS_NONE,
    };
    size_t count[CHART_STATUS_COUNT] = {0};
    for (size_t i = 0; i < d->ninds; i++)
        count[d->inds[i].city.status]++;
    qtr_status st = qtr_buf_printf(out, "%zu项指标：", d->ninds);
    const char *sep = "";
    for (size_t k = 0; st == QTR_OK && k < sizeof order / sizeof order[0]; k++) {
        if (!count[order[k]])
            continue;
        st = qtr_buf_printf(out, "%s%s%zu项", sep, words_status_label(order[k]), count[order[k]]);
        sep = "，";
    }
    return st;
}

qtr_status words_missing(const char *missing, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    for (const char *s = missing; st == QTR_OK && *s; s++)
        st = *s == ';' ? qtr_buf_puts(out, "、") : qtr_buf_append(out, s, 1);
    return st;
}

qtr_status words_as_of(qtr_period period, qtr_buf *out)
{
    char cn[32];
    return qtr_buf_printf(out, "截至%s", qtr_period_format_cn(period, cn));
}

qtr_status words_horizon(int start_year, int end_year, qtr_buf *out)
{
    if (start_year == end_year)
        return QTR_OK;
    return qtr_buf_printf(out, "%d–%d年 · ", start_year, end_year);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int words_date(const char *iso, char *buf, size_t size)
{
    int y, m, d;
    if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' || digits(iso, 4, &y) ||
        digits(iso + 5, 2, &m) || digits(iso + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    snprintf(buf, size, "%d年%d月%d日", y, m, d);
    return 0;
}
