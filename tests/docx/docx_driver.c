/* A small driver for the DOCX writer while `disclose render` does not call
 * it yet, and for the golden tests:
 *   docx_driver -o OUT.docx SOURCE.txt      parse, then write (no layout)
 *   docx_driver --synthetic [--no-layout] -o OUT.docx
 * Prints diagnostics to stderr; exit 0 on success, 1 on failure, 2 on bad
 * usage or unparsable input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docx.h"
#include "synth.h"
#ifdef DC_HAVE_PARSE
#include "parse.h"
#endif

static int
usage(void)
{
    fprintf(stderr, "usage: docx_driver [--synthetic] [--no-layout] "
                    "-o OUT.docx [SOURCE]\n");
    return 2;
}

int
main(int argc, char **argv)
{
    const char *out = NULL, *src = NULL;
    int synthetic = 0, no_layout = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--synthetic") == 0)
            synthetic = 1;
        else if (strcmp(argv[i], "--no-layout") == 0)
            no_layout = 1;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] != '-' && !src)
            src = argv[i];
        else
            return usage();
    }
    if (!out || (!synthetic && !src))
        return usage();

    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    struct dc_doc *doc = NULL;
    struct dc_layout_decisions *dec = NULL;
    struct dc_tabledefs *defs = NULL;
    int rc = 0;
    if (synthetic) {
        doc = dc_synth_doc();
        if (!no_layout)
            dec = dc_synth_decisions(doc);
    } else {
#ifdef DC_HAVE_PARSE
        defs = dc_tabledefs_load(dc_tabledefs_default_dir(), &diag);
        if (defs)
            doc = dc_parse_file(src, 0, defs, &diag);
        if (!doc || diag.nerrors > 0) {
            rc = 2;
            goto done;
        }
#else
        fprintf(stderr, "docx_driver: built without the parser\n");
        rc = 2;
        goto done;
#endif
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum dc_status st = dc_docx_write(doc, dec, out, &diag);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != DC_OK) {
        fprintf(stderr, "docx_driver: %s\n", dc_status_str(st));
        rc = 1;
    } else if (getenv("DOCX_DRIVER_TIME")) {
        fprintf(stderr, "docx_driver: wrote %s in %.1f ms\n", out,
                (t1.tv_sec - t0.tv_sec) * 1e3 +
                    (t1.tv_nsec - t0.tv_nsec) / 1e6);
    }
done:
    dc_synth_decisions_free(dec);
    dc_doc_free(doc);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
