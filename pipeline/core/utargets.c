/* utargets.c — reads [units] targets_file, the units' targets (任务分解), into the plan and
 * checks them against the region's targets (see utargets.h, docs/config.md).
 */
#include "utargets.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "text.h"
#include "words.h"

/* ---------------------------------------------------------------- errors */

typedef struct {
    qtr_plan *plan;
    const char *path;
    qtr_error *err;
    long *given;             /* [indicator][unit]: line of the file's row, 0 when none */
} reader;

static qtr_status row_error(reader *r, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static qtr_status row_error(reader *r, long line, long column, const char *fmt, ...)
{
    if (!r->err)
        return QTR_ERR_CONFIG;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    qtr_utf8_fix_tail(msg);
    qtr_error_set(r->err, QTR_ERR_CONFIG, r->path, line, column, "%s", msg);
    snprintf(r->err->section, sizeof r->err->section, "units");
    snprintf(r->err->key, sizeof r->err->key, "targets_file");
    return QTR_ERR_CONFIG;
}

/* ---------------------------------------------------------------- one row */

/* A target as written in the file: digits with an optional decimal part ("40", "12.5"). */
static int parse_target(const char *s, size_t n, double *out)
{
    char buf[64];
    int dot = 0, digits = 0;
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' && !dot && digits)
            dot = 1;
        else if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else
            return -1;
    }
    if (s[n - 1] == '.')
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return qtr_double_parse(buf, out);
}

/* Up to max bytes of a cell for a message, control characters made visible. */
static char *shown(const char *s, size_t n)
{
    return qtr_excerpt(s, n, 60);
}

static qtr_status read_row(reader *r, const qtr_table *t, size_t row, const long col[3])
{
    qtr_plan *p = r->plan;
    long line = t->lines[row];
    size_t un = strlen(qtr_table_get(t, row, col[0]));
    size_t in = strlen(qtr_table_get(t, row, col[1]));
    size_t tn = strlen(qtr_table_get(t, row, col[2]));
    const char *us = qtr_trim(qtr_table_get(t, row, col[0]), &un);
    const char *is = qtr_trim(qtr_table_get(t, row, col[1]), &in);
    const char *ts = qtr_trim(qtr_table_get(t, row, col[2]), &tn);
    if (!un && !in && !tn)
        return QTR_OK; /* a blank line a spreadsheet left */
    char *u_txt = shown(us, un), *i_txt = shown(is, in), *t_txt = shown(ts, tn);
    qtr_status st = u_txt && i_txt && t_txt ? QTR_OK : QTR_ERR_NOMEM;
    char id[128];
    long unit = -1, ind = -1;
    double v = 0;
    if (st == QTR_OK && (unit = qtr_plan_find_unit(p, us, un)) < 0)
        st = qtr_plan_is_total(p, us, un)
                 ? row_error(r, line, col[0] + 1, "'%s' is the region's total; its targets are the "
                                                  "config's, not the file's", u_txt)
                 : row_error(r, line, col[0] + 1, "'%s' is not a unit of the roster", u_txt);
    if (st == QTR_OK) {
        if (in < sizeof id) {
            memcpy(id, is, in);
            id[in] = '\0';
            ind = qtr_plan_find_indicator(p, id);
        }
        if (ind < 0)
            st = row_error(r, line, col[1] + 1, "'%s' is not an indicator of [plan] indicators", i_txt);
    }
    if (st == QTR_OK && (parse_target(ts, tn, &v) != 0 || !(v > 0)))
        st = row_error(r, line, col[2] + 1, "target '%s' is not a number > 0", t_txt);
    qtr_indicator *x = st == QTR_OK ? &p->indicators[ind] : NULL;
    long *given = x ? &r->given[(size_t)ind * p->nunits + (size_t)unit] : NULL;
    if (x && *given)
        st = row_error(r, line, col[0] + 1, "%s %s is given twice (first on line %ld)",
                       p->units[unit].name, x->id, *given);
    else if (x && x->unit_targets && !isnan(x->unit_targets[unit]))
        st = row_error(r, line, col[0] + 1, "%s %s is also given by [indicator.%s] unit_targets",
                       p->units[unit].name, x->id, x->id);
    if (x && st == QTR_OK && !x->unit_targets) {
        if (!(x->unit_targets = malloc(p->nunits * sizeof *x->unit_targets)))
            st = QTR_ERR_NOMEM;
        for (size_t k = 0; st == QTR_OK && k < p->nunits; k++)
            x->unit_targets[k] = NAN;
    }
    if (x && st == QTR_OK) {
        x->unit_targets[unit] = v;
        *given = line;
    }
    free(u_txt);
    free(i_txt);
    free(t_txt);
    if (st == QTR_ERR_NOMEM)
        qtr_error_set(r->err, st, r->path, line, 0, "out of memory");
    return st;
}

