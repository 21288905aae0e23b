/* The flow: cover, 目录, parts, headings, paragraphs, tables, signature;
 * pages with their numbers; outline, TOC page numbers and the decisions the
 * DOCX writer shares.  The 目录's length depends only on its entries, so its
 * pages are reserved first and filled once the body has its numbers. */
#include "layout_int.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* ---- pages ---- */

static const struct dc_tstyle *
style(const struct dc_lay *L, int id)
{
    return &L->st.st[id];
}

int32_t
dc_lay_left(const struct dc_lay *L)
{
    return L->box->left;
}

int32_t
dc_lay_right(const struct dc_lay *L)
{
    return L->box->left + L->box->width;
}

int32_t
dc_lay_bottom(const struct dc_lay *L)
{
    return L->page->height - L->box->top - L->box->height;
}

int32_t
dc_lay_baseline(const struct dc_lay *L, int font, int32_t top, int32_t size,
                int32_t leading)
{
    int asc = L->m->ascent[font], desc = -L->m->descent[font];
    if (asc <= 0 || desc < 0 || asc + desc == 0) {
        asc = 800;
        desc = 200;
    }
    int32_t half = (leading - size) / 2;
    return top - half - (int32_t)((int64_t)size * asc / (asc + desc));
}

/* "— N —" below the portrait block, odd pages right, even left; on a
 * landscape page too, upright in the sheet's coordinates, where a bound
 * copy has every page number (GB/T 9704 §8). */
static void
folio(struct dc_lay *L, struct dc_dl_page *p)
{
    const struct dc_tstyle *ts = style(L, DC_ST_FOLIO);
    const struct dc_block_box *b = &L->st.portrait;
    char buf[64];
    snprintf(buf, sizeof buf, "— %d —", p->number);
    struct dc_shaped *s = dc_lay_shape(L, buf, strlen(buf), ts->font, 0);
    int32_t w = dc_shaped_width(s, 0, s->n, ts->size);
    int32_t in = L->st.folio_indent * ts->size;
    int32_t x = p->number % 2 ? b->left + b->width - in - w : b->left + in;
    int32_t top = L->st.paper_h - b->top - b->height - L->st.folio_gap;
    int32_t base = dc_lay_baseline(L, ts->font, top, ts->size, ts->size);
    size_t first = p->nitems;
    dc_lay_emit(L, p, s, 0, s->n, x, base, ts->size, 0, NULL);
    for (size_t k = first; k < p->nitems; k++)
        p->items[k].u.text.upright = p->landscape;
    dc_shaped_free(s);
}

struct dc_dl_page *
dc_lay_new_page(struct dc_lay *L, int landscape)
{
    L->page = dc_display_add_page(L->d, landscape);
    L->pageno = L->d->npages - 1;
    L->box = landscape ? &L->st.landscape : &L->st.portrait;
    L->y = L->page->height - L->box->top;
    L->fresh = 1;
    L->only_part = 0;
    if (L->folio >= 0) {
        L->page->number = ++L->folio;
        folio(L, L->page);
    }
    return L->page;
}

static void
ensure_portrait(struct dc_lay *L)
{
    if (!L->page || L->page->landscape)
        dc_lay_new_page(L, 0);
}

/* ---- text blocks ---- */

static struct dc_shaped *
shape_block(struct dc_lay *L, const struct dc_tstyle *ts, const char *text,
            int src_line)
{
    const char *s = dc_skip_space(text ? text : "");
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t'))
        len--;
    struct dc_shaped *sh = dc_lay_shape(L, s, len, ts->font, src_line);
    sh->track = ts->tracking;
    int32_t indent = ts->indent * ts->size, w = L->box->width;
    if (ts->align == DC_ALIGN_RIGHT)
        w -= indent;
    if (ts->align == DC_ALIGN_RIGHT || ts->align == DC_ALIGN_CENTER)
        indent = 0;
    if (ts->align == DC_ALIGN_JUSTIFY)
        dc_lay_break(L, sh, ts->size, w, indent);
    else /* a heading or title never ends on one or two characters */
        dc_lay_break_min_last(L, sh, ts->size, w, indent, 3);
    return sh;
}

