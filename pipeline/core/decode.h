/* decode.h — detects a file's encoding and converts it to UTF-8 (docs/input.md, Encodings):
 * UTF-8 BOM -> UTF-8 (BOM stripped); FF FE / FE FF -> UTF-16 converted; strict UTF-8;
 * else GB18030 through iconv. Never //IGNORE: an invalid byte is an error with its offset.
 */
#ifndef QTR_DECODE_H
#define QTR_DECODE_H

#include <stddef.h>

#include "status.h"

typedef struct {
    char *text;            /* UTF-8, NUL-terminated, owned by the caller (free()) */
    size_t len;            /* bytes of text, excluding the NUL */
    const char *encoding;  /* static name: "UTF-8", "UTF-8 BOM", "GB18030", "UTF-16LE", "UTF-16BE" */
} qtr_decoded;

/* Converts bytes[0..n) into out. On QTR_ERR_DECODE *bad_offset is the byte offset (in the
 * original file) of the first byte that is valid in no accepted encoding, or of a NUL.
 * Text that is valid UTF-8 (with CJK) up to a broken sequence is taken as UTF-8 with an error
 * there, not re-read as GB18030 (which would turn the whole file into mojibake). */
qtr_status qtr_decode(const char *bytes, size_t n, qtr_decoded *out, size_t *bad_offset);

/* The 1-based line of byte offset `offset` of a file in encoding `encoding` (as named in
 * qtr_decoded; NULL or unknown counts LF bytes). */
long qtr_decode_line(const char *bytes, size_t n, size_t offset, const char *encoding);

/* A file name as it may appear in outputs and messages: valid UTF-8 (a GB18030 name, as unzip
 * leaves names from Chinese Windows, is converted; other invalid bytes become \xNN) with
 * control characters escaped (\n, \t, \xNN), so a name never breaks a line or a CSV file.
 * Allocated; NULL on allocation failure. */
char *qtr_display_name(const char *name);

/* Reads a whole file. *data is malloc'ed and NUL-terminated; QTR_ERR_OPEN on failure. */
qtr_status qtr_read_file(const char *path, char **data, size_t *len);

#endif
