#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "site/feed.h"
#include "site/incr.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "output/out.h"
#include "site/render.h"
#include "site/site.h"
#include "lib/util.h"

/* The first folder of a section key: "a" for "a/b". */
static void
top_section(struct buf *b, const char *section)
{
	const char *slash = strchr(section, '/');

	buf_clear(b);
	if (slash)
		buf_put(b, section, (size_t)(slash - section));
	else
		buf_puts(b, section);
}

/* Picks the first existing template of names (NULL-terminated). */
static int
pick(struct site *s, struct page *p, const char **names)
{
	size_t	 i;

	for (i = 0; names[i] != NULL; i++) {
		if (names[i][0] == '\0')
			continue;
		if (ltmpl_has(s->L, names[i])) {
			p->tmpl = xstrdup(names[i]);
			return 1;
		}
	}
	return 0;
}

/*
 * The templates a page of each kind looks for, in order; "@/" stands for
 * its top section's folder of templates (left out for a page outside any).
 */
static const struct {
	enum page_kind	 kind;
	const char	*names[3];
} lookup[] = {
	{ PK_PAGE, { "@/single.html", "single.html", NULL } },
	{ PK_SECTION, { "@/list.html", "section.html", "list.html" } },
	{ PK_HOME, { "home.html", "list.html", NULL } },
	{ PK_TAXONOMY, { "@/terms.html", "terms.html", "list.html" } },
	{ PK_TERM, { "@/term.html", "term.html", "list.html" } },
	{ PK_404, { "404.html", NULL, NULL } },
};

/*
 * Fills names (NULL-terminated, pointing into the table and into a) with
 * the templates a page of kind looks for, top being its top section.
 */
static void
candidates(enum page_kind kind, const struct buf *top, struct buf *a,
    const char *names[4])
{
	size_t	 i, k;

	memset(names, 0, 4 * sizeof(*names));
	for (i = 0; i < sizeof(lookup) / sizeof(lookup[0]); i++)
		if (lookup[i].kind == kind)
			break;
	assert(i < sizeof(lookup) / sizeof(lookup[0]));
	for (k = 0; k < 3 && lookup[i].names[k] != NULL; k++) {
		names[k] = lookup[i].names[k];
		if (strncmp(names[k], "@/", 2) != 0)
			continue;
		buf_clear(a);
		if (top->len > 0)
			buf_printf(a, "%s/%s", top->ptr, names[k] + 2);
		names[k] = a->ptr;
	}
}

/*
 * Chooses the template of every page: the front matter layout if given,
 * else by kind, with a section-specific template (layouts/<section>/...)
 * before the general one.  Returns 1, or 0 with "path:line: message" lines
 * in err.  A missing 404.html only means no 404 page.
 */
int
render_templates(struct site *s, struct buf *err)
{
	struct buf top = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct buf missing = BUF_INIT;	/* "\nname\n" of each reported */
	const char *names[6];
	struct page *p;
	size_t	 i, k;
	int	 ok = 1;

	buf_putc(&missing, '\n');

	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden)
			continue;
		top_section(&top, p->section ? p->section : "");
		buf_clear(&a);
		buf_clear(&b);
		memset(names, 0, sizeof(names));
		if (p->layout != NULL) {
			buf_printf(&a, "%s/%s.html", top.ptr, p->layout);
			buf_printf(&b, "%s.html", p->layout);
			names[0] = top.len ? a.ptr : "";
			names[1] = b.ptr;
			if (!pick(s, p, names)) {
				errs_add(err, NULL, p->src, p->layout_line,
				    "找不到 layout 指定的模板“%s”：请在 %s 里"
				    "添加它，或改用已有的模板", b.ptr,
				    s->layoutdirs[1]);
				ok = 0;
			}
			continue;
		}
		if (p->kind == PK_DATA)
			continue;
		candidates(p->kind, &top, &a, names);
		if (p->kind == PK_404) {
			pick(s, p, names);
			continue;
		}
		if (!pick(s, p, names)) {
			ok = 0;
			/* name the general template, once for all pages */
			for (k = 0; names[k + 1] != NULL; k++)
				continue;
			buf_clear(&b);
			buf_printf(&b, "\n%s\n", names[k]);
			if (strstr(missing.ptr, b.ptr) != NULL)
				continue;
			buf_puts(&missing, b.ptr + 1);
			buf_clear(&b);
			buf_printf(&b, "%s%s", s->layoutdirs[1], names[k]);
			errs_add(err, NULL, b.ptr, 0, "找不到模板（生成 %s 要用它）："
			    "主题的 layouts/ 里至少要有 single.html 和 list.html",
			    p->src ? p->src : p->url);
		}
	}
	buf_free(&top);
	buf_free(&a);
	buf_free(&b);
	buf_free(&missing);
	return ok;
}

