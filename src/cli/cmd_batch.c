/* disclose batch: renders many documents, N at a time, and only those whose
 * source, layouts, fonts or program changed since the last run (the manifest
 * OUT/manifest.xml says what each output was made from).
 *
 * Documents are rendered by N worker processes, forked once, each in its
 * own process group: a worker reads its fonts once and keeps the layouts
 * the batch read, then renders one document after another.  A document
 * that crashes its worker fails alone; a new worker takes the next one.
 * A worker commits each document on a commit thread while it renders the
 * next, and reports it (with its outputs' hashes) once it is durable; the
 * batch appends its record to the manifest's journal and rewrites the
 * manifest once, at the end.
 * Ctrl-C reaches only the batch, which stops starting documents, lets the
 * running ones finish (a second Ctrl-C stops them and removes their
 * temporary files) and leaves a manifest that is still true. */
#define _GNU_SOURCE /* sched_getaffinity */
#include "batch_int.h"
#include "cli.h"
#include "fontmap.h"
#include "i18n.h"
#include "parse.h"
#include "pdf.h"
#include "records.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum job_state { JOB_TODO, JOB_SKIP, JOB_RUNNING, JOB_DONE, JOB_FAILED };

struct job {
    char *source;
    char *stem;
    char sha[DC_SHA256_HEX];
    enum job_state state;
    pid_t pid; /* of the worker that rendered it */
    struct dc_buf err;
    double started, seconds;
    int retried; /* its commit was cut short by its worker's end once */
};

struct batch {
    const char *out, *archive;
    int jobs, cores, force, want_pdf, want_docx, want_xlsx, tty, verbosity;
    char env[DC_SHA256_HEX];
    struct job *job;
    int njobs;
    struct dc_records manifest;
    char *manifest_path, *journal_path;
    int journal; /* the manifest's journal, open for appending, or -1 */
    int unsaved; /* records in the journal, not yet in the manifest */
    struct dc_diag *diag;
    const struct dc_tabledefs *defs;
    int done, failed, skipped, running;
    int manifest_failed;
    double t0;
};

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
    (void)sig;
    interrupted++;
}

/* The cores this process may run on (taskset, cpusets), else online. */
static int
cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- inputs ---- */

static void
add_job(struct batch *b, const char *path, int *cap)
{
    if (b->njobs == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        b->job = dc_xrealloc(b->job, (size_t)*cap * sizeof(*b->job));
    }
    struct job *j = &b->job[b->njobs++];
    memset(j, 0, sizeof(*j));
    j->source = dc_xstrdup(path);
    j->stem = dc_cli_stem(path, NULL); /* the name render gives its outputs */
    dc_buf_init(&j->err);
}

/* Sources: files as given, folders scanned for *.txt (in name order). */
static int
collect(struct batch *b, char **inputs, int n)
{
    int cap = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(inputs[i], &st) != 0) {
            dc_diag_report(b->diag, inputs[i], 0, 0, DC_SEV_ERROR,
                           _("cannot read: %s"), strerror(errno));
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            add_job(b, inputs[i], &cap);
            continue;
        }
        size_t nn = 0;
        char **names = dc_list_dir(inputs[i], ".txt", &nn);
        if (!names) {
            dc_diag_report(b->diag, inputs[i], 0, 0, DC_SEV_ERROR,
                           _("cannot open the folder: %s"), strerror(errno));
            return -1;
        }
        for (size_t k = 0; k < nn; k++) {
            struct dc_buf p;
            dc_buf_init(&p);
            dc_buf_printf(&p, "%s/%s", inputs[i], names[k]);
            add_job(b, p.data, &cap);
            dc_buf_free(&p);
        }
        dc_list_free(names);
    }
    for (int i = 0; i < b->njobs; i++)
        for (int k = i + 1; k < b->njobs; k++)
            if (strcmp(b->job[i].stem, b->job[k].stem) == 0) {
                dc_diag_report(b->diag, b->job[k].source, 0, 0, DC_SEV_ERROR,
                               _("same name as %s: both would write %s.pdf"),
                               b->job[i].source, b->job[k].stem);
                return -1;
            }
    return b->njobs;
}

/* ---- what every output depends on besides its source ---- */

static void
hash_dir_xml(struct dc_sha256 *h, const char *dir)
{
    size_t n = 0;
    char **names = dc_list_dir(dir, ".xml", &n);
    for (size_t i = 0; i < n; i++) {
        struct dc_buf p;
        dc_buf_init(&p);
        dc_buf_printf(&p, "%s/%s", dir, names[i]);
        dc_sha256_update(h, names[i], strlen(names[i]) + 1);
        dc_sha256_update_file(h, p.data);
        dc_buf_free(&p);
    }
    dc_list_free(names);
}

/* The program version, the layouts, the font map and the font files it
 * picks (by path, size and modification time: hashing 30 MB of fonts on
 * every run would cost more than the run). */
