/* pdfdoc.h — assembles the leaders' PDF (A4 portrait: dashboard, trend, ranking pages, and the
 * task ledger's page when the report has it (taskpage.h), each with a header and footer) and writes every chart also as PNG (~1600 px wide) and SVG into an
 * image folder. Every file is written to a temporary name in its folder and renamed into place.
 */
#ifndef QTR_CHARTS_PDFDOC_H
#define QTR_CHARTS_PDFDOC_H

#include <stddef.h>

#include "card.h"
#include "districts.h"
#include "status.h"
#include "words.h" /* the core library's: qtr_report and its vocabulary */

#define PDFDOC_DEFAULT_FONT "Noto Sans CJK SC"
#define PDFDOC_PNG_WIDTH 1600   /* pixels */

typedef struct {
    const char *pdf_path;     /* the PDF to write */
    const char *image_dir;    /* folder for chart-NN-*.png/.svg; NULL: no images */
    const char *font;         /* font family; NULL: PDFDOC_DEFAULT_FONT */
    const char *date;         /* generation date, "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
    const char *author;       /* PDF author metadata; NULL: the plan's region */
    const char *briefing;     /* the text of briefing.txt, laid out on the last pages
                               * (briefpage.h); NULL: none */
    const card_options *card; /* also the summary card (card.h), written with the PNGs; NULL:
                               * none */
    const char *districts;    /* also DIR/<unit>.pdf of every roster unit (see
                               * pdfdoc_write_districts; the folder exists); NULL: none */
    const qtr_rejects *rejects; /* with districts: rejects.csv's rows; NULL: none */
    size_t unit_batch;        /* with districts: units drawn as one document, then cut into
                               * their files (pdfsplit.h); 0: PDFDOC_UNIT_BATCH */
} pdfdoc_options;

/* The units' pages drawn as one document by default (a performance device: pdfdoc.c). */
#define PDFDOC_UNIT_BATCH 16

/* Pages of the PDF: dashboard page(s), trend page(s), the card grid, ranking pages (two
 * indicators each), the task ledger's page when r->tasks is set; the briefing's pages, when
 * given, come after them and are not counted here. */
size_t pdfdoc_page_count(const qtr_report *r);

/* Number of chart images (each as .png and .svg) and the base name of image k
 * ("chart-01-dashboard", "chart-02-trend", "chart-03-ranking-demands", ..., "chart-06-tasks"). */
size_t pdfdoc_image_count(const qtr_report *r);
void pdfdoc_image_name(const qtr_report *r, size_t k, char *buf, size_t size);

/* Writes the PDF, the images, the card (o->card) and the units' PDFs (o->districts). Errors: QTR_ERR_CONFIG (font missing or lacking a glyph),
 * QTR_ERR_CREATE (a file cannot be created), QTR_ERR_WRITE (a write, close or rename failed),
 * QTR_ERR_NOMEM, QTR_ERR_USAGE (a malformed date). Files already renamed into place stay.
 * *fallback (when not NULL) is set to 1 when some text needed a font other than o->font (see
 * lay_canvas_fallback) or the font could not be set up. */
qtr_status pdfdoc_write(const qtr_report *r, const pdfdoc_options *o, int *fallback, qtr_error *err);

/* Writes DIR/<unit>.pdf (DIR = o->districts) for every roster unit (qtr_district_names;
 * the folder exists): its figures and its rows of o->rejects, the 整改清单 (unitpage.h).
 * Same errors as pdfdoc_write; o->pdf_path, image_dir, card and briefing are not used.
 * pdfdoc_write does this too when o->districts is set, sharing the units between its two
 * processes. */
qtr_status pdfdoc_write_districts(const qtr_report *r, const pdfdoc_options *o, int *fallback, qtr_error *err);

#endif
