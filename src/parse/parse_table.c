/* Numbered tables (表1 … 表11) and the performance forms: rows assembled
 * from cell groups with the help of the layouts' descriptions. */
#include "parse_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static void
pcell_add(struct dc_pcell *c, int idx)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4;
        c->idx = dc_xrealloc(c->idx, (size_t)c->cap * sizeof(int));
    }
    c->idx[c->n++] = idx;
}

static void
pend_clear(struct dc_parser *p)
{
    for (int i = 0; i < p->npend; i++)
        p->pend[i].n = 0;
    p->npend = 0;
}

static struct dc_pcell *
pend_new(struct dc_parser *p)
{
    if (p->npend == p->pend_cap) {
        int old = p->pend_cap;
        p->pend_cap = p->pend_cap ? p->pend_cap * 2 : 32;
        p->pend = dc_xrealloc(p->pend, (size_t)p->pend_cap * sizeof(*p->pend));
        memset(p->pend + old, 0, (size_t)(p->pend_cap - old) * sizeof(*p->pend));
    }
    struct dc_pcell *c = &p->pend[p->npend++];
    c->n = 0;
    return c;
}

void
dc_parser_cell_text(struct dc_parser *p, const struct dc_pcell *c,
                    struct dc_buf *out, int *distributed)
{
    const char *stack_lines[16] = {0};
    size_t stack_lens[16] = {0};
    const char **lines = stack_lines;
    size_t *lens = stack_lens;
    if (c->n > 16) {
        lines = dc_xmalloc((size_t)c->n * sizeof(char *));
        lens = dc_xmalloc((size_t)c->n * sizeof(size_t));
    }
    for (int i = 0; i < c->n; i++) {
        lines[i] = dc_src_text(&p->lx, &p->lx.lines[c->idx[i]]);
        lens[i] = p->lx.lines[c->idx[i]].len;
    }
    dc_clean_cell(lines, lens, c->n, out, distributed);
    if (lines != stack_lines) {
        free(lines);
        free(lens);
    }
}

static int
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

const struct dc_tabledef *
dc_parser_form_def(struct dc_parser *p, const char *text)
{
    const struct dc_tabledef *d =
        dc_tabledefs_find(p->defs, text, DC_TABLE_FORM_PROJECT);
    if (!d)
        d = dc_tabledefs_find(p->defs, text, DC_TABLE_FORM_DEPT);
    return d;
}

/* ---- 编制部门 / 单位 ---- */

/* Text after a label and its colon ("编制部门 ：X" -> " X"), or NULL. */
static const char *
after_colon(const char *s)
{
    const char *c1 = strstr(s, "："), *c2 = strchr(s, ':');
    const char *c = c1 && (!c2 || c1 < c2) ? c1 + 3 : c2 ? c2 + 1 : NULL;
    return c; /* trimmed_copy() takes off the blanks */
}

static char *
trimmed_copy(struct dc_parser *p, const char *s, size_t n)
{
    s = dc_trim(s, &n);
    return dc_doc_strndup(p->doc, s, n);
}

/* Reads "编制部门：X      单位：万元" (one string, or split over cells). */
static void
set_dept_unit(struct dc_parser *p, const char *s)
{
    struct dc_table *t = &p->table->u.table;
    const char *unit = strstr(s, "单位：");
    if (!unit)
        unit = strstr(s, "单位:");
    if ((starts(s, "编制部门") || starts(s, "编制单位")) && !t->department) {
        const char *d = after_colon(s);
        if (d) {
            size_t n = unit && unit > d ? (size_t)(unit - d) : strlen(d);
            t->department = trimmed_copy(p, d, n);
            t->dept_label = starts(s, "编制部门") ? "编制部门" : "编制单位";
        }
    }
    if (unit && !t->unit) {
        const char *u = after_colon(unit);
        if (u)
            t->unit = trimmed_copy(p, u, strlen(u));
    }
}

/* ---- rows ---- */

