#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "site/fmatter.h"

#define E_UNCLOSED	"文件头没有结束：请在文件头后加一行 ---"
#define E_NOTMAP	"文件头应当是“键: 值”的列表"
#define E_KEY		"文件头的键必须是文字"
#define E_ANCHOR	"文件头不支持 YAML 锚点和别名（&、*）"
#define E_LIMIT		"文件头嵌套太深或内容太多"

/* Parses src[0..len), which must succeed; returns the tree. */
static struct yval *
parse_ok_n(const char *src, size_t len, size_t want_off, int want_line)
{
	struct buf	 err = BUF_INIT;
	struct yval	*fm = (struct yval *)&fm;
	size_t		 off = 999;
	int		 line = 999, errline = 999;

	assert_int_equal(fmatter_parse(src, len, &fm, &off, &line, &err,
	    &errline), 1);
	assert_string_equal(err.ptr, "");
	assert_int_equal(errline, 999);
	assert_int_equal(off, want_off);
	assert_int_equal(line, want_line);
	buf_free(&err);
	return fm;
}

static struct yval *
parse_ok(const char *src, size_t want_off, int want_line)
{
	return parse_ok_n(src, strlen(src), want_off, want_line);
}

/* Parses src[0..len), which must fail with message want at line. */
static void
parse_bad_n(const char *src, size_t len, const char *want, int want_line)
{
	struct buf	 err = BUF_INIT;
	struct yval	*fm = (struct yval *)&fm;
	size_t		 off;
	int		 line, errline = 999;

	assert_int_equal(fmatter_parse(src, len, &fm, &off, &line, &err,
	    &errline), 0);
	assert_null(fm);
	assert_string_equal(err.ptr, want);
	assert_int_equal(errline, want_line);
	buf_free(&err);
}

static void
parse_bad(const char *src, const char *want, int want_line)
{
	parse_bad_n(src, strlen(src), want, want_line);
}

static void
assert_str(const struct yval *v, const char *s, int plain, int line)
{
	assert_non_null(v);
	assert_int_equal(v->type, YV_STR);
	assert_string_equal(v->str, s);
	assert_int_equal(v->len, strlen(s));
	assert_int_equal(v->plain, plain);
	assert_int_equal(v->line, line);
}

static void
test_no_front_matter(void **state)
{
	struct yval	*fm;

	fm = parse_ok("# Title\n\nbody\n", 0, 1);
	assert_null(fm);
	fm = parse_ok("", 0, 1);
	assert_null(fm);
	fm = parse_ok("\xEF\xBB\xBF# Title\n", 3, 1);
	assert_null(fm);
	fm = parse_ok("----\na: 1\n---\n", 0, 1);
	assert_null(fm);
	fm = parse_ok(" ---\na: 1\n---\n", 0, 1);
	assert_null(fm);
	fm = parse_ok("--- a: 1\n---\n", 0, 1);
	assert_null(fm);
	fm = parse_ok("text\n---\na: 1\n---\n", 0, 1);
	assert_null(fm);
	fm = parse_ok("--", 0, 1);
	assert_null(fm);
	fm = parse_ok("\xEF\xBB", 0, 1);
	assert_null(fm);
}

static void
test_simple(void **state)
{
	const char	*src = "---\ntitle: Hello\ndate: 2022-05-09\n---\nbody\n";
	struct yval	*fm;

	fm = parse_ok(src, 38, 5);
	assert_string_equal(src + 38, "body\n");
	assert_non_null(fm);
	assert_int_equal(fm->type, YV_MAP);
	assert_int_equal(fm->line, 2);
	assert_int_equal(fm->n, 2);
	assert_string_equal(fm->keys[0], "title");
	assert_string_equal(fm->keys[1], "date");
	assert_str(fm->items[0], "Hello", 1, 2);
	assert_str(fmatter_get(fm, "date"), "2022-05-09", 1, 3);
	assert_null(fmatter_get(fm, "nope"));
	fmatter_free(fm);
}

