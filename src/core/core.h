/* Shared helpers for every step of disclose: allocation, arena, growable
 * buffer, UTF-8, exact decimals and the diagnostics sink.  Depends on nothing
 * but the C library. */
#ifndef DC_CORE_H
#define DC_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- status of calls that can fail for outside reasons ---- */
enum dc_status {
    DC_OK = 0,
    DC_ERR_IO,    /* a file could not be read or written */
    DC_ERR_LIB,   /* a library (libharu, libzip, libxml2, ICU) failed */
    DC_ERR_INPUT, /* the input is not what we can use */
    DC_ERR_USAGE
};
const char *dc_status_str(enum dc_status s);

/* ---- allocation: failure aborts, so callers never test for NULL ---- */
void *dc_xmalloc(size_t n);
/* Sets the C library's allocator up for one short run of the program
 * (main() calls it first): see alloc.c. */
void dc_alloc_tune(void);
void *dc_xcalloc(size_t count, size_t size);
void *dc_xrealloc(void *p, size_t n);
char *dc_xstrdup(const char *s);

/* ---- arena: many small allocations freed at once ---- */
struct dc_arena_chunk;
struct dc_arena {
    struct dc_arena_chunk *head;
};
void dc_arena_init(struct dc_arena *a);
void dc_arena_release(struct dc_arena *a); /* frees every allocation */
/* zeroed; aligned for pointers, int64_t and double (not max_align_t) */
void *dc_arena_alloc(struct dc_arena *a, size_t n);
char *dc_arena_strdup(struct dc_arena *a, const char *s);
char *dc_arena_strndup(struct dc_arena *a, const char *s, size_t n);

/* ---- spool: a big buffer read front to back once (the source, the
 * lexer's line records), whose beginning goes back to the system as it
 * is used, so that the model grows while they shrink (issue 12).  From
 * DC_SPOOL_STEP bytes on it is a mapping of its own; a smaller one is on
 * the heap and kept whole. ---- */
#define DC_SPOOL_STEP ((size_t)512 * 1024)
struct dc_spool {
    char *base;
    size_t cap;     /* bytes from base */
    size_t dropped; /* bytes from base given back: whole pages */
    int mapped;     /* base is a mapping of its own, not malloc'd */
};
/* cap bytes, not zeroed, at s->base; failure aborts. */
void *dc_spool_alloc(struct dc_spool *s, size_t cap);
/* Bytes [0, upto) are not read again: their whole pages go back once
 * DC_SPOOL_STEP bytes of them have gathered. */
void dc_spool_drop(struct dc_spool *s, size_t upto);
void dc_spool_free(struct dc_spool *s); /* and zeroes it */

/* ---- growable byte buffer, always NUL-terminated ---- */
struct dc_buf {
    char *data;
    size_t len;
    size_t cap;
};
void dc_buf_init(struct dc_buf *b);
void dc_buf_free(struct dc_buf *b);
void dc_buf_clear(struct dc_buf *b);
void dc_buf_put(struct dc_buf *b, const void *p, size_t n);
void dc_buf_puts(struct dc_buf *b, const char *s);
void dc_buf_putc(struct dc_buf *b, char c);
void dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dc_buf_put_utf8(struct dc_buf *b, uint32_t cp);
/* Hands the bytes to the caller (free() them); the buffer is empty after. */
char *dc_buf_detach(struct dc_buf *b);
/* Writes `s` as a JSON string ("…" with its escapes), or null when NULL. */
void dc_json_puts(FILE *out, const char *s);

/* ---- fixed arrays of chars ---- */
/* Writes at most `max` bytes of s (fewer when it is shorter) at dst[at],
 * within dst's `cap` bytes (cap > at), and terminates it; returns the new
 * length.  What snprintf(dst + at, cap - at, "%.*s", max, s) does, without
 * formatting (codes are built so for every row). */
size_t dc_str_put(char *dst, size_t cap, size_t at, const char *s, size_t max);

/* Reads an open stream (standard input) to its end into *out
 * (NUL-terminated, caller frees); DC_ERR_IO with errno set when it cannot. */
enum dc_status dc_read_stream(FILE *f, char **out, size_t *len);
struct dc_diag;

/* ---- reading input: regular files only, bounded ---- */
/* Source files larger than this are refused unless --max-size says more. */
#define DC_MAX_SOURCE_DEFAULT ((size_t)64 << 20)
/* Why an input could not be read, for a caller that words its own message
 * (the parser, with its message ids); the functions below taking a `diag`
 * word it themselves. */
