/* Safe outputs: every file disclose writes goes through here.
 *
 * A file is first written to a temporary in its own folder, named
 * ".<name>.dctmp-<12 random letters>", created with O_EXCL | O_NOFOLLOW (a
 * planted file or symlink is never written through), fsync'd, and only
 * then renamed over the real name; the folder is fsync'd after the rename.
 * While a writer lives it holds an flock on each temporary, so
 * dc_clean_temporaries() can tell the leftovers of a killed writer (no lock)
 * from the work of a live one.
 *
 * Several files staged in one commit set are replaced together, also when
 * the writer is killed or the power fails half-way.  Before the first
 * rename, a journal ".dc-commit-<12 random letters>" in the set's folder
 * (the deepest folder holding all its files) lists each temporary, its
 * real name and a hard link keeping the old file; it ends with a line
 * giving the count of entries and the CRC-32 of what precedes it, so a
 * journal cut short is known as such.  The temporaries, the journal and
 * their folders are fsync'd before the first rename; then the renames, the
 * folders fsync'd again, the old links and the journal removed.  Whoever
 * next cleans that folder (dc_clean_temporaries) finds a journal no live
 * writer holds and rolls it forward: it finishes the renames whose
 * temporaries are still there.  A journal that is cut short was written
 * before any rename: it is discarded with its temporaries, and the old
 * set stays.  When a rename fails in a live writer, an "undo" journal is
 * written first, then the renamed files get their old contents back; the
 * next run finishes an undo the same way.  Journal lines:
 *
 *   disclose-commit 1            (or "disclose-undo 1")
 *   file TMP REAL OLD            (relative to the journal's folder; OLD "-"
 *                                 when there was no file; %XX escapes)
 *   end N CRC32                  (N entries; CRC-32 of every byte before)
 */
#define _GNU_SOURCE /* sync_file_range */
#include "core.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define TMP_MARK ".dctmp-"
#define JOURNAL_MARK ".dc-commit-"
#define TMP_RANDOM 12
#define JOURNAL_MAX (1 << 20)

struct staged {
    char *path; /* the real name */
    char *tmp;  /* the temporary, renamed onto path by dc_commit_apply */
    char *old;  /* a hard link to the file path held before, or NULL */
    int fd;     /* open and flock'ed until the set is done */
    int oldfd;  /* the old file, flock'ed too (a cleaner spares its link) */
    int synced; /* fsync'd (a part the caller wrote through the fd is not) */
    int flushing; /* writeback started (dc_commit_writeback) */
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

/* "<dir>/<prefix>XXXXXXXXXXXX" with letters from getrandom(). */
static void
random_name(const char *dir, const char *prefix, struct dc_buf *out)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
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
    dc_buf_printf(out, "%s/%s", dir, prefix);
    for (size_t i = 0; i < sizeof r; i++)
        dc_buf_putc(out, abc[r[i] % (sizeof abc - 1)]);
}

/* "<dir>/.<base>.dctmp-XXXXXXXXXXXX" */
static void
tmp_name(const char *path, struct dc_buf *out)
{
    struct dc_buf dir, prefix;
    dc_buf_init(&dir);
    dc_buf_init(&prefix);
    const char *base;
    split_path(path, &dir, &base);
    dc_buf_printf(&prefix, ".%s" TMP_MARK, base);
    random_name(dir.data, prefix.data, out);
    dc_buf_free(&dir);
    dc_buf_free(&prefix);
}

/* A new file named by `name()` (called again on a clash), open for
 * writing and flock'ed; -1 with errno set when none can be made. */
static int
create_locked(const char *arg, void (*name)(const char *, struct dc_buf *),
              struct dc_buf *tmp)
{
    for (int tries = 0; tries < 100; tries++) {
        name(arg, tmp);
        /* readable too: a batch hashes what it commits (dc_commit_file) */
        int fd = open(tmp->data,
                      O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
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

/* Adds the temporary `tmp` (open as `fd`, flock'ed) as the new `path`. */
static void
push(struct dc_commit *c, const char *path, struct dc_buf *tmp, int fd,
     int synced)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4;
        c->f = dc_xrealloc(c->f, (size_t)c->cap * sizeof *c->f);
    }
    struct staged *s = &c->f[c->n++];
    memset(s, 0, sizeof *s);
    s->path = dc_xstrdup(path);
    s->tmp = dc_buf_detach(tmp);
    s->fd = fd;
    s->oldfd = -1;
    s->synced = synced;
}

static int
staged_twice(struct dc_commit *c, const char *path, struct dc_diag *diag)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->f[i].path, path) == 0) {
            dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                           _("written twice by one command"));
            return 1;
        }
    return 0;
}

