/* scan.c — recursive listing of the input CSV files and of what is not read (see scan.h). */
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#define MAX_DEPTH 16

typedef struct {
    unsigned long long dev, ino;
    char *rel;           /* where it was first entered */
} seen_dir;

typedef struct {
    const char *root;
    char *root_real;     /* realpath of the input folder: links must stay under it */
    qtr_scan_list *out;
    seen_dir *seen;      /* folders entered so far */
    size_t nseen, seen_cap;
    struct { unsigned long long dev, ino; } skip[8];
    size_t nskip;
    int skip_root;       /* a skip folder is the input folder itself */
    qtr_error *err;
} walker;

static int is_csv(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

/* ".~lock.NAME.csv#": LibreOffice (and WPS on Linux) while NAME.csv is open */
static int is_office_lock(const char *name)
{
    size_t n = strlen(name);
    return n > 8 + 4 && strncmp(name, ".~lock.", 7) == 0 && name[n - 1] == '#' &&
           strncasecmp(name + n - 5, ".csv", 4) == 0;
}

static qtr_status add_entry(walker *w, const char *rel, qtr_scan_kind kind, const char *code,
                            const char *reason, const struct stat *sb)
{
    qtr_scan_list *l = w->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        qtr_scan_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return QTR_ERR_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    qtr_scan_entry *e = &l->v[l->n];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->code = code;
    e->rel = qtr_strdup(rel);
    e->reason = reason ? qtr_strdup(reason) : NULL;
    if (!e->rel || (reason && !e->reason)) {
        free(e->rel);
        free(e->reason);
        return QTR_ERR_NOMEM;
    }
    if (sb) {
        e->dev = (unsigned long long)sb->st_dev;
        e->ino = (unsigned long long)sb->st_ino;
    }
    l->n++;
    l->nfiles += kind == QTR_SCAN_FILE;
    return QTR_OK;
}

static qtr_status finding(walker *w, const char *rel, qtr_scan_kind kind, const char *code,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static qtr_status finding(walker *w, const char *rel, qtr_scan_kind kind, const char *code,
                          const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    qtr_utf8_fix_tail(msg);
    return add_entry(w, rel, kind, code, msg, NULL);
}

const char *qtr_scan_errno_text(int errnum)
{
    switch (errnum) {
    case EACCES:
    case EPERM:
        return "没有读取权限";
    case ENOENT:
        return "文件不存在，或是失效的链接";
    case ELOOP:
        return "链接循环";
    case EIO:
        return "读盘出错";
    case ENAMETOOLONG:
        return "路径过长";
    case EISDIR:
        return "这是文件夹";
    default:
        return strerror(errnum);
    }
}

static int is_skip(const walker *w, const struct stat *sb)
{
    for (size_t i = 0; i < w->nskip; i++)
        if (w->skip[i].dev == (unsigned long long)sb->st_dev &&
            w->skip[i].ino == (unsigned long long)sb->st_ino)
            return 1;
    return 0;
}

static const seen_dir *seen_before(const walker *w, const struct stat *sb)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == (unsigned long long)sb->st_dev &&
            w->seen[i].ino == (unsigned long long)sb->st_ino)
            return &w->seen[i];
    return NULL;
}

static qtr_status remember(walker *w, const struct stat *sb, const char *rel)
{
    if (w->nseen == w->seen_cap) {
        size_t cap = w->seen_cap ? w->seen_cap * 2 : 16;
        seen_dir *s = realloc(w->seen, cap * sizeof *s);
        if (!s)
            return QTR_ERR_NOMEM;
        w->seen = s;
        w->seen_cap = cap;
    }
    if (!(w->seen[w->nseen].rel = qtr_strdup(rel)))
        return QTR_ERR_NOMEM;
    w->seen[w->nseen].dev = (unsigned long long)sb->st_dev;
    w->seen[w->nseen].ino = (unsigned long long)sb->st_ino;
    w->nseen++;
    return QTR_OK;
}

/* 1 when <path>/template/ holds a fill-in template that run.sh --template wrote
 * (<plan-id>-<YYYYQn>-填报模板.csv): its empty rows are no input. */
