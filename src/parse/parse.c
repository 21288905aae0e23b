/* Text source -> model: validation, paragraphs, headings, parts and the
 * signature.  Tables and forms are in parse_table.c. */
#include "parse_int.h"

#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENCODING_ERRORS 10

/* Reports invalid UTF-8 and control characters; returns the number of
 * problem lines. */
static int
validate(struct dc_parser *p, const char *data, size_t len)
{
    int problems = 0, line = 1, col = 1;
    int line_reported = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int l = dc_utf8_decode(data + i, len - i, &cp);
        int what = 0; /* 1 + the message id */
        if (l == 0) {
            what = 1 + DC_PMSG_BAD_UTF8;
            l = 1;
        } else if (cp == 0) {
            what = 1 + DC_PMSG_NUL_BYTE;
        } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                   cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
            what = 1 + DC_PMSG_CONTROL_CHAR;
        }
        if (what && !line_reported) {
            problems++;
            line_reported = 1;
            if (problems <= MAX_ENCODING_ERRORS)
                dc_parse_report(p->diag, p->name, line, col,
                                (enum dc_parse_msg)(what - 1));
        }
        if (cp == '\n' && l == 1 && !what) {
            line++;
            col = 1;
            line_reported = 0;
        } else {
            col++;
        }
        i += (size_t)l;
    }
    if (problems > MAX_ENCODING_ERRORS)
        dc_parse_report(p->diag, p->name, 0, 0, DC_PMSG_MORE_BAD_LINES,
                       problems - MAX_ENCODING_ERRORS);
    return problems;
}

void
dc_parser_line_text(struct dc_parser *p, int i, struct dc_buf *out)
{
    const struct dc_src_line *ln = &p->lx.lines[i];
    dc_buf_clear(out);
    dc_clean_line(dc_src_text(&p->lx, ln), ln->len, out);
    if (!out->data)
        dc_buf_put(out, "", 0);
}

/* Column (code points, 1-based) of the first non-blank character. */
static int
text_col(const struct dc_lexed *lx, const struct dc_src_line *ln)
{
    const char *s = dc_src_text(lx, ln);
    int col = ln->col0;
    for (size_t i = 0; i < ln->len;) {
        uint32_t cp;
        int l = dc_utf8_decode(s + i, ln->len - i, &cp);
        if (l == 0 || !dc_is_space(cp))
            break;
        i += (size_t)l;
        col++;
    }
    return col;
}

static struct dc_node *
add_node(struct dc_parser *p, enum dc_node_type t, int line, int col)
{
    struct dc_node *n = dc_node_new(p->doc, t, line, col);
    dc_node_append(p->doc->root, n);
    return n;
}

static int
year_in(const char *s)
{
    for (const char *q = s; *q; q++)
        if (q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9' &&
            q[2] >= '0' && q[2] <= '9' && q[3] >= '0' && q[3] <= '9' &&
            strncmp(q + 4, "年", 3) == 0 && (q == s || q[-1] < '0' ||
                                              q[-1] > '9'))
            return atoi(q);
    return 0;
}

/* Glossary entries of 名词解释: "一、财政拨款：指…" */
static void
set_glossary(struct dc_parser *p, struct dc_node *para)
{
    const char *t = para->u.para.text;
    size_t n = strlen(t);
    struct dc_line_info info;
    memset(&info, 0, sizeof info);
    size_t r = 0;
    /* a Chinese numeral, then 、 */
    while (r < n) {
        uint32_t cp;
        int l = dc_utf8_decode(t + r, n - r, &cp);
        if (l == 0 || dc_cn_number(t + r, (size_t)l) == 0) {
            if (!(l == 3 && cp == 0x5341)) /* 十 */
                break;
        }
        r += (size_t)l;
    }
    if (r == 0 || strncmp(t + r, "、", 3) != 0)
        return;
    const char *start = t + r + 3;
    const char *colon = strstr(start, "：");
    if (!colon || colon - start > 60 || colon == start)
        return;
    para->u.para.role = DC_PARA_GLOSSARY;
    para->u.para.term = dc_doc_strndup(p->doc, start, (size_t)(colon - start));
}

/* 11、 after 十、 continues the first level when no third-level run leads
 * up to it (the document's own numbering slip, kept as written). */
