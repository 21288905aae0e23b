/* Declarative descriptions of the standard tables and forms, read at run
 * time from layouts/ (one XML file per table; see layouts/README.md).
 * The parser takes header rows and cell spans from them; layout and docx
 * take column roles, widths, alignment and orientation; check takes the
 * column keys. */
#ifndef DC_TABLEDEF_H
#define DC_TABLEDEF_H

#include "core.h"

enum dc_col_role {
    DC_COL_TEXT,   /* free text, left */
    DC_COL_CLASS,  /* 类 code (3 digits), centred */
    DC_COL_KUAN,   /* 款 code (2 digits), centred */
    DC_COL_XIANG,  /* 项 code (2 digits), centred */
    DC_COL_NAME,   /* classification name, left, indented by level */
    DC_COL_ITEM,   /* "201 一般公共服务支出": code and name in one cell */
    DC_COL_AMOUNT, /* money, right, decimals aligned */
    DC_COL_LABEL   /* a form's label column, centred */
};

#define DC_MAX_COLS 32

struct dc_coldef {
    enum dc_col_role role;
    const char *key; /* stable id the checker names columns by ("total") */
    int width;       /* relative width, in tenths of a millimetre */
};

/* One header cell as the flattened source lists it: a horizontally merged
 * cell appears once; a cell covered by a vertical merge from above appears
 * as an empty placeholder (`cont`). */
struct dc_hcell {
    int colspan;  /* >= 1 */
    int rowspan;  /* >= 1 */
    int cont;     /* placeholder of a vertical merge from above */
    const char *label; /* the usual text, for documentation and messages */
};

struct dc_hrow {
    int ncells;
    struct dc_hcell *cells;
};

enum dc_pat_role {
    DC_PAT_TITLE,    /* form title row (one cell) */
    DC_PAT_SUBTITLE, /* "(2025年)" */
    DC_PAT_HEADER,   /* repeated header of a form's indicator grid */
    DC_PAT_BODY
};

/* Forms: a row of the source with `ncells` cells (and, when `match` is set,
 * a first cell starting with it once spaces are removed) gets these spans. */
struct dc_rowpat {
    int ncells;
    const char *match; /* NULL = any */
    enum dc_pat_role role;
    int spans[DC_MAX_COLS];
    unsigned vmerge_empty; /* bit c: an empty cell starting at grid column c
                              continues the cell above it */
};

/* A row's total column equals the sum of its part columns (合计 = 基本支出
 * + 项目支出), in every row of the table. */
struct dc_sumdef {
    int total;  /* grid column */
    int nparts;
    int parts[DC_MAX_COLS];
    int line;   /* in the layout file */
};

/* What the checker verifies in a table, declared in its <arithmetic>. */
enum {
    DC_ARITH_HIER = 1,      /* <hierarchy/>: 类 = Σ 款, 款 = Σ 项 by codes */
    DC_ARITH_TOTAL_ROW = 2, /* <total-row/>: 合计 row = Σ 类 rows (Σ rows) */
    DC_ARITH_SIDE = 4,      /* <side/>: income headings = their lines,
                               收入总计 = 支出总计 (表1, 表4) */
    DC_ARITH_ITEMS = 8      /* <hierarchy by="sangong"/>: 三公 items */
};

struct dc_tabledefs;

struct dc_tabledef {
    const struct dc_tabledefs *set; /* the set it belongs to */
    const char *id;   /* "table-02", "form-project" */
    const char *file; /* where it was read from */
    int kind;         /* enum dc_table_kind */
    int number;       /* 1..99 as printed ("表3"), 0 for forms */
    int role_line;    /* where the file gives it */
    const char *role; /* which table of the standard set it is ("expense"
                         for 部门支出总体情况表), or NULL: what the
                         checker's cross-table rules find it by */
    const char **match; /* titles (spaces removed) that select it */
    int nmatch;
    int landscape;    /* set on a landscape page */
    int font_size;    /* body type size in tenths of a point (90 = 小五) */
    int ncols;
    struct dc_coldef cols[DC_MAX_COLS];
    /* each column's name in messages, from the header grid: the lowest
     * header cell above it, preceded by the topmost one when another
     * column has the same lowest cell (表11 "财政拨款小计"); NULL when the
     * layout has no header there (forms).  Apart from cols[] so that a
     * positional struct dc_coldef initializer stays complete. */
    const char *col_names[DC_MAX_COLS];
    int nheader;      /* numbered tables: header rows */
    struct dc_hrow *header;
    int npats;        /* forms: row patterns, tried in order */
    struct dc_rowpat *pats;
    int nsums;        /* numbered tables: <arithmetic> */
    struct dc_sumdef *sums;
    unsigned arith;   /* DC_ARITH_* */
    const char *side_income, *side_expense; /* <side>'s column keys */
};

