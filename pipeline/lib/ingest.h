/* ingest.h — stage 1: raw quarterly CSVs -> normalised facts + rejected input (SPEC 4.1-4.3).
 *
 * Files are added one by one (wide district template or long facts format, detected from the
 * header); qtr_ingest_finish() then resolves duplicates across files, derives quarter amounts
 * from year-to-date input, adds baseline warnings and chooses the period. Every input cell ends
 * in facts or in rejects (or is an unmapped column, listed once).
 */
#ifndef QTR_INGEST_H
#define QTR_INGEST_H

#include <stddef.h>

#include "num.h"
#include "period.h"
#include "plan.h"
#include "status.h"
#include "text.h"

typedef enum { QTR_SEV_ERROR, QTR_SEV_WARNING } qtr_severity;

typedef struct {
    qtr_period period;
    int unit;            /* roster index */
    int series;          /* plan series index */
    int missing;         /* 1: present but not reported (empty, —, -, /) */
    qtr_qty value;       /* in the series' unit; quarter amount for flows */
    qtr_qty input;       /* the value as read (year-to-date for a ytd series), for duplicates */
    int source;          /* index into sources */
    long line;
    long column;         /* 1-based field number */
    int dropped;         /* removed as a duplicate (kept once) or rejected (conflict) */
    int from_long;       /* read from a long facts file: already in quarter basis */
    int pow10;           /* conversion applied from the column's unit (to show the raw value) */
} qtr_ingest_fact;

typedef struct {
    int source;          /* index into sources; -1 for findings about the data as a whole */
    long line;           /* 0 when not applicable */
    long column;         /* 1-based field number for ordering; 0 for whole rows/files */
    char *column_name;   /* header text, "" for whole-row errors */
    char *raw;           /* the offending text (cut to a readable length) */
    qtr_severity severity;
    char *reason;
    qtr_period period;   /* the row's period when known, else QTR_PERIOD_NONE */
    long seq;            /* insertion order, for a stable sort */
} qtr_reject;

typedef struct {
    const qtr_plan *plan;    /* borrowed */
    char **sources;          /* paths relative to the input folder */
    qtr_strlist *headers;    /* per source: its header names (for messages) */
    size_t nsources;
    qtr_ingest_fact *facts;
    size_t nfacts, facts_cap;
    qtr_reject *rejects;
    size_t nrejects, rejects_cap;
    long rows_read;          /* data rows seen (excluding headers, blank and total rows) */
    long total_rows;         /* total rows (全市/合计) skipped */
    qtr_period period;       /* chosen by qtr_ingest_finish */
} qtr_ingest;

qtr_ingest *qtr_ingest_new(const qtr_plan *plan);
void qtr_ingest_free(qtr_ingest *ing);

/* Reads one file. path is opened; rel is how it is named in outputs (relative to the input
 * folder). Problems with the file's content become rejects; only allocation failure returns
 * an error. A file that cannot be read is a reject too. */
qtr_status qtr_ingest_file(qtr_ingest *ing, const char *path, const char *rel);

/* Reads text already in memory (used by qtr_ingest_file and by the fuzzer). */
qtr_status qtr_ingest_bytes(qtr_ingest *ing, const char *bytes, size_t n, const char *rel);

/* Records a finding (error or warning). source -1 and line 0 for findings about the data as a
 * whole; column is the 1-based field number (0 for a whole row); raw is cut to a short excerpt. */
qtr_status qtr_ingest_add_reject(qtr_ingest *ing, int source, long line, long column,
                                 const char *column_name, const char *raw, qtr_severity sev,
                                 qtr_period period, const char *reason);

/* Resolves duplicates and year-to-date input, chooses the period (requested, or the latest
 * quarter of the plan's horizon with an accepted value when requested is QTR_PERIOD_NONE) and
 * adds the baseline warnings for it. QTR_ERR_NODATA when no value of that quarter was
 * accepted; QTR_ERR_USAGE when requested lies outside the horizon. */
qtr_status qtr_ingest_finish(qtr_ingest *ing, qtr_period requested, qtr_error *err);

/* Errors that concern the chosen period's year up to the period, or its baseline quarter, or
 * rows whose period is unknown (SPEC 8, exit code 1). */
long qtr_ingest_errors_in_scope(const qtr_ingest *ing);
long qtr_ingest_count(const qtr_ingest *ing, qtr_severity sev);
long qtr_ingest_kept_facts(const qtr_ingest *ing);

/* Writes facts.csv and rejects.csv (atomically each). */
qtr_status qtr_ingest_write_facts(const qtr_ingest *ing, const char *path, qtr_error *err);
qtr_status qtr_ingest_write_rejects(qtr_ingest *ing, const char *path, qtr_error *err);

/* The baseline quarter of a stock for a report period: Q4 of the year before the period's
 * year for an annual plan; Q4 of the year before the horizon for a multi-year plan. */
qtr_period qtr_baseline_period(const qtr_plan *plan, qtr_period period);

#endif
