/* Inside the XLSX writer: the workbook context, the format cache and the
 * helpers the unit tests call. */
#ifndef DC_XLSX_INT_H
#define DC_XLSX_INT_H

#include <xlsxwriter.h>

#include "xlsx.h"

/* What distinguishes one cell format from another; formats are made once
 * per distinct key and shared by every cell that needs it. */
struct dc_xlsx_style {
    int hei;  /* 黑体 (titles, headers, totals), else 宋体 */
    int size; /* type size, tenths of a point */
    int bold;
    int align;  /* LXW_ALIGN_* */
    int indent; /* indent level (names by classification level) */
    int border; /* thin rules around the cell */
    int wrap;
    int text;        /* number format "@": a code stays text */
    char numfmt[24]; /* "0", "0.0", "#,##0.00"; "" = General */
};

#define DC_XLSX_MAX_FORMATS 128

struct dc_xlsx {
    const struct dc_doc *doc;
    const struct dc_layout_decisions *dec;
    struct dc_diag *diag;
    lxw_workbook *wb;
    const char *font_song, *font_hei;
    int nfmt;
    struct dc_xlsx_style keys[DC_XLSX_MAX_FORMATS];
    lxw_format *fmts[DC_XLSX_MAX_FORMATS];
    int nsheet;    /* worksheets so far */
    int nproject;  /* 项目支出绩效目标表 so far */
    lxw_error err; /* first libxlsxwriter error */
    const char *err_call;
};

/* The shared format for `key` (made on first use). */
lxw_format *dc_xlsx_format(struct dc_xlsx *x, const struct dc_xlsx_style *key);

/* The number format that shows `d` with the decimals its source text shows:
 * "0" for 90411, "0.0" for 79.5, "#,##0.00" for "1,234.50". */
void dc_xlsx_numfmt(const char *text, struct dc_decimal d, char *out,
                    size_t outsz);
/* The value of `d` as the double nearest to it, or 0 with *ok = 0 when it
 * has more significant digits than a spreadsheet number keeps (15). */
double dc_xlsx_number(struct dc_decimal d, int *ok);

/* A worksheet name for a table: "表3"; for forms the title, or
 * "项目N <project name>" for the N-th 项目支出绩效目标表; at most 31
 * characters, none of []:*?/\ (replaced by _). */
void dc_xlsx_sheet_name(const struct dc_node *table, int project_number,
                        struct dc_buf *out);

/* Remembers the first failure of a libxlsxwriter call; returns err. */
lxw_error dc_xlsx_check(struct dc_xlsx *x, lxw_error err, const char *call);

/* One worksheet holding `table`. */
void dc_xlsx_write_table(struct dc_xlsx *x, const struct dc_node *table);

#endif
