/*
 * The weekly report as one HTML page for review on screen (internal, not
 * part of the public site): the same three tables as the workbook.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/period.h"
#include "office/report.h"
#include "lib/text.h"

static const char *const col_head[RC__MAX] = {
	[RC_DOING] = "正在整治", [RC_DONE] = "整治完成", [RC_TOTAL] = "总计",
	[RC_GRADE_C] = "存在的苗头性问题（C）",
	[RC_GRADE_B] = "存在明显问题但不构成犯罪的（B）",
	[RC_GRADE_A] = "对涉嫌犯罪移送司法机关依法打击的问题（A）",
	[RC_POLICE] = "接收公安提示函", [RC_PROCURATORATE] = "接收检察建议书",
	[RC_COURT] = "接收司法建议书", [RC_SUPERVISION] = "接收监察建议书",
	[RC_AREAS] = "重点地区(个)", [RC_CLUES] = "收集线索(条)",
	[RC_HANDLED] = "妥善处置涉稳线索(条)",
	[RC_DEFUSED] = "防范化解群体性事件(起)",
	[RC_LOCAL_REGS] = "地方性法规(个)", [RC_GOV_RULES] = "政府规章(个)",
	[RC_NORMATIVE] = "规范性文件(个)", [RC_STANDARDS] = "行业标准规范(个)",
};

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

/* 附件1: a row of numbers per unit, then the total row. */
static void
put_numbers(struct buf *b, const struct report *r)
{
	const struct report_unit *u;
	char	 no[16];
	size_t	 i, k;

	buf_puts(b, "<h2>附件1　打击整治养老诈骗专项行动进展战果统计表</h2>\n");
	head_open(b);
	head_cell(b, "", "填报单位");
	for (k = 0; k < 8; k++) {
		snprintf(no, sizeof(no), "%zu、", k + 1);
		head_cell(b, no, r->domains[k]);
	}
	for (k = RC_DOING; k < RC__MAX; k++) {
		assert(col_head[k] != NULL);
		head_cell(b, "", col_head[k]);
		if (k == RC_AREAS)
			head_cell(b, "", "重点地区");
	}
	head_close(b);
	for (i = 0; i <= r->nunits; i++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		buf_puts(b, u ? "<tr><th scope=\"row\">" :
		    "<tr class=\"total\"><th scope=\"row\">");
		esc(b, u ? u->name : "合计");
		buf_puts(b, "</th>");
		for (k = 0; k < RC__MAX; k++) {
			buf_printf(b, "<td class=\"n\">%lld</td>", u ? u->n[k] :
			    r->total[k]);
			if (k == RC_AREAS)
				cell(b, "td", u ? u->areas : "");
		}
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
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		cell(b, "td", h->v[0]);
		cell(b, "td", h->v[1]);
		cell(b, "td", h->v[2]);
		cell(b, "td", h->v[3]);
		cell(b, "td", h->v[4]);
		lines(b, h->v[5]);
		cell(b, "td", h->v[6]);
		lines(b, h->v[7]);
		cell(b, "td", h->v[8]);
		buf_puts(b, "<td>");
		esc(b, h->v[9]);
		if (*h->v[9] && *h->v[10])
			buf_puts(b, "、");
		esc(b, h->v[10]);
		buf_puts(b, "</td>");
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
	buf_puts(b, "</main>\n</body>\n</html>\n");
}
