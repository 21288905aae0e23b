/* The PDF backend and the font map, with a hand-built display list (the
 * layout engine is not needed). */
#include "fontmap.h"
#include "pdf_int.h"

#include <check.h>
#include <hpdf_utils.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];
static struct dc_diag diag;

static void
setup(void)
{
    strcpy(tmpdir, "/tmp/test_pdf.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    dc_diag_init(&diag, stderr);
}

static void
teardown(void)
{
    DIR *dir = opendir(tmpdir);
    struct dirent *e;
    char path[400];
    while (dir && (e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        unlink(path);
    }
    if (dir)
        closedir(dir);
    rmdir(tmpdir);
    dc_diag_free(&diag);
}

static const char *
map_path(void)
{
    static char path[1024];
    const char *src = getenv("DC_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/fonts/fontmap.xml", src ? src : ".");
    return path;
}

static void
write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int
count_files(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static int
has_message(const char *needle)
{
    for (size_t i = 0; i < diag.n; i++)
        if (strstr(diag.msgs[i].text, needle))
            return 1;
    return 0;
}

/* ---- font map ---- */

START_TEST(fontmap_shipped)
{
    struct dc_fontmap *m = dc_fontmap_load(map_path(), &diag);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->roles[DC_FONTMAP_SONG].name, "song");
    /* GB/T 9704's names for Word, the free stand-ins as alternates */
    ck_assert_str_eq(m->roles[DC_FONTMAP_SONG].word_east_asia, "仿宋_GB2312");
    ck_assert_str_eq(m->roles[DC_FONTMAP_SONG].word_alt, "AR PL SungtiL GB");
    ck_assert_str_eq(m->roles[DC_FONTMAP_HEI].word_east_asia, "黑体");
    ck_assert_str_eq(m->roles[DC_FONTMAP_KAI].word_east_asia, "楷体_GB2312");
    ck_assert_str_eq(m->roles[DC_FONTMAP_TITLE].name, "title");
    ck_assert_str_eq(m->roles[DC_FONTMAP_TITLE].word_east_asia,
                     "方正小标宋简体");
    ck_assert_str_eq(m->roles[DC_FONTMAP_LATIN].word_ascii, "Times New Roman");
    ck_assert_ptr_null(m->roles[DC_FONTMAP_LATIN].word_east_asia);
    for (int r = 0; r < DC_FONTMAP_NROLES; r++)
        ck_assert_ptr_nonnull(dc_fontmap_pick(m, r, &diag));
    const struct dc_fontfile *hei = dc_fontmap_pick(m, DC_FONTMAP_HEI, &diag);
    ck_assert_ptr_nonnull(strstr(hei->path, ".ttc"));
    ck_assert_int_eq((int)diag.nerrors, 0);
    dc_fontmap_free(m);
}
END_TEST

START_TEST(fontmap_fallback_and_missing)
{
    char path[128];
    snprintf(path, sizeof path, "%s/map.xml", tmpdir);
    write_text(path,
               "<fontmap>\n"
               " <role name=\"song\"><file path=\"nope.ttf\"/>\n"
               "  <file path=\"/usr/share/fonts/truetype/arphic-gbsn00lp/"
               "gbsn00lp.ttf\"/></role>\n"
               " <role name=\"hei\"><file path=\"/no/such.ttf\"/></role>\n"
               " <role name=\"kai\"><file path=\"k.ttf\"/></role>\n"
               " <role name=\"title\"><file path=\"t.ttf\"/></role>\n"
               " <role name=\"latin\"><word ascii=\"Times New Roman\"/>"
               "<file path=\"l.ttf\"/></role>\n"
               "</fontmap>\n");
    struct dc_fontmap *m = dc_fontmap_load(path, &diag);
    ck_assert_ptr_nonnull(m);
    const struct dc_fontfile *f = dc_fontmap_pick(m, DC_FONTMAP_SONG, &diag);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, 3);
    ck_assert_ptr_null(dc_fontmap_pick(m, DC_FONTMAP_HEI, &diag));
    ck_assert_int_eq((int)diag.nerrors, 1);
    ck_assert_int_eq(diag.msgs[0].line, 4);
    ck_assert(has_message("/no/such.ttf"));
    /* a writer cannot be opened without a font for every role */
    ck_assert_ptr_null(dc_pdf_new(m, &diag));
    dc_fontmap_free(m);
}
END_TEST

static void
expect_bad_map(const char *text, int line, const char *needle)
{
    char path[128];
    snprintf(path, sizeof path, "%s/bad.xml", tmpdir);
    write_text(path, text);
    size_t before = diag.n;
    ck_assert_ptr_null(dc_fontmap_load(path, &diag));
    ck_assert_uint_gt(diag.n, before);
    ck_assert_int_eq(diag.msgs[before].line, line);
    ck_assert_msg(strstr(diag.msgs[before].text, needle), "got: %s",
                  diag.msgs[before].text);
}

static const char good_rest[] =
    " <role name=\"hei\"><file path=\"h.ttf\"/></role>\n"
    " <role name=\"kai\"><file path=\"k.ttf\"/></role>\n"
    " <role name=\"latin\"><file path=\"l.ttf\"/></role>\n"
    "</fontmap>\n";

START_TEST(fontmap_invalid)
{
    char buf[1024];
    expect_bad_map("<fontmap>\n <role name=\"song\">\n", 3, "well-formed");
    expect_bad_map("<fonts/>\n", 1, "root element");
    snprintf(buf, sizeof buf,
             "<fontmap>\n <role name=\"fangsong\"><file path=\"a\"/></role>"
             "\n%s",
             good_rest);
    expect_bad_map(buf, 2, "unknown font role 'fangsong'");
    snprintf(buf, sizeof buf, "<fontmap>\n\n%s", good_rest);
    expect_bad_map(buf, 1, "does not give role 'song'");
    snprintf(buf, sizeof buf,
             "<fontmap>\n <role name=\"song\">\n  <file path=\"a\" "
             "index=\"x\"/></role>\n%s",
             good_rest);
    expect_bad_map(buf, 3, "index=\"x\"");
    snprintf(buf, sizeof buf,
             "<fontmap>\n <role name=\"song\"><file path=\"a\"/>"
             "<size>12</size></role>\n%s",
             good_rest);
    expect_bad_map(buf, 2, "unexpected <size>");
    snprintf(buf, sizeof buf,
             "<fontmap>\n <role name=\"song\"><file src=\"a\"/></role>\n%s",
             good_rest);
    expect_bad_map(buf, 2, "no attribute 'src'");
    snprintf(buf, sizeof buf,
             "<fontmap>\n <role name=\"song\"><word/></role>\n%s", good_rest);
    expect_bad_map(buf, 2, "<word> needs");
    snprintf(buf, sizeof buf,
             "<!DOCTYPE fontmap [<!ENTITY e \"x\">]>\n<fontmap>\n%s",
             good_rest);
    expect_bad_map(buf, 1, "DOCTYPE");
}
END_TEST

/* ---- pieces ---- */

START_TEST(tounicode_valid)
{
    struct dc_buf b;
    dc_buf_init(&b);
    dc_pdf_tounicode_cmap(&b);
    ck_assert_ptr_null(strstr(b.data, "cidrange"));
    ck_assert_ptr_nonnull(strstr(b.data, "100 beginbfrange"));
    ck_assert_ptr_nonnull(strstr(b.data, "48 beginbfrange"));
    ck_assert_ptr_nonnull(strstr(b.data, "<4E00> <4EFF> <4E00>"));
    ck_assert_ptr_nonnull(strstr(b.data, "<FF00> <FFFF> <FF00>"));
    ck_assert_ptr_null(strstr(b.data, "<D800>"));
    ck_assert_ptr_nonnull(strstr(b.data, "/Ordering (UCS)"));
    dc_buf_free(&b);
}
END_TEST

START_TEST(xmp_escaped)
{
    struct dc_pdf_info in = {
        "R&D <预算>", "部门\"甲\"", NULL, "a, b", "disclose",
        "Haru",       2025,         2,    10};
    struct dc_buf b;
    dc_buf_init(&b);
    dc_pdf_xmp(&in, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "R&amp;D &lt;预算&gt;"));
    ck_assert_ptr_nonnull(strstr(b.data, "部门&quot;甲&quot;"));
    ck_assert_ptr_nonnull(strstr(
        b.data, "<xmp:CreateDate>2025-02-10T00:00:00+08:00</xmp:CreateDate>"));
    ck_assert_ptr_nonnull(strstr(b.data, "<pdfaid:part>1</pdfaid:part>"));
    ck_assert_ptr_nonnull(
        strstr(b.data, "<pdfaid:conformance>B</pdfaid:conformance>"));
    ck_assert_ptr_null(strstr(b.data, "dc:description"));
    dc_buf_free(&b);
}
END_TEST

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static const unsigned char *
find_table(const unsigned char *f, const char *tag, uint32_t *len)
{
    unsigned n = (unsigned)(f[4] << 8 | f[5]);
    for (unsigned i = 0; i < n; i++)
        if (memcmp(f + 12 + 16 * i, tag, 4) == 0) {
            *len = be32(f + 12 + 16 * i + 12);
            return f + be32(f + 12 + 16 * i + 8);
        }
    return NULL;
}

