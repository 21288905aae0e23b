/* Tables and performance forms: column widths (from layouts/, scaled to the
 * text block, or from content), the type size (shrunk to fit, never below
 * the style's minimum), cells broken into lines, row heights, pagination
 * with header rows repeated, merged cells, and the ruled grid. */
#include "layout_int.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

struct tcell {
    const struct dc_node *node;
    int r, c, cs, rs;
    int font, align, distributed, header;
    int32_t indent, rpad; /* left indent (names), right pad (decimals) */
    struct dc_shaped *sh;
    int drawn;            /* lines drawn so far (split cells) */
    int slice;            /* last slice that drew it */
};

struct trow {
    const struct dc_node *node;
    int32_t h;
    int header, skip;
    int gend; /* last row of the group that must stay together */
};

struct entry {
    int row;
    int32_t h;
    int repeat;
};

/* A slot of `cover` that no cell covers, or a bare cell (bare_cell). */
enum { DC_COVER_NONE = -1, DC_COVER_BARE = -2 };

struct tab {
    struct dc_lay *L;
    const struct dc_node *t;
    const struct dc_tabledef *def;
    int nrows, ncols, ncells, landscape;
    struct trow *rows;
    struct tcell *cells;
    int *cover; /* nrows * ncols: index of the cell covering the slot, or
                   DC_COVER_NONE / DC_COVER_BARE */
    int32_t colw[DC_MAX_COLS], colx[DC_MAX_COLS + 1];
    int32_t size, lead, x0, x1;
    int32_t pad_y; /* above and below a cell's text: the style's, or half */
    struct entry *ent;
    int nent, entcap, nbody, slice;
    int maxscale[DC_MAX_COLS]; /* decimals each amount column aligns to */
    int rs, re;        /* header rows repeated on later pages */
    int pending;       /* a page was turned; no body row on it yet */
    int last_body;     /* row of the last body entry placed */
    struct dc_table_break *brk; /* pages turned, for the DOCX */
    int nbrk, brkcap;
};

static int
role_of(const struct tab *T, int c)
{
    if (T->def && T->def->ncols == T->ncols && c < T->def->ncols)
        return T->def->cols[c].role;
    return DC_COL_TEXT;
}

/* Compares without blanks (dc_squeeze). */
static int
same_text(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    struct dc_buf x, y;
    dc_buf_init(&x);
    dc_buf_init(&y);
    dc_squeeze(a, &x);
    dc_squeeze(b, &y);
    int same = strcmp(x.data, y.data) == 0;
    dc_buf_free(&x);
    dc_buf_free(&y);
    return same;
}

/* Is cell c of body row ri (rowv: the rows) an empty slot and nothing
 * else: no text, one column, no vertical merge, none going on below it?
 * Such a cell is drawn as its rules alone and keeps no state (most cells
 * of the big tables are empty: 表2's fund columns). */
static int
bare_cell(const struct tab *T, const struct dc_node *const *rowv, int ri,
          const struct dc_node *c)
{
    const struct dc_cell *cell = &c->u.cell;
    if (T->rows[ri].header || cell->vmerge != DC_VMERGE_NONE ||
        cell->rowspan > 1 || cell->colspan > 1 || cell->col < 0 ||
        cell->col >= T->ncols)
        return 0;
    size_t len = cell->text ? strlen(cell->text) : 0;
    if (len && (dc_trim(cell->text, &len), len))
        return 0;
    const struct dc_node *below =
        ri + 1 < T->nrows ? dc_row_cell_at(rowv[ri + 1], cell->col) : NULL;
    return !below || below->u.cell.vmerge != DC_VMERGE_CONTINUE;
}

