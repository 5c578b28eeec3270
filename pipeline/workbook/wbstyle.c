/* wbstyle.c — formats, number display and width measurement of the analyst workbook. */
#include "wbstyle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "words.h"

/* ---------------------------------------------------------------- numbers */

qtr_wb_numfmt qtr_wb_numfmt_decimals(int d)
{
    return d <= 0 ? QTR_WB_NUM_D0 : d == 1 ? QTR_WB_NUM_D1 : QTR_WB_NUM_D2;
}

qtr_wb_numfmt qtr_wb_numfmt_of(const qtr_indicator *ind, qtr_figure fig, double v)
{
    if (qtr_words_numkind(ind) == QTR_NUM_PERCENT)
        return QTR_WB_NUM_PERCENT;
    return qtr_wb_numfmt_decimals(qtr_words_decimals(ind, fig, v));
}

int qtr_wb_numfmt_digits(qtr_wb_numfmt f)
{
    switch (f) {
    case QTR_WB_NUM_D0: return 0;
    case QTR_WB_NUM_D1: return 1;
    case QTR_WB_NUM_D2: return 2;
    case QTR_WB_NUM_PERCENT: return 1;
    case QTR_WB_NUM_KINDS: break;
    }
    return 0;
}

qtr_wb_numfmt qtr_wb_numfmt_data(double v, const char *unit)
{
    if (qtr_words_unit_is_percent(unit))
        return QTR_WB_NUM_PERCENT;
    if (qtr_words_unit_is_money(unit))
        return QTR_WB_NUM_D2;
    if (!isfinite(v) || v == floor(v))
        return QTR_WB_NUM_D0;
    return fabs(v * 10 - nearbyint(v * 10)) < 1e-9 * fmax(1, fabs(v * 10)) ? QTR_WB_NUM_D1 : QTR_WB_NUM_D2;
}

const char *qtr_wb_numfmt_format(qtr_wb_numfmt f)
{
    switch (f) {
    case QTR_WB_NUM_D0: return "#,##0";
    case QTR_WB_NUM_D1: return "#,##0.0";
    case QTR_WB_NUM_D2: return "#,##0.00";
    case QTR_WB_NUM_PERCENT: return "0.0%";
    case QTR_WB_NUM_KINDS: break;
    }
    return "General";
}

const char *qtr_wb_axis_format(const char *unit)
{
    if (qtr_words_unit_is_percent(unit))
        return "0%";
    return qtr_words_unit_is_money(unit) ? "#,##0.00" : "#,##0";
}

/* ---------------------------------------------------------------- widths */

int qtr_wb_is_wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) ||   /* Hangul Jamo */
           (cp >= 0x2E80 && cp <= 0x303E) ||   /* CJK radicals, CJK symbols and punctuation */
           (cp >= 0x3041 && cp <= 0x33FF) ||   /* kana, bopomofo, CJK compatibility */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified ideographs */
           (cp >= 0xA000 && cp <= 0xA4CF) ||   /* Yi */
           (cp >= 0xAC00 && cp <= 0xD7A3) ||   /* Hangul syllables */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility ideographs */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* CJK compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFF60) ||   /* full-width forms */
           (cp >= 0xFFE0 && cp <= 0xFFE6) ||   /* full-width signs */
           (cp >= 0x20000 && cp <= 0x3FFFD);   /* CJK extensions B.. */
}

double qtr_wb_text_width(const char *s)
{
    double best = 0, line = 0;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp;
        size_t len = qtr_utf8_decode(s, n, &cp);
        if (len == 0) {  /* invalid byte: count it as one narrow character */
            len = 1;
            cp = '?';
        }
        if (cp == '\n') {
            best = fmax(best, line);
            line = 0;
        } else {
            line += qtr_wb_is_wide(cp) ? 2.1 : 1.1;
        }
        s += len;
        n -= len;
    }
    return fmax(best, line);
}

double qtr_wb_number_width(double v, qtr_wb_numfmt f)
{
    if (!isfinite(v))
        return 0;
    char buf[QTR_WORDS_NUM];
    if (f == QTR_WB_NUM_PERCENT)
        qtr_words_percent(v, buf, sizeof buf);
    else
        qtr_words_number(v, qtr_wb_numfmt_digits(f), buf, sizeof buf);
    return (double)strlen(buf) * 1.1;
}

/* ---------------------------------------------------------------- formats */

/* Every format centres vertically, so wrapped text and numbers of a tall row line up. */
static lxw_format *fmt_new(lxw_workbook *wb, int *failed)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        *failed = 1;
    else
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static lxw_format *fmt_number(lxw_workbook *wb, const char *num, int *failed)
{
    lxw_format *f = fmt_new(wb, failed);
    if (f)
        format_set_num_format(f, num);
    return f;
}