static void
test_bom_crlf(void **state)
{
	const char	*src = "\xEF\xBB\xBF---\r\ntitle: 标题\r\ntags:\r\n"
	    "  - a\r\n---\r\nbody\r\n";
	struct yval	*fm;
	const struct yval *tags;

	fm = parse_ok(src, strlen(src) - 6, 6);
	assert_int_equal(strlen(src) - 6, 42);
	assert_str(fmatter_get(fm, "title"), "标题", 1, 2);
	tags = fmatter_get(fm, "tags");
	assert_non_null(tags);
	assert_int_equal(tags->type, YV_SEQ);
	assert_int_equal(tags->n, 1);
	assert_str(tags->items[0], "a", 1, 4);
	fmatter_free(fm);
}

static void
test_empty(void **state)
{
	struct yval	*fm;

	fm = parse_ok("---\n---\nbody", 8, 3);
	assert_non_null(fm);
	assert_int_equal(fm->type, YV_MAP);
	assert_int_equal(fm->n, 0);
	fmatter_free(fm);

	fm = parse_ok("---\n# just a comment\n\n...\n", 26, 5);
	assert_int_equal(fm->type, YV_MAP);
	assert_int_equal(fm->n, 0);
	fmatter_free(fm);

	fm = parse_ok("\xEF\xBB\xBF---\n---", 10, 3);
	assert_int_equal(fm->type, YV_MAP);
	assert_int_equal(fm->n, 0);
	fmatter_free(fm);
}

static void
test_fences(void **state)
{
	struct yval	*fm;

	/* Trailing blanks on both fences, "..." closes, no final newline. */
	fm = parse_ok("--- \t\r\na: 1\n...  \nx", 18, 4);
	assert_str(fmatter_get(fm, "a"), "1", 1, 2);
	fmatter_free(fm);
	fm = parse_ok("---\na: 1\n---", 12, 4);
	assert_int_equal(fm->n, 1);
	fmatter_free(fm);
	/* Only the first closing line counts. */
	fm = parse_ok("---\na: 1\n---\n---\nb: 2\n", 13, 4);
	assert_int_equal(fm->n, 1);
	assert_null(fmatter_get(fm, "b"));
	fmatter_free(fm);
}

static void
test_nested(void **state)
{
	const char	*src =
	    "---\n"
	    "title: \"Quoted: yes\"\n"
	    "single: 'it''s'\n"
	    "block: |\n"
	    "  line 1\n"
	    "  line 2\n"
	    "author:\n"
	    "  name: 张三\n"
	    "  links: [a, {b: c}]\n"
	    "list:\n"
	    "  - one\n"
	    "  - two: 2\n"
	    "  -\n"
	    "---\n";
	struct yval	*fm;
	const struct yval *a, *links, *list;

	fm = parse_ok(src, strlen(src), 15);
	assert_int_equal(fm->n, 5);
	assert_str(fmatter_get(fm, "title"), "Quoted: yes", 0, 2);
	assert_str(fmatter_get(fm, "single"), "it's", 0, 3);
	assert_str(fmatter_get(fm, "block"), "line 1\nline 2\n", 0, 4);
	a = fmatter_get(fm, "author");
	assert_int_equal(a->type, YV_MAP);
	assert_int_equal(a->line, 8);
	assert_str(fmatter_get(a, "name"), "张三", 1, 8);
	links = fmatter_get(a, "links");
	assert_int_equal(links->type, YV_SEQ);
	assert_int_equal(links->n, 2);
	assert_str(links->items[0], "a", 1, 9);
	assert_int_equal(links->items[1]->type, YV_MAP);
	assert_str(fmatter_get(links->items[1], "b"), "c", 1, 9);
	assert_null(fmatter_get(links, "b"));
	list = fmatter_get(fm, "list");
	assert_int_equal(list->type, YV_SEQ);
	assert_int_equal(list->n, 3);
	assert_str(list->items[0], "one", 1, 11);
	assert_int_equal(list->items[1]->type, YV_MAP);
	assert_str(fmatter_get(list->items[1], "two"), "2", 1, 12);
	assert_int_equal(list->items[2]->type, YV_NULL);
	fmatter_free(fm);
}