static uint32_t
sum32(const unsigned char *p, size_t len)
{
    uint32_t s = 0;
    for (size_t i = 0; i < len; i += 4) {
        unsigned char b[4] = {0, 0, 0, 0};
        memcpy(b, p + i, len - i < 4 ? len - i : 4);
        s += be32(b);
    }
    return s;
}

START_TEST(sfnt_slim)
{
    size_t len;
    char *font = NULL;
    ck_assert_int_eq(dc_read_file("/usr/share/fonts/truetype/liberation/"
                                  "LiberationSerif-Regular.ttf",
                                  0, &font, &len, NULL),
                     DC_OK);
    const unsigned char *f = (const unsigned char *)font;
    uint32_t hl, pl, ol;
    const unsigned char *hmtx = find_table(f, "hmtx", &hl);
    ck_assert_ptr_nonnull(find_table(f, "post", &pl));
    ck_assert_uint_gt(pl, 32);
    unsigned char used[64] = {0};
    used[0] = used[5] = used[36] = 1;
    unsigned char *o = NULL;
    size_t n = dc_pdf_sfnt_slim(f, len, used, 64, &o);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_lt(n, len);
    /* post 3.0, 32 bytes */
    const unsigned char *post = find_table(o, "post", &ol);
    ck_assert_ptr_nonnull(post);
    ck_assert_uint_eq(ol, 32);
    ck_assert_uint_eq(be32(post), 0x00030000);
    /* tables sorted, aligned, checksums right; the whole sums to the magic */
    unsigned nt = (unsigned)(o[4] << 8 | o[5]);
    for (unsigned i = 0; i < nt; i++) {
        const unsigned char *e = o + 12 + 16 * i;
        if (i > 0)
            ck_assert_int_lt(memcmp(e - 16, e, 4), 0);
        ck_assert_uint_eq(be32(e + 8) % 4, 0);
        if (memcmp(e, "head", 4) != 0)
            ck_assert_uint_eq(be32(e + 4),
                              sum32(o + be32(e + 8), be32(e + 12)));
    }
    ck_assert_uint_eq(sum32(o, n), 0xB1B0AFBA);
    /* metrics: used glyphs kept, unused ones zero, glyph 0 kept */
    uint32_t ml;
    const unsigned char *m = find_table(o, "hmtx", &ml);
    ck_assert_uint_eq(ml, hl);
    ck_assert(memcmp(m, hmtx, 4) == 0);
    ck_assert(memcmp(m + 4 * 5, hmtx + 4 * 5, 4) == 0);
    ck_assert(memcmp(m + 4 * 36, hmtx + 4 * 36, 4) == 0);
    ck_assert_uint_eq(be32(m + 4 * 6), 0);
    ck_assert_uint_ne(be32(hmtx + 4 * 6), 0);
    free(o);
    /* not a font: left alone */
    ck_assert_uint_eq(
        dc_pdf_sfnt_slim((const unsigned char *)"abc", 3, used, 64, &o), 0);
    ck_assert_ptr_null(o);
    free(font);
}
END_TEST

