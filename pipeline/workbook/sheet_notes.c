/* sheet_notes.c — 说明: what every figure means (docs/formulas.md in words), the indicators as
 * configured, the input files and the config with their sha256 (inputs.csv), the program
 * version and the pinned date.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "csvw.h"
#include "period.h"
#include "wbsheets.h"
#include "words.h"

enum { C_TERM, C_TEXT, C_BYTES, C_SHA, NCOLS };
#define TERM_WIDTH 30.0   /* column A at most */
#define TEXT_WIDTH 70.0   /* column B */

typedef struct {
    qtr_wb_sheet *s;
    lxw_row_t r;
} cursor;

static void section(cursor *c, const char *title)
{
    c->r++;
    qtr_wb_str_nowidth(c->s, c->r, C_TERM, title, c->s->st->section);
    qtr_wb_str_nowidth(c->s, c->r, C_TEXT, "", c->s->st->section);
    c->r++;
}

/* A term and its explanation in fmt (wrapped); the row grows with the text. */
static void item_as(cursor *c, const char *term, const char *text, lxw_format *fmt)
{
    qtr_wb_str(c->s, c->r, C_TERM, term, c->s->st->label);
    qtr_wb_str_nowidth(c->s, c->r, C_TEXT, text, fmt);
    int lines = qtr_wb_lines(qtr_wb_text_width(text), TEXT_WIDTH - 1);
    int term_lines = qtr_wb_lines(qtr_wb_text_width(term), TERM_WIDTH - 1);
    lines = term_lines > lines ? term_lines : lines;
    if (lines > 1)
        qtr_wb_height(c->s, c->r, 15.0 * lines + 2);
    c->r++;
}

static void item(cursor *c, const char *term, const char *text)
{
    item_as(c, term, text, c->s->st->wrap);
}

static void basics(const qtr_wb_ctx *ctx, cursor *c)
{
    const qtr_workbook_input *in = ctx->in;
    char text[600], date[32];
    section(c, "基本信息");
    item(c, "计划", in->plan->name);
    item(c, "计划编号", in->plan->id);
    item(c, "地区", in->plan->region);
    snprintf(text, sizeof text, "截至%s（数据截至%d年%d月%d日）", ctx->period_cn, ctx->asof.year,
             ctx->asof.month, ctx->asof.day);
    item(c, "报告期", text);
    item(c, "文件日期", qtr_date_format(in->created, date));
    snprintf(text, sizeof text, "qtr-workbook %s（qtr %s，libxlsxwriter %s）", QTR_VERSION,
             QTR_VERSION, LXW_VERSION);
    item(c, "程序版本", text);
}

