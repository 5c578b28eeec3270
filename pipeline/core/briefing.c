/* briefing.c — the quarter's 文字通报 from the report model (see briefing.h). */
#include "briefing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvw.h"
#include "words.h"

#define LEAD_MAX 3           /* units named as leading, and as lagging */
#define TIE_MAX 5            /* a tied group larger than this is not named */

/* ---------------------------------------------------------------- small words */

/* 一 … 九十九 (section and item numbers). */
static const char *cn_number(size_t n, char *buf, size_t size)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10)
        snprintf(buf, size, "%s", d[n]);
    else if (n < 20)
        snprintf(buf, size, "十%s", d[n % 10]);
    else if (n < 100)
        snprintf(buf, size, "%s十%s", d[n / 10], d[n % 10]);
    else
        snprintf(buf, size, "%u", (unsigned)(n % 100000u));
    return buf;
}

/* The indicator's unit after a figure (" 个"), nothing for a percentage. */
static const char *unit_after(const qtr_indicator *ind)
{
    return qtr_words_unit_is_percent(ind->unit) ? "" : ind->unit;
}

/* "同比增长 11.6%（上年同期 1,042 个）", "同比下降 …", "与上年同期持平（…）", or why there is none. */
static qtr_status yoy_words(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out)
{
    char p[QTR_WORDS_NUM], y[QTR_WORDS_NUM];
    const char *u = unit_after(ind), *sp = *u ? " " : "";
    if (isnan(row->prev_year_actual))
        return qtr_buf_puts(out, "无上年同期完整数据，不作同比");
    qtr_words_figure(ind, QTR_FIG_ACTUAL, row->prev_year_actual, p, sizeof p);
    if (isnan(row->yoy_growth))
        return qtr_buf_printf(out, "上年同期为 %s%s%s，不作同比", p, sp, u);
    qtr_words_percent(fabs(row->yoy_growth), y, sizeof y);
    if (strcmp(y, "0.0%") == 0)
        return qtr_buf_printf(out, "与上年同期持平（上年同期 %s%s%s）", p, sp, u);
    return qtr_buf_printf(out, "同比%s %s（上年同期 %s%s%s）", row->yoy_growth > 0 ? "增长" : "下降",
                          y, p, sp, u);
}

/* The mark of a figure that includes a quarter not reported or rejected, as the PDF writes it
 * ("缺报Q2、Q3"), between before and after; nothing when the row misses no quarter. */
static qtr_status missing_mark(const qtr_progress_row *row, const char *before, const char *after,
                               qtr_buf *out)
{
    if (!row->missing[0])
        return QTR_OK;
    qtr_status st = qtr_buf_printf(out, "%s缺报", before);
    if (st == QTR_OK)
        st = qtr_words_missing(row->missing, out);
    return st == QTR_OK ? qtr_buf_puts(out, after) : st;
}

/* The names with status s, joined by '、' (nothing when none; *n counts them): of the
 * indicators whose region row has it (unit_rows 0), or of the units whose row of indicator
 * ind has it (unit_rows 1). */
static qtr_status names_with_status(const qtr_report *r, int unit_rows, size_t ind,
                                    qtr_progress_status s, qtr_buf *out, size_t *n)
{
    qtr_status st = QTR_OK;
    *n = 0;
    size_t count = unit_rows ? r->nunits : r->nind;
    for (size_t k = 0; st == QTR_OK && k < count; k++) {
        const qtr_progress_row *row =
            unit_rows ? qtr_report_row(r, (int)k, ind) : qtr_report_row(r, -1, k);
        if (row->status != s)
            continue;
        if (unit_rows) /* an indicator's name may hold a '、' itself: quoted */
            st = qtr_buf_printf(out, "%s%s", (*n)++ ? "、" : "", r->plan->units[k].name);
        else
            st = qtr_buf_printf(out, "%s“%s”", (*n)++ ? "、" : "", r->plan->indicators[k].name);
    }
    return st;
}

/* ---------------------------------------------------------------- sections */

static qtr_status title(const qtr_report *r, qtr_buf *out)
{
    char cn[32];
    return qtr_buf_printf(out, "%s\n%s推进情况通报\n", r->plan->name,
                          qtr_period_format_cn(r->period, cn));
}

