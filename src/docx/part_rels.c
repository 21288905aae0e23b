/* _rels/.rels: the package relationships (main document, properties). */
#include "docx_int.h"

#define REL_BASE "http://schemas.openxmlformats.org/"

/* <Relationship Id=".." Type=".." Target=".."/>, for every .rels part */
void
dc_docx_write_relationship(struct dc_xw *w, const char *id, const char *type,
                           const char *target)
{
    dc_xw_start(w, "Relationship");
    dc_xw_attr(w, "Id", id);
    dc_xw_attr(w, "Type", type);
    dc_xw_attr(w, "Target", target);
    dc_xw_end(w);
}

/* <Relationships> */
static void
write_relationships(struct dc_xw *w)
{
    dc_xw_start(w, "Relationships");
    dc_xw_attr(w, "xmlns", DC_NS_PKG_REL);
    dc_docx_write_relationship(w, "rId1",
                               REL_BASE "officeDocument/2006/relationships/"
                                        "officeDocument",
                               "word/document.xml");
    dc_docx_write_relationship(w, "rId2",
                               REL_BASE "package/2006/relationships/metadata/"
                                        "core-properties",
                               "docProps/core.xml");
    dc_docx_write_relationship(w, "rId3",
                               REL_BASE "officeDocument/2006/relationships/"
                                        "extended-properties",
                               "docProps/app.xml");
    dc_xw_end(w);
}

void
dc_docx_part_rels(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_relationships(w);
}
