/* sheet_data.c — 数据: the facts of facts.csv kept by wbfacts.c (all of them, or the report's
 * quarters when facts.csv is over the budget), with the indicator's name and unit, the source
 * file and line. A small workbook shows them as an Excel table with filters; a big one is
 * written in constant-memory mode, which has no tables: a header row, an autofilter and a
 * frozen header instead. A notice in K1 (and on 汇总 and 说明) says which facts are left out.
 * The hot loop allocates nothing: texts repeat, so each is measured once, and the number
 * columns' widths come from their extremes.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbsheets.h"

enum { C_PERIOD, C_UNIT, C_IND, C_NAME, C_VALUE, C_MUNIT, C_SOURCE, C_LINE, C_NOTE, NCOLS };

/* the formulas over 数据 read these columns (wbtrace.h) */
_Static_assert((int)C_PERIOD == (int)QTR_WB_DATA_PERIOD && (int)C_UNIT == (int)QTR_WB_DATA_UNIT &&
                   (int)C_IND == (int)QTR_WB_DATA_IND && (int)C_VALUE == (int)QTR_WB_DATA_VALUE,
               "wbtrace.h reads 数据's columns");

static const char *const HEADS[NCOLS] = {
    "报告期", "单位", "指标", "指标名称", "数值", "计量单位", "来源文件", "行号", "备注",
};

/* What an indicator id of facts.csv shows: its series' name and unit. */
typedef struct {
    const char *name, *unit;
    size_t name_len, unit_len;
    double name_w, unit_w;
    int known;                 /* filled */
    int plain;                 /* name and unit both printed as they are (plain_text) */
} series_info;

typedef struct {
    const qtr_workbook_input *in;
    const qtr_wb_intern *texts;
    double *width;             /* text id -> display width, NAN until measured */
    unsigned char *plain;      /* text id -> 1 printed as it is (plain_text), 2 not, 0 unknown */
    series_info *series;       /* text id -> its series (for indicator ids) */
    double lo[QTR_WB_NUM_KINDS], hi[QTR_WB_NUM_KINDS];  /* values' extremes by format */
    double line_lo, line_hi;   /* line numbers' extremes */
} data_writer;

static double text_width(data_writer *w, uint32_t id)
{
    if (isnan(w->width[id]))
        w->width[id] = qtr_wb_text_width(w->texts->text[id]);
    return w->width[id];
}

/* 1 when the library would print text as it is, inline: not empty, nothing to escape (& < >
 * and control characters), no space at either end (xml:space) */
static int plain_text(const char *t, size_t len)
{
    if (len == 0 || len > QTR_WB_MAX_TEXT || isspace((unsigned char)t[0]) ||
        isspace((unsigned char)t[len - 1]))
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c == '&' || c == '<' || c == '>')
            return 0;
    }
    return 1;
}

static const series_info *series_of(data_writer *w, uint32_t id)
{
    series_info *si = &w->series[id];
    if (si->known)
        return si;
    const qtr_plan *plan = w->in->plan;
    long k = qtr_plan_find_series(plan, w->texts->text[id]);
    const qtr_series *ser = k >= 0 ? &plan->series[k] : NULL;
    si->known = 1;
    si->name = ser ? ser->name : "";
    si->unit = ser ? ser->unit : "";
    si->name_len = strlen(si->name);
    si->unit_len = strlen(si->unit);
    si->name_w = qtr_wb_text_width(si->name);
    si->unit_w = qtr_wb_text_width(si->unit);
    si->plain = plain_text(si->name, si->name_len) && plain_text(si->unit, si->unit_len);
    return si;
}

/* The source file's name as 数据 shows it: facts.csv guards a formula-like name with a quote */
static const char *source_text(const data_writer *w, uint32_t id, size_t *len)
{
    const char *src = w->texts->text[id];
    *len = w->texts->len[id];
    if (*len && src[0] == '\'') {
        src++;
        (*len)--;
    }
    return src;
}

/* Whether text id is printed as it is, measured once per text. */
static int plain_id(data_writer *w, uint32_t id)
{
    if (!w->plain[id])
        w->plain[id] = plain_text(w->texts->text[id], w->texts->len[id]) ? 1 : 2;
    return w->plain[id] == 1;
}

/* The same for a source file's name as source_text shows it (a quoted one, rare, each time:
 * the same text elsewhere keeps its quote). */
static int plain_source(data_writer *w, uint32_t id)
{
    size_t len;
    const char *t = source_text(w, id, &len);
    return t == w->texts->text[id] ? plain_id(w, id) : plain_text(t, len);
}

