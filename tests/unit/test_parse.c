/* Unit tests for src/parse: line classifier, cell cleaning, lexer, heading
 * levels, tables and malformed input. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse_int.h"

static struct dc_tabledefs *defs;
static struct dc_diag diag;

static void
setup(void)
{
    dc_diag_init(&diag, NULL);
    const char *dir = getenv("DISCLOSE_LAYOUTS");
    defs = dc_tabledefs_load(dir ? dir : "layouts", &diag);
    ck_assert_ptr_nonnull(defs);
}

static void
teardown(void)
{
    dc_tabledefs_free(defs);
    dc_diag_free(&diag);
}

static enum dc_line_class
classify(const char *s, struct dc_line_info *info)
{
    return dc_classify_line(s, strlen(s), info);
}

static int
title_is(const char *s, const struct dc_line_info *i, const char *want)
{
    return strlen(want) == i->title_len &&
           memcmp(s + i->title_off, want, i->title_len) == 0;
}

/* ---- classifier ---- */

START_TEST(classify_parts_and_tables)
{
    struct dc_line_info i;
    const char *s = " 第一部分   2025年昌吉高新区管委会概况";
    ck_assert_int_eq(classify(s, &i), DC_LINE_PART);
    ck_assert_int_eq(i.number, 1);
    ck_assert(title_is(s, &i, "2025年昌吉高新区管委会概况"));
    s = "（第四部分）  名词解释";
    ck_assert_int_eq(classify(s, &i), DC_LINE_PART);
    ck_assert_int_eq(i.number, 4);
    ck_assert(title_is(s, &i, "名词解释"));
    ck_assert_int_eq(classify(" 表2", &i), DC_LINE_TABLE);
    ck_assert_int_eq(i.number, 2);
    ck_assert_int_eq(classify("表11", &i), DC_LINE_TABLE);
    ck_assert_int_eq(i.number, 11);
    ck_assert_int_eq(classify("表1 部门收支", &i), DC_LINE_TEXT);
    s = "表 10 财政拨款“三公”经费支出情况表";
    ck_assert_int_eq(classify(s, &i), DC_LINE_TABLE);
    ck_assert_int_eq(i.number, 10);
    ck_assert(title_is(s, &i, "财政拨款“三公”经费支出情况表"));
    ck_assert_int_eq(classify("表1中的数据见下。", &i), DC_LINE_TEXT);
    ck_assert_int_eq(classify("编制部门 ：某局    单位：万元", &i),
                     DC_LINE_DEPT);
    ck_assert_int_eq(classify("                  2025年2月10日", &i),
                     DC_LINE_DATE);
    ck_assert_int_eq(classify("2025年2月10日发布", &i), DC_LINE_TEXT);
    ck_assert_int_eq(classify("　 \t", &i), DC_LINE_BLANK);
}
END_TEST

START_TEST(classify_headings)
{
    struct dc_line_info i;
    const char *s = "一、主要职能";
    ck_assert_int_eq(classify(s, &i), DC_LINE_HEADING);
    ck_assert_int_eq(i.level, 1);
    ck_assert_int_eq(i.number, 1);
    ck_assert(title_is(s, &i, "主要职能"));
    s = "十一、关于上年结转结余的说明";
    ck_assert_int_eq(classify(s, &i), DC_LINE_HEADING);
    ck_assert_int_eq(i.number, 11);
    ck_assert_int_eq(classify("（一）单位运行经费情况", &i), DC_LINE_HEADING);
    ck_assert_int_eq(i.level, 2);
    s = "（3） 预算绩效情况";
    ck_assert_int_eq(classify(s, &i), DC_LINE_HEADING);
    ck_assert_int_eq(i.level, 3);
    ck_assert_int_eq(i.number, 3);
    ck_assert(title_is(s, &i, "预算绩效情况"));
    ck_assert_int_eq(classify("11、 关于2025年上年结转结余预算情况说明", &i),
                     DC_LINE_HEADING);
    ck_assert_int_eq(i.level, 3);
    ck_assert_int_eq(i.number, 11);
    ck_assert_int_eq(classify("1．一般公共预算当年拨款规模变化情况", &i),
                     DC_LINE_HEADING);
    /* sentences, definitions and fields are paragraphs */
    ck_assert_int_eq(
        classify("42、 债务还本支出（类）1460万元，与上年相比增加。", &i),
        DC_LINE_TEXT);
    ck_assert_int_eq(classify("1、项目名称：干部人事档案专用库房建设项目", &i),
                     DC_LINE_TEXT);
    ck_assert_int_eq(classify("一、财政拨款：指由一般公共预算安排的拨款数。", &i),
                     DC_LINE_TEXT);
    ck_assert_int_eq(classify("1.房屋20726.86平方米，价值2006万元。", &i),
                     DC_LINE_TEXT);
    ck_assert_int_eq(classify("2025年，本部门预算", &i), DC_LINE_TEXT);
    ck_assert_int_eq(classify("3.5万元", &i), DC_LINE_TEXT);
}
END_TEST

