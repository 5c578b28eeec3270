/* ingest.c — reading one input file: decoding, header mapping, rows, cells, total rows.
 * Cross-file work (duplicates, year-to-date, baselines, period) is in ingest_finish.c.
 */
#include "ingest.h"

#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvr.h"
#include "decode.h"
#include "ingest_tasks.h"
#include "messages.h"
#include "scan.h"
#include "text.h"
#include "units.h"

#define RAW_MAX 200   /* bytes of offending text kept in rejects.csv */

/* ---------------------------------------------------------------- records */

qtr_ingest *qtr_ingest_new(const qtr_plan *plan)
{
    qtr_ingest *ing = calloc(1, sizeof *ing);
    if (!ing)
        return NULL;
    ing->plan = plan;
    ing->period = QTR_PERIOD_NONE;
    ing->memory_limit = 1u << 18; /* 262,144 facts, 12 MB */
    ing->whole = calloc(plan->nseries ? plan->nseries : 1, 1);
    if (!ing->whole) {
        free(ing);
        return NULL;
    }
    for (size_t k = 0; k < plan->nseries; k++) {
        const char *u = plan->series[k].unit;
        int pow10 = 0;
        /* counts of single things (not 万人: population in ten thousands has decimals) */
        ing->whole[k] = qtr_unit_lookup(u, strlen(u), &pow10) == QTR_UNIT_COUNT && pow10 == 0;
    }
    return ing;
}

static void unit_memo_free(struct qtr_unit_memo *m);

void qtr_ingest_free(qtr_ingest *ing)
{
    if (!ing)
        return;
    for (size_t i = 0; i < ing->nsources; i++) {
        free(ing->sources[i]);
        qtr_strlist_free(&ing->headers[i]);
    }
    free(ing->sources);
    free(ing->headers);
    free(ing->rows_unit);
    free(ing->whole);
    for (size_t i = 0; i < ing->nrejects; i++) {
        free(ing->rejects[i].column_name);
        free(ing->rejects[i].raw);
        free(ing->rejects[i].reason);
    }
    free(ing->rejects);
    if (ing->raw_file)
        fclose(ing->raw_file);
    qtr_buf_free(&ing->raw_mem);
    unit_memo_free(ing->unit_memo);
    free(ing->cur);
    qtr_ingest_free_buckets(ing);
    for (size_t u = 0; ing->unit_csv && u < ing->plan->nunits; u++)
        free(ing->unit_csv[u]);
    free(ing->unit_csv);
    for (size_t i = 0; ing->source_csv && i < ing->nsources; i++)
        free(ing->source_csv[i]);
    free(ing->source_csv);
    free(ing->unit_csv_len);
    free(ing->source_csv_len);
    free(ing->has_value);
    free(ing->at_base);
    free(ing->first_value);
    qtr_ingest_tasks_free(ing);
    free(ing);
}

static qtr_status add_reject(qtr_ingest *ing, int source, long line, long column,
                             const char *column_name, const char *raw, size_t raw_n,
                             qtr_severity sev, qtr_period period, int unit, const char *code,
                             const char *reason)
{
    if (ing->nrejects == ing->rejects_cap) {
        size_t cap = ing->rejects_cap ? ing->rejects_cap * 2 : 64;
        qtr_reject *r = realloc(ing->rejects, cap * sizeof *r);
        if (!r)
            return QTR_ERR_NOMEM;
        ing->rejects = r;
        ing->rejects_cap = cap;
    }
    qtr_reject *r = &ing->rejects[ing->nrejects];
    r->source = source;
    r->line = line;
    r->column = column;
    r->column_name = qtr_strdup(column_name ? column_name : "");
    r->raw = qtr_excerpt(raw ? raw : "", raw ? raw_n : 0, RAW_MAX);
    r->reason = qtr_strdup(reason);
    if (r->reason)
        qtr_utf8_fix_tail(r->reason); /* messages are cut by snprintf at a byte limit */
    r->severity = sev;
    r->period = period;
    r->unit = unit;
    r->code = code && code[0] ? code : "unknown"; /* every caller names one: the catalogue test */
    r->seq = (long)ing->nrejects;
    if (!r->column_name || !r->raw || !r->reason) {
        free(r->column_name);
        free(r->raw);
        free(r->reason);
        return QTR_ERR_NOMEM;
    }
    ing->nrejects++;
    return QTR_OK;
}

qtr_status qtr_ingest_add_reject(qtr_ingest *ing, int source, long line, long column,
                                 const char *column_name, const char *raw, qtr_severity sev,
                                 qtr_period period, int unit, const char *code,
                                 const char *reason)
{
    return add_reject(ing, source, line, column, column_name, raw, raw ? strlen(raw) : 0, sev,
                      period, unit, code, reason);
}

static qtr_status add_fact(qtr_ingest *ing, const qtr_ingest_fact *f)
{
    if (ing->ncur == ing->cur_cap) {
        size_t cap = ing->cur_cap ? ing->cur_cap * 2 : 1024;
        qtr_ingest_fact *p = realloc(ing->cur, cap * sizeof *p);
        if (!p)
            return QTR_ERR_NOMEM;
        ing->cur = p;
        ing->cur_cap = cap;
    }
    ing->cur[ing->ncur++] = *f;
    ing->facts_read++;
    return QTR_OK;
}

/* ---------------------------------------------------------------- the raw store */

#define RAW_STORE_MAX 250 /* bytes of a cell kept: more than rejects.csv shows (RAW_MAX) */

/* 1 when the value formatted back gives the cell's text: digits only, no leading zero. */
static int text_is_value(const char *s, size_t n, int missing)
{
    if (n == 0)
        return missing;
    if (missing || n > 18 || (s[0] == '0' && n > 1))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Keeps a cell's text for rejects.csv (duplicates are only known once every file is read) in a
 * temporary file, so memory does not grow with the input: one length byte, then the bytes. */
static qtr_status raw_store(qtr_ingest *ing, const char *s, size_t n, uint64_t *at)
{
    if (n > RAW_STORE_MAX)
        n = RAW_STORE_MAX;
    unsigned char len = (unsigned char)n;
    if (!ing->raw_end) {
        ing->raw_end = 1;
        ing->raw_file = tmpfile(); /* NULL: kept in memory instead */
    }
    *at = ing->raw_end;
    if (ing->raw_file) {
        if (fwrite(&len, 1, 1, ing->raw_file) != 1 || fwrite(s, 1, n, ing->raw_file) != n)
            return QTR_ERR_WRITE;
    } else if (qtr_buf_append(&ing->raw_mem, (const char *)&len, 1) != QTR_OK ||
               qtr_buf_append(&ing->raw_mem, s, n) != QTR_OK) {
        return QTR_ERR_NOMEM;
    }
    ing->raw_end += 1 + n;
    return QTR_OK;
}

const char *qtr_ingest_raw_text(qtr_ingest *ing, const qtr_ingest_fact *f, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!f->raw_at) {
        if (f->flags & QTR_FACT_MISSING)
            return buf;
        qtr_qty q = f->input; /* the value in the column's own unit: exact, it was scaled so */
        for (int k = f->pow10; k > 0; k--)
            q /= 10;
        for (int k = f->pow10; k < 0; k++)
            q *= 10;
        char v[QTR_QTY_BUFSIZE];
        snprintf(buf, size, "%s", qtr_qty_format(q, v));
        return buf;
    }
    unsigned char len = 0;
    char text[RAW_STORE_MAX + 1];
    uint64_t off = f->raw_at - 1;
    if (ing->raw_file) {
        if (fflush(ing->raw_file) != 0 ||
            pread(fileno(ing->raw_file), &len, 1, (off_t)off) != 1 ||
            pread(fileno(ing->raw_file), text, len, (off_t)off + 1) != (ssize_t)len)
            len = 0;
    } else if (off < ing->raw_mem.len) {
        len = (unsigned char)ing->raw_mem.data[off];
        memcpy(text, ing->raw_mem.data + off + 1, len);
    }
    text[len] = '\0';
    snprintf(buf, size, "%s", text);
    return buf;
}

/* ---------------------------------------------------------------- one file */

typedef enum {
    COL_IGNORED, COL_PERIOD, COL_UNIT, COL_SERIES, COL_BAD,
    COL_PERIOD_CHECK,    /* a second period column: must agree with the first */
    COL_UNIT_CHECK       /* a second unit column: must agree with the first */
} col_role;

typedef struct {
    col_role role;
    int series;
    int pow10;           /* conversion into the series unit */
    char *name;          /* header text as written (trimmed) */
} column;

