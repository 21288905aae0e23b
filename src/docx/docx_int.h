/* Inside the DOCX writer: the XML writer wrapper (xw.c), the context every
 * part reads, and one function per package part (part_*.c).  Unit tests call
 * these; nothing outside src/docx/ and tests/ includes this header. */
#ifndef DC_DOCX_INT_H
#define DC_DOCX_INT_H

#include "docx.h"

/* ---- xw.c: the XML writer of the parts, over libxml2's xmlOutputBuffer ----
 * Calls never fail one by one: the first failure is remembered and
 * dc_xw_finish() reports it, so parts write straight-line code. */
struct dc_xw;

/* A writer whose bytes are appended to `out`, or to the spill `spill`
 * (borrowed, outlives the writer); both begin with the XML declaration.
 * `diag` and `file` (may be NULL) name where text problems are reported. */
struct dc_xw *dc_xw_new(struct dc_diag *diag, const char *file,
                        struct dc_buf *out);
struct dc_xw *dc_xw_new_spill(struct dc_diag *diag, const char *file,
                              struct dc_spill *spill);
void dc_xw_free(struct dc_xw *w); /* NULL does nothing */
void dc_xw_start(struct dc_xw *w, const char *name); /* opens <name */
void dc_xw_end(struct dc_xw *w);                     /* closes innermost */
void dc_xw_attr(struct dc_xw *w, const char *name, const char *value);
void dc_xw_attr_int(struct dc_xw *w, const char *name, long value);
/* <name w:val="value"/> and <name w:val="N"/>, the commonest OOXML shape. */
void dc_xw_val(struct dc_xw *w, const char *name, const char *value);
void dc_xw_val_int(struct dc_xw *w, const char *name, long value);
void dc_xw_empty(struct dc_xw *w, const char *name); /* <name/> */
/* Character data from the model.  Bytes that are not UTF-8 and characters
 * XML 1.0 cannot carry are written as U+FFFD and reported as a warning at
 * source line `line`.  TAB, LF and CR are the caller's business (they are
 * written as is, escaped). */
void dc_xw_text(struct dc_xw *w, const char *s, size_t n, int line);
/* Text we generate ourselves (ASCII or known-good UTF-8). */
void dc_xw_str(struct dc_xw *w, const char *s);
/* Closes every open element, ends the document and hands the last bytes
 * over.  DC_ERR_LIB (with a message in diag) when a call or a write failed
 * on the way. */
enum dc_status dc_xw_finish(struct dc_xw *w);
/* Number of characters replaced so far (tests). */
int dc_xw_replaced(const struct dc_xw *w);

/* 1 when cp may appear in an XML 1.0 document. */
int dc_xml_char_ok(uint32_t cp);

/* ---- geometry, in twips (1/20 pt) ---- */
struct dc_docx_page {
    int w, h; /* portrait */
    int top, bottom, left, right;
    int header;
    int folio_gap;  /* text block bottom to the folio's top (page.xml's
                       <folio gap>) */
    int folio_line; /* the folio's line (page.xml's folio style) */
};
/* Distance of the footer from the paper's edge for a page whose bottom
 * margin is `bottom` (twips): the folio's line sits p->folio_gap below
 * the text block, as in the PDF. */
int dc_docx_footer(const struct dc_docx_page *p, int bottom);

/* ---- the context every part reads ---- */
struct dc_docx_ctx {
    const struct dc_doc *doc;
    const struct dc_layout_decisions *dec; /* NULL until layout exists */
    struct dc_diag *diag;
    const char *file; /* source name for messages, may be NULL */
    struct dc_docx_page page;
    /* Word font names per enum dc_font_role, from the font map or built
     * in; borrowed */
    const char *font[DC_FONT_COUNT];
    const char *font_alt[DC_FONT_COUNT]; /* w:altName: the free font that
                                            stands in, or NULL */
    /* page.xml's paragraph styles (the layout's), or without a layout the
     * built-in ones: type, leading, spacing, indent and alignment of the
     * DOCX's styles */
    struct dc_tstyle style[DC_ST_COUNT];
    int cell_leading; /* percent of a cell's type size, page.xml's */
    int cell_pad_x, cell_pad_y; /* twips, page.xml's <table pad-x pad-y> */
};

struct dc_fontmap;
/* `map` may be NULL: built-in font names. */
void dc_docx_ctx_init(struct dc_docx_ctx *c, const struct dc_doc *doc,
                      const struct dc_layout_decisions *dec,
                      const struct dc_fontmap *map, struct dc_diag *diag);
/* Millipoints -> twips, rounded to nearest (mpt / 50). */
int dc_docx_twips(int32_t mpt);
/* A type size (millipoints) in Word's half-points. */
int dc_docx_half_points(int32_t mpt);
/* Width of the text block in twips for a portrait or landscape section. */
int dc_docx_text_width(const struct dc_docx_ctx *c, int landscape);

/* Built-in Word font names per role (enum dc_font_role): 宋体, 黑体, 楷体,
 * Times New Roman, and their Latin alternates (SimSun ...; NULL for Times). */
const char *dc_docx_default_font(int role);
const char *dc_docx_default_font_alt(int role);

/* The column widths of a table in twips, as the layout decided them or, when
 * it has not, the tabledef's relative widths scaled to the text width.  Fills
 * w[0..ncols) and returns ncols; *landscape and *nheader and *half_points
 * (type size of the body cells in half-points) are set too. */
