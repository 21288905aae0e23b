#include "core.h"

#include <string.h>

size_t
dc_utf8_encode(char *d, uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int
dc_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t
dc_utf8_len(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

int
dc_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

int
dc_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
           cp == '\r' || cp == 0xFEFF;
}

static int
is_blank(uint32_t cp)
{
    return dc_is_space(cp) || cp == '\n';
}

/* The bytes a blank (or line break) can begin with: the ASCII ones and the
 * lead bytes of NBSP (C2), U+3000 (E3) and the BOM (EF). */
static const char blank_leads[] = " \t\r\n\xC2\xE3\xEF";

/* The byte length of the blank (or line break) that starts s[0..n), or 0.
 * A byte not in blank_leads is answered without decoding. */
static size_t
blank_len(const char *s, size_t n)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80)
        return is_blank(b) ? 1 : 0;
    if (b != 0xC2 && b != 0xE3 && b != 0xEF)
        return 0;
    uint32_t cp;
    int l = dc_utf8_decode(s, n, &cp);
    return l > 0 && is_blank(cp) ? (size_t)l : 0;
}

const char *
dc_trim(const char *s, size_t *n)
{
    size_t a = 0, b = *n, l;
    while (a < b && (l = blank_len(s + a, b - a)) > 0)
        a += l;
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        l = blank_len(s + k, b - k);
        if (l == 0 || k + l != b)
            break;
        b = k;
    }
    *n = b - a;
    return s + a;
}

const char *
dc_skip_space(const char *s)
{
    size_t n = strlen(s), a = 0, l;
    while (a < n && (l = blank_len(s + a, n - a)) > 0)
        a += l;
    return s + a;
}

void
dc_squeeze(const char *s, struct dc_buf *out)
{
    dc_buf_clear(out);
    size_t n = s ? strlen(s) : 0;
    size_t run = 0; /* the kept bytes since the last blank begin here */
    for (size_t i = 0; i < n;) {
        /* to the next byte that can begin a blank (a continuation byte
         * begins none: stepping bytewise finds the blanks a walk by code
         * points finds) */
        i += strcspn(s + i, blank_leads);
        size_t l = i < n ? blank_len(s + i, n - i) : 0;
        if (l > 0) {
            dc_buf_put(out, s + run, i - run);
            run = i + l;
            i += l;
        } else {
            i++;
        }
    }
    dc_buf_put(out, s + run, n - run); /* also: data is never NULL */
}
