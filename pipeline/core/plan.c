/* plan.c — loads and validates the plan INI (see plan.h and README "Plan configuration"). */
#include "plan.h"

#include <iniparser/iniparser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "decode.h"
#include "inicheck.h"
#include "ledger_io.h"
#include "table.h"
#include "num.h"
#include "period.h"
#include "text.h"
#include "units.h"
#include "utargets.h"

#define MAX_INI_LINE 1000
#define MAX_INI_BYTES (16L << 20)   /* a plan config is a few KB; rosters of thousands: roster_file */

/* A normalised unit name or alias and the roster index it names. */
struct qtr_name_key {
    char *key;
    long unit;
};

/* ---------------------------------------------------------------- loader context */

typedef struct {
    qtr_plan *plan;
    dictionary *d;
    qtr_error *err;
    const char *path;
    const qtr_ini_index *ix;   /* where each section and key stands, for messages */
} loader;

static qtr_status cfg_error(loader *l, const char *section, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static qtr_status cfg_error(loader *l, const char *section, const char *key, const char *fmt, ...)
{
    if (!l->err)
        return QTR_ERR_CONFIG;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    qtr_error_set(l->err, QTR_ERR_CONFIG, l->path, qtr_ini_line(l->ix, section, key), 0, "%s", msg);
    snprintf(l->err->section, sizeof l->err->section, "%s", section ? section : "");
    snprintf(l->err->key, sizeof l->err->key, "%s", key ? key : "");
    return QTR_ERR_CONFIG;
}

/* The value of section:key with blanks trimmed, or NULL when absent or empty. */
static const char *get(loader *l, const char *section, const char *key, char *buf, size_t size)
{
    char full[300];
    snprintf(full, sizeof full, "%s:%s", section, key);
    const char *v = iniparser_getstring(l->d, full, NULL);
    if (!v)
        return NULL;
    size_t n = strlen(v);
    /* iniparser keeps surrounding quotes off; trim blanks (incl. U+3000) ourselves */
    const char *t = qtr_trim(v, &n);
    if (n == 0)
        return NULL;
    if (n >= size)
        n = size - 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
    return buf;
}

static qtr_status get_string(loader *l, const char *section, const char *key, int required,
                             const char *def, char **out)
{
    char buf[4096];
    const char *v = get(l, section, key, buf, sizeof buf);
    if (!v) {
        if (required)
            return cfg_error(l, section, key, "missing required key");
        v = def;
    }
    if (!v) {
        *out = NULL;
        return QTR_OK;
    }
    *out = qtr_strdup(v);
    return *out ? QTR_OK : QTR_ERR_NOMEM;
}

static qtr_status get_number(loader *l, const char *section, const char *key, int required,
                             double def, double *out)
{
    char buf[256];
    const char *v = get(l, section, key, buf, sizeof buf);
    if (!v) {
        if (required)
            return cfg_error(l, section, key, "missing required key");
        *out = def;
        return QTR_OK;
    }
    if (qtr_double_parse(v, out) != 0)
        return cfg_error(l, section, key, "'%s' is not a number", v);
    return QTR_OK;
}

static qtr_status get_year(loader *l, const char *section, const char *key, int required, int def,
                           int *out)
{
    double v;
    qtr_status st = get_number(l, section, key, required, def, &v);
    if (st != QTR_OK)
        return st;
    if (v != floor(v) || v < 1900 || v > 2999)
        return cfg_error(l, section, key, "'%g' is not a year between 1900 and 2999", v);
    *out = (int)v;
    return QTR_OK;
}

static qtr_status get_list(loader *l, const char *section, const char *key, const char *def,
                           char ***items, size_t *count)
{
    char buf[8192];
    const char *v = get(l, section, key, buf, sizeof buf);
    if (!v)
        v = def;
    qtr_strlist list = {0};
    if (v && qtr_strlist_split(&list, v) != QTR_OK) {
        qtr_strlist_free(&list);
        return QTR_ERR_NOMEM;
    }
    *items = list.items;
    *count = list.count;
    return QTR_OK;
}

static int valid_id(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static void free_strv(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int same_name(const char *a, size_t an, const char *b)
{
    char ka[512], kb[512];
    if (an >= sizeof ka || strlen(b) >= sizeof kb)
        return 0;
    size_t la = qtr_normalize_key(a, an, ka);
    size_t lb = qtr_normalize_key(b, strlen(b), kb);
    return la == lb && memcmp(ka, kb, la) == 0;
}

/* ---------------------------------------------------------------- sections */

static qtr_status load_plan_section(loader *l)
{
    qtr_plan *p = l->plan;
    qtr_status st;
    if ((st = get_string(l, "plan", "id", 1, NULL, &p->id)) != QTR_OK)
        return st;
    if (!valid_id(p->id))
        return cfg_error(l, "plan", "id", "'%s' is not a valid id (a-z, 0-9, '-', '_')", p->id);
    if ((st = get_string(l, "plan", "name", 1, NULL, &p->name)) != QTR_OK ||
        (st = get_string(l, "plan", "region", 1, NULL, &p->region)) != QTR_OK ||
        (st = get_string(l, "plan", "total_name", 0, "全市", &p->total_name)) != QTR_OK ||
        (st = get_year(l, "plan", "start_year", 1, 0, &p->start_year)) != QTR_OK ||
        (st = get_year(l, "plan", "end_year", 0, p->start_year, &p->end_year)) != QTR_OK ||
        (st = get_number(l, "plan", "lagging_threshold", 0, 0.10, &p->warn)) != QTR_OK)
        return st;
    if (p->end_year < p->start_year)
        return cfg_error(l, "plan", "end_year", "%d is before start_year %d", p->end_year,
                         p->start_year);
    if (!(p->warn >= 0 && p->warn <= 1))
        return cfg_error(l, "plan", "lagging_threshold", "must be a fraction between 0 and 1");
    if ((st = get_list(l, "input", "period_headers", "报告期", &p->period_headers,
                       &p->nperiod_headers)) != QTR_OK ||
        (st = get_list(l, "input", "unit_headers", "填报单位", &p->unit_headers,
                       &p->nunit_headers)) != QTR_OK ||
        (st = get_list(l, "input", "total_names", "全市, 合计, 总计", &p->total_names,
                       &p->ntotal_names)) != QTR_OK)
        return st;
    double mb;
    if ((st = get_number(l, "input", "max_file_mb", 0, QTR_MAX_FILE_MB_DEFAULT, &mb)) != QTR_OK)
        return st;
    if (!(mb >= 1 && mb <= QTR_MAX_FILE_MB_LIMIT) || mb != floor(mb))
        /* English: a whole number of MB between 1 and 2048 */
        return cfg_error(l, "input", "max_file_mb", "'%g' 不是 1 到 %d 之间的整数（单位 MB）", mb,
                         QTR_MAX_FILE_MB_LIMIT);
    p->max_file_bytes = (long long)mb << 20;
    p->total_keys = calloc(p->ntotal_names + 1, sizeof *p->total_keys);
    if (!p->total_keys)
        return QTR_ERR_NOMEM;
    for (size_t i = 0; i <= p->ntotal_names; i++) {
        const char *name = i < p->ntotal_names ? p->total_names[i] : p->total_name;
        if (!(p->total_keys[i] = qtr_key_dup(name, strlen(name))))
            return QTR_ERR_NOMEM;
        p->ntotal_keys = i + 1;
    }
    return QTR_OK;
}

static qtr_status add_alias(qtr_unit *u, const char *alias)
{
    char **a = realloc(u->aliases, (u->naliases + 1) * sizeof *a);
    if (!a)
        return QTR_ERR_NOMEM;
    u->aliases = a;
    if (!(a[u->naliases] = qtr_strdup(alias)))
        return QTR_ERR_NOMEM;
    u->naliases++;
    return QTR_OK;
}

static int cmp_name_key(const void *a, const void *b)
{
    return strcmp(((const struct qtr_name_key *)a)->key, ((const struct qtr_name_key *)b)->key);
}

/* Adds a name to the (unsorted) index; the caller sorts once all are in. */
static qtr_status index_add(qtr_plan *p, const char *name, long unit)
{
    struct qtr_name_key *k = realloc(p->unit_index, (p->nunit_index + 1) * sizeof *k);
    if (!k)
        return QTR_ERR_NOMEM;
    p->unit_index = k;
    if (!(k[p->nunit_index].key = qtr_key_dup(name, strlen(name))))
        return QTR_ERR_NOMEM;
    size_t m = strlen(k[p->nunit_index].key);
    if (m > p->unit_key_longest)
        p->unit_key_longest = m;
    k[p->nunit_index++].unit = unit;
    return QTR_OK;
}

/* Sorts the index and refuses a name or alias that names two units. */
static qtr_status index_finish(loader *l, const char *section, const char *key)
{
    qtr_plan *p = l->plan;
    if (p->nunit_index > 1)
        qsort(p->unit_index, p->nunit_index, sizeof *p->unit_index, cmp_name_key);
    for (size_t i = 1; i < p->nunit_index; i++)
        if (strcmp(p->unit_index[i].key, p->unit_index[i - 1].key) == 0 &&
            p->unit_index[i].unit != p->unit_index[i - 1].unit)
            return cfg_error(l, section, key ? key : p->unit_index[i].key,
                             "'%s' names two units, or is listed twice", p->unit_index[i].key);
    return QTR_OK;
}

/* A file named by the config: relative to the config file's folder unless absolute. */
static void config_relative(const loader *l, const char *file, char *path, size_t size)
{
    const char *slash = strrchr(l->path, '/');
    if (file[0] == '/' || !slash)
        snprintf(path, size, "%s", file);
    else
        snprintf(path, size, "%.*s/%s", (int)(slash - l->path), l->path, file);
}

/* Records a file the config names (plan.h, qtr_plan_file), once it has been read. */
static qtr_status note_file(loader *l, const char *role, const char *path)
{
    qtr_plan *p = l->plan;
    if (p->nfiles == QTR_PLAN_FILES)
        return QTR_OK; /* each role is read once: cannot happen */
    char *copy = qtr_strdup(path);
    if (!copy)
        return QTR_ERR_NOMEM;
    p->files[p->nfiles].role = role;
    p->files[p->nfiles++].path = copy;
    return QTR_OK;
}

/* [units] roster_file = a CSV with columns name[,aliases] (aliases separated by ';'), for
 * rosters too long for one INI line. Relative to the config file's folder. */
static qtr_status load_roster_file(loader *l, const char *file, char ***names, size_t *n,
                                   char ***aliases)
{
    char path[4096];
    config_relative(l, file, path, sizeof path);
    qtr_table *t;
    qtr_error terr;
    if (qtr_table_load_any(path, &t, &terr) != QTR_OK) {
        char msg[2048];
        qtr_error_format(&terr, msg, sizeof msg);
        return cfg_error(l, "units", "roster_file", "%s", msg);
    }
    long cn = qtr_table_col(t, "name"), ca = qtr_table_col(t, "aliases");
    if (cn < 0) {
        qtr_table_free(t);
        return cfg_error(l, "units", "roster_file", "%s: needs a 'name' column", path);
    }
    *names = calloc(t->nrows ? t->nrows : 1, sizeof **names);
    *aliases = calloc(t->nrows ? t->nrows : 1, sizeof **aliases);
    qtr_status st = *names && *aliases ? QTR_OK : QTR_ERR_NOMEM;
    for (size_t r = 0; r < t->nrows && st == QTR_OK; r++) {
        (*names)[r] = qtr_strdup(qtr_table_get(t, r, cn));
        (*aliases)[r] = qtr_strdup(qtr_table_get(t, r, ca));
        if (!(*names)[r] || !(*aliases)[r])
            st = QTR_ERR_NOMEM;
    }
    *n = t->nrows;
    qtr_table_free(t);
    return st == QTR_OK ? note_file(l, "roster", path) : st;
}

static qtr_status load_units(loader *l)
{
    qtr_plan *p = l->plan;
    char **names = NULL, **file_aliases = NULL;
    size_t n = 0;
    char file[1024];
    qtr_status st;
    if (get(l, "units", "roster_file", file, sizeof file))
        st = load_roster_file(l, file, &names, &n, &file_aliases);
    else
        st = get_list(l, "units", "roster", NULL, &names, &n);
    if (st != QTR_OK || n == 0) {
        free_strv(names, n);
        free_strv(file_aliases, n);
        return st != QTR_OK ? st : cfg_error(l, "units", "roster", "missing required key (the reporting units)");
    }
    p->units = calloc(n, sizeof *p->units);
    if (!p->units) {
        free_strv(names, n);
        free_strv(file_aliases, n);
        return QTR_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        p->units[i].name = names[i];
    free(names);
    p->nunits = n;
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        if (!p->units[i].name[0])
            st = cfg_error(l, "units", "roster", "unit %zu has an empty name", i + 1);
        else if (qtr_plan_is_total(p, p->units[i].name, strlen(p->units[i].name)))
            st = cfg_error(l, "units", "roster", "'%s' is a total-row name, not a unit",
                           p->units[i].name);

        else
            st = index_add(p, p->units[i].name, (long)i);
        if (st == QTR_OK && file_aliases) { /* "a;b;c" */
            char *save = NULL;
            for (char *a = strtok_r(file_aliases[i], ";", &save); a && st == QTR_OK;
                 a = strtok_r(NULL, ";", &save)) {
                size_t an = strlen(a);
                const char *t = qtr_trim(a, &an);
                char alias[512];
                if (!an || an >= sizeof alias)
                    continue;
                memcpy(alias, t, an);
                alias[an] = '\0';
                if ((st = add_alias(&p->units[i], alias)) == QTR_OK)
                    st = index_add(p, alias, (long)i);
            }
        }
    }
    free_strv(file_aliases, n);
    if (st == QTR_OK)
        st = index_finish(l, "units", file_aliases ? "roster_file" : "roster");
    if (st != QTR_OK)
        return st;
    /* [aliases] alias = canonical name */
    int nkeys = iniparser_getsecnkeys(l->d, "aliases");
    if (nkeys <= 0)
        return QTR_OK;
    const char **keys = calloc((size_t)nkeys, sizeof *keys);
    if (!keys)
        return QTR_ERR_NOMEM;
    iniparser_getseckeys(l->d, "aliases", keys);
    st = QTR_OK;
    for (int k = 0; k < nkeys && st == QTR_OK; k++) {
        const char *alias = keys[k] + strlen("aliases:");
        char buf[512];
        const char *canon = get(l, "aliases", alias, buf, sizeof buf);
        long u = -1; /* the index is being extended: look the canonical name up directly */
        for (size_t k2 = 0; canon && k2 < p->nunits && u < 0; k2++)
            if (same_name(canon, strlen(canon), p->units[k2].name))
                u = (long)k2;
        if (u < 0) {
            st = cfg_error(l, "aliases", alias, "'%s' is not a unit of [units] roster",
                           canon ? canon : "");
            break;
        }
        if (qtr_plan_is_total(p, alias, strlen(alias))) {
            st = cfg_error(l, "aliases", alias, "a total-row name cannot be an alias");
            break;
        }
        if ((st = add_alias(&p->units[u], alias)) == QTR_OK)
            st = index_add(p, alias, u);
    }
    free(keys);
    if (st == QTR_OK)
        st = index_finish(l, "aliases", NULL);
    return st;
}

/* Splits a configured header "name(unit)" into its normalised name key and unit. */
static qtr_status split_header(const char *h, char **key, char **unit)
{
    size_t n = strlen(h);
    char *norm = qtr_key_dup(h, n);
    if (!norm)
        return QTR_ERR_NOMEM;
    size_t len = strlen(norm);
    *unit = NULL;
    if (len > 2 && norm[len - 1] == ')') {
        char *open = strrchr(norm, '(');
        if (open && open > norm) {
            *unit = qtr_strndup(open + 1, (size_t)(norm + len - 1 - open - 1));
            *open = '\0';
        }
    }
    if (!*unit)
        *unit = qtr_strdup("");
    *key = norm;
    return *unit ? QTR_OK : QTR_ERR_NOMEM;
}

static qtr_status parse_kind(loader *l, const char *sec, const char *v, qtr_kind *kind)
{
    static const struct { const char *name; qtr_kind kind; } kinds[] = {
        {"flow", QTR_KIND_FLOW},           {"annual_flow", QTR_KIND_FLOW},
        {"stock", QTR_KIND_STOCK},         {"period_flow", QTR_KIND_PERIOD_FLOW},
        {"ratio", QTR_KIND_RATIO},         {"coverage", QTR_KIND_COVERAGE},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(v, kinds[i].name) == 0) {
            *kind = kinds[i].kind;
            return QTR_OK;
        }
    return cfg_error(l, sec, "kind",
                     "unknown kind '%s' (flow, stock, period_flow, ratio, coverage)", v);
}

/* Fills a series from a section: unit, headers, basis. `stock` decided by the caller. */
static qtr_status load_series_fields(loader *l, const char *sec, qtr_series *s, int require_unit)
{
    qtr_status st;
    if ((st = get_string(l, sec, "unit", require_unit, NULL, &s->unit)) != QTR_OK)
        return st;
    if (s->unit && qtr_unit_lookup(s->unit, strlen(s->unit), NULL) == QTR_UNIT_UNKNOWN)
        return cfg_error(l, sec, "unit", "unknown unit '%s' (元, 万元, 亿元, 个, 项, 家, 名, 场, 件, 人, 万人...)",
                         s->unit);
    char buf[64];
    const char *basis = get(l, sec, "basis", buf, sizeof buf);
    s->basis = QTR_BASIS_QUARTER;
    if (basis && strcmp(basis, "ytd") == 0)
        s->basis = QTR_BASIS_YTD;
    else if (basis && strcmp(basis, "quarter") != 0)
        return cfg_error(l, sec, "basis", "'%s' is not quarter or ytd", basis);
    if (s->basis == QTR_BASIS_YTD && s->stock)
        return cfg_error(l, sec, "basis", "a stock is a level; basis = ytd is for flows");
    if ((st = get_list(l, sec, "headers", NULL, &s->headers, &s->nheaders)) != QTR_OK)
        return st;
    if (s->nheaders == 0)
        return cfg_error(l, sec, "headers", "missing required key (the CSV header texts)");
    s->header_keys = calloc(s->nheaders, sizeof *s->header_keys);
    s->header_units = calloc(s->nheaders, sizeof *s->header_units);
    if (!s->header_keys || !s->header_units)
        return QTR_ERR_NOMEM;
    for (size_t i = 0; i < s->nheaders; i++) {
        if ((st = split_header(s->headers[i], &s->header_keys[i], &s->header_units[i])) != QTR_OK)
            return st;
        const char *hu = s->header_units[i];
        int pow10;
        if (hu[0] && qtr_unit_lookup(hu, strlen(hu), NULL) != QTR_UNIT_UNKNOWN &&
            qtr_unit_convert(hu, strlen(hu), s->unit, &pow10) != 0)
            return cfg_error(l, sec, "headers", "header '%s' has unit %s, which does not convert to %s",
                             s->headers[i], hu, s->unit);
    }
    return QTR_OK;
}

static qtr_status add_series(qtr_plan *p, qtr_series **out)
{
    qtr_series *s = realloc(p->series, (p->nseries + 1) * sizeof *s);
    if (!s)
        return QTR_ERR_NOMEM;
    p->series = s;
    memset(&s[p->nseries], 0, sizeof *s);
    *out = &s[p->nseries++];
    return QTR_OK;
}

static qtr_status parse_milestones(loader *l, const char *sec, qtr_indicator *ind)
{
    char **items;
    size_t n;
    qtr_status st = get_list(l, sec, "milestones", NULL, &items, &n);
    if (st != QTR_OK || n == 0)
        return st;
    ind->milestones = calloc(n, sizeof *ind->milestones);
    if (!ind->milestones) {
        free_strv(items, n);
        return QTR_ERR_NOMEM;
    }
    const qtr_plan *p = l->plan;
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        char *colon = strchr(items[i], ':');
        int year = 0;
        double v;
        if (colon) {
            *colon = '\0';
            double y;
            if (qtr_double_parse(items[i], &y) == 0 && y == floor(y) && y >= QTR_YEAR_MIN &&
                y <= QTR_YEAR_MAX) /* range first: the cast of 1e10 would be undefined */
                year = (int)y;
        }
        if (!colon || !year || qtr_double_parse(colon + 1, &v) != 0)
            st = cfg_error(l, sec, "milestones", "'%s' is not YEAR:VALUE", items[i]);
        else if (year < p->start_year - (ind->kind == QTR_KIND_FLOW) || year > p->end_year)
            st = cfg_error(l, sec, "milestones", "milestone year %d is outside the horizon %d-%d%s",
                           year, p->start_year, p->end_year,
                           ind->kind == QTR_KIND_FLOW ? " (an annual flow may also give the year before, as a base point)" : "");
        else if (ind->kind == QTR_KIND_PERIOD_FLOW && i > 0 && v < ind->milestones[i - 1].value)
            st = cfg_error(l, sec, "milestones", "a period flow's milestones are cumulative: %g after %g",
                           v, ind->milestones[i - 1].value);
        else if (i > 0 && year <= ind->milestones[i - 1].year)
            st = cfg_error(l, sec, "milestones", "milestone years must increase (%d after %d)",
                           year, ind->milestones[i - 1].year);
        else if (!(v > 0))
            st = cfg_error(l, sec, "milestones", "milestone value %g must be positive", v);
        else {
            ind->milestones[i].year = year;
            ind->milestones[i].value = v;
            ind->nmilestones = i + 1;
        }
    }
    free_strv(items, n);
    return st;
}

static qtr_status parse_unit_targets(loader *l, const char *sec, qtr_indicator *ind)
{
    char **items;
    size_t n;
    qtr_plan *p = l->plan;
    qtr_status st = get_list(l, sec, "unit_targets", NULL, &items, &n);
    if (st != QTR_OK || n == 0)
        return st;
    ind->unit_targets = malloc(p->nunits * sizeof *ind->unit_targets);
    if (!ind->unit_targets) {
        free_strv(items, n);
        return QTR_ERR_NOMEM;
    }
    for (size_t u = 0; u < p->nunits; u++)
        ind->unit_targets[u] = NAN;
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        char *colon = strrchr(items[i], ':');
        double v;
        long u = -1;
        if (colon) {
            *colon = '\0';
            u = qtr_plan_find_unit(p, items[i], strlen(items[i]));
        }
        if (!colon || qtr_double_parse(colon + 1, &v) != 0)
            st = cfg_error(l, sec, "unit_targets", "'%s' is not UNIT:TARGET", items[i]);
        else if (u < 0)
            st = cfg_error(l, sec, "unit_targets", "'%s' is not a unit of the roster", items[i]);
        else if (!(v > 0))
            st = cfg_error(l, sec, "unit_targets", "target %g for %s must be positive", v, items[i]);
        else
            ind->unit_targets[u] = v;
    }
    free_strv(items, n);
    return st;
}

/* base = and path = of an annual flow: where its yearly targets before the first milestone are
 * implied from (docs/config.md, implied yearly targets). */
static qtr_status parse_implied_path(loader *l, const char *sec, qtr_indicator *ind)
{
    qtr_status st = get_number(l, sec, "base", 0, NAN, &ind->base);
    if (st != QTR_OK)
        return st;
    char buf[16];
    const char *path = get(l, sec, "path", buf, sizeof buf);
    if (!path && isnan(ind->base))
        return QTR_OK;
    if (ind->kind != QTR_KIND_FLOW || ind->nmilestones == 0)
        return cfg_error(l, sec, path ? "path" : "base",
                         "implied yearly targets are for annual flows with milestones");
    if (!isnan(ind->base) && !(ind->base >= 0))
        return cfg_error(l, sec, "base", "must be a number >= 0");
    if (ind->milestones[0].year < l->plan->start_year)
        return cfg_error(l, sec, path ? "path" : "base",
                         "the milestones already give the base year %d", ind->milestones[0].year);
    if (path && strcmp(path, "growth") == 0)
        ind->path_growth = 1;
    else if (path && strcmp(path, "linear") != 0)
        return cfg_error(l, sec, "path", "'%s' is not linear or growth", path);
    return QTR_OK;
}

/* pace = linear | deadline (docs/config.md): how the expected level of a stock or period flow
 * runs — along straight lines, or in steps at each milestone's year-end. */
static qtr_status parse_pace(loader *l, const char *sec, qtr_indicator *ind)
{
    char buf[64];
    const char *pace = get(l, sec, "pace", buf, sizeof buf);
    if (!pace || strcmp(pace, "linear") == 0)
        return QTR_OK;
    if (strcmp(pace, "deadline") != 0)
        return cfg_error(l, sec, "pace", "'%s' is not linear or deadline", pace);
    if (ind->kind != QTR_KIND_STOCK && ind->kind != QTR_KIND_PERIOD_FLOW)
        return cfg_error(l, sec, "pace",
                         "pace = deadline is for stocks and period flows (an annual flow is due at each year's end)");
    if (ind->relative)
        return cfg_error(l, sec, "pace", "pace = deadline needs milestones or a target, not growth");
    ind->pace_deadline = 1;
    if (ind->nmilestones == 0) { /* one deadline: the target at the horizon's end */
        if (!(ind->milestones = malloc(sizeof *ind->milestones)))
            return QTR_ERR_NOMEM;
        ind->milestones[0].year = l->plan->end_year;
        ind->milestones[0].value = ind->target;
        ind->nmilestones = 1;
    }
    return QTR_OK;
}

/* target = N, or lo..hi for a range */
static qtr_status parse_target(loader *l, const char *sec, qtr_indicator *ind)
{
    char buf[128];
    const char *v = get(l, sec, "target", buf, sizeof buf);
    ind->target = NAN;
    ind->target_hi = NAN;
    if (!v)
        return QTR_OK; /* checked later: milestones or growth may stand for it */
    const char *dots = strstr(v, "..");
    if (dots) {
        char lo[64];
        size_t n = (size_t)(dots - v);
        if (n >= sizeof lo)
            n = sizeof lo - 1;
        memcpy(lo, v, n);
        lo[n] = '\0';
        if (qtr_double_parse(lo, &ind->target) != 0 || qtr_double_parse(dots + 2, &ind->target_hi) != 0)
            return cfg_error(l, sec, "target", "'%s' is not a range LO..HI", v);
        if (ind->cmp != QTR_CMP_RANGE)
            return cfg_error(l, sec, "target", "a range target needs comparator = range");
        if (!(ind->target_hi >= ind->target))
            return cfg_error(l, sec, "target", "range %s: high end below low end", v);
    } else {
        if (qtr_double_parse(v, &ind->target) != 0)
            return cfg_error(l, sec, "target", "'%s' is not a number", v);
        if (ind->cmp == QTR_CMP_RANGE)
            return cfg_error(l, sec, "target", "comparator = range needs target = LO..HI");
    }
    if (!(ind->target > 0))
        return cfg_error(l, sec, "target", "target must be positive (got %s)", v);
    return QTR_OK;
}

static qtr_status load_indicator_series(loader *l, const char *sec, qtr_indicator *ind)
{
    qtr_plan *p = l->plan;
    char buf[128];
    qtr_status st;
    if (ind->kind == QTR_KIND_RATIO) {
        const char *num = get(l, sec, "numerator", buf, sizeof buf);
        if (!num)
            return cfg_error(l, sec, "numerator", "a ratio needs numerator = SERIES");
        ind->series = qtr_plan_find_series(p, num);
        if (ind->series < 0)
            return cfg_error(l, sec, "numerator", "no [series.%s] section", num);
        const char *den = get(l, sec, "denominator", buf, sizeof buf);
        if (!den)
            return cfg_error(l, sec, "denominator", "a ratio needs denominator = SERIES");
        ind->denominator = qtr_plan_find_series(p, den);
        if (ind->denominator < 0)
            return cfg_error(l, sec, "denominator", "no [series.%s] section", den);
        if ((st = get_number(l, sec, "factor", 0, 1, &ind->factor)) != QTR_OK)
            return st;
        if (!(ind->factor > 0))
            return cfg_error(l, sec, "factor", "must be positive");
        return QTR_OK;
    }
    if (ind->kind == QTR_KIND_COVERAGE) {
        const char *ser = get(l, sec, "series", buf, sizeof buf);
        if (!ser)
            return cfg_error(l, sec, "series", "a coverage indicator needs series = SERIES");
        ind->series = qtr_plan_find_series(p, ser);
        if (ind->series < 0)
            return cfg_error(l, sec, "series", "no [series.%s] section", ser);
        if ((st = get_number(l, sec, "minimum", 0, 1, &ind->minimum)) != QTR_OK)
            return st;
        return QTR_OK;
    }
    /* plain flow or stock: its own series */
    if (qtr_plan_find_series(p, ind->id) >= 0)
        return cfg_error(l, sec, "headers", "series id '%s' defined twice", ind->id);
    qtr_series *s;
    if ((st = add_series(p, &s)) != QTR_OK)
        return st;
    s->stock = ind->kind == QTR_KIND_STOCK;
    if (!(s->id = qtr_strdup(ind->id)) || !(s->name = qtr_strdup(ind->name)))
        return QTR_ERR_NOMEM;
    ind->series = (long)(p->nseries - 1);
    return load_series_fields(l, sec, s, 1);
}

static qtr_status load_indicator(loader *l, const char *id, qtr_indicator *ind)
{
    char sec[128];
    snprintf(sec, sizeof sec, "indicator.%s", id);
    if (iniparser_find_entry(l->d, sec) == 0)
        return cfg_error(l, "plan", "indicators", "indicator '%s' has no [%s] section", id, sec);
    qtr_status st;
    char buf[128];
    ind->denominator = -1;
    ind->series = -1;
    if (!(ind->id = qtr_strdup(id)))
        return QTR_ERR_NOMEM;
    if ((st = get_string(l, sec, "name", 1, NULL, &ind->name)) != QTR_OK)
        return st;
    const char *kind = get(l, sec, "kind", buf, sizeof buf);
    if (!kind)
        return cfg_error(l, sec, "kind", "missing required key");
    if ((st = parse_kind(l, sec, kind, &ind->kind)) != QTR_OK)
        return st;
    const char *cmp = get(l, sec, "comparator", buf, sizeof buf);
    if (!cmp || strcmp(cmp, ">=") == 0)
        ind->cmp = QTR_CMP_GE;
    else if (strcmp(cmp, ">") == 0)
        ind->cmp = QTR_CMP_GT;
    else if (strcmp(cmp, "range") == 0)
        ind->cmp = QTR_CMP_RANGE;
    else
        return cfg_error(l, sec, "comparator", "'%s' is not >=, > or range", cmp);
    if ((st = load_indicator_series(l, sec, ind)) != QTR_OK)
        return st;
    if (ind->kind == QTR_KIND_COVERAGE)
        ind->unit = qtr_strdup("%");
    else if ((st = get_string(l, sec, "unit", 1, NULL, &ind->unit)) != QTR_OK)
        return st;
    if (!ind->unit)
        return QTR_ERR_NOMEM;
    if ((st = parse_target(l, sec, ind)) != QTR_OK || (st = parse_milestones(l, sec, ind)) != QTR_OK ||
        (st = parse_unit_targets(l, sec, ind)) != QTR_OK)
        return st;
    if (ind->kind == QTR_KIND_COVERAGE && isnan(ind->target))
        ind->target = 1.0; /* full coverage: 100% */
    char *baseline = NULL;
    if ((st = get_string(l, sec, "baseline", 0, NULL, &baseline)) != QTR_OK)
        return st;
    if (baseline) {
        int bad = qtr_double_parse(baseline, &ind->baseline) != 0 || ind->baseline < 0;
        free(baseline);
        if (bad)
            return cfg_error(l, sec, "baseline", "must be a number >= 0");
        ind->has_baseline = 1;
    }
    double growth;
    if ((st = get_number(l, sec, "growth", 0, NAN, &growth)) != QTR_OK)
        return st;
    if (!isnan(growth)) {
        if (!(growth > 0))
            return cfg_error(l, sec, "growth", "must be a positive fraction (0.5 = +50%%)");
        if (!isnan(ind->target) || ind->nmilestones)
            return cfg_error(l, sec, "growth", "give either growth or target/milestones, not both");
        ind->relative = 1;
        ind->growth = growth;
        if (ind->has_baseline)
            ind->target = ind->baseline * (1 + growth);
    }
    if (ind->nmilestones) {
        const qtr_milestone *last = &ind->milestones[ind->nmilestones - 1];
        if (!isnan(ind->target) && ind->target != last->value)
            return cfg_error(l, sec, "target", "target %g differs from the last milestone %g",
                             ind->target, last->value);
        ind->target = last->value;
        if (ind->kind != QTR_KIND_FLOW && ind->kind != QTR_KIND_STOCK && ind->kind != QTR_KIND_PERIOD_FLOW)
            return cfg_error(l, sec, "milestones", "milestones are for annual flows, period flows and stocks");
        if (last->year != l->plan->end_year && ind->kind == QTR_KIND_PERIOD_FLOW)
            return cfg_error(l, sec, "milestones", "a period flow's last milestone must be the horizon's last year %d",
                             l->plan->end_year);
    }
    if (isnan(ind->target) && !ind->relative)
        return cfg_error(l, sec, "target", "missing required key");
    if (ind->has_baseline && !ind->relative && ind->kind == QTR_KIND_FLOW)
        return cfg_error(l, sec, "baseline", "a flow has no baseline (only stocks and relative targets)");
    if ((st = parse_implied_path(l, sec, ind)) != QTR_OK || (st = parse_pace(l, sec, ind)) != QTR_OK)
        return st;
    char keybuf[16];
    const char *key = get(l, sec, "key", keybuf, sizeof keybuf);
    ind->key = key && (strcmp(key, "yes") == 0 || strcmp(key, "true") == 0 || strcmp(key, "1") == 0);
    return QTR_OK;
}

/* [series.ID] sections: input-only series for ratios and coverage. */
static qtr_status load_series_sections(loader *l)
{
    int nsec = iniparser_getnsec(l->d);
    for (int i = 0; i < nsec; i++) {
        const char *sec = iniparser_getsecname(l->d, i);
        if (!sec || strncmp(sec, "series.", 7) != 0)
            continue;
        const char *id = sec + 7;
        if (!valid_id(id))
            return cfg_error(l, sec, NULL, "'%s' is not a valid series id", id);
        qtr_series *s;
        qtr_status st = add_series(l->plan, &s);
        if (st != QTR_OK)
            return st;
        char buf[64];
        const char *kind = get(l, sec, "kind", buf, sizeof buf);
        if (!kind)
            return cfg_error(l, sec, "kind", "missing required key (flow or stock)");
        if (strcmp(kind, "stock") == 0)
            s->stock = 1;
        else if (strcmp(kind, "flow") != 0)
            return cfg_error(l, sec, "kind", "'%s' is not flow or stock", kind);
        if (!(s->id = qtr_strdup(id)))
            return QTR_ERR_NOMEM;
        if ((st = get_string(l, sec, "name", 0, id, &s->name)) != QTR_OK ||
            (st = load_series_fields(l, sec, s, 1)) != QTR_OK)
            return st;
    }
    return QTR_OK;
}

static qtr_status load_indicators(loader *l)
{
    qtr_plan *p = l->plan;
    char **ids;
    size_t n;
    qtr_status st = get_list(l, "plan", "indicators", NULL, &ids, &n);
    if (st != QTR_OK)
        return st;
    if (n == 0) {
        free_strv(ids, n);
        return cfg_error(l, "plan", "indicators", "missing required key (the indicator ids, in order)");
    }
    p->indicators = calloc(n, sizeof *p->indicators);
    if (!p->indicators) {
        free_strv(ids, n);
        return QTR_ERR_NOMEM;
    }
    for (size_t i = 0; i < n && st == QTR_OK; i++) {
        if (!valid_id(ids[i]))
            st = cfg_error(l, "plan", "indicators", "'%s' is not a valid id", ids[i]);
        else if (qtr_plan_find_indicator(p, ids[i]) >= 0)
            st = cfg_error(l, "plan", "indicators", "'%s' is listed twice", ids[i]);
        else {
            p->nindicators = i + 1;
            st = load_indicator(l, ids[i], &p->indicators[i]);
        }
    }
    free_strv(ids, n);
    if (st != QTR_OK)
        return st;
    for (size_t i = 0; i < p->nindicators; i++)
        p->indicators[i].year_end = p->indicators[i].kind == QTR_KIND_FLOW || p->start_year == p->end_year;
    /* every [indicator.X] section must be listed */
    int nsec = iniparser_getnsec(l->d);
    for (int i = 0; i < nsec; i++) {
        const char *sec = iniparser_getsecname(l->d, i);
        if (sec && strncmp(sec, "indicator.", 10) == 0 && qtr_plan_find_indicator(p, sec + 10) < 0)
            return cfg_error(l, sec, NULL, "section is not listed in [plan] indicators");
    }
    return QTR_OK;
}

/* No two series may claim the same header name: a column must map to one series. */
static qtr_status check_headers(loader *l)
{
    const qtr_plan *p = l->plan;
    for (size_t a = 0; a < p->nseries; a++)
        for (size_t i = 0; i < p->series[a].nheaders; i++)
            for (size_t b = a; b < p->nseries; b++)
                for (size_t j = (a == b ? i + 1 : 0); j < p->series[b].nheaders; j++)
                    if (strcmp(p->series[a].header_keys[i], p->series[b].header_keys[j]) == 0 &&
                        (a != b || strcmp(p->series[a].header_units[i], p->series[b].header_units[j]) == 0)) {
                        char sec[128];
                        snprintf(sec, sizeof sec, "indicator.%s", p->series[b].id);
                        return cfg_error(l, sec, "headers", "header '%s' also belongs to '%s'",
                                         p->series[b].headers[j], p->series[a].id);
                    }
    return QTR_OK;
}

/* [tasks] file = the task ledger (docs/config.md, [tasks]). Its own problems are reported at
 * the ledger's file, line and column. */
static qtr_status load_ledger(loader *l)
{
    char file[1024], path[4096];
    if (!get(l, "tasks", "file", file, sizeof file)) {
        if (qtr_ini_line(l->ix, "tasks", NULL) > 0)
            return cfg_error(l, "tasks", "file", "missing required key (the task ledger, a CSV file)");
        return QTR_OK;
    }
    config_relative(l, file, path, sizeof path);
    qtr_status st = qtr_ledger_load(path, &l->plan->ledger, l->err);
    return st == QTR_OK ? note_file(l, "ledger", path) : st;
}

/* [report] unit_files = auto | all | none (docs/config.md): whether the report includes each
 * unit's own PDF and workbook (districts/). */
static qtr_status load_unit_files(loader *l)
{
    char buf[64];
    const char *v = get(l, "report", "unit_files", buf, sizeof buf);
    if (!v || strcmp(v, "auto") == 0)
        l->plan->unit_files = l->plan->nunits <= QTR_UNIT_FILES_AUTO;
    else if (strcmp(v, "all") == 0 || strcmp(v, "none") == 0)
        l->plan->unit_files = v[0] == 'a';
    else
        return cfg_error(l, "report", "unit_files", "'%s' is not auto, all or none", v);
    return QTR_OK;
}

/* [units] targets_file = a CSV of the units' targets (utargets.c); then the units' targets of
 * each indicator against the region's. */
static qtr_status load_unit_targets(loader *l)
{
    char file[1024], path[4096];
    if (get(l, "units", "targets_file", file, sizeof file)) {
        config_relative(l, file, path, sizeof path);
        qtr_status st = qtr_utargets_load(l->plan, path, l->err);
        if (st == QTR_OK)
            st = note_file(l, "targets", path);
        if (st != QTR_OK)
            return st;
    }
    return qtr_utargets_check(l->plan);
}

/* ---------------------------------------------------------------- file checks */

static char ini_msg[512];

static int ini_errback(const char *fmt, ...)
{
    if (ini_msg[0])
        return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ini_msg, sizeof ini_msg, fmt, ap);
    va_end(ap);
    for (char *c = ini_msg; *c; c++)
        if (*c == '\n')
            *c = ' ';
    return 0;
}

