/*
 * What the office's workbooks share (see sheet.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/files.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "forms/xlsxout.h"
#include "office/report.h"
#include "office/sheet.h"

#define MAXOF(a, b)	((a) > (b) ? (a) : (b))
#define LINE_PT		16.5	/* the height of a line of text, in points */

/*
 * The display width of the character cp in a cell, in widths of a digit:
 * CJK, full-width forms and the quotes and dashes CJK fonts draw wide
 * count 2.
 */
static size_t
char_width(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2010 && cp <= 0x2027) ||
	    cp >= 0x2E80)
		return 2;
	return 1;
}

size_t
sheet_lines(const char *s, double width)
{
	size_t	 cap, n = 0, w, k, len;
	uint32_t cp;
	const char *e;

	/* a little less than the width, for the cell's margins */
	cap = width > 3 ? (size_t)(width * 0.9) : 2;
	for (; s != NULL && *s != '\0'; s = *e ? e + 1 : e) {
		if ((e = strchr(s, '\n')) == NULL)
			e = s + strlen(s);
		for (w = 0, len = (size_t)(e - s); len > 0; s += k, len -= k) {
			k = utf8_next(s, len, &cp);
			w += char_width(cp);
		}
		n += w == 0 ? 1 : (w + cap - 1) / cap;
	}
	return n ? n : 1;
}

double
sheet_height(size_t n)
{
	return (double)n * LINE_PT + 4;
}

double
sheet_span(const double *w, size_t a, size_t b)
{
	double	 t = 0;

	for (; a <= b; a++)
		t += w[a];
	return t;
}

void
sheet_time(struct buf *b, const char *utc)
{
	int64_t	 t = report_utc(utc);

	if (t < 0) {
		if (utc != NULL)
			buf_puts(b, utc);
		return;
	}
	date_format(b, "%F %H:%M", t, REPORT_ZONE);
}

lxw_format *
sheet_fmt(lxw_workbook *wb, int bold, int wrap, int border, double size)
{
	lxw_format *f = workbook_add_format(wb);

	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (size > 0)
		format_set_font_size(f, size);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

void
sheet_formats(lxw_workbook *wb, struct sheet_fmts *f)
{
	f->title = sheet_fmt(wb, 1, 0, 0, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->sub = sheet_fmt(wb, 0, 0, 0, 0);
	format_set_align(f->sub, LXW_ALIGN_CENTER);
	f->head = sheet_fmt(wb, 1, 1, 1, 0);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bg_color(f->head, 0xDDEBF7);
	f->text = sheet_fmt(wb, 0, 0, 1, 0);
	format_set_num_format(f->text, "@");
	f->wrap = sheet_fmt(wb, 0, 1, 1, 0);
	format_set_num_format(f->wrap, "@");
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->num = sheet_fmt(wb, 0, 0, 1, 0);
	format_set_num_format(f->num, "0");
	f->total = sheet_fmt(wb, 1, 0, 1, 0);
	f->totalnum = sheet_fmt(wb, 1, 0, 1, 0);
	format_set_num_format(f->totalnum, "0");
	f->note = sheet_fmt(wb, 0, 1, 0, 0);
	format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
	f->none = sheet_fmt(wb, 0, 0, 1, 0);
	format_set_align(f->none, LXW_ALIGN_CENTER);
}

void
sheet_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_format *f)
{
	if (s == NULL || *s == '\0')
		worksheet_write_blank(ws, r, c, f);
	else
		worksheet_write_string(ws, r, c, s, f);
}

void
sheet_sized(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_format *f, double width, size_t *lines)
{
	sheet_text(ws, r, c, s, f);
	*lines = MAXOF(*lines, sheet_lines(s, width));
}

void
sheet_texts(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *const *v, size_t n, const double *w, lxw_format *f,
    size_t *lines)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		sheet_sized(ws, r, c + (lxw_col_t)k, v[k], f, w[c + k], lines);
}

void
sheet_heads(lxw_worksheet *ws, lxw_row_t r, const char *const *v,
    const double *width, size_t n, lxw_format *f)
{
	size_t	 k, lines = 1;

	for (k = 0; k < n; k++) {
		worksheet_write_string(ws, r, (lxw_col_t)k, v[k], f);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width[k],
		    NULL);
		lines = MAXOF(lines, sheet_lines(v[k], width[k]));
	}
	worksheet_set_row(ws, r, sheet_height(lines), NULL);
}

void
sheet_note(lxw_worksheet *ws, lxw_row_t r, lxw_col_t last, const char *s,
    double width, lxw_format *f)
{
	worksheet_merge_range(ws, r, 0, r, last, s, f);
	worksheet_set_row(ws, r, sheet_height(sheet_lines(s, width)), NULL);
}

void
sheet_print(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);		/* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, first, last);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
}

int
sheet_open(struct sheet_book *b, const char *path, const char *title,
    const char *period, int64_t made, struct buf *err)
{
	lxw_doc_properties props;
	char		*t;

	memset(b, 0, sizeof(*b));
	b->path = path;
	b->tmp = xcalloc(1, sizeof(*b->tmp));
	buf_init(b->tmp);
	if (!files_temp(b->tmp, path, ".xlsx", err))
		goto fail;
	if ((b->wb = xlsxout_new(b->tmp->ptr, path, err)) == NULL) {
		unlink(b->tmp->ptr);
		goto fail;
	}
	memset(&props, 0, sizeof(props));
	props.title = t = xstrdup(title);	/* copied by libxlsxwriter */
	props.author = "Shouhu";
	/* the report's own time (SOURCE_DATE_EPOCH in a reproducible build),
	 * not libxlsxwriter's clock: the same ledger gives the same bytes */
	props.created = (time_t)made;
	workbook_set_properties(b->wb, &props);
	free(t);
	workbook_set_custom_property_string(b->wb, "shouhu.report", period);
	return 1;
fail:
	buf_free(b->tmp);
	free(b->tmp);
	b->tmp = NULL;
	return 0;
}

int
sheet_close(struct sheet_book *b, struct buf *err)
{
	int	 ok = 0;

	assert(b->wb != NULL && b->tmp != NULL);
	if (!xlsxout_close(b->wb, b->path, err)) {
		unlink(b->tmp->ptr);
		goto out;
	}
	ok = files_commit(b->tmp->ptr, b->path, 0600, 1, err);
out:
	buf_free(b->tmp);
	free(b->tmp);
	memset(b, 0, sizeof(*b));
	return ok;
}
