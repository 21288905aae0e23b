#include "synth.h"

#include <stdlib.h>
#include <string.h>

/* ---- table descriptions (what the files of layouts/ would give) ---- */

static struct dc_tabledef def1 = {
    .id = "table-01", .kind = DC_TABLE_NUMBERED, .number = 1,
    .landscape = 0, .font_size = 105, .ncols = 4,
    .cols = {{DC_COL_TEXT, "inc_item", 500}, {DC_COL_AMOUNT, "inc", 280},
             {DC_COL_ITEM, "exp_item", 500}, {DC_COL_AMOUNT, "exp", 280}},
    .nheader = 2,
};

static struct dc_tabledef def2 = {
    .id = "table-02", .kind = DC_TABLE_NUMBERED, .number = 2,
    .landscape = 1, .font_size = 90, .ncols = 6,
    .cols = {{DC_COL_CLASS, "class", 90}, {DC_COL_KUAN, "kuan", 70},
             {DC_COL_XIANG, "xiang", 70}, {DC_COL_NAME, "name", 330},
             {DC_COL_AMOUNT, "total", 150}, {DC_COL_AMOUNT, "basic", 150}},
    .nheader = 2,
};

static struct dc_tabledef defp = {
    .id = "form-project", .kind = DC_TABLE_FORM_PROJECT, .number = 0,
    .landscape = 1, .font_size = 90, .ncols = 4,
    .cols = {{DC_COL_LABEL, "level1", 170}, {DC_COL_LABEL, "level2", 200},
             {DC_COL_TEXT, "level3", 400}, {DC_COL_TEXT, "value", 220}},
};

/* ---- building ---- */

static struct dc_node *
add(struct dc_doc *d, struct dc_node *parent, enum dc_node_type t, int line)
{
    struct dc_node *n = dc_node_new(d, t, line, 1);
    dc_node_append(parent, n);
    return n;
}

static struct dc_node *
table(struct dc_doc *d, int line, enum dc_table_kind kind, int number,
      const char *label, const char *title, const struct dc_tabledef *def)
{
    struct dc_node *t = add(d, d->root, DC_NODE_TABLE, line);
    t->u.table.kind = kind;
    t->u.table.number = number;
    t->u.table.label = label ? dc_doc_strdup(d, label) : NULL;
    t->u.table.title = dc_doc_strdup(d, title);
    t->u.table.def = def;
    t->u.table.ncols = def->ncols;
    return t;
}

static struct dc_node *
row(struct dc_doc *d, struct dc_node *t, int line, enum dc_row_kind kind,
    int level)
{
    struct dc_node *r = add(d, t, DC_NODE_ROW, line);
    r->u.row.kind = kind;
    r->u.row.level = level;
    t->u.table.nrows++;
    if (kind == DC_ROW_HEADER && t->u.table.kind == DC_TABLE_NUMBERED)
        t->u.table.nheader++;
    return r;
}

/* A cell; `text` NULL = empty.  Flags: D distributed, N number. */
static struct dc_node *
cell(struct dc_doc *d, struct dc_node *r, int line, int col, int colspan,
     const char *text, const char *flags)
{
    struct dc_node *c = dc_row_add_cell(r, line, 1);
    c->u.cell.col = col;
    c->u.cell.colspan = colspan;
    c->u.cell.rowspan = 1;
    c->u.cell.text = dc_doc_strdup(d, text ? text : "");
    if (!text)
        c->u.cell.flags |= DC_CELL_EMPTY;
    if (strchr(flags, 'D'))
        c->u.cell.flags |= DC_CELL_DISTRIBUTED;
    if (strchr(flags, 'N')) {
        c->u.cell.flags |= DC_CELL_NUMBER;
        dc_cell_parse_num(&c->u.cell, text, strlen(text));
    }
    return c;
}

static void
vmerge(struct dc_node *c, enum dc_vmerge v, int rowspan)
{
    c->u.cell.vmerge = v;
    c->u.cell.rowspan = rowspan;
    if (v == DC_VMERGE_CONTINUE)
        c->u.cell.flags |= DC_CELL_EMPTY;
}

static void
part(struct dc_doc *d, int line, int number, const char *numbering,
     const char *title)
{
    struct dc_node *n = add(d, d->root, DC_NODE_PART, line);
    n->u.part.number = number;
    n->u.part.numbering = dc_doc_strdup(d, numbering);
    n->u.part.title = dc_doc_strdup(d, title);
}