/* iniparser's message with the temporary copy's name replaced by the config's own. */
static void name_config(char *msg, size_t size, const char *tmp, const char *path)
{
    char *at = tmp ? strstr(msg, tmp) : NULL;
    if (!at)
        return;
    char rest[512];
    snprintf(rest, sizeof rest, "%s", at + strlen(tmp));
    snprintf(at, size - (size_t)(at - msg), "%s%s", path, rest);
}

/* Checks what iniparser cannot report well — size, encoding, line length, and the structure
 * (syntax, sections and keys given twice, unknown keys: inicheck.c) with the config's own name
 * and lines — and strips a UTF-8 BOM into a temporary copy for iniparser (line numbers do not
 * change). *tmp_path is NULL or that copy, to unlink afterwards; *ix the structure. */
static qtr_status precheck(const char *path, char **tmp_path, qtr_ini_index **ix, qtr_error *err)
{
    char *data;
    size_t len;
    *tmp_path = NULL;
    *ix = NULL;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > MAX_INI_BYTES)
        /* English: the configuration file is N bytes, more than 16 MB */
        return qtr_error_set(err, QTR_ERR_CONFIG, path, 0, 0,
                             "配置文件有 %lld 字节，超过上限 16 MB（名单很长时用 [units] roster_file）",
                             (long long)sb.st_size);
    qtr_status st = qtr_read_file(path, &data, &len);
    if (st != QTR_OK)
        return qtr_error_set(err, st == QTR_ERR_NOMEM ? st : QTR_ERR_CONFIG, path, 0, 0,
                             "cannot read the configuration file");
    size_t skip = len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    size_t bad = qtr_utf8_invalid_offset(data + skip, len - skip);
    if (bad < len - skip || memchr(data, '\0', len)) {
        long line = 1;
        for (size_t i = 0; i < skip + bad && i < len; i++)
            line += data[i] == '\n';
        free(data);
        return qtr_error_set(err, QTR_ERR_CONFIG, path, line, 0,
                             "not valid UTF-8 (byte %zu); save the configuration as UTF-8",
                             skip + bad);
    }
    long line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || data[i] == '\n') {
            if (i - start > MAX_INI_LINE) {
                free(data);
                return qtr_error_set(err, QTR_ERR_CONFIG, path, line, 0,
                                     "line longer than %d bytes", MAX_INI_LINE);
            }
            line++;
            start = i + 1;
        }
    }
    if ((st = qtr_ini_check(path, data, len, ix, err)) != QTR_OK) {
        free(data);
        return st;
    }
    if (skip) {
        char tmpl[] = "/tmp/qtr-config-XXXXXX";
        int fd = mkstemp(tmpl);
        int ok = fd >= 0 && write(fd, data + 3, len - 3) == (ssize_t)(len - 3);
        if (fd >= 0 && close(fd) != 0)
            ok = 0;
        if (!ok) {
            if (fd >= 0)
                unlink(tmpl);
            free(data);
            qtr_ini_free(*ix);
            *ix = NULL;
            return qtr_error_set(err, QTR_ERR_WRITE, path, 0, 0, "cannot write a temporary copy");
        }
        *tmp_path = qtr_strdup(tmpl);
    }
    free(data);
    return QTR_OK;
}

