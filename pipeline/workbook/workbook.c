/* workbook.c — qtr_workbook_write: creates the workbook under a temporary name (in memory, or
 * in constant-memory mode when 数据 is big), sets the pinned document properties, runs the
 * sheet writers in order, closes and renames.
 */
#include "workbook.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "period.h"
#include "text.h"
#include "wbsheets.h"
#include "zipcheck.h"

size_t qtr_wb_row_limit(const qtr_workbook_input *in)
{
    if (in->max_rows == 0 || in->max_rows >= LXW_ROW_MAX)
        return LXW_ROW_MAX;
    return in->max_rows < 8 ? 8 : in->max_rows;
}

static lxw_datetime quarter_end(qtr_period p)
{
    static const int last_day[4] = {31, 30, 30, 31};
    int q = qtr_period_quarter(p);
    lxw_datetime d = {qtr_period_year(p), q * 3, last_day[q - 1], 0, 0, 0};
    return d;
}

static lxw_error set_properties(qtr_wb_ctx *ctx)
{
    const qtr_plan *plan = ctx->in->plan;
    char title[600], subject[300], comments[200], keywords[200];
    snprintf(title, sizeof title, "%s（截至%s）", plan->name, ctx->period_cn);
    snprintf(subject, sizeof subject, "%s科技成果转化目标季度监测", plan->region);
    snprintf(comments, sizeof comments, "qtr-workbook %s; plan %s", QTR_VERSION, plan->id);
    snprintf(keywords, sizeof keywords, "qtr, %s", plan->id);
    lxw_doc_properties props = {
        .title = title,
        .subject = subject,
        .author = "qtr",
        .company = plan->region,
        .keywords = keywords,
        .comments = comments,
        .created = ctx->in->created,
    };
    return workbook_set_properties(ctx->wb, &props);
}

/* How many rows of facts and rejects fit (known before any sheet mentions it), and whether the
 * workbook is big enough for constant-memory mode. */
static void count_rows(qtr_wb_ctx *ctx)
{
    const qtr_workbook_input *in = ctx->in;
    qtr_workbook_result *res = ctx->res;
    size_t limit = qtr_wb_row_limit(in), kept = in->facts.n, rejects = in->rejects->nrows;
    res->facts_total = in->facts.total;
    res->facts_listed = in->facts.listed;
    res->facts_scoped = in->facts.scoped && in->facts.listed < in->facts.total;  /* left some out */
    res->facts_written = kept < limit - 1 ? kept : limit - 1;
    res->constant_memory = res->facts_written > (in->big_rows ? in->big_rows : QTR_WB_BIG_ROWS);
    res->rejects_total = rejects;
    res->rejects_written = rejects < limit - QTR_WB_QUALITY_ROWS ? rejects : limit - QTR_WB_QUALITY_ROWS;
}

typedef qtr_status (*sheet_fn)(qtr_wb_ctx *ctx);

/* The sheets in workbook order. 数据 and what comes after it need only ingest's files; the
 * sheets before it render compare's report. */
static const sheet_fn SHEETS_BEFORE_DATA[] = {
    qtr_wb_sheet_summary, qtr_wb_sheet_quarterly, qtr_wb_sheet_units, qtr_wb_sheet_tasks,
};
static const sheet_fn SHEETS_AFTER_DATA[] = {qtr_wb_sheet_quality, qtr_wb_sheet_notes};

lxw_error qtr_wb_open_sheet(qtr_wb_ctx *ctx, qtr_wb_sheet *s, const char *name)
{
    for (size_t i = 0; i < ctx->npre; i++)
        if (strcmp(ctx->pre_name[i], name) == 0) { /* added in order by start_sheets */
            memset(s, 0, sizeof *s);
            s->name = name;
            s->st = &ctx->st;
            s->scratch = ctx->scratch;
            s->ws = ctx->pre[i];
            return LXW_NO_ERROR;
        }
    return qtr_wb_sheet_open(s, ctx->wb, name, &ctx->st, ctx->scratch);
}