static int
heading_level(struct dc_parser *p, const struct dc_line_info *info,
              const char *numbering)
{
    int level = info->level;
    int arabic = numbering[0] >= '0' && numbering[0] <= '9';
    if (level == 3 && arabic && p->last_l1 > 0 &&
        info->number == p->last_l1 + 1 && info->number != p->last_l3 + 1)
        level = 1;
    return level;
}

static void
text_item(struct dc_parser *p)
{
    const struct dc_item *it = &p->lx.items[p->it];
    const struct dc_src_line *ln = &p->lx.lines[it->line_index];
    struct dc_buf text;
    dc_buf_init(&text);
    dc_parser_line_text(p, it->line_index, &text);
    struct dc_line_info info;
    enum dc_line_class cls = dc_classify_line(text.data, text.len, &info);
    int col = text_col(&p->lx, ln);

    const struct dc_tabledef *form = dc_parser_form_def(p, text.data);
    if (cls == DC_LINE_BLANK) {
        /* only artefacts */
    } else if (cls == DC_LINE_TABLE) {
        dc_parser_start_table(p, info.number, it->line);
        if (info.title_len)
            p->table->u.table.title = dc_doc_strndup(
                p->doc, text.data + info.title_off, info.title_len);
    } else if (form) {
        dc_parser_start_form(p, form, text.data, it->line);
    } else if (cls == DC_LINE_PART) {
        struct dc_node *n = add_node(p, DC_NODE_PART, it->line, col);
        n->u.part.number = info.number;
        n->u.part.numbering =
            dc_doc_strndup(p->doc, text.data + info.num_off, info.num_len);
        n->u.part.title =
            dc_doc_strndup(p->doc, text.data + info.title_off, info.title_len);
        p->part = info.number;
        p->last_l1 = p->last_l3 = 0;
        if (!p->doc->meta.year)
            p->doc->meta.year = year_in(n->u.part.title);
    } else if (cls == DC_LINE_HEADING) {
        struct dc_node *n = add_node(p, DC_NODE_HEADING, it->line, col);
        const char *numbering =
            dc_doc_strndup(p->doc, text.data + info.num_off, info.num_len);
        n->u.heading.numbering = numbering;
        n->u.heading.title =
            dc_doc_strndup(p->doc, text.data + info.title_off, info.title_len);
        n->u.heading.number = info.number;
        n->u.heading.level = heading_level(p, &info, numbering);
        if (n->u.heading.level == 1) {
            p->last_l1 = info.number;
            p->last_l3 = 0;
        } else if (n->u.heading.level == 3) {
            p->last_l3 = info.number;
        }
    } else if (cls == DC_LINE_DATE && dc_node_last(p->doc->root) &&
               dc_node_last(p->doc->root)->type == DC_NODE_PARAGRAPH &&
               dc_utf8_len(dc_node_last(p->doc->root)->u.para.text,
                           strlen(dc_node_last(p->doc->root)->u.para.text)) <=
                   40 &&
               !strstr(dc_node_last(p->doc->root)->u.para.text, "。")) {
        /* department name then date, at the end: the signature */
        struct dc_node *dept = dc_node_last(p->doc->root);
        dc_node_remove(dept);
        struct dc_node *n = add_node(p, DC_NODE_SIGNATURE, dept->line,
                                     dept->col);
        n->u.sig.department = dept->u.para.text;
        n->u.sig.dept_line = dept->line;
        n->u.sig.date = dc_doc_strdup(p->doc, text.data);
        p->doc->meta.date = n->u.sig.date;
        sscanf(text.data, "%d年%d月%d日", &p->doc->meta.date_y,
               &p->doc->meta.date_m, &p->doc->meta.date_d);
    } else {
        struct dc_node *n = add_node(p, DC_NODE_PARAGRAPH, it->line, col);
        n->u.para.text = dc_doc_strdup(p->doc, text.data);
        if (p->part == 4)
            set_glossary(p, n);
        if (cls == DC_LINE_DEPT)
            dc_parse_report(p->diag, p->name, it->line, col,
                            DC_PMSG_DEPT_OUTSIDE);
    }
    dc_buf_free(&text);
}

