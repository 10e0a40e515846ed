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

#define W		640	/* viewBox width */
#define ROW		40	/* bar chart: height of a row */
#define LABEL_W		272	/* bar chart: label column (13 wide characters and …) */
#define BAR_X		284
#define BAR_MAX		300	/* longest bar */
#define FONT		18

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

/* The <title> and <desc> every chart starts with: what a screen reader says. */
static void
head(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit, int height)
{
	size_t	 i;

	buf_printf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
	    "aria-labelledby=\"", W, height);
	put_esc(b, id);
	buf_puts(b, "-t ");
	put_esc(b, id);
	buf_printf(b, "-d\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "font-size=\"%d\"><title id=\"", FONT);
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
 * one row per item, the label on the left, the value after the bar, bars
 * scaled to the largest value.  id must be unique in the page (it names
 * the title and description); unit follows each value ("个", or "").
 * Colours come from CSS (.chart .bar, .chart text) with plain defaults.
 */
void
svg_bar_chart(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit)
{
	double	 max = 0;
	size_t	 i;
	int	 h = (int)(n ? n : 1) * ROW + 8, y, len;

	for (i = 0; i < n; i++)
		if (it[i].value > max)
			max = it[i].value;
	head(b, id, title, it, n, unit, h);
	for (i = 0; i < n; i++) {
		y = (int)i * ROW + 4;
		len = max > 0 && it[i].value > 0 ?
		    (int)lround(it[i].value / max * BAR_MAX) : 0;
		if (len < 2 && it[i].value > 0)
			len = 2;
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "fill=\"currentColor\">", LABEL_W, y + 26);
		put_label(b, it[i].label, 26);
		buf_printf(b, "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" "
		    "width=\"%d\" height=\"28\" fill=\"#1f5fa8\"/>", BAR_X,
		    y + 6, len);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" fill=\"currentColor\">",
		    BAR_X + len + 8, y + 26);
		put_num(b, it[i].value);
		put_esc(b, unit);
		buf_puts(b, "</text>");
	}
	if (n == 0)
		buf_printf(b, "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" "
		    "fill=\"currentColor\">暂无数据</text>", W / 2);
	buf_puts(b, "</svg>");
}

/*
 * Appends a line chart of the n items it (label: a period, value) to b:
 * the values in order from left to right, a dot and its value at each
 * point, every label under the axis when they fit, else every k-th.
 */
void
svg_line_chart(struct buf *b, const char *id, const char *title,
    const struct svg_item *it, size_t n, const char *unit)
{
	const int h = 300, left = 60, right = W - 60, top = 30, bottom = 240;
	double	 max = 0, x, y;
	size_t	 i, every;

	for (i = 0; i < n; i++)
		if (it[i].value > max)
			max = it[i].value;
	if (max <= 0)
		max = 1;
	head(b, id, title, it, n, unit, h);
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"currentColor\"/>", left, bottom, right, bottom);
	if (n == 0) {
		buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
		    "fill=\"currentColor\">暂无数据</text></svg>", W / 2,
		    bottom / 2);
		return;
	}
	every = n <= 8 ? 1 : (n + 7) / 8;
	buf_puts(b, "<polyline class=\"line\" fill=\"none\" stroke=\"#1f5fa8\" "
	    "stroke-width=\"3\" points=\"");
	for (i = 0; i < n; i++) {
		x = n == 1 ? (left + right) / 2.0 :
		    left + (double)(right - left) * (double)i / (double)(n - 1);
		y = bottom - (bottom - top) * it[i].value / max;
		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	buf_puts(b, "\"/>");
	for (i = 0; i < n; i++) {
		x = n == 1 ? (left + right) / 2.0 :
		    left + (double)(right - left) * (double)i / (double)(n - 1);
		y = bottom - (bottom - top) * it[i].value / max;
		buf_printf(b, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"5\" fill=\"#1f5fa8\"/>", x, y);
		if (i % every == 0 || i == n - 1) {
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor="
			    "\"middle\" fill=\"currentColor\">", x, y - 10);
			put_num(b, it[i].value);
			buf_printf(b, "</text><text x=\"%.1f\" y=\"%d\" "
			    "text-anchor=\"middle\" font-size=\"14\" "
			    "fill=\"currentColor\">", x, bottom + 24);
			put_label(b, it[i].label, 10);
			buf_puts(b, "</text>");
		}
	}
	buf_puts(b, "</svg>");
}