int
dc_commit_open(struct dc_commit *c, const char *path, struct dc_diag *diag)
{
    if (staged_twice(c, path, diag))
        return -1;
    struct dc_buf tmp;
    dc_buf_init(&tmp);
    int fd = create_locked(path, tmp_name, &tmp);
    if (fd < 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("cannot create a temporary file beside it: %s"),
                       strerror(errno));
        dc_buf_free(&tmp);
        return -1;
    }
    push(c, path, &tmp, fd, 0);
    return fd;
}

enum dc_status
dc_commit_add(struct dc_commit *c, const char *path, const void *data,
              size_t len, struct dc_diag *diag)
{
    int fd = dc_commit_open(c, path, diag);
    if (fd < 0)
        return staged_twice(c, path, NULL) ? DC_ERR_USAGE : DC_ERR_IO;
    struct staged *s = &c->f[c->n - 1];
    /* fsync'd when the set is applied, with the others */
    if (write_all(fd, data, len) != 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, _("cannot write: %s"),
                       strerror(errno));
        unlink(s->tmp);
        close(fd);
        free(s->path);
        free(s->tmp);
        c->n--;
        return DC_ERR_IO;
    }
    return DC_OK;
}

enum dc_status
dc_commit_adopt(struct dc_commit *c, const char *path, const char *written,
                struct dc_diag *diag)
{
    if (staged_twice(c, path, diag)) {
        unlink(written);
        return DC_ERR_USAGE;
    }
    struct dc_buf tmp;
    dc_buf_init(&tmp);
    int linked = 0, fd = -1;
    /* a hard link under a name of ours, then the caller's name goes:
     * never over a file that is there */
    for (int tries = 0; tries < 100 && !linked; tries++) {
        tmp_name(path, &tmp);
        if (link(written, tmp.data) == 0)
            linked = 1;
        else if (errno != EEXIST)
            break;
    }
    struct stat st;
    if (linked)
        fd = open(tmp.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
                    flock(fd, LOCK_EX) != 0 || fsync(fd) != 0)) {
        int e = errno;
        close(fd);
        fd = -1;
        errno = e;
    }
    if (fd < 0) {
        int e = errno;
        if (linked)
            unlink(tmp.data);
        unlink(written);
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, _("cannot write: %s"),
                       strerror(e));
        dc_buf_free(&tmp);
        return DC_ERR_IO;
    }
    unlink(written);
    push(c, path, &tmp, fd, 1);
    return DC_OK;
}

static void
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* fsyncs each folder of `paths` once. */
static void
sync_dirs_of(char *const *paths, int n)
{
    struct dc_buf dir, other;
    dc_buf_init(&dir);
    dc_buf_init(&other);
    for (int i = 0; i < n; i++) {
        const char *base;
        split_path(paths[i], &dir, &base);
        int seen = 0;
        for (int k = 0; k < i && !seen; k++) {
            split_path(paths[k], &other, &base);
            seen = strcmp(dir.data, other.data) == 0;
        }
        if (!seen)
            sync_dir(dir.data);
    }
    dc_buf_free(&dir);
    dc_buf_free(&other);
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
        if (link(s->path, old.data) != 0) {
            if (errno != EEXIST)
                break;
            continue;
        }
        /* locked as our temporaries are, and still ours once locked */
        int fd = open(old.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        struct stat a, b;
        if (fd >= 0 && flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 &&
            lstat(old.data, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            s->old = dc_buf_detach(&old);
            s->oldfd = fd;
            return 0;
        }
        if (fd >= 0)
            close(fd);
    }
    dc_buf_free(&old);
    return -1;
}

/* ---- the journal ---- */

/* The length of the longest folder path that `a` and `b` (folder paths
 * of lengths la and lb) both are or lie in. */
static size_t
common_dir(const char *a, size_t la, const char *b, size_t lb)
{
    size_t k = 0;
    while (k < la && k < lb && a[k] == b[k])
        k++;
    if ((k == la || a[k] == '/') && (k == lb || b[k] == '/'))
        return k;
    while (k > 0 && a[k - 1] != '/')
        k--;
    return k > 0 ? k - 1 : 0;
}

/* The deepest folder holding every file of the set. */
static void
journal_dir(const struct dc_commit *c, struct dc_buf *out)
{
    const char *first = c->f[0].path, *slash = strrchr(first, '/');
    size_t common = slash ? (size_t)(slash - first) : 0;
    for (int i = 1; i < c->n; i++) {
        const char *p = c->f[i].path;
        slash = strrchr(p, '/');
        common = common_dir(first, common, p, slash ? (size_t)(slash - p) : 0);
    }
    dc_buf_clear(out);
    if (common > 0)
        dc_buf_put(out, first, common);
    else
        dc_buf_puts(out, first[0] == '/' ? "/" : ".");
}

/* `path` relative to the journal's folder `dir`. */
static const char *
rel_to(const char *dir, const char *path)
{
    size_t l = strlen(dir);
    if (strcmp(dir, ".") == 0)
        return path;
    if (strcmp(dir, "/") == 0)
        return path + 1;
    return strncmp(path, dir, l) == 0 && path[l] == '/' ? path + l + 1 : path;
}

/* A journal field: bytes up to space, '%' and controls as %XX. */
void
dc_field_put(struct dc_buf *b, const char *s)
{
    dc_buf_putc(b, ' ');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch <= 0x20 || ch == '%' || ch == 0x7f)
            dc_buf_printf(b, "%%%02X", ch);
        else
            dc_buf_putc(b, (char)ch);
    }
}

