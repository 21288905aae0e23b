/* The package: owns the zip.  Every part is written by its part_*.c, then
 * zipped with libzip in a fixed order with a fixed timestamp (so the same
 * input gives the same bytes), and the archive is staged in the caller's
 * commit set (src/core/output.c: a temporary in the target's folder,
 * renamed into place).  word/document.xml, which grows with the source
 * (1.9 MB for the sample's 128 kB), is written to a spill (core.h: in
 * memory up to its budget, then an unnamed temporary file) that libzip
 * reads back as it deflates, so a large one is never held in memory. */
#include "docx_int.h"
#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "fontmap.h"

#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

const struct dc_docx_part dc_docx_parts[] = {
    {"[Content_Types].xml", NULL, dc_docx_part_content_types, 0},
    {"_rels/.rels", NULL, dc_docx_part_rels, 0},
    {"docProps/core.xml",
     "application/vnd.openxmlformats-package.core-properties+xml",
     dc_docx_part_core, 0},
    {"docProps/app.xml",
     "application/vnd.openxmlformats-officedocument.extended-properties+xml",
     dc_docx_part_app, 0},
    {"word/document.xml", CT_WML "document.main+xml", dc_docx_part_document,
     1},
    {"word/_rels/document.xml.rels", NULL, dc_docx_part_document_rels,
     0},
    {"word/styles.xml", CT_WML "styles+xml", dc_docx_part_styles, 0},
    {"word/settings.xml", CT_WML "settings+xml", dc_docx_part_settings, 0},
    {"word/fontTable.xml", CT_WML "fontTable+xml", dc_docx_part_font_table,
     0},
    {"word/footer1.xml", CT_WML "footer+xml", dc_docx_part_footer_odd, 0},
    {"word/footer2.xml", CT_WML "footer+xml", dc_docx_part_footer_even, 0},
};
const int dc_docx_nparts = sizeof dc_docx_parts / sizeof dc_docx_parts[0];

/* 1980-01-01 00:00:00, the first date a zip can hold, in MS-DOS format: set
 * directly so that neither the clock nor the time zone enters the bytes. */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

/* zlib's level for every part.  Levels 1 to 3 cost the same (zlib's fast
 * deflate, ~30 instructions a byte of XML) and 3 is the smallest of them;
 * 6, libzip's default, took twice the instructions for a file a quarter
 * smaller (the sample: 57 M against 114 M, 101.9 kB against 77.1 kB). */
#define DEFLATE_LEVEL 3

int
dc_docx_twips(int32_t mpt)
{
    return mpt >= 0 ? (int)((mpt + 25) / 50) : -(int)((-mpt + 25) / 50);
}

int
dc_docx_half_points(int32_t mpt)
{
    return (int)((mpt + 250) / 500);
}

void
dc_docx_ctx_init(struct dc_docx_ctx *c, const struct dc_doc *doc,
                 const struct dc_layout_decisions *dec,
                 const struct dc_fontmap *map, struct dc_diag *diag)
{
    memset(c, 0, sizeof(*c));
    c->doc = doc;
    c->dec = dec;
    c->diag = diag;
    c->file = doc->meta.source;
    /* Word names: the font map's <word east-asia=… ascii=…>, else ours */
    for (int i = 0; i < DC_FONT_COUNT; i++) {
        c->font[i] = dc_docx_default_font(i);
        c->font_alt[i] = dc_docx_default_font_alt(i);
    }
    for (int i = 0; map && i < DC_FONT_COUNT && i < DC_FONTMAP_NROLES; i++) {
        const struct dc_fontrole *r = &map->roles[i];
        if (i == DC_FONT_LATIN) {
            if (r->word_ascii && *r->word_ascii)
                c->font[i] = r->word_ascii;
            continue;
        }
        if (r->word_east_asia && *r->word_east_asia) {
            c->font[i] = r->word_east_asia;
            c->font_alt[i] = r->word_alt ? r->word_alt : r->word_ascii;
        }
    }
    /* GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm */
    struct dc_docx_page *p = &c->page;
    p->w = 11906;
    p->h = 16838;
    p->top = 2098;
    p->bottom = 1984;
    p->left = 1587;
    p->right = 1474;
    if (dec && dec->page_w > 0 && dec->page_h > 0) {
        p->w = dc_docx_twips(dec->page_w);
        p->h = dc_docx_twips(dec->page_h);
        p->top = dc_docx_twips(dec->margin_top);
        p->bottom = dc_docx_twips(dec->margin_bottom);
        p->left = dc_docx_twips(dec->margin_left);
        p->right = dc_docx_twips(dec->margin_right);
    }
    p->header = 851; /* 15 mm */
    if (dec)
        memcpy(c->style, dec->style, sizeof c->style);
    else
        dc_tstyle_defaults(c->style);
    p->folio_line = dc_docx_twips(c->style[DC_ST_FOLIO].leading);
    /* without a layout, page.xml's built-in values: the folio 7 mm below
     * the text block, cells padded 1 mm across and 0.8 mm down */
    p->folio_gap = dec ? dc_docx_twips(dec->folio_gap) : 397;
    c->cell_leading = dec ? dec->cell_leading : DC_TABLE_LEADING;
    c->cell_pad_x = dec ? dc_docx_twips(dec->cell_pad_x) : 57;
    c->cell_pad_y = dec ? dc_docx_twips(dec->cell_pad_y) : 45;
}

