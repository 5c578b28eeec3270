/* districts.c — rejects.csv read back and the names of the districts' files (districts.h). */
#include "districts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

const char *const QTR_DISTRICT_FIG_HEAD[QTR_DISTRICT_NFIG] = {
    "指标（计量单位）", "本单位实际", "单位目标", "完成率", "序时进度", "状态", "排名", "同比"};

/* A growth with its sign: "+5.0%", "−7.1%", "0.0%" (as the charts' rankings write it). */
static char *signed_percent(double g, char *buf, size_t size)
{
    char num[QTR_WORDS_NUM - 8]; /* room for the sign in buf */
    qtr_words_percent(fabs(g), num, sizeof num);
    int zero = strcmp(num, "0.0%") == 0;
    snprintf(buf, size, "%s%s", zero ? "" : g > 0 ? "+" : "−", num);
    return buf;
}


static qtr_status make_unitless_note(qtr_rejects *rj);

qtr_status qtr_rejects_load(const char *path, qtr_rejects *out, qtr_error *err)
{
    memset(out, 0, sizeof *out);
    qtr_status st = qtr_table_load(path, &out->t, err);
    static const char *const names[] = {"source", "line", "column", "raw", "severity",
                                        "reason", "unit", "period", "code"};
    long *cols[] = {&out->source, &out->line, &out->column, &out->raw, &out->severity,
                    &out->reason, &out->unit, &out->period, &out->code};
    for (size_t k = 0; k < sizeof names / sizeof names[0] && st == QTR_OK; k++)
        st = qtr_table_require(out->t, path, names[k], cols[k], err);
    if (st == QTR_OK && (st = make_unitless_note(out)) != QTR_OK)
        qtr_error_set(err, st, path, 0, 0, "out of memory");
    if (st != QTR_OK)
        qtr_rejects_free(out);
    return st;
}

void qtr_rejects_free(qtr_rejects *rj)
{
    qtr_table_free(rj->t);
    rj->t = NULL;
    qtr_buf_free(&rj->unitless_note);
}

size_t qtr_rejects_of_unit(const qtr_rejects *rj, const char *unit, size_t *idx)
{
    size_t n = 0;
    for (size_t k = 0; rj->t && k < rj->t->nrows; k++)
        if (unit[0] && strcmp(qtr_table_get(rj->t, k, rj->unit), unit) == 0) {
            if (idx)
                idx[n] = k;
            n++;
        }
    return n;
}

size_t qtr_rejects_unitless(const qtr_rejects *rj)
{
    return rj->nunitless;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define UNITLESS_FILES_SHOWN 3

/* Makes rj->unitless_note (docs/formats.md, districts/). */
static qtr_status make_unitless_note(qtr_rejects *rj)
{
    qtr_buf *out = &rj->unitless_note;
    size_t n = 0;
    for (size_t k = 0; k < rj->t->nrows; k++)
        n += qtr_table_get(rj->t, k, rj->unit)[0] == '\0';
    rj->nunitless = n;
    if (n == 0)
        return QTR_OK;
    const char **src = malloc(n * sizeof *src);
    if (!src)
        return QTR_ERR_NOMEM;
    size_t m = 0;
    for (size_t k = 0; k < rj->t->nrows; k++)
        if (qtr_table_get(rj->t, k, rj->unit)[0] == '\0')
            src[m++] = qtr_table_get(rj->t, k, rj->source);
    const char *shown[UNITLESS_FILES_SHOWN];
    size_t nshown = 0;
    for (size_t k = 0; k < m && nshown < UNITLESS_FILES_SHOWN; k++) {
        int seen = src[k][0] == '\0'; /* a finding about the data as a whole names no file */
        for (size_t j = 0; j < nshown && !seen; j++)
            seen = strcmp(shown[j], src[k]) == 0;
        if (!seen)
            shown[nshown++] = src[k];
    }
    qsort(src, m, sizeof *src, cmp_str);
    size_t files = 0;
    for (size_t k = 0; k < m; k++)
        files += src[k][0] != '\0' && (k == 0 || strcmp(src[k], src[k - 1]) != 0);
    free(src);
    /* English: N more problems could not be told to be any unit's (in files A, B and C [and N
     * files in all]); if the unit sent one of these files, ask the office collecting the data */
    qtr_status st = qtr_buf_printf(out, "另有 %zu 处问题无法确定属于哪个单位", n);
    for (size_t j = 0; j < nshown && st == QTR_OK; j++)
        st = qtr_buf_printf(out, "%s%s", j ? "、" : "（见于文件 ", shown[j]);
    if (st == QTR_OK && files > nshown)
        st = qtr_buf_printf(out, " 等 %zu 个文件", files);
    if (st == QTR_OK && nshown)
        st = qtr_buf_puts(out, "）");
    if (st == QTR_OK)
        st = qtr_buf_puts(out, nshown ? "；如其中有本单位报送的文件，请向汇总部门了解详情。"
                                      : "；如有疑问，请向汇总部门了解详情。");
    return st;
}

const char *qtr_rejects_unitless_note(const qtr_rejects *rj)
{
    return qtr_buf_str(&rj->unitless_note);
}

const char *qtr_rejects_get(const qtr_rejects *rj, size_t k, long col)
{
    return rj->t ? qtr_table_get(rj->t, k, col) : "";
}

/* The name before collisions: sanitised, cut at a character to QTR_DISTRICT_NAME_MAX bytes. */
static char *base_name(const char *unit)
{
    size_t n = strlen(unit);
    int prefix = n == 0 || strcmp(unit, ".") == 0 || strcmp(unit, "..") == 0;
    if (n > QTR_DISTRICT_NAME_MAX) {
        n = QTR_DISTRICT_NAME_MAX;
        while (n > 0 && ((unsigned char)unit[n] & 0xC0) == 0x80) /* unit[n] starts the cut part */
            n--;
    }
    char *b = malloc(n + 2);
    if (!b)
        return NULL;
    size_t o = 0;
    if (prefix)
        b[o++] = '_';
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)unit[k];
        b[o++] = ch == '/' || ch < 0x20 || ch == 0x7F ? '_' : (char)ch;
    }
    b[o] = '\0';
    return b;
}

