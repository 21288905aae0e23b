/* The parser's messages: one id each, its severity and its text (a message
 * id for gettext), so they can be translated, tested and looked up. */
#include "parse.h"

#include "i18n.h"

#include <stdarg.h>

static const struct dc_parse_msg_info msgs[DC_PMSG_COUNT] = {
    [DC_PMSG_BAD_UTF8] = {"bad-utf8", DC_SEV_ERROR,
                          N_("invalid UTF-8 byte sequence (the source must "
                             "be UTF-8 text)")},
    [DC_PMSG_NUL_BYTE] = {"nul-byte", DC_SEV_ERROR,
                          N_("NUL byte: this is binary data, not a text "
                             "source")},
    [DC_PMSG_CONTROL_CHAR] = {"control-char", DC_SEV_ERROR,
                              N_("control character that no document can "
                                 "carry")},
    [DC_PMSG_MORE_BAD_LINES] = {"more-bad-lines", DC_SEV_ERROR,
                                N_("%d more lines with invalid bytes not "
                                   "shown")},
    [DC_PMSG_DEPT_OUTSIDE] = {"dept-outside-table", DC_SEV_WARNING,
                              N_("编制部门 line outside a table; kept as a "
                                 "paragraph")},
    [DC_PMSG_CELLS_OUTSIDE] = {"cells-outside-table", DC_SEV_WARNING,
                               N_("table cells outside any 表N table or form; "
                                  "kept as paragraphs")},
    [DC_PMSG_NO_DISCLOSURE] = {"no-disclosure", DC_SEV_ERROR,
                               N_("no budget disclosure found: no part titles "
                                  "(第一部分 …) and no tables (表1 …)")},
    [DC_PMSG_CUT_OFF] = {"cut-off", DC_SEV_ERROR,
                         N_("the document ends here without its signature "
                            "and lacks %s: it looks cut off")},
    [DC_PMSG_MISSING_TABLES] = {"missing-tables", DC_SEV_WARNING,
                                N_("the document has no %s")},
    [DC_PMSG_NO_SIGNATURE] = {"no-signature", DC_SEV_WARNING,
                              N_("no signature (department and date) at the "
                                 "end")},
    [DC_PMSG_BLANK_FILE] = {"blank-file", DC_SEV_ERROR,
                            N_("the file holds only blank lines: no "
                               "disclosure to read")},
    [DC_PMSG_EMPTY_FILE] = {"empty-file", DC_SEV_ERROR,
                            N_("empty file: no disclosure to read")},
    [DC_PMSG_INTERNAL] = {"internal", DC_SEV_ERROR,
                          N_("internal error: the document tree is "
                             "inconsistent")},
    [DC_PMSG_CANNOT_READ] = {"cannot-read", DC_SEV_ERROR,
                             N_("cannot read: %s")},
    [DC_PMSG_NOT_REGULAR] = {"not-regular-file", DC_SEV_ERROR,
                             N_("cannot read: %s, not a regular file")},
    [DC_PMSG_TOO_BIG] = {"too-big", DC_SEV_ERROR,
                         N_("%lld bytes, more than the limit of %zu "
                            "(--max-size)")},
    [DC_PMSG_TOO_BIG_STREAM] = {"too-big-stream", DC_SEV_ERROR,
                                N_("more than the limit of %zu bytes "
                                   "(--max-size)")},
    [DC_PMSG_TOO_BIG_TO_PARSE] = {"too-big-to-parse", DC_SEV_ERROR,
                                  N_("%zu bytes, more than the parser can "
                                     "index (%zu)")},
    [DC_PMSG_SHORT_HEADER_ROW] = {"short-header-row", DC_SEV_WARNING,
                                  N_("%s header row %d has %d of its %d "
                                     "cells; the rest are left empty")},
    [DC_PMSG_SHORT_ROW] = {"short-row", DC_SEV_WARNING,
                           N_("%s row has %d of its %d cells; the rest are "
                              "left empty")},
    [DC_PMSG_TITLE_OF_OTHER] = {"title-of-other-table", DC_SEV_WARNING,
                                N_("表%d has the title of 表%d (%s); laid out "
                                   "as 表%d")},
    [DC_PMSG_UNKNOWN_TITLE] = {"unknown-title", DC_SEV_WARNING,
                               N_("表%d title \"%s\" is not one the layouts "
                                  "know; using the layout of 表%d (%s)")},
    [DC_PMSG_NO_LAYOUT] = {"no-layout", DC_SEV_ERROR,
                           N_("no layout describes 表%d \"%s\": add one to "
                              "%s")},
    [DC_PMSG_HEADER_STARTS_LATE] = {"header-starts-late", DC_SEV_NOTE,
                                    N_("%s starts its header at row %d of %s "
                                       "(the rows above it are not in the "
                                       "source)")},
    [DC_PMSG_WIDE_ROW] = {"wide-row", DC_SEV_ERROR,
                          N_("%s row starting at line %d has %d cells, but "
                             "its layout (%s) allows %d")},
    [DC_PMSG_TABLE_TWICE] = {"table-twice", DC_SEV_WARNING,
                             N_("表%d appears a second time")},
    [DC_PMSG_CUT_HEADER] = {"cut-off-header", DC_SEV_ERROR,
                            N_("%s has not even its header rows: the table "
                               "is cut off")},
    [DC_PMSG_NO_BODY_ROWS] = {"no-body-rows", DC_SEV_WARNING,
                              N_("%s has no body rows")},
    [DC_PMSG_EMPTY_FORM] = {"empty-form", DC_SEV_WARNING,
                            N_("form \"%s\" has no rows")},
    [DC_PMSG_FORM_ROW] = {"form-row-fits-no-pattern", DC_SEV_ERROR,
                          N_("a row of %d cells fits no row of the form "
                             "\"%s\" (%s)")},
    [DC_PMSG_SECOND_SUBTITLE] = {"second-subtitle", DC_SEV_WARNING,
                                 N_("second subtitle in form \"%s\" ignored: "
                                    "%s")},
};

const struct dc_parse_msg_info *
dc_parse_msg(enum dc_parse_msg id)
{
    return id >= 0 && id < DC_PMSG_COUNT ? &msgs[id] : NULL;
}

void
dc_parse_report(struct dc_diag *d, const char *file, int line, int col,
                enum dc_parse_msg id, ...)
{
    va_list ap;
    va_start(ap, id);
    dc_diag_vreport(d, file, line, col, msgs[id].sev, _(msgs[id].text), ap);
    va_end(ap);
}
