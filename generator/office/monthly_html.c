/*
 * The monthly tables as one HTML page for review on screen (internal, not
 * part of the public site): the same tables as the workbook.
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "forms/value.h"
#include "office/monthly.h"
#include "office/page.h"
#include "office/report.h"

/* 养老机构风险管控名单: a heading row per level, red first. */
static void
put_list(struct buf *b, const struct monthly *m)
{
	const struct monthly_inst *in;
	size_t	 i = 0;
	int	 lv;

	buf_printf(b, "<h2>养老机构“绿黄橙红”风险管控名单</h2>\n<p>共 %zu 家："
	    "红 %zu 家、橙 %zu 家、黄 %zu 家、绿 %zu 家</p>\n", m->ninst,
	    m->nlevel[ML_RED], m->nlevel[ML_ORANGE], m->nlevel[ML_YELLOW],
	    m->nlevel[ML_GREEN]);
	page_table(b, monthly_list_head, MONTHLY_LIST_COLS);
	for (lv = 0; lv < ML__MAX; lv++) {
		buf_printf(b, "<tr><th class=\"l%d\" colspan=\"%d\" scope="
		    "\"rowgroup\">%s（%zu 家）</th></tr>\n", lv,
		    MONTHLY_LIST_COLS, monthly_level_list[lv], m->nlevel[lv]);
		for (; i < m->ninst && (int)m->inst[i].level == lv; i++) {
			in = &m->inst[i];
			buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
			page_cell(b, "td", in->name);
			page_cell(b, "td", in->authority);
			page_cell(b, "td", in->situation);
			page_cell(b, "td", in->assessment);
			buf_printf(b, "<td class=\"l%d\">%s</td>", lv,
			    monthly_level_name[lv]);
			page_lines(b, in->measures);
			buf_puts(b, "</tr>\n");
		}
	}
	page_table_end(b);
	page_cell(b, "p", monthly_list_note);
	buf_putc(b, '\n');
}

/* 案件来源登记表: the clues registered in the month. */
static void
put_sources(struct buf *b, const struct monthly *m)
{
	const struct monthly_source *s;
	size_t	 i;

	buf_printf(b, "<h2>案件来源登记表</h2>\n<p>本月登记线索 %zu 条</p>\n",
	    m->nsrc);
	if (m->nsrc > 0)
		page_table(b, monthly_src_head, MONTHLY_SRC_COLS);
	for (i = 0; i < m->nsrc; i++) {
		s = &m->src[i];
		const char *const v[] = { s->date, s->clue, s->source,
			s->domain, s->subject, s->content, s->handling,
			s->handler, s->unit };
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		page_cells(b, v, 9);
		buf_puts(b, "</tr>\n");
	}
	if (m->nsrc > 0)
		page_table_end(b);
	page_cell(b, "p", monthly_src_note);
	buf_putc(b, '\n');
}

/* The rows of 案件查办进度表 and their 合计. */
static void
put_clue_rows(struct buf *b, const struct monthly *m)
{
	const struct monthly_clue *c;
	size_t		 i;

	page_table(b, monthly_clue_head, MONTHLY_CLUE_COLS);
	for (i = 0; i < m->nclue; i++) {
		c = &m->clue[i];
		const char *const v[] = { c->clue, c->unit, c->date,
			c->source, c->domain, c->handling, c->status, c->closed,
			c->result };
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		page_cells(b, v, 9);
		buf_puts(b, "<td class=\"n\">");
		page_esc(b, c->recovered);
		buf_puts(b, "</td><td class=\"n\">");
		page_esc(b, c->elderly);
		buf_puts(b, "</td>");
		page_cell(b, "td", c->decision);
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "<tr class=\"total\"><th colspan=\"10\" scope=\"row\">合计"
	    "</th><td class=\"n\">");
	value_put_cents(b, m->recovered);
	buf_printf(b, "</td><td class=\"n\">%lld</td><td></td></tr>\n",
	    m->elderly);
	page_table_end(b);
}

/* 案件查办进度表: each clue at the month's end, and the sums. */
static void
put_clues(struct buf *b, const struct monthly *m)
{
	int	 k;

	buf_printf(b, "<h2>案件查办进度表</h2>\n<p>截至月底的线索 %zu 条</p>\n",
	    m->nclue);
	if (m->nclue > 0)
		put_clue_rows(b, m);
	buf_puts(b, "<p>");
	page_esc(b, monthly_clue_note);
	for (k = 0; k < MONTHLY_STATUSES; k++)
		buf_printf(b, "%s%s %zu 条", k ? "、" : "", monthly_status[k],
		    m->nstatus[k]);
	buf_puts(b, "。</p>\n");
}

/* 报送情况: whose institution list came, and when. */
static void
put_sent(struct buf *b, const struct monthly *m)
{
	const struct monthly_unit *u;
	size_t	 i;

	buf_puts(b, "<h2>风险管控名单报送情况</h2>\n");
	page_table(b, monthly_sent_head, MONTHLY_SENT_COLS);
	for (i = 0; i < m->nunits; i++) {
		u = &m->units[i];
		buf_puts(b, "<tr>");
		page_cell(b, "td", u->code);
		page_cell(b, "td", u->name);
		buf_printf(b, "<td%s>%s</td>", u->sent ? "" : " class=\"late\"",
		    u->sent ? "已报送" : "未报送");
		page_when(b, u->created);
		page_when(b, u->received);
		if (u->sent)
			buf_printf(b, "<td class=\"n\">%zu</td>", u->ninst);
		else
			buf_puts(b, "<td></td>");
		buf_puts(b, "</tr>\n");
	}
	page_table_end(b);
}

/* 名单补充: each institution's 报送单位, 登记状态 and credit code. */
static void
put_extra(struct buf *b, const struct monthly *m)
{
	const struct monthly_inst *in;
	size_t	 i;

	if (m->ninst == 0)
		return;
	buf_puts(b, "<h2>名单补充（不属于风险管控名单，序号即名单的序号）</h2>\n");
	page_table(b, monthly_extra_head, MONTHLY_EXTRA_COLS);
	for (i = 0; i < m->ninst; i++) {
		in = &m->inst[i];
		buf_printf(b, "<tr><td class=\"n\">%zu</td>", i + 1);
		page_cell(b, "td", in->name);
		page_cell(b, "td", in->unit);
		page_cell(b, "td", in->registration);
		page_cell(b, "td", in->uscc);
		buf_puts(b, "</tr>\n");
	}
	page_table_end(b);
}

void
monthly_html(const struct monthly *m, struct buf *b)
{
	struct buf	 title = BUF_INIT, line = BUF_INIT;
	char		 made[64];

	report_time_text(made, m->made);
	buf_printf(&title, "专项行动月报表 %s", m->period);
	buf_puts(&line, "统计期间：");
	monthly_month_text(&line, m);
	buf_printf(&line, "　生成时间：%s", made);
	page_begin(b, title.ptr, "打击整治养老诈骗专项行动月报表", line.ptr);
	buf_free(&title);
	buf_free(&line);
	put_list(b, m);
	put_sources(b, m);
	put_clues(b, m);
	put_sent(b, m);
	put_extra(b, m);
	page_end(b);
}
