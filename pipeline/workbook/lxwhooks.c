/* lxwhooks.c — five things the workbook stage changes in libxlsxwriter's calls to libraries
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
 *
 * 4 and 5 are described below; so is 6, the parts of a constant-memory workbook deflated as
 * they are written ("big workbooks' parts").
 */
#include "workbook.h"

#include <xlsxwriter.h>

#include <dlfcn.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
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
    return __atomic_load_n(&io_failed, __ATOMIC_RELAXED);
}

void rewind(FILE *f);

static void (*real_rewind)(FILE *);

/* Resolves the C library's rewind; 0 when found. (Before a second thread can call it:
 * qtr_wb_preassemble.) */
static int resolve_rewind(void)
{
    if (!real_rewind) {
        void *sym = dlsym(RTLD_NEXT, "rewind");
        if (sym)
            *(void **)&real_rewind = sym;
    }
    return real_rewind ? 0 : -1;
}

void rewind(FILE *f)
{
    if (ferror(f)) /* also from 7's thread */
        __atomic_store_n(&io_failed, 1, __ATOMIC_RELAXED);
    if (resolve_rewind() != 0) { /* cannot happen with a C library; what rewind does */
        (void)fseek(f, 0L, SEEK_SET);
        clearerr(f);
        return;
    }
    real_rewind(f);
}

/* ---------------------------------------------------------------- temporary files in memory */

static int memory_tmpfiles, zip_members;

void qtr_wb_set_memory_tmpfiles(int on)
{
#ifdef QTR_PLAIN_TMPFILES /* make bench-devices: what the memory streams buy */
    (void)on;
#else
    memory_tmpfiles = on;
#endif
#ifdef QTR_PLAIN_ZIPMEMBERS /* make bench-devices: what deflating the members here buys */
    zip_members = 0;
#else
    zip_members = on;
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
static FILE *real_tmpfile(char *tmpdir);
static FILE *deflating_tmpfile(char *tmpdir);
static int deflating_tmpfiles;

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
    } else if (deflating_tmpfiles) {
        FILE *f = deflating_tmpfile(tmpdir);
        if (f)
            return f;
    }
    return real_tmpfile(tmpdir);
}

/* ---------------------------------------------------------------- big workbooks' parts
 *
 * 6. A performance device, for constant-memory workbooks: how their parts reach the archive.
 * While it packs the archive (workbook_close), libxlsxwriter writes each part to a new
 * temporary file — a big 数据 sheet's rows copied into it from their own file, 157 MB at
 * 10,000 units — then rewinds it and reads it back into minizip, which deflates it. While
 * qtr_wb_set_deflating_tmpfiles(1) is in force (around the stage's workbook_close of such a
 * workbook), lxw_tmpfile returns a stream that deflates what is written to it as it comes,
 * with the parameters minizip would use (raw, memLevel 8, the default strategy, the level it
 * would get), into a temporary file of its own (the deflated bytes, a tenth of the part: the
 * memory stays flat), keeping the CRC and the size. When the packer rewinds it, the stream
 * ends its deflate and then reads as empty; the member, opened late as in 4, is given those
 * bytes raw with that CRC and size at its close. The archive is the same byte for byte
 * (deflate's output does not depend on how its input is cut up: compared with the library's
 * own way at 12 and at 10,000 units when this was written; make bench-devices builds without
 * it, QTR_PLAIN_DEFLATING), and a part is never written or read back whole.
 * tests/e2e/workbook.sh reads every member of a big workbook back against its CRC; a failed
 * write to the deflated bytes' file fails the stream, which rewind() notes (2).
 */

void qtr_wb_set_deflating_tmpfiles(int on)
{
#ifdef QTR_PLAIN_DEFLATING /* make bench-devices: what deflating the parts as written buys */
    (void)on;
#else
    deflating_tmpfiles = on;
#endif
}

typedef struct deflating {
    z_stream z;
    int level, finished, err;
    uLong crc;
    uint64_t in_len;
    FILE *out;                 /* the deflated bytes */
    FILE *self;                /* the stream this is the cookie of */
    struct deflating *sub;     /* 7: the part was deflated before (sub_file's), stands for it */
    FILE *sub_file;
    unsigned char buf[65536];
} deflating;

static deflating *rewound; /* the part the packer has just rewound: the member being added */
static deflating *last_deflating; /* the newest deflating stream (7) */

