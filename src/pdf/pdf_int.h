/* Inside the PDF backend; also what tests/unit/test_pdf.c calls. */
#ifndef DC_PDF_INT_H
#define DC_PDF_INT_H

#include "pdf.h"

#include <hpdf.h>
#include <hpdf_fontdef.h>

/* One loaded font role.  Roles served by the same file share the libharu
 * font definition and font (libharu returns the font loaded first); the
 * lowest such role owns the tables below. */
struct dc_pdf_font {
    const struct dc_fontfile *file; /* from the font map */
    const char *name;               /* libharu's font name */
    HPDF_FontDef def;               /* metrics come from here */
    HPDF_Font font;                 /* created on first use */
    int owner;                      /* role that owns the tables */
    uint16_t *gid; /* glyph of every BMP code point (owner), or NULL */
    int16_t *adv;  /* its advance in 1/1000 em, -1 = no glyph (owner) */
    int16_t adv0;  /* glyph 0's advance, as libharu gives it (owner) */
    /* libharu looks a code point up by a linear search over the cmap
     * segments; while we own the font, the definition gets a one-segment
     * cmap indexing `gid` directly, and its own back before HPDF_Free */
    HPDF_TTF_CmapRange lib_cmap;
    int swapped;
    HPDF_UINT16 seg_end, seg_start, seg_offset;
    HPDF_INT16 seg_delta;
    /* the font file, mapped when it is loaded (owner): libharu parses it
     * through a callback stream reading at `pos`, and the embedded program
     * is cut from it directly */
    const unsigned char *bytes;
    size_t nbytes, pos;
    int unmappable;
    /* made ahead (owner): the glyphs painting will mark (a flag a glyph,
     * as libharu's: dc_pdf_fonts_mark) and the font program of those,
     * deflated (`pre_len` bytes before deflating: dc_pdf_font_prepare);
     * the save uses them when painting marked the same glyphs */
    unsigned char *pre_used, *pre_z;
    size_t pre_len, pre_zlen;
    struct cid_repair *pre_repair; /* CIDSet, /W, CIDToGIDMap (pdf_font.c) */
};

struct dc_pdf {
    HPDF_Doc doc;
    const struct dc_fontmap *map;
    struct dc_diag *diag;
    /* set by the libharu error handler (first error wins) */
    HPDF_STATUS error_no, detail_no;
    struct dc_pdf_font fonts[DC_FONT_COUNT];
    struct dc_metrics metrics;
    HPDF_Encoder utf8;
    /* the UTF-8 encoder's attributes as HPDF_GetFont is to see them (one
     * code mapped: dc_pdf_font), made at its first call */
    HPDF_CMapEncoderAttr one_code;
    int written;
    int out_fd; /* where the save writes the file (dc_pdf_stage: the
                   commit's temporary), 64 KB at a time; -1: into memory */
    /* the content stream of the page being painted: libharu's operators
     * and ours append to `content` through `content_stream` (pdf.c) */
    struct dc_buf content;
    HPDF_Stream content_stream;
    /* for messages, while a document is made (borrowed): the source it
     * comes from, the file being written, the page being painted (1-based;
     * 0: none) */
    const char *source, *target;
    int page;
    long long default_date; /* seconds since 1970 for an undated document;
                               -1: none (dc_pdf_set_default_date) */
    int one_thread; /* dc_pdf_set_one_thread */
    /* what dc_pdf_put_real() wrote for a number lately (pdf.c put_num):
     * a page's rules and text runs come back to the same few columns and
     * rows; len 0 = empty slot */
    struct {
        uint32_t bits;
        unsigned char len;
        char s[15];
    } reals[1024];
    /* the names ("/F1") set_font wrote on page `names_page` for its
     * fonts, as HPDF_Page_GetLocalFontName and WriteEscapeName made them */
    HPDF_Page names_page;
    struct {
        HPDF_Font font;
        unsigned char len;
        char s[23];
    } names[DC_FONT_COUNT];
};

