/* lxwrows.c — a performance device: the rows of a constant-memory sheet printed by the stage.
 *
 * In constant-memory mode libxlsxwriter 1.1.4 prints each row into the sheet's row file as soon
 * as the next one starts (lxw_worksheet_write_single_row): the row's tag through an attribute
 * list (a malloc, a snprintf and a 2 KB copy per attribute), then each cell — a formula's tags
 * the same way, an inline text escaped into a new buffer first — in a dozen fprintf calls a
 * cell. 分单位 at 3,000 units x 10 years has 98,000 such cells: 0.7 G instructions. The library
 * calls that function through its PLT, so the executable's definition here is the one bound (the
 * Makefile exports it, as lxwhooks.c's): it prints a row of ordinary cells — numbers, texts
 * (inline or shared), formulas, blanks — with the very characters of the library's _write_row,
 * _write_cell and its helpers (lxw_xml_* of xmlwriter.c: attribute and data escaping, "%d" and
 * "%.16G"), in one write, then frees the cells and resets the row as the library does. A row
 * with any other cell (a comment, a boolean, a rich text, an array formula, a cell with data the
 * library keeps for hyperlinks) goes to the library's own function, found with
 * dlsym(RTLD_NEXT). The sheet is the same byte for byte: tests/e2e/workbook.sh compares
 * constant-memory workbooks with ones whose rows all go through the library
 * (QTR_WB_PLAIN_ROWS=1); make bench-devices builds without it (PLAIN=rows, with sheet_data.c's
 * direct rows).
 */
#include <xlsxwriter.h>

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "workbook.h"

#ifndef QTR_PLAIN_ROWS

void lxw_worksheet_write_single_row(lxw_worksheet *self);

typedef void (*write_row_fn)(lxw_worksheet *);

static write_row_fn real_write_row;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    void *sym = dlsym(RTLD_NEXT, "lxw_worksheet_write_single_row");
    memcpy(&real_write_row, &sym, sizeof real_write_row);
}

/* The library's own function (it is always there: this definition only stands in front). */
static write_row_fn library_write_row(void)
{
    pthread_once(&real_once, find_real);
    if (!real_write_row)
        abort();
    return real_write_row;
}

/* The row as printed: core's growing buffer, and whether an append failed (out of memory) */
typedef struct {
    qtr_buf b;
    int failed;
} text_out;

static void put(text_out *o, const char *s, size_t n)
{
    if (!o->failed && qtr_buf_append(&o->b, s, n) != QTR_OK)
        o->failed = 1;
}

static void puts_(text_out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* "%d" of the library's int attributes (uint32_t values printed with %d) */
static void put_int(text_out *o, int v)
{
    char num[16], *p = num + sizeof num;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        *--p = '-';
    put(o, p, (size_t)(num + sizeof num - p));
}

static void put_g16(text_out *o, double v)
{
    char num[40];
    put(o, num, qtr_wb_print_g16(num, v));
}

/* lxw_escape_data's characters: & < > as entities, the rest as it is */
static void put_escaped(text_out *o, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *ent = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : NULL;
        if (ent) {
            put(o, run, (size_t)(s - run));
            puts_(o, ent);
            run = s + 1;
        }
    }
    put(o, run, (size_t)(s - run));
}

/* A cell printed here: the kinds below, with nothing the library would print or free otherwise */
static int ordinary(const lxw_cell *c)
{
    if (c->comment || c->user_data1)
        return 0;
    switch (c->type) {
    case NUMBER_CELL:
    case STRING_CELL:
    case BLANK_CELL: return !c->user_data2;
    case INLINE_STRING_CELL: return !c->user_data2 && c->u.string && c->u.string[0];
    case FORMULA_CELL: return c->u.string != NULL;
    default: return 0;
    }
}