/* ---- metrics ---- */

static struct dc_fontmap *map;
static struct dc_pdf *pdf;

static void
open_writer(void)
{
    setup();
    map = dc_fontmap_load(map_path(), &diag);
    ck_assert_ptr_nonnull(map);
    pdf = dc_pdf_new(map, &diag);
    ck_assert_ptr_nonnull(pdf);
}

static void
close_writer(void)
{
    dc_pdf_free(pdf);
    dc_fontmap_free(map);
    pdf = NULL;
    map = NULL;
    teardown();
}

/* dc_pdf_put_real writes what libharu's HPDF_FToA writes, for every
 * millipoint of an A3 sheet either way and a stride beyond */
START_TEST(real_as_libharu)
{
    long bad = 0, first = 0;
    for (long m = -500000; m <= 14400000; m += m < 500000 ? 1 : 7) {
        float v = (float)m / 1000.0f;
        char a[32], b[32];
        *dc_pdf_put_real(a, v) = '\0';
        *HPDF_FToA(b, v, b + sizeof b - 1) = '\0';
        if (strcmp(a, b) != 0 && !bad++)
            first = m;
    }
    ck_assert_msg(bad == 0, "%ld values differ, first %ld millipoints", bad,
                  first);
    char a[32];
    *dc_pdf_put_real(a, -0.000001f) = '\0';
    ck_assert_str_eq(a, "-0");
    *dc_pdf_put_real(a, 40000.5f) = '\0';
    ck_assert_str_eq(a, "32767");
    *dc_pdf_put_real(a, 12.25f) = '\0';
    ck_assert_str_eq(a, "12.25");
}
END_TEST

