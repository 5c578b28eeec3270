/* text.c — UTF-8 helpers: blanks, full-width folding, buffers and string lists. */
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qtr_status buf_reserve(qtr_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return QTR_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            return QTR_ERR_NOMEM;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return QTR_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return QTR_OK;
}

qtr_status qtr_buf_append(qtr_buf *b, const char *s, size_t n)
{
    qtr_status st = buf_reserve(b, n);
    if (st != QTR_OK)
        return st;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return QTR_OK;
}

qtr_status qtr_buf_puts(qtr_buf *b, const char *s)
{
    return qtr_buf_append(b, s, strlen(s));
}

qtr_status qtr_buf_printf(qtr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return QTR_ERR_USAGE;
    qtr_status st = buf_reserve(b, (size_t)n);
    if (st != QTR_OK)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return QTR_OK;
}

void qtr_buf_clear(qtr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void qtr_buf_free(qtr_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *qtr_buf_str(const qtr_buf *b)
{
    return b->data ? b->data : "";
}

char *qtr_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *qtr_strdup(const char *s)
{
    return s ? qtr_strndup(s, strlen(s)) : NULL;
}

qtr_status qtr_strlist_add(qtr_strlist *l, const char *s, size_t n)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return QTR_ERR_NOMEM;
        l->items = p;
        l->cap = cap;
    }
    char *copy = qtr_strndup(s, n);
    if (!copy)
        return QTR_ERR_NOMEM;
    l->items[l->count++] = copy;
    return QTR_OK;
}

void qtr_strlist_free(qtr_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = l->cap = 0;
}

qtr_status qtr_strlist_split(qtr_strlist *l, const char *s)
{
    const char *p = s;
    while (*p) {
        const char *start = p;
        size_t seplen = 0;
        while (*p) {
            if (*p == ',') { seplen = 1; break; }
            if (strncmp(p, "\xef\xbc\x8c", 3) == 0) { seplen = 3; break; } /* ， */
            p++;
        }
        size_t n = (size_t)(p - start);
        const char *t = qtr_trim(start, &n);
        if (n) {
            qtr_status st = qtr_strlist_add(l, t, n);
            if (st != QTR_OK)
                return st;
        }
        p += seplen;
    }
    return QTR_OK;
}

size_t qtr_utf8_decode(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    unsigned c, min;
    if ((u[0] & 0xE0) == 0xC0) { len = 2; c = u[0] & 0x1F; min = 0x80; }
    else if ((u[0] & 0xF0) == 0xE0) { len = 3; c = u[0] & 0x0F; min = 0x800; }
    else if ((u[0] & 0xF8) == 0xF0) { len = 4; c = u[0] & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t qtr_utf8_invalid_offset(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint64_t w;
        if (n - i >= 8) {
            memcpy(&w, s + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            if (!high) {
                i += 8; /* eight ASCII bytes */
                continue;
            }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the ASCII bytes before the first that is not, at once (a line of facts.csv
             * mixes them with Chinese names: byte by byte they were most of the check) */
            i += (size_t)__builtin_ctzll(high) >> 3;
#endif
        }
        unsigned char c = (unsigned char)s[i];
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && n - i >= 3 &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            i += 3; /* U+1000-CFFF, U+E000-FFFF (Chinese): never overlong nor a surrogate */
            continue;
        }
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        unsigned cp;
        size_t k = qtr_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

int qtr_is_blank_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF;
}

/* An ASCII byte that is not blank: the text cannot start (or end) with a blank there. */
static int ascii_solid(unsigned char c)
{
    return c > 0x20 && c < 0x7F;
}

const char *qtr_trim(const char *s, size_t *n)
{
    size_t len = *n;
    if (len && ascii_solid((unsigned char)s[0]) && ascii_solid((unsigned char)s[len - 1]))
        return s; /* most cells: nothing to trim */
    unsigned cp;
    size_t k;
    while (len && (k = qtr_utf8_decode(s, len, &cp)) && qtr_is_blank_cp(cp)) {
        s += k;
        len -= k;
    }
    /* trailing: walk back to the start of the last code point */
    while (len) {
        size_t start = len - 1;
        while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80 && len - start < 4)
            start--;
        k = qtr_utf8_decode(s + start, len - start, &cp);
        if (!k || k != len - start || !qtr_is_blank_cp(cp))
            break;
        len = start;
    }
    *n = len;
    return s;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t qtr_normalize_key(const char *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = qtr_utf8_decode(s + i, n - i, &cp);
        if (!k) { /* invalid byte: keep it as is, matching stays byte-exact */
            out[o++] = s[i++];
            continue;
        }
        i += k;
        if (qtr_is_blank_cp(cp))
            continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        o += put_utf8(out + o, cp);
    }
    out[o] = '\0';
    return o;
}

char *qtr_key_dup(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    qtr_normalize_key(s, n, out);
    return out;
}

int qtr_is_invisible_format(unsigned cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

char *qtr_excerpt(const char *s, size_t n, size_t max)
{
    /* at most max bytes of output, then "…" when the text did not fit; control bytes become
     * spaces; invisible format characters (zero-width, bidirectional overrides) would hide or
     * reorder text in a message or a spreadsheet cell: they are shown as <U+202E> */
    char *out = malloc(max + 4);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    int cut = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp;
        size_t len = 1;
        if (c >= 0x80) {
            size_t k = qtr_utf8_decode(s + i, n - i, &cp);
            if (k == 3 && qtr_is_invisible_format(cp)) {
                if (o + 8 > max) {
                    cut = 1;
                    break;
                }
                o += (size_t)sprintf(out + o, "<U+%04X>", cp);
                i += 3;
                continue;
            }
            len = k ? k : 1; /* never split a character; a stray byte goes alone */
        }
        if (o + len > max) {
            cut = 1;
            break;
        }
        for (size_t j = 0; j < len; j++) {
            unsigned char b = (unsigned char)s[i + j];
            out[o++] = (b < 0x20 || b == 0x7F) ? ' ' : (char)b;
        }
        i += len;
    }
    if (cut) {
        memcpy(out + o, "\xe2\x80\xa6", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

void qtr_utf8_fix_tail(char *s)
{
    size_t n = strlen(s);
    size_t start = n;
    while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start > 0 && (unsigned char)s[start - 1] >= 0xC0)
        start--;
    else if (start == n)
        return; /* ends in ASCII */
    unsigned cp;
    if (qtr_utf8_decode(s + start, n - start, &cp) != n - start)
        s[start] = '\0';
}
