/*
 * feeds: the files Shouhu writes without templates: RSS 2.0 and Atom feeds,
 * sitemap.xml, robots.txt and alias redirect pages.
 */
#ifndef SHOUHU_FEEDS_H
#define SHOUHU_FEEDS_H

struct buf;
struct page;
struct site;

void	feed_rss(struct buf *b, const struct site *s, const struct page *l);
void	feed_atom(struct buf *b, const struct site *s, const struct page *l);
void	feed_sitemap(struct buf *b, const struct site *s);
void	feed_robots(struct buf *b, const struct site *s);
void	feed_alias(struct buf *b, const struct site *s, const struct page *p);

#endif
