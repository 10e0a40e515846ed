/*
 * shouhu ingest: the files and folders given, in batches, with quarantine,
 * a progress bar and a summary (see ingest_run.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "office/backup.h"
#include "lib/buf.h"
#include "lib/files.h"
#include "lib/date.h"
#include "bundle/bundle.h"
#include "office/ingest.h"
#include "office/ingest_run.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "office/towns.h"
#include "lib/util.h"
#include "lib/walk.h"

#define BATCH_MAX	2000		/* bundles per commit */
#define BATCH_SECONDS	1.0		/* or seconds per commit */
#define BATCH_ENV	"SHOUHU_TEST_BATCH"	/* N: every N bundles, no clock */
#define PROGRESS_FROM	20		/* bundles before a progress bar */

struct files {
	char		**v;
	size_t		  n;
	dev_t		  qdev;		/* the quarantine folder, skipped */
	ino_t		  qino;
	int		  have_q;
};

struct rejection {
	char		*path;
	char		*why;
};

struct session {
	const struct ingest_opts *o;
	struct buf	 qdir;
	size_t		 count[INGEST_ERROR + 1];
	size_t		 replaced;
	struct rejection *rej;
	size_t		 nrej;
	size_t		 quarantined;
	int		 bar;		/* drawing a progress bar */
	double		 bar_at;
};

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The bundles per commit that SHOUHU_TEST_BATCH sets (for tests that must
 * know where the commits fall), or 0: commit by BATCH_MAX and
 * BATCH_SECONDS.
 */