static lxw_format *fmt_fill(lxw_workbook *wb, const char *num, uint32_t fill, uint32_t font,
                            int *failed)
{
    lxw_format *f = fmt_number(wb, num, failed);
    if (f) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
        format_set_font_color(f, font);
    }
    return f;
}

static void init_text_formats(qtr_wb_styles *st, lxw_workbook *wb, int *failed)
{
    if ((st->title = fmt_new(wb, failed))) {
        format_set_bold(st->title);
        format_set_font_size(st->title, 16);
    }
    if ((st->label = fmt_new(wb, failed))) {
        format_set_bold(st->label);
        format_set_text_wrap(st->label);
    }
    st->text = fmt_new(wb, failed);
    if ((st->wrap = fmt_new(wb, failed)))
        format_set_text_wrap(st->wrap);
    if ((st->note = fmt_new(wb, failed))) {
        format_set_italic(st->note);
        format_set_font_color(st->note, 0x595959);
    }
    if ((st->note_wrap = fmt_new(wb, failed))) {
        format_set_italic(st->note_wrap);
        format_set_font_color(st->note_wrap, 0x595959);
        format_set_text_wrap(st->note_wrap);
        format_set_align(st->note_wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    if ((st->header = fmt_fill(wb, "General", 0xD9E1F2, 0x1F1F1F, failed))) {
        format_set_bold(st->header);
        format_set_border(st->header, LXW_BORDER_THIN);
        format_set_text_wrap(st->header);
        format_set_align(st->header, LXW_ALIGN_CENTER);
    }
    if ((st->section = fmt_new(wb, failed))) {
        format_set_bold(st->section);
        format_set_font_size(st->section, 12);
        format_set_bottom(st->section, LXW_BORDER_THIN);
    }
    st->miss = fmt_fill(wb, "General", 0xFCE4D6, 0x833C0B, failed);
    if ((st->miss_wrap = fmt_fill(wb, "General", 0xFCE4D6, 0x833C0B, failed)))
        format_set_text_wrap(st->miss_wrap);
    st->sev_error = fmt_fill(wb, "General", 0xFFC7CE, 0x9C0006, failed);
    st->sev_warning = fmt_fill(wb, "General", 0xFFEB9C, 0x9C5700, failed);
    if ((st->alert = fmt_fill(wb, "General", 0xFFC7CE, 0x9C0006, failed))) {
        format_set_bold(st->alert);
        format_set_text_wrap(st->alert);
    }
}

lxw_error qtr_wb_styles_init(qtr_wb_styles *st, lxw_workbook *wb)
{
    int failed = 0;
    memset(st, 0, sizeof *st);
    init_text_formats(st, wb, &failed);
    if ((st->date = fmt_number(wb, "yyyy\"年\"m\"月\"d\"日\"", &failed)))
        format_set_align(st->date, LXW_ALIGN_LEFT);
    st->rate = fmt_number(wb, "0.0%", &failed);
    st->pp = fmt_number(wb, "#,##0.0", &failed);
    st->integer = fmt_number(wb, "0", &failed);
    st->count = fmt_number(wb, "#,##0", &failed);
    for (int k = 0; k < QTR_WB_NUM_KINDS; k++) {
        char miss[40];
        const char *num = qtr_wb_numfmt_format((qtr_wb_numfmt)k);
        snprintf(miss, sizeof miss, "%s\"*\"", num);  /* 104* : visible under a colour scale */
        st->num[k] = fmt_number(wb, num, &failed);
        if ((st->num_miss[k] = fmt_number(wb, miss, &failed))) {
            format_set_italic(st->num_miss[k]);
            format_set_font_color(st->num_miss[k], 0x833C0B);
        }
    }
    for (int s = 0; s < QTR_STATUS_COUNT; s++) {
        const qtr_status_look *look = qtr_status_look_of((qtr_progress_status)s);
        st->status[s] = fmt_fill(wb, "General", look->cell_fill, look->cell_font, &failed);
        if (st->status[s])
            format_set_align(st->status[s], LXW_ALIGN_CENTER);
        /* a unit's completion in its card's colours (亮牌, as the PDF's card grid), the status
         * and the card after it: "72.3% 滞后（黄牌）" (the colour is never the only sign) */
        const qtr_status_look *card = qtr_status_card_look((qtr_progress_status)s);
        const char *word = qtr_status_card_word((qtr_progress_status)s);
        char rate[200];
        snprintf(rate, sizeof rate, *word ? "0.0%%\" %s（%s）\"" : "0.0%%\" %s\"", look->label, word);
        st->rate_status[s] = fmt_fill(wb, rate, card->cell_fill, card->cell_font, &failed);
    }
    return failed ? LXW_ERROR_MEMORY_MALLOC_FAILED : LXW_NO_ERROR;
}
