/*
 * The Lua sandbox of site scripts and templates, and the wall clock of
 * the Lua the main process runs (see sandbox.h).
 *
 * Site scripts and themes are untrusted code: they must not read the
 * ledger file or anything else on the machine, write files, run programs,
 * load C code or binary chunks (which Lua does not check and which can
 * corrupt memory), or reach the internals of other functions (debug).
 * They keep everything a site needs: the base functions, string, table,
 * math, utf8, coroutine, os.time/date/clock, and require of their own Lua
 * files under scripts/.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "site/incr.h"
#include "site/sandbox.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* Why io, os, dofile and loadfile are refused. */
#define NO_FILES	"网站的脚本和模板不能读写文件、运行程序或直接访问账本"
#define USE_LEDGER	"；要用账本里的数据，请用 ledger.query"

static const char IO_WHY[] = NO_FILES USE_LEDGER;
static const char OS_WHY[] = NO_FILES
    "（os 里只能用 os.time、os.date 和 os.clock）" USE_LEDGER;
static const char FILE_WHY[] = NO_FILES "；要用 scripts/ 里别的 Lua 文件，"
    "请写 require \"名字\"（加载 scripts/名字.lua）";
static const char DEBUG_WHY[] = "网站的脚本和模板不能用 debug 库：它能读写"
    "别的函数内部的数据，绕过这些限制";
static const char PACKAGE_WHY[] = "网站的脚本和模板不能加载 C 库；require "
    "只加载网站 scripts/ 文件夹里的 Lua 文件（require \"data\" 加载 "
    "scripts/data.lua）";
#define BINARY_WHY	"网站的脚本和模板只能用 Lua 源代码，二进制代码块不经" \
    "检查，能让 Lua 崩溃"
static const char OUTSIDE_WHY[] = "脚本只能加载网站 scripts/ 文件夹里的 "
    "Lua 文件";

/*
 * __index of a library scripts may not use; upvalues: its name, why, and
 * optionally the one key refused (others are simply absent).  Raises
 * "io.open：why" at the line of the script that asked.
 */
static int
refuse_field(lua_State *L)
{
	const char *key = lua_tostring(L, 2), *only;

	only = lua_tostring(L, lua_upvalueindex(3));
	if (only != NULL && (key == NULL || strcmp(key, only) != 0))
		return 0;
	return luaL_error(L, "%s.%s：%s", lua_tostring(L, lua_upvalueindex(1)),
	    key != NULL ? key : "?", lua_tostring(L, lua_upvalueindex(2)));
}

/* A function scripts may not call; upvalues: its name and why. */
static int
refuse_call(lua_State *L)
{
	return luaL_error(L, "%s：%s", lua_tostring(L, lua_upvalueindex(1)),
	    lua_tostring(L, lua_upvalueindex(2)));
}

/*
 * Gives the table on top of the stack a locked metatable whose __index
 * refuses name.<key> (only that key when only is not NULL) saying why.
 */
static void
guard(lua_State *L, const char *name, const char *why, const char *only)
{
	lua_createtable(L, 0, 2);
	lua_pushstring(L, name);
	lua_pushstring(L, why);
	if (only != NULL)
		lua_pushstring(L, only);
	else
		lua_pushnil(L);
	lua_pushcclosure(L, refuse_field, 3);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

/* Sets global name to a function that refuses to run, saying why. */
static void
refuse_global(lua_State *L, const char *name, const char *why)
{
	lua_pushstring(L, name);
	lua_pushstring(L, why);
	lua_pushcclosure(L, refuse_call, 2);
	lua_setglobal(L, name);
}

/*
 * load(chunk [, chunkname [, mode [, env]]]): Lua's load (upvalue 1) of
 * source text only, whatever mode says; env defaults to the globals of
 * the sandbox.  A binary chunk raises an error saying why.
 */
static int
l_load(lua_State *L)
{
	int	 n = lua_gettop(L), t = lua_type(L, 1);
	const char *msg;

	luaL_argexpected(L, t == LUA_TSTRING || t == LUA_TFUNCTION, 1,
	    "string or function");
	luaL_optstring(L, 2, NULL);
	lua_settop(L, 4);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushliteral(L, "t");
	if (n >= 4)
		lua_pushvalue(L, 4);
	lua_call(L, n >= 4 ? 4 : 3, 2);
	if (lua_isnil(L, -2) && (msg = lua_tostring(L, -1)) != NULL &&
	    strstr(msg, "binary chunk") != NULL)
		return luaL_error(L, "load：不能加载二进制代码块：" BINARY_WHY);
	return 2;
}

/*
 * collectgarbage([opt [, arg]]): "collect" (the default), "count", "step"
 * and "isrunning".  The pages a worker renders share one Lua state, so
 * stopping or retuning the collector in one page would make every later
 * page of that worker grow towards the memory limit: refused.
 */
static int
l_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	int	 k, b;

	if (strcmp(opt, "collect") == 0) {
		lua_gc(L, LUA_GCCOLLECT);
		lua_pushinteger(L, 0);
	} else if (strcmp(opt, "count") == 0) {
		k = lua_gc(L, LUA_GCCOUNT);
		b = lua_gc(L, LUA_GCCOUNTB);
		lua_pushnumber(L, (lua_Number)k + (lua_Number)b / 1024);
	} else if (strcmp(opt, "step") == 0)
		lua_pushboolean(L, lua_gc(L, LUA_GCSTEP,
		    (int)luaL_optinteger(L, 2, 0)));
	else if (strcmp(opt, "isrunning") == 0)
		lua_pushboolean(L, lua_gc(L, LUA_GCISRUNNING));
	else
		return luaL_error(L, "collectgarbage(\"%s\")：网站的脚本和模板只能"
		    "用 collectgarbage 的 \"collect\"、\"count\"、\"step\" 和 "
		    "\"isrunning\"：一个进程生成的页面共用一个 Lua 环境，停下或"
		    "调整垃圾回收会让之后的每个页面都占着内存", opt);
	return 1;
}

