/* PDF/A-1b for libharu 2.3.0 without HPDF_PDFA_SetPDFAConformance (which
 * writes /SubType, unescaped XMP and a clock-based /ID): our own XMP
 * packet, Info entries that match it, an sRGB OutputIntent, PDF 1.4 and a
 * trailer /ID from the caller (shared/notes/libharu-2.3.0.md §4, §5). */
#include "pdf_int.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>

const char *
dc_pdf_icc_path(void)
{
    return dc_data_path(DC_DATA_ICC);
}

/* Text content of an XML element: escaped, without the control characters
 * XML 1.0 forbids. */
static void
put_xml(struct dc_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&':
            dc_buf_puts(b, "&amp;");
            break;
        case '<':
            dc_buf_puts(b, "&lt;");
            break;
        case '>':
            dc_buf_puts(b, "&gt;");
            break;
        case '"':
            dc_buf_puts(b, "&quot;");
            break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n')
                dc_buf_putc(b, (char)c);
        }
    }
}

static void
put_date(struct dc_buf *b, const struct dc_pdf_info *in)
{
    dc_buf_printf(b, "%04d-%02d-%02dT00:00:00+08:00", in->y, in->m, in->d);
}

static void
put_alt(struct dc_buf *b, const char *elem, const char *v)
{
    dc_buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", elem);
    put_xml(b, v);
    dc_buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", elem);
}

static void
put_simple(struct dc_buf *b, const char *elem, const char *v)
{
    dc_buf_printf(b, "   <%s>", elem);
    put_xml(b, v);
    dc_buf_printf(b, "</%s>\n", elem);
}

void
dc_pdf_xmp(const struct dc_pdf_info *in, struct dc_buf *b)
{
    dc_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                   "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf="
                   "\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    dc_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                   "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "   <dc:format>application/pdf</dc:format>\n");
    if (in->title)
        put_alt(b, "dc:title", in->title);
    if (in->author) {
        dc_buf_puts(b, "   <dc:creator><rdf:Seq><rdf:li>");
        put_xml(b, in->author);
        dc_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (in->subject)
        put_alt(b, "dc:description", in->subject);
    dc_buf_puts(b, "  </rdf:Description>\n");

    dc_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                   "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    if (in->creator)
        put_simple(b, "xmp:CreatorTool", in->creator);
    if (in->y) {
        dc_buf_puts(b, "   <xmp:CreateDate>");
        put_date(b, in);
        dc_buf_puts(b, "</xmp:CreateDate>\n   <xmp:ModifyDate>");
        put_date(b, in);
        dc_buf_puts(b, "</xmp:ModifyDate>\n");
    }
    dc_buf_puts(b, "  </rdf:Description>\n");

    dc_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                   "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    if (in->producer)
        put_simple(b, "pdf:Producer", in->producer);
    if (in->keywords)
        put_simple(b, "pdf:Keywords", in->keywords);
    dc_buf_puts(b, "  </rdf:Description>\n");

    dc_buf_puts(b, "  <rdf:Description rdf:about=\"\" "
                   "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "   <pdfaid:part>1</pdfaid:part>\n"
                   "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                   "  </rdf:Description>\n"
                   " </rdf:RDF>\n"
                   "</x:xmpmeta>\n"
                   "<?xpacket end=\"w\"?>");
}

/* /Info: strings become UTF-16 because the current encoder is UTF-8. */
static HPDF_STATUS
set_info(struct dc_pdf *p, const struct dc_pdf_info *in)
{
    HPDF_STATUS ret = HPDF_OK;
    if (in->title)
        ret += HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, in->title);
    if (in->author)
        ret += HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, in->author);
    if (in->subject)
        ret += HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, in->subject);
    if (in->keywords)
        ret += HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, in->keywords);
    if (in->creator)
        ret += HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, in->creator);
    if (in->y) {
        /* ind 'Z' would be written "Z00'00'"; China Standard Time is +8 */
        HPDF_Date dt = {in->y, in->m, in->d, 0, 0, 0, '+', 8, 0};
        ret += HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, dt);
        ret += HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, dt);
    }
    return ret;
}