static void
heading(struct dc_doc *d, int line, int level, const char *numbering,
        const char *title)
{
    struct dc_node *n = add(d, d->root, DC_NODE_HEADING, line);
    n->u.heading.level = level;
    n->u.heading.number = 1;
    n->u.heading.numbering = dc_doc_strdup(d, numbering);
    n->u.heading.title = dc_doc_strdup(d, title);
}

static void
para(struct dc_doc *d, int line, const char *text, const char *term)
{
    struct dc_node *n = add(d, d->root, DC_NODE_PARAGRAPH, line);
    n->u.para.role = term ? DC_PARA_GLOSSARY : DC_PARA_BODY;
    n->u.para.text = dc_doc_strdup(d, text);
    n->u.para.term = term ? dc_doc_strdup(d, term) : NULL;
}

struct dc_doc *
dc_synth_doc(void)
{
    struct dc_doc *d = dc_doc_new("synth.txt");
    d->meta.department = dc_doc_strdup(d, "测试高新区管理委员会");
    d->meta.year = 2025;
    d->meta.unit = dc_doc_strdup(d, "万元");
    d->meta.date = dc_doc_strdup(d, "2025年2月10日");
    d->meta.date_y = 2025;
    d->meta.date_m = 2;
    d->meta.date_d = 10;

    part(d, 1, 1, "第一部分", "2025年测试高新区概况");
    heading(d, 3, 1, "一、", "主要职能");
    para(d, 4, "测试高新区负责预算编制，2025年收入预算12345.67万元，"
               "比上年增加8%。",
         NULL);
    heading(d, 5, 2, "（一）", "机构设置");
    heading(d, 6, 3, "1、", "人员情况");
    para(d, 7, "编制数92人，实有人数92人；A&B <c> \"引号\" 'x'\tend.",
         NULL);

    part(d, 10, 2, "第二部分", "2025年预算公开表");
    struct dc_node *t = table(d, 12, DC_TABLE_NUMBERED, 1, "表1",
                              "部门收支总体情况表", &def1);
    t->u.table.dept_label = dc_doc_strdup(d, "编制部门");
    t->u.table.department = dc_doc_strdup(d, "测试高新区管理委员会");
    t->u.table.unit = dc_doc_strdup(d, "万元");
    struct dc_node *r = row(d, t, 15, DC_ROW_HEADER, 0);
    cell(d, r, 15, 0, 2, "收入", "D");
    cell(d, r, 16, 2, 2, "支出", "D");
    r = row(d, t, 18, DC_ROW_HEADER, 0);
    cell(d, r, 18, 0, 1, "项目", "D");
    cell(d, r, 19, 1, 1, "预算数", "");
    cell(d, r, 20, 2, 1, "功能分类", "");
    cell(d, r, 21, 3, 1, "预算数", "");
    r = row(d, t, 23, DC_ROW_BODY, 0);
    cell(d, r, 23, 0, 1, "一、本年收入", "");
    cell(d, r, 24, 1, 1, "62645", "N");
    cell(d, r, 25, 2, 1, "201 一般公共服务支出", "");
    cell(d, r, 26, 3, 1, "3192", "N");
    r = row(d, t, 28, DC_ROW_BODY, 0);
    cell(d, r, 28, 0, 1, "1.一般公共预算拨款", "");
    cell(d, r, 29, 1, 1, "51436.50", "N");
    cell(d, r, 30, 2, 1, "202 外交支出", "");
    cell(d, r, 31, 3, 1, NULL, "");
    r = row(d, t, 33, DC_ROW_TOTAL, 0);
    cell(d, r, 33, 0, 1, "收入总计", "D");
    cell(d, r, 34, 1, 1, "62645", "N");
    cell(d, r, 35, 2, 1, "支出总计", "D");
    cell(d, r, 36, 3, 1, "62645", "N");

    t = table(d, 40, DC_TABLE_NUMBERED, 2, "表2", "部门收入总体情况表",
              &def2);
    t->u.table.dept_label = dc_doc_strdup(d, "编制单位");
    t->u.table.department = dc_doc_strdup(d, "测试高新区管理委员会");
    t->u.table.unit = dc_doc_strdup(d, "万元");
    r = row(d, t, 43, DC_ROW_HEADER, 0);
    cell(d, r, 43, 0, 3, "功能分类科目编码", "");
    vmerge(cell(d, r, 44, 3, 1, "功能分类科目名称", ""), DC_VMERGE_RESTART,
           2);
    vmerge(cell(d, r, 45, 4, 1, "合计", "D"), DC_VMERGE_RESTART, 2);
    vmerge(cell(d, r, 46, 5, 1, "基本支出", ""), DC_VMERGE_RESTART, 2);
    r = row(d, t, 48, DC_ROW_HEADER, 0);
    cell(d, r, 48, 0, 1, "类", "");
    cell(d, r, 49, 1, 1, "款", "");
    cell(d, r, 50, 2, 1, "项", "");
    vmerge(cell(d, r, 51, 3, 1, NULL, ""), DC_VMERGE_CONTINUE, 1);
    vmerge(cell(d, r, 52, 4, 1, NULL, ""), DC_VMERGE_CONTINUE, 1);
    vmerge(cell(d, r, 53, 5, 1, NULL, ""), DC_VMERGE_CONTINUE, 1);
    r = row(d, t, 55, DC_ROW_BODY, 1);
    r->u.row.code = dc_doc_strdup(d, "201");
    cell(d, r, 55, 0, 1, "201", "");
    cell(d, r, 56, 1, 1, NULL, "");
    cell(d, r, 57, 2, 1, NULL, "");
    cell(d, r, 58, 3, 1, "一般公共服务支出", "");
    cell(d, r, 59, 4, 1, "3192", "N");
    cell(d, r, 60, 5, 1, "2846", "N");
    r = row(d, t, 62, DC_ROW_BODY, 2);
    r->u.row.code = dc_doc_strdup(d, "20103");
    cell(d, r, 62, 0, 1, "201", "");
    cell(d, r, 63, 1, 1, "03", "");
    cell(d, r, 64, 2, 1, NULL, "");
    cell(d, r, 65, 3, 1, "政府办公厅（室）\n及相关机构事务", "");
    cell(d, r, 67, 4, 1, "1704", "N");
    cell(d, r, 68, 5, 1, "1564", "N");
    r = row(d, t, 70, DC_ROW_BODY, 3);
    r->u.row.code = dc_doc_strdup(d, "2010301");
    cell(d, r, 70, 0, 1, "201", "");
    cell(d, r, 71, 1, 1, "03", "");
    cell(d, r, 72, 2, 1, "01", "");
    cell(d, r, 73, 3, 1, "行政运行", "");
    cell(d, r, 74, 4, 1, "1514", "N");
    cell(d, r, 75, 5, 1, "1514", "N");
    r = row(d, t, 77, DC_ROW_TOTAL, 0);
    cell(d, r, 77, 0, 4, "合计", "D");
    cell(d, r, 78, 4, 1, "3192", "N");
    cell(d, r, 79, 5, 1, "2846", "N");

    part(d, 90, 3, "第三部分", "2025年部门预算情况说明");
    heading(d, 92, 1, "十二、", "其他重要事项的情况说明");
    t = table(d, 95, DC_TABLE_FORM_PROJECT, 0, NULL, "项目支出绩效目标表",
              &defp);
    t->u.table.subtitle = dc_doc_strdup(d, "(2025年)");
    r = row(d, t, 98, DC_ROW_BODY, 0);
    cell(d, r, 98, 0, 2, "预算单位", "");
    cell(d, r, 99, 2, 2, "测试高新区", "");
    r = row(d, t, 101, DC_ROW_HEADER, 0);
    cell(d, r, 101, 0, 1, "一级指标", "");
    cell(d, r, 102, 1, 1, "二级指标", "");
    cell(d, r, 103, 2, 1, "三级指标", "");
    cell(d, r, 104, 3, 1, "指标值", "");
    r = row(d, t, 106, DC_ROW_BODY, 0);
    vmerge(cell(d, r, 106, 0, 1, "产出指标", ""), DC_VMERGE_RESTART, 2);
    cell(d, r, 107, 1, 1, "数量指标", "");
    cell(d, r, 108, 2, 1, "排查企业数", "");
    cell(d, r, 109, 3, 1, ">=100家", "");
    r = row(d, t, 111, DC_ROW_BODY, 0);
    vmerge(cell(d, r, 111, 0, 1, NULL, ""), DC_VMERGE_CONTINUE, 1);
    cell(d, r, 112, 1, 1, "质量指标", "");
    cell(d, r, 113, 2, 1, "验收合格率", "");
    cell(d, r, 114, 3, 1, "=100%", "");

    part(d, 120, 4, "第四部分", "名词解释");
    para(d, 122, "一、财政拨款收入：指本级财政当年拨付的资金。",
         "财政拨款收入");
    struct dc_node *s = add(d, d->root, DC_NODE_SIGNATURE, 125);
    s->u.sig.department = dc_doc_strdup(d, "测试高新区管理委员会");
    s->u.sig.date = dc_doc_strdup(d, "2025年2月10日");
    s->u.sig.dept_line = 124;
    return d;
}

