/* Reads fonts/fontmap.xml with libxml2 and validates it element by
 * element, so that a mistake in the map is reported with its line. */
#include "fontmap.h"
#include "i18n.h"
#include "xmlread.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static const char *const role_names[DC_FONTMAP_NROLES] = {
    "song", "hei", "kai", "title", "latin"};

const char *
dc_fontmap_default_path(void)
{
    return dc_data_path(DC_DATA_FONTMAP);
}

int
dc_fontmap_role(const char *name)
{
    for (int i = 0; i < DC_FONTMAP_NROLES; i++)
        if (name && strcmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

const char *
dc_fontmap_role_name(int role)
{
    return role >= 0 && role < DC_FONTMAP_NROLES ? role_names[role] : "?";
}

struct reader {
    struct dc_fontmap *m;
    struct dc_diag *diag;
    const char *dir; /* folder of the map, with a trailing '/', or "" */
    int failed;
};

static void bad(struct reader *rd, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad(struct reader *rd, const xmlNode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_diag_vreport(rd->diag, rd->m->file, n ? (int)xmlGetLineNo(n) : 0, 0,
                    DC_SEV_ERROR, fmt, ap);
    va_end(ap);
    rd->failed = 1;
}

static int
is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

/* Only whitespace text and comments may sit between the elements. */
static int
ignorable(const xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        return 1;
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
        return 0;
    for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

/* Reports attributes of `n` not in the NULL-terminated `allowed`. */
static void
check_attrs(struct reader *rd, const xmlNode *n, const char *const *allowed)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        int ok = 0;
        for (const char *const *p = allowed; *p; p++)
            if (strcmp((const char *)a->name, *p) == 0)
                ok = 1;
        if (!ok)
            bad(rd, n, _("<%s> has no attribute '%s'"), (const char *)n->name,
                (const char *)a->name);
    }
}

/* Copies an attribute into the arena; NULL when absent. */
static const char *
attr(struct reader *rd, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = dc_arena_strdup(&rd->m->arena, (const char *)v);
    xmlFree(v);
    return s;
}

static void
read_word(struct reader *rd, struct dc_fontrole *r, const xmlNode *n)
{
    static const char *const allowed[] = {"east-asia", "ascii", "alt", NULL};
    check_attrs(rd, n, allowed);
    if (r->word_east_asia || r->word_ascii)
        bad(rd, n, _("role '%s' has more than one <word>"), r->name);
    r->word_east_asia = attr(rd, n, "east-asia");
    r->word_ascii = attr(rd, n, "ascii");
    r->word_alt = attr(rd, n, "alt");
    if (!r->word_east_asia && !r->word_ascii)
        bad(rd, n, _("<word> needs east-asia=\"…\" or ascii=\"…\""));
    if ((r->word_east_asia && !*r->word_east_asia) ||
        (r->word_ascii && !*r->word_ascii) || (r->word_alt && !*r->word_alt))
        bad(rd, n, _("<word> names an empty font"));
}

static void
read_file(struct reader *rd, struct dc_fontrole *r, const xmlNode *n,
          struct dc_fontfile *f)
{
    static const char *const allowed[] = {"path", "index", NULL};
    check_attrs(rd, n, allowed);
    f->line = (int)xmlGetLineNo(n);
    const char *path = attr(rd, n, "path");
    if (!path || !*path) {
        bad(rd, n, _("<file> of role '%s' needs path=\"…\""), r->name);
        path = "";
    }
    if (path[0] == '/' || !*path) {
        f->path = path;
    } else {
        size_t a = strlen(rd->dir), b = strlen(path);
        char *p = dc_arena_alloc(&rd->m->arena, a + b + 1);
        memcpy(p, rd->dir, a);
        memcpy(p + a, path, b + 1);
        f->path = p;
    }
    const char *idx = attr(rd, n, "index");
    f->index = 0;
    if (idx) {
        char *end;
        long v = strtol(idx, &end, 10);
        if (!*idx || *end || v < 0 || v > 255)
            bad(rd, n, _("index=\"%s\" must be a face number 0..255"), idx);
        else
            f->index = (int)v;
    }
}

static void
read_role(struct reader *rd, const xmlNode *n)
{
    static const char *const allowed[] = {"name", NULL};
    check_attrs(rd, n, allowed);
    const char *name = attr(rd, n, "name");
    int role = dc_fontmap_role(name);
    if (role < 0) {
        bad(rd, n, _("unknown font role '%s' (song, hei, kai, title or latin)"),
            name ? name : "");
        return;
    }
    struct dc_fontrole *r = &rd->m->roles[role];
    if (r->line) {
        bad(rd, n, _("role '%s' is given twice (first on line %d)"), name,
            r->line);
        return;
    }
    r->name = role_names[role];
    r->line = (int)xmlGetLineNo(n);
    int nfiles = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "file"))
            nfiles++;
    r->files = dc_arena_alloc(&rd->m->arena,
                              sizeof *r->files * (size_t)(nfiles ? nfiles : 1));
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (ignorable(c))
            continue;
        if (is_elem(c, "word"))
            read_word(rd, r, c);
        else if (is_elem(c, "file"))
            read_file(rd, r, c, &r->files[r->nfiles++]);
        else if (c->type == XML_ELEMENT_NODE)
            bad(rd, c, _("unexpected <%s> in <role> (expected <word> or <file>)"),
                (const char *)c->name);
        else
            bad(rd, c, _("unexpected text in <role>"));
    }
    if (r->nfiles == 0)
        bad(rd, n, _("role '%s' lists no <file>"), name);
}

