/* The document tree of a budget disclosure.  Built by parse/, read by check/,
 * layout/, docx/ and `disclose dump`; nobody edits it after parsing.
 * Every string is NUL-terminated UTF-8 owned by the document's arena. */
#ifndef DC_MODEL_H
#define DC_MODEL_H

#include "core.h"
#include "tabledef.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum dc_node_type {
    DC_NODE_DOCUMENT,
    DC_NODE_PART,      /* 第一部分 …, （第四部分） … */
    DC_NODE_HEADING,   /* 一、 / （一） / （1） 1、 1． */
    DC_NODE_PARAGRAPH, /* body text, glossary entries */
    DC_NODE_TABLE,     /* a numbered table or a performance form */
    DC_NODE_ROW,       /* child of a table */
    DC_NODE_CELL,      /* child of a row */
    DC_NODE_SIGNATURE  /* department and date, set right, at the end */
};

enum dc_para_role {
    DC_PARA_BODY,
    DC_PARA_GLOSSARY /* 名词解释 entry: `term` holds the defined term */
};

enum dc_table_kind {
    DC_TABLE_NUMBERED,     /* 表1 … 表11 */
    DC_TABLE_FORM_DEPT,    /* 部门整体绩效目标申报表 */
    DC_TABLE_FORM_PROJECT  /* 项目支出绩效目标表 */
};

enum dc_row_kind {
    DC_ROW_HEADER, /* repeated on every page the table spans */
    DC_ROW_BODY,
    DC_ROW_TOTAL   /* 合计 / 总计 rows */
};

enum dc_vmerge {
    DC_VMERGE_NONE,
    DC_VMERGE_RESTART, /* first cell of a vertical merge; rowspan > 1 */
    DC_VMERGE_CONTINUE /* covered by the cell above; empty in the source */
};

/* Cell flags */
#define DC_CELL_NUMBER 0x01      /* `num` holds the exact value of `text` */
#define DC_CELL_DISTRIBUTED 0x02 /* spaced-out label: justify across cell */
#define DC_CELL_EMPTY 0x04       /* nothing but padding in the source */
#define DC_CELL_PADDED 0x08      /* not in the source: added to fill a row */

/* A cell, 24 bytes: cells are most of a document (issue 12's memory bound),
 * and a cell node is this payload and a 16-byte header (dc_row_add_cell).
 * Its value is kept as the digits and the scale of a struct dc_decimal in
 * the cell's own bytes (a dc_decimal's padding would make it 32): read it
 * with dc_cell_num(), set it with dc_cell_set_num(). */
struct dc_cell {
    int64_t units;     /* the value's digits, when flags & DC_CELL_NUMBER */
    const char *text;  /* cleaned source text; '\n' = soft line break */
    int rowspan;       /* rows covered, >= 1 (only > 1 on DC_VMERGE_RESTART) */
    signed char col;     /* first grid column, 0-based (< DC_MAX_COLS) */
    signed char colspan; /* grid columns covered, >= 1 */
    unsigned char flags; /* DC_CELL_* */
    unsigned vmerge : 4; /* enum dc_vmerge */
    unsigned scale : 4;  /* the value's digits after the point, 0..9 */
};

/* The exact value of a cell (valid when flags & DC_CELL_NUMBER). */
static inline struct dc_decimal
dc_cell_num(const struct dc_cell *c)
{
    struct dc_decimal d = {c->units, (int)c->scale};
    return d;
}

/* Sets it; a dc_decimal_parse() result (scale 0..9). */
static inline void
dc_cell_set_num(struct dc_cell *c, struct dc_decimal d)
{
    c->units = d.units;
    c->scale = (unsigned)d.scale & 15u;
}

/* Reads s[0..n) as the cell's value (dc_decimal_parse): when it is one,
 * sets it and DC_CELL_NUMBER and returns 1. */
static inline int
dc_cell_parse_num(struct dc_cell *c, const char *s, size_t n)
{
    struct dc_decimal d;
    if (!dc_decimal_parse(s, n, &d))
        return 0;
    dc_cell_set_num(c, d);
    c->flags |= DC_CELL_NUMBER;
    return 1;
}

struct dc_row {
    const char *code; /* full classification code ("2010301"), or NULL */
    enum dc_row_kind kind;
    int level;        /* code level 1 = 类, 2 = 款, 3 = 项; 0 = none */
    int ncells;       /* the cells after the row node */
    int cap;          /* room made for cells (dc_row_new) */
};

