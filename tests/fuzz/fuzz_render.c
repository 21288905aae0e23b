/* libFuzzer target: any bytes that parse without errors are laid out with
 * the real fonts' metrics and written, in memory, as PDF, DOCX and XLSX, as
 * `disclose render` does: never a crash, a hang, a leak, a failed assert or
 * undefined behaviour (all fatal in the fuzz build).  One PDF writer serves
 * every input, as in render, so its fonts are read once.  The workbook is
 * staged in a folder of the fuzzer's (memory-backed when there is one) and
 * never applied: its temporary goes with the commit set.
 *   tests/fuzz/run.sh [SECONDS]       builds build-fuzz and runs every target */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "docx_int.h"
#include "fontmap.h"
#include "layout.h"
#include "parse.h"
#include "pdf.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dc_tabledefs *defs;
static struct dc_fontmap *map;
static struct dc_pdf *pdf;
static char xlsx_dir[200], xlsx_path[256];

static void
remove_dir(void)
{
    rmdir(xlsx_dir);
}

static void
setup(void)
{
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    defs = dc_tabledefs_load(dc_tabledefs_default_dir(), &d);
    map = dc_fontmap_load(dc_fontmap_default_path(), &d);
    pdf = map ? dc_pdf_new(map, &d) : NULL;
    dc_diag_free(&d);
    const char *dirs[DC_TMP_DIRS];
    dc_tmp_dirs(NULL, 0, dirs);
    snprintf(xlsx_dir, sizeof xlsx_dir, "%s/dc-fuzz-XXXXXX", dirs[0]);
    if (!defs || !pdf || !mkdtemp(xlsx_dir))
        abort();
    atexit(remove_dir);
    snprintf(xlsx_path, sizeof xlsx_path, "%s/fuzz.xlsx", xlsx_dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!pdf)
        setup();
    struct dc_diag diag;
    dc_diag_init(&diag, NULL);
    struct dc_doc *doc =
        dc_parse_buffer("fuzz", (const char *)data, size, defs, &diag);
    struct dc_display *display = NULL;
    struct dc_layout_decisions *dec = NULL;
    if (diag.nerrors == 0 &&
        dc_layout_run(doc, dc_pdf_metrics(pdf), &diag, &display, &dec) ==
            DC_OK) {
        unsigned char *bytes = NULL;
        size_t len = 0;
        dc_pdf_render(pdf, display, &bytes, &len, &diag);
        free(bytes);
        struct dc_buf zip;
        dc_buf_init(&zip);
        dc_docx_build(doc, dec, map, NULL, &diag, &zip);
        dc_buf_free(&zip);
        struct dc_commit *c = dc_commit_new();
        dc_xlsx_stage(doc, dec, map, NULL, xlsx_path, c, &diag);
        dc_commit_free(c);
    }
    dc_layout_decisions_free(dec);
    dc_display_free(display);
    dc_doc_free(doc);
    dc_diag_free(&diag);
    return 0;
}
