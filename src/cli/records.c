#include "records.h"
#include "hash.h"
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
#include <zlib.h>

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

/* A record's keys and values freed: it is empty. */
static void
record_clear(struct dc_record *rec)
{
    for (int k = 0; k < rec->n; k++) {
        free(rec->key[k]);
        free(rec->val[k]);
    }
    rec->n = 0;
}

void
dc_records_free(struct dc_records *r)
{
    for (int i = 0; i < r->n; i++)
        record_clear(&r->recs[i]);
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

/* ---- the journal ---- */

#define JOURNAL_HEAD "disclose-records-journal 1 "
#define JOURNAL_MAX (256L << 20)

/* The SHA-256 of the file `path`, "-" when there is none. */
static void
file_id(const char *path, char out[DC_SHA256_HEX])
{
    struct stat st;
    if (lstat(path, &st) != 0 && errno == ENOENT)
        strcpy(out, "-");
    else if (dc_sha256_file(path, out) != DC_OK)
        strcpy(out, "?"); /* unreadable: no journal extends it */
}

/* One line of the journal, `text` up to its newline: the record in `rec`
 * (emptied first); 0 when the line is damaged. */
static int
parse_line(const char *text, size_t len, struct dc_record *rec)
{
    const char *sp = NULL;
    for (size_t i = len; i > 0 && !sp; i--)
        if (text[i - 1] == ' ')
            sp = text + i - 1;
    unsigned long crc;
    char tail;
    if (!sp || strncmp(text, "record", 6) != 0 ||
        (size_t)(text + len - sp) != 10 ||
        sscanf(sp + 1, "%8lx%c", &crc, &tail) != 2 || tail != '\n' ||
        crc != crc32(0L, (const Bytef *)text, (uInt)(sp - text)))
        return 0;
    struct dc_buf f;
    dc_buf_init(&f);
    const char *p = text + 6;
    int ok = 1;
    while (ok && p < sp) {
        ok = dc_field_get(&p, &f) && p <= sp;
        char *eq = ok ? strchr(f.data, '=') : NULL;
        if (!eq || eq == f.data) {
            ok = 0;
            break;
        }
        *eq = '\0';
        dc_record_set(rec, f.data, eq + 1);
    }
    dc_buf_free(&f);
    return ok && p == sp;
}

long
dc_records_replay(struct dc_records *r, const char *path, const char *journal,
                  const char *key)
{
    char *text = NULL;
    size_t len = 0;
    if (dc_read_file(journal, JOURNAL_MAX, &text, &len, NULL) != DC_OK)
        return -1;
    char id[DC_SHA256_HEX];
    file_id(path, id);
    const char *nl = memchr(text, '\n', len);
    if (strcmp(id, "?") == 0)
        nl = NULL;
    size_t head = strlen(JOURNAL_HEAD);
    if (!nl || (size_t)(nl - text) != head + strlen(id) ||
        strncmp(text, JOURNAL_HEAD, head) != 0 ||
        strncmp(text + head, id, strlen(id)) != 0) {
        free(text);
        return -1;
    }
    const char *p = nl + 1, *end = text + len;
    struct dc_record rec = {0};
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        record_clear(&rec);
        const char *v;
        if (!parse_line(p, (size_t)(nl - p) + 1, &rec) ||
            !(v = dc_record_get(&rec, key)))
            break;
        struct dc_record *to = dc_records_find(r, key, v);
        if (to)
            record_clear(to);
        else
            to = dc_records_add(r);
        *to = rec;
        memset(&rec, 0, sizeof rec);
        p = nl + 1;
    }
    record_clear(&rec);
    long whole = (long)(p - text);
    free(text);
    return whole;
}

int
dc_records_journal_open(const char *path, const char *journal, long keep)
{
    int fd = open(journal,
                  O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        ftruncate(fd, keep > 0 ? keep : 0) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (keep > 0)
        return fd;
    char id[DC_SHA256_HEX];
    file_id(path, id);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s%s\n", JOURNAL_HEAD, id);
    ssize_t w = write(fd, b.data, b.len);
    int ok = w == (ssize_t)b.len;
    dc_buf_free(&b);
    if (!ok) {
        close(fd);
        errno = w < 0 ? errno : ENOSPC;
        return -1;
    }
    return fd;
}

enum dc_status
dc_records_journal_append(int fd, const struct dc_record *rec)
{
    struct dc_buf b, f;
    dc_buf_init(&b);
    dc_buf_init(&f);
    dc_buf_puts(&b, "record");
    for (int k = 0; k < rec->n; k++) {
        dc_buf_clear(&f);
        dc_buf_printf(&f, "%s=%s", rec->key[k], rec->val[k]);
        dc_field_put(&b, f.data);
    }
    uLong crc = crc32(0L, (const Bytef *)b.data, (uInt)b.len);
    dc_buf_printf(&b, " %08lx\n", (unsigned long)crc);
    ssize_t w;
    while ((w = write(fd, b.data, b.len)) < 0 && errno == EINTR)
        ;
    enum dc_status st = w == (ssize_t)b.len ? DC_OK : DC_ERR_IO;
    dc_buf_free(&b);
    dc_buf_free(&f);
    return st;
}