struct dc_table {
    enum dc_table_kind kind;
    int number;              /* 1..11 for 表N; 0 for forms */
    const char *label;       /* "表1", or NULL for forms */
    const char *title;       /* 部门收支总体情况表 / form title, cleaned */
    const char *subtitle;    /* forms: "(2025年)", else NULL */
    const char *dept_label;  /* "编制部门" (or "编制单位") as written */
    const char *department;  /* 编制部门 text after the colon, or NULL */
    const char *unit;        /* 单位 text after the colon ("万元"), or NULL */
    const struct dc_tabledef *def; /* the layout it matched; never NULL */
    int ncols;               /* grid columns */
    int nheader;             /* numbered tables: the first nheader rows are
                                header rows; forms: 0, their header rows
                                (kind DC_ROW_HEADER) come later */
    int nrows;               /* all rows */
};

/* A node is allocated with the payload of its type only (a cell or a row
 * node is smaller than a table's): never copy one by value, use
 * dc_node_copy().  Cells are most of a document (issue 12's memory bound):
 * a cell node is this 16-byte header and its 24-byte payload, nothing
 * else; a row's cells lie right after the row node, in column order, so a
 * cell needs no links.  Every other node has its links (struct dc_links)
 * just before it.  The tree is walked through dc_node_parent(),
 * dc_node_first(), dc_node_last() and dc_node_next(), never through the
 * memory around a node. */
struct dc_node {
    unsigned char type;  /* enum dc_node_type */
    unsigned char index; /* a cell: its place in its row, 0-based */
    unsigned char copy;  /* made by dc_node_copy(): links are the original's */
    int line, col;       /* source position, 1-based */
    union {
        struct {
            int number;            /* 1..4 */
            const char *numbering; /* "第一部分", "（第四部分）" */
            const char *title;     /* "2025年昌吉高新区管委会概况" */
        } part;
        struct {
            int level;             /* 1..3 */
            int number;            /* value of the numbering, 0 if none */
            const char *numbering; /* "一、", "（一）", "11、" as written */
            const char *title;     /* the rest, trimmed */
        } heading;
        struct {
            enum dc_para_role role;
            const char *text;
            const char *term; /* glossary term, else NULL */
        } para;
        struct dc_table table;
        struct dc_row row;
        struct dc_cell cell;
        struct {
            const char *department;
            const char *date; /* "2025年2月10日" as written */
            int dept_line;    /* the department's source line */
        } sig;
        struct { /* a copy (dc_node_copy): the node it was made from, past
                    the largest payload (a table's) */
            char payload[sizeof(struct dc_table)];
            const struct dc_node *orig;
        } copied;
    } u;
};

/* The links of every node but a cell, allocated just before it. */
struct dc_links {
    struct dc_node *parent, *next;
    struct dc_node *first, *last; /* document and table; NULL otherwise */
};

/* Bytes of a row node and of a cell node (a row's cells follow it). */
#define DC_ROW_NODE_SIZE (offsetof(struct dc_node, u) + sizeof(struct dc_row))
#define DC_CELL_NODE_SIZE (offsetof(struct dc_node, u) + sizeof(struct dc_cell))

/* The node a copy was made from, else n itself. */
static inline const struct dc_node *
dc_node_orig(const struct dc_node *n)
{
    return n->copy ? n->u.copied.orig : n;
}

static inline struct dc_links *
dc_node_links(const struct dc_node *n)
{
    return (struct dc_links *)((char *)(uintptr_t)n - sizeof(struct dc_links));
}

/* The parent: NULL for the document and for a node not yet appended. */
static inline struct dc_node *
dc_node_parent(const struct dc_node *n)
{
    n = dc_node_orig(n);
    if (n->type == DC_NODE_CELL)
        return (struct dc_node *)((char *)(uintptr_t)n -
                                  n->index * DC_CELL_NODE_SIZE -
                                  DC_ROW_NODE_SIZE);
    return dc_node_links(n)->parent;
}

/* The first and last child, or NULL. */
static inline struct dc_node *
dc_node_first(const struct dc_node *n)
{
    n = dc_node_orig(n);
    if (n->type == DC_NODE_ROW)
        return n->u.row.ncells
                   ? (struct dc_node *)((char *)(uintptr_t)n + DC_ROW_NODE_SIZE)
                   : NULL;
    if (n->type == DC_NODE_CELL)
        return NULL;
    return dc_node_links(n)->first;
}