static void
draw_line(struct dc_lay *L, const struct dc_tstyle *ts,
          const struct dc_shaped *sh, int k, const struct dc_node *src)
{
    const struct dc_line *ln = &sh->lines[k];
    int32_t left = dc_lay_left(L), right = dc_lay_right(L);
    int32_t x = left + ln->indent, spacing = sh->track;
    int ng = dc_shaped_gaps(sh, ln->gs, ln->ge) + 1;
    switch (ts->align) {
    case DC_ALIGN_CENTER:
        x = left + (right - left - ln->width) / 2;
        break;
    case DC_ALIGN_RIGHT:
        x = right - ts->indent * ts->size - ln->width;
        break;
    case DC_ALIGN_JUSTIFY:
        if (!ln->last && ng > 1) {
            int32_t extra = right - left - ln->indent - ln->width;
            if (extra > 0 && extra / (ng - 1) <= ts->size / 2)
                spacing += extra / (ng - 1);
        }
        break;
    default:
        break;
    }
    if (x < left)
        x = left;
    int32_t base = dc_lay_baseline(L, ts->font, L->y, ts->size, ts->leading);
    dc_lay_emit(L, L->page, sh, ln->gs, ln->ge, x, base, ts->size, spacing,
                src);
    L->y -= ts->leading;
}

/* Places lines with the paragraph rules: a paragraph leaves no single line
 * at the bottom or the top of a page where it can; a block that is not
 * justified (headings, titles) is not split; `keep` more millipoints must
 * fit after it on the same page (a heading and what follows). */
static void
place_lines(struct dc_lay *L, const struct dc_tstyle *ts,
            const struct dc_shaped *sh, const struct dc_node *src,
            int32_t keep)
{
    int n = sh->nlines, k = 0;
    int32_t lead = ts->leading;
    int split_ok = ts->align == DC_ALIGN_JUSTIFY;
    if (!L->fresh)
        L->y -= ts->before;
    while (k < n) {
        int32_t space = L->y - dc_lay_bottom(L);
        int fit = space > 0 ? space / lead : 0;
        int rem = n - k, take;
        if (fit >= rem) {
            take = rem;
            if (keep && !L->fresh && k == 0 && space - rem * lead < keep &&
                (rem + 0) * lead + keep <= L->box->height)
                take = 0;
        } else if (!split_ok) {
            take = 0;
        } else {
            /* no single last line at the top of the next page, and then
             * no single first line at the bottom of this one (a
             * three-line paragraph with room for two moves whole) */
            take = fit;
            if (rem - take == 1)
                take--;
            if (k == 0 && take < 2)
                take = 0;
        }
        if (take == 0) {
            if (L->fresh) {
                take = fit > 0 ? (fit < rem ? fit : rem) : 1;
            } else {
                dc_lay_new_page(L, L->page->landscape);
                continue;
            }
        }
        for (int i = 0; i < take; i++)
            draw_line(L, ts, sh, k + i, src);
        k += take;
        L->fresh = 0;
        if (k < n)
            dc_lay_new_page(L, L->page->landscape);
    }
    L->y -= ts->after;
}

void
dc_lay_text_block(struct dc_lay *L, const struct dc_tstyle *ts,
                  const char *text, const struct dc_node *src, int src_line,
                  int keep)
{
    struct dc_shaped *sh = shape_block(L, ts, text, src_line);
    place_lines(L, ts, sh, src, keep);
    dc_shaped_free(sh);
}

/* ---- the 目录 ---- */

struct tocpos {
    struct dc_shaped *sh;    /* the entry, or a table's title */
    struct dc_shaped *label; /* a table's 表N, set in its own column */
    int page;
    int32_t y;
};

