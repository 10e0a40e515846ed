#include <assert.h>
#include <ctype.h>
#include <string.h>

#include "lib/buf.h"
#include "site/tmpl.h"

#define MAX_NEST 64

struct comp {
	const char	*s;
	size_t		 n;
	size_t		 i;		/* read position */
	int		 line;		/* template line at position i */
	int		 outline;	/* current line of the Lua output */
	struct buf	*out;
	struct buf	*err;
	int		*errline;
	int		 extends;	/* template starts with extends */
	int		 depth;		/* open blocks */
	int		 bline[MAX_NEST];
	int		 bfunc[MAX_NEST];	/* block compiled as a function */
	char		 bname[MAX_NEST][64];	/* names of the open blocks */
	char		 names[256][64];
	size_t		 nnames;
};

/* Sets the error of c: msg at template line; returns 0. */
static int
fail(struct comp *c, int line, const char *msg)
{
	buf_puts(c->err, msg);
	*c->errline = line;
	return 0;
}

/* Pads the Lua output with newlines up to the current template line. */
static void
sync(struct comp *c)
{
	while (c->outline < c->line) {
		buf_putc(c->out, '\n');
		c->outline++;
	}
}

/* Counts the newlines of p[0..n) into the template line of c. */
static void
count_lines(struct comp *c, const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			c->line++;
}

/* Emits a Lua string literal on one line. */
static void
put_lua_string(struct buf *b, const char *p, size_t n)
{
	size_t	 i;
	unsigned char ch;

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		ch = (unsigned char)p[i];
		switch (ch) {
		case '"':  buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				buf_printf(b, "\\%03u", ch);
			else
				buf_putc(b, ch);
		}
	}
	buf_putc(b, '"');
}

/* Whether p[0..n) is white space only (or empty). */
static int
only_space(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return 0;
	return 1;
}

/* Emits literal text p[0..n) that starts at the current line. */
static int
emit_text(struct comp *c, const char *p, size_t n)
{
	size_t	 k;

	if (n == 0)
		return 1;
	if (c->extends && c->depth == 0) {
		if (!only_space(p, n)) {
			for (k = 0; isspace((unsigned char)p[k]); k++)
				continue;
			count_lines(c, p, k);
			return fail(c, c->line, "模板错误：继承模板（extends）"
			    "中 block 之外的文字不会输出：请把它移到某个 block 里");
		}
		count_lines(c, p, n);
		return 1;
	}
	sync(c);
	buf_puts(c->out, " _W(_o,");
	put_lua_string(c->out, p, n);
	buf_puts(c->out, ")");
	count_lines(c, p, n);
	return 1;
}

/*
 * Emits Lua code copied from the template, keeping its newlines.  Lua ends
 * a line at "\n", "\r", "\r\n" or "\n\r"; a template line ends at "\n"
 * only, so a carriage return that Lua would count as a line of its own
 * becomes a space, and Lua's line numbers stay the template's.
 */
static void
emit_code(struct comp *c, const char *p, size_t n)
{
	size_t	 i;

	sync(c);
	buf_putc(c->out, ' ');
	for (i = 0; i < n; i++) {
		if (p[i] != '\n' && p[i] != '\r') {
			buf_putc(c->out, p[i]);
			continue;
		}
		if (i + 1 < n && (p[i + 1] == '\n' || p[i + 1] == '\r') &&
		    p[i + 1] != p[i]) {
			buf_put(c->out, p + i, 2);
			i++;
		} else if (p[i] == '\r') {
			buf_putc(c->out, ' ');
			continue;
		} else
			buf_putc(c->out, '\n');
		c->line++;
		c->outline++;
	}
}

/* What skip_long found at '['. */
enum long_bracket {
	LONG_NONE,	/* not a long bracket: nothing skipped */
	LONG_OPEN,	/* one that does not end */
	LONG_SKIPPED	/* one, skipped: *i is just after it */
};

/*
 * Skips a Lua long bracket [==[ ... ]==] at p[*i], counting its newlines
 * in *lines.
 */
