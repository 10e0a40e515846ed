#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "output/out.h"
#include "site/build.h"
#include "serve/http.h"
#include "serve/rebuild.h"
#include "serve/reload.h"
#include "serve/serve.h"
#include "serve/watch.h"

#define SETTLE_MS	100	/* quiet time after a change before a build:
				   editors write a file in several steps */

/* A preview: what its steps share. */
struct session {
	const struct serve_opts *o;
	struct buf	 root;		/* the site folder, "" or ending in / */
	struct buf	 ledger;	/* the ledger file watched */
	struct buf	 priv;		/* the private folder (a real path) */
	struct buf	 outdir;	/* priv/site: the output served */
	struct buf	 log;		/* priv/build.log: a build's stderr */
	struct build_opts b;
	struct rebuilder builder;
	struct rebuild	 rb;
	struct reload	 rl;
	struct http	 h;
	struct watch	 w;
	sigset_t	 oldmask;	/* the signal mask of the builds */
	int		 sigfd;		/* readable when asked to stop */
	int		 building, serving, watching;
};

int
serve_bind_ok(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t	 len;

	return http_address(addr, 0, &ss, &len);
}

/*
 * Makes the private folder (mode 0700, under $TMPDIR or /tmp) and the
 * paths in it.  Returns 1, or 0 after a message.
 */
static int
make_private(struct session *s)
{
	const char	*tmp = getenv("TMPDIR");
	char		 real[PATH_MAX];

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	buf_printf(&s->priv, "%s/shouhu-serve.XXXXXX", tmp);
	if (mkdtemp(s->priv.ptr) == NULL) {
		fprintf(stderr, "%s: 无法在 %s 里建立预览用的临时文件夹：%s；请检查"
		    "环境变量 TMPDIR\n", util_progname, tmp,
		    util_strerror(errno));
		buf_clear(&s->priv);
		return 0;
	}
	if (realpath(s->priv.ptr, real) != NULL) {
		buf_clear(&s->priv);
		buf_puts(&s->priv, real);
	}
	buf_printf(&s->outdir, "%s/site", s->priv.ptr);
	buf_printf(&s->log, "%s/build.log", s->priv.ptr);
	return 1;
}

/*
 * Blocks the signals that stop the preview in every thread (the server's
 * inherit the mask) and gets them on s->sigfd instead.  Returns 1, or 0
 * after a message.
 */
static int
catch_signals(struct session *s)
{
	sigset_t	 set;

	/* a preview always stops on Ctrl-C and SIGTERM, even started in the
	 * background of a shell that ignores them there */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &s->oldmask);
	if ((s->sigfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: 无法接收停止信号（signalfd）：%s\n",
		    util_progname, util_strerror(errno));
		return 0;
	}
	return 1;
}

/*
 * Builds the site and says how it went (not for a good first build: the
 * address line follows).  Returns 1, or 0 if a signal stopped it.
 */
static int
build(struct session *s, int first)
{
	struct rebuild	*r = &s->rb;
	size_t		 n;

	if (rebuild_run(&s->builder, s->sigfd, r) == REBUILD_STOPPED)
		return 0;
	reload_done(&s->rl, r->ok, r->errors.ptr, r->ok ?
	    r->basepath.ptr : NULL);
	if (r->ok) {
		if (!first)
			printf("已重新生成（%ld 个文件有变化，耗时 %ld 毫秒）\n",
			    r->written, r->ms);
		fflush(stdout);
		return 1;
	}
	n = r->errors.len;
	fprintf(stderr, "%s%s%s: 网站有错误，没有生成：浏览器里的网页显示这些"
	    "错误；%s改正后会自动重新生成\n", r->errors.ptr, n > 0 &&
	    r->errors.ptr[n - 1] != '\n' ? "\n" : "", util_progname,
	    first ? "" : "上一次成功生成的网站仍在后台，");
	return 1;
}

/* Prints where the preview is. */
static void
say_address(struct session *s, const char *addr)
{
	struct reload_view v;

	reload_view(&s->rl, &v);
	printf("正在预览：http://%s%s%s:%d%s（按 Ctrl-C 停止）\n",
	    strchr(addr, ':') ? "[" : "", addr, strchr(addr, ':') ? "]" : "",
	    s->h.port, v.basepath.ptr);
	fflush(stdout);
	reload_view_free(&v);
}

