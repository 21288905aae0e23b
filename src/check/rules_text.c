/* Text against tables: amounts quoted in part three, the 三公 explanation,
 * shares and growth rates recomputed, unit slips. */
#include "check_int.h"

#include <stdarg.h>

#include <stdlib.h>
#include <string.h>

enum unit { U_NONE, U_WAN, U_YUAN, U_PCT };

struct tok {
    size_t off, end; /* bytes of the number in the text */
    int cp;          /* code points before it */
    struct dc_decimal v;
    enum unit unit;
    int dir;      /* +1 增加/增长 just before, -1 减少/下降, 0 none */
    int share;    /* 占 just before */
    int sentence; /* index of the sentence */
};

static int
ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Length of s[0..n) without its trailing blanks. */
static size_t
trim_back(const char *s, size_t n)
{
    const char *t = dc_trim(s, &n);
    return (size_t)(t - s) + n;
}

static int
is_delim(const char *s, size_t n)
{
    /* full-width, 3 bytes each (label_before asks at every character) */
    static const char d[][4] = {"，", "。", "；", "：", "、"};
    if (n && strchr(",;:", s[n - 1]))
        return 1;
    for (size_t i = 0; n >= 3 && i < sizeof d / sizeof d[0]; i++)
        if (memcmp(s + n - 3, d[i], 3) == 0)
            return 3;
    return 0;
}

static int
ends_sentence(const char *s, size_t i)
{
    return strncmp(s + i, "。", 3) == 0 || strncmp(s + i, "；", 3) == 0 ||
           s[i] == ';' || s[i] == '\n';
}

static int
scan(const char *s, struct tok **out)
{
    size_t len = strlen(s), cap = 16;
    int n = 0, cp = 0, sent = 0;
    struct tok *v = dc_xmalloc(cap * sizeof *v);
    for (size_t i = 0; i < len;) {
        if (ends_sentence(s, i))
            sent++;
        if (!(s[i] >= '0' && s[i] <= '9') ||
            (i > 0 &&
             ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))) {
            uint32_t c;
            int k = dc_utf8_decode(s + i, len - i, &c);
            i += k > 0 ? (size_t)k : 1;
            cp++;
            continue;
        }
        size_t j = i;
        while (j < len && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j + 1 < len && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
            j++;
            while (j < len && s[j] >= '0' && s[j] <= '9')
                j++;
        }
        struct tok t;
        memset(&t, 0, sizeof t);
        t.off = i;
        t.end = j;
        t.cp = cp;
        t.sentence = sent;
        if (!dc_decimal_parse(s + i, j - i, &t.v)) {
            cp += (int)(j - i);
            i = j;
            continue;
        }
        size_t k = (size_t)(dc_skip_space(s + j) - s);
        if (strncmp(s + k, "万元", 6) == 0 || strncmp(s + k, "万", 3) == 0)
            t.unit = U_WAN;
        else if (strncmp(s + k, "元", 3) == 0)
            t.unit = U_YUAN;
        else if (s[k] == '%' || strncmp(s + k, "％", 3) == 0)
            t.unit = U_PCT;
        size_t b = trim_back(s, i);
        static const char *up[] = {"增加", "增长", "上升", "提高", "增"};
        static const char *down[] = {"减少", "下降", "降低", "减"};
        for (size_t q = 0; q < 5 && !t.dir; q++)
            if (ends_with(s, b, up[q]))
                t.dir = 1;
        for (size_t q = 0; q < 4 && !t.dir; q++)
            if (ends_with(s, b, down[q]))
                t.dir = -1;
        t.share = ends_with(s, b, "占");
        if (n == (int)cap)
            v = dc_xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = t;
        cp += (int)(j - i);
        i = j;
    }
    *out = v;
    return n;
}

/* The words just before token t, back to the previous delimiter, without
 * blanks, into buf. */
static void
label_before(const char *s, const struct tok *t, char *buf, size_t n)
{
    size_t e = trim_back(s, t->off), b = e;
    while (b > 0) {
        if (is_delim(s, b))
            break;
        b--;
        while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
    }
    struct dc_buf raw, sq;
    dc_buf_init(&raw);
    dc_buf_init(&sq);
    dc_buf_put(&raw, s + b, e - b);
    dc_squeeze(raw.data, &sq);
    snprintf(buf, n, "%s", sq.data);
    dc_buf_free(&raw);
    dc_buf_free(&sq);
}

/* The row of table t at `level` (0 = any) named `name`; NULL unless
 * exactly one. */
static const struct ck_row *
find_named(const struct ck_table *t, int level, const char *name)
{
    const struct ck_row *hit = NULL;
    struct dc_buf want;
    dc_buf_init(&want);
    ck_norm_name(name, CK_NAME_ASIDES, &want);
    int n = 0;
    const struct ck_name_ix *ix =
        want.len ? ck_name_ix_find(t->by_name, t->nrows, want.data, &n)
                 : NULL;
    for (int i = 0; i < n; i++) {
        const struct ck_row *r = &t->rows[ix[i].row];
        if (r->total || (level && r->level != level))
            continue;
        if (hit && strcmp(hit->code, r->code) != 0) {
            hit = NULL;
            break;
        }
        if (!hit)
            hit = r;
    }
    dc_buf_free(&want);
    return hit;
}

/* 表11's items are named loosely in the text ("征地与拆迁补偿款" for the
 * row 征地与拆迁补偿): the one row whose name holds the label or is held
 * by it, at least four characters long. */
static const struct ck_row *
find_containing(const struct ck_table *t, const char *label)
{
    const struct ck_row *hit = NULL;
    int many = 0;
    struct dc_buf want;
    dc_buf_init(&want);
    ck_norm_name(label, CK_NAME_ASIDES, &want);
    for (int i = 0; want.len >= 12 && t->node && i < t->nrows && !many;
         i++) {
        const struct ck_row *r = &t->rows[i];
        const char *have = r->norm_label;
        if (r->total || strlen(have) < 12 ||
            (!strstr(have, want.data) && !strstr(want.data, have)))
            continue;
        many = hit != NULL;
        hit = r;
    }
    dc_buf_free(&want);
    return many ? NULL : hit;
}

static int common_run(const char *a, const char *b);

/* How many characters in a row two names share when that is enough to
 * call one the other (6 or more and half the shorter name), else 0. */
static int
shared_run(const char *have, const char *want)
{
    int hl = (int)dc_utf8_len(have, strlen(have));
    int wl = (int)dc_utf8_len(want, strlen(want));
    int run = common_run(have, want);
    return run >= 6 && 2 * run >= (hl < wl ? hl : wl) ? run : 0;
}

/* The one row sharing the longest run with a name: offered each row's run
 * in turn, it keeps the best and the runner-up; the best stands only when
 * no other row shares as many. */
struct run_pick {
    int best, second;
    const struct ck_row *hit;
};

static void
run_pick_offer(struct run_pick *p, int run, const struct ck_row *r)
{
    if (run > p->best)
        p->second = p->best, p->best = run, p->hit = r;
    else if (run > p->second)
        p->second = run;
}

static const struct ck_row *
run_pick_winner(const struct run_pick *p)
{
    return p->best > p->second ? p->hit : NULL;
}

/* Failing those, the one row sharing the longest run of characters with
 * the label, at least 6 and half the shorter name ("提前下达2022年昌吉
 * 服务业发展资金" for the row "提前下达2022年服务业发展资金昌州财建
 * [2024]135号"). */
static const struct ck_row *
find_sharing(const struct ck_table *t, const char *label)
{
    struct run_pick pick = {0, 0, NULL};
    struct dc_buf want;
    dc_buf_init(&want);
    ck_norm_name(label, CK_NAME_ASIDES | CK_NAME_QUOTES, &want);
    for (int i = 0; t->node && i < t->nrows; i++) {
        const struct ck_row *r = &t->rows[i];
        if (!r->total)
            run_pick_offer(&pick, shared_run(r->norm_label_q, want.data), r);
    }
    dc_buf_free(&want);
    return run_pick_winner(&pick);
}

/* Is token i the amount a numbered item opens with ("8、X N万元，主要用于
 * …")?  Only there does a name that partly agrees stand for a row. */
static int
item_head(const char *s, const struct tok *tk, int i)
{
    const char *p = dc_skip_space(s);
    if (!(*p >= '0' && *p <= '9'))
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    if (strncmp(p, "、", 3) != 0 && strncmp(p, "．", 3) != 0 && *p != '.')
        return 0;
    for (int j = 1; j < i; j++) /* tk[0] is the item's number */
        if (tk[j].unit == U_WAN)
            return 0;
    return tk[i].unit == U_WAN;
}

