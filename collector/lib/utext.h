/*
 * utext: the UTF-8 text handling of cells typed by people: decoding that
 * never fails, white space of every kind, full-width forms, trimming.
 */
#ifndef SHOUHU_UTEXT_H
#define SHOUHU_UTEXT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

uint32_t	utext_next(const char **pp, const char *end);
void	utext_put(struct buf *b, uint32_t c);
int	utext_is_space(uint32_t c);
uint32_t	utext_halfwidth(uint32_t c);
size_t	utext_chars(const char *s, size_t n);
const char *utext_trim(const char *s, size_t *n);
int	utext_blank(const char *s, size_t n);
void	utext_fold(struct buf *b, const char *s, size_t n);
void	utext_narrow(struct buf *b, const char *s, size_t n);

#endif
