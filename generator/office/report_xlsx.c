/*
 * The weekly report as a workbook: 附件1, 附件2 and 报送情况 (see
 * report.h), laid out as the official tables are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/date.h"
#include "office/report.h"
#include "lib/util.h"
#include "forms/xlsxout.h"

#define NCOLS		(1 + RC__MAX + 1)	/* unit, numbers, area names */

struct fmts {
	lxw_format	*title, *sub, *head, *text, *wrap, *num, *total,
			*totalnum, *note;
};

static const char *const domain_no[] = {
	"1、", "2、", "3、", "4、", "5、", "6、", "7、", "8、"
};

/* The headers of the number columns of 附件1 that span rows 4 and 5. */
static const struct {
	enum report_col	 col;
	const char	*text;
} tall[] = {
	{ RC_GRADE_C, "存在的苗头性问题" },
	{ RC_GRADE_B, "存在明显问题但不构成犯罪的" },
	{ RC_GRADE_A, "对涉嫌犯罪移送司法机关依法打击的问题" },
	{ RC_POLICE, "接收公安提示函" },
	{ RC_PROCURATORATE, "接收检察建议书" },
	{ RC_COURT, "接收司法建议书" },
	{ RC_SUPERVISION, "接收监察建议书" },
	{ RC_AREAS, "重点地区(个)" },
	{ RC_CLUES, "收集线索(条)" },
	{ RC_HANDLED, "妥善处置涉稳线索(条)" },
	{ RC_DEFUSED, "防范化解群体性事件(起)" },
	{ RC_LOCAL_REGS, "制订或打算制订的地方性法规(个)" },
	{ RC_GOV_RULES, "制订或打算制订的政府规章(个)" },
	{ RC_NORMATIVE, "制订或打算制订的规范性文件(个)" },
	{ RC_STANDARDS, "制订或打算制订的行业标准规范(个)" },
};

/* The spreadsheet column of number column c of 附件1. */
static lxw_col_t
colx(enum report_col c)
{
	/* the names of the key areas sit right after their count */
	return (lxw_col_t)(1 + c + (c > RC_AREAS));
}

/* A new format of wb: bold, wrapped, bordered, size (0: the default). */
static lxw_format *
fmt(lxw_workbook *wb, int bold, int wrap, int border, double size)
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

/* Makes the formats of the report in wb. */
static void
formats(lxw_workbook *wb, struct fmts *f)
{
	f->title = fmt(wb, 1, 0, 0, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->sub = fmt(wb, 0, 0, 0, 0);
	format_set_align(f->sub, LXW_ALIGN_CENTER);
	f->head = fmt(wb, 1, 1, 1, 0);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bg_color(f->head, 0xDDEBF7);
	f->text = fmt(wb, 0, 0, 1, 0);
	format_set_num_format(f->text, "@");
	f->wrap = fmt(wb, 0, 1, 1, 0);
	format_set_num_format(f->wrap, "@");
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->num = fmt(wb, 0, 0, 1, 0);
	format_set_num_format(f->num, "0");
	f->total = fmt(wb, 1, 0, 1, 0);
	f->totalnum = fmt(wb, 1, 0, 1, 0);
	format_set_num_format(f->totalnum, "0");
	f->note = fmt(wb, 0, 1, 0, 0);
	format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
}

/*
 * Writes the text s as a string cell: never a formula, whatever it starts
 * with (= + - @ included).
 */
static void
put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_format *f)
{
	if (s == NULL || *s == '\0')
		worksheet_write_blank(ws, r, c, f);
	else
		worksheet_write_string(ws, r, c, s, f);
}

/*
 * Writes the headings v[0..n) in row r from the first column on, in format
 * f, each column width[k] wide.
 */
static void
put_heads(lxw_worksheet *ws, lxw_row_t r, const char *const *v,
    const double *width, size_t n, lxw_format *f)
{
	size_t	 k;

	for (k = 0; k < n; k++) {
		worksheet_write_string(ws, r, (lxw_col_t)k, v[k], f);
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width[k],
		    NULL);
	}
}

