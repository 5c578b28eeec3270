/* districts.h — what each district's own feedback files are made of (docs/formats.md,
 * districts/): rejects.csv read back (ingest's rejected cells with their unit, period and
 * code) and the file name of a unit's files.
 */
#ifndef QTR_DISTRICTS_H
#define QTR_DISTRICTS_H

#include <stddef.h>

#include "report.h"
#include "status.h"
#include "table.h"
#include "text.h"
#include "words.h"

/* rejects.csv as read: the table and the index of each column (all present). */
typedef struct {
    qtr_table *t;            /* owned */
    long source, line, column, raw, severity, reason, unit, period, code;
    size_t nunitless;        /* rows without a unit */
    qtr_buf unitless_note;   /* qtr_rejects_unitless_note's text, made once by the load */
} qtr_rejects;

/* Loads rejects.csv (ingest's; columns source,line,column,raw,severity,reason,unit,period,code,
 * more allowed). QTR_ERR_OPEN when unread; QTR_ERR_PARSE when malformed or a column is
 * missing. On failure *out is empty (free is still allowed). */
qtr_status qtr_rejects_load(const char *path, qtr_rejects *out, qtr_error *err);

void qtr_rejects_free(qtr_rejects *rj);

/* Rows whose `unit` is unit (exactly), in file order: their indices into idx (room for
 * rj->t->nrows; NULL: count only). Returns how many. */
size_t qtr_rejects_of_unit(const qtr_rejects *rj, const char *unit, size_t *idx);

/* Rows without a unit (problems no unit could be told for: docs/formats.md, rejects.csv `unit`). */
size_t qtr_rejects_unitless(const qtr_rejects *rj);

/* The first sentence of a unit's 整改清单 (its PDF page and its workbook), before its n rows;
 * followed by "：" (the page) or "。" (the workbook). */
#define QTR_DISTRICT_FIX_INTRO "本单位报送的内容有以下 %zu 处问题。请在文件中找到所列的行（表头为第 1 行）和列，" \
                               "按“问题及应当怎样填”改正后重新报送"

/* The note under every unit's 整改清单 when rows without a unit exist ("" when none): how
 * many, the files they are in (the first three in rejects.csv's order, then how many files in
 * all), and that a clerk whose file is among them asks the bureau. Borrowed. */
const char *qtr_rejects_unitless_note(const qtr_rejects *rj);

/* A field of row k ("" when out of range). Borrowed. */
const char *qtr_rejects_get(const qtr_rejects *rj, size_t k, long col);

/* The base names of the roster units' files (docs/formats.md, districts/), unit by unit, all
 * different and each a valid file name with room for ".xlsx" and a temporary suffix: the
 * roster name as it is, with '/' and control characters (bytes below 0x20 and 0x7F) each
 * replaced by '_' and "_" in front of a name that is empty, "." or ".."; cut at a character to
 * QTR_DISTRICT_NAME_MAX bytes when longer; and when an earlier unit has that name already (two
 * roster names that differ only there, "甲/乙" and "甲_乙"), the first of "（2）", "（3）", ...
 * after it that no unit has. nunits strings, or NULL when out of memory; free with
 * qtr_district_names_free. */
#define QTR_DISTRICT_NAME_MAX 200 /* bytes: 255 (a file name) less ".xlsx", ".tmp-<pid>", "（n）" */
char **qtr_district_names(const char *const *units, size_t nunits);
void qtr_district_names_free(char **names, size_t nunits);

/* qtr_district_names of r's roster. */
char **qtr_district_names_of(const qtr_report *r);

/* The figures of a unit's row of indicator i as its files show them, in the columns of
 * QTR_DISTRICT_FIG_HEAD: the indicator (with its unit), the unit's actual, its target or
 * 未分解单位目标, completion (and "增量进度 70.0%" for a stock measured from its baseline,
 * which the status follows) and time progress (without a target of its own: the region's,
 * "全市 72.7%", named by the region total's name), the status label (未评估 without a target), the rank with the previous
 * quarter's ("第2名 ↑2\n上季第4名", "—" when none), 同比 with last year's figure
 * ("+21.1%\n上年同期 76", "—"). Appends to each cell (words.h renders every figure). */
#define QTR_DISTRICT_NFIG 8
extern const char *const QTR_DISTRICT_FIG_HEAD[QTR_DISTRICT_NFIG];

/* A cell that is one figure and nothing else ("1,163", "81.8%"): its value and how words.h
 * writes it, for a workbook cell that holds the number (kind 0: the cell is text). */
typedef enum { QTR_DISTRICT_TEXT = 0, QTR_DISTRICT_FIGURE, QTR_DISTRICT_PERCENT } qtr_district_kind;
typedef struct {
    qtr_district_kind kind;
    qtr_figure fig;        /* QTR_DISTRICT_FIGURE: qtr_words_figure's figure */
    double v;
} qtr_district_num;

/* num (may be NULL): each cell's figure when the cell is only that (QTR_DISTRICT_TEXT else). */
qtr_status qtr_district_figures(const qtr_report *r, int unit, size_t i, qtr_buf cell[QTR_DISTRICT_NFIG],
                                qtr_district_num num[QTR_DISTRICT_NFIG]);

#endif