static void
environment_hash(struct batch *b)
{
    struct dc_sha256 *h = dc_sha256_new();
    dc_sha256_update(h, "disclose " DC_VERSION, strlen("disclose " DC_VERSION));
    /* as many bytes as each word has: "-" is one (reading 3 or 4 of it
     * overran it when only one format was wanted) */
    const char *pdf = b->want_pdf ? "pdf" : "-";
    const char *docx = b->want_docx ? "docx" : "-";
    dc_sha256_update(h, pdf, strlen(pdf));
    dc_sha256_update(h, docx, strlen(docx));
    const char *xlsx = b->want_xlsx ? "xlsx" : "-";
    dc_sha256_update(h, xlsx, strlen(xlsx));
    hash_dir_xml(h, dc_tabledefs_default_dir());
    const char *map = dc_fontmap_default_path();
    dc_sha256_update_file(h, map);
    struct dc_diag quiet;
    dc_diag_init(&quiet, NULL);
    struct dc_fontmap *fm = dc_fontmap_load(map, &quiet);
    for (int r = 0; fm && r < DC_FONTMAP_NROLES; r++) {
        const struct dc_fontfile *f = dc_fontmap_pick(fm, r, &quiet);
        struct stat st;
        if (f && stat(f->path, &st) == 0) {
            struct dc_buf s;
            dc_buf_init(&s);
            dc_buf_printf(&s, "%s:%d:%lld:%lld", f->path, f->index,
                          (long long)st.st_size, (long long)st.st_mtime);
            dc_sha256_update(h, s.data, s.len + 1);
            dc_buf_free(&s);
        }
    }
    dc_fontmap_free(fm);
    dc_diag_free(&quiet);
    dc_sha256_final(h, b->env);
}

/* ---- one document ---- */

static void
out_path(const struct batch *b, const struct job *j, const char *ext,
         struct dc_buf *p)
{
    dc_buf_clear(p);
    dc_buf_printf(p, "%s/%s.%s", b->out, j->stem, ext);
}

/* The outputs, in the order of their hashes in a worker's report. */
static const char *const exts[] = {"pdf", "docx", "xlsx"};

/* The document's outputs are there and are what the manifest recorded,
 * made from this source in this environment. */
static int
up_to_date(struct batch *b, struct job *j)
{
    struct dc_record *r = dc_records_find(&b->manifest, "stem", j->stem);
    if (!r)
        return 0;
    const char *s = dc_record_get(r, "source-sha256");
    const char *e = dc_record_get(r, "env-sha256");
    const char *st = dc_record_get(r, "status");
    if (!s || !e || !st || strcmp(s, j->sha) || strcmp(e, b->env) ||
        strcmp(st, "ok"))
        return 0;
    int want[] = {b->want_pdf, b->want_docx, b->want_xlsx};
    struct dc_buf p;
    dc_buf_init(&p);
    int ok = 1;
    for (int k = 0; k < 3 && ok; k++) {
        if (!want[k])
            continue;
        char key[32], have[DC_SHA256_HEX];
        snprintf(key, sizeof key, "%s-sha256", exts[k]);
        const char *rec = dc_record_get(r, key);
        out_path(b, j, exts[k], &p);
        if (!rec || dc_sha256_file(p.data, have) != DC_OK ||
            strcmp(rec, have) != 0)
            ok = 0;
    }
    dc_buf_free(&p);
    return ok;
}

/* The whole manifest written again, and its journal begun again after it.
 * A manifest that cannot be written makes the whole run fail (exit 2):
 * the next run could not trust what it says. */
static void
save_manifest(struct batch *b)
{
    if (dc_records_save(&b->manifest, b->manifest_path, b->diag) != DC_OK) {
        b->manifest_failed = 1;
        return; /* the journal still extends the file on disk */
    }
    if (b->journal >= 0)
        close(b->journal);
    b->journal = dc_records_journal_open(b->manifest_path, b->journal_path, 0);
    b->unsaved = 0;
}

/* The record `r` changed: a line appended to the manifest's journal (no
 * fsync: the outputs it names are on disk already, and a line lost only
 * costs a render), or when it cannot be, the whole manifest written
 * again.  A 1,000-document run thus writes each record once, not the
 * whole manifest after every document. */
static void
note_record(struct batch *b, const struct dc_record *r)
{
    if (b->journal >= 0 && dc_records_journal_append(b->journal, r) == DC_OK)
        b->unsaved++;
    else
        save_manifest(b);
}

/* The source's hash; a FIFO, a device or a file over --max-size is
 * refused before a byte is read (hashing /dev/zero never ends). */
static enum dc_status
hash_source(struct batch *b, struct job *j)
{
    enum dc_status st = dc_check_regular(j->source, dc_cli_max_size, b->diag);
    if (st != DC_OK)
        return st;
    if (dc_sha256_file(j->source, j->sha) != DC_OK) {
        dc_diag_report(b->diag, j->source, 0, 0, DC_SEV_ERROR,
                       _("cannot read: %s"), strerror(errno));
        return DC_ERR_IO;
    }
    return DC_OK;
}

