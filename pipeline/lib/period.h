/* period.h — reporting quarters: the spellings of docs/input.md, Periods (column and file name)
 * and the canonical "YYYYQn" form written to facts.csv and used for output folders.
 */
#ifndef QTR_PERIOD_H
#define QTR_PERIOD_H

#include <stddef.h>

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

#endif
