/* words.c — the report's vocabulary and sentences (see words.h). */
#include "words.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "units.h"

/* ---------------------------------------------------------------- statuses */

/* The marks' colours are told apart without colour vision too: the good statuses take the
 * bluish greens of Okabe and Ito's colour-blind-safe set, the bad ones an amber, a red and a
 * maroon darker than it, so that deuteranopes see blue against yellow-brown and a greyscale
 * print keeps every mark at least mid-grey (滞后's amber prints about 50% grey, not the near
 * white of a bright yellow); the charts also draw each mark with an outline in its ink and a
 * shape of its own, and write the label. */
static const qtr_status_look LOOK[QTR_STATUS_COUNT] = {
    [QTR_STATUS_NONE] = {"", "未评估", "", QTR_MARK_RING, 0x858f9b, 0x5c6773, 0xFFFFFF, 0x333333},
    [QTR_STATUS_ACHIEVED] = {"achieved", "已完成", "green", QTR_MARK_TICK, 0x00704f, 0x00563c, 0xC6EFCE, 0x006100},
    [QTR_STATUS_ON_TRACK] = {"on_track", "正常", "green", QTR_MARK_DOT, 0x009e73, 0x006e50, 0xDDEBF7, 0x1F4E79},
    [QTR_STATUS_LAGGING] = {"lagging", "滞后", "yellow", QTR_MARK_TRIANGLE, 0xc87800, 0x7f4c00, 0xFFEB9C, 0x9C5700},
    [QTR_STATUS_CRITICAL] = {"critical", "严重滞后", "red", QTR_MARK_DIAMOND, 0xb3261e, 0x8c1d17, 0xFFC7CE, 0x9C0006},
    [QTR_STATUS_MISSED] = {"missed", "未完成", "red", QTR_MARK_CROSS, 0x6d1a1a, 0x5c1515, 0xC00000, 0xFFFFFF},
    [QTR_STATUS_ABOVE_RANGE] = {"above_range", "超出区间", "green", QTR_MARK_ARROW, 0x6b5bb5, 0x4f4391, 0xE4DFEC, 0x5B2C6F},
    [QTR_STATUS_NOT_DUE] = {"not_due", "未到期", "green", QTR_MARK_CLOCK, 0x7a8ca3, 0x4a5a6e, 0xEDEDED, 0x404040},
};

const qtr_progress_status QTR_STATUS_ORDER[QTR_STATUS_COUNT] = {
    QTR_STATUS_ACHIEVED, QTR_STATUS_ON_TRACK, QTR_STATUS_LAGGING, QTR_STATUS_CRITICAL,
    QTR_STATUS_MISSED, QTR_STATUS_ABOVE_RANGE, QTR_STATUS_NOT_DUE, QTR_STATUS_NONE,
};

const qtr_status_look *qtr_status_look_of(qtr_progress_status s)
{
    return (unsigned)s < QTR_STATUS_COUNT ? &LOOK[s] : &LOOK[QTR_STATUS_NONE];
}

const char *qtr_status_code(qtr_progress_status s)
{
    return qtr_status_look_of(s)->code;
}

const char *qtr_status_label(qtr_progress_status s)
{
    return qtr_status_look_of(s)->label;
}

const char *qtr_status_card_word(qtr_progress_status s)
{
    const char *card = qtr_status_look_of(s)->card;
    return strcmp(card, "green") == 0    ? "绿牌"
           : strcmp(card, "yellow") == 0 ? "黄牌"
           : strcmp(card, "red") == 0    ? "红牌"
                                         : "";
}

const qtr_status_look *qtr_status_card_look(qtr_progress_status s)
{
    const char *card = qtr_status_look_of(s)->card;
    return qtr_status_look_of(strcmp(card, "green") == 0    ? QTR_STATUS_ACHIEVED
                              : strcmp(card, "yellow") == 0 ? QTR_STATUS_LAGGING
                              : strcmp(card, "red") == 0    ? QTR_STATUS_CRITICAL
                                                            : QTR_STATUS_NONE);
}

