#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "forms/form.h"
#include "forms/form_impl.h"
#include "lib/util.h"


struct limit {
	size_t	 used;
};

static const char *const type_names[] = {
	"text", "int", "decimal", "date", "choice", "list", NULL
};
static const char *const check_names[] = {
	"", "phone", "idcard", "uscc", NULL
};
static const char *const mask_names[] = {
	"", "name", "phone", "idcard", "bankcard", "address", "party", "code",
	NULL
};
static const char *const rule_names[] = {
	"le", "sum", "required_if", "after", NULL
};
static const char *const form_keys[] = {
	"id", "title", "version", "period", "help", "fields", "rules",
	"publish_if", NULL
};
static const char *const field_keys[] = {
	"name", "label", "type", "required", "choices", "max", "min", "check",
	"public", "mask", "mask_if", "help", "width", "towns", NULL
};

static void *
limited_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
	struct limit *lim = ud;
	void	*q;

	if (p == NULL)
		osize = 0;
	if (nsize == 0) {
		free(p);
		lim->used -= osize;
		return NULL;
	}
	if (nsize > osize && nsize - osize > FORM_MAX_MEMORY - lim->used)
		return NULL;
	if ((q = realloc(p, nsize)) == NULL)
		return NULL;
	lim->used += nsize - osize;
	return q;
}

static void
steps_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	luaL_where(L, 0);
	lua_pushliteral(L, "运行时间太长：表单定义应当只是一个表");
	lua_concat(L, 2);
	lua_error(L);
}


/*
 * Reads the name of field i from the table at idx into fd->name and
 * checks it: an identifier SQLite does not reserve, not the name of an
 * earlier field.  Appends "（NAME）" to what.  Returns 1, or 0 after
 * form_fail.
 */
static int
field_name(struct loader *ld, lua_State *L, int idx, size_t i,
    struct buf *what)
{
	const struct form *f = ld->f;
	struct field *fd = &f->fields[i];
	size_t	 j;

	if (!form_get_string(ld, L, idx, "name", 1, &fd->name, what->ptr))
		return 0;
	buf_printf(what, "（%s）", fd->name);
	if (!form_is_ident(fd->name))
		return form_fail(ld, "%s的名字不对：应当由小写英文字母、数字和下划"
		    "线组成，以字母开头，最多 %d 个字符", what->ptr, FORM_MAX_NAME);
	if (strcmp(fd->name, "rowid") == 0 || strcmp(fd->name, "oid") == 0)
		return form_fail(ld, "%s的名字是 SQLite 保留的，请换一个",
		    what->ptr);
	for (j = 0; j < i; j++)
		if (strcmp(f->fields[j].name, fd->name) == 0)
			return form_fail(ld, "%s的名字重复了：第 %zu 个字段也叫 %s",
			    what->ptr, j + 1, fd->name);
	return 1;
}

/*
 * Reads the label of field i (its name read) into fd->label and checks it:
 * short, without the template's "*", and telling the column apart from
 * every earlier field by name and label.  Returns 1, or 0 after form_fail.
 */
static int
field_label(struct loader *ld, lua_State *L, int idx, size_t i,
    const char *what)
{
	const struct form *f = ld->f;
	struct field *fd = &f->fields[i];
	size_t	 j, n;

	if (!form_get_string(ld, L, idx, "label", 1, &fd->label, what))
		return 0;
	n = strlen(fd->label);
	if (utf8_chars(fd->label, n) > FORM_MAX_LABEL ||
	    fd->label[n - 1] == '*' ||
	    (n >= 3 && strcmp(fd->label + n - 3, "＊") == 0))
		return form_fail(ld, "%s的 label 不对：最多 %d 个字，不能以 * 结"
		    "尾（模板用 * 标出必填列）", what, FORM_MAX_LABEL);
	for (j = 0; j < i; j++) {
		if (strcmp(f->fields[j].label, fd->label) == 0)
			return form_fail(ld, "%s的 label “%s”重复了：第 %zu 个字段"
			    "也用它", what, fd->label, j + 1);
		if (strcmp(f->fields[j].name, fd->label) == 0 ||
		    strcmp(f->fields[j].label, fd->name) == 0)
			return form_fail(ld, "%s和第 %zu 个字段的名字与 label 相"
			    "同，无法从表头分辨", what, j + 1);
	}
	return 1;
}

