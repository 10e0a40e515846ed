/*
 * The text of a published file, piece by piece (see cells.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "output/cells.h"
#include "lib/utext.h"
#include "lib/util.h"

#define SNIFF		8192		/* bytes looked at for a NUL */
#define ZIP_ENTRY_MAX	((zip_uint64_t)32 << 20)	/* bytes of one entry */
#define ZIP_TOTAL_MAX	((zip_uint64_t)128 << 20)	/* of all entries */

/* Files known by their first bytes that hold no readable text. */
static const struct magic {
	const char	*bytes;
	size_t		 len;
	size_t		 at;
	const char	*what;
} magics[] = {
	{ "\x89PNG", 4, 0, "PNG 图片" },
	{ "\xff\xd8\xff", 3, 0, "JPEG 图片" },
	{ "GIF8", 4, 0, "GIF 图片" },
	{ "WEBP", 4, 8, "WebP 图片" },
	{ "BM", 2, 0, "BMP 图片" },
	{ "\0\0\1\0", 4, 0, "图标" },
	{ "II*\0", 4, 0, "TIFF 图片" },
	{ "MM\0*", 4, 0, "TIFF 图片" },
	{ "ftyp", 4, 4, "视频或图片（MP4、HEIC 等）" },
	{ "wOFF", 4, 0, "字体" },
	{ "wOF2", 4, 0, "字体" },
	{ "\0\1\0\0", 4, 0, "字体" },
	{ "OTTO", 4, 0, "字体" },
	{ "ID3", 3, 0, "音频" },
	{ "OggS", 4, 0, "音频或视频" },
	{ "WAVE", 4, 8, "音频" },
	{ "AVI ", 4, 8, "视频" },
	{ "\x1a\x45\xdf\xa3", 4, 0, "视频" },
	{ "\xd0\xcf\x11\xe0", 4, 0, "旧版 Office 文件（.doc、.xls）" },
	{ "\x1f\x8b", 2, 0, "gzip 压缩文件" },
	{ "7z\xbc\xaf", 4, 0, "7z 压缩文件" },
	{ "Rar!", 4, 0, "RAR 压缩文件" },
};

/* Named character references that may stand for text worth checking. */
static const struct entity {
	const char	*name;
	uint32_t	 c;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "ensp", 0x2002 },
	{ "emsp", 0x2003 }, { "thinsp", 0x2009 }, { "zwnj", 0x200c },
	{ "zwj", 0x200d }, { "shy", 0xad }, { "middot", 0xb7 },
	{ "ndash", 0x2013 }, { "mdash", 0x2014 }, { "minus", 0x2212 },
	{ "hyphen", 0x2010 }, { "dash", 0x2010 }, { "lpar", '(' },
	{ "rpar", ')' }, { "lowbar", '_' }, { "period", '.' }, { "sol", '/' },
	{ "comma", ',' }, { "plus", '+' }, { "colon", ':' },
	{ "NewLine", '\n' }, { "Tab", '\t' }, { "hellip", 0x2026 },
};

/* Where a walk is: the callback, and the line of position pos. */
struct walk {
	const char	*s;
	size_t		 n;
	cells_fn	 fn;
	void		*arg;
	const char	*part;
	size_t		 pos, line;
	struct buf	 scratch;
	int		 stop;
};

/* The line of byte i (i >= w->pos, lines counted incrementally). */
static size_t
line_at(struct walk *w, size_t i)
{
	const char	*p;

	assert(i >= w->pos);
	while ((p = memchr(w->s + w->pos, '\n', i - w->pos)) != NULL) {
		w->line++;
		w->pos = (size_t)(p - w->s) + 1;
	}
	w->pos = i;
	return w->line;
}

static void
emit(struct walk *w, const char *t, size_t n, size_t line)
{
	if (!w->stop && n > 0 && !w->fn(w->arg, t, n, line, w->part))
		w->stop = 1;
}

/* Decodes the character reference at s[0..n) (after '&'): returns its
 * length up to and with ';' and the character in *c, or 0. */
static size_t
entity(const char *s, size_t n, uint32_t *c)
{
	size_t	 i, k, l;
	uint32_t v = 0;

	if (n > 1 && s[0] == '#') {
		int	 hex = n > 2 && (s[1] == 'x' || s[1] == 'X');

		for (i = hex ? 2 : 1; i < n && i < 12 && s[i] != ';'; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				v = v * (hex ? 16 : 10) + (uint32_t)(s[i] - '0');
			else if (hex && ((s[i] | 0x20) >= 'a' &&
			    (s[i] | 0x20) <= 'f'))
				v = v * 16 + (uint32_t)((s[i] | 0x20) - 'a' + 10);
			else
				return 0;
		}
		if (i >= n || s[i] != ';' || i == (hex ? 2u : 1u) ||
		    v > 0x10ffff)
			return 0;
		*c = v == 0 ? 0xfffd : v;
		return i + 1;
	}
	for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		l = strlen(entities[k].name);
		if (l < n && memcmp(s, entities[k].name, l) == 0 &&
		    s[l] == ';') {
			*c = entities[k].c;
			return l + 1;
		}
	}
	return 0;
}

