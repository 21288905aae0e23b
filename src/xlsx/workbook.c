/* The workbook: its properties (title, author = the department, the budget
 * year, dates from the document) and one worksheet per table in document
 * order, made by libxlsxwriter straight into its temporary beside the
 * output, staged in the render's commit set with the other outputs. */
#include "xlsx_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontmap.h"
#include "i18n.h"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), without the time
 * zone or the C library's idea of it. */
static long
days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The document's date: the signature's, else 1 January of the budget year,
 * else 2000-01-01.  Never the clock: libxlsxwriter takes the clock when
 * `created` is 0, and the same input must give the same bytes. */
static time_t
doc_time(const struct dc_meta *m)
{
    if (m->date_y > 0 && m->date_m >= 1 && m->date_m <= 12 && m->date_d >= 1 &&
        m->date_d <= 31)
        return (time_t)days_from_civil(m->date_y, m->date_m, m->date_d) * 86400;
    if (m->year > 1970)
        return (time_t)days_from_civil(m->year, 1, 1) * 86400;
    return (time_t)days_from_civil(2000, 1, 1) * 86400;
}

static void
set_properties(struct dc_xlsx *x, struct dc_buf *title, struct dc_buf *subject,
               struct dc_buf *keywords)
{
    const struct dc_meta *m = &x->doc->meta;
    char year[16] = "";
    if (m->year > 0)
        snprintf(year, sizeof year, "%d年", m->year);
    dc_doc_title(x->doc, title);
    dc_buf_printf(subject, "%s部门预算公开", year);
    dc_buf_printf(keywords, "部门预算公开, 预算公开%s%s%s%s",
                  m->year > 0 ? ", " : "", year, m->department ? ", " : "",
                  m->department ? m->department : "");
    lxw_doc_properties p;
    memset(&p, 0, sizeof p);
    p.title = title->data;
    p.subject = subject->data;
    p.author = (char *)(m->department ? m->department : "");
    p.company = p.author;
    p.keywords = keywords->data;
    p.created = doc_time(m);
    dc_xlsx_check(x, workbook_set_properties(x->wb, &p),
                  "workbook_set_properties");
    if (m->year > 0)
        dc_xlsx_check(
            x, workbook_set_custom_property_integer(x->wb, "预算年度", m->year),
            "workbook_set_custom_property_integer");
}

/* constant_memory mode keeps a temporary file open for each sheet until
 * the workbook is closed, and closing opens a few more: a document of more
 * tables than the soft limit of open files allows (1,024 by default) would
 * fail, so that limit is raised toward the hard one as far as the sheets
 * need. */
static void
open_files_for(const struct dc_doc *doc)
{
    rlim_t want = 64;
    for (const struct dc_node *n = dc_node_first(doc->root); n;
         n = dc_node_next(n))
        want += n->type == DC_NODE_TABLE;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
        rl.rlim_cur >= want)
        return;
    rl.rlim_cur =
        rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ? rl.rlim_max : want;
    setrlimit(RLIMIT_NOFILE, &rl);
}

/* What the workbook's rows weigh in libxlsxwriter's temporary files,
 * roughly (each cell's XML and its text): 1.2x, 1.4x and 1.4x what they
 * weighed at 1x, 10x and 100x the sample (0.4, 3.3 and 32 MB). */
static int64_t
rows_weight(const struct dc_doc *doc)
{
    int64_t bytes = 0;
    for (const struct dc_node *t = dc_node_first(doc->root); t;
         t = dc_node_next(t)) {
        if (t->type != DC_NODE_TABLE)
            continue;
        for (const struct dc_node *r = dc_node_first(t); r;
             r = dc_node_next(r)) {
            bytes += 64;
            for (const struct dc_node *c = dc_node_first(r); c;
                 c = dc_node_next(c))
                bytes += 48 + (c->u.cell.text ? (int64_t)strlen(c->u.cell.text)
                                              : 0);
        }
    }
    return bytes;
}