qtr_status qtr_plan_load(const char *path, qtr_plan **out, qtr_error *err)
{
    *out = NULL;
    char *tmp = NULL;
    qtr_ini_index *ix;
    qtr_status st = precheck(path, &tmp, &ix, err);
    if (st != QTR_OK)
        return st;
    ini_msg[0] = '\0';
    iniparser_set_error_callback(ini_errback);
    dictionary *d = iniparser_load(tmp ? tmp : path);
    if (!d) /* not expected after precheck; never name the temporary copy */
        name_config(ini_msg, sizeof ini_msg, tmp, path);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    if (!d) {
        qtr_ini_free(ix);
        return qtr_error_set(err, QTR_ERR_CONFIG, path, 0, 0, "%s",
                             ini_msg[0] ? ini_msg : "cannot parse the configuration");
    }
    qtr_plan *p = calloc(1, sizeof *p);
    if (!p) {
        iniparser_freedict(d);
        qtr_ini_free(ix);
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    p->ini = d;
    p->path = qtr_strdup(path);
    loader l = {p, d, err, path, ix};
    st = p->path ? load_plan_section(&l) : QTR_ERR_NOMEM;
    if (st == QTR_OK)
        st = load_units(&l);
    if (st == QTR_OK)
        st = load_series_sections(&l);
    if (st == QTR_OK)
        st = load_indicators(&l);
    if (st == QTR_OK)
        st = check_headers(&l);
    if (st == QTR_OK)
        st = load_ledger(&l);
    if (st == QTR_OK)
        st = load_unit_targets(&l);
    if (st == QTR_OK)
        st = load_unit_files(&l);
    qtr_ini_free(ix);
    if (st != QTR_OK) {
        if (st == QTR_ERR_NOMEM)
            qtr_error_set(err, st, path, 0, 0, "out of memory");
        qtr_plan_free(p);
        return st;
    }
    *out = p;
    return QTR_OK;
}

static void free_series(qtr_series *s)
{
    free(s->id);
    free(s->name);
    free(s->unit);
    free_strv(s->header_keys, s->header_keys ? s->nheaders : 0);
    free_strv(s->header_units, s->header_units ? s->nheaders : 0);
    free_strv(s->headers, s->nheaders);
}

void qtr_plan_free(qtr_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nunits; i++) {
        free(p->units[i].name);
        free_strv(p->units[i].aliases, p->units[i].naliases);
    }
    free(p->units);
    for (size_t i = 0; i < p->nunit_index; i++)
        free(p->unit_index[i].key);
    free(p->unit_index);
    for (size_t i = 0; i < p->nseries; i++)
        free_series(&p->series[i]);
    free(p->series);
    for (size_t i = 0; i < p->nindicators; i++) {
        qtr_indicator *ind = &p->indicators[i];
        free(ind->id);
        free(ind->name);
        free(ind->unit);
        free(ind->milestones);
        free(ind->unit_targets);
    }
    free(p->indicators);
    free_strv(p->period_headers, p->nperiod_headers);
    free_strv(p->unit_headers, p->nunit_headers);
    free_strv(p->total_names, p->ntotal_names);
    free_strv(p->total_keys, p->ntotal_keys);
    free(p->path);
    free(p->id);
    free(p->name);
    free(p->region);
    free(p->total_name);
    qtr_ledger_free(p->ledger);
    for (size_t i = 0; i < p->nfiles; i++)
        free(p->files[i].path);
    qtr_strlist_free(&p->warnings);
    if (p->ini)
        iniparser_freedict(p->ini);
    free(p);
}