/* Prints ws on A4 paper in landscape, one page wide. */
static void
print_wide(lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
}

/* "2022 年 5 月 26 日" of Unix time t, in China time. */
static void
cn_date(struct buf *b, int64_t t)
{
	date_format(b, "%Y 年 %n 月 %o 日", t, REPORT_ZONE);
}

/* "2022-05-26 10:00", in China time, of a time the ledger keeps. */
static void
cn_time(struct buf *b, const char *utc)
{
	int64_t	 t = report_utc(utc);

	if (t < 0) {
		if (utc != NULL)
			buf_puts(b, utc);
		return;
	}
	date_format(b, "%F %H:%M", t, REPORT_ZONE);
}

/* 附件1: the numbers of each unit and their total. */
static void
sheet1(lxw_workbook *wb, const struct report *r, const struct fmts *f)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件1");
	struct buf	 b = BUF_INIT;
	const struct report_unit *u;
	lxw_row_t	 row;
	size_t		 i, k;

	worksheet_write_string(ws, 0, 0, "附件1", NULL);
	worksheet_merge_range(ws, 1, 0, 1, NCOLS - 1,
	    "打击整治养老诈骗专项行动进展战果统计表", f->title);
	buf_puts(&b, "(填报时间：");
	cn_date(&b, r->made);
	buf_puts(&b, ")　统计期间：");
	report_week_text(&b, r);
	worksheet_merge_range(ws, 2, 0, 2, NCOLS - 1, b.ptr, f->sub);

	worksheet_merge_range(ws, 3, 0, 5, 0, "填报单位", f->head);
	worksheet_merge_range(ws, 3, colx(RC_DOMAIN), 3, colx(RC_SUPERVISION),
	    "整治情况", f->head);
	worksheet_merge_range(ws, 3, colx(RC_AREAS), 3, colx(RC_AREAS) + 1,
	    "9、摸排梳理的涉养老诈骗重点地区", f->head);
	worksheet_merge_range(ws, 3, colx(RC_CLUES), 3, colx(RC_DEFUSED),
	    "10、涉稳信息", f->head);
	worksheet_merge_range(ws, 3, colx(RC_LOCAL_REGS), 3,
	    colx(RC_STANDARDS), "11、建章立制", f->head);
	worksheet_merge_range(ws, 4, colx(RC_DOMAIN), 4, colx(RC_DOMAIN) + 7,
	    "1-8 各领域问题数(个)", f->head);
	worksheet_merge_range(ws, 4, colx(RC_DOING), 4, colx(RC_TOTAL),
	    "问题数(个)", f->head);
	for (k = 0; k < sizeof(tall) / sizeof(tall[0]); k++)
		worksheet_merge_range(ws, 4, colx(tall[k].col), 5,
		    colx(tall[k].col), tall[k].text, f->head);
	worksheet_merge_range(ws, 4, colx(RC_AREAS) + 1, 5, colx(RC_AREAS) + 1,
	    "重点地区", f->head);
	for (k = 0; k < 8; k++) {
		buf_clear(&b);
		buf_printf(&b, "%s%s", domain_no[k], r->domains[k] ?
		    r->domains[k] : "");
		worksheet_write_string(ws, 5, colx(RC_DOMAIN) + (lxw_col_t)k,
		    b.ptr, f->head);
	}
	worksheet_write_string(ws, 5, colx(RC_DOING), "正在整治", f->head);
	worksheet_write_string(ws, 5, colx(RC_DONE), "整治完成", f->head);
	worksheet_write_string(ws, 5, colx(RC_TOTAL), "总计", f->head);

	row = 6;
	for (i = 0; i < r->nunits; i++, row++) {
		u = &r->units[i];
		put_text(ws, row, 0, u->name, f->text);
		for (k = 0; k < RC__MAX; k++)
			worksheet_write_number(ws, row, colx((enum report_col)k),
			    (double)u->n[k], f->num);
		put_text(ws, row, colx(RC_AREAS) + 1, u->areas, f->wrap);
	}
	worksheet_write_string(ws, row, 0, "合计", f->total);
	for (k = 0; k < RC__MAX; k++)
		worksheet_write_number(ws, row, colx((enum report_col)k),
		    (double)r->total[k], f->totalnum);
	worksheet_write_blank(ws, row, colx(RC_AREAS) + 1, f->total);
	worksheet_merge_range(ws, row + 2, 0, row + 2, NCOLS - 1,
	    "备注：1-8 项由相关成员单位按照各自职责分别填报，9、10 项由区委"
	    "政法委负责填报，11 项由各镇街、各成员单位负责填报。本表由 Shouhu "
	    "根据各单位报送的数据汇总。", f->note);

	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, NCOLS - 1, 10, NULL);
	worksheet_set_column(ws, colx(RC_AREAS) + 1, colx(RC_AREAS) + 1, 24,
	    NULL);
	worksheet_set_row(ws, 4, 48, NULL);
	worksheet_set_row(ws, 5, 64, NULL);
	worksheet_freeze_panes(ws, 6, 1);
	print_wide(ws);
	buf_free(&b);
}

