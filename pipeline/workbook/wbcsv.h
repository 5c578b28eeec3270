/* wbcsv.h — fast reading of the pipeline's own CSV files for the workbook stage. RFC 4180 is
 * parsed in place, with no allocation per field: either a whole file kept in one buffer with
 * one pointer per field (qtr_wb_table, for progress.csv, rejects.csv, inputs.csv), or a file
 * streamed record by record through a buffer of bounded size (qtr_wb_csv_stream, for facts.csv
 * and quarterly.csv, whose length grows with the history and the roster).
 *
 * What is accepted matches qtr_table (table.h): strict UTF-8 (a BOM is skipped), a header row,
 * every record with as many fields as the header, LF, CRLF or lone CR line ends, quoted fields
 * spanning lines, blank lines skipped, blanks (space, tab) around unquoted fields trimmed. A
 * quote inside an unquoted field, text after a closing quote or an unclosed quote is
 * QTR_ERR_PARSE naming file and line (qtr_table's reader would resume on the next record: these
 * files are written by the pipeline, so the workbook stops instead).
 */
#ifndef QTR_WBCSV_H
#define QTR_WBCSV_H

#include <stddef.h>

#include "status.h"

#define QTR_WB_CSV_MAX_FIELDS 16384            /* Excel's column limit, as csvr.h */
#define QTR_WB_CSV_MAX_RECORD (64u << 20)      /* one record's bytes; longer is an error */

/* One record: fields[i] is NUL-terminated (lens[i] bytes before the NUL, unquoted, trimmed).
 * Everything is borrowed and valid only during the call. */
typedef struct {
    char *const *fields;
    const size_t *lens;
    size_t nfields;
    long line;              /* physical line the record starts on (header = 1 without blank lines) */
} qtr_wb_record;

/* Called for each data record (the header is given once to the header function). Return
 * QTR_OK to go on; any other status stops the reading and is returned by the reader (the
 * callback fills err itself). */
typedef qtr_status (*qtr_wb_record_fn)(void *ctx, const qtr_wb_record *rec);

/* Reads path record by record in bounded memory (the longest record plus 1 MiB). on_header
 * gets the header record, on_record every data record. Returns QTR_OK; QTR_ERR_OPEN when the
 * file cannot be read; QTR_ERR_PARSE (file, line) when malformed or empty; QTR_ERR_NOMEM; or
 * what a callback returned. */
qtr_status qtr_wb_csv_stream(const char *path, qtr_wb_record_fn on_header, qtr_wb_record_fn on_record,
                             void *ctx, qtr_error *err);

/* ---------------------------------------------------------------- whole tables */

typedef struct {
    char *text;              /* the file, parsed in place (owned) */
    char **cells;            /* nrows * ncols field pointers into text, row-major (owned) */
    char **header;           /* ncols pointers into text (owned array) */
    size_t ncols;
    size_t nrows;
    long *lines;             /* physical line of each row (owned) */
    size_t cap;              /* rows allocated */
} qtr_wb_table;

/* Loads path whole. Same errors as qtr_wb_csv_stream. On success *out is owned by the caller
 * (qtr_wb_table_free); on failure *out is NULL. */
qtr_status qtr_wb_table_load(const char *path, qtr_wb_table **out, qtr_error *err);

/* Column index of name, or -1. */
long qtr_wb_table_col(const qtr_wb_table *t, const char *name);

/* Like qtr_wb_table_col, but QTR_ERR_PARSE naming path and line 1 when the column is missing. */
qtr_status qtr_wb_table_require(const qtr_wb_table *t, const char *path, const char *name,
                                long *col, qtr_error *err);

/* Cell text, "" when col < 0 or out of range. Borrowed from the table. */
const char *qtr_wb_table_get(const qtr_wb_table *t, size_t row, long col);

/* Frees the table; NULL is allowed. */
void qtr_wb_table_free(qtr_wb_table *t);

#endif
