/* bench/csvraw.c — libcsv's raw parse rate on the benchmark files: parses every file given
 * with no-op callbacks (the same libcsv options as qtr) and prints "bytes seconds".
 * The yardstick for "ingest within 3x of libcsv's raw parse rate" (issue 7).
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void on_field(void *s, size_t n, void *d) { (void)s; (void)n; ++*(long *)d; }
static void on_row(int c, void *d) { (void)c; (void)d; }

int main(int argc, char **argv)
{
    static char buf[1 << 16];
    long fields = 0, bytes = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            bytes += (long)n;
            if (csv_parse(&p, buf, n, on_field, on_row, &fields) != n) {
                fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p)));
                return 1;
            }
        }
        csv_fini(&p, on_field, on_row, &fields);
        csv_free(&p);
        fclose(f);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%ld %.6f\n", bytes, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
