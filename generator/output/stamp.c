#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "output/out.h"
#include "output/stamp.h"
#include "lib/util.h"
#include "lib/walk.h"

/*
 * The fingerprints being made: of every input (two lanes: a and b), and
 * code, of what every page depends on (the incremental build's).
 */
struct hash {
	uint64_t	 a, b;
	uint64_t	 code;
	int		 incode;	/* what is mixed goes into code too */
};

static void
mix(struct hash *h, const void *p, size_t n)
{
	h->a = hash_add(h->a, p, n);
	h->b = hash_add(h->b, p, n);
	if (h->incode)
		h->code = hash_add(h->code, p, n);
}

static void
mix_stat(struct hash *h, const char *name, const struct stat *st)
{
	int64_t	 v[7];

	v[0] = (int64_t)st->st_size;
	v[1] = (int64_t)st->st_mtim.tv_sec;
	v[2] = (int64_t)st->st_mtim.tv_nsec;
	v[3] = (int64_t)st->st_ino;
	v[4] = (int64_t)st->st_mode;
	v[5] = (int64_t)st->st_ctim.tv_sec;
	v[6] = (int64_t)st->st_ctim.tv_nsec;
	mix(h, name, strlen(name) + 1);
	mix(h, v, sizeof(v));
}

/* Mixes an entry of an input folder into the fingerprint at arg. */
static enum walk_next
stamp_entry(const struct walk_entry *e, void *arg)
{
	mix_stat(arg, e->path, &e->st);
	return WALK_GO;
}

/*
 * Mixes the folder (or file) path and everything in it into h; a missing
 * one counts as "-".  Returns 0 if the folder could not be walked to its
 * end (why goes to ignored), else 1.
 */
static int
mix_tree(struct hash *h, const char *path, struct buf *ignored,
    struct walk_log **log)
{
	struct stat sb;

	if (stat(path, &sb) == -1) {
		mix(h, "-", 1);
		return 1;
	}
	mix_stat(h, path, &sb);
	if (!S_ISDIR(sb.st_mode))
		return 1;
	if (log != NULL)
		return walk_tree_log(path, 0, stamp_entry, h, ignored, NULL,
		    log);
	return walk_tree(path, 0, stamp_entry, h, ignored, NULL);
}

/*
 * Computes the fingerprint of the site at root ("" or "dir/") built into
 * out with options opts, and where its stamp is kept
 * (<statedir>/shouhu-<hash of out>.stamp, statedir NULL for <root>build),
 * into st (st->file is then st's, stamp_free).  The input folders are
 * walked as walk.h says (names starting with '.', which no build reads,
 * left out), and so are the folders of extra (NULL-terminated, or NULL),
 * which the build may read too (installed themes); if one cannot be
 * walked to its end, the fingerprint is "" and the stamp never fresh.
 */
void
stamp_compute(struct stamp *st, const char *root, const char *statedir,
    const char *out, const char *opts, const char *const *extra)
{
	static const char *dirs[] = { "scripts", "content", "layouts",
	    "static", "themes" };
	struct hash h = { HASH_INIT, ~HASH_INIT, HASH_INIT, 0 };
	struct hash o = h;
	struct buf path = BUF_INIT, ignored = BUF_INIT;
	struct stat sb;
	char	 cwd[4096];
	size_t	 i;
	int	 whole = 1;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		buf_clear(&path);
		buf_printf(&path, "%s%s", root, dirs[i]);
		/* content/ and static/ are not code: the pages follow them */
		h.incode = strcmp(dirs[i], "content") != 0 &&
		    strcmp(dirs[i], "static") != 0;
		whole &= mix_tree(&h, path.ptr, &ignored,
		    strcmp(dirs[i], "content") == 0 ? &st->content : NULL);
	}
	h.incode = 1;
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		whole &= mix_tree(&h, extra[i], &ignored, NULL);
	buf_free(&ignored);
	if (stat("/proc/self/exe", &sb) == 0)
		mix_stat(&h, "exe", &sb);
	mix(&h, opts, strlen(opts) + 1);
	st->code = whole && h.code != 0 ? h.code : 0;
	if (whole)
		snprintf(st->hex, sizeof(st->hex), "%016" PRIx64 "%016" PRIx64,
		    h.a, h.b);
	else
		st->hex[0] = '\0';

	/* the stamp is the output folder's, wherever the build runs from:
	 * a relative out is named by the folder it is relative to */
	if (out[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		cwd[0] = '\0';
	o.incode = 0;
	mix(&o, cwd, strlen(cwd) + 1);
	mix(&o, out, strlen(out) + 1);
	buf_clear(&path);
	if (statedir != NULL)
		buf_printf(&path, "%s/shouhu-%016" PRIx64 ".stamp", statedir,
		    o.a);
	else
		buf_printf(&path, "%sbuild/shouhu-%016" PRIx64 ".stamp", root,
		    o.a);
	st->file = buf_detach(&path);
}

/*
 * Returns 1 if st has a fingerprint, the last build of out left the stamp
 * st, out is still the folder it made, and no left-out future page has
 * come due by now.
 */
int
stamp_fresh(const struct stamp *st, const char *out, int64_t now)
{
	struct buf b = BUF_INIT, id = BUF_INIT;
	char	 hex[33], was[128];
	long long due;
	int	 fresh = 0;

	if (st->hex[0] == '\0' || !files_read(&b, st->file))
		goto out;
	if (sscanf(b.ptr, "shouhu-stamp 2 %32s %127s %lld", hex, was, &due) !=
	    3)
		goto out;
	out_ident(&id, out);
	if (strcmp(hex, st->hex) != 0 || strcmp(was, id.ptr) != 0)
		goto out;
	fresh = due == 0 || now < due;
out:
	buf_free(&b);
	buf_free(&id);
	return fresh;
}

/*
 * Records st for the build just made into out; due is the date of the
 * first left-out future page (0 if none); nothing if st has no
 * fingerprint.  Failing to write it only costs the next build its fast
 * path.
 */
void
stamp_save(const struct stamp *st, const char *out, int64_t due)
{
	struct buf b = BUF_INIT, id = BUF_INIT, ignored = BUF_INIT;
	char	*slash;

	out_ident(&id, out);
	if (st->hex[0] == '\0' || id.len == 0)
		goto out;
	buf_puts(&b, st->file);
	if ((slash = strrchr(b.ptr, '/')) != NULL) {
		*slash = '\0';
		mkdir(b.ptr, 0755);
	}
	buf_clear(&b);
	buf_printf(&b, "shouhu-stamp 2 %s %s %lld\n", st->hex, id.ptr,
	    (long long)due);
	(void)files_write(st->file, b.ptr, b.len, 0666, 1, &ignored);
out:
	buf_free(&b);
	buf_free(&id);
	buf_free(&ignored);
}

/* Frees what st holds. */
void
stamp_free(struct stamp *st)
{
	free(st->file);
	st->file = NULL;
	walk_log_free(st->content);
	st->content = NULL;
}
