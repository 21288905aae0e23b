/* word/styles.xml: Normal, body text, the cover, the 目录, headings with the
 * outline levels Word's navigation pane and TOC field use, tables and the
 * footer.  Fonts, sizes, leading, spacing, indents and alignment are the
 * PDF's, from the same layouts/page.xml styles (through the layout
 * decisions; without a layout the built-in ones), so one edit there
 * changes both outputs; every East Asian font is named in
 * w:rFonts/@w:eastAsia and the language is zh-CN (LibreOffice lays out a
 * document left at en-US many times slower). */
#include "docx_int.h"

#include "displaylist.h"

#define NONE (-1)

/* What a style takes from its page.xml style. */
enum {
    T_FONT = 1 << 0,  /* font role */
    T_SIZE = 1 << 1,  /* type size */
    T_LINE = 1 << 2,  /* leading, as an exact line pitch */
    T_SPACE = 1 << 3, /* before and after */
    T_ALIGN = 1 << 4, /* alignment */
    T_FIRST = 1 << 5, /* indent, of the first line */
    T_LEFT = 1 << 6,  /* indent, of every line from the left */
    T_RIGHT = 1 << 7, /* indent, from the right */
    T_TRACK = 1 << 8, /* docx-tracking */
    /* table-label's leading above it: the PDF's label line */
    T_LABEL_ABOVE = 1 << 9,
    /* page.xml's <table leading>, an auto line pitch */
    T_CELL_LINE = 1 << 10,
    T_ALL = T_FONT | T_SIZE | T_LINE | T_SPACE | T_ALIGN | T_FIRST
};

/* One paragraph style: Word's own knowledge (id, name, outline level, page
 * and keep rules) here, its type and spacing from page.xml's style `ps`
 * (the fields `take` names; the others as given, NONE / 0 / NULL =
 * inherited). */
struct style {
    const char *id, *name, *based_on, *next;
    int ps;        /* enum dc_style_id, or NONE */
    unsigned take; /* T_* */
    int font;        /* enum dc_font_role or NONE */
    int half_points; /* type size in half-points, 0 = inherit */
    const char *jc;
    int outline;      /* outline level 0..8, or NONE */
    int indent_chars; /* first-line indent in 1/100 characters */
    int right_chars;  /* right indent in 1/100 characters */
    int left_chars;   /* left indent in 1/100 characters */
    int line; /* exact line pitch in twips; -N = auto, N/240 lines; 0 =
                 single */
    int before, after; /* space in twips */
    int keep_next, page_break, toc_tab;
    int ui_priority;
    int tracking; /* w:spacing between characters, twips */
};

