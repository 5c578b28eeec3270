/* sheet_summary.c — 汇总: the title block (the summary's headline and data-quality line) and
 * one row per indicator for the region, with completion, progress, pace gap and gap to target
 * as live formulas whose cached values are the report's figures (a figure a formula would not
 * reproduce is written as a value), every figure shown as the report's sentences show it,
 * statuses in their colours, a data bar on completion and a native bar chart of completion (or
 * progress) against time progress.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wbsheets.h"
#include "words.h"

#define HEAD_ROW 7   /* the table header; indicators follow (one row lower with the facts note) */

typedef struct {
    lxw_col_t name, unit, req, target, actual, completion, baseline, progress, time, pace, gap,
        forecast, required, status, missing, ncols;
    int has_progress;   /* 基数 and 进度 columns exist: some stock has a baseline */
    lxw_row_t head;     /* the table header's row */
} summary_cols;

static void layout(summary_cols *c, int has_progress, int facts_note)
{
    lxw_col_t k = 0;
    c->has_progress = has_progress;
    c->head = HEAD_ROW + (facts_note ? 1 : 0);
    c->name = k++;
    c->unit = k++;
    c->req = k++;
    c->target = k++;
    c->actual = k++;
    c->completion = k++;
    c->baseline = has_progress ? k++ : 0;
    c->progress = has_progress ? k++ : 0;
    c->time = k++;
    c->pace = k++;
    c->gap = k++;
    c->forecast = k++;
    c->required = k++;
    c->status = k++;
    c->missing = k++;
    c->ncols = k;
}

static int any_baseline(const qtr_workbook_input *in)
{
    for (size_t i = 0; i < in->nind; i++)
        if (qtr_wb_with_baseline(qtr_wb_row(in, -1, i)))
            return 1;
    return 0;
}

/* ---------------------------------------------------------------- title block */

static void title_line(qtr_wb_sheet *s, const summary_cols *c, lxw_row_t r, const char *label,
                       const char *text, lxw_format *fmt, double colw)
{
    qtr_wb_str_nowidth(s, r, 0, label, s->st->label);
    qtr_wb_merge(s, r, 1, r, c->ncols - 1, text, fmt);
    int lines = qtr_wb_lines(qtr_wb_text_width(text), colw);
    if (lines > 1)
        qtr_wb_height(s, r, 15.0 * lines + 2);
}

static void title_block(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const summary_cols *c)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_wb_styles *st = s->st;
    char period[100], quality[4000], facts[1000];
    if (in->plan->start_year != in->plan->end_year) /* 2016–2020年，截至2019年第二季度 */
        snprintf(period, sizeof period, "%d–%d年，截至%s", in->plan->start_year, in->plan->end_year,
                 ctx->period_cn);
    else
        snprintf(period, sizeof period, "截至%s", ctx->period_cn);
    double colw = 12.0 * (c->ncols - 1);  /* a rough width of the merged text cells */
    qtr_wb_merge(s, 0, 0, 0, c->ncols - 1, in->plan->name, st->title);
    qtr_wb_height(s, 0, 30);
    title_line(s, c, 1, "地区", in->plan->region, st->wrap, colw);
    title_line(s, c, 2, "报告期", period, st->wrap, colw);
    qtr_wb_str_nowidth(s, 3, 0, "数据截至", st->label);
    qtr_wb_merge(s, 3, 1, 3, c->ncols - 1, "", st->date);  /* then the date in its first cell */
    qtr_wb_date(s, 3, 1, &ctx->asof, st->date);
    title_line(s, c, 4, "总体情况", in->report->sum.headline, st->wrap, colw);
    title_line(s, c, 5, "数据质量", qtr_wb_quality_line(in, ctx->res, quality, sizeof quality),
               st->wrap, colw);
    if (*qtr_wb_facts_note(in, ctx->res, facts, sizeof facts))
        title_line(s, c, 6, "数据表", facts, st->alert, colw);
}

static void head(qtr_wb_sheet *s, const summary_cols *c, lxw_col_t col, const char *text)
{
    qtr_wb_str_nowidth(s, c->head, col, text, s->st->header);
    qtr_wb_measure(s, col, fmin(qtr_wb_text_width(text), 10));
}

