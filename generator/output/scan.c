/*
 * The privacy check of the output (see scan.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "output/cells.h"
#include "forms/form.h"
#include "office/ident.h"
#include "office/privacy.h"
#include "office/pscan.h"
#include "output/scan.h"
#include "lib/text.h"
#include "lib/utext.h"
#include "lib/util.h"

#define MAX_HITS	5	/* messages for one file */
#define SHOW_CHARS	6	/* characters of a value shown in a message */

/* One file being checked. */
struct check {
	struct scan	*s;
	const char	*rel;		/* in the output */
	const char	*src;		/* where it came from, or NULL */
	struct buf	*err;
	int		 hits;
};

int
scan_init(struct scan *s, const char *outdir, const struct pscan *ident)
{
	struct buf	 b = BUF_INIT;
	const char	*v;
	size_t		 i, n;
	int		 tag;

	memset(s, 0, sizeof(*s));
	s->outdir = xstrdup(outdir);
	s->ident = pscan_new();
	buf_init(&s->unchecked);
	for (i = 0; ident != NULL && i < pscan_count(ident); i++) {
		v = pscan_string(ident, i, &n);
		if (!pscan_has(ident, v, n))
			continue;		/* disabled */
		tag = pscan_tag(ident, i);
		pscan_add(s->ident, v, n, tag);
		/* as an RSS title or description holds it, escaped twice:
		 * markup is read decoded once */
		buf_clear(&b);
		text_escape_text(&b, v, n);
		if (b.len != n)
			pscan_add(s->ident, b.ptr, b.len, tag);
		/* as an URL may hold it */
		buf_clear(&b);
		text_url_encode(&b, v, n);
		if (b.len != n)
			pscan_add(s->ident, b.ptr, b.len, tag);
	}
	buf_free(&b);
	return 1;
}

void
scan_source(struct scan *s, const char *path)
{
	s->sources = xreallocarray(s->sources, s->nsources + 1,
	    sizeof(*s->sources));
	s->sources[s->nsources++] = xstrdup(path);
}

void
scan_allow(struct scan *s, const char *t, size_t n)
{
	struct buf	 b = BUF_INIT;

	s->allow = xreallocarray(s->allow, s->nallow + 1, sizeof(*s->allow));
	s->allow[s->nallow++] = xstrndup(t, n);
	pscan_disable_within(s->ident, t, n, NULL);
	text_escape_text(&b, t, n);
	pscan_disable_within(s->ident, b.ptr, b.len, NULL);
	buf_clear(&b);
	text_url_encode(&b, t, n);
	pscan_disable_within(s->ident, b.ptr, b.len, NULL);
	buf_free(&b);
}

void
scan_free(struct scan *s)
{
	size_t	 i;

	for (i = 0; i < s->nallow; i++)
		free(s->allow[i]);
	free(s->allow);
	for (i = 0; i < s->nsources; i++)
		free(s->sources[i]);
	free(s->sources);
	pscan_free(s->ident);
	buf_free(&s->unchecked);
	free(s->outdir);
	memset(s, 0, sizeof(*s));
}

/* Whether the number h (found in t) is one that privacy.allow lists. */
static int
allowed(const struct scan *s, const char *t, const struct privacy_hit *h)
{
	struct privacy_hit a;
	size_t	 i, at, n;

	for (i = 0; i < s->nallow; i++) {
		n = strlen(s->allow[i]);
		if (memmem(s->allow[i], n, t + h->off, h->len) != NULL)
			return 1;
		for (at = 0; privacy_find(s->allow[i], n, at, &a);
		    at = a.off + a.len)
			if (strcmp(a.digits, h->digits) == 0)
				return 1;
	}
	return 0;
}

