/* The page and type style: built-in defaults (GB/T 9704 A4) overridden by
 * layouts/page.xml, read with libxml2 without network or entity expansion
 * and checked element by element, with file:line errors. */
#include "layout_int.h"
#include "i18n.h"
#include "xmlread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define PT(tenths) ((int32_t)(tenths) * 100)              /* 0.1 pt -> mp */
#define MM(tenths) ((int32_t)(((int64_t)(tenths) * 2834646 + 5000) / 10000))

static const char *const style_names[DC_ST_COUNT] = {
    "cover-department", "cover-title", "cover-date", "toc-title", "toc-part",
    "toc-entry", "part", "heading1", "heading2", "heading3", "body",
    "signature", "folio", "table-label", "table-title", "table-subtitle",
    "table-caption"};

/* the DOCX styles that take docx-tracking (part_styles.c) */
static int
docx_tracked(int style)
{
    return style == DC_ST_BODY || style == DC_ST_H1 || style == DC_ST_H2 ||
           style == DC_ST_H3 || style == DC_ST_SIGNATURE;
}

static const char *const font_names[DC_FONT_COUNT] = {"song", "hei", "kai",
                                                      "title", "latin"};
static const char *const align_names[] = {"left", "center", "right",
                                          "justify"};

void
dc_page_style_defaults(struct dc_page_style *st)
{
    memset(st, 0, sizeof *st);
    st->paper_w = MM(2100);
    st->paper_h = MM(2970);
    st->portrait = (struct dc_block_box){MM(370), MM(280), MM(1560),
                                         MM(2250)};
    st->landscape = (struct dc_block_box){MM(280), MM(350), MM(2250),
                                          MM(1560)};
    dc_tstyle_defaults(st->st);
    st->folio_gap = MM(70);
    st->folio_indent = 1;
    st->fallback[0] = DC_FONT_SONG;
    st->fallback[1] = DC_FONT_HEI;
    st->fallback[2] = DC_FONT_KAI;
    st->nfallback = 3;
    st->cell_pad_x = MM(10);
    st->cell_pad_y = MM(8);
    st->cell_leading = DC_TABLE_LEADING;
    st->min_size = PT(80);
    st->rule_outer = PT(10);
    st->rule_inner = PT(5);
    st->header_font = DC_FONT_HEI;
    st->total_font = DC_FONT_HEI;
    st->table_gap = PT(30);
}

struct reader {
    struct dc_diag *diag;
    const char *file;
    int failed;
};

static void
bad(struct reader *r, const xmlNode *n, const char *fmt, const char *a,
    const char *b)
{
    dc_diag_report(r->diag, r->file, n ? (int)xmlGetLineNo(n) : 0, 0,
                   DC_SEV_ERROR, fmt, a, b);
    r->failed = 1;
}

static int
is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

/* Every attribute of `n` must be one of `allowed` (NULL-terminated). */
static void
check_attrs(struct reader *r, const xmlNode *n, const char *const *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        int ok = 0;
        for (const char *const *p = allowed; *p; p++)
            if (strcmp(*p, (const char *)a->name) == 0)
                ok = 1;
        if (!ok)
            bad(r, n, _("unknown attribute %s on <%s>"), (const char *)a->name,
                (const char *)n->name);
    }
}

/* An integer attribute in [min,max]; keeps *out when absent.  `req`: an
 * absent attribute is an error. */
static void
int_attr(struct reader *r, const xmlNode *n, const char *name, int req,
         long min, long max, int32_t *out)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) {
        if (req)
            bad(r, n, _("<%s> needs attribute %s"), (const char *)n->name, name);
        return;
    }
    char *end;
    long x = strtol((const char *)v, &end, 10);
    if (!*v || *end || x < min || x > max) {
        char range[64];
        snprintf(range, sizeof range, "%ld..%ld", min, max);
        char what[200];
        snprintf(what, sizeof what, "%s=\"%.100s\"", name, (const char *)v);
        bad(r, n, _("attribute %s must be an integer in %s"), what, range);
    } else {
        *out = (int32_t)x;
    }
    xmlFree(v);
}

static int
name_index(const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return -1;
}

