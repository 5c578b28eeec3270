/* report_io.h — the report's files (docs/formats.md): progress.csv, quarterly.csv and the
 * summary compare.txt. This module owns their column lists: one writer and one reader each,
 * so a column is added in one place (the table in report_io.c). compare writes; the workbook
 * and the charts read the report back instead of working it out again.
 */
#ifndef QTR_REPORT_IO_H
#define QTR_REPORT_IO_H

#include "progress.h"
#include "report.h"
#include "status.h"

/* The report's files (borrowed paths; NULL skips a file when writing). */
typedef struct {
    const char *progress;    /* progress.csv */
    const char *quarterly;   /* quarterly.csv */
    const char *summary;     /* compare.txt */
    const char *tasks;       /* tasks.csv: written when the report has the ledger's quarter,
                              * read when the plan has a ledger; NULL: neither */
} qtr_report_paths;

/* Writes progress.csv (region rows first, then the roster in order; indicators in plan order),
 * quarterly.csv (every row's trend, from v), compare.txt (with the task ledger's counts and
 * sentence when r has its quarter) and tasks.csv (ledger_io.h; when r has the ledger's quarter). Each file is written under a
 * temporary name and renamed into place. QTR_ERR_CREATE or QTR_ERR_WRITE with err set. */
qtr_status qtr_report_write(const qtr_report *r, const qtr_values *v, const qtr_report_paths *paths,
                            qtr_error *err);

/* Reads the files back for plan: every row of progress.csv (columns selected by name;
 * columns this version does not know are ignored), the region's trend from quarterly.csv, the
 * summary, and when the plan has a task ledger and paths->tasks is set, tasks.csv (whose
 * counts must be the summary's). A file that cannot be read is QTR_ERR_OPEN; one that is malformed or does not
 * belong to the plan (unknown unit or indicator, another plan id, a row missing or twice) is
 * QTR_ERR_PARSE naming file and line. On success *out is owned by the caller. */
qtr_status qtr_report_read(const qtr_plan *plan, const qtr_report_paths *paths, qtr_report **out,
                           qtr_error *err);

/* Reads the value of key from a key=value summary file such as compare.txt or ingest.txt
 * into buf. Returns 0, or -1 when the file cannot be read or has no such key. */
int qtr_summary_get(const char *path, const char *key, char *buf, size_t size);

/* Reads ingest's summary (ingest.txt) counts. QTR_ERR_OPEN / QTR_ERR_PARSE with err set. */
qtr_status qtr_input_counts_read(const char *path, qtr_input_counts *out, qtr_error *err);

#endif