static size_t
batch_fixed(void)
{
	const char	*e = getenv(BATCH_ENV);
	char		*end;
	unsigned long	 n;

	if (e == NULL || *e == '\0')
		return 0;
	n = strtoul(e, &end, 10);
	if (*end != '\0' || n == 0 || n > BATCH_MAX)
		fatal("%s=%s: 应当是 1 到 %d 之间的整数", BATCH_ENV, e,
		    BATCH_MAX);
	return n;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
files_add(struct files *fl, const char *path)
{
	fl->v = xreallocarray(fl->v, fl->n + 1, sizeof(*fl->v));
	fl->v[fl->n++] = xstrdup(path);
}

/*
 * Takes a .zip file (or a link named .zip) under a folder given to ingest
 * into the list at arg; goes into folders, but not into the quarantine
 * folder nor through links to folders.  Returns what the walk does next.
 */
static enum walk_next
bundle_entry(const struct walk_entry *e, void *arg)
{
	struct files	*fl = arg;

	if (e->link || e->kind != WALK_DIR) {
		if (util_has_suffix(e->name, ".zip") &&
		    (e->link || e->kind == WALK_FILE))
			files_add(fl, e->path);
		return WALK_SKIP;
	}
	if (fl->have_q && e->st.st_dev == fl->qdev &&
	    e->st.st_ino == fl->qino)
		return WALK_SKIP;
	return WALK_GO;
}

/* Clears the progress bar line, if one is drawn. */
static void
bar_clear(struct session *r)
{
	if (r->bar)
		fputs("\r\033[K", stderr);
}

static void
bar_draw(struct session *r, size_t done, size_t total, int force)
{
	char	 bar[41];
	size_t	 k;
	double	 t;

	if (!r->bar || (!force && (t = now_s()) - r->bar_at < 0.1))
		return;
	r->bar_at = now_s();
	k = total ? done * 40 / total : 40;
	memset(bar, '#', k);
	memset(bar + k, '-', 40 - k);
	bar[40] = '\0';
	fprintf(stderr, "\r接收数据包 [%s] %zu/%zu", bar, done, total);
	fflush(stderr);
}

/* The file name part of path. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/*
 * Copies the rejected file (data[0..n), or only its reason if data is
 * NULL) into the quarantine folder, as its own name, or with part of its
 * SHA-256 added when another file of that name is there, and writes the
 * reason beside it as NAME.reason.
 */
static int
quarantine(struct session *r, const char *path, const void *data, size_t n,
    const char *sha, const char *why)
{
	struct buf	 q = BUF_INIT, old = BUF_INIT, txt = BUF_INIT,
			 err = BUF_INIT;
	const char	*name = base_name(path), *dot;
	char		 now[32];
	int		 ok = 0;

	if (mkdir(r->qdir.ptr, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "shouhu: %s: 无法建立隔离文件夹：%s\n",
		    r->qdir.ptr, util_strerror(errno));
		goto out;
	}
	buf_printf(&q, "%s/%s", r->qdir.ptr, name);
	if (files_read(&old, q.ptr) && (data == NULL || old.len != n ||
	    memcmp(old.ptr, data, n) != 0)) {
		buf_clear(&q);
		dot = strrchr(name, '.');
		if (dot == NULL || dot == name)
			dot = name + strlen(name);
		buf_printf(&q, "%s/%.*s-%.12s%s", r->qdir.ptr, (int)(dot - name),
		    name, sha, dot);
	}
	ledger_now(now);
	buf_printf(&txt, "文件：%s\n时间：%s\nSHA-256：%s\n原因：%s\n%s", path,
	    now, sha, why, data ? "" : "（文件太大或无法读取，没有复制）\n");
	if (data != NULL && !files_write(q.ptr, data, n, 0600, 1, &err))
		goto fail;
	buf_puts(&q, ".reason");
	if (!files_write(q.ptr, txt.ptr, txt.len, 0600, 1, &err))
		goto fail;
	r->quarantined++;
	ok = 1;
	goto out;
fail:
	fprintf(stderr, "shouhu: 无法把被拒收的数据包复制到隔离文件夹：%s\n",
	    err.ptr);
out:
	buf_free(&q);
	buf_free(&old);
	buf_free(&txt);
	buf_free(&err);
	return ok;
}

static const char *const outcome_text[] = {
	[INGEST_ACCEPTED] = "新接收", [INGEST_REPLACED] = "新接收，替换旧数据包",
	[INGEST_OUTDATED] = "过时，只存入历史",
	[INGEST_UNCHANGED] = "以前接收过，没有改动",
	[INGEST_REJECTED] = "拒收", [INGEST_ERROR] = "失败"
};

/* Records the outcome res of path in r (and prints it with -v). */
static void
tally(struct session *r, const char *path, const struct ingest_result *res,
    const char *why)
{
	struct rejection *x;

	r->count[res->outcome]++;
	if (res->outcome == INGEST_REPLACED)
		r->replaced++;
	if (res->outcome == INGEST_REJECTED) {
		r->rej = xreallocarray(r->rej, r->nrej + 1, sizeof(*r->rej));
		x = &r->rej[r->nrej++];
		x->path = xstrdup(path);
		x->why = xstrdup(why);
	}
	if (r->o->verbose && res->outcome != INGEST_REJECTED &&
	    res->outcome != INGEST_ERROR) {
		bar_clear(r);
		printf("%s: %s：%s %s，%s，%s\n", path, outcome_text[res->outcome],
		    res->unit, res->unit_name ? res->unit_name : "", res->period,
		    res->forms ? res->forms : "");
	}
}

static void
summary(struct session *r, size_t nfiles, double secs)
{
	const char *p;
	size_t	 i, fresh;

	fresh = r->count[INGEST_ACCEPTED] + r->count[INGEST_REPLACED];
	printf("接收完毕：%zu 个数据包，用时 %.1f 秒\n", nfiles, secs);
	printf("  新接收 %zu 个", fresh);
	if (r->replaced > 0)
		printf("（其中 %zu 个替换了同一单位同一期间的旧数据包，旧的留在"
		    "历史里）", r->replaced);
	printf("\n");
	if (r->count[INGEST_UNCHANGED] > 0)
		printf("  已接收过 %zu 个（内容相同，没有改动）\n",
		    r->count[INGEST_UNCHANGED]);
	if (r->count[INGEST_OUTDATED] > 0)
		printf("  过时 %zu 个（同一单位同一期间已有更新的数据包，只存入"
		    "历史）\n", r->count[INGEST_OUTDATED]);
	if (r->nrej == 0)
		return;
	printf("  拒收 %zu 个", r->nrej);
	if (r->quarantined > 0)
		printf("（已复制到 %s，原因写在同名的 .reason 文件里）",
		    r->qdir.ptr);
	printf("：\n");
	for (i = 0; i < r->nrej; i++) {
		/* a reason of several lines: indent them under its first */
		for (p = r->rej[i].why, fputs("    ", stdout); *p != '\0'; p++)
			if (*p == '\n')
				fputs("\n    ", stdout);
			else
				putchar(*p);
		putchar('\n');
	}
}

/* Names the towns of the current rows of l not on the list (towns.h). */
static void
unknown_towns(struct ledger *l)
{
	struct towns	*t;
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	if ((t = towns_load(l, &err)) == NULL ||
	    !towns_unknown(l, t, NULL, &out, &err))
		fprintf(stderr, "%s\n", err.ptr);
	else
		fputs(out.ptr, stdout);
	towns_free(t);
	buf_free(&out);
	buf_free(&err);
}

/*
 * Reminds the office to back the ledger l up when its last backup is
 * older than BACKUP_WARN_DAYS, or there never was one.
 */
static void
remind_backup(struct ledger *l)
{
	struct buf	 err = BUF_INIT, day = BUF_INIT;
	int64_t		 last, days;

	if (!backup_last(l, &last, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	days = (util_now() - last) / 86400;
	if (last != 0 && days < BACKUP_WARN_DAYS)
		goto out;
	date_format(&day, "%Y-%m-%d", util_now(), 480);
	if (last == 0)
		printf("提醒：这个账本还没有备份过；");
	else
		printf("提醒：账本上次备份是 %lld 天前；", (long long)days);
	printf("请备份一次：shouhu ledger backup --ledger %s 账本备份-%s.db"
	    "（备份放在另一块磁盘或 U 盘上更稳妥）\n", l->path, day.ptr);
out:
	buf_free(&err);
	buf_free(&day);
}

/* The quarantine folder: o->quarantine, or "quarantine" beside the ledger. */
static void
quarantine_dir(struct buf *q, const struct ingest_opts *o)
{
	const char *slash;

	if (o->quarantine != NULL) {
		buf_puts(q, o->quarantine);
		return;
	}
	if ((slash = strrchr(o->ledger, '/')) != NULL)
		buf_put(q, o->ledger, (size_t)(slash - o->ledger) + 1);
	buf_puts(q, "quarantine");
}

/*
 * Lists in fl the bundle files of paths[0..n): files as given, and the
 * .zip files in folders (bundle_entry says which; the quarantine folder
 * qdir is left out), in name order.  Returns 1, or 0 with a message in
 * err.
 */
static int
find_bundles(struct files *fl, const char *qdir, char *const *paths,
    size_t n, struct buf *err)
{
	struct stat	 st;
	struct buf	 why = BUF_INIT;
	size_t		 i;
	int		 ok = 0;

	if (stat(qdir, &st) == 0) {
		fl->have_q = 1;
		fl->qdev = st.st_dev;
		fl->qino = st.st_ino;
	}
	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) == -1) {
			buf_printf(err, "shouhu: %s: 找不到：%s", paths[i],
			    util_strerror(errno));
			goto out;
		}
		if (!S_ISDIR(st.st_mode))
			files_add(fl, paths[i]);
		else if (!walk_tree(paths[i], 0, bundle_entry, fl, &why,
		    NULL)) {
			buf_printf(err, "shouhu: %s", why.ptr);
			goto out;
		}
	}
	qsort(fl->v, fl->n, sizeof(*fl->v), path_cmp);
	ok = 1;
out:
	buf_free(&why);
	return ok;
}