static struct dc_node *
new_row(struct dc_parser *p, enum dc_row_kind kind, int line, int ncells)
{
    struct dc_node *row = dc_row_new(p->doc, line, 1, ncells);
    row->u.row.kind = kind;
    dc_node_append(p->table, row);
    p->table->u.table.nrows++;
    p->last_row = row;
    return row;
}

static struct dc_node *
new_cell(struct dc_parser *p, struct dc_node *row, const struct dc_pcell *pc,
         int col, int colspan, int line)
{
    struct dc_buf text;
    dc_buf_init(&text);
    int dist = 0;
    int cline = line, ccol = 1;
    if (pc && pc->n) {
        dc_parser_cell_text(p, pc, &text, &dist);
        cline = p->lx.lines[pc->idx[0]].lineno;
        ccol = p->lx.lines[pc->idx[0]].col0;
    }
    struct dc_node *c = dc_row_add_cell(row, cline, ccol);
    c->u.cell.text = dc_doc_strdup(p->doc, text.data ? text.data : "");
    c->u.cell.col = col;
    c->u.cell.colspan = colspan;
    c->u.cell.rowspan = 1;
    if (!pc)
        c->u.cell.flags |= DC_CELL_PADDED | DC_CELL_EMPTY;
    if (text.len == 0)
        c->u.cell.flags |= DC_CELL_EMPTY;
    if (dist)
        c->u.cell.flags |= DC_CELL_DISTRIBUTED;
    /* codes ("03") are identifiers, not amounts */
    enum dc_col_role role = p->def && col < p->def->ncols
                                ? p->def->cols[col].role
                                : DC_COL_TEXT;
    int code = role == DC_COL_CLASS || role == DC_COL_KUAN ||
               role == DC_COL_XIANG ||
               (text.len > 1 && text.data[0] == '0' && text.data[1] >= '0' &&
                text.data[1] <= '9');
    if (text.len && !code)
        dc_cell_parse_num(&c->u.cell, text.data, text.len);
    dc_buf_free(&text);
    return c;
}

static int
is_total_text(const char *s)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    int total = strstr(b.data, "合计") || strstr(b.data, "总计");
    /* "其中：…" lines and item names that merely mention a total are not */
    if (starts(b.data, "其中"))
        total = 0;
    dc_buf_free(&b);
    return total;
}

static void
copy_digits(char *dst, size_t cap, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++)
        if (*s >= '0' && *s <= '9')
            dst[k++] = *s;
    dst[k] = '\0';
}

/* Kind, level and full code of a body row, from the column roles. */
static void
classify_body_row(struct dc_parser *p, struct dc_node *row)
{
    const struct dc_tabledef *def = p->def;
    char cls[16] = "", kuan[16] = "", xiang[16] = "";
    int has_codes = 0;
    for (const struct dc_node *c = dc_node_first(row); c; c = dc_node_next(c)) {
        enum dc_col_role role = def->cols[c->u.cell.col].role;
        const char *t = c->u.cell.text;
        switch (role) {
        case DC_COL_CLASS:
            has_codes = 1;
            copy_digits(cls, sizeof cls, t);
            break;
        case DC_COL_KUAN:
            copy_digits(kuan, sizeof kuan, t);
            break;
        case DC_COL_XIANG:
            copy_digits(xiang, sizeof xiang, t);
            break;
        case DC_COL_ITEM: {
            char code[16];
            size_t k = 0;
            while (t[k] >= '0' && t[k] <= '9' && k < 15)
                k++;
            if (k >= 3 && k <= 7 && t[k] != '.') {
                memcpy(code, t, k);
                code[k] = '\0';
                row->u.row.code = dc_doc_strdup(p->doc, code);
                row->u.row.level = k <= 3 ? 1 : k <= 5 ? 2 : 3;
            }
            break;
        }
        default:
            break;
        }
        if ((role == DC_COL_NAME || role == DC_COL_ITEM ||
             role == DC_COL_TEXT || role == DC_COL_LABEL) &&
            row->u.row.kind != DC_ROW_TOTAL && is_total_text(t) &&
            c->u.cell.col < 3 + (has_codes ? 3 : 0))
            row->u.row.kind = DC_ROW_TOTAL;
    }
    if (!has_codes)
        return;
    if (!cls[0] && (kuan[0] || xiang[0]))
        dc_str_put(cls, sizeof cls, 0, p->prev_class, sizeof cls);
    if (!kuan[0] && xiang[0])
        dc_str_put(kuan, sizeof kuan, 0, p->prev_kuan, sizeof kuan);
    int level = xiang[0] ? 3 : kuan[0] ? 2 : cls[0] ? 1 : 0;
    if (level) {
        char code[48];
        size_t k = dc_str_put(code, sizeof code, 0, cls, sizeof cls);
        k = dc_str_put(code, sizeof code, k, level >= 2 ? kuan : "",
                       sizeof kuan);
        dc_str_put(code, sizeof code, k, level == 3 ? xiang : "",
                   sizeof xiang);
        row->u.row.code = dc_doc_strdup(p->doc, code);
        row->u.row.level = level;
        dc_str_put(p->prev_class, sizeof p->prev_class, 0, cls, sizeof cls);
        dc_str_put(p->prev_kuan, sizeof p->prev_kuan, 0, kuan, sizeof kuan);
    }
}