/* ---------------------------------------------------------------- lookups */


static long find_key(const qtr_plan *p, const char *key)
{
    size_t lo = 0, hi = p->nunit_index;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, p->unit_index[mid].key);
        if (c == 0)
            return p->unit_index[mid].unit;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static int key_is_total(const qtr_plan *p, const char *key)
{
    for (size_t i = 0; i < p->ntotal_keys; i++)
        if (strcmp(key, p->total_keys[i]) == 0)
            return 1;
    return 0;
}

/* Normalises text into stack (or a malloc'ed buffer, returned for free) */
static char *normalized(const char *text, size_t n, char *stack, size_t size)
{
    char *key = n < size ? stack : malloc(n + 1);
    if (key)
        qtr_normalize_key(text, n, key);
    return key;
}

long qtr_plan_classify_unit(const qtr_plan *p, const char *text, size_t n, int *is_total)
{
    char stack[256];
    char *key = normalized(text, n, stack, sizeof stack);
    *is_total = 0;
    if (!key)
        return -1;
    long found = -1;
    if (key_is_total(p, key))
        *is_total = 1;
    else
        found = find_key(p, key);
    if (key != stack)
        free(key);
    return found;
}

long qtr_plan_find_unit(const qtr_plan *p, const char *text, size_t n)
{
    char stack[256];
    char *key = normalized(text, n, stack, sizeof stack);
    if (!key)
        return -1;
    long found = find_key(p, key);
    if (key != stack)
        free(key);
    return found;
}

