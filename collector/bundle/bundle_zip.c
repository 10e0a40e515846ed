/*
 * bundle_zip: the zip structure of a bundle as the reader sees it: walked
 * byte by byte before libzip is asked anything, every entry's header held
 * to what bundle_write makes, the bytes inflated counted against the caps
 * (see bundle.h and bundle_impl.h).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "bundle/bundle_impl.h"
#include "bundle/deflate.h"
#include "lib/util.h"

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Appends "PATH: kind detail advice" to r->err (see bundle_impl.h). */
int
bundle_zip_fail(struct bundle_reader *r, const char *kind, const char *advice,
    const char *fmt, ...)
{
	va_list	 ap;

	buf_printf(r->err, "%s: %s", r->path, kind);
	va_start(ap, fmt);
	buf_vprintf(r->err, fmt, ap);
	va_end(ap);
	buf_puts(r->err, advice);
	return 0;
}

/* The name of entry e, printable (see bundle_impl.h). */
const char *
bundle_zip_name(struct bundle_reader *r, const struct bundle_entry *e)
{
	size_t	 i;

	buf_clear(&r->nm);
	for (i = 0; i < e->nlen && i < 80; i++) {
		if (e->name[i] >= 0x21 && e->name[i] < 0x7f)
			buf_putc(&r->nm, e->name[i]);
		else
			buf_printf(&r->nm, "\\x%02x", e->name[i]);
	}
	if (e->nlen > 80)
		buf_puts(&r->nm, "…");
	if (e->nlen == 0)
		buf_puts(&r->nm, "（空文件名）");
	return r->nm.ptr;
}

/* Whether the name of entry e is s. */
int
bundle_zip_name_is(const struct bundle_entry *e, const char *s)
{
	return e->nlen == strlen(s) && memcmp(e->name, s, e->nlen) == 0;
}

/* The kind of entry e by its name. */
static enum bundle_entry_kind
name_kind(const struct bundle_entry *e)
{
	const char *s = (const char *)e->name;
	size_t	 n = e->nlen;

	if (bundle_zip_name_is(e, "manifest.json"))
		return ENTRY_MANIFEST;
	if (bundle_zip_name_is(e, "manifest.sig"))
		return ENTRY_SIG;
	if (n < 5 || memcmp(s, "data/", 5) != 0)
		return ENTRY_OTHER;
	s += 5;
	n -= 5;
	if (n > 7 && memcmp(s + n - 7, ".sealed", 7) == 0)
		n -= 7;
	if (n < 4 || memcmp(s + n - 4, ".csv", 4) != 0)
		return ENTRY_OTHER;
	return bundle_form_id_ok(s, n - 4) ? ENTRY_DATA : ENTRY_OTHER;
}

/* Whether an entry of usize bytes stored in csize is a zip bomb's ratio. */
static int
ratio_too_high(uint32_t csize, uint32_t usize)
{
	return usize > RATIO_FROM &&
	    (uint64_t)usize > (uint64_t)csize * BUNDLE_MAX_RATIO;
}

/*
 * Reads the end record of the zip: where its central directory is
 * (r->cd), and how many entries it has (*total: 1 to BUNDLE_MAX_ENTRIES).
 * Returns 1, or 0 after bundle_zip_fail.
 */
static int
read_end(struct bundle_reader *r, unsigned *total)
{
	const unsigned char *q;
	size_t	 end, cdsize;

	if (r->n < END_LEN || le32(r->z + r->n - END_LEN) != SIG_END) {
		if (r->n >= 4 && le32(r->z) == SIG_LOCAL)
			return bundle_zip_fail(r, CORRUPT, RESEND, "zip 文件不完"
			    "整，或末尾有多余的数据");
		return bundle_zip_fail(r, NOT_BUNDLE, PICK, "不是 zip 文件");
	}
	end = r->n - END_LEN;
	q = r->z + end;
	*total = le16(q + 10);
	cdsize = le32(q + 12);
	r->cd = le32(q + 16);
	if (le16(q + 4) != 0 || le16(q + 6) != 0 || le16(q + 8) != *total)
		return bundle_zip_fail(r, CORRUPT, RESEND, "分卷 zip 不受支持");
	if (*total == 0xffff || cdsize == 0xffffffff || r->cd == 0xffffffff)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "使用了 ZIP64 格式");
	if (r->cd > end || cdsize != end - r->cd)
		return bundle_zip_fail(r, CORRUPT, RESEND, "zip 中央目录的位置或"
		    "大小不对");
	if (*total == 0)
		return bundle_zip_fail(r, NOT_BUNDLE, PICK, "缺少 manifest.json"
		    "（zip 是空的）");
	if (*total > BUNDLE_MAX_ENTRIES)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "zip 里有 %u 个条目，"
		    "超过上限 %d 个", *total, BUNDLE_MAX_ENTRIES);
	return 1;
}