static void
add(struct render *r, enum job_kind kind, struct page *p, int n)
{
	if ((r->njobs & (r->njobs - 1)) == 0)
		r->jobs = xreallocarray(r->jobs, r->njobs ? r->njobs * 2 : 64,
		    sizeof(*r->jobs));
	r->jobs[r->njobs].kind = kind;
	r->jobs[r->njobs].page = p;
	r->jobs[r->njobs].n = n;
	r->njobs++;
}

/*
 * Fills r->jobs with everything to write.  Pages come first in site order
 * (the big, even work), lists and feeds after.  robots is 0 when the site
 * has its own robots.txt.
 */
void
render_plan(struct render *r, int robots)
{
	struct site *s = r->site;
	struct page *p;
	size_t	 i;
	int	 k;

	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden || p->tmpl == NULL)
			continue;
		if (p->kind == PK_PAGE || p->kind == PK_404 ||
		    p->kind == PK_DATA)
			add(r, JOB_PAGE, p, 1);
		if (p->kind == PK_DATA && p->feed) {
			add(r, JOB_RSS, p, 0);
			add(r, JOB_ATOM, p, 0);
		}
	}
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden || p->tmpl == NULL || p->kind == PK_PAGE ||
		    p->kind == PK_404 || p->kind == PK_DATA)
			continue;
		for (k = 1; k <= (p->npagers > 0 ? p->npagers : 1); k++)
			add(r, JOB_PAGE, p, k);
		if (p->kind == PK_HOME || p->kind == PK_SECTION) {
			add(r, JOB_RSS, p, 0);
			add(r, JOB_ATOM, p, 0);
		}
	}
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		for (k = 0; !p->hidden && (size_t)k < p->naliases; k++)
			add(r, JOB_ALIAS, p, k);
	}
	add(r, JOB_SITEMAP, NULL, 0);
	if (robots)
		add(r, JOB_ROBOTS, NULL, 0);
}

static void
pager_path(struct buf *b, const struct page *p, int n)
{
	buf_puts(b, p->path);
	if (n > 1)
		buf_printf(b, "page/%d/", n);
}

static void
push_pager_url(lua_State *L, const struct site *s, const struct page *p, int n)
{
	struct buf b = BUF_INIT;

	if (n < 1 || n > p->npagers) {
		lua_pushnil(L);
		return;
	}
	buf_puts(&b, s->basepath);
	pager_path(&b, p, n);
	lua_pushlstring(L, b.ptr, b.len);
	buf_free(&b);
}

