/* Inside check/: the rule ids, the indexed view of the tables the rules
 * read, and the helpers they share.  Declared here for the unit tests. */
#ifndef DC_CHECK_INT_H
#define DC_CHECK_INT_H

#include "doc_check.h"
#include "i18n.h"

#include <stdarg.h>

/* The tables of the standard set the text rules know by what they are
 * (a layout's role="…", whatever number the document prints them with);
 * the cross-table identities name roles in layouts/identities.xml. */
enum ck_role {
    CK_ROLE_NONE,
    CK_ROLE_SUMMARY,       /* 部门收支总体情况表 */
    CK_ROLE_INCOME,        /* 部门收入总体情况表 */
    CK_ROLE_EXPENSE,       /* 部门支出总体情况表 */
    CK_ROLE_FISCAL,        /* 财政拨款收支总体情况表 */
    CK_ROLE_GENERAL,       /* 一般公共预算支出情况表 */
    CK_ROLE_GENERAL_BASIC, /* 一般公共预算基本支出情况表 */
    CK_ROLE_PROJECT,       /* 项目支出情况表 */
    CK_ROLE_FUND,          /* 政府性基金预算支出情况表 */
    CK_ROLE_SOE,           /* 国有资本经营预算支出情况表 */
    CK_ROLE_SANGONG,       /* "三公"经费支出情况表 */
    CK_ROLE_CARRY,         /* 上年结转结余情况表 */
    CK_NROLES
};
extern const char *const ck_role_names[CK_NROLES];

/* Rule ids; parallel to ck_rules[] in check.c. */
enum ck_rule {
    CK_HIER,          /* 类 = Σ 款 = Σ 项 */
    CK_HIER_ORPHAN,   /* a 项 without its 款, a 款 without its 类 */
    CK_ROW_SUM,       /* a row's total = its parts */
    CK_TOTAL_ROW,     /* 合计 row = Σ 类 rows (Σ rows) */
    CK_T1_SIDE,       /* 表1/表4 income side adds up */
    CK_T1_BALANCE,    /* 收入总计 = 支出总计 */
    CK_T10_ITEMS,     /* 三公 total = its items */
    CK_X_CLASS,       /* 表1 = 表2 = 表3 = 表4 per class */
    CK_X_GENERAL,     /* 表4 一般 = 表5 (= 表2 一般 + 上级一般) */
    CK_X_FUND,        /* 表4 基金 = 表8 */
    CK_X_SOE,         /* 表4 国资 = 表9 */
    CK_X_BASIC,       /* 表5 基本 = 表6 */
    CK_X_PROJECT,     /* 表5 项目 = 表7 */
    CK_X_SPLIT,       /* 表3 基本/项目 = 表5 + 表8 + 表9 */
    CK_X_INCOME,      /* 表1 income = 表2 columns = 表4 income */
    CK_X_CARRY,       /* 表11 = 表1 上年结转 */
    CK_X_SANGONG,     /* 表10 = 表6 30212/30217/30231 */
    CK_X_CODES,       /* 表3/5/7/8/9 codes are 表2's; 表2's are 表3's */
    CK_TEXT_AMOUNT,   /* amount in part three = the table */
    CK_TEXT_SANGONG,  /* 三公 explanation = 表10 */
    CK_TEXT_SHARE,    /* 占 P% recomputed */
    CK_TEXT_GROWTH,   /* 增长 P% recomputed */
    CK_TEXT_DIRECTION,/* 增加 … 下降 */
    CK_UNIT_SLIP,     /* 元 where 万元 is meant */
    CK_HEADING_YEAR,  /* a heading's year is not the document's */
    CK_CODE_MALFORMED,/* 类 not 3 digits, 款/项 not 2 */
    CK_CODE_NAME,     /* one code, two names */
    CK_CODE_DUP,      /* one code twice in a table */
    CK_NUMBERING,     /* 一、二、四 */
    CK_NOT_NUMBER,    /* text in an amount column */
    CK_EMPTY_COLUMN,  /* a total column left empty throughout */
    CK_EMPTY_CELL,    /* a required figure left empty (not read as 0) */
    CK_TEXT_PROJECT,  /* part three 七: a project's 规模 = 表7 */
    CK_TEXT_LIST,     /* listed sub-items add up to the stated total */
    CK_TEXT_SME,      /* 小微 reservation <= 中小企业 reservation */
    CK_PERF_COUNT,    /* number of 项目绩效表 = the count in the text */
    CK_PERF_FUNDS,    /* 年度预算总额 = 财政拨款 + 其他资金 */
    CK_PERF_COST,     /* Σ 成本指标 = 年度预算总额 */
    CK_PERF_WEIGHT,   /* Σ 指标分值权重 = 90 */
    CK_PERF_DEPT,     /* 部门整体 form's sources = the department total */
    CK_UNIT_NAME,     /* the issuing unit named one way throughout */
    CK_LEFTOVER,      /* editors' notes and template placeholders */
    CK_TEXT_ALLOC,    /* part three 七: Σ 资金分配情况 = the project's 规模 */
    CK_CODE_ORDER,    /* a code between its neighbours' codes */
    CK_NRULES
};

