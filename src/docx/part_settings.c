/* word/settings.xml: document-wide settings.  No rsids and no dates, so the
 * part is the same for every document. */
#include "docx_int.h"

/* <w:compat>: Word 2013+ layout rules, so Word does not open in
 * compatibility mode */
static void
write_compat(struct dc_xw *w)
{
    dc_xw_start(w, "w:compat");
    dc_xw_start(w, "w:compatSetting");
    dc_xw_attr(w, "w:name", "compatibilityMode");
    dc_xw_attr(w, "w:uri", "http://schemas.microsoft.com/office/word");
    dc_xw_attr(w, "w:val", "15");
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:themeFontLang>: Chinese is the East Asian language of the document */
static void
write_theme_font_lang(struct dc_xw *w)
{
    dc_xw_start(w, "w:themeFontLang");
    dc_xw_attr(w, "w:val", "en-US");
    dc_xw_attr(w, "w:eastAsia", "zh-CN");
    dc_xw_end(w);
}

/* <w:settings> (children in schema order) */
static void
write_settings(struct dc_xw *w)
{
    dc_xw_start(w, "w:settings");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    dc_xw_start(w, "w:zoom");
    dc_xw_attr(w, "w:percent", "100");
    dc_xw_end(w);
    dc_xw_val(w, "w:defaultTabStop", "420");
    /* odd pages: number right; even pages: number left (GB/T 9704 7.5) */
    dc_xw_empty(w, "w:evenAndOddHeaders");
    /* full-width punctuation, never compressed, as the PDF sets it: a
     * compressed 。 lets LibreOffice put 29 characters on a line where the
     * PDF has 28, and the pages drift */
    dc_xw_val(w, "w:characterSpacingControl", "doNotCompress");
    /* Word offers to refresh the 目录 (TOC field) on opening */
    dc_xw_val(w, "w:updateFields", "true");
    write_compat(w);
    write_theme_font_lang(w);
    dc_xw_val(w, "w:decimalSymbol", ".");
    dc_xw_val(w, "w:listSeparator", ",");
    dc_xw_end(w);
}

void
dc_docx_part_settings(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_settings(w);
}