struct toc {
    struct tocpos *pos;
    int first_page, npages;
    int32_t title_y;
    int32_t labelw; /* the 表N column: the widest label and a space */
};

static int
toc_is_table(const struct dc_toc_entry *e)
{
    return e->target->type == DC_NODE_TABLE && e->target->u.table.label &&
           e->target->u.table.title;
}

void
dc_lay_toc_mark(struct dc_lay *L, const struct dc_node *n)
{
    for (int i = 0; i < L->dec->ntoc; i++)
        if (L->dec->toc[i].target == n && L->dec->toc[i].page == 0) {
            L->dec->toc[i].page = L->page->number;
            return;
        }
}

static char *
join(struct dc_arena *a, const char *x, const char *sep, const char *y)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s%s%s", x ? x : "", x && *x && y && *y ? sep : "",
                  y ? y : "");
    char *s = dc_arena_strdup(a, b.data ? b.data : "");
    dc_buf_free(&b);
    return s;
}

static void
toc_collect(struct dc_lay *L)
{
    struct dc_layout_decisions *dec = L->dec;
    int n = 0, part = 0;
    for (const struct dc_node *c = dc_node_first(L->doc->root); c;
         c = dc_node_next(c))
        n++;
    dec->toc = dc_arena_alloc(&dec->arena, sizeof *dec->toc * (size_t)(n + 1));
    for (const struct dc_node *c = dc_node_first(L->doc->root); c;
         c = dc_node_next(c)) {
        struct dc_toc_entry *e = &dec->toc[dec->ntoc];
        if (c->type == DC_NODE_PART) {
            part = c->u.part.number;
            e->level = 0;
            e->text = join(&dec->arena, c->u.part.numbering, "　",
                           c->u.part.title);
        } else if (c->type == DC_NODE_TABLE &&
                   c->u.table.kind == DC_TABLE_NUMBERED) {
            e->level = 1;
            e->text = join(&dec->arena, c->u.table.label, "　",
                           c->u.table.title);
        } else if (c->type == DC_NODE_HEADING && c->u.heading.level == 1 &&
                   part == 3) {
            e->level = 1;
            e->text = join(&dec->arena, c->u.heading.numbering, "",
                           c->u.heading.title);
        } else {
            continue;
        }
        e->target = c;
        dec->ntoc++;
    }
}

static int32_t
toc_numw(const struct dc_tstyle *ts)
{
    return 3 * ts->size; /* room for the page number and a gap */
}

