/* The budget checker: reads a parsed document and reports where its figures
 * do not add up, disagree between tables or with the text, or where its
 * structure is malformed.  Never edits the model.  `disclose check`. */
#ifndef DC_DOC_CHECK_H
#define DC_DOC_CHECK_H

#include "model.h"

/* One finding: one wrong cell (or one number of the text), named the way a
 * clerk finds it: table, [row code and name], column header as printed,
 * then expected/found and the reasons of every rule that blames it.
 * Strings are owned by the findings' arena. */
struct dc_finding {
    const char *rule;     /* rule id of the first reason ("row-sum"), static */
    const char *rules;    /* every rule that blames the cell, ","-joined */
    enum dc_severity sev; /* the gravest of its reasons */
    int table;            /* 1..N for 表N, 0 = a form, the text or the whole
                             document */
    const char *table_name; /* "表3", a form's title, or NULL */
    const char *row;      /* row code ("2010301"), else its label, or NULL */
    const char *row_name; /* the row's name ("一般公共服务支出"), or NULL */
    const char *column;   /* column key ("total"), or NULL */
    const char *column_header; /* the column's header as printed ("合计") */
    const char *subject;  /* outside tables: what the text states, or NULL */
    const char *subject_kind; /* its message id ("text \"%s\""), static */
    const char *expected; /* the value the rule computed, or NULL */
    const char *found;    /* the value the document states, or NULL */
    int empty;            /* the cell is empty where a figure is required */
    int line, col;        /* 1-based source position of the wrong cell */
    const char *reason;   /* the reasons, "; "-joined, chosen language */
    const char *reason_en, *reason_zh;
    const char *message;  /* name, values and reasons, chosen language */
    const char *message_en, *message_zh; /* the same in each language */
};

struct dc_findings {
    struct dc_arena arena;
    struct dc_finding *v;
    size_t n, cap;
    size_t nerrors, nwarnings;
};

void dc_findings_init(struct dc_findings *f);
void dc_findings_free(struct dc_findings *f); /* NULL does nothing */

/* Runs every rule over `doc` and appends the findings to `out`, sorted by
 * position (line, column); the reasons several rules give for one cell
 * are merged into one finding. */
void dc_check_doc(const struct dc_doc *doc, struct dc_findings *out);
/* Reports each identity of the layouts' identities.xml whose rule= names
 * no rule of the checker ("file:line: error: unknown rule …"); returns how
 * many.  The layouts' reader checks the rest (roles, columns). */
struct dc_tabledefs;
int dc_check_validate_defs(const struct dc_tabledefs *defs,
                           struct dc_diag *diag);

/* Only the `leftover` rule: editors' notes and template placeholders left
 * in the document (render warns about each). */
void dc_check_leftovers(const struct dc_doc *doc, struct dc_findings *out);

/* "FILE:LINE:COL: severity: [rule] message", one line each. */
void dc_findings_print_text(const struct dc_findings *f, const char *file,
                            FILE *out);
/* The findings as JSON objects, comma-separated, without the enclosing
 * brackets (so several files can share one array); `first` says whether
 * no object has been written before.  Returns the new value of `first`. */
int dc_findings_print_json(const struct dc_findings *f, const char *file,
                           int first, FILE *out);

/* The rules, for --help and the README (a test compares the README's rule
 * table with this one). */
struct dc_rule_info {
    const char *id;
    enum dc_severity sev; /* usual severity (some rules grade theirs) */
    const char *summary;
};
const struct dc_rule_info *dc_check_rules(size_t *n);

#endif
