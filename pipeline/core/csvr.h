/* csvr.h — RFC 4180 reading on top of libcsv with physical line numbers and recovery.
 *
 * Text (UTF-8) is fed to libcsv one physical line at a time (LF, CRLF or lone CR), so every
 * record knows the line it starts on (header = line 1); quoted fields may span lines. A syntax
 * error rejects only the record it is in: parsing resumes on the next line. An unclosed quote at
 * the end rejects the line it was opened on and re-parses the lines it swallowed (a few times
 * per file at most; then the rest of the file is rejected with one message).
 * Input can be given whole (qtr_csv_read), in chunks of any size (qtr_csv_stream_*), or as a
 * file read in chunks (qtr_csv_read_file): memory is bounded by the longest record.
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

/* 1 when every field of the record is empty or white space (a blank row). */
int qtr_record_blank(const qtr_record *rec);

/* Called for each record; return 0 to go on, non-zero to stop reading. */
typedef int (*qtr_csv_record_fn)(void *ctx, const qtr_record *rec);

/* Called for each span of lines that could not be parsed; raw/raw_n is the text concerned.
 * Return 0 to go on, non-zero to stop. */
typedef int (*qtr_csv_error_fn)(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                                const char *reason);

/* The stable code of a reason given to a qtr_csv_error_fn (rejects.csv's `code`,
 * docs/formats.md): bad_quotes, quote_unclosed, quote_unclosed_rest, too_many_fields. Static. */
const char *qtr_csv_reason_code(const char *reason);

#define QTR_CSV_MAX_FIELDS 16384  /* Excel's column limit; wider records are errors */

/* 1 (default): a quote-free line that starts a record is split by the reader itself; 0: every
 * line goes through libcsv. Both give the same records (tests/fuzz/fuzz_csvr.c checks it). */
extern int qtr_csv_fast_lines;

typedef struct qtr_csv_stream qtr_csv_stream;

/* A reader that accepts text in chunks split anywhere. NULL on allocation failure. */
qtr_csv_stream *qtr_csv_stream_new(qtr_csv_record_fn on_record, qtr_csv_error_fn on_error, void *ctx);

/* Sets the field separator (',' by default; '\t' for tab-separated text). Before any input. */
void qtr_csv_stream_set_sep(qtr_csv_stream *s, char sep);

/* Feeds the next chunk. Returns QTR_OK, QTR_ERR_NOMEM, or QTR_ERR_USAGE when a callback stopped. */
qtr_status qtr_csv_stream_feed(qtr_csv_stream *s, const char *text, size_t n);

/* Ends the input (closes the last record). Same returns as qtr_csv_stream_feed. */
qtr_status qtr_csv_stream_finish(qtr_csv_stream *s);

/* Frees the reader; NULL allowed. */
void qtr_csv_stream_free(qtr_csv_stream *s);

/* Reads text[0..n) whole. Same returns as qtr_csv_stream_feed. */
qtr_status qtr_csv_read(const char *text, size_t n, qtr_csv_record_fn on_record,
                        qtr_csv_error_fn on_error, void *ctx);

/* qtr_csv_read with another field separator ('\t': Excel's "Unicode text"). */
qtr_status qtr_csv_read_sep(const char *text, size_t n, char sep, qtr_csv_record_fn on_record,
                            qtr_csv_error_fn on_error, void *ctx);

/* Reads a UTF-8 file (a BOM is skipped) in chunks. QTR_ERR_OPEN when it cannot be read;
 * QTR_ERR_DECODE when it is not valid UTF-8 (*bad_line then holds the line). */
qtr_status qtr_csv_read_file(const char *path, qtr_csv_record_fn on_record,
                             qtr_csv_error_fn on_error, void *ctx, long *bad_line);

#endif
