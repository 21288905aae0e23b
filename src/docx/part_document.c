/* word/document.xml: the cover, the 目录 (a real TOC field already filled
 * with the layout's entries and page numbers), then every block of the
 * model in order.  Tables are written by part_document_table.c.  Tables the
 * layout puts on landscape pages sit in landscape sections; the front
 * matter has no page numbers and the body starts at page 1. */
#include "docx_int.h"

#include <stdlib.h>
#include <string.h>

#include "displaylist.h"

/* One 目录 entry: from the layout, or made from the model without pages. */
struct toc_item {
    int level;
    char *text; /* owned */
    const struct dc_node *target;
    int page; /* 0 = unknown */
};

struct body {
    struct dc_xw *w;
    const struct dc_docx_ctx *c;
    struct toc_item *toc;
    int ntoc;
    int landscape;     /* orientation of the section being filled */
    int at_page_start; /* nothing written on the current page yet */
    int body_sections; /* body sections closed so far */
    int after_table;   /* the last thing written was a w:tbl */
    int after_part;    /* the last thing written was a part title */
    int part;          /* number of the current part */
};

/* ---- runs and paragraphs ---- */

void
dc_docx_write_rpr(struct dc_xw *w, const struct dc_docx_rfmt *f)
{
    if (!f || (!f->east_asia && !f->half_points && !f->bold))
        return;
    dc_xw_start(w, "w:rPr");
    if (f->east_asia) {
        dc_xw_start(w, "w:rFonts");
        dc_xw_attr(w, "w:ascii", f->latin);
        dc_xw_attr(w, "w:eastAsia", f->east_asia);
        dc_xw_attr(w, "w:hAnsi", f->latin);
        dc_xw_attr(w, "w:hint", "eastAsia");
        dc_xw_end(w);
    }
    if (f->bold) {
        dc_xw_empty(w, "w:b");
        dc_xw_empty(w, "w:bCs");
    }
    if (f->half_points) {
        dc_xw_val_int(w, "w:sz", f->half_points);
        dc_xw_val_int(w, "w:szCs", f->half_points);
    }
    dc_xw_end(w);
}

/* <w:t>: one stretch of text without TAB or LF */
static void
write_t(struct dc_xw *w, const char *s, size_t n, int line)
{
    dc_xw_start(w, "w:t");
    /* keep every space as written (readers may fold unmarked ones) */
    if (memchr(s, ' ', n) || memchr(s, '\r', n))
        dc_xw_attr(w, "xml:space", "preserve");
    dc_xw_text(w, s, n, line);
    dc_xw_end(w);
}

void
dc_docx_write_run(struct dc_xw *w, const char *text, int line,
                  const struct dc_docx_rfmt *f)
{
    dc_xw_start(w, "w:r");
    dc_docx_write_rpr(w, f);
    size_t start = 0, n = strlen(text);
    for (size_t i = 0; i <= n; i++) {
        if (i < n && text[i] != '\n' && text[i] != '\t')
            continue;
        if (i > start)
            write_t(w, text + start, i - start, line);
        if (i < n)
            dc_xw_empty(w, text[i] == '\n' ? "w:br" : "w:tab");
        start = i + 1;
    }
    dc_xw_end(w);
}

long
dc_docx_half_ems(const char *s)
{
    size_t n = strlen(s);
    long half_ems = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        int len = dc_utf8_decode(s + i, n - i, &cp);
        if (len <= 0)
            len = 1;
        if (cp == '\n')
            return -1;
        half_ems += cp < 0x2E80 ? 1 : 2;
        i += (size_t)len;
    }
    return half_ems;
}

void
dc_docx_write_bookmark_start(struct dc_xw *w, int id)
{
    char name[32];
    snprintf(name, sizeof name, "_Toc%08d", id + 1);
    dc_xw_start(w, "w:bookmarkStart");
    dc_xw_attr_int(w, "w:id", id);
    dc_xw_attr(w, "w:name", name);
    dc_xw_end(w);
}

void
dc_docx_write_bookmark_end(struct dc_xw *w, int id)
{
    dc_xw_start(w, "w:bookmarkEnd");
    dc_xw_attr_int(w, "w:id", id);
    dc_xw_end(w);
}

