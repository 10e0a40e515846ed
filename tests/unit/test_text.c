#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/text.h"

typedef void (*appender)(struct buf *, const char *, size_t);

static void
app_eq(appender fn, const char *in, size_t inlen, const char *want,
    size_t wantlen)
{
	struct buf	 b = BUF_INIT;

	fn(&b, in, inlen);
	assert_int_equal(b.len, wantlen);
	assert_memory_equal(b.ptr, want, wantlen);
	assert_int_equal(b.ptr[b.len], '\0');
	buf_free(&b);
}

#define APP_EQ(fn, in, want) \
	app_eq((fn), (in), strlen(in), (want), strlen(want))

static void
summary_eq(const char *in, size_t limit, const char *want)
{
	struct buf	 b = BUF_INIT;

	text_summary(&b, in, strlen(in), limit);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static size_t
count_chars(const char *s, size_t n)
{
	size_t		 i, k;
	uint32_t	 cp;

	for (i = k = 0; i < n; k++)
		i += utf8_next(s + i, n - i, &cp);
	return k;
}

static void
test_escape_html(void **state)
{
	APP_EQ(text_escape_html, "<a href=\"x\">'&'</a>",
	    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	APP_EQ(text_escape_html, "&", "&amp;");
	APP_EQ(text_escape_html, "<", "&lt;");
	APP_EQ(text_escape_html, ">", "&gt;");
	APP_EQ(text_escape_html, "\"", "&quot;");
	APP_EQ(text_escape_html, "'", "&#39;");
	APP_EQ(text_escape_html, "plain 中文 text", "plain 中文 text");
	APP_EQ(text_escape_html, "", "");
	APP_EQ(text_escape_html, "&amp;", "&amp;amp;");
	app_eq(text_escape_html, "a\0<", 3, "a\0&lt;", 6);
}

/* Element content: & < > escaped, quotes kept as they are. */
static void
test_escape_text(void **state)
{
	APP_EQ(text_escape_text, "<a href=\"x\">'&'</a>",
	    "&lt;a href=\"x\"&gt;'&amp;'&lt;/a&gt;");
	APP_EQ(text_escape_text, "\"><img src=x onerror=alert(1)>",
	    "\"&gt;&lt;img src=x onerror=alert(1)&gt;");
	APP_EQ(text_escape_text, "&amp; 中文 ]]>", "&amp;amp; 中文 ]]&gt;");
	APP_EQ(text_escape_text, "", "");
	app_eq(text_escape_text, "'\0>", 3, "'\0&gt;", 6);
}

/* As RSS writes plain text: HTML-escaped, then XML-escaped. */
static void
test_escape_feed(void **state)
{
	APP_EQ(text_escape_feed, "\"><img src=x onerror=alert(1)>",
	    "&quot;&amp;gt;&amp;lt;img src=x onerror=alert(1)&amp;gt;");
	APP_EQ(text_escape_feed, "<b>粗</b> &amp; 'a'",
	    "&amp;lt;b&amp;gt;粗&amp;lt;/b&amp;gt; &amp;amp;amp; &#39;a&#39;");
	APP_EQ(text_escape_feed, "]]>", "]]&amp;gt;");
	APP_EQ(text_escape_feed, "拨打 12315 举报", "拨打 12315 举报");
	APP_EQ(text_escape_feed, "", "");
}

static void
test_escape_html_appends(void **state)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "x=");
	text_escape_html(&b, "a<b", 1);
	text_escape_html(&b, NULL, 0);
	assert_string_equal(b.ptr, "x=a");
	buf_free(&b);
}

static void
test_url_encode(void **state)
{
	APP_EQ(text_url_encode, "/tags/保健品/",
	    "/tags/%E4%BF%9D%E5%81%A5%E5%93%81/");
	APP_EQ(text_url_encode, "AZaz09-._~/", "AZaz09-._~/");
	APP_EQ(text_url_encode, "a b&c?d=e#f%+",
	    "a%20b%26c%3Fd%3De%23f%25%2B");
	APP_EQ(text_url_encode, "", "");
	app_eq(text_url_encode, "\0\xff\x7f", 3, "%00%FF%7F", 9);
}

