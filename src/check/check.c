/* The checker's frame: the rule table, the indexed view of the tables,
 * findings (collect, sort, print).  The rules live in rules_*.c. */
#include "check_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Parallel to enum ck_rule. */
static const struct dc_rule_info ck_rules[CK_NRULES] = {
    [CK_HIER] = {"hier", DC_SEV_ERROR,
                 N_("in every amount column a 类 row equals the sum of its 款 rows "
                 "and a 款 row the sum of its 项 rows")},
    [CK_HIER_ORPHAN] = {"hier-orphan", DC_SEV_ERROR,
                        N_("a 项 row follows no row of its 款 (or a 款 no row of "
                        "its 类)")},
    [CK_ROW_SUM] = {"row-sum", DC_SEV_ERROR,
                    N_("a row's total equals its parts (合计 = 基本 + 项目, 总计 = "
                    "Σ sources, 合计 = 人员 + 公用, …)")},
    [CK_TOTAL_ROW] = {"total-row", DC_SEV_ERROR,
                      N_("the 合计 row equals the sum of the 类 rows (of the body "
                      "rows where there are no codes)")},
    [CK_T1_SIDE] = {"side-sum", DC_SEV_ERROR,
                    N_("表1/表4: each income heading equals the lines under it; "
                    "收入总计 and 支出总计 equal their items")},
    [CK_T1_BALANCE] = {"balance", DC_SEV_ERROR,
                       N_("表1/表4: 收入总计 equals 支出总计 (per source in 表4)")},
    [CK_T10_ITEMS] = {"sangong-sum", DC_SEV_ERROR,
                      N_("表10: 合计 = 因公出国(境) + 公务接待 + 公务用车; 公务用车 "
                      "= 购置 + 运行")},
    [CK_X_CLASS] = {"x-class", DC_SEV_ERROR,
                    N_("per 类: 表1 支出 = 表2 总计 = 表3 合计 = 表4 合计")},
    [CK_X_GENERAL] = {"x-general", DC_SEV_ERROR,
                      N_("per 类: 表4 一般公共预算 = 表5 合计 (= 表2 一般 + 上级一般)")},
    [CK_X_FUND] = {"x-fund", DC_SEV_ERROR,
                   N_("per 类: 表4 政府性基金 = 表8 合计 (= 表2 基金 + 上级基金)")},
    [CK_X_SOE] = {"x-soe", DC_SEV_ERROR,
                  N_("per 类: 表4 国有资本经营 = 表9 合计 (= 表2 国资 + 上级国资)")},
    [CK_X_BASIC] = {"x-basic", DC_SEV_ERROR,
                    N_("表5 基本支出 = 表6 合计 (and 人员/公用 agree)")},
    [CK_X_PROJECT] = {"x-project", DC_SEV_ERROR,
                      N_("per 类: 表5 项目支出 = 表7 项目支出合计")},
    [CK_X_SPLIT] = {"x-split", DC_SEV_ERROR,
                    N_("per 类: 表3 基本/项目 = 表5 + 表8 + 表9 (where 表2 shows "
                    "no non-fiscal money)")},
    [CK_X_INCOME] = {"x-income", DC_SEV_ERROR,
                     N_("income by source agrees: 表1 = 表2 合计 row = 表4 收入")},
    [CK_X_CARRY] = {"x-carry", DC_SEV_ERROR,
                    N_("表11 合计 = 表1 上年结转结余")},
    [CK_X_SANGONG] = {"x-sangong", DC_SEV_WARNING,
                      N_("表10 items = 表6 30212/30217/30231 (rounded to 表6's "
                      "precision)")},
    [CK_X_CODES] = {"x-codes", DC_SEV_ERROR,
                     N_("every code of 表3, 表5, 表7, 表8, 表9 is in 表2, and every "
                     "code of 表2 in 表3")},
    [CK_TEXT_AMOUNT] = {"text-amount", DC_SEV_ERROR,
                        N_("an amount quoted in part three equals the table it "
                        "describes")},
    [CK_TEXT_SANGONG] = {"text-sangong", DC_SEV_ERROR,
                         N_("the 三公 explanation quotes 表10's figures")},
    [CK_TEXT_SHARE] = {"text-share", DC_SEV_ERROR,
                       N_("a stated share 占P％ equals part / whole (±0.01 passes, "
                       "±0.05 warns)")},
    [CK_TEXT_GROWTH] = {"text-growth", DC_SEV_ERROR,
                        N_("a stated change 增长P％ equals Δ / (amount − Δ) "
                        "(±0.01 passes, ±0.05 warns)")},
    [CK_TEXT_DIRECTION] = {"text-direction", DC_SEV_ERROR,
                           N_("a change and its rate go the same way (增加 … "
                           "增长, 减少 … 下降)")},
    [CK_UNIT_SLIP] = {"unit-slip", DC_SEV_ERROR,
                      N_("an amount in 元 among amounts in 万元")},
    [CK_HEADING_YEAR] = {"heading-year", DC_SEV_ERROR,
                         N_("a heading names a year that is not the budget year")},
    [CK_CODE_MALFORMED] = {"code-malformed", DC_SEV_ERROR,
                           N_("a 类 code is 3 digits, a 款 or 项 code 2")},
    [CK_CODE_NAME] = {"code-name", DC_SEV_WARNING,
                      N_("one code carries two names across the tables")},
    [CK_CODE_DUP] = {"code-dup", DC_SEV_WARNING,
                     N_("one code has two rows in a table")},
    [CK_NUMBERING] = {"numbering", DC_SEV_WARNING,
                      N_("heading numbers run 1, 2, 3 … without skips; tables come in "
                         "order")},
    [CK_NOT_NUMBER] = {"not-number", DC_SEV_ERROR,
                       N_("an amount cell holds text that is not a number")},
    [CK_EMPTY_COLUMN] = {"empty-column", DC_SEV_ERROR,
                         N_("a total column (合计, 小计) is left blank in every "
                         "row while its parts carry money")},
    [CK_EMPTY_CELL] = {"empty-cell", DC_SEV_ERROR,
                       N_("an amount cell is empty where its parts, its children "
                       "or another table give a non-zero figure")},
    [CK_TEXT_PROJECT] = {"text-project", DC_SEV_ERROR,
                         N_("part three 七: a project's 预算安排规模 equals its "
                         "表7 row; a stated count and total of the projects "
                         "equal the list")},
    [CK_TEXT_LIST] = {"text-list", DC_SEV_ERROR,
                      N_("items listed after 其中 add up to the stated total "
                      "(政府采购 货物 + 工程 + 服务; 车辆 and their 价值)")},
    [CK_TEXT_SME] = {"text-sme", DC_SEV_ERROR,
                     N_("the 小微企业 reservation does not exceed the 中小企业 "
                     "reservation")},
    [CK_PERF_COUNT] = {"perf-count", DC_SEV_ERROR,
                       N_("the number of 项目支出绩效目标表 and their Σ 年度预算总额 "
                       "equal the text (a warning when the text explains a "
                       "gap)")},
    [CK_PERF_FUNDS] = {"perf-funds", DC_SEV_ERROR,
                       N_("a 项目支出绩效目标表: 年度预算总额 = 财政拨款 + 其他资金")},
    [CK_PERF_COST] = {"perf-cost", DC_SEV_ERROR,
                      N_("a 项目支出绩效目标表: Σ 成本指标 (<=N万元) = 年度预算总额 "
                      "(a warning when less)")},
    [CK_PERF_WEIGHT] = {"perf-weight", DC_SEV_WARNING,
                        N_("a 绩效目标表's 指标分值权重 add up to 90")},
    [CK_PERF_DEPT] = {"perf-dept", DC_SEV_WARNING,
                      N_("部门整体绩效目标申报表: 上级 + 本级 + 其他资金 = 表1 收入总计 "
                      "(or 本年收入)")},
    [CK_UNIT_NAME] = {"unit-name", DC_SEV_WARNING,
                      N_("the issuing unit has one name in every table's 编制部门, "
                      "the forms' 预算单位, the cover and the signature")},
    [CK_LEFTOVER] = {"leftover", DC_SEV_ERROR,
                     N_("no editor's note or template placeholder is left "
                     "(（将…保留。）, ××, XX单位, （此处填写…）, 【…】, 待补充); "
                     "render warns too")},
    [CK_TEXT_ALLOC] = {"text-alloc", DC_SEV_ERROR,
                       N_("part three 七: the amounts of a project's "
                          "资金分配情况 add up to its 预算安排规模")},
    [CK_CODE_ORDER] = {"code-order", DC_SEV_ERROR,
                       N_("a table's rows come in the order of their codes: a "
                          "code lies between its neighbours' at its level")},
};