/* ---- cross-table identities: layouts/identities.xml ----
 * Figures of several tables that must agree.  A figure is a sum of parts;
 * a part is columns of the table of a role, summed, in the row the
 * identity looks at (a class row, the total row) or in the rows `row`
 * selects by their labels. */
#define DC_ID_MAX_PARTS 8
#define DC_ID_MAX_COLS 4
#define DC_ID_MAX_FIGS 8 /* figures of one identity */

struct dc_idpart {
    const char *table; /* a role a layout declares */
    int ncols;
    const char *cols[DC_ID_MAX_COLS]; /* column keys of that table */
    /* NULL, or the rows to read, by the labels of the table's first text
     * column: "上年结转/财政拨款结转/一般公共预算" is a row whose label holds
     * 一般公共预算 under a row holding 财政拨款结转 under one holding
     * 上年结转 (rows nest by their numbering: 一、 > 1. > the rest); a
     * segment's words must all be there, a word "!w" must not */
    const char *row;
    const char *code; /* NULL, or the row with this code */
};

struct dc_idfigure {
    int nparts;
    struct dc_idpart parts[DC_ID_MAX_PARTS];
    const char *label;      /* NULL: the first part's column name */
    const char *when_blank; /* NULL, or a column of the first part's table:
                               the figure counts only while that column is
                               0 in every row */
    int optional;           /* a `row` that selects nothing: no figure
                               (else it reads as 0) */
    int line;
};

enum dc_id_kind {
    DC_ID_CLASS, /* <vote by="class">: per 类, the figures agree */
    DC_ID_TOTAL, /* <vote by="total">: the total rows' figures agree */
    DC_ID_MATCH, /* <match>: the first figure equals the second (rounded
                    to its precision with round="yes") */
    DC_ID_CODES  /* <codes>: every code of `tables` is in `within` */
};

struct dc_identity {
    enum dc_id_kind kind;
    const char *rule; /* the checker's rule id ("x-class") */
    int nfigs;
    struct dc_idfigure *figs;
    /* DC_ID_CLASS: a class is compared only where these hold */
    int nzero;               /* <if-zero>: figures 0 for the class */
    struct dc_idfigure *zero;
    int nequal;              /* <if-equal>: pairs of figures equal */
    struct dc_idfigure *equal; /* 2 * nequal */
    int round;               /* DC_ID_MATCH */
    int at_row;              /* DC_ID_CODES: point at the row, not the code */
    int ntables;             /* DC_ID_CODES */
    const char **tables;
    const char *within;
    int nconfirm;            /* DC_ID_CODES: a code `within` lacks is not
                                reported when within gives the row another
                                code of its 类 and level and one of these
                                tables lists the code */
    const char **confirm;
    int line;
};

struct dc_tabledefs {
    struct dc_arena arena;
    int n;
    struct dc_tabledef *defs;
    const char *dir;
    const char *id_file;     /* identities.xml, or NULL when there is none */
    int nroles;              /* the roles it declares */
    const char **roles;
    int nids;
    struct dc_identity *ids;
};

/* Reads every table-*.xml and form-*.xml file of `dir` (in name order) with
 * libxml2, without network access or entity expansion.  A file that is not
 * well-formed or not valid reports "file:line:col: error: …" to `diag` and
 * makes the call return NULL. */
struct dc_tabledefs *dc_tabledefs_load(const char *dir, struct dc_diag *diag);
void dc_tabledefs_free(struct dc_tabledefs *defs);
/* The directory holding the layouts, dc_data_path(DC_DATA_LAYOUTS):
 * $DISCLOSE_LAYOUTS, else the installed share/disclose/layouts, else the
 * source tree's. */
const char *dc_tabledefs_default_dir(void);
/* The description whose match list holds `title` (compared with spaces
 * removed), restricted to `kind` when kind >= 0; NULL when none. */
const struct dc_tabledef *dc_tabledefs_find(const struct dc_tabledefs *defs,
                                            const char *title, int kind);
const struct dc_tabledef *dc_tabledefs_number(const struct dc_tabledefs *defs,
                                              int number);
/* The description of the table of `role`, or NULL. */
const struct dc_tabledef *dc_tabledefs_role(const struct dc_tabledefs *defs,
                                            const char *role);
/* Index of the column with `key`, or -1. */
int dc_tabledef_col(const struct dc_tabledef *def, const char *key);
/* The header text printed above grid column `col`: the lowest header cell
 * that covers it ("一般公共预算" under "财政拨款(补助)"); NULL when the
 * layout has no header there (forms). */
const char *dc_tabledef_col_label(const struct dc_tabledef *def, int col);

#endif
