/*
 * Tests of the template compiler (tmpl.c), through the real runtime of
 * ltmpl.c: a template is compiled, loaded with ltmpl_add into a Lua
 * state like the site's and rendered, and the exact output or error is
 * checked.  Errors of the compiler itself are checked on tmpl_compile.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lib/buf.h"
#include "site/ltmpl.h"
#include "site/tmpl.h"

struct tpl {
	const char	*name;	/* NULL ends a list */
	const char	*src;
	size_t		 len;	/* 0: strlen(src) */
};

#define TPL(...)	((const struct tpl[]){ __VA_ARGS__, { NULL, NULL, 0 } })
#define ONE(src)	TPL({ "t.html", (src), 0 })

/* The variables most tests render with. */
static const char VARS[] =
    "title = [[<a href=\"x\">'&'</a>]]\n"
    "n = 3; f = 1.5; yes = true; no = false\n"
    "items = {'甲', '乙', '<丙>'}\n"
    "page = {title = '标题', params = {k = 'v'}}\n"
    "obj = setmetatable({}, {__tostring = function() return '<obj>' end})\n";

static lua_State *
new_state(void)
{
	lua_State	*L;

	L = luaL_newstate();
	assert_non_null(L);
	luaL_openlibs(L);
	ltmpl_open(L);
	return L;
}

/* Adds the templates of t to L, each named by its own name. */
static int
add_all(lua_State *L, const struct tpl *t, struct buf *err)
{
	for (; t->name != NULL; t++)
		if (!ltmpl_add(L, t->name, t->name, t->src,
		    t->len ? t->len : strlen(t->src), err))
			return 0;
	return 1;
}

/* Runs the Lua code vars with the table on top of the stack as _ENV. */
static void
set_vars(lua_State *L, const char *vars)
{
	if (vars == NULL)
		return;
	assert_int_equal(luaL_loadbuffer(L, vars, strlen(vars), "=vars"),
	    LUA_OK);
	lua_pushvalue(L, -2);
	assert_non_null(lua_setupvalue(L, -2, 1));
	assert_int_equal(lua_pcall(L, 0, 0, 0), LUA_OK);
}

/* Loads the templates of t and renders main with the variables vars. */
static int
render(const struct tpl *t, const char *vars, const char *main,
    struct buf *out, struct buf *err)
{
	lua_State	*L;
	int		 ok;

	L = new_state();
	ok = add_all(L, t, err);
	if (ok) {
		ltmpl_newenv(L);
		set_vars(L, vars);
		ok = ltmpl_render(L, main, out, err);
		assert_int_equal(lua_gettop(L), 0);
	}
	lua_close(L);
	return ok;
}

static void
render_eq_n(const struct tpl *t, const char *vars, const char *main,
    const char *want, size_t wantlen)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	int		 ok;

	ok = render(t, vars, main, &out, &err);
	assert_string_equal(err.ptr, "");
	assert_true(ok);
	if (out.len != wantlen || memcmp(out.ptr, want, wantlen) != 0)
		assert_string_equal(out.ptr, want);
	assert_int_equal(out.len, wantlen);
	buf_free(&out);
	buf_free(&err);
}

static void
render_eq(const struct tpl *t, const char *vars, const char *main,
    const char *want)
{
	render_eq_n(t, vars, main, want, strlen(want));
}

/* The one template src renders, with VARS, as want. */
static void
out_eq(const char *src, const char *want)
{
	render_eq(ONE(src), VARS, "t.html", want);
}

/*
 * Rendering fails with exactly want, or, with prefix set, with a message
 * that starts with want.
 */
static void
render_err_x(const struct tpl *t, const char *vars, const char *main,
    const char *want, int prefix)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	assert_false(render(t, vars, main, &out, &err));
	if (prefix) {
		if (strncmp(err.ptr, want, strlen(want)) != 0)
			assert_string_equal(err.ptr, want);
	} else
		assert_string_equal(err.ptr, want);
	buf_free(&out);
	buf_free(&err);
}

static void
render_err(const struct tpl *t, const char *vars, const char *main,
    const char *want)
{
	render_err_x(t, vars, main, want, 0);
}

/* The one template src fails with want (exactly). */
static void
err_eq(const char *src, const char *want)
{
	render_err_x(ONE(src), VARS, "t.html", want, 0);
}

/* The one template src fails with a message starting with prefix. */
static void
err_starts(const char *src, const char *prefix)
{
	render_err_x(ONE(src), VARS, "t.html", prefix, 1);
}

/* tmpl_compile fails on src with message want at line. */
static void
compile_err(const char *src, const char *want, int line)
{
	struct buf	 lua = BUF_INIT, err = BUF_INIT, w = BUF_INIT;
	int		 errline = -1;

	buf_puts(&err, "前缀：");
	assert_int_equal(tmpl_compile(src, strlen(src), &lua, &err, &errline),
	    0);
	buf_printf(&w, "前缀：%s", want);
	assert_string_equal(err.ptr, w.ptr);
	assert_int_equal(errline, line);
	buf_free(&lua);
	buf_free(&err);
	buf_free(&w);
}