/*
 * Reads the total records of the central directory (r->cd up to the end
 * record) into r->e: they must fill it exactly, and use no zip encryption
 * or data descriptors.  Returns 1, or 0 after bundle_zip_fail.
 */
static int
read_central(struct bundle_reader *r, unsigned total)
{
	const unsigned char *q;
	struct bundle_entry *e;
	size_t	 end = r->n - END_LEN, pos;

	r->e = xcalloc(total, sizeof(*r->e));
	for (pos = r->cd; r->ne < total; r->ne++) {
		e = &r->e[r->ne];
		buf_init(&e->content);
		q = r->z + pos;
		if (end - pos < CENTRAL_LEN || le32(q) != SIG_CENTRAL)
			return bundle_zip_fail(r, CORRUPT, RESEND, "zip 中央目录已"
			    "损坏（第 %zu 个条目）", r->ne + 1);
		e->made_by = le16(q + 4);
		e->needed = le16(q + 6);
		e->flags = le16(q + 8);
		e->method = le16(q + 10);
		e->mtime = le16(q + 12);
		e->mdate = le16(q + 14);
		e->crc = le32(q + 16);
		e->csize = le32(q + 20);
		e->usize = le32(q + 24);
		e->nlen = le16(q + 28);
		e->xlen = le16(q + 30);
		e->clen = le16(q + 32);
		e->disk = le16(q + 34);
		e->int_attr = le16(q + 36);
		e->ext_attr = le32(q + 38);
		e->local = le32(q + 42);
		e->name = q + CENTRAL_LEN;
		if (end - pos - CENTRAL_LEN < e->nlen + e->xlen + e->clen)
			return bundle_zip_fail(r, CORRUPT, RESEND, "zip 中央目录已"
			    "损坏（第 %zu 个条目）", r->ne + 1);
		pos += CENTRAL_LEN + e->nlen + e->xlen + e->clen;
		/* these change the layout read_local relies on */
		if ((e->flags & 0x0041) != 0 || e->method == 99)
			return bundle_zip_fail(r, SUSPECT, NOT_OURS, "条目 %s 用 "
			    "zip 密码加密了", bundle_zip_name(r, e));
		if ((e->flags & 0x0008) != 0)
			return bundle_zip_fail(r, SUSPECT, NOT_OURS, "条目 %s 使用"
			    "了数据描述符（shouhu-collect 不会这样写）",
			    bundle_zip_name(r, e));
	}
	if (pos != end)
		return bundle_zip_fail(r, CORRUPT, RESEND, "zip 中央目录后面有多余"
		    "的数据");
	return 1;
}

/*
 * Checks the local header of every entry against its central record; the
 * entries must follow each other from offset 0 to the central directory,
 * so that no two share bytes.  Sets each entry's lxlen and data.  Returns
 * 1, or 0 after bundle_zip_fail.
 */