/* Adds the (still empty) sheets that come before 数据, so that 数据 can be written first, as
 * soon as ingest's files are read: the report's sheets fill them later (qtr_workbook_finish).
 * Only in constant-memory mode, where the order the sheets are written in changes nothing but
 * the numbering of the cell styles (each is numbered when its first cell is written; the
 * mode writes every string in its cell). A workbook held in memory numbers its shared strings
 * as they are written: it is written in sheet order, 数据 after the report's sheets. */
static lxw_error start_sheets(qtr_wb_ctx *ctx)
{
    static const char *const names[] = {QTR_WB_SHEET_SUMMARY, QTR_WB_SHEET_QUARTERLY,
                                        QTR_WB_SHEET_UNITS, QTR_WB_SHEET_TASKS};
    _Static_assert(sizeof names / sizeof names[0] == sizeof SHEETS_BEFORE_DATA / sizeof SHEETS_BEFORE_DATA[0],
                   "one name per sheet before 数据");
    _Static_assert(sizeof names / sizeof names[0] <= sizeof ctx->pre / sizeof ctx->pre[0], "room");
    /* 任务台账 only when the report has the task ledger: the plan has one and tasks.csv is
     * given (qtr_report_read reads it then, or fails) */
    int tasks = ctx->in->plan->ledger != NULL && ctx->in->paths.tasks != NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i] == (const char *)QTR_WB_SHEET_TASKS && !tasks)
            continue;
        lxw_worksheet *ws = workbook_add_worksheet(ctx->wb, names[i]);
        if (!ws)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        ctx->pre[ctx->npre] = ws;
        ctx->pre_name[ctx->npre++] = names[i];
    }
    return LXW_NO_ERROR;
}

static qtr_status run_sheets(qtr_wb_ctx *ctx, const sheet_fn *sheets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        qtr_status st = sheets[i](ctx);
        if (st != QTR_OK)
            return st;
    }
    return QTR_OK;
}

/* What needs only ingest's files: the styles, the document's properties and, in constant-
 * memory mode, the sheets' places and 数据. */
static qtr_status write_first(qtr_wb_ctx *ctx)
{
    lxw_error e = qtr_wb_styles_init(&ctx->st, ctx->wb);
    if (e == LXW_NO_ERROR)
        e = set_properties(ctx);
    if (e == LXW_NO_ERROR && ctx->res->constant_memory)
        e = start_sheets(ctx);
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s", lxw_strerror(e));
    if (!ctx->res->constant_memory)
        return QTR_OK;
    ctx->data_written = 1;
    qtr_status st = qtr_wb_sheet_data(ctx);
    if (st == QTR_OK) /* its XML deflated on a second thread meanwhile (lxwhooks.c, 7) */
        (void)qtr_wb_preassemble(workbook_get_worksheet_by_name(ctx->wb, QTR_WB_SHEET_DATA), ctx->tmpdir);
    return st;
}

/* Lower bounds for the read-back check: a worksheet's XML is at least its fixed header, and a
 * row of 数据 at least its nine cells' markup (about 300 bytes in practice). */
#define QTR_WB_MIN_SHEET_BYTES 300
#define QTR_WB_MIN_ROW_BYTES 150

