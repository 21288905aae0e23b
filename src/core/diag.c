#include "core.h"
#include "i18n.h"

#include <stdlib.h>

const char *
dc_severity_str(enum dc_severity s)
{
    switch (s) {
    case DC_SEV_NOTE:
        return "note";
    case DC_SEV_WARNING:
        return "warning";
    case DC_SEV_ERROR:
        return "error";
    }
    return "error";
}

const char *
dc_severity_label(enum dc_severity s)
{
    switch (s) {
    case DC_SEV_NOTE:
        return _("note");
    case DC_SEV_WARNING:
        return _("warning");
    case DC_SEV_ERROR:
        return _("error");
    }
    return _("error");
}

void
dc_diag_init(struct dc_diag *d, FILE *stream)
{
    d->msgs = NULL;
    d->n = d->cap = 0;
    d->stream = stream;
    d->nerrors = d->nwarnings = 0;
    d->quiet = 0;
}

void
dc_diag_free(struct dc_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->msgs[i].text);
        free(d->msgs[i].own_file);
    }
    free(d->msgs);
    d->msgs = NULL;
    d->n = d->cap = 0;
}

void
dc_diag_format(const struct dc_diag_msg *m, struct dc_buf *out)
{
    if (m->file)
        dc_buf_printf(out, "%s:", m->file);
    if (m->line > 0) {
        dc_buf_printf(out, "%d:", m->line);
        if (m->col > 0)
            dc_buf_printf(out, "%d:", m->col);
    }
    dc_buf_printf(out, "%s%s: %s", (m->file || m->line > 0) ? " " : "",
                  dc_severity_label(m->sev), m->text);
}

void
dc_diag_vreport(struct dc_diag *d, const char *file, int line, int col,
                enum dc_severity sev, const char *fmt, va_list ap)
{
    if (!d) /* no sink: the message is dropped */
        return;
    struct dc_buf b;
    dc_buf_init(&b);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        char *tmp = dc_xmalloc((size_t)n + 1);
        vsnprintf(tmp, (size_t)n + 1, fmt, ap);
        dc_buf_put(&b, tmp, (size_t)n);
        free(tmp);
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->msgs = dc_xrealloc(d->msgs, d->cap * sizeof(*d->msgs));
    }
    struct dc_diag_msg *m = &d->msgs[d->n++];
    /* a sink that only collects is read later, maybe after the file name's
     * owner freed it (the layout's page.xml path, held by render until
     * the leftover scan's warnings are out) */
    m->own_file = !d->stream && file ? dc_xstrdup(file) : NULL;
    m->file = m->own_file ? m->own_file : file;
    m->line = line;
    m->col = col;
    m->sev = sev;
    m->text = dc_buf_detach(&b);
    if (sev == DC_SEV_ERROR)
        d->nerrors++;
    else if (sev == DC_SEV_WARNING)
        d->nwarnings++;
    if (d->stream && (sev == DC_SEV_ERROR || !d->quiet)) {
        struct dc_buf line_buf;
        dc_buf_init(&line_buf);
        dc_diag_format(m, &line_buf);
        fprintf(d->stream, "%s\n", line_buf.data);
        dc_buf_free(&line_buf);
    }
}

void
dc_diag_report(struct dc_diag *d, const char *file, int line, int col,
               enum dc_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_diag_vreport(d, file, line, col, sev, fmt, ap);
    va_end(ap);
}