static enum long_bracket
skip_long(const char *p, size_t n, size_t *i, int *lines)
{
	size_t	 j = *i + 1, lvl = 0, k;

	assert(*i < n && p[*i] == '[');
	while (j < n && p[j] == '=') {
		lvl++;
		j++;
	}
	if (j >= n || p[j] != '[')
		return LONG_NONE;
	for (j++; j < n; j++) {
		if (p[j] == '\n')
			(*lines)++;
		if (p[j] != ']')
			continue;
		for (k = 0; k < lvl && j + 1 + k < n && p[j + 1 + k] == '='; k++)
			;
		if (k == lvl && j + 1 + k < n && p[j + 1 + k] == ']') {
			*i = j + 2 + k;
			return LONG_SKIPPED;
		}
	}
	return LONG_OPEN;
}

/* What find_close found. */
enum tag_close {
	CLOSE_NONE,	/* no closing pair */
	CLOSE_FOUND,
	CLOSE_STRING,	/* a quoted string that does not end on its line */
	CLOSE_LONG	/* a [[ string or --[[ comment that does not end */
};

/*
 * Finds the end of a tag whose body starts at c->i, closed by close[0]
 * close[1] ("}}", "%}" or "#}"), skipping Lua strings and comments so that
 * "}}" inside a string does not end the tag.  On CLOSE_FOUND sets *end to
 * the index of the closing pair and, if the body ends inside a line
 * comment, *cmt to the index of its "--" (else to *end).  On CLOSE_STRING
 * and CLOSE_LONG sets *end to where the string or comment starts.
 */
static enum tag_close
find_close(struct comp *c, const char *close, int lua, size_t *end,
    size_t *cmt)
{
	const char *p = c->s;
	size_t	 i = c->i, n = c->n, start;
	enum long_bracket r;
	int	 lines = 0;
	char	 q;

	while (i + 1 < n) {
		if (p[i] == close[0] && p[i + 1] == close[1]) {
			*end = *cmt = i;
			return CLOSE_FOUND;
		}
		if (!lua) {
			i++;
			continue;
		}
		start = i;
		if (p[i] == '"' || p[i] == '\'') {
			q = p[i++];
			while (i < n && p[i] != q && p[i] != '\n') {
				if (p[i] == '\\' && i + 1 < n) {
					/* \z skips white space, newlines too */
					if (p[++i] == 'z')
						while (i + 1 < n && isspace(
						    (unsigned char)p[i + 1]))
							i++;
				}
				i++;
			}
			if (i >= n || p[i] == '\n') {
				*end = start;
				return CLOSE_STRING;
			}
			i++;
		} else if (p[i] == '[' &&
		    (r = skip_long(p, n, &i, &lines)) != LONG_NONE) {
			if (r == LONG_OPEN) {
				*end = start;
				return CLOSE_LONG;
			}
		} else if (p[i] == '-' && p[i + 1] == '-') {
			i += 2;
			if (i < n && p[i] == '[' &&
			    (r = skip_long(p, n, &i, &lines)) != LONG_NONE) {
				if (r == LONG_OPEN) {
					*end = start;
					return CLOSE_LONG;
				}
				continue;
			}
			while (i + 1 < n && p[i] != '\n' &&
			    !(p[i] == close[0] && p[i + 1] == close[1]))
				i++;
			if (i + 1 < n && p[i] != '\n') {
				*cmt = start;
				*end = i;
				return CLOSE_FOUND;
			}
		} else
			i++;
	}
	return CLOSE_NONE;
}

/* Drops the white space at the end of *p[0..*n). */
static void
trim_right(const char **p, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)(*p)[*n - 1]))
		(*n)--;
}

/* Drops the white space at the start of *p[0..*n). */
static void
trim_left(const char **p, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
}

/* Parses a quoted name "x.html" filling the whole of p[0..n). */
static int
quoted(const char *p, size_t n, const char **s, size_t *len)
{
	size_t	 i;

	trim_left(&p, &n);
	trim_right(&p, &n);
	if (n < 2 || (p[0] != '"' && p[0] != '\'') || p[n - 1] != p[0])
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (p[i] == p[0] || p[i] == '\\' || p[i] == '\n')
			return 0;
	*s = p + 1;
	*len = n - 2;
	return *len > 0;
}

