#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/crash.h"
#include "output/out.h"
#include "output/publish.h"
#include "lib/util.h"

/*
 * Removes everything in the open folder dfd (closed here), going by the
 * entry types the folder gives (no stat per file), at most depth levels
 * down.  Returns 1, or 0 with errno set.
 */
static int
rm_in(int dfd, int depth)
{
	DIR	*d;
	struct dirent *e;
	int	 ok = 1, sub;

	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) {
			if (unlinkat(dirfd(d), e->d_name, 0) == -1 &&
			    errno != ENOENT)
				ok = 0;
			continue;
		}
		/* a folder (or unknown: try it as a file first) */
		if (e->d_type == DT_UNKNOWN &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			continue;
		if (depth <= 0 || (sub = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
		    !rm_in(sub, depth - 1) ||
		    unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == -1)
			ok = 0;
	}
	closedir(d);
	return ok;
}

void
out_ident(struct buf *b, const char *path)
{
	struct stat	 st;

	buf_clear(b);
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		buf_printf(b, "%llu:%llu:%lld.%09ld",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino,
		    (long long)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec);
}

/* Removes the tree at path (a link is removed, not followed).  Returns 1,
 * or 0 with errno set. */
int
out_rmtree(const char *path)
{
	int	 fd;

	if (unlink(path) == 0 || errno == ENOENT)
		return 1;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return 0;
	return rm_in(fd, 64) && rmdir(path) == 0;
}

/*
 * The record of the files written: their paths relative to the output,
 * each followed by a NUL, appended by any process (the map is shared,
 * made before the workers fork) through an atomic reservation of its
 * bytes.  The map is reserved, not committed: only the pages written to
 * cost memory.  A build that writes more than it holds sets full, and the
 * publish lists the folder instead.
 */
#define LOG_CAP		((size_t)256 << 20)

struct out_log {
	size_t		 used;		/* bytes of data reserved */
	int		 full;
	char		 data[];
};

/* Records rel as written into the new output. */
static void
log_add(struct out_log *l, const char *rel)
{
	size_t	 n = strlen(rel) + 1, at;

	at = __atomic_fetch_add(&l->used, n, __ATOMIC_RELAXED);
	if (at + n > LOG_CAP - sizeof(*l)) {
		__atomic_store_n(&l->full, 1, __ATOMIC_RELAXED);
		return;
	}
	memcpy(l->data + at, rel, n);
}

/* Sorts strings (qsort). */
static int
cmp_rel(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
out_written(const struct out *o, char ***vp, size_t *np)
{
	const struct out_log *l = o->log;
	char		**v = NULL;
	size_t		 n = 0, k, at;

	*vp = NULL;
	*np = 0;
	if (l == NULL || l->full)
		return 0;
	for (at = 0; at < l->used; at += strlen(l->data + at) + 1) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(l->data + at);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_rel);
	for (at = k = 0; at < n; at++) {
		if (k > 0 && strcmp(v[k - 1], v[at]) == 0) {
			free(v[at]);	/* written twice: listed once */
			continue;
		}
		v[k++] = v[at];
	}
	*vp = v;
	*np = k;
	return 1;
}

/*
 * Marks path as the top of a folder hierarchy (chattr +T) where the file
 * system supports it: ext4 then spreads the many page folders over its
 * block groups instead of crowding the group of the parent, where inode
 * allocation slows down badly after many recent deletions.
 */