START_TEST(chinese_numbers)
{
    ck_assert_int_eq(dc_cn_number("一", 3), 1);
    ck_assert_int_eq(dc_cn_number("十", 3), 10);
    ck_assert_int_eq(dc_cn_number("十二", 6), 12);
    ck_assert_int_eq(dc_cn_number("二十", 6), 20);
    ck_assert_int_eq(dc_cn_number("九十九", 9), 99);
    ck_assert_int_eq(dc_cn_number("一一", 6), 0);
    ck_assert_int_eq(dc_cn_number("", 0), 0);
}
END_TEST

/* ---- cells ---- */

static char *
clean(int *dist, int n, ...)
{
    const char *lines[8];
    size_t lens[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        lines[i] = va_arg(ap, const char *);
        lens[i] = strlen(lines[i]);
    }
    va_end(ap);
    struct dc_buf b;
    dc_buf_init(&b);
    dc_clean_cell(lines, lens, n, &b, dist);
    return dc_buf_detach(&b);
}

START_TEST(clean_cells)
{
    int d;
    char *s = clean(&d, 1, "收     入");
    ck_assert_str_eq(s, "收入");
    ck_assert_int_eq(d, 1);
    free(s);
    s = clean(&d, 3, "一 般 公 ", "共 服 务 ", "支出");
    ck_assert_str_eq(s, "一般公共服务支出");
    ck_assert_int_eq(d, 1);
    free(s);
    s = clean(&d, 1, "财  政  拨  款  (  补  助  )");
    ck_assert_str_eq(s, "财政拨款(补助)");
    ck_assert_int_eq(d, 1);
    free(s);
    s = clean(&d, 2, "科目", "名称");
    ck_assert_str_eq(s, "科目\n名称");
    ck_assert_int_eq(d, 0);
    free(s);
    s = clean(&d, 4, "", "", "186", "　");
    ck_assert_str_eq(s, "186");
    free(s);
    s = clean(&d, 1, "　27766");
    ck_assert_str_eq(s, "27766");
    free(s);
    s = clean(&d, 1, "2.政府性基金预算拨款\t");
    ck_assert_str_eq(s, "2.政府性基金预算拨款");
    free(s);
    s = clean(&d, 1, "201 一般公共服务支出");
    ck_assert_str_eq(s, "201 一般公共服务支出");
    ck_assert_int_eq(d, 0);
    free(s);
    s = clean(&d, 1, "[bookmark: _GoBack]预算规模安排：3303万元");
    ck_assert_str_eq(s, "预算规模安排：3303万元");
    free(s);
    s = clean(&d, 1, "a\tb");
    ck_assert_str_eq(s, "a b");
    free(s);
    s = clean(&d, 1, "　");
    ck_assert_str_eq(s, "");
    ck_assert_int_eq(d, 0);
    free(s);
    s = clean(&d, 3, "目标1：参加", "", "目标2：外出");
    ck_assert_str_eq(s, "目标1：参加\n目标2：外出");
    free(s);
}
END_TEST

/* ---- lexer ---- */

START_TEST(lexer_groups)
{
    const char src[] = "\xEF\xBB\xBF第一部分 概况\r\n"
                       "\t政 府 办 \r\n"
                       "公 厅\r\n"
                       "\t1704\r\n"
                       " 表2\r\n"
                       "\r\n"
                       "\t201\r\n"
                       "\r\n"
                       "\r\n"
                       "186\r\n";
    struct dc_lexed lx;
    dc_lex(src, sizeof src - 1, &lx);
    ck_assert_int_eq(lx.nitems, 5);
    ck_assert_int_eq(lx.items[0].type, DC_ITEM_TEXT);
    ck_assert_int_eq(lx.items[1].type, DC_ITEM_GROUP);
    ck_assert_int_eq(lx.items[1].ncells, 2);
    ck_assert_int_eq(lx.items[1].nlines, 3); /* the first cell continued */
    ck_assert_int_eq(lx.lines[lx.items[1].line_index + 1].col0, 1);
    ck_assert_int_eq(lx.lines[lx.items[1].line_index + 2].col0, 2);
    ck_assert_int_eq(lx.items[2].type, DC_ITEM_TEXT); /* 表2: structural */
    ck_assert_int_eq(lx.items[2].line, 5);
    ck_assert_int_eq(lx.items[3].type, DC_ITEM_GROUP);
    ck_assert_int_eq(lx.items[3].line, 7);
    ck_assert(lx.items[3].after_blank);
    ck_assert_int_eq(lx.items[4].type, DC_ITEM_TEXT);
    ck_assert(lx.items[4].after_blank);
    ck_assert_int_eq(lx.items[4].line, 10);
    ck_assert_uint_eq(lx.lines[lx.items[4].line_index].len, 3); /* no CR */
    dc_lexed_free(&lx);
}
END_TEST

/* ---- whole documents ---- */

static struct dc_doc *
parse(const char *src)
{
    return dc_parse_buffer("t.txt", src, strlen(src), defs, &diag);
}

static const char *
msg(size_t i)
{
    return i < diag.n ? diag.msgs[i].text : "";
}

