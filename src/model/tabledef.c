/* Reads the table and form descriptions of layouts/ with libxml2. */
#include "tabledef.h"
#include "model.h"
#include "i18n.h"
#include "xmlread.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

const char *
dc_tabledefs_default_dir(void)
{
    return dc_data_path(DC_DATA_LAYOUTS);
}

/* what to do when a layout cannot be read */
static const char *const layouts_todo =
    N_("reinstall disclose, or set DISCLOSE_LAYOUTS to a folder of layouts");

struct loader {
    struct dc_tabledefs *defs;
    struct dc_diag *diag;
    const char *file;
    int failed;
};

/* "file:line: error: …" at node n (or at `line` when n is NULL); fmt is a
 * message id, translated here. */
static void __attribute__((format(printf, 4, 5)))
bad_at(struct loader *ld, const xmlNode *n, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_diag_vreport(ld->diag, ld->file, n ? (int)xmlGetLineNo(n) : line, 0,
                    DC_SEV_ERROR, _(fmt), ap);
    va_end(ap);
    ld->failed = 1;
}
#define bad(ld, n, ...) bad_at(ld, n, 0, __VA_ARGS__)

static int
is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

/* Copies an attribute into the arena; NULL when absent. */
static const char *
attr(struct loader *ld, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = dc_arena_strdup(&ld->defs->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static int
int_attr(struct loader *ld, const xmlNode *n, const char *name, int dflt,
         int min, int max)
{
    const char *v = attr(ld, n, name);
    if (!v)
        return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || x < min || x > max) {
        bad(ld, n, N_("attribute %s=\"%s\" must be %d..%d"), name, v, min,
            max);
        return dflt;
    }
    return (int)x;
}

/* Text content with spaces removed, in the arena. */
static const char *
text_of(struct loader *ld, const xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    struct dc_buf b;
    dc_buf_init(&b);
    for (const char *p = v ? (const char *)v : ""; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            dc_buf_putc(&b, *p);
    xmlFree(v);
    const char *s = dc_arena_strdup(&ld->defs->arena, b.data ? b.data : "");
    dc_buf_free(&b);
    return s;
}

static const struct {
    const char *name;
    enum dc_col_role role;
} roles[] = {{"text", DC_COL_TEXT},   {"class", DC_COL_CLASS},
             {"kuan", DC_COL_KUAN},   {"xiang", DC_COL_XIANG},
             {"name", DC_COL_NAME},   {"item", DC_COL_ITEM},
             {"amount", DC_COL_AMOUNT}, {"label", DC_COL_LABEL}};

static void
read_columns(struct loader *ld, struct dc_tabledef *def, const xmlNode *cols)
{
    for (const xmlNode *c = cols->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(c, "col")) {
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, "columns");
            continue;
        }
        if (def->ncols == DC_MAX_COLS) {
            bad(ld, c, N_("more than %d columns"), DC_MAX_COLS);
            return;
        }
        struct dc_coldef *cd = &def->cols[def->ncols++];
        cd->key = attr(ld, c, "key");
        const char *role = attr(ld, c, "role");
        cd->width = int_attr(ld, c, "width", 100, 1, 10000);
        if (!cd->key || !*cd->key)
            bad(ld, c, N_("<col> needs a key"));
        for (int i = 0; cd->key && i < def->ncols - 1; i++)
            if (strcmp(def->cols[i].key, cd->key) == 0)
                bad(ld, c, N_("column key \"%s\" is used twice"), cd->key);
        int found = 0;
        for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
            if (strcmp(roles[i].name, role) == 0) {
                cd->role = roles[i].role;
                found = 1;
            }
        if (!found)
            bad(ld, c, N_("unknown column role \"%s\""), role ? role : "");
    }
    if (def->ncols == 0)
        bad(ld, cols, N_("<columns> lists no <col>"));
}

/* Header rows: checks that the cells of every row tile the grid exactly,
 * with placeholders exactly where a cell above reaches down. */
