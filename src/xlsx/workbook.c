/* The workbook: its properties (title, author = the department, the budget
 * year, dates from the document), one worksheet per table in document
 * order, written by libxlsxwriter to a temporary file next to the target
 * and renamed into place. */
#include "xlsx_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
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

static atomic_ulong tmp_seq;

/* A new file next to `path`, created exclusively; its name, or NULL. */
static char *
make_temp(const char *path, struct dc_diag *diag)
{
    struct dc_buf b;
    dc_buf_init(&b);
    for (int tries = 0; tries < 100; tries++) {
        dc_buf_clear(&b);
        dc_buf_printf(&b, "%s.tmp-%ld-%lu", path, (long)getpid(),
                      (unsigned long)atomic_fetch_add(&tmp_seq, 1));
        int fd = open(b.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
        if (fd >= 0) {
            close(fd);
            return dc_buf_detach(&b);
        }
        if (errno != EEXIST)
            break;
    }
    dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR, _("cannot create %s: %s"),
                   b.data, strerror(errno));
    dc_buf_free(&b);
    return NULL;
}

/* fsync the finished file, then rename it over `path`. */
static enum dc_status
commit(const char *tmp, const char *path, struct dc_diag *diag)
{
    int fd = open(tmp, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR, _("cannot write %s: %s"),
                       tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return DC_ERR_IO;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("cannot rename %s to %s: %s"), tmp, path,
                       strerror(errno));
        return DC_ERR_IO;
    }
    return DC_OK;
}

enum dc_status
dc_xlsx_write(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const char *path,
              struct dc_diag *diag)
{
    char *tmp = make_temp(path, diag);
    if (!tmp)
        return DC_ERR_IO;

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
    enum dc_status rc = DC_OK;
    x->wb = workbook_new(tmp);
    if (!x->wb) {
        dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR,
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
    dc_iter_init(&it, doc->root);
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
        dc_diag_report(diag, NULL, 0, 0, DC_SEV_ERROR,
                       _("libxlsxwriter: %s failed writing %s: %s"),
                       x->err_call, path, lxw_strerror(x->err));
        rc = DC_ERR_LIB;
        goto done;
    }
    rc = commit(tmp, path, diag);
done:
    if (rc != DC_OK)
        unlink(tmp);
    free(tmp);
    free(x);
    return rc;
}