static void
test_slugify(void **state)
{
	APP_EQ(text_slugify, "Hello, World!", "hello-world");
	APP_EQ(text_slugify, "保健品 讲座（2022）", "保健品-讲座-2022");
	APP_EQ(text_slugify, "  --a--  ", "a");
	APP_EQ(text_slugify, "", "");
	APP_EQ(text_slugify, "!!! ??? ---", "");
	APP_EQ(text_slugify, "C++ & Rust_lang v1.2", "c-rust_lang-v1.2");
	APP_EQ(text_slugify, "Ünïcödé Straße", "Ünïcödé-straße");
	APP_EQ(text_slugify, "“引号”里的字", "引号-里的字");
	APP_EQ(text_slugify, "100×200÷3", "100-200-3");
	APP_EQ(text_slugify, "a\xE3\x80\x80" "b", "a-b");
	APP_EQ(text_slugify, "中文，标点。问号？", "中文-标点-问号");
	APP_EQ(text_slugify, "ＡＢＣ", "ＡＢＣ");
	APP_EQ(text_slugify, "a\xFF" "b\xC0\x80" "c\xED\xA0\x80" "d", "abcd");
	APP_EQ(text_slugify, "a\xE4\xBD", "a");
	APP_EQ(text_slugify, "x\ty\nz\x01w", "x-y-z-w");
	APP_EQ(text_slugify, "emoji 😀 ok", "emoji-😀-ok");
}

static void
test_slugify_appends(void **state)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "/tags/");
	text_slugify(&b, " Hi There ", 10);
	assert_string_equal(b.ptr, "/tags/hi-there");
	buf_free(&b);
}