static void
read_header(struct loader *ld, struct dc_tabledef *def, const xmlNode *hdr)
{
    int nrows = 0;
    for (const xmlNode *r = hdr->children; r; r = r->next)
        if (is_elem(r, "row"))
            nrows++;
    def->header = dc_arena_alloc(&ld->defs->arena,
                                 sizeof(struct dc_hrow) * (size_t)(nrows + 1));
    /* reach[c] = rows still covered at column c by a cell from above */
    int reach[DC_MAX_COLS] = {0};
    for (const xmlNode *r = hdr->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(r, "row")) {
            bad(ld, r, N_("unexpected element <%s> in <%s>"),
                (const char *)r->name, "header");
            continue;
        }
        struct dc_hrow *hr = &def->header[def->nheader++];
        for (const xmlNode *c = r->children; c; c = c->next)
            if (is_elem(c, "cell"))
                hr->ncells++;
        hr->cells = dc_arena_alloc(&ld->defs->arena,
                                   sizeof(struct dc_hcell) *
                                       (size_t)(hr->ncells + 1));
        int i = 0, col = 0;
        for (const xmlNode *c = r->children; c; c = c->next) {
            if (!is_elem(c, "cell"))
                continue;
            struct dc_hcell *hc = &hr->cells[i++];
            hc->colspan = int_attr(ld, c, "colspan", 1, 1, DC_MAX_COLS);
            hc->rowspan = int_attr(ld, c, "rowspan", 1, 1, 8);
            hc->cont = int_attr(ld, c, "cont", 0, 0, 1);
            hc->label = text_of(ld, c);
            if (col + hc->colspan > def->ncols) {
                bad(ld, c, N_("header row is wider than the declared columns"));
                break;
            }
            for (int k = col; k < col + hc->colspan; k++) {
                if (hc->cont && reach[k] == 0)
                    bad(ld, c,
                        N_("placeholder cell where no cell above reaches down"));
                if (!hc->cont && reach[k] > 0)
                    bad(ld, c, N_("cell where a cell above reaches down: needs "
                               "cont=\"1\""));
                if (hc->cont)
                    reach[k]--;
                else
                    reach[k] = hc->rowspan - 1;
            }
            col += hc->colspan;
        }
        if (col != def->ncols && !ld->failed) {
            bad(ld, r, N_("header row covers %d of %d columns"), col,
                def->ncols);
        }
    }
    for (int k = 0; k < def->ncols; k++)
        if (reach[k] > 0)
            bad(ld, hdr, N_("a header cell reaches below the last row"));
    if (def->nheader == 0)
        bad(ld, hdr, N_("<header> lists no <row>"));
}

/* The header cells above grid column `col`, top down, into path (at most
 * max); returns how many. */
static int
header_path(const struct dc_tabledef *def, int col, const char **path,
            int max)
{
    int n = 0;
    for (int r = 0; r < def->nheader; r++) {
        int at = 0;
        for (int i = 0; i < def->header[r].ncells; i++) {
            const struct dc_hcell *hc = &def->header[r].cells[i];
            if (col >= at && col < at + hc->colspan && !hc->cont &&
                hc->label && hc->label[0] && n < max)
                path[n++] = hc->label;
            at += hc->colspan;
        }
    }
    return n;
}

/* Each column's name in messages (struct dc_tabledef.col_names). */
static void
name_columns(struct loader *ld, struct dc_tabledef *def)
{
    const char *path[DC_MAX_COLS][8];
    int n[DC_MAX_COLS];
    for (int c = 0; c < def->ncols; c++)
        n[c] = header_path(def, c, path[c], 8);
    for (int c = 0; c < def->ncols; c++) {
        if (!n[c])
            continue;
        const char *low = path[c][n[c] - 1];
        int twice = 0;
        for (int o = 0; o < def->ncols; o++)
            twice |= o != c && n[o] && strcmp(path[o][n[o] - 1], low) == 0;
        if (!twice || n[c] == 1) {
            def->col_names[c] = low;
            continue;
        }
        struct dc_buf b;
        dc_buf_init(&b);
        dc_buf_printf(&b, "%s%s", path[c][0], low);
        def->col_names[c] = dc_arena_strdup(&ld->defs->arena, b.data);
        dc_buf_free(&b);
    }
}

