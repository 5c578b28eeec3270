/* qtr-ingest — stage 1 of the quarterly job: reads the districts' CSV files (every *.csv under
 * --input, or the files named) and writes facts.csv and rejects.csv. Options and exit codes only;
 * the work is in pipeline/ingest/ingest*.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "csvw.h"
#include "decode.h"
#include "heap.h"
#include "sha256.h"
#include "ingest.h"
#include "opts.h"
#include "plan.h"
#include "scan.h"
#include "template.h"

#define MAX_STDERR_ERRORS 50
#define PROG "qtr-ingest"

static int die(const qtr_error *err);

static void usage(FILE *f)
{
    fprintf(f,
            "usage: qtr-ingest --config PLAN.ini --facts facts.csv --rejects rejects.csv\n"
            "                  [--input DIR] [--skip DIR] [--period YYYYQn] [--summary FILE]\n"
            "                  [--inputs FILE] [--task-facts FILE] [FILE...]\n"
            "       qtr-ingest --config PLAN.ini --check-config [--print-run]\n"
            "       qtr-ingest --config PLAN.ini --template DIR [--period YYYYQn]\n"
            "                  [--input DIR] [--skip DIR] [FILE...]\n"
            "Reads every *.csv under DIR (recursively) and the FILEs named, checks them against\n"
            "the plan and writes normalised facts and rejected input (docs/formats.md).\n"
            "--skip DIR: a folder never read, with one warning when it lies inside the input\n"
            "folder (run.sh passes its output folder; when it is the input folder itself, the\n"
            "published reports in it are skipped). What is not read and why (lock files, links\n"
            "leaving the input folder, folders that cannot be opened, files over [input]\n"
            "max_file_mb) is listed in rejects.csv (docs/input.md).\n"
            "Without --period the latest quarter of the plan's horizon with data is chosen.\n"
            "--check-config only loads and checks the plan (exit 0 or 78); --print-run also\n"
            "prints plan=ID, input_dir= and output_dir= (the [run] folders, resolved against the\n"
            "config file's folder; empty when not set).\n"
            "--inputs writes role,path,bytes,sha256 of the config and of every input file.\n"
            "--task-facts writes the task statuses read (task_facts.csv) when the plan has a\n"
            "task ledger ([tasks] file).\n"
            "--template DIR writes the districts' fill-in template of the quarter into DIR\n"
            "(<plan-id>-<YYYYQn>-填报模板.csv, UTF-8 with BOM, and -填报说明.txt) and prints their\n"
            "paths; without --period the quarter is the one the input would report (it is read,\n"
            "nothing else is written). The baseline quarter (Q4 before the horizon) is allowed.\n"
            "Exit: 0 ok, 64 usage, 65 no value of the quarter accepted, 66 input cannot be\n"
            "opened, 73 output cannot be created, 74 write failed, 78 bad configuration.\n");
}

static int die(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, "qtr-ingest: %s\n", msg);
    return qtr_exit_code(err->status);
}

static void print_errors(const qtr_ingest *ing)
{
    long shown = 0, total = 0;
    for (size_t i = 0; i < ing->nrejects; i++) {
        const qtr_reject *r = &ing->rejects[i];
        if (r->severity != QTR_SEV_ERROR)
            continue;
        if (++total > MAX_STDERR_ERRORS)
            continue;
        shown++;
        const char *src = r->source >= 0 ? ing->sources[r->source] : "(input)";
        if (r->line > 0 && r->column > 0)
            fprintf(stderr, "%s:%ld:%ld: ", src, r->line, r->column);
        else if (r->line > 0)
            fprintf(stderr, "%s:%ld: ", src, r->line);
        else
            fprintf(stderr, "%s: ", src);
        if (r->column_name[0] && r->column > 0)
            fprintf(stderr, "%s ", r->column_name);
        if (r->raw[0] && r->column > 0)
            fprintf(stderr, "'%s': ", r->raw);
        fprintf(stderr, "%s\n", r->reason);
    }
    if (total > shown)
        fprintf(stderr, "... and %ld more errors (see rejects.csv)\n", total - shown);
}

/* The config and each input file with size and sha256 (for the manifest and the workbook's
 * 说明 sheet), and the newest modification time among them (the report's date). */
typedef struct {
    const char *config;
    const qtr_plan *plan;       /* the files the config names: plan->files */
    const char *input_dir;
    const qtr_scan_list *files; /* relative to input_dir: the entries of kind QTR_SCAN_FILE */
    char **extra;               /* files named on the command line */
    int nextra;
    const qtr_file_digest *digest; /* of files then extra, as read by ingest (NULL: none) */
    long long newest;           /* seconds since the epoch */
} input_list;

