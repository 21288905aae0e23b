#include "model.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct dc_doc *
dc_doc_new(const char *source)
{
    struct dc_doc *doc = dc_xcalloc(1, sizeof(*doc));
    dc_arena_init(&doc->arena);
    doc->meta.source = source ? dc_arena_strdup(&doc->arena, source) : NULL;
    doc->root = dc_node_new(doc, DC_NODE_DOCUMENT, 1, 1);
    return doc;
}

void
dc_doc_free(struct dc_doc *doc)
{
    if (!doc)
        return;
    dc_arena_release(&doc->arena);
    free(doc);
}

char *
dc_doc_strdup(struct dc_doc *doc, const char *s)
{
    return dc_arena_strdup(&doc->arena, s);
}

char *
dc_doc_strndup(struct dc_doc *doc, const char *s, size_t n)
{
    return dc_arena_strndup(&doc->arena, s, n);
}

_Static_assert(DC_MAX_COLS <= 127, "a cell's column is a signed char");
_Static_assert(sizeof(struct dc_cell) == 24, "a cell node is 40 bytes");
_Static_assert(DC_MAX_COLS <= 255, "a cell's index is an unsigned char");
#define FITS(member)                                                           \
    _Static_assert(sizeof(((struct dc_node *)0)->u.member) <=                  \
                       sizeof(struct dc_table),                                \
                   "a copy keeps its original past every payload")
FITS(part);
FITS(heading);
FITS(para);
FITS(row);
FITS(cell);
FITS(sig);
#undef FITS
_Static_assert(DC_ROW_NODE_SIZE % _Alignof(struct dc_node) == 0 &&
                   DC_CELL_NODE_SIZE % _Alignof(struct dc_node) == 0,
               "a row's cells follow it aligned");

/* Bytes a node of type t takes: its header and its own payload. */
static size_t
node_size(enum dc_node_type t)
{
    switch (t) {
    case DC_NODE_CELL:
        return DC_CELL_NODE_SIZE;
    case DC_NODE_ROW:
        return DC_ROW_NODE_SIZE;
    default:
        return sizeof(struct dc_node);
    }
}

/* A node with its links before it and room for `cells` cells after it. */
static struct dc_node *
node_alloc(struct dc_doc *doc, enum dc_node_type type, int line, int col,
           int cells)
{
    char *m =
        dc_arena_alloc(&doc->arena, sizeof(struct dc_links) + node_size(type) +
                                        (size_t)cells * DC_CELL_NODE_SIZE);
    struct dc_node *n = (struct dc_node *)(m + sizeof(struct dc_links));
    n->type = (unsigned char)type;
    n->line = line;
    n->col = col;
    return n;
}

struct dc_node *
dc_node_new(struct dc_doc *doc, enum dc_node_type type, int line, int col)
{
    assert(type != DC_NODE_CELL); /* dc_row_add_cell() */
    if (type == DC_NODE_ROW)
        return dc_row_new(doc, line, col, DC_MAX_COLS);
    return node_alloc(doc, type, line, col, 0);
}

struct dc_node *
dc_row_new(struct dc_doc *doc, int line, int col, int cap)
{
    assert(cap >= 0 && cap <= DC_MAX_COLS);
    struct dc_node *row = node_alloc(doc, DC_NODE_ROW, line, col, cap);
    row->u.row.cap = cap;
    return row;
}

struct dc_node *
dc_row_add_cell(struct dc_node *row, int line, int col)
{
    assert(row->type == DC_NODE_ROW && !row->copy);
    int i = row->u.row.ncells;
    if (i >= row->u.row.cap)
        abort(); /* the parser sizes its rows: a bug, not bad input */
    struct dc_node *c = (struct dc_node *)((char *)row + DC_ROW_NODE_SIZE +
                                           (size_t)i * DC_CELL_NODE_SIZE);
    c->type = DC_NODE_CELL;
    c->index = (unsigned char)i;
    c->line = line;
    c->col = col;
    row->u.row.ncells++;
    return c;
}

void
dc_node_copy(struct dc_node *dst, const struct dc_node *src)
{
    src = dc_node_orig(src);
    size_t n = node_size(src->type);
    const size_t room = offsetof(struct dc_node, u.copied.orig);
    memset(dst, 0, sizeof(*dst));
    memcpy(dst, src, n < room ? n : room);
    dst->copy = 1;
    dst->u.copied.orig = src;
}

int
dc_node_can_contain(enum dc_node_type parent, enum dc_node_type child)
{
    switch (parent) {
    case DC_NODE_DOCUMENT:
        return child == DC_NODE_PART || child == DC_NODE_HEADING ||
               child == DC_NODE_PARAGRAPH || child == DC_NODE_TABLE ||
               child == DC_NODE_SIGNATURE;
    case DC_NODE_TABLE:
        return child == DC_NODE_ROW;
    case DC_NODE_ROW:
        return child == DC_NODE_CELL;
    default:
        return 0;
    }
}

const char *
dc_node_type_name(enum dc_node_type t)
{
    switch (t) {
    case DC_NODE_DOCUMENT:
        return "document";
    case DC_NODE_PART:
        return "part";
    case DC_NODE_HEADING:
        return "heading";
    case DC_NODE_PARAGRAPH:
        return "paragraph";
    case DC_NODE_TABLE:
        return "table";
    case DC_NODE_ROW:
        return "row";
    case DC_NODE_CELL:
        return "cell";
    case DC_NODE_SIGNATURE:
        return "signature";
    }
    return "?";
}

