/* fuzz_csvr.c — libFuzzer harness for the line-tracking CSV reader (pipeline/core/csvr.c) on
 * raw bytes, without decoding. Invariants: records and error spans start on strictly
 * increasing physical lines, end no earlier than they start and never beyond the last line;
 * a record's raw text is text of the input; no record is wider than QTR_CSV_MAX_FIELDS.
 * Differential: feeding the same bytes through qtr_csv_stream_* in chunks of pseudo-random
 * sizes gives the same records and error spans as qtr_csv_read. A last pass stops from the
 * callback after a few records and must return QTR_ERR_USAGE. Another differential: with every
 * line sent through libcsv (qtr_csv_fast_lines = 0) the records, their raw text and the error
 * spans are the same as with the reader's own split of quote-free lines — also with tabs as
 * the separator (qtr_csv_read_sep), when the input holds a tab.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 4096

typedef struct {
    char kind;           /* 'r' record, 'e' error span */
    long line, end_line;
    size_t nfields;
    uint64_t hash;       /* of the fields (records) or the raw text (errors) */
} event;

typedef struct {
    const char *text;
    size_t n;
    long nlines;         /* physical lines in the text */
    long last_start;     /* start line of the previous record or error span */
    long records, errors;
    long stop_after;     /* 0: never stop */
    event *ev;           /* the events seen, when not NULL */
    size_t nev;
} state;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 1099511628211u;
    return h;
}

/* Physical lines as csvr counts them: LF, CRLF or a lone CR ends a line; a last line without
 * an end counts when it is not empty. */
static long count_lines(const char *s, size_t n)
{
    long lines = 0;
    size_t i = 0, start = 0;
    while (i < n) {
        if (s[i] == '\n' || s[i] == '\r') {
            if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            lines++;
            start = i + 1;
        }
        i++;
    }
    return lines + (start < n);
}

static void check_span(state *st, const char *what, long line, long end_line, const char *raw,
                       size_t raw_n)
{
    FUZZ_ASSERT(line >= 1 && line > st->last_start, "%s starts on line %ld after one on line %ld",
                what, line, st->last_start);
    FUZZ_ASSERT(end_line >= line, "%s ends on line %ld before it starts (%ld)", what, end_line, line);
    FUZZ_ASSERT(end_line <= st->nlines, "%s ends on line %ld of %ld", what, end_line, st->nlines);
    FUZZ_ASSERT(raw_n == 0 || raw != NULL, "%s without raw text", what);
    FUZZ_ASSERT(raw_n <= st->n && (raw_n == 0 || memmem(st->text, st->n, raw, raw_n)),
                "%s raw text (%zu bytes) is not text of the input", what, raw_n);
    st->last_start = line;
}

static void add_event(state *st, char kind, long line, long end_line, size_t nf, uint64_t h)
{
    if (!st->ev || st->nev >= MAX_EVENTS)
        return;
    event e = {kind, line, end_line, nf, h};
    st->ev[st->nev++] = e;
}

static int on_record(void *ctx, const qtr_record *rec)
{
    state *st = ctx;
    check_span(st, "record", rec->line, rec->end_line, rec->raw, rec->raw_n);
    FUZZ_ASSERT(rec->nfields >= 1 && rec->nfields <= QTR_CSV_MAX_FIELDS, "record of %zu fields",
                rec->nfields);
    size_t total = 0;
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < rec->nfields; i++) {
        FUZZ_ASSERT(rec->fields[i].n == 0 || rec->fields[i].s, "field %zu has no bytes", i);
        total += rec->fields[i].n;
        h = fnv(h, rec->fields[i].s, rec->fields[i].n);
        h = fnv(h, "\x1f", 1);
    }
    h = fnv(h, rec->raw, rec->raw_n);
    /* field bytes come from the text: quotes only ever shrink it */
    FUZZ_ASSERT(total <= st->n, "fields hold %zu bytes of a %zu-byte input", total, st->n);
    add_event(st, 'r', rec->line, rec->end_line, rec->nfields, h);
    st->records++;
    return st->stop_after && st->records >= st->stop_after;
}

static int on_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                    const char *reason)
{
    state *st = ctx;
    check_span(st, "error span", line, end_line, raw, raw_n);
    FUZZ_ASSERT(reason && reason[0], "error without a reason");
    add_event(st, 'e', line, end_line, 0, fnv(14695981039346656037u, reason, strlen(reason)));
    st->errors++;
    return 0;
}

