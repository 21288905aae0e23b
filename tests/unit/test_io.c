/* Unit tests for src/core's input and output: bounded reads of regular
 * files only, and the commit set every output goes through. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "core.h"

static char dir[64];

static void
setup(void)
{
    strcpy(dir, "/tmp/dc-io-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void
put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The file's text ("" when missing). */
static char *
get(const char *path)
{
    char *data = NULL;
    size_t len;
    if (dc_read_file(path, 0, &data, &len, NULL) != DC_OK)
        return dc_xstrdup("");
    return data;
}

/* How many names in dir start with ".". */
static int
hidden_names(void)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
            strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void
path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* ---- reading ---- */

START_TEST(read_refuses_fifo_at_once)
{
    char fifo[128];
    path_in(fifo, sizeof fifo, "source.txt");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    char *data = NULL;
    size_t len;
    time_t t0 = time(NULL);
    /* no writer ever opens the FIFO: a blocking open would hang here */
    ck_assert_int_eq(dc_read_file(fifo, 0, &data, &len, &d), DC_ERR_INPUT);
    ck_assert(time(NULL) - t0 < 2);
    ck_assert_uint_eq(d.nerrors, 1);
    ck_assert_ptr_nonnull(strstr(d.msgs[0].text, "a FIFO, not a regular file"));
    ck_assert_str_eq(d.msgs[0].file, fifo);
    dc_diag_free(&d);
}
END_TEST

START_TEST(read_refuses_devices_and_folders)
{
    char *data = NULL;
    size_t len;
    ck_assert_int_eq(dc_read_file("/dev/zero", 0, &data, &len, NULL),
                     DC_ERR_INPUT);
    ck_assert_int_eq(dc_read_file(dir, 0, &data, &len, NULL), DC_ERR_INPUT);
    ck_assert_int_eq(dc_read_file("/nonexistent/x", 0, &data, &len, NULL),
                     DC_ERR_IO);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(read_limit_checked_before_reading)
{
    char p[128];
    path_in(p, sizeof p, "big.txt");
    put(p, "0123456789");
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(dc_read_file(p, 9, &data, &len, &d), DC_ERR_INPUT);
    ck_assert_int_eq(errno, EFBIG);
    ck_assert_ptr_null(data);
    ck_assert_ptr_nonnull(strstr(d.msgs[0].text, "10 bytes"));
    ck_assert_int_eq(dc_read_file(p, 10, &data, &len, &d), DC_OK);
    ck_assert_uint_eq(len, 10);
    ck_assert_str_eq(data, "0123456789");
    free(data);
    dc_diag_free(&d);
}
END_TEST

START_TEST(read_pipe_bounded)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    char block[4096];
    memset(block, 'x', sizeof block);
    ck_assert_int_eq(write(fds[1], block, sizeof block), sizeof block);
    close(fds[1]);
    char *data = NULL;
    size_t len;
    ck_assert_int_eq(dc_read_fd(fds[0], "<stdin>", 1000, &data, &len, NULL),
                     DC_ERR_INPUT);
    ck_assert_int_eq(errno, EFBIG);
    close(fds[0]);
}
END_TEST

/* ---- writing ---- */

START_TEST(atomic_write_leaves_only_the_file)
{
    char p[128];
    path_in(p, sizeof p, "manifest.xml");
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    ck_assert_int_eq(dc_write_file_atomic(p, "new", 3, &d), DC_OK);
    char *t = get(p);
    ck_assert_str_eq(t, "new");
    free(t);
    ck_assert_int_eq(hidden_names(), 0);
    dc_diag_free(&d);
}
END_TEST

/* The temporary "PATH.tmp-<pid>" of before was opened with O_TRUNC through
 * whatever was planted there; now no file outside is ever written. */
