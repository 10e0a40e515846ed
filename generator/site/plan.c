/*
 * plan: what a build will write (see plan.h): the static files of the
 * theme and the site, every file of the new site with one owner, and
 * what the output check is told about the site.
 */
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "lib/util.h"
#include "lib/walk.h"
#include "output/scan.h"
#include "site/plan.h"
#include "site/render.h"
#include "site/sandbox.h"
#include "site/site.h"

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct plan_file *)a)->rel, ((const struct plan_file *)b)->rel);
}

/* The static files found so far (plan_statics). */
struct statics {
	struct site	*s;
	struct plan_file	*v;
	size_t		 n;
	struct buf	*err;
};

/*
 * Takes a static file into the list, and goes into folders; a link
 * leading out of the site is refused with a line in l->err
 * (site_may_read).  Returns what the walk does next.
 */
static enum walk_next
static_entry(const struct walk_entry *e, void *arg)
{
	struct statics *l = arg;

	if (!site_may_read(l->s, e, l->err, NULL))
		return WALK_SKIP;
	if (e->kind == WALK_FILE) {
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n].rel = xstrdup(e->rel);
		l->v[l->n].src = xstrdup(e->path);
		l->n++;
	}
	return WALK_GO;
}

/*
 * The static files of the theme and the site (the site's win), sorted by
 * where they go: an array of *n, the caller's.  Problems (a link leading
 * out of the site, a folder that cannot be read) are lines in err.
 */
struct plan_file *
plan_statics(struct site *s, size_t *n, struct buf *err)
{
	struct statics l = { s, NULL, 0, err };
	struct plan_file *v;
	size_t	 i, k, ntheme;

	(void)walk_tree(s->staticdirs[0], WALK_MISSING_OK, static_entry, &l,
	    err, NULL);
	ntheme = l.n;
	(void)walk_tree(s->staticdirs[1], WALK_MISSING_OK, static_entry, &l,
	    err, NULL);
	v = l.v;
	*n = l.n;
	/* sort keeps site entries after theme ones of the same name? make
	 * it explicit: mark theme entries overridden by a site entry */
	for (i = 0; i < ntheme; i++)
		for (k = ntheme; k < *n; k++)
			if (strcmp(v[i].rel, v[k].rel) == 0) {
				free(v[i].rel);
				v[i].rel = NULL;
				break;
			}
	for (i = k = 0; i < *n; i++) {
		if (v[i].rel == NULL) {
			free(v[i].src);
			continue;
		}
		v[k++] = v[i];
	}
	*n = k;
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_file);
	return v;
}

struct planned {
	char		*rel;
	const char	*src;
	size_t		 order;
};

static int
cmp_planned(const void *a, const void *b)
{
	const struct planned *p = a, *q = b;
	int	 r;

	if ((r = strcmp(p->rel, q->rel)) != 0)
		return r;
	return p->order < q->order ? -1 : p->order > q->order;
}

/*
 * Lists every file the build makes (pages, feeds, content files, static
 * files) into *keep, and checks that no two want the same name.  Returns
 * 1, or 0 with a message in err.
 */
