/*
 * The weekly report as a workbook: 附件1 and 附件2 laid out exactly as the
 * issued tables are, 报送情况 and the two extra sheets (see report.h),
 * every sheet set up to print on A4 landscape.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "office/report.h"
#include "lib/util.h"
#include "office/sheet.h"

#define NCOLS		(1 + REPORT_SHEET1_COLS)	/* 填报单位, numbers */
#define MAXOF(a, b)	((a) > (b) ? (a) : (b))

/* The column widths of 附件1, 附件2 and its extra sheet (characters). */
static const double width1[NCOLS] = { 16, 7, 7, 7, 10, 10, 11, 8, 8, 8, 8,
	7, 7, 7, 9, 9, 9, 10, 10, 10, 10 };
static const double width2[REPORT_HAZARD_HEADS] = { 14, 22, 11, 10, 34, 6,
	34, 22 };
static const double width_extra[REPORT_EXTRA_HEADS] = { 6, 16, 24, 18, 10,
	18 };

/* 附件1: the numbers of each unit and their total, as issued. */
static void
sheet1(lxw_workbook *wb, const struct report *r, const struct sheet_fmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件1");
	struct buf	 b = BUF_INIT;
	const struct report_unit *u;
	const long long	*n;
	lxw_row_t	 row;
	size_t		 i, k, lines;

	worksheet_write_string(ws, 0, 0, "附件1", NULL);
	worksheet_merge_range(ws, 1, 0, 1, NCOLS - 1,
	    "打击整治养老诈骗专项行动进展战果统计表", f->title);
	worksheet_set_row(ws, 1, 24, NULL);
	buf_puts(&b, "(填报时间: ");
	report_date_text(&b, r->made);
	buf_puts(&b, ")　统计期间：");
	report_week_text(&b, r);
	worksheet_merge_range(ws, 2, 0, 2, NCOLS - 1, b.ptr, f->sub);

	worksheet_merge_range(ws, 3, 0, 6, 0, "填报单位", f->head);
	worksheet_merge_range(ws, 3, 1, 3, NCOLS - 1, "整治情况", f->head);
	worksheet_merge_range(ws, 4, 1, 4, 10, report_domains_line, f->head);
	worksheet_merge_range(ws, 4, 11, 4, 13,
	    "9、摸排梳理的涉养老诈骗重点地区(县市区)", f->head);
	worksheet_merge_range(ws, 4, 14, 4, 16, "10、涉稳信息", f->head);
	worksheet_merge_range(ws, 4, 17, 4, 20, "11、建章立制", f->head);
	worksheet_merge_range(ws, 5, 1, 5, 3, "问题数(个)", f->head);
	worksheet_write_string(ws, 6, 1, "正在整治", f->head);
	worksheet_write_string(ws, 6, 2, "整治完成", f->head);
	worksheet_write_string(ws, 6, 3, "总计", f->head);
	lines = 1;
	for (k = 4; k < NCOLS; k++) {
		worksheet_merge_range(ws, 5, (lxw_col_t)k, 6, (lxw_col_t)k,
		    report_sheet1_head[k - 1], f->head);
		lines = MAXOF(lines, sheet_lines(report_sheet1_head[k - 1],
		    width1[k]));
	}
	for (k = 0; k < NCOLS; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width1[k],
		    NULL);
	worksheet_set_row(ws, 4, sheet_height(sheet_lines(report_domains_line,
	    sheet_span(width1, 1, 10))), NULL);
	/* the tall headings span rows 5 and 6; 正在整治 takes row 6 */
	worksheet_set_row(ws, 6, sheet_height(1), NULL);
	worksheet_set_row(ws, 5, sheet_height(lines) - sheet_height(1) + 4, NULL);

	row = 7;
	for (i = 0; i <= r->nunits; i++, row++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		lines = 1;
		sheet_sized(ws, row, 0, u ? u->name : "合计", u ? f->text :
		    f->total, width1[0], &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
		if (u != NULL && !u->sent) {
			worksheet_merge_range(ws, row, 1, row, NCOLS - 1, "未报",
			    f->none);
			continue;
		}
		n = u ? u->n : r->total;
		for (k = 0; k < REPORT_SHEET1_COLS; k++) {
			worksheet_write_number(ws, row, (lxw_col_t)k + 1,
			    (double)n[report_sheet1_col[k]], u ? f->num :
			    f->totalnum);
		}
	}
	sheet_note(ws, row, NCOLS - 1, report_sheet1_note,
	    sheet_span(width1, 0, NCOLS - 1), f->note);
	worksheet_freeze_panes(ws, 7, 1);
	sheet_print(ws, 3, 6);
	buf_free(&b);
}

/* 附件2: the hazards of the week, each department's name merged down. */
static void
sheet2(lxw_workbook *wb, const struct report *r, const struct sheet_fmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件2");
	struct buf	 b = BUF_INIT;
	const struct report_hazard *h;
	const double	*w = width2;
	lxw_row_t	 row = 4, start;
	size_t		 i, j, k, lines;

	worksheet_write_string(ws, 0, 0, "附件2", NULL);
	worksheet_merge_range(ws, 1, 0, 1, 7, "全区涉养老诈骗风险隐患排查化解"
	    "台账", f->title);
	worksheet_set_row(ws, 1, 24, NULL);
	buf_puts(&b, "统计时间：");
	report_date_text(&b, r->made);
	buf_puts(&b, "　统计期间：");
	report_week_text(&b, r);
	worksheet_merge_range(ws, 2, 0, 2, 7, b.ptr, f->sub);
	sheet_heads(ws, 3, report_hazard_head, w, REPORT_HAZARD_HEADS, f->head);
	for (i = 0; i < r->nhaz; i = j) {
		/* a department's rows, its name merged down the group */
		for (j = i; j < r->nhaz && strcmp(r->haz[j].v[0],
		    r->haz[i].v[0]) == 0; j++)
			continue;
		start = row;
		for (k = i; k < j; k++, row++) {
			h = &r->haz[k];
			lines = 1;
			sheet_sized(ws, row, 1, h->v[2], f->wrap, w[1], &lines);
			sheet_sized(ws, row, 2, h->v[3], f->text, w[2], &lines);
			sheet_sized(ws, row, 3, h->v[4], f->text, w[3], &lines);
			buf_clear(&b);
			report_numbered(&b, h->v[5], "\n");
			sheet_sized(ws, row, 4, b.ptr, f->wrap, w[4], &lines);
			sheet_sized(ws, row, 5, h->v[6], f->text, w[5], &lines);
			buf_clear(&b);
			report_numbered(&b, h->v[7], "\n");
			sheet_sized(ws, row, 6, b.ptr, f->wrap, w[6], &lines);
			buf_clear(&b);
			buf_printf(&b, "%s%s%s", h->v[9], *h->v[9] &&
			    *h->v[10] ? "、" : "", h->v[10]);
			sheet_sized(ws, row, 7, b.ptr, f->wrap, w[7], &lines);
			if (j - i == 1)
				sheet_sized(ws, row, 0, h->v[0], f->wrap, w[0],
				    &lines);
			worksheet_set_row(ws, row, sheet_height(lines), NULL);
		}
		if (row - start > 1)
			worksheet_merge_range(ws, start, 0, row - 1, 0,
			    r->haz[i].v[0], f->wrap);
	}
	if (r->nhaz == 0) {
		worksheet_merge_range(ws, row, 0, row, 7, "本周没有报送风险隐患",
		    f->text);
		row++;
	}
	sheet_note(ws, row + 1, 7, report_sheet2_note, sheet_span(w, 0, 7),
	    f->note);
	worksheet_freeze_panes(ws, 4, 0);
	sheet_print(ws, 3, 3);
	buf_free(&b);
}

/* 报送情况: what each unit sent for the week, and when. */
static void
sheet3(lxw_workbook *wb, const struct report *r, const struct sheet_fmts *f)
{
	static const double width[REPORT_SENT_HEADS] = { 14, 24, 10, 18, 18,
		10, 30 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "报送情况");
	struct buf	 b = BUF_INIT;
	const struct report_unit *u;
	char		 dl[64];
	lxw_row_t	 row;
	size_t		 i, lines;

	report_time_text(dl, r->deadline);
	buf_printf(&b, "报送情况　统计期间：");
	report_week_text(&b, r);
	buf_printf(&b, "　截止时间：%s", dl);
	worksheet_merge_range(ws, 0, 0, 0, 6, b.ptr, f->title);
	worksheet_set_row(ws, 0, 24, NULL);
	sheet_heads(ws, 1, report_sent_head, width, REPORT_SENT_HEADS, f->head);
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		row = (lxw_row_t)i + 2;
		lines = 1;
		sheet_sized(ws, row, 0, u->code, f->text, width[0], &lines);
		sheet_sized(ws, row, 1, u->name, f->text, width[1], &lines);
		sheet_text(ws, row, 2, u->sent ? "已报送" : "未报送", f->text);
		buf_clear(&b);
		sheet_time(&b, u->created);
		sheet_text(ws, row, 3, b.ptr, f->text);
		buf_clear(&b);
		sheet_time(&b, u->received);
		sheet_text(ws, row, 4, b.ptr, f->text);
		sheet_text(ws, row, 5, !u->sent ? "未报" : u->late ? "迟报" :
		    "按时", f->text);
		sheet_sized(ws, row, 6, u->missing, f->wrap, width[6], &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	worksheet_freeze_panes(ws, 2, 0);
	sheet_print(ws, 1, 1);
	buf_free(&b);
}

/*
 * 附件1补充: what the office checks beside 附件1 and the issued table has
 * no column for: each unit's problems by domain and the key areas it
 * named.
 */
static void
extra1(lxw_workbook *wb, const struct report *r, const struct sheet_fmts *f)
{
	static const double w[11] = { 16, 10, 10, 10, 10, 10, 10, 10, 10, 10,
		30 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件1补充");
	struct buf	 b = BUF_INIT;
	const struct report_unit *u;
	const long long	*n;
	lxw_row_t	 row;
	size_t		 i, k, lines;

	worksheet_merge_range(ws, 0, 0, 0, 10, "附件1补充：各领域问题数和摸排"
	    "梳理的重点地区（不属于附件1，供核对）", f->title);
	worksheet_set_row(ws, 0, 24, NULL);
	lines = 1;
	worksheet_write_string(ws, 1, 0, "填报单位", f->head);
	for (k = 0; k < 8; k++) {
		buf_clear(&b);
		buf_printf(&b, "%zu、%s", k + 1, r->domains[k] ? r->domains[k] :
		    "");
		worksheet_write_string(ws, 1, (lxw_col_t)k + 1, b.ptr, f->head);
		lines = MAXOF(lines, sheet_lines(b.ptr, w[k + 1]));
	}
	worksheet_write_string(ws, 1, 9, "重点地区(个)", f->head);
	worksheet_write_string(ws, 1, 10, "重点地区", f->head);
	for (k = 0; k < 11; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, w[k], NULL);
	worksheet_set_row(ws, 1, sheet_height(lines), NULL);
	row = 2;
	for (i = 0; i <= r->nunits; i++, row++) {
		u = i < r->nunits ? &r->units[i] : NULL;
		lines = 1;
		sheet_sized(ws, row, 0, u ? u->name : "合计", u ? f->text :
		    f->total, w[0], &lines);
		n = u ? u->n : r->total;
		if (u != NULL && !u->sent) {
			worksheet_merge_range(ws, row, 1, row, 10, "未报",
			    f->none);
		} else {
			for (k = 0; k < 8; k++)
				worksheet_write_number(ws, row, (lxw_col_t)k + 1,
				    (double)n[RC_DOMAIN + k], u ? f->num :
				    f->totalnum);
			worksheet_write_number(ws, row, 9, (double)n[RC_AREAS],
			    u ? f->num : f->totalnum);
			sheet_sized(ws, row, 10, u ? u->areas : "", u ? f->wrap :
			    f->total, w[10], &lines);
		}
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	worksheet_freeze_panes(ws, 2, 1);
	sheet_print(ws, 1, 1);
	buf_free(&b);
}

/*
 * 附件2补充: each hazard of 附件2, by its 序号 there (the order of its
 * rows), with what the issued table has no column for.
 */
static void
extra2(lxw_workbook *wb, const struct report *r, const struct sheet_fmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件2补充");
	const struct report_hazard *h;
	const double	*w = width_extra;
	lxw_row_t	 row;
	size_t		 i, lines;

	worksheet_merge_range(ws, 0, 0, 0, REPORT_EXTRA_HEADS - 1, "附件2补充："
	    "各条风险隐患的领域、整治状态和报送单位（不属于附件2，序号即附件2 "
	    "的行序）", f->title);
	worksheet_set_row(ws, 0, 24, NULL);
	sheet_heads(ws, 1, report_extra_head, w, REPORT_EXTRA_HEADS, f->head);
	for (i = 0; i < r->nhaz; i++) {
		h = &r->haz[i];
		row = (lxw_row_t)i + 2;
		lines = 1;
		worksheet_write_number(ws, row, 0, (double)(i + 1), f->num);
		sheet_sized(ws, row, 1, h->v[0], f->wrap, w[1], &lines);
		sheet_sized(ws, row, 2, h->v[2], f->wrap, w[2], &lines);
		sheet_sized(ws, row, 3, h->v[1], f->wrap, w[3], &lines);
		sheet_sized(ws, row, 4, h->v[8], f->text, w[4], &lines);
		sheet_sized(ws, row, 5, h->v[11], f->wrap, w[5], &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	if (r->nhaz == 0)
		worksheet_merge_range(ws, 2, 0, 2, REPORT_EXTRA_HEADS - 1,
		    "本周没有报送风险隐患", f->text);
	worksheet_freeze_panes(ws, 2, 0);
	sheet_print(ws, 1, 1);
}

int
report_xlsx(const struct report *r, const char *path, struct buf *err)
{
	struct sheet_book book;
	struct sheet_fmts f;
	struct buf	 title = BUF_INIT;
	int		 ok;

	buf_printf(&title, "打击整治养老诈骗专项行动周报 %s", r->period);
	ok = sheet_open(&book, path, title.ptr, r->period, r->made, err);
	buf_free(&title);
	if (!ok)
		return 0;
	sheet_formats(book.wb, &f);
	sheet1(book.wb, r, &f);
	sheet2(book.wb, r, &f);
	sheet3(book.wb, r, &f);
	extra1(book.wb, r, &f);
	extra2(book.wb, r, &f);
	return sheet_close(&book, err);
}
