/* csvr.c — line-tracking, streaming CSV reader over libcsv. */
#include "csvr.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

#define OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
#define MAX_REPARSE 8
#define CHUNK (256 * 1024)

/* A performance device: lines without a quote are split here instead of by libcsv's byte-by-byte
 * state machine (fast_line). It pays: 12% of the whole job at 3,000 units x 10 years, where
 * compare and the workbook read a million-line facts.csv (bench/devices.md). The fuzzer checks
 * both ways give the same records; make bench-devices builds without it (QTR_PLAIN_CSV). */
#ifdef QTR_PLAIN_CSV
int qtr_csv_fast_lines = 0;
#else
int qtr_csv_fast_lines = 1;
#endif

struct qtr_csv_stream {
    struct csv_parser parser;
    qtr_buf partial;     /* an incomplete line carried to the next chunk */
    qtr_buf rec_text;    /* the lines of the current record, as in the input */
    qtr_buf data;        /* field bytes of the current record, back to back */
    qtr_field *fast;     /* fields of a quote-free line, pointing into the line */
    size_t fast_cap;
    size_t *offs;        /* start of each field in data */
    size_t *lens;
    size_t nfields, cap;
    int too_wide;
    int in_record;
    long start_line;
    long line;           /* last line fed */
    int reparses;
    int utf8_check;      /* validate each line as UTF-8 (file reading) */
    long bad_utf8_line;
    int nomem;
    int stopped;
    char sep;            /* field separator: ',' (or '\t' for tab-separated text) */
    qtr_csv_record_fn on_record;
    qtr_csv_error_fn on_error;
    void *ctx;
};

/* ---------------------------------------------------------------- libcsv callbacks */

static void on_field(void *s, size_t n, void *data)
{
    qtr_csv_stream *r = data;
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

static void reset_record(qtr_csv_stream *r)
{
    qtr_buf_clear(&r->data);
    qtr_buf_clear(&r->rec_text);
    r->nfields = 0;
    r->too_wide = 0;
    r->in_record = 0;
}

/* The record's text without its final line end. */
static size_t raw_length(const qtr_csv_stream *r)
{
    size_t n = r->rec_text.len;
    while (n && (r->rec_text.data[n - 1] == '\n' || r->rec_text.data[n - 1] == '\r'))
        n--;
    return n;
}

static void report(qtr_csv_stream *r, long from, long to, const char *raw, size_t n, const char *why)
{
    if (r->on_error && r->on_error(r->ctx, from, to, raw ? raw : "", raw ? n : 0, why))
        r->stopped = 1;
}

/* The reasons of the reader's errors: what was found, in plain Chinese (the ingest stage adds
 * what happened and what to do for rejects.csv, from the code). */
/* English: too many fields in one row (more than 16384) */
static const char CSV_TOO_WIDE[] = "一行的字段超过 16384 个";
/* English: malformed quotes (a quote inside an unquoted field, or text after a closing quote) */
static const char CSV_BAD_QUOTES[] = "引号不配对（没加引号的格子中有引号，或右引号后面还有文字）";
/* English: a quote is never closed (the rest of the file is not read) */
static const char CSV_REST_UNCLOSED[] = "引号一直没有结束";
/* English: a quote opened on this line is never closed */
static const char CSV_UNCLOSED[] = "这一行开始的引号没有结束";

const char *qtr_csv_reason_code(const char *reason)
{
    if (reason && strcmp(reason, CSV_TOO_WIDE) == 0)
        return "too_many_fields";
    if (reason && strcmp(reason, CSV_REST_UNCLOSED) == 0)
        return "quote_unclosed_rest";
    if (reason && strcmp(reason, CSV_UNCLOSED) == 0)
        return "quote_unclosed";
    return "bad_quotes";
}

static void on_record(int c, void *data)
{
    (void)c;
    qtr_csv_stream *r = data;
    if (r->nomem || r->stopped) {
        reset_record(r);
        return;
    }
    if (r->too_wide) {
        report(r, r->start_line, r->line, r->rec_text.data, raw_length(r),
               CSV_TOO_WIDE);
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
    qtr_record rec = {f, r->nfields, r->start_line, r->line, qtr_buf_str(&r->rec_text), raw_length(r)};
    if (r->on_record(r->ctx, &rec))
        r->stopped = 1;
    if (f != stackf)
        free(f);
    reset_record(r);
}

/* ---------------------------------------------------------------- lines */

/* Blanks only (a tab is none when it separates fields: "\t\t" is a record of three fields). */
static int blank_line(const char *p, size_t n, char sep)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && (p[i] != '\t' || sep == '\t') && p[i] != '\r' && p[i] != '\n')
            return 0;
    return 1;
}

