/*
 * The weekly report as one HTML page for review on screen (internal, not
 * part of the public site): the same three tables as the workbook.
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/period.h"
#include "office/report.h"
#include "lib/text.h"

/* Appends s escaped for HTML; nothing for NULL. */
static void
esc(struct buf *b, const char *s)
{
	if (s != NULL)
		text_escape_html(b, s, strlen(s));
}

/* Appends the cell <tag>s</tag>, s escaped. */
static void
cell(struct buf *b, const char *tag, const char *s)
{
	buf_printf(b, "<%s>", tag);
	esc(b, s);
	buf_printf(b, "</%s>", tag);
}

/* Lines of s numbered in one cell, escaped. */
static void
lines(struct buf *b, const char *s)
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

/* A time the ledger keeps, shown in China time. */
static void
when(struct buf *b, const char *utc)
{
	char	 t[64];

	if (report_utc(utc) < 0) {
		esc(b, utc);
		return;
	}
	report_time_text(t, report_utc(utc));
	esc(b, t);
}

/* Opens a table and its heading row. */
static void
head_open(struct buf *b)
{
	buf_puts(b, "<div class=\"wrap\"><table>\n<thead><tr>");
}

/* A column heading: prefix (not escaped) and text. */
static void
head_cell(struct buf *b, const char *prefix, const char *text)
{
	buf_printf(b, "<th scope=\"col\">%s", prefix);
	esc(b, text);
	buf_puts(b, "</th>");
}

/* Ends the heading row and opens the body. */
static void
head_close(struct buf *b)
{
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

/* Opens a table with the headings v[0..n) (a row of them). */
static void
open_table(struct buf *b, const char *const *v, size_t n)
{
	size_t	 i;

	head_open(b);
	for (i = 0; i < n; i++)
		head_cell(b, "", v[i]);
	head_close(b);
}

/* Closes a table that open_table or head_open opened. */
static void
close_table(struct buf *b)
{
	buf_puts(b, "</tbody></table></div>\n");
}

/* The page up to the tables: title, styles, heading, week and time. */
static void
page_head(struct buf *b, const struct report *r)
{
	char	 made[64];

	report_time_text(made, r->made);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>专项行动周报 %s</title>\n<style>\n"
	    "body{font:18px/1.6 sans-serif;margin:1em;color:#111}\n"
	    "table{border-collapse:collapse;margin:1em 0}\n"
	    "th,td{border:1px solid #555;padding:.3em .5em;vertical-align:top}\n"
	    "th{background:#ddebf7}td.n{text-align:right}\n"
	    "tr.total{font-weight:bold}.late{color:#a00}\n"
	    ".wrap{overflow-x:auto}\n</style>\n</head>\n<body>\n<main>\n",
	    r->period);
	buf_puts(b, "<h1>打击整治养老诈骗专项行动周报</h1>\n<p>统计期间：");
	report_week_text(b, r);
	buf_puts(b, "　生成时间：");
	esc(b, made);
	buf_puts(b, "</p>\n");
}

/* 附件1: its headings as issued, a row per unit, then the total row. */
static void
put_numbers(struct buf *b, const struct report *r)
{
	const struct report_unit *u;
	const long long	*n;
	size_t	 i, k;

	buf_puts(b, "<h2>附件1　打击整治养老诈骗专项行动进展战果统计表</h2>\n"
	    "<div class=\"wrap\"><table>\n<thead>\n<tr><th scope=\"col\" "
	    "rowspan=\"4\">填报单位</th><th colspan=\"20\">整治情况</th></tr>\n"
	    "<tr><th colspan=\"10\">");
	esc(b, report_domains_line);
	buf_puts(b, "</th><th colspan=\"3\">9、摸排梳理的涉养老诈骗重点地区"
	    "(县市区)</th><th colspan=\"3\">10、涉稳信息</th><th colspan=\"4\">"
	    "11、建章立制</th></tr>\n<tr><th colspan=\"3\">问题数(个)</th>");
	for (k = 3; k < REPORT_SHEET1_COLS; k++)
		head_cell(b, "", report_sheet1_head[k]);
	buf_puts(b, "</tr>\n<tr>");
	for (k = 0; k < 3; k++)
		head_cell(b, "", report_sheet1_head[k]);
	head_close(b);
	for (i = 0; i <= r->nunits; i++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		buf_puts(b, u ? "<tr><th scope=\"row\">" :
		    "<tr class=\"total\"><th scope=\"row\">");
		esc(b, u ? u->name : "合计");
		buf_puts(b, "</th>");
		n = u ? u->n : r->total;
		if (u != NULL && !u->sent)
			buf_printf(b, "<td colspan=\"%d\">未报</td>",
			    REPORT_SHEET1_COLS);
		else
			for (k = 0; k < REPORT_SHEET1_COLS; k++)
				buf_printf(b, "<td class=\"n\">%lld</td>",
				    n[report_sheet1_col[k]]);
		buf_puts(b, "</tr>\n");
	}
	close_table(b);
	buf_printf(b, "<p>");
	esc(b, report_sheet1_note);
	buf_puts(b, "</p>\n");
}

