#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "forms/check.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "forms/table.h"
#include "lib/util.h"

/* One field of each kind, none required, for checking single cells. */
static const char cells_src[] =
    "return { id = \"cells\", title = \"单元格\", version = 1,\n"
    "  period = \"week\", fields = {\n"
    "  { name = \"n\", label = \"数量\", type = \"int\", max = 100 },\n"
    "  { name = \"k\", label = \"人数\", type = \"int\", min = 1 },\n"
    "  { name = \"m\", label = \"金额(元)\", type = \"decimal\", max = 10000 },\n"
    "  { name = \"d\", label = \"日期\", type = \"date\" },\n"
    "  { name = \"c\", label = \"等级\", type = \"choice\",\n"
    "    choices = { \"A\", \"B\", \"C\" } },\n"
    "  { name = \"src\", label = \"来源\", type = \"choice\",\n"
    "    choices = { \"投诉举报\", \"12345\", \"12315\", \"12337\",\n"
    "      \"部门移送\", \"监督抽查\", \"上级转办\", \"其他\", \"媒体曝光\" } },\n"
    "  { name = \"amb\", label = \"大小写\", type = \"choice\",\n"
    "    choices = { \"a\", \"A\" } },\n"
    "  { name = \"l\", label = \"清单\", type = \"list\", max = 20 },\n"
    "  { name = \"lc\", label = \"类别\", type = \"list\",\n"
    "    choices = { \"虚假宣传\", \"违法广告\" } },\n"
    "  { name = \"t\", label = \"名称\", type = \"text\", max = 5 },\n"
    "  { name = \"note\", label = \"备注\", type = \"text\" },\n"
    "  { name = \"p\", label = \"电话\", type = \"text\", check = \"phone\" },\n"
    "  { name = \"i\", label = \"身份证号\", type = \"text\", check = \"idcard\" },\n"
    "  { name = \"u\", label = \"统一社会信用代码\", type = \"text\",\n"
    "    check = \"uscc\" },\n"
    "} }\n";

static const char required_src[] =
    "return { id = \"req\", title = \"必填\", version = 1,\n"
    "  period = \"week\", fields = {\n"
    "  { name = \"name\", label = \"名称\", type = \"text\", required = true },\n"
    "  { name = \"items\", label = \"清单\", type = \"list\", required = true },\n"
    "  { name = \"note\", label = \"备注\", type = \"text\" },\n"
    "} }\n";

static const char rules_src[] =
    "return { id = \"rules\", title = \"规则\", version = 1,\n"
    "  period = \"week\", fields = {\n"
    "  { name = \"total\", label = \"总计\", type = \"decimal\" },\n"
    "  { name = \"doing\", label = \"正在整治\", type = \"int\" },\n"
    "  { name = \"done\", label = \"整治完成\", type = \"decimal\" },\n"
    "  { name = \"collected\", label = \"收集线索(条)\", type = \"int\" },\n"
    "  { name = \"handled\", label = \"妥善处置涉稳线索(条)\", type = \"int\" },\n"
    "  { name = \"status\", label = \"状态\", type = \"choice\",\n"
    "    choices = { \"核查中\", \"已办结\" } },\n"
    "  { name = \"closed_date\", label = \"办结日期\", type = \"date\" },\n"
    "  { name = \"start\", label = \"开始\", type = \"date\" },\n"
    "} , rules = {\n"
    "  { \"sum\", \"total\", \"doing\", \"done\" },\n"
    "  { \"le\", \"handled\", \"collected\" },\n"
    "  { \"required_if\", \"closed_date\", \"status\", \"已办结\" },\n"
    "  { \"after\", \"closed_date\", \"start\" },\n"
    "} }\n";

static struct form cells_form, required_form, rules_form;
static struct buf out;

static void
load(struct form *f, const char *src, const char *name)
{
	struct buf err = BUF_INIT;

	if (!form_load(src, strlen(src), name, f, &err))
		fail_msg("%s", err.ptr);
	buf_free(&err);
}

static int
setup(void **state)
{
	load(&cells_form, cells_src, "cells.lua");
	load(&required_form, required_src, "req.lua");
	load(&rules_form, rules_src, "rules.lua");
	return 0;
}

static int
teardown(void **state)
{
	form_free(&cells_form);
	form_free(&required_form);
	form_free(&rules_form);
	buf_free(&out);
	return 0;
}

/*
 * Adds a row of n cells at line to t through table_add_row, as a reader
 * does; kinds may be NULL (all text).  NULL cells are empty.
 */
static void
add_row(struct table *t, int line, const char *const *cells,
    const enum cell_kind *kinds, size_t n)
{
	char	**c;
	size_t	 i;

	c = xcalloc(n, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = cells[i] != NULL ? xstrdup(cells[i]) : NULL;
	table_add_row(t, line, c, (enum cell_kind *)kinds, n);
	free(c);
}

#define ROW(t, line, ...) do {						\
	const char *const cells_[] = { __VA_ARGS__ };			\
	add_row((t), (line), cells_, NULL,				\
	    sizeof(cells_) / sizeof(cells_[0]));			\
} while (0)

/* Checks t against f as "f.csv"; the problems are in out. */
static size_t
run(const struct form *f, const struct table *t, int date1904,
    struct checked *c)
{
	buf_clear(&out);
	return check_table(f, "f.csv", t, date1904, c, &out);
}

