/* Small documents built by hand for the DOCX tests: they exercise every
 * block type, merged header cells (gridSpan, vMerge), a landscape table, a
 * form, soft breaks and text that needs escaping, without the parser or the
 * layout engine. */
#ifndef DC_TEST_SYNTH_H
#define DC_TEST_SYNTH_H

#include "docx.h"

/* A document with parts, headings, paragraphs, 表1 (portrait), 表2
 * (landscape), a performance form and the signature.  Free with
 * dc_doc_free(). */
struct dc_doc *dc_synth_doc(void);

/* Layout decisions for dc_synth_doc(): column widths (some not multiples
 * of 50 millipoints), orientation, header rows, 目录 entries with pages.
 * Free with dc_synth_decisions_free(). */
struct dc_layout_decisions *dc_synth_decisions(const struct dc_doc *doc);
void dc_synth_decisions_free(struct dc_layout_decisions *dec);

#endif