int
dc_docx_footer(const struct dc_docx_page *p, int bottom)
{
    /* the footer's distance is to its foot: the folio's line below the
     * gap; never nearer the edge than 5 mm */
    int f = bottom - p->folio_gap - p->folio_line;
    return f < 284 ? 284 : f;
}

int
dc_docx_text_width(const struct dc_docx_ctx *c, int landscape)
{
    /* a landscape page is the portrait page turned: its head faces the
     * binding edge, so its text block is the portrait one's height */
    if (landscape)
        return c->page.h - c->page.top - c->page.bottom;
    return c->page.w - c->page.left - c->page.right;
}

static enum dc_status
zip_failed(struct dc_diag *diag, const char *call, zip_error_t *ze)
{
    dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR, _("libzip: %s failed: %s"),
                   call, zip_error_strerror(ze));
    return DC_ERR_LIB;
}

/* Where libzip writes the archive: a zip source that only writes, at the
 * offsets libzip asks (it goes back to finish each local header), into
 * `buf` or, when fd >= 0, into the file `fd`: its first block (a spill's,
 * DC_SPILL_BLOCK) gathered in `buf` and written at once when the archive
 * is done or grows past it, the rest as libzip writes it.  So a document
 * of the sample's size is one write (libzip's pieces were 89 writes for
 * its 102 kB, issue 14) and a large one's archive is not held in memory
 * (issue 12: at 100x it is 4 MB, held at the end beside the PDF's peak).
 * zip_open_from_source() wants the read commands too; the archive is new
 * (ZIP_SOURCE_STAT says there is nothing yet), so they are never called. */
struct zip_out {
    int fd;
    struct dc_buf *buf; /* fd >= 0: NULL (and freed) once in the file */
    size_t gather;      /* bytes `buf` gathers for the file */
    zip_uint64_t pos, size;
    zip_error_t error;
};

/* What `buf` gathered for the file written there. */
static int
out_flush(struct zip_out *o)
{
    if (o->fd < 0 || !o->buf)
        return 0;
    int rc = dc_pwrite_all(o->fd, o->buf->data, o->buf->len, 0);
    if (rc != 0)
        zip_error_set(&o->error, ZIP_ER_WRITE, errno);
    dc_buf_free(o->buf);
    o->buf = NULL;
    return rc;
}

static int
out_write(struct zip_out *o, const char *data, zip_uint64_t len)
{
    if (o->buf && o->fd >= 0 && o->pos + len > o->gather &&
        out_flush(o) != 0)
        return -1;
    if (o->buf) {
        struct dc_buf *b = o->buf;
        if (o->pos + len > b->len) /* grow; the bytes are written below */
            dc_buf_put(b, data, (size_t)(o->pos + len - b->len));
        memcpy(b->data + o->pos, data, (size_t)len);
    } else {
        if (dc_pwrite_all(o->fd, data, (size_t)len, (int64_t)o->pos) != 0) {
            zip_error_set(&o->error, ZIP_ER_WRITE, errno);
            return -1;
        }
    }
    o->pos += len;
    if (o->pos > o->size)
        o->size = o->pos;
    return 0;
}