static const char *
table_name(struct dc_parser *p, char *buf, size_t cap)
{
    const struct dc_table *t = &p->table->u.table;
    if (t->label)
        snprintf(buf, cap, "%s", t->label);
    else
        snprintf(buf, cap, "%s", t->title ? t->title : "form");
    return buf;
}

/* Emits the pending cells as the next row of the numbered table. */
static void
emit_numbered_row(struct dc_parser *p)
{
    struct dc_table *t = &p->table->u.table;
    const struct dc_tabledef *def = p->def;
    int line = p->pend_line;
    char name[256];
    if (t->nrows + p->hdr_skip < def->nheader) {
        const struct dc_hrow *hr = &def->header[t->nrows + p->hdr_skip];
        struct dc_node *row = new_row(p, DC_ROW_HEADER, line, hr->ncells);
        int col = 0;
        for (int i = 0; i < hr->ncells; i++) {
            const struct dc_hcell *hc = &hr->cells[i];
            struct dc_node *c = new_cell(p, row, i < p->npend ? &p->pend[i] : NULL,
                                         col, hc->colspan, line);
            if (hc->cont) {
                c->u.cell.vmerge = DC_VMERGE_CONTINUE;
            } else if (hc->rowspan > 1) {
                c->u.cell.vmerge = DC_VMERGE_RESTART;
                c->u.cell.rowspan = hc->rowspan;
            }
            col += hc->colspan;
        }
        if (p->npend < hr->ncells)
            dc_parse_report(p->diag, p->name, line, 1, DC_PMSG_SHORT_HEADER_ROW,
                           table_name(p, name, sizeof name), t->nrows,
                           p->npend, hr->ncells);
        t->nheader++;
    } else {
        struct dc_node *row = new_row(p, DC_ROW_BODY, line, def->ncols);
        for (int i = 0; i < def->ncols; i++)
            new_cell(p, row, i < p->npend ? &p->pend[i] : NULL, i, 1, line);
        if (p->npend < def->ncols)
            dc_parse_report(p->diag, p->name, line, 1, DC_PMSG_SHORT_ROW,
                           table_name(p, name, sizeof name), p->npend,
                           def->ncols);
        classify_body_row(p, row);
        /* a classification name spaced out in the source ("一 般 公 共") is
         * set like every other name: left, indented by its level */
        for (struct dc_node *c = dc_node_first(row); c; c = dc_node_next(c)) {
            enum dc_col_role role = def->cols[c->u.cell.col].role;
            if (role == DC_COL_NAME || role == DC_COL_ITEM)
                c->u.cell.flags &= ~DC_CELL_DISTRIBUTED;
        }
    }
    pend_clear(p);
}

static int
expected_cells(struct dc_parser *p)
{
    const struct dc_table *t = &p->table->u.table;
    if (t->nrows + p->hdr_skip < p->def->nheader)
        return p->def->header[t->nrows + p->hdr_skip].ncells;
    return p->def->ncols;
}

