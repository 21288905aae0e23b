/* Loading the writer modules, and the writers' entry points as the
 * executable sees them: calls through the loaded tables (modules.h). */
#include "modules.h"
#include "docx.h"
#include "i18n.h"
#include "pdf.h"
#include "xlsx.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PDF, DOCX, XLSX, NMODULES };

static const struct {
    enum dc_module which;
    const char *file;   /* in dc_data_path(DC_DATA_MODULES) */
    const char *symbol; /* its table */
    const char *what;   /* for messages */
} modules[NMODULES] = {
    [PDF] = {DC_MODULE_PDF, "disclose-pdf.so", "dc_module_pdf",
             N_("the PDF writer")},
    [DOCX] = {DC_MODULE_DOCX, "disclose-docx.so", "dc_module_docx",
              N_("the Word writer")},
    [XLSX] = {DC_MODULE_XLSX, "disclose-xlsx.so", "dc_module_xlsx",
              N_("the workbook writer")},
};

/* The tables loaded, by the index in modules[]; never unloaded. */
static const struct dc_module_head *loaded[NMODULES];

static enum dc_status
load_one(int i, struct dc_diag *diag)
{
    const char *dir = dc_data_path(DC_DATA_MODULES);
    if (!dir) {
        dc_diag_report(diag, modules[i].file, 0, 0, DC_SEV_ERROR,
                       _("cannot load %s: the program's own folder is not "
                         "known (is /proc mounted?)"),
                       _(modules[i].what));
        return DC_ERR_LIB;
    }
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(&b, "%s/%s", dir, modules[i].file);
    char *path = dc_buf_detach(&b);
    enum dc_status st = DC_ERR_LIB;
    /* every symbol bound now: a module that does not fit this executable
     * fails here, not in the middle of writing */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const struct dc_module_head *head =
        h ? dlsym(h, modules[i].symbol) : NULL;
    if (!head) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("cannot load %s: %s; reinstall disclose"),
                       _(modules[i].what), dlerror());
    } else if (!head->abi || strcmp(head->abi, DC_MODULE_ABI) != 0) {
        dc_diag_report(diag, path, 0, 0, DC_SEV_ERROR,
                       _("cannot load %s: it belongs to another build of "
                         "disclose (%s, this program %s); reinstall "
                         "disclose"),
                       _(modules[i].what), head->abi ? head->abi : "?",
                       DC_MODULE_ABI);
    } else {
        loaded[i] = head;
        st = DC_OK;
    }
    if (st != DC_OK && h)
        dlclose(h);
    free(path);
    return st;
}

enum dc_status
dc_modules_load(unsigned which, struct dc_diag *diag)
{
    enum dc_status st = DC_OK;
    for (int i = 0; i < NMODULES; i++)
        if ((which & modules[i].which) && !loaded[i] &&
            load_one(i, diag) != DC_OK)
            st = DC_ERR_LIB;
    return st;
}

/* The table of a module the command loaded: calling a writer without
 * having loaded it is a mistake of ours, never the user's. */
static const void *
table(int i)
{
    if (!loaded[i]) {
        fprintf(stderr, _("disclose: internal error: %s used before it was "
                          "loaded\n"),
                _(modules[i].what));
        abort();
    }
    return loaded[i];
}

static const struct dc_pdf_module *
pdf(void)
{
    return table(PDF);
}

struct dc_pdf *
dc_pdf_new(const struct dc_fontmap *map, struct dc_diag *diag)
{
    return pdf()->new_writer(map, diag);
}

void
dc_pdf_free(struct dc_pdf *p)
{
    if (p) /* nothing to free: no module needed */
        pdf()->free_writer(p);
}

void
dc_pdf_set_default_date(struct dc_pdf *p, long long epoch)
{
    pdf()->set_default_date(p, epoch);
}

void
dc_pdf_set_one_thread(struct dc_pdf *p, int on)
{
    pdf()->set_one_thread(p, on);
}

const struct dc_metrics *
dc_pdf_metrics(struct dc_pdf *p)
{
    return pdf()->metrics(p);
}

enum dc_status
dc_pdf_stage(struct dc_pdf *p, const struct dc_display *d, const char *path,
             struct dc_commit *commit, struct dc_diag *diag)
{
    return pdf()->stage(p, d, path, commit, diag);
}

void
dc_pdf_end(struct dc_pdf *p)
{
    if (p)
        pdf()->end(p);
}

enum dc_status
dc_docx_stage(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const char *path,
              struct dc_commit *commit, struct dc_diag *diag)
{
    const struct dc_docx_module *m = table(DOCX);
    return m->stage(doc, dec, map, path, commit, diag);
}

enum dc_status
dc_xlsx_stage(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
              const struct dc_fontmap *map, const struct dc_tmp_env *tmp,
              const char *path, struct dc_commit *commit, struct dc_diag *diag)
{
    const struct dc_xlsx_module *m = table(XLSX);
    return m->stage(doc, dec, map, tmp, path, commit, diag);
}
