#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

#include "buf.h"
#include "out.h"
#include "util.h"

/* Removes everything inside folder path.  Returns 1, or 0 with errno. */
static int
empty_dir(const char *path)
{
	DIR	*d;
	struct dirent *e;
	struct buf b = BUF_INIT;
	int	 ok = 1;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_clear(&b);
		buf_printf(&b, "%s/%s", path, e->d_name);
		if (!out_rmtree(b.ptr))
			ok = 0;
	}
	closedir(d);
	buf_free(&b);
	return ok;
}

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

/* Removes the tree at path.  Returns 1, or 0 with errno set. */
int
out_rmtree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT;
	return nftw(path, rm_cb, 32, FTW_DEPTH | FTW_PHYS) == 0;
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
 * Prepares to build into folder dir: creates (or empties, after a killed
 * build) the temporary folder "<dir>.shouhu-tmp" and locks it, so a second
 * build of the same output is refused while this one runs.  Returns 1, or 0
 * with a message in err.
 */
int
out_begin(struct out *o, const char *dir, struct buf *err)
{
	struct stat st;
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
	buf_printf(&o->a, "%s.shouhu-tmp", o->dir);
	o->tmp = xstrdup(o->a.ptr);
	o->tmplen = strlen(o->tmp);

	if (stat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			buf_printf(err, "%s: 输出位置已有一个文件（不是文件夹）："
			    "请换一个输出目录或删除它", o->dir);
			return 0;
		}
		o->have_old = 1;
	}
	/*
	 * The temporary folder is also the lock: a build holds flock on it
	 * until it ends; one left by a killed build is unlocked and emptied.
	 */
	if (mkdir(o->tmp, 0755) == -1 && errno != EEXIST) {
		buf_printf(err, "%s: 无法创建临时目录：%s", o->tmp, strerror(errno));
		return 0;
	}
	o->lockfd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->lockfd == -1) {
		buf_printf(err, "%s: 无法打开临时目录：%s", o->tmp, strerror(errno));
		return 0;
	}
	if (flock(o->lockfd, LOCK_EX | LOCK_NB) == -1) {
		buf_printf(err, "%s: 另一个 shouhu build 正在写这个目录：请等它"
		    "结束再试", o->dir);
		return 0;
	}
	if (!empty_dir(o->tmp)) {
		buf_printf(err, "%s: 无法清空临时目录：%s", o->tmp, strerror(errno));
		return 0;
	}
	o->owns_tmp = 1;
	topdir(o->tmp);
	o->st = mmap(NULL, sizeof(*o->st), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (o->st == MAP_FAILED)
		fatal("mmap: %s", strerror(errno));
	memset(o->st, 0, sizeof(*o->st));
	return 1;
}

/*
 * Creates the folders leading to the file path (not the file itself).
 * Folders directly below the output root are marked top folders too, so
 * the page folders inside them are spread as well.
 */
