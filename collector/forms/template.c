#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "forms/table.h"
#include "forms/template.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "forms/xlsxout.h"

static const char *type_names[] = {
	"文字", "整数", "数字", "日期", "选择", "多条（每条一行）"
};

/* The header of a column: its label, with " *" when it must be filled. */
static void
header(struct buf *b, const struct field *fl)
{
	buf_clear(b);
	buf_puts(b, fl->label);
	if (fl->required)
		buf_puts(b, " *");
}

/* Copies at most max bytes of s into b, not splitting a UTF-8 character. */
static const char *
clip(struct buf *b, const char *s, size_t max)
{
	size_t	 n = strlen(s);

	buf_clear(b);
	if (n > max)
		n = utf8_clip(s, max);
	buf_put(b, s, n);
	return b->ptr;
}

static double
column_width(const struct field *fl)
{
	if (fl->width > 0)
		return fl->width;
	switch (fl->type) {
	case FT_DATE:
		return 13;
	case FT_INT:
	case FT_DECIMAL:
		return 12;
	case FT_LIST:
		return 40;
	case FT_CHOICE:
		return 18;
	default:
		return fl->max > 0 && fl->max <= 20 ? 16 : 28;
	}
}

/* Explains the choices or limits of a field in one line. */
static void
describe(struct buf *b, const struct field *fl)
{
	size_t	 i;

	buf_clear(b);
	if (fl->nchoices > 0) {
		for (i = 0; i < fl->nchoices; i++)
			buf_printf(b, "%s%s", i ? "、" : "", fl->choices[i]);
		return;
	}
	if (fl->type == FT_INT || fl->type == FT_DECIMAL) {
		buf_printf(b, "不小于 %g", fl->min);
		if (fl->max > 0)
			buf_printf(b, "，不大于 %g", fl->max);
	} else if (fl->type == FT_DATE)
		buf_puts(b, "如 2022-05-09");
	else if (fl->max > 0)
		buf_printf(b, "最多 %g 个字", fl->max);
	switch (fl->check) {
	case FC_PHONE:
		buf_puts(b, b->len ? "；" : "");
		buf_puts(b, "手机号 11 位，座机带区号");
		break;
	case FC_IDCARD:
		buf_puts(b, b->len ? "；" : "");
		buf_puts(b, "18 位身份证号");
		break;
	case FC_USCC:
		buf_puts(b, b->len ? "；" : "");
		buf_puts(b, "18 位统一社会信用代码");
		break;
	default:
		break;
	}
}

static void
validate(lxw_worksheet *ws, lxw_col_t col, const struct field *fl,
    const char *listref, struct buf *tmp, struct buf *tmp2)
{
	lxw_data_validation dv;
	lxw_datetime lo = { 2000, 1, 1, 0, 0, 0 }, hi = { 2100, 12, 31, 0, 0, 0 };

	memset(&dv, 0, sizeof(dv));
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	switch (fl->type) {
	case FT_CHOICE:
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = (char *)listref;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
		dv.error_title = "请从下拉列表中选择";
		dv.error_message = "这一列只能填下拉列表里的值。";
		break;
	case FT_INT:
	case FT_DECIMAL:
		dv.validate = fl->type == FT_INT ? LXW_VALIDATION_TYPE_INTEGER :
		    LXW_VALIDATION_TYPE_DECIMAL;
		if (fl->max > 0) {
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = fl->min;
			dv.maximum_number = fl->max;
		} else {
			dv.criteria =
			    LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
			dv.value_number = fl->min;
		}
		dv.error_title = fl->type == FT_INT ? "应当填整数" : "应当填数字";
		dv.error_message = fl->type == FT_INT ?
		    "这一列填整数，如 3；没有就填 0。" :
		    "这一列填数字，如 1200.50。";
		break;
	case FT_DATE:
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = lo;
		dv.maximum_datetime = hi;
		dv.error_title = "日期格式不对";
		dv.error_message = "请写成 2022-05-09 这样的日期。";
		break;
	case FT_TEXT:
	case FT_LIST:
		if (fl->max <= 0)
			break;
		dv.validate = LXW_VALIDATION_TYPE_LENGTH;
		dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
		dv.value_number = fl->max;
		dv.error_title = "内容太长";
		dv.error_message = "超过了这一列允许的字数。";
		break;
	}
	/* Excel limits: 32 bytes of input title, 255 of message. */
	dv.input_title = (char *)clip(tmp, fl->label, 32);
	if (fl->help != NULL)
		dv.input_message = (char *)clip(tmp2, fl->help, 255);
	if (dv.validate == LXW_VALIDATION_TYPE_NONE)
		return;
	worksheet_data_validation_range(ws, 1, col, TEMPLATE_ROWS, col, &dv);
}

