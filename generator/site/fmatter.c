#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "lib/buf.h"
#include "lib/pack.h"
#include "site/fmatter.h"
#include "lib/util.h"

#define MSG_UNCLOSED	"文件头没有结束：请在文件头后加一行 ---"
#define MSG_SYNTAX	"文件头格式错误（%s）：请检查这一行的“键: 值”写法"
#define MSG_NOTMAP	"文件头应当是“键: 值”的列表"
#define MSG_KEY		"文件头的键必须是文字"
#define MSG_DUP		"文件头的键“%s”重复出现：请删掉其中一行"
#define MSG_COLON	"文件头格式错误（%s）：值里有冒号时，请把整个值用引号括起来，如 title: \"警惕：以房养老\""
#define MSG_ANCHOR	"文件头不支持 YAML 锚点和别名（&、*）"
#define MSG_LIMIT	"文件头嵌套太深或内容太多"

/* One open mapping or sequence while the tree is built. */
struct frame {
	struct yval	*node;
	size_t		 cap;	/* slots allocated in items (and keys) */
	char		*key;	/* map: key waiting for its value, or NULL */
	size_t		*ht;	/* map: open-addressing set of key index + 1 */
	size_t		 htcap;	/* a power of two, or 0 */
};

struct builder {
	struct yval	*root;
	struct frame	 st[FM_MAX_DEPTH];
	size_t		 depth;
	size_t		 nodes;
	int		 docs;
	int		 line0;		/* file line of the first YAML line */
	const char	*src;		/* the YAML text */
	size_t		 srclen;
	size_t		 curidx;	/* a character index into src, */
	size_t		 curoff;	/* its byte offset */
	size_t		 curnl;		/* and the newlines before it */
	struct buf	*err;
	int		*errline;
};

static int
fail(struct builder *bd, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct builder *bd, int line, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(bd->err, fmt, ap);
	va_end(ap);
	*bd->errline = line;
	return 0;
}

