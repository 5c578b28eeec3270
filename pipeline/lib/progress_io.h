/* progress_io.h — files of stage 2: reading facts.csv into the value grid, writing
 * progress.csv and quarterly.csv (the per-quarter series behind trend charts); both in
 * docs/formats.md.
 */
#ifndef QTR_PROGRESS_IO_H
#define QTR_PROGRESS_IO_H

#include "progress.h"

/* Finds the latest quarter of the plan's horizon with a value in facts.csv.
 * QTR_ERR_NODATA when there is none. */
qtr_status qtr_facts_latest(const qtr_plan *plan, const char *path, qtr_period *out, qtr_error *err);

/* Loads facts.csv (docs/formats.md, facts.csv) into a new grid for period. A malformed line is
 * an error (QTR_ERR_PARSE with file:line): facts.csv is written by ingest and must be well
 * formed. *nvalues counts the values of the period itself. */
qtr_status qtr_facts_load(const qtr_plan *plan, const char *path, qtr_period period,
                          qtr_values **out, long *nvalues, qtr_error *err);

/* Writes progress.csv: city rows first, then the roster in order; indicators in plan order. */
qtr_status qtr_progress_write(const qtr_values *v, qtr_period period, const char *path, qtr_error *err);

/* Writes quarterly.csv: unit,indicator,period,amount,actual,expected,time_progress. */
qtr_status qtr_quarterly_write(const qtr_values *v, qtr_period period, const char *path, qtr_error *err);

/* Formats a progress number: "" for NAN, else the shortest round-trip form. buf >= 32 bytes. */
char *qtr_progress_number(double x, char *buf);

#endif
