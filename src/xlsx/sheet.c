/* One worksheet per table: the label, title and 编制部门/单位 line above
 * (a form: its title and subtitle), then the table's grid with the merges of
 * its layout, column widths and row heights the layout decided, header rows
 * frozen and repeated on every printed page, A4 in the table's orientation,
 * one page wide, a page number in the footer. */
#include "xlsx_int.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* A merge over several rows whose lower rows are still to come: the
 * workbook is written in constant_memory mode, a row at a time, so its
 * blanks are written as each of its rows comes and the merge itself is
 * registered at its last row (see write_down). */
struct down {
    int r0, rs, cs; /* first row (the table's), rows, columns; rs 0: none */
    lxw_format *f;
};

struct sheet {
    struct dc_xlsx *x;
    lxw_worksheet *ws;
    const struct dc_node *table;
    const struct dc_table_decision *d; /* NULL: the tabledef's widths */
    int ncols;
    int size;               /* body type size, tenths of a point */
    int top;                /* worksheet row of the table's first row */
    int nrows;              /* the table's rows */
    unsigned char *covered; /* nrows * ncols: a cell already fills the slot */
    struct down *down;      /* ncols: the merge reaching down from above */
};

static enum dc_col_role
col_role(const struct sheet *s, int col)
{
    const struct dc_tabledef *def = s->table->u.table.def;
    if (def && def->ncols == s->ncols && col >= 0 && col < def->ncols)
        return def->cols[col].role;
    return DC_COL_TEXT;
}

static int
is_code(enum dc_col_role role)
{
    return role == DC_COL_CLASS || role == DC_COL_KUAN || role == DC_COL_XIANG;
}

static lxw_format *
fmt(struct sheet *s, const struct dc_xlsx_style *k)
{
    return dc_xlsx_format(s->x, k);
}

static struct dc_xlsx_style
plain(int size)
{
    struct dc_xlsx_style k;
    memset(&k, 0, sizeof k);
    k.size = size;
    k.align = LXW_ALIGN_NONE;
    return k;
}

/* ---- the rows above the table ---- */

/* A line of text over the table's whole width, merged when wider than a
 * column. */
static void
write_across(struct sheet *s, int row, const char *text,
             const struct dc_xlsx_style *k, double height)
{
    lxw_format *f = fmt(s, k);
    if (s->ncols > 1)
        dc_xlsx_check(s->x,
                      worksheet_merge_range(
                          s->ws, (lxw_row_t)row, 0, (lxw_row_t)row,
                          (lxw_col_t)(s->ncols - 1), text ? text : "", f),
                      "worksheet_merge_range");
    else
        dc_xlsx_check(s->x,
                      worksheet_write_string(s->ws, (lxw_row_t)row, 0,
                                             text ? text : "", f),
                      "worksheet_write_string");
    dc_xlsx_check(s->x, worksheet_set_row(s->ws, (lxw_row_t)row, height, NULL),
                  "worksheet_set_row");
}

/* 表N; the title; 编制部门：… on the left, 单位：… on the right */
static void
write_numbered_head(struct sheet *s)
{
    const struct dc_table *t = &s->table->u.table;
    char label[32];
    snprintf(label, sizeof label, "表%d", t->number);
    struct dc_xlsx_style k = plain(120);
    k.hei = 1;
    k.align = LXW_ALIGN_LEFT;
    dc_xlsx_check(s->x,
                  worksheet_write_string(
                      s->ws, 0, 0, t->label ? t->label : label, fmt(s, &k)),
                  "worksheet_write_string");
    k.size = 180;
    k.align = LXW_ALIGN_CENTER;
    k.wrap = 1;
    write_across(s, 1, t->title, &k, 30);

    struct dc_buf dept, unit;
    dc_buf_init(&dept);
    dc_buf_init(&unit);
    if (t->department)
        dc_buf_printf(&dept, "%s：%s",
                      t->dept_label ? t->dept_label : "编制部门",
                      t->department);
    if (t->unit)
        dc_buf_printf(&unit, "单位：%s", t->unit);
    struct dc_xlsx_style m = plain(s->size);
    m.align = LXW_ALIGN_LEFT;
    if (s->ncols > 1) {
        lxw_format *f = fmt(s, &m);
        if (s->ncols > 2)
            dc_xlsx_check(s->x,
                          worksheet_merge_range(s->ws, 2, 0, 2,
                                                (lxw_col_t)(s->ncols - 2),
                                                dept.data, f),
                          "worksheet_merge_range");
        else
            dc_xlsx_check(s->x,
                          worksheet_write_string(s->ws, 2, 0, dept.data, f),
                          "worksheet_write_string");
        m.align = LXW_ALIGN_RIGHT;
        dc_xlsx_check(s->x,
                      worksheet_write_string(s->ws, 2,
                                             (lxw_col_t)(s->ncols - 1),
                                             unit.data, fmt(s, &m)),
                      "worksheet_write_string");
    } else {
        if (dept.len && unit.len)
            dc_buf_puts(&dept, "  ");
        if (unit.len) /* else no text at all */
            dc_buf_puts(&dept, unit.data);
        dc_xlsx_check(
            s->x, worksheet_write_string(s->ws, 2, 0, dept.data, fmt(s, &m)),
            "worksheet_write_string");
    }
    dc_buf_free(&dept);
    dc_buf_free(&unit);
}

