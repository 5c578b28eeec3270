/* pdfsplit.c — a PDF of several pages, as cairo writes it, cut into files of consecutive pages
 * (pdfsplit.h says why and what is refused).
 *
 * The document is read as PDF syntax (ISO 32000-1, 7.2-7.5): a lexer of its tokens, values
 * parsed from them (dictionaries, arrays, references "N G R"), objects found through the
 * cross-reference table. A page range is written as the objects reachable from its pages (their
 * /Parent aside), renumbered from 2 in the order they stood, then a page-tree node (1), the
 * information dictionary and a catalog; stream data is copied as it is, by its /Length. */
#include "pdfsplit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define MAX_DEPTH 32       /* nesting of dictionaries and arrays in one object */
#define MAX_OBJECTS 1000000 /* /Size beyond this is refused */

/* ---------------------------------------------------------------- lexer */

enum { TK_EOF, TK_INT, TK_NUM, TK_NAME, TK_STR, TK_DICT, TK_DICT_END, TK_ARR, TK_ARR_END, TK_WORD, TK_BAD };

typedef struct {
    int type;
    size_t s, e; /* its bytes */
    long v;      /* TK_INT: its value (non-negative; -1 when too large or signed) */
} token;

static int is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '/' || c == '%';
}

/* The token at *pos (whitespace and comments skipped) up to end; *pos after it. */
static token lex(const unsigned char *d, size_t end, size_t *pos)
{
    size_t i = *pos;
    token t = {TK_EOF, 0, 0, 0};
    for (;;) {
        while (i < end && is_space(d[i]))
            i++;
        if (i < end && d[i] == '%') {
            while (i < end && d[i] != '\n' && d[i] != '\r')
                i++;
            continue;
        }
        break;
    }
    t.s = i;
    if (i >= end) {
        t.e = *pos = end;
        return t;
    }
    unsigned char c = d[i];
    if (c == '/') {
        i++;
        while (i < end && !is_space(d[i]) && !is_delim(d[i]))
            i++;
        t.type = TK_NAME;
    } else if (c == '(') {
        int depth = 0;
        for (; i < end; i++) {
            if (d[i] == '\\') {
                i++;
                continue;
            }
            if (d[i] == '(')
                depth++;
            else if (d[i] == ')' && --depth == 0)
                break;
        }
        t.type = i < end ? TK_STR : TK_BAD; /* unterminated: bad */
        i += i < end;
    } else if (c == '<' && i + 1 < end && d[i + 1] == '<') {
        i += 2;
        t.type = TK_DICT;
    } else if (c == '<') {
        while (i < end && d[i] != '>')
            i++;
        t.type = i < end ? TK_STR : TK_BAD;
        i += i < end;
    } else if (c == '>' && i + 1 < end && d[i + 1] == '>') {
        i += 2;
        t.type = TK_DICT_END;
    } else if (c == '[' || c == '{') {
        i++;
        t.type = TK_ARR;
    } else if (c == ']' || c == '}') {
        i++;
        t.type = TK_ARR_END;
    } else if (is_delim(c)) { /* ')' or a lone '>' */
        i++;
        t.type = TK_BAD;
    } else {
        int digits = 0, other = 0, dots = 0;
        size_t s = i;
        for (; i < end && !is_space(d[i]) && !is_delim(d[i]); i++) {
            if (d[i] >= '0' && d[i] <= '9')
                digits++;
            else if (d[i] == '.')
                dots++;
            else if (!((d[i] == '+' || d[i] == '-') && i == s))
                other++;
        }
        if (other || !digits) {
            t.type = TK_WORD;
        } else if (dots) {
            t.type = TK_NUM;
        } else {
            t.type = TK_INT;
            t.v = -1;
            if (d[s] >= '0' && d[s] <= '9' && i - s <= 15) {
                t.v = 0;
                for (size_t k = s; k < i; k++)
                    t.v = t.v * 10 + (d[k] - '0');
            }
        }
    }
    t.e = *pos = i;
    return t;
}

