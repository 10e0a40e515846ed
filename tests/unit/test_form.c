#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "forms/form.h"

struct want_field {
	const char	*name;
	const char	*label;
	enum field_type	 type;
	int		 required;
	int		 public;
	enum field_mask	 mask;
	size_t		 nchoices;
};

/* What the forms in collector/forms/ must define, field by field. */
static const struct want_field campaign_stats_fields[] = {
	{ "police_letters", "接收公安提示函", FT_INT, 1, 1, FM_NONE, 0 },
	{ "procuratorate_suggestions", "接收检察建议书", FT_INT, 1, 1, FM_NONE, 0 },
	{ "court_suggestions", "接收司法建议书", FT_INT, 1, 1, FM_NONE, 0 },
	{ "supervision_suggestions", "接收监察建议书", FT_INT, 1, 1, FM_NONE, 0 },
	{ "clues_collected", "收集线索(条)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "clues_handled", "妥善处置涉稳线索(条)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "incidents_defused", "防范化解群体性事件(起)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "local_regulations", "制订或打算制订的地方性法规(个)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "government_rules", "制订或打算制订的政府规章(个)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "normative_documents", "制订或打算制订的规范性文件(个)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "industry_standards", "制订或打算制订的行业标准规范(个)", FT_INT, 1, 1, FM_NONE, 0 },
	{ "key_areas", "摸排梳理的涉养老诈骗重点地区", FT_LIST, 0, 0, FM_NONE, 0 },
	{ "key_areas_doing", "重点地区正在整治(个)", FT_INT, 0, 0, FM_NONE, 0 },
	{ "key_areas_done", "重点地区整治完成(个)", FT_INT, 0, 0, FM_NONE, 0 },
};
static const struct want_field case_disclosure_fields[] = {
	{ "title", "标题", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "scheme", "套路类型", FT_CHOICE, 1, 1, FM_NONE, 7 },
	{ "party", "当事人", FT_TEXT, 1, 1, FM_PARTY, 0 },
	{ "party_type", "当事人类型", FT_CHOICE, 1, 1, FM_NONE, 2 },
	{ "facts", "违法事实", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "basis", "处罚依据", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "penalty", "处罚结果", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "decision_no", "决定书文号", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "authority", "决定机关", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "decision_date", "决定日期", FT_DATE, 1, 1, FM_NONE, 0 },
	{ "recovered", "挽回损失(元)", FT_DECIMAL, 0, 1, FM_NONE, 0 },
	{ "victims", "受害老人数", FT_INT, 0, 1, FM_NONE, 0 },
	{ "reviewer", "审核人", FT_TEXT, 0, 0, FM_NAME, 0 },
	{ "approval", "公开审核", FT_CHOICE, 1, 1, FM_NONE, 2 },
};
static const struct want_field case_progress_fields[] = {
	{ "clue_id", "线索编号", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "status", "状态", FT_CHOICE, 1, 1, FM_NONE, 5 },
	{ "closed_date", "办结日期", FT_DATE, 0, 1, FM_NONE, 0 },
	{ "result", "处理结果", FT_TEXT, 0, 0, FM_NONE, 0 },
	{ "recovered", "挽回损失(元)", FT_DECIMAL, 0, 1, FM_NONE, 0 },
	{ "elderly", "涉及老年人数", FT_INT, 0, 1, FM_NONE, 0 },
	{ "decision_no", "处罚决定书文号", FT_TEXT, 0, 0, FM_NONE, 0 },
};
static const struct want_field case_source_fields[] = {
	{ "clue_id", "线索编号", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "registered_date", "登记日期", FT_DATE, 1, 1, FM_NONE, 0 },
	{ "source", "来源", FT_CHOICE, 1, 1, FM_NONE, 8 },
	{ "domain", "领域", FT_CHOICE, 1, 1, FM_NONE, 8 },
	{ "subject", "被反映对象", FT_TEXT, 1, 0, FM_PARTY, 0 },
	{ "content", "线索内容", FT_TEXT, 1, 0, FM_NONE, 0 },
	{ "informant_name", "举报人姓名", FT_TEXT, 0, 0, FM_NAME, 0 },
	{ "informant_phone", "举报人电话", FT_TEXT, 0, 0, FM_PHONE, 0 },
	{ "handling_unit", "承办单位", FT_TEXT, 1, 0, FM_NONE, 0 },
	{ "handler", "承办人", FT_TEXT, 0, 0, FM_NAME, 0 },
};
static const struct want_field hazard_ledger_fields[] = {
	{ "department", "主管部门", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "domain", "领域", FT_CHOICE, 1, 1, FM_NONE, 8 },
	{ "focus", "排查重点", FT_CHOICE, 1, 1, FM_NONE, 5 },
	{ "date", "排查时间", FT_DATE, 1, 1, FM_NONE, 0 },
	{ "method", "排查方式", FT_CHOICE, 1, 1, FM_NONE, 2 },
	{ "hazards", "存在风险隐患", FT_LIST, 1, 0, FM_NONE, 0 },
	{ "grade", "等级", FT_CHOICE, 1, 1, FM_NONE, 3 },
	{ "handling", "处理情况", FT_LIST, 1, 0, FM_NONE, 0 },
	{ "status", "整治状态", FT_CHOICE, 1, 1, FM_NONE, 2 },
	{ "town", "涉及镇街", FT_TEXT, 0, 1, FM_NONE, 0 },
	{ "subject", "检查单位", FT_TEXT, 0, 0, FM_PARTY, 0 },
};
static const struct want_field institution_risk_fields[] = {
	{ "name", "机构名称", FT_TEXT, 1, 0, FM_PARTY, 0 },
	{ "uscc", "统一社会信用代码", FT_TEXT, 0, 0, FM_CODE, 0 },
	{ "authority", "主管单位", FT_TEXT, 1, 1, FM_NONE, 0 },
	{ "registration", "登记状态", FT_CHOICE, 1, 1, FM_NONE, 2 },
	{ "residents", "收住老人数", FT_INT, 1, 1, FM_NONE, 0 },
	{ "prepaid", "预收费金额(元)", FT_DECIMAL, 1, 1, FM_NONE, 0 },
	{ "assessment", "风险研判", FT_TEXT, 1, 0, FM_NONE, 0 },
	{ "level", "风险等级", FT_CHOICE, 1, 1, FM_NONE, 4 },
	{ "measures", "处置措施", FT_LIST, 0, 0, FM_NONE, 0 },
};