typedef struct {
    qtr_period period;
    int series;
    int has_total;
    qtr_qty total;       /* the total row's value */
    long line;
    long column;
    char *raw;
} total_row;

typedef struct {
    qtr_ingest *ing;
    int source;
    const char *rel;
    int header_done;
    int is_long;
    column *cols;
    size_t ncols;
    long period_col, unit_col;            /* -1 when absent */
    long long_cols[4];                    /* long format: period, unit, indicator, value */
    long header_line;                     /* physical line of the header row */
    qtr_period name_period;               /* from the file name */
    int name_ambiguous;
    total_row *totals;
    size_t ntotals, totals_cap;
    long data_rows;                       /* non-blank records after the header */
    qtr_status st;
    /* the last unit and indicator cells as written and what they named: long-format files
     * give nine rows in a row for each unit (lookups normalise and search; this compares) */
    char unit_seen[128], period_seen[64];
    size_t unit_seen_n, period_seen_n;    /* 0: none yet */
    long unit_seen_u;
    int unit_seen_total;
    qtr_period period_seen_p;
    struct {
        char text[48];
        size_t n;
        long series;
    } ids[16];                            /* indicator cells seen, as written */
    size_t nids;
    int has_checks;                       /* some column is a COL_*_CHECK */
    qtr_period future[8];                 /* periods after the horizon already warned about */
    size_t nfuture;
    qtr_task_file *tasks;                 /* a task progress file (ingest_tasks.h), else NULL */
    int row_unit;                         /* the current row's roster unit, -1 while unknown */
    int file_unit;                        /* the one unit all its rows name: -2 none yet, -1 more
                                           * than one, or a row whose unit is unknown or empty */
    int rows_unit;                        /* the same, not counting rows whose unit is empty and
                                           * counting a guessed name as its unit */
    unsigned guesses;                     /* unknown unit names looked for in the roster so far */
} file_ctx;

#define GUESS_UNITS_MAX 2000 /* rosters up to this many units are searched for an unknown name, */
#define GUESS_ROWS_MAX 200   /* for this many rows of a file (a file of unknown names stays fast) */

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* The roster unit an unknown name t (n bytes) most likely means: the only one whose name holds
 * it or is held in it, both at least two characters ("城关" → 城关区, "兰州市城关区" → 城关区);
 * -1 when none or several ("兰州" → four units). */
static long guess_unit(file_ctx *c, const char *t, size_t n)
{
    const qtr_plan *plan = c->ing->plan;
    if (plan->nunits > GUESS_UNITS_MAX || c->guesses >= GUESS_ROWS_MAX || utf8_chars(t, n) < 2)
        return -1;
    c->guesses++;
    long found = -1;
    for (size_t u = 0; u < plan->nunits; u++) {
        const char *name = plan->units[u].name;
        size_t m = strlen(name);
        if (utf8_chars(name, m) < 2 || m == n)
            continue;
        if (m > n ? memmem(name, m, t, n) != NULL : memmem(t, n, name, m) != NULL) {
            if (found >= 0)
                return -1;
            found = (long)u;
        }
    }
    return found;
}

/* A row named unit u (-1: a unit the roster lacks, or none), for a file's tracker *seen
 * (file_unit, rows_unit): -2 none yet, the one unit, or -1 more than one. */
static void see_unit(int *seen, int u)
{
    if (u < 0 || (*seen != -2 && *seen != u))
        *seen = -1;
    else
        *seen = u;
}

/* The header's problems of a file whose rows all name one unit are that unit's: they go to its
 * 整改清单 (docs/formats.md, rejects.csv `unit`), since it sent the file. From reject `from` on. */
static void file_unit_header_rejects(file_ctx *c, size_t from)
{
    static const char *const header_codes[] = {"column_unknown", "column_no_header", "header_no_unit",
                                               "header_unknown_unit", "header_wrong_unit", "column_again"};
    if (c->file_unit < 0)
        return;
    for (size_t k = from; k < c->ing->nrejects; k++) {
        qtr_reject *r = &c->ing->rejects[k];
        if (r->source != c->source || r->unit >= 0)
            continue;
        for (size_t h = 0; h < sizeof header_codes / sizeof header_codes[0]; h++)
            if (strcmp(r->code, header_codes[h]) == 0)
                r->unit = c->file_unit;
    }
}

qtr_status qtr_ingest_units_from_paths(qtr_ingest *ing)
{
    /* the folder's own problems, the bureau's to mend, not a clerk's */
    static const char *const folder_codes[] = {"file_unreadable", "not_a_file", "file_replaced",
                                               "out_of_memory"};
    long *named = NULL; /* per source: qtr_plan_unit_in_path, -3 until asked */
    for (size_t k = 0; k < ing->nrejects; k++) {
        qtr_reject *r = &ing->rejects[k];
        if (r->unit >= 0 || r->source < 0 || ing->rows_unit[r->source] == -3 ||
            ing->rows_unit[r->source] == -1)
            continue;
        int folder = 0;
        for (size_t c = 0; c < sizeof folder_codes / sizeof folder_codes[0]; c++)
            folder |= strcmp(r->code, folder_codes[c]) == 0;
        if (folder)
            continue;
        if (!named) {
            if (!(named = malloc(ing->nsources * sizeof *named)))
                return QTR_ERR_NOMEM;
            for (size_t i = 0; i < ing->nsources; i++)
                named[i] = -3;
        }
        if (named[r->source] == -3)
            named[r->source] = qtr_plan_unit_in_path(ing->plan, ing->sources[r->source]);
        long u = named[r->source];
        int rows = ing->rows_unit[r->source];
        if (u >= 0 && (rows == -2 || rows == u))
            r->unit = (int)u;
    }
    free(named);
    return QTR_OK;
}

/* A period cell: the last one's result when it is written the same (it nearly always is). */
static qtr_period period_of(file_ctx *c, const qtr_field *raw)
{
    if (c->period_seen_n && raw->n == c->period_seen_n &&
        memcmp(raw->s, c->period_seen, raw->n) == 0)
        return c->period_seen_p;
    size_t n = raw->n;
    const char *t = qtr_trim(raw->s, &n);
    qtr_period p = n ? qtr_period_parse(t, n) : QTR_PERIOD_NONE;
    if (p != QTR_PERIOD_NONE && raw->n < sizeof c->period_seen) {
        memcpy(c->period_seen, raw->s, raw->n);
        c->period_seen_n = raw->n;
        c->period_seen_p = p;
    }
    return p;
}

static int fail(file_ctx *c, qtr_status st)
{
    c->st = st;
    return 1;
}

static const char *header_name(const file_ctx *c, long col)
{
    return col >= 0 && (size_t)col < c->ncols ? c->cols[col].name : "";
}

/* Matches one normalised header against the plan's series. Returns the series index or -1;
 * on a match *unit receives the header's unit ("" when none). */
static long match_series(const qtr_plan *plan, const char *key, char **unit_out)
{
    size_t len = strlen(key);
    /* split a trailing "(unit)" */
    char *name = qtr_strdup(key);
    char *unit = NULL;
    if (!name)
        return -2;
    if (len > 2 && name[len - 1] == ')') {
        char *open = strrchr(name, '(');
        if (open && open > name) {
            unit = qtr_strndup(open + 1, (size_t)(name + len - 1 - open - 1));
            *open = '\0';
        }
    }
    long found = -1;
    for (size_t s = 0; s < plan->nseries && found < 0; s++) {
        const qtr_series *ser = &plan->series[s];
        for (size_t h = 0; h < ser->nheaders && found < 0; h++) {
            char full[1024];
            snprintf(full, sizeof full, "%s%s%s%s", ser->header_keys[h],
                     ser->header_units[h][0] ? "(" : "", ser->header_units[h],
                     ser->header_units[h][0] ? ")" : "");
            if (strcmp(full, key) == 0) {           /* the alias verbatim */
                found = (long)s;
                free(unit);
                unit = qtr_strdup(ser->header_units[h]);
            } else if (strcmp(ser->header_keys[h], name) == 0) {
                found = (long)s;
            } else if (strcmp(ser->header_keys[h], key) == 0) { /* name holds parentheses */
                found = (long)s;
                free(unit);
                unit = NULL;
            }
        }
    }
    free(name);
    if (found >= 0) {
        *unit_out = unit ? unit : qtr_strdup("");
        if (!*unit_out)
            return -2;
    } else {
        free(unit);
    }
    return found;
}

static int in_list(char **list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        char k[512];
        if (strlen(list[i]) >= sizeof k)
            continue;
        qtr_normalize_key(list[i], strlen(list[i]), k);
        if (strcmp(k, key) == 0)
            return 1;
    }
    return 0;
}