/* Reserves the 目录's pages: breaks every entry, gives it a place. */
static void
toc_reserve(struct dc_lay *L, struct toc *T)
{
    const struct dc_tstyle *tt = style(L, DC_ST_TOC_TITLE);
    dc_lay_new_page(L, 0)->pinned = 1; /* filled last (toc_draw) */
    T->first_page = L->pageno;
    T->title_y = L->y;
    /* its bookmark between the cover's and the first part's */
    dc_display_add_outline(L->d, 0, "目录", T->first_page, T->title_y);
    L->y -= tt->leading + tt->after;
    L->fresh = 0;
    T->pos = dc_xcalloc((size_t)L->dec->ntoc + 1, sizeof *T->pos);
    /* 表1 … 表11: the titles start in one column, whatever the label */
    T->labelw = 0;
    for (int i = 0; i < L->dec->ntoc; i++) {
        const struct dc_toc_entry *e = &L->dec->toc[i];
        if (!toc_is_table(e))
            continue;
        const struct dc_tstyle *ts = style(L, DC_ST_TOC_ENTRY);
        const char *lb = e->target->u.table.label;
        T->pos[i].label = dc_lay_shape(L, lb, strlen(lb), ts->font,
                                       e->target->line);
        int32_t w = dc_shaped_width(T->pos[i].label, 0, T->pos[i].label->n,
                                    ts->size) +
                    ts->size;
        if (w > T->labelw)
            T->labelw = w;
    }
    for (int i = 0; i < L->dec->ntoc; i++) {
        struct dc_toc_entry *e = &L->dec->toc[i];
        const struct dc_tstyle *ts =
            style(L, e->level == 0 ? DC_ST_TOC_PART : DC_ST_TOC_ENTRY);
        const char *text = T->pos[i].label ? e->target->u.table.title
                                           : e->text;
        struct dc_shaped *sh =
            dc_lay_shape(L, text, strlen(text), ts->font, e->target->line);
        int32_t indent = ts->indent * ts->size +
                         (T->pos[i].label ? T->labelw : 0);
        int32_t w = L->box->width - indent - toc_numw(ts);
        /* no single character left alone on an entry's last line */
        dc_lay_break_min_last(L, sh, ts->size, w, 0, 2);
        /* e->text is "label　title" for a table: the title ends it */
        size_t skip = T->pos[i].label ? strlen(e->text) - strlen(text) : 0;
        e->nbrk = 0;
        for (int k = 1; k < sh->nlines && e->nbrk < DC_TOC_BREAKS; k++)
            e->brk[e->nbrk++] = (int)(skip + sh->g[sh->lines[k].gs].off);
        int32_t h = ts->before + sh->nlines * ts->leading;
        if (L->y - h < dc_lay_bottom(L)) {
            dc_lay_new_page(L, 0)->pinned = 1;
            L->fresh = 0;
        }
        T->pos[i].sh = sh;
        T->pos[i].page = L->pageno;
        T->pos[i].y = L->y - ts->before;
        L->y -= h;
    }
    T->npages = L->pageno - T->first_page + 1;
}

static void
toc_draw(struct dc_lay *L, struct toc *T)
{
    const struct dc_tstyle *tt = style(L, DC_ST_TOC_TITLE);
    L->page = &L->d->pages[T->first_page];
    L->box = &L->st.portrait;
    L->y = T->title_y;
    dc_lay_text_block(L, tt, "目　录", NULL, 0, 0);
    for (int i = 0; i < L->dec->ntoc; i++) {
        const struct dc_toc_entry *e = &L->dec->toc[i];
        const struct dc_tstyle *ts =
            style(L, e->level == 0 ? DC_ST_TOC_PART : DC_ST_TOC_ENTRY);
        struct tocpos *p = &T->pos[i];
        L->page = &L->d->pages[p->page];
        int32_t left = dc_lay_left(L) + ts->indent * ts->size;
        if (p->label) {
            int32_t base = dc_lay_baseline(L, ts->font, p->y, ts->size,
                                           ts->leading);
            dc_lay_emit(L, L->page, p->label, 0, p->label->n, left, base,
                        ts->size, 0, e->target);
            dc_shaped_free(p->label);
            left += T->labelw;
        }
        int32_t right = dc_lay_right(L), y = p->y, x = left;
        for (int k = 0; k < p->sh->nlines; k++) {
            const struct dc_line *ln = &p->sh->lines[k];
            int32_t base = dc_lay_baseline(L, ts->font, y, ts->size,
                                           ts->leading);
            x = dc_lay_emit(L, L->page, p->sh, ln->gs, ln->ge, left, base,
                            ts->size, 0, e->target);
            if (k + 1 < p->sh->nlines)
                y -= ts->leading;
        }
        /* dot leaders and the right-aligned page number */
        char num[16];
        snprintf(num, sizeof num, "%d", e->page);
        struct dc_shaped *ns = dc_lay_shape(L, num, strlen(num), ts->font, 0);
        int32_t nw = dc_shaped_width(ns, 0, ns->n, ts->size);
        int32_t base = dc_lay_baseline(L, ts->font, y, ts->size, ts->leading);
        struct dc_shaped *dot = dc_lay_shape(L, ".", 1, ts->font, 0);
        int32_t dw = dc_shaped_width(dot, 0, 1, ts->size);
        int32_t from = x + ts->size / 2, to = right - nw - ts->size / 2;
        if (dw > 0 && to - from > dw) {
            int nd = (to - from) / dw;
            char *dots = dc_xmalloc((size_t)nd + 1);
            memset(dots, '.', (size_t)nd);
            dots[nd] = '\0';
            struct dc_shaped *ds = dc_lay_shape(L, dots, (size_t)nd, ts->font, 0);
            dc_lay_emit(L, L->page, ds, 0, ds->n, to - nd * dw, base,
                        ts->size, 0, NULL);
            dc_shaped_free(ds);
            free(dots);
        }
        dc_lay_emit(L, L->page, ns, 0, ns->n, right - nw, base, ts->size, 0,
                    e->target);
        dc_shaped_free(dot);
        dc_shaped_free(ns);
        dc_shaped_free(p->sh);
    }
    free(T->pos);
}

