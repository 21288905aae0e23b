/* The display list: pages of positioned text runs and rules, the outline,
 * the document information; and its text dump for tests. */
#include "displaylist.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct dc_display *
dc_display_new(void)
{
    struct dc_display *d = dc_xcalloc(1, sizeof *d);
    dc_arena_init(&d->arena);
    dc_arena_init(&d->text);
    dc_buf_init(&d->out);
    dc_spill_init(&d->spill, NULL);
    return d;
}

void
dc_display_free(struct dc_display *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->npages; i++)
        free(d->pages[i].items);
    free(d->pages);
    free(d->outline);
    dc_arena_release(&d->arena);
    dc_arena_release(&d->text);
    dc_buf_free(&d->out);
    dc_spill_free(&d->spill);
    free(d);
}

void
dc_display_set_keep(struct dc_display *d, enum dc_display_pages keep,
                    const char *dir, size_t budget)
{
    d->keep = keep;
    if (keep == DC_PAGES_SPILL && dc_spill_size(&d->spill) == 0) {
        dc_spill_free(&d->spill);
        dc_spill_init(&d->spill, dir);
        if (budget)
            d->spill.budget = budget;
    }
}

/* The text of the items the spill has for a page follows them; a written
 * item's text pointer is the offset there plus one (0: NULL). */
static void
spill(struct dc_display *d, struct dc_dl_page *p)
{
    struct dc_buf *b = &d->out;
    dc_buf_clear(b);
    size_t isz = sizeof *p->items * p->nitems;
    dc_buf_put(b, p->items, isz);
    size_t tlen = 0;
    for (size_t k = 0; k < p->nitems; k++) {
        struct dc_dl_text *t = &p->items[k].u.text;
        if (p->items[k].kind != DC_DL_TEXT || !t->text)
            continue;
        size_t n = strlen(t->text) + 1;
        uintptr_t off = tlen + 1;
        memcpy(b->data + k * sizeof *p->items +
                   offsetof(struct dc_dl_item, u.text.text),
               &off, sizeof off);
        dc_buf_put(b, t->text, n);
        tlen += n;
    }
    p->spilled = 1;
    p->at = dc_spill_append(&d->spill, b->data, b->len);
    p->tlen = tlen;
}

/* Page p is finished: kept (its array's doubling slack given back),
 * written out or dropped. */
static void
finish(struct dc_display *d, struct dc_dl_page *p)
{
    if (p->pinned || !p->nitems)
        return;
    if (d->keep == DC_PAGES_SPILL)
        spill(d, p);
    if (d->keep == DC_PAGES_KEEP) {
        if (p->nitems < p->cap) {
            p->items = dc_xrealloc(p->items, sizeof *p->items * p->nitems);
            p->cap = p->nitems;
        }
        return;
    }
    if (d->keep == DC_PAGES_DROP)
        p->nitems = 0;
    free(p->items);
    p->items = NULL;
    p->cap = 0;
    dc_arena_release(&d->text);
}

struct dc_dl_page *
dc_display_add_page(struct dc_display *d, int landscape)
{
    /* the page before is done (but for the contents' page numbers, added
     * later) */
    if (d->npages > 0)
        finish(d, &d->pages[d->npages - 1]);
    if (d->npages == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 64;
        d->pages = dc_xrealloc(d->pages, sizeof *d->pages * (size_t)d->cap);
    }
    struct dc_dl_page *p = &d->pages[d->npages++];
    memset(p, 0, sizeof *p);
    p->landscape = landscape != 0;
    p->width = landscape ? 841890 : 595276;
    p->height = landscape ? 595276 : 841890;
    return p;
}

void
dc_dl_buf_free(struct dc_dl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->cap = 0;
}

const struct dc_dl_page *
dc_display_page(const struct dc_display *d, int i, struct dc_dl_buf *buf)
{
    const struct dc_dl_page *p = &d->pages[i];
    if (!p->spilled)
        return p;
    size_t isz = sizeof *p->items * p->nitems, need = isz + p->tlen;
    if (need > buf->cap) {
        free(buf->data);
        buf->data = dc_xmalloc(need);
        buf->cap = need;
    }
    char *data = buf->data;
    if (dc_spill_read(&d->spill, data, need, p->at) != 0)
        return NULL;
    struct dc_dl_item *items = buf->data;
    for (size_t k = 0; k < p->nitems; k++) {
        struct dc_dl_text *t = &items[k].u.text;
        if (items[k].kind != DC_DL_TEXT)
            continue;
        uintptr_t off;
        memcpy(&off, &t->text, sizeof off);
        t->text = off && off - 1 < p->tlen ? data + isz + (off - 1) : NULL;
    }
    buf->page = *p;
    buf->page.items = items;
    return &buf->page;
}

