/* csvw.h — writes a CSV file atomically: rows go to a temporary file in the same folder,
 * qtr_csvw_commit() flushes, closes and renames it into place; any failure on the way
 * (disk full, quota) is reported and the temporary file removed, so a reader sees either the
 * complete new file or the old one.
 */
#ifndef QTR_CSVW_H
#define QTR_CSVW_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

typedef struct qtr_csvw qtr_csvw;

/* Opens a writer for path. NULL on failure with err set (QTR_ERR_CREATE). */
qtr_csvw *qtr_csvw_open(const char *path, qtr_error *err);

/* Appends one field (quoted when it holds ',', '"', CR, LF or blanks at either end). */
void qtr_csvw_field(qtr_csvw *w, const char *s, size_t n);
void qtr_csvw_str(qtr_csvw *w, const char *s);   /* NULL writes an empty field */
void qtr_csvw_long(qtr_csvw *w, long v);

/* Text that came from the input (file names, cells, headers, messages quoting them) for a CSV
 * that people open in Excel or WPS: a text that starts with '=', '+', '-', '@', TAB or CR and
 * is not a number would run as a formula there (OWASP, CSV injection), so it is written with a
 * single quote in front — as is a text that starts with a quote, so that dropping one leading
 * quote always gives the text back (qtr_csv_unguard). docs/formats.md, Conventions. */
void qtr_csvw_text(qtr_csvw *w, const char *s);
int qtr_csv_formula_like(const char *s, size_t n);   /* 1 when qtr_csvw_text adds the quote */
char *qtr_csv_quoted_text(const char *s);            /* qtr_csv_quoted of the guarded text */
const char *qtr_csv_unguard(const char *s);          /* s without the quote qtr_csvw_text added */
void qtr_csvw_end_row(qtr_csvw *w);

/* Appends bytes already formatted as CSV (one or more whole rows). */
void qtr_csvw_raw(qtr_csvw *w, const char *s, size_t n);

/* The CSV field form of s: s itself, or quoted with doubled quotes when it needs quoting.
 * Allocated; NULL on allocation failure. */
char *qtr_csv_quoted(const char *s);

/* Writes a header row from a comma-separated list of names. */
void qtr_csvw_header(qtr_csvw *w, const char *names);

/* Finishes the file and renames it into place. Frees w in every case. */
qtr_status qtr_csvw_commit(qtr_csvw *w, qtr_error *err);

/* Abandons the file (removes the temporary). Frees w; NULL allowed. */
void qtr_csvw_abort(qtr_csvw *w);

/* Flushes and closes f (checking both), then renames tmp to path; unlinks tmp on failure.
 * Shared by every stage that writes through a temporary name. Durability against power loss
 * is qtr-publish's job: it syncs the staging folder before publishing. */
qtr_status qtr_commit_file(FILE *f, const char *tmp, const char *path, qtr_error *err);

/* Fills tmp (size bytes) with "<dir>/.<base>.tmp-<pid>" for path. */
void qtr_temp_name(const char *path, char *tmp, size_t size);

#endif
