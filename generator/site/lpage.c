/*
 * site.page{} and site.file{}: the pages and files site.lua's build
 * function adds (see lpage.h).
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "site/lpage.h"
#include "site/lshouhu.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "site/site.h"
#include "lib/util.h"

static const char OPEN_KEY[] = "shouhu.pagesopen";	/* site.page allowed */

/* Whether output folder path (with its index.html) is some page's. */
static const char *
taken_by(const struct site *s, const char *path)
{
	const struct page *p;
	size_t	 i, k, n = strlen(path);
	char	 pager[32];

	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden || p->path == NULL || p->kind == PK_404)
			continue;
		if (strcmp(p->path, path) == 0)
			return p->src ? p->src : p->url;
		for (k = 0; k < p->naliases; k++)
			if (strcmp(p->aliases[k] + 1, path) == 0)
				return p->src;
		if (p->npagers > 1 && strncmp(p->path, path, strlen(p->path))
		    == 0) {
			for (k = 2; k <= (size_t)p->npagers; k++) {
				snprintf(pager, sizeof(pager), "page/%zu/", k);
				if (strcmp(path + strlen(p->path), pager) == 0)
					return p->url;
			}
		}
	}
	for (i = 0; i < s->nres; i++)
		if (strncmp(s->res[i].rel, path, n) == 0 &&
		    strcmp(s->res[i].rel + n, "index.html") == 0)
			return s->res[i].src;
	return NULL;
}

/*
 * Whether p (no leading '/') may name a place in the output: not empty,
 * no control characters or characters a URL would need escaped, no "..",
 * no "//", not hidden.
 */
static int
path_ok(const char *p)
{
	const char *c;

	for (c = p; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || strchr("\\?#%\"'<>", *c) != NULL)
			return 0;
	return *p != '\0' && *p != '.' && strstr(p, "..") == NULL &&
	    strstr(p, "//") == NULL;
}

/* A string field of the table at index 1, or NULL; required raises. */
static const char *
opt_string(lua_State *L, const char *key, int required)
{
	const char *v;

	lua_getfield(L, 1, key);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "site.page：%s 应当是字符串，如 site.page{ path = "
		    "\"gongzuo/\", template = \"stats.html\", title = \"工作进展\" }",
		    key);
	v = lua_tostring(L, -1);
	lua_pop(L, 1);	/* still referenced by the table */
	return v;
}

/*
 * Checks searchable =, date = and feed = of site.page{} (the table at
 * index 1) before the page is made, so that an error leaks nothing.  Sets
 * *date to the date, if given; returns how many pages feed lists, -1 if
 * there is no feed.
 */
static lua_Integer
page_check(lua_State *L, const struct site *s, int64_t *date)
{
	const char *d;
	lua_Integer i, n = -1;

	lua_getfield(L, 1, "searchable");
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		luaL_error(L, "site.page：searchable 应当是 true（页面的文字进入"
		    "全文搜索）或 false");
	if ((d = opt_string(L, "date", 0)) != NULL &&
	    !date_parse(d, strlen(d), s->tzoff, date))
		luaL_error(L, "site.page：date “%s”不是日期：应当写成 "
		    "\"2022-06-30\"", d);
	if (lua_getfield(L, 1, "feed") != LUA_TNIL) {
		if (!lua_istable(L, -1))
			luaL_error(L, "site.page：feed 应当是 site.page{} 返回的"
			    "页面的列表（订阅里的条目）");
		n = (lua_Integer)lua_rawlen(L, -1);
		for (i = 1; i <= n; i++, lua_pop(L, 1))
			if (lua_rawgeti(L, -1, i) != LUA_TUSERDATA ||
			    luaL_testudata(L, -1, LSITE_PAGE_MT) == NULL)
				luaL_error(L, "site.page：feed 的第 %d 项不是页面："
				    "应当是 site.page{} 返回的页面", (int)i);
	}
	lua_pop(L, 2);
	return n;
}

/* Sets what page_check checked on the new page p; n is its result. */
static void
page_options(lua_State *L, struct page *p, int64_t date, lua_Integer n)
{
	lua_Integer i;
	int	 top = lua_gettop(L);

	lua_getfield(L, 1, "searchable");
	p->searchable = lua_toboolean(L, -1);
	lua_getfield(L, 1, "date");
	if (!lua_isnil(L, -1)) {
		p->date = p->lastmod = date;
		p->has_date = 1;
	}
	if ((p->feed = n >= 0)) {
		p->pages = xcalloc((size_t)n + 1, sizeof(*p->pages));
		lua_getfield(L, 1, "feed");
		for (i = 1; i <= n; i++, lua_pop(L, 1)) {
			lua_rawgeti(L, -1, i);
			p->pages[p->npages++] = lsite_checkpage(L, -1);
		}
	}
	lua_settop(L, top);
}

