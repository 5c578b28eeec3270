/* ledger_io.h — the task ledger's files: the ledger CSV the config names ([tasks] file,
 * docs/config.md), task_facts.csv (the statuses ingest read, docs/formats.md) and tasks.csv (the
 * quarter's judgement compare publishes). One module owns their columns: one writer and one
 * reader each; the workbook and the charts read tasks.csv back through it.
 */
#ifndef QTR_LEDGER_IO_H
#define QTR_LEDGER_IO_H

#include <stddef.h>

#include "ledger.h"
#include "status.h"

/* Reads and parses the ledger file at path (UTF-8, UTF-16 or GB18030, as saved from Excel or
 * WPS). QTR_ERR_CONFIG naming path, line and column for a file that cannot be read or decoded
 * or is malformed (qtr_ledger_parse); QTR_ERR_NOMEM. */
qtr_status qtr_ledger_load(const char *path, qtr_ledger **out, qtr_error *err);

/* The columns of task_facts.csv and tasks.csv, in order. */
#define QTR_TASK_FACTS_COLUMNS "period,task,status,note,source,line"
#define QTR_TASKS_COLUMNS "id,name,lead,due,period,status,overdue,note"

/* Writes task_facts.csv: one row per fact (the order given), status as its label ("" when
 * not reported), note and source guarded against formulas (csvw.h). Atomic; QTR_ERR_CREATE or
 * QTR_ERR_WRITE with err set. */
qtr_status qtr_task_facts_write(const qtr_ledger *l, const qtr_task_fact *facts, size_t n,
                                const char *path, qtr_error *err);

/* Reads task_facts.csv for ledger l. A task id the ledger does not have, a bad period or status,
 * a missing column: QTR_ERR_PARSE naming file and line; QTR_ERR_OPEN when it cannot be read.
 * *out (n facts) is the caller's: qtr_task_facts_free. */
qtr_status qtr_task_facts_read(const qtr_ledger *l, const char *path, qtr_task_fact **out, size_t *n,
                               qtr_error *err);

/* Writes tasks.csv: one row per task of the report, ledger order (docs/formats.md). */
qtr_status qtr_task_report_write(const qtr_task_report *r, const char *path, qtr_error *err);

/* Reads tasks.csv back for ledger l and quarter period: every task exactly once, with the
 * ledger's name, lead and due, the quarter's period; counts recomputed from the rows.
 * QTR_ERR_PARSE naming file and line when it does not agree; QTR_ERR_OPEN. */
qtr_status qtr_task_report_read(const qtr_ledger *l, qtr_period period, const char *path,
                                qtr_task_report **out, qtr_error *err);

#endif
