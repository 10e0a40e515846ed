/*
 * The cache of incremental builds (see incr.h).  The file, in pack.h's
 * encoding after its first line:
 *
 *	"shouhu-incr 1\n"
 *	fp, the output folder's identity, now
 *	the pages: their number; each one's key and INCR_NWHAT hashes
 *	the hashes of site.pages, site.sections, site.all_sections
 *	what was read outside jobs: flags, parts (page index << INCR_SHIFT |
 *	    what)
 *	the jobs: their number; each one's output file, flags, parts
 *	the program's fingerprint, then the parsed content files: their
 *	    number; each one's file, size, times, inode, summary length,
 *	    front matter, body offset and line, summary, body hash, links
 *	the hash of everything before it
 *
 * A page's key is its kind and output folder ("0:fangpian/x/"), the same
 * from one build to the next.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lua.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "lib/pack.h"
#include "lib/util.h"
#include "output/out.h"
#include "site/fmatter.h"
#include "site/incr.h"
#include "site/incr_impl.h"
#include "site/links.h"
#include "site/lsite.h"
#include "site/render.h"
#include "site/site.h"




static uint64_t
mix_stat(uint64_t h, const char *name, const struct stat *st)
{
	h = hash_str(h, name);
	h = hash_u64(h, (uint64_t)st->st_size);
	h = hash_u64(h, (uint64_t)st->st_mtim.tv_sec);
	h = hash_u64(h, (uint64_t)st->st_mtim.tv_nsec);
	h = hash_u64(h, (uint64_t)st->st_ctim.tv_sec);
	h = hash_u64(h, (uint64_t)st->st_ctim.tv_nsec);
	h = hash_u64(h, (uint64_t)st->st_ino);
	return hash_u64(h, (uint64_t)st->st_mode);
}


/* The fingerprint of the shouhu program itself. */
uint64_t
incr_program(void)
{
	struct stat	 st;

	if (stat("/proc/self/exe", &st) == -1)
		return 0;
	return mix_stat(hash_str(HASH_INIT, "exe"), "exe", &st);
}


/* Reads the parts of packed deps into d (page indices below npages). */
static int
read_deps(struct unpack *u, struct incr_deps *d, size_t npages)
{
	size_t	 i, n;

	d->flags = (unsigned)unpack_max(u, INCR_FLAGS);
	n = (size_t)unpack_max(u, (uint64_t)(u->end - u->p));
	d->v = xcalloc(n ? n : 1, sizeof(*d->v));
	d->n = n;
	for (i = 0; i < n && !u->bad; i++) {
		d->v[i] = (uint32_t)unpack_max(u, UINT32_MAX);
		if ((d->v[i] >> INCR_SHIFT) >= npages ||
		    (d->v[i] & INCR_MASK) >= INCR_NWHAT)
			u->bad = 1;
	}
	return !u->bad;
}


