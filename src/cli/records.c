#include "records.h"
#include "i18n.h"
#include "xmlread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

const char *
dc_record_get(const struct dc_record *rec, const char *key)
{
    for (int i = 0; i < rec->n; i++)
        if (strcmp(rec->key[i], key) == 0)
            return rec->val[i];
    return NULL;
}

void
dc_record_set(struct dc_record *rec, const char *key, const char *val)
{
    for (int i = 0; i < rec->n; i++)
        if (strcmp(rec->key[i], key) == 0) {
            free(rec->val[i]);
            rec->val[i] = dc_xstrdup(val ? val : "");
            return;
        }
    if (rec->n == DC_RECORD_MAX_ATTRS)
        return;
    rec->key[rec->n] = dc_xstrdup(key);
    rec->val[rec->n] = dc_xstrdup(val ? val : "");
    rec->n++;
}

struct dc_record *
dc_records_find(struct dc_records *r, const char *key, const char *val)
{
    for (int i = 0; i < r->n; i++) {
        const char *v = dc_record_get(&r->recs[i], key);
        if (v && strcmp(v, val) == 0)
            return &r->recs[i];
    }
    return NULL;
}

struct dc_record *
dc_records_add(struct dc_records *r)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->recs = dc_xrealloc(r->recs, (size_t)r->cap * sizeof(*r->recs));
    }
    struct dc_record *rec = &r->recs[r->n++];
    memset(rec, 0, sizeof(*rec));
    return rec;
}

void
dc_records_free(struct dc_records *r)
{
    for (int i = 0; i < r->n; i++)
        for (int k = 0; k < r->recs[i].n; k++) {
            free(r->recs[i].key[k]);
            free(r->recs[i].val[k]);
        }
    free(r->recs);
    free(r->root);
    free(r->elem);
    memset(r, 0, sizeof(*r));
}

enum dc_status
dc_records_load(struct dc_records *r, const char *path, const char *root,
                const char *elem, struct dc_diag *diag)
{
    memset(r, 0, sizeof(*r));
    r->root = dc_xstrdup(root);
    r->elem = dc_xstrdup(elem);
    struct stat st;
    if (lstat(path, &st) != 0 && errno == ENOENT)
        return DC_OK;
    /* the one safe reader: no DOCTYPE, no entities, a regular file */
    xmlDocPtr x = NULL;
    const char *what = strcmp(root, "archive") == 0 ? N_("archive index")
                                                    : N_("batch manifest");
    if (dc_xml_read(path, what, N_("move it away or fix it"), diag, &x) !=
        DC_OK)
        return DC_ERR_INPUT;
    xmlNodePtr top = xmlDocGetRootElement(x);
    if (!top || strcmp((const char *)top->name, root) != 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("not a disclose %s file; move it away or fix it"),
                       root);
        xmlFreeDoc(x);
        return DC_ERR_INPUT;
    }
    for (xmlNodePtr n = top->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE ||
            strcmp((const char *)n->name, elem) != 0)
            continue;
        struct dc_record *rec = dc_records_add(r);
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(x, a->children, 1);
            dc_record_set(rec, (const char *)a->name, v ? (const char *)v : "");
            xmlFree(v);
        }
    }
    xmlFreeDoc(x);
    return DC_OK;
}

enum dc_status
dc_records_stage(const struct dc_records *r, const char *path,
                 struct dc_commit *commit, struct dc_diag *diag)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("libxml2: cannot start a text writer"));
        xmlBufferFree(buf);
        return DC_ERR_LIB;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST r->root);
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1");
    for (int i = 0; i < r->n; i++) {
        xmlTextWriterStartElement(w, BAD_CAST r->elem);
        for (int k = 0; k < r->recs[i].n; k++)
            xmlTextWriterWriteAttribute(w, BAD_CAST r->recs[i].key[k],
                                        BAD_CAST r->recs[i].val[k]);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    enum dc_status st =
        dc_commit_add(commit, path, xmlBufferContent(buf),
                      (size_t)xmlBufferLength(buf), diag);
    xmlBufferFree(buf);
    return st;
}

enum dc_status
dc_records_save(const struct dc_records *r, const char *path,
                struct dc_diag *diag)
{
    struct dc_commit *c = dc_commit_new();
    enum dc_status st = dc_records_stage(r, path, c, diag);
    if (st == DC_OK)
        st = dc_commit_apply(c, diag);
    dc_commit_free(c);
    return st;
}
