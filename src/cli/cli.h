/* The commands of `disclose`; only cli/ maps diagnostics to exit status:
 * 0 success, 1 findings of severity error (or failed batch documents),
 * 2 usage error or unreadable input. */
#ifndef DC_CLI_H
#define DC_CLI_H

#include "core.h"
#include "opts.h"
#include "tabledef.h"

struct dc_doc;

#define DC_EXIT_OK 0
#define DC_EXIT_FINDINGS 1
#define DC_EXIT_USAGE 2

int dc_cmd_dump(int argc, char **argv);
int dc_cmd_check(int argc, char **argv);
int dc_cmd_render(int argc, char **argv);
int dc_cmd_batch(int argc, char **argv);
int dc_cmd_verify(int argc, char **argv);
int dc_cmd_diff(int argc, char **argv);

struct dc_fontmap;
struct dc_pdf;

/* What `render` makes of a source, and from what. */
struct dc_render_opts {
    const char *outdir;
    const char *name; /* --name: the stem of the outputs, or NULL */
    int pdf, docx;
    int docx_asked; /* --docx given explicitly */
    int verbosity;  /* -1 quiet, 0, 1 verbose */
    const struct dc_fontmap *map;
    const struct dc_tabledefs *defs;
    int xlsx; /* the workbook of the tables */
    /* everything on the calling thread: a batch worker while the other
     * workers keep the cores busy; else the fonts, the DOCX and the PDF's
     * fonts and /ID are made on second threads */
    int one_thread;
};

/* Loads the writer modules render needs for the DOCX (`docx`) and the
 * workbook (`xlsx`), and always the PDF's: the layout measures with its
 * fonts.  DC_ERR_LIB, reported to `diag`, when one cannot be loaded: the
 * command then stops before making anything. */
enum dc_status dc_render_load_writers(int docx, int xlsx,
                                      struct dc_diag *diag);

/* Renders one source into o->outdir; returns an exit status.  *pdf is the
 * PDF writer, made at the first source and kept for the next (its fonts
 * are loaded once); dc_pdf_free() it after the last. */
int dc_render_one(const struct dc_render_opts *o, const char *source,
                  struct dc_pdf **pdf, struct dc_diag *diag);
/* dc_render_one(), but the outputs are only staged: on success
 * (DC_EXIT_OK) *staged is their set, for the caller to dc_commit_apply()
 * and dc_commit_free(); else NULL and nothing of them is left. */
int dc_render_stage(const struct dc_render_opts *o, const char *source,
                    struct dc_pdf **pdf, struct dc_commit **staged,
                    struct dc_diag *diag);

/* The error of a source that was read and laid out but whose outputs
 * could not be made (the old ones stay): render's and a batch commit's. */
void dc_render_not_made(const char *source, struct dc_diag *diag);
extern const struct dc_command dc_render_command, dc_check_command,
    dc_dump_command, dc_batch_command, dc_verify_command, dc_diff_command;

/* Parses SOURCE: a file, or standard input when it is "-", called `name`
 * (default "<stdin>") in messages.  NULL, reported, when it cannot be
 * read. */
struct dc_doc *dc_cli_parse(const char *source, const char *name,
                            const struct dc_tabledefs *defs,
                            struct dc_diag *diag);
/* The stem of SOURCE's outputs: --name when given, else its file name
 * without the extension (caller frees). */
char *dc_cli_stem(const char *source, const char *name);
/* The largest source read, in bytes: --max-size, accepted by every command
 * (main() takes it out of argv before the command sees it). */
extern size_t dc_cli_max_size;
/* Parses "64M", "512k", "1G" or a number of bytes; 0 when it is not one. */
size_t dc_cli_parse_size(const char *s);

/* What the environment says of temporary folders ($TMPDIR,
 * $XDG_RUNTIME_DIR): where the workbook writer's go (dc_tmp_dirs). */
struct dc_tmp_env dc_cli_tmp_env(void);
/* Loads the layouts (reporting to stderr); NULL on failure. */
struct dc_tabledefs *dc_cli_load_defs(struct dc_diag *diag);

#endif
