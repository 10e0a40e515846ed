/*
 * svg: the charts of the statistics pages.  Every chart has a <title> and
 * a <desc> that lists every value (what a screen reader says), labels and
 * titles are escaped, an empty chart says 暂无数据, bars are proportional
 * (the largest is 60% of the width), long labels are cut with … after 26
 * display columns (a CJK character is two).  No viewBox on the chart:
 * across in %, down in em, so that text is the page's size (issue 15,
 * point 6; the browser test measures it at 360 px).
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

/* The width="N%" of each bar of a bar chart, in order, into w. */
static size_t
bar_widths(const char *svg, double *w, size_t max)
{
	const char	*p = svg;
	char		*e;
	size_t		 n = 0;

	while ((p = strstr(p, "<rect class=\"bar\"")) != NULL && n < max) {
		p = strstr(p, " width=\"");
		assert_non_null(p);
		p += strlen(" width=\"");
		w[n++] = strtod(p, &e);
		assert_int_equal(*e, '%');
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
	/* three rows of 3.4em and a margin; as wide as the column */
	assert_int_equal(strncmp(b.ptr, "<svg class=\"chart\" role=\"img\" "
	    "width=\"100%\" height=\"10.6em\" aria-labelledby=\"lingyu-t "
	    "lingyu-d\"", strlen("<svg class=\"chart\" role=\"img\" "
	    "width=\"100%\" height=\"10.6em\" aria-labelledby=\"lingyu-t "
	    "lingyu-d\"")), 0);
	assert_null(strstr(b.ptr, "viewBox"));
	assert_null(strstr(b.ptr, "font-size"));
	/* the label on its line, the bar under it, the value after the bar */
	has(b.ptr, "<text x=\"0\" y=\"1.1em\" fill=\"currentColor\">网络空间"
	    "</text><rect class=\"bar\" x=\"0\" y=\"1.6em\" width=\"60.0%\" "
	    "height=\"1.3em\" fill=\"#1f5fa8\"/><text x=\"61.5%\" y=\"2.6em\" "
	    "fill=\"currentColor\">12个</text>");
	has(b.ptr, "<text x=\"0\" y=\"4.5em\" fill=\"currentColor\">涉老食品"
	    "保健品</text>");
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
	has(b.ptr, "height=\"2.5em\"");
	buf_clear(&b);
	svg_line_chart(&b, "e", "空图", NULL, 0, "");
	has(b.ptr, "<desc id=\"e-d\">暂无数据</desc>");
	has(b.ptr, "fill=\"currentColor\">暂无数据</text></svg>");
	assert_null(strstr(b.ptr, "<polyline"));
	assert_null(strstr(b.ptr, "<circle"));
	buf_free(&b);
}

/* Bars are proportional to their values; the largest is 60% wide. */
static void
test_bar_lengths(void **state)
{
	struct buf	 b = BUF_INIT;
	const struct svg_item it[] = {
		{ "a", 12 }, { "b", 3 }, { "c", 6 }, { "d", 0 }, { "e", 9 },
		{ "f", 0.01 }, { "g", -4 }
	};
	double	 w[8];

	(void)state;
	svg_bar_chart(&b, "l", "t", it, 7, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 7);
	assert_true(w[0] == 60);
	assert_true(w[1] == 15);
	assert_true(w[2] == 30);
	assert_true(w[3] == 0);
	assert_true(w[4] == 45);
	assert_true(w[5] == .5);	/* tiny but not nothing: still seen */
	assert_true(w[6] == 0);		/* negative: no bar */
	/* the value is written just after its bar */
	has(b.ptr, "<text x=\"61.5%\" y=\"2.6em\" fill=\"currentColor\">12"
	    "</text>");
	has(b.ptr, "<text x=\"16.5%\" y=\"6.0em\" fill=\"currentColor\">3"
	    "</text>");
	/* the same scale whatever the magnitude */
	buf_clear(&b);
	svg_bar_chart(&b, "l", "t", (const struct svg_item[]){ { "a", 4e9 },
	    { "b", 1e9 } }, 2, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 2);
	assert_true(w[0] == 60);
	assert_true(w[1] == 15);
	/* all zero: no bars, no division by zero */
	buf_clear(&b);
	svg_bar_chart(&b, "l", "t", (const struct svg_item[]){ { "a", 0 },
	    { "b", 0 } }, 2, "");
	assert_int_equal(bar_widths(b.ptr, w, 8), 2);
	assert_true(w[0] == 0);
	assert_true(w[1] == 0);
	buf_free(&b);
}

/* The bar label as drawn (between the label's <text ...> and </text>). */
static char *
drawn_label(const char *svg)
{
	const char	*p, *e;

	p = strstr(svg, "<text x=\"0\" y=\"1.1em\" fill=\"currentColor\">");
	assert_non_null(p);
	p += strlen("<text x=\"0\" y=\"1.1em\" fill=\"currentColor\">");
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

/*
 * A line chart: a point per item; values over at most four points and the
 * first and last labels (the middle one too when labels are short) so that
 * nothing overlaps on a phone; the line in an inner <svg> of 0..1000.
 */
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
	has(b.ptr, "<svg class=\"chart\" role=\"img\" width=\"100%\" "
	    "height=\"13.6em\" ");
	has(b.ptr, "<title id=\"zhou-t\">每周发现的问题</title>");
	has(b.ptr, "<desc id=\"zhou-d\">2022-W10 0个；2022-W11 3个；2022-W12 "
	    "6个</desc>");
	has(b.ptr, "<svg x=\"0\" y=\"2.0em\" width=\"100%\" height=\"9.0em\" "
	    "viewBox=\"0 0 1000 1000\" preserveAspectRatio=\"none\" "
	    "overflow=\"visible\"><polyline class=\"line\" fill=\"none\" "
	    "stroke=\"#1f5fa8\" stroke-width=\"3\" vector-effect="
	    "\"non-scaling-stroke\" points=\"80,1000 500,500 920,0\"/></svg>");
	assert_int_equal(count(b.ptr, "<circle"), 3);
	has(b.ptr, "<circle class=\"dot\" cx=\"8.0%\" cy=\"11.00em\" r=\"5\" "
	    "fill=\"#1f5fa8\"/><text x=\"8.0%\" y=\"10.50em\" text-anchor="
	    "\"middle\" fill=\"currentColor\">0</text>");
	has(b.ptr, "cx=\"50.0%\" cy=\"6.50em\"");
	has(b.ptr, "cx=\"92.0%\" cy=\"2.00em\"");
	/* long labels: the first and the last, from the chart's ends */
	has(b.ptr, "<text x=\"4.0%\" y=\"12.6em\" text-anchor=\"start\" "
	    "fill=\"currentColor\">2022-W10</text>");
	has(b.ptr, "<text x=\"96.0%\" y=\"12.6em\" text-anchor=\"end\" "
	    "fill=\"currentColor\">2022-W12</text>");
	assert_null(strstr(b.ptr, ">2022-W11</text>"));
	assert_int_equal(count(b.ptr, "<text"), 5);
	assert_null(strstr(b.ptr, "font-size"));
	/* many points: every value in the description, four over points */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it, 12, "");
	assert_int_equal(count(b.ptr, "<circle"), 12);
	for (i = 0; i < 12; i++) {
		snprintf(want, sizeof(want), "%s %zu", labels[i], i * 3);
		has(b.ptr, want);
	}
	has(b.ptr, "currentColor\">0</text>");
	has(b.ptr, "currentColor\">12</text>");
	has(b.ptr, "currentColor\">21</text>");
	has(b.ptr, "currentColor\">33</text>");	/* the last always */
	has(b.ptr, ">2022-W10</text>");
	has(b.ptr, ">2022-W21</text>");
	assert_int_equal(count(b.ptr, "<text"), 6);
	/* short labels: the middle one too */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", (const struct svg_item[]){ { "1月", 1 },
	    { "2月", 2 }, { "3月", 3 }, { "4月", 4 }, { "5月", 5 } }, 5, "");
	has(b.ptr, "<text x=\"50.0%\" y=\"12.6em\" text-anchor=\"middle\" "
	    "fill=\"currentColor\">3月</text>");
	assert_int_equal(count(b.ptr, "<text"), 4 + 3);
	/* one point: in the middle, its label under it */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it + 4, 1, "");
	has(b.ptr, "points=\"500,0\"");
	has(b.ptr, "<text x=\"50.0%\" y=\"12.6em\" text-anchor=\"middle\" "
	    "fill=\"currentColor\">2022-W14</text>");
	/* all zero: on the axis, no division by zero */
	buf_clear(&b);
	svg_line_chart(&b, "z", "t", it, 1, "");
	has(b.ptr, "points=\"500,1000\"");
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
