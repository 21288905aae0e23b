/* The archive of published PDFs (`batch --archive DIR`) and `disclose
 * verify DIR`, which proves every archived file unchanged. */
#include "batch_int.h"
#include "i18n.h"
#include "cli.h"
#include "records.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
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

/* Stages a copy of `from` as `dir`/`name` and its hash file
 * `name`.sha256 in `c`. */
static enum dc_status
store_file(struct dc_commit *c, const char *from, const char *sha,
           const char *dir, const char *name, struct dc_diag *diag)
{
    struct dc_buf path, line;
    dc_buf_init(&path);
    dc_buf_init(&line);
    dc_buf_printf(&path, "%s/%s", dir, name);
    char *data;
    size_t len;
    enum dc_status st = dc_read_file(from, 0, &data, &len, diag);
    if (st == DC_OK) {
        st = dc_commit_add(c, path.data, data, len, diag);
        free(data);
    }
    if (st == DC_OK) {
        dc_buf_printf(&line, "%s  %s\n", sha, name);
        dc_buf_puts(&path, ".sha256");
        st = dc_commit_add(c, path.data, line.data, line.len, diag);
    }
    dc_buf_free(&path);
    dc_buf_free(&line);
    return st;
}

static void archive_chain(struct dc_records *r, struct dc_record *rec);

enum dc_status
dc_archive_store(const char *dir, int year, const char *department,
                 const char *pdf, const char sha[DC_SHA256_HEX],
                 const char *xlsx, const char *xlsx_sha, const char *stem,
                 char **stored, struct dc_diag *diag)
{
    *stored = NULL;
    struct dc_buf index, ydir, name, xname, path, line;
    dc_buf_init(&index);
    dc_buf_init(&xname);
    dc_buf_init(&ydir);
    dc_buf_init(&name);
    dc_buf_init(&path);
    dc_buf_init(&line);
    dc_buf_printf(&index, "%s/archive.xml", dir);
    dc_buf_printf(&ydir, "%s/%d", dir, year);
    char ystr[16];
    snprintf(ystr, sizeof ystr, "%d", year);
    struct dc_records r;
    /* a revision's files and the index entry naming them are one set: a
     * kill or a power loss leaves all of them or none (the journal is in
     * DIR, the deepest folder holding them all) */
    struct dc_commit *commit = dc_commit_new();
    enum dc_status st = dc_records_load(&r, index.data, "archive", "file", diag);
    if (st == DC_OK)
        st = dc_mkdirs(ydir.data, diag);
    if (st != DC_OK)
        goto done;
    dc_clean_temporaries(ydir.data, diag); /* of a batch killed while filing */

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
        const char *xs = dc_record_get(&r.recs[i], "xlsx-sha256");
        if (s && strcmp(s, sha) == 0 &&
            (xlsx ? xs && strcmp(xs, xlsx_sha) == 0 : !xs))
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
            dc_buf_clear(&path);
            dc_buf_printf(&path, "%s/%s.xlsx", ydir.data, name.data);
            int free_slot = access(path.data, F_OK) != 0;
            dc_buf_puts(&name, ".pdf");
            dc_buf_clear(&path);
            dc_buf_printf(&path, "%s/%s", ydir.data, name.data);
            if (free_slot && access(path.data, F_OK) != 0)
                break; /* never overwrite an archived file */
        }
        st = store_file(commit, pdf, sha, ydir.data, name.data, diag);
        /* the workbook: the PDF's name with ".xlsx" for ".pdf" */
        dc_buf_put(&xname, name.data, name.len - 4);
        dc_buf_puts(&xname, ".xlsx");
        if (st == DC_OK && xlsx)
            st = store_file(commit, xlsx, xlsx_sha, ydir.data, xname.data,
                            diag);
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
        if (xlsx) {
            dc_buf_clear(&line);
            dc_buf_printf(&line, "%d/%s", year, xname.data);
            dc_record_set(cur, "xlsx-path", line.data);
            dc_record_set(cur, "xlsx-sha256", xlsx_sha);
        }
        dc_record_set(cur, "source", stem);
        archive_chain(&r, cur);
        *stored = dc_xstrdup(path.data);
    }
    for (int i = 0; i < r.n; i++) {
        const char *y = dc_record_get(&r.recs[i], "year");
        const char *d = dc_record_get(&r.recs[i], "department");
        if (y && d && strcmp(y, ystr) == 0 && strcmp(d, department) == 0)
            dc_record_set(&r.recs[i], "current",
                          &r.recs[i] == cur ? "yes" : "no");
    }
    st = dc_records_stage(&r, index.data, commit, diag);
    if (st == DC_OK)
        st = dc_commit_apply(commit, diag);
    if (st != DC_OK) {
        free(*stored);
        *stored = NULL;
    }
