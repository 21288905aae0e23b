/* Lines of the flattened source: classification, cell cleaning, and the
 * split into paragraphs and cell groups. */
#include "parse_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- small UTF-8 helpers ---- */

static uint32_t
cp_at(const char *s, size_t n, size_t i, int *len)
{
    uint32_t cp = 0xFFFD;
    int l = dc_utf8_decode(s + i, n - i, &cp);
    if (l == 0) {
        l = 1;
        cp = 0xFFFD;
    }
    *len = l;
    return cp;
}

static int
starts_with(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && memcmp(s, p, m) == 0;
}

void
dc_strip_artefacts(const char *s, size_t n, struct dc_buf *out)
{
    static const char tag[] = "[bookmark:";
    size_t i = 0, run = 0; /* the bytes kept since the last tag begin at run */
    const char *q;
    while ((q = memchr(s + i, '[', n - i)) != NULL) {
        i = (size_t)(q - s);
        const char *end = NULL;
        if (n - i >= sizeof tag - 1 && memcmp(q, tag, sizeof tag - 1) == 0)
            end = memchr(q, ']', n - i);
        if (!end) {
            i++;
            continue;
        }
        dc_buf_put(out, s + run, i - run);
        i = run = (size_t)(end - s) + 1;
    }
    dc_buf_put(out, s + run, n - run);
}

/* ---- numbers ---- */

static int
cn_digit(uint32_t cp)
{
    static const uint32_t digits[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                      0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
    for (int i = 0; i < 10; i++)
        if (digits[i] == cp)
            return i;
    if (cp == 0x3007)
        return 0; /* 〇 */
    if (cp == 0x4E24)
        return 2; /* 两 */
    return -1;
}

int
dc_cn_number(const char *s, size_t n)
{
    int value = 0, cur = -1, seen = 0;
    for (size_t i = 0; i < n;) {
        int l;
        uint32_t cp = cp_at(s, n, i, &l);
        i += (size_t)l;
        int d = cn_digit(cp);
        if (d >= 0) {
            if (cur >= 0) /* two digits in a row: not a numeral we know */
                return 0;
            cur = d;
        } else if (cp == 0x5341) { /* 十 */
            value += (cur < 0 ? 1 : cur) * 10;
            cur = -1;
        } else if (cp == 0x767E) { /* 百 */
            value += (cur < 0 ? 1 : cur) * 100;
            cur = -1;
        } else {
            return 0;
        }
        seen = 1;
    }
    if (!seen)
        return 0;
    if (cur > 0)
        value += cur;
    return value;
}

/* Length of a run of Chinese numeral characters at s. */
static size_t
cn_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int l;
        uint32_t cp = cp_at(s, n, i, &l);
        if (cn_digit(cp) < 0 && cp != 0x5341 && cp != 0x767E)
            break;
        i += (size_t)l;
    }
    return i;
}

static size_t
digit_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

static int
digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && i < 6; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* ---- the classifier ---- */

/* A heading's title is short, says no sentence, and defines nothing. */
static int
title_like(const char *s, size_t n, int level)
{
    if (n == 0)
        return 0;
    size_t cps = dc_utf8_len(s, n);
    if (cps > (level == 3 ? 40u : 50u))
        return 0;
    static const char *const forbidden[] = {"。", "：", ":", "；"};
    for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++) {
        size_t m = strlen(forbidden[k]);
        for (size_t i = 0; i + m <= n; i++)
            if (memcmp(s + i, forbidden[k], m) == 0)
                return 0;
    }
    static const char *const bad_end[] = {"，", ",", ";", "、"};
    for (size_t k = 0; k < sizeof bad_end / sizeof bad_end[0]; k++) {
        size_t m = strlen(bad_end[k]);
        if (n >= m && memcmp(s + n - m, bad_end[k], m) == 0)
            return 0;
    }
    return 1;
}

static void
set_parts(struct dc_line_info *o, const char *base, const char *t,
          size_t numlen, size_t n)
{
    o->num_off = (size_t)(t - base);
    o->num_len = numlen;
    size_t rest = n - numlen;
    const char *r = dc_trim(t + numlen, &rest);
    o->title_off = (size_t)(r - base);
    o->title_len = rest;
}

