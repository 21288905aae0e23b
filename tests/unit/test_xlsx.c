/* Unit tests of the XLSX writer's helpers: number formats from the exact
 * decimal, the double written for a decimal, worksheet names. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "synth.h"
#include "xlsx_int.h"

static struct dc_decimal
dec(const char *s)
{
    struct dc_decimal d;
    ck_assert_msg(dc_decimal_parse(s, strlen(s), &d), "parse %s", s);
    return d;
}

static void
numfmt_is(const char *text, const char *want)
{
    char got[24];
    dc_xlsx_numfmt(text, dec(text), got, sizeof got);
    ck_assert_str_eq(got, want);
}

START_TEST(test_numfmt_decimals_as_written)
{
    numfmt_is("90411", "0");
    numfmt_is("79.5", "0.0");
    numfmt_is("2373.98", "0.00");
    numfmt_is("4.50", "0.00");
    numfmt_is("-0.125", "0.000");
    numfmt_is("1,234.5", "#,##0.0");
    numfmt_is("12,345", "#,##0");
}
END_TEST

START_TEST(test_number_exact)
{
    int ok = 0;
    ck_assert(dc_xlsx_number(dec("79.5"), &ok) == 79.5);
    ck_assert_int_eq(ok, 1);
    ck_assert(dc_xlsx_number(dec("2373.98"), &ok) == 2373.98);
    ck_assert(dc_xlsx_number(dec("-0.01"), &ok) == -0.01);
    ck_assert(dc_xlsx_number(dec("15199376039"), &ok) == 15199376039.0);
    /* 15 significant digits still fit; 16 do not */
    ck_assert(dc_xlsx_number(dec("9999999999.99999"), &ok) == 9999999999.99999);
    ck_assert_int_eq(ok, 1);
    dc_xlsx_number(dec("1234567890123456"), &ok);
    ck_assert_int_eq(ok, 0);
    dc_xlsx_number(dec("-123456789.0123456"), &ok);
    ck_assert_int_eq(ok, 0);
}
END_TEST

/* a table node with `title` and rows of cells, enough for the names */
static struct dc_node *
table(struct dc_doc *doc, enum dc_table_kind kind, int number,
      const char *title)
{
    struct dc_node *t = dc_node_new(doc, DC_NODE_TABLE, 1, 1);
    t->u.table.kind = kind;
    t->u.table.number = number;
    t->u.table.title = title;
    dc_node_append(doc->root, t);
    return t;
}

static void
add_row(struct dc_doc *doc, struct dc_node *t, const char *a, const char *b)
{
    struct dc_node *r = dc_node_new(doc, DC_NODE_ROW, 1, 1);
    dc_node_append(t, r);
    const char *v[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        struct dc_node *c = dc_row_add_cell(r, 1, 1);
        c->u.cell.text = v[i];
        c->u.cell.col = i;
        c->u.cell.colspan = 1;
        c->u.cell.rowspan = 1;
    }
}