const struct dc_rule_info *
dc_check_rules(size_t *n)
{
    *n = CK_NRULES;
    return ck_rules;
}

int
ck_rule_by_id(const char *id)
{
    for (int i = 0; id && i < CK_NRULES; i++)
        if (strcmp(ck_rules[i].id, id) == 0)
            return i;
    return -1;
}

int
dc_check_validate_defs(const struct dc_tabledefs *defs, struct dc_diag *diag)
{
    int bad = 0;
    for (int i = 0; defs && i < defs->nids; i++)
        if (defs->ids[i].rule && ck_rule_by_id(defs->ids[i].rule) < 0) {
            dc_diag_report(diag, defs->id_file, defs->ids[i].line, 0,
                           DC_SEV_ERROR, _("unknown rule \"%s\""),
                           defs->ids[i].rule);
            bad++;
        }
    return bad;
}

enum dc_severity
ck_sev(enum ck_rule rule)
{
    return ck_rules[rule].sev;
}

/* ---- findings ---- */

void
dc_findings_init(struct dc_findings *f)
{
    memset(f, 0, sizeof *f);
    dc_arena_init(&f->arena);
}

void
dc_findings_free(struct dc_findings *f)
{
    if (!f)
        return;
    free(f->v);
    dc_arena_release(&f->arena);
    memset(f, 0, sizeof *f);
}

void
ck_fmt(struct dc_decimal d, char *buf, size_t n)
{
    dc_decimal_format(d, buf, n);
}

/* ---- languages: every finding is worded in both (JSON carries both) ---- */

static int
lang_zh(void)
{
    return dc_i18n_lang() == DC_LANG_ZH;
}

static const char *
tr(int zh, const char *msgid)
{
    return zh ? dc_i18n_zh(msgid) : msgid;
}

/* ---- reporting ---- */

static struct dc_finding *
new_finding(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
            const struct dc_node *at, const struct dc_decimal *expected,
            const struct dc_decimal *found)
{
    struct dc_findings *f = c->out;
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->v = dc_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    struct dc_finding *x = &f->v[f->n++];
    memset(x, 0, sizeof *x);
    x->rule = ck_rules[rule].id;
    x->rules = x->rule;
    x->sev = sev;
    char num[64];
    if (expected) {
        ck_fmt(*expected, num, sizeof num);
        x->expected = dc_arena_strdup(&f->arena, num);
    }
    if (found) {
        ck_fmt(*found, num, sizeof num);
        x->found = dc_arena_strdup(&f->arena, num);
    }
    if (at) {
        x->line = at->line;
        x->col = at->col;
    }
    return x;
}

