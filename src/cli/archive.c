/* The archive of published PDFs (`batch --archive DIR`) and `disclose
 * verify DIR`, which proves every archived file unchanged. */
#include "batch_int.h"
#include "cli.h"
#include "i18n.h"
#include "records.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum dc_status
dc_mkdirs(const char *path, struct dc_diag *diag)
{
    char *p = dc_xstrdup(path);
    enum dc_status st = DC_OK;
    for (char *q = p + 1;; q++) {
        if (*q == '/' || *q == '\0') {
            char saved = *q;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                dc_diag_report(diag, p, 0, 0, DC_SEV_ERROR,
                               _("cannot make the folder: %s"), strerror(errno));
                st = DC_ERR_IO;
                break;
            }
            *q = saved;
            if (saved == '\0')
                break;
        }
    }
    free(p);
    return st;
}

/* A department name usable as a file name. */
static void
safe_name(const char *s, struct dc_buf *out)
{
    for (; *s; s++)
        dc_buf_putc(out, (*s == '/' || *s == '\\' || *s == ':' ||
                          (unsigned char)*s < 0x20)
                             ? '_'
                             : *s);
    if (out->len == 0 || strcmp(out->data, ".") == 0 ||
        strcmp(out->data, "..") == 0)
        dc_buf_puts(out, "_");
}

static enum dc_status
copy_file(const char *from, const char *to, struct dc_diag *diag)
{
    char *data;
    size_t len;
    if (dc_read_file(from, &data, &len) != DC_OK) {
        dc_diag_report(diag, from, 0, 0, DC_SEV_ERROR, _("cannot read: %s"),
                       strerror(errno));
        return DC_ERR_IO;
    }
    enum dc_status st = dc_write_file_atomic(to, data, len, diag);
    free(data);
    return st;
}

enum dc_status
dc_archive_store(const char *dir, int year, const char *department,
                 const char *pdf, const char sha[DC_SHA256_HEX],
                 const char *stem, char **stored, struct dc_diag *diag)
{
    *stored = NULL;
    struct dc_buf index, ydir, name, path, line;
    dc_buf_init(&index);
    dc_buf_init(&ydir);
    dc_buf_init(&name);
    dc_buf_init(&path);
    dc_buf_init(&line);
    dc_buf_printf(&index, "%s/archive.xml", dir);
    dc_buf_printf(&ydir, "%s/%d", dir, year);
    char ystr[16];
    snprintf(ystr, sizeof ystr, "%d", year);
    struct dc_records r;
    enum dc_status st = dc_records_load(&r, index.data, "archive", "file", diag);
    if (st == DC_OK)
        st = dc_mkdirs(ydir.data, diag);
    if (st != DC_OK)
        goto done;

    int maxrev = 0;
    struct dc_record *same = NULL;
    for (int i = 0; i < r.n; i++) {
        const char *y = dc_record_get(&r.recs[i], "year");
        const char *d = dc_record_get(&r.recs[i], "department");
        if (!y || !d || strcmp(y, ystr) != 0 || strcmp(d, department) != 0)
            continue;
        int rev = atoi(dc_record_get(&r.recs[i], "revision")
                           ? dc_record_get(&r.recs[i], "revision")
                           : "1");
        if (rev > maxrev)
            maxrev = rev;
        const char *s = dc_record_get(&r.recs[i], "sha256");
        if (s && strcmp(s, sha) == 0)
            same = &r.recs[i];
    }
    struct dc_record *cur = same;
    if (!same) {
        int rev = maxrev + 1;
        for (;; rev++) {
            dc_buf_clear(&name);
            safe_name(department, &name);
            if (rev > 1)
                dc_buf_printf(&name, ".r%d", rev);
            dc_buf_puts(&name, ".pdf");
            dc_buf_clear(&path);
            dc_buf_printf(&path, "%s/%s", ydir.data, name.data);
            if (access(path.data, F_OK) != 0)
                break; /* never overwrite an archived file */
        }
        st = copy_file(pdf, path.data, diag);
        if (st != DC_OK)
            goto done;
        dc_buf_printf(&line, "%s  %s\n", sha, name.data);
        dc_buf_puts(&path, ".sha256");
        st = dc_write_file_atomic(path.data, line.data, line.len, diag);
        path.len -= 7;
        path.data[path.len] = '\0';
        if (st != DC_OK)
            goto done;
        cur = dc_records_add(&r);
        char rstr[16];
        snprintf(rstr, sizeof rstr, "%d", rev);
        dc_record_set(cur, "year", ystr);
        dc_record_set(cur, "department", department);
        dc_record_set(cur, "revision", rstr);
        dc_buf_clear(&line);
        dc_buf_printf(&line, "%d/%s", year, name.data);
        dc_record_set(cur, "path", line.data);
        dc_record_set(cur, "sha256", sha);
        dc_record_set(cur, "source", stem);
        *stored = dc_xstrdup(path.data);
    }
    for (int i = 0; i < r.n; i++) {
        const char *y = dc_record_get(&r.recs[i], "year");
        const char *d = dc_record_get(&r.recs[i], "department");
        if (y && d && strcmp(y, ystr) == 0 && strcmp(d, department) == 0)
            dc_record_set(&r.recs[i], "current",
                          &r.recs[i] == cur ? "yes" : "no");
    }
    st = dc_records_save(&r, index.data, diag);
done:
    dc_records_free(&r);
    dc_buf_free(&index);
    dc_buf_free(&ydir);
    dc_buf_free(&name);
    dc_buf_free(&path);
    dc_buf_free(&line);
    return st;
}

/* ---- verify ---- */

struct verify {
    struct dc_diag *diag;
    const char *dir;
    int checked, bad;
};

