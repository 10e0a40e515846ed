/*
 * The privacy check of the output (see scan.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ledger_public.h"
#include "privacy.h"
#include "scan.h"
#include "text.h"
#include "utext.h"
#include "util.h"

/* Output files that are text, and so are checked (any case). */
static const char *const text_ext[] = {
	".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".txt", ".json",
	".csv", ".tsv", ".js", ".mjs", ".css", ".svg", ".md", ".ics", ".vcf",
	".webmanifest", NULL
};

/*
 * Adds to p the forms in which the values of p may appear in the output
 * besides as they are: HTML-escaped (康乐&amp;福寿), escaped twice as RSS
 * feeds write text (康乐&amp;amp;福寿) and percent-encoded (in a URL).
 */
static void
add_variants(struct pscan *p)
{
	struct buf	 b = BUF_INIT;
	const char	*v;
	size_t		 i, n, count = pscan_count(p);

	for (i = 0; i < count; i++) {
		v = pscan_string(p, i, &n);
		if (!pscan_has(p, v, n))
			continue;		/* disabled */
		buf_clear(&b);
		text_escape_html(&b, v, n);
		if (b.len != n)
			pscan_add(p, b.ptr, b.len);
		buf_clear(&b);
		text_escape_feed(&b, v, n);
		if (b.len != n)
			pscan_add(p, b.ptr, b.len);
		buf_clear(&b);
		text_url_encode(&b, v, n);
		if (b.len != n)
			pscan_add(p, b.ptr, b.len);
	}
	buf_free(&b);
}

/*
 * Prepares s for the output folder outdir, with the private values of the
 * ledger file ledger (NULL: no ledger, numbers are still checked), whose
 * public copy pub the build has made (NULL: one is made for this).
 * Returns 1 (free with scan_free), or 0 with a message in err.
 */
int
scan_init(struct scan *s, const char *outdir, const char *ledger,
    sqlite3 *pub, struct buf *err)
{
	memset(s, 0, sizeof(*s));
	s->outdir = xstrdup(outdir);
	s->priv = pscan_new();
	if (ledger != NULL &&
	    !ledger_private_values(ledger, pub, s->priv, err)) {
		scan_free(s);
		return 0;
	}
	add_variants(s->priv);
	return 1;
}

/*
 * Lets the text t[0..n) be published: private values within it are not
 * looked for, and numbers within it are not hits.
 */
void
scan_allow(struct scan *s, const char *t, size_t n)
{
	struct buf	 b = BUF_INIT;

	s->allow = xreallocarray(s->allow, s->nallow + 1, sizeof(*s->allow));
	s->allow[s->nallow++] = xstrndup(t, n);
	pscan_disable_within(s->priv, t, n);
	text_escape_html(&b, t, n);
	pscan_disable_within(s->priv, b.ptr, b.len);
	buf_clear(&b);
	text_escape_feed(&b, t, n);
	pscan_disable_within(s->priv, b.ptr, b.len);
	buf_clear(&b);
	text_url_encode(&b, t, n);
	pscan_disable_within(s->priv, b.ptr, b.len);
	buf_free(&b);
}

/* Whether the hit h of p lies within an allowed text. */
static int
allowed(const struct scan *s, const char *p, const struct privacy_hit *h)
{
	size_t	 i;

	for (i = 0; i < s->nallow; i++)
		if (memmem(s->allow[i], strlen(s->allow[i]), p + h->off,
		    h->len) != NULL)
			return 1;
	return 0;
}

/* Frees what scan_init made. */
void
scan_free(struct scan *s)
{
	size_t	 i;

	for (i = 0; i < s->nallow; i++)
		free(s->allow[i]);
	free(s->allow);
	pscan_free(s->priv);
	free(s->outdir);
	memset(s, 0, sizeof(*s));
}

static int
is_text(const char *rel)
{
	size_t	 i, n = strlen(rel), k;

	for (i = 0; text_ext[i] != NULL; i++) {
		k = strlen(text_ext[i]);
		if (n >= k && strcasecmp(rel + n - k, text_ext[i]) == 0)
			return 1;
	}
	return 0;
}

static size_t
line_of(const char *p, size_t off)
{
	size_t	 i, line = 1;

	for (i = 0; i < off; i++)
		if (p[i] == '\n')
			line++;
	return line;
}

/*
 * Checks the output file rel (bytes p[0..n)) for personal data; arg is
 * the struct scan (an out check function).  Returns 1 if it is clean, or
 * 0 with one message per problem (at most a few) in err.
 */
int
scan_file(void *arg, const char *rel, const void *data, size_t n,
    struct buf *err)
{
	struct scan	*s = arg;
	struct privacy_hit h;
	struct buf	 shown = BUF_INIT;
	const char	*p = data, *v, *e;
	size_t		 at = 0, off, id, len, hits = 0;

	if (!is_text(rel))
		return 1;
	while (hits < 5 && privacy_find(p, n, at, &h)) {
		at = h.off + h.len;
		if (allowed(s, p, &h))
			continue;
		buf_clear(&shown);
		privacy_scrub(&shown, p + h.off, h.len);
		buf_printf(err, "%s/%s:%zu: 发现没有隐去的%s（%s）：个人的号码"
		    "不能公开；请在内容或数据里删去它%s%s\n", s->outdir, rel,
		    line_of(p, h.off), privacy_kind_name(h.kind), shown.ptr,
		    h.kind == PRIV_MOBILE ? "，或写成 " : "",
		    h.kind == PRIV_MOBILE ? shown.ptr : "");
		hits++;
	}
	at = 0;
	while (hits < 5 && pscan_find(s->priv, p, n, at, &off, &id)) {
		v = pscan_string(s->priv, id, &len);
		e = v;
		utext_next(&e, v + len);
		buf_printf(err, "%s/%s:%zu: 发现账本里不公开字段的内容（%.*s…，"
		    "%zu 字节）：不公开的数据不能出现在网站上；请检查是哪个页面、"
		    "脚本或模板写出了它（如果它确实可以公开，如地名，把它写进 "
		    "site.lua 的 privacy.allow）\n", s->outdir, rel, line_of(p, off),
		    (int)(e - v), v, len);
		at = off + len;
		hits++;
	}
	buf_free(&shown);
	if (hits == 0)
		return 1;
	buf_truncate(err, err->len - 1);	/* the last newline */
	return 0;
}
