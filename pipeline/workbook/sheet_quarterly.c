/* sheet_quarterly.c — 季度明细: for each indicator, the city's quarters from quarterly.csv
 * (the quarter's amount, the cumulative actual, the expected pace value, their difference as a
 * live formula) and one native line chart per indicator of cumulative against pace.
 */
#include <math.h>
#include <stdio.h>

#include "wbsheets.h"

#define HEAD_ROW 3
#define CHART_COL 10       /* charts start right of the table (column K) */
#define CHART_ROWS 16      /* rows one chart occupies in the grid */

enum { C_NAME, C_UNIT, C_QUARTER, C_AMOUNT, C_ACTUAL, C_EXPECTED, C_DIFF, C_TIME, C_TARGET, NCOLS };

static void header(qtr_wb_sheet *s)
{
    static const char *const heads[NCOLS] = {
        "指标", "单位", "季度", "本季数（存量为季末数）", "累计完成", "序时应达", "与序时差", "序时进度", "目标",
    };
    for (int c = 0; c < NCOLS; c++) {
        qtr_wb_str_nowidth(s, HEAD_ROW, (lxw_col_t)c, heads[c], s->st->header);
        qtr_wb_measure(s, (lxw_col_t)c, fmin(qtr_wb_text_width(heads[c]), 10));
    }
    qtr_wb_height(s, HEAD_ROW, 32);
}

static void quarter_row(qtr_wb_sheet *s, lxw_row_t r, const qtr_wb_row *city,
                        const qtr_wb_quarter *q, double namew)
{
    const qtr_wb_styles *st = s->st;
    qtr_wb_numkind k = qtr_wb_numkind_for(city->measure_unit, city->kind);
    char label[32];
    qtr_wb_str(s, r, C_NAME, city->name, st->wrap);
    qtr_wb_str(s, r, C_UNIT, city->measure_unit, st->text);
    qtr_wb_str(s, r, C_QUARTER, qtr_period_format_cn(q->period, label), st->text);
    qtr_wb_num(s, r, C_AMOUNT, q->amount, st->num[k], k);
    qtr_wb_num(s, r, C_ACTUAL, q->actual, st->num[k], k);
    qtr_wb_num(s, r, C_EXPECTED, q->expected, st->num[k], k);
    if (isfinite(q->actual) && isfinite(q->expected)) {
        char fm[QTR_WB_FORMULA_SIZE];
        qtr_wb_formula(s, r, C_DIFF, qtr_wb_f_diff(fm, r, C_ACTUAL, C_EXPECTED),
                       q->actual - q->expected, st->num[k], k);
    }
    qtr_wb_num(s, r, C_TIME, q->time_progress, st->rate, QTR_WB_NUM_PERCENT);
    qtr_wb_num(s, r, C_TARGET, city->f.target, st->num[k], k);
    qtr_wb_fit_height(s, r, city->name, namew);
}

static lxw_error line_series(lxw_chart *ch, const char *sheet, lxw_row_t first, lxw_row_t last,
                             lxw_col_t col, uint32_t colour, int dashed)
{
    lxw_chart_series *series = chart_add_series(ch, NULL, NULL);
    if (!series)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    chart_series_set_categories(series, sheet, first, C_QUARTER, last, C_QUARTER);
    chart_series_set_values(series, sheet, first, col, last, col);
    chart_series_set_name_range(series, sheet, HEAD_ROW, col);
    lxw_chart_line line = {.color = colour, .width = 2.25,
                           .dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : LXW_CHART_LINE_DASH_SOLID};
    chart_series_set_line(series, &line);
    chart_series_set_marker_type(series, dashed ? LXW_CHART_MARKER_NONE : LXW_CHART_MARKER_CIRCLE);
    return LXW_NO_ERROR;
}

/* One line chart for the block first..last; the title is the indicator name's cell, so that
 * no input text is ever parsed by the chart code. */