static void
collect(struct tab *T)
{
    const struct dc_node *t = T->t;
    for (const struct dc_node *r = dc_node_first(t); r; r = dc_node_next(r))
        if (r->type == DC_NODE_ROW) {
            T->nrows++;
            for (const struct dc_node *c = dc_node_first(r); c;
                 c = dc_node_next(c))
                if (c->type == DC_NODE_CELL) {
                    int e = c->u.cell.col + (c->u.cell.colspan > 0
                                                 ? c->u.cell.colspan
                                                 : 1);
                    if (e > T->ncols)
                        T->ncols = e;
                }
        }
    if (t->u.table.ncols > T->ncols)
        T->ncols = t->u.table.ncols;
    if (T->ncols > DC_MAX_COLS)
        T->ncols = DC_MAX_COLS;
    if (T->ncols < 1)
        T->ncols = 1;
    T->rows = dc_xcalloc((size_t)T->nrows + 1, sizeof *T->rows);
    const struct dc_node **rowv =
        dc_xmalloc(sizeof *rowv * ((size_t)T->nrows + 1));
    int ri = 0;
    for (const struct dc_node *r = dc_node_first(t); r; r = dc_node_next(r))
        if (r->type == DC_NODE_ROW) {
            T->rows[ri].node = r;
            T->rows[ri].header = r->u.row.kind == DC_ROW_HEADER;
            rowv[ri++] = r;
        }
    /* the cells that keep state: all but the bare ones (DC_COVER_BARE) */
    for (ri = 0; ri < T->nrows; ri++)
        for (const struct dc_node *c = dc_node_first(rowv[ri]); c;
             c = dc_node_next(c))
            if (c->type == DC_NODE_CELL &&
                c->u.cell.vmerge != DC_VMERGE_CONTINUE &&
                !bare_cell(T, rowv, ri, c))
                T->ncells++;
    T->cells = dc_xcalloc((size_t)T->ncells + 1, sizeof *T->cells);
    T->cover = dc_xmalloc(sizeof(int) * ((size_t)T->nrows * (size_t)T->ncols + 1));
    for (int i = 0; i < T->nrows * T->ncols; i++)
        T->cover[i] = DC_COVER_NONE;
    int ci = 0;
    for (ri = 0; ri < T->nrows; ri++) {
        for (const struct dc_node *c = dc_node_first(rowv[ri]); c;
             c = dc_node_next(c)) {
            if (c->type != DC_NODE_CELL || c->u.cell.vmerge == DC_VMERGE_CONTINUE)
                continue;
            if (bare_cell(T, rowv, ri, c)) {
                /* claimed now; a cell before it that a merge makes cover
                 * the slot takes it below, as it would have (in a row,
                 * columns only grow, and spans go down) */
                int *slot = &T->cover[ri * T->ncols + c->u.cell.col];
                if (*slot == DC_COVER_NONE)
                    *slot = DC_COVER_BARE;
                continue;
            }
            struct tcell *tc = &T->cells[ci];
            tc->node = c;
            tc->r = ri;
            tc->c = c->u.cell.col;
            tc->cs = c->u.cell.colspan > 0 ? c->u.cell.colspan : 1;
            tc->rs = c->u.cell.rowspan > 0 ? c->u.cell.rowspan : 1;
            tc->slice = -1;
            if (tc->c < 0 || tc->c >= T->ncols)
                continue;
            if (tc->c + tc->cs > T->ncols)
                tc->cs = T->ncols - tc->c;
            ci++;
        }
    }
    T->ncells = ci;
    /* rowspans: the larger of the cell's own and its CONTINUE cells below */
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        int k = tc->r + 1;
        while (k < T->nrows) {
            const struct dc_node *below = dc_row_cell_at(rowv[k], tc->c);
            if (!below || below->u.cell.vmerge != DC_VMERGE_CONTINUE)
                break;
            k++;
        }
        if (k - tc->r > tc->rs)
            tc->rs = k - tc->r;
        if (tc->r + tc->rs > T->nrows)
            tc->rs = T->nrows - tc->r;
        for (int rr = tc->r; rr < tc->r + tc->rs; rr++)
            for (int cc = tc->c; cc < tc->c + tc->cs; cc++)
                if (T->cover[rr * T->ncols + cc] < 0)
                    T->cover[rr * T->ncols + cc] = i;
    }
    free(rowv);
    /* a form's title and subtitle rows are drawn as the table's head */
    if (t->u.table.kind != DC_TABLE_NUMBERED) {
        for (int r = 0; r < T->nrows; r++) {
            const struct dc_node *row = T->rows[r].node;
            const struct dc_node *c = dc_node_first(row);
            int one = c && !dc_node_next(c) && c->type == DC_NODE_CELL;
            if (one && (same_text(c->u.cell.text, t->u.table.title) ||
                        same_text(c->u.cell.text, t->u.table.subtitle)))
                T->rows[r].skip = 1;
            else
                break;
        }
    }
}

static void
widths(struct tab *T, int32_t avail)
{
    int64_t sum = 0;
    int32_t rel[DC_MAX_COLS];
    if (T->def && T->def->ncols == T->ncols) {
        for (int c = 0; c < T->ncols; c++)
            rel[c] = T->def->cols[c].width;
    } else {
        /* from content: the widest single-column text, bounded */
        for (int c = 0; c < T->ncols; c++)
            rel[c] = 2000; /* 2 em */
        for (int i = 0; i < T->ncells; i++) {
            struct tcell *tc = &T->cells[i];
            if (tc->cs != 1 || !tc->sh)
                continue;
            int32_t w = dc_shaped_width(tc->sh, 0, tc->sh->n, 1000);
            if (w > 16000)
                w = 16000; /* long text wraps */
            if (w + 1000 > rel[tc->c])
                rel[tc->c] = w + 1000;
        }
    }
    for (int c = 0; c < T->ncols; c++)
        sum += rel[c];
    int32_t x = 0;
    for (int c = 0; c < T->ncols; c++) {
        T->colw[c] = (int32_t)((int64_t)rel[c] * avail / (sum ? sum : 1));
        T->colx[c] = x;
        x += T->colw[c];
    }
    /* the rounding remainder goes to the last column */
    T->colw[T->ncols - 1] += avail - x;
    T->colx[T->ncols] = avail;
}

/* Ems a name is indented by: a 款 one, a 项 two less one; only 科目 names
 * (a project's name in 表7 is no level of the hierarchy). */
static int
indent_ems(const struct tab *T, const struct tcell *tc)
{
    int level = T->rows[tc->r].node->u.row.level;
    if (tc->header || tc->align != DC_ALIGN_LEFT || level < 2 ||
        (T->def && role_of(T, tc->c) != DC_COL_NAME))
        return 0;
    return level - 1;
}

static int32_t
span_w(const struct tab *T, const struct tcell *tc)
{
    return T->colx[tc->c + tc->cs] - T->colx[tc->c];
}

static void
style_cells(struct tab *T)
{
    struct dc_lay *L = T->L;
    /* 类 rows stand out only where there are 款 or 项 rows below them */
    int hier = 0;
    for (int r = 0; r < T->nrows; r++)
        if (T->rows[r].node->u.row.level >= 2)
            hier = 1;
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        const struct dc_node *row = T->rows[tc->r].node;
        const struct dc_cell *cell = &tc->node->u.cell;
        int total = row->u.row.kind == DC_ROW_TOTAL;
        tc->header = T->rows[tc->r].header;
        tc->font = tc->header ? L->st.header_font
                   : total || (hier && row->u.row.level == 1)
                       ? L->st.total_font
                                                    : DC_FONT_SONG;
        int role = role_of(T, tc->c);
        tc->distributed = (cell->flags & DC_CELL_DISTRIBUTED) != 0;
        if (tc->header) {
            tc->align = DC_ALIGN_CENTER;
        } else if (role == DC_COL_AMOUNT ||
                   ((cell->flags & DC_CELL_NUMBER) &&
                    (!T->def || T->t->u.table.kind != DC_TABLE_NUMBERED))) {
            /* a form's figures (资金总额, 分值权重) too */
            tc->align = DC_ALIGN_RIGHT;
        } else if (total) {
            tc->align = DC_ALIGN_CENTER;
        } else if (role == DC_COL_NAME || role == DC_COL_ITEM ||
                   role == DC_COL_TEXT) {
            tc->align = DC_ALIGN_LEFT;
        } else {
            tc->align = DC_ALIGN_CENTER;
        }
        size_t len = cell->text ? strlen(cell->text) : 0;
        const char *s = dc_trim(cell->text ? cell->text : "", &len);
        tc->sh = dc_lay_shape(L, s, len, tc->font, tc->node->line);
    }
}