static void
set_reason(struct ck_ctx *c, struct dc_finding *x, const char *reason,
           va_list ap)
{
    char tmp[1024];
    va_list aq;
    va_copy(aq, ap);
    vsnprintf(tmp, sizeof tmp, tr(0, reason), ap);
    x->reason_en = dc_arena_strdup(&c->out->arena, tmp);
    vsnprintf(tmp, sizeof tmp, tr(1, reason), aq);
    va_end(aq);
    x->reason_zh = dc_arena_strdup(&c->out->arena, tmp);
}

static size_t
row_hash(const struct dc_node *n, size_t mask)
{
    return (size_t)(((uint64_t)(uintptr_t)n >> 3) * 0x9E3779B97F4A7C15ULL >>
                    32) & mask;
}

/* Hashes every indexed row of every table by its node (ck_ctx_init). */
static void
index_rows(struct ck_ctx *c)
{
    size_t n = 0, cap = 16;
    for (int k = 0; k < c->ntab; k++)
        n += (size_t)c->t[k].nrows;
    while (cap < 2 * n)
        cap *= 2;
    c->row_ix = dc_xcalloc(cap, sizeof *c->row_ix);
    c->row_ix_mask = cap - 1;
    for (int k = 0; k < c->ntab; k++)
        for (int i = 0; i < c->t[k].nrows; i++) {
            const struct ck_row *r = &c->t[k].rows[i];
            size_t h = row_hash(r->node, c->row_ix_mask);
            while (c->row_ix[h].node)
                h = (h + 1) & c->row_ix_mask;
            c->row_ix[h].node = r->node;
            c->row_ix[h].row = r;
        }
}

static void ctx_index(struct ck_ctx *c);

/* The indexed row of a row node, or NULL. */
static const struct ck_row *
find_row(const struct ck_ctx *c, const struct dc_node *row)
{
    for (size_t h = row_hash(row, c->row_ix_mask); c->row_ix[h].node;
         h = (h + 1) & c->row_ix_mask)
        if (c->row_ix[h].node == row)
            return c->row_ix[h].row;
    return NULL;
}

/* First non-empty cell of a row other than `skip`, for rows without a
 * name column (forms). */
static const char *
first_text(const struct dc_node *row, const struct dc_node *skip)
{
    for (const struct dc_node *cl = dc_node_first(row); cl;
         cl = dc_node_next(cl))
        if (cl != skip && cl->type == DC_NODE_CELL && cl->u.cell.text &&
            !(cl->u.cell.flags & DC_CELL_NUMBER) && !ck_cell_empty(cl))
            return cl->u.cell.text;
    return NULL;
}

static const char *
squeezed(struct ck_ctx *c, const char *s)
{
    if (!s)
        return NULL;
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    const char *r = b.data && b.data[0] ? dc_arena_strdup(&c->out->arena,
                                                          b.data)
                                        : NULL;
    dc_buf_free(&b);
    return r;
}

/* Table, row and column of the cell (row, table) `at`. */
static void
name_cell(struct ck_ctx *c, struct dc_finding *x, const struct dc_node *at,
          const char *key)
{
    const struct dc_node *cell = NULL, *row = NULL, *tn = NULL;
    if (at && at->type == DC_NODE_CELL)
        cell = at, row = dc_node_parent(at);
    else if (at && at->type == DC_NODE_ROW)
        row = at;
    else if (at && at->type == DC_NODE_TABLE)
        tn = at;
    if (row)
        tn = dc_node_parent(row);
    if (!tn || tn->type != DC_NODE_TABLE)
        return;
    const struct dc_table *t = &tn->u.table;
    char nm[32];
    if (t->kind == DC_TABLE_NUMBERED) {
        x->table = t->number;
        snprintf(nm, sizeof nm, "表%d", t->number);
        x->table_name = dc_arena_strdup(&c->out->arena, nm);
    } else {
        x->table_name = squeezed(c, t->title);
    }
    /* 表1, 表4: a row holds an income line and an expense line side by
     * side; the cell's side names it */
    int inc = t->def ? dc_tabledef_col(t->def, "inc_item") : -1;
    int exp = t->def ? dc_tabledef_col(t->def, "exp_item") : -1;
    int ccol = cell ? cell->u.cell.col
                    : key && t->def ? dc_tabledef_col(t->def, key) : -1;
    if (row && inc >= 0 && exp > inc && ccol >= 0) {
        const struct dc_node *lab = dc_row_cell_at(row, ccol >= exp ? exp
                                                                  : inc);
        const char *txt = lab && !ck_cell_empty(lab) ? lab->u.cell.text
                                                     : NULL;
        const char *sp = txt ? strpbrk(txt, " \t") : NULL;
        if (txt && ccol >= exp && sp && sp > txt) {
            x->row = dc_arena_strndup(&c->out->arena, txt,
                                      (size_t)(sp - txt));
            x->row_name = squeezed(c, sp);
        } else {
            x->row = squeezed(c, txt);
        }
    } else if (row) {
        if (!c->row_ix) /* the leftover scan's first finding in a table */
            ctx_index(c);
        const struct ck_row *r = find_row(c, row);
        if (r && r->code[0]) {
            x->row = dc_arena_strdup(&c->out->arena, r->code);
            x->row_name = squeezed(c, r->label);
        } else if (r && r->label[0]) {
            x->row = squeezed(c, r->label);
        } else {
            /* a form: the label just before the cell, else the first */
            const char *lab = NULL;
            for (const struct dc_node *p = cell ? dc_node_first(row) : NULL;
                 p && p != cell; p = dc_node_next(p))
                if (p->type == DC_NODE_CELL && !ck_cell_empty(p) &&
                    !(p->u.cell.flags & DC_CELL_NUMBER))
                    lab = p->u.cell.text; /* the last one before the cell */
            x->row = squeezed(c, lab ? lab : first_text(row, cell));
        }
    }
    int col = cell ? cell->u.cell.col
                   : key && t->def ? dc_tabledef_col(t->def, key) : -1;
    if (t->def && col >= 0 && col < t->def->ncols) {
        x->column = dc_arena_strdup(&c->out->arena, t->def->cols[col].key);
        x->column_header =
            squeezed(c, dc_tabledef_col_label(t->def, col));
    }
}