struct ck_row {
    const struct dc_node *node;
    int total;        /* a 合计/总计 row */
    int level;        /* 1 类, 2 款, 3 项, 0 none */
    char code[16];    /* derived from the code cells, or "" */
    const char *label;/* name / item text (for messages), never NULL */
    /* by first grid column, t->width of each (the table's slots, not
     * DC_MAX_COLS a row: check's memory stays proportional to the source) */
    const struct dc_node **cell;
    const char **text; /* cell text without blanks, never NULL */
    /* normalised once when the table is indexed (ck_norm_name), never
     * NULL: the item's name (CK_NAME_ASIDES; the name column, else the
     * item column without its leading code) and the label (CK_NAME_ASIDES,
     * and with CK_NAME_QUOTES too), so the text rules do not renormalise
     * every row for every amount the text states */
    const char *norm_name, *norm_label, *norm_label_q;
    /* the 款 row a 项 row comes under in the text rules' reading: the last
     * level-2 row before it with no 类 or total row between, or -1 */
    int kuan;
};

/* A row of a table by a normalised name, for exact look-ups. */
struct ck_name_ix {
    const char *name; /* e.g. the row's norm_name */
    int row;          /* index in rows */
};

struct ck_table {
    const struct dc_node *node; /* NULL when the document lacks it */
    const struct dc_tabledef *def;
    int number; /* as printed */
    char name[16]; /* "表N" as printed, for messages */
    enum ck_role role; /* CK_ROLE_NONE for a role the C rules do not know */
    int nrows;
    struct ck_row *rows; /* body and total rows, in order */
    int width;           /* columns of cell[] and text[]: >= def->ncols */
    const void **slots;  /* the rows' cell[] and text[], one block */
    /* used[col]: some row's cell of the column is not empty (asked per
     * row by the rules: kept here, not rescanned, so check stays linear) */
    unsigned char used[DC_MAX_COLS];
    /* the rows sorted by norm_name, then by position: the rows of one name
     * are a run found by binary search (ck_name_ix_find) */
    struct ck_name_ix *by_name;
};

struct ck_row_ix {
    const struct dc_node *node; /* NULL: a free slot */
    const struct ck_row *row;
};

struct ck_ctx {
    const struct dc_doc *doc;
    struct dc_findings *out;
    struct dc_arena arena; /* the rows' squeezed texts */
    /* the document's numbered tables that have a layout, in the
     * document's order (a second table of one role included) */
    struct ck_table *t;
    int ntab;
    /* the first table of each role the C rules know; &none (node NULL)
     * when the document lacks it */
    const struct ck_table *by_role[CK_NROLES];
    struct ck_table none;
    /* the layouts the tables come from (their identities.xml), or NULL
     * when the document has no table */
    const struct dc_tabledefs *defs;
    /* the indexed row of each row node, hashed by its address (a finding
     * finds its row in constant time: check stays linear in findings) */
    struct ck_row_ix *row_ix;
    size_t row_ix_mask;
    /* dc_check_leftovers: no table indexed up front; a finding in a cell
     * indexes that cell's table alone, when it is reported (render's scan
     * runs beside the layout: an index of every row was its memory) */
    int lazy;
};

/* The table of a role: never NULL, node NULL when the document lacks it. */
static inline const struct ck_table *
ck_role(const struct ck_ctx *c, enum ck_role role)
{
    return c->by_role[role];
}
/* The first table whose layout declares `role` (any role a layout names),
 * or NULL. */
const struct ck_table *ck_table_of_role(const struct ck_ctx *c,
                                        const char *role);

/* ---- values ---- */
/* The value of column `key` in row r: returns 1 with *v set (an empty cell
 * is 0), 0 when the table has no such column, -1 when the cell holds text
 * that is not a number (*v = 0).  *cell (may be NULL) gets the cell. */
int ck_val(const struct ck_table *t, const struct ck_row *r, const char *key,
           struct dc_decimal *v, const struct dc_node **cell);
int ck_cell_empty(const struct dc_node *cell);
/* Parses a number out of cell text ("53　", " 27766"); 1 on success. */
int ck_parse_amount(const char *s, struct dc_decimal *v);
/* A column's name in messages, from the layout's header grid ("合计"). */
const char *ck_col_name(const struct ck_table *t, const char *key);
/* The node to point at for row r / column key (the cell, else the row). */
const struct dc_node *ck_at(const struct ck_table *t, const struct ck_row *r,
                            const char *key);
/* Row name for messages: code, else label. */
const char *ck_row_name(const struct ck_row *r);
/* A name for comparing, into out (replacing what it held): without blanks
 * (dc_squeeze), 其它 read as 其他; CK_NAME_ASIDES drops bracketed asides
 * ("政府办公厅（室）" = "政府办公厅"), CK_NAME_QUOTES quotation and
 * book-title marks. */
