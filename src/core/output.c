/* Safe outputs: every file disclose writes goes through here.
 *
 * A file is first written to a temporary in its own folder, named
 * ".<name>.dctmp-<12 random letters>", created with O_EXCL | O_NOFOLLOW (a
 * planted file or symlink is never written through), fsync'd, and only
 * then renamed over the real name; the folder is fsync'd after the rename.
 * While a writer lives it holds an flock on each temporary, so
 * dc_clean_temporaries() can tell the leftovers of a killed writer (no lock)
 * from the work of a live one.  Several files staged in one commit set are
 * renamed together: when one rename fails, the ones already renamed get
 * their old contents back (kept as hard links until the set is done), so a
 * render leaves all of its new outputs or all of its old ones. */
#include "core.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_MARK ".dctmp-"
#define TMP_RANDOM 12

struct staged {
    char *path; /* the real name */
    char *tmp;  /* the temporary, renamed onto path by dc_commit_apply */
    char *old;  /* a hard link to the file path held before, or NULL */
    int fd;     /* open and flock'ed until the set is done */
    int renamed;
};

struct dc_commit {
    struct staged *f;
    int n, cap;
    int applied;
};

struct dc_commit *
dc_commit_new(void)
{
    return dc_xcalloc(1, sizeof(struct dc_commit));
}

static void
split_path(const char *path, struct dc_buf *dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    dc_buf_clear(dir);
    if (!slash) {
        dc_buf_puts(dir, ".");
        *base = path;
    } else {
        dc_buf_put(dir, path, slash == path ? 1 : (size_t)(slash - path));
        *base = slash + 1;
    }
}

/* "<dir>/.<base>.dctmp-XXXXXXXXXXXX" with letters from getrandom(). */
static void
tmp_name(const char *path, struct dc_buf *out)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct dc_buf dir;
    dc_buf_init(&dir);
    const char *base;
    split_path(path, &dir, &base);
    unsigned char r[TMP_RANDOM];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) { /* no entropy source: fall back to a weaker mix */
            unsigned long x = (unsigned long)getpid() * 2654435761u ^
                              (unsigned long)(uintptr_t)out ^
                              (unsigned long)time(NULL);
            for (; got < sizeof r; got++, x = x * 6364136223846793005u + 1)
                r[got] = (unsigned char)(x >> 33);
            break;
        }
        got += (size_t)n;
    }
    dc_buf_clear(out);
    dc_buf_printf(out, "%s/.%s" TMP_MARK, dir.data, base);
    for (size_t i = 0; i < sizeof r; i++)
        dc_buf_putc(out, abc[r[i] % (sizeof abc - 1)]);
    dc_buf_free(&dir);
}

/* A new temporary beside `path`, open for writing and flock'ed; -1 with
 * errno set when none can be made. */
static int
create_tmp(const char *path, struct dc_buf *tmp)
{
    for (int tries = 0; tries < 100; tries++) {
        tmp_name(path, tmp);
        int fd = open(tmp->data,
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      0666);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return -1;
        }
        /* a cleaner may have taken the name away before our lock: then
         * the name no longer leads to our file, and we start again */
        struct stat a, b;
        if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 &&
            lstat(tmp->data, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            return fd;
        close(fd);
    }
    errno = EEXIST;
    return -1;
}

static int
write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

enum dc_status
dc_commit_add(struct dc_commit *c, const char *path, const void *data,
              size_t len, struct dc_diag *diag)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->f[i].path, path) == 0) {
            dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                           _("written twice by one command"));
            return DC_ERR_USAGE;
        }
    struct dc_buf tmp;
    dc_buf_init(&tmp);
    int fd = create_tmp(path, &tmp);
    if (fd < 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("cannot create a temporary file beside it: %s"),
                       strerror(errno));
        dc_buf_free(&tmp);
        return DC_ERR_IO;
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, _("cannot write: %s"),
                       strerror(errno));
        unlink(tmp.data);
        close(fd);
        dc_buf_free(&tmp);
        return DC_ERR_IO;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4;
        c->f = dc_xrealloc(c->f, (size_t)c->cap * sizeof *c->f);
    }
    struct staged *s = &c->f[c->n++];
    memset(s, 0, sizeof *s);
    s->path = dc_xstrdup(path);
    s->tmp = dc_buf_detach(&tmp);
    s->fd = fd;
    return DC_OK;
}

static void
sync_dir_of(const char *path)
{
    struct dc_buf dir;
    dc_buf_init(&dir);
    const char *base;
    split_path(path, &dir, &base);
    int fd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    dc_buf_free(&dir);
}

/* Keeps what `s->path` holds now as a hard link, to put back if the set
 * cannot be completed. */