struct want_form {
	const char		*id;
	const char		*title;
	const char		*period;
	const struct want_field	*fields;
	size_t			 nfields;
	size_t			 nrules;
};

#define FORM(id, title, period, nrules) \
	{ #id, title, period, id##_fields, \
	    sizeof(id##_fields) / sizeof(id##_fields[0]), nrules }

/* In order of id, as form_at returns them. */
static const struct want_form want_forms[] = {
	FORM(campaign_stats, "进展战果统计表", "week", 1),
	FORM(case_disclosure, "典型案例", "month", 1),
	FORM(case_progress, "案件查办进度表", "week", 1),
	FORM(case_source, "案件来源登记表", "week", 0),
	FORM(hazard_ledger, "风险隐患排查化解台账", "week", 0),
	FORM(institution_risk, "养老机构风险管控名单", "month", 4),
};

#define NFORMS	(sizeof(want_forms) / sizeof(want_forms[0]))

static void
test_builtin_forms(void **state)
{
	const struct form *f;
	const struct field *fd;
	const struct want_form *w;
	size_t	 i, j;

	assert_int_equal(form_count(), NFORMS);
	assert_int_equal(form_nsources, NFORMS);
	for (i = 0; i < NFORMS; i++) {
		w = &want_forms[i];
		f = form_at(i);
		assert_non_null(f);
		assert_ptr_equal(form_find(w->id), f);
		assert_string_equal(f->id, w->id);
		assert_string_equal(f->title, w->title);
		assert_string_equal(f->period, w->period);
		/* campaign_stats 2 counts 附件1 item 9's key areas by status */
		assert_int_equal(f->version, strcmp(f->id, "campaign_stats") ==
		    0 ? 2 : 1);
		assert_non_null(f->help);
		assert_int_equal(f->nfields, w->nfields);
		assert_int_equal(f->nrules, w->nrules);
		for (j = 0; j < f->nfields; j++) {
			fd = &f->fields[j];
			assert_string_equal(fd->name, w->fields[j].name);
			assert_string_equal(fd->label, w->fields[j].label);
			assert_int_equal(fd->type, w->fields[j].type);
			assert_int_equal(fd->required, w->fields[j].required);
			assert_int_equal(fd->public, w->fields[j].public);
			assert_int_equal(fd->mask, w->fields[j].mask);
			assert_int_equal(fd->nchoices, w->fields[j].nchoices);
			/* every field explains itself on the template */
			assert_non_null(fd->help);
			assert_int_equal(form_field(f, fd->name), (int)j);
		}
	}
	assert_null(form_at(NFORMS));
	assert_null(form_find("nothing"));
	assert_null(form_find(""));
}

static void
assert_choices(const struct field *fd, const char *const *want, size_t n)
{
	size_t	 i;

	assert_int_equal(fd->nchoices, n);
	for (i = 0; i < n; i++)
		assert_string_equal(fd->choices[i], want[i]);
}

static void
test_builtin_choices(void **state)
{
	static const char *const domains[] = { "网络空间",
	    "养老服务机构/场所", "养老设施用地变相开发房地产",
	    "以养老名义销售商品房", "涉老旅游及艺术品", "涉老健康医疗",
	    "涉老食品保健品", "涉老非法集资" };
	static const char *const focus[] = { "虚假宣传", "违法广告",
	    "制售假冒伪劣商品", "无照经营", "其他违法经营" };
	static const char *const grades[] = { "A", "B", "C" };
	static const char *const sources[] = { "投诉举报", "12345", "12315",
	    "12337", "部门移送", "监督抽查", "上级转办", "其他" };
	static const char *const statuses[] = { "核查中", "已立案",
	    "已移送公安", "已办结", "不予立案" };
	static const char *const levels[] = { "绿", "黄", "橙", "红" };
	static const char *const approval[] = { "待审核", "已批准" };
	const struct form *f;

	f = form_find("hazard_ledger");
	assert_choices(&f->fields[form_field(f, "domain")], domains, 8);
	assert_choices(&f->fields[form_field(f, "focus")], focus, 5);
	assert_choices(&f->fields[form_field(f, "grade")], grades, 3);
	f = form_find("case_source");
	assert_choices(&f->fields[form_field(f, "domain")], domains, 8);
	assert_choices(&f->fields[form_field(f, "source")], sources, 8);
	assert_int_equal(f->fields[form_field(f, "informant_phone")].check,
	    FC_PHONE);
	f = form_find("case_progress");
	assert_choices(&f->fields[form_field(f, "status")], statuses, 5);
	assert_int_equal(f->rules[0].kind, RULE_REQUIRED_IF);
	assert_int_equal(f->rules[0].fields[0], form_field(f, "closed_date"));
	assert_int_equal(f->rules[0].fields[1], form_field(f, "status"));
	assert_string_equal(f->rules[0].value, "已办结");
	f = form_find("institution_risk");
	assert_choices(&f->fields[form_field(f, "level")], levels, 4);
	assert_int_equal(f->fields[form_field(f, "uscc")].check, FC_USCC);
	f = form_find("case_disclosure");
	assert_choices(&f->fields[form_field(f, "approval")], approval, 2);
	f = form_find("campaign_stats");
	assert_int_equal(f->rules[0].kind, RULE_LE);
	assert_int_equal(f->rules[0].nfields, 2);
	assert_int_equal(f->rules[0].fields[0],
	    form_field(f, "clues_handled"));
	assert_int_equal(f->rules[0].fields[1],
	    form_field(f, "clues_collected"));
}

/* No private field of the built-in forms is ever marked public. */
static void
test_builtin_privacy(void **state)
{
	static const char *const private[][2] = {
		{ "hazard_ledger", "subject" },
		{ "hazard_ledger", "hazards" },
		{ "case_source", "informant_name" },
		{ "case_source", "informant_phone" },
		{ "case_source", "handler" },
		{ "case_source", "subject" },
		{ "case_source", "content" },
		{ "case_progress", "result" },
		{ "institution_risk", "name" },
		{ "institution_risk", "uscc" },
		{ "case_disclosure", "reviewer" },
	};
	const struct form *f;
	size_t	 i;
	int	 fi;

	for (i = 0; i < sizeof(private) / sizeof(private[0]); i++) {
		assert_non_null(f = form_find(private[i][0]));
		assert_true((fi = form_field(f, private[i][1])) >= 0);
		assert_int_equal(f->fields[fi].public, 0);
	}
}

static void
test_load_fields(void **state)
{
	static const char src[] =
	    "return { id = \"t\", title = \"测试\", version = 2, period = \"month\",\n"
	    "  help = \"说明\",\n"
	    "  fields = {\n"
	    "    { name = \"a\", label = \"甲\", type = \"int\", required = true,\n"
	    "      max = 10, min = 1, public = true, width = 12, help = \"写 3\" },\n"
	    "    { name = \"b\", label = \"乙(个)\", type = \"decimal\", max = 2.5 },\n"
	    "    { name = \"s\", label = \"状态\", type = \"choice\",\n"
	    "      choices = { \"是\", \"否\" } },\n"
	    "    { name = \"p\", label = \"电话\", type = \"text\", check = \"phone\",\n"
	    "      mask = \"phone\", max = 20 },\n"
	    "    { name = \"d1\", label = \"开始\", type = \"date\" },\n"
	    "    { name = \"d2\", label = \"结束\", type = \"date\" },\n"
	    "    { name = \"l\", label = \"清单\", type = \"list\",\n"
	    "      choices = { \"x\" } },\n"
	    "  },\n"
	    "  rules = { { \"le\", \"a\", \"b\" }, { \"sum\", \"b\", \"a\", \"a\" },\n"
	    "    { \"required_if\", \"p\", \"s\", \"是\" }, { \"after\", \"d2\", \"d1\" } },\n"
	    "}\n";
	static const char src2[] =
	    "return { id = \"t\", title = \"测试\", version = 2, period = \"month\",\n"
	    "  help = \"说明\",\n"
	    "  fields = {\n"
	    "    { name = \"a\", label = \"甲\", type = \"int\", required = true,\n"
	    "      max = 10, min = 1, public = true, width = 12, help = \"写 3\" },\n"
	    "    { name = \"b\", label = \"乙(个)\", type = \"decimal\", max = 2.5 },\n"
	    "    { name = \"c\", label = \"丙\", type = \"int\" },\n"
	    "    { name = \"s\", label = \"状态\", type = \"choice\",\n"
	    "      choices = { \"是\", \"否\" } },\n"
	    "    { name = \"p\", label = \"电话\", type = \"text\", check = \"phone\",\n"
	    "      mask = \"phone\", max = 20 },\n"
	    "    { name = \"d1\", label = \"开始\", type = \"date\" },\n"
	    "    { name = \"d2\", label = \"结束\", type = \"date\" },\n"
	    "    { name = \"l\", label = \"清单\", type = \"list\",\n"
	    "      choices = { \"x\" } },\n"
	    "  },\n"
	    "  rules = { { \"le\", \"a\", \"b\" }, { \"sum\", \"b\", \"a\", \"c\" },\n"
	    "    { \"required_if\", \"p\", \"s\", \"是\" }, { \"after\", \"d2\", \"d1\" } },\n"
	    "}\n";
	struct form f;
	struct buf err = BUF_INIT;
	const struct field *fd;

	/* the same field twice in one rule */
	assert_int_equal(form_load(src, strlen(src), "t.lua", &f, &err), 0);
	assert_string_equal(err.ptr, "collector/forms/t.lua: 第 2 条规则（sum）"
	    "两次用到字段 a");
	assert_null(f.fields);
	buf_clear(&err);

	assert_int_equal(form_load(src2, strlen(src2), "t.lua", &f, &err), 1);
	assert_string_equal(err.ptr, "");
	assert_string_equal(f.id, "t");
	assert_string_equal(f.title, "测试");
	assert_int_equal(f.version, 2);
	assert_string_equal(f.period, "month");
	assert_string_equal(f.help, "说明");
	assert_int_equal(f.nfields, 8);
	fd = &f.fields[0];
	assert_string_equal(fd->name, "a");
	assert_string_equal(fd->label, "甲");
	assert_int_equal(fd->type, FT_INT);
	assert_int_equal(fd->required, 1);
	assert_true(fd->max == 10);
	assert_true(fd->min == 1);
	assert_int_equal(fd->public, 1);
	assert_int_equal(fd->width, 12);
	assert_string_equal(fd->help, "写 3");
	fd = &f.fields[1];
	assert_int_equal(fd->type, FT_DECIMAL);
	assert_true(fd->max == 2.5);
	assert_true(fd->min == 0);
	assert_int_equal(fd->required, 0);
	assert_int_equal(fd->public, 0);
	assert_int_equal(fd->width, 0);
	assert_null(fd->help);
	fd = &f.fields[3];
	assert_int_equal(fd->type, FT_CHOICE);
	assert_int_equal(fd->nchoices, 2);
	assert_string_equal(fd->choices[0], "是");
	assert_string_equal(fd->choices[1], "否");
	fd = &f.fields[4];
	assert_int_equal(fd->check, FC_PHONE);
	assert_int_equal(fd->mask, FM_PHONE);
	assert_int_equal(f.fields[7].type, FT_LIST);
	assert_int_equal(f.fields[7].nchoices, 1);
	assert_int_equal(f.nrules, 4);
	assert_int_equal(f.rules[0].kind, RULE_LE);
	assert_int_equal(f.rules[0].nfields, 2);
	assert_int_equal(f.rules[0].fields[0], 0);
	assert_int_equal(f.rules[0].fields[1], 1);
	assert_int_equal(f.rules[1].kind, RULE_SUM);
	assert_int_equal(f.rules[1].nfields, 3);
	assert_int_equal(f.rules[1].fields[2], 2);
	assert_int_equal(f.rules[2].kind, RULE_REQUIRED_IF);
	assert_int_equal(f.rules[2].nfields, 2);
	assert_int_equal(f.rules[2].fields[0], 4);
	assert_int_equal(f.rules[2].fields[1], 3);
	assert_string_equal(f.rules[2].value, "是");
	assert_int_equal(f.rules[3].kind, RULE_AFTER);
	assert_null(f.rules[0].value);
	assert_int_equal(form_field(&f, "d2"), 6);
	assert_int_equal(form_field(&f, "D2"), -1);
	assert_int_equal(form_field(&f, "结束"), -1);
	form_free(&f);
	assert_null(f.fields);
	assert_int_equal(f.nfields, 0);
	form_free(&f);
	buf_free(&err);
}

/* Loads src as collector/forms/t.lua and expects it to fail with want. */
static void
load_bad(const char *src, const char *want)
{
	struct form f;
	struct buf err = BUF_INIT;

	memset(&f, 0x5a, sizeof(f));
	assert_int_equal(form_load(src, strlen(src), "t.lua", &f, &err), 0);
	assert_string_equal(err.ptr, want);
	/* nothing is left to free */
	assert_null(f.id);
	assert_null(f.fields);
	assert_int_equal(f.nfields, 0);
	assert_null(f.rules);
	buf_free(&err);
}

#define FORM_HEAD "return { id = \"t\", title = \"T\", version = 1, period = \"week\", "
#define ONE_FIELD "fields = { { name = \"a\", label = \"甲\", type = \"int\" } }"
#define E "collector/forms/t.lua: "

/* Lua errors: syntax, run time, no libraries, binary chunks, limits. */
static void
test_bad_lua(void **state)
{
	static const char binary[] = "\x1bLua\x54\x00";

	load_bad("return {\n", "collector/forms/t.lua:2: unexpected symbol "
	    "near <eof>");
	load_bad("return x.y", "collector/forms/t.lua:1: attempt to index a "
	    "nil value (global 'x')");
	load_bad(FORM_HEAD "fields = { { name = string.rep(\"a\", 2) } } }",
	    "collector/forms/t.lua:1: attempt to index a nil value (global "
	    "'string')");
	load_bad("os.exit(3)", "collector/forms/t.lua:1: attempt to index a "
	    "nil value (global 'os')");
	load_bad("while true do end", "collector/forms/t.lua:1: 运行时间太长："
	    "表单定义应当只是一个表");
	load_bad("local s = \"x\"\nwhile true do s = s .. s end",
	    E "内存不够了：表单定义用了太多内存");
	load_bad(binary, "collector/forms/t.lua: attempt to load a binary "
	    "chunk (mode is 't')");
	load_bad("return 1", E "应当返回一个表：return { id = …, title = …, "
	    "fields = { … } }");
	load_bad("", E "应当返回一个表：return { id = …, title = …, "
	    "fields = { … } }");
}

static void
test_bad_form_keys(void **state)
{
	load_bad(FORM_HEAD ONE_FIELD ", colour = 1 }",
	    E "表单里有不认识的键“colour”");
	load_bad(FORM_HEAD ONE_FIELD ", \"x\" }",
	    E "表单里有不是名字的键（如 [1] = …）：每一项都应当写成 名字 = 值");
	load_bad("return { title = \"T\", version = 1, period = \"week\", "
	    ONE_FIELD " }", E "表单缺少 id");
	load_bad("return { id = 7, title = \"T\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 id 应当是文字（加引号）");
	load_bad("return { id = \"T\", title = \"T\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 id “T”不对：应当由小写英文"
	    "字母、数字和下划线组成，以字母开头");
	load_bad("return { id = \"u\", title = \"T\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 id “u”应当与文件名一致");
	load_bad("return { id = \"t\", version = 1, period = \"week\", "
	    ONE_FIELD " }", E "表单缺少 title");
	load_bad("return { id = \"t\", title = \"T\\n\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 title 应当是不空的一行文字"
	    "（UTF-8，不含换行等控制字符）");
	load_bad("return { id = \"t\", title = \"\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 title 应当是不空的一行文字"
	    "（UTF-8，不含换行等控制字符）");
	load_bad("return { id = \"t\", title = \"\\xff\", version = 1, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 title 应当是不空的一行文字"
	    "（UTF-8，不含换行等控制字符）");
	load_bad("return { id = \"t\", title = \"T\", version = 1.5, period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 version 应当是正整数，如 1");
	load_bad("return { id = \"t\", title = \"T\", period = \"week\", "
	    ONE_FIELD " }", E "表单的 version 应当是正整数，如 1");
	load_bad("return { id = \"t\", title = \"T\", version = \"1\", period = "
	    "\"week\", " ONE_FIELD " }", E "表单的 version 应当是数字");
	load_bad("return { id = \"t\", title = \"T\", version = 1, period = "
	    "\"day\", " ONE_FIELD " }", E "表单的 period “day”不对：应当是 week "
	    "或 month");
	load_bad("return { id = \"t\", title = \"T\", version = 1, " ONE_FIELD
	    " }", E "表单缺少 period");
	load_bad("return { id = \"t\", title = \"T\", version = 1, period = "
	    "\"week\", help = true, " ONE_FIELD " }", E "表单的 help 应当是文字"
	    "（加引号）");
}

static void
test_bad_fields(void **state)
{
	static const char fields_msg[] = E "表单的 fields 应当是不空的字段列表："
	    "fields = { { name = …, label = …, type = … }, … }";

	load_bad(FORM_HEAD "}", fields_msg);
	load_bad(FORM_HEAD "fields = { } }", fields_msg);
	load_bad(FORM_HEAD "fields = \"a\" }", fields_msg);
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, x = 1 } }", fields_msg);
	load_bad(FORM_HEAD "fields = { \"a\" } }", E "第 1 个字段应当是一个表："
	    "{ name = …, label = …, type = … }");
	load_bad(FORM_HEAD "fields = { { label = \"甲\", type = \"int\" } } }",
	    E "第 1 个字段缺少 name");
	load_bad(FORM_HEAD "fields = { { name = \"数量\", label = \"甲\", "
	    "type = \"int\" } } }", E "第 1 个字段（数量）的名字不对：应当由小写"
	    "英文字母、数字和下划线组成，以字母开头，最多 63 个字符");
	load_bad(FORM_HEAD "fields = { { name = \"Count\", label = \"甲\", "
	    "type = \"int\" } } }", E "第 1 个字段（Count）的名字不对：应当由小写"
	    "英文字母、数字和下划线组成，以字母开头，最多 63 个字符");
	load_bad(FORM_HEAD "fields = { { name = \"_a\", label = \"甲\", "
	    "type = \"int\" } } }", E "第 1 个字段（_a）的名字不对：应当由小写"
	    "英文字母、数字和下划线组成，以字母开头，最多 63 个字符");
	load_bad(FORM_HEAD "fields = { { name = \"rowid\", label = \"甲\", "
	    "type = \"int\" } } }", E "第 1 个字段（rowid）的名字是 SQLite 保留"
	    "的，请换一个");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", lable = \"x\" } } }", E "第 1 个字段（a）里有不认识"
	    "的键“lable”");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", [1] = 2 } } }", E "第 1 个字段（a）里有不是名字的键"
	    "（如 [1] = …）：每一项都应当写成 名字 = 值");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"a\", label = \"乙\", type = \"int\" } "
	    "} }", E "第 2 个字段（a）的名字重复了：第 1 个字段也叫 a");
	load_bad(FORM_HEAD "fields = { { name = \"a\", type = \"int\" } } }",
	    E "第 1 个字段（a）缺少 label");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"b\", label = \"甲\", type = \"int\" } "
	    "} }", E "第 2 个字段（b）的 label “甲”重复了：第 1 个字段也用它");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"b\", "
	    "type = \"int\" }, { name = \"b\", label = \"乙\", type = \"int\" } "
	    "} }", E "第 2 个字段（b）和第 1 个字段的名字与 label 相同，无法从表头"
	    "分辨");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲*\", "
	    "type = \"int\" } } }", E "第 1 个字段（a）的 label 不对：最多 64 个"
	    "字，不能以 * 结尾（模板用 * 标出必填列）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\" } } }",
	    E "第 1 个字段（a）缺少 type");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"string\" } } }", E "第 1 个字段（a）的 type “string”不对："
	    "应当是 text、int、decimal、date、choice 或 list");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", required = \"yes\" } } }", E "第 1 个字段（a）的 "
	    "required 应当是 true 或 false");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", public = 1 } } }", E "第 1 个字段（a）的 public 应当"
	    "是 true 或 false");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", width = 0 } } }", E "第 1 个字段（a）的 width 应当是 "
	    "1 到 255 的整数");
}