/* The number of lines in s: one per problem. */
static size_t
lines(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

/*
 * Checks a one-column table: header label at line 1, the cell at line 2.
 * Returns the problems; *norm (if not NULL) gets the normalised value.
 */
static const char *
cell_kind(const struct form *f, const char *label, const char *value,
    enum cell_kind kind, int date1904, char **norm)
{
	struct table t;
	struct checked c;
	const char *h[] = { label };
	size_t	 n, i;

	table_init(&t);
	add_row(&t, 1, h, NULL, 1);
	add_row(&t, 2, &value, &kind, 1);
	n = run(f, &t, date1904, &c);
	assert_int_equal(c.nrows, 1);
	assert_int_equal(c.nfields, f->nfields);
	if (norm != NULL) {
		*norm = NULL;
		for (i = 0; i < f->nfields; i++)
			if (strcmp(f->fields[i].label, label) == 0)
				*norm = xstrdup(c.rows[0][i]);
		assert_non_null(*norm);
	}
	checked_free(&c);
	table_free(&t);
	assert_int_equal(n, lines(out.ptr));
	return out.ptr;
}

/* The problem text for one text cell of cells_form. */
static const char *
cell(const char *label, const char *value)
{
	return cell_kind(&cells_form, label, value, CELL_TEXT, 0, NULL);
}

/* Expects one text cell to be valid and normalised to want. */
static void
good(const char *label, const char *value, const char *want)
{
	char	*norm;

	assert_string_equal(cell_kind(&cells_form, label, value, CELL_TEXT, 0,
	    &norm), "");
	assert_string_equal(norm, want);
	free(norm);
}

/* The same for a number cell of an .xlsx file. */
static void
good_number(const char *label, const char *value, int date1904,
    const char *want)
{
	char	*norm;

	assert_string_equal(cell_kind(&cells_form, label, value, CELL_NUMBER,
	    date1904, &norm), "");
	assert_string_equal(norm, want);
	free(norm);
}

static const char *
number_cell(const char *label, const char *value, int date1904)
{
	return cell_kind(&cells_form, label, value, CELL_NUMBER, date1904,
	    NULL);
}

static void
test_required(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "名称", "清单", "备注");
	ROW(&t, 2, "", "1、一", "x");
	ROW(&t, 3, " 　", "1、一", "x");
	ROW(&t, 4, "甲", "1、\n2、", "x");
	ROW(&t, 5, "甲", "一", NULL);
	assert_int_equal(run(&required_form, &t, 0, NULL), 3);
	assert_string_equal(out.ptr,
	    "f.csv:2:A(名称): 必须填写\n"
	    "f.csv:3:A(名称): 必须填写\n"
	    "f.csv:4:B(清单): 必须填写\n");
	table_free(&t);
}

static void
test_int(void **state)
{
	assert_string_equal(cell("数量", "abc"),
	    "f.csv:2:A(数量): 应当是整数，如 3（abc）\n");
	assert_string_equal(cell("数量", "3.5"),
	    "f.csv:2:A(数量): 应当是整数，如 3（3.5）\n");
	assert_string_equal(cell("数量", "3个"),
	    "f.csv:2:A(数量): 应当是整数，如 3（3个）\n");
	assert_string_equal(cell("数量", "1,20"),
	    "f.csv:2:A(数量): 应当是整数，如 3（1,20）\n");
	assert_string_equal(cell("数量", "1 2"),
	    "f.csv:2:A(数量): 应当是整数，如 3（1 2）\n");
	good("数量", "3", "3");
	good("数量", " 42 ", "42");
	good("数量", "+007", "7");
	good("数量", "0", "0");
	good("数量", "-0", "0");
	good("数量", "3.0", "3");
	good("数量", "１２", "12");
	good("数量", "1e2", "100");
	good_number("数量", "3.0000000000000004", 0, "3");
}

static void
test_int_grouping(void **state)
{
	struct form f;
	struct buf err = BUF_INIT;
	static const char src[] = "return { id = \"g\", title = \"g\", "
	    "version = 1, period = \"week\", fields = { { name = \"n\", "
	    "label = \"数量\", type = \"int\" } } }";
	char	*norm;

	assert_int_equal(form_load(src, strlen(src), "g.lua", &f, &err), 1);
	assert_string_equal(cell_kind(&f, "数量", "1,200", CELL_TEXT, 0,
	    &norm), "");
	assert_string_equal(norm, "1200");
	free(norm);
	assert_string_equal(cell_kind(&f, "数量", "12,345,678", CELL_TEXT, 0,
	    &norm), "");
	assert_string_equal(norm, "12345678");
	free(norm);
	assert_string_equal(cell_kind(&f, "数量", "１，２００", CELL_TEXT, 0,
	    &norm), "");
	assert_string_equal(norm, "1200");
	free(norm);
	assert_string_equal(cell_kind(&f, "数量", "1,2000", CELL_TEXT, 0,
	    NULL), "f.csv:2:A(数量): 应当是整数，如 3（1,2000）\n");
	assert_string_equal(cell_kind(&f, "数量", ",200", CELL_TEXT, 0,
	    NULL), "f.csv:2:A(数量): 应当是整数，如 3（,200）\n");
	/* no max: the largest number is 15 digits */
	assert_string_equal(cell_kind(&f, "数量", "1234567890123456",
	    CELL_TEXT, 0, NULL), "f.csv:2:A(数量): 不能大于 999999999999999"
	    "（1234567890123456）\n");
	assert_string_equal(cell_kind(&f, "数量", "999999999999999",
	    CELL_TEXT, 0, &norm), "");
	assert_string_equal(norm, "999999999999999");
	free(norm);
	form_free(&f);
	buf_free(&err);
}

static void
test_negative(void **state)
{
	assert_string_equal(cell("数量", "-3"),
	    "f.csv:2:A(数量): 不能是负数（-3）\n");
	assert_string_equal(cell("数量", "－3"),
	    "f.csv:2:A(数量): 不能是负数（－3）\n");
	assert_string_equal(cell("金额(元)", "-0.5"),
	    "f.csv:2:A(金额(元)): 不能是负数（-0.5）\n");
	assert_string_equal(cell("数量", "-99999999999999999999"),
	    "f.csv:2:A(数量): 不能是负数（-99999999999999999999）\n");
}

static void
test_max(void **state)
{
	assert_string_equal(cell("数量", "101"),
	    "f.csv:2:A(数量): 不能大于 100（101）\n");
	assert_string_equal(cell("数量", "12345678901234567890"),
	    "f.csv:2:A(数量): 不能大于 100（12345678901234567890）\n");
	good("数量", "100", "100");
	assert_string_equal(cell("金额(元)", "10000.01"),
	    "f.csv:2:A(金额(元)): 不能大于 10000（10000.01）\n");
	good("金额(元)", "10000.001", "10000");
}

static void
test_min(void **state)
{
	assert_string_equal(cell("人数", "0"),
	    "f.csv:2:A(人数): 不能小于 1（0）\n");
	good("人数", "1", "1");
}