enum dc_read_fail {
    DC_READ_CANNOT_OPEN, /* errno in `err` */
    DC_READ_NOT_REGULAR, /* `kind`: "a folder", "a FIFO", … (an N_() id) */
    DC_READ_TOO_BIG,     /* `size` (-1 for a pipe) over `max` */
    DC_READ_CANNOT_READ  /* errno in `err` */
};
struct dc_read_error {
    enum dc_read_fail what;
    int err;
    const char *kind;
    long long size;
    size_t max;
};
/* dc_open_regular() and dc_read_fd() that say why in `why` instead. */
int dc_open_input(const char *path, struct dc_read_error *why);
enum dc_status dc_read_input(int fd, size_t max, char **out, size_t *len,
                             struct dc_read_error *why);
/* dc_read_input() into a spool (a source read front to back once); its
 * byte after the `len` read is a NUL. */
enum dc_status dc_read_input_spool(int fd, size_t max, struct dc_spool *out,
                                   size_t *len, struct dc_read_error *why);
/* Opens `path` for reading when it is a regular file; a folder, FIFO,
 * socket or device is refused at once (errno EINVAL) without waiting for a
 * writer.  Returns the descriptor, or -1 with a message "path: error: …" in
 * `diag` (when not NULL) and errno set. */
int dc_open_regular(const char *path, struct dc_diag *diag);
/* Reads all of `fd` (a regular file or a pipe, e.g. standard input) into
 * *out, NUL-terminated, caller frees.  `max` bytes at most (0 = no limit):
 * a regular file's size is checked before anything is read.  Memory is the
 * file's size, not more.  DC_ERR_INPUT (errno EFBIG) when too large,
 * DC_ERR_IO when a read fails; each reported to `diag` under `name`. */
enum dc_status dc_read_fd(int fd, const char *name, size_t max, char **out,
                          size_t *len, struct dc_diag *diag);
/* dc_open_regular() + dc_read_fd(): DC_ERR_INPUT for what is not a regular
 * file or is too large, DC_ERR_IO (errno set) when it cannot be read. */
enum dc_status dc_read_file(const char *path, size_t max, char **out,
                            size_t *len, struct dc_diag *diag);

/* dc_open_regular() and the size check of dc_read_fd() without reading:
 * DC_OK when `path` is a regular file of at most `max` bytes. */
enum dc_status dc_check_regular(const char *path, size_t max,
                                struct dc_diag *diag);

/* ---- scratch files ---- */
/* An unnamed temporary file, open for reading and writing, in `dir` (where
 * the output goes: that folder has the room) or, when NULL or when its file
 * system cannot make one, the system's temporary folder; -1 (errno set)
 * when neither can.  Nothing is left behind, even when the process is
 * killed (a name made by tmpfile() is removed at once). */
int dc_scratch_fd(const char *dir);
/* All `len` bytes at offset `off` of `fd`, retried after EINTR and short
 * counts: 0, or -1 with errno set (ENOSPC when nothing more could be
 * written, EIO when the file ends first). */
int dc_pwrite_all(int fd, const void *data, size_t len, int64_t off);
int dc_pread_all(int fd, void *data, size_t len, int64_t off);

/* ---- spillable buffer: bytes appended once and read back at the offsets
 * they were appended at (the display list's finished pages, the PDF's
 * deflated page contents, the DOCX's document.xml: what grows with the
 * source, issue 12).  Held in memory up to `budget` bytes; past it they
 * go to a scratch file (dc_scratch_fd) in `dir`, written in blocks of
 * DC_SPILL_BLOCK, the last block's bytes in memory until it fills.  So a
 * document of the sample's size makes no file (a file made, written, read
 * back and freed costs system time that two workers at once pay twice:
 * issue 14), a large one keeps its memory flat.  When the file cannot be
 * made or written (a full disk), the rest stays in memory: the bytes are
 * the same, only the memory larger.  Appending is never concurrent with
 * anything; reads, once appending is done, may run on several threads.
 *
 * The budget, per buffer: the sample (127 KB of source) makes 1.30 MB of
 * display list, 0.21 MB of deflated page contents and 1.87 MB of
 * document.xml, so 3 MiB keeps documents up to 1.6 times its size in
 * memory.  What a budget costs is the peak of a source past it against the
 * sample's (bench/memory.sh's slope, extra memory per extra source byte):
 * with 4 MiB, render --docx at 10x (0.78 MB) took 10.6x, --pdf 6.8x; with
 * 3 MiB 10.3x and 4.5x (8.0x and 4.6x with scratch files only); at 100x
 * (7.3 MB) the budget is lost in the source: --pdf 7.3x, --docx 7.1x, all
 * three 8.9x (6.9x, 7.3x, 9.2x before), under issue 12's 10x. ---- */
