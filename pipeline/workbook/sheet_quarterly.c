/* sheet_quarterly.c — 季度明细: for each indicator, the region's trend from the report (the
 * quarter's amount, the cumulative actual, the expected pace value, and their difference as a
 * live formula of the two as shown, so that the three figures on a row add up) and one native
 * line chart per indicator of cumulative against pace.
 */
#include <math.h>
#include <stdio.h>

#include "wbsheets.h"
#include "words.h"

#define HEAD_ROW 3
#define CHART_COL 10       /* charts start right of the table (column K) */
#define CHART_ROWS 16      /* rows one chart occupies in the grid */

enum { C_NAME, C_UNIT, C_QUARTER, C_AMOUNT, C_ACTUAL, C_EXPECTED, C_DIFF, C_TIME, C_TARGET, NCOLS };

static const char *const HEADS[NCOLS] = {
    "指标", "单位", "季度", "本季数（存量为季末数）", "累计完成", "序时应达", "与序时差", "序时进度", "目标",
};

static void header_widths(qtr_wb_sheet *s)
{
    for (int c = 0; c < NCOLS; c++)
        qtr_wb_measure(s, (lxw_col_t)c, fmin(qtr_wb_text_width(HEADS[c]), 10));
}

static void header(qtr_wb_sheet *s)
{
    for (int c = 0; c < NCOLS; c++)
        qtr_wb_str_nowidth(s, HEAD_ROW, (lxw_col_t)c, HEADS[c], s->st->header);
    qtr_wb_height(s, HEAD_ROW, 32);
    /* the columns of values: where they come from */
    qtr_wb_note(s, HEAD_ROW, C_EXPECTED, "数值，不是公式：由 qtr-compare 计算（序时进度下该季度末应达到的数值），"
                                         "见 quarterly.csv 的 expected 列。");
    qtr_wb_note(s, HEAD_ROW, C_TIME, "数值，不是公式：由 qtr-compare 按季度计算，见 quarterly.csv 的 "
                                     "time_progress 列；口径见“说明”。");
    qtr_wb_note(s, HEAD_ROW, C_TARGET, "数值，不是公式：计划配置的目标，见 progress.csv 的 target 列。");
}

/* The value a figure is shown as, and the decimals of Excel's ROUND that give it. */
static double shown(const qtr_indicator *ind, qtr_figure fig, double v, int *digits)
{
    qtr_wb_numfmt f = qtr_wb_numfmt_of(ind, fig, v);
    *digits = qtr_wb_numfmt_digits(f) + (f == QTR_WB_NUM_PERCENT ? 2 : 0);
    return qtr_words_shown(ind, fig, v);
}

/* 与序时差: the difference of the cumulative actual and the expected value as they are shown
 * (356 − 263 = 93, 88 − 88 = 0 where 87.5 is expected), shown as the indicator's figures are: a
 * ratio's 1.79 − 1.79 reads 0, not 0.00. */
static void difference(qtr_wb_sheet *s, lxw_row_t r, const qtr_trend_point *pt, const qtr_indicator *ind)
{
    int da, de;
    double a = shown(ind, QTR_FIG_ACTUAL, pt->actual, &da), e = shown(ind, QTR_FIG_NEEDED, pt->expected, &de);
    char fm[QTR_WB_FORMULA_SIZE];
    qtr_wb_numfmt f = qtr_wb_numfmt_of(ind, QTR_FIG_ACTUAL, a - e);
    qtr_wb_formula(s, r, C_DIFF, qtr_wb_f_shown_diff(fm, r, C_ACTUAL, da, C_EXPECTED, de), a - e,
                   s->st->num[f], f);
}

