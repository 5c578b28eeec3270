/* test_workbook.c — unit tests of the workbook stage (pipeline/workbook): widths, status cells
 * in the colours of words.h, number formats that show what the sentences say, formula
 * builders, rows written in order, formula-looking text, field parsing, the model read from a
 * real compare run (the fixture: rows, summary, missing reports), the shared Chinese texts
 * (the data-quality line, the note on the facts 数据 leaves out), the string set and the
 * facts of 数据 (every row checked, all kept up to the budget, then only the report's
 * quarters), and whole-workbook writes (row limit, constant-memory mode, atomic output).
 * Run from the repository root (tests/run.sh does): it reads tests/fixtures/workbook/.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "period.h"
#include "plan.h"
#include "words.h"
#include "testutil.h"
#include "wbfacts.h"
#include "wbinput.h"
#include "wbintern.h"
#include "wbsheet.h"
#include "wbsheets.h"
#include "wbstyle.h"
#include "workbook.h"
#include "zipcheck.h"

#define FIX "tests/fixtures/workbook/lanzhou/"

/* ---------------------------------------------------------------- widths */

static void test_text_width(void **state)
{
    (void)state;
    assert_true(fabs(qtr_wb_text_width("") - 0) < 1e-9);
    assert_true(fabs(qtr_wb_text_width("abc") - 3.3) < 1e-9);
    assert_true(fabs(qtr_wb_text_width("兰州") - 4.2) < 1e-9);
    assert_true(fabs(qtr_wb_text_width("兰州a") - 5.3) < 1e-9);
    assert_true(fabs(qtr_wb_text_width("（个）") - 6.3) < 1e-9);   /* full-width brackets */
    assert_true(fabs(qtr_wb_text_width("ab\n兰州市") - 6.3) < 1e-9); /* the widest line */
    assert_true(fabs(qtr_wb_text_width("a\xff") - 2.2) < 1e-9);     /* a bad byte: narrow */
    assert_true(qtr_wb_is_wide(0x4E00) && qtr_wb_is_wide(0x3002) && !qtr_wb_is_wide('A'));
}

static void test_number_width(void **state)
{
    (void)state;
    assert_true(fabs(qtr_wb_number_width(1500, QTR_WB_NUM_D0) - 5 * 1.1) < 1e-9);          /* 1,500 */
    assert_true(fabs(qtr_wb_number_width(96.866345, QTR_WB_NUM_D2) - 5 * 1.1) < 1e-9);     /* 96.87 */
    assert_true(fabs(qtr_wb_number_width(1234567.891, QTR_WB_NUM_D2) - 12 * 1.1) < 1e-9);
    assert_true(fabs(qtr_wb_number_width(0.7175, QTR_WB_NUM_PERCENT) - 5 * 1.1) < 1e-9);  /* 71.8% */
    assert_true(fabs(qtr_wb_number_width(-20, QTR_WB_NUM_D0) - 3 * 1.1) < 1e-9);          /* -20 */
    assert_true(fabs(qtr_wb_number_width(37.5, QTR_WB_NUM_D1) - 4 * 1.1) < 1e-9);         /* 37.5 */
    assert_true(qtr_wb_number_width(NAN, QTR_WB_NUM_D0) == 0);
}

static void test_lines(void **state)
{
    (void)state;
    assert_int_equal(qtr_wb_lines(10, 20), 1);
    assert_int_equal(qtr_wb_lines(41, 20), 3);
    assert_int_equal(qtr_wb_lines(41, 0), 1);
}

/* ---------------------------------------------------------------- statuses and numbers */

/* A status cell has the colours of its status's look (words.h), every status its own fill. */
static void test_status_formats(void **state)
{
    (void)state;
    lxw_workbook *wb = workbook_new("/tmp/qtr-test-never-written.xlsx");
    assert_non_null(wb);
    qtr_wb_styles st;
    assert_int_equal(qtr_wb_styles_init(&st, wb), LXW_NO_ERROR);
    for (int s = 0; s < QTR_STATUS_COUNT; s++) {
        const qtr_status_look *look = qtr_status_look_of((qtr_progress_status)s);
        assert_non_null(st.status[s]);
        assert_int_equal(st.status[s]->bg_color, look->cell_fill);
        assert_int_equal(st.status[s]->font_color, look->cell_font);
        for (int t = 0; t < s; t++)
            assert_int_not_equal(st.status[s]->bg_color, st.status[t]->bg_color);
    }
    lxw_workbook_free(wb);
}

/* A figure's format shows the digits qtr_words_figure writes for it. */
static qtr_plan *test_plan(void);

