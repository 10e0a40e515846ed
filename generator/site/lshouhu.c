#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "forms/csv.h"
#include "lib/date.h"
#include "site/lshouhu.h"
#include "site/svg.h"
#include "site/markdown.h"
#include "site/qr.h"
#include "site/sandbox.h"
#include "site/site.h"
#include "lib/text.h"

static const char SITE_KEY[] = "shouhu.site";

/* The most memory one Lua state may use: far above any real site. */
#define LUA_MEMORY_LIMIT	((size_t)1 << 30)

static size_t lua_used;

static void *
limited_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
	void	*q;

	(void)ud;
	if (p == NULL)
		osize = 0;
	if (nsize == 0) {
		free(p);
		lua_used -= osize;
		return NULL;
	}
	if (nsize > osize && nsize - osize > LUA_MEMORY_LIMIT - lua_used)
		return NULL;
	if ((q = realloc(p, nsize)) == NULL)
		return NULL;
	lua_used += nsize - osize;
	return q;
}

/*
 * Returns a new Lua state whose memory is limited (1 GB), so a runaway
 * template fails with an error instead of exhausting the machine.  There
 * is one such state per process.
 */
lua_State *
lshouhu_newstate(void)
{
	return lua_newstate(limited_alloc, NULL);
}

/*
 * Returns the error object at index i as text without calling Lua (no
 * __tostring metamethod, which could itself fail): a string or number as
 * it is, anything else a fixed message.  The pointer lives as long as the
 * value stays on the stack.
 */
const char *
lshouhu_errmsg(lua_State *L, int i)
{
	const char *s;

	if (lua_type(L, i) == LUA_TSTRING || lua_type(L, i) == LUA_TNUMBER)
		if ((s = lua_tostring(L, i)) != NULL)
			return strcmp(s, "not enough memory") == 0 ?
			    "内存不够了：模板或脚本用了超过 1 GB 内存，可能有失控"
			    "的循环" : s;
	return "Lua 报告了一个不是文字的错误（error 的参数应当是文字）";
}

/* Returns the site this Lua state belongs to. */
struct site *
lshouhu_site(lua_State *L)
{
	struct site *s;

	lua_getfield(L, LUA_REGISTRYINDEX, SITE_KEY);
	s = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return s;
}

/* Pushes the contents of b as a Lua string and frees b. */
static int
push_buf(lua_State *L, struct buf *b)
{
	lua_pushlstring(L, b->ptr, b->len);
	buf_free(b);
	return 1;
}

/* shouhu.escape(s): s with & < > " ' replaced by HTML entities. */
static int
l_escape(lua_State *L)
{
	struct buf b = BUF_INIT;
	const char *s;
	size_t	 n;

	if (lua_isnoneornil(L, 1)) {
		lua_pushliteral(L, "");
		return 1;
	}
	s = luaL_tolstring(L, 1, &n);
	text_escape_html(&b, s, n);
	return push_buf(L, &b);
}

/*
 * shouhu.url(s): a URL safe to put in href or src.  A site path "/a/" gets
 * the base path in front; http, https, mailto and tel URLs and relative
 * ones are kept; anything else (javascript:, data:) becomes "#".
 */
static int
l_url(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct buf b = BUF_INIT;
	const char *u;
	size_t	 n;

	u = luaL_optlstring(L, 1, "", &n);
	if (u[0] == '/' && u[1] != '/') {
		buf_puts(&b, s->basepath);
		buf_put(&b, u + 1, n - 1);
	} else if (text_url_safe(u, n))
		buf_put(&b, u, n);
	else
		buf_putc(&b, '#');
	return push_buf(L, &b);
}

/* shouhu.absurl(s): the absolute URL of site path s ("/a/" or "a/"). */
static int
l_absurl(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct buf b = BUF_INIT;
	const char *u;
	size_t	 n, bp;

	u = luaL_optlstring(L, 1, "", &n);
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0) {
		lua_pushvalue(L, 1);
		return 1;
	}
	/* a path that already has the base path in it, like page.url */
	bp = strlen(s->basepath);
	if (n >= bp && strncmp(u, s->basepath, bp) == 0)
		u += bp, n -= bp;
	else if (n && u[0] == '/')
		u++, n--;
	buf_puts(&b, s->baseurl);
	buf_put(&b, u, n);
	return push_buf(L, &b);
}