/*
 * Takes the file path in the open batch of in: reads it, ingests or
 * rejects it, quarantines a file refused for what is in it, and counts
 * it in r (data is scratch).  Returns 1, or 0 if the ledger failed (the
 * reason appended to err; the batch must then be rolled back).
 */
static int
take_one(struct session *r, struct ingest *in, const char *path,
    struct buf *data, struct buf *err)
{
	struct ingest_result res;
	struct buf	 why = BUF_INIT;
	char		 sha[65];
	int		 ok = 1;

	if (!bundle_load(path, data, &why)) {
		key_sha256_hex(sha, path, strlen(path));
		ingest_reject(in, path, why.ptr, &res);
		if (res.outcome != INGEST_ERROR)
			quarantine(r, path, NULL, 0, sha, why.ptr);
	} else {
		ingest_bundle(in, data->ptr, data->len, path, &res, &why);
		if (res.outcome == INGEST_REJECTED && res.quarantine) {
			key_sha256_hex(sha, data->ptr, data->len);
			quarantine(r, path, data->ptr, data->len, sha, why.ptr);
		}
	}
	if (res.outcome == INGEST_ERROR) {
		buf_puts(err, why.ptr);
		ok = 0;
	} else
		tally(r, path, &res, why.ptr);
	ingest_result_free(&res);
	buf_free(&why);
	return ok;
}

