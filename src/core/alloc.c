#define _DEFAULT_SOURCE /* sbrk, madvise */
#include "core.h"
#include "i18n.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE 0
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

/* ---- spool ---- */

void *
dc_spool_alloc(struct dc_spool *s, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->cap = cap ? cap : 1;
    if (s->cap >= DC_SPOOL_STEP) {
        /* populated at once: one call, not a page fault a page */
        void *p = mmap(NULL, s->cap, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p != MAP_FAILED) {
            s->base = p;
            s->mapped = 1;
            return p;
        }
    }
    s->base = dc_xmalloc(s->cap);
    return s->base;
}

void
dc_spool_drop(struct dc_spool *s, size_t upto)
{
    if (!s->mapped)
        return;
    if (upto > s->cap)
        upto = s->cap;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t to = upto & ~(page - 1);
    if (to < s->dropped + DC_SPOOL_STEP)
        return;
    munmap(s->base + s->dropped, to - s->dropped);
    s->dropped = to;
}

void
dc_spool_free(struct dc_spool *s)
{
    if (s->mapped && s->cap > s->dropped)
        munmap(s->base + s->dropped, s->cap - s->dropped);
    else if (!s->mapped)
        free(s->base);
    memset(s, 0, sizeof *s);
}

/* ---- arena ---- */

/* Under AddressSanitizer the unused part of every chunk is poisoned and each
 * allocation is followed by a poisoned red zone, so reading past an object
 * (a node allocated for its type's payload only, see dc_node_new) is caught
 * as it would be with malloc. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ARENA_REDZONE 0
#endif

struct dc_arena_chunk {
    struct dc_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)
/* What the model and the layout store: pointers, int64_t, double (nothing
 * needs max_align_t's 16 bytes, which would pad every small node). */
#define ARENA_ALIGN                                                            \
    _Alignof(union {                                                           \
        void *p;                                                               \
        int64_t i;                                                             \
        double d;                                                              \
    })

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
        ASAN_UNPOISON_MEMORY_REGION(c->data, c->cap);
        free(c);
        c = next;
    }
    a->head = NULL;
}

static struct dc_arena_chunk *
new_chunk(size_t cap)
{
    struct dc_arena_chunk *c = dc_xmalloc(sizeof(*c) + cap);
    c->cap = cap;
    c->used = 0;
    ASAN_POISON_MEMORY_REGION(c->data, cap);
    return c;
}

/* n bytes at a multiple of `align` (a power of two), zeroed. */
static void *
arena_alloc(struct dc_arena *a, size_t n, size_t align)
{
    struct dc_arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    size_t need = n + ARENA_REDZONE;
    if (!c || at > c->cap || c->cap - at < need) {
        if (need > ARENA_CHUNK / 4) {
            /* a big one gets a chunk of its own, behind the current one,
             * whose free space stays in use */
            struct dc_arena_chunk *big = new_chunk(need);
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            big->used = need;
            ASAN_UNPOISON_MEMORY_REGION(big->data, n);
            memset(big->data, 0, n);
            return big->data;
        }
        c = new_chunk(ARENA_CHUNK);
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    void *p = (char *)c->data + at;
    c->used = at + need;
    ASAN_UNPOISON_MEMORY_REGION(p, n);
    memset(p, 0, n);
    return p;
}

void *
dc_arena_alloc(struct dc_arena *a, size_t n)
{
    return arena_alloc(a, n ? n : 1, ARENA_ALIGN);
}

char *
dc_arena_strndup(struct dc_arena *a, const char *s, size_t n)
{
    /* bytes need no alignment: a cell's "12.5" takes 5 bytes, not 16 */
    char *p = arena_alloc(a, n + 1, 1);
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
