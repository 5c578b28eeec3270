/* test_fontsub.c — the report font's build-time subset (fontsub.c): used only when its list names
 * the family and fontconfig still gives the very files it was cut from; then the subset is
 * asked for, and a character it lacks comes from the family itself. Reads build/fonts (made by
 * `make`, tools/fontsubset.c); without it the checks that need it are skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontsub.h"
#include "layout.h"

#define FONT "Noto Sans CJK SC"
#define BUILT "build/fonts"

static char dir[] = "/tmp/qtr-fontsub-XXXXXX";
static char list[4096]; /* build/fonts/fonts.txt, "" when not made */

static void write_list(const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/fonts.txt", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The built list with field `field` (0-based) of every line replaced by `value`. */
static void write_list_with(int field, const char *value)
{
    char out[8192] = "", copy[sizeof list];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[8];
        int k = 0;
        for (char *s = line; k < 8 && s; k++) {
            f[k] = s;
            s = strchr(s, '\t');
            if (s)
                *s++ = '\0';
        }
        assert_int_equal(k, 8);
        f[field] = (char *)value;
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f[0], f[1], f[2], f[3], f[4],
                 f[5], f[6], f[7]);
    }
    write_list(out);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    FILE *f = fopen(BUILT "/fonts.txt", "r");
    if (f) {
        size_t n = fread(list, 1, sizeof list - 1, f);
        list[n] = '\0';
        fclose(f);
    }
    /* the subset's files beside the test's list */
    char from[512], to[512];
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "Bold.otf" : "Regular.otf";
        char cwd[256];
        assert_non_null(getcwd(cwd, sizeof cwd));
        snprintf(from, sizeof from, "%s/" BUILT "/%s", cwd, name);
        snprintf(to, sizeof to, "%s/%s", dir, name);
        if (symlink(from, to) != 0)
            return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[256];
    const char *names[] = {"fonts.txt", "Regular.otf", "Bold.otf"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static int have_list(void)
{
    if (list[0])
        return 1;
    printf("SKIP: " BUILT "/fonts.txt not made (the font was not installed at build time)\n");
    return 0;
}

/* Every reason not to use it: the whole font then, and nothing added to fontconfig. */
static void refused(void **state)
{
    (void)state;
    assert_int_equal(fontsub_use_dir(FONT, "/nonexistent/qtr-fonts"), 0);
    write_list("");
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list("Noto Sans CJK SC\tRegular\tonly three\n");
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    setenv("QTR_FONT_SUBSET", "0", 1);
    assert_int_equal(fontsub_use(FONT), 0);
    unsetenv("QTR_FONT_SUBSET");
    if (!have_list()) {
        skip();
        return;
    }
    write_list(list);
    assert_int_equal(fontsub_use_dir("DejaVu Sans", dir), 0); /* not listed */
    write_list_with(4, "12345");                              /* the source's size changed */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list_with(5, "1600000000000000000"); /* its time changed (a reinstall) */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list_with(2, "/usr/share/fonts/elsewhere.ttc"); /* fontconfig gives another file */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list_with(3, "7"); /* another face of it */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list_with(6, "Missing.otf"); /* the subset's file is gone */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    write_list_with(6, "../Regular.otf"); /* outside its folder */
    assert_int_equal(fontsub_use_dir(FONT, dir), 0);
    /* none of these added a font of the subset's family */
    FcPattern *p = FcNameParse((const FcChar8 *)"Qtr subset of Noto Sans CJK SC");
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    FcChar8 *family = NULL;
    assert_non_null(m);
    FcPatternGetString(m, FC_FAMILY, 0, &family);
    assert_string_not_equal((const char *)family, "Qtr subset of Noto Sans CJK SC");
    FcPatternDestroy(m);
    FcPatternDestroy(p);
}

/* The family fontconfig gives first for a character, asked for `family`. */
static char *family_for(const char *family, FcChar32 ch)
{
    FcPattern *p = FcNameParse((const FcChar8 *)family);
    FcCharSet *cs = FcCharSetCreate();
    FcCharSetAddChar(cs, ch);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcFontSet *set = FcFontSort(NULL, p, FcFalse, NULL, &res);
    char *got = NULL;
    for (int i = 0; set && i < set->nfont && !got; i++) {
        FcCharSet *has = NULL;
        FcChar8 *fam = NULL;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &has) == FcResultMatch &&
            FcCharSetHasChar(has, ch) && FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch)
            got = strdup((const char *)fam);
    }
    if (set)
        FcFontSetDestroy(set);
    FcCharSetDestroy(cs);
    FcPatternDestroy(p);
    return got;
}

/* In use: the subset's family is asked for, characters it lacks come from the family itself,
 * and the canvas counts both as its font (no fallback, no error). Last: it changes fontconfig. */
static void in_use(void **state)
{
    (void)state;
    if (!have_list()) {
        skip();
        return;
    }
    write_list(list);
    assert_int_equal(fontsub_use_dir(FONT, dir), 1);
    char *a = family_for("Qtr subset of Noto Sans CJK SC", 0x6B63); /* 正: in GB 2312 */
    char *b = family_for("Qtr subset of Noto Sans CJK SC", 0x5803); /* 堃: not in it */
    assert_string_equal(a, "Qtr subset of Noto Sans CJK SC");
    assert_string_equal(b, FONT);
    free(a);
    free(b);

    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 100);
    cairo_t *cr = cairo_create(s);
    qtr_error err;
    lay_canvas *c = lay_canvas_new(cr, FONT, &err);
    assert_non_null(c);
    lay_style st = lay_style_make(10, 0, (lay_rgb){0, 0, 0});
    lay_text(c, "正常文字 123，坤堃", &st, lay_box_make(0, 0, 300, 20), NULL);
    st.bold = 1;
    lay_text(c, "挂牌成果堃（个）", &st, lay_box_make(0, 30, 300, 20), NULL);
    assert_int_equal(lay_canvas_status(c), QTR_OK);
    assert_false(lay_canvas_fallback(c));
    lay_canvas_free(c);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refused),
        cmocka_unit_test(in_use),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
