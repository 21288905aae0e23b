/* word/document.xml, tables: a numbered table (表N, its title centred in
 * 黑体, 编制部门 left and 单位 right) or a performance form (title,
 * subtitle), then a native w:tbl whose grid is the layout's column widths,
 * with merged cells (w:gridSpan, w:vMerge), repeated header rows, rows that
 * do not split across pages, a heavier outer frame, and alignment by column
 * role. */
#include "docx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "displaylist.h"

int
dc_docx_table_geometry(const struct dc_docx_ctx *c,
                       const struct dc_node *table, int *w, int *landscape,
                       int *nheader, int *half_points)
{
    const struct dc_table *t = &table->u.table;
    const struct dc_tabledef *def = t->def;
    const struct dc_table_decision *d = dc_layout_table_decision(c->dec, table);
    int ncols = t->ncols;
    if (ncols > DC_MAX_COLS)
        ncols = DC_MAX_COLS;
    if (ncols < 1)
        ncols = 1;

    if (d && d->ncols == ncols) {
        /* the layout decided: the grid is its widths, exactly */
        for (int i = 0; i < ncols; i++)
            w[i] = dc_docx_twips(d->col_width[i]);
        *landscape = d->landscape;
        *nheader = d->nheader;
        *half_points = d->font_size > 0 ? (d->font_size + 250) / 500 : 21;
        return ncols;
    }

    /* no layout yet: the tabledef's relative widths over the text width */
    *landscape = def ? def->landscape : 0;
    *nheader = t->nheader;
    *half_points = def && def->font_size > 0 ? (def->font_size + 2) / 5 : 21;
    int text = dc_docx_text_width(c, *landscape);
    long sum = 0;
    int use_def = def && def->ncols == ncols;
    for (int i = 0; i < ncols; i++)
        sum += use_def && def->cols[i].width > 0 ? def->cols[i].width : 100;
    int used = 0;
    for (int i = 0; i < ncols; i++) {
        long rel =
            use_def && def->cols[i].width > 0 ? def->cols[i].width : 100;
        w[i] = i == ncols - 1 ? text - used : (int)(rel * text / sum);
        used += w[i];
    }
    return ncols;
}

struct tbl {
    struct dc_xw *w;
    const struct dc_docx_ctx *c;
    const struct dc_node *table;
    const struct dc_table_decision *d; /* NULL without a layout */
    const struct dc_node **rows;       /* the table's rows, in order */
    int nrows;
    int rows_match; /* the layout's rows are these: its heights, breaks */
    int ncols;
    int width[DC_MAX_COLS]; /* twips */
    int total;              /* twips */
    int landscape;
    int nheader;     /* leading rows repeated on every page */
    int half_points; /* body cell type size */
    char style[3][40]; /* cell paragraph styles by enum dc_docx_cell_kind,
                          named once per table, not per cell */
};

/* ---- the paragraphs above the table ---- */

/* <w:p> above a table: a style, an optional page break, a bookmark */
static void
write_caption(struct tbl *t, const char *style, const char *text,
              int page_break, int bookmark)
{
    struct dc_xw *w = t->w;
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", style);
    if (page_break)
        dc_xw_empty(w, "w:pageBreakBefore");
    dc_xw_end(w);
    if (bookmark >= 0)
        dc_docx_write_bookmark_start(w, bookmark);
    if (text && *text)
        dc_docx_write_run(w, text, t->table->line, NULL);
    if (bookmark >= 0)
        dc_docx_write_bookmark_end(w, bookmark);
    dc_xw_end(w);
}

/* 编制部门：… at the table's left edge, 单位：… at its right edge */
static void
write_meta_line(struct tbl *t)
{
    const struct dc_table *tb = &t->table->u.table;
    struct dc_xw *w = t->w;
    int text = dc_docx_text_width(t->c, t->landscape);
    int indent = t->total < text ? (text - t->total) / 2 : 0;
    int right = indent + (t->total < text ? t->total : text);

    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", "TableMeta");
    dc_xw_start(w, "w:tabs");
    dc_xw_start(w, "w:tab");
    dc_xw_attr(w, "w:val", "right");
    dc_xw_attr_int(w, "w:pos", right);
    dc_xw_end(w);
    dc_xw_end(w);
    if (indent > 0) {
        dc_xw_start(w, "w:ind");
        dc_xw_attr_int(w, "w:left", indent);
        dc_xw_end(w);
    }
    dc_xw_end(w);
    struct dc_buf s;
    dc_buf_init(&s);
    if (tb->department)
        dc_buf_printf(&s, "%s：%s",
                      tb->dept_label ? tb->dept_label : "编制部门",
                      tb->department);
    if (tb->unit)
        dc_buf_printf(&s, "\t单位：%s", tb->unit);
    dc_docx_write_run(w, s.data, t->table->line, NULL);
    dc_buf_free(&s);
    dc_xw_end(w);
}

