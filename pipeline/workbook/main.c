/* main.c — qtr-workbook, stage 3 of the qtr pipeline: compare's report (progress, quarterly,
 * summary) + ingest's facts, rejects and inputs -> the analyst .xlsx. Only the command line
 * lives here: options (opts.h), the library calls (plan.h, wbinput.h, workbook.h), one message
 * on stderr and the sysexits code.
 *
 * Two options are left out of --help, for tests: --facts-budget N (facts.csv rows that 数据
 * lists in full, QTR_WB_FACTS_BUDGET by default) and --big-rows N (数据 rows from which the
 * constant-memory mode is used, QTR_WB_BIG_ROWS by default), so that a small fixture can take
 * the paths of a big input.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "heap.h"
#include "opts.h"
#include "period.h"
#include "plan.h"
#include "status.h"
#include "wbinput.h"
#include "workbook.h"

#define PROG "qtr-workbook"

static void usage(FILE *out)
{
    fputs("usage: " PROG " --config PLAN.ini --progress progress.csv --quarterly quarterly.csv\n"
          "                    --summary compare.txt --facts facts.csv --rejects rejects.csv\n"
          "                    --inputs inputs.csv --out FILE.xlsx [--date YYYY-MM-DDTHH:MM:SSZ]\n"
          "                    [--tasks tasks.csv] [--districts DIR]\n"
          "\n"
          "Writes the analyst workbook (sheets 汇总, 季度明细, 分单位, [任务台账,] 数据, 数据质量,\n"
          "说明) of the report qtr-compare wrote (progress.csv, quarterly.csv, compare.txt),\n"
          "with the facts, rejects and inputs of qtr-ingest. The file is written under a\n"
          "temporary name and "
          "renamed into place. --date pins the document date (default: the last day of the\n"
          "quarter, 00:00Z); the same input and date give a byte-identical file.\n"
          "--tasks: the task ledger's quarter (qtr-compare's tasks.csv) for the sheet 任务台账,\n"
          "when the plan has a ledger ([tasks] file); ignored otherwise.\n"
          "--districts DIR: also writes DIR/<unit>.xlsx for every roster unit (the folder is\n"
          "created): its 整改清单 (its rows of rejects.csv) and its figures (本单位指标);\n"
          "not when the plan's [report] unit_files says none (auto: rosters up to 200 units).\n"
          "--period YYYYQn: the quarter of the report, known before compare's files are there:\n"
          "facts.csv is read for it first (compare's summary must then be of that quarter).\n"
          "--go-fd N (with --period; run.sh): reads ingest's files and writes the sheet 数据\n"
          "while qtr-compare runs, then waits for the line \"go\" on file descriptor N before\n"
          "it reads compare's files; if N ends without it, nothing is written (exit 75).\n"
          "\n"
          "exit status: 0 written; 64 bad usage; 65 an input file is malformed; 66 an input file\n"
          "cannot be opened; 73 the output cannot be created; 74 a write failed; 75 called off\n"
          "(--go-fd); 78 bad configuration.\n",
          out);
}

/* A count for a hidden test option: 1..10^9. Returns 0, or -1 when it is not one. */
static int parse_count(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || s[0] == '-' || v < 1 || v > 1000000000ull)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int fail(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, PROG ": %s\n", msg);
    return qtr_exit_code(err->status);
}

/* --go-fd: 1 when fd gives the line "go" (with its newline), 0 when it gives anything else or
 * ends (or fails) first. */