static void test_numfmt(void **state)
{
    (void)state;
    qtr_plan *plan = test_plan();
    const qtr_indicator *money = &plan->indicators[qtr_plan_find_indicator(plan, "money")];
    const qtr_indicator *count = &plan->indicators[qtr_plan_find_indicator(plan, "demands")];
    assert_int_equal(qtr_wb_numfmt_of(money, QTR_FIG_ACTUAL, 104.23568), QTR_WB_NUM_D2);
    assert_int_equal(qtr_wb_numfmt_of(money, QTR_FIG_NEEDED, 135), QTR_WB_NUM_D2);
    assert_int_equal(qtr_wb_numfmt_of(count, QTR_FIG_ACTUAL, 1163), QTR_WB_NUM_D0);
    assert_int_equal(qtr_wb_numfmt_of(count, QTR_FIG_NEEDED, 262.5), QTR_WB_NUM_D0); /* 263, as the PDF says */
    assert_int_equal(qtr_wb_numfmt_of(count, QTR_FIG_ESTIMATE, 37.5), QTR_WB_NUM_D0);
    assert_int_equal(qtr_wb_numfmt_of(count, QTR_FIG_ACTUAL, NAN), QTR_WB_NUM_D0);
    qtr_plan_free(plan);
    /* reported values on 数据: as reported, not as estimates */
    assert_int_equal(qtr_wb_numfmt_data(2500.37, "万人"), QTR_WB_NUM_D2);
    assert_int_equal(qtr_wb_numfmt_data(2500.5, "万人"), QTR_WB_NUM_D1);
    assert_int_equal(qtr_wb_numfmt_data(3, "个"), QTR_WB_NUM_D0);
    assert_int_equal(qtr_wb_numfmt_data(9.50005, "亿元"), QTR_WB_NUM_D2);
    assert_int_equal(qtr_wb_numfmt_data(0.5, "%"), QTR_WB_NUM_PERCENT);
    assert_string_equal(qtr_wb_numfmt_format(QTR_WB_NUM_D0), "#,##0");
    assert_string_equal(qtr_wb_numfmt_format(QTR_WB_NUM_D1), "#,##0.0");
    assert_string_equal(qtr_wb_numfmt_format(QTR_WB_NUM_D2), "#,##0.00");
    assert_string_equal(qtr_wb_numfmt_format(QTR_WB_NUM_PERCENT), "0.0%");
    assert_int_equal(qtr_wb_numfmt_digits(QTR_WB_NUM_D1), 1);
    assert_int_equal(qtr_wb_numfmt_decimals(5), QTR_WB_NUM_D2);
    assert_string_equal(qtr_wb_axis_format("亿元"), "#,##0.00");
    assert_string_equal(qtr_wb_axis_format("%"), "0%");
    assert_string_equal(qtr_wb_axis_format("个"), "#,##0");
}

static void test_requirement_and_kind_text(void **state)
{
    (void)state;
    char buf[64];
    qtr_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.unit = "场";
    ind.cmp = QTR_CMP_GE;
    assert_string_equal(qtr_wb_requirement(&ind, buf, sizeof buf), "≥");
    ind.cmp = QTR_CMP_GT;
    assert_string_equal(qtr_wb_requirement(&ind, buf, sizeof buf), "＞");
    ind.cmp = QTR_CMP_RANGE;
    ind.target = 10;
    ind.target_hi = 15;
    assert_string_equal(qtr_wb_requirement(&ind, buf, sizeof buf), "区间 10～15");
    ind.unit = "亿元";
    assert_string_equal(qtr_wb_requirement(&ind, buf, sizeof buf), "区间 10.00～15.00");
    assert_string_equal(qtr_wb_kind_text(QTR_KIND_STOCK), "存量（季末数）");
    assert_string_equal(qtr_wb_kind_text(QTR_KIND_PERIOD_FLOW), "流量（计划期累计）");
}

/* ---------------------------------------------------------------- formulas */

static void test_formula_builders(void **state)
{
    (void)state;
    char f[QTR_WB_FORMULA_SIZE];
    assert_string_equal(qtr_wb_f_ratio(f, 8, 4, 3), "=E9/D9");
    assert_string_equal(qtr_wb_f_progress(f, 13, 4, 3, 6), "=(E14-G14)/(D14-G14)");
    assert_string_equal(qtr_wb_f_ref(f, 8, 5), "=F9");
    assert_string_equal(qtr_wb_f_pace_gap(f, 8, 7, 8), "=(H9-I9)*100");
    assert_string_equal(qtr_wb_f_gap(f, 8, 3, 4), "=MAX(0,D9-E9)");
    assert_string_equal(qtr_wb_f_diff(f, 4, 4, 5), "=E5-F5");
    assert_string_equal(qtr_wb_f_shown_diff(f, 4, 4, 0, 5, 1), "=ROUND(E5,0)-ROUND(F5,1)");
    assert_string_equal(qtr_wb_f_rank(f, 5, 1, 5, 16), "=RANK(B6,B$6:B$17)");
    assert_string_equal(qtr_wb_f_sum(f, 27, 5, 16), "=SUM(AB6:AB17)");
    assert_string_equal(qtr_wb_f_ref(f, 1048575, 16383), "=XFD1048576");
    assert_string_equal(qtr_wb_f_ref(f, 0, 25), "=Z1");
    assert_string_equal(qtr_wb_f_ref(f, 0, 26), "=AA1");
    assert_string_equal(qtr_wb_f_ref(f, 0, 701), "=ZZ1");
    assert_string_equal(qtr_wb_f_ref(f, 0, 702), "=AAA1");
}

