#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "site/build.h"
#include "serve/rebuild.h"

void
rebuild_init(struct rebuild *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->errors);
	buf_init(&r->basepath);
	buf_init(&r->log);
}

void
rebuild_free(struct rebuild *r)
{
	buf_free(&r->errors);
	buf_free(&r->basepath);
	buf_free(&r->log);
}

long
rebuild_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes all n bytes at p to fd; returns 1, or 0 if it cannot. */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		p += w;
		n -= (size_t)w;
	}
	return 1;
}

/*
 * The child: builds with its output to /dev/null and its stderr to
 * logpath, and writes to fd "STATUS WRITTEN\nBASEPATH\nERRORS".  Never
 * returns: it exits as a program does (a sanitizer build checks the
 * build for leaks then; its parent, the helper, has one thread).
 */
static void
child(const struct build_opts *o, const char *logpath, const sigset_t *mask,
    int fd)
{
	struct build_opts b = *o;
	struct build_stats st;
	struct buf	 err = BUF_INIT, base = BUF_INIT, res = BUF_INIT;
	int		 null, log, rc;

	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
	    dup2(null, STDOUT_FILENO) == -1)
		_exit(3);
	if ((log = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || dup2(log, STDERR_FILENO) == -1)
		_exit(3);
	memset(&st, 0, sizeof(st));
	st.basepath = &base;
	b.errors = &err;
	b.stats = &st;
	rc = build_run(&b);
	buf_printf(&res, "%d %ld\n%s\n%s", rc, st.written, base.ptr, err.ptr);
	rc = write_all(fd, res.ptr, res.len) ? 0 : 3;
	buf_free(&err);
	buf_free(&base);
	buf_free(&res);
	exit(rc);
}

/*
 * Waits until fd or stopfd can be read, then reads what fd has into
 * chunk[0..size).  Returns the bytes read, 0 at fd's end, -1 on an error
 * (not EINTR), or -2 if stopfd became readable (or hung up) first.
 */
static ssize_t
read_or_stop(int fd, int stopfd, char *chunk, size_t size)
{
	struct pollfd	 p[2];
	ssize_t		 n;

	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = stopfd;
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[1].revents & (POLLIN | POLLHUP))
			return -2;
		if ((n = read(fd, chunk, size)) >= 0 || errno != EINTR)
			return n;
	}
}

/*
 * Reads the child's answer from fd into res until its end.  Returns 1, or
 * 0 if stopfd became readable first.
 */
static int
read_answer(int fd, int stopfd, struct buf *res)
{
	char		 chunk[4096];
	ssize_t		 n;

	while ((n = read_or_stop(fd, stopfd, chunk, sizeof(chunk))) > 0)
		buf_put(res, chunk, (size_t)n);
	return n != -2;
}

/* Takes the child's answer res (see child) into r; returns 1 if whole. */
static int
parse_answer(const char *res, struct rebuild *r)
{
	const char	*nl, *nl2;
	int		 rc;
	long		 written;

	if (sscanf(res, "%d %ld", &rc, &written) != 2 ||
	    (nl = strchr(res, '\n')) == NULL ||
	    (nl2 = strchr(nl + 1, '\n')) == NULL)
		return 0;
	r->ok = rc == 0;
	r->written = written;
	buf_put(&r->basepath, nl + 1, (size_t)(nl2 - nl - 1));
	buf_puts(&r->errors, nl2 + 1);
	return 1;
}

/*
 * What the child said on stderr, from logpath: into r->errors when it
 * gave no answer (a script stopped by its time limit, a crash), else on
 * our stderr when it differs from the last build's.
 */
static void
take_log(const char *logpath, int answered, int status, struct rebuild *r)
{
	struct buf	 log = BUF_INIT;

	(void)files_read(&log, logpath);
	if (!answered) {
		r->ok = 0;
		if (log.len > 0)
			buf_put(&r->errors, log.ptr, log.len);
		else if (WIFSIGNALED(status))
			buf_printf(&r->errors, "%s: 生成网站的进程被信号 %d 终止："
			    "请再保存一次文件重试\n", util_progname,
			    WTERMSIG(status));
		else
			buf_printf(&r->errors, "%s: 生成网站的进程意外结束（退出码"
			    " %d）：请再保存一次文件重试\n", util_progname,
			    WEXITSTATUS(status));
	} else if (strcmp(log.ptr, r->log.ptr) != 0)
		fputs(log.ptr, stderr);
	buf_clear(&r->log);
	buf_put(&r->log, log.ptr, log.len);
	buf_free(&log);
}

/*
 * One build in a new child process: its answer into res, its wait status
 * into *status.  Returns 1, or 0 if stopfd became readable first (the
 * child is then stopped and waited for) or no child could be made (then
 * *status is -1).
 */