/* The file line of the byte at offset off of the YAML text. */
static int
offset_line(const struct builder *bd, size_t off)
{
	const char	*p, *e;
	size_t		 nl = 0;

	e = bd->src + (off < bd->srclen ? off : bd->srclen);
	for (p = bd->src; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		nl++;
	if (nl > (size_t)(INT_MAX - bd->line0))
		return INT_MAX;
	return (int)nl + bd->line0;
}

/*
 * The file line of a libyaml mark.  Not m->line: libyaml also ends lines
 * at a lone CR, NEL, LS and PS, but a file line ends at "\n" only.  So the
 * newlines before m->index (in characters) are counted, from where the
 * previous mark left off when marks come in order.
 */
/*
 * After mark_line: whether the line of the mark has a ':' before it, as in
 * "title: 警惕: 以房养老", where the second colon is part of the value.
 */
static int
colon_before(const struct builder *bd)
{
	size_t	 i = bd->curoff;

	while (i > 0 && bd->src[i - 1] != '\n')
		if (bd->src[--i] == ':')
			return 1;
	return 0;
}

static int
mark_line(struct builder *bd, const yaml_mark_t *m)
{
	const unsigned char *s = (const unsigned char *)bd->src;
	size_t		 len;
	unsigned char	 c;

	if (m->index < bd->curidx)
		bd->curidx = bd->curoff = bd->curnl = 0;
	while (bd->curidx < m->index && bd->curoff < bd->srclen) {
		c = s[bd->curoff];
		if (c == '\n')
			bd->curnl++;
		len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (len > bd->srclen - bd->curoff)
			len = bd->srclen - bd->curoff;
		bd->curoff += len;
		bd->curidx++;
	}
	if (bd->curnl > (size_t)(INT_MAX - bd->line0))
		return INT_MAX;
	return (int)bd->curnl + bd->line0;
}

static uint64_t
key_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static int
key_seen(const struct frame *f, const char *key)
{
	size_t	 i, mask;

	if (f->htcap == 0)
		return 0;
	mask = f->htcap - 1;
	for (i = key_hash(key) & mask; f->ht[i] != 0; i = (i + 1) & mask)
		if (strcmp(f->node->keys[f->ht[i] - 1], key) == 0)
			return 1;
	return 0;
}

static void
key_insert(size_t *ht, size_t mask, const char *key, size_t idx)
{
	size_t	 i;

	for (i = key_hash(key) & mask; ht[i] != 0; i = (i + 1) & mask)
		continue;
	ht[i] = idx + 1;
}

/* Records f->node->keys[idx] in the duplicate set, growing it as needed. */
static void
key_add(struct frame *f, size_t idx)
{
	size_t	 i, ncap;

	if ((idx + 1) * 2 > f->htcap) {
		ncap = f->htcap ? f->htcap * 2 : 16;
		free(f->ht);
		f->ht = xcalloc(ncap, sizeof(*f->ht));
		f->htcap = ncap;
		for (i = 0; i < idx; i++)
			key_insert(f->ht, ncap - 1, f->node->keys[i], i);
	}
	key_insert(f->ht, f->htcap - 1, f->node->keys[idx], idx);
}

/* Appends v to the open container f (with f's pending key for a map). */
static void
attach(struct frame *f, struct yval *v)
{
	struct yval	*c = f->node;

	if (c->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 4;
		c->items = xreallocarray(c->items, f->cap, sizeof(*c->items));
		if (c->type == YV_MAP)
			c->keys = xreallocarray(c->keys, f->cap,
			    sizeof(*c->keys));
	}
	c->items[c->n] = v;
	if (c->type == YV_MAP) {
		c->keys[c->n] = f->key;
		f->key = NULL;
		key_add(f, c->n);
	}
	c->n++;
}

static struct yval *
node_new(enum yval_type type, int line)
{
	struct yval	*v;

	v = xcalloc(1, sizeof(*v));
	v->type = type;
	v->line = line;
	return v;
}

static int
is_null(const char *s, size_t len)
{
	return len == 0 || (len == 1 && s[0] == '~') ||
	    (len == 4 && (memcmp(s, "null", 4) == 0 ||
	    memcmp(s, "Null", 4) == 0 || memcmp(s, "NULL", 4) == 0));
}

/*
 * Adds the node that ev starts to the tree.  Returns 1, or 0 with the
 * error recorded.
 */
static int
add_node(struct builder *bd, const yaml_event_t *ev)
{
	struct frame	*f;
	struct yval	*v;
	const char	*s;
	size_t		 len;
	int		 line, plain;

	line = mark_line(bd, &ev->start_mark);
	if (ev->type == YAML_ALIAS_EVENT ||
	    (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.anchor) ||
	    (ev->type == YAML_SEQUENCE_START_EVENT &&
	    ev->data.sequence_start.anchor) ||
	    (ev->type == YAML_MAPPING_START_EVENT &&
	    ev->data.mapping_start.anchor))
		return fail(bd, line, MSG_ANCHOR);
	if (++bd->nodes > FM_MAX_NODES)
		return fail(bd, line, MSG_LIMIT);

	if (bd->depth == 0) {
		if (ev->type != YAML_MAPPING_START_EVENT || bd->root != NULL)
			return fail(bd, line, MSG_NOTMAP);
		bd->root = node_new(YV_MAP, line);
		bd->st[0].node = bd->root;
		bd->depth = 1;
		return 1;
	}

	f = &bd->st[bd->depth - 1];
	if (f->node->type == YV_MAP && f->key == NULL) {
		if (ev->type != YAML_SCALAR_EVENT)
			return fail(bd, line, MSG_KEY);
		s = (const char *)ev->data.scalar.value;
		len = ev->data.scalar.length;
		f->key = xstrndup(s, len);
		if (key_seen(f, f->key))
			return fail(bd, line, MSG_DUP, f->key);
		return 1;
	}

	if (ev->type == YAML_SCALAR_EVENT) {
		s = (const char *)ev->data.scalar.value;
		len = ev->data.scalar.length;
		/* An explicit tag (!!str 1) means: not a plain value. */
		plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    ev->data.scalar.tag == NULL;
		if (plain && is_null(s, len))
			v = node_new(YV_NULL, line);
		else {
			v = node_new(YV_STR, line);
			v->plain = plain;
			v->str = xstrndup(s, len);
			v->len = len;
		}
		attach(f, v);
		return 1;
	}

	if (bd->depth >= FM_MAX_DEPTH)
		return fail(bd, line, MSG_LIMIT);
	v = node_new(ev->type == YAML_MAPPING_START_EVENT ? YV_MAP : YV_SEQ,
	    line);
	attach(f, v);
	f = &bd->st[bd->depth++];
	memset(f, 0, sizeof(*f));
	f->node = v;
	return 1;
}

/* Handles one parser event.  Returns 1, or 0 with the error recorded. */
static int
on_event(struct builder *bd, const yaml_event_t *ev)
{
	struct frame	*f;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (bd->docs++ > 0)
			return fail(bd, mark_line(bd, &ev->start_mark),
			    MSG_NOTMAP);
		return 1;
	case YAML_ALIAS_EVENT:
	case YAML_SCALAR_EVENT:
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return add_node(bd, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (bd->depth == 0)
			return 1;
		f = &bd->st[--bd->depth];
		free(f->ht);
		free(f->key);
		memset(f, 0, sizeof(*f));
		return 1;
	default:
		return 1;
	}
}

/*
 * Whether the line s[0..n) (without its newline) is the three-character
 * mark followed only by spaces, tabs and carriage returns.
 */
static int
is_fence(const char *s, size_t n, const char *mark)
{
	size_t	 i;

	if (n < 3 || memcmp(s, mark, 3) != 0)
		return 0;
	for (i = 3; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * Whether a libyaml error context names a construct left open: a flow
 * collection, a quoted scalar, or a key still waiting for its ':'.  The
 * user must look where it started (context_mark), not where libyaml gave
 * up, often the closing "---".  Other contexts (block collections, plain
 * scalars) start far above the problem, which is then the better line.
 */
static int
open_context(const char *ctx)
{
	return strstr(ctx, " flow ") != NULL ||
	    strstr(ctx, " quoted scalar") != NULL ||
	    strstr(ctx, " simple key") != NULL;
}

/* Parses the YAML in s[0..n), whose first line is file line line0. */
static int
parse_yaml(const char *s, size_t n, int line0, struct yval **fm,
    struct buf *err, int *errline)
{
	struct builder	 bd;
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	yaml_mark_t	 mark;
	const char	*problem;
	int		 ok, done, line;

	memset(&bd, 0, sizeof(bd));
	bd.line0 = line0;
	bd.src = s;
	bd.srclen = n;
	bd.err = err;
	bd.errline = errline;
	ok = 0;
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory");
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)s, n);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			mark = parser.problem_mark;
			if (parser.context != NULL &&
			    open_context(parser.context))
				mark = parser.context_mark;
			/* The reader reports a byte offset only. */
			line = parser.error == YAML_READER_ERROR ?
			    offset_line(&bd, parser.problem_offset) :
			    mark_line(&bd, &mark);
			problem = parser.problem ? parser.problem : "无法解析";
			ok = fail(&bd, line, strstr(problem, "mapping values are "
			    "not allowed") && colon_before(&bd) ? MSG_COLON :
			    MSG_SYNTAX, problem);
			goto out;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ok = on_event(&bd, &ev);
		yaml_event_delete(&ev);
		if (!ok)
			goto out;
		if (done)
			break;
	}
	if (bd.root == NULL)
		bd.root = node_new(YV_MAP, line0);
	*fm = bd.root;
	bd.root = NULL;
	ok = 1;
out:
	while (bd.depth > 0) {
		bd.depth--;
		free(bd.st[bd.depth].ht);
		free(bd.st[bd.depth].key);
	}
	fmatter_free(bd.root);
	yaml_parser_delete(&parser);
	return ok;
}

