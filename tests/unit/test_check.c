/* Unit tests of check/: every rule on small synthetic documents, once with
 * figures that agree (no finding) and once with a mistake (flagged at the
 * wrong cell). */
#include "check_int.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static struct dc_tabledefs *defs;
static struct dc_doc *doc;
static struct dc_findings found;
static int next_line;

static void
setup(void)
{
    struct dc_diag d;
    dc_diag_init(&d, stderr);
    const char *dir = getenv("DISCLOSE_LAYOUTS");
    defs = dc_tabledefs_load(dir ? dir : dc_tabledefs_default_dir(), &d);
    ck_assert_ptr_nonnull(defs);
    dc_diag_free(&d);
    doc = dc_doc_new("t.txt");
    doc->meta.year = 2025;
    next_line = 1;
    dc_findings_init(&found);
}

static void
teardown(void)
{
    dc_findings_free(&found);
    dc_doc_free(doc);
    dc_tabledefs_free(defs);
}

/* A numbered table; rows are "a|b|c" strings, one field per grid column;
 * a row starting with "T:" is a total row.  Each cell gets its own line. */
static struct dc_node *
table(int number, const char *const *rows, int nrows)
{
    const struct dc_tabledef *def = dc_tabledefs_number(defs, number);
    ck_assert_ptr_nonnull(def);
    struct dc_node *t = dc_node_new(doc, DC_NODE_TABLE, next_line++, 1);
    t->u.table.kind = DC_TABLE_NUMBERED;
    t->u.table.number = number;
    t->u.table.def = def;
    t->u.table.ncols = def->ncols;
    t->u.table.nrows = nrows;
    t->u.table.title = def->match[0];
    for (int i = 0; i < nrows; i++) {
        const char *s = rows[i];
        struct dc_node *r = dc_node_new(doc, DC_NODE_ROW, next_line, 1);
        r->u.row.kind = DC_ROW_BODY;
        if (strncmp(s, "T:", 2) == 0) {
            r->u.row.kind = DC_ROW_TOTAL;
            s += 2;
        }
        int col = 0;
        while (col < def->ncols) {
            const char *e = strchr(s, '|');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            struct dc_node *c = dc_row_add_cell(r, next_line++, 2);
            c->u.cell.text = dc_doc_strndup(doc, s, n);
            c->u.cell.col = col++;
            c->u.cell.colspan = c->u.cell.rowspan = 1;
            if (n == 0)
                c->u.cell.flags |= DC_CELL_EMPTY;
            else
                dc_cell_parse_num(&c->u.cell, s, n);
            s = e ? e + 1 : s + n;
        }
        dc_node_append(t, r);
        next_line++;
    }
    dc_node_append(doc->root, t);
    return t;
}

/* Line of the cell in row `row` (0-based, body rows) and column `key`. */
static int
line_of(const struct dc_node *t, int row, const char *key)
{
    int col = dc_tabledef_col(t->u.table.def, key);
    const struct dc_node *r = dc_node_first(t);
    for (int i = 0; i < row; i++)
        r = dc_node_next(r);
    return dc_row_cell_at(r, col)->line;
}

static struct dc_node *
para(const char *text)
{
    struct dc_node *p = dc_node_new(doc, DC_NODE_PARAGRAPH, next_line++, 1);
    p->u.para.text = dc_doc_strdup(doc, text);
    dc_node_append(doc->root, p);
    return p;
}

static struct dc_node *
heading(int level, int number, const char *numbering, const char *title)
{
    struct dc_node *h = dc_node_new(doc, DC_NODE_HEADING, next_line++, 1);
    h->u.heading.level = level;
    h->u.heading.number = number;
    h->u.heading.numbering = dc_doc_strdup(doc, numbering);
    h->u.heading.title = dc_doc_strdup(doc, title);
    dc_node_append(doc->root, h);
    return h;
}

static void
part(int number, const char *title)
{
    struct dc_node *p = dc_node_new(doc, DC_NODE_PART, next_line++, 1);
    p->u.part.number = number;
    p->u.part.title = dc_doc_strdup(doc, title);
    dc_node_append(doc->root, p);
}

static void
run(void)
{
    dc_findings_free(&found);
    dc_findings_init(&found);
    dc_check_doc(doc, &found);
    if (getenv("CHECK_DEBUG"))
        dc_findings_print_text(&found, "t", stderr);
}

/* Does a finding's rule list name `rule`? (one finding per cell merges the
 * reasons of every rule that blames it) */
static int
blames(const struct dc_finding *f, const char *rule)
{
    size_t n = strlen(rule);
    for (const char *p = f->rules; (p = strstr(p, rule)) != NULL; p += n)
        if ((p == f->rules || p[-1] == ',') && (p[n] == ',' || !p[n]))
            return 1;
    return 0;
}

/* The first finding `rule` takes part in, or NULL. */
static const struct dc_finding *
get(const char *rule)
{
    for (size_t i = 0; i < found.n; i++)
        if (blames(&found.v[i], rule))
            return &found.v[i];
    return NULL;
}

static size_t
count(const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < found.n; i++)
        n += blames(&found.v[i], rule);
    return n;
}

/* ---- within a table ---- */

static const char *t3_ok[] = {
    "201|||一般公共服务支出|3192|2525|667",
    "201|03||政府办公厅（室）及相关机构事务|1704|1564|140",
    "201|03|01|行政运行|1514|1514|",
    "201|03|02|一般行政管理事务|140||140",
    "201|03|50|事业运行|50|50|",
    "201|04||发展与改革事务|1488|961|527",
    "201|04|01|行政运行|1488|961|527",
    "T:|||合计|3192|2525|667",
};

START_TEST(hier_pass_and_flag)
{
    table(3, t3_ok, 8);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *bad[] = {
        "201|||一般公共服务支出|3192|2525|667",
        "201|03||政府办公厅（室）及相关机构事务|1704|1564|140",
        "201|03|01|行政运行|1514|1514|",
        "201|03|02|一般行政管理事务|140||140",
        "201|03|50|事业运行|51|51|", /* 款 1704 ≠ 1514 + 140 + 51 */
        "201|04||发展与改革事务|1488|961|527",
        "201|04|01|行政运行|1488|961|527",
        "T:|||合计|3192|2525|667",
    };
    struct dc_node *t = table(3, bad, 8);
    run();
    const struct dc_finding *f = get("hier");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 1, "total"));
    ck_assert_str_eq(f->expected, "1705");
    ck_assert_str_eq(f->found, "1704");
    ck_assert_str_eq(f->column, "total");
    ck_assert_int_eq(f->table, 3);
    ck_assert_str_eq(f->row, "20103");
    ck_assert_uint_eq(found.nerrors, 2); /* total and basic */
}
END_TEST

