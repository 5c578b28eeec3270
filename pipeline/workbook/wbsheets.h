/* wbsheets.h — internal to the workbook stage: the context the sheet writers share and one
 * entry point per sheet (sheet_*.c), plus the Chinese texts more than one sheet shows (wbtext.c).
 */
#ifndef QTR_WBSHEETS_H
#define QTR_WBSHEETS_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "status.h"
#include "wbinput.h"
#include "wbsheet.h"
#include "wbstyle.h"
#include "wbtrace.h"
#include "workbook.h"

typedef struct {
    lxw_workbook *wb;
    const qtr_workbook_input *in;
    qtr_wb_styles st;
    qtr_workbook_result *res;
    char *scratch;            /* QTR_WB_MAX_TEXT + 1 bytes shared by the sheets */
    char *tmpdir;             /* where libxlsxwriter puts its temporary files: the output's folder */
    const char *path;         /* the target, for messages */
    qtr_error *err;
    char period_cn[64];       /* 2025年第三季度 */
    lxw_datetime asof;        /* the last day of the reported quarter */
    qtr_wb_trace trace;       /* formulas over 数据 for the actuals (wbtrace.h) */
    lxw_worksheet *pre[4];    /* the sheets before 数据, added before it is written */
    const char *pre_name[4];
    size_t npre;
    int data_written;         /* 数据 was written first (constant-memory mode) */
} qtr_wb_ctx;

/* Opens the sheet `name` for writing: the one added in its place before 数据 was written, or a
 * new one at the end (workbook.c). */
lxw_error qtr_wb_open_sheet(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const char *name);

qtr_status qtr_wb_sheet_summary(qtr_wb_ctx *ctx);
qtr_status qtr_wb_sheet_quarterly(qtr_wb_ctx *ctx);
qtr_status qtr_wb_sheet_units(qtr_wb_ctx *ctx);
qtr_status qtr_wb_sheet_data(qtr_wb_ctx *ctx);
qtr_status qtr_wb_sheet_quality(qtr_wb_ctx *ctx);
qtr_status qtr_wb_sheet_tasks(qtr_wb_ctx *ctx);  /* none when the report has no task ledger */
qtr_status qtr_wb_sheet_notes(qtr_wb_ctx *ctx);

/* Writes the report's actual v of ind (with the "*" of a unit that missed a quarter) at (r, c):
 * the trace's formula when ok and it evaluates to v (computed), with v cached; else v as a value
 * (qtr_wb_value). Returns 1 for a formula. (wbtrace.c) */
int qtr_wb_traced(qtr_wb_sheet *s, lxw_row_t r, lxw_col_t c, const qtr_indicator *ind, double v,
                  int missing, int ok, const char *formula, double computed);

/* Distinct missing periods handled in the texts and the grid (a 20-year horizon's quarters). */
#define QTR_WB_MAX_PERIODS 80

/* Rows 数据质量 needs besides the rejects: title, line, label, header, note. */
#define QTR_WB_QUALITY_ROWS 5

/* Rows a sheet may use: in->max_rows, or Excel's limit when 0. */
size_t qtr_wb_row_limit(const qtr_workbook_input *in);

/* ---------------------------------------------------------------- shared texts (wbtext.c)
 * Each writes NUL-terminated UTF-8 into buf (size bytes), cut when it does not fit, and
 * returns buf. The sentences the report has (headline, missing reports, input counts) are
 * compare's, from the summary; these only lay out what the rows say. */

/* "未报 Q2；未报 Q3（科技成果转化对接活动）" for unit u (each quarter preceded by prefix, here
 * "未报 "); "" when the unit reported everything. */
char *qtr_wb_unit_missing_text(const qtr_workbook_input *in, size_t u, const char *prefix, char *buf,
                               size_t size);
/* Unit u, period p: "全部未报", "未报：名称、名称" or "" when reported. */
char *qtr_wb_cell_missing_text(const qtr_workbook_input *in, size_t u, qtr_period p, char *buf,
                               size_t size);
/* "Q2" for a quarter of the reported year, "2018Q4" otherwise; buf holds 16 bytes. */
char *qtr_wb_quarter_label(const qtr_workbook_input *in, qtr_period p, char *buf);
/* The data-quality line of 汇总, 数据质量 and 说明, in the terminal's words: "输入：6个文件，…；
 * 拒收2处，警告1条，详见“数据质量”；缺报：城关区 Q2（1项）、…。" (the summary's input counts and
 * missing reports), and what Excel's row limit left off 数据. */
char *qtr_wb_quality_line(const qtr_workbook_input *in, const qtr_workbook_result *res, char *buf,
                          size_t size);
/* What 数据 leaves out, for a notice on 数据, 汇总 and 说明: how many facts facts.csv has and
 * which ones the sheet holds (the report's quarters, the rows within Excel's limit); "" when
 * it holds them all. */
char *qtr_wb_facts_note(const qtr_workbook_input *in, const qtr_workbook_result *res, char *buf,
                        size_t size);
/* The requirement of an indicator: "≥", "＞", "区间 10～15" (bounds as the sentences write them). */
char *qtr_wb_requirement(const qtr_indicator *ind, char *buf, size_t size);
/* "流量（本年按季累计）", "存量（季末数）"...: static. */
const char *qtr_wb_kind_text(qtr_kind kind);
/* The status cell of a row: its label, and for a row without a status why (words.h):
 * "未评估（缺少2017年全年数据，无法推算本年目标）". */
char *qtr_wb_status_text(const qtr_workbook_input *in, int unit, size_t i, char *buf, size_t size);

#endif