static void
read_patterns(struct loader *ld, struct dc_tabledef *def, const xmlNode *rows)
{
    int n = 0;
    for (const xmlNode *r = rows->children; r; r = r->next)
        if (is_elem(r, "row"))
            n++;
    def->pats = dc_arena_alloc(&ld->defs->arena,
                               sizeof(struct dc_rowpat) * (size_t)(n + 1));
    for (const xmlNode *r = rows->children; r; r = r->next) {
        if (r->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(r, "row")) {
            bad(ld, r, N_("unexpected element <%s> in <%s>"),
                (const char *)r->name, "rows");
            continue;
        }
        struct dc_rowpat *p = &def->pats[def->npats++];
        p->ncells = int_attr(ld, r, "cells", 1, 1, DC_MAX_COLS);
        p->match = attr(ld, r, "match");
        const char *role = attr(ld, r, "role");
        if (!role || strcmp(role, "body") == 0)
            p->role = DC_PAT_BODY;
        else if (strcmp(role, "title") == 0)
            p->role = DC_PAT_TITLE;
        else if (strcmp(role, "subtitle") == 0)
            p->role = DC_PAT_SUBTITLE;
        else if (strcmp(role, "header") == 0)
            p->role = DC_PAT_HEADER;
        else
            bad(ld, r, N_("unknown row role \"%s\""), role);
        const char *spans = attr(ld, r, "spans");
        int k = 0, sum = 0;
        for (const char *s = spans ? spans : ""; *s;) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || v < 1 || k == DC_MAX_COLS) {
                bad(ld, r, N_("bad spans=\"%s\""), spans);
                break;
            }
            p->spans[k++] = (int)v;
            sum += (int)v;
            s = end;
            while (*s == ' ')
                s++;
        }
        if (k != p->ncells || sum != def->ncols) {
            bad(ld, r, N_("spans must list %d spans summing to %d"),
                p->ncells, def->ncols);
        }
        const char *vm = attr(ld, r, "vmerge-empty");
        for (const char *s = vm ? vm : ""; *s;) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || v < 1 || v > def->ncols) {
                bad(ld, r, N_("bad vmerge-empty=\"%s\""), vm);
                break;
            }
            p->vmerge_empty |= 1u << (v - 1);
            s = end;
            while (*s == ' ')
                s++;
        }
    }
    if (def->npats == 0)
        bad(ld, rows, N_("<rows> lists no <row>"));
}

/* Splits a space-separated list into the arena: returns the count, at most
 * max (more is reported). */
static int
split_list(struct loader *ld, const xmlNode *n, const char *list,
           const char **out, int max)
{
    int k = 0;
    char *copy = dc_arena_strdup(&ld->defs->arena, list);
    for (char *p = copy; *p;) {
        size_t len = strcspn(p, " \t\n");
        char *next = p[len] ? p + len + 1 : p + len;
        p[len] = '\0';
        if (len) {
            if (k == max) {
                bad(ld, n, N_("more than %d names in \"%s\""), max, list);
                return k;
            }
            out[k++] = p;
        }
        p = next;
    }
    return k;
}

/* The grid column of an amount column named by `key` in <arithmetic>; -1
 * (reported) when there is none. */
static int
amount_col(struct loader *ld, const struct dc_tabledef *def, const xmlNode *n,
           const char *key)
{
    int col = dc_tabledef_col(def, key);
    if (col < 0)
        bad(ld, n, N_("no column has the key \"%s\""), key);
    else if (def->cols[col].role != DC_COL_AMOUNT)
        bad(ld, n, N_("column \"%s\" is not an amount column"), key);
    return col;
}

/* <sum total="total" parts="basic project"/>: the total column and its
 * parts, every one an amount column of this table, none twice. */
static void
read_sum(struct loader *ld, struct dc_tabledef *def, const xmlNode *n,
         struct dc_sumdef *sd)
{
    memset(sd, 0, sizeof *sd);
    sd->line = (int)xmlGetLineNo(n);
    const char *total = attr(ld, n, "total");
    const char *parts = attr(ld, n, "parts");
    if (!total || !parts) {
        bad(ld, n, N_("<sum> needs total=\"…\" and parts=\"…\""));
        return;
    }
    sd->total = amount_col(ld, def, n, total);
    const char *keys[DC_MAX_COLS];
    int nkeys = split_list(ld, n, parts, keys, DC_MAX_COLS);
    for (int k = 0; k < nkeys; k++) {
        int col = amount_col(ld, def, n, keys[k]);
        if (col < 0)
            continue;
        int dup = col == sd->total;
        for (int i = 0; i < sd->nparts; i++)
            dup |= sd->parts[i] == col;
        if (dup)
            bad(ld, n, N_("a column appears twice in this <sum>"));
        else
            sd->parts[sd->nparts++] = col;
    }
    if (sd->nparts == 0)
        bad(ld, n, N_("<sum> lists no parts"));
}