static int holds_template(const char *path)
{
    char t[PATH_MAX];
    if ((size_t)snprintf(t, sizeof t, "%s/template", path) >= sizeof t)
        return 0;
    DIR *d = opendir(t);
    if (!d)
        return 0;
    static const char suffix[] = "-填报模板.csv";
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), k = strlen(suffix);
        found = n > k && strcmp(e->d_name + n - k, suffix) == 0;
    }
    closedir(d);
    return found;
}

/* A folder <path> holding a published report: a subfolder named YYYYQn with a manifest.json
 * (what qtr-publish leaves in <output>/<plan-id>/). */
static int holds_reports(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strcmp(n, "template") == 0) { /* run.sh --template's folder: empty fill-in forms */
            found = holds_template(path);
            continue;
        }
        if (strlen(n) != 6 || n[4] != 'Q' || n[5] < '1' || n[5] > '4' ||
            strspn(n, "0123456789") != 4)
            continue;
        char m[PATH_MAX];
        struct stat sb;
        if ((size_t)snprintf(m, sizeof m, "%s/%s/manifest.json", path, n) < sizeof m &&
            stat(m, &sb) == 0 && S_ISREG(sb.st_mode))
            found = 1;
    }
    closedir(d);
    return found;
}

/* 1 when real (an absolute, resolved path) is the input folder or lies under it. */
static int inside(const walker *w, const char *real)
{
    size_t n = strlen(w->root_real);
    if (n == 1) /* the input folder is "/" */
        return 1;
    return strncmp(real, w->root_real, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder path, sorted (so that which of two ways to one folder is taken does not
 * depend on the order of readdir). *read_errno: 0, or why the listing stopped early. */
static qtr_status list_names(DIR *d, qtr_strlist *names, int *read_errno)
{
    struct dirent *e;
    *read_errno = 0;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            qtr_strlist_add(names, e->d_name, strlen(e->d_name)) != QTR_OK)
            return QTR_ERR_NOMEM;
        errno = 0;
    }
    *read_errno = errno;
    if (names->count > 1)
        qsort(names->items, names->count, sizeof *names->items, cmp_str);
    return QTR_OK;
}

static qtr_status walk(walker *w, const char *rel, int depth, const struct stat *self);

