/* template.c — the districts' fill-in template (qtr-ingest --template): the CSV a clerk fills
 * in, with exactly the headers the ingest recognises, and the 填报说明 that says what to write
 * in each column. Both come from the plan alone (docs/input.md, "The fill-in template").
 */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "text.h"
#include "units.h"

#define UTF8_BOM "\xEF\xBB\xBF"

int qtr_template_paths(const qtr_plan *plan, qtr_period period, const char *dir, char *csv,
                       size_t csv_size, char *notes, size_t notes_size)
{
    char per[8];
    qtr_period_format(period, per);
    size_t a = (size_t)snprintf(csv, csv_size, "%s/%s-%s-填报模板.csv", dir, plan->id, per);
    size_t b = (size_t)snprintf(notes, notes_size, "%s/%s-%s-填报说明.txt", dir, plan->id, per);
    return a < csv_size && b < notes_size ? 0 : -1;
}

/* The plan's input series in report order: each indicator's own series, then a ratio's
 * denominator; every series once. Writes plan->nseries entries to order. */
static qtr_status series_order(const qtr_plan *plan, size_t *order)
{
    size_t n = 0;
    unsigned char *seen = calloc(plan->nseries ? plan->nseries : 1, 1);
    if (!seen)
        return QTR_ERR_NOMEM;
    for (size_t k = 0; k < plan->nindicators; k++) {
        long s[2] = {plan->indicators[k].series, plan->indicators[k].denominator};
        for (int j = 0; j < 2; j++)
            if (s[j] >= 0 && (size_t)s[j] < plan->nseries && !seen[s[j]]) {
                seen[s[j]] = 1;
                order[n++] = (size_t)s[j];
            }
    }
    for (size_t s = 0; s < plan->nseries; s++) /* none left out, should the plan hold more */
        if (!seen[s])
            order[n++] = s;
    free(seen);
    return QTR_OK;
}

/* The column header of a series: its first configured header, with the series' unit in
 * parentheses when that header names none (it is read the same way). */
static void series_header(const qtr_series *s, char *buf, size_t size)
{
    if (s->header_units[0][0])
        snprintf(buf, size, "%s", s->headers[0]);
    else
        snprintf(buf, size, "%s(%s)", s->headers[0], s->unit);
}

static qtr_status write_csv(const qtr_plan *plan, qtr_period period, const size_t *order,
                            size_t nseries, const char *path, qtr_error *err)
{
    qtr_csvw *w = qtr_csvw_open(path, err);
    if (!w)
        return err ? err->status : QTR_ERR_CREATE;
    /* Excel and WPS read a CSV as UTF-8 only after a BOM (else as GBK): with it the headers
     * open right, and Excel's "CSV UTF-8" save keeps it */
    qtr_csvw_raw(w, UTF8_BOM, strlen(UTF8_BOM));
    qtr_csvw_str(w, plan->period_headers[0]);
    qtr_csvw_str(w, plan->unit_headers[0]);
    for (size_t k = 0; k < nseries; k++) {
        char head[1024];
        series_header(&plan->series[order[k]], head, sizeof head);
        qtr_csvw_str(w, head);
    }
    qtr_csvw_end_row(w);
    char per[8];
    qtr_period_format(period, per);
    for (size_t u = 0; u < plan->nunits; u++) {
        qtr_csvw_str(w, per);
        qtr_csvw_text(w, plan->units[u].name);
        for (size_t k = 0; k < nseries; k++)
            qtr_csvw_str(w, "");
        qtr_csvw_end_row(w);
    }
    return qtr_csvw_commit(w, err);
}

/* What a series' cell holds: the quarter's own amount, the year to date, or the level. */
static const char *series_basis(const qtr_series *s)
{
    if (s->stock)
        return "填季度末的总数（存量，截至季末的累计数），不是本季新增数";
    if (s->basis == QTR_BASIS_YTD)
        return "填本年累计数（1月1日至季末的合计），不是本季度单独的数";
    return "填本季度的数（只填这个季度新增的，不是累计数）";
}