static int
open_paren(const char *s, size_t n, size_t *len)
{
    if (starts_with(s, n, "（")) {
        *len = 3;
        return 1;
    }
    if (n && s[0] == '(') {
        *len = 1;
        return 1;
    }
    return 0;
}

static int
close_paren(const char *s, size_t n, size_t *len)
{
    if (starts_with(s, n, "）")) {
        *len = 3;
        return 1;
    }
    if (n && s[0] == ')') {
        *len = 1;
        return 1;
    }
    return 0;
}

static int
is_date(const char *t, size_t n)
{
    size_t i = digit_run(t, n);
    if (i != 4 || !starts_with(t + i, n - i, "年"))
        return 0;
    i += 3;
    size_t k = digit_run(t + i, n - i);
    if (k < 1 || k > 2 || !starts_with(t + i + k, n - i - k, "月"))
        return 0;
    i += k + 3;
    k = digit_run(t + i, n - i);
    if (k < 1 || k > 2 || !starts_with(t + i + k, n - i - k, "日"))
        return 0;
    return i + k + 3 == n;
}

enum dc_line_class
dc_classify_line(const char *s, size_t n, struct dc_line_info *o)
{
    memset(o, 0, sizeof(*o));
    size_t tn = n;
    const char *t = dc_trim(s, &tn);
    o->title_off = (size_t)(t - s);
    o->title_len = tn;
    if (tn == 0)
        return o->cls = DC_LINE_BLANK;

    /* part titles: 第一部分 …, （第四部分） … */
    size_t p = 0, pl = 0;
    int paren = open_paren(t, tn, &pl);
    if (paren)
        p = pl;
    if (starts_with(t + p, tn - p, "第")) {
        size_t q = p + 3;
        size_t r = cn_run(t + q, tn - q);
        if (r && starts_with(t + q + r, tn - q - r, "部分")) {
            size_t end = q + r + 6;
            size_t cl;
            if (paren && close_paren(t + end, tn - end, &cl))
                end += cl;
            else if (paren)
                goto not_part;
            o->number = dc_cn_number(t + q, r);
            set_parts(o, s, t, end, tn);
            return o->cls = DC_LINE_PART;
        }
    }
not_part:
    if (starts_with(t, tn, "表")) {
        /* "表3", "表 3", or "表3 部门支出总体情况表" with its title */
        size_t p0 = 3;
        while (p0 < tn && t[p0] == ' ')
            p0++;
        size_t r = digit_run(t + p0, tn - p0);
        if (r && r <= 3 && p0 + r == tn) {
            o->number = digits_value(t + p0, r);
            set_parts(o, s, t, tn, tn);
            return o->cls = DC_LINE_TABLE;
        }
        int len;
        if (r && r <= 3 && p0 + r < tn &&
            dc_is_space(cp_at(t, tn, p0 + r, &len))) {
            size_t rest = tn - p0 - r;
            const char *title = dc_trim(t + p0 + r, &rest);
            static const char *const ends[] = {"表", "情况", "明细"};
            int titled = 0;
            for (size_t k = 0; k < 3; k++) {
                size_t m = strlen(ends[k]);
                if (rest >= m && memcmp(title + rest - m, ends[k], m) == 0)
                    titled = 1;
            }
            if (titled && dc_utf8_len(title, rest) <= 40) {
                o->number = digits_value(t + p0, r);
                set_parts(o, s, t, p0 + r, tn);
                return o->cls = DC_LINE_TABLE;
            }
        }
    }
    if (starts_with(t, tn, "编制部门") || starts_with(t, tn, "编制单位"))
        return o->cls = DC_LINE_DEPT;
    if (is_date(t, tn))
        return o->cls = DC_LINE_DATE;

    /* headings */
    size_t r = cn_run(t, tn);
    if (r && starts_with(t + r, tn - r, "、")) {
        o->level = 1;
        o->number = dc_cn_number(t, r);
        set_parts(o, s, t, r + 3, tn);
    } else if (paren) {
        size_t cr = cn_run(t + pl, tn - pl), dr = digit_run(t + pl, tn - pl);
        size_t cl;
        if (cr && close_paren(t + pl + cr, tn - pl - cr, &cl)) {
            o->level = 2;
            o->number = dc_cn_number(t + pl, cr);
            set_parts(o, s, t, pl + cr + cl, tn);
        } else if (dr && dr <= 3 &&
                   close_paren(t + pl + dr, tn - pl - dr, &cl)) {
            o->level = 3;
            o->number = digits_value(t + pl, dr);
            set_parts(o, s, t, pl + dr + cl, tn);
        }
    } else {
        size_t dr = digit_run(t, tn);
        if (dr && dr <= 3) {
            size_t sep = 0;
            if (starts_with(t + dr, tn - dr, "、") ||
                starts_with(t + dr, tn - dr, "．"))
                sep = 3;
            else if (dr < tn && t[dr] == '.' &&
                     !(dr + 1 < tn && t[dr + 1] >= '0' && t[dr + 1] <= '9'))
                sep = 1;
            if (sep) {
                o->level = 3;
                o->number = digits_value(t, dr);
                set_parts(o, s, t, dr + sep, tn);
            }
        }
    }
    if (o->level &&
        title_like(s + o->title_off, o->title_len, o->level))
        return o->cls = DC_LINE_HEADING;
    o->level = 0;
    o->number = 0;
    o->num_off = o->num_len = 0;
    o->title_off = (size_t)(t - s);
    o->title_len = tn;
    return o->cls = DC_LINE_TEXT;
}

