/*
 * walk: the one folder walker (the policy is in walk.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "lib/util.h"
#include "lib/walk.h"

struct walk {
	int		 flags;
	walk_fn		 fn;
	void		*arg;
	struct buf	*err;
	int		*nerr;
	struct buf	 path;		/* the root, then rel from relat on */
	size_t		 relat;
};

/* The order of names for qsort: strcmp. */
static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names in the folder dir that the policy does not leave out, sorted,
 * in *names (the caller's, names and array) and their number in *n.
 * Returns 1, or 0 with the message in w->err (and nothing to free).
 */
static int
read_names(struct walk *w, const char *dir, char ***names, size_t *n)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 i;
	int		 ok = 1;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		errs_add(w->err, w->nerr, dir, 0, "无法打开文件夹：%s",
		    util_strerror(errno));
		return 0;
	}
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL)
			break;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") ==
		    0 || (e->d_name[0] == '.' && !(w->flags & WALK_HIDDEN)))
			continue;
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	if (errno != 0) {
		errs_add(w->err, w->nerr, dir, 0, "无法读取文件夹：%s",
		    util_strerror(errno));
		ok = 0;
	}
	closedir(d);
	if (!ok) {
		for (i = 0; i < *n; i++)
			free((*names)[i]);
		free(*names);
		*names = NULL;
		*n = 0;
	} else if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmp_name);
	return ok;
}

/*
 * Gives fn each entry of the folder at w->path (the root as given at
 * depth 0), which are at depth, and goes into folders.  Returns 1, or 0
 * if the walk stops.
 */
static int
walk_dir(struct walk *w, int depth)
{
	struct walk_entry e;
	struct stat	 target;
	char		**names;
	size_t		 n, i, len;
	int		 ok = 1;

	if (!read_names(w, w->path.len ? w->path.ptr : ".", &names, &n))
		return 0;
	if (w->path.len > 0 && w->path.ptr[w->path.len - 1] != '/')
		buf_putc(&w->path, '/');
	len = w->path.len;
	if (depth == 0)
		w->relat = len;
	for (i = 0; i < n && ok; i++) {
		buf_truncate(&w->path, len);
		buf_puts(&w->path, names[i]);
		if (lstat(w->path.ptr, &e.st) == -1) {
			if (errno == ENOENT)
				continue;
			errs_add(w->err, w->nerr, w->path.ptr, 0, "无法读取：%s",
			    util_strerror(errno));
			ok = 0;
			continue;
		}
		e.link = S_ISLNK(e.st.st_mode);
		if (e.link && stat(w->path.ptr, &target) == 0)
			e.st = target;
		e.kind = S_ISREG(e.st.st_mode) ? WALK_FILE :
		    S_ISDIR(e.st.st_mode) ? WALK_DIR : WALK_OTHER;
		e.path = w->path.ptr;
		e.rel = w->path.ptr + w->relat;
		e.name = w->path.ptr + len;
		e.depth = depth;
		switch (w->fn(&e, w->arg)) {
		case WALK_STOP:
			ok = 0;
			continue;
		case WALK_SKIP:
			continue;
		case WALK_GO:
			break;
		}
		if (e.kind != WALK_DIR)
			continue;
		if (depth >= WALK_DEPTH) {
			errs_add(w->err, w->nerr, w->path.ptr, 0, "文件夹嵌套太深"
			    "（超过 %d 层）：请减少文件夹的层数；如果这里有指向"
			    "上层文件夹的链接，请删掉它", WALK_DEPTH);
			ok = 0;
			continue;
		}
		ok = walk_dir(w, depth + 1);
	}
	buf_truncate(&w->path, len);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

/*
 * Walks the tree of the folder root as walk.h says, giving every entry to
 * fn with arg.  root is "" for the current folder, or a folder's path,
 * with or without a final '/' (messages about the root name it as given).
 * Returns 1 when the whole tree was walked, or 0 if the walk stopped: on
 * an error, with the message appended to err (and counted in *nerr if
 * nerr is not NULL), or because fn said WALK_STOP.
 */
int
walk_tree(const char *root, int flags, walk_fn fn, void *arg,
    struct buf *err, int *nerr)
{
	struct walk	 w;
	struct stat	 st;
	int		 ok;

	if ((flags & WALK_MISSING_OK) && root[0] != '\0' &&
	    stat(root, &st) == -1 && errno == ENOENT)
		return 1;
	memset(&w, 0, sizeof(w));
	w.flags = flags;
	w.fn = fn;
	w.arg = arg;
	w.err = err;
	w.nerr = nerr;
	buf_init(&w.path);
	buf_puts(&w.path, root);
	ok = walk_dir(&w, 0);
	buf_free(&w.path);
	return ok;
}

/* An entry kept: its strings as offsets into the log's text. */
struct kept {
	size_t		 path, rel, name;
	int		 depth;
	enum walk_kind	 kind;
	int		 link;
	struct stat	 st;
};

struct walk_log {
	struct kept	*v;
	size_t		 n, cap;
	struct buf	 text;
	int		 whole;		/* every folder gone into */
	walk_fn		 fn;		/* the caller's */
	void		*arg;
};

/* Keeps e in the log arg, then gives it to the caller's fn. */
static enum walk_next
log_entry(const struct walk_entry *e, void *arg)
{
	struct walk_log	*l = arg;
	struct kept	*k;
	enum walk_next	 next;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	k = &l->v[l->n++];
	k->path = l->text.len;
	buf_put(&l->text, e->path, strlen(e->path) + 1);
	k->rel = k->path + (size_t)(e->rel - e->path);
	k->name = k->path + (size_t)(e->name - e->path);
	k->depth = e->depth;
	k->kind = e->kind;
	k->link = e->link;
	k->st = e->st;
	next = l->fn(e, l->arg);
	if (next != WALK_GO)
		l->whole = 0;
	return next;
}

int
walk_tree_log(const char *root, int flags, walk_fn fn, void *arg,
    struct buf *err, int *nerr, struct walk_log **log)
{
	struct walk_log	*l;
	int		 ok;

	l = xcalloc(1, sizeof(*l));
	buf_init(&l->text);
	l->whole = 1;
	l->fn = fn;
	l->arg = arg;
	ok = walk_tree(root, flags, log_entry, l, err, nerr);
	if (!ok || !l->whole) {
		walk_log_free(l);
		l = NULL;
	}
	*log = l;
	return ok;
}

int
walk_again(const struct walk_log *log, walk_fn fn, void *arg)
{
	struct walk_entry e;
	const struct kept *k;
	size_t		 i;
	int		 skip = -1;	/* the depth of a folder left out */

	for (i = 0; i < log->n; i++) {
		k = &log->v[i];
		if (skip >= 0 && k->depth > skip)
			continue;
		skip = -1;
		e.path = log->text.ptr + k->path;
		e.rel = log->text.ptr + k->rel;
		e.name = log->text.ptr + k->name;
		e.depth = k->depth;
		e.kind = k->kind;
		e.link = k->link;
		e.st = k->st;
		switch (fn(&e, arg)) {
		case WALK_STOP:
			return 0;
		case WALK_SKIP:
			skip = k->depth;
			break;
		case WALK_GO:
			break;
		}
	}
	return 1;
}

void
walk_log_free(struct walk_log *log)
{
	if (log == NULL)
		return;
	free(log->v);
	buf_free(&log->text);
	free(log);
}