/* A number's width grows with its size: the extremes measure the columns (measure_numbers). */
static void note_numbers(data_writer *w, qtr_wb_numfmt k, const qtr_wb_fact *f)
{
    if (!isnan(f->value)) {
        w->lo[k] = fmin(w->lo[k], f->value);
        w->hi[k] = fmax(w->hi[k], f->value);
    }
    w->line_lo = fmin(w->line_lo, f->line);
    w->line_hi = fmax(w->line_hi, f->line);
}

static void text_cell(data_writer *w, qtr_wb_sheet *s, lxw_row_t r, lxw_col_t c, uint32_t id)
{
    qtr_wb_str_known(s, r, c, w->texts->text[id], w->texts->len[id], text_width(w, id), NULL);
}

static void fact_row(data_writer *w, qtr_wb_sheet *s, lxw_row_t r, const qtr_wb_fact *f)
{
    const qtr_wb_styles *st = s->st;
    const series_info *si = series_of(w, f->indicator);
    text_cell(w, s, r, C_PERIOD, f->period);
    text_cell(w, s, r, C_UNIT, f->unit);
    text_cell(w, s, r, C_IND, f->indicator);
    qtr_wb_str_known(s, r, C_NAME, si->name, si->name_len, si->name_w, NULL);
    qtr_wb_numfmt k = qtr_wb_numfmt_data(f->value, si->unit);
    qtr_wb_num_nowidth(s, r, C_VALUE, f->value, st->num[k]);
    qtr_wb_str_known(s, r, C_MUNIT, si->unit, si->unit_len, si->unit_w, NULL);
    size_t src_len;
    const char *src = source_text(w, f->source, &src_len);
    qtr_wb_str_known(s, r, C_SOURCE, src, src_len, text_width(w, f->source), NULL);
    qtr_wb_num_nowidth(s, r, C_LINE, f->line, st->integer);
    if (isnan(f->value))
        qtr_wb_str(s, r, C_NOTE, "未报", NULL);
    note_numbers(w, k, f);
}

static void measure_numbers(const data_writer *w, qtr_wb_sheet *s)
{
    for (int k = 0; k < QTR_WB_NUM_KINDS; k++) {
        if (w->lo[k] > w->hi[k])
            continue;  /* no value of this format */
        qtr_wb_measure(s, C_VALUE, qtr_wb_number_width(w->lo[k], (qtr_wb_numfmt)k));
        qtr_wb_measure(s, C_VALUE, qtr_wb_number_width(w->hi[k], (qtr_wb_numfmt)k));
    }
    if (w->line_lo <= w->line_hi) {
        qtr_wb_measure(s, C_LINE, qtr_wb_number_width(w->line_lo, QTR_WB_NUM_D0));
        qtr_wb_measure(s, C_LINE, qtr_wb_number_width(w->line_hi, QTR_WB_NUM_D0));
    }
}

/* ---------------------------------------------------------------- constant-memory rows
 *
 * A performance device for big workbooks: in constant-memory mode libxlsxwriter prints each row
 * into the sheet's row file as soon as the next row starts, cell by cell (a copy of every text,
 * a cell allocated and freed, its reference and XML printed: nine calls and about 1.6 µs a row
 * of 数据, 0.6 s at 10,000 units). A row of ordinary cells is printed here instead, straight into
 * that file, with the very characters the library prints for it (_write_row, _write_cell,
 * _write_inline_string_cell and _write_number_cell of libxlsxwriter 1.1.4: "<row r=..>", each
 * cell's reference, its style's number from lxw_format_get_xf_index — asked in the same order,
 * so styles are numbered as before — inline text, numbers as "%.16G"), and the sheet's extent
 * and row state are kept as its own writes keep them. Any row with a cell the library would
 * print otherwise — an empty or over-long text, a text with & < > or a control character or
 * space at either end, a value that is not a number — goes through the library as before. The
 * file is the same byte for byte (tests/e2e/workbook.sh compares a big workbook with one
 * written through the library alone, QTR_WB_PLAIN_ROWS=1; make bench-devices builds without it,
 * PLAIN=rows). */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} rowbuf;

