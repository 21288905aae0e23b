/* Where a command's SOURCE comes from: a file, or standard input ("-"). */
#include "cli.h"
#include "i18n.h"
#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct dc_doc *
dc_cli_parse(const char *source, const char *name,
             const struct dc_tabledefs *defs, struct dc_diag *diag)
{
    if (strcmp(source, "-") != 0)
        return dc_parse_file(source, defs, diag);
    if (!name)
        name = "<stdin>";
    char *data;
    size_t len;
    if (dc_read_stream(stdin, &data, &len) != DC_OK) {
        dc_diag_report(diag, name, 0, 0, DC_SEV_ERROR,
                       _("cannot read standard input: %s"), strerror(errno));
        return NULL;
    }
    struct dc_doc *doc = dc_parse_buffer(name, data, len, defs, diag);
    free(data);
    return doc;
}

char *
dc_cli_stem(const char *source, const char *name)
{
    if (name)
        return dc_xstrdup(name);
    const char *base = strrchr(source, '/');
    base = base ? base + 1 : source;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = dc_xmalloc(n + 1);
    memcpy(stem, base, n);
    stem[n] = '\0';
    return stem;
}