static int
keep_old(struct staged *s)
{
    struct stat st;
    if (lstat(s->path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISREG(st.st_mode))
        return 0; /* replaced by rename, nothing to restore from */
    struct dc_buf old;
    dc_buf_init(&old);
    for (int tries = 0; tries < 100; tries++) {
        tmp_name(s->path, &old);
        if (link(s->path, old.data) == 0) {
            s->old = dc_buf_detach(&old);
            return 0;
        }
        if (errno != EEXIST)
            break;
    }
    dc_buf_free(&old);
    return -1;
}

enum dc_status
dc_commit_apply(struct dc_commit *c, struct dc_diag *diag)
{
    enum dc_status st = DC_OK;
    int i;
    for (i = 0; i < c->n && c->n > 1; i++)
        if (keep_old(&c->f[i]) != 0) {
            dc_diag_report(diag, c->f[i].path, 0, 0, DC_SEV_ERROR,
                           _("cannot keep the old file while replacing it: %s"),
                           strerror(errno));
            st = DC_ERR_IO;
            break;
        }
    for (i = 0; st == DC_OK && i < c->n; i++) {
        struct staged *s = &c->f[i];
        if (rename(s->tmp, s->path) != 0) {
            dc_diag_report(diag, s->path, 0, 0, DC_SEV_ERROR,
                           _("cannot rename the temporary file into place: %s"),
                           strerror(errno));
            st = DC_ERR_IO;
            break;
        }
        s->renamed = 1;
    }
    if (st != DC_OK) /* put the old set back */
        for (int k = 0; k < c->n; k++) {
            struct staged *s = &c->f[k];
            if (!s->renamed)
                continue;
            if (s->old ? rename(s->old, s->path) == 0
                       : unlink(s->path) == 0) {
                free(s->old);
                s->old = NULL;
            }
            s->renamed = 0;
        }
    for (int k = 0; k < c->n; k++) {
        struct staged *s = &c->f[k];
        if (s->old)
            unlink(s->old);
        if (!s->renamed)
            unlink(s->tmp);
        /* the renames (or the undoing) reach the disk */
        sync_dir_of(s->path);
        close(s->fd);
        s->fd = -1;
    }
    c->applied = 1;
    return st;
}

void
dc_commit_free(struct dc_commit *c)
{
    if (!c)
        return;
    for (int k = 0; k < c->n; k++) {
        struct staged *s = &c->f[k];
        if (!c->applied) /* never applied: the temporaries go */
            unlink(s->tmp);
        if (s->fd >= 0)
            close(s->fd);
        free(s->path);
        free(s->tmp);
        free(s->old);
    }
    free(c->f);
    free(c);
}

void
dc_commit_take(struct dc_commit *into, struct dc_commit *from)
{
    for (int i = 0; i < from->n; i++) {
        if (into->n == into->cap) {
            into->cap = into->cap ? into->cap * 2 : 4;
            into->f = dc_xrealloc(into->f, (size_t)into->cap * sizeof *into->f);
        }
        into->f[into->n++] = from->f[i];
    }
    from->n = 0;
}

enum dc_status
dc_write_file_atomic(const char *path, const void *data, size_t len,
                     struct dc_diag *diag)
{
    struct dc_commit *c = dc_commit_new();
    enum dc_status st = dc_commit_add(c, path, data, len, diag);
    if (st == DC_OK)
        st = dc_commit_apply(c, diag);
    dc_commit_free(c);
    return st;
}

/* ".<name>.dctmp-XXXXXXXXXXXX" */
static int
is_our_tmp(const char *name)
{
    size_t l = strlen(name), m = strlen(TMP_MARK);
    if (name[0] != '.' || l < 2 + m + TMP_RANDOM)
        return 0;
    const char *mark = name + l - TMP_RANDOM - m;
    if (memcmp(mark, TMP_MARK, m) != 0)
        return 0;
    for (const char *p = mark + m; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

int
dc_clean_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *e;
    struct dc_buf p;
    dc_buf_init(&p);
    while ((e = readdir(d)) != NULL) {
        if (!is_our_tmp(e->d_name))
            continue;
        dc_buf_clear(&p);
        dc_buf_printf(&p, "%s/%s", dir, e->d_name);
        int fd = open(p.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0) {
            /* a symlink under our name was planted: it goes too */
            if (errno == ELOOP && unlink(p.data) == 0)
                removed++;
            continue;
        }
        /* a live writer holds its lock; a dead one's temporary is free */
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0 && unlink(p.data) == 0)
            removed++;
        close(fd);
    }
    closedir(d);
    dc_buf_free(&p);
    return removed;
}
