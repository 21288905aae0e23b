/* Model + layout decisions -> a spreadsheet (.xlsx) of the document's tables,
 * written with libxlsxwriter: one worksheet per table (表1 … 表11) and per
 * performance form, in document order; values only, no formulas. */
#ifndef DC_XLSX_H
#define DC_XLSX_H

#include "layout.h"
#include "model.h"

struct dc_fontmap;

/* The workbook, staged as `path` in `commit` (written to the temporary
 * beside `path` the set makes).  Column widths, row heights, orientation
 * and the header rows come from `dec`; the font names from the Word names
 * of `map` (宋体 and 黑体 when `map` is NULL or names none).  The same input
 * gives the same bytes: the workbook's dates are the document's signature
 * date, never the clock.  libxlsxwriter's own temporary files (one per
 * sheet and per part) go to the first of dc_tmp_dirs(tmp) they fit in: a
 * memory-backed folder that fills up is left for /tmp with a warning;
 * $TMPDIR full or unusable is an error. */
enum dc_status dc_xlsx_stage(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const struct dc_fontmap *map,
                             const struct dc_tmp_env *tmp, const char *path,
                             struct dc_commit *commit, struct dc_diag *diag);

#endif
