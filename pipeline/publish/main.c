/* qtr-publish — the last step of run.sh: writes the manifest of a finished staging folder
 * (manifest.c) and moves the folder to <output>/<plan-id>/<period>/ atomically (publish.c).
 * Options and exit codes only.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <time.h>

#include "manifest.h"
#include "opts.h"
#include "period.h"
#include "publish.h"

#define PROG "qtr-publish"

static void usage(FILE *f)
{
    fprintf(f, "usage: qtr-publish [--times FILE --report-date YYYY-MM-DDTHH:MM:SSZ --input-dir DIR]\n"
               "                   STAGING_DIR DEST_DIR\n"
               "Moves STAGING_DIR to DEST_DIR atomically, replacing an earlier DEST_DIR. With\n"
               "--times (run.sh's stage timings: lines \"name seconds exit\") it first writes\n"
               "STAGING_DIR/manifest.json from the staged inputs.csv, ingest.txt, compare.txt and\n"
               "progress.csv (docs/formats.md), and removes FILE once the folder is published.\n"
               "Both folders must be on the same filesystem.\n"
               "Exit: 0 ok, 64 usage, 66 a staged file cannot be read, 73 cannot create the\n"
               "destination's parent, 74 a write or the move failed (the earlier DEST_DIR is\n"
               "untouched).\n");
}

static int fail(const qtr_error *err)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    fprintf(stderr, PROG ": %s\n", msg);
    return qtr_exit_code(err->status);
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    const char *times = NULL, *report_date = NULL, *input_dir = NULL;
    const qtr_opt opts[] = {
        {"times", &times, NULL, 0},
        {"report-date", &report_date, NULL, 0},
        {"input-dir", &input_dir, NULL, 0},
    };
    int first;
    switch (qtr_opts_parse(PROG, argc, argv, opts, sizeof opts / sizeof opts[0], 2, &first)) {
    case QTR_OPTS_OK: break;
    case QTR_OPTS_HELP: usage(stdout); return 0;
    case QTR_OPTS_USAGE: return 64;
    }
    if (argc - first != 2)
        return qtr_opts_usage_error(PROG, "give STAGING_DIR and DEST_DIR");
    if ((times || report_date || input_dir) && !(times && report_date && input_dir))
        return qtr_opts_usage_error(PROG, "--times, --report-date and --input-dir go together");
    time_t t;
    if (report_date && qtr_date_parse(report_date, &t) != 0)
        return qtr_opts_usage_error(PROG, "--report-date is not YYYY-MM-DDTHH:MM:SSZ");
    const char *from = argv[first], *to = argv[first + 1];
    qtr_error err = {0};
    if (times) {
        qtr_manifest_in in = {from, times, report_date, input_dir};
        if (qtr_manifest_write(&in, &err) != QTR_OK)
            return fail(&err);
    }
    int old_left = 0;
    if (qtr_publish_dir(from, to, &old_left, &err) != QTR_OK)
        return fail(&err);
    if (old_left)
        fprintf(stderr, PROG ": warning: could not remove the previous report kept in %s\n", from);
    if (times)
        (void)unlink(times); /* run.sh's scratch file, read into manifest.json */
    return 0;
}
