/* disclose dump SOURCE: the model as XML on stdout. */
#include "cli.h"
#include "i18n.h"
#include "parse.h"

#include <string.h>

enum { OPT_NAME = DC_OPT_LONG };

static const struct dc_opt dump_opts[] = {
    {OPT_NAME, "name", "NAME",
     N_("what standard input is called in messages")},
    {0, NULL, NULL, NULL}};

const struct dc_command dc_dump_command = {
    "dump", "SOURCE", N_("the document model as XML on standard output"),
    N_("Prints the document model (parts, headings, paragraphs, tables, "
       "rows, cells\nwith their source lines and exact decimals) as XML.\n"),
    1, 1, dump_opts, dc_cmd_dump, NULL};

int
dc_cmd_dump(int argc, char **argv)
{
    const char *name = NULL;
    struct dc_args a;
    int c;
    dc_args_begin(&a, &dc_dump_command, argc, argv);
    while ((c = dc_args_next(&a)) > 0)
        if (c == OPT_NAME)
            name = a.value;
    if (c < 0)
        return dc_args_end(&a);
    const char *source = a.operands[0];
    dc_args_end(&a);

    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    int rc = DC_EXIT_USAGE;
    if (defs) {
        struct dc_doc *doc = dc_cli_parse(source, name, defs, &diag);
        if (doc && diag.nerrors == 0) {
            if (dc_dump_xml(doc, stdout) == DC_OK && fflush(stdout) == 0)
                rc = DC_EXIT_OK;
            else
                fprintf(stderr, _("disclose: cannot write the dump\n"));
        }
        dc_doc_free(doc);
    }
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