/* tmpl_compile turns src into exactly the Lua source want. */
static void
compile_eq(const char *src, const char *want)
{
	struct buf	 lua = BUF_INIT, err = BUF_INIT;
	int		 errline = -1;

	assert_int_equal(tmpl_compile(src, strlen(src), &lua, &err, &errline),
	    1);
	assert_string_equal(err.ptr, "");
	assert_int_equal(errline, -1);
	assert_string_equal(lua.ptr, want);
	buf_free(&lua);
	buf_free(&err);
}

#define HEAD	"local _W,_E,_R,_P,_X=... return function(_ENV,_o,_b)"

static void
test_lua_source(void **state)
{
	compile_eq("", HEAD " end");
	compile_eq("a", HEAD " _W(_o,\"a\") end");
	/* each template line on the same Lua line */
	compile_eq("a{{ x }}\nb{% y() %}c\n{# z\n#}d",
	    HEAD " _W(_o,\"a\") _E(_o,(  x )) _W(_o,\"\\nb\")\n"
	    "  y()   _W(_o,\"c\\n\")\n"
	    "\n"
	    " _W(_o,\"d\") end");
	compile_eq("{{& x }}{% if a then\nb() end %}",
	    HEAD " _R(_o,(  x ))  if a then\nb() end   end");
	compile_eq("{% include \"p.html\" %}{% include 'q.html', {a = 1} %}",
	    HEAD " _P(_ENV,_o,\"p.html\") _P(_ENV,_o,\"q.html\",  {a = 1})"
	    " end");
	compile_eq("{% block a %}x{% endblock %}",
	    HEAD " do local _f=_b and _b[\"a\"] if _f then _f(_ENV,_o,_b)"
	    " else _W(_o,\"x\") end end end");
	compile_eq("{% extends \"b.html\" %}\n{% block a %}x{% endblock %}",
	    HEAD " local _B=_b or {} local _X_NAME=\"b.html\"\n"
	    " if _B[\"a\"]==nil then _B[\"a\"]=function(_ENV,_o,_b)"
	    " _W(_o,\"x\") end end return _X(_ENV,_o,_B,_X_NAME) end");
}

static void
test_lua_source_appends(void **state)
{
	struct buf	 lua = BUF_INIT, err = BUF_INIT;
	int		 line = -1;

	buf_puts(&lua, "-- ");
	assert_int_equal(tmpl_compile("x", 1, &lua, &err, &line), 1);
	assert_string_equal(lua.ptr, "-- " HEAD " _W(_o,\"x\") end");
	buf_free(&lua);
	buf_free(&err);
}

static void
test_text(void **state)
{
	static const char bytes[] = "a\tb\rc\001d\0012\177e\0f\\0\"\n";

	out_eq("", "");
	out_eq("纯文字", "纯文字");
	out_eq("He said \"hi\" \\ and 'yo' \\n \\\\ \\\"",
	    "He said \"hi\" \\ and 'yo' \\n \\\\ \\\"");
	out_eq("a\nb\n\nc\n", "a\nb\n\nc\n");
	out_eq("中文「引号」😀 ü", "中文「引号」😀 ü");
	/* braces that do not open a tag stay */
	out_eq("a { b } }} %} #} {x {-} {", "a { b } }} %} #} {x {-} {");
	out_eq("{", "{");
	out_eq("}}", "}}");
	/* control bytes and NUL, and a digit after an escaped byte */
	render_eq_n(TPL({ "t.html", bytes, sizeof(bytes) - 1 }), NULL,
	    "t.html", bytes, sizeof(bytes) - 1);
	/* a UTF-8 byte order mark is not output */
	out_eq("\xEF\xBB\xBFhi", "hi");
	out_eq("\xEF\xBB\xBF", "");
	out_eq("x\xEF\xBB\xBF", "x\xEF\xBB\xBF");
}