/* ---- the table ---- */

/* A row of the DOCX is this much lower than the PDF's (twips): LibreOffice
 * adds the 0.5 pt rule to every row, sets a table's first row lower on the
 * page and ends the text block a little higher, so a row as high as the
 * PDF's would push each page's last row onto a page of its own.  Half a
 * point a row is enough room for that and not to be seen. */
#define DC_DOCX_ROW_SHORTER 20

/* <w:tblBorders>: 1 pt frame, 0.5 pt inner rules (as the PDF) */
static void
write_tbl_borders(struct dc_xw *w)
{
    static const char *const sides[] = {"w:top",     "w:left",
                                        "w:bottom",  "w:right",
                                        "w:insideH", "w:insideV"};
    dc_xw_start(w, "w:tblBorders");
    for (int i = 0; i < 6; i++) {
        dc_xw_start(w, sides[i]);
        dc_xw_attr(w, "w:val", "single");
        dc_xw_attr(w, "w:sz", i < 4 ? "8" : "4");
        dc_xw_attr(w, "w:space", "0");
        dc_xw_attr(w, "w:color", "000000");
        dc_xw_end(w);
    }
    dc_xw_end(w);
}

/* <w:tblPr>: width, centred, fixed layout, borders, cell padding */
static void
write_tbl_pr(struct tbl *t)
{
    struct dc_xw *w = t->w;
    dc_xw_start(w, "w:tblPr");
    dc_xw_start(w, "w:tblW");
    dc_xw_attr_int(w, "w:w", t->total);
    dc_xw_attr(w, "w:type", "dxa");
    dc_xw_end(w);
    dc_xw_val(w, "w:jc", "center");
    write_tbl_borders(w);
    dc_xw_val(w, "w:tblLayout", "fixed");
    /* the padding above and below the text the layout used (half of the
     * style's in a table set tighter to stay on one page, as 表1), less
     * half of DC_DOCX_ROW_SHORTER each */
    dc_docx_write_tbl_cell_mar(w, t->c,
                               t->d && t->d->pad_y > 0
                                   ? dc_docx_twips(t->d->pad_y) -
                                         DC_DOCX_ROW_SHORTER / 2
                                   : t->c->cell_pad_y);
    dc_xw_end(w);
}

/* <w:tblGrid>: one w:gridCol per column, the layout's widths */
static void
write_tbl_grid(struct tbl *t)
{
    struct dc_xw *w = t->w;
    dc_xw_start(w, "w:tblGrid");
    for (int i = 0; i < t->ncols; i++) {
        dc_xw_start(w, "w:gridCol");
        dc_xw_attr_int(w, "w:w", t->width[i]);
        dc_xw_end(w);
    }
    dc_xw_end(w);
}

/* <w:trPr>: never split a row; at least as high as the PDF's row (a row
 * under a merged cell takes its share of it, as in the PDF); repeat the
 * header rows */
static void
write_tr_pr(struct tbl *t, int index, int header)
{
    struct dc_xw *w = t->w;
    dc_xw_start(w, "w:trPr");
    dc_xw_empty(w, "w:cantSplit");
    if (t->rows_match && t->d->row_height) {
        dc_xw_start(w, "w:trHeight");
        dc_xw_attr_int(w, "w:val", dc_docx_twips(t->d->row_height[index]) -
                                       DC_DOCX_ROW_SHORTER);
        dc_xw_attr(w, "w:hRule", "atLeast");
        dc_xw_end(w);
    }
    if (header)
        dc_xw_empty(w, "w:tblHeader");
    dc_xw_end(w);
}

static int
span_width(const struct tbl *t, int col, int span)
{
    int sum = 0;
    for (int i = col; i < col + span && i < t->ncols; i++)
        sum += t->width[i];
    return sum;
}

/* <w:tcPr>: width, horizontal and vertical merges, centred vertically;
 * `restart`: a merge going on from the page before starts again */