static void header_row(qtr_wb_sheet *s, const summary_cols *c, const qtr_plan *plan)
{
    head(s, c, c->name, "指标");
    head(s, c, c->unit, "单位");
    head(s, c, c->req, "要求");
    head(s, c, c->target, "目标");
    head(s, c, c->actual, "实际");
    head(s, c, c->completion, "完成率");
    if (c->has_progress) {
        head(s, c, c->baseline, "基数");
        head(s, c, c->progress, "进度");
    }
    head(s, c, c->time, "序时进度");
    head(s, c, c->pace, "进度差(百分点)");
    head(s, c, c->gap, "距目标差额");
    head(s, c, c->forecast, qtr_words_forecast_label(plan));
    head(s, c, c->required, "剩余每季需完成");
    head(s, c, c->status, "状态");
    head(s, c, c->missing, "缺报季度");
    qtr_wb_height(s, c->head, 32);
    /* the columns of values: where they come from (the formulas' columns say it themselves) */
    qtr_wb_note(s, c->head, c->target, "数值，不是公式：计划配置的目标，见 progress.csv 的 target 列；"
                                       "各指标的目标定义为名称 target_指标代码。");
    if (c->has_progress)
        qtr_wb_note(s, c->head, c->baseline, "数值，不是公式：由 qtr-compare 计算（计划配置的基数，或计划期开始前"
                                             "最后一个季度的数据），见 progress.csv 的 baseline 列。");
    qtr_wb_note(s, c->head, c->time, "数值，不是公式：由 qtr-compare 按报告期计算，见 progress.csv 的 "
                                     "time_progress 列；口径见“说明”。");
    qtr_wb_note(s, c->head, c->forecast, "数值，不是公式：由 qtr-compare 计算，见 progress.csv 的 forecast 列；"
                                         "口径见“说明”。");
    qtr_wb_note(s, c->head, c->required, "数值，不是公式：由 qtr-compare 计算，见 progress.csv 的 "
                                         "required_per_quarter 列。");
}

/* ---------------------------------------------------------------- indicator rows */

/* A formula carrying the report's figure `cached` when it computes it from the row's cells
 * (`computed`), else the figure as a value. */
static void derived(qtr_wb_sheet *s, lxw_row_t r, lxw_col_t col, const char *formula,
                    double computed, double cached, lxw_format *fmt, qtr_wb_numfmt f)
{
    if (qtr_wb_reproduces(computed, cached))
        qtr_wb_formula(s, r, col, formula, cached, fmt, f);
    else {
        qtr_wb_num(s, r, col, cached, fmt, f);
        if (isfinite(cached))
            qtr_wb_note(s, r, col, "数值，不是公式：由 qtr-compare 计算，见 progress.csv。按表中单元格的数值计算"
                                   "与报告的数不一致（如个数类目标按向上取整后的整数保存）。");
    }
}

/* completion, 基数/进度, pace gap, gap to target: formulas with the report's figures cached.
 * A formula computes from what the cells hold (a needed whole count's target rounded up: 13 for
 * 12.5), so it is written only where that gives the report's figure; else the figure as a value. */