static void definitions(const qtr_wb_ctx *ctx, cursor *c)
{
    char text[2400];
    const qtr_plan *plan = ctx->in->plan;
    double warn = plan->warn * 100;
    int base_year = plan->start_year - 1;  /* the baseline quarter is Q4 before the horizon */
    section(c, "指标口径（各表数值的定义）");
    snprintf(text, sizeof text,
             "流量指标：本年第一季度至报告季度各季新增之和（未报的季度计0）；存量指标：报告季度末的数值，"
             "该季未报时沿用%s此前最近一季的数值，再无则用%d年第四季度的数值（基数）。%s = 各单位之和。",
             plan->start_year == plan->end_year ? "本年" : "计划期内", base_year, plan->total_name);
    item(c, "实际", text);
    item(c, "目标", "计划规定的目标值；区间目标（如10～15场）取下限计算完成率。多年计划的年度流量指标取当年目标："
                    "两个里程碑之间的年份按直线取值；首个里程碑之前的年份由基期（计划期前一年）的全年实际（或配置的基数）"
                    "推算到首个里程碑（按直线，或按年均增长率），基期缺少全年数据时该年不设目标（未评估），注明原因。"
                    "个数类指标（个、家、项、名等）的目标为整数：按里程碑或增长推算、或分解到单位的目标不是整数时，取能满足要求的"
                    "最小整数（如推算得12.5，目标为13项），完成率、进度、序时应达和距目标差额都按这个目标计算。");
    item(c, "完成率", "完成率 = 实际 ÷ 目标。");
    item(c, "序时进度", "年度目标（含多年计划中按年考核的流量指标）：序时进度 = 报告季度数 ÷ 4（第三季度为75%）。"
                        "计划期累计的流量指标：有分年度里程碑时按里程碑路径，序时进度 = 里程碑路径此时应累计的数值 ÷ 期末目标"
                        "（路径从0起，按季度直线经过各里程碑年末的数值），不按已过季度计算；没有里程碑时 = 已过季度 ÷ 计划期季度数。"
                        "有基数的分年度里程碑存量指标：(里程碑路径此时应达 − 基数) ÷ (目标 − 基数)。比值和覆盖率指标（含其各单位）"
                        "未配置基数时取基期（计划期前一年第四季度）的水平，基期无数据时取计划期内首次报送的水平，"
                        "序时进度 = 自基数所在季度起已过季度 ÷ 至计划期末的季度数（首次报送的季度为0）；"
                        "完全没有数据的比率指标序时进度 = 100%，按目标水平考核。其他多年期指标（存量）："
                        "已过季度 ÷ 计划期季度数。按节点考核的指标（pace = deadline）：序时应达为最近已到期节点（该节点年份第四季度起）"
                        "的数值，序时进度 = (序时应达 − 基数) ÷ (目标 − 基数)，无基数时 = 序时应达 ÷ 目标；各节点都已完成时状态为“未到期”。");
    snprintf(text, sizeof text,
             "存量指标在计划期初的水平：计划配置的基数优先，否则为各单位%d年第四季度（计划期开始前的最后一个季度）"
             "数值之和（没有该季度数值的单位取其计划期内最早的数值）；比值和覆盖率指标的基数为计划配置的数值，否则为%d年"
             "第四季度的水平（覆盖率：该季度没有数值的单位按未覆盖计），该季度无数据时为计划期内首次报送的水平"
             "（各单位按其自身数值）。",
             base_year, base_year);
    item(c, "基数", text);
    item(c, "进度", "流量指标：进度 = 完成率；有基数且目标大于基数的存量、比值和覆盖率指标：进度 = (实际 − 基数) ÷ (目标 − 基数)"
                    "（基数为0时即完成率）。");
    item(c, "进度差(百分点)", "进度差 = (进度 − 序时进度) × 100。正数快于序时，负数慢于序时。按节点考核的指标不计进度差"
                             "（按已到期节点判断状态）。");
    item(c, "序时应达", "按序时进度应达到的数值：有基数的存量指标 = 基数 + (目标 − 基数) × 序时进度；其他 = 目标 × 序时进度。");
    item(c, "距目标差额", "距目标差额 = max(0, 目标 − 实际)；要求“超过”（＞）目标的个数类指标，达到目标数再多1个才算完成，"
                          "距目标差额 = max(0, 目标 + 1 − 实际)（如超过1300家、实际1265家：差36家）。");
    snprintf(text, sizeof text,
             "按线性外推到目标期末%s：流量指标 = 实际 ÷ 序时进度；有基数的存量、比值和覆盖率指标 = 基数 + (实际 − 基数) ÷ 序时进度"
             "（覆盖率最多100%%）；其他 = 实际；按节点考核的指标不预测。",
             plan->start_year == plan->end_year ? "（年末）" : "（年度流量指标为当年年末，其他指标为计划期末）");
    item(c, qtr_words_forecast_label(plan), text);
    item(c, "剩余每季需完成", "年度流量指标在第四季度之前：距目标差额 ÷ (4 − 报告季度数)；计划期累计的流量指标："
                              "距目标差额 ÷ 计划期剩余季度数。");
    snprintf(text, sizeof text,
             "已完成：实际满足目标要求（≥ 为不低于，＞ 为超过，区间为介于上下限之间）；未完成：目标期最后一个季度仍未达到"
             "（按节点考核的指标：已到期的节点未达到，注明节点年份）；"
             "正常：进度 ≥ 序时进度；滞后：落后序时进度不超过%g个百分点；严重滞后：落后超过%g个百分点；超出区间：区间目标的实际高于上限；"
             "未到期：按节点考核的指标，已到期的节点都已完成。",
             warn, warn);
    item(c, "状态", text);
    snprintf(text, sizeof text, "本年截至报告季度，该单位（%s行：任一单位）没有报送该指标数值的季度；被拒收的数值按未报处理。",
             plan->total_name);
    item(c, "缺报季度 / 未报", text);
    item(c, "排名", "各单位从高到低排名，并列者名次相同（如1、2、2、4）；设有分解目标的指标按完成率，否则按实际值；"
                    "本年没有报送数值的单位不排名。各单位都有名次时，排名列为 Excel RANK 公式。");
    item(c, "数值的显示", "各表数值的位数与 PDF 报告和运行摘要中的文字一致（四舍五入）：金额保留两位小数；百分比和覆盖率"
                          "一位小数；比值和万人最多两位小数（末尾的0不显示）；个数类指标为整数，其中目标、序时应达、"
                          "距目标差额、剩余每季需完成取能满足要求的最小整数（如262.5个显示为263个），预测取最接近的整数。"
                          "个数类指标的这四项，单元格中保存的就是显示的整数；其他单元格保存未经舍入的数值（与 progress.csv 一致），"
                          "由数字格式舍入显示。");
    snprintf(text, sizeof text,
             "汇总表的完成率、进度、进度差、距目标差额，分单位表的完成率、排名和%s合计，季度明细的与序时差为实时公式，"
             "单元格中同时保存了计算结果（与 progress.csv 一致）；季度明细的与序时差按表中显示的数值相减。"
             "公式算不出报告数值之处（如目标按向上取整后的整数保存时的完成率）直接写入数值。"
             "其他数值由 qtr 按上述口径算出后写入（见 progress.csv）。",
             plan->total_name);
    item(c, "公式", text);
    /* the example: the plan's first indicator with a target of the region (汇总 names it) */
    char example[300] = "";
    for (size_t i = 0; i < ctx->in->nind && !*example; i++)
        if (isfinite(qtr_wb_row(ctx->in, -1, i)->target))
            snprintf(example, sizeof example, "（如 target_%s）", qtr_wb_indicator(ctx->in, i)->id);
    snprintf(text, sizeof text,
         "汇总表的实际、季度明细的本季数和累计完成、分单位表各单位的实际（及比值、覆盖率指标的合计）是对“数据”表的 SUMIFS 公式，"
         "按报告期、单位和指标代码求和（“数据”表的各列定义为名称 facts_period 报告期、facts_unit 单位、"
         "facts_indicator 指标代码、facts_value 数值）：流量指标把本年（计划期累计的指标：计划期内）各季度相加，未报的季度计0；"
         "存量指标取该季度的季末数，某单位未报时公式写明沿用它此前最近一次报送的季度；比值指标为分子序列 ÷ 分母序列（× 系数）。"
         "覆盖率指标：单位为 IF(该单位的序列数值>=达标值,1,0)，%s为各单位的这一项之和 ÷ 名单上的单位数。"
         "“数据”表因行数上限未列出全部事实、公式过长（单位很多时的覆盖率合计）或公式算出的数与报告不一致时，"
         "直接写入数值（与 progress.csv 一致）。不是公式的数值，单元格或其列标题带有批注，写明由 qtr-compare 计算、"
         "见 progress.csv 或 quarterly.csv 的哪一列（每表最多200条单元格批注）。“数据”表按报告期、再按单位（名单顺序）排列。"
         "各指标的%s目标定义为名称 target_指标代码%s，可在自己的公式中引用。",
         plan->total_name, plan->total_name, example);
    item(c, "追溯到数据表", text);
}

