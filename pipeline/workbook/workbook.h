/* workbook.h — the analyst workbook of qtr (docs/formats.md, Published folder): turns the
 * loaded pipeline outputs (wbinput.h) into one .xlsx with the sheets 汇总, 季度明细, 分单位, 数据,
 * 数据质量, 说明.
 *
 * The file is written to a temporary name in the target's folder and renamed into place: the
 * target is either the complete new workbook or left untouched (durability is qtr-publish's:
 * it syncs the staging folder before a report becomes visible). Two runs with the
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
#define QTR_WB_SHEET_TASKS "任务台账"    /* only when the plan has a task ledger */
#define QTR_WB_SHEET_DATA "数据"
#define QTR_WB_SHEET_QUALITY "数据质量"
#define QTR_WB_SHEET_NOTES "说明"

/* 数据 rows from which the workbook is written in libxlsxwriter's constant-memory mode (and
 * 数据 is a filtered range instead of an Excel table: the mode has no tables, and charts get no
 * cached values, which Excel and LibreOffice do not need). In memory a row of 数据 costs about
 * 1 KB (108,000 rows: 137 MB at the peak); in constant-memory mode the stage stays near 20 MB
 * whatever the rows. 20,000 rows (about 20 MB) keeps every city-sized workbook in memory. */
#define QTR_WB_BIG_ROWS 20000

/* What was written, for the caller's messages. */
typedef struct {
    size_t facts_total;     /* rows of facts.csv */
    size_t facts_listed;    /* rows 数据 is to hold: all, or the report's quarters (scoped) */
    size_t facts_written;   /* rows on 数据 (less than listed when Excel's row limit was reached) */
    int facts_scoped;       /* 1: facts.csv is over the budget and 数据 holds only the report's
                             * quarters (not every row of facts.csv) */
    int constant_memory;    /* 1: written in constant-memory mode (more than big_rows facts) */
    size_t rejects_total;
    size_t rejects_written; /* rows listed on 数据质量 */
} qtr_workbook_result;

/* Writes the workbook for in to path. res may be NULL. Returns QTR_OK; QTR_ERR_CREATE when the
 * output cannot be created (missing folder, permissions); QTR_ERR_WRITE when writing or
 * renaming fails (the temporary file is removed, path untouched); QTR_ERR_PARSE when a rejects or
 * inputs field that must be a number is not one (facts.csv is checked as it is loaded); QTR_ERR_NOMEM. err names file and cell. */
qtr_status qtr_workbook_write(const qtr_workbook_input *in, const char *path,
                              qtr_workbook_result *res, qtr_error *err);

/* The same in two steps, so that the part that needs only ingest's files can be written while
 * qtr-compare is still running (run.sh; qtr-workbook --go-fd). qtr_workbook_start needs in with
 * its facts, rejects and inputs and its period (qtr_workbook_input_load_ingest): it opens the
 * temporary file and, in constant-memory mode, writes the sheet 数据 (the places of the sheets
 * before it stay empty until then; a workbook held in memory is written in sheet order by
 * qtr_workbook_finish, as its shared strings are numbered in the order they are written).
 * qtr_workbook_finish needs in's report too (qtr_workbook_input_load_report, of the same
 * period): it writes the other sheets, closes, checks and renames; it frees the job whatever
 * the outcome. qtr_workbook_job_free discards an unfinished job (the temporary file is
 * removed). The file is byte for byte the one qtr_workbook_write gives (which is the two). */
typedef struct qtr_workbook_job qtr_workbook_job;
qtr_status qtr_workbook_start(const qtr_workbook_input *in, const char *path,
                              qtr_workbook_result *res, qtr_workbook_job **job, qtr_error *err);
qtr_status qtr_workbook_finish(qtr_workbook_job *job);
void qtr_workbook_job_free(qtr_workbook_job *job);

/* Writes DIR/<unit>.xlsx for every roster unit (the folder exists; names by
 * qtr_district_names): sheets 整改清单 (the unit's rows of in's rejects.csv, or 本单位本期数据
 * 无需整改) and 本单位指标 (qtr_district_figures; a plain figure as its number, formatted as 分单位
 * formats it). Same errors as qtr_workbook_write. */
qtr_status qtr_workbook_write_districts(const qtr_workbook_input *in, const char *dir, qtr_error *err);

/* zlib level (0-9) for the zip members of the workbooks written from now on, in place of
 * libxlsxwriter's fixed default (6); -1 restores the default. lxwhooks.c. */
void qtr_wb_set_deflate_level(int level);

/* Whether a stream was found in error when it was rewound (libxlsxwriter rewinds each of its
 * temporary files before copying it into the archive) since qtr_wb_io_reset. lxwhooks.c. */
void qtr_wb_io_reset(void);
int qtr_wb_io_failed(void);

/* 1: libxlsxwriter's temporary files (each part of the workbooks opened from now on) are kept
 * in memory instead of in files next to the output; 0: files (the library's way). For
 * workbooks held in memory anyway, never for constant-memory ones. lxwhooks.c. */
void qtr_wb_set_memory_tmpfiles(int on);

/* 1: the parts of the workbook being closed are deflated as libxlsxwriter writes them (for
 * constant-memory workbooks, around workbook_close); 0: written to files, then deflated.
 * lxwhooks.c. */
void qtr_wb_set_deflating_tmpfiles(int on);

/* Assembles and deflates the finished sheet ws (数据 of a constant-memory workbook) on a second
 * thread, for the archive's packer to take when the workbook is closed; 0, or -1 when not
 * started (then it is assembled in workbook_close as usual). qtr_wb_preassemble_wait waits for
 * the thread (before workbook_close); qtr_wb_preassemble_discard waits and drops what it made
 * if the packer did not take it (a workbook closed with an error, or not closed). lxwhooks.c,
 * device 7. */
struct lxw_worksheet;
int qtr_wb_preassemble(struct lxw_worksheet *ws, char *tmpdir);
void qtr_wb_preassemble_wait(void);
void qtr_wb_preassemble_discard(void);

/* Prints v as printf's "%.16G" does (the way libxlsxwriter prints a number) into out (at least
 * 40 bytes, NUL-terminated), an integer without printf's machinery; returns the length.
 * lxwhooks.c. */
size_t qtr_wb_print_g16(char *out, double v);

/* Level for workbooks in constant-memory mode: their sheet XML is tens of MB, and level 1
 * deflates it 4.5x faster than 6 for a file about 23% larger (bench/results.md). */
#define QTR_WB_BIG_DEFLATE_LEVEL 1

#endif