/* Reads the required type of fd.  Returns 1, or 0 after form_fail. */
static int
field_type(struct loader *ld, lua_State *L, int idx, struct field *fd,
    const char *what)
{
	int	 t;

	t = form_get(L, idx, "type");
	lua_pop(L, 1);
	if (t == LUA_TNIL)
		return form_fail(ld, "%s缺少 type", what);
	if (!form_get_enum(ld, L, idx, "type", type_names, &t, what))
		return 0;
	fd->type = (enum field_type)t;
	return 1;
}

/*
 * Reads max and min of fd (its type read): max for text and list
 * (characters) and numbers, min for numbers, whole where the type is.
 * Returns 1, or 0 after form_fail.
 */
static int
field_limits(struct loader *ld, lua_State *L, int idx, struct field *fd,
    const char *what)
{
	double	 d;
	int	 has;

	if (!form_get_number(ld, L, idx, "max", &d, &has, what))
		return 0;
	if (has) {
		if (fd->type == FT_DATE || fd->type == FT_CHOICE)
			return form_fail(ld, "%s：max 只能用于 text、list、int 和 "
			    "decimal 类型", what);
		if (d < 0 || ((fd->type == FT_TEXT || fd->type == FT_LIST ||
		    fd->type == FT_INT) && !form_is_integral(d)) || d > 1e15)
			return form_fail(ld, "%s的 max 应当是不小于 0 的%s", what,
			    fd->type == FT_DECIMAL ? "数" : "整数");
		fd->max = d;
	}
	if (!form_get_number(ld, L, idx, "min", &d, &has, what))
		return 0;
	if (has) {
		if (fd->type != FT_INT && fd->type != FT_DECIMAL)
			return form_fail(ld, "%s：min 只能用于 int 和 decimal 类型",
			    what);
		if ((fd->type == FT_INT && !form_is_integral(d)) ||
		    fabs(d) > 1e15 || (fd->max > 0 && d > fd->max))
			return form_fail(ld, "%s的 min 不对：应当是%s，且不大于 max",
			    what, fd->type == FT_INT ? "整数" : "数");
		fd->min = d;
	}
	return 1;
}

/*
 * Reads check, mask and mask_if of fd (its type read): a check only on
 * text, a mask only on text and list, mask_if only with a mask (the field
 * it names is resolved later, by resolve_mask_if).  Returns 1, or 0 after
 * form_fail.
 */
static int
field_checks(struct loader *ld, lua_State *L, int idx, struct field *fd,
    const char *what)
{
	size_t	 n;
	int	 t;

	if (!form_get_enum(ld, L, idx, "check", check_names, &t, what))
		return 0;
	fd->check = (enum field_check)t;
	if (fd->check != FC_NONE && fd->type != FT_TEXT)
		return form_fail(ld, "%s：check 只能用于 text 类型", what);
	if (!form_get_enum(ld, L, idx, "mask", mask_names, &t, what))
		return 0;
	fd->mask = (enum field_mask)t;
	if (fd->mask != FM_NONE && fd->type != FT_TEXT &&
	    fd->type != FT_LIST)
		return form_fail(ld, "%s：mask 只能用于 text 和 list 类型", what);
	fd->mask_if = -1;
	/* on failure the stack is left as it is: extraction stops */
	t = form_get(L, idx, "mask_if");
	if (t != LUA_TNIL) {
		if (t != LUA_TTABLE || !form_is_list(L, -1, &n) || n != 2 ||
		    lua_rawgeti(L, -1, 1) != LUA_TSTRING ||
		    lua_rawgeti(L, -2, 2) != LUA_TSTRING)
			return form_fail(ld, "%s的 mask_if 应当写成 { \"字段名\", "
			    "\"值\" }，如 mask_if = { \"party_type\", \"个人\" }",
			    what);
		fd->mask_if_field = xstrdup(lua_tostring(L, -2));
		fd->mask_if_value = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 2);
		if (fd->mask == FM_NONE)
			return form_fail(ld, "%s：mask_if 要和 mask 一起用", what);
	}
	lua_pop(L, 1);
	return 1;
}

