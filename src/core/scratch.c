/* Scratch files: room on disk for what grows with the source and is read
 * back (the DOCX's document.xml, the PDF's finished pages), the positioned
 * reads and writes of them, and the spillable buffer that holds such bytes
 * in memory until they are many. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
dc_scratch_fd(const char *dir)
{
    int fd = -1;
#ifdef O_TMPFILE
    if (dir)
        fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#else
    (void)dir;
#endif
    if (fd < 0) {
        FILE *f = tmpfile();
        if (f) {
            fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 0);
            fclose(f);
        }
    }
    return fd;
}

int
dc_pwrite_all(int fd, const void *data, size_t len, int64_t off)
{
    const char *p = data;
    for (size_t done = 0; done < len;) {
        ssize_t w =
            pwrite(fd, p + done, len - done, (off_t)(off + (int64_t)done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

int
dc_pread_all(int fd, void *data, size_t len, int64_t off)
{
    char *p = data;
    for (size_t got = 0; got < len;) {
        ssize_t r = pread(fd, p + got, len - got, (off_t)(off + (int64_t)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO; /* the file is shorter than written */
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

void
dc_spill_init(struct dc_spill *s, const char *dir)
{
    memset(s, 0, sizeof *s);
    s->dir = dir ? dc_xstrdup(dir) : NULL;
    s->budget = DC_SPILL_BUDGET;
    s->fd = -1;
}

void
dc_spill_init_beside(struct dc_spill *s, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    dc_spill_init(s, path && !slash ? "." : NULL);
    if (slash) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        s->dir = dc_xmalloc(n + 1);
        memcpy(s->dir, path, n);
        s->dir[n] = '\0';
    }
}

/* The bytes held in memory written to the file, made now if need be: 1,
 * or 0 when it cannot be made or written (they stay, and so does all that
 * comes after).  The budget's memory goes back once the file is there. */
static int
to_file(struct dc_spill *s)
{
    if (s->stuck)
        return 0;
    if (s->fd < 0 && (s->fd = dc_scratch_fd(s->dir)) < 0) {
        s->stuck = 1;
        return 0;
    }
    if (s->mlen && dc_pwrite_all(s->fd, s->mem, s->mlen, s->flen) != 0) {
        s->stuck = 1;
        return 0;
    }
    s->flen += (int64_t)s->mlen;
    s->mlen = 0;
    if (s->mcap > DC_SPILL_BLOCK) {
        free(s->mem);
        s->mem = NULL;
        s->mcap = 0;
    }
    return 1;
}

int64_t
dc_spill_append(struct dc_spill *s, const void *data, size_t len)
{
    int64_t at = dc_spill_size(s);
    if (!len) /* libxml2 flushes nothing too */
        return at;
    /* once there is a file, what is held is its next block */
    size_t block = s->budget < DC_SPILL_BLOCK ? s->budget : DC_SPILL_BLOCK;
    size_t limit = s->fd >= 0 ? block : s->budget;
    if (s->mlen + len > limit && to_file(s)) {
        if (len >= block) { /* a block or more: straight there */
            if (dc_pwrite_all(s->fd, data, len, s->flen) == 0) {
                s->flen += (int64_t)len;
                return at;
            }
            s->stuck = 1;
        }
    }
    if (s->mlen + len > s->mcap) {
        size_t cap = s->mcap ? s->mcap : 4096;
        while (cap < s->mlen + len)
            cap *= 2;
        if (cap > s->budget && s->mlen + len <= s->budget)
            cap = s->budget; /* not twice what it will hold */
        s->mem = dc_xrealloc(s->mem, cap);
        s->mcap = cap;
    }
    memcpy(s->mem + s->mlen, data, len);
    s->mlen += len;
    return at;
}

int64_t
dc_spill_size(const struct dc_spill *s)
{
    return s->flen + (int64_t)s->mlen;
}

int
dc_spill_read(const struct dc_spill *s, void *data, size_t len, int64_t at)
{
    if (at < 0 || at > dc_spill_size(s) ||
        len > (uint64_t)(dc_spill_size(s) - at)) {
        errno = EIO;
        return -1;
    }
    char *p = data;
    if (at < s->flen) { /* the part in the file */
        size_t n =
            (uint64_t)(s->flen - at) < len ? (size_t)(s->flen - at) : len;
        if (dc_pread_all(s->fd, p, n, at) != 0)
            return -1;
        p += n;
        len -= n;
        at += (int64_t)n;
    }
    if (len)
        memcpy(p, s->mem + (at - s->flen), len);
    return 0;
}

void
dc_spill_free(struct dc_spill *s)
{
    if (s->fd >= 0)
        close(s->fd);
    free(s->mem);
    free(s->dir);
    memset(s, 0, sizeof *s);
    s->fd = -1;
}