static const char table3[] =
    "第一部分 2025年测试局概况\n"
    "一、主要职能\n"
    "测试。\n"
    "第二部分 2025年预算公开表\n"
    "表3\n"
    "部门支出总体情况表\n"
    "编制部门：测试局      单位：万元\n"
    "\t科    目\n\t支出预算\n\n"
    "\t功能分类科目编码\n\t功能分类科目名称\n\t合  计\n\t基本支出\n\t项目支出\n\n"
    "\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n"
    "\t201\n\t\n\t\n\t一般公共服务支出\n\t100.5\n\t60\n\t40.5\n\n"
    "\t201\n\t03\n\t\n\t政府办公厅\n\t100.5\n\t\n"
    "\n\n60\n\t40.5\n\n"
    "\t\n\t\n\t\n\t合 计\n\t100.5\n\t60\n\t40.5\n";

/* A source big enough that the parser gives back what it is done with as
 * it goes (the source read from a file and the lexer's records, in
 * DC_SPOOL_STEP pieces): the same model as from a buffer kept whole,
 * a cell continued after blank lines in every row included. */
START_TEST(parse_big_file_gives_back)
{
    struct dc_buf src;
    dc_buf_init(&src);
    dc_buf_put(&src, table3, strlen(table3) - strlen(
        "\t\n\t\n\t\n\t合 计\n\t100.5\n\t60\n\t40.5\n"));
    for (int i = 0; src.len < 5 * DC_SPOOL_STEP; i++)
        dc_buf_printf(&src, "\t201\n\t%02d\n\t\n\t政府办公厅\n\t%d.5\n\t\n"
                            "\n\n60\n\t40.5\n\n",
                      i % 90 + 1, i);
    dc_buf_puts(&src, "\t\n\t\n\t\n\t合 计\n\t100.5\n\t60\n\t40.5\n");
    char path[] = "/tmp/dc-parse-big-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, src.data, src.len), (ssize_t)src.len);
    close(fd);
    struct dc_doc *a = dc_parse_file(path, 0, defs, &diag);
    size_t na = diag.n;
    struct dc_doc *b = dc_parse_buffer(path, src.data, src.len, defs, &diag);
    unlink(path);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(diag.n, 2 * na);
    char *xa = NULL, *xb = NULL;
    size_t la = 0, lb = 0;
    FILE *fa = open_memstream(&xa, &la), *fb = open_memstream(&xb, &lb);
    ck_assert_int_eq(dc_dump_xml(a, fa), DC_OK);
    ck_assert_int_eq(dc_dump_xml(b, fb), DC_OK);
    fclose(fa);
    fclose(fb);
    ck_assert_uint_gt(la, src.len);
    ck_assert_uint_eq(la, lb);
    ck_assert(memcmp(xa, xb, la) == 0);
    const struct dc_node *t = dc_doc_table(a, 3);
    ck_assert_int_gt(t->u.table.nrows, 50000);
    free(xa);
    free(xb);
    dc_doc_free(a);
    dc_doc_free(b);
    dc_buf_free(&src);
}
END_TEST

/* A cell keeps its value's digits and scale in its own bytes, beside its
 * merge state: 40 bytes a cell node, nothing overwriting its neighbour. */
START_TEST(cell_value_in_its_bytes)
{
    ck_assert_uint_eq(DC_CELL_NODE_SIZE, 40);
    struct dc_doc *doc = dc_doc_new("t.txt");
    struct dc_node *r = dc_row_new(doc, 1, 1, 3);
    struct dc_node *a = dc_row_add_cell(r, 1, 2);
    struct dc_node *b = dc_row_add_cell(r, 2, 2);
    struct dc_node *c = dc_row_add_cell(r, 3, 2);
    a->u.cell.vmerge = DC_VMERGE_CONTINUE;
    ck_assert(dc_cell_parse_num(&a->u.cell, "-123456789.123456789", 20));
    ck_assert(dc_cell_parse_num(&b->u.cell, "12", 2));
    ck_assert(!dc_cell_parse_num(&c->u.cell, "12x", 3));
    b->u.cell.vmerge = DC_VMERGE_RESTART;
    ck_assert_int_eq(a->u.cell.vmerge, DC_VMERGE_CONTINUE);
    ck_assert_int_eq(dc_cell_num(&a->u.cell).scale, 9);
    ck_assert(dc_cell_num(&a->u.cell).units == INT64_C(-123456789123456789));
    ck_assert_int_eq(a->u.cell.flags, DC_CELL_NUMBER);
    ck_assert_int_eq(dc_cell_num(&b->u.cell).scale, 0);
    ck_assert(dc_cell_num(&b->u.cell).units == 12);
    ck_assert_int_eq(b->u.cell.vmerge, DC_VMERGE_RESTART);
    ck_assert_int_eq(c->u.cell.flags, 0);
    ck_assert_ptr_eq(dc_node_next(a), b);
    ck_assert_ptr_eq(dc_node_parent(c), r);
    dc_doc_free(doc);
}
END_TEST

