/*
 * xlsx: reading one sheet of a workbook.  Every part is decompressed in
 * chunks straight into expat, so nothing is held whole but the shared
 * strings and the table; the caps of xlsx.h are counted on the bytes that
 * come out of the decompressor.  Element and attribute names are compared
 * on their local part (after ':'), since some writers use prefixes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <expat.h>
#include <zip.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/errs.h"
#include "forms/table.h"
#include "lib/util.h"
#include "forms/xlsx.h"
#include "lib/utf8.h"
#include "forms/xlsx_impl.h"

static const char fill_name[] = "填报";


/*
 * Puts the message "PATH[:LINE]: fmt..." in c->err (the first one only:
 * later failures are consequences), marks c failed and stops the parser.
 */
void
xlsx_fail(struct xctx *c, int line, const char *fmt, ...)
{
	va_list	 ap;

	if (c->failed)
		return;
	c->failed = 1;
	va_start(ap, fmt);
	errs_vadd(c->err, NULL, c->path, line, fmt, ap);
	va_end(ap);
	if (c->xp != NULL)
		XML_StopParser(c->xp, XML_FALSE);
}

/* The file is damaged; fmt (or NULL) says how, for whoever helps the user. */
void
xlsx_corrupt(struct xctx *c, const char *fmt, ...)
{
	struct buf	 why = BUF_INIT;
	va_list		 ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		buf_vprintf(&why, fmt, ap);
		va_end(ap);
	}
	xlsx_fail(c, 0, "不是有效的 Excel 文件（.xlsx）：请用 Excel 或 WPS 打开后"
	    "“另存为” .xlsx 工作簿%s%s%s", why.len ? "（" : "", why.ptr,
	    why.len ? "）" : "");
	buf_free(&why);
}

/* Fails c: a cap on decompressed bytes or cell text was reached. */
void
xlsx_too_big(struct xctx *c)
{
	xlsx_fail(c, 0, "文件内容异常（解压后过大），不像是 Excel 保存的工作簿");
}

static void
encrypted(struct xctx *c)
{
	xlsx_fail(c, 0, "这个工作簿设置了打开密码（已加密），无法读取：请在 Excel "
	    "或 WPS 里去掉密码（“文件” → “信息” → “保护工作簿” → “用密码进行"
	    "加密”，清空密码），再保存为 .xlsx 工作簿");
}

/*
 * Writes s into out for a message: at most SHOWN bytes, cut at a
 * character boundary, with "…" when cut.  Returns out->ptr.
 */
const char *
xlsx_shown(struct buf *out, const char *s)
{
	size_t	 n = strlen(s);

	buf_clear(out);
	if (n <= SHOWN) {
		buf_put(out, s, n);
		return out->ptr;
	}
	n = utf8_clip(s, SHOWN);
	buf_put(out, s, n);
	buf_puts(out, "…");
	return out->ptr;
}

/* The local part of an XML name: "x:c" -> "c". */
const char *
xlsx_local(const char *name)
{
	const char	*s = strrchr(name, ':');

	return s != NULL ? s + 1 : name;
}