int qtr_status_parse(const char *code, size_t n, qtr_progress_status *out)
{
    for (int s = 0; s < QTR_STATUS_COUNT; s++)
        if (strlen(LOOK[s].code) == n && memcmp(LOOK[s].code, code, n) == 0) {
            *out = (qtr_progress_status)s;
            return 0;
        }
    return -1;
}

int qtr_words_unit_is_money(const char *unit)
{
    int pow10;
    return unit && qtr_unit_lookup(unit, strlen(unit), &pow10) == QTR_UNIT_MONEY;
}

int qtr_words_unit_is_percent(const char *unit)
{
    return unit && (strcmp(unit, "%") == 0 || strcmp(unit, "％") == 0);
}

/* ---------------------------------------------------------------- numbers */

double qtr_words_round(double v, int decimals)
{
    if (!isfinite(v))
        return v;
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    /* halves round away from zero (262.5 -> 263), as people round; printf rounds them to even.
     * The scaled value is read to 15 significant digits, as a spreadsheet shows a number:
     * a gap of exactly 3.75 points computed as 3.749999999999998 is 3.8 in the workbook's cell,
     * and must be 3.8 in the sentences too (docs/formulas.md, 数值的显示) */
    double scale = pow(10, decimals);
    double x = fabs(v * scale);
    if (!(x < 4e15))
        return v;
    double whole = floor(x);
    /* a half to within the 15th significant digit is a half */
    double r = fabs(x - whole - 0.5) <= fmax(x, 1) * 5e-15 ? whole + 1 : round(x);
    return copysign(r, v) / scale;
}

char *qtr_words_number(double v, int decimals, char *buf, size_t size)
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
    v = qtr_words_round(v, decimals);
    char raw[QTR_WORDS_NUM];
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
    char out[QTR_WORDS_NUM * 2];
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

char *qtr_words_percent(double fraction, char *buf, size_t size)
{
    if (!isfinite(fraction)) {
        snprintf(buf, size, "—");
        return buf;
    }
    char num[QTR_WORDS_NUM - 8]; /* room for the '%' in a QTR_WORDS_NUM buffer */
    qtr_words_number(fraction * 100, 1, num, sizeof num);
    snprintf(buf, size, "%s%%", num);
    return buf;
}

qtr_numkind qtr_words_numkind(const qtr_indicator *ind)
{
    int pow10;
    if (ind->kind == QTR_KIND_COVERAGE || qtr_words_unit_is_percent(ind->unit))
        return QTR_NUM_PERCENT;
    if (ind->kind == QTR_KIND_RATIO)
        return QTR_NUM_DECIMAL;
    switch (qtr_unit_lookup(ind->unit, strlen(ind->unit), &pow10)) {
    case QTR_UNIT_MONEY: return QTR_NUM_MONEY;
    case QTR_UNIT_COUNT: return pow10 == 0 ? QTR_NUM_COUNT : QTR_NUM_DECIMAL;
    case QTR_UNIT_PERCENT: return QTR_NUM_PERCENT;
    case QTR_UNIT_UNKNOWN: break;
    }
    return QTR_NUM_DECIMAL;
}

int qtr_words_decimals(const qtr_indicator *ind, qtr_figure fig, double v)
{
    (void)fig;
    switch (qtr_words_numkind(ind)) {
    case QTR_NUM_COUNT: return 0;
    case QTR_NUM_MONEY: return 2;
    case QTR_NUM_PERCENT: return 1;
    case QTR_NUM_DECIMAL: break;
    }
    /* up to 2 decimals, trailing zeros dropped */
    if (!isfinite(v))
        return 0;
    double r = qtr_words_round(v, 2);
    for (int d = 0; d < 2; d++)
        if (qtr_words_round(r, d) == r)
            return d;
    return 2;
}

double qtr_words_shown(const qtr_indicator *ind, qtr_figure fig, double v)
{
    if (!isfinite(v))
        return v;
    qtr_numkind k = qtr_words_numkind(ind);
    if (k == QTR_NUM_COUNT && fig == QTR_FIG_NEEDED)
        return ceil(v - 1e-9); /* the binary noise of T * P must not add one */
    if (k == QTR_NUM_PERCENT)
        return qtr_words_round(v * 100, 1) / 100;
    return qtr_words_round(v, qtr_words_decimals(ind, fig, v));
}

