/* Inside cli/: the pieces of `disclose batch` shared with verify. */
#ifndef DC_BATCH_INT_H
#define DC_BATCH_INT_H

#include "core.h"
#include "hash.h"

/* Files one published PDF into the archive `dir` as
 * dir/<year>/<department>.pdf (a re-issue with other bytes becomes
 * <department>.r2.pdf, .r3.pdf … and the index dir/archive.xml marks it
 * current).  Never overwrites a file.  *stored receives the archive path
 * (caller frees) or NULL when the same bytes were already archived.
 * `xlsx` (NULL for none), the workbook of the same render with its hash
 * `xlsx_sha`, is kept beside the PDF as <department>[.rN].xlsx in the same
 * entry of the index. */
enum dc_status dc_archive_store(const char *dir, int year,
                                const char *department, const char *pdf,
                                const char sha[DC_SHA256_HEX],
                                const char *xlsx, const char *xlsx_sha,
                                const char *stem, char **stored,
                                struct dc_diag *diag);

/* mkdir -p; DC_ERR_IO with a message when a part cannot be made. */
enum dc_status dc_mkdirs(const char *path, struct dc_diag *diag);

#endif