static void indicator_settings(const qtr_wb_ctx *ctx, cursor *c)
{
    const qtr_workbook_input *in = ctx->in;
    section(c, "指标设置");
    for (size_t i = 0; i < in->nind; i++) {
        const qtr_indicator *ind = qtr_wb_indicator(in, i);
        const qtr_progress_row *row = qtr_wb_row(in, -1, i);
        char req[100], text[900], num[QTR_WORDS_NUM], base[100] = "";
        if (qtr_wb_with_baseline(row))
            snprintf(base, sizeof base, "；基数 %s", qtr_words_figure(ind, QTR_FIG_ACTUAL, row->baseline, num, sizeof num));
        /* a range's bounds are in the requirement; otherwise the target in force, if any */
        const char *target = ind->cmp == QTR_CMP_RANGE ? ""
                             : isnan(row->target)     ? "（本期未设目标）"
                                                      : qtr_words_figure(ind, QTR_FIG_NEEDED, row->target, num, sizeof num);
        snprintf(text, sizeof text, "编号 %s；单位 %s；%s；要求 %s%s%s%s", ind->id, ind->unit,
                 qtr_wb_kind_text(ind->kind), qtr_wb_requirement(ind, req, sizeof req),
                 ind->cmp != QTR_CMP_RANGE && !isnan(row->target) ? " " : "", target, base);
        item(c, ind->name, text);
    }
}

