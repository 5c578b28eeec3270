/* manifest.c — manifest.json of a report (see manifest.h). */
#include "manifest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "csvr.h"
#include "csvw.h"
#include "report_io.h"

/* ---------------------------------------------------------------- JSON */

static void json_str(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    json_str(f, s, strlen(s));
}

/* ---------------------------------------------------------------- inputs.csv */

typedef struct {
    FILE *out;
    const char *path;
    qtr_error *err;
    qtr_status st;
    int header;
    int part;    /* 0 before the config, 1 in "plan_files", 2 in "inputs" */
    int nitems;  /* entries written in the current part */
} inputs_reader;

/* A bytes field: digits, or empty (null). */
static void json_bytes(FILE *f, const qtr_field *b)
{
    int digits = b->n > 0;
    for (size_t i = 0; i < b->n; i++)
        digits &= b->s[i] >= '0' && b->s[i] <= '9';
    if (digits)
        fwrite(b->s, 1, b->n, f);
    else
        fputs("null", f);
}

static int is_role(const qtr_field *role, const char *name)
{
    return role->n == strlen(name) && memcmp(role->s, name, role->n) == 0;
}

/* inputs.csv's rows: the config, the files it names (roster, targets, ledger), then the input
 * files; each part of the manifest is opened by the first row after the previous one. */
static int inputs_record(void *ctx, const qtr_record *rec)
{
    inputs_reader *r = ctx;
    if (!r->header) {
        r->header = 1;
        return 0;
    }
    if (rec->nfields != 4) {
        r->st = qtr_error_set(r->err, QTR_ERR_PARSE, r->path, rec->line, 0, "expected role,path,bytes,sha256");
        return 1;
    }
    const qtr_field *role = &rec->fields[0], *path = &rec->fields[1];
    int config = is_role(role, "config"), input = is_role(role, "input");
    if (config != (r->part == 0)) {
        r->st = qtr_error_set(r->err, QTR_ERR_PARSE, r->path, rec->line, 0,
                              config ? "a second config row" : "expected the config first");
        return 1;
    }
    if (!config && input && r->part == 1) {
        fputs(r->nitems ? "\n  ],\n  \"inputs\": [" : "],\n  \"inputs\": [", r->out);
        r->part = 2;
        r->nitems = 0;
    }
    if (!config)
        fputs(r->nitems++ ? ",\n    " : "\n    ", r->out);
    fputs("{", r->out);
    if (r->part == 1) {
        fputs("\"role\": ", r->out);
        json_str(r->out, role->s, role->n);
        fputs(", ", r->out);
    }
    fputs("\"path\": ", r->out);
    /* the name itself: inputs.csv guards one that starts like a formula with a quote */
    size_t skip = path->n && path->s[0] == '\'' ? 1 : 0;
    json_str(r->out, path->s + skip, path->n - skip);
    fputs(", \"bytes\": ", r->out);
    json_bytes(r->out, &rec->fields[2]);
    fputs(", \"sha256\": ", r->out);
    json_str(r->out, rec->fields[3].s, rec->fields[3].n);
    fputs("}", r->out);
    if (config) {
        fputs(",\n  \"plan_files\": [", r->out);
        r->part = 1;
    }
    return 0;
}

static int inputs_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n, const char *reason)
{
    inputs_reader *r = ctx;
    (void)end_line;
    (void)raw;
    (void)raw_n;
    r->st = qtr_error_set(r->err, QTR_ERR_PARSE, r->path, line, 0, "%s", reason);
    return 1;
}

static qtr_status write_inputs(FILE *f, const char *path, qtr_error *err)
{
    inputs_reader r = {f, path, err, QTR_OK, 0, 0, 0};
    long bad = 0;
    fputs("  \"config\": ", f);
    qtr_status st = qtr_csv_read_file(path, inputs_record, inputs_error, &r, &bad);
    if (st != QTR_OK && r.st == QTR_OK)
        return qtr_error_set(err, st == QTR_ERR_DECODE ? QTR_ERR_PARSE : st, path, bad, 0, "cannot read");
    if (r.st != QTR_OK)
        return r.st;
    if (r.part == 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "no config row");
    if (r.part == 1) /* no input file */
        fputs(r.nitems ? "\n  ],\n  \"inputs\": [" : "],\n  \"inputs\": [", f);
    fputs("\n  ],\n", f);
    return QTR_OK;
}

