/* Fonts of the PDF backend: loading the files of the font map, metrics for
 * the layout engine, and the repairs libharu 2.3.0 needs for PDF/A-1b
 * (shared/notes/libharu-2.3.0.md §3): a valid ToUnicode CMap (3a), and at
 * save time CapHeight, CIDSet, a /W and CIDToGIDMap that cover only the
 * glyphs used (3b). */
#include "pdf_int.h"
#include "i18n.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

_Static_assert(DC_FONT_COUNT == DC_FONTMAP_NROLES,
               "font roles of displaylist.h and fontmap.h must agree");

#define NCODES 0x10000

/* ---- cmap walk: the glyph of every BMP code point at once ---- */

/* Fills gid[0..0xFFFF] from the font's (3,1) cmap the way
 * HPDF_TTFontDef_GetGlyphid looks up one code point, in one pass over the
 * segments instead of one search per code point. */
static void
glyph_map(HPDF_FontDef def, uint16_t *gid)
{
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
    const HPDF_TTF_CmapRange *cm = &ta->cmap;
    memset(gid, 0, NCODES * sizeof *gid);
    if (cm->format == 0) {
        for (unsigned c = 0; c < 256; c++)
            gid[c] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
        return;
    }
    unsigned nseg = cm->seg_count_x2 / 2u;
    unsigned prev_end = 0;
    for (unsigned i = 0; i < nseg; i++) {
        unsigned lo = cm->start_count[i], end = cm->end_count[i];
        /* libharu takes the first segment whose end is >= c */
        unsigned from = i > 0 && lo <= prev_end ? prev_end + 1 : lo;
        for (unsigned c = from; c <= end && c < NCODES; c++) {
            uint16_t g;
            if (cm->id_range_offset[i] == 0) {
                g = (uint16_t)(c + (unsigned)(int)cm->id_delta[i]);
            } else {
                unsigned idx =
                    cm->id_range_offset[i] / 2u + (c - lo) - (nseg - i);
                g = idx >= cm->glyph_id_array_count
                        ? 0
                        : (uint16_t)(cm->glyph_id_array[idx] +
                                     (unsigned)(int)cm->id_delta[i]);
            }
            gid[c] = g < ta->num_glyphs ? g : 0;
        }
        if (end > prev_end)
            prev_end = end;
    }
}

/* ---- the one-segment cmap ---- */

/* Gives the definition a format-4 cmap of one segment 0000-FFFF whose
 * idRangeOffset points at gid[]: HPDF_TTFontDef_GetGlyphid then finds every
 * code point at once, with the same answer. */
static void
install_cmap(struct dc_pdf_font *f)
{
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)f->def->attr;
    HPDF_TTF_CmapRange *cm = &ta->cmap;
    f->seg_end = 0xFFFF;
    f->seg_start = 0;
    f->seg_delta = 0;
    f->seg_offset = 2; /* idx = 2/2 + (c - 0) - 1 = c */
    cm->seg_count_x2 = 2;
    cm->end_count = &f->seg_end;
    cm->start_count = &f->seg_start;
    cm->id_delta = &f->seg_delta;
    cm->id_range_offset = &f->seg_offset;
    cm->glyph_id_array = f->gid;
    cm->glyph_id_array_count = NCODES;
}

static void
restore_cmap(struct dc_pdf_font *f)
{
    if (!f->swapped)
        return;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)f->def->attr;
    ta->cmap = f->lib_cmap;
    f->swapped = 0;
}

/* ---- metrics ---- */

static int
advance(void *ctx, int role, uint32_t cp)
{
    struct dc_pdf *p = ctx;
    if (role < 0 || role >= DC_FONT_COUNT || cp >= NCODES || cp < 0x20 ||
        (cp >= 0x7F && cp < 0xA0) || (cp >= 0xD800 && cp < 0xE000))
        return -1; /* libharu turns code points above U+FFFF into spaces */
    return p->fonts[p->fonts[role].owner].adv[cp];
}

/* ---- the embedded font program, cut from the mapped file ----
 * libharu's HPDF_TTFontDef_SaveFontData reads every table it keeps four
 * bytes at a time through its file stream (a fifth of a render, callgrind).
 * font_program() makes the same tables from the font file mapped into
 * memory, which dc_pdf_sfnt_build() slims and lays out as
 * slim_font_program() would: the same bytes, read once per writer. */

/* Which writer's font owns a libharu font definition, for the save hook,
 * which sees only libharu's objects. */
static pthread_mutex_t owners_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    HPDF_FontDef def;
    struct dc_pdf_font *font;
} owners[64];

static void
set_owner(HPDF_FontDef def, struct dc_pdf_font *f)
{
    pthread_mutex_lock(&owners_lock);
    size_t free_slot = sizeof owners / sizeof owners[0];
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++) {
        if (owners[i].def == def) {
            owners[i].font = f;
            if (!f)
                owners[i].def = NULL;
            free_slot = SIZE_MAX;
            break;
        }
        if (!owners[i].def && free_slot > i)
            free_slot = i;
    }
    if (f && free_slot < sizeof owners / sizeof owners[0]) {
        owners[free_slot].def = def;
        owners[free_slot].font = f;
    }
    pthread_mutex_unlock(&owners_lock);
}

static struct dc_pdf_font *
owner_of(HPDF_FontDef def)
{
    struct dc_pdf_font *f = NULL;
    pthread_mutex_lock(&owners_lock);
    for (size_t i = 0; i < sizeof owners / sizeof owners[0]; i++)
        if (owners[i].def == def)
            f = owners[i].font;
    pthread_mutex_unlock(&owners_lock);
    return f;
}