const struct dc_cell_src *
dc_parser_group_cells(struct dc_parser *p, const struct dc_item *it)
{
    if (p->gcells_of == it)
        return p->gcells;
    if (it->ncells > p->gcells_cap) {
        p->gcells_cap = it->ncells;
        p->gcells =
            dc_xrealloc(p->gcells, (size_t)p->gcells_cap * sizeof(*p->gcells));
    }
    int n = 0;
    for (int i = it->line_index; i < it->line_index + it->nlines; i++) {
        if (p->lx.lines[i].col0 == 2) /* after a TAB: a cell starts */
            p->gcells[n++] = (struct dc_cell_src){i, 0};
        p->gcells[n - 1].nlines++;
    }
    assert(n == it->ncells);
    p->gcells_of = it;
    return p->gcells;
}

void
dc_parser_group_cell_text(struct dc_parser *p, const struct dc_item *it,
                          int c, struct dc_buf *out)
{
    const struct dc_cell_src *cs = &dc_parser_group_cells(p, it)[c];
    struct dc_pcell pc = {NULL, 0, 0};
    for (int k = 0; k < cs->nlines; k++)
        pcell_add(&pc, cs->first + k);
    int dist;
    dc_parser_cell_text(p, &pc, out, &dist);
    free(pc.idx);
}

static void
choose_def(struct dc_parser *p)
{
    struct dc_table *t = &p->table->u.table;
    if (p->def)
        return;
    const struct dc_tabledef *d =
        t->title ? dc_tabledefs_find(p->defs, t->title, DC_TABLE_NUMBERED)
                 : NULL;
    if (d && d->number != t->number)
        dc_parse_report(p->diag, p->name, p->table->line, 1,
                        DC_PMSG_TITLE_OF_OTHER,
                       t->number, d->number, t->title, d->number);
    if (!d) {
        d = dc_tabledefs_number(p->defs, t->number);
        if (d)
            dc_parse_report(p->diag, p->name, p->table->line, 1,
                            DC_PMSG_UNKNOWN_TITLE,
                           t->number, t->title ? t->title : "", t->number,
                           d->match[0]);
    }
    if (!d) {
        dc_parse_report(p->diag, p->name, p->table->line, 1, DC_PMSG_NO_LAYOUT,
                       t->number, t->title ? t->title : "", p->defs->dir);
        d = &p->defs->defs[0]; /* keep going to report more */
    }
    p->def = d;
    t->def = d;
    t->ncols = d->ncols;
}

/* Cells of a group appended to the pending row; splits into rows as the
 * expected counts are reached. */
/* Some departments leave out the top header row(s) of a standard table
 * ("科目 | 支出预算" above the column labels).  When the table's first group
 * has the cell count of a later header row, and the rows before it reach
 * into no other row, the header starts there. */
static void
skip_absent_header_rows(struct dc_parser *p, const struct dc_item *it)
{
    const struct dc_tabledef *def = p->def;
    if (p->table->u.table.nrows > 0 || p->npend > 0 || def->nheader == 0 ||
        def->header[0].ncells == it->ncells)
        return;
    for (int r = 1; r < def->nheader; r++) {
        const struct dc_hrow *above = &def->header[r - 1];
        for (int k = 0; k < above->ncells; k++)
            if (above->cells[k].rowspan > 1)
                return;
        if (def->header[r].ncells == it->ncells) {
            char name[256];
            p->hdr_skip = r;
            dc_parse_report(p->diag, p->name, it->line, 1,
                            DC_PMSG_HEADER_STARTS_LATE,
                           table_name(p, name, sizeof name), r + 1,
                           def->file);
            return;
        }
    }
}

