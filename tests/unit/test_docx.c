/* DOCX writer: the XML writer wrapper, table geometry, document.xml and
 * styles.xml contents, the package (part order, well-formed parts,
 * determinism) and writing through a temporary file. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "docx_int.h"
#include "fontmap.h"
#include "synth.h"

static struct dc_diag diag;
static struct dc_doc *doc;
static struct dc_layout_decisions *dec;

static void
setup(void)
{
    dc_diag_init(&diag, NULL);
    doc = dc_synth_doc();
    dec = dc_synth_decisions(doc);
}

static void
teardown(void)
{
    dc_synth_decisions_free(dec);
    dc_doc_free(doc);
    dc_diag_free(&diag);
}

/* What `fn` writes for `c` into `b`. */
static void
write_part(dc_docx_part_fn fn, const struct dc_docx_ctx *c, struct dc_buf *b)
{
    struct dc_xw *w = dc_xw_new(&diag, NULL, b);
    fn(c, w);
    ck_assert_int_eq(dc_xw_finish(w), DC_OK);
    dc_xw_free(w);
}

/* The part `fn` writes, as a NUL-terminated string (caller frees). */
static char *
part(dc_docx_part_fn fn, const struct dc_layout_decisions *d)
{
    struct dc_docx_ctx c;
    dc_docx_ctx_init(&c, doc, d, NULL, &diag);
    struct dc_buf b;
    dc_buf_init(&b);
    write_part(fn, &c, &b);
    return dc_buf_detach(&b);
}

