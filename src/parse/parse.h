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

/* Reads and parses a regular file of at most `max` bytes (0 = no limit;
 * DC_MAX_SOURCE_DEFAULT is the command line's default).  Returns NULL, with
 * a message in `diag`, only when the file cannot be read, is not a regular
 * file (a FIFO or a device is refused at once) or is too large. */
struct dc_doc *dc_parse_file(const char *path, size_t max,
                             const struct dc_tabledefs *defs,
                             struct dc_diag *diag);
/* The same from an open descriptor (standard input: a pipe is read up to
 * `max` bytes); `name` is what messages call it. */
struct dc_doc *dc_parse_fd(int fd, const char *name, size_t max,
                           const struct dc_tabledefs *defs,
                           struct dc_diag *diag);

/* The parser's messages, each with an id (as `disclose check` has rule
 * ids), so they can be translated (po/) and tested by id. */
enum dc_parse_msg {
    DC_PMSG_BAD_UTF8,
    DC_PMSG_NUL_BYTE,
    DC_PMSG_CONTROL_CHAR,
    DC_PMSG_MORE_BAD_LINES,
    DC_PMSG_DEPT_OUTSIDE,
    DC_PMSG_CELLS_OUTSIDE,
    DC_PMSG_NO_DISCLOSURE,
    DC_PMSG_CUT_OFF,
    DC_PMSG_MISSING_TABLES,
    DC_PMSG_NO_SIGNATURE,
    DC_PMSG_BLANK_FILE,
    DC_PMSG_EMPTY_FILE,
    DC_PMSG_INTERNAL,
    DC_PMSG_CANNOT_READ,
    DC_PMSG_SHORT_HEADER_ROW,
    DC_PMSG_SHORT_ROW,
    DC_PMSG_TITLE_OF_OTHER,
    DC_PMSG_UNKNOWN_TITLE,
    DC_PMSG_NO_LAYOUT,
    DC_PMSG_HEADER_STARTS_LATE,
    DC_PMSG_WIDE_ROW,
    DC_PMSG_TABLE_TWICE,
    DC_PMSG_CUT_HEADER,
    DC_PMSG_NO_BODY_ROWS,
    DC_PMSG_EMPTY_FORM,
    DC_PMSG_FORM_ROW,
    DC_PMSG_SECOND_SUBTITLE,
    DC_PMSG_NOT_REGULAR,
    DC_PMSG_TOO_BIG,
    DC_PMSG_TOO_BIG_STREAM,
    DC_PMSG_TOO_BIG_TO_PARSE,
    DC_PMSG_COUNT
};

struct dc_parse_msg_info {
    const char *name;      /* "cut-off", stable */
    enum dc_severity sev;
    const char *text;      /* printf format, an English message id (N_) */
};

/* The message `id`, or NULL when there is none. */
const struct dc_parse_msg_info *dc_parse_msg(enum dc_parse_msg id);
/* Reports message `id` (its severity, its text in the reader's language)
 * with the arguments its format takes. */
void dc_parse_report(struct dc_diag *d, const char *file, int line, int col,
                     enum dc_parse_msg id, ...);

#endif