void
ck_report(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
          const struct dc_node *at, const char *key,
          const struct dc_decimal *expected, const struct dc_decimal *found,
          const char *reason, ...)
{
    /* a required figure left empty is not a 0 that disagrees: say so */
    int empty = at && at->type == DC_NODE_CELL && ck_cell_empty(at) &&
                expected && found && dc_decimal_is_zero(*found) &&
                !dc_decimal_is_zero(*expected) && rule <= CK_X_SANGONG &&
                rule != CK_HIER_ORPHAN;
    if (empty) {
        rule = CK_EMPTY_CELL;
        sev = ck_sev(CK_EMPTY_CELL);
    }
    struct dc_finding *x = new_finding(c, rule, sev, at, expected, found);
    if (empty) {
        x->empty = 1;
        x->found = NULL;
    }
    name_cell(c, x, at, key);
    va_list ap;
    va_start(ap, reason);
    set_reason(c, x, reason, ap);
    va_end(ap);
}

void
ck_report_text(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
               const struct dc_node *at, const char *subject, const char *what,
               const struct dc_decimal *expected,
               const struct dc_decimal *found, const char *reason, ...)
{
    va_list ap;
    va_start(ap, reason);
    ck_vreport_text(c, rule, sev, at, subject, what, expected, found, reason,
                    ap);
    va_end(ap);
}

void
ck_vreport_text(struct ck_ctx *c, enum ck_rule rule, enum dc_severity sev,
                const struct dc_node *at, const char *subject,
                const char *what, const struct dc_decimal *expected,
                const struct dc_decimal *found, const char *reason, va_list ap)
{
    struct dc_finding *x = new_finding(c, rule, sev, at, expected, found);
    x->subject_kind = subject;
    x->subject = what ? squeezed(c, what) : NULL;
    set_reason(c, x, reason, ap);
}

/* ---- merging and wording ---- */

static int
cmp_finding(const void *pa, const void *pb)
{
    const struct dc_finding *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    /* one cell: errors first, then in the order of the rule table */
    if (a->sev != b->sev)
        return a->sev > b->sev ? -1 : 1;
    size_t ia = 0, ib = 0;
    for (size_t i = 0; i < CK_NRULES; i++) {
        if (ck_rules[i].id == a->rule)
            ia = i;
        if (ck_rules[i].id == b->rule)
            ib = i;
    }
    if (ia != ib)
        return ia < ib ? -1 : 1;
    return strcmp(a->reason_en, b->reason_en);
}

static int
same_cell(const struct dc_finding *a, const struct dc_finding *b)
{
    return a->line == b->line && a->col == b->col;
}

static int
has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = list; (p = strstr(p, w)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

/* "表3 [201 一般公共服务支出] 合计" in the language `zh` says. */
static void
put_name(struct dc_buf *b, const struct dc_finding *x, int zh)
{
    if (x->subject_kind && x->subject) {
        dc_buf_printf(b, tr(zh, x->subject_kind), x->subject);
        return;
    }
    if (x->subject_kind) {
        dc_buf_puts(b, tr(zh, N_("the text")));
        return;
    }
    if (x->table_name)
        dc_buf_puts(b, x->table_name);
    if (x->row) {
        dc_buf_printf(b, "%s[%s%s%s]", b->len ? " " : "", x->row,
                      x->row_name ? " " : "", x->row_name ? x->row_name : "");
    }
    if (x->column_header)
        dc_buf_printf(b, "%s%s", b->len ? " " : "", x->column_header);
}

static const char *
compose(struct dc_findings *f, const struct dc_finding *x, const char *reason,
        int zh)
{
    struct dc_buf name, b;
    dc_buf_init(&name);
    dc_buf_init(&b);
    put_name(&name, x, zh);
    const char *nm = name.data ? name.data : "";
    if (x->expected && x->empty)
        dc_buf_printf(&b, tr(zh, N_("%s: expected %s, the cell is empty (%s)")),
                      nm, x->expected, reason);
    else if (x->expected && x->found)
        dc_buf_printf(&b, tr(zh, N_("%s: expected %s, found %s (%s)")), nm,
                      x->expected, x->found, reason);
    else if (name.len)
        dc_buf_printf(&b, tr(zh, N_("%s: %s")), nm, reason);
    else
        dc_buf_puts(&b, reason);
    const char *r = dc_arena_strdup(&f->arena, b.data ? b.data : "");
    dc_buf_free(&name);
    dc_buf_free(&b);
    return r;
}

/* Merges the findings [i, j) of one cell into f->v[i]. */
static void
merge_cell(struct dc_findings *f, size_t i, size_t j)
{
    struct dc_finding *x = &f->v[i];
    for (int zh = 0; zh <= 1; zh++) {
        struct dc_buf b;
        dc_buf_init(&b);
        struct dc_buf rules;
        dc_buf_init(&rules);
        for (size_t k = i; k < j; k++) {
            const struct dc_finding *y = &f->v[k];
            const char *rs = zh ? y->reason_zh : y->reason_en;
            int dup = 0; /* the same reason twice */
            for (size_t l = i; l < k; l++)
                dup |= strcmp(f->v[l].reason_en, y->reason_en) == 0;
            if (dup)
                continue;
            if (b.len)
                dc_buf_puts(&b, tr(zh, N_("; ")));
            int other = y->expected && x->expected &&
                        strcmp(y->expected, x->expected) != 0;
            if (other)
                dc_buf_printf(&b, tr(zh, N_("%s (expected %s)")), rs,
                              y->expected);
            else
                dc_buf_puts(&b, rs);
            if (!has_word(rules.data ? rules.data : "", y->rule))
                dc_buf_printf(&rules, "%s%s", rules.len ? "," : "", y->rule);
        }
        const char *r = dc_arena_strdup(&f->arena, b.data ? b.data : "");
        if (zh)
            x->reason_zh = r;
        else
            x->reason_en = r;
        x->rules = dc_arena_strdup(&f->arena, rules.data);
        dc_buf_free(&b);
        dc_buf_free(&rules);
    }
    if (!x->expected)
        for (size_t k = i + 1; k < j; k++)
            if (f->v[k].expected) {
                x->expected = f->v[k].expected;
                x->found = f->v[k].found;
                x->empty = f->v[k].empty;
                break;
            }
}

static void
finish(struct dc_findings *f)
{
    if (f->n > 1)
        qsort(f->v, f->n, sizeof *f->v, cmp_finding);
    size_t w = 0;
    f->nerrors = f->nwarnings = 0;
    for (size_t i = 0; i < f->n;) {
        size_t j = i + 1;
        while (j < f->n && same_cell(&f->v[i], &f->v[j]))
            j++;
        merge_cell(f, i, j);
        struct dc_finding *x = &f->v[w++];
        *x = f->v[i];
        x->message_en = compose(f, x, x->reason_en, 0);
        x->message_zh = compose(f, x, x->reason_zh, 1);
        x->reason = lang_zh() ? x->reason_zh : x->reason_en;
        x->message = lang_zh() ? x->message_zh : x->message_en;
        if (x->sev == DC_SEV_ERROR)
            f->nerrors++;
        else if (x->sev == DC_SEV_WARNING)
            f->nwarnings++;
        i = j;
    }
    f->n = w;
}

void
dc_findings_print_text(const struct dc_findings *f, const char *file,
                       FILE *out)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct dc_finding *x = &f->v[i];
        fprintf(out, "%s:%d:%d: %s: [%s] %s\n", file ? file : "-", x->line,
                x->col, dc_severity_label(x->sev), x->rules, x->message);
    }
}

