/*
 * filled: reading a filled form file (filled.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "forms/check.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "cmd/filled.h"

/* An OLE file larger than this is not read whole to look for encryption. */
#define OLE_SCAN_MAX	((size_t)256 << 20)

/* The stream an encrypted .xlsx keeps its package in, as an OLE
 * directory names it (UTF-16LE). */
static const char encrypted[] =
    "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

enum sniffed { S_OTHER, S_ZIP, S_OLE };

/* The kind of the file path by its first bytes; S_OTHER if unreadable. */
static enum sniffed
sniff(const char *path)
{
	unsigned char m[4] = { 0, 0, 0, 0 };
	FILE	*fp;
	enum sniffed kind = S_OTHER;

	if ((fp = fopen(path, "rb")) == NULL)
		return S_OTHER;
	if (fread(m, 1, sizeof(m), fp) == sizeof(m)) {
		if (m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4)
			kind = S_ZIP;
		else if (m[0] == 0xD0 && m[1] == 0xCF && m[2] == 0x11 &&
		    m[3] == 0xE0)
			kind = S_OLE;
	}
	fclose(fp);
	return kind;
}

/* Whether the OLE file path is an encrypted OOXML workbook (Excel and WPS
 * save a workbook with an open password as an OLE file holding the
 * stream "EncryptedPackage"). */
static int
ole_encrypted(const char *path)
{
	struct buf b = BUF_INIT;
	int	 yes = 0;

	if (files_load(&b, path, OLE_SCAN_MAX, FILES_REGULAR, NULL) ==
	    FILES_GOT)
		yes = memmem(b.ptr, b.len, encrypted, sizeof(encrypted) - 1) !=
		    NULL;
	buf_free(&b);
	return yes;
}

int
filled_read(struct filled *fl, const char *path, struct buf *err)
{
	memset(fl, 0, sizeof(*fl));
	table_init(&fl->t);
	switch (sniff(path)) {
	case S_ZIP:
		fl->kind = FILLED_XLSX;
		return xlsx_read(path, &fl->t, &fl->info, err);
	case S_OLE:
		if (ole_encrypted(path))
			buf_printf(err, "%s: 这个表格设了打开密码，程序打不开："
			    "请在 Excel 或 WPS 里打开它，去掉密码（文件 → 信息 → "
			    "保护工作簿 → 用密码进行加密，清空密码）后保存，再试",
			    path);
		else
			buf_printf(err, "%s: 这是旧版 .xls 文件：请在 Excel 里"
			    "“另存为” → “Excel 工作簿（*.xlsx）”", path);
		return 0;
	case S_OTHER:
		break;
	}
	fl->kind = FILLED_CSV;
	return csv_read(path, &fl->t, &fl->enc, err);
}

void
filled_free(struct filled *fl)
{
	table_free(&fl->t);
	xlsx_info_free(&fl->info);
	memset(fl, 0, sizeof(*fl));
}

void
filled_csv(struct buf *b, const struct form *f, const struct checked *ck)
{
	const char **cells;
	size_t	 i;

	cells = xcalloc(f->nfields, sizeof(*cells));
	for (i = 0; i < f->nfields; i++)
		cells[i] = f->fields[i].name;
	csv_row(b, cells, f->nfields, 0);
	for (i = 0; i < ck->nrows; i++)
		csv_row(b, (const char *const *)ck->rows[i], f->nfields, 0);
	free(cells);
}