static void
topdir(const char *path)
{
	int	 fd, flags;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
		flags |= FS_TOPDIR_FL;
		(void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

/*
 * With rm, removes what killed builds of dir left beside it: folders named
 * "<dir>.shouhu-tmp-*" (a new site half made, or an old one not yet
 * removed; the output is whole either way), only under the lock.  Returns
 * whether there was any.
 */
static int
stale(const char *dir, int rm)
{
	int		 found = 0;
	struct buf	 parent = BUF_INIT, path = BUF_INIT, base = BUF_INIT;
	const char	*slash = strrchr(dir, '/');
	DIR		*d;
	struct dirent	*e;

	if (slash != NULL)
		buf_put(&parent, dir, slash == dir ? 1 : (size_t)(slash - dir));
	else
		buf_puts(&parent, ".");
	buf_printf(&base, "%s.shouhu-tmp-", slash ? slash + 1 : dir);
	if ((d = opendir(parent.ptr)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, base.ptr, base.len) == 0) {
				found = 1;
				if (!rm)
					break;
				buf_clear(&path);
				buf_printf(&path, "%s/%s", parent.ptr, e->d_name);
				out_rmtree(path.ptr);
			}
		closedir(d);
	}
	buf_free(&parent);
	buf_free(&path);
	buf_free(&base);
	return found;
}

/* Whether a killed build of dir left something beside it (then the next
 * build should run, and clean up). */
int
out_interrupted(const char *dir)
{
	return stale(dir, 0);
}

/*
 * Prepares to build into folder dir: takes the lock "<dir>.shouhu-lock"
 * (a POSIX record lock: the build process's alone, gone when it dies, not
 * held by its workers), so a second build of the same output is refused
 * while this one runs; removes what killed builds left; makes a new
 * temporary folder "<dir>.shouhu-tmp-XXXXXX" where the new site is built
 * (a new name each time: a worker of a killed build can never write into
 * it).  Returns 1, or 0 with a message in err.
 */
int
out_begin(struct out *o, const char *dir, struct buf *err)
{
	struct stat st;
	struct flock lk;
	size_t	 n;

	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
	buf_init(&o->a);
	buf_init(&o->b);
	buf_init(&o->data);
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	o->dir = xstrndup(dir, n);

	if (stat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			buf_printf(err, "%s: 输出位置已有一个文件（不是文件夹）："
			    "请换一个输出目录或删除它", o->dir);
			return 0;
		}
		o->have_old = 1;
	}
	/* the lock is a file of its own that stays: the folders move */
	buf_printf(&o->a, "%s.shouhu-lock", o->dir);
	o->lockfd = open(o->a.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (o->lockfd == -1) {
		buf_printf(err, "%s: 无法建立锁文件：%s", o->a.ptr,
		    util_strerror(errno));
		return 0;
	}
	memset(&lk, 0, sizeof(lk));
	lk.l_type = F_WRLCK;
	lk.l_whence = SEEK_SET;
	if (fcntl(o->lockfd, F_SETLK, &lk) == -1) {
		buf_printf(err, "%s: 另一个 shouhu build 正在写这个目录：请等它"
		    "结束再试", o->dir);
		return 0;
	}
	(void)stale(o->dir, 1);
	buf_clear(&o->a);
	buf_printf(&o->a, "%s.shouhu-tmp-XXXXXX", o->dir);
	if (mkdtemp(o->a.ptr) == NULL || chmod(o->a.ptr, 0755) == -1) {
		buf_printf(err, "%s: 无法建立临时目录：%s", o->dir,
		    util_strerror(errno));
		return 0;
	}
	o->tmp = xstrdup(o->a.ptr);
	o->tmplen = strlen(o->tmp);
	o->owns_tmp = 1;
	topdir(o->tmp);
	o->st = mmap(NULL, sizeof(*o->st), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (o->st == MAP_FAILED)
		fatal("mmap: %s", util_strerror(errno));
	memset(o->st, 0, sizeof(*o->st));
	o->log = mmap(NULL, LOG_CAP, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (o->log == MAP_FAILED)
		o->log = NULL;		/* the publish lists the folder */
	return 1;
}

/*
 * Creates the folders leading to the file path (not the file itself).
 * Folders directly below the output root are marked top folders too, so
 * the page folders inside them are spread as well.
 */
int
out_mkparents(struct out *o, char *path)
{
	char	*slash;
	int	 r;

	if ((slash = strrchr(path, '/')) == NULL)
		return 1;
	*slash = '\0';
	r = mkdir(path, 0755);
	if (r == -1 && errno == ENOENT && out_mkparents(o, path))
		r = mkdir(path, 0755);
	if (r == 0 && o != NULL && slash - path > (ptrdiff_t)o->tmplen &&
	    strncmp(path, o->tmp, o->tmplen) == 0 && path[o->tmplen] == '/' &&
	    strchr(path + o->tmplen + 1, '/') == NULL)
		topdir(path);
	if (r == -1 && errno == EEXIST)
		r = 0;
	*slash = '/';
	return r == 0;
}

/* Whether the published file old has exactly the bytes p[0..n). */
static int
same_as_old(struct out *o, const char *old, const void *p, size_t n)
{
	struct stat st;
	int	 fd, same = 0;
	ssize_t	 r;
	size_t	 got = 0;

	if ((fd = open(old, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != n)
		goto out;
	buf_clear(&o->data);
	buf_grow(&o->data, n);
	while (got < n) {
		r = read(fd, o->data.ptr + got, n - got);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			goto out;
		}
		got += (size_t)r;
	}
	same = memcmp(o->data.ptr, p, n) == 0;
out:
	close(fd);
	return same;
}

static int
write_file(const char *path, const void *p, size_t n)
{
	int	 fd, e;
	ssize_t	 r;
	const char *c = p;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1)
		return 0;
	while (n > 0) {
		r = write(fd, c, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return 0;
		}
		c += r;
		n -= (size_t)r;
	}
	return close(fd) == 0;
}

int
out_write(struct out *o, const char *rel, const char *src, const void *p,
    size_t n, struct buf *err)
{
	int	 same = 0;

	if (o->have_old) {
		buf_clear(&o->b);
		buf_printf(&o->b, "%s/%s", o->dir, rel);
		same = same_as_old(o, o->b.ptr, p, n);
	}
	if (!(same && o->trust_same) && o->check != NULL &&
	    !o->check(o->check_arg, rel, src, p, n, err))
		return 0;
	if (same) {
		__atomic_add_fetch(&o->st->kept, 1, __ATOMIC_RELAXED);
		return 1;
	}
	buf_clear(&o->a);
	buf_printf(&o->a, "%s/%s", o->tmp, rel);
	crash_point("out-write");
	if (!out_mkparents(o, o->a.ptr) || !write_file(o->a.ptr, p, n)) {
		buf_printf(err, "%s/%s: 无法写入：%s", o->dir, rel,
		    util_strerror(errno));
		return 0;
	}
	__atomic_add_fetch(&o->st->written, 1, __ATOMIC_RELAXED);
	if (o->log != NULL)
		log_add(o->log, rel);
	return 1;
}

/*
 * Copies the file src to rel of the new output (or links the published one
 * if identical).  Returns 1, or 0 with a message in err.
 */
int
out_copy(struct out *o, const char *rel, const char *src, struct buf *err)
{
	struct buf data = BUF_INIT;
	int	 rc;

	if (!files_read(&data, src)) {
		buf_printf(err, "%s: 无法读取：%s", src, util_strerror(errno));
		return 0;
	}
	rc = out_write(o, rel, src, data.ptr, data.len, err);
	buf_free(&data);
	return rc;
}

static void
out_free(struct out *o)
{
	if (o->lockfd != -1)
		close(o->lockfd);
	if (o->st != NULL && o->st != MAP_FAILED)
		munmap(o->st, sizeof(*o->st));
	if (o->log != NULL)
		munmap(o->log, LOG_CAP);
	free(o->dir);
	free(o->tmp);
	buf_free(&o->a);
	buf_free(&o->b);
	buf_free(&o->data);
	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
}

/*
 * Puts the new site in place in one atomic step (publish.h).  Frees o.
 * Returns 1, or 0 with a message in err; then the output is the old site,
 * whole.
 */
int
out_commit(struct out *o, char **keep, size_t n, struct buf *err)
{
	return publish_commit(o, keep, n, err);
}

/* Removes the new output, leaving the old one as it was, and frees o. */
void
out_abort(struct out *o)
{
	if (o->owns_tmp)
		out_rmtree(o->tmp);
	out_free(o);
}
