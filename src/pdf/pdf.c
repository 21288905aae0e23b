/* The PDF writer: one libharu document, painted from a display list and
 * saved through a temporary file.  libharu errors come back through an
 * error handler that records them (no longjmp); every call is checked. */
#include "pdf_int.h"

#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <nettle/md5.h>
#include <pthread.h>

#ifndef DC_VERSION
#define DC_VERSION "0"
#endif

static void HPDF_STDCALL
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    struct dc_pdf *p = user_data;
    if (!p->error_no) {
        p->error_no = error_no;
        p->detail_no = detail_no;
    }
}

const char *
dc_pdf_error_name(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM:
        return _("out of memory");
    case HPDF_FILE_IO_ERROR:
        return _("file I/O error");
    case HPDF_FILE_OPEN_ERROR:
        return _("cannot open file");
    case HPDF_INVALID_DATE_TIME:
        return _("invalid date");
    case HPDF_INVALID_DOCUMENT:
        return _("invalid document");
    case HPDF_INVALID_FONTDEF_DATA:
        return _("invalid font data");
    case HPDF_INVALID_OBJECT:
        return _("invalid object");
    case HPDF_INVALID_PARAMETER:
        return _("invalid parameter");
    case HPDF_INVALID_TTC_FILE:
        return _("invalid TrueType collection");
    case HPDF_INVALID_TTC_INDEX:
        return _("no such face in the collection");
    case HPDF_PAGE_INVALID_FONT_SIZE:
        return _("invalid font size");
    case HPDF_PAGE_INVALID_SIZE:
        return _("invalid page size");
    case HPDF_PAGE_OUT_OF_RANGE:
        return _("value out of range");
    case HPDF_REAL_OUT_OF_RANGE:
        return _("number out of range");
    case HPDF_STRING_OUT_OF_RANGE:
        return _("string too long");
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
        return _("font forbids embedding");
    case HPDF_TTF_INVALID_CMAP:
        return _("unsupported cmap");
    case HPDF_TTF_INVALID_FOMAT:
        return _("not a TrueType font");
    case HPDF_TTF_MISSING_TABLE:
        return _("TrueType table missing");
    case HPDF_ZLIB_ERROR:
        return _("zlib error");
    default:
        return _("see hpdf_error.h");
    }
}

enum dc_status
dc_pdf_lib_error(struct dc_pdf *p, const char *call)
{
    HPDF_STATUS e = p->error_no;
    if (!e && p->doc)
        e = HPDF_GetError(p->doc);
    /* named after the source and the file being made, and the page, so a
     * batch's log says which document failed and where */
    const char *file = p->source ? p->source : p->target;
    const char *what = dc_pdf_error_name(e);
    unsigned detail = (unsigned)p->detail_no;
    if (p->target && p->page > 0)
        dc_diag_report(p->diag, file, 0, 0, DC_SEV_ERROR,
                       _("libharu: %s failed on page %d of %s: error 0x%04X "
                         "(%s), detail %u"),
                       call, p->page, p->target, (unsigned)e, what, detail);
    else if (p->target)
        dc_diag_report(p->diag, file, 0, 0, DC_SEV_ERROR,
                       _("libharu: %s failed while making %s: error 0x%04X "
                         "(%s), detail %u"),
                       call, p->target, (unsigned)e, what, detail);
    else
        dc_diag_report(p->diag, file, 0, 0, DC_SEV_ERROR,
                       _("libharu: %s failed: error 0x%04X (%s), detail %u"),
                       call, (unsigned)e, what, detail);
    return DC_ERR_LIB;
}

/* What every document of the writer starts with; the failing call or NULL.
 * (HPDF_NewDoc keeps the encoders and font definitions, not these.) */
static const char *
doc_setup(struct dc_pdf *p)
{
    /* fonts are compressed under HPDF_COMP_METADATA; our own XMP stream
     * stays unfiltered as PDF/A asks */
    if (HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL) != HPDF_OK)
        return "HPDF_SetCompressionMode";
    if (HPDF_SetCurrentEncoder(p->doc, "UTF-8") != HPDF_OK)
        return "HPDF_SetCurrentEncoder";
    if (!(p->utf8 = HPDF_GetEncoder(p->doc, "UTF-8")))
        return "HPDF_GetEncoder";
    return NULL;
}

/* The writer's next document: libharu frees the last one and keeps the
 * font definitions it loaded (cleared of the glyphs the last one used), so
 * the fonts are read and their tables built once per writer. */
static enum dc_status
next_doc(struct dc_pdf *p)
{
    p->error_no = p->detail_no = 0;
    for (int r = 0; r < DC_FONT_COUNT; r++)
        p->fonts[r].font = NULL; /* fonts belong to the document */
    const char *call = NULL;
    if (HPDF_NewDoc(p->doc) != HPDF_OK)
        call = "HPDF_NewDoc";
    else
        call = doc_setup(p);
    return call ? dc_pdf_lib_error(p, call) : DC_OK;
}

struct dc_pdf *
dc_pdf_new(const struct dc_fontmap *map, struct dc_diag *diag)
{
    struct dc_pdf *p = dc_xcalloc(1, sizeof *p);
    p->map = map;
    p->diag = diag;
    p->default_date = -1;
    p->out_fd = -1;
    p->doc = HPDF_New(on_error, p);
    if (!p->doc) {
        dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libharu: HPDF_New failed"));
        free(p);
        return NULL;
    }
    const char *call = NULL;
    if (HPDF_UseUTFEncodings(p->doc) != HPDF_OK)
        call = "HPDF_UseUTFEncodings";
    else
        call = doc_setup(p);
    if (call) {
        dc_pdf_lib_error(p, call);
        dc_pdf_free(p);
        return NULL;
    }
    if (dc_pdf_fonts_load(p) != DC_OK) {
        dc_pdf_free(p);
        return NULL;
    }
    return p;
}

void
dc_pdf_free(struct dc_pdf *p)
{
    if (!p)
        return;
    dc_pdf_fonts_free(p);
    if (p->doc)
        HPDF_Free(p->doc);
    free(p);
    dc_pdf_flate_release();
}

/* ---- checking the display list: bad values would make libharu fail
 * half-way or write an invalid file ---- */

/* named after the source, as every message of the writer is */
static int
bad_item(struct dc_pdf *p, int page, size_t item, const char *what)
{
    dc_diag_report(p->diag, p->source, 0, 0, DC_SEV_ERROR,
                   _("display list: page %d, item %zu: %s"), page + 1, item + 1,
                   what);
    return 1;
}

