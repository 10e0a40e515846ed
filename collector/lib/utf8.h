/*
 * utf8: the one UTF-8 decoder and encoder of Shouhu.  Strict: a
 * well-formed character is the shortest form, not a surrogate, at most
 * U+10FFFF and complete.  Callers that must always advance (text as
 * people type it, output being read) treat a byte that starts no
 * character as U+FFFD, one byte long (utf8_next).
 */
#ifndef SHOUHU_UTF8_H
#define SHOUHU_UTF8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * The length (1..4) of the well-formed character at s[0..n) and its code
 * point in *cp; 0 if the bytes start none (*cp untouched).
 */
size_t	 utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * The character at s[0..n) (n > 0) in *cp and its length: a byte that
 * starts no well-formed character is U+FFFD and one byte long.
 */
size_t	 utf8_next(const char *s, size_t n, uint32_t *cp);

/*
 * Whether s[0..n) is well-formed UTF-8.  If not, and bad is not NULL,
 * *bad is the offset of the first byte of the first bad sequence.
 */
int	 utf8_valid(const char *s, size_t n, size_t *bad);

/* Writes cp (at most U+10FFFF) as UTF-8 into out; returns its length. */
size_t	 utf8_encode(char out[4], uint32_t cp);

/* Appends cp (at most U+10FFFF) to b as UTF-8. */
void	 utf8_put(struct buf *b, uint32_t cp);

/* The start of the character that ends just before byte i of s (i > 0):
 * at most 3 bytes back. */
size_t	 utf8_prev(const char *s, size_t i);

/* The longest k <= n such that s[0..k) ends at a character boundary; s
 * holds more than n bytes. */
size_t	 utf8_clip(const char *s, size_t n);

/* The characters of s[0..n): bytes that do not continue one. */
size_t	 utf8_chars(const char *s, size_t n);

#endif
