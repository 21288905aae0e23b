/* disclose render [-o DIR] [--pdf] [--docx] SOURCE...: parse, lay out with
 * the metrics of the fonts the PDF embeds, then write DIR/<stem>.pdf and
 * DIR/<stem>.docx (default both). */
#include "cli.h"
#include "doc_check.h"
#include "fontmap.h"
#include "layout.h"
#include "parse.h"
#include "pdf.h"
#ifdef DC_HAVE_DOCX
#include "docx.h"
#endif

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: disclose render [-o DIR] [--pdf] [--docx] [--fontmap FILE] "
    "SOURCE...\n";

static void
help(void)
{
    printf("%s", usage_text);
    printf("Rebuilds each SOURCE as DIR/<stem>.pdf (archival PDF/A-1b, fonts "
           "embedded)\nand DIR/<stem>.docx; both unless --pdf or --docx "
           "picks one.\n\n"
           "  -o DIR          where the outputs go (default: the current "
           "folder; created\n"
           "                  when missing)\n"
           "  --pdf           write the PDF\n"
           "  --docx          write the Word document\n"
           "  --fontmap FILE  which font files serve 宋体/黑体/楷体/Latin "
           "(default\n"
           "                  $DISCLOSE_FONTMAP, else %s)\n\n"
           "Outputs are written to a temporary file and renamed into place; "
           "the same\nsource gives the same bytes.  Exit status: 0 success; "
           "2 usage error,\nunreadable or unparsable input, or an output that "
           "could not be written.\n",
           dc_fontmap_default_path());
}

/* mkdir -p; 0 on success */
static int
make_dir(const char *dir)
{
    char *p = dc_xstrdup(dir);
    int rc = 0;
    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
    }
    if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
    struct stat sb;
    if (rc == 0 && (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        rc = -1;
    free(p);
    return rc;
}

/* DIR/<stem><ext>, stem = file name without its last extension. */
static char *
out_path(const char *dir, const char *source, const char *ext)
{
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s%s%.*s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                  (int)stem, base, ext);
    return dc_buf_detach(&b);
}

#ifdef DC_HAVE_DOCX
/* The DOCX, written on a second thread while the PDF is painted: the two
 * share only the parsed document and the layout's decisions, read-only,
 * and report to diagnostics of their own. */
struct docx_job {
    const struct dc_doc *doc;
    const struct dc_layout_decisions *dec;
    const struct dc_fontmap *map;
    char *path;
    struct dc_diag diag;
    enum dc_status rc;
};

static void *
docx_run(void *arg)
{
    struct docx_job *j = arg;
    j->rc = dc_docx_write_fonts(j->doc, j->dec, j->map, j->path, &j->diag);
    return NULL;
}
#endif

int
dc_render_one(const struct dc_render_opts *o, const char *source,
              struct dc_pdf **pdfp, struct dc_diag *diag)
{
    int rc = DC_EXIT_USAGE;
    size_t errors_before = diag->nerrors;
    struct dc_display *display = NULL;
    struct dc_layout_decisions *dec = NULL;
    char *path = NULL;
#ifdef DC_HAVE_DOCX
    struct docx_job dj = {0};
    pthread_t docx_thread;
    int docx_threaded = 0;
#endif