/* A 项 row named `xiang` under a 款 named `kuan`. */
static const struct ck_row *
find_chain(const struct ck_table *t, const char *kuan, const char *xiang)
{
    const struct ck_row *hit = NULL;
    int many = 0;
    struct dc_buf wk, wx;
    dc_buf_init(&wk);
    dc_buf_init(&wx);
    ck_norm_name(kuan, CK_NAME_ASIDES, &wk);
    ck_norm_name(xiang, CK_NAME_ASIDES, &wx);
    int n = 0;
    const struct ck_name_ix *ix =
        ck_name_ix_find(t->by_name, t->nrows, wx.data, &n);
    for (int i = 0; i < n && !many; i++) {
        const struct ck_row *r = &t->rows[ix[i].row];
        const struct ck_row *k2 = r->kuan >= 0 ? &t->rows[r->kuan] : NULL;
        if (r->level != 3 || r->total || !k2 ||
            strcmp(k2->norm_name, wk.data) != 0 ||
            strncmp(r->code, k2->code, 5) != 0)
            continue;
        many = hit && strcmp(hit->code, r->code) != 0;
        hit = r;
    }
    dc_buf_free(&wk);
    dc_buf_free(&wx);
    return many ? NULL : hit;
}

/* Failing that, the one 项 row of the table named `xiang` whose 款 row
 * the text names only partly ("支持中小企业发展管理" for the row
 * "支持中小企业发展盒管理支出"). */
static const struct ck_row *
find_chain_loose(const struct ck_table *t, const char *kuan,
                 const char *xiang)
{
    const struct ck_row *r = find_named(t, 3, xiang), *k = NULL;
    for (int i = 0; r && i < t->nrows; i++)
        if (t->rows[i].level == 2 && strncmp(t->rows[i].code, r->code, 5) == 0)
            k = &t->rows[i];
    if (!k)
        return NULL;
    struct dc_buf b;
    dc_buf_init(&b);
    ck_norm_name(kuan, CK_NAME_ASIDES, &b);
    int ok = shared_run(k->norm_name, b.data) > 0;
    dc_buf_free(&b);
    return ok ? r : NULL;
}

struct para_ctx {
    struct ck_ctx *c;
    const struct dc_node *node;
    const char *text;
    enum ck_role subject; /* table the section explains, or none */
    const char *column; /* amount column of class lines (表4 by source) */
    struct dc_decimal anchor; /* amount before the last 其中 */
    int have_anchor;
    const struct tok *anchor_tok;
};

/* A finding at token t of the paragraph; `what` is what the text states
 * there (NULL: the text). */
static void __attribute__((format(printf, 8, 9)))
report_tok(struct para_ctx *p, enum ck_rule rule, enum dc_severity sev,
           const struct tok *t, const char *what, const struct dc_decimal *e,
           const struct dc_decimal *f, const char *reason, ...)
{
    struct dc_node at;
    dc_node_copy(&at, p->node);
    at.col = p->node->col + t->cp;
    va_list ap;
    va_start(ap, reason);
    ck_vreport_text(p->c, rule, sev, &at, CK_SUBJ_TEXT, what, e, f, reason,
                    ap);
    va_end(ap);
}

static void
compare(struct para_ctx *p, const struct tok *t, const struct ck_table *tab,
        const struct ck_row *r, const char *key, const char *what)
{
    struct dc_decimal v;
    if (!r || ck_effective(tab, r, key, &v) == 0)
        return;
    if (dc_decimal_cmp(v, t->v) == 0)
        return;
    struct dc_buf lab;
    dc_buf_init(&lab);
    dc_squeeze(r->label, &lab);
    report_tok(p, CK_TEXT_AMOUNT, ck_sev(CK_TEXT_AMOUNT), t, what, &v, &t->v,
               N_("disagrees with 表%d [%s%s%s] %s"), tab->number, r->code,
               r->code[0] && lab.len ? " " : "", lab.data,
               ck_col_name(tab, key));
    dc_buf_free(&lab);
}

static const char *
strip_prefix(const char *s)
{
    static const char *pre[] = {"其中", "包括"};
    for (size_t i = 0; i < 2; i++)
        if (strncmp(s, pre[i], strlen(pre[i])) == 0)
            s += strlen(pre[i]);
    return s;
}

/* 表11 lists items without codes: when the text disagrees with a row by
 * exactly what the rows miss of the 合计 row, the row's cell is wrong.
 * Reports it there and returns 1. */
static int
t11_blame(struct para_ctx *p, const struct tok *t, const struct ck_table *T,
          const struct ck_row *r)
{
    const struct ck_row *tot = ck_total_row(T);
    struct dc_decimal v, x, sum = {0, 0}, tv;
    if (!tot || !ck_effective(T, r, "total", &v) ||
        dc_decimal_cmp(v, t->v) == 0)
        return 0;
    for (int i = 0; i < T->nrows; i++)
        if (!T->rows[i].total) {
            ck_effective(T, &T->rows[i], "total", &x);
            sum = dc_decimal_add(sum, x);
        }
    ck_effective(T, tot, "total", &tv);
    if (dc_decimal_cmp(dc_decimal_sub(sum, tv), dc_decimal_sub(v, t->v)) != 0)
        return 0;
    /* the amount cell of the row that holds the value */
    const struct dc_node *at = r->node;
    const char *key = "total";
    for (int col = 0; col < T->def->ncols; col++) {
        struct dc_decimal cv;
        const struct dc_node *cell;
        if (T->def->cols[col].role != DC_COL_AMOUNT ||
            ck_val(T, r, T->def->cols[col].key, &cv, &cell) != 1 ||
            ck_cell_empty(cell) || dc_decimal_cmp(cv, v) != 0)
            continue;
        at = cell;
        key = T->def->cols[col].key;
        break;
    }
    ck_report(p->c, CK_TOTAL_ROW, ck_sev(CK_TOTAL_ROW), at, key, &t->v, &v,
              N_("disagrees with the text (line %d) and with the 合计 row"),
              p->node->line);
    return 1;
}

/* Keywords for the totals of the subject table. */
static void
text_totals(struct para_ctx *p, const struct tok *t, const char *lab)
{
    const struct ck_table *T = ck_role(p->c, p->subject);
    const struct ck_row *tot = ck_total_row(T);
    if (!tot)
        return;
    enum ck_role n = p->subject;
    const char *key = NULL;
    size_t l = strlen(lab);
    if (ends_with(lab, l, "基本支出"))
        key = n == CK_ROLE_GENERAL_BASIC                       ? "total"
              : (n == CK_ROLE_EXPENSE || n == CK_ROLE_GENERAL) ? "basic"
                                                               : NULL;
    else if (ends_with(lab, l, "项目支出"))
        key = n == CK_ROLE_PROJECT                             ? "total"
              : (n == CK_ROLE_EXPENSE || n == CK_ROLE_GENERAL) ? "project"
                                                               : NULL;
    else if (ends_with(lab, l, "人员经费"))
        key = n == CK_ROLE_GENERAL_BASIC ? "personnel" : NULL;
    else if (ends_with(lab, l, "公用经费"))
        key = n == CK_ROLE_GENERAL_BASIC ? "public" : NULL;
    else if ((ends_with(lab, l, "合计") &&
              (strcmp(lab, "合计") == 0 || strstr(lab, "预算") ||
               strstr(lab, "拨款"))) ||
             ends_with(lab, l, "支出预算") || ends_with(lab, l, "收入预算") ||
             ends_with(lab, l, "结转结余"))
        key = "total";
    if (!key &&
        (ends_with(lab, l, "预算支出") || ends_with(lab, l, "支出预算")) &&
        (n == CK_ROLE_EXPENSE || n == CK_ROLE_GENERAL || n == CK_ROLE_FUND ||
         n == CK_ROLE_SOE))
        key = "total";
    if (n == CK_ROLE_INCOME && !key) {
        if (strstr(lab, "上级一般公共预算"))
            key = "gen_up";
        else if (strstr(lab, "一般公共预算"))
            key = "gen";
        else if (strstr(lab, "上级政府性基金"))
            key = "fund_up";
        else if (strstr(lab, "政府性基金"))
            key = "fund";
        else if (strstr(lab, "上级国有资本"))
            key = "soe_up";
        else if (strstr(lab, "国有资本经营"))
            key = "soe";
    }
    /* "上年结转结余N万元，包括：财政拨款N万元" */
    if (n == CK_ROLE_CARRY && !key)
        key = ends_with(lab, l, "非财政拨款") ? "nonfin_subtotal"
              : ends_with(lab, l, "财政拨款") ? "fin_subtotal"
                                             : NULL;
    if (key && (n != CK_ROLE_FISCAL && n != CK_ROLE_SUMMARY))
        compare(p, t, T, tot, key, lab);
}

/* "…总预算 N万元": the whole budget (表1), or 表4's in its section;
 * "一般公共预算拨款 N万元" in 表4's section: its income line. */