static void
test_decimal(void **state)
{
	assert_string_equal(cell("金额(元)", "12a"),
	    "f.csv:2:A(金额(元)): 应当是数字，如 1200.50（12a）\n");
	assert_string_equal(cell("金额(元)", "1.2.3"),
	    "f.csv:2:A(金额(元)): 应当是数字，如 1200.50（1.2.3）\n");
	assert_string_equal(cell("金额(元)", "."),
	    "f.csv:2:A(金额(元)): 应当是数字，如 1200.50（.）\n");
	assert_string_equal(cell("金额(元)", "1.2万"),
	    "f.csv:2:A(金额(元)): 应当是数字，如 1200.50（1.2万）\n");
	good("金额(元)", "1200.50", "1200.5");
	good("金额(元)", "1,200.505", "1200.51");
	good("金额(元)", "0.005", "0.01");
	good("金额(元)", "0.004", "0");
	good("金额(元)", "9.995", "10");
	good("金额(元)", "９９．９", "99.9");
	good("金额(元)", ".5", "0.5");
	good("金额(元)", "5.", "5");
	good("金额(元)", "0100.00", "100");
	good("金额(元)", "-0.001", "0");
	good_number("金额(元)", "1.5E-2", 0, "0.02");
	good_number("金额(元)", "1E+3", 0, "1000");
	good_number("金额(元)", "1200.4999999999998", 0, "1200.5");
	good_number("金额(元)", "1E-300", 0, "0");
}

static void
test_date_forms(void **state)
{
	good("日期", "2022-05-09", "2022-05-09");
	good("日期", "2022-5-9", "2022-05-09");
	good("日期", "2022/5/9", "2022-05-09");
	good("日期", "2022.5.9", "2022-05-09");
	good("日期", "2022年5月9日", "2022-05-09");
	good("日期", "2022 年 05 月 09 日", "2022-05-09");
	good("日期", "2022年5月9号", "2022-05-09");
	good("日期", "２０２２－０５－０９", "2022-05-09");
	good("日期", " 2022/05/09 ", "2022-05-09");
	good("日期", "2022/5/9 0:00:00", "2022-05-09");
	good("日期", "2022-05-09 10:30", "2022-05-09");
	good("日期", "2024-02-29", "2024-02-29");
	good("日期", "2000-02-29", "2000-02-29");
}

static void
test_date_bad(void **state)
{
	static const char *const bad[] = { "2022-5", "5/9/2022", "2022-05/09",
	    "20220509", "22-05-09", "2022年5月", "2022年5月9", "五月九日",
	    "2022-05-09 25:00", "2022-05-09x", "0999-01-01", "2022--05-09",
	    "44690" };
	char	 want[200];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "f.csv:2:A(日期): 日期格式不对，"
		    "应写成 2022-05-09（%s）\n", bad[i]);
		assert_string_equal(cell("日期", bad[i]), want);
	}
}

static void
test_date_no_such_day(void **state)
{
	assert_string_equal(cell("日期", "2022-02-30"),
	    "f.csv:2:A(日期): 没有这一天（2022-02-30）\n");
	assert_string_equal(cell("日期", "2022年2月29日"),
	    "f.csv:2:A(日期): 没有这一天（2022年2月29日）\n");
	assert_string_equal(cell("日期", "1900-02-29"),
	    "f.csv:2:A(日期): 没有这一天（1900-02-29）\n");
	assert_string_equal(cell("日期", "2022-13-01"),
	    "f.csv:2:A(日期): 没有这一天（2022-13-01）\n");
	assert_string_equal(cell("日期", "2022-00-10"),
	    "f.csv:2:A(日期): 没有这一天（2022-00-10）\n");
	assert_string_equal(cell("日期", "2022/4/31"),
	    "f.csv:2:A(日期): 没有这一天（2022/4/31）\n");
}

static void
test_date_serial(void **state)
{
	good_number("日期", "44690", 0, "2022-05-09");
	good_number("日期", "44690.75", 0, "2022-05-09");
	good_number("日期", "4.469E4", 0, "2022-05-09");
	good_number("日期", "1", 0, "1900-01-01");
	good_number("日期", "59", 0, "1900-02-28");
	good_number("日期", "61", 0, "1900-03-01");
	good_number("日期", "2958465", 0, "9999-12-31");
	assert_string_equal(number_cell("日期", "60", 0),
	    "f.csv:2:A(日期): 没有这一天（60）\n");
	assert_string_equal(number_cell("日期", "0", 0),
	    "f.csv:2:A(日期): 日期格式不对，应写成 2022-05-09（0）\n");
	assert_string_equal(number_cell("日期", "-1", 0),
	    "f.csv:2:A(日期): 日期格式不对，应写成 2022-05-09（-1）\n");
	assert_string_equal(number_cell("日期", "2958466", 0),
	    "f.csv:2:A(日期): 日期格式不对，应写成 2022-05-09（2958466）\n");
}

static void
test_date_1904(void **state)
{
	good_number("日期", "0", 1, "1904-01-01");
	good_number("日期", "43228", 1, "2022-05-09");
	good_number("日期", "43228.5", 1, "2022-05-09");
	/* text dates do not depend on the workbook's date system */
	assert_string_equal(cell_kind(&cells_form, "日期", "2022-05-09",
	    CELL_TEXT, 1, NULL), "");
}

static void
test_choice(void **state)
{
	assert_string_equal(cell("等级", "D"),
	    "f.csv:2:A(等级): 不是可选的值：请从下拉列表中选择（可选：A、B、C）"
	    "（D）\n");
	assert_string_equal(cell("等级", "A 涉嫌犯罪需移交司法机关"),
	    "f.csv:2:A(等级): 不是可选的值：请从下拉列表中选择（可选：A、B、C）"
	    "（A 涉嫌犯罪需移交司法机关）\n");
	good("等级", "B", "B");
	good("等级", " B\n", "B");
	good("等级", "ｂ", "B");
	good("等级", "c", "C");
	good("来源", "12315", "12315");
	good("来源", "上级 转办", "上级转办");
	good_number("来源", "12345", 0, "12345");
	/* more than eight choices: the first eight, then 等 */
	assert_string_equal(cell("来源", "电话"),
	    "f.csv:2:A(来源): 不是可选的值：请从下拉列表中选择（可选：投诉举报、"
	    "12345、12315、12337、部门移送、监督抽查、上级转办、其他等）（电话）\n");
	/* exact matches win; a loose one must be unambiguous */
	good("大小写", "a", "a");
	good("大小写", "A", "A");
	assert_string_equal(cell("大小写", "Ａ"),
	    "f.csv:2:A(大小写): 不是可选的值：请从下拉列表中选择（可选：a、A）"
	    "（Ａ）\n");
}

