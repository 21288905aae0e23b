/* The PDF backend: paints a display list with libharu 2.3.0 into an
 * archival PDF/A-1b file with embedded, subset CJK fonts.  Decides nothing
 * about layout; supplies the layout engine with the metrics of the very
 * fonts it will embed.  A writer loads its fonts once and writes one
 * document after another; one writer per thread. */
#ifndef DC_PDF_H
#define DC_PDF_H

#include "displaylist.h"
#include "fontmap.h"

struct dc_pdf;

/* Opens a writer and loads, for every font role, the first readable file
 * the font map lists.  Returns NULL, with the reasons reported to `diag`
 * ("fontmap.xml:12: error: …" or "libharu: …"), when a role has no usable
 * font.  `map` is borrowed and must outlive the writer. */
struct dc_pdf *dc_pdf_new(const struct dc_fontmap *map, struct dc_diag *diag);
void dc_pdf_free(struct dc_pdf *p); /* NULL does nothing */

/* The creation date written for a display list without a date (a source
 * without a signature): `epoch`, seconds since 1970 (the command passes
 * $SOURCE_DATE_EPOCH), as that day in China Standard Time; -1, the
 * default: no date at all.  Never the clock. */
void dc_pdf_set_default_date(struct dc_pdf *p, long long epoch);

/* `on`: everything on the calling thread (a batch worker, where -j N is
 * N processes); else writing a document takes a second thread for the
 * font programs and the /ID while the pages are painted.  The bytes are
 * the same either way. */
void dc_pdf_set_one_thread(struct dc_pdf *p, int on);

/* Advance widths and vertical metrics of the loaded fonts, for the layout
 * engine; valid while `p` lives.  Asking does not embed any glyph. */
const struct dc_metrics *dc_pdf_metrics(struct dc_pdf *p);

/* Paints every page, bookmark and the document information of `d` and
 * writes `path` as PDF/A-1b through a temporary file in the same folder,
 * renamed on success (a failure leaves nothing behind).  Same display list
 * and fonts, same bytes: no clock is read, and a writer that wrote other
 * documents before writes the same bytes as a new one.
 * Returns DC_ERR_LIB (libharu failed; its error and detail numbers are in
 * the message), DC_ERR_IO (the file could not be written) or DC_ERR_INPUT
 * (the display list is unusable), each reported to `diag`. */
enum dc_status dc_pdf_write(struct dc_pdf *p, const struct dc_display *d,
                            const char *path, struct dc_diag *diag);
/* The same, staged into `commit` (renamed into place with the set's other
 * files by dc_commit_apply()). */
enum dc_status dc_pdf_stage(struct dc_pdf *p, const struct dc_display *d,
                            const char *path, struct dc_commit *commit,
                            struct dc_diag *diag);
/* The same into memory: *data (caller frees) and *len (the fuzz target). */
enum dc_status dc_pdf_render(struct dc_pdf *p, const struct dc_display *d,
                             unsigned char **data, size_t *len,
                             struct dc_diag *diag);

/* Frees what libharu built for the last document written (its pages,
 * their resources, the cross-reference table: at 100x the sample some 24
 * MB), which would otherwise live until the next document begins, through
 * the render's other outputs and a batch's next source; the fonts stay
 * loaded.  The next document's bytes are the same either way. */
void dc_pdf_end(struct dc_pdf *p);

/* The sRGB ICC profile used for the PDF/A OutputIntent, dc_data_path(
 * DC_DATA_ICC): $DISCLOSE_ICC, else the first of Debian's icc-profiles-free /
 * colord copies that exists; NULL when none does. */
const char *dc_pdf_icc_path(void);

#endif
