#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "site/feed.h"
#include "site/site.h"
#include "lib/text.h"
#include "lib/util.h"

/* Appends the absolute URL of the output folder path. */
static void
absurl(struct buf *b, const struct site *s, const char *path)
{
	buf_puts(b, s->baseurl);
	text_url_encode(b, path, strlen(path));
}

/* Orders pages newest first, then in site order. */
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
 * The fields a feed shows.  The feed's own come from the list page, the
 * site and the newest entries; those of an entry from its page.
 */
enum feed_field {
	FF_END,			/* none: the feed or the entry ends */
	FF_FEED_TITLE,		/* "section - site", or the site's title */
	FF_DESCRIPTION,		/* the site's description, or its title */
	FF_LANGUAGE,
	FF_AUTHOR,		/* the site's title */
	FF_BUILD_DATE,		/* RSS: <lastBuildDate>, the newest entry's
				   date, if there is an entry */
	FF_UPDATED,		/* Atom: the newest entry's lastmod, else the
				   list's, else now */
	FF_ENTRIES,		/* every entry */
	FF_URL,			/* of the list or the entry's page: absolute */
	FF_TITLE,		/* of the entry's page */
	FF_DATE,
	FF_LASTMOD,
	FF_SUMMARY
};

/* A piece of a feed: markup, then a field. */
struct feed_piece {
	const char	*text;
	enum feed_field	 field;
};

/* A kind of feed. */
struct feed_format {
	/* how titles, descriptions and summaries are escaped */
	void	(*esc)(struct buf *b, const char *s, size_t n);
	void	(*date)(struct buf *b, int64_t t, int off);
	const struct feed_piece *feed;	/* up to FF_END */
	const struct feed_piece *entry;	/* up to FF_END */
};

/*
 * RSS 2.0.  Readers render description (RSS 2.0 allows entity-encoded HTML
 * there) and most of them title as HTML: both are written with
 * text_escape_feed, so that they show the plain text of titles and
 * summaries as it is.
 */