/* a page the layout wrote out could not be read back */
static int
unreadable(struct dc_pdf *p, int page, int err)
{
    dc_diag_report(p->diag, p->source, 0, 0, DC_SEV_ERROR,
                   _("display list: page %d cannot be read back from its "
                     "temporary file: %s"),
                   page + 1, strerror(err));
    return 1;
}

#define COORD_MAX 14400000 /* 200 inches, the PDF 1.4 page size limit */

static int
coord_ok(int32_t v)
{
    return v >= -COORD_MAX && v <= COORD_MAX;
}

static int
check_display(struct dc_pdf *p, const struct dc_display *d)
{
    int bad = 0;
    if (d->npages < 1) {
        dc_diag_report(p->diag, p->source, 0, 0, DC_SEV_ERROR,
                       _("display list: no pages"));
        return 1;
    }
    struct dc_dl_buf buf;
    memset(&buf, 0, sizeof buf);
    for (int i = 0; i < d->npages && !bad; i++) {
        const struct dc_dl_page *pg = dc_display_page(d, i, &buf);
        if (!pg) {
            bad = unreadable(p, i, errno);
            break;
        }
        if (pg->width < 3000 || pg->height < 3000 || pg->width > COORD_MAX ||
            pg->height > COORD_MAX)
            bad = bad_item(p, i, 0, _("page size out of range"));
        for (size_t k = 0; k < pg->nitems && !bad; k++) {
            const struct dc_dl_item *it = &pg->items[k];
            if (it->kind == DC_DL_TEXT) {
                const struct dc_dl_text *t = &it->u.text;
                if (t->font < 0 || t->font >= DC_FONT_COUNT)
                    bad = bad_item(p, i, k, _("no such font role"));
                else if (t->size <= 0 || t->size > 600000)
                    bad = bad_item(p, i, k, _("type size out of range"));
                else if (t->spacing < -30000 || t->spacing > 300000)
                    bad = bad_item(p, i, k, _("character spacing out of range"));
                else if (!coord_ok(t->x) || !coord_ok(t->y))
                    bad = bad_item(p, i, k, _("position out of range"));
                else if (t->text && strlen(t->text) > 65535)
                    bad = bad_item(p, i, k, _("text run too long"));
            } else if (it->kind == DC_DL_RULE) {
                const struct dc_dl_rule *r = &it->u.rule;
                if (r->width < 0 || r->width > 100000)
                    bad = bad_item(p, i, k, _("line width out of range"));
                else if (!coord_ok(r->x1) || !coord_ok(r->y1) ||
                         !coord_ok(r->x2) || !coord_ok(r->y2))
                    bad = bad_item(p, i, k, _("position out of range"));
            } else {
                bad = bad_item(p, i, k, _("unknown item kind"));
            }
        }
    }
    dc_dl_buf_free(&buf);
    for (int i = 0; i < d->noutline && !bad; i++)
        if (d->outline[i].page < 0 || d->outline[i].page >= d->npages ||
            !d->outline[i].title || d->outline[i].level < 0) {
            dc_diag_report(p->diag, p->source, 0, 0, DC_SEV_ERROR,
                           _("display list: bookmark %d is unusable"), i + 1);
            bad = 1;
        }
    return bad;
}

/* ---- painting ---- */

static float
pt(int32_t mpt)
{
    return (float)mpt / 1000.0f;
}

/* ---- path and text-matrix operators, written directly ----
 * HPDF_Page_MoveTo, _LineTo and _SetTextMatrix clear a 512-byte buffer one
 * byte at a time before formatting into it: together a fifth of a render
 * (callgrind).  These write the same bytes into the page's content stream
 * and leave the page in the state libharu's functions would. */

/* A number as HPDF_FToA (libharu 2.3.0, hpdf_utils.c) writes it: clamped
 * to +-32767, the same float arithmetic for the integer part and five
 * decimals, trailing zeros and a bare point dropped.  Returns the end of
 * what it wrote (no NUL).  (HPDF_FToA's digit loops, which this copied
 * operation for operation, were a twentieth of a render; the digits are
 * the same, tests/unit/test_pdf.c compares the two over every
 * millipoint of a page.) */
char *
dc_pdf_put_real(char *s, float val)
{
    if (val > 32767)
        val = 32767;
    else if (val < -32767)
        val = -32767;
    if (val < 0) {
        *s++ = '-';
        val = -val;
    }
    int32_t int_val = (int32_t)(val + 0.000005);
    int32_t fpart_val = (int32_t)((float)(val - int_val + 0.000005) * 100000);
    if (fpart_val < 0 || fpart_val > 99999) /* never seen; libharu's way */
        return dc_pdf_put_real_lib(s, int_val, fpart_val);
    char d[8], *e = d + sizeof d;
    uint32_t iv = (uint32_t)int_val;
    do {
        *--e = (char)('0' + iv % 10);
        iv /= 10;
    } while (iv);
    size_t n = (size_t)(d + sizeof d - e);
    memcpy(s, e, n);
    s += n;
    uint32_t f = (uint32_t)fpart_val;
    if (f) {
        int nd = 5;
        while (f % 10 == 0) {
            f /= 10;
            nd--;
        }
        *s++ = '.';
        for (int i = nd - 1; i >= 0; i--) {
            s[i] = (char)('0' + f % 10);
            f /= 10;
        }
        s += nd;
    }
    return s;
}

/* HPDF_FToA's digits from its integer and fraction parts, as it writes
 * them (after the sign) */
char *
dc_pdf_put_real_lib(char *s, int32_t int_val, int32_t fpart_val)
{
    char buf[12];
    char *sptr = s, *t = buf + 11;
    *t-- = 0;
    for (int i = 0; i < 5; i++) {
        *t-- = (char)((char)(fpart_val % 10) + '0');
        fpart_val /= 10;
    }
    *t-- = '.';
    *t = '0';
    if (int_val == 0)
        t--;
    while (int_val > 0) {
        *t-- = (char)((char)(int_val % 10) + '0');
        int_val /= 10;
    }
    t++;
    while (*t)
        *s++ = *t++;
    s--;
    while (s > sptr) {
        if (*s == '0') {
            *s = 0;
        } else {
            if (*s == '.')
                *s = 0;
            break;
        }
        s--;
    }
    return *s == 0 ? s : s + 1;
}

