/*
 * walk: the one folder walker.  Every walk over a tree of folders in
 * Shouhu (content/, static files, templates, the build's fingerprint,
 * folders of bundles, the published output, the fuzz corpora) is a
 * walk_tree, and they all follow this policy:
 *
 * order	The entries of a folder come in name order (strcmp of the
 *		bytes), and a folder's own entries right after it, before its
 *		next sibling (depth first).
 * hidden	Names starting with '.' are left out, with whatever is
 *		below them.  With WALK_HIDDEN only "." and ".." are (for a
 *		tree that is all Shouhu's own: the output).
 * depth	The root's entries are at depth 0, the entries of a folder at
 *		depth d at depth d + 1, and none deeper than WALK_DEPTH: going
 *		into a folder at depth WALK_DEPTH is an error, "FOLDER: 文件夹
 *		嵌套太深（超过 32 层）：...", and the walk stops there.
 * links	Every entry is looked at with lstat, so link says whether it
 *		is a symbolic link; a link is then looked at with stat, so
 *		kind and st say what it points to (a link that points nowhere
 *		is WALK_OTHER with the link's own st).  A link to a folder is
 *		gone into like a folder unless the callback says WALK_SKIP:
 *		the callback decides which links it accepts (the site refuses
 *		links leading out of the site with site_may_read) and whether
 *		it follows them.  A loop of links ends at the depth limit.
 * errors	A folder that cannot be opened or read, and an entry that
 *		cannot be looked at (but for one removed since its folder was
 *		read, which is left out), stop the walk with "PATH: 无法打开
 *		文件夹：...", "PATH: 无法读取文件夹：..." or "PATH: 无法读取：..."
 *		appended to err as a line (errs_add, counted in *nerr if nerr
 *		is not NULL).  A root that
 *		does not exist is such an error too, unless WALK_MISSING_OK
 *		makes it an empty tree.
 * callback	fn(entry, arg) is called for every entry that is not left
 *		out, and returns WALK_GO (go on, into the entry if it is a
 *		folder), WALK_SKIP (go on, but not into this folder) or
 *		WALK_STOP (stop the walk; fn has put its reason wherever its
 *		caller looks for it).
 */
#ifndef SHOUHU_WALK_H
#define SHOUHU_WALK_H

#include <sys/stat.h>

struct buf;

#define WALK_DEPTH	32

/* Flags of walk_tree. */
#define WALK_HIDDEN	0x1	/* names starting with '.' too */
#define WALK_MISSING_OK	0x2	/* a root that does not exist: nothing */

enum walk_kind {
	WALK_FILE,		/* a regular file */
	WALK_DIR,		/* a folder */
	WALK_OTHER		/* anything else, or a link to nowhere */
};

enum walk_next {
	WALK_GO,		/* go on, into it if it is a folder */
	WALK_SKIP,		/* go on, not into it */
	WALK_STOP		/* stop the walk */
};

/* An entry of the tree; the strings are the walker's, for the call only. */
struct walk_entry {
	const char	*path;	/* the root and rel: "site/content/a/b.md" */
	const char	*rel;	/* below the root: "a/b.md" */
	const char	*name;	/* its name: "b.md" */
	int		 depth;	/* folders between the root and it */
	enum walk_kind	 kind;	/* what it is, or what a link points to */
	int		 link;	/* it is a symbolic link */
	struct stat	 st;	/* stat of what it is (or points to) */
};

typedef enum walk_next (*walk_fn)(const struct walk_entry *e, void *arg);

int	 walk_tree(const char *root, int flags, walk_fn fn, void *arg,
	    struct buf *err, int *nerr);

/*
 * A walk kept to be given again: a second reader of the same tree (the
 * build's fingerprint, then content/) need not look at every entry
 * twice.  It holds what the tree was when it was walked.
 */
struct walk_log;

/*
 * walk_tree, also keeping in *log (a new log, walk_log_free) every entry
 * given to fn, when the walk went into every folder it met (fn said
 * WALK_GO to each) and ended without an error; else *log is NULL.
 */
int	 walk_tree_log(const char *root, int flags, walk_fn fn, void *arg,
	    struct buf *err, int *nerr, struct walk_log **log);
/*
 * Gives fn the entries of log as walk_tree gave them, with the same
 * strings and stat, and the same meaning of what fn returns (WALK_SKIP
 * leaves out what is below a folder).  Returns 1, or 0 if fn said
 * WALK_STOP.
 */
int	 walk_again(const struct walk_log *log, walk_fn fn, void *arg);
void	 walk_log_free(struct walk_log *log);

#endif
