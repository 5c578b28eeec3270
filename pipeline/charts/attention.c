/* attention.c — the lagging indicators and the units behind them (see attention.h). Reads the
 * report's rows; the sentences use the report's vocabulary (words.h).
 */
#include "attention.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const qtr_progress_status ATTENTION_ORDER[ATTENTION_NSTATUS] = {
    QTR_STATUS_CRITICAL, QTR_STATUS_MISSED, QTR_STATUS_LAGGING,
};

int attention_status(qtr_progress_status s)
{
    for (int k = 0; k < ATTENTION_NSTATUS; k++)
        if (ATTENTION_ORDER[k] == s)
            return 1;
    return 0;
}

size_t attention_indicators(const qtr_report *r, size_t *idx)
{
    size_t n = 0;
    for (int k = 0; k < ATTENTION_NSTATUS; k++)
        for (size_t i = 0; i < r->nind; i++)
            if (qtr_report_row(r, -1, i)->status == ATTENTION_ORDER[k])
                idx[n++] = i;
    return n;
}

qtr_status attention_names(const qtr_report *r, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    int any = 0;
    for (int k = 0; k < ATTENTION_NSTATUS && st == QTR_OK; k++) {
        int first = 1;
        for (size_t i = 0; i < r->nind && st == QTR_OK; i++) {
            if (qtr_report_row(r, -1, i)->status != ATTENTION_ORDER[k])
                continue;
            st = first ? qtr_buf_printf(out, "%s：", qtr_status_label(ATTENTION_ORDER[k])) : qtr_buf_puts(out, "；");
            if (st == QTR_OK)
                st = qtr_buf_puts(out, r->plan->indicators[i].name);
            first = 0;
            any = 1;
        }
        if (st == QTR_OK && !first)
            st = qtr_buf_puts(out, "。");
    }
    if (st == QTR_OK && !any)
        st = qtr_buf_puts(out, "各项指标均无滞后。");
    return st;
}

qtr_status attention_short_names(const qtr_report *r, size_t most, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    for (int s = 0; s < ATTENTION_NSTATUS && st == QTR_OK; s++) {
        size_t n = 0;
        for (size_t i = 0; i < r->nind && st == QTR_OK; i++) {
            if (qtr_report_row(r, -1, i)->status != ATTENTION_ORDER[s])
                continue;
            if (n < most)
                st = n ? qtr_buf_puts(out, "；") : qtr_buf_printf(out, "%s：", qtr_status_label(ATTENTION_ORDER[s]));
            if (st == QTR_OK && n < most)
                st = qtr_buf_puts(out, r->plan->indicators[i].name);
            n++;
        }
        char num[QTR_WORDS_NUM];
        if (st == QTR_OK && n > most)
            st = qtr_buf_printf(out, " 等 %s 项", qtr_words_number((double)n, 0, num, sizeof num));
        if (st == QTR_OK && n)
            st = qtr_buf_puts(out, "。");
    }
    return st;
}

qtr_status attention_names_fitting(lay_canvas *c, const qtr_report *r, const lay_style *st, lay_box box,
                                   qtr_buf *out)
{
    qtr_status s = attention_names(r, out);
    for (size_t most = 3; s == QTR_OK && most > 0 && !lay_text_fits(c, qtr_buf_str(out), st, box); most--) {
        qtr_buf_clear(out);
        s = attention_short_names(r, most, out);
    }
    return s;
}

/* The row's status follows its incremental progress, not its completion (a stock measured from
 * a baseline): the figures a reader must not confuse. */
static int by_progress(const qtr_progress_row *row)
{
    return !isnan(row->baseline) && row->baseline != 0 && !isnan(row->progress) && !isnan(row->completion) &&
           fabs(row->progress - row->completion) >= 0.0005;
}