/* dc_pdf_put_real(), remembered by the float's bits */
static char *
put_num(struct dc_pdf *p, char *s, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned k = (bits ^ bits >> 10 ^ bits >> 20) & 1023u;
    if (p->reals[k].len && p->reals[k].bits == bits) {
        memcpy(s, p->reals[k].s, p->reals[k].len);
        return s + p->reals[k].len;
    }
    char *e = dc_pdf_put_real(s, v);
    if ((size_t)(e - s) <= sizeof p->reals[k].s) {
        p->reals[k].bits = bits;
        p->reals[k].len = (unsigned char)(e - s);
        memcpy(p->reals[k].s, s, (size_t)(e - s));
    }
    return e;
}

/* n bytes of operators to the page's content stream: into p->content,
 * where libharu's callback stream would put them, without its calls */
static HPDF_STATUS
put_op(struct dc_pdf *p, HPDF_PageAttr attr, const char *buf, size_t n)
{
    if (attr->stream != p->content_stream)
        return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf,
                                 (HPDF_UINT)n);
    dc_buf_put(&p->content, buf, n);
    return HPDF_OK;
}

/* "x y m\n" or "x y l\n" */
static HPDF_STATUS
path_point(struct dc_pdf *p, HPDF_Page page, char op, float x, float y)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (op == 'm' ? !(attr->gmode & (HPDF_GMODE_PAGE_DESCRIPTION |
                                     HPDF_GMODE_PATH_OBJECT))
                  : attr->gmode != HPDF_GMODE_PATH_OBJECT) /* its error */
        return op == 'm' ? HPDF_Page_MoveTo(page, x, y)
                         : HPDF_Page_LineTo(page, x, y);
    char buf[64], *e = put_num(p, buf, x);
    *e++ = ' ';
    e = put_num(p, e, y);
    *e++ = ' ';
    *e++ = op;
    *e++ = '\n';
    HPDF_STATUS ret = put_op(p, attr, buf, (size_t)(e - buf));
    if (ret != HPDF_OK)
        return ret;
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    if (op == 'm') {
        attr->str_pos = attr->cur_pos;
        attr->gmode = HPDF_GMODE_PATH_OBJECT;
    }
    return HPDF_OK;
}

/* "1 0 0 1 x y Tm\n" inside a text object */
static HPDF_STATUS
text_at(struct dc_pdf *p, HPDF_Page page, float x, float y)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
        return HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, x, y); /* its error */
    char buf[64], *e = buf;
    memcpy(e, "1 0 0 1 ", 8);
    e = put_num(p, e + 8, x);
    *e++ = ' ';
    e = put_num(p, e, y);
    memcpy(e, " Tm\n", 4);
    e += 4;
    HPDF_STATUS ret = put_op(p, attr, buf, (size_t)(e - buf));
    if (ret != HPDF_OK)
        return ret;
    HPDF_TransMatrix m = {1, 0, 0, 1, x, y};
    attr->text_matrix = m;
    attr->text_pos.x = x;
    attr->text_pos.y = y;
    return HPDF_OK;
}

/* The font's name on the page as HPDF_Stream_WriteEscapeName writes it,
 * written: the first time on a page libharu's way (which also lists the
 * font in the page's resources), then the bytes it wrote.  0: failed. */
static int
put_font_name(struct dc_pdf *p, HPDF_Page page, HPDF_Font font)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (p->names_page != page) {
        memset(p->names, 0, sizeof p->names);
        p->names_page = page;
    }
    int k = 0;
    while (k < DC_FONT_COUNT && p->names[k].font && p->names[k].font != font)
        k++;
    if (k < DC_FONT_COUNT && p->names[k].font == font)
        return put_op(p, attr, p->names[k].s, p->names[k].len) == HPDF_OK;
    const char *name = HPDF_Page_GetLocalFontName(page, font);
    size_t at = p->content.len;
    if (!name || HPDF_Stream_WriteEscapeName(attr->stream, name) != HPDF_OK)
        return 0;
    size_t n = p->content.len - at;
    if (k < DC_FONT_COUNT && attr->stream == p->content_stream &&
        n <= sizeof p->names[k].s) {
        p->names[k].font = font;
        p->names[k].len = (unsigned char)n;
        memcpy(p->names[k].s, p->content.data + at, n);
    }
    return 1;
}

/* "/Fn size Tf\n" as HPDF_Page_SetFontAndSize writes it (it clears a
 * 512-byte buffer a byte at a time first), and the same graphics state */
static HPDF_STATUS
set_font(struct dc_pdf *p, HPDF_Page page, HPDF_Font font, float size)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!(attr->gmode &
          (HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT)) ||
        size <= 0 || size > HPDF_MAX_FONTSIZE || page->mmgr != font->mmgr ||
        !put_font_name(p, page, font))
        return HPDF_Page_SetFontAndSize(page, font, size); /* its error */
    char buf[32], *e = buf;
    *e++ = ' ';
    e = put_num(p, e, size);
    memcpy(e, " Tf\n", 4);
    e += 4;
    HPDF_STATUS ret = put_op(p, attr, buf, (size_t)(e - buf));
    if (ret != HPDF_OK)
        return ret;
    attr->gstate->font = font;
    attr->gstate->font_size = size;
    attr->gstate->writing_mode = ((HPDF_FontAttr)font->attr)->writing_mode;
    return HPDF_OK;
}

/* "value Tc\n" as HPDF_Page_SetCharSpace writes it (HPDF_Stream_WriteReal
 * clears a buffer first), and the same graphics state */
static HPDF_STATUS
set_char_space(struct dc_pdf *p, HPDF_Page page, float value)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!(attr->gmode &
          (HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT)) ||
        value < HPDF_MIN_CHARSPACE || value > HPDF_MAX_CHARSPACE)
        return HPDF_Page_SetCharSpace(page, value); /* its error */
    char buf[32], *e = put_num(p, buf, value);
    memcpy(e, " Tc\n", 4);
    e += 4;
    HPDF_STATUS ret = put_op(p, attr, buf, (size_t)(e - buf));
    if (ret == HPDF_OK)
        attr->gstate->char_space = value;
    return ret;
}

/* "<hex> Tj\n" as HPDF_Page_ShowText writes it for a Type0 TrueType font
 * under the UTF-8 encoder (libharu 2.3.0: hpdf_page_operator.c, the
 * encoder's byte walk in hpdf_encoder_utf.c, TextWidth in
 * hpdf_font_cid.c), which decodes the text twice, marks each glyph used
 * through HPDF_TTFontDef_GetCharWidth, mallocs the encoded text and
 * writes it a byte at a time: a third of painting (callgrind).  Here one
 * pass with the same byte walk (dc_pdf_u8_step), the same marks
 * (libharu's own call, once a glyph) and the same width arithmetic, whose
 * zero means nothing is written. */