/*
 * setmetatable(t, mt) as Lua's, except that mt may not have __gc: a
 * finalizer runs whenever the collector gets to it, outside the time
 * limit of any page or script.
 */
static int
l_setmetatable(lua_State *L)
{
	int	 t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_pushliteral(L, "__gc");
	if (t == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
		return luaL_error(L, "setmetatable：网站的脚本和模板不能用 __gc："
		    "它在垃圾回收时运行，不受页面和脚本运行时间的限制");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/*
 * print(...): the values, as tostring gives them and separated by tabs,
 * on standard error after the file and line of the call: the output of
 * the build is the site, not what scripts print.
 */
static int
l_print(lua_State *L)
{
	int	 n = lua_gettop(L), i;
	const char *s;
	size_t	 len;

	luaL_where(L, 1);
	lua_pushliteral(L, "print：");
	for (i = 1; i <= n; i++) {
		if (i > 1)
			lua_pushliteral(L, "\t");
		luaL_tolstring(L, i, NULL);
	}
	lua_pushliteral(L, "\n");
	lua_concat(L, lua_gettop(L) - n);
	s = lua_tolstring(L, -1, &len);
	fwrite(s, 1, len, stderr);
	return 0;
}

/* Whether name is identifiers (ASCII letters, digits, _) joined by dots. */
static int
module_name(const char *name)
{
	const char *p = name;

	for (;;) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    *p == '_'))
			return 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')
			p++;
		if (*p == '\0')
			return 1;
		if (*p++ != '.')
			return 0;
	}
}

/*
 * Reads the source of module name (a valid module name) of the site at
 * root: <root>scripts/a/b.lua for "a.b", which must be a file inside the
 * scripts folder once symbolic links are followed.  Returns 1 with its
 * path in path and its text in src, or 0 with the reason in why.
 */
static int
module_source(const char *root, const char *name, struct buf *path,
    struct buf *src, struct buf *why)
{
	struct buf dir = BUF_INIT;
	char	*rdir = NULL, *rfile = NULL;
	const char *p;
	size_t	 n;
	int	 ok = 0;

	buf_printf(&dir, "%sscripts", root);
	buf_printf(path, "%s/", dir.ptr);
	for (p = name; *p != '\0'; p++)
		buf_putc(path, *p == '.' ? '/' : *p);
	buf_puts(path, ".lua");
	if ((rfile = realpath(path->ptr, NULL)) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			buf_printf(why, "找不到 %s：模块要放在网站的 scripts/ "
			    "文件夹里", path->ptr);
		else
			buf_printf(why, "无法读取 %s：%s", path->ptr,
			    util_strerror(errno));
		goto out;
	}
	if ((rdir = realpath(dir.ptr, NULL)) == NULL ||
	    strncmp(rfile, rdir, n = strlen(rdir)) != 0 || rfile[n] != '/') {
		buf_printf(why, "%s 指向 scripts/ 文件夹以外的文件：%s",
		    path->ptr, OUTSIDE_WHY);
		goto out;
	}
	if (!files_read(src, rfile)) {
		buf_printf(why, "无法读取 %s：%s", path->ptr, util_strerror(errno));
		goto out;
	}
	ok = 1;
out:
	free(rdir);
	free(rfile);
	buf_free(&dir);
	return ok;
}

/*
 * Loads the chunk of module name of the site at upvalue 2 (its root).
 * Returns 1 with the chunk and its path pushed, or 0 with an error
 * message pushed.
 */
