/* fuzz_plan.c — libFuzzer harness for the plan INI loader (pipeline/core/plan.c over
 * iniparser): the input is written to a scratch file and loaded with qtr_plan_load. A plan
 * that loads must be usable (units find themselves, indicators point at real series, targets
 * are numbers); a plan that does not must say why (config, open or memory status and a message).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "districts.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_plan(const qtr_plan *p)
{
    FUZZ_ASSERT(p->id && p->name && p->region && p->total_name, "missing plan strings");
    FUZZ_ASSERT(p->start_year >= 1900 && p->end_year <= 2999 && p->start_year <= p->end_year,
                "horizon %d-%d", p->start_year, p->end_year);
    FUZZ_ASSERT(p->nunits >= 1 && p->nindicators >= 1, "%zu units, %zu indicators", p->nunits,
                p->nindicators);
    for (size_t u = 0; u < p->nunits; u++) {
        const qtr_unit *un = &p->units[u];
        FUZZ_ASSERT(qtr_plan_find_unit(p, un->name, strlen(un->name)) == (long)u,
                    "unit '%s' does not find itself", un->name);
        FUZZ_ASSERT(!qtr_plan_is_total(p, un->name, strlen(un->name)), "unit '%s' is a total",
                    un->name);
        for (size_t a = 0; a < un->naliases; a++)
            FUZZ_ASSERT(qtr_plan_find_unit(p, un->aliases[a], strlen(un->aliases[a])) == (long)u,
                        "alias '%s' does not find unit '%s'", un->aliases[a], un->name);
        /* a path that is the unit's name names that unit (any other name found in it is
         * written within it), when the name can be a file name and is long enough to tell */
        char *key = qtr_key_dup(un->name, strlen(un->name));
        FUZZ_ASSERT(key, "out of memory");
        size_t chars = 0;
        for (const char *k = key; *k; k++)
            chars += ((unsigned char)*k & 0xC0) != 0x80;
        if (!strchr(un->name, '/') && strlen(un->name) <= QTR_NAME_UNIT_MAX && chars >= 2)
            FUZZ_ASSERT(qtr_plan_unit_in_path(p, un->name) == (long)u, "the path '%s' names unit %ld",
                        un->name, qtr_plan_unit_in_path(p, un->name));
        free(key);
    }
    FUZZ_ASSERT(qtr_plan_is_total(p, p->total_name, strlen(p->total_name)), "total name");
    for (size_t s = 0; s < p->nseries; s++) {
        const qtr_series *se = &p->series[s];
        FUZZ_ASSERT(qtr_plan_find_series(p, se->id) == (long)s, "series '%s'", se->id);
        FUZZ_ASSERT(se->unit && se->nheaders >= 1, "series '%s' without unit or headers", se->id);
    }
    for (size_t i = 0; i < p->nindicators; i++) {
        const qtr_indicator *ind = &p->indicators[i];
        FUZZ_ASSERT(qtr_plan_find_indicator(p, ind->id) == (long)i, "indicator '%s'", ind->id);
        FUZZ_ASSERT(ind->series >= 0 && (size_t)ind->series < p->nseries, "indicator '%s' series %ld",
                    ind->id, ind->series);
        FUZZ_ASSERT(ind->denominator < (long)p->nseries, "denominator %ld", ind->denominator);
        FUZZ_ASSERT(ind->relative || (isfinite(ind->target) && ind->target > 0),
                    "indicator '%s' target %g", ind->id, ind->target);
        for (int y = p->start_year; y <= p->end_year && y < p->start_year + 50; y++)
            (void)qtr_plan_year_target(ind, y);
        (void)qtr_kind_name(ind->kind);
    }
    FUZZ_ASSERT(p->max_file_bytes >= (1LL << 20) && p->max_file_bytes <= ((long long)QTR_MAX_FILE_MB_LIMIT << 20),
                "max_file_bytes %lld", p->max_file_bytes);
    (void)qtr_plan_setting(p, "report", "font");
    (void)qtr_plan_setting(p, "plan", "id");
    /* the units' file names (docs/formats.md, districts/): each a file name of its own, whatever
     * the roster says */
    const char **names = malloc(p->nunits * sizeof *names);
    FUZZ_ASSERT(names, "out of memory");
    for (size_t u = 0; u < p->nunits; u++)
        names[u] = p->units[u].name;
    char **files = qtr_district_names(names, p->nunits);
    FUZZ_ASSERT(files, "no file names");
    for (size_t u = 0; u < p->nunits; u++) {
        const char *f = files[u];
        size_t len = strlen(f);
        FUZZ_ASSERT(len >= 1 && len <= QTR_DISTRICT_NAME_MAX + 32, "file name of %zu bytes", len);
        FUZZ_ASSERT(strcmp(f, ".") != 0 && strcmp(f, "..") != 0, "file name '%s'", f);
        for (size_t k = 0; k < len; k++)
            FUZZ_ASSERT(f[k] != '/' && (unsigned char)f[k] >= 0x20 && f[k] != 0x7F, "byte %zu of '%s'", k, f);
        for (size_t v = 0; v < u && p->nunits <= 2000; v++) /* pairwise: small rosters */
            FUZZ_ASSERT(strcmp(f, files[v]) != 0, "units %zu and %zu share the file name '%s'", v, u, f);
    }
    qtr_district_names_free(files, p->nunits);
    free(names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[512];
    if (!path[0])
        fuzz_scratch_path("plan.ini", path, sizeof path);
    fuzz_write_file(path, data, size);
    qtr_plan *p = NULL;
    qtr_error err;
    memset(&err, 0, sizeof err);
    qtr_status st = qtr_plan_load(path, &p, &err);
    if (st == QTR_OK) {
        FUZZ_ASSERT(p != NULL, "OK without a plan");
        check_plan(p);
        /* the input's own bytes as a path (any bytes, a file name of any length): a unit or -1 */
        char *any = malloc(size + 1);
        FUZZ_ASSERT(any, "out of memory");
        memcpy(any, data, size);
        any[size] = '\0';
        long u = qtr_plan_unit_in_path(p, any);
        FUZZ_ASSERT(u >= -1 && u < (long)p->nunits, "a path names unit %ld of %zu", u, p->nunits);
        free(any);
        qtr_plan_free(p);
    } else {
        FUZZ_ASSERT(p == NULL, "a plan returned with an error");
        FUZZ_ASSERT(st == QTR_ERR_CONFIG || st == QTR_ERR_NOMEM || st == QTR_ERR_WRITE,
                    "unexpected status %s", qtr_strerror(st));
        FUZZ_ASSERT(err.message[0], "an error without a message");
    }
    return 0;
}