static void
test_bad_choices(void **state)
{
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\" } } }", E "第 1 个字段（a）是 choice 类型，必须有 "
	    "choices（可选的值）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", choices = { \"1\" } } } }", E "第 1 个字段（a）："
	    "choices 只能用于 choice 和 list 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", choices = { } } } }", E "第 1 个字段（a）的 choices "
	    "应当是不空的文字列表，如 { \"是\", \"否\" }（最多 200 项）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", choices = { \"是\", \"是\" } } } }",
	    E "第 1 个字段（a）的可选值“是”重复了");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", choices = { \"是\", 2 } } } }", E "第 1 个字段"
	    "（a）的第 2 个可选值应当是不空的一行文字（加引号，前后没有空格）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", choices = { \" 是\" } } } }", E "第 1 个字段"
	    "（a）的第 1 个可选值应当是不空的一行文字（加引号，前后没有空格）");
}

/*
 * towns = true marks a text field that holds a town (the template's
 * drop-down of the county's towns): hazard_ledger's town only.
 */
static void
test_towns(void **state)
{
	const struct form *f;
	size_t	 i, j, n = 0;

	(void)state;
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		for (j = 0; j < f->nfields; j++)
			if (f->fields[j].towns) {
				assert_string_equal(f->id, "hazard_ledger");
				assert_string_equal(f->fields[j].name, "town");
				n++;
			}
	}
	assert_int_equal(n, 1);
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", choices = { \"是\" }, towns = true } } }",
	    E "第 1 个字段（a）：towns 只能用于 text 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", towns = \"yes\" } } }", E "第 1 个字段（a）的 "
	    "towns 应当是 true 或 false");
}