/* A formula carries the report's figure only when it computes it. */
static void test_reproduces(void **state)
{
    (void)state;
    assert_true(qtr_wb_reproduces(1163.0 / 1500, 0.7753333333333333));
    assert_true(qtr_wb_reproduces(0.1 + 0.2, 0.3));         /* binary rounding is no difference */
    assert_true(qtr_wb_reproduces(1e12 + 1e-4, 1e12));       /* relative for big figures */
    assert_false(qtr_wb_reproduces(35, 36));                 /* another rule: written as a value */
    assert_false(qtr_wb_reproduces(0, NAN));                 /* no figure: no formula */
    assert_false(qtr_wb_reproduces(INFINITY, 1));
}

/* Rows are written in order: a write above the current row fails the sheet, naming the cell,
 * instead of being dropped (as constant-memory mode would drop it). */
static void test_row_order(void **state)
{
    (void)state;
    lxw_workbook *wb = workbook_new("/tmp/qtr-test-never-written.xlsx");
    assert_non_null(wb);
    qtr_wb_styles st;
    assert_int_equal(qtr_wb_styles_init(&st, wb), LXW_NO_ERROR);
    qtr_wb_sheet s;
    assert_int_equal(qtr_wb_sheet_open(&s, wb, "数据", &st, NULL), LXW_NO_ERROR);
    qtr_wb_str(&s, 2, 0, "a", NULL);
    qtr_wb_str(&s, 2, 5, "same row, any column", NULL);
    qtr_wb_merge(&s, 3, 0, 4, 1, "down to row 5", st.header);  /* row 5 is now current */
    assert_int_equal(s.lerr, LXW_NO_ERROR);
    assert_int_equal(s.row, 4);
    qtr_wb_num(&s, 3, 2, 1.0, NULL, QTR_WB_NUM_D0);  /* row 4: too late */
    assert_int_not_equal(s.lerr, LXW_NO_ERROR);
    assert_null(lxw_worksheet_find_cell_in_row(lxw_worksheet_find_row(s.ws, 3), 2));
    qtr_error err;
    assert_int_equal(qtr_wb_sheet_status(&s, "x.xlsx", &err), QTR_ERR_WRITE);
    assert_non_null(strstr(err.message, "sheet 数据, cell C4: written after row 5 (out of row order"));
    /* the rest of a range spanning two header rows: allowed on the row after its first */
    assert_int_equal(qtr_wb_sheet_open(&s, wb, "汇总", &st, NULL), LXW_NO_ERROR);
    qtr_wb_str(&s, 0, 0, "单位", st.header);
    qtr_wb_str(&s, 0, 1, "别的", st.header);
    qtr_wb_merge_rest(&s, 0, 0, 1, 0, "单位", st.header);
    qtr_wb_str(&s, 1, 1, "第二行", st.header);
    qtr_wb_merge_rest(&s, 0, 2, 1, 2, "也是", st.header);
    assert_int_equal(s.lerr, LXW_NO_ERROR);
    qtr_wb_str(&s, 2, 0, "第三行", NULL);
    qtr_wb_merge_rest(&s, 0, 3, 1, 3, "太晚", st.header);  /* row 2 is gone */
    assert_int_not_equal(s.lerr, LXW_NO_ERROR);
    assert_true(s.disorder);
    lxw_workbook_free(wb);
}

/* Text that looks like a formula is written as a string cell, never as a formula. */
static void test_formula_looking_text(void **state)
{
    (void)state;
    lxw_workbook *wb = workbook_new("/tmp/qtr-test-never-written.xlsx");
    assert_non_null(wb);
    qtr_wb_styles st;
    assert_int_equal(qtr_wb_styles_init(&st, wb), LXW_NO_ERROR);
    qtr_wb_sheet s;
    assert_int_equal(qtr_wb_sheet_open(&s, wb, "汇总", &st, NULL), LXW_NO_ERROR);
    static const char *const texts[] = {"=市本级", "+5", "-12", "@SUM(A1)", "=SUM(A1:A3)"};
    for (lxw_row_t r = 0; r < 5; r++) {  /* row by row, as every sheet is written */
        qtr_wb_str(&s, r, 0, texts[r], NULL);
        if (r == 0)
            qtr_wb_num(&s, 0, 1, 3.5, NULL, QTR_WB_NUM_D2);
        if (r == 1)
            qtr_wb_num(&s, 1, 1, NAN, st.text, QTR_WB_NUM_D2);
    }
    assert_int_equal(s.lerr, LXW_NO_ERROR);
    for (lxw_row_t r = 0; r < 5; r++) {
        lxw_row *row = lxw_worksheet_find_row(s.ws, r);
        assert_non_null(row);
        lxw_cell *cell = lxw_worksheet_find_cell_in_row(row, 0);
        assert_non_null(cell);
        assert_int_equal(cell->type, STRING_CELL);
    }
    lxw_cell *num = lxw_worksheet_find_cell_in_row(lxw_worksheet_find_row(s.ws, 0), 1);
    assert_int_equal(num->type, NUMBER_CELL);
    lxw_cell *blank = lxw_worksheet_find_cell_in_row(lxw_worksheet_find_row(s.ws, 1), 1);
    assert_int_equal(blank->type, BLANK_CELL);  /* NAN: an empty cell, not text or 0 */
    lxw_workbook_free(wb);
}

/* ---------------------------------------------------------------- text helpers */

