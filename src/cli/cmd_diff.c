/* disclose diff OLD NEW: every table cell, heading and paragraph that
 * differs between two versions of a source, so a reviewer sees exactly
 * what a correction touched.  Exit status as diff(1): 0 the same, 1
 * different, 2 trouble. */
#include "cli.h"
#include "i18n.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

struct differ {
    const char *old_name, *new_name;
    int changes;
};

/* ---- text blocks: parts, headings, paragraphs, signature ---- */

struct block {
    const struct dc_node *node;
    char *text;
};

static char *
block_text(const struct dc_node *n)
{
    struct dc_buf b;
    dc_buf_init(&b);
    switch (n->type) {
    case DC_NODE_PART:
        dc_buf_printf(&b, "%s %s", n->u.part.numbering, n->u.part.title);
        break;
    case DC_NODE_HEADING:
        dc_buf_printf(&b, "%s%s", n->u.heading.numbering, n->u.heading.title);
        break;
    case DC_NODE_PARAGRAPH:
        dc_buf_puts(&b, n->u.para.text);
        break;
    case DC_NODE_SIGNATURE:
        dc_buf_printf(&b, "%s %s", n->u.sig.department, n->u.sig.date);
        break;
    default:
        break;
    }
    return dc_buf_detach(&b);
}

static int
collect_blocks(const struct dc_doc *doc, struct block **out)
{
    int n = 0, cap = 0;
    *out = NULL;
    for (const struct dc_node *c = dc_node_first(doc->root); c;
         c = dc_node_next(c)) {
        if (c->type == DC_NODE_TABLE)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = dc_xrealloc(*out, (size_t)cap * sizeof(**out));
        }
        (*out)[n].node = c;
        (*out)[n].text = block_text(c);
        n++;
    }
    return n;
}

static const char *
kind_word(const struct dc_node *n)
{
    switch (n->type) {
    case DC_NODE_PART:
        return _("part");
    case DC_NODE_HEADING:
        return _("heading");
    case DC_NODE_SIGNATURE:
        return _("signature");
    default:
        return _("paragraph");
    }
}

/* Longest common subsequence over the blocks, then the edits between. */
static void
diff_blocks(struct differ *d, const struct dc_doc *a, const struct dc_doc *b)
{
    struct block *x, *y;
    int n = collect_blocks(a, &x), m = collect_blocks(b, &y);
    int *L = dc_xcalloc((size_t)(n + 1) * (size_t)(m + 1), sizeof(int));
#define AT(i, j) L[(size_t)(i) * (size_t)(m + 1) + (size_t)(j)]
    for (int i = n - 1; i >= 0; i--)
        for (int j = m - 1; j >= 0; j--)
            AT(i, j) = strcmp(x[i].text, y[j].text) == 0
                           ? AT(i + 1, j + 1) + 1
                           : (AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j)
                                                          : AT(i, j + 1));
    int i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && strcmp(x[i].text, y[j].text) == 0) {
            i++;
            j++;
        } else if (i < n && j < m && AT(i + 1, j + 1) == AT(i, j) &&
                   x[i].node->type == y[j].node->type) {
            /* a block replaced by one of its kind: a change */
            printf(_("%s:%d: changed %s\n  - %s\n  + %s\n"), d->new_name,
                   y[j].node->line, kind_word(y[j].node), x[i].text,
                   y[j].text);
            d->changes++;
            i++;
            j++;
        } else if (j < m && (i == n || AT(i, j + 1) >= AT(i + 1, j))) {
            printf(_("%s:%d: added %s\n  + %s\n"), d->new_name, y[j].node->line,
                   kind_word(y[j].node), y[j].text);
            d->changes++;
            j++;
        } else {
            printf(_("%s:%d: removed %s\n  - %s\n"), d->old_name,
                   x[i].node->line, kind_word(x[i].node), x[i].text);
            d->changes++;
            i++;
        }
    }
#undef AT
    free(L);
    for (int k = 0; k < n; k++)
        free(x[k].text);
    for (int k = 0; k < m; k++)
        free(y[k].text);
    free(x);
    free(y);
}

/* ---- tables ---- */

static const char *
table_id(const struct dc_node *t, int form_index, char *buf, size_t cap)
{
    if (t->u.table.label)
        snprintf(buf, cap, "%s", t->u.table.label);
    else
        snprintf(buf, cap, _("form %d (%s)"), form_index, t->u.table.title);
    return buf;
}

/* What identifies a body row: its code and its name-like cells. */
static char *
row_key(const struct dc_node *row)
{
    const struct dc_tabledef *def = dc_node_parent(row)->u.table.def;
    struct dc_buf b;
    dc_buf_init(&b);
    if (row->u.row.code)
        dc_buf_puts(&b, row->u.row.code);
    for (const struct dc_node *c = dc_node_first(row); c; c = dc_node_next(c)) {
        enum dc_col_role role = def->cols[c->u.cell.col].role;
        if (role == DC_COL_NAME || role == DC_COL_ITEM ||
            role == DC_COL_LABEL || (role == DC_COL_TEXT && c->u.cell.col == 0))
            dc_buf_printf(&b, "%s%s", b.len ? " " : "", c->u.cell.text);
    }
    if (b.len == 0)
        dc_buf_puts(&b, _("(row)"));
    return dc_buf_detach(&b);
}

