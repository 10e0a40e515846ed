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

#endif
