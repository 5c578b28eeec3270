/* ingest.h — stage 1: raw quarterly CSVs -> normalised facts + rejected input (docs/input.md;
 * facts.csv and rejects.csv in docs/formats.md).
 *
 * Files are added one by one (wide district template or long facts format, detected from the
 * header); qtr_ingest_finish() then resolves duplicates across files, derives quarter amounts
 * from year-to-date input, adds baseline warnings and chooses the period. Every input cell ends
 * in facts or in rejects (or is an unmapped column, listed once).
 */
#ifndef QTR_INGEST_H
#define QTR_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "num.h"
#include "period.h"
#include "plan.h"
#include "status.h"
#include "text.h"

typedef enum { QTR_SEV_ERROR, QTR_SEV_WARNING } qtr_severity;

/* A value as read, before duplicates and year-to-date are resolved (48 bytes: the ingest
 * stage holds one year of these at a time, more are spilled to a temporary file). */
typedef struct {
    qtr_qty input;       /* in the series' unit; year-to-date for a ytd series */
    qtr_period period;
    int32_t unit;        /* roster index */
    int32_t source;      /* index into sources */
    int32_t line;        /* physical line of the row */
    uint16_t column;     /* 1-based field number */
    uint16_t series;     /* plan series index */
    int8_t pow10;        /* conversion applied from the column's unit (to show the raw value) */
    uint8_t flags;       /* QTR_FACT_MISSING, QTR_FACT_LONG */
    uint64_t raw_at;     /* the cell's text in the raw store (qtr_ingest_raw_text), 0 when it is
                          * written as the value reads back (plain digits, or empty) */
} qtr_ingest_fact;

_Static_assert(sizeof(qtr_ingest_fact) == 48, "a fact stays 48 bytes (one year in memory)");

#define QTR_FACT_MISSING 1  /* present but not reported (empty, —, -, /) */
#define QTR_FACT_LONG 2     /* from a long facts file: already in quarter basis */

/* A fact as written to facts.csv: duplicates resolved, quarter amounts derived. */
typedef struct {
    qtr_period period;
    int unit;
    int series;
    int missing;
    qtr_qty value;       /* quarter amount (flows) or level (stocks), in the series' unit */
    int source;
    long line;
} qtr_fact_out;

typedef void (*qtr_fact_fn)(void *ctx, const qtr_fact_out *fact);

struct qtr_ingest_bucket;

typedef struct {
    int source;          /* index into sources; -1 for findings about the data as a whole */
    long line;           /* 0 when not applicable */
    long column;         /* 1-based field number for ordering; 0 for whole rows/files */
    char *column_name;   /* header text, "" for whole-row errors */
    char *raw;           /* the offending text (cut to a readable length) */
    qtr_severity severity;
    char *reason;
    qtr_period period;   /* the row's period when known, else QTR_PERIOD_NONE */
    int unit;            /* the row's roster unit when known, else -1 */
    const char *code;    /* stable English code of the kind of problem (docs/formats.md), static */
    long seq;            /* insertion order, for a stable sort */
} qtr_reject;

typedef struct {
    const qtr_plan *plan;    /* borrowed */
    char **sources;          /* paths relative to the input folder */
    qtr_strlist *headers;    /* per source: its header names (for messages) */
    int *rows_unit;          /* per source: the roster unit its rows name (-2 none, -1 several
                              * or one the roster lacks, -3 a path the scan noted, not read) */
    size_t nsources;
    size_t nnotes;           /* of the sources: paths noted by the scan, not files read */
    qtr_ingest_fact *cur;    /* facts of the file being read */
    size_t ncur, cur_cap;
    struct qtr_ingest_bucket *buckets; /* facts per year, ascending years */
    size_t nbuckets;
    size_t in_memory;        /* facts held in memory buckets */
    size_t memory_limit;     /* beyond this many, buckets are spilled to the temporary file */
    FILE *spill;             /* one temporary file for every year's spilled facts (one open file
                              * whatever the years of history), or NULL */
    qtr_reject *rejects;
    size_t nrejects, rejects_cap;
    FILE *raw_file;          /* the raw store: cells whose text the value does not give back */
    qtr_buf raw_mem;         /* ... in memory when no temporary file can be made */
    uint64_t raw_end;        /* bytes stored so far + 1 (offset 0 means "not stored") */
    long rows_read;          /* data rows seen (excluding headers, blank and total rows) */
    long total_rows;         /* total rows (全市/合计) skipped */
    long facts_read;         /* cells read into facts, before duplicates */
    long kept;               /* facts written by qtr_ingest_finish */
    qtr_period period;       /* chosen by qtr_ingest_finish */
    unsigned char *has_value;   /* per period from QTR_YEAR_MIN: a kept value exists */
    unsigned char *at_base;     /* [series * nunits + unit]: value in the baseline quarter */
    unsigned char *whole;       /* [series]: 1 when its values are counted in ones (个, 家, 人...)
                                 * and so must be whole numbers */
    qtr_period *first_value;    /* [series * nunits + unit]: first period of the horizon with a value */
    char **unit_csv;         /* roster names in CSV field form (for facts.csv) */
    char **source_csv;       /* source paths in CSV field form */
    size_t *unit_csv_len, *source_csv_len; /* their lengths */
    qtr_fact_fn on_fact;     /* optional: sees every kept fact (tests, fuzzing) */
    void *on_fact_ctx;
    struct qtr_ingest_tasks *tasks; /* task statuses read from task progress files
                                     * (ingest_tasks.c); NULL when none */
    struct qtr_unit_memo *unit_memo; /* unit cells already classified (ingest.c); NULL until
                                      * the first */
} qtr_ingest;

