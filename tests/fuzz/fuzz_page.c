/*
 * fuzz_page: a libFuzzer target for what one page goes through.  The input
 * is split at the first two "\n@@@\n" into
 *
 *	1. a content file: UTF-8 check, front matter (fmatter_parse), the summary
 *	   (markdown_to_text, text_summary), the HTML (markdown_to_html, safe and raw,
 *	   and with every link rewritten), the links and their lines
 *	   (markdown_links), slugs and escaping of the title;
 *	2. a template: tmpl_compile, then the real runtime (ltmpl_add,
 *	   ltmpl_render) in a sandboxed Lua state and rendered directly and
 *	   through include, extends and partial();
 *	3. a date: date_parse, date_parse_offset, date_format.
 *
 * The sandbox has only the base, table, string, math and utf8 libraries,
 * without what loads bytecode, prints, or can run for long in C (string
 * patterns, string.rep, table.move, pack); an instruction budget, a memory
 * limit for Lua and an output limit make hostile templates end quickly.
 *
 * Besides "no crash, no leak, no hang" it checks some promises of the
 * contracts and abort()s when one is broken: error lines inside the file,
 * summaries in valid UTF-8, no raw HTML in safe Markdown output, compiled
 * templates no longer than the template, dates that read back the same.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "fuzz.h"
#include "lib/date.h"
#include "site/fmatter.h"
#include "site/ltmpl.h"
#include "site/markdown.h"
#include "lib/text.h"
#include "site/tmpl.h"

#define SEP		"\n@@@\n"
#define SEPLEN		(sizeof(SEP) - 1)
#define SUMMARY		120			/* characters, as sites use */
#define LUA_MEM		(8u << 20)		/* bytes Lua may hold */
#define HOOK_EVERY	20			/* instructions */
#define LUA_TICKS	50000			/* hook calls for one render */
#define OUT_MAX		(4u << 20)		/* bytes of one output */

static int	verbose;	/* $FUZZ_PAGE_VERBOSE: print what templates do */

static const char base_html[] =
    "<!doctype html>\n"
    "<title>{% block title %}{{ title }}{% endblock %}</title>\n"
    "{%- block head -%}{%- endblock %}\n"
    "<main>{% block main %}默认{% block inner %}[{{ n }}]{% endblock %}"
    "{% endblock %}</main>\n"
    "{% for i, x in ipairs(items) do %}{{ i }}={{ x }};{% end %}\n";

static const char item_html[] =
    "<li>{{ title }} {{& n }}{% if flag then %}!{% end %}</li>\n";

static const char wrap_html[] =
    "{% include \"page.html\", {title = \"包含\"} %}"
    "{% include \"item.html\" %}{{& partial(\"item.html\", {n = 7}) }}";