static HPDF_STATUS
show_text(struct dc_pdf *p, HPDF_Page page, int role, const char *text)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Font font = attr->gstate->font;
    HPDF_FontAttr fa = font ? (HPDF_FontAttr)font->attr : NULL;
    const struct dc_pdf_font *o = &p->fonts[p->fonts[role].owner];
    if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || !fa ||
        fa->type != HPDF_FONT_TYPE0_TT || fa->encoder != p->utf8 ||
        fa->fontdef != o->def || attr->stream != p->content_stream ||
        fa->writing_mode != HPDF_WMODE_HORIZONTAL)
        return HPDF_Page_ShowText(page, text); /* its way, or its error */
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
    struct dc_buf *out = &p->content;
    size_t len = strlen(text), start = out->len;
    dc_buf_put(out, "<", 1);
    HPDF_UINT width = 0, numchars = 0, numspace = 0;
    struct dc_pdf_u8 u8 = {0, 0, {0}};
    char h[256]; /* the hex digits, written a buffer at a time */
    size_t nh = 0;
    const unsigned char *t8 = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = t8[i];
        unsigned v;
        if (u8.cur == 0 && (c & 0xF0) == 0xE0 && i + 2 < len &&
            (t8[i + 1] & 0x80) && (t8[i + 2] & 0x80)) {
            /* the walk's three steps at once (a CJK character): its
             * formula, and no blank among the bytes it consumes */
            v = ((c & 0xFu) << 12) + ((t8[i + 1] & 0x3Fu) << 6) +
                (t8[i + 2] & 0x3Fu);
            i += 2;
        } else {
            if (c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20)
                numspace++;
            if (!dc_pdf_u8_step(&u8, c, &v))
                continue;
        }
        HPDF_INT16 w;
        if (o->swapped) {
            unsigned g = o->gid[v];
            if (!ta->glyph_tbl.flgs[g]) /* marks it, and its components */
                HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)v);
            w = g ? o->adv[v] : o->adv0;
        } else {
            w = HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)v);
        }
        width += (HPDF_UINT)w;
        numchars++;
        static const char hex[] = "0123456789ABCDEF";
        if (nh + 4 > sizeof h) {
            dc_buf_put(out, h, nh);
            nh = 0;
        }
        h[nh++] = hex[v >> 12];
        h[nh++] = hex[(v >> 8) & 15];
        h[nh++] = hex[(v >> 4) & 15];
        h[nh++] = hex[v & 15];
    }
    dc_buf_put(out, h, nh);
    HPDF_REAL tw = 0;
    tw += attr->gstate->word_space * numspace;
    tw += width * attr->gstate->font_size / 1000;
    tw += attr->gstate->char_space * numchars;
    if (!tw) { /* libharu writes nothing then */
        out->len = start;
        out->data[start] = '\0';
        return HPDF_OK;
    }
    dc_buf_put(out, "> Tj\012", 5);
    attr->text_pos.x += tw * attr->text_matrix.a;
    attr->text_pos.y += tw * attr->text_matrix.b;
    return HPDF_OK;
}

/* A libharu callback stream's writes, appended to the dc_buf it holds (a
 * page's content while it is painted, the file while it is saved) */
static HPDF_STATUS HPDF_STDCALL
buf_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT n)
{
    dc_buf_put(s->attr, ptr, n);
    return HPDF_OK;
}

/* The items of a page that are (`upright`) or are not set in the sheet's
 * own coordinates: rules, then text. */
static enum dc_status
paint_items(struct dc_pdf *p, const struct dc_dl_page *pg, HPDF_Page page,
            int upright)
{
    const char *call = NULL;
    /* rules first, one path per line width; square caps close the corners
     * where a horizontal and a vertical rule meet */
    int32_t cur_w = -1;
    int open = 0;
    for (size_t k = 0; k < pg->nitems; k++) {
        const struct dc_dl_item *it = &pg->items[k];
        if (it->kind != DC_DL_RULE || upright)
            continue;
        const struct dc_dl_rule *r = &it->u.rule;
        if (r->width != cur_w) {
            if (open && HPDF_Page_Stroke(page) != HPDF_OK) {
                call = "HPDF_Page_Stroke";
                goto fail;
            }
            open = 0;
            if (cur_w < 0 && HPDF_Page_SetLineCap(
                                 page, HPDF_PROJECTING_SCUARE_END) != HPDF_OK) {
                call = "HPDF_Page_SetLineCap";
                goto fail;
            }
            if (HPDF_Page_SetLineWidth(page, pt(r->width)) != HPDF_OK) {
                call = "HPDF_Page_SetLineWidth";
                goto fail;
            }
            cur_w = r->width;
        }
        if (path_point(p, page, 'm', pt(r->x1), pt(r->y1)) != HPDF_OK ||
            path_point(p, page, 'l', pt(r->x2), pt(r->y2)) != HPDF_OK) {
            call = "HPDF_Page_MoveTo/LineTo";
            goto fail;
        }
        open = 1;
    }
    if (open && HPDF_Page_Stroke(page) != HPDF_OK) {
        call = "HPDF_Page_Stroke";
        goto fail;
    }

    /* then all text in one text object; absolute text matrices, so no
     * rounding error accumulates over a page */
    int in_text = 0, cur_font = -1;
    int32_t cur_size = -1, cur_sp = 0;
    for (size_t k = 0; k < pg->nitems; k++) {
        const struct dc_dl_item *it = &pg->items[k];
        if (!dc_pdf_painted(it, upright))
            continue;
        const struct dc_dl_text *t = &it->u.text;
        if (!in_text) {
            if (HPDF_Page_BeginText(page) != HPDF_OK) {
                call = "HPDF_Page_BeginText";
                goto fail;
            }
            in_text = 1;
        }
        if (t->font != cur_font || t->size != cur_size) {
            HPDF_Font f = dc_pdf_font(p, t->font);
            if (!f)
                return DC_ERR_LIB; /* reported */
            if (set_font(p, page, f, pt(t->size)) != HPDF_OK) {
                call = "HPDF_Page_SetFontAndSize";
                goto fail;
            }
            cur_font = t->font;
            cur_size = t->size;
        }
        if (t->spacing != cur_sp) {
            if (set_char_space(p, page, pt(t->spacing)) != HPDF_OK) {
                call = "HPDF_Page_SetCharSpace";
                goto fail;
            }
            cur_sp = t->spacing;
        }
        if (text_at(p, page, pt(t->x), pt(t->y)) != HPDF_OK ||
            show_text(p, page, t->font, t->text) != HPDF_OK) {
            call = "HPDF_Page_ShowText";
            goto fail;
        }
    }
    if (in_text && HPDF_Page_EndText(page) != HPDF_OK) {
        call = "HPDF_Page_EndText";
        goto fail;
    }
    return DC_OK;
fail:
    return dc_pdf_lib_error(p, call);
}

