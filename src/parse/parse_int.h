/* Inside parse/: the line classifier, cell cleaning and the lexer, declared
 * here for the unit tests. */
#ifndef DC_PARSE_INT_H
#define DC_PARSE_INT_H

#include "parse.h"

/* ---- line classifier ---- */
enum dc_line_class {
    DC_LINE_BLANK,   /* nothing but blanks (or only Word artefacts) */
    DC_LINE_PART,    /* 第一部分 … / （第四部分） … */
    DC_LINE_HEADING, /* 一、 （一） （1） 1、 1． followed by a title */
    DC_LINE_TABLE,   /* 表N on its own */
    DC_LINE_DEPT,    /* 编制部门：… 单位：… */
    DC_LINE_DATE,    /* 2025年2月10日 on its own */
    DC_LINE_TEXT     /* anything else: a paragraph */
};

struct dc_line_info {
    enum dc_line_class cls;
    int level;      /* headings: 1..3; parts: 0 */
    int number;     /* value of the numbering (一 = 1, 11、 = 11, 表3 = 3) */
    size_t num_off, num_len;     /* the numbering, in the trimmed text */
    size_t title_off, title_len; /* the rest, trimmed */
};

/* Classifies one line of text (already without artefacts; no TAB at the
 * start).  Offsets in `out` are into `s`. */
enum dc_line_class dc_classify_line(const char *s, size_t n,
                                    struct dc_line_info *out);

/* Value of a Chinese numeral 一 … 九十九 (also 〇/零), or 0. */
int dc_cn_number(const char *s, size_t n);

/* ---- cells ---- */
/* Cleans the text of one cell given as its source lines (first line without
 * the leading TAB): removes artefacts, trims blank padding around every line,
 * drops empty lines at the ends and joins the rest with '\n'.  A label spaced
 * out for justification ("收     入", "一 般 公 \n共 服 务 \n支出") is joined
 * without its spaces and *distributed is set.  Result in `out`. */
void dc_clean_cell(const char *const *lines, const size_t *lens, int nlines,
                   struct dc_buf *out, int *distributed);

/* Removes "[bookmark: …]" artefacts from s[0..n) into out. */
void dc_strip_artefacts(const char *s, size_t n, struct dc_buf *out);
/* Appends the line s[0..n) to out without its artefacts, its TABs as
 * spaces and trimmed; returns the number of bytes appended. */
size_t dc_clean_line(const char *s, size_t n, struct dc_buf *out);

/* ---- lexer: lines -> paragraphs and cell groups ---- */
/* One source line, 16 bytes: the lexer holds one per line of the source
 * (issue 12's memory bound), so the fields are packed; dc_parse_buffer()
 * refuses a source of DC_PARSE_MAX bytes or more, which keeps both the
 * length and the line number within their bits. */
#define DC_PARSE_MAX ((size_t)1 << 30)
/* 12 bytes a line (a cell line of the source is often 6): offsets, not
 * pointers, count in 32 bits below DC_PARSE_MAX. */
struct dc_src_line {
    unsigned off; /* into the lexed data: without the leading TAB of a cell
                     line; dc_src_text() */
    unsigned len; /* without CR */
    unsigned lineno : 30;
    unsigned col0 : 2; /* code-point column where the text starts (2 after a
                          TAB) */
};

/* A cell of a group: dc_parser_group_cells(). */
struct dc_cell_src {
    int first;  /* index into lines[] */
    int nlines; /* consecutive entries of lines[] */
};

enum dc_item_type { DC_ITEM_TEXT, DC_ITEM_GROUP };

struct dc_item {
    enum dc_item_type type;
    int line;        /* source line of the text / first cell */
    int after_blank; /* TEXT: one or more blank lines came before it */
    int blank_lines; /* blank lines before it */
    int line_index;  /* TEXT: its line in lines[]; GROUP: its first line */
    int nlines;      /* GROUP: its lines in lines[]: a line at col0 2 (after
                        a TAB) starts a cell, one at col0 1 continues it */
    int ncells;      /* GROUP: its cells */
};