#define PS(ps, take) ps, take, NONE, 0, NULL
static const struct style styles[] = {
    /* The font and size of Body Text are docDefaults' (page.xml's body) */
    {"BodyText", "Body Text", "Normal", NULL,
     PS(DC_ST_BODY, T_LINE | T_SPACE | T_ALIGN | T_FIRST | T_TRACK),
     .outline = NONE},
    {"Heading1", "heading 1", "Normal", "BodyText", PS(DC_ST_PART, T_ALL),
     .outline = 0, .keep_next = 1, .page_break = 1, .ui_priority = 9},
    {"Heading2", "heading 2", "Normal", "BodyText",
     PS(DC_ST_H1, T_ALL | T_TRACK), .outline = 1, .keep_next = 1,
     .ui_priority = 9},
    /* the 一、 headings of parts other than the third: heading 2 a level
       down, by style (Word's \o takes a paragraph's level from its
       style's outlineLvl), so the 目录 leaves them out as the PDF's does
       and the navigation pane keeps them */
    {"MinorHeading", "Minor Heading", "Heading2", "BodyText",
     PS(DC_ST_H1, T_ALL | T_TRACK), .outline = 2, .keep_next = 1,
     .ui_priority = 9},
    {"Heading3", "heading 3", "Normal", "BodyText",
     PS(DC_ST_H2, T_ALL | T_TRACK), .outline = 2, .keep_next = 1,
     .ui_priority = 9},
    {"Heading4", "heading 4", "Normal", "BodyText",
     PS(DC_ST_H3, T_ALL | T_TRACK), .outline = 3, .keep_next = 1,
     .ui_priority = 9},
    {"CoverDept", "Cover Department", "Normal", NULL,
     PS(DC_ST_COVER_DEPT, T_ALL), .outline = NONE, .ui_priority = 10},
    {"Title", "Title", "Normal", NULL, PS(DC_ST_COVER_TITLE, T_ALL),
     .outline = NONE, .ui_priority = 10},
    {"CoverDate", "Cover Date", "Normal", NULL, PS(DC_ST_COVER_DATE, T_ALL),
     .outline = NONE, .ui_priority = 10},
    {"TOCHeading", "TOC Heading", "Normal", NULL, PS(DC_ST_TOC_TITLE, T_ALL),
     .outline = NONE, .ui_priority = 39},
    /* no right indent: LibreOffice drops a tab stop beyond it, and with it
       the page number */
    {"TOC1", "toc 1", "Normal", "BodyText", PS(DC_ST_TOC_PART, T_ALL),
     .outline = NONE, .toc_tab = 1, .ui_priority = 39},
    {"TOC2", "toc 2", "Normal", "BodyText",
     PS(DC_ST_TOC_ENTRY, (T_ALL & ~T_FIRST) | T_LEFT), .outline = NONE,
     .toc_tab = 1, .ui_priority = 39},
    {"TableLabel", "Table Label", "Normal", NULL,
     PS(DC_ST_TABLE_LABEL, T_ALL), .outline = NONE, .keep_next = 1,
     .ui_priority = 12},
    /* 表N　title: the PDF's label line (Table Label) is space above it */
    {"TableTitle", DC_DOCX_TOC_TABLE_STYLE, "Normal", NULL,
     PS(DC_ST_TABLE_TITLE, T_ALL | T_LABEL_ABOVE), .outline = 2,
     .keep_next = 1, .ui_priority = 12},
    {"FormTitle", "Form Title", "Normal", NULL, PS(DC_ST_TABLE_TITLE, T_ALL),
     .outline = 2, .keep_next = 1, .ui_priority = 12},
    {"FormSubtitle", "Form Subtitle", "Normal", NULL,
     PS(DC_ST_TABLE_SUBTITLE, T_ALL), .outline = NONE, .keep_next = 1,
     .ui_priority = 12},
    {"TableMeta", "Table Caption", "Normal", NULL,
     PS(DC_ST_TABLE_CAPTION, T_ALL), .outline = NONE, .keep_next = 1,
     .ui_priority = 12},
    /* table cells: each table's size (write_cell_style), no page.xml
       style; the line <table leading>'s (T_CELL_LINE) */
    {"TableText", "Table Text", "Normal", NULL, NONE, T_CELL_LINE,
     DC_FONT_SONG, 21, "left", NONE, .ui_priority = 12},
    {"TableHead", "Table Head", "TableText", NULL, NONE, T_CELL_LINE,
     DC_FONT_HEI, 0, "center", NONE, .ui_priority = 12},
    /* the date 右空四字 (the indent from the right); the space above is
       the first signature paragraph's (part_document.c) */
    {"Signature", "Signature", "Normal", NULL,
     PS(DC_ST_SIGNATURE, T_FONT | T_SIZE | T_LINE | T_ALIGN | T_RIGHT |
                             T_TRACK),
     .outline = NONE, .ui_priority = 12},
    {"Footer", "footer", "Normal", NULL, PS(DC_ST_FOLIO, T_FONT | T_SIZE),
     .outline = NONE, .ui_priority = 99},
};
#undef PS