static int
count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static int
well_formed(const char *data, size_t len)
{
    xmlDocPtr x = xmlReadMemory(data, (int)len, "part.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    if (!x)
        return 0;
    xmlFreeDoc(x);
    return 1;
}

/* ---- xw ---- */

START_TEST(test_xw_escapes_and_replaces)
{
    struct dc_buf b;
    dc_buf_init(&b);
    struct dc_xw *w = dc_xw_new(&diag, "in.txt", &b);
    dc_xw_start(w, "t");
    const char text[] = "a<b&c\x01" "d\xff" "e\xE2\x80\x94";
    dc_xw_text(w, text, sizeof text - 1, 42);
    dc_xw_end(w);
    ck_assert_int_eq(dc_xw_replaced(w), 2);
    ck_assert_int_eq(dc_xw_finish(w), DC_OK);
    dc_xw_free(w);
    ck_assert_ptr_nonnull(
        strstr(b.data, "<t>a&lt;b&amp;c\xEF\xBF\xBD" "d\xEF\xBF\xBD"
                       "e\xE2\x80\x94</t>"));
    ck_assert(well_formed(b.data, b.len));
    ck_assert_int_eq(diag.n, 2);
    ck_assert_int_eq(diag.msgs[0].line, 42);
    ck_assert_str_eq(diag.msgs[0].file, "in.txt");
    ck_assert_ptr_nonnull(strstr(diag.msgs[0].text, "U+0001"));
    ck_assert_ptr_nonnull(strstr(diag.msgs[1].text, "0xFF"));
    dc_buf_free(&b);
}
END_TEST

/* xw writes the bytes libxml2's xmlTextWriter wrote for the same calls
 * (it replaced it in the writer: the golden parts and the DOCX of a source
 * stay the same bytes): declaration, empty and nested elements, every
 * escape in text and in attribute values, non-ASCII kept as UTF-8. */
START_TEST(test_xw_writes_what_libxml2_writes)
{
    static const char val[] = "<a&b>\"c\"\t\n\r'd' 宋体";
    static const char txt[] = "x<y>&\"z\"\t\n\r'q' 表１—";
    xmlBufferPtr xb = xmlBufferCreate();
    xmlTextWriterPtr tw = xmlNewTextWriterMemory(xb, 0);
    xmlTextWriterStartDocument(tw, "1.0", "UTF-8", "yes");
    xmlTextWriterStartElement(tw, BAD_CAST "w:document");
    xmlTextWriterWriteAttribute(tw, BAD_CAST "xmlns:w", BAD_CAST DC_NS_W);
    xmlTextWriterStartElement(tw, BAD_CAST "w:p");
    xmlTextWriterStartElement(tw, BAD_CAST "w:ind");
    xmlTextWriterWriteAttribute(tw, BAD_CAST "w:left", BAD_CAST "-2013");
    xmlTextWriterWriteAttribute(tw, BAD_CAST "w:name", BAD_CAST val);
    xmlTextWriterEndElement(tw);
    xmlTextWriterStartElement(tw, BAD_CAST "w:t"); /* "" wrote nothing */
    xmlTextWriterEndElement(tw);
    xmlTextWriterStartElement(tw, BAD_CAST "w:t");
    xmlTextWriterWriteString(tw, BAD_CAST txt);
    xmlTextWriterStartElement(tw, BAD_CAST "w:br");
    xmlTextWriterEndElement(tw);
    xmlTextWriterEndDocument(tw); /* closes w:t, w:p, w:document */
    xmlFreeTextWriter(tw);

    struct dc_buf b;
    dc_buf_init(&b);
    struct dc_xw *w = dc_xw_new(&diag, NULL, &b);
    dc_xw_start(w, "w:document");
    dc_xw_attr(w, "xmlns:w", DC_NS_W);
    dc_xw_start(w, "w:p");
    dc_xw_start(w, "w:ind");
    dc_xw_attr_int(w, "w:left", -2013);
    dc_xw_attr(w, "w:name", val);
    dc_xw_end(w);
    dc_xw_start(w, "w:t");
    dc_xw_text(w, "", 0, 1);
    dc_xw_end(w);
    dc_xw_start(w, "w:t");
    dc_xw_text(w, txt, strlen(txt), 1);
    dc_xw_empty(w, "w:br");
    ck_assert_int_eq(dc_xw_finish(w), DC_OK);
    dc_xw_free(w);

    ck_assert_str_eq(b.data, (const char *)xmlBufferContent(xb));
    ck_assert_int_eq(diag.n, 0);
    dc_buf_free(&b);
    xmlBufferFree(xb);
}
END_TEST

/* A writer into a spill (word/document.xml's) writes the bytes a writer
 * into memory writes, read back across the spill's file and memory; when
 * the file cannot be written (a full disk: /dev/full as its file), the
 * rest stays in memory and the part is still whole. */
START_TEST(test_xw_spill)
{
    struct dc_buf b;
    dc_buf_init(&b);
    struct dc_spill sp[2];
    for (int k = 0; k < 2; k++) {
        dc_spill_init(&sp[k], NULL);
        sp[k].budget = 1000;
    }
    int full = open("/dev/full", O_RDWR | O_CLOEXEC);
    if (full >= 0)
        sp[1].fd = full; /* the spill closes it */
    struct dc_xw *w[3] = {dc_xw_new(&diag, NULL, &b),
                          dc_xw_new_spill(&diag, NULL, &sp[0]),
                          dc_xw_new_spill(&diag, NULL, &sp[1])};
    for (int k = 0; k < 3; k++) {
        dc_xw_start(w[k], "w:t");
        for (int i = 0; i < 20000; i++)
            dc_xw_val_int(w[k], "w:sz", i);
        dc_xw_end(w[k]);
        ck_assert_int_eq(dc_xw_finish(w[k]), DC_OK);
        dc_xw_free(w[k]);
    }
    ck_assert_int_gt(b.len, 200000);
    char *back = malloc(b.len);
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(dc_spill_size(&sp[k]), (int64_t)b.len);
        memset(back, 0, b.len);
        ck_assert_int_eq(dc_spill_read(&sp[k], back, b.len, 0), 0);
        ck_assert(memcmp(back, b.data, b.len) == 0);
    }
    ck_assert_int_gt(sp[0].flen, 0); /* past the budget: in the file */
    if (full >= 0) {
        ck_assert_int_eq(sp[1].stuck, 1);
        ck_assert_int_eq(sp[1].flen, 0);
    }
    ck_assert_int_eq(diag.n, 0);
    free(back);
    for (int k = 0; k < 2; k++)
        dc_spill_free(&sp[k]);
    dc_buf_free(&b);
}
END_TEST