/* Pushes the pager of list page p, page n: its slice of p->pages. */
static void
push_pager(lua_State *L, const struct site *s, struct page *p, int n)
{
	size_t	 from, to, per;

	per = p->kind == PK_HOME || p->kind == PK_TAXONOMY ? p->npages :
	    (size_t)s->paginate;
	from = (size_t)(n - 1) * per;
	to = from + per < p->npages ? from + per : p->npages;
	lua_createtable(L, 0, 9);
	lsite_push_list(L, p->pages + from, to - from);
	lua_setfield(L, -2, "pages");
	lua_pushinteger(L, n);
	lua_setfield(L, -2, "number");
	lua_pushinteger(L, p->npagers > 0 ? p->npagers : 1);
	lua_setfield(L, -2, "total");
	lua_pushinteger(L, (lua_Integer)p->npages);
	lua_setfield(L, -2, "count");
	push_pager_url(L, s, p, n - 1);
	lua_setfield(L, -2, "prev");
	push_pager_url(L, s, p, n + 1);
	lua_setfield(L, -2, "next");
	push_pager_url(L, s, p, 1);
	lua_setfield(L, -2, "first");
	push_pager_url(L, s, p, p->npagers);
	lua_setfield(L, -2, "last");
	push_pager_url(L, s, p, n);
	lua_setfield(L, -2, "url");
}

/* Appends the output file of job j, relative to the output folder. */
void
render_job_path(const struct job *j, struct buf *path)
{
	const char *a;
	size_t	 n;

	switch (j->kind) {
	case JOB_PAGE:
		if (j->page->kind == PK_404)
			buf_puts(path, j->page->path);
		else {
			pager_path(path, j->page, j->n);
			buf_puts(path, "index.html");
		}
		break;
	case JOB_RSS:
		buf_printf(path, "%sindex.xml", j->page->path);
		break;
	case JOB_ATOM:
		buf_printf(path, "%satom.xml", j->page->path);
		break;
	case JOB_SITEMAP:
		buf_puts(path, "sitemap.xml");
		break;
	case JOB_ROBOTS:
		buf_puts(path, "robots.txt");
		break;
	case JOB_ALIAS:
		a = j->page->aliases[j->n] + 1;
		buf_puts(path, a);
		n = strlen(a);
		if (!(n > 5 && strcmp(a + n - 5, ".html") == 0) &&
		    !(n > 4 && strcmp(a + n - 4, ".htm") == 0)) {
			if (path->len && path->ptr[path->len - 1] != '/')
				buf_putc(path, '/');
			buf_puts(path, "index.html");
		}
		break;
	}
}

static int
render_page(struct render *r, struct page *p, int n, struct buf *err)
{
	struct site *s = r->site;
	lua_State *L = s->L;
	struct buf msg = BUF_INIT;
	int	 rc = 1;

	ltmpl_newenv(L);
	lsite_push_page(L, p);
	lua_setfield(L, -2, "page");
	if (p->kind != PK_PAGE && p->kind != PK_404 && p->kind != PK_DATA) {
		push_pager(L, s, p, n);
		lua_setfield(L, -2, "pager");
	}
	if (!ltmpl_render(L, p->tmpl, r->html, &msg)) {
		buf_printf(err, "%s（正在生成 %s）", msg.ptr,
		    p->src ? p->src : p->url);
		rc = 0;
	}
	if (p->kind == PK_PAGE)
		lsite_forget_content(L, p);
	buf_free(&msg);
	return rc;
}

/*
 * Records what a feed of list l reads (feed.c): the list, its own fields,
 * and the dates, fields and summaries of its pages, which it sorts by
 * date and shows the newest of; an empty list's feed shows the time.
 */
static void
feed_deps(const struct page *l)
{
	size_t	 i;

	incr_rec_page(l, INCR_TITLE);
	incr_rec_page(l, INCR_PLACE);
	incr_rec_page(l, INCR_DATE);
	incr_rec_page(l, INCR_PAGES);
	for (i = 0; i < l->npages; i++) {
		incr_rec_page(l->pages[i], INCR_TITLE);
		incr_rec_page(l->pages[i], INCR_PLACE);
		incr_rec_page(l->pages[i], INCR_DATE);
		incr_rec_page(l->pages[i], INCR_SUMMARY);
	}
	if (l->npages == 0)
		incr_rec_flag(INCR_CLOCK);
}

