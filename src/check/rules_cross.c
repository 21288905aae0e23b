/* Rules across tables: the identities layouts/identities.xml declares
 * (domain notes §3, X1–X7), run by four generic engines: a vote per class,
 * a vote of the total rows, a match of two figures, codes within another
 * table's.  Nothing here knows a table by its number. */
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

/* ---- figures ---- */

/* One figure's say, in one class (cls) or in the total rows (cls NULL). */
struct vote {
    char what[192];  /* "表3 合计", "表5 + 表8 + 表9 基本支出" */
    const char *key; /* the column `at` stands in */
    struct dc_decimal v;
    const struct dc_node *at;
    int present; /* the table has the row */
    /* for what is worked out only when the vote disagrees: the figure and
     * where it was read (its first table; the class, or its first row) */
    const struct dc_idfigure *f;
    const struct ck_table *t0;
    const char *cls;
    const struct ck_row *row0;
    /* v is a sum, blamed on one of its cells: the rest of it, taken off
     * the figures the finding gives */
    struct dc_decimal rest;
};

static const struct ck_table *
part_table(const struct ck_ctx *c, const struct dc_idpart *p)
{
    const struct ck_table *t = ck_table_of_role(c, p->table);
    return t && t->node ? t : NULL;
}

/* "表N": as the document numbers the table, else as its layout does. */
static void
table_name(const struct ck_ctx *c, const char *role, char *buf, size_t n)
{
    const struct ck_table *t = ck_table_of_role(c, role);
    const struct dc_tabledef *d =
        t || !c->defs ? NULL : dc_tabledefs_role(c->defs, role);
    if (t)
        snprintf(buf, n, "%s", t->name);
    else
        snprintf(buf, n, "表%d", d ? d->number : 0);
}

/* The figure's name in messages: its tables, then its label (or the first
 * column's name from the header grid, or the code and name of its row). */
static void
name_figure(const struct ck_ctx *c, const struct dc_idfigure *f,
            const struct ck_row *code_row, struct vote *v)
{
    size_t l = 0;
    for (int i = 0; i < f->nparts; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++)
            seen |= strcmp(f->parts[j].table, f->parts[i].table) == 0;
        if (seen)
            continue;
        char nm[32];
        table_name(c, f->parts[i].table, nm, sizeof nm);
        l += (size_t)snprintf(v->what + l, sizeof v->what - l, "%s%s",
                              l ? " + " : "", nm);
        if (l >= sizeof v->what)
            return;
    }
    const struct dc_idpart *p = &f->parts[0];
    const struct ck_table *t = ck_table_of_role(c, p->table);
    const struct dc_tabledef *d = t ? t->def
                                  : c->defs
                                      ? dc_tabledefs_role(c->defs, p->table)
                                      : NULL;
    int col = d ? dc_tabledef_col(d, p->cols[0]) : -1;
    struct dc_buf b;
    dc_buf_init(&b);
    if (f->label)
        dc_buf_puts(&b, f->label);
    else if (p->code && code_row) {
        dc_buf_printf(&b, "%s ", p->code);
        struct dc_buf sq;
        dc_buf_init(&sq);
        dc_squeeze(code_row->label, &sq);
        dc_buf_puts(&b, sq.data ? sq.data : "");
        dc_buf_free(&sq);
    } else if (col >= 0 && d->col_names[col])
        dc_buf_puts(&b, d->col_names[col]);
    else
        dc_buf_puts(&b, p->cols[0]);
    snprintf(v->what + l, sizeof v->what - l, " %s", b.data);
    dc_buf_free(&b);
}

/* ---- rows by their labels (a part's row="…") ---- */

/* The outline depth of a label: 1 "一、…", 2 "1.…", 3 the rest; 0 blank. */
static int
depth_of(const char *s)
{
    if (!*s)
        return 0;
    if (*s >= '0' && *s <= '9')
        return 2;
    static const char *const nums[] = {"一", "二", "三", "四", "五",
                                       "六", "七", "八", "九", "十"};
    const char *p = s;
    for (int more = 1; more;) {
        more = 0;
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            if (strncmp(p, nums[i], 3) == 0) {
                p += 3;
                more = 1;
                break;
            }
    }
    return p > s && strncmp(p, "、", 3) == 0 ? 1 : 3;
}

/* Does label s hold every word of segment [seg, seg + n) ("财政拨款 !非财政":
 * 财政拨款 and not 非财政)? */
