/* zipcheck.c — reads back the central directory of the .xlsx just written (see zipcheck.h). */
#include "zipcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EOCD_SIG 0x06054b50u
#define CDIR_SIG 0x02014b50u
#define EOCD_SIZE 22
#define CDIR_SIZE 46
#define MAX_COMMENT 65535

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static int fail(char *why, size_t size, const char *msg, const char *name)
{
    snprintf(why, size, "%s%s%s", msg, name ? ": " : "", name ? name : "");
    return -1;
}

int qtr_wb_zip_check(const char *path, const char *prefix, uint64_t prefix_min, uint64_t largest_min,
                     char *why, size_t why_size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(why, why_size, "cannot be read back", NULL);
    int rc = -1;
    unsigned char *tail = NULL, *dir = NULL;
    long size;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < EOCD_SIZE) {
        fail(why, why_size, "too short to be a zip archive", NULL);
        goto out;
    }
    /* the end-of-central-directory record: within the last 22 + 65535 bytes */
    long span = size < EOCD_SIZE + MAX_COMMENT ? size : EOCD_SIZE + MAX_COMMENT;
    tail = malloc((size_t)span);
    if (!tail || fseek(f, size - span, SEEK_SET) != 0 || fread(tail, 1, (size_t)span, f) != (size_t)span) {
        fail(why, why_size, "cannot be read back", NULL);
        goto out;
    }
    long e = span - EOCD_SIZE;
    while (e >= 0 && le32(tail + e) != EOCD_SIG)
        e--;
    if (e < 0) {
        fail(why, why_size, "no zip directory at the end (the file is cut short)", NULL);
        goto out;
    }
    uint32_t entries = le16(tail + e + 10), dsize = le32(tail + e + 12), doff = le32(tail + e + 16);
    if (entries == 0 || (uint64_t)doff + dsize > (uint64_t)(size - span + e)) {
        fail(why, why_size, "the zip directory does not fit the file", NULL);
        goto out;
    }
    dir = malloc(dsize ? dsize : 1);
    if (!dir || fseek(f, (long)doff, SEEK_SET) != 0 || fread(dir, 1, dsize, f) != dsize) {
        fail(why, why_size, "cannot read the zip directory", NULL);
        goto out;
    }
    uint64_t largest = 0;
    uint32_t pos = 0;
    char name[256];
    for (uint32_t i = 0; i < entries; i++) {
        if (pos + CDIR_SIZE > dsize || le32(dir + pos) != CDIR_SIG) {
            fail(why, why_size, "a damaged zip directory entry", NULL);
            goto out;
        }
        uint32_t usize = le32(dir + pos + 24), nlen = le16(dir + pos + 28);
        uint32_t next = pos + CDIR_SIZE + nlen + le16(dir + pos + 30) + le16(dir + pos + 32);
        if (next > dsize) {
            fail(why, why_size, "a damaged zip directory entry", NULL);
            goto out;
        }
        size_t n = nlen < sizeof name ? nlen : sizeof name - 1;
        memcpy(name, dir + pos + CDIR_SIZE, n);
        name[n] = '\0';
        /* every part of an .xlsx has content; a part that came out empty is a write that failed */
        if (usize == 0) {
            fail(why, why_size, "a part of the workbook is empty", name);
            goto out;
        }
        if (prefix && strncmp(name, prefix, strlen(prefix)) == 0) {
            if (usize < prefix_min) {
                fail(why, why_size, "a sheet of the workbook is cut short", name);
                goto out;
            }
            if (usize > largest)
                largest = usize;
        }
        pos = next;
    }
    if (prefix && largest < largest_min) {
        snprintf(why, why_size, "the largest sheet holds %llu bytes, less than its rows need (%llu)",
                 (unsigned long long)largest, (unsigned long long)largest_min);
        goto out;
    }
    rc = 0;
out:
    free(tail);
    free(dir);
    fclose(f);
    return rc;
}
