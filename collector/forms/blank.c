#include <assert.h>
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
#include "lib/files.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "forms/table.h"
#include "forms/blank.h"
#include "forms/townlist.h"
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

/*
 * What Excel checks in a column of each type, and what it says when it
 * refuses a value.  A text or list column is checked only if it has a max.
 */
static const struct {
	uint8_t		 validate;	/* enum lxw_validation_types */
	char		*title;
	char		*message;
} column_checks[] = {
	[FT_TEXT] = { LXW_VALIDATION_TYPE_LENGTH, "内容太长",
	    "超过了这一列允许的字数。" },
	[FT_INT] = { LXW_VALIDATION_TYPE_INTEGER, "应当填整数",
	    "这一列填整数，如 3；没有就填 0。" },
	[FT_DECIMAL] = { LXW_VALIDATION_TYPE_DECIMAL, "应当填数字",
	    "这一列填数字，如 1200.50。" },
	[FT_DATE] = { LXW_VALIDATION_TYPE_DATE, "日期格式不对",
	    "请写成 2022-05-09 这样的日期。" },
	[FT_CHOICE] = { LXW_VALIDATION_TYPE_LIST_FORMULA, "请从下拉列表中选择",
	    "这一列只能填下拉列表里的值。" },
	[FT_LIST] = { LXW_VALIDATION_TYPE_LENGTH, "内容太长",
	    "超过了这一列允许的字数。" },
};

/*
 * What Excel says when a town field gets a name not on the county's list:
 * a warning the unit may pass (a new town, or a spelling the office maps),
 * not a refusal.  (Titles: at most 32 characters.)
 */
#define TOWN_TITLE	"不在全县镇街名单里"
#define TOWN_MESSAGE	"填的名称不在全县镇街名单里。请核对写法：名单里有的，" \
			"从下拉列表中选择；确实是名单里没有的镇街，点“是”保留，" \
			"专项办会核对。"

/*
 * Puts the check of field fl on column col of the data sheet ws, rows 2 to
 * BLANK_ROWS + 1, with its label and help shown on each cell; listref is
 * the formula of a choice field's list, or of a town field's list of towns
 * (its check then only warns).  tmp and tmp2 hold the texts until the
 * workbook is closed.
 */
