/* sheet_units.c — 分单位: reporting units × indicators. Per indicator: the unit's actual, its
 * per-unit target and completion when configured, and its rank as compare ranked it (a RANK
 * formula when every unit is ranked, so the formula gives the same ranks; else the ranks as
 * values, and none for an unranked unit); a unit's completion in its status' colours with the
 * label where unit targets exist, and no colour otherwise (a raw value is not judged); figures of a
 * unit that missed a quarter carry a "*" and the unit's missing quarters are spelled out; an
 * autofilter on the unit rows and the region's row below them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbsheets.h"
#include "words.h"

#define GROUP_ROW 3   /* indicator names, merged over their columns */
#define HEAD_ROW 4    /* 实际 / 目标 / 完成率 / 排名 */
#define FIRST_ROW QTR_WB_UNITS_FIRST_ROW   /* first unit (5; wbtrace.h) */

typedef struct {
    lxw_col_t actual, target, completion, rank, last;
    int has_targets;   /* some unit has a per-unit target */
    int by_completion; /* ranked by completion (rank_basis), else by actual */
    int rank_formula;  /* every unit is ranked: RANK formulas */
} group;

static void plan_groups(const qtr_workbook_input *in, group *g, lxw_col_t *ncols)
{
    lxw_col_t col = 1;
    for (size_t i = 0; i < in->nind; i++) {
        size_t with_target = 0, ranked = 0;
        g[i].by_completion = 0;
        for (size_t u = 0; u < in->nunits; u++) {
            const qtr_progress_row *row = qtr_wb_row(in, (int)u, i);
            with_target += isfinite(row->target);
            ranked += row->rank > 0;
            g[i].by_completion |= row->rank_basis == QTR_RANK_COMPLETION;
        }
        g[i].has_targets = with_target > 0;
        g[i].by_completion &= g[i].has_targets;
        g[i].rank_formula = in->nunits > 0 && ranked == in->nunits;
        g[i].actual = col++;
        g[i].target = g[i].has_targets ? col++ : 0;
        g[i].completion = g[i].has_targets ? col++ : 0;
        g[i].rank = col++;
        g[i].last = (lxw_col_t)(col - 1);
    }
    *ncols = (lxw_col_t)(col + 1);  /* + 未报情况 */
}

/* ---------------------------------------------------------------- headers */

static void head(qtr_wb_sheet *s, lxw_col_t col, const char *text)
{
    qtr_wb_str_nowidth(s, HEAD_ROW, col, text, s->st->header);
    qtr_wb_measure(s, col, fmin(qtr_wb_text_width(text), 12));
}

/* The two header rows. 单位 and 未报情况 span both: their first row is written with the
 * group names, the ranges are completed on the second row (rows are written in order). */
static void headers(qtr_wb_sheet *s, const qtr_workbook_input *in, const group *g, lxw_col_t ncols)
{
    int lines = 1;
    lxw_format *h = s->st->header;
    qtr_wb_str_nowidth(s, GROUP_ROW, 0, "单位", h);
    for (size_t i = 0; i < in->nind; i++) {
        const char *name = qtr_wb_indicator(in, i)->name;
        qtr_wb_merge(s, GROUP_ROW, g[i].actual, GROUP_ROW, g[i].last, name, h);
        double w = 11.0 * (g[i].last - g[i].actual + 1);
        int n = qtr_wb_lines(qtr_wb_text_width(name), w);
        lines = n > lines ? n : lines;
    }
    qtr_wb_str_nowidth(s, GROUP_ROW, ncols - 1, "未报情况", h);
    qtr_wb_height(s, GROUP_ROW, 15.0 * lines + 3);
    qtr_wb_merge_rest(s, GROUP_ROW, 0, HEAD_ROW, 0, "单位", h);
    for (size_t i = 0; i < in->nind; i++) {
        char text[300];
        snprintf(text, sizeof text, "实际(%s)", qtr_wb_indicator(in, i)->unit);
        head(s, g[i].actual, text);
        if (g[i].has_targets) {
            head(s, g[i].target, "目标");
            qtr_wb_note(s, HEAD_ROW, g[i].target, "数值，不是公式：各单位的分解目标由计划配置，见 progress.csv "
                                                  "的 target 列。");
            head(s, g[i].completion, "完成率");
        }
        head(s, g[i].rank, g[i].by_completion ? "完成率排名" : "排名");
        if (!g[i].rank_formula)
            qtr_wb_note(s, HEAD_ROW, g[i].rank, "数值，不是公式：由 qtr-compare 排名（有单位未排名时 RANK 公式"
                                                "不适用），见 progress.csv 的 rank 列。");
    }
    qtr_wb_merge_rest(s, GROUP_ROW, ncols - 1, HEAD_ROW, ncols - 1, "未报情况", h);
    qtr_wb_height(s, HEAD_ROW, 30);
}