START_TEST(parse_numbered_table)
{
    struct dc_doc *doc = parse(table3);
    const struct dc_node *t = dc_doc_table(doc, 3);
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t->u.table.title, "部门支出总体情况表");
    ck_assert_str_eq(t->u.table.department, "测试局");
    ck_assert_str_eq(t->u.table.unit, "万元");
    ck_assert_int_eq(t->u.table.nheader, 3);
    ck_assert_int_eq(t->u.table.nrows, 6);
    ck_assert_int_eq(t->u.table.ncols, 7);
    const struct dc_node *h1 = dc_node_first(t);
    ck_assert_int_eq(dc_node_first(h1)->u.cell.colspan, 4);
    ck_assert(dc_node_first(h1)->u.cell.flags & DC_CELL_DISTRIBUTED);
    const struct dc_node *h2 = dc_node_next(h1);
    ck_assert_int_eq(dc_node_next(dc_node_first(h2))->u.cell.rowspan, 2);
    ck_assert_int_eq(dc_node_next(dc_node_first(h2))->u.cell.vmerge,
                     DC_VMERGE_RESTART);
    const struct dc_node *body = dc_node_next(dc_node_next(h2));
    ck_assert_int_eq(body->u.row.kind, DC_ROW_BODY);
    ck_assert_str_eq(body->u.row.code, "201");
    ck_assert_int_eq(body->u.row.level, 1);
    const struct dc_node *amount = dc_row_cell_at(body, 4);
    ck_assert(amount->u.cell.flags & DC_CELL_NUMBER);
    ck_assert_int_eq(dc_cell_num(&amount->u.cell).units, 1005);
    ck_assert_int_eq(dc_cell_num(&amount->u.cell).scale, 1);
    ck_assert_int_eq(amount->u.cell.scale, 1); /* in the cell's own bits */
    ck_assert_int_eq(amount->line, 29);
    /* a cell continued after blank lines, on the second body row */
    const struct dc_node *kuan = dc_node_next(body);
    ck_assert_str_eq(kuan->u.row.code, "20103");
    ck_assert_int_eq(kuan->u.row.level, 2);
    ck_assert_str_eq(dc_row_cell_at(kuan, 5)->u.cell.text, "60");
    ck_assert_int_eq(dc_row_cell_at(kuan, 5)->line, 38);
    ck_assert_str_eq(dc_row_cell_at(kuan, 6)->u.cell.text, "40.5");
    ck_assert(!(dc_row_cell_at(kuan, 1)->u.cell.flags & DC_CELL_NUMBER));
    ck_assert_int_eq(dc_node_next(kuan)->u.row.kind, DC_ROW_TOTAL);
    ck_assert_int_eq(dc_doc_check_tree(doc), 0);
    ck_assert_str_eq(doc->meta.department, "测试局");
    ck_assert_int_eq(doc->meta.year, 2025);
    /* no signature and tables missing: reported as cut off */
    ck_assert_uint_eq(diag.nerrors, 1);
    ck_assert_ptr_nonnull(strstr(msg(diag.n - 1), "looks cut off"));
    dc_doc_free(doc);
}
END_TEST

START_TEST(parse_too_many_cells)
{
    char *src = dc_xmalloc(sizeof table3 + 64);
    strcpy(src, table3);
    /* one cell too many in the 合计 row */
    strcat(src, "\t99\n");
    struct dc_doc *doc = parse(src);
    ck_assert_uint_ge(diag.nerrors, 1);
    ck_assert_int_eq(diag.msgs[0].line, 51);
    ck_assert_ptr_nonnull(strstr(msg(0), "has 8 cells"));
    ck_assert_ptr_nonnull(strstr(msg(0), "allows 7"));
    dc_doc_free(doc);
    free(src);
}
END_TEST

/* Other departments' habits: the title on the 表N line, 单位 on a line of
 * its own, an empty table (a department without such money) */