static void
archive_one(struct batch *b, struct job *j)
{
    /* the year and department, parsed once per source and then kept in
     * the document's manifest record (which matches this source here) */
    struct dc_record *r = dc_records_find(&b->manifest, "stem", j->stem);
    const char *year = r ? dc_record_get(r, "year") : NULL;
    const char *dept = r ? dc_record_get(r, "department") : NULL;
    if (!year || !*year || !dept || !*dept) {
        year = dept = NULL;
        struct dc_diag quiet;
        dc_diag_init(&quiet, NULL);
        struct dc_doc *doc = dc_parse_file(j->source, dc_cli_max_size, b->defs, &quiet);
        dc_diag_free(&quiet);
        if (doc && doc->meta.year && doc->meta.department && r) {
            char ystr[16];
            snprintf(ystr, sizeof ystr, "%d", doc->meta.year);
            dc_record_set(r, "year", ystr);
            dc_record_set(r, "department", doc->meta.department);
            year = dc_record_get(r, "year");
            dept = dc_record_get(r, "department");
        }
        dc_doc_free(doc);
    }
    if (!year || !dept) {
        dc_diag_report(b->diag, j->source, 0, 0, DC_SEV_ERROR,
                       _("cannot archive: no year or department found"));
        j->state = JOB_FAILED;
        return;
    }
    /* the files and hashes the manifest recorded of this document: the
     * workbook goes beside the PDF when it was made */
    const char *pdf_sha = r ? dc_record_get(r, "pdf-sha256") : NULL;
    const char *xlsx_sha = r ? dc_record_get(r, "xlsx-sha256") : NULL;
    if (!b->want_xlsx || (xlsx_sha && !*xlsx_sha))
        xlsx_sha = NULL;
    struct dc_buf pdf, xlsx;
    dc_buf_init(&pdf);
    dc_buf_init(&xlsx);
    out_path(b, j, "pdf", &pdf);
    out_path(b, j, "xlsx", &xlsx);
    char *stored = NULL;
    if (!pdf_sha || dc_archive_store(b->archive, atoi(year), dept, pdf.data,
                                     pdf_sha, xlsx_sha ? xlsx.data : NULL,
                                     xlsx_sha, j->stem, &stored,
                                     b->diag) != DC_OK)
        j->state = JOB_FAILED;
    else if (stored && !b->tty)
        printf(_("archived   %s -> %s\n"), j->stem, stored);
    free(stored);
    dc_buf_free(&pdf);
    dc_buf_free(&xlsx);
}

/* The warnings in a document's messages: lines "FILE:L:C: warning: …" (its
 * renderer speaks our language, so the word is ours).  Prints them when
 * `out` is set; returns their count. */
static int
doc_warnings(const struct job *j, FILE *out)
{
    char mark[64];
    snprintf(mark, sizeof mark, ": %s: ", dc_severity_label(DC_SEV_WARNING));
    int n = 0;
    for (const char *l = j->err.data; l && *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        const char *m = strstr(l, mark);
        if (m && m < l + len) {
            n++;
            if (out)
                fprintf(out, "  %.*s\n", (int)len, l);
        }
        l += len + (end ? 1 : 0);
    }
    return n;
}

/* A document ended with `status` (the renderer's exit status, or minus
 * the signal that stopped its worker): record what it made, the SHA-256
 * of each output (`sha`, in the order of exts[]) its worker sent once
 * they were durably in place, or why it failed. */
static void
finish(struct batch *b, struct job *j, int status,
       char (*sha)[DC_SHA256_HEX])
{
    b->running--;
    j->seconds = now() - j->started;
    int ok = status == 0;
    struct dc_record *r = dc_records_find(&b->manifest, "stem", j->stem);
    if (!r) {
        r = dc_records_add(&b->manifest);
        dc_record_set(r, "stem", j->stem);
    }
    dc_record_set(r, "source", j->source);
    dc_record_set(r, "source-sha256", j->sha);
    dc_record_set(r, "env-sha256", b->env);
    /* read from the source again when it is archived */
    dc_record_set(r, "year", "");
    dc_record_set(r, "department", "");
    if (ok) {
        int want[] = {b->want_pdf, b->want_docx, b->want_xlsx};
        for (int k = 0; k < 3; k++) {
            char key[32];
            snprintf(key, sizeof key, "%s-sha256", exts[k]);
            const char *have = sha && want[k] ? sha[k] : "";
            if (want[k] && !*have)
                ok = 0;
            dc_record_set(r, key, have);
        }
    }
    dc_record_set(r, "status", ok ? "ok" : "failed");
    j->state = ok ? JOB_DONE : JOB_FAILED;
    if (ok && b->archive && b->want_pdf)
        archive_one(b, j);
    if (j->state == JOB_DONE) {
        b->done++;
        int nw = doc_warnings(j, NULL);
        if (nw && b->tty)
            fprintf(stderr, "\r\033[K");
        if (nw && b->verbosity >= 0) {
            char w[64];
            snprintf(w, sizeof w, P_("%d warning", "%d warnings", nw), nw);
            /* TRANSLATORS: rendered STEM (SECONDS s, N warnings) */
            printf(_("rendered   %s (%.2f s, %s)\n"), j->stem, j->seconds, w);
            if (b->verbosity > 0) {
                fflush(stdout);
                doc_warnings(j, stderr);
            }
        } else if (!b->tty && b->verbosity >= 0) {
            printf(_("rendered   %s (%.2f s)\n"), j->stem, j->seconds);
        }
    } else {
        b->failed++;
        if (status < 0)
            dc_buf_printf(&j->err, _("%s: %s: renderer stopped by signal %d\n"),
                          j->source, dc_severity_label(DC_SEV_ERROR), -status);
        dc_clean_temporaries(b->out, b->diag); /* what a killed worker left */
        if (b->tty)
            fprintf(stderr, "\r\033[K");
        fprintf(stderr, _("FAILED     %s\n%s"), j->stem,
                j->err.data ? j->err.data : "");
    }
    note_record(b, r);
    fflush(stdout);
}

static void
progress(struct batch *b, const char *current)
{
    if (!b->tty)
        return;
    int finished = b->done + b->failed + b->skipped;
    double el = now() - b->t0;
    int todo = b->njobs - finished;
    int rendered = b->done + b->failed;
    /* el is wall time, so el / rendered already counts the parallelism */
    double eta = rendered ? el / rendered * todo : 0;
    fputs("\r\033[K", stderr);
    fprintf(stderr, _("[%d/%d] %s  %.1f s, about %.0f s left"),
            finished, b->njobs, current ? current : "", el, eta);
}

/* ---- workers ---- */