/* Builds again when the inputs change, until a signal comes. */
static void
loop(struct session *s)
{
	struct pollfd	 p[2];
	long		 due = -1, now;
	int		 timeout;

	p[0].fd = s->sigfd;
	p[0].events = POLLIN;
	p[1].fd = s->w.fd;
	p[1].events = POLLIN;
	for (;;) {
		timeout = -1;
		if (due >= 0) {
			now = rebuild_clock();
			timeout = due > now ? (int)(due - now) : 0;
		}
		if (poll(p, 2, timeout) == -1 && errno != EINTR) {
			fprintf(stderr, "%s: 无法等待文件的变化：%s\n",
			    util_progname, util_strerror(errno));
			return;
		}
		if (p[0].revents & POLLIN)
			return;
		if ((p[1].revents & POLLIN) && watch_read(&s->w))
			due = rebuild_clock() + SETTLE_MS;
		if (due >= 0 && rebuild_clock() >= due) {
			due = -1;
			if (!build(s, 0))
				return;
		}
	}
}

/* Sets up the paths and the options of the builds. */
static void
session_init(struct session *s, const struct serve_opts *o)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->sigfd = -1;
	buf_init(&s->root);
	buf_init(&s->ledger);
	buf_init(&s->priv);
	buf_init(&s->outdir);
	buf_init(&s->log);
	rebuild_init(&s->rb);
	reload_init(&s->rl);
	if (o->site != NULL && strcmp(o->site, ".") != 0 && o->site[0]) {
		buf_puts(&s->root, o->site);
		if (s->root.ptr[s->root.len - 1] != '/')
			buf_putc(&s->root, '/');
	}
	if (o->ledger != NULL)
		buf_puts(&s->ledger, o->ledger);
	else
		buf_printf(&s->ledger, "%sledger.db", s->root.ptr);
	s->b.site = o->site;
	s->b.ledger = o->ledger;
	s->b.drafts = o->drafts;
}

/* Stops the server and the watch, removes the private folder. */
static void
session_end(struct session *s)
{
	reload_stop(&s->rl);
	if (s->serving)
		http_stop(&s->h);
	if (s->building)
		rebuild_stop(&s->builder);
	if (s->watching)
		watch_close(&s->w);
	if (s->sigfd != -1)
		close(s->sigfd);
	if (s->priv.len > 0 && !out_rmtree(s->priv.ptr))
		fprintf(stderr, "%s: 无法删除预览用的临时文件夹 %s：%s；请手动"
		    "删除\n", util_progname, s->priv.ptr, util_strerror(errno));
	rebuild_free(&s->rb);
	reload_free(&s->rl);
	buf_free(&s->root);
	buf_free(&s->ledger);
	buf_free(&s->priv);
	buf_free(&s->outdir);
	buf_free(&s->log);
}

int
serve_run(const struct serve_opts *o)
{
	struct session	 s;
	struct buf	 err = BUF_INIT;
	const char	*addr = o->bind != NULL ? o->bind : "127.0.0.1";
	struct stat	 st;
	int		 rc = 1;

	session_init(&s, o);
	if (s.root.len > 0 && (stat(s.root.ptr, &st) == -1 ||
	    !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "%s: 找不到网站目录 %s：请用 -C 指定网站目录（里面有 "
		    "scripts/site.lua、content/ 和 themes/）\n", util_progname,
		    o->site);
		goto out;
	}
	if (!make_private(&s) || !catch_signals(&s))
		goto out;
	s.b.out = s.outdir.ptr;
	s.b.statedir = s.priv.ptr;
	/* the helper first: the server's threads come next */
	s.building = 1;
	if (!rebuild_start(&s.builder, &s.b, s.log.ptr, &s.oldmask, &err))
		goto out;
	if (!http_start(&s.h, addr, o->port, s.outdir.ptr, &s.rl, &err))
		goto out;
	s.serving = 1;
	if (!watch_open(&s.w, s.root.ptr, s.ledger.ptr, &err))
		goto out;
	s.watching = 1;
	if (build(&s, 1)) {
		say_address(&s, addr);
		loop(&s);
	}
	rc = 0;
out:
	if (err.len > 0)
		fputs(err.ptr, stderr);
	session_end(&s);
	if (rc == 0)
		printf("已停止预览，临时文件已删除\n");
	buf_free(&err);
	return rc;
}