/* Reads the old cache in c->data; 0 if it is damaged (c is then reset). */
static int
load(struct incr *c)
{
	struct unpack	 u;
	struct parsed	*e;
	const char	*s, *start;
	size_t		 i, k, n, len;
	uint64_t	 fp, h;
	char		*src;

	if (c->data.len < sizeof(MAGIC) - 1 + 8 ||
	    memcmp(c->data.ptr, MAGIC, sizeof(MAGIC) - 1) != 0)
		return 0;
	h = hash_add(HASH_INIT, c->data.ptr, c->data.len - 8);
	if (memcmp(&h, c->data.ptr + c->data.len - 8, 8) != 0)
		return 0;
	unpack_init(&u, c->data.ptr + sizeof(MAGIC) - 1,
	    c->data.len - (sizeof(MAGIC) - 1) - 8);
	fp = unpack_u64(&u);
	c->ident = unpack_str(&u);
	c->now = (int64_t)unpack_u64(&u);
	c->npages = (size_t)unpack_max(&u, (uint64_t)(u.end - u.p));
	c->keys = xcalloc(c->npages + 1, sizeof(*c->keys));
	c->hash = xcalloc(c->npages + 1, sizeof(*c->hash));
	for (i = 0; i < c->npages && !u.bad; i++) {
		c->keys[i] = unpack_str(&u);
		for (k = 0; k < INCR_NWHAT; k++)
			c->hash[i][k] = unpack_u64(&u);
	}
	for (k = 0; k < NSITE; k++)
		c->site[k] = unpack_u64(&u);
	if (u.bad || !read_deps(&u, &c->outside, c->npages))
		return 0;
	c->njobs = (size_t)unpack_max(&u, (uint64_t)(u.end - u.p));
	c->jobs = xcalloc(c->njobs + 1, sizeof(*c->jobs));
	for (i = 0; i < c->njobs && !u.bad; i++) {
		c->jobs[i].path = unpack_mem(&u, &c->jobs[i].pathlen);
		c->jobs[i].flags = (unsigned)unpack_max(&u, INCR_FLAGS);
		c->jobs[i].ndeps = (size_t)unpack_max(&u,
		    (uint64_t)(u.end - u.p));
		c->jobs[i].deps = u.p;
		for (k = 0; k < c->jobs[i].ndeps; k++)
			if ((unpack_u64(&u) >> INCR_SHIFT) >= c->npages)
				u.bad = 1;
	}
	c->exe = unpack_u64(&u);
	n = (size_t)unpack_max(&u, (uint64_t)(u.end - u.p));
	for (i = 0; i < n && !u.bad; i++) {
		start = u.p;
		if ((src = unpack_str(&u)) == NULL)
			break;
		e = incr_parse_add(c, src);
		free(src);
		for (k = 0; k < 7; k++)
			e->st[k] = unpack_u64(&u);
		s = unpack_mem(&u, &len);	/* the rest, for find */
		(void)s;
		e->raw = start;
		e->rawlen = (size_t)(u.p - start);
	}
	if (u.bad || u.p != u.end)
		return 0;
	c->valid = fp == c->fp && c->fp != 0;
	return 1;
}

/* Forgets the old cache (damaged, or of another program). */
static void
reset(struct incr *c)
{
	size_t	 i;

	for (i = 0; i < c->npages; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->hash);
	free(c->jobs);
	free(c->ident);
	incr_deps_free(&c->outside);
	for (i = 0; i < c->nparse; i++) {
		free(c->parse[i].src);
		buf_free(&c->parse[i].packed);
	}
	c->nparse = 0;
	c->keys = NULL;
	c->hash = NULL;
	c->jobs = NULL;
	c->ident = NULL;
	c->npages = c->njobs = 0;
	c->valid = 0;
}

struct incr *
incr_open(const char *file, uint64_t fp)
{
	struct incr	*c;
	const char	**k;
	size_t		 i;

	c = xcalloc(1, sizeof(*c));
	c->file = xstrdup(file);
	c->fp = fp;
	buf_init(&c->data);
	if (!files_read(&c->data, file) || !load(c))
		reset(c);
	if (c->exe != incr_program())
		for (i = 0; i < c->nparse; i++)
			c->parse[i].raw = NULL;
	k = xcalloc(c->njobs + 1, sizeof(*k));
	for (i = 0; i < c->njobs; i++)
		k[i] = xstrndup(c->jobs[i].path, c->jobs[i].pathlen);
	incr_map_build(&c->jobmap, k, c->njobs);
	k = xcalloc(c->nparse + 1, sizeof(*k));
	for (i = 0; i < c->nparse; i++)
		k[i] = c->parse[i].src;
	incr_map_build(&c->parsemap, k, c->nparse);
	c->exe = incr_program();
	return c;
}

void
incr_free(struct incr *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->njobs; i++)
		free((char *)c->jobmap.key[i]);
	free(c->jobmap.key);
	free(c->jobmap.slot);
	free(c->parsemap.key);
	free(c->parsemap.slot);
	reset(c);
	free(c->parse);
	for (i = 0; i < c->nnew; i++)
		free(c->nkeys[i]);
	free(c->nkeys);
	free(c->nhash);
	free(c->old2new);
	buf_free(&c->data);
	free(c->file);
	free(c);
}





/* The key of p, the same from one build to the next. */
static char *
page_key(const struct page *p)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%d:%s", (int)p->kind, p->path ? p->path :
	    p->src ? p->src : "");
	return buf_detach(&b);
}

static uint64_t
hash_page_ref(uint64_t h, const struct page *p, char **keys)
{
	return hash_str(h, p != NULL ? keys[p->id] : "-");
}

