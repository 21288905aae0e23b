/* X9: the performance forms of part three (部门整体绩效目标申报表, one
 * 项目支出绩效目标表 per project) against themselves, 表1 and the count the
 * text states.  The forms carry no codes: cells are found by their labels
 * (年度预算总额：, 其中：财政拨款, 其他资金：) and by the indicator grid's header
 * row (一级指标 … 指标值 … 分值权重). */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

/* The squeezed text of a cell, without a trailing colon. */
static const char *
label(const struct dc_node *cell, struct dc_buf *b)
{
    dc_squeeze(cell ? cell->u.cell.text : NULL, b);
    if (b->len >= 3 && strcmp(b->data + b->len - 3, "：") == 0)
        b->data[b->len -= 3] = '\0';
    else if (b->len && b->data[b->len - 1] == ':')
        b->data[--b->len] = '\0';
    return b->data;
}

static int
cell_amount(const struct dc_node *cell, struct dc_decimal *v)
{
    if (!cell || cell->type != DC_NODE_CELL || ck_cell_empty(cell))
        return 0;
    if (cell->u.cell.flags & DC_CELL_NUMBER) {
        *v = dc_cell_num(&cell->u.cell);
        return 1;
    }
    return ck_parse_amount(cell->u.cell.text, v);
}

/* An amount in an indicator value: "<=182万元", "≤6.13万元", "182万元";
 * 1 with *v set, 0 when the value is not an amount in 万元. */
static int
wan_value(const char *s, struct dc_decimal *v)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    const char *p = b.data;
    static const char *ops[] = {"<=", "≤", "＜＝", "<", "＜", "=", "＝"};
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
            if (strncmp(p, ops[i], strlen(ops[i])) == 0) {
                p += strlen(ops[i]);
                again = 1;
            }
    }
    size_t n = 0;
    while ((p[n] >= '0' && p[n] <= '9') || p[n] == '.')
        n++;
    int ok = n && strcmp(p + n, "万元") == 0 && dc_decimal_parse(p, n, v);
    dc_buf_free(&b);
    return ok;
}

struct form {
    const struct dc_node *node;
    int have_budget, have_fin, have_other;
    struct dc_decimal budget, fin, other;
    const struct dc_node *budget_cell, *fin_cell, *other_cell;
    int ncost, cost_ok;
    struct dc_decimal cost;
    int nweight;
    struct dc_decimal weight;
    const struct dc_node *weight_at;
    /* dept form */
    int nsrc;
    struct dc_decimal src;
    const struct dc_node *src_at;
};

static void
read_form(const struct dc_node *t, struct form *f)
{
    memset(f, 0, sizeof *f);
    f->node = t;
    f->cost_ok = 1;
    int c_l1 = -1, c_val = -1, c_w = -1, in_grid = 0;
    struct dc_buf lb, l1b;
    dc_buf_init(&lb);
    dc_buf_init(&l1b);
    const char *l1 = "";
    for (const struct dc_node *r = dc_node_first(t); r; r = dc_node_next(r)) {
        if (r->type != DC_NODE_ROW)
            continue;
        const char *b = label(dc_node_first(r), &lb);
        if (strcmp(b, "一级指标") == 0) {
            in_grid = 1;
            for (const struct dc_node *c = dc_node_first(r); c;
                 c = dc_node_next(c)) {
                b = label(c, &lb);
                if (strcmp(b, "一级指标") == 0)
                    c_l1 = c->u.cell.col;
                else if (strcmp(b, "指标值") == 0)
                    c_val = c->u.cell.col;
                else if (strstr(b, "权重"))
                    c_w = c->u.cell.col;
            }
            continue;
        }
        if (in_grid) {
            const struct dc_node *cl = dc_row_cell_at(r, c_l1);
            if (cl && !ck_cell_empty(cl)) {
                dc_squeeze(cl->u.cell.text, &l1b);
                l1 = l1b.data;
            }
            const struct dc_node *cw = dc_row_cell_at(r, c_w);
            struct dc_decimal w;
            if (c_w >= 0 && cell_amount(cw, &w)) {
                f->weight = dc_decimal_add(f->weight, w);
                f->nweight++;
            }
            if (strstr(l1, "成本")) {
                const struct dc_node *cv = dc_row_cell_at(r, c_val);
                struct dc_decimal v;
                if (cv && wan_value(cv->u.cell.text, &v)) {
                    f->cost = dc_decimal_add(f->cost, v);
                    f->ncost++;
                } else if (cv && !ck_cell_empty(cv)) {
                    f->cost_ok = 0; /* 元, %, words: cannot add up */
                }
            }
            continue;
        }
        for (const struct dc_node *c = dc_node_first(r); c;
             c = dc_node_next(c)) {
            b = label(c, &lb);
            struct dc_decimal v;
            if (!dc_node_next(c) || !cell_amount(dc_node_next(c), &v))
                continue;
            if (strcmp(b, "年度预算总额") == 0 && !f->have_budget) {
                f->have_budget = 1, f->budget = v;
                f->budget_cell = dc_node_next(c);
            } else if ((strcmp(b, "其中财政拨款") == 0 ||
                        strcmp(b, "其中：财政拨款") == 0 ||
                        strcmp(b, "财政拨款") == 0) &&
                       !f->have_fin) {
                f->have_fin = 1, f->fin = v, f->fin_cell = dc_node_next(c);
            } else if (strcmp(b, "其他资金") == 0 && !f->have_other) {
                f->have_other = 1, f->other = v,
                f->other_cell = dc_node_next(c);
            } else if (strcmp(b, "上级资金") == 0 ||
                       strcmp(b, "本级资金") == 0 || strcmp(b, "其他") == 0) {
                f->src = dc_decimal_add(f->src, v);
                if (!f->src_at)
                    f->src_at = dc_node_next(c);
                f->nsrc++;
            }
        }
    }
    f->weight_at = t;
    dc_buf_free(&lb);
    dc_buf_free(&l1b);
}

