/* Rules across tables: the figures the standard set requires to agree
 * (domain notes §3, X1–X7). */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

int
ck_class_val(const struct ck_table *t, const char *cls, const char *key,
             struct dc_decimal *v, const struct dc_node **at)
{
    int n = 0;
    struct dc_decimal x;
    v->units = 0;
    v->scale = 0;
    if (at)
        *at = NULL;
    if (!t->node)
        return 0;
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (r->total || r->level != 1 || strncmp(r->code, cls, 3) != 0)
            continue;
        if (ck_val(t, r, key, &x, NULL) == 0)
            return 0;
        *v = dc_decimal_add(*v, x);
        if (at && !*at)
            *at = ck_at(t, r, key);
        n++;
    }
    return n;
}

/* Which figure of another table a class (or 合计) figure must equal. */
static const struct {
    enum ck_role table;
    const char *key;
    enum ck_role other;
    const char *okey;
} mirrors[] = {
    {CK_ROLE_EXPENSE, "total", CK_ROLE_INCOME, "total"},
    {CK_ROLE_EXPENSE, "total", CK_ROLE_FISCAL, "exp_total"},
    {CK_ROLE_INCOME, "total", CK_ROLE_EXPENSE, "total"},
    {CK_ROLE_INCOME, "total", CK_ROLE_FISCAL, "exp_total"},
    {CK_ROLE_FISCAL, "exp_total", CK_ROLE_EXPENSE, "total"},
    {CK_ROLE_FISCAL, "exp_total", CK_ROLE_INCOME, "total"},
    {CK_ROLE_FISCAL, "gen", CK_ROLE_GENERAL, "total"},
    {CK_ROLE_FISCAL, "fund", CK_ROLE_FUND, "total"},
    {CK_ROLE_FISCAL, "soe", CK_ROLE_SOE, "total"},
    {CK_ROLE_GENERAL, "total", CK_ROLE_FISCAL, "gen"},
    {CK_ROLE_GENERAL, "project", CK_ROLE_PROJECT, "total"},
    {CK_ROLE_PROJECT, "total", CK_ROLE_GENERAL, "project"},
    {CK_ROLE_FUND, "total", CK_ROLE_FISCAL, "fund"},
    {CK_ROLE_SOE, "total", CK_ROLE_FISCAL, "soe"},
};

int
ck_cross_status(const struct ck_ctx *c, const struct ck_table *t,
                const struct ck_row *r, const char *key)
{
    if (!r->total && r->level != 1)
        return -1;
    int res = -1;
    struct dc_decimal mine, theirs;
    if (ck_val(t, r, key, &mine, NULL) != 1)
        return -1;
    for (size_t m = 0; m < sizeof mirrors / sizeof mirrors[0]; m++) {
        if (mirrors[m].table != t->role || strcmp(mirrors[m].key, key) != 0)
            continue;
        const struct ck_table *o = ck_role(c, mirrors[m].other);
        if (!o->node)
            continue;
        if (r->total) {
            const struct ck_row *ot = ck_total_row(o);
            if (!ot || ck_val(o, ot, mirrors[m].okey, &theirs, NULL) != 1)
                continue;
        } else if (!ck_class_val(o, r->code, mirrors[m].okey, &theirs,
                                 NULL)) {
            continue;
        }
        if (dc_decimal_cmp(mine, theirs) != 0)
            return 0;
        res = 1;
    }
    return res;
}

/* One table's say on a figure. */
struct vote {
    int table;
    const char *what; /* "表3 合计" */
    const char *key;
    struct dc_decimal v;
    const struct dc_node *at;
    int present; /* the table has the row */
    int inconsistent; /* its row does not add up across */
    /* v is a sum, blamed on one of its cells: the rest of it, taken off
     * the figures the finding gives */
    struct dc_decimal rest;
};

/* The value most entries give wins (a tie goes to the earlier entry); every
 * entry that differs is reported where it stands. */