/* One entry of a folder: rel is its path relative to the input folder. */
static qtr_status entry(walker *w, const char *name, const char *rel, int depth)
{
    char full[PATH_MAX];
    if ((size_t)snprintf(full, sizeof full, "%s/%s", w->root, rel) >= sizeof full)
        /* English: path too long; not read */
        return finding(w, rel, QTR_SCAN_ERROR, "path_too_long", "路径过长：未读取；请缩短文件夹或文件名");
    if (name[0] == '.') {
        if (is_office_lock(name))
            /* English: a LibreOffice/WPS lock file: someone is editing NAME; skipped */
            return finding(w, rel, QTR_SCAN_WARNING, "lock_file",
                           "LibreOffice/WPS 的锁定文件（有人正在编辑 %.*s）：已跳过，不是数据",
                           (int)(strlen(name) - 8), name + 7);
        return QTR_OK; /* hidden: .staging-*, .lock of a run in progress, editors' files */
    }
    if (name[0] == '~' && name[1] == '$' && is_csv(name))
        /* English: Excel's owner file (someone has the file open); skipped, not data */
        return finding(w, rel, QTR_SCAN_WARNING, "lock_file",
                       "Excel 的临时所有者文件（有人正在 Excel 中打开这个表）：已跳过，不是数据");
    struct stat sb;
    if (lstat(full, &sb) != 0) {
        if (is_csv(name)) /* vanished since the folder was listed */
            return finding(w, rel, QTR_SCAN_ERROR, "file_unreadable",
                           "无法读取文件（%s）：未读入；请检查文件权限，或重新拷入这个文件",
                           qtr_scan_errno_text(errno));
        return QTR_OK;
    }
    int link = S_ISLNK(sb.st_mode);
    if (link) {
        char *real = realpath(full, NULL);
        if (!real) {
            int e = errno;
            if (e == ELOOP)
                /* English: a symbolic link that loops; not followed */
                return finding(w, rel, QTR_SCAN_ERROR, "link_loop", "符号链接无法解析（链接循环）：未读取");
            if (e == ENOMEM)
                return QTR_ERR_NOMEM;
            if (!is_csv(name))
                return QTR_OK; /* a dangling link of another name would not be read anyway */
            /* a dangling link: like a file that vanished */
            return finding(w, rel, QTR_SCAN_ERROR, "file_unreadable",
                           "无法读取文件（%s）：未读入；请检查文件权限，或重新拷入这个文件",
                           qtr_scan_errno_text(e));
        }
        int in = inside(w, real);
        free(real);
        if (stat(full, &sb) != 0) /* the target itself, now known to be reachable */
            return is_csv(name) ? finding(w, rel, QTR_SCAN_ERROR, "file_unreadable",
                           "无法读取文件（%s）：未读入；请检查文件权限，或重新拷入这个文件",
                                          qtr_scan_errno_text(errno))
                                : QTR_OK;
        if (!in) {
            if (!S_ISDIR(sb.st_mode) && !is_csv(name))
                return QTR_OK;
            /* English: the symbolic link leads outside the input folder; not read (only files
             * inside the input folder are read) */
            return finding(w, rel, QTR_SCAN_ERROR, "link_outside",
                           "符号链接指向输入文件夹之外：未读取（只读取输入文件夹内的文件）");
        }
    }
    if (S_ISDIR(sb.st_mode)) {
        if (is_skip(w, &sb))
            /* English: the output folder lies inside the input folder: skipped, qtr never
             * reads its own reports as input */
            return finding(w, rel, QTR_SCAN_WARNING, "output_folder_skipped",
                           "这是输出文件夹（位于输入文件夹之内）：已跳过，qtr 不把自己发布的报告当作输入");
        if (w->skip_root && depth == 0 && !link && holds_reports(full))
            /* English: a published report (the output folder is the input folder): skipped */
            return finding(w, rel, QTR_SCAN_WARNING, "published_report_skipped",
                           "已发布的报告（输出文件夹与输入文件夹相同）：已跳过，qtr 不把自己发布的报告当作输入");
        const seen_dir *s = seen_before(w, &sb);
        if (s) {
            if (s->rel[0] && strncmp(rel, s->rel, strlen(s->rel)) == 0 && rel[strlen(s->rel)] == '/')
                /* English: a symbolic link back to a folder that contains it (a loop) */
                return finding(w, rel, QTR_SCAN_ERROR, "link_loop", "符号链接指回它所在的上级文件夹（循环）：未进入");
            if (!s->rel[0])
                return finding(w, rel, QTR_SCAN_ERROR, "link_loop", "符号链接指回输入文件夹本身（循环）：未进入");
            /* English: the same folder as REL (reached through a symbolic link): read once */
            char *shown = qtr_excerpt(s->rel, strlen(s->rel), 200);
            qtr_status st = finding(w, rel, QTR_SCAN_WARNING, "same_folder_twice", "与「%s」是同一个文件夹（经符号链接到达）：只读一次",
                                    shown ? shown : "");
            free(shown);
            return st;
        }
        if (depth + 1 > MAX_DEPTH)
            /* English: folders nested deeper than 16 levels; not read */
            return finding(w, rel, QTR_SCAN_ERROR, "folder_too_deep", "文件夹嵌套超过 %d 层：未读取；请把文件放到较浅的文件夹中", MAX_DEPTH);
        return walk(w, rel, depth + 1, &sb);
    }
    if (!is_csv(name))
        return QTR_OK;
    if (!S_ISREG(sb.st_mode))
        /* English: not a regular file (a pipe, a socket, a device); not read */
        return finding(w, rel, QTR_SCAN_ERROR, "not_a_file", "不是普通文件（可能是管道或设备）：未读取");
    return add_entry(w, rel, QTR_SCAN_FILE, NULL, NULL, &sb);
}