static void newer(input_list *in, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && (long long)sb.st_mtime > in->newest)
        in->newest = (long long)sb.st_mtime;
}

/* dg: the digest of the bytes ingest read; NULL to read the file now (the config) */
static void input_row(qtr_csvw *w, const char *role, const char *path, const char *shown,
                      const qtr_file_digest *dg)
{
    qtr_file_digest now = {0};
    if (!dg) {
        now.ok = qtr_sha256_file(path, now.sha256, &now.size) == QTR_OK;
        dg = &now;
    }
    char *name = qtr_display_name(shown);
    qtr_csvw_str(w, role);
    qtr_csvw_text(w, name ? name : ""); /* a file name: never a formula in Excel */
    if (dg->ok) {
        qtr_csvw_long(w, (long)dg->size);
        qtr_csvw_str(w, dg->sha256);
    } else { /* unreadable: ingest has a reject for it */
        qtr_csvw_str(w, "");
        qtr_csvw_str(w, "");
    }
    qtr_csvw_end_row(w);
    free(name);
}

static void collect_newest(input_list *in)
{
    newer(in, in->config);
    for (size_t i = 0; i < in->plan->nfiles; i++)
        newer(in, in->plan->files[i].path);
    for (size_t i = 0; i < in->files->n; i++) {
        if (in->files->v[i].kind != QTR_SCAN_FILE)
            continue;
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", in->input_dir, in->files->v[i].rel);
        newer(in, full);
    }
    for (int i = 0; i < in->nextra; i++)
        newer(in, in->extra[i]);
}

static qtr_status write_inputs(input_list *in, const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err->status;
    qtr_csvw_header(w, "role,path,bytes,sha256");
    input_row(w, "config", in->config, in->config, NULL);
    for (size_t i = 0; i < in->plan->nfiles; i++) /* read again: the loader keeps no digest */
        input_row(w, in->plan->files[i].role, in->plan->files[i].path, in->plan->files[i].path, NULL);
    size_t k = 0;
    for (size_t i = 0; i < in->files->n; i++) {
        if (in->files->v[i].kind != QTR_SCAN_FILE)
            continue;
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", in->input_dir, in->files->v[i].rel);
        input_row(w, "input", full, in->files->v[i].rel, in->digest ? &in->digest[k] : NULL);
        k++;
    }
    for (int i = 0; i < in->nextra; i++, k++)
        input_row(w, "input", in->extra[i], in->extra[i], in->digest ? &in->digest[k] : NULL);
    return qtr_csvw_commit(w, err);
}

static qtr_status write_summary(const qtr_ingest *ing, const char *path, long long newest,
                                qtr_error *err)
{
    char tmp[4096], per[8];
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create");
    fprintf(f, "plan=%s\n", ing->plan->id);
    fprintf(f, "period=%s\n", qtr_period_format(ing->period, per));
    fprintf(f, "files=%zu\n", ing->nsources - ing->nnotes);
    fprintf(f, "rows_read=%ld\n", ing->rows_read);
    fprintf(f, "total_rows=%ld\n", ing->total_rows);
    fprintf(f, "facts=%ld\n", ing->kept);
    fprintf(f, "errors=%ld\n", qtr_ingest_count(ing, QTR_SEV_ERROR));
    fprintf(f, "warnings=%ld\n", qtr_ingest_count(ing, QTR_SEV_WARNING));
    fprintf(f, "errors_in_scope=%ld\n", qtr_ingest_errors_in_scope(ing));
    fprintf(f, "unitless=%ld\n", qtr_ingest_unitless(ing));
    fprintf(f, "newest_mtime=%lld\n", newest);
    return qtr_commit_file(f, tmp, path, err);
}

/* --check-config [--print-run]: loads the plan (exit 0, or 78 naming file, section and key);
 * --print-run also prints what run.sh needs of it, as key=value lines: the plan id and the
 * [run] folders resolved against the config's folder (empty when not set). */
static int check_config(const char *config, int print_run)
{
    qtr_error err = {0};
    qtr_plan *plan;
    if (qtr_plan_load(config, &plan, &err) != QTR_OK)
        return die(&err);
    int code = 0;
    if (print_run) {
        static const char *const keys[] = {"input_dir", "output_dir"};
        printf("plan=%s\n", plan->id);
        for (size_t k = 0; k < 2; k++) {
            char dir[4096];
            int r = qtr_plan_run_dir(plan, keys[k], dir, sizeof dir);
            if (r < 0) {
                qtr_error_set(&err, QTR_ERR_CONFIG, config, 0, 0, "path too long");
                snprintf(err.section, sizeof err.section, "run");
                snprintf(err.key, sizeof err.key, "%s", keys[k]);
                code = die(&err);
                break;
            }
            printf("%s=%s\n", keys[k], r == 0 ? dir : "");
        }
        if (code == 0 && (fflush(stdout) != 0 || ferror(stdout)))
            code = 74;
    }
    qtr_plan_free(plan);
    return code;
}