static void
numbered_group(struct dc_parser *p, const struct dc_item *it)
{
    char name[256];
    int c = 0;
    skip_absent_header_rows(p, it);
    if (p->npend > 0 && p->npend + it->ncells > expected_cells(p) &&
        it->after_blank) {
        /* an incomplete row followed by a new one: the short row ends */
        emit_numbered_row(p);
    }
    const struct dc_cell_src *cells = dc_parser_group_cells(p, it);
    for (; c < it->ncells; c++) {
        const struct dc_cell_src *cs = &cells[c];
        if (p->npend == 0)
            p->pend_line = p->lx.lines[cs->first].lineno;
        if (p->npend >= expected_cells(p)) {
            /* more cells than the layout has columns */
            const struct dc_src_line *ln = &p->lx.lines[cs->first];
            int extra = it->ncells - c;
            dc_parse_report(p->diag, p->name, ln->lineno, 1, DC_PMSG_WIDE_ROW,
                           table_name(p, name, sizeof name), p->pend_line,
                           p->npend + extra, p->def->id, expected_cells(p));
            /* keep the extra cells' text visible in the row's last cell */
            struct dc_pcell *last = &p->pend[p->npend - 1];
            for (; c < it->ncells; c++) {
                const struct dc_cell_src *x = &cells[c];
                for (int k = 0; k < x->nlines; k++)
                    pcell_add(last, x->first + k);
            }
            break;
        }
        struct dc_pcell *pc = pend_new(p);
        for (int k = 0; k < cs->nlines; k++)
            pcell_add(pc, cs->first + k);
        if (p->npend == expected_cells(p) && c + 1 == it->ncells)
            emit_numbered_row(p);
    }
    if (p->npend >= expected_cells(p))
        emit_numbered_row(p);
}

void
dc_parser_start_table(struct dc_parser *p, int number, int line)
{
    dc_parser_close_table(p);
    struct dc_node *t = dc_node_new(p->doc, DC_NODE_TABLE, line, 1);
    dc_node_append(p->doc->root, t);
    t->u.table.kind = DC_TABLE_NUMBERED;
    t->u.table.number = number;
    char label[32];
    snprintf(label, sizeof label, "表%d", number);
    t->u.table.label = dc_doc_strdup(p->doc, label);
    p->table = t;
    p->def = NULL;
    p->last_row = NULL;
    p->prev_class[0] = p->prev_kuan[0] = '\0';
    p->hdr_skip = 0;
    pend_clear(p);
    if (number > 0 && number < 100) {
        if (p->tables_seen[number])
            dc_parse_report(p->diag, p->name, line, 1,
                            DC_PMSG_TABLE_TWICE, number);
        p->tables_seen[number]++;
    }
}

void
dc_parser_start_form(struct dc_parser *p, const struct dc_tabledef *def,
                     const char *title, int line)
{
    dc_parser_close_table(p);
    struct dc_node *t = dc_node_new(p->doc, DC_NODE_TABLE, line, 1);
    dc_node_append(p->doc->root, t);
    t->u.table.kind = (enum dc_table_kind)def->kind;
    t->u.table.def = def;
    t->u.table.ncols = def->ncols;
    /* the title as the layouts spell it when the source spaces it out */
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(title, &b);
    t->u.table.title = dc_doc_strdup(p->doc, b.data);
    dc_buf_free(&b);
    p->table = t;
    p->def = def;
    p->last_row = NULL;
    memset(p->vorigin, 0, sizeof p->vorigin);
    pend_clear(p);
}

void
dc_parser_close_table(struct dc_parser *p)
{
    if (!p->table)
        return;
    struct dc_table *t = &p->table->u.table;
    char name[256];
    if (t->kind == DC_TABLE_NUMBERED) {
        if (!p->def)
            choose_def(p);
        if (p->npend > 0)
            emit_numbered_row(p);
        if (t->nrows + p->hdr_skip < p->def->nheader)
            dc_parse_report(p->diag, p->name, p->table->line, 1,
                            DC_PMSG_CUT_HEADER,
                           table_name(p, name, sizeof name));
        else if (t->nrows + p->hdr_skip == p->def->nheader)
            /* a department without such money publishes the empty table */
            dc_parse_report(p->diag, p->name, p->table->line, 1,
                            DC_PMSG_NO_BODY_ROWS,
                           table_name(p, name, sizeof name));
        if (t->nrows + p->hdr_skip < p->def->nheader) {
            /* keep the tree sound: a cut-off header is left out */
            while (dc_node_first(p->table)) {
                struct dc_node *r = dc_node_first(p->table);
                dc_node_remove(r);
            }
            t->nrows = t->nheader = 0;
        }
    } else if (t->nrows == 0) {
        dc_parse_report(p->diag, p->name, p->table->line, 1,
                        DC_PMSG_EMPTY_FORM, t->title);
    }
    p->table = NULL;
    p->def = NULL;
    pend_clear(p);
}

