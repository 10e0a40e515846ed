/*
 * utext: the UTF-8 text handling of cells typed by people: decoding that
 * never fails, white space of every kind, full-width forms, trimming.
 */
#ifndef SHOUHU_UTEXT_H
#define SHOUHU_UTEXT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The character at *pp (before end), *pp moved past it; a byte that
 * starts none is U+FFFD; 0 and no move when *pp is at end. */
uint32_t	utext_next(const char **pp, const char *end);
/* Whether c is white space as it turns up in cells: ASCII, no-break,
 * ideographic, zero-width, BOM. */
int	utext_is_space(uint32_t c);
/* c with a full-width ASCII form (Ｂ, ３, （), the ideographic space and
 * the minus sign as their ASCII characters; any other c as it is. */
uint32_t	utext_halfwidth(uint32_t c);
/* The part of s[0..*n) without surrounding white space: returns where it
 * starts (inside s) and sets *n to its length. */
const char *utext_trim(const char *s, size_t *n);
/* Whether s[0..n) is nothing but white space (or empty). */
int	utext_blank(const char *s, size_t n);
/* Appends to b the form of s[0..n) used to compare loosely: full-width
 * forms as ASCII, no white space, ASCII letters in lower case. */
void	utext_fold(struct buf *b, const char *s, size_t n);
/* Appends to b s[0..n) with full-width forms as ASCII and no white space
 * (letters keep their case). */
void	utext_narrow(struct buf *b, const char *s, size_t n);

#endif