static void
agree(struct ck_ctx *c, enum ck_rule rule, const char *row, struct vote *v,
      int n)
{
    if (n < 2)
        return;
    int best = 0, bestn = 0;
    for (int i = 0; i < n; i++) {
        int k = 0;
        for (int j = 0; j < n; j++)
            k += dc_decimal_cmp(v[i].v, v[j].v) == 0;
        if (k > bestn)
            bestn = k, best = i;
    }
    if (bestn == n)
        return;
    /* two say different things: the one whose own row does not add up is
     * the likelier mistake */
    if (n == 2 && bestn == 1 && v[0].inconsistent && !v[1].inconsistent)
        best = 1;
    char others[256] = "";
    for (int j = 0; j < n; j++)
        if (dc_decimal_cmp(v[j].v, v[best].v) == 0) {
            size_t l = strlen(others);
            snprintf(others + l, sizeof others - l, "%s%s", l ? ", " : "",
                     v[j].what);
        }
    for (int i = 0; i < n; i++) {
        if (dc_decimal_cmp(v[i].v, v[best].v) == 0)
            continue;
        struct dc_decimal e = dc_decimal_sub(v[best].v, v[i].rest),
                          f = dc_decimal_sub(v[i].v, v[i].rest);
        if (v[i].present && strchr(v[i].what, '+'))
            ck_report(c, rule, ck_sev(rule), v[i].at, v[i].key, &e, &f,
                      N_("%s disagrees with %s"), v[i].what, others);
        else if (v[i].present)
            ck_report(c, rule, ck_sev(rule), v[i].at, v[i].key, &v[best].v,
                      &v[i].v, N_("disagrees with %s"), others);
        else
            ck_report(c, rule, ck_sev(rule), v[i].at, v[i].key, &v[best].v,
                      &v[i].v, N_("%s has no row %s, which %s give"),
                      v[i].what, row, others);
    }
}

static void
vote_class(struct vote *v, const struct ck_table *t, const char *cls,
           const char *key, const char *what)
{
    memset(v, 0, sizeof *v);
    v->table = t->number;
    v->what = what;
    v->key = key;
    v->present = ck_class_val(t, cls, key, &v->v, &v->at) > 0;
    if (!v->present)
        v->at = t->node;
    for (int i = 0; v->present && i < t->nrows; i++)
        if (!t->rows[i].total && t->rows[i].level == 1 &&
            strncmp(t->rows[i].code, cls, 3) == 0 &&
            !ck_row_consistent(t, &t->rows[i]))
            v->inconsistent = 1;
}