static void
test_list(void **state)
{
	good("类别", "1、虚假宣传\n2.违法广告", "虚假宣传\n违法广告");
	good("类别", "（1）虚假宣传\r\n（2）违法广告", "虚假宣传\n违法广告");
	good("类别", "1）虚假宣传\n\n  2) 违法广告 ", "虚假宣传\n违法广告");
	good("类别", "(1)虚假宣传\r(2)违法广告", "虚假宣传\n违法广告");
	good("类别", "①虚假宣传\n②违法广告", "虚假宣传\n违法广告");
	good("类别", "一、虚假宣传\n二、违法广告", "虚假宣传\n违法广告");
	good("类别", "１．虚假宣传", "虚假宣传");
	good("类别", "违法广告", "违法广告");
	good("清单", "1.5吨过期奶粉", "1.5吨过期奶粉");
	good("清单", "1、店内讲座\n2、夸大功效", "店内讲座\n夸大功效");
	good("清单", "2022年起开展", "2022年起开展");
	good("清单", "（一）约谈", "约谈");
	good("清单", "一次性收费", "一次性收费");
	assert_string_equal(cell("类别", "1、虚假宣传\n2、乱收费"),
	    "f.csv:2:A(类别): 第 2 条“乱收费”不是可选的值：请从下拉列表中选择"
	    "（可选：虚假宣传、违法广告）（1、虚假宣传 2、乱收费）\n");
}

static void
test_list_too_long(void **state)
{
	/* 20 characters in the lines, numbering not counted */
	good("清单", "1、一二三四五六七八九十\n2、一二三四五六七八九十",
	    "一二三四五六七八九十\n一二三四五六七八九十");
	assert_string_equal(cell("清单", "1、一二三四五六七八九十\n"
	    "2、一二三四五六七八九十一"), "f.csv:2:A(清单): 太长了：最多 20 个字，"
	    "现在 21 个字（1、一二三四五六七八九十 2、一二三四五六七八九十一）\n");
}

static void
test_text_too_long(void **state)
{
	assert_string_equal(cell("名称", "一二三四五六"),
	    "f.csv:2:A(名称): 太长了：最多 5 个字，现在 6 个字（一二三四五六）\n");
	good("名称", " 一二三四五 ", "一二三四五");
	good("名称", "ab\r\ncd", "ab\ncd");
	good("备注", "第一行\r第二行", "第一行\n第二行");
}

/* A long cell is shown cut to 40 characters, line breaks as spaces. */
static void
test_value_shown(void **state)
{
	assert_string_equal(cell("名称",
	    "一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十"
	    "多出来的字"), "f.csv:2:A(名称): 太长了：最多 5 个字，现在 45 个字"
	    "（一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十…）\n");
	assert_string_equal(cell("名称", "一二\n三四\t五六"),
	    "f.csv:2:A(名称): 太长了：最多 5 个字，现在 8 个字（一二 三四 五六）"
	    "\n");
}

static void
test_phone_good(void **state)
{
	good("电话", "13812345678", "13812345678");
	good("电话", "138 1234 5678", "13812345678");
	good("电话", "138-1234-5678", "13812345678");
	good("电话", "+86 13812345678", "13812345678");
	good("电话", "8613812345678", "13812345678");
	good("电话", "１３８１２３４５６７８", "13812345678");
	good("电话", "0537-1234567", "0537-1234567");
	good("电话", "(0537)1234567", "0537-1234567");
	good("电话", "（0537）12345678", "0537-12345678");
	good("电话", "05371234567", "0537-1234567");
	good("电话", "010-12345678", "010-12345678");
	good("电话", "021 12345678", "021-12345678");
	good("电话", "400-123-4567", "400-123-4567");
	good("电话", "8001234567", "800-123-4567");
	good_number("电话", "13812345678", 0, "13812345678");
	good_number("电话", "1.3812345678E10", 0, "13812345678");
	assert_int_equal(check_phone("13812345678"), 1);
	assert_int_equal(check_phone(" 0537-1234567 "), 1);
	assert_int_equal(check_phone("4001234567"), 1);
}

static void
test_phone_bad(void **state)
{
	static const char *const bad[] = { "1234567", "12345678",
	    "12345678901", "1381234567", "138123456789", "0537-123456",
	    "0537-123456789", "abc", "+1 2025550123", "13812345678转1",
	    "13812345678/13812345679", "0012345678", "+", "-", "5371234567" };
	char	 want[400];
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(want, sizeof(want), "f.csv:2:A(电话): 电话号码不对：手机号"
		    "是 11 位数字（如 13812345678），座机要带区号（如 0537-1234567）"
		    "（%s）\n", bad[i]);
		assert_string_equal(cell("电话", bad[i]), want);
		assert_int_equal(check_phone(bad[i]), 0);
	}
	assert_int_equal(check_phone(""), 0);
}

static void
test_idcard_valid(void **state)
{
	good("身份证号", "11010519491231002X", "11010519491231002X");
	good("身份证号", "11010519491231002x", "11010519491231002X");
	good("身份证号", "110105 19491231 002X", "11010519491231002X");
	good("身份证号", "１１０１０５１９４９１２３１００２Ｘ",
	    "11010519491231002X");
	good("身份证号", "440524188001010014", "440524188001010014");
	assert_int_equal(check_idcard("11010519491231002X"), 1);
	assert_int_equal(check_idcard("11010519491231002x"), 1);
	assert_int_equal(check_idcard("440524188001010014"), 1);
}

