/* table.c — in-memory CSV tables for the stages that read the pipeline's own outputs. */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "text.h"

typedef struct {
    qtr_table *t;
    const char *path;
    qtr_error *err;
    qtr_status st;
} loader;

static char **copy_fields(const qtr_record *rec)
{
    char **row = calloc(rec->nfields ? rec->nfields : 1, sizeof *row);
    if (!row)
        return NULL;
    for (size_t i = 0; i < rec->nfields; i++) {
        row[i] = qtr_strndup(rec->fields[i].s, rec->fields[i].n);
        if (!row[i]) {
            for (size_t j = 0; j < i; j++)
                free(row[j]);
            free(row);
            return NULL;
        }
    }
    return row;
}

static int on_record(void *ctx, const qtr_record *rec)
{
    loader *l = ctx;
    qtr_table *t = l->t;
    if (!t->header) {
        t->header = copy_fields(rec);
        t->ncols = rec->nfields;
        if (!t->header) {
            l->st = QTR_ERR_NOMEM;
            return 1;
        }
        return 0;
    }
    if (rec->nfields != t->ncols) {
        l->st = qtr_error_set(l->err, QTR_ERR_PARSE, l->path, rec->line, 0,
                              "%zu fields where the header has %zu", rec->nfields, t->ncols);
        return 1;
    }
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char ***rows = realloc(t->rows, cap * sizeof *rows);
        if (!rows) {
            l->st = QTR_ERR_NOMEM;
            return 1;
        }
        t->rows = rows;
        long *lines = realloc(t->lines, cap * sizeof *lines);
        if (!lines) {
            l->st = QTR_ERR_NOMEM;
            return 1;
        }
        t->lines = lines;
        t->cap = cap;
    }
    char **row = copy_fields(rec);
    if (!row) {
        l->st = QTR_ERR_NOMEM;
        return 1;
    }
    t->lines[t->nrows] = rec->line;
    t->rows[t->nrows++] = row;
    return 0;
}

static int on_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n,
                    const char *reason)
{
    (void)end_line;
    (void)raw;
    (void)raw_n;
    loader *l = ctx;
    l->st = qtr_error_set(l->err, QTR_ERR_PARSE, l->path, line, 0, "%s", reason);
    return 1;
}

static qtr_status finish_load(loader *l, qtr_status rs, qtr_table **out)
{
    qtr_table *t = l->t;
    if (rs == QTR_ERR_NOMEM)
        l->st = QTR_ERR_NOMEM;
    if (l->st == QTR_OK && !t->header)
        l->st = qtr_error_set(l->err, QTR_ERR_PARSE, l->path, 0, 0, "empty file: no header");
    if (l->st != QTR_OK) {
        if (l->st == QTR_ERR_NOMEM)
            qtr_error_set(l->err, QTR_ERR_NOMEM, l->path, 0, 0, "out of memory");
        qtr_table_free(t);
        return l->st;
    }
    *out = t;
    return QTR_OK;
}

qtr_status qtr_table_load(const char *path, qtr_table **out, qtr_error *err)
{
    *out = NULL;
    qtr_table *t = calloc(1, sizeof *t);
    if (!t)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    loader l = {t, path, err, QTR_OK};
    long bad_line = 0;
    qtr_status rs = qtr_csv_read_file(path, on_record, on_error, &l, &bad_line);
    if (rs == QTR_ERR_OPEN) {
        qtr_table_free(t);
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot open");
    }
    if (rs == QTR_ERR_DECODE && l.st == QTR_OK)
        l.st = qtr_error_set(err, QTR_ERR_PARSE, path, bad_line, 0, "not valid UTF-8");
    return finish_load(&l, rs == QTR_ERR_DECODE ? QTR_OK : rs, out);
}

qtr_status qtr_table_load_any(const char *path, qtr_table **out, qtr_error *err)
{
    *out = NULL;
    char *data;
    size_t len;
    qtr_status st = qtr_read_file(path, &data, &len);
    if (st != QTR_OK)
        return qtr_error_set(err, st, path, 0, 0, "%s", qtr_strerror(st));
    qtr_decoded dec;
    size_t bad = 0;
    st = qtr_decode(data, len, &dec, &bad);
    free(data);
    if (st != QTR_OK)
        return qtr_error_set(err, st == QTR_ERR_DECODE ? QTR_ERR_PARSE : st, path, 0, 0,
                             "cannot decode at byte %zu", bad);
    qtr_table *t = calloc(1, sizeof *t);
    if (!t) {
        free(dec.text);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    loader l = {t, path, err, QTR_OK};
    qtr_status rs = qtr_csv_read(dec.text, dec.len, on_record, on_error, &l);
    free(dec.text);
    return finish_load(&l, rs, out);
}

long qtr_table_col(const qtr_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

qtr_status qtr_table_require(const qtr_table *t, const char *path, const char *name, long *col,
                             qtr_error *err)
{
    *col = qtr_table_col(t, name);
    if (*col < 0)
        return qtr_error_set(err, QTR_ERR_PARSE, path, 1, 0, "no column named '%s'", name);
    return QTR_OK;
}

const char *qtr_table_get(const qtr_table *t, size_t row, long col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
        return "";
    return t->rows[row][col];
}

void qtr_table_free(qtr_table *t)
{
    if (!t)
        return;
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    free(t->lines);
    if (t->header)
        for (size_t c = 0; c < t->ncols; c++)
            free(t->header[c]);
    free(t->header);
    free(t);
}