static void
validate(lxw_worksheet *ws, lxw_col_t col, const struct field *fl,
    const char *listref, struct buf *tmp, struct buf *tmp2)
{
	lxw_data_validation dv;
	lxw_datetime lo = { 2000, 1, 1, 0, 0, 0 }, hi = { 2100, 12, 31, 0, 0, 0 };

	assert((size_t)fl->type < sizeof(column_checks) /
	    sizeof(column_checks[0]));
	memset(&dv, 0, sizeof(dv));
	dv.validate = column_checks[fl->type].validate;
	dv.error_type = fl->type == FT_CHOICE ?
	    LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
	dv.error_title = column_checks[fl->type].title;
	dv.error_message = column_checks[fl->type].message;
	if (fl->towns && listref != NULL && *listref != '\0') {
		/* one check a cell: the list replaces the length (check and
		 * the office still count the characters) */
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = (char *)listref;
		dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
		dv.error_title = TOWN_TITLE;
		dv.error_message = TOWN_MESSAGE;
	} else switch (fl->type) {
	case FT_CHOICE:
		dv.value_formula = (char *)listref;
		break;
	case FT_INT:
	case FT_DECIMAL:
		if (fl->max > 0) {
			dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
			dv.minimum_number = fl->min;
			dv.maximum_number = fl->max;
		} else {
			dv.criteria =
			    LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
			dv.value_number = fl->min;
		}
		break;
	case FT_DATE:
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = lo;
		dv.maximum_datetime = hi;
		break;
	case FT_TEXT:
	case FT_LIST:
		if (fl->max <= 0) {
			dv.validate = LXW_VALIDATION_TYPE_NONE;
			break;
		}
		dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
		dv.value_number = fl->max;
		break;
	}
	/* Excel limits: 32 bytes of input title, 255 of message. */
	dv.input_title = (char *)clip(tmp, fl->label, 32);
	if (fl->help != NULL)
		dv.input_message = (char *)clip(tmp2, fl->help, 255);
	if (dv.validate == LXW_VALIDATION_TYPE_NONE)
		return;
	worksheet_data_validation_range(ws, 1, col, BLANK_ROWS, col, &dv);
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

/* The cell formats of a template workbook (the workbook owns them). */
struct formats {
	lxw_format	*head;		/* the header row */
	lxw_format	*text;		/* text columns stay text */
	lxw_format	*wrap;		/* text, wrapped, at the top */
	lxw_format	*date;
	lxw_format	*integer;
	lxw_format	*decimal;
	lxw_format	*bold;
	lxw_format	*title;
};

/* Adds the formats of a template to wb, into *fm. */
static void
add_formats(lxw_workbook *wb, struct formats *fm)
{
	fm->head = workbook_add_format(wb);
	format_set_bold(fm->head);
	format_set_bg_color(fm->head, 0xDDEBF7);
	format_set_border(fm->head, LXW_BORDER_THIN);
	format_set_text_wrap(fm->head);
	format_set_align(fm->head, LXW_ALIGN_VERTICAL_CENTER);
	fm->text = workbook_add_format(wb);
	format_set_num_format(fm->text, "@");
	fm->wrap = workbook_add_format(wb);
	format_set_num_format(fm->wrap, "@");
	format_set_text_wrap(fm->wrap);
	format_set_align(fm->wrap, LXW_ALIGN_VERTICAL_TOP);
	fm->date = workbook_add_format(wb);
	format_set_num_format(fm->date, "yyyy-mm-dd");
	fm->integer = workbook_add_format(wb);
	format_set_num_format(fm->integer, "0");
	fm->decimal = workbook_add_format(wb);
	format_set_num_format(fm->decimal, "0.00");
	fm->bold = workbook_add_format(wb);
	format_set_bold(fm->bold);
	fm->title = workbook_add_format(wb);
	format_set_bold(fm->title);
	format_set_font_size(fm->title, 14);
}

/* The format of a column of field fl. */
static lxw_format *
column_format(const struct formats *fm, const struct field *fl)
{
	switch (fl->type) {
	case FT_DATE:
		return fm->date;
	case FT_INT:
		return fm->integer;
	case FT_DECIMAL:
		return fm->decimal;
	case FT_LIST:
		return fm->wrap;
	default:
		return fm->text;
	}
}

/*
 * Sets the properties of the template of f in wb: title, subject, the
 * creation time (util_now: SOURCE_DATE_EPOCH when set, so the same
 * template is the same bytes), and the custom properties shouhu.form and
 * shouhu.version that check reads back.
 */
static void
set_properties(lxw_workbook *wb, const struct form *f, const char *unit)
{
	lxw_doc_properties props;
	char	 version[16];

	memset(&props, 0, sizeof(props));
	props.title = f->title;
	props.subject = f->id;
	props.comments = "由 shouhu-collect 生成的填报模板";
	props.created = (time_t)util_now();
	workbook_set_properties(wb, &props);
	workbook_set_custom_property_string(wb, "shouhu.form", f->id);
	snprintf(version, sizeof(version), "%d", f->version);
	workbook_set_custom_property_string(wb, "shouhu.version", version);
	if (unit != NULL)
		workbook_set_custom_property_string(wb, "shouhu.unit", unit);
}

/*
 * Fills the data sheet ws: a column for every field of f, with its width,
 * format, header and check; the choices of choice fields go to columns of
 * the hidden sheet lists (a literal list in a check is limited to 255
 * characters), and so do the towns tl (NULL: none) that town fields offer,
 * in the column after the choices.
 */
static void
data_columns(lxw_worksheet *ws, lxw_worksheet *lists, const struct form *f,
    const struct townlist *tl, const struct formats *fm)
{
	const struct field *fl;
	struct buf cell = BUF_INIT, ref = BUF_INIT, t1 = BUF_INIT,
	    t2 = BUF_INIT;
	size_t	 i, j, nlists = 0, townscol;
	char	 letter[8];

	assert(tl == NULL || tl->n > 0);	/* townlist_read saw to it */
	for (i = 0, townscol = 0; i < f->nfields; i++)
		townscol += f->fields[i].type == FT_CHOICE;
	if (tl != NULL)
		for (j = 0; j < tl->n; j++)
			worksheet_write_string(lists, (lxw_row_t)j,
			    (lxw_col_t)townscol, tl->names[j], NULL);
	for (i = 0; i < f->nfields; i++) {
		fl = &f->fields[i];
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
		    column_width(fl), column_format(fm, fl));
		header(&cell, fl);
		worksheet_write_string(ws, 0, (lxw_col_t)i, cell.ptr, fm->head);
		buf_clear(&ref);
		if (fl->type == FT_CHOICE) {
			for (j = 0; j < fl->nchoices; j++)
				worksheet_write_string(lists, (lxw_row_t)j,
				    (lxw_col_t)nlists, fl->choices[j], NULL);
			table_column_name(letter, nlists);
			buf_printf(&ref, "=lists!$%s$1:$%s$%zu", letter, letter,
			    fl->nchoices);
			nlists++;
		} else if (fl->towns && tl != NULL) {
			table_column_name(letter, townscol);
			buf_printf(&ref, "=lists!$%s$1:$%s$%zu", letter, letter,
			    tl->n);
		}
		validate(ws, (lxw_col_t)i, fl, ref.ptr, &t1, &t2);
	}
	buf_free(&cell);
	buf_free(&ref);
	buf_free(&t1);
	buf_free(&t2);
}