static int told_to_go(int fd)
{
    char line[4];
    size_t n = 0;
    while (n < sizeof line) {
        ssize_t k = read(fd, line + n, 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        if (line[n++] == '\n')
            break;
    }
    return n == 3 && memcmp(line, "go\n", 3) == 0;
}

typedef struct {
    const char *config, *out, *districts;
    const time_t *date;
    size_t facts_budget, big_rows;
    qtr_period period;  /* QTR_PERIOD_NONE: from compare's summary */
    int go_fd;          /* -1: none */
} run_options;

#define CALLED_OFF 75 /* --go-fd ended without "go": the run was called off */

/* Ingest's files and 数据 first, then (after "go" when asked to wait) the report and the rest. */
static qtr_status write_report(const run_options *o, const qtr_plan *plan, const qtr_wb_paths *paths,
                               qtr_workbook_input **in, qtr_workbook_result *res, int *called_off,
                               qtr_error *err)
{
    qtr_status st = qtr_workbook_input_load_ingest(plan, paths, o->period, o->facts_budget, in, err);
    if (st != QTR_OK)
        return st;
    (*in)->created = o->date ? *o->date : qtr_period_end_time(o->period);
    (*in)->big_rows = o->big_rows;
    qtr_workbook_job *job;
    st = qtr_workbook_start(*in, o->out, res, &job, err);
    if (st != QTR_OK)
        return st;
    if (o->go_fd >= 0 && !told_to_go(o->go_fd)) {
        qtr_workbook_job_free(job);
        *called_off = 1;
        return QTR_OK;
    }
    st = qtr_workbook_input_load_report(*in, err);
    if (st != QTR_OK) {
        qtr_workbook_job_free(job);
        return st;
    }
    return qtr_workbook_finish(job);
}

#define WB_HEAP_KEEP_UNITS 5000

static int run(const run_options *o, const qtr_wb_paths *paths)
{
    qtr_error err = {0};
    qtr_plan *plan = NULL;
    qtr_workbook_input *in = NULL;
    qtr_workbook_result res;
    memset(&res, 0, sizeof res);
    qtr_status st = qtr_plan_load(o->config, &plan, &err);
    /* the heap keeps what it frees and grows in big steps (heap.h), which run.sh's
     * glibc.malloc.hugetlb=1 backs with huge pages: the report's rows, the facts' sort and the
     * formula index no longer fault in 4 KiB at a time (8,200 -> 600-900 page faults, the
     * stage 0.59 -> 0.44 s on the reference's 3000 x 10 inputs; bench/gains.md). Up to
     * WB_HEAP_KEEP_UNITS units: at 10,000 it lifted the stage's peak on the reference's inputs
     * from 80 to 89 MB, too near the 100 MB it must stay under. */
    if (st == QTR_OK && plan->nunits <= WB_HEAP_KEEP_UNITS)
        qtr_heap_keep();
    if (st == QTR_OK && o->period != QTR_PERIOD_NONE) {
        int called_off = 0;
        st = write_report(o, plan, paths, &in, &res, &called_off, &err);
        if (called_off) { /* quietly: the caller has given up on this run */
            qtr_workbook_input_free(in);
            qtr_plan_free(plan);
            return CALLED_OFF;
        }
    } else if (st == QTR_OK) {
        st = qtr_workbook_input_load(plan, paths, o->facts_budget, &in, &err);
        if (st == QTR_OK) {
            in->created = o->date ? *o->date : qtr_period_end_time(in->period);
            in->big_rows = o->big_rows;
            st = qtr_workbook_write(in, o->out, &res, &err);
        }
    }
    if (st == QTR_OK && o->districts && plan->unit_files) { /* [report] unit_files */
        if (mkdir(o->districts, 0777) != 0 && errno != EEXIST)
            st = qtr_error_set(&err, QTR_ERR_CREATE, o->districts, 0, 0, "cannot create the folder: %s", strerror(errno));
        if (st == QTR_OK)
            st = qtr_workbook_write_districts(in, o->districts, &err);
    }
    /* a 数据 limited to the report's quarters is by design (the workbook says so on three
     * sheets): quiet, as cron wants; facts lost to Excel's row limit are worth a warning */
    if (st == QTR_OK && res.facts_written < res.facts_listed)
        fprintf(stderr, PROG ": %s: warning: %zu facts beyond Excel's row limit are not on sheet "
                "数据 (facts.csv holds them; the workbook says so)\n", o->out,
                res.facts_listed - res.facts_written);
    qtr_workbook_input_free(in);
    qtr_plan_free(plan);
    return st == QTR_OK ? 0 : fail(&err);
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    const char *config = NULL, *out = NULL, *date_arg = NULL, *budget_arg = NULL, *big_arg = NULL,
               *districts = NULL, *period_arg = NULL, *go_arg = NULL;
    qtr_wb_paths paths;
    memset(&paths, 0, sizeof paths);
    const qtr_opt opts[] = {
        {"config", &config, NULL, 1},            {"progress", &paths.progress, NULL, 1},
        {"quarterly", &paths.quarterly, NULL, 1}, {"summary", &paths.summary, NULL, 1},
        {"facts", &paths.facts, NULL, 1},        {"rejects", &paths.rejects, NULL, 1},
        {"inputs", &paths.inputs, NULL, 1},      {"out", &out, NULL, 1},
        {"date", &date_arg, NULL, 0},            {"facts-budget", &budget_arg, NULL, 0},
        {"big-rows", &big_arg, NULL, 0},         {"tasks", &paths.tasks, NULL, 0},
        {"districts", &districts, NULL, 0},      {"period", &period_arg, NULL, 0},
        {"go-fd", &go_arg, NULL, 0},
    };
    int first;
    switch (qtr_opts_parse(PROG, argc, argv, opts, sizeof opts / sizeof opts[0], 0, &first)) {
    case QTR_OPTS_OK: break;
    case QTR_OPTS_HELP: usage(stdout); return 0;
    case QTR_OPTS_USAGE: return 64;
    }
    time_t date = 0;
    size_t facts_budget = 0, big_rows = 0;
    if (date_arg && qtr_date_parse(date_arg, &date) != 0)
        return qtr_opts_usage_error(PROG, "--date is not YYYY-MM-DDTHH:MM:SSZ (a real UTC time)");
    if (budget_arg && parse_count(budget_arg, &facts_budget) != 0)
        return qtr_opts_usage_error(PROG, "--facts-budget is not a count from 1 to 10^9");
    if (big_arg && parse_count(big_arg, &big_rows) != 0)
        return qtr_opts_usage_error(PROG, "--big-rows is not a count from 1 to 10^9");
    run_options ro = {config, out, districts, date_arg ? &date : NULL, facts_budget, big_rows,
                      QTR_PERIOD_NONE, -1};
    if (period_arg) {
        ro.period = qtr_period_parse(period_arg, strlen(period_arg));
        if (ro.period == QTR_PERIOD_NONE)
            return qtr_opts_usage_error(PROG, "--period is not a quarter YYYYQn");
    }
    if (go_arg) {
        char *end;
        errno = 0;
        long fd = strtol(go_arg, &end, 10);
        if (!period_arg)
            return qtr_opts_usage_error(PROG, "--go-fd needs --period");
        if (end == go_arg || *end || errno || fd < 0 || fd > INT_MAX || fcntl((int)fd, F_GETFD) < 0)
            return qtr_opts_usage_error(PROG, "--go-fd is not an open file descriptor");
        ro.go_fd = (int)fd;
    }
    return run(&ro, &paths);
}