static void
journal_text(const struct dc_commit *c, const char *dir, const char *kind,
             struct dc_buf *b)
{
    dc_buf_clear(b);
    int undo = strcmp(kind, "undo") == 0, n = 0;
    dc_buf_printf(b, "disclose-%s 1\n", kind);
    for (int i = 0; i < c->n; i++) {
        const struct staged *s = &c->f[i];
        if (undo && !s->renamed) /* only what is to be put back */
            continue;
        n++;
        dc_buf_puts(b, "file");
        dc_field_put(b, rel_to(dir, s->tmp));
        dc_field_put(b, rel_to(dir, s->path));
        dc_field_put(b, s->old ? rel_to(dir, s->old) : "-");
        dc_buf_putc(b, '\n');
    }
    uLong crc = crc32(0L, (const Bytef *)b->data, (uInt)b->len);
    dc_buf_printf(b, "end %d %08lx\n", n, (unsigned long)crc);
}

static void
journal_name(const char *dir, struct dc_buf *out)
{
    random_name(dir, JOURNAL_MARK, out);
}

/* Writes the journal of `kind` and makes it, the temporaries and their
 * folders durable; returns its descriptor (flock'ed) or -1 after a
 * message. */
static int
journal_write(struct dc_commit *c, const char *kind, struct dc_buf *path,
              struct dc_diag *diag)
{
    struct dc_buf dir, text;
    dc_buf_init(&dir);
    dc_buf_init(&text);
    journal_dir(c, &dir);
    journal_text(c, dir.data, kind, &text);
    int fd = create_locked(dir.data, journal_name, path);
    if (fd >= 0 && (write_all(fd, text.data, text.len) != 0 || fsync(fd) != 0)) {
        int e = errno;
        unlink(path->data);
        close(fd);
        fd = -1;
        errno = e;
    }
    if (fd < 0)
        dc_diag_report(diag, c->f[0].path, 0, 0, DC_SEV_ERROR,
                       _("cannot write the journal of this commit in %s: %s"),
                       dir.data, strerror(errno));
    else { /* the names of the journal and the temporaries durable */
        char **names = dc_xmalloc((size_t)(c->n + 1) * sizeof(char *));
        names[0] = path->data;
        for (int i = 0; i < c->n; i++)
            names[i + 1] = c->f[i].tmp;
        sync_dirs_of(names, c->n + 1);
        free(names);
    }
    dc_buf_free(&dir);
    dc_buf_free(&text);
    return fd;
}

/* Ends the journal open as `fd` at `path`.  Its removal is not fsync'd: a
 * journal a power loss brings back names temporaries that are gone, and
 * finishing it again changes nothing. */
static void
journal_end(int fd, struct dc_buf *path)
{
    if (fd < 0)
        return;
    unlink(path->data);
    close(fd);
}