/* The header label of a column: the lowest header cell over it. */
static const char *
column_label(const struct dc_node *table, int col)
{
    const char *label = NULL;
    for (const struct dc_node *r = dc_node_first(table); r;
         r = dc_node_next(r)) {
        if (r->u.row.kind != DC_ROW_HEADER)
            continue;
        for (const struct dc_node *c = dc_node_first(r); c; c = dc_node_next(c))
            if (c->u.cell.col <= col &&
                col < c->u.cell.col + c->u.cell.colspan &&
                c->u.cell.vmerge != DC_VMERGE_CONTINUE && *c->u.cell.text)
                label = c->u.cell.text;
        if (table->u.table.kind != DC_TABLE_NUMBERED && label)
            break;
    }
    return label ? label : table->u.table.def->cols[col].key;
}

static void
diff_rows(struct differ *d, const struct dc_node *ta, const struct dc_node *tb,
          const char *id)
{
    int na = 0, nb = 0;
    for (const struct dc_node *r = dc_node_first(ta); r; r = dc_node_next(r))
        na++;
    for (const struct dc_node *r = dc_node_first(tb); r; r = dc_node_next(r))
        nb++;
    const struct dc_node **ra = dc_xcalloc((size_t)na + 1, sizeof(*ra));
    const struct dc_node **rb = dc_xcalloc((size_t)nb + 1, sizeof(*rb));
    char **ka = dc_xcalloc((size_t)na + 1, sizeof(char *));
    char **kb = dc_xcalloc((size_t)nb + 1, sizeof(char *));
    int *used = dc_xcalloc((size_t)nb + 1, sizeof(int));
    int i = 0;
    for (const struct dc_node *r = dc_node_first(ta); r;
         r = dc_node_next(r), i++) {
        ra[i] = r;
        ka[i] = row_key(r);
    }
    i = 0;
    for (const struct dc_node *r = dc_node_first(tb); r;
         r = dc_node_next(r), i++) {
        rb[i] = r;
        kb[i] = row_key(r);
    }
    for (int x = 0; x < na; x++) {
        /* same key, nearest position first; else the same position */
        int best = -1;
        for (int y = 0; y < nb; y++)
            if (!used[y] && strcmp(ka[x], kb[y]) == 0 &&
                (best < 0 || abs(y - x) < abs(best - x)))
                best = y;
        if (best < 0 && x < nb && !used[x] &&
            ra[x]->u.row.kind == rb[x]->u.row.kind &&
            !(ra[x]->u.row.code && rb[x]->u.row.code))
            best = x;
        if (best < 0) {
            printf(_("%s:%d: %s: removed row [%s]\n"), d->old_name, ra[x]->line,
                   id, ka[x]);
            d->changes++;
            continue;
        }
        used[best] = 1;
        const struct dc_node *rx = ra[x], *ry = rb[best];
        for (const struct dc_node *cy = dc_node_first(ry); cy;
             cy = dc_node_next(cy)) {
            const struct dc_node *cx = dc_row_cell_at(rx, cy->u.cell.col);
            const char *old = cx ? cx->u.cell.text : "";
            if (strcmp(old, cy->u.cell.text) == 0)
                continue;
            printf("%s:%d: %s [%s] %s: %s -> %s\n", d->new_name, cy->line,
                   id, kb[best], column_label(tb, cy->u.cell.col),
                   *old ? old : _("(empty)"),
                   *cy->u.cell.text ? cy->u.cell.text : _("(empty)"));
            d->changes++;
        }
    }
    for (int y = 0; y < nb; y++)
        if (!used[y]) {
            printf(_("%s:%d: %s: added row [%s]\n"), d->new_name, rb[y]->line,
                   id, kb[y]);
            d->changes++;
        }
    for (int x = 0; x < na; x++)
        free(ka[x]);
    for (int y = 0; y < nb; y++)
        free(kb[y]);
    free(ka);
    free(kb);
    free(ra);
    free(rb);
    free(used);
}

static void
diff_table_fields(struct differ *d, const struct dc_node *ta,
                  const struct dc_node *tb, const char *id)
{
    const char *fa[] = {ta->u.table.title, ta->u.table.subtitle,
                        ta->u.table.department, ta->u.table.unit};
    const char *fb[] = {tb->u.table.title, tb->u.table.subtitle,
                        tb->u.table.department, tb->u.table.unit};
    static const char *const names[] = {N_("title"), N_("subtitle"),
                                        "编制部门", "单位"};
    for (int k = 0; k < 4; k++) {
        const char *x = fa[k] ? fa[k] : "", *y = fb[k] ? fb[k] : "";
        if (strcmp(x, y) != 0) {
            printf("%s:%d: %s %s: %s -> %s\n", d->new_name, tb->line, id,
                   _(names[k]), *x ? x : _("(none)"), *y ? y : _("(none)"));
            d->changes++;
        }
    }
}