static void derived_cells(qtr_wb_sheet *s, const summary_cols *c, lxw_row_t r,
                          const qtr_indicator *ind, const qtr_progress_row *row)
{
    char fm[QTR_WB_FORMULA_SIZE];
    const qtr_wb_styles *st = s->st;
    double T = qtr_wb_held(ind, QTR_FIG_NEEDED, row->target), A = row->actual, R = row->progress,
           P = row->time_progress;
    derived(s, r, c->completion, qtr_wb_f_ratio(fm, r, c->actual, c->target), A / T, row->completion,
            st->rate, QTR_WB_NUM_PERCENT);
    lxw_col_t rcol = c->completion;
    double shown_r = row->completion;  /* what the progress column holds */
    if (c->has_progress) {
        rcol = c->progress;
        shown_r = R;
        if (qtr_wb_with_baseline(row)) {
            double B = row->baseline;
            qtr_wb_value(s, r, c->baseline, ind, QTR_FIG_ACTUAL, B, 0);
            derived(s, r, c->progress, qtr_wb_f_progress(fm, r, c->actual, c->target, c->baseline),
                    (A - B) / (T - B), R, st->rate, QTR_WB_NUM_PERCENT);
        } else {
            derived(s, r, c->progress, qtr_wb_f_ref(fm, r, c->completion), row->completion, R, st->rate,
                    QTR_WB_NUM_PERCENT);
        }
    }
    derived(s, r, c->pace, qtr_wb_f_pace_gap(fm, r, rcol, c->time), (shown_r - P) * 100, row->pace_gap_pp,
            st->pp, QTR_WB_NUM_D1);
    qtr_wb_numfmt gf = qtr_wb_numfmt_of(ind, QTR_FIG_NEEDED, row->gap_to_target);
    derived(s, r, c->gap, qtr_wb_f_gap(fm, r, c->target, c->actual), fmax(0, T - A),
            qtr_wb_held(ind, QTR_FIG_NEEDED, row->gap_to_target), st->num[gf], gf);
}

static void indicator_row(const qtr_wb_ctx *ctx, qtr_wb_sheet *s, const summary_cols *c,
                          lxw_row_t r, size_t i, double namew)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_wb_styles *st = s->st;
    const qtr_indicator *ind = qtr_wb_indicator(in, i);
    const qtr_progress_row *row = qtr_wb_row(in, -1, i);
    char req[100], status[300];
    qtr_buf missing = {0};
    qtr_wb_str(s, r, c->name, ind->name, st->wrap);
    qtr_wb_str(s, r, c->unit, ind->unit, st->text);
    qtr_wb_str(s, r, c->req, qtr_wb_requirement(ind, req, sizeof req), st->text);
    qtr_wb_value(s, r, c->target, ind, QTR_FIG_NEEDED, row->target, 0);
    char fm[QTR_WB_TRACE_SIZE];
    double computed;
    int ok = qtr_wb_trace_actual(&ctx->trace, i, -1, in->period, "'" QTR_WB_SHEET_UNITS "'!", fm,
                                 &computed);
    qtr_wb_traced(s, r, c->actual, ind, row->actual, 0, ok, fm, computed);
    derived_cells(s, c, r, ind, row);
    qtr_wb_num(s, r, c->time, row->time_progress, st->rate, QTR_WB_NUM_PERCENT);
    qtr_wb_value(s, r, c->forecast, ind, QTR_FIG_ESTIMATE, row->forecast, 0);
    qtr_wb_value(s, r, c->required, ind, QTR_FIG_NEEDED, row->required_per_quarter, 0);
    qtr_wb_str(s, r, c->status, qtr_wb_status_text(in, -1, i, status, sizeof status),
               st->status[row->status]);
    if (qtr_words_missing(row->missing, &missing) != QTR_OK)
        qtr_wb_check(s, LXW_ERROR_MEMORY_MALLOC_FAILED, r, c->missing);
    qtr_wb_str(s, r, c->missing, qtr_buf_str(&missing), st->text);
    qtr_buf_free(&missing);
    qtr_wb_fit_height(s, r, ind->name, namew);
}

/* The region's target of indicator i as a defined name, target_<id> (ids are [a-z0-9_]), for
 * formulas of one's own: =实际/target_demands. None for a row without a target. */
static void target_name(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const summary_cols *c, lxw_row_t r, size_t i)
{
    const qtr_indicator *ind = qtr_wb_indicator(ctx->in, i);
    if (!isfinite(qtr_wb_row(ctx->in, -1, i)->target))
        return;
    char name[300], ref[100], cell[32];
    lxw_rowcol_to_cell_abs(cell, r, c->target, 1, 1);
    snprintf(name, sizeof name, "target_%s", ind->id);
    snprintf(ref, sizeof ref, "='%s'!%s", s->name, cell);
    qtr_wb_check(s, workbook_define_name(ctx->wb, name, ref), r, c->target);
}