/* The line of byte off of p. */
static size_t
line_of(const char *p, size_t off)
{
	const char	*q, *e = p + off;
	size_t		 line = 1;

	while ((q = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		line++;
		p = q + 1;
	}
	return line;
}

/*
 * Finds where the text came from: the first of the page's source and the
 * site's templates and scripts that holds the number digits (if h is not
 * NULL) or the value v[0..vn).  Appends "FILE:LINE" to where and returns
 * 1, or 0 if none holds it.
 */
static int
locate(const struct check *c, const struct privacy_hit *h, const char *v,
    size_t vn, struct buf *where)
{
	struct buf	 data = BUF_INIT;
	struct privacy_hit x;
	const char	*file, *p;
	size_t		 i, at;
	int		 found = 0;

	for (i = 0; i <= c->s->nsources && !found; i++) {
		file = i == 0 ? c->src : c->s->sources[i - 1];
		if (file == NULL || !files_read(&data, file))
			continue;
		if (h != NULL) {
			for (at = 0; privacy_find(data.ptr, data.len, at, &x);
			    at = x.off + x.len)
				if (strcmp(x.digits, h->digits) == 0) {
					buf_printf(where, "%s:%zu", file,
					    line_of(data.ptr, x.off));
					found = 1;
					break;
				}
		} else if ((p = memmem(data.ptr, data.len, v, vn)) != NULL) {
			buf_printf(where, "%s:%zu", file, line_of(data.ptr,
			    (size_t)(p - data.ptr)));
			found = 1;
		}
	}
	buf_free(&data);
	return found;
}

/* Appends where a hit at line of the output file (or its part) is. */
static void
where_of(const struct check *c, const struct privacy_hit *h, const char *v,
    size_t vn, size_t line, const char *part, struct buf *out)
{
	if (locate(c, h, v, vn, out)) {
		buf_printf(out, "（在 %s/%s", c->s->outdir, c->rel);
		if (part != NULL)
			buf_printf(out, " 的 %s", part);
		buf_puts(out, " 里）");
		return;
	}
	buf_printf(out, "%s/%s", c->s->outdir, c->rel);
	if (part != NULL)
		buf_printf(out, " 的 %s", part);
	buf_printf(out, ":%zu", line);
	if (c->src != NULL)
		buf_printf(out, "（由 %s 生成）", c->src);
}

/* Appends v[0..n) with all but its first character masked: 李＊＊. */
static void
shown_value(struct buf *out, const char *v, size_t n)
{
	const char	*p = v, *e = v + n;
	size_t		 k;

	utext_next(&p, e);
	buf_put(out, v, (size_t)(p - v));
	for (k = 1; p < e && k < SHOW_CHARS; k++) {
		utext_next(&p, e);
		buf_puts(out, "＊");
	}
	if (p < e)
		buf_puts(out, "…");
}

/* Checks one piece of text of the file (a cells_fn). */
static int
check_cell(void *arg, const char *t, size_t n, size_t line, const char *part)
{
	struct check	*c = arg;
	struct privacy_hit h;
	const struct form *f;
	const struct field *fd;
	struct buf	 msg = BUF_INIT;
	const char	*v;
	size_t		 at, off, id, vn;

	for (at = 0; c->hits < MAX_HITS && privacy_find(t, n, at, &h);
	    at = h.off + h.len) {
		if (allowed(c->s, t, &h))
			continue;
		buf_clear(&msg);
		where_of(c, &h, NULL, 0, line + line_of(t, h.off) - 1, part,
		    &msg);
		buf_printf(c->err, "%s: 发现%s（", msg.ptr,
		    privacy_kind_name(h.kind));
		privacy_shown(c->err, &h);
		buf_puts(c->err, "）：个人的号码不能出现在网站上；请删去它");
		if (h.kind == PRIV_MOBILE) {
			buf_puts(c->err, "，或写成 ");
			privacy_shown(c->err, &h);
		}
		buf_puts(c->err, "。如果它确实可以公开（如单位的办公电话），把它"
		    "写进 scripts/site.lua 的 privacy.allow\n");
		c->hits++;
	}
	for (at = 0; c->hits < MAX_HITS && pscan_find(c->s->ident, t, n, at,
	    &off, &id); at = off + vn) {
		v = pscan_string(c->s->ident, id, &vn);
		fd = ident_field(pscan_tag(c->s->ident, id), &f);
		buf_clear(&msg);
		where_of(c, NULL, v, vn, line + line_of(t, off) - 1, part, &msg);
		buf_printf(c->err, "%s: 发现账本里的%s（", msg.ptr, fd->label);
		shown_value(c->err, v, vn);
		buf_puts(c->err, "）：能认出个人或被查处前的经营者的信息不能出现在"
		    "网站上；请删去它。如果它确实可以公开（如地名、单位名），把它"
		    "写进 scripts/site.lua 的 privacy.allow\n");
		c->hits++;
	}
	buf_free(&msg);
	return c->hits < MAX_HITS;
}

int
scan_file(void *arg, const char *rel, const char *src, const void *data,
    size_t n, struct buf *err)
{
	struct check	 c;
	const char	*what;

	assert(arg != NULL && rel != NULL);
	memset(&c, 0, sizeof(c));
	c.s = arg;
	c.rel = rel;
	c.src = src;
	c.err = err;
	/* a database (the ledger, a copy of it) is never published */
	if (n >= 16 && memcmp(data, "SQLite format 3", 16) == 0) {
		buf_printf(err, "%s: 这是数据库文件（SQLite），网站不能发布它（账本"
		    "这样的数据库里有个人信息）：请把它从网站目录里拿掉",
		    src != NULL ? src : rel);
		return 0;
	}
	if (!cells_each(rel, data, n, check_cell, &c, &what)) {
		c.s->nunchecked++;
		if (c.s->nunchecked <= 5)
			buf_printf(&c.s->unchecked, "%s%s（%s）",
			    c.s->nunchecked > 1 ? "、" : "", rel, what);
		return 1;
	}
	if (c.hits == 0)
		return 1;
	buf_truncate(err, err->len - 1);	/* the last newline */
	return 0;
}