static size_t
count_nl(const char *s, size_t n)
{
	const char *p, *e = s + n;
	size_t	 k = 0;

	for (p = s; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		k++;
	return k;
}

static int
valid_utf8(const struct buf *b)
{
	size_t	 bad;

	return b->ptr[b->len] == '\0' && utf8_valid(b->ptr, b->len, &bad);
}

/*
 * Checks and exercises a front matter tree; v is at depth (the root
 * mapping at 1).  What fmatter.h promises: at most FM_MAX_DEPTH mappings
 * and sequences inside each other, so a scalar may be one level deeper.
 */
static void
walk(const struct yval *v, int depth, int maxline)
{
	long long	 ll;
	size_t		 i;
	int		 bl;

	CHECK(v != NULL);
	CHECK(depth <= (v->type == YV_SEQ || v->type == YV_MAP ?
	    FM_MAX_DEPTH : FM_MAX_DEPTH + 1));
	CHECK(v->line >= 1 && v->line <= maxline);
	switch (v->type) {
	case YV_NULL:
		break;
	case YV_STR:
		CHECK(v->str != NULL && v->str[v->len] == '\0');
		(void)fmatter_bool(v, &bl);
		(void)fmatter_int(v, &ll);
		break;
	case YV_SEQ:
	case YV_MAP:
		for (i = 0; i < v->n; i++) {
			if (v->type == YV_MAP) {
				/* keys are unique: each finds its own value */
				CHECK(v->keys[i] != NULL);
				CHECK(fmatter_get(v, v->keys[i]) == v->items[i]);
			}
			walk(v->items[i], depth + 1, maxline);
		}
		break;
	default:
		CHECK(!"bad yval type");
	}
}

static int
prefix_ci(const char *s, size_t n, const char *word)
{
	size_t	 w = strlen(word);

	return n >= w && strncasecmp(s, word, w) == 0;
}

/*
 * Checks the tags of Markdown rendered without raw HTML: text has its '<'
 * escaped, so every '<' opens a tag that cmark wrote.  No script-like
 * element, no on... attribute, no javascript:, vbscript: or file: URL.
 */
static void
check_safe_html(const struct buf *html)
{
	static const char *const badtag[] = {
		"script", "iframe", "object", "embed", "style", "svg", "math",
		"form", "input", "textarea", "base", "meta", "link"
	};
	const char	*p = html->ptr, *e = html->ptr + html->len, *q, *v;
	size_t		 i, len, vlen;

	while ((p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		p++;
		if (e - p >= 3 && memcmp(p, "!--", 3) == 0) {
			CHECK((q = memmem(p, (size_t)(e - p), "-->", 3)) != NULL);
			p = q + 3;
			continue;
		}
		if (p < e && *p == '/')
			p++;
		for (q = p; q < e && isalnum((unsigned char)*q); q++)
			continue;
		len = (size_t)(q - p);
		CHECK(len > 0);
		for (i = 0; i < sizeof(badtag) / sizeof(badtag[0]); i++)
			CHECK(!(len == strlen(badtag[i]) &&
			    strncasecmp(p, badtag[i], len) == 0));
		/* attributes: name or name="value", up to '>' */
		for (p = q; p < e && *p != '>';) {
			if (isspace((unsigned char)*p) || *p == '/') {
				p++;
				continue;
			}
			for (q = p; q < e && *q != '=' && *q != '>' &&
			    !isspace((unsigned char)*q); q++)
				continue;
			CHECK(!prefix_ci(p, (size_t)(q - p), "on"));
			if (q < e && *q == '=') {
				CHECK(q + 1 < e && q[1] == '"');
				v = q + 2;
				CHECK((q = memchr(v, '"', (size_t)(e - v))) !=
				    NULL);
				vlen = (size_t)(q - v);
				CHECK(!prefix_ci(v, vlen, "javascript:"));
				CHECK(!prefix_ci(v, vlen, "vbscript:"));
				CHECK(!prefix_ci(v, vlen, "file:"));
				q++;
			}
			p = q;
		}
	}
}

/* A markdown_link_fn: every link's line lies inside the body. */
static void
fuzz_link(void *arg, const char *url, int line, int image)
{
	CHECK(url != NULL);
	CHECK(line >= 1 && line <= *(int *)arg);
	CHECK(image == 0 || image == 1);
}

/* A markdown_url_fn that puts every URL below /r/, as links.c may. */
static int
fuzz_url(void *arg, const char *url, struct buf *to)
{
	(void)arg;
	buf_printf(to, "/r/%s", url);
	return 1;
}

static void
fuzz_content(const char *s, size_t n)
{
	struct buf	 err = BUF_INIT, text = BUF_INIT, sum = BUF_INIT;
	struct buf	 html = BUF_INIT, slug = BUF_INIT, esc = BUF_INIT;
	struct yval	*fm = NULL;
	const struct yval *title;
	const char	*body, *more;
	size_t		 off = 0, bad, bn, i, len;
	int		 line = 0, errline = 0, maxline;
	uint32_t	 cp;

	(void)utf8_valid(s, n, &bad);
	maxline = (int)(count_nl(s, n) < 1000000 ? count_nl(s, n) + 1 :
	    1000001);
	if (fmatter_parse(s, n, &fm, &off, &line, &err, &errline)) {
		CHECK(err.len == 0);
		CHECK(off <= n);
		CHECK(line >= 1 && line <= maxline + 1);
		if (fm != NULL) {
			CHECK(fm->type == YV_MAP);
			walk(fm, 1, maxline);
		}
	} else {
		CHECK(fm == NULL);
		CHECK(err.len > 0 && valid_utf8(&err));
		CHECK(errline >= 1 && errline <= maxline);
		off = 0;
	}

	/* the title, as the site would use it */
	title = fmatter_get(fm, "title");
	if (title != NULL && title->type == YV_STR) {
		text_slugify(&slug, title->str, title->len);
		text_escape_html(&esc, title->str, title->len);
		CHECK(memchr(esc.ptr, '<', esc.len) == NULL);
		CHECK(memchr(esc.ptr, '"', esc.len) == NULL);
		buf_clear(&esc);
		text_url_encode(&esc, slug.ptr, slug.len);
		(void)text_url_safe(title->str, title->len);
	}
	fmatter_free(fm);

	body = s + off;
	bn = n - off;
	/* the summary, as content.c makes it */
	more = memmem(body, bn, "<!--more-->", 11);
	if (more != NULL) {
		markdown_to_text(&text, body, (size_t)(more - body), 0);
		text_summary(&sum, text.ptr, text.len, (size_t)-1);
	} else {
		markdown_to_text(&text, body, bn, SUMMARY * 4 + 64);
		text_summary(&sum, text.ptr, text.len, SUMMARY);
		/* at most SUMMARY characters and the ellipsis */
		for (i = len = 0; i < sum.len; len++)
			i += utf8_next(sum.ptr + i, sum.len - i, &cp);
		CHECK(len <= SUMMARY + 1);
	}
	CHECK(valid_utf8(&sum));
	buf_clear(&slug);
	text_slugify(&slug, sum.ptr, sum.len);
	CHECK(valid_utf8(&slug));

	markdown_to_html(&html, body, bn, 0, "/sub/");
	check_safe_html(&html);
	buf_clear(&html);
	markdown_to_html(&html, body, bn, 1, NULL);
	buf_clear(&html);
	markdown_to_html_urls(&html, body, bn, 0, "/sub/", fuzz_url, NULL);
	check_safe_html(&html);
	line = (int)(count_nl(body, bn) < 1000000 ? count_nl(body, bn) + 1 :
	    1000001);
	markdown_links(body, bn, fuzz_link, &line);

	buf_free(&err);
	buf_free(&text);
	buf_free(&sum);
	buf_free(&html);
	buf_free(&slug);
	buf_free(&esc);
}

/* A Lua state with limits; one per input, so no global state leaks. */
struct sandbox {
	lua_State	*L;
	size_t		 mem;		/* bytes Lua holds */
	long		 ticks;		/* hook calls since sb_start */
	const struct buf *out;		/* the output being rendered */
};

static struct sandbox *
sb_self(lua_State *L)
{
	void	*ud;

	lua_getallocf(L, &ud);
	return ud;
}

static void *
sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *sb = ud;

	if (ptr == NULL)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		sb->mem -= osize;
		return NULL;
	}
	if (nsize > osize && nsize - osize > LUA_MEM - sb->mem)
		return NULL;
	if ((ptr = realloc(ptr, nsize)) == NULL)
		return NULL;
	sb->mem = sb->mem - osize + nsize;
	return ptr;
}