/* The CMap's text and its deflated bytes: one constant of the program,
 * made once (the first writer's fonts thread) */
static pthread_once_t tounicode_once = PTHREAD_ONCE_INIT;
static struct dc_buf tounicode;
static unsigned char *tounicode_z;
static size_t tounicode_zlen;

static void
tounicode_make(void)
{
    dc_buf_init(&tounicode);
    dc_pdf_tounicode_cmap(&tounicode);
    tounicode_zlen = dc_pdf_deflate(tounicode.data, tounicode.len, &tounicode_z);
}

static int
map_file(struct dc_pdf_font *f)
{
    if (f->bytes || f->unmappable)
        return f->bytes ? 0 : -1;
    f->unmappable = 1;
    int fd = open(f->file->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            f->bytes = m;
            f->nbytes = (size_t)st.st_size;
            f->unmappable = 0;
        }
    }
    close(fd);
    return f->bytes ? 0 : -1;
}

static void
unmap_file(struct dc_pdf_font *f)
{
    if (f->bytes)
        munmap((void *)f->bytes, f->nbytes);
    f->bytes = NULL;
    f->nbytes = 0;
}

/* bytes [off, off + len) of the file, or NULL when they are not all in it */
static const unsigned char *
file_at(const struct dc_pdf_font *f, size_t off, size_t len)
{
    return off <= f->nbytes && len <= f->nbytes - off ? f->bytes + off : NULL;
}

/* The tables HPDF_TTFontDef_SaveFontData writes, in its order. */
static const char *const kept_tables[] = {
    "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
    "hmtx", "loca", "maxp", "name", "post", "prep"};

/* 'head' as libharu's WriteHeader writes it, from the parsed header */
static unsigned char *
make_head(const HPDF_TTF_FontHeader *h)
{
    unsigned char *o = dc_xcalloc(54, 1);
    memcpy(o, h->version_number, 4);
    dc_put32(o + 4, h->font_revision);
    /* o + 8: checkSumAdjustment, set when the program is laid out */
    dc_put32(o + 12, h->magic_number);
    dc_put16(o + 16, h->flags);
    dc_put16(o + 18, h->units_per_em);
    memcpy(o + 20, h->created, 8);
    memcpy(o + 28, h->modified, 8);
    dc_put16(o + 36, (uint16_t)h->x_min);
    dc_put16(o + 38, (uint16_t)h->y_min);
    dc_put16(o + 40, (uint16_t)h->x_max);
    dc_put16(o + 42, (uint16_t)h->y_max);
    dc_put16(o + 44, h->mac_style);
    dc_put16(o + 46, h->lowest_rec_ppem);
    dc_put16(o + 48, (uint16_t)h->font_direction_hint);
    dc_put16(o + 50, (uint16_t)h->index_to_loc_format);
    dc_put16(o + 52, (uint16_t)h->glyph_data_format);
    return o;
}

/* 'glyf' with the used glyphs only (RecreateGLYF), and its 'loca' */
static int
make_glyf_loca(const struct dc_pdf_font *f, HPDF_TTFontDefAttr ta,
               const unsigned char *used, struct dc_sfnt_table *glyf,
               struct dc_sfnt_table *loca)
{
    int short_loca = ta->header.index_to_loc_format == 0;
    unsigned n = ta->num_glyphs;
    const HPDF_UINT32 *off = ta->glyph_tbl.offsets;
    size_t total = 0;
    for (unsigned i = 0; i < n; i++)
        if (used[i] == 1)
            total += (size_t)(off[i + 1] - off[i]) * (short_loca ? 2 : 1);
    unsigned char *g = dc_xmalloc(total ? total : 1);
    size_t lsize = (size_t)(n + 1) * (short_loca ? 2 : 4);
    unsigned char *l = dc_xmalloc(lsize);
    size_t at = 0;
    for (unsigned i = 0; i <= n; i++) {
        uint32_t o = (uint32_t)(short_loca ? at / 2 : at);
        if (short_loca)
            dc_put16(l + 2 * i, (uint16_t)o);
        else
            dc_put32(l + 4 * i, o);
        if (i == n || used[i] != 1)
            continue;
        size_t from = off[i], len = off[i + 1] - off[i];
        if (short_loca)
            from *= 2, len *= 2;
        const unsigned char *src =
            file_at(f, ta->glyph_tbl.base_offset + from, len);
        if (!src || off[i + 1] < off[i]) {
            free(g);
            free(l);
            return -1;
        }
        memcpy(g + at, src, len);
        at += len;
    }
    glyf->data = glyf->own = g;
    glyf->len = at;
    loca->data = loca->own = l;
    loca->len = lsize;
    return 0;
}