/* Puts the old set back after a failed rename. */
static void
undo(struct dc_commit *c)
{
    for (int k = 0; k < c->n; k++) {
        struct staged *s = &c->f[k];
        if (!s->renamed)
            continue;
        if (s->old ? rename(s->old, s->path) == 0 : unlink(s->path) == 0) {
            free(s->old);
            s->old = NULL;
        }
        s->renamed = 0;
    }
}

int
dc_commit_file(const struct dc_commit *c, int i, const char **path)
{
    if (i < 0 || i >= c->n)
        return -1;
    *path = c->f[i].path;
    return c->f[i].fd;
}

void
dc_commit_writeback(struct dc_commit *c)
{
    for (int i = 0; i < c->n; i++)
        if (!c->f[i].synced && !c->f[i].flushing) {
            sync_file_range(c->f[i].fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            c->f[i].flushing = 1;
        }
}

enum dc_status
dc_commit_apply(struct dc_commit *c, struct dc_diag *diag)
{
    enum dc_status st = DC_OK;
    int i;
    /* every file's writeback under way before the first fsync waits: the
     * fsyncs after it find (almost) nothing left to write */
    dc_commit_writeback(c);
    for (i = 0; i < c->n; i++) { /* parts the caller wrote through the fd */
        struct staged *s = &c->f[i];
        if (!s->synced && fsync(s->fd) != 0) {
            dc_diag_report(diag, s->path, 0, 0, DC_SEV_ERROR,
                           _("cannot write: %s"), strerror(errno));
            st = DC_ERR_IO;
            break;
        }
        s->synced = 1;
    }
    for (i = 0; st == DC_OK && i < c->n && c->n > 1; i++)
        if (keep_old(&c->f[i]) != 0) {
            dc_diag_report(diag, c->f[i].path, 0, 0, DC_SEV_ERROR,
                           _("cannot keep the old file while replacing it: %s"),
                           strerror(errno));
            st = DC_ERR_IO;
            break;
        }
    /* one file is replaced by one rename; several need the journal */
    struct dc_buf jpath;
    dc_buf_init(&jpath);
    int jfd = -1;
    if (st == DC_OK && c->n > 1 &&
        (jfd = journal_write(c, "commit", &jpath, diag)) < 0)
        st = DC_ERR_IO;
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
    if (st != DC_OK && jfd >= 0) {
        /* the journal says "undo" before any file goes back: a kill now
         * still ends with the old set */
        struct dc_buf upath;
        dc_buf_init(&upath);
        int ufd = journal_write(c, "undo", &upath, NULL);
        /* and the commit's own journal is gone for good: after a power
         * loss it would put the unrenamed temporaries in place */
        struct dc_buf jdir;
        dc_buf_init(&jdir);
        const char *base;
        split_path(jpath.data, &jdir, &base);
        journal_end(jfd, &jpath);
        sync_dir(jdir.data);
        dc_buf_free(&jdir);
        jfd = ufd;
        dc_buf_free(&jpath);
        jpath = upath;
    }
    if (st != DC_OK)
        undo(c);
    char **paths = dc_xmalloc((size_t)(c->n ? c->n : 1) * sizeof(char *));
    for (int k = 0; k < c->n; k++) {
        struct staged *s = &c->f[k];
        if (!s->renamed)
            unlink(s->tmp);
        paths[k] = s->path;
    }
    /* the renames (or the undoing) reach the disk before the journal and
     * the old files go */
    sync_dirs_of(paths, c->n);
    free(paths);
    for (int k = 0; k < c->n; k++) {
        struct staged *s = &c->f[k];
        if (s->old)
            unlink(s->old);
        close(s->fd);
        s->fd = -1;
        if (s->oldfd >= 0)
            close(s->oldfd);
        s->oldfd = -1;
    }
    journal_end(jfd, &jpath);
    dc_buf_free(&jpath);
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
        if (s->oldfd >= 0)
            close(s->oldfd);
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

/* ---- after a kill: journals finished or discarded, temporaries gone ---- */

/* `name` ends in `mark` and 12 letters or digits. */
static int
marked(const char *name, const char *mark)
{
    size_t l = strlen(name), m = strlen(mark);
    if (l < m + TMP_RANDOM)
        return 0;
    const char *at = name + l - TMP_RANDOM - m;
    if (memcmp(at, mark, m) != 0)
        return 0;
    for (const char *p = at + m; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

/* ".<name>.dctmp-XXXXXXXXXXXX" */
int
dc_is_temporary_name(const char *name)
{
    return name[0] == '.' && strlen(name) >= 2 + strlen(TMP_MARK) + TMP_RANDOM &&
           marked(name, TMP_MARK);
}

/* ".dc-commit-XXXXXXXXXXXX" */
int
dc_is_journal_name(const char *name)
{
    return strncmp(name, JOURNAL_MARK, strlen(JOURNAL_MARK)) == 0 &&
           strlen(name) == strlen(JOURNAL_MARK) + TMP_RANDOM &&
           marked(name, JOURNAL_MARK);
}

static int
hex(char ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                    : -1;
}

/* Decodes one %XX-escaped field at *p into `out`; 0 when malformed. */
int
dc_field_get(const char **p, struct dc_buf *out)
{
    dc_buf_clear(out);
    if (**p != ' ')
        return 0;
    (*p)++;
    for (; **p && **p != ' ' && **p != '\n'; (*p)++) {
        if (**p == '%') {
            int hi = hex((*p)[1]), lo = hi < 0 ? -1 : hex((*p)[2]);
            if (lo < 0)
                return 0;
            dc_buf_putc(out, (char)(hi * 16 + lo));
            *p += 2;
        } else {
            dc_buf_putc(out, **p);
        }
    }
    return out->len > 0 && memchr(out->data, '\0', out->len) == NULL;
}

/* `tmp` is a temporary of ours for `real`: the same folder, and named
 * ".<real's name>.dctmp-XXXXXXXXXXXX". */
static int
tmp_of(const char *tmp, const char *real)
{
    const char *ts = strrchr(tmp, '/'), *rs = strrchr(real, '/');
    size_t td = ts ? (size_t)(ts - tmp) : 0, rd = rs ? (size_t)(rs - real) : 0;
    const char *tb = ts ? ts + 1 : tmp, *rb = rs ? rs + 1 : real;
    size_t rl = strlen(rb);
    return td == rd && strncmp(tmp, real, td) == 0 &&
           dc_is_temporary_name(tb) &&
           strlen(tb) == 1 + rl + strlen(TMP_MARK) + TMP_RANDOM &&
           strncmp(tb + 1, rb, rl) == 0;
}

struct jentry {
    char *tmp, *real, *old; /* full paths; old NULL for "-" */
};

/* Parses a journal; returns the number of entries it names (those read
 * before a damaged line, too) and sets *whole when it is complete and its
 * checksum holds, *undo for an undo journal. */
static int
journal_parse(const char *dir, const char *text, size_t len,
              struct jentry **out, int *whole, int *undo)
{
    *whole = *undo = 0;
    *out = NULL;
    int n = 0, cap = 0;
    const char *p = text;
    if (strncmp(p, "disclose-commit 1\n", 18) == 0)
        p += 18;
    else if (strncmp(p, "disclose-undo 1\n", 16) == 0) {
        p += 16;
        *undo = 1;
    } else
        return 0;
    struct dc_buf f[3];
    for (int k = 0; k < 3; k++)
        dc_buf_init(&f[k]);
    while (p < text + len && strncmp(p, "file ", 5) == 0) {
        p += 4;
        if (!dc_field_get(&p, &f[0]) || !dc_field_get(&p, &f[1]) ||
            !dc_field_get(&p, &f[2]) || *p != '\n')
            break;
        p++;
        int none = strcmp(f[2].data, "-") == 0;
        if (!dc_path_inside(f[0].data) || !dc_path_inside(f[1].data) ||
            !tmp_of(f[0].data, f[1].data) ||
            (!none && (!dc_path_inside(f[2].data) ||
                       !tmp_of(f[2].data, f[1].data))))
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            *out = dc_xrealloc(*out, (size_t)cap * sizeof **out);
        }
        struct jentry *e = &(*out)[n++];
        struct dc_buf b;
        dc_buf_init(&b);
        dc_buf_printf(&b, "%s/%s", dir, f[0].data);
        e->tmp = dc_buf_detach(&b);
        dc_buf_printf(&b, "%s/%s", dir, f[1].data);
        e->real = dc_buf_detach(&b);
        e->old = NULL;
        if (!none) {
            dc_buf_printf(&b, "%s/%s", dir, f[2].data);
            e->old = dc_buf_detach(&b);
        }
    }
    int count;
    unsigned long crc;
    char tail[8];
    if (strncmp(p, "end ", 4) == 0 &&
        sscanf(p, "end %d %lx%1[\n]", &count, &crc, tail) == 3 &&
        count == n && strchr(p, '\n') == text + len - 1 &&
        crc == crc32(0L, (const Bytef *)text, (uInt)(p - text)))
        *whole = 1;
    for (int k = 0; k < 3; k++)
        dc_buf_free(&f[k]);
    return n;
}

static int
is_regular(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Finishes (rolls forward or undoes) or discards the journal `path`, open
 * as `fd` and flock'ed by us. */
static void
recover(const char *dir, const char *path, int fd, struct dc_diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size > JOURNAL_MAX ||
        dc_read_fd(fd, path, JOURNAL_MAX, &text, &len, NULL) != DC_OK)
        len = 0;
    struct jentry *e = NULL;
    int whole = 0, undo = 0; /* unset when no journal could be read */
    int n = text ? journal_parse(dir, text, len, &e, &whole, &undo) : 0;
    char **paths = dc_xmalloc((size_t)(n ? n : 1) * sizeof(char *));
    int done = 0;
    for (int i = 0; i < n; i++) {
        paths[i] = e[i].real;
        if (whole && !undo) { /* forward: what is left of the renames */
            if (is_regular(e[i].tmp) && rename(e[i].tmp, e[i].real) == 0)
                done++;
        } else if (whole && undo) { /* back: each renamed file as it was */
            if (e[i].old && is_regular(e[i].old))
                rename(e[i].old, e[i].real);
            else if (!e[i].old)
                unlink(e[i].real);
        } else if (is_regular(e[i].tmp)) { /* cut short: no rename began */
            unlink(e[i].tmp);
        }
    }
    sync_dirs_of(paths, n);
    for (int i = 0; i < n; i++)
        if (e[i].old && is_regular(e[i].old))
            unlink(e[i].old);
    if (whole && !undo)
        dc_diag_report(diag, dir, 0, 0, DC_SEV_WARNING,
                       _("a commit that was interrupted (killed or a power "
                         "loss) is finished: %d of its %d files put in "
                         "place now"),
                       done, n);
    else if (whole)
        dc_diag_report(diag, dir, 0, 0, DC_SEV_WARNING,
                       _("a commit that failed and was interrupted is "
                         "undone: its %d files are as they were before"),
                       n);
    else if (len > 0) /* empty: killed (or not yet locked) at its start */
        dc_diag_report(diag, dir, 0, 0, DC_SEV_WARNING,
                       _("a commit that was interrupted before its journal "
                         "was complete is discarded: the files it would "
                         "have replaced are kept"));
    unlink(path);
    sync_dir(dir);
    for (int i = 0; i < n; i++) {
        free(e[i].tmp);
        free(e[i].real);
        free(e[i].old);
    }
    free(e);
    free(paths);
    free(text);
}

/* The journals of `dir` no live writer holds: undo ones first (a failed
 * commit's forward journal may still be there beside its undo). */
static int
recover_dir(const char *dir, struct dc_diag *diag)
{
    int found = 0;
    for (int pass = 0; pass < 2; pass++) {
        DIR *d = opendir(dir);
        if (!d)
            return found;
        struct dirent *ent;
        struct dc_buf p;
        dc_buf_init(&p);
        while ((ent = readdir(d)) != NULL) {
            if (!dc_is_journal_name(ent->d_name))
                continue;
            dc_buf_clear(&p);
            dc_buf_printf(&p, "%s/%s", dir, ent->d_name);
            int fd =
                open(p.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            struct stat st;
            char head[16] = "";
            if (fd < 0) {
                if (errno == ELOOP) /* a symlink under our name */
                    unlink(p.data);
                continue;
            }
            if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                flock(fd, LOCK_EX | LOCK_NB) == 0 &&
                (pread(fd, head, sizeof head - 1, 0) >= 0) &&
                (strncmp(head, "disclose-undo", 13) == 0) == (pass == 0)) {
                recover(dir, p.data, fd, diag);
                found++;
            }
            close(fd);
        }
        closedir(d);
        dc_buf_free(&p);
    }
    return found;
}

int
dc_clean_temporaries(const char *dir, struct dc_diag *diag)
{
    int removed = recover_dir(dir, diag);
    DIR *d = opendir(dir);
    if (!d)
        return removed;
    struct dirent *e;
    struct dc_buf p;
    dc_buf_init(&p);
    while ((e = readdir(d)) != NULL) {
        if (!dc_is_temporary_name(e->d_name))
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
