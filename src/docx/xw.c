/* A thin wrapper over libxml2's xmlTextWriter writing into memory.  It keeps
 * the first libxml2 failure instead of making every caller test every call,
 * and it is the one place where model text is checked for characters that
 * XML 1.0 cannot carry. */
#include "docx_int.h"
#include "i18n.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

struct dc_xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr tw;
    struct dc_diag *diag;
    const char *file;
    const char *failed; /* name of the first libxml2 call that failed */
    int replaced;
};

static void
check(struct dc_xw *w, int rc, const char *call)
{
    if (rc < 0 && !w->failed)
        w->failed = call;
}

struct dc_xw *
dc_xw_new(struct dc_diag *diag, const char *file)
{
    struct dc_xw *w = dc_xcalloc(1, sizeof(*w));
    w->diag = diag;
    w->file = file;
    w->buf = xmlBufferCreate();
    if (!w->buf) {
        w->failed = "xmlBufferCreate";
        return w;
    }
    w->tw = xmlNewTextWriterMemory(w->buf, 0);
    if (!w->tw) {
        w->failed = "xmlNewTextWriterMemory";
        return w;
    }
    check(w, xmlTextWriterStartDocument(w->tw, "1.0", "UTF-8", "yes"),
          "xmlTextWriterStartDocument");
    return w;
}

void
dc_xw_free(struct dc_xw *w)
{
    if (!w)
        return;
    if (w->tw)
        xmlFreeTextWriter(w->tw);
    if (w->buf)
        xmlBufferFree(w->buf);
    free(w);
}

void
dc_xw_start(struct dc_xw *w, const char *name)
{
    if (w->tw)
        check(w, xmlTextWriterStartElement(w->tw, BAD_CAST name),
              "xmlTextWriterStartElement");
}

void
dc_xw_end(struct dc_xw *w)
{
    if (w->tw)
        check(w, xmlTextWriterEndElement(w->tw), "xmlTextWriterEndElement");
}

void
dc_xw_attr(struct dc_xw *w, const char *name, const char *value)
{
    if (w->tw)
        check(w,
              xmlTextWriterWriteAttribute(w->tw, BAD_CAST name,
                                          BAD_CAST value),
              "xmlTextWriterWriteAttribute");
}

void
dc_xw_attr_int(struct dc_xw *w, const char *name, long value)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%ld", value);
    dc_xw_attr(w, name, tmp);
}

void
dc_xw_val(struct dc_xw *w, const char *name, const char *value)
{
    dc_xw_start(w, name);
    dc_xw_attr(w, "w:val", value);
    dc_xw_end(w);
}

void
dc_xw_val_int(struct dc_xw *w, const char *name, long value)
{
    dc_xw_start(w, name);
    dc_xw_attr_int(w, "w:val", value);
    dc_xw_end(w);
}

void
dc_xw_empty(struct dc_xw *w, const char *name)
{
    dc_xw_start(w, name);
    dc_xw_end(w);
}

int
dc_xml_char_ok(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD ||
           (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

static void
put_segment(struct dc_xw *w, const char *s, size_t n)
{
    if (n == 0 || !w->tw)
        return;
    char *tmp = dc_xmalloc(n + 1);
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    check(w, xmlTextWriterWriteString(w->tw, BAD_CAST tmp),
          "xmlTextWriterWriteString");
    free(tmp);
}

void
dc_xw_text(struct dc_xw *w, const char *s, size_t n, int line)
{
    size_t start = 0, i = 0;
    while (i < n) {
        uint32_t cp = 0;
        int len = dc_utf8_decode(s + i, n - i, &cp);
        if (len > 0 && dc_xml_char_ok(cp)) {
            i += (size_t)len;
            continue;
        }
        put_segment(w, s + start, i - start);
        if (len > 0)
            dc_diag_report(w->diag, w->file, line, 0, DC_SEV_WARNING,
                           _("character U+%04X cannot be written to a DOCX "
                           "(not allowed in XML 1.0); written as U+FFFD"),
                           (unsigned)cp);
        else
            dc_diag_report(w->diag, w->file, line, 0, DC_SEV_WARNING,
                           _("byte 0x%02X is not UTF-8; written to the DOCX as "
                           "U+FFFD"),
                           (unsigned)(unsigned char)s[i]);
        put_segment(w, "\xEF\xBF\xBD", 3);
        w->replaced++;
        i += len > 0 ? (size_t)len : 1;
        start = i;
    }
    put_segment(w, s + start, i - start);
}

void
dc_xw_str(struct dc_xw *w, const char *s)
{
    put_segment(w, s, strlen(s));
}

int
dc_xw_replaced(const struct dc_xw *w)
{
    return w->replaced;
}

enum dc_status
dc_xw_finish(struct dc_xw *w, struct dc_buf *out)
{
    if (w->tw) {
        check(w, xmlTextWriterEndDocument(w->tw), "xmlTextWriterEndDocument");
        xmlFreeTextWriter(w->tw); /* flushes into w->buf */
        w->tw = NULL;
    }
    if (w->failed) {
        const xmlError *e = xmlGetLastError();
        dc_diag_report(w->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxml2: %s failed: %s"), w->failed,
                       e && e->message ? e->message : _("unknown error"));
        return DC_ERR_LIB;
    }
    dc_buf_put(out, xmlBufferContent(w->buf), (size_t)xmlBufferLength(w->buf));
    return DC_OK;
}
