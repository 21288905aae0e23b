/* Reads the table and form descriptions of layouts/ with libxml2. */
#include "tabledef.h"
#include "model.h"
#include "i18n.h"
#include "xmlread.h"

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

static void
bad(struct loader *ld, const xmlNode *n, const char *fmt, const char *arg)
{
    dc_diag_report(ld->diag, ld->file, n ? (int)xmlGetLineNo(n) : 0, 0,
                   DC_SEV_ERROR, fmt, arg);
    ld->failed = 1;
}

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
        char msg[160];
        snprintf(msg, sizeof msg, "attribute %s=\"%s\" must be %d..%d", name,
                 v, min, max);
        bad(ld, n, "%s", msg);
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
            bad(ld, c, "unexpected element <%s> in <columns>",
                (const char *)c->name);
            continue;
        }
        if (def->ncols == DC_MAX_COLS) {
            bad(ld, c, "more than %s columns", "32");
            return;
        }
        struct dc_coldef *cd = &def->cols[def->ncols++];
        cd->key = attr(ld, c, "key");
        const char *role = attr(ld, c, "role");
        cd->width = int_attr(ld, c, "width", 100, 1, 10000);
        if (!cd->key || !*cd->key)
            bad(ld, c, "<col> needs a key%s", "");
        for (int i = 0; cd->key && i < def->ncols - 1; i++)
            if (strcmp(def->cols[i].key, cd->key) == 0)
                bad(ld, c, "column key \"%s\" is used twice", cd->key);
        int found = 0;
        for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
            if (strcmp(roles[i].name, role) == 0) {
                cd->role = roles[i].role;
                found = 1;
            }
        if (!found)
            bad(ld, c, "unknown column role \"%s\"", role ? role : "");
    }
    if (def->ncols == 0)
        bad(ld, cols, "<columns> lists no <col>%s", "");
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
            bad(ld, r, "unexpected element <%s> in <header>",
                (const char *)r->name);
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
                bad(ld, c, "header row is wider than the %s columns",
                    "declared");
                break;
            }
            for (int k = col; k < col + hc->colspan; k++) {
                if (hc->cont && reach[k] == 0)
                    bad(ld, c, "placeholder cell where no cell above %s",
                        "reaches down");
                if (!hc->cont && reach[k] > 0)
                    bad(ld, c, "cell where a cell above reaches down: %s",
                        "needs cont=\"1\"");
                if (hc->cont)
                    reach[k]--;
                else
                    reach[k] = hc->rowspan - 1;
            }
            col += hc->colspan;
        }
        if (col != def->ncols && !ld->failed) {
            char msg[64];
            snprintf(msg, sizeof msg, "%d of %d", col, def->ncols);
            bad(ld, r, "header row covers %s columns", msg);
        }
    }
    for (int k = 0; k < def->ncols; k++)
        if (reach[k] > 0)
            bad(ld, hdr, "a header cell reaches below the last %s", "row");
    if (def->nheader == 0)
        bad(ld, hdr, "<header> lists no <row>%s", "");
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
            bad(ld, r, "unexpected element <%s> in <rows>",
                (const char *)r->name);
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
            bad(ld, r, "unknown row role \"%s\"", role);
        const char *spans = attr(ld, r, "spans");
        int k = 0, sum = 0;
        for (const char *s = spans ? spans : ""; *s;) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || v < 1 || k == DC_MAX_COLS) {
                bad(ld, r, "bad spans=\"%s\"", spans);
                break;
            }
            p->spans[k++] = (int)v;
            sum += (int)v;
            s = end;
            while (*s == ' ')
                s++;
        }
        if (k != p->ncells || sum != def->ncols) {
            char msg[96];
            snprintf(msg, sizeof msg, "%d spans summing to %d", p->ncells,
                     def->ncols);
            bad(ld, r, "spans must list %s", msg);
        }
        const char *vm = attr(ld, r, "vmerge-empty");
        for (const char *s = vm ? vm : ""; *s;) {
            char *end;
            long v = strtol(s, &end, 10);
            if (end == s || v < 1 || v > def->ncols) {
                bad(ld, r, "bad vmerge-empty=\"%s\"", vm);
                break;
            }
            p->vmerge_empty |= 1u << (v - 1);
            s = end;
            while (*s == ' ')
                s++;
        }
    }
    if (def->npats == 0)
        bad(ld, rows, "<rows> lists no <row>%s", "");
}

/* The grid column of an amount column named by `key` in <arithmetic>; -1
 * (reported) when there is none. */
