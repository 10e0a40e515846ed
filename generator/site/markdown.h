/*
 * markdown: cmark-gfm with the GFM table, strikethrough and autolink
 * extensions.  Raw HTML is omitted unless the site opts in.
 */
#ifndef SHOUHU_MARKDOWN_H
#define SHOUHU_MARKDOWN_H

#include <stddef.h>

struct buf;

void	markdown_init(void);
void	markdown_to_html(struct buf *out, const char *src, size_t n,
	    int raw_html, const char *base);
void	markdown_to_text(struct buf *out, const char *src, size_t n,
	    size_t max);

#endif
