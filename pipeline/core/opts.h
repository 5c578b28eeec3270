/* opts.h — the command line of every stage program, parsed one way: long options only
 * (`--name VALUE` or `--name=VALUE`, flags without a value), `--help`, operands after them.
 * The stage's main() lists its options in a table and maps the result to an exit code; bad
 * usage is one line on stderr, "prog: what is wrong (see --help)", and exit 64 (docs/cli.md).
 */
#ifndef QTR_OPTS_H
#define QTR_OPTS_H

#include <stddef.h>

typedef struct {
    const char *name;        /* without the leading "--" */
    const char **value;      /* receives the option's value; NULL for a flag */
    int *flag;               /* a flag: set to 1 when given; NULL for an option with a value */
    int required;            /* 1: usage error when missing */
} qtr_opt;

typedef enum {
    QTR_OPTS_OK = 0,         /* parsed; *first_operand is the index of the first operand */
    QTR_OPTS_HELP,           /* --help or -h was given: print the usage to stdout, exit 0 */
    QTR_OPTS_USAGE           /* bad usage: the message is on stderr; exit 64 */
} qtr_opts_result;

/* Parses argv[1..argc) against the n options. An option given twice, an unknown option, a
 * missing value or a missing required option is QTR_OPTS_USAGE. Operands (arguments after the
 * options, or after "--") are allowed only when max_operands > 0. */
qtr_opts_result qtr_opts_parse(const char *prog, int argc, char **argv, const qtr_opt *opts,
                               size_t n, int max_operands, int *first_operand);

/* Prints "prog: message (see --help)" on stderr and returns 64, for checks of values. */
int qtr_opts_usage_error(const char *prog, const char *message);

#endif
