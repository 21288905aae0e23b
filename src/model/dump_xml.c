/* `disclose dump`: the model as XML, written with libxml2's text writer. */
#include "model.h"

#include <string.h>

#include <libxml/xmlwriter.h>

static void
attr_int(xmlTextWriterPtr w, const char *name, int v)
{
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%d", v);
}

static void
attr_str(xmlTextWriterPtr w, const char *name, const char *v)
{
    if (v)
        xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static void
elem_str(xmlTextWriterPtr w, const char *name, const char *v)
{
    if (v)
        xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST v);
}

static const char *
kind_name(enum dc_table_kind k)
{
    switch (k) {
    case DC_TABLE_NUMBERED:
        return "numbered";
    case DC_TABLE_FORM_DEPT:
        return "form-dept";
    case DC_TABLE_FORM_PROJECT:
        return "form-project";
    }
    return "?";
}

static const char *
row_kind_name(enum dc_row_kind k)
{
    switch (k) {
    case DC_ROW_HEADER:
        return "header";
    case DC_ROW_BODY:
        return "body";
    case DC_ROW_TOTAL:
        return "total";
    }
    return "?";
}

static void
write_cell(xmlTextWriterPtr w, const struct dc_node *n)
{
    const struct dc_cell *c = &n->u.cell;
    xmlTextWriterStartElement(w, BAD_CAST "cell");
    attr_int(w, "line", n->line);
    attr_int(w, "col", c->col + 1);
    if (c->colspan > 1)
        attr_int(w, "colspan", c->colspan);
    if (c->rowspan > 1)
        attr_int(w, "rowspan", c->rowspan);
    if (c->vmerge == DC_VMERGE_CONTINUE)
        attr_str(w, "vmerge", "continue");
    if (c->flags & DC_CELL_DISTRIBUTED)
        attr_str(w, "distributed", "1");
    if (c->flags & DC_CELL_PADDED)
        attr_str(w, "padded", "1");
    if (c->flags & DC_CELL_NUMBER) {
        char v[40];
        dc_decimal_format(dc_cell_num(c), v, sizeof v);
        attr_str(w, "value", v);
        attr_int(w, "scale", (int)c->scale);
    }
    if (c->text && *c->text)
        xmlTextWriterWriteString(w, BAD_CAST c->text);
    xmlTextWriterEndElement(w);
}

static void
write_table_start(xmlTextWriterPtr w, const struct dc_node *n)
{
    const struct dc_table *t = &n->u.table;
    xmlTextWriterStartElement(w, BAD_CAST "table");
    attr_str(w, "kind", kind_name(t->kind));
    if (t->number)
        attr_int(w, "number", t->number);
    attr_int(w, "line", n->line);
    attr_str(w, "layout", t->def->id);
    attr_str(w, "orientation", t->def->landscape ? "landscape" : "portrait");
    attr_int(w, "cols", t->ncols);
    attr_int(w, "header-rows", t->nheader);
    attr_int(w, "rows", t->nrows);
    elem_str(w, "label", t->label);
    elem_str(w, "title", t->title);
    elem_str(w, "subtitle", t->subtitle);
    if (t->department) {
        xmlTextWriterStartElement(w, BAD_CAST "department");
        attr_str(w, "label", t->dept_label);
        xmlTextWriterWriteString(w, BAD_CAST t->department);
        xmlTextWriterEndElement(w);
    }
    if (t->unit) {
        xmlTextWriterStartElement(w, BAD_CAST "unit");
        attr_str(w, "label", "单位");
        xmlTextWriterWriteString(w, BAD_CAST t->unit);
        xmlTextWriterEndElement(w);
    }
}

