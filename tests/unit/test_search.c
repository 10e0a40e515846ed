/*
 * search: the build-time search index.  Tokens (CJK pairs that never span
 * punctuation or spaces, whole ASCII words, full-width folding, Markdown
 * that is not text), the hash that picks a shard (the same FNV-1a as
 * search.js), postings and weights, and the exact files of a tiny site;
 * the index does not depend on the number of threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lib/buf.h"
#include "site/search.h"
#include "site/search_impl.h"
#include "site/site.h"

/* Collects tokens as "a|b|c". */
static void
collect(void *arg, const char *s, size_t n)
{
	struct buf *b = arg;

	if (b->len)
		buf_putc(b, '|');
	buf_put(b, s, n);
}

/* Collects tokens but single CJK characters (one multi-byte character). */
static void
collect_multi(void *arg, const char *s, size_t n)
{
	size_t	 one = (unsigned char)s[0] >= 0xF0 ? 4 : 3;

	if ((unsigned char)s[0] >= 0x80 && n == one)
		return;
	collect(arg, s, n);
}

/* The words and CJK pairs of in: single characters aside. */
static void
tokens_eq(const char *in, int md, const char *want)
{
	struct buf b = BUF_INIT;

	search_tokens(in, strlen(in), md, collect_multi, &b);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("tokens of \"%s\" (md %d): got \"%s\", want \"%s\"", in,
		    md, b.ptr, want);
	buf_free(&b);
}

/* Every token of in, single CJK characters included. */
static void
all_tokens_eq(const char *in, int md, const char *want)
{
	struct buf b = BUF_INIT;

	search_tokens(in, strlen(in), md, collect, &b);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("all tokens of \"%s\" (md %d): got \"%s\", want "
		    "\"%s\"", in, md, b.ptr, want);
	buf_free(&b);
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a, 32 bits: the same numbers as search.js */
	assert_int_equal(search_hash("", 0), 0x811c9dc5u);
	assert_int_equal(search_hash("a", 1), 0xe40c292cu);
	assert_int_equal(search_hash("保健", strlen("保健")), 0xecbbac4cu);
	assert_int_equal(search_hash("讲座", strlen("讲座")), 0x0c261795u);
	assert_int_equal(search_hash("12315", 5), 0xc7b6c4b1u);
	/* the shard of a token is the top bits of its hash */
	assert_int_equal(search_hash("保健", strlen("保健")) >> 24, 236);
	assert_int_equal(search_hash("讲座", strlen("讲座")) >> 24, 12);
}

static void
test_tokens_cjk(void **state)
{
	(void)state;
	tokens_eq("保健品讲座", 0, "保健|健品|品讲|讲座");
	tokens_eq("保健品讲座", 1, "保健|健品|品讲|讲座");
	/* no pair spans punctuation or a space */
	tokens_eq("保健品，讲座。老人", 0, "保健|健品|讲座|老人");
	tokens_eq("保健 品", 0, "保健");
	tokens_eq("保健\u3000品", 0, "保健");
	tokens_eq("“保健”品", 0, "保健");
	tokens_eq("保健、品：讲（座）", 0, "保健");
	tokens_eq("保健·品", 0, "保健");
	/* a lone character is no pair */
	tokens_eq("骗", 0, "");
	tokens_eq("骗 a 1", 0, "");
	/* kana, hangul, 〇 and extension B pair too */
	tokens_eq("カード", 0, "カー|ード");
	tokens_eq("한국", 0, "한국");
	tokens_eq("二〇二二", 0, "二〇|〇二|二二");
	tokens_eq("\xF0\xA0\x80\x80字", 0, "\xF0\xA0\x80\x80字");
	/* a line break inside a sentence joins, a blank line does not */
	tokens_eq("保健\n品", 0, "保健|健品");
	tokens_eq("保健\r\n  品", 1, "保健|健品");
	tokens_eq("保健\n\n品", 0, "保健");
	/* invalid UTF-8 separates */
	tokens_eq("保\xff健品", 0, "健品");
	tokens_eq("保健\xe5\x81", 0, "保健");
}

