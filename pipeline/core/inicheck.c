/* inicheck.c — a line-by-line reading of a plan INI that mirrors iniparser 4.1's
 * (iniparser_load and iniparser_line): physical lines stripped of blanks at both ends, a line
 * ending in '\' continued by the next one, ';' and '#' lines are comments, "[name]" a section
 * (name up to the first ']', trimmed, ASCII lower case), anything else needs "key = value"
 * with the key before the first '=' (trimmed, ASCII lower case). See inicheck.h.
 */
#include "inicheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define LINE_MAX_BYTES 1000   /* docs/config.md: longer lines are refused (iniparser's 1024) */

typedef struct {
    char *section;
    char *key;           /* "" for the section's header line */
    char *value;         /* the value as iniparser reads it (for messages) */
    long line;
} ini_entry;

struct qtr_ini_index {
    ini_entry *v;        /* sorted by section, key, line once the file is read */
    size_t n, cap;
};

/* The keys each section of the plan accepts (pipeline/core/plan.c and the stages' own). */
static const struct {
    const char *section;
    int prefix;          /* 1: every section whose name starts with `section` */
    const char *keys;
} KNOWN[] = {
    {"plan", 0, "id, name, region, total_name, start_year, end_year, indicators, lagging_threshold"},
    {"run", 0, "input_dir, output_dir"},
    {"input", 0, "period_headers, unit_headers, total_names, max_file_mb"},
    {"units", 0, "roster, roster_file, targets_file"},
    {"report", 0, "font, author, unit_files"},
    {"tasks", 0, "file"},
    {"indicator.", 1, "name, kind, comparator, unit, headers, basis, target, milestones, growth, "
                      "baseline, unit_targets, key, numerator, denominator, factor, series, minimum, "
                      "base, path, pace"},
    {"series.", 1, "kind, name, unit, headers, basis"},
};

const char *qtr_ini_known_keys(const char *section)
{
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++) {
        size_t n = strlen(KNOWN[i].section);
        if (KNOWN[i].prefix ? strncmp(section, KNOWN[i].section, n) == 0
                            : strcmp(section, KNOWN[i].section) == 0)
            return KNOWN[i].keys;
    }
    return NULL;
}

static int key_known(const char *keys, const char *key)
{
    size_t n = strlen(key);
    for (const char *k = keys; *k;) {
        size_t m = strcspn(k, ",");
        if (m == n && memcmp(k, key, n) == 0)
            return 1;
        k += m;
        while (*k == ',' || *k == ' ')
            k++;
    }
    return 0;
}

/* iniparser's isspace() in the C locale */
static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char *strip_dup(const char *s, size_t n, int lower)
{
    while (n && blank(*s)) {
        s++;
        n--;
    }
    while (n && blank(s[n - 1]))
        n--;
    char *out = qtr_strndup(s, n);
    if (out && lower)
        for (char *c = out; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    return out;
}

/* The value after '=' as iniparser reads it: "quoted" or 'quoted' verbatim (an unclosed quote
 * runs to the end of the line), else up to the first ';' or '#', trimmed. */
static char *value_of(const char *v, size_t n)
{
    while (n && blank(*v)) {
        v++;
        n--;
    }
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[1] != v[0]) {
        const char *q = memchr(v + 1, v[0], n - 1);
        return qtr_strndup(v + 1, q ? (size_t)(q - v - 1) : n - 1);
    }
    size_t m = 0;
    while (m < n && v[m] != ';' && v[m] != '#')
        m++;
    char *out = strip_dup(v, m, 0);
    if (out && (strcmp(out, "\"\"") == 0 || strcmp(out, "''") == 0))
        out[0] = '\0';
    return out;
}

