/* trend.c — small multiples of cumulative actual against the pace line (see trend.h). */
#include "trend.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "marks.h"

#define GAP_X 14.0
#define GAP_Y 14.0
#define MAX_QUARTERS 64   /* x categories drawn at most (a 16-year horizon) */

size_t trend_pages(const qtr_report *r)
{
    return (r->nind + TREND_PER_PAGE - 1) / TREND_PER_PAGE;
}

/* The charts are shared out evenly over the pages (11 as 6 + 5, not 9 + 2: no page of one
 * lonely row after a full one). */
void trend_page_range(const qtr_report *r, size_t page, size_t *first, size_t *count)
{
    size_t pages = trend_pages(r);
    size_t per = pages ? (r->nind + pages - 1) / pages : 0;
    size_t f = page * per;
    if (f > r->nind)
        f = r->nind;
    *first = f;
    *count = r->nind - f < per ? r->nind - f : per;
}

void trend_grid(size_t count, size_t *cols, size_t *rows)
{
    *cols = count <= 1 ? 1 : count == 2 || count == 4 ? 2 : TREND_COLS;
    *rows = count ? (count + *cols - 1) / *cols : 1;
}

/* The tallest a cell is drawn: wide plots are kept lower than tall (a lone chart is not
 * stretched down the page); the 3 x 3 page is bounded by the page first. */
static double cell_max(double cw, size_t cols)
{
    return TREND_CELL_HEAD + cw * (cols == 1 ? 0.62 : cols == 2 ? 0.8 : 1.0);
}

double trend_height(const qtr_report *r, size_t page, double w)
{
    size_t first, count, cols, rows;
    trend_page_range(r, page, &first, &count);
    trend_grid(count, &cols, &rows);
    /* title, subtitle and legend as trend_draw lays them out (CJK line height 1.45 em) */
    double head = 14 * 1.45 + 2 + 8.5 * 1.45 + 4 + 8 * 1.45 + 10;
    double cw = (w - GAP_X * (double)(cols - 1)) / (double)cols;
    return head + (double)rows * cell_max(cw, cols) + GAP_Y * (double)(rows - 1);
}

double trend_nice_step(double span, int max_ticks, int whole)
{
    static const double mult[] = {1, 2, 2.5, 5, 10};
    if (!(span > 0) || max_ticks < 1)
        return 1;
    double raw = span / max_ticks;
    double p = pow(10, floor(log10(raw)));
    if (whole && p < 1)
        return raw <= 1 ? 1 : raw <= 2 ? 2 : 5;
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
        if (whole && p < 10 && mult[i] == 2.5)
            continue; /* 2.5, 7.5: not a count */
        if (mult[i] * p >= raw * (1 - 1e-9))
            return mult[i] * p;
    }
    return 10 * p;
}

/* Ticks of counts are whole numbers; money, percentages and ratios may be fractional. */
static int whole_ticks(const qtr_indicator *ind)
{
    return ind->kind != QTR_KIND_RATIO && !qtr_words_unit_is_money(ind->unit) &&
           !qtr_words_unit_is_percent(ind->unit);
}

static void tick_label(const qtr_indicator *ind, double v, double step, char *buf, size_t size)
{
    if (qtr_words_unit_is_percent(ind->unit)) {
        char num[QTR_WORDS_NUM - 8];
        qtr_words_tick(v * 100, step * 100, num, sizeof num);
        snprintf(buf, size, "%s%%", num);
    } else {
        qtr_words_tick(v, step, buf, size);
    }
}

static lay_style style(double size, int bold, lay_rgb color, double min, int lines)
{
    lay_style s = lay_style_make(size, bold, color);
    s.min_size = min;
    s.max_lines = lines;
    return s;
}

/* ---------------------------------------------------------------- one small multiple */

/* What one chart draws: the indicator, the region's row and its trend (ascending quarters). */
typedef struct {
    const qtr_indicator *ind;
    const qtr_progress_row *row;
    const qtr_trend_point *pts;
    size_t npts;
} series;

static series series_of(const qtr_report *r, size_t i)
{
    series s = {&r->plan->indicators[i], qtr_report_row(r, -1, i), r->trend + r->trend_start[i],
                r->trend_start[i + 1] - r->trend_start[i]};
    return s;
}