/*
 * shouhu.date(t [, fmt]): formats Unix time t in the site's time zone.
 * fmt is strftime-like (%Y %m %d %H %M %S, %K 星期一, %n month and %o day
 * without leading zero); the default is "%Y-%m-%d".  nil gives "".
 */
static int
l_date(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct buf b = BUF_INIT;
	lua_Integer t;

	if (lua_isnoneornil(L, 1)) {
		lua_pushliteral(L, "");
		return 1;
	}
	t = luaL_checkinteger(L, 1);
	date_format(&b, luaL_optstring(L, 2, "%Y-%m-%d"), (int64_t)t, s->tzoff);
	return push_buf(L, &b);
}

/* shouhu.markdown(s): the HTML of Markdown text s (output it raw). */
static int
l_markdown(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct buf b = BUF_INIT;
	const char *src;
	size_t	 n;

	if (lua_isnoneornil(L, 1)) {
		lua_pushliteral(L, "");
		return 1;
	}
	src = luaL_checklstring(L, 1, &n);
	/* shouhu.markdown(text, false): no raw HTML, whatever the site says */
	markdown_to_html(&b, src, n, lua_isnoneornil(L, 2) ? s->raw_html :
	    s->raw_html && lua_toboolean(L, 2), s->basepath);
	return push_buf(L, &b);
}

/*
 * Reads the chart table at index 1 ({ id =, title =, unit =, items =
 * { { label =, value = }, ... } }) and draws it with fn.
 */
static int
chart(lua_State *L, void (*fn)(struct buf *, const char *, const char *,
    const struct svg_item *, size_t, const char *))
{
	struct buf	 b = BUF_INIT;
	struct svg_item	*it;
	const char	*id, *title, *unit;
	size_t		 n, i;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "id");
	lua_getfield(L, 1, "title");
	lua_getfield(L, 1, "unit");
	id = luaL_optstring(L, 2, "chart");
	title = luaL_optstring(L, 3, "");
	unit = luaL_optstring(L, 4, "");
	if (lua_getfield(L, 1, "items") != LUA_TTABLE)
		return luaL_error(L, "图表要有 items = { { label = …, value = … }, "
		    "… }");
	n = (size_t)luaL_len(L, 5);
	it = lua_newuserdatauv(L, (n ? n : 1) * sizeof(*it), 0);
	for (i = 0; i < n; i++) {
		if (lua_rawgeti(L, 5, (lua_Integer)i + 1) != LUA_TTABLE)
			return luaL_error(L, "图表 items 的第 %d 项应当是 "
			    "{ label = …, value = … }", (int)i + 1);
		lua_getfield(L, -1, "label");
		lua_getfield(L, -2, "value");
		if (!lua_isstring(L, -2) || !lua_isnumber(L, -1))
			return luaL_error(L, "图表 items 的第 %d 项要有文字 label "
			    "和数字 value", (int)i + 1);
		it[i].label = lua_tostring(L, -2);
		it[i].value = lua_tonumber(L, -1);
		/* the strings stay referenced by the items table */
		lua_pop(L, 3);
	}
	fn(&b, id, title, it, n, unit);
	return push_buf(L, &b);
}

static int
l_bar_chart(lua_State *L)
{
	return chart(L, svg_bar_chart);
}

static int
l_line_chart(lua_State *L)
{
	return chart(L, svg_line_chart);
}

/* The most columns shouhu.csv writes: what Excel and WPS can show. */
#define CSV_SITE_MAX_COLS	16384

/*
 * shouhu.csv{ header = { ... }, rows = { { ... }, ... } }: CSV text for
 * spreadsheets, written by csv_row (collector/csv.c) with CSV_SHEET: UTF-8
 * with a byte order mark (so Excel reads the Chinese right), CRLF line
 * ends, and a ' inside a cell that starts with = + - @ tab or CR, so no
 * spreadsheet runs it (plain decimal numbers such as -5 stay numbers).
 * Cells are strings or numbers; nil is an empty cell.  Returns the text
 * (a Lua string); a row that is not a table, a NUL byte in a cell or too
 * many columns is a Lua error.
 */