static void test_header_escape_and_cut(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(qtr_wb_header_escape("A & B", 80, buf, sizeof buf), "A && B");
    assert_string_equal(qtr_wb_header_escape("兰州市科技局", 3, buf, sizeof buf), "兰州市");
    assert_string_equal(qtr_wb_header_escape("&&&", 4, buf, sizeof buf), "&&&&");
    char cut[16];
    assert_string_equal(qtr_wb_cut("short", 10, cut, sizeof cut), "short");
    const char *c = qtr_wb_cut("兰州市城关区七里河区", 10, cut, sizeof cut);
    assert_string_equal(c, "兰州\xE2\x80\xA6");  /* 6 bytes of text + "…", whole characters */
}

static void test_parse_fields(void **state)
{
    (void)state;
    double v;
    qtr_period m[4];
    size_t n;
    assert_int_equal(qtr_wb_parse_number("", &v), 0);
    assert_true(isnan(v));
    assert_int_equal(qtr_wb_parse_number("1.5e3", &v), 0);
    assert_true(v == 1500);
    assert_int_equal(qtr_wb_parse_number("12abc", &v), -1);
    assert_int_equal(qtr_wb_parse_number("nan", &v), -1);
    assert_int_equal(qtr_wb_parse_number("inf", &v), -1);
    assert_int_equal(qtr_wb_parse_missing("Q2;Q3", 2025, m, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(m[0], qtr_period_make(2025, 2));
    assert_int_equal(m[1], qtr_period_make(2025, 3));
    assert_int_equal(qtr_wb_parse_missing("", 2025, m, 4, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(qtr_wb_parse_missing("2017Q4;2018Q2;Q3", 2019, m, 4, &n), 0);  /* multi-year */
    assert_int_equal(n, 3);
    assert_int_equal(m[0], qtr_period_make(2017, 4));
    assert_int_equal(m[1], qtr_period_make(2018, 2));
    assert_int_equal(m[2], qtr_period_make(2019, 3));  /* "Qn" is always of the reported year */
    assert_int_equal(qtr_wb_parse_missing("Q1;Q2;Q3;Q4;Q1", 2019, m, 4, &n), 0);     /* cut at max */
    assert_int_equal(n, 4);
    assert_int_equal(qtr_wb_parse_missing("Q5", 2025, m, 4, &n), -1);
    assert_int_equal(qtr_wb_parse_missing("Q1,Q2", 2025, m, 4, &n), -1);
    assert_int_equal(qtr_wb_parse_missing("Q2;", 2025, m, 4, &n), -1);
    assert_int_equal(qtr_wb_parse_missing("25Q2", 2025, m, 4, &n), -1);
}

static void test_with_baseline(void **state)
{
    (void)state;
    qtr_progress_row row = {.target = 900, .actual = 868, .baseline = 780, .progress = 88.0 / 120};
    assert_int_equal(qtr_wb_with_baseline(&row), 1);
    row.baseline = NAN;            /* progress is completion */
    assert_int_equal(qtr_wb_with_baseline(&row), 0);
    row.baseline = 950;            /* a target below the baseline: completion */
    assert_int_equal(qtr_wb_with_baseline(&row), 0);
    row.baseline = 780;
    row.target = NAN;              /* no target */
    assert_int_equal(qtr_wb_with_baseline(&row), 0);
}

/* ---------------------------------------------------------------- the string set */

static void test_intern(void **state)
{
    (void)state;
    qtr_wb_intern t = {0};
    assert_int_equal(qtr_wb_intern_find(&t, "x", 1), -1);
    uint32_t id, again;
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "单位%05d", i);
        assert_int_equal(qtr_wb_intern_add(&t, buf, (size_t)n, &id), QTR_OK);
        assert_int_equal(id, (uint32_t)i);  /* ids in order of first appearance */
    }
    const char *first = t.text[0];
    assert_int_equal(qtr_wb_intern_add(&t, "单位00007", strlen("单位00007"), &again), QTR_OK);
    assert_int_equal(again, 7);
    assert_int_equal(t.n, 20000);
    assert_ptr_equal(t.text[0], first);  /* texts never move */
    assert_string_equal(t.text[19999], "单位19999");
    assert_int_equal(qtr_wb_intern_find(&t, "单位12345", strlen("单位12345")), 12345);
    assert_int_equal(qtr_wb_intern_find(&t, "单位1234", strlen("单位1234")), -1);
    assert_int_equal(qtr_wb_intern_add(&t, "", 0, &id), QTR_OK);  /* the empty text too */
    assert_int_equal(qtr_wb_intern_find(&t, "", 0), 20000);
    qtr_wb_intern_free(&t);
    assert_int_equal(t.n, 0);
}

/* ---------------------------------------------------------------- facts */

static qtr_plan *test_plan(void)
{
    qtr_plan *p = NULL;
    qtr_error err;
    const char *path = write_temp(TEST_PLAN, strlen(TEST_PLAN), 4);
    assert_int_equal(qtr_plan_load(path, &p, &err), QTR_OK);
    unlink(path);
    return p;
}

/* 2023Q4 and 2024Q1..Q3 (outside the report's quarters), the baseline 2024Q4, 2025Q1..Q3. */
static const char FACTS[] =
    "period,unit,indicator,value,source,line\n"
    "2024Q4,甲区,demands,5,2024/2024Q4.csv,2\n"
    "2023Q4,甲区,demands,1,2023/2023Q4.csv,2\n"
    "2024Q1,甲区,demands,2,2024/2024Q1.csv,2\n"
    "2025Q1,甲区,demands,7,2025/2025Q1.csv,2\n"
    "2024Q2,甲区,demands,3,2024/2024Q2.csv,2\n"
    "2025Q2,甲区,demands,,2025/2025Q2.csv,3\n"
    "2024Q3,\"乙区\",demands,4.5,2024/2024Q3.csv,2\n"
    "2025Q3,乙区,money,1.25,\"2025/2025Q3,final.csv\",4\n";

static void test_facts_budget(void **state)
{
    (void)state;
    qtr_plan *plan = test_plan();
    const char *path = write_temp(FACTS, sizeof FACTS - 1, 5);
    qtr_period p = qtr_period_make(2025, 3);
    qtr_wb_facts f;
    qtr_error err;
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, p, 8, &err), QTR_OK);  /* within the budget */
    assert_int_equal(f.total, 8);
    assert_int_equal(f.in_scope, 4);
    assert_int_equal(f.scoped, 0);
    assert_int_equal(f.listed, 8);
    assert_int_equal(f.n, 8);
    /* sorted by period (then unit): 2023Q4, 2024Q1..Q4, 2025Q1..Q3 */
    assert_string_equal(f.texts.text[f.rows[0].period], "2023Q4");
    assert_string_equal(f.texts.text[f.rows[4].period], "2024Q4");
    assert_true(isnan(f.rows[6].value));                      /* not reported */
    assert_true(f.rows[3].value == 4.5);
    assert_string_equal(f.texts.text[f.rows[7].source], "2025/2025Q3,final.csv");
    assert_ptr_equal(f.texts.text[f.rows[3].unit], f.texts.text[f.rows[7].unit]);  /* stored once */
    qtr_wb_facts_free(&f);
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, p, 3, &err), QTR_OK);  /* over it */
    assert_int_equal(f.total, 8);
    assert_int_equal(f.scoped, 1);
    assert_int_equal(f.listed, 4);
    assert_int_equal(f.n, 4);
    static const char *const kept[4] = {"2024Q4", "2025Q1", "2025Q2", "2025Q3"};  /* by period */
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(f.texts.text[f.rows[i].period], kept[i]);
    assert_true(f.rows[3].line == 4);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2024, 4)), 1);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2024, 3)), 0);
    assert_int_equal(qtr_wb_facts_in_scope(&f, qtr_period_make(2025, 4)), 0);
    qtr_wb_facts_free(&f);
    unlink(path);
    qtr_plan_free(plan);
}

