/* main.c — qtr-charts, stage 4 of the qtr pipeline: the report of one quarter (compare's
 * progress.csv, quarterly.csv and compare.txt, read back with qtr_report_read) -> the leaders'
 * PDF plus a PNG and an SVG of each chart. Options, the calls, the exit code; the drawing and
 * writing are in pdfdoc.c.
 */
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "decode.h"
#include "card.h"
#include "fontsub.h"
#include "layout.h"
#include "opts.h"
#include "period.h"
#include "plan.h"
#include "pdfdoc.h"
#include "report_io.h"
#include "status.h"

#ifndef QTR_VERSION
#define QTR_VERSION "dev"
#endif

#define PROG "qtr-charts"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: %s --config PLAN.ini --progress progress.csv --quarterly quarterly.csv\n"
        "                  --summary compare.txt --out FILE.pdf --image-dir DIR\n"
        "                  [--date YYYY-MM-DDTHH:MM:SSZ] [--tasks tasks.csv]\n"
        "                  [--briefing briefing.txt] [--card FILE.png [--card-text FILE]]\n"
        "                  [--districts DIR --rejects rejects.csv [--unit-batch N]]\n"
        "\n"
        "Draws the leaders' PDF of the report that qtr-compare wrote (progress.csv, quarterly.csv\n"
        "and its summary compare.txt; A4: dashboard of bullet graphs, quarterly trends, per-unit\n"
        "rankings) and writes each chart as PNG (%d px wide) and SVG into DIR\n"
        "(chart-01-dashboard.png ...).\n"
        "  --date YYYY-MM-DDTHH:MM:SSZ  generation date printed and stored in the PDF (UTC, a real\n"
        "                               date; default: the last day of the reported quarter,\n"
        "                               00:00:00Z)\n"
        "  --tasks tasks.csv            the task ledger's quarter (qtr-compare's tasks.csv): a\n"
        "                               page of it, when the plan has a ledger ([tasks] file)\n"
        "  --briefing briefing.txt      qtr-compare's 文字通报, laid out on the last pages\n"
        "  --card FILE.png              also the chat-sized summary card: %d px wide, as tall as its\n"
        "                               content, no text below %.0f px (reads on a phone)\n"
        "  --card-text FILE             the card's text layout log: per text drawn, tab-separated\n"
        "                               x, y, width, height, size, cut, colour, section, text\n"
        "  --districts DIR              also writes DIR/<unit>.pdf for every roster unit (the folder\n"
        "                               is created): its figures and its 整改清单, the rows of\n"
        "                               --rejects (qtr-ingest's rejects.csv) with its name\n"
        "                               (not when [report] unit_files says none; auto: rosters\n"
        "                               up to 200 units)\n"
        "  --unit-batch N               draws up to N units' pages as one document, then cuts it\n"
        "                               into their files (default %d; 1: each unit's file drawn\n"
        "                               on its own; the files show the same either way)\n"
        "The font is [report] font of the plan (default \"%s\"); it must be installed.\n"
        "\n"
        "exit codes: 0 ok; 64 bad usage; 65 an input file is malformed; 66 an input file cannot be\n"
        "opened; 73 an output cannot be created; 74 a write failed; 78 bad configuration or the\n"
        "font is missing or lacks a glyph.\n",
        PROG, PDFDOC_PNG_WIDTH, CARD_WIDTH, CARD_MIN_TEXT, PDFDOC_UNIT_BATCH, PDFDOC_DEFAULT_FONT);
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
    lay_memo_free();
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
}

/* briefing.txt as text: UTF-8 (qtr-compare's), else QTR_ERR_PARSE; QTR_ERR_OPEN when unread. */
static qtr_status read_briefing(const char *path, char **text, qtr_error *err)
{
    size_t len;
    qtr_status st = qtr_read_file(path, text, &len);
    if (st != QTR_OK)
        return qtr_error_set(err, st == QTR_ERR_NOMEM ? st : QTR_ERR_OPEN, path, 0, 0, "cannot read");
    if (qtr_utf8_invalid_offset(*text, len) < len || memchr(*text, '\0', len)) {
        free(*text);
        *text = NULL;
        return qtr_error_set(err, QTR_ERR_PARSE, path, 0, 0, "not UTF-8 text");
    }
    return QTR_OK;
}

typedef struct {
    const char *config, *out, *image_dir, *date, *briefing, *card, *card_text, *districts, *rejects;
    const char *unit_batch;
    qtr_report_paths in;
} options;

/* --districts: the folder, and rejects.csv read back for the 整改清单; the PDFs are written
 * by pdfdoc_write with the report's (pdfdoc.h). */