/* 'name' with the subset tag before names 1 and 4 (RecreateName) */
static int
make_name(const struct dc_pdf_font *f, HPDF_TTFontDefAttr ta,
          const HPDF_TTFTable *tbl, struct dc_sfnt_table *name)
{
    const HPDF_TTF_NamingTable *nt = &ta->name_tbl;
    size_t strings = 0;
    for (unsigned i = 0; i < nt->count; i++)
        strings += nt->name_records[i].length + sizeof ta->tag_name2;
    size_t cap = 6 + 12 * (size_t)nt->count + strings;
    unsigned char *o = dc_xmalloc(cap);
    dc_put16(o, nt->format);
    dc_put16(o + 2, nt->count);
    dc_put16(o + 4, nt->string_offset);
    unsigned char *rec = o + 6, *str = o + 6 + 12 * (size_t)nt->count;
    size_t at = 0;
    for (unsigned i = 0; i < nt->count; i++) {
        const HPDF_TTF_NameRecord *r = &nt->name_records[i];
        size_t len = r->length, rec_off = at;
        if (r->name_id == 1 || r->name_id == 4) {
            int wide = r->platform_id == 0 || r->platform_id == 3;
            const char *tag = wide ? ta->tag_name2 : ta->tag_name;
            size_t tlen = wide ? sizeof ta->tag_name2 : sizeof ta->tag_name;
            memcpy(str + at, tag, tlen);
            at += tlen;
            len += tlen;
        }
        dc_put16(rec, r->platform_id);
        dc_put16(rec + 2, r->encoding_id);
        dc_put16(rec + 4, r->language_id);
        dc_put16(rec + 6, r->name_id);
        dc_put16(rec + 8, (uint16_t)len);
        dc_put16(rec + 10, (uint16_t)rec_off);
        rec += 12;
        const unsigned char *src = file_at(
            f, (size_t)tbl->offset + nt->string_offset + r->offset, r->length);
        if (!src) {
            free(o);
            return -1;
        }
        memcpy(str + at, src, r->length);
        at += r->length;
    }
    name->data = name->own = o;
    name->len = 6 + 12 * (size_t)nt->count + at;
    return 0;
}

/* The program embedding the glyphs g with used[g], slimmed and laid out,
 * or 0 when the file cannot serve (then libharu writes it and
 * slim_font_program() slims it).  Reads the definition and the mapped
 * file only. */
static size_t
font_program(const struct dc_pdf_font *f, HPDF_FontDef def,
             const unsigned char *used, unsigned char **out)
{
    *out = NULL;
    if (!f->bytes)
        return 0;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
    struct dc_sfnt_table t[sizeof kept_tables / sizeof kept_tables[0]];
    unsigned nt = 0;
    int bad = 0;
    struct dc_sfnt_table *glyf = NULL, *loca = NULL;
    for (size_t k = 0; k < sizeof kept_tables / sizeof kept_tables[0]; k++) {
        const HPDF_TTFTable *tbl = NULL;
        for (unsigned i = 0; i < ta->offset_tbl.num_tables; i++)
            if (memcmp(ta->offset_tbl.table[i].tag, kept_tables[k], 4) == 0) {
                tbl = &ta->offset_tbl.table[i];
                break;
            }
        if (!tbl)
            continue; /* libharu writes it empty, and slimming drops it */
        struct dc_sfnt_table *x = &t[nt++];
        memcpy(x->tag, kept_tables[k], 4);
        x->data = x->own = NULL;
        x->len = 0;
        if (k == 4)
            glyf = x;
        else if (k == 8)
            loca = x;
        else if (k == 5)
            x->data = x->own = make_head(&ta->header), x->len = 54;
        else if (k == 10)
            bad |= make_name(f, ta, tbl, x);
        else if (!(x->data = file_at(f, tbl->offset, tbl->length)))
            bad = 1;
        else
            x->len = tbl->length;
    }
    if (!bad && glyf && loca)
        bad = make_glyf_loca(f, ta, used, glyf, loca);
    else if (glyf || loca)
        bad = 1; /* one without the other: leave it to libharu */
    size_t n = 0;
    if (!bad) {
        unsigned keep = 0; /* empty tables go, as slimming drops them */
        for (unsigned i = 0; i < nt; i++) {
            if (t[i].len)
                t[keep++] = t[i];
            else
                free(t[i].own);
        }
        n = dc_pdf_sfnt_build(ta->offset_tbl.sfnt_version, t, keep, used,
                              ta->num_glyphs, out);
    } else {
        for (unsigned i = 0; i < nt; i++)
            free(t[i].own);
    }
    return n;
}

/* ---- loading ---- */

static int
is_collection(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && (strcmp(path + n - 4, ".ttc") == 0 ||
                     strcmp(path + n - 4, ".TTC") == 0);
}

/* Glyph and width tables of an owner role, and the fast cmap. */
static void
prepare(struct dc_pdf_font *f)
{
    f->gid = dc_xmalloc(NCODES * sizeof *f->gid);
    glyph_map(f->def, f->gid);
    f->adv = dc_xmalloc(NCODES * sizeof *f->adv);
    for (unsigned c = 0; c < NCODES; c++)
        f->adv[c] =
            f->gid[c] ? HPDF_TTFontDef_GetGidWidth(f->def, f->gid[c]) : -1;
    f->adv0 = HPDF_TTFontDef_GetGidWidth(f->def, 0);
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)f->def->attr;
    if (ta->cmap.format == 4) {
        f->lib_cmap = ta->cmap;
        f->swapped = 1;
        install_cmap(f);
    }
}

/* ---- reading the font file from memory ----
 * HPDF_LoadTTFontFromFile reads the tables it parses (cmap, hmtx, loca,
 * name) two or four bytes at a time, each an fread (or fseek) that clears
 * its buffer a byte at a time first: two thirds of the document-independent
 * cost of a render (callgrind).  The same parse reads here from the mapped
 * file through a libharu callback stream. */

static HPDF_STATUS HPDF_STDCALL
mem_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    struct dc_pdf_font *f = s->attr;
    /* most reads are of 2 or 4 bytes (a table's fields, its hmtx, loca
     * and cmap entries one at a time: 130,000 in a render): copied here,
     * not by a call of memcpy */
    const unsigned char *at = f->bytes + f->pos;
    if (f->pos < f->nbytes && f->nbytes - f->pos >= 4) {
        if (*siz == 2) {
            ptr[0] = at[0];
            ptr[1] = at[1];
            f->pos += 2;
            return HPDF_OK;
        }
        if (*siz == 4) {
            ptr[0] = at[0];
            ptr[1] = at[1];
            ptr[2] = at[2];
            ptr[3] = at[3];
            f->pos += 4;
            return HPDF_OK;
        }
    }
    size_t left = f->pos < f->nbytes ? f->nbytes - f->pos : 0;
    size_t n = *siz <= left ? *siz : left;
    memcpy(ptr, f->bytes + f->pos, n);
    if (n < *siz) /* as libharu's file reader: the rest zeroed, EOF */
        memset(ptr + n, 0, *siz - n);
    f->pos += n;
    if (n < *siz) {
        *siz = (HPDF_UINT)n;
        return HPDF_STREAM_EOF;
    }
    return HPDF_OK;
}