/* _write_cell */
static void cell(text_out *o, lxw_worksheet *self, const lxw_cell *c, lxw_format *row_format)
{
    char range[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(range, c->row_num, c->col_num);
    int32_t style = 0;
    if (c->format)
        style = lxw_format_get_xf_index(c->format);
    else if (row_format)
        style = lxw_format_get_xf_index(row_format);
    else if (c->col_num < self->col_formats_max && self->col_formats[c->col_num])
        style = lxw_format_get_xf_index(self->col_formats[c->col_num]);
    if (c->type == BLANK_CELL && !c->format)
        return; /* a blank without a format prints nothing */
    puts_(o, "<c r=\"");
    puts_(o, range);
    put(o, "\"", 1);
    if (style) {
        puts_(o, " s=\"");
        put_int(o, style);
        put(o, "\"", 1);
    }
    switch (c->type) {
    case NUMBER_CELL:
        puts_(o, "><v>");
        put_g16(o, c->u.number);
        puts_(o, "</v></c>");
        break;
    case STRING_CELL:
        puts_(o, " t=\"s\"><v>");
        put_int(o, c->u.string_id);
        puts_(o, "</v></c>");
        break;
    case INLINE_STRING_CELL: {
        /* the library tests the escaped text's ends; escaping never changes them to blanks */
        const char *s = c->u.string;
        int preserve = isspace((unsigned char)s[0]) || isspace((unsigned char)s[strlen(s) - 1]);
        puts_(o, preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>");
        put_escaped(o, s);
        puts_(o, "</t></is></c>");
        break;
    }
    case FORMULA_CELL:
        puts_(o, c->user_data2 ? " t=\"str\"><f>" : "><f>");
        put_escaped(o, c->u.string);
        puts_(o, "</f><v>");
        if (c->user_data2)
            put_escaped(o, c->user_data2);
        else
            put_g16(o, c->formula_result);
        puts_(o, "</v></c>");
        break;
    default: /* BLANK_CELL with a format */
        puts_(o, "/>");
    }
}

/* _free_cell for the kinds above */
static void free_cell(lxw_cell *c)
{
    if (c->type != NUMBER_CELL && c->type != STRING_CELL && c->type != BLANK_CELL)
        free(c->u.string);
    free(c->user_data2);
    free(c);
}

static int plain_rows(void)
{
    const char *e = getenv("QTR_WB_PLAIN_ROWS"); /* tests: the library's own way */
    return e && *e == '1';
}

void lxw_worksheet_write_single_row(lxw_worksheet *self)
{
    lxw_row *row = self->optimize_row;
    if (!(row->row_changed || row->data_changed))
        return;
    int ours = !plain_rows();
    if (ours && row->data_changed)
        for (lxw_col_t col = self->dim_colmin; col <= self->dim_colmax && ours; col++)
            ours = !self->array[col] || ordinary(self->array[col]);
    /* one buffer per thread, kept: rows are printed a million times (the workbook assembles a
     * sheet on a second thread, lxwhooks.c) */
    static _Thread_local text_out o;
    qtr_buf_clear(&o.b);
    o.failed = 0;
    if (ours) {
        /* _write_row */
        int32_t xf = row->format ? lxw_format_get_xf_index(row->format) : 0;
        double height = row->height_changed ? row->height : self->default_row_height;
        puts_(&o, "<row r=\"");
        put_int(&o, (int)(row->row_num + 1));
        put(&o, "\"", 1);
        if (xf) {
            puts_(&o, " s=\"");
            put_int(&o, xf);
            put(&o, "\"", 1);
        }
        if (row->format)
            puts_(&o, " customFormat=\"1\"");
        if (height != LXW_DEF_ROW_HEIGHT) {
            puts_(&o, " ht=\"");
            put_g16(&o, height);
            put(&o, "\"", 1);
        }
        if (row->hidden)
            puts_(&o, " hidden=\"1\"");
        if (height != LXW_DEF_ROW_HEIGHT)
            puts_(&o, " customHeight=\"1\"");
        if (row->level) {
            puts_(&o, " outlineLevel=\"");
            put_int(&o, row->level);
            put(&o, "\"", 1);
        }
        if (row->collapsed)
            puts_(&o, " collapsed=\"1\"");
        if (self->excel_version == 2010)
            puts_(&o, " x14ac:dyDescent=\"0.25\"");
        if (!row->data_changed) {
            puts_(&o, "/>");
        } else {
            put(&o, ">", 1);
            for (lxw_col_t col = self->dim_colmin; col <= self->dim_colmax; col++)
                if (self->array[col])
                    cell(&o, self, self->array[col], row->format);
            puts_(&o, "</row>");
        }
    }
    if (!ours || o.failed) { /* (out of memory for the buffer: the library prints it) */
        library_write_row()(self);
        return;
    }
    /* a failed write is the stream's error, noted at rewind (lxwhooks.c), as the library's */
    (void)fwrite_unlocked(o.b.data, 1, o.b.len, self->file);
    if (row->data_changed)
        for (lxw_col_t col = self->dim_colmin; col <= self->dim_colmax; col++)
            if (self->array[col]) {
                free_cell(self->array[col]);
                self->array[col] = NULL;
            }
    row->height = LXW_DEF_ROW_HEIGHT;
    row->format = NULL;
    row->hidden = LXW_FALSE;
    row->level = 0;
    row->collapsed = LXW_FALSE;
    row->data_changed = LXW_FALSE;
    row->row_changed = LXW_FALSE;
}

#endif