static void
test_idcard_length(void **state)
{
	assert_string_equal(cell("身份证号", "11010519491231002"),
	    "f.csv:2:A(身份证号): 身份证号不对：应当是 18 位，现在是 17 位"
	    "（11010519491231002）\n");
	assert_string_equal(cell("身份证号", "110105194912310021X"),
	    "f.csv:2:A(身份证号): 身份证号不对：应当是 18 位，现在是 19 位"
	    "（110105194912310021X）\n");
	/* old 15-digit numbers are not accepted */
	assert_string_equal(cell("身份证号", "110105491231002"),
	    "f.csv:2:A(身份证号): 身份证号不对：应当是 18 位，现在是 15 位"
	    "（110105491231002）\n");
	assert_int_equal(check_idcard("11010519491231002"), 0);
	assert_int_equal(check_idcard(""), 0);
}

static void
test_idcard_chars(void **state)
{
	assert_string_equal(cell("身份证号", "11010519491231002Y"),
	    "f.csv:2:A(身份证号): 身份证号不对：前 17 位应当是数字，最后一位是数字"
	    "或 X（11010519491231002Y）\n");
	assert_string_equal(cell("身份证号", "X10105194912310021"),
	    "f.csv:2:A(身份证号): 身份证号不对：前 17 位应当是数字，最后一位是数字"
	    "或 X（X10105194912310021）\n");
	assert_int_equal(check_idcard("11010519491231002Y"), 0);
}

static void
test_idcard_check(void **state)
{
	assert_string_equal(cell("身份证号", "110105194912310021"),
	    "f.csv:2:A(身份证号): 身份证号不对：最后一位校验码不对，请逐位核对"
	    "（110105194912310021）\n");
	assert_int_equal(check_idcard("110105194912310021"), 0);
	assert_int_equal(check_idcard("440524188001010013"), 0);
}

static void
test_idcard_birth(void **state)
{
	assert_string_equal(cell("身份证号", "110105194902300011"),
	    "f.csv:2:A(身份证号): 身份证号不对：出生日期 19490230 不存在"
	    "（110105194902300011）\n");
	assert_string_equal(cell("身份证号", "110105194913010011"),
	    "f.csv:2:A(身份证号): 身份证号不对：出生日期 19491301 不存在"
	    "（110105194913010011）\n");
	assert_int_equal(check_idcard("110105194902300011"), 0);
}

static void
test_uscc_valid(void **state)
{
	good("统一社会信用代码", "91350100M000100Y43", "91350100M000100Y43");
	good("统一社会信用代码", "91350100m000100y43", "91350100M000100Y43");
	good("统一社会信用代码", " 9135 0100 M000 100Y 43 ",
	    "91350100M000100Y43");
	good("统一社会信用代码", "91320000MA1MXXXX04", "91320000MA1MXXXX04");
	assert_int_equal(check_uscc("91350100M000100Y43"), 1);
	assert_int_equal(check_uscc("91110000100000000X"), 0);
}

static void
test_uscc_length(void **state)
{
	assert_string_equal(cell("统一社会信用代码", "91350100M000100Y4"),
	    "f.csv:2:A(统一社会信用代码): 统一社会信用代码不对：应当是 18 位，"
	    "现在是 17 位（91350100M000100Y4）\n");
	assert_int_equal(check_uscc("91350100M000100Y4"), 0);
}

static void
test_uscc_chars(void **state)
{
	assert_string_equal(cell("统一社会信用代码", "91350100M000100I43"),
	    "f.csv:2:A(统一社会信用代码): 统一社会信用代码不对：第 16 位“I”"
	    "不能用（只能是数字和除 I、O、S、V、Z 以外的大写字母）"
	    "（91350100M000100I43）\n");
	assert_string_equal(cell("统一社会信用代码", "91350100M000100码43"),
	    "f.csv:2:A(统一社会信用代码): 统一社会信用代码不对：第 16 位“码”"
	    "不能用（只能是数字和除 I、O、S、V、Z 以外的大写字母）"
	    "（91350100M000100码43）\n");
	assert_int_equal(check_uscc("91350100M000100O43"), 0);
}

static void
test_uscc_check(void **state)
{
	assert_string_equal(cell("统一社会信用代码", "91350100M000100Y44"),
	    "f.csv:2:A(统一社会信用代码): 统一社会信用代码不对：最后一位校验码"
	    "不对，请逐位核对（91350100M000100Y44）\n");
	assert_int_equal(check_uscc("91350100M000100Y44"), 0);
}

static void
test_rule_le(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "收集线索(条)", "妥善处置涉稳线索(条)");
	ROW(&t, 2, "3", "5");
	ROW(&t, 3, "5", "5");
	ROW(&t, 4, "x", "5");
	ROW(&t, 5, "", "5");
	ROW(&t, 6, "10", "9");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 2);
	assert_string_equal(out.ptr,
	    "f.csv:2:B(妥善处置涉稳线索(条)): 妥善处置涉稳线索(条) 不能大于 "
	    "收集线索(条)（5 对 3）\n"
	    "f.csv:4:A(收集线索(条)): 应当是整数，如 3（x）\n");
	table_free(&t);
}

static void
test_rule_sum(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "正在整治", "整治完成", "总计");
	ROW(&t, 2, "4", "5", "10");
	ROW(&t, 3, "4", "5", "9");
	ROW(&t, 4, "4", "", "4");
	ROW(&t, 5, "1", "0.5", "1.50");
	ROW(&t, 6, "1", "0.25", "1.2");
	ROW(&t, 7, "x", "1", "5");
	ROW(&t, 8, "1", "1", "");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 3);
	assert_string_equal(out.ptr,
	    "f.csv:2:C(总计): 总计 应当等于 正在整治 + 整治完成（10 对 9）\n"
	    "f.csv:6:C(总计): 总计 应当等于 正在整治 + 整治完成（1.2 对 1.25）\n"
	    "f.csv:7:A(正在整治): 应当是整数，如 3（x）\n");
	table_free(&t);
}

