#include "hash.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <nettle/sha2.h>

struct dc_sha256 {
    struct sha256_ctx ctx;
};

struct dc_sha256 *
dc_sha256_new(void)
{
    struct dc_sha256 *h = dc_xmalloc(sizeof(*h));
    sha256_init(&h->ctx);
    return h;
}

void
dc_sha256_update(struct dc_sha256 *h, const void *p, size_t n)
{
    sha256_update(&h->ctx, n, p);
}

void
dc_sha256_free(struct dc_sha256 *h)
{
    free(h);
}

void
dc_sha256_final(struct dc_sha256 *h, char out[DC_SHA256_HEX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_SIZE];
    sha256_digest(&h->ctx, sizeof md, md);
    for (size_t i = 0; i < sizeof md; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    dc_sha256_free(h);
}

void
dc_sha256_buffer(const void *p, size_t n, char out[DC_SHA256_HEX])
{
    struct dc_sha256 *h = dc_sha256_new();
    dc_sha256_update(h, p, n);
    dc_sha256_final(h, out);
}

/* From the start of `fd`, whatever its offset (pread leaves it). */
static enum dc_status
update_fd(struct dc_sha256 *h, int fd)
{
    unsigned char buf[65536];
    off_t at = 0;
    ssize_t got;
    while ((got = pread(fd, buf, sizeof buf, at)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return DC_ERR_IO;
        dc_sha256_update(h, buf, (size_t)got);
        at += got;
    }
    return DC_OK;
}

enum dc_status
dc_sha256_update_file(struct dc_sha256 *h, const char *path)
{
    /* a regular file only: hashing /dev/zero or a FIFO never ends */
    int fd = dc_open_regular(path, NULL);
    if (fd < 0)
        return DC_ERR_IO;
    enum dc_status st = update_fd(h, fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return st;
}

enum dc_status
dc_sha256_fd(int fd, char out[DC_SHA256_HEX])
{
    struct dc_sha256 *h = dc_sha256_new();
    if (update_fd(h, fd) != DC_OK) {
        dc_sha256_free(h);
        out[0] = '\0';
        return DC_ERR_IO;
    }
    dc_sha256_final(h, out);
    return DC_OK;
}

enum dc_status
dc_sha256_file(const char *path, char out[DC_SHA256_HEX])
{
    struct dc_sha256 *h = dc_sha256_new();
    enum dc_status st = dc_sha256_update_file(h, path);
    if (st != DC_OK) {
        dc_sha256_free(h);
        out[0] = '\0';
        return st;
    }
    dc_sha256_final(h, out);
    return DC_OK;
}
