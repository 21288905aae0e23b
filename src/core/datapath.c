/* Where the program's data files are, for every kind of them in one place:
 * the installed program finds them next to itself (bin/../share/disclose),
 * so a prefix can be moved or packaged; the program in the build tree finds
 * the source tree's; the command line may override either (cli reads the
 * environment, this file never does). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "core.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set by CMake: the installed layout relative to the binary's folder, and
 * the trees this program was built from. */
#ifndef DC_DATA_RELDIR
#define DC_DATA_RELDIR "../share/disclose"
#endif
#ifndef DC_LOCALE_RELDIR
#define DC_LOCALE_RELDIR "../share/locale"
#endif
#ifndef DC_MODULE_RELDIR
#define DC_MODULE_RELDIR "../lib/disclose"
#endif
#ifndef DC_SOURCE_DIR
#define DC_SOURCE_DIR "."
#endif
#ifndef DC_BUILD_DIR
#define DC_BUILD_DIR "."
#endif
#ifndef DC_BUILD_LOCALE_DIR
#define DC_BUILD_LOCALE_DIR DC_BUILD_DIR "/locale"
#endif

static const struct {
    const char *installed; /* relative to the binary's folder, or NULL */
    const char *built;     /* for a program inside the build tree */
} where[DC_DATA_COUNT] = {
    [DC_DATA_LAYOUTS] = {DC_DATA_RELDIR "/layouts", DC_SOURCE_DIR "/layouts"},
    [DC_DATA_FONTMAP] = {DC_DATA_RELDIR "/fonts/fontmap.xml",
                         DC_SOURCE_DIR "/fonts/fontmap.xml"},
    [DC_DATA_ICC] = {NULL, NULL},
    [DC_DATA_LOCALE] = {DC_LOCALE_RELDIR, DC_BUILD_LOCALE_DIR},
    /* beside the executable in the build tree */
    [DC_DATA_MODULES] = {DC_MODULE_RELDIR, DC_BUILD_DIR},
};

/* The system's sRGB profile: not ours to install. */
static const char *const icc_paths[] = {
    "/usr/share/color/icc/sRGB.icc",        /* icc-profiles-free */
    "/usr/share/color/icc/colord/sRGB.icc", /* colord-data */
};

static char *overrides[DC_DATA_COUNT];
static char *paths[DC_DATA_COUNT];
static pthread_once_t resolved = PTHREAD_ONCE_INIT;

void
dc_data_override(enum dc_data what, const char *path)
{
    free(overrides[what]);
    overrides[what] = path && *path ? dc_xstrdup(path) : NULL;
}

/* base + "/" + rel, each leading "../" of rel taking a folder off base */
static char *
join(const char *base, const char *rel)
{
    size_t n = strlen(base);
    while (strncmp(rel, "../", 3) == 0 && n > 1) {
        while (n > 1 && base[n - 1] != '/')
            n--;
        if (n > 1)
            n--; /* the slash itself, unless it is the root */
        rel += 3;
    }
    struct dc_buf b;
    dc_buf_init(&b);
    dc_buf_put(&b, base, n);
    if (n == 0 || base[n - 1] != '/')
        dc_buf_putc(&b, '/');
    dc_buf_puts(&b, rel);
    return dc_buf_detach(&b);
}

/* Is `path` inside folder `dir` (both real paths)? */
static int
inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static void
resolve_all(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *bindir = NULL;
    int in_build = 1; /* without /proc, the build tree's data at least */
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        bindir = dc_xstrdup(exe);
        bindir[slash && slash > exe ? slash - exe : 1] = '\0';
        char *build = realpath(DC_BUILD_DIR, NULL);
        in_build = build && inside(exe, build);
        free(build);
    }
    for (int i = 0; i < DC_DATA_COUNT; i++) {
        /* code is loaded only from beside the program: where it is not
         * known, from nowhere */
        if (!where[i].installed || (i == DC_DATA_MODULES && !bindir))
            continue;
        char *next_to_exe = bindir ? join(bindir, where[i].installed) : NULL;
        /* installed data first, so that a binary installed into a folder of
         * the build tree still uses what was installed with it */
        if (next_to_exe && (!in_build || access(next_to_exe, F_OK) == 0)) {
            paths[i] = next_to_exe;
        } else {
            free(next_to_exe);
            paths[i] = dc_xstrdup(where[i].built);
        }
    }
    for (size_t i = 0; i < sizeof icc_paths / sizeof icc_paths[0]; i++)
        if (access(icc_paths[i], R_OK) == 0) {
            paths[DC_DATA_ICC] = dc_xstrdup(icc_paths[i]);
            break;
        }
    free(bindir);
}

const char *
dc_data_path(enum dc_data what)
{
    if (overrides[what])
        return overrides[what];
    pthread_once(&resolved, resolve_all);
    return paths[what];
}
