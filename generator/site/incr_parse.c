/*
 * The parse cache of content files (see incr.h): a file whose size,
 * times and inode are as they were is not read again; its front matter,
 * summary, body hash and links come from the last build.  Also the
 * string tables both halves of the cache use.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/hash.h"
#include "lib/pack.h"
#include "lib/util.h"
#include "site/fmatter.h"
#include "site/incr.h"
#include "site/incr_impl.h"
#include "site/links.h"

size_t
incr_map_find(const struct map *m, const char *k, size_t n)
{
	size_t	 i;

	if (m->slot == NULL)
		return 0;
	for (i = hash_add(HASH_INIT, k, n) & m->mask; m->slot[i] != 0;
	    i = (i + 1) & m->mask)
		if (strncmp(m->key[m->slot[i] - 1], k, n) == 0 &&
		    m->key[m->slot[i] - 1][n] == '\0')
			return m->slot[i];
	return 0;
}

void
incr_map_build(struct map *m, const char **keys, size_t n)
{
	size_t	 i, k, size = 16;

	while (size < n * 2)
		size *= 2;
	free(m->slot);
	m->slot = xcalloc(size, sizeof(*m->slot));
	m->mask = size - 1;
	m->key = keys;
	for (i = 0; i < n; i++) {
		if (keys[i] == NULL)
			continue;
		for (k = hash_add(HASH_INIT, keys[i], strlen(keys[i])) &
		    m->mask; m->slot[k] != 0;
		    k = (k + 1) & m->mask)
			;
		m->slot[k] = i + 1;
	}
}

size_t
incr_map_get(const struct map *m, const char *k)
{
	return incr_map_find(m, k, strlen(k));
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

struct parsed *
incr_parse_add(struct incr *c, const char *src)
{
	struct parsed	*e;

	if (c->nparse == c->capparse) {
		c->capparse = c->capparse ? c->capparse * 2 : 256;
		c->parse = xreallocarray(c->parse, c->capparse,
		    sizeof(*c->parse));
	}
	e = &c->parse[c->nparse++];
	memset(e, 0, sizeof(*e));
	e->src = xstrdup(src);
	buf_init(&e->packed);
	return e;
}

/* The stat numbers a parse is kept under. */
static void
parse_stat(uint64_t v[7], const struct stat *st, long summary_len)
{
	v[0] = (uint64_t)st->st_size;
	v[1] = (uint64_t)st->st_mtim.tv_sec;
	v[2] = (uint64_t)st->st_mtim.tv_nsec;
	v[3] = (uint64_t)st->st_ctim.tv_sec;
	v[4] = (uint64_t)st->st_ctim.tv_nsec;
	v[5] = (uint64_t)st->st_ino;
	v[6] = (uint64_t)summary_len;
}

int
incr_parse_fresh(const struct incr *c, const char *src,
    const struct stat *st, long summary_len)
{
	const struct parsed *e;
	uint64_t	 v[7];
	size_t		 i;

	if (c == NULL || (i = incr_map_get(&c->parsemap, src)) == 0)
		return 0;
	e = &c->parse[i - 1];
	if (e->raw == NULL)
		return 0;
	parse_stat(v, st, summary_len);
	return memcmp(v, e->st, sizeof(v)) == 0;
}

int
incr_parse_find(struct incr *c, const char *src, const struct stat *st,
    long summary_len, struct incr_parsed *r)
{
	struct parsed	*e;
	struct unpack	 u;
	const char	*rest;
	size_t		 i, k, n;

	if (!incr_parse_fresh(c, src, st, summary_len))
		return 0;
	e = &c->parse[incr_map_get(&c->parsemap, src) - 1];
	unpack_init(&u, e->raw, e->rawlen);
	free(unpack_str(&u));
	for (k = 0; k < 7; k++)
		(void)unpack_u64(&u);
	rest = unpack_mem(&u, &k);
	unpack_init(&u, rest, k);
	memset(r, 0, sizeof(*r));
	r->fm = fmatter_unpack(&u);
	r->body_off = (size_t)unpack_u64(&u);
	r->body_line = (int)unpack_max(&u, INT32_MAX);
	r->summary = unpack_str(&u);
	r->body_hash = unpack_u64(&u);
	r->fm_hash = unpack_u64(&u);
	n = (size_t)unpack_max(&u, (uint64_t)(u.end - u.p));
	if (n > 0)
		r->links = xcalloc(n, sizeof(*r->links));
	for (i = 0; i < n && !u.bad; i++) {
		r->links[i].url = unpack_str(&u);
		r->links[i].line = (int)unpack_max(&u, INT32_MAX);
		r->links[i].image = (int)unpack_max(&u, 1);
		r->nlinks = i + 1;
		if (r->links[i].url == NULL)
			u.bad = 1;
	}
	if (u.bad || u.p != u.end) {
		incr_parsed_free(r);
		return 0;
	}
	e->used = 1;
	return 1;
}

void
incr_parsed_free(struct incr_parsed *r)
{
	size_t	 i;

	fmatter_free(r->fm);
	free(r->summary);
	for (i = 0; i < r->nlinks; i++)
		free(r->links[i].url);
	free(r->links);
	memset(r, 0, sizeof(*r));
}

void
incr_parse_put(struct incr *c, const char *src, const struct stat *st,
    long summary_len, const struct yval *fm, size_t body_off, int body_line,
    const char *summary, uint64_t body_hash, uint64_t fm_hash,
    const struct page_link *links, size_t nlinks)
{
	struct parsed	*e;
	struct buf	 rest = BUF_INIT;
	uint64_t	 v[7], now;
	size_t		 i, k;

	if (c == NULL)
		return;
	now = now_ns();
	parse_stat(v, st, summary_len);
	/* racily clean: changed within the file system's time step */
	if ((uint64_t)st->st_mtim.tv_sec * 1000000000ULL +
	    (uint64_t)st->st_mtim.tv_nsec + RACY_NS > now ||
	    (uint64_t)st->st_ctim.tv_sec * 1000000000ULL +
	    (uint64_t)st->st_ctim.tv_nsec + RACY_NS > now)
		return;
	if ((i = incr_map_get(&c->parsemap, src)) != 0) {
		e = &c->parse[i - 1];
		e->raw = NULL;
		buf_clear(&e->packed);
	} else
		e = incr_parse_add(c, src);
	memcpy(e->st, v, sizeof(v));
	e->used = 1;
	pack_str(&e->packed, src);
	for (k = 0; k < 7; k++)
		pack_u64(&e->packed, v[k]);
	fmatter_pack(&rest, fm);
	pack_u64(&rest, body_off);
	pack_u64(&rest, (uint64_t)(body_line > 0 ? body_line : 0));
	pack_str(&rest, summary);
	pack_u64(&rest, body_hash);
	pack_u64(&rest, fm_hash);
	pack_u64(&rest, nlinks);
	for (i = 0; i < nlinks; i++) {
		pack_str(&rest, links[i].url);
		pack_u64(&rest, (uint64_t)(links[i].line > 0 ? links[i].line : 0));
		pack_u64(&rest, (uint64_t)(links[i].image != 0));
	}
	pack_mem(&e->packed, rest.ptr, rest.len);
	buf_free(&rest);
}