/* Landscape A4, one page wide, as offices print forms. */
static void
print_setup(lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
}

/* A paragraph across the width of the instructions, wrapped. */
static void
paragraph(lxw_worksheet *ws, lxw_row_t r, const char *text, lxw_format *fmt)
{
	size_t	 n = strlen(text) / 3 + 1;	/* roughly: Chinese characters */

	worksheet_merge_range(ws, r, 0, r, 5, text, fmt);
	worksheet_set_row(ws, r, 18.0 * (double)(n / 70 + 1) + 4, NULL);
}

static void
instructions(lxw_workbook *wb, const struct form *f, lxw_format *bold,
    lxw_format *wrap, lxw_format *title)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "填写说明");
	struct buf b = BUF_INIT, col = BUF_INIT;
	static const char *heads[] = { "列", "标题", "必填", "类型", "可填的值",
	    "怎么填" };
	lxw_row_t r = 0;
	size_t	 i, lines;
	char	 letter[8];

	buf_printf(&b, "%s（第 %d 版）填写说明", f->title, f->version);
	worksheet_write_string(ws, r++, 0, b.ptr, title);
	if (f->help != NULL)
		paragraph(ws, r++, f->help, wrap);
	paragraph(ws, r++, "1. 在“填报”表里从第 2 行起，每行填一条；第 1 行的"
	    "标题不要改动。带 * 的列必须填写。", wrap);
	paragraph(ws, r++, "2. 填好后保存为 .xlsx（不要改成 .xls），然后运行 "
	    "shouhu-collect check 表单名 文件名 检查，再用 shouhu-collect pack "
	    "打包报送。", wrap);
	paragraph(ws, r++, "3. “多条”的列，每条写一行（在单元格里按 Alt+回车 "
	    "换行），可以写编号 1、2、。", wrap);
	buf_clear(&b);
	buf_printf(&b, "表单编号：%s，第 %d 版（%s报送）。请使用最新版模板。",
	    f->id, f->version, strcmp(f->period, "month") == 0 ? "每月" : "每周");
	paragraph(ws, r++, b.ptr, wrap);
	r++;
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		worksheet_write_string(ws, r, (lxw_col_t)i, heads[i], bold);
	r++;
	for (i = 0; i < f->nfields; i++, r++) {
		table_column_name(letter, i);
		worksheet_write_string(ws, r, 0, letter, NULL);
		worksheet_write_string(ws, r, 1, f->fields[i].label, NULL);
		worksheet_write_string(ws, r, 2, f->fields[i].required ? "是" : "",
		    NULL);
		worksheet_write_string(ws, r, 3, type_names[f->fields[i].type],
		    NULL);
		describe(&col, &f->fields[i]);
		worksheet_write_string(ws, r, 4, col.ptr, wrap);
		worksheet_write_string(ws, r, 5, f->fields[i].help ?
		    f->fields[i].help : "", wrap);
		/* rows do not grow by themselves when the file is printed */
		lines = col.len / 3 / 17 + 1;
		if (f->fields[i].help && strlen(f->fields[i].help) / 3 / 29 + 1 > lines)
			lines = strlen(f->fields[i].help) / 3 / 29 + 1;
		worksheet_set_row(ws, r, 16.0 * (double)lines + 2, NULL);
	}
	worksheet_set_column(ws, 0, 0, 6, NULL);
	worksheet_set_column(ws, 1, 1, 20, NULL);
	worksheet_set_column(ws, 2, 2, 6, NULL);
	worksheet_set_column(ws, 3, 3, 16, NULL);
	worksheet_set_column(ws, 4, 4, 36, NULL);
	worksheet_set_column(ws, 5, 5, 60, NULL);
	print_setup(ws);
	buf_free(&b);
	buf_free(&col);
}

/*
 * Writes the blank .xlsx template of form f to path, atomically: a data
 * sheet "填报" with the Chinese headers (required ones marked *), column
 * widths and formats (text columns stay text, so ID and phone numbers keep
 * every digit), a frozen header row, drop-down lists for choices, checks
 * for numbers, dates and lengths with help shown on each cell; a sheet
 * "填写说明" explaining every column; the form id and version as custom
 * properties (shouhu.form, shouhu.version).  Returns 1, or 0 with a message
 * in err.
 */
