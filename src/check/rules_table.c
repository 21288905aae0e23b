/* Rules inside one table: the code hierarchy, row totals, the 合计 row,
 * 表1/表4's two sides, 表10's items, the codes themselves. */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

static int
is_amount(const struct ck_table *t, int col)
{
    return t->def->cols[col].role == DC_COL_AMOUNT;
}

/* Is column `key` non-empty in some row of the table? */
static int
column_used(const struct ck_table *t, const char *key)
{
    int col = dc_tabledef_col(t->def, key);
    return col >= 0 && t->used[col];
}

/* ---- hier, hier-orphan ---- */

/* parent[i]: index of the row row i adds up into, or -1; reports orphans
 * when c is not NULL. */
static void
assign_parents(struct ck_ctx *c, const struct ck_table *t, int *parent)
{
    int n = t->nrows;
    int cur1 = -1, cur2 = -1;
    if (t->def->arith & DC_ARITH_ITEMS) {
        /* 合计 = 出国 + 接待 + 用车小计; 用车小计 = 购置 + 运行 */
        int ci = dc_tabledef_col(t->def, "item"), at[6] = {-1, -1, -1, -1,
                                                           -1, -1};
        for (int i = 0; i < n; i++) {
            int k = ci >= 0 ? ck_t10_kind(t->rows[i].text[ci]) : -1;
            parent[i] = -1;
            if (k >= 0 && at[k] < 0)
                at[k] = i;
        }
        static const int up[6] = {-1, 0, 0, 0, 3, 3};
        for (int k = 1; k < 6; k++)
            if (at[k] >= 0 && at[up[k]] >= 0)
                parent[at[k]] = at[up[k]];
        return;
    }
    for (int i = 0; i < n; i++) {
        const struct ck_row *r = &t->rows[i];
        parent[i] = -1;
        if (r->total) {
            cur1 = cur2 = -1;
            continue;
        }
        if (r->level == 1) {
            cur1 = i;
            cur2 = -1;
        } else if (r->level == 2) {
            cur2 = i;
            if (cur1 >= 0 && strncmp(t->rows[cur1].code, r->code, 3) == 0)
                parent[i] = cur1;
            else if (c)
                ck_report(c, CK_HIER_ORPHAN, ck_sev(CK_HIER_ORPHAN),
                          r->node, NULL, NULL, NULL,
                          N_("a 款 row that follows no row of its 类 %.3s"),
                          r->code);
        } else if (r->level == 3) {
            if (cur2 >= 0 && strncmp(t->rows[cur2].code, r->code, 5) == 0) {
                parent[i] = cur2;
            } else {
                if (c)
                    ck_report(c, CK_HIER_ORPHAN, ck_sev(CK_HIER_ORPHAN),
                          r->node, NULL, NULL, NULL,
                          N_("a 项 row that follows no row of its 款 %.5s"),
                          r->code);
                /* count it under its 类 so the 类 is still checked */
                if (cur1 >= 0 && strncmp(t->rows[cur1].code, r->code, 3) == 0)
                    parent[i] = cur1;
            }
        }
    }
}

/* parent[] (assign_parents), followed in the same block (one free()) by
 * the children of each row, so a row's children are found without
 * scanning the table (check stays linear in the rows): see kids(). */
static int *
parents(struct ck_ctx *c, const struct ck_table *t)
{
    int n = t->nrows;
    int *parent = dc_xmalloc((size_t)(3 * n + 1) * sizeof *parent);
    int *start = parent + n, *list = start + n + 1;
    assign_parents(c, t, parent);
    memset(start, 0, (size_t)(n + 1) * sizeof *start);
    /* a child counts under its parent when it comes after it (表10's items
     * may name a parent below them: the rules always looked below only) */
    for (int i = 0; i < n; i++)
        if (parent[i] >= 0 && parent[i] < i)
            start[parent[i] + 1]++;
    for (int p = 0; p < n; p++)
        start[p + 1] += start[p];
    /* in row order: start[p] is the next free slot of p while filling */
    for (int i = 0; i < n; i++)
        if (parent[i] >= 0 && parent[i] < i)
            list[start[parent[i]]++] = i;
    for (int p = n; p > 0; p--)
        start[p] = start[p - 1];
    start[0] = 0;
    return parent;
}

