/* template.h — the districts' fill-in template of a plan and quarter (qtr-ingest --template,
 * run.sh --template): a CSV with a UTF-8 BOM holding exactly the headers qtr-ingest recognises
 * (the period column, the unit column, the first header of each series, with its unit) and one
 * row per roster unit with the period filled; and a short 填报说明 text (docs/input.md).
 */
#ifndef QTR_TEMPLATE_H
#define QTR_TEMPLATE_H

#include <stddef.h>

#include "period.h"
#include "plan.h"
#include "status.h"

/* The file names of the template of plan and period in folder dir:
 * "<dir>/<plan-id>-<YYYYQn>-填报模板.csv" and "<dir>/<plan-id>-<YYYYQn>-填报说明.txt".
 * 0, or -1 when a name does not fit its buffer. */
int qtr_template_paths(const qtr_plan *plan, qtr_period period, const char *dir, char *csv,
                       size_t csv_size, char *notes, size_t notes_size);

/* Writes both files (each atomically: a temporary name, then renamed). QTR_ERR_CREATE or
 * QTR_ERR_WRITE with err set when a file cannot be written, QTR_ERR_NOMEM. */
qtr_status qtr_template_write(const qtr_plan *plan, qtr_period period, const char *csv_path,
                              const char *notes_path, qtr_error *err);

#endif
