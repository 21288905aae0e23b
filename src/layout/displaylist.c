/* The display list: pages of positioned text runs and rules, the outline,
 * the document information; and its text dump for tests. */
#include "displaylist.h"

#include <stdlib.h>
#include <string.h>

struct dc_display *
dc_display_new(void)
{
    struct dc_display *d = dc_xcalloc(1, sizeof *d);
    dc_arena_init(&d->arena);
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
    free(d);
}

struct dc_dl_page *
dc_display_add_page(struct dc_display *d, int landscape)
{
    /* the page before is done (but for the contents' page numbers, added
     * later): give back its array's doubling slack */
    if (d->npages > 0) {
        struct dc_dl_page *last = &d->pages[d->npages - 1];
        if (last->nitems && last->nitems < last->cap) {
            last->items = dc_xrealloc(last->items,
                                      sizeof *last->items * last->nitems);
            last->cap = last->nitems;
        }
    }
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
dc_display_add_text(struct dc_display *d, struct dc_dl_page *p)
{
    (void)d;
    return &add_item(p, DC_DL_TEXT)->u.text;
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
    for (int i = 0; i < d->npages; i++) {
        const struct dc_dl_page *p = &d->pages[i];
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
}