static int df_drain(deflating *d, int flush)
{
    int rc;
    do {
        d->z.next_out = d->buf;
        d->z.avail_out = sizeof d->buf;
        rc = deflate(&d->z, flush);
        if (rc == Z_STREAM_ERROR)
            return -1;
        size_t n = sizeof d->buf - d->z.avail_out;
        if (n && fwrite_unlocked(d->buf, 1, n, d->out) != n)
            return -1;
    } while (d->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return 0;
}

/* Ends the deflate (once). */
static void df_finish(deflating *d)
{
    if (d->finished)
        return;
    d->finished = 1;
    d->z.avail_in = 0;
    if (d->err || df_drain(d, Z_FINISH) != 0 || fflush(d->out) != 0)
        d->err = 1;
}

static ssize_t df_write(void *cookie, const char *in, size_t n)
{
    deflating *d = cookie;
    if (d->err || d->finished)
        return -1; /* written after the packer read it: not this device's way */
    d->crc = crc32_z(d->crc, (const unsigned char *)in, n);
    d->in_len += n;
    d->z.next_in = (unsigned char *)(uintptr_t)in; /* zlib's field is not const */
    for (size_t left = n; left > 0;) {
        uInt chunk = left > 1u << 30 ? 1u << 30 : (uInt)left;
        d->z.avail_in = chunk;
        if (df_drain(d, Z_NO_FLUSH) != 0) {
            d->err = 1;
            return -1;
        }
        left -= chunk;
    }
    return (ssize_t)n;
}

static ssize_t df_read(void *cookie, char *out, size_t n)
{
    (void)cookie;
    (void)out;
    (void)n;
    return 0; /* the member is given the deflated bytes at its close (zipCloseFileInZip) */
}

static int df_seek(void *cookie, off64_t *off, int whence)
{
    deflating *d = cookie;
    if (whence == SEEK_CUR && *off == 0) { /* ftell */
        *off = d->finished ? 0 : (off64_t)d->in_len;
        return 0;
    }
    if (whence != SEEK_SET || *off != 0 || d->err)
        return -1;
    if (d->sub) { /* 7: the part deflated before */
        rewound = d->sub;
        return 0;
    }
    df_finish(d); /* the packer's rewind: the part is complete */
    rewound = d;
    return 0;
}

static int df_close(void *cookie)
{
    deflating *d = cookie;
    if (rewound == d)
        rewound = NULL;
    if (last_deflating == d)
        last_deflating = NULL;
    deflateEnd(&d->z);
    int bad = fclose(d->out) != 0;
    if (d->sub_file)
        bad |= fclose(d->sub_file) != 0;
    free(d);
    return bad ? -1 : 0;
}

static FILE *real_tmpfile(char *tmpdir)
{
    static FILE *(*real)(char *);
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "lxw_tmpfile");
        if (!sym)
            return NULL; /* the library reports LXW_ERROR_CREATING_TMPFILE */
        *(void **)&real = sym;
    }
    return real(tmpdir);
}