static int word_is(const unsigned char *d, const token *t, const char *w)
{
    size_t n = strlen(w);
    return t->type == TK_WORD && t->e - t->s == n && memcmp(d + t->s, w, n) == 0;
}

static int name_is(const unsigned char *d, const token *t, const char *w)
{
    size_t n = strlen(w);
    return t->type == TK_NAME && t->e - t->s == n && memcmp(d + t->s, w, n) == 0;
}

/* ---------------------------------------------------------------- objects */

typedef struct {
    size_t off; /* of "N G obj"; 0: no such object */
} xref_entry;

struct pdfsplit {
    const unsigned char *d;
    size_t len;
    size_t header;  /* the header's bytes (header_length); no object starts within them */
    xref_entry *obj;
    size_t nobj;
    long root, info, pages;
    long *kids;
    size_t nkids;
};

/* An object's tokens: those of its value (before "stream" or "endobj"), its stream's data
 * (data_s == data_e == 0 when it has none) and where it ends (after "endobj"). */
typedef struct {
    token *t;
    size_t n, cap;
    size_t body;           /* after "N G obj" */
    size_t data_s, data_e; /* the stream's bytes */
    size_t end;            /* after "endobj" */
} object;

static void object_free(object *o)
{
    free(o->t);
    memset(o, 0, sizeof *o);
}

static int push(object *o, token t)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 64;
        token *p = realloc(o->t, cap * sizeof *p);
        if (!p)
            return -1;
        o->t = p;
        o->cap = cap;
    }
    o->t[o->n++] = t;
    return 0;
}

/* The index after the value starting at token i (a dictionary, an array, a reference or one
 * token); n (or beyond) when it does not end within the tokens or nests too deep. */
static size_t value_end(const object *o, const unsigned char *d, size_t i, int depth)
{
    if (i >= o->n || depth > MAX_DEPTH)
        return o->n + 1;
    const token *t = &o->t[i];
    if (t->type == TK_DICT || t->type == TK_ARR) {
        int close = t->type == TK_DICT ? TK_DICT_END : TK_ARR_END;
        i++;
        while (i < o->n && o->t[i].type != close) {
            i = value_end(o, d, i, depth + 1);
            if (i > o->n)
                return i;
        }
        return i < o->n ? i + 1 : o->n + 1;
    }
    if (t->type == TK_INT && i + 2 < o->n && o->t[i + 1].type == TK_INT && word_is(d, &o->t[i + 2], "R"))
        return i + 3;
    if (t->type == TK_DICT_END || t->type == TK_ARR_END || t->type == TK_BAD || t->type == TK_EOF)
        return o->n + 1;
    return i + 1;
}

/* The object's value's dictionary, key by key: from *at (1 to start after "<<"), the next key's
 * token index (its value from there + 1 to *vend), *at moved past it; 0 at the ">>", and -1
 * (as SIZE_MAX) when the object is no dictionary or a key or value is malformed. */
static size_t dict_next(const object *o, const unsigned char *d, size_t *at, size_t *vend)
{
    size_t i = *at;
    if (o->n == 0 || o->t[0].type != TK_DICT || i >= o->n)
        return SIZE_MAX;
    if (o->t[i].type == TK_DICT_END)
        return 0;
    size_t e = value_end(o, d, i + 1, 1);
    if (o->t[i].type != TK_NAME || e > o->n)
        return SIZE_MAX;
    *vend = *at = e;
    return i;
}

/* The value of key in the dictionary that is the object's value: its first token's index
 * and *vend after it; 0 when there is no such key or the dictionary is malformed. */
static size_t dict_get(const object *o, const unsigned char *d, const char *key, size_t *vend)
{
    size_t at = 1, k;
    while ((k = dict_next(o, d, &at, vend)) != 0 && k != SIZE_MAX)
        if (name_is(d, &o->t[k], key))
            return k + 1;
    return 0;
}

/* The top-level keys of the object's dictionary are all in keys (NULL-terminated), and the
 * dictionary is well formed. */