/* The x categories of a chart: an origin (年初) when its value is known, then every quarter
 * from the first of the trend to Q4 of the reported year. */
typedef struct {
    int origin;              /* 1: category 0 is the start, before the first quarter */
    double origin_value;     /* flows 0, stocks their baseline */
    qtr_period first;        /* first quarter */
    size_t nq;               /* quarters shown */
    size_t ncat;             /* origin + nq */
} axis_x;

static void make_axis_x(const qtr_report *r, const series *s, axis_x *ax)
{
    ax->first = s->npts ? s->pts[0].period : r->period;
    qtr_period last = qtr_period_make(qtr_period_year(r->period), 4);
    if (last < ax->first)
        last = ax->first;
    ax->nq = (size_t)(last - ax->first + 1);
    if (ax->nq > MAX_QUARTERS) {
        ax->first = last - MAX_QUARTERS + 1;
        ax->nq = MAX_QUARTERS;
    }
    ax->origin = 0;
    ax->origin_value = NAN;
    if (s->ind->kind == QTR_KIND_FLOW || s->ind->kind == QTR_KIND_PERIOD_FLOW) {
        ax->origin = qtr_period_quarter(ax->first) == 1;
        ax->origin_value = 0;
    } else if (!isnan(s->row->baseline)) { /* progress is measured from it */
        ax->origin = 1;
        ax->origin_value = s->row->baseline;
    }
    ax->ncat = ax->nq + (size_t)ax->origin;
}

/* 1 when the pace runs linearly to the target at Q4 of the reported year (annual targets). */
static int annual_pace(const qtr_report *r, const series *s)
{
    double p = s->row->time_progress;
    return !isnan(p) && !isnan(s->row->target) && fabs(p - qtr_period_quarter(r->period) / 4.0) < 1e-9;
}

typedef struct {
    double lo, hi, step;
} axis_y;

