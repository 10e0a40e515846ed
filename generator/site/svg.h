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

void	svg_bar_chart(struct buf *, const char *, const char *,
	    const struct svg_item *, size_t, const char *);
void	svg_line_chart(struct buf *, const char *, const char *,
	    const struct svg_item *, size_t, const char *);

#endif