static HPDF_STATUS HPDF_STDCALL
mem_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    struct dc_pdf_font *f = s->attr;
    long long at = mode == HPDF_SEEK_CUR   ? (long long)f->pos + pos
                   : mode == HPDF_SEEK_END ? (long long)f->nbytes + pos
                                           : (long long)pos;
    if (at < 0)
        return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, EINVAL);
    f->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 HPDF_STDCALL
mem_tell(HPDF_Stream s)
{
    const struct dc_pdf_font *f = s->attr;
    return (HPDF_INT32)f->pos;
}

static HPDF_UINT32 HPDF_STDCALL
mem_size(HPDF_Stream s)
{
    const struct dc_pdf_font *f = s->attr;
    return (HPDF_UINT32)f->nbytes;
}

/* HPDF_LoadTTFontFromFile(2) over the mapped file: the definition parsed
 * by the same code, one per PostScript name, tagged HPDFAA, HPDFAB … in
 * load order.  The font name, or NULL (the error is libharu's, or
 * HPDF_FILE_OPEN_ERROR). */
static const char *
load_mapped(struct dc_pdf *p, struct dc_pdf_font *f)
{
    HPDF_Doc pdf = p->doc;
    if (map_file(f) != 0) {
        HPDF_SetError(&pdf->error, HPDF_FILE_OPEN_ERROR, (HPDF_STATUS)errno);
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    f->pos = 0;
    HPDF_Stream s = HPDF_CallbackReader_New(pdf->mmgr, mem_read, mem_seek,
                                            mem_tell, mem_size, f);
    HPDF_FontDef def = NULL;
    if (s) /* the definition owns the stream, also when it fails */
        def = is_collection(f->file->path)
                  ? HPDF_TTFontDef_Load2(pdf->mmgr, s,
                                         (HPDF_UINT)f->file->index, HPDF_TRUE)
                  : HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
    if (!def) {
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    HPDF_FontDef known = HPDF_Doc_FindFontDef(pdf, def->base_font);
    if (known) {
        HPDF_FontDef_Free(def);
        return known->base_font;
    }
    if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            pdf->ttfont_tag[i] += 1;
            if (pdf->ttfont_tag[i] > 'Z')
                pdf->ttfont_tag[i] = 'A';
            else
                break;
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    return def->base_font;
}

enum dc_status
dc_pdf_fonts_load(struct dc_pdf *p)
{
    enum dc_status st = DC_OK;
    p->metrics.ctx = p;
    p->metrics.advance = advance;
    pthread_once(&tounicode_once, tounicode_make);
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        struct dc_pdf_font *f = &p->fonts[r];
        f->owner = r;
        f->file = dc_fontmap_pick(p->map, r, p->diag);
        if (!f->file) {
            st = DC_ERR_INPUT;
            continue;
        }
        const char *path = f->file->path;
        /* a face already loaded for another role is that role's */
        int same = -1;
        for (int s = 0; s < r && same < 0; s++)
            if (p->fonts[s].def && p->fonts[s].file->index == f->file->index &&
                strcmp(p->fonts[s].file->path, path) == 0)
                same = s;
        if (same >= 0) {
            f->name = p->fonts[same].name;
            f->def = p->fonts[same].def;
        } else {
            f->name = load_mapped(p, f);
            if (f->name)
                f->def = HPDF_Doc_FindFontDef(p->doc, f->name);
        }
        if (!f->name || !f->def) {
            HPDF_STATUS e = p->error_no ? p->error_no : HPDF_GetError(p->doc);
            HPDF_STATUS d = p->error_no ? p->detail_no
                                        : HPDF_GetErrorDetail(p->doc);
            dc_diag_report(
                p->diag, p->map->file, f->file->line, 0, DC_SEV_ERROR,
                _("libharu cannot load font '%s' (face %d) for role '%s': "
                  "error 0x%04X (%s), detail %u%s"),
                path, f->file->index, dc_fontmap_role_name(r), (unsigned)e,
                dc_pdf_error_name(e), (unsigned)d,
                e == HPDF_TTF_INVALID_FOMAT || e == HPDF_TTF_MISSING_TABLE
                    ? _("; libharu reads TrueType (glyf) fonts only, not "
                        "CFF-based OpenType")
                    : "");
            HPDF_ResetError(p->doc);
            p->error_no = p->detail_no = 0;
            f->def = NULL;
            unmap_file(f);
            st = DC_ERR_LIB;
            continue;
        }
        for (int s = 0; s < r; s++)
            if (p->fonts[s].def == f->def)
                f->owner = p->fonts[s].owner;
        if (f->owner == r) {
            prepare(f);
            set_owner(f->def, f);
        } else {
            unmap_file(f); /* the owner's mapping serves */
        }
        p->metrics.ascent[r] = f->def->ascent;
        p->metrics.descent[r] = f->def->descent;
    }
    return st;
}

void
dc_pdf_fonts_free(struct dc_pdf *p)
{
    dc_pdf_fonts_unprepare(p);
    free(p->one_code);
    p->one_code = NULL;
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        struct dc_pdf_font *f = &p->fonts[r];
        if (f->owner != r)
            continue;
        restore_cmap(f); /* libharu frees its own arrays */
        if (f->def)
            set_owner(f->def, NULL);
        unmap_file(f);
        free(f->gid);
        free(f->adv);
        f->gid = NULL;
        f->adv = NULL;
    }
}

