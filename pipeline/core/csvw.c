/* csvw.c — atomic CSV writer. */
#include "csvw.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "text.h"

/* A performance device: rows are gathered in the writer's own buffer and handed to stdio
 * 64 KiB at a time (an fwrite and an fputc per field were a fifth of writing compare's
 * quarterly.csv: 1.6 million fields at 3,000 units x 10 years; bench/gains.md). */
#define CSVW_BUF 65536

struct qtr_csvw {
    FILE *f;
    char *path;
    char *tmp;
    int first;    /* no field written yet on this row */
    size_t n;     /* bytes in buf */
    char buf[CSVW_BUF];
};

static void flush_buf(qtr_csvw *w)
{
    if (w->n)
        fwrite_unlocked(w->buf, 1, w->n, w->f); /* a failure is the stream's error, seen at commit */
    w->n = 0;
}

static void out(qtr_csvw *w, const char *s, size_t n)
{
    if (n > CSVW_BUF - w->n) {
        flush_buf(w);
        if (n > CSVW_BUF) {
            fwrite_unlocked(s, 1, n, w->f);
            return;
        }
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void outc(qtr_csvw *w, char c)
{
    if (w->n == CSVW_BUF)
        flush_buf(w);
    w->buf[w->n++] = c;
}

void qtr_temp_name(const char *path, char *tmp, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(tmp, size, "%.*s/.%s.tmp-%ld", (int)(slash - path), path, slash + 1, (long)getpid());
    else
        snprintf(tmp, size, ".%s.tmp-%ld", path, (long)getpid());
}

qtr_csvw *qtr_csvw_open(const char *path, qtr_error *err)
{
    qtr_csvw *w = calloc(1, sizeof *w);
    char tmp[4096];
    qtr_temp_name(path, tmp, sizeof tmp);
    if (!w || !(w->path = qtr_strdup(path)) || !(w->tmp = qtr_strdup(tmp))) {
        qtr_csvw_abort(w);
        qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    w->f = fopen(tmp, "wb");
    if (!w->f) {
        qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "cannot create: %s", strerror(errno));
        qtr_csvw_abort(w);
        return NULL;
    }
    w->first = 1;
    return w;
}

/* One field: prefix (0 or 1 byte) then s, quoted when the whole holds ',', '"', CR, LF, or
 * blanks at either end. */
static void write_field(qtr_csvw *w, char prefix, const char *s, size_t n)
{
    if (!w->first)
        outc(w, ',');
    w->first = 0;
    char first = prefix ? prefix : n ? s[0] : '\0';
    int quote = (prefix || n > 0) &&
                (first == ' ' || first == '\t' || (n && (s[n - 1] == ' ' || s[n - 1] == '\t')));
    for (size_t i = 0; i < n && !quote; i++) {
        unsigned char c = (unsigned char)s[i]; /* digits and Chinese are above ',': one test */
        quote = c <= ',' && (c == ',' || c == '"' || c == '\r' || c == '\n');
    }
    if (!quote) {
        if (prefix)
            outc(w, prefix);
        out(w, s, n);
        return;
    }
    outc(w, '"');
    if (prefix)
        outc(w, prefix);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            outc(w, '"');
        outc(w, s[i]);
    }
    outc(w, '"');
}

void qtr_csvw_field(qtr_csvw *w, const char *s, size_t n)
{
    write_field(w, 0, s, n);
}

/* A number as a spreadsheet reads one: sign, digits (with thousands commas), point, exponent. */
static int plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (digits && s[i] == ','))) {
        digits += s[i] != ',';
        i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            digits++;
            i++;
        }
    }
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1, e = 0;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        while (j < n && s[j] >= '0' && s[j] <= '9') {
            e++;
            j++;
        }
        if (!e)
            return 0;
        i = j;
    }
    return i == n;
}

int qtr_csv_formula_like(const char *s, size_t n)
{
    if (n == 0 || !strchr("=+-@\t\r'", s[0]))
        return 0;
    return !plain_number(s, n);
}

void qtr_csvw_text(qtr_csvw *w, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    write_field(w, qtr_csv_formula_like(s, n) ? '\'' : 0, s ? s : "", n);
}

const char *qtr_csv_unguard(const char *s)
{
    return s && s[0] == '\'' ? s + 1 : s;
}

void qtr_csvw_raw(qtr_csvw *w, const char *s, size_t n)
{
    out(w, s, n);
    w->first = 1;
}

char *qtr_csv_quoted(const char *s)
{
    size_t n = strlen(s), extra = 0;
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' || s[n - 1] == '\t');
    for (size_t i = 0; i < n; i++) {
        quote |= s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
        extra += s[i] == '"';
    }
    if (!quote)
        return qtr_strdup(s);
    char *q = malloc(n + extra + 3), *o = q;
    if (!q)
        return NULL;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    *o = '\0';
    return q;
}

char *qtr_csv_quoted_text(const char *s)
{
    size_t n = strlen(s);
    if (!qtr_csv_formula_like(s, n))
        return qtr_csv_quoted(s);
    char *g = malloc(n + 2);
    if (!g)
        return NULL;
    g[0] = '\'';
    memcpy(g + 1, s, n + 1);
    char *q = qtr_csv_quoted(g);
    free(g);
    return q;
}

void qtr_csvw_str(qtr_csvw *w, const char *s)
{
    qtr_csvw_field(w, s ? s : "", s ? strlen(s) : 0);
}

void qtr_csvw_long(qtr_csvw *w, long v)
{
    char buf[24], *p = buf;
    if (v < 0)
        *p++ = '-';
    p = qtr_u64_format(p, v < 0 ? 0UL - (unsigned long)v : (unsigned long)v);
    qtr_csvw_field(w, buf, (size_t)(p - buf));
}

void qtr_csvw_end_row(qtr_csvw *w)
{
    outc(w, '\n');
    w->first = 1;
}

void qtr_csvw_header(qtr_csvw *w, const char *names)
{
    const char *p = names;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        qtr_csvw_field(w, p, n);
        p += n + (c ? 1 : 0);
    }
    qtr_csvw_end_row(w);
}

qtr_status qtr_commit_file(FILE *f, const char *tmp, const char *path, qtr_error *err)
{
    /* no fsync here: qtr-publish syncs the staging folder before the atomic swap */
    int failed = ferror(f) || fflush(f) != 0;
    int saved = errno;
    /* A performance device: the kernel starts writing the finished file out now, in the
     * background, rather than all at once in publish's sync (at 10,000 units x 10 years that
     * sync waited 0.2 s for facts.csv's 190 MB). Only a hint: its failure changes nothing. */
    if (!failed)
        (void)sync_file_range(fileno(f), 0, 0, SYNC_FILE_RANGE_WRITE);
    if (fclose(f) != 0 && !failed)
        failed = 1, saved = errno;
    if (failed) {
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "write failed: %s",
                             strerror(saved ? saved : EIO));
    }
    if (rename(tmp, path) != 0) {
        saved = errno;
        unlink(tmp);
        return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "cannot rename into place: %s",
                             strerror(saved));
    }
    return QTR_OK;
}

qtr_status qtr_csvw_commit(qtr_csvw *w, qtr_error *err)
{
    flush_buf(w);
    qtr_status st = qtr_commit_file(w->f, w->tmp, w->path, err);
    w->f = NULL;
    free(w->path);
    free(w->tmp);
    free(w);
    return st;
}

void qtr_csvw_abort(qtr_csvw *w)
{
    if (!w)
        return;
    if (w->f) {
        fclose(w->f);
        unlink(w->tmp);
    }
    free(w->path);
    free(w->tmp);
    free(w);
}
