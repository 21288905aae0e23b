/* Text: font roles per code point (script split and fallback), advance
 * widths through the metrics interface, line breaking with ICU's line break
 * iterator plus the Chinese rules for punctuation at line ends, and the
 * emission of a line as one text run per font role. */
#include "layout_int.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

int
dc_is_closing_punct(uint32_t cp)
{
    switch (cp) {
    case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: /* ，。、；： */
    case 0xFF1F: case 0xFF01: case 0xFF09: case 0x300B: case 0x300D: /* ？！）》」 */
    case 0x300F: case 0x3011: case 0x3015: case 0x3009: case 0x3017: /* 』】〕〉〗 */
    case 0x3019: case 0x301B: case 0x201D: case 0x2019: case 0x2026: /* 〙〛”’… */
    case 0x2025: case 0x00B7: case 0x30FB: case 0xFF0E: case 0xFF3D: /* ‥·・．］ */
    case 0xFF5D: case 0xFF05: case 0x2030: case 0x2103: case 0x3003: /* ｝％‰℃〃 */
    case ',': case '.': case ';': case ':': case '?': case '!':
    case ')': case ']': case '}': case '%':
        return 1;
    default:
        return 0;
    }
}

int
dc_is_opening_punct(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: case 0x300A: case 0x300C: case 0x300E: case 0x3010: /* （《「『【 */
    case 0x3014: case 0x3008: case 0x3016: case 0x3018: case 0x301A: /* 〔〈〖〘〚 */
    case 0x201C: case 0x2018: case 0xFF3B: case 0xFF5B: case 0xFFE5: /* “‘［｛￥ */
    case '(': case '[': case '{':
        return 1;
    default:
        return 0;
    }
}

/* Set in the Times-compatible Latin face: ASCII and Latin-1/Extended. */
static int
is_latin(uint32_t cp)
{
    return cp >= 0x20 && cp < 0x250;
}

static int
raw_advance(struct dc_lay *L, int role, uint32_t cp)
{
    if (cp >= 0x10000)
        return L->m->advance(L->m->ctx, role, cp);
    if (!L->adv[role]) {
        L->adv[role] = dc_xmalloc(sizeof(int16_t) * 0x10000);
        for (uint32_t i = 0; i < 0x10000; i++)
            L->adv[role][i] = -2;
    }
    int16_t a = L->adv[role][cp];
    if (a == -2) {
        int v = L->m->advance(L->m->ctx, role, cp);
        a = (int16_t)(v < 0 ? -1 : v > 30000 ? 30000 : v);
        L->adv[role][cp] = a;
    }
    return a;
}

/* The roles as the font map names them, in the reader's language (one
 * name for each role: the title role had none, and the Latin one was said
 * of it) */
static const char *const role_names[DC_FONT_COUNT] = {
    [DC_FONT_SONG] = N_("song"),   [DC_FONT_HEI] = N_("hei"),
    [DC_FONT_KAI] = N_("kai"),     [DC_FONT_TITLE] = N_("title"),
    [DC_FONT_LATIN] = N_("latin")};

/* Reports a code point once per document (the first source line). */
static int
first_report(struct dc_lay *L, uint32_t cp)
{
    uint32_t k = cp & 0xFFFF; /* beyond the BMP: shares a bit, rare */
    if (!L->reported)
        L->reported = dc_xcalloc(0x10000 / 8, 1);
    if (L->reported[k >> 3] & (1u << (k & 7)))
        return 0;
    L->reported[k >> 3] |= (uint8_t)(1u << (k & 7));
    return 1;
}

