/* The command-line grammar of every command; see opts.h. */
#include "opts.h"

#include "cli.h"
#include "core.h"
#include "i18n.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ids of the common options that have no letter */
#define OPT_LANG (DC_OPT_LONG + 1000)

static const struct dc_opt common_opts[] = {
    {'q', "quiet", NULL, N_("say less: only errors")},
    {'v', "verbose", NULL, N_("say more (repeat for even more)")},
    {OPT_LANG, "lang", "LANG",
     N_("language of messages: zh (Chinese) or en (English)")},
    {'h', "help", NULL, N_("show this help and exit")},
    {'V', "version", NULL, N_("show the version and exit")},
    {0, NULL, NULL, NULL}};

static size_t
count_opts(const struct dc_opt *o)
{
    size_t n = 0;
    while (o && o[n].name)
        n++;
    return n;
}

/* The option whose getopt value is `id`, in the command's table or the
 * common one. */
static const struct dc_opt *
find_opt(const struct dc_command *cmd, int id)
{
    for (const struct dc_opt *o = cmd->opts; o && o->name; o++)
        if (o->id == id)
            return o;
    for (const struct dc_opt *o = common_opts; o->name; o++)
        if (o->id == id)
            return o;
    return NULL;
}

static void
add_opts(struct dc_args *a, struct option *lo, size_t *n, size_t *ns,
         const struct dc_opt *opts)
{
    for (const struct dc_opt *o = opts; o && o->name; o++) {
        lo[*n].name = o->name;
        lo[*n].has_arg = o->arg ? required_argument : no_argument;
        lo[*n].flag = NULL;
        lo[*n].val = o->id;
        (*n)++;
        if (o->id > 0 && o->id < DC_OPT_LONG) {
            assert(!strchr(a->shortopts, o->id)); /* one letter, one option */
            assert(*ns + 3 < sizeof a->shortopts);
            a->shortopts[(*ns)++] = (char)o->id;
            if (o->arg)
                a->shortopts[(*ns)++] = ':';
        }
    }
}

void
dc_args_begin(struct dc_args *a, const struct dc_command *cmd, int argc,
              char **argv)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->argc = argc;
    a->argv = argv;
    size_t n = 0, ns = 0;
    struct option *lo = dc_xcalloc(count_opts(cmd->opts) +
                                       count_opts(common_opts) + 1,
                                   sizeof *lo);
    /* the top level stops at its first operand, the command's name */
    if (!cmd->run)
        a->shortopts[ns++] = '+';
    a->shortopts[ns++] = ':'; /* a missing value returns ':' */
    add_opts(a, lo, &n, &ns, cmd->opts);
    add_opts(a, lo, &n, &ns, common_opts);
    a->shortopts[ns] = '\0';
    a->longopts = lo;
    optind = 0; /* glibc: start afresh */
    opterr = 0; /* our own messages, translated */
}

int
dc_args_end(struct dc_args *a)
{
    free(a->longopts);
    a->longopts = NULL;
    return a->status;
}

static void
vusage_error(const struct dc_command *cmd, const char *fmt, va_list ap)
{
    struct dc_buf b;
    dc_buf_init(&b);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (cmd && cmd->name) {
        /* TRANSLATORS: disclose COMMAND: MESSAGE (see 'disclose COMMAND
         * --help') */
        dc_buf_printf(&b, _("disclose %s: %s (see 'disclose %s --help')"),
                      cmd->name, msg, cmd->name);
    } else {
        /* TRANSLATORS: disclose: MESSAGE (see 'disclose --help') */
        dc_buf_printf(&b, _("disclose: %s (see 'disclose --help')"), msg);
    }
    fprintf(stderr, "%s\n", b.data);
    dc_buf_free(&b);
}

int
dc_usage_error(const struct dc_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vusage_error(cmd, fmt, ap);
    va_end(ap);
    return DC_EXIT_USAGE;
}

int
dc_args_error(struct dc_args *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vusage_error(a->cmd, fmt, ap);
    va_end(ap);
    a->status = DC_EXIT_USAGE;
    return DC_EXIT_USAGE;
}

int
dc_args_int(struct dc_args *a, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(a->value, &end, 10);
    if (errno || end == a->value || *end || v < min || v > max) {
        dc_args_error(a, _("%s wants a whole number from %ld to %ld, not '%s'"),
                      a->option, min, max, a->value);
        return -1;
    }
    *out = v;
    return 0;
}

/* "--verb": several long options start so. */
static int
ambiguous(const struct dc_args *a, const char *word)
{
    size_t len = strcspn(word, "=");
    int n = 0;
    for (const struct option *o = a->longopts; o->name; o++)
        if (strncmp(o->name, word, len) == 0) {
            if (strlen(o->name) == len)
                return 0; /* exact */
            n++;
        }
    return n > 1;
}

/* How the option just seen was written: "-o", "--output". */
static const char *
written(struct dc_args *a, int id, char *buf, size_t bufsz)
{
    const struct dc_opt *o = id ? find_opt(a->cmd, id) : NULL;
    const char *w = optind > 0 && optind <= a->argc ? a->argv[optind - 1]
                                                     : "?";
    if (!o) { /* unknown: "-x", or the long word up to its '=' */
        if (id > 0 && id < DC_OPT_LONG)
            snprintf(buf, bufsz, "-%c", id);
        else
            snprintf(buf, bufsz, "%.*s", (int)strcspn(w, "="), w);
        return buf;
    }
    int letter = o->id < DC_OPT_LONG;
    /* "--output=DIR", "--output" or "--output DIR" (the value is argv's
     * last word then) */
    const char *prev = optind >= 2 && optind - 2 < a->argc &&
                               optarg && a->argv[optind - 1] == optarg
                           ? a->argv[optind - 2]
                           : w;
    if (!letter || strncmp(prev, "--", 2) == 0)
        snprintf(buf, bufsz, "--%s", o->name);
    else
        snprintf(buf, bufsz, "-%c", o->id);
    return buf;
}

