/*
 * Putting a built site in place, atomically (see publish.h).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/crash.h"
#include "output/out.h"
#include "output/publish.h"
#include "lib/util.h"
#include "lib/walk.h"

#define STATE_MAGIC	"shouhu-publish 1"

/* A list of file names relative to a folder, sorted. */
struct rels {
	char		**v;
	size_t		  n;
};

/* What OUT.shouhu-state says. */
struct state {
	int		 ok;		/* read, and matches the folders */
	struct rels	 all;		/* every file of OUT */
	struct rels	 changed;	/* written at the last publish */
	struct rels	 removed;	/* gone at the last publish */
	struct buf	 raw;		/* the file, which the lists point in */
};

/* The paths a publish works with. */
struct paths {
	struct buf	 prev;		/* OUT.shouhu-prev */
	struct buf	 state;		/* OUT.shouhu-state */
	struct buf	 parent;	/* the folder OUT is in */
	struct buf	 a, b;		/* scratch */
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
rels_add(struct rels *r, char *s)
{
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n++] = s;
}

static int
rels_has(const struct rels *r, const char *s)
{
	return r->n > 0 && bsearch(&s, r->v, r->n, sizeof(*r->v), cmp_str) !=
	    NULL;
}

/*
 * Reads the state of the output o->dir into s: ok only if it is well
 * formed, not marked dirty, and names the folders that are there.
 */
static void
state_read(struct state *s, const struct out *o, struct paths *p)
{
	char	*q, *e, *end;
	char	 want[256];

	memset(s, 0, sizeof(*s));
	buf_init(&s->raw);
	if (!files_read(&s->raw, p->state.ptr) || s->raw.len == 0)
		return;
	out_ident(&p->a, o->dir);
	out_ident(&p->b, p->prev.ptr);
	snprintf(want, sizeof(want), "%s clean out=%s prev=%s\n", STATE_MAGIC,
	    p->a.ptr, p->b.ptr);
	if (p->a.len == 0 || p->b.len == 0 ||
	    strncmp(s->raw.ptr, want, strlen(want)) != 0)
		return;
	end = s->raw.ptr + s->raw.len;
	for (q = s->raw.ptr + strlen(want); q < end; q = e + 1) {
		if ((e = memchr(q, '\0', (size_t)(end - q))) == NULL ||
		    e - q < 2)
			return;
		switch (*q) {
		case 'C':
			rels_add(&s->changed, q + 1);
			/* FALLTHROUGH */
		case 'F':
			rels_add(&s->all, q + 1);
			break;
		case 'R':
			rels_add(&s->removed, q + 1);
			break;
		default:
			return;
		}
	}
	s->ok = 1;
}

static void
state_free(struct state *s)
{
	free(s->all.v);
	free(s->changed.v);
	free(s->removed.v);
	buf_free(&s->raw);
}

/*
 * Writes the state: dirty (a publish is changing the folders), or clean
 * with every file of OUT (keep), those written now and those removed.
 * Returns 1, or 0 with a message in err.
 */
static int
state_write(const struct out *o, struct paths *p, int dirty,
    const struct rels *keep, const struct rels *written,
    const struct rels *removed, struct buf *err)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 ok;

	if (dirty)
		buf_printf(&b, "%s dirty\n", STATE_MAGIC);
	else {
		out_ident(&p->a, o->dir);
		out_ident(&p->b, p->prev.ptr);
		buf_printf(&b, "%s clean out=%s prev=%s\n", STATE_MAGIC,
		    p->a.ptr, p->b.ptr);
		for (i = 0; i < keep->n; i++) {
			buf_putc(&b, rels_has(written, keep->v[i]) ? 'C' : 'F');
			buf_put(&b, keep->v[i], strlen(keep->v[i]) + 1);
		}
		for (i = 0; i < removed->n; i++) {
			buf_putc(&b, 'R');
			buf_put(&b, removed->v[i], strlen(removed->v[i]) + 1);
		}
	}
	ok = files_write(p->state.ptr, b.ptr, b.len, 0644, 1, err);
	buf_free(&b);
	return ok;
}

