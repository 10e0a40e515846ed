/*
 * The text of a rendered page for the search index (search_impl.h): what
 * a reader sees in its <main> (its <article>, if it has one), tags
 * dropped, entities decoded.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "site/search_impl.h"

/* Tags inside a line of text: the text on either side joins. */
static const char *const inline_tags[] = {
	"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn",
	"em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span",
	"strong", "sub", "sup", "time", "u", "var", NULL
};

/* Elements whose content is no text. */
static const char *const skipped_tags[] = {
	"script", "style", "template", "noscript", "svg", NULL
};

/*
 * Finds s[0..n) case-insensitively in h[0..hn) from the start; returns
 * its offset, or hn.
 */
static size_t
find_ci(const char *h, size_t hn, const char *s)
{
	size_t	 i, n = strlen(s);

	for (i = 0; i + n <= hn; i++)
		if (strncasecmp(h + i, s, n) == 0)
			return i;
	return hn;
}

/* The name of the tag at s ("<name" or "</name"), lower case, in name. */
static void
tag_name(const char *s, size_t n, char name[16])
{
	size_t	 i = 1, k = 0;

	if (i < n && s[i] == '/')
		i++;
	for (; i < n && k < 15 && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')); i++)
		name[k++] = (char)(s[i] | 0x20);
	name[k] = '\0';
}

/* Whether name is in the list v. */
static int
listed(const char *const *v, const char *name)
{
	for (; *v != NULL; v++)
		if (strcmp(*v, name) == 0)
			return 1;
	return 0;
}

/*
 * Appends the character of the entity at s[0..n) ("&amp;", "&#x4E00;")
 * to text and returns its length, or returns 0 when it is none this
 * knows (it is then text as it is).
 */
static size_t
put_entity(struct buf *text, const char *s, size_t n)
{
	static const struct {
		const char	*name;
		uint32_t	 c;
	} named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' }, { "&nbsp;", ' ' },
	};
	uint32_t c = 0;
	size_t	 i, k;
	int	 hex;

	for (k = 0; k < sizeof(named) / sizeof(named[0]); k++)
		if (n >= strlen(named[k].name) && memcmp(s, named[k].name,
		    strlen(named[k].name)) == 0) {
			utf8_put(text, named[k].c);
			return strlen(named[k].name);
		}
	if (n < 4 || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	for (i = hex ? 3 : 2; i < n && i < 12 && s[i] != ';'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			c = c * (hex ? 16 : 10) + (uint32_t)(s[i] - '0');
		else if (hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			c = c * 16 + (uint32_t)((s[i] | 0x20) - 'a' + 10);
		else
			return 0;
	}
	if (i >= n || s[i] != ';' || i == (hex ? 3u : 2u) || c == 0 ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	utf8_put(text, c);
	return i + 1;
}

/*
 * Narrows s[0..*n) to the element from the first start tag open ("<main")
 * up to the last end tag close ("</main>"), if it has that start tag.
 */
static void
element(const char **s, size_t *n, const char *open, const char *close)
{
	size_t	 i, k, len = strlen(close);

	if ((i = find_ci(*s, *n, open)) == *n)
		return;
	*s += i;
	*n -= i;
	for (k = *n, i = 0; i + len <= *n; i++)
		if (strncasecmp(*s + i, close, len) == 0)
			k = i;
	*n = k;
}

void
search_html_text(const char *html, size_t n, struct buf *text)
{
	const char *s = html, *e;
	char	 name[16], end[20];
	size_t	 i, len;
	int	 opening;

	/* the <main> element, if there is one, then the <article> in it */
	element(&s, &n, "<main", "</main>");
	element(&s, &n, "<article", "</article>");
	for (i = 0; i < n;) {
		if (s[i] == '&' && (len = put_entity(text, s + i, n - i)) > 0) {
			i += len;
			continue;
		}
		if (s[i] != '<') {
			buf_putc(text, s[i++]);
			continue;
		}
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			e = memmem(s + i + 4, n - i - 4, "-->", 3);
			i = e ? (size_t)(e - s) + 3 : n;
			continue;
		}
		tag_name(s + i, n - i, name);
		if (name[0] == '\0') {
			buf_putc(text, s[i++]);	/* a "<" of the text */
			continue;
		}
		opening = s[i + 1] != '/';
		if ((e = memchr(s + i, '>', n - i)) == NULL)
			break;
		i = (size_t)(e - s) + 1;
		if (opening && e[-1] != '/' && listed(skipped_tags, name)) {
			/* up to its end tag, which separates below */
			snprintf(end, sizeof(end), "</%s", name);
			i += find_ci(s + i, n - i, end);
			continue;
		}
		/* other tags separate, as a blank line does */
		if (!listed(inline_tags, name) && (text->len < 2 ||
		    memcmp(text->ptr + text->len - 2, "\n\n", 2) != 0))
			buf_puts(text, "\n\n");
	}
}
