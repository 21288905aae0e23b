#include "core.h"

#include <stdlib.h>
#include <string.h>

void
dc_buf_init(struct dc_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void
dc_buf_free(struct dc_buf *b)
{
    free(b->data);
    dc_buf_init(b);
}

void
dc_buf_clear(struct dc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void
reserve(struct dc_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = dc_xrealloc(b->data, cap);
    b->cap = cap;
}

void
dc_buf_put(struct dc_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
dc_buf_puts(struct dc_buf *b, const char *s)
{
    dc_buf_put(b, s, strlen(s));
}

void
dc_buf_putc(struct dc_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void
dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void
dc_buf_put_utf8(struct dc_buf *b, uint32_t cp)
{
    char s[4];
    dc_buf_put(b, s, dc_utf8_encode(s, cp));
}

char *
dc_buf_detach(struct dc_buf *b)
{
    char *p = b->data;
    if (!p)
        p = dc_xstrdup("");
    dc_buf_init(b);
    return p;
}

void
dc_json_puts(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

size_t
dc_str_put(char *dst, size_t cap, size_t at, const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] && at + n + 1 < cap)
        n++;
    memcpy(dst + at, s, n);
    dst[at + n] = '\0';
    return at + n;
}