START_TEST(metrics_widths)
{
    const struct dc_metrics *m = dc_pdf_metrics(pdf);
    /* CJK ideographs are square in every role */
    for (int r = DC_FONT_SONG; r <= DC_FONT_KAI; r++)
        ck_assert_int_eq(m->advance(m->ctx, r, 0x9884 /* 预 */), 1000);
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_SONG, 0x3000), 1000);
    /* the Arphic digits are half width; ZenHei's 599 (notes §1) */
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_SONG, '5'), 500);
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_HEI, '5'), 599);
    /* Times-compatible digits */
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_LATIN, '0'), 500);
    /* no Han in Liberation Serif, nothing above U+FFFF, no controls */
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_LATIN, 0x9884), -1);
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_SONG, 0x20BB7), -1);
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_SONG, '\t'), -1);
    ck_assert_int_eq(m->advance(m->ctx, DC_FONT_SONG, 0xE01), -1); /* Thai */
    ck_assert_int_eq(m->advance(m->ctx, 7, 'a'), -1);
    /* hhea values, notes §2 */
    ck_assert_int_eq(m->ascent[DC_FONT_SONG], 878);
    ck_assert_int_eq(m->descent[DC_FONT_SONG], -120);
    ck_assert_int_eq(m->ascent[DC_FONT_HEI], 962);
    ck_assert_int_eq(m->descent[DC_FONT_HEI], -296);
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        ck_assert_int_gt(m->ascent[r], 500);
        ck_assert_int_lt(m->descent[r], 0);
    }
}
END_TEST

/* Same glyphs and widths as libharu's own lookup in the font's own cmap,
 * for every BMP code point. */
START_TEST(metrics_match_libharu)
{
    const struct dc_metrics *m = dc_pdf_metrics(pdf);
    for (int r = 0; r < DC_FONT_COUNT; r++) {
        struct dc_pdf_font *f = &pdf->fonts[r];
        if (f->owner != r)
            continue;
        ck_assert(f->swapped);
        HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)f->def->attr;
        HPDF_TTF_CmapRange fast = ta->cmap;
        ta->cmap = f->lib_cmap;
        int bad = 0;
        for (uint32_t c = 0x20; c < 0xFFFF && bad < 5; c++) {
            if ((c >= 0xD800 && c < 0xE000) || (c >= 0x7F && c < 0xA0))
                continue;
            int a = m->advance(m->ctx, r, c);
            HPDF_UINT16 g = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)c);
            if (g >= ta->num_glyphs)
                g = 0;
            int want = g ? HPDF_TTFontDef_GetGidWidth(f->def, g) : -1;
            if (a != want || f->gid[c] != g) {
                fprintf(stderr, "role %d U+%04X: %d/%u, libharu %d/%u\n", r,
                        (unsigned)c, a, f->gid[c], want, g);
                bad++;
            }
        }
        ta->cmap = fast;
        ck_assert_int_eq(bad, 0);
        /* and the fast cmap answers the same */
        ck_assert_uint_eq(HPDF_TTFontDef_GetGlyphid(f->def, 0x9884),
                          f->gid[0x9884]);
    }
}
END_TEST

/* ---- painting ---- */