static void
write_tc_pr(struct tbl *t, const struct dc_cell *cell, int restart)
{
    struct dc_xw *w = t->w;
    int span = cell->colspan > 0 ? cell->colspan : 1;
    dc_xw_start(w, "w:tcPr");
    dc_xw_start(w, "w:tcW");
    dc_xw_attr_int(w, "w:w", span_width(t, cell->col, span));
    dc_xw_attr(w, "w:type", "dxa");
    dc_xw_end(w);
    if (span > 1)
        dc_xw_val_int(w, "w:gridSpan", span);
    if (cell->vmerge == DC_VMERGE_RESTART ||
        (restart && cell->vmerge == DC_VMERGE_CONTINUE))
        dc_xw_val(w, "w:vMerge", "restart");
    else if (cell->vmerge == DC_VMERGE_CONTINUE)
        dc_xw_empty(w, "w:vMerge");
    dc_xw_val(w, "w:vAlign", "center");
    dc_xw_end(w);
}

static enum dc_col_role
col_role(const struct tbl *t, int col)
{
    const struct dc_tabledef *def = t->table->u.table.def;
    if (def && col >= 0 && col < def->ncols)
        return def->cols[col].role;
    return DC_COL_TEXT;
}

/* Whether the text of a cell surely fits on one line: Word spreads every
 * line of a distributed paragraph, the PDF only a label that fits one line,
 * so a longer label is set like its neighbours.  Han characters count one
 * em, others half. */
static int
fits_one_line(const struct tbl *t, const struct dc_cell *cell)
{
    long half_ems = dc_docx_half_ems(cell->text ? cell->text : "");
    if (half_ems < 0)
        return 0;
    int span = cell->colspan > 0 ? cell->colspan : 1;
    long inner = span_width(t, cell->col, span) - 2 * 57; /* twips */
    return half_ems * t->half_points * 5 <= inner; /* half-em = hp*5 tw */
}

/* The indent (twips, each side) that makes Word's "distribute" spread a
 * one-line label as the PDF does: its characters a gap apart of at most
 * one character, the whole centred in the cell; -1 when the PDF does not
 * spread it (one character, or no room). */
static int
spread_indent(const struct tbl *t, const struct dc_cell *cell)
{
    const char *s = cell->text ? cell->text : "";
    long half_ems = dc_docx_half_ems(s);
    long n = (long)dc_utf8_len(s, strlen(s));
    int span = cell->colspan > 0 ? cell->colspan : 1;
    long inner = span_width(t, cell->col, span) - 2 * 57; /* twips */
    long w = half_ems * t->half_points * 5, em = t->half_points * 10L;
    if (half_ems < 0 || n < 2 || w >= inner)
        return -1;
    long gap = (inner - w) / (n - 1);
    if (gap > em)
        gap = em;
    return (int)((inner - w - gap * (n - 1)) / 2);
}

/* How a cell is set, as the layout engine sets it: w:jc, and the left
 * indent (1/100 characters) of names by classification level. */
static const char *
cell_jc(const struct tbl *t, const struct dc_node *row,
        const struct dc_cell *cell, int *indent)
{
    *indent = 0;
    /* a distributed label (收　入) that fits a line is spread as the PDF
     * spreads it (the indent of spread_indent() keeps Word's "distribute"
     * from stretching it across the whole cell); a header cell is centred */
    if ((cell->flags & DC_CELL_DISTRIBUTED) && spread_indent(t, cell) >= 0)
        return "distribute";
    if (row->u.row.kind == DC_ROW_HEADER)
        return "center";
    enum dc_col_role role = col_role(t, cell->col);
    /* figures, and a form's figures (资金总额, 分值权重) too */
    if (role == DC_COL_AMOUNT ||
        ((cell->flags & DC_CELL_NUMBER) &&
         (!t->table->u.table.def ||
          t->table->u.table.kind != DC_TABLE_NUMBERED)))
        return "right";
    if (row->u.row.kind == DC_ROW_TOTAL)
        return fits_one_line(t, cell) ? "center" : "left";
    if (role == DC_COL_NAME || role == DC_COL_ITEM || role == DC_COL_TEXT) {
        /* the hierarchy indent belongs to classification names only (not
         * to 表7's 项目名称), as in the PDF; without a layout file every
         * column may be one */
        if (row->u.row.level > 1 &&
            (role == DC_COL_NAME || !t->table->u.table.def))
            *indent = (row->u.row.level - 1) * 100;
        return "left";
    }
    /* running text that takes several lines reads from the left (as the
     * PDF sets it) */
    return fits_one_line(t, cell) ? "center" : "left";
}