/* a form: its title, then its subtitle ("(2025年)") */
static void
write_form_head(struct sheet *s)
{
    const struct dc_table *t = &s->table->u.table;
    struct dc_xlsx_style k = plain(180);
    k.hei = 1;
    k.align = LXW_ALIGN_CENTER;
    k.wrap = 1;
    write_across(s, 0, t->title, &k, 30);
    k = plain(120);
    k.align = LXW_ALIGN_CENTER;
    write_across(s, 1, t->subtitle, &k, 20);
}

/* ---- the grid ---- */

/* The style of a cell, set as the PDF and the DOCX set it. */
static struct dc_xlsx_style
cell_style(const struct sheet *s, const struct dc_node *row,
           const struct dc_cell *cell, int number)
{
    struct dc_xlsx_style k = plain(s->size);
    enum dc_col_role role = col_role(s, cell->col);
    enum dc_row_kind kind = row->u.row.kind;
    k.border = 1;
    k.wrap = 1;
    k.hei =
        kind == DC_ROW_HEADER || kind == DC_ROW_TOTAL || row->u.row.level == 1;
    /* a distributed label (收　入) is centred, as the PDF sets it:
     * Excel's "distributed" would stretch it across the whole cell */
    if (kind == DC_ROW_HEADER || (cell->flags & DC_CELL_DISTRIBUTED))
        k.align = LXW_ALIGN_CENTER;
    else if (number || role == DC_COL_AMOUNT)
        k.align = LXW_ALIGN_RIGHT;
    else if (is_code(role) || role == DC_COL_LABEL)
        k.align = LXW_ALIGN_CENTER;
    else if (kind == DC_ROW_TOTAL)
        k.align = LXW_ALIGN_CENTER;
    else {
        k.align = LXW_ALIGN_LEFT;
        if ((role == DC_COL_NAME || role == DC_COL_ITEM) &&
            row->u.row.level > 1)
            k.indent = row->u.row.level - 1;
    }
    if (is_code(role) && kind != DC_ROW_HEADER)
        k.text = 1;
    if (number)
        dc_xlsx_numfmt(cell->text, dc_cell_num(cell), k.numfmt,
                       sizeof k.numfmt);
    return k;
}

/* Whether `cell` goes into the sheet as a number: a figure outside the
 * code columns whose every digit a spreadsheet number keeps. */
static int
as_number(struct sheet *s, const struct dc_node *cn, double *value)
{
    const struct dc_cell *cell = &cn->u.cell;
    if (!(cell->flags & DC_CELL_NUMBER) || is_code(col_role(s, cell->col)))
        return 0;
    int ok = 0;
    *value = dc_xlsx_number(dc_cell_num(cell), &ok);
    if (!ok)
        dc_diag_report(s->x->diag, s->x->doc->meta.source, cn->line, cn->col,
                       DC_SEV_WARNING,
                       _("%s has more digits than a spreadsheet number keeps; "
                         "the workbook holds it as text"),
                       cell->text);
    return ok;
}

