/* plan.h — the plan model (docs/formulas.md, The plan model) and its INI loader (docs/config.md).
 *
 * A plan has a horizon (start_year..end_year), a roster of reporting units with aliases, the
 * input series the districts report (one CSV column each, with header aliases), and the
 * indicators that carry targets. A plain flow or stock indicator reads the series of the same
 * id; a ratio reads two series; a coverage indicator counts roster units whose series value
 * meets a minimum. Values are read as strings only (iniparser 4.1's typed getters crash).
 */
#ifndef QTR_PLAN_H
#define QTR_PLAN_H

#include <stddef.h>

#include "period.h"
#include "status.h"
#include "text.h"

/* [input] max_file_mb: an input file larger than this is rejected from its size, unread
 * (docs/input.md, Limits). */
#define QTR_MAX_FILE_MB_DEFAULT 256
#define QTR_MAX_FILE_MB_LIMIT 2048

typedef enum {
    QTR_KIND_FLOW,         /* annual flow: year-to-date sum of year Y */
    QTR_KIND_STOCK,        /* level at the end of the quarter; latest value counts */
    QTR_KIND_PERIOD_FLOW,  /* flow summed over the whole horizon */
    QTR_KIND_RATIO,        /* numerator / denominator * factor of two series */
    QTR_KIND_COVERAGE      /* share of roster units whose series value >= minimum */
} qtr_kind;

typedef enum {
    QTR_CMP_GE,            /* >= : 以上 / 达到 */
    QTR_CMP_GT,            /* >  : 超过 (strict) */
    QTR_CMP_RANGE          /* lo <= A <= hi; above hi is above_range */
} qtr_cmp;

typedef enum { QTR_BASIS_QUARTER, QTR_BASIS_YTD } qtr_basis;

typedef struct {
    int year;
    double value;          /* target for that year (annual flow) or level by its end (stock) */
} qtr_milestone;

/* A reported input series: what one CSV column carries. */
typedef struct {
    char *id;              /* [a-z0-9_]+; the `indicator` column of facts.csv */
    char *name;            /* Chinese name (for messages and the workbook) */
    char *unit;            /* canonical unit, e.g. "亿元" */
    int stock;             /* 1: a level (latest counts); 0: a flow (summed) */
    qtr_basis basis;       /* flows: quarter amounts or year-to-date */
    char **headers;        /* header aliases as configured (first is canonical) */
    size_t nheaders;
    char **header_keys;    /* normalised name part of each header (qtr_normalize_key) */
    char **header_units;   /* unit in parentheses of each header, "" when none */
} qtr_series;

/* An indicator with a target. */
typedef struct {
    char *id;              /* [a-z0-9_]+ */
    char *name;            /* Chinese name */
    char *unit;            /* measure unit of actual and target */
    qtr_kind kind;
    qtr_cmp cmp;
    double target;         /* final target (lo of a range); NAN when relative (computed) */
    double target_hi;      /* hi of a range; NAN otherwise */
    int has_baseline;      /* a city baseline is configured */
    double baseline;       /* configured city baseline (stocks; relative targets) */
    int relative;          /* target = baseline * (1 + growth) */
    double growth;
    qtr_milestone *milestones;  /* ascending years; may be empty (pace = deadline: never — the
                                 * target at the horizon's end is its one milestone then) */
    size_t nmilestones;
    double base;           /* annual flow: the base year's (start_year - 1) full-year value the
                            * yearly targets before the first milestone are implied from; NAN:
                            * take it from the data */
    int path_growth;       /* implied yearly targets grow at a constant annual rate (path =
                            * growth); 0: on a straight line (path = linear, the default) */
    int pace_deadline;     /* pace = deadline (stocks, period flows): the expected level is the
                            * last milestone due, in steps; statuses not_due / missed */
    int year_end;          /* its target runs to a year's end (an annual flow, or any indicator of
                            * an annual plan): people read 年末 for its forecast; 0: to the
                            * horizon's end, 期末 (set by the loader) */
    long series;           /* index into plan->series (own series; coverage's series; ratio's numerator) */
    long denominator;      /* ratio: index of the denominator series; -1 otherwise */
    double factor;         /* ratio: multiplier (1 when not given) */
    double minimum;        /* coverage: the value a unit must reach */
    double *unit_targets;  /* per roster unit (nunits entries), NAN when none; NULL when no unit has one
                            * (from unit_targets and [units] targets_file: utargets.h) */
    int key;               /* shown on ranking pages */
} qtr_indicator;

typedef struct {
    char *name;            /* canonical name */
    char **aliases;        /* as configured */
    size_t naliases;
} qtr_unit;

/* A file the config names and the loader read ([units] roster_file and targets_file, [tasks]
 * file), for the audit trail: qtr-ingest lists it in inputs.csv with its role. */
typedef struct {
    const char *role;      /* "roster", "targets" or "ledger" (docs/formats.md, inputs.csv) */
    char *path;            /* resolved against the config's folder */
} qtr_plan_file;

#define QTR_PLAN_FILES 3

/* [report] unit_files = auto writes the units' own files for rosters up to this many units:
 * every county of a province; a roster of ten thousand would take tens of seconds and hundreds
 * of MB. */
