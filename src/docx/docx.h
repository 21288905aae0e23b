/* Model + layout decisions -> OOXML .docx (libzip + libxml2). */
#ifndef DC_DOCX_H
#define DC_DOCX_H

#include "layout.h"
#include "model.h"

/* Writes `path` (through a temporary file renamed on success, so a failure
 * leaves nothing behind).  Same input, same bytes. */
enum dc_status dc_docx_write(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const char *path, struct dc_diag *diag);

#endif