static qtr_status overall(const qtr_report *r, qtr_buf *out)
{
    qtr_status st = qtr_buf_puts(out, "\n一、总体情况\n");
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, out);
    if (st == QTR_OK)
        st = qtr_buf_printf(out, "，%s。", r->sum.headline);
    static const qtr_progress_status named[] = {QTR_STATUS_LAGGING, QTR_STATUS_CRITICAL,
                                                QTR_STATUS_MISSED};
    const char *lead = "其中";
    for (size_t k = 0; st == QTR_OK && k < sizeof named / sizeof named[0]; k++) {
        if (!r->sum.count[named[k]])
            continue;
        qtr_buf names = {0};
        size_t n;
        st = names_with_status(r, 0, 0, named[k], &names, &n);
        if (st == QTR_OK)
            st = qtr_buf_printf(out, "%s%s的是%s", lead, qtr_status_label(named[k]), qtr_buf_str(&names));
        qtr_buf_free(&names);
        lead = "；";
    }
    if (st == QTR_OK && strcmp(lead, "其中") != 0)
        st = qtr_buf_puts(out, "。");
    return st == QTR_OK ? qtr_buf_puts(out, "\n") : st;
}

static qtr_status indicators(const qtr_report *r, qtr_buf *out)
{
    qtr_status st = qtr_buf_puts(out, "\n二、各项指标完成情况\n");
    for (size_t i = 0; st == QTR_OK && i < r->nind; i++) {
        const qtr_indicator *ind = &r->plan->indicators[i];
        const qtr_progress_row *row = qtr_report_row(r, -1, i);
        char n[16];
        st = qtr_buf_printf(out, "（%s）%s（%s）：", cn_number(i + 1, n, sizeof n), ind->name,
                            qtr_status_label(row->status));
        if (st == QTR_OK)
            st = qtr_words_summary(ind, row, out);
        if (st == QTR_OK && row->status == QTR_STATUS_NONE) {
            qtr_buf why = {0};
            st = qtr_words_no_status(r->plan, ind, -1, row, r->period, &why);
            if (st == QTR_OK && why.len)
                st = qtr_buf_printf(out, "（%s）", qtr_buf_str(&why));
            qtr_buf_free(&why);
        }
        if (st == QTR_OK)
            st = missing_mark(row, "（含", "）", out);
        if (st == QTR_OK)
            st = qtr_buf_puts(out, "；");
        /* a year's implied target and how it was derived (docs/formulas.md, implied yearly
         * targets): the dashboard's second line may have no room for it */
        size_t mark = out->len;
        if (st == QTR_OK && (st = qtr_words_implied(ind, row, out)) == QTR_OK && out->len > mark)
            st = qtr_buf_puts(out, "；");
        if (st == QTR_OK)
            st = yoy_words(ind, row, out);
        if (st == QTR_OK)
            st = qtr_buf_puts(out, "。\n");
    }
    return st;
}

/* ---------------------------------------------------------------- the units */

typedef struct {
    int unit;
    int rank;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rank != y->rank)
        return (x->rank > y->rank) - (x->rank < y->rank);
    return (x->unit > y->unit) - (x->unit < y->unit);
}

/* The unit rows of indicator i with a rank (yoy: yoy_rank), best first, into v; returns how
 * many. */
static size_t ranked_rows(const qtr_report *r, size_t i, int yoy, ranked *v)
{
    size_t n = 0;
    for (size_t u = 0; u < r->nunits; u++) {
        const qtr_progress_row *row = qtr_report_row(r, (int)u, i);
        int rank = yoy ? row->yoy_rank : row->rank;
        if (rank > 0)
            v[n++] = (ranked){(int)u, rank};
    }
    qsort(v, n, sizeof *v, ranked_cmp);
    return n;
}

/* How many of v[from..) (or, backwards, of v[..to)) to name: whole groups of equal rank, at
 * most LEAD_MAX units, or one group of up to TIE_MAX; ties are never split. */
static size_t take_front(const ranked *v, size_t from, size_t to)
{
    size_t k = from;
    while (k < to) {
        size_t g = k;
        while (g < to && v[g].rank == v[k].rank)
            g++;
        if (g - from > LEAD_MAX && !(k == from && g - k <= TIE_MAX))
            break;
        k = g;
        if (k - from >= LEAD_MAX)
            break;
    }
    return k - from;
}

