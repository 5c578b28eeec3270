/* decode.c — encoding detection and conversion to UTF-8. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

qtr_status qtr_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return QTR_ERR_OPEN;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return QTR_ERR_NOMEM;
    }
    for (;;) {
        if (cap - n < 65536) {
            char *p = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                fclose(f);
                return QTR_ERR_NOMEM;
            }
            buf = p;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return QTR_ERR_OPEN;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return QTR_OK;
}

/* Converts with iconv; *bad receives the input offset of an invalid sequence. */
static qtr_status convert(const char *from, const char *in, size_t n, qtr_decoded *out,
                          size_t *bad, size_t base)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return QTR_ERR_DECODE;
    size_t cap = n * 2 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return QTR_ERR_NOMEM;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = n, ol = cap - 1;
    qtr_status st = QTR_OK;
    while (il > 0) {
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (r != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(op - buf);
            char *p = realloc(buf, cap * 2);
            if (!p) {
                st = QTR_ERR_NOMEM;
                break;
            }
            buf = p;
            cap *= 2;
            op = buf + used;
            ol = cap - used - 1;
            continue;
        }
        *bad = base + (size_t)(ip - in);
        st = QTR_ERR_DECODE;
        break;
    }
    if (st == QTR_OK) { /* flush shift state */
        if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1) {
            *bad = base + n;
            st = QTR_ERR_DECODE;
        }
    }
    iconv_close(cd);
    if (st != QTR_OK) {
        free(buf);
        return st;
    }
    *op = '\0';
    out->text = buf;
    out->len = (size_t)(op - buf);
    return QTR_OK;
}

/* A U+0000 code unit in UTF-16 text: its offset in the original bytes (after the BOM). */
static qtr_status check_nul16(const char *bytes, size_t n, size_t *bad)
{
    for (size_t i = 2; i + 1 < n; i += 2)
        if (bytes[i] == '\0' && bytes[i + 1] == '\0') {
            *bad = i;
            return QTR_ERR_DECODE;
        }
    return QTR_OK;
}

/* True when bytes[0..end) (end: the first invalid UTF-8 byte) holds at least three valid
 * three- or four-byte UTF-8 sequences: Chinese in UTF-8. GB18030 text can form a valid two-byte
 * UTF-8 sequence by accident, but practically never three longer ones before failing. */
static int utf8_multibyte_before(const char *bytes, size_t end)
{
    int found = 0;
    size_t i = 0;
    while (i < end && found < 3) {
        unsigned cp;
        size_t k = (unsigned char)bytes[i] < 0x80 ? 1 : qtr_utf8_decode(bytes + i, end - i, &cp);
        if (!k)
            return 0;
        found += k >= 3;
        i += k;
    }
    return found >= 3;
}

long qtr_decode_line(const char *bytes, size_t n, size_t offset, const char *encoding)
{
    long line = 1;
    if (offset > n)
        offset = n;
    if (encoding && strncmp(encoding, "UTF-16", 6) == 0) {
        int le = strcmp(encoding, "UTF-16LE") == 0;
        for (size_t i = 2; i + 1 < offset + 1 && i + 1 < n; i += 2) {
            unsigned char lo = (unsigned char)bytes[le ? i : i + 1];
            unsigned char hi = (unsigned char)bytes[le ? i + 1 : i];
            line += lo == '\n' && hi == 0 && i < offset;
        }
        return line;
    }
    for (size_t i = 0; i < offset; i++)
        line += bytes[i] == '\n';
    return line;
}

qtr_status qtr_decode(const char *bytes, size_t n, qtr_decoded *out, size_t *bad_offset)
{
    size_t bad = 0;
    qtr_status st;
    memset(out, 0, sizeof *out);
    const unsigned char *u = (const unsigned char *)bytes;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        int le = u[0] == 0xFF;
        out->encoding = le ? "UTF-16LE" : "UTF-16BE";
        st = check_nul16(bytes, n, &bad);
        if (st == QTR_OK)
            st = convert(le ? "UTF-16LE" : "UTF-16BE", bytes + 2, n - 2, out, &bad, 2);
    } else {
        size_t skip = 0;
        out->encoding = "UTF-8";
        if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
            skip = 3;
            out->encoding = "UTF-8 BOM";
        }
        const char *z = memchr(bytes, '\0', n);
        if (z) {
            bad = (size_t)(z - bytes);
            st = QTR_ERR_DECODE;
        } else if ((bad = qtr_utf8_invalid_offset(bytes + skip, n - skip)) == n - skip) {
            out->text = qtr_strndup(bytes + skip, n - skip);
            out->len = n - skip;
            st = out->text ? QTR_OK : QTR_ERR_NOMEM;
        } else if (skip || utf8_multibyte_before(bytes, bad)) {
            /* a BOM, or UTF-8 CJK before the broken sequence: a UTF-8 file with a bad byte */
            bad += skip;
            st = QTR_ERR_DECODE;
        } else {
            out->encoding = "GB18030";
            st = convert("GB18030", bytes, n, out, &bad, 0);
        }
    }
    if (st == QTR_ERR_DECODE && bad_offset)
        *bad_offset = bad;
    return st;
}

/* Appends s[0..n) (valid UTF-8) to b with control characters escaped. */
static qtr_status escape_controls(qtr_buf *b, const char *s, size_t n)
{
    qtr_status st = QTR_OK;
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            st = qtr_buf_puts(b, "\\n");
        else if (c == '\t')
            st = qtr_buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            st = qtr_buf_printf(b, "\\x%02X", c);
        else if ((c == 0xE2 || c == 0xEF) && i + 2 < n) {
            unsigned cp;
            if (qtr_utf8_decode(s + i, n - i, &cp) == 3 && qtr_is_invisible_format(cp)) {
                st = qtr_buf_printf(b, "<U+%04X>", cp);
                i += 2;
            } else {
                st = qtr_buf_append(b, s + i, 1);
            }
        } else
            st = qtr_buf_append(b, s + i, 1);
    }
    return st;
}

char *qtr_display_name(const char *name)
{
    size_t n = strlen(name);
    qtr_buf b = {0};
    qtr_status st;
    if (qtr_utf8_invalid_offset(name, n) == n) {
        st = escape_controls(&b, name, n);
    } else {
        qtr_decoded d;
        size_t bad;
        if (convert("GB18030", name, n, &d, &bad, 0) == QTR_OK) {
            st = escape_controls(&b, d.text, d.len);
            free(d.text);
        } else { /* neither: keep the valid parts, show the rest as \xNN */
            st = QTR_OK;
            size_t i = 0;
            while (i < n && st == QTR_OK) {
                unsigned cp;
                size_t k = qtr_utf8_decode(name + i, n - i, &cp);
                if (k) {
                    st = escape_controls(&b, name + i, k);
                    i += k;
                } else {
                    st = qtr_buf_printf(&b, "\\x%02X", (unsigned char)name[i]);
                    i++;
                }
            }
        }
    }
    if (st == QTR_OK && qtr_buf_append(&b, "", 0) == QTR_OK)
        return b.data;
    qtr_buf_free(&b);
    return NULL;
}
