#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/errs.h"
#include "lib/utf8.h"
#include "site/lshouhu.h"
#include "site/ltmpl.h"
#include "site/sandbox.h"
#include "site/site.h"
#include "lib/text.h"
#include "site/tmpl.h"
#include "lib/util.h"
#include "lib/walk.h"

static const char TMPL_KEY[] = "shouhu.templates";
static const char ENVMETA_KEY[] = "shouhu.envmeta";
static const char OUTBUF_MT[] = "shouhu.outbuf";

/* No page may grow past this; a runaway loop gets an error instead. */
#define MAX_OUTPUT	((size_t)256 << 20)

static int
too_big(lua_State *L)
{
	return luaL_error(L, "页面超过了 256 MB：模板里可能有失控的循环");
}

/*
 * The output of a template run, the `_o` of compiled templates: a full
 * userdata, so that template code cannot pass anything else (a page object,
 * a saved light userdata) for C to write into.  b is the buffer written
 * to, NULL once the run is over; own is the buffer of a partial().
 */
struct outbuf {
	struct buf	*b;
	struct buf	 own;
};

/* Returns the buffer of the output object at index i, or raises an error. */
static struct buf *
outbuf(lua_State *L, int i)
{
	struct outbuf *o = luaL_testudata(L, i, OUTBUF_MT);

	if (o == NULL || o->b == NULL)
		luaL_error(L, "_W、_E 和 _R 是模板的内部函数：第一个参数"
		    "只能是模板自己的输出 _o，而且只在生成它的页面时有效");
	return o->b;
}

/*
 * Pushes a new output object writing to b (NULL: to a buffer of its own)
 * and returns it.
 */
static struct outbuf *
push_outbuf(lua_State *L, struct buf *b)
{
	struct outbuf *o = lua_newuserdatauv(L, sizeof(*o), 0);

	buf_init(&o->own);
	o->b = b != NULL ? b : &o->own;
	luaL_setmetatable(L, OUTBUF_MT);
	return o;
}

/* _W(out, s): literal text. */
static int
rt_write(lua_State *L)
{
	struct buf *b = outbuf(L, 1);
	size_t	 n;
	const char *s = lua_tolstring(L, 2, &n);

	if (s != NULL) {
		if (n > MAX_OUTPUT - b->len)
			return too_big(L);
		buf_put(b, s, n);
	}
	return 0;
}

static void
put_value(lua_State *L, struct buf *b, int escape)
{
	const char *s;
	size_t	 n;

	switch (lua_type(L, 2)) {
	case LUA_TNIL:
	case LUA_TNONE:
		return;
	case LUA_TSTRING:
		s = lua_tolstring(L, 2, &n);
		break;
	default:
		s = luaL_tolstring(L, 2, &n);
		break;
	}
	if (n > (MAX_OUTPUT - b->len) / (escape ? 6 : 1))
		too_big(L);
	if (escape)
		text_escape_html(b, s, n);
	else
		buf_put(b, s, n);
}

/* _E(out, v): v HTML-escaped; nil gives nothing. */
static int
rt_escape(lua_State *L)
{
	put_value(L, outbuf(L, 1), 1);
	return 0;
}

/* _R(out, v): v as it is. */
static int
rt_raw(lua_State *L)
{
	put_value(L, outbuf(L, 1), 0);
	return 0;
}

static void
push_template(lua_State *L, const char *name, const char *what)
{
	lua_getfield(L, LUA_REGISTRYINDEX, TMPL_KEY);
	if (lua_getfield(L, -1, name) != LUA_TFUNCTION)
		luaL_error(L, "找不到模板“%s”（%s）：模板放在 layouts/ 或"
		    "主题的 layouts/ 里", name, what);
	lua_remove(L, -2);
}

/*
 * _P(env, out, name [, vars]): include template name with the same
 * variables, plus those of table vars if given.  The included template
 * gets a new table with a copy of vars that reads env for the rest: vars
 * itself may be any table (site.params) and must not change.
 */
static int
rt_include(lua_State *L)
{
	const char *name = luaL_checkstring(L, 3);

	if (!lua_isnoneornil(L, 4)) {
		if (!lua_istable(L, 4))
			return luaL_error(L, "include 的第二部分应当是变量表，"
			    "如 {p = p}");
		lua_settop(L, 4);
		lua_newtable(L);
		lua_createtable(L, 0, 1);
		lua_pushvalue(L, 1);
		lua_setfield(L, -2, "__index");
		lua_setmetatable(L, 5);
		lua_pushnil(L);
		while (lua_next(L, 4)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, 5);
		}
		lua_replace(L, 1);
		lua_settop(L, 3);
	}
	push_template(L, name, "include");
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_call(L, 2, 0);
	return 0;
}

