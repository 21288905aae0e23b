/* word/_rels/document.xml.rels: what the main document refers to.  The ids
 * are fixed; part_document.c and part_footer.c use the same ones. */
#include "docx_int.h"

#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/"

/* <Relationships> */
static void
write_relationships(struct dc_xw *w)
{
    dc_xw_start(w, "Relationships");
    dc_xw_attr(w, "xmlns", DC_NS_PKG_REL);
    dc_docx_write_relationship(w, "rId1", REL_BASE "relationships/styles",
                               "styles.xml");
    dc_docx_write_relationship(w, "rId2", REL_BASE "relationships/settings",
                               "settings.xml");
    dc_docx_write_relationship(w, "rId3", REL_BASE "relationships/fontTable",
                               "fontTable.xml");
    dc_docx_write_relationship(w, "rId4", REL_BASE "relationships/footer",
                               "footer1.xml");
    dc_docx_write_relationship(w, "rId5", REL_BASE "relationships/footer",
                               "footer2.xml");
    dc_xw_end(w);
}

void
dc_docx_part_document_rels(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    (void)c;
    write_relationships(w);
}
