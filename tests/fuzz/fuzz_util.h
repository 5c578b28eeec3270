/* fuzz_util.h — small helpers shared by the libFuzzer harnesses in tests/fuzz/ (header only,
 * every function static): a scratch folder on tmpfs, writing the input to a file, the repo
 * root, and a loud invariant check that traps so libFuzzer keeps the input as a crash.
 */
#ifndef QTR_FUZZ_UTIL_H
#define QTR_FUZZ_UTIL_H

#include <dirent.h>
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

static char fuzz_dir[256];

/* Removes the scratch folder and what the harness left in it (at exit). */
static inline void fuzz_scratch_remove(void)
{
    DIR *d = opendir(fuzz_dir);
    if (d) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", fuzz_dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(fuzz_dir);
}

/* A private scratch folder, on tmpfs when there is one; created once per process and removed
 * when it exits normally. */
static inline const char *fuzz_scratch_dir(void)
{
    char *dir = fuzz_dir;
    if (dir[0])
        return dir;
    const char *bases[] = {"/dev/shm", getenv("TMPDIR"), "/tmp", NULL};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        if (!bases[i] || access(bases[i], W_OK) != 0)
            continue;
        snprintf(dir, sizeof fuzz_dir, "%s/qtr-fuzz-XXXXXX", bases[i]);
        if (mkdtemp(dir)) {
            atexit(fuzz_scratch_remove);
            return dir;
        }
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