/* Every CJK character is a token too, before the pair it ends. */
static void
test_tokens_chars(void **state)
{
	(void)state;
	all_tokens_eq("骗", 0, "骗");
	all_tokens_eq("骗 a 1", 0, "骗");
	all_tokens_eq("药品", 0, "药|品|药品");
	all_tokens_eq("保健品讲座", 1, "保|健|保健|品|健品|讲|品讲|座|讲座");
	all_tokens_eq("税，Tax 税费", 0, "税|tax|税|费|税费");
	all_tokens_eq("**药**店", 1, "药|店|药店");
	all_tokens_eq("カ한\xF0\xA0\x80\x80", 0,
	    "カ|한|カ한|\xF0\xA0\x80\x80|한\xF0\xA0\x80\x80");
	/* full-width ASCII and punctuation are no characters of a run */
	all_tokens_eq("ＡＢ药。", 0, "ab|药");
	all_tokens_eq("保\xff健", 0, "保|健");
}

static void
test_tokens_ascii(void **state)
{
	(void)state;
	tokens_eq("Hello, World 2022!", 0, "hello|world|2022");
	tokens_eq("拨打12315举报", 0, "拨打|12315|举报");
	tokens_eq("a b 1 2 x9", 0, "x9");
	tokens_eq("Wi-Fi", 0, "wi|fi");
	tokens_eq("foo_bar", 1, "foo|bar");
	/* full-width ASCII is ASCII */
	tokens_eq("ＡＢＣ１２３", 0, "abc123");
	tokens_eq("拨打１２３１５，", 0, "拨打|12315");
	tokens_eq("Ｗｉ－Ｆｉ", 0, "wi|fi");
	tokens_eq("ＡＢＣdef", 0, "abcdef");
	/* words are cut at SEARCH_WORD_MAX bytes */
	tokens_eq("abcdefghijklmnopqrstuvwxyz0123456789 ok", 0,
	    "abcdefghijklmnopqrstuvwxyz012345|ok");
}

static void
test_tokens_markdown(void **state)
{
	(void)state;
	/* emphasis and code marks are not text: the two sides join */
	tokens_eq("**免费**体检", 1, "免费|费体|体检");
	tokens_eq("**免费**体检", 0, "免费|体检");
	tokens_eq("用`ls`命令", 1, "ls|命令");
	tokens_eq("~~保健~~品", 1, "保健|健品");
	/* link text stays, the destination goes */
	tokens_eq("详见[消费者](/tishi/page-6/)。", 1, "详见|见消|消费|费者");
	tokens_eq("![海报](poster.png)讲座", 1, "海报|报讲|讲座");
	tokens_eq("[保健](/a/(b))品", 1, "保健|健品");
	tokens_eq("[保健][ref]品", 1, "保健|ref");
	/* a link reference definition is left out */
	tokens_eq("正文\n[ref]: https://example.com \"标题\"\n讲座", 1,
	    "正文|讲座");
	/* HTML tags and comments are not text, entities separate */
	tokens_eq("<span class=\"x\">保健</span>品", 1, "保健|健品");
	tokens_eq("前文<!--more-->后文", 1, "前文|文后|后文");
	tokens_eq("AT&amp;T Inc", 1, "at|inc");
	tokens_eq("AT&amp;T Inc", 0, "at|amp|inc");
	tokens_eq("x < 5 and 3>2", 1, "and");
	/* headings, lists and tables are text */
	tokens_eq("## 标题\n\n- 一项\n- 二项\n\n| 项目 | 数量 |\n|--|--:|\n| 讲座 | 12 |",
	    1, "标题|一项|二项|项目|数量|讲座|12");
}

