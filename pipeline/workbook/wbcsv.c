/* wbcsv.c — in-place RFC 4180 parsing of the pipeline's own CSV files: a scanner over a byte
 * buffer (records found, checked as UTF-8, split into NUL-terminated fields where they lie),
 * driven either by a file streamed through a bounded buffer or by a whole file kept as a table.
 */
#include "wbcsv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#define CHUNK (1u << 20)   /* bytes read at a time */

/* ---------------------------------------------------------------- the scanner */

typedef struct {
    const char *path;
    qtr_error *err;
    qtr_status st;           /* first error; QTR_OK while reading */
    long line;               /* physical line of the next byte scanned */
    size_t ncols;            /* fields of the header */
    int have_header;
    char **f;                /* field slots of the current record */
    size_t *len;
    size_t cap;
    qtr_wb_record_fn on_header, on_record;
    void *ctx;
} scanner;

static qtr_status scan_error(scanner *sc, long line, const char *what)
{
    sc->st = qtr_error_set(sc->err, QTR_ERR_PARSE, sc->path, line, 0, "%s", what);
    return sc->st;
}

static qtr_status scan_nomem(scanner *sc)
{
    sc->st = qtr_error_set(sc->err, QTR_ERR_NOMEM, sc->path, 0, 0, "out of memory");
    return sc->st;
}

/* Where the record starting at p ends. Returns 1 when complete: the record's text is
 * p[0..*end), the next record starts at p + *next and *lines line ends were passed (quoted ones
 * included). Returns 0 when more input is needed (not final), -1 when a quote is still open at
 * the end of the input. */
static int record_end(const char *p, size_t n, int final, size_t *end, size_t *next, long *lines)
{
    const char *nl = memchr(p, '\n', n);
    size_t span = nl ? (size_t)(nl - p) : n;
    if (!memchr(p, '"', span) && !memchr(p, '\r', span)) {  /* the usual case: one plain line */
        if (!nl && !final)
            return 0;
        *end = span;
        *next = nl ? span + 1 : n;
        *lines = 1;
        return 1;
    }
    /* a quote opens a quoted field only at the field's start (after blanks); elsewhere it is
     * an error that split() reports for this line */
    int quoted = 0, at_start = 1;
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (quoted && c == '"') {
            if (i + 1 == n && !final)
                return 0;  /* "" may be split across two reads */
            if (i + 1 < n && p[i + 1] == '"')
                i++;
            else
                quoted = 0;
            continue;
        }
        if (!quoted && c == '"') {
            quoted = at_start;
            at_start = 0;
            continue;
        }
        if (!quoted && c == ',') {
            at_start = 1;
            continue;
        }
        if (c != '\n' && c != '\r') {
            at_start = at_start && (c == ' ' || c == '\t');
            continue;
        }
        if (c == '\r' && i + 1 == n && !final)
            return 0;  /* a CR LF may be split across two reads */
        size_t after = c == '\r' && i + 1 < n && p[i + 1] == '\n' ? i + 2 : i + 1;
        count++;
        if (!quoted) {
            *end = i;
            *next = after;
            *lines = count;
            return 1;
        }
        i = after - 1;
    }
    if (!final)
        return 0;
    if (quoted)
        return -1;
    *end = n;
    *next = n;
    *lines = count + 1;
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static qtr_status add_field(scanner *sc, size_t k, char *s, size_t n)
{
    if (k >= QTR_WB_CSV_MAX_FIELDS)
        return scan_error(sc, sc->line, "too many fields in one row (more than 16384)");
    if (k == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 32;
        char **f = realloc(sc->f, cap * sizeof *f);
        if (!f)
            return scan_nomem(sc);
        sc->f = f;
        size_t *len = realloc(sc->len, cap * sizeof *len);
        if (!len)
            return scan_nomem(sc);
        sc->len = len;
        sc->cap = cap;
    }
    sc->f[k] = s;
    sc->len[k] = n;
    return QTR_OK;
}

/* A quoted field at r[*i] (the opening quote): unquoted in place to r[*i...], NUL-terminated.
 * Leaves *i after the closing quote and the blanks after it. */
static qtr_status quoted_field(scanner *sc, char *r, size_t len, size_t *i, char **s, size_t *n)
{
    size_t out = *i, at = *i + 1;
    *s = r + out;
    for (;;) {
        if (at >= len)
            return scan_error(sc, sc->line, "unclosed quote");
        if (r[at] == '"') {
            if (at + 1 < len && r[at + 1] == '"') {
                r[out++] = '"';
                at += 2;
                continue;
            }
            at++;
            break;
        }
        r[out++] = r[at++];
    }
    while (at < len && is_blank(r[at]))
        at++;
    if (at < len && r[at] != ',')
        return scan_error(sc, sc->line, "text after a closing quote");
    r[out] = '\0';  /* out < at: the closing quote at least lies between */
    *n = out - (size_t)(*s - r);
    *i = at;
    return QTR_OK;
}