/*
 * Reads field i of the form from the table at idx into ld->f->fields[i]
 * (fields 0..i-1 read), checking it alone and against the fields before
 * it.  Returns 1, or 0 after form_fail.
 */
static int
get_field(struct loader *ld, lua_State *L, int idx, size_t i)
{
	struct field *fd = &ld->f->fields[i];
	struct buf what = BUF_INIT;
	double	 d;
	int	 has, ok = 0;

	assert(i < ld->f->nfields);
	buf_printf(&what, "第 %zu 个字段", i + 1);
	if (lua_type(L, idx) != LUA_TTABLE) {
		form_fail(ld, "%s应当是一个表：{ name = …, label = …, type = … }",
		    what.ptr);
		goto out;
	}
	if (!field_name(ld, L, idx, i, &what) ||
	    !form_check_keys(ld, L, idx, field_keys, what.ptr) ||
	    !field_label(ld, L, idx, i, what.ptr) ||
	    !field_type(ld, L, idx, fd, what.ptr) ||
	    !form_get_bool(ld, L, idx, "required", &fd->required, what.ptr) ||
	    !form_get_bool(ld, L, idx, "public", &fd->public, what.ptr) ||
	    !form_get_choices(ld, L, idx, fd, what.ptr) ||
	    !form_get_string(ld, L, idx, "help", 0, &fd->help, what.ptr) ||
	    !field_limits(ld, L, idx, fd, what.ptr) ||
	    !field_checks(ld, L, idx, fd, what.ptr) ||
	    !form_get_number(ld, L, idx, "width", &d, &has, what.ptr))
		goto out;
	if (has && (!form_is_integral(d) || d < 1 || d > 255)) {
		form_fail(ld, "%s的 width 应当是 1 到 255 的整数", what.ptr);
		goto out;
	}
	fd->width = has ? (int)d : 0;
	if (!form_get_bool(ld, L, idx, "towns", &fd->towns, what.ptr))
		goto out;
	if (fd->towns && fd->type != FT_TEXT) {
		form_fail(ld, "%s：towns 只能用于 text 类型", what.ptr);
		goto out;
	}
	ok = 1;
out:
	buf_free(&what);
	return ok;
}

/*
 * Resolves field i's mask_if to the index of the choice field it names,
 * which must offer the value.
 */
static int
resolve_mask_if(struct loader *ld, struct form *f, size_t i)
{
	struct field	*fd = &f->fields[i];
	const struct field *g;
	int		 j;

	if (fd->mask_if_field == NULL)
		return 1;
	j = form_field(f, fd->mask_if_field);
	if (j < 0 || (size_t)j == i || f->fields[j].type != FT_CHOICE) {
		form_fail(ld, "字段 %s 的 mask_if 说的 %s 不是本表单的另一个选择"
		    "（choice）字段", fd->name, fd->mask_if_field);
		return 0;
	}
	g = &f->fields[j];
	if (form_choice(g, fd->mask_if_value) < 0) {
		form_fail(ld, "字段 %s 的 mask_if 说的“%s”不是 %s 的可选值", fd->name,
		    fd->mask_if_value, g->name);
		return 0;
	}
	fd->mask_if = j;
	return 1;
}

