/* workbook.h — the analyst workbook of qtr (SPEC 7): turns the loaded pipeline outputs
 * (wbinput.h) into one .xlsx with the sheets 汇总, 季度明细, 分单位, 数据, 数据质量, 说明.
 *
 * The file is written to a temporary name in the target's folder, synced and renamed into
 * place: the target is either the complete new workbook or left untouched. Two runs with the
 * same input (including `created`) give byte-identical files.
 *
 * Example:
 *     qtr_workbook_result res;
 *     qtr_error err;
 *     in->created = t;   // pinned document date
 *     if (qtr_workbook_write(in, "out/report.xlsx", &res, &err) != QTR_OK) ... err.message
 */
#ifndef QTR_WORKBOOK_H
#define QTR_WORKBOOK_H

#include <stddef.h>

#include "status.h"
#include "wbinput.h"

/* The sheet names, in workbook order. */
#define QTR_WB_SHEET_SUMMARY "汇总"
#define QTR_WB_SHEET_QUARTERLY "季度明细"
#define QTR_WB_SHEET_UNITS "分单位"
#define QTR_WB_SHEET_DATA "数据"
#define QTR_WB_SHEET_QUALITY "数据质量"
#define QTR_WB_SHEET_NOTES "说明"

/* What was written, for the caller's messages. */
typedef struct {
    size_t facts_total;     /* rows of facts.csv */
    size_t facts_written;   /* rows on 数据 (less when Excel's row limit was reached) */
    size_t rejects_total;
    size_t rejects_written; /* rows listed on 数据质量 */
} qtr_workbook_result;

/* Writes the workbook for in to path. res may be NULL. Returns QTR_OK; QTR_ERR_CREATE when the
 * output cannot be created (missing folder, permissions); QTR_ERR_WRITE when writing, syncing or
 * renaming fails (the temporary file is removed, path untouched); QTR_ERR_PARSE when a facts or
 * rejects field that must be a number is not one; QTR_ERR_NOMEM. err names file and cell. */
qtr_status qtr_workbook_write(const qtr_workbook_input *in, const char *path,
                              qtr_workbook_result *res, qtr_error *err);

#endif