/* Whether paint_items() paints text item `it` in its pass `upright` (a
 * page not turned has only the pass 0). */
static inline int
dc_pdf_painted(const struct dc_dl_item *it, int upright)
{
    return it->kind == DC_DL_TEXT && it->u.text.text && *it->u.text.text &&
           it->u.text.upright == upright;
}

/* libharu 2.3.0's walk over UTF-8 text (UTF8_Encoder_ByteType_Func and
 * _ToUnicode_Func, hpdf_encoder_utf.c), quirks and all: a byte that
 * starts no sequence is skipped, continuation bytes are not checked, a
 * 4-byte sequence keeps its second byte unmasked and a code above U+FFFF
 * becomes a space.  Start with a zeroed state for each text. */
struct dc_pdf_u8 {
    unsigned cur, end;
    unsigned char b[4];
};

/* Byte c; 1 with the code in *v when it ends a character, else 0. */
static inline int
dc_pdf_u8_step(struct dc_pdf_u8 *s, unsigned char c, unsigned *v)
{
    if (s->cur == 0) {
        s->b[0] = c;
        s->cur = 1;
        if (!(c & 0x80)) {
            s->cur = s->end = 0;
        } else {
            if ((c & 0xf8) == 0xf0)
                s->end = 3;
            else if ((c & 0xf0) == 0xe0)
                s->end = 2;
            else if ((c & 0xe0) == 0xc0)
                s->end = 1;
            else
                s->cur = 0;
            return 0;
        }
    } else {
        s->b[s->cur] = c;
        if (s->cur != s->end) {
            s->cur++;
            return 0;
        }
        s->cur = 0;
    }
    const unsigned char *b = s->b;
    switch (s->end) {
    case 3:
        *v = ((b[0] & 0x7u) << 18) + ((unsigned)b[1] << 12) +
             ((b[2] & 0x3fu) << 6) + (b[3] & 0x3fu);
        break;
    case 2:
        *v = ((b[0] & 0xfu) << 12) + ((b[1] & 0x3fu) << 6) + (b[2] & 0x3fu);
        break;
    case 1:
        *v = ((b[0] & 0x1fu) << 6) + (b[1] & 0x3fu);
        break;
    default:
        *v = b[0];
    }
    if (*v > 65535)
        *v = 32;
    return 1;
}

/* Document information as written both to /Info and to the XMP packet. */
struct dc_pdf_info {
    const char *title, *author, *subject, *keywords; /* UTF-8 or NULL */
    const char *creator, *producer;
    int y, m, d; /* creation date (00:00 China Standard Time); y = 0: none */
};

/* ---- pdf.c ---- */
/* Reports a libharu failure of `call` with its error and detail numbers;
 * returns DC_ERR_LIB. */
enum dc_status dc_pdf_lib_error(struct dc_pdf *p, const char *call);
/* A few words on a libharu error number ("no such face in the collection"). */
const char *dc_pdf_error_name(HPDF_STATUS e);

/* A real number as libharu's HPDF_FToA writes it into content streams
 * (five decimals at most, trailing zeros dropped); returns the end of
 * what it wrote, no NUL.  _lib: HPDF_FToA's own digit loop, from its
 * integer and fraction parts. */
char *dc_pdf_put_real(char *s, float val);
char *dc_pdf_put_real_lib(char *s, int32_t int_val, int32_t fpart_val);

/* ---- pdf_font.c ---- */
enum dc_status dc_pdf_fonts_load(struct dc_pdf *p);
void dc_pdf_fonts_free(struct dc_pdf *p);
/* The libharu font of `role`, created and repaired (ToUnicode, save-time
 * hook) on first use; NULL after a reported failure. */
HPDF_Font dc_pdf_font(struct dc_pdf *p, int role);
/* For every font `d` uses, the glyphs painting will mark (pre_used);
 * then, one role at a time, dc_pdf_font_prepare() makes the font program
 * embedding them, deflated, and the CID tables (the other pre_* fields;
 * nothing for a role that owns no marks).  Both read only the display list
 * and what loading made, so they run on a second thread while the pages
 * are painted, and two roles on two threads.  dc_pdf_fonts_unprepare()
 * frees what they made. */
