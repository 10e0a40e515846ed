/*
 * content: reads content/ into the site model: pages and their front
 * matter, sections from folders, taxonomy terms, and the checks that two
 * things do not claim the same URL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "lib/utf8.h"
#include "lib/date.h"
#include "lib/errs.h"
#include "site/content_parse.h"
#include "site/fmatter.h"
#include "site/incr.h"
#include "site/links.h"
#include "site/markdown.h"
#include "site/site.h"
#include "site/terms.h"
#include "lib/text.h"
#include "site/owners.h"
#include "lib/util.h"
#include "lib/walk.h"

struct ctx {
	struct site	*s;
	struct buf	*err;
	int		 nerr;
	struct buf	 file;
	struct buf	 tmp;
	struct buf	 rel;		/* the walk's entry: "content/a/b.md" */
	/* the section of the walk's entries at each depth (a folder at
	 * depth WALK_DEPTH is given one before the walk stops there) */
	struct page	*secs[WALK_DEPTH + 2];
	/* the page bundle they are in, or NULL */
	struct page	*bundles[WALK_DEPTH + 2];
	struct content_prefetch *ahead;	/* the files read ahead, or NULL */
};

static void
error(struct ctx *c, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Lists a problem of the content in c's messages (errs_add, counted). */
static void
error(struct ctx *c, const char *path, int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	errs_vadd(c->err, &c->nerr, path, line, fmt, ap);
	va_end(ap);
}

/* Site order: weight first (unweighted last), newest first, then title. */
static int
cmp_page(const void *a, const void *b)
{
	const struct page *p = *(struct page *const *)a;
	const struct page *q = *(struct page *const *)b;
	int	 r;

	if (p->weight != q->weight) {
		if (p->weight == 0 || q->weight == 0)
			return p->weight == 0 ? 1 : -1;
		return p->weight < q->weight ? -1 : 1;
	}
	if (p->date != q->date)
		return p->date > q->date ? -1 : 1;
	if ((r = strcmp(p->title, q->title)) != 0)
		return r;
	return strcmp(p->src ? p->src : p->path, q->src ? q->src : q->path);
}

static int
cmp_section(const void *a, const void *b)
{
	const struct page *p = *(struct page *const *)a;
	const struct page *q = *(struct page *const *)b;

	if (p->weight != q->weight) {
		if (p->weight == 0 || q->weight == 0)
			return p->weight == 0 ? 1 : -1;
		return p->weight < q->weight ? -1 : 1;
	}
	return strcmp(p->path, q->path);
}

static const char *
fmatter_string(struct ctx *c, const struct page *p, const char *key, int *line)
{
	const struct yval *v;

	if ((v = fmatter_get(p->fm, key)) == NULL || v->type == YV_NULL)
		return NULL;
	if (line)
		*line = v->line;
	if (v->type != YV_STR) {
		error(c, p->src, v->line, "%s 应当是一段文字，不是列表或表", key);
		return NULL;
	}
	return v->str;
}

/*
 * Reads the front matter keys Shouhu itself uses; name[0..namelen) (the file
 * name without .md, a page bundle's folder name) is the default title
 * and slug.
 */
static int
page_fields(struct ctx *c, struct page *p, const char *name, size_t namelen)
{
	const struct yval *v;
	const char *str;
	long long n;
	int	 line = 1, start = c->nerr;
	size_t	 i;
	int64_t	 t;

	if ((str = fmatter_string(c, p, "title", NULL)) != NULL)
		p->title = xstrdup(str);
	else
		p->title = xstrndup(name, namelen);

	if ((v = fmatter_get(p->fm, "date")) != NULL && v->type != YV_NULL) {
		if (v->type != YV_STR ||
		    !date_parse(v->str, v->len, c->s->tzoff, &t))
			error(c, p->src, v->line, "日期“%s”格式不对：请写成 "
			    "2022-05-09 或 2022-05-09T10:00:00+08:00",
			    v->type == YV_STR ? v->str : "…");
		else {
			p->date = p->lastmod = t;
			p->has_date = 1;
		}
	}
	if ((v = fmatter_get(p->fm, "lastmod")) != NULL && v->type != YV_NULL) {
		if (v->type != YV_STR ||
		    !date_parse(v->str, v->len, c->s->tzoff, &t))
			error(c, p->src, v->line, "修改日期 lastmod“%s”格式不对："
			    "请写成 2022-05-09 或 2022-05-09T10:00:00+08:00",
			    v->type == YV_STR ? v->str : "…");
		else
			p->lastmod = t;
	}
	if ((v = fmatter_get(p->fm, "draft")) != NULL && v->type != YV_NULL &&
	    !fmatter_bool(v, &p->draft))
		error(c, p->src, v->line, "draft 应当是 true 或 false，不是“%s”："
		    "草稿写 draft: true，要发布就写 false 或删掉这一行",
		    v->type == YV_STR ? v->str : "…");
	if ((v = fmatter_get(p->fm, "weight")) != NULL && v->type != YV_NULL) {
		if (!fmatter_int(v, &n) || n < -1000000000LL || n > 1000000000LL)
			error(c, p->src, v->line, "weight 应当是整数（用来排序，"
			    "小的在前）");
		else
			p->weight = n;
	}
	if ((str = fmatter_string(c, p, "summary", NULL)) != NULL)
		p->summary = xstrdup(str);
	if ((str = fmatter_string(c, p, "layout", &line)) != NULL) {
		if (strstr(str, "..") || str[0] == '/' || str[0] == '\0')
			error(c, p->src, line, "layout“%s”应当是模板名，如 "
			    "poster", str);
		p->layout = xstrdup(str);
		p->layout_line = line;
	}

	buf_clear(&c->tmp);
	if ((str = fmatter_string(c, p, "slug", &line)) != NULL) {
		text_slugify(&c->tmp, str, strlen(str));
		if (c->tmp.len == 0)
			error(c, p->src, line, "slug“%s”里没有可以用作网址的"
			    "文字：请用字母、数字或汉字", str);
	} else {
		text_slugify(&c->tmp, name, namelen);
		/* a page bundle's name is its folder's: no ".md" follows */
		if (c->tmp.len == 0)
			error(c, p->src, 0, "%s里没有可以用作网址的文字：请改名，"
			    "或在文件头写 slug",
			    strcmp(name + namelen, ".md") == 0 ? "文件名" :
			    "文件夹名（有 index.md 的文件夹是一个页面）");
	}
	p->slug = xstrdup(c->tmp.ptr);

	if ((v = fmatter_get(p->fm, "aliases")) != NULL && v->type != YV_NULL) {
		p->aliases_line = v->line;
		if (v->type == YV_STR) {
			p->aliases = xcalloc(1, sizeof(char *));
			p->aliases[p->naliases++] = xstrdup(v->str);
		} else if (v->type == YV_SEQ) {
			p->aliases = xcalloc(v->n, sizeof(char *));
			for (i = 0; i < v->n; i++) {
				if (v->items[i]->type != YV_STR) {
					error(c, p->src, v->items[i]->line,
					    "aliases 的每一项应当是一个站内路径，"
					    "如 /old/path/");
					continue;
				}
				p->aliases[p->naliases++] =
				    xstrdup(v->items[i]->str);
			}
		} else
			error(c, p->src, v->line, "aliases 应当是站内路径的列表，"
			    "如 [/old/path/]");
	}
	for (i = 0; i < p->naliases; i++) {
		str = p->aliases[i];
		if (str[0] != '/' || strstr(str, "..") || strstr(str, "//") ||
		    strpbrk(str, "?#\\\"'<> \t\r\n") != NULL)
			error(c, p->src, p->aliases_line, "别名“%s”应当是以 / "
			    "开头的站内路径，如 /old/path/", str);
	}
	if ((v = fmatter_get(p->fm, "tags")) != NULL && v->type == YV_MAP)
		error(c, p->src, v->line, "tags 应当是列表，如 [保健品, 讲座]");
	return c->nerr == start;
}

/*
 * Reads and parses content file tmp->src (stat st) into tmp: front
 * matter, body offset and line, body hash, the links of the body
 * (links.h); *autosum is the automatic summary unless the front matter
 * has one.  The incremental build's cache answers for a file that did not
 * change, the files read ahead (content_parse.h) for one that did; else
 * it is read now.  Returns 1, or 0 with the problem counted in c.
 */
static int
parse_page(struct ctx *c, struct page *tmp, const struct stat *st,
    char **autosum)
{
	struct incr_parsed hit;
	struct content_parsed r;

	*autosum = NULL;
	if (incr_parse_find(c->s->incr, tmp->src, st, c->s->summary_len,
	    &hit)) {
		if (hit.summary != NULL || content_has_summary(hit.fm)) {
			tmp->fm = hit.fm;
			tmp->body_off = hit.body_off;
			tmp->body_line = hit.body_line;
			tmp->body_hash = hit.body_hash;
			tmp->fm_hash = hit.fm_hash;
			tmp->links = hit.links;
			tmp->nlinks = hit.nlinks;
			*autosum = hit.summary;
			return 1;
		}
		incr_parsed_free(&hit);
	}
	if (!content_prefetch_take(c->ahead, tmp->src, st, &r))
		(void)content_parse(tmp->src, c->s->summary_len, &r);
	if (r.err != NULL) {
		error(c, tmp->src, r.errline, "%s", r.err);
		content_parsed_free(&r);
		return 0;
	}
	tmp->fm = r.fm;
	tmp->body_off = r.body_off;
	tmp->body_line = r.body_line;
	tmp->body_hash = r.body_hash;
	tmp->fm_hash = r.fm_hash;
	tmp->links = r.links;
	tmp->nlinks = r.nlinks;
	*autosum = r.summary;
	incr_parse_put(c->s->incr, tmp->src, st, c->s->summary_len, tmp->fm,
	    tmp->body_off, tmp->body_line, *autosum, tmp->body_hash,
	    tmp->fm_hash, tmp->links, tmp->nlinks);
	return 1;
}

static struct page *
new_section(struct ctx *c, struct page *parent, const char *name)
{
	struct page *sec;
	struct buf b = BUF_INIT;

	sec = site_new_page(c->s, PK_SECTION);
	sec->parent = parent;
	sec->title = xstrdup(name);
	text_slugify(&b, name, strlen(name));
	sec->slug = xstrdup(b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%s%s/", parent->path, sec->slug);
	sec->path = xstrdup(b.ptr);
	buf_truncate(&b, b.len - 1);
	sec->section = xstrdup(b.ptr);
	buf_free(&b);
	return sec;
}

/*
 * Reads one Markdown file (stat st) into a page of section sec, or into
 * sec itself for _index.md; name[0..n) is the default title and slug.
 * Drafts and future pages are dropped (and counted) here.  Returns the
 * page, or NULL when it is dropped or wrong (the problem is counted in c).
 */
static struct page *
read_page(struct ctx *c, struct page *sec, const char *rel, const char *fname,
    const char *name, size_t n, const struct stat *st)
{
	struct page tmp, *p;
	size_t	 off;
	int	 isindex;
	char	*autosum = NULL;

	memset(&tmp, 0, sizeof(tmp));
	buf_clear(&c->tmp);
	site_path(&c->tmp, c->s, rel);
	tmp.src = xstrdup(c->tmp.ptr);
	if (!parse_page(c, &tmp, st, &autosum) ||
	    !page_fields(c, &tmp, name, n))
		goto fail;
	if (!c->s->drafts && (tmp.draft || (tmp.has_date && tmp.date > c->s->now))) {
		if (tmp.draft)
			c->s->ndrafts++;
		else
			c->s->nfuture++;
		if (!tmp.draft && (c->s->next_future == 0 ||
		    tmp.date < c->s->next_future))
			c->s->next_future = tmp.date;
		goto fail;
	}
	isindex = strcmp(fname, "_index.md") == 0;
	if (isindex) {
		p = sec;
		p->src = tmp.src;
		if (fmatter_get(tmp.fm, "title") != NULL) {
			free(p->title);
			p->title = tmp.title;
		} else
			free(tmp.title);
		p->fm = tmp.fm;
		p->date = tmp.date;
		p->lastmod = tmp.lastmod;
		p->has_date = tmp.has_date;
		p->weight = tmp.weight;
		p->layout = tmp.layout;
		p->layout_line = tmp.layout_line;
		p->summary = tmp.summary;
		p->body_off = tmp.body_off;
		p->body_line = tmp.body_line;
		p->body_hash = tmp.body_hash;
		p->fm_hash = tmp.fm_hash;
		p->links = tmp.links;
		p->nlinks = tmp.nlinks;
		p->aliases = tmp.aliases;
		p->naliases = tmp.naliases;
		p->aliases_line = tmp.aliases_line;
		free(tmp.slug);
	} else {
		p = site_new_page(c->s, PK_PAGE);
		tmp.kind = PK_PAGE;
		tmp.id = p->id;
		*p = tmp;
		p->parent = sec;
		p->section = xstrdup(sec->kind == PK_HOME ? "" : sec->section);
		buf_clear(&c->tmp);
		buf_printf(&c->tmp, "%s%s/", sec->path, p->slug);
		p->path = xstrdup(c->tmp.ptr);
		site_append(&sec->pages, &sec->npages, p);
	}
	if (p->summary == NULL) {
		p->summary = autosum;
		autosum = NULL;
	}
	free(autosum);
	return p;
fail:
	free(autosum);
	free(tmp.src);
	free(tmp.title);
	free(tmp.slug);
	free(tmp.summary);
	free(tmp.layout);
	fmatter_free(tmp.fm);
	for (off = 0; off < tmp.naliases; off++)
		free(tmp.aliases[off]);
	free(tmp.aliases);
	for (off = 0; off < tmp.nlinks; off++)
		free(tmp.links[off].url);
	free(tmp.links);
	return NULL;
}

/*
 * Adds the file rel of content/ ("content/a/b.png") to the files copied
 * as they are, to out (relative to the output: its section's or page
 * bundle's folder and its name).
 */
static void
add_resource(struct ctx *c, const char *rel, const char *out)
{
	struct site *s = c->s;

	s->res = xreallocarray(s->res, s->nres + 1, sizeof(*s->res));
	buf_clear(&c->tmp);
	site_path(&c->tmp, s, rel);
	s->res[s->nres].src = xstrdup(c->tmp.ptr);
	s->res[s->nres].rel = xstrdup(out);
	s->nres++;
}

/*
 * If the folder e holds an index.md, reads it as the page of a page
 * bundle of section sec: the page takes the folder's name and place
 * (/a/b/ for content/a/b/index.md) and c->rel is its folder.  Returns 1
 * with the page in *bundle (NULL when it is left out or wrong), or 0 when
 * the folder is not a bundle.
 */
static int
read_bundle(struct ctx *c, struct page *sec, const struct walk_entry *e,
    struct page **bundle)
{
	struct walk_entry idx;
	struct buf path = BUF_INIT, rel = BUF_INIT;

	*bundle = NULL;
	memset(&idx, 0, sizeof(idx));
	buf_printf(&path, "%s/index.md", e->path);
	buf_printf(&rel, "%sindex.md", c->rel.ptr);
	idx.path = path.ptr;
	idx.rel = rel.ptr + strlen("content/");
	idx.name = "index.md";
	idx.depth = e->depth + 1;
	if (lstat(path.ptr, &idx.st) == -1) {
		buf_free(&path);
		buf_free(&rel);
		return 0;
	}
	idx.link = S_ISLNK(idx.st.st_mode);
	if (idx.link && stat(path.ptr, &idx.st) == -1)
		idx.kind = WALK_OTHER;
	else
		idx.kind = S_ISREG(idx.st.st_mode) ? WALK_FILE : WALK_OTHER;
	if (idx.kind == WALK_FILE &&
	    site_may_read(c->s, &idx, c->err, &c->nerr) &&
	    (*bundle = read_page(c, sec, rel.ptr, "index.md", e->name,
	    strlen(e->name), &idx.st)) != NULL)
		(*bundle)->dir = xstrdup(c->rel.ptr);
	buf_free(&path);
	buf_free(&rel);
	return idx.kind == WALK_FILE;
}

/*
 * An entry inside page bundle b (c->rel its path, "content/a/b/x.png"):
 * its files go beside the page, folders and all; its index.md is the
 * page, already read; another Markdown file is a mistake.
 */
static enum walk_next
bundle_entry(struct ctx *c, const struct walk_entry *e, struct page *b)
{
	const char *in = c->rel.ptr + strlen(b->dir);
	size_t	 len = strlen(e->name);

	if (e->kind == WALK_DIR) {
		c->bundles[e->depth + 1] = b;
		return WALK_GO;
	}
	if (e->kind != WALK_FILE || strcmp(in, "index.md") == 0)
		return WALK_GO;
	if (strcmp(in, "_index.md") == 0)
		error(c, e->path, 0, "同一个文件夹里不能既有 _index.md 又有 "
		    "index.md：有 _index.md 的文件夹是栏目，有 index.md 的是"
		    "一个页面（连同旁边的图片）；请删掉或改名其中一个");
	else if (len > 3 && strcmp(e->name + len - 3, ".md") == 0)
		error(c, e->path, 0, "%s%s 有 index.md，是一个页面（连同旁边"
		    "的图片），里面不能再有文章：请把这篇移到别的文件夹，或把 "
		    "index.md 改名为 _index.md，让这个文件夹成为栏目",
		    c->s->root, b->dir);
	else {
		buf_clear(&c->file);
		buf_printf(&c->file, "%s%s", b->path, in);
		add_resource(c, c->rel.ptr, c->file.ptr);
	}
	return WALK_GO;
}

/*
 * One entry of content/ (walk_tree): a folder is a section, or a page
 * bundle when it holds an index.md; a Markdown file a page (or its
 * section's _index.md), any other file a resource copied as it is into
 * its section's folder.  Names ending in '~' (editors' backups) are left
 * out, a link leading out of the site is refused (site_may_read).
 * Problems are counted in c.  Returns what the walk does next.
 */
static enum walk_next
content_entry(const struct walk_entry *e, void *arg)
{
	struct ctx *c = arg;
	struct page *sec = c->secs[e->depth], *child;
	size_t	 len = strlen(e->name);

	if (e->name[len - 1] == '~')
		return WALK_SKIP;
	if (!site_may_read(c->s, e, c->err, &c->nerr))
		return WALK_SKIP;
	buf_clear(&c->rel);
	buf_printf(&c->rel, "content/%s%s", e->rel, e->kind == WALK_DIR ?
	    "/" : "");
	if (c->bundles[e->depth] != NULL)
		return bundle_entry(c, e, c->bundles[e->depth]);
	if (e->kind == WALK_DIR) {
		c->bundles[e->depth + 1] = NULL;
		if (read_bundle(c, sec, e, &c->bundles[e->depth + 1]))
			return c->bundles[e->depth + 1] ? WALK_GO : WALK_SKIP;
		child = new_section(c, sec, e->name);
		child->dir = xstrdup(c->rel.ptr);
		if (child->slug[0] == '\0') {
			error(c, e->path, 0, "文件夹名里没有可以用作网址的"
			    "文字：请用字母、数字或汉字命名");
			return WALK_SKIP;
		}
		site_append(&sec->sections, &sec->nsections, child);
		c->secs[e->depth + 1] = child;
	} else if (e->kind == WALK_FILE && len > 3 &&
	    strcmp(e->name + len - 3, ".md") == 0)
		read_page(c, sec, c->rel.ptr, e->name, e->name, len - 3,
		    &e->st);
	else if (e->kind == WALK_FILE) {
		buf_clear(&c->file);
		buf_printf(&c->file, "%s%s", sec->path, e->name);
		add_resource(c, c->rel.ptr, c->file.ptr);
	}
	return WALK_GO;
}

/* Drops sections with nothing in them; returns whether sec is kept. */
static int
prune(struct page *sec)
{
	size_t	 i, k = 0;

	for (i = 0; i < sec->nsections; i++)
		if (prune(sec->sections[i]))
			sec->sections[k++] = sec->sections[i];
		else
			sec->sections[i]->hidden = 1;
	sec->nsections = k;
	return sec->npages > 0 || sec->nsections > 0 || sec->src != NULL;
}

static void
collect_sections(struct site *s, struct page *sec)
{
	size_t	 i;

	if (sec->npages > 1)
		qsort(sec->pages, sec->npages, sizeof(*sec->pages),
		    cmp_page);
	for (i = 0; i < sec->npages; i++) {
		sec->pages[i]->prev = i > 0 ? sec->pages[i - 1] : NULL;
		sec->pages[i]->next = i + 1 < sec->npages ? sec->pages[i + 1] : NULL;
	}
	if (sec->nsections > 1)
		qsort(sec->sections, sec->nsections, sizeof(*sec->sections),
		    cmp_section);
	for (i = 0; i < sec->nsections; i++) {
		site_append(&s->sections, &s->nsections, sec->sections[i]);
		collect_sections(s, sec->sections[i]);
	}
}

static void
set_urls(struct site *s)
{
	struct buf b = BUF_INIT;
	size_t	 i;

	for (i = 0; i < s->nall; i++) {
		buf_clear(&b);
		buf_printf(&b, "%s%s", s->basepath, s->all[i]->path);
		s->all[i]->url = buf_detach(&b);
	}
}

/* Whether the incremental build's cache has the file src (stat st). */
static int
cached(void *arg, const char *src, const struct stat *st)
{
	const struct site *s = arg;

	return incr_parse_fresh(s->incr, src, st, s->summary_len);
}

/*
 * Reads <root>content/ into the site model: every page with its front
 * matter and summary, the sections, the taxonomy terms, the home and 404
 * pages.  Drafts and pages dated after s->now are left out unless
 * s->drafts.  Returns 1, or 0 with one "path:line: message" per line in
 * err (every problem found, up to a limit).
 */
int
content_load(struct site *s, struct buf *err)
{
	struct ctx c;
	struct stat st;
	struct page *home;
	char	*top;
	size_t	 i;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.err = err;
	buf_init(&c.file);
	buf_init(&c.tmp);
	buf_init(&c.rel);

	home = s->home = site_new_page(s, PK_HOME);
	home->title = xstrdup(s->title);
	home->path = xstrdup("");
	home->section = xstrdup("");
	home->slug = xstrdup("");

	site_path(&c.file, s, "content");
	if (stat(c.file.ptr, &st) == -1 || !S_ISDIR(st.st_mode))
		error(&c, c.file.ptr, 0, "找不到 content 文件夹：文章放在网站"
		    "目录的 content/ 里");
	else {
		buf_putc(&c.file, '/');
		top = buf_detach(&c.file);
		c.secs[0] = home;
		if (s->content_log != NULL) {
			/* every file read on every core, then the model */
			c.ahead = content_prefetch(s->content_log, s->root,
			    s->summary_len, s->threads, cached, s);
			(void)walk_again(s->content_log, content_entry, &c);
			content_prefetch_free(c.ahead);
			c.ahead = NULL;
		} else
			(void)walk_tree(top, 0, content_entry, &c, err,
			    &c.nerr);
		free(top);
	}
	if (c.nerr)
		goto out;

	prune(home);
	collect_sections(s, home);
	/* the home's own pages are the top-level ones; site.pages is all */
	for (i = 0; i < s->nall; i++)
		if (s->all[i]->kind == PK_PAGE)
			site_append(&s->pages, &s->npages, s->all[i]);
	if (s->npages > 1)
		qsort(s->pages, s->npages, sizeof(*s->pages), cmp_page);
	free(home->pages);
	home->pages = xcalloc(s->npages ? s->npages : 1, sizeof(*home->pages));
	if (s->npages > 0)
		memcpy(home->pages, s->pages, s->npages * sizeof(*s->pages));
	home->npages = s->npages;
	home->npagers = 1;
	for (i = 0; i < s->nsections; i++)
		s->sections[i]->npagers = site_npagers(s, s->sections[i]->npages);
	for (i = 0; i < s->nall; i++) {
		struct page *p = s->all[i];
		size_t	 j;

		if (p->kind != PK_SECTION && p->kind != PK_HOME)
			continue;
		for (j = 0; j < p->npages; j++)
			if (!p->has_date || p->pages[j]->date > p->date) {
				p->date = p->lastmod = p->pages[j]->date;
				p->has_date = p->pages[j]->has_date;
			}
	}
	terms_build(s, err, &c.nerr);
	s->notfound = site_new_page(s, PK_404);
	s->notfound->title = xstrdup("找不到页面");
	s->notfound->path = xstrdup("404.html");
	s->notfound->section = xstrdup("");
	s->notfound->slug = xstrdup("404");
	owners_check(s, err, &c.nerr);
	set_urls(s);
	links_index(s);
out:
	errs_end(err, c.nerr);
	buf_free(&c.file);
	buf_free(&c.tmp);
	buf_free(&c.rel);
	return c.nerr == 0;
}

int
content_html(const struct site *s, const struct page *p, struct buf *html,
    struct buf *err)
{
	struct buf	 src = BUF_INIT;
	struct links_at	 at = { s, p };

	if (p->src == NULL)
		return 1;
	if (!files_read(&src, p->src)) {
		buf_printf(err, "%s: 无法读取：%s", p->src, util_strerror(errno));
		buf_free(&src);
		return 0;
	}
	if (p->body_off <= src.len)
		markdown_to_html_urls(html, src.ptr + p->body_off,
		    src.len - p->body_off, s->raw_html, s->basepath,
		    links_rewrite, &at);
	buf_free(&src);
	return 1;
}
