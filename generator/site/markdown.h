/*
 * markdown: cmark-gfm with the GFM table, strikethrough and autolink
 * extensions.  Raw HTML is omitted unless the site opts in.
 *
 * Threads: cmark-gfm turns the special characters of the extensions on
 * and off in global tables around every parse that has them, so two of
 * markdown_to_html, markdown_to_html_urls and markdown_to_text must never
 * run at once (content_parse takes turns; the renders are processes).
 * markdown_links has no extension and may run beside any of them: the
 * tables change its text nodes, never its links.
 */
#ifndef SHOUHU_MARKDOWN_H
#define SHOUHU_MARKDOWN_H

#include <stddef.h>

struct buf;

/*
 * Rewrites the URL of a link or image as written (url): returns 1 with
 * the URL to publish appended to to, or 0 to leave it as it is.
 */
typedef int	(*markdown_url_fn)(void *arg, const char *url, struct buf *to);
/* Is told of one link (image 0) or image (image 1) and its line. */
typedef void	(*markdown_link_fn)(void *arg, const char *url, int line,
		    int image);

void	markdown_init(void);
void	markdown_to_html(struct buf *out, const char *src, size_t n,
	    int raw_html, const char *base);
void	markdown_to_html_urls(struct buf *out, const char *src, size_t n,
	    int raw_html, const char *base, markdown_url_fn fn, void *arg);
void	markdown_links(const char *src, size_t n, markdown_link_fn fn,
	    void *arg);
void	markdown_to_text(struct buf *out, const char *src, size_t n,
	    size_t max);

#endif
