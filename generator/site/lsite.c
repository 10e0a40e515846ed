#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/hash.h"
#include "site/fmatter.h"
#include "site/incr.h"
#include "site/lhash.h"
#include "site/lshouhu.h"
#include "site/lpage.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "site/sandbox.h"
#include "site/site.h"
#include "lib/util.h"

static const char PAGE_MT[] = LSITE_PAGE_MT;
static const char PAGES_KEY[] = "shouhu.pages";

static const char *kinds[] = {
	"page", "section", "home", "taxonomy", "term", "404", "data"
};

static const char DATA_KEY[] = LSITE_DATA_KEY;
static const char LISTS_KEY[] = "shouhu.sitelists";	/* site.pages... */

/* The page of the page object at index i (an error if it is none). */
struct page *
lsite_checkpage(lua_State *L, int i)
{
	return *(struct page **)luaL_checkudata(L, i, PAGE_MT);
}

void
lsite_push_page(lua_State *L, struct page *p)
{
	struct page **ud;

	if (p == NULL) {
		lua_pushnil(L);
		return;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, PAGES_KEY);
	if (lua_rawgeti(L, -1, (lua_Integer)p->id + 1) != LUA_TNIL) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	ud = lua_newuserdatauv(L, sizeof(*ud), 1);
	*ud = p;
	luaL_setmetatable(L, PAGE_MT);
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, (lua_Integer)p->id + 1);
	lua_remove(L, -2);
}

void
lsite_push_list(lua_State *L, struct page **v, size_t n)
{
	size_t	 i;

	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lsite_push_page(L, v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/*
 * Pushes front matter value v as Lua: plain scalars that read as booleans
 * or numbers as those, other scalars as strings, sequences (without
 * nulls) and maps as tables.
 */
static void
push_yval(lua_State *L, const struct yval *v, int depth)
{
	long long ll;
	int	 b;
	size_t	 i, k;
	char	*end;
	double	 d;

	luaL_checkstack(L, 4, "front matter too deep");
	switch (v->type) {
	case YV_NULL:
		lua_pushnil(L);
		break;
	case YV_STR:
		if (v->plain && fmatter_bool(v, &b))
			lua_pushboolean(L, b);
		else if (v->plain && fmatter_int(v, &ll))
			lua_pushinteger(L, (lua_Integer)ll);
		else if (v->plain && v->len > 0 && strspn(v->str,
		    "0123456789.eE+-") == v->len && (errno = 0,
		    d = strtod(v->str, &end), *end == '\0' && errno == 0))
			lua_pushnumber(L, d);
		else
			lua_pushlstring(L, v->str, v->len);
		break;
	case YV_SEQ:
		lua_createtable(L, (int)v->n, 0);
		for (i = k = 0; i < v->n; i++) {
			if (v->items[i]->type == YV_NULL)
				continue;
			push_yval(L, v->items[i], depth + 1);
			lua_rawseti(L, -2, (lua_Integer)++k);
		}
		break;
	case YV_MAP:
		lua_createtable(L, 0, (int)v->n);
		for (i = 0; i < v->n; i++) {
			push_yval(L, v->items[i], depth + 1);
			lua_setfield(L, -2, v->keys[i]);
		}
		break;
	}
}

/* Pushes the uservalue cache table of the page object at index i. */
static void
cache(lua_State *L, int i)
{
	if (lua_getiuservalue(L, i, 1) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setiuservalue(L, i, 1);
	}
}

int
lsite_content(lua_State *L, struct page *p)
{
	struct buf	 html = BUF_INIT, err = BUF_INIT;
	int		 ok;

	if ((ok = content_html(lshouhu_site(L), p, &html, &err)))
		lua_pushlstring(L, html.ptr, html.len);
	else
		lua_pushlstring(L, err.ptr, err.len);
	buf_free(&html);
	buf_free(&err);
	return ok;
}

void
lsite_forget_content(lua_State *L, struct page *p)
{
	lsite_push_page(L, p);
	if (lua_getiuservalue(L, -1, 1) == LUA_TTABLE) {
		lua_pushnil(L);
		lua_setfield(L, -2, "content");
	}
	lua_pop(L, 2);
}

/* page:terms("tags"): the term pages of one taxonomy, in front matter order. */
static int
l_terms(lua_State *L)
{
	struct page *p = lsite_checkpage(L, 1);
	struct site *s = lshouhu_site(L);
	const char *key = luaL_checkstring(L, 2);
	size_t	 i, t, k = 0;

	for (t = 0; t < s->ntax; t++)
		if (strcmp(s->tax[t].key, key) == 0)
			break;
	if (t == s->ntax)
		return luaL_error(L, "没有名为“%s”的分类法（taxonomies）", key);
	lua_newtable(L);
	for (i = 0; i < p->nterms; i++)
		if (p->terms[i].tax == t) {
			lsite_push_page(L, p->terms[i].term);
			lua_rawseti(L, -2, (lua_Integer)++k);
		}
	return 1;
}

/* Pushes time t of p, or nil if p has no date. */
static void
push_time(lua_State *L, const struct page *p, int64_t t)
{
	if (p->has_date)
		lua_pushinteger(L, (lua_Integer)t);
	else
		lua_pushnil(L);
}

/*
 * Pushes field name of the page object at index 1 from its cache table,
 * made by make on first use and kept: the tables and the HTML a template
 * may ask for many times.  make pushes one value or raises an error.
 */
static void
push_cached(lua_State *L, struct page *p, const char *name,
    void (*make)(lua_State *L, struct page *p))
{
	int	 top;

	cache(L, 1);
	if (lua_getfield(L, -1, name) != LUA_TNIL)
		return;
	lua_pop(L, 1);
	top = lua_gettop(L);
	make(L, p);
	assert(lua_gettop(L) == top + 1);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, name);
}

/*
 * The values push_cached keeps, each pushed by one function: the HTML of
 * the body (an error if the file cannot be read), the front matter as a
 * table, the pages and the sections of a list.
 */
static void
make_content(lua_State *L, struct page *p)
{
	if (!lsite_content(L, p))
		lua_error(L);
}

static void
make_params(lua_State *L, struct page *p)
{
	if (p->fm)
		push_yval(L, p->fm, 0);
	else
		lua_newtable(L);
}

static void
make_pages(lua_State *L, struct page *p)
{
	lsite_push_list(L, p->pages, p->npages);
}

static void
make_sections(lua_State *L, struct page *p)
{
	lsite_push_list(L, p->sections, p->nsections);
}

/*
 * The fields of a page object, each a function that pushes its value for
 * page p (the object at index 1).
 */
static void
get_content(lua_State *L, struct page *p)
{
	push_cached(L, p, "content", make_content);
}

static void
get_count(lua_State *L, struct page *p)
{
	lua_pushinteger(L, (lua_Integer)p->npages);
}

static void
get_data(lua_State *L, struct page *p)
{
	lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);
	lua_rawgeti(L, -1, (lua_Integer)p->id + 1);
}