/* <w:p> inside a cell: alignment, indent, type size; '\n' -> <w:br/>.
 * `origin` is the cell whose text it shows: itself, or the cell that began
 * a vertical merge going on from the page before (named again there, as
 * the PDF does) */
static void
write_cell_p(struct tbl *t, const struct dc_node *row,
             const struct dc_node *cn, const struct dc_node *origin)
{
    struct dc_xw *w = t->w;
    const struct dc_cell *cell = &cn->u.cell;
    int header = row->u.row.kind == DC_ROW_HEADER;
    int indent = 0;
    const char *jc = cell_jc(t, row, cell, &indent);
    /* type size, leading and font (totals and 类 rows in 黑体, as the
     * PDF) come from a style per size: see part_styles.c */
    const char *style =
        t->style[header                           ? DC_DOCX_CELL_HEAD
                 : row->u.row.kind == DC_ROW_TOTAL || row->u.row.level == 1
                     ? DC_DOCX_CELL_STRONG
                     : DC_DOCX_CELL_TEXT];

    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:pPr");
    dc_xw_val(w, "w:pStyle", style);
    /* a figure with fewer decimals than its column's stands in from the
     * right by the digits and point it lacks (Times: a digit half an em,
     * the point a quarter), so the column lines up on the point as in the
     * PDF */
    int rpad = 0;
    if (t->d && strcmp(jc, "right") == 0 && (cell->flags & DC_CELL_NUMBER) &&
        cell->col >= 0 && cell->col < DC_MAX_COLS &&
        t->d->col_scale[cell->col] > (int)cell->scale) {
        int lack = t->d->col_scale[cell->col] - (int)cell->scale;
        rpad = lack * t->half_points * 5 +
               ((int)cell->scale == 0 ? t->half_points * 5 / 2 : 0);
    }
    if (rpad > 0) {
        dc_xw_start(w, "w:ind");
        dc_xw_attr_int(w, "w:right", rpad);
        dc_xw_end(w);
    } else if (indent > 0) {
        dc_xw_start(w, "w:ind");
        dc_xw_attr_int(w, "w:leftChars", indent);
        dc_xw_attr_int(w, "w:left", indent * t->half_points / 10);
        dc_xw_end(w);
    } else if (strcmp(jc, "distribute") == 0) {
        int side = spread_indent(t, cell);
        dc_xw_start(w, "w:ind");
        dc_xw_attr_int(w, "w:left", side);
        dc_xw_attr_int(w, "w:right", side);
        dc_xw_end(w);
    }
    dc_xw_val(w, "w:jc", jc);
    dc_xw_end(w);
    const struct dc_cell *oc = &origin->u.cell;
    if (oc->vmerge != DC_VMERGE_CONTINUE && !(oc->flags & DC_CELL_PADDED) &&
        oc->text && *oc->text)
        dc_docx_write_run(w, oc->text, origin->line, NULL);
    dc_xw_end(w);
}

/* The cell that began the vertical merge `cn` (row `index`) goes on. */
static const struct dc_node *
merge_origin(const struct tbl *t, int index, const struct dc_node *cn)
{
    for (int k = index - 1; k >= 0; k--) {
        const struct dc_node *up = dc_row_cell_at(t->rows[k], cn->u.cell.col);
        if (!up)
            break;
        if (up->u.cell.vmerge != DC_VMERGE_CONTINUE)
            return up;
    }
    return cn;
}

/* <w:tc>; `first` = the first row of a continuation */
static void
write_tc(struct tbl *t, const struct dc_node *row, int index,
         const struct dc_node *cn, int first)
{
    int restart = first && cn->u.cell.vmerge == DC_VMERGE_CONTINUE;
    dc_xw_start(t->w, "w:tc");
    write_tc_pr(t, &cn->u.cell, restart);
    write_cell_p(t, row, cn, restart ? merge_origin(t, index, cn) : cn);
    dc_xw_end(t->w);
}