static void
resolve(struct dc_lay *L, uint32_t cp, int base, int line, uint8_t *role,
        int16_t *adv)
{
    int want = is_latin(cp) ? DC_FONT_LATIN : base;
    int a = raw_advance(L, want, cp);
    if (a >= 0) {
        *role = (uint8_t)want;
        *adv = (int16_t)a;
        return;
    }
    int tried = 1 << want;
    int cand[DC_FONT_COUNT + 1], nc = 0;
    if (want == DC_FONT_LATIN)
        cand[nc++] = base;
    for (int i = 0; i < L->st.nfallback; i++)
        cand[nc++] = L->st.fallback[i];
    for (int i = 0; i < nc; i++) {
        if (tried & (1 << cand[i]))
            continue;
        tried |= 1 << cand[i];
        a = raw_advance(L, cand[i], cp);
        if (a >= 0) {
            *role = (uint8_t)cand[i];
            *adv = (int16_t)a;
            L->stats.fallbacks++;
            if (first_report(L, cp))
                dc_diag_report(L->diag, L->file, line, 0, DC_SEV_WARNING,
                               _("U+%04X is not in the %s font; set in %s"),
                               (unsigned)cp, _(role_names[want]),
                               _(role_names[cand[i]]));
            return;
        }
    }
    L->stats.missing_glyphs++;
    if (first_report(L, cp))
        dc_diag_report(L->diag, L->file, line, 0, DC_SEV_WARNING,
                       _("U+%04X is in none of the fonts; it will show as an "
                       "empty box"),
                       (unsigned)cp);
    *role = (uint8_t)want;
    *adv = (int16_t)(want == DC_FONT_LATIN ? 500 : 1000);
}

/* Short texts shaped once per layout: a table repeats its labels, units,
 * codes and amounts (the sample shapes 8,700 texts, 1,600 of them
 * different).  An entry keeps what shaping found (glyphs with ICU's break
 * opportunities) and what it counted; texts of up to SHAPE_KEEP_LEN bytes
 * are kept, SHAPE_SLOTS / 2 of them at most, so memory stays bounded. */
#define SHAPE_KEEP_LEN 96
#define SHAPE_SLOTS 4096

struct shape_entry {
    char *text; /* NULL: an empty slot; else len bytes, then the glyphs */
    uint32_t len, hash;
    int role, n;
    int fallbacks, missing; /* resolve's counts for one shaping */
    struct dc_glyph *g;
};

struct dc_shape_cache {
    struct shape_entry slot[SHAPE_SLOTS];
    int used;
};

static uint32_t
shape_hash(const char *text, size_t len, int role)
{
    uint32_t h = 2166136261u ^ (uint32_t)role; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h;
}

/* The entry for (text, role), or the empty slot where it would go (NULL
 * when the text is too long to keep or the table is full). */
static struct shape_entry *
shape_find(struct dc_lay *L, const char *text, size_t len, int role,
           uint32_t h)
{
    if (len > SHAPE_KEEP_LEN)
        return NULL;
    if (!L->shapes)
        L->shapes = dc_xcalloc(1, sizeof *L->shapes);
    for (uint32_t i = h;; i++) {
        struct shape_entry *e = &L->shapes->slot[i % SHAPE_SLOTS];
        if (!e->text)
            return L->shapes->used < SHAPE_SLOTS / 2 ? e : NULL;
        if (e->hash == h && e->len == len && e->role == role &&
            memcmp(e->text, text, len) == 0)
            return e;
    }
}

static void
shape_keep(struct dc_lay *L, struct shape_entry *e, const char *text,
           size_t len, int role, uint32_t h, const struct dc_shaped *s,
           int fallbacks, int missing)
{
    size_t at = (len + 1 + 7) & ~(size_t)7;
    char *block = dc_xmalloc(at + sizeof *s->g * (size_t)s->n);
    memcpy(block, text, len);
    block[len] = '\0';
    e->g = (struct dc_glyph *)(void *)(block + at);
    memcpy(e->g, s->g, sizeof *s->g * (size_t)s->n);
    e->text = block;
    e->len = (uint32_t)len;
    e->hash = h;
    e->role = role;
    e->n = s->n;
    e->fallbacks = fallbacks;
    e->missing = missing;
    L->shapes->used++;
}

/* Marks the glyphs before which a line may break: ICU's line break
 * iterator over the text (made UTF-16 while decoding it, so that ICU reads
 * it directly rather than through a UTF-8 UText), then the punctuation
 * rules. */
