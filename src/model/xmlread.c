#include "xmlread.h"

#include <string.h>

#include <libxml/parser.h>

enum dc_status
dc_xml_read(const char *path, const char *what, struct dc_diag *diag,
            xmlDocPtr *out)
{
    *out = NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       "libxml2: xmlNewParserCtxt failed");
        return DC_ERR_LIB;
    }
    enum dc_status st = DC_OK;
    /* no network, no entity substitution, no DTD loading */
    xmlDocPtr x = xmlCtxtReadFile(ctxt, path, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!x) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[512];
        snprintf(msg, sizeof msg, "%s",
                 e && e->message ? e->message : "cannot be read");
        size_t l = strlen(msg); /* libxml2's messages end in a newline */
        while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
            msg[--l] = '\0';
        dc_diag_report(diag, path, e ? e->line : 0, e ? e->int2 : 0,
                       DC_SEV_ERROR, "not a well-formed %s: %s", what, msg);
        st = DC_ERR_IO;
    } else if (x->intSubset || x->extSubset) {
        dc_diag_report(diag, path, 1, 1, DC_SEV_ERROR,
                       "a %s may not have a DOCTYPE", what);
        xmlFreeDoc(x);
        x = NULL;
        st = DC_ERR_INPUT;
    }
    xmlFreeParserCtxt(ctxt);
    *out = x;
    return st;
}