char *qtr_words_figure(const qtr_indicator *ind, qtr_figure fig, double v, char *buf, size_t size)
{
    if (qtr_words_numkind(ind) == QTR_NUM_PERCENT)
        return qtr_words_percent(v, buf, size);
    return qtr_words_number(qtr_words_shown(ind, fig, v), qtr_words_decimals(ind, fig, v), buf, size);
}

char *qtr_words_tick(double v, double step, char *buf, size_t size)
{
    int decimals = 0;
    while (decimals < 4 && isfinite(step) && step > 0 &&
           fabs(step * pow(10, decimals) - round(step * pow(10, decimals))) > 1e-6)
        decimals++;
    return qtr_words_number(v, decimals, buf, size);
}

/* ---------------------------------------------------------------- sentences */

qtr_status qtr_words_pace(const qtr_progress_row *row, qtr_buf *out)
{
    switch (row->status) {
    case QTR_STATUS_ACHIEVED: return qtr_buf_puts(out, "已完成");
    case QTR_STATUS_MISSED: return qtr_buf_puts(out, "未完成");
    case QTR_STATUS_ABOVE_RANGE: return qtr_buf_puts(out, "超出区间上限");
    case QTR_STATUS_NOT_DUE: return qtr_buf_puts(out, "未到期");
    case QTR_STATUS_NONE:
    case QTR_STATUS_ON_TRACK:
    case QTR_STATUS_LAGGING:
    case QTR_STATUS_CRITICAL:
        break;
    }
    double g = row->pace_gap_pp;
    if (isnan(g))
        return QTR_OK;
    char num[QTR_WORDS_NUM];
    qtr_words_number(fabs(g), 1, num, sizeof num);
    if (strcmp(num, "0.0") == 0) {
        /* below by less than 0.05 points still lags: say so rather than "持平" */
        if (g < 0)
            return qtr_buf_puts(out, "略低于序时进度（不足 0.1 个百分点）");
        return qtr_buf_puts(out, "与序时进度持平");
    }
    return qtr_buf_printf(out, "%s序时进度 %s 个百分点", g > 0 ? "高于" : "低于", num);
}

/* Progress is measured from a baseline, (A - B) / (T - B): a stock's, a ratio's configured one
 * or a coverage's at the baseline quarter (they are judged like a stock). */
static int has_baseline(const qtr_indicator *ind, const qtr_progress_row *row)
{
    return (ind->kind == QTR_KIND_STOCK || ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE) &&
           !isnan(row->baseline) &&
           row->baseline != 0 && /* from 0, progress is completion: nothing to explain */
           !isnan(row->target) && row->target > row->baseline && !isnan(row->progress);
}

/* A rate (ratio, coverage) without a baseline: judged on its level against the target now, P = 1
 * (docs/formulas.md, rates without a baseline) — no 序时 wording, no forecast. */
static int rate_without_base(const qtr_indicator *ind, const qtr_progress_row *row)
{
    return (ind->kind == QTR_KIND_RATIO || ind->kind == QTR_KIND_COVERAGE) && isnan(row->baseline) &&
           !isnan(row->target);
}

/* The unit as written after a number: "" for a percentage (the number carries '%'). */
static const char *unit_text(const qtr_indicator *ind)
{
    return qtr_words_unit_is_percent(ind->unit) ? "" : ind->unit;
}

/* A deliverable's milestone (pace = deadline) as people read it: a region row names the
 * milestone a status is about — the one in force (the first of the row's year or later) while
 * not due, the one due and not met when missed — with its year (docs/formulas.md, deadline
 * steps). Returns the milestone's index, or -1 when the row has none to name: a unit row (its
 * one milestone is its target at the horizon's end), a status of another kind. */
static int deadline_named(const qtr_indicator *ind, const qtr_progress_row *row)
{
    if (!ind->pace_deadline || row->unit >= 0 || ind->nmilestones == 0 || isnan(row->actual))
        return -1;
    int last = (int)ind->nmilestones - 1;
    if (row->status == QTR_STATUS_MISSED) {
        int k = qtr_deadline_due(ind, row->period);
        if (k < 0)
            return -1;
        double m = ind->milestones[k].value;
        int met = ind->cmp == QTR_CMP_GT ? row->actual > m : row->actual >= m;
        return met ? -1 : k;
    }
    if (row->status == QTR_STATUS_NOT_DUE) {
        int k = qtr_deadline_next(ind, row->period);
        return k < 0 ? last : k;
    }
    return -1;
}