static void
test_utf8_valid(void **state)
{
	size_t	 bad;

	assert_int_equal(utf8_valid("hello", 5, NULL), 1);
	assert_int_equal(utf8_valid("", 0, NULL), 1);
	assert_int_equal(utf8_valid("中文é😀", 4 + 3 + 3 + 2, NULL), 1);
	assert_int_equal(utf8_valid("a\0b", 3, NULL), 1);
	assert_int_equal(utf8_valid("\xEF\xBF\xBF", 3, NULL), 1);
	assert_int_equal(utf8_valid("\xF4\x8F\xBF\xBF", 4, NULL), 1);

	bad = 99;
	assert_int_equal(utf8_valid("\xC0\x80", 2, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_valid("ab\xE0\x80\xAF", 5, &bad), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_valid("xy\xF0\x80\x80\x80", 6, &bad), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_valid("ab\xED\xA0\x80", 5, &bad), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_valid("a\xE4\xBD", 3, &bad), 0);
	assert_int_equal(bad, 1);
	assert_int_equal(utf8_valid("中\xE4", 4, &bad), 0);
	assert_int_equal(bad, 3);
	assert_int_equal(utf8_valid("\xE4\xBD" "a", 3, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_valid("\xF4\x90\x80\x80", 4, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_valid("abc\x80", 4, &bad), 0);
	assert_int_equal(bad, 3);
	assert_int_equal(utf8_valid("\xFF", 1, &bad), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_valid("\xF8\x88\x80\x80\x80", 5, NULL), 0);
	/* The string is valid when only its valid prefix is given. */
	assert_int_equal(utf8_valid("中\xE4", 3, &bad), 1);
}

static void
test_utf8_decode(void **state)
{
	uint32_t	 cp;

	assert_int_equal(utf8_next("A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(utf8_next("é", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_next("中x", 4, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_next("😀", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_next("\xEF\xBF\xBD", 3, &cp), 3);
	assert_int_equal(cp, 0xFFFD);
	cp = 0;
	assert_int_equal(utf8_next("\xC0\x80", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	cp = 0;
	assert_int_equal(utf8_next("中", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	cp = 0;
	assert_int_equal(utf8_next("\xED\xB0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	cp = 0;
	assert_int_equal(utf8_next("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	cp = 0;
	assert_int_equal(utf8_next("\xE4" "ab", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_next("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

static void
test_is_cjk(void **state)
{
	assert_int_equal(text_is_cjk(0x4E2D), 1);	/* 中 */
	assert_int_equal(text_is_cjk(0x3002), 1);	/* 。 */
	assert_int_equal(text_is_cjk(0xFF0C), 1);	/* ， */
	assert_int_equal(text_is_cjk(0x3042), 1);	/* あ */
	assert_int_equal(text_is_cjk(0x30A2), 1);	/* ア */
	assert_int_equal(text_is_cjk(0xAC00), 1);	/* 가 */
	assert_int_equal(text_is_cjk(0xD7AF), 1);
	assert_int_equal(text_is_cjk(0x3400), 1);
	assert_int_equal(text_is_cjk(0x4DBF), 1);
	assert_int_equal(text_is_cjk(0x9FFF), 1);
	assert_int_equal(text_is_cjk(0xF900), 1);
	assert_int_equal(text_is_cjk(0xFFEF), 1);
	assert_int_equal(text_is_cjk(0x20000), 1);
	assert_int_equal(text_is_cjk(0x2FA1F), 1);
	assert_int_equal(text_is_cjk('a'), 0);
	assert_int_equal(text_is_cjk(' '), 0);
	assert_int_equal(text_is_cjk(0xE9), 0);
	assert_int_equal(text_is_cjk(0x2FFF), 0);
	assert_int_equal(text_is_cjk(0x4DC0), 0);	/* Yijing hexagrams */
	assert_int_equal(text_is_cjk(0xD7B0), 0);
	assert_int_equal(text_is_cjk(0xFFF0), 0);
	assert_int_equal(text_is_cjk(0x1F600), 0);
	assert_int_equal(text_is_cjk(0x2FA20), 0);
	assert_int_equal(text_is_cjk(0xFFFFFFFF), 0);
}

static void
test_summary_short(void **state)
{
	summary_eq("你好，世界。", 10, "你好，世界。");
	summary_eq("你好，世界。", 6, "你好，世界。");
	summary_eq("abcde", 5, "abcde");
	summary_eq("Hello world", 100, "Hello world");
	summary_eq("  \n hello \n ", 10, "hello");
	summary_eq("", 10, "");
	summary_eq(" \t\r\n ", 10, "");
}

static void
test_summary_limit_zero(void **state)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "keep");
	text_summary(&b, "some text", 9, 0);
	assert_string_equal(b.ptr, "keep");
	text_summary(&b, "中文", 6, 1);
	assert_string_equal(b.ptr, "keep中…");
	buf_free(&b);
}

static void
test_summary_sentence(void **state)
{
	/* Last 。 at position 9 >= 12/2: cut after it, no ellipsis. */
	summary_eq("第一句话。第二句话。第三句话很长很长很长", 12,
	    "第一句话。第二句话。");
	summary_eq("第一句话！第二句话？第三句话很长很长很长", 12,
	    "第一句话！第二句话？");
	summary_eq("一二三四五六；七八九十一二三", 10, "一二三四五六；");
	summary_eq("Hello world. This is a long sentence without end", 20,
	    "Hello world.");
	summary_eq("Hi there you! And then some more words", 16,
	    "Hi there you!");
	/* The sentence end is before half: plain cut with ellipsis. */
	summary_eq("短。这是一段没有句号的很长很长的文字内容", 10,
	    "短。这是一段没有句号…");
	summary_eq("Wow! This is really a long text here", 10, "Wow! This…");
	/* "3.14" and "example.com" have no sentence end. */
	summary_eq("See example.com for details please", 20,
	    "See example.com for…");
	summary_eq("Version 3.14 is here and it is great", 20,
	    "Version 3.14 is here…");
	/* A '.' then a newline before CJK is a sentence end. */
	summary_eq("Version one.\n然后是很长很长很长很长的中文", 16,
	    "Version one.");
}

static void
test_summary_cut(void **state)
{
	summary_eq("一二三四五，六七八九十", 6, "一二三四五…");
	summary_eq("一二三四、，六七八九十", 6, "一二三四…");
	summary_eq("abc, def, ghi, jkl", 9, "abc, def…");
	summary_eq("ab: cd: ef: gh", 6, "ab: cd…");
	summary_eq("一二三：四五六七八九十", 4, "一二三…");
}

static void
test_summary_word(void **state)
{
	char	 in[128], want[128];

	summary_eq("The quick brown fox jumps over the lazy dog", 17,
	    "The quick brown…");
	summary_eq("The quick brown fox jumps over the lazy dog", 15,
	    "The quick brown…");
	summary_eq("The quick brown fox jumps over the lazy dog", 16,
	    "The quick brown…");
	/* No space within the last 20 characters: cut mid-word. */
	memset(in, 'a', 50);
	in[50] = '\0';
	memset(want, 'a', 30);
	strcpy(want + 30, "…");
	summary_eq(in, 30, want);
	strcpy(in, "abc ");
	memset(in + 4, 'x', 40);
	in[44] = '\0';
	strcpy(want, "abc ");
	memset(want + 4, 'x', 26);
	strcpy(want + 30, "…");
	summary_eq(in, 30, want);
	/* The space may be 20 characters back, but no further. */
	memset(in, 'a', 10);
	in[10] = ' ';
	memset(in + 11, 'b', 40);
	in[51] = '\0';
	summary_eq(in, 30, "aaaaaaaaaa…");
	memcpy(want, in, 31);
	strcpy(want + 31, "…");
	summary_eq(in, 31, want);
	/* No space to back up to: the cut stays inside the word. */
	summary_eq("中文abcdef", 4, "中文ab…");
}

static void
test_summary_whitespace(void **state)
{
	summary_eq("中文\n\n  英文 abc\n  def。", 100, "中文英文 abc def。");
	summary_eq("hello   \t\r\n  world", 100, "hello world");
	summary_eq("段落一。\n\n段落二。", 100, "段落一。段落二。");
	summary_eq("abc 中文 def", 100, "abc 中文 def");
	summary_eq("请拨打 12315\n举报。", 100, "请拨打 12315 举报。");
	summary_eq("老人\n因此", 100, "老人因此");
	summary_eq("a\n\nb", 100, "a b");
	summary_eq("一 二 三 四 五 六 七 八", 4, "一二三四…");
	/* The collapsed space counts as one character. */
	summary_eq("ab      cd", 5, "ab cd");
	summary_eq("ab      cdef", 5, "ab…");
}

static void
test_summary_utf8_boundaries(void **state)
{
	static const char unit[] = "é中😀";	/* 2, 3 and 4 bytes */
	struct buf	 b = BUF_INIT;
	char		 in[256];
	size_t		 i, limit, plen;

	in[0] = '\0';
	for (i = 0; i < 10; i++)
		strcat(in, unit);
	for (limit = 1; limit < 30; limit++) {
		buf_clear(&b);
		text_summary(&b, in, strlen(in), limit);
		assert_int_equal(utf8_valid(b.ptr, b.len, NULL), 1);
		assert_true(b.len > 3);
		plen = b.len - 3;
		assert_memory_equal(b.ptr + plen, "…", 3);
		assert_int_equal(count_chars(b.ptr, plen), limit);
		assert_memory_equal(b.ptr, in, plen);
	}
	buf_clear(&b);
	text_summary(&b, in, strlen(in), 30);
	assert_string_equal(b.ptr, in);
	buf_free(&b);
}

static void
test_summary_invalid_utf8(void **state)
{
	summary_eq("a\xFF" "b", 10, "a\xEF\xBF\xBD" "b");
	summary_eq("\xE4\xBD", 10, "\xEF\xBF\xBD\xEF\xBF\xBD");
	summary_eq("\xC0\x80\xC0\x80\xC0\x80", 2,
	    "\xEF\xBF\xBD\xEF\xBF\xBD…");
	summary_eq("中文\xED\xA0\x80", 3, "中文\xEF\xBF\xBD…");
}

static void
test_summary_large(void **state)
{
	struct buf	 in = BUF_INIT, out = BUF_INIT;
	size_t		 i;

	for (i = 0; i < 100000; i++)
		buf_puts(&in, "长文本 text ");
	text_summary(&out, in.ptr, in.len, 120);
	assert_int_equal(utf8_valid(out.ptr, out.len, NULL), 1);
	assert_int_equal(count_chars(out.ptr, out.len), 121);
	buf_clear(&out);
	text_summary(&out, in.ptr, in.len, (size_t)-1);
	assert_true(out.len < in.len);
	assert_int_equal(utf8_valid(out.ptr, out.len, NULL), 1);
	buf_free(&in);
	buf_free(&out);
}

static int
safe(const char *s)
{
	return text_url_safe(s, strlen(s));
}

static void
test_url_safe(void **state)
{
	assert_int_equal(safe("javascript:alert(1)"), 0);
	assert_int_equal(safe(" JaVaScRiPt:x"), 0);
	assert_int_equal(safe("java\tscript:x"), 0);
	assert_int_equal(safe("java\nscript:x"), 0);
	assert_int_equal(safe("\x01\x02javascript:x"), 0);
	assert_int_equal(safe("data:text/html,x"), 0);
	assert_int_equal(safe("vbscript:x"), 0);
	assert_int_equal(safe("file:///etc/passwd"), 0);
	assert_int_equal(safe(":x"), 0);
	assert_int_equal(safe("httpsx:x"), 0);
	assert_int_equal(safe("verylongscheme:x"), 0);
	assert_int_equal(text_url_safe("tel\0x:1", 7), 0);
	assert_int_equal(safe("/a/b"), 1);
	assert_int_equal(safe("a/b:c"), 1);
	assert_int_equal(safe("https://x"), 1);
	assert_int_equal(safe("HTTP://x"), 1);
	assert_int_equal(safe("ht\ttp://x"), 1);
	assert_int_equal(safe("mailto:a@b"), 1);
	assert_int_equal(safe("tel:12345"), 1);
	assert_int_equal(safe("#x"), 1);
	assert_int_equal(safe("?a=b"), 1);
	assert_int_equal(safe("?a=javascript:x"), 1);
	assert_int_equal(safe("page.html"), 1);
	assert_int_equal(safe(""), 1);
	assert_int_equal(text_url_safe("javascript:x", 10), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_escape_feed),
		cmocka_unit_test(test_escape_html_appends),
		cmocka_unit_test(test_url_encode),
		cmocka_unit_test(test_slugify),
		cmocka_unit_test(test_slugify_appends),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_is_cjk),
		cmocka_unit_test(test_summary_short),
		cmocka_unit_test(test_summary_limit_zero),
		cmocka_unit_test(test_summary_sentence),
		cmocka_unit_test(test_summary_cut),
		cmocka_unit_test(test_summary_word),
		cmocka_unit_test(test_summary_whitespace),
		cmocka_unit_test(test_summary_utf8_boundaries),
		cmocka_unit_test(test_summary_invalid_utf8),
		cmocka_unit_test(test_summary_large),
		cmocka_unit_test(test_url_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
