/*
 * incr_impl: what the incremental build's cache (incr.c) and its parse
 * cache of content files (incr_parse.c) share.  Not for other modules.
 */
#ifndef SHOUHU_INCR_IMPL_H
#define SHOUHU_INCR_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "site/incr.h"

#define MAGIC		"shouhu-incr 4\n"
#define INCR_MASK	((1u << INCR_SHIFT) - 1)
#define NSITE		3	/* site.pages, site.sections, all_sections */
/* a content file changed this recently may change again within the
 * file system's time granularity: its parse is not kept */
#define RACY_NS		2000000000LL

/* A string -> index table (open addressing; the strings are the caller's). */
struct map {
	size_t		*slot;		/* index + 1, 0 for empty */
	size_t		 mask;
	const char	**key;		/* by index */
};

struct oldjob {
	const char	*path;
	size_t		 pathlen;
	unsigned	 flags;
	const char	*deps;		/* packed parts, within data */
	size_t		 ndeps;
};

struct parsed {
	char		*src;
	uint64_t	 st[7];		/* size, mtime, mtime ns, ctime,
					   ctime ns, inode, summary length */
	const char	*raw;		/* the entry in data (old ones) */
	size_t		 rawlen;
	struct buf	 packed;	/* the entry packed (new ones) */
	int		 used;
};

struct incr {
	char		*file;
	uint64_t	 fp;
	struct buf	 data;		/* the old cache file */
	int		 valid;		/* its jobs may be reused */
	char		*ident;
	int64_t		 now;
	size_t		 npages;
	char		**keys;		/* old pages' keys */
	uint64_t	(*hash)[INCR_NWHAT];
	uint64_t	 site[NSITE];
	struct incr_deps outside;	/* old page indices */
	struct oldjob	*jobs;
	size_t		 njobs;
	struct map	 jobmap, parsemap;
	struct parsed	*parse;
	size_t		 nparse, capparse;
	uint64_t	 exe;		/* the program's fingerprint */
	/* the new build's, by page id (incr_dirty) */
	uint64_t	(*nhash)[INCR_NWHAT];
	uint64_t	 nsite[NSITE];
	char		**nkeys;
	size_t		 nnew;
	size_t		*old2new;	/* old page index -> new id + 1 */
	const char	*why;		/* why every job renders, or NULL */
};

/*
 * The index + 1 of key k[0..n) in m, 0 if it has none.
 */
size_t	incr_map_find(const struct map *m, const char *k, size_t n);
/* incr_map_find for a NUL-terminated key. */
size_t	incr_map_get(const struct map *m, const char *k);
/* Builds m over keys[0..n) (NUL-terminated strings, kept by the caller;
 * NULL ones left out). */
void	incr_map_build(struct map *m, const char **keys, size_t n);
/* Adds an empty parse entry for src (a copy) to c; returns it. */
struct parsed *incr_parse_add(struct incr *c, const char *src);

#endif