static int
segment_fits(const char *s, const char *seg, size_t n)
{
    char w[128];
    for (size_t i = 0; i < n;) {
        while (i < n && seg[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && seg[j] != ' ')
            j++;
        if (j == i)
            break;
        int neg = seg[i] == '!';
        snprintf(w, sizeof w, "%.*s", (int)(j - i - (size_t)neg),
                 seg + i + neg);
        if (!w[0] || (strstr(s, w) != NULL) == neg)
            return 0;
        i = j;
    }
    return 1;
}

/* The first text column: where a table's rows carry their labels. */
static int
text_col(const struct ck_table *t)
{
    for (int i = 0; i < t->def->ncols; i++)
        if (t->def->cols[i].role == DC_COL_TEXT)
            return i;
    return -1;
}

/* Does row i fit the path "A/B/C": C in its label, B in its parent's (the
 * nearest row above of a smaller depth), A in the grandparent's? */
static int
row_fits(const struct ck_table *t, int col, int i, const char *path)
{
    const char *end = path + strlen(path), *seg = end;
    int depth = 0;
    for (int k = i; k >= 0; k--) {
        const char *s = t->rows[k].text[col];
        int d = depth_of(s);
        if (!d || (k != i && d >= depth))
            continue;
        if (k == i && !d)
            return 0;
        seg = end;
        while (seg > path && seg[-1] != '/')
            seg--;
        if (!segment_fits(s, seg, (size_t)(end - seg)))
            return 0;
        if (seg == path)
            return 1;
        depth = d;
        end = seg - 1;
    }
    return 0;
}

/* ---- evaluating a figure ---- */

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

/* A figure that sums several columns of a class row, blamed, points at the
 * one column that does not add up over its 款 rows when the others do
 * (表2 216: 一般 228 agrees with its 款 rows, an empty 上级 does not). */
static void
blame_column(const struct ck_table *t, const struct dc_idpart *p,
             const char *cls, struct vote *v)
{
    int bad = -1;
    for (int k = 0; k < p->ncols; k++) {
        int a = class_adds_up(t, cls, p->cols[k]);
        if (a == -1 || (a == 0 && bad >= 0))
            return;
        if (a == 0)
            bad = k;
    }
    if (bad < 0)
        return;
    struct dc_decimal x;
    const struct dc_node *at;
    ck_class_val(t, cls, p->cols[bad], &x, &at);
    v->at = at;
    v->key = p->cols[bad];
    v->rest = dc_decimal_sub(v->v, x);
}

/* The value of part p in the class `cls` (or the total row when cls is
 * NULL); the first of its rows and whether they add up go to *v when
 * `first` is set.  Returns the number of rows read (0 when there is none). */
static int
eval_part(const struct ck_table *t, const struct dc_idpart *p, const char *cls,
          struct vote *v, int first, const struct ck_row **code_row)
{
    int n = 0;
    struct dc_decimal x;
    if (p->row || p->code) {
        int col = p->row ? text_col(t) : -1;
        for (int i = 0; i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            if (p->row ? col < 0 || !row_fits(t, col, i, p->row)
                       : r->total || strcmp(r->code, p->code) != 0)
                continue;
            for (int k = 0; k < p->ncols; k++) {
                ck_val(t, r, p->cols[k], &x, NULL);
                v->v = dc_decimal_add(v->v, x);
            }
            if (first && !n) {
                v->at = ck_at(t, r, p->cols[0]);
                v->row0 = r;
                if (code_row)
                    *code_row = r;
            }
            n++;
            if (p->code)
                break;
        }
        if (first && !n) {
            const struct ck_row *tot = ck_total_row(t);
            v->at = tot ? ck_at(t, tot, p->cols[0]) : t->node;
        }
        if (first)
            v->present = 1;
        return n;
    }
    if (!cls) {
        const struct ck_row *r = ck_total_row(t);
        if (!r) {
            if (first)
                v->at = t->node;
            return 0;
        }
        for (int k = 0; k < p->ncols; k++) {
            ck_effective(t, r, p->cols[k], &x);
            v->v = dc_decimal_add(v->v, x);
        }
        if (first) {
            v->present = 1;
            v->at = ck_at(t, r, p->cols[0]);
            v->row0 = r;
        }
        return 1;
    }
    const struct dc_node *at = NULL;
    for (int k = 0; k < p->ncols; k++) {
        int m = ck_class_val(t, cls, p->cols[k], &x, k ? NULL : &at);
        v->v = dc_decimal_add(v->v, x);
        if (!k)
            n = m;
    }
    if (first) {
        v->present = n > 0;
        v->at = n ? at : t->node;
    }
    return n;
}

static int
column_blank(const struct ck_table *t, const char *key)
{
    if (dc_tabledef_col(t->def, key) < 0)
        return 1;
    for (int i = 0; i < t->nrows; i++) {
        struct dc_decimal v;
        ck_val(t, &t->rows[i], key, &v, NULL);
        if (!dc_decimal_is_zero(v))
            return 0;
    }
    return 1;
}

/* Has figure f a say at all: its first table is there and its when-blank
 * column blank? */
static int
figure_usable(const struct ck_ctx *c, const struct dc_idfigure *f)
{
    const struct ck_table *t0 = part_table(c, &f->parts[0]);
    return t0 && (!f->when_blank || column_blank(t0, f->when_blank));
}

/* Figure f (usable) in class cls (NULL: the total rows) into *v; 0 when it
 * has no say: (optional, or `need_row`) its rows are not there. */
static int
eval_figure(const struct ck_ctx *c, const struct dc_idfigure *f,
            const char *cls, int need_row, struct vote *v)
{
    v->what[0] = '\0';
    v->v.units = 0;
    v->v.scale = 0;
    v->rest = v->v;
    v->at = NULL;
    v->present = 0;
    v->row0 = NULL;
    v->f = f;
    v->cls = cls;
    const struct ck_table *t0 = v->t0 = part_table(c, &f->parts[0]);
    v->key = f->parts[0].cols[0];
    const struct ck_row *code_row = NULL;
    for (int i = 0; i < f->nparts; i++) {
        const struct ck_table *t = i ? part_table(c, &f->parts[i]) : t0;
        if (!t)
            continue;
        int n = eval_part(t, &f->parts[i], cls, v, i == 0, &code_row);
        if (!n && (f->parts[i].row || f->parts[i].code) &&
            (f->optional || need_row))
            return 0;
    }
    if (f->nparts > 1)
        v->present = 1; /* a sum over tables: some may lack the row */
    else if (cls && v->present && f->parts[0].ncols > 1)
        blame_column(t0, &f->parts[0], cls, v);
    if (code_row)
        name_figure(c, f, code_row, v); /* the code row's name: now */
    return 1;
}

/* ---- the vote ---- */

static int
class_inconsistent(const struct ck_table *t, const char *cls)
{
    for (int i = 0; i < t->nrows; i++)
        if (!t->rows[i].total && t->rows[i].level == 1 &&
            strncmp(t->rows[i].code, cls, 3) == 0 &&
            !ck_row_consistent(t, &t->rows[i]))
            return 1;
    return 0;
}

/* Does the row the figure was read from (its class rows, its total row)
 * not add up?  Rows picked by label or code say nothing of it. */
static int
inconsistent(const struct vote *v)
{
    const struct dc_idpart *p = &v->f->parts[0];
    if (!v->t0 || p->row || p->code)
        return 0;
    if (v->cls)
        return class_inconsistent(v->t0, v->cls);
    return v->row0 && !ck_row_consistent(v->t0, v->row0);
}

/* The value most figures give wins (a tie goes to the earlier one); every
 * figure that differs is reported where it stands. */
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
    for (int i = 0; i < n; i++)
        if (!v[i].what[0])
            name_figure(c, v[i].f, NULL, &v[i]);
    /* two say different things: the one whose own row does not add up is
     * the likelier mistake */
    if (n == 2 && bestn == 1 && inconsistent(&v[0]) && !inconsistent(&v[1]))
        best = 1;
    char others[512] = "";
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
                      &v[i].v, N_("%s has no row %s, which %s give"), v[i].what,
                      row, others);
    }
}

