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

/* Bytes a node of type t takes: its header and its own payload. */
static size_t
node_size(enum dc_node_type t)
{
    const size_t head = offsetof(struct dc_node, u);
    switch (t) {
    case DC_NODE_CELL:
        return head + sizeof(struct dc_cell);
    case DC_NODE_ROW:
        return head + sizeof(struct dc_row);
    default:
        return sizeof(struct dc_node);
    }
}

struct dc_node *
dc_node_new(struct dc_doc *doc, enum dc_node_type type, int line, int col)
{
    struct dc_node *n = dc_arena_alloc(&doc->arena, node_size(type));
    n->type = type;
    n->line = line;
    n->col = col;
    return n;
}

void
dc_node_copy(struct dc_node *dst, const struct dc_node *src)
{
    memset(dst, 0, sizeof(*dst));
    memcpy(dst, src, node_size(src->type));
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
    assert(child->parent == NULL);
    child->parent = parent;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void
dc_node_remove(struct dc_node *node)
{
    struct dc_node *p = node->parent;
    if (!p)
        return;
    struct dc_node *prev = NULL;
    for (struct dc_node *c = p->first; c != node; c = c->next)
        prev = c;
    if (prev)
        prev->next = node->next;
    else
        p->first = node->next;
    if (!node->next)
        p->last = prev;
    node->parent = node->next = NULL;
}

static int
check_node(const struct dc_node *n)
{
    int problems = 0;
    int count = 0;
    const struct dc_node *prev = NULL;
    for (const struct dc_node *c = n->first; c; c = c->next) {
        if (c->parent != n) {
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
    if (n->last != prev) {
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
        for (const struct dc_node *c = n->first; c; c = c->next) {
            if (c->u.cell.col != cols || c->u.cell.colspan < 1) {
                fprintf(stderr, "tree: row at line %d: cells do not tile\n",
                        n->line);
                problems++;
                break;
            }
            cols += c->u.cell.colspan;
        }
        if (count != n->u.row.ncells ||
            (n->parent && cols != n->parent->u.table.ncols)) {
            fprintf(stderr, "tree: row at line %d: %d columns, want %d\n",
                    n->line, cols, n->parent ? n->parent->u.table.ncols : 0);
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
        if (n->first) {
            it->cur = n->first;
            return it->ev = DC_ENTER;
        }
        return it->ev = DC_EXIT;
    }
    if (n == it->root) {
        it->cur = NULL;
        it->root = NULL;
        return it->ev = DC_DONE;
    }
    if (n->next) {
        it->cur = n->next;
        return it->ev = DC_ENTER;
    }
    it->cur = n->parent;
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
    for (const struct dc_node *c = doc->root->first; c; c = c->next)
        if (c->type == DC_NODE_TABLE &&
            c->u.table.kind == DC_TABLE_NUMBERED && c->u.table.number == n)
            return c;
    return NULL;
}

const struct dc_node *
dc_row_cell_at(const struct dc_node *row, int col)
{
    for (const struct dc_node *c = row->first; c; c = c->next)
        if (c->u.cell.col == col)
            return c;
    return NULL;
}
