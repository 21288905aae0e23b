/* Structure: one code with two names across the tables, numbering that
 * skips, a heading whose year is not the budget year. */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

struct named {
    char code[16];
    char *name; /* ck_norm_name */
    int table, line;
};

/* The name of a coded row: the name column, or the text after the code in
 * an item cell ("201 一般公共服务支出"). */
static const struct dc_node *
row_name_cell(const struct ck_table *t, const struct ck_row *r,
              const char **text)
{
    int col = dc_tabledef_col(t->def, "name");
    if (col < 0)
        col = dc_tabledef_col(t->def, "exp_item");
    if (col < 0 || ck_cell_empty(r->cell[col]))
        return NULL;
    const char *s = r->cell[col]->u.cell.text;
    if (t->def->cols[col].role == DC_COL_ITEM) {
        while (*s == ' ' || (*s >= '0' && *s <= '9'))
            s++;
    }
    *text = s;
    return r->cell[col];
}

void
ck_rule_code_names(struct ck_ctx *c)
{
    /* functional classification (all but 表6) and economic (表6) apart */
    static const enum ck_role func[] = {
        CK_ROLE_INCOME, CK_ROLE_EXPENSE, CK_ROLE_GENERAL, CK_ROLE_PROJECT,
        CK_ROLE_FUND,   CK_ROLE_SOE,     CK_ROLE_SUMMARY, CK_ROLE_FISCAL};
    struct dc_buf nm, raw;
    dc_buf_init(&nm);
    dc_buf_init(&raw);
    for (int pass = 0; pass < 2; pass++) {
        struct named *seen = NULL;
        size_t nseen = 0, cap = 0;
        int ntabs = pass == 0 ? 8 : 1;
        for (int k = 0; k < ntabs; k++) {
            const struct ck_table *t =
                ck_role(c, pass == 0 ? func[k] : CK_ROLE_GENERAL_BASIC);
            for (int i = 0; t->node && i < t->nrows; i++) {
                const struct ck_row *r = &t->rows[i];
                const char *text;
                const struct dc_node *cell;
                if (!r->code[0] || r->total ||
                    !(cell = row_name_cell(t, r, &text)))
                    continue;
                ck_norm_name(text, CK_NAME_ASIDES, &nm);
                if (!nm.len)
                    continue;
                size_t j;
                for (j = 0; j < nseen; j++)
                    if (strcmp(seen[j].code, r->code) == 0)
                        break;
                if (j == nseen) {
                    if (nseen == cap) {
                        cap = cap ? 2 * cap : 128;
                        seen = dc_xrealloc(seen, cap * sizeof *seen);
                    }
                    snprintf(seen[nseen].code, sizeof seen[nseen].code, "%s",
                             r->code);
                    seen[nseen].name = dc_xstrdup(nm.data);
                    seen[nseen].table = t->number;
                    seen[nseen].line = cell->line;
                    nseen++;
                    continue;
                }
                if (strcmp(seen[j].name, nm.data) != 0) {
                    ck_report(c, CK_CODE_NAME, ck_sev(CK_CODE_NAME), cell,
                              NULL, NULL, NULL,
                              N_("表%d (line %d) names this code \"%s\""),
                              seen[j].table, seen[j].line, seen[j].name);
                }
            }
        }
        for (size_t j = 0; j < nseen; j++)
            free(seen[j].name);
        free(seen);
    }
    dc_buf_free(&nm);
    dc_buf_free(&raw);
}

/* ---- numbering and heading years ---- */

static void
check_year(struct ck_ctx *c, const struct dc_node *n, const char *text)
{
    int year = c->doc->meta.year;
    if (year <= 0 || !text)
        return;
    if (strstr(text, "上年") || strstr(text, "截至") || strstr(text, "年底"))
        return;
    for (const char *p = text; *p; p++) {
        if (!(p[0] >= '0' && p[0] <= '9') || (p > text && p[-1] >= '0' &&
                                               p[-1] <= '9'))
            continue;
        int v = 0, k = 0;
        while (p[k] >= '0' && p[k] <= '9' && k < 5)
            v = v * 10 + (p[k] - '0'), k++;
        if (k != 4 || strncmp(p + 4, "年", 3) != 0)
            continue;
        if (v != year && v > 1900 && v < 2200) {
            struct dc_decimal e = {year, 0}, f = {v, 0};
            if (n->type == DC_NODE_TABLE)
                ck_report(c, CK_HEADING_YEAR, ck_sev(CK_HEADING_YEAR), n,
                          NULL, &e, &f,
                          N_("the title names another year than the budget's"));
            else
                ck_report_text(c, CK_HEADING_YEAR, ck_sev(CK_HEADING_YEAR), n,
                               CK_SUBJ_HEADING, text, &e, &f,
                               N_("the heading names another year than the "
                                  "budget's"));
        }
    }
}

