#include "core.h"
#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *
dc_status_str(enum dc_status s)
{
    switch (s) {
    case DC_OK:
        return "success";
    case DC_ERR_IO:
        return "input/output error";
    case DC_ERR_LIB:
        return "library error";
    case DC_ERR_INPUT:
        return "unusable input";
    case DC_ERR_USAGE:
        return "usage error";
    }
    return "unknown status";
}

static void
out_of_memory(size_t n)
{
    fprintf(stderr, _("disclose: out of memory (%zu bytes)\n"), n);
    abort();
}

void *
dc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *
dc_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *
dc_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *
dc_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = dc_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* ---- arena ---- */

struct dc_arena_chunk {
    struct dc_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

void
dc_arena_init(struct dc_arena *a)
{
    a->head = NULL;
}

void
dc_arena_release(struct dc_arena *a)
{
    struct dc_arena_chunk *c = a->head;
    while (c) {
        struct dc_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

void *
dc_arena_alloc(struct dc_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    struct dc_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = dc_xmalloc(sizeof(*c) + cap);
        c->cap = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *
dc_arena_strndup(struct dc_arena *a, const char *s, size_t n)
{
    char *p = dc_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
dc_arena_strdup(struct dc_arena *a, const char *s)
{
    return dc_arena_strndup(a, s, strlen(s));
}

/* ---- file ---- */

enum dc_status
dc_read_stream(FILE *f, char **out, size_t *len)
{
    struct dc_buf b;
    dc_buf_init(&b);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        dc_buf_put(&b, chunk, got);
    int bad = ferror(f);
    int saved = errno;
    if (bad) {
        dc_buf_free(&b);
        errno = saved ? saved : EIO;
        return DC_ERR_IO;
    }
    if (len)
        *len = b.len;
    if (!b.data)
        dc_buf_put(&b, "", 0);
    *out = dc_buf_detach(&b);
    return DC_OK;
}