static int
load_module(lua_State *L, const char *name)
{
	struct buf path = BUF_INIT, src = BUF_INIT, why = BUF_INIT;
	int	 ok = 0;

	if (!module_source(lua_tostring(L, lua_upvalueindex(2)), name, &path,
	    &src, &why)) {
		luaL_where(L, 1);
		lua_pushfstring(L, "require \"%s\"：%s", name, why.ptr);
		lua_concat(L, 2);
	} else {
		buf_printf(&why, "@%s", path.ptr);
		if (luaL_loadbufferx(L, src.ptr, src.len, why.ptr, "t") ==
		    LUA_OK) {
			lua_pushstring(L, path.ptr);
			ok = 1;
		} else if (lua_type(L, -1) == LUA_TSTRING &&
		    strstr(lua_tostring(L, -1), "binary chunk") != NULL) {
			lua_pop(L, 1);
			luaL_where(L, 1);
			lua_pushfstring(L, "require \"%s\"：%s 是二进制代码块：%s",
			    name, path.ptr, BINARY_WHY);
			lua_concat(L, 2);
		}
	}
	buf_free(&path);
	buf_free(&src);
	buf_free(&why);
	return ok;
}

/*
 * require(name): the value of module name, which is loaded once: the Lua
 * source file <root>scripts/<name with dots as slashes>.lua, run as text
 * in the sandbox with the name and the file as arguments.  The libraries
 * of the sandbox are there under their names; io and debug are refused,
 * and so is any name that is not identifiers joined by dots ("../x",
 * "/etc/x") or a file that links outside scripts/.
 */
static int
l_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);

	lua_settop(L, 1);
	if (lua_getfield(L, lua_upvalueindex(1), name) != LUA_TNIL) {
		if (lua_rawequal(L, -1, lua_upvalueindex(3)))
			return luaL_error(L, "require \"%s\"：模块 %s 还没加载完"
			    "又被 require 了（循环 require）：请把两个模块都要用的"
			    "部分放到第三个模块里", name, name);
		return 1;
	}
	if (strcmp(name, "io") == 0 || strcmp(name, "debug") == 0)
		return luaL_error(L, "require \"%s\"：%s", name,
		    name[0] == 'i' ? IO_WHY : DEBUG_WHY);
	if (!module_name(name))
		return luaL_error(L, "require \"%s\"：%s；模块名只能由英文字母、"
		    "数字、_ 和 . 组成，如 \"data\" 或 \"lib.util\"（scripts/"
		    "data.lua、scripts/lib/util.lua）", name, OUTSIDE_WHY);
	if (!load_module(L, name))
		return lua_error(L);
	/* 1 name, 2 nil, 3 chunk, 4 path: run chunk(name, path) */
	lua_pushvalue(L, lua_upvalueindex(3));
	lua_setfield(L, lua_upvalueindex(1), name);
	lua_pushvalue(L, 1);
	lua_insert(L, 4);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		lua_pushnil(L);
		lua_setfield(L, lua_upvalueindex(1), name);
		return lua_error(L);
	}
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, lua_upvalueindex(1), name);
	return 1;
}

/*
 * The os function of upvalue 1 that, called with fewer arguments than
 * upvalue 2, reads the clock: the incremental build learns that what
 * called it depends on when it runs.
 */