static uint64_t
hash_list(uint64_t h, struct page **v, size_t n, char **keys)
{
	size_t	 i;

	h = hash_u64(h, n);
	for (i = 0; i < n; i++)
		h = hash_page_ref(h, v[i], keys);
	return h;
}

/*
 * The fingerprint of p's body as the page shows it: its bytes, and the
 * URLs its relative links and pictures are published at (links.h), which
 * change with the pages and files they point at.  b is scratch.
 */
static uint64_t
hash_body(const struct site *s, const struct page *p, struct buf *b)
{
	struct links_at	 at = { s, p };
	uint64_t	 h;
	size_t		 i;

	h = hash_u64(hash_str(HASH_INIT, p->src), p->body_hash);
	for (i = 0; i < p->nlinks; i++) {
		buf_clear(b);
		if (!links_rewrite(&at, p->links[i].url, b))
			buf_putc(b, '-');
		h = hash_str(hash_str(h, p->links[i].url), b->ptr);
	}
	return h;
}

/* Fingerprints every part of every page of s, and the site's lists. */
static void
hash_pages(struct incr *c, struct site *s)
{
	struct buf	 fm = BUF_INIT;
	struct page	*p;
	uint64_t	 h;
	size_t		 i, k;

	c->nnew = s->nall;
	c->nkeys = xcalloc(s->nall + 1, sizeof(*c->nkeys));
	c->nhash = xcalloc(s->nall + 1, sizeof(*c->nhash));
	for (i = 0; i < s->nall; i++)
		c->nkeys[i] = page_key(s->all[i]);
	for (i = 0; i < s->nall; i++) {
		p = s->all[i];
		assert(p->id == i);
		c->nhash[i][INCR_TITLE] = hash_str(HASH_INIT, p->title);
		h = hash_u64(HASH_INIT, (uint64_t)p->kind);
		h = hash_str(h, p->src);
		h = hash_str(h, p->dir);
		h = hash_str(h, p->path);
		h = hash_str(h, p->url);
		h = hash_str(h, p->slug);
		h = hash_str(h, p->section);
		h = hash_str(h, p->layout);
		h = hash_str(h, p->tmpl);
		h = hash_u64(h, (uint64_t)p->tax);
		h = hash_u64(h, (uint64_t)(p->hidden != 0));
		h = hash_u64(h, p->naliases);
		for (k = 0; k < p->naliases; k++)
			h = hash_str(h, p->aliases[k]);
		c->nhash[i][INCR_PLACE] = h;
		h = hash_u64(HASH_INIT, (uint64_t)p->date);
		h = hash_u64(h, (uint64_t)p->lastmod);
		h = hash_u64(h, (uint64_t)p->has_date << 1 |
		    (uint64_t)(p->draft != 0));
		c->nhash[i][INCR_DATE] = hash_u64(h, (uint64_t)p->weight);
		/* the parse cache knows it for a content file */
		if ((h = p->fm_hash) == 0) {
			buf_clear(&fm);
			fmatter_pack(&fm, p->fm);
			h = hash_add(HASH_INIT, fm.ptr, fm.len);
		}
		if (p->kind == PK_DATA)
			h = hash_u64(h, lsite_data_hash(s->L, p));
		c->nhash[i][INCR_PARAMS] = h;
		h = hash_page_ref(HASH_INIT, p->parent, c->nkeys);
		h = hash_page_ref(h, p->prev, c->nkeys);
		h = hash_page_ref(h, p->next, c->nkeys);
		h = hash_u64(h, p->nterms);
		for (k = 0; k < p->nterms; k++) {
			h = hash_u64(h, p->terms[k].tax);
			h = hash_page_ref(h, p->terms[k].term, c->nkeys);
		}
		c->nhash[i][INCR_LINKS] = h;
		c->nhash[i][INCR_SUMMARY] = hash_str(HASH_INIT, p->summary);
		c->nhash[i][INCR_BODY] = hash_body(s, p, &fm);
		c->nhash[i][INCR_PAGES] = hash_list(hash_u64(HASH_INIT,
		    (uint64_t)p->npagers), p->pages, p->npages, c->nkeys);
		c->nhash[i][INCR_SECTIONS] = hash_list(HASH_INIT, p->sections,
		    p->nsections, c->nkeys);
	}
	c->nsite[0] = hash_list(HASH_INIT, s->pages, s->npages, c->nkeys);
	c->nsite[1] = hash_list(HASH_INIT, s->home->sections,
	    s->home->nsections, c->nkeys);
	c->nsite[2] = hash_list(HASH_INIT, s->sections, s->nsections, c->nkeys);
	buf_free(&fm);
	/* old page index -> new id */
	{
		struct map	 m = { NULL, 0, NULL };

		incr_map_build(&m, (const char **)c->nkeys, c->nnew);
		c->old2new = xcalloc(c->npages + 1, sizeof(*c->old2new));
		for (i = 0; i < c->npages; i++)
			c->old2new[i] = c->keys[i] ? incr_map_get(&m, c->keys[i]) : 0;
		free(m.slot);
	}
}