START_TEST(hier_orphan)
{
    static const char *rows[] = {
        "229|||其他支出|123|123|",
        "229|99|99|其他支出|123|123|",
        "T:|||合计|123|123|",
    };
    table(3, rows, 3);
    run();
    ck_assert_uint_eq(count("hier-orphan"), 1);
    ck_assert_uint_eq(count("hier"), 0); /* the 类 still adds up */
}
END_TEST

START_TEST(row_sum_t3)
{
    static const char *rows[] = {
        "201|||一般公共服务支出|3197|2525|667",
        "201|03||政府办公厅（室）及相关机构事务|3192|2525|667",
        "T:|||合计|3197|2525|667",
    };
    struct dc_node *t = table(3, rows, 3);
    run();
    const struct dc_finding *f = get("row-sum");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 0, "total"));
    ck_assert_str_eq(f->expected, "3192");
    ck_assert_str_eq(f->found, "3197");
}
END_TEST

START_TEST(row_sum_t6)
{
    static const char *ok[] = {
        "302||商品和服务支出|80||80",
        "|13|维修(护)费|73||73",
        "|16|培训费|7||7",
        "T:||合计|80||80",
    };
    table(6, ok, 4);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *bad[] = {
        "302||商品和服务支出|80||80",
        "|13|维修(护)费|72||73",
        "|16|培训费|7||7",
        "T:||合计|80||80",
    };
    struct dc_node *t = table(6, bad, 4);
    run();
    const struct dc_finding *f = get("row-sum");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 1, "total"));
    ck_assert_str_eq(f->expected, "73");
    ck_assert_str_eq(f->found, "72");
    ck_assert_str_eq(f->row, "30213"); /* 类 carried down from 302 */
}
END_TEST

START_TEST(row_sum_blames_the_part)
{
    /* 合计 agrees with the rows below; 小计 does not: the 小计 is wrong */
    static const char *rows[] = {
        "216|||商业服务业等支出|1228|1000|228|||||||||",
        "216|06||涉外发展服务支出|1000|1000||1000||||||||",
        "216|99||其他商业服务业等支出|228|228|228|||||||||",
        "T:|||合计|1228|1228|228|1000||||||||",
    };
    struct dc_node *t = table(2, rows, 4);
    run();
    const struct dc_finding *f = NULL;
    for (size_t i = 0; i < found.n; i++)
        if (blames(&found.v[i], "row-sum") &&
            !strcmp(found.v[i].column, "fin_subtotal") &&
            !strcmp(found.v[i].expected, "1228"))
            f = &found.v[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 0, "fin_subtotal"));
}
END_TEST

START_TEST(total_row)
{
    static const char *rows[] = {
        "201|||一般公共服务支出|100|100|",
        "204|||公共安全支出|53|53|",
        "T:|||合计|150|153|",
    };
    struct dc_node *t = table(3, rows, 3);
    run();
    const struct dc_finding *f = get("total-row");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 2, "total"));
    ck_assert_str_eq(f->expected, "153");
    ck_assert_uint_eq(count("total-row"), 1);
}
END_TEST

static const char *t1_ok[] = {
    "一、本年收入|150|201 一般公共服务支出|100",
    "1.一般公共预算拨款|150|204 公共安全支出|50",
    "其中：一般财力|120|205 教育支出|",
    "上级一般公共预算安排转移支付|30||",
    "2.政府性基金预算拨款||",
    "二、上年结转结余|||",
    "T:收入总计|150|支出总计|150",
};

START_TEST(t1_sides)
{
    table(1, t1_ok, 7);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *bad[] = {
        "一、本年收入|150|201 一般公共服务支出|100",
        "1.一般公共预算拨款|150|204 公共安全支出|50",
        "其中：一般财力|110|205 教育支出|",
        "上级一般公共预算安排转移支付|30||",
        "二、上年结转结余|||",
        "T:收入总计|150|支出总计|160",
    };
    struct dc_node *t = table(1, bad, 6);
    run();
    const struct dc_finding *f = get("side-sum");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 1, "inc_amount"));
    ck_assert_str_eq(f->expected, "140");
    f = get("balance");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 5, "exp_amount"));
}
END_TEST

START_TEST(t10_items)
{
    static const char *ok[] = {
        "合计|79.5|79.5||",     "因公出国（境）费|4.5|4.5||",
        "公务接待费|21|21||",   "公务用车购置及运行费\n（小计）|54|54||",
        "其中：公务用车购置费||||", "公务用车运行费|54|54||",
    };
    table(10, ok, 6);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *bad[] = {
        "合计|80.5|80.5||",     "因公出国（境）费|4.5|4.5||",
        "公务接待费|21|21||",   "公务用车购置及运行费\n（小计）|54|54||",
        "其中：公务用车购置费||||", "公务用车运行费|54|54||",
    };
    struct dc_node *t = table(10, bad, 6);
    run();
    const struct dc_finding *f = get("sangong-sum");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 0, "total"));
    ck_assert_str_eq(f->expected, "79.5");
    ck_assert_str_eq(f->found, "80.5");
}
END_TEST

START_TEST(empty_and_slash_cells)
{
    static const char *rows[] = {
        "201|||一般公共服务支出|100|/|100",
        "T:|||合计|100|—|100",
    };
    table(3, rows, 2);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *bad[] = {
        "201|||一般公共服务支出|100|x|100",
        "T:|||合计|100||100",
    };
    table(3, bad, 2);
    run();
    ck_assert_uint_eq(count("not-number"), 1);
}
END_TEST

START_TEST(codes)
{
    static const char *rows[] = {
        "208|||社会保障和就业支出|16|16|",
        "208|05||行政事业单位养老支出|16|16|",
        "208|05|01|行政单位离退休|15|15|",
        "2085|05|02|事业单位离退休|1|1|",
        "T:|||合计|16|16|",
    };
    struct dc_node *t = table(3, rows, 5);
    run();
    const struct dc_finding *f = get("code-malformed");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 3, "class"));
    ck_assert_uint_eq(count("hier"), 0); /* 2085 is read as 208 */
}
END_TEST

/* ---- across tables ---- */