/*
 * Takes an entry of an output folder into the list at arg: every file,
 * link or other entry but a folder, named by its path below the folder
 * (copied, the list's).  Returns what the walk does next: into folders,
 * not through links.
 */
static enum walk_next
rels_entry(const struct walk_entry *e, void *arg)
{
	if (e->kind == WALK_DIR && !e->link)
		return WALK_GO;
	rels_add(arg, xstrdup(e->rel));
	return WALK_SKIP;
}

/*
 * Adds to r every file under the output folder dir, hidden ones too, and
 * sorts r.  Returns 1, or 0 with a message in err (r then holds what was
 * found before the walk stopped).
 */
static int
list_files(struct rels *r, const char *dir, struct buf *err)
{
	int	 ok;

	ok = walk_tree(dir, WALK_HIDDEN, rels_entry, r, err, NULL);
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), cmp_str);
	return ok;
}

/* Removes dir/rel and then each folder above it that is left empty. */
static void
remove_file(const char *dir, const char *rel, struct buf *path)
{
	char	*slash;

	buf_clear(path);
	buf_printf(path, "%s/%s", dir, rel);
	if (unlink(path->ptr) == -1 && errno != ENOENT)
		out_rmtree(path->ptr);
	while ((slash = strrchr(path->ptr, '/')) != NULL &&
	    (size_t)(slash - path->ptr) > strlen(dir)) {
		*slash = '\0';
		if (rmdir(path->ptr) == -1)
			break;
	}
}

/*
 * Makes room for a file at path: a folder there goes, and so does a file
 * in the way of its folders; then makes its folders.
 */