qtr_status attention_reason(const qtr_report *r, size_t i, qtr_buf *out)
{
    const qtr_progress_row *row = qtr_report_row(r, -1, i);
    char c[QTR_WORDS_NUM], p[QTR_WORDS_NUM], t[QTR_WORDS_NUM];
    qtr_status st = qtr_buf_printf(out, "完成 %s", qtr_words_percent(row->completion, c, sizeof c));
    if (st != QTR_OK)
        return st;
    if (by_progress(row) && (row->status == QTR_STATUS_LAGGING || row->status == QTR_STATUS_CRITICAL))
        return qtr_buf_printf(out, "，但增量进度 %s 低于序时进度 %s", qtr_words_percent(row->progress, p, sizeof p),
                              qtr_words_percent(row->time_progress, t, sizeof t));
    st = qtr_buf_puts(out, "，");
    return st == QTR_OK ? qtr_words_pace(row, out) : st;
}

/* The unit after a figure: "" for a percentage (the figure carries '%'). */
static const char *unit_word(const qtr_indicator *ind)
{
    return qtr_words_unit_is_percent(ind->unit) ? "" : ind->unit;
}

typedef struct {
    double key;
    size_t unit;
} unit_item;

static int item_cmp(const void *a, const void *b)
{
    const unit_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

/* Units with a target of their own, and those of them needing attention by completion,
 * lowest first: "单位滞后：城关区（完成 40.0%，差 12 家）、…" (单位未完成 when all of them are missed at
 * a milestone's year-end, 单位滞后或未完成 when some are). */
static qtr_status lagging_units(const qtr_report *r, size_t i, unit_item *items, qtr_buf *out)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    size_t n = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        if (attention_status(row->status) && !isnan(row->completion))
            items[n++] = (unit_item){row->completion, u};
    }
    if (n == 0)
        return qtr_buf_puts(out, "分解到单位的目标均未滞后");
    qsort(items, n, sizeof *items, item_cmp);
    /* at a milestone's year-end the units short of their targets are 未完成, not 滞后 */
    size_t missed = 0;
    for (size_t k = 0; k < n; k++)
        missed += qtr_report_row(r, (int)items[k].unit, i)->status == QTR_STATUS_MISSED;
    qtr_status st = qtr_buf_puts(out, missed == 0   ? "单位滞后："
                                      : missed == n ? "单位未完成："
                                                    : "单位滞后或未完成：");
    for (size_t k = 0; k < n && k < ATTENTION_UNITS && st == QTR_OK; k++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)items[k].unit, i);
        char c[QTR_WORDS_NUM], g[QTR_WORDS_NUM];
        st = qtr_buf_printf(out, "%s%s（完成 %s", k ? "、" : "", r->plan->units[items[k].unit].name,
                            qtr_words_percent(row->completion, c, sizeof c));
        if (st == QTR_OK && !isnan(row->gap_to_target) && row->gap_to_target > 0)
            st = qtr_buf_printf(out, "，差 %s%s%s", qtr_words_figure(ind, QTR_FIG_NEEDED, row->gap_to_target, g, sizeof g),
                                unit_word(ind)[0] ? " " : "", unit_word(ind));
        if (st == QTR_OK)
            st = qtr_buf_puts(out, row->missing[0] ? "，※）" : "）");
    }
    char num[QTR_WORDS_NUM];
    if (st == QTR_OK && n > ATTENTION_UNITS)
        st = qtr_buf_printf(out, " 等 %s 个单位", qtr_words_number((double)n, 0, num, sizeof num));
    return st;
}

/* The lowest year-on-year growth among the units: "同比最低：永登县 −12.0%、…"; nothing when no
 * unit has one. */
static qtr_status lowest_growth(const qtr_report *r, size_t i, unit_item *items, qtr_buf *out, int *any)
{
    size_t n = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        if (!isnan(row->yoy_growth))
            items[n++] = (unit_item){row->yoy_growth, u};
    }
    *any = n > 0;
    if (n == 0)
        return QTR_OK;
    qsort(items, n, sizeof *items, item_cmp);
    qtr_status st = qtr_buf_puts(out, "同比最低：");
    for (size_t k = 0; k < n && k < ATTENTION_UNITS && st == QTR_OK; k++) {
        char g[QTR_WORDS_NUM];
        const qtr_progress_row *row = qtr_report_row(r, (int)items[k].unit, i);
        st = qtr_buf_printf(out, "%s%s %s%s", k ? "、" : "", r->plan->units[items[k].unit].name,
                            attention_yoy(items[k].key, g, sizeof g), row->missing[0] ? "※" : "");
    }
    return st;
}