#define DC_SPILL_BUDGET ((size_t)3 << 20)
#define DC_SPILL_BLOCK ((size_t)256 << 10)
struct dc_spill {
    char *dir;     /* where the file goes; NULL: the system's temporary
                      folder */
    size_t budget; /* bytes held in memory before the file is made */
    int fd;        /* the scratch file, or -1 */
    int stuck;     /* it could not be made or written: no more tries */
    int64_t flen;  /* bytes [0, flen) are in the file, */
    char *mem;     /* [flen, flen + mlen) here */
    size_t mlen, mcap;
};
/* An empty buffer whose file, if it comes to one, goes in `dir` (copied;
 * NULL: the system's temporary folder), or in the folder of the file
 * `path` (NULL: the system's temporary folder). */
void dc_spill_init(struct dc_spill *s, const char *dir);
void dc_spill_init_beside(struct dc_spill *s, const char *path);
/* Appends `len` bytes; returns the offset of the first.  Never fails. */
int64_t dc_spill_append(struct dc_spill *s, const void *data, size_t len);
/* Bytes appended so far. */
int64_t dc_spill_size(const struct dc_spill *s);
/* The `len` bytes from offset `at`: 0, or -1 with errno set (EIO when
 * fewer were appended, or the file's read failed). */
int dc_spill_read(const struct dc_spill *s, void *data, size_t len, int64_t at);
/* Frees the memory and closes the file (nothing is left on disk). */
void dc_spill_free(struct dc_spill *s);

/* ---- one writer at a time ---- */
/* Takes an exclusive flock on the folder `dir` (no lock file is made):
 * returns the descriptor that holds it (close it to release), or -1 after
 * a message when another process holds it and `wait` is 0, or when the
 * folder cannot be opened.  With `wait`, says so once and blocks. */
int dc_lock_dir(const char *dir, int wait, struct dc_diag *diag);

/* ---- safe output: every file is written through a commit set ---- */
/* A set of files replaced together: each is staged to a temporary beside
 * it (".<name>.dctmp-<random>", O_EXCL | O_NOFOLLOW, fsync'd); apply renames
 * them all into place and fsyncs their folders, or, when one rename fails,
 * puts the old files back: all new or all old.  A set of several files is
 * journaled (".dc-commit-<random>" in the deepest folder holding them all,
 * fsync'd before the first rename), so that a kill or a power loss between
 * two renames is finished by the next dc_clean_temporaries() of that
 * folder: all new, or (a journal cut short) all old. */
struct dc_commit;
struct dc_commit *dc_commit_new(void);
enum dc_status dc_commit_add(struct dc_commit *c, const char *path,
                             const void *data, size_t len,
                             struct dc_diag *diag);
/* Stages `path` as a temporary the caller writes through the descriptor
 * returned (the set owns it: never close it); apply fsyncs it.  -1 after a
 * message when no temporary can be made. */
int dc_commit_open(struct dc_commit *c, const char *path,
                   struct dc_diag *diag);
/* Stages the file `written`, already complete and in `path`'s folder (e.g.
 * what a library wrote to a name of its own), as the new `path`: it is
 * moved to a temporary of ours and fsync'd; `written` is gone afterwards,
 * also on failure. */
enum dc_status dc_commit_adopt(struct dc_commit *c, const char *path,
                               const char *written, struct dc_diag *diag);
enum dc_status dc_commit_apply(struct dc_commit *c, struct dc_diag *diag);
/* The i-th file staged: its descriptor (readable, at any offset) and in
 * *path its real name; -1 past the last. */
int dc_commit_file(const struct dc_commit *c, int i, const char **path);
/* Starts writing the staged files to disk (sync_file_range), so that
 * apply's fsyncs wait less; apply does it too. */
void dc_commit_writeback(struct dc_commit *c);
/* Moves every file staged in `from` into `into` (a set staged on another
 * thread joins the render's own). */