/*
 * Takes the files of fl into the ledger in batches (SHOUHU_TEST_BATCH
 * bundles each, or BATCH_MAX bundles or BATCH_SECONDS, whichever comes
 * first), with the progress bar of r.  Returns 1, or 0 with the reason in
 * err and in *inbatch the bundles of the batch that was rolled back.
 */
static int
take_all(struct session *r, struct ingest *in, const struct files *fl,
    size_t *inbatch, struct buf *err)
{
	struct buf	 data = BUF_INIT;
	size_t		 i, fixed = batch_fixed();
	double		 tb = 0;
	int		 batch = 0, ok = 0;

	*inbatch = 0;
	for (i = 0; i < fl->n; i++) {
		bar_draw(r, i, fl->n, i == 0);
		if (!batch) {
			*inbatch = 0;
			if (!ingest_begin(in, err))
				goto out;
			batch = 1;
			tb = now_s();
		}
		if (!take_one(r, in, fl->v[i], &data, err))
			goto out;
		++*inbatch;
		if (fixed ? *inbatch >= fixed : *inbatch >= BATCH_MAX ||
		    now_s() - tb >= BATCH_SECONDS) {
			batch = 0;
			if (!ingest_commit(in, err)) {
				batch = 1;
				goto out;
			}
		}
	}
	if (batch && !ingest_commit(in, err))
		goto out;
	batch = 0;
	ok = 1;
out:
	if (batch)
		ingest_rollback(in);
	buf_free(&data);
	return ok;
}
/*
 * Ingests the bundle files and folders of bundles paths[0..n) as the
 * options o say.  Returns the exit status: 0 if every bundle was taken (or
 * had been), 1 if any was rejected or the ledger failed.
 */
int
ingest_run(const struct ingest_opts *o, char *const *paths, size_t n)
{
	struct session	 r;
	struct files	 fl;
	struct ledger	 l;
	struct key	 office;
	struct ingest	*in = NULL;
	struct buf	 err = BUF_INIT;
	size_t		 i, inbatch;
	double		 t0 = now_s();
	int		 rc = 1, opened = 0;

	memset(&r, 0, sizeof(r));
	memset(&fl, 0, sizeof(fl));
	memset(&office, 0, sizeof(office));
	r.o = o;
	buf_init(&r.qdir);
	quarantine_dir(&r.qdir, o);
	if (o->key != NULL && !key_load_secret(o->key, &office, &err))
		goto fail;
	if (!ledger_open(&l, o->ledger, LEDGER_WRITE, &err))
		goto fail;
	opened = 1;
	if (!find_bundles(&fl, r.qdir.ptr, paths, n, &err))
		goto fail;
	if (fl.n == 0) {
		if (!o->quiet)
			printf("没有找到数据包（.zip 文件），账本没有改动\n");
		rc = 0;
		goto out;
	}
	if ((in = ingest_new(&l, o->key ? &office : NULL, &err)) == NULL)
		goto fail;
	r.bar = !o->quiet && fl.n >= PROGRESS_FROM && isatty(STDERR_FILENO);
	if (!take_all(&r, in, &fl, &inbatch, &err)) {
		bar_clear(&r);
		fprintf(stderr, "%s\n本批最近 %zu 个数据包没有写入账本；解决上面的"
		    "问题后重新运行 shouhu ingest 即可（已接收的不会重复）\n",
		    err.ptr, inbatch);
		goto out;
	}
	bar_draw(&r, fl.n, fl.n, 1);
	bar_clear(&r);
	if (!o->quiet || r.nrej > 0)
		summary(&r, fl.n, now_s() - t0);
	if (!o->quiet) {
		unknown_towns(&l);
		remind_backup(&l);
	}
	rc = r.nrej > 0;
	goto out;
fail:
	fprintf(stderr, "%s\n", err.ptr);
out:
	ingest_free(in);
	if (opened)
		ledger_close(&l);
	key_free(&office);
	for (i = 0; i < fl.n; i++)
		free(fl.v[i]);
	free(fl.v);
	for (i = 0; i < r.nrej; i++) {
		free(r.rej[i].path);
		free(r.rej[i].why);
	}
	free(r.rej);
	buf_free(&r.qdir);
	buf_free(&err);
	return rc;
}
