/* period.h — reporting quarters: the spellings of docs/input.md, Periods (column and file name)
 * and the canonical "YYYYQn" form written to facts.csv and used for output folders.
 */
#ifndef QTR_PERIOD_H
#define QTR_PERIOD_H

#include <stddef.h>
#include <time.h>

/* A quarter as one integer: year * 4 + (quarter - 1). Ordered; consecutive quarters differ by 1. */
typedef int qtr_period;

#define QTR_PERIOD_NONE (-1)
#define QTR_YEAR_MIN 1900
#define QTR_YEAR_MAX 2999

static inline qtr_period qtr_period_make(int year, int quarter) { return year * 4 + quarter - 1; }
static inline int qtr_period_year(qtr_period p) { return p / 4; }
static inline int qtr_period_quarter(qtr_period p) { return p % 4 + 1; }

/* Parses a whole cell (blanks around allowed): 2025Q1, 2025-Q1, 2025 Q1, 2025年第一季度,
 * 2025年第1季度, 2025年一季度, 2025年1季度 (full-width digits and q accepted).
 * Returns QTR_PERIOD_NONE when the text is not one of them. */
qtr_period qtr_period_parse(const char *s, size_t n);

/* Finds the period spelled inside a file name (any of the spellings above, not adjacent to
 * other digits). Returns QTR_PERIOD_NONE when there is none, or when two different periods
 * appear (*ambiguous is then set to 1 when not NULL). */
qtr_period qtr_period_from_name(const char *name, int *ambiguous);

/* Writes "YYYYQn" into buf (at least 8 bytes); returns buf. */
char *qtr_period_format(qtr_period p, char *buf);

/* Writes the Chinese form "YYYY年第N季度" (N in Chinese numerals); buf at least 32 bytes. */
char *qtr_period_format_cn(qtr_period p, char *buf);

/* ---------------------------------------------------------------- report dates */

/* Parses the report date of the stages' --date: "YYYY-MM-DDTHH:MM:SSZ" exactly, a real date and
 * time (no 2025-02-30, no second 60), years 1980..2999 (a zip file cannot hold earlier times).
 * Returns 0 and sets *out, or -1 when malformed. */
int qtr_date_parse(const char *s, time_t *out);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into buf (at least 21 bytes); returns buf. */
char *qtr_date_format(time_t t, char *buf);

/* The last day of quarter p at 00:00:00 UTC (the default report date). */
time_t qtr_period_end_time(qtr_period p);

#endif