/* Decides the role of a wide-format column and reports unit problems and unmapped columns. */
static qtr_status map_column(file_ctx *c, size_t i, const char *key)
{
    const qtr_plan *plan = c->ing->plan;
    column *col = &c->cols[i];
    char msg[600];
    if (in_list(plan->period_headers, plan->nperiod_headers, key)) {
        col->role = c->period_col < 0 ? COL_PERIOD : COL_PERIOD_CHECK;
        if (c->period_col < 0)
            c->period_col = (long)i;
        c->has_checks |= col->role == COL_PERIOD_CHECK;
        return QTR_OK;
    } else if (in_list(plan->unit_headers, plan->nunit_headers, key)) {
        col->role = c->unit_col < 0 ? COL_UNIT : COL_UNIT_CHECK;
        if (c->unit_col < 0)
            c->unit_col = (long)i;
        c->has_checks |= col->role == COL_UNIT_CHECK;
        return QTR_OK;
    }
    char *unit = NULL;
    long s = match_series(plan, key, &unit);
    if (s == -2)
        return QTR_ERR_NOMEM;
    if (s < 0) {
        col->role = COL_IGNORED;
        const char *code = col->name[0] ? "column_unknown" : "column_no_header";
        if (!col->name[0])
            /* English: column N has no header: its cells are not read */
            snprintf(msg, sizeof msg, "第 %zu 列没有表头：这一列的数据未读取；如果这一列有数据，"
                     "请填上填报模板中的表头", i + 1);
        else
            /* English: the header is no indicator of this plan: its cells are not read */
            snprintf(msg, sizeof msg, "表头「%s」不是本计划的指标：这一列的数据未读取；如果要报送，"
                     "请改用填报模板中的表头", col->name);
        return add_reject(c->ing, c->source, c->header_line, (long)i + 1, col->name, col->name,
                          strlen(col->name), QTR_SEV_WARNING, QTR_PERIOD_NONE, -1, code, msg);
    }
    const qtr_series *ser = &plan->series[s];
    const char *code = NULL;
    col->series = (int)s;
    col->role = COL_BAD;
    int pow10 = 0;
    qtr_unit_family fam = qtr_unit_lookup(ser->unit, strlen(ser->unit), NULL);
    if (!unit[0]) {
        if (fam == QTR_UNIT_MONEY) {
            code = "header_no_unit";
            /* English: the header gives no unit; money needs (元), (万元) or (亿元): the column
             * is not read */
            snprintf(msg, sizeof msg, "表头没有写单位，金额须注明（元）、（万元）或（亿元）：这一列未读取；"
                     "请写成「%s」", ser->headers[0]);
        } else
            col->role = COL_SERIES;
    } else if (qtr_unit_lookup(unit, strlen(unit), NULL) == QTR_UNIT_UNKNOWN) {
        code = "header_unknown_unit";
        /* English: unknown unit U; NAME is counted in UNIT: the column is not read */
        snprintf(msg, sizeof msg, "表头中的单位（%s）无法识别，%s以%s计：这一列未读取；请写成「%s」",
                 unit, ser->name, ser->unit, ser->headers[0]);
    } else if (qtr_unit_convert(unit, strlen(unit), ser->unit, &pow10) != 0) {
        if (fam == QTR_UNIT_COUNT && qtr_unit_lookup(unit, strlen(unit), NULL) == QTR_UNIT_COUNT)
            col->role = COL_SERIES;
        else {
            code = "header_wrong_unit";
            /* English: unit U does not convert to the indicator's unit: the column is not read */
            snprintf(msg, sizeof msg, "表头中的单位（%s）不能换算为%s的单位（%s）：这一列未读取；请写成「%s」",
                     unit, ser->name, ser->unit, ser->headers[0]);
        }
    } else {
        col->role = COL_SERIES;
    }
    /* counts convert 1:1 whatever the count word, except 万人 and the like */
    col->pow10 = pow10;
    free(unit);
    if (col->role == COL_BAD)
        return add_reject(c->ing, c->source, c->header_line, (long)i + 1, col->name, col->name,
                          strlen(col->name), QTR_SEV_ERROR, QTR_PERIOD_NONE, -1, code, msg);
    return QTR_OK;
}

static qtr_status row_error(file_ctx *c, const qtr_record *rec, long col, qtr_period period,
                            const char *code, const char *reason);

static int is_long_header(file_ctx *c, char **keys, size_t n, long out[4])
{
    static const char *const names[4] = {"period", "unit", "indicator", "value"};
    for (int k = 0; k < 4; k++) {
        out[k] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(keys[i], names[k]) == 0)
                out[k] = (long)i;
        if (out[k] < 0)
            return 0;
    }
    /* other period and unit columns (the last of each is read) must agree with it */
    for (size_t i = 0; i < n; i++)
        if ((long)i != out[0] && (long)i != out[1] &&
            (strcmp(keys[i], "period") == 0 || strcmp(keys[i], "unit") == 0)) {
            c->cols[i].role = keys[i][0] == 'p' ? COL_PERIOD_CHECK : COL_UNIT_CHECK;
            c->has_checks = 1;
        }
    return 1;
}

/* A row whose second period or unit column says something else than the first: an error for
 * the row, naming both columns. *bad is 1 when the row is rejected. */
static qtr_status check_columns(file_ctx *c, const qtr_record *rec, long pcol, qtr_period p,
                                long ucol, long unit, int is_total, int *bad)
{
    *bad = 0;
    for (size_t i = 0; i < c->ncols && !*bad; i++) {
        col_role role = c->cols[i].role;
        if (role != COL_PERIOD_CHECK && role != COL_UNIT_CHECK)
            continue;
        size_t n = rec->fields[i].n;
        const char *t = qtr_trim(rec->fields[i].s, &n);
        if (n == 0)
            continue; /* an empty second column says nothing */
        long first = role == COL_PERIOD_CHECK ? pcol : ucol;
        int agree;
        if (role == COL_PERIOD_CHECK) {
            agree = qtr_period_parse(t, n) == p;
        } else {
            int total;
            long u = qtr_plan_classify_unit(c->ing->plan, t, n, &total);
            agree = total ? is_total : u == unit && !is_total;
        }
        if (agree)
            continue;
        size_t fn = rec->fields[first].n;
        const char *ft = qtr_trim(rec->fields[first].s, &fn);
        char *a = qtr_excerpt(ft, fn, 60), *b = qtr_excerpt(t, n, 60);
        char msg[600];
        /* English: the period (unit) columns A (column i) and B (column j) disagree (x vs y); the
         * row is rejected */
        snprintf(msg, sizeof msg, "两个%s列不一致：「%s」（第 %ld 列）为「%s」，「%s」（第 %zu 列）为「%s」；整行拒收。"
                 "请只保留一列，或把两列改为一致",
                 role == COL_PERIOD_CHECK ? "报告期" : "填报单位", header_name(c, first), first + 1,
                 a ? a : "", header_name(c, (long)i), i + 1, b ? b : "");
        free(a);
        free(b);
        *bad = 1;
        qtr_status st = row_error(c, rec, (long)i, role == COL_PERIOD_CHECK ? QTR_PERIOD_NONE : p,
                                  "columns_disagree", msg);
        if (st != QTR_OK)
            return st;
    }
    return QTR_OK;
}

/* A period after the plan's horizon: kept, with one warning per file and period. */
static qtr_status check_future(file_ctx *c, const qtr_record *rec, long pcol, qtr_period p)
{
    const qtr_plan *plan = c->ing->plan;
    if (qtr_period_year(p) <= plan->end_year)
        return QTR_OK;
    for (size_t k = 0; k < c->nfuture; k++)
        if (c->future[k] == p)
            return QTR_OK;
    if (c->nfuture < sizeof c->future / sizeof c->future[0])
        c->future[c->nfuture++] = p;
    else
        return QTR_OK; /* eight such quarters in one file: said often enough */
    char msg[400], per[8];
    /* English: period after the plan's horizon: read into facts.csv but outside this plan's report */
    if (plan->start_year == plan->end_year)
        snprintf(msg, sizeof msg, "报告期 %s 在计划期（%d年）之后：数值照常读入 facts.csv，但不进入本计划的报告",
                 qtr_period_format(p, per), plan->end_year);
    else
        snprintf(msg, sizeof msg, "报告期 %s 在计划期（%d–%d年）之后：数值照常读入 facts.csv，但不进入本计划的报告",
                 qtr_period_format(p, per), plan->start_year, plan->end_year);
    const char *raw = pcol >= 0 ? rec->fields[pcol].s : "";
    size_t raw_n = pcol >= 0 ? rec->fields[pcol].n : 0;
    return add_reject(c->ing, c->source, rec->line, pcol >= 0 ? pcol + 1 : 0, header_name(c, pcol), raw,
                      raw_n, QTR_SEV_WARNING, p, c->row_unit, "period_after_plan", msg);
}