static void
json_field(FILE *out, const char *key, const char *v)
{
    fprintf(out, ", \"%s\": ", key);
    dc_json_puts(out, v);
}

int
dc_findings_print_json(const struct dc_findings *f, const char *file,
                       int first, FILE *out)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct dc_finding *x = &f->v[i];
        fputs(first ? "\n  {" : ",\n  {", out);
        first = 0;
        fputs("\"file\": ", out);
        dc_json_puts(out, file);
        fprintf(out, ", \"line\": %d, \"col\": %d", x->line, x->col);
        json_field(out, "severity", dc_severity_str(x->sev));
        json_field(out, "rule", x->rule);
        fputs(", \"rules\": [", out);
        for (const char *p = x->rules; *p;) {
            size_t n = strcspn(p, ",");
            fprintf(out, "%s\"%.*s\"", p == x->rules ? "" : ", ", (int)n, p);
            p += n + (p[n] == ',');
        }
        fputs("]", out);
        if (x->table)
            fprintf(out, ", \"table\": %d", x->table);
        else
            fputs(", \"table\": null", out);
        json_field(out, "table_name", x->table_name);
        json_field(out, "row", x->row);
        json_field(out, "row_name", x->row_name);
        json_field(out, "column", x->column);
        json_field(out, "column_header", x->column_header);
        json_field(out, "subject", x->subject);
        json_field(out, "expected", x->expected);
        json_field(out, "found", x->found);
        json_field(out, "reason", x->reason);
        json_field(out, "message", x->message);
        json_field(out, "message_en", x->message_en);
        json_field(out, "message_zh", x->message_zh);
        fputs("}", out);
    }
    return first;
}

/* ---- values ---- */

void
ck_norm_name(const char *s, unsigned flags, struct dc_buf *out)
{
    static const char *quotes[] = {"“", "”", "\"", "‘", "’",
                                   "'", "《", "》", "「", "」"};
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    dc_buf_clear(out);
    int depth = 0;
    for (size_t i = 0; i < b.len;) {
        /* a run of bytes that start none of the marks below, at once */
        size_t run = strcspn(b.data + i, "()\"'\xEF\xE5\xE2\xE3");
        if (run) {
            if (!depth)
                dc_buf_put(out, b.data + i, run);
            i += run;
            continue;
        }
        const char *p = b.data + i;
        size_t skip = 0;
        if (flags & CK_NAME_ASIDES) {
            if (strncmp(p, "（", 3) == 0 || *p == '(') {
                depth++;
                skip = *p == '(' ? 1 : 3;
            } else if (strncmp(p, "）", 3) == 0 || *p == ')') {
                depth -= depth > 0;
                skip = *p == ')' ? 1 : 3;
            }
        }
        for (size_t k = 0; (flags & CK_NAME_QUOTES) && !skip &&
                           k < sizeof quotes / sizeof quotes[0];
             k++)
            if (strncmp(p, quotes[k], strlen(quotes[k])) == 0)
                skip = strlen(quotes[k]);
        if (skip) {
            i += skip;
        } else if (strncmp(p, "其它", 6) == 0) {
            if (!depth)
                dc_buf_puts(out, "其他");
            i += 6;
        } else {
            if (!depth)
                dc_buf_putc(out, *p);
            i++;
        }
    }
    if (!out->data)
        dc_buf_put(out, "", 0);
    dc_buf_free(&b);
}

