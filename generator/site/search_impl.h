/*
 * search_impl: what the index (search.c) and the tokenizer
 * (search_tokens.c) share.  Not for other modules.
 */
#ifndef SHOUHU_SEARCH_IMPL_H
#define SHOUHU_SEARCH_IMPL_H

#include <stddef.h>
#include <stdint.h>

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

#endif