/* A task progress file's header (ingest_tasks.c): QTR_ERR_PARSE when the file is rejected. */
static qtr_status task_header(file_ctx *c, const qtr_record *rec, char **keys)
{
    char **names = calloc(c->ncols ? c->ncols : 1, sizeof *names);
    if (!names)
        return QTR_ERR_NOMEM;
    for (size_t i = 0; i < c->ncols; i++)
        names[i] = c->cols[i].name;
    qtr_status st = qtr_ingest_task_header(c->ing, c->source, rec, keys, names, c->name_period,
                                           c->name_ambiguous, &c->tasks);
    free(names);
    return st;
}

static int on_header(file_ctx *c, const qtr_record *rec)
{
    c->header_done = 1;
    c->header_line = rec->line;
    c->ncols = rec->nfields;
    c->cols = calloc(rec->nfields ? rec->nfields : 1, sizeof *c->cols);
    char **keys = calloc(rec->nfields ? rec->nfields : 1, sizeof *keys);
    if (!c->cols || !keys) {
        free(keys);
        return fail(c, QTR_ERR_NOMEM);
    }
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < rec->nfields && st == QTR_OK; i++) {
        size_t n = rec->fields[i].n;
        const char *t = qtr_trim(rec->fields[i].s, &n);
        c->cols[i].name = qtr_excerpt(t, n, RAW_MAX);
        keys[i] = qtr_key_dup(t, n);
        if (!c->cols[i].name || !keys[i] ||
            qtr_strlist_add(&c->ing->headers[c->source], c->cols[i].name,
                            strlen(c->cols[i].name)) != QTR_OK)
            st = QTR_ERR_NOMEM;
    }
    if (st == QTR_OK) {
        c->is_long = is_long_header(c, keys, rec->nfields, c->long_cols);
        if (!c->is_long && qtr_ingest_is_task_header(keys, rec->nfields))
            st = task_header(c, rec, keys);
        for (size_t i = 0; i < rec->nfields && st == QTR_OK && !c->is_long && !c->tasks; i++)
            st = map_column(c, i, keys[i]);
    }
    for (size_t i = 0; i < rec->nfields; i++)
        free(keys[i]);
    free(keys);
    if (st != QTR_OK)
        return fail(c, st);
    if (c->tasks)
        return 0;
    if (!c->is_long && c->unit_col < 0) {
        char msg[600];
        /* a header of one field that holds another separator: say so (and how to save a CSV) */
        const char *hint = "";
        if (rec->nfields == 1 && memchr(rec->raw, '\t', rec->raw_n))
            /* English: the header is separated by tabs, not commas: save as CSV (comma delimited) */
            hint = "；表头用制表符而不是逗号分隔：请在 Excel 或 WPS 中另存为「CSV（逗号分隔）」";
        else if (rec->nfields == 1 && memchr(rec->raw, ';', rec->raw_n))
            hint = "；表头用分号而不是逗号分隔：请另存为「CSV（逗号分隔）」";
        else if (rec->nfields == 1 && memmem(rec->raw, rec->raw_n, "，", strlen("，")))
            hint = "；表头用全角逗号「，」分隔：请改用半角逗号，或另存为「CSV（逗号分隔）」";
        /* English: no reporting-unit column (its header): the whole file is not read */
        snprintf(msg, sizeof msg, "表头中没有填报单位列（「%s」）：整个文件未读取；请使用填报模板的表头%s",
                 c->ing->plan->unit_headers[0], hint);
        st = add_reject(c->ing, c->source, rec->line, 0, "", rec->raw, rec->raw_n, QTR_SEV_ERROR,
                        QTR_PERIOD_NONE, -1, "no_unit_column", msg);
        return fail(c, st == QTR_OK ? QTR_ERR_PARSE : st);
    }
    return 0;
}

/* The roster unit a row names, for rejects.csv's unit column even when the row is rejected
 * for something else (its period): -1 when it names none or the row is cut short. */
static int row_unit(file_ctx *c, const qtr_record *rec)
{
    if (c->row_unit >= 0)
        return c->row_unit;
    long ucol = c->is_long ? c->long_cols[1] : c->unit_col;
    if (!c->header_done || ucol < 0 || (size_t)ucol >= rec->nfields)
        return -1;
    size_t n = rec->fields[ucol].n;
    const char *t = qtr_trim(rec->fields[ucol].s, &n);
    int total = 0;
    long u = n ? qtr_plan_classify_unit(c->ing->plan, t, n, &total) : -1;
    if (n && !total) /* a row rejected before its unit was read still names it */
        see_unit(&c->rows_unit, (int)u);
    return (int)u;
}

static qtr_status row_error(file_ctx *c, const qtr_record *rec, long col, qtr_period period,
                            const char *code, const char *reason)
{
    return add_reject(c->ing, c->source, rec->line, col >= 0 ? col + 1 : 0, header_name(c, col),
                      rec->raw, rec->raw_n, QTR_SEV_ERROR, period, row_unit(c, rec), code, reason);
}

/* The row's period from its column or the file name. QTR_PERIOD_NONE after a row error. */
static qtr_period row_period(file_ctx *c, const qtr_record *rec, qtr_status *st)
{
    char msg[600];
    *st = QTR_OK;
    if (c->period_col >= 0) {
        const qtr_field *f = &rec->fields[c->period_col];
        qtr_period p = period_of(c, f);
        if (p != QTR_PERIOD_NONE)
            return p;
        size_t n = f->n;
        const char *t = qtr_trim(f->s, &n);
        if (n == 0) {
            *st = row_error(c, rec, c->period_col, QTR_PERIOD_NONE, "period_empty", QTR_MSG_PERIOD_EMPTY);
            return QTR_PERIOD_NONE;
        }
        char *ex = qtr_excerpt(t, n, 60);
        snprintf(msg, sizeof msg, QTR_MSG_PERIOD_INVALID, ex ? ex : "");
        free(ex);
        *st = row_error(c, rec, c->period_col, QTR_PERIOD_NONE, "period_invalid", msg);
        return QTR_PERIOD_NONE;
    }
    if (c->name_period == QTR_PERIOD_NONE) {
        const char *ph = c->ing->plan->period_headers[0];
        if (c->name_ambiguous)
            snprintf(msg, sizeof msg, QTR_MSG_PERIOD_AMBIGUOUS, ph, ph);
        else
            snprintf(msg, sizeof msg, QTR_MSG_PERIOD_MISSING, ph, ph);
        *st = row_error(c, rec, -1, QTR_PERIOD_NONE,
                        c->name_ambiguous ? "period_ambiguous" : "period_missing", msg);
    }
    return c->name_period;
}

static total_row *new_total(file_ctx *c, qtr_period p, int series)
{
    if (c->ntotals == c->totals_cap) {
        size_t cap = c->totals_cap ? c->totals_cap * 2 : 16;
        total_row *t = realloc(c->totals, cap * sizeof *t);
        if (!t)
            return NULL;
        c->totals = t;
        c->totals_cap = cap;
    }
    total_row *t = &c->totals[c->ntotals++];
    memset(t, 0, sizeof *t);
    t->period = p;
    t->series = series;
    return t;
}

/* A total row (全市/合计): each cell remembered, checked at the end of the file against the
 * units of the same period. */
static qtr_status total_cells(file_ctx *c, const qtr_record *rec, qtr_period p)
{
    c->ing->total_rows++;
    for (size_t i = 0; i < c->ncols; i++) {
        if (c->cols[i].role != COL_SERIES)
            continue;
        const char *why = NULL;
        qtr_qty v;
        qtr_num_result r = qtr_num_parse(rec->fields[i].s, rec->fields[i].n, c->cols[i].pow10, &v, &why);
        if (r == QTR_NUM_MISSING)
            continue;
        if (r == QTR_NUM_ERROR) {
            char msg[600];
            char *ex = qtr_excerpt(rec->fields[i].s, rec->fields[i].n, 40);
            /* English: total row: 'X' is not a number (totals are computed by qtr; not checked) */
            snprintf(msg, sizeof msg, "合计行：「%s」%s（合计由 qtr 按各单位计算，合计行只作核对，这一格未核对）",
                     ex ? ex : "", why);
            free(ex);
            qtr_status st = add_reject(c->ing, c->source, rec->line, (long)i + 1, c->cols[i].name,
                                       rec->fields[i].s, rec->fields[i].n, QTR_SEV_WARNING, p, -1,
                                       "total_not_a_number", msg);
            if (st != QTR_OK)
                return st;
            continue;
        }
        total_row *t = new_total(c, p, c->cols[i].series);
        if (!t)
            return QTR_ERR_NOMEM;
        t->has_total = 1;
        t->total = v;
        t->line = rec->line;
        t->column = (long)i + 1;
        t->raw = qtr_excerpt(rec->fields[i].s, rec->fields[i].n, RAW_MAX);
        if (!t->raw)
            return QTR_ERR_NOMEM;
    }
    return QTR_OK;
}

