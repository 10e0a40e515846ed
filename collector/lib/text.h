/*
 * text: UTF-8 and HTML text helpers: escaping, slugs, URL encoding and
 * CJK-aware summaries.
 */
#ifndef SHOUHU_TEXT_H
#define SHOUHU_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

void	 text_escape_html(struct buf *, const char *, size_t);
void	 text_escape_text(struct buf *b, const char *s, size_t n);
void	 text_escape_feed(struct buf *b, const char *s, size_t n);
void	 text_url_encode(struct buf *, const char *, size_t);
void	 text_slugify(struct buf *, const char *, size_t);
int	 text_utf8_valid(const char *, size_t, size_t *);
size_t	 text_utf8_decode(const char *, size_t, uint32_t *);
int	 text_is_cjk(uint32_t);
void	 text_summary(struct buf *, const char *, size_t, size_t);
int	 text_url_safe(const char *, size_t);

#endif