static int open_districts(const options *o, qtr_rejects *rj)
{
    qtr_error err = {0};
    if (ensure_dir(o->districts) != 0) {
        fprintf(stderr, "%s: %s: cannot create the districts' folder: %s\n", PROG, o->districts, strerror(errno));
        return 73;
    }
    if (qtr_rejects_load(o->rejects, rj, &err) != QTR_OK)
        return fail(&err, NULL);
    return 0;
}

static int run(const options *o, int *fallback)
{
    qtr_error err = {0};
    qtr_plan *plan = NULL;
    if (qtr_plan_load(o->config, &plan, &err) != QTR_OK)
        return fail(&err, NULL);
    qtr_report *r = NULL;
    int rc = 0;
    if (qtr_report_read(plan, &o->in, &r, &err) != QTR_OK) {
        rc = fail(&err, NULL);
    } else if (ensure_dir(o->image_dir) != 0) {
        fprintf(stderr, "%s: %s: cannot create the image folder: %s\n", PROG, o->image_dir, strerror(errno));
        rc = 73;
    } else {
        char date[32];
        if (o->date)
            snprintf(date, sizeof date, "%s", o->date);
        else
            qtr_date_format(qtr_period_end_time(r->period), date);
        pdfdoc_options ro = {o->out, o->image_dir, qtr_plan_setting(plan, "report", "font"), date,
                             qtr_plan_setting(plan, "report", "author"), NULL, NULL, NULL, NULL,
                             o->unit_batch ? (size_t)strtol(o->unit_batch, NULL, 10) : 0};
        qtr_rejects rj;
        int have_rj = 0;
        if (o->districts && plan->unit_files) { /* [report] unit_files */
            rc = open_districts(o, &rj);
            have_rj = rc == 0;
            if (have_rj) {
                ro.districts = o->districts;
                ro.rejects = &rj;
            }
        }
        char *text = NULL;
        if (rc == 0 && o->briefing && read_briefing(o->briefing, &text, &err) != QTR_OK)
            rc = fail(&err, NULL);
        ro.briefing = text;
        const char *slash = strrchr(o->out, '/');
        card_options co = {o->card, o->card_text, ro.font, date, slash ? slash + 1 : o->out};
        if (o->card)
            ro.card = &co; /* drawn with the PNGs (pdfdoc.c) */
        if (rc == 0) /* the font's build-time subset in its place, when it is a true copy */
            fontsub_use(ro.font ? ro.font : PDFDOC_DEFAULT_FONT);
        if (rc == 0 && pdfdoc_write(r, &ro, fallback, &err) != QTR_OK)
            rc = fail(&err, o->config);
        free(text);
        if (have_rj)
            qtr_rejects_free(&rj);
    }
    qtr_report_free(r);
    qtr_plan_free(plan);
    return rc;
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    options o;
    memset(&o, 0, sizeof o);
    const qtr_opt opts[] = {
        {"config", &o.config, NULL, 1},          {"progress", &o.in.progress, NULL, 1},
        {"quarterly", &o.in.quarterly, NULL, 1}, {"summary", &o.in.summary, NULL, 1},
        {"out", &o.out, NULL, 1},                {"image-dir", &o.image_dir, NULL, 1},
        {"date", &o.date, NULL, 0},              {"tasks", &o.in.tasks, NULL, 0},
        {"briefing", &o.briefing, NULL, 0},      {"card", &o.card, NULL, 0},
        {"card-text", &o.card_text, NULL, 0},    {"districts", &o.districts, NULL, 0},
        {"rejects", &o.rejects, NULL, 0},        {"unit-batch", &o.unit_batch, NULL, 0},
    };
    int first;
    switch (qtr_opts_parse(PROG, argc, argv, opts, sizeof opts / sizeof opts[0], 0, &first)) {
    case QTR_OPTS_OK: break;
    case QTR_OPTS_HELP: usage(stdout); return 0;
    case QTR_OPTS_USAGE: return 64;
    }
    if ((o.districts == NULL) != (o.rejects == NULL))
        return qtr_opts_usage_error(PROG, "--districts and --rejects go together");
    if (o.unit_batch) {
        char *end;
        errno = 0;
        long n = strtol(o.unit_batch, &end, 10);
        if (end == o.unit_batch || *end || errno || n < 1 || n > 1000)
            return qtr_opts_usage_error(PROG, "--unit-batch is not a count from 1 to 1000");
        if (!o.districts)
            return qtr_opts_usage_error(PROG, "--unit-batch needs --districts");
    }
    time_t when;
    if (o.date && qtr_date_parse(o.date, &when) != 0)
        return qtr_opts_usage_error(PROG, "--date must be a real date and time YYYY-MM-DDTHH:MM:SSZ (UTC)");
    if (o.card_text && !o.card)
        return qtr_opts_usage_error(PROG, "--card-text needs --card");
    int fallback = 0;
    int rc = run(&o, &fallback);
    if (rc == 0 && !fallback)
        free_font_caches();
    return rc;
}