int dc_docx_table_geometry(const struct dc_docx_ctx *c,
                           const struct dc_node *table, int *w,
                           int *landscape, int *nheader, int *half_points);

/* Cell paragraph styles, one per kind and type size used by the tables
 * ("TableText18" = body cells at 9 pt): written by part_styles.c for every
 * size dc_docx_table_sizes() finds, used by part_document_table.c. */
enum dc_docx_cell_kind {
    DC_DOCX_CELL_TEXT,   /* 宋体 */
    DC_DOCX_CELL_STRONG, /* totals and 类 rows: 黑体 */
    DC_DOCX_CELL_HEAD    /* header cells: 黑体, centred */
};
void dc_docx_table_style(char *id, size_t n, enum dc_docx_cell_kind kind,
                         int half_points);
/* The distinct cell type sizes (half-points) of the document's tables, in
 * increasing order, at most `max`; returns how many. */
int dc_docx_table_sizes(const struct dc_docx_ctx *c, int *sizes, int max);

/* ---- parts: each writes one package part's root element into `w` ---- */
typedef void (*dc_docx_part_fn)(const struct dc_docx_ctx *c,
                                struct dc_xw *w);
void dc_docx_part_content_types(const struct dc_docx_ctx *c,
                                struct dc_xw *w);
void dc_docx_part_rels(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_core(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_app(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_document(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_document_rels(const struct dc_docx_ctx *c,
                                struct dc_xw *w);
void dc_docx_part_styles(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_settings(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_font_table(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_footer_odd(const struct dc_docx_ctx *c, struct dc_xw *w);
void dc_docx_part_footer_even(const struct dc_docx_ctx *c, struct dc_xw *w);

/* ---- helpers shared by part_document.c and part_document_table.c ---- */
/* Direct run formatting; NULL / 0 fields leave the style's value. */
struct dc_docx_rfmt {
    const char *east_asia, *latin; /* font names, both or neither */
    int half_points;
    int bold;
};
/* <w:r> holding `text` from source line `line`: '\n' becomes <w:br/>, TAB
 * <w:tab/>.  `f` may be NULL. */
void dc_docx_write_run(struct dc_xw *w, const char *text, int line,
                       const struct dc_docx_rfmt *f);
/* <w:rPr> for `f` (nothing when f is NULL or sets nothing). */
void dc_docx_write_rpr(struct dc_xw *w, const struct dc_docx_rfmt *f);
/* The name (w:name) of the paragraph style of a numbered table's
 * caption, 表N　title: the 目录's TOC field lists its paragraphs at level 2
 * (the \t switch names styles by name, not by id). */
#define DC_DOCX_TOC_TABLE_STYLE "Table Title"
/* Width of `s` in half-ems as a CJK font sets it: Han characters and other
 * wide ones 2, the rest 1; -1 when it holds a line break. */
long dc_docx_half_ems(const char *s);
/* <w:bookmarkStart>/<w:bookmarkEnd> named _Toc<id>, the 目录's targets. */
/* <w:tblCellMar> with the PDF's cell padding: c->cell_pad_x left and
 * right, `top_bottom` twips above and below (part_styles.c) */
void dc_docx_write_tbl_cell_mar(struct dc_xw *w, const struct dc_docx_ctx *c,
                                int top_bottom);
/* <Relationship Id=".." Type=".." Target=".."/> (part_rels.c) */
void dc_docx_write_relationship(struct dc_xw *w, const char *id,
                                const char *type, const char *target);
void dc_docx_write_bookmark_start(struct dc_xw *w, int id);
void dc_docx_write_bookmark_end(struct dc_xw *w, int id);

/* part_document_table.c: a table or form with the paragraphs above it (表N,
 * title, 编制部门 … 单位), starting on a new page when `page_break` is
 * set; `bookmark` >= 0 marks the title as a 目录 target. */
void dc_docx_write_table(struct dc_xw *w, const struct dc_docx_ctx *c,
                         const struct dc_node *table, int page_break,
                         int bookmark);

/* The package's parts, in the order they are zipped. */
struct dc_docx_part {
    const char *name;
    const char *content_type;
    dc_docx_part_fn write;
    int spill; /* grows with the source: written to a spill (core.h) */
};
extern const struct dc_docx_part dc_docx_parts[];
extern const int dc_docx_nparts;

/* Builds the whole package into `zip`; word/document.xml passes through
 * a spill whose file, past its budget, goes in the folder of `beside`
 * (NULL: the system's temporary folder).  dc_docx_stage() stages it as a
 * file. */
enum dc_status dc_docx_build(const struct dc_doc *doc,
                             const struct dc_layout_decisions *dec,
                             const struct dc_fontmap *map, const char *beside,
                             struct dc_diag *diag, struct dc_buf *zip);

/* dc_docx_stage() with `budget` bytes of document.xml (and of the
 * archive, at most DC_SPILL_BLOCK) held in memory before they go to their
 * files (dc_docx_stage: DC_SPILL_BUDGET); tests make it small. */
enum dc_status dc_docx_stage_held(const struct dc_doc *doc,
                                  const struct dc_layout_decisions *dec,
                                  const struct dc_fontmap *map,
                                  const char *path, struct dc_commit *commit,
                                  size_t budget, struct dc_diag *diag);

/* Namespaces */
#define DC_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DC_NS_R                                                               \
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define DC_NS_PKG_REL                                                         \
    "http://schemas.openxmlformats.org/package/2006/relationships"

#endif