/* ---- decisions ---- */

#define MM(x) ((int32_t)((x) * 2834.6457 + 0.5)) /* mm -> millipoints */

static void
widths(struct dc_table_decision *td, const struct dc_node *t, int landscape,
       int nheader, int32_t size, int page, const int32_t *w, int n)
{
    td->table = t;
    td->landscape = landscape;
    td->ncols = n;
    td->nheader = nheader;
    td->font_size = size;
    td->first_page = page;
    for (int i = 0; i < n; i++)
        td->col_width[i] = w[i];
}

static void
toc(struct dc_layout_decisions *dec, int level, const char *text,
    const struct dc_node *target, int page)
{
    struct dc_toc_entry *e = &dec->toc[dec->ntoc++];
    e->level = level;
    e->text = dc_arena_strdup(&dec->arena, text);
    e->target = target;
    e->page = page;
}

struct dc_layout_decisions *
dc_synth_decisions(const struct dc_doc *doc)
{
    struct dc_layout_decisions *dec = calloc(1, sizeof(*dec));
    dc_arena_init(&dec->arena);
    dec->page_w = 595276;
    dec->page_h = 841890;
    dec->margin_top = MM(37);
    dec->margin_bottom = MM(35);
    dec->margin_left = MM(28);
    dec->margin_right = MM(26);
    dc_tstyle_defaults(dec->style);
    dec->cell_leading = DC_TABLE_LEADING;
    dec->cell_pad_x = MM(1);
    dec->cell_pad_y = MM(0.8);
    dec->folio_gap = MM(7);
    static const int tracked[] = {DC_ST_BODY, DC_ST_H1, DC_ST_H2, DC_ST_H3,
                                  DC_ST_SIGNATURE};
    for (size_t k = 0; k < sizeof tracked / sizeof *tracked; k++)
        dec->style[tracked[k]].docx_tracking = -500; /* page.xml's -0.5 pt */
    dec->tables = dc_arena_alloc(&dec->arena, 3 * sizeof(*dec->tables));
    dec->toc = dc_arena_alloc(&dec->arena, 8 * sizeof(*dec->toc));

    const struct dc_node *n[16];
    int k = 0;
    for (const struct dc_node *c = dc_node_first(doc->root); c && k < 16;
         c = dc_node_next(c))
        n[k++] = c;
    /* 0 part1, 1 h, 2 p, 3 h, 4 h, 5 p, 6 part2, 7 表1, 8 表2, 9 part3,
       10 h, 11 form, 12 part4, 13 p, 14 sig */
    static const int32_t w1[] = {140000, 80000, 140000, 82150}; /* 442150 */
    static const int32_t w2[] = {25500, 19850, 19850, 93550, 42500, 42500};
    static const int32_t wp[] = {48200, 56700, 113400, 62350};
    widths(&dec->tables[0], n[7], 0, 2, 10500, 2, w1, 4);
    widths(&dec->tables[1], n[8], 1, 2, 9000, 3, w2, 6);
    widths(&dec->tables[2], n[11], 1, 0, 9000, 5, wp, 4);
    dec->ntables = 3;

    toc(dec, 0, "第一部分　2025年测试高新区概况", n[0], 1);
    toc(dec, 1, "一、主要职能", n[1], 1);
    toc(dec, 0, "第二部分　2025年预算公开表", n[6], 2);
    toc(dec, 1, "表1 部门收支总体情况表", n[7], 2);
    toc(dec, 1, "表2 部门收入总体情况表", n[8], 3);
    toc(dec, 0, "第三部分　2025年部门预算情况说明", n[9], 4);
    toc(dec, 0, "第四部分　名词解释", n[12], 6);
    return dec;
}

void
dc_synth_decisions_free(struct dc_layout_decisions *dec)
{
    if (!dec)
        return;
    dc_arena_release(&dec->arena);
    free(dec);
}