/* <w:p> with a style and one run of model text; `no_break` cancels the
 * style's page break, `bookmark` >= 0 marks a 目录 target */
static void
write_p(struct dc_xw *w, const char *style, const char *text, int line,
        int no_break, int bookmark)
{
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", style);
    if (no_break)
        dc_xw_val(w, "w:pageBreakBefore", "0");
    dc_xw_end(w);
    if (bookmark >= 0)
        dc_docx_write_bookmark_start(w, bookmark);
    if (text && *text)
        dc_docx_write_run(w, text, line, NULL);
    if (bookmark >= 0)
        dc_docx_write_bookmark_end(w, bookmark);
    dc_xw_end(w);
}

/* ---- sections ---- */

/* <w:footerReference>: odd (default) and even page numbers */
static void
write_footer_reference(struct dc_xw *w, const char *type, const char *rid)
{
    dc_xw_start(w, "w:footerReference");
    dc_xw_attr(w, "w:type", type);
    dc_xw_attr(w, "r:id", rid);
    dc_xw_end(w);
}

/* <w:pgSz>: A4, turned for a landscape section */
static void
write_pg_sz(struct dc_xw *w, const struct dc_docx_page *p, int landscape)
{
    dc_xw_start(w, "w:pgSz");
    dc_xw_attr_int(w, "w:w", landscape ? p->h : p->w);
    dc_xw_attr_int(w, "w:h", landscape ? p->w : p->h);
    if (landscape)
        dc_xw_attr(w, "w:orient", "landscape");
    dc_xw_end(w);
}

/* <w:pgMar>: GB/T 9704 margins; a landscape page is the portrait page
 * turned, its head toward the binding edge, so the text block keeps its
 * size (225 × 156 mm), as the layout engine's landscape box */
static void
write_pg_mar(struct dc_xw *w, const struct dc_docx_page *p, int landscape)
{
    dc_xw_start(w, "w:pgMar");
    dc_xw_attr_int(w, "w:top", landscape ? p->left : p->top);
    dc_xw_attr_int(w, "w:right", landscape ? p->bottom : p->right);
    dc_xw_attr_int(w, "w:bottom", landscape ? p->right : p->bottom);
    dc_xw_attr_int(w, "w:left", landscape ? p->top : p->left);
    dc_xw_attr_int(w, "w:header", p->header);
    dc_xw_attr_int(w, "w:footer",
                   dc_docx_footer(p, landscape ? p->right : p->bottom));
    dc_xw_attr(w, "w:gutter", "0");
    dc_xw_end(w);
}

/* <w:docGrid>: GB/T 9704's line pitch, 22 lines of 三号 in the type area
 * (28.9 pt, the body style's exact leading).  No character grid: the 28
 * characters a line come from the styles' character spacing (w:spacing,
 * as the PDF's tracking), and LibreOffice's reading of w:charSpace spreads
 * 三号 text to some 20 a line.  The spacing is page.xml's docx-tracking
 * (-0.5 pt where the PDF's is -0.3 pt: layouts/page.xml says why). */
static void
write_doc_grid(struct dc_xw *w, const struct dc_docx_ctx *c)
{
    dc_xw_start(w, "w:docGrid");
    dc_xw_attr(w, "w:type", "lines");
    dc_xw_attr_int(w, "w:linePitch",
                   dc_docx_twips(c->style[DC_ST_BODY].leading));
    dc_xw_end(w);
}

/* <w:sectPr>: `front` = cover and 目录, without page numbers */
static void
write_sect_pr(struct body *b, int front)
{
    struct dc_xw *w = b->w;
    dc_xw_start(w, "w:sectPr");
    if (!front) {
        write_footer_reference(w, "default", "rId4");
        write_footer_reference(w, "even", "rId5");
    }
    write_pg_sz(w, &b->c->page, b->landscape);
    write_pg_mar(w, &b->c->page, b->landscape);
    if (!front && b->body_sections == 0) {
        dc_xw_start(w, "w:pgNumType");
        dc_xw_attr(w, "w:start", "1");
        dc_xw_end(w);
    }
    dc_xw_start(w, "w:cols");
    dc_xw_attr(w, "w:space", "425");
    dc_xw_end(w);
    write_doc_grid(w, b->c);
    dc_xw_end(w);
    if (!front)
        b->body_sections++;
}