START_TEST(parse_other_table_habits)
{
    const char src[] =
        "第二部分 预算公开表\n"
        "表 3 部门支出总体情况表\n"
        "编制部门：测试局\n"
        "金额单位：万元\n"
        "\t科目\n\t支出预算\n\n"
        "\t编码\n\t名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n"
        "表9\n国有资本经营预算支出情况表\n编制部门：测试局 单位：万元\n"
        "\t科目\n\t国有资本经营预算支出\n\n"
        "\t编码\n\t名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t类\n\t款\n\t项\n\t\n\t\n\t人员经费\n\t公用经费\n\t\n\n"
        "\t\n\t\n\t\n\t合计\n\t\n\t\n\t\n\t\n\n"
        "注：本部门无国有资本经营预算支出。\n"
        /* 表5 without the 科目 | 一般公共预算支出 row above its labels */
        "表5\n一般公共预算支出情况表\n编制部门：测试局 单位：万元\n"
        "\t编码\n\t名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n"
        "\t201\n\t\n\t\n\t一般公共服务支出\n\t5\n\t5\n\t\n\n";
    struct dc_doc *doc = parse(src);
    const struct dc_node *t3 = dc_doc_table(doc, 3);
    ck_assert_ptr_nonnull(t3);
    ck_assert_str_eq(t3->u.table.title, "部门支出总体情况表");
    ck_assert_str_eq(t3->u.table.def->id, "table-03");
    ck_assert_str_eq(t3->u.table.department, "测试局");
    ck_assert_str_eq(t3->u.table.unit, "万元");
    ck_assert_int_eq(t3->u.table.nrows, 3); /* header only */
    const struct dc_node *t9 = dc_doc_table(doc, 9);
    ck_assert_ptr_nonnull(t9);
    ck_assert_int_eq(t9->u.table.nrows, 4);
    ck_assert_int_eq(dc_node_last(t9)->u.row.kind, DC_ROW_TOTAL);
    ck_assert_int_eq(dc_node_next(t9)->type, DC_NODE_PARAGRAPH);
    const struct dc_node *t5 = dc_doc_table(doc, 5);
    ck_assert_int_eq(t5->u.table.nheader, 2);
    ck_assert_int_eq(t5->u.table.nrows, 3);
    ck_assert_int_eq(dc_node_first(dc_node_first(t5))->u.cell.colspan,
                     3); /* 编码 */
    ck_assert_int_eq(
        dc_node_next(dc_node_first(dc_node_first(t5)))->u.cell.rowspan, 2);
    ck_assert_str_eq(dc_node_last(t5)->u.row.code, "201");
    /* the empty 表3 is a warning; only the missing tables are an error */
    int empty_warned = 0;
    for (size_t i = 0; i < diag.n; i++) {
        if (strstr(diag.msgs[i].text, "表3 has no body rows"))
            empty_warned = diag.msgs[i].sev == DC_SEV_WARNING;
        if (diag.msgs[i].sev == DC_SEV_ERROR)
            ck_assert_ptr_nonnull(strstr(diag.msgs[i].text, "looks cut off"));
    }
    ck_assert(empty_warned);
    ck_assert_int_eq(dc_doc_check_tree(doc), 0);
    dc_doc_free(doc);
}
END_TEST

START_TEST(parse_heading_levels_and_signature)
{
    const char src[] = "第三部分 说明\n"
                       "九、关于九\n"
                       "十、关于十\n"
                       "11、 关于十一\n"
                       "（一）单位运行经费情况\n"
                       "1、第一项\n"
                       "2、第二项\n"
                       "3、第三项\n"
                       "（第四部分）名词解释\n"
                       "一、财政拨款：指由财政安排的拨款数。\n"
                       "\n"
                       "       某某局\n"
                       "       2025年2月10日\n";
    struct dc_doc *doc = parse(src);
    const struct dc_node *n =
        dc_node_next(dc_node_next(dc_node_next(dc_node_first(doc->root))));
    ck_assert_int_eq(n->type, DC_NODE_HEADING);
    ck_assert_str_eq(n->u.heading.numbering, "11、");
    ck_assert_int_eq(n->u.heading.level, 1);
    n = dc_node_next(dc_node_next(dc_node_next(dc_node_next(n))));
    ck_assert_str_eq(n->u.heading.numbering, "3、");
    ck_assert_int_eq(n->u.heading.level, 3);
    n = dc_node_next(dc_node_next(n));
    ck_assert_int_eq(n->type, DC_NODE_PARAGRAPH);
    ck_assert_int_eq(n->u.para.role, DC_PARA_GLOSSARY);
    ck_assert_str_eq(n->u.para.term, "财政拨款");
    n = dc_node_next(n);
    ck_assert_int_eq(n->type, DC_NODE_SIGNATURE);
    ck_assert_str_eq(n->u.sig.department, "某某局");
    ck_assert_str_eq(n->u.sig.date, "2025年2月10日");
    ck_assert_int_eq(doc->meta.date_m, 2);
    ck_assert_int_eq(doc->meta.date_d, 10);
    ck_assert_ptr_null(dc_node_next(n));
    dc_doc_free(doc);
}
END_TEST

START_TEST(parse_bad_input)
{
    struct dc_doc *doc = parse("");
    ck_assert_uint_eq(diag.nerrors, 1);
    ck_assert_int_eq(diag.msgs[0].line, 1);
    ck_assert_ptr_nonnull(strstr(msg(0), "empty file"));
    dc_doc_free(doc);
    dc_diag_free(&diag);
    dc_diag_init(&diag, NULL);

    doc = parse("第一部分 概况\n好的一行\n坏\xE8\xA1的一行\n");
    ck_assert_uint_eq(diag.nerrors, 1);
    ck_assert_int_eq(diag.msgs[0].line, 3);
    ck_assert_int_eq(diag.msgs[0].col, 2);
    ck_assert_ptr_nonnull(strstr(msg(0), "UTF-8"));
    dc_doc_free(doc);
    dc_diag_free(&diag);
    dc_diag_init(&diag, NULL);

    doc = parse("just some words\nand more\n");
    ck_assert_uint_eq(diag.nerrors, 1);
    ck_assert_ptr_nonnull(strstr(msg(0), "no budget disclosure"));
    dc_doc_free(doc);
}
END_TEST

