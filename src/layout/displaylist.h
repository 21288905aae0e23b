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

/* 40 bytes (48 an item): a page of a table holds hundreds of items; a
 * finished page's items are written to a spillable buffer (core.h) or
 * dropped rather than held until the PDF is written, where the caller
 * asks (issue 12). */
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
    struct dc_dl_item *items; /* NULL once the page is written out or
                                 dropped: read them with dc_display_page */
    size_t nitems, cap;
    int pinned;            /* the layout comes back to it (the 目录's
                              pages, filled last): it stays in memory */
    int spilled;           /* its items are in the display's spill from
                              `at`, then `tlen` bytes of their text */
    int64_t at;
    size_t tlen;
};

/* A bookmark; `level` 0 = top. */
struct dc_dl_outline {
    int level;
    const char *title;
    int page;  /* index into pages[] */
    int32_t y; /* top of the target on that page */
};

/* What becomes of a page once the layout has finished it (it starts the
 * next one), the 目录's pages but for (they are filled last). */
enum dc_display_pages {
    DC_PAGES_KEEP,  /* held in memory (tests, the display dump) */
    DC_PAGES_SPILL, /* written to a spillable buffer (in memory up to its
                       budget, then a scratch file), read back a page at
                       a time (the PDF): past the budget, memory for one
                       page, not all */
    DC_PAGES_DROP   /* freed (a render without the PDF needs only the
                       layout's decisions) */
};

struct dc_display {
    struct dc_arena arena;
    enum dc_display_pages keep;
    struct dc_spill spill; /* the finished pages (DC_PAGES_SPILL) */
    struct dc_arena text; /* the text of the page being laid out, when
                             finished pages do not stay */
    struct dc_buf out;    /* a page as written out */
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
/* From now on, finished pages are kept, spilled or dropped as `keep` says;
 * DC_PAGES_SPILL holds `budget` bytes of them in memory (0:
 * DC_SPILL_BUDGET), then writes them into a scratch file in `dir` (NULL:
 * the system's temporary folder); when the file cannot be made or written,
 * they stay in memory: the output is the same, only larger in memory. */
void dc_display_set_keep(struct dc_display *d, enum dc_display_pages keep,
                         const char *dir, size_t budget);
/* A new page; the one before it is finished (unless pinned). */
struct dc_dl_page *dc_display_add_page(struct dc_display *d, int landscape);
/* A text run on `p` with a copy of the `n` bytes of `text` (UTF-8). */
struct dc_dl_text *dc_display_add_text(struct dc_display *d,
                                       struct dc_dl_page *p, const char *text,
                                       size_t n);
struct dc_dl_rule *dc_display_add_rule(struct dc_display *d,
                                       struct dc_dl_page *p);
void dc_display_add_outline(struct dc_display *d, int level,
                            const char *title, int page, int32_t y);
/* Where dc_display_page() reads a written-out page into; zero it first,
 * one per thread, reused page after page. */
struct dc_dl_buf {
    struct dc_dl_page page;
    void *data;
    size_t cap;
};
void dc_dl_buf_free(struct dc_dl_buf *b);
/* Page i with its items readable: the page itself, or a copy in `buf`
 * with the items read back from the spill (valid until buf's next use);
 * NULL, with errno set, when that read fails.  Any thread, once the
 * layout is done. */
const struct dc_dl_page *dc_display_page(const struct dc_display *d, int i,
                                         struct dc_dl_buf *buf);
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
