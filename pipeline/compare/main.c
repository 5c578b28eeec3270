/* qtr-compare — stage 2 of the quarterly job: plan + facts.csv -> the report of one quarter
 * (progress.csv, quarterly.csv, compare.txt; docs/formats.md). Options and exit codes only:
 * the formulas are in pipeline/core/progress.c, the report model in report.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "briefing.h"
#include "facts_io.h"
#include "ledger_io.h"
#include "heap.h"
#include "opts.h"
#include "plan.h"
#include "report_io.h"

#define PROG "qtr-compare"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: qtr-compare --config PLAN.ini --facts facts.csv --progress progress.csv\n"
            "                   [--quarterly quarterly.csv] [--summary compare.txt]\n"
            "                   [--ingest-summary ingest.txt] [--briefing briefing.txt]\n"
            "                   [--period YYYYQn] [--task-facts task_facts.csv --tasks tasks.csv]\n"
            "Compares the facts with the plan's targets for one quarter (default: the latest\n"
            "quarter of the plan's horizon with data) and writes the report: progress.csv, the\n"
            "region's and units' trends (quarterly.csv), the summary (compare.txt: headline,\n"
            "missing reports, the input's counts from ingest's summary) and the briefing in\n"
            "words (briefing.txt: 文字通报). See docs/formats.md.\n"
            "When the plan has a task ledger ([tasks] file), --task-facts (ingest's statuses)\n"
            "and --tasks judge its tasks for the quarter: tasks.csv and the summary's counts.\n"
            "Exit: 0 ok, 64 usage, 65 no value of the quarter / malformed facts, 66 facts cannot\n"
            "be opened, 73 output cannot be created, 74 write failed, 78 bad configuration.\n");
}

static int die(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, PROG ": %s\n", msg);
    return qtr_exit_code(err->status);
}

/* The task ledger's quarter (ledger.h) from ingest's statuses, into the report. */
static qtr_status judge_tasks(qtr_report *report, const char *task_facts, qtr_error *err)
{
    const qtr_ledger *l = report->plan->ledger;
    qtr_task_fact *facts;
    size_t n;
    qtr_status st = qtr_task_facts_read(l, task_facts, &facts, &n, err);
    if (st != QTR_OK)
        return st;
    qtr_task_report *t = qtr_ledger_judge(l, report->period, facts, n);
    qtr_task_facts_free(facts, n);
    if (!t || qtr_report_set_tasks(report, t) != QTR_OK)
        return qtr_error_set(err, QTR_ERR_NOMEM, task_facts, 0, 0, "out of memory");
    return QTR_OK;
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    /* the heap keeps what it frees and grows in big steps (heap.h), backed by huge pages under
     * run.sh's glibc.malloc.hugetlb=1: 2,040 -> 410-560 page faults on the reference's 3000 x
     * 10 inputs, CPU 0.29 -> 0.26 s; peak 48 -> 50 MB at 10,000 units x 10 years
     * (bench/gains.md) */
    qtr_heap_keep();
    const char *config = NULL, *facts = NULL, *progress = NULL, *quarterly = NULL,
               *period_arg = NULL, *summary = NULL, *ingest_summary = NULL, *task_facts = NULL,
               *tasks = NULL, *briefing = NULL;
    const qtr_opt opts[] = {
        {"config", &config, NULL, 1},       {"facts", &facts, NULL, 1},
        {"progress", &progress, NULL, 1},   {"quarterly", &quarterly, NULL, 0},
        {"period", &period_arg, NULL, 0},   {"summary", &summary, NULL, 0},
        {"ingest-summary", &ingest_summary, NULL, 0}, {"briefing", &briefing, NULL, 0},
        {"task-facts", &task_facts, NULL, 0}, {"tasks", &tasks, NULL, 0},
    };
    int first;
    switch (qtr_opts_parse(PROG, argc, argv, opts, sizeof opts / sizeof opts[0], 0, &first)) {
    case QTR_OPTS_OK: break;
    case QTR_OPTS_HELP: usage(stdout); return 0;
    case QTR_OPTS_USAGE: return 64;
    }
    if (!task_facts != !tasks)
        return qtr_opts_usage_error(PROG, "--task-facts and --tasks go together");
    qtr_period period = QTR_PERIOD_NONE;
    if (period_arg && (period = qtr_period_parse(period_arg, strlen(period_arg))) == QTR_PERIOD_NONE) {
        return qtr_opts_usage_error(PROG, "--period is not a quarter such as 2025Q3");
    }
    qtr_error err = {0};
    qtr_plan *plan;
    if (qtr_plan_load(config, &plan, &err) != QTR_OK)
        return die(&err);
    qtr_status st = QTR_OK;
    if (period == QTR_PERIOD_NONE)
        st = qtr_facts_latest(plan, facts, &period, &err);
    else if (period < qtr_period_make(plan->start_year, 1) || period > qtr_period_make(plan->end_year, 4))
        st = qtr_error_set(&err, QTR_ERR_USAGE, "", 0, 0, "period %s is outside the plan's horizon %d-%d",
                           period_arg, plan->start_year, plan->end_year);
    qtr_values *v = NULL;
    long nvalues = 0;
    if (st == QTR_OK)
        st = qtr_facts_load(plan, facts, period, &v, &nvalues, &err);
    if (st == QTR_OK && nvalues == 0) {
        char per[8];
        st = qtr_error_set(&err, QTR_ERR_NODATA, facts, 0, 0, "no value of %s in the facts",
                           qtr_period_format(period, per));
    }
    qtr_input_counts input = {0};
    if (st == QTR_OK && ingest_summary)
        st = qtr_input_counts_read(ingest_summary, &input, &err);
    qtr_report *report = NULL;
    if (st == QTR_OK && !(report = qtr_report_compute(v, period, &input)))
        st = qtr_error_set(&err, QTR_ERR_NOMEM, facts, 0, 0, "out of memory");
    if (st == QTR_OK && plan->ledger && tasks)
        st = judge_tasks(report, task_facts, &err);
    if (st == QTR_OK) {
        qtr_report_paths paths = {progress, quarterly, summary, plan->ledger ? tasks : NULL};
        st = qtr_report_write(report, v, &paths, &err);
    }
    if (st == QTR_OK && briefing)
        st = qtr_briefing_write(report, briefing, &err);
    qtr_report_free(report);
    int code = st == QTR_OK ? 0 : die(&err);
    qtr_values_free(v);
    qtr_plan_free(plan);
    return code;
}