/* ---- 3a: ToUnicode ---- */

void
dc_pdf_tounicode_cmap(struct dc_buf *out)
{
    dc_buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                     "12 dict begin\n"
                     "begincmap\n"
                     "/CIDSystemInfo\n"
                     "<< /Registry (Adobe)\n"
                     "/Ordering (UCS)\n"
                     "/Supplement 0\n"
                     ">> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n"
                     "/CMapType 2 def\n"
                     "1 begincodespacerange\n"
                     "<0000> <FFFF>\n"
                     "endcodespacerange\n");
    /* CID = Unicode code point; a bfrange may not cross a 256 boundary and
     * the surrogates D800-DFFF are no characters */
    int hi[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            hi[n++] = h;
    for (int i = 0; i < n; i += 100) {
        int k = n - i < 100 ? n - i : 100;
        dc_buf_printf(out, "%d beginbfrange\n", k);
        for (int j = i; j < i + k; j++)
            dc_buf_printf(out, "<%02X00> <%02XFF> <%02X00>\n", hi[j], hi[j],
                          hi[j]);
        dc_buf_puts(out, "endbfrange\n");
    }
    dc_buf_puts(out, "endcmap\n"
                     "CMapName currentdict /CMap defineresource pop\n"
                     "end\n"
                     "end\n");
}

static HPDF_STATUS
fix_tounicode(HPDF_Font font)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return HPDF_INVALID_OBJECT;
    /* same object, new content; the filter is set at save time */
    HPDF_MemStream_FreeData(tu->stream);
    static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo",
                                       "WMode"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        HPDF_Dict_RemoveElement(tu, keys[i]); /* absent is fine */
    pthread_once(&tounicode_once, tounicode_make);
    return HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)tounicode.data,
                             (HPDF_UINT)tounicode.len);
}

/* ---- 3b: the save-time hook ---- */

/* libharu's own before-write function of Type0 fonts: the same static
 * function for every font of every document. */
static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
static HPDF_Dict_BeforeWriteFunc lib_before_write;

/* What repair_font() puts in a font, from the glyphs marked: a CID c is
 * used when its glyph was drawn (flags[gid[c]]), and CID 0. */
struct cid_repair {
    unsigned last;      /* the highest CID used */
    unsigned char *set; /* CIDSet: bit c (MSB first), last / 8 + 1 bytes */
    int dw;             /* the commonest width among the CIDs used */
    /* /W: nruns runs, run i from CID first[i], count[i] widths of ws[] */
    unsigned *first, *count, nruns;
    int *ws;
    unsigned char *map; /* CIDToGIDMap: 2 (last + 1) bytes */
    /* set and map deflated (dc_pdf_deflate), or NULL */
    unsigned char *zset, *zmap;
    size_t zsetlen, zmaplen;
};

static void
cid_repair_free(struct cid_repair *r)
{
    if (!r)
        return;
    free(r->set);
    free(r->first);
    free(r->count);
    free(r->ws);
    free(r->map);
    free(r->zset);
    free(r->zmap);
    free(r);
}

/* Reads the definition (widths) and the tables given: any thread. */
static struct cid_repair *
cid_repair_make(HPDF_FontDef def, const uint16_t *gid,
                const unsigned char *flags)
{
    struct cid_repair *r = dc_xcalloc(1, sizeof *r);
    r->set = dc_xcalloc(NCODES / 8, 1);
    /* the CIDs used, in order */
    unsigned *cids = dc_xmalloc(NCODES * sizeof *cids), n = 0;
    for (unsigned c = 0; c < NCODES; c++)
        if (c == 0 || (gid[c] && flags[gid[c]])) {
            r->set[c >> 3] |= (unsigned char)(0x80u >> (c & 7));
            cids[n++] = c;
        }
    r->last = cids[n - 1];
    int *w = dc_xmalloc(n * sizeof *w);
    for (unsigned i = 0; i < n; i++)
        w[i] = HPDF_TTFontDef_GetGidWidth(def, gid[cids[i]]);

    /* DW: of the first 8 distinct widths, the one most CIDs have (the
     * first of equals) */
    int cand[8], cnt[8] = {0}, ncand = 0, best = 0;
    r->dw = 1000;
    for (unsigned i = 0; i < n && ncand < 8; i++) {
        int k;
        for (k = 0; k < ncand && cand[k] != w[i]; k++)
            ;
        if (k == ncand)
            cand[ncand++] = w[i];
    }
    for (unsigned i = 0; i < n; i++)
        for (int k = 0; k < ncand; k++)
            if (cand[k] == w[i])
                cnt[k]++;
    for (int k = 0; k < ncand; k++)
        if (cnt[k] > best) {
            best = cnt[k];
            r->dw = cand[k];
        }

    /* /W: runs of consecutive CIDs whose width is not DW, at most 8000 a
     * run (PDF/A's array limit is 8191) */
    r->first = dc_xmalloc(n * sizeof *r->first);
    r->count = dc_xmalloc(n * sizeof *r->count);
    r->ws = dc_xmalloc(n * sizeof *r->ws);
    unsigned nw = 0;
    for (unsigned i = 0; i < n; i++) {
        if (w[i] == r->dw)
            continue;
        int more = r->nruns > 0 && r->count[r->nruns - 1] < 8000 &&
                   cids[i] == r->first[r->nruns - 1] +
                                  r->count[r->nruns - 1];
        if (!more) {
            r->first[r->nruns] = cids[i];
            r->count[r->nruns++] = 0;
        }
        r->count[r->nruns - 1]++;
        r->ws[nw++] = w[i];
    }

    /* CIDToGIDMap: 2-byte big-endian glyph ids up to the last CID used */
    r->map = dc_xcalloc(2 * ((size_t)r->last + 1), 1);
    for (unsigned i = 0; i < n; i++) {
        r->map[2 * cids[i]] = (unsigned char)(gid[cids[i]] >> 8);
        r->map[2 * cids[i] + 1] = (unsigned char)gid[cids[i]];
    }
    free(w);
    free(cids);
    return r;
}

