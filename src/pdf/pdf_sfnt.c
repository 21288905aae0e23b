/* Slimming the TrueType program libharu embeds.  libharu subsets only the
 * glyf table and copies the others whole: WenQuanYi Zen Hei's 'post' table
 * alone (the names of 41,000 glyphs) is 450 KB.  A CIDFontType2 needs no
 * glyph names, so 'post' becomes version 3.0, the advance widths of glyphs
 * not drawn become 0 (they compress to nothing), and empty tables go. */
#include "pdf_int.h"

#include <stdlib.h>
#include <string.h>

static uint32_t
get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static unsigned
get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}


/* The sum of the big-endian 32-bit words, the last one padded with zeros:
 * a word loaded whole and its bytes swapped where the machine is
 * little-endian (a third of the instructions of get32's four loads). */
static uint32_t
checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i;
    for (i = 0; i + 4 <= len; i += 4) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t w;
        memcpy(&w, p + i, 4);
        sum += __builtin_bswap32(w);
#else
        sum += get32(p + i);
#endif
    }
    if (i < len) {
        unsigned char last[4] = {0, 0, 0, 0};
        memcpy(last, p + i, len - i);
        sum += get32(last);
    }
    return sum;
}

static int
tag_cmp(const void *a, const void *b)
{
    return memcmp(((const struct dc_sfnt_table *)a)->tag,
                  ((const struct dc_sfnt_table *)b)->tag, 4);
}

size_t
dc_pdf_sfnt_build(uint32_t version, struct dc_sfnt_table *t, unsigned nt,
                  const unsigned char *used, unsigned nused,
                  unsigned char **out)
{
    const struct dc_sfnt_table *hhea = NULL;
    for (unsigned i = 0; i < nt; i++)
        if (memcmp(t[i].tag, "hhea", 4) == 0)
            hhea = &t[i];
    for (unsigned i = 0; i < nt; i++) {
        struct dc_sfnt_table *x = &t[i];
        if (memcmp(x->tag, "post", 4) == 0 && x->len >= 32) {
            unsigned char *own = dc_xmalloc(32);
            memcpy(own, x->data, 32);
            dc_put32(own, 0x00030000); /* version 3.0: no glyph names */
            free(x->own);
            x->data = x->own = own;
            x->len = 32;
        } else if (memcmp(x->tag, "hmtx", 4) == 0 && hhea && hhea->len >= 36) {
            unsigned nhm = get16(hhea->data + 34);
            if (nhm == 0 || 4 * (size_t)nhm > x->len)
                continue;
            unsigned char *own = dc_xmalloc(x->len);
            memcpy(own, x->data, x->len);
            /* keep glyph 0 and the last long metric, whose advance the
             * glyphs after it inherit */
            for (unsigned g = 1; g + 1 < nhm; g++)
                if (g >= nused || !used[g])
                    memset(own + 4 * g, 0, 4);
            size_t nlsb = (x->len - 4 * (size_t)nhm) / 2;
            for (size_t k = 0; k < nlsb; k++) {
                size_t g = nhm + k;
                if (g >= nused || !used[g])
                    memset(own + 4 * (size_t)nhm + 2 * k, 0, 2);
            }
            free(x->own);
            x->data = x->own = own;
        }
    }
    qsort(t, nt, sizeof t[0], tag_cmp);

    size_t size = 12 + 16 * (size_t)nt;
    for (unsigned i = 0; i < nt; i++)
        size += (t[i].len + 3) & ~(size_t)3;
    unsigned char *o = dc_xcalloc(size, 1);
    dc_put32(o, version);
    dc_put16(o + 4, nt);
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    dc_put16(o + 6, 16u << es); /* searchRange = 16 * 2^floor(log2 n) */
    dc_put16(o + 8, es);
    dc_put16(o + 10, 16 * nt - (16u << es));
    size_t pos = 12 + 16 * (size_t)nt;
    size_t head_at = 0;
    uint32_t sum = 0; /* the file's: its tables' (aligned, zero-padded) */
    for (unsigned i = 0; i < nt; i++) {
        unsigned char *e = o + 12 + 16 * i;
        memcpy(e, t[i].tag, 4);
        memcpy(o + pos, t[i].data, t[i].len);
        if (memcmp(t[i].tag, "head", 4) == 0 && t[i].len >= 12) {
            head_at = pos;
            dc_put32(o + pos + 8, 0); /* checkSumAdjustment, set below */
        }
        uint32_t cs = checksum(o + pos, t[i].len);
        sum += cs;
        dc_put32(e + 4, cs);
        dc_put32(e + 8, (uint32_t)pos);
        dc_put32(e + 12, (uint32_t)t[i].len);
        pos += (t[i].len + 3) & ~(size_t)3;
        free(t[i].own);
        t[i].own = NULL;
    }
    /* and its directory's: not the tables summed again */
    sum += checksum(o, 12 + 16 * (size_t)nt);
    if (head_at)
        dc_put32(o + head_at + 8, 0xB1B0AFBAu - sum);
    *out = o;
    return size;
}

size_t
dc_pdf_sfnt_slim(const unsigned char *font, size_t len,
                 const unsigned char *used, unsigned nused, unsigned char **out)
{
    *out = NULL;
    if (len < 12)
        return 0;
    unsigned n = get16(font + 4);
    if (n == 0 || n > 64 || 12 + 16 * (size_t)n > len)
        return 0;
    struct dc_sfnt_table t[64];
    unsigned nt = 0;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = font + 12 + 16 * i;
        uint32_t off = get32(e + 8), l = get32(e + 12);
        if (off > len || l > len - off)
            return 0;
        if (l == 0)
            continue; /* libharu lists tables the font lacks, empty */
        memcpy(t[nt].tag, e, 4);
        t[nt].data = font + off;
        t[nt].len = l;
        t[nt].own = NULL;
        nt++;
    }
    return dc_pdf_sfnt_build(get32(font), t, nt, used, nused, out);
}
