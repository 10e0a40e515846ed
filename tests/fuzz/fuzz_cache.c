/*
 * fuzz_cache: a libFuzzer target for the readers of the incremental
 * build's caches, which a crash, a full disk or a hand may damage (their
 * checksum catches most damage; this is what is behind it).  The first
 * byte of the input chooses:
 *
 *	0  a front matter tree (fmatter_unpack); one it reads must pack to
 *	   the bytes it was read from, and read back the same;
 *	1  the cache of a build (incr_open): the rest of the input, between
 *	   the cache's first line and a valid checksum, then a lookup of a
 *	   content file in it;
 *	2  the search index kept for the next build (search_cache_open): the
 *	   rest after the program's fingerprint and the output folder's
 *	   identity, with a valid checksum, then the index of one page made
 *	   from it (search_patch).
 *
 * Besides "no crash, no leak", a damaged cache must read as no cache.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/hash.h"
#include "lib/pack.h"
#include "fuzz.h"
#include "output/out.h"
#include "site/fmatter.h"
#include "site/incr.h"
#include "site/search.h"
#include "site/search_impl.h"
#include "site/site.h"

static char	 dir[] = "/tmp/fuzz_cache.XXXXXX";

/* Removes the folder of folder() and what it holds. */
static void
cleanup(void)
{
	char	 path[sizeof(dir) + 16];

	snprintf(path, sizeof(path), "%s/cache.incr", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cache.search", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/out", dir);
	rmdir(path);
	rmdir(dir);
}

/* A private folder for the cache files and an output folder, made once. */
static const char *
folder(void)
{
	static int	 made;
	char		 out[sizeof(dir) + 8];

	if (!made) {
		CHECK(mkdtemp(dir) != NULL);
		snprintf(out, sizeof(out), "%s/out", dir);
		CHECK(mkdir(out, 0700) == 0);
		atexit(cleanup);
		made = 1;
	}
	return dir;
}

/* Writes magic, prefix, p[0..n) and their checksum to file. */
static void
put_file(const char *file, const char *magic, const struct buf *prefix,
    const uint8_t *p, size_t n)
{
	struct buf	 b = BUF_INIT;
	uint64_t	 h;

	buf_puts(&b, magic);
	if (prefix != NULL)
		buf_put(&b, prefix->ptr, prefix->len);
	buf_put(&b, p, n);
	h = hash_add(HASH_INIT, b.ptr, b.len);
	buf_put(&b, &h, sizeof(h));
	CHECK(files_write_cache(file, b.ptr, b.len));
	buf_free(&b);
}

static void
tree(const uint8_t *p, size_t n)
{
	struct unpack	 u;
	struct yval	*v, *w;
	struct buf	 a = BUF_INIT, b = BUF_INIT;

	unpack_init(&u, p, n);
	v = fmatter_unpack(&u);
	CHECK(v == NULL || !u.bad);
	if (v != NULL) {
		fmatter_pack(&a, v);
		unpack_init(&u, a.ptr, a.len);
		w = fmatter_unpack(&u);
		CHECK(w != NULL && !u.bad && u.p == u.end);
		fmatter_pack(&b, w);
		CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
		fmatter_free(w);
	}
	fmatter_free(v);
	buf_free(&a);
	buf_free(&b);
}

static void
build_cache(const uint8_t *p, size_t n)
{
	struct buf	 file = BUF_INIT;
	struct incr	*c;
	struct incr_parsed r;
	struct stat	 st;

	buf_printf(&file, "%s/cache.incr", folder());
	put_file(file.ptr, "shouhu-incr 4\n", NULL, p, n);
	c = incr_open(file.ptr, 1);
	memset(&st, 0, sizeof(st));
	if (incr_parse_find(c, "content/a.md", &st, 120, &r))
		incr_parsed_free(&r);
	incr_free(c);
	buf_free(&file);
}

static void
search_cache(const uint8_t *p, size_t n)
{
	struct buf	 file = BUF_INIT, out = BUF_INIT, id = BUF_INIT;
	struct buf	 prefix = BUF_INIT, err = BUF_INIT;
	struct search_cache *c;
	struct search_doc doc;
	struct outfile	*files = NULL;
	size_t		 nfiles = 0, i;

	buf_printf(&file, "%s/cache.search", folder());
	buf_printf(&out, "%s/out", folder());
	out_ident(&id, out.ptr);
	pack_u64(&prefix, incr_program());
	pack_str(&prefix, id.ptr);
	put_file(file.ptr, "shouhu-search 2\n", &prefix, p, n);
	c = search_cache_open(file.ptr, out.ptr, 1);
	memset(&doc, 0, sizeof(doc));
	doc.url = "/a/";
	doc.title = "保健品讲座";
	doc.summary = "药";
	doc.body = "讲座 word 药";
	doc.bodylen = strlen(doc.body);
	doc.plain = 1;
	doc.fp = 1;
	(void)search_patch(c, &doc, 1, &files, &nfiles, &err);
	for (i = 0; i < nfiles; i++) {
		free(files[i].rel);
		free(files[i].data);
	}
	free(files);
	search_cache_free(c);
	buf_free(&file);
	buf_free(&out);
	buf_free(&id);
	buf_free(&prefix);
	buf_free(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		tree(data + 1, size - 1);
		break;
	case 1:
		build_cache(data + 1, size - 1);
		break;
	default:
		search_cache(data + 1, size - 1);
		break;
	}
	return 0;
}