/* The stream of d holds `data` (n bytes), or what dc_pdf_deflate() made of
 * it (z, zlen) when d is deflated: as dc_pdf_flate_defer() would have it
 * written. */
static HPDF_STATUS
put_stream(HPDF_Dict d, const unsigned char *data, size_t n,
           const unsigned char *z, size_t zlen)
{
    HPDF_MemStream_FreeData(d->stream);
    if (z && d->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !d->write_fn &&
        !d->before_write_fn && !d->filterParams)
        return dc_pdf_flate_put_deflated(d, z, zlen);
    HPDF_STATUS ret = HPDF_Stream_Write(d->stream, data, (HPDF_UINT)n);
    dc_pdf_flate_defer(d);
    return ret;
}

/* Runs after libharu built the font descriptor: adds CapHeight and CIDSet
 * and replaces /W and the CIDToGIDMap by ones covering the used CIDs (made
 * ahead with the font program when painting marked the glyphs foreseen). */
static HPDF_STATUS
repair_font(HPDF_Dict font, const struct dc_pdf_font *pre)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict desc = HPDF_Dict_GetItem(fa->descendant_font, "FontDescriptor",
                                       HPDF_OCLASS_DICT);
    if (!desc)
        return HPDF_INVALID_OBJECT;
    if (HPDF_Dict_GetItem(desc, "CIDSet", HPDF_OCLASS_DICT))
        return HPDF_OK; /* saved once already */

    struct cid_repair *own = NULL;
    const struct cid_repair *r = pre ? pre->pre_repair : NULL;
    if (!r) {
        /* the owner's glyph table is what glyph_map() would make again */
        const struct dc_pdf_font *o = owner_of(def);
        uint16_t *g = NULL;
        if (!o || !o->gid) {
            g = dc_xmalloc(NCODES * sizeof *g);
            glyph_map(def, g);
        }
        r = own = cid_repair_make(def, g ? g : o->gid, ta->glyph_tbl.flgs);
        free(g);
    }
    HPDF_STATUS ret = HPDF_OK;

    /* CapHeight: from the 'H' glyph, as libharu computed it */
    ret += HPDF_Dict_AddNumber(desc, "CapHeight",
                               def->cap_height ? def->cap_height : def->ascent);

    /* CIDSet: bit c (MSB first) for every used CID */
    HPDF_Dict cidset = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!cidset) {
        ret = HPDF_FAILD_TO_ALLOC_MEM;
        goto done;
    }
    cidset->filter = font->filter;
    ret += put_stream(cidset, r->set, r->last / 8 + 1, r->zset, r->zsetlen);
    ret += HPDF_Dict_Add(desc, "CIDSet", cidset);

    /* /W for the used CIDs only; DW = the commonest width among them */
    HPDF_Array w = HPDF_Array_New(font->mmgr);
    if (!w) {
        ret = HPDF_FAILD_TO_ALLOC_MEM;
        goto done;
    }
    for (unsigned i = 0, k = 0; i < r->nruns; k += r->count[i++]) {
        ret += HPDF_Array_AddNumber(w, (HPDF_INT32)r->first[i]);
        HPDF_Array run = HPDF_Array_New(font->mmgr);
        if (!run) {
            ret = HPDF_FAILD_TO_ALLOC_MEM;
            goto done;
        }
        ret += HPDF_Array_Add(w, run);
        for (unsigned j = 0; j < r->count[i]; j++)
            ret += HPDF_Array_AddNumber(run, r->ws[k + j]);
    }
    ret += HPDF_Dict_Add(fa->descendant_font, "W", w);
    ret += HPDF_Dict_AddNumber(fa->descendant_font, "DW", r->dw);

    /* CIDToGIDMap (its filter was set by libharu's hook just now) */
    if (fa->map_stream)
        ret += put_stream(fa->map_stream, r->map, 2 * ((size_t)r->last + 1),
                          r->zmap, r->zmaplen);
    /* the ToUnicode CMap, the same in every font, deflated once */
    if (fa->cmap_stream)
        ret += put_stream(fa->cmap_stream,
                          (const unsigned char *)tounicode.data, tounicode.len,
                          tounicode_z, tounicode_zlen);
done:
    cid_repair_free(own);
    return ret ? HPDF_INVALID_OBJECT : HPDF_OK;
}

/* The font program libharu just wrote into FontFile2, slimmed. */
static HPDF_STATUS
slim_font_program(HPDF_Dict font)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    HPDF_Dict ff = HPDF_Dict_GetItem(fa->fontdef->descriptor, "FontFile2",
                                     HPDF_OCLASS_DICT);
    if (!ff || !ff->stream)
        return HPDF_OK; /* not embedded */
    HPDF_UINT32 size = HPDF_Stream_Size(ff->stream);
    unsigned char *buf = dc_xmalloc(size ? size : 1);
    HPDF_UINT got = size;
    HPDF_STATUS ret = HPDF_Stream_Seek(ff->stream, 0, HPDF_SEEK_SET);
    if (ret == HPDF_OK)
        ret = HPDF_Stream_Read(ff->stream, buf, &got);
    unsigned char *slim = NULL;
    size_t n = 0;
    if (ret == HPDF_OK && got == size)
        n = dc_pdf_sfnt_slim(buf, size, ta->glyph_tbl.flgs, ta->num_glyphs,
                             &slim);
    if (n) {
        HPDF_MemStream_FreeData(ff->stream);
        ret = HPDF_Stream_Write(ff->stream, slim, (HPDF_UINT)n);
        ret += HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)n);
    }
    free(slim);
    free(buf);
    return ret == HPDF_OK ? HPDF_OK : HPDF_INVALID_OBJECT;
}