    struct dc_doc *doc = dc_parse_file(source, o->defs, diag);
    if (!doc)
        goto done; /* unreadable, reported */
    if (diag->nerrors > errors_before) {
        fprintf(stderr, "disclose: %s: not rendered: the source has errors\n",
                source);
        goto done;
    }
    /* editors' notes and template placeholders are printed as written,
     * never dropped: say so, one warning each */
    struct dc_findings left;
    dc_findings_init(&left);
    dc_check_leftovers(doc, &left);
    for (size_t i = 0; i < left.n; i++)
        dc_diag_report(diag, source, left.v[i].line, left.v[i].col,
                       DC_SEV_WARNING, "[%s] %s", left.v[i].rules,
                       left.v[i].message);
    dc_findings_free(&left);
    /* the layout measures with the fonts the PDF embeds, also when only
     * the DOCX is wanted: both share the layout's decisions */
    if (!*pdfp)
        *pdfp = dc_pdf_new(o->map, diag);
    struct dc_pdf *pdf = *pdfp;
    if (!pdf)
        goto done;
    if (dc_layout_run(doc, dc_pdf_metrics(pdf), diag, &display, &dec) != DC_OK)
        goto done;
#ifdef DC_HAVE_DOCX
    if (o->docx) {
        dj = (struct docx_job){doc, dec, o->map,
                               out_path(o->outdir, source, ".docx"), {0},
                               DC_OK};
        dc_diag_init(&dj.diag, diag->stream);
        docx_threaded =
            o->pdf && pthread_create(&docx_thread, NULL, docx_run, &dj) == 0;
    }
#endif
    int ok = 1;
    if (o->pdf) {
        path = out_path(o->outdir, source, ".pdf");
        ok = dc_pdf_write(pdf, display, path, diag) == DC_OK;
    }
#ifdef DC_HAVE_DOCX
    if (o->docx) {
        if (docx_threaded)
            pthread_join(docx_thread, NULL);
        else if (ok)
            docx_run(&dj);
        docx_threaded = 0;
        ok = ok && dj.rc == DC_OK;
    }
#endif
    if (ok)
        rc = DC_EXIT_OK;
done:
#ifdef DC_HAVE_DOCX
    if (docx_threaded)
        pthread_join(docx_thread, NULL);
    if (dj.path) {
        diag->nerrors += dj.diag.nerrors;
        diag->nwarnings += dj.diag.nwarnings;
        dc_diag_free(&dj.diag);
        free(dj.path);
    }
#endif
    free(path);
    dc_layout_decisions_free(dec);
    dc_display_free(display);
    dc_doc_free(doc);
    return rc;
}

int
dc_cmd_render(int argc, char **argv)
{
    struct dc_render_opts o = {".", 0, 0, 0, NULL, NULL};
    const char *mapfile = NULL;
    int nsrc = 0, only_sources = 0;
    char **src = dc_xcalloc((size_t)argc + 1, sizeof *src);
    /* options and sources in any order; "--" ends the options */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_sources || a[0] != '-' || !a[1]) {
            src[nsrc++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_sources = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help();
            free(src);
            return DC_EXIT_OK;
        } else if (strcmp(a, "--pdf") == 0) {
            o.pdf = 1;
        } else if (strcmp(a, "--docx") == 0) {
            o.docx = o.docx_asked = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--fontmap") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "disclose render: %s needs an argument\n%s", a,
                        usage_text);
                free(src);
                return DC_EXIT_USAGE;
            }
            if (a[1] == 'o')
                o.outdir = argv[++i];
            else
                mapfile = argv[++i];
        } else if (strncmp(a, "-o", 2) == 0) {
            o.outdir = a + 2;
        } else {
            fprintf(stderr, "disclose render: unknown option '%s'\n%s", a,
                    usage_text);
            free(src);
            return DC_EXIT_USAGE;
        }
    }
    if (nsrc == 0) {
        fprintf(stderr, "disclose render: no SOURCE given\n%s", usage_text);
        free(src);
        return DC_EXIT_USAGE;
    }
    if (!o.pdf && !o.docx)
        o.pdf = o.docx = 1;
#ifndef DC_HAVE_DOCX
    if (o.docx_asked) {
        fprintf(stderr, "disclose render: this build has no DOCX writer\n");
        free(src);
        return DC_EXIT_USAGE;
    }
    if (o.docx)
        fprintf(stderr, "disclose render: note: this build has no DOCX "
                        "writer; writing the PDF only\n");
    o.docx = 0;
#endif
    if (make_dir(o.outdir) != 0) {
        fprintf(stderr, "disclose render: cannot create the folder '%s': %s\n",
                o.outdir, strerror(errno));
        free(src);
        return DC_EXIT_USAGE;
    }

    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    int rc = DC_EXIT_USAGE;
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    struct dc_fontmap *map =
        dc_fontmap_load(mapfile ? mapfile : dc_fontmap_default_path(), &diag);
    if (defs && map) {
        o.defs = defs;
        o.map = map;
        rc = DC_EXIT_OK;
        struct dc_pdf *pdf = NULL;
        for (int k = 0; k < nsrc; k++)
            if (dc_render_one(&o, src[k], &pdf, &diag) != DC_EXIT_OK)
                rc = DC_EXIT_USAGE;
        dc_pdf_free(pdf);
    }
    dc_fontmap_free(map);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    free(src);
    return rc;
}
