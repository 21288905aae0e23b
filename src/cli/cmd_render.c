/* disclose render [-o DIR] [--pdf] [--docx] [--xlsx] [--name STEM]
 * SOURCE...: parse, lay out with the metrics of the fonts the PDF embeds,
 * then write DIR/<stem>.pdf, DIR/<stem>.docx and DIR/<stem>.xlsx (default
 * all three). */
#include "cli.h"
#include "doc_check.h"
#include "fontmap.h"
#include "i18n.h"
#include "layout.h"
#include "modules.h"
#include "parse.h"
#include "pdf.h"
#ifdef DC_HAVE_DOCX
#include "docx.h"
#endif
#include "xlsx.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { OPT_PDF = DC_OPT_LONG, OPT_DOCX, OPT_XLSX, OPT_FONTMAP, OPT_NAME };

static const struct dc_opt render_opts[] = {
    {'o', "output", "DIR",
     N_("where the outputs go (default: the current folder)")},
    {OPT_PDF, "pdf", NULL, N_("write the PDF")},
    {OPT_DOCX, "docx", NULL, N_("write the Word document")},
    {OPT_XLSX, "xlsx", NULL, N_("write the workbook of the tables")},
    {OPT_FONTMAP, "fontmap", "FILE",
     N_("which font files serve 宋体/黑体/楷体/Latin")},
    {OPT_NAME, "name", "STEM",
     N_("the outputs are STEM.pdf, STEM.docx, STEM.xlsx (needed for '-')")},
    {0, NULL, NULL, NULL}};

const struct dc_command dc_render_command = {
    "render", "SOURCE...",
    N_("the PDF, the Word document and the workbook of each source"),
    N_("Rebuilds each SOURCE as DIR/<stem>.pdf (archival PDF/A-1b, fonts "
       "embedded),\nDIR/<stem>.docx and DIR/<stem>.xlsx (its tables, one "
       "sheet each); all three\nunless --pdf, --docx or --xlsx picks.  The "
       "font map is $DISCLOSE_FONTMAP\nunless --fontmap names one.  Outputs "
       "are written to a\ntemporary file and renamed into "
       "place; the same source gives the same bytes.\n"
       "Exit status: 0 success; 2 usage error, unreadable or unparsable "
       "input, or an\noutput that could not be written.\n"),
    1, -1, render_opts, dc_cmd_render, NULL};

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

/* DIR/<stem><ext>, stem = --name, else the file name without its last
 * extension. */
static char *
out_path(const struct dc_render_opts *o, const char *source, const char *ext)
{
    const char *dir = o->outdir;
    char *stem = dc_cli_stem(source, o->name);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
                  stem, ext);
    free(stem);
    return dc_buf_detach(&b);
}

/* $SOURCE_DATE_EPOCH (reproducible builds): the date of a PDF whose source
 * has no signature date; -1 when unset or not a number of seconds. */
static long long
source_date_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    return *end || errno || v < 0 ? -1 : v;
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
    struct dc_commit *commit; /* its own set: joined to render's after */
};

static void *
docx_run(void *arg)
{
    struct docx_job *j = arg;
    j->rc = dc_docx_stage(j->doc, j->dec, j->map, j->path, j->commit,
                          &j->diag);
    return NULL;
}
#endif

/* The messages `from` collected, told to `to` (NULL: dropped) in their
 * order; `from` is freed. */
static void
diag_forward(struct dc_diag *from, struct dc_diag *to)
{
    for (size_t i = 0; to && i < from->n; i++) {
        const struct dc_diag_msg *m = &from->msgs[i];
        dc_diag_report(to, m->file, m->line, m->col, m->sev, "%s", m->text);
    }
    dc_diag_free(from);
}

/* The scan for editors' notes and template placeholders, which are printed
 * as written, never dropped: on a second thread while the layout runs
 * (both only read the document).  Its warnings come first, as they did
 * when it ran before; the fonts' and the layout's messages wait. */