/* 附件2: the hazards of the week, each department's name merged down. */
static void
sheet2(lxw_workbook *wb, const struct report *r, const struct fmts *f)
{
	static const double width[REPORT_HAZARD_HEADS] = { 6, 16, 18, 16, 12,
		10, 36, 6, 36, 10, 24, 20 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "附件2");
	struct buf	 b = BUF_INIT;
	const struct report_hazard *h;
	lxw_row_t	 row = 4, start;
	size_t		 i, j, k;

	worksheet_write_string(ws, 0, 0, "附件2", NULL);
	worksheet_merge_range(ws, 1, 0, 1, 11, "全区涉养老诈骗风险隐患排查化解"
	    "台账", f->title);
	buf_puts(&b, "统计时间：");
	cn_date(&b, r->made);
	buf_puts(&b, "　统计期间：");
	report_week_text(&b, r);
	worksheet_merge_range(ws, 2, 0, 2, 11, b.ptr, f->sub);
	put_heads(ws, 3, report_hazard_head, width, REPORT_HAZARD_HEADS,
	    f->head);
	for (i = 0; i < r->nhaz; i = j) {
		/* a department's rows, its name merged down the group */
		for (j = i; j < r->nhaz && strcmp(r->haz[j].v[0],
		    r->haz[i].v[0]) == 0; j++)
			continue;
		start = row;
		for (k = i; k < j; k++, row++) {
			h = &r->haz[k];
			worksheet_write_number(ws, row, 0, (double)(k + 1),
			    f->num);
			put_text(ws, row, 2, h->v[1], f->wrap);
			put_text(ws, row, 3, h->v[2], f->wrap);
			put_text(ws, row, 4, h->v[3], f->text);
			put_text(ws, row, 5, h->v[4], f->text);
			buf_clear(&b);
			report_numbered(&b, h->v[5], "\n");
			put_text(ws, row, 6, b.ptr, f->wrap);
			put_text(ws, row, 7, h->v[6], f->text);
			buf_clear(&b);
			report_numbered(&b, h->v[7], "\n");
			put_text(ws, row, 8, b.ptr, f->wrap);
			put_text(ws, row, 9, h->v[8], f->text);
			buf_clear(&b);
			buf_printf(&b, "%s%s%s", h->v[9], *h->v[9] &&
			    *h->v[10] ? "、" : "", h->v[10]);
			put_text(ws, row, 10, b.ptr, f->wrap);
			put_text(ws, row, 11, h->v[11], f->wrap);
		}
		if (row - start > 1)
			worksheet_merge_range(ws, start, 1, row - 1, 1,
			    r->haz[i].v[0], f->wrap);
		else
			put_text(ws, start, 1, r->haz[i].v[0], f->wrap);
	}
	if (r->nhaz == 0) {
		worksheet_merge_range(ws, row, 0, row, 11, "本周没有报送风险隐患",
		    f->text);
		row++;
	}
	worksheet_merge_range(ws, row + 1, 0, row + 1, 11,
	    "说明：1、此表由行业主管部门负责汇总填报；2、“排查重点”根据专项"
	    "行动工作方案梳理填写；3、“排查方式”分为自行摸排、镇街上报；4、"
	    "“存在风险隐患”要简明扼要写清具体问题；5、“等级”分为 A、B、C "
	    "三个等级，其中，A 级代表涉嫌犯罪需移交司法机关的，B 级代表存在"
	    "明显问题但尚不构成犯罪需责令其立即整改的，C 级代表存在苗头性问题"
	    "需进行风险提示提醒的。", f->note);
	worksheet_set_row(ws, row + 1, 48, NULL);
	worksheet_freeze_panes(ws, 4, 0);
	print_wide(ws);
	buf_free(&b);
}