static struct dc_dl_item items1[8], items2[4];
static struct dc_dl_page pages[2];
static struct dc_dl_outline outline[3];

static void
text_item(struct dc_dl_item *it, int font, int32_t x, int32_t y, int32_t size,
          const char *text)
{
    it->kind = DC_DL_TEXT;
    it->u.text = (struct dc_dl_text){
        .x = x, .y = y, .size = size, .font = font, .text = text};
}

static void
rule_item(struct dc_dl_item *it, int32_t x1, int32_t y1, int32_t x2, int32_t y2)
{
    it->kind = DC_DL_RULE;
    it->u.rule = (struct dc_dl_rule){x1, y1, x2, y2, 500};
}

static void
build_display(struct dc_display *d)
{
    memset(d, 0, sizeof *d);
    text_item(&items1[0], DC_FONT_HEI, 100000, 760000, 22000,
              "第一部分　2025年昌吉高新区管委会概况");
    text_item(&items1[1], DC_FONT_KAI, 100000, 720000, 16000, "（一）部门职责");
    text_item(&items1[2], DC_FONT_SONG, 100000, 690000, 10500,
              "一般公共预算拨款51436万元，占56.89%（“三公”经费）。");
    items1[2].u.text.spacing = 250;
    text_item(&items1[3], DC_FONT_LATIN, 100000, 670000, 10500,
              "2025 Budget R&D (51436.00)");
    rule_item(&items1[4], 90000, 660000, 500000, 660000);
    rule_item(&items1[5], 90000, 640000, 500000, 640000);
    rule_item(&items1[6], 90000, 640000, 90000, 660000);
    items1[6].u.rule.width = 1000;
    text_item(&items1[7], DC_FONT_SONG, 95000, 645000, 9000, "");
    pages[0] = (struct dc_dl_page){.width = 595276, .height = 841890,
                                   .number = 1, .items = items1,
                                   .nitems = 8, .cap = 8};
    text_item(&items2[0], DC_FONT_HEI, 100000, 500000, 16000,
              "表2 部门收入总体情况表");
    text_item(&items2[1], DC_FONT_SONG, 100000, 480000, 9000,
              "201 一般公共服务支出 3192");
    rule_item(&items2[2], 90000, 470000, 750000, 470000);
    text_item(&items2[3], DC_FONT_SONG, 79370, 70000, 9000, "- 2 -");
    items2[3].u.text.upright = 1; /* the folio, upright on the sheet */
    pages[1] = (struct dc_dl_page){.width = 841890, .height = 595276,
                                   .landscape = 1, .number = 2,
                                   .items = items2, .nitems = 4, .cap = 4};
    outline[0] = (struct dc_dl_outline){
        0, "第一部分　2025年昌吉高新区管委会概况", 0, 780000};
    outline[1] = (struct dc_dl_outline){1, "（一）部门职责", 0, 740000};
    outline[2] = (struct dc_dl_outline){
        0, "二、部门预算单位构成（含“三公”经费）", 1, 520000};
    d->pages = pages;
    d->npages = 2;
    d->outline = outline;
    d->noutline = 3;
    d->title = "2025年昌吉高新区管委会部门预算公开";
    d->author = "昌吉高新技术产业开发区管理委员会";
    d->subject = "部门预算公开";
    d->keywords = "2025, 部门预算, R&D";
    d->date_y = 2025;
    d->date_m = 2;
    d->date_d = 10;
}

static char *
read_all(const char *path, size_t *len)
{
    char *data = NULL;
    ck_assert_int_eq(dc_read_file(path, 0, &data, len, NULL), DC_OK);
    return data;
}

