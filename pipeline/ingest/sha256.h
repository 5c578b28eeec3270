/* sha256.h — SHA-256 (FIPS 180-4) of files, for the manifest: which inputs and which config
 * produced a report. Small and dependency-free.
 */
#ifndef QTR_SHA256_H
#define QTR_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    uint32_t h[8];
    uint64_t bytes;          /* message length so far */
    unsigned char block[64];
    size_t used;             /* bytes in block */
} qtr_sha256;

void qtr_sha256_init(qtr_sha256 *c);
void qtr_sha256_update(qtr_sha256 *c, const void *data, size_t n);
/* Writes the digest as 64 lowercase hex digits and a NUL into hex (65 bytes). */
void qtr_sha256_final(qtr_sha256 *c, char hex[65]);

/* Hashes a whole file; *size receives its length. QTR_ERR_OPEN when it cannot be read. */
qtr_status qtr_sha256_file(const char *path, char hex[65], long long *size);

#endif
