/* libFuzzer target: any bytes through the parser (and the checker when it is
 * built): never a crash, a hang, a leak or undefined behaviour.
 *   cmake -S . -B build-fuzz -DDC_FUZZ=ON -DCMAKE_C_COMPILER=clang
 *   build-fuzz/tests/fuzz_parse -max_total_time=60 tests/fuzz/corpus */
#include <stdint.h>
#include <stdlib.h>

#include "parse.h"
#ifdef DC_FUZZ_CHECK
#include "doc_check.h"
#endif

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
    dc_doc_free(doc);
    dc_diag_free(&diag);
    return 0;
}