static zip_int64_t
out_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct zip_out *o = ud;
    zip_int64_t at;
    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
            ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_BEGIN_WRITE,
            ZIP_SOURCE_WRITE, ZIP_SOURCE_COMMIT_WRITE,
            ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_SEEK_WRITE,
            ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
    case ZIP_SOURCE_STAT: /* nothing there yet: libzip's sign for that */
        zip_error_set(&o->error, ZIP_ER_READ, ENOENT);
        return -1;
    case ZIP_SOURCE_BEGIN_WRITE:
        o->pos = o->size = 0;
        return 0;
    case ZIP_SOURCE_WRITE:
        return out_write(o, data, len) < 0 ? -1 : (zip_int64_t)len;
    case ZIP_SOURCE_SEEK_WRITE:
        at = zip_source_seek_compute_offset(o->pos, o->size, data, len,
                                            &o->error);
        if (at < 0)
            return -1;
        o->pos = (zip_uint64_t)at;
        return 0;
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)o->pos;
    case ZIP_SOURCE_COMMIT_WRITE: /* the caller syncs and renames */
        return out_flush(o) < 0 ? -1 : 0;
    case ZIP_SOURCE_ROLLBACK_WRITE: /* the caller drops what was written */
    case ZIP_SOURCE_REMOVE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&o->error, data, len);
    default: /* the read commands */
        zip_error_set(&o->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* Part i of the package written into parts[i] or, for a part that grows
 * with the source, into spills[i]. */
static enum dc_status
write_part(const struct dc_docx_ctx *c, int i, struct dc_buf *buf,
           struct dc_spill *spill)
{
    struct dc_xw *w = dc_docx_parts[i].spill
                          ? dc_xw_new_spill(c->diag, c->file, spill)
                          : dc_xw_new(c->diag, c->file, buf);
    dc_docx_parts[i].write(c, w);
    enum dc_status rc = dc_xw_finish(w);
    dc_xw_free(w);
    return rc;
}

/* A zip source that reads a spill (which outlives the archive) front to
 * back: what libzip deflates.  It has no file attributes, so libzip records
 * rw-rw-rw- as for the parts from memory. */
struct spill_in {
    const struct dc_spill *spill;
    int64_t pos;
    zip_error_t error;
};

static zip_int64_t
spill_in_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct spill_in *in = ud;
    int64_t left = dc_spill_size(in->spill) - in->pos;
    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    case ZIP_SOURCE_OPEN:
        in->pos = 0;
        return 0;
    case ZIP_SOURCE_READ:
        if (len > (zip_uint64_t)left)
            len = (zip_uint64_t)left;
        if (dc_spill_read(in->spill, data, (size_t)len, in->pos) != 0) {
            zip_error_set(&in->error, ZIP_ER_READ, errno);
            return -1;
        }
        in->pos += (int64_t)len;
        return (zip_int64_t)len;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len,
                                             &in->error);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = (zip_uint64_t)dc_spill_size(in->spill);
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&in->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&in->error);
        free(in);
        return 0;
    case ZIP_SOURCE_CLOSE:
        return 0;
    default:
        zip_error_set(&in->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* The zip source of part i, written into parts[i] or spills[i]. */
static zip_source_t *
part_source(zip_t *za, int i, const struct dc_buf *buf,
            const struct dc_spill *spill)
{
    if (!dc_docx_parts[i].spill)
        return zip_source_buffer(za, buf->data, buf->len, 0);
    struct spill_in *in = dc_xcalloc(1, sizeof *in);
    in->spill = spill;
    zip_error_init(&in->error);
    zip_source_t *s = zip_source_function(za, spill_in_cb, in);
    if (!s) {
        zip_error_fini(&in->error);
        free(in);
    }
    return s;
}

/* The package written into `o`. */
static enum dc_status
build(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
      const struct dc_fontmap *map, const char *beside, size_t budget,
      struct dc_diag *diag, struct zip_out *o)
{
    struct dc_docx_ctx c;
    dc_docx_ctx_init(&c, doc, dec, map, diag);

    enum dc_status rc = DC_OK;
    struct dc_buf *parts = dc_xcalloc((size_t)dc_docx_nparts, sizeof(*parts));
    struct dc_spill *spills =
        dc_xmalloc((size_t)dc_docx_nparts * sizeof(*spills));
    zip_source_t *dst = NULL;
    zip_t *za = NULL;
    zip_error_t ze;
    zip_error_init(&ze);

    for (int i = 0; i < dc_docx_nparts; i++) {
        dc_buf_init(&parts[i]);
        dc_spill_init_beside(&spills[i], beside);
        spills[i].budget = budget;
    }
    for (int i = 0; i < dc_docx_nparts; i++) {
        rc = write_part(&c, i, &parts[i], &spills[i]);
        if (rc != DC_OK)
            goto done;
    }

    zip_error_init(&o->error);
    dst = zip_source_function_create(out_cb, o, &ze);
    if (!dst) {
        rc = zip_failed(diag, "zip_source_function_create", &ze);
        goto done;
    }
    za = zip_open_from_source(dst, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za) {
        rc = zip_failed(diag, "zip_open_from_source", &ze);
        goto done;
    }
    for (int i = 0; i < dc_docx_nparts; i++) {
        zip_source_t *s = part_source(za, i, &parts[i], &spills[i]);
        zip_int64_t idx = s ? zip_file_add(za, dc_docx_parts[i].name, s, 0)
                            : -1;
        if (idx < 0) {
            zip_source_free(s);
            rc = zip_failed(diag, "zip_file_add", zip_get_error(za));
            goto done;
        }
        if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
                                     DEFLATE_LEVEL) < 0 ||
            zip_file_set_dostime(za, (zip_uint64_t)idx, DOS_TIME, DOS_DATE,
                                 0) < 0) {
            rc = zip_failed(diag, "zip_file_set_dostime", zip_get_error(za));
            goto done;
        }
    }
    if (zip_close(za) < 0) {
        rc = zip_failed(diag, "zip_close", zip_get_error(za));
        zip_discard(za);
        za = NULL;
        dst = NULL;
        goto done;
    }
    za = NULL; /* and dst with it */
    dst = NULL;