static void
find_breaks(struct dc_lay *L, struct dc_shaped *s, int32_t n16)
{
    memset(L->bflags, 0, (size_t)n16 + 1);
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(L->brk, L->u16, n16, &st);
    if (U_SUCCESS(st)) {
        for (int32_t p = ubrk_first(L->brk); p != UBRK_DONE;
             p = ubrk_next(L->brk))
            if (p >= 0 && p <= n16)
                L->bflags[p] = 1;
    }
    for (int k = 1; k < s->n; k++) {
        struct dc_glyph *g = &s->g[k];
        g->brk = L->bflags[L->u16_at[k]] && !dc_is_closing_punct(g->cp) &&
                 !dc_is_opening_punct(s->g[k - 1].cp);
        if (s->g[k - 1].cp == '\n')
            g->brk = 1;
    }
}

struct dc_shaped *
dc_lay_shape(struct dc_lay *L, const char *text, size_t len, int role,
             int src_line)
{
    struct dc_shaped *s = L->spare;
    if (s) { /* its lines array stays */
        L->spare = s->next_spare;
        L->nspare--;
        struct dc_line *lines = s->lines;
        int lcap = s->lcap;
        memset(s, 0, sizeof *s);
        s->lines = lines;
        s->lcap = lcap;
    } else {
        s = dc_xcalloc(1, sizeof *s);
    }
    s->L = L;
    s->text = text;
    s->src_line = src_line;
    uint32_t h = shape_hash(text, len, role);
    struct shape_entry *e = shape_find(L, text, len, role, h);
    if (e && e->text) {
        s->g = e->g; /* not owned: gcap stays 0 */
        s->n = e->n;
        L->stats.fallbacks += e->fallbacks;
        L->stats.missing_glyphs += e->missing;
        return s;
    }
    int fallbacks = L->stats.fallbacks, missing = L->stats.missing_glyphs;
    s->gcap = (int)len + 1;
    s->g = dc_xmalloc(sizeof *s->g * (size_t)s->gcap);
    if (L->u16cap < len + 1) { /* no more UTF-16 units than bytes */
        L->u16cap = len + 1;
        L->u16 = dc_xrealloc(L->u16, sizeof *L->u16 * L->u16cap);
        L->u16_at = dc_xrealloc(L->u16_at, sizeof *L->u16_at * L->u16cap);
        L->bflags = dc_xrealloc(L->bflags, L->u16cap);
    }
    int32_t n16 = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int k = dc_utf8_decode(text + i, len - i, &cp);
        if (k == 0) { /* ICU's UTF-8 reading saw U+FFFD */
            L->u16[n16++] = 0xFFFD;
            i++;
            continue;
        }
        int32_t at = n16;
        if (cp >= 0x10000) {
            L->u16[n16++] = (UChar)(0xD7C0 + (cp >> 10));
            L->u16[n16++] = (UChar)(0xDC00 | (cp & 0x3FF));
        } else {
            L->u16[n16++] = (UChar)cp;
        }
        if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F ||
            (cp >= 0x80 && cp < 0xA0) || cp == 0xFEFF) {
            i += (size_t)k;
            continue;
        }
        L->u16_at[s->n] = at;
        struct dc_glyph *g = &s->g[s->n++];
        g->cp = cp;
        g->off = (uint32_t)i;
        g->brk = 0;
        if (cp == '\n') {
            g->adv = 0;
            g->role = (uint8_t)role;
        } else if (cp == '\t') {
            resolve(L, ' ', role, src_line, &g->role, &g->adv);
        } else {
            resolve(L, cp, role, src_line, &g->role, &g->adv);
        }
        i += (size_t)k;
    }
    if (s->n > 1)
        find_breaks(L, s, n16);
    if (e)
        shape_keep(L, e, text, len, role, h, s,
                   L->stats.fallbacks - fallbacks,
                   L->stats.missing_glyphs - missing);
    return s;
}

void
dc_lay_text_free(struct dc_lay *L)
{
    for (int i = 0; i < DC_FONT_COUNT; i++)
        free(L->adv[i]);
    free(L->reported);
    free(L->u16);
    free(L->u16_at);
    free(L->bflags);
    if (L->shapes)
        for (int i = 0; i < SHAPE_SLOTS; i++)
            free(L->shapes->slot[i].text);
    free(L->shapes);
    while (L->spare) {
        struct dc_shaped *s = L->spare;
        L->spare = s->next_spare;
        free(s->lines);
        free(s);
    }
    L->nspare = 0;
}

