/*
 * towns: the county's list of towns (镇街) the office keeps in the ledger,
 * and the one name each spelling of a town stands for.
 *
 * Tables (migration 1 -> 2, ledger_schema.c):
 *	towns		name (the canonical name), pos (the list's order), added
 *	town_names	key (a spelling's loose form, see towns_key), town,
 *			spelling (as the office typed it); every town has its
 *			own name here too
 *
 * A spelling is looked up by its key: full-width forms as ASCII, no white
 * space of any kind, ASCII in lower case (utext_fold) and without a final
 * 办事处 — so 新兴路 街道, 新兴路街道 (full-width space) and 新兴路街道办事处
 * are 新兴路街道 with no variant listed; other spellings (新兴路) are
 * listed variants.  The rows keep what the units typed: the canonical name
 * is looked up whenever rows are read (the public copy's town_canonical
 * column; the weekly report is to call towns_canonical and towns_unknown
 * with its period), so a variant the office adds later counts for rows
 * ingested before.  A field named town in a form holds a town.
 */
#ifndef SHOUHU_TOWNS_H
#define SHOUHU_TOWNS_H

#include <stddef.h>

struct buf;
struct ledger;
typedef struct sqlite3 sqlite3;

struct towns;

/* What towns_canonical found. */
enum towns_match {
	TOWNS_BLANK,		/* raw is empty or white space */
	TOWNS_KNOWN,		/* a spelling of a town of the list */
	TOWNS_UNKNOWN		/* not on the list */
};

/* What towns_add did. */
struct towns_added {
	size_t		 towns;		/* towns new on the list */
	size_t		 spellings;	/* variants new on the list */
};

/*
 * Loads the list of the ledger l (NULL: no ledger, an empty list).
 * Returns it (free with towns_free), or NULL with a message in err.
 */
struct towns	*towns_load(struct ledger *l, struct buf *err);

/* Frees t (NULL is fine). */
void		 towns_free(struct towns *t);

/* The number of towns on the list t. */
size_t		 towns_count(const struct towns *t);

/* The name of the i-th town of t (i < towns_count), owned by t. */
const char	*towns_name(const struct towns *t, size_t i);

/*
 * The name raw stands for, into out (cleared first): the town's name when
 * TOWNS_KNOWN, raw without white space and with full-width forms as ASCII
 * when TOWNS_UNKNOWN, nothing when TOWNS_BLANK.
 */
enum towns_match towns_canonical(const struct towns *t, const char *raw,
		    struct buf *out);

/* Appends to key the loose form of s[0..n) used to look spellings up. */
void		 towns_key(struct buf *key, const char *s, size_t n);

/*
 * Adds the town name with the variants v[0..nv) to the list of l: a new
 * town goes last; a town already there gets the variants it lacks.
 * Returns 1 with what changed in *a, or 0 with a message in err (nothing
 * changed): a bad name, or a spelling that stands for another town.
 */
int		 towns_add(struct ledger *l, const char *name, char *const *v,
		    size_t nv, struct towns_added *a, struct buf *err);

/*
 * Adds every line of the file path (a town, then its variants, split by
 * tabs, spaces, commas or 、; # starts a comment) as towns_add does, all
 * or nothing.  Returns 1 with the towns and variants new on the list in
 * *a, or 0 with a message "path:line: ..." in err.
 */
int		 towns_import(struct ledger *l, const char *path,
		    struct towns_added *a, struct buf *err);

/*
 * Removes each of names[0..n) from the list of l, all or nothing: a
 * town's name (or a spelling with the same key) removes the town and
 * every spelling of it, the places of the towns after it closing up; any
 * other spelling of a town removes only that spelling.  The rows keep
 * what the units typed: a removed spelling counts as unknown again.
 * Returns 1 with a line per name saying what was removed in out, or 0
 * with a line per name that is neither in err (nothing changed).
 */
int		 towns_remove(struct ledger *l, char *const *names, size_t n,
		    struct buf *out, struct buf *err);

/*
 * Appends to out a line for each spelling in the current rows of l (of
 * the period, as 2023-W45, or of all periods when period is NULL) that is
 * not on the list t (with how many rows, and the first: unit, period,
 * row), and what to do; nothing when t is empty or all are known.
 * Returns 1, or 0 with a message in err.
 */
int		 towns_unknown(struct ledger *l, const struct towns *t,
		    const char *period, struct buf *out, struct buf *err);

/*
 * Gives the public copy mem (in a transaction, not read-only yet) a table
 * towns (name, pos) from the list of l (NULL: empty) and, in each form
 * table with a town column, a column town_canonical filled as
 * towns_canonical says (NULL when blank).  Returns 1, or 0 with a message
 * in err.
 */
int		 towns_publish(struct ledger *l, sqlite3 *mem, struct buf *err);

#endif
