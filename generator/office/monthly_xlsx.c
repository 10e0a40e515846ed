/*
 * The monthly tables as a workbook (see monthly.h): 养老机构风险管控名单
 * in the 绿黄橙红 layout, red first; 案件来源登记表; 案件查办进度表;
 * 报送情况 and 名单补充, every sheet set up to print on A4 landscape.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "office/monthly.h"
#include "office/report.h"
#include "office/sheet.h"

/* The widths of the tables' columns (characters). */
static const double list_width[MONTHLY_LIST_COLS] = { 6, 24, 14, 22, 40,
	6, 34 };

static const double src_width[MONTHLY_SRC_COLS] = { 6, 12, 14, 10, 16, 20,
	36, 14, 8, 16 };

static const double clue_width[MONTHLY_CLUE_COLS] = { 6, 14, 14, 12, 10,
	16, 14, 10, 12, 24, 12, 8, 20 };

static const double sent_width[MONTHLY_SENT_COLS] = { 14, 24, 12, 18, 18,
	10 };

static const double extra_width[MONTHLY_EXTRA_COLS] = { 6, 28, 20, 10,
	22 };

/* The fill of each level, light enough to print in black and white. */
static const lxw_color_t level_color[ML__MAX] = { 0xF8B4B4, 0xFFD39B,
	0xFFF2A8, 0xC6EFCE };

/* The formats of the monthly tables: the shared ones and their own. */
struct mfmts {
	struct sheet_fmts s;
	lxw_format	*level[ML__MAX];	/* a level's cell */
	lxw_format	*group[ML__MAX];	/* a level's heading row */
	lxw_format	*money;			/* 挽回损失: two decimals */
	lxw_format	*totalmoney;
};

/* Makes the formats of the monthly tables in wb. */
static void
formats(lxw_workbook *wb, struct mfmts *f)
{
	int	 i;

	sheet_formats(wb, &f->s);
	for (i = 0; i < ML__MAX; i++) {
		f->level[i] = sheet_fmt(wb, 0, 0, 1, 0);
		format_set_align(f->level[i], LXW_ALIGN_CENTER);
		format_set_bg_color(f->level[i], level_color[i]);
		f->group[i] = sheet_fmt(wb, 1, 0, 1, 0);
		format_set_bg_color(f->group[i], level_color[i]);
	}
	f->money = sheet_fmt(wb, 0, 0, 1, 0);
	format_set_num_format(f->money, "0.00");
	f->totalmoney = sheet_fmt(wb, 1, 0, 1, 0);
	format_set_num_format(f->totalmoney, "0.00");
}

/*
 * The title in row 0 and the line under it in row 1 (填报时间 and the
 * month, then what follows), across columns 0..last.
 */
static void
title(lxw_worksheet *ws, const struct monthly *m, const struct mfmts *f,
    lxw_col_t last, const char *text, const char *after)
{
	struct buf	 b = BUF_INIT;

	worksheet_merge_range(ws, 0, 0, 0, last, text, f->s.title);
	worksheet_set_row(ws, 0, 24, NULL);
	buf_puts(&b, "(填报时间: ");
	report_date_text(&b, m->made);
	buf_puts(&b, ")　统计期间：");
	monthly_month_text(&b, m);
	buf_puts(&b, after);
	worksheet_merge_range(ws, 1, 0, 1, last, b.ptr, f->s.sub);
	buf_free(&b);
}

/* A whole-row line across columns 0..last (none, a group's heading). */
static void
row_line(lxw_worksheet *ws, lxw_row_t row, lxw_col_t last, const char *s,
    lxw_format *f)
{
	worksheet_merge_range(ws, row, 0, row, last, s, f);
	worksheet_set_row(ws, row, sheet_height(1), NULL);
}

