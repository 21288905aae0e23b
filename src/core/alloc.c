#define _DEFAULT_SOURCE /* sbrk, madvise */
#include "core.h"
#include "i18n.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

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

/* A render touches some 15 MB of fresh memory, and on this project's
 * (virtual) machine a page fault costs about 10 us of system time: 3,700
 * faults of 4 KB pages were a third of `render --pdf`'s CPU time, and
 * glibc gave memory back and took it again (72 brk, 20 munmap).  So: one
 * heap for every thread (a thread's own arena is 64 MB of address space
 * grown by mprotect), grown 32 MB at a time, never trimmed, large blocks
 * in it rather than mapped each on their own, and that heap on
 * transparent huge pages where the system offers them on request
 * (/sys/kernel/mm/transparent_hugepage/enabled = madvise): what glibc's
 * tunable glibc.malloc.hugetlb=1 does, which a program cannot set for
 * itself.  Faults 3,700 -> 700; the peak grows by the unused part of the
 * last 2 MB pages (about 5 MB).  Nothing to do under a sanitizer, whose
 * allocator is its own. */
void
dc_alloc_tune(void)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) &&                   \
    !defined(__SANITIZE_THREAD__)
    enum { MB = 1 << 20, HUGE = 2 * MB };
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 * MB); /* glibc's largest */
    mallopt(M_TRIM_THRESHOLD, 512 * MB);
    mallopt(M_TOP_PAD, 32 * MB);
    char *start = sbrk(0);
    void *volatile grow = malloc(MB); /* more than the heap holds: */
    free(grow);                       /* it grows by 33 MB now */
    char *end = sbrk(0);
    uintptr_t from = ((uintptr_t)start + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    if (start != (char *)-1 && end != (char *)-1 && (uintptr_t)end > from)
        madvise((void *)from, (uintptr_t)end - from, MADV_HUGEPAGE);
#endif
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
