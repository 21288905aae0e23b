/* disclose check [--format text|json|sarif] SOURCE...: the budget's
 * findings; exit 1 when any finding is an error, 2 on a usage error or
 * unreadable input.  The run ends with a summary on stderr. */
#include "cli.h"
#include "doc_check.h"
#include "i18n.h"
#include "parse.h"

#include <stdlib.h>
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

/* ---- the output: text, or one JSON / SARIF document for the run ---- */

#define SCHEMA "disclose-check/1"

struct output {
    enum format format;
    FILE *out;
    int first; /* no finding written yet */
    int quiet; /* -q: the text shows the errors only */
    size_t nerrors, nwarnings;
};

static void
out_begin(struct output *o)
{
    FILE *out = o->out;
    if (o->format == FORMAT_JSON) {
        fputs("{\n\"schema\": \"" SCHEMA "\",\n\"tool\": {\"name\": "
              "\"disclose\", \"version\": \"" DC_VERSION "\"},\n",
              out);
        fprintf(out, "\"language\": \"%s\",\n\"findings\": [",
                dc_i18n_lang() == DC_LANG_ZH ? "zh" : "en");
    } else if (o->format == FORMAT_SARIF) {
        fputs("{\n\"$schema\": \"https://json.schemastore.org/"
              "sarif-2.1.0.json\",\n\"version\": \"2.1.0\",\n\"runs\": [{\n"
              "\"tool\": {\"driver\": {\"name\": \"disclose\", "
              "\"version\": \"" DC_VERSION "\",\n\"rules\": [",
              out);
        size_t n;
        const struct dc_rule_info *r = dc_check_rules(&n);
        for (size_t i = 0; i < n; i++) {
            fprintf(out, "%s\n  {\"id\": ", i ? "," : "");
            dc_json_puts(out, r[i].id);
            fputs(", \"shortDescription\": {\"text\": ", out);
            dc_json_puts(out, _(r[i].summary));
            fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}",
                    dc_severity_str(r[i].sev));
        }
        fputs("]}},\n\"columnKind\": \"unicodeCodePoints\",\n"
              "\"results\": [",
              out);
    }
}

/* A file name as a URI reference: bytes other than unreserved ones and '/'
 * percent-encoded. */
static void
put_uri(FILE *out, const char *file)
{
    struct dc_buf b;
    dc_buf_init(&b);
    for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            dc_buf_putc(&b, (char)*p);
        else
            dc_buf_printf(&b, "%%%02X", *p);
    }
    dc_json_puts(out, b.data ? b.data : "");
    dc_buf_free(&b);
}

/* "locations": [...] of a SARIF result or notification */
static void
sarif_location(FILE *out, const char *file, int line, int col)
{
    fputs("\"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
          "{\"uri\": ",
          out);
    put_uri(out, file);
    fputs("}", out);
    if (line > 0) {
        fprintf(out, ", \"region\": {\"startLine\": %d", line);
        if (col > 0)
            fprintf(out, ", \"startColumn\": %d", col);
        fputs("}", out);
    }
    fputs("}}]", out);
}

static size_t
rule_index(const char *id)
{
    size_t n;
    const struct dc_rule_info *r = dc_check_rules(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].id, id) == 0)
            return i;
    return 0;
}

static void
sarif_result(FILE *out, const struct dc_finding *x, const char *file)
{
    fputs("\n  {\"ruleId\": ", out);
    dc_json_puts(out, x->rule);
    fprintf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\",\n   "
                 "\"message\": {\"text\": ",
            rule_index(x->rule), dc_severity_str(x->sev));
    dc_json_puts(out, x->message);
    fputs("},\n   ", out);
    sarif_location(out, file, x->line, x->col);
    /* the cell as the JSON output names it, and both languages */
    fputs(",\n   \"properties\": {\"rules\": ", out);
    dc_json_puts(out, x->rules);
    if (x->table)
        fprintf(out, ", \"table\": %d", x->table);
    static const char *const keys[] = {
        "table_name", "row", "row_name", "column", "column_header",
        "expected", "found", "message_en", "message_zh"};
    const char *vals[] = {x->table_name, x->row,      x->row_name,
                          x->column,     x->column_header, x->expected,
                          x->found,      x->message_en, x->message_zh};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (vals[k]) {
            fprintf(out, ", \"%s\": ", keys[k]);
            dc_json_puts(out, vals[k]);
        }
    fputs("}}", out);
}

