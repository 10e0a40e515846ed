/*
 * svg: the charts of the statistics pages.  Every chart has a <title> and
 * a <desc> that lists every value (what a screen reader says), labels and
 * titles are escaped, an empty chart says 暂无数据, bars are proportional
 * (the largest is 300 units long), long labels are cut with … after 26
 * display columns (a CJK character is two).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "site/svg.h"

#define CUT_CJK	"涉老食品保健品涉老食品保健"	/* 13 characters: 26 columns */

/* How many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
		n++;
	return n;
}

/* hay must contain needle. */
static void
has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing %s in\n%s", needle, hay);
}

/* The width="N" of each bar of a bar chart, in order, into w. */
static size_t
bar_widths(const char *svg, int *w, size_t max)
{
	const char	*p = svg;
	size_t		 n = 0;

	while ((p = strstr(p, "<rect class=\"bar\"")) != NULL && n < max) {
		p = strstr(p, " width=\"");
		assert_non_null(p);
		p += strlen(" width=\"");
		w[n++] = atoi(p);
	}
	return n;
}

/* Title, description and one row per item, with the unit after values. */
static void
test_bar_title_desc(void **state)
{
	struct buf	 b = BUF_INIT;
	const struct svg_item it[] = {
		{ "网络空间", 12 }, { "涉老食品保健品", 3 }, { "涉老非法集资", 0 }
	};

	(void)state;
	svg_bar_chart(&b, "lingyu", "按领域统计的问题", it, 3, "个");
	assert_int_equal(strncmp(b.ptr, "<svg class=\"chart\" role=\"img\" "
	    "viewBox=\"0 0 640 128\" aria-labelledby=\"lingyu-t lingyu-d\"",
	    strlen("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 640 128\" "
	    "aria-labelledby=\"lingyu-t lingyu-d\"")), 0);
	has(b.ptr, "<title id=\"lingyu-t\">按领域统计的问题</title>");
	has(b.ptr, "<desc id=\"lingyu-d\">网络空间 12个；涉老食品保健品 3个；"
	    "涉老非法集资 0个</desc>");
	has(b.ptr, ">网络空间</text>");
	has(b.ptr, ">12个</text>");
	has(b.ptr, ">3个</text>");
	has(b.ptr, ">0个</text>");
	assert_int_equal(count(b.ptr, "<rect class=\"bar\""), 3);
	assert_null(strstr(b.ptr, "暂无数据"));
	assert_int_equal(count(b.ptr, "<svg"), 1);
	assert_string_equal(b.ptr + b.len - 6, "</svg>");
	/* no unit: bare numbers; fractions with two decimals */
	buf_clear(&b);
	svg_bar_chart(&b, "x", "金额", (const struct svg_item[]){
	    { "挽回损失", 1200.75 } }, 1, "");
	has(b.ptr, "<desc id=\"x-d\">挽回损失 1200.75</desc>");
	buf_free(&b);
}

/* Labels, titles, ids and units from data are text, never markup. */
static void
test_escaping(void **state)
{
	struct buf	 b = BUF_INIT;
	const struct svg_item it[] = {
		{ "<script>alert(1)</script>", 2 },
		{ "A&B \"公司\" 'x'", 1 }
	};
	int	 line;

	(void)state;
	for (line = 0; line < 2; line++) {
		buf_clear(&b);
		(line ? svg_line_chart : svg_bar_chart)(&b, "a\"b", "<b>标题</b>",
		    it, 2, "<i>");
		assert_null(strstr(b.ptr, "<script"));
		assert_null(strstr(b.ptr, "<b>"));
		assert_null(strstr(b.ptr, "<i>"));
		assert_null(strstr(b.ptr, "a\"b"));
		has(b.ptr, "<title id=\"a&quot;b-t\">&lt;b&gt;标题&lt;/b&gt;"
		    "</title>");
		has(b.ptr, "&lt;script&gt;alert(1)&lt;/script&gt; 2&lt;i&gt;；"
		    "A&amp;B &quot;公司&quot; &#39;x&#39; 1&lt;i&gt;</desc>");
		has(b.ptr, "aria-labelledby=\"a&quot;b-t a&quot;b-d\"");
	}
	/* the bar label itself */
	buf_clear(&b);
	svg_bar_chart(&b, "c", "t", it, 2, "");
	has(b.ptr, "fill=\"currentColor\">&lt;script&gt;alert(1)&lt;/script&gt;"
	    "</text>");
	buf_free(&b);
}

/* No items: the chart says so, in its description and in its picture. */
static void
test_empty(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	svg_bar_chart(&b, "e", "空图", NULL, 0, "个");
	has(b.ptr, "<title id=\"e-t\">空图</title><desc id=\"e-d\">暂无数据"
	    "</desc>");
	has(b.ptr, "fill=\"currentColor\">暂无数据</text></svg>");
	assert_null(strstr(b.ptr, "<rect"));
	has(b.ptr, "viewBox=\"0 0 640 48\"");
	buf_clear(&b);
	svg_line_chart(&b, "e", "空图", NULL, 0, "");
	has(b.ptr, "<desc id=\"e-d\">暂无数据</desc>");
	has(b.ptr, "fill=\"currentColor\">暂无数据</text></svg>");
	assert_null(strstr(b.ptr, "<polyline"));
	assert_null(strstr(b.ptr, "<circle"));
	buf_free(&b);
}