static int restart_parser(qtr_csv_stream *r)
{
    csv_free(&r->parser);
    if (csv_init(&r->parser, OPTIONS) != 0) {
        r->nomem = 1;
        return -1;
    }
    csv_set_delim(&r->parser, (unsigned char)r->sep);
    return 0;
}

/* Room for field nf of a fast line; -1 when the line has too many fields for the fast path
 * (libcsv reports it) or memory is short (r->nomem). */
static int grow_fields(qtr_csv_stream *r, size_t nf)
{
    if (nf >= QTR_CSV_MAX_FIELDS)
        return -1;
    size_t cap = r->fast_cap ? r->fast_cap * 2 : 64;
    qtr_field *f = realloc(r->fast, cap * sizeof *f);
    if (!f) {
        r->nomem = 1;
        return -1;
    }
    r->fast = f;
    r->fast_cap = cap;
    return 0;
}

/* Field nf of a fast line: [a, b) with blanks trimmed at both ends. 0, or -1 (grow_fields). */
static inline int add_field(qtr_csv_stream *r, size_t nf, const char *a, const char *b)
{
    if (nf >= r->fast_cap && grow_fields(r, nf) != 0)
        return -1;
    if (a < b && (*a == ' ' || *a == '\t' || b[-1] == ' ' || b[-1] == '\t')) {
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
    }
    r->fast[nf].s = a;
    r->fast[nf].n = (size_t)(b - a);
    return 0;
}

#ifdef __SSE2__
/* A line without quotes split at every separator, sixteen bytes compared at once (facts.csv's
 * million lines: a byte loop was most of reading them). The number of fields, or (size_t)-1
 * (add_field). */
static size_t split_plain(qtr_csv_stream *r, const char *p, size_t n, char sep)
{
    const __m128i vs = _mm_set1_epi8(sep);
    size_t nf = 0, start = 0, i = 0;
    for (; i + 16 <= n; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), vs));
        while (m) {
            size_t k = i + (size_t)__builtin_ctz(m);
            m &= m - 1;
            if (add_field(r, nf++, p + start, p + k) != 0)
                return (size_t)-1;
            start = k + 1;
        }
    }
    for (; i < n; i++)
        if (p[i] == sep) {
            if (add_field(r, nf++, p + start, p + i) != 0)
                return (size_t)-1;
            start = i + 1;
        }
    if (add_field(r, nf++, p + start, p + n) != 0)
        return (size_t)-1;
    return nf;
}
#endif

/* A line that starts a record is split here, without libcsv and without copying, when every
 * field is either unquoted and free of quotes, or quoted from its first to its last byte with
 * no quote inside ("56,056.67"): then libcsv would give the same fields, the unquoted ones with
 * spaces and tabs trimmed at both ends, the quoted ones verbatim between the quotes. That is
 * nearly every line of real files, and libcsv's per-byte state machine and the copies cost
 * several times as much. Returns 0 for any other line (doubled quotes, a quote opening a
 * multi-line field, text around quotes, too many fields): the caller gives it to libcsv, which
 * parses or reports it. */
static int fast_line(qtr_csv_stream *r, const char *p, size_t len)
{
    size_t n = len;
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    size_t nf = 0;
    const char *s = p, *end = p + n;
    const char sep = r->sep; /* a local: the byte loops below would reload it (char aliasing) */
    /* most lines hold no quote at all: one vectorised scan says so, and the fields are then
     * split on ',' alone (a byte compare less per byte; the workbook reads facts.csv, a
     * million lines, through this) */
    int quotes = memchr(p, '"', n) != NULL;
#ifdef __SSE2__
    if (!quotes) {
        nf = split_plain(r, p, n, sep);
        if (nf == (size_t)-1)
            return r->nomem ? 1 : 0;
        qtr_record rec = {r->fast, nf, r->line, r->line, p, n};
        if (r->on_record(r->ctx, &rec))
            r->stopped = 1;
        return 1;
    }
#endif
    for (;;) {
        const char *a, *b, *next;
        if (quotes && s < end && *s == '"') {
            const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));
            if (!q || (q + 1 < end && q[1] != sep))
                return 0;
            a = s + 1;
            b = q;
            next = q + 1 < end ? q + 2 : NULL;
        } else {
            const char *c = s; /* fields are short: a plain loop beats memchr calls */
            if (!quotes) {
                while (c < end && *c != sep)
                    c++;
            } else {
                while (c < end && *c != sep && *c != '"')
                    c++;
                if (c < end && *c == '"')
                    return 0;
            }
            b = c;
            if (c == end)
                c = NULL;
            a = s;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            next = c ? c + 1 : NULL;
        }
        if (nf == QTR_CSV_MAX_FIELDS)
            return 0;
        if (nf == r->fast_cap) {
            size_t cap = r->fast_cap ? r->fast_cap * 2 : 64;
            qtr_field *f = realloc(r->fast, cap * sizeof *f);
            if (!f) {
                r->nomem = 1;
                return 1;
            }
            r->fast = f;
            r->fast_cap = cap;
        }
        r->fast[nf].s = a;
        r->fast[nf].n = (size_t)(b - a);
        nf++;
        if (!next)
            break;
        s = next;
    }
    qtr_record rec = {r->fast, nf, r->line, r->line, p, n};
    if (r->on_record(r->ctx, &rec))
        r->stopped = 1;
    return 1;
}

