/* test_card.c — unit tests of the summary card (card.c) on the charts fixture report
 * (tests/fixtures/charts): the PNG is 1080 px wide and as tall as its content, its text log
 * holds every text at 28 px or more, none cut, inside the margins and apart from the others,
 * the headline and each row's completion as the report has them; the same with a 40-character
 * name and 6-digit values; a card that cannot be created or a malformed date is an error that
 * leaves no file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card.h"
#include "layout.h"
#include "report_io.h"
#include "text.h"
#include "words.h"

#define LONG_NAME "新增孵化载体概念验证中心中试熟化平台技术转移机构其他各类科技创新服务平台数量合计"
#define DATE "2025-10-15T08:00:00Z"
#define PAD 56.0

typedef struct {
    double x, y, w, h, size;
    int cut;
    char section[16];
    char text[1024];
} logged;

typedef struct {
    qtr_plan *plan;
    qtr_report *r;
    char dir[64];
} fixture;

static void fixture_open(fixture *f)
{
    qtr_error err;
    assert_int_equal(qtr_plan_load("tests/fixtures/charts/plan.ini", &f->plan, &err), QTR_OK);
    qtr_report_paths p = {"tests/fixtures/charts/progress.csv", "tests/fixtures/charts/quarterly.csv",
                          "tests/fixtures/charts/compare.txt", NULL};
    assert_int_equal(qtr_report_read(f->plan, &p, &f->r, &err), QTR_OK);
    snprintf(f->dir, sizeof f->dir, "/tmp/qtr-card-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
}

static void fixture_close(fixture *f)
{
    char path[128];
    static const char *const names[] = {"card.png", "card.txt"};
    for (size_t k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, names[k]);
        (void)unlink(path);
    }
    assert_int_equal(rmdir(f->dir), 0); /* nothing else was left there */
    qtr_report_free(f->r);
    qtr_plan_free(f->plan);
}

/* Width and height from the PNG's IHDR. */
static void png_size(const char *path, uint32_t *w, uint32_t *h)
{
    unsigned char b[24];
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(b, 1, sizeof b, fp), sizeof b);
    fclose(fp);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    *w = (uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 | (uint32_t)b[18] << 8 | b[19];
    *h = (uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 | (uint32_t)b[22] << 8 | b[23];
}

/* Reads the text log; returns how many lines (at most max). */
static size_t read_log(const char *path, logged *out, size_t max)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[2048];
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, fp)) {
        logged *l = &out[n++];
        char *f[9], *p = line;
        line[strcspn(line, "\n")] = '\0';
        for (int k = 0; k < 9; k++) {
            f[k] = p;
            p = k < 8 ? strchr(p, '\t') : NULL;
            if (k < 8) {
                assert_non_null(p);
                *p++ = '\0';
            }
        }
        char *end;
        double *v[] = {&l->x, &l->y, &l->w, &l->h, &l->size};
        for (int k = 0; k < 5; k++) {
            *v[k] = strtod(f[k], &end);
            assert_true(end != f[k] && *end == '\0');
        }
        l->cut = strcmp(f[5], "1") == 0;
        assert_int_equal(f[6][0], '#');
        snprintf(l->section, sizeof l->section, "%s", f[7]);
        snprintf(l->text, sizeof l->text, "%s", f[8]);
    }
    fclose(fp);
    return n;
}

/* Writes the card of f's report and checks what every card must be; returns the log lines. */
static size_t card_checked(fixture *f, logged *log, size_t max)
{
    char png[128], txt[128];
    snprintf(png, sizeof png, "%s/card.png", f->dir);
    snprintf(txt, sizeof txt, "%s/card.txt", f->dir);
    card_options o = {png, txt, NULL, DATE, "lanzhou-2025-2025Q3.pdf"};
    qtr_error err = {0};
    int fallback = 0;
    assert_int_equal(card_write(f->r, &o, &fallback, &err), QTR_OK);
    assert_int_equal(fallback, 0);
    size_t n = read_log(txt, log, max);
    assert_true(n > 2 * f->r->nind);
    uint32_t w, h;
    png_size(png, &w, &h);
    assert_int_equal(w, CARD_WIDTH);
    double bottom = 0;
    for (size_t i = 0; i < n; i++) {
        const logged *a = &log[i];
        assert_true(a->size >= CARD_MIN_TEXT);
        assert_false(a->cut);
        assert_true(a->x >= PAD - 0.01 && a->x + a->w <= CARD_WIDTH - PAD + 0.01);
        bottom = fmax(bottom, a->y + a->h);
        for (size_t j = i + 1; j < n; j++) {
            const logged *b = &log[j];
            int apart = a->x + a->w <= b->x + 0.5 || b->x + b->w <= a->x + 0.5 || a->y + a->h <= b->y + 0.5 ||
                        b->y + b->h <= a->y + 0.5;
            if (!apart)
                print_error("overlap: '%s' and '%s'\n", a->text, b->text);
            assert_true(apart);
        }
    }
    assert_int_equal(h, (uint32_t)ceil(bottom + PAD));
    return n;
}