static struct dc_dl_item *
add_item(struct dc_dl_page *p, enum dc_dl_kind kind)
{
    if (p->nitems == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->items = dc_xrealloc(p->items, sizeof *p->items * p->cap);
    }
    struct dc_dl_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

struct dc_dl_text *
dc_display_add_text(struct dc_display *d, struct dc_dl_page *p,
                    const char *text, size_t n)
{
    struct dc_dl_text *t = &add_item(p, DC_DL_TEXT)->u.text;
    /* a page written out or dropped takes its text with it */
    int stays = d->keep == DC_PAGES_KEEP || p->pinned;
    t->text = dc_arena_strndup(stays ? &d->arena : &d->text, text, n);
    return t;
}

struct dc_dl_rule *
dc_display_add_rule(struct dc_display *d, struct dc_dl_page *p)
{
    (void)d;
    return &add_item(p, DC_DL_RULE)->u.rule;
}

void
dc_display_add_outline(struct dc_display *d, int level, const char *title,
                       int page, int32_t y)
{
    if (d->noutline == d->outline_cap) {
        d->outline_cap = d->outline_cap ? 2 * d->outline_cap : 32;
        d->outline = dc_xrealloc(d->outline, sizeof *d->outline *
                                                 (size_t)d->outline_cap);
    }
    struct dc_dl_outline *o = &d->outline[d->noutline++];
    o->level = level;
    o->title = dc_arena_strdup(&d->arena, title);
    o->page = page;
    o->y = y;
}

static const char *const font_names[DC_FONT_COUNT] = {"song", "hei", "kai",
                                                      "title", "latin"};

/* Millipoints as points with three decimals, exact. */
static void
put_mp(FILE *out, int32_t v)
{
    if (v < 0) {
        fputc('-', out);
        v = -v;
    }
    fprintf(out, "%d.%03d", (int)(v / 1000), (int)(v % 1000));
}

void
dc_display_dump(const struct dc_display *d, FILE *out)
{
    fprintf(out, "info title=\"%s\" author=\"%s\" subject=\"%s\" "
                 "keywords=\"%s\" date=%04d-%02d-%02d\n",
            d->title ? d->title : "", d->author ? d->author : "",
            d->subject ? d->subject : "", d->keywords ? d->keywords : "",
            d->date_y, d->date_m, d->date_d);
    for (int i = 0; i < d->noutline; i++) {
        const struct dc_dl_outline *o = &d->outline[i];
        fprintf(out, "outline %d page=%d y=", o->level, o->page + 1);
        put_mp(out, o->y);
        fprintf(out, " \"%s\"\n", o->title);
    }
    struct dc_dl_buf buf;
    memset(&buf, 0, sizeof buf);
    for (int i = 0; i < d->npages; i++) {
        const struct dc_dl_page *p = dc_display_page(d, i, &buf);
        if (!p) {
            fprintf(out, "page %d unreadable\n", i + 1);
            continue;
        }
        fprintf(out, "page %d %s number=%d items=%zu\n", i + 1,
                p->landscape ? "landscape" : "portrait", p->number,
                p->nitems);
        for (size_t k = 0; k < p->nitems; k++) {
            const struct dc_dl_item *it = &p->items[k];
            if (it->kind == DC_DL_TEXT) {
                const struct dc_dl_text *t = &it->u.text;
                fputs("  text ", out);
                put_mp(out, t->x);
                fputc(' ', out);
                put_mp(out, t->y);
                fprintf(out, " %s ", font_names[t->font]);
                put_mp(out, t->size);
                if (t->spacing) {
                    fputs(" tc=", out);
                    put_mp(out, t->spacing);
                }
                fputs(" w=", out);
                put_mp(out, t->width);
                fprintf(out, "%s \"%s\"\n", t->upright ? " upright" : "",
                        t->text);
            } else {
                const struct dc_dl_rule *r = &it->u.rule;
                fputs("  rule ", out);
                put_mp(out, r->x1);
                fputc(' ', out);
                put_mp(out, r->y1);
                fputc(' ', out);
                put_mp(out, r->x2);
                fputc(' ', out);
                put_mp(out, r->y2);
                fputs(" w=", out);
                put_mp(out, r->width);
                fputc('\n', out);
            }
        }
    }
    dc_dl_buf_free(&buf);
}