/* ---- cells ---- */

static int
cjk_token_char(uint32_t cp)
{
    return dc_is_han(cp) || cp == '(' || cp == ')' || cp == 0xFF08 ||
           cp == 0xFF09 || cp == 0x201C || cp == 0x201D;
}

size_t
dc_clean_line(const char *s, size_t n, struct dc_buf *out)
{
    size_t at = out->len;
    dc_strip_artefacts(s, n, out);
    char *line = out->data + at;
    size_t len = out->len - at;
    for (size_t k = 0; k < len; k++)
        if (line[k] == '\t')
            line[k] = ' ';
    const char *t = dc_trim(line, &len);
    memmove(line, t, len);
    out->len = at + len;
    out->data[out->len] = '\0';
    return len;
}

/* Would the line s[0..n), trimmed, be part of a label spaced out for
 * justification?  Counts its tokens (runs between blanks) into *tokens and
 * notes a blank in *any_space; 0 when a token is longer than 3 characters or
 * holds a character no such label has. */
static int
spaced_out_line(const char *s, size_t n, int *tokens, int *any_space)
{
    size_t tok = 0;
    for (size_t k = 0; k < n;) {
        int l;
        uint32_t cp = cp_at(s, n, k, &l);
        k += (size_t)l;
        if (dc_is_space(cp)) {
            *any_space = 1;
            if (tok) {
                (*tokens)++;
                if (tok > 3)
                    return 0;
            }
            tok = 0;
        } else if (cjk_token_char(cp)) {
            tok++;
        } else {
            return 0;
        }
    }
    if (tok) {
        (*tokens)++;
        if (tok > 3)
            return 0;
    }
    return 1;
}

void
dc_clean_cell(const char *const *lines, const size_t *lens, int nlines,
              struct dc_buf *out, int *distributed)
{
    dc_buf_clear(out);
    *distributed = 0;
    /* clean each line into out, joined by '\n'; drop the empty ones */
    int nkept = 0, any_space = 0, tokens = 0, ok = 1;
    for (int i = 0; i < nlines; i++) {
        size_t before = out->len;
        if (nkept)
            dc_buf_putc(out, '\n');
        size_t at = out->len;
        size_t n = dc_clean_line(lines[i], lens[i], out);
        if (n == 0) {
            out->len = before;
            out->data[before] = '\0';
            continue;
        }
        nkept++;
        /* once a line is no part of a spaced-out label, the cell is not one */
        ok = ok && spaced_out_line(out->data + at, n, &tokens, &any_space);
    }
    if (ok && any_space && tokens >= 2) {
        /* the label without its spaces and line breaks, in place */
        *distributed = 1;
        size_t w = 0;
        for (size_t k = 0; k < out->len;) {
            int l;
            uint32_t cp = cp_at(out->data, out->len, k, &l);
            if (!dc_is_space(cp) && cp != '\n') {
                memmove(out->data + w, out->data + k, (size_t)l);
                w += (size_t)l;
            }
            k += (size_t)l;
        }
        out->len = w;
        out->data[w] = '\0';
    }
    if (!out->data)
        dc_buf_put(out, "", 0);
}

