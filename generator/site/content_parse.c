/*
 * Reading content files, one or all of them at once (see
 * content_parse.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "lib/text.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "lib/walk.h"
#include "site/content_parse.h"
#include "site/fmatter.h"
#include "site/links.h"
#include "site/markdown.h"
#include "site/site.h"

int
content_has_summary(const struct yval *fm)
{
	const struct yval *v = fmatter_get(fm, "summary");

	return v != NULL && v->type == YV_STR;
}

/*
 * cmark-gfm turns the special characters of a parser's extensions on and
 * off in global tables around the inlines of each parse (blocks.c,
 * process_inlines): two parses with extensions at once would change each
 * other's text.  The summary's parse has the extensions, so the threads
 * take turns for it.  The links' parse has none and reads only links,
 * which those tables do not change.
 */
static pthread_mutex_t extensions = PTHREAD_MUTEX_INITIALIZER;

/* The automatic summary of Markdown body[0..n): new, the caller's. */
static char *
auto_summary(const char *body, size_t n, long summary_len, struct buf *tmp)
{
	const char *more;
	size_t	 limit = (size_t)summary_len;
	struct buf out = BUF_INIT;

	buf_clear(tmp);
	more = memmem(body, n, "<!--more-->", 11);
	pthread_mutex_lock(&extensions);
	if (more != NULL) {
		markdown_to_text(tmp, body, (size_t)(more - body), 0);
		limit = (size_t)-1;
	} else
		markdown_to_text(tmp, body, n, limit * 4 + 64);
	pthread_mutex_unlock(&extensions);
	text_summary(&out, tmp->ptr, tmp->len, limit);
	return buf_detach(&out);
}

/* Sets r's problem: message msg at line line; returns 0. */
static int
failed(struct content_parsed *r, int line, const char *msg)
{
	r->err = xstrdup(msg);
	r->errline = line;
	return 0;
}

/* Parses the file's bytes file[0..n) into *r (see content_parse). */
static int
parse_bytes(const char *file, size_t n, long summary_len,
    struct content_parsed *r, struct buf *tmp)
{
	struct page	 links;		/* what links_add fills */
	struct buf	 msg = BUF_INIT;
	const char	*nl;
	size_t		 bad;
	int		 line;

	if (!utf8_valid(file, n, &bad)) {
		line = 1;
		for (nl = file; (nl = memchr(nl, '\n', (size_t)(file + bad -
		    nl))) != NULL; nl++)
			line++;
		return failed(r, line, "文件不是 UTF-8 编码：请用 UTF-8 重新保存"
		    "（记事本、WPS：另存为 → 编码选 UTF-8）");
	}
	if (!fmatter_parse(file, n, &r->fm, &r->body_off, &r->body_line, &msg,
	    &line)) {
		failed(r, line, msg.ptr);
		buf_free(&msg);
		return 0;
	}
	buf_free(&msg);
	r->body_hash = hash_add(HASH_INIT, file + r->body_off, n - r->body_off);
	if (!content_has_summary(r->fm))
		r->summary = auto_summary(file + r->body_off, n - r->body_off,
		    summary_len, tmp);
	memset(&links, 0, sizeof(links));
	links.body_line = r->body_line;
	markdown_links(file + r->body_off, n - r->body_off, links_add,
	    &links);
	r->links = links.links;
	r->nlinks = links.nlinks;
	buf_clear(tmp);
	fmatter_pack(tmp, r->fm);
	r->fm_hash = hash_add(HASH_INIT, tmp->ptr, tmp->len);
	return 1;
}

/* content_parse with the caller's buffers for the file and scratch. */
static int
parse_file(const char *src, long summary_len, struct content_parsed *r,
    struct buf *file, struct buf *tmp)
{
	struct buf	 msg = BUF_INIT;

	memset(r, 0, sizeof(*r));
	buf_clear(file);
	if (!files_read(file, src)) {
		buf_printf(&msg, "无法读取：%s", util_strerror(errno));
		failed(r, 0, msg.ptr);
		buf_free(&msg);
		return 0;
	}
	return parse_bytes(file->ptr, file->len, summary_len, r, tmp);
}

int
content_parse(const char *src, long summary_len, struct content_parsed *r)
{
	struct buf	 file = BUF_INIT, tmp = BUF_INIT;
	int		 ok;

	ok = parse_file(src, summary_len, r, &file, &tmp);
	buf_free(&file);
	buf_free(&tmp);
	return ok;
}

