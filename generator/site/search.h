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
struct search_cache;
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
	int		 plain;		/* body is plain text, not Markdown */
	uint64_t	 fp;		/* fingerprint of url, title, summary and
					   body, for the cache (search_site) */
};

/* Receives a token of search_tokens: arg, its bytes s[0..n). */
typedef void (*search_token_fn)(void *arg, const char *s, size_t n);

/*
 * FNV-1a (32 bits) of the n bytes at s: the hash whose top bits choose the
 * shard of a token.
 */
uint32_t search_hash(const char *s, size_t n);

/*
 * Cuts the n bytes of UTF-8 text at s into search tokens and calls
 * fn(arg, token, length) for each, in order, repeats included.  Full-width
 * ASCII (U+FF01-U+FF5E) counts as ASCII and ASCII letters as lower case.
 * A run of CJK characters (Han, kana, hangul) gives each character and
 * each pair of adjacent characters (the character first, then the pair it
 * ends), so that a query of one character finds its pages; a run of ASCII letters and digits of two or more gives the
 * run, cut to SEARCH_WORD_MAX bytes.  Anything else separates, except
 * white space holding a single line break, which joins CJK characters (a
 * line broken in the middle of a Chinese sentence).  With md set, the text
 * is Markdown: emphasis and code marks (* ~ `), link brackets, link
 * destinations, HTML tags and comments are invisible (the text on either
 * side joins), entities and link reference definitions separate.
 * Invalid UTF-8 separates.
 */
void	 search_tokens(const char *s, size_t n, int md, search_token_fn fn,
	    void *arg);

/*
 * Makes the search index of docs[0..n) (doc i is page number i), reading
 * their files on up to `threads` threads.  Sets *files to the new array of
 * its *nfiles files (paths relative to the output, under SEARCH_DIR; the
 * caller frees each rel, data and the array).  The output depends on the
 * pages only, not on the number of threads.  Returns 1, or 0 with a
 * message in err (a file that cannot be read) and nothing in *files.
 */
int	 search_make(const struct search_doc *docs, size_t n, int threads,
	    struct outfile **files, size_t *nfiles, struct buf *err);

/*
 * When site.lua sets search = true, makes the search index of the regular
 * pages of s (site.pages: those being built, in site order), then of the
 * pages of site.page{ searchable = true } (in the order they were made),
 * on up to `threads` threads, and adds its files to s->files, the files
 * the build writes as they are (through the same output check as the
 * pages).  A searchable page is rendered here by its template, in this
 * process and under the site's timeout, and its text is what a reader
 * sees in its <main> (in the <article> inside it, if any): only what the
 * page itself publishes.  Returns 1,
 * or 0 with a message in err.
 */
int	 search_site(struct site *s, int threads, struct search_cache *c,
	    struct buf *err);

/* Writes a file of the index into the output: 1, or 0 (the build fails). */
typedef int (*search_out_fn)(void *arg, const char *rel, const char *data,
	    size_t len);

/*
 * From now on (until called with NULL), each shard of the index
 * (SEARCH_DIR "s/...") is given to fn(arg, ...) as soon as it is made and
 * not kept in memory: its outfile is marked written, with no data.  The
 * index's largest part then never sits in memory whole.  A shard fn
 * refuses is kept with its data, as without fn.
 */
void	 search_write_to(search_out_fn fn, void *arg);

/*
 * The index of the last build kept for the next (SITE/build/...search):
 * when a build changes only a few pages (same pages, in the same order),
 * their tokens are taken out of the last index and their new ones put in,
 * and only the shards that changed are written; the others stay as
 * published.  The result is the same bytes as a whole index.
 */
/*
 * Opens the cache kept in file for the output folder outdir; unless
 * reuse, or when it is damaged, missing, another program's or of another
 * output, the index is made whole (and kept for the next build).
 * Returns the cache (search_cache_free).
 */
struct search_cache *search_cache_open(const char *file, const char *outdir,
	    int reuse);
/* Removes the cache file: the output it describes is about to change. */
void	search_cache_forget(struct search_cache *c);
/* Saves the index of this build, after it was published into outdir. */
void	search_cache_save(struct search_cache *c);
void	search_cache_free(struct search_cache *c);

#endif
