/* fontsub.c — the report font's build-time subset in its place (see fontsub.h). */
#include "fontsub.h"

#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontmatch.h"
#include "layout.h"

#define FONTSUB_MAX 4 /* styles listed per family (tools/fontsubset.c writes Regular and Bold) */

typedef struct {
    char file[PATH_MAX];      /* the subset's file */
    char family[256];         /* the subset's family */
} entry;

/* Whether fontconfig gives, for family in this style, the face the line says the subset was
 * cut from, and that file is unchanged since. */
static int source_unchanged(const char *family, const char *style, const char *src,
                            const char *index, const char *size, const char *mtime)
{
    char file[PATH_MAX];
    int face;
    struct stat st;
    char buf[2][32];
    if (fontmatch_file(family, strcmp(style, "Bold") == 0, file, sizeof file, &face) != 0 ||
        strcmp(file, src) != 0 || face != atoi(index) || stat(src, &st) != 0)
        return 0;
    snprintf(buf[0], sizeof buf[0], "%lld", (long long)st.st_size);
    snprintf(buf[1], sizeof buf[1], "%lld", (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec);
    return strcmp(buf[0], size) == 0 && strcmp(buf[1], mtime) == 0;
}

/* s with XML's five special characters escaped (out holds 6 bytes per byte of s). */
static void xml_escape(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; *s && k + 7 < n; s++) {
        const char *r = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                      : *s == '"' ? "&quot;" : *s == '\'' ? "&apos;" : NULL;
        if (r)
            k += (size_t)snprintf(out + k, n - k, "%s", r);
        else
            out[k++] = *s;
    }
    out[k] = '\0';
}

int fontsub_use_dir(const char *family, const char *dir)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/fonts.txt", dir) >= (int)sizeof path)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    entry e[FONTSUB_MAX];
    int n = 0, ok = 1;
    char line[2 * PATH_MAX + 512];
    while (ok && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *field[8];
        int k = 0;
        for (char *s = line; k < 8; k++) {
            field[k] = s;
            char *tab = strchr(s, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = '\0';
            s = tab + 1;
        }
        if (k != 8) {
            ok = 0;
            break;
        }
        if (strcasecmp(field[0], family) != 0)
            continue;
        if (n == FONTSUB_MAX || strchr(field[6], '/') || strchr(field[7], ',') ||
            !source_unchanged(family, field[1], field[2], field[3], field[4], field[5]) ||
            snprintf(e[n].file, sizeof e[n].file, "%s/%s", dir, field[6]) >= (int)sizeof e[n].file ||
            snprintf(e[n].family, sizeof e[n].family, "%s", field[7]) >= (int)sizeof e[n].family ||
            (n > 0 && strcmp(e[n].family, e[0].family) != 0)) {
            ok = 0;
            break;
        }
        n++;
    }
    fclose(f);
    if (!ok || n == 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (!FcConfigAppFontAddFile(NULL, (const FcChar8 *)e[i].file))
            return 0; /* none asked for: the files already added are never chosen */
    /* what the subset lacks comes from the family itself, next in fontconfig's order */
    char a[256 * 6], b[256 * 6], xml[sizeof a + sizeof b + 512];
    xml_escape(e[0].family, a, sizeof a);
    xml_escape(family, b, sizeof b);
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?><fontconfig><match target=\"pattern\"><test name=\"family\">"
             "<string>%s</string></test><edit name=\"family\" mode=\"append\" binding=\"strong\">"
             "<string>%s</string></edit></match></fontconfig>", a, b);
    if (!FcConfigParseAndLoadFromMemory(FcConfigGetCurrent(), (const FcChar8 *)xml, FcFalse))
        return 0;
    lay_font_substitute(family, e[0].family);
    return 1;
}

int fontsub_use(const char *family)
{
    const char *env = getenv("QTR_FONT_SUBSET");
    if (env && strcmp(env, "0") == 0)
        return 0;
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return 0;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/fonts", exe) >= (int)sizeof dir)
        return 0;
    return fontsub_use_dir(family, dir);
}
