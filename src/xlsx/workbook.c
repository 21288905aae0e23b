/* The workbook: its properties (title, author = the department, the budget
 * year, dates from the document) and one worksheet per table in document
 * order, made by libxlsxwriter; its bytes go to the caller, who writes
 * them with the other outputs (a render's commit set). */
#include "xlsx_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* Reads what libxlsxwriter wrote through `fd` into `out`. */
static enum dc_status
read_back(int fd, const char *tmp, struct dc_buf *out, struct dc_diag *diag)
{
    char chunk[65536];
    if (lseek(fd, 0, SEEK_SET) != 0)
        goto fail;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        if (n == 0)
            return DC_OK;
        dc_buf_put(out, chunk, (size_t)n);
    }
fail:
    dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR, _("cannot read %s: %s"), tmp,
                   strerror(errno));
    return DC_ERR_IO;
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

/* The workbook, filled by libxlsxwriter into a private file of its own
 * (libxlsxwriter 1.1.4 writes to a file name only, not to memory); the
 * file is removed before the call returns, whatever happens. */
static enum dc_status
build(struct dc_xlsx *x, struct dc_buf *out)
{
    char tmp[] = "/tmp/disclose-xlsx-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        dc_diag_report(x->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("cannot create %s: %s"), tmp, strerror(errno));
        return DC_ERR_IO;
    }
    enum dc_status rc = DC_OK;
    /* constant_memory: each row's cells go to the sheet's temporary file
     * as soon as a later row is written (sheet.c writes the rows in order,
     * merges over several rows included), instead of every cell of the
     * workbook waiting in memory for workbook_close (at 10x the sample,
     * 8.6 MB of cells, the largest part of a render's peak); its strings
     * are inline in each cell, not in a shared-string table */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    open_files_for(x->doc);
    x->wb = workbook_new_opt(tmp, &opt);
    if (!x->wb) {
        dc_diag_report(x->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxlsxwriter: workbook_new failed for %s"), tmp);
        rc = DC_ERR_LIB;
        goto done;
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

    /* workbook_close writes the file and frees the workbook in any case */
    lxw_error err = workbook_close(x->wb);
    x->wb = NULL;
    dc_xlsx_check(x, err, "workbook_close");
    dc_buf_free(&title);
    dc_buf_free(&subject);
    dc_buf_free(&keywords);
    if (x->err != LXW_NO_ERROR) {
        dc_diag_report(x->diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxlsxwriter: %s failed: %s"), x->err_call,
                       lxw_strerror(x->err));
        rc = DC_ERR_LIB;
        goto done;
    }
    rc = read_back(fd, tmp, out, x->diag);
done:
    unlink(tmp);
    close(fd);
    return rc;
}

enum dc_status
dc_xlsx_build(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, struct dc_buf *out,
              struct dc_diag *diag)
{
    struct dc_xlsx *x = dc_xcalloc(1, sizeof *x);
    x->doc = doc;
    x->dec = dec;
    x->diag = diag;
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
    enum dc_status rc = build(x, out);
    free(x);
    return rc;
}
