/* fontmatch.c — fontconfig's file for a family (see fontmatch.h). */
#include "fontmatch.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <strings.h>

int fontmatch_file(const char *family, int bold, char *file, size_t n, int *index)
{
    FcPattern *p = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, (const FcChar8 *)family, FC_WEIGHT,
                                  FcTypeInteger, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR, FC_SLANT,
                                  FcTypeInteger, FC_SLANT_ROMAN, (char *)NULL);
    if (!p)
        return -1;
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    FcPatternDestroy(p);
    if (!m)
        return -1;
    FcChar8 *f = NULL, *got = NULL;
    int rc = -1;
    if (FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch &&
        FcPatternGetInteger(m, FC_INDEX, 0, index) == FcResultMatch &&
        FcPatternGetString(m, FC_FAMILY, 0, &got) == FcResultMatch &&
        strcasecmp((const char *)got, family) == 0 &&
        snprintf(file, n, "%s", (const char *)f) < (int)n)
        rc = 0;
    FcPatternDestroy(m);
    return rc;
}
