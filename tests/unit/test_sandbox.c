/*
 * The Lua sandbox of site scripts and templates (sandbox.h).  A state is
 * opened as the build opens it, for a site folder made here, and Lua code
 * run in it as site.lua would be:
 *   - every way out is refused with its exact message, at the line of the
 *     script: io, os beyond time/date/clock, debug, package.loadlib and
 *     the C searchers, dofile, loadfile, binary chunks through load and
 *     require, string.dump (also through the strings' metatable),
 *     collectgarbage("stop") and the like, __gc;
 *   - require loads only Lua source under scripts/ (a.b is scripts/a/b.lua),
 *     once, and refuses "..", absolute paths, links out of scripts/ and
 *     loops;
 *   - what sites use still works: load of text (with the sandbox as its
 *     default environment), os.time/date/clock, coroutines, setmetatable,
 *     getmetatable(""), collectgarbage("count"), print (on stderr, with
 *     the file and line).
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "site/lshouhu.h"
#include "site/sandbox.h"

static char dir[] = "/tmp/test_sandbox.XXXXXX";
static struct buf root = BUF_INIT;	/* dir + "/" */

#define NO_FILES "网站的脚本和模板不能读写文件、运行程序或直接访问账本"
#define USE_LEDGER "；要用账本里的数据，请用 ledger.query"
#define IO_WHY NO_FILES USE_LEDGER
#define OS_WHY NO_FILES "（os 里只能用 os.time、os.date 和 os.clock）" \
	USE_LEDGER
#define FILE_WHY NO_FILES "；要用 scripts/ 里别的 Lua 文件，请写 require " \
	"\"名字\"（加载 scripts/名字.lua）"
#define DEBUG_WHY "网站的脚本和模板不能用 debug 库：它能读写别的函数内部" \
	"的数据，绕过这些限制"
#define PACKAGE_WHY "网站的脚本和模板不能加载 C 库；require 只加载网站 " \
	"scripts/ 文件夹里的 Lua 文件（require \"data\" 加载 scripts/data.lua）"
#define BINARY_WHY "网站的脚本和模板只能用 Lua 源代码，二进制代码块不经" \
	"检查，能让 Lua 崩溃"
#define DUMP_MSG "string.dump：不能把函数转成二进制代码块：" BINARY_WHY
#define BAD_NAME "：脚本只能加载网站 scripts/ 文件夹里的 Lua 文件；模块名" \
	"只能由英文字母、数字、_ 和 . 组成，如 \"data\" 或 \"lib.util\"" \
	"（scripts/data.lua、scripts/lib/util.lua）"
#define GC_MSG "：网站的脚本和模板只能用 collectgarbage 的 \"collect\"、" \
	"\"count\"、\"step\" 和 \"isrunning\"：一个进程生成的页面共用一个 Lua " \
	"环境，停下或调整垃圾回收会让之后的每个页面都占着内存"

/* A binary chunk's header, as string.dump would start it. */
#define BINARY "\x1bLua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08"

static void
put(const char *rel, const char *text, size_t n)
{
	struct buf	 path = BUF_INIT, err = BUF_INIT;

	buf_printf(&path, "%s%s", root.ptr, rel);
	if (!files_write(path.ptr, text, n, 0666, 1, &err))
		fail_msg("%s", err.ptr);
	buf_free(&path);
	buf_free(&err);
}

