/* wbtrace.c — formulas over 数据 for the report's actuals, and their values over the rows 数据
 * holds (wbtrace.h). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbsheets.h"
#include "wbtrace.h"
#include "workbook.h"

struct qtr_wb_trace_key {
    size_t unit;          /* roster index; nunits for a name not on the roster */
    size_t series;        /* plan series index */
    qtr_period period;
    double value;         /* NAN: not reported */
};

static int key_cmp(const void *a, const void *b)
{
    const struct qtr_wb_trace_key *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->series != y->series)
        return x->series < y->series ? -1 : 1;
    return (x->period > y->period) - (x->period < y->period);
}

/* Equal as Excel's criteria compare text: ASCII case ignored. */
static int same_text(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/* Text order with ASCII case ignored (same_text's equality). */
static int fold_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y || x == 0)
            return (x > y) - (x < y);
    }
}

typedef struct {
    const char *name;
    size_t unit;
} named;

static int name_cmp(const void *a, const void *b)
{
    return fold_cmp(((const named *)a)->name, ((const named *)b)->name);
}

/* 1 when Excel reads name as a criterion that matches exactly that text. */
static int plain_criterion(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 255 || strpbrk(name, "*?~\""))
        return 0;
    return name[0] != '<' && name[0] != '>' && name[0] != '=';
}

static size_t unit_of(const qtr_plan *plan, const char *text, size_t len)
{
    long u = qtr_plan_find_unit(plan, text, len);
    if (u >= 0 && same_text(plan->units[u].name, text))
        return (size_t)u;
    for (size_t k = 0; k < plan->nunits; k++)  /* an alias matched: look for the name itself */
        if (same_text(plan->units[k].name, text))
            return k;
    return plan->nunits;
}

/* Every unit's sum of each series and period, added as all_sum would add them: each unit's own
 * sum (its keys in order), units in order. */
static qtr_status totals(qtr_wb_trace *t)
{
    size_t ns = t->in->plan->nseries;
    int seen = 0;
    t->first = t->last = 0;
    for (size_t k = 0; k < t->nkeys; k++) {
        qtr_period p = t->keys[k].period;
        if (p == QTR_PERIOD_NONE)
            continue;
        t->first = seen && t->first < p ? t->first : p;
        t->last = seen && t->last > p ? t->last : p;
        seen = 1;
    }
    size_t np = (size_t)(t->last - t->first) + 1, cells = (ns ? ns : 1) * np;
    t->total = calloc(cells, sizeof *t->total);
    t->reported = calloc(cells, sizeof *t->reported);
    if (!t->total || !t->reported)
        return QTR_ERR_NOMEM;
    for (size_t k = 0; k < t->nkeys;) {
        const struct qtr_wb_trace_key *x = &t->keys[k];
        double sum = 0;
        size_t n = 0, e = k;
        for (; e < t->nkeys && key_cmp(&t->keys[e], x) == 0; e++)
            if (!isnan(t->keys[e].value)) {
                sum += t->keys[e].value;
                n++;
            }
        if (x->period != QTR_PERIOD_NONE && x->series < ns) {
            size_t at = x->series * np + (size_t)(x->period - t->first);
            t->total[at] += sum;
            t->reported[at] += n;
        }
        k = e;
    }
    return QTR_OK;
}

/* Where each (unit, series)'s keys start (they are sorted by unit, series, period): unit_sum
 * looks among that pair's keys, a few dozen periods, instead of all 1.1 million keys at 3,000
 * units x 10 years (its binary search was 5.7% of the workbook stage there; bench/gains.md). */
static qtr_status pairs(qtr_wb_trace *t)
{
    size_t ns = t->in->plan->nseries, np = (t->in->plan->nunits + 1) * ns;
    t->pair_start = malloc((np + 1) * sizeof *t->pair_start);
    if (!t->pair_start)
        return QTR_ERR_NOMEM;
    size_t k = 0;
    for (size_t p = 0; p <= np; p++) {
        while (k < t->nkeys && t->keys[k].unit * ns + t->keys[k].series < p)
            k++;
        t->pair_start[p] = k;
    }
    return QTR_OK;
}

