/* disclose: rebuilds a department budget disclosure (部门预算公开) from its
 * structured text source.  Dispatches to one function per command. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *usage;
} commands[] = {
#ifdef DC_HAVE_RENDER
    {"render", dc_cmd_render,
     "render [-o DIR] [--pdf] [--docx] SOURCE...   PDF and DOCX (default both)"},
#endif
#ifdef DC_HAVE_CHECK
    {"check", dc_cmd_check,
     "check [--json] SOURCE...                     check the budget's arithmetic"},
#endif
    {"dump", dc_cmd_dump,
     "dump SOURCE                                  the model as XML on stdout"},
#ifdef DC_HAVE_BATCH
    {"batch", dc_cmd_batch,
     "batch -o DIR [-j N] DIR_OR_SOURCE...         many documents, incremental"},
    {"verify", dc_cmd_verify,
     "verify DIR                                   re-hash an archive"},
    {"diff", dc_cmd_diff,
     "diff OLD NEW                                 what changed between sources"},
#endif
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
    fprintf(out, "usage: disclose COMMAND [OPTIONS] ...\n\n"
                 "Rebuilds a department budget disclosure (部门预算公开) "
                 "from its text source.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  disclose %s\n", commands[i].usage);
    fprintf(out,
            "  disclose --help | --version\n\n"
            "exit status: 0 success; 1 findings of severity error or failed "
            "documents;\n2 usage error or unreadable input.\n"
            "environment: DISCLOSE_LAYOUTS (table descriptions, default %s)\n",
            dc_tabledefs_default_dir());
}

struct dc_tabledefs *
dc_cli_load_defs(struct dc_diag *diag)
{
    return dc_tabledefs_load(dc_tabledefs_default_dir(), diag);
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return DC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return DC_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("disclose %s\n", DC_VERSION);
        return DC_EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "disclose: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return DC_EXIT_USAGE;
}