/*
 * Splits the len bytes at src into front matter and body.  Front matter is
 * present when the file starts (after an optional UTF-8 BOM) with a "---"
 * line, and ends at the next "---" or "..." line.  Returns 1 and sets *fm
 * to the parsed front matter (always a YV_MAP, freed by the caller with
 * fmatter_free) or to NULL if there is none, *body_off to the offset of the
 * body and *body_line to its 1-based line.  On error returns 0, sets *fm
 * to NULL, appends a message to err and sets *errline to the 1-based line
 * in the file.
 */
int
fmatter_parse(const char *src, size_t len, struct yval **fm, size_t *body_off,
    int *body_line, struct buf *err, int *errline)
{
	const char	*nl;
	size_t		 start, ys, p, eol;
	int		 line;

	*fm = NULL;
	start = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	*body_off = start;
	*body_line = 1;
	if (start == len)
		return 1;

	nl = memchr(src + start, '\n', len - start);
	eol = nl ? (size_t)(nl - src) : len;
	if (!is_fence(src + start, eol - start, "---"))
		return 1;

	ys = eol + 1;
	for (p = ys, line = 2; nl != NULL && p < len && line < INT_MAX;
	    p = eol + 1, line++) {
		nl = memchr(src + p, '\n', len - p);
		eol = nl ? (size_t)(nl - src) : len;
		if (is_fence(src + p, eol - p, "---") ||
		    is_fence(src + p, eol - p, "...")) {
			if (!parse_yaml(src + ys, p - ys, 2, fm, err, errline))
				return 0;
			*body_off = nl ? eol + 1 : len;
			*body_line = line + 1;
			return 1;
		}
	}
	buf_puts(err, MSG_UNCLOSED);
	*errline = 1;
	return 0;
}

