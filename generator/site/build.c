#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lua.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "site/build.h"
#include "office/ledger_public.h"
#include "site/lledger.h"
#include "site/lshouhu.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "site/markdown.h"
#include "output/out.h"
#include "output/pool.h"
#include "site/render.h"
#include "site/sandbox.h"
#include "output/scan.h"
#include "site/search.h"
#include "site/site.h"
#include "output/stamp.h"
#include "lib/util.h"
#include "lib/walk.h"

static double seconds(void);

/* SHOUHU_TIMING=1 prints how long each phase took, for profiling. */
static void
phase(const char *name)
{
	static double last;
	static int on = -1;
	double	 now;

	if (on == -1) {
		on = getenv("SHOUHU_TIMING") != NULL;
		last = seconds();
	}
	if (!on)
		return;
	now = seconds();
	fprintf(stderr, "timing: %-20s %.3f s\n", name, now - last);
	last = now;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct sfile {
	char	*rel;
	char	*src;
};

static int
cmp_sfile(const void *a, const void *b)
{
	return strcmp(((const struct sfile *)a)->rel, ((const struct sfile *)b)->rel);
}

/* The static files found so far (static_files). */
struct statics {
	struct site	*s;
	struct sfile	*v;
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
static struct sfile *
static_files(struct site *s, size_t *n, struct buf *err)
{
	struct statics l = { s, NULL, 0, err };
	struct sfile *v;
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
		qsort(v, *n, sizeof(*v), cmp_sfile);
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
static int
plan_files(struct render *r, struct sfile *sf, size_t nsf, char ***keep,
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
static int
allow_from_config(lua_State *L, const struct site *s, struct scan *sc,
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
 * Adds what identifies the state of the ledger file path (and its WAL) to
 * the build's options, so that new data makes the site out of date.
 */
static void
ledger_stamp(struct buf *opts, const char *path)
{
	struct buf	 wal = BUF_INIT;
	struct stat	 st;

	if (stat(path, &st) == 0)
		buf_printf(opts, " ledger=%s:%jd:%jd.%09ld:%ju", path,
		    (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
		    st.st_mtim.tv_nsec, (uintmax_t)st.st_ino);
	buf_printf(&wal, "%s-wal", path);
	if (stat(wal.ptr, &st) == 0)
		buf_printf(opts, " wal=%jd:%jd.%09ld", (intmax_t)st.st_size,
		    (intmax_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	buf_free(&wal);
}

#define MAX_WARNINGS	20	/* lines of warnings shown */

/*
 * Prints on stderr the warnings of the public copy: what units typed where
 * it does not belong, and the copy masked.
 */
static void
print_warnings(const struct ledger_public *pub)
{
	const char	*p = pub->warnings.ptr, *e;
	size_t		 k;

	if (pub->nwarnings == 0)
		return;
	for (k = 0; k < MAX_WARNINGS && (e = strchr(p, '\n')) != NULL; k++) {
		fprintf(stderr, "%.*s\n", (int)(e - p), p);
		p = e + 1;
	}
	if (pub->nwarnings > MAX_WARNINGS)
		fprintf(stderr, "提示：另有 %zu 处同类问题没有列出（共 %zu 处）\n",
		    pub->nwarnings - MAX_WARNINGS, pub->nwarnings);
}

/*
 * Gives the check of the output the site's templates (its own first) and
 * scripts, where text that is not in a page's content file comes from.
 */
static void
scan_sources(struct site *s, struct scan *sc)
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

/* One build: what its steps share. */
struct build {
	const struct build_opts *o;
	struct site	 s;
	struct out	 out;
	struct render	 r;
	struct stamp	 st;
	struct scan	 sc;
	struct ledger_public pub;
	struct buf	 err;
	struct buf	 root;		/* the site folder, "" or ending in / */
	struct buf	 outdir;
	struct buf	 ledger;	/* the ledger file, or "" for none */
	struct buf	 html;		/* the render's scratch */
	struct buf	 tail;		/* said when a time limit stops it */
	struct sfile	*sf;		/* static files */
	size_t		 nsf;
	char		**keep;		/* every file of the new site */
	size_t		 nkeep;
	int		 started;	/* out_begin done, not yet committed */
	long		 written;	/* files the build wrote */
	long		 kept;		/* and those it found unchanged */
	double		 t0;
};

/*
 * Finds the site folder, the output folder and the ledger of b->o.
 * Returns 1, or 0 with a message in b->err (a --ledger that is missing).
 */
static int
build_paths(struct build *b)
{
	const struct build_opts *o = b->o;
	struct stat	 lst;

	if (o->site != NULL && strcmp(o->site, ".") != 0 && o->site[0]) {
		buf_puts(&b->root, o->site);
		if (b->root.ptr[b->root.len - 1] != '/')
			buf_putc(&b->root, '/');
	}
	if (o->out != NULL)
		buf_puts(&b->outdir, o->out);
	else
		buf_printf(&b->outdir, "%spublic", b->root.ptr);
	if (o->ledger != NULL) {
		buf_puts(&b->ledger, o->ledger);
		if (stat(b->ledger.ptr, &lst) == -1) {
			buf_printf(&b->err, "%s: 找不到账本：%s；请检查 --ledger "
			    "指定的文件", b->ledger.ptr, util_strerror(errno));
			return 0;
		}
	} else {
		buf_printf(&b->ledger, "%sledger.db", b->root.ptr);
		if (stat(b->ledger.ptr, &lst) == -1)
			buf_clear(&b->ledger);
	}
	return 1;
}

/*
 * Computes the fingerprint of the build's inputs and options.  Returns 1
 * if the output is already what this build would make (and it says so),
 * else 0.
 */
static int
build_fresh(struct build *b)
{
	struct buf	 opts = BUF_INIT;
	const char	*sde = getenv("SOURCE_DATE_EPOCH");
	int		 fresh;

	buf_printf(&opts, "drafts=%d now-set=%d", b->o->drafts, sde != NULL);
	if (sde != NULL)
		buf_printf(&opts, " sde=%s", sde);
	if (b->ledger.len > 0)
		ledger_stamp(&opts, b->ledger.ptr);
	stamp_compute(&b->st, b->root.ptr, b->o->statedir, b->outdir.ptr,
	    opts.ptr);
	buf_free(&opts);
	fresh = !b->o->force && !out_interrupted(b->outdir.ptr) &&
	    stamp_fresh(&b->st, b->outdir.ptr, b->s.now);
	if (fresh && !b->o->quiet)
		printf("%s 已是最新：输入没有变化（%.3f 秒）\n", b->outdir.ptr,
		    seconds() - b->t0);
	return fresh;
}

/*
 * Loads the site: configuration, the public copy of the ledger, content,
 * templates, the build function of site.lua and the search index.
 * Returns 1, or 0 with a message in b->err.
 */
static int
build_load(struct build *b)
{
	struct site	*s = &b->s;

	markdown_init();
	/* what a script stopped by its time limit leaves (sandbox_alarm) */
	buf_printf(&b->tail, "%s: 没有生成网站：%s 保持原样\n", util_progname,
	    b->outdir.ptr);
	sandbox_alarm_tail(b->tail.ptr);
	if (!site_load_config(s, b->root.ptr, &b->err))
		return 0;
	lsite_open(s->L);
	ltmpl_open(s->L);
	if (!ledger_public_open(b->ledger.len ? b->ledger.ptr : NULL, &b->pub,
	    &b->err))
		return 0;
	if (!b->o->quiet)
		print_warnings(&b->pub);
	lledger_open(s->L, b->pub.db, b->ledger.len > 0);
	phase("config");
	if (!content_load(s, &b->err) || !ltmpl_load(s->L, s, &b->err) ||
	    !render_templates(s, &b->err))
		return 0;
	lsite_publish(s->L, s);
	lsite_pages_open(s->L, 1);
	if (!lshouhu_build_hook(s->L, &b->err))
		return 0;
	lsite_pages_open(s->L, 0);
	phase("content+templates");
	if (!search_site(s, b->o->jobs > 0 ? b->o->jobs : pool_cpus(),
	    &b->err))
		return 0;
	phase("search");
	return 1;
}

/*
 * Plans the output: the static files, the render jobs, every file the
 * new site has (two wanting one name is an error), and the output check
 * with its sources and privacy.allow.  Returns 1, or 0 with a message in
 * b->err.
 */
static int
build_plan(struct build *b)
{
	size_t	 i;
	int	 robots = 1;

	b->sf = static_files(&b->s, &b->nsf, &b->err);
	if (b->err.len > 0)
		return 0;
	for (i = 0; i < b->nsf; i++)
		if (strcmp(b->sf[i].rel, "robots.txt") == 0)
			robots = 0;
	b->r.site = &b->s;
	b->r.out = &b->out;
	b->r.html = &b->html;
	render_plan(&b->r, robots);
	if (!plan_files(&b->r, b->sf, b->nsf, &b->keep, &b->nkeep, &b->err))
		return 0;
	scan_init(&b->sc, b->outdir.ptr, b->pub.ident);
	scan_sources(&b->s, &b->sc);
	return allow_from_config(b->s.L, &b->s, &b->sc, &b->err);
}

/*
 * Writes the new site: the pages by the workers, then the content files,
 * site.file{} files and static files, every one through the output check;
 * then publishes it and saves the stamp.  Returns 1, or 0 with a message
 * in b->err (the old site is then in place).
 */
static int
build_write(struct build *b)
{
	struct site	*s = &b->s;
	size_t		 i;
	int		 workers;

	if (!out_begin(&b->out, b->outdir.ptr, &b->err)) {
		out_abort(&b->out);
		return 0;
	}
	b->out.check = scan_file;
	b->out.check_arg = &b->sc;
	b->started = 1;
	workers = b->o->jobs > 0 ? b->o->jobs : pool_cpus();
	/* collect garbage now so that workers do not each copy the pages */
	lua_gc(s->L, LUA_GCCOLLECT);
	phase("plan+begin");
	if (!pool_run(b->r.njobs, workers, (int)s->timeout, render_job,
	    render_late, &b->r, &b->err))
		return 0;
	phase("render");
	for (i = 0; i < s->nres; i++)
		if (!out_copy(&b->out, s->res[i].rel, s->res[i].src, &b->err))
			return 0;
	for (i = 0; i < s->nfiles; i++)
		if (!out_write(&b->out, s->files[i].rel, NULL, s->files[i].data,
		    s->files[i].len, &b->err))
			return 0;
	for (i = 0; i < b->nsf; i++)
		if (!out_copy(&b->out, b->sf[i].rel, b->sf[i].src, &b->err))
			return 0;
	phase("static");
	b->written = b->out.st->written;
	b->kept = b->out.st->kept;
	b->started = 0;
	if (!out_commit(&b->out, b->keep, b->nkeep, &b->err))
		return 0;
	phase("commit");
	stamp_save(&b->st, b->outdir.ptr, s->next_future);
	return 1;
}

/* Says what the build made, with the hints a writer should see. */
static void
build_report(const struct build *b, long written, long kept)
{
	const struct site *s = &b->s;

	if (b->o->quiet)
		return;
	if (strncmp(s->baseurl, "http://", 7) != 0 &&
	    strncmp(s->baseurl, "https://", 8) != 0)
		fprintf(stderr, "%sscripts/site.lua: 提示：baseurl 不是完整网址，"
		    "订阅（RSS/Atom）和站点地图里的链接不完整；发布前请写成 "
		    "\"https://网站域名/\"\n", b->root.ptr);
	printf("已生成 %s：%zu 个页面，%ld 个文件（新写入 %ld，未变 %ld），用时 "
	    "%.2f 秒\n", b->outdir.ptr, s->npages, written + kept, written,
	    kept, seconds() - b->t0);
	if (b->sc.nunchecked > 0)
		printf("另有 %zu 个文件不是文字，没有检查其中有没有个人信息，发布"
		    "前请自己看一遍：%s%s\n", b->sc.nunchecked,
		    b->sc.unchecked.ptr, b->sc.nunchecked > 5 ? "……" : "");
}

/* Frees what the steps of b made; an unfinished output goes. */
static void
build_free(struct build *b)
{
	size_t	 i;

	if (b->started)
		out_abort(&b->out);
	for (i = 0; i < b->nsf; i++) {
		free(b->sf[i].rel);
		free(b->sf[i].src);
	}
	free(b->sf);
	for (i = 0; i < b->nkeep; i++)
		free(b->keep[i]);
	free(b->keep);
	free(b->r.jobs);
	site_free(&b->s);
	ledger_public_close(&b->pub);
	if (b->sc.ident != NULL)
		scan_free(&b->sc);
	stamp_free(&b->st);
	buf_free(&b->err);
	buf_free(&b->root);
	buf_free(&b->outdir);
	buf_free(&b->ledger);
	buf_free(&b->html);
	buf_free(&b->tail);
}

/* The steps of a build, one after another (see build.h). */
int
build_run(const struct build_opts *o)
{
	struct build	 b;
	int		 rc = 1;

	phase("start");
	memset(&b, 0, sizeof(b));
	b.o = o;
	b.t0 = seconds();
	buf_init(&b.err);
	buf_init(&b.root);
	buf_init(&b.outdir);
	buf_init(&b.ledger);
	buf_init(&b.html);
	buf_init(&b.tail);
	b.s.now = util_now();
	b.s.drafts = o->drafts;
	if (o->stats != NULL) {
		o->stats->written = o->stats->kept = 0;
		o->stats->pages = 0;
	}
	if (!build_paths(&b))
		goto done;
	if (build_fresh(&b)) {
		rc = 0;
		goto done;
	}
	if (build_load(&b) && build_plan(&b) && build_write(&b)) {
		build_report(&b, b.written, b.kept);
		if (o->stats != NULL) {
			o->stats->written = b.written;
			o->stats->kept = b.kept;
			o->stats->pages = b.s.npages;
			if (o->stats->basepath != NULL)
				buf_puts(o->stats->basepath, b.s.basepath);
		}
		rc = 0;
	}
done:
	if (rc != 0 && o->errors != NULL)
		buf_puts(o->errors, b.err.ptr);
	else if (rc != 0) {
		fflush(stdout);
		if (b.err.len)
			fprintf(stderr, "%s\n", b.err.ptr);
		fprintf(stderr, "%s: 没有生成网站：%s 保持原样\n",
		    util_progname, b.outdir.ptr);
	}
	build_free(&b);
	return rc;
}
