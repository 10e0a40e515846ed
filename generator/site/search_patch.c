/*
 * The search index made from the last build's (see search.h,
 * search_cache_*).  The last index itself is the published one: its
 * shards are read back from the output folder.  The cache file says what
 * they are, in pack.h's encoding after its first line:
 *
 *	"shouhu-search 2\n"
 *	the program's fingerprint, the output folder's identity
 *	the bits; the pages: their number, each one's URL and fingerprint
 *	the hash of each shard file (a shard that is not what it was, say
 *	    edited by hand, makes a whole index)
 *	the hash of everything before it
 *
 * A build whose pages are the same URLs in the same order, at most
 * PATCH_MAX of them changed, takes the changed pages' entries out of
 * every token's postings, puts their new tokens in, and writes the shards
 * that changed; the rest of the index stays as published.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "lib/pack.h"
#include "lib/util.h"
#include "output/out.h"
#include "site/incr.h"
#include "site/search.h"
#include "site/search_impl.h"
#include "site/site.h"

#define MAGIC		"shouhu-search 2\n"
#define PATCH_MAX	64	/* more changed pages: a whole index */

struct cdoc {
	const char	*url;
	size_t		 len;
	uint64_t	 fp;
};

struct search_cache {
	char		*file;
	char		*outdir;
	struct buf	 old;		/* the cache file read */
	int		 loaded;	/* and it is this program's, of outdir */
	int		 bits;
	struct cdoc	*docs;
	size_t		 ndocs;
	struct search_entry *v;		/* in shard order (read_shards) */
	size_t		 n;
	struct buf	 shards;	/* the published shards read */
	uint64_t	*hash;		/* of each shard */
	struct buf	 next;		/* what search_cache_save writes */
};

/* Reads c->old; 0 if it is damaged. */
static int
load(struct search_cache *c)
{
	struct unpack	 u;
	struct buf	 id = BUF_INIT;
	char		*was;
	uint64_t	 h;
	size_t		 i, nshards;
	int		 same;

	if (c->old.len < sizeof(MAGIC) - 1 + 8 ||
	    memcmp(c->old.ptr, MAGIC, sizeof(MAGIC) - 1) != 0)
		return 0;
	h = hash_add(HASH_INIT, c->old.ptr, c->old.len - 8);
	if (memcmp(&h, c->old.ptr + c->old.len - 8, 8) != 0)
		return 0;
	unpack_init(&u, c->old.ptr + sizeof(MAGIC) - 1,
	    c->old.len - (sizeof(MAGIC) - 1) - 8);
	if (unpack_u64(&u) != incr_program())
		return 0;
	was = unpack_str(&u);
	out_ident(&id, c->outdir);
	same = was != NULL && id.len > 0 && strcmp(was, id.ptr) == 0;
	free(was);
	buf_free(&id);
	if (!same)
		return 0;
	c->bits = (int)unpack_max(&u, 16);
	c->ndocs = (size_t)unpack_max(&u, (uint64_t)(u.end - u.p));
	c->docs = xcalloc(c->ndocs + 1, sizeof(*c->docs));
	for (i = 0; i < c->ndocs && !u.bad; i++) {
		c->docs[i].url = unpack_mem(&u, &c->docs[i].len);
		c->docs[i].fp = unpack_u64(&u);
	}
	nshards = (size_t)1 << c->bits;
	c->hash = xcalloc(nshards, sizeof(*c->hash));
	for (i = 0; i < nshards; i++)
		c->hash[i] = unpack_u64(&u);
	return !u.bad && u.p == u.end;
}

struct search_cache *
search_cache_open(const char *file, const char *outdir, int reuse)
{
	struct search_cache *c;

	c = xcalloc(1, sizeof(*c));
	c->file = xstrdup(file);
	c->outdir = xstrdup(outdir);
	buf_init(&c->old);
	buf_init(&c->next);
	buf_init(&c->shards);
	if (reuse && files_read(&c->old, file))
		c->loaded = load(c);
	return c;
}

void
search_cache_forget(struct search_cache *c)
{
	if (c != NULL)
		(void)unlink(c->file);
}

void
search_cache_keep(struct search_cache *c, const struct search_doc *docs,
    size_t ndocs, int bits, const uint64_t *hash)
{
	size_t	 i;

	buf_clear(&c->next);
	buf_puts(&c->next, MAGIC);
	pack_u64(&c->next, incr_program());
	pack_str(&c->next, "");		/* the identity: search_cache_save */
	pack_u64(&c->next, (uint64_t)bits);
	pack_u64(&c->next, ndocs);
	for (i = 0; i < ndocs; i++) {
		pack_mem(&c->next, docs[i].url, docs[i].url != NULL ?
		    strlen(docs[i].url) : 0);
		pack_u64(&c->next, docs[i].fp);
	}
	for (i = 0; i < ((size_t)1 << bits); i++)
		pack_u64(&c->next, hash[i]);
}

