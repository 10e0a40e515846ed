/*
 * The search index (see search.h): the tokens of every page counted on
 * threads, joined, and written as shards of postings and lists of pages.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "site/incr.h"
#include "site/lsite.h"
#include "site/ltmpl.h"
#include "site/sandbox.h"
#include "site/search.h"
#include "site/search_impl.h"
#include "site/site.h"
#include "lib/util.h"

/*
 * The postings of a token are one string of letters, no digits (so that
 * the output check never takes them for a phone number): for each page
 * that has the token, in page order, the distance to the previous page
 * (the page number minus the previous one minus 1; for the first, the page
 * number) as a number, then the weight as one letter.  A number is written
 * in base 26, most significant digit first: every digit but the last as
 * A-Z, the last as a-z.  The weight letter is 'a' + w, w = 8 if the token
 * is in the title, plus how often it occurs in summary and body, at most
 * 7; so w is 1 to 15.
 */
#define WEIGHT_TITLE	8
#define WEIGHT_COUNT	7

#define DOCS_PER_THREAD	128	/* the fewest pages worth a thread */
#define THREADS_MAX	64

uint32_t
search_hash(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t h = 2166136261u;
	size_t	 i;

	for (i = 0; i < n; i++) {
		h ^= u[i];
		h *= 16777619u;
	}
	return h;
}

#define NUM_MAX	(SEARCH_POST_MAX - 1)

/* A growable string of postings. */
struct pbuf {
	char		*p;
	uint32_t	 len, cap;
};

/* Makes room for n more bytes in b. */
static void
pb_room(struct pbuf *b, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? b->cap * 2 : 8;
		b->p = xrealloc(b->p, b->cap);
	}
}

/*
 * Writes v as a number of the postings (see the top of this file) at the
 * end of d[0..NUM_MAX); returns the index of its first digit.
 */
static size_t
num_digits(char d[NUM_MAX], uint32_t v)
{
	size_t	 k = NUM_MAX;

	d[--k] = (char)('a' + v % 26);
	for (v /= 26; v > 0; v /= 26)
		d[--k] = (char)('A' + v % 26);
	return k;
}

size_t
search_post_put(char *p, uint32_t v, char w)
{
	char	 d[NUM_MAX], *start = p;
	size_t	 k;

	if (v < 26)
		*p++ = (char)('a' + v);	/* the common case */
	else
		for (k = num_digits(d, v); k < NUM_MAX; k++)
			*p++ = d[k];
	if (w)
		*p++ = w;
	return (size_t)(p - start);
}

/* Appends v as a number of the postings, then the letter w if not 0. */
static void
pb_num(struct pbuf *b, uint32_t v, char w)
{
	pb_room(b, SEARCH_POST_MAX);
	b->len += (uint32_t)search_post_put(b->p + b->len, v, w);
}

size_t
search_post_get(const char *s, size_t n, uint32_t *v)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < n && s[i] >= 'A' && s[i] <= 'Z'; i++)
		*v = *v * 26 + (uint32_t)(s[i] - 'A');
	if (i < n)
		*v = *v * 26 + (uint32_t)(s[i++] - 'a');
	return i;
}

struct tok {
	uint64_t	 key;		/* of CJK characters (search_impl.h), or 0 */
	uint32_t	 hash;
	uint32_t	 off;		/* of the token in the arena */
	uint32_t	 len;
	uint32_t	 seen;		/* 1 + the page it was last seen in */
	uint32_t	 last;		/* 1 + the page of its last posting */
	uint16_t	 count;		/* in the page being read */
	uint16_t	 title;
	struct pbuf	 post;
};

/* The tokens of a range of pages: one per thread, merged at the end. */
struct tokens {
	struct tok	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* 1 + index into v, 0 empty */
	size_t		 mask;
	struct buf	 arena;
	uint32_t	*touched;	/* tokens seen in the page being read */
	size_t		 ntouched, ctouched;
	uint32_t	 doc;
	int		 intitle;
	/* the pages and the outcome of the thread */
	const struct search_doc *docs;
	size_t		 from, to;
	struct buf	 err;
	int		 ok;
};

/* The first slot of t to look in for a token with key or hash h. */
static size_t
slot_of(const struct tokens *t, uint64_t key, uint32_t h)
{
	if (key != 0)
		h = (uint32_t)((key * 0x9E3779B97F4A7C15u) >> 32);
	else
		h *= 0x9E3779B1u;
	return (h ^ (h >> 16)) & t->mask;
}