/* <arithmetic>: what the checker verifies inside the table. */
static void
read_arithmetic(struct loader *ld, struct dc_tabledef *def, const xmlNode *ar)
{
    int n = 0;
    for (const xmlNode *c = ar->children; c; c = c->next)
        n += is_elem(c, "sum");
    def->sums = dc_arena_alloc(&ld->defs->arena,
                               sizeof *def->sums * (size_t)(n ? n : 1));
    for (const xmlNode *c = ar->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "sum")) {
            read_sum(ld, def, c, &def->sums[def->nsums++]);
        } else if (is_elem(c, "hierarchy")) {
            const char *by = attr(ld, c, "by");
            if (!by || strcmp(by, "code") == 0)
                def->arith |= DC_ARITH_HIER;
            else if (strcmp(by, "sangong") == 0)
                def->arith |= DC_ARITH_ITEMS;
            else
                bad(ld, c, N_("<hierarchy by=\"%s\">: by is code or sangong"),
                    by);
        } else if (is_elem(c, "total-row")) {
            def->arith |= DC_ARITH_TOTAL_ROW;
        } else if (is_elem(c, "side")) {
            def->arith |= DC_ARITH_SIDE;
            def->side_income = attr(ld, c, "income");
            def->side_expense = attr(ld, c, "expense");
            if (!def->side_income || !def->side_expense)
                bad(ld, c, N_("<side> needs income=\"…\" and expense=\"…\""));
            else {
                amount_col(ld, def, c, def->side_income);
                amount_col(ld, def, c, def->side_expense);
            }
        } else {
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, "arithmetic");
        }
    }
    for (int i = 0; i < def->nsums; i++)
        for (int j = 0; j < i; j++)
            if (def->sums[i].total >= 0 &&
                def->sums[i].total == def->sums[j].total)
                bad_at(ld, NULL, def->sums[i].line,
                       N_("a second <sum> for the column \"%s\" (the first "
                          "is at line %d)"),
                       def->cols[def->sums[i].total].key, def->sums[j].line);
}

static void
read_def(struct loader *ld, struct dc_tabledef *def, const xmlNode *root,
         const char *id)
{
    def->set = ld->defs;
    def->id = dc_arena_strdup(&ld->defs->arena, id);
    def->file = ld->file;
    int is_form = is_elem(root, "form");
    if (!is_form && !is_elem(root, "table")) {
        bad(ld, root, N_("the root element must be <table> or <form>, not <%s>"),
            (const char *)root->name);
        return;
    }
    if (is_form) {
        const char *kind = attr(ld, root, "kind");
        if (kind && strcmp(kind, "dept") == 0)
            def->kind = DC_TABLE_FORM_DEPT;
        else if (kind && strcmp(kind, "project") == 0)
            def->kind = DC_TABLE_FORM_PROJECT;
        else
            bad(ld, root, N_("<form> needs kind=\"dept\" or \"project\""));
    } else {
        def->kind = DC_TABLE_NUMBERED;
        def->number = int_attr(ld, root, "number", 0, 1, 99);
        if (def->number == 0)
            bad(ld, root, N_("<table> needs a number"));
        def->role = attr(ld, root, "role");
        def->role_line = (int)xmlGetLineNo(root);
    }
    const char *orient = attr(ld, root, "orientation");
    if (!orient || strcmp(orient, "portrait") == 0)
        def->landscape = 0;
    else if (strcmp(orient, "landscape") == 0)
        def->landscape = 1;
    else
        bad(ld, root, N_("orientation must be portrait or landscape, not \"%s\""),
            orient);
    def->font_size = int_attr(ld, root, "font-size", 105, 60, 220);

    int nmatch = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (is_elem(c, "match"))
            nmatch++;
    def->match = dc_arena_alloc(&ld->defs->arena,
                                sizeof(char *) * (size_t)(nmatch + 1));
    const xmlNode *cols = NULL, *hdr = NULL, *rows = NULL, *arith = NULL;
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "match"))
            def->match[def->nmatch++] = text_of(ld, c);
        else if (is_elem(c, "columns"))
            cols = c;
        else if (is_elem(c, "header") && !is_form)
            hdr = c;
        else if (is_elem(c, "rows") && is_form)
            rows = c;
        else if (is_elem(c, "arithmetic") && !is_form && !arith)
            arith = c;
        else
            bad(ld, c, N_("unexpected element <%s>"), (const char *)c->name);
    }
    if (def->nmatch == 0)
        bad(ld, root, N_("no <match> title given"));
    if (!cols) {
        bad(ld, root, N_("no <columns> given"));
        return;
    }
    read_columns(ld, def, cols);
    if (ld->failed)
        return;
    if (is_form) {
        if (!rows)
            bad(ld, root, N_("a <form> needs <rows>"));
        else
            read_patterns(ld, def, rows);
    } else {
        if (!hdr)
            bad(ld, root, N_("a <table> needs <header>"));
        else
            read_header(ld, def, hdr);
        if (!ld->failed)
            name_columns(ld, def);
        if (arith)
            read_arithmetic(ld, def, arith);
    }
}

static int
wanted(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".xml") == 0 &&
           (strncmp(name, "table-", 6) == 0 || strncmp(name, "form-", 5) == 0);
}