void
search_cache_save(struct search_cache *c)
{
	struct buf	 b = BUF_INIT, id = BUF_INIT;
	struct unpack	 u;
	const char	*rest;
	uint64_t	 h;

	if (c == NULL || c->next.len == 0)
		return;
	out_ident(&id, c->outdir);
	if (id.len == 0)
		goto out;
	/* the identity goes where search_cache_keep left it empty */
	unpack_init(&u, c->next.ptr + sizeof(MAGIC) - 1,
	    c->next.len - (sizeof(MAGIC) - 1));
	(void)unpack_u64(&u);
	(void)unpack_u64(&u);		/* "": its length + 1 */
	rest = u.p;
	buf_put(&b, c->next.ptr, (size_t)(rest - 1 - c->next.ptr));
	pack_str(&b, id.ptr);
	buf_put(&b, rest, (size_t)(c->next.ptr + c->next.len - rest));
	h = hash_add(HASH_INIT, b.ptr, b.len);
	buf_put(&b, &h, sizeof(h));
	(void)files_write_cache(c->file, b.ptr, b.len);
out:
	buf_free(&b);
	buf_free(&id);
}

void
search_cache_free(struct search_cache *c)
{
	if (c == NULL)
		return;
	free(c->docs);
	free(c->v);
	free(c->hash);
	buf_free(&c->shards);
	buf_free(&c->old);
	buf_free(&c->next);
	free(c->file);
	free(c->outdir);
	free(c);
}

/* Orders entries by shard, then bytes (as the shards hold them). */
static int
cmp_entry(const struct search_entry *p, const struct search_entry *q)
{
	int	 r;

	if (p->shard != q->shard)
		return p->shard < q->shard ? -1 : 1;
	if ((r = memcmp(p->s, q->s, p->len < q->len ? p->len : q->len)) != 0)
		return r;
	return p->len < q->len ? -1 : p->len > q->len;
}

/* A new token of a changed page: the page and the weight letter. */
struct ntok {
	struct search_entry e;
	uint32_t	 doc;
	char		 w;
};

static int
cmp_ntok(const void *a, const void *b)
{
	const struct ntok *p = a, *q = b;
	int	 r;

	if ((r = cmp_entry(&p->e, &q->e)) != 0)
		return r;
	return p->doc < q->doc ? -1 : p->doc > q->doc;
}

/* Appends page doc with weight w to postings out; *prev: 1 + the last. */
static void
put_entry(struct buf *out, uint32_t doc, char w, uint32_t *prev)
{
	buf_grow(out, SEARCH_POST_MAX);
	out->len += search_post_put(out->ptr + out->len, doc - *prev, w);
	*prev = doc + 1;
}

/*
 * Whether the postings post[0..plen) hold a page marked in gone (pages
 * below ngone; none past last): read only as far as last.
 */
static int
has_gone(const char *post, size_t plen, const unsigned char *gone,
    size_t ngone, uint32_t last)
{
	uint32_t v, doc = 0;
	size_t	 i = 0;
	int	 first = 1;

	while (i < plen) {
		i += search_post_get(post + i, plen - i, &v);
		doc = first ? v : doc + 1 + v;
		first = 0;
		if (doc > last)
			return 0;
		if (doc < ngone && gone[doc])
			return 1;
		i++;		/* the weight */
	}
	return 0;
}

/*
 * Appends to out the postings post[0..plen) without the pages marked in
 * gone (pages below ngone), with the pages add[0..nadd) (in page order,
 * none of them in post but for gone ones) put in.  Returns 1 if they are
 * not the same postings.
 */
static int
repost(struct buf *out, const char *post, size_t plen,
    const unsigned char *gone, size_t ngone, const struct ntok *add,
    size_t nadd)
{
	uint32_t v, doc = 0, prev = 0;
	size_t	 i = 0, k = 0, start = out->len;
	int	 have = 0, first = 1;
	char	 w = 0;

	for (;;) {
		while (!have && i < plen) {
			i += search_post_get(post + i, plen - i, &v);
			doc = first ? v : doc + 1 + v;
			first = 0;
			w = i < plen ? post[i++] : 'a';
			have = !(doc < ngone && gone[doc]);
		}
		if (have && (k == nadd || doc < add[k].doc)) {
			put_entry(out, doc, w, &prev);
			have = 0;
		} else if (k < nadd) {
			put_entry(out, add[k].doc, add[k].w, &prev);
			k++;
		} else
			break;
	}
	return out->len - start != plen ||
	    memcmp(out->ptr + start, post, plen) != 0;
}