/* --template DIR: the fill-in template of the requested quarter, or of the one the input
 * would report (read as a run reads it, writing nothing else). */
static int template_main(qtr_plan *plan, const char *dir, qtr_period requested, const char *input,
                         const char *skip, char **files, int nfiles)
{
    qtr_error err = {0};
    qtr_period p = requested;
    if (p != QTR_PERIOD_NONE && (p < qtr_plan_base_period(plan) ||
                                 qtr_period_year(p) > plan->end_year)) {
        char per[8];
        fprintf(stderr, "qtr-ingest: --period %s is outside the plan's horizon %d-%d (or its "
                "baseline quarter)\n", qtr_period_format(p, per), plan->start_year, plan->end_year);
        return 64;
    }
    if (p == QTR_PERIOD_NONE) {
        qtr_scan_list list = {0};
        qtr_ingest *ing = NULL;
        qtr_status st = input ? qtr_scan(input, &skip, skip ? 1 : 0, &list, &err) : QTR_OK;
        if (st == QTR_OK && !(ing = qtr_ingest_new(plan)))
            st = qtr_error_set(&err, QTR_ERR_NOMEM, "", 0, 0, "out of memory");
        for (size_t i = 0; st == QTR_OK && i < list.n; i++) {
            const qtr_scan_entry *e = &list.v[i];
            char path[8192];
            qtr_file_id id = {e->dev, e->ino};
            snprintf(path, sizeof path, "%s/%s", input, e->rel);
            if (e->kind == QTR_SCAN_FILE && (st = qtr_ingest_file_as(ing, path, e->rel, &id, NULL)) != QTR_OK)
                qtr_error_set(&err, st, path, 0, 0, "%s", qtr_strerror(st));
        }
        for (int i = 0; st == QTR_OK && i < nfiles; i++)
            if ((st = qtr_ingest_file(ing, files[i], files[i])) != QTR_OK)
                qtr_error_set(&err, st, files[i], 0, 0, "%s", qtr_strerror(st));
        if (st == QTR_OK)
            st = qtr_ingest_finish(ing, QTR_PERIOD_NONE, NULL, &err);
        p = ing ? ing->period : QTR_PERIOD_NONE;
        qtr_ingest_free(ing);
        qtr_scan_free(&list);
        if (st != QTR_OK)
            return die(&err);
    }
    char csv[8192], notes[8192];
    if (qtr_template_paths(plan, p, dir, csv, sizeof csv, notes, sizeof notes) != 0) {
        qtr_error_set(&err, QTR_ERR_CREATE, dir, 0, 0, "path too long");
        return die(&err);
    }
    if (qtr_template_write(plan, p, csv, notes, &err) != QTR_OK)
        return die(&err);
    printf("%s\n%s\n", csv, notes);
    return fflush(stdout) != 0 || ferror(stdout) ? 74 : 0;
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    /* the heap keeps what it frees: the year buckets are freed at each spill and regrown,
     * 16,000 page faults instead of 5,500 at 3000 units x 10 years (heap.h) */
    qtr_heap_keep();
    const char *config = NULL, *input = NULL, *facts = NULL, *rejects = NULL, *period = NULL,
               *summary = NULL, *inputs = NULL, *skip = NULL, *task_facts = NULL, *tmpl = NULL;
    int check_only = 0, print_run = 0;
    const qtr_opt opts[] = {
        {"config", &config, NULL, 1},        {"input", &input, NULL, 0},
        {"facts", &facts, NULL, 0},          {"rejects", &rejects, NULL, 0},
        {"period", &period, NULL, 0},        {"summary", &summary, NULL, 0},
        {"inputs", &inputs, NULL, 0},        {"check-config", NULL, &check_only, 0},
        {"print-run", NULL, &print_run, 0},  {"skip", &skip, NULL, 0},
        {"task-facts", &task_facts, NULL, 0},
        {"template", &tmpl, NULL, 0},
    };
    int optind;
    switch (qtr_opts_parse(PROG, argc, argv, opts, sizeof opts / sizeof opts[0], 1 << 30, &optind)) {
    case QTR_OPTS_OK: break;
    case QTR_OPTS_HELP: usage(stdout); return 0;
    case QTR_OPTS_USAGE: return 64;
    }
    if (check_only || print_run) {
        if (optind < argc || input || facts || rejects || period || summary || inputs || skip ||
            task_facts || tmpl)
            return qtr_opts_usage_error(PROG, "--check-config and --print-run take only --config");
        return check_config(config, print_run);
    }
    if (tmpl && (facts || rejects || summary || inputs || task_facts))
        return qtr_opts_usage_error(PROG, "--template takes --period, --input, --skip and files only");
    if (tmpl && !period && !input && optind >= argc)
        return qtr_opts_usage_error(PROG, "--template needs --period, or the input (--input or "
                                          "files) to choose the quarter from");
    if (!tmpl && (!facts || !rejects || (!input && optind >= argc)))
        return qtr_opts_usage_error(PROG, "--facts, --rejects and --input (or files) are required");
    qtr_error err = {0};
    qtr_period requested = QTR_PERIOD_NONE;
    if (period && (requested = qtr_period_parse(period, strlen(period))) == QTR_PERIOD_NONE) {
        return qtr_opts_usage_error(PROG, "--period is not a quarter such as 2025Q3");
    }
    qtr_plan *plan;
    if (qtr_plan_load(config, &plan, &err) != QTR_OK)
        return die(&err);
    if (tmpl) {
        int code = template_main(plan, tmpl, requested, input, skip, argv + optind, argc - optind);
        qtr_plan_free(plan);
        return code;
    }
    qtr_scan_list files = {0};
    qtr_status st = input ? qtr_scan(input, &skip, skip ? 1 : 0, &files, &err) : QTR_OK;
    qtr_ingest *ing = st == QTR_OK ? qtr_ingest_new(plan) : NULL;
    if (st == QTR_OK && !ing)
        st = qtr_error_set(&err, QTR_ERR_NOMEM, "", 0, 0, "out of memory");
    /* the digest of each file's bytes as read, for inputs.csv */
    size_t ndigest = files.nfiles + (size_t)(argc - optind);
    qtr_file_digest *digest = calloc(ndigest ? ndigest : 1, sizeof *digest);
    if (st == QTR_OK && !digest)
        st = qtr_error_set(&err, QTR_ERR_NOMEM, "", 0, 0, "out of memory");
    /* files and findings of the scan in path order: rejects.csv lists them in this order */
    for (size_t i = 0, k = 0; st == QTR_OK && i < files.n; i++) {
        const qtr_scan_entry *e = &files.v[i];
        if (e->kind != QTR_SCAN_FILE) {
            if ((st = qtr_ingest_note_path(ing, e->rel, e->kind == QTR_SCAN_ERROR ? QTR_SEV_ERROR
                                                                                   : QTR_SEV_WARNING,
                                           e->code, e->reason)) != QTR_OK)
                qtr_error_set(&err, st, e->rel, 0, 0, "%s", qtr_strerror(st));
            continue;
        }
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", input, e->rel);
        qtr_file_id id = {e->dev, e->ino};
        if ((st = qtr_ingest_file_as(ing, path, e->rel, &id, &digest[k++])) != QTR_OK)
            qtr_error_set(&err, st, path, 0, 0, "%s", qtr_strerror(st));
    }
    for (int i = optind; st == QTR_OK && i < argc; i++)
        if ((st = qtr_ingest_file_digest(ing, argv[i], argv[i],
                                         &digest[files.nfiles + (size_t)(i - optind)])) != QTR_OK)
            qtr_error_set(&err, st, argv[i], 0, 0, "%s", qtr_strerror(st));
    qtr_status fin = QTR_OK;
    if (st == QTR_OK) {
        fin = qtr_ingest_finish(ing, requested, facts, &err);
        if (fin != QTR_OK && fin != QTR_ERR_NODATA && fin != QTR_ERR_USAGE)
            st = fin;
    }
    if (st == QTR_OK) /* the task statuses: their duplicates are rejects too */
        st = qtr_ingest_tasks_finish(ing, task_facts, &err);
    /* facts and rejects are written even when the quarter has no data: they say why */
    input_list in = {config, plan, input, &files, argv + optind, argc - optind, digest, 0};
    collect_newest(&in);
    if (st == QTR_OK && (st = qtr_ingest_write_rejects(ing, rejects, &err)) == QTR_OK && inputs)
        st = write_inputs(&in, inputs, &err);
    if (st == QTR_OK && summary && fin == QTR_OK)
        st = write_summary(ing, summary, in.newest, &err);
    if (ing && st == QTR_OK)
        print_errors(ing);
    int code = 0;
    if (st != QTR_OK)
        code = die(&err);
    else if (fin != QTR_OK)
        code = die(&err);
    qtr_ingest_free(ing);
    free(digest);
    qtr_scan_free(&files);
    qtr_plan_free(plan);
    return code;
}