static void
test_rule_required_if(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "状态", "办结日期");
	ROW(&t, 2, "已办结", "");
	ROW(&t, 3, "核查中", "");
	ROW(&t, 4, "已办结", "2022-06-30");
	ROW(&t, 5, "已办结", "2022-06-31");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 2);
	assert_string_equal(out.ptr,
	    "f.csv:2:B(办结日期): 状态 是“已办结”时必须填写\n"
	    "f.csv:5:B(办结日期): 没有这一天（2022-06-31）\n");
	table_free(&t);

	/* without the column, the problem has no cell to point at */
	table_init(&t);
	ROW(&t, 1, "状态");
	ROW(&t, 2, "已办结");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr,
	    "f.csv:2(办结日期): 状态 是“已办结”时必须填写\n");
	table_free(&t);
}

static void
test_rule_after(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "开始", "办结日期");
	ROW(&t, 2, "2022-05-09", "2022-05-01");
	ROW(&t, 3, "2022-05-09", "2022-05-09");
	ROW(&t, 4, "2022-05-09", "2022年5月10日");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr,
	    "f.csv:2:B(办结日期): 办结日期 不能早于 开始（2022-05-01 对 "
	    "2022-05-09）\n");
	table_free(&t);
}

static void
test_header_by_label_and_name(void **state)
{
	struct table t;
	struct checked c;

	table_init(&t);
	ROW(&t, 3, "名称*", "ITEMS", " 备注 ");
	ROW(&t, 4, "甲", "1、一", "x");
	assert_int_equal(run(&required_form, &t, 0, &c), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0][0], "甲");
	assert_string_equal(c.rows[0][1], "一");
	assert_string_equal(c.rows[0][2], "x");
	checked_free(&c);
	table_free(&t);

	table_init(&t);
	ROW(&t, 1, "name", "清单 ＊", "note");
	ROW(&t, 2, "甲", "一", "");
	assert_int_equal(run(&required_form, &t, 0, NULL), 0);
	table_free(&t);
}

static void
test_header_star(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "妥善处置涉稳线索（条）*", "收集线索 (条)", "办结日期*");
	ROW(&t, 2, "5", "3", "2022-05-09");
	assert_int_equal(run(&rules_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr,
	    "f.csv:2:A(妥善处置涉稳线索(条)): 妥善处置涉稳线索(条) 不能大于 "
	    "收集线索(条)（5 对 3）\n");
	table_free(&t);
}

static void
test_header_unknown(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "名称", "清单", "说明");
	ROW(&t, 2, "甲", "一", "x");
	assert_int_equal(run(&required_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr, "f.csv:1:C: 不认识的列“说明”：请使用本表的"
	    "模板（shouhu-collect template req）\n");
	table_free(&t);
}

static void
test_header_missing(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 2, "备注", "清单");
	ROW(&t, 3, "x", "一");
	assert_int_equal(run(&required_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr, "f.csv:2: 缺少必填列“名称”：请使用本表的"
	    "模板\n");
	table_free(&t);

	/* a missing column that is not required is no problem */
	table_init(&t);
	ROW(&t, 1, "名称", "清单");
	ROW(&t, 2, "甲", "一");
	assert_int_equal(run(&required_form, &t, 0, NULL), 0);
	table_free(&t);
}