void
dc_shaped_free(struct dc_shaped *s)
{
    if (!s)
        return;
    if (s->gcap)
        free(s->g);
    struct dc_lay *L = s->L;
    if (L->nspare >= DC_LAY_SPARES) {
        free(s->lines);
        free(s);
        return;
    }
    s->next_spare = L->spare;
    L->spare = s;
    L->nspare++;
}

int
dc_shaped_gaps(const struct dc_shaped *s, int gs, int ge)
{
    int n = 0;
    for (int i = gs; i + 1 < ge; i++)
        if (s->g[i].role != DC_FONT_LATIN || s->g[i + 1].role != DC_FONT_LATIN)
            n++;
    return n;
}

static int32_t
gadv(const struct dc_glyph *g, int32_t size)
{
    return (int32_t)((int64_t)g->adv * size / 1000);
}

int32_t
dc_shaped_width(const struct dc_shaped *s, int gs, int ge, int32_t size)
{
    int32_t w = 0;
    for (int i = gs; i < ge; i++)
        w += gadv(&s->g[i], size);
    if (s->track && ge > gs)
        w += s->track * dc_shaped_gaps(s, gs, ge);
    return w;
}


int32_t
dc_shaped_min_width(const struct dc_shaped *s)
{
    int32_t best = 0, cur = 0;
    for (int i = 0; i < s->n; i++) {
        if (s->g[i].brk || s->g[i].cp == '\n')
            cur = 0;
        if (s->g[i].cp == '\n' || dc_is_space(s->g[i].cp))
            continue;
        cur += s->g[i].adv;
        if (cur > best)
            best = cur;
    }
    return best;
}

static void
add_line(struct dc_shaped *s, int gs, int ge, int32_t size, int32_t indent,
         int last)
{
    while (ge > gs && dc_is_space(s->g[ge - 1].cp))
        ge--;
    if (s->nlines == s->lcap) {
        s->lcap = s->lcap ? 2 * s->lcap : 1;
        s->lines = dc_xrealloc(s->lines, sizeof *s->lines * (size_t)s->lcap);
    }
    struct dc_line *l = &s->lines[s->nlines++];
    l->gs = gs;
    l->ge = ge;
    l->width = dc_shaped_width(s, gs, ge, size);
    l->indent = indent;
    l->last = last;
}

int
dc_lay_break(struct dc_lay *L, struct dc_shaped *s, int32_t size,
             int32_t width, int32_t indent1)
{
    s->nlines = 0;
    s->size = size;
    int n = s->n, i = 0, first = 1;
    while (i < n) {
        int start = i;
        if (!first)
            while (start < n && dc_is_space(s->g[start].cp))
                start++;
        int32_t indent = first ? indent1 : 0;
        int32_t avail = width - indent;
        int32_t w = 0;
        int lastok = -1, j, hard = 0, end, next;
        for (j = start; j < n; j++) {
            if (s->g[j].cp == '\n') {
                hard = 1;
                break;
            }
            if (j > start && s->g[j].brk)
                lastok = j;
            int32_t a = gadv(&s->g[j], size);
            if (j > start && (s->g[j - 1].role != DC_FONT_LATIN ||
                              s->g[j].role != DC_FONT_LATIN))
                a += s->track; /* the gap before glyph j */
            if (w + a > avail && j > start && !dc_is_space(s->g[j].cp))
                break;
            w += a;
        }
        if (j >= n || hard) {
            end = j;
            next = hard ? j + 1 : n;
        } else if (lastok > start) {
            end = next = lastok;
        } else {
            /* no break opportunity: break between characters anyway, but
             * still not before closing punctuation */
            end = j;
            while (end - 1 > start && (dc_is_closing_punct(s->g[end].cp) ||
                                       dc_is_opening_punct(s->g[end - 1].cp)))
                end--;
            next = end;
            L->stats.emergency_breaks++;
        }
        add_line(s, start, end, size, indent, j >= n || hard);
        struct dc_line *l = &s->lines[s->nlines - 1];
        if (l->width > avail) {
            L->stats.overflows++;
            dc_diag_report(L->diag, L->file, s->src_line, 0, DC_SEV_WARNING,
                           _("text is %d pt wide where %d pt are available"),
                           (int)(l->width / 1000), (int)(avail / 1000));
        }
        first = 0;
        i = next;
        if (hard && i >= n)
            break;
    }
    return s->nlines;
}

