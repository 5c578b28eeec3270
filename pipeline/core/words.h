/* words.h — the vocabulary of the report, in one place: each status's code, Chinese label,
 * colours, mark and card; numbers as people read them (the indicator's unit and precision);
 * and the sentences every output shows — the headline, an indicator's line, the units whose
 * reports are missing. compare writes them into compare.txt and the terminal summary; the
 * workbook and the charts render the same functions on the same rows. Pure: no I/O.
 */
#ifndef QTR_WORDS_H
#define QTR_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "period.h"
#include "plan.h"
#include "progress.h"
#include "report.h"
#include "text.h"

/* ---------------------------------------------------------------- statuses */

/* The mark drawn for a status (a shape as well as a colour, so it reads in greyscale). */
typedef enum {
    QTR_MARK_RING,           /* an open ring: not assessed */
    QTR_MARK_TICK,           /* a disc with a tick */
    QTR_MARK_DOT,            /* a disc */
    QTR_MARK_TRIANGLE,       /* a warning triangle with '!' */
    QTR_MARK_DIAMOND,        /* a diamond with '!' */
    QTR_MARK_CROSS,          /* a square with a cross */
    QTR_MARK_ARROW,          /* an arrow pointing up */
    QTR_MARK_CLOCK           /* a ring with hands: not due yet */
} qtr_mark;

typedef struct {
    const char *code;        /* progress.csv `status` ("" for none) */
    const char *label;       /* 已完成, 正常, 滞后, 严重滞后, 未完成, 超出区间, 未到期, 未评估 */
    const char *card;        /* progress.csv `card`: green, yellow, red */
    qtr_mark mark;
    uint32_t fill;           /* colour of the mark, 0xRRGGBB */
    uint32_t ink;            /* a darker tone of it, for text on white */
    uint32_t cell_fill;      /* workbook status cell: background */
    uint32_t cell_font;      /*   and text */
} qtr_status_look;

/* The look of s (never NULL; an out-of-range value gets the look of QTR_STATUS_NONE). */
const qtr_status_look *qtr_status_look_of(qtr_progress_status s);

/* Shorthands for the code and the label. */
const char *qtr_status_code(qtr_progress_status s);
const char *qtr_status_label(qtr_progress_status s);

/* The card (亮牌) of a row with status s in words: 绿牌, 黄牌, 红牌; "" for QTR_STATUS_NONE. */
const char *qtr_status_card_word(qtr_progress_status s);

/* The look of a card's workbook cell: the fill and font of the status whose colours the card
 * takes (green: 已完成, yellow: 滞后, red: 严重滞后); QTR_STATUS_NONE's look for none. */
const qtr_status_look *qtr_status_card_look(qtr_progress_status s);

/* Parses a progress.csv status code ("" is NONE). Returns 0, or -1 when unknown. */
int qtr_status_parse(const char *code, size_t n, qtr_progress_status *out);

/* The order statuses are counted in a headline. */
extern const qtr_progress_status QTR_STATUS_ORDER[QTR_STATUS_COUNT];

/* ---------------------------------------------------------------- numbers */

/* Room for any number these functions write (a double with separators and a unit). */
#define QTR_WORDS_NUM 64

/* v with `decimals` decimals (0..6), halves away from zero, ',' every three integer digits:
 * 1234567.891, 2 -> "1,234,567.89". "-0.00" is "0.00"; NAN and infinities are "—". */
char *qtr_words_number(double v, int decimals, char *buf, size_t size);

/* v rounded to `decimals` decimals (0..6) as qtr_words_number rounds it: halves away from
 * zero, so 262.5 is 263 (printf would give 262). NAN and infinities are returned as they are. */
double qtr_words_round(double v, int decimals);

/* A fraction as a percentage with 1 decimal: 0.7274 -> "72.7%". NAN -> "—". */
char *qtr_words_percent(double fraction, char *buf, size_t size);

/* What a figure is, for how a person reads it (docs/formats.md, figures for people). */
typedef enum {
    QTR_FIG_ACTUAL,          /* what was reported: actual, baseline, a year earlier, an excess */
    QTR_FIG_NEEDED,          /* what is asked for: target, expected by now, gap to target, required
                              * per quarter — a whole count is the smallest whole number that
                              * meets it (262.5 -> 263: 262 lags, 263 does not) */
    QTR_FIG_ESTIMATE         /* a projection: the forecast — a whole count to the nearest */
} qtr_figure;

/* How an indicator's figures are written: whole counts (个, 家, 名 …), money with 2 decimals,
 * percentages with 1 (coverage, %), other decimals (ratios, 万人) with up to 2. */
typedef enum { QTR_NUM_COUNT, QTR_NUM_MONEY, QTR_NUM_PERCENT, QTR_NUM_DECIMAL } qtr_numkind;

qtr_numkind qtr_words_numkind(const qtr_indicator *ind);

/* v as a person reads it: rounded (halves away from zero) to the figure's decimals, a needed
 * whole count rounded up. NAN stays NAN. The workbook writes this value where it shows a figure
 * as a plain number, so its cells say what the sentences say. */
double qtr_words_shown(const qtr_indicator *ind, qtr_figure fig, double v);

/* The decimals of v as shown: 0 for counts, 2 for money, 1 for a percentage (of the percentage:
 * 0.7274 is 72.7%), 0..2 for other decimals (trailing zeros dropped: 3.5, 2.92, 3). The
 * workbook sets its number formats from it. */
int qtr_words_decimals(const qtr_indicator *ind, qtr_figure fig, double v);