static qtr_status series_notes(qtr_buf *b, const qtr_series *s, size_t k)
{
    char head[1024];
    series_header(s, head, sizeof head);
    int pow10 = 0;
    qtr_unit_family fam = qtr_unit_lookup(s->unit, strlen(s->unit), &pow10);
    /* the header's unit is the one to write in (万元 for an indicator reckoned in 亿元) */
    const char *hu = s->header_units[0][0] ? s->header_units[0] : s->unit;
    qtr_status st = qtr_buf_printf(b, "%zu. %s：%s，按表头的单位（%s）填写；%s", k + 1, head,
                                   s->name, hu, series_basis(s));
    if (st == QTR_OK && fam == QTR_UNIT_COUNT && pow10 == 0)
        st = qtr_buf_puts(b, "；只能填整数");
    else if (st == QTR_OK && fam == QTR_UNIT_MONEY)
        st = qtr_buf_puts(b, "；可带小数。表头的单位也可改写为（元）、（万元）或（亿元），"
                             "数字须与所写单位一致");
    if (st == QTR_OK && s->nheaders > 1) {
        st = qtr_buf_puts(b, "。也接受的表头：");
        for (size_t h = 1; h < s->nheaders && st == QTR_OK; h++)
            st = qtr_buf_printf(b, "%s%s", h > 1 ? "、" : "", s->headers[h]);
    }
    return st == QTR_OK ? qtr_buf_puts(b, "。\r\n") : st;
}

static qtr_status notes_text(const qtr_plan *plan, qtr_period period, const size_t *order,
                             size_t nseries, const char *csv_name, qtr_buf *b)
{
    char per[8], cn[32];
    qtr_period_format(period, per);
    qtr_period_format_cn(period, cn);
    const char *ph = plan->period_headers[0], *uh = plan->unit_headers[0];
    qtr_status st = qtr_buf_printf(b,
        UTF8_BOM "《%s》%s 数据填报说明\r\n\r\n"
        "填报模板：%s\r\n"
        "报告期：%s（%s），已填在“%s”列。\r\n\r\n"
        "一、怎样填\r\n"
        "1. 用这个模板填写，不要改动第一行的表头，不要增删列。每个单位一行，“%s”已填好。\r\n"
        "2. 各单位分别报送时，只保留本单位的一行，删去其他单位的行（留着空行会被记为这些单位未报送）；"
        "统一汇总报送时，每个单位填自己的一行。\r\n"
        "3. 填好后另存为 CSV：Excel 选“CSV UTF-8（逗号分隔）”，WPS 选“CSV（逗号分隔）”。"
        "文件名可写明季度和单位，如 %s-%s.csv。\r\n\r\n"
        "二、数字的写法\r\n"
        "1. 只填数字，不带单位、不加文字：如 1234、1,234.5、12.5；全角数字（１２３４）、"
        "科学计数法（1.23457E+11）、+5 也可以，-0 按 0 计。\r\n"
        "2. 未报送（没有这项数据）：留空，或填“—”“-”“/”。未报送与 0 不同：本季确实为零，请填 0。\r\n"
        "3. 不接受（整格按未报送处理，并在%s中列出改法）：约数（约100）、"
        "带单位或文字（12个）、中文数字（十二）、负数（-5）、写错的千位分隔（1,23）、"
        "“无”“暂无”（为零请填 0）、计数类指标（个、家、项、名……）的小数（3.5）。\r\n"
        "4. 不要填“全市”“合计”行：合计由系统按各单位计算。\r\n\r\n"
        "三、各列填什么\r\n"
        "%s：已填好（%s，即%s），请勿改动。\r\n"
        "%s：已填好单位名称，请勿改写。\r\n",
        plan->name, cn, csv_name, per, cn, ph, uh, per, plan->units[0].name,
        /* the clerk gets the unit's own 整改清单 (districts/<unit>.pdf) when they are written */
        plan->unit_files ? "反馈给本单位的整改清单" : " rejects.csv ", ph, per, cn, uh);
    for (size_t k = 0; k < nseries && st == QTR_OK; k++)
        st = series_notes(b, &plan->series[order[k]], k);
    return st;
}

qtr_status qtr_template_write(const qtr_plan *plan, qtr_period period, const char *csv_path,
                              const char *notes_path, qtr_error *err)
{
    size_t *order = malloc((plan->nseries ? plan->nseries : 1) * sizeof *order);
    if (!order || series_order(plan, order) != QTR_OK) {
        free(order);
        return qtr_error_set(err, QTR_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    size_t n = plan->nseries;
    qtr_status st = write_csv(plan, period, order, n, csv_path, err);
    qtr_buf b = {0};
    const char *base = strrchr(csv_path, '/');
    if (st == QTR_OK && (st = notes_text(plan, period, order, n, base ? base + 1 : csv_path, &b)) != QTR_OK)
        qtr_error_set(err, st, notes_path, 0, 0, "out of memory");
    if (st == QTR_OK) {
        qtr_csvw *w = qtr_csvw_open(notes_path, err);
        if (!w) {
            st = err ? err->status : QTR_ERR_CREATE;
        } else {
            qtr_csvw_raw(w, b.data ? b.data : "", b.len);
            st = qtr_csvw_commit(w, err);
        }
    }
    qtr_buf_free(&b);
    free(order);
    return st;
}
