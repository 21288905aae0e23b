/* Model + layout decisions -> a spreadsheet (.xlsx) of the document's tables,
 * written with libxlsxwriter: one worksheet per table (表1 … 表11) and per
 * performance form, in document order; values only, no formulas. */
#ifndef DC_XLSX_H
#define DC_XLSX_H

#include "layout.h"
#include "model.h"

struct dc_fontmap;

/* The workbook's bytes, appended to `out`.  Column widths, row heights,
 * orientation and the header rows come from `dec`; the font names from the
 * Word names of `map` (宋体 and 黑体 when `map` is NULL or names none).  The
 * same input gives the same bytes: the workbook's dates are the document's
 * signature date, never the clock. */
enum dc_status dc_xlsx_build(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const struct dc_fontmap *map, struct dc_buf *out,
                             struct dc_diag *diag);

#endif
