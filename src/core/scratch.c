/* Scratch files: room on disk for what grows with the source and is read
 * back once (the DOCX's document.xml, the PDF's finished pages). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "core.h"

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