void
incr_hash(struct incr *c, struct site *s)
{
	if (c->nhash == NULL)
		hash_pages(c, s);
}

void
incr_forget(struct incr *c)
{
	(void)unlink(c->file);
}

/* Whether the site lists flags names are as they were. */
static int
site_same(const struct incr *c, unsigned flags)
{
	return (!(flags & INCR_SITE_PAGES) || c->site[0] == c->nsite[0]) &&
	    (!(flags & INCR_SITE_SECTIONS) || c->site[1] == c->nsite[1]) &&
	    (!(flags & INCR_SITE_ALL) || c->site[2] == c->nsite[2]);
}

/* Whether the old part dep (old index << INCR_SHIFT | what) is as it was. */
static int
part_same(const struct incr *c, uint64_t dep)
{
	size_t	 old = (size_t)(dep >> INCR_SHIFT), nid;
	size_t	 what = (size_t)(dep & INCR_MASK);

	if (old >= c->npages || what >= INCR_NWHAT ||
	    (nid = c->old2new[old]) == 0)
		return 0;
	return c->hash[old][what] == c->nhash[nid - 1][what];
}

/* Whether the old job at index i may be kept (its parts unchanged). */
static int
job_clean(const struct incr *c, size_t i, int64_t now)
{
	const struct oldjob *j = &c->jobs[i];
	struct unpack	 u;
	size_t		 k;

	if (j->flags & INCR_ALWAYS)
		return 0;
	if ((j->flags & INCR_CLOCK) && now != c->now)
		return 0;
	if (!site_same(c, j->flags))
		return 0;
	unpack_init(&u, j->deps, (size_t)(c->data.ptr + c->data.len -
	    j->deps));
	for (k = 0; k < j->ndeps; k++)
		if (!part_same(c, unpack_u64(&u)))
			return 0;
	return 1;
}

size_t
incr_dirty(struct incr *c, struct site *s, const struct render *r,
    const char *out, unsigned char *dirty)
{
	struct buf	 path = BUF_INIT, id = BUF_INIT, file = BUF_INIT;
	struct stat	 st;
	size_t		 i, k, base, n = 0;
	int		 all;

	incr_hash(c, s);
	out_ident(&id, out);
	buf_printf(&file, "%s/", out);
	base = file.len;
	c->why = NULL;
	if (!c->valid)
		c->why = c->ident == NULL ? "no cache" : "scripts, layouts, "
		    "themes, options, ledger or program changed";
	else if (c->ident == NULL || strcmp(c->ident, id.ptr) != 0)
		c->why = "the output folder is not the one the cache knows";
	else if ((c->outside.flags & (INCR_ALWAYS | INCR_CLOCK)) ||
	    !site_same(c, c->outside.flags))
		c->why = "the build function read the clock or a changed list";
	for (i = 0; c->why == NULL && i < c->outside.n; i++)
		if (!part_same(c, c->outside.v[i]))
			c->why = "the build function read a changed page";
	all = c->why != NULL;
	for (i = 0; i < r->njobs; i++) {
		dirty[i] = 1;
		if (all)
			continue;
		buf_clear(&path);
		render_job_path(&r->jobs[i], &path);
		if ((k = incr_map_find(&c->jobmap, path.ptr, path.len)) == 0 ||
		    !job_clean(c, k - 1, s->now))
			continue;
		/*
		 * a file removed from the output by hand is made again (the
		 * publish, which keeps unchanged files by linking them from
		 * the output, would lose it)
		 */
		buf_truncate(&file, base);
		buf_put(&file, path.ptr, path.len);
		if (stat(file.ptr, &st) == 0)
			dirty[i] = 0;
	}
	for (i = 0; i < r->njobs; i++)
		n += dirty[i];
	buf_free(&path);
	buf_free(&id);
	buf_free(&file);
	return n;
}