void dc_pdf_fonts_mark(struct dc_pdf *p, const struct dc_display *d);
void dc_pdf_font_prepare(struct dc_pdf *p, int role);
void dc_pdf_fonts_unprepare(struct dc_pdf *p);
/* A valid ToUnicode CMap for CID = Unicode BMP code point (recipe 3a). */
void dc_pdf_tounicode_cmap(struct dc_buf *out);

/* ---- pdf_flate.c ---- */
/* d's stream holds `data` deflated (at DC_PDF_FLATE_LEVEL), and d writes
 * its /Filter itself; libharu copies the bytes as they are. */
HPDF_STATUS dc_pdf_flate_put(HPDF_Dict d, const void *data, size_t n);
/* `data` deflated as dc_pdf_flate_put() does it, into *out (free() it);
 * the length, or 0 when zlib failed.  Touches no libharu object: any
 * thread. */
size_t dc_pdf_deflate(const void *data, size_t n, unsigned char **out);
/* Frees the compressors dc_pdf_deflate() keeps for the next streams. */
void dc_pdf_flate_release(void);
/* d's stream holds `z`, what dc_pdf_deflate() made, as dc_pdf_flate_put()
 * would have put it. */
HPDF_STATUS dc_pdf_flate_put_deflated(HPDF_Dict d, const void *z,
                                      size_t zlen);
/* The same with those bytes in the spill `s` from `off` (read there at
 * the save: it must stay until then). */
HPDF_STATUS dc_pdf_flate_put_spilled(HPDF_Dict d, const struct dc_spill *s,
                                     int64_t off, size_t zlen);
/* d's stream, if libharu would deflate it, is deflated here instead when
 * d is written (whatever it holds by then). */
void dc_pdf_flate_defer(HPDF_Dict d);
/* dc_pdf_flate_defer() on every object of the document so far. */
void dc_pdf_flate_defer_all(struct dc_pdf *p);

/* ---- pdf_sfnt.c ---- */
static inline void
dc_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void
dc_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* One table of a TrueType program being put together. */
struct dc_sfnt_table {
    char tag[4];
    const unsigned char *data;
    size_t len;
    unsigned char *own; /* data, when it is a copy made for it, or NULL */
};
/* Lays out the (non-empty) tables t[0..nt) as a font program of `version`,
 * with 'post' and 'hmtx' slimmed as dc_pdf_sfnt_slim() says; frees every
 * t[i].own.  Returns the length, with the bytes in *out (free() them). */
size_t dc_pdf_sfnt_build(uint32_t version, struct dc_sfnt_table *t,
                         unsigned nt, const unsigned char *used,
                         unsigned nused, unsigned char **out);
/* Rewrites a TrueType font program: 'post' version 3.0, zero metrics for
 * glyphs g with g >= nused or !used[g] (except glyph 0 and the last long
 * metric), empty tables dropped, tables sorted, 4-byte aligned, checksums
 * and head.checkSumAdjustment recomputed.  Returns the new length with the
 * bytes in *out (free() them), or 0 when `font` is not a font it can read. */
size_t dc_pdf_sfnt_slim(const unsigned char *font, size_t len,
                        const unsigned char *used, unsigned nused,
                        unsigned char **out);

/* ---- pdfa.c ---- */
/* The XMP packet for PDF/A-1b, values XML-escaped. */
void dc_pdf_xmp(const struct dc_pdf_info *info, struct dc_buf *out);
/* Info dictionary, XMP metadata, sRGB OutputIntent, PDF 1.4 and the
 * trailer /ID (two copies of `id`). */
enum dc_status dc_pdf_make_pdfa(struct dc_pdf *p,
                                const struct dc_pdf_info *info,
                                const unsigned char id[16]);

#endif
