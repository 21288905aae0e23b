/* disclose: rebuilds a department budget disclosure (部门预算公开) from its
 * structured text source.  Dispatches to one function per command; every
 * command's options are a table in its own file (see opts.h). */
#include "cli.h"
#include "doc_check.h"
#include "fontmap.h"
#include "i18n.h"
#include "opts.h"
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dc_command *const commands[] = {
#ifdef DC_HAVE_RENDER
    &dc_render_command,
#endif
#ifdef DC_HAVE_CHECK
    &dc_check_command,
#endif
    &dc_dump_command,
#ifdef DC_HAVE_BATCH
    &dc_batch_command,
    &dc_verify_command,
    &dc_diff_command,
#endif
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct dc_command top = {
    NULL, "COMMAND ...", NULL, NULL, 0, -1, NULL, NULL, NULL};

static const struct dc_command *
find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i]->name) == 0)
            return commands[i];
    return NULL;
}

/* The environment variables the program reads (a test holds this list
 * complete against the getenv() calls in src/). */
static void
environment(FILE *out)
{
    fprintf(out, "\n%s\n", _("environment:"));
    fprintf(out, "  DISCLOSE_LAYOUTS          %s\n    %s\n",
            _("folder of the table descriptions; default:"),
            dc_tabledefs_default_dir());
    fprintf(out, "  DISCLOSE_FONTMAP          %s\n    %s\n",
            _("which font files serve each role; default:"),
            dc_fontmap_default_path());
    fprintf(out, "  DISCLOSE_ICC              %s\n",
            _("sRGB colour profile of the PDF/A (default: the system's)"));
    fprintf(out, "  DISCLOSE_LOCALEDIR        %s\n",
            _("folder of the message catalogs"));
    fprintf(out, "  DISCLOSE_DISPLAY_DUMP     %s\n",
            _("a file to write the laid-out pages to as text (debugging)"));
    fprintf(out, "  SOURCE_DATE_EPOCH         %s\n",
            _("the date written into the PDF (reproducible builds)"));
    fprintf(out, "  TMPDIR, XDG_RUNTIME_DIR\n    %s\n",
            _("where the workbook writer's temporary files go: $TMPDIR when "
              "set, else\n    /tmp, /dev/shm or $XDG_RUNTIME_DIR, whichever "
              "is memory-backed (tmpfs)\n    with room, else /tmp"));
    fprintf(out, "  LANGUAGE, LC_ALL, LC_MESSAGES, LANG\n    %s\n",
            _("zh_CN… gives Chinese messages, anything else English "
              "(--lang overrides)"));
}

static void
usage(FILE *out)
{
    fputs(_("usage: disclose COMMAND [OPTIONS] ...\n\n"
            "Rebuilds a department budget disclosure (部门预算公开) "
            "from its text source.\n"),
          out);
    fprintf(out, "\n%s\n", _("commands:"));
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char left[64];
        snprintf(left, sizeof left, "%s %s", commands[i]->name,
                 commands[i]->operands);
        fprintf(out, "  %-24s %s\n", left, _(commands[i]->summary));
    }
    fprintf(out, "  %-24s %s\n", "help [COMMAND]",
            _("the help of a command"));
    fprintf(out, "\n%s\n", _("common options (every command):"));
    dc_common_options(out);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fputc('\n', out);
        /* TRANSLATORS: "options of render:" */
        fprintf(out, _("options of %s:\n"), commands[i]->name);
        dc_command_options(commands[i], out);
    }
    fprintf(out, "\n%s\n",
            _("A SOURCE given as '-' is standard input; the outputs made "
              "from it need\n--name STEM."));
    environment(out);
    fprintf(out, "\n%s\n",
            _("exit status: 0 success; 1 findings of severity error, failed "
              "documents of a\nbatch, or changes found by verify or diff; 2 "
              "usage error, unreadable input,\nor an output that could not be "
              "written."));
    fputs(_("every command takes --max-size N (the largest source read, "
            "default 64M)\n"),
          out);
}

size_t dc_cli_max_size = DC_MAX_SOURCE_DEFAULT;

size_t
dc_cli_parse_size(const char *s)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return 0;
    unsigned long long v = strtoull(s, &end, 10);
    int shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end == 'i' && shift)
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v == 0 || v > (SIZE_MAX >> shift) >> 1)
        return 0;
    return (size_t)(v << shift);
}

