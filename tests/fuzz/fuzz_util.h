/* fuzz_util.h — small helpers shared by the libFuzzer harnesses in tests/fuzz/ (header only,
 * every function static): a scratch folder on tmpfs, writing the input to a file, the repo
 * root, and a loud invariant check that traps so libFuzzer keeps the input as a crash.
 */
#ifndef QTR_FUZZ_UTIL_H
#define QTR_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef QTR_FUZZ_ROOT
#define QTR_FUZZ_ROOT "."
#endif

/* An invariant of the library that the input broke: print it and trap (a libFuzzer crash). */
#define FUZZ_ASSERT(cond, ...)                                                              \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz invariant failed at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                   \
            fputc('\n', stderr);                                                            \
            __builtin_trap();                                                               \
        }                                                                                   \
    } while (0)

/* A private scratch folder, on tmpfs when there is one; created once per process. */
static inline const char *fuzz_scratch_dir(void)
{
    static char dir[256];
    if (dir[0])
        return dir;
    const char *bases[] = {"/dev/shm", getenv("TMPDIR"), "/tmp", NULL};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        if (!bases[i] || access(bases[i], W_OK) != 0)
            continue;
        snprintf(dir, sizeof dir, "%s/qtr-fuzz-XXXXXX", bases[i]);
        if (mkdtemp(dir))
            return dir;
    }
    fprintf(stderr, "fuzz: cannot create a scratch folder\n");
    abort();
}

/* Path of name inside the scratch folder (static storage, one per call site is enough). */
static inline void fuzz_scratch_path(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", fuzz_scratch_dir(), name);
}

/* Replaces the file at path with data[0..n). Aborts when it cannot (not an input problem). */
static inline void fuzz_write_file(const char *path, const unsigned char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        abort();
    }
}

/* The plan the harnesses use: $QTR_FUZZ_CONFIG, else the repo's default plan. */
static inline const char *fuzz_config_path(void)
{
    static char path[1024];
    const char *env = getenv("QTR_FUZZ_CONFIG");
    if (env && *env)
        return env;
    snprintf(path, sizeof path, "%s/config/lanzhou-2025.ini", QTR_FUZZ_ROOT);
    return path;
}

#endif