static int
l_csv(lua_State *L)
{
	struct buf	 b = BUF_INIT;
	const char	**cells;
	size_t		 n, i, j, nrows, ncols;

	luaL_checktype(L, 1, LUA_TTABLE);
	if (lua_getfield(L, 1, "header") != LUA_TTABLE ||
	    lua_getfield(L, 1, "rows") != LUA_TTABLE)
		return luaL_error(L, "shouhu.csv 要有 header = { … } 和 "
		    "rows = { { … }, … }");
	ncols = (size_t)luaL_len(L, 2);
	nrows = (size_t)luaL_len(L, 3);
	if (ncols > CSV_SITE_MAX_COLS)
		return luaL_error(L, "shouhu.csv：header 有 %d 列，电子表格最多"
		    "显示 %d 列：请把数据分成几个文件", (int)ncols,
		    CSV_SITE_MAX_COLS);
	luaL_checkstack(L, (int)ncols + 2, "shouhu.csv 的列太多");
	/* index 4; the cells of a row stay on the stack above its table */
	cells = lua_newuserdatauv(L, (ncols ? ncols : 1) * sizeof(*cells), 0);
	buf_puts(&b, CSV_BOM);
	for (i = 0; i <= nrows; i++) {
		if (i == 0)
			lua_pushvalue(L, 2);
		else if (lua_rawgeti(L, 3, (lua_Integer)i) != LUA_TTABLE) {
			buf_free(&b);
			return luaL_error(L, "shouhu.csv：rows 的第 %d 项应当是"
			    "一行（表）", (int)i);
		}
		for (j = 0; j < ncols; j++) {
			cells[j] = "";
			lua_rawgeti(L, 5, (lua_Integer)j + 1);
			if (lua_type(L, -1) != LUA_TNUMBER &&
			    lua_type(L, -1) != LUA_TSTRING)
				continue;
			/* a number is turned into a string in its slot */
			cells[j] = lua_tolstring(L, -1, &n);
			if (memchr(cells[j], '\0', n) == NULL)
				continue;
			buf_free(&b);
			if (i == 0)
				return luaL_error(L, "shouhu.csv：header 的第 %d "
				    "项有 NUL 字符：表格里不能有它，请在脚本里"
				    "去掉", (int)j + 1);
			return luaL_error(L, "shouhu.csv：rows 的第 %d 行第 %d "
			    "列有 NUL 字符：表格里不能有它，请在脚本里去掉",
			    (int)i, (int)j + 1);
		}
		csv_row(&b, cells, ncols, CSV_SHEET);
		lua_settop(L, 4);
	}
	return push_buf(L, &b);
}

/* Pushes fn applied to the string argument 1. */
static int
filter(lua_State *L, void (*fn)(struct buf *, const char *, size_t))
{
	struct buf b = BUF_INIT;
	const char *src;
	size_t	 n;

	src = luaL_checklstring(L, 1, &n);
	fn(&b, src, n);
	return push_buf(L, &b);
}

/* shouhu.slug(s): s made into a URL slug ("保健品 讲座" -> "保健品-讲座"). */
static int
l_slug(lua_State *L)
{
	return filter(L, text_slugify);
}

/* shouhu.urlencode(s): s percent-encoded, keeping '/'. */
static int
l_urlencode(lua_State *L)
{
	return filter(L, text_url_encode);
}

/* shouhu.summary(text, n): text cut to about n characters (CJK-aware). */
static int
l_summary(lua_State *L)
{
	struct buf b = BUF_INIT;
	const char *src;
	size_t	 n;
	lua_Integer lim;

	src = luaL_checklstring(L, 1, &n);
	lim = luaL_optinteger(L, 2, 120);
	luaL_argcheck(L, lim >= 0, 2, "应当是非负整数");
	text_summary(&b, src, n, (size_t)lim);
	return push_buf(L, &b);
}

/*
 * shouhu.qr(text [, title]): an inline SVG of the QR code of text (output
 * it with {{& }}), whose accessible name is title (default 扫码在手机上打开
 * 本页).  Text too long for a QR code is an error.
 */