static void expect_facts_error(const qtr_plan *plan, const char *text, long line, long column,
                               const char *what)
{
    const char *path = write_temp(text, strlen(text), 6);
    qtr_wb_facts f;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, qtr_period_make(2025, 3), 0, &err), QTR_ERR_PARSE);
    unlink(path);
    assert_int_equal(f.n, 0);
    assert_null(f.rows);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    if (!strstr(err.message, what))
        fail_msg("message '%s' lacks '%s'", err.message, what);
}

static void test_facts_errors(void **state)
{
    (void)state;
    qtr_plan *plan = test_plan();
    static const char head[] = "period,unit,indicator,value,source,line\n";
    char text[300];
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a.csv,2\n2025Q5,甲区,demands,1,a.csv,3\n", head);
    expect_facts_error(plan, text, 3, 1, "period '2025Q5' is not a quarter");
    snprintf(text, sizeof text, "%s2023Q1,甲区,demands,1x,a.csv,2\n", head);  /* out of scope too */
    expect_facts_error(plan, text, 2, 4, "value '1x' is not a number");
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a.csv,two\n", head);
    expect_facts_error(plan, text, 2, 6, "line 'two' is not a number");
    expect_facts_error(plan, "period,unit,indicator,value,line\n", 1, 0, "no column named 'source'");
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a.csv\n", head);  /* the core reader's checks */
    expect_facts_error(plan, text, 2, 0, "5 fields where the header has 6");
    snprintf(text, sizeof text, "%s2025Q1,甲区,demands,1,a\"b.csv,2\n", head);
    expect_facts_error(plan, text, 2, 0, "没加引号的格子中有引号");
    snprintf(text, sizeof text, "%s2025Q1,\xff,demands,1,a.csv,2\n", head);
    expect_facts_error(plan, text, 2, 0, "not valid UTF-8");
    snprintf(text, sizeof text, "%s2025年第一季度,甲区,demands,1,a.csv,2\n", head);  /* other spellings */
    const char *path = write_temp(text, strlen(text), 6);
    qtr_wb_facts f;
    qtr_error err;
    assert_int_equal(qtr_wb_facts_load(&f, path, plan, qtr_period_make(2025, 3), 0, &err), QTR_OK);
    assert_int_equal(f.in_scope, 1);
    assert_int_equal(f.budget, QTR_WB_FACTS_BUDGET);
    qtr_wb_facts_free(&f);
    unlink(path);
    qtr_plan_free(plan);
}

/* ---------------------------------------------------------------- the fixture */

typedef struct {
    qtr_plan *plan;
    qtr_workbook_input *in;
} fixture;

