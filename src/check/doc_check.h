/* The budget checker: reads a parsed document and reports where its figures
 * do not add up, disagree between tables or with the text, or where its
 * structure is malformed.  Never edits the model.  `disclose check`. */
#ifndef DC_DOC_CHECK_H
#define DC_DOC_CHECK_H

#include "model.h"

/* One finding.  Strings are owned by the findings' arena. */
struct dc_finding {
    const char *rule;     /* rule id ("row-sum"), static */
    enum dc_severity sev;
    int table;            /* 1..11, 0 = text or whole document */
    const char *row;      /* row code ("2010301") or label, or NULL */
    const char *column;   /* column key ("total"), or NULL */
    const char *expected; /* the value the rule computed, or NULL */
    const char *found;    /* the value the document states, or NULL */
    int line, col;        /* 1-based source position of the wrong cell */
    const char *message;  /* one line, without position or severity */
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
 * position (line, column), then rule id and message; duplicates dropped. */
void dc_check_doc(const struct dc_doc *doc, struct dc_findings *out);

/* "FILE:LINE:COL: severity: [rule] message", one line each. */
void dc_findings_print_text(const struct dc_findings *f, const char *file,
                            FILE *out);
/* The findings as JSON objects, comma-separated, without the enclosing
 * brackets (so several files can share one array); `first` says whether
 * no object has been written before.  Returns the new value of `first`. */
int dc_findings_print_json(const struct dc_findings *f, const char *file,
                           int first, FILE *out);

/* The rules, for --help and the README. */
struct dc_rule_info {
    const char *id;
    enum dc_severity sev; /* usual severity (some rules grade theirs) */
    const char *summary;
};
const struct dc_rule_info *dc_check_rules(size_t *n);

#endif