qtr_ingest *qtr_ingest_new(const qtr_plan *plan);
void qtr_ingest_free(qtr_ingest *ing);

/* Gives the problems no row names a unit for, of a file whose path names one roster unit
 * (qtr_plan_unit_in_path) and whose rows name no other, to that unit: its clerk sent the file
 * (docs/formats.md, rejects.csv `unit`). Not a scan's notes, nor a file this machine could not
 * open. Called by qtr_ingest_finish. */
qtr_status qtr_ingest_units_from_paths(qtr_ingest *ing);

/* Reads one file. path is opened; rel is how it is named in outputs (relative to the input
 * folder). Problems with the file's content become rejects; only allocation failure returns
 * an error. A file that cannot be read is a reject too. */
qtr_status qtr_ingest_file(qtr_ingest *ing, const char *path, const char *rel);

/* Size and sha256 of the bytes a file gave when it was read (ok 0: it could not be read). */
typedef struct {
    int ok;
    long long size;
    char sha256[65];
} qtr_file_digest;

/* qtr_ingest_file that also fills *dg (not NULL) from the very bytes ingested, so that the
 * audit record (inputs.csv) describes what was read even if the file changes afterwards. */
qtr_status qtr_ingest_file_digest(qtr_ingest *ing, const char *path, const char *rel,
                                  qtr_file_digest *dg);

/* Device and inode of a file as the folder scan found it (pipeline/ingest/scan.h). */
typedef struct {
    unsigned long long dev, ino;
} qtr_file_id;

/* qtr_ingest_file_digest that refuses (as a reject) a file that is no longer the one expect
 * names (NULL: any). Every file is opened without following it into a pipe, checked against
 * [input] max_file_mb before it is read, and rejected from its first 64 KB when they hold a
 * NUL byte (binary): memory stays bounded by the limit whatever lies in the folder. */
qtr_status qtr_ingest_file_as(qtr_ingest *ing, const char *path, const char *rel,
                              const qtr_file_id *expect, qtr_file_digest *dg);

/* Records a path the folder scan did not read (a lock file, a link leaving the input folder,
 * a folder that cannot be opened...) as a source of its own with one reject (line 0). Such
 * sources are not counted as files (nnotes). */
qtr_status qtr_ingest_note_path(qtr_ingest *ing, const char *rel, qtr_severity sev,
                                const char *code, const char *reason);

/* The text of a fact's cell as the file wrote it (for rejects.csv's raw), into buf (size
 * bytes); what the value gives back when the text was not stored. */
const char *qtr_ingest_raw_text(qtr_ingest *ing, const qtr_ingest_fact *f, char *buf, size_t size);

/* Reads text already in memory (used by qtr_ingest_file and by the fuzzer). */
qtr_status qtr_ingest_bytes(qtr_ingest *ing, const char *bytes, size_t n, const char *rel);

/* Moves the facts of the file just read into the per-year buckets (spilling to temporary
 * files past memory_limit), and frees the buckets. Used by ingest.c. */
qtr_status qtr_ingest_bucket_facts(qtr_ingest *ing);
void qtr_ingest_free_buckets(qtr_ingest *ing);

/* Records a finding (error or warning). source -1 and line 0 for findings about the data as a
 * whole; column is the 1-based field number (0 for a whole row); raw is cut to a short excerpt;
 * unit the roster index of the row (-1 when unknown); code a static string, one of the codes
 * of docs/formats.md (rejects.csv); reason plain Chinese: what was found, what to write. */
qtr_status qtr_ingest_add_reject(qtr_ingest *ing, int source, long line, long column,
                                 const char *column_name, const char *raw, qtr_severity sev,
                                 qtr_period period, int unit, const char *code,
                                 const char *reason);

/* Resolves duplicates and year-to-date input year by year, writing the kept facts to
 * facts_path (atomically; NULL writes nothing), then chooses the period (requested, or the
 * latest quarter of the plan's horizon with an accepted value when requested is
 * QTR_PERIOD_NONE) and adds the baseline warnings for it. QTR_ERR_NODATA when no value of that
 * quarter was accepted (facts are written all the same); QTR_ERR_USAGE when requested lies
 * outside the horizon; QTR_ERR_CREATE / QTR_ERR_WRITE when facts_path cannot be written. */
qtr_status qtr_ingest_finish(qtr_ingest *ing, qtr_period requested, const char *facts_path,
                             qtr_error *err);

/* Errors that concern the chosen period's year up to the period, or its baseline quarter, or
 * rows whose period is unknown (docs/cli.md, Exit codes: they make exit code 1). */
long qtr_ingest_errors_in_scope(const qtr_ingest *ing);
/* Rejects that name no unit (rejects.csv's unit empty): a file's, a header's or the data's as a
 * whole; no unit's 整改清单 lists them (docs/formats.md, ingest.txt). */
long qtr_ingest_unitless(const qtr_ingest *ing);
long qtr_ingest_count(const qtr_ingest *ing, qtr_severity sev);

/* Resolves the task statuses read (docs/input.md, Task progress): a task given twice for a
 * quarter keeps one status (the others are warnings), or none when the statuses differ (each is
 * an error); then writes the statuses kept to task_facts.csv (path NULL: nothing is written).
 * Nothing when the plan has no ledger. Call after qtr_ingest_finish, before the rejects are
 * written. QTR_ERR_CREATE / QTR_ERR_WRITE / QTR_ERR_NOMEM with err set. */
qtr_status qtr_ingest_tasks_finish(qtr_ingest *ing, const char *path, qtr_error *err);

/* Writes rejects.csv (atomically), sorted by file, line and column. */
qtr_status qtr_ingest_write_rejects(qtr_ingest *ing, const char *path, qtr_error *err);


#endif