static int load_fixture(void **state)
{
    static fixture fx;
    qtr_error err;
    if (qtr_plan_load(FIX "plan.ini", &fx.plan, &err) != QTR_OK)
        return -1;
    qtr_wb_paths paths = {FIX "progress.csv", FIX "quarterly.csv", FIX "compare.txt",
                          FIX "facts.csv",    FIX "rejects.csv",   FIX "inputs.csv", NULL};
    if (qtr_workbook_input_load(fx.plan, &paths, 0, &fx.in, &err) != QTR_OK) {
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.message);
        return -1;
    }
    fx.in->created = qtr_period_end_time(fx.in->period);
    *state = &fx;
    return 0;
}

static int free_fixture(void **state)
{
    fixture *fx = *state;
    qtr_workbook_input_free(fx->in);
    qtr_plan_free(fx->plan);
    return 0;
}

/* The model is compare's report as written (the fixture is a real run: see its README). */
static void test_model(void **state)
{
    fixture *fx = *state;
    const qtr_workbook_input *in = fx->in;
    assert_int_equal(in->nind, 9);
    assert_int_equal(in->nunits, 12);
    assert_int_equal(in->period, qtr_period_make(2025, 3));
    assert_int_equal(in->report->trend_start[9], 27);  /* Q1..Q3 of each indicator */
    assert_true(qtr_wb_row(in, -1, 0)->actual == 1544);
    assert_int_equal(qtr_wb_row(in, -1, 0)->status, QTR_STATUS_ACHIEVED);
    assert_true(qtr_wb_row(in, -1, 5)->baseline == 780);  /* brokers: from the 2024Q4 levels */
    assert_int_equal(qtr_wb_row(in, 0, 0)->rank, 1);        /* 城关区 leads demands */
    assert_string_equal(in->report->sum.headline, "9项指标：已完成2项，正常2项，滞后3项，严重滞后2项");
    assert_int_equal(in->report->sum.input.errors, 4);
    assert_int_equal(in->report->sum.input.warnings, 2);
    char buf[2000];
    assert_string_equal(qtr_wb_unit_missing_text(in, 1, "未报 ", buf, sizeof buf), "未报 Q2");
    assert_string_equal(qtr_wb_unit_missing_text(in, 2, "未报 ", buf, sizeof buf),
                        "未报 Q3（科技成果转化对接活动）");
    assert_string_equal(qtr_wb_unit_missing_text(in, 0, "未报 ", buf, sizeof buf), "");
    assert_string_equal(qtr_wb_cell_missing_text(in, 1, qtr_period_make(2025, 2), buf, sizeof buf),
                        "全部未报");
    assert_string_equal(qtr_wb_cell_missing_text(in, 1, qtr_period_make(2025, 1), buf, sizeof buf), "");
    assert_string_equal(qtr_wb_quarter_label(in, qtr_period_make(2024, 4), buf), "2024Q4");
    assert_string_equal(qtr_wb_status_text(in, -1, 0, buf, sizeof buf), "已完成");
    assert_string_equal(qtr_wb_status_text(in, 0, 0, buf, sizeof buf), "未评估（未分解单位目标）");
    /* the data-quality line is the terminal's: the summary's input counts and missing reports */
    qtr_wb_quality_line(in, NULL, buf, sizeof buf);
    assert_string_equal(buf, "输入：5个文件，49行，420个数值；拒收4处，警告2条，详见“数据质量”；"
                             "缺报：七里河区 Q2（9项）、西固区 Q3（1项）、红古区 Q2（1项）、永登县 Q3（1项）、"
                             "市本级 Q2（1项）。");
    char small[20];  /* cut on a character boundary */
    qtr_wb_quality_line(in, NULL, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

static void test_write_and_row_limit(void **state)
{
    fixture *fx = *state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/qtr-test-wb-%ld.xlsx", (long)getpid());
    fx->in->max_rows = 50;
    qtr_workbook_result res;
    qtr_error err;
    qtr_status st = qtr_workbook_write(fx->in, path, &res, &err);
    fx->in->max_rows = 0;
    assert_int_equal(st, QTR_OK);
    assert_int_equal(res.facts_total, 420);
    assert_int_equal(res.facts_written, 49);
    assert_int_equal(res.rejects_written, 6);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 10000);
    char tmp[100];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    assert_int_not_equal(stat(tmp, &sb), 0);  /* renamed away */
    unlink(path);
}

/* A big workbook: constant-memory mode (forced by a low big_rows), also with the row limit. */
static void test_write_constant_memory(void **state)
{
    fixture *fx = *state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/qtr-test-wb-big-%ld.xlsx", (long)getpid());
    qtr_workbook_result res;
    qtr_error err;
    fx->in->big_rows = 10;
    qtr_status st = qtr_workbook_write(fx->in, path, &res, &err);
    if (st != QTR_OK)
        fprintf(stderr, "%s\n", err.message);
    assert_int_equal(st, QTR_OK);
    assert_int_equal(res.constant_memory, 1);
    assert_int_equal(res.facts_scoped, 0);
    assert_int_equal(res.facts_listed, 420);
    assert_int_equal(res.facts_written, 420);
    fx->in->max_rows = 50;  /* and Excel's row limit (made small) */
    st = qtr_workbook_write(fx->in, path, &res, &err);
    fx->in->max_rows = 0;
    fx->in->big_rows = 0;
    assert_int_equal(st, QTR_OK);
    assert_int_equal(res.constant_memory, 1);
    assert_int_equal(res.facts_written, 49);
    char note[600];
    qtr_wb_facts_note(fx->in, &res, note, sizeof note);
    assert_string_equal(note, "facts.csv 共 420 条，超出 Excel 行数上限：“数据”表列出前 49 条，其余 371 条见 facts.csv。");
    res.facts_written = res.facts_total;
    assert_string_equal(qtr_wb_facts_note(fx->in, &res, note, sizeof note), "");
    st = qtr_workbook_write(fx->in, path, &res, &err);  /* back in memory */
    assert_int_equal(st, QTR_OK);
    assert_int_equal(res.constant_memory, 0);
    unlink(path);
}

/* The note when facts.csv is over the budget: counts grouped, the report's quarters named. */
static void test_facts_note(void **state)
{
    fixture *fx = *state;
    qtr_workbook_result res = {.facts_total = 1080000, .facts_listed = 108000,
                               .facts_written = 108000, .facts_scoped = 1};
    char note[600];
    size_t budget = fx->in->facts.budget;
    fx->in->facts.budget = 200000;
    qtr_wb_facts_note(fx->in, &res, note, sizeof note);
    assert_string_equal(note, "facts.csv 共 1,080,000 条，多于 200,000 条，“数据”表只列出本报告各项数值所依据的 "
                              "108,000 条：2025年第一季度至第三季度，以及基数季度2024年第四季度；全部数据见 facts.csv。");
    res.facts_written = 100000;  /* and Excel's limit on top */
    qtr_wb_facts_note(fx->in, &res, note, sizeof note);
    assert_non_null(strstr(note, "（其中超出 Excel 行数上限的 8,000 条未列出）"));
    char small[40];  /* cut on a character boundary */
    qtr_wb_facts_note(fx->in, &res, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    fx->in->facts.budget = budget;
}

/* A stored (uncompressed) zip of the given members, each holding sizes[i] bytes of 'x'. */
static void write_zip(const char *path, const char *const *names, const uint32_t *sizes, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    unsigned char cd[4096];
    size_t cdn = 0;
    uint32_t off = 0;
#define PUT16(b, v) ((b)[0] = (unsigned char)(v), (b)[1] = (unsigned char)((v) >> 8))
#define PUT32(b, v) (PUT16(b, (v) & 0xffff), PUT16((b) + 2, (v) >> 16))
    for (size_t i = 0; i < n; i++) {
        unsigned char h[30] = {0};
        uint32_t nl = (uint32_t)strlen(names[i]);
        PUT32(h, 0x04034b50u);
        PUT32(h + 18, sizes[i]);
        PUT32(h + 22, sizes[i]);
        PUT16(h + 26, nl);
        fwrite(h, 1, 30, f);
        fwrite(names[i], 1, nl, f);
        for (uint32_t k = 0; k < sizes[i]; k++)
            fputc('x', f);
        unsigned char *c = cd + cdn;
        memset(c, 0, 46);
        PUT32(c, 0x02014b50u);
        PUT32(c + 20, sizes[i]);
        PUT32(c + 24, sizes[i]);
        PUT16(c + 28, nl);
        PUT32(c + 42, off);
        memcpy(c + 46, names[i], nl);
        cdn += 46 + nl;
        off += 30 + nl + sizes[i];
    }
    fwrite(cd, 1, cdn, f);
    unsigned char e[22] = {0};
    PUT32(e, 0x06054b50u);
    PUT16(e + 8, n);
    PUT16(e + 10, n);
    PUT32(e + 12, (uint32_t)cdn);
    PUT32(e + 16, off);
    fwrite(e, 1, 22, f);
#undef PUT16
#undef PUT32
    assert_int_equal(fclose(f), 0);
}

/* The read-back check of a written workbook: a real one passes; parts that came out empty or
 * short, a sheet too small for its rows, and a file cut short do not. */
static void test_zip_check(void **state)
{
    fixture *fx = *state;
    char path[64], why[300];
    snprintf(path, sizeof path, "/tmp/qtr-test-wb-zip-%ld.xlsx", (long)getpid());
    qtr_error err;
    assert_int_equal(qtr_workbook_write(fx->in, path, NULL, &err), QTR_OK);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 420 * 150, why, sizeof why), 0);
    /* more rows than the sheets can hold */
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 100000000, why, sizeof why), -1);
    assert_non_null(strstr(why, "less than its rows need"));
    /* cut short: no directory at the end */
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(truncate(path, sb.st_size - 300), 0);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 0, why, sizeof why), -1);
    assert_non_null(strstr(why, "cut short"));

    static const char *const names[] = {"[Content_Types].xml", "xl/worksheets/sheet1.xml",
                                        "xl/worksheets/sheet2.xml"};
    uint32_t good[] = {500, 4000, 900};
    write_zip(path, names, good, 3);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 3000, why, sizeof why), 0);
    uint32_t empty[] = {500, 0, 900};
    write_zip(path, names, empty, 3);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 0, why, sizeof why), -1);
    assert_string_equal(why, "a part of the workbook is empty: xl/worksheets/sheet1.xml");
    uint32_t shortened[] = {500, 4000, 120};
    write_zip(path, names, shortened, 3);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 0, why, sizeof why), -1);
    assert_string_equal(why, "a sheet of the workbook is cut short: xl/worksheets/sheet2.xml");
    unlink(path);
    assert_int_equal(qtr_wb_zip_check(path, "xl/worksheets/sheet", 300, 0, why, sizeof why), -1);
}