/* The children of row p, in order: *count of them. */
static const int *
kids(const struct ck_table *t, const int *parent, int p, int *count)
{
    const int *start = parent + t->nrows, *list = start + t->nrows + 1;
    *count = start[p + 1] - start[p];
    return list + start[p];
}

/* 1: row p equals the sum of its children in `key`; 0: it does not;
 * -1: it has no children. */
static int
vertical_ok(const struct ck_table *t, const int *parent, int p,
            const char *key)
{
    struct dc_decimal sum = {0, 0}, v;
    int nk;
    const int *kid = kids(t, parent, p, &nk);
    for (int k = 0; k < nk; k++) {
        ck_val(t, &t->rows[kid[k]], key, &v, NULL);
        sum = dc_decimal_add(sum, v);
    }
    if (!nk)
        return -1;
    ck_val(t, &t->rows[p], key, &v, NULL);
    return dc_decimal_cmp(sum, v) == 0;
}


void
ck_rule_hier(struct ck_ctx *c, const struct ck_table *t)
{
    int n = t->nrows;
    int *parent = parents(c, t);
    enum ck_rule rule =
        t->def->arith & DC_ARITH_ITEMS ? CK_T10_ITEMS : CK_HIER;
    for (int p = 0; p < n; p++) {
        const struct ck_row *pr = &t->rows[p];
        int nkids;
        const int *kid = kids(t, parent, p, &nkids);
        if (!nkids)
            continue;
        for (int col = 0; col < t->def->ncols; col++) {
            if (!is_amount(t, col))
                continue;
            const char *key = t->def->cols[col].key;
            struct dc_decimal sum = {0, 0}, v, pv;
            for (int k = 0; k < nkids; k++) {
                ck_val(t, &t->rows[kid[k]], key, &v, NULL);
                sum = dc_decimal_add(sum, v);
            }
            ck_val(t, pr, key, &pv, NULL);
            if (dc_decimal_cmp(sum, pv) == 0)
                continue;
            /* the parent's row adds up across and exactly one child's row
             * does not: that child's cell is the wrong one */
            int bad = -1, nbad = 0;
            if (ck_row_consistent(t, pr))
                for (int k = 0; k < nkids; k++)
                    if (!ck_row_consistent(t, &t->rows[kid[k]]))
                        bad = kid[k], nbad++;
            if (nbad == 1) {
                const struct ck_row *br = &t->rows[bad];
                struct dc_decimal bv, want;
                ck_val(t, br, key, &bv, NULL);
                want = dc_decimal_add(dc_decimal_sub(pv, sum), bv);
                if (pr->level == 1 || pr->level == 2)
                    ck_report(c, rule, ck_sev(rule), ck_at(t, br, key), key,
                              &want, &bv,
                              pr->level == 1
                                  ? N_("fits neither its own row nor its 类 "
                                       "row %s")
                                  : N_("fits neither its own row nor its 款 "
                                       "row %s"),
                              ck_row_name(pr));
                else
                    ck_report(c, rule, ck_sev(rule), ck_at(t, br, key), key,
                              &want, &bv,
                              N_("fits neither its own row nor the %s row"),
                              ck_row_name(pr));
                continue;
            }
            if (rule == CK_T10_ITEMS)
                ck_report(c, rule, ck_sev(rule), ck_at(t, pr, key), key,
                          &sum, &pv, N_("differs from the sum of its items"));
            else
                ck_report(c, CK_HIER, ck_sev(CK_HIER), ck_at(t, pr, key),
                          key, &sum, &pv,
                          pr->level == 1
                              ? N_("the 款 rows under this 类 add up to "
                                   "another amount")
                              : N_("the 项 rows under this 款 add up to "
                                   "another amount"));
        }
    }
    free(parent);
}

/* ---- row-sum: the <sum>s of the table's layout ---- */

static const char *
key_of(const struct ck_table *t, int col)
{
    return t->def->cols[col].key;
}

/* Does column `key` hold money, itself or (a total left blank) through
 * its parts?  (表11: 合计 and 小计 both blank, 项目支出 filled) */