static qtr_status finish(qtr_wb_ctx *ctx, const char *tmp)
{
    errno = 0;
    qtr_wb_set_deflating_tmpfiles(ctx->res->constant_memory); /* lxwhooks.c */
    qtr_wb_preassemble_wait();
    lxw_error e = workbook_close(ctx->wb);
    qtr_wb_set_deflating_tmpfiles(0);
    qtr_wb_preassemble_discard(); /* taken by the packer, unless it failed before 数据 */
    ctx->wb = NULL;
    if (e != LXW_NO_ERROR)
        return qtr_error_set(ctx->err, qtr_wb_lxw_status(e), ctx->path, 0, 0, "%s%s%s%s",
                             lxw_strerror(e), errno ? " (" : "", errno ? strerror(errno) : "",
                             errno ? ")" : "");
    /* libxlsxwriter does not check its writes to its temporary files: lxwhooks.c notes a
     * failed one, and the archive is read back */
    if (qtr_wb_io_failed())
        return qtr_error_set(ctx->err, QTR_ERR_WRITE, ctx->path, 0, 0,
                             "the workbook came out incomplete (a write to a temporary file in %s "
                             "failed): the disk is full or a file-size limit was reached",
                             ctx->tmpdir);
    char why[300];
    uint64_t rows = ctx->res->facts_written;
    if (qtr_wb_zip_check(tmp, "xl/worksheets/sheet", QTR_WB_MIN_SHEET_BYTES,
                         rows * QTR_WB_MIN_ROW_BYTES, why, sizeof why) != 0)
        return qtr_error_set(ctx->err, QTR_ERR_WRITE, ctx->path, 0, 0,
                             "the workbook came out incomplete (%s): the disk is full or a "
                             "file-size limit was reached", why);
    /* no fsync here: as for the pipeline's CSV files, qtr-publish syncs the staging folder
     * before the report becomes visible; the kernel is only asked to start writing the file
     * out now (a hint, as qtr_commit_file does) */
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        close(fd);
    }
    if (rename(tmp, ctx->path) != 0)
        return qtr_error_set(ctx->err, QTR_ERR_WRITE, ctx->path, 0, 0, "cannot rename %s: %s", tmp,
                             strerror(errno));
    return QTR_OK;
}

/* Creates the temporary file up front: a missing folder or a permission problem is reported
 * before any work (and without libxlsxwriter's own message on stderr). */
static qtr_status create_tmp(qtr_wb_ctx *ctx, const char *tmp)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return qtr_error_set(ctx->err, QTR_ERR_CREATE, ctx->path, 0, 0, "cannot create %s: %s", tmp,
                             strerror(errno));
    if (close(fd) != 0)
        return qtr_error_set(ctx->err, QTR_ERR_WRITE, ctx->path, 0, 0, "cannot close %s: %s", tmp,
                             strerror(errno));
    return QTR_OK;
}

static qtr_status open_workbook(qtr_wb_ctx *ctx, const char *tmp)
{
    /* constant memory: every sheet's rows go to a temporary file as they are written (in
     * order: wbsheet.h); zip64 stays off (WPS Office cannot open it) */
    lxw_workbook_options opt = {.constant_memory = ctx->res->constant_memory ? LXW_TRUE : LXW_FALSE,
                                .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    qtr_status st = create_tmp(ctx, tmp);
    if (st != QTR_OK)
        return st;
    /* libxlsxwriter's temporary files (every part of the workbook, the big sheets' rows) go
     * next to the output, not to TMPDIR: it does not check its writes to them, and a full
     * small /tmp gave a broken workbook with exit 0. On the output's own filesystem a full
     * disk also fails the zip writes, which it does check; finish() checks the result too. */
    const char *slash = strrchr(ctx->path, '/');
    ctx->tmpdir = slash ? qtr_strndup(ctx->path, (size_t)(slash - ctx->path) + (slash == ctx->path))
                        : qtr_strdup(".");
    if (!ctx->tmpdir)
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    opt.tmpdir = ctx->tmpdir;
    qtr_wb_set_deflate_level(ctx->res->constant_memory ? QTR_WB_BIG_DEFLATE_LEVEL : -1);
    /* parts in memory only when the workbook is held in memory anyway (lxwhooks.c) */
    qtr_wb_set_memory_tmpfiles(!ctx->res->constant_memory);
    qtr_wb_io_reset();
    ctx->scratch = malloc(QTR_WB_MAX_TEXT + 1);
    if (!ctx->scratch)
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "out of memory");
    ctx->wb = workbook_new_opt(tmp, &opt);
    if (!ctx->wb)
        return qtr_error_set(ctx->err, QTR_ERR_NOMEM, ctx->path, 0, 0, "cannot start the workbook");
    return QTR_OK;
}

