/* sheet_units.c — 分单位: reporting units × indicators. Per indicator: the unit's actual, its
 * per-unit target and completion when configured, and its rank (RANK formula, cached value
 * computed here); a 3-colour scale on the ranked column; figures of a unit that missed a
 * quarter carry a "*" and the unit's missing quarters are spelled out; an autofilter on the unit rows
 * and a city row below them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbsheets.h"

#define GROUP_ROW 3   /* indicator names, merged over their columns */
#define HEAD_ROW 4    /* 实际 / 目标 / 完成率 / 排名 */
#define FIRST_ROW 5   /* first unit */

typedef struct {
    lxw_col_t actual, target, completion, rank, last;
    int has_targets;   /* some unit has a per-unit target */
    int by_completion; /* every unit has a completion: rank by it */
    qtr_wb_numkind k;
} group;

static void plan_groups(const qtr_workbook_input *in, group *g, lxw_col_t *ncols)
{
    lxw_col_t col = 1;
    for (size_t i = 0; i < in->nind; i++) {
        size_t with_target = 0, with_completion = 0;
        for (size_t u = 0; u < in->nunits; u++) {
            const qtr_wb_row *row = qtr_wb_unit_row(in, u, i);
            with_target += row && isfinite(row->f.target);
            with_completion += row && isfinite(row->f.completion);
        }
        g[i].k = qtr_wb_numkind_for(in->city[i]->measure_unit, in->city[i]->kind);
        g[i].has_targets = with_target > 0;
        g[i].by_completion = in->nunits > 0 && with_completion == in->nunits;
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
        qtr_wb_merge(s, GROUP_ROW, g[i].actual, GROUP_ROW, g[i].last, in->city[i]->name, h);
        double w = 11.0 * (g[i].last - g[i].actual + 1);
        int n = qtr_wb_lines(qtr_wb_text_width(in->city[i]->name), w);
        lines = n > lines ? n : lines;
    }
    qtr_wb_str_nowidth(s, GROUP_ROW, ncols - 1, "未报情况", h);
    qtr_wb_height(s, GROUP_ROW, 15.0 * lines + 3);
    qtr_wb_merge_rest(s, GROUP_ROW, 0, HEAD_ROW, 0, "单位", h);
    for (size_t i = 0; i < in->nind; i++) {
        char text[300];
        snprintf(text, sizeof text, "实际(%s)", in->city[i]->measure_unit);
        head(s, g[i].actual, text);
        if (g[i].has_targets) {
            head(s, g[i].target, "目标");
            head(s, g[i].completion, "完成率");
        }
        head(s, g[i].rank, g[i].by_completion ? "完成率排名" : "排名");
    }
    qtr_wb_merge_rest(s, GROUP_ROW, ncols - 1, HEAD_ROW, ncols - 1, "未报情况", h);
    qtr_wb_height(s, HEAD_ROW, 30);
}

/* ---------------------------------------------------------------- ranks */

/* The values a group is ranked by, one per unit (NAN when the unit has no row). */
static void rank_values(const qtr_workbook_input *in, size_t i, const group *g, double *v)
{
    for (size_t u = 0; u < in->nunits; u++) {
        const qtr_wb_row *row = qtr_wb_unit_row(in, u, i);
        v[u] = !row ? NAN : g->by_completion ? row->f.completion : row->f.actual;
    }
}

/* rank[i * nunits + u]: unit u's rank in group i as Excel's RANK gives it, NAN when some unit
 * of the group has no value (then no rank is shown). */
static void ranks(const qtr_workbook_input *in, const group *g, double *values, double *scratch,
                  double *rank)
{
    size_t n = in->nunits;
    for (size_t i = 0; i < in->nind; i++) {
        double *out = rank + i * n;
        rank_values(in, i, &g[i], values);
        int complete = 1;
        for (size_t u = 0; u < n; u++)
            complete &= isfinite(values[u]);
        if (complete)
            qtr_wb_ranks(values, n, scratch, out);
        else
            for (size_t u = 0; u < n; u++)
                out[u] = NAN;
    }
}

/* ---------------------------------------------------------------- unit rows */

static void unit_cells(qtr_wb_sheet *s, lxw_row_t r, const group *g, const qtr_wb_row *row,
                       double rank, lxw_row_t last_unit)
{
    const qtr_wb_styles *st = s->st;
    char fm[QTR_WB_FORMULA_SIZE];
    lxw_format *num = row->nmissing ? st->num_miss[g->k] : st->num[g->k];
    qtr_wb_num(s, r, g->actual, row->f.actual, num, g->k);
    if (g->has_targets) {
        qtr_wb_num(s, r, g->target, row->f.target, st->num[g->k], g->k);
        if (isfinite(row->f.completion) && isfinite(row->f.target) && row->f.target != 0)
            qtr_wb_formula(s, r, g->completion, qtr_wb_f_ratio(fm, r, g->actual, g->target),
                           row->f.completion, st->rate, QTR_WB_NUM_PERCENT);
    }
    lxw_col_t by = g->by_completion ? g->completion : g->actual;
    if (isfinite(rank))
        qtr_wb_formula(s, r, g->rank, qtr_wb_f_rank(fm, r, by, FIRST_ROW, last_unit), rank,
                       st->integer, QTR_WB_NUM_COUNT);
}