/* 报送情况: what each unit sent for the week, and when. */
static void
sheet3(lxw_workbook *wb, const struct report *r, const struct fmts *f)
{
	static const double width[REPORT_SENT_HEADS] = { 14, 24, 10, 18, 18,
		10, 30 };
	lxw_worksheet	*ws = workbook_add_worksheet(wb, "报送情况");
	struct buf	 b = BUF_INIT;
	const struct report_unit *u;
	char		 dl[64];
	size_t		 i;

	report_time_text(dl, r->deadline);
	buf_printf(&b, "报送情况　统计期间：");
	report_week_text(&b, r);
	buf_printf(&b, "　截止时间：%s", dl);
	worksheet_merge_range(ws, 0, 0, 0, 6, b.ptr, f->title);
	put_heads(ws, 1, report_sent_head, width, REPORT_SENT_HEADS, f->head);
	for (i = 0; i < r->nunits; i++) {
		u = &r->units[i];
		put_text(ws, (lxw_row_t)i + 2, 0, u->code, f->text);
		put_text(ws, (lxw_row_t)i + 2, 1, u->name, f->text);
		put_text(ws, (lxw_row_t)i + 2, 2, u->sent ? "已报送" : "未报送",
		    f->text);
		buf_clear(&b);
		cn_time(&b, u->created);
		put_text(ws, (lxw_row_t)i + 2, 3, b.ptr, f->text);
		buf_clear(&b);
		cn_time(&b, u->received);
		put_text(ws, (lxw_row_t)i + 2, 4, b.ptr, f->text);
		put_text(ws, (lxw_row_t)i + 2, 5, !u->sent ? "未报" : u->late ?
		    "迟报" : "按时", f->text);
		put_text(ws, (lxw_row_t)i + 2, 6, u->missing, f->wrap);
	}
	worksheet_freeze_panes(ws, 2, 0);
	buf_free(&b);
}

int
report_xlsx(const struct report *r, const char *path, struct buf *err)
{
	lxw_doc_properties props;
	lxw_workbook	*wb;
	struct fmts	 f;
	struct buf	 tmp = BUF_INIT, title = BUF_INIT;
	int		 ok = 0;

	if (!files_temp(&tmp, path, ".xlsx", err))
		goto out;
	if ((wb = xlsxout_new(tmp.ptr, path, err)) == NULL) {
		unlink(tmp.ptr);
		goto out;
	}
	buf_printf(&title, "打击整治养老诈骗专项行动周报 %s", r->period);
	memset(&props, 0, sizeof(props));
	props.title = title.ptr;
	props.author = "Shouhu";
	workbook_set_properties(wb, &props);
	workbook_set_custom_property_string(wb, "shouhu.report", r->period);
	formats(wb, &f);
	sheet1(wb, r, &f);
	sheet2(wb, r, &f);
	sheet3(wb, r, &f);
	if (!xlsxout_close(wb, path, err)) {
		unlink(tmp.ptr);
		goto out;
	}
	ok = files_commit(tmp.ptr, path, 0600, 1, err);
out:
	buf_free(&tmp);
	buf_free(&title);
	return ok;
}
