/* What a reviewer reads for besides the arithmetic: the issuing unit named
 * the same way throughout (unit-name), and editors' notes and template
 * placeholders left in the text (leftover), which render warns about too. */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- unit-name ---- */

/* One place the document names its issuing unit. */
struct naming {
    char name[256];      /* squeezed */
    const char *where;   /* "表3", a form's title, "the signature" */
    const struct dc_node *at;
};

/* The value after a form's label cell that names the unit. */
static const struct dc_node *
form_unit_cell(const struct dc_node *row)
{
    static const char *labels[] = {"预算单位", "单位名称", "申报单位",
                                   "部门（单位）名称", "部门(单位)名称",
                                   "部门名称"};
    const struct dc_node *hit = NULL;
    struct dc_buf b;
    dc_buf_init(&b);
    for (const struct dc_node *c = dc_node_first(row);
         c && dc_node_next(c) && !hit; c = dc_node_next(c)) {
        dc_squeeze(c->u.cell.text, &b);
        for (size_t i = 0; i < sizeof labels / sizeof labels[0] && !hit; i++)
            if (strncmp(b.data, labels[i], strlen(labels[i])) == 0 &&
                !strstr(b.data, "联系人"))
                hit = ck_cell_empty(dc_node_next(c)) ? NULL : dc_node_next(c);
    }
    dc_buf_free(&b);
    return hit;
}

/* Does a short line of the cover name a unit? */
static int
looks_like_unit(const char *s)
{
    static const char *ends[] = {"委员会", "管委会", "局", "厅", "办公室",
                                 "中心", "人民政府", "部", "院", "所",
                                 "学校", "协会", "联合会"};
    size_t l = strlen(s);
    if (l == 0 || dc_utf8_len(s, l) > 40)
        return 0;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (l >= k && strcmp(s + l - k, ends[i]) == 0)
            return 1;
    }
    return 0;
}

static void
add_naming(struct naming **v, int *n, int *cap, const char *text,
           const char *where, const struct dc_node *at)
{
    struct dc_buf sq;
    dc_buf_init(&sq);
    dc_squeeze(text, &sq);
    char b[256];
    snprintf(b, sizeof b, "%s", sq.data);
    dc_buf_free(&sq);
    /* a seal's note is not part of the name */
    char *seal = strstr(b, "（盖章）");
    if (seal)
        *seal = '\0';
    if (!b[0])
        return;
    if (*n == *cap)
        *v = dc_xrealloc(*v, (size_t)(*cap = *cap ? 2 * *cap : 32) *
                                 sizeof **v);
    struct naming *x = &(*v)[(*n)++];
    snprintf(x->name, sizeof x->name, "%s", b);
    x->where = where;
    x->at = at;
}

/* Appends "表1–表6, 表8 (line 29)" for the namings of `name` to b. */
static void
list_places(struct dc_buf *b, const struct naming *v, int n, const char *name)
{
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(v[i].name, name) != 0)
            continue;
        /* the same kind of place again (22 forms) is said once */
        int again = 0;
        for (int l = 0; l < i; l++)
            again |= strcmp(v[l].name, name) == 0 &&
                     strcmp(v[l].where, v[i].where) == 0;
        if (again)
            continue;
        if (shown == 6) {
            dc_buf_puts(b, ", …");
            shown++;
            continue;
        }
        if (shown > 6)
            continue;
        dc_buf_printf(b, "%s%s:%d", shown ? ", " : "", v[i].where,
                      v[i].at->line);
        shown++;
    }
}