/* A set of strings (borrowed), open addressing: the names given so far. */
typedef struct {
    const char **slot;
    size_t mask;
} name_set;

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Adds s; 0 when it was there already. */
static int name_add(name_set *set, const char *s)
{
    size_t i = name_hash(s) & set->mask;
    for (; set->slot[i]; i = (i + 1) & set->mask)
        if (strcmp(set->slot[i], s) == 0)
            return 0;
    set->slot[i] = s;
    return 1;
}

static int name_has(const name_set *set, const char *s)
{
    for (size_t i = name_hash(s) & set->mask; set->slot[i]; i = (i + 1) & set->mask)
        if (strcmp(set->slot[i], s) == 0)
            return 1;
    return 0;
}

void qtr_district_names_free(char **names, size_t nunits)
{
    for (size_t u = 0; names && u < nunits; u++)
        free(names[u]);
    free(names);
}

char **qtr_district_names(const char *const *units, size_t nunits)
{
    char **names = calloc(nunits ? nunits : 1, sizeof *names);
    char **base = calloc(nunits ? nunits : 1, sizeof *base);
    name_set plain = {NULL, 0}, given = {NULL, 0};
    size_t cap = 4;
    while (cap < 2 * nunits + 2)
        cap *= 2;
    plain.slot = calloc(cap, sizeof *plain.slot);
    given.slot = calloc(cap, sizeof *given.slot);
    plain.mask = given.mask = cap - 1;
    int ok = names && base && plain.slot && given.slot;
    for (size_t u = 0; ok && u < nunits; u++)
        if (!(base[u] = base_name(units[u])))
            ok = 0;
        else
            name_add(&plain, base[u]); /* every unit's name before collisions, taken or not */
    /* in roster order: its own name when free, else the first "（k）" no unit has */
    for (size_t u = 0; ok && u < nunits; u++) {
        if (name_add(&given, base[u])) {
            names[u] = base[u];
            base[u] = NULL;
            continue;
        }
        size_t len = strlen(base[u]);
        char *c = malloc(len + 32);
        if (!c) {
            ok = 0;
            break;
        }
        for (unsigned long k = 2;; k++) {
            snprintf(c, len + 32, "%s（%lu）", base[u], k);
            if (!name_has(&plain, c) && name_add(&given, c))
                break;
        }
        names[u] = c;
    }
    for (size_t u = 0; base && u < nunits; u++)
        free(base[u]);
    free(base);
    free(plain.slot);
    free(given.slot);
    if (!ok) {
        qtr_district_names_free(names, nunits);
        return NULL;
    }
    return names;
}

char **qtr_district_names_of(const qtr_report *r)
{
    const char **units = malloc((r->nunits ? r->nunits : 1) * sizeof *units);
    if (!units)
        return NULL;
    for (size_t u = 0; u < r->nunits; u++)
        units[u] = qtr_report_unit_name(r, (int)u);
    char **names = qtr_district_names(units, r->nunits);
    free(units);
    return names;
}

/* Marks cell c of num as the figure v alone. */
static void plain(qtr_district_num *num, int c, qtr_district_kind kind, qtr_figure fig, double v)
{
    if (num) {
        num[c].kind = kind;
        num[c].fig = fig;
        num[c].v = v;
    }
}