static const struct feed_piece rss_feed[] = {
	{ "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	    "<channel>\n<title>", FF_FEED_TITLE },
	{ "</title>\n<link>", FF_URL },
	{ "</link>\n<description>", FF_DESCRIPTION },
	{ "</description>\n<language>", FF_LANGUAGE },
	{ "</language>\n", FF_BUILD_DATE },
	{ "<atom:link href=\"", FF_URL },
	{ "index.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
	    FF_ENTRIES },
	{ "</channel>\n</rss>\n", FF_END }
};

static const struct feed_piece rss_item[] = {
	{ "<item>\n<title>", FF_TITLE },
	{ "</title>\n<link>", FF_URL },
	{ "</link>\n<guid isPermaLink=\"true\">", FF_URL },
	{ "</guid>\n<pubDate>", FF_DATE },
	{ "</pubDate>\n<description>", FF_SUMMARY },
	{ "</description>\n</item>\n", FF_END }
};

static const struct feed_format rss_format = {
	text_escape_feed, date_rfc822, rss_feed, rss_item
};

/*
 * Atom, with the same entries as the RSS.  Titles and summaries are text
 * constructs of type "text" (said, although it is the default): escaped
 * once, and shown by readers as they are.
 */
static const struct feed_piece atom_feed[] = {
	{ "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
	    FF_LANGUAGE },
	{ "\">\n<title type=\"text\">", FF_FEED_TITLE },
	{ "</title>\n<id>", FF_URL },
	{ "</id>\n<link href=\"", FF_URL },
	{ "\"/>\n<link rel=\"self\" href=\"", FF_URL },
	{ "atom.xml\"/>\n<updated>", FF_UPDATED },
	{ "</updated>\n<author><name>", FF_AUTHOR },
	{ "</name></author>\n", FF_ENTRIES },
	{ "</feed>\n", FF_END }
};

static const struct feed_piece atom_entry[] = {
	{ "<entry>\n<title type=\"text\">", FF_TITLE },
	{ "</title>\n<id>", FF_URL },
	{ "</id>\n<link href=\"", FF_URL },
	{ "\"/>\n<published>", FF_DATE },
	{ "</published>\n<updated>", FF_LASTMOD },
	{ "</updated>\n<summary type=\"text\">", FF_SUMMARY },
	{ "</summary>\n</entry>\n", FF_END }
};

static const struct feed_format atom_format = {
	text_escape_html, date_rfc3339, atom_feed, atom_entry
};

/* A feed being written. */
struct feed {
	struct buf	*b;
	const struct site *s;
	const struct page *l;		/* the list page */
	struct page	**v;		/* its entries, newest first */
	size_t		 n;
	const struct feed_format *fmt;
};

static void	put_pieces(struct feed *f, const struct feed_piece *k,
		    const struct page *p);

/* Appends field k of the feed itself (not of an entry). */
static void
put_feed_field(struct feed *f, enum feed_field k)
{
	const struct site *s = f->s;
	const char	*t;
	size_t		 i;

	switch (k) {
	case FF_FEED_TITLE:
		if (f->l->kind != PK_HOME) {
			f->fmt->esc(f->b, f->l->title, strlen(f->l->title));
			buf_puts(f->b, " - ");
		}
		f->fmt->esc(f->b, s->title, strlen(s->title));
		break;
	case FF_DESCRIPTION:
		t = s->description[0] ? s->description : s->title;
		f->fmt->esc(f->b, t, strlen(t));
		break;
	case FF_LANGUAGE:
		text_escape_html(f->b, s->language, strlen(s->language));
		break;
	case FF_AUTHOR:
		f->fmt->esc(f->b, s->title, strlen(s->title));
		break;
	case FF_BUILD_DATE:
		if (f->n == 0)
			break;
		buf_puts(f->b, "<lastBuildDate>");
		f->fmt->date(f->b, f->v[0]->date, s->tzoff);
		buf_puts(f->b, "</lastBuildDate>\n");
		break;
	case FF_UPDATED:
		f->fmt->date(f->b, f->n > 0 ? f->v[0]->lastmod :
		    f->l->has_date ? f->l->lastmod : s->now, s->tzoff);
		break;
	case FF_ENTRIES:
		for (i = 0; i < f->n; i++)
			put_pieces(f, f->fmt->entry, f->v[i]);
		break;
	default:
		abort();	/* a page's field: put_pieces writes it */
	}
}

/*
 * Appends the pieces k[0..] up to FF_END, the fields of a page taken from
 * p: the list page for the feed, else the entry's (dated, summarised).
 */
static void
put_pieces(struct feed *f, const struct feed_piece *k, const struct page *p)
{
	for (;; k++) {
		buf_puts(f->b, k->text);
		switch (k->field) {
		case FF_END:
			return;
		case FF_URL:
			absurl(f->b, f->s, p->path);
			break;
		case FF_TITLE:
			f->fmt->esc(f->b, p->title, strlen(p->title));
			break;
		case FF_DATE:
			f->fmt->date(f->b, p->date, f->s->tzoff);
			break;
		case FF_LASTMOD:
			f->fmt->date(f->b, p->lastmod, f->s->tzoff);
			break;
		case FF_SUMMARY:
			assert(p->summary != NULL);
			f->fmt->esc(f->b, p->summary, strlen(p->summary));
			break;
		default:
			assert(p == f->l);
			put_feed_field(f, k->field);
		}
	}
}

/* Appends the feed of list page l in format fmt. */
static void
put_feed(struct buf *b, const struct site *s, const struct page *l,
    const struct feed_format *fmt)
{
	struct feed	 f;

	f.b = b;
	f.s = s;
	f.l = l;
	f.fmt = fmt;
	f.v = feed_items(s, l, &f.n);
	put_pieces(&f, fmt->feed, l);
	free(f.v);
}

void
feed_rss(struct buf *b, const struct site *s, const struct page *l)
{
	put_feed(b, s, l, &rss_format);
}

void
feed_atom(struct buf *b, const struct site *s, const struct page *l)
{
	put_feed(b, s, l, &atom_format);
}

/* Appends the <url> of page p to a sitemap. */
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

void
feed_robots(struct buf *b, const struct site *s)
{
	buf_puts(b, "User-agent: *\nDisallow:\n");
	if (strncmp(s->baseurl, "http", 4) == 0)
		buf_printf(b, "Sitemap: %ssitemap.xml\n", s->baseurl);
}

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