/* Emits t[0..n) with its character references decoded. */
static void
emit_decoded(struct walk *w, const char *t, size_t n, size_t line)
{
	const char	*amp;
	size_t		 i = 0, l;
	uint32_t	 c;

	if ((amp = memchr(t, '&', n)) == NULL) {
		emit(w, t, n, line);
		return;
	}
	buf_clear(&w->scratch);
	while (i < n) {
		if (t[i] == '&' && (l = entity(t + i + 1, n - i - 1, &c)) > 0) {
			utf8_put(&w->scratch, c);
			i += l + 1;
		} else
			buf_putc(&w->scratch, t[i++]);
	}
	emit(w, w->scratch.ptr, w->scratch.len, line);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* An attribute value: decoded, and percent-decoded if it has %XX. */
static void
emit_value(struct walk *w, const char *t, size_t n, size_t line)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (memchr(t, '%', n) == NULL) {
		emit_decoded(w, t, n, line);
		return;
	}
	for (i = 0; i < n; i++)
		if (t[i] == '%' && i + 2 < n && hexval(t[i + 1]) >= 0 &&
		    hexval(t[i + 2]) >= 0) {
			buf_putc(&b, hexval(t[i + 1]) * 16 + hexval(t[i + 2]));
			i += 2;
		} else
			buf_putc(&b, t[i]);
	emit_decoded(w, b.ptr, b.len, line);
	buf_free(&b);
}

/* The end of the first occurrence of what in s[i..n) (case-insensitive
 * when ci), or n. */
static size_t
find(const char *s, size_t n, size_t i, const char *what, int ci,
    size_t *start)
{
	const char *p;
	size_t	 l = strlen(what);

	/* what starts with a character that has no case ('<', '-', ']'):
	 * only where it stands can what begin */
	assert(l > 0 && !((what[0] | 0x20) >= 'a' && (what[0] | 0x20) <= 'z'));
	for (; i + l <= n; i = (size_t)(p - s) + 1) {
		if ((p = memchr(s + i, what[0], n - l + 1 - i)) == NULL)
			break;
		if (ci ? strncasecmp(p + 1, what + 1, l - 1) == 0 :
		    memcmp(p + 1, what + 1, l - 1) == 0) {
			*start = (size_t)(p - s);
			return *start + l;
		}
	}
	*start = n;
	return n;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Reads the tag at w->s[i] ('<' and a letter, '/', '!' or '?'): its
 * attribute values are emitted.  Returns where it ends; *raw is 1 for
 * script and 2 for style, whose contents are not markup, else 0. */
static size_t
tag(struct walk *w, size_t i, int *raw)
{
	const char	*s = w->s;
	size_t		 n = w->n, j, k;
	char		 q;

	*raw = 0;
	for (j = i + 1; j < n && s[j] != '>' && s[j] != '/' && !is_space(s[j]);
	    j++)
		continue;
	if (j - i - 1 == 6 && strncasecmp(s + i + 1, "script", 6) == 0)
		*raw = 1;
	else if (j - i - 1 == 5 && strncasecmp(s + i + 1, "style", 5) == 0)
		*raw = 2;
	while (j < n && s[j] != '>') {
		if (s[j] != '=') {
			j++;
			continue;
		}
		for (j++; j < n && is_space(s[j]); j++)
			continue;
		if (j < n && (s[j] == '"' || s[j] == '\'')) {
			q = s[j++];
			for (k = j; k < n && s[k] != q; k++)
				continue;
			emit_value(w, s + j, k - j, line_at(w, j));
			j = k < n ? k + 1 : n;
		} else {
			for (k = j; k < n && s[k] != '>' && !is_space(s[k]); k++)
				continue;
			emit_value(w, s + j, k - j, line_at(w, j));
			j = k;
		}
	}
	return j < n ? j + 1 : n;
}

/* Walks markup: text, attribute values, comments, script and style. */
static void
markup(struct walk *w)
{
	const char	*s = w->s, *lt;
	size_t		 n = w->n, i = 0, e, start;
	int		 raw;

	while (i < n && !w->stop) {
		if (s[i] != '<') {
			lt = memchr(s + i, '<', n - i);
			e = lt ? (size_t)(lt - s) : n;
			emit_decoded(w, s + i, e - i, line_at(w, i));
			i = e;
			continue;
		}
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			e = find(s, n, i + 4, "-->", 0, &start);
			emit_decoded(w, s + i + 4, start - i - 4,
			    line_at(w, i));
			i = e;
		} else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			e = find(s, n, i + 9, "]]>", 0, &start);
			emit(w, s + i + 9, start - i - 9, line_at(w, i));
			i = e;
		} else if (i + 1 < n && ((s[i + 1] | 0x20) >= 'a' &&
		    (s[i + 1] | 0x20) <= 'z' ? 1 : s[i + 1] == '/' ||
		    s[i + 1] == '!' || s[i + 1] == '?')) {
			i = tag(w, i, &raw);
			if (raw) {
				e = find(s, n, i, raw == 1 ? "</script" :
				    "</style", 1, &start);
				emit(w, s + i, start - i, line_at(w, i));
				i = start;
			}
		} else {
			/* a '<' that opens nothing: text */
			lt = i + 1 < n ? memchr(s + i + 1, '<', n - i - 1) :
			    NULL;
			e = lt ? (size_t)(lt - s) : n;
			emit_decoded(w, s + i, e - i, line_at(w, i));
			i = e;
		}
	}
}

