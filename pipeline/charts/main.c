/* main.c — qtr-charts, stage 4 of the qtr pipeline: progress, facts, rejects and the quarterly
 * series -> the leaders' PDF plus a PNG and an SVG of each chart. Options, the calls, the exit
 * code; the work is in chart_data.c (reading) and report.c (drawing and writing).
 */
#include <signal.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <getopt.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "chart_data.h"
#include "plan.h"
#include "report.h"
#include "status.h"

#ifndef QTR_VERSION
#define QTR_VERSION "dev"
#endif

static const char *const PROG = "qtr-charts";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %s --config PLAN.ini --progress progress.csv --facts facts.csv --rejects rejects.csv\n"
        "                  --quarterly quarterly.csv --out FILE.pdf --image-dir DIR [--date ISO8601Z]\n"
        "\n"
        "Draws the leaders' PDF (A4: dashboard of bullet graphs, quarterly trends, per-unit rankings)\n"
        "and writes each chart as PNG (%d px wide) and SVG into DIR (chart-01-dashboard.png ...).\n"
        "  --date YYYY-MM-DDTHH:MM:SSZ  generation date printed and stored in the PDF (UTC; default:\n"
        "                               the last day of the reported quarter, 00:00:00Z)\n"
        "The font is [report] font of the plan (default \"%s\"); it must be installed.\n"
        "\n"
        "exit codes: 0 ok; 64 bad usage; 65 an input file is malformed; 66 an input file cannot be\n"
        "opened; 73 an output cannot be created; 74 a write failed; 78 bad configuration or the\n"
        "font is missing or lacks a glyph.\n",
        PROG, REPORT_PNG_WIDTH, REPORT_DEFAULT_FONT);
}

static int fail(const qtr_error *err, const char *config)
{
    char msg[2048];
    qtr_error_format(err, msg, sizeof msg);
    if (err->status == QTR_ERR_CONFIG && !err->file[0] && config)
        fprintf(stderr, "%s: %s: [report] font: %s\n", PROG, config, msg);
    else
        fprintf(stderr, "%s: %s\n", PROG, msg);
    return qtr_exit_code(err->status);
}

static int usage_error(const char *what)
{
    fprintf(stderr, "%s: %s (see --help)\n", PROG, what);
    return 64;
}

/* "YYYY-MM-DDTHH:MM:SSZ" exactly. */
static int date_ok(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof shape - 1)
        return 0;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return 0;
    int mon = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
    int ss = (s[17] - '0') * 10 + (s[18] - '0');
    return mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && hh < 24 && mm < 60 && ss < 61;
}

/* The last day of the reported quarter, 00:00:00Z. */
static void default_date(qtr_period p, char *buf, size_t size)
{
    static const char *const ends[] = {"03-31", "06-30", "09-30", "12-31"};
    snprintf(buf, size, "%04d-%sT00:00:00Z", qtr_period_year(p), ends[qtr_period_quarter(p) - 1]);
}

/* The image folder: created when missing (one level, like mkdir). */
static int ensure_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -1;
    return mkdir(dir, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

/* Caches fontconfig, pango and cairo keep for the process; freed so leak checkers stay quiet.
 * Only after a clean run: once fontconfig substituted a family (a font that is not installed, a
 * character taken from another font) FcFini and cairo_debug_reset_static_data abort on the
 * cache entries left behind; the leak suppressions cover those library caches. */
static void free_font_caches(void)
{
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
}

typedef struct {
    const char *config, *out, *image_dir, *date;
    chart_paths in;
} options;

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},  {"progress", required_argument, NULL, 'p'},
        {"facts", required_argument, NULL, 'f'},   {"rejects", required_argument, NULL, 'r'},
        {"quarterly", required_argument, NULL, 'q'}, {"out", required_argument, NULL, 'o'},
        {"image-dir", required_argument, NULL, 'i'}, {"date", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'c': o->config = optarg; break;
        case 'p': o->in.progress = optarg; break;
        case 'f': o->in.facts = optarg; break;
        case 'r': o->in.rejects = optarg; break;
        case 'q': o->in.quarterly = optarg; break;
        case 'o': o->out = optarg; break;
        case 'i': o->image_dir = optarg; break;
        case 'd': o->date = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("%s %s\n", PROG, QTR_VERSION); return 0;
        default:
            if (optopt)
                fprintf(stderr, "%s: option -%c: unknown or missing its value (see --help)\n", PROG, optopt);
            else
                fprintf(stderr, "%s: %s: unknown option or missing value (see --help)\n", PROG, argv[optind - 1]);
            return 64;
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument");
    if (!o->config || !o->in.progress || !o->in.facts || !o->in.rejects || !o->in.quarterly || !o->out ||
        !o->image_dir)
        return usage_error("--config, --progress, --facts, --rejects, --quarterly, --out and --image-dir are required");
    if (o->date && !date_ok(o->date))
        return usage_error("--date must be YYYY-MM-DDTHH:MM:SSZ (UTC)");
    return -1;
}

static int run(const options *o, int *fallback)
{
    qtr_error err = {0};
    qtr_plan *plan = NULL;
    if (qtr_plan_load(o->config, &plan, &err) != QTR_OK)
        return fail(&err, NULL);
    chart_data *d = NULL;
    int rc = 0;
    if (chart_data_load(plan, &o->in, &d, &err) != QTR_OK) {
        rc = fail(&err, NULL);
    } else if (ensure_dir(o->image_dir) != 0) {
        fprintf(stderr, "%s: %s: cannot create the image folder: %s\n", PROG, o->image_dir, strerror(errno));
        rc = 73;
    } else {
        char date[32];
        if (o->date)
            snprintf(date, sizeof date, "%s", o->date);
        else
            default_date(d->period, date, sizeof date);
        report_options ro = {o->out, o->image_dir, qtr_plan_setting(plan, "report", "font"), date,
                             qtr_plan_setting(plan, "report", "author")};
        if (report_write(d, &ro, fallback, &err) != QTR_OK)
            rc = fail(&err, o->config);
    }
    chart_data_free(d);
    qtr_plan_free(plan);
    return rc;
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    options o;
    int fallback = 0;
    int rc = parse_options(argc, argv, &o);
    if (rc < 0)
        rc = run(&o, &fallback);
    if (rc == 0 && !fallback)
        free_font_caches();
    return rc;
}