START_TEST(x_class)
{
    table(1, t1_ok, 7);
    table(3, t3_ok, 8); /* 201 3192 ≠ 表1 100 */
    run();
    const struct dc_finding *f = NULL;
    for (size_t i = 0; i < found.n; i++)
        if (blames(&found.v[i], "x-class") && found.v[i].row &&
            !strcmp(found.v[i].row, "201"))
            f = &found.v[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(count("x-class"), 2); /* 201 and 204 (absent) */
    /* two tables, a tie: the later one is named */
    ck_assert_int_eq(f->table, 3);
    ck_assert_str_eq(f->expected, "100");
    ck_assert_str_eq(f->found, "3192");
}
END_TEST

START_TEST(x_class_majority)
{
    static const char *t3[] = {"204|||公共安全支出|50|50|",
                               "T:|||合计|50|50|"};
    static const char *t2[] = {
        "204|||公共安全支出|53|53|53|||||||||",
        "T:|||合计|53|53|53|||||||||",
    };
    static const char *t4[] = {
        "一、财政拨款（补助）|53|204 公共安全支出|53|53||",
        "一般公共预算|53|||||",
        "T:收入总计|53|支出总计|53|53||",
    };
    static const char *t1[] = {
        "一、本年收入|53|204 公共安全支出|53",
        "1.一般公共预算拨款|53||",
        "T:收入总计|53|支出总计|53",
    };
    table(1, t1, 3);
    table(2, t2, 2);
    struct dc_node *n3 = table(3, t3, 2);
    table(4, t4, 3);
    run();
    ck_assert_uint_eq(count("x-class"), 1);
    const struct dc_finding *f = get("x-class");
    ck_assert_int_eq(f->line, line_of(n3, 0, "total"));
    ck_assert_str_eq(f->expected, "53");
}
END_TEST

START_TEST(x_general_basic_project)
{
    static const char *t4[] = {
        "一、财政拨款（补助）|100|201 一般公共服务支出|100|100||",
        "一般公共预算|100|||||",
        "T:收入总计|100|支出总计|100|100||",
    };
    static const char *t5[] = {"201|||一般公共服务支出|100|60|40",
                               "T:|||合计|100|60|40"};
    static const char *t6[] = {"301||工资福利支出|60|60|",
                               "T:||合计|60|60|"};
    static const char *t7[] = {"201|||一般公共服务支出||40||||||40||||",
                               "T:|||合计||40||||||40||||"};
    table(4, t4, 3);
    table(5, t5, 2);
    table(6, t6, 2);
    table(7, t7, 2);
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    dc_doc_free(doc);
    doc = dc_doc_new("t.txt");
    static const char *t5b[] = {"201|||一般公共服务支出|101|61|40",
                                "T:|||合计|101|61|40"};
    static const char *t7b[] = {"201|||一般公共服务支出||39||||||39||||",
                                "T:|||合计||39||||||39||||"};
    table(4, t4, 3);
    table(5, t5b, 2);
    table(6, t6, 2);
    table(7, t7b, 2);
    run();
    ck_assert_uint_eq(count("x-general"), 1);
    ck_assert_uint_eq(count("x-basic"), 1);
    ck_assert_uint_eq(count("x-project"), 2); /* the 类 and the 合计 */
}
END_TEST

START_TEST(x_carry)
{
    static const char *t1[] = {
        "一、本年收入||201 一般公共服务支出|100",
        "二、上年结转结余|100||",
        "1.财政拨款结转|100||",
        "T:收入总计|100|支出总计|100",
    };
    static const char *t11[] = {"庭州英才计划资金|||||7||||",
                                "T:合计|||||9||||"};
    table(1, t1, 4);
    struct dc_node *t = table(11, t11, 2);
    run();
    const struct dc_finding *f = get("x-carry");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->found, "9");
    ck_assert_str_eq(f->expected, "100");
    ck_assert_uint_eq(count("total-row"), 1); /* 7 ≠ 9 */
    ck_assert_int_eq(get("total-row")->line, line_of(t, 1, "fin_project"));
}
END_TEST

/* an identity whose rule= the checker does not have: file:line */
START_TEST(identity_unknown_rule)
{
    struct dc_identity ids[2] = {{.rule = "x-class", .line = 5},
                                 {.rule = "x-clas", .line = 9}};
    struct dc_tabledefs set = {.id_file = "identities.xml", .nids = 2,
                               .ids = ids};
    struct dc_diag d;
    dc_diag_init(&d, NULL);
    ck_assert_int_eq(dc_check_validate_defs(&set, &d), 1);
    ck_assert_uint_eq(d.n, 1);
    ck_assert_int_eq(d.msgs[0].line, 9);
    ck_assert_str_eq(d.msgs[0].file, "identities.xml");
    ck_assert_ptr_nonnull(strstr(d.msgs[0].text, "\"x-clas\""));
    dc_diag_free(&d);
    /* the shipped layouts name only rules the checker has */
    dc_diag_init(&d, NULL);
    ck_assert_int_eq(dc_check_validate_defs(defs, &d), 0);
    ck_assert_int_gt(defs->nids, 10);
    dc_diag_free(&d);
}
END_TEST

/* ---- text ---- */

START_TEST(text_share)
{
    part(3, "2025年预算情况说明");
    heading(1, 2, "二、", "关于2025年收入预算情况说明");
    para("收入预算90411万元，其中：一般公共预算51455万元，占56.91%。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("上级转移支付1432万元，占1.61%。");  /* 1.58: 0.03 off */
    para("政府性基金预算安排37424万元，占41.49%。"); /* 41.39: 0.1 off */
    run();
    ck_assert_uint_eq(count("text-share"), 2);
    const struct dc_finding *a = get("text-share"), *b = a + 1;
    ck_assert_str_eq(b->rule, "text-share");
    ck_assert_int_eq(a->sev, DC_SEV_WARNING);
    ck_assert_str_eq(a->expected, "1.58");
    ck_assert_int_eq(b->sev, DC_SEV_ERROR);
    ck_assert_str_eq(b->expected, "41.39");
    ck_assert_int_eq(b->col, 1 + 18); /* the 41.49 */
}
END_TEST

START_TEST(text_growth)
{
    part(3, "说明");
    heading(1, 5, "五、", "关于一般公共预算当年拨款情况说明");
    para("行政运行：2025年预算数为1514万元，比上年预算数增加256万元，增加20.35%。");
    para("纺织业：2025年预算数为28万元，比上年预算数减少22万元，减少44%。");
    para("新增：2025年预算数为3万元，比上年预算数增加3万元，增长100%。");
    para("国资：100万元，比上年增加7万元，增长8%。"); /* 7.53 rounds to 8 */
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("事业运行：2025年预算数为50万元，比上年预算数增加5万元，增加8.88%。");
    run();
    const struct dc_finding *f = get("text-growth");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->expected, "11.11");
    ck_assert_str_eq(f->found, "8.88");
    ck_assert_int_eq(f->sev, DC_SEV_ERROR);
}
END_TEST