/* Doubles the slots of t (1024 at first) and puts every token back. */
static void
tab_grow(struct tokens *t)
{
	size_t	 i, k, size = t->slot ? (t->mask + 1) * 2 : 1024;

	free(t->slot);
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	for (i = 0; i < t->n; i++) {
		for (k = slot_of(t, t->v[i].key, t->v[i].hash); t->slot[k];
		    k = (k + 1) & t->mask)
			continue;
		t->slot[k] = (uint32_t)i + 1;
	}
}

/*
 * Returns the index of token s[0..n) with key (of a CJK character or pair,
 * or 0 for a
 * word with hash h), added if new.
 */
static uint32_t
tab_find(struct tokens *t, const char *s, size_t n, uint64_t key, uint32_t h)
{
	struct tok *e;
	size_t	 k;

	if (t->slot == NULL || t->n * 4 >= t->mask + 1)
		tab_grow(t);
	for (k = slot_of(t, key, h); t->slot[k]; k = (k + 1) & t->mask) {
		e = &t->v[t->slot[k] - 1];
		if (key != 0 ? e->key == key : e->key == 0 && e->hash == h &&
		    e->len == n && memcmp(t->arena.ptr + e->off, s, n) == 0)
			return t->slot[k] - 1;
	}
	if (key != 0)
		h = search_hash(s, n);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	e = &t->v[t->n];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->hash = h;
	e->off = (uint32_t)t->arena.len;
	e->len = (uint32_t)n;
	buf_put(&t->arena, s, n);
	t->slot[k] = (uint32_t)++t->n;
	return (uint32_t)t->n - 1;
}

/* A search_emit_fn: counts a token of the page being read. */
static void
tab_add(void *arg, const char *s, size_t n, uint64_t key)
{
	struct tokens *t = arg;
	struct tok *e;
	uint32_t i;

	i = tab_find(t, s, n, key, key ? 0 : search_hash(s, n));
	e = &t->v[i];
	if (e->seen != t->doc + 1) {
		e->seen = t->doc + 1;
		e->count = 0;
		e->title = 0;
		if (t->ntouched == t->ctouched) {
			t->ctouched = t->ctouched ? t->ctouched * 2 : 1024;
			t->touched = xreallocarray(t->touched, t->ctouched,
			    sizeof(*t->touched));
		}
		t->touched[t->ntouched++] = i;
	}
	if (t->intitle)
		e->title = 1;
	else if (e->count < WEIGHT_COUNT)
		e->count++;
}

/* Writes the postings of the page just read. */
static void
tab_flush(struct tokens *t)
{
	struct tok *e;
	size_t	 i;

	for (i = 0; i < t->ntouched; i++) {
		e = &t->v[t->touched[i]];
		/* pages come in order; a weight is one letter, 'b' to 'p' */
		assert(t->doc >= e->last && e->count <= WEIGHT_COUNT);
		pb_num(&e->post, t->doc - e->last, (char)('a' +
		    (e->title ? WEIGHT_TITLE : 0) + e->count));
		e->last = t->doc + 1;
	}
	t->ntouched = 0;
}

/* Frees what t holds (not t). */
static void
tab_free(struct tokens *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].post.p);
	free(t->v);
	free(t->slot);
	free(t->touched);
	buf_free(&t->arena);
	buf_free(&t->err);
}

/* Reads pages from..to of the table (a thread). */
static void *
tab_run(void *arg)
{
	struct tokens *t = arg;
	const struct search_doc *d;
	struct buf src = BUF_INIT;
	size_t	 i;

	t->ok = 1;
	for (i = t->from; i < t->to; i++) {
		d = &t->docs[i];
		t->doc = (uint32_t)i;
		t->intitle = 1;
		if (d->title != NULL)
			search_tokenize(d->title, strlen(d->title), 0, tab_add,
			    t);
		t->intitle = 0;
		if (d->summary != NULL)
			search_tokenize(d->summary, strlen(d->summary), 0,
			    tab_add, t);
		if (d->path != NULL) {
			if (!files_read(&src, d->path)) {
				buf_printf(&t->err, "%s: 无法读取：%s", d->path,
				    util_strerror(errno));
				t->ok = 0;
				break;
			}
			if (d->off < src.len)
				search_tokenize(src.ptr + d->off, src.len -
				    d->off, 1, tab_add, t);
		} else if (d->body != NULL)
			search_tokenize(d->body, d->bodylen, !d->plain, tab_add,
			    t);
		tab_flush(t);
	}
	buf_free(&src);
	return NULL;
}