qtr_status qtr_words_deadline(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    int k = deadline_named(ind, row);
    if (k < 0)
        return QTR_OK;
    char a[QTR_WORDS_NUM], m[QTR_WORDS_NUM];
    const char *unit = unit_text(ind);
    const char *sep = *unit ? " " : "";
    const qtr_milestone *ms = &ind->milestones[k];
    if (row->status == QTR_STATUS_NOT_DUE && k == (int)ind->nmilestones - 1 && ms->value == row->target)
        return qtr_buf_printf(out, "%d年底到期", ms->year);
    qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, a, sizeof a);
    qtr_words_figure(ind, QTR_FIG_NEEDED, ms->value, m, sizeof m);
    return qtr_buf_printf(out, "%d年底节点 %s / %s%s%s%s", ms->year, a, ind->cmp == QTR_CMP_GT ? "超过 " : "",
                          m, sep, unit);
}

/* "未到期（2019年底节点 0 / 1 个）", "未到期（2020年底到期）", "2019年底节点未完成（0 / 1 个）". */
static qtr_status deadline_pace(const qtr_indicator *ind, const qtr_progress_row *row, int k,
                                qtr_buf *out)
{
    qtr_buf w = {0};
    qtr_status st = qtr_words_deadline(ind, row, &w);
    if (st == QTR_OK) {
        const char *text = qtr_buf_str(&w);
        if (row->status == QTR_STATUS_MISSED) /* "2019年底节点 0 / 1 个" -> "2019年底节点未完成（0 / 1 个）" */
            st = qtr_buf_printf(out, "%d年底节点未完成（%s）", ind->milestones[k].year,
                                text + strcspn(text, " ") + (text[strcspn(text, " ")] == ' '));
        else
            st = qtr_buf_printf(out, "未到期（%s）", text);
    }
    qtr_buf_free(&w);
    return st;
}

qtr_status qtr_words_summary(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    char a[QTR_WORDS_NUM], t[QTR_WORDS_NUM], hi[QTR_WORDS_NUM], c[QTR_WORDS_NUM];
    const char *unit = unit_text(ind);
    const char *sep = *unit ? " " : "";
    qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, a, sizeof a);
    if (isnan(row->target))
        return qtr_buf_printf(out, "实际 %s%s%s", a, sep, unit);
    qtr_words_figure(ind, QTR_FIG_NEEDED, row->target, t, sizeof t);
    qtr_words_percent(row->completion, c, sizeof c);
    qtr_status st;
    if (ind->cmp == QTR_CMP_RANGE && !isnan(ind->target_hi)) {
        qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target_hi, hi, sizeof hi);
        st = qtr_buf_printf(out, "%s / %s–%s%s%s，完成 %s", a, t, hi, sep, unit, c);
    } else if (ind->kind == QTR_KIND_RATIO && has_baseline(ind, row) && row->status != QTR_STATUS_ACHIEVED) {
        /* a ratio is judged by how far it has risen from its baseline; its completion (a share
         * of a ratio) would be a second, different percentage next to it */
        char r[QTR_WORDS_NUM];
        st = qtr_buf_printf(out, "%s / %s%s%s%s，提升进度 %s", a, ind->cmp == QTR_CMP_GT ? "超过 " : "", t, sep,
                            unit, qtr_words_percent(row->progress, r, sizeof r));
    } else {
        st = qtr_buf_printf(out, "%s / %s%s%s%s，完成 %s", a, ind->cmp == QTR_CMP_GT ? "超过 " : "",
                            t, sep, unit, c);
    }
    if (st != QTR_OK)
        return st;
    if (has_baseline(ind, row) && row->status != QTR_STATUS_ACHIEVED && ind->kind != QTR_KIND_RATIO) {
        char r[QTR_WORDS_NUM];
        st = qtr_buf_printf(out, "；增量进度 %s", qtr_words_percent(row->progress, r, sizeof r));
    }
    if (st != QTR_OK)
        return st;
    if (isnan(row->pace_gap_pp) && row->status == QTR_STATUS_NONE)
        return QTR_OK;
    if ((st = qtr_buf_puts(out, "，")) != QTR_OK)
        return st;
    int k = deadline_named(ind, row);
    if (k < 0 && rate_without_base(ind, row) &&
        (row->status == QTR_STATUS_LAGGING || row->status == QTR_STATUS_CRITICAL))
        return qtr_buf_puts(out, "低于目标水平");
    return k >= 0 ? deadline_pace(ind, row, k, out) : qtr_words_pace(row, out);
}