void dc_commit_take(struct dc_commit *into, struct dc_commit *from);
/* Removes the temporaries of a set never applied; NULL does nothing. */
void dc_commit_free(struct dc_commit *c);
/* A set of one file. */
enum dc_status dc_write_file_atomic(const char *path, const void *data,
                                    size_t len, struct dc_diag *diag);
/* After a writer died in `dir`: first each journal no live writer holds is
 * finished (the renames whose temporaries are still there are done) or,
 * when cut short, discarded with its temporaries (the old files stay), with
 * a warning to `diag` (NULL: none) saying which; then the temporaries of
 * writers that died (killed between writing and renaming) are removed; a
 * live writer's are kept (it holds an flock on them).  Returns how many
 * journals and temporaries were dealt with. */
int dc_clean_temporaries(const char *dir, struct dc_diag *diag);
/* Whether a file name is one of our temporaries (".<name>.dctmp-XXXX…")
 * or journals (".dc-commit-XXXX…"). */
int dc_is_temporary_name(const char *name);
int dc_is_journal_name(const char *name);
/* The fields of a journal line (the commit journal's, the batch
 * manifest's): a space, then the bytes of `s` with space, '%' and controls
 * as %XX.  dc_field_get decodes the field at *p (moving past it) into
 * `out`; 0 when it is malformed, empty or holds a NUL. */
void dc_field_put(struct dc_buf *b, const char *s);
int dc_field_get(const char **p, struct dc_buf *out);

/* The names in `dir` (not those starting with a dot) that end in `suffix`
 * (NULL = all), sorted bytewise; a NULL-terminated array the caller frees
 * with dc_list_free().  NULL, with errno set, when `dir` cannot be read. */
char **dc_list_dir(const char *dir, const char *suffix, size_t *count);
void dc_list_free(char **names);
/* `rel` is a relative path that stays inside its folder: not empty, no
 * leading '/', no empty, "." or ".." part (what an index or a journal may
 * name). */
int dc_path_inside(const char *rel);

/* ---- temporary folders ---- */
/* Where temporary files go that a library names and opens itself
 * (libxlsxwriter's; our own are unnamed, dc_scratch_fd): what the
 * environment says, read by cli/ (NULL or "": not set). */
struct dc_tmp_env {
    const char *tmpdir;      /* $TMPDIR */
    const char *runtime_dir; /* $XDG_RUNTIME_DIR */
};
#define DC_TMP_DIRS 2
/* The folders to try, best first; returns how many (1 or 2).  $TMPDIR
 * alone when set and not empty: the user's choice, never second-guessed
 * (-1, errno set, when it is not a folder we may make files in).
 * Else /tmp alone when it is memory-backed (tmpfs); else the first
 * memory-backed folder of /dev/shm and $XDG_RUNTIME_DIR that we may write
 * in and that has twice `need` bytes and 16 MiB to spare free, then /tmp. */
int dc_tmp_dirs(const struct dc_tmp_env *env, int64_t need,
                const char *dirs[DC_TMP_DIRS]);
/* dc_tmp_dirs, and when $TMPDIR cannot be used, a message naming it. */
int dc_tmp_dirs_report(const struct dc_tmp_env *env, int64_t need,
                       const char *dirs[DC_TMP_DIRS], struct dc_diag *diag);
/* The bytes an unprivileged writer may still put in `dir`'s file system,
 * or -1 (errno set); *memory (when not NULL) says whether it is tmpfs. */
int64_t dc_dir_free(const char *dir, int *memory);

/* ---- where the program's data is ---- */
enum dc_data {
    DC_DATA_LAYOUTS, /* folder of the table and form layouts and page.xml */
    DC_DATA_FONTMAP, /* the font map, fonts/fontmap.xml */
    DC_DATA_ICC,     /* the sRGB ICC profile of the PDF/A OutputIntent */
    DC_DATA_LOCALE,  /* root of the message catalogs (<lang>/LC_MESSAGES) */
    DC_DATA_MODULES, /* folder of the writer modules (disclose-pdf.so …) */
    DC_DATA_COUNT
};
/* Makes `path` (copied) the answer for `what`; NULL or "" restores the
 * lookup.  Only the command line calls it (from the environment), before
 * any thread starts. */