/* The task ledger's terms (docs/formats.md, tasks.csv), for a report that has it. */
static void task_definitions(const qtr_wb_ctx *ctx, cursor *c)
{
    if (!ctx->in->report->tasks)
        return;
    section(c, "任务台账（tasks.csv）");
    item(c, "重点任务", "计划列出的任务，取自配置 [tasks] file 的任务清单（编号、名称、责任部门、完成时限）；"
                        "完成时限写到月（如 2017年12月底），没有时限的写“持续推进”。");
    item(c, "本季状态", "责任部门为本季度报送的进展状态：已完成、按期推进、滞后、未启动；本季度没有报送（或留空）为未报。"
                        "每个季度都按该季度报送的状态统计，已完成的任务也应每季报送“已完成”。");
    item(c, "逾期未完成", "有完成时限、时限所在月份不晚于本季度末月、本季状态不是已完成的任务，不论报送的是什么状态"
                          "（也包括未报）。持续推进的任务不会逾期。");
    item(c, "分类与合计", "每项任务只计入一类：逾期未完成优先，其余按本季状态计为已完成、按期推进、滞后、未启动、未报；"
                          "各类之和等于任务总数。");
    item(c, "牵头部门", "责任部门中列在第一位的部门（到第一个“、”“，”“；”或“会同”为止，去掉末尾的“等”），"
                        "“各牵头部门任务情况”按它统计。");
}