qtr_status qtr_words_deadline_status(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    int k = deadline_named(ind, row);
    return k >= 0 ? deadline_pace(ind, row, k, out) : QTR_OK;
}

static const char *quarter_cn(int q)
{
    static const char *const cn[] = {"一", "二", "三", "四"};
    return q >= 1 && q <= 4 ? cn[q - 1] : "";
}

qtr_status qtr_words_detail(const qtr_indicator *ind, const qtr_progress_row *row, int quarter,
                            int brief, qtr_buf *out)
{
    char e[QTR_WORDS_NUM], g[QTR_WORDS_NUM], f[QTR_WORDS_NUM], r[QTR_WORDS_NUM];
    const char *unit = unit_text(ind);
    const char *sp = *unit ? " " : "";
    qtr_status st = QTR_OK;
    /* an annual target runs to Q4; a horizon target to the end of the plan (not told by P: a
     * period flow at 5 of 20 quarters has P = 1/4 too) */
    int annual = ind->kind == QTR_KIND_FLOW || ind->year_end;
    if (isnan(row->target)) {
        if (!brief && !isnan(row->forecast))
            st = qtr_buf_printf(out, "%s预计 %s%s%s", annual ? "年末" : "期末",
                                qtr_words_figure(ind, QTR_FIG_ESTIMATE, row->forecast, f, sizeof f), sp, unit);
        return st;
    }
    if (ind->cmp == QTR_CMP_RANGE && !isnan(ind->target_hi) &&
        (row->status == QTR_STATUS_ACHIEVED || row->status == QTR_STATUS_ABOVE_RANGE)) {
        /* a range is exceeded from its upper bound (16 of 10–15 by 1); inside it, nothing is over */
        char lo[QTR_WORDS_NUM], hi[QTR_WORDS_NUM];
        if (row->status == QTR_STATUS_ABOVE_RANGE)
            return qtr_buf_printf(out, "已超出区间上限 %s%s%s",
                                  qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual - ind->target_hi, g, sizeof g), sp, unit);
        return qtr_buf_printf(out, "处于目标区间 %s–%s%s%s",
                              qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target, lo, sizeof lo),
                              qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target_hi, hi, sizeof hi), sp, unit);
    }
    if (row->status == QTR_STATUS_ACHIEVED || row->status == QTR_STATUS_ABOVE_RANGE) {
        /* an implied yearly target met is named with how it was derived too: 440 亿元 met in
         * 2019 is not the plan's 500 亿元 of 2020 (docs/formulas.md, implied yearly targets) */
        size_t mark = out->len;
        if ((st = qtr_words_implied(ind, row, out)) == QTR_OK && out->len > mark)
            st = qtr_buf_puts(out, "；");
        if (st != QTR_OK)
            return st;
        double over = row->actual - row->target;
        if (over > 0)
            return qtr_buf_printf(out, "已超出目标 %s%s%s", qtr_words_figure(ind, QTR_FIG_ACTUAL, over, g, sizeof g), sp, unit);
        return qtr_buf_puts(out, "已达到目标");
    }
    int k = deadline_named(ind, row);
    if (k >= 0) { /* a deliverable: what its milestone asks, then the final target */
        const qtr_milestone *ms = &ind->milestones[k];
        double need = ms->value - row->actual + (ind->cmp == QTR_CMP_GT && qtr_words_numkind(ind) == QTR_NUM_COUNT);
        qtr_words_figure(ind, QTR_FIG_NEEDED, ms->value, e, sizeof e);
        if (need > 0)
            st = qtr_buf_printf(out, "%d年底应达 %s%s%s%s，尚差 %s%s%s", ms->year,
                                ind->cmp == QTR_CMP_GT ? "超过 " : "", e, sp, unit,
                                qtr_words_figure(ind, QTR_FIG_NEEDED, need, g, sizeof g), sp, unit);
        else
            st = qtr_buf_printf(out, "%d年底节点已达到", ms->year);
        if (st == QTR_OK && k != (int)ind->nmilestones - 1 && !isnan(row->gap_to_target))
            st = qtr_buf_printf(out, "；%d年底目标 %s%s%s%s，尚差 %s%s%s", ind->milestones[ind->nmilestones - 1].year,
                                ind->cmp == QTR_CMP_GT ? "超过 " : "",
                                qtr_words_figure(ind, QTR_FIG_NEEDED, row->target, f, sizeof f), sp, unit,
                                qtr_words_figure(ind, QTR_FIG_NEEDED, row->gap_to_target, r, sizeof r), sp, unit);
        return st;
    }
    size_t before = out->len;
    if ((st = qtr_words_implied(ind, row, out)) == QTR_OK && out->len > before)
        st = qtr_buf_puts(out, "；");
    if (st == QTR_OK && has_baseline(ind, row)) {
        char b[QTR_WORDS_NUM];
        qtr_words_figure(ind, QTR_FIG_ACTUAL, row->baseline, b, sizeof b);
        if (row->base_reported) { /* a rate's first reported level (docs/formulas.md, baseline) */
            char kq[16];
            qtr_period_format(row->base_period, kq);
            st = qtr_buf_printf(out, "%s进度 =（实际 − 基数）÷（目标 − 基数），以首次报送的 %s 水平 %s%s%s 为基数；",
                                ind->kind == QTR_KIND_RATIO ? "提升" : "增量", kq, b, sp, unit);
            if (st == QTR_OK && row->base_period == row->period)
                st = qtr_buf_puts(out, "本季首次报送，自下季起按进度考核；");
        } else {
            st = qtr_buf_printf(out, "%s进度 =（实际 − 基数）÷（目标 − 基数），基数 %s%s%s；",
                                ind->kind == QTR_KIND_RATIO ? "提升" : "增量", b, sp, unit);
        }
    }
    /* missed: the target's period is over; what the pace asked and a projection to its end
     * (the target, the actual) say nothing more than the shortfall */
    if (st == QTR_OK && row->status == QTR_STATUS_MISSED) {
        if (!isnan(row->gap_to_target))
            st = qtr_buf_printf(out, "距目标尚差 %s%s%s", qtr_words_figure(ind, QTR_FIG_NEEDED, row->gap_to_target, g, sizeof g), sp, unit);
        return st;
    }
    int level = rate_without_base(ind, row);
    if (st == QTR_OK && level)
        st = qtr_buf_puts(out, "无基数，按目标水平考核；");
    if (st == QTR_OK && !isnan(row->expected) && !level)
        st = qtr_buf_printf(out, "按序时应达 %s%s%s，", qtr_words_figure(ind, QTR_FIG_NEEDED, row->expected, e, sizeof e), sp, unit);
    if (st == QTR_OK && !isnan(row->gap_to_target))
        st = qtr_buf_printf(out, "距目标尚差 %s%s%s", qtr_words_figure(ind, QTR_FIG_NEEDED, row->gap_to_target, g, sizeof g), sp, unit);
    if (st == QTR_OK && !isnan(row->required_per_quarter) && row->required_per_quarter > 0 &&
        quarter >= 1 && quarter < 4) {
        qtr_words_figure(ind, QTR_FIG_NEEDED, row->required_per_quarter, r, sizeof r);
        if (!annual)
            st = qtr_buf_printf(out, "，此后每季需完成 %s%s%s", r, sp, unit);
        else if (quarter == 3)
            st = qtr_buf_printf(out, "，第四季度需完成 %s%s%s", r, sp, unit);
        else
            st = qtr_buf_printf(out, "，第%s至第四季度每季需完成 %s%s%s", quarter_cn(quarter + 1), r, sp, unit);
    }
    if (st == QTR_OK && !brief && !isnan(row->forecast) && ind->kind != QTR_KIND_STOCK &&
        ind->kind != QTR_KIND_COVERAGE && !level)
        st = qtr_buf_printf(out, "；按当前进度%s预计 %s%s%s", annual ? "年末" : "期末",
                            qtr_words_figure(ind, QTR_FIG_ESTIMATE, row->forecast, f, sizeof f), sp, unit);
    return st;
}

