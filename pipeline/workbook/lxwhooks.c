/* lxwhooks.c — three things the workbook stage changes in libxlsxwriter's calls to libraries
 * below it, by defining the called function itself (the dynamic linker binds the library's
 * call to the executable's definition first; the Makefile exports the symbols; each forwards
 * to the real one found with dlsym(RTLD_NEXT)).
 *
 * 1. A performance device: the compression level of the workbook's zip members. libxlsxwriter
 * 1.1.4 deflates every part of the .xlsx at zlib's default level (6) and has no option to
 * change it. For a big workbook that is nearly half of the stage's time (50 MB of sheet XML,
 * 0.64 s at level 6, 0.14 s at level 1 for a file 23% larger; 14% of the whole job at 3,000
 * units x 10 years, bench/devices.md; make bench-devices builds without it, QTR_PLAIN_DEFLATE). So the
 * stage defines zlib's deflateInit2_ itself: the dynamic linker binds minizip's call to this
 * definition (the executable comes first in the lookup order; the Makefile exports the
 * symbol), which forwards to zlib's with the level chosen here in place of the default.
 *
 * Only Z_DEFAULT_COMPRESSION is replaced, and only after qtr_wb_set_deflate_level: small
 * workbooks are written exactly as before. If the interposition does not take (a static
 * zlib, another linker), the workbook is the same, only slower: correctness never depends on
 * it. tests/e2e/workbook.sh checks that it takes (a big 数据 sheet compresses to exactly
 * zlib's level-1 size).
 *
 * 2. Failed writes to libxlsxwriter's temporary files. It writes every part of the workbook
 * (and, in constant-memory mode, every row) to a temporary file, never checks those writes,
 * and copies each file into the archive after rewind(), which clears the stream's error
 * indicator: a full disk or a file-size limit gave a damaged workbook and success. Its
 * rewind() comes here first, which notes a stream in error before the indicator is lost;
 * qtr_wb_io_failed() tells the stage. zipcheck.c reads the archive back as a second check.
 *
 * 3. A performance device: where those temporary files live. libxlsxwriter writes each part
 * of a workbook (11 for a district's, 34 for the report's) to a new file in the folder of the
 * output (created, unlinked, written, rewound, read back, closed: a dozen system calls and a
 * directory entry each), then copies it into the zip. After qtr_wb_set_memory_tmpfiles(1) its
 * lxw_tmpfile (called through the library's PLT, so this definition is the one bound) returns
 * a stream kept in memory instead (fopencookie): same bytes in the archive, no file system.
 * Only for workbooks held in memory anyway (the districts' and the report's below
 * QTR_WB_BIG_ROWS facts, whose parts are a few MB at most); a constant-memory workbook keeps
 * its files on disk, so that its rows never stay in memory. A failed growth of a memory
 * stream is a failed write, noticed at rewind() like any other.
 */
#include "workbook.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>

static int deflate_level = Z_DEFAULT_COMPRESSION;

void qtr_wb_set_deflate_level(int level)
{
#ifdef QTR_PLAIN_DEFLATE /* make bench-devices: what the level buys (bench/devices.md) */
    (void)level;
#else
    deflate_level = level >= 0 && level <= 9 ? level : Z_DEFAULT_COMPRESSION;
#endif
}

typedef int (*deflate_init_fn)(z_streamp, int, int, int, int, int, const char *, int);

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size);

int deflateInit2_(z_streamp strm, int level, int method, int window_bits, int mem_level,
                  int strategy, const char *version, int stream_size)
{
    static deflate_init_fn real;
    if (!real) {
        /* the next definition after this executable's: zlib's (a data pointer from dlsym
         * converted to a function pointer, as POSIX allows) */
        void *sym = dlsym(RTLD_NEXT, "deflateInit2_");
        if (!sym)
            return Z_VERSION_ERROR; /* no zlib: minizip reports the failure */
        *(void **)&real = sym;
    }
    if (level == Z_DEFAULT_COMPRESSION)
        level = deflate_level;
    return real(strm, level, method, window_bits, mem_level, strategy, version, stream_size);
}

/* ---------------------------------------------------------------- temporary-file errors */

static int io_failed;

void qtr_wb_io_reset(void)
{
    io_failed = 0;
}

int qtr_wb_io_failed(void)
{
    return io_failed;
}

void rewind(FILE *f);

void rewind(FILE *f)
{
    static void (*real)(FILE *);
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "rewind");
        if (!sym) { /* cannot happen with a C library; fall back on what rewind does */
            if (ferror(f))
                io_failed = 1;
            (void)fseek(f, 0L, SEEK_SET);
            clearerr(f);
            return;
        }
        *(void **)&real = sym;
    }
    if (ferror(f))
        io_failed = 1;
    real(f);
}

/* ---------------------------------------------------------------- temporary files in memory */

static int memory_tmpfiles;

void qtr_wb_set_memory_tmpfiles(int on)
{
#ifdef QTR_PLAIN_TMPFILES /* make bench-devices: what the memory streams buy */
    (void)on;
#else
    memory_tmpfiles = on;
#endif
}

typedef struct {
    char *buf;
    size_t len, cap, pos;
} memfile;

static ssize_t mem_read(void *cookie, char *out, size_t n)
{
    memfile *m = cookie;
    size_t left = m->pos < m->len ? m->len - m->pos : 0;
    if (n > left)
        n = left;
    memcpy(out, m->buf + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static ssize_t mem_write(void *cookie, const char *in, size_t n)
{
    memfile *m = cookie;
    if (n > SIZE_MAX / 2 - m->pos)
        return -1;
    size_t end = m->pos + n;
    if (end > m->cap) {
        size_t cap = m->cap ? m->cap : 16384;
        while (cap < end)
            cap *= 2;
        char *b = realloc(m->buf, cap);
        if (!b)
            return -1; /* the stream's error indicator: rewind() notes it */
        m->buf = b;
        m->cap = cap;
    }
    if (m->pos > m->len) /* a seek past the end leaves a hole of zeros, as in a file */
        memset(m->buf + m->len, 0, m->pos - m->len);
    memcpy(m->buf + m->pos, in, n);
    m->pos = end;
    if (end > m->len)
        m->len = end;
    return (ssize_t)n;
}

static int mem_seek(void *cookie, off64_t *off, int whence)
{
    memfile *m = cookie;
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
        return -1;
    off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)m->pos : (off64_t)m->len;
    off64_t to = base + *off;
    if (to < 0)
        return -1;
    m->pos = (size_t)to;
    *off = to;
    return 0;
}

static int mem_close(void *cookie)
{
    memfile *m = cookie;
    free(m->buf);
    free(m);
    return 0;
}

FILE *lxw_tmpfile(char *tmpdir);

FILE *lxw_tmpfile(char *tmpdir)
{
    if (memory_tmpfiles) {
        memfile *m = calloc(1, sizeof *m);
        if (m) {
            static const cookie_io_functions_t io = {mem_read, mem_write, mem_seek, mem_close};
            FILE *f = fopencookie(m, "w+", io);
            if (f)
                return f;
            free(m);
        }
        /* out of memory: the library's own file, which reports its failure */
    }
    static FILE *(*real)(char *);
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "lxw_tmpfile");
        if (!sym)
            return NULL; /* the library reports LXW_ERROR_CREATING_TMPFILE */
        *(void **)&real = sym;
    }
    return real(tmpdir);
}
