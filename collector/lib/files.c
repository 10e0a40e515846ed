/*
 * Whole files in and out (see files.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"

#if !defined(_WIN32) && !defined(RENAME_NOREPLACE)
/* musl before 1.2.5 (Debian 12's, make linux-static) has no renameat2(2)
 * function; the system call is the same */
#include <sys/syscall.h>
#define RENAME_NOREPLACE	1
#define renameat2(ofd, o, nfd, n, fl)	syscall(SYS_renameat2, (ofd), (o), \
	(nfd), (n), (fl))
#endif

#define CHUNK	65536

enum files_got
files_load(struct buf *b, const char *path, size_t max, int flags,
    struct stat *stp)
{
	struct stat	 st;
	enum files_got	 got = FILES_GOT;
	size_t		 want = 0;
	ssize_t		 n;
	int		 fd, e;

	buf_clear(b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return FILES_NO_OPEN;
	if (fstat(fd, &st) == -1) {
		got = FILES_NO_READ;
		goto out;
	}
	if (stp != NULL)
		*stp = st;
	if ((flags & FILES_REGULAR) && !S_ISREG(st.st_mode)) {
		got = FILES_NOT_REGULAR;
		goto out;
	}
	/* a regular file is read in one call when its size is known */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		if (max > 0 && (size_t)st.st_size > max) {
			got = FILES_TOO_BIG;
			goto out;
		}
		want = (size_t)st.st_size;
	}
	for (;;) {
		if (want > 0 && b->len >= want)
			break;
		buf_grow(b, want > b->len ? want - b->len : CHUNK);
		n = read(fd, b->ptr + b->len, b->cap - b->len - 1);
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			got = FILES_NO_READ;
			goto out;
		}
		b->len += (size_t)n;
		b->ptr[b->len] = '\0';
		if (max > 0 && b->len > max) {
			got = FILES_TOO_BIG;
			goto out;
		}
	}
out:
	e = errno;
	close(fd);
	if (got != FILES_GOT)
		buf_free(b);
	errno = e;
	return got;
}

int
files_read(struct buf *b, const char *path)
{
	return files_load(b, path, 0, 0, NULL) == FILES_GOT;
}

/* The message for a file that is there and is not to be replaced. */
static void
exists(const char *path, struct buf *err)
{
	buf_printf(err, "%s: 这个文件已经存在，没有覆盖它：请换一个文件名，或加 "
	    "--force 覆盖", path);
}

int
files_may_write(const char *path, int replace, struct buf *err)
{
	struct stat	 st;

	if (replace || lstat(path, &st) == -1)
		return 1;
	exists(path, err);
	return 0;
}

/* files_temp without a message: returns 1, or 0 with errno set. */
static int
make_temp(struct buf *tmp, const char *path, const char *suffix)
{
	int	 fd;

	buf_clear(tmp);
	buf_printf(tmp, "%s.tmp-XXXXXX%s", path, suffix);
	if ((fd = mkostemps(tmp->ptr, (int)strlen(suffix), O_CLOEXEC)) == -1)
		return 0;
	close(fd);
	return 1;
}

int
files_temp(struct buf *tmp, const char *path, const char *suffix,
    struct buf *err)
{
	if (make_temp(tmp, path, suffix))
		return 1;
	buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
	return 0;
}

int
files_write_temp(struct buf *tmp, const char *path, const void *p,
    size_t n)
{
	const char	*c = p;
	ssize_t		 r;
	int		 fd, e;

	if (!make_temp(tmp, path, ""))
		return 0;
	if ((fd = open(tmp->ptr, O_WRONLY | O_CLOEXEC)) == -1)
		goto fail;
	while (n > 0) {
		if ((r = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			goto fail;
		}
		c += r;
		n -= (size_t)r;
	}
	if (close(fd) == 0)
		return 1;
fail:
	e = errno;
	unlink(tmp->ptr);
	buf_clear(tmp);
	errno = e;
	return 0;
}

#ifndef _WIN32
/* Syncs the folder that holds path, so that a new name in it is durable. */
static void
sync_folder(const char *path)
{
	struct buf	 dir = BUF_INIT;
	char		*slash;
	int		 fd;

	buf_puts(&dir, path);
	if ((slash = strrchr(dir.ptr, '/')) != NULL)
		*(slash == dir.ptr ? slash + 1 : slash) = '\0';
	else
		buf_set(&dir, ".", 1);
	if ((fd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	buf_free(&dir);
}
#endif

int
files_place(const char *tmp, const char *path, mode_t mode, int replace)
{
	mode_t	 mask;
	int	 fd, e, ok = 0;
#ifdef _WIN32
	/* Windows flushes only a file open for writing */
	const int	 sync_open = O_RDWR | O_CLOEXEC;
#else
	const int	 sync_open = O_RDONLY | O_CLOEXEC;
#endif

	mask = umask(0);
	umask(mask);
	if (chmod(tmp, mode & ~mask) == -1 ||
	    (fd = open(tmp, sync_open)) == -1)
		goto out;
	if (fsync(fd) == -1) {
		e = errno;
		close(fd);
		errno = e;
		goto out;
	}
	close(fd);
#ifdef _WIN32
	ok = plat_move(tmp, path, replace);
#else
	if (replace)
		ok = rename(tmp, path) == 0;
	else if (link(tmp, path) == 0)
		ok = 1;
	else if (errno != EEXIST)
		/* a file system without hard links */
		ok = renameat2(AT_FDCWD, tmp, AT_FDCWD, path,
		    RENAME_NOREPLACE) == 0;
	if (ok)
		sync_folder(path);
#endif
out:
	e = errno;
	(void)unlink(tmp);
	errno = e;
	return ok;
}

int
files_commit(const char *tmp, const char *path, mode_t mode, int replace,
    struct buf *err)
{
	if (files_place(tmp, path, mode, replace))
		return 1;
	if (errno == EEXIST)
		exists(path, err);
	else
		buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
	return 0;
}

int
files_write(const char *path, const void *p, size_t n, mode_t mode,
    int replace, struct buf *err)
{
	struct buf	 tmp = BUF_INIT;
	int		 ok;

	if (files_write_temp(&tmp, path, p, n))
		ok = files_commit(tmp.ptr, path, mode, replace, err);
	else {
		buf_printf(err, "%s: 无法写入：%s", path, util_strerror(errno));
		ok = 0;
	}
	buf_free(&tmp);
	return ok;
}

int
files_write_cache(const char *path, const void *p, size_t n)
{
	struct buf	 tmp = BUF_INIT;
	int		 ok = 0, e;

	if (files_write_temp(&tmp, path, p, n)) {
		/* no fsync: a cache lost in a crash is only made again */
		if (chmod(tmp.ptr, 0644) == 0 && rename(tmp.ptr, path) == 0)
			ok = 1;
		else {
			e = errno;
			unlink(tmp.ptr);
			errno = e;
		}
	}
	buf_free(&tmp);
	return ok;
}