/* Loads one file; returns 0 when it could not be used. */
static int
load_file(struct loader *ld, const char *path, const char *name,
          struct dc_tabledef *def)
{
    ld->file = dc_arena_strdup(&ld->defs->arena, path);
    xmlDocPtr x;
    if (dc_xml_read(path, N_("layout file"), layouts_todo, ld->diag, &x) !=
        DC_OK) {
        ld->failed = 1; /* a layout that cannot be read fails the load */
        return 0;
    }
    char id[256];
    snprintf(id, sizeof id, "%.*s", (int)(strlen(name) - 4), name);
    int before = ld->failed;
    ld->failed = 0;
    read_def(ld, def, xmlDocGetRootElement(x), id);
    int ok = !ld->failed;
    ld->failed = before || ld->failed;
    xmlFreeDoc(x);
    return ok;
}

/* ---- identities.xml ---- */

static int
has_role(const struct dc_tabledefs *defs, const char *role)
{
    for (int i = 0; i < defs->nroles; i++)
        if (strcmp(defs->roles[i], role) == 0)
            return 1;
    return 0;
}

/* The layout of a role named in identities.xml; NULL (reported) when the
 * role is not declared or no layout is its table. */
static const struct dc_tabledef *
id_table(struct loader *ld, const xmlNode *n, const char *role)
{
    if (!has_role(ld->defs, role)) {
        bad(ld, n, N_("unknown role \"%s\" (not declared by a <role>)"),
            role);
        return NULL;
    }
    const struct dc_tabledef *d = dc_tabledefs_role(ld->defs, role);
    if (!d)
        bad(ld, n, N_("no layout is the table of role \"%s\""), role);
    return d;
}

/* <part table="…" column="…" [row="…" | code="…"]/> (or a <figure>'s own
 * attributes) */
static void
read_part(struct loader *ld, const xmlNode *n, struct dc_idpart *pt)
{
    const char *table = attr(ld, n, "table");
    const char *cols = attr(ld, n, "column");
    if (!table || !cols) {
        bad(ld, n, N_("<%s> needs table=\"…\" and column=\"…\""),
            (const char *)n->name);
        return;
    }
    pt->table = table;
    pt->row = attr(ld, n, "row");
    pt->code = attr(ld, n, "code");
    pt->ncols = split_list(ld, n, cols, pt->cols, DC_ID_MAX_COLS);
    const struct dc_tabledef *d = id_table(ld, n, table);
    for (int k = 0; d && k < pt->ncols; k++) {
        int col = dc_tabledef_col(d, pt->cols[k]);
        if (col < 0)
            bad(ld, n, N_("the table of role \"%s\" (%s) has no column "
                          "\"%s\""),
                table, d->id, pt->cols[k]);
        else if (d->cols[col].role != DC_COL_AMOUNT)
            bad(ld, n, N_("column \"%s\" of %s is not an amount column"),
                pt->cols[k], d->id);
        for (int j = 0; j < k; j++)
            if (strcmp(pt->cols[j], pt->cols[k]) == 0)
                bad(ld, n, N_("column \"%s\" is named twice"), pt->cols[k]);
    }
    if (pt->ncols == 0)
        bad(ld, n, N_("<%s> needs table=\"…\" and column=\"…\""),
            (const char *)n->name);
}

static int
same_part(const struct dc_idpart *a, const struct dc_idpart *b)
{
    if (!a->table || !b->table || strcmp(a->table, b->table) != 0 ||
        a->ncols != b->ncols || !a->row != !b->row || !a->code != !b->code ||
        (a->row && strcmp(a->row, b->row) != 0) ||
        (a->code && strcmp(a->code, b->code) != 0))
        return 0;
    for (int k = 0; k < a->ncols; k++)
        if (strcmp(a->cols[k], b->cols[k]) != 0)
            return 0;
    return 1;
}

/* <figure table="…" column="…"/> or <figure><part …/>…</figure> */
static void
read_figure(struct loader *ld, const xmlNode *n, struct dc_idfigure *f)
{
    memset(f, 0, sizeof *f);
    f->line = (int)xmlGetLineNo(n);
    f->label = attr(ld, n, "label");
    const char *opt = attr(ld, n, "optional");
    f->optional = opt && strcmp(opt, "yes") == 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!is_elem(c, "part")) {
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, (const char *)n->name);
            continue;
        }
        if (f->nparts == DC_ID_MAX_PARTS) {
            bad(ld, c, N_("more than %d <part> in a <figure>"),
                DC_ID_MAX_PARTS);
            return;
        }
        read_part(ld, c, &f->parts[f->nparts++]);
    }
    if (!f->nparts) {
        read_part(ld, n, &f->parts[0]);
        f->nparts = 1;
    } else if (xmlHasProp(n, (const xmlChar *)"table")) {
        bad(ld, n, N_("a <figure> has table=\"…\" or <part>s, not both"));
    }
    for (int i = 0; i < f->nparts; i++)
        for (int j = 0; j < i; j++)
            if (same_part(&f->parts[i], &f->parts[j]))
                bad(ld, n, N_("the same part twice in one <figure>"));
    f->when_blank = attr(ld, n, "when-blank");
    const struct dc_tabledef *d =
        f->when_blank && f->parts[0].table
            ? dc_tabledefs_role(ld->defs, f->parts[0].table)
            : NULL;
    if (d && dc_tabledef_col(d, f->when_blank) < 0)
        bad(ld, n, N_("the table of role \"%s\" (%s) has no column \"%s\""),
            f->parts[0].table, d->id, f->when_blank);
}