static int
carries(const struct ck_table *t, const char *key, int depth)
{
    if (column_used(t, key))
        return 1;
    for (int s = 0; depth < 4 && s < t->def->nsums; s++) {
        const struct dc_sumdef *sd = &t->def->sums[s];
        if (strcmp(key_of(t, sd->total), key) != 0)
            continue;
        for (int k = 0; k < sd->nparts; k++)
            if (carries(t, key_of(t, sd->parts[k]), depth + 1))
                return 1;
    }
    return 0;
}

/* When a total column is empty in every row, sum up the parts instead
 * (表11's 合计 left blank); NULL = the key itself is used. */

int
ck_effective(const struct ck_table *t, const struct ck_row *r, const char *key,
          struct dc_decimal *v)
{
    if (column_used(t, key))
        return ck_val(t, r, key, v, NULL) != 0;
    for (int s = 0; s < t->def->nsums; s++) {
        const struct dc_sumdef *sd = &t->def->sums[s];
        if (strcmp(key_of(t, sd->total), key) != 0)
            continue;
        struct dc_decimal sum = {0, 0}, x;
        for (int k = 0; k < sd->nparts; k++) {
            ck_effective(t, r, key_of(t, sd->parts[k]), &x);
            sum = dc_decimal_add(sum, x);
        }
        *v = sum;
        return 1;
    }
    return ck_val(t, r, key, v, NULL) != 0;
}

int
ck_row_consistent(const struct ck_table *t, const struct ck_row *r)
{
    for (int s = 0; s < t->def->nsums; s++) {
        const struct dc_sumdef *sd = &t->def->sums[s];
        if (!column_used(t, key_of(t, sd->total)))
            continue;
        struct dc_decimal tv, v, sum = {0, 0};
        ck_val(t, r, key_of(t, sd->total), &tv, NULL);
        for (int k = 0; k < sd->nparts; k++) {
            ck_effective(t, r, key_of(t, sd->parts[k]), &v);
            sum = dc_decimal_add(sum, v);
        }
        if (dc_decimal_cmp(sum, tv) != 0)
            return 0;
    }
    return 1;
}

/* Is cell (i, key) contradicted by the rows under it or by its parent's
 * sum (1), backed by one of them and contradicted by none (0), or neither
 * (-1)? */
static int
suspect(const struct ck_ctx *c, const struct ck_table *t, const int *parent,
        int i, const char *key)
{
    int own = parent ? vertical_ok(t, parent, i, key) : -1;
    int up = parent && parent[i] >= 0
                 ? vertical_ok(t, parent, parent[i], key)
                 : -1;
    int x = ck_cross_status(c, t, &t->rows[i], key);
    if (own == 0 || up == 0 || x == 0)
        return 1;
    return own == 1 || up == 1 || x == 1 ? 0 : -1;
}

/* "一般公共预算 228 + 项目支出 1000": the non-zero parts of sum sd in row r,
 * for a message (formatted only for a row that disagrees: every row's
 * text cost more than checking the row). */
static void
parts_text(const struct ck_table *t, const struct ck_row *r,
           const struct dc_sumdef *sd, char *parts, size_t n)
{
    parts[0] = '\0';
    for (int k = 0; k < sd->nparts; k++) {
        const char *pk = key_of(t, sd->parts[k]);
        struct dc_decimal v;
        if (!ck_val(t, r, pk, &v, NULL))
            continue;
        ck_effective(t, r, pk, &v);
        if (!dc_decimal_is_zero(v)) {
            char num[32];
            ck_fmt(v, num, sizeof num);
            size_t l = strlen(parts);
            snprintf(parts + l, n - l, "%s%s %s", parts[0] ? " + " : "",
                     ck_col_name(t, pk), num);
        }
    }
}

