/* wbintern.h — a set of distinct strings for the workbook stage, each stored once and named by
 * a small id given in order of first appearance: the units of progress.csv, the periods,
 * units, indicators and sources of facts.csv (a few thousand texts behind a million rows).
 *
 * Example:
 *     qtr_wb_intern t = {0};
 *     uint32_t id;
 *     if (qtr_wb_intern_add(&t, "城关区", strlen("城关区"), &id) != QTR_OK) ... out of memory
 *     puts(t.text[id]);
 *     qtr_wb_intern_free(&t);
 */
#ifndef QTR_WBINTERN_H
#define QTR_WBINTERN_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct qtr_wb_block;

typedef struct {
    char **text;                 /* id -> NUL-terminated text (owned, stable until free) */
    size_t *len;                 /* id -> bytes before the NUL */
    size_t n;                    /* ids given: 0..n-1 */
    size_t cap;
    uint32_t *slot;              /* open addressing: id + 1, 0 = free */
    size_t nslot;                /* a power of two, at least 2n */
    struct qtr_wb_block *blocks; /* storage of the texts */
} qtr_wb_intern;

/* The id of s[0..n) (bytes; a NUL inside ends the stored text), added when new. Returns QTR_OK
 * or QTR_ERR_NOMEM (the set is then unchanged). */
qtr_status qtr_wb_intern_add(qtr_wb_intern *t, const char *s, size_t n, uint32_t *id);

/* The id of s[0..n), or -1 when absent. */
long qtr_wb_intern_find(const qtr_wb_intern *t, const char *s, size_t n);

/* Frees the storage and zeroes the set (it may be used again). */
void qtr_wb_intern_free(qtr_wb_intern *t);

#endif