int
ck_parse_amount(const char *s, struct dc_decimal *v)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    int ok = b.len && dc_decimal_parse(b.data, b.len, v);
    dc_buf_free(&b);
    return ok;
}

int
ck_cell_empty(const struct dc_node *cell)
{
    if (!cell || (cell->u.cell.flags & (DC_CELL_EMPTY | DC_CELL_PADDED)))
        return 1;
    /* a lone dash stands for nothing */
    static const char *nothing[] = {"-", "—", "－", "——", "/", "／"};
    /* most cells begin with a digit or a Chinese character: neither a
     * blank (ASCII, or a lead byte C2, E3, EF) nor one of the dashes (ASCII,
     * or a lead byte E2, EF) */
    const char *t = cell->u.cell.text;
    unsigned char b = t ? (unsigned char)t[0] : 0;
    if (b > ' ' && b != '-' && b != '/' && b != 0xC2 && b != 0xE2 &&
        b != 0xE3 && b != 0xEF)
        return 0;
    size_t n = t ? strlen(t) : 0;
    const char *s = dc_trim(t ? t : "", &n);
    for (size_t i = 0; n && i < sizeof nothing / sizeof nothing[0]; i++)
        if (n == strlen(nothing[i]) && memcmp(s, nothing[i], n) == 0)
            return 1;
    return n == 0;
}

int
ck_val(const struct ck_table *t, const struct ck_row *r, const char *key,
       struct dc_decimal *v, const struct dc_node **cellp)
{
    v->units = 0;
    v->scale = 0;
    if (cellp)
        *cellp = NULL;
    int col = dc_tabledef_col(t->def, key);
    if (col < 0)
        return 0;
    const struct dc_node *cell = r->cell[col];
    if (cellp)
        *cellp = cell;
    if (ck_cell_empty(cell))
        return 1;
    if (cell->u.cell.flags & DC_CELL_NUMBER) {
        *v = dc_cell_num(&cell->u.cell);
        return 1;
    }
    if (ck_parse_amount(cell->u.cell.text, v))
        return 1;
    return -1;
}

const struct dc_node *
ck_at(const struct ck_table *t, const struct ck_row *r, const char *key)
{
    int col = key ? dc_tabledef_col(t->def, key) : -1;
    if (col >= 0 && r->cell[col])
        return r->cell[col];
    return r->node;
}

const char *
ck_row_name(const struct ck_row *r)
{
    return r->code[0] ? r->code : r->label;
}

const char *
ck_col_name(const struct ck_table *t, const char *key)
{
    int col = dc_tabledef_col(t->def, key);
    return col >= 0 && t->def->col_names[col] ? t->def->col_names[col] : key;
}

const struct ck_row *
ck_total_row(const struct ck_table *t)
{
    for (int i = t->nrows - 1; i >= 0; i--)
        if (t->rows[i].total)
            return &t->rows[i];
    return NULL;
}

/* ---- the indexed view ---- */

static const char *
cell_text(const struct ck_row *r, int col)
{
    if (col < 0 || !r->cell[col] || !r->cell[col]->u.cell.text)
        return "";
    return r->cell[col]->u.cell.text;
}

static int
all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* A code cell's text without blanks into buf; "" when it does not fit
 * (no code is that long). */
static void
code_text(const struct ck_row *r, int col, char *buf, size_t n)
{
    const char *s = col >= 0 ? r->text[col] : "";
    dc_str_put(buf, n, 0, strlen(s) < n ? s : "", n);
}

/* Fills code and level of a row of a table with class/kuan/xiang columns;
 * `prev_class` carries the 类 down where it is left blank (表6). */
static void
derive_code(const struct ck_table *t, struct ck_row *r, char *prev_class)
{
    int ccl = -1, cku = -1, cxi = -1, citem = -1;
    for (int i = 0; i < t->def->ncols; i++) {
        switch (t->def->cols[i].role) {
        case DC_COL_CLASS: ccl = i; break;
        case DC_COL_KUAN: cku = i; break;
        case DC_COL_XIANG: cxi = i; break;
        case DC_COL_ITEM: if (citem < 0) citem = i; break;
        default: break;
        }
    }
    char cls[32], ku[32], xi[32];
    if (ccl >= 0) {
        code_text(r, ccl, cls, sizeof cls);
        code_text(r, cku, ku, sizeof ku);
        code_text(r, cxi, xi, sizeof xi);
        if (!all_digits(cls))
            cls[0] = '\0';
        else if (strlen(cls) > 3) /* "2085": keep the 类 it starts with */
            cls[3] = '\0';
        if (!all_digits(ku))
            ku[0] = '\0';
        if (!all_digits(xi))
            xi[0] = '\0';
        if (!cls[0] && ku[0])
            dc_str_put(cls, sizeof cls, 0, prev_class, sizeof cls);
        if (cls[0])
            dc_str_put(prev_class, 8, 0, cls, 7);
        if (!cls[0])
            return;
        r->level = xi[0] ? 3 : ku[0] ? 2 : 1;
        size_t k = dc_str_put(r->code, sizeof r->code, 0, cls, 3);
        k = dc_str_put(r->code, sizeof r->code, k, ku, 2);
        dc_str_put(r->code, sizeof r->code, k, xi, 2);
    } else if (citem >= 0) {
        const char *s = dc_skip_space(cell_text(r, citem));
        size_t n = 0;
        while (s[n] >= '0' && s[n] <= '9')
            n++;
        if (n >= 3 && n <= 7) {
            dc_str_put(r->code, sizeof r->code, 0, s, n);
            r->level = n == 3 ? 1 : n == 5 ? 2 : 3;
        }
    }
}

