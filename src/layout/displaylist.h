/* The display list: what the layout engine decided, page by page, and all
 * the PDF backend paints.  Units: millipoints (1/1000 pt), origin at the
 * bottom-left corner of the page, as in PDF.  Owned by its own arena; text
 * points into the model or the arena, so the model must outlive it. */
#ifndef DC_DISPLAYLIST_H
#define DC_DISPLAYLIST_H

#include "core.h"

struct dc_node;

/* Font roles; the font map (fonts/) says which file serves each. */
enum dc_font_role {
    DC_FONT_SONG,  /* body and tables: GB/T 9704's 仿宋_GB2312 (宋体 stands
                      in where no 仿宋 is at hand) */
    DC_FONT_HEI,   /* 黑体: 一、 headings, table titles and heads */
    DC_FONT_KAI,   /* 楷体_GB2312: （一） headings */
    DC_FONT_TITLE, /* 方正小标宋简体: the cover and the part titles */
    DC_FONT_LATIN, /* digits and Latin letters (Times-compatible serif) */
    DC_FONT_COUNT
};

enum dc_dl_kind { DC_DL_TEXT, DC_DL_RULE };

/* 40 bytes (48 an item): a page of a table holds hundreds of items, and
 * the document's pages are held until the PDF is written (issue 12). */
struct dc_dl_text {
    const char *text;  /* UTF-8, no TAB, no newline */
    const struct dc_node *src; /* model node it came from, or NULL */
    int32_t x, y;      /* start of the baseline */
    int32_t size;      /* type size */
    int32_t spacing;   /* extra space after every character (PDF Tc) */
    int32_t width;     /* advance width of the whole run, spacing included
                          (spacing after a line's last character is not
                          counted: the next run starts at x + width) */
    signed char font;  /* enum dc_font_role; the run uses one font */
    unsigned char upright; /* on a landscape page: set in the portrait
                              sheet's coordinates, not turned (its folio) */
};

struct dc_dl_rule {
    int32_t x1, y1, x2, y2; /* a straight line */
    int32_t width;          /* line width */
};

struct dc_dl_item {
    enum dc_dl_kind kind;
    union {
        struct dc_dl_text text;
        struct dc_dl_rule rule;
    } u;
};

struct dc_dl_page {
    int32_t width, height; /* 595276 x 841890 for A4 portrait; a landscape
                              page is laid out 841890 x 595276 and printed
                              turned on a portrait sheet (GB/T 9704 §8):
                              its head toward the sheet's left edge, the
                              sheet shown turned (/Rotate 90), its folio
                              upright where portrait pages have it */
    int landscape;
    int number;            /* printed page number, 0 = none (front matter) */
    struct dc_dl_item *items;
    size_t nitems, cap;
};

/* A bookmark; `level` 0 = top. */
struct dc_dl_outline {
    int level;
    const char *title;
    int page;  /* index into pages[] */
    int32_t y; /* top of the target on that page */
};

struct dc_display {
    struct dc_arena arena;
    struct dc_dl_page *pages;
    int npages, cap;
    struct dc_dl_outline *outline;
    int noutline, outline_cap;
    /* document information */
    const char *source; /* the source's name, for messages (the model's) */
    const char *title, *author, *subject, *keywords;
    int date_y, date_m, date_d; /* creation date: the signature's */
};

struct dc_display *dc_display_new(void);
void dc_display_free(struct dc_display *d); /* NULL does nothing */
struct dc_dl_page *dc_display_add_page(struct dc_display *d, int landscape);
struct dc_dl_text *dc_display_add_text(struct dc_display *d,
                                       struct dc_dl_page *p);
struct dc_dl_rule *dc_display_add_rule(struct dc_display *d,
                                       struct dc_dl_page *p);
void dc_display_add_outline(struct dc_display *d, int level,
                            const char *title, int page, int32_t y);
/* One line per item, stable, for golden tests and debugging. */
void dc_display_dump(const struct dc_display *d, FILE *out);

/* ---- metrics: how wide a character is, supplied by whoever owns the
 * fonts (the PDF backend in the program, a fixed-width fake in tests) ---- */
struct dc_metrics {
    void *ctx;
    /* Advance of `cp` in `font` in 1/1000 em; -1 when the font has no glyph
     * for it (the layout then falls back and reports it). */
    int (*advance)(void *ctx, int font, uint32_t cp);
    int ascent[DC_FONT_COUNT];  /* 1/1000 em, positive */
    int descent[DC_FONT_COUNT]; /* 1/1000 em, negative */
};

#endif
