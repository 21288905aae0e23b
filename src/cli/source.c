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
    /* a regular file, or standard input, within --max-size */
    if (strcmp(source, "-") != 0)
        return dc_parse_file(source, dc_cli_max_size, defs, diag);
    return dc_parse_fd(0, name ? name : "<stdin>", dc_cli_max_size, defs,
                       diag);
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