static inline struct dc_node *
dc_node_last(const struct dc_node *n)
{
    n = dc_node_orig(n);
    if (n->type == DC_NODE_ROW)
        return n->u.row.ncells
                   ? (struct dc_node *)((char *)(uintptr_t)n +
                                        DC_ROW_NODE_SIZE +
                                        (size_t)(n->u.row.ncells - 1) *
                                            DC_CELL_NODE_SIZE)
                   : NULL;
    if (n->type == DC_NODE_CELL)
        return NULL;
    return dc_node_links(n)->last;
}

/* The next sibling, or NULL. */
static inline struct dc_node *
dc_node_next(const struct dc_node *n)
{
    n = dc_node_orig(n);
    if (n->type == DC_NODE_CELL)
        return n->index + 1 < dc_node_parent(n)->u.row.ncells
                   ? (struct dc_node *)((char *)(uintptr_t)n +
                                        DC_CELL_NODE_SIZE)
                   : NULL;
    return dc_node_links(n)->next;
}

struct dc_meta {
    const char *source;     /* path as given on the command line */
    const char *department; /* from 表1's 编制部门, else the signature */
    int year;               /* budget year, from the first part title */
    const char *unit;       /* "万元" */
    const char *date;       /* signature date as written, or NULL */
    int date_y, date_m, date_d; /* parsed signature date, 0 if none */
};

struct dc_doc {
    struct dc_arena arena;
    struct dc_meta meta;
    struct dc_node *root; /* DC_NODE_DOCUMENT */
};

/* ---- building (parse/ and tests) ---- */
struct dc_doc *dc_doc_new(const char *source);
void dc_doc_free(struct dc_doc *doc); /* NULL does nothing */
/* A node of any type but a cell; a row made so has room for DC_MAX_COLS
 * cells (tests), dc_row_new() for as many as the row will hold. */
struct dc_node *dc_node_new(struct dc_doc *doc, enum dc_node_type type,
                            int line, int col);
/* A row with room for `cap` cells (<= DC_MAX_COLS). */
struct dc_node *dc_row_new(struct dc_doc *doc, int line, int col, int cap);
/* Appends a cell to `row` (its ncells + 1; aborts past the room made) and
 * returns it, its payload zero. */
struct dc_node *dc_row_add_cell(struct dc_node *row, int line, int col);
/* Appends child (not a cell) to parent; aborts (assert) when the
 * containment rules of dc_node_can_contain() forbid it. */
void dc_node_append(struct dc_node *parent, struct dc_node *child);
void dc_node_remove(struct dc_node *node); /* unlinks it (not a cell) */
/* Copies what `src` holds (its header and its type's payload) into the
 * full-size node `dst`, e.g. a position to report moved within a cell;
 * the copy's links (parent, next, children) are the original's. */
void dc_node_copy(struct dc_node *dst, const struct dc_node *src);
int dc_node_can_contain(enum dc_node_type parent, enum dc_node_type child);
const char *dc_node_type_name(enum dc_node_type t);
char *dc_doc_strdup(struct dc_doc *doc, const char *s);
char *dc_doc_strndup(struct dc_doc *doc, const char *s, size_t n);
/* Checks parent links, sibling links, containment and table counts; returns
 * the number of problems found (0 = a sound tree).  Prints them to stderr. */
int dc_doc_check_tree(const struct dc_doc *doc);

/* ---- walking ---- */
enum dc_iter_event { DC_ENTER, DC_EXIT, DC_DONE };
struct dc_iter {
    const struct dc_node *root, *cur;
    enum dc_iter_event ev;
};
void dc_iter_init(struct dc_iter *it, const struct dc_node *root);
/* Yields DC_ENTER for every node, DC_EXIT after the children of a node that
 * can have children, then DC_DONE. */
enum dc_iter_event dc_iter_next(struct dc_iter *it);
const struct dc_node *dc_iter_node(const struct dc_iter *it);

/* ---- queries ---- */
/* The table numbered n (1..11), or NULL. */
const struct dc_node *dc_doc_table(const struct dc_doc *doc, int n);
/* The document's title, "<department><year>年部门预算公开", appended to
 * `out` (the PDF's, the DOCX's and the XLSX's properties). */
void dc_doc_title(const struct dc_doc *doc, struct dc_buf *out);
/* The cell of `row` that starts at grid column `col`, or NULL. */
const struct dc_node *dc_row_cell_at(const struct dc_node *row, int col);

/* ---- output ---- */
/* Writes the model as XML (`disclose dump`). */
enum dc_status dc_dump_xml(const struct dc_doc *doc, FILE *out);

#endif