done:
    dc_commit_free(commit);
    dc_records_free(&r);
    dc_buf_free(&index);
    dc_buf_free(&ydir);
    dc_buf_free(&name);
    dc_buf_free(&xname);
    dc_buf_free(&path);
    dc_buf_free(&line);
    return st;
}

/* ---- verify ---- */

struct verify {
    struct dc_diag *diag;
    const char *dir;
    struct dc_records *index;
    char *seen;  /* per file of an entry (slot): found by the walk */
    int checked, bad;
};

static void
problem(struct verify *v, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct verify *v, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_diag_vreport(v->diag, file, 0, 0, DC_SEV_ERROR, fmt, ap);
    va_end(ap);
    v->bad++;
}

/* An entry files its PDF and, when it was made, the workbook: file slot
 * s is field pair slot_keys[s % 2] of entry s / 2. */
static const char *const slot_keys[2][2] = {{"path", "sha256"},
                                            {"xlsx-path", "xlsx-sha256"}};

static const char *
slot_get(const struct verify *v, int s, int field)
{
    return dc_record_get(&v->index->recs[s / 2], slot_keys[s % 2][field]);
}

/* The file slot whose file is `rel`, or -1. */
static int
entry_of(const struct verify *v, const char *rel)
{
    for (int s = 0; s < 2 * v->index->n; s++) {
        const char *p = slot_get(v, s, 0);
        if (p && strcmp(p, rel) == 0)
            return s;
    }
    return -1;
}

/* A side file "HASH  NAME" must name its own file (NAME = the basename it
 * belongs to) and give the hash the index records. */
static void
verify_sum_file(struct verify *v, const char *full, const char *rel)
{
    struct dc_buf own;
    dc_buf_init(&own);
    dc_buf_put(&own, rel, strlen(rel) - 7);
    int e = entry_of(v, own.data);
    if (e < 0) {
        problem(v, full, _("not in archive.xml: a hash file for no archived "
                         "file"));
        dc_buf_free(&own);
        return;
    }
    char *data = NULL;
    size_t len;
    if (dc_read_file(full, 4096, &data, &len, v->diag) != DC_OK) {
        v->bad++;
        dc_buf_free(&own);
        return;
    }
    const char *base = strrchr(own.data, '/');
    base = base ? base + 1 : own.data;
    char want[DC_SHA256_HEX] = "", fname[1024] = "";
    const char *sha = slot_get(v, e, 1);
    if (sscanf(data, "%64s %1023[^\n]", want, fname) != 2 ||
        strlen(want) != 64) {
        problem(v, full, _("not a SHA-256 line (\"HASH  NAME\")"));
    } else {
        const char *fn = fname;
        while (*fn == ' ' || *fn == '*')
            fn++;
        if (strcmp(fn, base) != 0)
            problem(v, full, _("names '%s', not its own file '%s'"), fn, base);
        else if (!sha || strcmp(want, sha) != 0)
            problem(v, full, _("hash file rewritten: it says %.12s…, "
                             "archive.xml recorded %.12s…"),
                    want, sha ? sha : "nothing");
    }
    free(data);
    dc_buf_free(&own);
}

/* Every name under the archive, hidden ones too, symlinks not followed:
 * each must be the index, an indexed file or an indexed file's hash. */