/* The value of the unprefixed attribute name, or NULL. */
const char *
xlsx_attr(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

int
xlsx_ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The code unit of an "_xHHHH_" escape at s (n bytes left), or -1. */
static long
xescape(const char *s, size_t n)
{
	long	 v = 0;
	int	 i, d;

	if (n < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * Appends s[0..n) to out with the "_xHHHH_" escapes of ECMA-376
 * (ST_Xstring) decoded: "_x000D_" is a carriage return, "_x005F_" an
 * underscore.  A lone surrogate or NUL becomes U+FFFD.
 */
void
xlsx_put_xstring(struct buf *out, const char *s, size_t n)
{
	size_t	 i = 0, j;
	long	 cp, lo;

	while (i < n) {
		for (j = i; j < n && s[j] != '_'; j++)
			continue;
		buf_put(out, s + i, j - i);
		if ((i = j) == n)
			break;
		if ((cp = xescape(s + i, n - i)) < 0) {
			buf_putc(out, '_');
			i++;
			continue;
		}
		i += 7;
		if (cp >= 0xd800 && cp <= 0xdbff &&
		    (lo = xescape(s + i, n - i)) >= 0xdc00 && lo <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 7;
		} else if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		utf8_put(out, (uint32_t)cp);
	}
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	struct xctx	*c = *(struct xctx **)ud;
	struct buf	 b = BUF_INIT;

	xlsx_fail(c, 0, "文件内容异常（%s 里有 DOCTYPE 声明），不像是 Excel 保存的"
	    "工作簿", xlsx_shown(&b, c->part));
	buf_free(&b);
}

static void XMLCALL
on_entity(void *ud, const XML_Char *name, int param, const XML_Char *value,
    int len, const XML_Char *base, const XML_Char *sysid,
    const XML_Char *pubid, const XML_Char *notation)
{
	on_doctype(ud, name, sysid, pubid, 0);
}

/* Reports what libzip said about reading part. */
static void
zip_failed(struct xctx *c, int ze, const char *part)
{
	struct buf	 b = BUF_INIT;

	switch (ze) {
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		encrypted(c);
		break;
	case ZIP_ER_CRC:
		xlsx_corrupt(c, "%s 的校验和不对", xlsx_shown(&b, part));
		break;
	case ZIP_ER_COMPNOTSUPP:
		xlsx_corrupt(c, "%s 的压缩方式不支持", xlsx_shown(&b, part));
		break;
	default:
		xlsx_corrupt(c, "%s 无法解压", xlsx_shown(&b, part));
		break;
	}
	buf_free(&b);
}

zip_int64_t
xlsx_locate(struct xctx *c, const char *name)
{
	return zip_name_locate(c->za, name, ZIP_FL_NOCASE);
}

int
xlsx_parse_part(struct xctx *c, zip_int64_t idx, const char *name, void *ud,
    XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text)
{
	zip_stat_t	 st;
	zip_file_t	*zf = NULL;
	XML_Parser	 p = NULL;
	struct buf	 b = BUF_INIT;
	zip_int64_t	 r;
	size_t		 got = 0, comp = 0, want, n;
	enum XML_Status	 xs;
	void		*into;
	int		 ok = 0;

	c->part = name;
	zip_stat_init(&st);
	if (zip_stat_index(c->za, (zip_uint64_t)idx, 0, &st) == -1) {
		zip_failed(c, zip_error_code_zip(zip_get_error(c->za)), name);
		goto out;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		encrypted(c);
		goto out;
	}
	if (st.valid & ZIP_STAT_COMP_SIZE)
		comp = st.comp_size < c->size ? (size_t)st.comp_size : c->size;
	if ((zf = zip_fopen_index(c->za, (zip_uint64_t)idx, 0)) == NULL) {
		zip_failed(c, zip_error_code_zip(zip_get_error(c->za)), name);
		goto out;
	}
	if ((p = XML_ParserCreate(NULL)) == NULL)
		fatal("out of memory");
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	for (;;) {
		/*
		 * Chunks grow with the part: expat scans an unfinished
		 * token again on every call, so a huge one read in small
		 * chunks would take quadratic time.  No chunk reads far
		 * past a cap.
		 */
		want = got / 4 > CHUNK ? got / 4 : CHUNK;
		if (want > CHUNK_MAX)
			want = CHUNK_MAX;
		if (want > XLSX_MAX_ENTRY + 1 - got)
			want = XLSX_MAX_ENTRY + 1 - got;
		if (want > XLSX_MAX_TOTAL + 1 - c->total)
			want = XLSX_MAX_TOTAL + 1 - c->total;
		if ((into = XML_GetBuffer(p, (int)want)) == NULL)
			fatal("out of memory");
		for (n = 0; n < want; n += (size_t)r) {
			r = zip_fread(zf, (char *)into + n, want - n);
			if (r < 0) {
				zip_failed(c, zip_error_code_zip(
				    zip_file_get_error(zf)), name);
				goto out;
			}
			if (r == 0)
				break;
		}
		got += n;
		c->total += n;
		if (got > XLSX_MAX_ENTRY || c->total > XLSX_MAX_TOTAL ||
		    (got > RATIO_FROM && got / XLSX_MAX_RATIO > comp)) {
			xlsx_too_big(c);
			goto out;
		}
		c->xp = p;
		xs = XML_ParseBuffer(p, (int)n, n < want);
		c->xp = NULL;
		if (xs != XML_STATUS_OK) {
			if (!c->failed)
				xlsx_corrupt(c, "%s 第 %lu 行：XML 格式错误（%s）",
				    xlsx_shown(&b, name),
				    (unsigned long)XML_GetCurrentLineNumber(p),
				    XML_ErrorString(XML_GetErrorCode(p)));
			goto out;
		}
		if (c->failed)
			goto out;
		if (n < want)
			break;
	}
	ok = 1;
out:
	c->xp = NULL;
	c->part = NULL;
	if (p != NULL)
		XML_ParserFree(p);
	if (zf != NULL)
		zip_fclose(zf);
	buf_free(&b);
	return ok;
}

/* ---- the workbook as a whole -------------------------------------- */

static int
is_ods(struct xctx *c)
{
	static const char ods[] =
	    "application/vnd.oasis.opendocument.spreadsheet";
	zip_file_t	*zf;
	zip_int64_t	 idx, r;
	char		 b[sizeof(ods)];

	if ((idx = zip_name_locate(c->za, "mimetype", 0)) < 0 ||
	    (zf = zip_fopen_index(c->za, (zip_uint64_t)idx, 0)) == NULL)
		return 0;
	r = zip_fread(zf, b, sizeof(ods) - 1);
	zip_fclose(zf);
	return r == (zip_int64_t)sizeof(ods) - 1 &&
	    memcmp(b, ods, sizeof(ods) - 1) == 0;
}

/*
 * Picks the sheet to read: a visible "填报", else the first visible one.
 * Returns NULL if there is none; *nhidden counts the hidden worksheets.
 */
static const struct sheet *
pick_sheet(struct xctx *c, const char **part, size_t *nhidden)
{
	const struct sheet *s, *best = NULL;
	const struct rel *r;
	const char	*bestpart = NULL;
	size_t		 i;

	*nhidden = 0;
	for (i = 0; i < c->nsheets; i++) {
		s = &c->sheets[i];
		if (s->rid == NULL || (r = xlsx_rel_by_id(c, s->rid)) == NULL ||
		    !xlsx_ends_with(r->type, "/worksheet"))
			continue;
		if (s->hidden) {
			(*nhidden)++;
			continue;
		}
		if (best == NULL || (strcmp(s->name, fill_name) == 0 &&
		    strcmp(best->name, fill_name) != 0)) {
			best = s;
			bestpart = r->target;
		}
	}
	*part = bestpart;
	return best;
}

/*
 * Reads the workbook of c into t and info: its relationships, the list of
 * sheets, the shared strings, the sheet pick_sheet chooses and the custom
 * properties Shouhu's templates carry.  Returns 1, or 0 with a message.
 */
static int
read_workbook(struct xctx *c, struct table *t, struct xlsx_info *info)
{
	struct sheetp	 sp;
	struct buf	 shown = BUF_INIT;
	const struct sheet *sh;
	const char	*p;
	char		*wbpart = NULL, *custpart = NULL, *sstpart = NULL;
	char		*sheetpart = NULL;
	zip_int64_t	 idx, ne;
	size_t		 i;
	int		 ok = 0;

	memset(&sp, 0, sizeof(sp));
	buf_init(&sp.val);
	buf_init(&sp.tmp);

	if ((ne = zip_get_num_entries(c->za, 0)) < 0 || ne > XLSX_MAX_ENTRIES) {
		xlsx_fail(c, 0, "文件内容异常（压缩包里的文件太多），不像是 Excel 保存"
		    "的工作簿");
		goto out;
	}
	if (!xlsx_read_rels(c, ""))
		goto out;
	p = xlsx_rel_by_type(c, "/officeDocument");
	wbpart = xstrdup(p != NULL ? p : "xl/workbook.xml");
	p = xlsx_rel_by_type(c, "/custom-properties");
	custpart = xstrdup(p != NULL ? p : "docProps/custom.xml");

	if ((idx = xlsx_locate(c, wbpart)) < 0) {
		if (is_ods(c))
			xlsx_fail(c, 0, "这是 OpenDocument 表格（.ods）：请在 WPS 或 "
			    "LibreOffice 里“另存为” → “Excel 工作簿（*.xlsx）”");
		else
			xlsx_corrupt(c, "缺少 %s", xlsx_shown(&shown, wbpart));
		goto out;
	}
	if (!xlsx_read_sheets(c, idx, wbpart) || !xlsx_read_rels(c, wbpart))
		goto out;
	if ((sh = pick_sheet(c, &p, &i)) == NULL) {
		if (i > 0)
			xlsx_fail(c, 0, "工作簿里没有可以读取的工作表（工作表都被隐藏"
			    "了）：请在 Excel 里右键点工作表标签 → “取消隐藏”，"
			    "再保存");
		else
			xlsx_corrupt(c, "工作簿里没有工作表");
		goto out;
	}
	sheetpart = xstrdup(p);
	info->sheet = xstrdup(sh->name);
	info->date1904 = c->date1904;
	p = xlsx_rel_by_type(c, "/sharedStrings");
	sstpart = xstrdup(p != NULL ? p : "xl/sharedStrings.xml");
	if ((idx = xlsx_locate(c, sstpart)) >= 0 &&
	    !xlsx_read_sst(c, idx, sstpart))
		goto out;

	if ((idx = xlsx_locate(c, sheetpart)) < 0) {
		xlsx_corrupt(c, "缺少 %s", xlsx_shown(&shown, sheetpart));
		goto out;
	}
	sp.c = c;
	sp.t = t;
	sp.sheet = info->sheet;
	if (!xlsx_parse_part(c, idx, sheetpart, &sp, xlsx_sheet_start,
	    xlsx_sheet_end, xlsx_sheet_text))
		goto out;

	if ((idx = xlsx_locate(c, custpart)) >= 0 &&
	    !xlsx_read_custom(c, idx, custpart))
		goto out;
	info->form = c->form;
	info->version = c->version;
	info->unit = c->unit;
	c->form = c->version = c->unit = NULL;
	ok = 1;
out:
	for (i = 0; i < sp.cap; i++)
		free(sp.cells[i]);
	free(sp.cells);
	free(sp.kinds);
	buf_free(&sp.val);
	buf_free(&sp.tmp);
	buf_free(&shown);
	free(wbpart);
	free(custpart);
	free(sstpart);
	free(sheetpart);
	return ok;
}

/* Whether the OLE compound file data[0..n) holds an encrypted package. */
static int
ole_encrypted(const unsigned char *data, size_t n)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";

	return memmem(data, n, name, sizeof(name) - 1) != NULL;
}

/*
 * Reads the sheet to fill of the workbook data[0..n) into t (initialised
 * here): the first visible sheet named "填报", else the first visible
 * sheet.  Row numbers are the spreadsheet's.  Fills info (zeroed here;
 * free it with xlsx_info_free).  path names the file in messages.
 * Returns 1, or 0 with a message appended to err, and t and info left
 * empty.
 */
int
xlsx_read_mem(const void *data, size_t n, const char *path, struct table *t,
    struct xlsx_info *info, struct buf *err)
{
	static const char ole_magic[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
	struct xctx	 c;
	zip_source_t	*src;
	zip_error_t	 ze;
	size_t		 i;
	int		 ok = 0;

	table_init(t);
	memset(info, 0, sizeof(*info));
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.err = err;
	c.size = n;
	buf_init(&c.sst);
	if (n >= 8 && memcmp(data, ole_magic, 8) == 0) {
		if (ole_encrypted(data, n))
			encrypted(&c);
		else
			xlsx_fail(&c, 0, "这是旧版 .xls 文件：请在 Excel 里“另存为” → "
			    "“Excel 工作簿（*.xlsx）”");
		return 0;
	}
	zip_error_init(&ze);
	if (n == 0 ||
	    (src = zip_source_buffer_create(data, n, 0, &ze)) == NULL) {
		zip_error_fini(&ze);
		xlsx_corrupt(&c, NULL);
		return 0;
	}
	if ((c.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		xlsx_corrupt(&c, NULL);
		return 0;
	}
	zip_error_fini(&ze);
	ok = read_workbook(&c, t, info);
	zip_discard(c.za);
	xlsx_free_rels(&c);
	for (i = 0; i < c.nsheets; i++) {
		free(c.sheets[i].name);
		free(c.sheets[i].rid);
	}
	free(c.sheets);
	free(c.sstoff);
	buf_free(&c.sst);
	free(c.form);
	free(c.version);
	free(c.unit);
	if (!ok) {
		table_free(t);
		xlsx_info_free(info);
	}
	return ok;
}

/*
 * Reads the workbook file at path as xlsx_read_mem does.  Returns 1, or 0
 * with a message appended to err (a file that cannot be read included).
 */
int
xlsx_read(const char *path, struct table *t, struct xlsx_info *info,
    struct buf *err)
{
	struct buf	 data = BUF_INIT;
	int		 ok;

	table_init(t);
	memset(info, 0, sizeof(*info));
	switch (files_load(&data, path, XLSX_MAX_TOTAL, 0, NULL)) {
	case FILES_GOT:
		break;
	case FILES_TOO_BIG:
		errs_add(err, NULL, path, 0, "文件太大（超过 %zu MB），不像是 Excel "
		    "保存的工作簿", XLSX_MAX_TOTAL >> 20);
		return 0;
	default:
		errs_add(err, NULL, path, 0, "无法读取：%s", util_strerror(errno));
		return 0;
	}
	ok = xlsx_read_mem(data.ptr, data.len, path, t, info, err);
	buf_free(&data);
	return ok;
}

/* Frees what info holds and zeroes it. */
void
xlsx_info_free(struct xlsx_info *info)
{
	free(info->form);
	free(info->version);
	free(info->unit);
	free(info->sheet);
	memset(info, 0, sizeof(*info));
}
