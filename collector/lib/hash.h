/*
 * hash: the one 64-bit hash of Shouhu for telling contents apart (the
 * incremental build's fingerprints).  Not cryptographic: it spreads
 * bits well and is fast (eight bytes a step), and a mismatch is the only
 * thing it is trusted to show; equal hashes are trusted as equal
 * contents, at odds of 1 in 2^64 per comparison.
 */
#ifndef SHOUHU_HASH_H
#define SHOUHU_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_INIT	0x243f6a8885a308d3ULL	/* the start of every hash */

/* h with p[0..n) added: hash_add(hash_add(HASH_INIT, a), b) hashes a, b. */
uint64_t	hash_add(uint64_t h, const void *p, size_t n);

/* h with the string s added, its end included (so "ab","c" != "a","bc"). */
uint64_t	hash_str(uint64_t h, const char *s);

/* h with the number v added. */
uint64_t	hash_u64(uint64_t h, uint64_t v);

#endif
