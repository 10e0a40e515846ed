/*
 * fmatter: split a content file into YAML front matter and Markdown body,
 * and parse the front matter (libyaml) into a small tree.
 */
#ifndef SHOUHU_FMATTER_H
#define SHOUHU_FMATTER_H

#include <stddef.h>

struct buf;

enum yval_type {
	YV_NULL,	/* empty value, ~ or null */
	YV_STR,		/* scalar */
	YV_SEQ,		/* sequence: items[0..n) */
	YV_MAP		/* mapping: keys[i] -> items[i], i in [0..n) */
};

struct yval {
	enum yval_type	  type;
	int		  line;		/* 1-based line in the whole file */
	int		  plain;	/* YV_STR written unquoted (may be number, bool) */
	char		 *str;		/* YV_STR: NUL-terminated value */
	size_t		  len;		/* YV_STR: its length */
	size_t		  n;		/* YV_SEQ, YV_MAP: number of items */
	char		**keys;		/* YV_MAP: the keys, NUL-terminated */
	struct yval	**items;	/* YV_SEQ, YV_MAP: the values */
};

/* Limits against hostile input: at most FM_MAX_DEPTH mappings and
 * sequences inside each other (the front matter's own mapping is the
 * first), so a scalar is at most FM_MAX_DEPTH + 1 levels deep. */
#define FM_MAX_DEPTH	32
#define FM_MAX_NODES	100000

int		 fmatter_parse(const char *src, size_t len, struct yval **fm,
	    size_t *body_off, int *body_line, struct buf *err, int *errline);
void		 fmatter_free(struct yval *v);
const struct yval *fmatter_get(const struct yval *map, const char *key);
int		 fmatter_bool(const struct yval *v, int *out);
int		 fmatter_int(const struct yval *v, long long *out);

struct unpack;
/* Appends the tree v (NULL too) to b in pack.h's encoding. */
void		 fmatter_pack(struct buf *b, const struct yval *v);
/*
 * Reads a tree that fmatter_pack wrote: a new tree (fmatter_free), or
 * NULL for a NULL tree or when the input is damaged (then u->bad is set).
 */
struct yval	*fmatter_unpack(struct unpack *u);

#endif
