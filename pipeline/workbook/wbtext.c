/* wbtext.c — the Chinese texts more than one sheet shows: the units' missing reports, the
 * data-quality line (the summary's sentences), requirements, kinds and status cells.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "wbsheets.h"
#include "words.h"

/* Appends printf-style text at *len; stops (leaving buf NUL-terminated) when full. */
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[*len] = '\0';
        return;
    }
    if ((size_t)n < size - *len) {
        *len += (size_t)n;
        return;
    }
    /* cut: never leave half a UTF-8 character at the end */
    *len = qtr_utf8_invalid_offset(buf, size - 1);
    buf[*len] = '\0';
}

/* Indicators (plan order) unit u did not report for period p: names into buf, count returned;
 * *rows is how many indicators the unit has. */
static size_t missing_names(const qtr_workbook_input *in, size_t u, qtr_period p, size_t *rows,
                            char *buf, size_t size)
{
    size_t count = 0, len = 0, shown = 0;
    *rows = in->nind;
    buf[0] = '\0';
    for (size_t i = 0; i < in->nind; i++) {
        if (!qtr_wb_row_missing(in, (int)u, i, p))
            continue;
        count++;
        if (shown < 3) {
            put(buf, size, &len, "%s%s", shown ? "、" : "", qtr_wb_indicator(in, i)->name);
            shown++;
        }
    }
    if (count > shown)
        put(buf, size, &len, "等%zu项", count);
    return count;
}

char *qtr_wb_cell_missing_text(const qtr_workbook_input *in, size_t u, qtr_period p, char *buf,
                               size_t size)
{
    char names[600];
    size_t rows, n = missing_names(in, u, p, &rows, names, sizeof names);
    if (n == 0)
        snprintf(buf, size, "%s", "");
    else if (n == rows)
        snprintf(buf, size, "%s", "全部未报");
    else
        snprintf(buf, size, "未报：%s", names);
    return buf;
}

char *qtr_wb_quarter_label(const qtr_workbook_input *in, qtr_period p, char *buf)
{
    if (qtr_period_year(p) == qtr_period_year(in->period))
        snprintf(buf, 8, "Q%d", qtr_period_quarter(p));
    else
        qtr_period_format(p, buf);
    return buf;
}

char *qtr_wb_unit_missing_text(const qtr_workbook_input *in, size_t u, const char *prefix, char *buf,
                               size_t size)
{
    qtr_period periods[QTR_WB_MAX_PERIODS];
    size_t np = qtr_wb_missing_periods(in, (long)u, periods, QTR_WB_MAX_PERIODS);
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < np; k++) {
        char names[600], label[16];
        size_t rows, n = missing_names(in, u, periods[k], &rows, names, sizeof names);
        put(buf, size, &len, "%s%s%s", len ? "；" : "", prefix, qtr_wb_quarter_label(in, periods[k], label));
        if (n < rows)
            put(buf, size, &len, "（%s）", names);
    }
    return buf;
}

char *qtr_wb_quality_line(const qtr_workbook_input *in, const qtr_workbook_result *res, char *buf,
                          size_t size)
{
    const qtr_report_summary *sum = &in->report->sum;
    size_t len = 0;
    buf[0] = '\0';
    if (sum->input.known)
        put(buf, size, &len, "输入：%s，详见“数据质量”", sum->input_text);
    else
        put(buf, size, &len, "拒收与警告：见“数据质量”");
    if (*sum->missing_text)
        put(buf, size, &len, "；缺报：%s", sum->missing_text);
    else
        put(buf, size, &len, "；各单位均已报送");
    if (res && res->facts_written < res->facts_listed)
        put(buf, size, &len, "；“数据”表超出Excel行数上限，未列出的%zu条见 facts.csv",
            res->facts_listed - res->facts_written);
    put(buf, size, &len, "。");
    return buf;
}

/* n with thousands separators: "1,080,000". buf holds 32 bytes. */
static char *grouped(size_t n, char *buf)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t out = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
    return buf;
}