/* Whether a number read from s[0..n) and scaled by 10^pow10 may have a fractional part: not
 * when it is written with ASCII digits, commas and signs only and is not divided (most cells;
 * the 128-bit division that tells is dear). */
static int may_have_fraction(const char *s, size_t n, int pow10)
{
    if (pow10 < 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ',' || s[i] == '+' || s[i] == ' '))
            return 1;
    return 0;
}

static qtr_status cell(file_ctx *c, const qtr_record *rec, size_t i, qtr_period p, int unit,
                       int series, int pow10, int from_long)
{
    const char *why = NULL;
    qtr_ingest_fact f;
    memset(&f, 0, sizeof f);
    qtr_num_result r = qtr_num_parse(rec->fields[i].s, rec->fields[i].n, pow10, &f.input, &why);
    if (r == QTR_NUM_ERROR) {
        char msg[600];
        char *ex = qtr_excerpt(rec->fields[i].s, rec->fields[i].n, 40);
        /* English: 'X' <what it is>: <what to write> (the cell counts as not reported) */
        snprintf(msg, sizeof msg, "「%s」%s（本格按未报送处理）", ex ? ex : "",
                 why ? why : "不是数字：请填写准确数字；未报送请留空或填“—”");
        free(ex);
        return add_reject(c->ing, c->source, rec->line, (long)i + 1, header_name(c, (long)i),
                          rec->fields[i].s, rec->fields[i].n, QTR_SEV_ERROR, p, unit,
                          qtr_num_reason_code(why), msg);
    }
    if (r == QTR_NUM_OK && c->ing->whole[series] &&
        may_have_fraction(rec->fields[i].s, rec->fields[i].n, pow10) &&
        f.input % ((qtr_qty)1000000000000ll) != 0) { /* 10^QTR_QTY_DECIMALS: one whole */
        char msg[600];
        const qtr_series *ser = &c->ing->plan->series[series];
        char *ex = qtr_excerpt(rec->fields[i].s, rec->fields[i].n, 40);
        /* English: 'X' has a fractional part; NAME is counted in whole UNIT: write a whole number */
        snprintf(msg, sizeof msg, "「%s」有小数，%s以%s计，只能是整数：请填写整数（本格按未报送处理）",
                 ex ? ex : "", ser->name, ser->unit);
        free(ex);
        return add_reject(c->ing, c->source, rec->line, (long)i + 1, header_name(c, (long)i),
                          rec->fields[i].s, rec->fields[i].n, QTR_SEV_ERROR, p, unit, "not_whole",
                          msg);
    }
    f.period = p;
    f.unit = unit;
    f.series = (uint16_t)series;
    f.flags = (uint8_t)((r == QTR_NUM_MISSING ? QTR_FACT_MISSING : 0) | (from_long ? QTR_FACT_LONG : 0));
    f.source = c->source;
    f.line = (int32_t)rec->line;
    f.column = (uint16_t)(i + 1);
    f.pow10 = (int8_t)pow10;
    if (!text_is_value(rec->fields[i].s, rec->fields[i].n, r == QTR_NUM_MISSING)) {
        qtr_status st = raw_store(c->ing, rec->fields[i].s, rec->fields[i].n, &f.raw_at);
        if (st != QTR_OK)
            return st;
    }
    return add_fact(c->ing, &f);
}

/* ---------------------------------------------------------------- unit cells seen */

/* What a unit cell's text names (qtr_plan_classify_unit, a function of the text alone),
 * remembered by its exact bytes for the whole ingest: every quarter's file names the same
 * units again, and normalising a name and finding it among the roster's cost ~700 instructions
 * a row (bench/gains.md). Open addressing, at most half full; cells over UNIT_MEMO_KEY bytes and
 * cells past the capacity are classified each time. */
#define UNIT_MEMO_KEY 255
#define UNIT_MEMO_MAX (1u << 17) /* slots: 65,536 distinct cells */

typedef struct {
    uint32_t hash;
    uint32_t off;  /* of the cell's bytes in keys; 0: empty slot */
    uint16_t len;
    uint8_t total;
    int32_t unit;
} unit_memo_slot;

struct qtr_unit_memo {
    unit_memo_slot *slot;
    size_t cap, used;   /* slots: a power of two */
    qtr_buf keys;       /* the cells' bytes, one after another, after a first unused byte */
};

static void unit_memo_free(struct qtr_unit_memo *m)
{
    if (!m)
        return;
    free(m->slot);
    qtr_buf_free(&m->keys);
    free(m);
}

static uint32_t cell_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The slot of the cell (its own, or the empty one where it would go); NULL when no memo. */
static unit_memo_slot *unit_memo_find(struct qtr_unit_memo *m, const char *s, size_t n, uint32_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        unit_memo_slot *e = &m->slot[i];
        if (!e->off || (e->hash == h && e->len == n && memcmp(m->keys.data + e->off, s, n) == 0))
            return e;
    }
}

static struct qtr_unit_memo *unit_memo_get(qtr_ingest *ing)
{
    if (!ing->unit_memo) {
        struct qtr_unit_memo *m = calloc(1, sizeof *m);
        size_t cap = 64;
        while (cap < 4 * ing->plan->nunits + 64 && cap < UNIT_MEMO_MAX)
            cap *= 2;
        if (m && (m->slot = calloc(cap, sizeof *m->slot)) != NULL &&
            qtr_buf_append(&m->keys, "", 1) == QTR_OK) {
            m->cap = cap;
            ing->unit_memo = m;
        } else {
            unit_memo_free(m);
        }
    }
    return ing->unit_memo;
}

/* qtr_plan_classify_unit of the trimmed cell t (n bytes), remembered by the raw cell's bytes. */
static long classify_unit_cell(qtr_ingest *ing, const qtr_field *raw, const char *t, size_t n,
                               int *is_total)
{
#ifdef QTR_PLAIN_UNITMEMO /* make bench-devices: what the memo buys (bench/devices.md) */
    const size_t key_max = 0;
#else
    const size_t key_max = UNIT_MEMO_KEY;
#endif
    struct qtr_unit_memo *m = raw->n <= key_max ? unit_memo_get(ing) : NULL;
    uint32_t h = m ? cell_hash(raw->s, raw->n) : 0;
    unit_memo_slot *e = m ? unit_memo_find(m, raw->s, raw->n, h) : NULL;
    if (e && e->off) {
        *is_total = e->total;
        return e->unit;
    }
    long u = qtr_plan_classify_unit(ing->plan, t, n, is_total);
    if (e && 2 * (m->used + 1) <= m->cap && m->keys.len + raw->n <= UINT32_MAX) {
        size_t off = m->keys.len;
        if (qtr_buf_append(&m->keys, raw->s, raw->n) == QTR_OK) {
            *e = (unit_memo_slot){h, (uint32_t)off, (uint16_t)raw->n, (uint8_t)(*is_total != 0), (int32_t)u};
            m->used++;
        }
    }
    return u;
}

