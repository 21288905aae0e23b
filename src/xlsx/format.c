/* Cell formats (made once per distinct style), number formats derived from
 * the exact decimal, and worksheet names. */
#include "xlsx_int.h"

#include <string.h>

lxw_error
dc_xlsx_check(struct dc_xlsx *x, lxw_error err, const char *call)
{
    if (err != LXW_NO_ERROR && x->err == LXW_NO_ERROR) {
        x->err = err;
        x->err_call = call;
    }
    return err;
}

lxw_format *
dc_xlsx_format(struct dc_xlsx *x, const struct dc_xlsx_style *key)
{
    for (int i = 0; i < x->nfmt; i++)
        if (memcmp(&x->keys[i], key, sizeof *key) == 0)
            return x->fmts[i];
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        dc_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook_add_format");
        return NULL;
    }
    format_set_font_name(f, key->hei ? x->font_hei : x->font_song);
    format_set_font_size(f, key->size / 10.0);
    if (key->bold)
        format_set_bold(f);
    if (key->align != LXW_ALIGN_NONE)
        format_set_align(f, (uint8_t)key->align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (key->indent > 0)
        format_set_indent(f, (uint8_t)key->indent);
    if (key->border)
        format_set_border(f, LXW_BORDER_THIN);
    if (key->wrap)
        format_set_text_wrap(f);
    if (key->text)
        format_set_num_format(f, "@");
    else if (key->numfmt[0])
        format_set_num_format(f, key->numfmt);
    /* a format that is not kept (cache full) still works, it is only made
     * again for the next cell that needs it */
    if (x->nfmt < DC_XLSX_MAX_FORMATS) {
        x->keys[x->nfmt] = *key;
        x->fmts[x->nfmt++] = f;
    }
    return f;
}

void
dc_xlsx_numfmt(const char *text, struct dc_decimal d, char *out, size_t outsz)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_puts(&b, text && strchr(text, ',') ? "#,##0" : "0");
    if (d.scale > 0) {
        dc_buf_putc(&b, '.');
        for (int i = 0; i < d.scale; i++)
            dc_buf_putc(&b, '0');
    }
    snprintf(out, outsz, "%s", b.data);
    dc_buf_free(&b);
}

double
dc_xlsx_number(struct dc_decimal d, int *ok)
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                   1e5, 1e6, 1e7, 1e8, 1e9};
    /* at most 15 significant digits: the nearest double then prints back
     * as the same decimal (and libxlsxwriter writes %.16G) */
    uint64_t u = d.units < 0 ? 0 - (uint64_t)d.units : (uint64_t)d.units;
    *ok = u < UINT64_C(1000000000000000) && d.scale >= 0 && d.scale <= 9;
    if (!*ok)
        return 0;
    /* an integer below 2^53 converts exactly and the division by an exact
     * power of ten rounds once: the double nearest the decimal */
    return (double)d.units / pow10[d.scale];
}

/* The text of the cell after the first cell of a form row whose first cell
 * reads `label` (blanks ignored), or NULL. */
static const char *
form_value(const struct dc_node *table, const char *label)
{
    struct dc_buf sq;
    dc_buf_init(&sq);
    const char *found = NULL;
    for (const struct dc_node *r = dc_node_first(table); r && !found;
         r = dc_node_next(r)) {
        const struct dc_node *c = dc_node_first(r);
        if (r->type != DC_NODE_ROW || !c || !dc_node_next(c) || !c->u.cell.text)
            continue;
        dc_squeeze(c->u.cell.text, &sq);
        if (strcmp(sq.data, label) == 0 && dc_node_next(c)->u.cell.text &&
            *dc_node_next(c)->u.cell.text)
            found = dc_node_next(c)->u.cell.text;
    }
    dc_buf_free(&sq);
    return found;
}

void
dc_xlsx_sheet_name(const struct dc_node *table, int project_number,
                   struct dc_buf *out)
{
    const struct dc_table *t = &table->u.table;
    struct dc_buf raw;
    dc_buf_init(&raw);
    if (t->kind == DC_TABLE_NUMBERED) {
        if (t->label && *t->label)
            dc_buf_puts(&raw, t->label);
        else
            dc_buf_printf(&raw, "表%d", t->number);
    } else if (t->kind == DC_TABLE_FORM_PROJECT) {
        const char *name = form_value(table, "项目名称");
        dc_buf_printf(&raw, "项目%d", project_number);
        if (name) {
            dc_buf_putc(&raw, ' ');
            dc_buf_puts(&raw, name);
        }
    } else {
        dc_buf_puts(&raw, t->title && *t->title ? t->title : "表");
    }
    /* at most 31 characters, without blanks at either end, none of the
     * characters a sheet name cannot hold */
    dc_buf_clear(out);
    size_t n = raw.len, nch = 0;
    for (size_t i = 0; i < n && nch < 31;) {
        uint32_t cp = 0;
        int len = dc_utf8_decode(raw.data + i, n - i, &cp);
        if (len <= 0)
            len = 1, cp = '_';
        if (cp == '\n' || cp == '\t')
            cp = ' ';
        if (cp == '[' || cp == ']' || cp == ':' || cp == '*' || cp == '?' ||
            cp == '/' || cp == '\\' || (cp == '\'' && (nch == 0)))
            cp = '_';
        if (cp == ' ' && nch == 0) {
            i += (size_t)len;
            continue;
        }
        if (cp == ' ' || cp == '_' || len == 1)
            dc_buf_putc(out, (char)(cp < 0x80 ? cp : '_'));
        else
            dc_buf_put(out, raw.data + i, (size_t)len);
        nch++;
        i += (size_t)len;
    }
    while (out->len > 0 &&
           (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\''))
        out->data[--out->len] = '\0';
    if (out->len == 0)
        dc_buf_puts(out, "表");
    dc_buf_free(&raw);
}