/* <w:tr> */
static void
write_tr(struct tbl *t, int index, int header, int first)
{
    const struct dc_node *row = t->rows[index];
    dc_xw_start(t->w, "w:tr");
    write_tr_pr(t, index, header);
    for (const struct dc_node *c = dc_node_first(row); c; c = dc_node_next(c))
        if (c->type == DC_NODE_CELL)
            write_tc(t, row, index, c, first);
    dc_xw_end(t->w);
}

/* <w:tbl> opened, with its properties and grid */
static void
start_tbl(struct tbl *t)
{
    dc_xw_start(t->w, "w:tbl");
    write_tbl_pr(t);
    write_tbl_grid(t);
}

/* The table, broken where the PDF turns its pages: each continuation is a
 * table of its own on a new page, under 续表N (a form: its name with
 * （续）) and the header rows the PDF repeats there.  Word repeats header
 * rows (w:tblHeader) but cannot put a label over them on later pages only,
 * and where it breaks a table depends on its own line heights; so the
 * breaks are made here and Word's pages are the PDF's.  Header rows stay
 * marked to repeat, so a table a clerk lengthens still shows its head on
 * the page it runs on to. */
static void
write_tbl(struct tbl *t)
{
    int nb = t->rows_match ? t->d->nbreaks : 0, next = 0;
    start_tbl(t);
    for (int i = 0; i < t->nrows; i++) {
        if (next < nb && t->d->breaks[next].row == i && i > 0) {
            const struct dc_table_break *b = &t->d->breaks[next++];
            dc_xw_end(t->w); /* w:tbl */
            write_caption(t, "TableLabel", t->d->cont_label, 1, -1);
            start_tbl(t);
            for (int h = b->hs; h >= 0 && h <= b->he && h < i; h++)
                write_tr(t, h, 1, 0);
            write_tr(t, i, 0, 1);
            continue;
        }
        write_tr(t, i, i < t->nheader &&
                           t->rows[i]->u.row.kind == DC_ROW_HEADER, 0);
    }
    dc_xw_end(t->w);
}

void
dc_docx_write_table(struct dc_xw *w, const struct dc_docx_ctx *c,
                    const struct dc_node *table, int page_break, int bookmark)
{
    struct tbl t;
    memset(&t, 0, sizeof t);
    t.w = w;
    t.c = c;
    t.table = table;
    t.ncols = dc_docx_table_geometry(c, table, t.width, &t.landscape,
                                     &t.nheader, &t.half_points);
    for (int k = DC_DOCX_CELL_TEXT; k <= DC_DOCX_CELL_HEAD; k++)
        dc_docx_table_style(t.style[k], sizeof t.style[k], k, t.half_points);
    t.d = dc_layout_table_decision(c->dec, table);
    for (const struct dc_node *r = dc_node_first(table); r; r = dc_node_next(r))
        if (r->type == DC_NODE_ROW)
            t.nrows++;
    t.rows = dc_xcalloc((size_t)t.nrows + 1, sizeof *t.rows);
    t.nrows = 0;
    for (const struct dc_node *r = dc_node_first(table); r; r = dc_node_next(r))
        if (r->type == DC_NODE_ROW)
            t.rows[t.nrows++] = r;
    /* not the rows the layout saw: no breaks, no heights */
    t.rows_match = t.d && t.d->nrows == t.nrows;
    for (int i = 0; i < t.ncols; i++)
        t.total += t.width[i];

    const struct dc_table *tb = &table->u.table;
    if (tb->kind == DC_TABLE_NUMBERED) {
        char label[32];
        const char *l = tb->label;
        if (!l) {
            snprintf(label, sizeof label, "表%d", tb->number);
            l = label;
        }
        /* 表N　title in one paragraph of the Table Title style: the
         * 目录 entry the PDF has, which the TOC field's \t switch makes
         * from the style (the PDF sets the label on a line of its own;
         * the style keeps that line's height as space above) */
        char *entry = dc_xmalloc(strlen(l) + strlen(tb->title ? tb->title : "") + 4);
        sprintf(entry, "%s\xE3\x80\x80%s", l, tb->title ? tb->title : "");
        write_caption(&t, "TableTitle", entry, page_break, bookmark);
        free(entry);
        if (tb->department || tb->unit)
            write_meta_line(&t);
    } else {
        write_caption(&t, "FormTitle", tb->title, page_break, bookmark);
        if (tb->subtitle)
            write_caption(&t, "FormSubtitle", tb->subtitle, 0, -1);
    }
    write_tbl(&t);
    free(t.rows);
}
