/* fontmatch.h — the font file fontconfig gives for a family, as Pango asks for it: shared by
 * qtr-charts (fontsub.c: is the build-time subset still a copy of it?) and the build tool that
 * cuts the subset (tools/fontsubset.c). Needs only fontconfig.
 */
#ifndef QTR_CHARTS_FONTMATCH_H
#define QTR_CHARTS_FONTMATCH_H

#include <stddef.h>

/* The file and face index fontconfig gives for `family` at regular (bold = 0) or bold weight,
 * upright, when the font it gives is of that family (not a substitute). 0 then; -1 when not. */
int fontmatch_file(const char *family, int bold, char *file, size_t n, int *index);

#endif