static void
check_project(struct ck_ctx *c, const struct form *f)
{
    if (f->have_budget && f->have_fin) {
        struct dc_decimal sum = f->fin;
        if (f->have_other)
            sum = dc_decimal_add(sum, f->other);
        if (dc_decimal_cmp(sum, f->budget) != 0)
            ck_report(c, CK_PERF_FUNDS, ck_sev(CK_PERF_FUNDS), f->budget_cell,
                      NULL, &sum, &f->budget,
                      N_("年度预算总额 differs from 财政拨款 + 其他资金"));
    }
    if (f->have_budget && f->ncost && f->cost_ok &&
        dc_decimal_cmp(f->cost, f->budget) != 0) {
        /* cost indicators above the budget cannot be; below it they may
         * leave a part out */
        enum dc_severity sev = dc_decimal_cmp(f->cost, f->budget) > 0
                                   ? DC_SEV_ERROR
                                   : DC_SEV_WARNING;
        ck_report(c, CK_PERF_COST, sev, f->budget_cell, NULL, &f->cost,
                  &f->budget,
                  N_("the 成本指标 add up to another amount than 年度预算总额"));
    }
}

static void
check_weights(struct ck_ctx *c, const struct form *f)
{
    struct dc_decimal ninety = {90, 0};
    if (f->nweight && dc_decimal_cmp(f->weight, ninety) != 0)
        ck_report(c, CK_PERF_WEIGHT, ck_sev(CK_PERF_WEIGHT), f->weight_at,
                  NULL, &ninety, &f->weight,
                  N_("the 指标分值权重 do not add up to 90"));
}

static void
check_dept(struct ck_ctx *c, const struct form *f)
{
    const struct ck_table *t1 = ck_role(c, CK_ROLE_SUMMARY);
    const struct ck_row *tot = t1->node ? ck_total_row(t1) : NULL;
    struct dc_decimal all;
    if (f->nsrc < 2 || !tot || ck_val(t1, tot, "inc_amount", &all, NULL) != 1)
        return;
    if (dc_decimal_cmp(all, f->src) == 0)
        return;
    /* 本年收入 (without 上年结转) is also a fair reading of 年度预算 */
    int ci = dc_tabledef_col(t1->def, "inc_item");
    for (int i = 0; ci >= 0 && i < t1->nrows; i++) {
        struct dc_decimal v;
        if (strstr(t1->rows[i].text[ci], "本年收入") &&
            ck_val(t1, &t1->rows[i], "inc_amount", &v, NULL) == 1 &&
            dc_decimal_cmp(v, f->src) == 0)
            return;
    }
    ck_report(c, CK_PERF_DEPT, ck_sev(CK_PERF_DEPT), f->src_at, NULL, &all,
              &f->src,
              N_("上级 + 本级 + 其他资金 differ from %s 收入总计"), t1->name);
}

/* ---- the count in the text ---- */

/* Does the text explain missing forms ("未做项目绩效目标表")? */
static int
gap_explained(const struct dc_doc *doc)
{
    static const char *no[] = {"未做", "未编制", "未填报", "未设置", "未申报",
                               "无需"};
    for (const struct dc_node *n = dc_node_first(doc->root); n;
         n = dc_node_next(n)) {
        if (n->type != DC_NODE_PARAGRAPH || !n->u.para.text ||
            !strstr(n->u.para.text, "绩效目标"))
            continue;
        for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
            if (strstr(n->u.para.text, no[i]))
                return 1;
    }
    return 0;
}

