/* Model -> display list.  Knows pages, fonts and metrics; nothing of
 * libharu.  Also hands the DOCX writer the decisions it must share with the
 * PDF (column widths, landscape sections, header rows, TOC page numbers). */
#ifndef DC_LAYOUT_H
#define DC_LAYOUT_H

#include "displaylist.h"
#include "model.h"

/* Where the PDF turns a page inside a table: the row the new page starts
 * with (model order, counting header rows), and the header rows it repeats
 * there (hs..he; hs < 0: none). */
struct dc_table_break {
    int row;
    int hs, he;
};

/* Decisions for one table node, in model order. */
struct dc_table_decision {
    const struct dc_node *table;
    int landscape;          /* set on landscape pages / a landscape section */
    int ncols;
    int32_t col_width[DC_MAX_COLS]; /* millipoints; sum = table width */
    int nheader;            /* rows repeated at the top of every page */
    int32_t font_size;      /* body type size actually used (millipoints) */
    int first_page;         /* printed page number where the table starts */
    int nrows;              /* the table's rows, in model order */
    const int32_t *row_height; /* millipoints each row takes (a row under a
                                  vertical merge included); XLSX sets them */
    int32_t pad_y;          /* above and below a cell's text (millipoints) */
    int nbreaks;            /* pages the table goes on to, each starting
                               with a whole row (a row split inside is not
                               listed) */
    const struct dc_table_break *breaks;
    const char *cont_label; /* over each continuation: 续表N, or the
                               form's name with （续） */
    int col_scale[DC_MAX_COLS]; /* the decimals an amount column's figures
                                   line up to (a figure with fewer stands
                                   in from the right) */
};

/* One entry of the 目录 with its printed page number. */
struct dc_toc_entry {
    int level; /* 0 = part, 1 = table or first-level section */
    const char *text;
    const struct dc_node *target;
    int page;  /* printed page number */
};

/* The DOCX's text styles whose character spacing page.xml gives
 * (docx-tracking on body, heading1..3 and signature). */
enum dc_docx_track {
    DC_TRACK_BODY,
    DC_TRACK_H1, /* 一、 */
    DC_TRACK_H2, /* （一） */
    DC_TRACK_H3, /* （1） */
    DC_TRACK_SIGNATURE,
    DC_TRACK_COUNT
};

struct dc_layout_decisions {
    struct dc_arena arena;
    struct dc_table_decision *tables;
    int ntables;
    struct dc_toc_entry *toc;
    int ntoc;
    int32_t page_w, page_h;            /* portrait A4, millipoints */
    int32_t margin_top, margin_bottom, margin_left, margin_right;
    int32_t docx_tracking[DC_TRACK_COUNT]; /* millipoints between characters
                                              in Word (page.xml's
                                              docx-tracking) */
};

/* Lays the document out with the fonts behind `m` and the page style of
 * layouts/page.xml.  On DC_OK, *display and *dec belong to the caller
 * (dc_display_free, dc_layout_decisions_free).  Missing glyphs, overfull
 * cells and the like are reported to `diag` with their source line. */
enum dc_status dc_layout_run(const struct dc_doc *doc,
                             const struct dc_metrics *m, struct dc_diag *diag,
                             struct dc_display **display,
                             struct dc_layout_decisions **dec);
void dc_layout_decisions_free(struct dc_layout_decisions *dec);
/* The decision for a table node, or NULL (`dec` may be NULL).  Inline, so
 * that the DOCX and XLSX writers read decisions without linking dc_layout. */
static inline const struct dc_table_decision *
dc_layout_table_decision(const struct dc_layout_decisions *dec,
                         const struct dc_node *table)
{
    for (int i = 0; dec && i < dec->ntables; i++)
        if (dec->tables[i].table == table)
            return &dec->tables[i];
    return NULL;
}

#endif