START_TEST(parse_message_ids)
{
    /* every message has a name, a severity and a text; names are unique */
    for (int i = 0; i < DC_PMSG_COUNT; i++) {
        const struct dc_parse_msg_info *m = dc_parse_msg((enum dc_parse_msg)i);
        ck_assert_ptr_nonnull(m);
        ck_assert_ptr_nonnull(m->name);
        ck_assert_ptr_nonnull(m->text);
        ck_assert(m->sev == DC_SEV_ERROR || m->sev == DC_SEV_WARNING ||
                  m->sev == DC_SEV_NOTE);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(dc_parse_msg((enum dc_parse_msg)j)->name,
                             m->name);
    }
    ck_assert_ptr_null(dc_parse_msg(DC_PMSG_COUNT));
    /* an input gets the message of its id, with its severity */
    struct dc_doc *doc = parse("");
    ck_assert_uint_eq(diag.n, 1);
    ck_assert_int_eq(diag.msgs[0].sev,
                     dc_parse_msg(DC_PMSG_EMPTY_FILE)->sev);
    ck_assert_str_eq(msg(0), dc_parse_msg(DC_PMSG_EMPTY_FILE)->text);
    dc_doc_free(doc);
    dc_diag_free(&diag);
    dc_diag_init(&diag, NULL);
    doc = parse("just some words\nand more\n");
    ck_assert_str_eq(msg(0), dc_parse_msg(DC_PMSG_NO_DISCLOSURE)->text);
    dc_doc_free(doc);
}
END_TEST

/* A source that cannot be read gets the parser's own messages (ids in
 * msg.c, so they are in the catalog): missing, not a regular file, over
 * --max-size. */
START_TEST(parse_unreadable_by_id)
{
    char want[256], dir[] = "/tmp/dc-parse-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    dc_diag_free(&diag);
    dc_diag_init(&diag, NULL);
    snprintf(path, sizeof path, "%s/none.txt", dir);
    ck_assert_ptr_null(dc_parse_file(path, 0, defs, &diag));
    snprintf(want, sizeof want, dc_parse_msg(DC_PMSG_CANNOT_READ)->text,
             "No such file or directory");
    ck_assert_str_eq(msg(0), want);
    ck_assert_str_eq(diag.msgs[0].file, path);
    ck_assert_ptr_null(dc_parse_file(dir, 0, defs, &diag));
    snprintf(want, sizeof want, dc_parse_msg(DC_PMSG_NOT_REGULAR)->text,
             "a folder");
    ck_assert_str_eq(msg(1), want);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("0123456789", f);
    fclose(f);
    ck_assert_ptr_null(dc_parse_file(path, 9, defs, &diag));
    snprintf(want, sizeof want, dc_parse_msg(DC_PMSG_TOO_BIG)->text, 10LL,
             (size_t)9);
    ck_assert_str_eq(msg(2), want);
    /* a pipe is read up to the limit, then refused */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(write(fds[1], "0123456789", 10), 10);
    close(fds[1]);
    ck_assert_ptr_null(dc_parse_fd(fds[0], "<stdin>", 9, defs, &diag));
    close(fds[0]);
    snprintf(want, sizeof want, dc_parse_msg(DC_PMSG_TOO_BIG_STREAM)->text,
             (size_t)9);
    ck_assert_str_eq(msg(3), want);
    ck_assert_uint_eq(diag.nerrors, 4);
    /* a buffer the lexer's 30-bit records cannot index is refused before
     * a byte of it is read (the length alone is looked at) */
    struct dc_doc *big = dc_parse_buffer("big.txt", "", DC_PARSE_MAX, defs,
                                         &diag);
    ck_assert_ptr_nonnull(big);
    ck_assert_ptr_null(dc_node_first(big->root));
    snprintf(want, sizeof want,
             dc_parse_msg(DC_PMSG_TOO_BIG_TO_PARSE)->text, DC_PARSE_MAX,
             DC_PARSE_MAX - 1);
    ck_assert_str_eq(msg(4), want);
    ck_assert_uint_eq(diag.nerrors, 5);
    dc_doc_free(big);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* ---- a layout's <arithmetic>: read, and refused with file:line ---- */

/* Loads a layouts folder holding one table-05.xml whose <arithmetic> is
 * `arith`; returns the loaded set (NULL when refused), the first message
 * into msg. */
static struct dc_tabledefs *load_layouts(const char *arith, const char *ids,
                                         char *msg, size_t n);

static struct dc_tabledefs *
load_arith(const char *arith, char *msg, size_t n)
{
    return load_layouts(arith, NULL, msg, n);
}

/* The same, and an identities.xml whose body (after its <?xml?> line and
 * "<identities>" on line 2) is `ids` when ids is not NULL. */
static struct dc_tabledefs *
load_layouts(const char *arith, const char *ids, char *msg, size_t n)
{
    char dir[] = "/tmp/dc-layout-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/table-05.xml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "<?xml version=\"1.0\"?>\n"
               "<table number=\"5\" role=\"general\">\n"
               "  <match>测试表</match>\n"
               "  <columns>\n"
               "    <col key=\"name\" role=\"text\"/>\n"
               "    <col key=\"total\" role=\"amount\"/>\n"
               "    <col key=\"basic\" role=\"amount\"/>\n"
               "    <col key=\"project\" role=\"amount\"/>\n"
               "  </columns>\n"
               "  <header><row><cell>项目</cell><cell>合计</cell>"
               "<cell>基本</cell><cell>项目</cell></row></header>\n"
               "  <arithmetic>\n%s\n  </arithmetic>\n"
               "</table>\n",
            arith);
    fclose(f);
    char ipath[80];
    snprintf(ipath, sizeof ipath, "%s/identities.xml", dir);
    if (ids) {
        f = fopen(ipath, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "<?xml version=\"1.0\"?>\n<identities>\n%s\n</identities>\n",
                ids);
        fclose(f);
    }
    /* the messages as printed (their file name is the loader's, gone
     * once it refuses the folder) */
    FILE *out = tmpfile();
    ck_assert_ptr_nonnull(out);
    struct dc_diag d;
    dc_diag_init(&d, out);
    struct dc_tabledefs *t = dc_tabledefs_load(dir, &d);
    dc_diag_free(&d);
    rewind(out);
    if (!fgets(msg, (int)n, out))
        msg[0] = '\0';
    fclose(out);
    unlink(path);
    unlink(ipath);
    rmdir(dir);
    return t;
}