static size_t take_back(const ranked *v, size_t from, size_t to)
{
    size_t k = to;
    while (k > from) {
        size_t g = k;
        while (g > from && v[g - 1].rank == v[k - 1].rank)
            g--;
        if (to - g > LEAD_MAX && !(k == to && k - g <= TIE_MAX))
            break;
        k = g;
        if (to - k >= LEAD_MAX)
            break;
    }
    return to - k;
}

/* The row grew on the year as people read it (more than 0.0%). */
static int grew(const qtr_progress_row *row)
{
    char y[QTR_WORDS_NUM];
    return row->yoy_growth > 0 && strcmp(qtr_words_percent(row->yoy_growth, y, sizeof y), "0.0%") != 0;
}

/* "城关区（77.5%）" by completion, "城关区（184 个）" by actual ("从化区（未覆盖）" for coverage),
 * "兰州新区（增长 42.0%）" by yoy;
 * a figure that includes a quarter not reported is marked: "城关区（73.6%，缺报Q2）". */
static qtr_status unit_figure(const qtr_report *r, size_t i, int unit, int yoy, qtr_buf *out)
{
    const qtr_indicator *ind = &r->plan->indicators[i];
    const qtr_progress_row *row = qtr_report_row(r, unit, i);
    char f[QTR_WORDS_NUM];
    const char *name = r->plan->units[unit].name, *u = unit_after(ind);
    qtr_status st;
    if (yoy)
        st = qtr_buf_printf(out, "%s（%s %s", name, row->yoy_growth < 0 ? "下降" : "增长",
                            qtr_words_percent(fabs(row->yoy_growth), f, sizeof f));
    else if (row->rank_basis == QTR_RANK_COMPLETION)
        st = qtr_buf_printf(out, "%s（%s", name, qtr_words_percent(row->completion, f, sizeof f));
    else if (ind->kind == QTR_KIND_COVERAGE) /* a unit is covered or not, as its ranking bar says */
        st = qtr_buf_printf(out, "%s（%s", name, row->actual > 0 ? "已覆盖" : "未覆盖");
    else
        st = qtr_buf_printf(out, "%s（%s%s%s", name,
                            qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, f, sizeof f),
                            *u ? " " : "", u);
    if (st == QTR_OK)
        st = missing_mark(row, "，", "", out);
    return st == QTR_OK ? qtr_buf_puts(out, "）") : st;
}

static qtr_status name_list(const qtr_report *r, size_t i, const ranked *v, size_t from,
                            size_t to, int yoy, qtr_buf *out)
{
    qtr_status st = QTR_OK;
    for (size_t k = from; st == QTR_OK && k < to; k++) {
        if (k > from)
            st = qtr_buf_puts(out, "、");
        if (st == QTR_OK)
            st = unit_figure(r, i, v[k].unit, yoy, out);
    }
    return st;
}