static void compare(const state *a, const state *b, const char *how)
{
    FUZZ_ASSERT(a->nev == b->nev, "%s: %zu events, whole text gave %zu", how, b->nev, a->nev);
    for (size_t i = 0; i < a->nev; i++) {
        const event *x = &a->ev[i], *y = &b->ev[i];
        FUZZ_ASSERT(x->kind == y->kind && x->line == y->line && x->end_line == y->end_line &&
                        x->nfields == y->nfields && x->hash == y->hash,
                    "%s: event %zu is %c %ld-%ld (%zu fields), whole text gave %c %ld-%ld (%zu fields)%s",
                    how, i, y->kind, y->line, y->end_line, y->nfields, x->kind, x->line,
                    x->end_line, x->nfields, x->hash != y->hash ? " (content differs)" : "");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    static event ev1[MAX_EVENTS], ev2[MAX_EVENTS];
    state whole = {text, size, count_lines(text, size), 0, 0, 0, 0, ev1, 0};
    qtr_status rc = qtr_csv_read(text, size, on_record, on_error, &whole);
    FUZZ_ASSERT(rc == QTR_OK, "qtr_csv_read returned %s", qtr_strerror(rc));

    /* the same bytes in chunks of 1..16 bytes (sizes from a hash of the input) */
    state chunked = {text, size, whole.nlines, 0, 0, 0, 0, ev2, 0};
    qtr_csv_stream *s = qtr_csv_stream_new(on_record, on_error, &chunked);
    if (!s)
        return 0;
    uint64_t h = fnv(14695981039346656037u, data, size);
    size_t off = 0;
    while (off < size && rc == QTR_OK) {
        size_t k = 1 + (size_t)(h % 16);
        h = h * 6364136223846793005u + 1442695040888963407u;
        if (k > size - off)
            k = size - off;
        rc = qtr_csv_stream_feed(s, text + off, k);
        off += k;
    }
    if (rc == QTR_OK)
        rc = qtr_csv_stream_finish(s);
    qtr_csv_stream_free(s);
    FUZZ_ASSERT(rc == QTR_OK, "stream returned %s", qtr_strerror(rc));
    compare(&whole, &chunked, "chunked");

    /* the same bytes with every line through libcsv */
    static event ev3[MAX_EVENTS];
    state slow = {text, size, whole.nlines, 0, 0, 0, 0, ev3, 0};
    qtr_csv_fast_lines = 0;
    rc = qtr_csv_read(text, size, on_record, on_error, &slow);
    qtr_csv_fast_lines = 1;
    FUZZ_ASSERT(rc == QTR_OK, "libcsv-only read returned %s", qtr_strerror(rc));
    compare(&whole, &slow, "libcsv only");

    if (memchr(text, '\t', size)) { /* tab-separated (Excel's "Unicode text"): the same two ways */
        static event ev4[MAX_EVENTS], ev5[MAX_EVENTS];
        state tab = {text, size, whole.nlines, 0, 0, 0, 0, ev4, 0};
        rc = qtr_csv_read_sep(text, size, '\t', on_record, on_error, &tab);
        FUZZ_ASSERT(rc == QTR_OK, "tab-separated read returned %s", qtr_strerror(rc));
        state tab_slow = {text, size, whole.nlines, 0, 0, 0, 0, ev5, 0};
        qtr_csv_fast_lines = 0;
        rc = qtr_csv_read_sep(text, size, '\t', on_record, on_error, &tab_slow);
        qtr_csv_fast_lines = 1;
        FUZZ_ASSERT(rc == QTR_OK, "tab-separated libcsv-only read returned %s", qtr_strerror(rc));
        compare(&tab, &tab_slow, "tab-separated, libcsv only");
    }

    if (whole.records >= 2) { /* again, stopping half way */
        long all = whole.records;
        state again = {text, size, whole.nlines, 0, 0, 0, 1 + (long)(size % (size_t)(all - 1)),
                       NULL, 0};
        rc = qtr_csv_read(text, size, on_record, on_error, &again);
        FUZZ_ASSERT(rc == QTR_ERR_USAGE, "a stopping callback gave %s", qtr_strerror(rc));
        FUZZ_ASSERT(again.records == again.stop_after, "%ld records after asking to stop at %ld",
                    again.records, again.stop_after);
    }
    return 0;
}