/*
 * The form's publish_if = { field, value }: only rows whose choice field
 * has that value reach the public site (a case disclosure once approved).
 */
static int
get_publish_if(struct loader *ld, lua_State *L, struct form *f)
{
	const struct field *g;
	size_t	 n;
	int	 t, j, ok = 0;

	f->publish_if = -1;
	t = form_get(L, 1, "publish_if");
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return 1;
	}
	if (t != LUA_TTABLE || !form_is_list(L, -1, &n) || n != 2 ||
	    lua_rawgeti(L, -1, 1) != LUA_TSTRING ||
	    lua_rawgeti(L, -2, 2) != LUA_TSTRING) {
		form_fail(ld, "表单的 publish_if 应当写成 { \"字段名\", \"值\" }，如 "
		    "publish_if = { \"approval\", \"已批准\" }");
		return 0;
	}
	f->publish_if_value = xstrdup(lua_tostring(L, -1));
	j = form_field(f, lua_tostring(L, -2));
	if (j < 0 || f->fields[j].type != FT_CHOICE || !f->fields[j].public) {
		form_fail(ld, "表单的 publish_if 说的 %s 不是本表单公开的选择（choice）"
		    "字段", lua_tostring(L, -2));
		goto out;
	}
	g = &f->fields[j];
	if (form_choice(g, f->publish_if_value) < 0) {
		form_fail(ld, "表单的 publish_if 说的“%s”不是 %s 的可选值",
		    f->publish_if_value, g->name);
		goto out;
	}
	f->publish_if = j;
	ok = 1;
out:
	lua_pop(L, 3);
	return ok;
}

static int
is_number_type(enum field_type t)
{
	return t == FT_INT || t == FT_DECIMAL;
}