/* The column of the row's label: its name or item text, or -1. */
static int
label_col(const struct ck_table *t, struct ck_row *r)
{
    static const char *keys[] = {"name", "project_name", "item", "inc_item",
                                 "exp_item"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int col = dc_tabledef_col(t->def, keys[i]);
        if (col >= 0 && !ck_cell_empty(r->cell[col]))
            return col;
    }
    return -1;
}

static int
is_total_label(const char *s)
{
    return strstr(s, "合计") || strstr(s, "总计");
}

/* The item's name of row r: the name column, else the expense item or
 * item column (without an item column's leading code), else "". */
static const char *
item_name(const struct ck_table *t, const struct ck_row *r)
{
    int col = dc_tabledef_col(t->def, "name");
    if (col < 0)
        col = dc_tabledef_col(t->def, "exp_item");
    if (col < 0)
        col = dc_tabledef_col(t->def, "item");
    if (col < 0 || ck_cell_empty(r->cell[col]))
        return "";
    const char *s = r->cell[col]->u.cell.text;
    if (t->def->cols[col].role == DC_COL_ITEM)
        while (*s == ' ' || (*s >= '0' && *s <= '9'))
            s++;
    return s;
}

static int
cmp_name_ix(const void *a, const void *b)
{
    const struct ck_name_ix *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->row > y->row) - (x->row < y->row);
}

void
ck_name_ix_sort(struct ck_name_ix *ix, int n)
{
    qsort(ix, (size_t)n, sizeof *ix, cmp_name_ix);
}