/* A deflating stream for a part, or NULL (then the library's own file). */
static FILE *deflating_tmpfile(char *tmpdir)
{
    deflating *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->level = deflate_level;
    /* through deflateInit2_ above, with the level given */
    if (deflateInit2(&d->z, d->level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(d);
        return NULL;
    }
    d->crc = crc32(0L, Z_NULL, 0);
    d->out = real_tmpfile(tmpdir);
    static const cookie_io_functions_t io = {df_read, df_write, df_seek, df_close};
    FILE *f = d->out ? fopencookie(d, "w+", io) : NULL;
    if (!f) {
        if (d->out)
            fclose(d->out);
        deflateEnd(&d->z);
        free(d);
        return NULL;
    }
    d->self = f;
    last_deflating = d;
    return f;
}

/* ---------------------------------------------------------------- 数据 assembled early
 *
 * 7. A performance device, with 6, for constant-memory workbooks: 数据, by far the biggest part,
 * is assembled and deflated on a second thread as soon as its rows are written (in run.sh's
 * order, while the report's sheets are being read and written), instead of in workbook_close
 * after them. Nothing writes to that sheet after its rows (workbook.c) and its XML depends only
 * on the sheet itself: it has no format on its columns (no style is numbered by it), no
 * drawing, comment, table or link, and is neither the selected nor the active sheet. The
 * thread runs libxlsxwriter's own lxw_worksheet_assemble_xml_file on it into a deflating
 * stream (6), after flushing its last row as the packer would. The stage waits for the thread
 * before workbook_close; when the packer comes to 数据 (its call to lxw_worksheet_assemble_xml_
 * file comes here first), the part it opened stands for the one already deflated, and the
 * member is given those bytes (or, should that part not be a deflating stream, the bytes
 * inflated into it). The same archive byte for byte. The thread touches nothing the stage
 * changes meanwhile: cells of other sheets, their formats, the workbook's lists; the lazily
 * resolved symbols it uses are resolved before it starts, and 5's cache of parsed formats is
 * per thread.
 */

typedef void (*assemble_fn)(lxw_worksheet *);
static assemble_fn real_assemble;

static struct {
    lxw_worksheet *ws;
    FILE *file;
    deflating *d;
    pthread_t thread;
    int running;
} pre;

#ifndef QTR_PLAIN_PREASSEMBLE
static void *pre_main(void *arg)
{
    (void)arg;
    real_assemble(pre.ws);
    if (fflush(pre.file) != 0)
        pre.d->err = 1;
    df_finish(pre.d);
    return NULL;
}
#endif

static int resolve_assemble(void)
{
    if (!real_assemble) {
        void *sym = dlsym(RTLD_NEXT, "lxw_worksheet_assemble_xml_file");
        if (sym)
            *(void **)&real_assemble = sym;
    }
    return real_assemble ? 0 : -1;
}

int qtr_wb_preassemble(struct lxw_worksheet *ws, char *tmpdir)
{
#ifdef QTR_PLAIN_PREASSEMBLE /* make bench-devices: what assembling 数据 early buys */
    (void)ws;
    (void)tmpdir;
    return -1;
#else
    if (pre.ws || !ws || !ws->optimize || resolve_assemble() != 0 || resolve_rewind() != 0)
        return -1;
    lxw_worksheet_write_single_row(ws); /* its last row, as the packer does first */
    FILE *f = deflating_tmpfile(tmpdir);
    if (!f)
        return -1;
    FILE *rows = ws->file;
    pre.ws = ws;
    pre.file = f;
    pre.d = last_deflating;
    last_deflating = NULL;
    ws->file = f;
    if (pthread_create(&pre.thread, NULL, pre_main, NULL) != 0) {
        ws->file = rows;
        fclose(f);
        memset(&pre, 0, sizeof pre);
        return -1;
    }
    pre.running = 1;
    return 0;
#endif
}

void qtr_wb_preassemble_wait(void)
{
    if (pre.running) {
        pthread_join(pre.thread, NULL);
        pre.running = 0;
    }
}

void qtr_wb_preassemble_discard(void)
{
    qtr_wb_preassemble_wait();
    if (pre.file)
        fclose(pre.file);
    memset(&pre, 0, sizeof pre);
}

/* The deflated part inflated into f (the packer's own file). 0, or -1. */
static int inflate_into(deflating *d, FILE *f)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (d->err || inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return -1;
    unsigned char out[65536];
    int rc = fseek(d->out, 0L, SEEK_SET) == 0 ? Z_OK : Z_ERRNO;
    while (rc == Z_OK) {
        size_t n = fread_unlocked(d->buf, 1, sizeof d->buf, d->out);
        if (n == 0) {
            rc = Z_DATA_ERROR; /* ended early */
            break;
        }
        z.next_in = d->buf;
        z.avail_in = (uInt)n;
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            rc = inflate(&z, Z_NO_FLUSH);
            size_t got = sizeof out - z.avail_out;
            if ((rc != Z_OK && rc != Z_STREAM_END) || (got && fwrite(out, 1, got, f) != got)) {
                rc = Z_ERRNO;
                break;
            }
        } while (z.avail_out == 0 && rc == Z_OK);
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

void lxw_worksheet_assemble_xml_file(lxw_worksheet *self);

void lxw_worksheet_assemble_xml_file(lxw_worksheet *self)
{
    if (pre.ws && self == pre.ws) {
        qtr_wb_preassemble_wait();
        deflating *d2 = last_deflating;
        if (d2 && d2->self == self->file && !d2->finished && d2->in_len == 0 && !d2->sub) {
            d2->sub = pre.d; /* 6 gives the member pre.d's bytes */
            d2->sub_file = pre.file;
        } else {
            if (inflate_into(pre.d, self->file) != 0) /* the workbook fails (finish()) */
                __atomic_store_n(&io_failed, 1, __ATOMIC_RELAXED);
            fclose(pre.file);
        }
        memset(&pre, 0, sizeof pre);
        return;
    }
    if (resolve_assemble() == 0)
        real_assemble(self);
}

/* ---------------------------------------------------------------- small workbooks' zip members
 *
 * 4. A performance device, with 3 (the same switch): how the members of a workbook held in
 * memory are deflated. Per member, minizip (libxlsxwriter's zip writer) starts a new zlib
 * stream (about 270 KB allocated and cleared: 15% of a district workbook's instructions) and
 * deflates the part; and 7 of a district workbook's 11 parts are the same in every one of them
 * (the theme, the styles, the relationships, ...: 13 of its 21 KB). While
 * qtr_wb_set_memory_tmpfiles(1) is in force, minizip's calls from libxlsxwriter come here: a
 * member's bytes are gathered, then deflated here on one zlib stream kept for the whole run
 * (deflateReset per member) with the parameters minizip would use — or, when its name, level
 * and bytes are those of the previous member of that name, that member's deflated bytes are
 * reused — and only then is the member opened in minizip, raw, given those bytes and closed
 * with the CRC and size. The archive is the same byte for byte: deflate's output depends only
 * on the input, the level and the parameters, not on how the input is fed or the output
 * drained; a raw member gets the same local header (minizip writes the level's flag bits
 * either way); and the one thing minizip takes from its own stream, the "text" internal
 * attribute that zlib's data-type guess sets, is passed in the member's file info. Anything
 * unusual (a password, extra fields, other parameters) takes minizip's own path.
 */

typedef void *qtr_zipfile;

/* minizip 1.1 (contrib/minizip/zip.h of zlib) */
typedef struct {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
    uLong dosDate;
    uLong internal_fa;
    uLong external_fa;
} qtr_zip_fileinfo;

int zipOpenNewFileInZip4_64(qtr_zipfile file, const char *filename, const qtr_zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64);
int zipWriteInFileInZip(qtr_zipfile file, const void *buf, unsigned len);
int zipCloseFileInZip(qtr_zipfile file);

#define QTR_ZIP_OK 0
#define QTR_ZIP_INTERNALERROR (-104)

typedef int (*zip_open_fn)(qtr_zipfile, const char *, const qtr_zip_fileinfo *, const void *, uInt,
                           const void *, uInt, const char *, int, int, int, int, int, int,
                           const char *, uLong, uLong, uLong, int);
typedef int (*zip_write_fn)(qtr_zipfile, const void *, unsigned);
typedef int (*zip_close_fn)(qtr_zipfile);
typedef int (*zip_close_raw_fn)(qtr_zipfile, uLong, uLong);

static zip_open_fn real_open;
static zip_write_fn real_write;
static zip_close_fn real_close;
static zip_close_raw_fn real_close_raw;

static int zip_symbols(void)
{
    if (!real_open) {
        *(void **)&real_write = dlsym(RTLD_NEXT, "zipWriteInFileInZip");
        *(void **)&real_close = dlsym(RTLD_NEXT, "zipCloseFileInZip");
        *(void **)&real_close_raw = dlsym(RTLD_NEXT, "zipCloseFileInZipRaw");
        if (real_write && real_close && real_close_raw)
            *(void **)&real_open = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    }
    return real_open ? 0 : -1;
}

/* the member being gathered: minizip's open is delayed to its close */
static struct {
    int active;
    qtr_zipfile file;
    char name[256];
    qtr_zip_fileinfo info;
    int has_info;
    int method, level, windowBits, memLevel, strategy, zip64;
    uLong crcForCrypting, versionMadeBy, flagBase;
    int zlevel;             /* the level deflate uses (Z_DEFAULT_COMPRESSION replaced) */
    unsigned char *buf;
    size_t len, cap;
} member;

/* the previous member of each name: its bytes and what they deflate to */
typedef struct {
    char name[256];
    int level, text;
    unsigned char *in, *out;
    size_t in_len, out_len;
    uLong crc;
} memo_entry;

#define QTR_MEMO_ENTRIES 64
#define QTR_MEMO_MAX (1u << 20) /* bigger parts are never the same twice */
static memo_entry memo[QTR_MEMO_ENTRIES];
static size_t nmemo;

static z_stream zs;
static int zs_level = -2; /* none yet */

/* Deflates member.buf into a new buffer as minizip would (raw deflate, memLevel 8, the default
 * strategy); *text: zlib's guess that it is text. Returns 0, or -1 (out of memory, zlib). */
static int deflate_member(unsigned char **out, size_t *out_len, int *text)
{
    if (zs_level != member.zlevel) {
        if (zs_level != -2)
            deflateEnd(&zs);
        zs_level = -2;
        memset(&zs, 0, sizeof zs);
        /* through deflateInit2_ above, as minizip's stream */
        if (deflateInit2(&zs, member.zlevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return -1;
        zs_level = member.zlevel;
    } else if (deflateReset(&zs) != Z_OK) {
        return -1;
    }
    if (member.len > 1u << 30) /* one call each way below */
        return -1;
    size_t cap = deflateBound(&zs, (uLong)member.len) + 64;
    unsigned char *o = malloc(cap);
    if (!o)
        return -1;
    zs.next_in = member.buf;
    zs.avail_in = (uInt)member.len;
    zs.next_out = o;
    zs.avail_out = (uInt)cap;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
        free(o);
        return -1;
    }
    *out = o;
    *out_len = (size_t)(zs.next_out - o);
    *text = zs.data_type == Z_TEXT;
    return 0;
}

int zipOpenNewFileInZip4_64(qtr_zipfile file, const char *filename, const qtr_zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
    if (zip_symbols() != 0)
        return QTR_ZIP_INTERNALERROR;
    member.active = 0; /* a member left open by a failed workbook is forgotten */
    member.file = NULL;
    rewound = NULL;
    if ((zip_members || deflating_tmpfiles) && filename && strlen(filename) < sizeof member.name &&
        method == Z_DEFLATED && !raw && windowBits == -MAX_WBITS && memLevel == 8 &&
        strategy == Z_DEFAULT_STRATEGY && !password && !extrafield_local &&
        !size_extrafield_local && !extrafield_global && !size_extrafield_global && !comment) {
        member.active = 1;
        member.file = file;
        strcpy(member.name, filename);
        member.has_info = zipfi != NULL;
        if (zipfi)
            member.info = *zipfi;
        member.method = method;
        member.level = level;
        member.windowBits = windowBits;
        member.memLevel = memLevel;
        member.strategy = strategy;
        member.zip64 = zip64;
        member.crcForCrypting = crcForCrypting;
        member.versionMadeBy = versionMadeBy;
        member.flagBase = flagBase;
        member.zlevel = level == Z_DEFAULT_COMPRESSION ? deflate_level : level;
        member.len = 0;
        return QTR_ZIP_OK;
    }
    return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                     size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                     strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}

int zipWriteInFileInZip(qtr_zipfile file, const void *buf, unsigned len)
{
    if (member.active && file == member.file) {
        if (len > member.cap - member.len) {
            size_t cap = member.cap ? member.cap : 65536;
            while (cap - member.len < len)
                cap *= 2;
            unsigned char *b = realloc(member.buf, cap);
            if (!b)
                return QTR_ZIP_INTERNALERROR;
            member.buf = b;
            member.cap = cap;
        }
        memcpy(member.buf + member.len, buf, len);
        member.len += len;
        return QTR_ZIP_OK;
    }
    if (zip_symbols() != 0)
        return QTR_ZIP_INTERNALERROR;
    return real_write(file, buf, len);
}

static int close_member(void)
{
    memo_entry *e = NULL;
    for (size_t i = 0; i < nmemo && !e; i++)
        if (strcmp(memo[i].name, member.name) == 0)
            e = &memo[i];
    const unsigned char *z;
    size_t z_len;
    int text;
    uLong crc;
    unsigned char *fresh = NULL;
    if (e && e->level == member.zlevel && e->in_len == member.len &&
        (member.len == 0 || memcmp(e->in, member.buf, member.len) == 0)) {
        z = e->out;
        z_len = e->out_len;
        text = e->text;
        crc = e->crc;
    } else {
        if (deflate_member(&fresh, &z_len, &text) != 0)
            return QTR_ZIP_INTERNALERROR;
        z = fresh;
        crc = crc32(0L, member.buf, (uInt)member.len);
        if (member.len <= QTR_MEMO_MAX) { /* kept for the next member of that name */
            if (!e && nmemo < QTR_MEMO_ENTRIES) {
                e = &memo[nmemo++];
                strcpy(e->name, member.name);
                e->in = e->out = NULL;
            }
            unsigned char *in = e ? malloc(member.len ? member.len : 1) : NULL;
            if (in) {
                memcpy(in, member.buf, member.len);
                free(e->in);
                free(e->out);
                e->in = in;
                e->in_len = member.len;
                e->out = fresh;
                e->out_len = z_len;
                e->level = member.zlevel;
                e->text = text;
                e->crc = crc;
                fresh = NULL; /* the entry owns it */
            }
        }
    }
    /* minizip's internal attribute: its file info's, or 1 when its stream guessed text */
    qtr_zip_fileinfo info;
    if (member.has_info)
        info = member.info;
    else
        memset(&info, 0, sizeof info);
    if (text)
        info.internal_fa = Z_TEXT;
    int rc = real_open(member.file, member.name, &info, NULL, 0, NULL, 0, NULL, member.method,
                       member.level, 1, member.windowBits, member.memLevel, member.strategy, NULL,
                       member.crcForCrypting, member.versionMadeBy, member.flagBase, member.zip64);
    if (rc == QTR_ZIP_OK && z_len)
        rc = real_write(member.file, z, (unsigned)z_len);
    free(fresh);
    if (rc == QTR_ZIP_OK)
        rc = real_close_raw(member.file, (uLong)member.len, crc);
    return rc;
}

/* 6: the member whose part was deflated as it was written (its stream has just been rewound) */
static int close_member_deflated(deflating *d)
{
    if (d->err || !d->finished || member.len != 0 || d->level != member.zlevel ||
        d->in_len > 0xffffffffu) /* no zip64 (WPS): minizip would refuse it too */
        return QTR_ZIP_INTERNALERROR;
    qtr_zip_fileinfo info;
    if (member.has_info)
        info = member.info;
    else
        memset(&info, 0, sizeof info);
    if (d->z.data_type == Z_TEXT) /* as close_member: minizip's stream would have guessed it */
        info.internal_fa = Z_TEXT;
    int rc = real_open(member.file, member.name, &info, NULL, 0, NULL, 0, NULL, member.method,
                       member.level, 1, member.windowBits, member.memLevel, member.strategy, NULL,
                       member.crcForCrypting, member.versionMadeBy, member.flagBase, member.zip64);
    if (rc == QTR_ZIP_OK && fseek(d->out, 0L, SEEK_SET) != 0)
        rc = QTR_ZIP_INTERNALERROR;
    while (rc == QTR_ZIP_OK) {
        size_t n = fread_unlocked(d->buf, 1, sizeof d->buf, d->out);
        if (n == 0) {
            if (ferror(d->out))
                rc = QTR_ZIP_INTERNALERROR;
            break;
        }
        rc = real_write(member.file, d->buf, (unsigned)n);
    }
    if (rc == QTR_ZIP_OK)
        rc = real_close_raw(member.file, (uLong)d->in_len, d->crc);
    return rc;
}

int zipCloseFileInZip(qtr_zipfile file)
{
    if (zip_symbols() != 0)
        return QTR_ZIP_INTERNALERROR;
    if (!member.active || file != member.file)
        return real_close(file);
    int rc = rewound ? close_member_deflated(rewound) : close_member();
    rewound = NULL;
    member.active = 0;
    member.file = NULL;
    if (member.cap > QTR_MEMO_MAX * 4) { /* a big part's buffer is not kept */
        free(member.buf);
        member.buf = NULL;
        member.cap = 0;
    }
    return rc;
}

/* The archive of such a workbook is gathered in memory too and written to its file in one go
 * when minizip closes it: minizip writes each member's local header, seeks back to fill in its
 * CRC and sizes, and so on (some 60 write and lseek calls for a district's file, 25 KB). The
 * file is created when minizip opens the archive, as before, so that a folder that cannot be
 * written to fails there; a failed write fails zipClose. */

typedef struct {
    void *(*zopen_file)(void *opaque, const char *filename, int mode);
    uLong (*zread_file)(void *opaque, void *stream, void *buf, uLong size);
    uLong (*zwrite_file)(void *opaque, void *stream, const void *buf, uLong size);
    long (*ztell_file)(void *opaque, void *stream);
    long (*zseek_file)(void *opaque, void *stream, uLong offset, int origin);
    int (*zclose_file)(void *opaque, void *stream);
    int (*zerror_file)(void *opaque, void *stream);
    void *opaque;
} qtr_zip_filefunc;

qtr_zipfile zipOpen(const char *pathname, int append);

typedef struct {
    int fd, err;
    memfile m;
} zip_out;

static void *zo_open(void *opaque, const char *filename, int mode)
{
    (void)opaque;
    (void)mode; /* create and write: zipOpen's only use here */
    zip_out *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    z->fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (z->fd < 0) {
        free(z);
        return NULL;
    }
    return z;
}

static uLong zo_read(void *opaque, void *stream, void *buf, uLong size)
{
    (void)opaque;
    ssize_t n = mem_read(&((zip_out *)stream)->m, buf, size);
    return n < 0 ? 0 : (uLong)n;
}

static uLong zo_write(void *opaque, void *stream, const void *buf, uLong size)
{
    (void)opaque;
    zip_out *z = stream;
    if (mem_write(&z->m, buf, size) < 0) {
        z->err = 1;
        return 0;
    }
    return size;
}

static long zo_tell(void *opaque, void *stream)
{
    (void)opaque;
    return (long)((zip_out *)stream)->m.pos;
}

static long zo_seek(void *opaque, void *stream, uLong offset, int origin)
{
    (void)opaque;
    /* ZLIB_FILEFUNC_SEEK_SET 0, _CUR 1, _END 2 */
    int whence = origin == 0 ? SEEK_SET : origin == 1 ? SEEK_CUR : origin == 2 ? SEEK_END : -1;
    off64_t off = (off64_t)offset;
    return whence < 0 || mem_seek(&((zip_out *)stream)->m, &off, whence) != 0 ? -1 : 0;
}

static int zo_close(void *opaque, void *stream)
{
    (void)opaque;
    zip_out *z = stream;
    int bad = z->err;
    for (size_t off = 0; off < z->m.len && !bad;) {
        ssize_t n = write(z->fd, z->m.buf + off, z->m.len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            bad = 1;
        else
            off += (size_t)n;
    }
    if (close(z->fd) != 0)
        bad = 1;
    free(z->m.buf);
    free(z);
    return bad ? -1 : 0;
}

static int zo_error(void *opaque, void *stream)
{
    (void)opaque;
    return ((zip_out *)stream)->err;
}

qtr_zipfile zipOpen(const char *pathname, int append)
{
    static qtr_zipfile (*real)(const char *, int);
    static qtr_zipfile (*real2)(const char *, int, const char **, qtr_zip_filefunc *);
    if (!real) {
        *(void **)&real2 = dlsym(RTLD_NEXT, "zipOpen2");
        *(void **)&real = dlsym(RTLD_NEXT, "zipOpen");
        if (!real)
            return NULL;
    }
    if (!zip_members || append || !real2)
        return real(pathname, append);
    qtr_zip_filefunc io = {zo_open, zo_read, zo_write, zo_tell, zo_seek, zo_close, zo_error, NULL};
    return real2(pathname, append, NULL, &io);
}

/* ---------------------------------------------------------------- cell references and fprintf
 *
 * 5. A performance device: libxlsxwriter's formatting of the cells it writes. It prints every
 * cell with fprintf (its name from lxw_rowcol_to_cell, itself an snprintf of the row): in a
 * big workbook a third of the stage's instructions went to the C library's format machinery
 * for "<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is><t>%s</t></is></c>" and the like. Both come
 * here first (the library calls them through its PLT; its fprintf is glibc's fortified
 * __fprintf_chk). A format made only of text, %s, %d and %.16G (parsed once, remembered by
 * address) is printed here with the same characters — %.16G as the integer for a whole number
 * below 10^15 in magnitude (what %.16G prints for it), through snprintf's %.16G otherwise —
 * into the stream in one fwrite; any other format, and every message to stderr, goes to the C
 * library unchanged. 3000 units x 10 years, the report alone: 8.86 -> 7.44 G instructions.
 */

/* digits of v (at most 20) at the end of buf[24]; returns the first */
static char *format_int(char *end, long long v)
{
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

size_t qtr_wb_print_g16(char *out, double v)
{
    char num[40], *s;
    size_t len;
    /* an integer below 10^15 in magnitude is what %.16G prints for it */
    if (v > -1e15 && v < 1e15 && v == (double)(long long)v && !(v == 0 && signbit(v))) {
        s = format_int(num + sizeof num, (long long)v);
        len = (size_t)(num + sizeof num - s);
    } else {
        s = num;
        int n = snprintf(num, sizeof num, "%.16G", v);
        len = n > 0 ? (size_t)n : 0;
    }
    memmove(out, s, len);
    out[len] = '\0';
    return len;
}

#ifndef QTR_PLAIN_PRINTF /* make bench-devices: what printing here buys */

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...);
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);

/* 1 when every conversion of fmt is %s, %d or %.16G */
static int simple_format(const char *fmt)
{
    for (const char *p = fmt; *p; p++)
        if (*p == '%') {
            if (p[1] == 's' || p[1] == 'd')
                p++;
            else if (p[1] == '.' && p[2] == '1' && p[3] == '6' && p[4] == 'G')
                p += 4;
            else
                return 0;
        }
    return 1;
}

typedef struct {
    FILE *f;
    char buf[2048];
    size_t n, total;
    int err;
} out_buf;

static void out_flush(out_buf *o)
{
    if (o->n && fwrite_unlocked(o->buf, 1, o->n, o->f) != o->n)
        o->err = 1;
    o->total += o->n;
    o->n = 0;
}

static void out_put(out_buf *o, const char *s, size_t len)
{
    if (len > sizeof o->buf - o->n) {
        out_flush(o);
        if (len > sizeof o->buf) { /* a long text: straight to the stream */
            if (fwrite_unlocked(s, 1, len, o->f) != len)
                o->err = 1;
            o->total += len;
            return;
        }
    }
    memcpy(o->buf + o->n, s, len);
    o->n += len;
}

/* A format, parsed once: literal pieces and conversions ('s', 'd', 'G'), in order. libxlsxwriter
 * prints a few dozen formats a million times each; they are remembered by address (and checked
 * by content, should another text come to lie there). */
#define QTR_FMT_MAX 160
#define QTR_FMT_PARTS 16
typedef struct {
    const char *ptr;
    char text[QTR_FMT_MAX];
    int nparts;
    struct {
        unsigned short off, len;
        char conv; /* 0: literal text[off..off+len) */
    } part[QTR_FMT_PARTS];
} parsed_format;

static _Thread_local parsed_format formats[64]; /* per thread: 7 prints on a second one */

/* The parsed form of fmt, or NULL when it is not simple (or too long to keep). */
static const parsed_format *parse_format(const char *fmt)
{
    uintptr_t h = ((uintptr_t)fmt >> 3) ^ ((uintptr_t)fmt >> 9);
    parsed_format *pf = &formats[h % (sizeof formats / sizeof formats[0])];
    if (pf->ptr == fmt && strcmp(pf->text, fmt) == 0)
        return pf;
    size_t len = strlen(fmt);
    if (len >= QTR_FMT_MAX || !simple_format(fmt))
        return NULL;
    parsed_format n;
    n.ptr = fmt;
    memcpy(n.text, fmt, len + 1);
    n.nparts = 0;
    for (size_t i = 0; i < len;) {
        if (n.nparts == QTR_FMT_PARTS)
            return NULL;
        if (fmt[i] == '%') {
            n.part[n.nparts].off = (unsigned short)i;
            n.part[n.nparts].len = 0;
            n.part[n.nparts++].conv = fmt[i + 1] == '.' ? 'G' : fmt[i + 1];
            i += fmt[i + 1] == '.' ? 5 : 2;
        } else {
            size_t j = i;
            while (j < len && fmt[j] != '%')
                j++;
            n.part[n.nparts].off = (unsigned short)i;
            n.part[n.nparts].len = (unsigned short)(j - i);
            n.part[n.nparts++].conv = 0;
            i = j;
        }
    }
    *pf = n;
    return pf;
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n;
    const parsed_format *pf = f != stderr ? parse_format(fmt) : NULL; /* messages: as ever */
    if (pf) {
        out_buf o;
        o.f = f;
        o.n = o.total = 0;
        o.err = 0;
        for (int i = 0; i < pf->nparts; i++) {
            char num[40], *s;
            size_t len;
            switch (pf->part[i].conv) {
            case 0:
                s = (char *)pf->text + pf->part[i].off;
                len = pf->part[i].len;
                break;
            case 's':
                s = va_arg(ap, char *);
                if (!s)
                    s = (char *)"(null)"; /* as glibc prints it */
                len = strlen(s);
                break;
            case 'd':
                s = format_int(num + sizeof num, va_arg(ap, int));
                len = (size_t)(num + sizeof num - s);
                break;
            default: /* %.16G */
                s = num;
                len = qtr_wb_print_g16(num, va_arg(ap, double));
            }
            out_put(&o, s, len);
        }
        out_flush(&o);
        va_end(ap);
        return o.err ? -1 : o.total > INT_MAX ? INT_MAX : (int)o.total;
    }
    n = __vfprintf_chk(f, flag, fmt, ap);
    va_end(ap);
    return n;
}

void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col)
{
    /* lxw_col_to_name's letters (A..Z, AA..), then the row from 1, as the library writes them */
    char rev[8];
    size_t n = 0;
    unsigned c = (unsigned)col + 1;
    while (c) {
        unsigned r = c % 26;
        if (r == 0)
            r = 26;
        rev[n++] = (char)('A' + r - 1);
        c = (c - 1) / 26;
    }
    char *out = cell_name;
    while (n)
        *out++ = rev[--n];
    char num[24], *s = format_int(num + sizeof num, (int)(lxw_row_t)(row + 1)); /* its "%d" */
    size_t len = (size_t)(num + sizeof num - s);
    memcpy(out, s, len);
    out[len] = '\0';
}

#endif