/* A group of cells outside any table: a form title, or stray cells. */
static void
group_item(struct dc_parser *p)
{
    const struct dc_item *it = &p->lx.items[p->it];
    struct dc_buf text;
    dc_buf_init(&text);
    int all_empty = 1;
    const struct dc_cell_src *cells = dc_parser_group_cells(p, it);
    for (int c = 0; c < it->ncells; c++) {
        const struct dc_cell_src *cs = &cells[c];
        dc_parser_group_cell_text(p, it, c, &text);
        if (text.len == 0)
            continue;
        all_empty = 0;
        const struct dc_tabledef *form =
            it->ncells == 1 ? dc_parser_form_def(p, text.data) : NULL;
        if (form) {
            dc_parser_start_form(p, form, text.data, it->line);
            break;
        }
        /* stray cells keep their text as paragraphs: nothing is lost */
        const struct dc_src_line *ln = &p->lx.lines[cs->first];
        struct dc_node *n = add_node(p, DC_NODE_PARAGRAPH, ln->lineno, 2);
        n->u.para.text = dc_doc_strdup(p->doc, text.data);
        if (c == 0)
            dc_parse_report(p->diag, p->name, ln->lineno, 1,
                            DC_PMSG_CELLS_OUTSIDE);
    }
    (void)all_empty;
    dc_buf_free(&text);
}

static void
finish(struct dc_parser *p, int last_line)
{
    struct dc_doc *doc = p->doc;
    int nparts = 0, ntables = 0, has_sig = 0, max_table = 0;
    for (const struct dc_node *n = dc_node_first(doc->root); n;
         n = dc_node_next(n)) {
        if (n->type == DC_NODE_PART)
            nparts++;
        else if (n->type == DC_NODE_TABLE) {
            ntables++;
            if (n->u.table.number > max_table)
                max_table = n->u.table.number;
        } else if (n->type == DC_NODE_SIGNATURE)
            has_sig = 1;
        if (n->type == DC_NODE_TABLE && !doc->meta.department &&
            n->u.table.department && *n->u.table.department)
            doc->meta.department = n->u.table.department;
        if (n->type == DC_NODE_TABLE && !doc->meta.unit && n->u.table.unit &&
            *n->u.table.unit)
            doc->meta.unit = n->u.table.unit;
    }
    for (const struct dc_node *n = dc_node_first(doc->root); n;
         n = dc_node_next(n))
        if (n->type == DC_NODE_SIGNATURE && !doc->meta.department)
            doc->meta.department = n->u.sig.department;
    if (!doc->meta.year)
        doc->meta.year = doc->meta.date_y;
    if (nparts == 0 && ntables == 0) {
        dc_parse_report(p->diag, p->name, 1, 1, DC_PMSG_NO_DISCLOSURE);
        return;
    }
    /* the standard set is 表1 … 表N with N the highest described */
    int expected = 0;
    for (int i = 0; i < p->defs->n; i++)
        if (p->defs->defs[i].number > expected)
            expected = p->defs->defs[i].number;
    struct dc_buf missing;
    dc_buf_init(&missing);
    int nmissing = 0;
    for (int k = 1; k <= expected && k < 100; k++)
        if (!p->tables_seen[k]) {
            dc_buf_printf(&missing, "%s表%d", nmissing ? "、" : "", k);
            nmissing++;
        }
    if (nmissing) {
        if (!has_sig)
            dc_parse_report(p->diag, p->name, last_line, 1, DC_PMSG_CUT_OFF,
                           missing.data);
        else
            dc_parse_report(p->diag, p->name, last_line, 1,
                            DC_PMSG_MISSING_TABLES, missing.data);
    } else if (!has_sig) {
        dc_parse_report(p->diag, p->name, last_line, 1, DC_PMSG_NO_SIGNATURE);
    }
    dc_buf_free(&missing);
}

/* What the parser is done with, before item p->it and the cells of the
 * row being assembled, goes back: the lexer's records and, when it is the
 * parser's, the source (issue 12: they shrink while the model grows). */
static void
drop_behind(struct dc_parser *p)
{
    int keep = p->it < p->lx.nitems ? p->lx.items[p->it].line_index
                                    : p->lx.nlines;
    for (int k = 0; k < p->npend; k++)
        if (p->pend[k].n && p->pend[k].idx[0] < keep)
            keep = p->pend[k].idx[0]; /* a cell's lines go up */
    if (p->src && keep < p->lx.nlines)
        dc_spool_drop(p->src, p->lx.lines[keep].off);
    dc_spool_drop(&p->lx.lines_spool, (size_t)keep * sizeof *p->lx.lines);
}