static int
contains(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

/* Copies the 40 bytes from the last "/ID" of a PDF into out (41 bytes);
 * 0 when there is none. */
static int
trailer_id(const char *data, size_t len, char *out)
{
    for (size_t i = len >= 3 ? len - 2 : 0; i-- > 0;)
        if (memcmp(data + i, "/ID", 3) == 0 && len - i >= 40) {
            memcpy(out, data + i, 40);
            out[40] = '\0';
            return 1;
        }
    return 0;
}

START_TEST(paint_and_write)
{
    struct dc_display d;
    build_display(&d);
    char path[128];
    snprintf(path, sizeof path, "%s/a.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, path, &diag), DC_OK);
    ck_assert_int_eq((int)diag.nerrors, 0);
    ck_assert_int_eq(count_files(tmpdir), 1); /* no temporary left */
    size_t len;
    char *data = read_all(path, &len);
    ck_assert_int_gt((int)len, 10000);
    ck_assert(memcmp(data, "%PDF-1.4\n%", 10) == 0);
    ck_assert(contains(data, len, "/CIDSet"));
    ck_assert(contains(data, len, "/CapHeight"));
    ck_assert(contains(data, len, "/GTS_PDFA1"));
    ck_assert(contains(data, len, "/DestOutputProfile "));
    ck_assert(contains(data, len, "/Subtype /XML"));
    ck_assert(contains(data, len, "<pdfaid:part>1</pdfaid:part>"));
    ck_assert(contains(data, len, "R&amp;D"));
    ck_assert(contains(data, len, "/ID ["));
    ck_assert(contains(data, len, "/CreationDate (D:20250210000000+08'00')"));
    ck_assert(!contains(data, len, "/SubType"));
    ck_assert(!contains(data, len, "begincidrange"));
    ck_assert(contains(data, len, "/XYZ null"));
    /* the landscape page: a portrait sheet shown turned (GB/T 9704 §8) */
    ck_assert(contains(data, len, "/Rotate 90"));
    ck_assert(!contains(data, len, "841.89 595.276]"));
    ck_assert(contains(data, len, "/PageLabels"));
    /* TEST_PDF_KEEP=FILE keeps a copy, for qpdf, Preflight or a look */
    const char *keep = getenv("TEST_PDF_KEEP");
    if (keep) {
        FILE *f = fopen(keep, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(data, 1, len, f);
        fclose(f);
    }
    /* dc_pdf_end frees the document's objects at once, not when the next
     * one begins */
    ck_assert_uint_eq(pdf->doc->page_list->count, 2);
    dc_pdf_end(pdf);
    ck_assert_uint_eq(pdf->doc->page_list->count, 0);
    dc_pdf_end(pdf); /* nothing written since: nothing to do */
    /* the writer's next document, with the fonts it loaded once: the same
     * bytes as the first (no glyph, tag or object left over from it) */
    char again[128];
    snprintf(again, sizeof again, "%s/again.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, again, &diag), DC_OK);
    size_t len2;
    char *data2 = read_all(again, &len2);
    ck_assert_uint_eq(len2, len);
    ck_assert(memcmp(data2, data, len) == 0);
    free(data2);
    free(data);
}
END_TEST

START_TEST(same_input_same_bytes)
{
    struct dc_display d;
    build_display(&d);
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/a.pdf", tmpdir);
    snprintf(b, sizeof b, "%s/b.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, a, &diag), DC_OK);
    /* the second writer on one thread: font programs, CIDSets, maps and
     * pages made at save rather than ahead, the same bytes */
    struct dc_pdf *p2 = dc_pdf_new(map, &diag);
    ck_assert_ptr_nonnull(p2);
    dc_pdf_set_one_thread(p2, 1);
    ck_assert_int_eq(dc_pdf_write(p2, &d, b, &diag), DC_OK);
    dc_pdf_free(p2);
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(da, db, la) == 0);
    free(da);
    free(db);
    /* a different display list gets a different /ID */
    struct dc_pdf *p3 = dc_pdf_new(map, &diag);
    items2[1].u.text.text = "201 一般公共服务支出 3193";
    ck_assert_int_eq(dc_pdf_write(p3, &d, b, &diag), DC_OK);
    dc_pdf_free(p3);
    da = read_all(a, &la);
    db = read_all(b, &lb);
    /* the trailer's /ID [<...> <...>], copied out of each file */
    char ida[41], idb[41];
    ck_assert(trailer_id(da, la, ida));
    ck_assert(trailer_id(db, lb, idb));
    ck_assert_str_ne(ida, idb);
    free(da);
    /* the first writer, on to that other display list: the same bytes as
     * the new writer that wrote it */
    char c[128];
    snprintf(c, sizeof c, "%s/c.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, c, &diag), DC_OK);
    size_t lc;
    char *dc = read_all(c, &lc);
    ck_assert_uint_eq(lc, lb);
    ck_assert(memcmp(dc, db, lb) == 0);
    free(dc);
    free(db);
}
END_TEST

START_TEST(date_without_signature)
{
    struct dc_display d;
    build_display(&d);
    d.date_y = d.date_m = d.date_d = 0;
    char path[128];
    snprintf(path, sizeof path, "%s/a.pdf", tmpdir);
    /* 2025-02-09 20:00 UTC is 2025-02-10 in China ($SOURCE_DATE_EPOCH, as
     * the command passes it) */
    dc_pdf_set_default_date(pdf, 1739131200);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, path, &diag), DC_OK);
    dc_pdf_set_default_date(pdf, -1);
    size_t len;
    char *data = read_all(path, &len);
    ck_assert(contains(data, len, "/CreationDate (D:20250210000000+08'00')"));
    ck_assert(contains(data, len, "<xmp:CreateDate>2025-02-10T00:00:00+08:00"));
    free(data);
    /* neither: no date at all, and still no clock */
    struct dc_pdf *p2 = dc_pdf_new(map, &diag);
    ck_assert_int_eq(dc_pdf_write(p2, &d, path, &diag), DC_OK);
    dc_pdf_free(p2);
    data = read_all(path, &len);
    ck_assert(!contains(data, len, "/CreationDate"));
    ck_assert(!contains(data, len, "xmp:CreateDate"));
    free(data);
}
END_TEST

/* A libharu failure names the source, the file being made and what was
 * being done (a bookmark title longer than a PDF string may be). */
START_TEST(libharu_failure_names_source)
{
    struct dc_display d;
    build_display(&d);
    d.source = "budget.txt";
    size_t n = 24000; /* 72,000 bytes of UTF-8 */
    char *title = malloc(3 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(title + 3 * i, "长", 3);
    title[3 * n] = '\0';
    struct dc_dl_outline keep = outline[0];
    outline[0].title = title;
    char path[128];
    snprintf(path, sizeof path, "%s/a.pdf", tmpdir);
    struct dc_diag dg;
    dc_diag_init(&dg, NULL);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, path, &dg), DC_ERR_LIB);
    ck_assert_uint_ge(dg.n, 1);
    ck_assert_str_eq(dg.msgs[0].file, "budget.txt");
    char want[256];
    snprintf(want, sizeof want, "HPDF_CreateOutline failed while making %s",
             path);
    ck_assert_msg(strstr(dg.msgs[0].text, want), "%s", dg.msgs[0].text);
    ck_assert_int_eq(count_files(tmpdir), 0);
    dc_diag_free(&dg);
    outline[0] = keep;
    free(title);
}
END_TEST

START_TEST(unwritable_leaves_nothing)
{
    struct dc_display d;
    build_display(&d);
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/dir/a.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, path, &diag), DC_ERR_IO);
    ck_assert_int_eq((int)diag.nerrors, 1);
    ck_assert_int_eq(count_files(tmpdir), 0);
}
END_TEST

