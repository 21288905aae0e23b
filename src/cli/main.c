/* disclose: rebuilds a department budget disclosure (部门预算公开) from its
 * structured text source.  Dispatches to one function per command. */
#include "cli.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *usage;
} commands[] = {
#ifdef DC_HAVE_RENDER
    {"render", dc_cmd_render,
     N_("render [-o DIR] [--pdf] [--docx] SOURCE...   PDF and DOCX (default both)")},
#endif
#ifdef DC_HAVE_CHECK
    {"check", dc_cmd_check,
     N_("check [--json] SOURCE...                     check the budget's arithmetic")},
#endif
    {"dump", dc_cmd_dump,
     N_("dump SOURCE                                  the model as XML on stdout")},
#ifdef DC_HAVE_BATCH
    {"batch", dc_cmd_batch,
     N_("batch -o DIR [-j N] DIR_OR_SOURCE...         many documents, incremental")},
    {"verify", dc_cmd_verify,
     N_("verify DIR                                   re-hash an archive")},
    {"diff", dc_cmd_diff,
     N_("diff OLD NEW                                 what changed between sources")},
#endif
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
    fputs(_("usage: disclose COMMAND [OPTIONS] ...\n\n"
            "Rebuilds a department budget disclosure (部门预算公开) "
            "from its text source.\n\ncommands:\n"),
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  disclose %s\n", _(commands[i].usage));
    fprintf(out,
            _("  disclose --help | --version\n\n"
              "exit status: 0 success; 1 findings of severity error or failed "
              "documents;\n2 usage error or unreadable input.\n"
              "environment: DISCLOSE_LAYOUTS (table descriptions, default %s)\n"),
            dc_tabledefs_default_dir());
}

/* Where the data is, when the user says (only the command line reads the
 * environment; the libraries take what it found). */
static void
data_from_environment(void)
{
    dc_data_override(DC_DATA_LAYOUTS, getenv("DISCLOSE_LAYOUTS"));
    dc_data_override(DC_DATA_FONTMAP, getenv("DISCLOSE_FONTMAP"));
    dc_data_override(DC_DATA_ICC, getenv("DISCLOSE_ICC"));
    dc_data_override(DC_DATA_LOCALE, getenv("DISCLOSE_LOCALEDIR"));
}

struct dc_tabledefs *
dc_cli_load_defs(struct dc_diag *diag)
{
    return dc_tabledefs_load(dc_tabledefs_default_dir(), diag);
}

/* --lang, valid before or after the command, is read and taken out of argv
 * before anything else, so every message is in the chosen language, usage
 * errors included. */
static const char *
take_lang(int *argc, char **argv)
{
    const char *lang = NULL;
    int j = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[j++] = argv[i++];
            break;
        }
        if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < *argc)
            lang = argv[++i];
        else
            argv[j++] = argv[i];
    }
    *argc = j;
    argv[j] = NULL;
    return lang;
}

int
main(int argc, char **argv)
{
    data_from_environment();
    const char *lang = take_lang(&argc, argv);
    if (dc_i18n_init(lang, NULL) != 0) {
        fprintf(stderr, _("disclose: unknown language '%s' (use zh or en)\n"),
                lang);
        return DC_EXIT_USAGE;
    }
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
    fprintf(stderr, _("disclose: unknown command '%s'\n"), argv[1]);
    usage(stderr);
    return DC_EXIT_USAGE;
}