/* Splits the record r[0..len) (r[len] writable) into sc->f; returns the field count via *k. */
static qtr_status split(scanner *sc, char *r, size_t len, size_t *k)
{
    size_t i = 0;
    *k = 0;
    for (;;) {
        size_t a = i;
        while (a < len && is_blank(r[a]))
            a++;
        char *s = NULL;
        size_t n = 0;
        if (a < len && r[a] == '"') {
            i = a;
            if (quoted_field(sc, r, len, &i, &s, &n) != QTR_OK)
                return sc->st;
        } else {
            size_t e = a; /* fields are short: one loop instead of two memchr calls */
            while (e < len && r[e] != ',' && r[e] != '"')
                e++;
            if (e < len && r[e] == '"')
                return scan_error(sc, sc->line, "a quote inside an unquoted field");
            size_t b = e;
            while (b > a && is_blank(r[b - 1]))
                b--;
            r[b] = '\0';  /* b <= e: the comma, or r[len] */
            s = r + a;
            n = b - a;
            i = e;
        }
        if (add_field(sc, (*k)++, s, n) != QTR_OK)
            return sc->st;
        if (i >= len)
            return QTR_OK;
        i++;  /* the comma; a record ending in one has an empty last field */
    }
}

static int blank_record(const char *r, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_blank(r[i]))
            return 0;
    return 1;
}

static qtr_status one_record(scanner *sc, char *r, size_t len)
{
    if (blank_record(r, len))
        return QTR_OK;
    if (qtr_utf8_invalid_offset(r, len) != len)
        return scan_error(sc, sc->line, "not valid UTF-8");
    size_t k;
    if (split(sc, r, len, &k) != QTR_OK)
        return sc->st;
    qtr_wb_record rec = {sc->f, sc->len, k, sc->line};
    if (!sc->have_header) {
        sc->have_header = 1;
        sc->ncols = k;
        sc->st = sc->on_header ? sc->on_header(sc->ctx, &rec) : QTR_OK;
        return sc->st;
    }
    if (k != sc->ncols) {
        sc->st = qtr_error_set(sc->err, QTR_ERR_PARSE, sc->path, sc->line, 0,
                               "%zu fields where the header has %zu", k, sc->ncols);
        return sc->st;
    }
    sc->st = sc->on_record(sc->ctx, &rec);
    return sc->st;
}

/* Handles the complete records of b[0..n) (b[n] writable), all of them when final. Returns the
 * bytes consumed: the start of the first incomplete record. */
static size_t scan(scanner *sc, char *b, size_t n, int final)
{
    size_t pos = 0;
    while (pos < n && sc->st == QTR_OK) {
        size_t end, next;
        long lines;
        int r = record_end(b + pos, n - pos, final, &end, &next, &lines);
        if (r == 0)
            break;
        if (r < 0) {
            scan_error(sc, sc->line, "unclosed quote");
            break;
        }
        if (one_record(sc, b + pos, end) != QTR_OK)
            break;
        sc->line += lines;
        pos += next;
    }
    return pos;
}

static void scanner_init(scanner *sc, const char *path, qtr_error *err, qtr_wb_record_fn on_header,
                         qtr_wb_record_fn on_record, void *ctx)
{
    memset(sc, 0, sizeof *sc);
    sc->path = path;
    sc->err = err;
    sc->line = 1;
    sc->on_header = on_header;
    sc->on_record = on_record;
    sc->ctx = ctx;
}

static qtr_status scanner_finish(scanner *sc)
{
    free(sc->f);
    free(sc->len);
    if (sc->st == QTR_OK && !sc->have_header)
        return scan_error(sc, 0, "empty file: no header");
    return sc->st;
}