struct left_job {
    const struct dc_doc *doc;
    struct dc_findings left;
    pthread_t thread;
    int running, made;
};

static void *
left_run(void *arg)
{
    struct left_job *j = arg;
    dc_check_leftovers(j->doc, &j->left);
    return NULL;
}

/* One warning each, then the messages `held` (freed). */
static void
left_report(struct left_job *j, const char *source, struct dc_diag *held,
            struct dc_diag *diag)
{
    if (j->running)
        pthread_join(j->thread, NULL);
    j->running = 0;
    for (size_t i = 0; j->made && i < j->left.n; i++)
        dc_diag_report(diag, source, j->left.v[i].line, j->left.v[i].col,
                       DC_SEV_WARNING, "[%s] %s", j->left.v[i].rules,
                       j->left.v[i].message);
    if (j->made)
        dc_findings_free(&j->left);
    j->made = 0;
    diag_forward(held, diag);
}

/* The PDF writer (its fonts read and their tables built) made on a second
 * thread while the source is parsed and scanned: the two share nothing.
 * Its messages wait in a diagnostics of its own until the writer is used,
 * so they come where they came before, and not at all when the source is
 * refused. */
struct fonts_job {
    const struct dc_fontmap *map;
    struct dc_diag diag; /* collects, prints nothing */
    struct dc_pdf *pdf;
    pthread_t thread;
    int running;
};

static void *
fonts_run(void *arg)
{
    struct fonts_job *j = arg;
    j->pdf = dc_pdf_new(j->map, &j->diag);
    return NULL;
}

/* The writer the job made, its messages told to `diag` (NULL: dropped,
 * and the writer with them); NULL when it could not be made. */
static struct dc_pdf *
fonts_join(struct fonts_job *j, struct dc_diag *diag)
{
    if (!j->running)
        return NULL;
    pthread_join(j->thread, NULL);
    j->running = 0;
    diag_forward(&j->diag, diag);
    if (!diag) {
        dc_pdf_free(j->pdf);
        j->pdf = NULL;
    }
    return j->pdf;
}

enum dc_status
dc_render_load_writers(int docx, int xlsx, struct dc_diag *diag)
{
    return dc_modules_load(DC_MODULE_PDF | (docx ? DC_MODULE_DOCX : 0) |
                               (xlsx ? DC_MODULE_XLSX : 0),
                           diag);
}

static void
fonts_start(struct fonts_job *j, const struct dc_fontmap *map)
{
    j->map = map;
    dc_diag_init(&j->diag, NULL);
    j->running = pthread_create(&j->thread, NULL, fonts_run, j) == 0;
    if (!j->running)
        dc_diag_free(&j->diag);
}

/* dc_render_one(), with the writer's fonts job `early` started already
 * (or NULL); with `staged` set, the outputs' set is handed to the caller
 * unapplied (dc_render_stage) */
static int render_one(const struct dc_render_opts *o, const char *source,
                      struct dc_pdf **pdfp, struct fonts_job *early,
                      struct dc_commit **staged, struct dc_diag *diag);

int
dc_render_one(const struct dc_render_opts *o, const char *source,
              struct dc_pdf **pdfp, struct dc_diag *diag)
{
    return render_one(o, source, pdfp, NULL, NULL, diag);
}

int
dc_render_stage(const struct dc_render_opts *o, const char *source,
                struct dc_pdf **pdfp, struct dc_commit **staged,
                struct dc_diag *diag)
{
    *staged = NULL;
    return render_one(o, source, pdfp, NULL, staged, diag);
}

static int
render_one(const struct dc_render_opts *o, const char *source,
           struct dc_pdf **pdfp, struct fonts_job *early,
           struct dc_commit **staged, struct dc_diag *diag)
{
    int rc = DC_EXIT_USAGE;
    size_t errors_before = diag->nerrors;
    struct dc_display *display = NULL;
    struct dc_layout_decisions *dec = NULL;
    char *path = NULL, *xlsx_path = NULL;
    struct dc_commit *commit = NULL;
#ifdef DC_HAVE_DOCX
    struct docx_job dj = {0};
    pthread_t docx_thread;
    int docx_threaded = 0;
#endif