static int
has_text(const struct dc_cell *cell)
{
    return cell->vmerge != DC_VMERGE_CONTINUE &&
           !(cell->flags & (DC_CELL_PADDED | DC_CELL_EMPTY)) && cell->text &&
           *cell->text;
}

/* Marks the slots of a cell; shrinks its span so that it never overlaps a
 * cell written before it (overlapping merges make a workbook that Excel
 * repairs). */
static void
claim(struct sheet *s, int r, int c, int *rs, int *cs)
{
    if (*cs > s->ncols - c)
        *cs = s->ncols - c;
    if (*rs > s->nrows - r)
        *rs = s->nrows - r;
    for (int j = 1; j < *cs; j++)
        if (s->covered[r * s->ncols + c + j])
            *cs = j;
    for (int i = 1; i < *rs; i++)
        for (int j = 0; j < *cs; j++)
            if (s->covered[(r + i) * s->ncols + c + j]) {
                *rs = i;
                break;
            }
    for (int i = 0; i < *rs; i++)
        for (int j = 0; j < *cs; j++)
            s->covered[(r + i) * s->ncols + c + j] = 1;
}

/* Formatted blanks over columns c .. c+n-1 of the table's row r: the
 * rules of a merged area, or of a slot no cell fills. */
static void
write_blanks(struct sheet *s, int r, int c, int n, lxw_format *f)
{
    for (int j = c; j < c + n; j++)
        dc_xlsx_check(s->x,
                      worksheet_write_blank(s->ws, (lxw_row_t)(s->top + r),
                                            (lxw_col_t)j, f),
                      "worksheet_write_blank");
}

static void
write_cell(struct sheet *s, int r, const struct dc_node *row,
           const struct dc_node *cn)
{
    const struct dc_cell *cell = &cn->u.cell;
    int c = cell->col;
    if (cell->vmerge == DC_VMERGE_CONTINUE || c < 0 || c >= s->ncols ||
        s->covered[r * s->ncols + c])
        return; /* under the merge of a cell above, or outside the grid */
    int rs = cell->rowspan > 1 ? cell->rowspan : 1;
    int cs = cell->colspan > 1 ? cell->colspan : 1;
    claim(s, r, c, &rs, &cs);

    double value = 0;
    int text = has_text(cell);
    int number = text && as_number(s, cn, &value);
    struct dc_xlsx_style k = cell_style(s, row, cell, number);
    lxw_format *f = fmt(s, &k);
    lxw_row_t wr = (lxw_row_t)(s->top + r);
    lxw_col_t wc = (lxw_col_t)c;
    if (rs > 1) { /* its rows below get their blanks when they come */
        write_blanks(s, r, c, cs, f);
        s->down[c] = (struct down){r, rs, cs, f};
    } else if (cs > 1) {
        dc_xlsx_check(s->x,
                      worksheet_merge_range(s->ws, wr, wc, wr,
                                            (lxw_col_t)(wc + cs - 1), "", f),
                      "worksheet_merge_range");
    }
    if (number)
        dc_xlsx_check(s->x, worksheet_write_number(s->ws, wr, wc, value, f),
                      "worksheet_write_number");
    else if (text)
        dc_xlsx_check(s->x,
                      worksheet_write_string(s->ws, wr, wc, cell->text, f),
                      "worksheet_write_string");
    else if (rs == 1 && cs == 1)
        dc_xlsx_check(s->x, worksheet_write_blank(s->ws, wr, wc, f),
                      "worksheet_write_blank");
}

/* Row r's share of the merges reaching down from the rows above: their
 * blanks, and at a merge's last row the merge itself.  In constant_memory
 * mode worksheet_merge_range() writes only that last row's blanks (the
 * same again): libxlsxwriter refuses, and merge_range ignores, writes to
 * rows already flushed, which hold the merge's first cell and blanks. */