static int
make_room(struct out *o, char *path, size_t root)
{
	struct stat	 st;
	char		*slash;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		out_rmtree(path);
	for (slash = strchr(path + root + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			unlink(path);
		*slash = '/';
	}
	return out_mkparents(o, path);
}

/* Puts the file src at dst by a hard link (link) or a rename. */
static int
place(struct out *o, const char *src, struct buf *dst, size_t root,
    int link_it)
{
	int	 tries;

	for (tries = 0; tries < 2; tries++) {
		if (link_it) {
			if (unlink(dst->ptr) == -1 && errno != ENOENT &&
			    errno != EISDIR && errno != ENOTDIR)
				return 0;
			if (link(src, dst->ptr) == 0)
				return 1;
		} else if (rename(src, dst->ptr) == 0)
			return 1;
		if (tries == 0 && !make_room(o, dst->ptr, root))
			return 0;
	}
	return 0;
}

/* What update_prev did. */
enum prev_update {
	PREV_DONE,	/* prev is the new site */
	PREV_STALE,	/* OUT is not what the state says: publish in full */
	PREV_FAILED	/* a message is in err */
};

/*
 * Brings p->prev from the site one publish ago to the new one, in place:
 * the last publish's changes linked from OUT (s), then the files that go
 * (removed), then the files the build wrote moved in from o->tmp.  A file
 * the state says was written last time and OUT lacks (someone changed
 * OUT by hand) makes the state stale: that is found before anything of
 * o->tmp is moved, so a full publish can follow.  The state must be
 * marked dirty first: prev is then half changed.
 */
static enum prev_update
update_prev(struct out *o, struct paths *p, const struct state *s,
    const struct rels *written, const struct rels *removed, struct buf *err)
{
	struct stat	 st;
	size_t		 i, root = p->prev.len;

	assert(s->ok);

	for (i = 0; i < s->removed.n; i++)
		remove_file(p->prev.ptr, s->removed.v[i], &p->a);
	for (i = 0; i < s->changed.n; i++) {
		buf_clear(&p->a);
		buf_printf(&p->a, "%s/%s", o->dir, s->changed.v[i]);
		buf_clear(&p->b);
		buf_printf(&p->b, "%s/%s", p->prev.ptr, s->changed.v[i]);
		crash_point("publish-catchup");
		if (place(o, p->a.ptr, &p->b, root, 1))
			continue;
		if (errno == ENOENT && lstat(p->a.ptr, &st) == -1 &&
		    errno == ENOENT)
			return PREV_STALE;
		goto fail;
	}
	for (i = 0; i < removed->n; i++)
		remove_file(p->prev.ptr, removed->v[i], &p->a);
	for (i = 0; i < written->n; i++) {
		buf_clear(&p->a);
		buf_printf(&p->a, "%s/%s", o->tmp, written->v[i]);
		buf_clear(&p->b);
		buf_printf(&p->b, "%s/%s", p->prev.ptr, written->v[i]);
		crash_point("publish-move");
		if (!place(o, p->a.ptr, &p->b, root, 0))
			goto fail;
	}
	return PREV_DONE;
fail:
	buf_printf(err, "%s: 无法放进新的网站：%s", p->b.ptr, util_strerror(errno));
	return PREV_FAILED;
}

/*
 * Makes o->tmp the whole new site: every file of keep that the build did
 * not write linked from OUT (its bytes are the published ones).  Returns
 * 1, or 0 with a message in err.
 */
static int
link_unchanged(struct out *o, struct paths *p, const struct rels *keep,
    struct buf *err)
{
	struct buf	 made = BUF_INIT;	/* the last folder made */
	const char	*slash;
	size_t		 i, dl;
	int		 ok = 0;

	for (i = 0; i < keep->n; i++) {
		buf_clear(&p->a);
		buf_printf(&p->a, "%s/%s", o->dir, keep->v[i]);
		buf_clear(&p->b);
		buf_printf(&p->b, "%s/%s", o->tmp, keep->v[i]);
		slash = strrchr(keep->v[i], '/');
		dl = slash ? (size_t)(slash - keep->v[i]) : 0;
		if (dl > 0 && (made.len != dl ||
		    memcmp(made.ptr, keep->v[i], dl) != 0)) {
			if (!out_mkparents(o, p->b.ptr))
				goto fail;
			buf_set(&made, keep->v[i], dl);
		}
		crash_point("out-link");
		/* EEXIST: written, a new version; ENOENT: a new file */
		if (link(p->a.ptr, p->b.ptr) == 0 || errno == EEXIST ||
		    errno == ENOENT)
			continue;
		goto fail;
	}
	ok = 1;
	goto out;
fail:
	buf_printf(err, "%s: 无法放进新的网站：%s", p->a.ptr, util_strerror(errno));
out:
	buf_free(&made);
	return ok;
}

/* Syncs the file system of path; then the swap finds every file whole. */
static int
sync_all(const char *path, struct buf *err)
{
	int	 fd, ok = 1;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 1;
	if (syncfs(fd) == -1) {
		buf_printf(err, "%s: 无法写入磁盘：%s", path, util_strerror(errno));
		ok = 0;
	}
	close(fd);
	return ok;
}

/* Syncs the folder path itself (its entries). */
static void
sync_dir(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
}

/*
 * Fills old with the files of the published site, from the state s if it
 * is sound (pointing into it) or else read from OUT (owned), and removed
 * with those of them not in keep (pointing into old).  Returns 1, or 0 if
 * part of OUT could not be read: what is there is then not known, and
 * the new site is made whole (link_unchanged says what is in the way).
 */
static int
old_files(const struct out *o, const struct state *s,
    const struct rels *keep, struct rels *old, struct rels *removed)
{
	struct buf	 ignored = BUF_INIT;
	size_t		 i;
	int		 listed = 1;

	assert(old->n == 0 && removed->n == 0);
	if (s->ok)
		*old = s->all;
	else
		listed = list_files(old, o->dir, &ignored);
	for (i = 0; i < old->n; i++)
		if (!rels_has(keep, old->v[i]))
			rels_add(removed, old->v[i]);
	buf_free(&ignored);
	return listed;
}

static void
paths_init(struct paths *p, const struct out *o)
{
	const char	*slash;

	buf_init(&p->prev);
	buf_init(&p->state);
	buf_init(&p->parent);
	buf_init(&p->a);
	buf_init(&p->b);
	buf_printf(&p->prev, "%s.shouhu-prev", o->dir);
	buf_printf(&p->state, "%s.shouhu-state", o->dir);
	if ((slash = strrchr(o->dir, '/')) != NULL)
		buf_put(&p->parent, o->dir, slash == o->dir ? 1 :
		    (size_t)(slash - o->dir));
	else
		buf_puts(&p->parent, ".");
}

static void
paths_free(struct paths *p)
{
	buf_free(&p->prev);
	buf_free(&p->state);
	buf_free(&p->parent);
	buf_free(&p->a);
	buf_free(&p->b);
}

int
publish_commit(struct out *o, char **keep_v, size_t n, struct buf *err)
{
	struct paths	 p;
	struct state	 s;
	struct rels	 keep = { keep_v, n }, written = { NULL, 0 };
	struct rels	 removed = { NULL, 0 }, old = { NULL, 0 };
	const char	*target;
	size_t		 i;
	int		 rc = 0, full = 0, listed = 1;

	paths_init(&p, o);
	memset(&s, 0, sizeof(s));
	buf_init(&s.raw);
	if (n > 1)
		qsort(keep.v, n, sizeof(*keep.v), cmp_str);
	/* what the build wrote, as it recorded it; else the folder read */
	if (!out_written(o, &written.v, &written.n) &&
	    !list_files(&written, o->tmp, err))
		goto fail;

	if (!o->have_old) {
		/* the first site: its folder takes the name */
		crash_point("out-exchange");
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->dir,
		    RENAME_NOREPLACE) == -1) {
			buf_printf(err, "%s: 无法建立输出目录：%s", o->dir,
			    util_strerror(errno));
			goto fail;
		}
		o->owns_tmp = 0;
		sync_dir(p.parent.ptr);
		out_rmtree(p.prev.ptr);
		rc = state_write(o, &p, 0, &keep, &keep, &removed, err);
		goto done;
	}

	state_read(&s, o, &p);
	full = !s.ok;
	listed = old_files(o, &s, &keep, &old, &removed);
	/* nothing written, nothing gone: the site is already the new one */
	if (listed && written.n == 0 && removed.n == 0 && old.n == keep.n) {
		rc = 1;
		goto done;
	}
	if (!full) {
		if (!state_write(o, &p, 1, NULL, NULL, NULL, err))
			goto fail;
		switch (update_prev(o, &p, &s, &written, &removed, err)) {
		case PREV_DONE:
			break;
		case PREV_FAILED:
			goto fail;
		case PREV_STALE:
			/* the old site's files, from OUT itself this time */
			s.ok = 0;
			full = 1;
			free(removed.v);
			memset(&removed, 0, sizeof(removed));
			memset(&old, 0, sizeof(old));
			listed = old_files(o, &s, &keep, &old, &removed);
			break;
		}
	}
	if (full) {
		if (!link_unchanged(o, &p, &keep, err))
			goto fail;
		target = o->tmp;
	} else
		target = p.prev.ptr;
	if (!sync_all(target, err))
		goto fail;
	crash_point("out-exchange");
	if (renameat2(AT_FDCWD, target, AT_FDCWD, o->dir, RENAME_EXCHANGE) ==
	    -1) {
		buf_printf(err, "%s: 无法换上新的网站：%s", o->dir,
		    util_strerror(errno));
		goto fail;
	}
	sync_dir(p.parent.ptr);
	crash_point("out-exchanged");
	rc = 1;
	if (full) {
		/* the old site, now at the temporary name, is the new prev */
		out_rmtree(p.prev.ptr);
		if (rename(o->tmp, p.prev.ptr) == -1) {
			out_rmtree(o->tmp);
			out_rmtree(p.state.ptr);
		}
	}
	if (!listed)
		/* prev may hold what the old site's listing missed: the
		 * next publish makes it anew */
		out_rmtree(p.state.ptr);
	else if (!state_write(o, &p, 0, &keep, &written, &removed, err)) {
		/* published; the next publish makes prev anew */
		fprintf(stderr, "%s\n", err->ptr);
		buf_clear(err);
	}
	goto done;
fail:
	/* OUT is the old site; a prev half changed is marked dirty */
done:
	if (!s.ok)
		for (i = 0; i < old.n; i++)
			free(old.v[i]);
	if (!s.ok)
		free(old.v);
	for (i = 0; i < written.n; i++)
		free(written.v[i]);
	free(written.v);
	free(removed.v);
	state_free(&s);
	paths_free(&p);
	out_abort(o);
	return rc;
}