/* ---------------------------------------------------------------- stages and counts */

static int stage_order(const char *name)
{
    static const char *const order[] = {"ingest", "compare", "workbook", "charts"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, order[i]) == 0)
            return i;
    return 4;
}

static qtr_status write_stages(FILE *f, const char *path, qtr_error *err)
{
    FILE *t = fopen(path, "r");
    if (!t)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot read");
    char lines[8][160];
    int n = 0;
    while (n < 8 && fgets(lines[n], sizeof lines[n], t))
        n++;
    fclose(t);
    fputs("  \"stages\": [", f);
    int first = 1;
    for (int want = 0; want <= 4; want++)
        for (int i = 0; i < n; i++) {
            char name[32], secs[32];
            int rc;
            char *line = lines[i];
            size_t a = strcspn(line, " ");
            if (a == 0 || a >= sizeof name)
                continue;
            memcpy(name, line, a);
            name[a] = '\0';
            char *s = line + a + strspn(line + a, " ");
            size_t b = strcspn(s, " ");
            if (b == 0 || b >= sizeof secs)
                continue;
            memcpy(secs, s, b);
            secs[b] = '\0';
            char *end;
            errno = 0;
            long v = strtol(s + b, &end, 10);
            if (errno || end == s + b || stage_order(name) != want || strspn(secs, "0123456789.") != b)
                continue;
            rc = (int)v;
            fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
            json_cstr(f, name);
            fprintf(f, ", \"seconds\": %s, \"exit\": %d}", secs, rc);
            first = 0;
        }
    fputs("\n  ],\n", f);
    return QTR_OK;
}

static long count_of(const char *path, const char *key)
{
    char v[32], *end;
    if (qtr_summary_get(path, key, v, sizeof v) != 0)
        return 0;
    long n = strtol(v, &end, 10);
    return *end ? 0 : n;
}

static long data_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    long n = 0;
    int c, last = '\n';
    while ((c = getc(f)) != EOF) {
        n += c == '\n';
        last = c;
    }
    fclose(f);
    return n - 1 + (last != '\n');
}

/* ---------------------------------------------------------------- outputs */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "outputs": every file the report publishes (the staging folder's, but manifest.json itself
 * and hidden temporaries), by name, with its size: the report's own list of its parts. */
/* The names in folder dir but hidden ones and manifest.json, sorted: *names (owned), *n. */
static qtr_status list_names(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return QTR_ERR_OPEN;
    size_t cap = 0;
    qtr_status st = QTR_OK;
    for (struct dirent *e; st == QTR_OK && (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "manifest.json") == 0)
            continue;
        if (*n == cap) {
            char **v = realloc(*names, (cap = cap ? 2 * cap : 32) * sizeof *v);
            if (!v) {
                st = QTR_ERR_NOMEM;
                break;
            }
            *names = v;
        }
        if (!((*names)[*n] = strdup(e->d_name)))
            st = QTR_ERR_NOMEM;
        else
            (*n)++;
    }
    closedir(d);
    if (st == QTR_OK && *n)
        qsort(*names, *n, sizeof **names, name_cmp);
    return st;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Lists the regular files of stage/prefix (prefix "" or a subfolder's name, such as districts),
 * by name; a subfolder of the staging folder itself is listed in its place, one level deep. */
static qtr_status list_files(FILE *f, const char *stage, const char *prefix, int *first)
{
    char dir[4096];
    if ((size_t)snprintf(dir, sizeof dir, "%s%s%s", stage, prefix[0] ? "/" : "", prefix) >= sizeof dir)
        return QTR_ERR_OPEN;
    char **names;
    size_t n;
    qtr_status st = list_names(dir, &names, &n);
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        char path[4096], rel[4096];
        struct stat sb;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path ||
            (size_t)snprintf(rel, sizeof rel, "%s%s%s", prefix, prefix[0] ? "/" : "", names[i]) >= sizeof rel ||
            stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) && !prefix[0]) {
            st = list_files(f, stage, names[i], first);
            continue;
        }
        if (!S_ISREG(sb.st_mode))
            continue;
        fprintf(f, "%s\n    {\"path\": ", *first ? "" : ",");
        *first = 0;
        json_cstr(f, rel);
        fprintf(f, ", \"bytes\": %lld}", (long long)sb.st_size);
    }
    free_names(names, n);
    return st;
}