static int
one_build(const struct build_opts *o, const char *logpath,
    const sigset_t *mask, int stopfd, struct buf *res, int *status)
{
	pid_t	 pid;
	int	 p[2], done;

	*status = -1;
	if (pipe2(p, O_CLOEXEC) == -1)
		return 1;
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return 1;
	}
	if (pid == 0) {
		close(p[0]);
		child(o, logpath, mask, p[1]);
	}
	close(p[1]);
	done = read_answer(p[0], stopfd, res);
	close(p[0]);
	if (!done)
		kill(pid, SIGTERM);
	while (waitpid(pid, status, 0) == -1 && errno == EINTR)
		;
	return done;
}

/*
 * The helper: for each byte read from fd, one build, answered on fd as
 * "STATUS LENGTH\n" and the child's answer.  It ends when fd ends (the
 * server stops), stopping a build under way.  Never returns.
 */
static void
helper(const struct build_opts *o, const char *logpath, const sigset_t *mask,
    int fd)
{
	struct buf	 res = BUF_INIT, msg = BUF_INIT;
	char		 c;
	int		 status;

	while (read(fd, &c, 1) == 1) {
		buf_clear(&res);
		buf_clear(&msg);
		if (!one_build(o, logpath, mask, fd, &res, &status))
			break;
		buf_printf(&msg, "%d %zu\n", status, res.len);
		buf_put(&msg, res.ptr, res.len);
		if (!write_all(fd, msg.ptr, msg.len))
			break;
	}
	buf_free(&res);
	buf_free(&msg);
	_exit(0);
}

int
rebuild_start(struct rebuilder *rb, const struct build_opts *o,
    const char *logpath, const sigset_t *mask, struct buf *err)
{
	int	 sv[2];

	rb->pid = -1;
	rb->fd = -1;
	rb->logpath = xstrdup(logpath);
	fflush(stdout);
	fflush(stderr);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		goto fail;
	if ((rb->pid = fork()) == -1) {
		close(sv[0]);
		close(sv[1]);
		goto fail;
	}
	if (rb->pid == 0) {
		close(sv[0]);
		helper(o, logpath, mask, sv[1]);
	}
	close(sv[1]);
	rb->fd = sv[0];
	return 1;
fail:
	buf_printf(err, "%s: 无法启动生成网站的进程：%s\n", util_progname,
	    util_strerror(errno));
	return 0;
}

/*
 * Reads the helper's answer from fd: the child's wait status into
 * *status and its answer into res.  Returns 1, 0 if stopfd became
 * readable first, or -1 if the helper is gone.
 */
static int
read_reply(int fd, int stopfd, int *status, struct buf *res)
{
	struct buf	 in = BUF_INIT;
	char		 chunk[4096];
	const char	*nl;
	size_t		 want, head;
	ssize_t		 n;
	int		 rc = -1;

	while ((n = read_or_stop(fd, stopfd, chunk, sizeof(chunk))) > 0) {
		buf_put(&in, chunk, (size_t)n);
		if ((nl = memchr(in.ptr, '\n', in.len)) == NULL ||
		    sscanf(in.ptr, "%d %zu", status, &want) != 2)
			continue;
		head = (size_t)(nl + 1 - in.ptr);
		if (in.len - head >= want) {
			buf_put(res, nl + 1, want);
			rc = 1;
			break;
		}
	}
	if (n == -2)
		rc = 0;
	buf_free(&in);
	return rc;
}

enum rebuild_end
rebuild_run(struct rebuilder *rb, int stopfd, struct rebuild *r)
{
	struct buf	 res = BUF_INIT;
	long		 t0 = rebuild_clock();
	int		 status = -1, answered, got = -1;

	r->ok = 0;
	r->written = 0;
	buf_clear(&r->errors);
	buf_clear(&r->basepath);
	if (rb->fd != -1 && write_all(rb->fd, "b", 1))
		got = read_reply(rb->fd, stopfd, &status, &res);
	if (got == 0) {
		buf_free(&res);
		return REBUILD_STOPPED;
	}
	if (got == -1)
		buf_printf(&r->errors, "%s: 生成网站的辅助进程意外结束：请按 Ctrl-C "
		    "停止，再重新运行 shouhu serve\n", util_progname);
	else if (status == -1)
		buf_printf(&r->errors, "%s: 无法启动生成网站的进程：请再保存一次"
		    "文件重试\n", util_progname);
	else {
		answered = WIFEXITED(status) && parse_answer(res.ptr, r);
		take_log(rb->logpath, answered, status, r);
	}
	r->ms = rebuild_clock() - t0;
	buf_free(&res);
	return REBUILD_DONE;
}

void
rebuild_stop(struct rebuilder *rb)
{
	int	 status;

	if (rb->fd != -1)
		close(rb->fd);
	rb->fd = -1;
	if (rb->pid > 0)
		while (waitpid(rb->pid, &status, 0) == -1 && errno == EINTR)
			;
	rb->pid = -1;
	free(rb->logpath);
	rb->logpath = NULL;
}