/* Class codes (3 digits) used by any of the tables, sorted, unique. */
static int
class_set(struct ck_ctx *c, const enum ck_role *tabs, int ntabs, char (*out)[4],
          int max)
{
    int n = 0;
    for (int k = 0; k < ntabs; k++) {
        const struct ck_table *t = ck_role(c, tabs[k]);
        for (int i = 0; t->node && i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            if (r->total || r->level != 1)
                continue;
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= strncmp(out[j], r->code, 3) == 0;
            if (!dup && n < max)
                snprintf(out[n++], 4, "%.3s", r->code);
        }
    }
    qsort(out, (size_t)n, sizeof out[0],
          (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Does the class row `cls` of t hold in column key the sum of its 款 rows
 * (1), another amount (0), or has it none (-1)? */
static int
class_adds_up(const struct ck_table *t, const char *cls, const char *key)
{
    struct dc_decimal own, sum = {0, 0}, x;
    int nk = 0;
    if (ck_class_val(t, cls, key, &own, NULL) != 1)
        return -1;
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (r->total || r->level != 2 || strncmp(r->code, cls, 3) != 0)
            continue;
        ck_val(t, r, key, &x, NULL);
        sum = dc_decimal_add(sum, x);
        nk++;
    }
    return nk ? dc_decimal_cmp(own, sum) == 0 : -1;
}

/* Sum of two columns of 表2 for a class.  Blamed, the sum points at the
 * column that does not add up over its 款 rows when the other one does
 * (表2 216: 一般 228 agrees with its 款 rows, an empty 上级 does not). */
static void
vote_t2_pair(struct vote *v, const struct ck_table *t2, const char *cls,
             const char *k1, const char *k2, const char *what)
{
    struct vote w;
    vote_class(v, t2, cls, k1, what);
    vote_class(&w, t2, cls, k2, what);
    struct dc_decimal first = v->v;
    v->v = dc_decimal_add(v->v, w.v);
    if (w.present && class_adds_up(t2, cls, k1) == 1 &&
        class_adds_up(t2, cls, k2) == 0)
        v->at = w.at, v->key = k2, v->rest = first;
}

static int
column_total_zero(const struct ck_table *t, const char *key)
{
    int col = dc_tabledef_col(t->def, key);
    if (col < 0)
        return 1;
    for (int i = 0; i < t->nrows; i++) {
        struct dc_decimal v;
        ck_val(t, &t->rows[i], key, &v, NULL);
        if (!dc_decimal_is_zero(v))
            return 0;
    }
    return 1;
}

/* X1, X2, X3: per class. */
static void
cross_by_class(struct ck_ctx *c)
{
    char cls[64][4];
    static const enum ck_role all[] = {
        CK_ROLE_SUMMARY, CK_ROLE_INCOME,  CK_ROLE_EXPENSE, CK_ROLE_FISCAL,
        CK_ROLE_GENERAL, CK_ROLE_PROJECT, CK_ROLE_FUND,    CK_ROLE_SOE};
    int ncls = class_set(c, all, 8, cls, 64);
    int t2_split = ck_role(c, CK_ROLE_INCOME)->node &&
                   column_total_zero(ck_role(c, CK_ROLE_INCOME), "fin_carry");
    for (int k = 0; k < ncls; k++) {
        struct vote v[6];
        int n = 0;
        /* X1 */
        if (ck_role(c, CK_ROLE_SUMMARY)->node)
            vote_class(&v[n++], ck_role(c, CK_ROLE_SUMMARY), cls[k],
                       "exp_amount", "表1 支出");
        if (ck_role(c, CK_ROLE_INCOME)->node)
            vote_class(&v[n++], ck_role(c, CK_ROLE_INCOME), cls[k], "total",
                       "表2 总计");
        if (ck_role(c, CK_ROLE_EXPENSE)->node)
            vote_class(&v[n++], ck_role(c, CK_ROLE_EXPENSE), cls[k], "total",
                       "表3 合计");
        if (ck_role(c, CK_ROLE_FISCAL)->node)
            vote_class(&v[n++], ck_role(c, CK_ROLE_FISCAL), cls[k], "exp_total",
                       "表4 合计");
        agree(c, CK_X_CLASS, cls[k], v, n);
        /* X2, X3 */
        static const struct {
            enum ck_rule rule;
            enum ck_role detail;
            const char *k4, *k2a, *k2b, *what4, *whatd, *what2;
        } src[] = {
            {CK_X_GENERAL, CK_ROLE_GENERAL, "gen", "gen", "gen_up",
             "表4 一般公共预算", "表5 合计", "表2 一般公共预算 + 上级转移支付"},
            {CK_X_FUND, CK_ROLE_FUND, "fund", "fund", "fund_up",
             "表4 政府性基金预算", "表8 合计", "表2 政府性基金 + 上级转移支付"},
            {CK_X_SOE, CK_ROLE_SOE, "soe", "soe", "soe_up",
             "表4 国有资本经营预算", "表9 合计",
             "表2 国有资本经营 + 上级转移支付"},
        };
        for (size_t s = 0; s < 3; s++) {
            n = 0;
            if (ck_role(c, CK_ROLE_FISCAL)->node)
                vote_class(&v[n++], ck_role(c, CK_ROLE_FISCAL), cls[k],
                           src[s].k4, src[s].what4);
            if (ck_role(c, src[s].detail)->node)
                vote_class(&v[n++], ck_role(c, src[s].detail), cls[k], "total",
                           src[s].whatd);
            if (t2_split)
                vote_t2_pair(&v[n++], ck_role(c, CK_ROLE_INCOME), cls[k],
                             src[s].k2a, src[s].k2b, src[s].what2);
            /* a fund table may be left out when it has nothing */
            int any = 0;
            for (int i = 0; i < n; i++)
                any |= !dc_decimal_is_zero(v[i].v);
            if (any)
                agree(c, src[s].rule, cls[k], v, n);
        }
        /* X4: 表5 项目 = 表7 合计 */
        if (ck_role(c, CK_ROLE_GENERAL)->node &&
            ck_role(c, CK_ROLE_PROJECT)->node) {
            n = 0;
            vote_class(&v[n++], ck_role(c, CK_ROLE_GENERAL), cls[k], "project",
                       "表5 项目支出");
            vote_class(&v[n++], ck_role(c, CK_ROLE_PROJECT), cls[k], "total",
                       "表7 项目支出合计");
            if (!dc_decimal_is_zero(v[0].v) || !dc_decimal_is_zero(v[1].v))
                agree(c, CK_X_PROJECT, cls[k], v, n);
        }
        /* X5: 表3 基本/项目 = 表5 + 表8 + 表9 where 表2 shows only fiscal
         * money for the class */
        if (ck_role(c, CK_ROLE_EXPENSE)->node &&
            ck_role(c, CK_ROLE_GENERAL)->node) {
            int fiscal_only = 1;
            if (ck_role(c, CK_ROLE_INCOME)->node) {
                static const char *nf[] = {"edu_special", "unit_funds",
                                           "nonfin_carry"};
                for (int i = 0; i < 3; i++) {
                    struct dc_decimal x;
                    ck_class_val(ck_role(c, CK_ROLE_INCOME), cls[k], nf[i], &x,
                                 NULL);
                    fiscal_only &= dc_decimal_is_zero(x);
                }
            }
            /* a fund table that disagrees with 表4 is reported by x-fund
             * or x-soe; do not blame 表3 for it */
            for (enum ck_role d = CK_ROLE_FUND; d <= CK_ROLE_SOE; d++) {
                struct dc_decimal a4, ad;
                if (!ck_role(c, d)->node || !ck_role(c, CK_ROLE_FISCAL)->node)
                    continue;
                ck_class_val(ck_role(c, CK_ROLE_FISCAL), cls[k],
                             d == CK_ROLE_FUND ? "fund" : "soe", &a4, NULL);
                ck_class_val(ck_role(c, d), cls[k], "total", &ad, NULL);
                if (dc_decimal_cmp(a4, ad) != 0)
                    fiscal_only = 0;
            }
            if (!fiscal_only)
                continue;
            static const struct {
                const char *k3;
                const char *parts[2];
                const char *what;
            } sp[] = {{"basic", {"personnel", "public"}, "表5 + 表8 + 表9 基本支出"},
                      {"project", {"project", NULL}, "表5 + 表8 + 表9 项目支出"}};
            for (int s = 0; s < 2; s++) {
                struct vote w[2];
                vote_class(&w[0], ck_role(c, CK_ROLE_GENERAL), cls[k], sp[s].k3,
                           sp[s].what);
                for (enum ck_role d = CK_ROLE_FUND; d <= CK_ROLE_SOE; d++)
                    for (int p = 0; p < 2 && sp[s].parts[p]; p++) {
                        struct dc_decimal x;
                        if (ck_role(c, d)->node &&
                            ck_class_val(ck_role(c, d), cls[k], sp[s].parts[p],
                                         &x, NULL))
                            w[0].v = dc_decimal_add(w[0].v, x);
                    }
                w[0].present = 1;
                vote_class(&w[1], ck_role(c, CK_ROLE_EXPENSE), cls[k], sp[s].k3,
                           s == 0 ? "表3 基本支出" : "表3 项目支出");
                agree(c, CK_X_SPLIT, cls[k], w, 2);
            }
        }
    }
}

static void
vote_total(struct vote *v, const struct ck_table *t, const char *key,
           const char *what)
{
    memset(v, 0, sizeof *v);
    v->table = t->number;
    v->what = what;
    v->key = key;
    const struct ck_row *r = t->node ? ck_total_row(t) : NULL;
    if (!r) {
        v->at = t->node;
        return;
    }
    v->present = 1;
    ck_effective(t, r, key, &v->v);
    v->at = ck_at(t, r, key);
    v->inconsistent = !ck_row_consistent(t, r);
}

/* The figures of 表1's income side, by meaning. */
struct t1_income {
    int ok;
    struct dc_decimal total, gen, fund, soe, edu, unit, carry, carry_fin,
        carry_gen, carry_fund, carry_soe, carry_nonfin;
};

static void
read_t1(const struct ck_table *t, struct t1_income *x)
{
    memset(x, 0, sizeof *x);
    int ci = t->node ? dc_tabledef_col(t->def, "inc_item") : -1;
    if (ci < 0)
        return;
    x->ok = 1;
    int sec = 0, sub = 0; /* sec 1: 上年结转; sub 1: under 财政拨款结转 */
    for (int i = 0; i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (!r->cell[ci])
            continue;
        const char *b = r->text[ci];
        if (!b[0])
            continue;
        struct dc_decimal v;
        ck_val(t, r, "inc_amount", &v, NULL);
        if (strstr(b, "总计")) {
            x->total = v;
            continue;
        }
        int top = strstr(b, "一、") == b || strstr(b, "二、") == b ||
                  strstr(b, "三、") == b;
        int numbered = b[0] >= '0' && b[0] <= '9';
        if (top) {
            sec = strstr(b, "结转") != NULL;
            sub = 0;
            if (sec)
                x->carry = v;
            continue;
        }
        if (!sec) {
            if (!numbered)
                continue;
            if (strstr(b, "一般公共预算"))
                x->gen = v;
            else if (strstr(b, "政府性基金"))
                x->fund = v;
            else if (strstr(b, "国有资本"))
                x->soe = v;
            else if (strstr(b, "财政专户"))
                x->edu = v;
            else if (strstr(b, "单位资金"))
                x->unit = v;
            continue;
        }
        if (numbered) {
            sub = strstr(b, "非财政") == NULL;
            if (sub)
                x->carry_fin = v;
            else
                x->carry_nonfin = v;
            continue;
        }
        if (!sub)
            continue;
        if (strstr(b, "一般公共预算"))
            x->carry_gen = v;
        else if (strstr(b, "政府性基金"))
            x->carry_fund = v;
        else if (strstr(b, "国有资本"))
            x->carry_soe = v;
    }
}

static struct vote
vote_value(struct dc_decimal v, int table, const char *what,
           const struct dc_node *at)
{
    struct vote x;
    memset(&x, 0, sizeof x);
    x.v = v;
    x.table = table;
    x.what = what;
    x.at = at;
    x.present = 1;
    return x;
}

/* Sum of 表4's income lines that name a source (whatever the level). */
static int
t4_income(const struct ck_table *t, const char *word, struct dc_decimal *v,
          const struct dc_node **at)
{
    int ci = dc_tabledef_col(t->def, "inc_item"), n = 0;
    v->units = 0;
    v->scale = 0;
    *at = NULL;
    for (int i = 0; ci >= 0 && i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (!r->cell[ci])
            continue;
        const char *b = r->text[ci];
        if (!strstr(b, word) || strstr(b, "、"))
            continue;
        struct dc_decimal x;
        ck_val(t, r, "inc_total", &x, NULL);
        *v = dc_decimal_add(*v, x);
        if (!*at)
            *at = ck_at(t, r, "inc_total");
        n++;
    }
    return n;
}

static void
cross_income(struct ck_ctx *c)
{
    struct t1_income a;
    read_t1(ck_role(c, CK_ROLE_SUMMARY), &a);
    if (!a.ok)
        return;
    const struct ck_row *t1tot = ck_total_row(ck_role(c, CK_ROLE_SUMMARY));
    const struct dc_node *t1at =
        t1tot ? ck_at(ck_role(c, CK_ROLE_SUMMARY), t1tot, "inc_amount")
              : ck_role(c, CK_ROLE_SUMMARY)->node;
    struct vote v[2];
    if (ck_role(c, CK_ROLE_INCOME)->node) {
        v[0] = vote_value(a.total, 1, "表1 收入总计", t1at);
        vote_total(&v[1], ck_role(c, CK_ROLE_INCOME), "total", "表2 合计 总计");
        agree(c, CK_X_INCOME, "合计", v, 2);
        struct {
            struct dc_decimal v1;
            const char *key, *what1, *what2;
        } pairs[] = {
            {a.edu, "edu_special", "表1 财政专户核拨", "表2 合计 财政专户"},
            {a.unit, "unit_funds", "表1 单位资金", "表2 合计 单位资金"},
            {a.carry_nonfin, "nonfin_carry", "表1 非财政拨款结余",
             "表2 合计 非财政拨款结转结余"},
        };
        for (size_t i = 0; i < 3; i++) {
            v[0] = vote_value(pairs[i].v1, 1, pairs[i].what1, t1at);
            vote_total(&v[1], ck_role(c, CK_ROLE_INCOME), pairs[i].key,
                       pairs[i].what2);
            agree(c, CK_X_INCOME, "合计", v, 2);
        }
        struct dc_decimal fin = dc_decimal_add(
            dc_decimal_add(a.gen, a.fund), dc_decimal_add(a.soe, a.carry_fin));
        struct vote w;
        v[0] = vote_value(fin, 1, "表1 财政拨款 (本年 + 结转)", t1at);
        vote_total(&v[1], ck_role(c, CK_ROLE_INCOME), "fin_subtotal",
                   "表2 合计 财政拨款小计 + 结转");
        vote_total(&w, ck_role(c, CK_ROLE_INCOME), "fin_carry", "");
        v[1].v = dc_decimal_add(v[1].v, w.v);
        agree(c, CK_X_INCOME, "合计", v, 2);
    }
    if (ck_role(c, CK_ROLE_FISCAL)->node) {
        static const char *words[] = {"一般公共预算", "政府性基金", "国有资本"};
        struct dc_decimal want[3] = {dc_decimal_add(a.gen, a.carry_gen),
                                     dc_decimal_add(a.fund, a.carry_fund),
                                     dc_decimal_add(a.soe, a.carry_soe)};
        static const char *what4[] = {"表4 收入 一般公共预算",
                                      "表4 收入 政府性基金预算",
                                      "表4 收入 国有资本经营预算"};
        for (int s = 0; s < 3; s++) {
            struct dc_decimal x;
            const struct dc_node *at;
            if (!t4_income(ck_role(c, CK_ROLE_FISCAL), words[s], &x, &at))
                continue;
            v[0] = vote_value(want[s], 1, "表1 (本年 + 上年结转)", t1at);
            v[1] = vote_value(x, 4, what4[s], at);
            v[1].key = "inc_total";
            agree(c, CK_X_INCOME, words[s], v, 2);
        }
    }
    if (ck_role(c, CK_ROLE_CARRY)->node) {
        v[0] = vote_value(a.carry, 1, "表1 上年结转结余", t1at);
        vote_total(&v[1], ck_role(c, CK_ROLE_CARRY), "total", "表11 合计");
        agree(c, CK_X_CARRY, "合计", v, 2);
    }
}

static void
cross_totals(struct ck_ctx *c)
{
    struct vote v[2];
    if (ck_role(c, CK_ROLE_GENERAL)->node &&
        ck_role(c, CK_ROLE_GENERAL_BASIC)->node) {
        vote_total(&v[0], ck_role(c, CK_ROLE_GENERAL), "basic", "表5 基本支出");
        vote_total(&v[1], ck_role(c, CK_ROLE_GENERAL_BASIC), "total",
                   "表6 合计");
        agree(c, CK_X_BASIC, "合计", v, 2);
    }
    if (ck_role(c, CK_ROLE_GENERAL)->node &&
        ck_role(c, CK_ROLE_PROJECT)->node) {
        vote_total(&v[0], ck_role(c, CK_ROLE_GENERAL), "project",
                   "表5 项目支出");
        vote_total(&v[1], ck_role(c, CK_ROLE_PROJECT), "total", "表7 合计");
        agree(c, CK_X_PROJECT, "合计", v, 2);
    }
    /* X7: 表10 against 表6's economic items, rounded to 表6's precision */
    if (ck_role(c, CK_ROLE_SANGONG)->node &&
        ck_role(c, CK_ROLE_GENERAL_BASIC)->node) {
        static const struct {
            int kind;
            const char *code, *name;
        } m[] = {{1, "30212", "因公出国（境）费"},
                 {2, "30217", "公务接待费"},
                 {5, "30231", "公务用车运行维护费"}};
        int ci = dc_tabledef_col(ck_role(c, CK_ROLE_SANGONG)->def, "item");
        for (size_t k = 0; ci >= 0 && k < 3; k++) {
            const struct ck_row *r10 = NULL, *r6 = NULL;
            for (int i = 0; i < ck_role(c, CK_ROLE_SANGONG)->nrows && !r10; i++)
                if (ck_t10_kind(
                        ck_role(c, CK_ROLE_SANGONG)->rows[i].text[ci]) ==
                    m[k].kind)
                    r10 = &ck_role(c, CK_ROLE_SANGONG)->rows[i];
            for (int i = 0; i < ck_role(c, CK_ROLE_GENERAL_BASIC)->nrows && !r6;
                 i++)
                if (strcmp(ck_role(c, CK_ROLE_GENERAL_BASIC)->rows[i].code,
                           m[k].code) == 0)
                    r6 = &ck_role(c, CK_ROLE_GENERAL_BASIC)->rows[i];
            if (!r10 || !r6)
                continue;
            struct dc_decimal a, b;
            ck_val(ck_role(c, CK_ROLE_SANGONG), r10, "total", &a, NULL);
            ck_val(ck_role(c, CK_ROLE_GENERAL_BASIC), r6, "total", &b, NULL);
            struct dc_decimal ar = dc_decimal_rescale(a, b.scale);
            if (dc_decimal_cmp(ar, b) != 0)
                ck_report(c, CK_X_SANGONG, ck_sev(CK_X_SANGONG),
                          ck_at(ck_role(c, CK_ROLE_SANGONG), r10, "total"),
                          "total", &b, &a, N_("disagrees with 表6 %s %s"),
                          m[k].code, m[k].name);
        }
    }
}

static const struct ck_row *
find_code(const struct ck_table *t, const char *code)
{
    for (int i = 0; i < t->nrows; i++)
        if (!t->rows[i].total && strcmp(t->rows[i].code, code) == 0)
            return &t->rows[i];
    return NULL;
}

/* 表2 lists every functional code the department has money under; the
 * other tables use a part of them (表3 all of them). */
static void
cross_codes(struct ck_ctx *c)
{
    const struct ck_table *t2 = ck_role(c, CK_ROLE_INCOME);
    if (!t2->node)
        return;
    static const enum ck_role sub[] = {CK_ROLE_EXPENSE, CK_ROLE_GENERAL,
                                       CK_ROLE_PROJECT, CK_ROLE_FUND,
                                       CK_ROLE_SOE};
    for (size_t k = 0; k < sizeof sub / sizeof sub[0]; k++) {
        const struct ck_table *t = ck_role(c, sub[k]);
        for (int i = 0; t->node && i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            if (r->total || !r->code[0] || find_code(t2, r->code))
                continue;
            int col = dc_tabledef_col(t->def, r->level == 3   ? "xiang"
                                              : r->level == 2 ? "kuan"
                                                              : "class");
            ck_report(c, CK_X_CODES, ck_sev(CK_X_CODES),
                      col >= 0 && r->cell[col] ? r->cell[col] : r->node, NULL,
                      NULL, NULL, N_("表2 does not list this code"));
        }
    }
    const struct ck_table *t3 = ck_role(c, CK_ROLE_EXPENSE);
    for (int i = 0; t3->node && i < t2->nrows; i++) {
        const struct ck_row *r = &t2->rows[i];
        if (r->total || !r->code[0] || find_code(t3, r->code))
            continue;
        /* 表3 gives the row another code of the same 类 and level (reported
         * there) while another table confirms 表2's: one mistake, 表3's */
        int mirror = 0, confirmed = 0;
        for (int j = 0; j < t3->nrows && !mirror; j++)
            mirror = !t3->rows[j].total && t3->rows[j].level == r->level &&
                     strncmp(t3->rows[j].code, r->code, 3) == 0 &&
                     !find_code(t2, t3->rows[j].code);
        for (size_t k = 1; k < sizeof sub / sizeof sub[0] && !confirmed; k++)
            confirmed = find_code(ck_role(c, sub[k]), r->code) != NULL;
        if (mirror && confirmed)
            continue;
        ck_report(c, CK_X_CODES, ck_sev(CK_X_CODES), r->node, NULL, NULL,
                  NULL, N_("表3 does not list this code"));
    }
}

void
ck_rule_cross(struct ck_ctx *c)
{
    cross_codes(c);
    cross_by_class(c);
    cross_income(c);
    cross_totals(c);
}