done:
    if (za)
        zip_discard(za); /* frees dst */
    else if (dst)
        zip_source_free(dst);
    for (int i = 0; i < dc_docx_nparts; i++) {
        dc_buf_free(&parts[i]);
        dc_spill_free(&spills[i]);
    }
    free(parts);
    free(spills);
    zip_error_fini(&ze);
    return rc;
}

enum dc_status
dc_docx_build(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const char *beside,
              struct dc_diag *diag, struct dc_buf *zip)
{
    struct zip_out o = {.fd = -1, .buf = zip};
    enum dc_status rc = build(doc, dec, map, beside, DC_SPILL_BUDGET, diag, &o);
    zip_error_fini(&o.error);
    return rc;
}

enum dc_status
dc_docx_stage(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const char *path,
              struct dc_commit *commit, struct dc_diag *diag)
{
    return dc_docx_stage_held(doc, dec, map, path, commit, DC_SPILL_BUDGET,
                              diag);
}

enum dc_status
dc_docx_stage_held(const struct dc_doc *doc,
                   const struct dc_layout_decisions *dec,
                   const struct dc_fontmap *map, const char *path,
                   struct dc_commit *commit, size_t budget,
                   struct dc_diag *diag)
{
    /* libzip writes into the set's temporary */
    struct dc_buf held;
    dc_buf_init(&held);
    struct zip_out o = {.fd = dc_commit_open(commit, path, diag),
                        .buf = &held,
                        .gather = budget < DC_SPILL_BLOCK ? budget
                                                          : DC_SPILL_BLOCK};
    if (o.fd < 0)
        return DC_ERR_IO;
    /* a spill's file goes beside the output: its folder has the room */
    enum dc_status rc = build(doc, dec, map, path, budget, diag, &o);
    zip_error_fini(&o.error);
    dc_buf_free(&held);
    return rc;
}

enum dc_status
dc_docx_write(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const char *path, struct dc_diag *diag)
{
    /* the font map only names fonts here: when it cannot be read the PDF
     * reports that, and the DOCX falls back to the usual Word names */
    struct dc_diag quiet;
    dc_diag_init(&quiet, NULL);
    struct dc_fontmap *map = dc_fontmap_load(dc_fontmap_default_path(),
                                             &quiet);
    dc_diag_free(&quiet);
    struct dc_commit *c = dc_commit_new();
    enum dc_status rc = dc_docx_stage(doc, dec, map, path, c, diag);
    if (rc == DC_OK)
        rc = dc_commit_apply(c, diag);
    dc_commit_free(c);
    dc_fontmap_free(map);
    return rc;
}