static struct dc_doc *
parse(const char *name, const char *data, size_t len, struct dc_spool *src,
      const struct dc_tabledefs *defs, struct dc_diag *diag)
{
    struct dc_parser p;
    memset(&p, 0, sizeof p);
    p.src = src;
    p.name = name;
    p.diag = diag;
    p.defs = defs;
    p.doc = dc_doc_new(name);

    /* before reading a byte: the lexer's records count in 30 bits */
    if (len >= DC_PARSE_MAX) {
        dc_parse_report(diag, name, 0, 0, DC_PMSG_TOO_BIG_TO_PARSE, len,
                        DC_PARSE_MAX - 1);
        return p.doc;
    }
    size_t start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int only_blank = 1;
    for (size_t i = start; i < len && only_blank; i++)
        if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' &&
            data[i] != '\t')
            only_blank = 0;
    if (only_blank) {
        dc_parse_report(diag, name, 1, 1,
                        len ? DC_PMSG_BLANK_FILE : DC_PMSG_EMPTY_FILE);
        return p.doc;
    }
    if (validate(&p, data, len) > 0)
        return p.doc; /* positions of later content would be unreliable */

    dc_lex(data, len, &p.lx);
    for (p.it = 0; p.it < p.lx.nitems; p.it++) {
        if ((p.it & 255) == 0)
            drop_behind(&p);
        if (p.table && dc_parser_table_item(&p))
            continue;
        if (p.lx.items[p.it].type == DC_ITEM_TEXT)
            text_item(&p);
        else
            group_item(&p);
    }
    dc_parser_close_table(&p);
    int last_line = p.lx.nlines ? p.lx.lines[p.lx.nlines - 1].lineno : 1;
    finish(&p, last_line);
    dc_lexed_free(&p.lx);
    for (int i = 0; i < p.pend_cap; i++)
        free(p.pend[i].idx);
    free(p.pend);
    free(p.gcells);
#ifndef NDEBUG
    if (dc_doc_check_tree(p.doc) != 0)
        dc_parse_report(diag, name, 0, 0, DC_PMSG_INTERNAL);
#endif
    return p.doc;
}

/* A source that cannot be read, in the parser's words (its message ids);
 * strerror()'s text is in the reader's language too (libc's catalog). */
static void
report_unread(struct dc_diag *diag, const char *name,
              const struct dc_read_error *why)
{
    switch (why->what) {
    case DC_READ_CANNOT_OPEN:
    case DC_READ_CANNOT_READ:
        dc_parse_report(diag, name, 0, 0, DC_PMSG_CANNOT_READ,
                        strerror(why->err));
        break;
    case DC_READ_NOT_REGULAR:
        dc_parse_report(diag, name, 0, 0, DC_PMSG_NOT_REGULAR, _(why->kind));
        break;
    case DC_READ_TOO_BIG:
        if (why->size >= 0)
            dc_parse_report(diag, name, 0, 0, DC_PMSG_TOO_BIG, why->size,
                            why->max);
        else
            dc_parse_report(diag, name, 0, 0, DC_PMSG_TOO_BIG_STREAM,
                            why->max);
        break;
    }
}

struct dc_doc *
dc_parse_buffer(const char *name, const char *data, size_t len,
                const struct dc_tabledefs *defs, struct dc_diag *diag)
{
    return parse(name, data, len, NULL, defs, diag);
}

struct dc_doc *
dc_parse_fd(int fd, const char *name, size_t max,
            const struct dc_tabledefs *defs, struct dc_diag *diag)
{
    struct dc_spool src;
    size_t len;
    struct dc_read_error why;
    if (dc_read_input_spool(fd, max, &src, &len, &why) != DC_OK) {
        report_unread(diag, name, &why);
        return NULL;
    }
    struct dc_doc *doc = parse(name, src.base, len, &src, defs, diag);
    dc_spool_free(&src);
    return doc;
}

struct dc_doc *
dc_parse_file(const char *path, size_t max, const struct dc_tabledefs *defs,
              struct dc_diag *diag)
{
    struct dc_read_error why;
    int fd = dc_open_input(path, &why);
    if (fd < 0) {
        report_unread(diag, path, &why);
        return NULL;
    }
    struct dc_doc *doc = dc_parse_fd(fd, path, max, defs, diag);
    close(fd);
    return doc;
}
