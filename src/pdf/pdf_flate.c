/* Compressing the PDF's streams here rather than in libharu.
 *
 * libharu 2.3.0 deflates each stream as it writes the file: it reads the
 * stream's memory 4 KB at a time and copies its output, a byte at a time
 * both ways (HPDF_MemCpy), through a new z_stream per stream at zlib's
 * default level 6.  Here each stream is deflated whole, from the buffer
 * it was made in (a page's content, a font program, a CIDToGIDMap: on
 * whichever thread is free, see pdf.c), by libdeflate, just before libharu
 * writes it; libharu then copies the compressed bytes as they are, and the
 * dictionary's write function adds the /Filter entry libharu would have
 * added, in the same place. */
#include "pdf_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <libdeflate.h>

/* libdeflate at level 1 rather than zlib at level 2 (and zlib's default 6
 * before that): on the sample's streams (2.9 MB) it takes half zlib's
 * time and writes 6% less (537 KB instead of 572 KB); its level 2 takes a
 * fifth longer for 3% less.  A whole buffer at a time suits it: every
 * stream here is one. */
#ifndef DC_PDF_FLATE_LEVEL
#define DC_PDF_FLATE_LEVEL 1
#endif

/* "/Filter [ /FlateDecode ]" as libharu writes the array it adds last */
static HPDF_STATUS
write_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

/* A stream's compressed bytes held in one buffer, which libharu reads
 * back at the save (HPDF_Stream_WriteToStream: seek, size, reads of 4 KB).
 * Its memory stream copied them a byte at a time (HPDF_MemCpy) into its
 * 4 KB blocks and again out of them: 7 M instructions of the save. */
struct held {
    unsigned char *data;          /* or NULL: */
    const struct dc_spill *spill; /* in this (the render's, which outlives
                                     the save) from `off` */
    int64_t off;
    size_t len, pos;
};

static HPDF_STATUS
held_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    struct held *h = s->attr;
    size_t n = h->len - h->pos;
    if (n > *siz)
        n = *siz;
    if (h->data) {
        memcpy(ptr, h->data + h->pos, n);
    } else {
        if (dc_spill_read(h->spill, ptr, n, h->off + (int64_t)h->pos) != 0)
            return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
    }
    h->pos += n;
    *siz = (HPDF_UINT)n;
    return h->pos >= h->len ? HPDF_STREAM_EOF : HPDF_OK;
}

/* as HPDF_MemStream_SeekFunc counts */
static HPDF_STATUS
held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    struct held *h = s->attr;
    long long to = mode == HPDF_SEEK_CUR   ? (long long)h->pos + pos
                   : mode == HPDF_SEEK_END ? (long long)h->len - pos
                                           : pos;
    if (to < 0 || to > (long long)h->len)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    h->pos = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32
held_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((struct held *)s->attr)->pos;
}

static HPDF_UINT32
held_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((struct held *)s->attr)->len;
}

static void
held_free(HPDF_Stream s)
{
    struct held *h = s->attr;
    free(h->data);
    free(h);
    s->attr = NULL;
}

/* The dict's stream replaced by the compressed bytes `h` holds: the same
 * stream object (a page's attributes point to it too), read-only from now
 * on. */
static HPDF_STATUS
hold(HPDF_Dict d, struct held *h)
{
    HPDF_Stream s = d->stream;
    size_t zlen = h->len;
    h->pos = 0;
    if (s->free_fn) /* the memory stream's blocks, or bytes held before */
        s->free_fn(s);
    s->type = HPDF_STREAM_CALLBACK;
    s->size = (HPDF_UINT)zlen;
    s->write_fn = NULL;
    s->read_fn = held_read;
    s->seek_fn = held_seek;
    s->tell_fn = held_tell;
    s->size_fn = held_size;
    s->free_fn = held_free;
    s->attr = h;
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = write_filter;
    return HPDF_OK;
}

/* ... holding a copy of `zlen` bytes */
static HPDF_STATUS
store(HPDF_Dict d, const void *z, size_t zlen)
{
    struct held *h = dc_xcalloc(1, sizeof *h);
    h->data = dc_xmalloc(zlen ? zlen : 1);
    memcpy(h->data, z, zlen);
    h->len = zlen;
    return hold(d, h);
}

HPDF_STATUS
dc_pdf_flate_put_spilled(HPDF_Dict d, const struct dc_spill *s, int64_t off,
                         size_t zlen)
{
    struct held *h = dc_xcalloc(1, sizeof *h);
    h->spill = s;
    h->off = off;
    h->len = zlen;
    return hold(d, h);
}

