/* test_table.c — unit tests of the reading of the pipeline's own CSV files (table.h over
 * csvr.h): whole tables (a BOM, quotes, line ends, blank lines, lines of each record), the
 * errors that stop a load with their lines, and files streamed in chunks by
 * qtr_csv_read_file (records across chunk boundaries, a record longer than a chunk, a callback
 * that stops). The workbook stage reads rejects.csv, inputs.csv and facts.csv this way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvr.h"
#include "table.h"
#include "testutil.h"

/* ---------------------------------------------------------------- whole tables */

static qtr_table *table_of(const char *text, size_t n)
{
    const char *path = write_temp(text, n, 0);
    qtr_table *t = NULL;
    qtr_error err;
    qtr_status st = qtr_table_load(path, &t, &err);
    unlink(path);
    if (st != QTR_OK)
        fprintf(stderr, "%ld: %s\n", err.line, err.message);
    assert_int_equal(st, QTR_OK);
    return t;
}

static void test_table(void **state)
{
    (void)state;
    static const char text[] = "\xEF\xBB\xBF" "a,b,c\r\n"
                               "1, x ,\"q,\"\"uoted\"\"\nline\"\r\n"  /* lines 2-3 */
                               "\n"                                    /* 4: blank */
                               "  \t\n"                                /* 5: blank */
                               "2,,\"\"\r"                             /* 6: lone CR */
                               "3,y,\"z\"";                            /* 7: no line end */
    qtr_table *t = table_of(text, sizeof text - 1);
    assert_int_equal(t->ncols, 3);
    assert_string_equal(t->header[0], "a");  /* the BOM is skipped */
    assert_int_equal(qtr_table_col(t, "c"), 2);
    assert_int_equal(qtr_table_col(t, "d"), -1);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(qtr_table_get(t, 0, 1), "x");  /* blanks around it trimmed */
    assert_string_equal(qtr_table_get(t, 0, 2), "q,\"uoted\"\nline");
    assert_string_equal(qtr_table_get(t, 1, 1), "");
    assert_string_equal(qtr_table_get(t, 1, 2), "");
    assert_string_equal(qtr_table_get(t, 2, 2), "z");
    assert_string_equal(qtr_table_get(t, 9, 0), "");   /* out of range */
    assert_string_equal(qtr_table_get(t, 0, -1), "");
    assert_int_equal(t->lines[0], 2);
    assert_int_equal(t->lines[1], 6);
    assert_int_equal(t->lines[2], 7);
    qtr_table_free(t);
    t = table_of("h1,h2\n", 6);  /* a header alone */
    assert_int_equal(t->nrows, 0);
    qtr_table_free(t);
    t = table_of("h1,h2\n1,\n", 9);  /* a trailing comma is an empty last field */
    assert_string_equal(qtr_table_get(t, 0, 1), "");
    qtr_table_free(t);
    long col;
    qtr_error err;
    t = table_of("h1,h2\n", 6);
    assert_int_equal(qtr_table_require(t, "x.csv", "h2", &col, &err), QTR_OK);
    assert_int_equal(col, 1);
    assert_int_equal(qtr_table_require(t, "x.csv", "h3", &col, &err), QTR_ERR_PARSE);
    assert_non_null(strstr(err.message, "no column named 'h3'"));
    qtr_table_free(t);
}

static void expect_table_error(const char *text, qtr_status want, long line, const char *what)
{
    const char *path = write_temp(text, strlen(text), 1);
    qtr_table *t = (qtr_table *)1;
    qtr_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(qtr_table_load(path, &t, &err), want);
    unlink(path);
    assert_null(t);
    assert_int_equal(err.line, line);
    if (!strstr(err.message, what))
        fail_msg("message '%s' lacks '%s'", err.message, what);
}

/* A malformed line stops the load (these files are written by the pipeline). */
static void test_table_errors(void **state)
{
    (void)state;
    expect_table_error("a,b\n1,x\"y\n", QTR_ERR_PARSE, 2, "没加引号的格子中有引号");
    expect_table_error("a,b\n\"1\"x,2\n", QTR_ERR_PARSE, 2, "右引号后面还有文字");
    expect_table_error("a,b\n1,2\n3,\"open\n4,5\n", QTR_ERR_PARSE, 3, "引号没有结束");
    expect_table_error("a,b\n1,2\n1,2,3\n", QTR_ERR_PARSE, 3, "3 fields where the header has 2");
    expect_table_error("a,b\n1\n", QTR_ERR_PARSE, 2, "1 fields where the header has 2");
    expect_table_error("a\nok\n\xff\n", QTR_ERR_PARSE, 3, "not valid UTF-8");
    expect_table_error("a\n\xc0\xaf\n", QTR_ERR_PARSE, 2, "not valid UTF-8");  /* overlong */
    expect_table_error("", QTR_ERR_PARSE, 0, "empty file");
    expect_table_error("\n \n", QTR_ERR_PARSE, 0, "empty file");
    qtr_table *t = NULL;
    qtr_error err;
    assert_int_equal(qtr_table_load("/nonexistent-qtr/x.csv", &t, &err), QTR_ERR_OPEN);
    assert_null(t);
}

