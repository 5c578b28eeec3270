/* status.c — messages and exit codes for qtr_status, and the error record helpers. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *qtr_strerror(qtr_status status)
{
    switch (status) {
    case QTR_OK: return "success";
    case QTR_ERR_NOMEM: return "out of memory";
    case QTR_ERR_OPEN: return "cannot open";
    case QTR_ERR_WRITE: return "write failed";
    case QTR_ERR_CREATE: return "cannot create output";
    case QTR_ERR_CONFIG: return "invalid configuration";
    case QTR_ERR_DECODE: return "cannot decode";
    case QTR_ERR_PARSE: return "malformed input";
    case QTR_ERR_NODATA: return "no data for the requested quarter";
    case QTR_ERR_USAGE: return "bad usage";
    case QTR_ERR_LIMIT: return "size limit exceeded";
    }
    return "unknown status";
}

int qtr_exit_code(qtr_status status)
{
    switch (status) {
    case QTR_OK: return 0;
    case QTR_ERR_USAGE: return 64;
    case QTR_ERR_NODATA: return 65;
    case QTR_ERR_PARSE: return 65;
    case QTR_ERR_DECODE: return 65;
    case QTR_ERR_LIMIT: return 65;
    case QTR_ERR_OPEN: return 66;
    case QTR_ERR_NOMEM: return 71;
    case QTR_ERR_CREATE: return 73;
    case QTR_ERR_WRITE: return 74;
    case QTR_ERR_CONFIG: return 78;
    }
    return 70;
}

static void copy_str(char *dst, size_t size, const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

qtr_status qtr_error_set(qtr_error *err, qtr_status status, const char *file, long line,
                         long column, const char *fmt, ...)
{
    if (!err)
        return status;
    memset(err, 0, sizeof *err);
    err->status = status;
    copy_str(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

void qtr_error_format(const qtr_error *err, char *buf, size_t size)
{
    char loc[700] = "";
    if (err->file[0]) {
        if (err->line > 0 && err->column > 0)
            snprintf(loc, sizeof loc, "%s:%ld:%ld: ", err->file, err->line, err->column);
        else if (err->line > 0)
            snprintf(loc, sizeof loc, "%s:%ld: ", err->file, err->line);
        else
            snprintf(loc, sizeof loc, "%s: ", err->file);
    }
    if (err->section[0] && err->key[0])
        snprintf(buf, size, "%s[%s] %s: %s", loc, err->section, err->key, err->message);
    else if (err->section[0])
        snprintf(buf, size, "%s[%s]: %s", loc, err->section, err->message);
    else
        snprintf(buf, size, "%s%s", loc, err->message);
}