static void
html_eq(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	search_html_text(in, strlen(in), &b);
	if (strcmp(b.len ? b.ptr : "", want) != 0)
		fail_msg("text of \"%s\": got \"%s\", want \"%s\"", in,
		    b.len ? b.ptr : "", want);
	buf_free(&b);
}

/* The text of a rendered page that a searchable site.page{} gives. */
static void
test_html_text(void **state)
{
	(void)state;
	/* <main> only: not the menu, not the footer */
	html_eq("<nav>菜单</nav><main id=\"main\"><p>正文</p></main><footer>页脚"
	    "</footer>", "\n\n正文\n\n");
	/* no <main>: the whole page */
	html_eq("<p>甲</p>乙", "\n\n甲\n\n乙");
	/* inline tags join, others separate (once) */
	html_eq("<main><em>假</em>药<br><div><p>保</p></div>健</main>",
	    "\n\n假药\n\n保\n\n健");
	html_eq("<main>以<a href=\"/x/\">养老</a><SPAN>项目</SPAN></main>",
	    "\n\n以养老项目");
	/* entities decoded; unknown ones and a bare < stay as they are */
	html_eq("<main>A&amp;B &lt;x&gt; &#x836F;&#33647;&nbsp;&copy; &#0; 1 < 2"
	    "</main>", "\n\nA&B <x> 药药 &copy; &#0; 1 < 2");
	/* scripts, styles, SVG and comments are no text */
	html_eq("<main>甲<script>var s = \"</p>脚本\";</script>乙<style>p{}"
	    "</style><svg><text>图</text></svg><!-- 注释 -->丙</main>",
	    "\n\n甲\n\n乙\n\n丙");
	/* a tag cut short ends the text */
	html_eq("<main>甲<p class=", "\n\n甲");
	/* the last </main> ends it */
	html_eq("<MAIN>甲</main>乙</main>丙", "\n\n甲\n\n乙");
	/* the <article> in <main>, not what is around it */
	html_eq("<main><article class=\"case\"><h1>案</h1></article><p>返回"
	    "</p></main>", "\n\n案\n\n");
	html_eq("<article>外</article><main>内</main>", "\n\n内");
}

/* The index of docs as one string: every file, "== name\ncontent". */
static void
index_text(const struct search_doc *docs, size_t n, int threads,
    struct buf *out)
{
	struct outfile *f;
	struct buf err = BUF_INIT;
	size_t	 nf, i;

	assert_int_equal(search_make(docs, n, threads, &f, &nf, &err), 1);
	for (i = 0; i < nf; i++) {
		buf_printf(out, "== %s\n", f[i].rel);
		buf_put(out, f[i].data, f[i].len);
		free(f[i].rel);
		free(f[i].data);
	}
	free(f);
	buf_free(&err);
}

#define BODY(s)	.body = (s), .bodylen = sizeof(s) - 1

static void
test_tiny_site(void **state)
{
	struct search_doc docs[] = {
		{ .url = "/a/", .title = "保健品", .summary = "讲座",
		    BODY("保健品讲座。Hello **World**") },
		{ .url = "/b/\"q\"/", .title = "讲座", .summary = "",
		    BODY("讲座\n\n讲座 hello") },
	};
	struct buf b = BUF_INIT;

	(void)state;
	index_text(docs, 2, 1, &b);
	/*
	 * 保健, 健品 (and 保, 健, 品): in the title of page 0 and once in
	 * its body: 8 + 1, j.  讲座 (and 讲, 座): page 0, summary and body (2, c); page 1, title and body
	 * twice (8 + 2, k), the next page (distance 0, a).  The id is the
	 * hash of the other files (computed again in Python); a page list
	 * holds 8192 / (55 / 2 + 1) pages.
	 */
	assert_string_equal(b.ptr,
	    "== search/d/0.json\n"
	    "[[\"/a/\",\"保健品\",\"讲座\"],[\"/b/\\\"q\\\"/\",\"讲座\",\"\"]]\n"
	    "== search/s/0.json\n"
	    "{\"hello\":\"abab\",\"world\":\"ab\",\"保\":\"aj\",\"保健\":\"aj\","
	    "\"健\":\"aj\",\"健品\":\"aj\",\"品\":\"aj\",\"品讲\":\"ab\","
	    "\"座\":\"acak\",\"讲\":\"acak\",\"讲座\":\"acak\"}\n"
	    "== search/meta.json\n"
	    "{\"id\":\"4fea126b\",\"docs\":2,\"bits\":0,\"chunk\":292}\n");
	buf_free(&b);
}

