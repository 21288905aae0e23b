#include "core.h"
#include "i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
dc_list_dir(const char *dir, const char *suffix, size_t *count)
{
    DIR *d = opendir(dir);
    *count = 0;
    if (!d)
        return NULL;
    size_t n = 0, cap = 8, sl = suffix ? strlen(suffix) : 0;
    char **names = dc_xmalloc(cap * sizeof(char *));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' ||
            (sl && (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)))
            continue;
        if (n + 1 >= cap) {
            cap *= 2;
            names = dc_xrealloc(names, cap * sizeof(char *));
        }
        names[n++] = dc_xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), name_cmp);
    names[n] = NULL;
    *count = n;
    return names;
}

int
dc_path_inside(const char *rel)
{
    if (!*rel || rel[0] == '/')
        return 0;
    for (const char *p = rel; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n + (e ? 1 : 0);
    }
    return 1;
}

void
dc_list_free(char **names)
{
    if (!names)
        return;
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}

/* ---- reading input ---- */

int
dc_open_input(const char *path, struct dc_read_error *why)
{
    /* O_NONBLOCK: opening a FIFO without a writer must not wait */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        why->what = DC_READ_CANNOT_OPEN;
        why->err = errno;
        if (fd >= 0)
            close(fd);
        errno = why->err;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        why->what = DC_READ_NOT_REGULAR;
        why->kind = S_ISDIR(st.st_mode)    ? N_("a folder")
                    : S_ISFIFO(st.st_mode) ? N_("a FIFO")
                    : S_ISSOCK(st.st_mode) ? N_("a socket")
                                           : N_("a device");
        close(fd);
        errno = EINVAL;
        return -1;
    }
    /* back to blocking reads: a regular file never blocks anyway */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

enum dc_status
dc_read_input(int fd, size_t max, char **out, size_t *len,
              struct dc_read_error *why)
{
    struct stat st;
    size_t want = 65536;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if (max && (unsigned long long)st.st_size > max) {
            why->what = DC_READ_TOO_BIG;
            why->size = (long long)st.st_size;
            why->max = max;
            errno = EFBIG;
            return DC_ERR_INPUT;
        }
        want = (size_t)st.st_size + 1; /* one more to see the end */
    }
    struct dc_buf b;
    dc_buf_init(&b);
    b.cap = want + 1;
    b.data = dc_xmalloc(b.cap);
    b.data[0] = '\0';
    for (;;) {
        if (b.cap - b.len < 2) {
            b.cap *= 2;
            b.data = dc_xrealloc(b.data, b.cap);
        }
        ssize_t got = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            why->what = DC_READ_CANNOT_READ;
            why->err = errno;
            dc_buf_free(&b);
            errno = why->err;
            return DC_ERR_IO;
        }
        if (got == 0)
            break;
        b.len += (size_t)got;
        b.data[b.len] = '\0';
        if (max && b.len > max) { /* a pipe, or a file that grew */
            why->what = DC_READ_TOO_BIG;
            why->size = -1;
            why->max = max;
            dc_buf_free(&b);
            errno = EFBIG;
            return DC_ERR_INPUT;
        }
    }
    if (len)
        *len = b.len;
    *out = dc_buf_detach(&b);
    return DC_OK;
}

enum dc_status
dc_read_input_spool(int fd, size_t max, struct dc_spool *out, size_t *len,
                    struct dc_read_error *why)
{
    struct stat st;
    memset(out, 0, sizeof *out);
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (size_t)st.st_size >= DC_SPOOL_STEP &&
        !(max && (unsigned long long)st.st_size > max)) {
        size_t size = (size_t)st.st_size, n = 0;
        dc_spool_alloc(out, size + 1);
        for (;;) {
            char more;
            ssize_t got = n < size ? read(fd, out->base + n, size - n)
                                   : read(fd, &more, 1);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                why->what = DC_READ_CANNOT_READ;
                why->err = errno;
                dc_spool_free(out);
                errno = why->err;
                return DC_ERR_IO;
            }
            if (got == 0) {
                out->base[n] = '\0';
                if (len)
                    *len = n;
                return DC_OK;
            }
            if (n == size) /* it grew while read: read it as a stream */
                break;
            n += (size_t)got;
        }
        dc_spool_free(out);
        if (lseek(fd, 0, SEEK_SET) != 0) {
            why->what = DC_READ_CANNOT_READ;
            why->err = errno;
            return DC_ERR_IO;
        }
    }
    char *data;
    size_t n;
    enum dc_status st_read = dc_read_input(fd, max, &data, &n, why);
    if (st_read != DC_OK)
        return st_read;
    out->base = data; /* on the heap, kept whole */
    out->cap = n + 1;
    if (len)
        *len = n;
    return DC_OK;
}