/* If p[0..n) starts with word followed by space or end, skips it. */
static int
keyword(const char **p, size_t *n, const char *word)
{
	size_t	 w = strlen(word);

	if (*n < w || memcmp(*p, word, w) != 0)
		return 0;
	if (*n > w && !isspace((unsigned char)(*p)[w]))
		return 0;
	*p += w;
	*n -= w;
	trim_left(p, n);
	return 1;
}

/* Whether p[0..n) is a Lua name of at most 63 bytes (a block name). */
static int
identifier(const char *p, size_t n)
{
	size_t	 i;

	if (n == 0 || n >= 64 || !(isalpha((unsigned char)p[0]) || p[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)p[i]) || p[i] == '_'))
			return 0;
	return 1;
}

/*
 * Compiles the body p[0..n) of a {% %} tag that starts on line tagline:
 * block, endblock, include, or Lua code.  Returns 1, or 0 with the error
 * set (fail).
 */
static int
statement(struct comp *c, const char *p, size_t n, int tagline)
{
	const char *a = p, *s, *q, *vars;
	size_t	 an = n, sl, k, vn;

	trim_left(&a, &an);
	trim_right(&a, &an);
	if (keyword(&a, &an, "extends") && quoted(a, an, &s, &sl))
		return fail(c, tagline, "模板错误：extends 必须写在模板的最开头");
	a = p, an = n;
	trim_left(&a, &an);
	trim_right(&a, &an);
	if (keyword(&a, &an, "block")) {
		if (!identifier(a, an))
			return fail(c, tagline, "模板错误：block 后面应当是一个名字，"
			    "如 {% block main %}");
		if (c->depth == MAX_NEST)
			return fail(c, tagline, "模板错误：block 嵌套太深");
		for (k = 0; k < c->nnames; k++)
			if (strlen(c->names[k]) == an &&
			    memcmp(c->names[k], a, an) == 0)
				return fail(c, tagline, "模板错误：同名的 block "
				    "在一个模板里出现了两次");
		if (c->nnames < sizeof(c->names) / sizeof(c->names[0])) {
			memcpy(c->names[c->nnames], a, an);
			c->names[c->nnames++][an] = '\0';
		}
		sync(c);
		c->bline[c->depth] = tagline;
		memcpy(c->bname[c->depth], a, an);
		c->bname[c->depth][an] = '\0';
		/* names go in brackets: a block may be called "end" */
		if (c->extends && c->depth == 0) {
			buf_puts(c->out, " if _B[\"");
			buf_put(c->out, a, an);
			buf_puts(c->out, "\"]==nil then _B[\"");
			buf_put(c->out, a, an);
			buf_puts(c->out, "\"]=function(_ENV,_o,_b)");
			c->bfunc[c->depth] = 1;
		} else {
			buf_puts(c->out, " do local _f=_b and _b[\"");
			buf_put(c->out, a, an);
			buf_puts(c->out, "\"] if _f then _f(_ENV,_o,_b) else");
			c->bfunc[c->depth] = 0;
		}
		c->depth++;
		count_lines(c, p, n);
		return 1;
	}
	if (keyword(&a, &an, "endblock")) {
		if (an != 0 && !identifier(a, an))
			return fail(c, tagline, "模板错误：endblock 后面只能写 block 的名字");
		if (c->depth == 0)
			return fail(c, tagline, "模板错误：endblock 前面没有对应的 block");
		if (an != 0 && (strlen(c->bname[c->depth - 1]) != an ||
		    memcmp(c->bname[c->depth - 1], a, an) != 0))
			return fail(c, tagline, "模板错误：endblock 后面的名字和"
			    "正在结束的 block 的名字不一样");
		c->depth--;
		sync(c);
		buf_puts(c->out, " end end");
		count_lines(c, p, n);
		return 1;
	}
	if (keyword(&a, &an, "include")) {
		/* "name" then optionally , and a variables table */
		vars = a + an;
		if (an >= 2 && (a[0] == '"' || a[0] == '\'') &&
		    (q = memchr(a + 1, a[0], an - 1)) != NULL)
			vars = q + 1;
		vn = (size_t)(a + an - vars);
		k = (size_t)(vars - a);
		trim_left(&vars, &vn);
		if (!quoted(a, k, &s, &sl) || (vn > 0 && (*vars != ',' ||
		    only_space(vars + 1, vn - 1))))
			return fail(c, tagline, "模板错误：include 后面应当是带引号的"
			    "模板名，可以再加一个变量表，如 {% include "
			    "\"partials/item.html\", {p = p} %}");
		if (c->extends && c->depth == 0)
			return fail(c, tagline, "模板错误：继承模板（extends）中 "
			    "block 之外的 include 不会输出：请把它移到某个 block 里");
		sync(c);
		buf_puts(c->out, " _P(_ENV,_o,");
		put_lua_string(c->out, s, sl);
		if (vn > 0) {
			/* the variables table, on its own template lines */
			buf_putc(c->out, ',');
			vars++;
			vn--;
			count_lines(c, p, (size_t)(vars - p));
			emit_code(c, vars, vn);
			buf_puts(c->out, ")");
			count_lines(c, vars + vn, (size_t)(p + n - vars - vn));
		} else {
			buf_puts(c->out, ")");
			count_lines(c, p, n);
		}
		return 1;
	}
	emit_code(c, p, n);
	buf_putc(c->out, ' ');
	return 1;
}