START_TEST(test_xml_char_ok)
{
    ck_assert(dc_xml_char_ok('\t'));
    ck_assert(!dc_xml_char_ok(0x0B));
    ck_assert(!dc_xml_char_ok(0xFFFE));
    ck_assert(dc_xml_char_ok(0x20000));
    ck_assert(!dc_xml_char_ok(0));
}
END_TEST

START_TEST(test_twips)
{
    ck_assert_int_eq(dc_docx_twips(140000), 2800);
    ck_assert_int_eq(dc_docx_twips(82150), 1643);
    ck_assert_int_eq(dc_docx_twips(19850), 397);
    ck_assert_int_eq(dc_docx_twips(24), 0);
    ck_assert_int_eq(dc_docx_twips(25), 1);
}
END_TEST

/* ---- geometry ---- */

START_TEST(test_geometry_from_decisions)
{
    struct dc_docx_ctx c;
    dc_docx_ctx_init(&c, doc, dec, NULL, &diag);
    int w[DC_MAX_COLS], land, nh, hp;
    const struct dc_node *t2 = dc_doc_table(doc, 2);
    ck_assert_int_eq(dc_docx_table_geometry(&c, t2, w, &land, &nh, &hp), 6);
    ck_assert_int_eq(land, 1);
    ck_assert_int_eq(nh, 2);
    ck_assert_int_eq(hp, 18);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(w[i] * 50, dec->tables[1].col_width[i]);
}
END_TEST

START_TEST(test_geometry_fallback)
{
    struct dc_docx_ctx c;
    dc_docx_ctx_init(&c, doc, NULL, NULL, &diag);
    int w[DC_MAX_COLS], land, nh, hp, sum = 0;
    const struct dc_node *t1 = dc_doc_table(doc, 1);
    int n = dc_docx_table_geometry(&c, t1, w, &land, &nh, &hp);
    ck_assert_int_eq(n, 4);
    for (int i = 0; i < n; i++)
        sum += w[i];
    ck_assert_int_eq(land, 0);
    ck_assert_int_eq(hp, 21);
    ck_assert_int_eq(sum, dc_docx_text_width(&c, 0));
    ck_assert_int_eq(sum, 11906 - 1587 - 1474);
    ck_assert_int_eq(w[0], 500 * sum / 1560);
    const struct dc_node *t2 = dc_doc_table(doc, 2);
    n = dc_docx_table_geometry(&c, t2, w, &land, &nh, &hp);
    sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    ck_assert_int_eq(land, 1);
    ck_assert_int_eq(sum, 16838 - 2098 - 1984); /* 225 mm */
}
END_TEST

/* ---- document.xml ---- */

START_TEST(test_document_tables)
{
    char *x = part(dc_docx_part_document, dec);
    ck_assert(well_formed(x, strlen(x)));
    /* grid = the layout's widths in twips, exactly */
    ck_assert_ptr_nonnull(strstr(x, "<w:tblGrid><w:gridCol w:w=\"2800\"/>"
                                    "<w:gridCol w:w=\"1600\"/>"
                                    "<w:gridCol w:w=\"2800\"/>"
                                    "<w:gridCol w:w=\"1643\"/></w:tblGrid>"));
    ck_assert_ptr_nonnull(strstr(x, "<w:gridCol w:w=\"510\"/>"
                                    "<w:gridCol w:w=\"397\"/>"));
    ck_assert_int_eq(count(x, "<w:tbl>"), 3);
    ck_assert_int_eq(count(x, "<w:tblHeader/>"), 4); /* 2 + 2 + 0 */
    ck_assert_int_eq(count(x, "<w:cantSplit/>"), 5 + 6 + 4);
    ck_assert_int_eq(count(x, "<w:gridSpan w:val=\"2\"/>"), 4);
    ck_assert_int_eq(count(x, "<w:gridSpan w:val=\"3\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:gridSpan w:val=\"4\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:vMerge w:val=\"restart\"/>"), 4);
    ck_assert_int_eq(count(x, "<w:vMerge/>"), 4);
    /* distributed labels spread as in the PDF, the gaps no wider than a
     * character: 收入 over two columns (4400 twips, 10.5 pt) is set in
     * the middle 630 twips, a character's width between its two */
    ck_assert_int_eq(count(x, "<w:jc w:val=\"distribute\"/>"), 7);
    ck_assert_ptr_nonnull(strstr(x, "<w:ind w:left=\"1828\" "
                                    "w:right=\"1828\"/>"
                                    "<w:jc w:val=\"distribute\"/></w:pPr>"
                                    "<w:r><w:t>收入</w:t>"));
    /* cell styles per type size: 表1 10.5 pt, 表2 and the form 9 pt */
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"TableHead21\"/>"), 6);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"TableHead18\"/>"), 10 + 4);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"TableStrong21\"/>"), 4);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"TableStrong18\"/>"),
                     6 + 3);
    /* soft break in a cell */
    ck_assert_ptr_nonnull(strstr(x, "<w:t>政府办公厅（室）</w:t><w:br/>"
                                    "<w:t>及相关机构事务</w:t>"));
    /* escaping and TAB */
    ck_assert_ptr_nonnull(
        strstr(x, "A&amp;B &lt;c&gt; &quot;引号&quot; 'x'</w:t><w:tab/>"
                  "<w:t>end."));
    /* captions */
    ck_assert_ptr_nonnull(strstr(x, "<w:t>编制部门：测试高新区管理委员会"
                                    "</w:t><w:tab/><w:t>单位：万元</w:t>"));
    ck_assert_ptr_nonnull(strstr(x, "<w:t>编制单位：测试高新区管理委员会"));
    ck_assert_ptr_nonnull(strstr(x, "<w:t>表1　"));
    free(x);
}
END_TEST