static int
get_rule(struct loader *ld, lua_State *L, int idx, size_t i)
{
	struct form *f = ld->f;
	struct rule *r = &f->rules[i];
	struct field *fd;
	struct buf what = BUF_INIT;
	const char *s;
	size_t	 n, k, j, nf;
	int	 kind, fi, ok = 0;

	buf_printf(&what, "第 %zu 条规则", i + 1);
	/* on failure the stack is left as it is: extraction stops */
	if (lua_type(L, idx) != LUA_TTABLE || !form_is_list(L, idx, &n) || n < 1 ||
	    lua_rawgeti(L, idx, 1) != LUA_TSTRING) {
		form_fail(ld, "%s应当是一个列表，如 { \"le\", \"a\", \"b\" }",
		    what.ptr);
		goto out;
	}
	s = lua_tostring(L, -1);
	if ((kind = form_lookup(rule_names, s)) < 0) {
		form_fail(ld, "%s的种类“%s”不对：应当是 le、sum、required_if "
		    "或 after", what.ptr, s);
		lua_pop(L, 1);
		goto out;
	}
	lua_pop(L, 1);
	r->kind = (enum rule_kind)kind;
	buf_printf(&what, "（%s）", rule_names[kind]);
	nf = r->kind == RULE_REQUIRED_IF ? n - 2 : n - 1;
	if ((r->kind == RULE_LE && n != 3) || (r->kind == RULE_AFTER &&
	    n != 3) || (r->kind == RULE_REQUIRED_IF && n != 4) ||
	    (r->kind == RULE_SUM && n < 4)) {
		form_fail(ld, "%s的写法不对：应当是 %s", what.ptr,
		    r->kind == RULE_LE ? "{ \"le\", a, b }" :
		    r->kind == RULE_AFTER ? "{ \"after\", a, b }" :
		    r->kind == RULE_SUM ? "{ \"sum\", 合计, 分项1, 分项2, … }" :
		    "{ \"required_if\", f, g, 值 }");
		goto out;
	}
	r->fields = xcalloc(nf, sizeof(*r->fields));
	for (k = 0; k < nf; k++) {
		if (lua_rawgeti(L, idx, (lua_Integer)k + 2) != LUA_TSTRING) {
			lua_pop(L, 1);
			form_fail(ld, "%s的第 %zu 项应当是字段名（加引号）", what.ptr,
			    k + 2);
			goto out;
		}
		s = lua_tostring(L, -1);
		if ((fi = form_field(f, s)) < 0) {
			form_fail(ld, "%s用到的字段 %s 不存在", what.ptr, s);
			lua_pop(L, 1);
			goto out;
		}
		lua_pop(L, 1);
		for (j = 0; j < k; j++)
			if (r->fields[j] == (size_t)fi) {
				form_fail(ld, "%s两次用到字段 %s", what.ptr,
				    f->fields[fi].name);
				goto out;
			}
		fd = &f->fields[fi];
		r->fields[r->nfields++] = (size_t)fi;
		if ((r->kind == RULE_LE || r->kind == RULE_SUM) &&
		    !is_number_type(fd->type)) {
			form_fail(ld, "%s用到的字段 %s 不是数字（int 或 decimal）",
			    what.ptr, fd->name);
			goto out;
		}
		if (r->kind == RULE_AFTER && fd->type != FT_DATE) {
			form_fail(ld, "%s用到的字段 %s 不是日期（date）", what.ptr,
			    fd->name);
			goto out;
		}
		if (r->kind == RULE_REQUIRED_IF && k == 1 &&
		    fd->type != FT_CHOICE) {
			form_fail(ld, "%s的条件字段 %s 应当是 choice 类型",
			    what.ptr, fd->name);
			goto out;
		}
	}
	if (r->kind == RULE_REQUIRED_IF) {
		fd = &f->fields[r->fields[1]];
		if (lua_rawgeti(L, idx, 4) != LUA_TSTRING) {
			lua_pop(L, 1);
			form_fail(ld, "%s的第 4 项应当是文字（加引号）", what.ptr);
			goto out;
		}
		s = lua_tostring(L, -1);
		if (form_choice(fd, s) < 0) {
			form_fail(ld, "%s的值“%s”不是字段 %s 的可选值", what.ptr, s,
			    fd->name);
			lua_pop(L, 1);
			goto out;
		}
		r->value = xstrdup(s);
		lua_pop(L, 1);
	}
	ok = 1;
out:
	buf_free(&what);
	return ok;
}

/* The id a form file must have: its name without ".lua". */
static int
id_matches(const char *id, const char *name)
{
	size_t	 n = strlen(name);

	if (n > 4 && strcmp(name + n - 4, ".lua") == 0)
		n -= 4;
	return strlen(id) == n && strncmp(id, name, n) == 0;
}