qtr_status qtr_words_implied(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    if (ind->kind != QTR_KIND_FLOW || ind->nmilestones == 0 || isnan(row->target) || row->period == 0)
        return QTR_OK;
    int year = qtr_period_year(row->period);
    const qtr_milestone *first = &ind->milestones[0];
    if (first->year <= year)
        return QTR_OK;
    char m[QTR_WORDS_NUM], g[QTR_WORDS_NUM];
    const char *unit = unit_text(ind);
    const char *sp = *unit ? " " : "";
    qtr_words_figure(ind, QTR_FIG_NEEDED, first->value, m, sizeof m);
    if (ind->path_growth && row->target > 0 && first->value > 0) {
        /* T(y) = base × (1 + g)^(y − S + 1) and M = base × (1 + g)^(Y1 − S + 1): g from T and M */
        double rate = pow(first->value / row->target, 1.0 / (first->year - year)) - 1;
        return qtr_buf_printf(out, "本年目标按年均增长 %s 推算（%d年目标 %s%s%s）",
                              qtr_words_percent(rate, g, sizeof g), first->year, m, sp, unit);
    }
    return qtr_buf_printf(out, "本年目标按直线推算（%d年目标 %s%s%s）", first->year, m, sp, unit);
}

const char *qtr_words_forecast_label(const qtr_plan *plan)
{
    if (plan->start_year == plan->end_year)
        return "年末预测";
    size_t annual = 0;
    for (size_t i = 0; i < plan->nindicators; i++)
        annual += plan->indicators[i].kind == QTR_KIND_FLOW;
    return annual == plan->nindicators ? "年末预测" : annual == 0 ? "期末预测" : "年末/期末预测";
}