/* Names are indented by level only in a classification-name column, as
 * the PDF sets them: 表1's items and 表7's 项目名称 stay at the left. */
START_TEST(test_document_indent_names_only)
{
    struct dc_node *t1 = (struct dc_node *)dc_doc_table(doc, 1);
    struct dc_node *r = dc_node_first(t1);
    while (r && r->u.row.kind == DC_ROW_HEADER)
        r = dc_node_next(r);
    ck_assert_ptr_nonnull(r);
    r->u.row.level = 2; /* a body row of 表1 one level down */
    char *x = part(dc_docx_part_document, dec);
    /* only 表2's 款 and 项 names */
    ck_assert_int_eq(count(x, "w:leftChars="), 2);
    ck_assert_int_eq(count(x, "<w:ind w:leftChars=\"100\""), 1);
    ck_assert_int_eq(count(x, "<w:ind w:leftChars=\"200\""), 1);
    free(x);
}
END_TEST

/* A table breaks where the PDF turns its page: a new table on a new page
 * under 续表N, with the header rows the PDF repeats, rows as high as the
 * PDF's less the room LibreOffice needs, and the layout's cell padding. */
START_TEST(test_document_table_breaks)
{
    static const int32_t rh[] = {16000, 16000, 16000, 26000, 16000, 16000};
    static const struct dc_table_break br[] = {{3, 0, 1}};
    struct dc_table_decision *d = &dec->tables[1];
    d->nrows = 6;
    d->row_height = rh;
    d->pad_y = 2268;
    d->nbreaks = 1;
    d->breaks = br;
    d->cont_label = "续表2";
    char *x = part(dc_docx_part_document, dec);
    ck_assert(well_formed(x, strlen(x)));
    ck_assert_int_eq(count(x, "<w:tbl>"), 4);
    ck_assert_int_eq(count(x, "<w:t>续表2</w:t>"), 1);
    ck_assert_ptr_nonnull(strstr(x, "<w:pStyle w:val=\"TableLabel\"/>"
                                    "<w:pageBreakBefore/></w:pPr><w:r>"
                                    "<w:t>续表2</w:t>"));
    /* the header rows again, marked to repeat, merges and all */
    ck_assert_int_eq(count(x, "<w:tblHeader/>"), 4 + 2);
    ck_assert_int_eq(count(x, "<w:t>功能分类科目名称</w:t>"), 2);
    ck_assert_int_eq(count(x, "<w:vMerge w:val=\"restart\"/>"), 4 + 3);
    ck_assert_int_eq(count(x, "<w:vMerge/>"), 4 + 3);
    /* the body goes on after the label: 20103 right after it */
    const char *label = strstr(x, "<w:t>续表2</w:t>");
    const char *body = strstr(x, "<w:t>政府办公厅（室）</w:t>");
    ck_assert_ptr_nonnull(body);
    ck_assert(label < body);
    /* 16 pt less 1 pt, 26 pt less 1 pt; 8 rows with the repeated two */
    ck_assert_int_eq(count(x, "<w:trHeight w:val=\"300\" "
                              "w:hRule=\"atLeast\"/>"),
                     5 + 2);
    ck_assert_int_eq(count(x, "<w:trHeight w:val=\"500\" "
                              "w:hRule=\"atLeast\"/>"),
                     1);
    /* 0.8 mm of padding above and below, less half a point */
    ck_assert_int_eq(count(x, "<w:top w:w=\"35\" w:type=\"dxa\"/>"), 2);
    free(x);
}
END_TEST