static void rb_put(rowbuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *nb = realloc(b->buf, cap);
        if (!nb) {
            b->failed = 1;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

static void rb_str(rowbuf *b, const char *s)
{
    rb_put(b, s, strlen(s));
}

/* "<c r=\"E7\"" and, for a style, " s=\"8\"" (the cell's format's number, asked now as the
 * library asks it when it prints the cell) */
static void rb_cell_head(rowbuf *b, lxw_col_t col, lxw_row_t row, lxw_format *fmt)
{
    char ref[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(ref, row, col);
    rb_str(b, "<c r=\"");
    rb_str(b, ref);
    rb_put(b, "\"", 1);
    int32_t style = fmt ? lxw_format_get_xf_index(fmt) : 0;
    if (style) {
        rb_str(b, " s=\"");
        char num[40];
        rb_put(b, num, qtr_wb_print_g16(num, style));
        rb_put(b, "\"", 1);
    }
}

static void rb_text(rowbuf *b, lxw_col_t col, lxw_row_t row, const char *t, size_t len)
{
    rb_cell_head(b, col, row, NULL);
    rb_str(b, " t=\"inlineStr\"><is><t>");
    rb_put(b, t, len);
    rb_str(b, "</t></is></c>");
}

static void rb_number(rowbuf *b, lxw_col_t col, lxw_row_t row, double v, lxw_format *fmt)
{
    char num[40];
    rb_cell_head(b, col, row, fmt);
    rb_str(b, "><v>");
    rb_put(b, num, qtr_wb_print_g16(num, v)); /* as libxlsxwriter's "%.16G" */
    rb_str(b, "</v></c>");
}

static int plain_rows_off(void)
{
#ifdef QTR_PLAIN_ROWS /* make bench-devices: what printing the rows here buys */
    return 1;
#else
    const char *e = getenv("QTR_WB_PLAIN_ROWS"); /* tests: the library's own way, to compare */
    return e && *e == '1';
#endif
}

/* Prints row r of 数据 for fact f straight into the sheet's row file; 0 when it cannot (the
 * caller writes it through the library). */
static int direct_row(data_writer *w, qtr_wb_sheet *s, rowbuf *b, lxw_row_t r, const qtr_wb_fact *f)
{
    const series_info *si = series_of(w, f->indicator);
    const qtr_wb_intern *tx = w->texts;
    if (!isfinite(f->value) || !isfinite(f->line) || r < s->row || !si->plain ||
        !plain_id(w, f->period) || !plain_id(w, f->unit) || !plain_id(w, f->indicator) ||
        !plain_source(w, f->source))
        return 0;
    size_t src_len;
    const char *src = source_text(w, f->source, &src_len);
    lxw_worksheet *ws = s->ws;
    /* the library's pending row first (the header, or a row it wrote), then this one */
    lxw_worksheet_write_single_row(ws);
    const qtr_wb_styles *st = s->st;
    qtr_wb_numfmt k = qtr_wb_numfmt_data(f->value, si->unit);
    b->len = 0;
    char num[40];
    rb_str(b, "<row r=\"");
    rb_put(b, num, qtr_wb_print_g16(num, (double)r + 1));
    rb_str(b, "\">");
    rb_text(b, C_PERIOD, r, tx->text[f->period], tx->len[f->period]);
    rb_text(b, C_UNIT, r, tx->text[f->unit], tx->len[f->unit]);
    rb_text(b, C_IND, r, tx->text[f->indicator], tx->len[f->indicator]);
    rb_text(b, C_NAME, r, si->name, si->name_len);
    rb_number(b, C_VALUE, r, f->value, st->num[k]);
    rb_text(b, C_MUNIT, r, si->unit, si->unit_len);
    rb_text(b, C_SOURCE, r, src, src_len);
    rb_number(b, C_LINE, r, f->line, st->integer);
    rb_str(b, "</row>");
    if (b->failed) {
        qtr_wb_check(s, LXW_ERROR_MEMORY_MALLOC_FAILED, r, 0);
        return 1;
    }
    /* a failed write, as the library's own: the stream's error, which rewind() notes when the
     * sheet is assembled (lxwhooks.c), and the stage says the workbook came out incomplete */
    (void)fwrite_unlocked(b->buf, 1, b->len, ws->file);
    /* what the library's writes keep: the extent, the current row (for later writes) */
    if (r < ws->dim_rowmin)
        ws->dim_rowmin = r;
    if (r > ws->dim_rowmax)
        ws->dim_rowmax = r;
    if (ws->dim_colmin > C_PERIOD)
        ws->dim_colmin = C_PERIOD;
    if (ws->dim_colmax < C_LINE)
        ws->dim_colmax = C_LINE;
    ws->optimize_row->row_num = r;
    s->row = r;
    /* the columns' widths and the numbers' extremes, as fact_row */
    double wd[NCOLS] = {0};
    wd[C_PERIOD] = text_width(w, f->period);
    wd[C_UNIT] = text_width(w, f->unit);
    wd[C_IND] = text_width(w, f->indicator);
    wd[C_NAME] = si->name_w;
    wd[C_MUNIT] = si->unit_w;
    wd[C_SOURCE] = text_width(w, f->source);
    for (int c = 0; c < NCOLS; c++)
        if (wd[c] > s->width[c])
            s->width[c] = wd[c];
    note_numbers(w, k, f);
    return 1;
}

static qtr_status write_rows(qtr_wb_ctx *ctx, qtr_wb_sheet *s)
{
    const qtr_wb_facts *f = &ctx->in->facts;
    size_t ntexts = f->texts.n ? f->texts.n : 1;
    data_writer w = {.in = ctx->in, .texts = &f->texts, .line_lo = INFINITY, .line_hi = -INFINITY};
    w.width = malloc(ntexts * sizeof *w.width);
    w.series = calloc(ntexts, sizeof *w.series);
    w.plain = calloc(ntexts, 1);
    if (!w.width || !w.series || !w.plain) {
        free(w.width);
        free(w.series);
        free(w.plain);
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < ntexts; i++)
        w.width[i] = NAN;
    for (int k = 0; k < QTR_WB_NUM_KINDS; k++) {
        w.lo[k] = INFINITY;
        w.hi[k] = -INFINITY;
    }
    size_t n = ctx->res->facts_written;  /* what fits below the header (count_rows) */
    rowbuf b = {NULL, 0, 0, 0};
    /* rows as the library prints them with the sheet's defaults (no row height or Excel 2010
     * attribute of their own) */
    int direct = ctx->res->constant_memory && s->ws->optimize && s->ws->optimize_row &&
                 s->ws->default_row_height == LXW_DEF_ROW_HEIGHT && s->ws->excel_version != 2010 &&
                 !plain_rows_off();
    for (size_t i = 0; i < n && s->lerr == LXW_NO_ERROR; i++)
        if (!direct || !direct_row(&w, s, &b, (lxw_row_t)(i + 1), &f->rows[i]))
            fact_row(&w, s, (lxw_row_t)(i + 1), &f->rows[i]);
    free(b.buf);
    measure_numbers(&w, s);
    free(w.width);
    free(w.series);
    free(w.plain);
    return QTR_OK;
}

/* Small workbooks: an Excel table over the header and the rows (written last). */
static void add_table(qtr_wb_sheet *s, lxw_row_t last)
{
    lxw_table_column cols[NCOLS];
    lxw_table_column *list[NCOLS + 1];
    for (int c = 0; c < NCOLS; c++) {
        memset(&cols[c], 0, sizeof cols[c]);
        cols[c].header = (char *)(uintptr_t)HEADS[c];  /* the library's field is not const */
        cols[c].header_format = s->st->header;
        list[c] = &cols[c];
        qtr_wb_measure(s, (lxw_col_t)c, qtr_wb_text_width(HEADS[c]) + 2);  /* + filter button */
    }
    list[NCOLS] = NULL;
    lxw_table_options opt = {.name = "Facts", .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
                             .style_type_number = 9, .columns = list};
    qtr_wb_check(s, worksheet_add_table(s->ws, 0, 0, last, NCOLS - 1, &opt), 0, 0);
}

/* Big workbooks (constant-memory mode): the header row, written first, as the table's. */
static void header_row(qtr_wb_sheet *s)
{
    for (int c = 0; c < NCOLS; c++) {
        qtr_wb_str_nowidth(s, 0, (lxw_col_t)c, HEADS[c], s->st->header);
        qtr_wb_measure(s, (lxw_col_t)c, qtr_wb_text_width(HEADS[c]) + 2);  /* + filter button */
    }
}

qtr_status qtr_wb_sheet_data(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_DATA);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    int big = ctx->res->constant_memory;
    size_t n = ctx->res->facts_written;
    lxw_row_t last = (lxw_row_t)(n > 0 ? n : 1);  /* a table needs a data row, even empty */
    if (big) {  /* the filter before its rows: a range ending above the current row is refused */
        header_row(&s);
        qtr_wb_check(&s, worksheet_autofilter(s.ws, 0, 0, last, NCOLS - 1), 0, 0);
    }
    char note[1200], text[1300];
    if (*qtr_wb_facts_note(in, ctx->res, note, sizeof note)) {  /* beside the header, in row 1 */
        snprintf(text, sizeof text, "注意：%s", note);
        qtr_wb_str_nowidth(&s, 0, NCOLS + 1, text, s.st->sev_error);
        /* printed pages hold the facts only: the long note would shrink them to fit (汇总,
         * printed first, says it too) */
        qtr_wb_check(&s, worksheet_print_area(s.ws, 0, 0, last, NCOLS - 1), 0, NCOLS + 1);
    }
    qtr_status st = write_rows(ctx, &s);
    if (st != QTR_OK)
        return st;
    if (!big)
        add_table(&s, last);
    qtr_wb_check(&s, qtr_wb_trace_names(&ctx->trace, ctx->wb), 0, 0);  /* the formulas' names */
    worksheet_freeze_panes(s.ws, 1, 0);
    qtr_wb_apply_widths(&s, NCOLS, 8, 40);
    qtr_wb_print_setup(&s, in->plan->name, 1, 0, 0);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