static qtr_status unit_of_row(file_ctx *c, const qtr_record *rec, long col, qtr_period p,
                              int *unit, int *is_total)
{
    const qtr_field *raw = &rec->fields[col];
    size_t n = raw->n;
    const char *t = qtr_trim(raw->s, &n);
    *unit = -1;
    *is_total = 0;
    if (n == 0) {
        see_unit(&c->file_unit, -1);
        /* English: empty reporting unit: row rejected; write the unit's name */
        return row_error(c, rec, col, p, "unit_empty",
                         "填报单位为空：整行未读取；请填写单位名称（与填报模板中的名称一致）");
    }
    long u;
    if (c->unit_seen_n && raw->n == c->unit_seen_n && memcmp(raw->s, c->unit_seen, raw->n) == 0) {
        u = c->unit_seen_u;
        *is_total = c->unit_seen_total;
    } else {
        u = classify_unit_cell(c->ing, raw, t, n, is_total);
        if (raw->n < sizeof c->unit_seen) {
            memcpy(c->unit_seen, raw->s, raw->n);
            c->unit_seen_n = raw->n;
            c->unit_seen_u = u;
            c->unit_seen_total = *is_total;
        }
    }
    if (*is_total)
        return QTR_OK;
    see_unit(&c->file_unit, (int)u);
    if (u < 0) {
        char msg[600];
        char *ex = qtr_excerpt(t, n, 80);
        long guess = guess_unit(c, t, n);
        see_unit(&c->rows_unit, (int)guess);
        if (guess >= 0) {
            /* English: 'X' is not in the plan's list of reporting units: row rejected; is it
             * 'UNIT'? (the reject goes to that unit's 整改清单: its clerk most likely wrote it) */
            snprintf(msg, sizeof msg, "「%s」不在本计划的填报单位名单中：整行未读取；是否是「%s」？"
                     "请写填报模板中的单位名称", ex ? ex : "", c->ing->plan->units[guess].name);
            c->row_unit = (int)guess;
        } else {
            /* English: 'X' is not in the plan's list of reporting units: row rejected */
            snprintf(msg, sizeof msg, "「%s」不在本计划的填报单位名单中：整行未读取；请写填报模板中的单位名称",
                     ex ? ex : "");
        }
        free(ex);
        return row_error(c, rec, col, p, "unit_unknown", msg);
    }
    see_unit(&c->rows_unit, (int)u);
    *unit = (int)u;
    c->row_unit = (int)u;
    return QTR_OK;
}

static int on_wide_row(file_ctx *c, const qtr_record *rec)
{
    qtr_status st;
    qtr_period p = row_period(c, rec, &st);
    if (st != QTR_OK)
        return fail(c, st);
    if (p == QTR_PERIOD_NONE)
        return 0;
    int unit, is_total;
    if ((st = unit_of_row(c, rec, c->unit_col, p, &unit, &is_total)) != QTR_OK)
        return fail(c, st);
    if (unit < 0 && !is_total)
        return 0;
    if (c->has_checks) {
        int bad;
        if ((st = check_columns(c, rec, c->period_col, p, c->unit_col, unit, is_total, &bad)) != QTR_OK)
            return fail(c, st);
        if (bad)
            return 0;
    }
    if (is_total) {
        c->ing->rows_read--;
        st = total_cells(c, rec, p);
        return st == QTR_OK ? 0 : fail(c, st);
    }
    if ((st = check_future(c, rec, c->period_col, p)) != QTR_OK)
        return fail(c, st);
    for (size_t i = 0; i < c->ncols; i++) {
        if (c->cols[i].role != COL_SERIES)
            continue;
        if ((st = cell(c, rec, i, p, unit, c->cols[i].series, c->cols[i].pow10, 0)) != QTR_OK)
            return fail(c, st);
    }
    return 0;
}

static int on_long_row(file_ctx *c, const qtr_record *rec)
{
    const qtr_plan *plan = c->ing->plan;
    long pc = c->long_cols[0], uc = c->long_cols[1], ic = c->long_cols[2], vc = c->long_cols[3];
    size_t n;
    const char *t;
    qtr_period p = period_of(c, &rec->fields[pc]);
    qtr_status st;
    if (p == QTR_PERIOD_NONE) {
        n = rec->fields[pc].n;
        t = qtr_trim(rec->fields[pc].s, &n);
        char msg[300];
        char *ex = qtr_excerpt(t, n, 60);
        snprintf(msg, sizeof msg, QTR_MSG_PERIOD_INVALID, ex ? ex : "");
        free(ex);
        st = row_error(c, rec, pc, QTR_PERIOD_NONE, n ? "period_invalid" : "period_empty",
                       n ? msg : QTR_MSG_PERIOD_EMPTY);
        return st == QTR_OK ? 0 : fail(c, st);
    }
    int unit, is_total;
    if ((st = unit_of_row(c, rec, uc, p, &unit, &is_total)) != QTR_OK)
        return fail(c, st);
    if (unit < 0 && !is_total)
        return 0;
    if (c->has_checks) {
        int bad;
        if ((st = check_columns(c, rec, pc, p, uc, unit, is_total, &bad)) != QTR_OK)
            return fail(c, st);
        if (bad)
            return 0;
    }
    if (is_total) {
        c->ing->rows_read--;
        c->ing->total_rows++;
        return 0;
    }
    if ((st = check_future(c, rec, pc, p)) != QTR_OK)
        return fail(c, st);
    const qtr_field *raw = &rec->fields[ic];
    long s = -1;
    size_t k = 0;
    while (k < c->nids && !(raw->n == c->ids[k].n && memcmp(raw->s, c->ids[k].text, raw->n) == 0))
        k++;
    if (k < c->nids) {
        s = c->ids[k].series;
    } else {
        n = raw->n;
        t = qtr_trim(raw->s, &n);
        char id[80];
        if (n < sizeof id) {
            memcpy(id, t, n);
            id[n] = '\0';
            s = qtr_plan_find_series(plan, id);
        }
        if (s >= 0 && c->nids < sizeof c->ids / sizeof c->ids[0] && raw->n < sizeof c->ids[0].text) {
            memcpy(c->ids[c->nids].text, raw->s, raw->n);
            c->ids[c->nids].n = raw->n;
            c->ids[c->nids].series = s;
            c->nids++;
        }
    }
    if (s < 0) {
        char msg[300];
        n = raw->n;
        t = qtr_trim(raw->s, &n);
        char *ex = qtr_excerpt(t, n, 60);
        /* English: 'X' is no indicator id of this plan: row rejected; write one of its ids */
        snprintf(msg, sizeof msg, "「%s」不是本计划的指标编号：整行未读取；indicator 列请填写本计划配置中的编号，如 %s",
                 ex ? ex : "", plan->series[plan->nindicators ? plan->indicators[0].series : 0].id);
        free(ex);
        st = row_error(c, rec, ic, p, "indicator_unknown", msg);
        return st == QTR_OK ? 0 : fail(c, st);
    }
    st = cell(c, rec, (size_t)vc, p, unit, (int)s, 0, 1);
    return st == QTR_OK ? 0 : fail(c, st);
}

static int on_record(void *ctx, const qtr_record *rec)
{
    file_ctx *c = ctx;
    if (!c->header_done) {
        if (qtr_record_blank(rec))
            return 0; /* blank lines before the header */
        return on_header(c, rec);
    }
    if (qtr_record_blank(rec))
        return 0;
    c->ing->rows_read++;
    c->data_rows++;
    c->row_unit = -1;
    if (rec->nfields != c->ncols) {
        char msg[400];
        /* English: the row has N fields but the header M: row rejected; a comma too many or too
         * few (a number with thousands commas must be quoted) */
        snprintf(msg, sizeof msg, "这一行有 %zu 个字段，表头有 %zu 个：整行未读取；请检查是否多了或少了逗号"
                 "（带千位逗号的数字须加引号，或不写千位逗号）", rec->nfields, c->ncols);
        qtr_status st = row_error(c, rec, -1, QTR_PERIOD_NONE, "field_count", msg);
        return st == QTR_OK ? 0 : fail(c, st);
    }
    if (c->tasks) {
        qtr_status st = qtr_ingest_task_row(c->ing, c->tasks, rec);
        return st == QTR_OK ? 0 : fail(c, st);
    }
    return c->is_long ? on_long_row(c, rec) : on_wide_row(c, rec);
}

static int on_csv_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                        const char *reason)
{
    file_ctx *c = ctx;
    char msg[400];
    const char *code = qtr_csv_reason_code(reason);
    char lines[64] = "";
    if (end_line > line)
        snprintf(lines, sizeof lines, "（第 %ld–%ld 行）", line, end_line);
    if (strcmp(code, "too_many_fields") == 0)
        /* English: ...: row rejected; check whether a line break is missing */
        snprintf(msg, sizeof msg, "%s%s：整行未读取；请检查这一行是否缺了换行", reason, lines);
    else if (strcmp(code, "quote_unclosed_rest") == 0)
        /* English: ...: the rest of the file is not read; save it again as CSV */
        snprintf(msg, sizeof msg, "%s%s：文件的其余部分未读取；请在 Excel 或 WPS 中另存为"
                 "「CSV UTF-8（逗号分隔）」", reason, lines);
    else
        /* English: ...: row rejected; save it again as CSV, do not edit quotes by hand */
        snprintf(msg, sizeof msg, "%s%s：整行未读取；请在 Excel 或 WPS 中另存为「CSV UTF-8（逗号分隔）」，"
                 "不要手工编辑引号", reason, lines);
    if (!c->header_done) { /* the next row must not be taken for the header */
        char whole[600];
        /* English: the header row cannot be read (why): the whole file is not read */
        snprintf(whole, sizeof whole, "表头行无法读取（%s%s）：整个文件未读取；请在 Excel 或 WPS 中"
                 "另存为「CSV UTF-8（逗号分隔）」后重新报送", reason, lines);
        qtr_status st = add_reject(c->ing, c->source, line, 0, "", raw, raw_n, QTR_SEV_ERROR,
                                   QTR_PERIOD_NONE, -1, "header_unreadable", whole);
        c->header_done = 1; /* no "empty file" warning on top */
        return fail(c, st == QTR_OK ? QTR_ERR_PARSE : st);
    }
    c->ing->rows_read++;
    c->data_rows++;
    qtr_status st = add_reject(c->ing, c->source, line, 0, "", raw, raw_n, QTR_SEV_ERROR,
                               QTR_PERIOD_NONE, -1, code, msg);
    return st == QTR_OK ? 0 : fail(c, st);
}