static void
sb_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb = sb_self(L);

	(void)ar;
	if (++sb->ticks > LUA_TICKS || (sb->out && sb->out->len > OUT_MAX)) {
		/*
		 * From now on every instruction fails: a pcall in a loop
		 * must not swallow the error and go on for ever.
		 */
		lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
		luaL_error(L, "模板运行太久或输出太多");
	}
}

static int
sb_setup(lua_State *L)
{
	static const char *const gone[] = {
		"_G.dofile", "_G.loadfile", "_G.load", "_G.print",
		"string.dump", "string.find", "string.match", "string.gmatch",
		"string.gsub", "string.rep", "string.pack", "string.unpack",
		"string.packsize", "table.move"
	};
	const char *dot;
	size_t	 i;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
	lua_settop(L, 0);
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		dot = strchr(gone[i], '.');
		lua_pushglobaltable(L);
		if (strncmp(gone[i], "_G.", 3) != 0) {
			lua_pushlstring(L, gone[i], (size_t)(dot - gone[i]));
			lua_rawget(L, -2);
			lua_remove(L, -2);
		}
		lua_pushnil(L);
		lua_setfield(L, -2, dot + 1);
		lua_pop(L, 1);
	}
	ltmpl_open(L);
	return 0;
}

static void
sb_open(struct sandbox *sb)
{
	memset(sb, 0, sizeof(*sb));
	CHECK((sb->L = lua_newstate(sb_alloc, sb)) != NULL);
	lua_pushcfunction(sb->L, sb_setup);
	CHECK(lua_pcall(sb->L, 0, 0, 0) == LUA_OK);
}