/* Class codes (3 digits) of the tables of an identity's figures, sorted,
 * unique. */
static int
class_set(const struct ck_ctx *c, const struct dc_identity *id, char (*out)[4],
          int max)
{
    int n = 0;
    for (int f = 0; f < id->nfigs; f++)
        for (int p = 0; p < id->figs[f].nparts; p++) {
            const struct ck_table *t = part_table(c, &id->figs[f].parts[p]);
            for (int i = 0; t && i < t->nrows; i++) {
                const struct ck_row *r = &t->rows[i];
                if (r->total || r->level != 1)
                    continue;
                int dup = 0;
                for (int j = 0; j < n && !dup; j++)
                    dup = strncmp(out[j], r->code, 3) == 0;
                if (!dup && n < max)
                    snprintf(out[n++], 4, "%.3s", r->code);
            }
        }
    qsort(out, (size_t)n, sizeof out[0],
          (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Do the conditions of a class vote hold for class cls? */
static int
class_wanted(const struct ck_ctx *c, const struct dc_identity *id,
             const char *cls)
{
    for (int z = 0; z < id->nzero; z++)
        for (int p = 0; p < id->zero[z].nparts; p++) {
            const struct dc_idpart *pt = &id->zero[z].parts[p];
            const struct ck_table *t = part_table(c, pt);
            for (int k = 0; t && k < pt->ncols; k++) {
                struct dc_decimal x;
                ck_class_val(t, cls, pt->cols[k], &x, NULL);
                if (!dc_decimal_is_zero(x))
                    return 0;
            }
        }
    for (int e = 0; e < id->nequal; e++) {
        struct vote a, b;
        if (figure_usable(c, &id->equal[2 * e]) &&
            figure_usable(c, &id->equal[2 * e + 1]) &&
            eval_figure(c, &id->equal[2 * e], cls, 0, &a) &&
            eval_figure(c, &id->equal[2 * e + 1], cls, 0, &b) &&
            dc_decimal_cmp(a.v, b.v) != 0)
            return 0;
    }
    return 1;
}

static void
run_vote(struct ck_ctx *c, const struct dc_identity *id, enum ck_rule rule)
{
    struct vote v[DC_ID_MAX_FIGS];
    int usable[DC_ID_MAX_FIGS],
        nfigs = id->nfigs < DC_ID_MAX_FIGS ? id->nfigs : DC_ID_MAX_FIGS;
    for (int f = 0; f < nfigs; f++)
        usable[f] = figure_usable(c, &id->figs[f]);
    if (id->kind == DC_ID_TOTAL) {
        int n = 0;
        for (int f = 0; f < nfigs; f++)
            n += usable[f] && eval_figure(c, &id->figs[f], NULL, 0, &v[n]);
        agree(c, rule, "合计", v, n);
        return;
    }
    char cls[64][4];
    int ncls = class_set(c, id, cls, 64);
    for (int k = 0; k < ncls; k++) {
        if (!class_wanted(c, id, cls[k]))
            continue;
        int n = 0;
        for (int f = 0; f < nfigs; f++)
            n += usable[f] && eval_figure(c, &id->figs[f], cls[k], 0, &v[n]);
        agree(c, rule, cls[k], v, n);
    }
}

/* The first figure equals the second (rounded to its precision). */
static void
run_match(struct ck_ctx *c, const struct dc_identity *id, enum ck_rule rule)
{
    struct vote a, b;
    if (!figure_usable(c, &id->figs[0]) || !figure_usable(c, &id->figs[1]) ||
        !eval_figure(c, &id->figs[0], NULL, 1, &a) ||
        !eval_figure(c, &id->figs[1], NULL, 1, &b))
        return;
    struct dc_decimal ar = id->round ? dc_decimal_rescale(a.v, b.v.scale) : a.v;
    if (dc_decimal_cmp(ar, b.v) != 0)
        ck_report(c, rule, ck_sev(rule), a.at, a.key, &b.v, &a.v,
                  N_("disagrees with %s"), b.what);
}

static const struct ck_row *
find_code(const struct ck_table *t, const char *code)
{
    for (int i = 0; i < t->nrows; i++)
        if (!t->rows[i].total && strcmp(t->rows[i].code, code) == 0)
            return &t->rows[i];
    return NULL;
}

/* `within` gives row r another code of its 类 and level, one t lacks (that
 * one is reported), while a table of `confirm` lists r's code: one
 * mistake, within's (表3 223 08 for 表2's 02). */
static int
elsewhere(const struct ck_ctx *c, const struct dc_identity *id,
          const struct ck_table *t, const struct ck_table *w,
          const struct ck_row *r)
{
    int mirror = 0, confirmed = 0;
    for (int j = 0; id->nconfirm && j < w->nrows && !mirror; j++)
        mirror = !w->rows[j].total && w->rows[j].level == r->level &&
                 strncmp(w->rows[j].code, r->code, 3) == 0 &&
                 !find_code(t, w->rows[j].code);
    for (int k = 0; mirror && k < id->nconfirm && !confirmed; k++) {
        const struct ck_table *o = ck_table_of_role(c, id->confirm[k]);
        confirmed = o && o->node && find_code(o, r->code) != NULL;
    }
    return mirror && confirmed;
}

/* Every code of the identity's tables is one of `within`'s. */
static void
run_codes(struct ck_ctx *c, const struct dc_identity *id, enum ck_rule rule)
{
    const struct ck_table *w = ck_table_of_role(c, id->within);
    if (!w || !w->node)
        return;
    char name[32];
    table_name(c, id->within, name, sizeof name);
    for (int k = 0; k < id->ntables; k++) {
        const struct ck_table *t = ck_table_of_role(c, id->tables[k]);
        for (int i = 0; t && t->node && i < t->nrows; i++) {
            const struct ck_row *r = &t->rows[i];
            if (r->total || !r->code[0] || find_code(w, r->code) ||
                elsewhere(c, id, t, w, r))
                continue;
            enum dc_col_role want = r->level == 3   ? DC_COL_XIANG
                                    : r->level == 2 ? DC_COL_KUAN
                                                    : DC_COL_CLASS;
            const struct dc_node *at = r->node;
            for (int col = 0; !id->at_row && col < t->def->ncols; col++)
                if (t->def->cols[col].role == want && r->cell[col])
                    at = r->cell[col];
            ck_report(c, rule, ck_sev(rule), at, NULL, NULL, NULL,
                      N_("%s does not list this code"), name);
        }
    }
}

void
ck_rule_cross(struct ck_ctx *c)
{
    for (int i = 0; c->defs && i < c->defs->nids; i++) {
        const struct dc_identity *id = &c->defs->ids[i];
        int rule = ck_rule_by_id(id->rule);
        if (rule < 0)
            continue; /* dc_check_validate_defs reported it */
        switch (id->kind) {
        case DC_ID_CLASS:
        case DC_ID_TOTAL:
            run_vote(c, id, (enum ck_rule)rule);
            break;
        case DC_ID_MATCH:
            run_match(c, id, (enum ck_rule)rule);
            break;
        case DC_ID_CODES:
            run_codes(c, id, (enum ck_rule)rule);
            break;
        }
    }
}

/* ---- what the other tables say of one figure (rules_table.c) ---- */

/* Is figure f one column of one table, read where the vote reads? */
static int
simple(const struct dc_idfigure *f)
{
    return f->nparts == 1 && f->parts[0].ncols == 1 && !f->parts[0].row &&
           !f->parts[0].code && !f->when_blank;
}

int
ck_cross_status(const struct ck_ctx *c, const struct ck_table *t,
                const struct ck_row *r, const char *key)
{
    if ((!r->total && r->level != 1) || !t->def->role || !c->defs)
        return -1;
    int res = -1;
    struct dc_decimal mine, theirs;
    if (ck_val(t, r, key, &mine, NULL) != 1)
        return -1;
    for (int i = 0; i < c->defs->nids; i++) {
        const struct dc_identity *id = &c->defs->ids[i];
        if (id->kind != DC_ID_CLASS)
            continue;
        int me = -1;
        for (int f = 0; f < id->nfigs && me < 0; f++)
            if (simple(&id->figs[f]) &&
                strcmp(id->figs[f].parts[0].table, t->def->role) == 0 &&
                strcmp(id->figs[f].parts[0].cols[0], key) == 0)
                me = f;
        for (int f = 0; me >= 0 && f < id->nfigs; f++) {
            const struct dc_idpart *p = &id->figs[f].parts[0];
            const struct ck_table *o =
                f != me && simple(&id->figs[f]) ? part_table(c, p) : NULL;
            if (!o || o == t)
                continue;
            if (r->total) {
                const struct ck_row *ot = ck_total_row(o);
                if (!ot || ck_val(o, ot, p->cols[0], &theirs, NULL) != 1)
                    continue;
            } else if (!ck_class_val(o, r->code, p->cols[0], &theirs, NULL)) {
                continue;
            }
            if (dc_decimal_cmp(mine, theirs) != 0)
                return 0;
            res = 1;
        }
    }
    return res;
}