static void
walk(struct verify *v, const char *rel, int depth)
{
    struct dc_buf full;
    dc_buf_init(&full);
    dc_buf_printf(&full, "%s%s%s", v->dir, *rel ? "/" : "", rel);
    DIR *d = opendir(full.data);
    if (!d) {
        problem(v, full.data, _("cannot open: %s"), strerror(errno));
        dc_buf_free(&full);
        return;
    }
    struct dirent *e;
    struct dc_buf r, f;
    dc_buf_init(&r);
    dc_buf_init(&f);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        dc_buf_clear(&r);
        dc_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        dc_buf_clear(&f);
        dc_buf_printf(&f, "%s/%s", v->dir, r.data);
        struct stat st;
        size_t l = strlen(e->d_name);
        if (lstat(f.data, &st) != 0) {
            problem(v, f.data, _("cannot read: %s"), strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < 8)
                walk(v, r.data, depth + 1);
            else
                problem(v, f.data, _("folders nested too deep"));
        } else if (!S_ISREG(st.st_mode)) {
            problem(v, f.data, _("not a regular file (a symlink or device "
                               "has no place in an archive)"));
        } else if (depth == 0 && strcmp(e->d_name, "archive.xml") == 0) {
            continue;
        } else if (dc_is_journal_name(e->d_name)) {
            problem(v, f.data, _("an unfinished commit: a batch was stopped "
                                 "while filing a revision; the next 'batch "
                                 "--archive' finishes it"));
        } else if (dc_is_temporary_name(e->d_name)) {
            problem(v, f.data, _("a temporary file of a writer that was "
                                 "stopped; the next 'batch --archive' puts it "
                                 "in place or removes it"));
        } else if (l > 7 && strcmp(e->d_name + l - 7, ".sha256") == 0) {
            verify_sum_file(v, f.data, r.data);
        } else {
            int k = entry_of(v, r.data);
            if (k < 0)
                problem(v, f.data, _("not in archive.xml: a file the archive "
                                   "never filed"));
            else
                v->seen[k] = 1;
        }
    }
    closedir(d);
    dc_buf_free(&r);
    dc_buf_free(&f);
    dc_buf_free(&full);
}

/* ---- the chain of index entries ---- */

/* Each entry's link: SHA-256 of the previous link and the entry's fields,
 * so an entry taken out of the middle (or edited) breaks every link after
 * it.  `prev` is 64 zeros for the first. */
static void
chain_link(const struct dc_record *rec, const char *prev,
           char out[DC_SHA256_HEX])
{
    static const char *const keys[] = {"year", "department", "revision",
                                       "path", "sha256", "source"};
    struct dc_sha256 *h = dc_sha256_new();
    dc_sha256_update(h, prev, strlen(prev));
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *val = dc_record_get(rec, keys[i]);
        dc_sha256_update(h, "\n", 1);
        if (val)
            dc_sha256_update(h, val, strlen(val));
    }
    /* the workbook filed with the PDF, when there is one (the entries of
     * PDFs alone link as they did before workbooks were filed) */
    for (int k = 0; k < 2; k++) {
        const char *val = dc_record_get(rec, slot_keys[1][k]);
        if (val) {
            dc_sha256_update(h, "\n", 1);
            dc_sha256_update(h, slot_keys[1][k], strlen(slot_keys[1][k]));
            dc_sha256_update(h, "=", 1);
            dc_sha256_update(h, val, strlen(val));
        }
    }
    dc_sha256_final(h, out);
}