static int
last_line_chars(const struct dc_shaped *s)
{
    if (s->nlines < 1)
        return 0;
    const struct dc_line *l = &s->lines[s->nlines - 1];
    int n = 0;
    for (int i = l->gs; i < l->ge; i++)
        if (s->g[i].cp != '\n' && !dc_is_space(s->g[i].cp))
            n++;
    return n;
}

/* Moves the break before a short last line back to an earlier break
 * opportunity of the line above, when the last line then holds at least
 * `min_last` characters and still fits: 政府性/基金预/算 becomes
 * 政府性/基金/预算. */
static void
shift_last_break(struct dc_shaped *s, int32_t size, int32_t width,
                 int min_last)
{
    if (s->nlines < 2)
        return;
    struct dc_line *pl = &s->lines[s->nlines - 2], *ll = &s->lines[s->nlines - 1];
    if (pl->last) /* a '\n' ends the line above */
        return;
    int have = last_line_chars(s);
    for (int b = pl->ge - 1; b > pl->gs + 1; b--) {
        if (!s->g[b].brk)
            continue;
        int32_t w = dc_shaped_width(s, b, ll->ge, size);
        if (w > width)
            return;
        if (have + (pl->ge - b) < min_last)
            continue;
        pl->ge = b;
        pl->width = dc_shaped_width(s, pl->gs, b, size);
        ll->gs = b;
        ll->width = w;
        return;
    }
}

int
dc_lay_break_min_last(struct dc_lay *L, struct dc_shaped *s, int32_t size,
                      int32_t width, int32_t indent1, int min_last)
{
    int n0 = dc_lay_break(L, s, size, width, indent1);
    if (n0 < 2 || last_line_chars(s) >= min_last)
        return n0;
    int32_t piece = (int32_t)((int64_t)dc_shaped_min_width(s) * size / 1000);
    for (int k = 1; k <= 4; k++) {
        int32_t w = width - k * size;
        if (w - indent1 < piece || w <= 0)
            break;
        if (dc_lay_break(L, s, size, w, indent1) == n0 &&
            last_line_chars(s) >= min_last)
            return n0;
        if (s->nlines > n0)
            break;
    }
    dc_lay_break(L, s, size, width, indent1);
    shift_last_break(s, size, width, min_last);
    return s->nlines;
}

int32_t
dc_lay_emit(struct dc_lay *L, struct dc_dl_page *p, const struct dc_shaped *s,
            int gs, int ge, int32_t x, int32_t y, int32_t size,
            int32_t spacing, const struct dc_node *src)
{
    int i = gs;
    while (i < ge) {
        if (s->g[i].cp == '\n') {
            i++;
            continue;
        }
        int role = s->g[i].role, j = i;
        int32_t w = 0;
        int nch = 0;
        dc_buf_clear(&L->tmp);
        char u8[256]; /* the run's UTF-8, put a buffer at a time */
        size_t n8 = 0;
        while (j < ge && s->g[j].role == role && s->g[j].cp != '\n') {
            if (n8 + 4 > sizeof u8) {
                dc_buf_put(&L->tmp, u8, n8);
                n8 = 0;
            }
            n8 += dc_utf8_encode(u8 + n8, s->g[j].cp == '\t' ? ' ' : s->g[j].cp);
            w += gadv(&s->g[j], size);
            nch++;
            j++;
        }
        dc_buf_put(&L->tmp, u8, n8);
        /* spacing follows every character but the line's last; digits
         * and Latin words are not spread, only the gap after them */
        int32_t rs = role == DC_FONT_LATIN ? 0 : spacing;
        w += rs * (j >= ge ? nch - 1 : nch);
        struct dc_dl_text *t =
            dc_display_add_text(L->d, p, L->tmp.data, L->tmp.len);
        t->x = x;
        t->y = y;
        t->size = size;
        t->spacing = rs;
        t->width = w;
        t->font = role;
        t->src = src;
        x += w;
        if (role == DC_FONT_LATIN && j < ge)
            x += spacing;
        i = j;
    }
    return x;
}