/* Only approved disclosures are published: publish_if. */
static void
test_publish_if(void **state)
{
	const struct form *f = form_find("case_disclosure");

	(void)state;
	assert_int_equal(f->publish_if, form_field(f, "approval"));
	assert_string_equal(f->publish_if_value, "已批准");
	assert_int_equal(form_find("hazard_ledger")->publish_if, -1);
	load_bad(FORM_HEAD ONE_FIELD ", publish_if = \"a\" }",
	    E "表单的 publish_if 应当写成 { \"字段名\", \"值\" }，如 "
	    "publish_if = { \"approval\", \"已批准\" }");
	load_bad(FORM_HEAD ONE_FIELD ", publish_if = { \"a\", \"1\" } }",
	    E "表单的 publish_if 说的 a 不是本表单公开的选择（choice）字段");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"choice\", public = true, choices = { \"是\" } } }, "
	    "publish_if = { \"a\", \"否\" } }",
	    E "表单的 publish_if 说的“否”不是 a 的可选值");
}

/* A person's name is masked, a company's is not: mask_if. */
static void
test_mask_if_shipped(void **state)
{
	const struct form *f = form_find("case_disclosure");
	int		 party, type;

	(void)state;
	assert_non_null(f);
	party = form_field(f, "party");
	type = form_field(f, "party_type");
	assert_true(party >= 0 && type >= 0);
	assert_int_equal(f->fields[party].mask_if, type);
	assert_string_equal(f->fields[party].mask_if_value, "个人");
	assert_int_equal(f->fields[type].mask_if, -1);
}