/* The largest size (0.5 pt steps) at which every cell's unbreakable pieces
 * and every number fit their cells; never above the layout's size, never
 * below the style's minimum. */
static int32_t
fit_size(struct tab *T, int32_t size0)
{
    struct dc_lay *L = T->L;
    int32_t size = size0;
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        int32_t need = (tc->node->u.cell.flags & DC_CELL_NUMBER)
                           ? dc_shaped_width(tc->sh, 0, tc->sh->n, 1000)
                           : dc_shaped_min_width(tc->sh);
        if (!need)
            continue;
        int64_t inner = span_w(T, tc) - 2 * L->st.cell_pad_x;
        /* the name indent shrinks with the type */
        int64_t em_need = need + indent_ems(T, tc) * 1000;
        int64_t s = inner * 1000 / em_need;
        if (s < size)
            size = (int32_t)s;
    }
    size -= size % 500;
    if (size < L->st.min_size)
        size = L->st.min_size;
    if (size > size0)
        size = size0;
    return size;
}

/* Lines of a cell's text at width w (the cell is broken again later). */
static int
lines_at(struct tab *T, struct tcell *tc, int32_t w, int32_t *widest)
{
    dc_lay_break(T->L, tc->sh, T->size, w, 0);
    int32_t m = 0;
    for (int k = 0; k < tc->sh->nlines; k++)
        if (tc->sh->lines[k].width > m)
            m = tc->sh->lines[k].width;
    if (widest)
        *widest = m;
    return tc->sh->nlines;
}

/* How narrow each amount column may become: `amin` (its figures and
 * header with room to spare, alike for all), except that a column without
 * a single figure (表2's 财政专户, 单位资金 …) keeps only what its header
 * needs without making its header row taller. */
static void
empty_floors(struct tab *T, int32_t amin, int32_t *floor)
{
    int32_t pad2 = 2 * T->L->st.cell_pad_x;
    int filled[DC_MAX_COLS] = {0}, rowmax[64] = {0};
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        if (!tc->header && tc->sh->n)
            filled[tc->c] = 1;
        if (tc->header && tc->rs == 1 && tc->r < 64) {
            int n = lines_at(T, tc, span_w(T, tc) - pad2, NULL);
            if (n > rowmax[tc->r])
                rowmax[tc->r] = n;
        }
    }
    struct dc_layout_stats keep = T->L->stats; /* trials do not count */
    for (int c = 0; c < T->ncols; c++) {
        floor[c] = amin;
        if (role_of(T, c) != DC_COL_AMOUNT || filled[c])
            continue;
        int32_t best = T->colw[c] - pad2;
        for (int32_t w = best - T->size / 2; w >= T->size; w -= T->size / 2) {
            int ok = 1;
            for (int i = 0; i < T->ncells && ok; i++) {
                struct tcell *tc = &T->cells[i];
                if (!tc->header || tc->c != c || tc->cs != 1 || !tc->sh->n)
                    continue;
                /* the lines of the rows it spans, as tall as they are */
                int lim = 0;
                for (int r = tc->r; r < tc->r + tc->rs && r < 64; r++)
                    lim += rowmax[r];
                /* no more lines, none ending on one character */
                ok = dc_lay_break_min_last(T->L, tc->sh, T->size, w, 0, 2) <=
                         lim &&
                     (tc->sh->nlines < 2 ||
                      tc->sh->lines[tc->sh->nlines - 1].ge -
                              tc->sh->lines[tc->sh->nlines - 1].gs >= 2) &&
                     dc_shaped_min_width(tc->sh) * T->size / 1000 <= w;
            }
            if (!ok)
                break;
            best = w;
        }
        int32_t f = best + T->size / 2 + pad2;
        floor[c] = f < amin ? f : amin;
    }
    T->L->stats = keep;
}

/* The layouts' widths are proportions drawn for any department; where this
 * document's names wrap while its amount columns have room to spare, the
 * amount columns give the names that room.  An amount column keeps its
 * header lines with half an em to spare and one em beside its widest figure, all amount columns
 * shrink alike, and no cell spanning columns gets more lines; else the
 * layout's widths stand. */