static void
test_no_pages(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	index_text(NULL, 0, 4, &b);
	assert_string_equal(b.ptr,
	    "== search/s/0.json\n{}\n"
	    "== search/meta.json\n"
	    "{\"id\":\"708964ec\",\"docs\":0,\"bits\":0,\"chunk\":1}\n");
	buf_free(&b);
}

static void
test_postings(void **state)
{
	struct search_doc docs[710];
	struct buf b = BUF_INIT;
	size_t	 i;

	(void)state;
	memset(docs, 0, sizeof(docs));
	for (i = 0; i < 710; i++) {
		docs[i].url = "/x/";
		docs[i].title = "";
		docs[i].summary = "";
		docs[i].body = "";
	}
	/* distances of 0, 28 (base 26: Bc) and 676 (BAa) */
	docs[0].body = "讲座";
	docs[29].body = "讲座讲座讲座讲座讲座讲座讲座讲座讲座";	/* capped at 7 */
	docs[29].title = "讲座";
	docs[30].body = "讲座";
	docs[707].summary = "讲座";
	for (i = 0; i < 710; i++)
		docs[i].bodylen = strlen(docs[i].body);
	index_text(docs, 710, 1, &b);
	if (strstr(b.ptr, ",\"讲座\":\"abBcpabBAab\"}") == NULL)
		fail_msg("postings of 讲座 not found in\n%.300s", b.ptr);
	buf_free(&b);
}

/* The index is the same whatever the number of threads. */
static void
test_threads(void **state)
{
	static const char *words[] = { "保健品", "讲座", "老年人", "免费",
	    "体检", "诈骗", "Hello", "12315", "以房养老", "，", "。", " " };
	struct search_doc *docs;
	struct buf one = BUF_INIT, many = BUF_INIT, *bodies;
	uint32_t r = 1;
	size_t	 i, k, n = 1000;

	(void)state;
	docs = calloc(n, sizeof(*docs));
	bodies = calloc(n, sizeof(*bodies));
	for (i = 0; i < n; i++) {
		for (k = 0; k < 30; k++) {
			r = r * 1103515245u + 12345u;
			buf_puts(&bodies[i], words[(r >> 16) % 12]);
		}
		docs[i].url = "/p/";
		docs[i].title = words[i % 9];
		docs[i].summary = "";
		docs[i].body = bodies[i].ptr;
		docs[i].bodylen = bodies[i].len;
	}
	index_text(docs, n, 1, &one);
	index_text(docs, n, 7, &many);
	assert_int_equal(one.len, many.len);
	assert_memory_equal(one.ptr, many.ptr, one.len);
	for (i = 0; i < n; i++)
		buf_free(&bodies[i]);
	free(bodies);
	free(docs);
	buf_free(&one);
	buf_free(&many);
}