/* `s` with what it takes from its page.xml style */
static struct style
resolve(const struct dc_docx_ctx *c, const struct style *s)
{
    static const char *const jc[] = {"left", "center", "right", "both"};
    struct style r = *s;
    if (s->take & T_CELL_LINE)
        r.line = -240 * c->cell_leading / 100;
    if (s->ps == NONE)
        return r;
    const struct dc_tstyle *t = &c->style[s->ps];
    if (s->take & T_FONT)
        r.font = t->font;
    if (s->take & T_SIZE)
        r.half_points = dc_docx_half_points(t->size);
    if (s->take & T_LINE)
        r.line = dc_docx_twips(t->leading);
    if (s->take & T_SPACE) {
        r.before = dc_docx_twips(t->before);
        r.after = dc_docx_twips(t->after);
    }
    if (s->take & T_LABEL_ABOVE)
        r.before += dc_docx_twips(c->style[DC_ST_TABLE_LABEL].leading);
    if ((s->take & T_ALIGN) && t->align >= 0 && t->align < 4)
        r.jc = jc[t->align];
    if (s->take & T_FIRST)
        r.indent_chars = t->indent * 100;
    if (s->take & T_LEFT)
        r.left_chars = t->indent * 100;
    if (s->take & T_RIGHT)
        r.right_chars = t->indent * 100;
    if (s->take & T_TRACK)
        r.tracking = dc_docx_twips(t->docx_tracking);
    return r;
}

/* <w:rFonts>: Times New Roman for Latin and digits, `font` for Chinese */
static void
write_rfonts(struct dc_xw *w, const struct dc_docx_ctx *c, int font)
{
    const char *latin = c->font[DC_FONT_LATIN];
    dc_xw_start(w, "w:rFonts");
    dc_xw_attr(w, "w:ascii", latin);
    dc_xw_attr(w, "w:eastAsia", c->font[font]);
    dc_xw_attr(w, "w:hAnsi", latin);
    dc_xw_attr(w, "w:cs", latin);
    dc_xw_attr(w, "w:hint", "eastAsia");
    dc_xw_end(w);
}

/* <w:lang>: Chinese text, Latin fallback */
static void
write_lang(struct dc_xw *w)
{
    dc_xw_start(w, "w:lang");
    dc_xw_attr(w, "w:val", "en-US");
    dc_xw_attr(w, "w:eastAsia", "zh-CN");
    dc_xw_attr(w, "w:bidi", "ar-SA");
    dc_xw_end(w);
}

