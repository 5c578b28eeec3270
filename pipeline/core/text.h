/* text.h — small UTF-8 text helpers shared by the stages: blanks, full-width forms,
 * header normalisation, a growable string buffer and string lists.
 * All functions take and return UTF-8; none allocate unless they say so.
 */
#ifndef QTR_TEXT_H
#define QTR_TEXT_H

#include <stddef.h>

#include "status.h"

/* A growable NUL-terminated byte buffer. Zero-initialise ({0}) before use. */
typedef struct {
    char *data;    /* NUL-terminated when len > 0 or after any append; may be NULL when empty */
    size_t len;    /* bytes used, excluding the NUL */
    size_t cap;    /* bytes allocated */
} qtr_buf;

qtr_status qtr_buf_append(qtr_buf *b, const char *s, size_t n);
qtr_status qtr_buf_puts(qtr_buf *b, const char *s);
qtr_status qtr_buf_printf(qtr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qtr_buf_clear(qtr_buf *b);  /* len = 0, keeps the memory */
void qtr_buf_free(qtr_buf *b);   /* frees and zeroes */
const char *qtr_buf_str(const qtr_buf *b);  /* never NULL ("" when empty) */

/* A list of owned strings. Zero-initialise before use. */
typedef struct {
    char **items;
    size_t count;
    size_t cap;
} qtr_strlist;

qtr_status qtr_strlist_add(qtr_strlist *l, const char *s, size_t n);
void qtr_strlist_free(qtr_strlist *l);
/* Splits s on ',' (and full-width '，'), trims blanks from each item, skips empty items. */
qtr_status qtr_strlist_split(qtr_strlist *l, const char *s);

/* strdup that returns NULL on NULL input or allocation failure. */
char *qtr_strdup(const char *s);
char *qtr_strndup(const char *s, size_t n);

/* Decodes one UTF-8 code point at s (n bytes available). Returns its length (1..4) and stores
 * the code point, or returns 0 for an invalid or truncated sequence (overlongs, surrogates and
 * values above U+10FFFF are invalid). */
size_t qtr_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Offset of the first invalid UTF-8 byte in s[0..n), or n when all of it is valid. */
size_t qtr_utf8_invalid_offset(const char *s, size_t n);

/* True for the blanks ignored around names and numbers: ASCII space, tab, CR, LF, VT, FF,
 * U+00A0, U+3000 (ideographic space), U+FEFF. */
int qtr_is_blank_cp(unsigned cp);

/* Returns a pointer to the first non-blank byte of s[0..*n) and updates *n so that the span
 * has no leading or trailing blanks. */
const char *qtr_trim(const char *s, size_t *n);

/* Writes into out a normalised copy of s[0..n) for matching: blanks removed, full-width ASCII
 * forms (U+FF01..U+FF5E) folded to ASCII, ASCII letters lower-cased. out must hold n + 1 bytes
 * (normalisation never lengthens). Returns the length written. */
size_t qtr_normalize_key(const char *s, size_t n, char *out);

/* Allocating variant of qtr_normalize_key; NULL on allocation failure. */
char *qtr_key_dup(const char *s, size_t n);

/* Cuts a trailing incomplete UTF-8 sequence off s (left by a truncating snprintf). */
void qtr_utf8_fix_tail(char *s);

/* Sanitises a string for one line of output (messages, CSV raw column): control characters
 * become spaces, invisible format characters <U+XXXX> (qtr_is_invisible_format); the result
 * holds at most max bytes, cut on a character boundary, then "…" when the text did not fit.
 * Result allocated; NULL on allocation failure. */
char *qtr_excerpt(const char *s, size_t n, size_t max);

/* Zero-width and bidirectional-control characters (U+200B-200F, 202A-202E, 2060-2064,
 * 2066-2069, FEFF): invisible, they can hide or reorder text. qtr_excerpt and
 * qtr_display_name show them as <U+XXXX>. */
int qtr_is_invisible_format(unsigned cp);

#endif
