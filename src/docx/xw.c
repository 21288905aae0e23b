/* The XML writer of the DOCX parts.  It writes the bytes libxml2's
 * xmlTextWriter wrote for the same calls (declaration, tags, the same
 * escapes: tests/unit/test_docx.c compares the two), but composes each tag
 * and each escaped text in one buffer and hands it to libxml2's
 * xmlOutputBuffer in blocks: the text writer paid ~140 instructions for each
 * of the 7 or 8 pieces of every element (malloc'ed element stack, a string
 * copy per element, a UTF-8 to UTF-8 re-encoding), 80 % of the time of
 * word/document.xml.  The output buffer writes into memory or into a
 * spill (core.h: document.xml, a file past its budget), so a large part is
 * never held whole.  Calls never fail one by one: the first failure is
 * remembered and dc_xw_finish() reports it.  It is also the one place where
 * model text is checked for characters that XML 1.0 cannot carry. */
#include "docx_int.h"
#include "i18n.h"

#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>
#include <string.h>

/* bytes gathered before they go to the output buffer */
#define XW_BLOCK 65536

struct dc_xw {
    xmlOutputBufferPtr out;
    char pend[XW_BLOCK]; /* composed, not yet handed to `out` */
    size_t npend;
    struct dc_buf names; /* the open elements' names, each NUL-ended */
    size_t *open;        /* offsets into names, innermost last */
    int depth, cap;
    int in_tag; /* the innermost start tag still lacks its '>' */
    struct dc_diag *diag;
    const char *file;
    const char *failed; /* name of the first call that failed */
    int replaced;
};

static void
fail(struct dc_xw *w, const char *call)
{
    if (!w->failed)
        w->failed = call;
}

static void
hand_over(struct dc_xw *w, const char *s, size_t n)
{
    if (n && w->out && !w->failed &&
        xmlOutputBufferWrite(w->out, (int)n, s) < 0)
        fail(w, "xmlOutputBufferWrite");
}

static void
flush(struct dc_xw *w)
{
    hand_over(w, w->pend, w->npend);
    w->npend = 0;
}

/* inline: most pieces are a few bytes, of a length known where called */
static inline void
put(struct dc_xw *w, const char *s, size_t n)
{
    if (w->npend + n > XW_BLOCK) {
        flush(w);
        if (n > XW_BLOCK) {
            hand_over(w, s, n);
            return;
        }
    }
    memcpy(w->pend + w->npend, s, n);
    w->npend += n;
}

#define PUT_LIT(w, lit) put((w), (lit), sizeof(lit) - 1)

static void
put_str(struct dc_xw *w, const char *s)
{
    put(w, s, strlen(s));
}

/* xmlOutputBuffer's write callback of a writer into memory */
static int
mem_write(void *ctx, const char *data, int len)
{
    dc_buf_put(ctx, data, (size_t)len);
    return len;
}