/* One name found in a folder or file name: its unit and where it is written. */
typedef struct {
    long unit;
    size_t from, to; /* bytes of the normalised name */
} name_hit;

static int latin_or_digit(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
}

/* Fills hits (room for max) with the units named in one normalised path component k (n
 * bytes): every run of whole characters, longest first, up to the longest key's length.
 * Returns how many (max: perhaps more). */
static size_t names_in(const qtr_plan *p, const char *k, size_t n, size_t longest, name_hit *hits,
                       size_t max)
{
    char key[QTR_NAME_UNIT_MAX + 1];
    size_t nhits = 0;
    for (size_t from = 0; from < n; from++) {
        if (((unsigned char)k[from] & 0xC0) == 0x80)
            continue;
        for (size_t to = n - from > longest ? from + longest : n; to > from; to--) {
            if (to < n && ((unsigned char)k[to] & 0xC0) == 0x80)
                continue;
            size_t chars = 0, latin = 1;
            for (size_t i = from; i < to; i++) {
                chars += ((unsigned char)k[i] & 0xC0) != 0x80;
                latin &= (unsigned char)k[i] < 0x80;
            }
            if (chars < 2) /* one character tells nothing: "区", "a" */
                continue;
            /* a Latin name stands apart: "gx" is not in "gxq" */
            if (latin && ((from > 0 && latin_or_digit((unsigned char)k[from - 1])) ||
                          (to < n && latin_or_digit((unsigned char)k[to]))))
                continue;
            memcpy(key, k + from, to - from);
            key[to - from] = '\0';
            long u = find_key(p, key);
            if (u < 0)
                continue;
            if (nhits == max)
                return nhits;
            hits[nhits++] = (name_hit){u, from, to};
        }
    }
    return nhits;
}

