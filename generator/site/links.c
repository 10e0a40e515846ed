/*
 * links: relative links and images resolved against content/, and the
 * check that every link of the writers' pages points at something (see
 * links.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "site/links.h"
#include "site/site.h"
#include "lib/util.h"

/* Something a relative URL can point at. */
struct link_target {
	char		*key;		/* below content/: "fangpian/x.png" */
	char		*url;		/* published at: "/fangpian/x.png" */
};

/* What a URL as written is. */
enum link_kind {
	LINK_OTHER,	/* another site, mailto:, "#frag", "": not ours */
	LINK_SITE,	/* a site path: "/tishi/x/" */
	LINK_REL	/* relative to the page's folder: "haibao.png" */
};

static enum link_kind
classify(const char *url)
{
	size_t	 n;

	if (url[0] == '\0' || url[0] == '#' || url[0] == '?')
		return LINK_OTHER;
	if (url[0] == '/')
		return url[1] == '/' || url[1] == '\\' ? LINK_OTHER : LINK_SITE;
	/* a scheme: a letter, then letters, digits, + - . up to ':' */
	n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+-.");
	if (n > 0 && url[n] == ':' && strchr("0123456789+-.", url[0]) == NULL)
		return LINK_OTHER;
	return LINK_REL;
}

void
links_add(void *arg, const char *url, int line, int image)
{
	struct page *p = arg;
	struct page_link *l;

	if (classify(url) == LINK_OTHER)
		return;
	if ((p->nlinks & (p->nlinks - 1)) == 0)
		p->links = xreallocarray(p->links, p->nlinks ? p->nlinks * 2 :
		    4, sizeof(*p->links));
	l = &p->links[p->nlinks++];
	l->url = xstrdup(url);
	l->line = line + p->body_line - 1;
	l->image = image;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Appends to b the path part of url (up to '?' or '#'), percent-decoded
 * (a '%' not followed by two hex digits, and %00, stay), and returns
 * where the rest (the query or fragment, or "") starts.
 */
static const char *
url_path(struct buf *b, const char *url)
{
	size_t	 n = strcspn(url, "?#"), i;

	for (i = 0; i < n; i++)
		if (url[i] == '%' && i + 2 < n && hexval(url[i + 1]) >= 0 &&
		    hexval(url[i + 2]) >= 0 && (url[i + 1] != '0' ||
		    url[i + 2] != '0')) {
			buf_putc(b, hexval(url[i + 1]) * 16 +
			    hexval(url[i + 2]));
			i += 2;
		} else
			buf_putc(b, url[i]);
	return url + n;
}

/*
 * Sets key to where the relative url of a page whose file is src (a site
 * path, "content/a/x.md" after the site's root) points, below content/:
 * "a/haibao.png", "" for content/ itself, never ending in '/'.  Returns
 * where url's query or fragment starts, or NULL when it leads out of
 * content/ (key then holds nothing useful).
 */
static const char *
resolve(const struct site *s, const char *src, const char *url,
    struct buf *key)
{
	struct buf	 path = BUF_INIT;
	const char	*rest, *seg, *end, *slash;
	size_t		 n;
	int		 ok = 1;

	src += strlen(s->root) + strlen("content/");
	buf_clear(key);
	if ((slash = strrchr(src, '/')) != NULL)
		buf_put(key, src, (size_t)(slash - src));
	rest = url_path(&path, url);
	for (seg = path.ptr; ok && seg < path.ptr + path.len; seg = end + 1) {
		if ((end = strchr(seg, '/')) == NULL)
			end = path.ptr + path.len;
		n = (size_t)(end - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (key->len == 0)
				ok = 0;
			else if ((slash = strrchr(key->ptr, '/')) != NULL)
				buf_truncate(key, (size_t)(slash - key->ptr));
			else
				buf_clear(key);
			continue;
		}
		if (key->len > 0)
			buf_putc(key, '/');
		buf_put(key, seg, n);
	}
	buf_free(&path);
	return ok ? rest : NULL;
}

static int
cmp_target(const void *a, const void *b)
{
	return strcmp(((const struct link_target *)a)->key,
	    ((const struct link_target *)b)->key);
}

/* The URL key is published at, or NULL. */
static const char *
lookup(const struct site *s, const char *key)
{
	struct link_target want, *t;

	want.key = (char *)key;
	t = bsearch(&want, s->targets, s->ntargets, sizeof(*s->targets),
	    cmp_target);
	return t ? t->url : NULL;
}

static void
target(struct site *s, size_t *cap, const char *key, size_t n,
    const char *url)
{
	if (s->ntargets == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		s->targets = xreallocarray(s->targets, *cap,
		    sizeof(*s->targets));
	}
	s->targets[s->ntargets].key = xstrndup(key, n);
	s->targets[s->ntargets].url = xstrdup(url);
	s->ntargets++;
}

void
links_index(struct site *s)
{
	struct buf	 b = BUF_INIT;
	struct page	*p;
	const char	*rel;
	size_t		 cap = 0, i, n, skip;

	skip = strlen(s->root) + strlen("content/");
	target(s, &cap, "", 0, s->home->url);
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden || p->url == NULL)
			continue;
		if (p->src != NULL)
			target(s, &cap, p->src + skip, strlen(p->src + skip),
			    p->url);
		/* a section's or a page bundle's folder: "content/a/b/" */
		if (p->dir != NULL && strlen(p->dir) > strlen("content/")) {
			rel = p->dir + strlen("content/");
			target(s, &cap, rel, strlen(rel) - 1, p->url);
		}
	}
	for (i = 0; i < s->nres; i++) {
		buf_clear(&b);
		buf_printf(&b, "%s%s", s->basepath, s->res[i].rel);
		n = strlen(s->res[i].src + skip);
		target(s, &cap, s->res[i].src + skip, n, b.ptr);
	}
	if (s->ntargets > 1)
		qsort(s->targets, s->ntargets, sizeof(*s->targets), cmp_target);
	buf_free(&b);
}