void
ck_rule_row_sum(struct ck_ctx *c, const struct ck_table *t)
{
    int coded = (t->def->arith & DC_ARITH_ITEMS) != 0;
    char num_tv[32];
    for (int i = 0; i < t->nrows; i++)
        coded |= t->rows[i].level > 0;
    int *parent = coded ? parents(NULL, t) : NULL;
    for (int s = 0; s < t->def->nsums; s++) {
        const struct dc_sumdef *sd = &t->def->sums[s];
        const char *tk = key_of(t, sd->total);
        if (!column_used(t, tk)) {
            int any = 0;
            for (int k = 0; k < sd->nparts; k++)
                any |= carries(t, key_of(t, sd->parts[k]), 0);
            /* point at the first blank cell whose parts hold money */
            const struct dc_node *at = t->node;
            for (int i = 0; any && i < t->nrows && at == t->node; i++) {
                struct dc_decimal ev;
                if (ck_effective(t, &t->rows[i], tk, &ev) &&
                    !dc_decimal_is_zero(ev))
                    at = ck_at(t, &t->rows[i], tk);
            }
            if (any)
                ck_report(c, CK_EMPTY_COLUMN, ck_sev(CK_EMPTY_COLUMN), at,
                          tk, NULL, NULL,
                          N_("the column is empty in every row although its "
                             "parts are not"));
            continue;
        }
        for (int i = 0; i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            struct dc_decimal tv, v, sum = {0, 0};
            const struct dc_node *tcell;
            ck_val(t, r, tk, &tv, &tcell);
            int any = !ck_cell_empty(tcell), nonzero = 0;
            for (int k = 0; k < sd->nparts; k++) {
                const char *pk = key_of(t, sd->parts[k]);
                const struct dc_node *pc;
                if (!ck_val(t, r, pk, &v, &pc))
                    continue;
                if (!ck_cell_empty(pc))
                    any = 1;
                ck_effective(t, r, pk, &v);
                sum = dc_decimal_add(sum, v);
                nonzero |= !dc_decimal_is_zero(v);
            }
            if (!any || dc_decimal_cmp(sum, tv) == 0)
                continue;
            /* the total agrees with the rows under it and exactly one part
             * does not: that part is the wrong cell */
            if (suspect(c, t, parent, i, tk) == 0) {
                int bad = -1, nbad = 0;
                for (int k = 0; k < sd->nparts; k++)
                    if (suspect(c, t, parent, i, key_of(t, sd->parts[k])) == 1)
                        bad = k, nbad++;
                if (nbad == 1) {
                    const char *bk = key_of(t, sd->parts[bad]);
                    struct dc_decimal bv, want;
                    ck_val(t, r, bk, &bv, NULL);
                    want = dc_decimal_add(dc_decimal_sub(tv, sum), bv);
                    ck_fmt(tv, num_tv, sizeof num_tv);
                    ck_report(c, CK_ROW_SUM, ck_sev(CK_ROW_SUM),
                              ck_at(t, r, bk), bk, &want, &bv,
                              N_("fits neither its row's %s %s nor the rows "
                                 "under it"),
                              ck_col_name(t, tk), num_tv);
                    continue;
                }
            }
            if (nonzero) {
                char parts[256];
                parts_text(t, r, sd, parts, sizeof parts);
                ck_report(c, CK_ROW_SUM, ck_sev(CK_ROW_SUM), ck_at(t, r, tk),
                          tk, &sum, &tv,
                          N_("differs from the sum of its row's parts: %s"),
                          parts);
            } else
                ck_report(c, CK_ROW_SUM, ck_sev(CK_ROW_SUM), ck_at(t, r, tk),
                          tk, &sum, &tv,
                          N_("its row's parts are all empty"));
        }
    }
    free(parent);
}

/* ---- total-row ---- */

void
ck_rule_total_row(struct ck_ctx *c, const struct ck_table *t)
{
    const struct ck_row *tot = ck_total_row(t);
    if (!tot)
        return;
    int coded = 0;
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].level == 1)
            coded = 1;
    for (int col = 0; col < t->def->ncols; col++) {
        const char *key = t->def->cols[col].key;
        if (!is_amount(t, col) || strncmp(key, "inc_", 4) == 0)
            continue;
        if (!column_used(t, key))
            continue;
        struct dc_decimal sum = {0, 0}, v, tv;
        for (int i = 0; i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            if (r == tot || r->total)
                continue;
            if (coded ? r->level != 1 : r->level != 0)
                continue;
            ck_val(t, r, key, &v, NULL);
            sum = dc_decimal_add(sum, v);
        }
        ck_val(t, tot, key, &tv, NULL);
        if (dc_decimal_cmp(sum, tv) != 0)
            ck_report(c, CK_TOTAL_ROW, ck_sev(CK_TOTAL_ROW),
                      ck_at(t, tot, key), key, &sum, &tv,
                      coded ? N_("differs from the sum of the 类 rows")
                            : N_("differs from the sum of the rows above "
                                 "it"));
    }
}