static size_t bom(const char *b, size_t n)
{
    return n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---------------------------------------------------------------- streaming */

static qtr_status read_more(scanner *sc, int fd, char **buf, size_t *cap, size_t *len, int *eof)
{
    if (*len == *cap) {
        if (*cap > QTR_WB_CSV_MAX_RECORD)
            return scan_error(sc, sc->line, "a row longer than 64 MiB (an unclosed quote?)");
        char *b = realloc(*buf, *cap * 2 + 1);
        if (!b)
            return scan_nomem(sc);
        *buf = b;
        *cap *= 2;
    }
    ssize_t k;
    do
        k = read(fd, *buf + *len, *cap - *len);
    while (k < 0 && errno == EINTR);
    if (k < 0) {
        sc->st = qtr_error_set(sc->err, QTR_ERR_OPEN, sc->path, 0, 0, "read failed: %s", strerror(errno));
        return sc->st;
    }
    *len += (size_t)k;
    *eof = k == 0;
    return QTR_OK;
}

qtr_status qtr_wb_csv_stream(const char *path, qtr_wb_record_fn on_header, qtr_wb_record_fn on_record,
                             void *ctx, qtr_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot open: %s", strerror(errno));
    scanner sc;
    scanner_init(&sc, path, err, on_header, on_record, ctx);
    size_t cap = CHUNK, len = 0;
    int eof = 0, start = 1;
    char *buf = malloc(cap + 1);
    if (!buf)
        scan_nomem(&sc);
    while (sc.st == QTR_OK && !eof) {
        if (read_more(&sc, fd, &buf, &cap, &len, &eof) != QTR_OK)
            break;
        if (start) {
            if (len < 3 && !eof)
                continue;
            size_t skip = bom(buf, len);
            memmove(buf, buf + skip, len - skip);
            len -= skip;
            start = 0;
        }
        size_t used = scan(&sc, buf, len, eof);
        memmove(buf, buf + used, len - used);
        len -= used;
    }
    free(buf);
    close(fd);
    return scanner_finish(&sc);
}

/* ---------------------------------------------------------------- whole tables */

typedef struct {
    qtr_wb_table *t;
    scanner *sc;
} table_loader;

static qtr_status table_header(void *ctx, const qtr_wb_record *rec)
{
    table_loader *l = ctx;
    l->t->ncols = rec->nfields;
    l->t->header = malloc(rec->nfields * sizeof *l->t->header);
    if (!l->t->header)
        return scan_nomem(l->sc);
    memcpy(l->t->header, rec->fields, rec->nfields * sizeof *l->t->header);
    return QTR_OK;
}

static qtr_status table_row(void *ctx, const qtr_wb_record *rec)
{
    table_loader *l = ctx;
    qtr_wb_table *t = l->t;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
        if (!cells)
            return scan_nomem(l->sc);
        t->cells = cells;
        long *lines = realloc(t->lines, cap * sizeof *lines);
        if (!lines)
            return scan_nomem(l->sc);
        t->lines = lines;
        t->cap = cap;
    }
    memcpy(t->cells + t->nrows * t->ncols, rec->fields, t->ncols * sizeof *t->cells);
    t->lines[t->nrows++] = rec->line;
    return QTR_OK;
}

/* The whole file into a buffer with one spare byte. */
static qtr_status slurp(const char *path, char **out, size_t *n, qtr_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    size_t cap = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (size_t)sb.st_size + 1 : CHUNK;
    size_t len = 0;
    char *buf = malloc(cap + 1);
    qtr_status st = buf ? QTR_OK : QTR_ERR_NOMEM;
    while (st == QTR_OK) {
        if (len == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                st = QTR_ERR_NOMEM;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            st = qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "read failed: %s", strerror(errno));
        else if (k == 0)
            break;
        else
            len += (size_t)k;
    }
    close(fd);
    if (st == QTR_ERR_NOMEM)
        qtr_error_set(err, st, path, 0, 0, "out of memory");
    if (st != QTR_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *n = len;
    return QTR_OK;
}

qtr_status qtr_wb_table_load(const char *path, qtr_wb_table **out, qtr_error *err)
{
    *out = NULL;
    qtr_wb_table *t = calloc(1, sizeof *t);
    if (!t)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    size_t len = 0;
    qtr_status st = slurp(path, &t->text, &len, err);
    if (st != QTR_OK) {
        free(t);
        return st;
    }
    scanner sc;
    table_loader l = {t, &sc};
    scanner_init(&sc, path, err, table_header, table_row, &l);
    size_t skip = bom(t->text, len);
    scan(&sc, t->text + skip, len - skip, 1);
    st = scanner_finish(&sc);
    if (st != QTR_OK) {
        qtr_wb_table_free(t);
        return st;
    }
    *out = t;
    return QTR_OK;
}

long qtr_wb_table_col(const qtr_wb_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

qtr_status qtr_wb_table_require(const qtr_wb_table *t, const char *path, const char *name,
                                long *col, qtr_error *err)
{
    *col = qtr_wb_table_col(t, name);
    if (*col < 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, 1, 0, "no column named '%s'", name);
    return QTR_OK;
}

const char *qtr_wb_table_get(const qtr_wb_table *t, size_t row, long col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
        return "";
    return t->cells[row * t->ncols + (size_t)col];
}

void qtr_wb_table_free(qtr_wb_table *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->cells);
    free(t->header);
    free(t->lines);
    free(t);
}
