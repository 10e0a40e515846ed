#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lua.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/errs.h"
#include "site/build.h"
#include "site/incr.h"
#include "site/links.h"
#include "office/ledger_public.h"
#include "site/lledger.h"
#include "site/lshouhu.h"
#include "site/lpage.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "site/markdown.h"
#include "output/out.h"
#include "output/pool.h"
#include "site/render.h"
#include "site/sandbox.h"
#include "output/scan.h"
#include "site/plan.h"
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
	struct plan_file	*sf;		/* static files */
	size_t		 nsf;
	char		**keep;		/* every file of the new site */
	size_t		 nkeep;
	int		 started;	/* out_begin done, not yet committed */
	long		 written;	/* files the build wrote */
	long		 kept;		/* and those it found unchanged */
	double		 t0;
	struct incr	*incr;		/* the incremental build's cache */
	struct search_cache *scache;	/* and the search index's */
	int		 recfd;		/* the jobs' records (incr_rec), or -1 */
	unsigned char	*dirty;		/* by job of r: render it */
	size_t		 ndirty;
	int		 reuse;		/* the cache's output and inputs are
					   this build's but content/, static/ */
	struct incr_deps *deps;		/* by job of r: what it read */
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
 * Opens the incremental build's caches (beside the stamp; --force reuses
 * nothing from them, but saves them) and the file the jobs' records go
 * to.  Without that file the build is a whole one and leaves no cache.
 */
