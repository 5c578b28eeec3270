/* scan.h — finds the input files: every *.csv (any case) under a folder, recursively, in byte
 * order of their relative paths (so runs are deterministic). Hidden entries are skipped.
 */
#ifndef QTR_SCAN_H
#define QTR_SCAN_H

#include "status.h"
#include "text.h"

/* Appends the relative paths of the CSV files under dir to out (sorted).
 * QTR_ERR_OPEN (err names the folder) when dir or a subfolder cannot be read. */
qtr_status qtr_scan_inputs(const char *dir, qtr_strlist *out, qtr_error *err);

#endif