/* ---------------------------------------------------------------- the file */

qtr_status qtr_utargets_load(qtr_plan *plan, const char *path, qtr_error *err)
{
    reader r = {plan, path, err, NULL};
    qtr_table *t;
    qtr_error terr = {0};
    qtr_status st = qtr_table_load_any(path, &t, &terr);
    if (st != QTR_OK) { /* unreadable, undecodable or bad CSV: a configuration error */
        if (st == QTR_ERR_NOMEM)
            return qtr_error_set(err, st, path, 0, 0, "out of memory");
        return row_error(&r, terr.line, terr.column, "%s",
                         st == QTR_ERR_OPEN ? "cannot read the unit targets file" : terr.message);
    }
    static const char *const names[3] = {"unit", "indicator", "target"};
    long col[3];
    for (size_t c = 0; c < 3 && st == QTR_OK; c++)
        if ((col[c] = qtr_table_col(t, names[c])) < 0)
            st = row_error(&r, 1, 0, "needs the columns unit,indicator,target (no '%s')", names[c]);
    if (st == QTR_OK && !(r.given = calloc(plan->nindicators * plan->nunits + 1, sizeof *r.given)))
        st = qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    for (size_t row = 0; row < t->nrows && st == QTR_OK; row++)
        st = read_row(&r, t, row, col);
    free(r.given);
    qtr_table_free(t);
    return st;
}

/* ---------------------------------------------------------------- the check */

/* A sum of targets or its shortfall as written: the indicator's figure, or with up to 2 decimals
 * when a count is not whole (12.5 个 read as 13 would not add up with the shortfall). */
static char *figure(const qtr_indicator *ind, double v, char *buf, size_t size)
{
    if (qtr_words_numkind(ind) == QTR_NUM_COUNT && fabs(v - round(v)) > 1e-9) {
        qtr_words_number(v, fabs(v * 10 - round(v * 10)) > 1e-9 ? 2 : 1, buf, size);
        return buf;
    }
    return qtr_words_figure(ind, QTR_FIG_ACTUAL, v, buf, size);
}

static int summable(const qtr_indicator *ind)
{
    return ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW ||
           ind->kind == QTR_KIND_STOCK;
}

qtr_status qtr_utargets_check(qtr_plan *plan)
{
    for (size_t i = 0; i < plan->nindicators; i++) {
        const qtr_indicator *ind = &plan->indicators[i];
        if (!ind->unit_targets || !summable(ind) || isnan(ind->target))
            continue;
        double sum = 0;
        for (size_t u = 0; u < plan->nunits; u++)
            sum += isnan(ind->unit_targets[u]) ? 0 : ind->unit_targets[u];
        if (sum >= ind->target * (1 - 1e-12))
            continue;
        char a[QTR_WORDS_NUM], b[QTR_WORDS_NUM], c[QTR_WORDS_NUM];
        qtr_buf msg = {0};
        /* English: the units' targets of X add up to A, short of the region's target B by C */
        qtr_status st = qtr_buf_printf(
            &msg, "[indicator.%s] %s：各单位目标合计 %s %s，低于%s目标 %s %s，尚差 %s %s", ind->id,
            ind->name, figure(ind, sum, a, sizeof a), ind->unit, plan->total_name,
            figure(ind, ind->target, b, sizeof b), ind->unit,
            figure(ind, ind->target - sum, c, sizeof c), ind->unit);
        if (st == QTR_OK)
            st = qtr_strlist_add(&plan->warnings, qtr_buf_str(&msg), msg.len);
        qtr_buf_free(&msg);
        if (st != QTR_OK)
            return st;
    }
    return QTR_OK;
}