void
dc_node_append(struct dc_node *parent, struct dc_node *child)
{
    assert(dc_node_can_contain(parent->type, child->type));
    assert(child->type != DC_NODE_CELL && parent->type != DC_NODE_ROW);
    struct dc_links *pl = dc_node_links(parent), *cl = dc_node_links(child);
    assert(cl->parent == NULL);
    cl->parent = parent;
    cl->next = NULL;
    if (pl->last)
        dc_node_links(pl->last)->next = child;
    else
        pl->first = child;
    pl->last = child;
}

void
dc_node_remove(struct dc_node *node)
{
    assert(node->type != DC_NODE_CELL && !node->copy);
    struct dc_links *nl = dc_node_links(node);
    struct dc_node *p = nl->parent;
    if (!p)
        return;
    struct dc_links *pl = dc_node_links(p);
    struct dc_node *prev = NULL;
    for (struct dc_node *c = pl->first; c != node; c = dc_node_links(c)->next)
        prev = c;
    if (prev)
        dc_node_links(prev)->next = nl->next;
    else
        pl->first = nl->next;
    if (!nl->next)
        pl->last = prev;
    nl->parent = nl->next = NULL;
}

static int
check_node(const struct dc_node *n)
{
    int problems = 0;
    int count = 0;
    const struct dc_node *prev = NULL;
    for (const struct dc_node *c = dc_node_first(n); c; c = dc_node_next(c)) {
        if (dc_node_parent(c) != n) {
            fprintf(stderr, "tree: bad links under %s at line %d\n",
                    dc_node_type_name(n->type), n->line);
            problems++;
        }
        if (!dc_node_can_contain(n->type, c->type)) {
            fprintf(stderr, "tree: %s may not contain %s (line %d)\n",
                    dc_node_type_name(n->type), dc_node_type_name(c->type),
                    c->line);
            problems++;
        }
        problems += check_node(c);
        prev = c;
        count++;
    }
    if (dc_node_last(n) != prev) {
        fprintf(stderr, "tree: bad last child under line %d\n", n->line);
        problems++;
    }
    if (n->type == DC_NODE_TABLE) {
        if (count != n->u.table.nrows || n->u.table.nheader > count ||
            !n->u.table.def) {
            fprintf(stderr, "tree: table at line %d: counts disagree\n",
                    n->line);
            problems++;
        }
    } else if (n->type == DC_NODE_ROW) {
        int cols = 0;
        for (const struct dc_node *c = dc_node_first(n); c;
             c = dc_node_next(c)) {
            if (c->u.cell.col != cols || c->u.cell.colspan < 1) {
                fprintf(stderr, "tree: row at line %d: cells do not tile\n",
                        n->line);
                problems++;
                break;
            }
            cols += c->u.cell.colspan;
        }
        if (count != n->u.row.ncells ||
            (dc_node_parent(n) && cols != dc_node_parent(n)->u.table.ncols)) {
            fprintf(stderr, "tree: row at line %d: %d columns, want %d\n",
                    n->line, cols,
                    dc_node_parent(n) ? dc_node_parent(n)->u.table.ncols : 0);
            problems++;
        }
    }
    return problems;
}

int
dc_doc_check_tree(const struct dc_doc *doc)
{
    if (!doc->root || doc->root->type != DC_NODE_DOCUMENT)
        return 1;
    return check_node(doc->root);
}

void
dc_iter_init(struct dc_iter *it, const struct dc_node *root)
{
    it->root = root;
    it->cur = NULL;
    it->ev = DC_DONE;
}

static int
has_children_kind(const struct dc_node *n)
{
    return n->type == DC_NODE_DOCUMENT || n->type == DC_NODE_TABLE ||
           n->type == DC_NODE_ROW;
}

enum dc_iter_event
dc_iter_next(struct dc_iter *it)
{
    if (!it->cur) {
        if (!it->root || it->ev == DC_EXIT)
            return it->ev = DC_DONE;
        it->cur = it->root;
        return it->ev = DC_ENTER;
    }
    const struct dc_node *n = it->cur;
    if (it->ev == DC_ENTER && has_children_kind(n)) {
        if (dc_node_first(n)) {
            it->cur = dc_node_first(n);
            return it->ev = DC_ENTER;
        }
        return it->ev = DC_EXIT;
    }
    if (n == it->root) {
        it->cur = NULL;
        it->root = NULL;
        return it->ev = DC_DONE;
    }
    if (dc_node_next(n)) {
        it->cur = dc_node_next(n);
        return it->ev = DC_ENTER;
    }
    it->cur = dc_node_parent(n);
    return it->ev = DC_EXIT;
}

const struct dc_node *
dc_iter_node(const struct dc_iter *it)
{
    return it->cur;
}

void
dc_doc_title(const struct dc_doc *doc, struct dc_buf *out)
{
    const struct dc_meta *m = &doc->meta;
    if (m->department)
        dc_buf_puts(out, m->department);
    if (m->year > 0)
        dc_buf_printf(out, "%d年", m->year);
    dc_buf_puts(out, "部门预算公开");
}

const struct dc_node *
dc_doc_table(const struct dc_doc *doc, int n)
{
    for (const struct dc_node *c = dc_node_first(doc->root); c;
         c = dc_node_next(c))
        if (c->type == DC_NODE_TABLE &&
            c->u.table.kind == DC_TABLE_NUMBERED && c->u.table.number == n)
            return c;
    return NULL;
}

const struct dc_node *
dc_row_cell_at(const struct dc_node *row, int col)
{
    for (const struct dc_node *c = dc_node_first(row); c; c = dc_node_next(c))
        if (c->u.cell.col == col)
            return c;
    return NULL;
}