static int dict_keys_within(const object *o, const unsigned char *d, const char *const *keys)
{
    size_t at = 1, e, k;
    while ((k = dict_next(o, d, &at, &e)) != 0) {
        int known = 0;
        for (const char *const *w = keys; k != SIZE_MAX && *w; w++)
            known |= name_is(d, &o->t[k], *w);
        if (!known)
            return 0;
    }
    return 1;
}

/* 1 when tokens [v, e) are one reference; *num its object. */
static int ref_at(const object *o, const unsigned char *d, size_t v, size_t e, long *num)
{
    if (e != v + 3 || v + 3 > o->n || o->t[v].type != TK_INT || o->t[v].v < 0 || o->t[v + 1].type != TK_INT ||
        o->t[v + 1].v != 0 || !word_is(d, &o->t[v + 2], "R"))
        return 0;
    *num = o->t[v].v;
    return 1;
}

static int read_object(const pdfsplit *p, long num, object *o, int depth);

/* An integer object (a stream's indirect /Length); -1 when it is not one. */
static long int_object(const pdfsplit *p, long num, int depth)
{
    object o = {0};
    long v = -1;
    if (read_object(p, num, &o, depth + 1) == 0 && o.n == 1 && o.t[0].type == TK_INT && o.data_e == 0)
        v = o.t[0].v;
    object_free(&o);
    return v;
}

/* Reads object num: its tokens, its stream, where it ends. 0, or -1 when it is not there or not
 * well formed (depth: an indirect /Length is read once, not followed further). */
static int read_object(const pdfsplit *p, long num, object *o, int depth)
{
    memset(o, 0, sizeof *o);
    if (num <= 0 || (size_t)num >= p->nobj || !p->obj[num].off || depth > 1)
        return -1;
    const unsigned char *d = p->d;
    size_t pos = p->obj[num].off;
    token a = lex(d, p->len, &pos), g = lex(d, p->len, &pos), w = lex(d, p->len, &pos);
    if (a.type != TK_INT || a.v != num || g.type != TK_INT || g.v != 0 || !word_is(d, &w, "obj"))
        return -1;
    o->body = pos;
    for (;;) {
        token t = lex(d, p->len, &pos);
        if (t.type == TK_EOF || t.type == TK_BAD)
            break;
        if (word_is(d, &t, "endobj")) {
            o->end = t.e;
            return 0;
        }
        if (word_is(d, &t, "stream")) {
            if (o->data_e)
                break;
            size_t le, lv = dict_get(o, d, "/Length", &le);
            long length = -1, ref;
            if (lv && le == lv + 1 && o->t[lv].type == TK_INT)
                length = o->t[lv].v;
            else if (lv && ref_at(o, d, lv, le, &ref))
                length = int_object(p, ref, depth);
            size_t s = t.e;
            if (s < p->len && d[s] == '\r')
                s++;
            if (s >= p->len || d[s] != '\n' || length < 0 || (size_t)length > p->len - s - 1)
                break;
            o->data_s = s + 1;
            o->data_e = pos = o->data_s + (size_t)length;
            token e = lex(d, p->len, &pos);
            if (!word_is(d, &e, "endstream"))
                break;
            continue;
        }
        if (o->data_e || push(o, t) != 0) /* nothing but "endobj" after a stream */
            break;
    }
    object_free(o);
    return -1;
}

/* ---------------------------------------------------------------- the document */

void pdfsplit_free(pdfsplit *p)
{
    if (!p)
        return;
    free(p->obj);
    free(p->kids);
    free(p);
}

size_t pdfsplit_npages(const pdfsplit *p)
{
    return p ? p->nkids : 0;
}

