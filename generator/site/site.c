#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/date.h"
#include "lib/errs.h"
#include "site/fmatter.h"
#include "site/links.h"
#include "site/lshouhu.h"
#include "site/sandbox.h"
#include "site/site.h"
#include "lib/util.h"
#include "lib/walk.h"

/* SHOUHU_DATADIR, where make install puts the themes (the Makefile writes
 * site/datadir.h from DATADIR, in the build folder) */
#include "site/datadir.h"

/* Appends the path of site file rel ("content/a.md") to b. */
void
site_path(struct buf *b, const struct site *s, const char *rel)
{
	buf_puts(b, s->root);
	buf_puts(b, rel);
}

/* Whether the resolved path p lies in the resolved folder dir. */
static int
under(const char *p, const char *dir)
{
	size_t	 n = strlen(dir);

	return dir[0] != '\0' && strncmp(p, dir, n) == 0 &&
	    (p[n] == '/' || p[n] == '\0' || (n == 1 && dir[0] == '/'));
}

/*
 * Whether the entry e, met while walking the site's content, static files
 * or templates, may be read for the site: it is not a link, or a link
 * whose target lies inside the site's folder or the theme's.  A theme or
 * a writer may not bring in files from elsewhere (/etc, the ledger beside
 * the site...) that would then be published.  Returns 1, or 0 with
 * "path: why" appended to err as a line (errs_add, counted in *nerr if
 * nerr is not NULL).
 */
int
site_may_read(struct site *s, const struct walk_entry *e, struct buf *err,
    int *nerr)
{
	struct buf	 theme = BUF_INIT;
	char		*rp;
	int		 ok;

	if (!e->link)
		return 1;
	if (s->realroots[0] == NULL) {
		s->realroots[0] = realpath(s->root[0] ? s->root : ".", NULL);
		buf_puts(&theme, s->themedir ? s->themedir : "");
		s->realroots[1] = theme.len ? realpath(theme.ptr, NULL) : NULL;
		buf_free(&theme);
		if (s->realroots[0] == NULL)
			s->realroots[0] = xstrdup("");
		if (s->realroots[1] == NULL)
			s->realroots[1] = xstrdup("");
	}
	if ((rp = realpath(e->path, NULL)) == NULL) {
		errs_add(err, nerr, e->path, 0, "是一个链接，但它指向的文件不存在："
		    "%s", util_strerror(errno));
		return 0;
	}
	ok = under(rp, s->realroots[0]) || under(rp, s->realroots[1]);
	if (!ok)
		errs_add(err, nerr, e->path, 0, "是指向网站目录以外的链接（%s），"
		    "不会读它：网站只用自己目录里的文件；请把需要的文件复制进来",
		    rp);
	free(rp);
	return ok;
}

/* Allocates a zeroed page, registers it in s->all and returns it. */
struct page *
site_new_page(struct site *s, enum page_kind kind)
{
	struct page *p;

	p = xcalloc(1, sizeof(*p));
	p->kind = kind;
	p->id = s->nall;
	if ((s->nall & (s->nall - 1)) == 0)
		s->all = xreallocarray(s->all, s->nall ? s->nall * 2 : 64,
		    sizeof(*s->all));
	s->all[s->nall++] = p;
	return p;
}

/* Appends p to the list *v of *n pages, which grows by doubling. */
void
site_append(struct page ***v, size_t *n, struct page *p)
{
	if ((*n & (*n - 1)) == 0)
		*v = xreallocarray(*v, *n ? *n * 2 : 4, sizeof(**v));
	(*v)[(*n)++] = p;
}

/* The number of pager pages of a list of n pages (at least 1). */
int
site_npagers(const struct site *s, size_t n)
{
	return n == 0 ? 1 : (int)((n + (size_t)s->paginate - 1) /
	    (size_t)s->paginate);
}

static int
cfg_error(struct buf *err, const char *path, const char *key,
    const char *what)
{
	buf_printf(err, "%s: 配置项 %s %s", path, key, what);
	return 0;
}

