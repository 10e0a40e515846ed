/*
 * feeds: the files Shouhu writes without templates: RSS 2.0 and Atom feeds,
 * sitemap.xml, robots.txt and alias redirect pages.
 */
#ifndef SHOUHU_FEEDS_H
#define SHOUHU_FEEDS_H

struct buf;
struct page;
struct site;

void	feed_rss(struct buf *, const struct site *, const struct page *);
void	feed_atom(struct buf *, const struct site *, const struct page *);
void	feed_sitemap(struct buf *, const struct site *);
void	feed_robots(struct buf *, const struct site *);
void	feed_alias(struct buf *, const struct site *, const struct page *);

#endif