/* Starts a new budget for code that writes to out (or NULL). */
static void
sb_start(struct sandbox *sb, const struct buf *out)
{
	sb->ticks = 0;
	sb->out = out;
	lua_sethook(sb->L, sb_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

/* Pushes the variables of a page. */
static void
push_vars(lua_State *L)
{
	static const char *const tags[] = { "防诈骗", "保健品", "<&>" };
	size_t	 i;

	ltmpl_newenv(L);
	lua_pushstring(L, "<b>提醒</b> & \"老人\" '防骗'");
	lua_setfield(L, -2, "title");
	lua_pushinteger(L, 42);
	lua_setfield(L, -2, "n");
	lua_pushnumber(L, 2.5);
	lua_setfield(L, -2, "f");
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "flag");
	lua_createtable(L, 3, 0);
	for (i = 0; i < 3; i++) {
		lua_pushstring(L, tags[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "items");
	lua_createtable(L, 0, 3);
	lua_pushstring(L, "养老诈骗风险提示");
	lua_setfield(L, -2, "title");
	lua_pushstring(L, "/tishi/yifang-yanglao/");
	lua_setfield(L, -2, "url");
	lua_createtable(L, 0, 1);
	lua_pushstring(L, "12345");
	lua_setfield(L, -2, "hotline");
	lua_setfield(L, -2, "params");
	lua_setfield(L, -2, "page");
}

struct render_args {
	const char	*name;
	struct buf	*out;
	struct buf	*err;
	int		 ok;
};

static int
render_protected(lua_State *L)
{
	struct render_args *a = lua_touserdata(L, 1);

	push_vars(L);
	a->ok = ltmpl_render(L, a->name, a->out, a->err);
	return 0;
}

static void
render(struct sandbox *sb, const char *name)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	struct render_args a = { name, &out, &err, 0 };

	lua_gc(sb->L, LUA_GCCOLLECT);
	sb_start(sb, &out);
	/*
	 * Under lua_pcall: setting up the variables may run out of memory,
	 * and ltmpl_render turns the error into text unprotected (an
	 * error object whose __tostring fails would be a panic).
	 */
	lua_pushcfunction(sb->L, render_protected);
	lua_pushlightuserdata(sb->L, &a);
	if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
		if (verbose)
			fprintf(stderr, "render %s: escaped error: %s\n", name,
			    lua_type(sb->L, -1) == LUA_TSTRING ?
			    lua_tostring(sb->L, -1) : "?");
		lua_pop(sb->L, 1);
	} else if (a.ok)
		CHECK(err.len == 0);
	else
		CHECK(err.len > 0);
	if (verbose && (a.ok || err.len))
		fprintf(stderr, "render %s: %s\n%.*s\n", name,
		    err.len ? err.ptr : "ok", out.len > 400 ? 400 : (int)out.len,
		    out.ptr);
	buf_free(&out);
	buf_free(&err);
}

/*
 * The last line Lua sees in the render function of the compiled source
 * lua.  Leaves the stack as it was (">" pops the function).
 */
static int
last_line(lua_State *L, const struct buf *lua)
{
	lua_Debug	 ar;

	CHECK(luaL_loadbuffer(L, lua->ptr, lua->len, "=page.html") == LUA_OK);
	CHECK(lua_pcall(L, 0, 1, 0) == LUA_OK);
	CHECK(lua_isfunction(L, -1));
	CHECK(lua_getinfo(L, ">S", &ar));
	return ar.lastlinedefined;
}

static int
add(struct sandbox *sb, const char *name, const char *src, size_t n,
    struct buf *err)
{
	sb_start(sb, NULL);
	return ltmpl_add(sb->L, name, name, src, n, err);
}

static void
fuzz_template(const char *s, size_t n)
{
	struct sandbox	 sb;
	struct buf	 lua = BUF_INIT, err = BUF_INIT;
	size_t		 lines = count_nl(s, n) + 1, bad;
	int		 line = 0, compiled, ok;

	/* the compiler alone: its promises about lines */
	compiled = tmpl_compile(s, n, &lua, &err, &line);
	if (compiled) {
		CHECK(err.len == 0);
		CHECK(count_nl(lua.ptr, lua.len) < lines);
	} else {
		CHECK(err.len > 0 && valid_utf8(&err));
		CHECK(line >= 1 && (size_t)line <= lines);
	}
	buf_clear(&err);

	sb_open(&sb);
	CHECK(add(&sb, "base.html", base_html, sizeof(base_html) - 1, &err));
	CHECK(add(&sb, "item.html", item_html, sizeof(item_html) - 1, &err));
	CHECK(add(&sb, "wrap.html", wrap_html, sizeof(wrap_html) - 1, &err));
	ok = add(&sb, "page.html", s, n, &err);
	if (ok) {
		CHECK(compiled && utf8_valid(s, n, &bad));
		/* every template line stays on its line, for Lua too */
		sb_start(&sb, NULL);
		line = last_line(sb.L, &lua);
		CHECK(line >= 1 && (size_t)line <= lines);
		render(&sb, "page.html");
		render(&sb, "wrap.html");
	} else {
		CHECK(err.len > 0);
		if (verbose)
			fprintf(stderr, "page.html: %s\n", err.ptr);
	}
	lua_close(sb.L);
	buf_free(&lua);
	buf_free(&err);
}

static void
fuzz_date(const char *s, size_t n)
{
	static const char fmt[] =
	    "%Y-%m-%d %e %H:%M:%S %y %j %F %T %a %A %b %B %z %Z %K %n %o %% %";
	struct buf	 b = BUF_INIT;
	char		*z;
	int64_t		 t, t2;
	int		 off;

	z = malloc(n + 1);
	CHECK(z != NULL);
	memcpy(z, s, n);
	z[n] = '\0';
	if (date_parse(s, n, 480, &t)) {
		date_format(&b, fmt, t, 480);
		date_rfc822(&b, t, 480);
		buf_clear(&b);
		date_rfc3339(&b, t, -720);
		/* years 0001 to 9999 read back the same */
		if (b.len == 25 && b.ptr[0] >= '0' && b.ptr[0] <= '9' &&
		    strncmp(b.ptr, "0000", 4) != 0) {
			CHECK(date_parse(b.ptr, b.len, 0, &t2));
			CHECK(t2 == t);
		}
		buf_clear(&b);
		date_format(&b, z, t, 840);
	}
	(void)date_parse(s, n, -840, &t);
	if (date_parse_offset(z, &off))
		CHECK(off >= -14 * 60 && off <= 14 * 60);
	buf_clear(&b);
	date_format(&b, z, INT64_MAX, 840);
	date_format(&b, z, INT64_MIN, -840);
	date_format(&b, fmt, INT64_MIN, 840);
	date_format(&b, fmt, INT64_MAX, -840);
	free(z);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 inited;
	const char	*s = (const char *)data, *a, *b, *e = s + size;

	if (!inited) {
		markdown_init();
		verbose = getenv("FUZZ_PAGE_VERBOSE") != NULL;
		inited = 1;
	}
	if (size == 0)
		s = e = "";
	a = memmem(s, size, SEP, SEPLEN);
	b = a ? memmem(a + SEPLEN, (size_t)(e - a - SEPLEN), SEP, SEPLEN) :
	    NULL;
	fuzz_content(s, a ? (size_t)(a - s) : size);
	if (a != NULL) {
		a += SEPLEN;
		fuzz_template(a, (size_t)((b ? b : e) - a));
	}
	if (b != NULL) {
		b += SEPLEN;
		fuzz_date(b, (size_t)(e - b));
	}
	return 0;
}
