/* scan.h — finds the input files (docs/input.md, Where input comes from): every *.csv (any
 * case) under a folder, recursively, in byte order of their relative paths (so runs are
 * deterministic), and what it did not read and why:
 *   - hidden entries (".name") are skipped silently, except LibreOffice/WPS lock files
 *     (".~lock.NAME.csv#": a warning);
 *   - Excel's owner files ("~$NAME.csv", present while someone has the file open): a warning;
 *   - the folders of `skip` (the output folder, when it lies inside the input folder) are never
 *     entered: a warning; when a skip folder is the input folder itself, its published reports
 *     (<plan-id>/ holding <YYYYQn>/manifest.json, or run.sh --template's
 *     template/<plan-id>-<YYYYQn>-填报模板.csv) are skipped instead, with a warning each;
 *   - a symbolic link whose target lies outside the input folder is never followed (an error
 *     naming the link); a link loop or a folder reached twice is not entered again;
 *   - a subfolder that cannot be opened or read, a path too long, a .csv that is not a regular
 *     file: an error each. Only the input folder itself failing to open is a failure (66).
 */
#ifndef QTR_SCAN_H
#define QTR_SCAN_H

#include <stddef.h>

#include "status.h"

typedef enum {
    QTR_SCAN_FILE,       /* a CSV file to read */
    QTR_SCAN_ERROR,      /* something that could not be read: an error for rejects.csv */
    QTR_SCAN_WARNING     /* something skipped on purpose: a warning for rejects.csv */
} qtr_scan_kind;

typedef struct {
    char *rel;           /* path relative to the input folder (the bytes of the names) */
    qtr_scan_kind kind;
    char *reason;        /* findings: what and why, for rejects.csv; NULL for files */
    const char *code;    /* findings: rejects.csv's code (docs/formats.md), static; NULL for files */
    unsigned long long dev, ino;  /* files: what the scan found there (checked when opened) */
} qtr_scan_entry;

typedef struct {
    qtr_scan_entry *v;   /* sorted by rel */
    size_t n, cap;
    size_t nfiles;       /* entries of kind QTR_SCAN_FILE */
} qtr_scan_list;

/* Lists dir into out. skip[0..nskip) are folders never to read (missing ones are ignored).
 * QTR_ERR_OPEN (err names the folder) only when dir itself cannot be opened or read;
 * QTR_ERR_NOMEM. */
qtr_status qtr_scan(const char *dir, const char *const *skip, size_t nskip, qtr_scan_list *out,
                    qtr_error *err);

void qtr_scan_free(qtr_scan_list *list);

/* A short Chinese text for an errno value met while reading the input folder (no permission,
 * no such file...); strerror's text for the rare others. Static or strerror's buffer. */
const char *qtr_scan_errno_text(int errnum);

#endif