static int
cfg_string(lua_State *L, const char *key, const char *def, char **out,
    const char *path, struct buf *err)
{
	int	 t;

	t = lua_getfield(L, -1, key);
	if (t == LUA_TNIL)
		*out = def ? xstrdup(def) : NULL;
	else if (t == LUA_TSTRING)
		*out = xstrdup(lua_tostring(L, -1));
	else {
		lua_pop(L, 1);
		return cfg_error(err, path, key, "应当是文字（用引号括起来）");
	}
	lua_pop(L, 1);
	return 1;
}

static int
cfg_int(lua_State *L, const char *key, long def, long lo, long hi, long *out,
    const char *path, struct buf *err)
{
	int	 t, isint;
	lua_Integer v;
	char	 msg[128];

	t = lua_getfield(L, -1, key);
	if (t == LUA_TNIL) {
		*out = def;
		lua_pop(L, 1);
		return 1;
	}
	v = lua_tointegerx(L, -1, &isint);
	lua_pop(L, 1);
	if (!isint || v < lo || v > hi) {
		snprintf(msg, sizeof(msg), "应当是 %ld 到 %ld 之间的整数", lo, hi);
		return cfg_error(err, path, key, msg);
	}
	*out = (long)v;
	return 1;
}

static int
cfg_taxonomies(struct site *s, lua_State *L, const char *path,
    struct buf *err)
{
	static const char *defkeys[] = { "tags", "categories" };
	static const char *deftitles[] = { "标签", "分类" };
	size_t	 i, j;
	int	 t;
	struct taxonomy tmp;

	t = lua_getfield(L, -1, "taxonomies");
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		s->ntax = 2;
		s->tax = xcalloc(2, sizeof(*s->tax));
		for (i = 0; i < 2; i++) {
			s->tax[i].key = xstrdup(defkeys[i]);
			s->tax[i].title = xstrdup(deftitles[i]);
		}
		return 1;
	}
	if (t != LUA_TTABLE) {
		lua_pop(L, 1);
		return cfg_error(err, path, "taxonomies",
		    "应当是一个表，如 { tags = \"标签\" }");
	}
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 3);
			return cfg_error(err, path, "taxonomies",
			    "的每一项应当是 键 = \"名称\"，如 tags = \"标签\"");
		}
		s->tax = xreallocarray(s->tax, s->ntax + 1, sizeof(*s->tax));
		s->tax[s->ntax].key = xstrdup(lua_tostring(L, -2));
		s->tax[s->ntax].title = xstrdup(lua_tostring(L, -1));
		s->tax[s->ntax].page = NULL;
		s->ntax++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	/* lua_next order is arbitrary: sort for a deterministic build. */
	for (i = 1; i < s->ntax; i++)
		for (j = i; j > 0 && strcmp(s->tax[j - 1].key, s->tax[j].key) > 0;
		    j--) {
			tmp = s->tax[j];
			s->tax[j] = s->tax[j - 1];
			s->tax[j - 1] = tmp;
		}
	for (i = 0; i < s->ntax; i++)
		if (strspn(s->tax[i].key, "abcdefghijklmnopqrstuvwxyz0123456789_-")
		    != strlen(s->tax[i].key) || s->tax[i].key[0] == '\0')
			return cfg_error(err, path, "taxonomies",
			    "的键只能用小写英文字母、数字、- 和 _");
	return 1;
}

static int
cfg_baseurl(struct site *s, const char *path, struct buf *err)
{
	const char *p = s->baseurl, *slash;
	struct buf b = BUF_INIT;

	if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0) {
		slash = strchr(strstr(p, "//") + 2, '/');
		s->basepath = xstrdup(slash ? slash : "/");
	} else if (p[0] == '/')
		s->basepath = xstrdup(p);
	else
		return cfg_error(err, path, "baseurl", "应当以 https:// 、"
		    "http:// 或 / 开头，如 \"https://example.gov.cn/\"");
	if (strpbrk(p, " \t\r\n\"'<>?#") != NULL)
		return cfg_error(err, path, "baseurl", "不能含有空格、引号、? 或 #");
	if (p[strlen(p) - 1] != '/') {
		buf_printf(&b, "%s/", p);
		free(s->baseurl);
		s->baseurl = buf_detach(&b);
		buf_printf(&b, "%s/", s->basepath);
		free(s->basepath);
		s->basepath = buf_detach(&b);
	}
	return 1;
}