static int
mkparents(struct out *o, char *path)
{
	char	*slash;
	int	 r;

	if ((slash = strrchr(path, '/')) == NULL)
		return 1;
	*slash = '\0';
	r = mkdir(path, 0755);
	if (r == -1 && errno == ENOENT && mkparents(o, path))
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
	if (o->check != NULL && !o->check(o->check_arg, rel, src, p, n, err))
		return 0;
	if (o->have_old) {
		buf_clear(&o->b);
		buf_printf(&o->b, "%s/%s", o->dir, rel);
		if (same_as_old(o, o->b.ptr, p, n)) {
			__atomic_add_fetch(&o->st->kept, 1, __ATOMIC_RELAXED);
			return 1;
		}
	}
	buf_clear(&o->a);
	buf_printf(&o->a, "%s/%s", o->tmp, rel);
	if (!mkparents(o, o->a.ptr) || !write_file(o->a.ptr, p, n)) {
		buf_printf(err, "%s: 无法写入：%s", o->a.ptr, strerror(errno));
		return 0;
	}
	__atomic_add_fetch(&o->st->written, 1, __ATOMIC_RELAXED);
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

	if (!buf_read_file(&data, src)) {
		buf_printf(err, "%s: 无法读取：%s", src, strerror(errno));
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
	free(o->dir);
	free(o->tmp);
	buf_free(&o->a);
	buf_free(&o->b);
	buf_free(&o->data);
	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
}

static int
cmp_rel(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Makes room for a file at path: removes a folder there, or a file in the
 * way of its folders. */
static void
clear_way(char *path)
{
	char	*slash;
	struct stat st;

	out_rmtree(path);
	for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			unlink(path);
		*slash = '/';
	}
}

/* Moves every file of the tree tmp/rel to dir/rel. */
static int
move_tree(struct out *o, struct buf *rel, struct buf *err)
{
	DIR	*d;
	struct dirent *e;
	size_t	 len = rel->len;
	int	 rc = 1;

	buf_clear(&o->a);
	buf_printf(&o->a, "%s/%s", o->tmp, rel->ptr);
	if ((d = opendir(o->a.ptr)) == NULL) {
		buf_printf(err, "%s: %s", o->a.ptr, strerror(errno));
		return 0;
	}
	while (rc && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_truncate(rel, len);
		buf_puts(rel, e->d_name);
		if (e->d_type == DT_DIR) {
			buf_putc(rel, '/');
			rc = move_tree(o, rel, err);
			continue;
		}
		buf_clear(&o->a);
		buf_printf(&o->a, "%s/%s", o->tmp, rel->ptr);
		buf_clear(&o->b);
		buf_printf(&o->b, "%s/%s", o->dir, rel->ptr);
		if (rename(o->a.ptr, o->b.ptr) == 0)
			continue;
		if (errno == ENOENT)
			mkparents(NULL, o->b.ptr);
		else
			clear_way(o->b.ptr);
		mkparents(NULL, o->b.ptr);
		if (rename(o->a.ptr, o->b.ptr) == -1) {
			buf_printf(err, "%s: 无法放到输出目录：%s", o->b.ptr,
			    strerror(errno));
			rc = 0;
		}
	}
	closedir(d);
	buf_truncate(rel, len);
	return rc;
}

/* Deletes the files of dir/rel that are not in keep[0..n) (sorted), and
 * folders left empty.  Returns whether dir/rel is now empty. */
static int
prune_tree(struct out *o, struct buf *rel, char **keep, size_t n)
{
	DIR	*d;
	struct dirent *e;
	size_t	 len = rel->len;
	int	 empty = 1;
	const char *key;

	buf_clear(&o->a);
	buf_printf(&o->a, "%s/%s", o->dir, rel->ptr);
	if ((d = opendir(o->a.ptr)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_truncate(rel, len);
		buf_puts(rel, e->d_name);
		if (e->d_type == DT_DIR) {
			buf_putc(rel, '/');
			if (prune_tree(o, rel, keep, n)) {
				buf_clear(&o->a);
				buf_printf(&o->a, "%s/%s", o->dir, rel->ptr);
				if (rmdir(o->a.ptr) == 0)
					continue;
			}
			empty = 0;
			continue;
		}
		key = rel->ptr;
		if (bsearch(&key, keep, n, sizeof(*keep), cmp_rel) != NULL) {
			empty = 0;
			continue;
		}
		buf_clear(&o->a);
		buf_printf(&o->a, "%s/%s", o->dir, rel->ptr);
		if (unlink(o->a.ptr) == -1)
			empty = 0;
	}
	closedir(d);
	buf_truncate(rel, len);
	return empty;
}

/*
 * Puts the new output in place: the whole temporary folder when there was
 * no output before; otherwise each new or changed file by a rename, then
 * deletes published files that are not in keep[0..n) (every file the build
 * makes, relative to the output folder; sorted here).  Frees o.  Returns 1,
 * or 0 with a message in err.
 */
int
out_commit(struct out *o, char **keep, size_t n, struct buf *err)
{
	struct buf rel = BUF_INIT;
	int	 rc = 1;

	if (!o->have_old) {
		if (rename(o->tmp, o->dir) == -1) {
			buf_printf(err, "%s: 无法创建输出目录：%s", o->dir,
			    strerror(errno));
			rc = 0;
		}
	} else {
		if (n > 1)
			qsort(keep, n, sizeof(*keep), cmp_rel);
		rc = move_tree(o, &rel, err);
		if (rc)
			prune_tree(o, &rel, keep, n);
	}
	out_rmtree(o->tmp);
	buf_free(&rel);
	out_free(o);
	return rc;
}

/* Removes the new output, leaving the old one as it was, and frees o. */
void
out_abort(struct out *o)
{
	if (o->owns_tmp)
		out_rmtree(o->tmp);
	out_free(o);
}