enum { CK_NAME_ASIDES = 1, CK_NAME_QUOTES = 2 };
void ck_norm_name(const char *s, unsigned flags, struct dc_buf *out);
/* Sorts ix by name, then by row. */
void ck_name_ix_sort(struct ck_name_ix *ix, int n);
/* In ix sorted by ck_name_ix_sort, the entries named `name`: *count gets
 * their number, the result points at the first of them (rows in table
 * order), NULL when none. */
const struct ck_name_ix *ck_name_ix_find(const struct ck_name_ix *ix, int n,
                                         const char *name, int *count);
/* Finds the total row (合计/总计) of a table, or NULL. */
const struct ck_row *ck_total_row(const struct ck_table *t);

/* Value of `key`, or when that column is empty in every row of the table
 * the sum of the columns it totals (表11's blank 合计). */
int ck_effective(const struct ck_table *t, const struct ck_row *r,
                 const char *key, struct dc_decimal *v);
/* 表10 row kind by its label without blanks: 0 合计, 1 出国, 2 接待,
 * 3 用车小计, 4 购置, 5 运行, -1 other. */
int ck_t10_kind(const char *label);
/* Sum of `key` over the 类 rows with code `cls` (3 digits); returns the
 * number of such rows, *at gets the first one's cell. */
int ck_class_val(const struct ck_table *t, const char *cls, const char *key,
                 struct dc_decimal *v, const struct dc_node **at);

/* Does row r satisfy every row-sum of its table? (rules_table.c) */
int ck_row_consistent(const struct ck_table *t, const struct ck_row *r);
/* Does another table confirm (1) or contradict (0) the figure of class row
 * or total row r in column key, or say nothing (-1)? (rules_cross.c) */
int ck_cross_status(const struct ck_ctx *c, const struct ck_table *t,
                    const struct ck_row *r, const char *key);

/* ---- reporting ----
 * A finding names its cell; the rule gives only the reason, a printf format
 * that is a message id (N_), without the table, row or column: ck_report
 * derives those from `at`.  Reasons must read after "expected E, found F". */

/* `at` is the wrong cell (or its row, or its table: `key` then names the
 * column). */
void ck_report(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
               const struct dc_node *at, const char *key,
               const struct dc_decimal *expected,
               const struct dc_decimal *found, const char *reason, ...)
    __attribute__((format(printf, 8, 9)));
/* A finding outside the tables: `at` is a position in a paragraph or a
 * heading, named by `subject` (a message id with one %s, as CK_SUBJ_TEXT)
 * filled with `what`. */
#define CK_SUBJ_TEXT N_("text \"%s\"")
#define CK_SUBJ_HEADING N_("heading %s")
#define CK_SUBJ_UNIT N_("issuing unit \"%s\"")
void ck_report_text(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
                    const struct dc_node *at, const char *subject,
                    const char *what, const struct dc_decimal *expected,
                    const struct dc_decimal *found, const char *reason, ...)
    __attribute__((format(printf, 9, 10)));
void ck_vreport_text(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
                     const struct dc_node *at, const char *subject,
                     const char *what, const struct dc_decimal *expected,
                     const struct dc_decimal *found, const char *reason,
                     va_list ap) __attribute__((format(printf, 9, 0)));
/* The rule whose id is `id` ("x-class"), or -1. */
int ck_rule_by_id(const char *id);
/* The rule's usual severity. */
enum dc_severity ck_sev(enum ck_rule rule);
void ck_fmt(struct dc_decimal d, char *buf, size_t n);

/* ---- rule groups ---- */
typedef void (*ck_doc_fn)(struct ck_ctx *c);

void ck_rule_hier(struct ck_ctx *c, const struct ck_table *t);
void ck_rule_row_sum(struct ck_ctx *c, const struct ck_table *t);
void ck_rule_total_row(struct ck_ctx *c, const struct ck_table *t);
void ck_rule_side(struct ck_ctx *c, const struct ck_table *t);
void ck_rule_codes(struct ck_ctx *c, const struct ck_table *t);
void ck_rule_not_number(struct ck_ctx *c, const struct ck_table *t);

void ck_rule_cross(struct ck_ctx *c);
void ck_rule_text(struct ck_ctx *c);
void ck_rule_code_names(struct ck_ctx *c);
void ck_rule_numbering(struct ck_ctx *c);
void ck_rule_projects(struct ck_ctx *c);
void ck_rule_lists(struct ck_ctx *c);
void ck_rule_perf(struct ck_ctx *c);
void ck_rule_unit_names(struct ck_ctx *c);
void ck_rule_leftovers(struct ck_ctx *c);
void ck_rule_code_order(struct ck_ctx *c);

/* Builds the indexed view of the document's tables (check.c). */
void ck_ctx_init(struct ck_ctx *c, const struct dc_doc *doc,
                 struct dc_findings *out);
void ck_ctx_free(struct ck_ctx *c);

#endif