static void
read_map(struct reader *rd, const xmlNode *root)
{
    if (!root || !is_elem(root, "fontmap")) {
        bad(rd, root, _("the root element must be <fontmap>"));
        return;
    }
    static const char *const none[] = {NULL};
    check_attrs(rd, root, none);
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (ignorable(c))
            continue;
        if (is_elem(c, "role"))
            read_role(rd, c);
        else if (c->type == XML_ELEMENT_NODE)
            bad(rd, c, _("unexpected <%s> in <fontmap> (expected <role>)"),
                (const char *)c->name);
        else
            bad(rd, c, _("unexpected text in <fontmap>"));
    }
    /* a map from before the title role: 黑体 serves the titles, as then */
    struct dc_fontrole *title = &rd->m->roles[DC_FONTMAP_TITLE];
    if (!title->line && rd->m->roles[DC_FONTMAP_HEI].line) {
        *title = rd->m->roles[DC_FONTMAP_HEI];
        title->name = role_names[DC_FONTMAP_TITLE];
    }
    for (int i = 0; i < DC_FONTMAP_NROLES; i++)
        if (!rd->m->roles[i].line)
            bad(rd, root, _("the font map does not give role '%s'"),
                role_names[i]);
}

struct dc_fontmap *
dc_fontmap_load(const char *path, struct dc_diag *diag)
{
    struct dc_fontmap *m = dc_xcalloc(1, sizeof *m);
    dc_arena_init(&m->arena);
    m->file = dc_arena_strdup(&m->arena, path);
    struct reader rd = {m, diag, "", 0};
    const char *slash = strrchr(path, '/');
    if (slash)
        rd.dir = dc_arena_strndup(&m->arena, path, (size_t)(slash - path + 1));

    xmlDocPtr x;
    if (dc_xml_read(path, N_("font map"),
                    N_("reinstall disclose, or set DISCLOSE_FONTMAP to a "
                       "font map"),
                    diag, &x) != DC_OK)
        rd.failed = 1;
    else
        read_map(&rd, xmlDocGetRootElement(x));
    xmlFreeDoc(x);
    if (rd.failed) {
        dc_fontmap_free(m);
        return NULL;
    }
    return m;
}

void
dc_fontmap_free(struct dc_fontmap *m)
{
    if (!m)
        return;
    dc_arena_release(&m->arena);
    free(m);
}

const struct dc_fontfile *
dc_fontmap_pick(const struct dc_fontmap *m, int role, struct dc_diag *diag)
{
    if (role < 0 || role >= DC_FONTMAP_NROLES)
        return NULL;
    const struct dc_fontrole *r = &m->roles[role];
    for (int i = 0; i < r->nfiles; i++) {
        /* a regular file only: libharu would wait forever on a FIFO */
        int fd = dc_open_regular(r->files[i].path, NULL);
        if (fd >= 0) {
            close(fd);
            return &r->files[i];
        }
        if (errno == EINVAL) {
            dc_diag_report(diag, m->file, r->files[i].line, 0, DC_SEV_ERROR,
                           _("font file '%s' for role '%s' is not a regular "
                           "file"),
                           r->files[i].path, r->name);
            return NULL;
        }
    }
    struct dc_buf tried;
    dc_buf_init(&tried);
    for (int i = 0; i < r->nfiles; i++)
        dc_buf_printf(&tried, "%s%s", i ? ", " : "", r->files[i].path);
    dc_diag_report(diag, m->file, r->line, 0, DC_SEV_ERROR,
                   _("no font file for role '%s' can be read (tried %s)"), r->name,
                   tried.data ? tried.data : _("nothing"));
    dc_buf_free(&tried);
    return NULL;
}
