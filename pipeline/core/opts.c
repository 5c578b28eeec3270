/* opts.c — the stage programs' command line (see opts.h). */
#include "opts.h"

#include <stdio.h>
#include <string.h>

int qtr_opts_usage_error(const char *prog, const char *message)
{
    fprintf(stderr, "%s: %s (see --help)\n", prog, message);
    return 64;
}

static const qtr_opt *find(const qtr_opt *opts, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(opts[i].name) == len && memcmp(opts[i].name, name, len) == 0)
            return &opts[i];
    return NULL;
}

static qtr_opts_result usage(const char *prog, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    qtr_opts_usage_error(prog, msg);
    return QTR_OPTS_USAGE;
}

qtr_opts_result qtr_opts_parse(const char *prog, int argc, char **argv, const qtr_opt *opts,
                               size_t n, int max_operands, int *first_operand)
{
    unsigned char given[64] = {0};
    if (n > sizeof given)
        return usage(prog, "%s", "too many options (a bug)");
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return QTR_OPTS_HELP;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0')
            break;
        if (a[1] != '-')
            return usage(prog, "unknown option '%s'", a);
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const qtr_opt *o = find(opts, n, name, len);
        if (!o)
            return usage(prog, "unknown option '%s'", a);
        size_t k = (size_t)(o - opts);
        if (given[k])
            return usage(prog, "option '--%s' given twice", o->name);
        given[k] = 1;
        if (!o->value) {
            if (eq)
                return usage(prog, "option '--%s' takes no value", o->name);
            *o->flag = 1;
            continue;
        }
        if (eq)
            *o->value = eq + 1;
        else if (i + 1 < argc)
            *o->value = argv[++i];
        else
            return usage(prog, "option '--%s' needs a value", o->name);
    }
    for (size_t k = 0; k < n; k++)
        if (opts[k].required && !given[k])
            return usage(prog, "option '--%s' is required", opts[k].name);
    if (argc - i > max_operands)
        return max_operands ? usage(prog, "too many arguments from '%s'", argv[i])
                            : usage(prog, "unexpected argument '%s'", argv[i]);
    *first_operand = i;
    return QTR_OPTS_OK;
}
