/* qtr-publish — the last step of run.sh: moves a finished staging folder to
 * <output>/<plan-id>/<period>/ atomically. When the quarter was published before, the two
 * folders are swapped with renameat2(RENAME_EXCHANGE) — readers see the old complete report or
 * the new complete report, never a mix or nothing — and the old one is then deleted.
 */
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

static void usage(FILE *f)
{
    fprintf(f, "usage: qtr-publish STAGING_DIR DEST_DIR\n"
               "Moves STAGING_DIR to DEST_DIR atomically, replacing an earlier DEST_DIR.\n"
               "Both must be on the same filesystem. Exit: 0 ok, 64 usage, 73 cannot create the\n"
               "destination's parent, 74 the move failed (the earlier DEST_DIR is untouched).\n");
}

static int rename2(const char *from, const char *to, unsigned flags)
{
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

static int mkdirs(const char *path)
{
    char buf[4096];
    if (strlen(path) >= sizeof buf)
        return -1;
    strcpy(buf, path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int main(int argc, char **argv)
{
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails (exit 74), no kill */
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc != 3) {
        usage(stderr);
        return 64;
    }
    const char *from = argv[1], *to = argv[2];
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", to);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdirs(parent) != 0) {
            fprintf(stderr, "qtr-publish: %s: cannot create: %s\n", parent, strerror(errno));
            return 73;
        }
    } else {
        strcpy(parent, ".");
    }
    /* everything the stages wrote reaches the disk before the report becomes visible */
    int sfd = open(from, O_RDONLY | O_DIRECTORY);
    if (sfd >= 0) {
        syncfs(sfd);
        close(sfd);
    }
    if (rename2(from, to, RENAME_NOREPLACE) == 0) {
        sync_dir(parent);
        return 0;
    }
    if (errno == EEXIST || errno == ENOTEMPTY) {
        if (rename2(from, to, RENAME_EXCHANGE) == 0) {
            sync_dir(parent);
            /* from now holds the previous report */
            if (nftw(from, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
                fprintf(stderr, "qtr-publish: warning: could not remove the previous report kept in %s\n", from);
            return 0;
        }
    } else if (errno == EINVAL || errno == ENOSYS) {
        /* no renameat2 on this filesystem: move the old report aside, then the new one in */
        if (rename(from, to) == 0) {
            sync_dir(parent);
            return 0;
        }
        char aside[4200];
        snprintf(aside, sizeof aside, "%s.old-%ld", to, (long)getpid());
        if (rename(to, aside) == 0) {
            if (rename(from, to) == 0) {
                sync_dir(parent);
                nftw(aside, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
                return 0;
            }
            int saved = errno;
            rename(aside, to);
            errno = saved;
        }
    }
    fprintf(stderr, "qtr-publish: cannot move %s to %s: %s\n", from, to, strerror(errno));
    return 74;
}
