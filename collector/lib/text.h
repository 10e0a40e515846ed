/*
 * text: UTF-8 and HTML text helpers: escaping, slugs, URL encoding and
 * CJK-aware summaries.
 */
#ifndef SHOUHU_TEXT_H
#define SHOUHU_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

void	 text_escape_html(struct buf *b, const char *s, size_t n);
void	 text_escape_text(struct buf *b, const char *s, size_t n);
void	 text_escape_feed(struct buf *b, const char *s, size_t n);
void	 text_url_encode(struct buf *b, const char *s, size_t n);
void	 text_slugify(struct buf *b, const char *s, size_t n);
int	 text_is_cjk(uint32_t cp);
void	 text_summary(struct buf *out, const char *text, size_t n,
	    size_t limit);
int	 text_url_safe(const char *s, size_t n);

#endif