static int
l_clocked(lua_State *L)
{
	if (lua_gettop(L) < (int)lua_tointeger(L, lua_upvalueindex(2)))
		incr_rec_flag(INCR_CLOCK);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* Copies os function name of the table at from, as l_clocked, into the
 * table on top; it reads the clock when called with fewer than args. */
static void
clocked(lua_State *L, int from, const char *name, int args)
{
	lua_getfield(L, from, name);
	lua_pushinteger(L, args);
	lua_pushcclosure(L, l_clocked, 2);
	lua_setfield(L, -2, name);
}

/*
 * Opens the sandbox in the new state L (before anything else runs in it):
 * the safe libraries as globals, stubs that refuse the rest with a reason,
 * and require of the Lua files of the site at root ("" or "dir/").
 */
void
sandbox_open(lua_State *L, const char *root)
{
	static const luaL_Reg libs[] = {
		{ LUA_GNAME, luaopen_base },
		{ LUA_STRLIBNAME, luaopen_string },
		{ LUA_TABLIBNAME, luaopen_table },
		{ LUA_MATHLIBNAME, luaopen_math },
		{ LUA_UTF8LIBNAME, luaopen_utf8 },
		{ LUA_COLIBNAME, luaopen_coroutine },
		{ NULL, NULL }
	};
	const luaL_Reg *r;
	int	 loaded;

	lua_newtable(L);
	loaded = lua_gettop(L);
	for (r = libs; r->name != NULL; r++) {
		luaL_requiref(L, r->name, r->func, 1);
		lua_setfield(L, loaded, r->name);
	}

	/* string.dump, and so ("").dump: the string table is the strings'
	 * __index */
	lua_getfield(L, loaded, LUA_STRLIBNAME);
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	guard(L, "string", "不能把函数转成二进制代码块：" BINARY_WHY,
	    "dump");
	lua_pop(L, 1);

	lua_pushcfunction(L, luaopen_os);
	lua_call(L, 0, 1);
	lua_createtable(L, 0, 3);
	clocked(L, -2, "time", 1);
	clocked(L, -2, "date", 2);
	clocked(L, -2, "clock", 99);
	guard(L, "os", OS_WHY, NULL);
	lua_pushvalue(L, -1);
	lua_setglobal(L, LUA_OSLIBNAME);
	lua_setfield(L, loaded, LUA_OSLIBNAME);
	lua_pop(L, 1);

	lua_newtable(L);
	guard(L, "io", IO_WHY, NULL);
	lua_setglobal(L, LUA_IOLIBNAME);
	lua_newtable(L);
	guard(L, "debug", DEBUG_WHY, NULL);
	lua_setglobal(L, LUA_DBLIBNAME);

	lua_createtable(L, 0, 1);
	lua_pushvalue(L, loaded);
	lua_setfield(L, -2, "loaded");
	guard(L, "package", PACKAGE_WHY, NULL);
	lua_pushvalue(L, -1);
	lua_setglobal(L, LUA_LOADLIBNAME);
	lua_setfield(L, loaded, LUA_LOADLIBNAME);

	refuse_global(L, "dofile", FILE_WHY);
	refuse_global(L, "loadfile", FILE_WHY);
	lua_getglobal(L, "load");
	lua_pushcclosure(L, l_load, 1);
	lua_setglobal(L, "load");
	lua_register(L, "collectgarbage", l_collectgarbage);
	lua_register(L, "setmetatable", l_setmetatable);
	lua_register(L, "print", l_print);
	lua_pushvalue(L, loaded);
	lua_pushstring(L, root);
	lua_newtable(L);	/* the marker of a module being loaded */
	lua_pushcclosure(L, l_require, 3);
	lua_setglobal(L, "require");
	lua_pop(L, 1);
}

/*
 * Pops a value and sets global name to it without metamethods: C code
 * must not run script code outside the time limits.
 */
void
sandbox_setglobal(lua_State *L, const char *name)
{
	lua_pushglobaltable(L);
	lua_insert(L, -2);
	lua_pushstring(L, name);
	lua_insert(L, -2);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* Pushes global name, without metamethods, and returns its type. */
int
sandbox_getglobal(lua_State *L, const char *name)
{
	int	 t;

	lua_pushglobaltable(L);
	lua_pushstring(L, name);
	t = lua_rawget(L, -2);
	lua_remove(L, -2);
	return t;
}

/*
 * Pushes field key of the value at index idx without metamethods (nil
 * when that is not a table) and returns its type.
 */
int
sandbox_rawfield(lua_State *L, int idx, const char *key)
{
	idx = lua_absindex(L, idx);
	if (!lua_istable(L, idx)) {
		lua_pushnil(L);
		return LUA_TNIL;
	}
	lua_pushstring(L, key);
	return lua_rawget(L, idx);
}

/* What the main process writes when its time is up, and its length. */
static char alarm_msg[8192];
static size_t alarm_len;
static char alarm_end[1024];

/* SIGALRM: only async-signal-safe calls; the message is ready. */
static void
on_alarm(int sig)
{
	(void)sig;
	if (write(STDERR_FILENO, alarm_msg, alarm_len) < 0)
		_exit(1);
	_exit(1);
}

/* Copies s into dst[size], cut at a character boundary; returns its length. */
static size_t
copy_text(char *dst, size_t size, const char *s)
{
	size_t	 n = strlen(s);

	if (n >= size)
		n = utf8_clip(s, size - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

/*
 * Sets the lines written after the message of every stopped run (what
 * became of the build), each ending with a newline.
 */
void
sandbox_alarm_tail(const char *text)
{
	copy_text(alarm_end, sizeof(alarm_end), text);
}

/*
 * Makes the process write msg (and the tail) on standard error and exit
 * with status 1 once `seconds` have passed, unless sandbox_alarm_off is
 * called first.  Only for code that runs before the build writes anything:
 * the exit leaves nothing to clean up.
 */
void
sandbox_alarm(int seconds, const char *msg)
{
	struct sigaction sa;
	struct buf b = BUF_INIT;

	alarm(0);
	buf_printf(&b, "%s\n%s", msg, alarm_end);
	alarm_len = copy_text(alarm_msg, sizeof(alarm_msg), b.ptr);
	buf_free(&b);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)seconds);
}

/* Cancels the limit of sandbox_alarm. */
void
sandbox_alarm_off(void)
{
	alarm(0);
}