/* ---- side-sum and balance (表1, 表4) ---- */

/* Level of an income label (without blanks): 1 "一、…", 2 "1.…", 3 anything else; 0 empty;
 * -1 a total. */
static int
income_level(const char *b)
{
    if (!b[0])
        return 0;
    if (strstr(b, "总计") || strstr(b, "合计"))
        return -1;
    static const char *cn[] = {"一、", "二、", "三、", "四、", "五、",
                               "六、", "七、", "八、", "九、", "十、"};
    for (size_t i = 0; i < sizeof cn / sizeof cn[0]; i++)
        if (strncmp(b, cn[i], strlen(cn[i])) == 0)
            return 1;
    if (b[0] >= '0' && b[0] <= '9') {
        const char *p = b;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p == '.' || strncmp(p, "．", 3) == 0 || strncmp(p, "、", 3) == 0)
            return 2;
    }
    return 3;
}

struct inc_item {
    const struct ck_row *r;
    int level;
    struct dc_decimal v;
    int empty;
};

/* 表1: the 表2 合计 figure an income line of the current year should equal,
 * for the lines 表2 shows by source ("其中：一般财力" = 表2 一般 less 表1's
 * 结转 一般 when 表2 has no 结转 column; "上级…转移支付" = 表2 上级).
 * Returns 0 when there is none. */
static int
t2_counterpart(struct ck_ctx *c, const struct ck_table *t, struct inc_item *it,
               int n, int i, const char *parent_label, struct dc_decimal *v)
{
    const struct ck_table *t2 = ck_role(c, CK_ROLE_INCOME);
    const struct ck_row *tot = t2->node ? ck_total_row(t2) : NULL;
    if (t->role != CK_ROLE_SUMMARY || !tot)
        return 0;
    int ci = dc_tabledef_col(t->def, "inc_item");
    const char *lab = it[i].r->text[ci];
    static const char *src[][3] = {{"一般公共预算", "gen", "gen_up"},
                                   {"政府性基金", "fund", "fund_up"},
                                   {"国有资本", "soe", "soe_up"}};
    if (strstr(parent_label, "财政拨款结转")) {
        /* 结转 of a source = 表4's income of that source - 表1's 本年 */
        const struct ck_table *t4 = ck_role(c, CK_ROLE_FISCAL);
        int c4 = t4->node ? dc_tabledef_col(t4->def, "inc_item") : -1;
        for (int k = 0; k < 3 && c4 >= 0; k++) {
            if (!strstr(lab, src[k][0]))
                continue;
            struct dc_decimal x, sum4 = {0, 0};
            int n4 = 0;
            for (int j = 0; j < t4->nrows; j++) {
                const char *b = t4->rows[j].text[c4];
                if (!strstr(b, src[k][0]) || strstr(b, "、"))
                    continue;
                ck_val(t4, &t4->rows[j], "inc_total", &x, NULL);
                sum4 = dc_decimal_add(sum4, x);
                n4++;
            }
            if (!n4)
                return 0;
            for (int j = 0; j < n; j++) {
                const char *b = it[j].r->text[ci];
                if (it[j].level == 1 && strstr(b, "结转"))
                    break;
                if (it[j].level == 2 && strstr(b, src[k][0])) {
                    *v = dc_decimal_sub(sum4, it[j].v);
                    return 1;
                }
            }
            return 0;
        }
        return 0;
    }
    for (int k = 0; k < 3; k++) {
        if (!strstr(parent_label, src[k][0]))
            continue;
        if (strstr(lab, "上级"))
            return ck_val(t2, tot, src[k][2], v, NULL) == 1;
        if (ck_val(t2, tot, src[k][1], v, NULL) != 1)
            return 0;
        struct dc_decimal carry;
        if (!column_used(t2, "fin_carry")) {
            /* 表2 counts last year's balance under its source: take off
             * 表1's 结转 line of that source */
            int sec = 0;
            for (int j = 0; j < n; j++) {
                const char *b = it[j].r->text[ci];
                if (it[j].level == 1)
                    sec = strstr(b, "结转") != NULL;
                else if (sec && it[j].level == 3 && strstr(b, src[k][0])) {
                    carry = it[j].v;
                    *v = dc_decimal_sub(*v, carry);
                    break;
                }
            }
        }
        return 1;
    }
    return 0;
}

