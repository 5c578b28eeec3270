/* sheet_quality.c — 数据质量: the summary's data-quality line, every row of rejects.csv (file,
 * line, column, raw text, severity, reason, unit, period, code) with a filter, and beside it the
 * unit × quarter grid of missing reports laid out from the report rows' missing quarters. Long
 * texts wrap, each row as tall as its most wrapped cell, so that none runs into the next row.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvw.h"
#include "wbsheets.h"

#define HEAD_ROW 3
enum { C_SOURCE, C_LINE, C_COLUMN, C_RAW, C_SEVERITY, C_REASON, C_UNIT, C_PERIOD, C_CODE, NCOLS };
#define GRID_COL (NCOLS + 1)

static const char *const heads[NCOLS] = {"文件", "行", "列", "原始内容", "级别", "原因", "单位",
                                         "报告期", "代码"};

#define MIN_W 6.0   /* the columns' widths: at least, at most (longer text wraps where it may) */
#define MAX_W 44.0

static void reject_header(qtr_wb_sheet *s)
{
    for (int c = 0; c < NCOLS; c++)
        qtr_wb_str_nowidth(s, HEAD_ROW, (lxw_col_t)c, heads[c], s->st->header);
}

/* The lines text takes wrapped in column c, as its width will be set (qtr_wb_fit_height's
 * estimate: CJK characters count double). */
static int wrapped_lines(const qtr_wb_sheet *s, lxw_col_t c, const char *text)
{
    return qtr_wb_lines(qtr_wb_text_width(text), qtr_wb_column_width(s, c, MIN_W, MAX_W) - 1.5);
}

/* A row of `lines` lines of 11-pt text (at most Excel's tallest row, 409 pt). */
static void row_lines(qtr_wb_sheet *s, lxw_row_t r, int lines)
{
    if (lines > 1)
        qtr_wb_height(s, r, fmin(16.0 * lines + 2, 409));
}

/* The texts of reject i, as read (rejects.csv guards formula-like ones with a quote; the xlsx
 * stores text as text); unit, period and code are empty when an older file lacks them. */
static const char *reject_text(const qtr_table *t, const long *col, size_t i, int c)
{
    const char *v = qtr_table_get(t, i, col[c]);
    return c == C_PERIOD || c == C_CODE ? v : qtr_csv_unguard(v);
}

static qtr_status reject_row(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const long *col, size_t i,
                             int *lines)
{
    const qtr_table *t = ctx->in->rejects;
    const qtr_wb_styles *st = s->st;
    lxw_row_t r = (lxw_row_t)(HEAD_ROW + 1 + i);
    const char *line = qtr_table_get(t, i, col[C_LINE]);
    double ln;
    if (qtr_wb_parse_number(line, &ln) != 0)
        return qtr_error_set(ctx->err, QTR_ERR_PARSE, ctx->in->paths.rejects, t->lines[i],
                             col[C_LINE] + 1, "line '%s' is not a number", line);
    int error = strcmp(qtr_table_get(t, i, col[C_SEVERITY]), "error") == 0;
    /* measured already (measure_rows) */
    qtr_wb_str_nowidth(s, r, C_SOURCE, reject_text(t, col, i, C_SOURCE), st->text);
    qtr_wb_num(s, r, C_LINE, ln, st->integer, QTR_WB_NUM_D0);
    qtr_wb_str_nowidth(s, r, C_COLUMN, reject_text(t, col, i, C_COLUMN), st->text);
    qtr_wb_str_nowidth(s, r, C_RAW, reject_text(t, col, i, C_RAW), st->wrap);
    qtr_wb_str(s, r, C_SEVERITY, error ? "错误" : "警告", error ? st->sev_error : st->sev_warning);
    qtr_wb_str_nowidth(s, r, C_REASON, reject_text(t, col, i, C_REASON), st->wrap);
    qtr_wb_str_nowidth(s, r, C_UNIT, reject_text(t, col, i, C_UNIT), st->text);
    qtr_wb_str_nowidth(s, r, C_PERIOD, reject_text(t, col, i, C_PERIOD), st->text);
    qtr_wb_str_nowidth(s, r, C_CODE, reject_text(t, col, i, C_CODE), st->text);
    int raw = wrapped_lines(s, C_RAW, reject_text(t, col, i, C_RAW));
    int reason = wrapped_lines(s, C_REASON, reject_text(t, col, i, C_REASON));
    *lines = raw > reason ? raw : reason;
    return QTR_OK;
}