/* _X(env, out, blocks, name): render the base template with blocks. */
static int
rt_extend(lua_State *L)
{
	const char *name = luaL_checkstring(L, 4);

	push_template(L, name, "extends");
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_call(L, 3, 0);
	return 0;
}

static int
outbuf_gc(lua_State *L)
{
	struct outbuf *o = luaL_checkudata(L, 1, OUTBUF_MT);

	buf_free(&o->own);
	return 0;
}

/*
 * partial(name [, vars]): renders template name with the variables of
 * table vars (and the globals) and returns the text, to be output with
 * {{& }}.
 */
static int
l_partial(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	struct outbuf *o;

	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);	/* vars stays at 2 (nil when not given) */
	push_template(L, name, "partial");
	ltmpl_newenv(L);
	if (!lua_isnoneornil(L, 2)) {
		lua_pushnil(L);
		while (lua_next(L, 2)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -4);
		}
	}
	o = push_outbuf(L, NULL);	/* 3 fn, 4 env, 5 out */
	lua_pushvalue(L, 5);
	lua_insert(L, 3);
	lua_call(L, 2, 0);
	lua_pushlstring(L, o->own.ptr, o->own.len);
	o->b = NULL;
	buf_free(&o->own);
	return 1;
}

/* Registers the runtime in L: template table, environments, partial(). */
void
ltmpl_open(lua_State *L)
{
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, TMPL_KEY);
	lua_newtable(L);
	lua_pushglobaltable(L);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setfield(L, LUA_REGISTRYINDEX, ENVMETA_KEY);
	luaL_newmetatable(L, OUTBUF_MT);
	lua_pushcfunction(L, outbuf_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	lua_pushcfunction(L, l_partial);
	sandbox_setglobal(L, "partial");
}

/* Pushes a new variables table for a template: unknown names read globals. */
void
ltmpl_newenv(lua_State *L)
{
	lua_newtable(L);
	lua_getfield(L, LUA_REGISTRYINDEX, ENVMETA_KEY);
	lua_setmetatable(L, -2);
}

/*
 * Appends Lua's syntax error m about a compiled template to err, without
 * the names of the template runtime ("near '_W'") and of the function
 * around the whole template, which its author never wrote, and with a
 * hint for the usual mistakes.
 */
static void
syntax_error(struct buf *err, const char *m)
{
	static const char wrap[] = "(to close 'function' at line 1) ";
	const char *q;
	int	 unclosed = 0, extra;

	extra = strstr(m, "<eof> expected") != NULL;
	while (*m != '\0') {
		if (strncmp(m, " near '_", 8) == 0) {
			for (q = m + 8; *q == '_' || isalnum((unsigned char)*q);
			    q++)
				continue;
			if (*q == '\'') {
				m = q + 1;
				continue;
			}
		}
		if (strncmp(m, wrap, sizeof(wrap) - 1) == 0) {
			m += sizeof(wrap) - 1;
			unclosed = 1;
			continue;
		}
		buf_putc(err, *m++);
	}
	buf_puts(err, "（模板里的 Lua 代码有语法错误）");
	if (unclosed)
		buf_puts(err, "：有 if、for、while 或 function 缺少对应的 "
		    "{% end %}");
	else if (extra)
		buf_puts(err, "：多了一个 {% end %}，或者它前面缺少 if、for、"
		    "while 或 do");
}

/*
 * Compiles template src[0..n) and registers it as name; path is the file
 * named in error messages (Lua's chunk name).  Returns 1, or 0 with
 * "path:line: message" in err.
 */
int
ltmpl_add(lua_State *L, const char *name, const char *path,
    const char *src, size_t n, struct buf *err)
{
	struct buf lua = BUF_INIT, msg = BUF_INIT, chunk = BUF_INIT;
	int	 line = 0, rc = 0;
	size_t	 bad;

	if (!utf8_valid(src, n, &bad)) {
		buf_printf(err, "%s: 模板不是 UTF-8 编码：请用 UTF-8 重新保存",
		    path);
		goto out;
	}
	if (!tmpl_compile(src, n, &lua, &msg, &line)) {
		errs_add(err, NULL, path, line, "%s", msg.ptr);
		goto out;
	}
	buf_printf(&chunk, "@%s", path);
	if (luaL_loadbufferx(L, lua.ptr, lua.len, chunk.ptr, "t") != LUA_OK) {
		syntax_error(err, lshouhu_errmsg(L, -1));
		lua_pop(L, 1);
		goto out;
	}
	/* the chunk only returns the template's function, which gets its
	 * variables as _ENV; code a template slips outside that function
	 * sees no globals */
	lua_pushnil(L);
	lua_setupvalue(L, -2, 1);
	lua_pushcfunction(L, rt_write);
	lua_pushcfunction(L, rt_escape);
	lua_pushcfunction(L, rt_raw);
	lua_pushcfunction(L, rt_include);
	lua_pushcfunction(L, rt_extend);
	if (lua_pcall(L, 5, 1, 0) != LUA_OK) {
		buf_printf(err, "%s", lshouhu_errmsg(L, -1));
		lua_pop(L, 1);
		goto out;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, TMPL_KEY);
	lua_insert(L, -2);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
	rc = 1;
out:
	buf_free(&lua);
	buf_free(&msg);
	buf_free(&chunk);
	return rc;
}