/* Figures line up on the decimal point as in the PDF: 62645 in a column
 * whose figures have two decimals stands in from the right by two digits
 * and the point (10.5 pt: 2 x 105 + 52 twips); 51436.50 does not. */
START_TEST(test_document_decimals_aligned)
{
    dec->tables[0].col_scale[1] = 2;
    char *x = part(dc_docx_part_document, dec);
    ck_assert_int_eq(count(x, "<w:ind w:right=\"262\"/><w:jc w:val=\"right\"/>"
                              "</w:pPr><w:r><w:t>62645</w:t>"),
                     2);
    ck_assert_ptr_nonnull(strstr(x, "<w:jc w:val=\"right\"/></w:pPr><w:r>"
                                    "<w:t>51436.50</w:t>"));
    free(x);
}
END_TEST

START_TEST(test_document_sections)
{
    char *x = part(dc_docx_part_document, dec);
    /* front, portrait 1, landscape 表2, portrait, landscape form, portrait */
    ck_assert_int_eq(count(x, "<w:sectPr>"), 6);
    ck_assert_int_eq(count(x, "w:orient=\"landscape\""), 2);
    ck_assert_int_eq(
        count(x, "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
                 "<w:pgMar w:top=\"1587\" w:right=\"1984\" w:bottom=\"1474\" "
                 "w:left=\"2098\""),
        2);
    ck_assert_int_eq(count(x, "<w:pgNumType w:start=\"1\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:footerReference w:type=\"default\" "
                              "r:id=\"rId4\"/>"),
                     5);
    /* the body's last sectPr is the last child of w:body */
    ck_assert_ptr_nonnull(strstr(x, "</w:sectPr></w:body></w:document>"));
    free(x);
}
END_TEST

START_TEST(test_document_toc)
{
    char *x = part(dc_docx_part_document, dec);
    /* one field, the TOC: parts and sections by outline level, each
     * numbered table by its caption's style, 表N　title in one paragraph */
    ck_assert_int_eq(count(x, "w:fldCharType=\"begin\""), 1);
    ck_assert_int_eq(count(x, "w:fldCharType=\"end\""), 1);
    ck_assert_ptr_nonnull(strstr(
        x, " TOC \\o &quot;1-2&quot; \\t &quot;Table Title,2&quot; "
           "\\h \\z \\u </w:instrText>"));
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"TableTitle\"/>"), 2);
    ck_assert_ptr_nonnull(strstr(
        x, "<w:r><w:t>表2　部门收入总体情况表</w:t></w:r>"));
    /* the grid of the type area in every section */
    ck_assert_int_eq(count(x, "<w:docGrid w:type=\"lines\" "
                              "w:linePitch=\"578\"/>"),
                     count(x, "<w:sectPr>"));
    ck_assert_int_eq(count(x, "<w:hyperlink w:anchor=\"_Toc"), 7);
    ck_assert_ptr_nonnull(
        strstr(x, "<w:t xml:space=\"preserve\">表2 部门收入总体情况表</w:t>"
                  "</w:r><w:r><w:tab/>"
                  "</w:r><w:r><w:t>3</w:t></w:r></w:hyperlink>"));
    ck_assert_int_eq(count(x, "<w:bookmarkStart "), 7);
    ck_assert_int_eq(count(x, "<w:bookmarkEnd "), 7);
    ck_assert_ptr_null(strstr(x, "w:dirty"));
    free(x);
    /* without a layout: entries from the model, no pages, refreshed */
    x = part(dc_docx_part_document, NULL);
    ck_assert_ptr_nonnull(strstr(x, "w:dirty=\"true\""));
    ck_assert_int_eq(count(x, "<w:hyperlink "), 4 + 2 + 2);
    free(x);
}
END_TEST