/* ---- the cover ---- */

static void
cover(struct dc_lay *L)
{
    const struct dc_meta *m = &L->doc->meta;
    dc_lay_new_page(L, 0);
    dc_display_add_outline(L->d, 0, "封面", L->pageno, L->y);
    L->fresh = 0;
    struct dc_buf b;
    dc_buf_init(&b);
    if (m->department)
        dc_lay_text_block(L, style(L, DC_ST_COVER_DEPT), m->department, NULL,
                          0, 0);
    if (m->year > 0)
        dc_buf_printf(&b, "%d年部门预算公开", m->year);
    else
        dc_buf_puts(&b, "部门预算公开");
    dc_lay_text_block(L, style(L, DC_ST_COVER_TITLE), b.data, NULL, 0, 0);
    if (m->date)
        dc_lay_text_block(L, style(L, DC_ST_COVER_DATE), m->date, NULL, 0, 0);
    dc_buf_free(&b);
}

/* ---- the body ---- */

static const struct dc_tstyle *
heading_style(const struct dc_lay *L, int level)
{
    return style(L, level <= 1 ? DC_ST_H1 : level == 2 ? DC_ST_H2 : DC_ST_H3);
}

static char *
heading_text(const struct dc_node *n)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s%s", n->u.heading.numbering ? n->u.heading.numbering
                                                     : "",
                  n->u.heading.title ? n->u.heading.title : "");
    return dc_buf_detach(&b);
}

/* The height of a heading block. */
static int32_t
heading_height(struct dc_lay *L, const struct dc_node *n)
{
    const struct dc_tstyle *ts = heading_style(L, n->u.heading.level);
    char *t = heading_text(n);
    struct dc_shaped *sh = shape_block(L, ts, t, n->line);
    int32_t h = ts->before + sh->nlines * ts->leading + ts->after;
    dc_shaped_free(sh);
    free(t);
    return h;
}

/* What must fit after a heading: the headings that follow it and two
 * lines of the paragraph after them.  Computed for a whole run of
 * consecutive headings at once, from its end backwards, so a run of n
 * headings costs n shapings, not n²/2, and nothing recurses. */
static void
keep_run(struct dc_lay *L, const struct dc_node *first)
{
    int n = 0;
    const struct dc_node *c;
    for (c = first; c && c->type == DC_NODE_HEADING; c = dc_node_next(c)) {
        if (n == L->keep.cap) {
            L->keep.cap = L->keep.cap ? L->keep.cap * 2 : 64;
            L->keep.run = dc_xrealloc(L->keep.run, (size_t)L->keep.cap *
                                                       sizeof *L->keep.run);
            L->keep.after = dc_xrealloc(
                L->keep.after, (size_t)L->keep.cap * sizeof *L->keep.after);
        }
        L->keep.run[n++] = c;
    }
    int32_t tail = 0; /* two lines of the paragraph after the run */
    if (c && c->type == DC_NODE_PARAGRAPH) {
        const struct dc_tstyle *ts = style(L, DC_ST_BODY);
        struct dc_shaped *sh = shape_block(L, ts, c->u.para.text, c->line);
        int k = sh->nlines < 2 ? sh->nlines : 2;
        dc_shaped_free(sh);
        tail = ts->before + k * ts->leading;
    }
    /* no more than a page can be kept anyway: the cap only keeps the sum
     * from overflowing, place_lines ignores a keep taller than the page */
    const int32_t cap = INT32_MAX / 4;
    L->keep.after[n - 1] = tail;
    for (int i = n - 2; i >= 0; i--) {
        int32_t h = heading_height(L, L->keep.run[i + 1]);
        int32_t a = L->keep.after[i + 1];
        L->keep.after[i] = a > cap - h ? cap : a + h;
    }
    L->keep.n = n;
    L->keep.next = 0;
}

