/* Compressing the PDF's streams here rather than in libharu.
 *
 * libharu 2.3.0 deflates each stream as it writes the file: it reads the
 * stream's memory 4 KB at a time and copies its output, a byte at a time
 * both ways (HPDF_MemCpy), through a new z_stream per stream at zlib's
 * default level 6.  Here each stream is deflated straight from its memory
 * (the font program from the buffer it was cut into) through one z_stream,
 * reset between streams, at DC_PDF_FLATE_LEVEL, just before libharu writes
 * it; libharu then copies the compressed bytes as they are, and the
 * dictionary's write function adds the /Filter entry libharu would have
 * added, in the same place.  At level 6 the file is the same, byte for
 * byte, as libharu's. */
#include "pdf_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <zlib.h>

/* Level 2 rather than zlib's default 6: on the sample (callgrind, render
 * --pdf) the whole run takes 573 million instructions instead of 686, of
 * which deflate 146 instead of 261, and the file is 10% larger (666,529
 * bytes instead of 607,461).  Level 1 saves 3 million more for 18 KB more;
 * level 3 costs 10 million more for 9 KB less. */
#ifndef DC_PDF_FLATE_LEVEL
#define DC_PDF_FLATE_LEVEL 2
#endif

/* "/Filter [ /FlateDecode ]" as libharu writes the array it adds last */
static HPDF_STATUS
write_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

struct flate {
    z_stream z;
    unsigned char *out;
    size_t len, cap;
    int ok;
};

static void
flate_begin(struct flate *f)
{
    memset(f, 0, sizeof *f);
    f->ok = deflateInit(&f->z, DC_PDF_FLATE_LEVEL) == Z_OK;
}

/* Feeds n bytes (finish: the last of them) */
static void
flate_feed(struct flate *f, const void *data, size_t n, int finish)
{
    if (!f->ok)
        return;
    f->z.next_in = (Bytef *)(uintptr_t)data;
    f->z.avail_in = (uInt)n;
    for (;;) {
        if (f->cap - f->len < 4096) {
            f->cap = f->cap ? 2 * f->cap : 65536;
            f->out = dc_xrealloc(f->out, f->cap);
        }
        f->z.next_out = f->out + f->len;
        f->z.avail_out = (uInt)(f->cap - f->len);
        int r = deflate(&f->z, finish ? Z_FINISH : Z_NO_FLUSH);
        f->len = (size_t)(f->z.next_out - f->out);
        if (r == Z_STREAM_END)
            return;
        if (r != Z_OK && r != Z_BUF_ERROR) {
            f->ok = 0;
            return;
        }
        if (!finish && f->z.avail_in == 0 && f->z.avail_out > 0)
            return;
    }
}

static void
flate_end(struct flate *f)
{
    deflateEnd(&f->z);
    free(f->out);
}

/* The dict's stream replaced by `zlen` compressed bytes. */
static HPDF_STATUS
store(HPDF_Dict d, const void *z, size_t zlen)
{
    HPDF_MemStream_FreeData(d->stream);
    HPDF_STATUS ret = HPDF_Stream_Write(d->stream, z, (HPDF_UINT)zlen);
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = write_filter;
    return ret;
}

static HPDF_STATUS
flate_store(HPDF_Dict d, struct flate *f)
{
    if (!f->ok)
        return HPDF_SetError(d->error, HPDF_ZLIB_ERROR, 0);
    return store(d, f->out, f->len);
}

HPDF_STATUS
dc_pdf_flate_put(HPDF_Dict d, const void *data, size_t n)
{
    struct flate f;
    flate_begin(&f);
    flate_feed(&f, data, n, 1);
    HPDF_STATUS ret = flate_store(d, &f);
    flate_end(&f);
    return ret;
}

size_t
dc_pdf_deflate(const void *data, size_t n, unsigned char **out)
{
    struct flate f;
    flate_begin(&f);
    flate_feed(&f, data, n, 1);
    size_t len = f.ok ? f.len : 0;
    deflateEnd(&f.z);
    *out = len ? f.out : NULL;
    if (!len)
        free(f.out);
    return len;
}

HPDF_STATUS
dc_pdf_flate_put_deflated(HPDF_Dict d, const void *z, size_t zlen)
{
    return store(d, z, zlen);
}

/* Runs as the stream's dictionary is written: what it holds by then. */
static HPDF_STATUS
flate_now(HPDF_Dict d)
{
    HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)d->stream->attr;
    struct flate f;
    flate_begin(&f);
    HPDF_UINT nbuf = a->buf->count;
    for (HPDF_UINT i = 0; i < nbuf; i++) {
        const HPDF_BYTE *chunk = HPDF_List_ItemAt(a->buf, i);
        size_t len = i + 1 < nbuf ? a->buf_siz : a->w_pos;
        flate_feed(&f, chunk, len, 0);
    }
    flate_feed(&f, NULL, 0, 1);
    d->before_write_fn = NULL;
    HPDF_STATUS ret = flate_store(d, &f);
    flate_end(&f);
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