static int
text_budget(struct para_ctx *p, const struct tok *t, const char *lab)
{
    size_t l = strlen(lab);
    const struct ck_table *T1 = ck_role(p->c, CK_ROLE_SUMMARY),
                          *T4 = ck_role(p->c, CK_ROLE_FISCAL);
    if (ends_with(lab, l, "总预算")) {
        const struct ck_table *T = p->subject == CK_ROLE_FISCAL ? T4 : T1;
        const struct ck_row *tot = T->node ? ck_total_row(T) : NULL;
        if (tot)
            compare(p, t, T, tot, T == T4 ? "inc_total" : "inc_amount", lab);
        return 1;
    }
    if (p->subject != CK_ROLE_FISCAL || !T4->node)
        return 0;
    static const char *words[] = {"一般公共预算拨款", "政府性基金预算拨款",
                                  "国有资本经营预算拨款"};
    static const char *keys[] = {"一般公共预算", "政府性基金", "国有资本"};
    int ci = dc_tabledef_col(T4->def, "inc_item");
    for (int w = 0; w < 3 && ci >= 0; w++) {
        if (!ends_with(lab, l, words[w]))
            continue;
        for (int i = 0; i < T4->nrows; i++) {
            const struct ck_row *r = &T4->rows[i];
            const char *b = r->text[ci];
            if (strstr(b, keys[w]) && !strstr(b, "、")) {
                compare(p, t, T4, r, "inc_total", lab);
                break;
            }
        }
        return 1;
    }
    return 0;
}

static void
text_amounts(struct para_ctx *p, struct tok *tk, int n)
{
    for (int i = 0; i < n && (!p->subject || p->subject == CK_ROLE_FISCAL);
         i++) {
        char lab[512];
        if (tk[i].unit != U_WAN || tk[i].dir)
            continue;
        label_before(p->text, &tk[i], lab, sizeof lab);
        if (!strstr(lab, "比上年") && !strstr(lab, "相比"))
            text_budget(p, &tk[i], strip_prefix(lab));
    }
    if (!p->subject || p->subject == CK_ROLE_SANGONG)
        return;
    const struct ck_table *T = ck_role(p->c, p->subject);
    if (!T->node)
        return;
    const char *s = p->text;
    for (int i = 0; i < n; i++) {
        struct tok *t = &tk[i];
        if (t->unit != U_WAN || t->dir ||
            (i > 0 && tk[i - 1].unit == U_NONE && tk[i - 1].end + 1 >= t->off))
            continue;
        char lab[512];
        label_before(s, t, lab, sizeof lab);
        if (strstr(lab, "比上年") || strstr(lab, "上年预算") ||
            strstr(lab, "相比"))
            continue;
        const char *l = strip_prefix(lab);
        if (p->subject == CK_ROLE_FISCAL && ends_with(l, strlen(l), "拨款"))
            continue;
        /* …（类）…（款）…（项）[：2025年预算数为] N万元 */
        size_t sb = t->off;
        while (sb > 0 && !ends_sentence(s, sb - 1) &&
               !(sb >= 3 && ends_sentence(s, sb - 3)))
            sb--;
        char sent[1024];
        size_t sl =
            t->off - sb < sizeof sent - 1 ? t->off - sb : sizeof sent - 1;
        memcpy(sent, s + sb, sl);
        sent[sl] = '\0';
        char *px = strstr(sent, "（项）");
        int first_after = 1;
        for (int j = i - 1; j >= 0 && px; j--)
            if (tk[j].off > sb + (size_t)(px - sent) && tk[j].unit == U_WAN)
                first_after = 0;
        if (px && first_after) {
            *px = '\0';
            char *pk = strstr(sent, "（款）");
            char *pc = strstr(sent, "（类）");
            if (pk && pc && pc < pk) {
                *pk = '\0';
                const char *kuan = pc + strlen("（类）");
                const char *xiang = pk + strlen("（款）");
                const struct ck_row *r = find_chain(T, kuan, xiang);
                if (!r)
                    r = find_chain_loose(T, kuan, xiang);
                if (r)
                    compare(p, t, T, r, "total", xiang);
            }
            continue;
        }
        /* "56、预备费（类）：2025年预算数为500万元": a 类 alone, its first
         * amount */
        char *pc1 = strstr(sent, "（类）");
        int first_in_class = pc1 && !strstr(sent, "（款）") &&
                             !ends_with(l, strlen(l), "（类）");
        for (int j = i - 1; j >= 0 && first_in_class; j--)
            if (tk[j].off > sb + (size_t)(pc1 - sent) && tk[j].unit != U_NONE)
                first_in_class = 0;
        if (first_in_class) {
            *pc1 = '\0';
            const char *nm = dc_skip_space(sent);
            while (*nm >= '0' && *nm <= '9')
                nm++;
            if (strncmp(nm, "、", 3) == 0 || strncmp(nm, "．", 3) == 0)
                nm += 3;
            else if (*nm == '.')
                nm++;
            const char *key1 = p->column ? p->column
                               : p->subject == CK_ROLE_FISCAL ? "exp_total"
                                                              : "total";
            compare(p, t, T, find_named(T, 1, nm), key1, nm);
            continue;
        }
        /* …（类）N万元 or a class name alone */
        size_t ll = strlen(l);
        const char *key = p->column                      ? p->column
                          : p->subject == CK_ROLE_FISCAL ? "exp_total"
                                                         : "total";
        if (ends_with(l, ll, "（类）")) {
            char nm[256];
            snprintf(nm, sizeof nm, "%.*s", (int)(ll - strlen("（类）")), l);
            compare(p, t, T, find_named(T, 1, nm), key, nm);
            continue;
        }
        const struct ck_row *r =
            find_named(T, p->subject == CK_ROLE_GENERAL_BASIC ? 0 : 1, l);
        if (r && (p->subject != CK_ROLE_CARRY)) {
            compare(p, t, T, r, key, l);
            continue;
        }
        if (p->subject == CK_ROLE_CARRY) {
            if ((r = find_named(T, 0, l)) != NULL ||
                (r = find_containing(T, l)) != NULL ||
                (item_head(s, tk, i) && (r = find_sharing(T, l)) != NULL)) {
                if (!t11_blame(p, t, T, r))
                    compare(p, t, T, r, "total", l);
                continue;
            }
        }
        text_totals(p, t, l);
    }
}

/* ---- shares and growth ---- */

/* Half a unit of the last decimal a value is printed with, at scale z
 * (>= its own): 5 at scale 1 for a whole 万元. */
static int64_t
half_unit(int scale, int z)
{
    int64_t h = 5;
    for (int k = scale + 1; k < z; k++)
        h *= 10;
    return h;
}

/* Could amounts that round to num and den (each printed with its own
 * decimals; den may be a sum or difference of `dterms` printed amounts)
 * give a rate that rounds to the stated t?  1 yes, 0 no. */
static int
pct_within_rounding(const struct tok *t, struct dc_decimal num,
                    struct dc_decimal den, int den_scale2, int dterms)
{
    int z = num.scale > den.scale ? num.scale : den.scale;
    z++;
    struct dc_decimal n = dc_decimal_rescale(num, z),
                      d = dc_decimal_rescale(den, z);
    int64_t hn = half_unit(num.scale, z);
    int64_t hd = half_unit(den.scale, z) +
                 (dterms > 1 ? half_unit(den_scale2, z) : 0);
    int sp = t->v.scale > 4 ? 4 : t->v.scale;
    struct dc_decimal pz = dc_decimal_rescale(t->v, sp + 1);
    int64_t hp = 5, scale100 = 100;
    for (int k = 0; k < sp + 1; k++)
        scale100 *= 10;
    if (d.units > 1000000000000LL || pz.units > 10000000LL ||
        n.units > 1000000000000LL)
        return 0;
    /* above the largest rate: (P − hp)(d − hd) > 100·10^(sp+1)·(n + hn) */
    if (d.units - hd > 0 &&
        (pz.units - hp) * (d.units - hd) > scale100 * (n.units + hn))
        return 0;
    /* below the smallest: (P + hp)(d + hd) < 100·10^(sp+1)·(n − hn) */
    if ((pz.units + hp) * (d.units + hd) < scale100 * (n.units - hn))
        return 0;
    return 1;
}

/* Compares a stated percentage with num/den*100 rounded to its precision.
 * A gap beyond 0.05 points is an error unless amounts that round to the
 * printed ones could give the stated rate (the rate was worked out from
 * amounts in 元, the text prints whole 万元): then a warning.  den_scale2
 * and dterms: den is a difference of two printed amounts (a growth's
 * amount and change: dterms 2, den_scale2 the second one's decimals). */