static void
test_scalars(void **state)
{
	const char	*src =
	    "---\n"
	    "a:\n"
	    "b: ~\n"
	    "c: null\n"
	    "d: Null\n"
	    "e: NULL\n"
	    "f: \"\"\n"
	    "g: 'null'\n"
	    "h: nULL\n"
	    "i: !!str 12\n"
	    "j: \"a\\0b\"\n"
	    "---\n";
	struct yval	*fm;
	const struct yval *v;
	const char	*k;

	fm = parse_ok(src, strlen(src), 13);
	for (k = "abcde"; *k != '\0'; k++) {
		char key[2] = { *k, '\0' };

		v = fmatter_get(fm, key);
		assert_non_null(v);
		assert_int_equal(v->type, YV_NULL);
		assert_null(v->str);
	}
	assert_str(fmatter_get(fm, "f"), "", 0, 7);
	assert_str(fmatter_get(fm, "g"), "null", 0, 8);
	assert_str(fmatter_get(fm, "h"), "nULL", 1, 9);
	assert_str(fmatter_get(fm, "i"), "12", 0, 10);
	v = fmatter_get(fm, "j");
	assert_int_equal(v->type, YV_STR);
	assert_int_equal(v->len, 3);
	assert_memory_equal(v->str, "a\0b", 4);
	fmatter_free(fm);
}

static void
test_err_unclosed(void **state)
{
	parse_bad("---\n", E_UNCLOSED, 1);
	parse_bad("---", E_UNCLOSED, 1);
	parse_bad("--- \r", E_UNCLOSED, 1);
	parse_bad("---\ntitle: x\n", E_UNCLOSED, 1);
	parse_bad("---\ntitle: x\n----\nbody\n", E_UNCLOSED, 1);
	parse_bad("\xEF\xBB\xBF---\r\ntitle: x\r\n", E_UNCLOSED, 1);
}

static void
test_err_syntax(void **state)
{
	parse_bad("---\ntitle: x\n  bad: 2\n---\n",
	    "文件头格式错误（mapping values are not allowed in this context）"
	    "：请检查这一行的“键: 值”写法", 3);
	parse_bad("---\na: 1\nb: c: d\n---\n",
	    "文件头格式错误（mapping values are not allowed in this context）"
	    "：值里有冒号时，请把整个值用引号括起来，如 title: \"警惕：以房养老\"",
	    3);
	/* An unclosed construct: the line where it starts. */
	parse_bad("\xEF\xBB\xBF---\r\na: 1\r\nb: [1, 2\r\nc: 3\r\n---\r\n",
	    "文件头格式错误（did not find expected ',' or ']'）"
	    "：请检查这一行的“键: 值”写法", 3);
	parse_bad("---\na: 1\n\tb: 2\n---\n",
	    "文件头格式错误（found a tab character that violates indentation）"
	    "：请检查这一行的“键: 值”写法", 3);
	parse_bad("---\na: 1\nb: b\xff\n---\n",
	    "文件头格式错误（invalid leading UTF-8 octet）"
	    "：请检查这一行的“键: 值”写法", 3);
}

#define E_SYNTAX(p) "文件头格式错误（" p "）：请检查这一行的“键: 值”写法"

static void
test_err_context(void **state)
{
	/* Unclosed flow sequence: its '[', not the closing fence. */
	parse_bad("---\ntitle: [bad\n---\n正文\n",
	    E_SYNTAX("did not find expected ',' or ']'"), 2);
	parse_bad("---\na: 1\nb:\n  c: 1\n  d: [1,\n    2\n---\n",
	    E_SYNTAX("did not find expected ',' or ']'"), 5);
	/* Unclosed flow mapping. */
	parse_bad("---\na: 1\nb: 2\nc: 3\nd: {x: 1\ne: 5\n---\n",
	    E_SYNTAX("did not find expected ',' or '}'"), 5);
	parse_bad("---\na: {x: 1, y\n---\n",
	    E_SYNTAX("did not find expected ',' or '}'"), 2);
	/* Unterminated quoted scalars: the opening quote. */
	parse_bad("---\na: 1\nb: \"unterminated\nc: 2\n---\n",
	    E_SYNTAX("found unexpected end of stream"), 3);
	parse_bad("---\na: 1\nb: 'x\n\n\n---\n",
	    E_SYNTAX("found unexpected end of stream"), 3);
	/* A key without ':': the key's line. */
	parse_bad("---\na: 1\nb: 2\nc\n---\n",
	    E_SYNTAX("could not find expected ':'"), 4);
	parse_bad("---\na: 1\nb: 2\nc\nd: 3\n---\n",
	    E_SYNTAX("could not find expected ':'"), 4);
	/* Block collections: the problem's line, not the collection's. */
	parse_bad("---\ntitle: x\ntags:\n  - a\n - b\ndate: 2022\n---\n",
	    E_SYNTAX("did not find expected key"), 5);
	parse_bad("---\na: 1\nb: 2\nc: 3\n- x\n---\n",
	    E_SYNTAX("did not find expected key"), 5);
	parse_bad("---\na:\n  - x\n  y: 1\n---\n",
	    E_SYNTAX("did not find expected '-' indicator"), 4);
	/* Other contexts: the problem's line. */
	parse_bad("---\na: 1\nb: @x\n---\n",
	    E_SYNTAX("found character that cannot start any token"), 3);
	parse_bad("---\na: 1\nb: \"x\\q\"\n---\n",
	    E_SYNTAX("found unknown escape character"), 3);
}