/* One indicator's line of section 三; nothing when no unit row is ranked. */
static qtr_status unit_line(const qtr_report *r, size_t i, size_t item, ranked *v, qtr_buf *out)
{
    size_t n = ranked_rows(r, i, 0, v);
    if (n == 0)
        return QTR_OK;
    const qtr_progress_row *any = qtr_report_row(r, 0, i);
    int by_completion = any->rank_basis == QTR_RANK_COMPLETION;
    char num[16];
    const char *basis = by_completion                                     ? "完成率"
                        : r->plan->indicators[i].kind == QTR_KIND_COVERAGE ? "覆盖情况"
                                                                           : "完成量";
    qtr_status st = qtr_buf_printf(out, "（%s）%s：按%s排名，", cn_number(item, num, sizeof num),
                                   r->plan->indicators[i].name, basis);
    size_t lead = take_front(v, 0, n);
    size_t lag = n > lead ? take_back(v, lead, n) : 0;
    if (st == QTR_OK && lead > 0 && (st = name_list(r, i, v, 0, lead, 0, out)) == QTR_OK)
        st = qtr_buf_puts(out, "居前");
    if (st == QTR_OK && lag > 0 && (!lead || (st = qtr_buf_puts(out, "；")) == QTR_OK) &&
        (st = name_list(r, i, v, n - lag, n, 0, out)) == QTR_OK)
        st = qtr_buf_puts(out, "靠后");
    if (st == QTR_OK && lead == 0) /* the best rank is a tie too large to name */
        st = qtr_buf_puts(out, lag ? "，其余单位并列" : "各单位并列");
    static const qtr_progress_status named[] = {QTR_STATUS_CRITICAL, QTR_STATUS_LAGGING};
    for (size_t k = 0; st == QTR_OK && by_completion && k < 2; k++) {
        qtr_buf names = {0};
        size_t count;
        st = names_with_status(r, 1, i, named[k], &names, &count);
        if (st == QTR_OK && count)
            st = qtr_buf_printf(out, "；%s：%s", qtr_status_label(named[k]), qtr_buf_str(&names));
        qtr_buf_free(&names);
    }
    size_t ny = ranked_rows(r, i, 1, v);
    while (ny > 0 && !grew(qtr_report_row(r, v[ny - 1].unit, i))) /* growth leads, not a fall */
        ny--;
    size_t ylead = ny ? take_front(v, 0, ny) : 0;
    if (st == QTR_OK && ylead > 0 && (st = qtr_buf_puts(out, "；同比增幅居前的是")) == QTR_OK)
        st = name_list(r, i, v, 0, ylead, 1, out);
    return st == QTR_OK ? qtr_buf_puts(out, "。\n") : st;
}

static qtr_status units(const qtr_report *r, qtr_buf *out)
{
    ranked *v = malloc((r->nunits ? r->nunits : 1) * sizeof *v);
    if (!v)
        return QTR_ERR_NOMEM;
    qtr_status st = qtr_buf_puts(out, "\n三、各单位推进情况\n");
    size_t start = out->len, item = 0;
    for (size_t i = 0; st == QTR_OK && i < r->nind; i++) {
        size_t before = out->len;
        st = unit_line(r, i, item + 1, v, out);
        item += out->len > before;
    }
    if (st == QTR_OK && out->len == start)
        st = qtr_buf_puts(out, "各单位均无可排名的数据。\n");
    free(v);
    return st;
}

static qtr_status quality(const qtr_report *r, qtr_buf *out)
{
    const qtr_report_summary *s = &r->sum;
    qtr_status st = qtr_buf_puts(out, "\n四、数据质量\n");
    if (st == QTR_OK && s->input.known)
        st = qtr_buf_printf(out, "本期共读取%s%s。", s->input_text,
                            s->input.errors || s->input.warnings ? "，详见 rejects.csv" : "");
    if (st == QTR_OK)
        st = qtr_buf_printf(out, "本季度有数据报送的单位 %zu 个（共 %zu 个）。", s->units_reporting,
                            r->nunits);
    if (st == QTR_OK)
        st = s->missing_text[0]
                 ? qtr_buf_printf(out, "缺报：%s；缺报的季度，流量按 0 计，存量沿用上一季度的数值。",
                                  s->missing_text)
                 : qtr_buf_puts(out, "各单位均已报送。");
    return st == QTR_OK ? qtr_buf_puts(out, "\n") : st;
}

/* ---------------------------------------------------------------- the whole */

qtr_status qtr_briefing_text(const qtr_report *r, qtr_buf *out)
{
    qtr_status st = title(r, out);
    if (st == QTR_OK)
        st = overall(r, out);
    if (st == QTR_OK)
        st = indicators(r, out);
    if (st == QTR_OK)
        st = units(r, out);
    if (st == QTR_OK)
        st = quality(r, out);
    return st;
}

qtr_status qtr_briefing_write(const qtr_report *r, const char *path, qtr_error *err)
{
    qtr_buf b = {0};
    qtr_status st = qtr_briefing_text(r, &b);
    if (st != QTR_OK) {
        qtr_buf_free(&b);
        return qtr_error_set(err, st, path, 0, 0, "out of memory");
    }
    char tmp[4200];
    qtr_temp_name(path, tmp, sizeof tmp);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        qtr_buf_free(&b);
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create");
    }
    size_t len = b.len, n = len ? fwrite(b.data, 1, len, f) : 0;
    qtr_buf_free(&b);
    if (n != len) {
        fclose(f);
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "write failed");
    }
    return qtr_commit_file(f, tmp, path, err);
}