struct dc_lexed {
    const char *data; /* what was lexed (borrowed) */
    struct dc_src_line *lines; /* in lines_spool: the parser gives back
                                  those it is done with (drop_behind) */
    struct dc_spool lines_spool;
    int nlines;
    struct dc_item *items;
    int nitems;
};

/* Splits validated text into items.  A TAB line starts a cell; a blank line
 * ends a group; a line without TAB directly under a cell continues it unless
 * it is structural (表N, a part title, 编制部门).  TEXT items after blank
 * lines may still be continuations: the parser decides with the layout. */
void dc_lex(const char *data, size_t len, struct dc_lexed *out);
void dc_lexed_free(struct dc_lexed *lx);
/* The text of a line record. */
static inline const char *
dc_src_text(const struct dc_lexed *lx, const struct dc_src_line *l)
{
    return lx->data + l->off;
}

/* ---- the parser's state, shared by parse.c and parse_table.c ---- */

/* A cell being assembled: its source lines, by index into lexed.lines. */
struct dc_pcell {
    int *idx;
    int n, cap;
};

struct dc_parser {
    const char *name;
    struct dc_diag *diag;
    const struct dc_tabledefs *defs;
    struct dc_doc *doc;
    struct dc_lexed lx;
    int it; /* next item */

    /* text context */
    int part;          /* current part number, 0 before the first */
    int last_l1;       /* number of the last first-level heading */
    int last_l3;       /* number of the last third-level item under it */
    int tables_seen[100];

    /* the open table, or NULL */
    struct dc_node *table;
    const struct dc_tabledef *def;
    struct dc_node *last_row;
    struct dc_pcell *pend; /* cells of the row being assembled */
    int npend, pend_cap;
    int pend_line;
    int hdr_skip; /* leading header rows of the layout this table lacks */
    /* codes inherited by rows with blank higher levels */
    char prev_class[16], prev_kuan[16];
    /* forms: the cell where a vertical merge at each column started */
    struct dc_node *vorigin[DC_MAX_COLS];
    /* the source when it is the parser's to give back as it goes (read
     * by dc_parse_fd), else NULL */
    struct dc_spool *src;
    /* the cells of one group (dc_parser_group_cells): the lexer keeps none */
    struct dc_cell_src *gcells;
    int gcells_cap;
    const struct dc_item *gcells_of;
};

/* The it->ncells cells of GROUP item `it`, valid until it is asked for
 * another item's. */
const struct dc_cell_src *dc_parser_group_cells(struct dc_parser *p,
                                                const struct dc_item *it);

/* Clean text of lexed line `i` (artefacts removed, trimmed) into out. */
void dc_parser_line_text(struct dc_parser *p, int i, struct dc_buf *out);
/* Handles the item at p->it when a table or form is open; returns 0 when
 * the item does not belong to it (the table is then closed). */
int dc_parser_table_item(struct dc_parser *p);
/* Starts table 表N (TEXT item at p->it is the 表N line). */
void dc_parser_start_table(struct dc_parser *p, int number, int line);
/* Starts a form whose title is `title` (from line `line`). */
void dc_parser_start_form(struct dc_parser *p, const struct dc_tabledef *def,
                          const char *title, int line);
/* Closes the open table or form, if any. */
void dc_parser_close_table(struct dc_parser *p);
/* The form description matching `text`, or NULL. */
const struct dc_tabledef *dc_parser_form_def(struct dc_parser *p,
                                             const char *text);
/* Clean text of cell c of a GROUP item. */
void dc_parser_group_cell_text(struct dc_parser *p, const struct dc_item *it,
                               int c, struct dc_buf *out);
/* Clean text of a lexed cell. */
void dc_parser_cell_text(struct dc_parser *p, const struct dc_pcell *c,
                         struct dc_buf *out, int *distributed);
#endif