/* Compares each total row with the sum of the file's accepted unit values. */
static qtr_status check_totals(file_ctx *c)
{
    qtr_ingest *ing = c->ing;
    qtr_status st = QTR_OK;
    for (size_t t = 0; t < c->ntotals && st == QTR_OK; t++) {
        total_row *tr = &c->totals[t];
        if (!tr->has_total)
            continue;
        qtr_qty sum = 0;
        for (size_t i = 0; i < ing->ncur; i++) {
            const qtr_ingest_fact *f = &ing->cur[i];
            if (f->period == tr->period && f->series == tr->series && !(f->flags & QTR_FACT_MISSING))
                sum += f->input;
        }
        if (sum == tr->total)
            continue;
        char a[QTR_QTY_BUFSIZE], b[QTR_QTY_BUFSIZE], msg[600];
        const qtr_series *ser = &ing->plan->series[tr->series];
        /* English: the total row says A UNIT of NAME, the units of this file sum to B: the total
         * is not used (qtr sums the units); check the units' figures */
        snprintf(msg, sizeof msg, "合计行的%s为 %s %s，本文件各单位之和为 %s %s：合计行不使用（合计由 qtr "
                 "按各单位计算）；请核对各单位的数", ser->name, qtr_qty_format(tr->total, a), ser->unit,
                 qtr_qty_format(sum, b), ser->unit);
        st = add_reject(ing, c->source, tr->line, tr->column, header_name(c, tr->column - 1),
                        tr->raw, strlen(tr->raw), QTR_SEV_WARNING, tr->period, -1, "total_mismatch",
                        msg);
    }
    return st;
}

static qtr_status add_source(qtr_ingest *ing, const char *rel, int *index)
{
    char **s = realloc(ing->sources, (ing->nsources + 1) * sizeof *s);
    if (!s)
        return QTR_ERR_NOMEM;
    ing->sources = s;
    qtr_strlist *h = realloc(ing->headers, (ing->nsources + 1) * sizeof *h);
    if (!h)
        return QTR_ERR_NOMEM;
    ing->headers = h;
    memset(&h[ing->nsources], 0, sizeof *h);
    int *ru = realloc(ing->rows_unit, (ing->nsources + 1) * sizeof *ru);
    if (!ru)
        return QTR_ERR_NOMEM;
    ing->rows_unit = ru;
    ru[ing->nsources] = -2;
    /* names go into CSV files and one-line messages: make them valid, printable UTF-8 */
    if (!(s[ing->nsources] = qtr_display_name(rel)))
        return QTR_ERR_NOMEM;
    *index = (int)ing->nsources++;
    return QTR_OK;
}

/* Excel's "Unicode text" (UTF-16 with BOM, tab-separated): the first line that is not blank
 * holds a tab and no comma. */
static int tab_separated(const qtr_decoded *dec)
{
    if (!dec->encoding || strncmp(dec->encoding, "UTF-16", 6) != 0)
        return 0;
    const char *p = dec->text, *end = dec->text + dec->len;
    while (p < end) {
        const char *e = p;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        int tab = 0, comma = 0, text = 0;
        for (const char *q = p; q < e; q++) {
            tab |= *q == '\t';
            comma |= *q == ',';
            text |= *q != ' ' && *q != '\t';
        }
        if (text)
            return tab && !comma;
        p = e + 1;
    }
    return 0;
}

static qtr_status read_text(qtr_ingest *ing, int source, const char *text, size_t n, const char *rel,
                            char sep)
{
    file_ctx c;
    memset(&c, 0, sizeof c);
    c.ing = ing;
    c.source = source;
    c.rel = rel;
    c.period_col = c.unit_col = -1;
    c.row_unit = -1;
    c.file_unit = c.rows_unit = -2;
    size_t first_reject = ing->nrejects;
    ing->ncur = 0;
    const char *base = strrchr(rel, '/');
    c.name_period = qtr_period_from_name(base ? base + 1 : rel, &c.name_ambiguous);
    if (c.name_period == QTR_PERIOD_NONE && !c.name_ambiguous)
        c.name_period = qtr_period_from_name(rel, &c.name_ambiguous);
    qtr_status st = qtr_csv_read_sep(text, n, sep, on_record, on_csv_error, &c);
    if (st == QTR_ERR_NOMEM)
        c.st = QTR_ERR_NOMEM;
    if (c.st == QTR_OK && !c.header_done)
        /* English: empty file: no header and no data */
        c.st = add_reject(ing, source, 0, 0, "", "", 0, QTR_SEV_WARNING, QTR_PERIOD_NONE, -1,
                          "file_empty", "空文件：没有表头，也没有数据；请用填报模板填写后重新报送");
    else if (c.st == QTR_OK && c.data_rows == 0)
        /* English: the file has a header but no data rows */
        c.st = add_reject(ing, source, 1, 0, "", "", 0, QTR_SEV_WARNING, QTR_PERIOD_NONE, -1,
                          "file_no_rows", "文件只有表头，没有数据行：请在表头下每个单位填一行");
    if (c.st == QTR_OK)
        c.st = check_totals(&c);
    file_unit_header_rejects(&c, first_reject);
    ing->rows_unit[source] = c.rows_unit;
    if (c.st == QTR_OK || c.st == QTR_ERR_PARSE) {
        qtr_status bs = qtr_ingest_bucket_facts(ing);
        if (bs != QTR_OK)
            c.st = bs;
    }
    for (size_t i = 0; i < c.ncols; i++)
        free(c.cols[i].name);
    free(c.cols);
    for (size_t i = 0; i < c.ntotals; i++)
        free(c.totals[i].raw);
    free(c.totals);
    qtr_ingest_task_file_free(c.tasks);
    return c.st == QTR_ERR_PARSE ? QTR_OK : c.st; /* content problems are already rejects */
}

qtr_status qtr_ingest_bytes(qtr_ingest *ing, const char *bytes, size_t n, const char *rel)
{
    int source;
    qtr_status st = add_source(ing, rel, &source);
    if (st != QTR_OK)
        return st;
    qtr_decoded dec;
    size_t bad = 0;
    st = qtr_decode(bytes, n, &dec, &bad);
    if (st == QTR_ERR_DECODE) {
        char msg[400];
        int nul = bad < n && bytes[bad] == '\0';
        if (nul)
            /* English: a NUL byte at byte N: binary data, not CSV text (an .xlsx renamed?); the
             * whole file is not read */
            snprintf(msg, sizeof msg, "文件第 %zu 字节处是 NUL 字节，不是 CSV 文本（可能是改了扩展名的 "
                     "Excel 工作簿）：整个文件未读取；请在 Excel 或 WPS 中另存为「CSV UTF-8（逗号分隔）」", bad);
        else
            /* English: cannot decode the file at byte N as ENCODING: the whole file is not read */
            snprintf(msg, sizeof msg, "文件第 %zu 字节处无法按 %s 解码：整个文件未读取；请在 Excel 或 WPS "
                     "中另存为「CSV UTF-8（逗号分隔）」", bad,
                     dec.encoding ? dec.encoding : "UTF-8 或 GB18030");
        char hex[64] = "";
        for (size_t i = 0; i < 8 && bad + i < n; i++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%s%02X", i ? " " : "",
                     (unsigned char)bytes[bad + i]);
        return add_reject(ing, source, qtr_decode_line(bytes, n, bad, dec.encoding), 0, "", hex,
                          strlen(hex), QTR_SEV_ERROR, QTR_PERIOD_NONE, -1,
                          nul ? "file_binary" : "file_undecodable", msg);
    }
    if (st != QTR_OK)
        return st;
    st = read_text(ing, source, dec.text, dec.len, rel, tab_separated(&dec) ? '\t' : ',');
    free(dec.text);
    return st;
}