void
ck_rule_numbering(struct ck_ctx *c)
{
    int last[4] = {0, 0, 0, 0};
    int last_table = 0;
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type == DC_NODE_PART) {
            memset(last, 0, sizeof last);
            check_year(c, n, n->u.part.title);
            continue;
        }
        if (n->type == DC_NODE_TABLE) {
            if (n->u.table.kind != DC_TABLE_NUMBERED)
                continue;
            check_year(c, n, n->u.table.title);
            int num = n->u.table.number;
            /* a missing table the parser reports; here only the order */
            if (num <= last_table) {
                struct dc_decimal e = {last_table + 1, 0}, f = {num, 0};
                ck_report(c, CK_NUMBERING, ck_sev(CK_NUMBERING), n, NULL, &e,
                          &f, N_("follows 表%d"), last_table);
            }
            last_table = num;
            continue;
        }
        if (n->type != DC_NODE_HEADING)
            continue;
        check_year(c, n, n->u.heading.title);
        int lv = n->u.heading.level, num = n->u.heading.number;
        if (lv < 1 || lv > 3 || num <= 0)
            continue;
        for (int k = lv + 1; k <= 3; k++)
            last[k] = 0;
        if (num != last[lv] + 1) {
            struct dc_decimal e = {last[lv] + 1, 0}, f = {num, 0};
            const char *nb = n->u.heading.numbering ? n->u.heading.numbering
                                                    : "";
            if (last[lv])
                ck_report_text(c, CK_NUMBERING, ck_sev(CK_NUMBERING), n,
                               CK_SUBJ_HEADING, nb, &e, &f,
                               N_("it follows number %d of the same level"),
                               last[lv]);
            else
                ck_report_text(c, CK_NUMBERING, ck_sev(CK_NUMBERING), n,
                               CK_SUBJ_HEADING, nb, &e, &f,
                               N_("the first heading of its level here; "
                                  "numbering starts at 1"));
        }
        last[lv] = num;
    }
}

/* ---- code order ---- */

/* The rows of a table come in the order of their codes: under one parent,
 * each 类, 款 or 项 code is larger than the one before it at its level.
 * Where a code is smaller than the one before (an inversion), one of the
 * two was mistyped: the one no other table gives, when the other is
 * given; else the earlier one when it is larger than the next two
 * ("30160" between 30103 and 30107, 30108), else the later one ("30110"
 * after 30111, before 30113).  A code equal to one before it is
 * code-dup's. */
static int
same_parent(const struct ck_row *a, const struct ck_row *b)
{
    size_t k = a->level == 3 ? 5 : a->level == 2 ? 3 : 0;
    return a->level == b->level && strncmp(a->code, b->code, k) == 0;
}

static const struct ck_row *
sibling(const struct ck_table *t, const struct ck_row *r, int i, int step)
{
    for (int j = i + step; j >= 0 && j < t->nrows; j += step) {
        const struct ck_row *o = &t->rows[j];
        if (o->total || !o->code[0])
            continue;
        if (o->level < r->level)
            return NULL; /* left the parent's block */
        if (same_parent(r, o))
            return o;
    }
    return NULL;
}

static int
repeats_earlier(const struct ck_table *t, const struct ck_row *r)
{
    for (const struct ck_row *o = t->rows; o < r; o++)
        if (!o->total && strcmp(o->code, r->code) == 0)
            return 1;
    return 0;
}

/* Does a table but t list `code` at r's level? */
static int
listed_elsewhere(const struct ck_ctx *c, const struct ck_table *t,
                 const struct ck_row *r)
{
    for (int k = 0; k < c->ntab; k++)
        for (int i = 0; &c->t[k] != t && c->t[k].node && i < c->t[k].nrows;
             i++)
            if (!c->t[k].rows[i].total &&
                c->t[k].rows[i].level == r->level &&
                strcmp(c->t[k].rows[i].code, r->code) == 0)
                return 1;
    return 0;
}

void
ck_rule_code_order(struct ck_ctx *c)
{
    for (int k = 0; k < c->ntab; k++) {
        const struct ck_table *t = &c->t[k];
        for (int i = 0; t->node && i < t->nrows; i++) {
            const struct ck_row *b = &t->rows[i];
            if (b->total || !b->code[0] || b->level < 1)
                continue;
            const struct ck_row *a = sibling(t, b, i, -1);
            if (!a || strcmp(a->code, b->code) <= 0)
                continue;
            const struct ck_row *n = sibling(t, b, i, 1);
            int la = listed_elsewhere(c, t, a);
            int lb = listed_elsewhere(c, t, b);
            const struct ck_row *w;
            if (la != lb)
                w = la ? b : a;
            else
                w = n && strcmp(a->code, n->code) > 0 ? a : b;
            const struct ck_row *o = w == a ? b : a;
            if (repeats_earlier(t, w))
                continue;
            int col = dc_tabledef_col(t->def, w->level == 3   ? "xiang"
                                              : w->level == 2 ? "kuan"
                                                              : "class");
            const struct dc_node *at =
                col >= 0 && w->cell[col] ? w->cell[col] : w->node;
            /* a code another table gives too is right: the rows are in
             * another order, which a reader minds less */
            if (listed_elsewhere(c, t, w))
                ck_report(c, CK_CODE_ORDER, DC_SEV_WARNING, at, NULL, NULL,
                          NULL,
                          w == a ? N_("the row comes before %s but its code "
                                      "is larger (rows out of order)")
                                 : N_("the row comes after %s but its code "
                                      "is smaller (rows out of order)"),
                          o->code);
            else
                ck_report(c, CK_CODE_ORDER, ck_sev(CK_CODE_ORDER), at, NULL,
                          NULL, NULL,
                          w == a ? N_("the code comes before %s but is "
                                      "larger: mistyped?")
                                 : N_("the code comes after %s but is "
                                      "smaller: mistyped?"),
                          o->code);
        }
    }
}
