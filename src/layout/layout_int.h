/* Inside the layout engine: page style, text shaping and line breaking,
 * table layout.  Unit tests include this; other folders use layout.h. */
#ifndef DC_LAYOUT_INT_H
#define DC_LAYOUT_INT_H

#include "layout.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* ---- page and type style (layouts/page.xml) ---- */

struct dc_block_box {
    int32_t top, left, width, height; /* text block, millipoints */
};

struct dc_page_style {
    int32_t paper_w, paper_h;       /* portrait paper */
    struct dc_block_box portrait, landscape;
    struct dc_tstyle st[DC_ST_COUNT];
    int32_t folio_gap;              /* block bottom to top of the folio */
    int folio_indent;               /* characters in from the block edge */
    int fallback[DC_FONT_COUNT];    /* chain of CJK roles, tried in order */
    int nfallback;
    /* tables */
    int32_t cell_pad_x, cell_pad_y; /* inside each cell */
    int cell_leading;               /* percent of the type size */
    int32_t min_size;               /* the type shrinks no further */
    int32_t rule_outer, rule_inner; /* line widths */
    int header_font, total_font;    /* emphasis (enum dc_font_role) */
    int32_t table_gap;              /* caption line to the grid */
};

/* Fills `st` with the built-in defaults, then reads `path` over them.
 * Errors go to `diag` as "path:line:col: error: …"; returns DC_OK, or
 * DC_ERR_IO / DC_ERR_INPUT. */
enum dc_status dc_page_style_load(const char *path, struct dc_diag *diag,
                                  struct dc_page_style *st);
void dc_page_style_defaults(struct dc_page_style *st);

/* ---- shaping: code points with their font role and advance ---- */

struct dc_glyph {
    uint32_t cp;
    uint32_t off;     /* byte offset in the text */
    int16_t adv;      /* 1/1000 em */
    uint8_t role;     /* font role after fallback */
    uint8_t brk;      /* a line may break before this glyph */
};

struct dc_line {
    int gs, ge;       /* glyphs [gs, ge) */
    int32_t width;    /* natural width, millipoints */
    int32_t indent;   /* offset from the start edge */
    int last;         /* last line of a paragraph or before a '\n' */
};

/* Shaped texts kept for reuse once freed: enough for the paragraphs and
 * the small tables, not a big table's every cell for the rest of the run
 * (issue 12: the layout holds one table at a time). */
#define DC_LAY_SPARES 256

struct dc_shaped {
    const char *text;
    int src_line;
    struct dc_glyph *g;
    int n, gcap;
    struct dc_line *lines;
    int nlines, lcap;
    int32_t size; /* of the last break */
    int32_t track; /* tracking: added in every gap dc_shaped_gaps counts;
                      widths and breaks include it */
    struct dc_lay *L; /* dc_shaped_free gives it back to L's spares */
    struct dc_shaped *next_spare;
};

struct dc_lay; /* the engine */
struct dc_shape_cache; /* text.c */

/* Shapes `len` bytes of UTF-8 text with `role` as the base font (LATIN
 * glyphs get the LATIN role), finds break opportunities.  Reports missing
 * glyphs with `src_line`.  Free with dc_shaped_free, before L's
 * dc_lay_text_free. */
struct dc_shaped *dc_lay_shape(struct dc_lay *L, const char *text, size_t len,
                               int role, int src_line);
void dc_shaped_free(struct dc_shaped *s);
/* Frees what shaping keeps in the engine (advances, break buffers, the
 * texts shaped once); not the break iterator. */
void dc_lay_text_free(struct dc_lay *L);
/* Breaks into lines of at most `width` at `size` (first line `indent1`
 * narrower); '\n' forces a break.  Returns the number of lines. */
int dc_lay_break(struct dc_lay *L, struct dc_shaped *s, int32_t size,
                 int32_t width, int32_t indent1);
/* Breaks like dc_lay_break; then, when the last of two or more lines holds
 * fewer than `min_last` characters, tries up to four characters narrower
 * for a break with as many lines and a longer last line (a heading never
 * ends on 明 alone).  Returns the number of lines. */
int dc_lay_break_min_last(struct dc_lay *L, struct dc_shaped *s, int32_t size,
                          int32_t width, int32_t indent1, int min_last);
/* Widest unbreakable piece, in 1/1000 em summed (i.e. at size 1000 mp). */
int32_t dc_shaped_min_width(const struct dc_shaped *s);
int32_t dc_shaped_width(const struct dc_shaped *s, int gs, int ge,
                        int32_t size);