/* sha256 of a file's bytes, for qtr_ingest_file_digest (possibly on a thread of its own). A
 * performance device: hashing on the other core while the bytes are parsed saves about a tenth
 * of the whole job when long-format facts files come in (34 MB at 3,000 units x 10 years; the
 * hash is a fifth of ingest there) and little for the districts' smaller files
 * (bench/devices.md; make bench-devices builds without it, QTR_PLAIN_HASH). */
typedef struct {
    const char *data;
    size_t len;
    qtr_file_digest *dg;
} hash_job;

#define HASH_THREAD_MIN (64 * 1024) /* smaller files: not worth a thread */

static void *hash_main(void *arg)
{
    hash_job *j = arg;
    qtr_sha256 h;
    qtr_sha256_init(&h);
    qtr_sha256_update(&h, j->data, j->len);
    qtr_sha256_final(&h, j->dg->sha256);
    j->dg->size = (long long)j->len;
    j->dg->ok = 1;
    return NULL;
}

qtr_status qtr_ingest_file(qtr_ingest *ing, const char *path, const char *rel)
{
    return qtr_ingest_file_digest(ing, path, rel, NULL);
}

qtr_status qtr_ingest_file_digest(qtr_ingest *ing, const char *path, const char *rel,
                                  qtr_file_digest *dg)
{
    return qtr_ingest_file_as(ing, path, rel, NULL, dg);
}

qtr_status qtr_ingest_note_path(qtr_ingest *ing, const char *rel, qtr_severity sev,
                                const char *code, const char *reason)
{
    int source;
    qtr_status st = add_source(ing, rel, &source);
    if (st != QTR_OK)
        return st;
    ing->nnotes++;
    ing->rows_unit[source] = -3;
    return add_reject(ing, source, 0, 0, "", "", 0, sev, QTR_PERIOD_NONE, -1, code, reason);
}

/* A whole file rejected before its content is read: one error, nothing else of it. */
static qtr_status reject_unread(qtr_ingest *ing, const char *rel, const char *code,
                                const char *reason)
{
    int source;
    qtr_status st = add_source(ing, rel, &source);
    if (st != QTR_OK)
        return st;
    return add_reject(ing, source, 0, 0, "", "", 0, QTR_SEV_ERROR, QTR_PERIOD_NONE, -1, code, reason);
}

/* English: cannot read the file (why): not read; check its permissions or copy it in again */
#define FILE_UNREADABLE "无法读取文件（%s）：未读入；请检查文件权限，或重新拷入这个文件"

#define PROBE_BYTES (64 * 1024) /* read first: a binary file is rejected from these */

/* Reads up to n bytes at buf; the count read, or -1 with errno. */
static ssize_t read_full(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* A NUL in the first bytes of a file (outside UTF-16): binary data, not CSV text. */
static int probe_is_binary(const char *b, size_t n)
{
    const unsigned char *u = (const unsigned char *)b;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        for (size_t i = 2; i + 1 < n; i += 2)
            if (!b[i] && !b[i + 1])
                return 1;
        return 0;
    }
    return memchr(b, '\0', n) != NULL;
}

/* Opens and reads an input file within the plan's size limit (docs/input.md, Limits): never a
 * file that is not regular (a pipe would block), never another file than the one the scan
 * found there (expect), never more than max_file_bytes, and a binary file only as far as its
 * first NUL byte. *data is NULL when the file was rejected instead (the reject is recorded);
 * *probe_only is 1 when only its first bytes were read (they are in *data, to reject). */
static qtr_status read_input(qtr_ingest *ing, const char *path, const char *rel,
                             const qtr_file_id *expect, char **data, size_t *len, int *probe_only)
{
    char msg[400];
    *data = NULL;
    *len = 0;
    *probe_only = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        snprintf(msg, sizeof msg, FILE_UNREADABLE, qtr_scan_errno_text(errno));
        if (fd >= 0)
            close(fd);
        return reject_unread(ing, rel, "file_unreadable", msg);
    }
    if (!S_ISREG(sb.st_mode) ||
        (expect && (expect->dev != (unsigned long long)sb.st_dev || expect->ino != (unsigned long long)sb.st_ino))) {
        close(fd);
        return reject_unread(ing, rel, !S_ISREG(sb.st_mode) ? "not_a_file" : "file_replaced",
                             !S_ISREG(sb.st_mode)
                                           /* English: not a regular file (a pipe, a device); not read */
                                           ? "不是普通文件（可能是管道或设备）：整个文件未读取"
                                           /* English: replaced by another file since the folder was listed */
                                           : "文件在扫描之后被换成了另一个文件（或链接）：整个文件未读取");
    }
    long long max = ing->plan->max_file_bytes > 0 ? ing->plan->max_file_bytes
                                                   : (long long)QTR_MAX_FILE_MB_DEFAULT << 20;
    if ((long long)sb.st_size > max) {
        close(fd);
        /* English: the file is N MB (N bytes), over the limit of M MB ([input] max_file_mb);
         * the whole file is not read */
        snprintf(msg, sizeof msg, "文件大小 %.1f MB（%lld 字节）超过输入文件的上限 %lld MB（[input] "
                 "max_file_mb）：整个文件未读取", (double)sb.st_size / (1 << 20),
                 (long long)sb.st_size, max >> 20);
        return reject_unread(ing, rel, "file_too_large", msg);
    }
    size_t cap = PROBE_BYTES + 1; /* the rest is allocated once the first bytes are text */
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return QTR_ERR_NOMEM;
    }
    ssize_t k = read_full(fd, buf, PROBE_BYTES);
    size_t n = k > 0 ? (size_t)k : 0;
    if (k >= 0 && probe_is_binary(buf, n)) {
        close(fd);
        buf[n] = '\0';
        *data = buf;
        *len = n;
        *probe_only = 1;
        return QTR_OK;
    }
    /* the rest, to the end of the file; one that grows meanwhile is read only as far as max */
    while (k == PROBE_BYTES || (k > 0 && n + 1 == cap)) {
        if (n + 1 == cap) {
            if ((long long)n > max)
                break;
            /* the size found, and one byte more: the end of the file shows at once */
            size_t want_cap = (size_t)sb.st_size + 2 > cap * 2 ? (size_t)sb.st_size + 2 : cap * 2;
            char *p = realloc(buf, want_cap);
            if (!p) {
                free(buf);
                close(fd);
                return QTR_ERR_NOMEM;
            }
            buf = p;
            cap = want_cap;
        }
        size_t want = cap - n - 1;
        k = read_full(fd, buf + n, want);
        if (k > 0)
            n += (size_t)k;
        if (k < 0 || (size_t)k < want)
            break; /* an error, or the end of the file */
        k = PROBE_BYTES; /* the buffer is full: there may be more */
    }
    int e = errno;
    close(fd);
    if (k < 0 || (long long)n > max) {
        free(buf);
        if (k < 0)
            snprintf(msg, sizeof msg, FILE_UNREADABLE, qtr_scan_errno_text(e));
        else
            snprintf(msg, sizeof msg, "文件在读取时增长，超过输入文件的上限 %lld MB（[input] max_file_mb）："
                     "整个文件未读取", max >> 20); /* English: grew past the limit while read */
        return reject_unread(ing, rel, k < 0 ? "file_unreadable" : "file_too_large", msg);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return QTR_OK;
}

qtr_status qtr_ingest_file_as(qtr_ingest *ing, const char *path, const char *rel,
                              const qtr_file_id *expect, qtr_file_digest *dg)
{
    char *data;
    size_t len;
    int probe_only;
    if (dg)
        memset(dg, 0, sizeof *dg);
    qtr_status st = read_input(ing, path, rel, expect, &data, &len, &probe_only);
    if (st != QTR_OK || !data)
        return st;
    if (probe_only) { /* binary: its first bytes tell (the reject names the NUL's offset) */
        st = qtr_ingest_bytes(ing, data, len, rel);
        free(data);
        return st;
    }
    /* the digest is computed on the other core while the bytes are read (the stage has both to
     * itself: nothing else runs before ingest ends); on the caller's thread if none starts */
    hash_job job = {data, len, dg};
    pthread_t th;
#ifdef QTR_PLAIN_HASH /* make bench-devices: what the thread buys (bench/devices.md) */
    int threaded = 0;
    (void)th;
#else
    int threaded = dg && len >= HASH_THREAD_MIN && pthread_create(&th, NULL, hash_main, &job) == 0;
#endif
    if (dg && !threaded)
        hash_main(&job);
    st = qtr_ingest_bytes(ing, data, len, rel);
    if (threaded)
        pthread_join(th, NULL);
    free(data);
    return st;
}