const char *
incr_why(const struct incr *c)
{
	return c->why;
}

/* Packs deps d, whose parts are new page ids. */
static void
pack_deps(struct buf *b, const struct incr_deps *d)
{
	size_t	 i;

	pack_u64(b, d->flags);
	pack_u64(b, d->n);
	for (i = 0; i < d->n; i++)
		pack_u64(b, d->v[i]);
}

/* Packs the old job k's record with its parts as new page ids. */
static int
pack_oldjob(struct buf *b, const struct incr *c, size_t k)
{
	const struct oldjob *j = &c->jobs[k];
	struct unpack	 u;
	uint64_t	 dep;
	size_t		 i, nid;

	pack_u64(b, j->flags);
	pack_u64(b, j->ndeps);
	unpack_init(&u, j->deps, (size_t)(c->data.ptr + c->data.len -
	    j->deps));
	for (i = 0; i < j->ndeps; i++) {
		dep = unpack_u64(&u);
		if ((dep >> INCR_SHIFT) >= c->npages ||
		    (nid = c->old2new[dep >> INCR_SHIFT]) == 0)
			return 0;
		pack_u64(b, (uint64_t)(nid - 1) << INCR_SHIFT |
		    (dep & INCR_MASK));
	}
	return 1;
}

void
incr_save(struct incr *c, struct site *s, const struct render *r,
    const struct incr_deps *deps, const unsigned char *dirty,
    const struct incr_deps *outside, const char *out)
{
	struct buf	 b = BUF_INIT, id = BUF_INIT, path = BUF_INIT;
	size_t		 i, k, n;
	uint64_t	 h;
	char		*slash;

	if (c->nhash == NULL || c->fp == 0)
		goto out;
	out_ident(&id, out);
	if (id.len == 0)
		goto out;
	buf_puts(&b, MAGIC);
	pack_u64(&b, c->fp);
	pack_str(&b, id.ptr);
	pack_u64(&b, (uint64_t)s->now);
	pack_u64(&b, c->nnew);
	for (i = 0; i < c->nnew; i++) {
		pack_str(&b, c->nkeys[i]);
		for (k = 0; k < INCR_NWHAT; k++)
			pack_u64(&b, c->nhash[i][k]);
	}
	for (k = 0; k < NSITE; k++)
		pack_u64(&b, c->nsite[k]);
	pack_deps(&b, outside);
	pack_u64(&b, r->njobs);
	for (i = 0; i < r->njobs; i++) {
		buf_clear(&path);
		render_job_path(&r->jobs[i], &path);
		pack_mem(&b, path.ptr, path.len);
		if (dirty[i])
			pack_deps(&b, &deps[i]);
		else if ((k = incr_map_find(&c->jobmap, path.ptr, path.len)) == 0 ||
		    !pack_oldjob(&b, c, k - 1))
			goto out;
	}
	pack_u64(&b, c->exe);
	for (i = n = 0; i < c->nparse; i++)
		n += c->parse[i].used;
	pack_u64(&b, n);
	for (i = 0; i < c->nparse; i++) {
		if (!c->parse[i].used)
			continue;
		if (c->parse[i].raw != NULL)
			buf_put(&b, c->parse[i].raw, c->parse[i].rawlen);
		else
			buf_put(&b, c->parse[i].packed.ptr,
			    c->parse[i].packed.len);
	}
	h = hash_add(HASH_INIT, b.ptr, b.len);
	buf_put(&b, &h, sizeof(h));
	buf_clear(&path);
	buf_puts(&path, c->file);
	if ((slash = strrchr(path.ptr, '/')) != NULL) {
		*slash = '\0';
		mkdir(path.ptr, 0755);
	}
	(void)files_write_cache(c->file, b.ptr, b.len);
out:
	buf_free(&b);
	buf_free(&id);
	buf_free(&path);
}