static void
grade_pct(struct para_ctx *p, enum ck_rule rule, const struct tok *t,
          struct dc_decimal num, struct dc_decimal den, int den_scale2,
          int dterms, const char *what)
{
    int s = t->v.scale > 2 ? 2 : t->v.scale;
    int S = num.scale > den.scale ? num.scale : den.scale;
    int within = pct_within_rounding(t, num, den, den_scale2, dterms);
    num = dc_decimal_rescale(num, S);
    den = dc_decimal_rescale(den, S);
    if (den.units <= 0 || num.units < 0)
        return;
    int64_t mul = 100;
    for (int k = 0; k < s; k++)
        mul *= 10;
    if (num.units > INT64_MAX / mul / 2)
        return;
    int64_t q = (num.units * mul * 2 + den.units) / (den.units * 2);
    struct dc_decimal want = {q, s};
    struct dc_decimal st = dc_decimal_rescale(t->v, s);
    int64_t gap = st.units - q;
    if (gap < 0)
        gap = -gap;
    /* gap in hundredths of a percentage point */
    int64_t g100 = gap;
    for (int k = s; k < 2; k++)
        g100 *= 10;
    if (g100 <= 1)
        return;
    enum dc_severity sev =
        g100 <= 5 || within ? DC_SEV_WARNING : DC_SEV_ERROR;
    if (g100 > 5 && within)
        report_tok(p, rule, sev, t, NULL, &want, &t->v,
                   N_("the stated percentage does not match the amounts it "
                      "is stated with (%s), though amounts that round to "
                      "them could give it"),
                   what);
    else if (rule == CK_TEXT_SHARE)
        report_tok(p, rule, sev, t, NULL, &want, &t->v,
                   N_("the stated share does not match the amounts it is "
                      "stated with (%s)"),
                   what);
    else
        report_tok(p, rule, sev, t, NULL, &want, &t->v,
                   N_("the stated rate does not match the amounts it is "
                      "stated with (%s)"),
                   what);
}

/* Does the sentence holding byte `off` open with one of `words` (after
 * blanks)?  "。占41.39%", "。与上年预算相比增加…" refer back to the amount
 * of the sentence before. */
static int
opens_with(const char *s, size_t off, const char *const *words, int nw)
{
    size_t b = off;
    while (b > 0 && !ends_sentence(s, b - 1) &&
           !(b >= 3 && ends_sentence(s, b - 3)))
        b--;
    b = (size_t)(dc_skip_space(s + b) - s);
    for (int i = 0; i < nw; i++)
        if (strncmp(s + b, words[i], strlen(words[i])) == 0)
            return 1;
    return 0;
}

/* The last amount (万元/元, no direction word) before token i in its
 * sentence, or in the sentence before when this one opens by referring
 * back; -1 if none.  Tokens at or before `floor` are not used. */
static int
amount_before(const char *s, const struct tok *tk, int i, int floor,
              const char *const *back, int nback)
{
    for (int j = i - 1; j > floor && tk[j].sentence == tk[i].sentence; j--)
        if ((tk[j].unit == U_WAN || tk[j].unit == U_YUAN) && !tk[j].dir)
            return j;
    if (!opens_with(s, tk[i].off, back, nback))
        return -1;
    for (int j = i - 1; j > floor && tk[j].sentence >= tk[i].sentence - 1; j--)
        if (tk[j].sentence == tk[i].sentence - 1 &&
            (tk[j].unit == U_WAN || tk[j].unit == U_YUAN) && !tk[j].dir)
            return j;
    return -1;
}

/* An amount followed by 其中 before the next number: a whole. */
static int
is_anchor(const char *s, const struct tok *tk, int nt, int i)
{
    if (tk[i].unit != U_WAN || tk[i].dir)
        return 0;
    const char *q = strstr(s + tk[i].end, "其中");
    const char *nx = i + 1 < nt ? s + tk[i + 1].off : s + strlen(s);
    if (!q || q >= nx)
        return 0;
    for (const char *x = s + tk[i].end; x < q; x++)
        if (ends_sentence(s, (size_t)(x - s)))
            return 0; /* "…万元。其中：" opens a list of the sentence before */
    return 1;
}

static void
text_rates(struct para_ctx *p, struct tok *tk, int n, struct dc_decimal whole,
           int have_whole)
{
    static const char *share_back[] = {"占"};
    static const char *growth_back[] = {"与上年", "比上年", "较上年", "占"};
    int consumed = -1; /* last token a growth statement used */
    for (int i = 0; i < n; i++) {
        struct tok *t = &tk[i];
        if (t->unit != U_PCT)
            continue;
        if (t->share) {
            int pi = amount_before(p->text, tk, i, -1, share_back, 1);
            if (pi < 0)
                continue;
            struct dc_decimal w = whole;
            int have = have_whole;
            for (int j = pi - 1; j >= 0; j--)
                if (is_anchor(p->text, tk, n, j)) {
                    w = tk[j].v;
                    have = 1;
                    break;
                }
            if (!have) {
                /* the part is the section's own total: share of the
                 * budget */
                const struct ck_table *t1 = ck_role(p->c, CK_ROLE_SUMMARY);
                const struct ck_row *tr = t1->node ? ck_total_row(t1) : NULL;
                if (!tr || ck_val(t1, tr, "inc_amount", &w, NULL) != 1 ||
                    dc_decimal_cmp(w, tk[pi].v) == 0)
                    continue;
            }
            char what[96];
            char a[32], b[32];
            ck_fmt(tk[pi].v, a, sizeof a);
            ck_fmt(w, b, sizeof b);
            snprintf(what, sizeof what, "%s / %s", a, b);
            grade_pct(p, CK_TEXT_SHARE, t, tk[pi].v, w, 0, 1, what);
            continue;
        }
        if (!t->dir)
            continue;
        int di = -1, ai = -1;
        for (int j = i - 1; j > consumed && tk[j].sentence == t->sentence;
             j--) {
            if (tk[j].unit != U_WAN && tk[j].unit != U_YUAN)
                continue;
            if (di < 0 && tk[j].dir) {
                di = j;
            } else if (di >= 0 && !tk[j].dir) {
                ai = j;
                break;
            }
        }
        if (di < 0)
            continue;
        if (ai < 0)
            ai = amount_before(p->text, tk, di, consumed, growth_back, 4);
        consumed = i;
        const struct tok *d = &tk[di];
        if (!dc_decimal_is_zero(d->v) && !dc_decimal_is_zero(t->v) &&
            d->dir != t->dir) {
            report_tok(p, CK_TEXT_DIRECTION, ck_sev(CK_TEXT_DIRECTION), t,
                       NULL, NULL, NULL,
                       d->dir > 0 ? N_("the amount rises but the rate says a "
                                       "fall")
                                  : N_("the amount falls but the rate says a "
                                       "rise"));
            continue;
        }
        if (dc_decimal_is_zero(d->v) && !dc_decimal_is_zero(t->v)) {
            struct dc_decimal zero = {0, 0};
            report_tok(p, CK_TEXT_GROWTH, ck_sev(CK_TEXT_GROWTH), t, NULL,
                       &zero, &t->v,
                       N_("the amount does not change (0), so neither does "
                          "its rate"));
            continue;
        }
        if (ai < 0)
            continue;
        struct dc_decimal prev = d->dir > 0 ? dc_decimal_sub(tk[ai].v, d->v)
                                            : dc_decimal_add(tk[ai].v, d->v);
        if (prev.units < 0) {
            char what[96], a[32];
            ck_fmt(d->v, a, sizeof a);
            snprintf(what, sizeof what, "%s", a);
            report_tok(p, CK_TEXT_GROWTH, ck_sev(CK_TEXT_GROWTH), d, NULL,
                       NULL, NULL,
                       N_("a rise of %s exceeds the amount it led to"), what);
            continue;
        }
        if (prev.units == 0) {
            struct dc_decimal hundred = {100, 0};
            if (!dc_decimal_is_zero(d->v) &&
                dc_decimal_cmp(t->v, hundred) != 0) {
                report_tok(p, CK_TEXT_GROWTH, ck_sev(CK_TEXT_GROWTH), t, NULL,
                           &hundred, &t->v,
                           N_("the amount is new (last year 0): a rise is "
                              "stated as 100%%"));
            }
            continue;
        }
        char what[128], a[32], b[32];
        ck_fmt(d->v, a, sizeof a);
        ck_fmt(prev, b, sizeof b);
        snprintf(what, sizeof what, "%s / %s", a, b);
        grade_pct(p, CK_TEXT_GROWTH, t, d->v, prev, tk[ai].v.scale, 2, what);
    }
}

/* "2024年预算数为…" in a 2025 budget */
static void
text_year(struct para_ctx *p, struct tok *tk, int n)
{
    int year = p->c->doc->meta.year;
    for (int i = 0; i < n && year > 0; i++) {
        const char *e = p->text + tk[i].end;
        if (tk[i].v.scale || tk[i].end - tk[i].off != 4 ||
            strncmp(e, "年预算", 9) != 0 || tk[i].v.units == year)
            continue;
        struct dc_decimal y = {year, 0};
        report_tok(p, CK_HEADING_YEAR, DC_SEV_WARNING, &tk[i], NULL, &y,
                   &tk[i].v,
                   N_("the budget's year is given as another year"));
    }
}

