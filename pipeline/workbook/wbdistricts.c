/* wbdistricts.c — districts/<unit>.xlsx (docs/formats.md): per roster unit a small workbook
 * with the unit's figures (本单位指标, the columns and words of its PDF page) and its 整改清单,
 * the rows of rejects.csv with its name. Pinned document date; each file written to a
 * temporary name in the folder and renamed into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "districts.h"
#include "period.h"
#include "wbsheet.h"
#include "wbstyle.h"
#include "words.h"
#include "workbook.h"

#define SHEET_FIGURES "本单位指标"
#define SHEET_FIX "整改清单"

typedef struct {
    lxw_format *title, *head, *cell;
    lxw_format *num[QTR_WB_NUM_KINDS]; /* the cell's look with each number format */
} fmts;

static const char *const FIX_HEAD[] = {"序号", "报告期", "文件", "行", "列（表头）", "填写内容",
                                       "问题及应当怎样填", "代码"}; /* 代码: as 数据质量 and rejects.csv name it */
static const double FIX_W[] = {6, 9, 30, 6, 24, 14, 60, 18};
static const double FIG_W[] = {34, 12, 14, 12, 12, 10, 16, 16};

static lxw_error figures_sheet(lxw_workbook *wb, const fmts *f, const qtr_report *r, int unit,
                               const char *asof)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, SHEET_FIGURES);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char title[1024];
    snprintf(title, sizeof title, "%s · %s · %s", qtr_report_unit_name(r, unit), r->plan->name, asof);
    lxw_error e = worksheet_write_string(ws, 0, 0, title, f->title);
    for (lxw_col_t c = 0; c < QTR_DISTRICT_NFIG && e == LXW_NO_ERROR; c++) {
        e = worksheet_set_column(ws, c, c, FIG_W[c], NULL);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, 2, c, QTR_DISTRICT_FIG_HEAD[c], f->head);
    }
    qtr_buf cell[QTR_DISTRICT_NFIG] = {{0}};
    qtr_district_num num[QTR_DISTRICT_NFIG];
    for (size_t i = 0; i < r->nind && e == LXW_NO_ERROR; i++) {
        for (size_t c = 0; c < QTR_DISTRICT_NFIG; c++)
            qtr_buf_clear(&cell[c]);
        if (qtr_district_figures(r, unit, i, cell, num) != QTR_OK)
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        for (lxw_col_t c = 0; c < QTR_DISTRICT_NFIG && e == LXW_NO_ERROR; c++) {
            /* a cell that is one figure (本单位实际, 单位目标, 完成率, 序时进度) holds the number,
             * in the format that shows it as the page writes it (as 分单位 does): no "number
             * stored as text", and it sums */
            if (num[c].kind == QTR_DISTRICT_TEXT) {
                e = worksheet_write_string(ws, (lxw_row_t)(3 + i), c, qtr_buf_str(&cell[c]), f->cell);
                continue;
            }
            qtr_wb_numfmt nf = num[c].kind == QTR_DISTRICT_PERCENT
                                   ? QTR_WB_NUM_PERCENT
                                   : qtr_wb_numfmt_of(&r->plan->indicators[i], num[c].fig, num[c].v);
            e = worksheet_write_number(ws, (lxw_row_t)(3 + i), c, num[c].v, f->num[nf]);
        }
    }
    for (size_t c = 0; c < QTR_DISTRICT_NFIG; c++)
        qtr_buf_free(&cell[c]);
    worksheet_freeze_panes(ws, 3, 1);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    return e;
}