static const char zero_link[DC_SHA256_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void
archive_chain(struct dc_records *r, struct dc_record *rec)
{
    const char *prev = zero_link;
    for (int i = 0; i < r->n; i++) {
        const char *c = dc_record_get(&r->recs[i], "chain");
        if (&r->recs[i] != rec && c && *c)
            prev = c;
    }
    char link[DC_SHA256_HEX];
    chain_link(rec, prev, link);
    dc_record_set(rec, "chain", link);
}

/* The links of the index, in order; returns the last (the head) or NULL. */
static const char *
verify_chain(struct verify *v, const char *index)
{
    const char *prev = zero_link;
    int chained = 0;
    for (int i = 0; i < v->index->n; i++) {
        const char *c = dc_record_get(&v->index->recs[i], "chain");
        if (!c || !*c) {
            if (chained)
                problem(v, index, _("entry %d (%s) has lost its chain link"), i + 1,
                        dc_record_get(&v->index->recs[i], "path")
                            ? dc_record_get(&v->index->recs[i], "path")
                            : "?");
            continue;
        }
        char want[DC_SHA256_HEX];
        chain_link(&v->index->recs[i], prev, want);
        if (strcmp(want, c) != 0)
            problem(v, index,
                    _("entry %d (%s) does not follow from the one before it: "
                      "an entry was removed or edited"),
                    i + 1,
                    dc_record_get(&v->index->recs[i], "path")
                        ? dc_record_get(&v->index->recs[i], "path")
                        : "?");
        prev = c;
        chained = 1;
    }
    return chained ? prev : NULL;
}

static void
verify_entries(struct verify *v)
{
    for (int s = 0; s < 2 * v->index->n; s++) {
        int i = s / 2;
        const char *rel = slot_get(v, s, 0);
        const char *sha = slot_get(v, s, 1);
        if (s % 2 == 1 && !rel && !sha)
            continue; /* no workbook filed with this PDF */
        struct dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s/archive.xml", v->dir);
        if (!rel || !sha || strlen(sha) != 64) {
            problem(v, p.data, _("entry %d has no path or no SHA-256"), i + 1);
        } else if (!dc_path_inside(rel)) { /* "<year>/<name>" */
            problem(v, p.data, _("entry %d names '%s', outside the archive"),
                    i + 1, rel);
        } else {
            dc_buf_clear(&p);
            dc_buf_printf(&p, "%s/%s", v->dir, rel);
            char have[DC_SHA256_HEX];
            v->checked++;
            if (!v->seen[s]) {
                problem(v, p.data, _("listed in archive.xml but missing"));
            } else if (dc_sha256_file(p.data, have) != DC_OK) {
                problem(v, p.data, _("cannot read: %s"), strerror(errno));
            } else if (strcmp(have, sha) != 0) {
                problem(v, p.data,
                        _("changed since it was archived: SHA-256 %.12s… "
                          "recorded, %.12s… now"),
                        sha, have);
            }
            dc_buf_puts(&p, ".sha256");
            struct stat st;
            if (lstat(p.data, &st) != 0)
                problem(v, p.data, _("missing: the hash file beside an "
                                   "archived file"));
        }
        dc_buf_free(&p);
    }
}

const struct dc_command dc_verify_command = {
    "verify", "ARCHIVE", N_("prove an archive is as its index says"),
    N_("Proves the archive ARCHIVE (made by `disclose batch --archive "
       "ARCHIVE`) is as\nits index archive.xml says: every file listed is "
       "there with its SHA-256,\nevery file there is listed, each .sha256 "
       "names its own file, and the chain\nof entries is unbroken.  Prints "
       "the index head to keep elsewhere.  Exit\nstatus 0 when all holds, 1 "
       "with one line per problem, 2 for a usage error.\n"),
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
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: %s: %s\n", dir, dc_severity_label(DC_SEV_ERROR),
                _("not an archive folder"));
        return DC_EXIT_USAGE;
    }
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    /* a batch filing into the archive finishes first */
    int lock = dc_lock_dir(dir, 1, &diag);
    struct dc_records r;
    memset(&r, 0, sizeof r);
    struct verify v = {&diag, dir, &r, NULL, 0, 0};
    struct dc_buf index;
    dc_buf_init(&index);
    dc_buf_printf(&index, "%s/archive.xml", dir);
    /* the index of record: without it nothing can be proved */
    if (lstat(index.data, &st) != 0) {
        problem(&v, index.data, _("missing: the archive has no index"));
        memset(&r, 0, sizeof r);
    } else if (dc_records_load(&r, index.data, "archive", "file", &diag) !=
               DC_OK) {
        v.bad++;
    }
    v.seen = dc_xcalloc(2 * (size_t)r.n + 1, 1);
    walk(&v, "", 0);
    verify_entries(&v);
    const char *head = verify_chain(&v, index.data);
    if (v.bad == 0)
        printf(_("%d archived files verified, none changed\n"), v.checked);
    else
        printf(_("%d archived files checked, %d problems\n"), v.checked,
               v.bad);
    if (head)
        printf(_("index head %s\n"), head);
    free(v.seen);
    dc_records_free(&r);
    dc_buf_free(&index);
    if (lock >= 0)
        close(lock);
    dc_diag_free(&diag);
    return v.bad ? DC_EXIT_FINDINGS : DC_EXIT_OK;
}