static void
test_bad_check_mask_max(void **state)
{
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", check = \"email\" } } }", E "第 1 个字段（a）的 "
	    "check “email”不对：应当是 phone、idcard 或 uscc");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", check = \"phone\" } } }", E "第 1 个字段（a）："
	    "check 只能用于 text 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", mask = \"face\" } } }", E "第 1 个字段（a）的 mask "
	    "“face”不对：应当是 name、phone、idcard、bankcard、address、party 或 code");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", mask = \"name\" } } }", E "第 1 个字段（a）：mask "
	    "只能用于 text 和 list 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", mask_if = { \"b\", \"x\" } } } }",
	    E "第 1 个字段（a）：mask_if 要和 mask 一起用");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", mask = \"name\", mask_if = \"b\" } } }",
	    E "第 1 个字段（a）的 mask_if 应当写成 { \"字段名\", \"值\" }，如 "
	    "mask_if = { \"party_type\", \"个人\" }");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", mask = \"name\", mask_if = { \"b\", \"x\" } },"
	    " { name = \"b\", label = \"乙\", type = \"text\" } } }",
	    E "字段 a 的 mask_if 说的 b 不是本表单的另一个选择（choice）字段");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", mask = \"name\", mask_if = { \"b\", \"x\" } },"
	    " { name = \"b\", label = \"乙\", type = \"choice\", "
	    "choices = { \"y\" } } } }",
	    E "字段 a 的 mask_if 说的“x”不是 b 的可选值");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"date\", max = 3 } } }", E "第 1 个字段（a）：max 只能用于 "
	    "text、list、int 和 decimal 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", max = 2.5 } } }", E "第 1 个字段（a）的 max 应当是"
	    "不小于 0 的整数");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"decimal\", max = -1 } } }", E "第 1 个字段（a）的 max 应当"
	    "是不小于 0 的数");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", max = \"3\" } } }", E "第 1 个字段（a）的 max 应当是"
	    "数字");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\", max = 3, min = 5 } } }", E "第 1 个字段（a）的 min "
	    "不对：应当是整数，且不大于 max");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"text\", min = 1 } } }", E "第 1 个字段（a）：min 只能用于 "
	    "int 和 decimal 类型");
}