START_TEST(text_direction)
{
    part(3, "说明");
    para("消防应急救援：2025年预算数187万元，比上年预算数减少306万元，减少62.07%。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("消防应急救援：2025年预算数187万元，比上年预算数增加306万元，减少62.08%。");
    run();
    ck_assert_uint_eq(count("text-direction"), 1);
}
END_TEST

START_TEST(unit_slip)
{
    part(3, "说明");
    para("办公费158万元、公务用车运行维护费54万元、价值0元。");
    para("志愿者补助15万元，标准为每人每月500元。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    struct dc_node *p = para("办公费158万元、公务用车运行维护费54元、其他99万元。");
    run();
    const struct dc_finding *f = get("unit-slip");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, p->line);
    ck_assert_int_eq(f->col, 1 + 18);
}
END_TEST

START_TEST(heading_year)
{
    part(3, "2025年预算情况说明");
    heading(1, 1, "一、", "关于2025年收支预算情况的总体说明");
    heading(1, 2, "二、", "关于上年（2024年）结转结余情况说明");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    struct dc_node *h =
        heading(1, 3, "三、", "关于2024年国有资本经营预算拨款情况说明");
    run();
    const struct dc_finding *f = get("heading-year");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, h->line);
    ck_assert_int_eq(f->sev, DC_SEV_ERROR);
}
END_TEST

START_TEST(text_amount_t6)
{
    static const char *t6[] = {
        "301||工资福利支出|833|833|",
        "301|01|基本工资|833|833|",
        "302||商品和服务支出|73||73",
        "302|13|维修(护)费|73||73",
        "T:||合计|906|833|73",
    };
    table(6, t6, 5);
    part(3, "说明");
    heading(1, 6, "六、", "关于2025年一般公共预算基本支出情况说明");
    para("2025年一般公共预算基本支出906万元，其中：人员经费833万元，主要包括："
         "基本工资833万元；公用经费73万元，主要包括：维修（护）费73万元。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("其中：人员经费833万元，主要包括：基本工资837万元。");
    run();
    const struct dc_finding *f = get("text-amount");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->expected, "833");
    ck_assert_str_eq(f->found, "837");
}
END_TEST

START_TEST(text_amount_chain)
{
    static const char *t5[] = {
        "201|||一般公共服务支出|297|297|",
        "201|13||商贸事务|297|297|",
        "201|13|01|行政运行|130|130|",
        "201|13|08|招商引资|167|167|",
        "T:|||合计|297|297|",
    };
    table(5, t5, 5);
    part(3, "说明");
    heading(1, 5, "五、", "关于2025年一般公共预算当年拨款情况说明");
    para("一般公共服务支出（类）297万元，占100%；");
    para("1、一般公共服务支出（类）商贸事务（款）招商引资（项）：2025年预算数为167万元，比上年预算数减少25万元，减少13.02%。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("2、一般公共服务支出（类）商贸事务（款）行政运行（项）：2025年预算数为131万元。");
    para("一般公共服务支出（类）298万元；");
    run();
    ck_assert_uint_eq(count("text-amount"), 2);
}
END_TEST

START_TEST(text_sangong)
{
    static const char *t10[] = {
        "合计|79.5|79.5||",     "因公出国（境）费|4.5|4.5||",
        "公务接待费|21|21||",   "公务用车购置及运行费（小计）|54|54||",
        "其中：公务用车购置费||||", "公务用车运行费|54|54||",
    };
    table(10, t10, 6);
    part(3, "说明");
    heading(1, 10, "十、", "关于2025年财政拨款“三公”经费预算情况说明");
    para("2025年财政拨款“三公”经费数为79.5万元，其中：因公出国（境）费4.5万元，"
         "公务用车购置费0万元，公务用车运行费54万元，公务接待费21万元。");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("2025年财政拨款“三公”经费数为79.5万元，其中：公务接待费12万元。");
    run();
    const struct dc_finding *f = get("text-sangong");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->expected, "21");
}
END_TEST

/* ---- structure ---- */

START_TEST(numbering)
{
    part(3, "说明");
    heading(1, 1, "一、", "甲");
    heading(2, 1, "（一）", "乙");
    heading(2, 2, "（二）", "丙");
    heading(1, 2, "二、", "丁");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    struct dc_node *h = heading(1, 4, "四、", "戊");
    run();
    ck_assert_uint_eq(count("numbering"), 1);
    ck_assert_int_eq(get("numbering")->line, h->line);
}
END_TEST

START_TEST(code_name)
{
    static const char *t3[] = {"205|||教育支出|1|1|", "T:|||合计|1|1|"};
    static const char *t5[] = {"205|||教务支出|1|1|", "T:|||合计|1|1|"};
    static const char *t5ok[] = {"205|||教育支出 |1|1|", "T:|||合计|1|1|"};
    table(3, t3, 2);
    table(5, t5ok, 2);
    run();
    ck_assert_uint_eq(count("code-name"), 0);
    struct dc_node *t = table(7, (const char *[]){"205|||教务支出||1||||||1||||"},
                              1);
    (void)t5;
    run();
    ck_assert_uint_eq(count("code-name"), 1);
    ck_assert_int_eq(get("code-name")->line, line_of(t, 0, "name"));
}
END_TEST

/* A name longer than any buffer, its 其它 at the very end: compared whole,
 * not written past a fixed buffer (norm_name once overflowed the stack). */
START_TEST(code_name_long)
{
    char name[300], row3[400], row5[400];
    memset(name, 'a', 251);
    strcpy(name + 251, "其它");
    snprintf(row3, sizeof row3, "205|||%s|1|1|", name);
    name[250] = 'b'; /* the same length, another name */
    snprintf(row5, sizeof row5, "205|||%s|1|1|", name);
    const char *t3[] = {row3, "T:|||合计|1|1|"};
    const char *t5[] = {row5, "T:|||合计|1|1|"};
    table(3, t3, 2);
    struct dc_node *t = table(5, t5, 2);
    run();
    ck_assert_uint_eq(count("code-name"), 1);
    ck_assert_int_eq(get("code-name")->line, line_of(t, 0, "name"));
}
END_TEST


START_TEST(hier_blames_the_child)
{
    /* a 项's 基本支出 changed: its row no longer adds up, the 款 does */
    static const char *rows[] = {
        "201|||一般公共服务支出|1654|1514|140",
        "201|03||政府办公厅（室）及相关机构事务|1654|1514|140",
        "201|03|01|行政运行|1514|1521|",
        "201|03|02|一般行政管理事务|140||140",
        "T:|||合计|1654|1514|140",
    };
    struct dc_node *t = table(3, rows, 5);
    run();
    /* hier and row-sum blame the same cell: one finding, both reasons */
    ck_assert_uint_eq(found.nerrors, 1);
    const struct dc_finding *f = get("hier");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_eq(f, get("row-sum"));
    ck_assert_int_eq(f->line, line_of(t, 2, "basic"));
    ck_assert_str_eq(f->expected, "1514");
    ck_assert_str_eq(f->rules, "hier,row-sum");
    ck_assert_ptr_nonnull(strstr(f->message, "; "));
}
END_TEST