START_TEST(bad_display_refused)
{
    struct dc_display d;
    build_display(&d);
    items2[1].u.text.font = 9;
    char path[128];
    snprintf(path, sizeof path, "%s/a.pdf", tmpdir);
    ck_assert_int_eq(dc_pdf_write(pdf, &d, path, &diag), DC_ERR_INPUT);
    items2[1].u.text.font = DC_FONT_SONG;
    ck_assert(has_message("page 2, item 2: no such font role"));
    ck_assert_int_eq(count_files(tmpdir), 0);
}
END_TEST

static Suite *
pdf_suite(void)
{
    Suite *s = suite_create("pdf");
    TCase *tc = tcase_create("fontmap");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fontmap_shipped);
    tcase_add_test(tc, fontmap_fallback_and_missing);
    tcase_add_test(tc, fontmap_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("pieces");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tounicode_valid);
    tcase_add_test(tc, xmp_escaped);
    tcase_add_test(tc, sfnt_slim);
    tcase_add_test(tc, real_as_libharu);
    suite_add_tcase(s, tc);

    tc = tcase_create("writer");
    tcase_add_checked_fixture(tc, open_writer, close_writer);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, metrics_widths);
    tcase_add_test(tc, metrics_match_libharu);
    tcase_add_test(tc, paint_and_write);
    tcase_add_test(tc, same_input_same_bytes);
    tcase_add_test(tc, date_without_signature);
    tcase_add_test(tc, unwritable_leaves_nothing);
    tcase_add_test(tc, libharu_failure_names_source);
    tcase_add_test(tc, bad_display_refused);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(pdf_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