/* rejects.csv's rows of unit (those qtr_rejects_of_unit gives, in the same order) */
static lxw_error fix_sheet(lxw_workbook *wb, const fmts *f, const qtr_rejects *rj, const size_t *idx,
                           size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, SHEET_FIX);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = LXW_NO_ERROR;
    for (lxw_col_t c = 0; c < 8 && e == LXW_NO_ERROR; c++)
        e = worksheet_set_column(ws, c, c, FIX_W[c], NULL);
    /* the rows no unit could be told for, under the list (as the unit's page says) */
    const char *note = qtr_rejects_unitless_note(rj);
    if (n == 0) {
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(ws, 0, 0, "本单位本期数据无需整改。", f->title);
        if (e == LXW_NO_ERROR && note[0])
            e = worksheet_write_string(ws, 2, 0, note, NULL);
        return e;
    }
    char intro[300];
    snprintf(intro, sizeof intro, QTR_DISTRICT_FIX_INTRO "。", n);
    if (e == LXW_NO_ERROR && note[0])
        e = worksheet_write_string(ws, (lxw_row_t)(n + 3), 0, note, NULL);
    if (e == LXW_NO_ERROR)
        e = worksheet_write_string(ws, 0, 0, intro, f->title);
    for (lxw_col_t c = 0; c < 8 && e == LXW_NO_ERROR; c++)
        e = worksheet_write_string(ws, 1, c, FIX_HEAD[c], f->head);
    for (size_t k = 0; k < n && e == LXW_NO_ERROR; k++) {
        lxw_row_t row = (lxw_row_t)(2 + k);
        size_t i = idx[k];
        char *end;
        const char *line = qtr_rejects_get(rj, i, rj->line);
        long ln = strtol(line, &end, 10);
        qtr_buf reason = {0};
        int warn = strcmp(qtr_rejects_get(rj, i, rj->severity), "warning") == 0;
        if (qtr_buf_printf(&reason, "%s%s", warn ? "【提示】" : "", qtr_rejects_get(rj, i, rj->reason)) != QTR_OK)
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
        const char *raw = qtr_rejects_get(rj, i, rj->raw);
        const char *cells[8] = {NULL, qtr_rejects_get(rj, i, rj->period), qtr_rejects_get(rj, i, rj->source),
                                NULL, qtr_rejects_get(rj, i, rj->column), raw[0] ? raw : "（空）",
                                qtr_buf_str(&reason), qtr_rejects_get(rj, i, rj->code)};
        if (e == LXW_NO_ERROR)
            e = worksheet_write_number(ws, row, 0, (double)(k + 1), f->cell);
        if (e == LXW_NO_ERROR)
            e = line[0] && !*end ? worksheet_write_number(ws, row, 3, (double)ln, f->cell)
                                 : worksheet_write_string(ws, row, 3, line, f->cell);
        for (lxw_col_t c = 1; c < 8 && e == LXW_NO_ERROR; c++)
            if (cells[c])
                e = worksheet_write_string(ws, row, c, cells[c], f->cell);
        qtr_buf_free(&reason);
    }
    worksheet_freeze_panes(ws, 2, 0);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    return e;
}

static qtr_status write_one(const qtr_workbook_input *in, const qtr_rejects *rj, const size_t *idx,
                            size_t nidx, int unit, const char *dir, const char *path, int probe_first,
                            qtr_error *err)
{
    char tmp[4200];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof tmp)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "path too long");
    /* A folder that cannot be written to: reported up front, with the first unit's name (the
     * folder is the same for all). Only then: the workbook is written to a name that does not
     * exist yet, for ext4 forces the blocks of a file truncated to nothing (as an empty probe
     * opened again for writing is) to disk when it is closed (auto_da_alloc), ~0.1 ms a unit. */
    if (probe_first) {
        FILE *probe = fopen(tmp, "wb");
        if (!probe)
            return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create %s: %s", tmp, strerror(errno));
        int closed = fclose(probe);
        int en = errno;
        unlink(tmp);
        if (closed != 0)
            return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "cannot close %s: %s", tmp, strerror(en));
    }
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)dir, .use_zip64 = LXW_FALSE};
    qtr_wb_set_deflate_level(-1);
    qtr_wb_set_memory_tmpfiles(1); /* a few KB a part (lxwhooks.c) */
    qtr_wb_io_reset();
    lxw_workbook *wb = workbook_new_opt(tmp, &opt);
    if (!wb) {
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "cannot start the workbook");
    }
    const qtr_report *r = in->report;
    char asof[64], title[1024];
    qtr_buf b = {0};
    if (qtr_words_as_of(r->period, &b) != QTR_OK)
        b.len = 0;
    snprintf(asof, sizeof asof, "%s", qtr_buf_str(&b));
    qtr_buf_free(&b);
    snprintf(title, sizeof title, "%s：本期数据反馈与整改清单（%s）", qtr_report_unit_name(r, unit), r->plan->name);
    lxw_doc_properties props = {.title = title, .author = "qtr", .company = r->plan->region,
                                .comments = "qtr-workbook " QTR_VERSION, .created = in->created};
    fmts f = {0};
    f.title = workbook_add_format(wb);
    f.head = workbook_add_format(wb);
    f.cell = workbook_add_format(wb);
    lxw_error e = f.title && f.head && f.cell ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (int k = 0; k < QTR_WB_NUM_KINDS && e == LXW_NO_ERROR; k++) {
        if (!(f.num[k] = workbook_add_format(wb))) {
            e = LXW_ERROR_MEMORY_MALLOC_FAILED;
            break;
        }
        format_set_text_wrap(f.num[k]);
        format_set_align(f.num[k], LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f.num[k], LXW_BORDER_THIN);
        format_set_num_format(f.num[k], qtr_wb_numfmt_format((qtr_wb_numfmt)k));
    }
    if (e == LXW_NO_ERROR) {
        format_set_bold(f.title);
        format_set_bold(f.head);
        format_set_bg_color(f.head, 0xEDEFF2);
        format_set_border(f.head, LXW_BORDER_THIN);
        format_set_text_wrap(f.head);
        format_set_text_wrap(f.cell);
        format_set_align(f.cell, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(f.cell, LXW_BORDER_THIN);
        e = workbook_set_properties(wb, &props);
    }
    if (e == LXW_NO_ERROR)
        e = fix_sheet(wb, &f, rj, idx, nidx);
    if (e == LXW_NO_ERROR)
        e = figures_sheet(wb, &f, r, unit, asof);
    if (e != LXW_NO_ERROR) {
        lxw_workbook_free(wb);
        unlink(tmp);
        return qtr_error_set(err, qtr_wb_lxw_status(e), path, 0, 0, "%s", lxw_strerror(e));
    }
    e = workbook_close(wb);
    if (e != LXW_NO_ERROR || qtr_wb_io_failed()) {
        unlink(tmp);
        return qtr_error_set(err, e != LXW_NO_ERROR ? qtr_wb_lxw_status(e) : QTR_ERR_WRITE, path, 0, 0,
                             "%s", e != LXW_NO_ERROR ? lxw_strerror(e) : "a write to a temporary file failed");
    }
    if (rename(tmp, path) != 0) {
        int en = errno;
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "cannot rename %s: %s", tmp, strerror(en));
    }
    return QTR_OK;
}