/* <w:docDefaults>: page.xml's body type (宋体 三号), zh-CN */
static void
write_doc_defaults(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    const struct dc_tstyle *body = &c->style[DC_ST_BODY];
    dc_xw_start(w, "w:docDefaults");
    dc_xw_start(w, "w:rPrDefault");
    dc_xw_start(w, "w:rPr");
    write_rfonts(w, c, body->font);
    dc_xw_val(w, "w:kern", "2");
    dc_xw_val_int(w, "w:sz", dc_docx_half_points(body->size));
    dc_xw_val_int(w, "w:szCs", dc_docx_half_points(body->size));
    write_lang(w);
    dc_xw_end(w);
    dc_xw_end(w);
    dc_xw_start(w, "w:pPrDefault");
    dc_xw_start(w, "w:pPr");
    /* no single line of a paragraph at a page's foot or head */
    dc_xw_empty(w, "w:widowControl");
    /* no extra space between Chinese and Latin or digits, as in the PDF */
    dc_xw_val(w, "w:autoSpaceDE", "0");
    dc_xw_val(w, "w:autoSpaceDN", "0");
    dc_xw_val(w, "w:jc", "both");
    dc_xw_end(w);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:tabs>: page number of a 目录 entry at the right edge, dot leader */
static void
write_toc_tabs(struct dc_xw *w, int pos)
{
    dc_xw_start(w, "w:tabs");
    dc_xw_start(w, "w:tab");
    dc_xw_attr(w, "w:val", "right");
    dc_xw_attr(w, "w:leader", "middleDot");
    dc_xw_attr_int(w, "w:pos", pos);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:spacing> */
static void
write_spacing(struct dc_xw *w, const struct style *s)
{
    dc_xw_start(w, "w:spacing");
    dc_xw_attr_int(w, "w:before", s->before);
    dc_xw_attr_int(w, "w:after", s->after);
    if (s->line > 0) {
        dc_xw_attr_int(w, "w:line", s->line);
        dc_xw_attr(w, "w:lineRule", "exact");
    } else if (s->line < 0) {
        dc_xw_attr_int(w, "w:line", -s->line);
        dc_xw_attr(w, "w:lineRule", "auto");
    } else {
        dc_xw_attr(w, "w:line", "240");
        dc_xw_attr(w, "w:lineRule", "auto");
    }
    dc_xw_end(w);
}

/* <w:ind>: in characters, with the twips Word falls back to at the
 * style's size (`body_hp`, the body's, when it inherits) */
static void
write_ind(struct dc_xw *w, const struct style *s, int body_hp)
{
    int size = s->half_points ? s->half_points : body_hp; /* half-points */
    dc_xw_start(w, "w:ind");
    if (s->left_chars) {
        dc_xw_attr_int(w, "w:leftChars", s->left_chars);
        dc_xw_attr_int(w, "w:left", s->left_chars * size / 10);
    }
    if (s->right_chars) {
        dc_xw_attr_int(w, "w:rightChars", s->right_chars);
        dc_xw_attr_int(w, "w:right", s->right_chars * size / 10);
    }
    if (s->indent_chars) {
        dc_xw_attr_int(w, "w:firstLineChars", s->indent_chars);
        dc_xw_attr_int(w, "w:firstLine", s->indent_chars * size / 10);
    }
    dc_xw_end(w);
}

/* <w:pPr> of a style (children in schema order) */
static void
write_ppr(struct dc_xw *w, const struct style *s, int text_width,
          int body_hp)
{
    dc_xw_start(w, "w:pPr");
    if (s->keep_next)
        dc_xw_empty(w, "w:keepNext");
    if (s->page_break)
        dc_xw_empty(w, "w:pageBreakBefore");
    if (s->toc_tab)
        write_toc_tabs(w, text_width);
    /* the document grid is for body text (三号): other sizes (titles,
     * tables, the 目录) keep their own pitch */
    if (s->half_points && s->half_points != body_hp)
        dc_xw_val(w, "w:snapToGrid", "0");
    write_spacing(w, s);
    if (s->indent_chars || s->right_chars || s->left_chars)
        write_ind(w, s, body_hp);
    if (s->jc)
        dc_xw_val(w, "w:jc", s->jc);
    if (s->outline != NONE)
        dc_xw_val_int(w, "w:outlineLvl", s->outline);
    dc_xw_end(w);
}

/* <w:rPr> of a style */
static void
write_rpr(struct dc_xw *w, const struct dc_docx_ctx *c, const struct style *s)
{
    int tracking = s->tracking;
    if (s->font == NONE && !s->half_points && !tracking)
        return;
    dc_xw_start(w, "w:rPr");
    if (s->font != NONE)
        write_rfonts(w, c, s->font);
    if (tracking)
        dc_xw_val_int(w, "w:spacing", tracking);
    if (s->half_points) {
        dc_xw_val_int(w, "w:sz", s->half_points);
        dc_xw_val_int(w, "w:szCs", s->half_points);
    }
    dc_xw_end(w);
}

/* <w:style w:type="paragraph"> from the table above */
static void
write_style(struct dc_xw *w, const struct dc_docx_ctx *c,
            const struct style *table_style, int text_width)
{
    struct style r = resolve(c, table_style);
    const struct style *s = &r;
    dc_xw_start(w, "w:style");
    dc_xw_attr(w, "w:type", "paragraph");
    dc_xw_attr(w, "w:styleId", s->id);
    dc_xw_val(w, "w:name", s->name);
    dc_xw_val(w, "w:basedOn", s->based_on);
    if (s->next)
        dc_xw_val(w, "w:next", s->next);
    dc_xw_val_int(w, "w:uiPriority", s->ui_priority);
    dc_xw_empty(w, "w:qFormat");
    write_ppr(w, s, text_width,
              dc_docx_half_points(c->style[DC_ST_BODY].size));
    write_rpr(w, c, s);
    dc_xw_end(w);
}

void
dc_docx_table_style(char *id, size_t n, enum dc_docx_cell_kind kind,
                    int half_points)
{
    static const char *const base[] = {"TableText", "TableStrong",
                                       "TableHead"};
    snprintf(id, n, "%s%d", base[kind], half_points);
}

int
dc_docx_table_sizes(const struct dc_docx_ctx *c, int *sizes, int max)
{
    int n = 0;
    for (const struct dc_node *t = dc_node_first(c->doc->root); t;
         t = dc_node_next(t)) {
        if (t->type != DC_NODE_TABLE)
            continue;
        int w[DC_MAX_COLS], land, nh, hp;
        dc_docx_table_geometry(c, t, w, &land, &nh, &hp);
        int i = 0;
        while (i < n && sizes[i] < hp)
            i++;
        if ((i < n && sizes[i] == hp) || n == max)
            continue;
        for (int j = n; j > i; j--)
            sizes[j] = sizes[j - 1];
        sizes[i] = hp;
        n++;
    }
    return n;
}

/* <w:style> of table cells at one type size: the PDF's leading (page.xml's
 * <table leading>, 125 %), exactly, and the font of the kind */
static void
write_cell_style(struct dc_xw *w, const struct dc_docx_ctx *c,
                 enum dc_docx_cell_kind kind, int hp)
{
    static const char *const names[] = {"Table Text", "Table Total",
                                        "Table Head"};
    static const char *const based[] = {"TableText", "TableText",
                                        "TableHead"};
    char id[40], name[64];
    dc_docx_table_style(id, sizeof id, kind, hp);
    snprintf(name, sizeof name, "%s %d%s pt", names[kind], hp / 2,
             hp % 2 ? ".5" : "");
    dc_xw_start(w, "w:style");
    dc_xw_attr(w, "w:type", "paragraph");
    dc_xw_attr(w, "w:customStyle", "1");
    dc_xw_attr(w, "w:styleId", id);
    dc_xw_val(w, "w:name", name);
    dc_xw_val(w, "w:basedOn", based[kind]);
    dc_xw_val(w, "w:uiPriority", "13");
    dc_xw_empty(w, "w:qFormat");
    dc_xw_start(w, "w:pPr");
    dc_xw_start(w, "w:spacing");
    dc_xw_attr(w, "w:before", "0");
    dc_xw_attr(w, "w:after", "0");
    dc_xw_attr_int(w, "w:line", hp * 10 * c->cell_leading / 100);
    dc_xw_attr(w, "w:lineRule", "exact");
    dc_xw_end(w);
    dc_xw_end(w);
    dc_xw_start(w, "w:rPr");
    if (kind == DC_DOCX_CELL_STRONG)
        write_rfonts(w, c, DC_FONT_HEI);
    dc_xw_val_int(w, "w:sz", hp);
    dc_xw_val_int(w, "w:szCs", hp);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:style w:styleId="Normal">: the default paragraph style */
static void
write_normal(struct dc_xw *w)
{
    dc_xw_start(w, "w:style");
    dc_xw_attr(w, "w:type", "paragraph");
    dc_xw_attr(w, "w:default", "1");
    dc_xw_attr(w, "w:styleId", "Normal");
    dc_xw_val(w, "w:name", "Normal");
    dc_xw_empty(w, "w:qFormat");
    dc_xw_start(w, "w:pPr");
    /* No 。 hanging past the right margin in LibreOffice: the PDF moves
     * the character before a closing mark to the next line with it, and a
     * hanging mark lets a line hold 29 characters where the PDF's holds 28.
     * LibreOffice (writerfilter, 7.4) reads w:overflowPunct inverted: "1"
     * turns its hanging punctuation off, "0" or nothing leaves it on.
     * For Word "1" is its default (hanging allowed), so Word is as before. */
    dc_xw_val(w, "w:overflowPunct", "1");
    dc_xw_val(w, "w:autoSpaceDE", "0");
    dc_xw_val(w, "w:autoSpaceDN", "0");
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:style w:styleId="DefaultParagraphFont">: the default character style */
static void
write_default_font(struct dc_xw *w)
{
    dc_xw_start(w, "w:style");
    dc_xw_attr(w, "w:type", "character");
    dc_xw_attr(w, "w:default", "1");
    dc_xw_attr(w, "w:styleId", "DefaultParagraphFont");
    dc_xw_val(w, "w:name", "Default Paragraph Font");
    dc_xw_val(w, "w:uiPriority", "1");
    dc_xw_empty(w, "w:semiHidden");
    dc_xw_empty(w, "w:unhideWhenUsed");
    dc_xw_end(w);
}

/* <w:tblCellMar>: the PDF's cell padding (page.xml's pad-x across, the
 * table's own or pad-y down); in the default table style and
 * (part_document_table.c) on every table, because LibreOffice does not take
 * it from the style */
void
dc_docx_write_tbl_cell_mar(struct dc_xw *w, const struct dc_docx_ctx *c,
                           int top_bottom)
{
    static const char *const sides[] = {"w:top", "w:left", "w:bottom",
                                        "w:right"};
    dc_xw_start(w, "w:tblCellMar");
    for (int i = 0; i < 4; i++) {
        dc_xw_start(w, sides[i]);
        dc_xw_attr_int(w, "w:w", i % 2 ? c->cell_pad_x : top_bottom);
        dc_xw_attr(w, "w:type", "dxa");
        dc_xw_end(w);
    }
    dc_xw_end(w);
}

/* <w:style w:styleId="TableNormal">: the default table style */
static void
write_table_normal(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    dc_xw_start(w, "w:style");
    dc_xw_attr(w, "w:type", "table");
    dc_xw_attr(w, "w:default", "1");
    dc_xw_attr(w, "w:styleId", "TableNormal");
    dc_xw_val(w, "w:name", "Normal Table");
    dc_xw_val(w, "w:uiPriority", "99");
    dc_xw_empty(w, "w:semiHidden");
    dc_xw_empty(w, "w:unhideWhenUsed");
    dc_xw_start(w, "w:tblPr");
    dc_xw_start(w, "w:tblInd");
    dc_xw_attr(w, "w:w", "0");
    dc_xw_attr(w, "w:type", "dxa");
    dc_xw_end(w);
    dc_docx_write_tbl_cell_mar(w, c, c->cell_pad_y);
    dc_xw_end(w);
    dc_xw_end(w);
}

/* <w:styles> */
static void
write_styles(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    int text_width = dc_docx_text_width(c, 0);
    dc_xw_start(w, "w:styles");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    write_doc_defaults(w, c);
    write_normal(w);
    write_default_font(w);
    write_table_normal(w, c);
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
        write_style(w, c, &styles[i], text_width);
    int sizes[16];
    int nsizes = dc_docx_table_sizes(c, sizes, 16);
    for (int i = 0; i < nsizes; i++)
        for (int k = DC_DOCX_CELL_TEXT; k <= DC_DOCX_CELL_HEAD; k++)
            write_cell_style(w, c, (enum dc_docx_cell_kind)k, sizes[i]);
    dc_xw_end(w);
}

void
dc_docx_part_styles(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    write_styles(w, c);
}