/* Only padding (U+3000 and the like) or artefacts. */
static int
is_padding_line(const char *s, size_t n)
{
    struct dc_buf b;
    dc_buf_init(&b);
    size_t m = dc_clean_line(s, n, &b);
    dc_buf_free(&b);
    return m == 0;
}

/* ---- lexer ---- */

static int
is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Lines that never continue a cell. */
static int
is_structural(const char *s, size_t n)
{
    struct dc_line_info info;
    enum dc_line_class c = dc_classify_line(s, n, &info);
    return c == DC_LINE_PART || c == DC_LINE_TABLE || c == DC_LINE_DEPT;
}

static struct dc_src_line
src_line(const struct dc_lexed *lx, const char *s, size_t n, int lineno,
         int col0)
{
    struct dc_src_line l = {(unsigned)(s - lx->data), (unsigned)n,
                            (unsigned)lineno, (unsigned)col0};
    return l;
}

#define GROW(arr, count, cap)                                                  \
    do {                                                                       \
        if ((count) == (cap)) {                                                \
            (cap) = (cap) ? (cap) * 2 : 256;                                   \
            (arr) = dc_xrealloc((arr), (size_t)(cap) * sizeof(*(arr)));        \
        }                                                                      \
    } while (0)

void
dc_lex(const char *data, size_t len, struct dc_lexed *lx)
{
    memset(lx, 0, sizeof(*lx));
    lx->data = data;
    int icap = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    /* lines[] sized once: one record per source line at most */
    size_t most = 1;
    for (const char *q = data + pos, *end = data + len;
         (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
        most++;
    lx->lines = dc_spool_alloc(&lx->lines_spool, most * sizeof(*lx->lines));
    int lineno = 0, blank_run = 0;
    int group = -1; /* index of the open GROUP item, -1 = none */
    while (pos < len) {
        const char *s = data + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (n && s[n - 1] == '\r')
            n--;
        if (n && s[0] == '\t') {
            /* a cell */
            if (group < 0 || blank_run > 0) {
                GROW(lx->items, lx->nitems, icap);
                struct dc_item *it = &lx->items[lx->nitems];
                memset(it, 0, sizeof(*it));
                it->type = DC_ITEM_GROUP;
                it->line = lineno;
                it->after_blank = blank_run > 0;
                it->blank_lines = blank_run;
                it->line_index = lx->nlines;
                group = lx->nitems++;
            }
            lx->lines[lx->nlines++] = src_line(lx, s + 1, n - 1, lineno, 2);
            lx->items[group].nlines++;
            lx->items[group].ncells++;
            blank_run = 0;
            continue;
        }
        if (is_blank_line(s, n)) {
            blank_run++;
            continue;
        }
        int padding = is_padding_line(s, n);
        if (group >= 0 && blank_run == 0 && !is_structural(s, n)) {
            /* continues the last cell */
            lx->lines[lx->nlines++] = src_line(lx, s, n, lineno, 1);
            lx->items[group].nlines++;
            continue;
        }
        if (padding) {
            blank_run++;
            continue;
        }
        lx->lines[lx->nlines] = src_line(lx, s, n, lineno, 1);
        GROW(lx->items, lx->nitems, icap);
        struct dc_item *it = &lx->items[lx->nitems++];
        memset(it, 0, sizeof(*it));
        it->type = DC_ITEM_TEXT;
        it->line = lineno;
        it->after_blank = blank_run > 0;
        it->blank_lines = blank_run;
        it->line_index = lx->nlines++;
        group = -1;
        blank_run = 0;
    }
    /* the arrays live while the model grows: give back the doubling's slack */
    if (lx->nitems)
        lx->items = dc_xrealloc(lx->items, (size_t)lx->nitems * sizeof(*lx->items));
}

void
dc_lexed_free(struct dc_lexed *lx)
{
    dc_spool_free(&lx->lines_spool);
    free(lx->items);
    memset(lx, 0, sizeof(*lx));
}
