#include "xmlread.h"
#include "i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

void
dc_xml_unreadable(struct dc_diag *diag, const char *path, const char *what,
                  const char *todo)
{
    /* our own words, not strerror(): in Chinese, glibc's would come out as
     * question marks under the C character set we keep */
    const char *fmt = errno == ENOENT || errno == ENOTDIR
                          ? _("the %s is missing; %s")
                      : errno == EACCES || errno == EPERM
                          ? _("the %s may not be read (permission denied); %s")
                          : _("cannot read the %s; %s");
    dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR, fmt, _(what), _(todo));
}

enum dc_status
dc_xml_read(const char *path, const char *what, const char *todo,
            struct dc_diag *diag, xmlDocPtr *out)
{
    *out = NULL;
    /* read here, not by libxml2, so that a missing file is one line that
     * says so (libxml2 prints an I/O warning of its own) */
    char *text = NULL;
    size_t len = 0;
    /* a regular file of bounded size: a FIFO or /dev/zero is refused
     * before anything would wait on it or read it forever */
    if (dc_check_regular(path, DC_XML_MAX, NULL) == DC_ERR_INPUT) {
        dc_check_regular(path, DC_XML_MAX, diag); /* says which */
        return DC_ERR_IO;
    }
    if (dc_read_file(path, DC_XML_MAX, &text, &len, NULL) != DC_OK) {
        dc_xml_unreadable(diag, path, what, todo);
        return DC_ERR_IO;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(text);
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("libxml2: xmlNewParserCtxt failed"));
        return DC_ERR_LIB;
    }
    enum dc_status st = DC_OK;
    /* no network, no entity substitution, no DTD loading */
    xmlDocPtr x = xmlCtxtReadMemory(ctxt, text, len > INT_MAX ? INT_MAX
                                                              : (int)len,
                                    path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                        XML_PARSE_NOWARNING);
    free(text);
    if (!x) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[512];
        snprintf(msg, sizeof msg, "%s",
                 e && e->message ? e->message : _("cannot be read"));
        size_t l = strlen(msg); /* libxml2's messages end in a newline */
        while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
            msg[--l] = '\0';
        dc_diag_report(diag, path, e ? e->line : 0, e ? e->int2 : 0,
                       DC_SEV_ERROR, _("not a well-formed %s: %s"), what, msg);
        st = DC_ERR_IO;
    } else if (x->intSubset || x->extSubset) {
        dc_diag_report(diag, path, 1, 1, DC_SEV_ERROR,
                       _("a %s may not have a DOCTYPE"), what);
        xmlFreeDoc(x);
        x = NULL;
        st = DC_ERR_INPUT;
    }
    xmlFreeParserCtxt(ctxt);
    *out = x;
    return st;
}