static void
get_date(lua_State *L, struct page *p)
{
	push_time(L, p, p->date);
}

static void
get_draft(lua_State *L, struct page *p)
{
	lua_pushboolean(L, p->draft);
}

static void
get_file(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->src);
}

static void
get_kind(lua_State *L, struct page *p)
{
	lua_pushstring(L, kinds[p->kind]);
}

static void
get_lastmod(lua_State *L, struct page *p)
{
	push_time(L, p, p->lastmod);
}

static void
get_next(lua_State *L, struct page *p)
{
	lsite_push_page(L, p->next);
}

static void
get_pages(lua_State *L, struct page *p)
{
	push_cached(L, p, "pages", make_pages);
}

static void
get_params(lua_State *L, struct page *p)
{
	push_cached(L, p, "params", make_params);
}

static void
get_parent(lua_State *L, struct page *p)
{
	lsite_push_page(L, p->parent);
}

static void
get_path(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->path);
}

static void
get_permalink(lua_State *L, struct page *p)
{
	lua_pushfstring(L, "%s%s", lshouhu_site(L)->baseurl, p->path);
}

static void
get_prev(lua_State *L, struct page *p)
{
	lsite_push_page(L, p->prev);
}

static void
get_section(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->section);
}

static void
get_sections(lua_State *L, struct page *p)
{
	push_cached(L, p, "sections", make_sections);
}

static void
get_slug(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->slug);
}

static void
get_summary(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->summary ? p->summary : "");
}