/* inputs.csv's roles (docs/formats.md) in the sheet's words */
static const char *role_text(const char *role)
{
    static const char *const words[][2] = {
        {"config", "配置"}, {"roster", "单位名单"}, {"targets", "单位目标（任务分解）"},
        {"ledger", "任务台账"}, {"input", "输入"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(role, words[i][0]) == 0)
            return words[i][1];
    return role;
}

static qtr_status input_files(qtr_wb_ctx *ctx, cursor *c)
{
    const qtr_table *t = ctx->in->inputs;
    static const char *const heads[NCOLS] = {"类型", "文件", "字节数", "SHA-256"};
    long col[4] = {qtr_table_col(t, "role"), qtr_table_col(t, "path"),
                   qtr_table_col(t, "bytes"), qtr_table_col(t, "sha256")};
    section(c, "输入文件（inputs.csv）");
    for (int k = 0; k < NCOLS; k++)
        qtr_wb_str_nowidth(c->s, c->r, (lxw_col_t)k, heads[k], c->s->st->header);
    c->r++;
    for (size_t i = 0; i < t->nrows; i++, c->r++) {
        double bytes;
        const char *b = qtr_table_get(t, i, col[2]);
        if (qtr_wb_parse_number(b, &bytes) != 0)
            return qtr_error_set(ctx->err, QTR_ERR_PARSE, ctx->in->paths.inputs, t->lines[i],
                                 col[2] + 1, "bytes '%s' is not a number", b);
        qtr_wb_str(c->s, c->r, C_TERM, role_text(qtr_table_get(t, i, col[0])), c->s->st->text);
        qtr_wb_str_nowidth(c->s, c->r, C_TEXT, qtr_csv_unguard(qtr_table_get(t, i, col[1])),
                           c->s->st->wrap);
        qtr_wb_num(c->s, c->r, C_BYTES, bytes, c->s->st->count, QTR_WB_NUM_D0);
        qtr_wb_str(c->s, c->r, C_SHA, qtr_table_get(t, i, col[3]), c->s->st->text);
    }
    return QTR_OK;
}

static void config_and_counts(const qtr_wb_ctx *ctx, cursor *c)
{
    const qtr_workbook_input *in = ctx->in;
    const qtr_table *t = in->inputs;
    long role = qtr_table_col(t, "role"), sha = qtr_table_col(t, "sha256");
    const char *digest = "（inputs.csv 中没有 config 行）";
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(qtr_table_get(t, i, role), "config") == 0)
            digest = qtr_table_get(t, i, sha);
    char text[4000];
    section(c, "配置与数据量");
    item(c, "配置文件", in->plan->path);
    item(c, "配置 SHA-256", digest);
    for (size_t k = 0; k < in->plan->warnings.count; k++) /* compare.txt's config_warning lines */
        item_as(c, "配置提示", in->plan->warnings.items[k], c->s->st->alert);
    const qtr_input_counts *ic = &in->report->sum.input;
    if (ic->known)
        snprintf(text, sizeof text, "facts.csv %zu 条（“数据”表列出 %zu 条）；rejects.csv %zu 条：拒收%ld处，警告%ld条。",
                 ctx->res->facts_total, ctx->res->facts_written, in->rejects->nrows, ic->errors, ic->warnings);
    else
        snprintf(text, sizeof text, "facts.csv %zu 条（“数据”表列出 %zu 条）；rejects.csv %zu 条。",
                 ctx->res->facts_total, ctx->res->facts_written, in->rejects->nrows);
    item(c, "数据量", text);
    if (*qtr_wb_facts_note(in, ctx->res, text, sizeof text))
        item_as(c, "数据表范围", text, c->s->st->alert);  /* which facts 数据 leaves out */
    item(c, "数据质量", qtr_wb_quality_line(in, ctx->res, text, sizeof text));
}

qtr_status qtr_wb_sheet_notes(qtr_wb_ctx *ctx)
{
    qtr_wb_sheet s;
    lxw_error e = qtr_wb_open_sheet(ctx, &s, QTR_WB_SHEET_NOTES);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    cursor c = {&s, 1};  /* a blank row under the title */
    qtr_wb_str_nowidth(&s, 0, 0, "说明", s.st->title);
    qtr_wb_height(&s, 0, 24);
    basics(ctx, &c);
    definitions(ctx, &c);
    indicator_settings(ctx, &c);
    task_definitions(ctx, &c);
    qtr_status st = input_files(ctx, &c);
    if (st != QTR_OK)
        return st;
    config_and_counts(ctx, &c);
    qtr_wb_apply_width(&s, C_TERM, 12, TERM_WIDTH);
    qtr_wb_apply_width(&s, C_TEXT, TEXT_WIDTH, TEXT_WIDTH);
    qtr_wb_apply_width(&s, C_BYTES, 10, 16);
    qtr_wb_apply_width(&s, C_SHA, 10, 70);
    qtr_wb_print_setup(&s, ctx->in->plan->name, 1, -1, -1);
    return qtr_wb_sheet_status(&s, ctx->path, ctx->err);
}