static HPDF_STATUS
add_output_intent(struct dc_pdf *p, const char *icc_path)
{
    HPDF_Doc pdf = p->doc;
    HPDF_OutputIntent icc = HPDF_LoadIccProfileFromFile(pdf, icc_path, 3);
    if (!icc)
        return p->error_no ? p->error_no : HPDF_INVALID_OBJECT;
    HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
    if (!intent)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Xref_Add(pdf->xref, intent);
    if (ret != HPDF_OK)
        return ret;
    static const char cond[] = "sRGB IEC61966-2.1";
    ret += HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    ret += HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    ret += HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                         HPDF_String_New(pdf->mmgr, cond, NULL));
    ret += HPDF_Dict_Add(intent, "OutputCondition",
                         HPDF_String_New(pdf->mmgr, cond, NULL));
    ret +=
        HPDF_Dict_Add(intent, "RegistryName",
                      HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
    ret +=
        HPDF_Dict_Add(intent, "Info", HPDF_String_New(pdf->mmgr, cond, NULL));
    /* libharu's own helper writes the key with a trailing space */
    ret += HPDF_Dict_Add(intent, "DestOutputProfile", icc);
    HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
    if (!intents)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ret += HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
    ret += HPDF_Array_Add(intents, intent);
    return ret;
}

static HPDF_STATUS
add_metadata(struct dc_pdf *p, const struct dc_pdf_info *in)
{
    HPDF_Doc pdf = p->doc;
    HPDF_Dict x = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!x)
        return HPDF_FAILD_TO_ALLOC_MEM;
    x->filter = HPDF_STREAM_FILTER_NONE; /* PDF/A: metadata unfiltered */
    HPDF_STATUS ret = HPDF_Dict_AddName(x, "Type", "Metadata");
    ret += HPDF_Dict_AddName(x, "Subtype", "XML");
    struct dc_buf b;
    dc_buf_init(&b);
    dc_pdf_xmp(in, &b);
    ret += HPDF_Stream_Write(x->stream, (const HPDF_BYTE *)b.data,
                             (HPDF_UINT)b.len);
    dc_buf_free(&b);
    ret += HPDF_Dict_Add(pdf->catalog, "Metadata", x);
    return ret;
}

enum dc_status
dc_pdf_make_pdfa(struct dc_pdf *p, const struct dc_pdf_info *info,
                 const unsigned char id[16])
{
    const char *icc = dc_pdf_icc_path();
    if (!icc) {
        dc_diag_report(p->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("no sRGB ICC profile for the PDF/A OutputIntent: "
                         "install icc-profiles-free or set DISCLOSE_ICC"));
        return DC_ERR_INPUT;
    }
    if (set_info(p, info) != HPDF_OK)
        return dc_pdf_lib_error(p, "HPDF_SetInfoAttr");
    if (add_output_intent(p, icc) != HPDF_OK)
        return dc_pdf_lib_error(p, "adding the sRGB OutputIntent");
    if (add_metadata(p, info) != HPDF_OK)
        return dc_pdf_lib_error(p, "adding the XMP metadata");
    HPDF_Array ids = HPDF_Array_New(p->doc->mmgr);
    if (!ids ||
        HPDF_Array_Add(ids,
                       HPDF_Binary_New(p->doc->mmgr, (HPDF_BYTE *)id, 16)) ||
        HPDF_Array_Add(ids,
                       HPDF_Binary_New(p->doc->mmgr, (HPDF_BYTE *)id, 16)) ||
        HPDF_Dict_Add(p->doc->trailer, "ID", ids))
        return dc_pdf_lib_error(p, "adding the trailer /ID");
    p->doc->pdf_version = HPDF_VER_14;
    return DC_OK;
}