/* A big site is split: shards by hash, page lists by size. */
static void
test_split(void **state)
{
	struct search_doc *docs;
	struct outfile *f;
	struct buf err = BUF_INIT, *bodies;
	size_t	 i, k, nf, n = 3000, nshards = 0, nlists = 0;
	const char *meta = NULL;

	(void)state;
	docs = calloc(n, sizeof(*docs));
	bodies = calloc(n, sizeof(*bodies));
	for (i = 0; i < n; i++) {
		for (k = 0; k < 20; k++)
			buf_printf(&bodies[i], "word%zu ", (i * 31 + k * 7) % 5000);
		docs[i].url = "/p/";
		docs[i].title = "标题";
		docs[i].summary = "一段摘要，说明这一页讲的是什么。";
		docs[i].body = bodies[i].ptr;
		docs[i].bodylen = bodies[i].len;
	}
	assert_int_equal(search_make(docs, n, 2, &f, &nf, &err), 1);
	for (i = 0; i < nf; i++) {
		if (strncmp(f[i].rel, "search/s/", 9) == 0)
			nshards++;
		else if (strncmp(f[i].rel, "search/d/", 9) == 0)
			nlists++;
		else
			meta = f[i].data;
	}
	assert_non_null(meta);
	assert_non_null(strstr(meta, "\"docs\":3000,\"bits\":"));
	/* about 32 KB a shard, about 8 KB a page list */
	assert_true(nshards >= 4 && (nshards & (nshards - 1)) == 0);
	assert_true(nlists >= 10);
	assert_string_equal(f[0].rel, "search/d/0.json");
	assert_string_equal(f[nf - 1].rel, "search/meta.json");
	for (i = 0; i < nf; i++) {
		free(f[i].rel);
		free(f[i].data);
	}
	free(f);
	for (i = 0; i < n; i++)
		buf_free(&bodies[i]);
	free(bodies);
	free(docs);
	buf_free(&err);
}

static void
test_unreadable(void **state)
{
	struct search_doc doc = { .url = "/a/", .title = "t", .summary = "",
	    .path = "/nonexistent/shouhu/x.md" };
	struct outfile *f;
	struct buf err = BUF_INIT;
	size_t	 nf;

	(void)state;
	assert_int_equal(search_make(&doc, 1, 1, &f, &nf, &err), 0);
	assert_string_equal(err.ptr, "/nonexistent/shouhu/x.md: 无法读取："
	    "文件或文件夹不存在");
	assert_null(f);
	assert_int_equal(nf, 0);
	buf_free(&err);
}

/* site.lua: search = true adds the files; anything but a boolean fails. */
static void
test_config(void **state)
{
	struct site s;
	struct buf err = BUF_INIT;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.root = "";
	s.L = luaL_newstate();
	assert_int_equal(search_site(&s, 1, NULL, &err), 1);
	assert_int_equal(s.nfiles, 0);
	assert_int_equal(luaL_dostring(s.L, "site = { config = { search = false } }"), 0);
	assert_int_equal(search_site(&s, 1, NULL, &err), 1);
	assert_int_equal(s.nfiles, 0);
	assert_int_equal(luaL_dostring(s.L, "site = { config = { search = \"yes\" } }"), 0);
	assert_int_equal(search_site(&s, 1, NULL, &err), 0);
	assert_string_equal(err.ptr, "scripts/site.lua: 配置项 search 应当是 true"
	    "（生成全文搜索的索引 search/）或 false");
	assert_int_equal(luaL_dostring(s.L, "site = { config = { search = true } }"), 0);
	assert_int_equal(search_site(&s, 1, NULL, &err), 1);
	assert_int_equal(s.nfiles, 2);
	assert_string_equal(s.files[0].rel, "search/s/0.json");
	assert_string_equal(s.files[1].rel, "search/meta.json");
	free(s.files[0].rel);
	free(s.files[0].data);
	free(s.files[1].rel);
	free(s.files[1].data);
	free(s.files);
	lua_close(s.L);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_tokens_cjk),
		cmocka_unit_test(test_tokens_chars),
		cmocka_unit_test(test_tokens_ascii),
		cmocka_unit_test(test_tokens_markdown),
		cmocka_unit_test(test_html_text),
		cmocka_unit_test(test_tiny_site),
		cmocka_unit_test(test_no_pages),
		cmocka_unit_test(test_postings),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