static void
incr_begin(struct build *b)
{
	struct buf	 file = BUF_INIT;
	const char	*tmp = getenv("TMPDIR");
	char		 name[4096];
	size_t		 n = strlen(b->st.file);

	buf_puts(&file, b->st.file);
	if (n > 6 && strcmp(b->st.file + n - 6, ".stamp") == 0)
		buf_truncate(&file, n - 6);
	buf_puts(&file, ".incr");
	/* the stamp's walk fingerprinted the code every page depends on */
	b->incr = incr_open(file.ptr, b->st.code);
	buf_truncate(&file, file.len - 5);
	buf_puts(&file, ".search");
	b->scache = search_cache_open(file.ptr, b->outdir.ptr, !b->o->force &&
	    !out_interrupted(b->outdir.ptr));
	buf_free(&file);
	snprintf(name, sizeof(name), "%s/shouhu-rec.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((b->recfd = mkstemp(name)) == -1)
		return;
	(void)unlink(name);
	if (fcntl(b->recfd, F_SETFL, O_APPEND) == -1) {
		close(b->recfd);
		b->recfd = -1;
		return;
	}
	b->s.incr = b->incr;
	incr_rec_start(b->recfd);
}

/*
 * Computes the fingerprint of the build's inputs and options.  Returns 1
 * if the output is already what this build would make (and it says so),
 * else 0.
 */
static int
build_fresh(struct build *b)
{
	struct buf	 opts = BUF_INIT, themes[2] = { BUF_INIT, BUF_INIT };
	const char	*sde = getenv("SOURCE_DATE_EPOCH");
	const char	*dd[2], *extra[3] = { NULL, NULL, NULL };
	size_t		 i, n;
	int		 fresh;

	/* the installed themes the site may use (site_theme_dir) */
	n = site_datadirs(dd);
	for (i = 0; i < n; i++) {
		buf_printf(&themes[i], "%s/themes", dd[i]);
		extra[i] = themes[i].ptr;
	}

	buf_printf(&opts, "drafts=%d now-set=%d", b->o->drafts, sde != NULL);
	if (sde != NULL)
		buf_printf(&opts, " sde=%s", sde);
	if (b->ledger.len > 0)
		ledger_stamp(&opts, b->ledger.ptr);
	stamp_compute(&b->st, b->root.ptr, b->o->statedir, b->outdir.ptr,
	    opts.ptr, extra);
	fresh = !b->o->force && !out_interrupted(b->outdir.ptr) &&
	    stamp_fresh(&b->st, b->outdir.ptr, b->s.now);
	if (fresh && !b->o->quiet)
		printf("%s 已是最新：输入没有变化（%.3f 秒）\n", b->outdir.ptr,
		    seconds() - b->t0);
	if (!fresh) {
		incr_begin(b);
		b->s.content_log = b->st.content;
	}
	buf_free(&opts);
	buf_free(&themes[0]);
	buf_free(&themes[1]);
	return fresh;
}

/*
 * A search_out_fn: writes a shard of the index into the new output.  One
 * the output refuses (a number the check finds, a full disk) stays in
 * memory, to be written after the pages: a page that shows the same text
 * fails first, with its own file and line.
 */
static int
search_out(void *arg, const char *rel, const char *data, size_t len)
{
	struct build	*b = arg;
	size_t		 had = b->err.len;

	if (out_write(&b->out, rel, NULL, data, len, &b->err))
		return 1;
	buf_truncate(&b->err, had);
	return 0;
}

/*
 * Begins the new output and its check (the files to look in for where a
 * text came from, privacy.allow) before the search index, whose shards
 * are written as they are made.  Returns 1, or 0 with a message in
 * b->err.
 */
static int
build_begin(struct build *b)
{
	struct site	*s = &b->s;

	scan_init(&b->sc, b->outdir.ptr, b->pub.ident);
	plan_sources(s, &b->sc);
	if (!plan_allow(s->L, s, &b->sc, &b->err))
		return 0;
	if (!out_begin(&b->out, b->outdir.ptr, &b->err)) {
		out_abort(&b->out);
		return 0;
	}
	b->out.check = scan_file;
	b->out.check_arg = &b->sc;
	b->started = 1;
	return 1;
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
	int		 ok;

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
	s->threads = b->o->jobs > 0 ? b->o->jobs : pool_cpus();
	if (!content_load(s, &b->err) || !ltmpl_load(s->L, s, &b->err) ||
	    !render_templates(s, &b->err))
		return 0;
	lsite_publish(s->L, s);
	lpage_open(s->L, 1);
	if (!lshouhu_build_hook(s->L, &b->err))
		return 0;
	lpage_open(s->L, 0);
	phase("content+templates");
	if (!build_begin(b))
		return 0;
	search_write_to(search_out, b);
	ok = search_site(s, s->threads, b->scache, &b->err);
	search_write_to(NULL, NULL);
	if (!ok)
		return 0;
#ifdef __GLIBC__
	/* what the index's tables freed goes back to the system before the
	 * workers fork: each of them would count it again */
	malloc_trim(0);
#endif
	phase("search");
	return 1;
}

/*
 * Reports the links and images of content/ that point at nothing in the
 * new site (b->keep): warnings on stderr, or, with broken_links =
 * "error", errors.  Returns 1, or 0 with the messages in b->err.
 */
static int
build_links(struct build *b)
{
	struct buf	 msg = BUF_INIT;
	int		 n = 0, ok = 1;

	if (links_check(&b->s, b->keep, b->nkeep, &msg, &n) > 0) {
		errs_end(&msg, n);
		if (b->s.broken_links) {
			buf_printf(&b->err, "%s\n%sscripts/site.lua: 配置了 "
			    "broken_links = \"error\"，链接或图片找不到就不生成"
			    "网站：请改正上面的链接；只想提示时改为 \"warning\"",
			    msg.ptr, b->s.root);
			ok = 0;
		} else if (!b->o->quiet)
			fprintf(stderr, "%s\n", msg.ptr);
	}
	buf_free(&msg);
	return ok;
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

	b->sf = plan_statics(&b->s, &b->nsf, &b->err);
	if (b->err.len > 0)
		return 0;
	for (i = 0; i < b->nsf; i++)
		if (strcmp(b->sf[i].rel, "robots.txt") == 0)
			robots = 0;
	b->r.site = &b->s;
	b->r.out = &b->out;
	b->r.html = &b->html;
	render_plan(&b->r, robots);
	if (!plan_files(&b->r, b->sf, b->nsf, &b->keep, &b->nkeep, &b->err) ||
	    !build_links(b))
		return 0;
	b->dirty = xcalloc(b->r.njobs + 1, 1);
	b->ndirty = b->r.njobs;
	if (b->incr != NULL && b->recfd != -1 && !b->o->force) {
		b->ndirty = incr_dirty(b->incr, &b->s, &b->r,
		    b->outdir.ptr, b->dirty);
		b->reuse = incr_why(b->incr) == NULL;
	}
	else if (b->incr != NULL)
		incr_hash(b->incr, &b->s);
	if (b->ndirty == b->r.njobs)
		memset(b->dirty, 1, b->r.njobs);
	return 1;
}

/*
 * Renders the jobs of b->r that b->dirty marks (all of them in a whole
 * build) on `workers` processes, then reads back what each read into
 * b->deps (left NULL if the records are not whole: no cache then).
 * Returns 1, or 0 with a message in b->err.
 */
static int
render_dirty(struct build *b, int workers)
{
	struct render	 sub = b->r;
	struct incr_deps *d;
	unsigned char	*ran;
	size_t		*which, i, k;
	int		 ok;

	which = xcalloc(b->ndirty + 1, sizeof(*which));
	sub.jobs = xcalloc(b->ndirty + 1, sizeof(*sub.jobs));
	for (i = k = 0; i < b->r.njobs; i++)
		if (b->dirty[i]) {
			which[k] = i;
			sub.jobs[k++] = b->r.jobs[i];
		}
	assert(k == b->ndirty);
	sub.njobs = k;
	if (getenv("SHOUHU_TIMING") != NULL)
		fprintf(stderr, "timing: %zu of %zu jobs to render%s%s\n", k,
		    b->r.njobs, b->incr && incr_why(b->incr) ? ": " : "",
		    b->incr && incr_why(b->incr) ? incr_why(b->incr) : "");
	if (getenv("SHOUHU_TIMING") != NULL &&
	    strcmp(getenv("SHOUHU_TIMING"), "jobs") == 0)
		for (k = 0; k < sub.njobs; k++) {
			struct buf	 path = BUF_INIT;

			render_job_path(&sub.jobs[k], &path);
			fprintf(stderr, "timing: render %s\n", path.ptr);
			buf_free(&path);
		}
	ok = pool_run(sub.njobs, workers, (int)b->s.timeout, render_job,
	    render_late, &sub, &b->err);
	if (ok && b->recfd != -1) {
		d = xcalloc(sub.njobs + 1, sizeof(*d));
		ran = xcalloc(sub.njobs + 1, 1);
		memset(ran, 1, sub.njobs);
		if (incr_rec_read(b->recfd, d, sub.njobs, ran)) {
			b->deps = xcalloc(b->r.njobs + 1, sizeof(*b->deps));
			for (k = 0; k < sub.njobs; k++)
				b->deps[which[k]] = d[k];
		} else
			for (k = 0; k < sub.njobs; k++)
				incr_deps_free(&d[k]);
		free(d);
		free(ran);
	}
	free(which);
	free(sub.jobs);
	return ok;
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

	/* begun by build_begin; the cache knows the published output and
	 * its inputs but content/ and static/: so did the check (incr_dirty) */
	assert(b->started);
	b->out.trust_same = b->reuse;
	workers = b->o->jobs > 0 ? b->o->jobs : pool_cpus();
	/* collect garbage now so that workers do not each copy the pages */
	lua_gc(s->L, LUA_GCCOLLECT);
	phase("plan+begin");
	if (!render_dirty(b, workers))
		return 0;
	phase("render");
	for (i = 0; i < s->nres; i++)
		if (!out_copy(&b->out, s->res[i].rel, s->res[i].src, &b->err))
			return 0;
	for (i = 0; i < s->nfiles; i++)
		if (!s->files[i].keep && !s->files[i].written &&
		    !out_write(&b->out, s->files[i].rel,
		    NULL, s->files[i].data, s->files[i].len, &b->err))
			return 0;
	for (i = 0; i < b->nsf; i++)
		if (!out_copy(&b->out, b->sf[i].rel, b->sf[i].src, &b->err))
			return 0;
	phase("static");
	b->written = b->out.st->written;
	b->kept = b->out.st->kept;
	b->started = 0;
	/* the old cache describes the old output: gone before it goes */
	if (b->incr != NULL)
		incr_forget(b->incr);
	search_cache_forget(b->scache);
	if (!out_commit(&b->out, b->keep, b->nkeep, &b->err))
		return 0;
	phase("commit");
	if (b->deps != NULL)
		incr_save(b->incr, s, &b->r, b->deps, b->dirty,
		    incr_rec_outside(), b->outdir.ptr);
	search_cache_save(b->scache);
	phase("cache");
	stamp_save(&b->st, b->outdir.ptr, s->next_future);
	return 1;
}

/*
 * Appends to line what the build left out, when it left out something:
 * "；未发布：2 篇草稿（用 --drafts 预览）、1 篇定时发布（2026-12-08 起）".
 */
static void
left_out(struct buf *line, const struct site *s)
{
	if (s->ndrafts == 0 && s->nfuture == 0)
		return;
	buf_puts(line, "；未发布：");
	if (s->ndrafts > 0)
		buf_printf(line, "%d 篇草稿（用 --drafts 预览）%s", s->ndrafts,
		    s->nfuture > 0 ? "、" : "");
	if (s->nfuture > 0) {
		buf_printf(line, "%d 篇定时发布（%s", s->nfuture,
		    s->nfuture > 1 ? "最早一篇 " : "");
		date_format(line, "%Y-%m-%d", s->next_future, s->tzoff);
		buf_puts(line, " 起）");
	}
}

/* Says what the build made, with the hints a writer should see. */
static void
build_report(const struct build *b, long written, long kept)
{
	const struct site *s = &b->s;
	struct buf	 more = BUF_INIT;

	if (b->o->quiet)
		return;
	if (strncmp(s->baseurl, "http://", 7) != 0 &&
	    strncmp(s->baseurl, "https://", 8) != 0)
		fprintf(stderr, "%sscripts/site.lua: 提示：baseurl 不是完整网址，"
		    "订阅（RSS/Atom）和站点地图里的链接不完整；发布前请写成 "
		    "\"https://网站域名/\"\n", b->root.ptr);
	else if (site_placeholder_baseurl(s)) {
		fprintf(stderr, "%sscripts/site.lua", b->root.ptr);
		if (s->baseurl_line > 0)
			fprintf(stderr, ":%d", s->baseurl_line);
		fprintf(stderr, ": 警告：baseurl 还是占位地址 %s，打印海报上"
		    "的二维码和订阅（RSS/Atom）里的链接都指向不存在的网站；"
		    "发布前请把这里的 baseurl 改成本站的真实网址，如 "
		    "\"https://网站域名/\"\n", s->baseurl);
	}
	left_out(&more, s);
	/* the files an incremental build did not make again are unchanged */
	if ((size_t)(written + kept) < b->nkeep)
		kept = (long)b->nkeep - written;
	printf("已生成 %s：%zu 个页面，%ld 个文件（新写入 %ld，未变 %ld），用时 "
	    "%.2f 秒%s\n", b->outdir.ptr, s->npages, written + kept, written,
	    kept, seconds() - b->t0, more.len ? more.ptr : "");
	buf_free(&more);
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
	if (b->deps != NULL)
		for (i = 0; i < b->r.njobs; i++)
			incr_deps_free(&b->deps[i]);
	free(b->deps);
	free(b->dirty);
	incr_free(b->incr);
	search_cache_free(b->scache);
	incr_rec_stop();
	if (b->recfd != -1)
		close(b->recfd);
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
	b.recfd = -1;
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
