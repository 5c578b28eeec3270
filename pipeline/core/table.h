/* table.h — reads the pipeline's own CSV files (facts.csv, rejects.csv, progress.csv) into
 * memory, with columns selected by header name (later versions may append columns).
 */
#ifndef QTR_TABLE_H
#define QTR_TABLE_H

#include <stddef.h>

#include "status.h"

typedef struct {
    char **header;        /* column names */
    size_t ncols;
    char ***rows;         /* rows[r][c], each an owned NUL-terminated string */
    long *lines;          /* physical line of each row */
    size_t nrows;
    size_t cap;
} qtr_table;

/* Loads one of the pipeline's own files: strict UTF-8 (a BOM is skipped), a header row. A row
 * whose field count differs from the header's, invalid UTF-8 or a syntax error fails the load
 * with QTR_ERR_PARSE and err pointing at the line; QTR_ERR_OPEN when it cannot be read. */
qtr_status qtr_table_load(const char *path, qtr_table **out, qtr_error *err);

/* Like qtr_table_load for a file people edit (a roster saved from Excel or WPS): UTF-8, UTF-16
 * or GB18030, detected as for the input files. */
qtr_status qtr_table_load_any(const char *path, qtr_table **out, qtr_error *err);

/* Column index of name, or -1. */
long qtr_table_col(const qtr_table *t, const char *name);

/* Like qtr_table_col, but fills err (QTR_ERR_PARSE, naming the file) when the column is missing. */
qtr_status qtr_table_require(const qtr_table *t, const char *path, const char *name, long *col,
                             qtr_error *err);

/* Cell text ("" when col < 0). Borrowed. */
const char *qtr_table_get(const qtr_table *t, size_t row, long col);

void qtr_table_free(qtr_table *t);

#endif