qtr_status qtr_wb_trace_init(qtr_wb_trace *t, const qtr_workbook_input *in, size_t rows)
{
    const qtr_plan *plan = in->plan;
    const qtr_wb_facts *f = &in->facts;
    memset(t, 0, sizeof *t);
    t->in = in;
    t->rows = rows < f->n ? rows : f->n;
    t->keys = malloc((t->rows ? t->rows : 1) * sizeof *t->keys);
    t->plain = calloc(plan->nunits ? plan->nunits : 1, 1);
    for (int c = 0; c <= QTR_WB_DATA_VALUE; c++)
        snprintf(t->range[c], sizeof t->range[c], "'%s'!$%c$2:$%c$%zu", QTR_WB_SHEET_DATA,
                 (char)('A' + c), (char)('A' + c), t->rows + 1);
    size_t *unit_ids = malloc((f->texts.n ? f->texts.n : 1) * sizeof *unit_ids);
    long *series_ids = malloc((f->texts.n ? f->texts.n : 1) * sizeof *series_ids);
    qtr_period *periods = malloc((f->texts.n ? f->texts.n : 1) * sizeof *periods);
    if (!t->keys || !t->plain || !unit_ids || !series_ids || !periods) {
        free(unit_ids);
        free(series_ids);
        free(periods);
        qtr_wb_trace_free(t);
        return QTR_ERR_NOMEM;
    }
    for (size_t k = 0; k < f->texts.n; k++) {
        unit_ids[k] = SIZE_MAX;  /* looked up when first met */
        series_ids[k] = -2;
        periods[k] = QTR_PERIOD_NONE - 1;
    }
    for (size_t r = 0; r < t->rows; r++) {
        const qtr_wb_fact *x = &f->rows[r];
        if (series_ids[x->indicator] == -2)
            series_ids[x->indicator] = qtr_plan_find_series(plan, f->texts.text[x->indicator]);
        if (series_ids[x->indicator] < 0)
            continue;
        if (unit_ids[x->unit] == SIZE_MAX)
            unit_ids[x->unit] = unit_of(plan, f->texts.text[x->unit], f->texts.len[x->unit]);
        struct qtr_wb_trace_key *k = &t->keys[t->nkeys++];
        k->unit = unit_ids[x->unit];
        k->series = (size_t)series_ids[x->indicator];
        if (periods[x->period] == QTR_PERIOD_NONE - 1)
            periods[x->period] = qtr_period_parse(f->texts.text[x->period], f->texts.len[x->period]);
        k->period = periods[x->period];
        k->value = x->value;
    }
    free(unit_ids);
    free(series_ids);
    free(periods);
    qsort(t->keys, t->nkeys, sizeof *t->keys, key_cmp);
    if (totals(t) != QTR_OK || pairs(t) != QTR_OK) {
        qtr_wb_trace_free(t);
        return QTR_ERR_NOMEM;
    }
    /* a name is a criterion of its own when no other roster name matches it too: equal names
     * are neighbours in the roster sorted without case */
    named *order = malloc((plan->nunits ? plan->nunits : 1) * sizeof *order);
    if (!order) {
        qtr_wb_trace_free(t);
        return QTR_ERR_NOMEM;
    }
    for (size_t u = 0; u < plan->nunits; u++) {
        order[u] = (named){plan->units[u].name, u};
        t->plain[u] = (unsigned char)plain_criterion(plan->units[u].name);
    }
    qsort(order, plan->nunits, sizeof *order, name_cmp);
    for (size_t k = 1; k < plan->nunits; k++)
        if (same_text(order[k - 1].name, order[k].name))
            t->plain[order[k - 1].unit] = t->plain[order[k].unit] = 0;
    free(order);
    return QTR_OK;
}

void qtr_wb_trace_free(qtr_wb_trace *t)
{
    free(t->total);
    free(t->reported);
    free(t->keys);
    free(t->plain);
    free(t->pair_start);
    memset(t, 0, sizeof *t);
}