static void
test_escape(void **state)
{
	out_eq("{{ title }}",
	    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	out_eq("{{& title }}", "<a href=\"x\">'&'</a>");
	out_eq("{{ \"&<>\\\"'\" }}", "&amp;&lt;&gt;&quot;&#39;");
	out_eq("{{ \"&amp;\" }}", "&amp;amp;");
	out_eq("{{ obj }}|{{& obj }}", "&lt;obj&gt;|<obj>");
	out_eq("{{ page.title }}{{ page.params.k }}", "标题v");
	out_eq("{{ items[3] }}", "&lt;丙&gt;");
}

static void
test_values(void **state)
{
	out_eq("[{{ nil }}][{{ missing }}][{{& nil }}]", "[][][]");
	out_eq("{{ n }} {{ f }} {{ -n }} {{ 0 }}", "3 1.5 -3 0");
	out_eq("{{ 7 // 2 }} {{ 7 / 2 }} {{ 2^10 }} {{ 1e100 }} {{ -0.0 }}",
	    "3 3.5 1024.0 1e+100 -0.0");
	out_eq("{{ 2^53 }} {{ math.maxinteger }}",
	    "9.007199254741e+15 9223372036854775807");
	out_eq("{{ yes }} {{ no }} {{ false }} {{ not nil }}",
	    "true false false true");
	out_eq("{{ \"a\" .. n }}{{ #items }}", "a33");
	out_eq("{{ string.upper(\"x\") }}{{ (\"%03d\"):format(n) }}", "X003");
	/* only the first of several values */
	out_eq("{% local function two() return 1, 2 end %}{{ two() }}", "1");
	out_eq("{{ (function() end)() }}", "");
}

static void
test_code(void **state)
{
	out_eq("{% for i = 1, 3 do %}<{{ i }}>{% end %}", "<1><2><3>");
	out_eq("{% for i, v in ipairs(items) do %}{{ i }}={{ v }};{% end %}",
	    "1=甲;2=乙;3=&lt;丙&gt;;");
	out_eq("{% if n > 5 then %}big{% elseif n > 2 then %}mid"
	    "{% else %}small{% end %}", "mid");
	out_eq("{% if no then %}x{% end %}", "");
	out_eq("{% local a = 1 %}{% a = a + 1 %}{{ a }}", "2");
	out_eq("{% local k = 0 while k < 3 do k = k + 1 %}{{ k }}{% end %}",
	    "123");
	/* a function whose body is template text */
	out_eq("{% local function li(x) %}<li>{{ x }}</li>{% end %}"
	    "{% li(1) li(\"<\") %}", "<li>1</li><li>&lt;</li>");
	/* globals set by a template land in its variables */
	out_eq("{% g = \"全局\" %}{{ g }}", "全局");
	out_eq("{% %}{%%}x", "x");
	out_eq("{%\nfor i = 1, 2 do\n%}{{ i }}{%\nend\n%}", "12");
}

static void
test_strings_in_tags(void **state)
{
	out_eq("{{ \"}}\" }}", "}}");
	out_eq("{{ '}}' }}", "}}");
	out_eq("{{ \"%}\" }}{{ '#}' }}", "%}#}");
	out_eq("{% local s = \"%}\" %}{{ s }}", "%}");
	out_eq("{% local s = '}}' %}{{ s }}", "}}");
	out_eq("{{ \"a\\\"}}\" }}", "a&quot;}}");
	out_eq("{{ 'it\\'s }}' }}", "it&#39;s }}");
	out_eq("{{ \"\\\\\" }}|{{ '\\\\' }}", "\\|\\");
	out_eq("{{ \"{{\" }}", "{{");
	/* escaped newline inside a string */
	out_eq("{{ \"a\\\nb\" }}", "a\nb");
}

static void
test_long_strings(void **state)
{
	out_eq("{{ [[}}]] }}", "}}");
	out_eq("{{ [==[ ]] ]=] }} %} ]==] }}", " ]] ]=] }} %} ");
	out_eq("{{ [=[a]]b]=] }}", "a]]b");
	/* the first newline of a long string is dropped by Lua */
	out_eq("{% local s = [[\nx\ny %}]] %}{{ s }}", "x\ny %}");
	/* a [ that does not open a long string */
	out_eq("{{ items[1] }}{{ ({[1] = \"a\"})[1] }}", "甲a");
	out_eq("{% local t = {} t[ [[k]] ] = 1 %}{{ t.k }}", "1");
	out_eq("{% x = [=[\n]]\n]=] %}{{ #x }}", "3");
}

static void
test_comments(void **state)
{
	out_eq("a{# x #}b", "ab");
	out_eq("a{##}b", "ab");
	out_eq("a{# 1\n2\n3 #}b", "ab");
	out_eq("{# {{ x }} {% y %} }} %} #}z", "z");
	out_eq("{# \" ' [[ #}z", "z");
	out_eq("a{# {# #}b", "ab");
}

static void
test_line_comments(void **state)
{
	out_eq("a{% -- note %}b", "ab");
	out_eq("a{%- -- note%}b", "ab");
	out_eq("{% local x = 1 -- set x %}{{ x }}", "1");
	out_eq("{{ n -- shows n }}", "3");
	out_eq("{{ n --}}", "3");
	out_eq("{% -- a %}{% -- b %}c", "c");
	/* quotes and brackets in a comment do not matter */
	out_eq("{% -- it's \"quoted [[ %}x", "x");
	/* code on the lines after a line comment runs */
	out_eq("{% -- note\nx = 5 %}{{ x }}", "5");
	/* block comments, also holding %} */
	out_eq("{% --[[ %} ]] x = 1 %}{{ x }}", "1");
	out_eq("{% --[==[ %} ]] ]==] x = 2 %}{{ x }}", "2");
	out_eq("{% --[[\n%}\n]] x = 3 %}{{ x }}", "3");
	/* --[ that is not a long bracket is a line comment */
	out_eq("{% --[ x %}y", "y");
}

static void
test_trim(void **state)
{
	out_eq("a  {{- \"b\" -}}  c", "abc");
	out_eq("a \n {{- \"b\" }} \n c", "ab \n c");
	out_eq("a \n {{ \"b\" -}} \n c", "a \n bc");
	out_eq("<ul>\n  {%- for i = 1, 2 do -%}\n  <li>{{ i }}</li>\n"
	    "  {%- end -%}\n</ul>", "<ul><li>1</li><li>2</li></ul>");
	out_eq("x \n {#- c -#} \n y", "xy");
	out_eq("x \n {#- c #} \n y", "x \n y");
	out_eq("a \n{%- -- note -%}\n b", "ab");
	out_eq("a \n{%- x = 1 -- note -%}\n b{{ x }}", "ab1");
	out_eq("a\r\n\t{{- 1 -}}\r\n\tb", "a1b");
	out_eq("{{ 1 -}}  {{ 2 }}", "12");
	out_eq("{{ 1 }}  {{- 2 }}", "12");
	out_eq("[{{- nil -}}]", "[]");
	out_eq("{{-& \"<\" -}}", "<");
	out_eq("a {%- %} b", "a b");
	out_eq("a {%- -%} b", "ab");
	/* trimming stops at text */
	out_eq("x {{- 1 -}} y {{- 2 -}} z", "x1y2z");
	out_eq("  {{- 1 -}}  ", "1");
}

static const struct tpl BASE = { "base.html",
    "<h1>{% block title %}默认标题{% endblock %}</h1>\n"
    "<main>{% block main %}默认内容"
    "{% block inner %}[内层]{% endblock %}{% endblock %}</main>", 0 };

static void
test_blocks_plain(void **state)
{
	render_eq(TPL(BASE), VARS, "base.html",
	    "<h1>默认标题</h1>\n<main>默认内容[内层]</main>");
	out_eq("{% block a %}{{ n }}{% endblock a %}", "3");
	/* a block called like a Lua keyword */
	out_eq("{% block end %}e{% endblock %}{% block for %}f{% endblock %}",
	    "ef");
	/* locals of a block are its own */
	out_eq("{% local x = 1 %}{% block a %}{% local x = 2 %}{{ x }}"
	    "{% endblock %}{{ x }}", "21");
	/* an included template's blocks show their defaults */
	render_eq(TPL({ "t.html", "({% include \"base.html\" %})", 0 }, BASE),
	    VARS, "t.html",
	    "(<h1>默认标题</h1>\n<main>默认内容[内层]</main>)");
}

static void
test_extends(void **state)
{
	/* the child replaces one block, the others keep their default */
	render_eq(TPL(BASE, { "c.html", "{% extends \"base.html\" %}\n"
	    "{% block title %}子标题{{ n }}{% endblock %}\n", 0 }),
	    VARS, "c.html",
	    "<h1>子标题3</h1>\n<main>默认内容[内层]</main>");
	/* a nested block alone */
	render_eq(TPL(BASE, { "c.html", "{% extends 'base.html' %}"
	    "{% block inner %}(新内层){% endblock %}", 0 }),
	    VARS, "c.html",
	    "<h1>默认标题</h1>\n<main>默认内容(新内层)</main>");
	/* replacing the outer block drops the nested default */
	render_eq(TPL(BASE, { "c.html", "{% extends \"base.html\" %}"
	    "{% block main %}新{% endblock %}", 0 }),
	    VARS, "c.html", "<h1>默认标题</h1>\n<main>新</main>");
	/* a block the base does not have is not output */
	render_eq(TPL(BASE, { "c.html", "{% extends \"base.html\" %}"
	    "{% block other %}x{% endblock %}", 0 }),
	    VARS, "c.html", "<h1>默认标题</h1>\n<main>默认内容[内层]</main>");
	/* white space, comments and trimming around extends and blocks */
	render_eq(TPL(BASE, { "c.html", "\xEF\xBB\xBF\n{# 注释 #}\n"
	    "{%- extends \"base.html\" -%}\n\n"
	    "{# 又一个 #}\n{% block title %}T{% endblock %}\n\n", 0 }),
	    VARS, "c.html", "<h1>T</h1>\n<main>默认内容[内层]</main>");
}

static void
test_extends_code(void **state)
{
	/* code outside blocks runs first; blocks see its locals */
	render_eq(TPL(BASE, { "c.html", "{% extends \"base.html\" %}\n"
	    "{% local who = \"张三\" %}\n"
	    "{% block title %}{{ who }}{% endblock %}", 0 }),
	    VARS, "c.html", "<h1>张三</h1>\n<main>默认内容[内层]</main>");
	/* and can set variables the base reads */
	render_eq(TPL({ "b.html", "<{{ greeting }}>{% block a %}{% endblock %}",
	    0 }, { "c.html", "{% extends \"b.html\" %}"
	    "{% greeting = \"您好\" %}", 0 }),
	    VARS, "c.html", "<您好>");
	/* blocks defined in a loop are defined once */
	render_eq(TPL({ "b.html", "{% block a %}{% endblock %}", 0 },
	    { "c.html", "{% extends \"b.html\" %}{% for i = 1, 2 do %}"
	    "{% block a %}{{ i }}{% endblock %}{% end %}", 0 }),
	    VARS, "c.html", "1");
	/* nested blocks in a child's block can be filled by its child */
	render_eq(TPL(BASE, { "mid.html", "{% extends \"base.html\" %}"
	    "{% block main %}<{% block part %}默认部分{% endblock %}>"
	    "{% endblock %}", 0 }, { "leaf.html",
	    "{% extends \"mid.html\" %}{% block part %}叶{% endblock %}", 0 }),
	    VARS, "leaf.html", "<h1>默认标题</h1>\n<main><叶></main>");
}

static void
test_extends_three(void **state)
{
	static const struct tpl mid = { "mid.html",
	    "{% extends \"base.html\" %}\n"
	    "{% block title %}中{% endblock %}\n"
	    "{% block inner %}[中层内层]{% endblock %}\n", 0 };

	/* the most derived template wins, the rest falls through */
	render_eq(TPL(BASE, mid, { "leaf.html",
	    "{% extends \"mid.html\" %}{% block title %}叶{% endblock %}",
	    0 }), VARS, "leaf.html",
	    "<h1>叶</h1>\n<main>默认内容[中层内层]</main>");
	render_eq(TPL(BASE, mid, { "leaf.html",
	    "{% extends \"mid.html\" %}", 0 }), VARS, "leaf.html",
	    "<h1>中</h1>\n<main>默认内容[中层内层]</main>");
	render_eq(TPL(BASE, mid), VARS, "mid.html",
	    "<h1>中</h1>\n<main>默认内容[中层内层]</main>");
	render_err(TPL({ "c.html", "{% extends \"nope.html\" %}", 0 }), VARS,
	    "c.html", "c.html:1: 找不到模板“nope.html”（extends）：模板放在 "
	    "layouts/ 或主题的 layouts/ 里");
}

static const struct tpl ITEM = { "item.html",
    "<li>{{ title }}/{{ n }}</li>", 0 };

static void
test_include(void **state)
{
	/* the same variables */
	render_eq(TPL(ITEM, { "t.html", "{% include \"item.html\" %}", 0 }),
	    "title = '甲'; n = 1", "t.html", "<li>甲/1</li>");
	render_eq(TPL(ITEM, { "t.html", "{% include 'item.html' %}", 0 }),
	    "title = '甲'; n = 1", "t.html", "<li>甲/1</li>");
	/* a variables table, falling back to the caller's */
	render_eq(TPL(ITEM, { "t.html",
	    "{% include \"item.html\", {title = \"<新>\"} %}{{ title }}", 0 }),
	    "title = '甲'; n = 1", "t.html", "<li>&lt;新&gt;/1</li>甲");
	render_eq(TPL(ITEM, { "t.html", "{% for _, t in ipairs(items) do %}"
	    "{% include \"item.html\", {title = t, n = _} %}{% end %}", 0 }),
	    VARS, "t.html",
	    "<li>甲/1</li><li>乙/2</li><li>&lt;丙&gt;/3</li>");
	/* multi-line variables table, and a path */
	render_eq(TPL({ "partials/item.html", "{{ title }}{{ n }}", 0 },
	    { "t.html", "{% include \"partials/item.html\",\n"
	    "   {title = \"x\",\n    n = 9}\n%}", 0 }),
	    VARS, "t.html", "x9");
	/* what the included template sets stays in its table */
	render_eq(TPL({ "set.html", "{% x = 1 %}", 0 }, { "t.html",
	    "{% include \"set.html\", {} %}[{{ x }}]"
	    "{% include \"set.html\" %}[{{ x }}]", 0 }),
	    NULL, "t.html", "[][1]");
	render_err(TPL(ITEM, { "t.html", "\n{% include \"item.html\", 5 %}",
	    0 }), VARS, "t.html", "t.html:2: include 的第二部分应当是变量表，"
	    "如 {p = p}");
	render_err(TPL({ "t.html", "x\n\n{% include \"nope.html\" %}", 0 }),
	    VARS, "t.html", "t.html:3: 找不到模板“nope.html”（include）："
	    "模板放在 layouts/ 或主题的 layouts/ 里");
}

static void
test_partial(void **state)
{
	/* partial() sees its table and the globals, not the caller's */
	render_eq(TPL(ITEM, { "t.html",
	    "{{& partial(\"item.html\", {title = \"<p>\"}) }}", 0 }),
	    "n = 1", "t.html", "<li>&lt;p&gt;/</li>");
}

/* An error on line 7 after multi-line text, comments and code. */
static void
test_lines_runtime(void **state)
{
	err_eq("<p>多行\n"
	    "文字</p>{# 注释\n"
	    "两行 #}\n"
	    "{% local a = 1\n"
	    "   local b = 2 %}\n"
	    "{{ \"x\" }}{% -- 注释 %}\n"
	    "{{ nothing.field }}\n"
	    "<p>after</p>\n",
	    "t.html:7: attempt to index a nil value (global 'nothing')");
	/* after a line comment on the same line */
	err_eq("{% -- c %}{{ nothing.x }}",
	    "t.html:1: attempt to index a nil value (global 'nothing')");
	err_eq("{{ 1 -- c }}{{ nothing.x }}\n",
	    "t.html:1: attempt to index a nil value (global 'nothing')");
	err_eq("{% -- c %}\n{{ nothing.x }}",
	    "t.html:2: attempt to index a nil value (global 'nothing')");
	/* after trimming tags that eat newlines */
	err_eq("a\n\n{{- 1 -}}\n\n\n{{ nothing.x }}",
	    "t.html:6: attempt to index a nil value (global 'nothing')");
	err_eq("{#- a\nb -#}\n\n{{ nothing.x }}",
	    "t.html:4: attempt to index a nil value (global 'nothing')");
	/* CRLF, a lone CR in code, a byte order mark */
	err_eq("a\r\nb\r\n{{ nothing.x }}",
	    "t.html:3: attempt to index a nil value (global 'nothing')");
	err_eq("{% local a = 1\r local b = 2 %}\n{{ nothing.x }}",
	    "t.html:2: attempt to index a nil value (global 'nothing')");
	err_eq("{% local a = 1\n\r local b = 2\r\n %}\n{{ nothing.x }}",
	    "t.html:4: attempt to index a nil value (global 'nothing')");
	err_eq("\xEF\xBB\xBF\n{{ nothing.x }}",
	    "t.html:2: attempt to index a nil value (global 'nothing')");
	/* a long string in code, a tag over several lines */
	err_eq("{% local s = [[\n\n]] %}\n{{ nothing.x }}",
	    "t.html:4: attempt to index a nil value (global 'nothing')");
	err_eq("{% block\n a %}\n{{ nothing.x }}{% endblock %}",
	    "t.html:3: attempt to index a nil value (global 'nothing')");
	err_eq("{% if yes\nthen %}\n\n{{ nothing.x }}{% end %}",
	    "t.html:4: attempt to index a nil value (global 'nothing')");
	err_eq("{{\n\n nothing.x }}",
	    "t.html:3: attempt to index a nil value (global 'nothing')");
	err_eq("{% error(\"停\") %}", "t.html:1: 停");
	err_eq("\n\n{% error(\"停\") %}", "t.html:3: 停");
}

static void
test_lines_include(void **state)
{
	/* newlines around and inside an include's variables table */
	render_err(TPL(ITEM, { "t.html", "{% include \"item.html\",\n"
	    "  {title = 1}\n%}\n{{ nothing.x }}", 0 }), VARS, "t.html",
	    "t.html:4: attempt to index a nil value (global 'nothing')");
	render_err(TPL(ITEM, { "t.html", "{% include \"item.html\",\n"
	    "  {title = nothing.x} %}", 0 }), VARS, "t.html",
	    "t.html:2: attempt to index a nil value (global 'nothing')");
	render_err(TPL(ITEM, { "t.html", "{%\ninclude\n\"item.html\"\n%}\n"
	    "{{ nothing.x }}", 0 }), VARS, "t.html",
	    "t.html:5: attempt to index a nil value (global 'nothing')");
	/* an error in the included template names it */
	render_err(TPL({ "inc.html", "ok\n{{ nothing.x }}", 0 },
	    { "t.html", "\n\n{% include \"inc.html\" %}", 0 }), VARS, "t.html",
	    "inc.html:2: attempt to index a nil value (global 'nothing')");
}

static void
test_lines_extends(void **state)
{
	/* in a child's block, after comments before extends */
	render_err(TPL(BASE, { "c.html", "{# c #}\n\n"
	    "{% extends \"base.html\" %}\n{% block main %}\n"
	    "{{ nothing.x }}{% endblock %}", 0 }), VARS, "c.html",
	    "c.html:5: attempt to index a nil value (global 'nothing')");
	/* in the base's default */
	render_err(TPL({ "b.html", "a\n\n{% block a %}\n{{ nothing.x }}"
	    "{% endblock %}", 0 }, { "c.html", "{% extends \"b.html\" %}",
	    0 }), VARS, "c.html",
	    "b.html:4: attempt to index a nil value (global 'nothing')");
	/* in a nested block of a child */
	render_err(TPL(BASE, { "c.html", "{% extends \"base.html\" %}\n"
	    "{% block main %}\n{% block x %}\n\n{{ nothing.x }}"
	    "{% endblock %}{% endblock %}", 0 }), VARS, "c.html",
	    "c.html:5: attempt to index a nil value (global 'nothing')");
	/* in code outside the blocks */
	render_err(TPL(BASE, { "c.html", "{% extends \"base.html\" %}\n\n"
	    "{% local v = nothing.x %}", 0 }), VARS, "c.html",
	    "c.html:3: attempt to index a nil value (global 'nothing')");
}

static void
test_lines_syntax(void **state)
{
	err_starts("a\nb\n{% if then %}{% end %}", "t.html:3: ");
	err_starts("{# x\ny #}\n{{ 1 + }}", "t.html:3: ");
	err_starts("{% local a = 1\r %}\n{{ 1 + }}", "t.html:2: ");
	err_starts("{% -- c %}{{ 1 + }}\n", "t.html:1: ");
	err_starts("x\n{% end %}\ny", "t.html:2: ");
	/* an unclosed for: Lua finds out at the last line */
	err_starts("{% for i = 1, 2 do %}\nx\ny", "t.html:3: ");
	err_starts("{% for i = 1, 2 do %}\nx\n", "t.html:3: ");
	err_starts("{% block a %}\n\n{% if yes then %}{% endblock %}\nz",
	    "t.html:4: ");
}

#define E_QUOTE		"模板错误：引号里的文字没有在同一行结束：请补上另一个引号"
#define E_LONG		"模板错误：[[ 开始的长字符串或 --[[ 开始的注释没有对应的 ]]"

static void
test_err_unclosed(void **state)
{
	compile_err("a\n{{ x", "模板错误：{{ 没有对应的 }}", 2);
	compile_err("{{", "模板错误：{{ 没有对应的 }}", 1);
	compile_err("{{ x }\n}", "模板错误：{{ 没有对应的 }}", 1);
	compile_err("{%- if x then", "模板错误：{% 没有对应的 %}", 1);
	compile_err("x\n\n{# note\n", "模板错误：{# 没有对应的 #}", 3);
	compile_err("{# a }} %} #", "模板错误：{# 没有对应的 #}", 1);
	/* a string or long bracket that does not end hides the close */
	compile_err("\n{{ \"abc }}", E_QUOTE, 2);
	compile_err("{{ 'a\n' }}", E_QUOTE, 1);
	compile_err("{{ x .. \n\n 'a\\'\n }}", E_QUOTE, 3);
	compile_err("{% include \"a\n\" %}", E_QUOTE, 1);
	compile_err("{{ \"abc", E_QUOTE, 1);
	compile_err("{% x = [[ %}", E_LONG, 1);
	compile_err("{% x = 1\n--[==[ %}\n]] %}", E_LONG, 2);
	compile_err("{% x = [=[ ]] %}", E_LONG, 1);
	/* but these end */
	compile_eq("{{ 'a\\z\n  b' }}",
	    HEAD " _E(_o,(  'a\\z\n  b' )) end");
	out_eq("{{ 'a\\z\n  b' }}", "ab");
	out_eq("{{ \"a\\\nb\" }}", "a\nb");
}

#define E_BLOCKNAME	"模板错误：block 后面应当是一个名字，如 {% block main %}"
#define E_ENDBLOCK	"模板错误：endblock 前面没有对应的 block"
#define E_NOEND		"模板错误：block 没有对应的 {% endblock %}"
#define E_DUP		"模板错误：同名的 block 在一个模板里出现了两次"
#define E_ENDNAME	"模板错误：endblock 后面只能写 block 的名字"
#define E_ENDOTHER	"模板错误：endblock 后面的名字和正在结束的 block 的名字不一样"

static void
test_err_blocks(void **state)
{
	compile_err("{% block %}{% endblock %}", E_BLOCKNAME, 1);
	compile_err("\n{%- block -%}", E_BLOCKNAME, 2);
	compile_err("{% block 1a %}", E_BLOCKNAME, 1);
	compile_err("{% block a b %}", E_BLOCKNAME, 1);
	compile_err("{% block a-b %}", E_BLOCKNAME, 1);
	compile_err("{% block \"a\" %}", E_BLOCKNAME, 1);
	compile_err("x\n{% endblock %}", E_ENDBLOCK, 2);
	compile_err("{% block a %}{% endblock %}{% endblock %}", E_ENDBLOCK, 1);
	compile_err("{% block a %}\n{% block b %}{% endblock %}\n", E_NOEND, 1);
	compile_err("{% block a %}{% endblock %}\n{% block b %}\n"
	    "{% block c %}", E_NOEND, 3);
	compile_err("{% block a %}{% endblock %}\n{% block a %}{% endblock %}",
	    E_DUP, 2);
	compile_err("{% block a %}\n\n{% block a %}", E_DUP, 3);
	compile_err("{% block a %}{% endblock b %}", E_ENDOTHER, 1);
	compile_err("{% block a %}{% block b %}\n{% endblock a %}"
	    "{% endblock b %}", E_ENDOTHER, 2);
	compile_err("{% block a %}{% endblock a b %}", E_ENDNAME, 1);
	compile_err("{% block a %}{% endblock \"a\" %}", E_ENDNAME, 1);
}

static void
test_deep_blocks(void **state)
{
	struct buf	 b = BUF_INIT, lua = BUF_INIT, err = BUF_INIT;
	int		 i, line = -1;

	for (i = 0; i < 64; i++)
		buf_printf(&b, "{%% block b%d %%}\n", i);
	buf_puts(&b, "x");
	for (i = 0; i < 64; i++)
		buf_puts(&b, "{% endblock %}");
	assert_int_equal(tmpl_compile(b.ptr, b.len, &lua, &err, &line), 1);
	buf_clear(&err);
	for (i = 0; i < 64; i++)
		buf_putc(&err, '\n');
	buf_putc(&err, 'x');
	render_eq(ONE(b.ptr), NULL, "t.html", err.ptr);
	buf_clear(&b);
	for (i = 0; i < 65; i++)
		buf_printf(&b, "{%% block b%d %%}\n", i);
	compile_err(b.ptr, "模板错误：block 嵌套太深", 65);
	buf_free(&b);
	buf_free(&lua);
	buf_free(&err);
}

#define E_NOTFIRST	"模板错误：extends 必须写在模板的最开头"
#define E_EXTNAME	"模板错误：extends 后面应当是带引号的模板名，" \
			"如 {% extends \"baseof.html\" %}"
#define E_TEXT		"模板错误：继承模板（extends）中 block 之外的文字" \
			"不会输出：请把它移到某个 block 里"
#define E_EXPR		"模板错误：继承模板（extends）中 block 之外的 {{ }} " \
			"不会输出：请把它移到某个 block 里"
#define E_INCOUT	"模板错误：继承模板（extends）中 block 之外的 " \
			"include 不会输出：请把它移到某个 block 里"

static void
test_err_extends(void **state)
{
	compile_err("<p>\n{% extends \"base.html\" %}", E_NOTFIRST, 2);
	compile_err("{% x = 1 %}{% extends 'b' %}", E_NOTFIRST, 1);
	compile_err("{% extends \"a\" %}{% extends \"b\" %}", E_NOTFIRST, 1);
	compile_err("{% extends base.html %}", E_EXTNAME, 1);
	compile_err("\n\n{# c #}\n{% extends %}", E_EXTNAME, 4);
	compile_err("{% extends \"a' %}", E_EXTNAME, 1);
	compile_err("{% extends \"\" %}", E_EXTNAME, 1);
	compile_err("{% extends \"a\" \"b\" %}", E_EXTNAME, 1);
	compile_err("{% extends \"a\\\"b\" %}", E_EXTNAME, 1);
	compile_err("{% extends \"b\" %}\n\n  text\n{% block a %}{% endblock %}",
	    E_TEXT, 3);
	compile_err("{% extends \"b\" %}{% block a %}{% endblock %}\n\n"
	    "trailing", E_TEXT, 3);
	compile_err("{% extends \"b\" %}\n{{ x }}", E_EXPR, 2);
	compile_err("{% extends \"b\" %}\n{{& x }}", E_EXPR, 2);
	compile_err("{% extends \"b\" %}\n\n{% include \"i\" %}", E_INCOUT, 3);
}

#define E_EMPTY		"模板错误：{{ }} 里没有内容"
#define E_INCLUDE	"模板错误：include 后面应当是带引号的模板名，可以" \
			"再加一个变量表，如 {% include \"partials/item.html\", " \
			"{p = p} %}"

static void
test_err_misc(void **state)
{
	compile_err("{{ }}", E_EMPTY, 1);
	compile_err("x\n{{}}", E_EMPTY, 2);
	compile_err("{{- -}}", E_EMPTY, 1);
	compile_err("{{& }}", E_EMPTY, 1);
	compile_err("{{ -- nothing }}", E_EMPTY, 1);
	compile_err("{{\n\n}}", E_EMPTY, 1);
	/* lines after multi-line code, expressions, includes, comments */
	compile_err("{% a = 1\nb = 2 %}\n{{ }}", E_EMPTY, 3);
	compile_err("{{ a\n}}{% block %}", E_BLOCKNAME, 2);
	compile_err("{% include \"i\",\n{a = 1}\n%}\n\n{% endblock %}",
	    E_ENDBLOCK, 5);
	compile_err("{#\n\n#}{%- x = [[\n]] -%}\n\n{{}}", E_EMPTY, 6);
	compile_err("{% -- a\n-- b\n%}{{}}", E_EMPTY, 3);
	compile_err("{% include item.html %}", E_INCLUDE, 1);
	compile_err("\n{% include \"a\" \"b\" %}", E_INCLUDE, 2);
	compile_err("{% include \"a\", %}", E_INCLUDE, 1);
	compile_err("{% include \"a\",\n %}", E_INCLUDE, 1);
	compile_err("{% include %}", E_INCLUDE, 1);
	compile_err("{% include \"\" %}", E_INCLUDE, 1);
	compile_err("{% include \"a\" {p = 1} %}", E_INCLUDE, 1);
	compile_err("{% include 'a\\'b' %}", E_INCLUDE, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lua_source),
		cmocka_unit_test(test_lua_source_appends),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_strings_in_tags),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_line_comments),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_blocks_plain),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_code),
		cmocka_unit_test(test_extends_three),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_lines_runtime),
		cmocka_unit_test(test_lines_include),
		cmocka_unit_test(test_lines_extends),
		cmocka_unit_test(test_lines_syntax),
		cmocka_unit_test(test_err_unclosed),
		cmocka_unit_test(test_err_blocks),
		cmocka_unit_test(test_deep_blocks),
		cmocka_unit_test(test_err_extends),
		cmocka_unit_test(test_err_misc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
