/*
 * The recorder of incremental builds (see incr.h): which parts of which
 * pages a job read.  A record on the fd is
 *
 *	length (4 bytes), then in pack.h's encoding: the job, the flags,
 *	the number of parts, each part (id << INCR_SHIFT | what), and last
 *	the hash
 *	of all that
 *
 * written with one write(2), so that worker processes appending to one
 * file never interleave their records.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/hash.h"
#include "lib/pack.h"
#include "lib/util.h"
#include "site/incr.h"
#include "site/site.h"

static struct {
	int		 on;
	int		 fd;
	int		 injob;
	uint16_t	*mark;		/* by page id: the parts read */
	size_t		 nmark;
	struct incr_deps cur;		/* the job's, or outside any */
	size_t		 cap;
	struct incr_deps outside;
} rec = { 0, -1, 0, NULL, 0, { 0, NULL, 0 }, 0, { 0, NULL, 0 } };

static void
forget(void)
{
	size_t	 i;

	for (i = 0; i < rec.cur.n; i++)
		rec.mark[rec.cur.v[i] >> INCR_SHIFT] = 0;
	rec.cur.n = 0;
	rec.cur.flags = 0;
}

void
incr_rec_start(int fd)
{
	incr_rec_stop();
	rec.on = 1;
	rec.fd = fd;
}

void
incr_rec_stop(void)
{
	free(rec.mark);
	free(rec.cur.v);
	free(rec.outside.v);
	memset(&rec, 0, sizeof(rec));
	rec.fd = -1;
}

void
incr_rec_page(const struct page *p, enum incr_what w)
{
	size_t	 n;

	if (!rec.on || p == NULL)
		return;
	assert((unsigned)w < INCR_NWHAT);
	if (p->id >= rec.nmark) {
		n = p->id * 2 + 64;
		rec.mark = xreallocarray(rec.mark, n, sizeof(*rec.mark));
		memset(rec.mark + rec.nmark, 0, (n - rec.nmark) *
		    sizeof(*rec.mark));
		rec.nmark = n;
	}
	if (rec.mark[p->id] & (1u << w))
		return;
	rec.mark[p->id] |= (uint16_t)(1u << w);
	if (rec.cur.n == rec.cap) {
		rec.cap = rec.cap ? rec.cap * 2 : 64;
		rec.cur.v = xreallocarray(rec.cur.v, rec.cap,
		    sizeof(*rec.cur.v));
	}
	assert(p->id < (1u << (32 - INCR_SHIFT)));
	rec.cur.v[rec.cur.n++] = (uint32_t)p->id << INCR_SHIFT | (uint32_t)w;
}

void
incr_rec_flag(unsigned flag)
{
	if (rec.on)
		rec.cur.flags |= flag & INCR_FLAGS;
}

/* Keeps what was read outside jobs so far, adding to the earlier. */
static void
keep_outside(void)
{
	size_t	 i;

	rec.outside.flags |= rec.cur.flags;
	rec.outside.v = xreallocarray(rec.outside.v, rec.outside.n +
	    rec.cur.n + 1, sizeof(*rec.outside.v));
	for (i = 0; i < rec.cur.n; i++)
		rec.outside.v[rec.outside.n++] = rec.cur.v[i];
	forget();
}

void
incr_rec_begin(void)
{
	if (!rec.on)
		return;
	if (!rec.injob)
		keep_outside();
	rec.injob = 1;
	forget();
}

void
incr_rec_drop(void)
{
	if (!rec.on)
		return;
	if (!rec.injob)
		keep_outside();
	forget();
	rec.injob = 0;
}

int
incr_rec_end(size_t job)
{
	struct buf	 b = BUF_INIT, body = BUF_INIT;
	uint32_t	 len;
	size_t		 i;
	ssize_t		 w;
	int		 ok;

	if (!rec.on)
		return 1;
	pack_u64(&body, job);
	pack_u64(&body, rec.cur.flags);
	pack_u64(&body, rec.cur.n);
	for (i = 0; i < rec.cur.n; i++)
		pack_u64(&body, rec.cur.v[i]);
	pack_u64(&body, hash_add(HASH_INIT, body.ptr, body.len));
	len = (uint32_t)body.len;
	buf_put(&b, &len, sizeof(len));
	buf_put(&b, body.ptr, body.len);
	do
		w = write(rec.fd, b.ptr, b.len);
	while (w == -1 && errno == EINTR);
	ok = w == (ssize_t)b.len;
	buf_free(&b);
	buf_free(&body);
	forget();
	return ok;
}

const struct incr_deps *
incr_rec_outside(void)
{
	if (rec.on && !rec.injob)
		keep_outside();
	return &rec.outside;
}

void
incr_deps_free(struct incr_deps *d)
{
	free(d->v);
	d->v = NULL;
	d->n = 0;
	d->flags = 0;
}

int
incr_rec_read(int fd, struct incr_deps *deps, size_t njobs,
    const unsigned char *ran)
{
	struct buf	 b = BUF_INIT;
	struct unpack	 u;
	const char	*p, *end;
	uint32_t	 len;
	uint64_t	 job, h;
	size_t		 i, n;
	unsigned char	*seen;
	char		 chunk[65536];
	ssize_t		 r;
	int		 ok = 0;

	seen = xcalloc(njobs ? njobs : 1, 1);
	if (lseek(fd, 0, SEEK_SET) == -1)
		goto out;
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto out;
		buf_put(&b, chunk, (size_t)r);
	}
	p = b.ptr;
	end = b.ptr + b.len;
	while (p < end) {
		if ((size_t)(end - p) < sizeof(len))
			goto out;
		memcpy(&len, p, sizeof(len));
		p += sizeof(len);
		if (len > (size_t)(end - p))
			goto out;
		unpack_init(&u, p, len);
		job = unpack_max(&u, njobs ? njobs - 1 : 0);
		if (njobs == 0 || seen[job])
			goto out;
		seen[job] = 1;
		deps[job].flags = (unsigned)unpack_max(&u, INCR_FLAGS);
		n = (size_t)unpack_max(&u, len);
		deps[job].v = xcalloc(n ? n : 1, sizeof(*deps[job].v));
		deps[job].n = n;
		for (i = 0; i < n; i++)
			deps[job].v[i] = (uint32_t)unpack_max(&u, UINT32_MAX);
		n = (size_t)(u.p - p);
		h = unpack_u64(&u);
		if (u.bad || u.p != p + len ||
		    h != hash_add(HASH_INIT, p, n))
			goto out;
		p += len;
	}
	for (i = 0; i < njobs; i++)
		if (ran[i] && !seen[i])
			goto out;
	ok = 1;
out:
	free(seen);
	buf_free(&b);
	return ok;
}
