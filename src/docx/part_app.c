/* docProps/app.xml: the extended properties (application, company). */
#include "docx_int.h"

#include <string.h>

/* <Application>, <Company>, ...: one element holding text */
static void
write_text_element(struct dc_xw *w, const char *name, const char *text)
{
    dc_xw_start(w, name);
    dc_xw_text(w, text, strlen(text), 0);
    dc_xw_end(w);
}

/* <Properties> */
static void
write_properties(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    dc_xw_start(w, "Properties");
    dc_xw_attr(w, "xmlns",
               "http://schemas.openxmlformats.org/officeDocument/2006/"
               "extended-properties");
    dc_xw_attr(w, "xmlns:vt",
               "http://schemas.openxmlformats.org/officeDocument/2006/"
               "docPropsVTypes");
    write_text_element(w, "Template", "Normal.dotm");
    write_text_element(w, "Application", "disclose " DC_VERSION);
    write_text_element(w, "DocSecurity", "0");
    if (c->doc->meta.department)
        write_text_element(w, "Company", c->doc->meta.department);
    dc_xw_end(w);
}

void
dc_docx_part_app(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    write_properties(w, c);
}