int
template_xlsx(const struct form *f, const char *path, int replace,
    struct buf *err)
{
	lxw_doc_properties props;
	lxw_workbook *wb;
	lxw_worksheet *ws, *lists;
	lxw_format *head, *text, *date, *integer, *decimal, *wrap, *bold, *title;
	lxw_format *fmt;
	struct buf tmp = BUF_INIT, cell = BUF_INIT, ref = BUF_INIT,
	    t1 = BUF_INIT, t2 = BUF_INIT;
	size_t	 i, j, nlists = 0;
	char	 letter[8];
	int	 rc = 0;

	if (!util_may_write(path, replace, err) ||
	    !util_temp_path(&tmp, path, ".xlsx", err))
		goto out;
	if ((wb = xlsxout_new(tmp.ptr, path, err)) == NULL) {
		unlink(tmp.ptr);
		goto out;
	}
	memset(&props, 0, sizeof(props));
	props.title = f->title;
	props.subject = f->id;
	props.comments = "由 shouhu-collect 生成的填报模板";
	/* SOURCE_DATE_EPOCH when set: the same template, byte for byte */
	props.created = (time_t)util_now();
	workbook_set_properties(wb, &props);
	workbook_set_custom_property_string(wb, "shouhu.form", f->id);
	buf_printf(&cell, "%d", f->version);
	workbook_set_custom_property_string(wb, "shouhu.version", cell.ptr);

	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	wrap = workbook_add_format(wb);
	format_set_num_format(wrap, "@");
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	integer = workbook_add_format(wb);
	format_set_num_format(integer, "0");
	decimal = workbook_add_format(wb);
	format_set_num_format(decimal, "0.00");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);

	ws = workbook_add_worksheet(wb, "填报");
	worksheet_set_row(ws, 0, 32, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	print_setup(ws);
	instructions(wb, f, bold, wrap, title);
	lists = workbook_add_worksheet(wb, "lists");
	worksheet_hide(lists);
	worksheet_activate(ws);

	for (i = 0; i < f->nfields; i++) {
		const struct field *fl = &f->fields[i];

		switch (fl->type) {
		case FT_DATE:
			fmt = date;
			break;
		case FT_INT:
			fmt = integer;
			break;
		case FT_DECIMAL:
			fmt = decimal;
			break;
		case FT_LIST:
			fmt = wrap;
			break;
		default:
			fmt = text;
			break;
		}
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
		    column_width(fl), fmt);
		header(&cell, fl);
		worksheet_write_string(ws, 0, (lxw_col_t)i, cell.ptr, head);
		buf_clear(&ref);
		if (fl->type == FT_CHOICE) {
			/* choices live on a hidden sheet: a literal list is
			 * limited to 255 characters */
			for (j = 0; j < fl->nchoices; j++)
				worksheet_write_string(lists, (lxw_row_t)j,
				    (lxw_col_t)nlists, fl->choices[j], NULL);
			table_column_name(letter, nlists);
			buf_printf(&ref, "=lists!$%s$1:$%s$%zu", letter, letter,
			    fl->nchoices);
			nlists++;
		}
		validate(ws, (lxw_col_t)i, fl, ref.ptr, &t1, &t2);
	}
	if (!xlsxout_close(wb, path, err)) {
		unlink(tmp.ptr);
		goto out;
	}
	if (!util_commit_temp(tmp.ptr, path, 0666, replace, err))
		goto out;
	rc = 1;
out:
	buf_free(&tmp);
	buf_free(&cell);
	buf_free(&ref);
	buf_free(&t1);
	buf_free(&t2);
	return rc;
}

/*
 * Writes the blank CSV template of form f to path: UTF-8 with a byte order
 * mark (so Excel on Chinese Windows shows the Chinese headers), one header
 * row of labels, CRLF line end, as csv_row writes for spreadsheets.
 * Returns 1, or 0 with a message in err.
 */
int
template_csv(const struct form *f, const char *path, int replace,
    struct buf *err)
{
	struct buf b = BUF_INIT, h = BUF_INIT;
	char	**cells;
	size_t	 i;
	int	 rc;

	cells = xcalloc(f->nfields ? f->nfields : 1, sizeof(*cells));
	for (i = 0; i < f->nfields; i++) {
		header(&h, &f->fields[i]);
		cells[i] = buf_detach(&h);
	}
	buf_puts(&b, CSV_BOM);
	csv_row(&b, (const char *const *)cells, f->nfields, CSV_SHEET);
	rc = util_write_file(path, b.ptr, b.len, 0666, replace, err);
	for (i = 0; i < f->nfields; i++)
		free(cells[i]);
	free(cells);
	buf_free(&b);
	buf_free(&h);
	return rc;
}