/* ---- forms ---- */

static int
pattern_matches(const struct dc_rowpat *pat, int ncells, const char *first)
{
    if (pat->ncells != ncells)
        return 0;
    if (!pat->match)
        return 1;
    /* alternatives separated by | */
    const char *m = pat->match;
    while (*m) {
        const char *bar = strchr(m, '|');
        size_t len = bar ? (size_t)(bar - m) : strlen(m);
        if (len && strncmp(first, m, len) == 0)
            return 1;
        if (!bar)
            break;
        m = bar + 1;
    }
    return 0;
}

static void
form_group(struct dc_parser *p, const struct dc_item *it)
{
    struct dc_table *t = &p->table->u.table;
    struct dc_buf text, sq;
    dc_buf_init(&text);
    dc_buf_init(&sq);
    int all_empty = 1;
    for (int c = 0; c < it->ncells && all_empty; c++) {
        dc_parser_group_cell_text(p, it, c, &text);
        if (text.len)
            all_empty = 0;
    }
    if (all_empty)
        goto done; /* spacing rows of the Word form carry nothing */
    dc_parser_group_cell_text(p, it, 0, &text);
    dc_squeeze(text.data, &sq);
    const struct dc_rowpat *pat = NULL;
    for (int i = 0; i < p->def->npats && !pat; i++) {
        const struct dc_rowpat *cand = &p->def->pats[i];
        if (cand->role == DC_PAT_TITLE)
            continue;
        if (pattern_matches(cand, it->ncells, sq.data))
            pat = cand;
    }
    if (!pat) {
        dc_parse_report(p->diag, p->name, it->line, 1, DC_PMSG_FORM_ROW,
                       it->ncells, t->title, p->def->file);
        goto done;
    }
    if (pat->role == DC_PAT_SUBTITLE) {
        if (!t->subtitle)
            t->subtitle = dc_doc_strdup(p->doc, text.data);
        else
            dc_parse_report(p->diag, p->name, it->line, 1,
                            DC_PMSG_SECOND_SUBTITLE,
                           t->title, text.data);
        goto done;
    }
    struct dc_node *row =
        new_row(p, pat->role == DC_PAT_HEADER ? DC_ROW_HEADER : DC_ROW_BODY,
                it->line, it->ncells);
    int col = 0;
    const struct dc_cell_src *cells = dc_parser_group_cells(p, it);
    for (int c = 0; c < it->ncells; c++) {
        const struct dc_cell_src *cs = &cells[c];
        struct dc_pcell pc = {NULL, 0, 0};
        for (int k = 0; k < cs->nlines; k++)
            pcell_add(&pc, cs->first + k);
        struct dc_node *cell = new_cell(p, row, &pc, col, pat->spans[c],
                                        it->line);
        free(pc.idx);
        struct dc_node *origin = p->vorigin[col];
        if ((pat->vmerge_empty & (1u << col)) &&
            (cell->u.cell.flags & DC_CELL_EMPTY) && origin &&
            origin->u.cell.colspan == cell->u.cell.colspan) {
            cell->u.cell.vmerge = DC_VMERGE_CONTINUE;
            origin->u.cell.vmerge = DC_VMERGE_RESTART;
            origin->u.cell.rowspan++;
        } else {
            for (int k = col; k < col + pat->spans[c] && k < DC_MAX_COLS; k++)
                p->vorigin[k] = NULL;
            if (row->u.row.kind == DC_ROW_BODY)
                p->vorigin[col] = cell;
        }
        col += pat->spans[c];
    }
    if (row->u.row.kind == DC_ROW_HEADER)
        memset(p->vorigin, 0, sizeof p->vorigin);
done:
    dc_buf_free(&text);
    dc_buf_free(&sq);
}

