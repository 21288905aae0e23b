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

#define DC_TOC_BREAKS 4

/* One entry of the 目录 with its printed page number. */
struct dc_toc_entry {
    int level; /* 0 = part, 1 = table or first-level section */
    const char *text;
    const struct dc_node *target;
    int page;  /* printed page number */
    int nbrk;  /* where the PDF's 目录 starts a new line of the entry: */
    int brk[DC_TOC_BREAKS]; /* byte offsets in text (the DOCX breaks there) */
};

/* ---- page and type style (layouts/page.xml) ---- */

enum dc_align { DC_ALIGN_LEFT, DC_ALIGN_CENTER, DC_ALIGN_RIGHT,
                DC_ALIGN_JUSTIFY };

/* One paragraph style.  Lengths in millipoints. */
struct dc_tstyle {
    int font;        /* enum dc_font_role */
    int32_t size;    /* type size */
    int32_t leading; /* baseline to baseline */
    int32_t before, after; /* space above and below */
    int indent;      /* first-line indent, in characters of `size` */
    int align;       /* enum dc_align */
    int32_t tracking; /* space added between characters (negative: the
                         GB/T 9704 grid of 28 三号 to the 156 mm line) */
    int32_t docx_tracking; /* the same in the DOCX (docx-tracking; without
                              it, `tracking`) */
};

enum dc_style_id {
    DC_ST_COVER_DEPT, DC_ST_COVER_TITLE, DC_ST_COVER_DATE,
    DC_ST_TOC_TITLE, DC_ST_TOC_PART, DC_ST_TOC_ENTRY,
    DC_ST_PART, DC_ST_H1, DC_ST_H2, DC_ST_H3, DC_ST_BODY,
    DC_ST_SIGNATURE, DC_ST_FOLIO,
    DC_ST_TABLE_LABEL, DC_ST_TABLE_TITLE, DC_ST_TABLE_SUBTITLE,
    DC_ST_TABLE_CAPTION,
    DC_ST_COUNT
};

/* The built-in paragraph styles (GB/T 9704, the values layouts/page.xml
 * ships): what page.xml overrides, and the DOCX's styles without a layout.
 * Inline, so that the DOCX writer needs no dc_layout.  Sizes in tenths of
 * a point as page.xml has them. */
static inline void
dc_tstyle_set(struct dc_tstyle *s, int font, int size, int leading,
              int before, int after, int indent, int align)
{
    *s = (struct dc_tstyle){font, size * 100, leading * 100, before * 100,
                            after * 100, indent, align, 0, 0};
}

/* the built-in <table leading> */
#define DC_TABLE_LEADING 125

static inline void
dc_tstyle_defaults(struct dc_tstyle *s)
{
    dc_tstyle_set(&s[DC_ST_COVER_DEPT], DC_FONT_TITLE, 220, 400, 1800, 0, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_COVER_TITLE], DC_FONT_TITLE, 260, 450, 300, 0, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_COVER_DATE], DC_FONT_SONG, 160, 289, 2400, 0, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_TOC_TITLE], DC_FONT_HEI, 220, 400, 0, 200, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_TOC_PART], DC_FONT_HEI, 140, 250, 40, 0, 0,
                  DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_TOC_ENTRY], DC_FONT_SONG, 140, 240, 0, 0, 2,
                  DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_PART], DC_FONT_TITLE, 220, 400, 0, 290, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_H1], DC_FONT_HEI, 160, 289, 0, 0, 2, DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_H2], DC_FONT_KAI, 160, 289, 0, 0, 2, DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_H3], DC_FONT_SONG, 160, 289, 0, 0, 2,
                  DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_BODY], DC_FONT_SONG, 160, 289, 0, 0, 2,
                  DC_ALIGN_JUSTIFY);
    dc_tstyle_set(&s[DC_ST_SIGNATURE], DC_FONT_SONG, 160, 289, 580, 0, 4,
                  DC_ALIGN_RIGHT);
    dc_tstyle_set(&s[DC_ST_FOLIO], DC_FONT_SONG, 140, 140, 0, 0, 1,
                  DC_ALIGN_RIGHT);
    dc_tstyle_set(&s[DC_ST_TABLE_LABEL], DC_FONT_HEI, 120, 200, 0, 0, 0,
                  DC_ALIGN_LEFT);
    dc_tstyle_set(&s[DC_ST_TABLE_TITLE], DC_FONT_HEI, 180, 300, 40, 40, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_TABLE_SUBTITLE], DC_FONT_SONG, 120, 200, 0, 40, 0,
                  DC_ALIGN_CENTER);
    dc_tstyle_set(&s[DC_ST_TABLE_CAPTION], DC_FONT_SONG, 105, 180, 0, 0, 0,
                  DC_ALIGN_LEFT);
}

struct dc_layout_decisions {
    struct dc_arena arena;
    struct dc_table_decision *tables;
    int ntables;
    struct dc_toc_entry *toc;
    int ntoc;
    int32_t page_w, page_h;            /* portrait A4, millipoints */
    int32_t margin_top, margin_bottom, margin_left, margin_right;
    /* page.xml's paragraph styles, which the DOCX's styles take too */
    struct dc_tstyle style[DC_ST_COUNT];
    int cell_leading; /* page.xml's <table leading>: a cell's line, percent
                         of its type size */
    int32_t cell_pad_x, cell_pad_y; /* page.xml's <table pad-x pad-y> */
    int32_t folio_gap;                /* page.xml's <folio gap>: text block
                                         bottom to the folio's top */
};

/* Lays the document out with the fonts behind `m` and the page style of
 * layouts/page.xml.  On DC_OK, *display and *dec belong to the caller
 * (dc_display_free, dc_layout_decisions_free).  Missing glyphs, overfull
 * cells and the like are reported to `diag` with their source line. */
enum dc_status dc_layout_run(const struct dc_doc *doc,
                             const struct dc_metrics *m, struct dc_diag *diag,
                             struct dc_display **display,
                             struct dc_layout_decisions **dec);
/* What the layout does with a page once it is finished (issue 12: memory
 * proportional to the source). */
struct dc_layout_opts {
    enum dc_display_pages pages; /* kept, spilled or dropped
                                    (displaylist.h) */
    const char *scratch_dir;     /* where DC_PAGES_SPILL's file goes; NULL:
                                    the system's temporary folder */
    size_t spill_budget;         /* bytes of pages DC_PAGES_SPILL holds in
                                    memory before it makes the file; 0:
                                    DC_SPILL_BUDGET */
};
/* dc_layout_run with `o` (NULL: every page kept, as dc_layout_run). */
enum dc_status dc_layout_run_opts(const struct dc_doc *doc,
                                  const struct dc_metrics *m,
                                  struct dc_diag *diag,
                                  const struct dc_layout_opts *o,
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
