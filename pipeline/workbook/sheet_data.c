/* sheet_data.c — 数据: every fact of facts.csv as an Excel table with filters, with the
 * indicator's name and unit, the source file and line. Cells are written straight from the
 * loaded table (no allocation per cell). Rows beyond Excel's limit are not written: a note
 * beside the table (and on 汇总 and 说明) says how many and that facts.csv holds them.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wbsheets.h"

enum { C_PERIOD, C_UNIT, C_IND, C_NAME, C_VALUE, C_MUNIT, C_SOURCE, C_LINE, C_NOTE, NCOLS };

typedef struct {
    long col[6];          /* period, unit, indicator, value, source, line in facts.csv */
    const char *last_id;  /* cache of the last series looked up */
    long last_series;
} data_cursor;

static long series_of(const qtr_plan *plan, data_cursor *cur, const char *id)
{
    if (!cur->last_id || strcmp(cur->last_id, id) != 0) {
        cur->last_id = id;
        cur->last_series = qtr_plan_find_series(plan, id);
    }
    return cur->last_series;
}

static qtr_status fact_row(qtr_wb_ctx *ctx, qtr_wb_sheet *s, data_cursor *cur, size_t i)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_table *t = in->facts;
    const qtr_wb_styles *st = s->st;
    lxw_row_t r = (lxw_row_t)(i + 1);
    const char *id = qtr_table_get(t, i, cur->col[2]);
    const char *value = qtr_table_get(t, i, cur->col[3]);
    const char *line = qtr_table_get(t, i, cur->col[5]);
    double v, ln;
    int bad_value = qtr_wb_parse_number(value, &v) != 0;
    if (bad_value || qtr_wb_parse_number(line, &ln) != 0)
        return qtr_error_set(ctx->err, QTR_ERR_PARSE, in->paths.facts, t->lines[i],
                             (bad_value ? cur->col[3] : cur->col[5]) + 1, "%s '%s' is not a number",
                             bad_value ? "value" : "line", bad_value ? value : line);
    long si = series_of(in->plan, cur, id);
    const qtr_series *ser = si >= 0 ? &in->plan->series[si] : NULL;
    qtr_wb_numkind k = ser ? qtr_wb_numkind_for(ser->unit, ser->stock ? "stock" : "flow")
                           : QTR_WB_NUM_DECIMAL;
    qtr_wb_str(s, r, C_PERIOD, qtr_table_get(t, i, cur->col[0]), NULL);
    qtr_wb_str(s, r, C_UNIT, qtr_table_get(t, i, cur->col[1]), NULL);
    qtr_wb_str(s, r, C_IND, id, NULL);
    qtr_wb_str(s, r, C_NAME, ser ? ser->name : "", NULL);
    qtr_wb_num(s, r, C_VALUE, v, st->num[k], k);
    qtr_wb_str(s, r, C_MUNIT, ser ? ser->unit : "", NULL);
    qtr_wb_str(s, r, C_SOURCE, qtr_table_get(t, i, cur->col[4]), NULL);
    qtr_wb_num(s, r, C_LINE, ln, st->integer, QTR_WB_NUM_COUNT);
    qtr_wb_str(s, r, C_NOTE, isnan(v) ? "未报" : "", NULL);
    return QTR_OK;
}

static void add_table(qtr_wb_sheet *s, lxw_row_t last)
{
    static const char *const heads[NCOLS] = {
        "报告期", "单位", "指标", "指标名称", "数值", "计量单位", "来源文件", "行号", "备注",
    };
    lxw_table_column cols[NCOLS];
    lxw_table_column *list[NCOLS + 1];
    for (int c = 0; c < NCOLS; c++) {
        memset(&cols[c], 0, sizeof cols[c]);
        cols[c].header = (char *)(uintptr_t)heads[c];  /* the library's field is not const */
        cols[c].header_format = s->st->header;
        list[c] = &cols[c];
        qtr_wb_measure(s, (lxw_col_t)c, qtr_wb_text_width(heads[c]) + 2);  /* + filter button */
    }
    list[NCOLS] = NULL;
    lxw_table_options opt = {.name = "Facts", .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
                             .style_type_number = 9, .columns = list};
    qtr_wb_check(s, worksheet_add_table(s->ws, 0, 0, last, NCOLS - 1, &opt), 0, 0);
}

static void overflow_note(qtr_wb_ctx *ctx, qtr_wb_sheet *s)
{
    char note[300];
    const qtr_workbook_result *res = ctx->res;
    snprintf(note, sizeof note, "注意：facts.csv 共 %zu 条，超出 Excel 行数上限；本表列出前 %zu 条，其余 %zu 条见 facts.csv。",
             res->facts_total, res->facts_written, res->facts_total - res->facts_written);
    qtr_wb_str_nowidth(s, 0, NCOLS + 1, note, s->st->sev_error);
}

static qtr_status write_rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s)
{
    const qtr_workbook_input *in = ctx->in;
    data_cursor cur = {.last_id = NULL, .last_series = -1};
    static const char *const names[6] = {"period", "unit", "indicator", "value", "source", "line"};
    for (int c = 0; c < 6; c++)
        cur.col[c] = qtr_table_col(in->facts, names[c]);
    size_t n = ctx->res->facts_written;  /* what fits below the header (count_rows) */
    for (size_t i = 0; i < n; i++) {
        qtr_status st = fact_row(ctx, s, &cur, i);
        if (st != QTR_OK)
            return st;
        if (s->lerr != LXW_NO_ERROR)
            break;
    }
    return QTR_OK;
}

qtr_status qtr_wb_sheet_data(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_sheet_open(&s, ctx->wb, QTR_WB_SHEET_DATA, &ctx->st, ctx->scratch);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    qtr_status st = write_rows(ctx, &s);
    if (st != QTR_OK)
        return st;
    size_t n = ctx->res->facts_written;
    add_table(&s, (lxw_row_t)(n > 0 ? n : 1));  /* a table needs a data row, even empty */
    if (n < ctx->res->facts_total)
        overflow_note(ctx, &s);
    worksheet_freeze_panes(s.ws, 1, 0);
    qtr_wb_apply_widths(&s, NCOLS, 8, 40);
    qtr_wb_print_setup(&s, in->plan->name, 1, 0, 0);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