void
ck_rule_unit_names(struct ck_ctx *c)
{
    struct naming *v = NULL;
    int n = 0, cap = 0, seen_part = 0;
    char tab[64][8]; /* "表N", named by the namings below */
    for (const struct dc_node *x = dc_node_first(c->doc->root); x;
         x = dc_node_next(x)) {
        if (x->type == DC_NODE_PART)
            seen_part = 1;
        else if (x->type == DC_NODE_PARAGRAPH && !seen_part && x->u.para.text) {
            struct dc_buf b;
            dc_buf_init(&b);
            dc_squeeze(x->u.para.text, &b);
            if (looks_like_unit(b.data))
                add_naming(&v, &n, &cap, b.data, "封面", x);
            dc_buf_free(&b);
        } else if (x->type == DC_NODE_SIGNATURE && x->u.sig.department) {
            add_naming(&v, &n, &cap, x->u.sig.department,
                       "落款", x);
        } else if (x->type == DC_NODE_TABLE &&
                   x->u.table.kind == DC_TABLE_NUMBERED &&
                   x->u.table.department) {
            int k = x->u.table.number;
            const char *w = "表";
            if (k >= 0 && k < 64) {
                snprintf(tab[k], sizeof tab[k], "表%d", k);
                w = tab[k];
            }
            add_naming(&v, &n, &cap, x->u.table.department, w, x);
        } else if (x->type == DC_NODE_TABLE) {
            for (const struct dc_node *r = dc_node_first(x); r;
                 r = dc_node_next(r)) {
                const struct dc_node *cell = form_unit_cell(r);
                if (cell) {
                    add_naming(&v, &n, &cap, cell->u.cell.text,
                               x->u.table.kind == DC_TABLE_FORM_DEPT
                                   ? "部门整体绩效目标申报表"
                                   : "项目支出绩效目标表",
                               cell);
                    break;
                }
            }
        }
    }
    /* the name most places give is the unit's name; every other one is
     * reported where it first occurs, with the places of every name */
    int best = -1, bestn = 0, nnames = 0;
    for (int i = 0; i < n; i++) {
        /* places count once each: 22 forms are one place */
        int first = 1, k = 0;
        for (int j = 0; j < n; j++) {
            if (strcmp(v[i].name, v[j].name) != 0)
                continue;
            if (j < i)
                first = 0;
            int again = 0;
            for (int l = 0; l < j; l++)
                again |= strcmp(v[l].name, v[j].name) == 0 &&
                         strcmp(v[l].where, v[j].where) == 0;
            k += !again;
        }
        if (!first)
            continue;
        nnames++;
        if (k > bestn)
            best = i, bestn = k;
    }
    for (int i = 0; nnames > 1 && i < n; i++) {
        int first = 1;
        for (int j = 0; j < i; j++)
            first &= strcmp(v[i].name, v[j].name) != 0;
        if (!first || strcmp(v[i].name, v[best].name) == 0)
            continue;
        struct dc_buf b;
        dc_buf_init(&b);
        list_places(&b, v, n, v[i].name);
        struct dc_buf o;
        dc_buf_init(&o);
        for (int j = 0; j < n; j++) {
            int fj = 1;
            for (int k = 0; k < j; k++)
                fj &= strcmp(v[j].name, v[k].name) != 0;
            if (!fj || strcmp(v[j].name, v[i].name) == 0)
                continue;
            dc_buf_printf(&o, "%s\"%s\" (", o.len ? "; " : "", v[j].name);
            list_places(&o, v, n, v[j].name);
            dc_buf_puts(&o, ")");
        }
        ck_report_text(c, CK_UNIT_NAME, ck_sev(CK_UNIT_NAME), v[i].at,
                       CK_SUBJ_UNIT, v[i].name, NULL, NULL,
                       N_("named so at %s; elsewhere %s"),
                       b.data, o.data);
        dc_buf_free(&b);
        dc_buf_free(&o);
    }
    free(v);
}

/* ---- leftover ---- */

static int
ascii_word(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= 'a' && ch <= 'z') || ch == '.' || ch == '_';
}

static const char *const marks[] = {"×", "Ｘ", "X", "x", "○", "□", "＊", "*"};

/* Is s[i..] one of the marks templates leave: "××", "XX", "ＸＸ", "○○"
 * standing alone among Chinese characters?  Returns its length.  Other
 * doubled Latin letters are abbreviations, not placeholders: Xinjiang's
 * documents write 维稳 as "WW" ("WW经费200万元", an amount that adds up
 * with its neighbours), and "GDP", "PPP" or "EPC" are names. */
