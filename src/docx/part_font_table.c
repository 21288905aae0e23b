/* word/fontTable.xml: the fonts the document names (the font map's Word
 * names, else the built-in ones below: GB/T 9704's 仿宋_GB2312, 黑体,
 * 楷体_GB2312 and 方正小标宋简体), each with the free font that stands in
 * for it as its w:altName, and their panose, charset and pitch. */
#include "docx_int.h"

#include <string.h>

#include "displaylist.h"

static const struct font {
    const char *name;
    const char *alt;
    const char *panose;
    const char *charset;
    const char *family;
    const char *pitch;
} fonts[DC_FONT_COUNT] = {
    [DC_FONT_SONG] = {"仿宋_GB2312", "AR PL SungtiL GB",
                      "02010609030101010101", "86", "modern", "fixed"},
    [DC_FONT_HEI] = {"黑体", "WenQuanYi Zen Hei", "02010609060101010101",
                     "86", "modern", "fixed"},
    [DC_FONT_KAI] = {"楷体_GB2312", "AR PL KaitiM GB", "02010609030101010101",
                     "86", "modern", "fixed"},
    [DC_FONT_TITLE] = {"方正小标宋简体", "WenQuanYi Zen Hei",
                       "02000000000000000000", "86", "auto", "variable"},
    [DC_FONT_LATIN] = {"Times New Roman", NULL, "02020603050405020304", "00",
                       "roman", "variable"},
};

const char *
dc_docx_default_font(int role)
{
    if (role < 0 || role >= DC_FONT_COUNT)
        role = DC_FONT_SONG;
    return fonts[role].name;
}

const char *
dc_docx_default_font_alt(int role)
{
    if (role < 0 || role >= DC_FONT_COUNT)
        role = DC_FONT_SONG;
    return fonts[role].alt;
}

/* <w:font w:name=".."> with altName, panose1, charset, family, pitch */
static void
write_font(struct dc_xw *w, const struct font *f, const char *name,
           const char *alt)
{
    dc_xw_start(w, "w:font");
    dc_xw_attr(w, "w:name", name);
    if (alt && strcmp(alt, name) != 0)
        dc_xw_val(w, "w:altName", alt);
    dc_xw_val(w, "w:panose1", f->panose);
    dc_xw_val(w, "w:charset", f->charset);
    dc_xw_val(w, "w:family", f->family);
    dc_xw_val(w, "w:pitch", f->pitch);
    dc_xw_end(w);
}

/* <w:fonts> */
static void
write_fonts(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    dc_xw_start(w, "w:fonts");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    for (int i = 0; i < DC_FONT_COUNT; i++) {
        int dup = 0; /* two roles may share one font */
        for (int j = 0; j < i; j++)
            dup |= strcmp(c->font[j], c->font[i]) == 0;
        if (!dup)
            write_font(w, &fonts[i], c->font[i], c->font_alt[i]);
    }
    dc_xw_end(w);
}

void
dc_docx_part_font_table(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    write_fonts(w, c);
}
