#include "records.h"
#include "i18n.h"

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
    if (access(path, F_OK) != 0)
        return DC_OK;
    xmlDocPtr x = xmlReadFile(path, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
    xmlNodePtr top = x ? xmlDocGetRootElement(x) : NULL;
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
dc_write_file_atomic(const char *path, const void *data, size_t len,
                     struct dc_diag *diag)
{
    struct dc_buf tmp;
    dc_buf_init(&tmp);
    dc_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    enum dc_status st = DC_OK;
    if (fd < 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, _("cannot write: %s"),
                       strerror(errno));
        dc_buf_free(&tmp);
        return DC_ERR_IO;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            st = DC_ERR_IO;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0)
        st = DC_ERR_IO;
    if (st == DC_OK && rename(tmp.data, path) != 0)
        st = DC_ERR_IO;
    if (st != DC_OK) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, _("cannot write: %s"),
                       strerror(errno));
        unlink(tmp.data);
    }
    dc_buf_free(&tmp);
    return st;
}

enum dc_status
dc_records_save(const struct dc_records *r, const char *path,
                struct dc_diag *diag)
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
        dc_write_file_atomic(path, xmlBufferContent(buf),
                             (size_t)xmlBufferLength(buf), diag);
    xmlBufferFree(buf);
    return st;
}
