/*
 * The office's review pages (see page.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/text.h"
#include "office/page.h"
#include "office/report.h"

void
page_esc(struct buf *b, const char *s)
{
	if (s != NULL)
		text_escape_html(b, s, strlen(s));
}

void
page_cell(struct buf *b, const char *tag, const char *s)
{
	buf_printf(b, "<%s>", tag);
	page_esc(b, s);
	buf_printf(b, "</%s>", tag);
}

void
page_cells(struct buf *b, const char *const *v, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		page_cell(b, "td", v[k]);
}

void
page_lines(struct buf *b, const char *s)
{
	struct buf	 t = BUF_INIT;
	const char	*e;

	report_numbered(&t, s, "\n");
	buf_puts(b, "<td>");
	for (s = t.ptr; *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (s != t.ptr)
			buf_puts(b, "<br>");
		text_escape_html(b, s, (size_t)(e - s));
	}
	buf_puts(b, "</td>");
	buf_free(&t);
}

void
page_when(struct buf *b, const char *utc)
{
	char	 t[64];

	buf_puts(b, "<td>");
	if (report_utc(utc) < 0)
		page_esc(b, utc);
	else {
		report_time_text(t, report_utc(utc));
		page_esc(b, t);
	}
	buf_puts(b, "</td>");
}

void
page_head_open(struct buf *b)
{
	buf_puts(b, "<div class=\"wrap\"><table>\n<thead><tr>");
}

void
page_head_cell(struct buf *b, const char *prefix, const char *text)
{
	buf_printf(b, "<th scope=\"col\">%s", prefix);
	page_esc(b, text);
	buf_puts(b, "</th>");
}

void
page_head_close(struct buf *b)
{
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

void
page_table(struct buf *b, const char *const *v, size_t n)
{
	size_t	 i;

	page_head_open(b);
	for (i = 0; i < n; i++)
		page_head_cell(b, "", v[i]);
	page_head_close(b);
}

void
page_table_end(struct buf *b)
{
	buf_puts(b, "</tbody></table></div>\n");
}

void
page_begin(struct buf *b, const char *title, const char *h1,
    const char *line)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	page_esc(b, title);
	buf_puts(b, "</title>\n<style>\n"
	    "body{font:18px/1.6 sans-serif;margin:1em;color:#111}\n"
	    "table{border-collapse:collapse;margin:1em 0}\n"
	    "th,td{border:1px solid #555;padding:.3em .5em;vertical-align:top}\n"
	    "th{background:#ddebf7}td.n{text-align:right}\n"
	    "tr.total{font-weight:bold}.late{color:#a00}\n"
	    ".l0{background:#f8b4b4}.l1{background:#ffd39b}"
	    ".l2{background:#fff2a8}.l3{background:#c6efce}\n"
	    ".wrap{overflow-x:auto}\n</style>\n</head>\n<body>\n<main>\n<h1>");
	page_esc(b, h1);
	buf_puts(b, "</h1>\n<p>");
	page_esc(b, line);
	buf_puts(b, "</p>\n");
}

void
page_end(struct buf *b)
{
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
