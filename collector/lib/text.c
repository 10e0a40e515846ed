#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/text.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define ELLIPSIS	"\xE2\x80\xA6"	/* U+2026 */
#define SUMMARY_BACKUP	20		/* how far to back up to a space */

static const char hexdig[] = "0123456789ABCDEF";

static int
ascii_alnum(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Appends the n bytes at s to b with & < > replaced by character
 * references, and " ' too when quotes is 1.  Bytes are otherwise copied
 * unchanged.  Returns nothing; b is the caller's.
 */
static void
escape(struct buf *b, const char *s, size_t n, int quotes)
{
	const char	*ent;
	size_t		 i, run;

	if (n == 0)
		return;
	for (run = i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = quotes ? "&quot;" : NULL;
			break;
		case '\'':
			ent = quotes ? "&#39;" : NULL;
			break;
		default:
			ent = NULL;
			break;
		}
		if (ent == NULL)
			continue;
		buf_put(b, s + run, i - run);
		buf_puts(b, ent);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

/*
 * Appends the n bytes at s to b with & < > " ' replaced by character
 * references, so the result is safe in element content and in quoted
 * attribute values.  Bytes are otherwise copied unchanged.
 */
void
text_escape_html(struct buf *b, const char *s, size_t n)
{
	escape(b, s, n, 1);
}

/*
 * Appends the n bytes at s to b with & < > replaced by character
 * references and quotes kept: plain text as the content of an HTML or
 * XML element (never an attribute value), where it reads as it is.
 */
void
text_escape_text(struct buf *b, const char *s, size_t n)
{
	escape(b, s, n, 0);
}

/*
 * Appends plain text s[0..n) to b as feeds write it where readers take
 * HTML (RSS description and title): text_escape_text, then
 * text_escape_html of that, so that a reader that decodes the XML and
 * renders the HTML shows s itself, never an element of it
 * ("<b>" is written &amp;lt;b&amp;gt;).  Returns nothing; b is the caller's.
 */
void
text_escape_feed(struct buf *b, const char *s, size_t n)
{
	struct buf html = BUF_INIT;

	text_escape_text(&html, s, n);
	text_escape_html(b, html.ptr, html.len);
	buf_free(&html);
}

/*
 * Appends the n bytes at s to b percent-encoded for a URL path: ASCII
 * letters, digits, - . _ ~ and / are kept, every other byte becomes %XX
 * with uppercase hex digits.
 */
void
text_url_encode(struct buf *b, const char *s, size_t n)
{
	unsigned char	 c;
	char		 esc[3];
	size_t		 i, run;

	if (n == 0)
		return;
	esc[0] = '%';
	for (run = i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (ascii_alnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/')
			continue;
		buf_put(b, s + run, i - run);
		esc[1] = hexdig[c >> 4];
		esc[2] = hexdig[c & 0xF];
		buf_put(b, esc, 3);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

/* Non-ASCII punctuation and spaces that separate words in a slug. */
static int
slug_sep(uint32_t c)
{
	return (c >= 0x00A0 && c <= 0x00BF) || c == 0x00D7 || c == 0x00F7 ||
	    (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	    (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/*
 * Appends a URL slug made from the n bytes at s: ASCII letters are
 * lowercased, ASCII digits, _ and . are kept, as is every other valid
 * UTF-8 character except CJK, fullwidth and general punctuation and
 * spaces.  Everything else (including '-') separates words; a run of
 * separators becomes one '-', never at the start or end of what this call
 * appends.  Invalid UTF-8 bytes are dropped.  May append nothing.
 */
void
text_slugify(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, len, start;
	uint32_t		 c;
	int			 sep;

	start = b->len;
	sep = 0;
	for (i = 0; i < n; i += len) {
		if ((len = utf8_decode((const char *)u + i, n - i, &c)) == 0) {
			len = 1;
			continue;
		}
		if (c < 0x80) {
			if (!ascii_alnum(c) && c != '_' && c != '.') {
				sep = 1;
				continue;
			}
		} else if (slug_sep(c)) {
			sep = 1;
			continue;
		}
		if (sep && b->len > start)
			buf_putc(b, '-');
		sep = 0;
		if (c >= 'A' && c <= 'Z')
			buf_putc(b, (int)(c - 'A' + 'a'));
		else
			buf_put(b, s + i, len);
	}
}

/*
 * Returns 1 if cp is a CJK ideograph, CJK punctuation, a fullwidth form,
 * kana or a Hangul syllable: characters written without spaces between
 * them.  Returns 0 otherwise.
 */
int
text_is_cjk(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0x3040 && cp <= 0x30FF) ||
	    (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x2FA1F);
}

static int
summary_ws(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether c, followed by whitespace if wsafter, ends a sentence. */
static int
summary_end(uint32_t c, int wsafter)
{
	switch (c) {
	case 0x3002:	/* 。 */
	case 0xFF01:	/* ！ */
	case 0xFF1F:	/* ？ */
	case 0xFF1B:	/* ； */
	case '!':
	case '?':
		return 1;
	case '.':
		return wsafter;
	default:
		return 0;
	}
}

static int
summary_trim(uint32_t c)
{
	return c == ' ' || c == ',' || c == ':' || c == 0xFF0C ||
	    c == 0x3001 || c == 0xFF1A;
}

/*
 * Appends to out a plain-text summary of the n bytes at text of at most
 * limit characters, plus "…" when the text was cut mid-sentence.
 * Whitespace runs collapse to nothing between two CJK characters (a line
 * break inside Chinese text) and to one space elsewhere ("拨打 12315").  A text that is too long is cut after the last sentence
 * end in the second half of the first limit characters, else at limit
 * characters (backing up to a space rather than splitting an ASCII word).
 * Invalid UTF-8 comes out as U+FFFD; the output is always valid UTF-8.
 * Memory used is proportional to min(n, limit).
 */
void
text_summary(struct buf *out, const char *text, size_t n, size_t limit)
{
	const unsigned char	*u = (const unsigned char *)text;
	uint32_t		*cs, c;
	unsigned char		*wsafter;
	size_t			 cap, nc, i, j, len, cut, lo;
	int			 pending, ellipsis;

	if (limit == 0 || n == 0)
		return;

	/* Collapse whitespace, keeping one character more than limit. */
	cap = limit < n ? limit + 1 : n;
	cs = xreallocarray(NULL, cap, sizeof(*cs));
	wsafter = xmalloc(cap);
	nc = 0;
	pending = 0;
	for (i = 0; i < n && nc < cap; i += len) {
		if ((len = utf8_decode((const char *)u + i, n - i, &c)) == 0) {
			len = 1;
			c = 0xFFFD;
		}
		if (summary_ws(c)) {
			if (nc > 0) {
				pending = 1;
				wsafter[nc - 1] = 1;
			}
			continue;
		}
		if (pending && !(text_is_cjk(cs[nc - 1]) && text_is_cjk(c))) {
			cs[nc] = ' ';
			wsafter[nc++] = 0;
			if (nc == cap)
				break;
		}
		pending = 0;
		cs[nc] = c;
		wsafter[nc++] = 0;
	}

	ellipsis = 0;
	if (nc <= limit)
		cut = nc;
	else {
		cut = 0;
		for (j = limit; j > limit / 2; j--)
			if (summary_end(cs[j - 1], wsafter[j - 1])) {
				cut = j;
				break;
			}
		if (cut == 0) {
			ellipsis = 1;
			cut = limit;
			if (ascii_alnum(cs[limit - 1]) && ascii_alnum(cs[limit])) {
				lo = limit > SUMMARY_BACKUP ?
				    limit - SUMMARY_BACKUP : 0;
				for (j = limit; j > lo; j--)
					if (cs[j - 1] == ' ') {
						cut = j - 1;
						break;
					}
			}
			while (cut > 0 && summary_trim(cs[cut - 1]))
				cut--;
		}
	}

	buf_grow(out, cut * 4 + sizeof(ELLIPSIS));
	for (i = 0; i < cut; i++)
		utf8_put(out, cs[i]);
	if (ellipsis)
		buf_puts(out, ELLIPSIS);
	free(cs);
	free(wsafter);
}

/*
 * Returns 1 if the n bytes at s are a URL that may be put in an href or
 * src: a relative URL, or one whose scheme is http, https, mailto or tel
 * (in any case).  Like a browser, ignores leading spaces and control
 * characters and tabs and newlines anywhere in the scheme.  Returns 0 for
 * every other scheme (javascript:, data:, vbscript:, ...).
 */
int
text_url_safe(const char *s, size_t n)
{
	static const char *const ok[] = { "http", "https", "mailto", "tel" };
	char			 scheme[8];
	unsigned char		 c;
	size_t			 i, k;

	for (i = 0; i < n && (unsigned char)s[i] <= 0x20; i++)
		continue;
	for (k = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':')
			break;
		if (c == '/' || c == '?' || c == '#')
			return 1;
		if (k < sizeof(scheme) - 1)
			scheme[k] = (c >= 'A' && c <= 'Z') ?
			    (char)(c - 'A' + 'a') : (char)c;
		k++;
	}
	if (i == n)
		return 1;
	if (k >= sizeof(scheme))
		return 0;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strlen(ok[i]) == k && memcmp(scheme, ok[i], k) == 0)
			return 1;
	return 0;
}