void
content_parsed_free(struct content_parsed *r)
{
	size_t	 i;

	fmatter_free(r->fm);
	for (i = 0; i < r->nlinks; i++)
		free(r->links[i].url);
	free(r->links);
	free(r->summary);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/* A file to read ahead, and what was read of it. */
struct ahead {
	char		*src;
	struct stat	 st;
	int		 done;		/* r holds its result */
	int		 taken;
	struct content_parsed r;
};

struct content_prefetch {
	struct ahead	*v;		/* sorted by src */
	size_t		 n;
	size_t		 next;		/* the next to read (atomic) */
	long		 summary_len;
};

/* What the walk of content_prefetch collects. */
struct collect {
	struct content_prefetch *p;
	const char	*root;
	int		(*skip)(void *, const char *, const struct stat *);
	void		*arg;
	struct buf	 path;
};

/* A walk_fn: takes each Markdown file of the walk to read ahead. */
static enum walk_next
collect(const struct walk_entry *e, void *arg)
{
	struct collect	*c = arg;
	struct ahead	*a;
	size_t		 len = strlen(e->name);

	if (e->kind != WALK_FILE || e->link || len <= 3 ||
	    strcmp(e->name + len - 3, ".md") != 0)
		return WALK_GO;
	buf_clear(&c->path);
	buf_printf(&c->path, "%scontent/%s", c->root, e->rel);
	if (c->skip != NULL && c->skip(c->arg, c->path.ptr, &e->st))
		return WALK_GO;
	c->p->v = xreallocarray(c->p->v, c->p->n + 1, sizeof(*c->p->v));
	a = &c->p->v[c->p->n++];
	memset(a, 0, sizeof(*a));
	a->src = xstrdup(c->path.ptr);
	a->st = e->st;
	return WALK_GO;
}

/* A thread of content_prefetch: reads the files no other took yet. */
static void *
read_ahead(void *arg)
{
	struct content_prefetch *p = arg;
	struct buf	 file = BUF_INIT, tmp = BUF_INIT;
	size_t		 i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n) {
		(void)parse_file(p->v[i].src, p->summary_len, &p->v[i].r, &file,
		    &tmp);
		p->v[i].done = 1;
	}
	buf_free(&file);
	buf_free(&tmp);
	return NULL;
}

/* Files by src (qsort, bsearch). */
static int
cmp_ahead(const void *a, const void *b)
{
	return strcmp(((const struct ahead *)a)->src,
	    ((const struct ahead *)b)->src);
}

struct content_prefetch *
content_prefetch(const struct walk_log *log, const char *root,
    long summary_len, int threads,
    int (*skip)(void *arg, const char *src, const struct stat *st),
    void *arg)
{
	struct content_prefetch *p = xcalloc(1, sizeof(*p));
	struct collect	 c = { p, root, skip, arg, BUF_INIT };
	pthread_t	*tid;
	int		 i, nt;

	p->summary_len = summary_len;
	(void)walk_again(log, collect, &c);
	buf_free(&c.path);
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), cmp_ahead);
	nt = threads > 1 ? threads : 1;
	if ((size_t)nt > p->n / 16 + 1)
		nt = (int)(p->n / 16 + 1);	/* a thread is not free */
	tid = xcalloc((size_t)nt, sizeof(*tid));
	for (i = 1; i < nt; i++)
		if ((errno = pthread_create(&tid[i], NULL, read_ahead, p)) != 0)
			fatal("pthread_create: %s", util_strerror(errno));
	read_ahead(p);
	for (i = 1; i < nt; i++)
		pthread_join(tid[i], NULL);
	free(tid);
	return p;
}

int
content_prefetch_take(struct content_prefetch *p, const char *src,
    const struct stat *st, struct content_parsed *r)
{
	struct ahead	 key, *a;

	if (p == NULL || p->n == 0)
		return 0;
	key.src = (char *)src;
	if ((a = bsearch(&key, p->v, p->n, sizeof(*p->v), cmp_ahead)) ==
	    NULL || !a->done || a->taken || a->st.st_ino != st->st_ino ||
	    a->st.st_size != st->st_size ||
	    a->st.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	    a->st.st_mtim.tv_nsec != st->st_mtim.tv_nsec)
		return 0;
	*r = a->r;
	memset(&a->r, 0, sizeof(a->r));
	a->taken = 1;
	return 1;
}

void
content_prefetch_free(struct content_prefetch *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		content_parsed_free(&p->v[i].r);
		free(p->v[i].src);
	}
	free(p->v);
	free(p);
}