static void
check_parent(struct ck_ctx *c, const struct ck_table *t, const char *key,
             struct inc_item *it, int p, int from, int to, int lvl,
             int parent_ok, int n)
{
    struct dc_decimal sum = {0, 0};
    int nk = 0, nonempty = 0;
    for (int i = from; i < to; i++)
        if (it[i].level == lvl) {
            nk++;
            sum = dc_decimal_add(sum, it[i].v);
            nonempty |= !it[i].empty;
        }
    /* children all left blank: the template lists them, the author did not
     * split the amount; nothing to check */
    if (!nk || (!nonempty && !it[p].empty))
        return;
    if (dc_decimal_cmp(sum, it[p].v) != 0) {
        int ci = dc_tabledef_col(t->def, "inc_item");
        const char *lab = it[p].r->text[ci];
        /* the heading fits the lines above it: blame the one line whose
         * corrected value 表2 confirms */
        int bad = -1, nbad = 0;
        for (int i = from; parent_ok && i < to; i++) {
            struct dc_decimal want, v2;
            if (it[i].level != lvl)
                continue;
            want = dc_decimal_add(dc_decimal_sub(it[p].v, sum), it[i].v);
            if (t2_counterpart(c, t, it, n, i, lab, &v2) &&
                dc_decimal_cmp(v2, want) == 0)
                bad = i, nbad++;
        }
        if (nbad == 1) {
            struct dc_decimal want =
                dc_decimal_add(dc_decimal_sub(it[p].v, sum), it[bad].v);
            ck_report(c, CK_T1_SIDE, ck_sev(CK_T1_SIDE),
                      ck_at(t, it[bad].r, key), key, &want, &it[bad].v,
                      N_("does not fit the heading %s above it (%s agrees "
                         "with the heading)"),
                      lab, ck_role(c, CK_ROLE_INCOME)->name);
            return;
        }
        ck_report(c, CK_T1_SIDE, ck_sev(CK_T1_SIDE), ck_at(t, it[p].r, key),
                  key, &sum, &it[p].v,
                  N_("differs from the sum of the lines under it"));
    }
}

