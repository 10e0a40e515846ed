/*
 * links: the links and images writers put in their Markdown.  A relative
 * URL ("haibao.png", "../tishi/x.md#two") is resolved against the folder
 * of its page in content/ and published as the absolute URL of what it
 * points at (with the site's base path); every link that points at
 * nothing in the site is reported with its file and line.
 */
#ifndef SHOUHU_LINKS_H
#define SHOUHU_LINKS_H

#include <stddef.h>

struct buf;
struct page;
struct site;

/* A link or image of a page's Markdown that points into the site. */
struct page_link {
	char		*url;		/* as written */
	int		 line;		/* in the page's file */
	int		 image;
};

/* What links_rewrite needs: the site and the page being rendered. */
struct links_at {
	const struct site	*s;
	const struct page	*p;
};

/*
 * Records, for links_check, a link of page arg (a struct page *) found
 * at line of its body (a markdown_link_fn): only URLs that point into
 * the site are kept.
 */
void	links_add(void *arg, const char *url, int line, int image);
/*
 * Makes the table of what a relative URL can point at: every page's
 * file (and its folder, for a section or page bundle) and every file of
 * content/, with the URL each is published at.  Called once the pages
 * have their URLs.
 */
void	links_index(struct site *s);
/*
 * A markdown_url_fn, arg a struct links_at: a relative URL that points
 * at a published page or file of content/ becomes its absolute URL, with
 * the ?query or #fragment as written.  Returns 1 with it in to, else 0.
 */
int	links_rewrite(void *arg, const char *url, struct buf *to);
/*
 * Checks the recorded links of every page against the table and, for
 * site paths ("/tishi/x/"), against files, the sorted list of every
 * output file (relative: "tishi/x/index.html").  Appends one
 * "path:line: message" per broken link to msg with errs_add (counted in
 * *n) and returns how many there were.
 */
int	links_check(const struct site *s, char *const *files, size_t nfiles,
	    struct buf *msg, int *n);
/* Frees the table of links_index. */
void	links_free(struct site *s);

#endif