static int
count_elems(const xmlNode *n, const char *name)
{
    int k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        k += is_elem(c, name);
    return k;
}

static void
read_vote(struct loader *ld, const xmlNode *n, struct dc_identity *id)
{
    const char *by = attr(ld, n, "by");
    if (!by)
        bad(ld, n, N_("<vote> needs by=\"class\" or by=\"total\""));
    else if (strcmp(by, "class") == 0)
        id->kind = DC_ID_CLASS;
    else if (strcmp(by, "total") == 0)
        id->kind = DC_ID_TOTAL;
    else
        bad(ld, n, N_("<vote by=\"%s\">: by is class or total"), by);
    struct dc_arena *a = &ld->defs->arena;
    id->figs = dc_arena_alloc(a, sizeof *id->figs *
                                     (size_t)(count_elems(n, "figure") + 1));
    id->zero = dc_arena_alloc(a, sizeof *id->zero *
                                     (size_t)(count_elems(n, "if-zero") + 1));
    id->equal = dc_arena_alloc(
        a, sizeof *id->equal * (size_t)(2 * count_elems(n, "if-equal") + 2));
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "figure")) {
            struct dc_idfigure *f = &id->figs[id->nfigs];
            read_figure(ld, c, f);
            for (int j = 0; j < id->nfigs; j++)
                if (f->nparts == 1 && id->figs[j].nparts == 1 &&
                    same_part(&f->parts[0], &id->figs[j].parts[0]))
                    bad(ld, c, N_("this figure is already in this identity "
                                  "(line %d)"),
                        id->figs[j].line);
            id->nfigs++;
        } else if (is_elem(c, "if-zero") && id->kind == DC_ID_CLASS) {
            read_figure(ld, c, &id->zero[id->nzero++]);
        } else if (is_elem(c, "if-equal") && id->kind == DC_ID_CLASS) {
            int k = 0;
            for (const xmlNode *e = c->children; e; e = e->next) {
                if (!is_elem(e, "figure"))
                    continue;
                if (k < 2)
                    read_figure(ld, e, &id->equal[2 * id->nequal + k]);
                k++;
            }
            if (k != 2)
                bad(ld, c, N_("<if-equal> holds two <figure>s, not %d"), k);
            else
                id->nequal++;
        } else {
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, (const char *)n->name);
        }
    }
    if (id->nfigs < 2)
        bad(ld, n, N_("<%s> needs at least two <figure>s"),
            (const char *)n->name);
    if (id->nfigs > DC_ID_MAX_FIGS)
        bad(ld, n, N_("more than %d <figure>s in one identity"),
            DC_ID_MAX_FIGS);
}

static void
read_match(struct loader *ld, const xmlNode *n, struct dc_identity *id)
{
    id->kind = DC_ID_MATCH;
    const char *round = attr(ld, n, "round");
    id->round = round && strcmp(round, "yes") == 0;
    id->figs = dc_arena_alloc(&ld->defs->arena, sizeof *id->figs * 2);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "figure") && id->nfigs < 2)
            read_figure(ld, c, &id->figs[id->nfigs++]);
        else
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, (const char *)n->name);
    }
    if (id->nfigs != 2)
        bad(ld, n, N_("<match> holds two <figure>s: the one checked and the "
                      "one it must equal"));
}

