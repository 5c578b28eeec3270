/* inicheck.h — the structure of a plan INI, read line by line the way iniparser 4.1 reads it
 * (docs/config.md, File syntax), for what iniparser does not report: a section or a key given
 * twice (iniparser silently keeps the last value), a key the loader does not know in a section
 * it does (a typo such as `basline`), a line it cannot parse — each refused with the config's
 * own name and line — and the line of every key, so that later errors can name it.
 */
#ifndef QTR_INICHECK_H
#define QTR_INICHECK_H

#include <stddef.h>

#include "status.h"

typedef struct qtr_ini_index qtr_ini_index;

/* Checks text[0..len) (the whole file, a UTF-8 BOM allowed; path names it in messages).
 * QTR_OK with *out set, or QTR_ERR_CONFIG with err naming file, line, section and key (the
 * first problem in the file), or QTR_ERR_NOMEM. */
qtr_status qtr_ini_check(const char *path, const char *text, size_t len, qtr_ini_index **out,
                         qtr_error *err);

/* The line of key in section (both as iniparser stores them: ASCII lower case), or of the
 * section's header when key is NULL or absent from it; 0 when neither is in the file. */
long qtr_ini_line(const qtr_ini_index *ix, const char *section, const char *key);

/* The keys the loader reads in section (e.g. "id, name, ..."), or NULL when any key is allowed
 * ([aliases]) or the section is not one of the plan's (another tool may keep settings there). */
const char *qtr_ini_known_keys(const char *section);

void qtr_ini_free(qtr_ini_index *ix);

#endif
