/* Where temporary files that a library names and opens itself go
 * (libxlsxwriter's): $TMPDIR when the user set it, else a memory-backed
 * file system when there is one with room, else /tmp.  On tmpfs, making,
 * writing and removing a file takes no block allocation, journal or
 * discard, and two workers of a batch do not queue for them. */
#include "core.h"
#include "i18n.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994 /* <linux/magic.h> */
#endif

/* What a memory-backed folder must have free beyond twice the need: the
 * room others use it for (POSIX shared memory, sockets, a session's
 * runtime files) is theirs. */
#define MEMORY_SPARE ((int64_t)16 << 20)

int64_t
dc_dir_free(const char *dir, int *memory)
{
    struct statfs sf;
    if (memory)
        *memory = 0;
    if (statfs(dir, &sf) != 0)
        return -1;
    if (memory)
        *memory = sf.f_type == TMPFS_MAGIC;
    return (int64_t)sf.f_bavail * (int64_t)sf.f_bsize;
}

/* `dir` is a folder on tmpfs that we may make files in, with room for
 * `need` bytes twice over and some to spare. */
static int
memory_with_room(const char *dir, int64_t need)
{
    int memory;
    if (!dir || dir[0] != '/')
        return 0;
    int64_t room = dc_dir_free(dir, &memory);
    return memory && room >= 2 * need + MEMORY_SPARE &&
           access(dir, W_OK | X_OK) == 0;
}

int
dc_tmp_dirs(const struct dc_tmp_env *env, int64_t need,
            const char *dirs[DC_TMP_DIRS])
{
    if (env && env->tmpdir && *env->tmpdir) {
        struct stat st;
        if (stat(env->tmpdir, &st) != 0)
            return -1;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        if (access(env->tmpdir, W_OK | X_OK) != 0)
            return -1;
        dirs[0] = env->tmpdir;
        return 1;
    }
    int n = 0;
    int memory;
    if (dc_dir_free("/tmp", &memory) >= 0 && memory) {
        dirs[n++] = "/tmp"; /* Debian 13's /tmp, and many others' */
        return n;
    }
    if (memory_with_room("/dev/shm", need))
        dirs[n++] = "/dev/shm";
    else if (env && memory_with_room(env->runtime_dir, need))
        dirs[n++] = env->runtime_dir;
    dirs[n++] = "/tmp";
    return n;
}

int
dc_tmp_dirs_report(const struct dc_tmp_env *env, int64_t need,
                   const char *dirs[DC_TMP_DIRS], struct dc_diag *diag)
{
    int n = dc_tmp_dirs(env, need, dirs);
    if (n < 0)
        dc_diag_report(diag, env->tmpdir, 0, 0, DC_SEV_ERROR,
                       _("TMPDIR names this folder for temporary files, "
                         "but the workbook's cannot be made in it: %s"),
                       strerror(errno));
    return n;
}