START_TEST(atomic_write_never_through_a_symlink)
{
    char victim[128], p[128], planted[192];
    path_in(victim, sizeof victim, "victim");
    path_in(p, sizeof p, "out.xml");
    put(victim, "precious");
    snprintf(planted, sizeof planted, "%s.tmp-%ld", p, (long)getpid());
    ck_assert_int_eq(symlink(victim, planted), 0);
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    ck_assert_int_eq(dc_write_file_atomic(p, "mine", 4, &d), DC_OK);
    char *t = get(victim);
    ck_assert_str_eq(t, "precious");
    free(t);
    /* a symlink at the output's own name is replaced, not followed */
    unlink(planted);
    ck_assert_int_eq(unlink(p), 0);
    ck_assert_int_eq(symlink(victim, p), 0);
    ck_assert_int_eq(dc_write_file_atomic(p, "mine", 4, &d), DC_OK);
    t = get(victim);
    ck_assert_str_eq(t, "precious");
    free(t);
    struct stat st;
    ck_assert_int_eq(lstat(p, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    dc_diag_free(&d);
}
END_TEST

/* A writer killed between writing and renaming leaves the old file and a
 * temporary that the next run removes. */
START_TEST(kill_between_write_and_rename)
{
    char p[128];
    path_in(p, sizeof p, "doc.pdf");
    put(p, "old");
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct dc_commit *c = dc_commit_new();
        if (dc_commit_add(c, p, "new", 3, NULL) == DC_OK)
            raise(SIGKILL);
        _exit(1);
    }
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
    char *t = get(p);
    ck_assert_str_eq(t, "old");
    free(t);
    ck_assert_int_eq(hidden_names(), 1);
    ck_assert_int_eq(dc_clean_temporaries(dir, NULL), 1);
    ck_assert_int_eq(hidden_names(), 0);
}
END_TEST

/* A live writer's temporary is locked and stays. */
START_TEST(clean_spares_a_live_writer)
{
    char p[128];
    path_in(p, sizeof p, "doc.pdf");
    struct dc_commit *c = dc_commit_new();
    ck_assert_int_eq(dc_commit_add(c, p, "new", 3, NULL), DC_OK);
    ck_assert_int_eq(dc_clean_temporaries(dir, NULL), 0);
    ck_assert_int_eq(hidden_names(), 1);
    ck_assert_int_eq(dc_commit_apply(c, NULL), DC_OK);
    dc_commit_free(c);
    ck_assert_int_eq(hidden_names(), 0);
    char *t = get(p);
    ck_assert_str_eq(t, "new");
    free(t);
}
END_TEST

/* Two outputs of one render: when the second cannot be put in place, the
 * first gets its old contents back. */
START_TEST(commit_all_or_none)
{
    char a[128], b[128], inside[192];
    path_in(a, sizeof a, "doc.pdf");
    path_in(b, sizeof b, "doc.docx");
    put(a, "old pdf");
    /* a folder that is not empty cannot be replaced by a file */
    ck_assert_int_eq(mkdir(b, 0777), 0);
    snprintf(inside, sizeof inside, "%s/x", b);
    put(inside, "x");
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    struct dc_commit *c = dc_commit_new();
    ck_assert_int_eq(dc_commit_add(c, a, "new pdf", 7, &d), DC_OK);
    ck_assert_int_eq(dc_commit_add(c, b, "new docx", 8, &d), DC_OK);
    ck_assert_int_eq(dc_commit_apply(c, &d), DC_ERR_IO);
    dc_commit_free(c);
    char *t = get(a);
    ck_assert_str_eq(t, "old pdf");
    free(t);
    ck_assert_int_eq(hidden_names(), 0);
    ck_assert_uint_eq(d.nerrors, 1);
    /* and a set never applied leaves nothing */
    c = dc_commit_new();
    ck_assert_int_eq(dc_commit_add(c, a, "newer", 5, &d), DC_OK);
    dc_commit_free(c);
    t = get(a);
    ck_assert_str_eq(t, "old pdf");
    free(t);
    ck_assert_int_eq(hidden_names(), 0);
    dc_diag_free(&d);
}
END_TEST

/* A journal as dc_commit_apply writes it (the format in output.c): the
 * lines given, then "end N CRC32"; `cut` > 0 keeps only that many bytes. */
static void
journal(const char *name, const char *lines, int n, size_t cut)
{
    char path[160], text[1024];
    path_in(path, sizeof path, name);
    int len = snprintf(text, sizeof text, "%s", lines);
    uLong crc = crc32(0L, (const Bytef *)text, (uInt)len);
    len += snprintf(text + len, sizeof text - (size_t)len, "end %d %08lx\n", n,
                    (unsigned long)crc);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fwrite(text, 1, cut ? cut : (size_t)len, f);
    fclose(f);
}

static void
put_in(const char *name, const char *text)
{
    char p[160];
    path_in(p, sizeof p, name);
    put(p, text);
}

static char *
get_in(const char *name)
{
    char p[160];
    path_in(p, sizeof p, name);
    return get(p);
}

static void
text_is(const char *name, const char *want)
{
    char *t = get_in(name);
    ck_assert_str_eq(t, want);
    free(t);
}

#define J_HEAD "disclose-commit 1\n"
#define J_PDF "file .d.pdf.dctmp-aaaaaaaaaaaa d.pdf .d.pdf.dctmp-oooooooooooo\n"
#define J_DOCX "file .d.docx.dctmp-bbbbbbbbbbbb d.docx -\n"

/* Killed between the PDF's rename and the DOCX's: the PDF is new, the DOCX
 * old (here: none yet), the journal complete.  The next clean finishes the
 * set: both new, the journal and the old file's link gone. */
START_TEST(journal_rolled_forward)
{
    put_in("d.pdf", "new pdf");
    put_in(".d.pdf.dctmp-oooooooooooo", "old pdf");
    put_in(".d.docx.dctmp-bbbbbbbbbbbb", "new docx");
    journal(".dc-commit-abcdefghijkl", J_HEAD J_PDF J_DOCX, 2, 0);
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    ck_assert_int_eq(dc_clean_temporaries(dir, &d), 1);
    text_is("d.pdf", "new pdf");
    text_is("d.docx", "new docx");
    ck_assert_int_eq(hidden_names(), 0);
    ck_assert_uint_eq(d.nwarnings, 1);
    ck_assert(strstr(d.msgs[0].text, "1 of its 2 files") != NULL);
    dc_diag_free(&d);
}
END_TEST

/* A journal cut short (a power loss while it was written), or one whose
 * checksum fails: no rename had begun, so its temporaries go and the old
 * files stay. */
START_TEST(journal_cut_short_discarded)
{
    for (int variant = 0; variant < 3; variant++) {
        put_in("d.pdf", "old pdf");
        put_in(".d.pdf.dctmp-aaaaaaaaaaaa", "new pdf");
        put_in(".d.pdf.dctmp-oooooooooooo", "old pdf");
        put_in(".d.docx.dctmp-bbbbbbbbbbbb", "new docx");
        size_t whole = strlen(J_HEAD J_PDF J_DOCX);
        if (variant == 0) /* cut inside the DOCX's line */
            journal(".dc-commit-abcdefghijkl", J_HEAD J_PDF J_DOCX, 2,
                    whole - 5);
        else if (variant == 1) /* the end line lost */
            journal(".dc-commit-abcdefghijkl", J_HEAD J_PDF J_DOCX, 2, whole);
        else /* the checksum does not hold */
            put_in(".dc-commit-abcdefghijkl",
                   J_HEAD J_PDF J_DOCX "end 2 00000000\n");
        struct dc_diag d;
        dc_diag_init(&d, NULL);
        dc_clean_temporaries(dir, &d);
        text_is("d.pdf", "old pdf");
        text_is("d.docx", "");
        ck_assert_int_eq(hidden_names(), 0);
        ck_assert_uint_eq(d.nwarnings, 1);
        ck_assert(strstr(d.msgs[0].text, "discarded") != NULL);
        dc_diag_free(&d);
    }
}
END_TEST

/* A journal naming files outside its folder, or a name that is not a
 * temporary of the file it replaces, is not followed. */
START_TEST(journal_never_leaves_its_folder)
{
    char sub[160];
    path_in(sub, sizeof sub, "sub");
    ck_assert_int_eq(mkdir(sub, 0777), 0);
    put_in("victim", "precious");
    put_in("sub/.x.dctmp-aaaaaaaaaaaa", "planted");
    journal(".dc-commit-abcdefghijkl",
            J_HEAD "file sub/.x.dctmp-aaaaaaaaaaaa ../victim -\n", 1, 0);
    journal(".dc-commit-bcdefghijklm",
            J_HEAD "file sub/.x.dctmp-aaaaaaaaaaaa victim -\n", 1, 0);
    dc_clean_temporaries(dir, NULL);
    text_is("victim", "precious");
    text_is("sub/.x.dctmp-aaaaaaaaaaaa", "planted");
    ck_assert_int_eq(hidden_names(), 0); /* the journals went */
}
END_TEST

/* A rename failed and the writer was killed while putting the old files
 * back: the undo journal ends the job, also beside the commit's own. */
START_TEST(journal_undo_finished)
{
    put_in("d.pdf", "new pdf");
    put_in(".d.pdf.dctmp-oooooooooooo", "old pdf");
    put_in("d.docx", "new docx"); /* it had no old file: it goes */
    journal(".dc-commit-abcdefghijkl", J_HEAD J_PDF J_DOCX, 2, 0);
    journal(".dc-commit-zzzzzzzzzzzz",
            "disclose-undo 1\n"
            "file .d.pdf.dctmp-aaaaaaaaaaaa d.pdf .d.pdf.dctmp-oooooooooooo\n"
            "file .d.docx.dctmp-bbbbbbbbbbbb d.docx -\n",
            2, 0);
    dc_clean_temporaries(dir, NULL);
    text_is("d.pdf", "old pdf");
    text_is("d.docx", "");
    ck_assert_int_eq(hidden_names(), 0);
}
END_TEST

/* Two files through dc_commit_open (written by the caller) and
 * dc_commit_adopt (a file a library wrote under its own name): committed
 * together, nothing else left. */
START_TEST(commit_open_and_adopt)
{
    char a[128], b[128], w[128];
    path_in(a, sizeof a, "doc.pdf");
    path_in(b, sizeof b, "doc.docx");
    path_in(w, sizeof w, "doc.docx.zipXXXX");
    put(a, "old pdf");
    put(w, "new docx");
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    struct dc_commit *c = dc_commit_new();
    int fd = dc_commit_open(c, a, &d);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "new pdf", 7), 7);
    ck_assert_int_eq(dc_commit_adopt(c, b, w, &d), DC_OK);
    ck_assert_int_eq(access(w, F_OK), -1);
    ck_assert_int_eq(dc_commit_apply(c, &d), DC_OK);
    dc_commit_free(c);
    text_is("doc.pdf", "new pdf");
    text_is("doc.docx", "new docx");
    ck_assert_int_eq(hidden_names(), 0);
    ck_assert_uint_eq(d.nerrors, 0);
    dc_diag_free(&d);
}
END_TEST

static Suite *
io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *t = tcase_create("read");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, read_refuses_fifo_at_once);
    tcase_add_test(t, read_refuses_devices_and_folders);
    tcase_add_test(t, read_limit_checked_before_reading);
    tcase_add_test(t, read_pipe_bounded);
    suite_add_tcase(s, t);
    t = tcase_create("write");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, atomic_write_leaves_only_the_file);
    tcase_add_test(t, atomic_write_never_through_a_symlink);
    tcase_add_test(t, kill_between_write_and_rename);
    tcase_add_test(t, clean_spares_a_live_writer);
    tcase_add_test(t, commit_all_or_none);
    tcase_add_test(t, journal_rolled_forward);
    tcase_add_test(t, journal_cut_short_discarded);
    tcase_add_test(t, journal_never_leaves_its_folder);
    tcase_add_test(t, journal_undo_finished);
    tcase_add_test(t, commit_open_and_adopt);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    SRunner *r = srunner_create(io_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