/* libharu's before-write function with the font program made here: the
 * FontFile2 stream is made first and put first in the descriptor, as
 * libharu does, so objects are numbered and keys ordered as before. */
static HPDF_STATUS
write_with_program(HPDF_Dict font, HPDF_Dict_BeforeWriteFunc lib,
                   const unsigned char *prog, size_t n,
                   const struct dc_pdf_font *pre)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    HPDF_Dict data = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!data)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret =
        pre ? dc_pdf_flate_put_deflated(data, pre->pre_z, pre->pre_zlen)
        : font->filter == HPDF_STREAM_FILTER_FLATE_DECODE
            ? dc_pdf_flate_put(data, prog, n)
            : HPDF_Stream_Write(data->stream, prog, (HPDF_UINT)n);
    if (ret != HPDF_OK)
        return ret;
    ta->embedding = HPDF_FALSE; /* the descriptor, without the program */
    ret = lib(font);
    ta->embedding = HPDF_TRUE;
    HPDF_Dict desc = fa->fontdef->descriptor;
    if (ret != HPDF_OK || !desc)
        return ret != HPDF_OK ? ret : HPDF_INVALID_OBJECT;
    ret += HPDF_Dict_Add(desc, "FontFile2", data);
    HPDF_List l = desc->list;
    if (ret == HPDF_OK && l->count > 1) { /* first, where libharu puts it */
        void *last = l->obj[l->count - 1];
        memmove(l->obj + 1, l->obj, (l->count - 1) * sizeof *l->obj);
        l->obj[0] = last;
    }
    ret += HPDF_Dict_AddNumber(data, "Length1", (HPDF_INT32)n);
    ret += HPDF_Dict_AddNumber(data, "Length2", 0);
    ret += HPDF_Dict_AddNumber(data, "Length3", 0);
    if (font->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
        data->filter = font->filter;
    return ret == HPDF_OK ? HPDF_OK : HPDF_INVALID_OBJECT;
}

static HPDF_STATUS
before_write(HPDF_Dict font)
{
    pthread_mutex_lock(&hook_lock);
    HPDF_Dict_BeforeWriteFunc lib = lib_before_write;
    pthread_mutex_unlock(&hook_lock);
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    int fresh = !fa->fontdef->descriptor; /* the program is written now */
    struct dc_pdf_font *owner = fresh ? owner_of(fa->fontdef) : NULL;
    HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    unsigned char *prog = NULL;
    size_t n = 0;
    const struct dc_pdf_font *pre = NULL;
    if (owner && owner->pre_z &&
        font->filter == HPDF_STREAM_FILTER_FLATE_DECODE &&
        memcmp(owner->pre_used, ta->glyph_tbl.flgs, ta->num_glyphs) == 0) {
        pre = owner; /* made while the pages were painted */
        n = owner->pre_len;
    } else if (owner) {
        n = font_program(owner, fa->fontdef, ta->glyph_tbl.flgs, &prog);
    }
    if (n) {
        HPDF_STATUS ret = write_with_program(font, lib, prog, n, pre);
        free(prog);
        return ret != HPDF_OK ? ret : repair_font(font, pre);
    }
    if (fresh) {
        /* libharu copies 'post' 4 bytes per fread; only its 32-byte header
         * is kept (as version 3.0), so let it read no more */
        for (HPDF_UINT i = 0; i < ta->offset_tbl.num_tables; i++) {
            HPDF_TTFTable *t = &ta->offset_tbl.table[i];
            if (memcmp(t->tag, "post", 4) == 0 && t->length > 32)
                t->length = 32;
        }
    }
    HPDF_STATUS ret = lib(font);
    if (ret == HPDF_OK && fresh)
        ret = slim_font_program(font);
    if (ret != HPDF_OK)
        return ret;
    return repair_font(font, NULL);
}

/* ---- made ahead: the glyphs a document marks, and their program ---- */

/* Marks glyph g as HPDF_TTFontDef_GetCharWidth does: once, with the
 * components of a composite glyph (CheckCompositGryph: one level, signed
 * component ids), read here from the mapped file. */
static void
mark_glyph(const struct dc_pdf_font *o, HPDF_TTFontDefAttr ta,
           unsigned char *used, unsigned g)
{
    if (used[g])
        return;
    used[g] = 1;
    size_t off = ta->glyph_tbl.offsets[g];
    if (ta->header.index_to_loc_format == 0)
        off *= 2;
    off += ta->glyph_tbl.base_offset;
    const unsigned char *q = file_at(o, off, 2);
    if (!q || (int16_t)(q[0] << 8 | q[1]) != -1)
        return;
    off += 10;
    unsigned flags;
    do {
        if (!(q = file_at(o, off, 4)))
            return;
        flags = (unsigned)(q[0] << 8 | q[1]);
        int gi = (int16_t)(q[2] << 8 | q[3]);
        off += 4 + (flags & 1 ? 4 : 2);
        if (flags & 8)
            off += 2;
        else if (flags & 64)
            off += 4;
        else if (flags & 128)
            off += 8;
        if (gi > 0 && gi < (int)ta->num_glyphs)
            used[gi] = 1;
    } while (flags & 32);
}