/*
 * The folders installed data is looked for in, after the site's own:
 * $SHOUHU_DATADIR if it is set and not empty, then SHOUHU_DATADIR, the
 * folder make install put it in (compiled in), unless they are the same.
 * Puts the folder names in dirs (they point into the environment or into
 * static storage) and returns how many there are (1 or 2).
 */
size_t
site_datadirs(const char *dirs[2])
{
	const char *env = getenv("SHOUHU_DATADIR");
	size_t	 n = 0;

	if (env != NULL && env[0] != '\0')
		dirs[n++] = env;
	if (n == 0 || strcmp(dirs[0], SHOUHU_DATADIR) != 0)
		dirs[n++] = SHOUHU_DATADIR;
	return n;
}

/*
 * Finds the theme named theme for the site in the folder root ("" or
 * ending in '/'): root/themes/THEME/, then THEME under the themes/ of
 * each of site_datadirs.  Replaces dir with the first that is a folder,
 * ending in '/'.  The folders looked in are appended to looked (if not
 * NULL), separated by "、".  Returns 1, or 0 if none is a folder.
 */
int
site_theme_dir(struct buf *dir, const char *root, const char *theme,
    struct buf *looked)
{
	const char *dirs[3];
	struct stat st;
	size_t	 n, i;

	dirs[0] = root;
	n = 1 + site_datadirs(dirs + 1);
	for (i = 0; i < n; i++) {
		buf_clear(dir);
		buf_puts(dir, dirs[i]);
		if (i > 0 && dir->len > 0 && dir->ptr[dir->len - 1] != '/')
			buf_putc(dir, '/');
		buf_printf(dir, "themes/%s/", theme);
		if (stat(dir->ptr, &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
		if (looked != NULL)
			buf_printf(looked, "%s%s", i > 0 ? "、" : "", dir->ptr);
	}
	buf_clear(dir);
	return 0;
}

/*
 * The line of the configuration text src (len bytes) that sets key: the
 * first whose first word is key followed by '=', or 0 when none is.
 */
static int
cfg_line(const char *src, size_t len, const char *key)
{
	const char	*p = src, *e = src + len, *nl;
	size_t		 n = strlen(key);
	int		 line = 1;

	for (; p < e; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(nl - p) > n && memcmp(p, key, n) == 0) {
			for (p += n; p < nl && (*p == ' ' || *p == '\t'); p++)
				;
			if (p < nl && *p == '=')
				return line;
		}
	}
	return 0;
}

/*
 * Returns 1 if the host of s->baseurl is a placeholder that no reader can
 * open: an example domain (example.gov.cn, as the demo and new sites have
 * it, www.example.com, x.example) or this computer (localhost, 127.x.x.x,
 * [::1], 0.0.0.0); else 0, also for a baseurl without a host ("/").  The
 * one exception is example.org itself: the test sites' host (tests/), whose
 * builds must stay quiet.
 */
int
site_placeholder_baseurl(const struct site *s)
{
	const char	*p = strstr(s->baseurl, "://");
	char		 host[256];
	size_t		 n;

	if (p == NULL)
		return 0;
	p += 3;
	n = *p == '[' ? strcspn(p, "]/") + 1 : strcspn(p, ":/");
	if (n == 0 || n >= sizeof(host))
		return 0;
	memcpy(host, p, n);
	host[n] = '\0';
	for (p = host; *p != '\0'; p++)
		host[p - host] = (char)tolower((unsigned char)*p);
	n = strlen(host);
	if (strcmp(host, "example.org") == 0)
		return 0;
	return strcmp(host, "localhost") == 0 ||
	    (n > 10 && strcmp(host + n - 10, ".localhost") == 0) ||
	    (strncmp(host, "127.", 4) == 0 &&
	    strspn(host, "0123456789.") == n) || strcmp(host, "0.0.0.0") == 0 ||
	    strcmp(host, "[::1]") == 0 || strcmp(host, "example") == 0 ||
	    strncmp(host, "example.", 8) == 0 ||
	    strstr(host, ".example.") != NULL ||
	    (n > 8 && strcmp(host + n - 8, ".example") == 0);
}

/*
 * Reads broken_links, what a link or image of content/ that points at
 * nothing does: "warning" (the default) or "error".  Returns 1, or 0 with
 * a message in err.
 */
static int
cfg_broken_links(struct site *s, lua_State *L, const char *path,
    struct buf *err)
{
	char	*v = NULL;
	int	 ok = 1;

