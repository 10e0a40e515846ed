/*
 * feed: the files Shouhu writes without templates: RSS 2.0 and Atom feeds,
 * sitemap.xml, robots.txt and alias redirect pages.
 */
#ifndef SHOUHU_FEED_H
#define SHOUHU_FEED_H

struct buf;
struct page;
struct site;

/*
 * Appends the RSS 2.0 feed of list page l (home or section) to b: its
 * newest pages first, at most s->rss_limit of them (0: all).
 */
void	feed_rss(struct buf *b, const struct site *s, const struct page *l);

/* Appends the Atom feed of list page l, with the same entries as its RSS. */
void	feed_atom(struct buf *b, const struct site *s, const struct page *l);

/* Appends sitemap.xml: home, sections, pages, taxonomies and terms. */
void	feed_sitemap(struct buf *b, const struct site *s);

/* Appends robots.txt: everything allowed, and where the sitemap is. */
void	feed_robots(struct buf *b, const struct site *s);

/* Appends the page that sends a reader from an old address to page p. */
void	feed_alias(struct buf *b, const struct site *s, const struct page *p);

#endif