START_TEST(test_document_blocks)
{
    char *x = part(dc_docx_part_document, dec);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"Heading1\"/>"), 4);
    /* part three's 一、 section a 目录 entry, part one's 一、 heading a
     * level below it by its style (Word's \o reads the style's level) */
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"Heading2\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"MinorHeading\"/>"), 1);
    ck_assert_ptr_null(strstr(x, "<w:outlineLvl "));
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"Heading3\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"Heading4\"/>"), 1);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"BodyText\"/>"), 3);
    ck_assert_int_eq(count(x, "<w:pStyle w:val=\"Signature\"/>"), 2);
    /* two lines of 29 pt above the signature, as layouts/page.xml's
     * before="580" (tenths of a point) in the PDF */
    ck_assert_ptr_nonnull(strstr(x, "<w:pStyle w:val=\"Signature\"/>"
                                    "<w:spacing w:before=\"1160\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<w:t>第一部分　2025年测试高新区概况"));
    ck_assert_ptr_nonnull(strstr(x, "<w:t>（一）机构设置</w:t>"));
    /* the glossary's term is in the text already: not written twice */
    ck_assert_int_eq(count(x, "财政拨款收入"), 1);
    /* a part title that starts a section (after the 目录, after a
     * landscape table) cancels its style's page break */
    ck_assert_int_eq(count(x, "<w:pageBreakBefore w:val=\"0\"/>"), 3);
    free(x);
}
END_TEST

/* ---- other parts ---- */

START_TEST(test_styles)
{
    char *x = part(dc_docx_part_styles, dec);
    ck_assert(well_formed(x, strlen(x)));
    ck_assert_ptr_nonnull(strstr(x, "w:eastAsia=\"zh-CN\""));
    ck_assert_ptr_nonnull(strstr(x, "w:eastAsia=\"黑体\""));
    /* GB/T 9704's fonts by role */
    ck_assert_ptr_nonnull(strstr(x, "w:eastAsia=\"楷体_GB2312\""));
    ck_assert_ptr_nonnull(strstr(x, "w:eastAsia=\"仿宋_GB2312\""));
    ck_assert_ptr_nonnull(strstr(x, "w:styleId=\"Heading1\">"));
    ck_assert_ptr_nonnull(strstr(strstr(x, "w:styleId=\"Heading1\">"),
                                 "w:eastAsia=\"方正小标宋简体\""));
    ck_assert_ptr_nonnull(strstr(x, "w:firstLineChars=\"200\""));
    for (int lvl = 0; lvl < 4; lvl++) {
        char s[40];
        snprintf(s, sizeof s, "<w:outlineLvl w:val=\"%d\"/>", lvl);
        ck_assert_ptr_nonnull(strstr(x, s));
    }
    ck_assert_ptr_nonnull(strstr(x, "<w:name w:val=\"toc 1\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "w:styleId=\"TableText18\"><w:name "
                                    "w:val=\"Table Text 9 pt\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "w:styleId=\"TableHead21\"><w:name "
                                    "w:val=\"Table Head 10.5 pt\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<w:spacing w:before=\"0\" "
                                    "w:after=\"0\" w:line=\"225\" "
                                    "w:lineRule=\"exact\"/>"));
    free(x);
}
END_TEST

START_TEST(test_core_properties)
{
    char *x = part(dc_docx_part_core, dec);
    ck_assert(well_formed(x, strlen(x)));
    ck_assert_ptr_nonnull(strstr(
        x, "<dc:title>测试高新区管理委员会2025年部门预算公开</dc:title>"));
    ck_assert_ptr_nonnull(
        strstr(x, "<dc:creator>测试高新区管理委员会</dc:creator>"));
    ck_assert_ptr_nonnull(strstr(x, ">2025-02-10T00:00:00Z</dcterms:created>"));
    free(x);
}
END_TEST