static void
test_bad_rules(void **state)
{
	load_bad(FORM_HEAD ONE_FIELD ", rules = 3 }", E "表单的 rules 应当是"
	    "规则的列表：rules = { { \"le\", \"a\", \"b\" }, … }");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { \"le\" } }", E "第 1 条规则"
	    "应当是一个列表，如 { \"le\", \"a\", \"b\" }");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { { } } }", E "第 1 条规则"
	    "应当是一个列表，如 { \"le\", \"a\", \"b\" }");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { { \"lt\", \"a\", \"a\" } } }",
	    E "第 1 条规则的种类“lt”不对：应当是 le、sum、required_if 或 after");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { { \"le\", \"a\", \"b\" } } }",
	    E "第 1 条规则（le）用到的字段 b 不存在");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { { \"le\", \"a\" } } }",
	    E "第 1 条规则（le）的写法不对：应当是 { \"le\", a, b }");
	load_bad(FORM_HEAD ONE_FIELD ", rules = { { \"le\", \"a\", 2 } } }",
	    E "第 1 条规则（le）的第 3 项应当是字段名（加引号）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"b\", label = \"乙\", type = \"text\" } "
	    "}, rules = { { \"le\", \"a\", \"b\" } } }", E "第 1 条规则（le）用到"
	    "的字段 b 不是数字（int 或 decimal）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"b\", label = \"乙\", type = \"int\" } "
	    "}, rules = { { \"le\", \"a\", \"a\" } } }", E "第 1 条规则（le）两次"
	    "用到字段 a");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"b\", label = \"乙\", type = \"int\" } "
	    "}, rules = { { \"sum\", \"a\", \"b\" } } }", E "第 1 条规则（sum）的"
	    "写法不对：应当是 { \"sum\", 合计, 分项1, 分项2, … }");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"b\", label = \"乙\", type = \"int\" } "
	    "}, rules = { { \"after\", \"a\", \"b\" } } }", E "第 1 条规则（after）"
	    "用到的字段 a 不是日期（date）");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"s\", label = \"乙\", type = \"text\" } "
	    "}, rules = { { \"required_if\", \"a\", \"s\", \"否\" } } }",
	    E "第 1 条规则（required_if）的条件字段 s 应当是 choice 类型");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"s\", label = \"乙\", type = \"choice\", "
	    "choices = { \"是\" } } }, rules = { { \"required_if\", \"a\", \"s\", "
	    "\"否\" } } }", E "第 1 条规则（required_if）的值“否”不是字段 s 的"
	    "可选值");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"s\", label = \"乙\", type = \"choice\", "
	    "choices = { \"是\" } } }, rules = { { \"required_if\", \"a\", \"s\" "
	    "} } }", E "第 1 条规则（required_if）的写法不对：应当是 "
	    "{ \"required_if\", f, g, 值 }");
	load_bad(FORM_HEAD "fields = { { name = \"a\", label = \"甲\", "
	    "type = \"int\" }, { name = \"s\", label = \"乙\", type = \"choice\", "
	    "choices = { \"是\" } } }, rules = { { \"required_if\", \"a\", \"s\", "
	    "1 } } }", E "第 1 条规则（required_if）的第 4 项应当是文字（加引号）");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_forms),
		cmocka_unit_test(test_builtin_choices),
		cmocka_unit_test(test_builtin_privacy),
		cmocka_unit_test(test_load_fields),
		cmocka_unit_test(test_bad_lua),
		cmocka_unit_test(test_bad_form_keys),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_bad_choices),
		cmocka_unit_test(test_bad_check_mask_max),
		cmocka_unit_test(test_mask_if_shipped),
		cmocka_unit_test(test_publish_if),
		cmocka_unit_test(test_towns),
		cmocka_unit_test(test_bad_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