/* The line under the rejects: none at all, or how many Excel's row limit left out. */
static void rejects_note(qtr_wb_ctx *ctx, qtr_wb_sheet *s, lxw_row_t r)
{
    const qtr_table *t = ctx->in->rejects;
    size_t n = ctx->res->rejects_written;
    if (t->nrows == 0)
        qtr_wb_str_nowidth(s, r, 0, "无拒收数据，也没有警告。", s->st->note);
    else if (n < t->nrows) {
        char note[200];
        snprintf(note, sizeof note, "超出 Excel 行数上限：其余 %zu 条见 rejects.csv。", t->nrows - n);
        qtr_wb_str_nowidth(s, r, 0, note, s->st->sev_error);
    }
}

/* The grid's columns: the quarters of the reported year up to the period, and any other
 * period a unit row lists as missing (multi-year plans), ascending. */
static size_t grid_periods(const qtr_workbook_input *in, qtr_period *out)
{
    size_t n = qtr_wb_missing_periods(in, -1, out, QTR_WB_MAX_PERIODS);
    int year = qtr_period_year(in->period);
    for (int q = 1; q <= qtr_period_quarter(in->period); q++) {
        qtr_period p = qtr_period_make(year, q);
        size_t i = 0;
        while (i < n && out[i] < p)
            i++;
        if ((i < n && out[i] == p) || n >= QTR_WB_MAX_PERIODS)
            continue;
        memmove(out + i + 1, out + i, (n - i) * sizeof *out);
        out[i] = p;
        n++;
    }
    return n;
}

static void grid_header(qtr_wb_sheet *s, const qtr_period *periods, size_t np)
{
    qtr_wb_str(s, HEAD_ROW, GRID_COL, "单位", s->st->header);
    for (size_t k = 0; k < np; k++) {
        char label[32];
        qtr_wb_str(s, HEAD_ROW, (lxw_col_t)(GRID_COL + 1 + k), qtr_period_format_cn(periods[k], label),
                   s->st->header);
    }
}

/* Unit u's row of the grid (its cells wrap); returns the lines its tallest cell takes. */
static int grid_row(qtr_wb_ctx *ctx, qtr_wb_sheet *s, size_t u, const qtr_period *periods, size_t np)
{
    const qtr_workbook_input *in = ctx->in;
    lxw_row_t r = (lxw_row_t)(HEAD_ROW + 1 + u);
    int lines = 1;
    qtr_wb_str(s, r, GRID_COL, qtr_wb_unit_name(in, u), s->st->text);
    for (size_t k = 0; k < np; k++) {
        char text[700];
        lxw_col_t c = (lxw_col_t)(GRID_COL + 1 + k);
        qtr_wb_cell_missing_text(in, u, periods[k], text, sizeof text);
        qtr_wb_str_nowidth(s, r, c, *text ? text : "已报", *text ? s->st->miss_wrap : s->st->text);
        int n = wrapped_lines(s, c, text);
        lines = n > lines ? n : lines;
    }
    return lines;
}

/* Every text of the wrapped columns (the rejects' and the grid's) is measured before the first
 * row is written: a row's height, set as the row is written, follows from the widths. */
static void measure_rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const long *col, size_t n,
                         const qtr_period *periods, size_t np)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_table *t = in->rejects;
    static const int texts[] = {C_SOURCE, C_COLUMN, C_RAW, C_REASON, C_UNIT, C_PERIOD, C_CODE};
    for (int c = 0; c < NCOLS; c++)
        qtr_wb_measure(s, (lxw_col_t)c, qtr_wb_text_width(heads[c]) + 2);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
            qtr_wb_measure(s, (lxw_col_t)texts[k], qtr_wb_text_width(reject_text(t, col, i, texts[k])));
    for (size_t u = 0; u < in->nunits; u++)
        for (size_t k = 0; k < np; k++) {
            char text[700];
            qtr_wb_cell_missing_text(in, u, periods[k], text, sizeof text);
            qtr_wb_measure(s, (lxw_col_t)(GRID_COL + 1 + k), qtr_wb_text_width(*text ? text : "已报"));
        }
}