/* ---------------------------------------------------------------- files in chunks */

typedef struct {
    size_t rows;
    long last_line;
    int bad;
    size_t longest;
    size_t stop_after;   /* 0: never */
} stream_check;

/* Records "i,"v\ni"" spanning two lines each after the header "i,v": field 1 must be "v\n" and
 * field 0 again. */
static int numbered(void *ctx, const qtr_record *rec)
{
    stream_check *c = ctx;
    if (rec->line == 1)
        return !(rec->nfields == 2 && rec->fields[0].n == 1 && rec->fields[0].s[0] == 'i');
    char want0[32], want1[40];
    int n0 = snprintf(want0, sizeof want0, "%zu", c->rows);
    int n1 = snprintf(want1, sizeof want1, "v\n%zu", c->rows);
    if (rec->nfields != 2 || rec->fields[0].n != (size_t)n0 || memcmp(rec->fields[0].s, want0, (size_t)n0) ||
        rec->fields[1].n != (size_t)n1 || memcmp(rec->fields[1].s, want1, (size_t)n1) ||
        rec->line != 2 + 2 * (long)c->rows)
        c->bad++;
    c->rows++;
    c->last_line = rec->line;
    return c->stop_after && c->rows == c->stop_after;
}

static int no_error(void *ctx, long line, long end_line, const char *raw, size_t raw_n, const char *reason)
{
    (void)line;
    (void)end_line;
    (void)raw;
    (void)raw_n;
    (void)reason;
    ((stream_check *)ctx)->bad++;
    return 1;
}

/* Records cross the reader's chunks anywhere: inside quotes, between CR and LF. */
static void test_file_chunks(void **state)
{
    (void)state;
    size_t n = 300000, cap = n * 40 + 16, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "i,v\r\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%zu,\"v\n%zu\"\r\n", i, i);
    const char *path = write_temp(text, len, 2);
    free(text);
    stream_check c = {0};
    long bad_line = 0;
    assert_int_equal(qtr_csv_read_file(path, numbered, no_error, &c, &bad_line), QTR_OK);
    assert_int_equal(c.rows, n);
    assert_int_equal(c.bad, 0);
    assert_int_equal(c.last_line, 2 + 2 * (long)(n - 1));
    stream_check stop = {.stop_after = 1000};  /* a callback stops the reading */
    assert_int_equal(qtr_csv_read_file(path, numbered, no_error, &stop, &bad_line), QTR_ERR_USAGE);
    assert_int_equal(stop.rows, 1000);
    unlink(path);
}

static int longest(void *ctx, const qtr_record *rec)
{
    stream_check *c = ctx;
    for (size_t i = 0; i < rec->nfields; i++)
        if (rec->fields[i].n > c->longest)
            c->longest = rec->fields[i].n;
    return 0;
}

/* A record longer than a chunk is read whole; a file that cannot be read is QTR_ERR_OPEN. */
static void test_file_long_record(void **state)
{
    (void)state;
    size_t big = 3u << 20;
    char *text = malloc(big + 16);
    assert_non_null(text);
    memcpy(text, "x\n\"", 3);
    memset(text + 3, 'a', big);
    memcpy(text + 3 + big, "\"\n", 2);
    const char *path = write_temp(text, big + 5, 3);
    free(text);
    stream_check c = {0};
    long bad_line = 0;
    assert_int_equal(qtr_csv_read_file(path, longest, no_error, &c, &bad_line), QTR_OK);
    assert_int_equal(c.longest, big);
    assert_int_equal(c.bad, 0);
    unlink(path);
    assert_int_equal(qtr_csv_read_file("/nonexistent-qtr/x.csv", longest, no_error, &c, &bad_line),
                     QTR_ERR_OPEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_file_chunks),
        cmocka_unit_test(test_file_long_record),
    };
    return cmocka_run_group_tests_name("table and file reading", tests, NULL, NULL);
}