/*
 * site.page{ path =, template =, title =, summary =, data =, searchable =,
 * date =, feed = }: adds a page rendered by the template with page.data,
 * at the folder path ("gongzuo/" becomes /gongzuo/index.html).  Only in
 * the build function of site.lua.
 */
static int
l_page_new(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct page *p;
	int64_t	 date = 0;
	lua_Integer nfeed;
	struct buf path = BUF_INIT;
	const char *raw, *tmpl, *title, *summary, *who, *c;

	if (lua_getfield(L, LUA_REGISTRYINDEX, OPEN_KEY) != LUA_TBOOLEAN ||
	    !lua_toboolean(L, -1))
		return luaL_error(L, "site.page 只能在 site.lua 的 build 函数里"
		    "调用（页面在生成前就要确定）");
	lua_pop(L, 1);
	luaL_checktype(L, 1, LUA_TTABLE);
	raw = opt_string(L, "path", 1);
	tmpl = opt_string(L, "template", 1);
	title = opt_string(L, "title", 0);
	summary = opt_string(L, "summary", 0);
	nfeed = page_check(L, s, &date);
	while (*raw == '/')
		raw++;
	buf_puts(&path, raw);
	while (path.len > 0 && path.ptr[path.len - 1] == '/')
		buf_truncate(&path, path.len - 1);
	if (!path_ok(path.ptr)) {
		buf_free(&path);
		return luaL_error(L, "site.page：path “%s”不可用：应当是网站里的"
		    "文件夹，如 \"gongzuo/\" 或 \"anli/2022/\"", raw);
	}
	buf_putc(&path, '/');
	if (!ltmpl_has(L, tmpl)) {
		buf_free(&path);
		return luaL_error(L, "site.page：找不到模板 %s（在 layouts/ 或主题"
		    "的 layouts/ 里）", tmpl);
	}
	if ((who = taken_by(s, path.ptr)) != NULL) {
		luaL_where(L, 1);
		lua_pushfstring(L, "site.page：网址 /%s 已被 %s 使用：请换一个 "
		    "path", path.ptr, who);
		lua_concat(L, 2);
		buf_free(&path);
		return lua_error(L);
	}
	p = site_new_page(s, PK_DATA);
	p->path = buf_detach(&path);
	p->url = xmalloc(strlen(s->basepath) + strlen(p->path) + 1);
	strcpy(p->url, s->basepath);
	strcat(p->url, p->path);
	p->title = xstrdup(title ? title : "");
	p->summary = summary ? xstrdup(summary) : NULL;
	p->tmpl = xstrdup(tmpl);
	p->section = xstrdup("");
	p->parent = s->home;
	c = strrchr(p->path, '/');
	while (c > p->path && c[-1] != '/')
		c--;
	p->slug = xstrndup(c, strlen(c) - 1);
	p->date = p->lastmod = s->now;
	page_options(L, p, date, nfeed);
	lua_getfield(L, LUA_REGISTRYINDEX, LSITE_DATA_KEY);
	lua_getfield(L, 1, "data");
	lua_rawseti(L, -2, (lua_Integer)p->id + 1);
	lua_pop(L, 1);
	lsite_push_page(L, p);
	return 1;
}

/*
 * site.file{ path =, content = }: adds a file to the output as it is, such
 * as the CSV of open data ("gongzuo/lingyu.csv").  Only in the build
 * function of site.lua.
 */
static int
l_file_new(lua_State *L)
{
	struct site *s = lshouhu_site(L);
	struct outfile *f;
	const char *raw, *data;
	size_t	 n, i;

	if (lua_getfield(L, LUA_REGISTRYINDEX, OPEN_KEY) != LUA_TBOOLEAN ||
	    !lua_toboolean(L, -1))
		return luaL_error(L, "site.file 只能在 site.lua 的 build 函数里"
		    "调用");
	lua_pop(L, 1);
	luaL_checktype(L, 1, LUA_TTABLE);
	raw = opt_string(L, "path", 1);
	lua_getfield(L, 1, "content");
	data = luaL_checklstring(L, -1, &n);
	while (*raw == '/')
		raw++;
	if (!path_ok(raw) || raw[strlen(raw) - 1] == '/')
		return luaL_error(L, "site.file：path “%s”不可用：应当是网站里的"
		    "文件，如 \"gongzuo/lingyu.csv\"", raw);
	for (i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].rel, raw) == 0)
			return luaL_error(L, "site.file：%s 已经写过了", raw);
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	f->rel = xstrdup(raw);
	f->data = xmalloc(n + 1);
	memcpy(f->data, data, n);
	f->data[n] = '\0';
	f->len = n;
	return 0;
}

void
lpage_open(lua_State *L, int open)
{
	lua_pushboolean(L, open);
	lua_setfield(L, LUA_REGISTRYINDEX, OPEN_KEY);
}

void
lpage_funcs(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{ "page", l_page_new },
		{ "file", l_file_new },
		{ NULL, NULL }
	};

	luaL_setfuncs(L, funcs, 0);
}

