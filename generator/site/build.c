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

/*
 * Builds the site described by o.  Prints errors ("path:line: message")
 * on stderr and a one-line summary on stdout.  Returns the exit status: 0
 * built (or nothing to do), 1 the site has a problem (the previous output
 * is left as it was).
 */
int
build_run(const struct build_opts *o)
{
	struct site s;
	struct out out;
	struct render r;
	struct stamp st;
	struct buf err = BUF_INIT, root = BUF_INIT, outdir = BUF_INIT,
	    opts = BUF_INIT, html = BUF_INIT, ledger = BUF_INIT, tail = BUF_INIT;
	struct stat lst;
	struct scan sc;
	struct ledger_public pub;
	struct sfile *sf = NULL;
	char	**keep = NULL;
	size_t	 nsf = 0, nkeep = 0, i;
	int	 rc = 1, started = 0, robots = 1, workers;
	double	 t0 = seconds();

	phase("start");

	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&st, 0, sizeof(st));
	memset(&sc, 0, sizeof(sc));
	memset(&pub, 0, sizeof(pub));
	if (o->site != NULL && strcmp(o->site, ".") != 0 && o->site[0]) {
		buf_puts(&root, o->site);
		if (root.ptr[root.len - 1] != '/')
			buf_putc(&root, '/');
	}
	if (o->out != NULL)
		buf_puts(&outdir, o->out);
	else
		buf_printf(&outdir, "%spublic", root.ptr);
	s.now = util_now();
	s.drafts = o->drafts;
	if (o->ledger != NULL) {
		buf_puts(&ledger, o->ledger);
		if (stat(ledger.ptr, &lst) == -1) {
			buf_printf(&err, "%s: 找不到账本：%s；请检查 --ledger 指定"
			    "的文件", ledger.ptr, util_strerror(errno));
			goto done;
		}
	} else {
		buf_printf(&ledger, "%sledger.db", root.ptr);
		if (stat(ledger.ptr, &lst) == -1)
			buf_clear(&ledger);
	}

	buf_printf(&opts, "drafts=%d now-set=%d", o->drafts,
	    getenv("SOURCE_DATE_EPOCH") != NULL);
	if (getenv("SOURCE_DATE_EPOCH"))
		buf_printf(&opts, " sde=%s", getenv("SOURCE_DATE_EPOCH"));
	if (ledger.len > 0)
		ledger_stamp(&opts, ledger.ptr);
	stamp_compute(&st, root.ptr, outdir.ptr, opts.ptr);
	if (!o->force && !out_interrupted(outdir.ptr) &&
	    stamp_fresh(&st, outdir.ptr, s.now)) {
		if (!o->quiet)
			printf("%s 已是最新：输入没有变化（%.3f 秒）\n",
			    outdir.ptr, seconds() - t0);
		rc = 0;
		goto done;
	}

	markdown_init();
	/* what a script stopped by its time limit leaves (sandbox_alarm) */
	buf_printf(&tail, "%s: 没有生成网站：%s 保持原样\n", util_progname,
	    outdir.ptr);
	sandbox_alarm_tail(tail.ptr);
	if (!site_load_config(&s, root.ptr, &err))
		goto done;
	lsite_open(s.L);
	ltmpl_open(s.L);
	if (!ledger_public_open(ledger.len ? ledger.ptr : NULL, &pub, &err))
		goto done;
	if (!o->quiet)
		print_warnings(&pub);
	lledger_open(s.L, pub.db, ledger.len > 0);
	phase("config");
	if (!content_load(&s, &err) ||
	    !ltmpl_load(s.L, &s, &err) ||
	    !render_templates(&s, &err))
		goto done;
	lsite_publish(s.L, &s);
	lsite_pages_open(s.L, 1);
	if (!lshouhu_build_hook(s.L, &err))
		goto done;
	lsite_pages_open(s.L, 0);
	phase("content+templates");
	if (!search_site(&s, o->jobs > 0 ? o->jobs : pool_cpus(), &err))
		goto done;
	phase("search");

	sf = static_files(&s, &nsf, &err);
	if (err.len > 0)
		goto done;
	for (i = 0; i < nsf; i++)
		if (strcmp(sf[i].rel, "robots.txt") == 0)
			robots = 0;
	r.site = &s;
	r.out = &out;
	r.html = &html;
	render_plan(&r, robots);

	if (!plan_files(&r, sf, nsf, &keep, &nkeep, &err))
		goto done;
	scan_init(&sc, outdir.ptr, pub.ident);
	scan_sources(&s, &sc);
	if (!allow_from_config(s.L, &s, &sc, &err))
		goto done;
	if (!out_begin(&out, outdir.ptr, &err)) {
		out_abort(&out);
		goto done;
	}
	out.check = scan_file;
	out.check_arg = &sc;
	started = 1;
	workers = o->jobs > 0 ? o->jobs : pool_cpus();
	/* collect garbage now so that workers do not each copy the pages */
	lua_gc(s.L, LUA_GCCOLLECT);
	phase("plan+begin");
	if (!pool_run(r.njobs, workers, (int)s.timeout, render_job, render_late,
	    &r, &err))
		goto done;
	phase("render");
	for (i = 0; i < s.nres; i++)
		if (!out_copy(&out, s.res[i].rel, s.res[i].src, &err))
			goto done;
	for (i = 0; i < s.nfiles; i++)
		if (!out_write(&out, s.files[i].rel, NULL, s.files[i].data,
		    s.files[i].len, &err))
			goto done;
	for (i = 0; i < nsf; i++)
		if (!out_copy(&out, sf[i].rel, sf[i].src, &err))
			goto done;
	{
		long	 written = out.st->written, kept = out.st->kept;

		started = 0;
		phase("static");
		if (!out_commit(&out, keep, nkeep, &err))
			goto done;
		phase("commit");
		stamp_save(&st, outdir.ptr, s.next_future);
		if (strncmp(s.baseurl, "http://", 7) != 0 &&
		    strncmp(s.baseurl, "https://", 8) != 0 && !o->quiet)
			fprintf(stderr, "%sscripts/site.lua: 提示：baseurl 不是"
			    "完整网址，订阅（RSS/Atom）和站点地图里的链接不完整；"
			    "发布前请写成 \"https://网站域名/\"\n", root.ptr);
		if (!o->quiet)
			printf("已生成 %s：%zu 个页面，%ld 个文件（新写入 %ld，"
			    "未变 %ld），用时 %.2f 秒\n", outdir.ptr, s.npages,
			    written + kept, written, kept, seconds() - t0);
		if (!o->quiet && sc.nunchecked > 0)
			printf("另有 %zu 个文件不是文字，没有检查其中有没有个人"
			    "信息，发布前请自己看一遍：%s%s\n", sc.nunchecked,
			    sc.unchecked.ptr, sc.nunchecked > 5 ? "……" : "");
	}
	rc = 0;
done:
	if (started)
		out_abort(&out);
	if (rc != 0 && err.len) {
		fflush(stdout);
		fprintf(stderr, "%s\n", err.ptr);
	}
	if (rc != 0)
		fprintf(stderr, "%s: 没有生成网站：%s 保持原样\n", util_progname,
		    outdir.ptr);
	for (i = 0; i < nsf; i++) {
		free(sf[i].rel);
		free(sf[i].src);
	}
	free(sf);
	for (i = 0; i < nkeep; i++)
		free(keep[i]);
	free(keep);
	free(r.jobs);
	site_free(&s);
	ledger_public_close(&pub);
	if (sc.ident != NULL)
		scan_free(&sc);
	stamp_free(&st);
	buf_free(&err);
	buf_free(&root);
	buf_free(&outdir);
	buf_free(&opts);
	buf_free(&html);
	buf_free(&ledger);
	buf_free(&tail);
	return rc;
}