long qtr_plan_unit_in_path(const qtr_plan *p, const char *path)
{
    size_t longest = p->unit_key_longest;
    if (longest > QTR_NAME_UNIT_MAX)
        longest = QTR_NAME_UNIT_MAX;
    long found = -1;
    for (const char *c = path; *c;) {
        size_t n = strcspn(c, "/");
        if (n > QTR_NAME_UNIT_MAX)
            return -1;
        char k[QTR_NAME_UNIT_MAX + 1];
        name_hit hits[64];
        size_t nhits = names_in(p, k, qtr_normalize_key(c, n, k), longest, hits, sizeof hits / sizeof hits[0]);
        for (size_t i = 0; i < nhits; i++) {
            int inside = 0; /* written within another name found here */
            for (size_t j = 0; j < nhits && !inside; j++)
                inside = j != i && hits[j].from <= hits[i].from && hits[i].to <= hits[j].to &&
                         hits[j].to - hits[j].from > hits[i].to - hits[i].from;
            if (inside)
                continue;
            if (found >= 0 && found != hits[i].unit)
                return -1;
            found = hits[i].unit;
        }
        if (nhits == sizeof hits / sizeof hits[0])
            return -1; /* too many to tell */
        c += n;
        while (*c == '/')
            c++;
    }
    return found;
}