static int
read_local(struct bundle_reader *r)
{
	const unsigned char *l;
	struct bundle_entry *e;
	size_t	 i, expect = 0;

	for (i = 0; i < r->ne; i++) {
		e = &r->e[i];
		if (e->local >= r->cd || r->cd - e->local < LOCAL_LEN ||
		    le32(r->z + e->local) != SIG_LOCAL)
			return bundle_zip_fail(r, CORRUPT, RESEND, "条目 %s 的本地"
			    "头部已损坏", bundle_zip_name(r, e));
		l = r->z + e->local;
		e->lxlen = le16(l + 28);
		e->data = e->local + LOCAL_LEN + le16(l + 26) + e->lxlen;
		if (le16(l + 4) != e->needed || le16(l + 6) != e->flags ||
		    le16(l + 8) != e->method || le16(l + 10) != e->mtime ||
		    le16(l + 12) != e->mdate || le32(l + 14) != e->crc ||
		    le32(l + 18) != e->csize || le32(l + 22) != e->usize ||
		    le16(l + 26) != e->nlen || e->data > r->cd ||
		    memcmp(l + LOCAL_LEN, e->name, e->nlen) != 0)
			return bundle_zip_fail(r, CORRUPT, RESEND, "条目 %s 的本地"
			    "头部与中央目录不一致", bundle_zip_name(r, e));
		if (e->csize > r->cd - e->data)
			return bundle_zip_fail(r, CORRUPT, RESEND, "条目 %s 的数据"
			    "超出了 zip 的数据区", bundle_zip_name(r, e));
		if (e->local < expect)
			return bundle_zip_fail(r, SUSPECT, NOT_OURS, "条目 %s 与前"
			    "一个条目的数据重叠（zip 炸弹的特征）",
			    bundle_zip_name(r, e));
		if (e->local > expect)
			return bundle_zip_fail(r, CORRUPT, RESEND, "条目 %s 前面有"
			    "不属于任何条目的数据", bundle_zip_name(r, e));
		expect = e->data + e->csize;
	}
	if (expect != r->cd)
		return bundle_zip_fail(r, CORRUPT, RESEND, "最后一个条目与中央目录"
		    "之间有多余的数据");
	return 1;
}

/*
 * Walks the zip's structure with no help from libzip: the end record, the
 * central directory and every local header; no name may come twice (before
 * libzip, which would keep only one of them).  Returns 1, or 0 after
 * bundle_zip_fail.
 */
static int
scan_zip(struct bundle_reader *r)
{
	unsigned total = 0;
	size_t	 i, j;

	if (!read_end(r, &total) || !read_central(r, total) ||
	    !read_local(r))
		return 0;
	for (i = 1; i < r->ne; i++)
		for (j = 0; j < i; j++)
			if (r->e[j].nlen == r->e[i].nlen && memcmp(r->e[j].name,
			    r->e[i].name, r->e[i].nlen) == 0)
				return bundle_zip_fail(r, SUSPECT, NOT_OURS,
				    "文件名 %s 出现了两次",
				    bundle_zip_name(r, &r->e[i]));
	return 1;
}

/*
 * Checks entry i against what libzip reports and the rules: a regular
 * file with an allowed name, not encrypted, stored or deflated, with the
 * header fields shouhu-collect writes, within the size caps (*declared:
 * the sizes declared so far).  Sets its kind.  Returns 1, or 0 after
 * bundle_zip_fail.
 */