static void
test_other_line_breaks(void **state)
{
	struct yval	*fm;

	/*
	 * libyaml also breaks lines at a lone CR, NEL, LS and PS; the
	 * file's lines end at "\n" only, and lines are counted so.
	 */
	parse_bad("---\na: 1\rb: 2\rc: @\n---\n",
	    E_SYNTAX("found character that cannot start any token"), 2);
	parse_bad("---\na: 1\n\rb: @\n---\n",
	    E_SYNTAX("found character that cannot start any token"), 3);
	parse_bad("---\na: 1\xc2\x85" "b: 2\nc: [d\n---\n",
	    E_SYNTAX("did not find expected ',' or ']'"), 3);
	parse_bad("---\n# \xe2\x80\xa8\xe2\x80\xa9\na: 1\nb: @\n---\n",
	    E_SYNTAX("found character that cannot start any token"), 4);
	fm = parse_ok("---\na: \"x\xe2\x80\xa8y\"\nb: 2\rc: 3\nd: 4\n---\n",
	    34, 6);
	/* LS is kept in a quoted value, but its line stays line 2 */
	assert_str(fmatter_get(fm, "a"), "x\xe2\x80\xa8y", 0, 2);
	assert_str(fmatter_get(fm, "b"), "2", 1, 3);
	assert_str(fmatter_get(fm, "c"), "3", 1, 3);
	assert_str(fmatter_get(fm, "d"), "4", 1, 4);
	fmatter_free(fm);
	/* Lines stay right after multi-byte characters. */
	fm = parse_ok("---\n标题: 中文内容\n作者: 张三\n---\n", 44, 5);
	assert_str(fmatter_get(fm, "作者"), "张三", 1, 3);
	fmatter_free(fm);
}

static void
test_err_nul(void **state)
{
	static const char src[] = "---\na: 1\nb: x\0y\n---\nbody";

	parse_bad_n(src, sizeof(src) - 1,
	    "文件头格式错误（control characters are not allowed）"
	    "：请检查这一行的“键: 值”写法", 3);
}

static void
test_err_not_map(void **state)
{
	parse_bad("---\n- a\n- b\n---\n", E_NOTMAP, 2);
	parse_bad("---\n\n\njust text\n---\n", E_NOTMAP, 4);
	parse_bad("---\n\"quoted\"\n---\n", E_NOTMAP, 2);
	parse_bad("---\n~\n---\n", E_NOTMAP, 2);
	/* A second YAML document. */
	parse_bad("---\na: 1\n--- b\n---\n", E_NOTMAP, 3);
}

static void
test_err_key(void **state)
{
	parse_bad("---\na: 1\n? [x, y]\n: 1\n---\n", E_KEY, 3);
	parse_bad("---\na: 1\nb: {c: 1, {d: 2}: 3}\n---\n", E_KEY, 3);
	parse_bad("---\n? {a: 1}\n: 2\n---\n", E_KEY, 2);
}