char *qtr_wb_facts_note(const qtr_workbook_input *in, const qtr_workbook_result *res, char *buf,
                        size_t size)
{
    const qtr_wb_facts *f = &in->facts;
    char a[32], b[32], c[32], base[32];
    size_t len = 0;
    buf[0] = '\0';
    if (res->facts_written >= res->facts_total)
        return buf;
    if (!res->facts_scoped) {
        put(buf, size, &len, "facts.csv 共 %s 条，超出 Excel 行数上限：“数据”表列出前 %s 条，其余 %s 条见 facts.csv。",
            grouped(res->facts_total, a), grouped(res->facts_written, b),
            grouped(res->facts_total - res->facts_written, c));
        return buf;
    }
    char from[32], to[32];
    qtr_period_format_cn(f->first, from);
    qtr_period_format_cn(f->last, to);
    put(buf, size, &len, "facts.csv 共 %s 条，多于 %s 条，“数据”表只列出本报告各项数值所依据的 %s 条："
        "%s%s%s，以及基数季度%s",
        grouped(res->facts_total, a), grouped(f->budget, b), grouped(res->facts_listed, c), from,
        f->first == f->last ? "" : "至",
        f->first == f->last ? ""
        : qtr_period_year(f->first) == qtr_period_year(f->last) ? strstr(to, "年") + strlen("年")
                                                                  : to,
        qtr_period_format_cn(f->base, base));
    if (res->facts_written < res->facts_listed)
        put(buf, size, &len, "（其中超出 Excel 行数上限的 %s 条未列出）",
            grouped(res->facts_listed - res->facts_written, a));
    put(buf, size, &len, "；全部数据见 facts.csv。");
    return buf;
}

char *qtr_wb_requirement(const qtr_indicator *ind, char *buf, size_t size)
{
    char lo[QTR_WORDS_NUM], hi[QTR_WORDS_NUM];
    switch (ind->cmp) {
    case QTR_CMP_GE: snprintf(buf, size, "%s", "≥"); break;
    case QTR_CMP_GT: snprintf(buf, size, "%s", "＞"); break;
    case QTR_CMP_RANGE:
        snprintf(buf, size, "区间 %s～%s", qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target, lo, sizeof lo),
                 qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target_hi, hi, sizeof hi));
        break;
    }
    return buf;
}

const char *qtr_wb_kind_text(qtr_kind kind)
{
    switch (kind) {
    case QTR_KIND_FLOW: return "流量（本年按季累计）";
    case QTR_KIND_STOCK: return "存量（季末数）";
    case QTR_KIND_PERIOD_FLOW: return "流量（计划期累计）";
    case QTR_KIND_RATIO: return "比值";
    case QTR_KIND_COVERAGE: return "覆盖率";
    }
    return "";
}

char *qtr_wb_status_text(const qtr_workbook_input *in, int unit, size_t i, char *buf, size_t size)
{
    const qtr_progress_row *row = qtr_wb_row(in, unit, i);
    qtr_buf why = {0};
    const qtr_indicator *ind = qtr_wb_indicator(in, i);
    qtr_buf dl = {0};
    /* a row without a status says why: 未评估（缺少基期数据）; a deliverable's status names its
     * milestone in the sentence's words: 未到期（2019年底节点 0 / 1 个）, 2019年底节点未完成（0 / 1 个） */
    if (qtr_words_no_status(in->plan, ind, unit, row, in->period, &why) == QTR_OK && why.len)
        snprintf(buf, size, "%s（%s）", qtr_status_label(row->status), qtr_buf_str(&why));
    else if (qtr_words_deadline_status(ind, row, &dl) == QTR_OK && dl.len)
        snprintf(buf, size, "%s", qtr_buf_str(&dl));
    else
        snprintf(buf, size, "%s", qtr_status_label(row->status));
    qtr_buf_free(&dl);
    qtr_buf_free(&why);
    return buf;
}
