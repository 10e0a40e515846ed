/*
 * pscan: many literal strings searched for in a text at once (see pscan.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "office/pscan.h"
#include "lib/util.h"

#define PSCAN_KEY	4	/* bytes every string is found by */

struct pstr {
	char		*s;
	size_t		 len;
	uint32_t	 key;
	size_t		 next;	/* next in its bucket, or SIZE_MAX */
	int		 off;	/* disabled: not found any more */
	int		 tag;	/* the caller's */
};

struct pscan {
	struct pstr	*v;
	size_t		 n, cap;
	size_t		*bucket;	/* nbucket heads, SIZE_MAX: empty */
	size_t		 nbucket;	/* a power of 2 */
	uint64_t	 seen[1 << 14];	/* bit per 20-bit key hash */
};

static uint32_t
key_of(const char *s)
{
	uint32_t k;

	memcpy(&k, s, sizeof(k));
	return k;
}

static size_t
hash_of(uint32_t k)
{
	return (size_t)((k * 2654435761u) >> 8);
}

/* A new empty set of strings (free with pscan_free). */
struct pscan *
pscan_new(void)
{
	struct pscan	*p = xcalloc(1, sizeof(*p));

	p->nbucket = 64;
	p->bucket = xmalloc(p->nbucket * sizeof(*p->bucket));
	memset(p->bucket, 0xff, p->nbucket * sizeof(*p->bucket));
	return p;
}

/* Frees p (NULL is fine). */
void
pscan_free(struct pscan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].s);
	free(p->v);
	free(p->bucket);
	free(p);
}

static void
rehash(struct pscan *p)
{
	size_t	 i, b;

	free(p->bucket);
	p->nbucket *= 4;
	p->bucket = xmalloc(p->nbucket * sizeof(*p->bucket));
	memset(p->bucket, 0xff, p->nbucket * sizeof(*p->bucket));
	for (i = 0; i < p->n; i++) {
		b = hash_of(p->v[i].key) & (p->nbucket - 1);
		p->v[i].next = p->bucket[b];
		p->bucket[b] = i;
	}
}

/*
 * Adds the string s[0..n) to p, unless it is already there.  Strings of
 * fewer than 4 bytes are not added (they would match everywhere).
 * Returns 1 if added, 0 if not.
 */
int
pscan_add(struct pscan *p, const char *s, size_t n, int tag)
{
	struct pstr	*x;
	uint32_t	 k;
	size_t		 b, i, h;

	if (n < PSCAN_KEY)
		return 0;
	k = key_of(s);
	h = hash_of(k);
	for (i = p->bucket[h & (p->nbucket - 1)]; i != SIZE_MAX;
	    i = p->v[i].next)
		if (p->v[i].len == n && memcmp(p->v[i].s, s, n) == 0)
			return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	x = &p->v[p->n];
	x->s = xstrndup(s, n);
	x->len = n;
	x->key = k;
	x->off = 0;
	x->tag = tag;
	b = h & (p->nbucket - 1);
	x->next = p->bucket[b];
	p->bucket[b] = p->n++;
	p->seen[(h >> 6) & ((1 << 14) - 1)] |= (uint64_t)1 << (h & 63);
	if (p->n > p->nbucket)
		rehash(p);
	return 1;
}

/* Whether p holds the string s[0..n), not disabled. */
int
pscan_has(const struct pscan *p, const char *s, size_t n)
{
	size_t	 i;

	if (n < PSCAN_KEY)
		return 0;
	for (i = p->bucket[hash_of(key_of(s)) & (p->nbucket - 1)];
	    i != SIZE_MAX; i = p->v[i].next)
		if (p->v[i].len == n && memcmp(p->v[i].s, s, n) == 0)
			return !p->v[i].off;
	return 0;
}

/*
 * Disables every string of p that occurs in text[0..n) and whose tag only
 * accepts (only NULL: any): pscan_find no longer finds it.  Returns how
 * many were disabled.
 */
size_t
pscan_disable_within(struct pscan *p, const char *text, size_t n,
    int (*only)(int))
{
	size_t	 i, j, k = 0;

	if (p->n == 0 || n < PSCAN_KEY)
		return 0;
	for (i = 0; i + PSCAN_KEY <= n; i++)
		for (j = p->bucket[hash_of(key_of(text + i)) &
		    (p->nbucket - 1)]; j != SIZE_MAX; j = p->v[j].next)
			if (!p->v[j].off && p->v[j].len <= n - i &&
			    memcmp(p->v[j].s, text + i, p->v[j].len) == 0 &&
			    (only == NULL || only(p->v[j].tag))) {
				p->v[j].off = 1;
				k++;
			}
	return k;
}

/* How many strings p holds. */
size_t
pscan_count(const struct pscan *p)
{
	return p->n;
}

/* String i of p, its length in *n. */
const char *
pscan_string(const struct pscan *p, size_t i, size_t *n)
{
	*n = p->v[i].len;
	return p->v[i].s;
}

/* The tag string i of p was added with. */
int
pscan_tag(const struct pscan *p, size_t i)
{
	return p->v[i].tag;
}

/*
 * Finds the first occurrence, at or after byte from, of any string of p
 * in text[0..n).  Returns 1 with its offset in *off and the string's index
 * in *id, or 0.
 */
int
pscan_find(const struct pscan *p, const char *text, size_t n, size_t from,
    size_t *off, size_t *id)
{
	size_t	 i, j, h, best;

	if (p->n == 0 || n < PSCAN_KEY)
		return 0;
	for (i = from; i + PSCAN_KEY <= n; i++) {
		h = hash_of(key_of(text + i));
		if (!(p->seen[(h >> 6) & ((1 << 14) - 1)] &
		    ((uint64_t)1 << (h & 63))))
			continue;
		best = SIZE_MAX;
		for (j = p->bucket[h & (p->nbucket - 1)]; j != SIZE_MAX;
		    j = p->v[j].next)
			if (!p->v[j].off && p->v[j].len <= n - i &&
			    memcmp(p->v[j].s, text + i, p->v[j].len) == 0 &&
			    (best == SIZE_MAX || p->v[j].len > p->v[best].len))
				best = j;
		if (best != SIZE_MAX) {
			*off = i;
			*id = best;
			return 1;
		}
	}
	return 0;
}