/*
 * The tokens of the changed pages (gone[i] set) of docs, in *nt (new,
 * the caller's, with their bytes in arenas[], one per changed page),
 * ordered by shard (of bits), bytes and page.  Returns the number, or
 * (size_t)-1 with a message in err.
 */
static size_t
changed_tokens(const struct search_doc *docs, size_t n,
    const unsigned char *gone, int bits, struct ntok **nt, struct buf *arenas,
    struct buf *err)
{
	struct search_entry *v;
	size_t	 i, k, m, total = 0, a = 0;

	*nt = NULL;
	for (i = 0; i < n; i++) {
		if (!gone[i])
			continue;
		if (!search_doc_tokens(&docs[i], &v, &m, &arenas[a++], err))
			return (size_t)-1;
		*nt = xreallocarray(*nt, total + m + 1, sizeof(**nt));
		for (k = 0; k < m; k++) {
			(*nt)[total + k].e = v[k];
			(*nt)[total + k].e.shard = bits ? v[k].hash >> (32 - bits) :
			    0;
			(*nt)[total + k].doc = (uint32_t)i;
			(*nt)[total + k].w = v[k].post[0];
		}
		total += m;
		free(v);
	}
	if (total > 1)
		qsort(*nt, total, sizeof(**nt), cmp_ntok);
	return total;
}

/* Whether shard file k of c's output is there to be kept. */
static int
shard_there(const struct search_cache *c, uint32_t k)
{
	struct buf	 path = BUF_INIT;
	struct stat	 st;
	int		 ok;

	buf_printf(&path, "%s/" SEARCH_DIR "s/%0*x.json", c->outdir,
	    c->bits ? (c->bits + 3) / 4 : 1, k);
	ok = stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&path);
	return ok;
}

/*
 * Reads the published shards back into c->v (pointing into c->shards):
 * each must be the file the cache's hash says, each a JSON object of
 * "token":"postings" (neither has a quote or a backslash).  Returns 1, or
 * 0 if one is missing, changed or not so.
 */
static int
read_shards(struct search_cache *c)
{
	struct buf	 path = BUF_INIT, one = BUF_INIT;
	size_t		*start, nshards = (size_t)1 << c->bits, k, cap = 0;
	const char	*p, *e, *q;
	int		 ok = 0;

	start = xcalloc(nshards + 1, sizeof(*start));
	for (k = 0; k < nshards; k++) {
		buf_clear(&path);
		buf_printf(&path, "%s/" SEARCH_DIR "s/%0*x.json", c->outdir,
		    c->bits ? (c->bits + 3) / 4 : 1, (unsigned)k);
		if (!files_read(&one, path.ptr) ||
		    search_file_hash(one.ptr, one.len) != c->hash[k])
			goto out;
		start[k] = c->shards.len;
		buf_put(&c->shards, one.ptr, one.len);
	}
	start[nshards] = c->shards.len;
	for (k = 0; k < nshards; k++) {
		p = c->shards.ptr + start[k];
		e = c->shards.ptr + start[k + 1];
		if (e - p < 3 || *p++ != '{' || e[-1] != '\n' || e[-2] != '}')
			goto out;
		e -= 2;
		while (p < e) {
			if (c->n == cap) {
				cap = cap ? cap * 2 : 4096;
				c->v = xreallocarray(c->v, cap, sizeof(*c->v));
			}
			/* "token":"postings" */
			if (*p++ != '"' || (q = memchr(p, '"', (size_t)(e - p))) ==
			    NULL || q == p || e - q < 4 || memcmp(q, "\":\"", 3) != 0)
				goto out;
			c->v[c->n].s = p;
			c->v[c->n].len = (uint32_t)(q - p);
			p = q + 3;
			if ((q = memchr(p, '"', (size_t)(e - p))) == NULL || q == p)
				goto out;
			c->v[c->n].post = p;
			c->v[c->n].plen = (uint32_t)(q - p);
			c->v[c->n].hash = search_hash(c->v[c->n].s, c->v[c->n].len);
			c->v[c->n].shard = (uint32_t)k;
			if (c->bits > 0 && c->v[c->n].hash >> (32 - c->bits) != k)
				goto out;
			c->n++;
			p = q + 1;
			if (p < e && *p++ != ',')
				goto out;
		}
	}
	ok = 1;
out:
	free(start);
	buf_free(&path);
	buf_free(&one);
	return ok;
}