START_TEST(test_font_map_names)
{
    char path[] = "/tmp/test_docx_map.XXXXXX";
    int fd = mkstemp(path);
    const char map[] =
        "<fontmap>"
        "<role name=\"song\"><word east-asia=\"仿宋\" ascii=\"FangSong\"/>"
        "<file path=\"a.ttf\"/></role>"
        "<role name=\"hei\"><word east-asia=\"方正黑体_GBK\"/>"
        "<file path=\"b.ttf\"/></role>"
        "<role name=\"kai\"><file path=\"c.ttf\"/></role>"
        "<role name=\"latin\"><word ascii=\"Liberation Serif\"/>"
        "<file path=\"d.ttf\"/></role>"
        "</fontmap>";
    ck_assert_int_eq(write(fd, map, sizeof map - 1), (int)(sizeof map - 1));
    close(fd);
    struct dc_fontmap *m = dc_fontmap_load(path, &diag);
    unlink(path);
    ck_assert_ptr_nonnull(m);
    struct dc_docx_ctx c;
    dc_docx_ctx_init(&c, doc, dec, m, &diag);
    ck_assert_str_eq(c.font[DC_FONT_SONG], "仿宋");
    ck_assert_str_eq(c.font_alt[DC_FONT_SONG], "FangSong");
    ck_assert_str_eq(c.font[DC_FONT_HEI], "方正黑体_GBK");
    ck_assert_ptr_null(c.font_alt[DC_FONT_HEI]);
    ck_assert_str_eq(c.font[DC_FONT_KAI], "楷体_GB2312"); /* built in */
    ck_assert_str_eq(c.font_alt[DC_FONT_KAI], "AR PL KaitiM GB");
    /* no title role in the map: 黑体's names serve the titles */
    ck_assert_str_eq(c.font[DC_FONT_TITLE], "方正黑体_GBK");
    ck_assert_str_eq(c.font[DC_FONT_LATIN], "Liberation Serif");
    struct dc_buf b;
    dc_buf_init(&b);
    write_part(dc_docx_part_styles, &c, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "w:ascii=\"Liberation Serif\" "
                                         "w:eastAsia=\"仿宋\""));
    dc_buf_clear(&b);
    write_part(dc_docx_part_font_table, &c, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "<w:font w:name=\"仿宋\">"
                                         "<w:altName w:val=\"FangSong\"/>"));
    dc_buf_free(&b);
    dc_fontmap_free(m);
}
END_TEST

/* ---- the package ---- */

