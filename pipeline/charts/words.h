/* words.h — the figures and phrases of the leaders' report, in Chinese.
 *
 * Numbers: money (元/万元/亿元) with 2 decimals, counts with thousands separators, percentages
 * with 1 decimal; status names; the sentence that puts an indicator's actual against its target
 * and its time progress (序时进度). Pure functions: no drawing, no I/O.
 */
#ifndef QTR_CHARTS_WORDS_H
#define QTR_CHARTS_WORDS_H

#include <stddef.h>

#include "chart_data.h"
#include "text.h"

/* Room for any number these functions write (a double with separators and a unit). */
#define WORDS_NUM_SIZE 64

/* v with `decimals` decimals (0..6) and ',' every three integer digits: 1234567.891, 2 ->
 * "1,234,567.89". "-0.00" is written "0.00"; NAN and infinities are "—". Returns buf. */
char *words_number(double v, int decimals, char *buf, size_t size);

/* A value in an indicator's unit: money 2 decimals; a percentage unit as a percentage;
 * otherwise (counts) no decimals when whole, else 2 below 10, 1 below 100 and none from 100 on
 * (estimates such as the pace or the forecast), trailing zeros dropped.
 * The unit itself is not written. Returns buf. */
char *words_value(double v, const char *unit, char *buf, size_t size);

/* A fraction as a percentage with 1 decimal: 0.7274 -> "72.7%". NAN -> "—". Returns buf. */
char *words_percent(double fraction, char *buf, size_t size);

/* An axis tick: like words_number with the fewest decimals that tell ticks `step` apart. */
char *words_tick(double v, double step, char *buf, size_t size);

/* 已完成, 正常, 滞后, 严重滞后, 未完成, 超出区间; "未评估" for CHART_STATUS_NONE. Static. */
const char *words_status_label(chart_status s);

/* Where progress stands against time progress: "高于序时进度 2.3 个百分点",
 * "低于序时进度 2.3 个百分点", "与序时进度持平", or for a finished status "已完成" / "未完成" /
 * "超出区间上限". Appends to out. */
qtr_status words_pace(const chart_row *row, qtr_buf *out);

/* The figures of one row in words, e.g. "98.20 / 135.00 亿元，完成 72.7%，低于序时进度 3.2 个
 * 百分点"; for a stock with a baseline, "846 / 900 名，完成 94.0%；增量进度 70.0%，低于…".
 * A row without a target gives "实际 98.20 亿元". Appends to out. */
qtr_status words_summary(const chart_indicator *ind, const chart_row *row, qtr_buf *out);

/* The second line for leaders: what the pace asks for now, what is still missing, what one
 * quarter must bring, the forecast (left out when brief); for a stock with a baseline, how
 * progress is measured. `quarter` is the reported quarter (1..4). Appends to out. */
qtr_status words_detail(const chart_indicator *ind, const chart_row *row, int quarter, int brief,
                        qtr_buf *out);

/* "9项指标：已完成2项，正常4项，滞后2项，严重滞后1项" from the city rows. Appends to out. */
qtr_status words_headline(const chart_data *d, qtr_buf *out);

/* Missing quarters for display: "Q2;Q3" -> "Q2、Q3". Appends to out. */
qtr_status words_missing(const char *missing, qtr_buf *out);

/* "截至2025年第三季度". Appends to out. */
qtr_status words_as_of(qtr_period period, qtr_buf *out);

/* "2016–2020年 · " for a multi-year horizon, nothing for an annual plan. */
qtr_status words_horizon(int start_year, int end_year, qtr_buf *out);

/* "2025年10月15日" from an ISO date "2025-10-15T...". Returns -1 when the date is malformed. */
int words_date(const char *iso, char *buf, size_t size);

#endif