static void quarter_row(const qtr_wb_ctx *ctx, qtr_wb_sheet *s, lxw_row_t r, size_t i,
                        const qtr_trend_point *pt, double namew)
{
    const qtr_wb_styles *st = s->st;
    const qtr_indicator *ind = qtr_wb_indicator(ctx->in, i);
    const qtr_progress_row *city = qtr_wb_row(ctx->in, -1, i);
    const char *units = "'" QTR_WB_SHEET_UNITS "'!";
    char label[32], fm[QTR_WB_TRACE_SIZE];
    double computed;
    qtr_wb_str(s, r, C_NAME, ind->name, st->wrap);
    qtr_wb_str(s, r, C_UNIT, ind->unit, st->text);
    qtr_wb_str(s, r, C_QUARTER, qtr_period_format_cn(pt->period, label), st->text);
    int ok = qtr_wb_trace_amount(&ctx->trace, i, pt->period, units, fm, &computed);
    qtr_wb_traced(s, r, C_AMOUNT, ind, pt->amount, 0, ok, fm, computed);
    ok = qtr_wb_trace_actual(&ctx->trace, i, -1, pt->period, units, fm, &computed);
    qtr_wb_traced(s, r, C_ACTUAL, ind, pt->actual, 0, ok, fm, computed);
    qtr_wb_value(s, r, C_EXPECTED, ind, QTR_FIG_NEEDED, pt->expected, 0);
    if (isfinite(pt->actual) && isfinite(pt->expected))
        difference(s, r, pt, ind);
    qtr_wb_num(s, r, C_TIME, pt->time_progress, st->rate, QTR_WB_NUM_PERCENT);
    qtr_wb_value(s, r, C_TARGET, ind, QTR_FIG_NEEDED, city->target, 0);
    qtr_wb_fit_height(s, r, ind->name, namew);
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
                        const qtr_indicator *ind)
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
    chart_axis_set_num_format(ch->y_axis, qtr_wb_axis_format(ind->unit));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    lxw_row_t row = (lxw_row_t)(HEAD_ROW + 1 + (nth / 2) * CHART_ROWS);
    lxw_col_t col = (lxw_col_t)(CHART_COL + (nth % 2) * 8);
    lxw_chart_options opt = {.x_offset = 4, .y_offset = 4, .x_scale = 1.0, .y_scale = 1.05};
    qtr_wb_check(s, worksheet_insert_chart_opt(s->ws, row, col, ch, &opt), row, col);
}

/* The region's trend of indicator i: *n points. */
static const qtr_trend_point *trend_of(const qtr_workbook_input *in, size_t i, size_t *n)
{
    const qtr_report *r = in->report;
    *n = r->trend_start[i + 1] - r->trend_start[i];
    return r->trend + r->trend_start[i];
}

/* The width of the names' column, known before the rows are written (a wrapped name sets its
 * row's height as the row is written). */
static double name_width(const qtr_workbook_input *in, qtr_wb_sheet *s)
{
    size_t n;
    for (size_t i = 0; i < in->nind; i++)
        if (trend_of(in, i, &n) && n > 0)
            qtr_wb_measure(s, C_NAME, qtr_wb_text_width(qtr_wb_indicator(in, i)->name));
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
        size_t n;
        const qtr_trend_point *pt = trend_of(in, i, &n);
        if (n == 0)
            continue;
        lxw_row_t first = r;
        for (size_t k = 0; k < n; k++)
            quarter_row(ctx, s, r++, i, &pt[k], namew);
        block_chart(ctx, s, blocks, first, r - 1, qtr_wb_indicator(in, i));
        blocks++;
        r++;
    }
    return blocks;
}

qtr_status qtr_wb_sheet_quarterly(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_QUARTERLY);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    char title[400];
    snprintf(title, sizeof title, "季度明细：%s各指标分季度完成情况（截至%s）", in->plan->total_name,
             ctx->period_cn);
    qtr_wb_merge(&s, 0, 0, 0, NCOLS - 1, title, s.st->title);
    qtr_wb_height(&s, 0, 24);
    /* the note wraps over the table's width (printed, the table is the page: its charts are
     * the PDF's) */
    static const char note[] =
        "本季数：流量指标为当季新增（空白：无单位报送）；存量指标为季末数（未报的单位沿用此前的数值）；累计完成：截至该季度的累计（存量为季末水平）；"
        "序时应达：按序时进度该季度末应达到的数值；与序时差 = 累计完成 − 序时应达（按表中显示的数值相减）。"
        "本季数和累计完成是对“数据”表的公式（见“说明”）。";
    header_widths(&s);
    double namew = name_width(in, &s);
    double tablew = 0;
    for (lxw_col_t c = 0; c < NCOLS; c++)
        tablew += qtr_wb_column_width(&s, c, 8, 30);
    qtr_wb_merge(&s, 1, 0, 1, NCOLS - 1, note, s.st->note_wrap);
    qtr_wb_height(&s, 1, 15.0 * qtr_wb_lines(qtr_wb_text_width(note), tablew - 2) + 3);
    header(&s);
    if (write_blocks(ctx, &s, namew) == 0)
        qtr_wb_str_nowidth(&s, HEAD_ROW + 1, 0, "quarterly.csv 中没有各指标的季度数据。", s.st->note);
    worksheet_freeze_panes(s.ws, HEAD_ROW + 1, 1);
    qtr_wb_apply_widths(&s, NCOLS, 8, 30);
    s.print_cols = NCOLS;
    lxw_row_t lastr = s.row > HEAD_ROW ? s.row : HEAD_ROW + 1;
    qtr_wb_check(&s, worksheet_print_area(s.ws, 0, 0, lastr, NCOLS - 1), 0, 0);
    qtr_wb_print_setup(&s, in->plan->name, 1, HEAD_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