static void
rebalance(struct tab *T)
{
    struct dc_lay *L = T->L;
    if (!T->def || T->def->ncols != T->ncols)
        return;
    int32_t pad2 = 2 * L->st.cell_pad_x;
    int32_t amin = 0, want[DC_MAX_COLS] = {0};
    int maxscale[DC_MAX_COLS] = {0}, donors = 0;
    for (int i = 0; i < T->ncells; i++) {
        const struct dc_cell *cell = &T->cells[i].node->u.cell;
        if ((cell->flags & DC_CELL_NUMBER) && !T->cells[i].header &&
            (int)cell->scale > maxscale[T->cells[i].c])
            maxscale[T->cells[i].c] = (int)cell->scale;
    }
    struct dc_shaped *digits = dc_lay_shape(L, "0.", 2, DC_FONT_SONG, 0);
    int32_t dw = (int32_t)((int64_t)digits->g[0].adv * T->size / 1000);
    int32_t pw = (int32_t)((int64_t)digits->g[1].adv * T->size / 1000);
    dc_shaped_free(digits);
    for (int c = 0; c < T->ncols; c++)
        if (role_of(T, c) == DC_COL_AMOUNT)
            donors++;
    if (!donors)
        return;
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        if (tc->cs != 1 || !tc->sh->n)
            continue;
        int role = role_of(T, tc->c);
        if (role == DC_COL_AMOUNT) {
            int32_t w;
            if (tc->header) {
                lines_at(T, tc, span_w(T, tc) - pad2, &w);
                w += T->size / 2;
            } else {
                const struct dc_cell *cell = &tc->node->u.cell;
                w = dc_shaped_width(tc->sh, 0, tc->sh->n, T->size) + T->size;
                int ms = maxscale[tc->c], sc = (int)cell->scale;
                if ((cell->flags & DC_CELL_NUMBER) && ms > sc)
                    w += (ms - sc) * dw + (sc == 0 ? pw : 0);
            }
            if (w + pad2 > amin)
                amin = w + pad2;
        } else if (!tc->header && (role == DC_COL_NAME ||
                                   role == DC_COL_ITEM ||
                                   role == DC_COL_TEXT)) {
            int32_t w = dc_shaped_width(tc->sh, 0, tc->sh->n, T->size) +
                        indent_ems(T, tc) * T->size + pad2;
            if (w > want[tc->c])
                want[tc->c] = w;
        }
    }
    int32_t floor[DC_MAX_COLS];
    empty_floors(T, amin, floor);
    int64_t slack = 0, need = 0;
    for (int c = 0; c < T->ncols; c++) {
        if (role_of(T, c) == DC_COL_AMOUNT && T->colw[c] > floor[c])
            slack += T->colw[c] - floor[c];
        if (want[c] > T->colw[c])
            need += want[c] - T->colw[c];
    }
    int64_t take = slack < need ? slack : need;
    if (take < T->size)
        return;
    /* the spanning cells' lines at the layout's widths */
    int *old_lines = dc_xmalloc(sizeof *old_lines * ((size_t)T->ncells + 1));
    for (int i = 0; i < T->ncells; i++)
        old_lines[i] = T->cells[i].cs > 1
                           ? lines_at(T, &T->cells[i],
                                      span_w(T, &T->cells[i]) - pad2, NULL)
                           : 0;
    int32_t oldw[DC_MAX_COLS], oldx[DC_MAX_COLS + 1];
    memcpy(oldw, T->colw, sizeof oldw);
    memcpy(oldx, T->colx, sizeof oldx);
    /* the names get their share of what is taken, exactly; the amount
     * columns give that much, the rounding from the first of them */
    int64_t got = 0, given = 0;
    int firstd = -1;
    for (int c = 0; c < T->ncols; c++)
        if (want[c] > T->colw[c]) {
            int32_t g = (int32_t)((want[c] - T->colw[c]) * take / need);
            T->colw[c] += g;
            got += g;
        }
    for (int c = 0; c < T->ncols; c++)
        if (role_of(T, c) == DC_COL_AMOUNT && oldw[c] > floor[c]) {
            int32_t g = (int32_t)((oldw[c] - floor[c]) * got / slack);
            T->colw[c] -= g;
            given += g;
            if (firstd < 0)
                firstd = c;
        }
    T->colw[firstd] -= (int32_t)(got - given);
    int32_t x = 0;
    for (int c = 0; c < T->ncols; c++) {
        T->colx[c] = x;
        x += T->colw[c];
    }
    T->colx[T->ncols] = x;
    for (int i = 0; i < T->ncells; i++)
        if (T->cells[i].cs > 1 &&
            lines_at(T, &T->cells[i], span_w(T, &T->cells[i]) - pad2, NULL) >
                old_lines[i]) {
            memcpy(T->colw, oldw, sizeof oldw);
            memcpy(T->colx, oldx, sizeof oldx);
            break;
        }
    free(old_lines);
}

static void
break_cells(struct tab *T)
{
    struct dc_lay *L = T->L;
    /* decimals aligned: the widest scale of each amount column */
    int *maxscale = T->maxscale;
    memset(T->maxscale, 0, sizeof T->maxscale);
    for (int i = 0; i < T->ncells; i++) {
        const struct dc_cell *cell = &T->cells[i].node->u.cell;
        if ((cell->flags & DC_CELL_NUMBER) && !T->cells[i].header &&
            (int)cell->scale > maxscale[T->cells[i].c])
            maxscale[T->cells[i].c] = (int)cell->scale;
    }
    struct dc_shaped *digits = dc_lay_shape(L, "0.", 2, DC_FONT_SONG, 0);
    int32_t dw = (int32_t)((int64_t)digits->g[0].adv * T->size / 1000);
    int32_t pw = (int32_t)((int64_t)digits->g[1].adv * T->size / 1000);
    dc_shaped_free(digits);
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        const struct dc_cell *cell = &tc->node->u.cell;
        tc->indent = indent_ems(T, tc) * T->size;
        if (tc->align == DC_ALIGN_RIGHT && (cell->flags & DC_CELL_NUMBER)) {
            int ms = maxscale[tc->c];
            int sc = (int)cell->scale;
            if (ms > sc)
                tc->rpad = (ms - sc) * dw + (sc == 0 ? pw : 0);
        }
        int32_t inner = span_w(T, tc) - 2 * L->st.cell_pad_x;
        int32_t w = inner - tc->indent - tc->rpad;
        if (w < T->size) { /* no room for the indent: drop it */
            tc->indent = tc->rpad = 0;
            w = inner;
        }
        if (cell->flags & DC_CELL_NUMBER)
            dc_lay_break(L, tc->sh, T->size, w, 0);
        else /* no name wraps with one character left over */
            dc_lay_break_min_last(L, tc->sh, T->size, w, 0, 2);
    }
}

static void
heights(struct tab *T)
{
    int32_t minh = T->lead + 2 * T->pad_y;
    for (int r = 0; r < T->nrows; r++)
        T->rows[r].h = minh;
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        int32_t h = tc->sh->nlines * T->lead + 2 * T->pad_y;
        if (tc->rs == 1 && h > T->rows[tc->r].h)
            T->rows[tc->r].h = h;
    }
    for (int i = 0; i < T->ncells; i++) {
        struct tcell *tc = &T->cells[i];
        if (tc->rs == 1)
            continue;
        int32_t h = tc->sh->nlines * T->lead + 2 * T->pad_y, sum = 0;
        for (int r = tc->r; r < tc->r + tc->rs; r++)
            sum += T->rows[r].h;
        if (h > sum)
            T->rows[tc->r + tc->rs - 1].h += h - sum;
    }
    /* groups held together by vertical merges */
    for (int r = 0; r < T->nrows;) {
        int ge = r;
        for (int k = r; k <= ge; k++)
            for (int c = 0; c < T->ncols; c++) {
                int ci = T->cover[k * T->ncols + c];
                if (ci >= 0) {
                    int e = T->cells[ci].r + T->cells[ci].rs - 1;
                    if (e > ge)
                        ge = e;
                }
            }
        for (int k = r; k <= ge; k++)
            T->rows[k].gend = ge;
        r = ge + 1;
    }
}