int
plan_files(struct render *r, struct plan_file *sf, size_t nsf, char ***keep,
    size_t *nkeep, struct buf *err)
{
	struct site *s = r->site;
	struct planned *v;
	struct buf path = BUF_INIT;
	size_t	 n = 0, i, total;
	int	 ok = 1;
	const char *gen = "（自动生成）";

	total = r->njobs + s->nres + nsf + s->nfiles;
	v = xcalloc(total ? total : 1, sizeof(*v));
	for (i = 0; i < r->njobs; i++, n++) {
		buf_clear(&path);
		render_job_path(&r->jobs[i], &path);
		v[n].rel = xstrdup(path.ptr);
		v[n].src = r->jobs[i].page && r->jobs[i].page->src &&
		    r->jobs[i].kind == JOB_PAGE ? r->jobs[i].page->src : gen;
		v[n].order = n;
	}
	for (i = 0; i < s->nres; i++, n++) {
		v[n].rel = xstrdup(s->res[i].rel);
		v[n].src = s->res[i].src;
		v[n].order = n;
	}
	for (i = 0; i < s->nfiles; i++, n++) {
		v[n].rel = xstrdup(s->files[i].rel);
		v[n].src = "site.file{}";
		v[n].order = n;
	}
	for (i = 0; i < nsf; i++, n++) {
		v[n].rel = xstrdup(sf[i].rel);
		v[n].src = sf[i].src;
		v[n].order = n;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_planned);
	for (i = 1; i < n && ok; i++)
		if (strcmp(v[i].rel, v[i - 1].rel) == 0) {
			if (v[i - 1].src == gen)
				buf_printf(err, "%s: 网站会自动生成 %s（订阅、"
				    "站点地图或页面）：请给这个文件改名", v[i].src,
				    v[i].rel);
			else
				buf_printf(err, "%s: 输出文件 %s 已由 %s 生成："
				    "请给其中一个改名", v[i].src, v[i].rel,
				    v[i - 1].src);
			ok = 0;
		}
	*keep = xcalloc(n ? n : 1, sizeof(**keep));
	for (i = 0; i < n; i++)
		(*keep)[i] = v[i].rel;
	*nkeep = n;
	free(v);
	buf_free(&path);
	return ok;
}

/*
 * Passes the texts of site.lua's privacy.allow (a list of strings) to the
 * output check sc.  Returns 1, or 0 with a message in err.
 */
int
plan_allow(lua_State *L, const struct site *s, struct scan *sc,
    struct buf *err)
{
	const char *t;
	size_t	 n, i, len;
	int	 top = lua_gettop(L), ok = 0;

	/* raw reads: no script code may run outside its time limit */
	sandbox_getglobal(L, "site");
	if (sandbox_rawfield(L, -1, "config") != LUA_TTABLE ||
	    sandbox_rawfield(L, -1, "privacy") == LUA_TNIL) {
		ok = 1;
		goto out;
	}
	if (!lua_istable(L, -1) || (sandbox_rawfield(L, -1, "allow") !=
	    LUA_TNIL && !lua_istable(L, -1)))
		goto bad;
	if (lua_isnil(L, -1)) {
		ok = 1;
		goto out;
	}
	n = (size_t)lua_rawlen(L, -1);
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING)
			goto bad;
		t = lua_tolstring(L, -1, &len);
		scan_allow(sc, t, len);
		lua_pop(L, 1);
	}
	ok = 1;
	goto out;
bad:
	buf_printf(err, "%sscripts/site.lua: 配置项 privacy 应当写成 privacy = "
	    "{ allow = { \"可以公开的文字\", … } }", s->root);
out:
	lua_settop(L, top);
	return ok;
}

/*
 * Gives the check of the output the site's templates (its own first) and
 * scripts, where text that is not in a page's content file comes from.
 */
void
plan_sources(struct site *s, struct scan *sc)
{
	struct buf ignored = BUF_INIT, dir = BUF_INIT;
	struct statics l = { s, NULL, 0, &ignored };
	size_t	 i;

	buf_printf(&dir, "%sscripts/", s->root);
	(void)walk_tree(s->layoutdirs[0], WALK_MISSING_OK, static_entry, &l,
	    &ignored, NULL);
	(void)walk_tree(s->layoutdirs[1], WALK_MISSING_OK, static_entry, &l,
	    &ignored, NULL);
	(void)walk_tree(dir.ptr, WALK_MISSING_OK, static_entry, &l, &ignored,
	    NULL);
	for (i = 0; i < l.n; i++) {
		scan_source(sc, l.v[i].src);
		free(l.v[i].rel);
		free(l.v[i].src);
	}
	free(l.v);
	buf_free(&dir);
	buf_free(&ignored);
}