START_TEST(t10_blames_the_cell)
{
    static const char *bad[] = {
        "合计|79.5|79.5||",     "因公出国（境）费|4.5|4.5||",
        "公务接待费|21|21||",   "公务用车购置及运行费（小计）|54|54||",
        "其中：公务用车购置费||||", "公务用车运行费|54|61||",
    };
    struct dc_node *t = table(10, bad, 6);
    run();
    ck_assert_uint_gt(found.nerrors, 0);
    for (size_t i = 0; i < found.n; i++)
        if (found.v[i].sev == DC_SEV_ERROR)
            ck_assert_int_eq(found.v[i].line, line_of(t, 5, "gen"));
}
END_TEST

START_TEST(x_codes)
{
    static const char *t2[] = {
        "223|||国有资本经营预算支出|70|70|||||70||||",
        "223|02||国有企业资本金注入|70|70|||||70||||",
        "T:|||合计|70|70|||||70||||",
    };
    static const char *t3[] = {
        "223|||国有资本经营预算支出|70||70",
        "223|08||国有企业资本金注入|70||70",
        "T:|||合计|70||70",
    };
    table(2, t2, 3);
    struct dc_node *n3 = table(3, t3, 3);
    run();
    ck_assert_uint_eq(count("x-codes"), 2); /* 22308 not in 表2, 22302 not in 表3 */
    const struct dc_finding *f = NULL;
    for (size_t i = 0; i < found.n; i++)
        if (blames(&found.v[i], "x-codes") && found.v[i].table == 3)
            f = &found.v[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(n3, 1, "kuan"));
}
END_TEST

START_TEST(text_refers_back)
{
    static const char *t1[] = {
        "一、本年收入|90411|201 一般公共服务支出|90411",
        "T:收入总计|90411|支出总计|90411",
    };
    table(1, t1, 2);
    part(3, "说明");
    heading(1, 8, "八、", "关于2025年政府性基金预算拨款情况说明");
    para("政府性基金支出预算支出37424万元。占41.39%，与上年预算相比增加24946万元，"
         "增长199.92%。主要原因是上年结转26000万元。其中：");
    run();
    ck_assert_uint_eq(found.nerrors, 0);
    para("政府性基金支出预算支出37424万元。占42.39%，与上年预算相比增加24946万元，"
         "增长99.92%。");
    run();
    ck_assert_uint_eq(count("text-share"), 1);
    ck_assert_uint_eq(count("text-growth"), 1);
    ck_assert_str_eq(get("text-share")->expected, "41.39");
    ck_assert_str_eq(get("text-growth")->expected, "199.92");
}
END_TEST

START_TEST(text_rise_exceeds)
{
    part(3, "说明");
    para("行政运行：2025年预算数为100万元，比上年预算数增加120万元，增长100%。");
    run();
    ck_assert_uint_eq(count("text-growth"), 1);
}
END_TEST

START_TEST(t11_blames_the_row)
{
    static const char *t11[] = {
        "庭州英才计划资金|||||9||||",
        "环保税分税转移支付资金|||||77||||",
        "T:合计|||||84||||",
    };
    struct dc_node *t = table(11, t11, 3);
    part(3, "说明");
    heading(1, 11, "十一、", "关于2025年上年结转结余预算情况说明");
    para("1、庭州英才计划资金7万元，主要用于人才计划支持资金7万元。");
    run();
    const struct dc_finding *f = get("total-row");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 0, "fin_project"));
    ck_assert_str_eq(f->expected, "7");
    ck_assert_str_eq(f->found, "9");
}
END_TEST

START_TEST(t1_blames_the_line)
{
    static const char *t1[] = {
        "一、本年收入|51436|201 一般公共服务支出|51436",
        "1.一般公共预算拨款|51436||",
        "其中：一般财力|50011||",
        "上级一般公共预算安排转移支付|1432||",
        "二、上年结转结余|||",
        "T:收入总计|51436|支出总计|51436",
    };
    static const char *t2[] = {
        "201|||一般公共服务支出|51436|51436|50004|1432||||||||",
        "T:|||合计|51436|51436|50004|1432||||||||",
    };
    struct dc_node *n1 = table(1, t1, 6);
    table(2, t2, 2);
    run();
    const struct dc_finding *f = get("side-sum");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(n1, 2, "inc_amount"));
    ck_assert_str_eq(f->expected, "50004");
}
END_TEST

/* ---- output ---- */

START_TEST(output_formats)
{
    static const char *rows[] = {
        "201|||一般公共服务支出|3197|2525|667",
        "T:|||合计|3197|2525|667",
    };
    struct dc_node *t = table(3, rows, 2);
    run();
    char want[512];
    snprintf(want, sizeof want,
             "s.txt:%d:2: error: [row-sum] 表3 [201 一般公共服务支出] 合计: "
             "expected 3192, found 3197 (differs from the sum of its row's "
             "parts: 基本支出 2525 + 项目支出 667)\n",
             line_of(t, 0, "total"));
    char *text = NULL, *json = NULL;
    size_t tl, jl;
    FILE *o = open_memstream(&text, &tl);
    dc_findings_print_text(&found, "s.txt", o);
    fclose(o);
    ck_assert_ptr_nonnull(strstr(text, want));
    o = open_memstream(&json, &jl);
    fputs("[", o);
    int first = dc_findings_print_json(&found, "s.txt", 1, o);
    fputs("]", o);
    fclose(o);
    ck_assert_int_eq(first, 0);
    ck_assert_ptr_nonnull(strstr(json, "\"rule\": \"row-sum\""));
    ck_assert_ptr_nonnull(strstr(json, "\"table\": 3"));
    ck_assert_ptr_nonnull(strstr(json, "\"row\": \"201\""));
    ck_assert_ptr_nonnull(strstr(json, "\"column\": \"total\""));
    ck_assert_ptr_nonnull(strstr(json, "\"row_name\": \"一般公共服务支出\""));
    ck_assert_ptr_nonnull(strstr(json, "\"column_header\": \"合计\""));
    ck_assert_ptr_nonnull(strstr(json, "\"rules\": [\"row-sum\"]"));
    ck_assert_ptr_nonnull(strstr(json, "\"expected\": \"3192\""));
    ck_assert_ptr_nonnull(strstr(json, "\"found\": \"3197\""));
    snprintf(want, sizeof want, "\"line\": %d", line_of(t, 0, "total"));
    ck_assert_ptr_nonnull(strstr(json, want));
    free(text);
    free(json);
}
END_TEST


/* ---- part three's projects, lists, and the 绩效 forms ---- */

/* A performance form; rows are "a|b|c" with one cell per field in
 * successive grid columns; "H:" starts a header row. */