START_TEST(test_package)
{
    struct dc_buf a, b;
    dc_buf_init(&a);
    dc_buf_init(&b);
    ck_assert_int_eq(dc_docx_build(doc, dec, NULL, NULL, &diag, &a), DC_OK);
    ck_assert_int_eq(dc_docx_build(doc, dec, NULL, NULL, &diag, &b), DC_OK);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.data, b.data, a.len) == 0);

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(a.data, a.len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    ck_assert_ptr_nonnull(za);
    ck_assert_int_eq(zip_get_num_entries(za, 0), dc_docx_nparts);
    for (int i = 0; i < dc_docx_nparts; i++) {
        ck_assert_str_eq(zip_get_name(za, (zip_uint64_t)i, 0),
                         dc_docx_parts[i].name);
        zip_stat_t st;
        ck_assert_int_eq(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        char *data = malloc(st.size + 1);
        ck_assert_int_eq(zip_fread(f, data, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
        ck_assert_msg(well_formed(data, st.size), "%s is not well-formed",
                      dc_docx_parts[i].name);
        free(data);
    }
    zip_close(za);
    ck_assert_uint_eq(diag.nerrors + diag.nwarnings, 0);
    dc_buf_free(&a);
    dc_buf_free(&b);
}
END_TEST

static int
files_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

START_TEST(test_write_renames)
{
    char dir[] = "/tmp/test_docx.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.docx", dir);
    ck_assert_int_eq(dc_docx_write(doc, dec, path, &diag), DC_OK);
    ck_assert_int_eq(files_in(dir), 1);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, 1000);
    /* a second write replaces it */
    ck_assert_int_eq(dc_docx_write(doc, NULL, path, &diag), DC_OK);
    ck_assert_int_eq(files_in(dir), 1);
    unlink(path);
    /* a folder that does not exist: an error, nothing left */
    char bad[160];
    snprintf(bad, sizeof bad, "%s/missing/out.docx", dir);
    ck_assert_int_eq(dc_docx_write(doc, dec, bad, &diag), DC_ERR_IO);
    ck_assert_int_eq(diag.nerrors, 1);
    ck_assert_int_eq(files_in(dir), 0);
    rmdir(dir);
}
END_TEST

/* The package staged as a file, document.xml and the archive held in
 * memory (the default budget: the synthetic document's are small) or,
 * with a budget of 1000 bytes, gone to their files past it: the bytes
 * dc_docx_build() makes in memory either way. */
START_TEST(test_stage_held)
{
    struct dc_buf want;
    dc_buf_init(&want);
    ck_assert_int_eq(dc_docx_build(doc, dec, NULL, NULL, &diag, &want),
                     DC_OK);
    ck_assert_uint_gt(want.len, 3000);
    char dir[] = "/tmp/test_docx.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.docx", dir);
    const size_t budgets[] = {DC_SPILL_BUDGET, 1000};
    for (int k = 0; k < 2; k++) {
        struct dc_commit *c = dc_commit_new();
        ck_assert_int_eq(
            dc_docx_stage_held(doc, dec, NULL, path, c, budgets[k], &diag),
            DC_OK);
        ck_assert_int_eq(dc_commit_apply(c, &diag), DC_OK);
        dc_commit_free(c);
        char *got;
        size_t len;
        ck_assert_int_eq(dc_read_file(path, 0, &got, &len, &diag), DC_OK);
        ck_assert_uint_eq(len, want.len);
        ck_assert_msg(memcmp(got, want.data, len) == 0,
                      "budget %zu: other bytes", budgets[k]);
        free(got);
    }
    ck_assert_uint_eq(diag.nerrors + diag.nwarnings, 0);
    unlink(path);
    ck_assert_int_eq(rmdir(dir), 0);
    dc_buf_free(&want);
}
END_TEST

START_TEST(test_invalid_text_reported)
{
    /* a control character in a cell: reported with its line, replaced */
    const struct dc_node *t1 = dc_doc_table(doc, 1);
    struct dc_node *c = (struct dc_node *)dc_node_first(dc_node_last(t1));
    c->u.cell.text = dc_doc_strdup(doc, "收入\x0B总计");
    c->line = 777;
    char *x = part(dc_docx_part_document, dec);
    ck_assert(well_formed(x, strlen(x)));
    ck_assert_ptr_nonnull(strstr(x, "收入\xEF\xBF\xBD总计"));
    ck_assert_uint_eq(diag.nwarnings, 1);
    ck_assert_int_eq(diag.msgs[0].line, 777);
    free(x);
}
END_TEST

static Suite *
docx_suite(void)
{
    Suite *s = suite_create("docx");
    TCase *tc = tcase_create("xw");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_xw_escapes_and_replaces);
    tcase_add_test(tc, test_xw_writes_what_libxml2_writes);
    tcase_add_test(tc, test_xw_spill);
    tcase_add_test(tc, test_xml_char_ok);
    tcase_add_test(tc, test_twips);
    suite_add_tcase(s, tc);

    tc = tcase_create("geometry");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_geometry_from_decisions);
    tcase_add_test(tc, test_geometry_fallback);
    suite_add_tcase(s, tc);

    tc = tcase_create("document");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_document_tables);
    tcase_add_test(tc, test_document_indent_names_only);
    tcase_add_test(tc, test_document_table_breaks);
    tcase_add_test(tc, test_document_decimals_aligned);
    tcase_add_test(tc, test_document_sections);
    tcase_add_test(tc, test_document_toc);
    tcase_add_test(tc, test_document_blocks);
    tcase_add_test(tc, test_invalid_text_reported);
    suite_add_tcase(s, tc);

    tc = tcase_create("parts");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_styles);
    tcase_add_test(tc, test_core_properties);
    tcase_add_test(tc, test_font_map_names);
    suite_add_tcase(s, tc);

    tc = tcase_create("package");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_package);
    tcase_add_test(tc, test_write_renames);
    tcase_add_test(tc, test_stage_held);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(docx_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    xmlCleanupParser();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