static qtr_status add(qtr_ini_index *ix, char *section, char *key, char *value, long line)
{
    if (!section || !key || !value) {
        free(section);
        free(key);
        free(value);
        return QTR_ERR_NOMEM;
    }
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        ini_entry *v = realloc(ix->v, cap * sizeof *v);
        if (!v) {
            free(section);
            free(key);
            free(value);
            return QTR_ERR_NOMEM;
        }
        ix->v = v;
        ix->cap = cap;
    }
    ix->v[ix->n++] = (ini_entry){section, key, value, line};
    return QTR_OK;
}

void qtr_ini_free(qtr_ini_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].section);
        free(ix->v[i].key);
        free(ix->v[i].value);
    }
    free(ix->v);
    free(ix);
}

/* The first problem of the file: a later one is kept only when it stands on an earlier line. */
typedef struct {
    qtr_error *err;
    const char *path;
    long line;           /* 0: none yet */
} problem;

static void note(problem *p, long line, const char *section, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void note(problem *p, long line, const char *section, const char *key, const char *fmt, ...)
{
    if (p->line && p->line <= line)
        return;
    p->line = line;
    if (!p->err)
        return;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    qtr_utf8_fix_tail(msg);
    qtr_error_set(p->err, QTR_ERR_CONFIG, p->path, line, 0, "%s", msg);
    snprintf(p->err->section, sizeof p->err->section, "%s", section ? section : "");
    snprintf(p->err->key, sizeof p->err->key, "%s", key ? key : "");
    qtr_utf8_fix_tail(p->err->section);
    qtr_utf8_fix_tail(p->err->key);
}

/* One logical line (continuations joined), first physical line `line`. */
static qtr_status logical_line(qtr_ini_index *ix, problem *pb, char **section, const char *s,
                               size_t n, long line)
{
    while (n && blank(*s)) {
        s++;
        n--;
    }
    while (n && blank(s[n - 1]))
        n--;
    if (n == 0 || s[0] == ';' || s[0] == '#')
        return QTR_OK;
    if (n > LINE_MAX_BYTES) { /* continuation lines joined: iniparser's buffer is 1024 bytes */
        note(pb, line, NULL, NULL, "续行（以 \\ 结尾的行）连起来超过 %d 字节", LINE_MAX_BYTES);
        /* English: continued lines together longer than 1000 bytes */
        return QTR_OK;
    }
    if (s[0] == '[' && s[n - 1] == ']') {
        size_t m = strcspn(s + 1, "]");
        char *name = strip_dup(s + 1, m, 1);
        if (!name)
            return QTR_ERR_NOMEM;
        if (!name[0]) {
            free(name);
            note(pb, line, NULL, NULL, "节名为空：写成 [节名]"); /* English: empty section name */
            return QTR_OK;
        }
        free(*section);
        *section = name;
        return add(ix, qtr_strdup(name), qtr_strdup(""), qtr_strdup(""), line);
    }
    const char *eq = memchr(s, '=', n);
    if (!eq || eq == s) {
        char *ex = qtr_excerpt(s, n, 80);
        /* English: cannot read this line: write "key = value", "[section]" or a comment */
        note(pb, line, *section, NULL, "无法识别这一行「%s」：应为「键 = 值」、「[节名]」或以 ; 开头的注释",
             ex ? ex : "");
        free(ex);
        return QTR_OK;
    }
    char *key = strip_dup(s, (size_t)(eq - s), 1);
    if (!key)
        return QTR_ERR_NOMEM;
    if (!(*section)[0]) {
        /* English: key outside any section */
        note(pb, line, NULL, key, "键 %s 不在任何节中：写在 [plan] 等节名之后", key);
        free(key);
        return QTR_OK;
    }
    const char *known = qtr_ini_known_keys(*section);
    if (known && !key_known(known, key))
        /* English: unknown key (a typo?); the section's keys are ... */
        note(pb, line, *section, key, "未知的键 %s（拼写错误？）；[%s] 节可用的键：%s", key,
             *section, known);
    return add(ix, qtr_strdup(*section), key, value_of(eq + 1, n - (size_t)(eq + 1 - s)), line);
}

static int cmp_entry(const void *a, const void *b)
{
    const ini_entry *x = a, *y = b;
    int c = strcmp(x->section, y->section);
    if (!c)
        c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* A section or key given twice: the repetition on the earliest line. */
static void duplicates(const qtr_ini_index *ix, problem *pb)
{
    for (size_t i = 1; i < ix->n; i++) {
        const ini_entry *a = &ix->v[i - 1], *b = &ix->v[i];
        if (strcmp(a->section, b->section) != 0 || strcmp(a->key, b->key) != 0)
            continue;
        if (!b->key[0])
            /* English: section given twice (line N has it already); merge them into one */
            note(pb, b->line, b->section, NULL,
                 "节 [%s] 出现两次（第 %ld 行已有）：请合并成一节（否则后一节的键会悄悄覆盖前一节的）",
                 b->section, a->line);
        else if (strcmp(b->section, "aliases") == 0)
            /* English: alias mapped twice: to A on line N, to B here; an alias names one unit */
            note(pb, b->line, b->section, b->key,
                 "别名 %s 映射了两次：第 %ld 行为「%s」，本行为「%s」；一个别名只能对应一个单位",
                 b->key, a->line, a->value, b->value);
        else
            /* English: key given twice: A on line N, B here; give it once */
            note(pb, b->line, b->section, b->key,
                 "键 %s 给了两次：第 %ld 行为「%s」，本行为「%s」；只能给一次（否则只有最后一个生效）",
                 b->key, a->line, a->value, b->value);
    }
}

qtr_status qtr_ini_check(const char *path, const char *text, size_t len, qtr_ini_index **out,
                         qtr_error *err)
{
    *out = NULL;
    qtr_ini_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    problem pb = {err, path, 0};
    char *section = qtr_strdup("");
    qtr_buf joined = {0};  /* a line continued with '\' and what follows it */
    long first = 0;        /* the line it started on */
    qtr_status st = section ? QTR_OK : QTR_ERR_NOMEM;
    size_t pos = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    long line = 0;
    while (st == QTR_OK && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + pos;
        size_t n = end - pos;
        line++;
        pos = nl ? end + 1 : len;
        while (n && blank(s[n - 1]))
            n--;
        if (!joined.len)
            first = line;
        if (n && s[n - 1] == '\\') {
            st = qtr_buf_append(&joined, s, n - 1);
            continue;
        }
        if (joined.len) {
            if ((st = qtr_buf_append(&joined, s, n)) == QTR_OK)
                st = logical_line(ix, &pb, &section, joined.data, joined.len, first);
            qtr_buf_clear(&joined);
        } else {
            st = logical_line(ix, &pb, &section, s, n, line);
        }
    }
    if (st == QTR_OK && joined.len)
        /* English: the last line ends in '\' (a continuation) and nothing follows */
        note(&pb, first, section, NULL, "最后一行以 \\ 结尾（续行符），后面却没有内容");
    qtr_buf_free(&joined);
    free(section);
    if (st == QTR_OK && ix->n > 1) {
        qsort(ix->v, ix->n, sizeof *ix->v, cmp_entry);
        duplicates(ix, &pb);
    }
    if (st != QTR_OK || pb.line) {
        qtr_ini_free(ix);
        return st != QTR_OK ? qtr_error_set(err, st, path, 0, 0, "out of memory") : QTR_ERR_CONFIG;
    }
    *out = ix;
    return QTR_OK;
}

long qtr_ini_line(const qtr_ini_index *ix, const char *section, const char *key)
{
    if (!ix || !section)
        return 0;
    long header = 0;
    size_t lo = 0, hi = ix->n;
    while (lo < hi) { /* the first entry of the section */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->v[mid].section, section) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->n && strcmp(ix->v[i].section, section) == 0; i++) {
        if (!ix->v[i].key[0] && !header)
            header = ix->v[i].line;
        if (key && strcmp(ix->v[i].key, key) == 0)
            return ix->v[i].line;
    }
    return header;
}
