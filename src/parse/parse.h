/* Text source -> model.  Knows the flattened format and nothing of pages. */
#ifndef DC_PARSE_H
#define DC_PARSE_H

#include "model.h"

/* Parses `len` bytes of `data`.  Always returns a document (possibly partial,
 * never NULL); every problem goes to `diag` as "name:line:col: severity: …".
 * The caller treats diag->nerrors > 0 as unusable input (exit status 2). */
struct dc_doc *dc_parse_buffer(const char *name, const char *data, size_t len,
                               const struct dc_tabledefs *defs,
                               struct dc_diag *diag);

/* Reads and parses a file.  Returns NULL, with a message in `diag`, only when
 * the file cannot be read. */
struct dc_doc *dc_parse_file(const char *path, const struct dc_tabledefs *defs,
                             struct dc_diag *diag);

#endif