static int32_t
keep_after_heading(struct dc_lay *L, const struct dc_node *n)
{
    if (L->keep.next >= L->keep.n || L->keep.run[L->keep.next] != n)
        keep_run(L, n);
    return L->keep.after[L->keep.next++];
}

static void
part(struct dc_lay *L, const struct dc_node *n)
{
    const struct dc_tstyle *ts = style(L, DC_ST_PART);
    L->part = n->u.part.number;
    dc_lay_new_page(L, 0);
    char *one = join(&L->d->arena, n->u.part.numbering, "　", n->u.part.title);
    dc_display_add_outline(L->d, 0, one, L->pageno, L->y);
    dc_lay_toc_mark(L, n);
    struct dc_shaped *sh = dc_lay_shape(L, one, strlen(one), ts->font, n->line);
    int fits = dc_shaped_width(sh, 0, sh->n, ts->size) <= L->box->width;
    dc_shaped_free(sh);
    if (fits || !n->u.part.numbering || !n->u.part.title) {
        dc_lay_text_block(L, ts, one, n, n->line, 0);
    } else {
        struct dc_tstyle t1 = *ts;
        t1.after = 0;
        dc_lay_text_block(L, &t1, n->u.part.numbering, n, n->line, 0);
        dc_lay_text_block(L, ts, n->u.part.title, n, n->line, 0);
    }
    L->only_part = 1;
}

static void
heading(struct dc_lay *L, const struct dc_node *n)
{
    ensure_portrait(L);
    const struct dc_tstyle *ts = heading_style(L, n->u.heading.level);
    char *t = heading_text(n);
    int32_t keep = keep_after_heading(L, n);
    struct dc_shaped *sh = shape_block(L, ts, t, n->line);
    place_lines(L, ts, sh, n, keep);
    if (n->u.heading.level == 1) {
        int32_t top = L->y + ts->after + sh->nlines * ts->leading;
        dc_display_add_outline(L->d, 1, t, L->pageno, top);
        if (L->part == 3)
            dc_lay_toc_mark(L, n);
    }
    L->only_part = 0;
    dc_shaped_free(sh);
    free(t);
}

static void
paragraph(struct dc_lay *L, const struct dc_node *n)
{
    ensure_portrait(L);
    L->only_part = 0;
    dc_lay_text_block(L, style(L, DC_ST_BODY), n->u.para.text, n, n->line, 0);
}