const struct ck_name_ix *
ck_name_ix_find(const struct ck_name_ix *ix, int n, const char *name,
                int *count)
{
    size_t lo = 0, hi = (size_t)n;
    while (lo < hi) { /* the first entry not below name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < (size_t)n && strcmp(ix[end].name, name) == 0)
        end++;
    *count = (int)(end - lo);
    return end > lo ? &ix[lo] : NULL;
}

/* The normalised names, the 款 each row comes under and the name index. */
static void
index_names(struct ck_ctx *c, struct ck_table *t)
{
    struct dc_buf b;
    dc_buf_init(&b);
    int kuan = -1;
    t->by_name = dc_xcalloc((size_t)(t->nrows ? t->nrows : 1),
                            sizeof *t->by_name);
    for (int i = 0; i < t->nrows; i++) {
        struct ck_row *r = &t->rows[i];
        ck_norm_name(item_name(t, r), CK_NAME_ASIDES, &b);
        r->norm_name = dc_arena_strdup(&c->arena, b.data);
        ck_norm_name(r->label, CK_NAME_ASIDES, &b);
        r->norm_label = dc_arena_strdup(&c->arena, b.data);
        ck_norm_name(r->label, CK_NAME_ASIDES | CK_NAME_QUOTES, &b);
        r->norm_label_q = dc_arena_strdup(&c->arena, b.data);
        if (r->level == 2)
            kuan = i;
        else if (r->level == 1 || r->total)
            kuan = -1;
        r->kuan = r->level == 2 ? -1 : kuan;
        t->by_name[i].name = r->norm_name;
        t->by_name[i].row = i;
    }
    ck_name_ix_sort(t->by_name, t->nrows);
    dc_buf_free(&b);
}

static void
index_table(struct ck_ctx *c, struct ck_table *t, const struct dc_node *node)
{
    struct dc_buf sq;
    dc_buf_init(&sq);
    t->node = node;
    t->def = node->u.table.def;
    t->number = node->u.table.number;
    snprintf(t->name, sizeof t->name, "表%d", t->number);
    int n = 0;
    for (const struct dc_node *r = dc_node_first(node); r; r = dc_node_next(r))
        n++;
    t->rows = dc_xcalloc((size_t)(n ? n : 1), sizeof *t->rows);
    /* the rows' cell[] and text[]: as wide as the layout and the table */
    int w = t->def->ncols > node->u.table.ncols ? t->def->ncols
                                                : node->u.table.ncols;
    t->width = w < 1 ? 1 : w > DC_MAX_COLS ? DC_MAX_COLS : w;
    t->slots = dc_xcalloc((size_t)(n ? n : 1) * 2 * (size_t)t->width,
                          sizeof *t->slots);
    char prev_class[8] = "";
    for (const struct dc_node *rn = dc_node_first(node); rn;
         rn = dc_node_next(rn)) {
        if (rn->type != DC_NODE_ROW || rn->u.row.kind == DC_ROW_HEADER)
            continue;
        struct ck_row *r = &t->rows[t->nrows];
        memset(r, 0, sizeof *r);
        r->node = rn;
        r->cell = (const struct dc_node **)&t->slots[(size_t)t->nrows * 2 *
                                                     (size_t)t->width];
        r->text = (const char **)&r->cell[t->width];
        for (const struct dc_node *cn = dc_node_first(rn); cn;
             cn = dc_node_next(cn))
            if (cn->type == DC_NODE_CELL && cn->u.cell.col >= 0 &&
                cn->u.cell.col < t->width && !r->cell[cn->u.cell.col])
                r->cell[cn->u.cell.col] = cn;
        for (int col = 0; col < t->width; col++) {
            if (!ck_cell_empty(r->cell[col]))
                t->used[col] = 1;
            r->text[col] = "";
            const char *ct = r->cell[col] ? r->cell[col]->u.cell.text : NULL;
            if (ct) {
                dc_squeeze(ct, &sq);
                /* the cell's own text when it has no blank to drop */
                if (sq.len == strlen(ct))
                    r->text[col] = ct;
                else if (sq.len)
                    r->text[col] = dc_arena_strdup(&c->arena, sq.data);
            }
        }
        derive_code(t, r, prev_class);
        int lc = label_col(t, r);
        r->label = lc >= 0 ? r->cell[lc]->u.cell.text : "";
        if (rn->u.row.kind == DC_ROW_TOTAL ||
            (!r->code[0] && lc >= 0 && is_total_label(r->text[lc])))
            r->total = 1;
        /* 表1/表4: a row whose income side says 收入总计 */
        int inc = dc_tabledef_col(t->def, "inc_item");
        if (inc >= 0 && !r->code[0] && is_total_label(r->text[inc]))
            r->total = 1;
        t->nrows++;
    }
    dc_buf_free(&sq);
    index_names(c, t);
}

const char *const ck_role_names[CK_NROLES] = {
    [CK_ROLE_SUMMARY] = "summary", [CK_ROLE_INCOME] = "income",
    [CK_ROLE_EXPENSE] = "expense", [CK_ROLE_FISCAL] = "fiscal-summary",
    [CK_ROLE_GENERAL] = "general", [CK_ROLE_GENERAL_BASIC] = "general-basic",
    [CK_ROLE_PROJECT] = "project", [CK_ROLE_FUND] = "fund",
    [CK_ROLE_SOE] = "soe",         [CK_ROLE_SANGONG] = "sangong",
    [CK_ROLE_CARRY] = "carry"};

const struct ck_table *
ck_table_of_role(const struct ck_ctx *c, const char *role)
{
    for (int k = 0; role && k < c->ntab; k++)
        if (c->t[k].def->role && strcmp(c->t[k].def->role, role) == 0)
            return &c->t[k];
    return NULL;
}

/* The tables' and rows' index (c->t, c->row_ix): ck_ctx_init makes it at
 * once; the leftover scan only when a finding of it lies in a table. */
static void
ctx_index(struct ck_ctx *c)
{
    int n = 0;
    for (const struct dc_node *tn = dc_node_first(c->doc->root); tn;
         tn = dc_node_next(tn))
        n += tn->type == DC_NODE_TABLE;
    c->t = dc_xcalloc((size_t)(n ? n : 1), sizeof *c->t);
    for (const struct dc_node *tn = dc_node_first(c->doc->root); tn;
         tn = dc_node_next(tn)) {
        if (tn->type != DC_NODE_TABLE ||
            tn->u.table.kind != DC_TABLE_NUMBERED || !tn->u.table.def)
            continue;
        struct ck_table *t = &c->t[c->ntab++];
        index_table(c, t, tn);
        c->defs = t->def->set;
        const char *role = t->def->role;
        for (int r = 1; role && r < CK_NROLES && !t->role; r++)
            if (strcmp(ck_role_names[r], role) == 0)
                t->role = (enum ck_role)r;
        if (t->role && !c->by_role[t->role]->node)
            c->by_role[t->role] = t;
    }
    index_rows(c);
}

/* Everything but the index. */
static void
ctx_base(struct ck_ctx *c, const struct dc_doc *doc, struct dc_findings *out)
{
    memset(c, 0, sizeof *c);
    c->doc = doc;
    c->out = out;
    dc_arena_init(&c->arena);
    for (int r = 0; r < CK_NROLES; r++)
        c->by_role[r] = &c->none;
}

void
ck_ctx_init(struct ck_ctx *c, const struct dc_doc *doc,
            struct dc_findings *out)
{
    ctx_base(c, doc, out);
    ctx_index(c);
}

void
ck_ctx_free(struct ck_ctx *c)
{
    for (int k = 0; k < c->ntab; k++) {
        free(c->t[k].rows);
        free(c->t[k].slots);
        free(c->t[k].by_name);
    }
    free(c->t);
    free(c->row_ix);
    dc_arena_release(&c->arena);
}

/* ---- the rules, per table: what its layout's <arithmetic> declares ---- */

static void
check_table(struct ck_ctx *c, const struct ck_table *t)
{
    unsigned a = t->def->arith;
    ck_rule_not_number(c, t);
    ck_rule_codes(c, t);
    if (a & DC_ARITH_SIDE)
        ck_rule_side(c, t);
    if (a & (DC_ARITH_HIER | DC_ARITH_ITEMS))
        ck_rule_hier(c, t);
    if (t->def->nsums)
        ck_rule_row_sum(c, t);
    if (a & DC_ARITH_TOTAL_ROW)
        ck_rule_total_row(c, t);
}

static const ck_doc_fn doc_rules[] = {
    ck_rule_cross,
    ck_rule_code_names,
    ck_rule_code_order,
    ck_rule_text,
    ck_rule_numbering,
    ck_rule_projects,
    ck_rule_lists,
    ck_rule_perf,
    ck_rule_unit_names,
    ck_rule_leftovers,
};

void
dc_check_doc(const struct dc_doc *doc, struct dc_findings *out)
{
    struct ck_ctx c;
    ck_ctx_init(&c, doc, out);
    for (int k = 0; k < c.ntab; k++)
        if (c.t[k].node)
            check_table(&c, &c.t[k]);
    for (size_t i = 0; i < sizeof doc_rules / sizeof doc_rules[0]; i++)
        doc_rules[i](&c);
    ck_ctx_free(&c);
    finish(out);
}

void
dc_check_leftovers(const struct dc_doc *doc, struct dc_findings *out)
{
    /* render runs it beside the layout: the index of every table's rows
     * (1.8 times the source: 12.9 MB of 109.5 MB at the peak of a render
     * of 100 times the sample) is made only for a finding in a table */
    struct ck_ctx c;
    ctx_base(&c, doc, out);
    ck_rule_leftovers(&c);
    ck_ctx_free(&c);
    finish(out);
}
