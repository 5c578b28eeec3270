/* main.c — qtr-workbook, stage 3 of the qtr pipeline: progress + facts + rejects (+ quarterly,
 * inputs) -> the analyst .xlsx. Only the command line lives here: options, the library calls
 * (plan.h, wbinput.h, workbook.h), one message on stderr and the sysexits code.
 *
 * Two options are left out of --help, for tests: --facts-budget N (facts.csv rows that 数据
 * lists in full, QTR_WB_FACTS_BUDGET by default) and --big-rows N (数据 rows from which the
 * constant-memory mode is used, QTR_WB_BIG_ROWS by default), so that a small fixture can take
 * the paths of a big input.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "status.h"
#include "wbinput.h"
#include "workbook.h"

#define PROG "qtr-workbook"

static void usage(FILE *out)
{
    fputs("usage: " PROG " --config PLAN.ini --progress progress.csv --facts facts.csv\n"
          "                    --rejects rejects.csv --quarterly quarterly.csv --inputs inputs.csv\n"
          "                    --out FILE.xlsx [--date YYYY-MM-DDTHH:MM:SSZ]\n"
          "\n"
          "Writes the analyst workbook (sheets 汇总, 季度明细, 分单位, 数据, 数据质量, 说明) for the\n"
          "period of progress.csv. The file is written under a temporary name and renamed into\n"
          "place. --date pins the document date (default: the last day of the quarter, 00:00Z);\n"
          "the same input and date give a byte-identical file.\n"
          "\n"
          "exit status: 0 written; 64 bad usage; 65 an input file is malformed; 66 an input file\n"
          "cannot be opened; 73 the output cannot be created; 74 a write failed; 78 bad configuration.\n",
          out);
}

typedef struct {
    const char *config, *out, *date;
    qtr_wb_paths paths;
    size_t facts_budget, big_rows;   /* 0: the defaults */
} options;

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

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},    {"progress", required_argument, NULL, 'p'},
        {"facts", required_argument, NULL, 'f'},     {"rejects", required_argument, NULL, 'r'},
        {"quarterly", required_argument, NULL, 'q'}, {"inputs", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},       {"date", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},            {"facts-budget", required_argument, NULL, 'B'},
        {"big-rows", required_argument, NULL, 'R'},  {NULL, 0, NULL, 0},
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c': o->config = optarg; break;
        case 'p': o->paths.progress = optarg; break;
        case 'f': o->paths.facts = optarg; break;
        case 'r': o->paths.rejects = optarg; break;
        case 'q': o->paths.quarterly = optarg; break;
        case 'i': o->paths.inputs = optarg; break;
        case 'o': o->out = optarg; break;
        case 'd': o->date = optarg; break;
        case 'h': usage(stdout); return 1;
        case 'B':
            if (parse_count(optarg, &o->facts_budget) != 0)
                return -1;
            break;
        case 'R':
            if (parse_count(optarg, &o->big_rows) != 0)
                return -1;
            break;
        default: return -1;
        }
    }
    return 0;
}

static const char *missing_option(const options *o, int argc, int first_operand)
{
    if (first_operand < argc)
        return "unexpected operand";
    const char *names[] = {"--config", "--progress", "--facts", "--rejects", "--quarterly",
                           "--inputs", "--out"};
    const char *values[] = {o->config, o->paths.progress, o->paths.facts, o->paths.rejects,
                            o->paths.quarterly, o->paths.inputs, o->out};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!values[i] || !*values[i])
            return names[i];
    return NULL;
}

static int fail(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, PROG ": %s\n", msg);
    return qtr_exit_code(err->status);
}

static int run(const options *o, time_t date, int have_date)
{
    qtr_error err = {0};
    qtr_plan *plan = NULL;
    qtr_workbook_input *in = NULL;
    qtr_workbook_result res;
    qtr_status st = qtr_plan_load(o->config, &plan, &err);
    if (st == QTR_OK)
        st = qtr_workbook_input_load(plan, &o->paths, o->facts_budget, &in, &err);
    if (st == QTR_OK) {
        in->created = have_date ? date : qtr_wb_quarter_end(in->period);
        in->big_rows = o->big_rows;
        st = qtr_workbook_write(in, o->out, &res, &err);
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
    options o;
    memset(&o, 0, sizeof o);
    int rc = parse_options(argc, argv, &o);
    if (rc > 0)
        return 0;
    const char *missing = rc < 0 ? "bad option" : missing_option(&o, argc, optind);
    if (missing) {
        fprintf(stderr, PROG ": %s%s (see --help)\n", missing, missing[0] == '-' ? " is required" : "");
        return 64;
    }
    time_t date = 0;
    if (o.date && qtr_wb_parse_date(o.date, &date) != 0) {
        fprintf(stderr, PROG ": --date '%s' is not YYYY-MM-DDTHH:MM:SSZ (see --help)\n", o.date);
        return 64;
    }
    return run(&o, date, o.date != NULL);
}