static struct dc_node *
form(enum dc_table_kind kind, const char *const *rows, int nrows)
{
    struct dc_node *t = dc_node_new(doc, DC_NODE_TABLE, next_line++, 1);
    t->u.table.kind = kind;
    t->u.table.def = dc_tabledefs_number(defs, 1); /* any; forms unused */
    t->u.table.ncols = 9;
    t->u.table.nrows = nrows;
    for (int i = 0; i < nrows; i++) {
        const char *s = rows[i];
        struct dc_node *r = dc_node_new(doc, DC_NODE_ROW, next_line, 1);
        r->u.row.kind = DC_ROW_BODY;
        if (strncmp(s, "H:", 2) == 0) {
            r->u.row.kind = DC_ROW_HEADER;
            s += 2;
        }
        for (int col = 0; *s || col == 0; col++) {
            const char *e = strchr(s, '|');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            struct dc_node *c = dc_row_add_cell(r, next_line++, 2);
            c->u.cell.text = dc_doc_strndup(doc, s, n);
            c->u.cell.col = col;
            c->u.cell.colspan = c->u.cell.rowspan = 1;
            if (n == 0)
                c->u.cell.flags |= DC_CELL_EMPTY;
            else
                dc_cell_parse_num(&c->u.cell, s, n);
            if (!e)
                break;
            s = e + 1;
        }
        dc_node_append(t, r);
        next_line++;
    }
    dc_node_append(doc->root, t);
    return t;
}

static const char *t7_rows[] = {
    "205|||教育支出||3303|||||||||||",
    "205|09||教育费附加安排的支出||3303|||||||||||",
    "205|09|04|城市中小学教学设施|昌吉高新区小学建设项目|3303||||||3303|||||",
    "227|||预备费|预备费|500||||||||||500",
    "T:|||合计||3803|||||3303|||||500",
};

START_TEST(text_project)
{
    table(7, t7_rows, 5);
    part(3, "2025年预算情况说明");
    struct dc_node *h7 =
        heading(1, 7, "七、", "关于2025年一般公共预算项目支出情况说明");
    struct dc_node *intro = para("本部门共安排项目2个，合计3803万元。");
    para("1、项目名称：昌吉高新区小学建设项目");
    struct dc_node *sc = para("预算规模安排：3303万元");
    para("资金分配情况：小学建设项目合计3303万元。");
    para("2、项目名称:预备费");
    para("预算安排规模：500万元");
    para("3、项目名称：企业党建工作经费");
    para("预算安排规模：2万元");
    run();
    /* 3 listed, 3805 in all: the intro disagrees twice; the matched
     * projects agree with 表7 and the unmatched one says nothing, but the
     * list holds more than 表7's 合计 (3805 > 3803), said at the heading */
    ck_assert_uint_eq(count("text-project"), 3);
    const struct dc_finding *f = get("text-project");
    ck_assert_int_eq(f->line, h7->line);
    ck_assert_str_eq(f->expected, "3803");
    ck_assert_str_eq(f->found, "3805");
    f++;
    ck_assert_int_eq(f->line, intro->line);
    ck_assert_str_eq(f->expected, "3");
    ck_assert_str_eq(f->found, "2");
    /* a 规模 that differs from its 表7 row */
    sc->u.para.text = dc_doc_strdup(doc, "预算规模安排：3304万元");
    run();
    ck_assert_uint_eq(count("text-project"), 4);
    int hit = 0;
    for (size_t i = 0; i < found.n; i++)
        if (found.v[i].line == sc->line) {
            hit = 1;
            ck_assert_str_eq(found.v[i].expected, "3303");
            ck_assert_str_eq(found.v[i].found, "3304");
            ck_assert_int_eq(found.v[i].col, sc->col + 7);
        }
    ck_assert(hit);
}
END_TEST

START_TEST(leftover)
{
    part(4, "名词解释");
    struct dc_node *a = para("（将名词解释全部保留。）");
    struct dc_node *b = para("XX单位2025年预算为××万元，待补充。");
    struct dc_node *c = para("资金用于（此处填写项目用途）和【请核实】事项。");
    /* not leftovers: a document number's year, a web address, a product,
     * an aside in brackets, a PPP project */
    para("依据昌州党组【2020】31号文件，详见www.example.cn，3×3米展板，"
         "（含结转）PPP项目，XXL号。");
    run();
    ck_assert_uint_eq(count("leftover"), 6);
    ck_assert_uint_eq(found.nerrors, 6);
    const struct dc_finding *f = get("leftover");
    ck_assert_int_eq(f->line, a->line);
    ck_assert_str_eq(f->subject, "（将名词解释全部保留。）");
    int cols[5] = {0};
    int k = 0;
    for (size_t i = 0; i < found.n; i++)
        if (found.v[i].line == b->line && k < 3)
            cols[k++] = found.v[i].col;
    ck_assert_int_eq(k, 3); /* XX, ××, 待补充 */
    ck_assert_int_eq(cols[0], b->col);
    ck_assert_int_eq(cols[1], b->col + 12);
    k = 0;
    for (size_t i = 0; i < found.n; i++)
        k += found.v[i].line == c->line;
    ck_assert_int_eq(k, 2); /* （此处填写…）, 【请核实】 */
    /* render's view: the same findings, nothing else */
    struct dc_findings left;
    dc_findings_init(&left);
    dc_check_leftovers(doc, &left);
    ck_assert_uint_eq(left.n, 6);
    dc_findings_free(&left);
}
END_TEST

/* A leftover in a table's cell is named by its row, as check names it,
 * also by render's scan, which indexes the rows only for such a finding. */
START_TEST(leftover_in_table)
{
    static const char *t3[] = {"201|||一般公共服务支出（待补充）|100|100|",
                               "T:|||合计|100|100|"};
    struct dc_node *t = table(3, t3, 2);
    run();
    ck_assert_uint_eq(count("leftover"), 1);
    const struct dc_finding *f = get("leftover");
    ck_assert_int_eq(f->line, line_of(t, 0, "name"));
    ck_assert_str_eq(f->table_name, "表3");
    ck_assert_str_eq(f->row, "201");
    struct dc_findings left;
    dc_findings_init(&left);
    dc_check_leftovers(doc, &left);
    ck_assert_uint_eq(left.n, 1);
    ck_assert_int_eq(left.v[0].line, f->line);
    ck_assert_int_eq(left.v[0].col, f->col);
    ck_assert_str_eq(left.v[0].table_name, "表3");
    ck_assert_str_eq(left.v[0].row, "201");
    ck_assert_str_eq(left.v[0].row_name, f->row_name);
    ck_assert_str_eq(left.v[0].message, f->message);
    dc_findings_free(&left);
}
END_TEST

static int
same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Leftovers in the cells of two tables and in the text: render's scan
 * names each cell's table, row and column as check does, the second
 * table's too. */