/* A portrait page as laid out; a landscape one on a portrait sheet, turned
 * a quarter counter-clockwise (its head toward the sheet's left edge, as a
 * bound copy has it), the sheet shown a quarter clockwise (/Rotate 90) so
 * that a screen shows the table upright; the folio stays upright on the
 * sheet. */
static enum dc_status
paint_sheet(struct dc_pdf *p, const struct dc_dl_page *pg, HPDF_Page page)
{
    int turned = pg->landscape;
    int32_t sw = turned ? pg->height : pg->width;
    int32_t sh = turned ? pg->width : pg->height;
    HPDF_STATUS ret = HPDF_Page_SetWidth(page, pt(sw));
    ret += HPDF_Page_SetHeight(page, pt(sh));
    if (ret)
        return dc_pdf_lib_error(p, "HPDF_Page_SetWidth/SetHeight");
    if (!turned)
        return paint_items(p, pg, page, 0);
    if (HPDF_Page_SetRotate(page, 90) != HPDF_OK)
        return dc_pdf_lib_error(p, "HPDF_Page_SetRotate");
    /* (x, y) of the landscape page -> (sw - y, x) on the sheet */
    if (HPDF_Page_GSave(page) != HPDF_OK ||
        HPDF_Page_Concat(page, 0, 1, -1, 0, pt(sw), 0) != HPDF_OK)
        return dc_pdf_lib_error(p, "HPDF_Page_GSave/Concat");
    enum dc_status st = paint_items(p, pg, page, 0);
    if (st != DC_OK)
        return st;
    if (HPDF_Page_GRestore(page) != HPDF_OK)
        return dc_pdf_lib_error(p, "HPDF_Page_GRestore");
    return paint_items(p, pg, page, 1);
}

/* A page painted into p->content: libharu's operators write there through
 * p->content_stream, ours directly (libharu's page stream takes its bytes
 * a byte at a time, in 4 KB pieces it mallocs).  The bytes are deflated
 * by whichever thread is free (struct pages) and the page's content
 * stream gets them at the end (pages_store). */
static enum dc_status
paint_page(struct dc_pdf *p, const struct dc_dl_page *pg, HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream own = attr->stream;
    dc_buf_clear(&p->content);
    p->names_page = NULL; /* a page of another document may come back at
                             the same address */
    attr->stream = p->content_stream;
    enum dc_status st = paint_sheet(p, pg, page);
    attr->stream = own;
    return st;
}

/* Bookmarks, nested by level, each with a direct destination array (an
 * indirect one from HPDF_Page_CreateDestination fails PDF/A validation). */
static enum dc_status
add_outline(struct dc_pdf *p, const struct dc_display *d, HPDF_Page *pages)
{
    enum { MAXDEPTH = 16 };
    HPDF_Outline parent[MAXDEPTH];
    int depth = 0; /* entries in parent[] */
    for (int i = 0; i < d->noutline; i++) {
        const struct dc_dl_outline *o = &d->outline[i];
        int level = o->level < MAXDEPTH - 1 ? o->level : MAXDEPTH - 1;
        if (level > depth)
            level = depth; /* a skipped level hangs under the last entry */
        HPDF_Outline ol = HPDF_CreateOutline(
            p->doc, level ? parent[level - 1] : NULL, o->title, p->utf8);
        if (!ol)
            return dc_pdf_lib_error(p, "HPDF_CreateOutline");
        HPDF_Array dest = HPDF_Array_New(p->doc->mmgr);
        HPDF_STATUS ret = dest ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
        if (dest) {
            ret += HPDF_Array_Add(dest, pages[o->page]);
            ret += HPDF_Array_AddName(dest, "XYZ");
            if (d->pages[o->page].landscape) {
                /* a turned page: the target's top is a left on the sheet */
                ret += HPDF_Array_AddReal(
                    dest, pt(d->pages[o->page].height - o->y));
                ret += HPDF_Array_Add(dest, HPDF_Null_New(p->doc->mmgr));
            } else {
                ret += HPDF_Array_Add(dest, HPDF_Null_New(p->doc->mmgr));
                ret += HPDF_Array_AddReal(dest, pt(o->y));
            }
            ret += HPDF_Array_Add(dest, HPDF_Null_New(p->doc->mmgr));
            ret += HPDF_Dict_Add(ol, "Dest", dest);
        }
        if (level == 0)
            ret += HPDF_Outline_SetOpened(ol, HPDF_TRUE);
        if (ret != HPDF_OK)
            return dc_pdf_lib_error(p, "adding a bookmark");
        parent[level] = ol;
        depth = level + 1;
    }
    return DC_OK;
}

/* Page labels, so a viewer shows the printed page numbers: front matter
 * (number 0) as i, ii, …; every run of numbered pages from its number. */
static enum dc_status
add_page_labels(struct dc_pdf *p, const struct dc_display *d)
{
    int prev = -1;
    for (int i = 0; i < d->npages; i++) {
        int n = d->pages[i].number;
        HPDF_STATUS ret = HPDF_OK;
        if (n == 0 && (i == 0 || prev != 0))
            ret = HPDF_AddPageLabel(p->doc, (HPDF_UINT)i,
                                    HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
        else if (n > 0 && (i == 0 || n != prev + 1 || prev == 0))
            ret = HPDF_AddPageLabel(p->doc, (HPDF_UINT)i,
                                    HPDF_PAGE_NUM_STYLE_DECIMAL, (HPDF_UINT)n,
                                    NULL);
        if (ret != HPDF_OK)
            return dc_pdf_lib_error(p, "HPDF_AddPageLabel");
        prev = n;
    }
    return DC_OK;
}

/* ---- the /ID: MD5 of everything that makes the file ----
 * (Nettle's MD5: libharu's copies every 64-byte block a byte at a time) */

/* The bytes go to the digest 4 KB at a time: one digest update per
 * 8-byte number was most of the cost (the digest is the same). */
struct md5 {
    struct md5_ctx c;
    size_t n;
    unsigned char buf[4096];
};

static void
md5_put(struct md5 *h, const void *p, size_t n)
{
    if (h->n + n > sizeof h->buf) {
        md5_update(&h->c, h->n, h->buf);
        h->n = 0;
    }
    if (n > sizeof h->buf) {
        md5_update(&h->c, n, p);
        return;
    }
    memcpy(h->buf + h->n, p, n);
    h->n += n;
}

/* v as 8 bytes, least significant first */
static void
md5_int(struct md5 *h, int64_t v)
{
    if (h->n + 8 > sizeof h->buf) {
        md5_update(&h->c, h->n, h->buf);
        h->n = 0;
    }
    unsigned char *b = h->buf + h->n;
    uint64_t u = (uint64_t)v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(b, &u, 8); /* one store: gcc -O2 kept the loop below, byte by
                         byte (half of the /ID's instructions) */
#else
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (8 * i));
#endif
    h->n += 8;
}