/*
 * Compiles the body p[0..n) of a {{ }} tag (raw: {{& }}, not escaped)
 * that starts on line tagline.  Returns 1, or 0 with the error set.
 */
static int
expression(struct comp *c, const char *p, size_t n, int raw, int tagline)
{
	const char *a = p;
	size_t	 an = n;

	trim_left(&a, &an);
	trim_right(&a, &an);
	if (an == 0)
		return fail(c, tagline, "模板错误：{{ }} 里没有内容");
	if (c->extends && c->depth == 0)
		return fail(c, tagline, "模板错误：继承模板（extends）中 block "
		    "之外的 {{ }} 不会输出：请把它移到某个 block 里");
	sync(c);
	buf_puts(c->out, raw ? " _R(_o,(" : " _E(_o,(");
	emit_code(c, p, n);
	buf_puts(c->out, "))");
	return 1;
}

/* Recognises {% extends "x" %} as the first thing in the template. */
static int
leading_extends(struct comp *c)
{
	const char *p = c->s, *e, *s;
	size_t	 i = c->i, n = c->n, bl, sl;
	int	 lines = 0;

	for (;;) {
		while (i < n && isspace((unsigned char)p[i])) {
			if (p[i] == '\n')
				lines++;
			i++;
		}
		if (i + 1 < n && p[i] == '{' && p[i + 1] == '#') {
			e = memmem(p + i + 2, n - i - 2, "#}", 2);
			if (e == NULL)
				return 1;
			for (; p + i < e; i++)
				if (p[i] == '\n')
					lines++;
			i += 2;
			continue;
		}
		break;
	}
	if (i + 1 >= n || p[i] != '{' || p[i + 1] != '%')
		return 1;
	e = memmem(p + i + 2, n - i - 2, "%}", 2);
	if (e == NULL)
		return 1;
	s = p + i + 2;
	bl = (size_t)(e - s);
	if (bl && *s == '-')
		s++, bl--;
	if (bl && s[bl - 1] == '-')
		bl--;
	trim_left(&s, &bl);
	if (!keyword(&s, &bl, "extends"))
		return 1;
	if (!quoted(s, bl, &s, &sl))
		return fail(c, c->line + lines, "模板错误：extends 后面应当是带引号的"
		    "模板名，如 {% extends \"baseof.html\" %}");
	c->extends = 1;
	buf_puts(c->out, " local _B=_b or {} local _X_NAME=");
	put_lua_string(c->out, s, sl);
	c->line += lines;
	for (; p + i < e + 2; i++)
		if (p[i] == '\n')
			c->line++;
	c->i = i;
	return 1;
}