static void
diff_tables(struct differ *d, const struct dc_doc *a, const struct dc_doc *b)
{
    /* numbered tables by number, forms by their order */
    const struct dc_node *fb = dc_node_first(b->root);
    int form_index = 0;
    for (const struct dc_node *ta = dc_node_first(a->root); ta;
         ta = dc_node_next(ta)) {
        if (ta->type != DC_NODE_TABLE)
            continue;
        char id[256];
        const struct dc_node *tb = NULL;
        if (ta->u.table.kind == DC_TABLE_NUMBERED) {
            tb = dc_doc_table(b, ta->u.table.number);
        } else {
            form_index++;
            while (fb && (fb->type != DC_NODE_TABLE ||
                          fb->u.table.kind == DC_TABLE_NUMBERED))
                fb = dc_node_next(fb);
            tb = fb;
            if (fb)
                fb = dc_node_next(fb);
        }
        table_id(ta, form_index, id, sizeof id);
        if (!tb) {
            printf(_("%s:%d: removed %s\n"), d->old_name, ta->line, id);
            d->changes++;
            continue;
        }
        diff_table_fields(d, ta, tb, id);
        diff_rows(d, ta, tb, id);
    }
    int forms_a = form_index, forms_b = 0;
    for (const struct dc_node *tb = dc_node_first(b->root); tb;
         tb = dc_node_next(tb)) {
        if (tb->type != DC_NODE_TABLE)
            continue;
        char id[256];
        if (tb->u.table.kind == DC_TABLE_NUMBERED) {
            if (!dc_doc_table(a, tb->u.table.number)) {
                printf(_("%s:%d: added %s\n"), d->new_name, tb->line,
                       table_id(tb, 0, id, sizeof id));
                d->changes++;
            }
        } else if (++forms_b > forms_a) {
            printf(_("%s:%d: added %s\n"), d->new_name, tb->line,
                   table_id(tb, forms_b, id, sizeof id));
            d->changes++;
        }
    }
}

enum { OPT_NAME = DC_OPT_LONG };

static const struct dc_opt diff_opts[] = {
    {OPT_NAME, "name", "NAME",
     N_("what standard input is called in the output")},
    {0, NULL, NULL, NULL}};

const struct dc_command dc_diff_command = {
    "diff", "OLD NEW", N_("what changed between two versions of a source"),
    N_("Lists every table cell (table, row code and name, column), heading "
       "and\nparagraph that differs between two versions of a source.  "
       "Exit status 0 when\nthey are the same, 1 when they differ, 2 when a "
       "source cannot be read.\n"),
    2, 2, diff_opts, dc_cmd_diff, NULL};

int
dc_cmd_diff(int argc, char **argv)
{
    const char *name = NULL;
    struct dc_args args;
    int c;
    dc_args_begin(&args, &dc_diff_command, argc, argv);
    while ((c = dc_args_next(&args)) > 0)
        if (c == OPT_NAME)
            name = args.value;
    if (c < 0)
        return dc_args_end(&args);
    const char *src[2] = {args.operands[0], args.operands[1]};
    const char *shown[2];
    for (int k = 0; k < 2; k++)
        shown[k] = strcmp(src[k], "-") == 0 ? (name ? name : "<stdin>")
                                            : src[k];
    dc_args_end(&args);
    /* warnings about the sources are check's business; errors are shown */
    struct dc_diag diag;
    dc_diag_init(&diag, NULL);
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    struct dc_doc *a = NULL, *b = NULL;
    int rc = DC_EXIT_USAGE;
    if (defs) {
        a = dc_cli_parse(src[0], name, defs, &diag);
        b = dc_cli_parse(src[1], name, defs, &diag);
    }
    if (a && b && diag.nerrors == 0) {
        struct differ d = {shown[0], shown[1], 0};
        diff_tables(&d, a, b);
        diff_blocks(&d, a, b);
        if (d.changes)
            printf(P_("%d difference\n", "%d differences\n", d.changes), d.changes);
        rc = d.changes ? DC_EXIT_FINDINGS : DC_EXIT_OK;
    }
    struct dc_buf line;
    dc_buf_init(&line);
    for (size_t k = 0; k < diag.n; k++)
        if (diag.msgs[k].sev == DC_SEV_ERROR) {
            dc_buf_clear(&line);
            dc_diag_format(&diag.msgs[k], &line);
            fprintf(stderr, "%s\n", line.data);
        }
    dc_buf_free(&line);
    dc_doc_free(a);
    dc_doc_free(b);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