START_TEST(test_sheet_names)
{
    struct dc_doc *doc = dc_doc_new("t.txt");
    struct dc_buf b;
    dc_buf_init(&b);

    struct dc_node *t = table(doc, DC_TABLE_NUMBERED, 7, "项目支出表");
    dc_xlsx_sheet_name(t, 0, &b);
    ck_assert_str_eq(b.data, "表7");

    t = table(doc, DC_TABLE_FORM_DEPT, 0, "部门整体绩效目标申报表");
    dc_xlsx_sheet_name(t, 0, &b);
    ck_assert_str_eq(b.data, "部门整体绩效目标申报表");

    t = table(doc, DC_TABLE_FORM_PROJECT, 0, "项目支出绩效目标表");
    add_row(doc, t, "预算单位", "某单位");
    add_row(doc, t, "项 目 名 称", "城市[道路]维修/养护：二期*");
    dc_xlsx_sheet_name(t, 3, &b);
    /* the full-width ： is allowed, the ASCII [ ] / * are not */
    ck_assert_str_eq(b.data, "项目3 城市_道路_维修_养护：二期_");

    /* 31 characters at most, counted in characters, not bytes */
    t = table(doc, DC_TABLE_FORM_PROJECT, 0, "项目支出绩效目标表");
    add_row(doc, t, "项目名称",
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
    dc_xlsx_sheet_name(t, 12, &b);
    ck_assert_int_eq((int)dc_utf8_len(b.data, b.len), 31);
    ck_assert(strncmp(b.data, "项目12 一二三", strlen("项目12 一二三")) == 0);

    /* no project name: the number alone */
    t = table(doc, DC_TABLE_FORM_PROJECT, 0, "项目支出绩效目标表");
    dc_xlsx_sheet_name(t, 4, &b);
    ck_assert_str_eq(b.data, "项目4");

    dc_buf_free(&b);
    dc_doc_free(doc);
}
END_TEST

/* The workbook of `doc`, staged by the writer in a folder of its own,
 * committed and read back into `out`; libxlsxwriter's temporary files as
 * `tmp` says.  The writer's status. */
static enum dc_status
workbook(const struct dc_doc *doc, const struct dc_layout_decisions *dec,
         const struct dc_tmp_env *tmp, struct dc_diag *diag,
         struct dc_buf *out)
{
    char dir[] = "/tmp/dc-test-xlsx-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    struct dc_buf path;
    dc_buf_init(&path);
    dc_buf_printf(&path, "%s/w.xlsx", dir);
    struct dc_commit *c = dc_commit_new();
    enum dc_status st = dc_xlsx_stage(doc, dec, NULL, tmp, path.data, c, diag);
    if (st == DC_OK)
        ck_assert_int_eq(dc_commit_apply(c, diag), DC_OK);
    dc_commit_free(c);
    char *data = NULL;
    size_t len = 0;
    if (st == DC_OK) {
        ck_assert_int_eq(
            dc_read_file(path.data, 1 << 26, &data, &len, NULL), DC_OK);
        dc_buf_put(out, data, len);
        free(data);
        unlink(path.data);
    }
    ck_assert_int_eq(rmdir(dir), 0); /* nothing else left in it */
    dc_buf_free(&path);
    return st;
}

/* The text of one part of a workbook held in memory ("" when absent). */
static void
part_text(const struct dc_buf *xlsx, const char *name, struct dc_buf *out)
{
    dc_buf_clear(out);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(xlsx->data, xlsx->len, 0, &ze);
    ck_assert_ptr_nonnull(src);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    ck_assert_msg(z != NULL, "not a zip: %s", zip_error_strerror(&ze));
    zip_file_t *f = zip_fopen(z, name, 0);
    if (f) {
        char chunk[4096];
        zip_int64_t n;
        while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
            dc_buf_put(out, chunk, (size_t)n);
        zip_fclose(f);
    }
    zip_close(z);
    zip_error_fini(&ze);
}

static int
count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The first number cell of the document, or NULL. */
static struct dc_node *
first_number(struct dc_node *n)
{
    if (n->type == DC_NODE_CELL && (n->u.cell.flags & DC_CELL_NUMBER))
        return n;
    for (struct dc_node *c = dc_node_first(n); c; c = dc_node_next(c)) {
        struct dc_node *f = first_number(c);
        if (f)
            return f;
    }
    return NULL;
}

/* A hand-built document with and without the layout's decisions: one
 * sheet per table, merges, no formula; a figure of 16 digits stays text
 * with a warning rather than lose its last digit. */
START_TEST(test_workbook_of_synthetic_doc)
{
    for (int with_dec = 0; with_dec < 2; with_dec++) {
        struct dc_doc *doc = dc_synth_doc();
        struct dc_layout_decisions *dec =
            with_dec ? dc_synth_decisions(doc) : NULL;
        struct dc_node *big = first_number(doc->root);
        ck_assert_ptr_nonnull(big);
        big->u.cell.text = "1234567890123456";
        dc_cell_set_num(&big->u.cell,
                        (struct dc_decimal){INT64_C(1234567890123456), 0});
        int ntables = 0;
        for (const struct dc_node *n = dc_node_first(doc->root); n;
             n = dc_node_next(n))
            ntables += n->type == DC_NODE_TABLE;

        struct dc_diag diag;
        dc_diag_init(&diag, NULL);
        struct dc_buf xlsx, part;
        dc_buf_init(&xlsx);
        dc_buf_init(&part);
        ck_assert_int_eq(workbook(doc, dec, NULL, &diag, &xlsx), DC_OK);
        ck_assert_int_eq((int)diag.nwarnings, 1);
        ck_assert_ptr_nonnull(strstr(diag.msgs[0].text, "1234567890123456"));

        part_text(&xlsx, "xl/workbook.xml", &part);
        ck_assert_int_eq(count(part.data, "<sheet "), ntables);
        /* constant_memory mode: strings inline, no shared-string table */
        part_text(&xlsx, "xl/sharedStrings.xml", &part);
        ck_assert_int_eq((int)part.len, 0);
        int merges = 0, big_text = 0;
        for (int i = 1; i <= ntables; i++) {
            char name[64];
            snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i);
            part_text(&xlsx, name, &part);
            ck_assert_msg(part.len > 0, "%s missing", name);
            ck_assert_int_eq(count(part.data, "<f>") + count(part.data, "<f "),
                             0);
            ck_assert_int_eq(count(part.data, "<v>1234567890123456<"), 0);
            big_text += count(part.data, "<t>1234567890123456</t>");
            merges += count(part.data, "<mergeCell ");
        }
        ck_assert_int_eq(big_text, 1);
        ck_assert_int_gt(merges, ntables); /* titles, and header cells */
        /* 表2's header: 功能分类科目名称, 合计 and 基本支出 over two rows
         * (D4:F5), 类 款 项 (A5:C5) under 功能分类科目编码 in the second;
         * the rows are written in order, so the lower row gets both the
         * merges' ruled blanks and its own cells */
        part_text(&xlsx, "xl/worksheets/sheet2.xml", &part);
        for (const char *const *m = (const char *const[]){
                 "<mergeCell ref=\"A4:C4\"/>", "<mergeCell ref=\"D4:D5\"/>",
                 "<mergeCell ref=\"E4:E5\"/>", "<mergeCell ref=\"F4:F5\"/>",
                 "<t>功能分类科目名称</t>", "<c r=\"D5\" s=", "<c r=\"F5\" s=",
                 "<c r=\"B4\" s=", "<t>类</t>", "<t>项</t>", NULL};
             *m; m++)
            ck_assert_msg(strstr(part.data, *m), "sheet2 lacks %s", *m);
        ck_assert_int_eq(count(part.data, "<c r=\"D5\""), 1);
        dc_buf_free(&part);
        dc_buf_free(&xlsx);
        dc_diag_free(&diag);
        dc_synth_decisions_free(dec);
        dc_doc_free(doc);
    }
}
END_TEST

