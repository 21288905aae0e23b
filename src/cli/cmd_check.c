/* disclose check [--json] SOURCE...: the budget's findings; exit 1 when any
 * finding is an error, 2 on a usage error or unreadable input. */
#include "cli.h"
#include "doc_check.h"
#include "parse.h"

#include <string.h>

static void
help(FILE *out)
{
    fprintf(out,
            "usage: disclose check [--json] SOURCE...\n"
            "Checks the budget: sums inside every table, figures that must "
            "agree across\ntables, amounts and rates quoted in the text, "
            "codes and numbering.\nPrints FILE:LINE:COL: severity: [rule] "
            "message, or with --json an array of\nobjects (file, line, col, "
            "severity, rule, table, row, column, expected,\nfound, message).\n"
            "Exit status: 0 no error, 1 some finding is an error, 2 usage "
            "error or\nunreadable input.\n\nrules:\n");
    size_t n;
    const struct dc_rule_info *r = dc_check_rules(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "  %-15s %-7s %s\n", r[i].id,
                dc_severity_str(r[i].sev), r[i].summary);
}

int
dc_cmd_check(int argc, char **argv)
{
    int json = 0, nsrc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            help(stdout);
            return DC_EXIT_OK;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--") == 0)
            break;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "disclose check: unknown option '%s'\n", argv[i]);
            fprintf(stderr, "usage: disclose check [--json] SOURCE...\n");
            return DC_EXIT_USAGE;
        } else
            nsrc++;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--") == 0)
            nsrc += argc - i - 1;
    if (nsrc == 0) {
        fprintf(stderr, "usage: disclose check [--json] SOURCE...\n");
        return DC_EXIT_USAGE;
    }
    struct dc_diag diag;
    dc_diag_init(&diag, stderr);
    struct dc_tabledefs *defs = dc_cli_load_defs(&diag);
    if (!defs) {
        dc_diag_free(&diag);
        return DC_EXIT_USAGE;
    }
    int rc = DC_EXIT_OK, first = 1, opts = 1;
    if (json)
        fputs("[", stdout);
    for (int i = 1; i < argc; i++) {
        if (opts && strcmp(argv[i], "--") == 0) {
            opts = 0;
            continue;
        }
        if (opts && argv[i][0] == '-' && argv[i][1])
            continue;
        size_t errs = diag.nerrors;
        struct dc_doc *doc = dc_parse_file(argv[i], defs, &diag);
        if (!doc || diag.nerrors > errs) {
            rc = DC_EXIT_USAGE;
            dc_doc_free(doc);
            continue;
        }
        struct dc_findings f;
        dc_findings_init(&f);
        dc_check_doc(doc, &f);
        if (json)
            first = dc_findings_print_json(&f, argv[i], first, stdout);
        else
            dc_findings_print_text(&f, argv[i], stdout);
        if (f.nerrors && rc == DC_EXIT_OK)
            rc = DC_EXIT_FINDINGS;
        dc_findings_free(&f);
        dc_doc_free(doc);
    }
    if (json)
        fputs(first ? "]\n" : "\n]\n", stdout);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "disclose check: cannot write the findings\n");
        rc = DC_EXIT_USAGE;
    }
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