    struct left_job lj = {0};
    struct dc_diag held; /* messages that wait for the leftover scan's */
    dc_diag_init(&held, NULL);
    struct fonts_job own = {o->map, {0}, NULL, 0, 0};
    struct fonts_job *fj = early && early->running ? early : &own;
    if (fj == &own && !*pdfp && !o->one_thread)
        fonts_start(fj, o->map);

    struct dc_doc *doc = dc_cli_parse(source, o->name, o->defs, diag);
    if (!doc)
        goto done; /* unreadable, reported */
    if (diag->nerrors > errors_before) {
        fprintf(stderr,
                _("disclose: %s: not rendered: the source has errors\n"),
                source);
        goto done;
    }
    lj.doc = doc;
    dc_findings_init(&lj.left);
    lj.made = 1;
    lj.running = !o->one_thread &&
                 pthread_create(&lj.thread, NULL, left_run, &lj) == 0;
    if (!lj.running)
        left_run(&lj);
    /* the layout measures with the fonts the PDF embeds, also when only
     * the DOCX is wanted: both share the layout's decisions */
    int fresh = fj->running || !*pdfp;
    if (fj->running)
        *pdfp = fonts_join(fj, &held);
    else if (!*pdfp)
        *pdfp = dc_pdf_new(o->map, &held);
    if (fresh && *pdfp)
        dc_pdf_set_default_date(*pdfp, source_date_epoch());
    if (*pdfp) /* a batch worker's writer: threads decided per document */
        dc_pdf_set_one_thread(*pdfp, o->one_thread);
    struct dc_pdf *pdf = *pdfp;
    if (!pdf) { /* the font map has said why; this says what it stopped */
        left_report(&lj, source, &held, diag);
        dc_diag_report(diag, source, 0, 0, DC_SEV_ERROR,
                       _("not rendered: the fonts could not be loaded"));
        goto done;
    }
    /* a layout that cannot be run has said why: nothing of the outputs */
    /* the PDF reads the pages back from a spill (a scratch file beside it
     * past the budget), a render without it needs none of them; the
     * display dump all */
    const char *dump = getenv("DISCLOSE_DISPLAY_DUMP");
    struct dc_layout_opts lo = {
        dump && *dump ? DC_PAGES_KEEP
        : o->pdf      ? DC_PAGES_SPILL
                      : DC_PAGES_DROP,
        o->outdir, 0};
    enum dc_status laid = dc_layout_run_opts(doc, dc_pdf_metrics(pdf), &held,
                                             &lo, &display, &dec);
    left_report(&lj, source, &held, diag);
    if (laid != DC_OK)
        goto done;
    /* the outputs of one source are committed together: all new, or the
     * old ones stay */
    commit = dc_commit_new();
    /* a look at the display list with the real fonts' metrics */
    if (dump && *dump) {
        FILE *f = fopen(dump, "w");
        if (f) {
            dc_display_dump(display, f);
            fclose(f);
        }
    }
    /* the PDF alone reads nothing of the model (the display list holds
     * copies of its texts): freed before the PDF's objects are made, the
     * two are never held at once (issue 12) */
    if (!o->docx && !o->xlsx && !(dump && *dump)) {
        dc_doc_free(doc);
        doc = NULL;
    }
#ifdef DC_HAVE_DOCX
    if (o->docx) {
        dj = (struct docx_job){doc,   dec, o->map, out_path(o, source, ".docx"),
                               {0},   DC_OK, dc_commit_new()};
        dc_diag_init(&dj.diag, diag->stream);
        dj.diag.quiet = diag->quiet;
        docx_threaded =
            o->pdf && !o->one_thread &&
            pthread_create(&docx_thread, NULL, docx_run, &dj) == 0;
    }
#endif
    int ok = 1;
    if (o->pdf) {
        path = out_path(o, source, ".pdf");
        ok = dc_pdf_stage(pdf, display, path, commit, diag) == DC_OK;
        /* libharu's objects of this document go now, not when the next
         * source's PDF begins: the workbook, and a batch's or a render's
         * next source, are made without them */
        dc_pdf_end(pdf);
    }
    if (o->xlsx && ok) {
        struct dc_tmp_env tmp = dc_cli_tmp_env();
        xlsx_path = out_path(o, source, ".xlsx");
        ok = dc_xlsx_stage(doc, dec, o->map, &tmp, xlsx_path, commit, diag) ==
             DC_OK;
    }
#ifdef DC_HAVE_DOCX
    if (o->docx) {
        if (docx_threaded)
            pthread_join(docx_thread, NULL);
        else if (ok)
            docx_run(&dj);
        docx_threaded = 0;
        ok = ok && dj.rc == DC_OK;
        dc_commit_take(commit, dj.commit);
    }
#endif
    if (ok && staged) { /* the caller applies it (a batch's commit thread) */
        *staged = commit;
        commit = NULL;
        rc = DC_EXIT_OK;
    } else if (ok && dc_commit_apply(commit, diag) == DC_OK) {
        rc = DC_EXIT_OK;
        if (o->verbosity > 0 && o->pdf)
            fprintf(stderr, _("disclose render: wrote %s\n"), path);
        if (o->verbosity > 0 && o->xlsx)
            fprintf(stderr, _("disclose render: wrote %s\n"), xlsx_path);
#ifdef DC_HAVE_DOCX
        if (o->verbosity > 0 && o->docx)
            fprintf(stderr, _("disclose render: wrote %s\n"), dj.path);
#endif
    }
done:
    left_report(&lj, source, &held, diag);
    fonts_join(fj, NULL); /* the source was refused: not needed */
#ifdef DC_HAVE_DOCX
    if (docx_threaded)
        pthread_join(docx_thread, NULL);
    if (dj.path) {
        diag->nerrors += dj.diag.nerrors;
        diag->nwarnings += dj.diag.nwarnings;
        dc_diag_free(&dj.diag);
        free(dj.path);
    }
    dc_commit_free(dj.commit);
#endif
    if (rc != DC_EXIT_OK && commit) /* the source was fine, the outputs not */
        dc_render_not_made(source, diag);
    dc_commit_free(commit);
    free(path);
    free(xlsx_path);
    dc_layout_decisions_free(dec);
    dc_display_free(display);
    dc_doc_free(doc);
    return rc;
}