/* "outputs": every file the report publishes (the staging folder's, and those of its
 * subfolders such as districts/, but manifest.json itself and hidden temporaries), by name,
 * with its size: the report's own list of its parts. */
static qtr_status write_outputs(FILE *f, const char *stage, qtr_error *err)
{
    fputs("  \"outputs\": [", f);
    int first = 1;
    qtr_status st = list_files(f, stage, "", &first);
    fputs("\n  ]\n", f);
    if (st == QTR_ERR_OPEN)
        return qtr_error_set(err, QTR_ERR_OPEN, stage, 0, 0, "cannot read the folder");
    return st == QTR_OK ? QTR_OK : qtr_error_set(err, st, stage, 0, 0, "out of memory");
}

/* ---------------------------------------------------------------- the file */

qtr_status qtr_manifest_write(const qtr_manifest_in *in, qtr_error *err)
{
    char path[4096], tmp[4200], ingest[4096], compare[4096], inputs[4096], progress[4096];
    snprintf(path, sizeof path, "%s/manifest.json", in->stage);
    snprintf(ingest, sizeof ingest, "%s/ingest.txt", in->stage);
    snprintf(compare, sizeof compare, "%s/compare.txt", in->stage);
    snprintf(inputs, sizeof inputs, "%s/inputs.csv", in->stage);
    snprintf(progress, sizeof progress, "%s/progress.csv", in->stage);
    char plan[256], period[16];
    if (qtr_summary_get(compare, "plan", plan, sizeof plan) != 0 ||
        qtr_summary_get(compare, "period", period, sizeof period) != 0)
        return qtr_error_set(err, QTR_ERR_OPEN, compare, 0, 0, "cannot read plan and period");
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create");
    fputs("{\n  \"qtr_version\": ", f);
    json_cstr(f, QTR_VERSION);
    fputs(",\n  \"plan\": ", f);
    json_cstr(f, plan);
    fputs(",\n  \"period\": ", f);
    json_cstr(f, period);
    fputs(",\n  \"report_date\": ", f);
    json_cstr(f, in->report_date);
    fprintf(f, ",\n  \"exit_code\": %ld,\n  \"input_dir\": ", count_of(compare, "exit_code"));
    json_cstr(f, in->input_dir);
    fputs(",\n", f);
    qtr_status st = write_inputs(f, inputs, err);
    if (st == QTR_OK)
        st = write_stages(f, in->times, err);
    if (st != QTR_OK) {
        fclose(f);
        unlink(tmp);
        return st;
    }
    static const char *const ingest_keys[] = {"files", "rows_read", "total_rows", "facts", "errors",
                                              "warnings", "errors_in_scope", "unitless"};
    fputs("  \"counts\": {", f);
    for (size_t k = 0; k < sizeof ingest_keys / sizeof ingest_keys[0]; k++)
        fprintf(f, "%s\"%s\": %ld", k ? ", " : "", ingest_keys[k], count_of(ingest, ingest_keys[k]));
    fprintf(f, ", \"missing_report_rows\": %ld, \"progress_rows\": %ld},\n",
            count_of(compare, "missing_rows"), data_lines(progress));
    if ((st = write_outputs(f, in->stage, err)) != QTR_OK) {
        fclose(f);
        unlink(tmp);
        return st;
    }
    fputs("}\n", f);
    return qtr_commit_file(f, tmp, path, err);
}