static void
test_err_dup(void **state)
{
	parse_bad("---\ntitle: a\ndate: 2022-01-01\ntitle: b\n---\n",
	    "文件头的键“title”重复出现：请删掉其中一行", 4);
	parse_bad("---\n\"标题\": a\n标题: b\n---\n", "文件头的键“标题”重复出现：请删掉其中一行", 3);
	parse_bad("---\nx:\n  a: 1\n  b: 2\n  a: 3\n---\n",
	    "文件头的键“a”重复出现：请删掉其中一行", 5);
	parse_bad("---\nx: {a: 1, a: 2}\n---\n", "文件头的键“a”重复出现：请删掉其中一行", 2);
	parse_bad("---\n? a\n: 1\n? a\n: 2\n---\n", "文件头的键“a”重复出现：请删掉其中一行", 4);
}

static void
test_dup_scopes(void **state)
{
	struct yval	*fm;

	/* The same key in different mappings is fine. */
	fm = parse_ok("---\na: 1\nx:\n  a: 2\ny: [{a: 3}, {a: 4}]\n---\n",
	    43, 7);
	assert_int_equal(fm->n, 3);
	fmatter_free(fm);
}

static void
test_err_anchor(void **state)
{
	parse_bad("---\na: &x 1\n---\n", E_ANCHOR, 2);
	parse_bad("---\na: 1\nb: *x\n---\n", E_ANCHOR, 3);
	parse_bad("---\na: 1\n&x b: 1\n---\n", E_ANCHOR, 3);
	parse_bad("---\nlist: &l\n  - a\n---\n", E_ANCHOR, 2);
	parse_bad("---\nm: &m {a: 1}\n---\n", E_ANCHOR, 2);
	parse_bad("---\n&top\na: 1\n---\n", E_ANCHOR, 2);
}

static void
test_alias_bomb(void **state)
{
	parse_bad("---\n"
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "---\n", E_ANCHOR, 2);
}

static void
nest(struct buf *b, const char *open, const char *close, int depth)
{
	int	 i;

	buf_puts(b, "---\nx: ");
	for (i = 0; i < depth; i++)
		buf_puts(b, open);
	buf_puts(b, "1");
	for (i = 0; i < depth; i++)
		buf_puts(b, close);
	buf_puts(b, "\n---\n");
}

static void
test_depth(void **state)
{
	struct buf	 b = BUF_INIT;
	struct yval	*fm;
	const struct yval *v;
	int		 d;

	/* The top mapping is level 1, so 31 more levels are allowed. */
	nest(&b, "[", "]", FM_MAX_DEPTH - 1);
	fm = parse_ok_n(b.ptr, b.len, b.len, 4);
	for (d = 0, v = fmatter_get(fm, "x"); v->type == YV_SEQ; d++)
		v = v->items[0];
	assert_int_equal(d, FM_MAX_DEPTH - 1);
	assert_str(v, "1", 1, 2);
	fmatter_free(fm);

	buf_clear(&b);
	nest(&b, "[", "]", FM_MAX_DEPTH);
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);
	buf_clear(&b);
	nest(&b, "[", "]", 100);
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);
	buf_clear(&b);
	nest(&b, "{a: ", "}", 100);
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);
	buf_clear(&b);
	/* Unbalanced, far deeper than any limit. */
	buf_puts(&b, "---\nx: ");
	for (d = 0; d < 100000; d++)
		buf_putc(&b, '[');
	buf_puts(&b, "\n---\n");
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);
	buf_free(&b);
}

static void
test_block_depth(void **state)
{
	struct buf	 b = BUF_INIT;
	int		 i, j;

	buf_puts(&b, "---\n");
	for (i = 0; i < 40; i++) {
		for (j = 0; j < i; j++)
			buf_putc(&b, ' ');
		buf_puts(&b, "k:\n");
	}
	buf_puts(&b, "---\n");
	/* Line 2 is level 1's key; level 33 opens on line 2 + 32. */
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2 + FM_MAX_DEPTH);
	buf_free(&b);
}

static void
flow_list(struct buf *b, size_t n)
{
	size_t	 i;

	buf_clear(b);
	buf_puts(b, "---\nx: [");
	for (i = 0; i < n; i++)
		buf_puts(b, i ? ",1" : "1");
	buf_puts(b, "]\n---\n");
}