/* ---------------------------------------------------------------- unit rows */

static void unit_cells(const qtr_wb_ctx *ctx, qtr_wb_sheet *s, lxw_row_t r, const group *g,
                       size_t u, size_t i, lxw_row_t last_unit)
{
    const qtr_wb_styles *st = s->st;
    const qtr_indicator *ind = qtr_wb_indicator(ctx->in, i);
    const qtr_progress_row *row = qtr_wb_row(ctx->in, (int)u, i);
    char fm[QTR_WB_TRACE_SIZE];
    double computed;
    int ok = qtr_wb_trace_actual(&ctx->trace, i, (int)u, ctx->in->period, "", fm, &computed);
    qtr_wb_traced(s, r, g->actual, ind, row->actual, row->missing[0] != '\0', ok, fm, computed);
    if (g->has_targets) {
        /* the unit's card (亮牌) colours its completion, with the status and card words; nothing
         * else is coloured */
        lxw_format *cf = row->status > QTR_STATUS_NONE && row->status < QTR_STATUS_COUNT
                             ? st->rate_status[row->status] : st->rate;
        qtr_wb_value(s, r, g->target, ind, QTR_FIG_NEEDED, row->target, 0);
        if (qtr_wb_reproduces(row->actual / qtr_wb_held(ind, QTR_FIG_NEEDED, row->target), row->completion))
            qtr_wb_formula(s, r, g->completion, qtr_wb_f_ratio(fm, r, g->actual, g->target),
                           row->completion, cf, QTR_WB_NUM_PERCENT);
        else
            qtr_wb_num(s, r, g->completion, row->completion, cf, QTR_WB_NUM_PERCENT);
        if (cf != st->rate) { /* the label: "滞后（黄牌）" */
            char label[64];
            snprintf(label, sizeof label, "%s（%s）", qtr_status_label(row->status),
                     qtr_status_card_word(row->status));
            qtr_wb_measure(s, g->completion, qtr_wb_number_width(row->completion, QTR_WB_NUM_PERCENT) +
                                                 qtr_wb_text_width(label) + 1);
        }
    }
    lxw_col_t by = g->by_completion ? g->completion : g->actual;
    if (g->rank_formula)
        qtr_wb_formula(s, r, g->rank, qtr_wb_f_rank(fm, r, by, FIRST_ROW, last_unit), row->rank,
                       st->integer, QTR_WB_NUM_D0);
    else if (row->rank > 0)
        qtr_wb_num(s, r, g->rank, row->rank, st->integer, QTR_WB_NUM_D0);
}

/* One row per unit, written across: name, each group, what it did not report (wrapped in its
 * column, whose width is measured from every unit's text first, the row as tall as it needs). */
static void unit_rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const group *g, lxw_col_t ncols)
{
    const qtr_workbook_input *in = ctx->in;
    lxw_row_t last = (lxw_row_t)(FIRST_ROW + in->nunits - 1);
    char missing[1200];
    for (size_t u = 0; u < in->nunits; u++)
        qtr_wb_measure(s, ncols - 1, qtr_wb_text_width(qtr_wb_unit_missing_text(in, u, "未报 ", missing,
                                                                                 sizeof missing)));
    double missw = qtr_wb_column_width(s, ncols - 1, 8, 40);
    for (size_t u = 0; u < in->nunits; u++) {
        lxw_row_t r = (lxw_row_t)(FIRST_ROW + u);
        qtr_wb_str(s, r, 0, qtr_wb_unit_name(in, u), s->st->text);
        for (size_t i = 0; i < in->nind; i++)
            unit_cells(ctx, s, r, &g[i], u, i, last);
        qtr_wb_unit_missing_text(in, u, "未报 ", missing, sizeof missing);
        qtr_wb_str_nowidth(s, r, ncols - 1, missing, *missing ? s->st->miss_wrap : s->st->text);
        qtr_wb_fit_height(s, r, missing, missw);
    }
}

