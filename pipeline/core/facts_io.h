/* facts_io.h — compare's input: facts.csv (docs/formats.md) read into the value grid of
 * progress.h. The report's own files are written and read by report_io.h.
 */
#ifndef QTR_FACTS_IO_H
#define QTR_FACTS_IO_H

#include "progress.h"

/* Finds the latest quarter of the plan's horizon with a value in facts.csv.
 * QTR_ERR_NODATA when there is none. */
qtr_status qtr_facts_latest(const qtr_plan *plan, const char *path, qtr_period *out, qtr_error *err);

/* Loads facts.csv (docs/formats.md) into a new grid for period. A malformed line is an error
 * (QTR_ERR_PARSE with file:line): facts.csv is written by ingest and must be well formed.
 * *nvalues counts the values of the period itself. */
qtr_status qtr_facts_load(const qtr_plan *plan, const char *path, qtr_period period,
                          qtr_values **out, long *nvalues, qtr_error *err);

#endif