void dc_data_override(enum dc_data what, const char *path);
/* The path of `what`: an override; else, for the installed program, the
 * one next to it (<bindir>/../share/disclose/layouts, ../share/locale,
 * ../lib/disclose); for the program in the build tree, the source tree's
 * (the build tree's locale/, the build tree itself for the modules); for
 * DC_DATA_ICC, the system's profile, or NULL when there is none; for
 * DC_DATA_MODULES, NULL when the program's own folder is not known
 * (/proc/self/exe).  The path may not exist: the reader says so. */
const char *dc_data_path(enum dc_data what);

/* ---- UTF-8 ---- */
/* Decodes one code point at s[0..n); returns its length in bytes (1..4), or 0
 * when the bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated).  *cp receives the code point. */
int dc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* cp as UTF-8 into d (room for 4 bytes); returns the number of bytes */
size_t dc_utf8_encode(char *d, uint32_t cp);
/* Number of code points in s[0..n) (assumes valid UTF-8). */
size_t dc_utf8_len(const char *s, size_t n);
int dc_is_han(uint32_t cp);   /* CJK unified ideographs and extensions */
/* The one notion of a blank: ASCII blank, TAB, CR, NBSP, U+3000, BOM.  A
 * line break is a blank too where text is trimmed or squeezed. */
int dc_is_space(uint32_t cp);
/* s[0..*n) without the blanks (and line breaks) at either end: returns the
 * new start and sets *n to the new length (0 when all blank). */
const char *dc_trim(const char *s, size_t *n);
/* s after its leading blanks (and line breaks). */
const char *dc_skip_space(const char *s);
/* s without its blanks (and line breaks) into out, replacing what out held:
 * "合  计" and "合计" compare equal afterwards. */
void dc_squeeze(const char *s, struct dc_buf *out);

/* ---- exact decimal: value = units / 10^scale; never a double ---- */
struct dc_decimal {
    int64_t units;
    int scale; /* digits after the point, 0..9 */
};
/* Parses "-12", "3.50", "1,234.5" (no exponent, no unit); returns 1 on
 * success.  Fails on anything else, on more than 9 decimals, or on overflow. */
int dc_decimal_parse(const char *s, size_t n, struct dc_decimal *out);
struct dc_decimal dc_decimal_add(struct dc_decimal a, struct dc_decimal b);
struct dc_decimal dc_decimal_sub(struct dc_decimal a, struct dc_decimal b);
int dc_decimal_cmp(struct dc_decimal a, struct dc_decimal b);
int dc_decimal_is_zero(struct dc_decimal a);
/* Writes the value with its own scale ("3192", "4.50", "-0.5"). */
void dc_decimal_format(struct dc_decimal a, char *out, size_t outsz);
/* Rescales to `scale` decimals (rounding half away from zero when fewer). */
struct dc_decimal dc_decimal_rescale(struct dc_decimal a, int scale);

/* ---- diagnostics ---- */
enum dc_severity { DC_SEV_NOTE, DC_SEV_WARNING, DC_SEV_ERROR };
const char *dc_severity_str(enum dc_severity s); /* "error", for machines */
const char *dc_severity_label(enum dc_severity s); /* in the reader's language */

struct dc_diag_msg {
    const char *file; /* borrowed from the sink's owner, may be NULL; a
                         copy (own_file) in a sink that only collects */
    int line;         /* 1-based, 0 = whole file */
    int col;          /* 1-based code points, 0 = none */
    enum dc_severity sev;
    char *text;
    char *own_file; /* file, when copied */
};

/* The sink: collects messages and, when `stream` is set, prints each one as
 * it arrives: "file:line:col: severity: text" (severity translated). */
struct dc_diag {
    struct dc_diag_msg *msgs;
    size_t n, cap;
    FILE *stream;
    size_t nerrors, nwarnings;
    int quiet; /* print only errors to the stream (all are collected) */
};
void dc_diag_init(struct dc_diag *d, FILE *stream);
void dc_diag_free(struct dc_diag *d);
/* `d` NULL: the message is dropped. */
void dc_diag_report(struct dc_diag *d, const char *file, int line, int col,
                    enum dc_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void dc_diag_vreport(struct dc_diag *d, const char *file, int line, int col,
                     enum dc_severity sev, const char *fmt, va_list ap);
/* Formats one message the way every message is printed. */
void dc_diag_format(const struct dc_diag_msg *m, struct dc_buf *out);

#endif
