#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/util.h"

const char *util_progname = "shouhu";

/* Like malloc(3), but never returns NULL: aborts on exhaustion. */
void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* Like calloc(3), but never returns NULL. */
void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* Like realloc(3), but never returns NULL. */
void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* realloc(p, n * sz) with overflow checking; never returns NULL. */
void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		fatal("out of memory");
	return xrealloc(p, n * sz);
}

/* Returns a malloc'd copy of s owned by the caller. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Returns a malloc'd NUL-terminated copy of the first n bytes of s. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
vwarn_(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", util_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Prints "prog: message" to stderr and exits with status 1. */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn_(fmt, ap);
	va_end(ap);
	exit(1);
}

/* Prints "prog: message" to stderr. */
void
warnx_(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn_(fmt, ap);
	va_end(ap);
}

/* The number e holds (a whole string of digits), into *v.  Returns 1, or 0
 * for NULL, empty or anything else. */
static int
env_seconds(const char *e, long long *v)
{
	char	*end;

	if (e == NULL || *e == '\0')
		return 0;
	errno = 0;
	*v = strtoll(e, &end, 10);
	return *end == '\0' && errno == 0;
}

/*
 * Now, in Unix seconds: SOURCE_DATE_EPOCH if it is set (to a number), so
 * that builds, bundles and tests are reproducible; else SHOUHU_NOW if it is
 * set, a clock for tests that stands for the real one (a build does not
 * record it as a reproducible build's fixed time, see build.c); else the
 * clock.
 */
int64_t
util_now(void)
{
	long long v;

	if (env_seconds(getenv("SOURCE_DATE_EPOCH"), &v) ||
	    env_seconds(getenv("SHOUHU_NOW"), &v))
		return v;
	return (int64_t)time(NULL);
}

/*
 * Makes a new empty file "<path>.tmp-XXXXXX<suffix>" beside path and puts
 * its name in tmp, for a writer that can only write to a named file (and
 * then calls util_commit_temp).  Returns 1, or 0 with a message in err.
 */
int
util_temp_path(struct buf *tmp, const char *path, const char *suffix,
    struct buf *err)
{
	int	 fd;

	buf_clear(tmp);
	buf_printf(tmp, "%s.tmp-XXXXXX%s", path, suffix);
	if ((fd = mkstemps(tmp->ptr, (int)strlen(suffix))) == -1) {
		buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

/* The message for a file that is there and is not to be replaced. */
static void
exists(const char *path, struct buf *err)
{
	buf_printf(err, "%s: 这个文件已经存在，没有覆盖它：请换一个文件名，或加 "
	    "--force 覆盖", path);
}

/*
 * Whether path may be written: always with replace, else only if there is
 * nothing at path.  Returns 1, or 0 with a message in err.  (Writers check
 * this first, to fail before the work; util_commit_temp checks again.)
 */
int
util_may_write(const char *path, int replace, struct buf *err)
{
	struct stat	 st;

	if (replace || lstat(path, &st) == -1)
		return 1;
	exists(path, err);
	return 0;
}

/*
 * Moves the finished temporary file tmp (from util_temp_path) to path
 * with the permissions mode less the umask, so path has either its old
 * contents (or nothing) or all the new, also after a power cut: tmp is
 * synced before the rename and the folder after it.  Unless replace, an
 * existing path is refused (RENAME_NOREPLACE) and stays as it was.
 * Returns 1, or 0 with a message in err (tmp is then removed).
 */
int
util_commit_temp(const char *tmp, const char *path, mode_t mode, int replace,
    struct buf *err)
{
	struct buf	 dir = BUF_INIT;
	mode_t		 mask;
	char		*slash;
	int		 fd, ok = 0;

	mask = umask(0);
	umask(mask);
	if (chmod(tmp, mode & ~mask) == -1 ||
	    (fd = open(tmp, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
		goto out;
	}
	if (fsync(fd) == -1) {
		buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	if (replace ? rename(tmp, path) == -1 :
	    renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == -1) {
		if (errno == EEXIST)
			exists(path, err);
		else
			buf_printf(err, "%s: 无法写入：%s", path,
			    util_strerror(errno));
		goto out;
	}
	/* the rename itself, durable */
	buf_puts(&dir, path);
	if ((slash = strrchr(dir.ptr, '/')) != NULL)
		*(slash == dir.ptr ? slash + 1 : slash) = '\0';
	else
		buf_set(&dir, ".", 1);
	if ((fd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	ok = 1;
out:
	if (!ok)
		unlink(tmp);
	buf_free(&dir);
	return ok;
}

/*
 * The one atomic writer: writes p[0..n) to path through a temporary file
 * beside it (util_temp_path), synced, then moved into place
 * (util_commit_temp) with the permissions mode less the umask: path has
 * its old contents (or nothing) or all the new, also after a power cut.
 * Unless replace, an existing path is refused and stays as it was.
 * Returns 1, or 0 with "path: message" appended to err and nothing left
 * behind.
 */
int
util_write_file(const char *path, const void *p, size_t n, mode_t mode,
    int replace, struct buf *err)
{
	struct buf	 tmp = BUF_INIT;
	const char	*c = p;
	ssize_t		 r;
	int		 fd, ok = 0;

	if (!util_temp_path(&tmp, path, "", err))
		goto out;
	if ((fd = open(tmp.ptr, O_WRONLY | O_CLOEXEC)) == -1)
		goto fail;
	while (n > 0) {
		if ((r = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto fail;
		}
		c += r;
		n -= (size_t)r;
	}
	if (close(fd) == -1)
		goto fail;
	ok = util_commit_temp(tmp.ptr, path, mode, replace, err);
	goto out;
fail:
	buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
	unlink(tmp.ptr);
out:
	buf_free(&tmp);
	return ok;
}

/*
 * Whether the file name s ends with suffix (".xlsx"), in any case of
 * ASCII letters, with something before it.
 */
int
util_has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), k = strlen(suffix);

	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

/*
 * What the system error e means, in Chinese and with what to do about it,
 * for messages such as "ledger.db: 无法写入：磁盘已满（请腾出空间后再试）".
 * The common errors of files and disks are written out; anything else is
 * the system's own text.  The string is static.
 */
const char *
util_strerror(int e)
{
	switch (e) {
	case ENOENT:
		return "文件或文件夹不存在";
	case ENOTDIR:
		return "路径中有一段不是文件夹";
	case EISDIR:
		return "这是一个文件夹，不是文件";
	case EACCES:
	case EPERM:
		return "没有权限（请检查文件和文件夹的权限，或换一个位置）";
	case EROFS:
		return "所在的磁盘是只读的（请换一个可以写入的位置）";
	case ENOSPC:
		return "磁盘已满（请腾出空间后再试）";
	case EDQUOT:
		return "超出了磁盘配额（请腾出空间，或请管理员增加配额）";
	case EIO:
		return "读写出错（磁盘、U 盘或网络盘可能有问题，请检查后再试）";
	case EMFILE:
	case ENFILE:
		return "同时打开的文件太多（请关掉一些程序后再试）";
	case ENOMEM:
		return "内存不够";
	case EFBIG:
		return "文件太大";
	case ENAMETOOLONG:
		return "文件名或路径太长";
	case ELOOP:
		return "链接层数太多（可能指向了自己）";
	case EBUSY:
	case ETXTBSY:
		return "文件正被使用（请关掉用它的程序后再试）";
	case EXDEV:
		return "不能跨磁盘移动";
	case EEXIST:
		return "已经存在";
	case ENOTEMPTY:
		return "文件夹不是空的";
	default:
		return strerror(e);
	}
}
