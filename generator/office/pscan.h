/*
 * pscan: a set of literal strings (the identifying values of the ledger,
 * in the spellings the output may hold them) searched for in a text all
 * at once: a hash of each string's first 4 bytes, a bit filter in front.
 * Strings of fewer than 4 bytes are never added (they would match
 * everywhere).  A string can be disabled: it stays in the set but is no
 * longer found.
 */
#ifndef SHOUHU_PSCAN_H
#define SHOUHU_PSCAN_H

#include <stddef.h>

struct pscan;

/* A new empty set (free with pscan_free). */
struct pscan	*pscan_new(void);
/* Frees p (NULL is fine). */
void		 pscan_free(struct pscan *p);
/* Adds s[0..n) with the caller's tag, unless it is there or shorter than
 * 4 bytes: returns 1 if it was added, else 0.  The string is copied. */
int		 pscan_add(struct pscan *p, const char *s, size_t n, int tag);
/* Whether p holds s[0..n), not disabled. */
int		 pscan_has(const struct pscan *p, const char *s, size_t n);
/* Disables every string of p found within text[0..n) whose tag only
 * accepts (only NULL: every one); returns how many. */
size_t		 pscan_disable_within(struct pscan *p, const char *text,
		    size_t n, int (*only)(int tag));
/* How many strings p holds (disabled ones too). */
size_t		 pscan_count(const struct pscan *p);
/* String i of p (i < pscan_count), its length in *n; owned by p. */
const char	*pscan_string(const struct pscan *p, size_t i, size_t *n);
/* The tag string i of p was added with. */
int		 pscan_tag(const struct pscan *p, size_t i);
/* Finds the first place at or after byte from of text[0..n) where a
 * string of p occurs, and there the longest one: returns 1 with its
 * offset in *off and its index in *id, or 0 if there is none. */
int		 pscan_find(const struct pscan *p, const char *text, size_t n,
		    size_t from, size_t *off, size_t *id);

#endif