static int
check_entry(struct bundle_reader *r, size_t i, size_t *declared)
{
	struct bundle_entry *e = &r->e[i];
	const char	*name;
	zip_stat_t	 st;
	zip_uint8_t	 opsys;
	zip_uint32_t	 attr;
	unsigned	 fmt;
	size_t		 limit;

	name = zip_get_name(r->za, i, ZIP_FL_ENC_RAW);
	if (name == NULL || strlen(name) != e->nlen ||
	    memcmp(name, e->name, e->nlen) != 0 ||
	    zip_stat_index(r->za, i, ZIP_FL_ENC_RAW, &st) != 0 ||
	    zip_file_get_external_attributes(r->za, i, 0, &opsys, &attr) != 0 ||
	    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD)) !=
	    (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
	    ZIP_STAT_ENCRYPTION_METHOD) ||
	    st.size != e->usize || st.comp_size != e->csize ||
	    attr != e->ext_attr || opsys != e->made_by >> 8)
		return bundle_zip_fail(r, CORRUPT, RESEND, "无法读取条目 %s 的"
		    "信息", bundle_zip_name(r, e));
	if (st.encryption_method != ZIP_EM_NONE || (e->flags & 0x0041) != 0)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "条目 %s 用 zip 密码"
		    "加密了", bundle_zip_name(r, e));
	fmt = opsys == ZIP_OPSYS_UNIX ? (attr >> 16) & S_IFMT : 0;
	if ((e->nlen > 0 && e->name[e->nlen - 1] == '/') ||
	    (attr & 0x10) != 0 || fmt == S_IFDIR)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 是目录条目",
		    bundle_zip_name(r, e));
	if (fmt == S_IFLNK)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 是符号链接",
		    bundle_zip_name(r, e));
	if (fmt != 0 && fmt != S_IFREG)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 不是普通文件",
		    bundle_zip_name(r, e));
	if ((e->kind = name_kind(e)) == ENTRY_OTHER)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "不允许的文件名 %s"
		    "（只能有 manifest.json、manifest.sig 和 data/表名.csv）",
		    bundle_zip_name(r, e));
	if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 使用了不支持的"
		    "压缩方式 %u", bundle_zip_name(r, e),
		    (unsigned)st.comp_method);
	if (e->made_by != ZIP_MADE_BY || e->ext_attr != ZIP_ATTR ||
	    e->int_attr != 0 || e->xlen != 0 || e->lxlen != 0 || e->clen != 0 ||
	    e->disk != 0 ||
	    (e->flags & ~ZIP_OK_FLAGS) != 0 ||
	    (e->needed != 10 && e->needed != 20) ||
	    (e->method == ZIP_CM_STORE && (e->flags & 0x0006) != 0))
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "条目 %s 的 zip 头部"
		    "字段与 shouhu-collect 写出的不同", bundle_zip_name(r, e));

	limit = e->kind == ENTRY_MANIFEST ? BUNDLE_MAX_MANIFEST :
	    e->kind == ENTRY_SIG ? SIG_MAX : BUNDLE_MAX_ENTRY;
	if (e->usize > limit)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 解压后有 %lu 字节，"
		    "超过上限 %zu 字节", bundle_zip_name(r, e),
		    (unsigned long)e->usize, limit);
	if (ratio_too_high(e->csize, e->usize))
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 的压缩比超过 %d:1"
		    "（zip 炸弹的特征）", bundle_zip_name(r, e),
		    BUNDLE_MAX_RATIO);
	if (e->method == ZIP_CM_STORE && e->csize != e->usize)
		return bundle_zip_fail(r, CORRUPT, RESEND, "%s 声明的大小与实际"
		    "不符", bundle_zip_name(r, e));
	*declared += e->usize;
	if (*declared > BUNDLE_MAX_TOTAL)
		return bundle_zip_fail(r, SUSPECT, NOT_OURS, "解压后合计超过上限 "
		    "%zu 字节", BUNDLE_MAX_TOTAL);
	return 1;
}