/* The number right before `word` in s (word follows its digits), with the
 * byte offset of the digits; 0 when there is none. */
static int
number_before(const char *s, const char *word, const char *after,
              struct dc_decimal *v, size_t *off)
{
    const char *p = after ? strstr(s, after) : s;
    if (!p)
        return 0;
    const char *w = strstr(p, word);
    if (!w)
        return 0;
    const char *b = w;
    while (b > p && ((b[-1] >= '0' && b[-1] <= '9') || b[-1] == '.'))
        b--;
    if (b == w)
        return 0;
    *off = (size_t)(b - s);
    return dc_decimal_parse(b, (size_t)(w - b), v);
}

/* Is v 表1's 收入总计 or 本年收入 (the budget a 部门整体 goal covers)? */
static int
is_budget_total(const struct ck_ctx *c, struct dc_decimal v)
{
    const struct ck_table *t1 = ck_role(c, CK_ROLE_SUMMARY);
    int ci = t1->node ? dc_tabledef_col(t1->def, "inc_item") : -1;
    const struct ck_row *tot = t1->node ? ck_total_row(t1) : NULL;
    struct dc_decimal x;
    if (!tot || ci < 0)
        return -1;
    if (ck_val(t1, tot, "inc_amount", &x, NULL) == 1 &&
        dc_decimal_cmp(x, v) == 0)
        return 1;
    for (int i = 0; i < t1->nrows; i++)
        if (strstr(t1->rows[i].text[ci], "本年收入") &&
            ck_val(t1, &t1->rows[i], "inc_amount", &x, NULL) == 1 &&
            dc_decimal_cmp(x, v) == 0)
            return 1;
    return 0;
}

/* Does `word` end just before p in the text s (never reading before s)? */
static int
preceded_by(const char *s, const char *p, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(p - s) >= n && memcmp(p - n, word, n) == 0;
}

/* "整体预算绩效目标1个，涉及金额90411万元；…项目0个，涉及预算金额0万
 *元": each count with its amount.  No goals cover no money and the other
 * way round; the department's own goal covers its whole budget (表1). */
static void
check_count_pairs(struct ck_ctx *c, const struct dc_node *n, int ndept)
{
    const char *s = n->u.para.text;
    for (const char *g = strstr(s, "个"); g; g = strstr(g + 3, "个")) {
        const char *b = g;
        while (b > s && b[-1] >= '0' && b[-1] <= '9')
            b--;
        struct dc_decimal cnt, amt;
        if (b == g || !dc_decimal_parse(b, (size_t)(g - b), &cnt))
            continue;
        /* the amount of the same clause: "，涉及[预算]金额N万元" */
        const char *m = strstr(g, "金额"), *e = strstr(g, "；");
        const char *e2 = strstr(g, "。");
        if (!e || (e2 && e2 < e))
            e = e2;
        if (!m || (e && m > e))
            continue;
        const char *a = m + strlen("金额");
        while (*a == ' ' || strncmp(a, "为", 3) == 0)
            a += *a == ' ' ? 1 : 3;
        const char *ae = a;
        while ((*ae >= '0' && *ae <= '9') || *ae == '.' || *ae == ',')
            ae++;
        if (ae == a || strncmp(dc_skip_space(ae), "万元", 6) != 0 ||
            !dc_decimal_parse(a, (size_t)(ae - a), &amt))
            continue;
        struct dc_node at;
        dc_node_copy(&at, n);
        at.col = n->col + (int)dc_utf8_len(s, (size_t)(a - s));
        struct dc_decimal zero = {0, 0};
        if (dc_decimal_is_zero(cnt) && !dc_decimal_is_zero(amt)) {
            ck_report_text(c, CK_PERF_COUNT, ck_sev(CK_PERF_COUNT), &at,
                           CK_SUBJ_TEXT, NULL, &zero, &amt,
                           N_("no goals (0个) cover no money"));
            continue;
        }
        if (!dc_decimal_is_zero(cnt) && dc_decimal_is_zero(amt)) {
            at.col = n->col + (int)dc_utf8_len(s, (size_t)(b - s));
            ck_report_text(c, CK_PERF_COUNT, ck_sev(CK_PERF_COUNT), &at,
                           CK_SUBJ_TEXT, NULL, &zero, &cnt,
                           N_("goals that cover no money (0万元) are none"));
            continue;
        }
        /* the words of the clause before the count */
        const char *w = b;
        while (w > s && !preceded_by(s, w, "；") && !preceded_by(s, w, "，") &&
               !preceded_by(s, w, "。"))
            w--;
        const char *z = strstr(w, "整体");
        struct dc_decimal forms = {ndept, 0};
        if (z && z < b && ndept && dc_decimal_cmp(cnt, forms) != 0) {
            at.col = n->col + (int)dc_utf8_len(s, (size_t)(b - s));
            ck_report_text(c, CK_PERF_COUNT, ck_sev(CK_PERF_COUNT), &at,
                           CK_SUBJ_TEXT, NULL, &forms, &cnt,
                           N_("the text counts another number of "
                              "部门整体绩效目标申报表 than the document "
                              "holds"));
            continue;
        }
        if (z && z < b && !dc_decimal_is_zero(amt) &&
            is_budget_total(c, amt) == 0) {
            const struct ck_table *t1 = ck_role(c, CK_ROLE_SUMMARY);
            struct dc_decimal all;
            ck_val(t1, ck_total_row(t1), "inc_amount", &all, NULL);
            ck_report_text(c, CK_PERF_COUNT, ck_sev(CK_PERF_COUNT), &at,
                           CK_SUBJ_TEXT, NULL, &all, &amt,
                           N_("the department's own 绩效目标 covers its "
                              "whole budget (%s 收入总计)"),
                           t1->name);
        }
    }
}

