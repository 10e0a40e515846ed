/*
 * terms: the taxonomy pages (/tags/) and their terms (/tags/x/), made from
 * the front matter of the pages content_load read.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "site/fmatter.h"
#include "site/site.h"
#include "site/terms.h"
#include "lib/text.h"
#include "lib/util.h"

struct termpair {
	const char	*slug;
	const char	*name;
	struct page	*page;
	size_t		 slot;		/* index into page->terms */
	size_t		 order;
};

static int
cmp_pair(const void *a, const void *b)
{
	const struct termpair *p = a, *q = b;
	int	 r;

	if ((r = strcmp(p->slug, q->slug)) != 0)
		return r;
	return p->order < q->order ? -1 : p->order > q->order;
}

static int
cmp_term(const void *a, const void *b)
{
	const struct page *p = *(struct page *const *)a;
	const struct page *q = *(struct page *const *)b;

	if (p->npages != q->npages)
		return p->npages > q->npages ? -1 : 1;
	return strcmp(p->slug, q->slug);
}

static size_t
term_items(const struct yval *v)
{
	if (v == NULL || v->type == YV_NULL || v->type == YV_MAP)
		return 0;
	return v->type == YV_SEQ ? v->n : 1;
}

/*
 * Builds the taxonomy and term pages from the pages' front matter (see
 * terms.h).
 */
void
terms_build(struct site *s, struct buf *err, int *nerr)
{
	struct termpair *pairs = NULL;
	struct page *p, *term, *tp;
	const struct yval *v, *it;
	struct buf slug = BUF_INIT;
	char	**slugs = NULL;
	size_t	 np, ns = 0, i, j, k, t, *fill;

	fill = xcalloc(s->npages ? s->npages : 1, sizeof(*fill));
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		for (t = 0; t < s->ntax; t++)
			p->nterms += term_items(fmatter_get(p->fm, s->tax[t].key));
		p->terms = xcalloc(p->nterms ? p->nterms : 1, sizeof(*p->terms));
	}
	for (t = 0; t < s->ntax; t++) {
		tp = site_new_page(s, PK_TAXONOMY);
		tp->tax = t;
		tp->title = xstrdup(s->tax[t].title);
		tp->slug = xstrdup(s->tax[t].key);
		buf_clear(&slug);
		buf_printf(&slug, "%s/", s->tax[t].key);
		tp->path = xstrdup(slug.ptr);
		tp->section = xstrdup(s->tax[t].key);
		tp->parent = s->home;
		tp->npagers = 1;	/* the terms are not paginated */
		s->tax[t].page = tp;

		np = 0;
		for (i = 0; i < s->npages; i++) {
			p = s->pages[i];
			v = fmatter_get(p->fm, s->tax[t].key);
			for (j = 0; j < term_items(v); j++) {
				it = v->type == YV_SEQ ? v->items[j] : v;
				k = fill[i]++;
				if (it->type != YV_STR) {
					errs_add(err, nerr, p->src, it->line, "%s 的每一项"
					    "应当是一段文字，如 [保健品, 讲座]",
					    s->tax[t].key);
					continue;
				}
				buf_clear(&slug);
				text_slugify(&slug, it->str, it->len);
				if (slug.len == 0) {
					errs_add(err, nerr, p->src, it->line, "%s“%s”里"
					    "没有可以用作网址的文字：请用字母、"
					    "数字或汉字", s->tax[t].title, it->str);
					continue;
				}
				slugs = xreallocarray(slugs, ns + 1, sizeof(*slugs));
				slugs[ns++] = buf_detach(&slug);
				pairs = xreallocarray(pairs, np + 1, sizeof(*pairs));
				pairs[np].slug = slugs[ns - 1];
				pairs[np].name = it->str;
				pairs[np].page = p;
				pairs[np].slot = k;
				pairs[np].order = np;
				np++;
			}
		}
		/* order is site order, so each term lists pages in site order */
		if (np > 1)
			qsort(pairs, np, sizeof(*pairs), cmp_pair);
		term = NULL;
		for (i = 0; i < np; i++) {
			if (term == NULL || strcmp(term->slug, pairs[i].slug) != 0) {
				term = site_new_page(s, PK_TERM);
				term->tax = t;
				term->title = xstrdup(pairs[i].name);
				term->slug = xstrdup(pairs[i].slug);
				buf_clear(&slug);
				buf_printf(&slug, "%s/%s/", s->tax[t].key,
				    term->slug);
				term->path = xstrdup(slug.ptr);
				term->section = xstrdup(s->tax[t].key);
				term->parent = tp;
				site_append(&tp->pages, &tp->npages, term);
			}
			p = pairs[i].page;
			if (term->npages && term->pages[term->npages - 1] == p)
				continue;	/* same term twice on a page */
			site_append(&term->pages, &term->npages, p);
			p->terms[pairs[i].slot].tax = t;
			p->terms[pairs[i].slot].term = term;
			if (!term->has_date || p->date > term->date) {
				term->date = term->lastmod = p->date;
				term->has_date = p->has_date;
			}
		}
		for (i = 0; i < tp->npages; i++)
			tp->pages[i]->npagers = site_npagers(s, tp->pages[i]->npages);
		if (tp->npages > 1)
			qsort(tp->pages, tp->npages, sizeof(*tp->pages),
			    cmp_term);
		if (tp->npages) {
			tp->date = tp->pages[0]->date;
			for (i = 1; i < tp->npages; i++)
				if (tp->pages[i]->date > tp->date)
					tp->date = tp->pages[i]->date;
			tp->lastmod = tp->date;
			tp->has_date = 1;
		}
	}
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		for (j = k = 0; j < p->nterms; j++)
			if (p->terms[j].term != NULL)
				p->terms[k++] = p->terms[j];
		p->nterms = k;
	}
	buf_free(&slug);
	free(fill);
	free(pairs);
	for (i = 0; i < ns; i++)
		free(slugs[i]);
	free(slugs);
}