static struct dc_xw *
xw_new(struct dc_diag *diag, const char *file, xmlOutputBufferPtr out)
{
    struct dc_xw *w = dc_xcalloc(1, sizeof(*w));
    w->diag = diag;
    w->file = file;
    w->out = out;
    dc_buf_init(&w->names);
    if (!out)
        fail(w, "xmlOutputBufferCreate");
    /* what xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes") wrote */
    PUT_LIT(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    return w;
}

struct dc_xw *
dc_xw_new(struct dc_diag *diag, const char *file, struct dc_buf *out)
{
    return xw_new(diag, file,
                  xmlOutputBufferCreateIO(mem_write, NULL, out, NULL));
}

/* ... and of a writer into a spill */
static int
spill_write(void *ctx, const char *data, int len)
{
    dc_spill_append(ctx, data, (size_t)len);
    return len;
}

struct dc_xw *
dc_xw_new_spill(struct dc_diag *diag, const char *file, struct dc_spill *spill)
{
    return xw_new(diag, file,
                  xmlOutputBufferCreateIO(spill_write, NULL, spill, NULL));
}

void
dc_xw_free(struct dc_xw *w)
{
    if (!w)
        return;
    if (w->out)
        xmlOutputBufferClose(w->out);
    dc_buf_free(&w->names);
    free(w->open);
    free(w);
}

/* ends the innermost start tag, before content */
static void
close_tag(struct dc_xw *w)
{
    if (w->in_tag) {
        PUT_LIT(w, ">");
        w->in_tag = 0;
    }
}

void
dc_xw_start(struct dc_xw *w, const char *name)
{
    close_tag(w);
    PUT_LIT(w, "<");
    put_str(w, name);
    if (w->depth == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 32;
        w->open = dc_xrealloc(w->open, (size_t)w->cap * sizeof *w->open);
    }
    w->open[w->depth++] = w->names.len;
    dc_buf_put(&w->names, name, strlen(name) + 1);
    w->in_tag = 1;
}

void
dc_xw_end(struct dc_xw *w)
{
    if (w->depth == 0) {
        fail(w, "dc_xw_end (no element open)");
        return;
    }
    size_t at = w->open[--w->depth];
    if (w->in_tag) {
        PUT_LIT(w, "/>");
        w->in_tag = 0;
    } else {
        PUT_LIT(w, "</");
        put(w, w->names.data + at, w->names.len - at - 1);
        PUT_LIT(w, ">");
    }
    w->names.len = at;
}

/* The escapes of libxml2's serializer (xmlEncodeSpecialChars for text,
 * xmlBufAttrSerializeTxtContent for attribute values in a UTF-8 document):
 * NULL for a byte written as it is. */
static const char *
escape(unsigned char ch, int attr)
{
    switch (ch) {
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '&':
        return "&amp;";
    case '"':
        return "&quot;";
    case '\r':
        return "&#13;";
    case '\n':
        return attr ? "&#10;" : NULL;
    case '\t':
        return attr ? "&#9;" : NULL;
    default:
        return NULL;
    }
}

/* s[0..n) escaped; every byte of it is one XML may carry */
static void
put_escaped(struct dc_xw *w, const char *s, size_t n, int attr)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch > '>') /* past every byte that has an escape */
            continue;
        const char *e = escape(ch, attr);
        if (!e)
            continue;
        put(w, s + start, i - start);
        put_str(w, e);
        start = i + 1;
    }
    put(w, s + start, n - start);
}

void
dc_xw_attr(struct dc_xw *w, const char *name, const char *value)
{
    if (!w->in_tag) {
        fail(w, "dc_xw_attr (no start tag open)");
        return;
    }
    PUT_LIT(w, " ");
    put_str(w, name);
    PUT_LIT(w, "=\"");
    put_escaped(w, value, strlen(value), 1);
    PUT_LIT(w, "\"");
}

/* decimal digits of v into the end of buf[0..32); returns the first */
static char *
format_long(char *end, long v)
{
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    char *p = end;
    *--p = '\0';
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    return p;
}

void
dc_xw_attr_int(struct dc_xw *w, const char *name, long value)
{
    char tmp[32];
    dc_xw_attr(w, name, format_long(tmp + sizeof tmp, value));
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

/* character data; "" writes nothing (not even the start tag's '>'), as
 * with the text writer */
static void
put_text(struct dc_xw *w, const char *s, size_t n)
{
    if (n == 0)
        return;
    close_tag(w);
    put_escaped(w, s, n, 0);
}

void
dc_xw_text(struct dc_xw *w, const char *s, size_t n, int line)
{
    size_t start = 0, i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch < 0x80) { /* printable ASCII: always allowed */
            i++;
            continue;
        }
        uint32_t cp = 0;
        int len = dc_utf8_decode(s + i, n - i, &cp);
        if (len > 0 && dc_xml_char_ok(cp)) {
            i += (size_t)len;
            continue;
        }
        put_text(w, s + start, i - start);
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
        put_text(w, "\xEF\xBF\xBD", 3);
        w->replaced++;
        i += len > 0 ? (size_t)len : 1;
        start = i;
    }
    put_text(w, s + start, i - start);
}

void
dc_xw_str(struct dc_xw *w, const char *s)
{
    put_text(w, s, strlen(s));
}

int
dc_xw_replaced(const struct dc_xw *w)
{
    return w->replaced;
}

enum dc_status
dc_xw_finish(struct dc_xw *w)
{
    while (w->depth > 0)
        dc_xw_end(w);
    PUT_LIT(w, "\n"); /* xmlTextWriterEndDocument's */
    flush(w);
    if (w->out) {
        /* flushes what libxml2 still buffers; < 0 when a write failed */
        if (xmlOutputBufferClose(w->out) < 0)
            fail(w, "xmlOutputBufferClose");
        w->out = NULL;
    }
    if (w->failed) {
        const xmlError *e = xmlGetLastError();
        dc_diag_report(w->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxml2: %s failed: %s"), w->failed,
                       e && e->message ? e->message : _("unknown error"));
        return DC_ERR_LIB;
    }
    return DC_OK;
}