/* The region's row under the units: SUM formulas for summed kinds whose units' actuals add up
 * to the region's (cached: the region's actual); a ratio or a coverage as 汇总 has it (formulas
 * over 数据, wbtrace.h), else the value. */
static void city_row(const qtr_wb_ctx *ctx, qtr_wb_sheet *s, const group *g, lxw_row_t r)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_wb_styles *st = s->st;
    char fm[QTR_WB_FORMULA_SIZE];
    lxw_row_t last = (lxw_row_t)(FIRST_ROW + in->nunits - 1);
    qtr_wb_str(s, r, 0, in->plan->total_name, st->label);
    for (size_t i = 0; i < in->nind; i++) {
        const qtr_indicator *ind = qtr_wb_indicator(in, i);
        const qtr_progress_row *city = qtr_wb_row(in, -1, i);
        double sum = 0;
        for (size_t u = 0; u < in->nunits; u++)
            sum += qtr_wb_row(in, (int)u, i)->actual;
        int summed = ind->kind != QTR_KIND_RATIO && ind->kind != QTR_KIND_COVERAGE;
        qtr_wb_numfmt f = qtr_wb_numfmt_of(ind, QTR_FIG_ACTUAL, city->actual);
        if (summed && in->nunits > 0 && qtr_wb_reproduces(sum, city->actual))
            qtr_wb_formula(s, r, g[i].actual, qtr_wb_f_sum(fm, g[i].actual, FIRST_ROW, last),
                           city->actual, st->num[f], f);
        else {  /* a ratio or a coverage from its series over 数据 (wbtrace.h), or the value */
            char tf[QTR_WB_TRACE_SIZE];
            double computed;
            int ok = qtr_wb_trace_actual(&ctx->trace, i, -1, in->period, "", tf, &computed);
            qtr_wb_traced(s, r, g[i].actual, ind, city->actual, 0, ok, tf, computed);
        }
        if (g[i].has_targets) {
            qtr_wb_value(s, r, g[i].target, ind, QTR_FIG_NEEDED, city->target, 0);
            if (qtr_wb_reproduces(city->actual / qtr_wb_held(ind, QTR_FIG_NEEDED, city->target),
                                  city->completion))
                qtr_wb_formula(s, r, g[i].completion, qtr_wb_f_ratio(fm, r, g[i].actual, g[i].target),
                               city->completion, st->rate, QTR_WB_NUM_PERCENT);
            else
                qtr_wb_num(s, r, g[i].completion, city->completion, st->rate, QTR_WB_NUM_PERCENT);
        }
    }
}

static void write_body(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const group *g, lxw_col_t ncols)
{
    const qtr_workbook_input *in = ctx->in;
    char title[200];
    snprintf(title, sizeof title, "分单位完成情况（截至%s）", ctx->period_cn);
    qtr_wb_merge(s, 0, 0, 0, ncols - 1, title, s->st->title);
    qtr_wb_height(s, 0, 24);
    qtr_wb_str_nowidth(s, 1, 0,
                       "带 * 的数值：该单位该指标有季度未报（流量计0，存量沿用此前数值）。排名从高到低，并列同名次；"
                       "设有分解目标的指标按完成率排名，否则按实际值；本年没有报送数值的单位不排名。"
                       "完成率后为单位状态和亮牌：绿牌为已完成或正常，黄牌为滞后，红牌为严重滞后或未完成。",
                       s->st->note);
    headers(s, in, g, ncols);
    /* the filter before its rows: a range that ends above the current row is refused */
    lxw_row_t last = in->nunits > 0 ? (lxw_row_t)(FIRST_ROW + in->nunits - 1) : FIRST_ROW;
    qtr_wb_check(s, worksheet_autofilter(s->ws, HEAD_ROW, 0, last, ncols - 1), HEAD_ROW, 0);
    unit_rows(ctx, s, g, ncols);
    city_row(ctx, s, g, (lxw_row_t)(FIRST_ROW + in->nunits + 1));
}

qtr_status qtr_wb_sheet_units(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_UNITS);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    group *g = calloc(in->nind + 1, sizeof *g);
    if (!g)
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    lxw_col_t ncols;
    plan_groups(in, g, &ncols);
    write_body(ctx, &s, g, ncols);
    free(g);
    worksheet_freeze_panes(s.ws, FIRST_ROW, 1);
    qtr_wb_apply_widths(&s, ncols, 8, 40);
    qtr_wb_print_setup(&s, in->plan->name, 1, GROUP_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
