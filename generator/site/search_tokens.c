/*
 * The search tokenizer (see search.h): text and Markdown cut into words
 * and pairs of CJK characters, the same way as search.js does.
 */
#include <stdint.h>
#include <string.h>

#include "lib/utf8.h"
#include "site/search.h"
#include "site/search_impl.h"

#define TAG_MAX		4096	/* longest HTML tag or comment skipped */

/* Characters that pair into bigrams: Han, kana, hangul syllables. */
static int
bigram_char(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) ||
	    c == 0x3005 || c == 0x3007 || (c >= 0x3041 && c <= 0x3096) ||
	    (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC ||
	    (c >= 0xAC00 && c <= 0xD7A3);
}

/* Whether c (ASCII, lower case) is part of a word: a letter or digit. */
static int
word_char(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

struct tokenizer {
	search_emit_fn	 fn;
	void		*arg;
	char		 word[SEARCH_WORD_MAX];
	size_t		 wlen;
	const char	*prev;		/* the last bigram character, or NULL */
	size_t		 prevlen;
	uint32_t	 prevc;
};

/* Emits the word being read, if it has two bytes or more, and ends it. */
static void
end_word(struct tokenizer *t)
{
	if (t->wlen >= 2)
		t->fn(t->arg, t->word, t->wlen, 0);
	t->wlen = 0;
}

/* A character that separates: ends the word and the CJK run. */
static void
separator(struct tokenizer *t)
{
	end_word(t);
	t->prev = NULL;
}

/*
 * Adds ASCII c, folded to lower case, to the word being read and returns
 * 1, or returns 0 if c is not a letter or a digit.
 */
static int
add_word_char(struct tokenizer *t, uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (!word_char(c))
		return 0;
	t->prev = NULL;
	if (t->wlen < SEARCH_WORD_MAX)
		t->word[t->wlen++] = (char)c;
	return 1;
}

/*
 * Markdown that is not text, at s: returns how many bytes to skip (the
 * destination of a link "](…)", an HTML tag or comment), or 0.
 */
static size_t
markup_len(const char *s, size_t n)
{
	const char *e;
	size_t	 i, lim;
	int	 depth;

	if (s[0] == ']' && n > 1 && s[1] == '(') {
		for (depth = 0, i = 1; i < n && s[i] != '\n'; i++)
			if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && --depth == 0)
				return i + 1;
		return 1;
	}
	if (s[0] != '<' || n < 2 || !((s[1] >= 'a' && s[1] <= 'z') ||
	    (s[1] >= 'A' && s[1] <= 'Z') || s[1] == '/' || s[1] == '!' ||
	    s[1] == '?'))
		return 0;
	lim = n < TAG_MAX ? n : TAG_MAX;
	if (lim >= 4 && memcmp(s, "<!--", 4) == 0) {
		e = memmem(s + 4, lim - 4, "-->", 3);
		return e ? (size_t)(e - s) + 3 : 0;
	}
	e = memchr(s, '>', lim);
	return e ? (size_t)(e - s) + 1 : 0;
}

/* An entity such as &amp; or &#x4E00; at s: returns its length, or 0. */
static size_t
entity_len(const char *s, size_t n)
{
	size_t	 i = 1;

	if (i < n && s[i] == '#')
		i++;
	while (i < n && i < 33 && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
		i++;
	return i < n && s[i] == ';' && i > 1 ? i + 1 : 0;
}

/* A link reference definition "[x]: url" at s: returns its length. */
static size_t
refdef_len(const char *s, size_t n)
{
	const char *nl, *close;
	size_t	 line;

	if (n < 4 || s[0] != '[')
		return 0;
	nl = memchr(s, '\n', n);
	line = nl ? (size_t)(nl - s) : n;
	close = memchr(s, ']', line);
	if (close == NULL || close == s + 1 || (size_t)(close - s) + 1 >= line ||
	    close[1] != ':')
		return 0;
	return line;
}

void
search_tokenize(const char *s, size_t n, int md, search_emit_fn fn,
    void *arg)
{
	struct tokenizer t;
	size_t	 i = 0, len, nl, k;
	uint32_t c;
	int	 linestart = 1;
	char	 pair[8];

	memset(&t, 0, sizeof(t));
	t.fn = fn;
	t.arg = arg;
	while (i < n) {
		if (md && linestart && (len = refdef_len(s + i, n - i)) > 0) {
			separator(&t);
			i += len;
			continue;
		}
		linestart = 0;
		c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			for (nl = 0; i < n && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\r' || s[i] == '\n'); i++)
				nl += s[i] == '\n';
			end_word(&t);
			if (nl != 1)
				t.prev = NULL;
			linestart = nl > 0;
			continue;
		}
		if (c < 0x80) {
			if (add_word_char(&t, c)) {
				i++;
				continue;
			}
			if (md) {
				if (c == '*' || c == '~' || c == '`' ||
				    c == '[' || (c == '!' && i + 1 < n &&
				    s[i + 1] == '[')) {
					i++;
					continue;
				}
				if (c == ']' || c == '<') {
					len = markup_len(s + i, n - i);
					if (c == ']' && len == 0)
						len = 1;
					if (len > 0) {
						i += len;
						continue;
					}
				}
				if (c == '&' && (len = entity_len(s + i, n - i))) {
					separator(&t);
					i += len;
					continue;
				}
			}
			separator(&t);
			i++;
			continue;
		}
		/* three bytes, the common case of CJK, decoded here */
		if ((c & 0xF0) == 0xE0 && i + 2 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
			c = (c & 0x0F) << 12 |
			    ((unsigned char)s[i + 1] & 0x3F) << 6 |
			    ((unsigned char)s[i + 2] & 0x3F);
			len = 3;
			if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) {
				c = 0xFFFD;
				len = 1;
			}
		} else
			len = utf8_next(s + i, n - i, &c);
		if (c >= 0xFF01 && c <= 0xFF5E) {
			/* full-width ASCII */
			if (!add_word_char(&t, c - 0xFEE0))
				separator(&t);
		} else if (bigram_char(c)) {
			end_word(&t);
			/* the character itself: one-character queries */
			fn(arg, s + i, len, c);
			if (t.prev != NULL && t.prev + t.prevlen == s + i)
				fn(arg, t.prev, t.prevlen + len,
				    (uint64_t)t.prevc << 32 | c);
			else if (t.prev != NULL) {
				for (k = 0; k < t.prevlen; k++)
					pair[k] = t.prev[k];
				for (k = 0; k < len; k++)
					pair[t.prevlen + k] = s[i + k];
				fn(arg, pair, t.prevlen + len,
				    (uint64_t)t.prevc << 32 | c);
			}
			t.prev = s + i;
			t.prevlen = len;
			t.prevc = c;
		} else
			separator(&t);
		i += len;
	}
	end_word(&t);
}

struct user {
	search_token_fn	 fn;
	void		*arg;
};

/* A search_emit_fn that calls the search_token_fn of search_tokens. */
static void
to_user(void *arg, const char *s, size_t n, uint64_t key)
{
	struct user *u = arg;

	(void)key;
	u->fn(u->arg, s, n);
}

void
search_tokens(const char *s, size_t n, int md, search_token_fn fn, void *arg)
{
	struct user u;

	u.fn = fn;
	u.arg = arg;
	search_tokenize(s, n, md, to_user, &u);
}