/* The cross-reference table at off: the objects' offsets; 0, or -1. */
static int read_xref(pdfsplit *p, size_t off, size_t *trailer)
{
    const unsigned char *d = p->d;
    size_t pos = off;
    token t = lex(d, p->len, &pos);
    if (t.s != off || !word_is(d, &t, "xref"))
        return -1;
    for (;;) {
        size_t save = pos;
        token a = lex(d, p->len, &pos);
        if (word_is(d, &a, "trailer")) {
            *trailer = save;
            return 0;
        }
        token b = lex(d, p->len, &pos);
        if (a.type != TK_INT || b.type != TK_INT || a.v < 0 || b.v < 0 || (size_t)a.v > p->nobj ||
            (size_t)b.v > p->nobj - (size_t)a.v)
            return -1;
        /* entries of 20 bytes after the line's end: "nnnnnnnnnn ggggg n" and a two-byte end */
        while (pos < p->len && (d[pos] == '\r' || d[pos] == '\n' || d[pos] == ' '))
            pos++;
        if ((size_t)b.v > (p->len - pos) / 20)
            return -1;
        for (long k = 0; k < b.v; k++, pos += 20) {
            const unsigned char *e = d + pos;
            size_t o = 0;
            for (int j = 0; j < 10; j++) {
                if (e[j] < '0' || e[j] > '9')
                    return -1;
                o = o * 10 + (size_t)(e[j] - '0');
            }
            if (e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f'))
                return -1;
            size_t num = (size_t)a.v + (size_t)k;
            if (e[17] == 'n') {
                if (memcmp(e + 11, "00000", 5) != 0 || o < p->header || o >= p->len)
                    return -1;
                p->obj[num].off = o;
            }
        }
    }
}

/* The trailer's key as a reference (0: none; -1: not a reference). */
static long trailer_ref(const object *tr, const unsigned char *d, const char *key)
{
    size_t e, v = dict_get(tr, d, key, &e);
    long num;
    if (!v)
        return 0;
    return ref_at(tr, d, v, e, &num) ? num : -1;
}

static long find_startxref(const unsigned char *d, size_t len)
{
    static const char kw[] = "startxref";
    size_t from = len > 1024 ? len - 1024 : 0;
    for (size_t i = len >= sizeof kw - 1 ? len - (sizeof kw - 1) + 1 : 0; i-- > from;) {
        if (memcmp(d + i, kw, sizeof kw - 1) == 0) {
            size_t pos = i + sizeof kw - 1;
            token t = lex(d, len, &pos);
            return t.type == TK_INT ? t.v : -1;
        }
    }
    return -1;
}

/* The header the cuts copy: the line "%PDF-1.x" and the comment line after it (cairo's four
 * bytes above 127, which tell a PDF to be binary), up to 64 bytes; objects start after it. */
static size_t header_length(const unsigned char *d, size_t len)
{
    size_t i = 0, lines = 0;
    while (i < len && i < 64 && lines < 2) {
        if (d[i] == '\r' || d[i] == '\n') {
            i += d[i] == '\r' && i + 1 < len && d[i + 1] == '\n' ? 2 : 1;
            lines++;
            if (i >= len || d[i] != '%')
                break;
        } else {
            i++;
        }
    }
    return lines ? i : len;
}

pdfsplit *pdfsplit_parse(const unsigned char *pdf, size_t len)
{
    if (!pdf || len < 16 || memcmp(pdf, "%PDF-", 5) != 0)
        return NULL;
    long sx = find_startxref(pdf, len);
    if (sx <= 0 || (size_t)sx >= len)
        return NULL;
    pdfsplit *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->d = pdf;
    p->len = len;
    /* the trailer first, for /Size */
    size_t pos = (size_t)sx, trailer = 0;
    token t = lex(pdf, len, &pos);
    while (t.type != TK_EOF && !word_is(pdf, &t, "trailer"))
        t = lex(pdf, len, &pos);
    object tr = {0};
    int ok = t.type != TK_EOF;
    while (ok) {
        t = lex(pdf, len, &pos);
        if (t.type == TK_EOF || t.type == TK_BAD || word_is(pdf, &t, "startxref"))
            break;
        ok = push(&tr, t) == 0;
    }
    size_t e = 0, sv = ok ? dict_get(&tr, pdf, "/Size", &e) : 0;
    static const char *const trailer_keys[] = {"/Size", "/Root", "/Info", "/ID", NULL};
    ok = ok && sv && e == sv + 1 && tr.t[sv].type == TK_INT && tr.t[sv].v > 1 && tr.t[sv].v <= MAX_OBJECTS &&
         dict_keys_within(&tr, pdf, trailer_keys);
    if (ok) {
        p->nobj = (size_t)tr.t[sv].v;
        p->header = header_length(pdf, len);
        p->root = trailer_ref(&tr, pdf, "/Root");
        p->info = trailer_ref(&tr, pdf, "/Info");
        p->obj = calloc(p->nobj, sizeof *p->obj);
        ok = p->obj && p->root > 0 && p->info >= 0 && read_xref(p, (size_t)sx, &trailer) == 0 &&
             trailer > (size_t)sx;
    }
    object_free(&tr);
    /* the catalog, the page tree's one node, its pages */
    object o = {0};
    static const char *const catalog_keys[] = {"/Type", "/Pages", NULL};
    static const char *const pages_keys[] = {"/Type", "/Kids", "/Count", NULL};
    size_t v;
    ok = ok && read_object(p, p->root, &o, 0) == 0 && dict_keys_within(&o, pdf, catalog_keys) &&
         (v = dict_get(&o, pdf, "/Pages", &e)) && ref_at(&o, pdf, v, e, &p->pages);
    object_free(&o);
    ok = ok && read_object(p, p->pages, &o, 0) == 0 && dict_keys_within(&o, pdf, pages_keys) &&
         (v = dict_get(&o, pdf, "/Type", &e)) && e == v + 1 && name_is(pdf, &o.t[v], "/Pages") &&
         (v = dict_get(&o, pdf, "/Kids", &e)) && o.t[v].type == TK_ARR;
    if (ok) {
        p->kids = malloc(((e - v) / 3 + 1) * sizeof *p->kids);
        ok = p->kids != NULL;
        for (size_t i = v + 1; ok && i + 1 < e; i += 3)
            ok = ref_at(&o, pdf, i, i + 3, &p->kids[p->nkids++]);
        size_t ce, cv = dict_get(&o, pdf, "/Count", &ce);
        ok = ok && p->nkids > 0 && cv && ce == cv + 1 && o.t[cv].v == (long)p->nkids;
    }
    object_free(&o);
    for (size_t k = 0; ok && k < p->nkids; k++) {
        object kid = {0};
        ok = read_object(p, p->kids[k], &kid, 0) == 0 && (v = dict_get(&kid, pdf, "/Type", &e)) &&
             e == v + 1 && name_is(pdf, &kid.t[v], "/Page");
        object_free(&kid);
    }
    if (!ok) {
        pdfsplit_free(p);
        return NULL;
    }
    return p;
}

/* ---------------------------------------------------------------- writing */

typedef struct {
    qtr_buf b;  /* text.h's buffer: binary-safe, grown as needed */
    int failed; /* memory ran out: sticky */
} outbuf;

static void put(outbuf *o, const void *s, size_t n)
{
    if (!o->failed && qtr_buf_append(&o->b, s, n) != QTR_OK)
        o->failed = 1;
}

static void putf(outbuf *o, const char *fmt, long a, long b)
{
    char s[96];
    int k = snprintf(s, sizeof s, fmt, a, b);
    if (k > 0 && (size_t)k < sizeof s)
        put(o, s, (size_t)k);
    else
        o->failed = 1;
}

/* text as cairo writes a PDF text string (cairo-pdf-interchange.c's _cairo_utf8_to_pdf_string):
 * printable ASCII other than ( ) \ in parentheses, anything else as <FEFF...> UTF-16BE. */
static void put_text(outbuf *o, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    int ascii = 1;
    for (const unsigned char *c = s; *c; c++)
        ascii &= *c >= 32 && *c <= 126 && *c != '(' && *c != ')' && *c != '\\';
    if (ascii) {
        put(o, "(", 1);
        put(o, s, strlen(text));
        put(o, ")", 1);
        return;
    }
    put(o, "<FEFF", 5);
    while (*s) {
        uint32_t c;
        int extra = *s < 0x80 ? 0 : *s < 0xE0 ? 1 : *s < 0xF0 ? 2 : 3;
        c = extra == 0 ? *s : (uint32_t)(*s & (0x3F >> extra));
        for (s++; extra > 0 && (*s & 0xC0) == 0x80; extra--, s++)
            c = c << 6 | (*s & 0x3F);
        if (extra > 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            c = 0xFFFD;
        char u[16];
        if (c >= 0x10000)
            snprintf(u, sizeof u, "%04X%04X", 0xD800 + ((c - 0x10000) >> 10), 0xDC00 + ((c - 0x10000) & 0x3FF));
        else
            snprintf(u, sizeof u, "%04X", c);
        put(o, u, strlen(u));
    }
    put(o, ">", 1);
}

typedef struct {
    long old;
    size_t off;
} included;

static int by_offset(const void *a, const void *b)
{
    const included *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Object old, renumbered by map (the page tree node as pages_num), into o; parent: skip the
 * reference of its /Parent (a page), writing pages_num there. */
static void put_object(outbuf *o, const pdfsplit *p, const object *ob, long num, const long *map, long pages_num,
                       int parent)
{
    const unsigned char *d = p->d;
    size_t pe = 0, pv = parent ? dict_get(ob, d, "/Parent", &pe) : 0;
    putf(o, "%ld 0 obj", num, 0);
    size_t at = ob->body;
    for (size_t i = 0; i + 2 < ob->n; i++) {
        long ref;
        if (!ref_at(ob, d, i, i + 3, &ref))
            continue;
        put(o, d + at, ob->t[i].s - at);
        putf(o, "%ld", pv && i == pv ? pages_num : map[ref], 0);
        at = ob->t[i].e;
        i += 2;
    }
    put(o, d + at, ob->end - at);
    put(o, "\n", 1);
}

int pdfsplit_write(const pdfsplit *p, size_t first, size_t n, const char *title, cairo_write_func_t write,
                   void *closure)
{
    if (!p || n == 0 || first >= p->nkids || n > p->nkids - first)
        return -1;
    const unsigned char *d = p->d;
    long *map = calloc(p->nobj, sizeof *map); /* old -> new; -1: queued, not yet numbered */
    included *inc = malloc(p->nobj * sizeof *inc);
    size_t ninc = 0;
    int ok = map && inc;
    /* the objects the pages use: a page refers to its node (/Parent) and to objects of its
     * own; nothing may lead to the catalog, the node, the information or another page */
    if (ok) {
        map[p->root] = map[p->pages] = -2;
        if (p->info > 0 && (size_t)p->info < p->nobj)
            map[p->info] = -2;
        for (size_t k = 0; k < p->nkids && ok; k++) {
            ok = map[p->kids[k]] == 0; /* a page twice, or the catalog, node or information */
            map[p->kids[k]] = k >= first && k < first + n ? -1 : -2;
        }
        for (size_t k = first; k < first + n; k++)
            inc[ninc++] = (included){p->kids[k], 0};
    }
    for (size_t q = 0; ok && q < ninc; q++) {
        object ob;
        if (read_object(p, inc[q].old, &ob, 0) != 0) {
            ok = 0;
            break;
        }
        inc[q].off = p->obj[inc[q].old].off;
        size_t pe = 0, pv = q < n ? dict_get(&ob, d, "/Parent", &pe) : 0;
        long parent;
        if (q < n && (!pv || !ref_at(&ob, d, pv, pe, &parent) || parent != p->pages))
            ok = 0;
        for (size_t i = 0; ok && i + 2 < ob.n; i++) {
            long ref;
            if (!ref_at(&ob, d, i, i + 3, &ref))
                continue;
            i += 2;
            if (pv && i - 2 == pv)
                continue;
            if (ref <= 0 || (size_t)ref >= p->nobj || !p->obj[ref].off || map[ref] == -2)
                ok = 0;
            else if (map[ref] == 0) {
                map[ref] = -1;
                inc[ninc++] = (included){ref, 0};
            }
        }
        object_free(&ob);
    }
    outbuf o = {0};
    if (ok) {
        qsort(inc, ninc, sizeof *inc, by_offset);
        for (size_t q = 0; q < ninc; q++)
            map[inc[q].old] = (long)q + 2;
        long pages_num = 1, info_num = (long)ninc + 2, root_num = (long)ninc + 3;
        size_t *xref = malloc(((size_t)root_num + 1) * sizeof *xref);
        ok = xref != NULL;
        put(&o, d, p->header);
        for (size_t q = 0; ok && q < ninc; q++) {
            object ob;
            if (read_object(p, inc[q].old, &ob, 0) != 0) {
                ok = 0;
                break;
            }
            xref[q + 2] = o.b.len;
            int is_page = 0;
            for (size_t k = first; k < first + n; k++)
                is_page |= p->kids[k] == inc[q].old;
            put_object(&o, p, &ob, (long)q + 2, map, pages_num, is_page);
            object_free(&ob);
        }
        if (ok) {
            xref[pages_num] = o.b.len;
            putf(&o, "%ld 0 obj\n<< /Type /Pages\n   /Kids [", pages_num, 0);
            for (size_t k = first; k < first + n; k++)
                putf(&o, " %ld 0 R", map[p->kids[k]], 0);
            putf(&o, " ]\n   /Count %ld\n>>\nendobj\n", (long)n, 0);
            /* the information dictionary: the document's, its /Title replaced */
            xref[info_num] = o.b.len;
            object in = {0};
            if (p->info > 0 && read_object(p, p->info, &in, 0) == 0 && in.n && in.t[0].type == TK_DICT &&
                !in.data_e) {
                size_t te = 0, tv = title ? dict_get(&in, d, "/Title", &te) : 0;
                putf(&o, "%ld 0 obj", info_num, 0);
                if (tv && te == tv + 1 && in.t[tv].type == TK_STR) {
                    put(&o, d + in.body, in.t[tv].s - in.body);
                    put_text(&o, title);
                    put(&o, d + in.t[tv].e, in.end - in.t[tv].e);
                } else if (title) {
                    put(&o, d + in.body, in.t[0].e - in.body);
                    put(&o, " /Title ", 8);
                    put_text(&o, title);
                    put(&o, d + in.t[0].e, in.end - in.t[0].e);
                } else {
                    put(&o, d + in.body, in.end - in.body);
                }
                put(&o, "\n", 1);
            } else {
                putf(&o, "%ld 0 obj\n<<", info_num, 0);
                if (title) {
                    put(&o, " /Title ", 8);
                    put_text(&o, title);
                }
                put(&o, " >>\nendobj\n", 11);
            }
            object_free(&in);
            xref[root_num] = o.b.len;
            putf(&o, "%ld 0 obj\n<< /Type /Catalog\n   /Pages %ld 0 R\n>>\nendobj\n", root_num, pages_num);
            size_t start = o.b.len;
            putf(&o, "xref\n0 %ld\n0000000000 65535 f \n", root_num + 1, 0);
            for (long k = 1; k <= root_num; k++)
                putf(&o, "%010ld 00000 n \n", (long)xref[k], 0);
            putf(&o, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", root_num + 1, root_num);
            putf(&o, "   /Info %ld 0 R\n>>\nstartxref\n", info_num, 0);
            putf(&o, "%ld\n%%%%EOF\n", (long)start, 0);
        }
        free(xref);
    }
    free(map);
    free(inc);
    int rc = ok && !o.failed ? 0 : -1;
    if (rc == 0 && write(closure, (const unsigned char *)o.b.data, (unsigned int)o.b.len) != CAIRO_STATUS_SUCCESS)
        rc = -1;
    qtr_buf_free(&o.b);
    return rc;
}
