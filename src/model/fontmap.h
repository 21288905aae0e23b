/* The font map (fonts/fontmap.xml): which font file serves each font role,
 * with fallbacks, and the names a Word document asks for.  Read with libxml2
 * by the PDF backend (to load the files) and the DOCX writer (for the Word
 * names); knows nothing of libharu. */
#ifndef DC_FONTMAP_H
#define DC_FONTMAP_H

#include "core.h"

/* Role indices; the same order as enum dc_font_role of displaylist.h. */
#define DC_FONTMAP_SONG 0
#define DC_FONTMAP_HEI 1
#define DC_FONTMAP_KAI 2
#define DC_FONTMAP_TITLE 3
#define DC_FONTMAP_LATIN 4
#define DC_FONTMAP_NROLES 5

struct dc_fontfile {
    const char *path; /* relative paths already joined to the map's folder */
    int index;        /* face in a .ttc collection, 0 for a .ttf */
    int line;         /* where the map lists it */
};

struct dc_fontrole {
    const char *name;           /* "song", "hei", "kai", "title", "latin" */
    const char *word_east_asia; /* w:eastAsia, "仿宋_GB2312"; NULL when not
                                   given */
    const char *word_ascii;     /* w:ascii / w:hAnsi, "SimSun", or NULL */
    const char *word_alt;       /* w:altName in fontTable.xml: the free font
                                   a machine without the named one can use
                                   ("AR PL SungtiL GB"), or NULL */
    int nfiles;                 /* >= 1, in order of preference */
    struct dc_fontfile *files;
    int line;
};

struct dc_fontmap {
    struct dc_arena arena;
    const char *file; /* where it was read from */
    struct dc_fontrole roles[DC_FONTMAP_NROLES];
};

/* Reads and validates a font map (no network, no DTD, no entities).  The
 * title role may be left out: the hei role's files and names serve it.  A map
 * that is not well-formed or not valid reports "file:line:col: error: …" to
 * `diag` and makes the call return NULL.  Whether the files exist is not
 * checked here: see dc_fontmap_pick().  Free the result with
 * dc_fontmap_free(). */
struct dc_fontmap *dc_fontmap_load(const char *path, struct dc_diag *diag);
void dc_fontmap_free(struct dc_fontmap *m); /* NULL does nothing */

/* dc_data_path(DC_DATA_FONTMAP): $DISCLOSE_FONTMAP, else the installed
 * share/disclose/fonts/fontmap.xml, else the source tree's. */
const char *dc_fontmap_default_path(void);

/* Role index for "song", "hei", "kai", "title", "latin"; -1 for anything
 * else. */
int dc_fontmap_role(const char *name);
const char *dc_fontmap_role_name(int role);

/* The first file of `role` that exists and can be read; NULL, with an error
 * naming every file tried reported to `diag`, when none can. */
const struct dc_fontfile *dc_fontmap_pick(const struct dc_fontmap *m, int role,
                                          struct dc_diag *diag);

#endif