/*
 * Loads one template file; name is its path under layouts/.  Code that
 * runs longer than the site's timeout while it loads ends the process
 * with a message (sandbox_alarm).
 */
static int
load_one(lua_State *L, const char *path, const char *name, struct buf *err)
{
	struct site *s = lshouhu_site(L);
	struct buf src = BUF_INIT, msg = BUF_INIT;
	int	 rc;

	if (!files_read(&src, path)) {
		buf_printf(err, "%s: 无法读取：%s", path, util_strerror(errno));
		return 0;
	}
	buf_printf(&msg, "%s: 加载模板时运行超过了 %ld 秒，已停止：模板里的代码"
	    "应当只在生成页面时运行；请检查这个模板的 {%% %%}", path,
	    s->timeout);
	sandbox_alarm((int)s->timeout, msg.ptr);
	rc = ltmpl_add(L, name, path, src.ptr, src.len, err);
	sandbox_alarm_off();
	buf_free(&src);
	buf_free(&msg);
	return rc;
}

/* The loading of the templates of a layouts/ folder (layout_entry). */
struct tload {
	lua_State	*L;
	struct site	*s;
	struct buf	*err;
};

/*
 * Loads a template file of layouts/, named by its path below it; a link
 * leading out of the site is refused (site_may_read).  Returns what the
 * walk does next: WALK_STOP with the message in t->err on a problem.
 */
static enum walk_next
layout_entry(const struct walk_entry *e, void *arg)
{
	struct tload *t = arg;

	if (!site_may_read(t->s, e, t->err, NULL) || (e->kind == WALK_FILE &&
	    !load_one(t->L, e->path, e->rel, t->err)))
		return WALK_STOP;
	return WALK_GO;
}

/*
 * Loads every template of the theme's layouts/ and then of the site's
 * layouts/ (either may be missing), which replace theme templates of the
 * same name.  Returns 1, or 0 with "path:line: message" in err for the
 * first broken template.
 */
int
ltmpl_load(lua_State *L, struct site *s, struct buf *err)
{
	struct tload t = { L, s, err };

	return walk_tree(s->layoutdirs[1], WALK_MISSING_OK, layout_entry, &t,
	    err, NULL) && walk_tree(s->layoutdirs[0], WALK_MISSING_OK,
	    layout_entry, &t, err, NULL);
}

/* Returns whether a template called name is loaded. */
int
ltmpl_has(lua_State *L, const char *name)
{
	int	 t;

	lua_getfield(L, LUA_REGISTRYINDEX, TMPL_KEY);
	t = lua_getfield(L, -1, name);
	lua_pop(L, 2);
	return t == LUA_TFUNCTION;
}

/*
 * Renders template name with the variables table on top of the stack
 * (popped), appending to out.  Returns 1, or 0 with the Lua error (which
 * names the template file and line) in err.
 */
int
ltmpl_render(lua_State *L, const char *name, struct buf *out,
    struct buf *err)
{
	struct outbuf *o;
	int	 rc = 1;

	lua_getfield(L, LUA_REGISTRYINDEX, TMPL_KEY);
	if (lua_getfield(L, -1, name) != LUA_TFUNCTION) {
		lua_pop(L, 3);
		buf_printf(err, "找不到模板“%s”", name);
		return 0;
	}
	lua_remove(L, -2);
	lua_insert(L, -2);
	/* fn, env, out: a copy of out stays below fn for after the call */
	o = push_outbuf(L, out);
	lua_pushvalue(L, -1);
	lua_insert(L, -4);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		buf_puts(err, lshouhu_errmsg(L, -1));
		lua_pop(L, 1);
		rc = 0;
	}
	o->b = NULL;
	lua_pop(L, 1);
	return rc;
}
