/*
 * The weekly report as one HTML page for review on screen (internal, not
 * part of the public site): the same three tables as the workbook.
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/period.h"
#include "office/page.h"
#include "office/report.h"

/* The page up to the tables: title, styles, heading, week and time. */
static void
head(struct buf *b, const struct report *r)
{
	struct buf	 title = BUF_INIT, line = BUF_INIT;
	char		 made[64];

	report_time_text(made, r->made);
	buf_printf(&title, "专项行动周报 %s", r->period);
	buf_puts(&line, "统计期间：");
	report_week_text(&line, r);
	buf_printf(&line, "　生成时间：%s", made);
	page_begin(b, title.ptr, "打击整治养老诈骗专项行动周报", line.ptr);
	buf_free(&title);
	buf_free(&line);
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
	page_esc(b, report_domains_line);
	buf_puts(b, "</th><th colspan=\"3\">9、摸排梳理的涉养老诈骗重点地区"
	    "(县市区)</th><th colspan=\"3\">10、涉稳信息</th><th colspan=\"4\">"
	    "11、建章立制</th></tr>\n<tr><th colspan=\"3\">问题数(个)</th>");
	for (k = 3; k < REPORT_SHEET1_COLS; k++)
		page_head_cell(b, "", report_sheet1_head[k]);
	buf_puts(b, "</tr>\n<tr>");
	for (k = 0; k < 3; k++)
		page_head_cell(b, "", report_sheet1_head[k]);
	page_head_close(b);
	for (i = 0; i <= r->nunits; i++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		buf_puts(b, u ? "<tr><th scope=\"row\">" :
		    "<tr class=\"total\"><th scope=\"row\">");
		page_esc(b, u ? u->name : "合计");
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
	page_table_end(b);
	buf_printf(b, "<p>");
	page_esc(b, report_sheet1_note);
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
	page_head_open(b);
	page_head_cell(b, "", "填报单位");
	for (k = 0; k < 8; k++) {
		snprintf(no, sizeof(no), "%zu、", k + 1);
		page_head_cell(b, no, r->domains[k]);
	}
	page_head_cell(b, "", "重点地区(个)");
	page_head_cell(b, "", "重点地区");
	page_head_close(b);
	for (i = 0; i <= r->nunits; i++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		buf_puts(b, u ? "<tr><th scope=\"row\">" :
		    "<tr class=\"total\"><th scope=\"row\">");
		page_esc(b, u ? u->name : "合计");
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
		page_cell(b, "td", u ? u->areas : "");
		buf_puts(b, "</tr>\n");
	}
	page_table_end(b);
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
	page_table(b, report_hazard_head, REPORT_HAZARD_HEADS);
	for (i = 0; i < r->nhaz; i++) {
		h = &r->haz[i];
		buf_puts(b, "<tr>");
		page_cell(b, "td", h->v[0]);
		page_cell(b, "td", h->v[2]);
		page_cell(b, "td", h->v[3]);
		page_cell(b, "td", h->v[4]);
		page_lines(b, h->v[5]);
		page_cell(b, "td", h->v[6]);
		page_lines(b, h->v[7]);
		buf_puts(b, "<td>");
		page_esc(b, h->v[9]);
		if (*h->v[9] && *h->v[10])
			buf_puts(b, "、");
		page_esc(b, h->v[10]);
		buf_puts(b, "</td></tr>\n");
	}
	page_table_end(b);
	buf_printf(b, "<p>");
	page_esc(b, report_sheet2_note);
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
	page_table(b, report_extra_head, REPORT_EXTRA_HEADS);
	for (i = 0; i < r->nhaz; i++) {
		h = &r->haz[i];
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		page_cell(b, "td", h->v[0]);
		page_cell(b, "td", h->v[2]);
		page_cell(b, "td", h->v[1]);
		page_cell(b, "td", h->v[8]);
		page_cell(b, "td", h->v[11]);
		buf_puts(b, "</tr>\n");
	}
	page_table_end(b);
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
	page_esc(b, dl);
	buf_puts(b, "</p>\n");
	page_table(b, report_sent_head, REPORT_SENT_HEADS);
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		buf_puts(b, "<tr>");
		page_cell(b, "td", u->code);
		page_cell(b, "td", u->name);
		page_cell(b, "td", u->sent ? "已报送" : "未报送");
		page_when(b, u->created);
		page_when(b, u->received);
		buf_printf(b, "<td%s>%s</td>", u->sent && !u->late ? "" :
		    " class=\"late\"", !u->sent ? "未报" : u->late ? "迟报" :
		    "按时");
		page_cell(b, "td", u->missing);
		buf_puts(b, "</tr>\n");
	}
	page_table_end(b);
}

void
report_html(const struct report *r, struct buf *b)
{
	head(b, r);
	put_numbers(b, r);
	put_hazards(b, r);
	put_sent(b, r);
	put_domains(b, r);
	put_hazard_extra(b, r);
	page_end(b);
}