/* 养老机构风险管控名单: the institutions by level, red first. */
static void
list_sheet(lxw_workbook *wb, const struct monthly *m, const struct mfmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "风险管控名单");
	const double	*w = list_width;
	const struct monthly_inst *in;
	struct buf	 b = BUF_INIT;
	lxw_row_t	 row = 3;
	size_t		 i = 0, lines;
	int		 lv;

	buf_printf(&b, "　共 %zu 家：红 %zu 家、橙 %zu 家、黄 %zu 家、绿 %zu 家",
	    m->ninst, m->nlevel[ML_RED], m->nlevel[ML_ORANGE],
	    m->nlevel[ML_YELLOW], m->nlevel[ML_GREEN]);
	title(ws, m, f, MONTHLY_LIST_COLS - 1, "养老机构“绿黄橙红”风险管控名单",
	    b.ptr);
	sheet_heads(ws, 2, monthly_list_head, w, MONTHLY_LIST_COLS,
	    f->s.head);
	for (lv = 0; lv < ML__MAX; lv++) {
		buf_clear(&b);
		buf_printf(&b, "%s（%zu 家）", monthly_level_list[lv],
		    m->nlevel[lv]);
		row_line(ws, row++, MONTHLY_LIST_COLS - 1, b.ptr,
		    f->group[lv]);
		for (; i < m->ninst && (int)m->inst[i].level == lv; i++,
		    row++) {
			in = &m->inst[i];
			lines = 1;
			worksheet_write_number(ws, row, 0, (double)(i + 1),
			    f->s.num);
			sheet_sized(ws, row, 1, in->name, f->s.wrap, w[1],
			    &lines);
			sheet_sized(ws, row, 2, in->authority, f->s.wrap, w[2],
			    &lines);
			sheet_sized(ws, row, 3, in->situation, f->s.wrap, w[3],
			    &lines);
			sheet_sized(ws, row, 4, in->assessment, f->s.wrap, w[4],
			    &lines);
			sheet_text(ws, row, 5, monthly_level_name[lv],
			    f->level[lv]);
			buf_clear(&b);
			report_numbered(&b, in->measures, "\n");
			sheet_sized(ws, row, 6, b.ptr, f->s.wrap, w[6], &lines);
			worksheet_set_row(ws, row, sheet_height(lines), NULL);
		}
	}
	sheet_note(ws, row + 1, MONTHLY_LIST_COLS - 1, monthly_list_note,
	    sheet_span(w, 0, MONTHLY_LIST_COLS - 1), f->s.note);
	worksheet_freeze_panes(ws, 3, 0);
	sheet_print(ws, 2, 2);
	buf_free(&b);
}