static void
signature(struct dc_lay *L, const struct dc_node *n)
{
    ensure_portrait(L);
    L->only_part = 0;
    const struct dc_tstyle *ts = style(L, DC_ST_SIGNATURE);
    const char *dept = n->u.sig.department ? n->u.sig.department : "";
    const char *date = n->u.sig.date ? n->u.sig.date : "";
    struct dc_shaped *sd = dc_lay_shape(L, dept, strlen(dept), ts->font,
                                        n->u.sig.dept_line ? n->u.sig.dept_line
                                                           : n->line);
    struct dc_shaped *st = dc_lay_shape(L, date, strlen(date), ts->font,
                                        n->line);
    int32_t wd = dc_shaped_width(sd, 0, sd->n, ts->size);
    int32_t wt = dc_shaped_width(st, 0, st->n, ts->size);
    int32_t left = dc_lay_left(L), right = dc_lay_right(L);
    int32_t need = ts->before + 2 * ts->leading;
    if (!L->fresh && L->y - need < dc_lay_bottom(L))
        dc_lay_new_page(L, 0);
    if (!L->fresh)
        L->y -= ts->before;
    /* the date 右空四字; the department centred over it */
    int32_t xt = right - ts->indent * ts->size - wt;
    if (xt < left)
        xt = left;
    int32_t xd = xt + wt / 2 - wd / 2;
    if (xd + wd > right)
        xd = right - wd;
    if (xd < left)
        xd = left;
    if (sd->n) {
        dc_lay_emit(L, L->page, sd, 0, sd->n, xd,
                    dc_lay_baseline(L, ts->font, L->y, ts->size, ts->leading),
                    ts->size, 0, n);
        L->y -= ts->leading;
    }
    if (st->n) {
        dc_lay_emit(L, L->page, st, 0, st->n, xt,
                    dc_lay_baseline(L, ts->font, L->y, ts->size, ts->leading),
                    ts->size, 0, n);
        L->y -= ts->leading;
    }
    L->fresh = 0;
    dc_shaped_free(sd);
    dc_shaped_free(st);
}

static void
doc_info(struct dc_lay *L)
{
    const struct dc_meta *m = &L->doc->meta;
    struct dc_arena *a = &L->d->arena;
    char year[32] = "";
    if (m->year > 0)
        snprintf(year, sizeof year, "%d年", m->year);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_doc_title(L->doc, &b);
    L->d->title = dc_arena_strdup(a, b.data);
    dc_buf_clear(&b);
    L->d->author = dc_arena_strdup(a, m->department ? m->department : "");
    dc_buf_printf(&b, "%s部门预算公开", year);
    L->d->subject = dc_arena_strdup(a, b.data);
    dc_buf_clear(&b);
    dc_buf_printf(&b, "部门预算公开, 预算公开%s%s%s%s",
                  m->year > 0 ? ", " : "", year, m->department ? ", " : "",
                  m->department ? m->department : "");
    L->d->keywords = dc_arena_strdup(a, b.data);
    dc_buf_free(&b);
    L->d->date_y = m->date_y;
    L->d->date_m = m->date_m;
    L->d->date_d = m->date_d;
}

static enum dc_status run(const struct dc_doc *doc, const struct dc_metrics *m,
                          struct dc_diag *diag, const struct dc_page_style *st,
                          const struct dc_layout_opts *o,
                          struct dc_display **display,
                          struct dc_layout_decisions **decp,
                          struct dc_layout_stats *stats);

enum dc_status
dc_layout_run_style(const struct dc_doc *doc, const struct dc_metrics *m,
                    struct dc_diag *diag, const struct dc_page_style *st,
                    struct dc_display **display,
                    struct dc_layout_decisions **decp,
                    struct dc_layout_stats *stats)
{
    return run(doc, m, diag, st, NULL, display, decp, stats);
}

