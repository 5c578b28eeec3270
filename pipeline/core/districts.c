/* districts.c — rejects.csv read back and the names of the districts' files (districts.h). */
#include "districts.h"

#include <string.h>

qtr_status qtr_rejects_load(const char *path, qtr_rejects *out, qtr_error *err)
{
    memset(out, 0, sizeof *out);
    qtr_status st = qtr_table_load(path, &out->t, err);
    static const char *const names[] = {"source", "line", "column", "raw", "severity",
                                        "reason", "unit", "period", "code"};
    long *cols[] = {&out->source, &out->line, &out->column, &out->raw, &out->severity,
                    &out->reason, &out->unit, &out->period, &out->code};
    for (size_t k = 0; k < sizeof names / sizeof names[0] && st == QTR_OK; k++)
        st = qtr_table_require(out->t, path, names[k], cols[k], err);
    if (st != QTR_OK)
        qtr_rejects_free(out);
    return st;
}

void qtr_rejects_free(qtr_rejects *rj)
{
    qtr_table_free(rj->t);
    rj->t = NULL;
}

size_t qtr_rejects_of_unit(const qtr_rejects *rj, const char *unit, size_t *idx)
{
    size_t n = 0;
    for (size_t k = 0; rj->t && k < rj->t->nrows; k++)
        if (unit[0] && strcmp(qtr_table_get(rj->t, k, rj->unit), unit) == 0) {
            if (idx)
                idx[n] = k;
            n++;
        }
    return n;
}

size_t qtr_rejects_unitless(const qtr_rejects *rj)
{
    size_t n = 0;
    for (size_t k = 0; rj->t && k < rj->t->nrows; k++)
        n += qtr_table_get(rj->t, k, rj->unit)[0] == '\0';
    return n;
}

const char *qtr_rejects_get(const qtr_rejects *rj, size_t k, long col)
{
    return rj->t ? qtr_table_get(rj->t, k, col) : "";
}

char *qtr_district_file_name(const char *unit, const char *ext, char *buf, size_t size)
{
    size_t n = strlen(unit), e = strlen(ext);
    int prefix = n == 0 || strcmp(unit, ".") == 0 || strcmp(unit, "..") == 0;
    if (size == 0 || (size_t)prefix + n + e >= size)
        return NULL;
    size_t o = 0;
    if (prefix)
        buf[o++] = '_';
    for (size_t k = 0; k < n; k++) {
        unsigned char ch = (unsigned char)unit[k];
        buf[o++] = ch == '/' || ch < 0x20 || ch == 0x7F ? '_' : (char)ch;
    }
    memcpy(buf + o, ext, e + 1);
    return buf;
}
