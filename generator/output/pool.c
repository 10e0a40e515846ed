#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/crash.h"
#include "output/pool.h"
#include "lib/util.h"

#define CHUNK	8

#define MAXW	64

/*
 * Each worker starts on its own contiguous range of jobs and steals from
 * the others when it runs out.  Neighbouring jobs write into the same
 * folder, and two processes creating entries in one folder contend for
 * its lock in the kernel.
 */
struct range {
	size_t	 next;
	size_t	 end;
	char	 pad[64 - 2 * sizeof(size_t)];
};

/* What a worker is doing, for the parent to stop a job that runs too long. */
struct slot {
	size_t	 job;		/* 1 + the job running, 0 between jobs */
	int64_t	 since;		/* when it started (now_ms) */
	char	 pad[64 - sizeof(size_t) - sizeof(int64_t)];
};

struct shared {
	struct range r[MAXW];
	struct slot w[MAXW];
	int	 nr;
	int	 failed;	/* a worker failed: everyone stops */
};

/* Returns the milliseconds of the monotonic clock. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns the number of online processors (at least 1). */
int
pool_cpus(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int
work(struct shared *sh, int self, pool_fn fn, void *arg, struct buf *err,
    size_t *failed_job)
{
	struct range *r;
	struct slot *w = &sh->w[self];
	size_t	 i, end;
	int	 k, ok;

	for (k = 0; k < sh->nr; k++) {
		r = &sh->r[(self + k) % sh->nr];
		for (;;) {
			if (__atomic_load_n(&sh->failed, __ATOMIC_RELAXED))
				return 1;
			i = __atomic_fetch_add(&r->next, CHUNK, __ATOMIC_RELAXED);
			if (i >= r->end)
				break;
			end = i + CHUNK < r->end ? i + CHUNK : r->end;
			for (; i < end; i++) {
				__atomic_store_n(&w->since, now_ms(),
				    __ATOMIC_RELAXED);
				__atomic_store_n(&w->job, i + 1, __ATOMIC_RELEASE);
				ok = fn(arg, i, err);
				__atomic_store_n(&w->job, 0, __ATOMIC_RELEASE);
				if (!ok) {
					__atomic_store_n(&sh->failed, 1,
					    __ATOMIC_RELAXED);
					*failed_job = i;
					return 0;
				}
			}
		}
	}
	return 1;
}

/*
 * Kills (SIGKILL, which stops code stuck in any function) each worker of
 * pids[0..workers) whose job has run for `seconds` or more, setting its
 * pid to 0, and appends "job\tmessage" and a NUL for it to late, the
 * message from fn.  Returns the milliseconds until the next check.
 */
static int
watch(struct shared *sh, pid_t *pids, int workers, int seconds,
    pool_late_fn fn, void *arg, struct buf *late)
{
	int64_t	 limit = (int64_t)seconds * 1000, now = now_ms(), since;
	int64_t	 wait = limit;
	size_t	 job;
	int	 k;

	for (k = 0; k < workers; k++) {
		if (pids[k] == 0 ||
		    (job = __atomic_load_n(&sh->w[k].job, __ATOMIC_ACQUIRE)) == 0)
			continue;
		since = __atomic_load_n(&sh->w[k].since, __ATOMIC_RELAXED);
		/* a job that ended meanwhile is checked next time */
		if (__atomic_load_n(&sh->w[k].job, __ATOMIC_ACQUIRE) != job)
			wait = 0;
		else if (now - since < limit) {
			if (limit - (now - since) < wait)
				wait = limit - (now - since);
		} else {
			kill(pids[k], SIGKILL);
			while (waitpid(pids[k], NULL, 0) == -1 && errno == EINTR)
				;
			pids[k] = 0;
			__atomic_store_n(&sh->failed, 1, __ATOMIC_RELAXED);
			buf_printf(late, "%zu\t", job - 1);
			fn(arg, job - 1, seconds, late);
			buf_putc(late, '\0');
		}
	}
	return (int)wait;
}

/*
 * Reads the messages of the workers from fd until every worker has closed
 * it, into in; with a limit (seconds > 0), kills each worker whose job
 * runs too long (see watch), with a message from late in stopped.
 */
static void
collect(int fd, struct shared *sh, pid_t *pids, int workers, int seconds,
    pool_late_fn late, void *arg, struct buf *in, struct buf *stopped)
{
	struct pollfd pfd;
	ssize_t	 r;
	int	 wait = -1;

	for (;;) {
		if (seconds > 0)
			wait = watch(sh, pids, workers, seconds, late, arg,
			    stopped);
		pfd.fd = fd;
		pfd.events = POLLIN;
		if ((r = poll(&pfd, 1, wait)) == -1 && errno != EINTR)
			fatal("poll: %s", util_strerror(errno));
		if (r <= 0)
			continue;
		buf_grow(in, 4096);
		r = read(fd, in->ptr + in->len, in->cap - in->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		in->len += (size_t)r;
		in->ptr[in->len] = '\0';
	}
}

/*
 * Runs fn(arg, i, err) for every i in [0, n) on `workers` processes (in
 * this process when workers is 1 and there is no limit).  fn returns 1, or
 * 0 with a message in its err.  With seconds > 0, a job running that long
 * is stopped by killing its worker, whatever it is doing, and late(arg, i,
 * seconds, err) says so.  Returns 1 when every job succeeded; otherwise 0
 * with the message of the failed job with the lowest number in err.  No
 * worker is left when it returns.
 */
int
pool_run(size_t n, int workers, int seconds, pool_fn fn, pool_late_fn late,
    void *arg, struct buf *err)
{
	struct shared *sh;
	struct buf msg = BUF_INIT, in = BUF_INIT, stopped = BUF_INIT;
	pid_t	*pids, parent = getpid();
	int	 fds[2], i, status, ok = 1, crashed = 0;
	size_t	 fj = 0, best = (size_t)-1, j;
	char	*tab;

	if (n == 0)
		return 1;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		fatal("mmap: %s", util_strerror(errno));
	memset(sh, 0, sizeof(*sh));
	if (workers > MAXW)
		workers = MAXW;
	if (workers <= 1 || n < 2 * CHUNK)
		workers = 1;
	sh->nr = workers;
	for (i = 0; i < workers; i++) {
		sh->r[i].next = n * (size_t)i / (size_t)workers;
		sh->r[i].end = n * (size_t)(i + 1) / (size_t)workers;
	}
	if (workers == 1 && seconds <= 0) {
		ok = work(sh, 0, fn, arg, err, &fj);
		munmap(sh, sizeof(*sh));
		return ok;
	}
	if (pipe(fds) == -1)
		fatal("pipe: %s", util_strerror(errno));
	fflush(NULL);
	pids = xcalloc((size_t)workers, sizeof(*pids));
	for (i = 0; i < workers; i++) {
		if ((pids[i] = fork()) == -1)
			fatal("fork: %s", util_strerror(errno));
		if (pids[i] == 0) {
			/* a worker dies with its build, even one killed with
			 * SIGKILL, so the next build can start at once */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
			    getppid() != parent)
				_exit(3);
			close(fds[0]);
			if (work(sh, i, fn, arg, &msg, &fj))
				_exit(0);
			buf_clear(&in);
			buf_printf(&in, "%zu\t%s", fj, msg.ptr);
			if (in.len > 4000)
				buf_truncate(&in, 4000);
			if (write(fds[1], in.ptr, in.len + 1) < 0)
				_exit(3);
			_exit(1);
		}
	}
	close(fds[1]);
	crash_point("pool-started");
	collect(fds[0], sh, pids, workers, seconds, late, arg, &in, &stopped);
	close(fds[0]);
	for (i = 0; i < workers; i++) {
		if (pids[i] == 0) {	/* stopped by collect */
			ok = 0;
			continue;
		}
		while (waitpid(pids[i], &status, 0) == -1 && errno == EINTR)
			;
		if (WIFSIGNALED(status))
			crashed = WTERMSIG(status);
		else if (WEXITSTATUS(status) != 0)
			ok = 0;
	}
	/* messages are NUL-separated "job\tmessage" */
	buf_put(&in, stopped.ptr, stopped.len);
	for (j = 0; j < in.len; j += strlen(in.ptr + j) + 1) {
		fj = strtoul(in.ptr + j, &tab, 10);
		if (*tab == '\t' && fj < best) {
			best = fj;
			buf_set(&msg, tab + 1, strlen(tab + 1));
		}
	}
	if (best != (size_t)-1)
		buf_puts(err, msg.ptr);
	else if (crashed) {
		buf_printf(err, "生成网页的工作进程异常退出（信号 %d）：这是"
		    " shouhu 的错误，请报告", crashed);
		ok = 0;
	} else if (!ok)
		buf_puts(err, "生成网页的工作进程失败");
	if (crashed)
		ok = 0;
	free(pids);
	buf_free(&msg);
	buf_free(&in);
	buf_free(&stopped);
	munmap(sh, sizeof(*sh));
	return ok;
}
