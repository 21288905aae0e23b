/* Scratch files: room on disk for what grows with the source and is read
 * back once (the DOCX's document.xml, the PDF's finished pages), and the
 * positioned reads and writes of them. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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