/* <w:p> that only ends a section: one point high, so it never pushes
 * anything to a page of its own */
static void
write_section_break(struct body *b, int front)
{
    struct dc_xw *w = b->w;
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_start(w, "w:spacing");
    dc_xw_attr(w, "w:before", "0");
    dc_xw_attr(w, "w:after", "0");
    dc_xw_attr(w, "w:line", "20");
    dc_xw_attr(w, "w:lineRule", "exact");
    dc_xw_end(w);
    dc_xw_start(w, "w:rPr");
    dc_xw_val(w, "w:sz", "2");
    dc_xw_val(w, "w:szCs", "2");
    dc_xw_end(w);
    write_sect_pr(b, front);
    dc_xw_end(w);
    dc_xw_end(w);
    b->at_page_start = 1;
    b->after_table = 0;
}

/* Ends the current section when the next block needs the other
 * orientation. */
static void
turn_page(struct body *b, int landscape)
{
    if (b->landscape == landscape)
        return;
    write_section_break(b, 0);
    b->landscape = landscape;
}

/* ---- the 目录 ---- */

static int
toc_index(const struct body *b, const struct dc_node *n)
{
    for (int i = 0; i < b->ntoc; i++)
        if (b->toc[i].target == n)
            return i;
    return -1;
}

static char *
join(const char *a, const char *sep, const char *c)
{
    struct dc_buf t;
    dc_buf_init(&t);
    if (a)
        dc_buf_puts(&t, a);
    if (a && *a && c && *c)
        dc_buf_puts(&t, sep);
    if (c)
        dc_buf_puts(&t, c);
    return dc_buf_detach(&t);
}

/* `text` with a '\n' (a w:br) before each of its `n` byte offsets `brk`
 * (ascending): the entry broken where the PDF's 目录 breaks it, so that
 * the written 目录 does not leave one character on a line of its own */
static char *
broken_at(const char *text, const int *brk, int n)
{
    struct dc_buf t;
    dc_buf_init(&t);
    size_t from = 0, len = strlen(text);
    for (int k = 0; k < n; k++) {
        size_t at = (size_t)brk[k];
        if (at <= from || at >= len)
            continue;
        dc_buf_put(&t, text + from, at - from);
        dc_buf_putc(&t, '\n');
        from = at;
    }
    dc_buf_puts(&t, text + from);
    return dc_buf_detach(&t);
}

/* The 目录 entries: the layout's, or, before there is a layout, parts,
 * first-level headings and numbered tables without page numbers. */
static void
collect_toc(struct body *b)
{
    const struct dc_layout_decisions *dec = b->c->dec;
    if (dec && dec->ntoc > 0) {
        b->toc = dc_xcalloc((size_t)dec->ntoc, sizeof(*b->toc));
        for (int i = 0; i < dec->ntoc; i++) {
            b->toc[i].level = dec->toc[i].level;
            b->toc[i].text = broken_at(dec->toc[i].text ? dec->toc[i].text
                                                        : "",
                                       dec->toc[i].brk, dec->toc[i].nbrk);
            b->toc[i].target = dec->toc[i].target;
            b->toc[i].page = dec->toc[i].page;
        }
        b->ntoc = dec->ntoc;
        return;
    }
    int cap = 0;
    for (const struct dc_node *n = dc_node_first(b->c->doc->root); n;
         n = dc_node_next(n))
        cap++;
    b->toc = dc_xcalloc((size_t)cap + 1, sizeof(*b->toc));
    for (const struct dc_node *n = dc_node_first(b->c->doc->root); n;
         n = dc_node_next(n)) {
        struct toc_item *t = &b->toc[b->ntoc];
        if (n->type == DC_NODE_PART) {
            t->level = 0;
            t->text = join(n->u.part.numbering, "\xE3\x80\x80", /* U+3000 */
                           n->u.part.title);
        } else if (n->type == DC_NODE_HEADING && n->u.heading.level == 1) {
            t->level = 1;
            t->text = join(n->u.heading.numbering, "", n->u.heading.title);
        } else if (n->type == DC_NODE_TABLE &&
                   n->u.table.kind == DC_TABLE_NUMBERED) {
            t->level = 1;
            t->text = join(n->u.table.label, "\xE3\x80\x80", /* U+3000 */
                           n->u.table.title);
        } else {
            continue;
        }
        t->target = n;
        b->ntoc++;
    }
}