START_TEST(leftover_in_cells)
{
    static const char *t3[] = {"201|||一般公共服务支出（待补充）|100|100|",
                               "20101|||人大事务|100|100|",
                               "T:|||合计|100|100|"};
    static const char *t5[] = {"201|||一般公共服务支出|100|100|",
                               "20101|||XX事务|100|100|",
                               "T:|||合计|100|100|"};
    table(3, t3, 3);
    para("资金用于（此处填写项目用途）。");
    table(5, t5, 3);
    run();
    ck_assert_uint_eq(count("leftover"), 3);
    struct dc_findings left;
    dc_findings_init(&left);
    dc_check_leftovers(doc, &left);
    ck_assert_uint_eq(left.n, 3);
    size_t k = 0;
    int in_tables = 0;
    for (size_t i = 0; i < found.n; i++) {
        const struct dc_finding *f = &found.v[i], *g = &left.v[k];
        if (strcmp(f->rule, "leftover") != 0)
            continue;
        k++;
        in_tables += f->table != 0;
        ck_assert_int_eq(g->line, f->line);
        ck_assert_int_eq(g->col, f->col);
        ck_assert_int_eq(g->table, f->table);
        ck_assert(same_str(g->row, f->row));
        ck_assert(same_str(g->row_name, f->row_name));
        ck_assert(same_str(g->column, f->column));
        /* check's message may go on with other rules' reasons */
        ck_assert(strncmp(f->message, g->message, strlen(g->message)) == 0);
    }
    ck_assert_int_eq(in_tables, 2);
    /* the second table's row found, not only the first's */
    ck_assert_int_eq(left.v[2].table, 5);
    ck_assert_str_eq(left.v[2].row_name, "XX事务");
    dc_findings_free(&left);
}
END_TEST

START_TEST(unit_name)
{
    static const char *t3[] = {"201|||一般公共服务支出|100|100|",
                               "T:|||合计|100|100|"};
    struct dc_node *n1 = table(3, t3, 2);
    n1->u.table.department = "某某县财政局";
    struct dc_node *n2 = table(5, t3, 2);
    n2->u.table.department = "某某县财政局";
    struct dc_node *n3 = table(7, t7_rows, 5);
    n3->u.table.department = "某 某 县财政局（盖章）"; /* the same name */
    struct dc_node *n4 = table(6, t3, 2);
    n4->u.table.department = "某某县财政厅";
    run();
    ck_assert_uint_eq(count("unit-name"), 1);
    const struct dc_finding *f = get("unit-name");
    ck_assert_int_eq(f->line, n4->line);
    ck_assert_ptr_nonnull(strstr(f->reason, "表6:"));
    ck_assert_ptr_nonnull(strstr(f->reason, "\"某某县财政局\" (表3:"));
}
END_TEST

START_TEST(text_project_partial_name)
{
    static const char *rows[] = {
        "211|||节能环保支出||186|||||||||||",
        "211|03||污染防治||186|||||||||||",
        ("211|03|01|大气|143号2024年自治区区域大气环境整治奖补资金等|186||||||"
         "186|||||"),
        "T:|||合计||186|||||186||||||",
    };
    table(7, rows, 4);
    part(3, "2025年预算情况说明");
    heading(1, 7, "七、", "关于2025年一般公共预算项目支出情况说明");
    para("1、项目名称：2024年自治区区域大气环境整治奖补资金、清洁能源替代项目");
    struct dc_node *sc = para("预算规模安排：206万元");
    run();
    /* neither name holds the other; they share 18 characters */
    const struct dc_finding *f = NULL;
    for (size_t i = 0; i < found.n; i++)
        if (found.v[i].line == sc->line)
            f = &found.v[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->rules, "text-project");
    ck_assert_str_eq(f->expected, "186");
    ck_assert_str_eq(f->found, "206");
}
END_TEST

START_TEST(text_list)
{
    part(3, "2025年预算情况说明");
    heading(2, 2, "（二）", "政府采购情况");
    para("2025年，政府采购预算793万元，其中：政府采购货物预算423 万元，"
         "政府采购工程预算0万元，政府采购服务预算 370 万元。");
    para("2.车辆38辆，价值909万元；其中：一般公务用车19辆，价值148万元；"
         "执法执勤车辆0辆，价值0元；其他车辆19辆，价值761万元。");
    para("人员经费3125万元，其中：基本工资837万元、津贴补贴248万元。");
    run();
    ck_assert_uint_eq(count("text-list"), 0);
    struct dc_node *p = para("2.车辆28辆，价值909万元；其中：一般公务用车19辆，"
                             "价值148万元；执法执勤车辆0辆，价值0元；其他车辆"
                             "19辆，价值761万元。");
    struct dc_node *q = para("政府采购预算793万元，其中：货物423万元，工程1万元，"
                             "服务370万元。");
    run();
    ck_assert_uint_eq(count("text-list"), 2);
    const struct dc_finding *f = get("text-list");
    ck_assert_int_eq(f->line, p->line);
    ck_assert_int_eq(f->col, p->col + 4);
    ck_assert_str_eq(f->expected, "38");
    ck_assert_str_eq(f->found, "28");
    ck_assert_int_eq(found.v[found.n - 1].line, q->line);
}
END_TEST

START_TEST(text_sme)
{
    part(3, "2025年预算情况说明");
    heading(2, 2, "（二）", "政府采购情况");
    para("面向中小企业预留政府采购项目预算金额 413万元，小微企业预留政府采购"
         "项目预算金额   380万元。");
    run();
    ck_assert_uint_eq(count("text-sme"), 0);
    struct dc_node *p = para("面向中小企业预留政府采购项目预算金额 380万元，"
                             "小微企业预留政府采购项目预算金额 413万元。");
    run();
    const struct dc_finding *f = get("text-sme");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, p->line);
    ck_assert_str_eq(f->expected, "380");
    ck_assert_str_eq(f->found, "413");
    ck_assert_int_eq(f->sev, DC_SEV_ERROR);
}
END_TEST

static const char *proj_ok[] = {
    "项目支出绩效目标表",
    "项目名称|安全生产经费|项目负责人|齐创文",
    "项目资金（万元）|年度预算总额：|3|其中：财政拨款|3|其他资金：|0",
    ("H:一级指标|二级指标|三级指标|指标值|指标值设置依据|上年完成值|指标分值权重|"
     "指标赋分规则|佐证资料"),
    "产出指标|数量指标|开展评审次数|>=2次|计划标准|/|50|按比例|资料",
    "成本指标|经济成本指标|宣传品费用|<=1万元|计划标准|1万元|10|按比例|凭证",
    "||标准化创建费|<=2万元|计划标准|/|10|按比例|凭证",
    "满意度指标|满意度指标|企业满意度|>=90%|计划标准|90%|20|满意度|资料",
};

