/*
 * search_impl: what the index (search.c) and the tokenizer
 * (search_tokens.c) share.  Not for other modules.
 */
#ifndef SHOUHU_SEARCH_IMPL_H
#define SHOUHU_SEARCH_IMPL_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Receives a token: arg, its bytes s[0..n) and key, quicker to compare
 * than the bytes: for a pair of CJK characters a number made of the two
 * code points (the first in the high 32 bits, so never below 2^32), for a
 * single CJK character its code point, for a word 0.
 */
typedef void (*search_emit_fn)(void *arg, const char *s, size_t n,
    uint64_t key);

/*
 * Does search_tokens, passing fn also the key of each token.  The bytes
 * of a token are valid during the call only.
 */
void	search_tokenize(const char *s, size_t n, int md, search_emit_fn fn,
	    void *arg);

/*
 * Appends to text the text of the HTML page html[0..n) that the search
 * index takes: what is inside its <main> element (the whole page if it
 * has none), and of that the <article> if there is one (not the links and
 * the poster around it; search.js reads the same for its passages), without tags, comments, scripts, styles and SVG; entities
 * decoded (&amp; &lt; &gt; &quot; &apos; &nbsp; and numbers; others stay
 * as they are).  A tag that breaks the line (any but the inline ones: a,
 * em, strong, span, code, time, …) becomes a blank line, which separates
 * CJK pairs; inline tags vanish, so their text joins its neighbours.
 */
void	search_html_text(const char *html, size_t n, struct buf *text);

struct buf;
struct outfile;
struct search_cache;
struct search_doc;

/* A token of the index and its postings (joined), as the shards hold it. */
struct search_entry {
	uint32_t	 hash;		/* search_hash of its bytes */
	uint32_t	 shard;		/* set by search_order */
	const char	*s;
	uint32_t	 len;
	const char	*post;		/* or NULL: a search_post_fn writes them */
	uint32_t	 plen;
	uint32_t	 tok;		/* the token's number where it was made */
};

/* Appends the postings of entry e (plen bytes) to b. */
typedef void (*search_post_fn)(void *arg, const struct search_entry *e,
    struct buf *b);

/* The bits of shard numbers for entries v[0..n) (by their size). */
int	search_bits(const struct search_entry *v, size_t n);
/* Sets the shard of each entry and orders them by shard and bytes. */
void	search_order(struct search_entry *v, size_t n, int bits);
/*
 * Appends the 2^bits shard files of the ordered entries v[0..n) to
 * *files, their hashes to hash[]; with changed, a shard not marked is
 * only listed (outfile.keep: it is published as it is) and keeps its
 * hash.  The postings are each entry's post, or what post(arg) writes.
 */
void	search_shards(const struct search_entry *v, size_t n, int bits,
	    const unsigned char *changed, uint64_t *hash, search_post_fn post,
	    void *arg, struct outfile **files, size_t *nfiles);
/* Appends the page lists of docs[0..n); returns the pages of each. */
size_t	search_docs(const struct search_doc *docs, size_t n,
	    struct outfile **files, size_t *nfiles);
/* Appends meta.json, its id the hash of the files before it. */
void	search_meta(size_t ndocs, size_t chunk, int bits,
	    const uint64_t *shardhash, struct outfile **files, size_t *nfiles);
/*
 * search_make, also giving c (if not NULL) the index for the next build
 * (search_cache_keep).
 */
int	search_make_cached(const struct search_doc *docs, size_t n,
	    int threads, struct search_cache *c, struct outfile **files,
	    size_t *nfiles, struct buf *err);
/*
 * The tokens of doc d alone: *v gets a new array of *n entries, each with
 * its bytes (in *arena, which the caller frees) and its weight letter as
 * post[0..1).  Returns 1, or 0 with a message in err.
 */
int	search_doc_tokens(const struct search_doc *d, struct search_entry **v,
	    size_t *n, struct buf *arena, struct buf *err);
/*
 * Gives c what describes the index just made: docs[0..ndocs), the bits
 * and the hash of each shard (copied).
 */
void	search_cache_keep(struct search_cache *c, const struct search_doc *docs,
	    size_t ndocs, int bits, const uint64_t *hash);
/* The hash of a file of the index (search_shards, meta.json's id). */
uint64_t search_file_hash(const char *data, size_t len);

/*
 * Makes the index of docs[0..n) from c's, the last build's (search.h):
 * returns 1 with the files in *files (the shards that did not change
 * only listed), 0 when it cannot (then make a whole index), -1 with a
 * message in err (a page that cannot be read).
 */
int	search_patch(struct search_cache *c, const struct search_doc *docs,
	    size_t n, struct outfile **files, size_t *nfiles, struct buf *err);

/* Bytes of one entry of postings at most: a number and a weight letter. */
#define SEARCH_POST_MAX	9

/*
 * Writes at p one entry of a token's postings (search.c explains them):
 * the number v, then the weight letter w if not 0.  Returns its length,
 * at most SEARCH_POST_MAX.
 */
size_t	search_post_put(char *p, uint32_t v, char w);
/* Reads the number at the start of s[0..n) into *v; returns its length. */
size_t	search_post_get(const char *s, size_t n, uint32_t *v);

#endif