static void
free_toc(struct body *b)
{
    for (int i = 0; i < b->ntoc; i++)
        free(b->toc[i].text);
    free(b->toc);
}

/* <w:r><w:fldChar/></w:r> */
static void
write_fld_char(struct dc_xw *w, const char *type, int dirty)
{
    dc_xw_start(w, "w:r");
    dc_xw_start(w, "w:fldChar");
    dc_xw_attr(w, "w:fldCharType", type);
    if (dirty)
        dc_xw_attr(w, "w:dirty", "true");
    dc_xw_end(w);
    dc_xw_end(w);
}

/* The runs that open the TOC field: begin, instruction, separate.  With no
 * page numbers from a layout the field is marked dirty so Word refreshes
 * it. */
static void
write_toc_field_begin(struct body *b)
{
    struct dc_xw *w = b->w;
    int dirty = b->c->dec == NULL || b->c->dec->ntoc == 0;
    write_fld_char(w, "begin", dirty);
    dc_xw_start(w, "w:r");
    dc_xw_start(w, "w:instrText");
    dc_xw_attr(w, "xml:space", "preserve");
    /* \o 1-2: the parts and part three's 一、 sections (other parts' 一、
     * headings sit a level lower); \t: paragraphs of the Table Title
     * style (表N　title, as the PDF's 目录 lists them) at level 2 */
    dc_xw_str(w, " TOC \\o \"1-2\" \\t \"" DC_DOCX_TOC_TABLE_STYLE
                 ",2\" \\h \\z \\u ");
    dc_xw_end(w);
    dc_xw_end(w);
    write_fld_char(w, "separate", 0);
}

/* <w:hyperlink w:anchor="_Toc…">: entry text, tab, page number */
static void
write_toc_hyperlink(struct body *b, int i)
{
    struct dc_xw *w = b->w;
    const struct toc_item *t = &b->toc[i];
    char name[32], page[16];
    snprintf(name, sizeof name, "_Toc%08d", i + 1);
    dc_xw_start(w, "w:hyperlink");
    dc_xw_attr(w, "w:anchor", name);
    dc_xw_attr(w, "w:history", "1");
    dc_docx_write_run(w, t->text, t->target ? t->target->line : 0, NULL);
    dc_xw_start(w, "w:r");
    dc_xw_empty(w, "w:tab");
    dc_xw_end(w);
    if (t->page > 0) {
        snprintf(page, sizeof page, "%d", t->page);
        dc_docx_write_run(w, page, 0, NULL);
    }
    dc_xw_end(w);
}

/* The 目录 page: its heading, then one paragraph per entry, the first
 * opening the TOC field and the last closing it */
static void
write_toc(struct body *b)
{
    struct dc_xw *w = b->w;
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "TOCHeading");
    dc_xw_empty(w, "w:pageBreakBefore");
    dc_xw_end(w);
    dc_docx_write_run(w, "\xE7\x9B\xAE\xE3\x80\x80\xE5\xBD\x95", 0, NULL);
    dc_xw_end(w);

    int n = b->ntoc > 0 ? b->ntoc : 1;
    for (int i = 0; i < n; i++) {
        dc_xw_start(w, "w:p");
        dc_xw_start(w, "w:pPr");
        dc_xw_val(w, "w:pStyle",
                  b->ntoc > 0 && b->toc[i].level == 0 ? "TOC1" : "TOC2");
        dc_xw_end(w);
        if (i == 0)
            write_toc_field_begin(b);
        if (b->ntoc > 0)
            write_toc_hyperlink(b, i);
        if (i == n - 1)
            write_fld_char(w, "end", 0);
        dc_xw_end(w);
    }
}

/* ---- cover ---- */