static char optname[128];

int
dc_args_next(struct dc_args *a)
{
    for (;;) {
        int c = getopt_long(a->argc, a->argv, a->shortopts, a->longopts,
                            NULL);
        a->value = optarg;
        if (c == -1)
            break;
        a->option = written(a, c == '?' || c == ':' ? optopt : c, optname,
                            sizeof optname);
        if (c == ':') {
            dc_args_error(a, _("option '%s' needs a value"), a->option);
            return -1;
        }
        if (c == '?') {
            const struct dc_opt *o = optopt ? find_opt(a->cmd, optopt) : NULL;
            if (o && !o->arg)
                dc_args_error(a, _("option '%s' takes no value"), a->option);
            else if (a->option[1] == '-' && ambiguous(a, a->option + 2))
                dc_args_error(a, _("option '%s' is ambiguous"), a->option);
            else
                dc_args_error(a, _("unknown option '%s'"), a->option);
            return -1;
        }
        switch (c) {
        case 'h':
            if (a->cmd->run)
                dc_command_help(a->cmd, stdout);
            else
                return c; /* the top level prints its own */
            a->status = fflush(stdout) == 0 ? DC_EXIT_OK : DC_EXIT_USAGE;
            return -1;
        case 'V':
            dc_print_version(stdout);
            a->status = fflush(stdout) == 0 ? DC_EXIT_OK : DC_EXIT_USAGE;
            return -1;
        case 'q':
            a->verbosity = -1;
            continue;
        case 'v':
            a->verbosity = a->verbosity < 0 ? 1 : a->verbosity + 1;
            continue;
        case OPT_LANG:
            /* chosen in main() before anything was said; checked there */
            continue;
        default:
            return c;
        }
    }
    a->operands = a->argv + optind;
    a->noperands = a->argc - optind;
    const struct dc_command *cmd = a->cmd;
    if (!cmd->run)
        return 0; /* the top level: the rest belongs to the command */
    if (a->noperands < cmd->min_operands) {
        if (a->noperands == 0)
            dc_args_error(a, _("%s is missing"), cmd->operands);
        else
            dc_args_error(a, _("too few operands (wanted %s)"), cmd->operands);
        return -1;
    }
    if (cmd->max_operands >= 0 && a->noperands > cmd->max_operands) {
        dc_args_error(a, _("unexpected operand '%s' (wanted %s)"),
                      a->operands[cmd->max_operands], cmd->operands);
        return -1;
    }
    int stdin_seen = 0;
    for (int i = 0; i < a->noperands; i++)
        if (strcmp(a->operands[i], "-") == 0 && stdin_seen++) {
            dc_args_error(a, _("standard input ('-') can be read only once"));
            return -1;
        }
    return 0;
}

/* Display width of UTF-8 text: Han and full-width forms take two columns. */
static int
width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        int l = dc_utf8_decode(s, n, &cp);
        if (l <= 0)
            l = 1, cp = '?';
        w += (cp >= 0x1100 && (dc_is_han(cp) || (cp >= 0x3000 && cp <= 0x30ff) ||
                               (cp >= 0xff00 && cp <= 0xff60)))
                 ? 2
                 : 1;
        s += l;
        n -= (size_t)l;
    }
    return w;
}

static void
print_opts(const struct dc_opt *opts, FILE *out)
{
    enum { COL = 26 };
    for (const struct dc_opt *o = opts; o && o->name; o++) {
        if (!o->help)
            continue;
        char left[96];
        int shortname = o->id > 0 && o->id < DC_OPT_LONG;
        snprintf(left, sizeof left, "  %c%c%s--%s%s%s",
                 shortname ? '-' : ' ', shortname ? o->id : ' ',
                 shortname ? ", " : "  ", o->name, o->arg ? "=" : "",
                 o->arg ? o->arg : "");
        int w = width(left);
        fputs(left, out);
        if (w + 2 > COL) {
            fputc('\n', out);
            w = 0;
        }
        fprintf(out, "%*s%s\n", COL - w, "", _(o->help));
    }
}

void
dc_command_options(const struct dc_command *cmd, FILE *out)
{
    print_opts(cmd->opts, out);
}

void
dc_common_options(FILE *out)
{
    print_opts(common_opts, out);
}

void
dc_print_version(FILE *out)
{
    fprintf(out, "disclose %s\n", DC_VERSION);
}

void
dc_command_help(const struct dc_command *cmd, FILE *out)
{
    fprintf(out, _("usage: disclose %s [OPTIONS] %s\n"), cmd->name,
            cmd->operands);
    fprintf(out, "%s\n", _(cmd->summary));
    if (cmd->text)
        fprintf(out, "\n%s", _(cmd->text));
    if (count_opts(cmd->opts)) {
        fprintf(out, "\n%s\n", _("options:"));
        print_opts(cmd->opts, out);
    }
    fprintf(out, "\n%s\n", _("common options:"));
    print_opts(common_opts, out);
    if (cmd->help_more)
        cmd->help_more(out);
}
