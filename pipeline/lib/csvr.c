/* csvr.c — line-tracking CSV reader over libcsv. */
#include "csvr.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
#define MAX_REPARSE 8

typedef struct {
    qtr_buf data;        /* field bytes of the current record, back to back */
    size_t *offs;        /* start of each field in data */
    size_t *lens;
    size_t nfields, cap;
    int too_wide;
    int in_record;
    long start_line;
    size_t start_off;    /* byte offset of start_line */
    long line;           /* line being fed */
    size_t line_end;     /* offset just past the content of the line being fed (before EOL) */
    int nomem;
    int stopped;
    const char *text;
    qtr_csv_record_fn on_record;
    qtr_csv_error_fn on_error;
    void *ctx;
} reader;

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    if (r->nomem || r->stopped)
        return;
    if (r->nfields >= QTR_CSV_MAX_FIELDS) {
        r->too_wide = 1;
        r->nfields++;
        return;
    }
    if (r->nfields == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (!o) { r->nomem = 1; return; }
        r->offs = o;
        size_t *l = realloc(r->lens, cap * sizeof *l);
        if (!l) { r->nomem = 1; return; }
        r->lens = l;
        r->cap = cap;
    }
    r->offs[r->nfields] = r->data.len;
    r->lens[r->nfields] = n;
    if (qtr_buf_append(&r->data, s ? s : "", s ? n : 0) != QTR_OK) {
        r->nomem = 1;
        return;
    }
    r->nfields++;
}

static void reset_record(reader *r)
{
    qtr_buf_clear(&r->data);
    r->nfields = 0;
    r->too_wide = 0;
    r->in_record = 0;
}

static int report_error(reader *r, long from, long to, size_t from_off, size_t to_off,
                        const char *reason)
{
    if (r->on_error && r->on_error(r->ctx, from, to, r->text + from_off, to_off - from_off, reason))
        r->stopped = 1;
    return r->stopped;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->nomem || r->stopped) {
        reset_record(r);
        return;
    }
    size_t end = r->line_end;
    if (r->too_wide) {
        report_error(r, r->start_line, r->line, r->start_off, end,
                     "too many fields in one row (more than 16384)");
        reset_record(r);
        return;
    }
    qtr_field stackf[64];
    qtr_field *f = r->nfields <= 64 ? stackf : malloc(r->nfields * sizeof *f);
    if (!f) {
        r->nomem = 1;
        return;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        f[i].s = r->data.data + r->offs[i];
        f[i].n = r->lens[i];
    }
    qtr_record rec = {f, r->nfields, r->start_line, r->line, r->text + r->start_off,
                      end - r->start_off};
    if (r->on_record(r->ctx, &rec))
        r->stopped = 1;
    if (f != stackf)
        free(f);
    reset_record(r);
}

/* Length of the line starting at p (content only) and of its terminator. */
static size_t line_length(const char *p, size_t avail, size_t *eol)
{
    size_t i = 0;
    while (i < avail && p[i] != '\n' && p[i] != '\r')
        i++;
    *eol = 0;
    if (i < avail) {
        *eol = 1;
        if (p[i] == '\r' && i + 1 < avail && p[i + 1] == '\n')
            *eol = 2;
    }
    return i;
}

static int blank_line(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return 0;
    return 1;
}

qtr_status qtr_csv_read(const char *text, size_t n, qtr_csv_record_fn on_rec,
                        qtr_csv_error_fn on_err, void *ctx)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.text = text;
    r.on_record = on_rec;
    r.on_error = on_err;
    r.ctx = ctx;
    struct csv_parser p;
    if (csv_init(&p, OPTIONS) != 0)
        return QTR_ERR_NOMEM;
    size_t off = 0;
    long line = 0;
    int reparses = 0;
    while (!r.stopped && !r.nomem) {
        if (off >= n) { /* end of text: close the last record */
            if (csv_fini(&p, on_field, on_record, &r) == 0 || r.nomem || r.stopped)
                break;
            /* unclosed quote: reject the record's first line, re-parse what it swallowed */
            long bad = r.start_line;
            size_t bad_off = r.start_off;
            csv_free(&p);
            if (csv_init(&p, OPTIONS) != 0) {
                r.nomem = 1;
                break;
            }
            reset_record(&r);
            if (reparses++ >= MAX_REPARSE) {
                report_error(&r, bad, line, bad_off, n,
                             "a quote is never closed; the rest of the file is not read");
                break;
            }
            size_t eol;
            size_t len = line_length(text + bad_off, n - bad_off, &eol);
            if (report_error(&r, bad, bad, bad_off, bad_off + len,
                             "a quote opened on this line is never closed; row rejected"))
                break;
            off = bad_off + len + eol;
            line = bad;
            continue;
        }
        size_t eol;
        size_t len = line_length(text + off, n - off, &eol);
        line++;
        r.line = line;
        r.line_end = off + len;
        if (!r.in_record && !blank_line(text + off, len)) {
            r.in_record = 1;
            r.start_line = line;
            r.start_off = off;
        }
        size_t feed = len + eol;
        if (csv_parse(&p, text + off, feed, on_field, on_record, &r) != feed && !r.nomem) {
            long from = r.in_record ? r.start_line : line;
            size_t from_off = r.in_record ? r.start_off : off;
            csv_free(&p);
            if (csv_init(&p, OPTIONS) != 0) {
                r.nomem = 1;
                break;
            }
            reset_record(&r);
            report_error(&r, from, line, from_off, off + len,
                         "malformed quotes (a quote inside an unquoted field, or text after a "
                         "closing quote); row rejected");
        }
        off += feed;
        if (eol == 0 && off >= n && !r.in_record)
            off = n;
    }
    csv_free(&p);
    qtr_buf_free(&r.data);
    free(r.offs);
    free(r.lens);
    if (r.nomem)
        return QTR_ERR_NOMEM;
    return r.stopped ? QTR_ERR_USAGE : QTR_OK;
}