/* The two steps of run.sh's early start: ingest's files for a period, 数据 written (constant-
 * memory mode), then the report; a job discarded before its report leaves no file; a report of
 * another quarter is refused. */
static void test_two_steps(void **state)
{
    fixture *fx = *state;
    qtr_wb_paths paths = fx->in->paths;
    qtr_workbook_input *in = NULL;
    qtr_error err;
    qtr_period q3 = qtr_period_make(2025, 3);
    assert_int_equal(qtr_workbook_input_load_ingest(fx->plan, &paths, q3, 0, &in, &err), QTR_OK);
    assert_null(in->report);
    assert_int_equal(in->facts.total, 420);
    assert_int_equal(in->rejects->nrows, 6);
    in->created = fx->in->created;
    in->big_rows = 10;
    char path[64], tmp[100];
    snprintf(path, sizeof path, "/tmp/qtr-test-wb-two-%ld.xlsx", (long)getpid());
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    struct stat sb;
    qtr_workbook_result res;
    qtr_workbook_job *job;
    assert_int_equal(qtr_workbook_start(in, path, &res, &job, &err), QTR_OK);
    assert_int_equal(stat(tmp, &sb), 0); /* under way */
    qtr_workbook_job_free(job);          /* called off */
    assert_int_not_equal(stat(tmp, &sb), 0);
    assert_int_not_equal(stat(path, &sb), 0);
    assert_int_equal(qtr_workbook_start(in, path, &res, &job, &err), QTR_OK);
    assert_int_equal(qtr_workbook_input_load_report(in, &err), QTR_OK);
    assert_int_equal(in->nind, 9);
    assert_int_equal(qtr_workbook_finish(job), QTR_OK);
    assert_int_equal(res.constant_memory, 1);
    assert_int_equal(res.facts_written, 420);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_not_equal(stat(tmp, &sb), 0);
    unlink(path);
    qtr_workbook_input_free(in);
    /* the facts read for 2025Q2, the report of 2025Q3 */
    assert_int_equal(qtr_workbook_input_load_ingest(fx->plan, &paths, qtr_period_make(2025, 2), 0, &in, &err),
                     QTR_OK);
    assert_int_equal(qtr_workbook_input_load_report(in, &err), QTR_ERR_PARSE);
    assert_string_equal(err.message, "the report is of 2025Q3, not of 2025Q2 (the period the facts were read for)");
    qtr_workbook_input_free(in);
}