static void
write_down(struct sheet *s, int r)
{
    for (int c = 0; c < s->ncols; c++) {
        struct down *m = &s->down[c];
        if (m->rs == 0 || r <= m->r0 || r >= m->r0 + m->rs)
            continue;
        write_blanks(s, r, c, m->cs, m->f);
        if (r < m->r0 + m->rs - 1)
            continue;
        dc_xlsx_check(
            s->x,
            worksheet_merge_range(s->ws, (lxw_row_t)(s->top + m->r0),
                                  (lxw_col_t)c, (lxw_row_t)(s->top + r),
                                  (lxw_col_t)(c + m->cs - 1), "", m->f),
            "worksheet_merge_range");
        m->rs = 0;
    }
}

/* Row r's slots no cell of the source fills: empty, ruled like the row. */
static void
fill_gaps(struct sheet *s, int r)
{
    struct dc_xlsx_style k = plain(s->size);
    k.border = 1;
    lxw_format *f = NULL;
    for (int c = 0; c < s->ncols; c++)
        if (!s->covered[r * s->ncols + c]) {
            if (!f)
                f = fmt(s, &k);
            write_blanks(s, r, c, 1, f);
        }
}

/* Row after row, each whole before the next (constant_memory mode): its
 * cells, the merges from above, the empty slots, its height. */
static void
write_grid(struct sheet *s)
{
    int r = 0;
    for (const struct dc_node *row = dc_node_first(s->table); row;
         row = dc_node_next(row)) {
        if (row->type != DC_NODE_ROW)
            continue;
        for (const struct dc_node *cn = dc_node_first(row); cn;
             cn = dc_node_next(cn))
            if (cn->type == DC_NODE_CELL)
                write_cell(s, r, row, cn);
        write_down(s, r);
        fill_gaps(s, r);
        if (s->d && r < s->d->nrows && s->d->row_height)
            dc_xlsx_check(s->x,
                          worksheet_set_row(s->ws, (lxw_row_t)(s->top + r),
                                            s->d->row_height[r] / 1000.0, NULL),
                          "worksheet_set_row");
        r++;
    }
}

/* A finished sheet's hold on memory until workbook_close, in
 * constant_memory mode: its last row's cells, written now (what the
 * packager does first at close, which then finds the row written and
 * leaves the array alone), and its row array, a cell pointer for each of
 * the 16,384 columns (128 kB, zeroed by calloc: 34 sheets were 4.5 MB of
 * a render of the sample, and a project form of 2 kB of source cost 128
 * kB).  The array holds only NULLs now and no call touches it again but
 * lxw_worksheet_free(), which skips a NULL one; the next sheet's calloc
 * takes the same block. */
static void
sheet_release(lxw_worksheet *ws)
{
    if (!ws->optimize || !ws->array)
        return;
    lxw_worksheet_write_single_row(ws);
    free(ws->array);
    ws->array = NULL;
}

/* ---- the sheet ---- */

/* Column widths: the layout's, else the tabledef's relative widths over the
 * text width of the page. */
static void
set_columns(struct sheet *s)
{
    const struct dc_tabledef *def = s->table->u.table.def;
    long sum = 0;
    for (int c = 0; c < s->ncols; c++)
        sum += def && def->ncols == s->ncols ? def->cols[c].width : 100;
    for (int c = 0; c < s->ncols; c++) {
        double pt;
        if (s->d && s->d->ncols == s->ncols)
            pt = s->d->col_width[c] / 1000.0;
        else
            pt = 440.0 *
                 (def && def->ncols == s->ncols ? def->cols[c].width : 100) /
                 (double)(sum > 0 ? sum : 1);
        /* pixels at 96 per inch, as Excel counts them */
        uint32_t px = (uint32_t)(pt * 96.0 / 72.0 + 0.5);
        dc_xlsx_check(s->x,
                      worksheet_set_column_pixels(s->ws, (lxw_col_t)c,
                                                  (lxw_col_t)c, px, NULL),
                      "worksheet_set_column_pixels");
    }
}