static void
test_header_duplicate(void **state)
{
	struct table t;

	table_init(&t);
	ROW(&t, 1, "名称", "清单", "name");
	ROW(&t, 2, "甲", "一", "乙");
	assert_int_equal(run(&required_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr, "f.csv:1:C(名称): 这一列重复了：A 列已经是"
	    "这一列，请删掉多余的一列\n");
	table_free(&t);
}

static void
test_header_blank_column(void **state)
{
	struct table t;

	/* an empty column without a name (formatting in Excel) is ignored */
	table_init(&t);
	ROW(&t, 1, "名称", "", "清单");
	ROW(&t, 2, "甲", " ", "一");
	assert_int_equal(run(&required_form, &t, 0, NULL), 0);
	table_free(&t);

	table_init(&t);
	ROW(&t, 1, "名称", "", "清单");
	ROW(&t, 2, "甲", "", "一");
	ROW(&t, 3, "甲", "多余", "一");
	assert_int_equal(run(&required_form, &t, 0, NULL), 1);
	assert_string_equal(out.ptr, "f.csv:1:B: 这一列有内容但没有列名：请使用本表"
	    "的模板（shouhu-collect template req）\n");
	table_free(&t);
}

static void
test_empty_table(void **state)
{
	struct table t;
	struct checked c;

	/* the template's header and nothing else: nothing to report */
	table_init(&t);
	ROW(&t, 1, "名称", "清单", "备注");
	assert_int_equal(run(&required_form, &t, 0, &c), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(c.nrows, 0);
	assert_int_equal(c.nfields, 3);
	checked_free(&c);
	table_free(&t);

	/* an empty file */
	table_init(&t);
	assert_int_equal(run(&required_form, &t, 0, &c), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(c.nrows, 0);
	checked_free(&c);
	table_free(&t);

	/* rows of white space only are not rows */
	table_init(&t);
	ROW(&t, 1, "名称", "清单", "备注");
	ROW(&t, 2, " ", "　", "\n");
	assert_int_equal(run(&required_form, &t, 0, &c), 0);
	assert_int_equal(c.nrows, 0);
	checked_free(&c);
	table_free(&t);
}

/* Every problem of a file, header first, then by row and column. */
static void
test_many_problems(void **state)
{
	struct table t;
	struct checked c;
	size_t	 n;

	table_init(&t);
	ROW(&t, 2, "办结日期", "状态", "收集线索(条)", "妥善处置涉稳线索(条)",
	    "开始", "备注", "收集线索(条)");
	ROW(&t, 3, "", "已办结", "5", "6", "", "", "");
	ROW(&t, 5, "2022-04-01", "完成", "-1", "x", "2022-05-01", "", "");
	ROW(&t, 6, "2022-02-30", "核查中", "2", "9", "2022-05-01", "", "");
	ROW(&t, 7, "2022-05-02", "已办结", "9", "2", "2022-05-01", "", "");
	n = run(&rules_form, &t, 0, &c);
	assert_string_equal(out.ptr,
	    "f.csv:2:F: 不认识的列“备注”：请使用本表的模板（shouhu-collect "
	    "template rules）\n"
	    "f.csv:2:G(收集线索(条)): 这一列重复了：C 列已经是这一列，请删掉多余"
	    "的一列\n"
	    "f.csv:3:A(办结日期): 状态 是“已办结”时必须填写\n"
	    "f.csv:3:D(妥善处置涉稳线索(条)): 妥善处置涉稳线索(条) 不能大于 "
	    "收集线索(条)（6 对 5）\n"
	    "f.csv:5:A(办结日期): 办结日期 不能早于 开始（2022-04-01 对 "
	    "2022-05-01）\n"
	    "f.csv:5:B(状态): 不是可选的值：请从下拉列表中选择（可选：核查中、"
	    "已办结）（完成）\n"
	    "f.csv:5:C(收集线索(条)): 不能是负数（-1）\n"
	    "f.csv:5:D(妥善处置涉稳线索(条)): 应当是整数，如 3（x）\n"
	    "f.csv:6:A(办结日期): 没有这一天（2022-02-30）\n"
	    "f.csv:6:D(妥善处置涉稳线索(条)): 妥善处置涉稳线索(条) 不能大于 "
	    "收集线索(条)（9 对 2）\n");
	assert_int_equal(n, 10);
	assert_int_equal(c.nrows, 4);
	checked_free(&c);
	table_free(&t);
}

static void
test_normalised(void **state)
{
	struct table t;
	struct checked c;
	static const enum cell_kind kinds[] = { CELL_NUMBER, CELL_TEXT,
	    CELL_NUMBER, CELL_TEXT, CELL_TEXT, CELL_TEXT };
	const char *const row[] = { "44690", " 1,200.50 ", "12", "ｂ",
	    "1、违法广告\n2、虚假宣传", "+86 138 1234 5678" };
	size_t	 i;

	table_init(&t);
	ROW(&t, 1, "日期", "金额(元)", "数量", "等级", "类别", "电话", "名称");
	add_row(&t, 2, row, kinds, 6);
	ROW(&t, 3, "", "", "", "", "", "", "");
	ROW(&t, 4, "2022/5/9", "", "101", "", "", "", "");
	assert_int_equal(run(&cells_form, &t, 0, &c), 1);
	assert_string_equal(out.ptr, "f.csv:4:C(数量): 不能大于 100（101）\n");
	assert_int_equal(c.nrows, 2);
	assert_int_equal(c.nfields, cells_form.nfields);
	assert_string_equal(c.rows[0][form_field(&cells_form, "d")],
	    "2022-05-09");
	assert_string_equal(c.rows[0][form_field(&cells_form, "m")], "1200.5");
	assert_string_equal(c.rows[0][form_field(&cells_form, "n")], "12");
	assert_string_equal(c.rows[0][form_field(&cells_form, "c")], "B");
	assert_string_equal(c.rows[0][form_field(&cells_form, "lc")],
	    "违法广告\n虚假宣传");
	assert_string_equal(c.rows[0][form_field(&cells_form, "p")],
	    "13812345678");
	/* empty cells and fields without a column are "" */
	assert_string_equal(c.rows[0][form_field(&cells_form, "t")], "");
	assert_string_equal(c.rows[0][form_field(&cells_form, "u")], "");
	/* a cell with a problem keeps its trimmed text */
	assert_string_equal(c.rows[1][form_field(&cells_form, "n")], "101");
	assert_string_equal(c.rows[1][form_field(&cells_form, "d")],
	    "2022-05-09");
	for (i = 0; i < c.nfields; i++)
		assert_non_null(c.rows[1][i]);
	checked_free(&c);
	assert_int_equal(c.nrows, 0);
	assert_null(c.rows);
	checked_free(&c);
	table_free(&t);
}

/*
 * What check_table normalises is what goes into a bundle, where the
 * generator checks it again by field name: it must pass unchanged.
 */
static void
test_normalised_again(void **state)
{
	static const enum cell_kind kinds[] = { CELL_NUMBER, CELL_TEXT,
	    CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT,
	    CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_NUMBER, CELL_TEXT,
	    CELL_TEXT };
	const char *const row[] = { "100", "２", "1,200.505", "2022年5月9日",
	    "ｃ", "上级 转办", "a", "1、一 \r\n2、二", "（1）违法广告",
	    "五个字而已", " 备注\r\n第二行 ", "1.3812345678E10",
	    "11010519491231002x", "91350100m000100y43" };
	const char *header[sizeof(row) / sizeof(row[0])];
	struct table t, t2;
	struct checked c, c2;
	char	**names;
	size_t	 i, n = sizeof(row) / sizeof(row[0]);

	assert_int_equal(cells_form.nfields, n);
	for (i = 0; i < n; i++)
		header[i] = cells_form.fields[i].label;
	table_init(&t);
	add_row(&t, 1, header, NULL, n);
	add_row(&t, 2, row, kinds, n);
	assert_int_equal(run(&cells_form, &t, 0, &c), 0);
	assert_string_equal(c.rows[0][2], "1200.51");
	assert_string_equal(c.rows[0][7], "一\n二");
	assert_string_equal(c.rows[0][10], "备注\n第二行");
	assert_string_equal(c.rows[0][11], "13812345678");
	assert_string_equal(c.rows[0][12], "11010519491231002X");

	names = xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = cells_form.fields[i].name;
	table_init(&t2);
	add_row(&t2, 1, (const char *const *)names, NULL, n);
	add_row(&t2, 2, (const char *const *)c.rows[0], NULL, n);
	assert_int_equal(run(&cells_form, &t2, 0, &c2), 0);
	for (i = 0; i < n; i++)
		assert_string_equal(c2.rows[0][i], c.rows[0][i]);
	free(names);
	checked_free(&c);
	checked_free(&c2);
	table_free(&t);
	table_free(&t2);
}

static void
test_check_date(void **state)
{
	int64_t	 d = 7;

	assert_int_equal(check_date("2022-05-09", &d), 1);
	assert_int_equal(d, 19121);
	assert_int_equal(check_date("2022年5月9日", &d), 1);
	assert_int_equal(d, 19121);
	assert_int_equal(check_date("1970.1.1", &d), 1);
	assert_int_equal(d, 0);
	assert_int_equal(check_date("1969/12/31", &d), 1);
	assert_int_equal(d, -1);
	d = 7;
	assert_int_equal(check_date("2022-02-30", &d), 0);
	assert_int_equal(check_date("2022-5", &d), 0);
	assert_int_equal(check_date("", &d), 0);
	assert_int_equal(d, 7);
}

#define LOST(v)	"这一格被 Excel 存成了数字（" v "），后几位已经丢失：请把这一列" \
	"设成“文本”格式后重新输入\n"

/*
 * A number cell of a text, ID, phone, credit-code or list field: the
 * digits Excel shows, or refused when Excel has lost some of them; E
 * notation text (a CSV saved by Excel) is refused too.
 */
static void
test_excel_number(void **state)
{
	static const char *const text_fields[] = { "备注", "身份证号", "电话",
	    "统一社会信用代码", "清单" };
	char	 want[400];
	size_t	 i;

	for (i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++) {
		snprintf(want, sizeof(want), "f.csv:2:A(%s): " LOST(
		    "1.10101199001011E+17"), text_fields[i]);
		/* LibreOffice, Excel and openpyxl write it so */
		assert_string_equal(number_cell(text_fields[i],
		    "1.10101199001011E+017", 0), want);
		assert_string_equal(number_cell(text_fields[i],
		    "1.1010119900101101E+17", 0), want);
		assert_string_equal(number_cell(text_fields[i],
		    "1.101011990010112e+17", 0), want);
		/* Excel's CSV shows it in a narrow column so */
		snprintf(want, sizeof(want), "f.csv:2:A(%s): " LOST(
		    "1.10101E+17"), text_fields[i]);
		assert_string_equal(cell(text_fields[i], "1.10101E+17"), want);
	}
	assert_string_equal(number_cell("备注", "1234567890123460", 0),
	    "f.csv:2:A(备注): " LOST("1.23456789012346E+15"));
	assert_string_equal(number_cell("统一社会信用代码", "9.11100001E+017",
	    0), "f.csv:2:A(统一社会信用代码): " LOST("9.11100001E+17"));
	assert_string_equal(cell("电话", "1.38123E+10"),
	    "f.csv:2:A(电话): " LOST("1.38123E+10"));
	/* a landline typed as a number loses its 0 */
	assert_string_equal(number_cell("电话", "5371234567", 0),
	    "f.csv:2:A(电话): 这一格被 Excel 存成了数字（5371234567），开头的 0 "
	    "已经丢失：请把这一列设成“文本”格式后重新输入\n");

	/* what can be the digits typed is kept as Excel shows it */
	good_number("电话", "13812345678.0", 0, "13812345678");
	good_number("备注", "2022001", 0, "2022001");
	good_number("备注", "12", 0, "12");
	good_number("备注", "123456789012345", 0, "123456789012345");
	good_number("备注", "0.30000000000000004", 0, "0.3");
	good_number("清单", "1.5e-07", 0, "0.00000015");
	good_number("来源", "1.2345E+4", 0, "12345");
	good("备注", "1e5", "1e5");
	good("备注", "型号 1.5E+3", "型号 1.5E+3");
	/* numeric fields are not affected */
	good_number("金额(元)", "1E+3", 0, "1000");
	good("数量", "1E+2", "100");
	assert_string_equal(number_cell("数量", "1.10101199001011E+017", 0),
	    "f.csv:2:A(数量): 不能大于 100（1.10101199001011E+017）\n");
}

/*
 * A CSV whose cells span lines: rows as Excel numbers them (the header is
 * row 1), not physical lines, and the right column letters.
 */
static void
test_csv_rows(void **state)
{
	static const char csv[] = "名称,清单,数量,备注\n"
	    "甲,\"1、一\n2、二\n3、三\",3,\"两\r\n行\"\n"
	    "乙,\"一\n二\",x,\"三\n行\"\n"
	    "\n"
	    "\"丙\n丁\",,z\n";
	struct table t;
	struct buf err = BUF_INIT;

	assert_int_equal(csv_parse(csv, sizeof(csv) - 1, "bad.csv", &t, NULL,
	    &err), 1);
	buf_clear(&out);
	assert_int_equal(check_table(&cells_form, "bad.csv", &t, 0, NULL, &out),
	    2);
	assert_string_equal(out.ptr,
	    "bad.csv:3:C(数量): 应当是整数，如 3（x）\n"
	    "bad.csv:5:C(数量): 应当是整数，如 3（z）\n");
	table_free(&t);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_int_grouping),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_min),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_date_bad),
		cmocka_unit_test(test_date_no_such_day),
		cmocka_unit_test(test_date_serial),
		cmocka_unit_test(test_date_1904),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_too_long),
		cmocka_unit_test(test_text_too_long),
		cmocka_unit_test(test_value_shown),
		cmocka_unit_test(test_phone_good),
		cmocka_unit_test(test_phone_bad),
		cmocka_unit_test(test_idcard_valid),
		cmocka_unit_test(test_idcard_length),
		cmocka_unit_test(test_idcard_chars),
		cmocka_unit_test(test_idcard_check),
		cmocka_unit_test(test_idcard_birth),
		cmocka_unit_test(test_uscc_valid),
		cmocka_unit_test(test_uscc_length),
		cmocka_unit_test(test_uscc_chars),
		cmocka_unit_test(test_uscc_check),
		cmocka_unit_test(test_rule_le),
		cmocka_unit_test(test_rule_sum),
		cmocka_unit_test(test_rule_required_if),
		cmocka_unit_test(test_rule_after),
		cmocka_unit_test(test_header_by_label_and_name),
		cmocka_unit_test(test_header_star),
		cmocka_unit_test(test_header_unknown),
		cmocka_unit_test(test_header_missing),
		cmocka_unit_test(test_header_duplicate),
		cmocka_unit_test(test_header_blank_column),
		cmocka_unit_test(test_empty_table),
		cmocka_unit_test(test_many_problems),
		cmocka_unit_test(test_normalised),
		cmocka_unit_test(test_normalised_again),
		cmocka_unit_test(test_check_date),
		cmocka_unit_test(test_excel_number),
		cmocka_unit_test(test_csv_rows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