static void
unit_slips(struct para_ctx *p, struct tok *tk, int n)
{
    int wan = 0;
    for (int i = 0; i < n; i++)
        wan += tk[i].unit == U_WAN;
    if (!wan)
        return;
    for (int i = 0; i < n; i++) {
        if (tk[i].unit != U_YUAN || dc_decimal_is_zero(tk[i].v))
            continue;
        /* rates in 元 are meant: 每人每月500元, 标准100元/人 */
        char lab[512];
        label_before(p->text, &tk[i], lab, sizeof lab);
        const char *after = p->text + tk[i].end;
        while (*after == ' ')
            after++;
        if (strstr(lab, "每") || strstr(lab, "标准") || strstr(lab, "人均") ||
            strstr(lab, "单价") || strncmp(after, "元/", 4) == 0 ||
            strncmp(after, "元每", 6) == 0)
            continue;
        char what[64];
        ck_fmt(tk[i].v, what, sizeof what);
        report_tok(p, CK_UNIT_SLIP, ck_sev(CK_UNIT_SLIP), &tk[i], NULL, NULL,
                   NULL, N_("%s元 stands among amounts in 万元 (万元 meant?)"),
                   what);
    }
}

/* ---- the 三公 explanation against 表10 ---- */

/* "公务接待费增加1万元，增长5%": the item's amount this year is 表10's
 * when the sentence does not give it (text_rates grades those that do). */
static void
sangong_rates(struct para_ctx *p, const struct ck_table *T, int ci,
              const struct tok *tk, int n)
{
    static const char *back[] = {"与上年", "比上年", "较上年"};
    for (int i = 1; i < n; i++) {
        const struct tok *t = &tk[i], *d = &tk[i - 1];
        if (t->unit != U_PCT || !t->dir || d->unit != U_WAN || !d->dir ||
            d->sentence != t->sentence || dc_decimal_is_zero(d->v) ||
            opens_with(p->text, d->off, back, 3))
            continue;
        int stated = 0;
        for (int j = i - 2; j >= 0 && tk[j].sentence == t->sentence &&
                            tk[j].unit != U_PCT && !stated;
             j--)
            stated = (tk[j].unit == U_WAN || tk[j].unit == U_YUAN) &&
                     !tk[j].dir;
        char lab[512];
        label_before(p->text, d, lab, sizeof lab);
        int kind = strstr(lab, "三公") ? 0 : ck_t10_kind(lab);
        if (stated || kind < 0)
            continue;
        for (int r = 0; r < T->nrows; r++) {
            struct dc_decimal a;
            if (ck_t10_kind(T->rows[r].text[ci]) != kind ||
                ck_val(T, &T->rows[r], "total", &a, NULL) != 1)
                continue;
            struct dc_decimal prev = d->dir > 0 ? dc_decimal_sub(a, d->v)
                                                : dc_decimal_add(a, d->v);
            struct dc_decimal hundred = {100, 0};
            char what[128], x[32], y[32];
            ck_fmt(d->v, x, sizeof x);
            ck_fmt(prev, y, sizeof y);
            snprintf(what, sizeof what, "%s / %s", x, y);
            if (prev.units > 0)
                grade_pct(p, CK_TEXT_GROWTH, t, d->v, prev, a.scale, 2,
                          what);
            else if (prev.units == 0 && dc_decimal_cmp(t->v, hundred) != 0)
                report_tok(p, CK_TEXT_GROWTH, ck_sev(CK_TEXT_GROWTH), t, NULL,
                           &hundred, &t->v,
                           N_("the amount is new (last year 0): a rise is "
                              "stated as 100%%"));
            break;
        }
    }
}

static void
text_sangong(struct para_ctx *p, struct tok *tk, int n)
{
    const struct ck_table *T = ck_role(p->c, CK_ROLE_SANGONG);
    int ci = T->node ? dc_tabledef_col(T->def, "item") : -1;
    if (ci < 0)
        return;
    for (int i = 0; i < n; i++) {
        if (tk[i].unit != U_WAN || tk[i].dir)
            continue;
        char lab[512];
        label_before(p->text, &tk[i], lab, sizeof lab);
        if (strstr(lab, "比上年") || strstr(lab, "增") || strstr(lab, "减") ||
            strstr(lab, "每"))
            continue;
        int kind = strstr(lab, "三公") ? 0 : ck_t10_kind(lab);
        if (kind < 0)
            continue;
        for (int r = 0; r < T->nrows; r++) {
            if (ck_t10_kind(T->rows[r].text[ci]) != kind)
                continue;
            struct dc_decimal v;
            ck_val(T, &T->rows[r], "total", &v, NULL);
            if (dc_decimal_cmp(v, tk[i].v) != 0) {
                const char *row = T->rows[r].text[ci];
                report_tok(p, CK_TEXT_SANGONG, ck_sev(CK_TEXT_SANGONG), &tk[i],
                           row, &v, &tk[i].v,
                           N_("the 三公 explanation disagrees with %s"),
                           T->name);
            }
            break;
        }
    }
    sangong_rates(p, T, ci, tk, n);
}

/* The table a heading of part three explains, by its words. */
static enum ck_role
subject_of(const char *title)
{
    if (!title)
        return CK_ROLE_NONE;
    if (strstr(title, "三公"))
        return CK_ROLE_SANGONG;
    if (strstr(title, "结转结余"))
        return CK_ROLE_CARRY;
    if (strstr(title, "基本支出"))
        return CK_ROLE_GENERAL_BASIC;
    if (strstr(title, "项目支出"))
        return CK_ROLE_PROJECT;
    if (strstr(title, "财政拨款收支"))
        return CK_ROLE_FISCAL;
    if (strstr(title, "一般公共预算"))
        return CK_ROLE_GENERAL;
    if (strstr(title, "政府性基金"))
        return CK_ROLE_FUND;
    if (strstr(title, "国有资本经营"))
        return CK_ROLE_SOE;
    if (strstr(title, "收入预算"))
        return CK_ROLE_INCOME;
    if (strstr(title, "支出预算"))
        return CK_ROLE_EXPENSE;
    return CK_ROLE_NONE;
}

/* A heading that opens a section of part three: an 一、 heading, or one
 * numbered like a lower level that names a section all the same ("11、
 * 关于…上年结转结余预算情况说明" where 十一、 was meant). */
static int
section_heading(const struct dc_node *n)
{
    if (n->u.heading.level == 1)
        return 1;
    const char *t = n->u.heading.title ? dc_skip_space(n->u.heading.title)
                                       : "";
    return strncmp(t, "关于", strlen("关于")) == 0 && strstr(t, "情况说明");
}

void
ck_rule_text(struct ck_ctx *c)
{
    int part = 0;
    enum ck_role subject = CK_ROLE_NONE;
    struct dc_decimal anchor = {0, 0};
    int have_anchor = 0;
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type == DC_NODE_PART) {
            part = n->u.part.number;
            subject = CK_ROLE_NONE;
            have_anchor = 0;
            continue;
        }
        if (n->type == DC_NODE_HEADING && section_heading(n)) {
            subject = part == 3 ? subject_of(n->u.heading.title) : CK_ROLE_NONE;
            have_anchor = 0;
            continue;
        }
        if (n->type != DC_NODE_PARAGRAPH || !n->u.para.text)
            continue;
        struct tok *tk;
        const char *s = n->u.para.text;
        int nt = scan(s, &tk);
        struct para_ctx p = {
            c, n, s, part >= 3 ? subject : CK_ROLE_NONE, NULL, {0, 0}, 0, NULL};
        if (p.subject == CK_ROLE_FISCAL) {
            struct dc_buf b;
            dc_buf_init(&b);
            dc_squeeze(s, &b);
            if (strncmp(b.data, "一般公共预算支出", 24) == 0)
                p.column = "gen";
            else if (strncmp(b.data, "政府性基金预算支出", 27) == 0)
                p.column = "fund";
            else if (strncmp(b.data, "国有资本经营预算支出", 30) == 0)
                p.column = "soe";
            dc_buf_free(&b);
        }
        /* the whole a share refers to: the amount before the last 其中
         * (text_rates looks for one in this paragraph first) */
        struct dc_decimal whole = anchor;
        int have_whole = have_anchor;
        for (int i = 0; i < nt; i++)
            if (is_anchor(s, tk, nt, i)) {
                anchor = tk[i].v;
                have_anchor = 1;
            }
        if (part >= 3) {
            text_rates(&p, tk, nt, whole, have_whole);
            if (p.subject == CK_ROLE_SANGONG)
                text_sangong(&p, tk, nt);
            else
                text_amounts(&p, tk, nt);
        }
        unit_slips(&p, tk, nt);
        if (part >= 3)
            text_year(&p, tk, nt);
        free(tk);
    }
}

/* ---- part three 七: the projects against 表7 ---- */