static void
set_print(struct sheet *s, int landscape, int nheader)
{
    const struct dc_layout_decisions *dec = s->x->dec;
    worksheet_set_paper(s->ws, 9); /* A4 */
    if (landscape)
        worksheet_set_landscape(s->ws);
    else
        worksheet_set_portrait(s->ws);
    if (dec && dec->margin_left > 0) {
        /* the PDF's margins (portrait; a landscape page turns them) */
        double in = 72000.0;
        double l = dec->margin_left / in, r = dec->margin_right / in,
               t = dec->margin_top / in, b = dec->margin_bottom / in;
        if (landscape)
            worksheet_set_margins(s->ws, t, b, r, l);
        else
            worksheet_set_margins(s->ws, l, r, t, b);
    }
    worksheet_center_horizontally(s->ws);
    worksheet_fit_to_pages(s->ws, 1, 0);
    if (nheader > 0)
        dc_xlsx_check(s->x,
                      worksheet_repeat_rows(s->ws, (lxw_row_t)s->top,
                                            (lxw_row_t)(s->top + nheader - 1)),
                      "worksheet_repeat_rows");
    dc_xlsx_check(s->x, worksheet_set_footer(s->ws, "&C第 &P 页，共 &N 页"),
                  "worksheet_set_footer");
}

void
dc_xlsx_write_table(struct dc_xlsx *x, const struct dc_node *table)
{
    const struct dc_table *t = &table->u.table;
    struct sheet s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.table = table;
    s.d = dc_layout_table_decision(x->dec, table);
    s.ncols = t->ncols < 1             ? 1
              : t->ncols > DC_MAX_COLS ? DC_MAX_COLS
                                       : t->ncols;
    if (s.d && s.d->ncols != s.ncols)
        s.d = NULL;
    s.size = s.d && s.d->font_size > 0         ? (s.d->font_size + 50) / 100
             : t->def && t->def->font_size > 0 ? t->def->font_size
                                               : 105;
    for (const struct dc_node *r = dc_node_first(table); r; r = dc_node_next(r))
        if (r->type == DC_NODE_ROW)
            s.nrows++;

    struct dc_buf name;
    dc_buf_init(&name);
    if (t->kind == DC_TABLE_FORM_PROJECT)
        x->nproject++;
    dc_xlsx_sheet_name(table, x->nproject, &name);
    /* a name already taken (two tables with one title) gets a number */
    for (int k = 2; workbook_get_worksheet_by_name(x->wb, name.data); k++) {
        char tail[16];
        int n = snprintf(tail, sizeof tail, "(%d)", k);
        while (name.len > 0 &&
               dc_utf8_len(name.data, name.len) + (size_t)n > 31) {
            do
                name.len--;
            while (name.len > 0 && (name.data[name.len] & 0xC0) == 0x80);
            name.data[name.len] = '\0';
        }
        dc_buf_puts(&name, tail);
    }
    lxw_error err = workbook_validate_sheet_name(x->wb, name.data);
    s.ws = err ? NULL : workbook_add_worksheet(x->wb, name.data);
    dc_buf_free(&name);
    if (!s.ws) {
        dc_xlsx_check(x, err ? err : LXW_ERROR_MEMORY_MALLOC_FAILED,
                      "workbook_add_worksheet");
        return;
    }
    x->nsheet++;

    int numbered = t->kind == DC_TABLE_NUMBERED;
    s.top = numbered ? 3 : 2;
    int nheader = numbered ? (s.d ? s.d->nheader : t->nheader) : 0;
    if (nheader > s.nrows)
        nheader = s.nrows;
    int landscape = s.d ? s.d->landscape : t->def && t->def->landscape;
    s.covered = dc_xcalloc((size_t)(s.nrows + 1) * (size_t)s.ncols, 1);
    s.down = dc_xcalloc((size_t)s.ncols, sizeof *s.down);

    set_columns(&s);
    if (numbered)
        write_numbered_head(&s);
    else
        write_form_head(&s);
    write_grid(&s);
    if (nheader > 0)
        worksheet_freeze_panes(s.ws, (lxw_row_t)(s.top + nheader), 0);
    set_print(&s, landscape, nheader);
    /* codes are text on purpose: no "number stored as text" marks */
    char range[32];
    lxw_rowcol_to_range(range, (lxw_row_t)s.top, 0,
                        (lxw_row_t)(s.top + (s.nrows > 0 ? s.nrows - 1 : 0)),
                        (lxw_col_t)(s.ncols - 1));
    dc_xlsx_check(
        x,
        worksheet_ignore_errors(s.ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range),
        "worksheet_ignore_errors");
    free(s.covered);
    free(s.down);
    sheet_release(s.ws);
}
