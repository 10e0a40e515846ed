#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "output/stamp.h"
#include "lib/util.h"

#define MAX_DEPTH 32

struct hash {
	uint64_t	 a, b;
};

static void
mix(struct hash *h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t	 i;

	for (i = 0; i < n; i++) {
		h->a = (h->a ^ c[i]) * 0x100000001b3ULL;
		h->b = (h->b ^ c[i]) * 0x880355f21e6d1965ULL;
		h->b ^= h->b >> 29;
	}
}

static void
mix_stat(struct hash *h, const char *name, const struct stat *st)
{
	int64_t	 v[6];

	v[0] = (int64_t)st->st_size;
	v[1] = (int64_t)st->st_mtim.tv_sec;
	v[2] = (int64_t)st->st_mtim.tv_nsec;
	v[3] = (int64_t)st->st_ino;
	v[4] = (int64_t)st->st_mode;
	v[5] = (int64_t)st->st_ctim.tv_sec;
	mix(h, name, strlen(name) + 1);
	mix(h, v, sizeof(v));
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk(struct hash *h, struct buf *path, int depth)
{
	DIR	*d;
	struct dirent *e;
	struct stat st;
	char	**names = NULL;
	size_t	 n = 0, i, len = path->len;

	if (depth > MAX_DEPTH || (d = opendir(path->ptr)) == NULL) {
		mix(h, "?", 1);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		buf_truncate(path, len);
		buf_printf(path, "/%s", names[i]);
		if (stat(path->ptr, &st) == -1) {
			mix(h, "!", 1);
			continue;
		}
		mix_stat(h, path->ptr, &st);
		if (S_ISDIR(st.st_mode))
			walk(h, path, depth + 1);
	}
	buf_truncate(path, len);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Computes the fingerprint of the site at root ("" or "dir/") built into
 * out with options opts, and where its stamp is kept
 * (<root>build/shouhu-<hash of out>.stamp).
 */
void
stamp_compute(struct stamp *st, const char *root, const char *out,
    const char *opts)
{
	static const char *dirs[] = { "scripts", "content", "layouts",
	    "static", "themes" };
	struct hash h = { 0xcbf29ce484222325ULL, 0x9e3779b97f4a7c15ULL };
	struct hash o = h;
	struct buf path = BUF_INIT;
	struct stat sb;
	char	 cwd[4096];
	size_t	 i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		buf_clear(&path);
		buf_printf(&path, "%s%s", root, dirs[i]);
		if (stat(path.ptr, &sb) == 0) {
			mix_stat(&h, path.ptr, &sb);
			walk(&h, &path, 0);
		} else
			mix(&h, "-", 1);
	}
	if (stat("/proc/self/exe", &sb) == 0)
		mix_stat(&h, "exe", &sb);
	mix(&h, opts, strlen(opts) + 1);
	snprintf(st->hex, sizeof(st->hex), "%016" PRIx64 "%016" PRIx64, h.a, h.b);

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		cwd[0] = '\0';
	mix(&o, cwd, strlen(cwd) + 1);
	mix(&o, out, strlen(out) + 1);
	buf_clear(&path);
	buf_printf(&path, "%sbuild/shouhu-%016" PRIx64 ".stamp", root, o.a);
	st->file = buf_detach(&path);
}

/*
 * Returns 1 if the last build of out left the stamp st, out is still the
 * folder it made, and no left-out future page has come due by now.
 */
int
stamp_fresh(const struct stamp *st, const char *out, int64_t now)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	char	 hex[33];
	unsigned long long dev, ino;
	long long due;
	int	 fresh = 0;

	if (!buf_read_file(&b, st->file))
		goto out;
	if (sscanf(b.ptr, "shouhu-stamp 1 %32s %llu %llu %lld", hex, &dev, &ino,
	    &due) != 4)
		goto out;
	if (strcmp(hex, st->hex) != 0 || stat(out, &sb) == -1 ||
	    (unsigned long long)sb.st_dev != dev ||
	    (unsigned long long)sb.st_ino != ino)
		goto out;
	fresh = due == 0 || now < due;
out:
	buf_free(&b);
	return fresh;
}

/*
 * Records st for the build just made into out; due is the date of the
 * first left-out future page (0 if none).  Failing to write it only costs
 * the next build its fast path.
 */
void
stamp_save(const struct stamp *st, const char *out, int64_t due)
{
	struct buf b = BUF_INIT, ignored = BUF_INIT;
	struct stat sb;
	char	*slash;

	if (stat(out, &sb) == -1)
		return;
	buf_puts(&b, st->file);
	if ((slash = strrchr(b.ptr, '/')) != NULL) {
		*slash = '\0';
		mkdir(b.ptr, 0755);
	}
	buf_clear(&b);
	buf_printf(&b, "shouhu-stamp 1 %s %llu %llu %lld\n", st->hex,
	    (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
	    (long long)due);
	(void)buf_write_file(st->file, b.ptr, b.len, &ignored);
	buf_free(&b);
	buf_free(&ignored);
}

/* Frees what st holds. */
void
stamp_free(struct stamp *st)
{
	free(st->file);
	st->file = NULL;
}
