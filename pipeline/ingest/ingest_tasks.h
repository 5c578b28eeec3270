/* ingest_tasks.h — internal to the ingest stage: the departments' task progress files
 * (docs/input.md, Task progress). A file whose header has a task id column and a status column
 * is one of them: each row gives a task's status in a quarter, checked against the plan's
 * ledger; bad rows are rejects. Once every file is read qtr_ingest_tasks_finish (ingest.h)
 * resolves duplicated statuses and writes task_facts.csv.
 */
#ifndef QTR_INGEST_TASKS_H
#define QTR_INGEST_TASKS_H

#include <stddef.h>

#include "csvr.h"
#include "ingest.h"

typedef struct qtr_task_file qtr_task_file;

/* 1 when the normalised header keys (qtr_normalize_key) hold a task id column (任务编号) and a
 * status column (进展状态): the file is a task progress table. */
int qtr_ingest_is_task_header(char *const *keys, size_t n);

/* Starts a task progress file of source whose header record is rec: the role of each column
 * (keys normalised, names as shown in rejects), a warning for each column it does not read.
 * name_period (QTR_PERIOD_NONE when none; name_ambiguous when two) is the file name's period,
 * for a table without a period column. When the plan has no ledger the whole file is an error
 * and QTR_ERR_PARSE is returned (nothing else of it is read). *out is freed with
 * qtr_ingest_task_file_free. */
qtr_status qtr_ingest_task_header(qtr_ingest *ing, int source, const qtr_record *rec, char *const *keys,
                                  char *const *names, qtr_period name_period, int name_ambiguous,
                                  qtr_task_file **out);

/* Reads one data row (its field count already checked against the header): a status, or a
 * reject for the row. Only allocation failure returns an error. */
qtr_status qtr_ingest_task_row(qtr_ingest *ing, qtr_task_file *tf, const qtr_record *rec);

void qtr_ingest_task_file_free(qtr_task_file *tf);

/* Frees the statuses read (ing->tasks); qtr_ingest_free calls it. */
void qtr_ingest_tasks_free(qtr_ingest *ing);

#endif