/* A folder: rel "" is the input folder itself (whose failures are the caller's). */
static qtr_status walk(walker *w, const char *rel, int depth, const struct stat *self)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s%s%s", w->root, rel[0] ? "/" : "", rel) >= sizeof path)
        return finding(w, rel, QTR_SCAN_ERROR, "path_too_long", "路径过长：未读取；请缩短文件夹或文件名");
    qtr_status st = remember(w, self, rel);
    if (st != QTR_OK)
        return st;
    DIR *d = opendir(path);
    if (!d) {
        if (!rel[0])
            return qtr_error_set(w->err, QTR_ERR_OPEN, path, 0, 0, "cannot open the input folder: %s",
                                 strerror(errno));
        /* English: cannot open the folder (reason): its files are not read */
        return finding(w, rel, QTR_SCAN_ERROR, "folder_unreadable", "无法打开文件夹（%s）：其中的文件未读取；请检查文件夹权限",
                       qtr_scan_errno_text(errno));
    }
    qtr_strlist names = {0};
    int read_errno;
    st = list_names(d, &names, &read_errno);
    closedir(d);
    if (st == QTR_OK && read_errno) {
        if (!rel[0])
            st = qtr_error_set(w->err, QTR_ERR_OPEN, path, 0, 0, "cannot read the folder: %s",
                               strerror(read_errno));
        else /* English: the folder could not be read to its end: some files are not read */
            st = finding(w, rel, QTR_SCAN_ERROR, "folder_unreadable", "无法读完文件夹（%s）：其中部分文件未读取",
                         qtr_scan_errno_text(read_errno));
    }
    for (size_t i = 0; i < names.count && st == QTR_OK; i++) {
        char sub[PATH_MAX];
        if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", names.items[i]) >= sizeof sub)
            st = finding(w, rel, QTR_SCAN_ERROR, "path_too_long", "路径过长：其中的文件未读取；请缩短文件夹或文件名");
        else
            st = entry(w, names.items[i], sub, depth);
    }
    qtr_strlist_free(&names);
    return st;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const qtr_scan_entry *)a)->rel, ((const qtr_scan_entry *)b)->rel);
}

qtr_status qtr_scan(const char *dir, const char *const *skip, size_t nskip, qtr_scan_list *out,
                    qtr_error *err)
{
    memset(out, 0, sizeof *out);
    walker w = {0};
    w.root = dir;
    w.out = out;
    w.err = err;
    struct stat root;
    if (stat(dir, &root) != 0 || !(w.root_real = realpath(dir, NULL)))
        return qtr_error_set(err, QTR_ERR_OPEN, dir, 0, 0, "cannot open the input folder: %s",
                             strerror(errno));
    if (!S_ISDIR(root.st_mode)) {
        free(w.root_real);
        return qtr_error_set(err, QTR_ERR_OPEN, dir, 0, 0, "cannot open the input folder: %s",
                             strerror(ENOTDIR));
    }
    for (size_t i = 0; i < nskip && w.nskip < sizeof w.skip / sizeof w.skip[0]; i++) {
        struct stat sb;
        if (stat(skip[i], &sb) != 0 || !S_ISDIR(sb.st_mode))
            continue;
        if (sb.st_dev == root.st_dev && sb.st_ino == root.st_ino) {
            w.skip_root = 1;
            continue;
        }
        w.skip[w.nskip].dev = (unsigned long long)sb.st_dev;
        w.skip[w.nskip].ino = (unsigned long long)sb.st_ino;
        w.nskip++;
    }
    qtr_status st = walk(&w, "", 0, &root);
    for (size_t i = 0; i < w.nseen; i++)
        free(w.seen[i].rel);
    free(w.seen);
    free(w.root_real);
    if (st == QTR_OK && out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_entry);
    if (st == QTR_ERR_NOMEM)
        qtr_error_set(err, st, dir, 0, 0, "out of memory");
    if (st != QTR_OK)
        qtr_scan_free(out);
    return st;
}

void qtr_scan_free(qtr_scan_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->v[i].rel);
        free(list->v[i].reason);
    }
    free(list->v);
    memset(list, 0, sizeof *list);
}
