#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "site/feeds.h"
#include "site/site.h"
#include "lib/text.h"
#include "lib/util.h"

static void
absurl(struct buf *b, const struct site *s, const char *path)
{
	buf_puts(b, s->baseurl);
	text_url_encode(b, path, strlen(path));
}

static int
cmp_date(const void *a, const void *b)
{
	const struct page *p = *(struct page *const *)a;
	const struct page *q = *(struct page *const *)b;

	if (p->date != q->date)
		return p->date > q->date ? -1 : 1;
	return p->id < q->id ? -1 : p->id > q->id;
}

/* Copies the dated pages of l, newest first, at most s->rss_limit. */
static struct page **
feed_items(const struct site *s, const struct page *l, size_t *np)
{
	struct page **v;
	size_t	 i, n = 0;

	v = xcalloc(l->npages ? l->npages : 1, sizeof(*v));
	for (i = 0; i < l->npages; i++)
		if (l->pages[i]->has_date)
			v[n++] = l->pages[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_date);
	if (s->rss_limit > 0 && n > (size_t)s->rss_limit)
		n = (size_t)s->rss_limit;
	*np = n;
	return v;
}

/*
 * Appends the title of the feed of list page l: "section - site", or the
 * site's title for the home page; escaped for RSS, whose readers take it
 * for HTML, with text_escape_feed when rss is 1, else once for an Atom
 * text construct of type "text".
 */
static void
feed_title(struct buf *b, const struct site *s, const struct page *l,
    int rss)
{
	void	(*esc)(struct buf *, const char *, size_t);

	esc = rss ? text_escape_feed : text_escape_html;
	if (l->kind != PK_HOME) {
		esc(b, l->title, strlen(l->title));
		buf_puts(b, " - ");
	}
	esc(b, s->title, strlen(s->title));
}

/*
 * Appends the RSS 2.0 feed of list page l (home or section) to b: its
 * newest pages first, at most s->rss_limit of them (0: all).  Readers
 * render description (RSS 2.0 allows entity-encoded HTML there) and most
 * of them title as HTML: both are written with text_escape_feed, so that
 * they show the plain text of titles and summaries as it is.
 */
void
feed_rss(struct buf *b, const struct site *s, const struct page *l)
{
	struct page **v;
	size_t	 i, n;

	v = feed_items(s, l, &n);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	    "<channel>\n<title>");
	feed_title(b, s, l, 1);
	buf_puts(b, "</title>\n<link>");
	absurl(b, s, l->path);
	buf_puts(b, "</link>\n<description>");
	if (s->description[0])
		text_escape_feed(b, s->description, strlen(s->description));
	else
		text_escape_feed(b, s->title, strlen(s->title));
	buf_puts(b, "</description>\n<language>");
	text_escape_html(b, s->language, strlen(s->language));
	buf_puts(b, "</language>\n");
	if (n > 0) {
		buf_puts(b, "<lastBuildDate>");
		date_rfc822(b, v[0]->date, s->tzoff);
		buf_puts(b, "</lastBuildDate>\n");
	}
	buf_puts(b, "<atom:link href=\"");
	absurl(b, s, l->path);
	buf_puts(b, "index.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, "<item>\n<title>");
		text_escape_feed(b, v[i]->title, strlen(v[i]->title));
		buf_puts(b, "</title>\n<link>");
		absurl(b, s, v[i]->path);
		buf_puts(b, "</link>\n<guid isPermaLink=\"true\">");
		absurl(b, s, v[i]->path);
		buf_puts(b, "</guid>\n<pubDate>");
		date_rfc822(b, v[i]->date, s->tzoff);
		buf_puts(b, "</pubDate>\n<description>");
		text_escape_feed(b, v[i]->summary, strlen(v[i]->summary));
		buf_puts(b, "</description>\n</item>\n");
	}
	buf_puts(b, "</channel>\n</rss>\n");
	free(v);
}

/*
 * Appends the Atom feed of list page l, with the same entries as its RSS.
 * Titles and summaries are text constructs of type "text" (said, although
 * it is the default): escaped once, and shown by readers as they are.
 */