static void test_write_fails_cleanly(void **state)
{
    fixture *fx = *state;
    qtr_error err;
    qtr_status st = qtr_workbook_write(fx->in, "/nonexistent-dir-qtr/x.xlsx", NULL, &err);
    assert_int_equal(st, QTR_ERR_CREATE);
    assert_int_equal(qtr_exit_code(st), 73);
}

static void test_missing_input(void **state)
{
    fixture *fx = *state;
    qtr_wb_paths paths = {FIX "progress.csv",      FIX "quarterly.csv", FIX "compare.txt",
                          FIX "no-such-facts.csv", FIX "rejects.csv",   FIX "inputs.csv", NULL};
    qtr_workbook_input *in = NULL;
    qtr_error err;
    qtr_status st = qtr_workbook_input_load(fx->plan, &paths, 0, &in, &err);
    assert_int_equal(st, QTR_ERR_OPEN);
    assert_int_equal(qtr_exit_code(st), 66);
    assert_null(in);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_number_width),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_status_formats),
        cmocka_unit_test(test_numfmt),
        cmocka_unit_test(test_requirement_and_kind_text),
        cmocka_unit_test(test_formula_builders),
        cmocka_unit_test(test_reproduces),
        cmocka_unit_test(test_row_order),
        cmocka_unit_test(test_formula_looking_text),
        cmocka_unit_test(test_header_escape_and_cut),
        cmocka_unit_test(test_parse_fields),
        cmocka_unit_test(test_with_baseline),
        cmocka_unit_test(test_intern),
        cmocka_unit_test(test_facts_budget),
        cmocka_unit_test(test_facts_errors),
    };
    const struct CMUnitTest with_fixture[] = {
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_write_and_row_limit),
        cmocka_unit_test(test_write_constant_memory),
        cmocka_unit_test(test_zip_check),
        cmocka_unit_test(test_facts_note),
        cmocka_unit_test(test_two_steps),
        cmocka_unit_test(test_write_fails_cleanly),
        cmocka_unit_test(test_missing_input),
    };
    int failed = cmocka_run_group_tests_name("workbook pure", pure, NULL, NULL);
    failed += cmocka_run_group_tests_name("workbook fixture", with_fixture, load_fixture, free_fixture);
    return failed ? 1 : 0;
}