/* What workbook_close writes to the temporary folder besides the rows
 * already there: each sheet again (its rows copied between the sheet's
 * head and tail, one sheet at a time) and the small parts (styles,
 * relationships, properties: 40 KiB at the sample). */
#define CLOSE_ROOM ((int64_t)1 << 20)

/* Whether the rows libxlsxwriter wrote to each sheet's temporary file so
 * far got there, and whether workbook_close will have the room it wants:
 * libxlsxwriter 1.1.4 never checks a write to its temporary files (a full
 * file system gives a workbook of parts cut short, and no error), so their
 * errors are read here, through the sheets' files (struct lxw_worksheet's
 * optimize_tmpfile), before the close.  0, or an errno value. */
static int
rows_written(struct dc_xlsx *x, const char *dir, int64_t weight)
{
    lxw_worksheet *ws;
    STAILQ_FOREACH(ws, x->wb->worksheets, list_pointers)
    {
        FILE *f = ws->optimize_tmpfile;
        errno = 0;
        if (f && (fflush(f) != 0 || ferror(f)))
            return errno ? errno : EIO;
    }
    int64_t room = dc_dir_free(dir, NULL);
    if (room < 0 || room >= 2 * weight + CLOSE_ROOM)
        return 0; /* the common case: no need to ask each file its size */
    int64_t biggest = 0;
    STAILQ_FOREACH(ws, x->wb->worksheets, list_pointers)
    {
        off_t at = ws->optimize_tmpfile ? ftello(ws->optimize_tmpfile) : 0;
        if (at > biggest)
            biggest = at;
    }
    return room < biggest + CLOSE_ROOM ? ENOSPC : 0;
}

/* The workbook, made by libxlsxwriter with its temporary files in `dir`
 * and written to `zipname` (our temporary, through /proc/self/fd); its
 * rows weigh about `weight` bytes there.
 * *no_room is set to an errno value (ENOSPC) when its temporary files did
 * not fit in `dir`, else to 0. */
static enum dc_status
build(struct dc_xlsx *x, const char *zipname, const char *dir, int64_t weight,
      int *no_room)
{
    /* constant_memory: each row's cells go to the sheet's temporary file
     * as soon as a later row is written (sheet.c writes the rows in order,
     * merges over several rows included), instead of every cell of the
     * workbook waiting in memory for workbook_close (at 10x the sample,
     * 8.6 MB of cells, the largest part of a render's peak); its strings
     * are inline in each cell, not in a shared-string table */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = (char *)dir};
    *no_room = 0;
    x->wb = workbook_new_opt(zipname, &opt);
    if (!x->wb) {
        dc_diag_report(x->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxlsxwriter: workbook_new failed for %s"),
                       zipname);
        return DC_ERR_LIB;
    }
    struct dc_buf title, subject, keywords;
    dc_buf_init(&title);
    dc_buf_init(&subject);
    dc_buf_init(&keywords);
    set_properties(x, &title, &subject, &keywords);

    struct dc_iter it;
    dc_iter_init(&it, x->doc->root);
    for (enum dc_iter_event ev; (ev = dc_iter_next(&it)) != DC_DONE;) {
        const struct dc_node *n = dc_iter_node(&it);
        if (ev == DC_ENTER && n->type == DC_NODE_TABLE)
            dc_xlsx_write_table(x, n);
    }
    if (x->nsheet == 0) /* a workbook needs one sheet */
        workbook_add_worksheet(x->wb, "表");
    int e = rows_written(x, dir, weight);

    /* workbook_close writes the file and frees the workbook in any case */
    lxw_error err = workbook_close(x->wb);
    x->wb = NULL;
    dc_xlsx_check(x, err, "workbook_close");
    dc_buf_free(&title);
    dc_buf_free(&subject);
    dc_buf_free(&keywords);
    if (e) {
        *no_room = e;
        return DC_ERR_IO;
    }
    if (x->err != LXW_NO_ERROR) {
        dc_diag_report(x->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxlsxwriter: %s failed: %s"), x->err_call,
                       lxw_strerror(x->err));
        return DC_ERR_LIB;
    }
    return DC_OK;
}