int
search_doc_tokens(const struct search_doc *d, struct search_entry **v,
    size_t *n, struct buf *arena, struct buf *err)
{
	struct tokens t;
	size_t	 i;

	memset(&t, 0, sizeof(t));
	t.docs = d;
	t.from = 0;
	t.to = 1;
	tab_run(&t);
	if (!t.ok) {
		buf_puts(err, t.err.ptr);
		tab_free(&t);
		return 0;
	}
	*n = t.n;
	*v = xcalloc(t.n ? t.n : 1, sizeof(**v));
	buf_set(arena, t.arena.ptr, t.arena.len);
	buf_grow(arena, t.n);
	for (i = 0; i < t.n; i++) {
		/* one page, page 0: its postings are "a" and the weight */
		assert(t.v[i].post.len == 2 && t.v[i].post.p[0] == 'a');
		(*v)[i].hash = t.v[i].hash;
		(*v)[i].len = t.v[i].len;
		(*v)[i].s = (const char *)(uintptr_t)t.v[i].off;
		(*v)[i].post = (const char *)(uintptr_t)arena->len;
		(*v)[i].plen = 1;
		buf_putc(arena, t.v[i].post.p[1]);
	}
	/* offsets into the arena become pointers once it stops growing */
	for (i = 0; i < t.n; i++) {
		(*v)[i].s = arena->ptr + (uintptr_t)(*v)[i].s;
		(*v)[i].post = arena->ptr + (uintptr_t)(*v)[i].post;
	}
	tab_free(&t);
	return 1;
}

/*
 * Adds the tokens of the later tables t[1..nt) to the first (without
 * postings) and returns parts: parts[k * n + i] is 1 + the index in table
 * k of token i of the first table (n tokens now), 0 if table k has not got
 * it.  The postings of a token are those of its parts, in table order.
 */
static uint32_t *
tab_join(struct tokens *t, size_t nt)
{
	struct tok *e;
	uint32_t *parts;
	size_t	 i, k, n;

	for (k = 1; k < nt; k++)
		for (i = 0; i < t[k].n; i++) {
			e = &t[k].v[i];
			/* seen is not needed any more: the token in t[0] */
			e->seen = tab_find(&t[0], t[k].arena.ptr + e->off,
			    e->len, e->key, e->hash);
		}
	n = t[0].n;
	k = nt * n;
	parts = xcalloc(k > 0 ? k : 1, sizeof(*parts));
	for (i = 0; i < n; i++)
		if (t[0].v[i].post.len > 0)
			parts[i] = (uint32_t)i + 1;
	for (k = 1; k < nt; k++)
		for (i = 0; i < t[k].n; i++)
			parts[k * n + t[k].v[i].seen] = (uint32_t)i + 1;
	return parts;
}

/* Appends v as a number of the postings. */
static void
put_num(struct buf *b, uint32_t v)
{
	char	 d[NUM_MAX];
	size_t	 k = num_digits(d, v);

	buf_put(b, d + k, NUM_MAX - k);
}

/*
 * Appends the postings of token i of the first table, joining its parts
 * (see tab_join), whose memory it frees.
 */
static void
put_postings(struct buf *b, struct tokens *t, size_t nt, const uint32_t *parts,
    size_t i)
{
	struct tok *e;
	uint32_t last = 0, doc;
	size_t	 k, len, n = t[0].n;

	for (k = 0; k < nt; k++) {
		if (parts[k * n + i] == 0)
			continue;
		e = &t[k].v[parts[k * n + i] - 1];
		/* the first number of a part is its first page itself */
		len = 0;
		if (last > 0) {
			len = search_post_get(e->post.p, e->post.len, &doc);
			assert(doc >= last);	/* the parts in page order */
			put_num(b, doc - last);
		}
		buf_put(b, e->post.p + len, e->post.len - len);
		last = e->last;
		free(e->post.p);
		memset(&e->post, 0, sizeof(e->post));
	}
}

/* The tables and their parts, for put_entry. */
struct joined {
	struct tokens	*t;
	size_t		 nt;
	const uint32_t	*parts;
};

/* A search_post_fn: the joined postings of token e->tok (put_postings). */
static void
put_entry(void *arg, const struct search_entry *e, struct buf *b)
{
	const struct joined *j = arg;
	size_t	 before = b->len;

	put_postings(b, j->t, j->nt, j->parts, e->tok);
	assert(b->len - before == e->plen);
	(void)before;
}

/*
 * The length of the joined postings of token i (put_postings): its parts,
 * each later part's first number (its first page) written as the distance
 * from the part before.
 */
