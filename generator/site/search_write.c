/*
 * The files of the search index (see search.h): the page lists, the
 * shards of tokens and their postings, and meta.json, whose id is a hash
 * of the others.  Both the whole index (search.c) and the patched one
 * (search_patch.c) are written here, so they are the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "site/search.h"
#include "site/search_impl.h"
#include "site/site.h"

#define SHARD_BYTES	32768	/* aim for shards about this size */
#define SHARD_BITS_MAX	10	/* at most 1024 shards */
#define CHUNK_BYTES	8192	/* aim for page lists about this size */

/* Folds the n bytes at s into the hash h of the index (8 at a time). */
static uint64_t
id_hash(uint64_t h, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w;
	size_t	 i, k;

	for (i = 0; i + 8 <= n; i += 8) {
		for (w = 0, k = 0; k < 8; k++)
			w |= (uint64_t)u[i + k] << (8 * k);
		h = (h ^ w) * 0x100000001B3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ u[i]) * 0x100000001B3u;
	return (h ^ n) * 0x100000001B3u;
}

/* Appends s as a JSON string. */
static void
put_json_string(struct buf *b, const char *s)
{
	const char *run;

	buf_putc(b, '"');
	for (run = s; *s != '\0'; s++) {
		if (*s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
			continue;
		buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		if (*s == '"' || *s == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, *s);
		} else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '\t')
			buf_puts(b, "\\t");
		else
			buf_printf(b, "\\u%04x", (unsigned char)*s);
	}
	buf_put(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}


/* Where the shards go as they are made (search_write_to), or NULL. */
static search_out_fn	 out_fn;
static void		*out_arg;

void
search_write_to(search_out_fn fn, void *arg)
{
	out_fn = fn;
	out_arg = arg;
}

/*
 * Appends file rel with data (taken: data is left empty) to *v[0..*n),
 * published as it is already when keep (data is then empty).  A shard
 * goes out at once when there is somewhere to send it.
 */
static void
add_file(struct outfile **v, size_t *n, struct buf *rel, struct buf *data,
    int keep)
{
	struct outfile	*f;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	f = &(*v)[(*n)++];
	memset(f, 0, sizeof(*f));
	f->rel = xstrdup(rel->ptr);
	f->len = data->len;
	f->keep = keep;
	if (!keep && out_fn != NULL && strncmp(rel->ptr, SEARCH_DIR "s/",
	    strlen(SEARCH_DIR "s/")) == 0) {
		if (out_fn(out_arg, rel->ptr, data->ptr, data->len)) {
			f->written = 1;
			buf_clear(data);
			return;
		}
		/* refused: kept, for the build to write (and report) later */
	}
	f->data = buf_detach(data);
}