/* The name by which libxlsxwriter, which opens its output by name (a
 * plain fopen: no O_EXCL, symlinks followed), writes into our temporary
 * `fd`: /proc/self/fd/N leads to the file that descriptor holds, whatever
 * is done to the names in its folder.  *mode is set to the file's mode
 * when it had to be made writable for its owner (a umask without u+w),
 * else to -1.  0, or -1 after a message. */
static int
zip_name(int fd, const char *path, char *name, size_t size, mode_t *mode,
         struct dc_diag *diag)
{
    struct stat ours, named;
    snprintf(name, size, "/proc/self/fd/%d", fd);
    *mode = (mode_t)-1;
    if (fstat(fd, &ours) != 0 || stat(name, &named) != 0 ||
        ours.st_dev != named.st_dev || ours.st_ino != named.st_ino) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("cannot reach the workbook's temporary file as %s "
                         "(is /proc mounted?)"),
                       name);
        return -1;
    }
    if (!(ours.st_mode & S_IWUSR)) {
        *mode = ours.st_mode & 07777;
        fchmod(fd, *mode | S_IWUSR);
    }
    return 0;
}

enum dc_status
dc_xlsx_stage(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const struct dc_tmp_env *tmp,
              const char *path, struct dc_commit *commit, struct dc_diag *diag)
{
    const char *dirs[DC_TMP_DIRS];
    int64_t weight = rows_weight(doc);
    int ndirs = dc_tmp_dirs_report(tmp, weight + CLOSE_ROOM, dirs, diag);
    if (ndirs < 0)
        return DC_ERR_IO;
    int fd = dc_commit_open(commit, path, diag);
    if (fd < 0)
        return DC_ERR_IO;
    char zipname[64];
    mode_t mode;
    if (zip_name(fd, path, zipname, sizeof zipname, &mode, diag) != 0)
        return DC_ERR_IO;
    open_files_for(doc);
    enum dc_status rc = DC_ERR_IO;
    for (int i = 0; i < ndirs; i++) {
        /* an attempt that may be made again says what it found only once
         * it is kept */
        struct dc_diag held;
        dc_diag_init(&held, NULL);
        int last = i + 1 == ndirs;
        struct dc_xlsx *x = dc_xcalloc(1, sizeof *x);
        x->doc = doc;
        x->dec = dec;
        x->diag = last ? diag : &held;
        x->font_song = "宋体";
        x->font_hei = "黑体";
        if (map) {
            const char *s = map->roles[DC_FONTMAP_SONG].word_east_asia;
            const char *h = map->roles[DC_FONTMAP_HEI].word_east_asia;
            if (s && *s)
                x->font_song = s;
            if (h && *h)
                x->font_hei = h;
        }
        int e;
        rc = build(x, zipname, dirs[i], weight, &e);
        free(x);
        for (size_t k = 0; !e && k < held.n; k++) {
            const struct dc_diag_msg *m = &held.msgs[k];
            dc_diag_report(diag, m->file, m->line, m->col, m->sev, "%s",
                           m->text);
        }
        dc_diag_free(&held);
        if (!e)
            break;
        if (!last) /* a memory-backed folder we chose: on to /tmp */
            dc_diag_report(diag, dirs[i], 0, 0, DC_SEV_WARNING,
                           _("no room for the workbook's temporary files "
                             "(%s): made again in %s"),
                           strerror(e), dirs[i + 1]);
        else
            dc_diag_report(diag, dirs[i], 0, 0, DC_SEV_ERROR,
                           _("no room for the workbook's temporary files "
                             "(%s); set TMPDIR to a folder with room"),
                           strerror(e));
    }
    if (mode != (mode_t)-1)
        fchmod(fd, mode);
    return rc;
}
