/* wbintern.c — distinct strings with small ids: FNV-1a hashing, open addressing, texts in
 * blocks that never move. */
#include "wbintern.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 65536

struct qtr_wb_block {
    struct qtr_wb_block *next;
    size_t used, size;
    char data[];
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot holding s[0..n), or the free slot where it would go. */
static size_t probe(const qtr_wb_intern *t, const char *s, size_t n)
{
    size_t mask = t->nslot - 1, i = (size_t)hash(s, n) & mask;
    while (t->slot[i]) {
        uint32_t id = t->slot[i] - 1;
        if (t->len[id] == n && memcmp(t->text[id], s, n) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

long qtr_wb_intern_find(const qtr_wb_intern *t, const char *s, size_t n)
{
    if (t->nslot == 0)
        return -1;
    size_t i = probe(t, s, n);
    return t->slot[i] ? (long)(t->slot[i] - 1) : -1;
}

static int grow_slots(qtr_wb_intern *t)
{
    size_t nslot = t->nslot ? t->nslot * 2 : 64;
    uint32_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return -1;
    uint32_t *old = t->slot;
    t->slot = slot;
    t->nslot = nslot;
    for (size_t id = 0; id < t->n; id++)
        t->slot[probe(t, t->text[id], t->len[id])] = (uint32_t)id + 1;
    free(old);
    return 0;
}

static char *store(qtr_wb_intern *t, const char *s, size_t n)
{
    struct qtr_wb_block *b = t->blocks;
    if (!b || b->size - b->used < n + 1) {
        size_t size = n + 1 > BLOCK_SIZE ? n + 1 : BLOCK_SIZE;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        b->next = t->blocks;
        t->blocks = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

qtr_status qtr_wb_intern_add(qtr_wb_intern *t, const char *s, size_t n, uint32_t *id)
{
    if (t->nslot < 2 * (t->n + 1) && grow_slots(t) != 0)
        return QTR_ERR_NOMEM;
    size_t i = probe(t, s, n);
    if (t->slot[i]) {
        *id = t->slot[i] - 1;
        return QTR_OK;
    }
    if (t->n == UINT32_MAX - 1)
        return QTR_ERR_NOMEM;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **text = realloc(t->text, cap * sizeof *text);
        if (!text)
            return QTR_ERR_NOMEM;
        t->text = text;
        size_t *len = realloc(t->len, cap * sizeof *len);
        if (!len)
            return QTR_ERR_NOMEM;
        t->len = len;
        t->cap = cap;
    }
    char *p = store(t, s, n);
    if (!p)
        return QTR_ERR_NOMEM;
    t->text[t->n] = p;
    t->len[t->n] = n;
    t->slot[i] = (uint32_t)t->n + 1;
    *id = (uint32_t)t->n++;
    return QTR_OK;
}

void qtr_wb_intern_free(qtr_wb_intern *t)
{
    struct qtr_wb_block *b = t->blocks;
    while (b) {
        struct qtr_wb_block *next = b->next;
        free(b);
        b = next;
    }
    free(t->text);
    free(t->len);
    free(t->slot);
    memset(t, 0, sizeof *t);
}