int qtr_plan_is_total(const qtr_plan *p, const char *text, size_t n)
{
    char stack[256];
    char *key = normalized(text, n, stack, sizeof stack);
    if (!key)
        return 0;
    int total = key_is_total(p, key);
    if (key != stack)
        free(key);
    return total;
}

long qtr_plan_find_series(const qtr_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nseries; i++)
        if (strcmp(p->series[i].id, id) == 0)
            return (long)i;
    return -1;
}

long qtr_plan_find_indicator(const qtr_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nindicators; i++)
        if (p->indicators[i].id && strcmp(p->indicators[i].id, id) == 0)
            return (long)i;
    return -1;
}

const char *qtr_plan_setting(const qtr_plan *p, const char *section, const char *key)
{
    char full[300];
    snprintf(full, sizeof full, "%s:%s", section, key);
    const char *v = iniparser_getstring(p->ini, full, NULL);
    return v && *v ? v : NULL;
}

qtr_period qtr_plan_base_period(const qtr_plan *p)
{
    return qtr_period_make(p->start_year - 1, 4);
}

/* Removes "." and ".." components and repeated '/' of an absolute path, in place. */
static void normalize_path(char *path)
{
    char *out = path, *in = path;
    while (*in) {
        while (*in == '/')
            in++;
        char *end = in + strcspn(in, "/");
        size_t n = (size_t)(end - in);
        if (n == 1 && in[0] == '.') {
            /* skip */
        } else if (n == 2 && in[0] == '.' && in[1] == '.') {
            while (out > path && *--out != '/')
                ;
        } else if (n > 0) {
            *out++ = '/';
            memmove(out, in, n);
            out += n;
        }
        in = end;
    }
    if (out == path)
        *out++ = '/';
    *out = '\0';
}

