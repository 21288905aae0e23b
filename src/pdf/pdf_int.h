/* Inside the PDF backend; also what tests/unit/test_pdf.c calls. */
#ifndef DC_PDF_INT_H
#define DC_PDF_INT_H

#include "pdf.h"

#include <hpdf.h>

/* One loaded font role.  Roles served by the same file share the libharu
 * font definition and font (libharu returns the font loaded first). */
struct dc_pdf_font {
    const struct dc_fontfile *file; /* from the font map */
    const char *name;               /* libharu's font name */
    HPDF_FontDef def;               /* metrics come from here */
    HPDF_Font font;                 /* created on first use: costs 20-60 ms */
    int16_t *adv; /* advance per BMP code point, ADV_UNKNOWN until asked */
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
    int written;
};

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

/* ---- pdf_font.c ---- */
enum dc_status dc_pdf_fonts_load(struct dc_pdf *p);
void dc_pdf_fonts_free(struct dc_pdf *p);
/* The libharu font of `role`, created and repaired (ToUnicode, save-time
 * hook) on first use; NULL after a reported failure. */
HPDF_Font dc_pdf_font(struct dc_pdf *p, int role);
/* A valid ToUnicode CMap for CID = Unicode BMP code point (recipe 3a). */
void dc_pdf_tounicode_cmap(struct dc_buf *out);

/* ---- pdfa.c ---- */
/* The XMP packet for PDF/A-1b, values XML-escaped. */
void dc_pdf_xmp(const struct dc_pdf_info *info, struct dc_buf *out);
/* Info dictionary, XMP metadata, sRGB OutputIntent, PDF 1.4 and the
 * trailer /ID (two copies of `id`). */
enum dc_status dc_pdf_make_pdfa(struct dc_pdf *p,
                                const struct dc_pdf_info *info,
                                const unsigned char id[16]);

#endif