static int
amount_col(struct loader *ld, const struct dc_tabledef *def, const xmlNode *n,
           const char *key)
{
    int col = dc_tabledef_col(def, key);
    if (col < 0)
        bad(ld, n, "no column has the key \"%s\"", key);
    else if (def->cols[col].role != DC_COL_AMOUNT)
        bad(ld, n, "column \"%s\" is not an amount column", key);
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
        bad(ld, n, "<sum> needs total=\"…\" and parts=\"…\"%s", "");
        return;
    }
    sd->total = amount_col(ld, def, n, total);
    char *list = dc_arena_strdup(&ld->defs->arena, parts);
    for (char *k = list; *k;) {
        size_t len = strcspn(k, " \t\n");
        char *next = k[len] ? k + len + 1 : k + len;
        k[len] = '\0';
        if (!len) {
            k = next;
            continue;
        }
        int col = amount_col(ld, def, n, k);
        k = next;
        if (col < 0)
            continue;
        int dup = col == sd->total;
        for (int i = 0; i < sd->nparts; i++)
            dup |= sd->parts[i] == col;
        if (dup)
            bad(ld, n, "a column appears twice in this <sum>%s", "");
        else
            sd->parts[sd->nparts++] = col;
    }
    if (sd->nparts == 0)
        bad(ld, n, "<sum> lists no parts%s", "");
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
                bad(ld, c, "<hierarchy by=\"%s\">: by is code or sangong",
                    by);
        } else if (is_elem(c, "total-row")) {
            def->arith |= DC_ARITH_TOTAL_ROW;
        } else if (is_elem(c, "side")) {
            def->arith |= DC_ARITH_SIDE;
            def->side_income = attr(ld, c, "income");
            def->side_expense = attr(ld, c, "expense");
            if (!def->side_income || !def->side_expense)
                bad(ld, c, "<side> needs income=\"…\" and expense=\"…\"%s",
                    "");
            else {
                amount_col(ld, def, c, def->side_income);
                amount_col(ld, def, c, def->side_expense);
            }
        } else {
            bad(ld, c, "unexpected element <%s> in <arithmetic>",
                (const char *)c->name);
        }
    }
}

static void
read_def(struct loader *ld, struct dc_tabledef *def, const xmlNode *root,
         const char *id)
{
    def->id = dc_arena_strdup(&ld->defs->arena, id);
    def->file = ld->file;
    int is_form = is_elem(root, "form");
    if (!is_form && !is_elem(root, "table")) {
        bad(ld, root, "the root element must be <table> or <form>, not <%s>",
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
            bad(ld, root, "<form> needs kind=\"dept\" or \"project\"%s", "");
    } else {
        def->kind = DC_TABLE_NUMBERED;
        def->number = int_attr(ld, root, "number", 0, 1, 99);
        if (def->number == 0)
            bad(ld, root, "<table> needs a number%s", "");
        def->role = attr(ld, root, "role");
    }
    const char *orient = attr(ld, root, "orientation");
    if (!orient || strcmp(orient, "portrait") == 0)
        def->landscape = 0;
    else if (strcmp(orient, "landscape") == 0)
        def->landscape = 1;
    else
        bad(ld, root, "orientation must be portrait or landscape, not \"%s\"",
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
            bad(ld, c, "unexpected element <%s>", (const char *)c->name);
    }
    if (def->nmatch == 0)
        bad(ld, root, "no <match> title given%s", "");
    if (!cols) {
        bad(ld, root, "no <columns> given%s", "");
        return;
    }
    read_columns(ld, def, cols);
    if (ld->failed)
        return;
    if (is_form) {
        if (!rows)
            bad(ld, root, "a <form> needs <rows>%s", "");
        else
            read_patterns(ld, def, rows);
    } else {
        if (!hdr)
            bad(ld, root, "a <table> needs <header>%s", "");
        else
            read_header(ld, def, hdr);
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
                               "role \"%s\" is given twice (also in %s)",
                               defs->defs[j].role, defs->defs[i].file);
                ld.failed = 1;
            }
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

/* a, its blanks removed, equals b */
static int
same_without_spaces(const char *a, const char *b)
{
    struct dc_buf s;
    dc_buf_init(&s);
    dc_squeeze(a, &s);
    int eq = strcmp(s.data, b) == 0;
    dc_buf_free(&s);
    return eq;
}

const struct dc_tabledef *
dc_tabledefs_find(const struct dc_tabledefs *defs, const char *title, int kind)
{
    for (int i = 0; i < defs->n; i++) {
        const struct dc_tabledef *d = &defs->defs[i];
        if (kind >= 0 && d->kind != kind)
            continue;
        for (int j = 0; j < d->nmatch; j++)
            if (same_without_spaces(title, d->match[j]))
                return d;
    }
    return NULL;
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

int
dc_tabledef_col(const struct dc_tabledef *def, const char *key)
{
    for (int i = 0; i < def->ncols; i++)
        if (strcmp(def->cols[i].key, key) == 0)
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