static void
add_entry(struct tab *T, int row, int32_t h, int repeat)
{
    if (T->nent == T->entcap) {
        T->entcap = T->entcap ? 2 * T->entcap : 32;
        T->ent = dc_xrealloc(T->ent, sizeof *T->ent * (size_t)T->entcap);
    }
    T->ent[T->nent++] = (struct entry){row, h, repeat};
    if (!repeat) {
        T->nbody++;
        /* a page that starts with a whole row: the DOCX breaks there too */
        if (T->pending && row != T->last_body) {
            if (T->nbrk == T->brkcap) {
                T->brkcap = T->brkcap ? 2 * T->brkcap : 8;
                T->brk = dc_xrealloc(T->brk,
                                     sizeof *T->brk * (size_t)T->brkcap);
            }
            T->brk[T->nbrk++] = (struct dc_table_break){row, T->rs, T->re};
        }
        T->pending = 0;
        T->last_body = row;
    }
    T->L->y -= h;
}

static void
rule(struct dc_lay *L, int32_t x1, int32_t y1, int32_t x2, int32_t y2,
     int32_t w)
{
    struct dc_dl_rule *r = dc_display_add_rule(L->d, L->page);
    r->x1 = x1;
    r->y1 = y1;
    r->x2 = x2;
    r->y2 = y2;
    r->width = w;
}

static void
draw_cell_text(struct tab *T, struct tcell *tc, int32_t left, int32_t top,
               int32_t w, int32_t h, int all)
{
    struct dc_lay *L = T->L;
    struct dc_shaped *sh = tc->sh;
    int first = all ? 0 : tc->drawn;
    int remain = sh->nlines - first;
    if (remain <= 0)
        return;
    int32_t inner_h = h - 2 * T->pad_y;
    int fit = inner_h / T->lead;
    int n = remain;
    int32_t ltop = top - T->pad_y;
    if (remain <= fit) {
        ltop -= (inner_h - remain * T->lead) / 2;
    } else {
        n = fit; /* a split cell: the rest goes on the next page */
    }
    int32_t cx0 = left + L->st.cell_pad_x, cx1 = left + w - L->st.cell_pad_x;
    for (int k = first; k < first + n; k++) {
        const struct dc_line *ln = &sh->lines[k];
        int32_t x, spacing = 0;
        int ng = dc_shaped_gaps(sh, ln->gs, ln->ge) + 1;
        int align = tc->align;
        if (align == DC_ALIGN_CENTER && !tc->header && sh->nlines > 1)
            align = DC_ALIGN_LEFT; /* running text reads from the left */
        switch (align) {
        case DC_ALIGN_RIGHT:
            x = cx1 - tc->rpad - ln->width;
            break;
        case DC_ALIGN_LEFT:
            x = cx0 + tc->indent;
            break;
        default:
            x = cx0 + (cx1 - cx0 - ln->width) / 2;
        }
        if (tc->distributed && sh->nlines == 1 && ng > 1 &&
            ln->width < cx1 - cx0) {
            /* spread across the cell, but no wider apart than one
             * character: a two-character label over seven columns stays
             * a word */
            spacing = (cx1 - cx0 - ln->width) / (ng - 1);
            if (spacing > T->size)
                spacing = T->size;
            x = cx0 + (cx1 - cx0 - ln->width - spacing * (ng - 1)) / 2;
        }
        if (x < cx0) { /* wider than the cell: counted, kept inside left */
            T->L->stats.overflows++;
            x = cx0;
        }
        int32_t base = dc_lay_baseline(L, tc->font, ltop, T->size, T->lead);
        dc_lay_emit(L, L->page, sh, ln->gs, ln->ge, x, base, T->size, spacing,
                    tc->node);
        ltop -= T->lead;
    }
    if (!all)
        tc->drawn = first + n;
}

/* The inner rules of a cell at `left`, `w` wide, from `top` down `h`: its
 * right edge and its bottom, where they are not the frame's. */
static void
cell_rules(struct tab *T, int32_t left, int32_t w, int32_t top, int32_t h,
           int32_t bottom)
{
    struct dc_lay *L = T->L;
    if (left + w < T->x1 - 1)
        rule(L, left + w, top, left + w, top - h, L->st.rule_inner);
    if (top - h > bottom + 1)
        rule(L, left, top - h, left + w, top - h, L->st.rule_inner);
}