/* One worker process: it reads document numbers from `cmd`, writes its
 * messages to `err` and a report (struct report) per step of a document
 * to `st`.  It renders a document on its main thread and commits it (the
 * fsyncs, the journal, the renames) on a commit thread while it renders
 * the next: a worker holds at most two documents, `job` rendering and
 * `commit` being committed. */
struct worker {
    pid_t pid; /* 0: none */
    int cmd, err, st;
    int job;    /* the document it renders, or -1 */
    int commit; /* the document whose outputs it commits, or -1 */
};

/* What a worker tells the batch of document k: STAGED, its outputs are
 * written and their commit begun (the worker is free for the next);
 * DONE, it ended with `rc`, and when 0 its outputs are durably in place,
 * with their SHA-256 (in the order of exts[]) taken from the very files
 * renamed.  A report and its text (the commit's messages) are one write()
 * of at most PIPE_BUF bytes, so the two threads' reports never mix. */
enum { REPORT_STAGED = 1, REPORT_DONE };
struct report {
    int32_t k, kind, rc, textlen;
    char sha[3][DC_SHA256_HEX];
};
#define REPORT_TEXT_MAX (PIPE_BUF - sizeof(struct report))

static ssize_t
read_full(int fd, void *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -1 : (ssize_t)got;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int
send_report(int fd, struct report *r, const char *text, size_t len)
{
    char buf[PIPE_BUF];
    if (len > REPORT_TEXT_MAX)
        len = REPORT_TEXT_MAX;
    r->textlen = (int32_t)len;
    memcpy(buf, r, sizeof *r);
    if (len)
        memcpy(buf + sizeof *r, text, len);
    ssize_t w;
    while ((w = write(fd, buf, sizeof *r + len)) < 0 && errno == EINTR)
        ;
    return w == (ssize_t)(sizeof *r + len) ? 0 : -1;
}

/* The worker's commit thread and the one set it is handed at a time. */
struct committer {
    const struct batch *b;
    int st; /* the status pipe */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct dc_commit *set; /* being committed; NULL: idle */
    int k, quit;
};

/* Commits document k's `set`: each output hashed from its temporary (in
 * the page cache: the batch reads nothing back) while the writeback runs,
 * then dc_commit_apply (fsyncs, journal, renames, folder fsync), then the
 * report, which thus comes only once the outputs are durable. */
static void
commit_one(struct committer *cm, struct dc_commit *set, int k)
{
    struct report r;
    memset(&r, 0, sizeof r);
    r.k = k;
    r.kind = REPORT_DONE;
    r.rc = DC_EXIT_OK;
    struct dc_diag diag; /* collected: the main thread owns stderr */
    dc_diag_init(&diag, NULL);
    dc_commit_writeback(set);
    struct dc_buf p;
    dc_buf_init(&p);
    const char *path;
    int fd;
    for (int i = 0; (fd = dc_commit_file(set, i, &path)) >= 0; i++)
        for (int e = 0; e < 3; e++) {
            /* by name: render spells OUT's folder its own way */
            const char *base = strrchr(path, '/');
            dc_buf_clear(&p);
            dc_buf_printf(&p, "%s.%s", cm->b->job[k].stem, exts[e]);
            if (strcmp(p.data, base ? base + 1 : path) != 0)
                continue;
            if (dc_sha256_fd(fd, r.sha[e]) != DC_OK) {
                dc_diag_report(&diag, path, 0, 0, DC_SEV_ERROR,
                               _("cannot read: %s"), strerror(errno));
                r.rc = DC_EXIT_USAGE;
            }
        }
    /* the test of kills between a document's staging and its report
     * widens that moment */
    const char *delay = getenv("DISCLOSE_TEST_COMMIT_DELAY");
    if (delay && *delay) {
        struct timespec ts = {0, atoi(delay) % 1000 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (r.rc == DC_EXIT_OK && dc_commit_apply(set, &diag) != DC_OK)
        r.rc = DC_EXIT_USAGE;
    if (r.rc != DC_EXIT_OK)
        dc_render_not_made(cm->b->job[k].source, &diag);
    dc_commit_free(set); /* a set not applied: its temporaries go */
    dc_buf_clear(&p);
    for (size_t i = 0; i < diag.n; i++) {
        struct dc_buf line;
        dc_buf_init(&line);
        dc_diag_format(&diag.msgs[i], &line);
        dc_buf_printf(&p, "%s\n", line.data);
        dc_buf_free(&line);
    }
    send_report(cm->st, &r, p.data, p.len);
    dc_buf_free(&p);
    dc_diag_free(&diag);
}

static void *
committer_run(void *arg)
{
    struct committer *cm = arg;
    pthread_mutex_lock(&cm->mu);
    for (;;) {
        while (!cm->set && !cm->quit)
            pthread_cond_wait(&cm->cv, &cm->mu);
        if (!cm->set)
            break;
        struct dc_commit *set = cm->set;
        int k = cm->k;
        pthread_mutex_unlock(&cm->mu);
        commit_one(cm, set, k);
        pthread_mutex_lock(&cm->mu);
        cm->set = NULL;
        pthread_cond_broadcast(&cm->cv);
    }
    pthread_mutex_unlock(&cm->mu);
    return NULL;
}

/* Waits until the commit thread is idle; returns with the lock held. */
static void
committer_wait(struct committer *cm)
{
    pthread_mutex_lock(&cm->mu);
    while (cm->set)
        pthread_cond_wait(&cm->cv, &cm->mu);
}

/* The worker's life: render each document it is given, with one PDF
 * writer (fonts read once) and the layouts read before the fork, and
 * commit each on the commit thread (on this one when none can be made). */
static void
worker_main(struct batch *b, int cmd, int st)
{
    /* on one thread unless the batch says a core is free */
    struct dc_render_opts o = {b->out,       NULL,    b->want_pdf,
                               b->want_docx, 0,       b->verbosity,
                               NULL,         b->defs, b->want_xlsx,
                               1};
    struct dc_fontmap *map = NULL;
    struct dc_pdf *pdf = NULL;
    struct committer cm = {b, st, PTHREAD_MUTEX_INITIALIZER,
                           PTHREAD_COND_INITIALIZER, NULL, -1, 0};
    pthread_t thread;
    int threaded = pthread_create(&thread, NULL, committer_run, &cm) == 0;
    /* the test of failure isolation crashes the worker on this source */
    const char *crash = getenv("DISCLOSE_TEST_CRASH");
    int32_t n[2]; /* the document, and the threads it may use */
    while (read_full(cmd, n, sizeof n) == (ssize_t)sizeof n) {
        int32_t k = n[0];
        if (k < 0 || k >= b->njobs)
            break;
        o.one_thread = n[1] < 2;
        const char *source = b->job[k].source;
        if (crash && *crash && strcmp(crash, source) == 0)
            abort();
        int rc = DC_EXIT_USAGE;
        struct dc_commit *set = NULL;
        struct dc_diag diag; /* one per document: it keeps messages */
        dc_diag_init(&diag, stderr);
        if (!map) /* read once; until it can be, each document says why */
            o.map = map = dc_fontmap_load(dc_fontmap_default_path(), &diag);
        if (map)
            rc = dc_render_stage(&o, source, &pdf, &set, &diag);
        dc_diag_free(&diag);
        fflush(stderr); /* its messages before its report */
        struct report r;
        memset(&r, 0, sizeof r);
        r.k = k;
        r.kind = set ? REPORT_STAGED : REPORT_DONE;
        r.rc = rc;
        /* the one before it committed and reported, then this one's
         * report: the batch hears of each document in its order */
        committer_wait(&cm);
        int sent = send_report(st, &r, NULL, 0);
        if (set && threaded) {
            cm.set = set;
            cm.k = k;
            set = NULL;
            pthread_cond_broadcast(&cm.cv);
        }
        pthread_mutex_unlock(&cm.mu);
        if (set)
            commit_one(&cm, set, k);
        if (sent != 0)
            break;
    }
    if (threaded) {
        pthread_mutex_lock(&cm.mu);
        cm.quit = 1;
        pthread_cond_broadcast(&cm.cv);
        pthread_mutex_unlock(&cm.mu);
        pthread_join(thread, NULL);
    }
    dc_pdf_free(pdf);
    dc_fontmap_free(map);
}

static void
worker_close(struct worker *w)
{
    close(w->cmd);
    close(w->err);
    close(w->st);
    w->cmd = w->err = w->st = -1;
}

static int
worker_start(struct batch *b, struct worker *ws, int i)
{
    int c[2], e[2], t[2];
    if (pipe(c) != 0)
        return -1;
    if (pipe(e) != 0) {
        close(c[0]);
        close(c[1]);
        return -1;
    }
    if (pipe(t) != 0) {
        close(c[0]);
        close(c[1]);
        close(e[0]);
        close(e[1]);
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(c[0]), close(c[1]), close(e[0]), close(e[1]);
        close(t[0]), close(t[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* the terminal's Ctrl-C stays with the batch */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        for (int k = 0; k < b->jobs; k++) /* the other workers' pipes */
            if (ws[k].pid > 0)
                worker_close(&ws[k]);
        close(c[1]);
        close(e[0]);
        close(t[0]);
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            close(null);
        }
        dup2(e[1], 2);
        close(e[1]);
        worker_main(b, c[0], t[1]);
        _exit(0); /* the batch's stdio buffers are not ours to flush */
    }
    setpgid(pid, pid);
    close(c[0]);
    close(e[1]);
    close(t[1]);
    fcntl(c[1], F_SETFD, FD_CLOEXEC);
    fcntl(e[0], F_SETFD, FD_CLOEXEC);
    fcntl(t[0], F_SETFD, FD_CLOEXEC);
    fcntl(e[0], F_SETFL, fcntl(e[0], F_GETFL) | O_NONBLOCK);
    struct worker *w = &ws[i];
    w->pid = pid;
    w->cmd = c[1];
    w->err = e[0];
    w->st = t[0];
    w->job = w->commit = -1;
    return 0;
}

/* Everything the worker wrote to its stderr so far, to its document. */
static void
drain(struct batch *b, struct worker *w)
{
    char buf[4096];
    for (;;) {
        ssize_t got = read(w->err, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (w->job >= 0)
            dc_buf_put(&b->job[w->job].err, buf, (size_t)got);
    }
}

static int
give(struct batch *b, struct worker *w, int k, int threads)
{
    int32_t n[2] = {k, threads};
    if (write(w->cmd, n, sizeof n) != (ssize_t)sizeof n)
        return -1;
    struct job *j = &b->job[k];
    w->job = k;
    j->pid = w->pid;
    j->state = JOB_RUNNING;
    j->started = now();
    b->running++;
    return 0;
}

/* The worker ended (its status pipe closed): the document it rendered,
 * if any, failed.  The one it committed was cut short: the folder is
 * cleaned (its commit finished when its journal was whole, else
 * discarded) and it is rendered again, once, by another worker; its
 * record is never written from a commit not known to be whole. */
static void
worker_died(struct batch *b, struct worker *w, int *next)
{
    drain(b, w);
    int ws = 0;
    while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    int status = WIFSIGNALED(ws) ? -WTERMSIG(ws)
                 : WIFEXITED(ws) && WEXITSTATUS(ws) ? WEXITSTATUS(ws)
                                                    : DC_EXIT_USAGE;
    worker_close(w);
    w->pid = 0;
    if (w->job >= 0) {
        struct job *j = &b->job[w->job];
        w->job = -1;
        finish(b, j, status, NULL); /* cleans the folder */
        progress(b, j->stem);
    } else if (w->commit >= 0) {
        dc_clean_temporaries(b->out, b->diag);
    }
    if (w->commit >= 0) {
        struct job *j = &b->job[w->commit];
        w->commit = -1;
        if (j->retried) {
            finish(b, j, status, NULL);
            progress(b, j->stem);
        } else {
            j->retried = 1;
            j->state = JOB_TODO;
            dc_buf_clear(&j->err); /* its render says them again */
            b->running--;
            if (*next > (int)(j - b->job))
                *next = (int)(j - b->job);
        }
    }
}

/* The next document to render, if any, to idle worker `i` (started when
 * it is not running).  -j N is at most N cores' worth of work: N
 * processes, one thread each, so -j1 leaves the other cores to whatever
 * else the server runs.  A document takes a second thread only where one
 * of those N would otherwise idle: at the end of the batch, when no
 * document is left for the other workers. */
static void
hand_out(struct batch *b, struct worker *w, int i, int *next)
{
    if (interrupted)
        return;
    while (*next < b->njobs && b->job[*next].state != JOB_TODO)
        ++*next;
    if (*next >= b->njobs)
        return;
    struct job *j = &b->job[(*next)++];
    int left = 0;
    for (int k = *next; k < b->njobs && !left; k++)
        left = b->job[k].state == JOB_TODO;
    int threads = b->cores > 1 && b->jobs > 1 && !left ? 2 : 1;
    if ((w[i].pid == 0 && worker_start(b, w, i) != 0) ||
        give(b, &w[i], (int)(j - b->job), threads) != 0) {
        dc_diag_report(b->diag, j->source, 0, 0, DC_SEV_ERROR,
                       _("cannot start the renderer: %s"), strerror(errno));
        j->state = JOB_FAILED;
        b->failed++;
    }
    progress(b, j->stem);
}

/* Report `r` of worker `x`: a document staged (the worker takes the next)
 * or ended. */
static void
reported(struct batch *b, struct worker *w, struct worker *x,
         const struct report *r, const char *text, int *next)
{
    if (r->kind == REPORT_STAGED && r->k == x->job && x->commit < 0) {
        drain(b, x); /* it wrote its messages before its report */
        x->commit = x->job;
        x->job = -1;
        hand_out(b, w, (int)(x - w), next);
        return;
    }
    if (r->kind != REPORT_DONE || (r->k != x->job && r->k != x->commit))
        return; /* not ours to believe */
    struct job *j = &b->job[r->k];
    if (r->k == x->job) { /* it failed before its outputs were staged */
        drain(b, x);
        x->job = -1;
        /* its next document first: the bookkeeping below would
         * otherwise keep the worker waiting */
        hand_out(b, w, (int)(x - w), next);
    } else {
        x->commit = -1;
        dc_buf_put(&j->err, text, (size_t)r->textlen);
    }
    /* the hashes only of outputs durably in place */
    char sha[3][DC_SHA256_HEX];
    for (int e = 0; e < 3; e++) {
        memcpy(sha[e], r->sha[e], DC_SHA256_HEX);
        sha[e][DC_SHA256_HEX - 1] = '\0';
    }
    finish(b, j, r->rc, r->rc == 0 ? sha : NULL);
    progress(b, j->stem);
}

/* The worker holds a document, rendering or committing it. */
static int
busy(const struct worker *w)
{
    return w->pid > 0 && (w->job >= 0 || w->commit >= 0);
}

static void
run_queue(struct batch *b)
{
    int next = 0;
    struct worker *w = dc_xcalloc((size_t)b->jobs, sizeof *w);
    for (int i = 0; i < b->jobs; i++)
        w[i].cmd = w[i].err = w[i].st = w[i].job = w[i].commit = -1;
    struct pollfd *pfd = dc_xcalloc(2 * (size_t)b->jobs, sizeof(*pfd));
    int *which = dc_xcalloc(2 * (size_t)b->jobs, sizeof(int));
    int stopped = 0;
    for (;;) {
        for (int i = 0; i < b->jobs; i++)
            if (!(w[i].pid > 0 && w[i].job >= 0))
                hand_out(b, w, i, &next);
        /* the renders are stopped; a commit alone is let finish */
        if (interrupted > 1 && !stopped) {
            for (int i = 0; i < b->jobs; i++)
                if (w[i].pid > 0 && w[i].job >= 0)
                    kill(-w[i].pid, SIGTERM);
            stopped = 1;
        }
        if (b->running == 0)
            break;
        int n = 0;
        for (int i = 0; i < b->jobs; i++) {
            if (!busy(&w[i]))
                continue;
            if (w[i].err >= 0) {
                pfd[n].fd = w[i].err;
                pfd[n].events = POLLIN;
                which[n++] = i;
            }
            pfd[n].fd = w[i].st;
            pfd[n].events = POLLIN;
            which[n++] = ~i;
        }
        if (poll(pfd, (nfds_t)n, 500) < 0 && errno != EINTR)
            break;
        for (int k = 0; k < n; k++) {
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            struct worker *x = &w[which[k] < 0 ? ~which[k] : which[k]];
            if (!busy(x))
                continue; /* ended by an earlier entry of this round */
            if (which[k] >= 0) {
                char buf[4096];
                ssize_t got = read(x->err, buf, sizeof buf);
                if (got > 0 && x->job >= 0)
                    dc_buf_put(&b->job[x->job].err, buf, (size_t)got);
                else if (got == 0) { /* dying: its status pipe will say */
                    close(x->err);
                    x->err = -1;
                }
                continue;
            }
            /* a report is one write() of at most PIPE_BUF bytes: all
             * of it is there */
            struct report r;
            char text[REPORT_TEXT_MAX];
            ssize_t got = read_full(x->st, &r, sizeof r);
            if (got == (ssize_t)sizeof r &&
                (r.textlen < 0 || (size_t)r.textlen > sizeof text ||
                 read_full(x->st, text, (size_t)r.textlen) != r.textlen))
                got = -1;
            if (got != (ssize_t)sizeof r) {
                worker_died(b, x, &next);
                continue;
            }
            reported(b, w, x, &r, text, &next);
        }
    }
    for (int i = 0; i < b->jobs; i++) /* no more documents: they end */
        if (w[i].pid > 0) {
            close(w[i].cmd);
            w[i].cmd = -1;
        }
    for (int i = 0; i < b->jobs; i++)
        if (w[i].pid > 0) {
            while (waitpid(w[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
            worker_close(&w[i]);
        }
    free(w);
    free(pfd);
    free(which);
}

enum {
    OPT_FORCE = DC_OPT_LONG,
    OPT_ARCHIVE,
    OPT_PDF,
    OPT_DOCX,
    OPT_XLSX,
    OPT_WAIT
};

static const struct dc_opt batch_opts[] = {
    {'o', "output", "DIR", N_("where the outputs go (required)")},
    {'j', "jobs", "N", N_("documents rendered at once (default: the cores)")},
    {OPT_FORCE, "force", NULL, N_("render every document, changed or not")},
    {OPT_ARCHIVE, "archive", "DIR",
     N_("file each PDF as DIR/<year>/<department>.pdf, its workbook "
        "beside it")},
    {OPT_PDF, "pdf", NULL, N_("write the PDFs")},
    {OPT_DOCX, "docx", NULL, N_("write the Word documents")},
    {OPT_XLSX, "xlsx", NULL, N_("write the workbooks of the tables")},
    {OPT_WAIT, "wait", NULL,
     N_("when another batch is writing to DIR or ARCHIVE, wait for it")},
    {0, NULL, NULL, NULL}};

const struct dc_command dc_batch_command = {
    "batch", "DIR_OR_SOURCE...", N_("many documents, in parallel, incremental"),
    N_("Renders every source (a file, or a folder scanned for *.txt) into "
       "DIR, N at a\ntime.  Only documents whose source, layouts, fonts or "
       "program changed since\nthe last run are rendered again "
       "(DIR/manifest.xml); --force renders all.\n--archive files each PDF "
       "as ARCHIVE/<year>/<department>.pdf (its workbook\nbeside it as "
       ".xlsx), never overwriting: a re-issue becomes a new revision.\n"
       "Each document's warnings are counted (-v shows them).  Exit status 1 "
       "when\nany document failed, 2 for a usage error.\n"),
    1, -1, batch_opts, dc_cmd_batch, NULL};

/* Whether $TMPDIR, when set, is a folder the workbook writer may make its
 * temporary files in (the test dc_xlsx_stage makes of each document);
 * else says why. */
static int
tmpdir_usable(struct dc_diag *diag)
{
    struct dc_tmp_env env = dc_cli_tmp_env();
    const char *dirs[DC_TMP_DIRS];
    return dc_tmp_dirs_report(&env, 0, dirs, diag) >= 0;
}

int
dc_cmd_batch(int argc, char **argv)
{
    struct batch b;
    memset(&b, 0, sizeof b);
    b.journal = -1;
    b.jobs = b.cores = cores();
    struct dc_args a;
    int c, wait = 0, lock_out = -1, lock_archive = -1;
    long v;
    dc_args_begin(&a, &dc_batch_command, argc, argv);
    while ((c = dc_args_next(&a)) > 0) {
        switch (c) {
        case 'o':
            b.out = a.value;
            break;
        case 'j':
            if (dc_args_int(&a, 1, 256, &v) != 0)
                c = -1;
            else
                b.jobs = (int)v;
            break;
        case OPT_FORCE:
            b.force = 1;
            break;
        case OPT_ARCHIVE:
            b.archive = a.value;
            break;
        case OPT_PDF:
            b.want_pdf = 1;
            break;
        case OPT_DOCX:
            b.want_docx = 1;
            break;
        case OPT_XLSX:
            b.want_xlsx = 1;
            break;
        case OPT_WAIT:
            wait = 1;
            break;
        }
        if (c < 0)
            break;
    }
    if (c == 0 && (!b.out || !b.out[0]))
        dc_args_error(&a, _("where should the outputs go? -o DIR"));
    else if (c == 0 && (strcmp(b.out, "-") == 0 ||
                        (b.archive && strcmp(b.archive, "-") == 0)))
        dc_args_error(&a, _("batch writes files into a folder, not to "
                            "standard output"));
    else if (c == 0)
        for (int i = 0; i < a.noperands && !a.status; i++)
            if (strcmp(a.operands[i], "-") == 0)
                dc_args_error(&a, _("batch reads files and folders, not "
                                    "standard input (render reads it)"));
    if (c < 0 || a.status)
        return dc_args_end(&a);
    char **inputs = a.operands;
    int ninputs = a.noperands;
    b.verbosity = a.verbosity;
    dc_args_end(&a);
    if (!b.want_pdf && !b.want_docx && !b.want_xlsx)
        b.want_pdf = b.want_docx = b.want_xlsx = 1;
    if (b.archive && !b.want_pdf) {
        return dc_usage_error(&dc_batch_command,
                              _("--archive needs the PDF (not --docx alone)"));
    }
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    diag.quiet = b.verbosity < 0;
    b.diag = &diag;
    b.tty = isatty(2);
    b.t0 = now();
    int rc = DC_EXIT_USAGE;
    struct dc_tabledefs *defs = NULL;
    /* the writers before anything is read or made; the workers inherit
     * them */
    if (dc_render_load_writers(b.want_docx, b.want_xlsx, &diag) != DC_OK)
        goto out;
    /* a TMPDIR the workbooks' temporaries cannot go to is said once, not
     * by every document after its rendering in vain */
    if (b.want_xlsx && !tmpdir_usable(&diag))
        goto out;
    if (collect(&b, inputs, ninputs) <= 0) {
        if (b.njobs == 0 && diag.nerrors == 0)
            fprintf(stderr, _("disclose batch: no sources (*.txt) found\n"));
        goto out;
    }
    if (dc_mkdirs(b.out, &diag) != DC_OK ||
        (b.archive && dc_mkdirs(b.archive, &diag) != DC_OK))
        goto out;
    /* one batch at a time on OUT and on the archive: two would lose each
     * other's manifest records and index entries */
    lock_out = dc_lock_dir(b.out, wait, &diag);
    if (lock_out < 0)
        goto out;
    if (b.archive) {
        lock_archive = dc_lock_dir(b.archive, wait, &diag);
        if (lock_archive < 0)
            goto out;
        dc_clean_temporaries(b.archive, &diag);
    }
    dc_clean_temporaries(b.out, &diag);
    defs = dc_cli_load_defs(&diag);
    if (!defs)
        goto out;
    b.defs = defs;
    struct dc_buf mp;
    dc_buf_init(&mp);
    dc_buf_printf(&mp, "%s/manifest.xml", b.out);
    b.manifest_path = dc_buf_detach(&mp);
    if (dc_records_load(&b.manifest, b.manifest_path, "manifest", "document",
                        &diag) != DC_OK)
        goto out;
    /* the records a run that was stopped (killed, a power loss) kept in
     * the manifest's journal, and the journal open for this run's */
    dc_buf_printf(&mp, "%s/.manifest.xml.journal", b.out);
    b.journal_path = dc_buf_detach(&mp);
    long kept = dc_records_replay(&b.manifest, b.manifest_path,
                                  b.journal_path, "stem");
    b.journal = dc_records_journal_open(b.manifest_path, b.journal_path, kept);
    b.unsaved = kept > 0;
    environment_hash(&b);

    for (int i = 0; i < b.njobs; i++) {
        struct job *j = &b.job[i];
        if (hash_source(&b, j) != DC_OK) {
            j->state = JOB_FAILED;
            b.failed++;
        } else if (!b.force && up_to_date(&b, j)) {
            j->state = JOB_SKIP;
            b.skipped++;
            if (b.archive) {
                archive_one(&b, j);
                if (j->state == JOB_FAILED) {
                    b.skipped--;
                    b.failed++;
                }
            }
        }
    }
    if (b.archive) /* keep the year and department read for the archive */
        save_manifest(&b);

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    run_queue(&b);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    /* the whole manifest once, with every record of the run; the journal
     * then extends nothing */
    if (b.unsaved)
        save_manifest(&b);
    if (!b.manifest_failed) {
        close(b.journal);
        b.journal = -1;
        unlink(b.journal_path);
    }

    if (b.tty)
        fprintf(stderr, "\r\033[K");
    int notrun = 0;
    for (int i = 0; i < b.njobs; i++)
        if (b.job[i].state == JOB_TODO)
            notrun++;
    /* TRANSLATORS: the batch's last line; %s is ", interrupted" or "" */
    printf(_("%d rendered, %d up to date, %d failed%s in %.2f s\n"), b.done,
           b.skipped, b.failed, interrupted ? _(", interrupted") : "",
           now() - b.t0);
    if (b.failed) {
        printf("%s", _("failed:"));
        for (int i = 0; i < b.njobs; i++)
            if (b.job[i].state == JOB_FAILED)
                printf(" %s", b.job[i].source);
        printf("\n");
    }
    if (interrupted)
        printf(_("%d not started: run the same command again to finish\n"),
               notrun);
    rc = interrupted || b.failed ? DC_EXIT_FINDINGS : DC_EXIT_OK;
    if (b.manifest_failed) {
        fprintf(stderr,
                _("disclose batch: %s could not be written: the next run "
                  "renders everything again\n"),
                b.manifest_path);
        rc = DC_EXIT_USAGE;
    }
out:
    if (lock_archive >= 0)
        close(lock_archive);
    if (lock_out >= 0)
        close(lock_out);
    for (int i = 0; i < b.njobs; i++) {
        free(b.job[i].source);
        free(b.job[i].stem);
        dc_buf_free(&b.job[i].err);
    }
    free(b.job);
    if (b.journal >= 0)
        close(b.journal);
    free(b.manifest_path);
    free(b.journal_path);
    dc_records_free(&b.manifest);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