static void
get_taxonomy(lua_State *L, struct page *p)
{
	if (p->kind == PK_TERM || p->kind == PK_TAXONOMY)
		lua_pushstring(L, lshouhu_site(L)->tax[p->tax].key);
	else
		lua_pushnil(L);
}

static void
get_terms(lua_State *L, struct page *p)
{
	(void)p;
	lua_pushcfunction(L, l_terms);
}

static void
get_title(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->title);
}

static void
get_url(lua_State *L, struct page *p)
{
	lua_pushstring(L, p->url);
}

static void
get_weight(lua_State *L, struct page *p)
{
	lua_pushinteger(L, (lua_Integer)p->weight);
}

/*
 * The place in fields[] of a field name of n bytes that starts with a and
 * ends with z.  Every field has a place of its own (two in one place is a
 * compile error, and lsite_open checks that each is in its place), so
 * that l_index finds a field, or that there is none, with one comparison.
 */
#define FIELD_SLOTS		64
#define FIELD_SLOT(n, a, z)	(((size_t)(n) * 3 + (unsigned char)(a) + \
				    (unsigned char)(z) * 6) % FIELD_SLOTS)

/* The fields of a page object, by FIELD_SLOT of their names. */
static const struct page_field {
	const char	*name;
	void		(*get)(lua_State *L, struct page *p);
	enum incr_what	 what;		/* the part of the page it reads */
} fields[FIELD_SLOTS] = {
	[FIELD_SLOT(7, 'c', 't')] = { "content", get_content, INCR_BODY },
	[FIELD_SLOT(5, 'c', 't')] = { "count", get_count, INCR_PAGES },
	[FIELD_SLOT(4, 'd', 'a')] = { "data", get_data, INCR_PARAMS },
	[FIELD_SLOT(4, 'd', 'e')] = { "date", get_date, INCR_DATE },
	[FIELD_SLOT(5, 'd', 't')] = { "draft", get_draft, INCR_DATE },
	[FIELD_SLOT(4, 'f', 'e')] = { "file", get_file, INCR_PLACE },
	[FIELD_SLOT(4, 'k', 'd')] = { "kind", get_kind, INCR_PLACE },
	[FIELD_SLOT(7, 'l', 'd')] = { "lastmod", get_lastmod, INCR_DATE },
	[FIELD_SLOT(4, 'n', 't')] = { "next", get_next, INCR_LINKS },
	[FIELD_SLOT(5, 'p', 's')] = { "pages", get_pages, INCR_PAGES },
	[FIELD_SLOT(6, 'p', 's')] = { "params", get_params, INCR_PARAMS },
	[FIELD_SLOT(6, 'p', 't')] = { "parent", get_parent, INCR_LINKS },
	[FIELD_SLOT(4, 'p', 'h')] = { "path", get_path, INCR_PLACE },
	[FIELD_SLOT(9, 'p', 'k')] = { "permalink", get_permalink, INCR_PLACE },
	[FIELD_SLOT(4, 'p', 'v')] = { "prev", get_prev, INCR_LINKS },
	[FIELD_SLOT(7, 's', 'n')] = { "section", get_section, INCR_PLACE },
	[FIELD_SLOT(8, 's', 's')] = { "sections", get_sections, INCR_SECTIONS },
	[FIELD_SLOT(4, 's', 'g')] = { "slug", get_slug, INCR_PLACE },
	[FIELD_SLOT(7, 's', 'y')] = { "summary", get_summary, INCR_SUMMARY },
	[FIELD_SLOT(8, 't', 'y')] = { "taxonomy", get_taxonomy, INCR_PLACE },
	[FIELD_SLOT(5, 't', 's')] = { "terms", get_terms, INCR_LINKS },
	[FIELD_SLOT(5, 't', 'e')] = { "title", get_title, INCR_TITLE },
	[FIELD_SLOT(3, 'u', 'l')] = { "url", get_url, INCR_PLACE },
	[FIELD_SLOT(6, 'w', 't')] = { "weight", get_weight, INCR_DATE },
};