static void
md5_str(struct md5 *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    md5_int(h, s ? (int64_t)n : -1);
    if (n)
        md5_put(h, s, n);
}

/* -1, or the page that cannot be read back (dc_display_page), with the
 * reason in *err */
static int
display_id(const struct dc_pdf *p, const struct dc_display *d,
           const struct dc_pdf_info *info, unsigned char id[16], int *err)
{
    struct md5 *c = dc_xmalloc(sizeof *c);
    c->n = 0;
    md5_init(&c->c);
    md5_str(c, "disclose " DC_VERSION " pdf");
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        md5_str(c, p->fonts[r].file->path);
        md5_int(c, p->fonts[r].file->index);
    }
    md5_str(c, info->title);
    md5_str(c, info->author);
    md5_str(c, info->subject);
    md5_str(c, info->keywords);
    md5_int(c, info->y * 10000 + info->m * 100 + info->d);
    struct dc_dl_buf buf;
    memset(&buf, 0, sizeof buf);
    int bad = -1;
    for (int i = 0; i < d->npages && bad < 0; i++) {
        const struct dc_dl_page *pg = dc_display_page(d, i, &buf);
        if (!pg) {
            bad = i;
            *err = errno;
            break;
        }
        md5_int(c, pg->width);
        md5_int(c, pg->height);
        md5_int(c, pg->number);
        for (size_t k = 0; k < pg->nitems; k++) {
            const struct dc_dl_item *it = &pg->items[k];
            md5_int(c, it->kind);
            if (it->kind == DC_DL_TEXT) {
                const struct dc_dl_text *t = &it->u.text;
                md5_int(c, t->x);
                md5_int(c, t->y);
                md5_int(c, t->size);
                md5_int(c, t->spacing);
                md5_int(c, t->font);
                md5_str(c, t->text);
            } else {
                const struct dc_dl_rule *r = &it->u.rule;
                md5_int(c, r->x1);
                md5_int(c, r->y1);
                md5_int(c, r->x2);
                md5_int(c, r->y2);
                md5_int(c, r->width);
            }
        }
    }
    for (int i = 0; i < d->noutline; i++) {
        md5_int(c, d->outline[i].level);
        md5_int(c, d->outline[i].page);
        md5_int(c, d->outline[i].y);
        md5_str(c, d->outline[i].title);
    }
    dc_dl_buf_free(&buf);
    md5_update(&c->c, c->n, c->buf);
    md5_digest(&c->c, MD5_DIGEST_SIZE, id);
    free(c);
    return bad;
}

void
dc_pdf_set_default_date(struct dc_pdf *p, long long epoch)
{
    p->default_date = epoch;
}

/* No signature date: the writer's default date (the command passes
 * $SOURCE_DATE_EPOCH), as a date in China Standard Time, else no date at
 * all.  Never the clock. */
static void
default_date(const struct dc_pdf *p, struct dc_pdf_info *info)
{
    long long v = p->default_date;
    if (v < 0 || v > 253402300799LL) /* up to 9999 */
        return;
    time_t t = (time_t)(v + 8 * 3600);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    info->y = tm.tm_year + 1900;
    info->m = tm.tm_mon + 1;
    info->d = tm.tm_mday;
}

/* An empty entry is left out of /Info and XMP alike. */
static const char *
nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* ---- saving: staged into a commit set (src/core/output.c) ---- */

/* The saved document's bytes (caller frees).  HPDF_SaveToStream writes
 * into the document's stream; given a callback stream rather than the
 * memory stream it makes, it writes straight into our buffer, not into 4
 * KB pieces copied a byte at a time, which HPDF_ReadFromStream would then
 * copy out again a byte at a time. */
/* The file as it is saved: in `b`, emptied into `fd` (when >= 0) 64 KB at
 * a time, so that the whole file is never held (issue 12). */
struct save_out {
    struct dc_buf b;
    int fd, err; /* err: the first write's errno */
};

static int
save_flush(struct save_out *o)
{
    const char *at = o->b.data;
    size_t left = o->b.len;
    while (left > 0 && !o->err) {
        ssize_t w = write(o->fd, at, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            o->err = w == 0 ? ENOSPC : errno;
        else {
            at += w;
            left -= (size_t)w;
        }
    }
    dc_buf_clear(&o->b);
    return o->err ? -1 : 0;
}

static HPDF_STATUS HPDF_STDCALL
save_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT n)
{
    struct save_out *o = s->attr;
    dc_buf_put(&o->b, ptr, n);
    if (o->fd >= 0 && o->b.len >= 65536 && save_flush(o) != 0)
        return HPDF_FILE_IO_ERROR;
    return HPDF_OK;
}

static enum dc_status
save(struct dc_pdf *p, unsigned char **out, size_t *outlen)
{
    dc_pdf_flate_defer_all(p); /* pdf_flate.c deflates, not libharu */
    struct save_out o = {.fd = p->out_fd};
    dc_buf_init(&o.b);
    if (!p->doc->stream)
        p->doc->stream = HPDF_CallbackWriter_New(p->doc->mmgr, save_write, &o);
    if (!p->doc->stream)
        return dc_pdf_lib_error(p, "HPDF_CallbackWriter_New");
    p->doc->stream->attr = &o; /* HPDF_NewDoc frees it with the document */
    HPDF_STATUS ret = HPDF_SaveToStream(p->doc);
    p->doc->stream->attr = NULL;
    if (ret == HPDF_OK && o.fd >= 0)
        save_flush(&o);
    if (o.err) {
        dc_diag_report(p->diag, p->target, 0, 0, DC_SEV_ERROR,
                       _("cannot write: %s"), strerror(o.err));
        dc_buf_free(&o.b);
        return DC_ERR_IO;
    }
    if (ret != HPDF_OK) {
        dc_buf_free(&o.b);
        return dc_pdf_lib_error(p, "HPDF_SaveToStream");
    }
    *outlen = o.b.len;
    *out = (unsigned char *)dc_buf_detach(&o.b);
    return DC_OK;
}

