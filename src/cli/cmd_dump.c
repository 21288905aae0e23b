/* disclose dump SOURCE: the model as XML on stdout. */
#include "cli.h"
#include "parse.h"

#include <string.h>

int
dc_cmd_dump(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: disclose dump SOURCE\n"
               "Prints the document model (parts, headings, paragraphs, "
               "tables, rows, cells\nwith their source lines and exact "
               "decimals) as XML on stdout.\n");
        return DC_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: disclose dump SOURCE\n");
        return DC_EXIT_USAGE;
    }
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    int rc = DC_EXIT_USAGE;
    if (defs) {
        struct dc_doc *doc = dc_parse_file(argv[1], defs, &diag);
        if (doc && diag.nerrors == 0) {
            if (dc_dump_xml(doc, stdout) == DC_OK && fflush(stdout) == 0)
                rc = DC_EXIT_OK;
            else
                fprintf(stderr, "disclose: cannot write the dump\n");
        }
        dc_doc_free(doc);
    }
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