static uint32_t
joined_len(struct tokens *t, size_t nt, const uint32_t *parts, size_t i)
{
	char	 d[NUM_MAX];
	struct tok *e;
	uint32_t last = 0, doc, len = 0;
	size_t	 k, n = t[0].n;

	for (k = 0; k < nt; k++) {
		if (parts[k * n + i] == 0)
			continue;
		e = &t[k].v[parts[k * n + i] - 1];
		len += e->post.len;
		if (last > 0) {
			len -= (uint32_t)search_post_get(e->post.p, e->post.len,
			    &doc);
			len += (uint32_t)(NUM_MAX - num_digits(d, doc - last));
		}
		last = e->last;
	}
	return len;
}

/*
 * The shard files of the tokens of tables t[0..nt), each token's postings
 * joined as it is written; with c, the cache is told what they are.
 * Returns the bits, the shard hashes in *hash (new, the caller's).
 */
static int
write_shards(struct tokens *t, size_t nt, struct search_cache *c,
    const struct search_doc *docs, size_t ndocs, struct outfile **files,
    size_t *nfiles, uint64_t **hash)
{
	struct search_entry *v;
	struct joined j;
	uint32_t *parts;
	size_t	 i, n;
	int	 bits;

	parts = tab_join(t, nt);
	n = t[0].n;
	v = xcalloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].hash = t[0].v[i].hash;
		v[i].s = t[0].arena.ptr + t[0].v[i].off;
		v[i].len = t[0].v[i].len;
		v[i].plen = joined_len(t, nt, parts, i);
		v[i].tok = (uint32_t)i;
	}
	bits = search_bits(v, n);
	search_order(v, n, bits);
	*hash = xcalloc((size_t)1 << bits, sizeof(**hash));
	j.t = t;
	j.nt = nt;
	j.parts = parts;
	search_shards(v, n, bits, NULL, *hash, put_entry, &j, files, nfiles);
	if (c != NULL)
		search_cache_keep(c, docs, ndocs, bits, *hash);
	free(v);
	free(parts);
	return bits;
}

int
search_make(const struct search_doc *docs, size_t n, int threads,
    struct outfile **files, size_t *nfiles, struct buf *err)
{
	return search_make_cached(docs, n, threads, NULL, files, nfiles, err);
}

int
search_make_cached(const struct search_doc *docs, size_t n, int threads,
    struct search_cache *c, struct outfile **files, size_t *nfiles,
    struct buf *err)
{
	struct tokens *t;
	pthread_t *tid;
	uint64_t *hash;
	size_t	 i, nt, chunk;
	int	 ok = 1, bits;

	*files = NULL;
	*nfiles = 0;
	nt = threads > 1 ? (size_t)threads : 1;
	if (nt > THREADS_MAX)
		nt = THREADS_MAX;
	if (nt > n / DOCS_PER_THREAD)
		nt = n / DOCS_PER_THREAD ? n / DOCS_PER_THREAD : 1;
	t = xcalloc(nt, sizeof(*t));
	tid = xcalloc(nt, sizeof(*tid));
	for (i = 0; i < nt; i++) {
		t[i].docs = docs;
		t[i].from = n * i / nt;
		t[i].to = n * (i + 1) / nt;
	}
	for (i = 1; i < nt; i++)
		if ((errno = pthread_create(&tid[i], NULL, tab_run, &t[i])) != 0)
			fatal("pthread_create: %s", util_strerror(errno));
	tab_run(&t[0]);
	for (i = 1; i < nt; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < nt && ok; i++)
		if (!t[i].ok) {
			buf_puts(err, t[i].err.ptr);
			ok = 0;
		}
	if (ok) {
		chunk = search_docs(docs, n, files, nfiles);
		bits = write_shards(t, nt, c, docs, n, files, nfiles, &hash);
		search_meta(n, chunk, bits, hash, files, nfiles);
		free(hash);
	}
	for (i = 0; i < nt; i++)
		tab_free(&t[i]);
	free(t);
	free(tid);
	return ok;
}

/*
 * Whether site.lua asks for the search index (search = true).  Returns 1,
 * or 0 with a message in err when search is not a boolean.
 */