/*
 * Renders and writes job i of the plan (a pool_fn; arg is the struct
 * render).  Returns 1, or 0 with a message in err.
 */
int
render_job(void *arg, size_t i, struct buf *err)
{
	struct render *r = arg;
	struct job *j = &r->jobs[i];
	struct buf path = BUF_INIT;
	int	 rc = 1;

	buf_clear(r->html);
	incr_rec_begin();
	switch (j->kind) {
	case JOB_PAGE:
		/* its template is the page's (PLACE: layout, kind) */
		incr_rec_page(j->page, INCR_PLACE);
		/* a list's pager pages are slices of its pages */
		if (j->page->kind != PK_PAGE && j->page->kind != PK_404 &&
		    j->page->kind != PK_DATA)
			incr_rec_page(j->page, INCR_PAGES);
		rc = render_page(r, j->page, j->n, err);
		break;
	case JOB_RSS:
		feed_deps(j->page);
		feed_rss(r->html, r->site, j->page);
		break;
	case JOB_ATOM:
		feed_deps(j->page);
		feed_atom(r->html, r->site, j->page);
		break;
	case JOB_SITEMAP:
		incr_rec_flag(INCR_ALWAYS);
		feed_sitemap(r->html, r->site);
		break;
	case JOB_ROBOTS:
		incr_rec_flag(INCR_ALWAYS);
		feed_robots(r->html, r->site);
		break;
	case JOB_ALIAS:
		incr_rec_page(j->page, INCR_PLACE);
		feed_alias(r->html, r->site, j->page);
		break;
	}
	if (rc) {
		render_job_path(j, &path);
		rc = out_write(r->out, path.ptr, j->kind == JOB_PAGE ?
		    j->page->src : NULL, r->html->ptr, r->html->len, err);
	}
	/* a record that cannot be written only costs the next build its
	 * speed: incr_rec_read then finds it missing */
	if (rc)
		(void)incr_rec_end(i);
	buf_free(&path);
	return rc;
}

/*
 * Appends to err the message for job i of the plan (arg is the struct
 * render), stopped after running for `seconds` (a pool_late_fn): it names
 * the template of a page and the page, by its content file or its URL.
 */
void
render_late(void *arg, size_t i, int seconds, struct buf *err)
{
	struct render *r = arg;
	struct site *s = r->site;
	struct job *j = &r->jobs[i];
	struct buf tmpl = BUF_INIT, what = BUF_INIT;
	struct stat st;

	if (j->kind != JOB_PAGE) {
		render_job_path(j, &what);
		buf_printf(err, "生成 %s 用了超过 %d 秒，已停止：网站太大时，"
		    "请在 %sscripts/site.lua 里把 timeout 调大（现在是 %d 秒）",
		    what.ptr, seconds, s->root, seconds);
		buf_free(&what);
		return;
	}
	/* the site's layouts/ win over the theme's */
	buf_printf(&tmpl, "%s%s", s->layoutdirs[0], j->page->tmpl);
	if (stat(tmpl.ptr, &st) == -1) {
		buf_clear(&tmpl);
		buf_printf(&tmpl, "%s%s", s->layoutdirs[1], j->page->tmpl);
	}
	if (j->page->src != NULL)
		buf_puts(&what, j->page->src);
	else {
		buf_puts(&what, j->page->url);
		if (j->n > 1)
			buf_printf(&what, "page/%d/", j->n);
	}
	buf_printf(err, "%s: 生成 %s 用了超过 %d 秒，已停止：这个模板（或它引入"
	    "的模板、调用的函数）里可能有死循环或太慢的计算，如复杂的 "
	    "string.find 模式；请检查它们，或在 %sscripts/site.lua 里把 "
	    "timeout 调大（现在是 %d 秒）", tmpl.ptr, what.ptr, seconds,
	    s->root, seconds);
	buf_free(&tmpl);
	buf_free(&what);
}
