#include "hash.h"
#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

struct dc_sha256 {
    EVP_MD_CTX *ctx;
};

struct dc_sha256 *
dc_sha256_new(void)
{
    struct dc_sha256 *h = dc_xcalloc(1, sizeof(*h));
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
        fprintf(stderr, "%s\n", _("disclose: libcrypto: cannot start SHA-256"));
        abort();
    }
    return h;
}

void
dc_sha256_update(struct dc_sha256 *h, const void *p, size_t n)
{
    EVP_DigestUpdate(h->ctx, p, n);
}

void
dc_sha256_free(struct dc_sha256 *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->ctx);
    free(h);
}

void
dc_sha256_final(struct dc_sha256 *h, char out[DC_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(h->ctx, md, &n);
    for (unsigned i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
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

enum dc_status
dc_sha256_update_file(struct dc_sha256 *h, const char *path)
{
    /* a regular file only: hashing /dev/zero or a FIFO never ends */
    int fd = dc_open_regular(path, NULL);
    if (fd < 0)
        return DC_ERR_IO;
    unsigned char buf[65536];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return DC_ERR_IO;
        }
        dc_sha256_update(h, buf, (size_t)got);
    }
    close(fd);
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