/* 案件来源登记表: the clues registered in the month, by date. */
static void
source_sheet(lxw_workbook *wb, const struct monthly *m,
    const struct mfmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "案件来源登记表");
	const double	*w = src_width;
	const struct monthly_source *s;
	struct buf	 b = BUF_INIT;
	lxw_row_t	 row = 3;
	size_t		 i, lines;

	buf_printf(&b, "　本月登记线索 %zu 条", m->nsrc);
	title(ws, m, f, MONTHLY_SRC_COLS - 1, "案件来源登记表", b.ptr);
	sheet_heads(ws, 2, monthly_src_head, w, MONTHLY_SRC_COLS,
	    f->s.head);
	for (i = 0; i < m->nsrc; i++, row++) {
		s = &m->src[i];
		const char *const v[] = { s->date, s->clue, s->source,
			s->domain, s->subject, s->content, s->handling,
			s->handler, s->unit };
		lines = 1;
		worksheet_write_number(ws, row, 0, (double)(i + 1), f->s.num);
		sheet_texts(ws, row, 1, v, 9, w, f->s.wrap, &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	if (m->nsrc == 0)
		row_line(ws, row++, MONTHLY_SRC_COLS - 1,
		    "本月没有登记案件线索", f->s.none);
	sheet_note(ws, row + 1, MONTHLY_SRC_COLS - 1, monthly_src_note, sheet_span(w, 0, MONTHLY_SRC_COLS - 1), f->s.note);
	worksheet_freeze_panes(ws, 3, 0);
	sheet_print(ws, 2, 2);
	buf_free(&b);
}

/* Writes the canonical decimal s ("" : blank) as a number in row, col. */
static void
put_money(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
    lxw_format *f)
{
	if (*s == '\0')
		worksheet_write_blank(ws, row, col, f);
	else
		worksheet_write_number(ws, row, col, strtod(s, NULL), f);
}

/* 案件查办进度表: each clue as it stood at the month's end. */
static void
clue_sheet(lxw_workbook *wb, const struct monthly *m, const struct mfmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "案件查办进度表");
	const double	*w = clue_width;
	const struct monthly_clue *c;
	struct buf	 b = BUF_INIT;
	lxw_row_t	 row = 3;
	size_t		 i, lines;
	int		 k;

	buf_printf(&b, "　线索 %zu 条（截至月底）", m->nclue);
	title(ws, m, f, MONTHLY_CLUE_COLS - 1, "案件查办进度表", b.ptr);
	sheet_heads(ws, 2, monthly_clue_head, w, MONTHLY_CLUE_COLS,
	    f->s.head);
	for (i = 0; i < m->nclue; i++, row++) {
		c = &m->clue[i];
		const char *const v[] = { c->clue, c->unit, c->date,
			c->source, c->domain, c->handling, c->status, c->closed,
			c->result };
		lines = 1;
		worksheet_write_number(ws, row, 0, (double)(i + 1), f->s.num);
		sheet_texts(ws, row, 1, v, 9, w, f->s.wrap, &lines);
		put_money(ws, row, 10, c->recovered, f->money);
		put_money(ws, row, 11, c->elderly, f->s.num);
		sheet_sized(ws, row, 12, c->decision, f->s.wrap, w[12],
		    &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	if (m->nclue == 0) {
		row_line(ws, row++, MONTHLY_CLUE_COLS - 1,
		    "本月没有在查办的案件线索", f->s.none);
	} else {
		worksheet_merge_range(ws, row, 0, row, 9, "合计", f->s.total);
		worksheet_write_number(ws, row, 10, (double)m->recovered / 100,
		    f->totalmoney);
		worksheet_write_number(ws, row, 11, (double)m->elderly,
		    f->s.totalnum);
		worksheet_write_blank(ws, row, 12, f->s.total);
		worksheet_set_row(ws, row, sheet_height(1), NULL);
		row++;
	}
	buf_clear(&b);
	buf_puts(&b, monthly_clue_note);
	for (k = 0; k < MONTHLY_STATUSES; k++)
		buf_printf(&b, "%s%s %zu 条", k ? "、" : "", monthly_status[k],
		    m->nstatus[k]);
	buf_puts(&b, "。");
	sheet_note(ws, row + 1, MONTHLY_CLUE_COLS - 1, b.ptr,
	    sheet_span(w, 0, MONTHLY_CLUE_COLS - 1), f->s.note);
	worksheet_freeze_panes(ws, 3, 0);
	sheet_print(ws, 2, 2);
	buf_free(&b);
}

/* 报送情况: whose institution list for the month came, and when. */
static void
sent_sheet(lxw_workbook *wb, const struct monthly *m, const struct mfmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "报送情况");
	const struct monthly_unit *u;
	struct buf	 b = BUF_INIT;
	lxw_row_t	 row;
	size_t		 i, lines;

	buf_puts(&b, "风险管控名单报送情况　统计期间：");
	monthly_month_text(&b, m);
	worksheet_merge_range(ws, 0, 0, 0, MONTHLY_SENT_COLS - 1, b.ptr, f->s.title);
	worksheet_set_row(ws, 0, 24, NULL);
	sheet_heads(ws, 1, monthly_sent_head, sent_width, MONTHLY_SENT_COLS, f->s.head);
	for (i = 0; i < m->nunits; i++) {
		u = &m->units[i];
		row = (lxw_row_t)i + 2;
		lines = 1;
		sheet_sized(ws, row, 0, u->code, f->s.text, sent_width[0],
		    &lines);
		sheet_sized(ws, row, 1, u->name, f->s.wrap, sent_width[1],
		    &lines);
		sheet_text(ws, row, 2, u->sent ? "已报送" : "未报送", f->s.text);
		buf_clear(&b);
		sheet_time(&b, u->created);
		sheet_text(ws, row, 3, b.ptr, f->s.text);
		buf_clear(&b);
		sheet_time(&b, u->received);
		sheet_text(ws, row, 4, b.ptr, f->s.text);
		if (u->sent)
			worksheet_write_number(ws, row, 5, (double)u->ninst,
			    f->s.num);
		else
			worksheet_write_blank(ws, row, 5, f->s.num);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	worksheet_freeze_panes(ws, 2, 0);
	sheet_print(ws, 1, 1);
	buf_free(&b);
}

/*
 * 名单补充: each institution of the list, by its 序号 there, with what the
 * layout of seed 004 has no column for.
 */
static void
extra_sheet(lxw_workbook *wb, const struct monthly *m, const struct mfmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "名单补充");
	const double	*w = extra_width;
	const struct monthly_inst *in;
	lxw_row_t	 row;
	size_t		 i, lines;

	worksheet_merge_range(ws, 0, 0, 0, MONTHLY_EXTRA_COLS - 1, "名单补充（不属于风险"
	    "管控名单，序号即名单的序号）", f->s.title);
	worksheet_set_row(ws, 0, 24, NULL);
	sheet_heads(ws, 1, monthly_extra_head, w, MONTHLY_EXTRA_COLS, f->s.head);
	for (i = 0; i < m->ninst; i++) {
		in = &m->inst[i];
		row = (lxw_row_t)i + 2;
		lines = 1;
		worksheet_write_number(ws, row, 0, (double)(i + 1), f->s.num);
		sheet_sized(ws, row, 1, in->name, f->s.wrap, w[1], &lines);
		sheet_sized(ws, row, 2, in->unit, f->s.wrap, w[2], &lines);
		sheet_sized(ws, row, 3, in->registration, f->s.text, w[3],
		    &lines);
		sheet_sized(ws, row, 4, in->uscc, f->s.text, w[4], &lines);
		worksheet_set_row(ws, row, sheet_height(lines), NULL);
	}
	if (m->ninst == 0)
		row_line(ws, 2, MONTHLY_EXTRA_COLS - 1, "本月没有报送风险管控名单",
		    f->s.none);
	worksheet_freeze_panes(ws, 2, 0);
	sheet_print(ws, 1, 1);
}

int
monthly_xlsx(const struct monthly *m, const char *path, struct buf *err)
{
	struct sheet_book book;
	struct mfmts	 f;
	struct buf	 t = BUF_INIT;
	int		 ok;

	buf_printf(&t, "打击整治养老诈骗专项行动月报 %s", m->period);
	ok = sheet_open(&book, path, t.ptr, m->period, m->made, err);
	buf_free(&t);
	if (!ok)
		return 0;
	formats(book.wb, &f);
	list_sheet(book.wb, m, &f);
	source_sheet(book.wb, m, &f);
	clue_sheet(book.wb, m, &f);
	sent_sheet(book.wb, m, &f);
	extra_sheet(book.wb, m, &f);
	return sheet_close(&book, err);
}