static void
write_leaf(xmlTextWriterPtr w, const struct dc_node *n)
{
    switch (n->type) {
    case DC_NODE_PART:
        xmlTextWriterStartElement(w, BAD_CAST "part");
        attr_int(w, "line", n->line);
        attr_int(w, "number", n->u.part.number);
        attr_str(w, "numbering", n->u.part.numbering);
        xmlTextWriterWriteString(w, BAD_CAST n->u.part.title);
        xmlTextWriterEndElement(w);
        break;
    case DC_NODE_HEADING:
        xmlTextWriterStartElement(w, BAD_CAST "heading");
        attr_int(w, "line", n->line);
        attr_int(w, "level", n->u.heading.level);
        if (n->u.heading.number)
            attr_int(w, "number", n->u.heading.number);
        attr_str(w, "numbering", n->u.heading.numbering);
        xmlTextWriterWriteString(w, BAD_CAST n->u.heading.title);
        xmlTextWriterEndElement(w);
        break;
    case DC_NODE_PARAGRAPH:
        xmlTextWriterStartElement(w, BAD_CAST "paragraph");
        attr_int(w, "line", n->line);
        if (n->u.para.role == DC_PARA_GLOSSARY) {
            attr_str(w, "role", "glossary");
            attr_str(w, "term", n->u.para.term);
        }
        xmlTextWriterWriteString(w, BAD_CAST n->u.para.text);
        xmlTextWriterEndElement(w);
        break;
    case DC_NODE_SIGNATURE:
        xmlTextWriterStartElement(w, BAD_CAST "signature");
        attr_int(w, "line", n->line);
        elem_str(w, "department", n->u.sig.department);
        elem_str(w, "date", n->u.sig.date);
        xmlTextWriterEndElement(w);
        break;
    case DC_NODE_CELL:
        write_cell(w, n);
        break;
    default:
        break;
    }
}

static enum dc_status
write_dump(const struct dc_doc *doc, FILE *out)
{
    /* straight to `out` as it goes: a copy of the whole XML in memory
     * would be most of dump's peak (issue 12's memory bound) */
    xmlOutputBufferPtr ob = xmlOutputBufferCreateFile(out, NULL);
    if (!ob)
        return DC_ERR_LIB;
    xmlTextWriterPtr w = xmlNewTextWriter(ob); /* owns ob from here */
    if (!w) {
        xmlOutputBufferClose(ob);
        return DC_ERR_LIB;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST " ");
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);

    struct dc_iter it;
    dc_iter_init(&it, doc->root);
    enum dc_iter_event ev;
    while ((ev = dc_iter_next(&it)) != DC_DONE) {
        const struct dc_node *n = dc_iter_node(&it);
        if (ev == DC_EXIT) {
            xmlTextWriterEndElement(w);
            continue;
        }
        switch (n->type) {
        case DC_NODE_DOCUMENT:
            xmlTextWriterStartElement(w, BAD_CAST "document");
            attr_str(w, "source", doc->meta.source);
            attr_str(w, "department", doc->meta.department);
            if (doc->meta.year)
                attr_int(w, "year", doc->meta.year);
            attr_str(w, "unit", doc->meta.unit);
            attr_str(w, "date", doc->meta.date);
            break;
        case DC_NODE_TABLE:
            write_table_start(w, n);
            break;
        case DC_NODE_ROW:
            xmlTextWriterStartElement(w, BAD_CAST "row");
            attr_str(w, "kind", row_kind_name(n->u.row.kind));
            attr_int(w, "line", n->line);
            if (n->u.row.level)
                attr_int(w, "level", n->u.row.level);
            attr_str(w, "code", n->u.row.code);
            break;
        default:
            write_leaf(w, n);
            break;
        }
    }
    int ended = xmlTextWriterEndDocument(w); /* flushes; < 0 on an error */
    xmlFreeTextWriter(w);
    return ended >= 0 && fflush(out) == 0 && !ferror(out) ? DC_OK : DC_ERR_IO;
}

/* libxml2's own report of a failed write ("I/O error : …", English, not
 * ours): the caller says "cannot write the dump" in the reader's language */
static void
quiet_xml_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

enum dc_status
dc_dump_xml(const struct dc_doc *doc, FILE *out)
{
    xmlStructuredErrorFunc prev = xmlStructuredError;
    void *prev_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, quiet_xml_error);
    enum dc_status st = write_dump(doc, out);
    xmlSetStructuredErrorFunc(prev_ctx, prev);
    return st;
}