/* The row texts of indicator i: its completion as the report's words write it. */
static int has_text(const logged *log, size_t n, const char *section, const char *text)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(log[k].section, section) == 0 && strcmp(log[k].text, text) == 0)
            return 1;
    return 0;
}

static void fixture_card(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f);
    static logged log[512];
    size_t n = card_checked(&f, log, 512);
    assert_string_equal(log[0].text, "创新兰州2025年暨科技成果转化突破年行动方案");
    assert_string_equal(log[1].text, "兰州市 · 截至2025年第三季度 · 进展速览");
    assert_true(has_text(log, n, "headline", "9项指标：已完成2项，正常4项，滞后2项，严重滞后1项"));
    for (size_t i = 0; i < f.r->nind; i++) {
        const qtr_progress_row *row = qtr_report_row(f.r, -1, i);
        char pct[QTR_WORDS_NUM];
        assert_true(has_text(log, n, "row", qtr_words_percent(row->completion, pct, sizeof pct)));
        assert_true(has_text(log, n, "row", f.plan->indicators[i].name));
        assert_true(has_text(log, n, "row", qtr_status_label(row->status)));
    }
    assert_true(has_text(log, n, "section", "重点关注"));
    assert_true(has_text(log, n, "notice", "数据质量提示"));
    assert_true(has_text(log, n, "footer", "生成日期：2025年10月15日 · 完整报告：lanzhou-2025-2025Q3.pdf"));
    fixture_close(&f);
}

static void long_name_big_values(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f);
    free(f.plan->indicators[4].name);
    f.plan->indicators[4].name = qtr_strdup(LONG_NAME);
    assert_non_null(f.plan->indicators[4].name);
    for (size_t k = 0; k < (f.r->nunits + 1) * f.r->nind; k++) {
        qtr_progress_row *row = &f.r->rows[k];
        row->actual *= 1000;
        row->target *= 1000;
        row->expected *= 1000;
        row->gap_to_target *= 1000;
        row->forecast *= 1000;
        row->required_per_quarter *= 1000;
        row->baseline *= 1000;
    }
    static logged log[512];
    size_t n = card_checked(&f, log, 512);
    assert_true(has_text(log, n, "row", LONG_NAME));
    int big = 0;
    for (size_t k = 0; k < n; k++)
        big |= strstr(log[k].text, "1,167,000 / 1,500,000 个") != NULL;
    assert_true(big);
    fixture_close(&f);
}

static void errors_leave_nothing(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f);
    char png[128];
    snprintf(png, sizeof png, "%s/no-such-folder/card.png", f.dir);
    card_options o = {png, NULL, NULL, DATE, NULL};
    qtr_error err = {0};
    assert_int_equal(card_write(f.r, &o, NULL, &err), QTR_ERR_CREATE);
    assert_non_null(strstr(err.file, "no-such-folder/card.png"));
    snprintf(png, sizeof png, "%s/card.png", f.dir);
    o.date = "2025-13-01T00:00:00Z";
    assert_int_equal(card_write(f.r, &o, NULL, &err), QTR_ERR_USAGE);
    assert_int_equal(access(png, F_OK), -1);
    fixture_close(&f); /* fails when anything, a temporary included, was left in the folder */
}

static int free_caches(void **state)
{
    (void)state;
    lay_memo_free();
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_card),
        cmocka_unit_test(long_name_big_values),
        cmocka_unit_test(errors_leave_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, free_caches);
}