/* Draws the rows collected for the current page, then forgets them. */
static void
flush(struct tab *T, int32_t top)
{
    struct dc_lay *L = T->L;
    if (T->nent == 0)
        return;
    T->slice++;
    int32_t *ytop = dc_xmalloc(sizeof *ytop * ((size_t)T->nent + 1));
    int32_t y = top;
    for (int e = 0; e < T->nent; e++) {
        ytop[e] = y;
        y -= T->ent[e].h;
    }
    int32_t bottom = y;
    for (int e = 0; e < T->nent; e++) {
        int row = T->ent[e].row;
        for (int c = 0; c < T->ncols;) {
            int ci = T->cover[row * T->ncols + c];
            if (ci == DC_COVER_BARE) { /* its rules, as any one-slot cell's */
                cell_rules(T, T->x0 + T->colx[c], T->colx[c + 1] - T->colx[c],
                           ytop[e], T->ent[e].h, bottom);
                c++;
                continue;
            }
            if (ci < 0) {
                c++;
                continue;
            }
            struct tcell *tc = &T->cells[ci];
            c = tc->c + tc->cs;
            /* a cell is drawn once per slice and repeat state */
            int key = T->slice * 2 + T->ent[e].repeat;
            if (tc->slice == key)
                continue;
            tc->slice = key;
            int32_t h = 0;
            for (int k = e; k < T->nent && T->ent[k].repeat == T->ent[e].repeat &&
                            T->ent[k].row < tc->r + tc->rs && T->ent[k].row >= tc->r;
                 k++)
                h += T->ent[k].h;
            int32_t left = T->x0 + T->colx[tc->c], w = span_w(T, tc);
            /* a merged label going on over a page break is named again
             * there, so the rows below it still say what they belong to */
            int again = tc->rs > 1 && tc->sh->nlines > 0 &&
                        tc->drawn >= tc->sh->nlines;
            draw_cell_text(T, tc, left, ytop[e], w, h,
                           T->ent[e].repeat || tc->header || again);
            cell_rules(T, left, w, ytop[e], h, bottom);
        }
    }
    /* the frame, heavier than the inner lines */
    int32_t ro = L->st.rule_outer;
    rule(L, T->x0, top, T->x1, top, ro);
    rule(L, T->x0, bottom, T->x1, bottom, ro);
    rule(L, T->x0, top, T->x0, bottom, ro);
    rule(L, T->x1, top, T->x1, bottom, ro);
    free(ytop);
    T->nent = 0;
    T->nbody = 0;
}

/* One line of head text, aligned, with the flow moving down. */
static void
head_line(struct dc_lay *L, const struct dc_tstyle *ts, const char *text,
          const struct dc_node *src)
{
    if (!text || !*text)
        return;
    dc_lay_text_block(L, ts, text, src, src->line, 0);
}

/* 编制部门 at the left, 单位 at the right, on one line when they fit. */
static void
caption(struct tab *T)
{
    struct dc_lay *L = T->L;
    const struct dc_table *tb = &T->t->u.table;
    const struct dc_tstyle *ts = &L->st.st[DC_ST_TABLE_CAPTION];
    if (!tb->department && !tb->unit)
        return;
    struct dc_buf a, b;
    dc_buf_init(&a);
    dc_buf_init(&b);
    if (tb->department)
        dc_buf_printf(&a, "编制部门：%s", tb->department);
    if (tb->unit)
        dc_buf_printf(&b, "单位：%s", tb->unit);
    struct dc_shaped *sa = dc_lay_shape(L, a.data ? a.data : "", a.len,
                                        ts->font, T->t->line);
    struct dc_shaped *sb = dc_lay_shape(L, b.data ? b.data : "", b.len,
                                        ts->font, T->t->line);
    int32_t wa = dc_shaped_width(sa, 0, sa->n, ts->size),
            wb = dc_shaped_width(sb, 0, sb->n, ts->size);
    int32_t left = dc_lay_left(L), right = dc_lay_right(L);
    if (wa + wb + 2 * ts->size <= right - left) {
        int32_t base = dc_lay_baseline(L, ts->font, L->y, ts->size,
                                       ts->leading);
        dc_lay_emit(L, L->page, sa, 0, sa->n, left, base, ts->size, 0, T->t);
        dc_lay_emit(L, L->page, sb, 0, sb->n, right - wb, base, ts->size, 0,
                    T->t);
        L->y -= ts->leading;
    } else {
        struct dc_tstyle r = *ts;
        if (a.len)
            dc_lay_text_block(L, ts, a.data, T->t, T->t->line, 0);
        r.align = DC_ALIGN_RIGHT;
        r.indent = 0;
        if (b.len)
            dc_lay_text_block(L, &r, b.data, T->t, T->t->line, 0);
    }
    dc_shaped_free(sa);
    dc_shaped_free(sb);
    dc_buf_free(&a);
    dc_buf_free(&b);
}

/* A form's project name, for its bookmark: the cell after 项目名称. */
static const char *
form_name(const struct dc_node *t)
{
    for (const struct dc_node *r = dc_node_first(t); r; r = dc_node_next(r))
        for (const struct dc_node *c = dc_node_first(r); c; c = dc_node_next(c))
            if (c->u.cell.text && same_text(c->u.cell.text, "项目名称") &&
                dc_node_next(c) && dc_node_next(c)->u.cell.text &&
                *dc_node_next(c)->u.cell.text)
                return dc_node_next(c)->u.cell.text;
    return NULL;
}

static void
head(struct tab *T)
{
    struct dc_lay *L = T->L;
    const struct dc_table *tb = &T->t->u.table;
    struct dc_buf ob;
    dc_buf_init(&ob);
    if (tb->label)
        dc_buf_printf(&ob, "%s %s", tb->label, tb->title ? tb->title : "");
    else {
        const char *nm = form_name(T->t);
        dc_buf_printf(&ob, "%s%s%s", tb->title ? tb->title : "表",
                      nm ? "：" : "", nm ? nm : "");
    }
    int level = 1;
    if (!tb->label && L->d->noutline &&
        L->d->outline[L->d->noutline - 1].level >= 1)
        level = 2;
    dc_display_add_outline(L->d, level, ob.data, L->pageno, L->y);
    dc_buf_free(&ob);
    dc_lay_toc_mark(L, T->t);
    if (tb->label)
        head_line(L, &L->st.st[DC_ST_TABLE_LABEL], tb->label, T->t);
    head_line(L, &L->st.st[DC_ST_TABLE_TITLE], tb->title, T->t);
    head_line(L, &L->st.st[DC_ST_TABLE_SUBTITLE], tb->subtitle, T->t);
    caption(T);
    L->y -= L->st.table_gap / 3;
}

static void
repeat_header(struct tab *T, int rs, int re)
{
    for (int r = rs; r >= 0 && r <= re; r++)
        if (!T->rows[r].skip)
            add_entry(T, r, T->rows[r].h, 1);
}

/* Height of all rows but a form's title rows. */
static int32_t
table_height(const struct tab *T)
{
    int32_t h = 0;
    for (int r = 0; r < T->nrows; r++)
        if (!T->rows[r].skip)
            h += T->rows[r].h;
    return h;
}