static void
test_node_limit(void **state)
{
	struct buf	 b = BUF_INIT;
	struct yval	*fm;
	clock_t		 t0;

	/* Nodes: the top mapping, the key, the list and its items. */
	flow_list(&b, FM_MAX_NODES - 3);
	fm = parse_ok_n(b.ptr, b.len, b.len, 4);
	assert_int_equal(fmatter_get(fm, "x")->n, FM_MAX_NODES - 3);
	fmatter_free(fm);

	flow_list(&b, FM_MAX_NODES - 2);
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);

	t0 = clock();
	flow_list(&b, 200000);
	parse_bad_n(b.ptr, b.len, E_LIMIT, 2);
	assert_true(clock() - t0 < 5 * CLOCKS_PER_SEC);
	buf_free(&b);
}

static void
test_many_keys(void **state)
{
	struct buf	 b = BUF_INIT;
	struct yval	*fm;
	clock_t		 t0;
	int		 i;

	t0 = clock();
	buf_puts(&b, "---\n");
	for (i = 0; i < 40000; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	buf_puts(&b, "---\n");
	fm = parse_ok_n(b.ptr, b.len, b.len, 40000 + 3);
	assert_int_equal(fm->n, 40000);
	assert_str(fmatter_get(fm, "k39999"), "39999", 1, 40001);
	fmatter_free(fm);

	buf_clear(&b);
	buf_puts(&b, "---\n");
	for (i = 0; i < 40000; i++)
		buf_printf(&b, "k%d: %d\n", i == 30000 ? 1234 : i, i);
	buf_puts(&b, "---\n");
	parse_bad_n(b.ptr, b.len, "文件头的键“k1234”重复出现：请删掉其中一行", 30002);

	buf_clear(&b);
	buf_puts(&b, "---\n");
	for (i = 0; i < 60000; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	buf_puts(&b, "---\n");
	/* Node 100001 is the value on YAML line 50000 (file line 50001). */
	parse_bad_n(b.ptr, b.len, E_LIMIT, 50001);
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
	buf_free(&b);
}

static void
test_garbage(void **state)
{
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	struct yval	*fm;
	uint32_t	 x = 12345;
	size_t		 off, len;
	int		 round, i, line, errline, r;
	static const char alpha[] = "-:[]{}?,&*!|>'\"#%@` \t\r\n\0ab\xe4\xb8\xad\xff";

	for (round = 0; round < 3000; round++) {
		buf_clear(&b);
		buf_puts(&b, "---\n");
		len = 1 + round % 200;
		for (i = 0; i < (int)len; i++) {
			x = x * 1103515245 + 12345;
			if (round % 2)
				buf_putc(&b, (int)(x >> 16) & 0xff);
			else
				buf_putc(&b, alpha[(x >> 16) %
				    (sizeof(alpha) - 1)]);
		}
		buf_puts(&b, "\n---\n");
		buf_clear(&err);
		errline = 0;
		r = fmatter_parse(b.ptr, b.len, &fm, &off, &line, &err, &errline);
		if (r) {
			assert_non_null(fm);
			assert_int_equal(fm->type, YV_MAP);
			assert_true(off <= b.len);
			assert_true(line >= 3);
		} else {
			assert_null(fm);
			assert_true(err.len > 0);
			assert_true(errline >= 1);
			assert_true(errline <= 3 + (int)len);
		}
		fmatter_free(fm);
	}
	buf_free(&b);
	buf_free(&err);
}

static void
test_err_appends(void **state)
{
	struct buf	 err = BUF_INIT;
	struct yval	*fm;
	size_t		 off;
	int		 line, errline;

	buf_puts(&err, "a.md:");
	assert_int_equal(fmatter_parse("---\n", 4, &fm, &off, &line, &err,
	    &errline), 0);
	assert_string_equal(err.ptr, "a.md:" E_UNCLOSED);
	buf_free(&err);
}

static struct yval *
scalar(struct yval *v, const char *s, int plain)
{
	memset(v, 0, sizeof(*v));
	v->type = YV_STR;
	v->str = (char *)s;
	v->len = strlen(s);
	v->plain = plain;
	return v;
}

static void
test_yval_bool(void **state)
{
	static const char *const t[] = {
		"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"
	};
	static const char *const f[] = {
		"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"
	};
	struct yval	 v;
	size_t		 i;
	int		 out;

	for (i = 0; i < 9; i++) {
		out = 7;
		assert_int_equal(fmatter_bool(scalar(&v, t[i], 1), &out), 1);
		assert_int_equal(out, 1);
		assert_int_equal(fmatter_bool(scalar(&v, f[i], 1), &out), 1);
		assert_int_equal(out, 0);
	}
	out = 7;
	assert_int_equal(fmatter_bool(scalar(&v, "true", 0), &out), 0);
	assert_int_equal(fmatter_bool(scalar(&v, "tRUE", 1), &out), 0);
	assert_int_equal(fmatter_bool(scalar(&v, "1", 1), &out), 0);
	assert_int_equal(fmatter_bool(scalar(&v, "", 1), &out), 0);
	assert_int_equal(fmatter_bool(scalar(&v, "true ", 1), &out), 0);
	assert_int_equal(fmatter_bool(NULL, &out), 0);
	memset(&v, 0, sizeof(v));
	v.type = YV_NULL;
	assert_int_equal(fmatter_bool(&v, &out), 0);
	assert_int_equal(out, 7);
}

static void
test_yval_int(void **state)
{
	struct yval	 v;
	long long	 out;

	assert_int_equal(fmatter_int(scalar(&v, "42", 1), &out), 1);
	assert_int_equal(out, 42);
	assert_int_equal(fmatter_int(scalar(&v, "-7", 1), &out), 1);
	assert_int_equal(out, -7);
	assert_int_equal(fmatter_int(scalar(&v, "+3", 1), &out), 1);
	assert_int_equal(out, 3);
	assert_int_equal(fmatter_int(scalar(&v, "007", 0), &out), 1);
	assert_int_equal(out, 7);
	assert_int_equal(fmatter_int(scalar(&v, "9223372036854775807", 1),
	    &out), 1);
	assert_true(out == 9223372036854775807LL);
	assert_int_equal(fmatter_int(scalar(&v, "-9223372036854775808", 1),
	    &out), 1);
	assert_true(out == -9223372036854775807LL - 1);
	out = 99;
	assert_int_equal(fmatter_int(scalar(&v, "9223372036854775808", 1),
	    &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "-9223372036854775809", 1),
	    &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "1.5", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "-", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "+-1", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "0x10", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, " 1", 0), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "1 ", 0), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "1_000", 1), &out), 0);
	assert_int_equal(fmatter_int(scalar(&v, "１２", 1), &out), 0);
	/* len says there is more after an embedded NUL. */
	scalar(&v, "1", 1)->len = 2;
	assert_int_equal(fmatter_int(&v, &out), 0);
	assert_int_equal(fmatter_int(NULL, &out), 0);
	memset(&v, 0, sizeof(v));
	v.type = YV_NULL;
	assert_int_equal(fmatter_int(&v, &out), 0);
	assert_int_equal(out, 99);
}