void
dc_pdf_fonts_mark(struct dc_pdf *p, const struct dc_display *d)
{
    /* the glyphs, in painting's order (the order decides which composite
     * glyphs get their components looked at) */
    struct dc_dl_buf buf;
    memset(&buf, 0, sizeof buf);
    for (int i = 0; i < d->npages; i++) {
        const struct dc_dl_page *pg = dc_display_page(d, i, &buf);
        if (!pg)
            continue; /* painting reports it; the save makes the fonts */
        for (int upright = 0; upright <= pg->landscape; upright++)
            for (size_t k = 0; k < pg->nitems; k++) {
                const struct dc_dl_item *it = &pg->items[k];
                if (!dc_pdf_painted(it, upright))
                    continue;
                int r = it->u.text.font;
                if (r < 0 || r >= DC_FONT_COUNT)
                    continue;
                struct dc_pdf_font *o = &p->fonts[p->fonts[r].owner];
                if (!o->def || !o->swapped || !o->bytes)
                    continue; /* made at save, as before */
                HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)o->def->attr;
                if (!o->pre_used) {
                    o->pre_used = dc_xcalloc(ta->num_glyphs, 1);
                    o->pre_used[0] = 1;
                }
                struct dc_pdf_u8 u8 = {0, 0, {0}};
                unsigned v;
                for (const char *c = it->u.text.text; *c; c++)
                    if (dc_pdf_u8_step(&u8, (unsigned char)*c, &v))
                        mark_glyph(o, ta, o->pre_used, o->gid[v]);
            }
    }
    dc_dl_buf_free(&buf);
}

void
dc_pdf_font_prepare(struct dc_pdf *p, int r)
{
    struct dc_pdf_font *o = &p->fonts[r];
    if (o->owner != r || !o->pre_used)
        return;
    unsigned char *prog = NULL;
    o->pre_len = font_program(o, o->def, o->pre_used, &prog);
    if (o->pre_len)
        o->pre_zlen = dc_pdf_deflate(prog, o->pre_len, &o->pre_z);
    free(prog);
    struct cid_repair *c = cid_repair_make(o->def, o->gid, o->pre_used);
    c->zsetlen = dc_pdf_deflate(c->set, c->last / 8 + 1, &c->zset);
    c->zmaplen = dc_pdf_deflate(c->map, 2 * ((size_t)c->last + 1), &c->zmap);
    o->pre_repair = c;
}

void
dc_pdf_fonts_unprepare(struct dc_pdf *p)
{
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        struct dc_pdf_font *o = &p->fonts[r];
        free(o->pre_used);
        free(o->pre_z);
        cid_repair_free(o->pre_repair);
        o->pre_repair = NULL;
        o->pre_used = o->pre_z = NULL;
        o->pre_len = o->pre_zlen = 0;
    }
}

HPDF_Font
dc_pdf_font(struct dc_pdf *p, int role)
{
    struct dc_pdf_font *f = &p->fonts[role];
    if (f->font)
        return f->font;
    for (int r = 0; r < DC_FONT_COUNT; r++)
        if (r != role && p->fonts[r].def == f->def && p->fonts[r].font)
            return f->font = p->fonts[r].font;
    /* HPDF_GetFont builds a CIDToGIDMap and /W over all 65,536 code points
     * (CIDFontType2_New: 7.5 M instructions a font), which the save-time
     * hook replaces anyway.  Under an encoder whose to_unicode_fn is
     * HPDF_CMapEncoder_ToUnicode the loop takes only the codes the
     * encoder's cid_map maps, so for the call the UTF-8 encoder says it is
     * one, with one code mapped (CID 1), through a copy of its attributes
     * made once (its maps are 256 KB); the font's dictionaries get the
     * same keys in the same order, and their objects the same numbers. */
    HPDF_Encoder e = p->utf8;
    HPDF_CMapEncoderAttr ea = (HPDF_CMapEncoderAttr)e->attr;
    if (!p->one_code) {
        HPDF_CMapEncoderAttr o = dc_xcalloc(1, sizeof *o);
        size_t tail = offsetof(HPDF_CMapEncoderAttr_Rec, jww_line_head);
        memcpy((char *)o + tail, (const char *)ea + tail, sizeof *o - tail);
        o->cid_map[1][0] = 1;
        o->unicode_map[1][0] = ea->unicode_map[1][0];
        p->one_code = o;
    }
    /* the UTF-8 encoder keeps its parse state in cid_map[0] */
    memset(p->one_code->cid_map[0], 0, sizeof p->one_code->cid_map[0]);
    HPDF_Encoder_ToUnicode_Func to_unicode = e->to_unicode_fn;
    e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    e->attr = p->one_code;
    HPDF_Font font = HPDF_GetFont(p->doc, f->name, "UTF-8");
    e->attr = ea;
    e->to_unicode_fn = to_unicode;
    if (!font) {
        dc_pdf_lib_error(p, "HPDF_GetFont");
        return NULL;
    }
    HPDF_STATUS ret = fix_tounicode(font);
    if (ret != HPDF_OK) {
        p->error_no = ret;
        dc_pdf_lib_error(p, "replacing the ToUnicode CMap");
        return NULL;
    }
    pthread_mutex_lock(&hook_lock);
    if (font->before_write_fn != before_write) {
        lib_before_write = font->before_write_fn;
        font->before_write_fn = before_write;
    }
    pthread_mutex_unlock(&hook_lock);
    return f->font = font;
}

const struct dc_metrics *
dc_pdf_metrics(struct dc_pdf *p)
{
    return &p->metrics;
}