static void
enum_attr(struct reader *r, const xmlNode *n, const char *name,
          const char *const *names, int count, int *out)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return;
    int i = name_index((const char *)v, names, count);
    if (i < 0)
        bad(r, n, _("attribute %s has an unknown value \"%s\""), name,
            (const char *)v);
    else
        *out = i;
    xmlFree(v);
}

static void
read_style(struct reader *r, const xmlNode *n, struct dc_page_style *st)
{
    static const char *const allowed[] = {"name", "font", "size", "leading",
                                          "before", "after", "indent",
                                          "align", "tracking",
                                          "docx-tracking", NULL};
    check_attrs(r, n, allowed);
    xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
    if (!name) {
        bad(r, n, _("<style> needs a name%s%s"), "", "");
        return;
    }
    int i = name_index((const char *)name, style_names, DC_ST_COUNT);
    if (i < 0) {
        bad(r, n, _("unknown style \"%s\"%s"), (const char *)name, "");
        xmlFree(name);
        return;
    }
    xmlFree(name);
    struct dc_tstyle *s = &st->st[i];
    int32_t size = s->size / 100, leading = s->leading / 100,
            before = s->before / 100, after = s->after / 100,
            indent = s->indent, tracking = s->tracking / 100;
    enum_attr(r, n, "font", font_names, DC_FONT_COUNT, &s->font);
    enum_attr(r, n, "align", align_names, 4, &s->align);
    int_attr(r, n, "size", 0, 50, 720, &size);
    int_attr(r, n, "leading", 0, 50, 1500, &leading);
    int_attr(r, n, "before", 0, 0, 5000, &before);
    int_attr(r, n, "after", 0, 0, 5000, &after);
    int_attr(r, n, "indent", 0, 0, 20, &indent);
    int_attr(r, n, "tracking", 0, -50, 50, &tracking);
    /* the DOCX's own: Word and LibreOffice justify and space figures
     * otherwise than the PDF does */
    int32_t docx = INT32_MIN;
    int_attr(r, n, "docx-tracking", 0, -50, 50, &docx);
    if (docx != INT32_MIN && !docx_tracked(i))
        bad(r, n,
            _("docx-tracking on style \"%s\": the DOCX tracks only body, "
              "heading1, heading2, heading3 and signature%s"),
            style_names[i], "");
    if (s->font == DC_FONT_LATIN)
        bad(r, n, _("style font must be song, hei, kai or title, not %s%s"), "latin",
            "");
    if (leading < size)
        bad(r, n, _("leading is smaller than the type size%s%s"), "", "");
    s->size = PT(size);
    s->leading = PT(leading);
    s->before = PT(before);
    s->after = PT(after);
    s->indent = indent;
    s->tracking = PT(tracking);
    s->docx_tracking = docx == INT32_MIN ? s->tracking : PT(docx);
}

static void
read_block(struct reader *r, const xmlNode *n, struct dc_page_style *st)
{
    static const char *const allowed[] = {"orientation", "top", "left",
                                          "width", "height", NULL};
    static const char *const orient[] = {"portrait", "landscape"};
    check_attrs(r, n, allowed);
    int o = -1;
    enum_attr(r, n, "orientation", orient, 2, &o);
    if (o < 0) {
        bad(r, n, _("<block> needs orientation=\"portrait|landscape\"%s%s"), "",
            "");
        return;
    }
    int32_t top, left, w, h;
    int_attr(r, n, "top", 1, 0, 3000, &top);
    int_attr(r, n, "left", 1, 0, 3000, &left);
    int_attr(r, n, "width", 1, 100, 3000, &w);
    int_attr(r, n, "height", 1, 100, 3000, &h);
    if (r->failed)
        return;
    int32_t pw = o ? 2970 : 2100, ph = o ? 2100 : 2970;
    if (left + w > pw || top + h > ph)
        bad(r, n, _("the %s text block does not fit on the paper%s"),
            orient[o], "");
    struct dc_block_box *b = o ? &st->landscape : &st->portrait;
    *b = (struct dc_block_box){MM(top), MM(left), MM(w), MM(h)};
}

