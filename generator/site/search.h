/*
 * search: the site's search index, made at build time.  The text of every
 * regular page (title, summary, Markdown body) is cut into tokens: every
 * pair of adjacent CJK characters and every whole ASCII word or number of
 * two characters or more, after folding full-width ASCII to ASCII and
 * upper case to lower.  The index is a set of JSON files under search/,
 * split so that a query loads only the files of its tokens and of the
 * pages it shows:
 *
 *   search/meta.json       {"id":"…","docs":N,"bits":B,"chunk":C}
 *   search/s/<hex>.json    a shard: token → postings, for the tokens
 *                          whose hash starts with those B bits
 *   search/d/<k>.json      pages kC … kC+C-1: [[url, title, summary], …]
 *
 * themes/default/static/js/search.js reads them; its tokeniser and hash
 * must stay exactly the same as these.
 */
#ifndef SHOUHU_SEARCH_H
#define SHOUHU_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct outfile;
struct site;

#define SEARCH_DIR	"search/"
#define SEARCH_WORD_MAX	32	/* bytes of an ASCII word kept */

/* One page to index. */
struct search_doc {
	const char	*url;
	const char	*title;
	const char	*summary;
	const char	*path;		/* file with the Markdown body, or NULL */
	size_t		 off;		/* where the body starts in it */
	const char	*body;		/* the body itself, when path is NULL */
	size_t		 bodylen;
};

typedef void (*search_token_fn)(void *, const char *, size_t);

uint32_t search_hash(const char *s, size_t n);
void	 search_tokens(const char *s, size_t n, int md, search_token_fn fn,
	    void *arg);
int	 search_make(const struct search_doc *docs, size_t n, int threads,
	    struct outfile **files, size_t *nfiles, struct buf *err);
int	 search_site(struct site *s, int threads, struct buf *err);

#endif