int
search_patch(struct search_cache *c, const struct search_doc *docs, size_t n,
    struct outfile **files, size_t *nfiles, struct buf *err)
{
	struct search_entry *v = NULL;
	struct ntok	*nt = NULL;
	struct buf	 posts = BUF_INIT, arenas[PATCH_MAX];
	unsigned char	*gone, *changed = NULL, *fresh = NULL;
	uint64_t	*hash = NULL;
	size_t		 i, j, k, nn = 0, nnt = 0, ngone = 0, *off = NULL;
	size_t		 nshards, chunk;
	uint32_t	 lastgone = 0;
	int		 rc = 0, cmp;

	*files = NULL;
	*nfiles = 0;
	if (c == NULL || !c->loaded || c->ndocs != n)
		return 0;
	for (i = 0; i < PATCH_MAX; i++)
		buf_init(&arenas[i]);
	gone = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++) {
		if (docs[i].url == NULL || strlen(docs[i].url) !=
		    c->docs[i].len || memcmp(docs[i].url, c->docs[i].url,
		    c->docs[i].len) != 0)
			goto out;
		if (docs[i].fp != c->docs[i].fp) {
			gone[i] = 1;
			if (++ngone > PATCH_MAX)
				goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (gone[i])
			lastgone = (uint32_t)i;
	if (!read_shards(c))
		goto out;
	if ((nnt = changed_tokens(docs, n, gone, c->bits, &nt, arenas,
	    err)) == (size_t)-1) {
		rc = -1;
		goto out;
	}
	nshards = (size_t)1 << c->bits;
	changed = xcalloc(nshards, 1);
	v = xcalloc(c->n + nnt + 1, sizeof(*v));
	off = xcalloc(c->n + nnt + 1, sizeof(*off));
	fresh = xcalloc(c->n + nnt + 1, 1);
	for (i = j = 0; i < c->n || j < nnt; ) {
		if (i < c->n && j < nnt)
			cmp = cmp_entry(&c->v[i], &nt[j].e);
		else
			cmp = i < c->n ? -1 : 1;
		/* the new pages' entries of this token: nt[j..k) */
		for (k = j; cmp >= 0 && k < nnt && cmp_entry(&nt[k].e,
		    &nt[j].e) == 0; k++)
			;
		v[nn] = cmp <= 0 ? c->v[i] : nt[j].e;
		off[nn] = posts.len;
		fresh[nn] = 0;	/* a token that went may have left it set */
		/* a token no changed page had or has keeps its postings */
		if ((cmp < 0 && (ngone == 0 || !has_gone(c->v[i].post,
		    c->v[i].plen, gone, n, lastgone))) ||
		    !repost(&posts, cmp <= 0 ? c->v[i].post : "",
		    cmp <= 0 ? c->v[i].plen : 0, gone, n,
		    cmp >= 0 ? nt + j : NULL, cmp >= 0 ? k - j : 0)) {
			/* the same postings: the old ones */
			posts.len = off[nn];
			nn++;
		} else {
			changed[v[nn].shard] = 1;
			v[nn].plen = (uint32_t)(posts.len - off[nn]);
			fresh[nn] = 1;
			if (v[nn].plen > 0)	/* no pages left: it goes */
				nn++;
		}
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j = k;
	}
	for (i = 0; i < nn; i++)
		if (fresh[i])
			v[i].post = posts.ptr + off[i];
	if (search_bits(v, nn) != c->bits)
		goto out;
	for (k = 0; k < nshards; k++)
		if (!changed[k] && !shard_there(c, (uint32_t)k))
			goto out;
	hash = xcalloc(nshards, sizeof(*hash));
	memcpy(hash, c->hash, nshards * sizeof(*hash));
	chunk = search_docs(docs, n, files, nfiles);
	search_shards(v, nn, c->bits, changed, hash, NULL, NULL, files,
	    nfiles);
	search_meta(n, chunk, c->bits, hash, files, nfiles);
	search_cache_keep(c, docs, n, c->bits, hash);
	rc = 1;
out:
	for (i = 0; i < PATCH_MAX; i++)
		buf_free(&arenas[i]);
	free(gone);
	free(changed);
	free(fresh);
	free(off);
	free(nt);
	free(v);
	free(hash);
	buf_free(&posts);
	return rc;
}