/* Name for matching projects: no blanks, no quotes or book-title marks, no
 * trailing punctuation, 其它 = 其他. */
static void
proj_norm(const char *s, struct dc_buf *out)
{
    ck_norm_name(s, CK_NAME_QUOTES, out);
    for (;;) {
        int k = is_delim(out->data, out->len);
        if (out->len && out->data[out->len - 1] == '.')
            k = 1;
        else if (ends_with(out->data, out->len, "。"))
            k = 3;
        if (!k)
            break;
        out->data[out->len -= (size_t)k] = '\0';
    }
}

struct project {
    char *name; /* proj_norm */
    const struct dc_node *scale_node;
    int scale_cp; /* code points before the amount */
    struct dc_decimal scale;
    int have_scale;
    char code[8];             /* a 7-digit code the block mentions */
    const struct ck_row *row; /* its 表7 row, or NULL */
    const struct dc_node *alloc; /* its 资金分配情况 paragraph, or NULL */
};

/* "1、项目名称：X" → X (after the colon); NULL when not a project line. */
static const char *
project_name(const char *s)
{
    s = dc_skip_space(s);
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == s)
        return NULL;
    if (strncmp(p, "、", 3) == 0 || strncmp(p, "．", 3) == 0)
        p += 3;
    else if (*p == '.')
        p++;
    else
        return NULL;
    while (*p == ' ')
        p++;
    if (strncmp(p, "项目名称", 12) != 0)
        return NULL;
    p += 12;
    while (*p == ' ')
        p++;
    if (strncmp(p, "：", 3) == 0)
        p += 3;
    else if (*p == ':')
        p++;
    return p;
}

/* "预算安排规模：206万元" / "预算规模安排：…" / "预算规模：…": the amount. */
static int
project_scale(const char *s, struct dc_decimal *v, int *cp)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_squeeze(s, &b);
    int is = strncmp(b.data, "预算", 6) == 0 && strstr(b.data, "规模");
    dc_buf_free(&b);
    if (!is)
        return 0;
    const char *colon = strstr(s, "：");
    const char *c2 = strchr(s, ':');
    if (!colon || (c2 && c2 < colon))
        colon = c2;
    if (!colon || strstr(s, "规模") > colon)
        return 0;
    const char *p = colon;
    while (*p && !(*p >= '0' && *p <= '9'))
        p++;
    const char *e = p;
    while ((*e >= '0' && *e <= '9') || *e == '.')
        e++;
    const char *u = e;
    while (*u == ' ')
        u++;
    if (e == p || strncmp(u, "万元", 6) != 0 ||
        !dc_decimal_parse(p, (size_t)(e - p), v))
        return 0;
    *cp = (int)dc_utf8_len(s, (size_t)(p - s));
    return 1;
}

/* Is token t of s an amount of money: N万元, or N万 standing before a
 * delimiter ("安全生产专项700万、"), not "年产1万屯"? */
static int
money_tok(const char *s, const struct tok *t)
{
    if (t->unit != U_WAN || t->dir)
        return 0;
    const char *u = dc_skip_space(s + t->end);
    if (strncmp(u, "万元", 6) == 0)
        return 1;
    u += 3; /* 万 */
    static const char *d[] = {"，", "。", "；", "：", "、", "）"};
    if (!*u || strchr(",;:. )", *u))
        return 1;
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (strncmp(u, d[i], strlen(d[i])) == 0)
            return 1;
    return 0;
}

/* The amounts a 资金分配情况 paragraph distributes: their sum in *sum,
 * and in *whole one of three or more that is the sum of the others
 * ("合计…N万元" after its items, "N万元，其中…"), else *sum too.  Returns
 * the number of amounts; *first gets the first one's token. */
static int
alloc_sum(const char *s, struct dc_decimal *sum, struct dc_decimal *whole,
          struct tok *first)
{
    struct tok *tk;
    int nt = scan(s, &tk), n = 0;
    struct dc_decimal all = {0, 0};
    for (int i = 0; i < nt; i++)
        if (money_tok(s, &tk[i])) {
            if (!n++)
                *first = tk[i];
            all = dc_decimal_add(all, tk[i].v);
        }
    *sum = *whole = all;
    for (int i = 0; n >= 3 && i < nt; i++)
        if (money_tok(s, &tk[i]) &&
            dc_decimal_cmp(dc_decimal_sub(all, tk[i].v), tk[i].v) == 0) {
            *whole = tk[i].v;
            break;
        }
    free(tk);
    return n;
}

/* sum at the decimals of `scale` (rounded when it has more). */
static struct dc_decimal
at_scale_of(struct dc_decimal sum, struct dc_decimal scale)
{
    return sum.scale > scale.scale ? dc_decimal_rescale(sum, scale.scale)
                                   : sum;
}

/* Each project's 资金分配情况 against its 预算安排规模 (at the 规模's
 * decimals: items of 5.67 and 4.94 make 11).  When the 规模 disagrees
 * with 表7 and the items give 表7's figure, text-project has blamed the
 * 规模 already. */
static void
project_alloc(struct ck_ctx *c, const struct ck_table *T,
              const struct project *pr)
{
    struct dc_decimal sum, whole, t7;
    struct tok first = {0};
    if (!pr->have_scale || !pr->alloc ||
        !alloc_sum(pr->alloc->u.para.text, &sum, &whole, &first))
        return;
    /* either reading, items alone or a whole with its parts, may fit */
    struct dc_decimal got = at_scale_of(sum, pr->scale);
    if (dc_decimal_cmp(got, pr->scale) == 0 ||
        dc_decimal_cmp(at_scale_of(whole, pr->scale), pr->scale) == 0)
        return;
    if (pr->row && ck_val(T, pr->row, "total", &t7, NULL) == 1 &&
        dc_decimal_cmp(t7, pr->scale) != 0 && dc_decimal_cmp(t7, got) == 0)
        return;
    struct dc_node at;
    dc_node_copy(&at, pr->alloc);
    at.col = pr->alloc->col + first.cp;
    ck_report_text(c, CK_TEXT_ALLOC, ck_sev(CK_TEXT_ALLOC), &at, CK_SUBJ_TEXT,
                   pr->name, &pr->scale, &sum,
                   N_("the amounts of the project's 资金分配情况 add up to "
                      "another amount than its 预算安排规模 (line %d)"),
                   pr->scale_node->line);
}

/* The longest run of characters two names share, in characters. */
static int
common_run(const char *a, const char *b)
{
    uint32_t x[128], y[128];
    int nx = 0, ny = 0, best = 0;
    for (size_t i = 0, l = strlen(a); i < l && nx < 128;) {
        int k = dc_utf8_decode(a + i, l - i, &x[nx]);
        i += (size_t)(k > 0 ? k : 1);
        nx++;
    }
    for (size_t i = 0, l = strlen(b); i < l && ny < 128;) {
        int k = dc_utf8_decode(b + i, l - i, &y[ny]);
        i += (size_t)(k > 0 ? k : 1);
        ny++;
    }
    int run[129] = {0}; /* run[j]: common run ending at x[i-1], y[j-1] */
    for (int i = 1; i <= nx; i++)
        for (int j = ny; j >= 1; j--) {
            run[j] = x[i - 1] == y[j - 1] ? run[j - 1] + 1 : 0;
            if (run[j] > best)
                best = run[j];
        }
    return best;
}

/* 表7's project names, proj_norm'd once ("" for a total row or an empty
 * cell), by row and sorted (ck_name_ix_sort). */
struct t7_names {
    int pc; /* the project_name column, or -1 */
    char **by_row;
    struct ck_name_ix *ix;
};

static void
t7_names_init(struct t7_names *nm, const struct ck_table *T)
{
    nm->pc = T->node ? dc_tabledef_col(T->def, "project_name") : -1;
    nm->by_row = dc_xcalloc((size_t)(T->nrows ? T->nrows : 1),
                            sizeof *nm->by_row);
    nm->ix = dc_xcalloc((size_t)(T->nrows ? T->nrows : 1), sizeof *nm->ix);
    struct dc_buf b;
    dc_buf_init(&b);
    for (int i = 0; i < T->nrows; i++) {
        const struct ck_row *r = &T->rows[i];
        dc_buf_clear(&b);
        if (nm->pc >= 0 && !r->total && !ck_cell_empty(r->cell[nm->pc]))
            proj_norm(r->cell[nm->pc]->u.cell.text, &b);
        nm->by_row[i] = dc_xstrdup(b.data ? b.data : "");
        nm->ix[i].name = nm->by_row[i];
        nm->ix[i].row = i;
    }
    ck_name_ix_sort(nm->ix, T->nrows);
    dc_buf_free(&b);
}

static void
t7_names_free(struct t7_names *nm, const struct ck_table *T)
{
    for (int i = 0; i < T->nrows; i++)
        free(nm->by_row[i]);
    free(nm->by_row);
    free(nm->ix);
}

