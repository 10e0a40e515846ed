/*
 * svg: the charts of the statistics pages, drawn at build time as inline
 * SVG: no script, no external resource.  Every chart has a <title> and a
 * <desc> listing every value (role="img"), and the page shows the same
 * numbers in a table beside it.
 */
#ifndef SHOUHU_SVG_H
#define SHOUHU_SVG_H

#include <stddef.h>

struct buf;

struct svg_item {
	const char	*label;
	double		 value;
};

void	svg_bar_chart(struct buf *b, const char *id, const char *title,
	    const struct svg_item *it, size_t n, const char *unit);
void	svg_line_chart(struct buf *b, const char *id, const char *title,
	    const struct svg_item *it, size_t n, const char *unit);

#endif