static void block_chart(qtr_wb_ctx *ctx, qtr_wb_sheet *s, size_t nth, lxw_row_t first, lxw_row_t last,
                        const qtr_wb_row *city)
{
    lxw_chart *ch = workbook_add_chart(ctx->wb, LXW_CHART_LINE);
    if (!ch) {
        qtr_wb_check(s, LXW_ERROR_MEMORY_MALLOC_FAILED, first, CHART_COL);
        return;
    }
    chart_title_set_name_range(ch, s->name, first, C_NAME);
    lxw_chart_font title_font = {.size = 11, .bold = 1};
    chart_title_set_name_font(ch, &title_font);
    qtr_wb_check(s, line_series(ch, s->name, first, last, C_ACTUAL, 0x4472C4, 0), first, C_ACTUAL);
    qtr_wb_check(s, line_series(ch, s->name, first, last, C_EXPECTED, 0xED7D31, 1), first, C_EXPECTED);
    chart_axis_set_num_format(ch->y_axis, qtr_wb_numkind_format(qtr_wb_numkind_for(city->measure_unit, city->kind)));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_row_t row = (lxw_row_t)(HEAD_ROW + 1 + (nth / 2) * CHART_ROWS);
    lxw_col_t col = (lxw_col_t)(CHART_COL + (nth % 2) * 8);
    lxw_chart_options opt = {.x_offset = 4, .y_offset = 4, .x_scale = 1.0, .y_scale = 1.05};
    qtr_wb_check(s, worksheet_insert_chart_opt(s->ws, row, col, ch, &opt), row, col);
}

/* 1 when indicator i has quarters. */
static int has_block(const qtr_workbook_input *in, size_t i)
{
    for (size_t j = 0; j < in->nquarters; j++)
        if (in->quarters[j].ind == i)
            return 1;
    return 0;
}

/* The width of the names' column, known before the rows are written (a wrapped name sets its
 * row's height as the row is written). */
static double name_width(const qtr_workbook_input *in, qtr_wb_sheet *s)
{
    for (size_t i = 0; i < in->nind; i++)
        if (has_block(in, i))
            qtr_wb_measure(s, C_NAME, qtr_wb_text_width(in->city[i]->name));
    return qtr_wb_column_width(s, C_NAME, 8, 30);
}

/* Rows of the table: one block per indicator with a chart, a blank row after each. Returns
 * how many blocks had rows. */
static size_t write_blocks(qtr_wb_ctx *ctx, qtr_wb_sheet *s, double namew)
{
    const qtr_workbook_input *in = ctx->in;
    lxw_row_t r = HEAD_ROW + 1;
    size_t blocks = 0;
    for (size_t i = 0; i < in->nind; i++) {
        lxw_row_t first = r;
        for (size_t j = 0; j < in->nquarters; j++)
            if (in->quarters[j].ind == i)
                quarter_row(s, r++, in->city[i], &in->quarters[j], namew);
        if (r == first)
            continue;
        block_chart(ctx, s, blocks, first, r - 1, in->city[i]);
        blocks++;
        r++;
    }
    return blocks;
}

qtr_status qtr_wb_sheet_quarterly(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_sheet_open(&s, ctx->wb, QTR_WB_SHEET_QUARTERLY, &ctx->st, ctx->scratch);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    char title[200];
    snprintf(title, sizeof title, "季度明细：全市各指标分季度完成情况（截至%s）", ctx->period_cn);
    qtr_wb_merge(&s, 0, 0, 0, NCOLS - 1, title, s.st->title);
    qtr_wb_height(&s, 0, 24);
    qtr_wb_str_nowidth(&s, 1, 0,
                       "本季数：流量指标为当季新增，存量指标为季末数（空白：无单位报送）；累计完成：截至该季度的累计（存量为季末水平）；"
                       "序时应达：按序时进度该季度末应达到的数值；与序时差 = 累计完成 − 序时应达。",
                       s.st->note);
    header(&s);
    if (write_blocks(ctx, &s, name_width(in, &s)) == 0)
        qtr_wb_str_nowidth(&s, HEAD_ROW + 1, 0, "quarterly.csv 中没有全市的季度数据。", s.st->note);
    worksheet_freeze_panes(s.ws, HEAD_ROW + 1, 1);
    qtr_wb_apply_widths(&s, NCOLS, 8, 30);
    qtr_wb_print_setup(&s, in->plan->name, 1, HEAD_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