void
feed_atom(struct buf *b, const struct site *s, const struct page *l)
{
	struct page **v;
	size_t	 i, n;

	v = feed_items(s, l, &n);
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	text_escape_html(b, s->language, strlen(s->language));
	buf_puts(b, "\">\n<title type=\"text\">");
	feed_title(b, s, l, 0);
	buf_puts(b, "</title>\n<id>");
	absurl(b, s, l->path);
	buf_puts(b, "</id>\n<link href=\"");
	absurl(b, s, l->path);
	buf_puts(b, "\"/>\n<link rel=\"self\" href=\"");
	absurl(b, s, l->path);
	buf_puts(b, "atom.xml\"/>\n<updated>");
	date_rfc3339(b, n > 0 ? v[0]->lastmod : l->has_date ? l->lastmod :
	    s->now, s->tzoff);
	buf_puts(b, "</updated>\n<author><name>");
	text_escape_html(b, s->title, strlen(s->title));
	buf_puts(b, "</name></author>\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, "<entry>\n<title type=\"text\">");
		text_escape_html(b, v[i]->title, strlen(v[i]->title));
		buf_puts(b, "</title>\n<id>");
		absurl(b, s, v[i]->path);
		buf_puts(b, "</id>\n<link href=\"");
		absurl(b, s, v[i]->path);
		buf_puts(b, "\"/>\n<published>");
		date_rfc3339(b, v[i]->date, s->tzoff);
		buf_puts(b, "</published>\n<updated>");
		date_rfc3339(b, v[i]->lastmod, s->tzoff);
		buf_puts(b, "</updated>\n<summary type=\"text\">");
		text_escape_html(b, v[i]->summary, strlen(v[i]->summary));
		buf_puts(b, "</summary>\n</entry>\n");
	}
	buf_puts(b, "</feed>\n");
	free(v);
}

static void
sitemap_url(struct buf *b, const struct site *s, const struct page *p)
{
	buf_puts(b, "<url><loc>");
	absurl(b, s, p->path);
	buf_puts(b, "</loc>");
	if (p->has_date) {
		buf_puts(b, "<lastmod>");
		date_rfc3339(b, p->lastmod, s->tzoff);
		buf_puts(b, "</lastmod>");
	}
	buf_puts(b, "</url>\n");
}

/* Appends sitemap.xml: home, sections, pages, taxonomies and terms. */
void
feed_sitemap(struct buf *b, const struct site *s)
{
	size_t	 i;
	const struct page *p;

	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->kind == PK_404 || p->hidden || p->path == NULL)
			continue;
		sitemap_url(b, s, p);
	}
	buf_puts(b, "</urlset>\n");
}

/* Appends robots.txt: everything allowed, and where the sitemap is. */
void
feed_robots(struct buf *b, const struct site *s)
{
	buf_puts(b, "User-agent: *\nDisallow:\n");
	if (strncmp(s->baseurl, "http", 4) == 0)
		buf_printf(b, "Sitemap: %ssitemap.xml\n", s->baseurl);
}

/* Appends the page that sends a reader from an old address to page p. */
void
feed_alias(struct buf *b, const struct site *s, const struct page *p)
{
	struct buf url = BUF_INIT;

	buf_puts(&url, s->basepath);
	text_url_encode(&url, p->path, strlen(p->path));
	buf_puts(b, "<!doctype html>\n<html lang=\"");
	text_escape_html(b, s->language, strlen(s->language));
	buf_puts(b, "\"><head><meta charset=\"utf-8\"><title>");
	text_escape_html(b, p->title, strlen(p->title));
	buf_puts(b, "</title><link rel=\"canonical\" href=\"");
	absurl(b, s, p->path);
	buf_puts(b, "\"><meta name=\"robots\" content=\"noindex\">"
	    "<meta http-equiv=\"refresh\" content=\"0; url=");
	text_escape_html(b, url.ptr, url.len);
	buf_puts(b, "\"></head>\n<body><p>本页已移到 <a href=\"");
	text_escape_html(b, url.ptr, url.len);
	buf_puts(b, "\">");
	text_escape_html(b, p->title, strlen(p->title));
	buf_puts(b, "</a>。</p></body></html>\n");
	buf_free(&url);
}