/* Walks, opens and checks the zip (see bundle_impl.h). */
int
bundle_zip_open(struct bundle_reader *r)
{
	zip_error_t	 ze;
	zip_source_t	*src;
	size_t		 i, declared = 0;
	int		 ok = 0;

	assert(r->e == NULL && r->za == NULL);
	zip_error_init(&ze);
	if (!scan_zip(r))
		goto out;
	if ((src = zip_source_buffer_create(r->n ? r->z : (const void *)"",
	    r->n, 0, &ze)) == NULL)
		goto fail;
	if ((r->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zip_source_free(src);
		goto fail;
	}
	if ((size_t)zip_get_num_entries(r->za, 0) != r->ne) {
		bundle_zip_fail(r, CORRUPT, RESEND, "zip 条目数不一致");
		goto out;
	}
	for (i = 0; i < r->ne; i++)
		if (!check_entry(r, i, &declared))
			goto out;
	ok = 1;
	goto out;
fail:
	bundle_zip_fail(r, CORRUPT, RESEND, "zip 结构不一致（%s）",
	    zip_error_strerror(&ze));
out:
	zip_error_fini(&ze);
	return ok;
}

/*
 * Reads entry i into its content, counting the bytes actually inflated:
 * it asks for at most one byte more than the entry declares (a size whose
 * caps check_entry made sure of), so a lying size is caught after a single
 * extra byte and cannot make it read more.  Returns 1, or 0 after
 * bundle_zip_fail.
 */
static int
read_entry(struct bundle_reader *r, size_t i)
{
	struct bundle_entry *e = &r->e[i];
	zip_file_t	*zf;
	zip_int64_t	 got;
	size_t		 n = 0, want;
	int		 code, ok = 0;

	if ((zf = zip_fopen_index(r->za, i, 0)) == NULL)
		return bundle_zip_fail(r, CORRUPT, RESEND, "无法读取 %s（%s）",
		    bundle_zip_name(r, e), zip_strerror(r->za));
	for (;;) {
		want = e->usize - n < CHUNK ? e->usize - n + 1 : CHUNK;
		buf_grow(&e->content, want);
		got = zip_fread(zf, e->content.ptr + e->content.len, want);
		if (got < 0) {
			code = zip_error_code_zip(zip_file_get_error(zf));
			if (code == ZIP_ER_CRC)
				bundle_zip_fail(r, CORRUPT, RESEND, "%s 的 CRC "
				    "校验不符", bundle_zip_name(r, e));
			else if (code == ZIP_ER_INCONS)
				bundle_zip_fail(r, CORRUPT, RESEND, "%s 的实际大小与"
				    "声明的 %lu 字节不符", bundle_zip_name(r, e),
				    (unsigned long)e->usize);
			else
				bundle_zip_fail(r, CORRUPT, RESEND, "%s 无法解压"
				    "（%s）", bundle_zip_name(r, e),
				    zip_file_strerror(zf));
			goto out;
		}
		if (got == 0)
			break;
		e->content.len += (size_t)got;
		e->content.ptr[e->content.len] = '\0';
		n += (size_t)got;
		r->inflated += (size_t)got;
		if (n > e->usize) {
			bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 解压出的数据多于"
			    "声明的 %lu 字节（声明的大小是假的）",
			    bundle_zip_name(r, e), (unsigned long)e->usize);
			goto out;
		}
		if (n > BUNDLE_MAX_ENTRY || r->inflated > BUNDLE_MAX_TOTAL) {
			bundle_zip_fail(r, SUSPECT, NOT_OURS, "%s 解压后超过大小"
			    "上限", bundle_zip_name(r, e));
			goto out;
		}
	}
	if (n != e->usize) {
		bundle_zip_fail(r, CORRUPT, RESEND, "%s 的实际大小与声明的 %lu "
		    "字节不符", bundle_zip_name(r, e), (unsigned long)e->usize);
		goto out;
	}
	if (e->method == ZIP_CM_DEFLATE && !deflate_exact(r->z + e->data,
	    e->csize)) {
		bundle_zip_fail(r, CORRUPT, RESEND, "%s 的压缩数据后面有多余的位或"
		    "字节", bundle_zip_name(r, e));
		goto out;
	}
	ok = 1;
out:
	zip_fclose(zf);
	return ok;
}

/* Reads every entry (see bundle_impl.h). */
int
bundle_zip_read(struct bundle_reader *r)
{
	size_t	 i;

	assert(r->za != NULL);
	for (i = 0; i < r->ne; i++)
		if (!read_entry(r, i))
			return 0;
	return 1;
}

/* Frees what r holds (see bundle_impl.h). */
void
bundle_zip_close(struct bundle_reader *r)
{
	size_t	 i;

	if (r->za != NULL)
		zip_discard(r->za);
	r->za = NULL;
	for (i = 0; i < r->ne; i++)
		buf_free(&r->e[i].content);
	free(r->e);
	r->e = NULL;
	r->ne = 0;
	buf_free(&r->nm);
}

/* Whether entry i of our own zip is compressed too much (see bundle_impl.h). */
int
bundle_zip_too_compressed(const unsigned char *z, size_t n, size_t i)
{
	size_t	 cd, k;

	/* the central directory of our own zip: no comment, no extras */
	assert(n >= END_LEN && le32(z + n - END_LEN) == SIG_END);
	cd = le32(z + n - END_LEN + 16);
	for (k = 0; k < i; k++)
		cd += CENTRAL_LEN + le16(z + cd + 28);
	assert(cd + CENTRAL_LEN <= n && le32(z + cd) == SIG_CENTRAL);
	return ratio_too_high(le32(z + cd + 20), le32(z + cd + 24));
}