int
links_rewrite(void *arg, const char *url, struct buf *to)
{
	const struct links_at *at = arg;
	struct buf	 key = BUF_INIT;
	const char	*rest, *found = NULL;

	if (at->p->src != NULL && classify(url) == LINK_REL &&
	    (rest = resolve(at->s, at->p->src, url, &key)) != NULL &&
	    (found = lookup(at->s, key.ptr)) != NULL)
		buf_printf(to, "%s%s", found, rest);
	buf_free(&key);
	return found != NULL;
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether file is in files (sorted). */
static int
has_file(char *const *files, size_t nfiles, const char *file)
{
	return bsearch(&file, files, nfiles, sizeof(*files), cmp_file) != NULL;
}

/*
 * Whether the site path url ("/a/b/", "/img/x.png") is an output file:
 * a folder is its index.html, also when the final '/' is left out.
 */
static int
site_file(char *const *files, size_t nfiles, const char *url)
{
	struct buf	 path = BUF_INIT;
	int		 found;

	(void)url_path(&path, url + 1);
	if (path.len == 0 || path.ptr[path.len - 1] == '/') {
		buf_puts(&path, "index.html");
		found = has_file(files, nfiles, path.ptr);
	} else if (!(found = has_file(files, nfiles, path.ptr))) {
		buf_puts(&path, "/index.html");
		found = has_file(files, nfiles, path.ptr);
	}
	buf_free(&path);
	return found;
}

/*
 * Whether key (below content/) names a static file of the site or the
 * theme: then file holds its path.
 */
static int
in_static(const struct site *s, const char *key, struct buf *file)
{
	struct stat	 st;
	int		 i;

	for (i = 1; i >= 0; i--) {
		buf_clear(file);
		buf_printf(file, "%s%s", s->staticdirs[i], key);
		if (key[0] != '\0' && stat(file->ptr, &st) == 0 &&
		    S_ISREG(st.st_mode))
			return 1;
	}
	buf_clear(file);
	return 0;
}

/* Says why link l of page p is broken (l->url relative). */
static void
broken_rel(const struct site *s, const struct page *p,
    const struct page_link *l, const struct buf *key, int outside,
    struct buf *msg, int *n)
{
	const char	*what = l->image ? "图片" : "链接";
	struct buf	 file = BUF_INIT;
	struct stat	 st;

	if (outside) {
		errs_add(msg, n, p->src, l->line, "%s“%s”指向 content/ 以外："
		    "文章旁边的文件用相对地址（如 haibao.png），static/ 里的"
		    "文件用以 / 开头的地址（static/img/a.png 是 /img/a.png）",
		    what, l->url);
		return;
	}
	if (in_static(s, key->ptr, &file)) {
		errs_add(msg, n, p->src, l->line, "%s“%s”找不到：相对地址从文章"
		    "所在的文件夹找起，%scontent/%s 不存在；要用 %s，请写成 /%s",
		    what, l->url, s->root, key->ptr, file.ptr, key->ptr);
		buf_free(&file);
		return;
	}
	buf_printf(&file, "%scontent/%s", s->root, key->ptr);
	if (stat(file.ptr, &st) == 0)
		errs_add(msg, n, p->src, l->line, "%s“%s”指向的 %s 不会发布"
		    "（它是草稿、还没到发布日期，或属于这样的页面）：请先发布"
		    "它，或删掉这个%s", what, l->url, file.ptr, what);
	else if (l->image)
		errs_add(msg, n, p->src, l->line, "图片“%s”找不到：%s 不存在；"
		    "请把图片放在文章旁边，或改正文件名", l->url, file.ptr);
	else
		errs_add(msg, n, p->src, l->line, "链接“%s”找不到：%s 不存在；"
		    "请改正链接里的文件名，或删掉这个链接", l->url, file.ptr);
	buf_free(&file);
}

int
links_check(const struct site *s, char *const *files, size_t nfiles,
    struct buf *msg, int *n)
{
	struct buf	 key = BUF_INIT;
	const struct page *p;
	const struct page_link *l;
	const char	*rest;
	size_t		 i, j;
	int		 start = *n;

	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->hidden)
			continue;
		for (j = 0; j < p->nlinks; j++) {
			l = &p->links[j];
			if (classify(l->url) == LINK_SITE) {
				if (site_file(files, nfiles, l->url))
					;
				else if (l->image)
					errs_add(msg, n, p->src, l->line, "图片“%s”"
					    "找不到：网站里没有这个文件；请改正地址"
					    "（static/img/a.png 的地址是 /img/a.png）",
					    l->url);
				else
					errs_add(msg, n, p->src, l->line, "链接“%s”"
					    "找不到：网站里没有这个页面或文件；请改正"
					    "地址（static/img/a.png 的地址是 "
					    "/img/a.png，content/a/b.md 的是 /a/b/）",
					    l->url);
				continue;
			}
			rest = resolve(s, p->src, l->url, &key);
			if (rest == NULL || lookup(s, key.ptr) == NULL)
				broken_rel(s, p, l, &key, rest == NULL, msg, n);
		}
	}
	buf_free(&key);
	return *n - start;
}

void
links_free(struct site *s)
{
	size_t	 i;

	for (i = 0; i < s->ntargets; i++) {
		free(s->targets[i].key);
		free(s->targets[i].url);
	}
	free(s->targets);
	s->targets = NULL;
	s->ntargets = 0;
}