/* The cover: department, "<year>年部门预算公开", date */
static void
write_cover(struct body *b)
{
    struct dc_xw *w = b->w;
    const struct dc_meta *m = &b->c->doc->meta;
    char title[64];
    if (m->year > 0)
        snprintf(title, sizeof title, "%d年部门预算公开", m->year);
    else
        snprintf(title, sizeof title, "部门预算公开");

    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "CoverDept");
    dc_xw_end(w);
    if (m->department)
        dc_docx_write_run(w, m->department, 0, NULL);
    dc_xw_end(w);

    write_p(w, "Title", title, 0, 0, -1);

    if (m->date) {
        dc_xw_start(w, "w:p");
        dc_xw_start(w, "w:pPr");
        dc_xw_val(w, "w:pStyle", "CoverDate");
        dc_xw_end(w);
        dc_docx_write_run(w, m->date, 0, NULL);
        dc_xw_end(w);
    }
}

/* ---- blocks ---- */

/* 第一部分　… (heading 1, a new page) */
static void
write_part(struct body *b, const struct dc_node *n)
{
    /* a title too wide for one line breaks after its numbering, never
     * inside a word (page.xml's part size: 二号, 22 pt, a Han character
     * 440 twips) */
    char *one = join(n->u.part.numbering, "\xE3\x80\x80", n->u.part.title);
    long hw = dc_docx_half_ems(one);
    long half_em = dc_docx_twips(b->c->style[DC_ST_PART].size) / 2;
    int fits = hw >= 0 && hw * half_em <= dc_docx_text_width(b->c, 0);
    char *text = fits ? one : join(n->u.part.numbering, "\n", n->u.part.title);
    write_p(b->w, "Heading1", text, n->line, b->at_page_start,
            toc_index(b, n));
    if (text != one)
        free(text);
    free(one);
    b->part = n->u.part.number;
}

/* 一、 / （一） / （1）: heading 2..4 */
static void
write_heading(struct body *b, const struct dc_node *n)
{
    static const char *const styles[] = {"Heading2", "Heading3",
                                         "Heading4"};
    int level = n->u.heading.level;
    if (level < 1)
        level = 1;
    if (level > 3)
        level = 3;
    char *text = join(n->u.heading.numbering, "", n->u.heading.title);
    /* only part three's 一、 sections are 目录 entries, as in the PDF:
     * the others (主要职能, …) stay in the navigation pane a level lower */
    write_p(b->w, level == 1 && b->part != 3 ? "MinorHeading"
                                             : styles[level - 1],
            text, n->line, 0, toc_index(b, n));
    free(text);
}

/* body text, first line indented by two characters (in the style) */
static void
write_paragraph(struct body *b, const struct dc_node *n)
{
    struct dc_xw *w = b->w;
    const char *text = n->u.para.text ? n->u.para.text : "";
    const char *term = n->u.para.term;
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "BodyText");
    dc_xw_end(w);
    /* a glossary entry's text holds its term ("一、财政拨款：…"), set
     * plainly as in the PDF; a term missing from the text is not lost */
    if (n->u.para.role == DC_PARA_GLOSSARY && term && *term &&
        !strstr(text, term)) {
        struct dc_docx_rfmt f = {b->c->font[DC_FONT_HEI],
                                 b->c->font[DC_FONT_LATIN], 0, 0};
        dc_docx_write_run(w, term, n->line, &f);
    }
    dc_docx_write_run(w, text, n->line, NULL);
    dc_xw_end(w);
}

/* <w:p> of the signature: right-aligned, `right` (1/100 characters of
 * `hp` half-points) in from the edge */
static void
write_signature_p(struct dc_xw *w, const char *text, int line, int right,
                  int before, int hp)
{
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "Signature");
    if (before) {
        dc_xw_start(w, "w:spacing");
        dc_xw_attr_int(w, "w:before", before);
        dc_xw_end(w);
    }
    dc_xw_start(w, "w:ind");
    dc_xw_attr_int(w, "w:rightChars", right);
    dc_xw_attr_int(w, "w:right", right * hp / 10);
    dc_xw_end(w);
    dc_xw_end(w);
    dc_docx_write_run(w, text, line, NULL);
    dc_xw_end(w);
}

/* 落款 as the PDF sets it: the date 右空四字 and the department centred
 * over it; a department too long for that ends at the right edge, with the
 * date centred under it. */
