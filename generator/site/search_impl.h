/*
 * search_impl: what the index (search.c) and the tokenizer
 * (search_tokens.c) share.  Not for other modules.
 */
#ifndef SHOUHU_SEARCH_IMPL_H
#define SHOUHU_SEARCH_IMPL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Receives a token: arg, its bytes s[0..n) and, for a pair of CJK
 * characters, key: a number made of the two code points (0 for a word),
 * quicker to compare than the bytes.
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