/* Side by side, row by row: the rejects (file, line, column, raw text, severity, reason, unit,
 * period, code) with a filter and the note under them, and the unit x quarter grid of missing
 * reports; each row as tall as its most wrapped cell. */
static qtr_status rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const long *col, const qtr_period *periods,
                       size_t np)
{
    const qtr_workbook_input *in = ctx->in;
    size_t n = ctx->res->rejects_written;  /* what fits (count_rows) */
    reject_header(s);
    grid_header(s, periods, np);
    /* the filter before its rows: a range that ends above the current row is refused */
    lxw_row_t last = n > 0 ? (lxw_row_t)(HEAD_ROW + n) : HEAD_ROW + 1;
    qtr_wb_check(s, worksheet_autofilter(s->ws, HEAD_ROW, 0, last, NCOLS - 1), HEAD_ROW, 0);
    size_t end = n + 1 > in->nunits ? n + 1 : in->nunits;  /* rejects and their note, units */
    for (size_t i = 0; i < end && s->lerr == LXW_NO_ERROR; i++) {
        int lines = 1, grid = 1;
        if (i < n) {
            qtr_status st = reject_row(ctx, s, col, i, &lines);
            if (st != QTR_OK)
                return st;
        } else if (i == n) {
            rejects_note(ctx, s, (lxw_row_t)(HEAD_ROW + 1 + n));
        }
        if (i < in->nunits)
            grid = grid_row(ctx, s, i, periods, np);
        row_lines(s, (lxw_row_t)(HEAD_ROW + 1 + i), lines > grid ? lines : grid);
    }
    return QTR_OK;
}

qtr_status qtr_wb_sheet_quality(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_QUALITY);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    char line[4000];
    qtr_period periods[QTR_WB_MAX_PERIODS];
    size_t np = grid_periods(in, periods);
    static const char *const names[NCOLS] = {"source", "line", "column", "raw", "severity", "reason",
                                             "unit", "period", "code"};
    long col[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        col[c] = qtr_table_col(in->rejects, names[c]);
    measure_rows(ctx, &s, col, ctx->res->rejects_written, periods, np);
    qtr_wb_str_nowidth(&s, 0, 0, "数据质量", s.st->title);
    qtr_wb_height(&s, 0, 24);
    /* the summary line wraps over the rejects' columns (printed, nothing runs off the page) */
    double tablew = 0;
    for (lxw_col_t c = 0; c < NCOLS; c++)
        tablew += qtr_wb_column_width(&s, c, MIN_W, MAX_W);
    qtr_wb_quality_line(in, ctx->res, line, sizeof line);
    qtr_wb_merge(&s, 1, 0, 1, NCOLS - 1, line, s.st->wrap);
    row_lines(&s, 1, qtr_wb_lines(qtr_wb_text_width(line), tablew - 2));
    qtr_wb_merge(&s, HEAD_ROW - 1, 0, HEAD_ROW - 1, NCOLS - 1, "拒收与警告（rejects.csv）", s.st->label);
    qtr_wb_merge(&s, HEAD_ROW - 1, GRID_COL, HEAD_ROW - 1, (lxw_col_t)(GRID_COL + np),
                 "未报情况（单位 × 季度）", s.st->label);
    qtr_status st = rows(ctx, &s, col, periods, np);
    if (st != QTR_OK)
        return st;
    worksheet_freeze_panes(s.ws, HEAD_ROW + 1, 0);
    qtr_wb_apply_widths(&s, (lxw_col_t)(GRID_COL + 1 + np), MIN_W, MAX_W);
    qtr_wb_print_setup(&s, in->plan->name, 1, HEAD_ROW, HEAD_ROW);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