static void make_axis_y(const series *s, const axis_x *ax, axis_y *ay)
{
    double lo = INFINITY, hi = -INFINITY;
#define SEE(v) do { double v_ = (v); if (!isnan(v_)) { lo = fmin(lo, v_); hi = fmax(hi, v_); } } while (0)
    for (size_t k = 0; k < s->npts; k++) {
        SEE(s->pts[k].actual);
        SEE(s->pts[k].expected);
    }
    SEE(s->row->target);
    SEE(s->row->actual);
    SEE(s->ind->target_hi);
    if (ax->origin)
        SEE(ax->origin_value);
#undef SEE
    if (!isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    int from_zero = s->ind->kind != QTR_KIND_STOCK || lo <= 0 || (hi - lo) > 0.6 * hi;
    if (from_zero)
        lo = 0;
    else
        lo = lo - 0.12 * (hi - lo);
    if (!(hi > lo))
        hi = lo + 1;
    int whole = whole_ticks(s->ind);
    double step = trend_nice_step(hi - lo, 4, whole);
    ay->lo = floor(lo / step) * step;
    if (ay->lo < 0)
        ay->lo = 0;
    ay->step = trend_nice_step(hi - ay->lo, 4, whole);
    ay->lo = floor(ay->lo / ay->step) * ay->step;
    ay->hi = ceil(hi / ay->step - 1e-9) * ay->step;
    if (ay->hi - hi < 0.04 * (ay->hi - ay->lo)) /* room above the highest point */
        ay->hi += ay->step;
}

typedef struct {
    lay_box plot;
    const axis_x *ax;
    const axis_y *ay;
} frame;

static double fx(const frame *f, double cat)
{
    double n = (double)f->ax->ncat;
    return f->plot.x + f->plot.w * (cat + 0.5) / n;
}

static double fy(const frame *f, double v)
{
    return f->plot.y + f->plot.h * (1 - (v - f->ay->lo) / (f->ay->hi - f->ay->lo));
}

/* The category of a trend quarter. */
static double cat_of(const axis_x *ax, qtr_period p)
{
    return (double)(p - ax->first) + ax->origin;
}

static void draw_y_axis(lay_canvas *c, const frame *f, const qtr_indicator *ind, double label_x,
                        double label_w)
{
    cairo_t *cr = lay_canvas_cr(c);
    double lh = lay_line_height(c, 8);
    lay_style s = style(8, 0, MARKS_MUTED, 8, 1);
    s.align = LAY_RIGHT;
    s.valign = LAY_MIDDLE;
    for (double v = f->ay->lo; v <= f->ay->hi + f->ay->step * 1e-6; v += f->ay->step) {
        double y = fy(f, v);
        lay_stroke_line(cr, f->plot.x, y, f->plot.x + f->plot.w, y, 0.5, MARKS_FAINT);
        char buf[QTR_WORDS_NUM];
        tick_label(ind, v, f->ay->step, buf, sizeof buf);
        lay_text(c, buf, &s, lay_box_make(label_x, y - lh / 2, label_w, lh), NULL);
    }
    lay_stroke_line(cr, f->plot.x, f->plot.y + f->plot.h, f->plot.x + f->plot.w, f->plot.y + f->plot.h,
                    0.7, MARKS_RULE);
}

/* One year's label under its quarters ("2018"), or "18" when narrow; -1 when even that does not fit. */
static int year_label(lay_canvas *c, int year, double room, char *buf, size_t size)
{
    double w, h;
    snprintf(buf, size, "%d", year);
    lay_text_size(c, buf, 8, 0, &w, &h);
    if (w + 2 <= room)
        return 0;
    snprintf(buf, size, "%02d", year % 100);
    lay_text_size(c, buf, 8, 0, &w, &h);
    return w + 2 <= room ? 0 : -1;
}

static void draw_x_axis(lay_canvas *c, const frame *f, double y)
{
    cairo_t *cr = lay_canvas_cr(c);
    const axis_x *ax = f->ax;
    qtr_period last = ax->first + (qtr_period)ax->nq - 1;
    double slot = f->plot.w / (double)ax->ncat;
    double lh = lay_line_height(c, 8);
    lay_style s = style(8, 0, MARKS_MUTED, 8, 1);
    s.align = LAY_CENTER;
    char buf[32];
    if (qtr_period_year(ax->first) == qtr_period_year(last)) {
        /* one year: 年初, Q1 .. Q4 */
        for (size_t k = 0; k < ax->ncat; k++) {
            if (ax->origin && k == 0)
                snprintf(buf, sizeof buf, "%s", qtr_period_quarter(ax->first) == 1 ? "年初" : "起点");
            else
                snprintf(buf, sizeof buf, "Q%d", qtr_period_quarter(ax->first + (qtr_period)(k - (size_t)ax->origin)));
            double x = fx(f, (double)k);
            lay_text(c, buf, &s, lay_box_make(x - slot / 2, y, slot, lh), NULL);
        }
        return;
    }
    /* several years: a label per year centred under its quarters and ticks between years; when
     * the labels do not fit, every n-th year is labelled, left-aligned at its first tick */
    int y0 = qtr_period_year(ax->first), y1 = qtr_period_year(last);
    double year_w = slot * 4;
    int every = 1;
    while (every <= y1 - y0 && year_label(c, 2000, year_w * every, buf, sizeof buf) != 0)
        every++;
    double right = f->plot.x + f->plot.w;
    for (int yr = y0; yr <= y1; yr++) {
        qtr_period a = qtr_period_make(yr, 1) < ax->first ? ax->first : qtr_period_make(yr, 1);
        qtr_period b = qtr_period_make(yr, 4) > last ? last : qtr_period_make(yr, 4);
        double xa = fx(f, cat_of(ax, a)) - slot / 2, xb = fx(f, cat_of(ax, b)) + slot / 2;
        if (yr > y0)
            lay_stroke_line(cr, xa, y - 2, xa, y + 2.5, 0.6, MARKS_RULE);
        if ((yr - y0) % every != 0)
            continue;
        lay_box box = lay_box_make(xa, y, xb - xa, lh);
        s.align = LAY_CENTER;
        if (every > 1) { /* up to the next labelled year (the first year may be partial) */
            qtr_period next = qtr_period_make(yr + every, 1);
            double xn = next > last ? right : fx(f, cat_of(ax, next)) - slot / 2;
            box.w = fmin(xn, right) - xa;
            s.align = LAY_LEFT;
        }
        if (year_label(c, yr, box.w, buf, sizeof buf) == 0)
            lay_text(c, buf, &s, box, NULL);
    }
}

static void set_dash(cairo_t *cr, double on, double off)
{
    double dash[2] = {on, off};
    cairo_set_dash(cr, dash, 2, 0);
}

static void draw_lines(cairo_t *cr, const qtr_report *r, const series *s, const frame *f)
{
    const axis_x *ax = f->ax;
    cairo_save(cr);
    cairo_rectangle(cr, f->plot.x - 4, f->plot.y - 4, f->plot.w + 8, f->plot.h + 8);
    cairo_clip(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /* target */
    if (!isnan(s->row->target)) {
        cairo_save(cr);
        set_dash(cr, 0.8, 1.8);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        double y = fy(f, s->row->target);
        lay_stroke_line(cr, f->plot.x, y, f->plot.x + f->plot.w, y, 1.0, MARKS_INK);
        if (!isnan(s->ind->target_hi)) {
            y = fy(f, s->ind->target_hi);
            lay_stroke_line(cr, f->plot.x, y, f->plot.x + f->plot.w, y, 1.0, MARKS_INK);
        }
        cairo_restore(cr);
    }
    /* pace (expected), from the origin; dotted on to the target at Q4 for annual targets */
    cairo_save(cr);
    set_dash(cr, 3.2, 2);
    lay_set_color(cr, MARKS_PACE);
    cairo_set_line_width(cr, 1.1);
    int started = 0;
    double lx = 0, ly = 0;
    if (ax->origin && !isnan(s->row->target)) {
        cairo_move_to(cr, lx = fx(f, 0), ly = fy(f, ax->origin_value));
        started = 1;
    }
    for (size_t k = 0; k < s->npts; k++) {
        const qtr_trend_point *p = &s->pts[k];
        if (isnan(p->expected) || p->period < ax->first)
            continue;
        lx = fx(f, cat_of(ax, p->period));
        ly = fy(f, p->expected);
        if (started)
            cairo_line_to(cr, lx, ly);
        else
            cairo_move_to(cr, lx, ly);
        started = 1;
    }
    cairo_stroke(cr);
    if (started && annual_pace(r, s) && qtr_period_quarter(r->period) < 4) {
        set_dash(cr, 1.2, 2.2);
        cairo_set_line_width(cr, 0.9);
        cairo_move_to(cr, lx, ly);
        cairo_line_to(cr, fx(f, (double)ax->ncat - 1), fy(f, s->row->target));
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    /* actual */
    lay_set_color(cr, MARKS_ACTUAL);
    cairo_set_line_width(cr, 1.8);
    started = 0;
    if (ax->origin) {
        cairo_move_to(cr, fx(f, 0), fy(f, ax->origin_value));
        started = 1;
    }
    for (size_t k = 0; k < s->npts; k++) {
        const qtr_trend_point *p = &s->pts[k];
        if (isnan(p->actual) || p->period < ax->first)
            continue;
        double x = fx(f, cat_of(ax, p->period)), y = fy(f, p->actual);
        if (started)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        started = 1;
    }
    cairo_stroke(cr);
    for (size_t k = 0; k < s->npts; k++) {
        const qtr_trend_point *p = &s->pts[k];
        if (isnan(p->actual) || p->period < ax->first)
            continue;
        double x = fx(f, cat_of(ax, p->period)), y = fy(f, p->actual);
        cairo_new_path(cr);
        cairo_arc(cr, x, y, 2.3, 0, 2 * M_PI);
        if (isnan(p->amount)) { /* nobody reported this quarter: hollow */
            lay_set_color(cr, MARKS_WHITE);
            cairo_fill_preserve(cr);
            lay_set_color(cr, MARKS_ACTUAL);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
        } else {
            lay_set_color(cr, MARKS_ACTUAL);
            cairo_fill(cr);
        }
    }
    cairo_restore(cr);
}

/* The figures of a cell: "累计 1,163 · 应达 1,125 · 目标 1,500" ("期末 1,300 · 目标 1,300" when 应达 is the
 * target, at its year-end, so the line keeps to one line); a row without a status says why
 * instead of a target ("累计 92.30 · 缺少2017年全年数据，无法推算本年目标"). */
static qtr_status cell_figures(const qtr_report *r, const series *s, qtr_buf *b)
{
    const qtr_indicator *ind = s->ind;
    const qtr_progress_row *row = s->row;
    char a[QTR_WORDS_NUM], e[QTR_WORDS_NUM], t[QTR_WORDS_NUM];
    const char *what = ind->kind == QTR_KIND_STOCK ? "期末"
                       : ind->kind == QTR_KIND_FLOW || ind->kind == QTR_KIND_PERIOD_FLOW ? "累计" : "当前";
    qtr_status st = qtr_buf_printf(b, "%s %s", what, qtr_words_figure(ind, QTR_FIG_ACTUAL, row->actual, a, sizeof a));
    /* 应达 only where it says something: at a target's year-end the pace is the target itself */
    const char *exp = isnan(row->expected) ? "" : qtr_words_figure(ind, QTR_FIG_NEEDED, row->expected, e, sizeof e);
    const char *tgt = isnan(row->target) ? "" : qtr_words_figure(ind, QTR_FIG_NEEDED, row->target, t, sizeof t);
    if (st == QTR_OK && *exp && (strcmp(exp, tgt) != 0 || !isnan(ind->target_hi)))
        st = qtr_buf_printf(b, " · 应达 %s", exp);
    if (st == QTR_OK && *tgt) /* a strict target as words.c writes it: 超过 1,300 */
        st = qtr_buf_printf(b, " · 目标 %s%s", ind->cmp == QTR_CMP_GT ? "超过 " : "", tgt);
    if (st == QTR_OK && !isnan(row->target) && !isnan(ind->target_hi)) /* a range: 10–15 */
        st = qtr_buf_printf(b, "–%s", qtr_words_figure(ind, QTR_FIG_NEEDED, ind->target_hi, t, sizeof t));
    qtr_buf why = {0};
    if (st == QTR_OK)
        st = qtr_words_no_status(r->plan, ind, row->unit, row, r->period, &why);
    if (st == QTR_OK && why.len)
        st = qtr_buf_printf(b, " · %s", qtr_buf_str(&why));
    qtr_buf_free(&why);
    return st;
}

static void draw_cell(lay_canvas *c, const qtr_report *r, size_t i, lay_box cell)
{
    cairo_t *cr = lay_canvas_cr(c);
    series s = series_of(r, i);
    lay_box u;
    double y = cell.y;
    double nl = lay_line_height(c, 9);
    lay_style ns = style(9, 1, MARKS_INK, 8, 2);
    lay_text(c, s.ind->name, &ns, lay_box_make(cell.x, y, cell.w, 2 * nl), &u);
    y = cell.y + 2 * nl + 1; /* the same plot top in every cell of a row */

    double sl = lay_line_height(c, 8);
    marks_status_shape(cr, s.row->status, cell.x + 4, y + sl / 2, 3.6);
    qtr_buf b = {0};
    qtr_status st = qtr_buf_printf(&b, "%s · 单位：%s", qtr_status_label(s.row->status),
                                   qtr_words_unit_is_percent(s.ind->unit) ? "%" : s.ind->unit);
    lay_style ss = style(8, 0, MARKS_MUTED, 8, 1);
    if (st == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &ss, lay_box_make(cell.x + 10, y, cell.w - 10, sl), NULL);
    y += sl;

    qtr_buf_clear(&b);
    lay_style vs = style(8, 0, MARKS_INK, 8, 2);
    if (cell_figures(r, &s, &b) == QTR_OK)
        lay_text(c, qtr_buf_str(&b), &vs, lay_box_make(cell.x, y, cell.w, 2 * sl), NULL);
    y += 2 * sl + 3;
    qtr_buf_free(&b);

    axis_x ax;
    axis_y ay;
    make_axis_x(r, &s, &ax);
    make_axis_y(&s, &ax, &ay);
    /* y labels: as wide as the widest tick */
    double label_w = 0;
    for (double v = ay.lo; v <= ay.hi + ay.step * 1e-6; v += ay.step) {
        char buf[QTR_WORDS_NUM];
        double w, h;
        tick_label(s.ind, v, ay.step, buf, sizeof buf);
        lay_text_size(c, buf, 8, 0, &w, &h);
        label_w = fmax(label_w, w);
    }
    label_w = fmin(label_w + 0.5, cell.w * 0.4);
    double xl = lay_line_height(c, 8);
    double tick_h = lay_line_height(c, 8);
    frame f;
    f.ax = &ax;
    f.ay = &ay;
    f.plot = lay_box_make(cell.x + label_w + 4, y + tick_h / 2, cell.w - label_w - 4 - 2,
                          cell.y + cell.h - xl - 3 - (y + tick_h / 2));
    if (f.plot.h < 20 || f.plot.w < 20)
        return;
    draw_y_axis(c, &f, s.ind, cell.x, label_w);
    draw_x_axis(c, &f, f.plot.y + f.plot.h + 2);
    draw_lines(cr, r, &s, &f);
}

/* ---------------------------------------------------------------- the page */

static double draw_legend(lay_canvas *c, lay_box box, double y)
{
    cairo_t *cr = lay_canvas_cr(c);
    static const char *const labels[] = {"实际完成（空心点：该季度无单位报送）", "序时进度应达", "目标"};
    double size = 8, w[3], h, total;
    for (;; size -= 0.5) {
        total = 0;
        for (int i = 0; i < 3; i++) {
            lay_text_size(c, labels[i], size, 0, &w[i], &h);
            total += 22 + w[i] + 14;
        }
        if (total <= box.w || size <= 8)
            break;
    }
    double lh = lay_line_height(c, size), cy = y + lh / 2, x = box.x;
    lay_style s = style(size, 0, MARKS_MUTED, size, 1);
    for (int i = 0; i < 3; i++) {
        cairo_save(cr);
        if (i == 0) {
            lay_stroke_line(cr, x, cy, x + 18, cy, 1.8, MARKS_ACTUAL);
            cairo_arc(cr, x + 9, cy, 2.3, 0, 2 * M_PI);
            cairo_fill(cr);
        } else if (i == 1) {
            set_dash(cr, 3.2, 2);
            lay_stroke_line(cr, x, cy, x + 18, cy, 1.1, MARKS_PACE);
        } else {
            set_dash(cr, 0.8, 1.8);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            lay_stroke_line(cr, x, cy, x + 18, cy, 1.0, MARKS_INK);
        }
        cairo_restore(cr);
        x += 22;
        lay_text(c, labels[i], &s, lay_box_make(x, y, fmin(w[i] + 0.5, box.x + box.w - x), lh), NULL);
        x += w[i] + 14;
    }
    return y + lh;
}

qtr_status trend_draw(lay_canvas *c, const qtr_report *r, size_t page, lay_box box)
{
    size_t first, count;
    trend_page_range(r, page, &first, &count);
    lay_box u;
    lay_style ts = style(14, 1, MARKS_INK, 11, 1);
    lay_text(c, page > 0 ? "季度累计进展与序时进度（续）" : "季度累计进展与序时进度", &ts,
             lay_box_make(box.x, box.y, box.w, lay_line_height(c, 14)), &u);
    double y = u.y + u.h + 2;
    qtr_buf b = {0};
    qtr_status st = qtr_buf_printf(&b, "%s · ", r->plan->region ? r->plan->region : "");
    if (st == QTR_OK)
        st = qtr_words_as_of(r->period, &b);
    if (st == QTR_OK)
        st = qtr_buf_printf(&b, " · %s合计：流量指标为累计值，存量指标为各季度末数", r->plan->total_name);
    lay_style ss = style(8.5, 0, MARKS_MUTED, 8, 1);
    lay_text(c, qtr_buf_str(&b), &ss, lay_box_make(box.x, y, box.w, lay_line_height(c, 8.5)), &u);
    qtr_buf_free(&b);
    y = u.y + u.h + 4;
    y = draw_legend(c, box, y) + 10;

    size_t cols, rows;
    trend_grid(count, &cols, &rows);
    double cw = (box.w - GAP_X * (double)(cols - 1)) / (double)cols;
    double ch = (box.y + box.h - y - GAP_Y * (double)(rows - 1)) / (double)rows;
    ch = fmin(ch, cell_max(cw, cols));
    cairo_t *cr = lay_canvas_cr(c);
    for (size_t k = 0; k < count; k++) {
        size_t row = k / cols, col = k % cols;
        lay_box cell = lay_box_make(box.x + (cw + GAP_X) * (double)col, y + (ch + GAP_Y) * (double)row, cw, ch);
        if (row > 0 && col == 0)
            lay_stroke_line(cr, box.x, cell.y - GAP_Y / 2, box.x + box.w, cell.y - GAP_Y / 2, 0.5, MARKS_FAINT);
        draw_cell(c, r, first + k, cell);
    }
    return lay_canvas_status(c);
}