/* Orders entries by shard, then by their bytes. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct search_entry *p = a, *q = b;
	int	 r;

	if (p->shard != q->shard)
		return p->shard < q->shard ? -1 : 1;
	if ((r = memcmp(p->s, q->s, p->len < q->len ? p->len : q->len)) != 0)
		return r;
	return p->len < q->len ? -1 : p->len > q->len;
}

int
search_bits(const struct search_entry *v, size_t n)
{
	size_t	 i, total = 0;
	int	 bits = 0;

	for (i = 0; i < n; i++)
		total += v[i].len + 6 + v[i].plen;
	while ((total >> bits) > SHARD_BYTES && bits < SHARD_BITS_MAX)
		bits++;
	return bits;
}

void
search_order(struct search_entry *v, size_t n, int bits)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		v[i].shard = bits ? v[i].hash >> (32 - bits) : 0;
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_entry);
}

uint64_t
search_file_hash(const char *data, size_t len)
{
	return id_hash(0xcbf29ce484222325u, data, len);
}

void
search_shards(const struct search_entry *v, size_t n, int bits,
    const unsigned char *changed, uint64_t *hash, search_post_fn post,
    void *arg, struct outfile **files, size_t *nfiles)
{
	struct buf rel = BUF_INIT, data = BUF_INIT;
	uint32_t shard;
	size_t	 i, k, total;
	int	 width = bits ? (bits + 3) / 4 : 1;

	for (i = 0, shard = 0; shard < (1u << bits); shard++) {
		buf_clear(&rel);
		buf_printf(&rel, SEARCH_DIR "s/%0*x.json", width, shard);
		if (changed != NULL && !changed[shard]) {
			while (i < n && v[i].shard == shard)
				i++;
			add_file(files, nfiles, &rel, &data, 1);
			continue;
		}
		for (total = 4, k = i; k < n && v[k].shard == shard; k++)
			total += v[k].len + 6 + v[k].plen;
		buf_grow(&data, total);
		buf_putc(&data, '{');
		for (k = i; i < n && v[i].shard == shard; i++) {
			if (i > k)
				buf_putc(&data, ',');
			buf_putc(&data, '"');
			buf_put(&data, v[i].s, v[i].len);
			buf_puts(&data, "\":\"");
			if (post != NULL)
				post(arg, &v[i], &data);
			else
				buf_put(&data, v[i].post, v[i].plen);
			buf_putc(&data, '"');
		}
		buf_puts(&data, "}\n");
		hash[shard] = search_file_hash(data.ptr, data.len);
		add_file(files, nfiles, &rel, &data, 0);
	}
	buf_free(&rel);
	buf_free(&data);
}

void
search_meta(size_t ndocs, size_t chunk, int bits, const uint64_t *shardhash,
    struct outfile **files, size_t *nfiles)
{
	struct buf rel = BUF_INIT, data = BUF_INIT;
	unsigned char le[8];
	uint64_t id = 0xcbf29ce484222325u, fh;
	size_t	 i, k, s = 0;

	/* meta.json last: its id is a hash of the others' hashes */
	for (i = 0; i < *nfiles; i++) {
		if (strncmp((*files)[i].rel, SEARCH_DIR "s/", 9) == 0)
			fh = shardhash[s++];
		else
			fh = search_file_hash((*files)[i].data, (*files)[i].len);
		for (k = 0; k < 8; k++)
			le[k] = (unsigned char)(fh >> (8 * k));
		id = id_hash(id, (const char *)le, sizeof(le));
	}
	buf_printf(&data, "{\"id\":\"%08x\",\"docs\":%zu,\"bits\":%d,"
	    "\"chunk\":%zu}\n", (uint32_t)(id ^ id >> 32), ndocs, bits, chunk);
	buf_puts(&rel, SEARCH_DIR "meta.json");
	add_file(files, nfiles, &rel, &data, 0);
	buf_free(&rel);
	buf_free(&data);
}

size_t
search_docs(const struct search_doc *docs, size_t n, struct outfile **files,
    size_t *nfiles)
{
	struct buf all = BUF_INIT, rel = BUF_INIT, data = BUF_INIT;
	size_t	*off, i, k, chunk;

	off = xcalloc(n + 1, sizeof(*off));
	for (i = 0; i < n; i++) {
		off[i] = all.len;
		buf_putc(&all, '[');
		put_json_string(&all, docs[i].url ? docs[i].url : "");
		buf_putc(&all, ',');
		put_json_string(&all, docs[i].title ? docs[i].title : "");
		buf_putc(&all, ',');
		put_json_string(&all, docs[i].summary ? docs[i].summary : "");
		buf_puts(&all, "],");
	}
	off[n] = all.len;
	chunk = n ? CHUNK_BYTES / (all.len / n + 1) : 1;
	if (chunk < 1)
		chunk = 1;
	for (i = k = 0; i < n; i += chunk, k++) {
		buf_putc(&data, '[');
		/* each page is followed by a comma: not the last */
		buf_put(&data, all.ptr + off[i], off[i + chunk < n ? i + chunk :
		    n] - off[i] - 1);
		buf_puts(&data, "]\n");
		buf_clear(&rel);
		buf_printf(&rel, SEARCH_DIR "d/%zu.json", k);
		add_file(files, nfiles, &rel, &data, 0);
	}
	free(off);
	buf_free(&all);
	buf_free(&rel);
	return chunk;
}