/* Reads 4 hex digits at s (n left); -1 if they are not. */
static long
hex4(const char *s, size_t n)
{
	long	 v = 0;
	int	 i, h;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hexval(s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * Walks JSON: each string decoded and each number.  With w->fn NULL only
 * checks that it is JSON.  Returns 1, or 0 if it is not JSON.
 */
static int
json(struct walk *w, int call)
{
	const char	*s = w->s;
	size_t		 n = w->n, i = 0, j;
	long		 u, lo;
	uint32_t	 c;

	while (i < n && !w->stop) {
		switch (s[i]) {
		case ' ': case '\t': case '\n': case '\r': case ',': case ':':
		case '[': case ']': case '{': case '}':
			i++;
			continue;
		case '"':
			buf_clear(&w->scratch);
			for (j = i + 1; j < n && s[j] != '"'; j++) {
				if (s[j] != '\\') {
					if (call)
						buf_putc(&w->scratch, s[j]);
					continue;
				}
				if (++j >= n)
					return 0;
				switch (s[j]) {
				case 'n': c = '\n'; break;
				case 't': c = '\t'; break;
				case 'r': c = '\r'; break;
				case 'b': c = '\b'; break;
				case 'f': c = '\f'; break;
				case '"': case '\\': case '/':
					c = (unsigned char)s[j];
					break;
				case 'u':
					if ((u = hex4(s + j + 1, n - j - 1)) < 0)
						return 0;
					j += 4;
					c = (uint32_t)u;
					if (u >= 0xd800 && u < 0xdc00 &&
					    j + 6 < n && s[j + 1] == '\\' &&
					    s[j + 2] == 'u' && (lo = hex4(s + j +
					    3, n - j - 3)) >= 0xdc00 &&
					    lo < 0xe000) {
						c = 0x10000 + (uint32_t)((u -
						    0xd800) << 10 | (lo - 0xdc00));
						j += 6;
					}
					break;
				default:
					return 0;
				}
				if (call)
					utf8_put(&w->scratch, c);
			}
			if (j >= n)
				return 0;
			if (call)
				emit(w, w->scratch.ptr, w->scratch.len,
				    line_at(w, i));
			i = j + 1;
			continue;
		}
		if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			for (j = i + 1; j < n && ((s[j] >= '0' && s[j] <= '9') ||
			    s[j] == '.' || s[j] == 'e' || s[j] == 'E' ||
			    s[j] == '+' || s[j] == '-'); j++)
				continue;
			if (call)
				emit(w, s + i, j - i, line_at(w, i));
			i = j;
			continue;
		}
		if (n - i >= 4 && (memcmp(s + i, "true", 4) == 0 ||
		    memcmp(s + i, "null", 4) == 0)) {
			i += 4;
			continue;
		}
		if (n - i >= 5 && memcmp(s + i, "false", 5) == 0) {
			i += 5;
			continue;
		}
		return 0;
	}
	return 1;
}

/* Walks CSV (sep ',' or '\t'): each cell, quotes undone. */
static void
csv(struct walk *w, char sep)
{
	const char	*s = w->s;
	size_t		 n = w->n, i = 0, j;

	while (i < n && !w->stop) {
		if (s[i] == '"') {
			buf_clear(&w->scratch);
			for (j = i + 1; j < n; j++) {
				if (s[j] == '"') {
					if (j + 1 < n && s[j + 1] == '"') {
						buf_putc(&w->scratch, '"');
						j++;
						continue;
					}
					break;
				}
				buf_putc(&w->scratch, s[j]);
			}
			emit(w, w->scratch.ptr, w->scratch.len, line_at(w, i));
			i = j < n ? j + 1 : n;
		} else {
			for (j = i; j < n && s[j] != sep && s[j] != '\n' &&
			    s[j] != '\r'; j++)
				continue;
			emit(w, s + i, j - i, line_at(w, i));
			i = j;
		}
		while (i < n && (s[i] == sep || s[i] == '\n' || s[i] == '\r'))
			i++;
	}
}

/* Walks text data[0..n) of a file called name (or a zip entry part). */
static void
walk_text(struct walk *w, const char *name)
{
	size_t	 i;

	if (w->n >= 3 && memcmp(w->s, "\xef\xbb\xbf", 3) == 0) {
		w->s += 3;
		w->n -= 3;
	}
	for (i = 0; i < w->n && (w->s[i] == ' ' || w->s[i] == '\t' ||
	    w->s[i] == '\n' || w->s[i] == '\r'); i++)
		continue;
	if (i < w->n && w->s[i] == '<')
		markup(w);
	else if (i < w->n && (w->s[i] == '{' || w->s[i] == '[') && json(w, 0))
		(void)json(w, 1);
	else if (util_has_suffix(name, ".csv"))
		csv(w, ',');
	else if (util_has_suffix(name, ".tsv"))
		csv(w, '\t');
	else
		emit(w, w->s, w->n, 1);
}

/* Walks the XML entries of the zip file (an office document) at w. */
static int
zipped(struct walk *w, const char **what)
{
	zip_error_t	 ze;
	zip_source_t	*src;
	zip_t		*za;
	zip_file_t	*zf;
	zip_stat_t	 st;
	zip_int64_t	 k, ne;
	zip_uint64_t	 total = 0;
	struct buf	 data = BUF_INIT;
	struct walk	 sub;
	const char	*s = w->s;
	size_t		 n = w->n;
	int		 ok = 0;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(s, n, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		if (src != NULL)
			zip_source_free(src);
		zip_error_fini(&ze);
		*what = "zip 压缩文件（无法打开）";
		return 0;
	}
	ne = zip_get_num_entries(za, 0);
	for (k = 0; k < ne && !w->stop; k++) {
		if (zip_stat_index(za, (zip_uint64_t)k, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE) ||
		    !util_has_suffix(st.name, ".xml"))
			continue;
		if (st.size > ZIP_ENTRY_MAX || (total += st.size) >
		    ZIP_TOTAL_MAX || (zf = zip_fopen_index(za,
		    (zip_uint64_t)k, 0)) == NULL) {
			*what = "zip 压缩文件（内容太大或无法解压）";
			goto out;
		}
		buf_clear(&data);
		buf_grow(&data, (size_t)st.size + 1);
		if (zip_fread(zf, data.ptr, st.size) != (zip_int64_t)st.size) {
			zip_fclose(zf);
			*what = "zip 压缩文件（无法解压）";
			goto out;
		}
		zip_fclose(zf);
		data.len = (size_t)st.size;
		memset(&sub, 0, sizeof(sub));
		sub.s = data.ptr;
		sub.n = data.len;
		sub.fn = w->fn;
		sub.arg = w->arg;
		sub.part = st.name;
		sub.line = 1;
		buf_init(&sub.scratch);
		walk_text(&sub, st.name);
		buf_free(&sub.scratch);
		w->stop = sub.stop;
	}
	ok = 1;
out:
	zip_discard(za);
	zip_error_fini(&ze);
	buf_free(&data);
	return ok;
}

int
cells_each(const char *name, const void *data, size_t n, cells_fn fn,
    void *arg, const char **what)
{
	struct walk	 w;
	const char	*s = data;
	size_t		 i;
	int		 ok = 1;

	*what = NULL;
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].at + magics[i].len &&
		    memcmp(s + magics[i].at, magics[i].bytes, magics[i].len) ==
		    0) {
			*what = magics[i].what;
			return 0;
		}
	if (n >= 5 && memcmp(s, "%PDF-", 5) == 0 &&
	    memmem(s, n, "/Filter", 7) != NULL) {
		*what = "PDF（内容经过压缩）";
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.n = n;
	w.fn = fn;
	w.arg = arg;
	w.line = 1;
	buf_init(&w.scratch);
	if (n >= 4 && memcmp(s, "PK\3\4", 4) == 0)
		ok = zipped(&w, what);
	else if (memchr(s, '\0', n < SNIFF ? n : SNIFF) != NULL) {
		*what = "二进制文件";
		ok = 0;
	} else
		walk_text(&w, name);
	buf_free(&w.scratch);
	return ok;
}