static void
read_fallback(struct reader *r, const xmlNode *n, struct dc_page_style *st)
{
    xmlChar *v = xmlNodeGetContent(n);
    st->nfallback = 0;
    char *save = NULL;
    for (char *tok = strtok_r((char *)v, " \t\r\n", &save); tok;
         tok = strtok_r(NULL, " \t\r\n", &save)) {
        int i = name_index(tok, font_names, DC_FONT_LATIN);
        if (i < 0)
            bad(r, n, _("unknown font role \"%s\" in <fallback>%s"), tok, "");
        else if (st->nfallback < DC_FONT_COUNT)
            st->fallback[st->nfallback++] = i;
    }
    if (st->nfallback == 0)
        bad(r, n, _("<fallback> names no font role%s%s"), "", "");
    xmlFree(v);
}

static void
read_table(struct reader *r, const xmlNode *n, struct dc_page_style *st)
{
    static const char *const allowed[] = {
        "min-size", "pad-x", "pad-y", "leading", "rule-outer", "rule-inner",
        "header-font", "total-font", "gap", NULL};
    check_attrs(r, n, allowed);
    int32_t min = st->min_size / 100, px = 10, py = 8, lead = st->cell_leading,
            ro = st->rule_outer / 100, ri = st->rule_inner / 100,
            gap = st->table_gap / 100;
    int_attr(r, n, "min-size", 0, 50, 200, &min);
    int_attr(r, n, "pad-x", 0, 0, 100, &px);
    int_attr(r, n, "pad-y", 0, 0, 100, &py);
    int_attr(r, n, "leading", 0, 100, 300, &lead);
    int_attr(r, n, "rule-outer", 0, 1, 50, &ro);
    int_attr(r, n, "rule-inner", 0, 1, 50, &ri);
    int_attr(r, n, "gap", 0, 0, 500, &gap);
    enum_attr(r, n, "header-font", font_names, DC_FONT_LATIN,
              &st->header_font);
    enum_attr(r, n, "total-font", font_names, DC_FONT_LATIN,
              &st->total_font);
    st->min_size = PT(min);
    st->cell_pad_x = MM(px);
    st->cell_pad_y = MM(py);
    st->cell_leading = (int)lead;
    st->rule_outer = PT(ro);
    st->rule_inner = PT(ri);
    st->table_gap = PT(gap);
}

static void
read_folio(struct reader *r, const xmlNode *n, struct dc_page_style *st)
{
    static const char *const allowed[] = {"gap", "indent", NULL};
    check_attrs(r, n, allowed);
    int32_t gap = 70, indent = st->folio_indent;
    int_attr(r, n, "gap", 0, 0, 500, &gap);
    int_attr(r, n, "indent", 0, 0, 10, &indent);
    st->folio_gap = MM(gap);
    st->folio_indent = (int)indent;
}

enum dc_status
dc_page_style_load(const char *path, struct dc_diag *diag,
                   struct dc_page_style *st)
{
    dc_page_style_defaults(st);
    struct reader r = {diag, path, 0};
    xmlDoc *x;
    enum dc_status read = dc_xml_read(
        path, N_("page style"),
        N_("reinstall disclose, or put a page.xml in the folder "
           "DISCLOSE_LAYOUTS names"),
        diag, &x);
    if (read != DC_OK)
        return read;
    const xmlNode *root = xmlDocGetRootElement(x);
    if (!root || !is_elem(root, "page-style")) {
        bad(&r, root, _("the root element must be <page-style>%s%s"), "", "");
    } else {
        for (const xmlNode *n = root->children; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE)
                continue;
            if (is_elem(n, "paper")) {
                static const char *const allowed[] = {"size", NULL};
                check_attrs(&r, n, allowed);
                xmlChar *v = xmlGetProp(n, (const xmlChar *)"size");
                if (!v || strcmp((const char *)v, "A4") != 0)
                    bad(&r, n, _("only <paper size=\"A4\"/> is supported%s%s"),
                        "", "");
                xmlFree(v);
            } else if (is_elem(n, "block")) {
                read_block(&r, n, st);
            } else if (is_elem(n, "style")) {
                read_style(&r, n, st);
            } else if (is_elem(n, "fallback")) {
                read_fallback(&r, n, st);
            } else if (is_elem(n, "table")) {
                read_table(&r, n, st);
            } else if (is_elem(n, "folio")) {
                read_folio(&r, n, st);
            } else {
                bad(&r, n, _("unexpected element <%s> in <page-style>"),
                    (const char *)n->name, "");
            }
        }
    }
    xmlFreeDoc(x);
    return r.failed ? DC_ERR_INPUT : DC_OK;
}