/* One row per unit, written across: name, each group, what it did not report. */
static void unit_rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const group *g, lxw_col_t ncols,
                      const double *rank)
{
    const qtr_workbook_input *in = ctx->in;
    lxw_row_t last = (lxw_row_t)(FIRST_ROW + in->nunits - 1);
    for (size_t u = 0; u < in->nunits; u++) {
        char missing[1200];
        lxw_row_t r = (lxw_row_t)(FIRST_ROW + u);
        qtr_wb_str(s, r, 0, in->units[u], s->st->text);
        for (size_t i = 0; i < in->nind; i++) {
            const qtr_wb_row *row = qtr_wb_unit_row(in, u, i);
            if (row)
                unit_cells(s, r, &g[i], row, rank[i * in->nunits + u], last);
        }
        qtr_wb_unit_missing_text(in, u, "未报 ", missing, sizeof missing);
        qtr_wb_str(s, r, ncols - 1, missing, *missing ? s->st->miss : s->st->text);
    }
}

static void colour_scales(qtr_wb_sheet *s, const qtr_workbook_input *in, const group *g)
{
    lxw_row_t last = (lxw_row_t)(FIRST_ROW + in->nunits - 1);
    for (size_t i = 0; i < in->nind; i++) {
        lxw_col_t col = g[i].by_completion ? g[i].completion : g[i].actual;
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_3_COLOR_SCALE};
        qtr_wb_check(s, worksheet_conditional_format_range(s->ws, FIRST_ROW, col, last, col, &cf),
                     FIRST_ROW, col);
    }
}

/* The city row under the units: SUM formulas for summed kinds (cached: progress.csv's city
 * actual), plain values for ratios and coverage. */
static void city_row(qtr_wb_sheet *s, const qtr_workbook_input *in, const group *g, lxw_row_t r)
{
    const qtr_wb_styles *st = s->st;
    char fm[QTR_WB_FORMULA_SIZE];
    lxw_row_t last = (lxw_row_t)(FIRST_ROW + in->nunits - 1);
    qtr_wb_str(s, r, 0, in->plan->total_name, st->label);
    for (size_t i = 0; i < in->nind; i++) {
        const qtr_wb_row *city = in->city[i];
        int summed = strcmp(city->kind, "ratio") != 0 && strcmp(city->kind, "coverage") != 0;
        if (summed && in->nunits > 0 && isfinite(city->f.actual))
            qtr_wb_formula(s, r, g[i].actual, qtr_wb_f_sum(fm, g[i].actual, FIRST_ROW, last),
                           city->f.actual, st->num[g[i].k], g[i].k);
        else
            qtr_wb_num(s, r, g[i].actual, city->f.actual, st->num[g[i].k], g[i].k);
        if (g[i].has_targets) {
            qtr_wb_num(s, r, g[i].target, city->f.target, st->num[g[i].k], g[i].k);
            if (isfinite(city->f.completion) && isfinite(city->f.target) && city->f.target != 0)
                qtr_wb_formula(s, r, g[i].completion, qtr_wb_f_ratio(fm, r, g[i].actual, g[i].target),
                               city->f.completion, st->rate, QTR_WB_NUM_PERCENT);
        }
    }
}

static void write_body(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const group *g, lxw_col_t ncols,
                       const double *rank)
{
    const qtr_workbook_input *in = ctx->in;
    char title[200];
    snprintf(title, sizeof title, "分单位完成情况（截至%s）", ctx->period_cn);
    qtr_wb_merge(s, 0, 0, 0, ncols - 1, title, s->st->title);
    qtr_wb_height(s, 0, 24);
    qtr_wb_str_nowidth(s, 1, 0,
                       "带 * 的数值：该单位该指标有季度未报（流量计0，存量沿用此前数值）。排名从高到低，并列同名次；"
                       "设有分解目标且各单位均有完成率时按完成率排名，否则按实际值。",
                       s->st->note);
    headers(s, in, g, ncols);
    /* the filter before its rows: a range that ends above the current row is refused */
    lxw_row_t last = in->nunits > 0 ? (lxw_row_t)(FIRST_ROW + in->nunits - 1) : FIRST_ROW;
    qtr_wb_check(s, worksheet_autofilter(s->ws, HEAD_ROW, 0, last, ncols - 1), HEAD_ROW, 0);
    unit_rows(ctx, s, g, ncols, rank);
    if (in->nunits > 0)
        colour_scales(s, in, g);
    city_row(s, in, g, (lxw_row_t)(FIRST_ROW + in->nunits + 1));
}

qtr_status qtr_wb_sheet_units(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_sheet_open(&s, ctx->wb, QTR_WB_SHEET_UNITS, &ctx->st, ctx->scratch);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    group *g = calloc(in->nind, sizeof *g);
    double *values = calloc(2 * in->nunits + 1, sizeof *values);
    double *rank = calloc(in->nind * in->nunits + 1, sizeof *rank);
    if (!g || !values || !rank) {
        free(g);
        free(values);
        free(rank);
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    }
    lxw_col_t ncols;
    plan_groups(in, g, &ncols);
    ranks(in, g, values, values + in->nunits, rank);
    write_body(ctx, &s, g, ncols, rank);
    free(g);
    free(values);
    free(rank);
    worksheet_freeze_panes(s.ws, FIRST_ROW, 1);
    qtr_wb_apply_widths(&s, ncols, 8, 40);
    qtr_wb_print_setup(&s, in->plan->name, 1, GROUP_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