/* The figure v of an indicator as text (no unit): "1,163", "104.24", "77.5%", "263". */
char *qtr_words_figure(const qtr_indicator *ind, qtr_figure fig, double v, char *buf, size_t size);

/* An axis tick: like qtr_words_number with the fewest decimals that tell ticks `step` apart. */
char *qtr_words_tick(double v, double step, char *buf, size_t size);

/* 1 when unit is money (元, 万元, 亿元) / a percentage (%, ％). */
int qtr_words_unit_is_money(const char *unit);
int qtr_words_unit_is_percent(const char *unit);

/* ---------------------------------------------------------------- sentences */

/* Where progress stands against time progress: "高于序时进度 2.3 个百分点", "低于序时进度 …",
 * "与序时进度持平", or for a finished status "已完成" / "未完成" / "超出区间上限". Appends. */
qtr_status qtr_words_pace(const qtr_progress_row *row, qtr_buf *out);

/* The figures of one row, e.g. "98.20 / 135.00 亿元，完成 72.7%，低于序时进度 3.2 个百分点";
 * for a stock with a baseline "846 / 900 名，完成 94.0%；增量进度 70.0%，低于…". A row without a
 * target: "实际 98.20 亿元". Appends. */
qtr_status qtr_words_summary(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out);

/* The second line for leaders: what the pace asks for now, what is still missing, what one
 * quarter must bring, the forecast (left out when brief); for a stock with a baseline, how
 * progress is measured. A missed target (its period is over) says only what is missing.
 * `quarter` is the reported quarter (1..4). Appends. */
qtr_status qtr_words_detail(const qtr_indicator *ind, const qtr_progress_row *row, int quarter,
                            int brief, qtr_buf *out);

/* The milestone a deliverable's status is about (pace = deadline, a region row that is not_due or
 * missed at a milestone before the last): "2019年底节点 0 / 1 个" (the actual over the milestone
 * in force, or over the one due and not met), "2020年底到期" when the milestone in force is the
 * final target. Nothing for any other row. Appends. */
qtr_status qtr_words_deadline(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out);

/* A deliverable's status as the sentence says it: "未到期（2019年底节点 0 / 1 个）",
 * "未到期（2020年底到期）", "2019年底节点未完成（0 / 1 个）"; appends nothing when the row names no
 * milestone (the workbook's 状态 cell, docs/formulas.md). */
qtr_status qtr_words_deadline_status(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out);

/* How an annual flow's yearly target before its first milestone was implied (docs/formulas.md,
 * implied yearly targets): "本年目标按直线推算（2025年目标 20 项）", or with path = growth
 * "本年目标按年均增长 41.4% 推算（2025年目标 20 项）" (the rate from the row's target and the
 * milestone). Nothing for any other row. Appends. */
qtr_status qtr_words_implied(const qtr_indicator *ind, const qtr_progress_row *row, qtr_buf *out);

/* The forecast's column name: 年末预测 (an annual plan, or only annual flows), 期末预测 (a
 * multi-year plan without annual flows: every forecast runs to the horizon's end), or
 * 年末/期末预测 (both). */
const char *qtr_words_forecast_label(const qtr_plan *plan);

/* Why a row has no status (未评估), e.g. "未分解单位目标", or before an annual flow's first
 * milestone without the base year's figure "缺少2015年全年数据，无法推算本年目标；2020年目标 200.00
 * 亿元" (the milestone for reference); "" when it has one. Appends. */
qtr_status qtr_words_no_status(const qtr_plan *plan, const qtr_indicator *ind, int unit,
                               const qtr_progress_row *row, qtr_period period, qtr_buf *out);

/* "9项指标：已完成2项，正常4项，滞后2项，严重滞后1项" from the city rows' status counts. */
qtr_status qtr_words_headline(size_t nindicators, const size_t count[QTR_STATUS_COUNT], qtr_buf *out);

/* The units whose reports are missing, roster order: "城关区、安宁区"; with detail, each with
 * its missing quarters and how many of its rows miss one: "城关区 Q2（1项）、市本级 Q1、Q3（2项）".
 * Nothing when every unit reported. Appends. */
qtr_status qtr_words_missing_units(const qtr_report *r, int detail, qtr_buf *out);

/* What was read and rejected: "6个文件，47行，421个数值；拒收2处，警告1条" (拒收5处（其中2处涉及本期
 * 报告）when some rejects concern other quarters); nothing when the counts are not known. */
qtr_status qtr_words_input(const qtr_input_counts *c, qtr_buf *out);

/* Missing quarters for display: "Q2;Q3" -> "Q2、Q3". Appends. */
qtr_status qtr_words_missing(const char *missing, qtr_buf *out);

/* "截至2025年第三季度". Appends. */
qtr_status qtr_words_as_of(qtr_period period, qtr_buf *out);

/* "2016–2020年 · " for a multi-year horizon, nothing for an annual plan. Appends. */
qtr_status qtr_words_horizon(int start_year, int end_year, qtr_buf *out);

/* The task ledger in one sentence: "22项重点任务：已完成3项，按期推进12项，滞后4项，逾期未完成1项，
 * 未报2项" — n, then each class of ledger.h that occurs, in its order, with its count (they add
 * up to n). Appends. */
qtr_status qtr_words_tasks(size_t n, const size_t count[QTR_TASK_CLASS_COUNT], qtr_buf *out);

/* "2025年10月15日" from a report date "2025-10-15T08:00:00Z" (qtr_date_parse's form). Returns
 * -1 when the date is malformed. */
int qtr_words_date(const char *iso, char *buf, size_t size);

#endif
