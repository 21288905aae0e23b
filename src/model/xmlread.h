/* Reads the project's own XML data files (layouts/, fonts/) the one safe
 * way: libxml2 without network access, entity substitution or DTD loading,
 * a DOCTYPE refused, every failure reported as "file:line:col: error: …". */
#ifndef DC_XMLREAD_H
#define DC_XMLREAD_H

#include "core.h"

#include <libxml/tree.h>

/* The largest XML data file read (layouts, font maps, manifest, archive
 * index): far above any real one, far below what would exhaust memory. */
#define DC_XML_MAX ((size_t)64 << 20)

/* `path` must be a regular file of at most DC_XML_MAX bytes (a FIFO or a
 * device is refused at once).  On DC_OK, *out is the parsed document (free with xmlFreeDoc).  Otherwise
 * *out is NULL and a message names the file as "a <what>" (what and todo
 * are marked with N_() and translated here): DC_ERR_IO when
 * it cannot be read ("cannot read the font map: No such file or directory;
 * <todo>", todo saying what the user can do) or is not well-formed ("not a
 * well-formed layout file: …"), DC_ERR_INPUT when it has a DOCTYPE,
 * DC_ERR_LIB when libxml2 fails. */
/* Reports, as one line naming `path`, that the `what` cannot be read (by
 * errno: missing, not allowed, other) and what to do (`todo`). */
void dc_xml_unreadable(struct dc_diag *diag, const char *path,
                       const char *what, const char *todo);

enum dc_status dc_xml_read(const char *path, const char *what,
                           const char *todo, struct dc_diag *diag,
                           xmlDocPtr *out);

#endif