/* Compressors kept between streams: making one clears its hash tables
 * (28,000 instructions, a tenth of deflating a page).  One is used by one
 * thread at a time; as many are made as threads deflate at once. */
#define KEPT_MAX 4
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct libdeflate_compressor *kept[KEPT_MAX];
static int nkept;

static struct libdeflate_compressor *
compressor_take(void)
{
    struct libdeflate_compressor *c = NULL;
    pthread_mutex_lock(&kept_lock);
    if (nkept > 0)
        c = kept[--nkept];
    pthread_mutex_unlock(&kept_lock);
    return c ? c : libdeflate_alloc_compressor(DC_PDF_FLATE_LEVEL);
}

static void
compressor_give(struct libdeflate_compressor *c)
{
    pthread_mutex_lock(&kept_lock);
    if (nkept < KEPT_MAX) {
        kept[nkept++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&kept_lock);
    libdeflate_free_compressor(c); /* NULL does nothing */
}

void
dc_pdf_flate_release(void)
{
    pthread_mutex_lock(&kept_lock);
    while (nkept > 0)
        libdeflate_free_compressor(kept[--nkept]);
    pthread_mutex_unlock(&kept_lock);
}

size_t
dc_pdf_deflate(const void *data, size_t n, unsigned char **out)
{
    *out = NULL;
    struct libdeflate_compressor *c = compressor_take();
    if (!c)
        return 0;
    size_t cap = libdeflate_zlib_compress_bound(c, n);
    unsigned char *z = dc_xmalloc(cap);
    size_t len = libdeflate_zlib_compress(c, data, n, z, cap);
    compressor_give(c);
    /* a page's deflated content is kept until the save: shrunk to fit, not
     * the uncompressed size's bound (issue 12's memory bound) */
    if (len)
        *out = dc_xrealloc(z, len);
    else
        free(z);
    return len;
}

/* d's stream holds `data` deflated, or the failure is d's error */
static HPDF_STATUS
deflate_into(HPDF_Dict d, const void *data, size_t n)
{
    unsigned char *z;
    size_t zlen = dc_pdf_deflate(data, n, &z);
    HPDF_STATUS ret = zlen ? store(d, z, zlen)
                           : HPDF_SetError(d->error, HPDF_ZLIB_ERROR, 0);
    free(z);
    return ret;
}

HPDF_STATUS
dc_pdf_flate_put(HPDF_Dict d, const void *data, size_t n)
{
    return deflate_into(d, data, n);
}

HPDF_STATUS
dc_pdf_flate_put_deflated(HPDF_Dict d, const void *z, size_t zlen)
{
    return store(d, z, zlen);
}

/* Runs as the stream's dictionary is written: what it holds by then,
 * gathered from the memory stream's pieces. */
static HPDF_STATUS
flate_now(HPDF_Dict d)
{
    HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)d->stream->attr;
    HPDF_UINT nbuf = a->buf->count;
    size_t n = nbuf ? (size_t)(nbuf - 1) * a->buf_siz + a->w_pos : 0, at = 0;
    unsigned char *all = dc_xmalloc(n ? n : 1);
    for (HPDF_UINT i = 0; i < nbuf; i++) {
        const HPDF_BYTE *chunk = HPDF_List_ItemAt(a->buf, i);
        size_t len = i + 1 < nbuf ? a->buf_siz : a->w_pos;
        memcpy(all + at, chunk, len);
        at += len;
    }
    d->before_write_fn = NULL;
    HPDF_STATUS ret = deflate_into(d, all, n);
    free(all);
    return ret;
}

static int
deferrable(HPDF_Dict d)
{
    return d->stream && d->stream->type == HPDF_STREAM_MEMORY &&
           d->filter == HPDF_STREAM_FILTER_FLATE_DECODE &&
           !d->before_write_fn && !d->write_fn && !d->filterParams;
}

void
dc_pdf_flate_defer(HPDF_Dict d)
{
    if (deferrable(d))
        d->before_write_fn = flate_now;
}

void
dc_pdf_flate_defer_all(struct dc_pdf *p)
{
    for (HPDF_Xref x = p->doc->xref; x; x = x->prev)
        for (HPDF_UINT i = 0; i < x->entries->count; i++) {
            HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
            HPDF_Obj_Header *h = e ? e->obj : NULL;
            if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT)
                dc_pdf_flate_defer((HPDF_Dict)e->obj);
        }
}
