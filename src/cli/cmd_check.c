/* disclose check [--format text|json|sarif] SOURCE...: the budget's
 * findings; exit 1 when any finding is an error, 2 on a usage error or
 * unreadable input.  The run ends with a summary on stderr. */
#include "cli.h"
#include "doc_check.h"
#include "i18n.h"
#include "parse.h"

#include <string.h>

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };
enum { OPT_FORMAT = DC_OPT_LONG, OPT_JSON, OPT_NAME };

static const struct dc_opt check_opts[] = {
    {OPT_FORMAT, "format", "FORMAT",
     N_("text (default), json or sarif, on standard output")},
    {OPT_JSON, "json", NULL, N_("the same as --format json")},
    {OPT_NAME, "name", "NAME",
     N_("what standard input is called in the findings")},
    {0, NULL, NULL, NULL}};

static void
list_rules(FILE *out)
{
    fprintf(out, "\n%s\n", _("rules:"));
    size_t n;
    const struct dc_rule_info *r = dc_check_rules(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-15s %-7s %s\n", r[i].id, dc_severity_str(r[i].sev),
                _(r[i].summary));
}

const struct dc_command dc_check_command = {
    "check", "SOURCE...", N_("check the budget's arithmetic"),
    N_("Checks the budget: sums inside every table, figures that must agree "
       "across\ntables, amounts and rates quoted in the text, codes and "
       "numbering.\nPrints FILE:LINE:COL: severity: [rule] message, one "
       "finding a line; with\n--format json one JSON object (its schema: "
       "docs/check-output.schema.json),\nwith --format sarif a SARIF 2.1.0 "
       "log.  A summary of the counts ends the run\non standard error (not "
       "with -q).\nExit status: 0 no error, 1 "
       "some finding is an error, 2 usage error or\nunreadable input.\n"),
    1, -1, check_opts, dc_cmd_check, list_rules};

/* "findings: 3 errors, 1 warning" / "共 3 处错误、1 处警告" */
static void
summary(size_t nerrors, size_t nwarnings, FILE *out)
{
    char e[64], w[64];
    snprintf(e, sizeof e, P_("%zu error", "%zu errors", nerrors), nerrors);
    snprintf(w, sizeof w, P_("%zu warning", "%zu warnings", nwarnings),
             nwarnings);
    /* TRANSLATORS: the counts of errors and warnings, at the end of check */
    fprintf(out, _("findings: %s, %s\n"), e, w);
}

int
dc_cmd_check(int argc, char **argv)
{
    enum format format = FORMAT_TEXT;
    const char *name = NULL;
    struct dc_args a;
    int c;
    dc_args_begin(&a, &dc_check_command, argc, argv);
    while ((c = dc_args_next(&a)) > 0) {
        switch (c) {
        case OPT_FORMAT:
            if (strcmp(a.value, "text") == 0)
                format = FORMAT_TEXT;
            else if (strcmp(a.value, "json") == 0)
                format = FORMAT_JSON;
            else if (strcmp(a.value, "sarif") == 0)
                format = FORMAT_SARIF;
            else
                c = -dc_args_error(&a, _("unknown format '%s' (text, json "
                                         "or sarif)"),
                                   a.value);
            break;
        case OPT_JSON:
            format = FORMAT_JSON;
            break;
        case OPT_NAME:
            name = a.value;
            break;
        }
        if (c < 0)
            break;
    }
    if (c < 0 || a.status)
        return dc_args_end(&a);
    char **src = a.operands;
    int nsrc = a.noperands, verbosity = a.verbosity;
    dc_args_end(&a);

    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    diag.quiet = verbosity < 0;
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    if (!defs) {
        dc_diag_free(&diag);
        return DC_EXIT_USAGE;
    }
    int rc = DC_EXIT_OK, first = 1;
    size_t nerrors = 0, nwarnings = 0;
    if (format != FORMAT_TEXT)
        fputs("[", stdout);
    for (int i = 0; i < nsrc; i++) {
        size_t errs = diag.nerrors;
        const char *file = strcmp(src[i], "-") == 0 ? (name ? name : "<stdin>")
                                                     : src[i];
        struct dc_doc *doc = dc_cli_parse(src[i], name, defs, &diag);
        if (!doc || diag.nerrors > errs) {
            rc = DC_EXIT_USAGE;
            dc_doc_free(doc);
            continue;
        }
        struct dc_findings f;
        dc_findings_init(&f);
        dc_check_doc(doc, &f);
        if (format != FORMAT_TEXT)
            first = dc_findings_print_json(&f, file, first, stdout);
        else
            dc_findings_print_text(&f, file, stdout);
        nerrors += f.nerrors;
        nwarnings += f.nwarnings;
        if (f.nerrors && rc == DC_EXIT_OK)
            rc = DC_EXIT_FINDINGS;
        dc_findings_free(&f);
        dc_doc_free(doc);
    }
    if (format != FORMAT_TEXT)
        fputs(first ? "]\n" : "\n]\n", stdout);
    if (fflush(stdout) != 0) {
        fprintf(stderr, _("disclose check: cannot write the findings\n"));
        rc = DC_EXIT_USAGE;
    }
    if (verbosity >= 0)
        summary(nerrors + diag.nerrors, nwarnings + diag.nwarnings, stderr);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