/*
 * Adds the sheet "填写说明": how to fill in the form f, then a row for
 * every column of the data sheet (its letter, label, whether it must be
 * filled, type, the values it takes, the field's help).
 */
static void
instructions(lxw_workbook *wb, const struct form *f,
    const struct townlist *tl, const struct formats *fm)
{
	lxw_format *wrap = fm->wrap;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "填写说明");
	struct buf b = BUF_INIT, col = BUF_INIT;
	static const char *heads[] = { "列", "标题", "必填", "类型", "可填的值",
	    "怎么填" };
	lxw_row_t r = 0;
	size_t	 i, lines;
	char	 letter[8];

	buf_printf(&b, "%s（第 %d 版）填写说明", f->title, f->version);
	worksheet_write_string(ws, r++, 0, b.ptr, fm->title);
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
		worksheet_write_string(ws, r, (lxw_col_t)i, heads[i],
		    fm->bold);
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
		if (f->fields[i].towns && tl != NULL)
			buf_printf(&col, "；可从下拉列表选择全县镇街名单里的 "
			    "%zu 个镇街，名单里没有的照实填写", tl->n);
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
blank_xlsx(const struct form *f, const struct townlist *tl, const char *unit,
    const char *path, int replace, struct buf *err)
{
	struct formats fm;
	lxw_workbook *wb;
	lxw_worksheet *ws, *lists;
	struct buf tmp = BUF_INIT;
	int	 rc = 0;

	assert(f != NULL && path != NULL);
	if (!files_may_write(path, replace, err) ||
	    !files_temp(&tmp, path, ".xlsx", err))
		goto out;
	if ((wb = xlsxout_new(tmp.ptr, path, err)) == NULL) {
		unlink(tmp.ptr);
		goto out;
	}
	set_properties(wb, f, unit);
	add_formats(wb, &fm);
	ws = workbook_add_worksheet(wb, "填报");
	worksheet_set_row(ws, 0, 32, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	print_setup(ws);
	instructions(wb, f, tl, &fm);
	lists = workbook_add_worksheet(wb, "lists");
	worksheet_hide(lists);
	worksheet_activate(ws);
	data_columns(ws, lists, f, tl, &fm);
	if (!xlsxout_close(wb, path, err)) {
		unlink(tmp.ptr);
		goto out;
	}
	if (!files_commit(tmp.ptr, path, 0666, replace, err))
		goto out;
	rc = 1;
out:
	buf_free(&tmp);
	return rc;
}

/*
 * Writes the blank CSV template of form f to path: UTF-8 with a byte order
 * mark (so Excel on Chinese Windows shows the Chinese headers), one header
 * row of labels, CRLF line end, as csv_row writes for spreadsheets.
 * Returns 1, or 0 with a message in err.
 */
int
blank_csv(const struct form *f, const char *path, int replace,
    struct buf *err)
{
	struct buf b = BUF_INIT, h = BUF_INIT;
	char	**cells;
	size_t	 i;
	int	 rc;

	assert(f != NULL && path != NULL);
	cells = xcalloc(f->nfields ? f->nfields : 1, sizeof(*cells));
	for (i = 0; i < f->nfields; i++) {
		header(&h, &f->fields[i]);
		cells[i] = buf_detach(&h);
	}
	buf_puts(&b, CSV_BOM);
	csv_row(&b, (const char *const *)cells, f->nfields, CSV_SHEET);
	rc = files_write(path, b.ptr, b.len, 0666, replace, err);
	for (i = 0; i < f->nfields; i++)
		free(cells[i]);
	free(cells);
	buf_free(&b);
	buf_free(&h);
	return rc;
}