/* Checks one "HASH  NAME" file against the file it names. */
static void
verify_sum_file(struct verify *v, const char *folder, const char *sumfile)
{
    char *data;
    size_t len;
    if (dc_read_file(sumfile, &data, &len) != DC_OK) {
        dc_diag_report(v->diag, sumfile, 0, 0, DC_SEV_ERROR,
                       _("cannot read: %s"), strerror(errno));
        v->bad++;
        return;
    }
    char want[DC_SHA256_HEX] = "", fname[1024] = "";
    if (sscanf(data, "%64s %1023[^\n]", want, fname) != 2 ||
        strlen(want) != 64) {
        dc_diag_report(v->diag, sumfile, 1, 1, DC_SEV_ERROR,
                       _("not a SHA-256 line (\"HASH  NAME\")"));
        v->bad++;
        free(data);
        return;
    }
    free(data);
    const char *fn = fname;
    while (*fn == ' ' || *fn == '*')
        fn++;
    struct dc_buf target;
    dc_buf_init(&target);
    dc_buf_printf(&target, "%s/%s", folder, fn);
    char have[DC_SHA256_HEX];
    v->checked++;
    if (dc_sha256_file(target.data, have) != DC_OK) {
        dc_diag_report(v->diag, target.data, 0, 0, DC_SEV_ERROR,
                       _("archived file is missing or unreadable: %s"),
                       strerror(errno));
        v->bad++;
    } else if (strcmp(have, want) != 0) {
        dc_diag_report(v->diag, target.data, 0, 0, DC_SEV_ERROR,
                       _("changed since it was archived: SHA-256 %.12s… "
                         "recorded, %.12s… now"),
                       want, have);
        v->bad++;
    }
    dc_buf_free(&target);
}

static void
verify_dir(struct verify *v, const char *folder, int depth)
{
    size_t n = 0;
    char **names = dc_list_dir(folder, NULL, &n);
    if (!names) {
        dc_diag_report(v->diag, folder, 0, 0, DC_SEV_ERROR,
                       _("cannot open: %s"), strerror(errno));
        v->bad++;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        struct dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s/%s", folder, names[i]);
        struct stat st;
        size_t l = strlen(names[i]);
        if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode) && depth < 4)
            verify_dir(v, p.data, depth + 1);
        else if (l > 7 && strcmp(names[i] + l - 7, ".sha256") == 0)
            verify_sum_file(v, folder, p.data);
        dc_buf_free(&p);
    }
    dc_list_free(names);
}

const struct dc_command dc_verify_command = {
    "verify", "ARCHIVE", N_("re-hash an archive and report what changed"),
    N_("Re-hashes every archived file of ARCHIVE (made by `disclose batch "
       "--archive\nARCHIVE`) and reports each one that changed or went "
       "missing.  Exit status 0\nwhen all are unchanged, 1 when any is not, "
       "2 for a usage error.\n"),
    1, 1, NULL, dc_cmd_verify, NULL};

int
dc_cmd_verify(int argc, char **argv)
{
    struct dc_args a;
    int c;
    dc_args_begin(&a, &dc_verify_command, argc, argv);
    while ((c = dc_args_next(&a)) > 0)
        ;
    if (c == 0 && strcmp(a.operands[0], "-") == 0)
        dc_args_error(&a, _("an archive is a folder, not standard input"));
    if (c < 0 || a.status)
        return dc_args_end(&a);
    const char *dir = a.operands[0];
    dc_args_end(&a);
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    struct verify v = {&diag, dir, 0, 0};
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: %s: %s\n", dir, dc_severity_label(DC_SEV_ERROR),
                _("not an archive folder"));
        dc_diag_free(&diag);
        return DC_EXIT_USAGE;
    }
    /* every file the index lists must still have its .sha256 beside it */
    struct dc_buf index;
    dc_buf_init(&index);
    dc_buf_printf(&index, "%s/archive.xml", dir);
    struct dc_records r;
    if (dc_records_load(&r, index.data, "archive", "file", &diag) != DC_OK)
        v.bad++;
    for (int i = 0; i < r.n; i++) {
        const char *rel = dc_record_get(&r.recs[i], "path");
        const char *sha = dc_record_get(&r.recs[i], "sha256");
        if (!rel || !sha)
            continue;
        struct dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s/%s", dir, rel);
        char have[DC_SHA256_HEX];
        if (dc_sha256_file(p.data, have) != DC_OK) {
            dc_diag_report(&diag, p.data, 0, 0, DC_SEV_ERROR,
                           _("listed in archive.xml but missing"));
            v.bad++;
        } else if (strcmp(have, sha) != 0) {
            /* verify_sum_file reports it too unless its .sha256 was edited */
            dc_buf_puts(&p, ".sha256");
            char *sum;
            size_t len;
            if (dc_read_file(p.data, &sum, &len) == DC_OK) {
                if (strncmp(sum, have, 64) == 0) {
                    dc_diag_report(&diag, p.data, 0, 0, DC_SEV_ERROR,
                                   _("hash file rewritten: archive.xml "
                                     "recorded %.12s…"),
                                   sha);
                    v.bad++;
                }
                free(sum);
            }
        }
        dc_buf_free(&p);
    }
    dc_records_free(&r);
    dc_buf_free(&index);
    verify_dir(&v, dir, 0);
    if (v.bad == 0)
        printf(_("%d archived files verified, none changed\n"), v.checked);
    else
        printf(_("%d archived files checked, %d problems\n"), v.checked,
               v.bad);
    dc_diag_free(&diag);
    return v.bad ? DC_EXIT_FINDINGS : DC_EXIT_OK;
}