static int
wanted(const struct site *s, int *on, struct buf *err)
{
	lua_State *L = s->L;
	int	 top = lua_gettop(L), ok = 1, t;

	*on = 0;
	/* raw reads: no script code may run outside its time limit */
	sandbox_getglobal(L, "site");
	if (sandbox_rawfield(L, -1, "config") == LUA_TTABLE) {
		t = sandbox_rawfield(L, -1, "search");
		if (t == LUA_TBOOLEAN)
			*on = lua_toboolean(L, -1);
		else if (t != LUA_TNIL) {
			buf_printf(err, "%sscripts/site.lua: 配置项 search 应当"
			    "是 true（生成全文搜索的索引 search/）或 false",
			    s->root);
			ok = 0;
		}
	}
	lua_settop(L, top);
	return ok;
}

/*
 * Sets d to searchable page p of s, its body the text of p rendered by
 * its template into text (which d then points to).  Code that runs longer
 * than the site's timeout ends the process with a message, as in the
 * build function.  Returns 1, or 0 with the template's error in err.
 */
static int
data_doc(struct site *s, struct page *p, struct search_doc *d,
    struct buf *text, struct buf *err)
{
	lua_State *L = s->L;
	struct buf html = BUF_INIT, msg = BUF_INIT;
	int	 ok;

	buf_printf(&msg, "%s: 为全文搜索生成 %s 时运行超过了 %ld 秒，已停止："
	    "请检查模板 %s，或在 site.lua 里把 timeout 调大", p->tmpl, p->url,
	    s->timeout, p->tmpl);
	/* the index is made again each build from the text itself: what the
	 * template reads is no job's */
	incr_rec_begin();
	ltmpl_newenv(L);
	lsite_push_page(L, p);
	lua_setfield(L, -2, "page");
	sandbox_alarm((int)s->timeout, msg.ptr);
	ok = ltmpl_render(L, p->tmpl, &html, err);
	sandbox_alarm_off();
	incr_rec_drop();
	if (ok)
		search_html_text(html.ptr, html.len, text);
	else
		buf_printf(err, "（正在为全文搜索生成 %s）", p->url);
	d->url = p->url;
	d->title = p->title;
	d->summary = p->summary;
	d->body = text->ptr;
	d->bodylen = text->len;
	d->plain = 1;
	buf_free(&html);
	buf_free(&msg);
	return ok;
}

/* The fingerprint of doc d as the index sees it (search_doc.fp). */
static uint64_t
doc_fp(const struct search_doc *d, uint64_t body)
{
	uint64_t h = HASH_INIT;

	h = hash_str(h, d->url);
	h = hash_str(h, d->title);
	h = hash_str(h, d->summary);
	h = hash_u64(h, (uint64_t)d->plain);
	return hash_u64(h, body);
}

int
search_site(struct site *s, int threads, struct search_cache *c,
    struct buf *err)
{
	struct search_doc *docs;
	struct outfile *files;
	struct page *p;
	struct buf *texts;
	size_t	 i, n, ntexts = 0, nfiles;
	int	 on, ok = 1, r;

	if (!wanted(s, &on, err))
		return 0;
	if (!on)
		return 1;
	for (i = 0; i < s->nall; i++)
		ntexts += s->all[i]->kind == PK_DATA && s->all[i]->searchable;
	docs = xcalloc(s->npages + ntexts + 1, sizeof(*docs));
	texts = xcalloc(ntexts + 1, sizeof(*texts));
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		docs[i].url = p->url;
		docs[i].title = p->title;
		docs[i].summary = p->summary;
		docs[i].path = p->src;
		docs[i].off = p->body_off;
		docs[i].fp = doc_fp(&docs[i], hash_u64(hash_str(HASH_INIT,
		    p->src), p->body_hash));
	}
	for (i = 0, n = s->npages; i < s->nall && ok; i++) {
		p = s->all[i];
		if (p->kind == PK_DATA && p->searchable) {
			ok = data_doc(s, p, &docs[n], &texts[n - s->npages],
			    err);
			docs[n].fp = doc_fp(&docs[n], hash_add(HASH_INIT,
			    docs[n].body, docs[n].bodylen));
			n++;
		}
	}
	if (ok && (r = search_patch(c, docs, n, &files, &nfiles, err)) != 0)
		ok = r > 0;
	else if (ok)
		ok = search_make_cached(docs, n, threads, c, &files, &nfiles,
		    err);
	for (i = 0; i < ntexts; i++)
		buf_free(&texts[i]);
	free(texts);
	free(docs);
	if (!ok)
		return 0;
	s->files = xreallocarray(s->files, s->nfiles + nfiles,
	    sizeof(*s->files));
	memcpy(s->files + s->nfiles, files, nfiles * sizeof(*files));
	s->nfiles += nfiles;
	free(files);
	return 1;
}
