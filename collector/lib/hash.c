/*
 * The one 64-bit hash (see hash.h): eight bytes at a time into a
 * multiply-xorshift state, the length and a final avalanche (the
 * splitmix64 finalizer) mixed in at each call, so that a call's end is
 * part of what is hashed.
 */
#include <stdint.h>
#include <string.h>

#include "lib/hash.h"

#define K1	0x9e3779b97f4a7c15ULL
#define K2	0xbf58476d1ce4e5b9ULL
#define K3	0x94d049bb133111ebULL

static uint64_t
avalanche(uint64_t x)
{
	x ^= x >> 30;
	x *= K2;
	x ^= x >> 27;
	x *= K3;
	return x ^ (x >> 31);
}

uint64_t
hash_add(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t	 w;
	size_t		 len = n;

	while (n >= 8) {
		memcpy(&w, c, 8);
		h = (h ^ w) * K1;
		h ^= h >> 32;
		c += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, c, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * K1;
	return avalanche(h ^ len);
}

uint64_t
hash_str(uint64_t h, const char *s)
{
	return hash_add(h, s != NULL ? s : "", s != NULL ? strlen(s) + 1 : 0);
}

uint64_t
hash_u64(uint64_t h, uint64_t v)
{
	return hash_add(h, &v, sizeof(v));
}