qtr_status qtr_words_no_status(const qtr_plan *plan, const qtr_indicator *ind, int unit,
                               const qtr_progress_row *row, qtr_period period, qtr_buf *out)
{
    if (row->status != QTR_STATUS_NONE)
        return QTR_OK;
    if (unit >= 0 && isnan(row->target))
        return qtr_buf_puts(out, "未分解单位目标");
    if (isnan(row->actual))
        return qtr_buf_puts(out, ind->kind == QTR_KIND_RATIO ? "缺少分母数据" : "缺少数据");
    if (ind->relative && isnan(row->target))
        return qtr_buf_puts(out, "缺少基期数据");
    if (ind->kind == QTR_KIND_FLOW && isnan(row->target) && ind->nmilestones &&
        ind->milestones[0].year > qtr_period_year(period)) {
        /* the yearly target would be implied from the base year's full-year figure; the first
         * milestone is shown for reference (never a completion of it) */
        char m[QTR_WORDS_NUM];
        const char *u = unit_text(ind);
        return qtr_buf_printf(out, "缺少%d年全年数据，无法推算本年目标；%d年目标 %s%s%s", plan->start_year - 1,
                              ind->milestones[0].year,
                              qtr_words_figure(ind, QTR_FIG_NEEDED, ind->milestones[0].value, m, sizeof m),
                              *u ? " " : "", u);
    }
    return isnan(row->target) ? qtr_buf_puts(out, "未设目标") : QTR_OK;
}

qtr_status qtr_words_headline(size_t nindicators, const size_t count[QTR_STATUS_COUNT], qtr_buf *out)
{
    qtr_status st = qtr_buf_printf(out, "%zu项指标：", nindicators);
    const char *sep = "";
    for (size_t k = 0; st == QTR_OK && k < QTR_STATUS_COUNT; k++) {
        qtr_progress_status s = QTR_STATUS_ORDER[k];
        if (!count[s])
            continue;
        st = qtr_buf_printf(out, "%s%s%zu项", sep, qtr_status_label(s), count[s]);
        sep = "，";
    }
    return st;
}

