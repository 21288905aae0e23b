#include "core.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
dc_list_dir(const char *dir, const char *suffix, size_t *count)
{
    DIR *d = opendir(dir);
    *count = 0;
    if (!d)
        return NULL;
    size_t n = 0, cap = 8, sl = suffix ? strlen(suffix) : 0;
    char **names = dc_xmalloc(cap * sizeof(char *));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' ||
            (sl && (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)))
            continue;
        if (n + 1 >= cap) {
            cap *= 2;
            names = dc_xrealloc(names, cap * sizeof(char *));
        }
        names[n++] = dc_xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), name_cmp);
    names[n] = NULL;
    *count = n;
    return names;
}

void
dc_list_free(char **names)
{
    if (!names)
        return;
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}