START_TEST(layout_arithmetic)
{
    char msg[512];
    struct dc_tabledefs *t =
        load_arith("    <sum total=\"total\" parts=\"basic project\"/>\n"
                   "    <hierarchy/>\n    <total-row/>",
                   msg, sizeof msg);
    ck_assert_msg(t != NULL, "%s", msg);
    const struct dc_tabledef *d = dc_tabledefs_number(t, 5);
    ck_assert_int_eq(d->nsums, 1);
    ck_assert_int_eq(d->sums[0].total, 1);
    ck_assert_int_eq(d->sums[0].nparts, 2);
    ck_assert_int_eq(d->sums[0].parts[1], 3);
    ck_assert_uint_eq(d->arith, DC_ARITH_HIER | DC_ARITH_TOTAL_ROW);
    ck_assert_str_eq(d->role, "general");
    dc_tabledefs_free(t);
    /* each mistake refused at its line (the <arithmetic> opens line 11) */
    static const struct {
        const char *xml, *at, *want; /* the severity may be translated */
    } bad[] = {
        {"    <sum total=\"total\" parts=\"basic projet\"/>",
         "table-05.xml:12:", "no column has the key \"projet\""},
        {"    <sum total=\"name\" parts=\"basic\"/>",
         "table-05.xml:12:", "column \"name\" is not an amount column"},
        {"    <sum total=\"total\" parts=\"basic basic\"/>",
         "table-05.xml:12:", "a column appears twice in this <sum>"},
        {"\n    <sum parts=\"basic\"/>",
         "table-05.xml:13:", "<sum> needs total="},
        {"    <hierarchy by=\"name\"/>",
         "table-05.xml:12:", "<hierarchy by=\"name\">"},
        {"    <side income=\"total\"/>",
         "table-05.xml:12:", "<side> needs income="},
        {"    <rowsum/>",
         "table-05.xml:12:", "unexpected element <rowsum> in <arithmetic>"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = load_arith(bad[i].xml, msg, sizeof msg);
        ck_assert_msg(t == NULL, "accepted: %s", bad[i].xml);
        ck_assert_msg(strstr(msg, bad[i].at) && strstr(msg, bad[i].want),
                      "%s %s: got %s", bad[i].at, bad[i].want, msg);
    }
}
END_TEST

/* ---- identities.xml: read, and refused with file:line ---- */

START_TEST(layout_identities)
{
    char msg[512];
    const char *sum = "    <sum total=\"total\" parts=\"basic project\"/>";
    struct dc_tabledefs *t = load_layouts(
        sum,
        "<role name=\"general\"/>\n"
        "<vote rule=\"x-project\" by=\"class\">\n"
        "  <figure table=\"general\" column=\"total\"/>\n"
        "  <figure label=\"基本 + 项目\">\n"
        "    <part table=\"general\" column=\"basic project\"/>\n"
        "  </figure>\n"
        "</vote>\n"
        "<match rule=\"x-sangong\" round=\"yes\">\n"
        "  <figure table=\"general\" column=\"total\" row=\"A/B !C\"/>\n"
        "  <figure table=\"general\" column=\"total\" code=\"201\"/>\n"
        "</match>",
        msg, sizeof msg);
    ck_assert_msg(t != NULL, "%s", msg);
    ck_assert_int_eq(t->nroles, 1);
    ck_assert_int_eq(t->nids, 2);
    ck_assert_int_eq(t->ids[0].kind, DC_ID_CLASS);
    ck_assert_str_eq(t->ids[0].rule, "x-project");
    ck_assert_int_eq(t->ids[0].line, 4);
    ck_assert_int_eq(t->ids[0].nfigs, 2);
    ck_assert_int_eq(t->ids[0].figs[1].parts[0].ncols, 2);
    ck_assert_str_eq(t->ids[0].figs[1].parts[0].cols[1], "project");
    ck_assert_str_eq(t->ids[0].figs[1].label, "基本 + 项目");
    ck_assert_int_eq(t->ids[1].kind, DC_ID_MATCH);
    ck_assert_int_eq(t->ids[1].round, 1);
    ck_assert_str_eq(t->ids[1].figs[0].parts[0].row, "A/B !C");
    ck_assert_str_eq(t->ids[1].figs[1].parts[0].code, "201");
    /* the column names come from the header grid */
    const struct dc_tabledef *d = dc_tabledefs_number(t, 5);
    ck_assert_str_eq(d->col_names[1], "合计");
    dc_tabledefs_free(t);
    /* each mistake refused at its line (<identities> is line 2) */
    static const struct {
        const char *ids, *at, *want;
    } bad[] = {
        /* unknown role */
        {"<role name=\"general\"/>\n<vote rule=\"x-project\" by=\"class\">\n"
         "<figure table=\"genral\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"basic\"/></vote>",
         "identities.xml:5:", "unknown role \"genral\""},
        /* a role no layout is the table of */
        {"<role name=\"general\"/><role name=\"fund\"/>\n"
         "<vote rule=\"x-fund\" by=\"class\">\n"
         "<figure table=\"fund\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"basic\"/></vote>",
         "identities.xml:5:", "no layout is the table of role \"fund\""},
        /* unknown column key */
        {"<role name=\"general\"/>\n<vote rule=\"x-project\" by=\"class\">\n"
         "<figure table=\"general\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"projet\"/></vote>",
         "identities.xml:6:", "has no column \"projet\""},
        /* not an amount column */
        {"<role name=\"general\"/>\n<vote rule=\"x-project\" by=\"class\">\n"
         "<figure table=\"general\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"name\"/></vote>",
         "identities.xml:6:", "is not an amount column"},
        /* duplicates */
        {"<role name=\"general\"/>\n<role name=\"general\"/>",
         "identities.xml:4:", "role \"general\" is declared twice"},
        {"<role name=\"general\"/>\n<vote rule=\"x-project\" by=\"class\">\n"
         "<figure table=\"general\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"total\"/></vote>",
         "identities.xml:6:", "already in this identity (line 5)"},
        /* missing attributes */
        {"<role name=\"general\"/>\n<vote by=\"class\">\n"
         "<figure table=\"general\" column=\"total\"/>\n"
         "<figure table=\"general\" column=\"basic\"/></vote>",
         "identities.xml:4:", "<vote> needs rule="},
        {"<role name=\"general\"/>\n<vote rule=\"x-project\" by=\"class\">\n"
         "<figure table=\"general\"/>\n"
         "<figure table=\"general\" column=\"basic\"/></vote>",
         "identities.xml:5:", "<figure> needs table="},
        {"<role name=\"general\"/>\n<codes rule=\"x-codes\" tables=\"general\"/>",
         "identities.xml:4:", "<codes> needs tables="},
        /* an element it does not know */
        {"<role name=\"general\"/>\n<sum/>",
         "identities.xml:4:", "unexpected element <sum> in <identities>"},
        /* a layout's role the file does not declare */
        {"<role name=\"expense\"/>",
         "table-05.xml:2:", "unknown role \"general\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = load_layouts(sum, bad[i].ids, msg, sizeof msg);
        ck_assert_msg(t == NULL, "accepted: %s", bad[i].ids);
        ck_assert_msg(strstr(msg, bad[i].at) && strstr(msg, bad[i].want),
                      "%s %s: got %s", bad[i].at, bad[i].want, msg);
    }
    /* two <sum>s for one column: the second one's line (dc_sumdef.line) */
    t = load_arith("    <sum total=\"total\" parts=\"basic project\"/>\n"
                   "    <sum total=\"total\" parts=\"basic\"/>",
                   msg, sizeof msg);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(msg, "table-05.xml:13:") &&
                      strstr(msg, "a second <sum> for the column \"total\" "
                                  "(the first is at line 12)"),
                  "got %s", msg);
}
END_TEST

static Suite *
parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *t = tcase_create("lines");
    tcase_add_test(t, classify_parts_and_tables);
    tcase_add_test(t, classify_headings);
    tcase_add_test(t, chinese_numbers);
    tcase_add_test(t, clean_cells);
    tcase_add_test(t, lexer_groups);
    tcase_add_test(t, layout_arithmetic);
    tcase_add_test(t, layout_identities);
    suite_add_tcase(s, t);
    t = tcase_create("documents");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, parse_numbered_table);
    tcase_add_test(t, parse_too_many_cells);
    tcase_add_test(t, parse_other_table_habits);
    tcase_add_test(t, parse_heading_levels_and_signature);
    tcase_add_test(t, parse_bad_input);
    tcase_add_test(t, parse_message_ids);
    tcase_add_test(t, parse_unreadable_by_id);
    tcase_add_test(t, cell_value_in_its_bytes);
    tcase_add_test(t, parse_big_file_gives_back);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    SRunner *r = srunner_create(parse_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
