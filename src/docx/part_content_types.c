/* [Content_Types].xml: the media type of every part of the package. */
#include "docx_int.h"

/* <Default Extension=".." ContentType=".."/> */
static void
write_default(struct dc_xw *w, const char *ext, const char *type)
{
    dc_xw_start(w, "Default");
    dc_xw_attr(w, "Extension", ext);
    dc_xw_attr(w, "ContentType", type);
    dc_xw_end(w);
}

/* <Override PartName="/.." ContentType=".."/> */
static void
write_override(struct dc_xw *w, const char *part, const char *type)
{
    char name[256];
    snprintf(name, sizeof name, "/%s", part);
    dc_xw_start(w, "Override");
    dc_xw_attr(w, "PartName", name);
    dc_xw_attr(w, "ContentType", type);
    dc_xw_end(w);
}

/* <Types>: defaults for .rels and .xml, then one override per part */
static void
write_types(struct dc_xw *w)
{
    dc_xw_start(w, "Types");
    dc_xw_attr(w, "xmlns",
               "http://schemas.openxmlformats.org/package/2006/content-types");
    write_default(w, "rels",
                  "application/vnd.openxmlformats-package.relationships+xml");
    write_default(w, "xml", "application/xml");
    for (int i = 0; i < dc_docx_nparts; i++)
        if (dc_docx_parts[i].content_type)
            write_override(w, dc_docx_parts[i].name,
                           dc_docx_parts[i].content_type);
    dc_xw_end(w);
}

void
dc_docx_part_content_types(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_types(w);
}
