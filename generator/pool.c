#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "pool.h"
#include "util.h"

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

struct shared {
	struct range r[MAXW];
	int	 nr;
	int	 failed;	/* a worker failed: everyone stops */
};

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
	size_t	 i, end;
	int	 k;

	for (k = 0; k < sh->nr; k++) {
		r = &sh->r[(self + k) % sh->nr];
		for (;;) {
			if (__atomic_load_n(&sh->failed, __ATOMIC_RELAXED))
				return 1;
			i = __atomic_fetch_add(&r->next, CHUNK, __ATOMIC_RELAXED);
			if (i >= r->end)
				break;
			end = i + CHUNK < r->end ? i + CHUNK : r->end;
			for (; i < end; i++)
				if (!fn(arg, i, err)) {
					__atomic_store_n(&sh->failed, 1,
					    __ATOMIC_RELAXED);
					*failed_job = i;
					return 0;
				}
		}
	}
	return 1;
}

/*
 * Runs fn(arg, i, err) for every i in [0, n) on `workers` processes (in
 * this process when workers is 1).  fn returns 1, or 0 with a message in
 * its err.  Returns 1 when every job succeeded; otherwise 0 with the
 * message of the failed job with the lowest number in err.
 */
int
pool_run(size_t n, int workers, pool_fn fn, void *arg, struct buf *err)
{
	struct shared *sh;
	struct buf msg = BUF_INIT, in = BUF_INIT;
	pid_t	*pids;
	int	 fds[2], i, status, ok = 1, crashed = 0;
	size_t	 fj = 0, best = (size_t)-1, j;
	ssize_t	 r;
	char	*tab;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		fatal("mmap: %s", strerror(errno));
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
	if (workers == 1) {
		ok = work(sh, 0, fn, arg, err, &fj);
		munmap(sh, sizeof(*sh));
		return ok;
	}
	if (pipe(fds) == -1)
		fatal("pipe: %s", strerror(errno));
	fflush(NULL);
	pids = xcalloc((size_t)workers, sizeof(*pids));
	for (i = 0; i < workers; i++) {
		if ((pids[i] = fork()) == -1)
			fatal("fork: %s", strerror(errno));
		if (pids[i] == 0) {
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
	for (;;) {
		buf_grow(&in, 4096);
		r = read(fds[0], in.ptr + in.len, in.cap - in.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		in.len += (size_t)r;
		in.ptr[in.len] = '\0';
	}
	close(fds[0]);
	for (i = 0; i < workers; i++) {
		while (waitpid(pids[i], &status, 0) == -1 && errno == EINTR)
			;
		if (WIFSIGNALED(status))
			crashed = WTERMSIG(status);
		else if (WEXITSTATUS(status) != 0)
			ok = 0;
	}
	/* messages are NUL-separated "job\tmessage" */
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
	munmap(sh, sizeof(*sh));
	return ok;
}
