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
int	utext_is_space(uint32_t c);
uint32_t	utext_halfwidth(uint32_t c);
const char *utext_trim(const char *s, size_t *n);
int	utext_blank(const char *s, size_t n);
void	utext_fold(struct buf *b, const char *s, size_t n);
void	utext_narrow(struct buf *b, const char *s, size_t n);

#endif