/* 附件1补充: problems by domain and the key areas of each unit. */
static void
put_domains(struct buf *b, const struct report *r)
{
	const struct report_unit *u;
	const long long	*n;
	char	 no[16];
	size_t	 i, k;

	buf_puts(b, "<h2>附件1补充　各领域问题数和摸排梳理的重点地区（不属于"
	    "附件1，供核对）</h2>\n");
	head_open(b);
	head_cell(b, "", "填报单位");
	for (k = 0; k < 8; k++) {
		snprintf(no, sizeof(no), "%zu、", k + 1);
		head_cell(b, no, r->domains[k]);
	}
	head_cell(b, "", "重点地区(个)");
	head_cell(b, "", "重点地区");
	head_close(b);
	for (i = 0; i <= r->nunits; i++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		buf_puts(b, u ? "<tr><th scope=\"row\">" :
		    "<tr class=\"total\"><th scope=\"row\">");
		esc(b, u ? u->name : "合计");
		buf_puts(b, "</th>");
		n = u ? u->n : r->total;
		if (u != NULL && !u->sent) {
			buf_puts(b, "<td colspan=\"10\">未报</td></tr>\n");
			continue;
		}
		for (k = 0; k < 8; k++)
			buf_printf(b, "<td class=\"n\">%lld</td>",
			    n[RC_DOMAIN + k]);
		buf_printf(b, "<td class=\"n\">%lld</td>", n[RC_AREAS]);
		cell(b, "td", u ? u->areas : "");
		buf_puts(b, "</tr>\n");
	}
	close_table(b);
}

/* 附件2: every hazard of the week, list cells as numbered lines. */
static void
put_hazards(struct buf *b, const struct report *r)
{
	const struct report_hazard *h;
	size_t	 i;

	buf_puts(b, "<h2>附件2　全区涉养老诈骗风险隐患排查化解台账</h2>\n");
	if (r->nhaz == 0) {
		buf_puts(b, "<p>本周没有报送风险隐患。</p>\n");
		return;
	}
	open_table(b, report_hazard_head, REPORT_HAZARD_HEADS);
	for (i = 0; i < r->nhaz; i++) {
		h = &r->haz[i];
		buf_puts(b, "<tr>");
		cell(b, "td", h->v[0]);
		cell(b, "td", h->v[2]);
		cell(b, "td", h->v[3]);
		cell(b, "td", h->v[4]);
		lines(b, h->v[5]);
		cell(b, "td", h->v[6]);
		lines(b, h->v[7]);
		buf_puts(b, "<td>");
		esc(b, h->v[9]);
		if (*h->v[9] && *h->v[10])
			buf_puts(b, "、");
		esc(b, h->v[10]);
		buf_puts(b, "</td></tr>\n");
	}
	close_table(b);
	buf_printf(b, "<p>");
	esc(b, report_sheet2_note);
	buf_puts(b, "</p>\n");
}

/* 附件2补充: each hazard's 领域, 整治状态 and 报送单位, by its row. */
static void
put_hazard_extra(struct buf *b, const struct report *r)
{
	const struct report_hazard *h;
	size_t	 i;

	if (r->nhaz == 0)
		return;
	buf_puts(b, "<h2>附件2补充　各条风险隐患的领域、整治状态和报送单位"
	    "（不属于附件2，序号即附件2 的行序）</h2>\n");
	open_table(b, report_extra_head, REPORT_EXTRA_HEADS);
	for (i = 0; i < r->nhaz; i++) {
		h = &r->haz[i];
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		cell(b, "td", h->v[0]);
		cell(b, "td", h->v[2]);
		cell(b, "td", h->v[1]);
		cell(b, "td", h->v[8]);
		cell(b, "td", h->v[11]);
		buf_puts(b, "</tr>\n");
	}
	close_table(b);
}

/* 报送情况: the deadline, and what each unit sent and when. */
static void
put_sent(struct buf *b, const struct report *r)
{
	const struct report_unit *u;
	char	 dl[64];
	size_t	 i;

	report_time_text(dl, r->deadline);
	buf_puts(b, "<h2>报送情况</h2>\n<p>截止时间：");
	esc(b, dl);
	buf_puts(b, "</p>\n");
	open_table(b, report_sent_head, REPORT_SENT_HEADS);
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		buf_puts(b, "<tr>");
		cell(b, "td", u->code);
		cell(b, "td", u->name);
		cell(b, "td", u->sent ? "已报送" : "未报送");
		buf_puts(b, "<td>");
		when(b, u->created);
		buf_puts(b, "</td><td>");
		when(b, u->received);
		buf_puts(b, "</td>");
		buf_printf(b, "<td%s>%s</td>", u->sent && !u->late ? "" :
		    " class=\"late\"", !u->sent ? "未报" : u->late ? "迟报" :
		    "按时");
		cell(b, "td", u->missing);
		buf_puts(b, "</tr>\n");
	}
	close_table(b);
}

void
report_html(const struct report *r, struct buf *b)
{
	page_head(b, r);
	put_numbers(b, r);
	put_hazards(b, r);
	put_sent(b, r);
	put_domains(b, r);
	put_hazard_extra(b, r);
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
