/* One command-line grammar for every command of disclose (getopt_long).
 *
 * A command is a table: its name, operands, one-line summary, description
 * and options.  Adding an option is one line in the table plus a `case` in
 * the command's loop:
 *
 *   static const struct dc_opt render_opts[] = {
 *       {'o', "output", "DIR", N_("where the outputs go")},
 *       {OPT_PDF, "pdf", NULL, N_("write the PDF")},
 *       {0}};
 *   ...
 *   struct dc_args a;
 *   int c;
 *   dc_args_begin(&a, &dc_render_cmd, argc, argv);
 *   while ((c = dc_args_next(&a)) > 0)
 *       switch (c) { case 'o': dir = a.value; break; ... }
 *   if (c < 0)
 *       return dc_args_end(&a);      (help, version or a usage error)
 *   ... a.operands[0 .. a.noperands) ...
 *   dc_args_end(&a);
 *
 * Every command also takes -h/--help, -V/--version, -q/--quiet,
 * -v/--verbose and --lang LANG; --opt=value and --opt value; -oVALUE and
 * -o VALUE; "--" ends the options; a lone "-" is an operand (standard
 * input).  A usage mistake prints one line naming it and pointing to
 * --help, and the command returns exit status 2. */
#ifndef DC_OPTS_H
#define DC_OPTS_H

#include <stdio.h>

/* Ids of options without a letter start here. */
#define DC_OPT_LONG 256

struct dc_opt {
    int id;           /* returned by dc_args_next(): the letter, or >= 256 */
    const char *name; /* long name, without "--" */
    const char *arg;  /* metavariable ("DIR") when it takes a value, or NULL */
    const char *help; /* N_("one line"); NULL hides the option */
};

struct dc_command {
    const char *name;     /* "render" */
    const char *operands; /* "SOURCE..." */
    const char *summary;  /* N_("one line for the command list") */
    const char *text;     /* N_("what it does, exit status"), or NULL */
    int min_operands, max_operands; /* max < 0: any number */
    const struct dc_opt *opts;       /* ends with {0} */
    int (*run)(int argc, char **argv);
    void (*help_more)(FILE *out); /* the end of its help, or NULL */
};

struct dc_args {
    const struct dc_command *cmd;
    const char *value;   /* the value of the option just returned */
    const char *option;  /* how the user wrote it ("-o", "--output") */
    int verbosity;       /* -1 with -q, 0, 1 and more with -v */
    char **operands;     /* after dc_args_next() returned 0 */
    int noperands;
    int status;          /* exit status when dc_args_next() returned -1 */
    /* private */
    int argc;
    char **argv;
    void *longopts;
    char shortopts[96];
};

void dc_args_begin(struct dc_args *a, const struct dc_command *cmd, int argc,
                   char **argv);
/* The id of the next option of the command's own table; 0 when the options
 * are over and the operands are counted right; -1 when the command should
 * return a.status at once (help or version printed, or a usage error). */
int dc_args_next(struct dc_args *a);
/* Frees the parser; returns a.status. */
int dc_args_end(struct dc_args *a);

/* A usage mistake: prints "disclose CMD: <message>" and a pointer to
 * --help on one line; sets and returns the usage exit status (2). */
int dc_args_error(struct dc_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int dc_usage_error(const struct dc_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The option's value as a whole number in [min, max]; a usage error
 * otherwise (returns -1, a.status set). */
int dc_args_int(struct dc_args *a, long min, long max, long *out);

/* The help of one command (usage, text, its options, common options). */
void dc_command_help(const struct dc_command *cmd, FILE *out);
/* The options of one command, as in its help (for the top-level help). */
void dc_command_options(const struct dc_command *cmd, FILE *out);
/* The common options, as in every help. */
void dc_common_options(FILE *out);
/* "disclose 0.1.0" */
void dc_print_version(FILE *out);

#endif
