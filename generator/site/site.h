/*
 * site: the in-memory model of a site: its configuration (from
 * scripts/site.lua) and every page the build will write.  Built once by
 * the parent process before rendering; read-only afterwards, so forked
 * workers share it.
 */
#ifndef SHOUHU_SITE_H
#define SHOUHU_SITE_H

#include <stddef.h>
#include <stdint.h>

struct lua_State;
struct link_target;
struct page_link;
struct yval;
struct buf;
struct walk_entry;
struct incr;
struct walk_log;

enum page_kind {
	PK_PAGE,	/* a Markdown file */
	PK_SECTION,	/* a folder of content/ */
	PK_HOME,	/* the front page */
	PK_TAXONOMY,	/* the list of terms of a taxonomy: /tags/ */
	PK_TERM,	/* the pages of one term: /tags/x/ */
	PK_404,		/* the not-found page */
	PK_DATA		/* a page a script adds with site.page{} */
};

struct term_ref {
	size_t		 tax;
	struct page	*term;
};

struct page {
	enum page_kind	  kind;
	size_t		  id;		/* index in site.all */
	char		 *src;		/* source file as shown in messages, or NULL */
	char		 *dir;		/* section, page bundle: its folder,
					   "content/a b/" */
	char		 *title;
	char		 *path;		/* output folder, relative: "a/b/x/" ("" for home) */
	char		 *url;		/* site-relative URL: base path + path */
	char		 *slug;
	char		 *section;	/* key of the section it is in ("" for top) */
	char		 *summary;	/* plain text */
	char		 *layout;	/* front matter layout, or NULL */
	char		 *tmpl;		/* the template that renders it */
	int		  layout_line;
	int		  aliases_line;
	int64_t		  date;
	int64_t		  lastmod;
	int		  has_date;
	int		  draft;
	long long	  weight;
	struct yval	 *fm;		/* the whole front matter, or NULL */
	size_t		  body_off;	/* Markdown body within src */
	int		  body_line;
	uint64_t	  body_hash;	/* of the Markdown body's bytes */
	uint64_t	  fm_hash;	/* of the front matter packed
					   (fmatter_pack), or 0: not known */
	struct page	 *parent;	/* section (or home) it belongs to */
	struct page	**pages;	/* list kinds: the pages listed */
	size_t		  npages;
	struct page	**sections;	/* section, home: child sections */
	size_t		  nsections;
	struct page	 *prev, *next;	/* neighbours in the parent's order */
	struct term_ref	 *terms;
	size_t		  nterms;
	char		**aliases;
	size_t		  naliases;
	struct page_link *links;	/* its links into the site (links.h) */
	size_t		  nlinks;
	size_t		  tax;		/* PK_TAXONOMY, PK_TERM: which taxonomy */
	int		  npagers;	/* paginated kinds: number of pager pages */
	int		  hidden;	/* an empty section: not built */
	int		  searchable;	/* PK_DATA: in the search index */
	int		  feed;		/* PK_DATA: RSS and Atom of pages */
};

struct taxonomy {
	char		*key;		/* front matter key and URL folder: "tags" */
	char		*title;		/* shown to readers: "标签" */
	struct page	*page;		/* its PK_TAXONOMY page */
};

struct resource {
	char		*src;		/* file to copy */
	char		*rel;		/* where it goes, relative to the output */
};

/* A file a script writes with site.file{} (open data: CSV). */
struct outfile {
	char		*rel;		/* relative to the output */
	char		*data;
	size_t		 len;
	int		 keep;		/* published as it is already: listed,
					   not written (no data) */
	int		 written;	/* written into the output already,
					   as it was made (no data) */
};

struct site {
	char		 *root;		/* "" or "dir/": prefix of every site path */
	char		 *title;
	char		 *baseurl;	/* absolute, ends in '/' */
	char		 *basepath;	/* path part of baseurl: "/" or "/sub/" */
	int		  baseurl_line;	/* line of site.lua setting it, or 0 */
	char		 *language;
	char		 *theme;
	char		 *themedir;	/* the theme's folder, ending in '/':
					   the site's or an installed one
					   (site_theme_dir) */
	char		 *description;
	long		  paginate;
	long		  summary_len;
	long		  rss_limit;
	long		  timeout;	/* seconds a page or the build function may run */
	int		  raw_html;
	int		  tzoff;	/* minutes east of UTC */
	int		  drafts;	/* --drafts */
	int		  broken_links;	/* 1: a broken link stops the build */
	int64_t		  now;
	int64_t		  next_future;	/* first date a left-out page appears, or 0 */
	int		  ndrafts;	/* drafts left out */
	int		  nfuture;	/* pages left out until their date */
	struct taxonomy	 *tax;
	size_t		  ntax;
	struct page	**all;		/* every page, generated ones too */
	size_t		  nall;
	struct page	**pages;	/* regular pages, in site order */
	size_t		  npages;
	struct page	**sections;	/* every section, by path */
	size_t		  nsections;
	struct page	 *home;
	struct page	 *notfound;
	struct resource	 *res;		/* non-Markdown files in content/ */
	size_t		  nres;
	struct link_target *targets;	/* what relative links point at */
	size_t		  ntargets;
	struct outfile	 *files;	/* from site.file{} */
	size_t		  nfiles;
	struct lua_State *L;
	struct incr	 *incr;		/* the incremental build's cache, or
					   NULL */
	const struct walk_log *content_log; /* content/ as the build's
					   fingerprint walked it, or NULL */
	int		  threads;	/* the cores the build may use */
	char		 *layoutdirs[2];	/* site layouts/, theme layouts/ */
	char		 *staticdirs[2];	/* theme static/, site static/ */
	char		 *realroots[2];	/* the site's and the theme's folders,
					   resolved (site_may_read) */
};

int	 site_load_config(struct site *s, const char *root, struct buf *err);
int	 content_load(struct site *s, struct buf *err);
/*
 * Appends to html the HTML of page p's Markdown body (nothing for a page
 * without a file).  The body is read from the file again: keeping every
 * page's text from content_load would hold the whole content/ in memory
 * in every worker.  Returns 1, or 0 with "path: message" in err.
 */
int	 content_html(const struct site *s, const struct page *p,
	    struct buf *html, struct buf *err);
struct page *site_new_page(struct site *s, enum page_kind kind);
void	 site_append(struct page ***v, size_t *n, struct page *p);
int	 site_npagers(const struct site *s, size_t n);
void	 site_free(struct site *s);
int	 site_placeholder_baseurl(const struct site *s);
void	 site_path(struct buf *b, const struct site *s, const char *rel);
/*
 * The folders installed data (themes/) is looked for in after the site's
 * own: $SHOUHU_DATADIR if set and not empty, then the compiled-in folder
 * make install uses.  Puts the names in dirs (pointing into the
 * environment or static storage, not to be freed); returns how many (1 or
 * 2).
 */
size_t	 site_datadirs(const char *dirs[2]);
/*
 * Finds theme for the site in root ("" or ending in '/'): root/themes/
 * THEME/, then themes/THEME/ in each of site_datadirs.  Replaces dir with
 * the first that is a folder, ending in '/'; appends the folders looked in
 * to looked (if not NULL), separated by "、".  Returns 1, or 0 if there is
 * none (dir empty).
 */
int	 site_theme_dir(struct buf *dir, const char *root, const char *theme,
	    struct buf *looked);
int	 site_may_read(struct site *s, const struct walk_entry *e,
	    struct buf *err, int *nerr);

/* Seconds a page or site.lua's build function may run, unless site.lua
 * says otherwise (timeout = N). */
#define SITE_TIMEOUT	60

#endif
