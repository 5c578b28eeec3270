/* manifest.h — manifest.json of a published report (docs/formats.md): what was read (the
 * config and every input with its sha256, from inputs.csv), when and how the run went (report
 * date, each stage's seconds and exit status), the input's counts (ingest.txt) and the report's
 * (compare.txt, progress.csv). Written by qtr-publish into the staging folder before the move.
 */
#ifndef QTR_MANIFEST_H
#define QTR_MANIFEST_H

#include "status.h"

typedef struct {
    const char *stage;       /* the staging folder: inputs.csv, ingest.txt, compare.txt, progress.csv */
    const char *times;       /* run.sh's stage timings: lines "name seconds exit" */
    const char *report_date; /* YYYY-MM-DDTHH:MM:SSZ */
    const char *input_dir;   /* as run.sh resolved it */
} qtr_manifest_in;

/* Writes <stage>/manifest.json (through a temporary name). QTR_ERR_OPEN / QTR_ERR_PARSE when an
 * input file is missing or malformed, QTR_ERR_CREATE / QTR_ERR_WRITE when it cannot be
 * written; err names the file. */
qtr_status qtr_manifest_write(const qtr_manifest_in *in, qtr_error *err);

#endif