/* rejects.csv's rows with a unit, ordered by unit, then by row: each unit's rows are a run
 * found by binary search. A scan of every row for every unit (qtr_rejects_of_unit) cost
 * units x rejects: 3.5 s of CPU at 10,000 units with 3 rejects each. */
static int by_unit(const void *a, const void *b, void *ctx)
{
    const qtr_rejects *rj = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(qtr_rejects_get(rj, x, rj->unit), qtr_rejects_get(rj, y, rj->unit));
    return c ? c : (x > y) - (x < y);
}

/* The run of order[0..n) whose unit is `unit` (none for ""): *first and the count. */
static size_t unit_run(const qtr_rejects *rj, const size_t *order, size_t n, const char *unit,
                       size_t *first)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first row whose unit is not below `unit` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(qtr_rejects_get(rj, order[mid], rj->unit), unit) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    size_t end = lo;
    while (unit[0] && end < n && strcmp(qtr_rejects_get(rj, order[end], rj->unit), unit) == 0)
        end++;
    return end - lo;
}

qtr_status qtr_workbook_write_districts(const qtr_workbook_input *in, const char *dir, qtr_error *err)
{
    qtr_rejects rj;
    qtr_status st = qtr_rejects_load(in->paths.rejects, &rj, err);
    if (st != QTR_OK)
        return st;
    size_t nrows = rj.t ? rj.t->nrows : 0, n = 0;
    size_t *order = malloc((nrows ? nrows : 1) * sizeof *order);
    if (!order) {
        qtr_rejects_free(&rj);
        return qtr_error_set(err, QTR_ERR_NOMEM, dir, 0, 0, "out of memory");
    }
    for (size_t k = 0; k < nrows; k++)
        if (qtr_rejects_get(&rj, k, rj.unit)[0])
            order[n++] = k;
    qsort_r(order, n, sizeof *order, by_unit, &rj);
    qtr_buf path = {0};
    char **names = in->report ? qtr_district_names_of(in->report) : NULL;
    if (!names && in->nunits)
        st = qtr_error_set(err, QTR_ERR_NOMEM, dir, 0, 0, "out of memory");
    for (size_t u = 0; u < in->nunits && st == QTR_OK; u++) {
        const char *unit = qtr_report_unit_name(in->report, (int)u);
        qtr_buf_clear(&path);
        if (qtr_buf_printf(&path, "%s/%s.xlsx", dir, names[u]) != QTR_OK)
            st = qtr_error_set(err, QTR_ERR_NOMEM, dir, 0, 0, "out of memory");
        size_t first, count = unit_run(&rj, order, n, unit, &first);
        if (st == QTR_OK)
            st = write_one(in, &rj, order + first, count, (int)u, dir, qtr_buf_str(&path), u == 0, err);
    }
    qtr_district_names_free(names, in->nunits);
    qtr_buf_free(&path);
    free(order);
    qtr_rejects_free(&rj);
    return st;
}