void
ck_rule_side(struct ck_ctx *c, const struct ck_table *t)
{
    int ci = dc_tabledef_col(t->def, "inc_item");
    const char *ik = t->def->side_income, *ek = t->def->side_expense;
    if (ci < 0 || !ik || !ek)
        return;
    /* the <sum> whose total is the expense column: 支出总计 by source */
    const struct dc_sumdef *by_src = NULL;
    for (int s = 0; s < t->def->nsums; s++)
        if (strcmp(key_of(t, t->def->sums[s].total), ek) == 0)
            by_src = &t->def->sums[s];
    struct inc_item *it = dc_xcalloc((size_t)t->nrows + 1, sizeof *it);
    int n = 0, tot = -1;
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        int lvl = income_level(r->text[ci]);
        if (lvl == 0)
            continue;
        const struct dc_node *cell;
        it[n].r = r;
        it[n].level = lvl;
        ck_val(t, r, ik, &it[n].v, &cell);
        it[n].empty = ck_cell_empty(cell);
        if (lvl == -1)
            tot = n;
        n++;
    }
    int end = tot >= 0 ? tot : n;
    struct dc_decimal top = {0, 0};
    int ntop = 0;
    for (int i = 0; i < end; i++)
        if (it[i].level == 1)
            top = dc_decimal_add(top, it[i].v);
    int total_ok = tot >= 0 && dc_decimal_cmp(top, it[tot].v) == 0;
    int cur1 = -1, l1_ok = 0;
    for (int i = 0; i < end; i++) {
        if (it[i].level == 1) {
            ntop++;
            cur1 = i;
            int j = i + 1, has2 = 0;
            while (j < end && it[j].level != 1)
                has2 |= it[j++].level == 2;
            /* does this heading equal its level-2 lines? */
            struct dc_decimal s2 = {0, 0};
            int n2 = 0;
            for (int k = i + 1; k < j; k++)
                if (it[k].level == 2)
                    s2 = dc_decimal_add(s2, it[k].v), n2++;
            l1_ok = n2 && dc_decimal_cmp(s2, it[i].v) == 0;
            check_parent(c, t, ik, it, i, i + 1, j, has2 ? 2 : 3, total_ok,
                         n);
        } else if (it[i].level == 2) {
            int j = i + 1;
            while (j < end && it[j].level == 3)
                j++;
            check_parent(c, t, ik, it, i, i + 1, j, 3, cur1 >= 0 && l1_ok,
                         n);
        }
    }
    if (tot >= 0 && ntop && dc_decimal_cmp(top, it[tot].v) != 0)
        ck_report(c, CK_T1_SIDE, ck_sev(CK_T1_SIDE), ck_at(t, it[tot].r, ik),
                  ik, &top, &it[tot].v,
                  N_("收入总计 differs from the sum of the income headings"));
    const struct ck_row *tr = ck_total_row(t);
    if (tr) {
        struct dc_decimal in, ex, sum = {0, 0}, v;
        ck_val(t, tr, ik, &in, NULL);
        ck_val(t, tr, ek, &ex, NULL);
        if (!by_src) {
            /* the 类 lines and any other line with an amount (结转下年),
             * but not a subtotal (本年支出合计) */
            int ce = dc_tabledef_col(t->def, "exp_item");
            for (int i = 0; i < t->nrows; i++) {
                const struct ck_row *r = &t->rows[i];
                const char *b = ce >= 0 ? r->text[ce] : "";
                if (r->total)
                    continue;
                if (r->level != 1 &&
                    (!b[0] || strstr(b, "合计") || strstr(b, "小计")))
                    continue;
                ck_val(t, r, ek, &v, NULL);
                sum = dc_decimal_add(sum, v);
            }
            if (dc_decimal_cmp(sum, ex) != 0)
                ck_report(c, CK_T1_SIDE, ck_sev(CK_T1_SIDE),
                          ck_at(t, tr, ek), ek, &sum, &ex,
                          N_("支出总计 differs from the sum of the 类 lines"));
        }
        if (dc_decimal_cmp(in, ex) != 0)
            ck_report(c, CK_T1_BALANCE, ck_sev(CK_T1_BALANCE),
                      ck_at(t, tr, ek), ek, &in, &ex,
                      N_("收入总计 and 支出总计 differ"));
        for (int s = 0; by_src && s < by_src->nparts; s++) {
            /* each source: the income line named like its column (less
             * 预算: 政府性基金预算 -> 政府性基金拨款) = its 支出总计 */
            const char *key = key_of(t, by_src->parts[s]);
            const char *lab = dc_tabledef_col_label(t->def, by_src->parts[s]);
            char word[128];
            snprintf(word, sizeof word, "%s", lab ? lab : "");
            size_t wl = strlen(word);
            if (wl > 6 && strcmp(word + wl - 6, "预算") == 0)
                word[wl - 6] = '\0';
            for (int i = 0; word[0] && i < end; i++) {
                const char *b = it[i].r->text[ci];
                if (it[i].level == 1 || !strstr(b, word))
                    continue;
                ck_val(t, tr, key, &ex, NULL);
                if (dc_decimal_cmp(it[i].v, ex) != 0)
                    ck_report(c, CK_T1_BALANCE, ck_sev(CK_T1_BALANCE),
                              ck_at(t, tr, key), key, &it[i].v, &ex,
                              N_("differs from the income line %s"), b);
                break;
            }
        }
    }
    free(it);
}

/* ---- sangong-sum (表10) ---- */

/* Row of 表10 by its label: 0 合计, 1 出国, 2 接待, 3 用车小计, 4 购置, 5 运行 */
int
ck_t10_kind(const char *b)
{
    if (strstr(b, "合计"))
        return 0;
    if (strstr(b, "出国"))
        return 1;
    if (strstr(b, "接待"))
        return 2;
    if (strstr(b, "购置及运行") || strstr(b, "小计"))
        return 3;
    if (strstr(b, "购置"))
        return 4;
    if (strstr(b, "运行"))
        return 5;
    return -1;
}