static void
read_codes(struct loader *ld, const xmlNode *n, struct dc_identity *id)
{
    id->kind = DC_ID_CODES;
    const char *tables = attr(ld, n, "tables");
    id->within = attr(ld, n, "within");
    const char *point = attr(ld, n, "point");
    id->at_row = point && strcmp(point, "row") == 0;
    if (point && !id->at_row && strcmp(point, "code") != 0)
        bad(ld, n, N_("point=\"%s\": point is code or row"), point);
    if (!tables || !id->within) {
        bad(ld, n, N_("<codes> needs tables=\"…\" and within=\"…\""));
        return;
    }
    id->tables = dc_arena_alloc(&ld->defs->arena, sizeof(char *) * 16);
    id->ntables = split_list(ld, n, tables, id->tables, 16);
    for (int k = 0; k < id->ntables; k++) {
        id_table(ld, n, id->tables[k]);
        for (int j = 0; j < k; j++)
            if (strcmp(id->tables[j], id->tables[k]) == 0)
                bad(ld, n, N_("role \"%s\" is named twice"), id->tables[k]);
    }
    id_table(ld, n, id->within);
    const char *confirm = attr(ld, n, "confirm");
    if (confirm) {
        id->confirm = dc_arena_alloc(&ld->defs->arena, sizeof(char *) * 16);
        id->nconfirm = split_list(ld, n, confirm, id->confirm, 16);
        for (int k = 0; k < id->nconfirm; k++)
            id_table(ld, n, id->confirm[k]);
    }
}

/* identities.xml: the roles, then the identities. */
static void
read_identities(struct loader *ld, const xmlNode *root)
{
    struct dc_tabledefs *defs = ld->defs;
    if (!is_elem(root, "identities")) {
        bad(ld, root, N_("the root element must be <identities>, not <%s>"),
            (const char *)root->name);
        return;
    }
    int nroles = count_elems(root, "role"), nids = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        nids += c->type == XML_ELEMENT_NODE && !is_elem(c, "role");
    defs->roles = dc_arena_alloc(&defs->arena,
                                 sizeof(char *) * (size_t)(nroles + 1));
    defs->ids = dc_arena_alloc(&defs->arena,
                               sizeof *defs->ids * (size_t)(nids + 1));
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (!is_elem(c, "role"))
            continue;
        const char *name = attr(ld, c, "name");
        if (!name || !*name)
            bad(ld, c, N_("<role> needs name=\"…\""));
        else if (has_role(defs, name))
            bad(ld, c, N_("role \"%s\" is declared twice"), name);
        else
            defs->roles[defs->nroles++] = name;
    }
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_elem(c, "role"))
            continue;
        if (!is_elem(c, "vote") && !is_elem(c, "match") &&
            !is_elem(c, "codes")) {
            bad(ld, c, N_("unexpected element <%s> in <%s>"),
                (const char *)c->name, "identities");
            continue;
        }
        struct dc_identity *id = &defs->ids[defs->nids++];
        memset(id, 0, sizeof *id);
        id->line = (int)xmlGetLineNo(c);
        id->rule = attr(ld, c, "rule");
        if (!id->rule || !*id->rule)
            bad(ld, c, N_("<%s> needs rule=\"…\" (the checker's rule id)"),
                (const char *)c->name);
        if (is_elem(c, "vote"))
            read_vote(ld, c, id);
        else if (is_elem(c, "match"))
            read_match(ld, c, id);
        else
            read_codes(ld, c, id);
    }
}

/* Reads dir/identities.xml when there is one; then every layout's role must
 * be one it declares. */
static void
load_identities(struct loader *ld, const char *dir)
{
    struct dc_buf path;
    dc_buf_init(&path);
    dc_buf_printf(&path, "%s/identities.xml", dir);
    ld->file = dc_arena_strdup(&ld->defs->arena, path.data);
    dc_buf_free(&path);
    xmlDocPtr x;
    if (dc_xml_read(ld->file, N_("layout file"), layouts_todo, ld->diag,
                    &x) != DC_OK) {
        ld->failed = 1;
        return;
    }
    ld->defs->id_file = ld->file;
    read_identities(ld, xmlDocGetRootElement(x));
    xmlFreeDoc(x);
    for (int i = 0; i < ld->defs->n; i++) {
        const struct dc_tabledef *d = &ld->defs->defs[i];
        if (d->role && !has_role(ld->defs, d->role))
            dc_diag_report(ld->diag, d->file, d->role_line, 0, DC_SEV_ERROR,
                           _("unknown role \"%s\" (%s declares no such "
                             "<role>)"),
                           d->role, ld->defs->id_file);
        ld->failed |= d->role && !has_role(ld->defs, d->role);
    }
}