static enum dc_status
run(const struct dc_doc *doc, const struct dc_metrics *m, struct dc_diag *diag,
    const struct dc_page_style *st, const struct dc_layout_opts *o,
    struct dc_display **display, struct dc_layout_decisions **decp,
    struct dc_layout_stats *stats)
{
    *display = NULL;
    *decp = NULL;
    struct dc_lay L;
    memset(&L, 0, sizeof L);
    L.doc = doc;
    L.m = m;
    L.diag = diag;
    L.file = doc->meta.source;
    L.st = *st;
    L.folio = -1;
    dc_buf_init(&L.tmp);
    UErrorCode ue = U_ZERO_ERROR;
    L.brk = ubrk_open(UBRK_LINE, "zh", NULL, 0, &ue);
    if (U_FAILURE(ue)) {
        dc_diag_report(diag, L.file, 0, 0, DC_SEV_ERROR,
                       _("ICU ubrk_open(UBRK_LINE, \"zh\") failed: %s"),
                       u_errorName(ue));
        return DC_ERR_LIB;
    }
    L.d = dc_display_new();
    /* its own copy: a render of the PDF alone frees the model first */
    L.d->source = doc->meta.source
                      ? dc_arena_strdup(&L.d->arena, doc->meta.source)
                      : NULL;
    if (o)
        dc_display_set_keep(L.d, o->pages, o->scratch_dir, o->spill_budget);
    struct dc_layout_decisions *dec = dc_xcalloc(1, sizeof *dec);
    dc_arena_init(&dec->arena);
    L.dec = dec;
    int ntables = 0;
    for (const struct dc_node *c = dc_node_first(doc->root); c;
         c = dc_node_next(c))
        if (c->type == DC_NODE_TABLE)
            ntables++;
    dec->tables = dc_arena_alloc(&dec->arena,
                                 sizeof *dec->tables * (size_t)(ntables + 1));
    dec->page_w = st->paper_w;
    dec->page_h = st->paper_h;
    dec->margin_top = st->portrait.top;
    dec->margin_left = st->portrait.left;
    dec->margin_right = st->paper_w - st->portrait.left - st->portrait.width;
    dec->margin_bottom = st->paper_h - st->portrait.top - st->portrait.height;
    memcpy(dec->style, st->st, sizeof dec->style);
    dec->cell_leading = st->cell_leading;
    dec->cell_pad_x = st->cell_pad_x;
    dec->cell_pad_y = st->cell_pad_y;
    dec->folio_gap = st->folio_gap;

    cover(&L);
    toc_collect(&L);
    struct toc T;
    memset(&T, 0, sizeof T);
    toc_reserve(&L, &T);

    L.folio = 0; /* numbers start after the front matter */
    L.page = NULL;
    for (const struct dc_node *c = dc_node_first(doc->root); c;
         c = dc_node_next(c)) {
        switch (c->type) {
        case DC_NODE_PART:
            part(&L, c);
            break;
        case DC_NODE_HEADING:
            heading(&L, c);
            break;
        case DC_NODE_PARAGRAPH:
            paragraph(&L, c);
            break;
        case DC_NODE_TABLE:
            if (!L.page)
                dc_lay_new_page(&L, 0);
            dc_lay_table(&L, c);
            break;
        case DC_NODE_SIGNATURE:
            signature(&L, c);
            break;
        default:
            break;
        }
    }
    dec->ntables = L.table_index;
    toc_draw(&L, &T);
    doc_info(&L);

    if (stats)
        *stats = L.stats;
    dc_lay_text_free(&L);
    dc_buf_free(&L.tmp);
    free(L.keep.run);
    free(L.keep.after);
    ubrk_close(L.brk);
    *display = L.d;
    *decp = dec;
    return DC_OK;
}

enum dc_status
dc_layout_run(const struct dc_doc *doc, const struct dc_metrics *m,
              struct dc_diag *diag, struct dc_display **display,
              struct dc_layout_decisions **dec)
{
    return dc_layout_run_opts(doc, m, diag, NULL, display, dec);
}

enum dc_status
dc_layout_run_opts(const struct dc_doc *doc, const struct dc_metrics *m,
                   struct dc_diag *diag, const struct dc_layout_opts *o,
                   struct dc_display **display,
                   struct dc_layout_decisions **dec)
{
    struct dc_page_style st;
    struct dc_buf path;
    dc_buf_init(&path);
    dc_buf_printf(&path, "%s/page.xml", dc_tabledefs_default_dir());
    enum dc_status s = dc_page_style_load(path.data, diag, &st);
    dc_buf_free(&path);
    if (s != DC_OK) {
        *display = NULL;
        *dec = NULL;
        return s;
    }
    return run(doc, m, diag, &st, o, display, dec, NULL);
}

void
dc_layout_decisions_free(struct dc_layout_decisions *dec)
{
    if (!dec)
        return;
    dc_arena_release(&dec->arena);
    free(dec);
}

