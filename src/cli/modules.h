/* The PDF, DOCX and XLSX writers are modules (disclose-pdf.so,
 * disclose-docx.so, disclose-xlsx.so), loaded with dlopen by the commands
 * that write those outputs, so that check, dump, verify, diff and
 * --version never map libharu, libzip or libxlsxwriter (their relocations
 * were most of a short command's start).  Each module exports one table of
 * its entry points, dc_module_pdf, dc_module_docx or dc_module_xlsx; it
 * takes the dc_* functions of core/ and model/ from the executable, which
 * exports those and nothing else (src/cli/exports.cmake).
 *
 * The executable calls dc_pdf_new(), dc_docx_stage() … as before:
 * modules.c defines them as calls through the loaded table.  A new entry
 * point the executable calls goes into its table below, into the module's
 * module_<name>.c and into modules.c. */
#ifndef DC_MODULES_H
#define DC_MODULES_H

#include "core.h"
#include "module_abi.h" /* DC_MODULE_ABI, made by module_abi.cmake */

struct dc_display;
struct dc_doc;
struct dc_fontmap;
struct dc_layout_decisions;
struct dc_metrics;
struct dc_pdf;

/* First in every table: the build it belongs to.  The executable uses a
 * module only when `abi` is its own DC_MODULE_ABI (the version and a hash
 * of the headers whose structures cross between the two). */
struct dc_module_head {
    const char *abi;
};

struct dc_pdf_module {
    struct dc_module_head head;
    struct dc_pdf *(*new_writer)(const struct dc_fontmap *map,
                                 struct dc_diag *diag);
    void (*free_writer)(struct dc_pdf *p);
    void (*set_default_date)(struct dc_pdf *p, long long epoch);
    void (*set_one_thread)(struct dc_pdf *p, int on);
    const struct dc_metrics *(*metrics)(struct dc_pdf *p);
    enum dc_status (*stage)(struct dc_pdf *p, const struct dc_display *d,
                            const char *path, struct dc_commit *commit,
                            struct dc_diag *diag);
    void (*end)(struct dc_pdf *p);
};

struct dc_docx_module {
    struct dc_module_head head;
    enum dc_status (*stage)(const struct dc_doc *doc,
                            const struct dc_layout_decisions *dec,
                            const struct dc_fontmap *map, const char *path,
                            struct dc_commit *commit, struct dc_diag *diag);
};

struct dc_xlsx_module {
    struct dc_module_head head;
    enum dc_status (*stage)(const struct dc_doc *doc,
                            const struct dc_layout_decisions *dec,
                            const struct dc_fontmap *map,
                            const struct dc_tmp_env *tmp, const char *path,
                            struct dc_commit *commit, struct dc_diag *diag);
};

/* What each module exports (found by dlsym, by these names). */
extern const struct dc_pdf_module dc_module_pdf;
extern const struct dc_docx_module dc_module_docx;
extern const struct dc_xlsx_module dc_module_xlsx;

enum dc_module {
    DC_MODULE_PDF = 1,
    DC_MODULE_DOCX = 2,
    DC_MODULE_XLSX = 4,
};

/* Loads the modules in `which` (DC_MODULE_* or'ed; those loaded already
 * are kept) from dc_data_path(DC_DATA_MODULES).  A module that is missing,
 * cannot be loaded or belongs to another build is reported to `diag`
 * ("<path>: error: cannot load the PDF writer: <dlerror()>; reinstall
 * disclose") and gives DC_ERR_LIB.  Call it before writing anything, and
 * before any thread or fork: a batch's workers inherit what their parent
 * loaded. */
enum dc_status dc_modules_load(unsigned which, struct dc_diag *diag);

#endif
