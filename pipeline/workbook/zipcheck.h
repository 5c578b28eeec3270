/* zipcheck.h — a check of the .xlsx just written, before it is renamed into place.
 *
 * libxlsxwriter writes every part of a workbook to a temporary file first and does not check
 * those writes; a failure there (a full disk) gives an archive whose parts are empty or cut
 * short, with no error. This reads the archive's central directory back (no decompression: a
 * few KB) and checks that every part has content, that every member under prefix (the
 * worksheets) holds at least prefix_min bytes, and that the largest of them holds at least
 * largest_min (the rows the biggest sheet was given, at a lower bound of bytes per row).
 */
#ifndef QTR_WORKBOOK_ZIPCHECK_H
#define QTR_WORKBOOK_ZIPCHECK_H

#include <stddef.h>
#include <stdint.h>

/* 0 when the archive passes; -1 with a reason in why (for "workbook came out incomplete: ..."). */
int qtr_wb_zip_check(const char *path, const char *prefix, uint64_t prefix_min, uint64_t largest_min,
                     char *why, size_t why_size);

#endif