/* Takes "--max-size N" / "--max-size=N" out of argv (before a "--");
 * returns the new argc, or -1 after a message when N is not a size. */
static int
take_max_size(int argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--") == 0) {
            while (i < argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(a, "--max-size") == 0) {
            if (i + 1 >= argc) {
                fputs(_("disclose: --max-size needs a size\n"), stderr);
                return -1;
            }
            v = argv[++i];
        } else if (strncmp(a, "--max-size=", 11) == 0) {
            v = a + 11;
        } else {
            argv[out++] = argv[i];
            continue;
        }
        dc_cli_max_size = dc_cli_parse_size(v);
        if (!dc_cli_max_size) {
            fprintf(stderr,
                    _("disclose: --max-size wants a size such as 64M, not "
                      "'%s'\n"),
                    v);
            return -1;
        }
    }
    argv[out] = NULL;
    return out;
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

struct dc_tmp_env
dc_cli_tmp_env(void)
{
    struct dc_tmp_env env = {getenv("TMPDIR"), getenv("XDG_RUNTIME_DIR")};
    return env;
}

struct dc_tabledefs *
dc_cli_load_defs(struct dc_diag *diag)
{
    struct dc_tabledefs *defs =
        dc_tabledefs_load(dc_tabledefs_default_dir(), diag);
    if (defs && dc_check_validate_defs(defs, diag)) {
        dc_tabledefs_free(defs);
        return NULL;
    }
    return defs;
}

/* --lang, valid before or after the command, is read before anything else,
 * so every message is in the chosen language, usage errors included. */
static const char *
find_lang(int argc, char **argv)
{
    const char *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[++i];
    }
    return lang;
}

static const char *
env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The language: `lang` (--lang) when given, else what the environment asks
 * for; -1 after a usage error for a `lang` we do not have. */
static int
i18n_from_environment(const char *lang)
{
    const char *locale = env_nonempty("LC_ALL");
    if (!locale)
        locale = env_nonempty("LC_MESSAGES");
    if (!locale)
        locale = env_nonempty("LANG");
    enum dc_lang l = dc_i18n_choose(locale, getenv("LANGUAGE"));
    if (lang && dc_i18n_parse_lang(lang, &l) != 0) {
        dc_i18n_init(DC_LANG_EN, locale, NULL);
        dc_usage_error(&top, _("unknown language '%s' (use zh or en)"), lang);
        return -1;
    }
    dc_i18n_init(l, locale, NULL);
    return 0;
}

/* disclose help [COMMAND] */
static int
help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
    } else {
        const struct dc_command *cmd = find_command(argv[1]);
        if (!cmd)
            return dc_usage_error(&top, _("unknown command '%s'"), argv[1]);
        dc_command_help(cmd, stdout);
    }
    return fflush(stdout) == 0 ? DC_EXIT_OK : DC_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    dc_alloc_tune();
    data_from_environment();
    if (i18n_from_environment(find_lang(argc, argv)) != 0)
        return DC_EXIT_USAGE;
    argc = take_max_size(argc, argv);
    if (argc < 0)
        return DC_EXIT_USAGE;
    /* options before the command: --help, --version, --lang, -q, -v */
    struct dc_args a;
    dc_args_begin(&a, &top, argc, argv);
    int c;
    while ((c = dc_args_next(&a)) > 0)
        if (c == 'h') {
            usage(stdout);
            a.status = fflush(stdout) == 0 ? DC_EXIT_OK : DC_EXIT_USAGE;
            return dc_args_end(&a);
        }
    if (c < 0)
        return dc_args_end(&a);
    int first = argc - a.noperands;
    dc_args_end(&a);
    if (first >= argc) {
        dc_usage_error(&top, _("no command given"));
        return DC_EXIT_USAGE;
    }
    if (strcmp(argv[first], "help") == 0)
        return help(argc - first, argv + first);
    const struct dc_command *cmd = find_command(argv[first]);
    if (!cmd)
        return dc_usage_error(&top, _("unknown command '%s'"), argv[first]);
    /* the command sees its name as argv[0], then the common options given
     * before it (`disclose -v check …`), then the words after it */
    char **args = dc_xcalloc((size_t)argc + 1, sizeof *args);
    int n = 0;
    args[n++] = argv[first];
    for (int i = 1; i < first; i++)
        args[n++] = argv[i];
    for (int i = first + 1; i < argc; i++)
        args[n++] = argv[i];
    int rc = cmd->run(n, args);
    free(args);
    return rc;
}