/* The quarters of "Q2;Q3" as bits 1 << (n - 1); other tokens are ignored. */
static unsigned quarter_bits(const char *missing)
{
    unsigned bits = 0;
    for (const char *t = missing; *t;) {
        size_t n = strcspn(t, ";");
        if (n == 2 && t[0] == 'Q' && t[1] >= '1' && t[1] <= '4')
            bits |= 1u << (t[1] - '1');
        t += n + (t[n] == ';');
    }
    return bits;
}

qtr_status qtr_words_missing_units(const qtr_report *r, int detail, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    const char *sep = "";
    for (size_t u = 0; st == QTR_OK && u < r->nunits; u++) {
        unsigned bits = 0;
        size_t rows = 0;
        for (size_t i = 0; i < r->nind; i++) {
            const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
            if (row->missing[0]) {
                rows++;
                bits |= quarter_bits(row->missing);
            }
        }
        if (!rows)
            continue;
        st = qtr_buf_printf(out, "%s%s", sep, r->plan->units[u].name);
        sep = "、";
        if (!detail)
            continue;
        const char *qsep = " ";
        for (int q = 1; st == QTR_OK && q <= 4; q++)
            if (bits & (1u << (q - 1))) {
                st = qtr_buf_printf(out, "%sQ%d", qsep, q);
                qsep = "、";
            }
        if (st == QTR_OK)
            st = qtr_buf_printf(out, "（%zu项）", rows);
    }
    return st;
}

qtr_status qtr_words_input(const qtr_input_counts *c, qtr_buf *out)
{
    if (!c->known)
        return QTR_OK;
    qtr_status st = qtr_buf_printf(out, "%ld个文件，%ld行，%ld个数值；", c->files, c->rows_read, c->facts);
    if (st != QTR_OK)
        return st;
    if (c->errors == 0)
        st = qtr_buf_puts(out, "无拒收");
    else if (c->errors_in_scope == c->errors)
        st = qtr_buf_printf(out, "拒收%ld处", c->errors);
    else if (c->errors_in_scope == 0)
        st = qtr_buf_printf(out, "拒收%ld处（均不涉及本期报告）", c->errors);
    else
        st = qtr_buf_printf(out, "拒收%ld处（其中%ld处涉及本期报告）", c->errors, c->errors_in_scope);
    if (st == QTR_OK && c->warnings)
        st = qtr_buf_printf(out, "，警告%ld条", c->warnings);
    return st;
}

qtr_status qtr_words_missing(const char *missing, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    for (const char *s = missing; st == QTR_OK && *s; s++)
        st = *s == ';' ? qtr_buf_puts(out, "、") : qtr_buf_append(out, s, 1);
    return st;
}

qtr_status qtr_words_as_of(qtr_period period, qtr_buf *out)
{
    char cn[32];
    return qtr_buf_printf(out, "截至%s", qtr_period_format_cn(period, cn));
}

qtr_status qtr_words_horizon(int start_year, int end_year, qtr_buf *out)
{
    if (start_year == end_year)
        return QTR_OK;
    return qtr_buf_printf(out, "%d–%d年 · ", start_year, end_year);
}

int qtr_words_date(const char *iso, char *buf, size_t size)
{
    time_t t;
    struct tm tm;
    if (!iso || qtr_date_parse(iso, &t) != 0 || !gmtime_r(&t, &tm))
        return -1;
    snprintf(buf, size, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return 0;
}

/* ---------------------------------------------------------------- the task ledger */

qtr_status qtr_words_tasks(size_t n, const size_t count[QTR_TASK_CLASS_COUNT], qtr_buf *out)
{
    qtr_status st = qtr_buf_printf(out, "%zu项重点任务：", n);
    const char *sep = "";
    for (int c = 0; st == QTR_OK && c < QTR_TASK_CLASS_COUNT; c++) {
        if (!count[c])
            continue;
        st = qtr_buf_printf(out, "%s%s%zu项", sep, qtr_task_class_label((qtr_task_class)c), count[c]);
        sep = "，";
    }
    return st;
}
