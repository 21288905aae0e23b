/* Model + layout decisions -> OOXML .docx (libzip + libxml2). */
#ifndef DC_DOCX_H
#define DC_DOCX_H

#include "layout.h"
#include "model.h"

/* Writes `path` (with dc_write_file_atomic: a failure leaves nothing
 * behind).  Same input, same bytes. */
enum dc_status dc_docx_write(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const char *path, struct dc_diag *diag);

struct dc_fontmap;
/* Builds the package with the Word font names (w:eastAsia, w:ascii) of
 * `map` and stages it as `path` in `commit` (renamed into place with the
 * set's other files by dc_commit_apply()); libzip writes it straight into
 * the set's temporary file.  After a failure that file may be partial: the
 * set is dropped (dc_commit_free), not applied.  dc_docx_write() reads the font
 * map dc_fontmap_default_path() names, and uses built-in names (宋体, 黑体,
 * 楷体, Times New Roman) when it cannot. */
enum dc_status dc_docx_stage(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const struct dc_fontmap *map, const char *path,
                             struct dc_commit *commit, struct dc_diag *diag);

#endif
