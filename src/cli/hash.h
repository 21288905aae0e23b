/* SHA-256 of files and buffers (GNU Nettle), as lowercase hex. */
#ifndef DC_HASH_H
#define DC_HASH_H

#include "core.h"

#define DC_SHA256_HEX 65 /* 64 hex digits and the NUL */

struct dc_sha256;
struct dc_sha256 *dc_sha256_new(void);
void dc_sha256_update(struct dc_sha256 *h, const void *p, size_t n);
/* Writes the digest as hex into out and frees h. */
void dc_sha256_final(struct dc_sha256 *h, char out[DC_SHA256_HEX]);
void dc_sha256_free(struct dc_sha256 *h); /* NULL does nothing */

void dc_sha256_buffer(const void *p, size_t n, char out[DC_SHA256_HEX]);
/* DC_ERR_IO (errno set; EINVAL: not a regular file) when the file cannot
 * be read. */
enum dc_status dc_sha256_file(const char *path, char out[DC_SHA256_HEX]);
/* The whole file open as `fd` (readable; its offset is left as it is). */
enum dc_status dc_sha256_fd(int fd, char out[DC_SHA256_HEX]);
/* Feeds a whole file into h; DC_ERR_IO when it cannot be read. */
enum dc_status dc_sha256_update_file(struct dc_sha256 *h, const char *path);

#endif
