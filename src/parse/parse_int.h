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

/* ---- lexer: lines -> paragraphs and cell groups ---- */
struct dc_src_line {
    const char *s; /* without the leading TAB of a cell line, without CR */
    size_t len;
    int lineno;
    int col0;      /* code-point column where s starts (2 after a TAB) */
};

struct dc_cell_src {
    int first;  /* index into lines[] */
    int nlines; /* consecutive entries of lines[] */
    int blank_before_cont; /* a continuation line followed blank lines */
};

enum dc_item_type { DC_ITEM_TEXT, DC_ITEM_GROUP };

struct dc_item {
    enum dc_item_type type;
    int line;        /* source line of the text / first cell */
    int after_blank; /* TEXT: one or more blank lines came before it */
    int blank_lines; /* blank lines before it */
    int line_index;  /* TEXT: index into lines[] */
    int first_cell, ncells; /* GROUP: range of cells[] */
};

struct dc_lexed {
    struct dc_src_line *lines;
    int nlines;
    struct dc_cell_src *cells;
    int ncells;
    struct dc_item *items;
    int nitems;
};

/* Splits validated text into items.  A TAB line starts a cell; a blank line
 * ends a group; a line without TAB directly under a cell continues it unless
 * it is structural (表N, a part title, 编制部门).  TEXT items after blank
 * lines may still be continuations: the parser decides with the layout. */
void dc_lex(const char *data, size_t len, struct dc_lexed *out);
void dc_lexed_free(struct dc_lexed *lx);

#endif