START_TEST(perf_forms)
{
    table(1, t1_ok, 7);
    part(3, "2025年预算情况说明");
    struct dc_node *count_para =
        para("2025年，本部门整体预算绩效目标1个，涉及金额150万元；当年财政"
             "拨款项目1个，涉及预算金额3万元；当年非财政拨款项目0个。");
    form(DC_TABLE_FORM_PROJECT, proj_ok, 8);
    run();
    ck_assert_uint_eq(count("perf-count"), 0);
    ck_assert_uint_eq(count("perf-funds"), 0);
    ck_assert_uint_eq(count("perf-cost"), 0);
    ck_assert_uint_eq(count("perf-weight"), 0);
    /* 3 ≠ 2 + 0; costs 1 + 2 = 3 > 2; weights 100; the text counts 2 */
    static const char *bad[] = {
        "项目支出绩效目标表",
        "项目名称|安全生产经费|项目负责人|齐创文",
        "项目资金（万元）|年度预算总额：|2|其中：财政拨款|3|其他资金：|0",
        ("H:一级指标|二级指标|三级指标|指标值|指标值设置依据|上年完成值|"
         "指标分值权重|指标赋分规则|佐证资料"),
        "成本指标|经济成本指标|宣传品费用|<=1万元|计划标准|1万元|60|按比例|凭证",
        "||标准化创建费|<=2万元|计划标准|/|40|按比例|凭证",
    };
    struct dc_node *t = form(DC_TABLE_FORM_PROJECT, bad, 6);
    run();
    const struct dc_finding *f = get("perf-funds");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->expected, "3");
    ck_assert_str_eq(f->found, "2");
    f = get("perf-cost");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->sev, DC_SEV_ERROR);
    ck_assert_str_eq(f->expected, "3");
    f = get("perf-weight");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, t->line);
    ck_assert_int_eq(f->sev, DC_SEV_WARNING);
    ck_assert_str_eq(f->found, "100");
    f = get("perf-count");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, count_para->line);
    ck_assert_int_eq(f->sev, DC_SEV_ERROR);
    ck_assert_str_eq(f->expected, "2");
    ck_assert_str_eq(f->found, "1");
    /* the text explains the gap: a warning */
    para("重点预留项目款未下达到各部门，未做项目绩效目标表。");
    run();
    ck_assert_int_eq(get("perf-count")->sev, DC_SEV_WARNING);
}
END_TEST

START_TEST(perf_dept)
{
    table(1, t1_ok, 7);
    part(3, "2025年预算情况说明");
    static const char *dept[] = {
        "部门整体绩效目标申报表",
        "年度预算（万元）|资金来源|资金总额（万元）",
        "|财政资金（万元）|上级资金|40",
        "||本级资金|110",
        "|其他资金（万元）|其他|0",
        "H:一级指标|二级指标|三级指标|指标值|指标设定依据|分值权重",
        "履职效能|数量指标|外出招商次数|>=20次|方案|90",
    };
    form(DC_TABLE_FORM_DEPT, dept, 7);
    run();
    ck_assert_uint_eq(count("perf-dept"), 0);
    ck_assert_uint_eq(count("perf-weight"), 0);
    static const char *dept2[] = {
        "部门整体绩效目标申报表",
        "|财政资金（万元）|上级资金|40",
        "||本级资金|150",
        "|其他资金（万元）|其他|0",
    };
    form(DC_TABLE_FORM_DEPT, dept2, 4);
    run();
    const struct dc_finding *f = get("perf-dept");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->expected, "150");
    ck_assert_str_eq(f->found, "190");
    ck_assert_int_eq(f->sev, DC_SEV_WARNING);
}
END_TEST

START_TEST(empty_cell)
{
    static const char *t3[] = {
        "201|||一般公共服务支出|3192|2525|667",
        "T:|||合计|3192|2525|667",
    };
    table(3, t3, 2);
    run();
    ck_assert_uint_eq(count("empty-cell"), 0);
    static const char *t3e[] = {
        "201|||一般公共服务支出||2525|667",
        "T:|||合计|3192|2525|667",
    };
    dc_node_remove(dc_node_last(doc->root));
    struct dc_node *t = table(3, t3e, 2);
    run();
    const struct dc_finding *f = get("empty-cell");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->line, line_of(t, 0, "total"));
    ck_assert_str_eq(f->expected, "3192");
    ck_assert_ptr_null(f->found);
    ck_assert_uint_eq(count("row-sum"), 0);
}
END_TEST

START_TEST(rule_table)
{
    size_t n;
    const struct dc_rule_info *r = dc_check_rules(&n);
    ck_assert_uint_eq(n, CK_NRULES);
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_nonnull(r[i].id);
        ck_assert_ptr_nonnull(r[i].summary);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(r[i].id, r[j].id);
    }
}
END_TEST

static Suite *
check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("table");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, hier_pass_and_flag);
    tcase_add_test(tc, hier_orphan);
    tcase_add_test(tc, row_sum_t3);
    tcase_add_test(tc, row_sum_t6);
    tcase_add_test(tc, row_sum_blames_the_part);
    tcase_add_test(tc, total_row);
    tcase_add_test(tc, t1_sides);
    tcase_add_test(tc, t10_items);
    tcase_add_test(tc, empty_and_slash_cells);
    tcase_add_test(tc, codes);
    tcase_add_test(tc, hier_blames_the_child);
    tcase_add_test(tc, t10_blames_the_cell);
    tcase_add_test(tc, t1_blames_the_line);
    suite_add_tcase(s, tc);
    tc = tcase_create("cross");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, x_class);
    tcase_add_test(tc, x_class_majority);
    tcase_add_test(tc, x_general_basic_project);
    tcase_add_test(tc, x_carry);
    tcase_add_test(tc, identity_unknown_rule);
    tcase_add_test(tc, x_codes);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, text_share);
    tcase_add_test(tc, text_growth);
    tcase_add_test(tc, text_direction);
    tcase_add_test(tc, unit_slip);
    tcase_add_test(tc, heading_year);
    tcase_add_test(tc, text_amount_t6);
    tcase_add_test(tc, text_amount_chain);
    tcase_add_test(tc, text_sangong);
    tcase_add_test(tc, text_refers_back);
    tcase_add_test(tc, text_rise_exceeds);
    tcase_add_test(tc, t11_blames_the_row);
    tcase_add_test(tc, text_project);
    tcase_add_test(tc, text_list);
    tcase_add_test(tc, text_project_partial_name);
    tcase_add_test(tc, text_sme);
    suite_add_tcase(s, tc);
    tc = tcase_create("perf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, perf_forms);
    tcase_add_test(tc, perf_dept);
    tcase_add_test(tc, empty_cell);
    suite_add_tcase(s, tc);
    tc = tcase_create("structure");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, numbering);
    tcase_add_test(tc, code_name);
    tcase_add_test(tc, leftover);
    tcase_add_test(tc, leftover_in_table);
    tcase_add_test(tc, leftover_in_cells);
    tcase_add_test(tc, unit_name);
    tcase_add_test(tc, code_name_long);
    tcase_add_test(tc, output_formats);
    tcase_add_test(tc, rule_table);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(check_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
