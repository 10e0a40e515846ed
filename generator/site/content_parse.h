/*
 * content_parse: what is read of one content file, for the site model
 * (content.c): its front matter, where its body starts, the hashes the
 * incremental build keeps, its automatic summary and the links of its
 * body.  content_prefetch does that for every Markdown file of a content
 * walk on every core, before the walk that builds the model (one thread,
 * in walk order) asks for each file's result.
 */
#ifndef SHOUHU_CONTENT_PARSE_H
#define SHOUHU_CONTENT_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct buf;
struct page_link;
struct walk_log;
struct yval;

/* One file read; all new, the holder's (content_parsed_free). */
struct content_parsed {
	struct yval	*fm;		/* the front matter */
	size_t		 body_off;	/* the body's first byte */
	int		 body_line;	/* and its line */
	uint64_t	 body_hash;	/* hash_add of the body */
	uint64_t	 fm_hash;	/* hash_add of fmatter_pack(fm) */
	struct page_link *links;	/* the body's links into the site */
	size_t		 nlinks;
	char		*summary;	/* the automatic summary, or NULL if
					   the front matter has its own */
	char		*err;		/* what is wrong, or NULL (then the
					   rest is empty) */
	int		 errline;	/* its line, 0 for the file */
};

/*
 * Reads the content file src and parses it into *r, its automatic summary
 * summary_len characters at most.  Returns 1, or 0 with r->err set (the
 * file cannot be read, is not UTF-8, or has bad front matter).
 */
int	content_parse(const char *src, long summary_len,
	    struct content_parsed *r);

/* Whether the front matter fm has a summary of its own. */
int	content_has_summary(const struct yval *fm);

/* Frees what *r holds, and empties it. */
void	content_parsed_free(struct content_parsed *r);

struct content_prefetch;

/*
 * Parses every Markdown file of the content walk log (what content_load
 * walks: entries whose names end in .md, not links) on threads threads;
 * src of each is site_path's "ROOT/content/REL", root the site's folder
 * as site_path writes it.  Files for which skip(arg, src, st) says 1 (the
 * incremental build's cache has them) are not read.  Returns the results
 * (content_prefetch_free).
 */
struct content_prefetch *content_prefetch(const struct walk_log *log,
	    const char *root, long summary_len, int threads,
	    int (*skip)(void *arg, const char *src, const struct stat *st),
	    void *arg);

/*
 * Moves the result of file src (stat st: it must be the file the walk
 * saw) into *r.  Returns 1, or 0 if p has none (parse it now).
 */
int	content_prefetch_take(struct content_prefetch *p, const char *src,
	    const struct stat *st, struct content_parsed *r);

/* Frees p and the results nobody took. */
void	content_prefetch_free(struct content_prefetch *p);

#endif