qtr_status attention_units(const qtr_report *r, size_t i, qtr_buf *out)
{
    unit_item *items = malloc((r->nunits ? r->nunits : 1) * sizeof *items);
    if (!items)
        return QTR_ERR_NOMEM;
    int targets = 0;
    for (size_t u = 0; u < r->nunits; u++)
        targets |= qtr_report_row(r, (int)u, i)->rank_basis == QTR_RANK_COMPLETION;
    qtr_status st;
    if (targets) {
        st = lagging_units(r, i, items, out);
    } else {
        int any = 0;
        st = lowest_growth(r, i, items, out, &any);
        if (st == QTR_OK && !any)
            st = qtr_buf_puts(out, "未分解单位目标，不评价单位进度");
    }
    free(items);
    size_t n = 0;
    for (size_t u = 0; u < r->nunits && st == QTR_OK; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        if (!row->missing[0] || ++n > ATTENTION_MISSING)
            continue;
        st = qtr_buf_printf(out, "%s%s ", n == 1 ? "；缺报：" : "、", r->plan->units[u].name);
        if (st == QTR_OK)
            st = qtr_words_missing(row->missing, out);
    }
    char num[QTR_WORDS_NUM];
    if (st == QTR_OK && n > ATTENTION_MISSING)
        st = qtr_buf_printf(out, " 等 %s 个单位", qtr_words_number((double)n, 0, num, sizeof num));
    return st == QTR_OK ? qtr_buf_puts(out, "。") : st;
}

qtr_status attention_uncovered(const qtr_report *r, size_t i, qtr_buf *out)
{
    if (r->plan->indicators[i].kind != QTR_KIND_COVERAGE)
        return QTR_OK;
    qtr_status st = QTR_OK;
    size_t n = 0;
    for (size_t u = 0; u < r->nunits && st == QTR_OK; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        if (isnan(row->actual) || row->actual != 0 || ++n > ATTENTION_UNCOVERED)
            continue;
        st = qtr_buf_printf(out, "%s%s", n == 1 ? "" : "、", r->plan->units[u].name);
    }
    char num[QTR_WORDS_NUM];
    if (st == QTR_OK && n > ATTENTION_UNCOVERED)
        st = qtr_buf_printf(out, " 等 %s 个单位", qtr_words_number((double)n, 0, num, sizeof num));
    return st;
}

qtr_status attention_mark(const qtr_report *r, size_t i, qtr_buf *out)
{
    const qtr_progress_row *city = qtr_report_row(r, -1, i);
    qtr_status st = QTR_OK;
    if (city->missing[0]) {
        st = qtr_buf_puts(out, "※缺报");
        if (st == QTR_OK)
            st = qtr_words_missing(city->missing, out);
    }
    qtr_buf un = {0};
    if (st == QTR_OK)
        st = attention_uncovered(r, i, &un);
    if (st == QTR_OK && un.len)
        st = qtr_buf_printf(out, "%s未覆盖：%s", out->len ? " " : "", qtr_buf_str(&un));
    qtr_buf_free(&un);
    return st;
}

size_t attention_ranked(const qtr_report *r, size_t *idx)
{
    size_t n = 0, nkey = 0;
    for (size_t i = 0; i < r->nind; i++)
        nkey += r->plan->indicators[i].key != 0;
    for (size_t i = 0; i < r->nind; i++)
        if (nkey == 0 || r->plan->indicators[i].key || attention_status(qtr_report_row(r, -1, i)->status))
            idx[n++] = i;
    return n;
}

char *attention_yoy(double g, char *buf, size_t size)
{
    if (!isfinite(g)) {
        snprintf(buf, size, "—");
        return buf;
    }
    char num[QTR_WORDS_NUM];
    qtr_words_percent(fabs(g), num, sizeof num);
    int zero = strcmp(num, "0.0%") == 0;
    snprintf(buf, size, "%s%s", zero ? "" : g > 0 ? "+" : "−", num);
    return buf;
}