/* page.NAME: the field NAME of the page object, nil for any other name. */
static int
l_index(lua_State *L)
{
	struct page *p = lsite_checkpage(L, 1);
	const struct page_field *f;
	const char *k;
	size_t	 n;

	k = luaL_checklstring(L, 2, &n);
	if (n > 0) {
		f = &fields[FIELD_SLOT(n, k[0], k[n - 1])];
		if (f->name != NULL && strncmp(f->name, k, n) == 0 &&
		    f->name[n] == '\0') {
			incr_rec_page(p, f->what);
			f->get(L, p);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

/* Checks that every field of fields[] is in its place (FIELD_SLOT). */
static void
verify_fields(void)
{
	const char *k;
	size_t	 i, n;

	for (i = 0; i < FIELD_SLOTS; i++) {
		if (fields[i].name == NULL)
			continue;
		k = fields[i].name;
		n = strlen(k);
		if (FIELD_SLOT(n, k[0], k[n - 1]) != i)
			fatal("lsite: page.%s is not in its place",
			    fields[i].name);
	}
}

/* page.NAME = v: an error, page objects are read-only. */
static int
l_newindex(lua_State *L)
{
	return luaL_error(L, "页面对象是只读的：不能设置 page.%s",
	    luaL_checkstring(L, 2));
}

/* tostring(page): its title. */
static int
l_tostring(lua_State *L)
{
	struct page *p = lsite_checkpage(L, 1);

	incr_rec_page(p, INCR_TITLE);
	lua_pushstring(L, p->title);
	return 1;
}

void
lsite_open(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__index", l_index },
		{ "__newindex", l_newindex },
		{ "__tostring", l_tostring },
		{ NULL, NULL }
	};

	verify_fields();
	luaL_newmetatable(L, PAGE_MT);
	luaL_setfuncs(L, meta, 0);
	lua_pushliteral(L, "page");
	lua_setfield(L, -2, "__name");
	/* shared by every page object: scripts may not change it (a __gc
	 * would run outside any time limit) */
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, PAGES_KEY);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, DATA_KEY);
}

/*
 * site.pages, site.sections, site.all_sections: read through __index of
 * the site table, so that the incremental build knows who read them.
 */
static int
l_site_index(lua_State *L)
{
	static const struct {
		const char	*name;
		unsigned	 flag;
	} lists[] = {
		{ "pages", INCR_SITE_PAGES },
		{ "sections", INCR_SITE_SECTIONS },
		{ "all_sections", INCR_SITE_ALL },
	};
	const char *k = lua_tostring(L, 2);
	size_t	 i;

	for (i = 0; k != NULL && i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(k, lists[i].name) == 0) {
			incr_rec_flag(lists[i].flag);
			lua_getfield(L, LUA_REGISTRYINDEX, LISTS_KEY);
			lua_getfield(L, -1, k);
			return 1;
		}
	lua_pushnil(L);
	return 1;
}

void
lsite_publish(lua_State *L, struct site *s)
{
	size_t	 t;

	lua_createtable(L, 0, 3);
	lsite_push_list(L, s->pages, s->npages);
	lua_setfield(L, -2, "pages");
	lsite_push_list(L, s->home->sections, s->home->nsections);
	lua_setfield(L, -2, "sections");
	lsite_push_list(L, s->sections, s->nsections);
	lua_setfield(L, -2, "all_sections");
	lua_setfield(L, LUA_REGISTRYINDEX, LISTS_KEY);
	sandbox_getglobal(L, "site");
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, l_site_index);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lsite_push_page(L, s->home);
	lua_setfield(L, -2, "home");
	lsite_push_page(L, s->notfound);
	lua_setfield(L, -2, "notfound");
	lua_newtable(L);
	for (t = 0; t < s->ntax; t++) {
		lsite_push_page(L, s->tax[t].page);
		lua_setfield(L, -2, s->tax[t].key);
	}
	lua_setfield(L, -2, "taxonomies");
	lpage_funcs(L);
	lua_pop(L, 1);
}

uint64_t
lsite_data_hash(lua_State *L, const struct page *p)
{
	static uint64_t	 unique;
	uint64_t	 h;
	int		 bad = 0;

	lua_getfield(L, LUA_REGISTRYINDEX, DATA_KEY);
	lua_rawgeti(L, -1, (lua_Integer)p->id + 1);
	h = lhash_value(L, -1, &bad);
	lua_pop(L, 2);
	/* never equal to another build's: the page is always rendered */
	return bad ? hash_u64(hash_u64(HASH_INIT, (uint64_t)getpid()),
	    ++unique) ^ (uint64_t)time(NULL) : h;
}