#define QTR_UNIT_FILES_AUTO 200

typedef struct {
    char *path;            /* the config file as given */
    char *id;              /* plan id: output folder and `plan` column */
    char *name;            /* plan title */
    char *region;          /* e.g. 兰州市 */
    char *total_name;      /* unit name of city rows (default 全市) */
    int start_year, end_year;
    double warn;           /* lagging threshold as a fraction (default 0.10) */
    long long max_file_bytes;  /* [input] max_file_mb in bytes: larger input files are rejected unread */
    qtr_unit *units;       /* roster, in display order */
    size_t nunits;
    qtr_series *series;
    size_t nseries;
    qtr_indicator *indicators;  /* in report order */
    size_t nindicators;
    char **period_headers; size_t nperiod_headers;  /* default 报告期 */
    char **unit_headers;   size_t nunit_headers;    /* default 填报单位 */
    char **total_names;    size_t ntotal_names;     /* default 全市, 合计, 总计 */
    void *ini;             /* the loaded dictionary, for stage settings (qtr_plan_setting) */
    struct qtr_name_key *unit_index; /* normalised names and aliases, sorted, for lookups */
    size_t nunit_index;
    size_t unit_key_longest;    /* bytes of the longest key of unit_index */
    char **total_keys;     /* normalised total-row names (total_name and total_names) */
    size_t ntotal_keys;
    struct qtr_ledger *ledger;  /* the task ledger of [tasks] file (ledger.h), or NULL when the
                                 * plan has none */
    int unit_files;        /* 1: write districts/<unit>.pdf and .xlsx ([report] unit_files:
                            * all, none, or auto = all when the roster has at most
                            * QTR_UNIT_FILES_AUTO units) */
    qtr_plan_file files[QTR_PLAN_FILES]; /* in the order read: roster, targets, ledger */
    size_t nfiles;
    qtr_strlist warnings;  /* what is odd but not wrong in the plan (Chinese sentences, e.g. the
                            * units' targets falling short of the region's): compare.txt's config_warning */
} qtr_plan;

/* Loads and validates a plan. On error returns QTR_ERR_CONFIG (or QTR_ERR_OPEN, QTR_ERR_NOMEM)
 * with err naming file, section and key (and line when known); *out is then NULL. */
qtr_status qtr_plan_load(const char *path, qtr_plan **out, qtr_error *err);

/* Frees a plan; NULL is allowed. */
void qtr_plan_free(qtr_plan *plan);

/* Index of the roster unit whose name or alias matches text (blanks around, full-width forms
 * and ASCII case ignored), or -1. */
long qtr_plan_find_unit(const qtr_plan *plan, const char *text, size_t n);

/* The one roster unit a file's path names (docs/formats.md, rejects.csv `unit`): the units
 * whose name or alias is written in one of its folder or file names (as qtr_plan_find_unit
 * matches; a name of two characters at least, a Latin one standing apart from other letters
 * and digits), a name written inside another found there not counted ("高新区" in
 * "兰州高新区"). -1 when none or several, and for names longer than QTR_NAME_UNIT_MAX bytes. */
#define QTR_NAME_UNIT_MAX 255
long qtr_plan_unit_in_path(const qtr_plan *plan, const char *path);

/* 1 when text names the total row (全市, 合计, 总计 or as configured). */
int qtr_plan_is_total(const qtr_plan *plan, const char *text, size_t n);

/* Both lookups at once, normalising text only once (the ingest hot path): the roster index, or
 * -1 with *is_total set when text names the total row, or -1 when it names nothing. */
long qtr_plan_classify_unit(const qtr_plan *plan, const char *text, size_t n, int *is_total);

long qtr_plan_find_series(const qtr_plan *plan, const char *id);
long qtr_plan_find_indicator(const qtr_plan *plan, const char *id);

/* A raw setting of the config (e.g. section "report", key "font"), or NULL when absent.
 * Borrowed from the plan. Stages use it for their own optional settings. */
const char *qtr_plan_setting(const qtr_plan *plan, const char *section, const char *key);

/* The baseline quarter of the plan: Q4 of the year before the horizon. A stock's level then is
 * its baseline (docs/formulas.md, baselines); milestone lines start there. */
qtr_period qtr_plan_base_period(const qtr_plan *plan);

/* A folder of the [run] section (key "input_dir" or "output_dir") resolved against the config
 * file's folder when relative, "." and ".." taken out; the config's own path is made absolute
 * from the working directory. Returns 0 with the path in buf, 1 when the key is not set, -1
 * when the result does not fit in size bytes. */
int qtr_plan_run_dir(const qtr_plan *plan, const char *key, char *buf, size_t size);

/* The target in force for year `year` (docs/formulas.md, Target in force): for an annual flow
 * the milestone of that year or the straight line between milestones (the last one after it),
 * else `target`. NAN when not defined: before an annual flow's first milestone the plan sets no
 * target for the year. */
double qtr_plan_year_target(const qtr_indicator *ind, int year);

/* Names for the enums as written in progress.csv / config ("flow", "stock", ...). */
const char *qtr_kind_name(qtr_kind kind);

#endif