/* One physical line including its terminator (len counts it). */
static void feed_line(qtr_csv_stream *r, const char *p, size_t len)
{
    r->line++;
    if (r->utf8_check && !r->bad_utf8_line && qtr_utf8_invalid_offset(p, len) != len)
        r->bad_utf8_line = r->line;
    int starts = !r->in_record && !blank_line(p, len, r->sep);
    if (starts && qtr_csv_fast_lines && fast_line(r, p, len))
        return;
    if (starts) {
        r->in_record = 1;
        r->start_line = r->line;
        qtr_buf_clear(&r->rec_text);
    }
    if (r->in_record && qtr_buf_append(&r->rec_text, p, len) != QTR_OK) {
        r->nomem = 1;
        return;
    }
    if (csv_parse(&r->parser, p, len, on_field, on_record, r) == len || r->nomem)
        return;
    long from = r->in_record ? r->start_line : r->line;
    report(r, from, r->line, r->rec_text.data, raw_length(r),
           CSV_BAD_QUOTES);
    reset_record(r);
    restart_parser(r);
}

/* Feeds every complete line of text[0..n); returns how many bytes were used. A line is
 * complete at LF, at CRLF, or at a CR followed by anything but LF. */
static size_t feed_lines(qtr_csv_stream *r, const char *text, size_t n, int final)
{
    size_t start = 0;
    while (start < n && !r->stopped && !r->nomem) {
        const char *nl = memchr(text + start, '\n', n - start);
        size_t upto = nl ? (size_t)(nl - text) : n;
        const char *cr = memchr(text + start, '\r', upto - start);
        if (cr) {
            size_t i = (size_t)(cr - text);
            if (i + 1 == n && !final)
                break; /* maybe CRLF split across chunks */
            size_t end = i + 1 < n && text[i + 1] == '\n' ? i + 2 : i + 1;
            feed_line(r, text + start, end - start);
            start = end;
        } else if (nl) {
            feed_line(r, text + start, upto + 1 - start);
            start = upto + 1;
        } else {
            break;
        }
    }
    if (final && start < n && !r->stopped && !r->nomem) {
        feed_line(r, text + start, n - start);
        start = n;
    }
    return start;
}

/* ---------------------------------------------------------------- public */

qtr_csv_stream *qtr_csv_stream_new(qtr_csv_record_fn on_rec, qtr_csv_error_fn on_err, void *ctx)
{
    qtr_csv_stream *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (csv_init(&r->parser, OPTIONS) != 0) {
        free(r);
        return NULL;
    }
    r->on_record = on_rec;
    r->on_error = on_err;
    r->ctx = ctx;
    r->sep = ',';
    return r;
}

void qtr_csv_stream_set_sep(qtr_csv_stream *r, char sep)
{
    r->sep = sep;
    csv_set_delim(&r->parser, (unsigned char)sep);
}

static qtr_status result(const qtr_csv_stream *r)
{
    if (r->nomem)
        return QTR_ERR_NOMEM;
    return r->stopped ? QTR_ERR_USAGE : QTR_OK;
}

qtr_status qtr_csv_stream_feed(qtr_csv_stream *r, const char *text, size_t n)
{
    if (r->stopped || r->nomem)
        return result(r);
    if (r->partial.len) { /* complete the carried line first */
        if (qtr_buf_append(&r->partial, text, n) != QTR_OK)
            return QTR_ERR_NOMEM;
        qtr_buf carried = r->partial;
        memset(&r->partial, 0, sizeof r->partial);
        size_t used = feed_lines(r, carried.data, carried.len, 0);
        if (used < carried.len && qtr_buf_append(&r->partial, carried.data + used, carried.len - used) != QTR_OK)
            r->nomem = 1;
        qtr_buf_free(&carried);
        return result(r);
    }
    size_t used = feed_lines(r, text, n, 0);
    if (used < n && !r->stopped && qtr_buf_append(&r->partial, text + used, n - used) != QTR_OK)
        r->nomem = 1;
    return result(r);
}