enum dc_status
dc_pdf_write(struct dc_pdf *p, const struct dc_display *d, const char *path,
             struct dc_diag *diag)
{
    struct dc_commit *c = dc_commit_new();
    enum dc_status st = dc_pdf_stage(p, d, path, c, diag);
    if (st == DC_OK)
        st = dc_commit_apply(c, diag);
    dc_commit_free(c);
    return st;
}

enum dc_status
dc_pdf_stage(struct dc_pdf *p, const struct dc_display *d, const char *path,
             struct dc_commit *commit, struct dc_diag *diag)
{
    unsigned char *data = NULL;
    size_t len = 0;
    /* saved straight into the commit's temporary (fsync'd when the set is
     * applied) */
    p->out_fd = dc_commit_open(commit, path, diag);
    if (p->out_fd < 0)
        return DC_ERR_IO;
    p->target = path;
    enum dc_status st = dc_pdf_render(p, d, &data, &len, diag);
    p->target = NULL;
    p->out_fd = -1;
    free(data);
    return st;
}

static enum dc_status render(struct dc_pdf *p, const struct dc_display *d,
                             unsigned char **data, size_t *len);

enum dc_status
dc_pdf_render(struct dc_pdf *p, const struct dc_display *d,
              unsigned char **data, size_t *len, struct dc_diag *diag)
{
    *data = NULL;
    *len = 0;
    p->diag = diag;
    p->source = d->source;
    enum dc_status st = render(p, d, data, len);
    p->source = NULL;
    return st;
}

void
dc_pdf_set_one_thread(struct dc_pdf *p, int on)
{
    p->one_thread = on;
}

/* The content streams of the pages painted so far, deflated by the
 * painting thread or, once it has made what it makes ahead, the second
 * one: each page on its own, so the bytes do not depend on which. */
struct page_slot {
    char *data; /* painted, not yet deflated */
    size_t len;
    size_t zlen; /* deflated: zlen bytes (0: zlib failed) */
    int64_t at;  /* in the spill from here */
};

struct pages {
    pthread_mutex_t lock;
    pthread_cond_t more;
    struct page_slot *slot;
    int painted; /* slots [0, painted) hold a page */
    int next;    /* the first nobody took yet */
    int done;    /* no more pages will come */
    int helper;  /* the second thread takes the pages */
    /* the deflated pages wait for the save in a spill (under `lock`):
     * past its budget in a scratch file beside the output (issue 12) */
    struct dc_spill spill;
};

static void
slot_deflate(struct pages *q, struct page_slot *s)
{
    unsigned char *z;
    s->zlen = dc_pdf_deflate(s->data, s->len, &z);
    free(s->data);
    s->data = NULL;
    if (!s->zlen)
        return;
    pthread_mutex_lock(&q->lock);
    s->at = dc_spill_append(&q->spill, z, s->zlen);
    pthread_mutex_unlock(&q->lock);
    free(z);
}

/* Deflates the pages painted and not yet taken; `wait`: and those still
 * to come, until painting is done. */
static void
pages_take(struct pages *q, int wait)
{
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (wait && q->next >= q->painted && !q->done)
            pthread_cond_wait(&q->more, &q->lock);
        if (q->next >= q->painted)
            break;
        struct page_slot *s = &q->slot[q->next++];
        pthread_mutex_unlock(&q->lock);
        slot_deflate(q, s);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
}

/* Page i painted (its bytes taken from `b`); the painting thread deflates
 * it itself while the second one is busy. */
static void
pages_add(struct pages *q, int i, struct dc_buf *b)
{
    q->slot[i].len = b->len;
    q->slot[i].data = dc_buf_detach(b);
    pthread_mutex_lock(&q->lock);
    q->painted = i + 1;
    int helped = q->helper;
    pthread_cond_signal(&q->more);
    pthread_mutex_unlock(&q->lock);
    if (!helped)
        pages_take(q, 0);
}

static void
pages_done(struct pages *q)
{
    pthread_mutex_lock(&q->lock);
    q->done = 1;
    pthread_cond_broadcast(&q->more);
    pthread_mutex_unlock(&q->lock);
}

/* Each page's content stream gets its deflated bytes (written with its
 * /Filter, pdf_flate.c), in page order. */
static enum dc_status
pages_store(struct dc_pdf *p, struct pages *q, HPDF_Page *pages)
{
    for (int i = 0; i < q->painted; i++) {
        HPDF_PageAttr attr = (HPDF_PageAttr)pages[i]->attr;
        if (!q->slot[i].zlen) {
            p->error_no = HPDF_ZLIB_ERROR;
            return dc_pdf_lib_error(p, "deflating a page's content");
        }
        const struct page_slot *s = &q->slot[i];
        if (dc_pdf_flate_put_spilled(attr->contents, &q->spill, s->at,
                                     s->zlen) != HPDF_OK)
            return dc_pdf_lib_error(p, "writing a page's content");
    }
    return DC_OK;
}

static void
pages_free(struct pages *q, int n)
{
    for (int i = 0; q->slot && i < n; i++)
        free(q->slot[i].data);
    free(q->slot);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->more);
}

/* What a second thread makes while the pages are painted, from the display
 * list alone: it marks the glyphs the fonts will embed, then takes the
 * tasks below from the front (the /ID, then the font programs of the roles
 * in order, the largest first in the usual font map), and then deflates
 * pages.  The painting thread, once done, takes what is left from the
 * back: the fonts the second thread has not reached (the smaller ones),
 * then the /ID if it is not begun.  Either way the same bytes. */
#define TASK_ID 0 /* then 1 + r: role r's font program */
#define NTASKS (1 + DC_FONT_COUNT)

struct prep_job {
    struct dc_pdf *p;
    const struct dc_display *d;
    const struct dc_pdf_info *info;
    struct pages pages;
    unsigned char id[16];
    int id_bad, id_err; /* display_id()'s */
    /* under pages.lock: the glyphs are marked (the font tasks may start);
     * which tasks were taken */
    int marked;
    unsigned char taken[NTASKS];
    pthread_t thread;
    int running;
};