static size_t
double_mark(const char *s, size_t i, size_t len)
{
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
        if (s[i] != marks[m][0])
            continue;
        size_t k = strlen(marks[m]);
        if (i + 2 * k > len || memcmp(s + i, marks[m], k) != 0 ||
            memcmp(s + i + k, marks[m], k) != 0)
            continue;
        /* not part of a Latin word or a number ("WWW", "3×3", "**") */
        unsigned char before = i ? (unsigned char)s[i - 1] : ' ';
        unsigned char after = (unsigned char)s[i + 2 * k];
        if (k == 1 && (ascii_word(before) || ascii_word(after)))
            continue;
        if (k == 1 && ((marks[m][0] == 'x' || marks[m][0] == 'X') &&
                       (before == 'X' || before == 'x')))
            continue;
        if (k > 1 && i >= k && memcmp(s + i - k, marks[m], k) == 0)
            continue; /* counted from its first mark */
        return 2 * k;
    }
    return 0;
}

/* Words an editor's note gives its reader as an instruction. */
static const char *const note_verbs[] = {
    "保留", "删除", "填写", "补充", "修改", "替换", "录入", "据实", "根据实际",
    "按实际", "自行", "参照", "如无", "如有", "此处"};
/* How such a note opens, inside its bracket. */
static const char *const note_opens[] = {"将", "请", "此处", "注：", "注:",
                                         "说明：", "如无", "如有", "根据实际",
                                         "按实际", "按照实际", "填写"};
/* Words that say the text is yet to come; each begins with 待 (what
 * find_leftover looks for them after). */
static const char *const pending[] = {"待补充", "待填写", "待完善", "待更新",
                                      "待核实"};

static int
starts(const char *s, const char *w)
{
    return strncmp(s, w, strlen(w)) == 0;
}

/* The byte length of the bracketed note at s ("（将…保留。）"), or 0. */
static size_t
bracket_note(const char *s)
{
    const char *close = NULL;
    size_t open = 0;
    if (starts(s, "（"))
        open = strlen("（"), close = "）";
    else if (starts(s, "("))
        open = 1, close = ")";
    else
        return 0;
    const char *e = strstr(s + open, close);
    if (!e || e - s > 600)
        return 0;
    const char *in = s + open;
    int opens = 0, verb = 0;
    for (size_t i = 0; i < sizeof note_opens / sizeof note_opens[0]; i++)
        opens |= starts(in, note_opens[i]);
    for (size_t i = 0; i < sizeof note_verbs / sizeof note_verbs[0]; i++) {
        const char *v = strstr(in, note_verbs[i]);
        verb |= v && v < e;
    }
    return opens && verb ? (size_t)(e - s) + strlen(close) : 0;
}

/* The byte length of 【…】 at s that is not a document number's year
 * (昌州党组【2020】31号), or 0. */
static size_t
lenticular(const char *s)
{
    if (!starts(s, "【"))
        return 0;
    const char *in = s + strlen("【");
    const char *e = strstr(in, "】");
    if (!e || e - s > 300)
        return 0;
    int digits = 1;
    for (const char *p = in; p < e; p++)
        digits &= (*p >= '0' && *p <= '9') || *p == ' ';
    return digits ? 0 : (size_t)(e - s) + strlen("】");
}

/* The bytes a leftover can begin with: the first of each bracket, mark and
 * pending word (most characters are none of them), as a bit set. */
struct leads {
    unsigned char bit[32];
};

static void
leads_init(struct leads *ld)
{
    const char *const opens[] = {"（", "(", "【"};
    const char *const *lists[] = {opens, marks, pending};
    const size_t counts[] = {sizeof opens / sizeof opens[0],
                             sizeof marks / sizeof marks[0],
                             sizeof pending / sizeof pending[0]};
    memset(ld, 0, sizeof *ld);
    for (size_t l = 0; l < 3; l++)
        for (size_t m = 0; m < counts[l]; m++) {
            unsigned char b = (unsigned char)lists[l][m][0];
            ld->bit[b >> 3] |= (unsigned char)(1u << (b & 7));
        }
}