/* Runs inside lua_pcall: (form table, loader). */
static int
extract(lua_State *L)
{
	struct loader *ld = lua_touserdata(L, 2);
	struct form *f = ld->f;
	double	 d;
	size_t	 n, i;
	int	 has, t;

	luaL_checkstack(L, 40, NULL);
	if (lua_type(L, 1) != LUA_TTABLE)
		return form_fail(ld, "应当返回一个表：return { id = …, title = …, "
		    "fields = { … } }");
	if (!form_check_keys(ld, L, 1, form_keys, "表单") ||
	    !form_get_string(ld, L, 1, "id", 1, &f->id, "表单"))
		return 0;
	if (!form_is_ident(f->id))
		return form_fail(ld, "表单的 id “%s”不对：应当由小写英文字母、数字"
		    "和下划线组成，以字母开头", f->id);
	if (!id_matches(f->id, ld->name))
		return form_fail(ld, "表单的 id “%s”应当与文件名一致", f->id);
	if (!form_get_string(ld, L, 1, "title", 1, &f->title, "表单") ||
	    !form_get_string(ld, L, 1, "help", 0, &f->help, "表单") ||
	    !form_get_number(ld, L, 1, "version", &d, &has, "表单"))
		return 0;
	if (!has || !form_is_integral(d) || d < 1 || d > 1000000)
		return form_fail(ld, "表单的 version 应当是正整数，如 1");
	f->version = (int)d;
	if (!form_get_string(ld, L, 1, "period", 1, &f->period, "表单"))
		return 0;
	if (strcmp(f->period, "week") != 0 && strcmp(f->period, "month") != 0)
		return form_fail(ld, "表单的 period “%s”不对：应当是 week 或 month",
		    f->period);

	t = form_get(L, 1, "fields");
	if (t != LUA_TTABLE || !form_is_list(L, -1, &n) || n == 0)
		return form_fail(ld, "表单的 fields 应当是不空的字段列表："
		    "fields = { { name = …, label = …, type = … }, … }");
	f->fields = xcalloc(n, sizeof(*f->fields));
	for (i = 0; i < n; i++) {
		f->nfields = i + 1;
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (!get_field(ld, L, lua_gettop(L), i))
			return 0;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	for (i = 0; i < f->nfields; i++)
		if (!resolve_mask_if(ld, f, i))
			return 0;
	if (!get_publish_if(ld, L, f))
		return 0;

	t = form_get(L, 1, "rules");
	if (t == LUA_TNIL)
		return 0;
	if (t != LUA_TTABLE || !form_is_list(L, -1, &n))
		return form_fail(ld, "表单的 rules 应当是规则的列表：rules = "
		    "{ { \"le\", \"a\", \"b\" }, … }");
	if (n > 0)
		f->rules = xcalloc(n, sizeof(*f->rules));
	for (i = 0; i < n; i++) {
		f->nrules = i + 1;
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (!get_rule(ld, L, lua_gettop(L), i))
			return 0;
		lua_pop(L, 1);
	}
	return 0;
}

/*
 * Loads the form definition src (n bytes of Lua, the file collector/forms/
 * name) into *f: the chunk runs in a fresh Lua state with no libraries and
 * a limit on instructions and memory, and the table it returns is checked
 * strictly (unknown keys, types, names, choices, rules) and copied into
 * plain C strings.  Returns 1, or 0 with one message naming the file and
 * the problem appended to err and *f empty.  The caller frees *f with
 * form_free.
 */
int
form_load(const char *src, size_t n, const char *name, struct form *f,
    struct buf *err)
{
	struct loader ld;
	struct limit lim = { 0 };
	struct buf file = BUF_INIT, chunk = BUF_INIT;
	lua_State *L;
	const char *msg;
	int	 rc;

	assert(src != NULL && name != NULL && f != NULL && err != NULL);
	memset(f, 0, sizeof(*f));
	buf_printf(&file, "collector/forms/%s", name);
	buf_printf(&chunk, "@%s", file.ptr);
	ld.f = f;
	ld.err = err;
	ld.file = file.ptr;
	ld.name = name;
	ld.ok = 1;

	if ((L = lua_newstate(limited_alloc, &lim)) == NULL)
		fatal("out of memory");
	rc = luaL_loadbufferx(L, src, n, chunk.ptr, "t");
	if (rc == LUA_OK) {
		lua_sethook(L, steps_hook, LUA_MASKCOUNT, FORM_MAX_STEPS);
		rc = lua_pcall(L, 0, 1, 0);
	}
	if (rc == LUA_OK) {
		lua_sethook(L, NULL, 0, 0);
		lua_pushcfunction(L, extract);
		lua_insert(L, -2);
		lua_pushlightuserdata(L, &ld);
		rc = lua_pcall(L, 2, 0, 0);
	}
	if (rc != LUA_OK) {
		/* syntax and run-time errors already start with "FILE:LINE:" */
		msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) :
		    "（不是文字的错误）";
		if (strcmp(msg, "not enough memory") == 0)
			msg = "内存不够了：表单定义用了太多内存";
		if (strncmp(msg, file.ptr, file.len) == 0 &&
		    msg[file.len] == ':')
			buf_puts(err, msg);
		else
			buf_printf(err, "%s: %s", file.ptr, msg);
		ld.ok = 0;
	}
	lua_close(L);
	if (!ld.ok)
		form_free(f);
	buf_free(&file);
	buf_free(&chunk);
	return ld.ok;
}