static void
test_yval_get(void **state)
{
	struct yval	*fm;

	fm = parse_ok("---\na: 1\nb: [x]\n---\n", 20, 5);
	assert_null(fmatter_get(NULL, "a"));
	assert_null(fmatter_get(fmatter_get(fm, "b"), "a"));
	assert_null(fmatter_get(fmatter_get(fm, "a"), "a"));
	assert_null(fmatter_get(fm, ""));
	assert_null(fmatter_get(fm, "A"));
	assert_str(fmatter_get(fm, "a"), "1", 1, 2);
	fmatter_free(fm);
	fmatter_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fences),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_err_unclosed),
		cmocka_unit_test(test_err_syntax),
		cmocka_unit_test(test_err_context),
		cmocka_unit_test(test_other_line_breaks),
		cmocka_unit_test(test_err_nul),
		cmocka_unit_test(test_err_not_map),
		cmocka_unit_test(test_err_key),
		cmocka_unit_test(test_err_dup),
		cmocka_unit_test(test_dup_scopes),
		cmocka_unit_test(test_err_anchor),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_block_depth),
		cmocka_unit_test(test_node_limit),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_err_appends),
		cmocka_unit_test(test_yval_bool),
		cmocka_unit_test(test_yval_int),
		cmocka_unit_test(test_yval_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