	if (!cfg_string(L, "broken_links", "warning", &v, path, err))
		return 0;
	if (strcmp(v, "error") == 0)
		s->broken_links = 1;
	else if (strcmp(v, "warning") != 0)
		ok = cfg_error(err, path, "broken_links", "应当是 \"warning\"（"
		    "找不到的链接和图片只提示）或 \"error\"（有这样的链接就不"
		    "生成网站）");
	free(v);
	return ok;
}

/*
 * Creates the site's Lua state (the sandbox of sandbox.h) and runs
 * <root>scripts/site.lua, which must return the configuration table, then
 * checks and copies the configuration into s.  root is "" or a folder name
 * ending in '/'.  The global `site` table seen by scripts and templates
 * holds the configuration.  Returns 1, or 0 with a "path: message" in err.
 * Code running longer than SANDBOX_CONFIG_SECONDS ends the process with a
 * message (sandbox_alarm).
 */
int
site_load_config(struct site *s, const char *root, struct buf *err)
{
	struct buf path = BUF_INIT, chunk = BUF_INIT, tmp = BUF_INIT;
	struct buf looked = BUF_INIT;
	struct stat st;
	lua_State *L;
	char	*tz = NULL;
	int	 rc = 0, t;

	s->root = xstrdup(root);
	s->L = L = lshouhu_newstate();
	if (L == NULL)
		fatal("out of memory");
	sandbox_open(L, s->root);
	lshouhu_open(L, s);

	site_path(&path, s, "scripts/site.lua");
	if (stat(path.ptr, &st) == -1) {
		buf_printf(err, "%s: 找不到网站配置文件（%s）：Shouhu 网站的"
		    "目录里应当有 scripts/site.lua、content/ 和 themes/；"
		    "用 -C 指定网站目录", path.ptr, util_strerror(errno));
		goto out;
	}
	if (!files_read(&chunk, path.ptr)) {
		buf_printf(err, "%s: 无法读取：%s", path.ptr, util_strerror(errno));
		goto out;
	}
	buf_printf(&tmp, "%s: 运行超过了 %d 秒，已停止：这里可能有死循环或"
	    "太慢的计算；请检查 site.lua 和它 require 的模块（要算的放在 "
	    "build 函数里）", path.ptr, SANDBOX_CONFIG_SECONDS);
	sandbox_alarm(SANDBOX_CONFIG_SECONDS, tmp.ptr);
	buf_clear(&tmp);
	buf_printf(&tmp, "@%s", path.ptr);
	if (luaL_loadbufferx(L, chunk.ptr, chunk.len, tmp.ptr, "t") != LUA_OK ||
	    lua_pcall(L, 0, 1, 0) != LUA_OK) {
		buf_printf(err, "%s", lshouhu_errmsg(L, -1));
		lua_pop(L, 1);
		goto out;
	}
	if (!lua_istable(L, -1)) {
		buf_printf(err, "%s: 配置文件应当 return 一个表，如 "
		    "return { title = \"网站名称\", baseurl = \"https://example.gov.cn/\" }",
		    path.ptr);
		goto out;
	}

	if (!cfg_string(L, "title", "未命名网站", &s->title, path.ptr, err) ||
	    !cfg_string(L, "baseurl", "/", &s->baseurl, path.ptr, err) ||
	    !cfg_string(L, "language", "zh-CN", &s->language, path.ptr, err) ||
	    !cfg_string(L, "theme", "default", &s->theme, path.ptr, err) ||
	    !cfg_string(L, "description", "", &s->description, path.ptr, err) ||
	    !cfg_string(L, "timezone", "+08:00", &tz, path.ptr, err) ||
	    !cfg_int(L, "paginate", 20, 1, 1000, &s->paginate, path.ptr, err) ||
	    !cfg_int(L, "summary_length", 120, 0, 10000, &s->summary_len,
	    path.ptr, err) ||
	    !cfg_int(L, "rss_limit", 20, 0, 1000000, &s->rss_limit, path.ptr, err) ||
	    !cfg_int(L, "timeout", SITE_TIMEOUT, 1, 3600, &s->timeout, path.ptr,
	    err) ||
	    !cfg_baseurl(s, path.ptr, err) ||
	    !cfg_taxonomies(s, L, path.ptr, err))
		goto out;
	s->baseurl_line = cfg_line(chunk.ptr, chunk.len, "baseurl");
	if (!date_parse_offset(tz, &s->tzoff)) {
		cfg_error(err, path.ptr, "timezone", "应当写成 \"+08:00\" 的形式");
		goto out;
	}
	if (strchr(s->theme, '/') != NULL || s->theme[0] == '.' ||
	    s->theme[0] == '\0') {
		cfg_error(err, path.ptr, "theme", "应当是 themes/ 下的一个文件夹名");
		goto out;
	}
	t = lua_getfield(L, -1, "raw_html");
	if (t != LUA_TNIL && t != LUA_TBOOLEAN) {
		cfg_error(err, path.ptr, "raw_html", "应当是 true 或 false");
		goto out;
	}
	s->raw_html = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (!cfg_broken_links(s, L, path.ptr, err))
		goto out;

	buf_clear(&tmp);
	if (!site_theme_dir(&tmp, s->root, s->theme, &looked)) {
		buf_printf(err, "%s: 配置项 theme 指向的主题“%s”不存在，找过：%s；"
		    "请检查主题的名字，或把主题放进网站的 themes/ 文件夹",
		    path.ptr, s->theme, looked.ptr);
		goto out;
	}
	s->themedir = buf_detach(&tmp);
	buf_printf(&tmp, "%slayouts/", s->root);
	s->layoutdirs[0] = xstrdup(tmp.ptr);
	buf_clear(&tmp);
	buf_printf(&tmp, "%slayouts/", s->themedir);
	s->layoutdirs[1] = xstrdup(tmp.ptr);
	buf_clear(&tmp);
	buf_printf(&tmp, "%sstatic/", s->themedir);
	s->staticdirs[0] = xstrdup(tmp.ptr);
	buf_clear(&tmp);
	buf_printf(&tmp, "%sstatic/", s->root);
	s->staticdirs[1] = xstrdup(tmp.ptr);

	lshouhu_set_config(L, s);
	rc = 1;
out:
	sandbox_alarm_off();
	if (L && lua_gettop(L) > 0)
		lua_settop(L, 0);
	free(tz);
	buf_free(&path);
	buf_free(&chunk);
	buf_free(&tmp);
	buf_free(&looked);
	return rc;
}

/* Frees everything s holds (not s itself). */
void
site_free(struct site *s)
{
	size_t	 i, j;
	struct page *p;

	if (s->L)
		lua_close(s->L);
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		free(p->src);
		free(p->dir);
		free(p->title);
		free(p->path);
		free(p->url);
		free(p->slug);
		free(p->section);
		free(p->summary);
		free(p->layout);
		free(p->tmpl);
		fmatter_free(p->fm);
		free(p->pages);
		free(p->sections);
		free(p->terms);
		for (j = 0; j < p->naliases; j++)
			free(p->aliases[j]);
		free(p->aliases);
		for (j = 0; j < p->nlinks; j++)
			free(p->links[j].url);
		free(p->links);
		free(p);
	}
	free(s->all);
	for (i = 0; i < s->nres; i++) {
		free(s->res[i].src);
		free(s->res[i].rel);
	}
	free(s->res);
	links_free(s);
	for (i = 0; i < s->nfiles; i++) {
		free(s->files[i].rel);
		free(s->files[i].data);
	}
	free(s->files);
	free(s->pages);
	free(s->sections);
	for (i = 0; i < s->ntax; i++) {
		free(s->tax[i].key);
		free(s->tax[i].title);
	}
	free(s->tax);
	free(s->root);
	free(s->title);
	free(s->baseurl);
	free(s->basepath);
	free(s->language);
	free(s->theme);
	free(s->themedir);
	free(s->description);
	for (i = 0; i < 2; i++) {
		free(s->layoutdirs[i]);
		free(s->staticdirs[i]);
		free(s->realroots[i]);
	}
	memset(s, 0, sizeof(*s));
}