qtr_status qtr_district_figures(const qtr_report *r, int unit, size_t i, qtr_buf cell[QTR_DISTRICT_NFIG],
                                qtr_district_num num[QTR_DISTRICT_NFIG])
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    const qtr_progress_row *row = qtr_report_row(r, unit, i);
    const qtr_progress_row *city = qtr_report_row(r, -1, i);
    char v[QTR_WORDS_NUM], p[QTR_WORDS_NUM];
    if (num)
        memset(num, 0, QTR_DISTRICT_NFIG * sizeof *num);
    qtr_status st = qtr_buf_printf(&cell[0], "%s%s%s%s", ind->name, ind->unit && ind->unit[0] ? "（" : "",
                                   ind->unit ? ind->unit : "", ind->unit && ind->unit[0] ? "）" : "");
    if (st == QTR_OK) {
        if (isnan(row->actual))
            st = qtr_buf_puts(&cell[1], "—");
        else if (ind->kind == QTR_KIND_COVERAGE)
            st = qtr_buf_puts(&cell[1], row->actual > 0 ? "已覆盖" : "未覆盖");
        else {
            st = qtr_buf_puts(&cell[1], qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, v, sizeof v));
            plain(num, 1, QTR_DISTRICT_FIGURE, QTR_FIG_ACTUAL, row->actual);
        }
    }
    if (st == QTR_OK && row->has_target) {
        st = qtr_buf_puts(&cell[2], qtr_words_figure(ind, QTR_FIG_NEEDED, row->target, v, sizeof v));
        plain(num, 2, QTR_DISTRICT_FIGURE, QTR_FIG_NEEDED, row->target);
        if (st == QTR_OK)
            st = qtr_buf_puts(&cell[3], qtr_words_percent(row->completion, p, sizeof p));
        if (!isnan(row->completion))
            plain(num, 3, QTR_DISTRICT_PERCENT, QTR_FIG_ACTUAL, row->completion);
        if (st == QTR_OK && !isnan(row->baseline)) { /* a stock measured from its baseline */
            st = qtr_buf_printf(&cell[3], "\n增量进度 %s", qtr_words_percent(row->progress, p, sizeof p));
            plain(num, 3, QTR_DISTRICT_TEXT, QTR_FIG_ACTUAL, 0);
        }
        if (st == QTR_OK)
            st = qtr_buf_puts(&cell[4], qtr_words_percent(row->time_progress, p, sizeof p));
        if (!isnan(row->time_progress))
            plain(num, 4, QTR_DISTRICT_PERCENT, QTR_FIG_ACTUAL, row->time_progress);
        if (st == QTR_OK)
            st = qtr_buf_puts(&cell[5], qtr_status_label(row->status));
    } else if (st == QTR_OK) {
        /* no target of the unit's own: the region's completion and pace for comparison */
        const char *total = qtr_report_unit_name(r, -1);
        st = qtr_buf_puts(&cell[2], "未分解单位目标");
        if (st == QTR_OK)
            st = qtr_buf_printf(&cell[3], "%s%s%s", isnan(city->completion) ? "" : total,
                                isnan(city->completion) ? "" : " ", qtr_words_percent(city->completion, p, sizeof p));
        if (st == QTR_OK)
            st = qtr_buf_printf(&cell[4], "%s%s%s", isnan(city->time_progress) ? "" : total,
                                isnan(city->time_progress) ? "" : " ", qtr_words_percent(city->time_progress, p, sizeof p));
        if (st == QTR_OK)
            st = qtr_buf_puts(&cell[5], qtr_status_label(QTR_STATUS_NONE));
    }
    if (st == QTR_OK) {
        if (row->rank <= 0)
            st = qtr_buf_puts(&cell[6], "—");
        else
            st = qtr_buf_printf(&cell[6], "第%d名", row->rank);
        if (st == QTR_OK && row->rank > 0 && row->rank_prev > 0) {
            if (row->rank == row->rank_prev)
                st = qtr_buf_puts(&cell[6], "\n与上季持平");
            else
                st = qtr_buf_printf(&cell[6], " %s%d\n上季第%d名", row->rank < row->rank_prev ? "↑" : "↓",
                                    abs(row->rank - row->rank_prev), row->rank_prev);
        }
    }
    if (st == QTR_OK) {
        if (isnan(row->yoy_growth))
            st = qtr_buf_puts(&cell[7], "—");
        else
            st = qtr_buf_printf(&cell[7], "%s\n上年同期 %s", signed_percent(row->yoy_growth, p, sizeof p),
                                qtr_words_figure(ind, QTR_FIG_ACTUAL, row->prev_year_actual, v, sizeof v));
    }
    return st;
}