/* Bars are proportional to their values; the largest is 300 wide. */
static void
test_bar_lengths(void **state)
{
	struct buf	 b = BUF_INIT;
	const struct svg_item it[] = {
		{ "a", 12 }, { "b", 3 }, { "c", 6 }, { "d", 0 }, { "e", 9 },
		{ "f", 0.01 }, { "g", -4 }
	};
	int	 w[8];

	(void)state;
	svg_bar_chart(&b, "l", "t", it, 7, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 7);
	assert_int_equal(w[0], 300);
	assert_int_equal(w[1], 75);
	assert_int_equal(w[2], 150);
	assert_int_equal(w[3], 0);
	assert_int_equal(w[4], 225);
	assert_int_equal(w[5], 2);	/* tiny but not nothing: still seen */
	assert_int_equal(w[6], 0);	/* negative: no bar */
	/* the value is written just after its bar */
	has(b.ptr, "<text x=\"592\" y=\"30\" fill=\"currentColor\">12</text>");
	has(b.ptr, "<text x=\"367\" y=\"70\" fill=\"currentColor\">3</text>");
	/* the same scale whatever the magnitude */
	buf_clear(&b);
	svg_bar_chart(&b, "l", "t", (const struct svg_item[]){ { "a", 4e9 },
	    { "b", 1e9 } }, 2, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 2);
	assert_int_equal(w[0], 300);
	assert_int_equal(w[1], 75);
	/* all zero: no bars, no division by zero */
	buf_clear(&b);
	svg_bar_chart(&b, "l", "t", (const struct svg_item[]){ { "a", 0 },
	    { "b", 0 } }, 2, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 2);
	assert_int_equal(w[0], 0);
	assert_int_equal(w[1], 0);
	buf_free(&b);
}

/* The bar label as drawn (between the label's <text ...> and </text>). */
static char *
drawn_label(const char *svg)
{
	const char	*p, *e;

	p = strstr(svg, "text-anchor=\"end\" fill=\"currentColor\">");
	assert_non_null(p);
	p += strlen("text-anchor=\"end\" fill=\"currentColor\">");
	e = strstr(p, "</text>");
	assert_non_null(e);
	return strndup(p, (size_t)(e - p));
}

static void
label_is(const char *label, const char *want)
{
	struct buf	 b = BUF_INIT;
	struct svg_item	 it = { label, 1 };
	char		*got;

	svg_bar_chart(&b, "c", "t", &it, 1, "");
	got = drawn_label(b.ptr);
	assert_string_equal(got, want);
	free(got);
	buf_free(&b);
}

/* Labels longer than 26 columns are cut with …; the desc keeps them whole. */
static void
test_label_cut(void **state)
{
	struct buf	 b = BUF_INIT;
	struct svg_item	 it = { CUT_CJK "品品品", 5 };

	(void)state;
	label_is(CUT_CJK, CUT_CJK);
	label_is(CUT_CJK "品", CUT_CJK "…");
	label_is(CUT_CJK "品品品", CUT_CJK "…");
	label_is("abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz");
	label_is("abcdefghijklmnopqrstuvwxyz0", "abcdefghijklmnopqrstuvwxyz…");
	/* a CJK character that would straddle column 26 goes whole */
	label_is("abcdefghijklmnopqrstuvwxy品", "abcdefghijklmnopqrstuvwxy…");
	/* cut first, escaped after: never half an entity */
	label_is("abcdefghijklmnopqrstuvwxy&z", "abcdefghijklmnopqrstuvwxy&amp;…");
	label_is("abcdefghijklmnopqrstuvwxyz<", "abcdefghijklmnopqrstuvwxyz…");
	label_is("", "");
	svg_bar_chart(&b, "c", "t", &it, 1, "");
	has(b.ptr, "<desc id=\"c-d\">" CUT_CJK "品品品 5</desc>");
	buf_free(&b);
}

/* A line chart: a point and its value per item, labels under the axis. */
static void
test_line(void **state)
{
	struct buf	 b = BUF_INIT;
	struct svg_item	 it[12];
	char		 labels[12][16], want[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < 12; i++) {
		snprintf(labels[i], sizeof(labels[i]), "2022-W%02zu", i + 10);
		it[i].label = labels[i];
		it[i].value = (double)(i * 3);
	}
	svg_line_chart(&b, "zhou", "每周发现的问题", it, 3, "个");
	has(b.ptr, "<title id=\"zhou-t\">每周发现的问题</title>");
	has(b.ptr, "<desc id=\"zhou-d\">2022-W10 0个；2022-W11 3个；2022-W12 "
	    "6个</desc>");
	has(b.ptr, "points=\"60.0,240.0 320.0,135.0 580.0,30.0\"");
	assert_int_equal(count(b.ptr, "<circle"), 3);
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), ">%s</text>", labels[i]);
		has(b.ptr, want);
	}
	/* many points: every value in the description, some labels shown */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it, 12, "");
	assert_int_equal(count(b.ptr, "<circle"), 12);
	for (i = 0; i < 12; i++) {
		snprintf(want, sizeof(want), "%s %zu", labels[i], i * 3);
		has(b.ptr, want);
	}
	has(b.ptr, ">2022-W10</text>");
	has(b.ptr, ">2022-W21</text>");	/* the last is always labelled */
	assert_true(count(b.ptr, "font-size=\"14\"") < 12);
	/* one point: in the middle */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it + 4, 1, "");
	has(b.ptr, "points=\"320.0,30.0\"");
	/* all zero: on the axis, no division by zero */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it, 1, "");
	has(b.ptr, "points=\"320.0,240.0\"");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar_title_desc),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bar_lengths),
		cmocka_unit_test(test_label_cut),
		cmocka_unit_test(test_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
