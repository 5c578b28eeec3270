/* csvr.h — RFC 4180 reading on top of libcsv with physical line numbers and recovery.
 *
 * The text (already UTF-8) is fed to libcsv one physical line at a time (LF, CRLF or lone CR),
 * so every record knows the line it starts on (header = line 1). Quoted fields may span lines.
 * A syntax error rejects only the record it is in: parsing resumes on the next line; an
 * unclosed quote at the end re-parses the lines it swallowed (at most a few times per file,
 * then the rest of the file is rejected with one message).
 */
#ifndef QTR_CSVR_H
#define QTR_CSVR_H

#include <stddef.h>

#include "status.h"

/* One field of a record: bytes are borrowed, valid only during the callback. */
typedef struct {
    const char *s;
    size_t n;
} qtr_field;

/* A parsed record. Everything borrowed, valid only during the callback. */
typedef struct {
    const qtr_field *fields;
    size_t nfields;
    long line;          /* physical line the record starts on */
    long end_line;      /* physical line it ends on */
    const char *raw;    /* the record's text as in the file (without the final line end) */
    size_t raw_n;
} qtr_record;

/* Called for each record; return 0 to go on, non-zero to stop reading (that value is
 * returned by qtr_csv_read as QTR_ERR_USAGE... see below). */
typedef int (*qtr_csv_record_fn)(void *ctx, const qtr_record *rec);

/* Called for each span of lines that could not be parsed. raw/raw_n is the text concerned. */
typedef int (*qtr_csv_error_fn)(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                                const char *reason);

#define QTR_CSV_MAX_FIELDS 16384  /* Excel's column limit; wider records are errors */

/* Reads text[0..n). Returns QTR_OK, QTR_ERR_NOMEM, or QTR_ERR_USAGE when a callback stopped. */
qtr_status qtr_csv_read(const char *text, size_t n, qtr_csv_record_fn on_record,
                        qtr_csv_error_fn on_error, void *ctx);

#endif