void
dc_render_not_made(const char *source, struct dc_diag *diag)
{
    dc_diag_report(diag, source, 0, 0, DC_SEV_ERROR,
                   _("not rendered: its outputs could not be made; the "
                     "old ones, if any, are kept"));
}

int
dc_cmd_render(int argc, char **argv)
{
    struct dc_render_opts o = {".", NULL, 0, 0, 0, 0, NULL, NULL, 0, 0};
    const char *mapfile = NULL;
    struct dc_args a;
    int c;
    dc_args_begin(&a, &dc_render_command, argc, argv);
    while ((c = dc_args_next(&a)) > 0) {
        switch (c) {
        case 'o':
            o.outdir = a.value;
            break;
        case OPT_PDF:
            o.pdf = 1;
            break;
        case OPT_DOCX:
            o.docx = o.docx_asked = 1;
            break;
        case OPT_XLSX:
            o.xlsx = 1;
            break;
        case OPT_FONTMAP:
            mapfile = a.value;
            break;
        case OPT_NAME:
            o.name = a.value;
            break;
        }
    }
    if (c == 0 && !o.outdir[0])
        dc_args_error(&a, _("the output folder (-o) is empty"));
    else if (c == 0 && strcmp(o.outdir, "-") == 0)
        dc_args_error(&a, _("render writes files into a folder, not to "
                            "standard output: -o DIR"));
    else if (c == 0 && o.name &&
             (a.noperands > 1 || !o.name[0] || strchr(o.name, '/')))
        dc_args_error(&a, _("--name names the outputs of one source, "
                            "without a '/'"));
    else if (c == 0 && !o.name && strcmp(a.operands[0], "-") == 0)
        dc_args_error(&a, _("the outputs of standard input need a name: "
                            "--name STEM"));
    if (c < 0 || a.status)
        return dc_args_end(&a);
    char **src = a.operands;
    int nsrc = a.noperands;
    o.verbosity = a.verbosity;
    dc_args_end(&a);
    if (!o.pdf && !o.docx && !o.xlsx)
        o.pdf = o.docx = o.xlsx = 1;
#ifndef DC_HAVE_DOCX
    if (o.docx_asked) {
        fprintf(stderr, _("disclose render: this build has no DOCX writer\n"));
        return DC_EXIT_USAGE;
    }
    if (o.docx && o.verbosity >= 0)
        fprintf(stderr, _("disclose render: note: this build has no DOCX "
                          "writer; writing the PDF only\n"));
    o.docx = 0;
#endif
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    diag.quiet = o.verbosity < 0;
    /* the writers first: without one, nothing is made */
    if (dc_render_load_writers(o.docx, o.xlsx, &diag) != DC_OK) {
        dc_diag_free(&diag);
        return DC_EXIT_USAGE;
    }
    if (make_dir(o.outdir) != 0) {
        fprintf(stderr,
                _("disclose render: cannot create the folder '%s': %s\n"),
                o.outdir, strerror(errno));
        dc_diag_free(&diag);
        return DC_EXIT_USAGE;
    }
    int rc = DC_EXIT_USAGE;
    /* two sources with one stem would write the same outputs */
    for (int k = 0; k < nsrc; k++)
        for (int i = 0; i < k; i++) {
            char *p1 = out_path(&o, src[i], ""), *p2 = out_path(&o, src[k], "");
            if (strcmp(p1, p2) == 0)
                dc_diag_report(&diag, src[k], 0, 0, DC_SEV_ERROR,
                               _("same name as %s: both would write %s.pdf"),
                               src[i], p1);
            free(p1);
            free(p2);
        }
    dc_clean_temporaries(o.outdir, &diag);
    /* the font map first, so that the first source's fonts load on a
     * second thread while the layouts are read (its messages held: they
     * come after the layouts', as they did when it was read after them) */
    struct dc_diag map_diag;
    dc_diag_init(&map_diag, NULL);
    struct fonts_job early = {0};
    struct dc_fontmap *map =
        diag.nerrors ? NULL
                     : dc_fontmap_load(mapfile ? mapfile
                                               : dc_fontmap_default_path(),
                                       &map_diag);
    if (map && map_diag.nerrors == 0)
        fonts_start(&early, map);
    struct dc_tabledefs *defs =
        diag.nerrors ? NULL : dc_cli_load_defs(&diag);
    diag_forward(&map_diag, defs ? &diag : NULL);
    /* a layout or font map that could not be read is an error, even when
     * the others were */
    if (defs && map && diag.nerrors == 0) {
        o.defs = defs;
        o.map = map;
        rc = DC_EXIT_OK;
        struct dc_pdf *pdf = NULL;
        for (int k = 0; k < nsrc; k++)
            if (render_one(&o, src[k], &pdf, k == 0 ? &early : NULL, NULL,
                           &diag) !=
                DC_EXIT_OK)
                rc = DC_EXIT_USAGE;
        dc_pdf_free(pdf);
    }
    fonts_join(&early, NULL); /* not used: nothing to render */
    dc_fontmap_free(map);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