/* 续表N over a continued numbered table, the form's name with （续） over
 * a continued form: a reader who opens the page knows what it goes on. */
static void
cont_label_text(const struct dc_node *t, struct dc_buf *b)
{
    const struct dc_table *tb = &t->u.table;
    if (tb->label)
        dc_buf_printf(b, "续%s", tb->label);
    else
        dc_buf_printf(b, "%s（续）", tb->title ? tb->title : "表");
}

static void
cont_label(struct tab *T)
{
    struct dc_lay *L = T->L;
    struct dc_buf b;
    dc_buf_init(&b);
    cont_label_text(T->t, &b);
    dc_lay_text_block(L, &L->st.st[DC_ST_TABLE_LABEL], b.data, T->t,
                      T->t->line, 0);
    dc_buf_free(&b);
    L->y -= L->st.table_gap / 3;
}

/* Draws this page's rows and starts the next with its label; returns the
 * top of the grid there. */
static int32_t
turn_page(struct tab *T, int32_t top)
{
    flush(T, top);
    dc_lay_new_page(T->L, T->landscape);
    cont_label(T);
    T->pending = 1;
    return T->L->y;
}

/* Before a break at row r (a group start): when fewer than three body
 * rows, or only the 合计 row, would go on, takes whole groups back from
 * this page so that three go on, if three still stay.  Returns the row
 * the next page starts with. */
static int
balance_break(struct tab *T, int r, const int *left, const int *gstart)
{
    int need = 3 - left[r];
    if (left[r] >= 3 || left[r] == 0)
        return r;
    int e = T->nent, taken = 0;
    while (taken < need && e > 0 && !T->ent[e - 1].repeat) {
        int g = gstart[T->ent[e - 1].row];
        while (e > 0 && !T->ent[e - 1].repeat && T->ent[e - 1].row >= g) {
            e--;
            taken++;
        }
        r = g;
    }
    if (taken < need || T->nbody - taken < 3)
        return -1;
    for (int k = e; k < T->nent; k++)
        T->L->y += T->ent[k].h;
    T->nbody -= taken;
    T->nent = e;
    T->last_body = e > 0 ? T->ent[e - 1].row : -1;
    return r;
}

/* Body rows r..ge held together only by merged cells may break between
 * rows, each row staying whole. */
static int
splittable(const struct tab *T, int r, int ge)
{
    return ge > r && !T->rows[r].header;
}

static void
paginate(struct tab *T)
{
    struct dc_lay *L = T->L;
    int rs = -1, re = -1; /* header rows repeated on later pages */
    int32_t top = L->y;
    T->rs = T->re = -1;
    T->last_body = -1;
    /* body rows from each row to the end; where each row's group starts */
    int *left = dc_xcalloc((size_t)T->nrows + 1, sizeof *left);
    int *gstart = dc_xcalloc((size_t)T->nrows + 1, sizeof *gstart);
    for (int r = T->nrows - 1; r >= 0; r--)
        left[r] = left[r + 1] + !(T->rows[r].header || T->rows[r].skip);
    for (int r = 0; r < T->nrows; r++)
        gstart[r] = r > 0 && T->rows[r - 1].gend >= r ? gstart[r - 1] : r;
    for (int r = 0; r < T->nrows;) {
        if (T->rows[r].skip) {
            r++;
            continue;
        }
        int ge = T->rows[r].gend;
        int32_t H = 0;
        for (int k = r; k <= ge; k++)
            H += T->rows[k].h;
        int hdr = T->rows[r].header;
        int32_t extra = 0;
        if (hdr && ge + 1 < T->nrows) { /* keep a header with what follows */
            int ne = T->rows[ge + 1].gend;
            if (splittable(T, ge + 1, ne))
                ne = ge + 1; /* with the first row of a long merged group */
            for (int k = ge + 1; k <= ne; k++)
                extra += T->rows[k].h;
        }
        if (H + extra > L->box->height / 2)
            extra = 0; /* unless that would waste half a page */
        int32_t bottom = dc_lay_bottom(L);
        if (L->y - H - extra >= bottom || (T->nbody == 0 && L->y - H >= bottom)) {
            for (int k = r; k <= ge; k++)
                add_entry(T, k, T->rows[k].h, 0);
        } else if (T->nbody > 0 && splittable(T, r, ge) &&
                   L->y - bottom > L->box->height / 4 &&
                   L->y - T->rows[r].h >= bottom) {
            /* a form's rows held together by a merged label (一级指标 over
             * four indicators) would leave a quarter of the page empty:
             * fill it row by row, the merged cell going on over the page
             * break as in Word */
            int k = r;
            while (k <= ge && L->y - T->rows[k].h >= bottom) {
                add_entry(T, k, T->rows[k].h, 0);
                k++;
            }
            L->stats.split_groups++;
            top = turn_page(T, top);
            repeat_header(T, rs, re);
            r = k;
            continue;
        } else if (T->nbody > 0) {
            int b = hdr ? r : balance_break(T, r, left, gstart);
            if (b >= 0)
                r = b;
            else
                L->stats.short_remainders++;
            top = turn_page(T, top);
            if (!hdr)
                repeat_header(T, rs, re);
            continue;
        } else {
            /* taller than a page: place row by row, splitting rows */
            for (int k = r; k <= ge; k++) {
                int32_t h = T->rows[k].h;
                while (L->y - h < dc_lay_bottom(L)) {
                    int32_t part = L->y - dc_lay_bottom(L);
                    int32_t minp = T->lead + 2 * T->pad_y;
                    if (part >= minp) {
                        part -= (part - 2 * T->pad_y) % T->lead;
                        add_entry(T, k, part, 0);
                        /* the rest is a fragment with its own padding */
                        h -= part - 2 * T->pad_y;
                        L->stats.split_rows++;
                    }
                    top = turn_page(T, top);
                    if (!T->rows[k].header)
                        repeat_header(T, rs, re);
                    if (T->nent && L->y - h < dc_lay_bottom(L) &&
                        L->y - (dc_lay_bottom(L)) < T->lead + 2 * T->pad_y) {
                        /* the repeated header leaves no room: drop it */
                        L->y = top;
                        T->nent = T->nbody = 0;
                    }
                }
                add_entry(T, k, h, 0);
            }
        }
        if (hdr) {
            if (re == r - 1 && rs >= 0)
                re = ge;
            else {
                rs = r;
                re = ge;
            }
            T->rs = rs;
            T->re = re;
        }
        r = ge + 1;
    }
    flush(T, top);
    free(left);
    free(gstart);
}

