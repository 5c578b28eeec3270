/* qtr-compare — stage 2 of the quarterly job: plan + facts.csv -> progress.csv and
 * quarterly.csv (docs/formulas.md). Options and exit codes only; formulas are in
 * pipeline/lib/progress.c.
 */
#include <signal.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "plan.h"
#include "progress_io.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: qtr-compare --config PLAN.ini --facts facts.csv --progress progress.csv\n"
            "                   [--quarterly quarterly.csv] [--period YYYYQn] [--summary FILE]\n"
            "Compares the facts with the plan's targets for one quarter (default: the latest\n"
            "quarter of the plan's horizon with data) and writes progress.csv (docs/formats.md).\n"
            "--summary writes key=value lines (period, missing reports, each indicator's status).\n"
            "Exit: 0 ok, 64 usage, 65 no value of the quarter / malformed facts, 66 facts cannot\n"
            "be opened, 73 output cannot be created, 74 write failed, 78 bad configuration.\n");
}

static int die(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, "qtr-compare: %s\n", msg);
    return qtr_exit_code(err->status);
}

/* Units with any missing quarter, and a line per indicator of the city: for run.sh's summary
 * and exit code. */
static qtr_status write_summary(const qtr_values *v, qtr_period period, const char *path, qtr_error *err)
{
    const qtr_plan *plan = v->plan;
    char tmp[4096], per[8], a[32], t[32];
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create");
    fprintf(f, "period=%s\n", qtr_period_format(period, per));
    long missing_rows = 0;
    fprintf(f, "missing_units=");
    int first = 1;
    for (size_t u = 0; u < plan->nunits; u++) {
        int unit_missing = 0;
        for (size_t i = 0; i < plan->nindicators; i++) {
            qtr_progress_row r;
            qtr_progress_compute(v, (int)u, (int)i, period, &r);
            if (r.missing[0]) {
                missing_rows++;
                unit_missing = 1;
            }
        }
        if (unit_missing) {
            fprintf(f, "%s%s", first ? "" : "、", plan->units[u].name);
            first = 0;
        }
    }
    fprintf(f, "\nmissing_rows=%ld\n", missing_rows);
    int count[QTR_STATUS_ABOVE_RANGE + 1] = {0};
    for (size_t i = 0; i < plan->nindicators; i++) {
        qtr_progress_row r;
        qtr_progress_compute(v, -1, (int)i, period, &r);
        count[r.status]++;
    }
    /* e.g. 9项指标：已完成2项，正常4项，滞后2项，严重滞后1项 */
    static const qtr_progress_status order[] = {QTR_STATUS_ACHIEVED, QTR_STATUS_ON_TRACK,
        QTR_STATUS_LAGGING, QTR_STATUS_CRITICAL, QTR_STATUS_MISSED, QTR_STATUS_ABOVE_RANGE};
    fprintf(f, "headline=%zu项指标", plan->nindicators);
    const char *sep = "：";
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        if (count[order[k]]) {
            fprintf(f, "%s%s%d项", sep, qtr_status_label(order[k]), count[order[k]]);
            sep = "，";
        }
    fprintf(f, "\n");
    for (size_t i = 0; i < plan->nindicators; i++) {
        qtr_progress_row r;
        qtr_progress_compute(v, -1, (int)i, period, &r);
        const qtr_indicator *ind = &plan->indicators[i];
        double pct = r.progress * 100;
        fprintf(f, "indicator=%s|%s|%s|%s|%s|%s|%s|%.1f\n", ind->id, ind->name,
                qtr_status_code(r.status), qtr_status_label(r.status),
                qtr_progress_number(r.actual, a), qtr_progress_number(r.target, t), ind->unit,
                isnan(pct) ? 0.0 : pct);
    }
    return qtr_commit_file(f, tmp, path, err);
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},    {"facts", required_argument, NULL, 'f'},
        {"progress", required_argument, NULL, 'o'},  {"quarterly", required_argument, NULL, 'q'},
        {"period", required_argument, NULL, 'p'},    {"summary", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0}};
    const char *config = NULL, *facts = NULL, *progress = NULL, *quarterly = NULL,
               *period_arg = NULL, *summary = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "c:f:o:q:p:s:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'f': facts = optarg; break;
        case 'o': progress = optarg; break;
        case 'q': quarterly = optarg; break;
        case 'p': period_arg = optarg; break;
        case 's': summary = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 64;
        }
    }
    if (!config || !facts || !progress || optind < argc) {
        usage(stderr);
        return 64;
    }
    qtr_period period = QTR_PERIOD_NONE;
    if (period_arg && (period = qtr_period_parse(period_arg, strlen(period_arg))) == QTR_PERIOD_NONE) {
        fprintf(stderr, "qtr-compare: --period '%s' is not a quarter such as 2025Q3\n", period_arg);
        return 64;
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
    if (st == QTR_OK)
        st = qtr_progress_write(v, period, progress, &err);
    if (st == QTR_OK && quarterly)
        st = qtr_quarterly_write(v, period, quarterly, &err);
    if (st == QTR_OK && summary)
        st = write_summary(v, period, summary, &err);
    int code = st == QTR_OK ? 0 : die(&err);
    qtr_values_free(v);
    qtr_plan_free(plan);
    return code;
}