static void
write_signature(struct body *b, const struct dc_node *n)
{
    const struct dc_tstyle *st = &b->c->style[DC_ST_SIGNATURE];
    const char *dept = n->u.sig.department, *date = n->u.sig.date;
    long dw = dept ? dc_docx_half_ems(dept) : 0;
    long tw = date ? dc_docx_half_ems(date) : 0;
    int in = st->indent * 100; /* 1/100 characters */
    int dept_right = in, date_right = in;
    if (dept && date && dw >= 0 && tw >= 0) {
        dept_right = (int)(in + (tw - dw) * 25);
        if (dept_right < 0) {
            date_right = (int)((dw - tw) * 25);
            dept_right = 0;
        }
    }
    /* the space above it is page.xml's before (two 29 pt lines) */
    int before = dc_docx_twips(st->before), hp = dc_docx_half_points(st->size);
    if (dept)
        write_signature_p(b->w, dept,
                          n->u.sig.dept_line ? n->u.sig.dept_line : n->line,
                          dept_right, before, hp);
    if (date)
        write_signature_p(b->w, date, n->line, date_right,
                          dept ? 0 : before, hp);
}

static int
table_landscape(const struct body *b, const struct dc_node *t)
{
    int wtw[DC_MAX_COLS], landscape = 0, nheader = 0, hp = 0;
    dc_docx_table_geometry(b->c, t, wtw, &landscape, &nheader, &hp);
    return landscape;
}

/* A table starts a new page, except right under its part's title (as in
 * the PDF, the first table shares the part title's page). */
static void
write_block_table(struct body *b, const struct dc_node *n)
{
    turn_page(b, table_landscape(b, n));
    dc_docx_write_table(b->w, b->c, n, !b->at_page_start && !b->after_part,
                        toc_index(b, n));
    b->after_table = 1;
}

/* <w:body>: cover and 目录 in one section, then the document */
static void
write_body(struct body *b)
{
    struct dc_xw *w = b->w;
    dc_xw_start(w, "w:body");
    write_cover(b);
    write_toc(b);
    write_section_break(b, 1);

    struct dc_iter it;
    dc_iter_init(&it, b->c->doc->root);
    enum dc_iter_event ev;
    while ((ev = dc_iter_next(&it)) != DC_DONE) {
        const struct dc_node *n = dc_iter_node(&it);
        if (ev != DC_ENTER)
            continue;
        if (n->type != DC_NODE_TABLE && n->type != DC_NODE_ROW &&
            n->type != DC_NODE_CELL && n->type != DC_NODE_DOCUMENT)
            turn_page(b, 0);
        switch (n->type) {
        case DC_NODE_DOCUMENT:
        case DC_NODE_ROW:  /* written with their table */
        case DC_NODE_CELL:
            continue;
        case DC_NODE_PART:
            write_part(b, n);
            b->after_table = 0;
            b->at_page_start = 0;
            b->after_part = 1;
            continue;
        case DC_NODE_HEADING:
            write_heading(b, n);
            b->after_table = 0;
            break;
        case DC_NODE_PARAGRAPH:
            write_paragraph(b, n);
            b->after_table = 0;
            break;
        case DC_NODE_SIGNATURE:
            write_signature(b, n);
            b->after_table = 0;
            break;
        case DC_NODE_TABLE:
            write_block_table(b, n);
            break;
        }
        b->at_page_start = 0;
        b->after_part = 0;
    }
    if (b->after_table)
        write_p(w, "Normal", NULL, 0, 0, -1); /* Word wants one after */
    write_sect_pr(b, 0);
    dc_xw_end(w);
}

/* <w:document> */
static void
write_document(struct body *b)
{
    struct dc_xw *w = b->w;
    dc_xw_start(w, "w:document");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    dc_xw_attr(w, "xmlns:r", DC_NS_R);
    write_body(b);
    dc_xw_end(w);
}

void
dc_docx_part_document(const struct dc_docx_ctx *c, struct dc_xw *w)
{
    struct body b;
    memset(&b, 0, sizeof b);
    b.c = c;
    b.w = w;
    collect_toc(&b);
    write_document(&b);
    free_toc(&b);
}