static int
t7_match_row(const struct ck_table *T, const struct t7_names *nm,
             const struct project *pr, const struct ck_row **out)
{
    int pc = nm->pc;
    if (pc < 0)
        return 0;
    const struct ck_row *hit = NULL;
    int nhit = 0;
    /* a code the text names */
    for (int i = 0; pr->code[0] && i < T->nrows; i++)
        if (!T->rows[i].total && strcmp(T->rows[i].code, pr->code) == 0 &&
            !ck_cell_empty(T->rows[i].cell[pc]))
            hit = &T->rows[i], nhit++;
    /* the same name (by the index: the last row of that name), then one
     * name inside the other (4 characters or more), then names that only
     * partly agree ("2024年自治区乌-昌-石区域大气环境整治奖补资金、清洁
     * 能源替代项目资金" and "143号2024年自治区…奖补资金等"): the row
     * sharing the longest run of characters, at least 6 of them and half
     * the shorter name, when no other row shares as many */
    if (nhit == 0 && pr->name[0]) {
        const struct ck_name_ix *ix =
            ck_name_ix_find(nm->ix, T->nrows, pr->name, &nhit);
        if (nhit)
            hit = &T->rows[ix[nhit - 1].row];
    }
    int len = (int)dc_utf8_len(pr->name, strlen(pr->name));
    for (int tier = 1; tier < 3 && nhit == 0; tier++) {
        struct run_pick pick = {0, 0, NULL};
        for (int i = 0; i < T->nrows; i++) {
            const struct ck_row *r = &T->rows[i];
            const char *have = nm->by_row[i];
            if (!have[0])
                continue;
            if (tier == 2) {
                run_pick_offer(&pick, shared_run(have, pr->name), r);
                continue;
            }
            int hl = (int)dc_utf8_len(have, strlen(have));
            if (hl >= 4 && len >= 4 &&
                (strstr(have, pr->name) || strstr(pr->name, have)))
                hit = r, nhit++;
        }
        if (tier == 2 && run_pick_winner(&pick))
            hit = pick.hit, nhit = 1;
    }
    *out = nhit == 1 ? hit : NULL;
    return nhit == 1;
}

void
ck_rule_projects(struct ck_ctx *c)
{
    int part = 0, in7 = 0, np = 0, cap = 0;
    struct project *pv = NULL;
    struct dc_buf nb;
    dc_buf_init(&nb);
    const struct dc_node *intro[16], *head7 = NULL;
    int nintro = 0;
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type == DC_NODE_PART) {
            part = n->u.part.number;
            in7 = 0;
            continue;
        }
        if (n->type == DC_NODE_HEADING && n->u.heading.level == 1) {
            in7 =
                part == 3 && subject_of(n->u.heading.title) == CK_ROLE_PROJECT;
            if (in7 && !head7)
                head7 = n;
            continue;
        }
        if (!in7 || n->type != DC_NODE_PARAGRAPH || !n->u.para.text)
            continue;
        const char *s = n->u.para.text;
        const char *nm = project_name(s);
        if (nm) {
            if (np == cap)
                pv = dc_xrealloc(pv, (size_t)(cap = cap ? 2 * cap : 16) *
                                         sizeof *pv);
            memset(&pv[np], 0, sizeof pv[np]);
            proj_norm(nm, &nb);
            pv[np].name = dc_xstrdup(nb.data);
            np++;
            continue;
        }
        if (!np) {
            if (nintro < 16)
                intro[nintro++] = n;
            continue;
        }
        struct project *pr = &pv[np - 1];
        struct dc_decimal v;
        int cp;
        if (!pr->have_scale && project_scale(s, &v, &cp)) {
            pr->have_scale = 1;
            pr->scale = v;
            pr->scale_node = n;
            pr->scale_cp = cp;
        }
        if (!pr->alloc) {
            dc_squeeze(s, &nb);
            if (strncmp(nb.data, "资金分配", strlen("资金分配")) == 0)
                pr->alloc = n;
        }
        /* a 项 code in the block: 7 digits standing alone */
        for (const char *q = s; *q && !pr->code[0]; q++) {
            size_t k = 0;
            while (q[k] >= '0' && q[k] <= '9')
                k++;
            if (k == 7 && (q == s || !(q[-1] >= '0' && q[-1] <= '9')) &&
                q[0] == '2')
                memcpy(pr->code, q, 7);
            if (k)
                q += k - 1;
        }
    }
    const struct ck_table *T = ck_role(c, CK_ROLE_PROJECT);
    /* each project against its 表7 row; a row two projects claim is no
     * confident match */
    struct t7_names names;
    t7_names_init(&names, T);
    for (int i = 0; i < np; i++)
        if (pv[i].have_scale)
            t7_match_row(T, &names, &pv[i], &pv[i].row);
    t7_names_free(&names, T);
    for (int i = 0; i < np; i++) {
        if (!pv[i].row)
            continue;
        int dup = 0;
        for (int j = 0; j < np; j++)
            dup |= j != i && pv[j].row == pv[i].row;
        struct dc_decimal tv;
        if (dup || ck_val(T, pv[i].row, "total", &tv, NULL) != 1 ||
            dc_decimal_cmp(tv, pv[i].scale) == 0)
            continue;
        struct dc_node at;
        dc_node_copy(&at, pv[i].scale_node);
        at.col = pv[i].scale_node->col + pv[i].scale_cp;
        const char *row =
            pv[i].row->text[dc_tabledef_col(T->def, "project_name")];
        ck_report_text(c, CK_TEXT_PROJECT, ck_sev(CK_TEXT_PROJECT), &at,
                       CK_SUBJ_TEXT, pv[i].name, &tv, &pv[i].scale,
                       N_("the project's 规模 disagrees with %s [%s %s]"),
                       T->name, ck_row_name(pv[i].row), row);
    }
    for (int i = 0; i < np; i++)
        project_alloc(c, T, &pv[i]);
    /* a count and a total stated before the list */
    struct dc_decimal sum = {0, 0};
    int nscale = 0;
    for (int i = 0; i < np; i++)
        if (pv[i].have_scale)
            sum = dc_decimal_add(sum, pv[i].scale), nscale++;
    /* the list against 表7's 合计: it cannot hold more, and when it names
     * as many projects as 表7 has, it holds the same */
    const struct ck_row *t7tot = T->node ? ck_total_row(T) : NULL;
    struct dc_decimal t7v;
    int pc = T->node ? dc_tabledef_col(T->def, "project_name") : -1;
    if (head7 && np >= 2 && nscale == np && t7tot && pc >= 0 &&
        ck_val(T, t7tot, "total", &t7v, NULL) == 1) {
        int nrows7 = 0;
        for (int i = 0; i < T->nrows; i++)
            nrows7 += !T->rows[i].total && !ck_cell_empty(T->rows[i].cell[pc]);
        int cmp = dc_decimal_cmp(sum, t7v);
        if (cmp > 0 || (cmp < 0 && np == nrows7))
            ck_report_text(c, CK_TEXT_PROJECT, ck_sev(CK_TEXT_PROJECT), head7,
                           CK_SUBJ_HEADING, head7->u.heading.numbering, &t7v,
                           &sum,
                           cmp > 0 ? N_("the 规模 of the projects the section "
                                        "lists add up to more than %s's 合计")
                                   : N_("the section lists as many projects "
                                        "as %s but their 规模 add up to "
                                        "less than its 合计"),
                           T->name);
    }
    for (int k = 0; k < nintro && np; k++) {
        const char *s = intro[k]->u.para.text;
        struct tok *tk;
        int nt = scan(s, &tk);
        for (int i = 0; i < nt; i++) {
            const char *e = s + tk[i].end;
            struct dc_node at;
            dc_node_copy(&at, intro[k]);
            at.col = intro[k]->col + tk[i].cp;
            if (tk[i].unit == U_NONE && !tk[i].v.scale &&
                strncmp(e, "个", 3) == 0 && strstr(s, "项目")) {
                struct dc_decimal have = {np, 0};
                if (dc_decimal_cmp(have, tk[i].v) != 0)
                    ck_report_text(c, CK_TEXT_PROJECT, ck_sev(CK_TEXT_PROJECT),
                                   &at, CK_SUBJ_TEXT, NULL, &have, &tk[i].v,
                                   N_("the text counts another number of "
                                      "projects than it lists"));
                continue;
            }
            char lab[512];
            if (tk[i].unit != U_WAN || tk[i].dir || nscale != np)
                continue;
            label_before(s, &tk[i], lab, sizeof lab);
            size_t l = strlen(lab);
            if ((ends_with(lab, l, "合计") || ends_with(lab, l, "共计") ||
                 ends_with(lab, l, "总计") || ends_with(lab, l, "共")) &&
                !strstr(lab, "比上年") && dc_decimal_cmp(sum, tk[i].v) != 0)
                ck_report_text(c, CK_TEXT_PROJECT, ck_sev(CK_TEXT_PROJECT), &at,
                               CK_SUBJ_TEXT, NULL, &sum, &tk[i].v,
                               N_("the text gives the projects another total "
                                  "than the 规模 it lists add up to"));
        }
        free(tk);
    }
    for (int i = 0; i < np; i++)
        free(pv[i].name);
    free(pv);
    dc_buf_free(&nb);
}