/*
 * Compiles the template src[0..n) into the source of a Lua chunk, appended
 * to lua.  Returns 1 on success; on a template error returns 0, appends a
 * message (in Chinese, without location) to err and sets *errline to the
 * 1-based template line.  Errors in the Lua code inside tags are not seen
 * here: Lua reports them when the chunk is loaded, on the same line.  A
 * UTF-8 byte order mark at the start is skipped.
 */
int
tmpl_compile(const char *src, size_t n, struct buf *lua, struct buf *err,
    int *errline)
{
	struct comp c;
	const char *p, *body;
	size_t	 start, end, blen, tlen, cmt;
	int	 raw, trimr, tagline;
	char	 kind;
	const char *close;

	memset(&c, 0, sizeof(c));
	c.s = src;
	c.n = n;
	c.line = c.outline = 1;
	c.out = lua;
	c.err = err;
	c.errline = errline;
	if (n >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		c.i = 3;

	buf_puts(lua, "local _W,_E,_R,_P,_X=... return function(_ENV,_o,_b)");
	if (!leading_extends(&c))
		return 0;
	while (c.i < n) {
		p = memchr(src + c.i, '{', n - c.i);
		while (p != NULL && (p + 1 >= src + n ||
		    (p[1] != '{' && p[1] != '%' && p[1] != '#')))
			p = memchr(p + 1, '{', (size_t)(src + n - p - 1));
		start = p ? (size_t)(p - src) : n;
		tlen = start - c.i;
		if (p != NULL && p + 2 < src + n && p[2] == '-')
			while (tlen > 0 && isspace((unsigned char)src[c.i + tlen - 1]))
				tlen--;
		if (!emit_text(&c, src + c.i, tlen))
			return 0;
		count_lines(&c, src + c.i + tlen, start - c.i - tlen);
		if (p == NULL)
			break;
		tagline = c.line;
		kind = p[1];
		c.i = start + 2;
		raw = 0;
		if (c.i < n && src[c.i] == '-')
			c.i++;
		if (kind == '{' && c.i < n && src[c.i] == '&') {
			raw = 1;
			c.i++;
		}
		close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
		switch (find_close(&c, close, kind != '#', &end, &cmt)) {
		case CLOSE_FOUND:
			break;
		case CLOSE_STRING:
			count_lines(&c, src + c.i, end - c.i);
			return fail(&c, c.line, "模板错误：引号里的文字没有在"
			    "同一行结束：请补上另一个引号");
		case CLOSE_LONG:
			count_lines(&c, src + c.i, end - c.i);
			return fail(&c, c.line, "模板错误：[[ 开始的长字符串"
			    "或 --[[ 开始的注释没有对应的 ]]");
		case CLOSE_NONE:
			return fail(&c, tagline, kind == '{' ?
			    "模板错误：{{ 没有对应的 }}" : kind == '%' ?
			    "模板错误：{% 没有对应的 %}" : "模板错误：{# 没有对应的 #}");
		}
		body = src + c.i;
		/*
		 * A '-' before the closing pair trims, also at the end of a
		 * line comment ({%- -- note -%}) but not as part of its "--".
		 */
		trimr = end > c.i && src[end - 1] == '-' &&
		    (cmt == end || end - 1 >= cmt + 2);
		/* A trailing line comment is dropped: it has no newline. */
		blen = (cmt < end ? cmt : end - trimr) - c.i;
		if (kind == '#')
			count_lines(&c, body, blen);
		else if (kind == '{') {
			if (!expression(&c, body, blen, raw, tagline))
				return 0;
		} else if (!statement(&c, body, blen, tagline))
			return 0;
		c.i = end + 2;
		if (trimr)
			while (c.i < n && isspace((unsigned char)src[c.i])) {
				if (src[c.i] == '\n')
					c.line++;
				c.i++;
			}
	}
	if (c.depth > 0)
		return fail(&c, c.bline[c.depth - 1],
		    "模板错误：block 没有对应的 {% endblock %}");
	if (c.extends)
		buf_puts(lua, " return _X(_ENV,_o,_B,_X_NAME)");
	/* on the last template line: Lua's "near <eof>" names that */
	sync(&c);
	buf_puts(lua, " end");
	return 1;
}