static void
put_text(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The site folder: scripts/ with modules, and a Lua file outside it. */
static int
group_setup(void **state)
{
	struct buf	 p = BUF_INIT;

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	buf_printf(&root, "%s/", dir);
	buf_printf(&p, "%sscripts", root.ptr);
	if (mkdir(p.ptr, 0777) == -1)
		return -1;
	buf_puts(&p, "/lib");
	if (mkdir(p.ptr, 0777) == -1)
		return -1;
	put_text("scripts/data.lua", "local name, path = ...\n"
	    "runs = (runs or 0) + 1\n"
	    "return { name = name, path = path, n = 42 }\n");
	put_text("scripts/lib/util.lua",
	    "return { twice = function(x) return 2 * x end }\n");
	put_text("scripts/quiet.lua", "quiet_ran = true\n");
	put_text("scripts/loop_a.lua", "return require 'loop_b'\n");
	put_text("scripts/loop_b.lua", "return require 'loop_a'\n");
	put_text("scripts/broken.lua", "return {\n");
	put_text("scripts/boom.lua", "error('boom', 0)\n");
	put("scripts/bin.lua", BINARY, sizeof(BINARY) - 1);
	put_text("secret.lua", "return 'secret'\n");
	buf_clear(&p);
	buf_printf(&p, "%sscripts/evil.lua", root.ptr);
	if (symlink("../secret.lua", p.ptr) == -1)
		return -1;
	buf_clear(&p);
	buf_printf(&p, "%sscripts/out", root.ptr);
	if (symlink("..", p.ptr) == -1)
		return -1;
	buf_free(&p);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	buf_free(&root);
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

static int
setup(void **state)
{
	lua_State	*L = lshouhu_newstate();

	if (L == NULL)
		return -1;
	sandbox_open(L, root.ptr);
	*state = L;
	return 0;
}

static int
teardown(void **state)
{
	lua_close(*state);
	return 0;
}

/*
 * Runs code as the text of site.lua; returns 1 with what it returns
 * (tostring) in out, or 0 with the error in out.
 */
static int
run(lua_State *L, const char *code, struct buf *out)
{
	int	 ok;

	buf_clear(out);
	ok = luaL_loadbufferx(L, code, strlen(code), "@site.lua", "t") ==
	    LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK;
	buf_puts(out, luaL_tolstring(L, -1, NULL));
	lua_pop(L, 2);
	return ok;
}

/* code returns want. */
static void
gives(lua_State *L, const char *code, const char *want)
{
	struct buf	 b = BUF_INIT;

	if (!run(L, code, &b))
		fail_msg("%s: error %s", code, b.ptr);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("%s\n  got:  %s\n  want: %s", code, b.ptr, want);
	buf_free(&b);
}

/* code fails with the message want. */
static void
refuses(lua_State *L, const char *code, const char *want)
{
	struct buf	 b = BUF_INIT;

	if (run(L, code, &b))
		fail_msg("%s: not refused (returned %s)", code, b.ptr);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("%s\n  got:  %s\n  want: %s", code, b.ptr, want);
	buf_free(&b);
}

/* ---- refused -------------------------------------------------------- */

static void
test_io(void **state)
{
	lua_State *L = *state;

	refuses(L, "return io.open('ledger.db', 'rb')",
	    "site.lua:1: io.open：" IO_WHY);
	refuses(L, "\nreturn io.popen('id')", "site.lua:2: io.popen：" IO_WHY);
	refuses(L, "for l in io.lines('/etc/passwd') do end",
	    "site.lua:1: io.lines：" IO_WHY);
	refuses(L, "return io.stdout", "site.lua:1: io.stdout：" IO_WHY);
	refuses(L, "return require('io')", "site.lua:1: require \"io\"：" IO_WHY);
	gives(L, "return tostring(getmetatable(io))", "false");
	refuses(L, "setmetatable(io, nil)",
	    "site.lua:1: cannot change a protected metatable");
}

static void
test_os(void **state)
{
	lua_State *L = *state;

	refuses(L, "os.execute('id')", "site.lua:1: os.execute：" OS_WHY);
	refuses(L, "return os.getenv('HOME')", "site.lua:1: os.getenv：" OS_WHY);
	refuses(L, "os.remove('ledger.db')", "site.lua:1: os.remove：" OS_WHY);
	refuses(L, "os.exit(0)", "site.lua:1: os.exit：" OS_WHY);
	refuses(L, "return require('os').execute('id')",
	    "site.lua:1: os.execute：" OS_WHY);
	gives(L, "return os.date('!%Y-%m-%d', 86400) .. ' ' .. "
	    "tostring(os.time{year = 2022, month = 5, day = 9, hour = 12} > 0) "
	    ".. ' ' .. math.type(os.clock())", "1970-01-02 true float");
	gives(L, "return require('os') == os", "true");
}

static void
test_debug(void **state)
{
	lua_State *L = *state;

	refuses(L, "return debug.getregistry()",
	    "site.lua:1: debug.getregistry：" DEBUG_WHY);
	refuses(L, "return debug.getupvalue(print, 1)",
	    "site.lua:1: debug.getupvalue：" DEBUG_WHY);
	refuses(L, "debug.sethook()", "site.lua:1: debug.sethook：" DEBUG_WHY);
	refuses(L, "return require 'debug'",
	    "site.lua:1: require \"debug\"：" DEBUG_WHY);
}

static void
test_package(void **state)
{
	lua_State *L = *state;

	refuses(L, "return package.loadlib('/lib/x.so', 'f')",
	    "site.lua:1: package.loadlib：" PACKAGE_WHY);
	refuses(L, "return package.cpath", "site.lua:1: package.cpath："
	    PACKAGE_WHY);
	refuses(L, "return package.searchers", "site.lua:1: package.searchers："
	    PACKAGE_WHY);
	refuses(L, "return require('package').searchpath",
	    "site.lua:1: package.searchpath：" PACKAGE_WHY);
	gives(L, "return package.loaded.string == string and "
	    "package.loaded._G == _G", "true");
}

static void
test_files(void **state)
{
	lua_State *L = *state;

	refuses(L, "return dofile('scripts/data.lua')",
	    "site.lua:1: dofile：" FILE_WHY);
	refuses(L, "return loadfile('/etc/passwd')",
	    "site.lua:1: loadfile：" FILE_WHY);
}

/* A binary chunk: not through load, whatever mode says, nor require. */
static void
test_binary(void **state)
{
	lua_State *L = *state;
	struct buf want = BUF_INIT;

	refuses(L, "return load('\\27Lua\\84\\0\\25\\147\\r\\n\\26\\n')",
	    "site.lua:1: load：不能加载二进制代码块：" BINARY_WHY);
	refuses(L, "return load('\\27Lua', 'x', 'b')",
	    "site.lua:1: load：不能加载二进制代码块：" BINARY_WHY);
	refuses(L, "local s = '\\27Lua'\n"
	    "return load(function() local r = s; s = nil; return r end)",
	    "site.lua:2: load：不能加载二进制代码块：" BINARY_WHY);
	buf_printf(&want, "site.lua:1: require \"bin\"：%sscripts/bin.lua "
	    "是二进制代码块：" BINARY_WHY, root.ptr);
	refuses(L, "return require 'bin'", want.ptr);
	buf_free(&want);
}

/* string.dump is gone, from string and from the strings' metatable. */
static void
test_dump(void **state)
{
	lua_State *L = *state;

	refuses(L, "return string.dump(print)", "site.lua:1: " DUMP_MSG);
	refuses(L, "return ('').dump(function() end)", "site.lua:1: " DUMP_MSG);
	refuses(L, "return getmetatable('').__index.dump",
	    "site.lua:1: " DUMP_MSG);
	gives(L, "return getmetatable('').__index == string and "
	    "rawget(string, 'dump') == nil", "true");
	/* the rest of string as usual, missing methods as usual */
	gives(L, "return ('%d'):format(7) .. ('ab'):rep(2)", "7abab");
	refuses(L, "return ('x'):nosuch()",
	    "site.lua:1: attempt to call a nil value (method 'nosuch')");
}

static void
test_collectgarbage(void **state)
{
	lua_State *L = *state;

	refuses(L, "collectgarbage('stop')",
	    "site.lua:1: collectgarbage(\"stop\")" GC_MSG);
	refuses(L, "collectgarbage('generational')",
	    "site.lua:1: collectgarbage(\"generational\")" GC_MSG);
	refuses(L, "collectgarbage('setpause', 1000)",
	    "site.lua:1: collectgarbage(\"setpause\")" GC_MSG);
	gives(L, "return collectgarbage() == 0 and collectgarbage('count') > 0 "
	    "and type(collectgarbage('step')) == 'boolean' and "
	    "collectgarbage('isrunning')", "true");
}

/* A finalizer would run outside every time limit. */
static void
test_gc_metamethod(void **state)
{
	lua_State *L = *state;

	refuses(L, "setmetatable({}, { __gc = function() end })",
	    "site.lua:1: setmetatable：网站的脚本和模板不能用 __gc：它在垃圾回收"
	    "时运行，不受页面和脚本运行时间的限制");
	gives(L, "local t = setmetatable({}, { __index = function(_, k) "
	    "return k .. '!' end }) return t.x", "x!");
	refuses(L, "setmetatable(1, {})", "site.lua:1: bad argument #1 to "
	    "'setmetatable' (table expected, got number)");
}

/* ---- require -------------------------------------------------------- */

static void
test_require(void **state)
{
	lua_State *L = *state;
	struct buf want = BUF_INIT;

	buf_printf(&want, "data %sscripts/data.lua 42 1", root.ptr);
	gives(L, "local d = require 'data'\n"
	    "assert(require('data') == d)\n"
	    "return d.name .. ' ' .. d.path .. ' ' .. d.n .. ' ' .. runs", want.ptr);
	gives(L, "return require('lib.util').twice(21)", "42");
	gives(L, "return tostring(require 'quiet') .. ' ' .. tostring(quiet_ran)",
	    "true true");
	gives(L, "return package.loaded['lib.util'] == require 'lib.util'", "true");
	gives(L, "return require('string') == string and require('_G') == _G",
	    "true");
	buf_free(&want);
}

static void
test_require_refused(void **state)
{
	lua_State *L = *state;
	struct buf want = BUF_INIT;

	refuses(L, "return require '../../x'",
	    "site.lua:1: require \"../../x\"" BAD_NAME);
	refuses(L, "return require '/etc/passwd'",
	    "site.lua:1: require \"/etc/passwd\"" BAD_NAME);
	refuses(L, "return require 'lib..util'",
	    "site.lua:1: require \"lib..util\"" BAD_NAME);
	refuses(L, "return require 'lib/util'",
	    "site.lua:1: require \"lib/util\"" BAD_NAME);
	refuses(L, "return require '.data'",
	    "site.lua:1: require \".data\"" BAD_NAME);
	refuses(L, "return require 'data.'",
	    "site.lua:1: require \"data.\"" BAD_NAME);
	refuses(L, "return require '1data'",
	    "site.lua:1: require \"1data\"" BAD_NAME);
	buf_printf(&want, "site.lua:1: require \"nosuch\"：找不到 "
	    "%sscripts/nosuch.lua：模块要放在网站的 scripts/ 文件夹里", root.ptr);
	refuses(L, "return require 'nosuch'", want.ptr);
	buf_clear(&want);
	buf_printf(&want, "site.lua:1: require \"evil\"：%sscripts/evil.lua 指向 "
	    "scripts/ 文件夹以外的文件：脚本只能加载网站 scripts/ 文件夹里的 Lua "
	    "文件", root.ptr);
	refuses(L, "return require 'evil'", want.ptr);
	buf_clear(&want);
	buf_printf(&want, "site.lua:1: require \"out.secret\"：%sscripts/out/"
	    "secret.lua 指向 scripts/ 文件夹以外的文件：脚本只能加载网站 "
	    "scripts/ 文件夹里的 Lua 文件", root.ptr);
	refuses(L, "return require 'out.secret'", want.ptr);
	buf_clear(&want);
	buf_printf(&want, "%sscripts/loop_b.lua:1: require \"loop_a\"：模块 "
	    "loop_a 还没加载完又被 require 了（循环 require）：请把两个模块都要用"
	    "的部分放到第三个模块里", root.ptr);
	refuses(L, "return require 'loop_a'", want.ptr);
	buf_clear(&want);
	buf_printf(&want, "%sscripts/broken.lua:2: unexpected symbol near <eof>",
	    root.ptr);
	refuses(L, "return require 'broken'", want.ptr);
	/* a module that failed is not taken as loading (no loop the 2nd time) */
	refuses(L, "return require 'boom'", "boom");
	refuses(L, "return require 'boom'", "boom");
	buf_free(&want);
}

/* ---- what still works ----------------------------------------------- */

/* load takes text, and runs it in the sandbox unless given an env. */
static void
test_load(void **state)
{
	lua_State *L = *state;

	gives(L, "return load('return 1 + 1')()", "2");
	gives(L, "return load('return 1 + 1', 'x', 'b')()", "2");
	gives(L, "return load('return x', 'c', 't', { x = 'own' })()", "own");
	refuses(L, "return load('return io.open')()",
	    "[string \"return io.open\"]:1: io.open：" IO_WHY);
	gives(L, "local f, e = load('return +') return e",
	    "[string \"return +\"]:1: unexpected symbol near '+'");
	refuses(L, "return load(nil)", "site.lua:1: bad argument #1 to 'load' "
	    "(string or function expected, got nil)");
}

static void
test_coroutine(void **state)
{
	lua_State *L = *state;

	gives(L, "local co = coroutine.wrap(function(a) local b = "
	    "coroutine.yield(a + 1) return b * 2 end)\n"
	    "return co(1) + co(10)", "22");
	gives(L, "return select(2, coroutine.resume(coroutine.create("
	    "function() return io.open end)))", "site.lua:1: io.open：" IO_WHY);
}

/* print writes on stderr, after the file and line. */
static void
test_print(void **state)
{
	lua_State *L = *state;
	struct buf path = BUF_INIT, got = BUF_INIT;
	int	 saved;
	FILE	*f;

	buf_printf(&path, "%sprinted", root.ptr);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_non_null(f = fopen(path.ptr, "w"));
	assert_int_not_equal(dup2(fileno(f), STDERR_FILENO), -1);
	gives(L, "print('a', 1, nil, true)\nprint()\nreturn 'x'", "x");
	fflush(stderr);
	assert_int_not_equal(dup2(saved, STDERR_FILENO), -1);
	close(saved);
	fclose(f);
	assert_true(files_read(&got, path.ptr));
	assert_string_equal(got.ptr, "site.lua:1: print：a\t1\tnil\ttrue\n"
	    "site.lua:2: print：\n");
	buf_free(&path);
	buf_free(&got);
}

/* The globals a site sees: nothing beyond the sandbox. */
static void
test_globals(void **state)
{
	lua_State *L = *state;

	gives(L, "local n = {} for k in pairs(_G) do n[#n + 1] = k end "
	    "table.sort(n) return table.concat(n, ' ')",
	    "_G _VERSION assert collectgarbage coroutine debug dofile error "
	    "getmetatable io ipairs load loadfile math next os package pairs "
	    "pcall print rawequal rawget rawlen rawset require select "
	    "setmetatable string table tonumber tostring type utf8 warn xpcall");
	gives(L, "local n = {} for k in pairs(os) do n[#n + 1] = k end "
	    "table.sort(n) return table.concat(n, ' ')", "clock date time");
	gives(L, "return next(io) == nil and next(debug) == nil", "true");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os, setup, teardown),
		cmocka_unit_test_setup_teardown(test_debug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_package, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collectgarbage, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gc_metamethod, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_require, setup, teardown),
		cmocka_unit_test_setup_teardown(test_require_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coroutine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_globals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