/* The message of a failed read, as core words it for layouts, font maps,
 * archived files (the parser words its own, with its message ids). */
static void
report_read_error(struct dc_diag *diag, const char *name,
                  const struct dc_read_error *why)
{
    if (!diag)
        return;
    switch (why->what) {
    case DC_READ_CANNOT_OPEN:
    case DC_READ_CANNOT_READ:
        dc_diag_report(diag, name, 0, 0, DC_SEV_ERROR, _("cannot read: %s"),
                       strerror(why->err));
        break;
    case DC_READ_NOT_REGULAR:
        dc_diag_report(diag, name, 0, 0, DC_SEV_ERROR,
                       _("cannot read: %s, not a regular file"),
                       _(why->kind));
        break;
    case DC_READ_TOO_BIG:
        if (why->size >= 0)
            dc_diag_report(diag, name, 0, 0, DC_SEV_ERROR,
                           _("%lld bytes, more than the limit of %zu "
                             "(--max-size)"),
                           why->size, why->max);
        else
            dc_diag_report(diag, name, 0, 0, DC_SEV_ERROR,
                           _("more than the limit of %zu bytes (--max-size)"),
                           why->max);
        break;
    }
}

int
dc_open_regular(const char *path, struct dc_diag *diag)
{
    struct dc_read_error why;
    int fd = dc_open_input(path, &why);
    if (fd < 0) {
        int saved = errno;
        report_read_error(diag, path, &why);
        errno = saved;
    }
    return fd;
}

enum dc_status
dc_read_fd(int fd, const char *name, size_t max, char **out, size_t *len,
           struct dc_diag *diag)
{
    struct dc_read_error why;
    enum dc_status st = dc_read_input(fd, max, out, len, &why);
    if (st != DC_OK) {
        int saved = errno;
        report_read_error(diag, name, &why);
        errno = saved;
    }
    return st;
}

enum dc_status
dc_read_file(const char *path, size_t max, char **out, size_t *len,
             struct dc_diag *diag)
{
    int fd = dc_open_regular(path, diag);
    if (fd < 0)
        return errno == EINVAL ? DC_ERR_INPUT : DC_ERR_IO;
    enum dc_status st = dc_read_fd(fd, path, max, out, len, diag);
    int saved = errno;
    close(fd);
    errno = saved;
    return st;
}

enum dc_status
dc_check_regular(const char *path, size_t max, struct dc_diag *diag)
{
    int fd = dc_open_regular(path, diag);
    if (fd < 0)
        return errno == EINVAL ? DC_ERR_INPUT : DC_ERR_IO;
    struct stat st;
    enum dc_status rc = DC_OK;
    if (fstat(fd, &st) != 0) {
        struct dc_read_error why = {.what = DC_READ_CANNOT_OPEN, .err = errno};
        report_read_error(diag, path, &why);
        rc = DC_ERR_IO;
    } else if (max && (unsigned long long)st.st_size > max) {
        struct dc_read_error why = {.what = DC_READ_TOO_BIG,
                                    .size = (long long)st.st_size,
                                    .max = max};
        report_read_error(diag, path, &why);
        errno = EFBIG;
        rc = DC_ERR_INPUT;
    }
    close(fd);
    return rc;
}

/* ---- one writer at a time ---- */

int
dc_lock_dir(const char *dir, int wait, struct dc_diag *diag)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        dc_diag_report(diag, dir, 0, 0, DC_SEV_ERROR, _("cannot open: %s"),
                       strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
    if (errno == EWOULDBLOCK && wait) {
        dc_diag_report(diag, dir, 0, 0, DC_SEV_NOTE,
                       _("another disclose is writing here; waiting for it"));
        while (flock(fd, LOCK_EX) != 0)
            if (errno != EINTR)
                break;
        return fd;
    }
    if (errno == EWOULDBLOCK)
        dc_diag_report(diag, dir, 0, 0, DC_SEV_ERROR,
                       _("another disclose is writing here; try again when it "
                       "has finished, or use --wait"));
    else
        dc_diag_report(diag, dir, 0, 0, DC_SEV_ERROR, _("cannot lock: %s"),
                       strerror(errno));
    close(fd);
    return -1;
}