static void
set_size(struct tab *T, int32_t size, int32_t pad_y)
{
    T->size = size;
    T->pad_y = pad_y;
    T->lead = (int32_t)((int64_t)size * T->L->st.cell_leading / 100);
    break_cells(T);
    heights(T);
}

/* A table a little too long for the room left under its title is set
 * tighter, the cells' padding halved and the type up to 1.5 pt smaller
 * (never below the style's minimum), when that puts it on one page: 表1
 * is read at a glance, not across a page turn. */
static void
fit_page(struct tab *T, int32_t size0)
{
    struct dc_lay *L = T->L;
    int32_t room = L->y - dc_lay_bottom(L), size = T->size, pad = T->pad_y;
    int32_t floor = size0 - 1500 > L->st.min_size ? size0 - 1500
                                                  : L->st.min_size;
    if (table_height(T) <= room)
        return;
    /* the tightest is no shorter than its rows of one line each: a table
     * longer than that is not set again to learn it (most never fit) */
    int32_t lead = (int32_t)((int64_t)floor * L->st.cell_leading / 100);
    int64_t least = 0;
    for (int r = 0; r < T->nrows; r++)
        if (!T->rows[r].skip)
            least += lead + 2 * (pad / 2);
    if (least > room)
        return;
    set_size(T, floor, pad / 2); /* the tightest first: most never fit */
    if (table_height(T) > room) {
        set_size(T, size, pad);
        return;
    }
    for (int32_t s = size; s >= floor; s -= 500)
        for (int half = s == size; half <= 1; half++) {
            set_size(T, s, half ? pad / 2 : pad);
            if (table_height(T) <= room)
                return;
        }
    set_size(T, size, pad);
}

void
dc_lay_table(struct dc_lay *L, const struct dc_node *t)
{
    struct tab T;
    memset(&T, 0, sizeof T);
    T.L = L;
    T.t = t;
    T.def = t->u.table.def;
    T.slice = 0;
    collect(&T);
    int32_t defw = 0;
    if (T.def && T.def->ncols == T.ncols)
        for (int c = 0; c < T.ncols; c++)
            defw += T.def->cols[c].width;
    int32_t portrait_mm10 =
        (int32_t)((int64_t)L->st.portrait.width * 10000 / 2834646);
    T.landscape = (T.def && T.def->landscape) ||
                  defw > portrait_mm10 * 5 / 4 || T.ncols > 12;
    if (!(L->only_part && L->page && L->page->landscape == T.landscape))
        dc_lay_new_page(L, T.landscape);
    L->only_part = 0;
    style_cells(&T);
    int32_t avail = L->box->width;
    widths(&T, avail);
    int32_t size0 = T.def && T.def->font_size > 0 ? T.def->font_size * 100
                                                  : 10500;
    T.size = fit_size(&T, size0);
    T.lead = (int32_t)((int64_t)T.size * L->st.cell_leading / 100);
    T.pad_y = L->st.cell_pad_y;
    T.x0 = dc_lay_left(L);
    T.x1 = T.x0 + avail;
    rebalance(&T);
    break_cells(&T);
    heights(&T);
    int first_page = L->page->number;
    head(&T);
    fit_page(&T, size0);

    /* the decision the DOCX writer shares */
    struct dc_table_decision *td = &L->dec->tables[L->table_index++];
    td->table = t;
    td->landscape = T.landscape;
    td->ncols = T.ncols;
    for (int c = 0; c < T.ncols; c++) {
        td->col_width[c] = T.colw[c];
        td->col_scale[c] = T.maxscale[c];
    }
    for (const struct dc_node *r = dc_node_first(t);
         r && r->type == DC_NODE_ROW && r->u.row.kind == DC_ROW_HEADER;
         r = dc_node_next(r))
        td->nheader++;
    td->font_size = T.size;
    td->first_page = first_page;
    int32_t *rh = dc_arena_alloc(&L->dec->arena,
                                 sizeof *rh * (size_t)(T.nrows + 1));
    for (int r = 0; r < T.nrows; r++)
        rh[r] = T.rows[r].h;
    td->nrows = T.nrows;
    td->row_height = rh;
    td->pad_y = T.pad_y;

    paginate(&T);
    if (T.nbrk > 0) {
        struct dc_table_break *b = dc_arena_alloc(
            &L->dec->arena, sizeof *b * (size_t)T.nbrk);
        memcpy(b, T.brk, sizeof *b * (size_t)T.nbrk);
        td->breaks = b;
        td->nbreaks = T.nbrk;
    }
    struct dc_buf cl;
    dc_buf_init(&cl);
    cont_label_text(t, &cl);
    td->cont_label = dc_arena_strdup(&L->dec->arena, cl.data);
    dc_buf_free(&cl);
    /* a merged cell split over pages can come up short: never silently */
    for (int i = 0; i < T.ncells; i++) {
        struct tcell *tc = &T.cells[i];
        if (!tc->header && !T.rows[tc->r].skip && tc->drawn < tc->sh->nlines) {
            L->stats.overflows++;
            dc_diag_report(L->diag, L->file, tc->node->line, 0,
                           DC_SEV_WARNING,
                           _("%d of %d lines of this cell found no room "
                             "where its rows broke across pages"),
                           tc->sh->nlines - tc->drawn, tc->sh->nlines);
        }
    }
    L->fresh = 0;
    L->y -= L->st.table_gap;

    for (int i = 0; i < T.ncells; i++)
        dc_shaped_free(T.cells[i].sh);
    free(T.cells);
    free(T.rows);
    free(T.cover);
    free(T.ent);
    free(T.brk);
}
