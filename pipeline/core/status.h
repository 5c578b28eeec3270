/* status.h — the one status enum of the qtr core library and the error record.
 *
 * Every library function that can fail returns a qtr_status; codes are only ever appended.
 * A qtr_error carries the input location (file, line, column, header) and a human message;
 * the stage's main() prints it once as "stage: file:line:column: message".
 */
#ifndef QTR_STATUS_H
#define QTR_STATUS_H

#include <stddef.h>

typedef enum {
    QTR_OK = 0,          /* success */
    QTR_ERR_NOMEM,       /* an allocation failed */
    QTR_ERR_OPEN,        /* a file or folder could not be opened or read */
    QTR_ERR_WRITE,       /* a write, flush, close or rename failed (disk full...) */
    QTR_ERR_CREATE,      /* an output file or folder could not be created */
    QTR_ERR_CONFIG,      /* the plan configuration is invalid */
    QTR_ERR_DECODE,      /* a file's bytes are not valid in any accepted encoding */
    QTR_ERR_PARSE,       /* input text is malformed (CSV syntax, a number, a period...) */
    QTR_ERR_NODATA,      /* no fact of the requested quarter was accepted */
    QTR_ERR_USAGE,       /* bad arguments given to a function or program */
    QTR_ERR_LIMIT        /* a size limit was exceeded (field, row, file) */
} qtr_status;

/* A static English description of the status; never NULL. */
const char *qtr_strerror(qtr_status status);

/* The sysexits.h code a stage program exits with for this status (docs/cli.md, Exit codes). */
int qtr_exit_code(qtr_status status);

/* Where an error was found and what it is. Strings are owned by the record. */
typedef struct {
    qtr_status status;
    char file[512];      /* path as the user gave it, or relative to the input folder */
    long line;           /* 1-based physical line; 0 when not applicable */
    long column;         /* 1-based field number; 0 when not applicable */
    char section[128];   /* config section, when the error is in a configuration */
    char key[128];       /* config key */
    char message[1024];  /* what is wrong, in words */
} qtr_error;

/* Fills err (when not NULL) and returns status. printf-style message. */
qtr_status qtr_error_set(qtr_error *err, qtr_status status, const char *file, long line,
                         long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Formats err as "file:line:column: message" (parts that are unset are left out) into buf. */
void qtr_error_format(const qtr_error *err, char *buf, size_t size);

#endif