/* ---- code-malformed, code-dup ---- */

static int
digits_only(const char *s, size_t want)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9')
            return 0;
    return n == want;
}

/* Rows by code and level, then by position. */
struct coded {
    const char *code;
    int level, i;
};

static int
cmp_coded(const void *pa, const void *pb)
{
    const struct coded *a = pa, *b = pb;
    int d = strcmp(a->code, b->code);
    if (d)
        return d;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The same 类 or 款 twice (a table of projects may list several per 项):
 * each later row reported with the first one's line.  Sorted, not every
 * row against every row before it, so that check stays linear-logarithmic
 * in a table's rows. */
static void
code_dups(struct ck_ctx *c, const struct ck_table *t)
{
    int projects = dc_tabledef_col(t->def, "project_name") >= 0, n = 0;
    struct coded *v = dc_xmalloc((size_t)(t->nrows ? t->nrows : 1) * sizeof *v);
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (r->code[0] && r->level > 0 && !(r->level == 3 && projects))
            v[n++] = (struct coded){r->code, r->level, i};
    }
    qsort(v, (size_t)n, sizeof *v, cmp_coded);
    for (int k = 1, first = 0; k < n; k++) {
        if (strcmp(v[k].code, v[first].code) != 0 ||
            v[k].level != v[first].level) {
            first = k;
            continue;
        }
        ck_report(c, CK_CODE_DUP, ck_sev(CK_CODE_DUP), t->rows[v[k].i].node,
                  NULL, NULL, NULL,
                  N_("a second row of this code (the first is at line %d)"),
                  t->rows[v[first].i].node->line);
    }
    free(v);
}

void
ck_rule_codes(struct ck_ctx *c, const struct ck_table *t)
{
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        for (int col = 0; col < t->def->ncols; col++) {
            enum dc_col_role role = t->def->cols[col].role;
            size_t want = role == DC_COL_CLASS ? 3
                          : role == DC_COL_KUAN || role == DC_COL_XIANG ? 2
                                                                        : 0;
            const struct dc_node *cell = r->cell[col];
            const char *b = r->text[col];
            if (role == DC_COL_ITEM && cell) {
                const char *s = dc_skip_space(cell->u.cell.text);
                size_t n = 0;
                while (s[n] >= '0' && s[n] <= '9')
                    n++;
                if (n && n != 3 && n != 5 && n != 7)
                    ck_report(c, CK_CODE_MALFORMED, ck_sev(CK_CODE_MALFORMED),
                              cell, NULL, NULL, NULL,
                              N_("code %.*s has %zu digits (类 3, 款 5, 项 7)"),
                              (int)n, s, n);
                continue;
            }
            if (!want || ck_cell_empty(cell))
                continue;
            if (!digits_only(b, want))
                ck_report(c, CK_CODE_MALFORMED, ck_sev(CK_CODE_MALFORMED),
                          cell, NULL, NULL, NULL,
                          role == DC_COL_CLASS
                              ? N_("类 code \"%s\" is not %zu digits")
                          : role == DC_COL_KUAN
                              ? N_("款 code \"%s\" is not %zu digits")
                              : N_("项 code \"%s\" is not %zu digits"),
                          b, want);
        }
    }
    code_dups(c, t);
}

/* ---- not-number ---- */

void
ck_rule_not_number(struct ck_ctx *c, const struct ck_table *t)
{
    for (int i = 0; i < t->nrows; i++)
        for (int col = 0; col < t->def->ncols; col++) {
            if (!is_amount(t, col))
                continue;
            struct dc_decimal v;
            const struct dc_node *cell;
            if (ck_val(t, &t->rows[i], t->def->cols[col].key, &v, &cell) < 0)
                ck_report(c, CK_NOT_NUMBER, ck_sev(CK_NOT_NUMBER), cell,
                          NULL, NULL, NULL,
                          N_("holds \"%s\", not an amount"),
                          cell->u.cell.text);
        }
}
