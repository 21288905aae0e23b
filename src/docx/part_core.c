/* docProps/core.xml: title, creator (the department) and the dates, which
 * are the signature's date so that the same input gives the same bytes. */
#include "docx_int.h"

#include <string.h>

/* <dc:title>, <dc:creator>, ...: one element holding model text */
static void
write_text_element(struct dc_xw *w, const char *name, const char *text)
{
    dc_xw_start(w, name);
    dc_xw_text(w, text, strlen(text), 0);
    dc_xw_end(w);
}

/* <dcterms:created xsi:type="dcterms:W3CDTF"> (and modified) */
static void
write_date(struct dc_xw *w, const char *name, const struct dc_meta *m)
{
    char tmp[64]; /* room for any int, so never cut */
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT00:00:00Z", m->date_y,
             m->date_m, m->date_d);
    dc_xw_start(w, name);
    dc_xw_attr(w, "xsi:type", "dcterms:W3CDTF");
    dc_xw_str(w, tmp);
    dc_xw_end(w);
}

/* <cp:coreProperties> */
static void
write_core_properties(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    const struct dc_meta *m = &c->doc->meta;
    struct dc_buf title;
    dc_buf_init(&title);
    dc_doc_title(c->doc, &title);

    dc_xw_start(w, "cp:coreProperties");
    dc_xw_attr(w, "xmlns:cp",
               "http://schemas.openxmlformats.org/package/2006/metadata/"
               "core-properties");
    dc_xw_attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    dc_xw_attr(w, "xmlns:dcterms", "http://purl.org/dc/terms/");
    dc_xw_attr(w, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
    dc_xw_attr(w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    write_text_element(w, "dc:title", title.data);
    if (m->department)
        write_text_element(w, "dc:creator", m->department);
    write_text_element(w, "dc:language", "zh-CN");
    if (m->date_y > 0 && m->date_m > 0 && m->date_d > 0) {
        write_date(w, "dcterms:created", m);
        write_date(w, "dcterms:modified", m);
    }
    dc_xw_end(w);
    dc_buf_free(&title);
}

void
dc_docx_part_core(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    write_core_properties(w, c);
}