static int
l_qr(lua_State *L)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	const char *s, *title;
	size_t	 n;

	s = luaL_checklstring(L, 1, &n);
	title = luaL_optstring(L, 2, QR_TITLE);
	if (qr_svg(&b, s, n, title, &err))
		return push_buf(L, &b);
	luaL_where(L, 1);
	lua_pushliteral(L, "qr：");
	lua_pushstring(L, err.ptr);
	buf_free(&err);
	lua_concat(L, 3);
	return lua_error(L);
}

static const luaL_Reg funcs[] = {
	{ "escape", l_escape },
	{ "url", l_url },
	{ "absurl", l_absurl },
	{ "date", l_date },
	{ "markdown", l_markdown },
	{ "bar_chart", l_bar_chart },
	{ "line_chart", l_line_chart },
	{ "csv", l_csv },
	{ "slug", l_slug },
	{ "urlencode", l_urlencode },
	{ "summary", l_summary },
	{ "qr", l_qr },
	{ NULL, NULL }
};

/*
 * Registers the `shouhu` namespace in L for site s, and the same helpers
 * as globals for templates (`esc` is shouhu.escape).
 */
void
lshouhu_open(lua_State *L, struct site *s)
{
	const luaL_Reg *r;

	lua_pushlightuserdata(L, s);
	lua_setfield(L, LUA_REGISTRYINDEX, SITE_KEY);
	luaL_newlib(L, funcs);
	lua_setglobal(L, "shouhu");
	for (r = funcs; r->name != NULL; r++) {
		lua_pushcfunction(L, r->func);
		lua_setglobal(L, strcmp(r->name, "escape") == 0 ? "esc" : r->name);
	}
}

static void
copy_field(lua_State *L, int cfg, const char *key)
{
	if (lua_getfield(L, cfg, key) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_newtable(L);
	}
	lua_setfield(L, -2, key);
}

/*
 * Sets the global `site` table from the configuration table on top of the
 * stack (left there): title, baseurl, basepath, language, description,
 * params, menus, hotlines, and config (the whole table).
 */
void
lshouhu_set_config(lua_State *L, struct site *s)
{
	int	 cfg = lua_gettop(L);

	lua_newtable(L);
	lua_pushstring(L, s->title);
	lua_setfield(L, -2, "title");
	lua_pushstring(L, s->baseurl);
	lua_setfield(L, -2, "baseurl");
	lua_pushstring(L, s->basepath);
	lua_setfield(L, -2, "basepath");
	lua_pushstring(L, s->language);
	lua_setfield(L, -2, "language");
	lua_pushstring(L, s->description);
	lua_setfield(L, -2, "description");
	copy_field(L, cfg, "params");
	copy_field(L, cfg, "menus");
	copy_field(L, cfg, "hotlines");
	lua_pushvalue(L, cfg);
	lua_setfield(L, -2, "config");
	sandbox_setglobal(L, "site");
}

/*
 * Runs the optional `build` function of the configuration table with the
 * global `site` (pages and sections loaded) as its argument: where
 * site.lua computes what templates need from the pages.  Returns 1, or 0
 * with the Lua error (naming site.lua and the line) in err.  Running
 * longer than the site's timeout ends the process with a message
 * (sandbox_alarm).
 */
int
lshouhu_build_hook(lua_State *L, struct buf *err)
{
	struct site *s = lshouhu_site(L);
	struct buf msg = BUF_INIT;
	int	 top = lua_gettop(L), rc = 1;

	sandbox_getglobal(L, "site");
	sandbox_rawfield(L, -1, "config");
	if (sandbox_rawfield(L, -1, "build") == LUA_TFUNCTION) {
		lua_pushvalue(L, top + 1);
		buf_printf(&msg, "%sscripts/site.lua: build 函数运行超过了 %ld "
		    "秒，已停止：这里可能有死循环或太慢的计算；请检查 build "
		    "函数和它 require 的模块，或在 site.lua 里把 timeout 调大"
		    "（现在是 %ld 秒）", s->root, s->timeout, s->timeout);
		sandbox_alarm((int)s->timeout, msg.ptr);
		if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
			buf_printf(err, "%s（在 site.lua 的 build 函数里）",
			    lshouhu_errmsg(L, -1));
			rc = 0;
		}
		sandbox_alarm_off();
	}
	lua_settop(L, top);
	buf_free(&msg);
	return rc;
}