/* Frees the tree v (NULL is fine).  Trees are at most FM_MAX_DEPTH deep. */
void
fmatter_free(struct yval *v)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys != NULL)
			free(v->keys[i]);
		fmatter_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->str);
	free(v);
}

/*
 * Returns the value for key in the mapping map, or NULL if there is none
 * or map is NULL or not a mapping.  The result belongs to map.
 */
const struct yval *
fmatter_get(const struct yval *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->type != YV_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

/*
 * If v is an unquoted true, false, yes, no, on or off (all lowercase,
 * capitalized or all uppercase), sets *out to 1 or 0 and returns 1.
 * Returns 0 for anything else.
 */
int
fmatter_bool(const struct yval *v, int *out)
{
	static const char *const t[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"
	};
	static const char *const f[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"
	};
	size_t	 i;

	if (v == NULL || v->type != YV_STR || !v->plain)
		return 0;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(v->str, t[i]) == 0) {
			*out = 1;
			return 1;
		}
		if (strcmp(v->str, f[i]) == 0) {
			*out = 0;
			return 1;
		}
	}
	return 0;
}

/*
 * If v is a scalar holding a decimal integer (optional sign, digits only)
 * that fits in a long long, sets *out and returns 1.  Returns 0 otherwise.
 */
int
fmatter_int(const struct yval *v, long long *out)
{
	const char	*s;
	char		*end;
	long long	 x;

	if (v == NULL || v->type != YV_STR || strlen(v->str) != v->len)
		return 0;
	s = v->str;
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	errno = 0;
	x = strtoll(v->str, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return 0;
	*out = x;
	return 1;
}

/*
 * A tree as pack.h numbers and strings: type + 1 (0 for no tree), line,
 * plain, then the string, or the number of items and each item (after its
 * key in a mapping).
 */
void
fmatter_pack(struct buf *b, const struct yval *v)
{
	size_t	 i;

	if (v == NULL) {
		pack_u64(b, 0);
		return;
	}
	pack_u64(b, (uint64_t)v->type + 1);
	pack_u64(b, (uint64_t)(v->line > 0 ? v->line : 0));
	pack_u64(b, (uint64_t)(v->plain != 0));
	if (v->type == YV_STR) {
		pack_mem(b, v->str, v->len);
		return;
	}
	if (v->type == YV_NULL)
		return;
	pack_u64(b, (uint64_t)v->n);
	for (i = 0; i < v->n; i++) {
		if (v->type == YV_MAP)
			pack_str(b, v->keys[i]);
		fmatter_pack(b, v->items[i]);
	}
}

/* fmatter_unpack at nesting depth (bounded as fmatter_parse bounds it). */
static struct yval *
unpack_at(struct unpack *u, int depth)
{
	struct yval	*v;
	const char	*s;
	uint64_t	 type;
	size_t		 i, n;

	type = unpack_max(u, YV_MAP + 1);
	if (type == 0 || u->bad)
		return NULL;
	v = xcalloc(1, sizeof(*v));
	v->type = (enum yval_type)(type - 1);
	v->line = (int)unpack_max(u, INT_MAX);
	v->plain = (int)unpack_max(u, 1);
	if (v->type == YV_STR) {
		s = unpack_mem(u, &n);
		v->str = xstrndup(s != NULL ? s : "", n);
		v->len = n;
	} else if (v->type != YV_NULL) {
		n = (size_t)unpack_max(u, depth < FM_MAX_DEPTH ?
		    (uint64_t)(u->end - u->p) : 0);
		v->items = xcalloc(n ? n : 1, sizeof(*v->items));
		if (v->type == YV_MAP)
			v->keys = xcalloc(n ? n : 1, sizeof(*v->keys));
		for (i = 0; i < n && !u->bad; i++) {
			if (v->type == YV_MAP &&
			    (v->keys[i] = unpack_str(u)) == NULL)
				u->bad = 1;
			v->items[i] = unpack_at(u, depth + 1);
			v->n = i + 1;
			if (v->items[i] == NULL)
				u->bad = 1;
		}
	}
	if (u->bad) {
		fmatter_free(v);
		return NULL;
	}
	return v;
}

struct yval *
fmatter_unpack(struct unpack *u)
{
	return unpack_at(u, 0);
}