/* The workbook of `doc` without a layout's decisions, and the text of its
 * part `name` in `part` (when it could be made); the build's status. */
static enum dc_status
build_part(const struct dc_doc *doc, const char *name, struct dc_buf *part)
{
    struct dc_diag diag;
    dc_diag_init(&diag, NULL);
    struct dc_buf xlsx;
    dc_buf_init(&xlsx);
    enum dc_status st = workbook(doc, NULL, NULL, &diag, &xlsx);
    if (st == DC_OK)
        part_text(&xlsx, name, part);
    dc_buf_free(&xlsx);
    dc_diag_free(&diag);
    return st;
}

/* A table of one column whose source names no 编制部门 and no 单位 (a
 * department's own layout can have one column): its sheet, not a crash
 * on the missing unit. */
START_TEST(test_one_column_without_unit)
{
    struct dc_doc *doc = dc_doc_new("t.txt");
    add_row(doc, table(doc, DC_TABLE_NUMBERED, 12, "名单"), "某单位", NULL);
    struct dc_buf part;
    dc_buf_init(&part);
    ck_assert_int_eq(build_part(doc, "xl/worksheets/sheet1.xml", &part),
                     DC_OK);
    ck_assert_ptr_nonnull(strstr(part.data, "<t>某单位</t>"));
    dc_buf_free(&part);
    dc_doc_free(doc);
}
END_TEST

/* A sheet keeps a temporary file open until the workbook is closed
 * (constant_memory mode): 60 tables under a soft limit of 32 open files
 * still make a workbook, the writer raising the limit as far as it
 * needs. */
START_TEST(test_more_sheets_than_open_files)
{
    struct dc_doc *doc = dc_doc_new("t.txt");
    for (int i = 1; i <= 60; i++)
        add_row(doc, table(doc, DC_TABLE_NUMBERED, i, "表"), "科目", "1");
    struct rlimit was;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &was), 0);
    if (was.rlim_max != RLIM_INFINITY && was.rlim_max < 200)
        return; /* no room to raise it here */
    struct rlimit low = {32, was.rlim_max};
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    struct dc_buf part;
    dc_buf_init(&part);
    enum dc_status st = build_part(doc, "xl/workbook.xml", &part);
    setrlimit(RLIMIT_NOFILE, &was);
    ck_assert_int_eq(st, DC_OK);
    ck_assert_int_eq(count(part.data, "<sheet "), 60);
    dc_buf_free(&part);
    dc_doc_free(doc);
}
END_TEST

static Suite *
xlsx_suite(void)
{
    Suite *s = suite_create("xlsx");
    TCase *tc = tcase_create("numbers");
    tcase_add_test(tc, test_numfmt_decimals_as_written);
    tcase_add_test(tc, test_number_exact);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_add_test(tc, test_sheet_names);
    suite_add_tcase(s, tc);
    tc = tcase_create("workbook");
    tcase_add_test(tc, test_workbook_of_synthetic_doc);
    tcase_add_test(tc, test_one_column_without_unit);
    tcase_add_test(tc, test_more_sheets_than_open_files);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(xlsx_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
