/*
 * Charts drawn at build time as inline SVG (see svg.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "site/svg.h"
#include "lib/text.h"
#include "lib/utext.h"

/*
 * The charts have no viewBox: positions across are in % of the chart's
 * width, heights and positions down in em of the page's font size.  So
 * the text is drawn at the size of the page's text on any screen (a 360 px
 * phone too), grows with the reader's 大字号, and the chart is as wide as
 * its column.
 */
#define ROW_EM		3.4	/* bar chart: one row (label over its bar) */
#define BAR_MAX		60	/* bar chart: the longest bar, % of the width */
#define LINE_LEFT	8	/* line chart: first point, % of the width */
#define LINE_RIGHT	92	/* line chart: last point */
#define PLOT_TOP	2.0	/* line chart: the plot's top, em */
#define PLOT_H		9.0	/* line chart: the plot's height, em */
#define MAX_VALUES	4	/* line chart: values written over points */

/* A number as people read it: 12, 3.5, 1200.75. */
static void
put_num(struct buf *b, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.2f", v);
}

static void
put_esc(struct buf *b, const char *s)
{
	text_escape_html(b, s, strlen(s));
}

/*
 * The <svg> and the <title> and <desc> every chart starts with (what a
 * screen reader says); height is in em.
 */
static void
head(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit, double height)
{
	size_t	 i;

	buf_printf(b, "<svg class=\"chart\" role=\"img\" width=\"100%%\" "
	    "height=\"%.1fem\" aria-labelledby=\"", height);
	put_esc(b, id);
	buf_puts(b, "-t ");
	put_esc(b, id);
	buf_puts(b, "-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"");
	put_esc(b, id);
	buf_puts(b, "-t\">");
	put_esc(b, title);
	buf_puts(b, "</title><desc id=\"");
	put_esc(b, id);
	buf_puts(b, "-d\">");
	for (i = 0; i < n; i++) {
		buf_puts(b, i ? "；" : "");
		put_esc(b, it[i].label);
		buf_puts(b, " ");
		put_num(b, it[i].value);
		put_esc(b, unit);
	}
	if (n == 0)
		buf_puts(b, "暂无数据");
	buf_puts(b, "</desc>");
}

/* The display columns of s (a CJK character counts two). */
static size_t
columns(const char *s)
{
	const char	*p = s, *e = s + strlen(s);
	size_t		 cols = 0;

	while (p < e)
		cols += utext_next(&p, e) >= 0x1100 ? 2 : 1;
	return cols;
}

/*
 * A label cut to fit about max display columns (a CJK character counts
 * two), with "…" when cut.
 */
static void
put_label(struct buf *b, const char *s, size_t max)
{
	struct buf	 t = BUF_INIT;
	const char	*p = s, *q, *e = s + strlen(s);
	size_t		 cols = 0, w;
	uint32_t	 c;

	while (p < e) {
		q = p;
		c = utext_next(&p, e);
		w = c >= 0x1100 ? 2 : 1;
		if (cols + w > max) {
			buf_puts(&t, "…");
			break;
		}
		buf_put(&t, q, (size_t)(p - q));
		cols += w;
	}
	put_esc(b, t.ptr);
	buf_free(&t);
}

/*
 * Appends a horizontal bar chart of the n items it (label, value) to b:
 * one row per item, the label on a line of its own (cut at 26 columns, so
 * that it fits a phone at 大字号), under it the bar, then the value; bars
 * scaled to the largest value.  id must be unique in the page (it names
 * the title and description); unit follows each value ("个", or "").
 * Colours come from CSS (.chart .bar, .chart text) with plain defaults.
 */
void
svg_bar_chart(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit)
{
	double	 max = 0, len, y;
	size_t	 i;

	for (i = 0; i < n; i++)
		if (it[i].value > max)
			max = it[i].value;
	head(b, id, title, it, n, unit, n ? (double)n * ROW_EM + .4 : 2.5);
	for (i = 0; i < n; i++) {
		y = (double)i * ROW_EM;
		len = max > 0 && it[i].value > 0 ?
		    it[i].value / max * BAR_MAX : 0;
		if (len < .5 && it[i].value > 0)
			len = .5;
		buf_printf(b, "<text x=\"0\" y=\"%.1fem\" "
		    "fill=\"currentColor\">", y + 1.1);
		put_label(b, it[i].label, 26);
		buf_printf(b, "</text><rect class=\"bar\" x=\"0\" y=\"%.1fem\" "
		    "width=\"%.1f%%\" height=\"1.3em\" fill=\"#1f5fa8\"/>",
		    y + 1.6, len);
		buf_printf(b, "<text x=\"%.1f%%\" y=\"%.1fem\" "
		    "fill=\"currentColor\">", len + 1.5, y + 2.6);
		put_num(b, it[i].value);
		put_esc(b, unit);
		buf_puts(b, "</text>");
	}
	if (n == 0)
		buf_puts(b, "<text x=\"50%\" y=\"1.6em\" "
		    "text-anchor=\"middle\" fill=\"currentColor\">暂无数据</text>");
	buf_puts(b, "</svg>");
}

/*
 * Whether point i of n is among the m evenly spread ones (the first and
 * the last always, when m >= 2) that get a value or a label.
 */
static int
shown(size_t i, size_t n, size_t m)
{
	size_t	 k;

	if (n <= m)
		return 1;
	if (m < 2)
		return i == (n - 1) / 2;
	for (k = 0; k < m; k++)
		if (i == (k * (n - 1) + (m - 1) / 2) / (m - 1))
			return 1;
	return 0;
}

/*
 * Appends a line chart of the n items it (label: a period, value) to b:
 * the values in order from left to right, a dot at each point, the value
 * over MAX_VALUES evenly spread points (the table beside the chart has
 * them all), the first and the last label under the axis (and the middle
 * one when labels are short), so that nothing overlaps on a phone.  The
 * line is drawn in an inner <svg> stretched over the plot (its own
 * 0..1000 square, the stroke kept thin by non-scaling-stroke); dots and
 * text are in the chart's % and em, at the same places.
 */
void
svg_line_chart(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit)
{
	const double bottom = PLOT_TOP + PLOT_H;
	double	 max = 0, x, y;
	size_t	 i, cols = 0, c, nlabels;
	const char *anchor;

	for (i = 0; i < n; i++) {
		if (it[i].value > max)
			max = it[i].value;
		c = columns(it[i].label);
		if (c > cols)
			cols = c;
	}
	if (max <= 0)
		max = 1;
	head(b, id, title, it, n, unit, bottom + 2.6);
	buf_printf(b, "<line x1=\"%d%%\" y1=\"%.1fem\" x2=\"%d%%\" "
	    "y2=\"%.1fem\" stroke=\"currentColor\"/>", LINE_LEFT - 4, bottom,
	    LINE_RIGHT + 4, bottom);
	if (n == 0) {
		buf_printf(b, "<text x=\"50%%\" y=\"%.1fem\" text-anchor="
		    "\"middle\" fill=\"currentColor\">暂无数据</text></svg>",
		    PLOT_TOP + PLOT_H / 2);
		return;
	}
	buf_printf(b, "<svg x=\"0\" y=\"%.1fem\" width=\"100%%\" "
	    "height=\"%.1fem\" viewBox=\"0 0 1000 1000\" "
	    "preserveAspectRatio=\"none\" overflow=\"visible\">"
	    "<polyline class=\"line\" fill=\"none\" stroke=\"#1f5fa8\" "
	    "stroke-width=\"3\" vector-effect=\"non-scaling-stroke\" "
	    "points=\"", PLOT_TOP, PLOT_H);
	for (i = 0; i < n; i++) {
		x = n == 1 ? 50 : LINE_LEFT + (double)(LINE_RIGHT - LINE_LEFT) *
		    (double)i / (double)(n - 1);
		y = 1 - (it[i].value > 0 ? it[i].value : 0) / max;
		buf_printf(b, "%s%.0f,%.0f", i ? " " : "", x * 10, y * 1000);
	}
	buf_puts(b, "\"/></svg>");
	nlabels = cols <= 7 ? 3 : 2;
	for (i = 0; i < n; i++) {
		x = n == 1 ? 50 : LINE_LEFT + (double)(LINE_RIGHT - LINE_LEFT) *
		    (double)i / (double)(n - 1);
		y = PLOT_TOP + PLOT_H *
		    (1 - (it[i].value > 0 ? it[i].value : 0) / max);
		buf_printf(b, "<circle class=\"dot\" cx=\"%.1f%%\" "
		    "cy=\"%.2fem\" r=\"5\" fill=\"#1f5fa8\"/>", x, y);
		if (shown(i, n, MAX_VALUES)) {
			buf_printf(b, "<text x=\"%.1f%%\" y=\"%.2fem\" "
			    "text-anchor=\"middle\" fill=\"currentColor\">",
			    x, y - .5);
			put_num(b, it[i].value);
			buf_puts(b, "</text>");
		}
		if (shown(i, n, nlabels)) {
			/* the first and the last from their ends, so that
			   they stay inside the chart */
			anchor = "middle";
			if (n > 1 && i == 0) {
				anchor = "start";
				x -= 4;
			} else if (n > 1 && i == n - 1) {
				anchor = "end";
				x += 4;
			}
			buf_printf(b, "<text x=\"%.1f%%\" y=\"%.1fem\" "
			    "text-anchor=\"%s\" fill=\"currentColor\">", x,
			    bottom + 1.6, anchor);
			put_label(b, it[i].label, 16);
			buf_puts(b, "</text>");
		}
	}
	buf_puts(b, "</svg>");
}