/* ---- dispatch ---- */

/* Title / 编制部门 in the preamble of a numbered table (before its header
 * rows); returns 1 when the item was used. */
static int
preamble_item(struct dc_parser *p, const struct dc_item *it)
{
    struct dc_table *t = &p->table->u.table;
    struct dc_buf text;
    dc_buf_init(&text);
    int used = 0;
    if (it->type == DC_ITEM_TEXT) {
        dc_parser_line_text(p, it->line_index, &text);
        struct dc_line_info info;
        enum dc_line_class cls = dc_classify_line(text.data, text.len, &info);
        if (cls == DC_LINE_DEPT ||
            (cls == DC_LINE_TEXT && strstr(text.data, "单位") &&
             (strstr(text.data, "单位：") || strstr(text.data, "单位:")) &&
             dc_utf8_len(text.data, text.len) <= 20)) {
            /* 编制部门：… 单位：万元, or a line of its own: 金额单位：万元 */
            set_dept_unit(p, text.data);
            used = 1;
        } else if (!t->title && cls != DC_LINE_PART && cls != DC_LINE_TABLE) {
            t->title = dc_doc_strdup(p->doc, text.data);
            used = 1;
        }
    } else {
        dc_parser_group_cell_text(p, it, 0, &text);
        if (starts(text.data, "编制部门") || starts(text.data, "编制单位")) {
            for (int c = 0; c < it->ncells; c++) {
                dc_parser_group_cell_text(p, it, c, &text);
                set_dept_unit(p, text.data);
            }
            used = 1;
        } else if (it->ncells == 1 && !t->title && text.len) {
            t->title = dc_doc_strdup(p->doc, text.data);
            used = 1;
        }
    }
    dc_buf_free(&text);
    return used;
}

int
dc_parser_table_item(struct dc_parser *p)
{
    const struct dc_item *it = &p->lx.items[p->it];
    struct dc_table *t = &p->table->u.table;

    if (t->kind != DC_TABLE_NUMBERED) {
        if (it->type == DC_ITEM_GROUP) {
            struct dc_buf text;
            dc_buf_init(&text);
            dc_parser_group_cell_text(p, it, 0, &text);
            const struct dc_tabledef *form =
                it->ncells == 1 ? dc_parser_form_def(p, text.data) : NULL;
            if (form)
                dc_parser_start_form(p, form, text.data, it->line);
            else
                form_group(p, it);
            dc_buf_free(&text);
            return 1;
        }
        dc_parser_close_table(p);
        return 0;
    }

    if (t->nrows == 0 && p->npend == 0 && preamble_item(p, it))
        return 1;
    if (!p->def)
        choose_def(p);

    if (it->type == DC_ITEM_GROUP) {
        /* a form title ends the table */
        if (it->ncells == 1) {
            struct dc_buf text;
            dc_buf_init(&text);
            dc_parser_group_cell_text(p, it, 0, &text);
            const struct dc_tabledef *form = dc_parser_form_def(p, text.data);
            dc_buf_free(&text);
            if (form) {
                dc_parser_close_table(p);
                return 0;
            }
        }
        numbered_group(p, it);
        return 1;
    }

    /* a line without TAB after blank lines: continues the pending cell when
     * the row is incomplete and the line is no structure of its own */
    if (p->npend > 0 && p->npend < expected_cells(p)) {
        struct dc_buf text;
        dc_buf_init(&text);
        dc_parser_line_text(p, it->line_index, &text);
        struct dc_line_info info;
        enum dc_line_class cls = dc_classify_line(text.data, text.len, &info);
        int structural = cls == DC_LINE_PART || cls == DC_LINE_TABLE ||
                         cls == DC_LINE_HEADING || cls == DC_LINE_DEPT ||
                         dc_parser_form_def(p, text.data);
        dc_buf_free(&text);
        if (!structural) {
            pcell_add(&p->pend[p->npend - 1], it->line_index);
            return 1;
        }
    }
    dc_parser_close_table(p);
    return 0;
}