int qtr_plan_run_dir(const qtr_plan *p, const char *key, char *buf, size_t size)
{
    const char *v = qtr_plan_setting(p, "run", key);
    if (!v)
        return 1;
    char cwd[4096] = "";
    if (v[0] != '/' && p->path[0] != '/' && !getcwd(cwd, sizeof cwd))
        return -1;
    const char *slash = strrchr(p->path, '/');
    int dir_len = slash ? (int)(slash - p->path) : 0;
    int n = v[0] == '/' ? snprintf(buf, size, "%s", v)
            : p->path[0] == '/' ? snprintf(buf, size, "%.*s/%s", dir_len, p->path, v)
                                : snprintf(buf, size, "%s/%.*s/%s", cwd, dir_len, p->path, v);
    if (n < 0 || (size_t)n >= size)
        return -1;
    normalize_path(buf);
    return 0;
}

double qtr_plan_year_target(const qtr_indicator *ind, int year)
{
    if (ind->kind != QTR_KIND_FLOW || ind->nmilestones == 0)
        return ind->target;
    const qtr_milestone *m = ind->milestones;
    if (year < m[0].year)
        return NAN; /* before the first milestone the plan sets no target for the year */
    if (year == m[0].year)
        return m[0].value;
    for (size_t i = 1; i < ind->nmilestones; i++)
        if (year <= m[i].year)
            return m[i - 1].value + (m[i].value - m[i - 1].value) * (year - m[i - 1].year) /
                                        (double)(m[i].year - m[i - 1].year);
    return m[ind->nmilestones - 1].value;
}

const char *qtr_kind_name(qtr_kind kind)
{
    switch (kind) {
    case QTR_KIND_FLOW: return "flow";
    case QTR_KIND_STOCK: return "stock";
    case QTR_KIND_PERIOD_FLOW: return "period_flow";
    case QTR_KIND_RATIO: return "ratio";
    case QTR_KIND_COVERAGE: return "coverage";
    }
    return "flow";
}
