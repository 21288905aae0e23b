/* libFuzzer target: any bytes through the parser, the checker and the dump,
 * as `disclose check` and `disclose dump` run them: never a crash, a hang, a leak, a failed
 * assert or undefined behaviour (all fatal in the fuzz build).
 *   tests/fuzz/run.sh [SECONDS]       builds build-fuzz and runs every target
 *   build-fuzz/tests/fuzz_parse -max_total_time=600 CORPUS_DIR */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "doc_check.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dc_tabledefs *defs;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!defs) {
        struct dc_diag d;
        dc_diag_init(&d, NULL);
        defs = dc_tabledefs_load(dc_tabledefs_default_dir(), &d);
        dc_diag_free(&d);
        if (!defs)
            abort();
    }
    struct dc_diag diag;
    dc_diag_init(&diag, NULL);
    struct dc_doc *doc =
        dc_parse_buffer("fuzz", (const char *)data, size, defs, &diag);
    if (dc_doc_check_tree(doc) != 0)
        abort();
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    dc_dump_xml(doc, null); /* dump shows whatever was read, errors or not */
    /* check runs on what parsed without errors, as the command does */
    if (diag.nerrors == 0) {
        struct dc_findings f;
        dc_findings_init(&f);
        dc_check_doc(doc, &f);
        dc_findings_print_text(&f, "fuzz", null);
        dc_findings_print_json(&f, "fuzz", 1, null);
        dc_findings_free(&f);
    }
    dc_doc_free(doc);
    dc_diag_free(&diag);
    return 0;
}
