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
