/* scan.c — recursive listing of input CSV files. */
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_DEPTH 16

static int is_csv(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

static qtr_status walk(const char *root, const char *rel, int depth, qtr_strlist *out, qtr_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    if (depth > MAX_DEPTH)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "folders nested too deep (symlink loop?)");
    DIR *d = opendir(path);
    if (!d)
        return qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot open the input folder: %s",
                             strerror(errno));
    qtr_status st = QTR_OK;
    struct dirent *e;
    errno = 0;
    while (st == QTR_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096], full[8192];
        if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name) >= sizeof sub ||
            (size_t)snprintf(full, sizeof full, "%s/%s", root, sub) >= sizeof full) {
            st = qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "path too long under this folder");
            break;
        }
        struct stat sb;
        if (stat(full, &sb) != 0) {
            if (is_csv(e->d_name)) /* a dangling link or a file that vanished: ingest reports it */
                st = qtr_strlist_add(out, sub, strlen(sub));
            errno = 0; /* readdir reports its own errors through errno */
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            st = walk(root, sub, depth + 1, out, err);
        else if (S_ISREG(sb.st_mode) && is_csv(e->d_name))
            st = qtr_strlist_add(out, sub, strlen(sub));
        errno = 0;
    }
    if (st == QTR_OK && errno != 0)
        st = qtr_error_set(err, QTR_ERR_OPEN, path, 0, 0, "cannot read the folder: %s", strerror(errno));
    closedir(d);
    if (st == QTR_ERR_NOMEM)
        qtr_error_set(err, st, path, 0, 0, "out of memory");
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

qtr_status qtr_scan_inputs(const char *dir, qtr_strlist *out, qtr_error *err)
{
    size_t before = out->count;
    qtr_status st = walk(dir, "", 0, out, err);
    if (st == QTR_OK)
        if (out->count - before > 1)
            qsort(out->items + before, out->count - before, sizeof *out->items, cmp_str);
    return st;
}