qtr_status qtr_csv_stream_finish(qtr_csv_stream *r)
{
    if (r->partial.len && !r->stopped && !r->nomem) {
        qtr_buf last = r->partial;
        memset(&r->partial, 0, sizeof r->partial);
        feed_lines(r, last.data, last.len, 1);
        qtr_buf_free(&last);
    }
    while (!r->stopped && !r->nomem) {
        if (csv_fini(&r->parser, on_field, on_record, r) == 0 || r->nomem || r->stopped)
            break;
        /* unclosed quote: reject the line it was opened on, re-parse what it swallowed */
        qtr_buf swallowed = r->rec_text;
        memset(&r->rec_text, 0, sizeof r->rec_text);
        long bad = r->start_line, last = r->line;
        reset_record(r);
        if (restart_parser(r) != 0) {
            qtr_buf_free(&swallowed);
            break;
        }
        const char *nl = swallowed.data ? memchr(swallowed.data, '\n', swallowed.len) : NULL;
        const char *cr = swallowed.data ? memchr(swallowed.data, '\r', swallowed.len) : NULL;
        if (!nl || (cr && cr < nl))
            nl = cr;
        size_t first = nl ? (size_t)(nl - swallowed.data) : swallowed.len;
        if (r->reparses++ >= MAX_REPARSE) {
            report(r, bad, last, swallowed.data, swallowed.len,
                   CSV_REST_UNCLOSED);
            qtr_buf_free(&swallowed);
            break;
        }
        report(r, bad, bad, swallowed.data, first,
               CSV_UNCLOSED);
        size_t skip = first;
        if (skip < swallowed.len && swallowed.data[skip] == '\r')
            skip++;
        if (skip < swallowed.len && swallowed.data[skip] == '\n')
            skip++;
        r->line = bad;
        if (!r->stopped && skip < swallowed.len)
            feed_lines(r, swallowed.data + skip, swallowed.len - skip, 1);
        qtr_buf_free(&swallowed);
    }
    return result(r);
}

void qtr_csv_stream_free(qtr_csv_stream *r)
{
    if (!r)
        return;
    csv_free(&r->parser);
    qtr_buf_free(&r->partial);
    qtr_buf_free(&r->rec_text);
    qtr_buf_free(&r->data);
    free(r->fast);
    free(r->offs);
    free(r->lens);
    free(r);
}

qtr_status qtr_csv_read(const char *text, size_t n, qtr_csv_record_fn on_rec,
                        qtr_csv_error_fn on_err, void *ctx)
{
    return qtr_csv_read_sep(text, n, ',', on_rec, on_err, ctx);
}

qtr_status qtr_csv_read_sep(const char *text, size_t n, char sep, qtr_csv_record_fn on_rec,
                            qtr_csv_error_fn on_err, void *ctx)
{
    qtr_csv_stream *r = qtr_csv_stream_new(on_rec, on_err, ctx);
    if (!r)
        return QTR_ERR_NOMEM;
    qtr_csv_stream_set_sep(r, sep);
    size_t used = feed_lines(r, text, n, 1);
    (void)used;
    qtr_status st = qtr_csv_stream_finish(r);
    qtr_csv_stream_free(r);
    return st;
}

qtr_status qtr_csv_read_file(const char *path, qtr_csv_record_fn on_rec, qtr_csv_error_fn on_err,
                             void *ctx, long *bad_line)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return QTR_ERR_OPEN;
    qtr_csv_stream *r = qtr_csv_stream_new(on_rec, on_err, ctx);
    char *buf = malloc(CHUNK);
    if (!r || !buf) {
        fclose(f);
        free(buf);
        qtr_csv_stream_free(r);
        return QTR_ERR_NOMEM;
    }
    r->utf8_check = 1;
    qtr_status st = QTR_OK;
    int first = 1;
    size_t n;
    while (st == QTR_OK && !r->bad_utf8_line && (n = fread(buf, 1, CHUNK, f)) > 0) {
        size_t skip = first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        first = 0;
        st = qtr_csv_stream_feed(r, buf + skip, n - skip);
    }
    if (st == QTR_OK && ferror(f))
        st = QTR_ERR_OPEN;
    if (st == QTR_OK && !r->bad_utf8_line)
        st = qtr_csv_stream_finish(r);
    if (st == QTR_OK && r->bad_utf8_line) {
        st = QTR_ERR_DECODE;
        if (bad_line)
            *bad_line = r->bad_utf8_line;
    }
    fclose(f);
    free(buf);
    qtr_csv_stream_free(r);
    return st;
}

int qtr_record_blank(const qtr_record *rec)
{
    for (size_t i = 0; i < rec->nfields; i++) {
        size_t n = rec->fields[i].n;
        qtr_trim(rec->fields[i].s, &n);
        if (n)
            return 0;
    }
    return 1;
}