/* Gaps in [gs,ge) that justification may widen: not inside Latin runs. */
int dc_shaped_gaps(const struct dc_shaped *s, int gs, int ge);
/* Emits glyphs [gs,ge) as runs, one per font role, from x on baseline y,
 * with `spacing` in every gap dc_shaped_gaps counts (Latin runs get Tc 0
 * and the spacing after them).  Returns the end x. */
int32_t dc_lay_emit(struct dc_lay *L, struct dc_dl_page *p,
                    const struct dc_shaped *s, int gs, int ge, int32_t x,
                    int32_t y, int32_t size, int32_t spacing,
                    const struct dc_node *src);

int dc_is_closing_punct(uint32_t cp);
int dc_is_opening_punct(uint32_t cp);

/* ---- the engine ---- */

struct dc_layout_stats {
    int emergency_breaks; /* lines broken where ICU allowed no break */
    int overflows;        /* text placed outside its box (should be 0) */
    int missing_glyphs;   /* code points no font had */
    int fallbacks;        /* code points set in a fallback font */
    int split_rows;       /* table rows split across pages */
    int split_groups;     /* merged row groups broken between rows */
    int short_remainders; /* breaks leaving < 3 body rows that could not
                             be helped */
};

struct dc_lay {
    const struct dc_doc *doc;
    const struct dc_metrics *m;
    struct dc_diag *diag;
    const char *file;
    struct dc_page_style st;
    struct dc_display *d;
    struct dc_layout_decisions *dec;
    int16_t *adv[DC_FONT_COUNT]; /* BMP advance cache; -2 = not asked */
    uint8_t *reported;           /* bit per BMP code point */
    UBreakIterator *brk;
    UChar *u16;       /* the text being broken, as ICU's UTF-16 (ICU
                         keeps a pointer to it until the next text) */
    int32_t *u16_at;  /* glyph k starts at u16[u16_at[k]] */
    uint8_t *bflags;  /* per UTF-16 unit: ICU allows a break before it */
    size_t u16cap;    /* of all three */
    struct dc_shape_cache *shapes; /* text.c: short texts shaped once */
    struct dc_shaped *spare; /* freed ones, with their lines, for reuse */
    int nspare;              /* on that list: at most DC_LAY_SPARES */
    struct dc_buf tmp;
    struct dc_layout_stats stats;
    /* flow */
    struct dc_dl_page *page;
    int pageno;            /* index of `page` in d->pages */
    int folio;             /* last printed number used */
    const struct dc_block_box *box;
    int32_t y;             /* top of the free space on `page` */
    int fresh;             /* nothing placed on `page` yet */
    int only_part;         /* `page` holds a part title and nothing else */
    int part;              /* number of the current part */
    int table_index;       /* next dec->tables slot */
    /* keep-with-next of the current run of consecutive headings: what must
     * fit after run[i], computed once per run (layout.c, keep_run) */
    struct {
        const struct dc_node **run;
        int32_t *after;
        int n, next, cap;
    } keep;
};

/* Page handling shared by the flow and the tables. */
struct dc_dl_page *dc_lay_new_page(struct dc_lay *L, int landscape);
int32_t dc_lay_bottom(const struct dc_lay *L);
int32_t dc_lay_right(const struct dc_lay *L);
int32_t dc_lay_left(const struct dc_lay *L);
/* Baseline for a line box whose top is `top`. */
int32_t dc_lay_baseline(const struct dc_lay *L, int font, int32_t top,
                        int32_t size, int32_t leading);
/* Lays one table or form out from a new page (or the part title's page). */
void dc_lay_table(struct dc_lay *L, const struct dc_node *t);
/* Places a single styled line or paragraph of text at the flow position;
 * `avail` width, aligned per style; returns the height used. */
void dc_lay_text_block(struct dc_lay *L, const struct dc_tstyle *ts,
                       const char *text, const struct dc_node *src,
                       int src_line, int keep);
/* Records a TOC target on the current page. */
void dc_lay_toc_mark(struct dc_lay *L, const struct dc_node *n);

/* dc_layout_run with an explicit page style and statistics (tests). */
enum dc_status dc_layout_run_style(const struct dc_doc *doc,
                                   const struct dc_metrics *m,
                                   struct dc_diag *diag,
                                   const struct dc_page_style *st,
                                   struct dc_display **display,
                                   struct dc_layout_decisions **dec,
                                   struct dc_layout_stats *stats);

#endif
