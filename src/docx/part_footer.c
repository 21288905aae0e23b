/* word/footer1.xml (odd pages and the default) and word/footer2.xml (even
 * pages): the page number "— N —" as a PAGE field, 4号 宋体, set right with
 * one character of indent on odd pages and left on even pages (GB/T 9704
 * 7.5). */
#include "docx_int.h"

/* <w:r><w:t>..</w:t></w:r> with spaces kept */
static void
write_text_run(struct dc_xw *w, const char *text)
{
    dc_xw_start(w, "w:r");
    dc_xw_start(w, "w:t");
    dc_xw_attr(w, "xml:space", "preserve");
    dc_xw_str(w, text);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:r><w:fldChar w:fldCharType=".."/></w:r> */
static void
write_fld_char(struct dc_xw *w, const char *type)
{
    dc_xw_start(w, "w:r");
    dc_xw_start(w, "w:fldChar");
    dc_xw_attr(w, "w:fldCharType", type);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:r><w:instrText> PAGE </w:instrText></w:r> */
static void
write_instr_text(struct dc_xw *w, const char *instr)
{
    dc_xw_start(w, "w:r");
    dc_xw_start(w, "w:instrText");
    dc_xw_attr(w, "xml:space", "preserve");
    dc_xw_str(w, instr);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:pPr>: footer style, side and one character of indent */
static void
write_ppr(struct dc_xw *w, int odd)
{
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "Footer");
    dc_xw_start(w, "w:ind");
    dc_xw_attr(w, odd ? "w:rightChars" : "w:leftChars", "100");
    dc_xw_attr(w, odd ? "w:right" : "w:left", "280");
    dc_xw_end(w);
    dc_xw_val(w, "w:jc", odd ? "right" : "left");
    dc_xw_end(w);
}

/* <w:ftr> */
static void
write_ftr(struct dc_xw *w, int odd)
{
    dc_xw_start(w, "w:ftr");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    dc_xw_attr(w, "xmlns:r", DC_NS_R);
    dc_xw_start(w, "w:p");
    write_ppr(w, odd);
    write_text_run(w, "\xE2\x80\x94 "); /* "— " */
    write_fld_char(w, "begin");
    write_instr_text(w, " PAGE ");
    write_fld_char(w, "separate");
    write_text_run(w, "1");
    write_fld_char(w, "end");
    write_text_run(w, " \xE2\x80\x94"); /* " —" */
    dc_xw_end(w);
    dc_xw_end(w);
}

void
dc_docx_part_footer_odd(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_ftr(w, 1);
}

void
dc_docx_part_footer_even(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_ftr(w, 0);
}