static void
check_count(struct ck_ctx *c, int nproj, int ndept, struct dc_decimal sum)
{
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type != DC_NODE_PARAGRAPH || !n->u.para.text)
            continue;
        const char *s = n->u.para.text;
        struct dc_decimal cnt, amt;
        size_t off, aoff;
        if (strstr(s, "绩效") && strstr(s, "金额"))
            check_count_pairs(c, n, ndept);
        /* "当年财政拨款项目27个，涉及预算金额1562.12万元" */
        if (!strstr(s, "绩效") || !strstr(s, "财政拨款项目") ||
            !number_before(s, "个", "财政拨款项目", &cnt, &off) ||
            cnt.scale)
            continue;
        const char *q = strstr(s, "财政拨款项目");
        if (preceded_by(s, q, "非"))
            continue;
        struct dc_node at;
        dc_node_copy(&at, n);
        at.col = n->col + (int)dc_utf8_len(s, off);
        struct dc_decimal have = {nproj, 0};
        int same = dc_decimal_cmp(cnt, have) == 0;
        if (!same)
            ck_report_text(c, CK_PERF_COUNT,
                           gap_explained(c->doc) ? DC_SEV_WARNING
                                                 : DC_SEV_ERROR,
                           &at, CK_SUBJ_TEXT, NULL, &have, &cnt,
                           gap_explained(c->doc)
                               ? N_("the text counts another number of "
                                    "项目支出绩效目标表 than the document "
                                    "holds (it says some were not made)")
                               : N_("the text counts another number of "
                                    "项目支出绩效目标表 than the document "
                                    "holds"));
        /* the amount of the forms, when they are all there */
        const char *rest = s + off;
        const char *e = strstr(rest, "。");
        const char *nf = strstr(rest, "非财政拨款");
        if (nf && (!e || nf < e))
            e = nf;
        if (same && number_before(rest, "万元", NULL, &amt, &aoff) &&
            (!e || rest + aoff < e) && dc_decimal_cmp(amt, sum) != 0) {
            at.col = n->col + (int)dc_utf8_len(s, off + aoff);
            ck_report_text(c, CK_PERF_COUNT, ck_sev(CK_PERF_COUNT), &at,
                           CK_SUBJ_TEXT, NULL, &sum, &amt,
                           N_("the text gives the 项目支出绩效目标表 another "
                              "total than their 年度预算总额"));
        }
        return;
    }
}

void
ck_rule_perf(struct ck_ctx *c)
{
    int nproj = 0, ndept = 0;
    struct dc_decimal sum = {0, 0};
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type != DC_NODE_TABLE ||
            (n->u.table.kind != DC_TABLE_FORM_PROJECT &&
             n->u.table.kind != DC_TABLE_FORM_DEPT))
            continue;
        struct form f;
        read_form(n, &f);
        check_weights(c, &f);
        if (n->u.table.kind == DC_TABLE_FORM_DEPT) {
            ndept++;
            check_dept(c, &f);
            continue;
        }
        nproj++;
        if (f.have_budget)
            sum = dc_decimal_add(sum, f.budget);
        check_project(c, &f);
    }
    check_count(c, nproj, ndept, sum);
}