struct qtr_workbook_job {
    qtr_wb_ctx ctx;
    qtr_workbook_result local;
    char tmp[4200];
};

void qtr_workbook_job_free(qtr_workbook_job *job)
{
    if (!job)
        return;
    if (job->ctx.wb) {
        qtr_wb_preassemble_discard(); /* its thread reads the workbook */
        lxw_workbook_free(job->ctx.wb);  /* unfinished: discard without writing */
        unlink(job->tmp);
    }
    free(job->ctx.scratch);
    free(job->ctx.tmpdir);
    qtr_wb_trace_free(&job->ctx.trace);
    free(job);
}

qtr_status qtr_workbook_start(const qtr_workbook_input *in, const char *path,
                              qtr_workbook_result *res, qtr_workbook_job **out, qtr_error *err)
{
    *out = NULL;
    qtr_workbook_job *job = calloc(1, sizeof *job);
    if (!job)
        return qtr_error_set(err, QTR_ERR_NOMEM, path, 0, 0, "out of memory");
    qtr_wb_ctx *ctx = &job->ctx;
    *ctx = (qtr_wb_ctx){.in = in, .res = res ? res : &job->local, .path = path, .err = err};
    memset(ctx->res, 0, sizeof *ctx->res);
    count_rows(ctx);
    qtr_period_format_cn(in->period, ctx->period_cn);
    ctx->asof = quarter_end(in->period);
    if ((size_t)snprintf(job->tmp, sizeof job->tmp, "%s.tmp-%ld", path, (long)getpid()) >= sizeof job->tmp) {
        free(job);
        return qtr_error_set(err, QTR_ERR_CREATE, path, 0, 0, "path too long");
    }
    qtr_status st = qtr_wb_trace_init(&ctx->trace, in, ctx->res->facts_written);
    if (st != QTR_OK) {
        free(job);
        return qtr_error_set(err, st, path, 0, 0, "out of memory");
    }
    st = open_workbook(ctx, job->tmp);
    if (st == QTR_OK)
        st = write_first(ctx);
    if (st != QTR_OK) {
        qtr_workbook_job_free(job);
        return st;
    }
    *out = job;
    return QTR_OK;
}

qtr_status qtr_workbook_finish(qtr_workbook_job *job)
{
    qtr_wb_ctx *ctx = &job->ctx;
    qtr_status st = QTR_OK;
    if (!ctx->in->report) /* a caller's mistake */
        st = qtr_error_set(ctx->err, QTR_ERR_PARSE, ctx->path, 0, 0, "no report was read");
    if (st == QTR_OK)
        st = run_sheets(ctx, SHEETS_BEFORE_DATA, sizeof SHEETS_BEFORE_DATA / sizeof SHEETS_BEFORE_DATA[0]);
    if (st == QTR_OK && !ctx->data_written)
        st = qtr_wb_sheet_data(ctx);
    if (st == QTR_OK)
        st = run_sheets(ctx, SHEETS_AFTER_DATA, sizeof SHEETS_AFTER_DATA / sizeof SHEETS_AFTER_DATA[0]);
    if (st == QTR_OK)
        st = finish(ctx, job->tmp);
    if (st != QTR_OK && !ctx->wb)
        unlink(job->tmp); /* closed, then found incomplete or not renamed */
    qtr_workbook_job_free(job);
    return st;
}

qtr_status qtr_workbook_write(const qtr_workbook_input *in, const char *path,
                              qtr_workbook_result *res, qtr_error *err)
{
    qtr_workbook_job *job;
    qtr_status st = qtr_workbook_start(in, path, res, &job, err);
    return st == QTR_OK ? qtr_workbook_finish(job) : st;
}