/* A task not yet taken (from the back: the last first), marked taken; -1
 * when none is left that may start. */
static int
task_take(struct prep_job *j, int from_back)
{
    int got = -1;
    pthread_mutex_lock(&j->pages.lock);
    for (int k = 0; k < NTASKS && got < 0; k++) {
        int t = from_back ? NTASKS - 1 - k : k;
        if (!j->taken[t] && (t == TASK_ID || j->marked))
            got = t;
    }
    if (got >= 0)
        j->taken[got] = 1;
    pthread_mutex_unlock(&j->pages.lock);
    return got;
}

static void
tasks_run(struct prep_job *j, int from_back)
{
    int t;
    while ((t = task_take(j, from_back)) >= 0) {
        if (t == TASK_ID)
            j->id_bad = display_id(j->p, j->d, j->info, j->id, &j->id_err);
        else
            dc_pdf_font_prepare(j->p, t - 1);
    }
}

static void *
prep_run(void *arg)
{
    struct prep_job *j = arg;
    dc_pdf_fonts_mark(j->p, j->d);
    pthread_mutex_lock(&j->pages.lock);
    j->marked = 1;
    pthread_mutex_unlock(&j->pages.lock);
    tasks_run(j, 0);
    pthread_mutex_lock(&j->pages.lock);
    j->pages.helper = 1;
    pthread_mutex_unlock(&j->pages.lock);
    pages_take(&j->pages, 1);
    return NULL;
}

/* The /ID, made by either thread (or now: by this one alone, without the
 * font programs when there was no second thread to mark the glyphs); as
 * display_id(), -1 or the page that could not be read back for it. */
static int
prep_join(struct prep_job *j, unsigned char id[16])
{
    tasks_run(j, 1);
    if (j->running) {
        pthread_join(j->thread, NULL);
        j->running = 0;
    }
    memcpy(id, j->id, 16);
    return j->id_bad;
}

static void
document_info(const struct dc_pdf *p, const struct dc_display *d,
              struct dc_pdf_info *info)
{
    memset(info, 0, sizeof *info);
    info->title = nonempty(d->title);
    info->author = nonempty(d->author);
    info->subject = nonempty(d->subject);
    info->keywords = nonempty(d->keywords);
    info->creator = "disclose " DC_VERSION;
    info->producer = HPDF_GetInfoAttr(p->doc, HPDF_INFO_PRODUCER);
    if (d->date_y > 0 && d->date_m >= 1 && d->date_m <= 12 && d->date_d >= 1 &&
        d->date_d <= 31) {
        info->y = d->date_y;
        info->m = d->date_m;
        info->d = d->date_d;
    } else {
        default_date(p, info);
    }
}

static enum dc_status paint_all(struct dc_pdf *p, const struct dc_display *d,
                                struct pages *q, HPDF_Page *pages);

void
dc_pdf_end(struct dc_pdf *p)
{
    /* the step between two documents, taken now; a failure is told when
     * the next document begins, which takes it again */
    if (p && p->written && next_doc(p) == DC_OK)
        p->written = 0;
}

static enum dc_status
render(struct dc_pdf *p, const struct dc_display *d, unsigned char **data,
       size_t *len)
{
    if (p->written && next_doc(p) != DC_OK)
        return DC_ERR_LIB;
    p->written = 1;
    if (check_display(p, d))
        return DC_ERR_INPUT;
    struct dc_pdf_info info;
    document_info(p, d, &info);
    struct prep_job job = {.p = p, .d = d, .info = &info};
    pthread_mutex_init(&job.pages.lock, NULL);
    pthread_cond_init(&job.pages.more, NULL);
    job.pages.slot = dc_xcalloc((size_t)d->npages, sizeof *job.pages.slot);
    dc_spill_init_beside(&job.pages.spill, p->target);
    job.running = !p->one_thread &&
                  pthread_create(&job.thread, NULL, prep_run, &job) == 0;
    HPDF_Page *pages = dc_xcalloc((size_t)d->npages, sizeof *pages);
    enum dc_status st = paint_all(p, d, &job.pages, pages);
    pages_done(&job.pages);
    pages_take(&job.pages, 0);
    unsigned char id[16];
    int bad = prep_join(&job, id);
    if (bad >= 0 && st == DC_OK)
        st = unreadable(p, bad, job.id_err) ? DC_ERR_IO : DC_OK;
    if (st == DC_OK)
        st = pages_store(p, &job.pages, pages);
    pages_free(&job.pages, d->npages);
    free(pages);
    if (st == DC_OK)
        st = dc_pdf_make_pdfa(p, &info, id);
    if (st == DC_OK)
        st = save(p, data, len);
    dc_spill_free(&job.pages.spill); /* the pages' streams are not read
                                        again */
    dc_pdf_fonts_unprepare(p);
    return st;
}

/* Pages (each handed to `q` once painted), bookmarks and page labels. */
static enum dc_status
paint_all(struct dc_pdf *p, const struct dc_display *d, struct pages *q,
          HPDF_Page *pages)
{
    enum dc_status st = DC_OK;
    p->content_stream =
        HPDF_CallbackWriter_New(p->doc->mmgr, buf_write, &p->content);
    if (!p->content_stream)
        return dc_pdf_lib_error(p, "HPDF_CallbackWriter_New");
    struct dc_dl_buf buf;
    memset(&buf, 0, sizeof buf);
    for (int i = 0; i < d->npages && st == DC_OK; i++) {
        const struct dc_dl_page *pg = dc_display_page(d, i, &buf);
        pages[i] = pg ? HPDF_AddPage(p->doc) : NULL;
        if (!pg)
            st = unreadable(p, i, errno) ? DC_ERR_IO : DC_OK;
        else if (!pages[i])
            st = dc_pdf_lib_error(p, "HPDF_AddPage");
        else {
            p->page = i + 1;
            st = paint_page(p, pg, pages[i]);
            p->page = 0;
        }
        if (st == DC_OK)
            pages_add(q, i, &p->content);
    }
    dc_dl_buf_free(&buf);
    HPDF_Stream_Free(p->content_stream);
    p->content_stream = NULL;
    dc_buf_free(&p->content);
    if (st == DC_OK)
        st = add_outline(p, d, pages);
    if (st == DC_OK && d->noutline > 0 &&
        HPDF_SetPageMode(p->doc, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
        st = dc_pdf_lib_error(p, "HPDF_SetPageMode");
    if (st == DC_OK)
        st = add_page_labels(p, d);
    return st;
}