/* The sum of unit u's reported values of series s in period p; *reported: how many. */
static double unit_sum(const qtr_wb_trace *t, size_t u, size_t s, qtr_period p, size_t *reported)
{
    struct qtr_wb_trace_key probe = {u, s, p, 0};
    size_t lo = 0, hi = t->nkeys, ns = t->in->plan->nseries;
    if (t->pair_start && u <= t->in->plan->nunits && s < ns) { /* only that pair's keys */
        lo = t->pair_start[u * ns + s];
        hi = t->pair_start[u * ns + s + 1];
    }
    while (lo < hi) {  /* the first key not below probe */
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(&t->keys[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    double sum = 0;
    *reported = 0;
    for (size_t k = lo; k < t->nkeys && key_cmp(&t->keys[k], &probe) == 0; k++)
        if (!isnan(t->keys[k].value)) {
            sum += t->keys[k].value;
            (*reported)++;
        }
    return sum;
}

/* Every unit's (roster or not) sum of series s in period p (totals). */
static double all_sum(const qtr_wb_trace *t, size_t s, qtr_period p, size_t *reported)
{
    *reported = 0;
    if (!t->total || p == QTR_PERIOD_NONE || p < t->first || p > t->last || s >= t->in->plan->nseries)
        return 0;
    size_t at = s * ((size_t)(t->last - t->first) + 1) + (size_t)(p - t->first);
    *reported = t->reported[at];
    return t->total[at];
}

/* ---------------------------------------------------------------- formula text */

typedef struct {
    char *buf;
    size_t len;
    int full;       /* did not fit */
    const qtr_wb_trace *t;
    const char *units;
} ftext;

static void put(ftext *f, const char *fmt, ...)
{
    if (f->full)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(f->buf + f->len, QTR_WB_TRACE_SIZE - f->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= QTR_WB_TRACE_SIZE - f->len)
        f->full = 1;
    else
        f->len += (size_t)n;
}

/* Text as it is (no format: the common case, tens of thousands of formulas at scale). */
static void put_text(ftext *f, const char *text)
{
    size_t n = strlen(text);
    if (f->full || n >= QTR_WB_TRACE_SIZE - f->len) {
        f->full = 1;
        return;
    }
    memcpy(f->buf + f->len, text, n + 1);
    f->len += n;
}

const char *qtr_wb_trace_column_name(int col)
{
    switch (col) {
    case QTR_WB_DATA_PERIOD: return "facts_period";
    case QTR_WB_DATA_UNIT: return "facts_unit";
    case QTR_WB_DATA_IND: return "facts_indicator";
    case QTR_WB_DATA_VALUE: return "facts_value";
    default: return NULL;
    }
}

lxw_error qtr_wb_trace_names(const qtr_wb_trace *t, lxw_workbook *wb)
{
    if (t->rows == 0 || t->nkeys == 0)
        return LXW_NO_ERROR;
    for (int c = 0; c <= QTR_WB_DATA_VALUE; c++) {
        const char *name = qtr_wb_trace_column_name(c);
        char ref[80];
        if (!name)
            continue;
        snprintf(ref, sizeof ref, "=%s", t->range[c]);
        lxw_error e = workbook_define_name(wb, name, ref);
        if (e != LXW_NO_ERROR)
            return e;
    }
    return LXW_NO_ERROR;
}

/* 数据's column col by its name (qtr_wb_trace_names) */
static void range(ftext *f, int col)
{
    put_text(f, qtr_wb_trace_column_name(col));
}

/* SUMIFS over periods from..to of series s, for unit u (SIZE_MAX: every unit). */
static void sumifs(ftext *f, size_t s, size_t u, qtr_period from, qtr_period to)
{
    char per[16];
    int many = to > from;
    put_text(f, many ? "SUMPRODUCT(SUMIFS(" : "SUMIFS(");
    range(f, QTR_WB_DATA_VALUE);
    if (u != SIZE_MAX) {
        put_text(f, ",");
        range(f, QTR_WB_DATA_UNIT);
        char row[24], *d = row + sizeof row;  /* the row's number (at least 6) */
        *--d = '\0';
        for (size_t n = (size_t)QTR_WB_UNITS_FIRST_ROW + u + 1; n > 0; n /= 10)
            *--d = (char)('0' + n % 10);
        put_text(f, ",");
        put_text(f, f->units);
        put_text(f, "$A$");
        put_text(f, d);
    }
    put_text(f, ",");
    range(f, QTR_WB_DATA_IND);
    put_text(f, ",\"");
    put_text(f, f->t->in->plan->series[s].id);
    put_text(f, "\",");
    range(f, QTR_WB_DATA_PERIOD);
    if (!many) {
        put_text(f, ",\"");
        put_text(f, qtr_period_format(from, per));
        put_text(f, "\")");
        return;
    }
    put_text(f, ",{");
    for (qtr_period q = from; q <= to; q++) {
        put_text(f, q > from ? ",\"" : "\"");
        put_text(f, qtr_period_format(q, per));
        put_text(f, "\"");
    }
    put_text(f, "}))");
}

/* A flow series of unit u (SIZE_MAX: all) summed over from..to. */
static double flow_term(ftext *f, size_t s, size_t u, qtr_period from, qtr_period to)
{
    double sum = 0;
    for (qtr_period q = from; q <= to; q++) {
        size_t n;
        sum += u == SIZE_MAX ? all_sum(f->t, s, q, &n) : unit_sum(f->t, u, s, q, &n);
    }
    sumifs(f, s, u, from, to);
    return sum;
}

/* The quarter a stock of unit u is read from at p: p, else the latest earlier one it reported
 * since the horizon's start, else the baseline quarter; QTR_PERIOD_NONE: none (0). */
static qtr_period stock_quarter(const qtr_wb_trace *t, size_t s, size_t u, qtr_period p)
{
    const qtr_plan *plan = t->in->plan;
    qtr_period start = qtr_period_make(plan->start_year, 1);
    size_t n;
    for (qtr_period q = p; q >= start; q--) {
        unit_sum(t, u, s, q, &n);
        if (n > 0)
            return q;
    }
    qtr_period base = qtr_plan_base_period(plan);
    unit_sum(t, u, s, base, &n);
    return n > 0 ? base : QTR_PERIOD_NONE;
}

/* A stock series' level of unit u, or of the region (SIZE_MAX: the sum of the units' levels). */
static double stock_term(ftext *f, size_t s, size_t u, qtr_period p)
{
    const qtr_wb_trace *t = f->t;
    size_t n, nunits = t->in->plan->nunits;
    if (u != SIZE_MAX) {
        qtr_period q = stock_quarter(t, s, u, p);
        if (q == QTR_PERIOD_NONE) {
            put(f, "0");
            return 0;
        }
        sumifs(f, s, u, q, q);
        return unit_sum(t, u, s, q, &n);
    }
    /* the units that reported p, then each one that did not, from its own quarter */
    double sum = all_sum(t, s, p, &n);
    put(f, "(");
    sumifs(f, s, SIZE_MAX, p, p);
    for (size_t v = 0; v < nunits; v++) {
        unit_sum(t, v, s, p, &n);
        if (n > 0)
            continue;
        qtr_period q = stock_quarter(t, s, v, p);
        if (q == QTR_PERIOD_NONE)
            continue;
        if (!t->plain[v])
            f->full = 1;  /* the name cannot be a criterion */
        put(f, "+");
        sumifs(f, s, v, q, q);
        sum += unit_sum(t, v, s, q, &n);
    }
    put(f, ")");
    return sum;
}

/* Series s as indicator ind reads it at p. */
static double series_term(ftext *f, const qtr_indicator *ind, size_t s, size_t u, qtr_period p)
{
    const qtr_plan *plan = f->t->in->plan;
    if (plan->series[s].stock)
        return stock_term(f, s, u, p);
    qtr_period from = ind->kind == QTR_KIND_PERIOD_FLOW ? qtr_period_make(plan->start_year, 1)
                                                        : qtr_period_make(qtr_period_year(p), 1);
    return flow_term(f, s, u, from, p);
}

/* A unit's coverage: 1 when its series, read like its kind, reaches the minimum, else 0
 * (IF(series>=minimum,1,0)); the region's: the share of the roster's units covered, those IF
 * terms summed over the roster and divided by its size (too long for a large roster). */
static double coverage_term(ftext *f, const qtr_indicator *ind, size_t u, qtr_period p)
{
    const qtr_wb_trace *t = f->t;
    size_t s = (size_t)ind->series, n = t->in->plan->nunits, covered = 0;
    size_t from = u == SIZE_MAX ? 0 : u, to = u == SIZE_MAX ? n : u + 1;
    if (u == SIZE_MAX)
        put(f, "(");
    for (size_t v = from; v < to && !f->full; v++) {
        if (!t->plain[v])
            f->full = 1;  /* the name cannot be a criterion */
        put(f, v > from ? "+IF(" : "IF(");
        double x = series_term(f, ind, s, v, p);
        put(f, ">=%.17g,1,0)", ind->minimum);
        covered += x >= ind->minimum;
    }
    if (u != SIZE_MAX)
        return (double)covered;
    put(f, ")/%zu", n);
    return n ? (double)covered / (double)n : NAN;
}

static int usable(const qtr_wb_trace *t, int unit)
{
    if (t->rows == 0 || t->nkeys == 0)
        return 0;
    return unit < 0 || ((size_t)unit < t->in->plan->nunits && t->plain[unit]);
}

int qtr_wb_trace_actual(const qtr_wb_trace *t, size_t i, int unit, qtr_period p, const char *units,
                        char *buf, double *value)
{
    const qtr_indicator *ind = qtr_wb_indicator(t->in, i);
    ftext f = {buf, 0, 0, t, units};
    size_t u = unit < 0 ? SIZE_MAX : (size_t)unit;
    *value = NAN;
    if (!usable(t, unit) || ind->series < 0)
        return 0;
    put(&f, "=");
    switch (ind->kind) {
    case QTR_KIND_FLOW:
    case QTR_KIND_PERIOD_FLOW:
    case QTR_KIND_STOCK:
        *value = series_term(&f, ind, (size_t)ind->series, u, p);
        break;
    case QTR_KIND_RATIO: {
        if (ind->denominator < 0)
            return 0;
        put(&f, "(");
        double num = series_term(&f, ind, (size_t)ind->series, u, p);
        put(&f, ")/(");
        double den = series_term(&f, ind, (size_t)ind->denominator, u, p);
        put(&f, ")");
        if (ind->factor != 1)
            put(&f, "*%.17g", ind->factor);
        if (den == 0)
            return 0;
        *value = num / den * ind->factor;
        break;
    }
    case QTR_KIND_COVERAGE:
        if (t->in->plan->nunits == 0)
            return 0;
        *value = coverage_term(&f, ind, u, p);
        break;
    default:
        return 0;
    }
    return !f.full;
}

int qtr_wb_trace_amount(const qtr_wb_trace *t, size_t i, qtr_period p, const char *units,
                        char *buf, double *value)
{
    const qtr_indicator *ind = qtr_wb_indicator(t->in, i);
    *value = NAN;
    if (ind->kind == QTR_KIND_STOCK || ind->kind == QTR_KIND_RATIO ||
        ind->kind == QTR_KIND_COVERAGE)  /* the quarter's level */
        return qtr_wb_trace_actual(t, i, -1, p, units, buf, value);
    if ((ind->kind != QTR_KIND_FLOW && ind->kind != QTR_KIND_PERIOD_FLOW) || !usable(t, -1) ||
        ind->series < 0)
        return 0;
    ftext f = {buf, 0, 0, t, units};
    put(&f, "=");
    *value = flow_term(&f, (size_t)ind->series, SIZE_MAX, p, p);
    return !f.full;
}

int qtr_wb_traced(qtr_wb_sheet *s, lxw_row_t r, lxw_col_t c, const qtr_indicator *ind, double v,
                  int missing, int ok, const char *formula, double computed)
{
    if (!ok || !isfinite(v) || !qtr_wb_reproduces(computed, v)) {
        qtr_wb_value(s, r, c, ind, QTR_FIG_ACTUAL, v, missing);
        if (isfinite(v))
            qtr_wb_note(s, r, c, strcmp(s->name, QTR_WB_SHEET_QUARTERLY) == 0
                                     ? "数值，不是公式：由 qtr-compare 计算，见 quarterly.csv。对“数据”表的公式算不出"
                                       "这个数（“数据”表未列出全部事实，或单位名称不能作为条件，或公式过长）。"
                                     : "数值，不是公式：由 qtr-compare 计算，见 progress.csv。对“数据”表的公式算不出"
                                       "这个数（“数据”表未列出全部事实，或单位名称不能作为条件，或公式过长）。");
        return 0;
    }
    qtr_wb_numfmt f = qtr_wb_numfmt_of(ind, QTR_FIG_ACTUAL, v);
    qtr_wb_formula(s, r, c, formula, qtr_wb_held(ind, QTR_FIG_ACTUAL, v),
                   missing ? s->st->num_miss[f] : s->st->num[f], f);
    if (missing)
        qtr_wb_measure(s, c, qtr_wb_number_width(v, f) + 1.1);  /* the "*" */
    return 1;
}