/* Frees what *f holds (it may be partly filled) and leaves it empty. */
void
form_free(struct form *f)
{
	size_t	 i, j;

	for (i = 0; i < f->nfields; i++) {
		free(f->fields[i].name);
		free(f->fields[i].label);
		free(f->fields[i].help);
		free(f->fields[i].mask_if_field);
		free(f->fields[i].mask_if_value);
		for (j = 0; j < f->fields[i].nchoices; j++)
			free(f->fields[i].choices[j]);
		free(f->fields[i].choices);
	}
	free(f->fields);
	for (i = 0; i < f->nrules; i++) {
		free(f->rules[i].fields);
		free(f->rules[i].value);
	}
	free(f->rules);
	free(f->publish_if_value);
	free(f->id);
	free(f->title);
	free(f->period);
	free(f->help);
	memset(f, 0, sizeof(*f));
}

/* The name of field type t as forms write it: "text", "int", … */
const char *
form_type_name(enum field_type t)
{
	assert((size_t)t < sizeof(type_names) / sizeof(type_names[0]) - 1);
	return type_names[t];
}

/* The name of mask m as forms write it ("name", …), or NULL for FM_NONE. */
const char *
form_mask_name(enum field_mask m)
{
	assert((size_t)m < sizeof(mask_names) / sizeof(mask_names[0]) - 1);
	return m == FM_NONE ? NULL : mask_names[m];
}

/* The index of value among the choices of fd (see form.h). */
int
form_choice(const struct field *fd, const char *value)
{
	size_t	 i;

	assert(fd != NULL && value != NULL);
	for (i = 0; i < fd->nchoices; i++)
		if (strcmp(fd->choices[i], value) == 0)
			return (int)i;
	return -1;
}

/* Returns the index of the field called name in f, or -1. */
int
form_field(const struct form *f, const char *name)
{
	size_t	 i;

	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].name != NULL &&
		    strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

static struct form *builtin;
static size_t nbuiltin;
static int builtin_loaded;

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct form *)a)->id,
	    ((const struct form *)b)->id);
}

/* Loads form_sources once; a broken built-in form is a bug: fatal. */
static void
load_builtin(void)
{
	struct buf err = BUF_INIT;
	size_t	 i;

	if (builtin_loaded)
		return;
	builtin = xcalloc(form_nsources, sizeof(*builtin));
	for (i = 0; i < form_nsources; i++)
		if (!form_load(form_sources[i].src, form_sources[i].len,
		    form_sources[i].name, &builtin[i], &err))
			fatal("built-in form: %s", err.ptr);
	nbuiltin = form_nsources;
	qsort(builtin, nbuiltin, sizeof(*builtin), by_id);
	for (i = 1; i < nbuiltin; i++)
		if (strcmp(builtin[i - 1].id, builtin[i].id) == 0)
			fatal("built-in form %s defined twice", builtin[i].id);
	builtin_loaded = 1;
}

/*
 * Returns the built-in form called id, or NULL.  The forms are loaded on
 * the first call of form_find, form_at or form_count and live until
 * the program exits; the caller must not free them.
 */
const struct form *
form_find(const char *id)
{
	size_t	 i;

	load_builtin();
	for (i = 0; i < nbuiltin; i++)
		if (strcmp(builtin[i].id, id) == 0)
			return &builtin[i];
	return NULL;
}

/* The i-th built-in form in order of id, or NULL (see form.h). */
const struct form *
form_at(size_t i)
{
	load_builtin();
	return i < nbuiltin ? &builtin[i] : NULL;
}

/* Returns the number of built-in forms. */
size_t
form_count(void)
{
	load_builtin();
	return nbuiltin;
}