/* ---- X10: lists after 其中, and the SME reservations ---- */

/* Count units of assets: the items after 其中 are counted in them. */
static int
count_unit(const char *s)
{
    static const char *u[] = {"辆", "台", "套"};
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        if (strncmp(s, u[i], strlen(u[i])) == 0)
            return (int)i + 1;
    return 0;
}

struct lst {
    int head; /* token index of the whole, -1 none */
    struct dc_decimal sum;
    int nitems, complete, mixed;
};

static void
list_report(struct para_ctx *p, const struct tok *tk, const struct lst *L,
            int what /* 0 counts, 1 values, 2 purchases */)
{
    if (L->head < 0 || L->nitems < 2 || L->mixed)
        return;
    int cmp = dc_decimal_cmp(L->sum, tk[L->head].v);
    /* a list that names a catch-all (其他…) or every kind must add up; a
     * partial list must at least not exceed its whole */
    if (cmp == 0 || (!L->complete && cmp < 0))
        return;
    report_tok(p, CK_TEXT_LIST, ck_sev(CK_TEXT_LIST), &tk[L->head], NULL,
               &L->sum, &tk[L->head].v,
               what == 0   ? N_("the counts listed after 其中 do not add up to "
                                "the stated total")
               : what == 1 ? N_("the values listed after 其中 do not add up "
                                "to the stated total")
                           : N_("货物, 工程 and 服务 listed after 其中 do not "
                                "add up to the stated total"));
}

static void
text_lists(struct para_ctx *p, struct tok *tk, int nt)
{
    const char *s = p->text;
    const char *q = strstr(s, "其中");
    if (!q)
        return;
    size_t qo = (size_t)(q - s);
    /* the sentence (up to 。) that holds 其中 */
    size_t sb = 0;
    for (const char *x = strstr(s, "。"); x && (size_t)(x - s) < qo;
         x = strstr(x + 3, "。"))
        sb = (size_t)(x - s) + 3;
    const char *end = strstr(q, "。");
    size_t se = end ? (size_t)(end - s) : strlen(s);
    int procurement = strstr(s, "政府采购") != NULL;
    struct lst cnt = {-1, {0, 0}, 0, 0, 0}, val = {-1, {0, 0}, 0, 0, 0};
    struct lst buy = {-1, {0, 0}, 0, 0, 0};
    int unit = 0, kinds = 0;
    for (int i = 0; i < nt; i++) {
        if (tk[i].off < sb || tk[i].off >= se || tk[i].dir)
            continue;
        const char *after = dc_skip_space(s + tk[i].end);
        char lab[512];
        label_before(s, &tk[i], lab, sizeof lab);
        int head = tk[i].off < qo;
        int cu = count_unit(after);
        if (cu && !tk[i].v.scale) {
            if (head) {
                cnt.head = i, unit = cu;
            } else if (cnt.head >= 0 && cu == unit) {
                cnt.sum = dc_decimal_add(cnt.sum, tk[i].v);
                cnt.nitems++;
                cnt.complete |= strncmp(strip_prefix(lab), "其他", 6) == 0;
            }
            continue;
        }
        if (tk[i].unit != U_WAN && tk[i].unit != U_YUAN)
            continue;
        int zero = dc_decimal_is_zero(tk[i].v);
        if (strstr(lab, "价值")) {
            if (head) {
                if (tk[i].unit == U_WAN)
                    val.head = i;
            } else if (val.head >= 0) {
                if (tk[i].unit == U_YUAN && !zero)
                    val.mixed = 1;
                val.sum = dc_decimal_add(val.sum, tk[i].v);
                val.nitems++;
                val.complete = cnt.complete;
            }
        }
        if (procurement && tk[i].unit == U_WAN) {
            if (head && strstr(lab, "采购")) {
                buy.head = i;
            } else if (!head && buy.head >= 0) {
                const char *l = strip_prefix(lab);
                int k = strstr(l, "货物")   ? 1
                        : strstr(l, "工程") ? 2
                        : strstr(l, "服务") ? 4
                                            : 0;
                if (!k || (kinds & k)) {
                    buy.mixed = 1; /* something else is listed: leave it */
                    continue;
                }
                kinds |= k;
                buy.sum = dc_decimal_add(buy.sum, tk[i].v);
                buy.nitems++;
            }
        }
    }
    val.complete = cnt.complete;
    buy.complete = kinds == 7;
    list_report(p, tk, &cnt, 0);
    list_report(p, tk, &val, 1);
    if (buy.complete)
        list_report(p, tk, &buy, 2);
}

/* "单位价值50万元以上大型设备6台，单位价值100万元以上大型设备2台": the
 * things worth more are among those worth less, so no more of them: a
 * count after a higher threshold does not exceed one after a lower
 * threshold in the same sentence. */
static void
text_thresholds(struct para_ctx *p, struct tok *tk, int nt)
{
    const char *s = p->text;
    int lo = -1; /* the last (threshold, count) pair: threshold index */
    int lo_n = -1;
    for (int i = 0; i + 1 < nt; i++) {
        const char *e = dc_skip_space(s + tk[i].end);
        if (tk[i].unit != U_WAN ||
            (strncmp(e, "万元以上", strlen("万元以上")) != 0 &&
             strncmp(e, "万以上", strlen("万以上")) != 0))
            continue;
        /* the count that follows, in the same sentence */
        int j = i + 1;
        if (tk[j].sentence != tk[i].sentence || tk[j].unit != U_NONE ||
            tk[j].v.scale || !count_unit(dc_skip_space(s + tk[j].end)))
            continue;
        if (lo >= 0 && tk[lo].sentence == tk[i].sentence &&
            dc_decimal_cmp(tk[i].v, tk[lo].v) > 0 &&
            dc_decimal_cmp(tk[j].v, tk[lo_n].v) > 0) {
            char a[32], b[32];
            ck_fmt(tk[i].v, a, sizeof a);
            ck_fmt(tk[lo].v, b, sizeof b);
            report_tok(p, CK_TEXT_LIST, ck_sev(CK_TEXT_LIST), &tk[j], NULL,
                       &tk[lo_n].v, &tk[j].v,
                       N_("more things are counted at %s万元 or more than at "
                          "%s万元 or more, which includes them"),
                       a, b);
        }
        lo = i;
        lo_n = j;
    }
}

/* 面向中小企业预留 A万元 … 小微企业预留 B万元: B <= A. */
static void
text_sme(struct para_ctx *p, struct tok *tk, int nt, int *sme,
         struct dc_decimal *sme_v)
{
    for (int i = 0; i < nt; i++) {
        if (tk[i].unit != U_WAN || tk[i].dir)
            continue;
        char lab[512];
        label_before(p->text, &tk[i], lab, sizeof lab);
        if (strstr(lab, "比上年") || strstr(lab, "占"))
            continue;
        int small = strstr(lab, "小微") || strstr(lab, "小型和微型") ||
                    strstr(lab, "小型、微型");
        if (!small && strstr(lab, "中小企业") && strstr(lab, "预留")) {
            *sme = 1;
            *sme_v = tk[i].v;
        } else if (small && *sme && strstr(lab, "预留") &&
                   dc_decimal_cmp(tk[i].v, *sme_v) > 0) {
            report_tok(p, CK_TEXT_SME, ck_sev(CK_TEXT_SME), &tk[i], NULL,
                       sme_v, &tk[i].v,
                       N_("the reservation for 小微企业 exceeds the one for "
                          "中小企业, which includes it"));
        }
    }
}

void
ck_rule_lists(struct ck_ctx *c)
{
    int part = 0, sme = 0;
    struct dc_decimal sme_v = {0, 0};
    for (const struct dc_node *n = dc_node_first(c->doc->root); n;
         n = dc_node_next(n)) {
        if (n->type == DC_NODE_PART) {
            part = n->u.part.number;
            sme = 0;
            continue;
        }
        if (n->type == DC_NODE_HEADING) {
            sme = 0;
            continue;
        }
        if (part != 3 || n->type != DC_NODE_PARAGRAPH || !n->u.para.text)
            continue;
        struct tok *tk;
        int nt = scan(n->u.para.text, &tk);
        struct para_ctx p = {c, n, n->u.para.text, 0, NULL, {0, 0}, 0, NULL};
        text_lists(&p, tk, nt);
        text_thresholds(&p, tk, nt);
        text_sme(&p, tk, nt, &sme, &sme_v);
        free(tk);
    }
}
