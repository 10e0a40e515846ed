/*
 * owners: the check that every output file has one owner: pages, sections,
 * taxonomy pages, aliases and files copied from content/.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "site/fmatter.h"
#include "site/site.h"
#include "site/owners.h"
#include "lib/util.h"

/* Who claims an output file, from the easiest to change to the hardest. */
enum owner_kind {
	CL_ALIAS,	/* a redirect asked for in front matter */
	CL_FILE,	/* a page, or a file of content/ to copy */
	CL_DIR,		/* a section: a folder of content/ */
	CL_AUTO		/* a page Shouhu makes: home, taxonomy, term, 404 */
};

struct owner {
	char		*file;		/* output file, relative */
	char		*where;		/* messages about it start with this */
	char		*what;		/* it, in messages about others */
	int		 line;
	enum owner_kind	 kind;
	const char	*alias;		/* CL_ALIAS: as written */
	int		 res;		/* CL_FILE: a file to copy, not a page */
	size_t		 order;
};

static int
cmp_owner(const void *a, const void *b)
{
	const struct owner *p = a, *q = b;
	int	 r;

	if ((r = strcmp(p->file, q->file)) != 0)
		return r;
	return p->order < q->order ? -1 : p->order > q->order;
}

/* Adds a claim on file; takes file, where and what (NULL: where). */
static struct owner *
claim(struct owner **v, size_t *n, char *file, char *where, char *what,
    int line, enum owner_kind kind)
{
	struct owner *cl;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	cl = &(*v)[*n];
	memset(cl, 0, sizeof(*cl));
	cl->file = file;
	cl->where = where;
	cl->what = what ? what : xstrdup(where);
	cl->line = line;
	cl->kind = kind;
	cl->order = (*n)++;
	return cl;
}

/* What a page Shouhu makes itself, or a section, is called in messages. */
static char *
page_name(const struct site *s, const struct page *p)
{
	struct buf b = BUF_INIT;

	switch (p->kind) {
	case PK_HOME:
		buf_puts(&b, "首页");
		break;
	case PK_TAXONOMY:
		buf_printf(&b, "分类法“%s”（%s）的列表页", s->tax[p->tax].title,
		    s->tax[p->tax].key);
		break;
	case PK_TERM:
		buf_printf(&b, "%s“%s”的列表页", s->tax[p->tax].title, p->title);
		break;
	case PK_404:
		buf_puts(&b, "404 页面");
		break;
	default:
		buf_printf(&b, "栏目“%s”（文件夹 %s%s）", p->title, s->root,
		    p->dir);
		break;
	}
	return buf_detach(&b);
}

/* Output file of an alias path: "/a/b/" -> "a/b/index.html". */
static char *
alias_file(const char *alias)
{
	struct buf b = BUF_INIT;
	size_t	 n = strlen(alias);

	buf_puts(&b, alias + 1);
	if (n > 5 && (strcmp(alias + n - 5, ".html") == 0 ||
	    strcmp(alias + n - 4, ".htm") == 0))
		;
	else {
		if (b.len && b.ptr[b.len - 1] != '/')
			buf_putc(&b, '/');
		buf_puts(&b, "index.html");
	}
	return buf_detach(&b);
}

/* The line of alias j of page p: its own line in a block list. */
static int
alias_line(const struct page *p, size_t j)
{
	const struct yval *v = fmatter_get(p->fm, "aliases");

	if (v != NULL && v->type == YV_SEQ && j < v->n)
		return v->items[j]->line;
	return p->aliases_line;
}

/*
 * Reports two claims on one file.  The message goes to the one that is
 * easiest to change (an alias, then a page or file, then a folder), or to
 * the later one, and says what to change.
 */
static void
clash(const struct site *s, const struct owner *a, const struct owner *b,
    struct buf *err, int *nerr)
{
	const struct owner *t;
	const char *todo;
	size_t	 len;

	if (b->kind > a->kind) {
		t = a;
		a = b;
		b = t;
	}
	len = strlen(b->file);
	if (len >= 10 && strcmp(b->file + len - 10, "index.html") == 0)
		len -= 10;
	if (b->kind == CL_ALIAS) {
		if (a->kind == CL_ALIAS)
			errs_add(err, nerr, b->where, b->line, "别名 %s 和 %s 的别名重复："
			    "请删掉或修改其中一个", b->alias, a->what);
		else
			errs_add(err, nerr, b->where, b->line, "别名 %s 和 %s 的网址相同："
			    "请删掉或修改这个别名", b->alias, a->what);
		return;
	}
	if (b->kind == CL_DIR)
		todo = "给这个文件夹改名";
	else if (b->res)
		todo = "给这个文件改名";
	else
		todo = "修改这个页面的 slug 或文件名";
	if (a->kind == CL_FILE && b->kind == CL_FILE && !a->res && !b->res)
		errs_add(err, nerr, b->where, b->line, "网址 %s%.*s 已被 %s 使用："
		    "请修改其中一个的 slug、别名或文件名", s->basepath,
		    (int)len, b->file, a->what);
	else
		errs_add(err, nerr, b->where, b->line, "网址 %s%.*s 也是%s的网址：请%s",
		    s->basepath, (int)len, b->file, a->what, todo);
}

/*
 * Checks that no two pages, aliases or files of content/ want one output
 * file.  Appends one "path:line: message" per clash to err (counted in
 * *nerr, see errs_add), blaming the claim that is easiest to change.
 */
void
owners_check(struct site *s, struct buf *err, int *nerr)
{
	struct owner *v = NULL;
	struct buf b = BUF_INIT;
	struct page *p;
	size_t	 n = 0, i, j;
	const struct yval *sl;
	char	*file;

	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		if (p->path == NULL || p->hidden)
			continue;
		buf_clear(&b);
		buf_printf(&b, "%s%s", p->path, p->kind == PK_404 ? "" :
		    "index.html");
		if (p->kind == PK_PAGE) {
			sl = fmatter_get(p->fm, "slug");
			claim(&v, &n, buf_detach(&b), xstrdup(p->src), NULL,
			    sl ? sl->line : 1, CL_FILE);
		} else if (p->kind == PK_SECTION) {
			file = buf_detach(&b);
			buf_printf(&b, "%s%s", s->root, p->dir);
			claim(&v, &n, file, buf_detach(&b), page_name(s, p), 0,
			    CL_DIR);
		} else
			claim(&v, &n, buf_detach(&b), page_name(s, p), NULL, 0,
			    CL_AUTO);
		for (j = 0; j < p->naliases; j++)
			claim(&v, &n, alias_file(p->aliases[j]),
			    xstrdup(p->src), NULL, alias_line(p, j),
			    CL_ALIAS)->alias = p->aliases[j];
	}
	for (i = 0; i < s->nres; i++)
		claim(&v, &n, xstrdup(s->res[i].rel), xstrdup(s->res[i].src),
		    NULL, 0, CL_FILE)->res = 1;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_owner);
	for (i = 1, j = 0; i < n; i++)
		if (strcmp(v[i].file, v[j].file) == 0)
			clash(s, &v[j], &v[i], err, nerr);
		else
			j = i;
	for (i = 0; i < n; i++) {
		free(v[i].file);
		free(v[i].where);
		free(v[i].what);
	}
	free(v);
	buf_free(&b);
}