/* Finds the first leftover in s[0..len) at or after byte `from`; returns
 * its offset and sets *n to its length, or returns -1. */
static long
find_leftover(const struct leads *ld, const char *s, size_t len, size_t from,
              size_t *n)
{
    for (size_t i = from; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if (!(ld->bit[b >> 3] & (1u << (b & 7))))
            continue;
        /* what a leftover can be depends on its first character */
        uint32_t cp;
        if (dc_utf8_decode(s + i, len - i, &cp) == 0)
            continue;
        size_t k = 0;
        switch (cp) {
        case '(':
        case 0xFF08: /* （ */
            k = bracket_note(s + i);
            break;
        case 0x3010: /* 【 */
            k = lenticular(s + i);
            break;
        case 0x5F85: /* 待 */
            for (size_t p = 0; p < sizeof pending / sizeof pending[0] && !k;
                 p++)
                if (starts(s + i, pending[p]))
                    k = strlen(pending[p]);
            break;
        default:
            k = double_mark(s, i, len);
            break;
        }
        if (k) {
            *n = k;
            return (long)i;
        }
    }
    return -1;
}

/* Reports every leftover of `text`, which starts at node n's position. */
static void
scan_text(struct ck_ctx *c, const struct leads *ld, const struct dc_node *n,
          const char *text)
{
    if (!text)
        return;
    size_t off = 0, k, len = strlen(text);
    long at;
    while ((at = find_leftover(ld, text, len, off, &k)) >= 0) {
        /* the position of the match: lines of a cell are lines of the
         * source */
        struct dc_node pos;
        dc_node_copy(&pos, n);
        size_t line0 = 0;
        for (size_t i = 0; i < (size_t)at; i++)
            if (text[i] == '\n')
                pos.line++, line0 = i + 1;
        pos.col = (line0 ? 1 : n->col) +
                  (int)dc_utf8_len(text + line0, (size_t)at - line0);
        char what[256];
        snprintf(what, sizeof what, "%.*s", (int)(k < 200 ? k : 200),
                 text + at);
        if (n->type == DC_NODE_CELL)
            ck_report(c, CK_LEFTOVER, ck_sev(CK_LEFTOVER), &pos, NULL, NULL,
                      NULL,
                      N_("\"%s\" is an editor's note or a template's "
                         "placeholder left in the document"),
                      what);
        else
            ck_report_text(c, CK_LEFTOVER, ck_sev(CK_LEFTOVER), &pos,
                           CK_SUBJ_TEXT, what, NULL, NULL,
                           N_("an editor's note or a template's placeholder "
                              "left in the document"));
        off = (size_t)at + k;
    }
}

static void
scan_node(struct ck_ctx *c, const struct leads *ld, const struct dc_node *n)
{
    switch (n->type) {
    case DC_NODE_PART:
        scan_text(c, ld, n, n->u.part.title);
        break;
    case DC_NODE_HEADING:
        scan_text(c, ld, n, n->u.heading.title);
        break;
    case DC_NODE_PARAGRAPH:
        scan_text(c, ld, n, n->u.para.text);
        break;
    case DC_NODE_TABLE:
        scan_text(c, ld, n, n->u.table.title);
        break;
    case DC_NODE_CELL:
        scan_text(c, ld, n, n->u.cell.text);
        break;
    case DC_NODE_SIGNATURE:
        scan_text(c, ld, n, n->u.sig.department);
        break;
    default:
        break;
    }
    for (const struct dc_node *k = dc_node_first(n); k; k = dc_node_next(k))
        scan_node(c, ld, k);
}

void
ck_rule_leftovers(struct ck_ctx *c)
{
    struct leads ld;
    leads_init(&ld);
    scan_node(c, &ld, c->doc->root);
}