static void data_bar(qtr_wb_sheet *s, const summary_cols *c, lxw_row_t first, lxw_row_t last)
{
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_DATA_BAR,
        .min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .min_value = 0,
        .max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER,
        .max_value = 1,
        .bar_color = 0x63BE7B,
    };
    lxw_col_t col = c->has_progress ? c->progress : c->completion;  /* what the status follows */
    qtr_wb_check(s, worksheet_conditional_format_range(s->ws, first, col, last, col, &cf), first, col);
}

/* ---------------------------------------------------------------- chart */

static lxw_error add_series(lxw_chart *chart, const char *sheet, lxw_row_t head, lxw_row_t first,
                            lxw_row_t last, lxw_col_t cat, lxw_col_t val, uint32_t colour)
{
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    chart_series_set_categories(series, sheet, first, cat, last, cat);
    chart_series_set_values(series, sheet, first, val, last, val);
    chart_series_set_name_range(series, sheet, head, val);
    lxw_chart_fill fill = {.color = colour};
    chart_series_set_fill(series, &fill);
    return LXW_NO_ERROR;
}

static void chart(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const summary_cols *c, lxw_row_t first,
                  lxw_row_t last)
{
    lxw_chart *ch = workbook_add_chart(ctx->wb, LXW_CHART_BAR);
    if (!ch) {
        qtr_wb_check(s, LXW_ERROR_MEMORY_MALLOC_FAILED, last + 3, 0);
        return;
    }
    lxw_col_t rcol = c->has_progress ? c->progress : c->completion;
    chart_title_set_name(ch, c->has_progress ? "进度与序时进度" : "完成率与序时进度");
    qtr_wb_check(s, add_series(ch, s->name, c->head, first, last, c->name, rcol, 0x4472C4), first, rcol);
    qtr_wb_check(s, add_series(ch, s->name, c->head, first, last, c->name, c->time, 0xBFBFBF), first,
                 c->time);
    /* in a bar chart y is the (vertical) category axis and x the value axis */
    chart_axis_set_reverse(ch->y_axis);           /* categories top-down as in the table */
    chart_axis_set_num_format(ch->x_axis, "0%");
    chart_axis_set_min(ch->x_axis, 0);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_offset = 4, .y_offset = 4, .x_scale = 2.0,
                             .y_scale = (80.0 + 34.0 * (double)(last - first + 1)) / 288.0};
    qtr_wb_check(s, worksheet_insert_chart_opt(s->ws, last + 3, 0, ch, &opt), last + 3, 0);
}

/* ---------------------------------------------------------------- the sheet */

qtr_status qtr_wb_sheet_summary(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_SUMMARY);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    summary_cols c;
    /* a line for the facts 数据 leaves out (qtr_wb_facts_note) moves the table down */
    layout(&c, any_baseline(in), ctx->res->facts_written < ctx->res->facts_total);
    title_block(ctx, &s, &c);
    header_row(&s, &c, ctx->in->plan);
    /* the names' column width first: a wrapped name sets its row's height as it is written */
    for (size_t i = 0; i < in->nind; i++)
        qtr_wb_measure(&s, c.name, qtr_wb_text_width(qtr_wb_indicator(in, i)->name));
    double namew = qtr_wb_column_width(&s, c.name, 8, 36);
    lxw_row_t first = c.head + 1, last = (lxw_row_t)(c.head + in->nind);
    for (size_t i = 0; i < in->nind; i++) {
        indicator_row(ctx, &s, &c, (lxw_row_t)(first + i), i, namew);
        target_name(ctx, &s, &c, (lxw_row_t)(first + i), i);
    }
    data_bar(&s, &c, first, last);
    qtr_wb_str_nowidth(&s, last + 1, 0,
                       c.has_progress
                           ? "注：完成率 = 实际/目标；有基数的存量指标，进度 = (实际 − 基数)/(目标 − 基数)，状态按进度判断；口径见“说明”。"
                           : "注：完成率 = 实际/目标；进度差 = (完成率 − 序时进度)×100；口径见“说明”。",
                       s.st->note);
    chart(ctx, &s, &c, first, last);
    worksheet_freeze_panes(s.ws, c.head + 1, 1);
    qtr_wb_apply_widths(&s, c.ncols, 8, 36);
    qtr_wb_print_setup(&s, in->plan->name, 1, c.head, c.head);
    worksheet_activate(s.ws);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
