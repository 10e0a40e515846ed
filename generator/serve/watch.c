#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "lib/walk.h"
#include "serve/watch.h"

/* What a watched folder is to the site (one folder may be more). */
#define W_TREE		0x1	/* in content/, scripts/... */
#define W_ROOT		0x2	/* the site folder */
#define W_LEDGER	0x4	/* the ledger's folder */

#define TREE_EVENTS	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | \
			 IN_CREATE | IN_DELETE)
#define ROOT_EVENTS	(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE)
/* no IN_CLOSE_WRITE: SQLite opens its files to write even to read them */
#define LEDGER_EVENTS	(IN_MODIFY | IN_CREATE | IN_MOVED_TO | \
			 IN_MOVED_FROM | IN_DELETE)

static const char *inputs[] = { "content", "scripts", "themes", "layouts",
    "static" };

struct watched {
	int	 wd;
	int	 roles;
	char	*path;		/* the folder, as it was named */
};

/* The watch of wd, or NULL. */
static struct watched *
find(struct watch *w, int wd)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].wd == wd)
			return &w->v[i];
	return NULL;
}

/*
 * Watches the folder path for events as role.  Returns 1 (a folder that
 * is gone by now is no error), or 0 with a message in err.
 */
static int
add(struct watch *w, const char *path, int role, uint32_t events,
    struct buf *err)
{
	struct watched	*x;
	int		 wd;

	wd = inotify_add_watch(w->fd, path, events | IN_ONLYDIR | IN_MASK_ADD);
	if (wd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		buf_printf(err, "%s: 无法监视这个文件夹的变化：%s%s\n", path,
		    util_strerror(errno), errno == ENOSPC ? "；请调大 "
		    "/proc/sys/fs/inotify/max_user_watches" : "");
		return 0;
	}
	if ((x = find(w, wd)) != NULL) {
		x->roles |= role;
		return 1;
	}
	w->v = xreallocarray(w->v, w->n + 1, sizeof(*w->v));
	x = &w->v[w->n++];
	x->wd = wd;
	x->roles = role;
	x->path = xstrdup(path);
	return 1;
}

struct tree {
	struct watch	*w;
	struct buf	*err;
	int		 ok;
};

/* Watches a folder found below an input folder. */
static enum walk_next
tree_entry(const struct walk_entry *e, void *arg)
{
	struct tree	*t = arg;

	if (e->kind != WALK_DIR)
		return WALK_GO;
	if (!add(t->w, e->path, W_TREE, TREE_EVENTS, t->err)) {
		t->ok = 0;
		return WALK_STOP;
	}
	return WALK_GO;
}

/*
 * Watches the folder path and every folder below it.  Returns 1, or 0
 * with a message in err.
 */
static int
add_tree(struct watch *w, const char *path, struct buf *err)
{
	struct tree	 t = { w, err, 1 };
	int		 nerr = 0;

	if (!add(w, path, W_TREE, TREE_EVENTS, err))
		return 0;
	(void)walk_tree(path, WALK_MISSING_OK, tree_entry, &t, err, &nerr);
	return t.ok && nerr == 0;
}

int
watch_open(struct watch *w, const char *root, const char *ledger,
    struct buf *err)
{
	struct buf	 path = BUF_INIT;
	const char	*slash;
	size_t		 i;
	int		 ok = 0;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) {
		buf_printf(err, "%s: 无法监视文件的变化（inotify）：%s\n",
		    util_progname, util_strerror(errno));
		goto out;
	}
	if (!add(w, *root ? root : ".", W_ROOT, ROOT_EVENTS, err))
		goto out;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		buf_clear(&path);
		buf_printf(&path, "%s%s", root, inputs[i]);
		if (!add_tree(w, path.ptr, err))
			goto out;
	}
	if (ledger != NULL) {
		buf_clear(&path);
		if ((slash = strrchr(ledger, '/')) != NULL) {
			buf_put(&path, ledger, (size_t)(slash - ledger + 1));
			w->ledger = xstrdup(slash + 1);
		} else {
			buf_puts(&path, ".");
			w->ledger = xstrdup(ledger);
		}
		if (!add(w, path.ptr, W_LEDGER, LEDGER_EVENTS, err))
			goto out;
	}
	ok = 1;
out:
	buf_free(&path);
	if (!ok)
		watch_close(w);
	return ok;
}

/* Whether a file named name is one no build reads or an editor's scratch. */
static int
scratch(const char *name)
{
	size_t	 n = strlen(name);

	return name[0] == '.' || (n > 0 && name[n - 1] == '~') ||
	    util_has_suffix(name, ".swp") || util_has_suffix(name, ".swx") ||
	    strcmp(name, "4913") == 0;
}

/* Whether name is the ledger of w or one of SQLite's files beside it. */
static int
ledger_file(const struct watch *w, const char *name)
{
	size_t	 n;

	if (w->ledger == NULL)
		return 0;
	n = strlen(w->ledger);
	return strncmp(name, w->ledger, n) == 0 && (name[n] == '\0' ||
	    strcmp(name + n, "-wal") == 0 || strcmp(name + n, "-journal") == 0);
}

/* Whether name is one of the input folders of a site. */
static int
input_folder(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		if (strcmp(name, inputs[i]) == 0)
			return 1;
	return 0;
}

/* Forgets the watch x (its folder is gone). */
static void
drop(struct watch *w, struct watched *x)
{
	free(x->path);
	*x = w->v[--w->n];
}

/*
 * Takes the event ev: returns 1 if it may change the site; a new folder
 * below an input folder (or a new input folder) is watched.
 */
static int
take(struct watch *w, const struct inotify_event *ev)
{
	struct watched	*x;
	struct buf	 path = BUF_INIT, ignored = BUF_INIT;
	const char	*name = ev->len > 0 ? ev->name : "";
	int		 changed = 0, tree, roles;

	if (ev->mask & IN_Q_OVERFLOW)
		return 1;
	if ((x = find(w, ev->wd)) == NULL)
		return 0;
	if (ev->mask & IN_IGNORED) {
		drop(w, x);
		return 0;
	}
	roles = x->roles;
	tree = (roles & W_TREE) && !scratch(name);
	if ((roles & W_ROOT) && input_folder(name))
		tree = 1;
	if (tree) {
		changed = 1;
		if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE |
		    IN_MOVED_TO))) {
			buf_printf(&path, "%s/%s", x->path, name);
			/* x may move: the list grows */
			(void)add_tree(w, path.ptr, &ignored);
		}
	}
	if ((roles & W_LEDGER) && ledger_file(w, name))
		changed = 1;
	buf_free(&path);
	buf_free(&ignored);
	return changed;
}

int
watch_read(struct watch *w)
{
	char		 chunk[8192]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	const char	*p;
	ssize_t		 n;
	int		 changed = 0;

	while ((n = read(w->fd, chunk, sizeof(chunk))) > 0)
		for (p = chunk; p < chunk + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)(const void *)p;
			if (take(w, ev))
				changed = 1;
		}
	return changed;
}

void
watch_close(struct watch *w)
{
	size_t	 i;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	for (i = 0; i < w->n; i++)
		free(w->v[i].path);
	free(w->v);
	free(w->ledger);
	w->v = NULL;
	w->n = 0;
	w->ledger = NULL;
}