static void
out_file(struct output *o, const struct dc_findings *f, const char *file)
{
    o->nerrors += f->nerrors;
    o->nwarnings += f->nwarnings;
    if (o->format == FORMAT_TEXT && o->quiet) {
        struct dc_findings errors = *f; /* a view of the errors only */
        errors.v = dc_xcalloc(f->n + 1, sizeof *errors.v);
        errors.n = 0;
        for (size_t i = 0; i < f->n; i++)
            if (f->v[i].sev == DC_SEV_ERROR)
                errors.v[errors.n++] = f->v[i];
        dc_findings_print_text(&errors, file, o->out);
        free(errors.v);
    } else if (o->format == FORMAT_TEXT) {
        dc_findings_print_text(f, file, o->out);
    } else if (o->format == FORMAT_JSON) {
        o->first = dc_findings_print_json(f, file, o->first, o->out);
    } else {
        for (size_t i = 0; i < f->n; i++) {
            if (!o->first)
                fputc(',', o->out);
            o->first = 0;
            sarif_result(o->out, &f->v[i], file);
        }
    }
}

/* The parse diagnostics close the document: in JSON beside the findings,
 * in SARIF as the invocation's notifications. */
static void
out_end(struct output *o, const struct dc_diag *diag, int ok)
{
    FILE *out = o->out;
    size_t nerrors = o->nerrors + diag->nerrors;
    size_t nwarnings = o->nwarnings + diag->nwarnings;
    if (o->format == FORMAT_JSON) {
        fputs(o->first ? "],\n\"diagnostics\": [" : "\n],\n\"diagnostics\": [",
              out);
        for (size_t i = 0; i < diag->n; i++) {
            const struct dc_diag_msg *m = &diag->msgs[i];
            fputs(i ? ",\n  {\"file\": " : "\n  {\"file\": ", out);
            dc_json_puts(out, m->file);
            fprintf(out, ", \"line\": %d, \"col\": %d, \"severity\": \"%s\", "
                         "\"message\": ",
                    m->line, m->col, dc_severity_str(m->sev));
            dc_json_puts(out, m->text);
            fputs("}", out);
        }
        fprintf(out, "%s],\n\"summary\": {\"errors\": %zu, \"warnings\": "
                     "%zu}\n}\n",
                diag->n ? "\n" : "", nerrors, nwarnings);
    } else if (o->format == FORMAT_SARIF) {
        fprintf(out, "%s],\n\"invocations\": [{\"executionSuccessful\": %s, "
                     "\"toolExecutionNotifications\": [",
                o->first ? "" : "\n", ok ? "true" : "false");
        for (size_t i = 0; i < diag->n; i++) {
            const struct dc_diag_msg *m = &diag->msgs[i];
            fprintf(out, "%s\n  {\"level\": \"%s\", \"message\": {\"text\": ",
                    i ? "," : "", dc_severity_str(m->sev));
            dc_json_puts(out, m->text);
            fputs("}", out);
            if (m->file) {
                fputs(", ", out);
                sarif_location(out, m->file, m->line, m->col);
            }
            fputs("}", out);
        }
        fputs("]}]\n}]\n}\n", out);
    }
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
    int rc = DC_EXIT_OK;
    struct output o = {format, stdout, 1, verbosity < 0, 0, 0};
    out_begin(&o);
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
        out_file(&o, &f, file);
        if (f.nerrors && rc == DC_EXIT_OK)
            rc = DC_EXIT_FINDINGS;
        dc_findings_free(&f);
        dc_doc_free(doc);
    }
    out_end(&o, &diag, rc != DC_EXIT_USAGE);
    if (fflush(stdout) != 0) {
        fprintf(stderr, _("disclose check: cannot write the findings\n"));
        rc = DC_EXIT_USAGE;
    }
    if (verbosity >= 0)
        summary(o.nerrors + diag.nerrors, o.nwarnings + diag.nwarnings,
                stderr);
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
    return rc;
}