struct dc_tabledefs *
dc_tabledefs_load(const char *dir, struct dc_diag *diag)
{
    size_t n = 0;
    char **names = dc_list_dir(dir, ".xml", &n);
    if (!names) {
        dc_xml_unreadable(diag, dir, N_("layouts folder"), layouts_todo);
        return NULL;
    }

    struct dc_tabledefs *defs = dc_xcalloc(1, sizeof(*defs));
    dc_arena_init(&defs->arena);
    defs->dir = dc_arena_strdup(&defs->arena, dir);
    defs->defs = dc_arena_alloc(&defs->arena,
                                sizeof(struct dc_tabledef) * (n + 1));
    struct loader ld = {defs, diag, NULL, 0};
    for (size_t i = 0; i < n; i++) {
        if (!wanted(names[i]))
            continue;
        struct dc_buf path;
        dc_buf_init(&path);
        dc_buf_printf(&path, "%s/%s", dir, names[i]);
        if (load_file(&ld, path.data, names[i], &defs->defs[defs->n]))
            defs->n++;
        dc_buf_free(&path);
    }
    int have_ids = 0;
    for (size_t i = 0; i < n; i++)
        have_ids |= strcmp(names[i], "identities.xml") == 0;
    dc_list_free(names);
    for (int i = 0; i < defs->n && !ld.failed; i++)
        for (int j = i + 1; j < defs->n; j++)
            if (defs->defs[i].kind == DC_TABLE_NUMBERED &&
                defs->defs[j].kind == DC_TABLE_NUMBERED &&
                defs->defs[i].number == defs->defs[j].number) {
                dc_diag_report(diag, defs->defs[j].file, 0, 0, DC_SEV_ERROR,
                               _("table %d is described twice (also in %s)"),
                               defs->defs[j].number, defs->defs[i].file);
                ld.failed = 1;
            } else if (defs->defs[i].role && defs->defs[j].role &&
                       strcmp(defs->defs[i].role, defs->defs[j].role) == 0) {
                dc_diag_report(diag, defs->defs[j].file, 0, 0, DC_SEV_ERROR,
                               _("role \"%s\" is given twice (also in %s)"),
                               defs->defs[j].role, defs->defs[i].file);
                ld.failed = 1;
            }
    if (!ld.failed && have_ids)
        load_identities(&ld, dir);
    if (!ld.failed && defs->n == 0) {
        dc_diag_report(diag, dir, 0, 0, DC_SEV_ERROR,
                       _("no table-*.xml or form-*.xml layout files here"));
        ld.failed = 1;
    }
    if (ld.failed) {
        dc_tabledefs_free(defs);
        return NULL;
    }
    return defs;
}

void
dc_tabledefs_free(struct dc_tabledefs *defs)
{
    if (!defs)
        return;
    dc_arena_release(&defs->arena);
    free(defs);
}

const struct dc_tabledef *
dc_tabledefs_find(const struct dc_tabledefs *defs, const char *title, int kind)
{
    /* the title without its blanks, once for every match list */
    struct dc_buf sq;
    dc_buf_init(&sq);
    dc_squeeze(title, &sq);
    const struct dc_tabledef *found = NULL;
    for (int i = 0; i < defs->n && !found; i++) {
        const struct dc_tabledef *d = &defs->defs[i];
        if (kind >= 0 && d->kind != kind)
            continue;
        for (int j = 0; j < d->nmatch && !found; j++)
            if (strcmp(sq.data, d->match[j]) == 0)
                found = d;
    }
    dc_buf_free(&sq);
    return found;
}

const struct dc_tabledef *
dc_tabledefs_number(const struct dc_tabledefs *defs, int number)
{
    for (int i = 0; i < defs->n; i++)
        if (defs->defs[i].kind == DC_TABLE_NUMBERED &&
            defs->defs[i].number == number)
            return &defs->defs[i];
    return NULL;
}

const struct dc_tabledef *
dc_tabledefs_role(const struct dc_tabledefs *defs, const char *role)
{
    for (int i = 0; i < defs->n; i++)
        if (defs->defs[i].role && strcmp(defs->defs[i].role, role) == 0)
            return &defs->defs[i];
    return NULL;
}

int
dc_tabledef_col(const struct dc_tabledef *def, const char *key)
{
    /* the first byte rules out most columns without a call (check asks
     * this for every value it reads) */
    for (int i = 0; i < def->ncols; i++)
        if (def->cols[i].key[0] == key[0] && strcmp(def->cols[i].key, key) == 0)
            return i;
    return -1;
}

const char *
dc_tabledef_col_label(const struct dc_tabledef *def, int col)
{
    const char *label = NULL;
    if (!def || col < 0 || col >= def->ncols)
        return NULL;
    for (int r = 0; r < def->nheader; r++) {
        int at = 0;
        for (int i = 0; i < def->header[r].ncells; i++) {
            const struct dc_hcell *hc = &def->header[r].cells[i];
            if (col >= at && col < at + hc->colspan && !hc->cont &&
                hc->label && hc->label[0])
                label = hc->label;
            at += hc->colspan;
        }
    }
    return label;
}
