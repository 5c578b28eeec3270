/* fontsub.h — the report font's smaller copy, made at build time (tools/fontsubset.c), used in its
 * place when it is a true copy of the font fontconfig gives now.
 *
 * cairo copies a font's whole CFF table twice for every PDF it finishes (16 MB for Noto Sans
 * CJK SC, 52 copies at 12 units with the units' own PDFs); the subset's is 3.9 MB, its 14,935
 * glyphs numbered afresh (cairo's CFF subsetter walks every glyph slot of the font) and its
 * outlines without subroutines (cairo would embed the subroutine indexes in every PDF). The
 * subset keeps the source's outlines, hinting, metrics and layout tables, so the pages and
 * images are the same pixels (tests/e2e/fontsub.sh); a character outside it is drawn from the
 * source font itself, asked for second.
 */
#ifndef QTR_CHARTS_FONTSUB_H
#define QTR_CHARTS_FONTSUB_H

#include <stddef.h>

/* For `family`: reads <folder of this program>/fonts/fonts.txt and, when it lists the family
 * and fontconfig still gives the very files it was cut from (path, face, size, time) for its
 * regular and bold, adds the subset's files to fontconfig and tells the canvases
 * (lay_font_substitute) to ask for it first. Returns 1 then, 0 when the whole font is used:
 * no list, no entry for the family, a font reinstalled since the build, QTR_FONT_SUBSET=0 in
 * the environment (tests and benchmarks compare the two). Call once, before any canvas. */
int fontsub_use(const char *family);

/* The same with the list's folder given (tests). */
int fontsub_use_dir(const char *family, const char *dir);

#endif
