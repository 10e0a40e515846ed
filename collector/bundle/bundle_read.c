/*
 * Reading bundles: the bundle format checked byte by byte before anything
 * in it is trusted (see bundle.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <zip.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "bundle/bundle_impl.h"
#include "bundle/deflate.h"
#include "bundle/keys.h"
#include "lib/util.h"

/* ---- reading ---- */

/* One zip entry as its central directory and local header give it. */
struct zent {
	const unsigned char *name;	/* into the zip; not NUL-terminated */
	size_t		 nlen;
	unsigned	 made_by, needed, flags, method, mtime, mdate;
	unsigned	 xlen, lxlen, clen, disk, int_attr;
	uint32_t	 crc, csize, usize, ext_attr;
	size_t		 local;		/* offset of the local header */
	size_t		 data;		/* offset of the data */
	int		 kind;		/* K_... */
	struct buf	 content;	/* the bytes as read */
	int		 used;		/* named by the manifest */
};

enum { K_MANIFEST, K_SIG, K_DATA };

struct reader {
	const unsigned char *z;
	size_t		 n;
	const char	*path;
	struct zent	*e;
	size_t		 ne;
	size_t		 cd;		/* offset of the central directory */
	struct buf	 nm;		/* a printable entry name */
	struct buf	*err;
};

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

/* Appends "PATH: kind detail advice" to the reader's err; returns 0. */
static int
fail(struct reader *r, const char *kind, const char *advice,
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

/* The name of entry e, printable: other bytes as \xNN, long names cut. */
static const char *
ename(struct reader *r, const struct zent *e)
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

static int
name_is(const struct zent *e, const char *s)
{
	return e->nlen == strlen(s) && memcmp(e->name, s, e->nlen) == 0;
}

/* The kind of an allowed entry name, or -1. */
static int
name_kind(const struct zent *e)
{
	const char *s = (const char *)e->name;
	size_t	 n = e->nlen;

	if (name_is(e, "manifest.json"))
		return K_MANIFEST;
	if (name_is(e, "manifest.sig"))
		return K_SIG;
	if (n < 5 || memcmp(s, "data/", 5) != 0)
		return -1;
	s += 5;
	n -= 5;
	if (n > 7 && memcmp(s + n - 7, ".sealed", 7) == 0)
		n -= 7;
	if (n < 4 || memcmp(s + n - 4, ".csv", 4) != 0)
		return -1;
	return bundle_form_id_ok(s, n - 4) ? K_DATA : -1;
}

/*
 * Walks the zip's structure with no help from libzip: the end record, the
 * central directory and every local header.  The entries must follow each
 * other from offset 0 to the central directory, each local header saying
 * what its central record says, so no two entries share bytes.
 */
static int
scan_zip(struct reader *r)
{
	const unsigned char *z = r->z, *q, *l;
	size_t		 end, cdsize, pos, i, j, expect;
	struct zent	*e;
	unsigned	 total;

	if (r->n < END_LEN || le32(z + r->n - END_LEN) != SIG_END) {
		if (r->n >= 4 && le32(z) == SIG_LOCAL)
			return fail(r, CORRUPT, RESEND, "zip 文件不完整，或末尾"
			    "有多余的数据");
		return fail(r, NOT_BUNDLE, PICK, "不是 zip 文件");
	}
	end = r->n - END_LEN;
	q = z + end;
	total = le16(q + 10);
	cdsize = le32(q + 12);
	r->cd = le32(q + 16);
	if (le16(q + 4) != 0 || le16(q + 6) != 0 || le16(q + 8) != total)
		return fail(r, CORRUPT, RESEND, "分卷 zip 不受支持");
	if (total == 0xffff || cdsize == 0xffffffff || r->cd == 0xffffffff)
		return fail(r, SUSPECT, NOT_OURS, "使用了 ZIP64 格式");
	if (r->cd > end || cdsize != end - r->cd)
		return fail(r, CORRUPT, RESEND, "zip 中央目录的位置或大小不对");
	if (total == 0)
		return fail(r, NOT_BUNDLE, PICK, "缺少 manifest.json（zip 是空"
		    "的）");
	if (total > BUNDLE_MAX_ENTRIES)
		return fail(r, SUSPECT, NOT_OURS, "zip 里有 %u 个条目，超过上限 "
		    "%d 个", total, BUNDLE_MAX_ENTRIES);

	r->e = xcalloc(total, sizeof(*r->e));
	for (pos = r->cd; r->ne < total; r->ne++) {
		e = &r->e[r->ne];
		buf_init(&e->content);
		q = z + pos;
		if (end - pos < CENTRAL_LEN || le32(q) != SIG_CENTRAL)
			return fail(r, CORRUPT, RESEND, "zip 中央目录已损坏（第 "
			    "%zu 个条目）", r->ne + 1);
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
			return fail(r, CORRUPT, RESEND, "zip 中央目录已损坏（第 "
			    "%zu 个条目）", r->ne + 1);
		pos += CENTRAL_LEN + e->nlen + e->xlen + e->clen;
		/* these change the layout the walk below relies on */
		if ((e->flags & 0x0041) != 0 || e->method == 99)
			return fail(r, SUSPECT, NOT_OURS, "条目 %s 用 zip 密码加密"
			    "了", ename(r, e));
		if ((e->flags & 0x0008) != 0)
			return fail(r, SUSPECT, NOT_OURS, "条目 %s 使用了数据描述"
			    "符（shouhu-collect 不会这样写）", ename(r, e));
	}
	if (pos != end)
		return fail(r, CORRUPT, RESEND, "zip 中央目录后面有多余的数据");

	for (expect = 0, i = 0; i < r->ne; i++) {
		e = &r->e[i];
		if (e->local >= r->cd || r->cd - e->local < LOCAL_LEN ||
		    le32(z + e->local) != SIG_LOCAL)
			return fail(r, CORRUPT, RESEND, "条目 %s 的本地头部已损坏",
			    ename(r, e));
		l = z + e->local;
		e->lxlen = le16(l + 28);
		e->data = e->local + LOCAL_LEN + le16(l + 26) + e->lxlen;
		if (le16(l + 4) != e->needed || le16(l + 6) != e->flags ||
		    le16(l + 8) != e->method || le16(l + 10) != e->mtime ||
		    le16(l + 12) != e->mdate || le32(l + 14) != e->crc ||
		    le32(l + 18) != e->csize || le32(l + 22) != e->usize ||
		    le16(l + 26) != e->nlen || e->data > r->cd ||
		    memcmp(l + LOCAL_LEN, e->name, e->nlen) != 0)
			return fail(r, CORRUPT, RESEND, "条目 %s 的本地头部与中央"
			    "目录不一致", ename(r, e));
		if (e->csize > r->cd - e->data)
			return fail(r, CORRUPT, RESEND, "条目 %s 的数据超出了 "
			    "zip 的数据区", ename(r, e));
		if (e->local < expect)
			return fail(r, SUSPECT, NOT_OURS, "条目 %s 与前一个条目"
			    "的数据重叠（zip 炸弹的特征）", ename(r, e));
		if (e->local > expect)
			return fail(r, CORRUPT, RESEND, "条目 %s 前面有不属于任何"
			    "条目的数据", ename(r, e));
		expect = e->data + e->csize;
	}
	if (expect != r->cd)
		return fail(r, CORRUPT, RESEND, "最后一个条目与中央目录之间有多余"
		    "的数据");
	/* before libzip, which would keep only one of them */
	for (i = 1; i < r->ne; i++)
		for (j = 0; j < i; j++)
			if (r->e[j].nlen == r->e[i].nlen && memcmp(r->e[j].name,
			    r->e[i].name, r->e[i].nlen) == 0)
				return fail(r, SUSPECT, NOT_OURS, "文件名 %s 出现了"
				    "两次", ename(r, &r->e[i]));
	return 1;
}

/*
 * Checks one entry against what libzip reports and the rules: a regular
 * file with an allowed name, not encrypted, stored or deflated, with the
 * header fields shouhu-collect writes, within the size caps.
 */
static int
check_entry(struct reader *r, zip_t *za, size_t i, size_t *declared)
{
	struct zent	*e = &r->e[i];
	const char	*name;
	zip_stat_t	 st;
	zip_uint8_t	 opsys;
	zip_uint32_t	 attr;
	unsigned	 fmt;
	size_t		 limit;

	name = zip_get_name(za, i, ZIP_FL_ENC_RAW);
	if (name == NULL || strlen(name) != e->nlen ||
	    memcmp(name, e->name, e->nlen) != 0 ||
	    zip_stat_index(za, i, ZIP_FL_ENC_RAW, &st) != 0 ||
	    zip_file_get_external_attributes(za, i, 0, &opsys, &attr) != 0 ||
	    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
	    ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD)) !=
	    (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
	    ZIP_STAT_ENCRYPTION_METHOD) ||
	    st.size != e->usize || st.comp_size != e->csize ||
	    attr != e->ext_attr || opsys != e->made_by >> 8)
		return fail(r, CORRUPT, RESEND, "无法读取条目 %s 的信息",
		    ename(r, e));
	if (st.encryption_method != ZIP_EM_NONE || (e->flags & 0x0041) != 0)
		return fail(r, SUSPECT, NOT_OURS, "条目 %s 用 zip 密码加密了",
		    ename(r, e));
	fmt = opsys == ZIP_OPSYS_UNIX ? (attr >> 16) & S_IFMT : 0;
	if ((e->nlen > 0 && e->name[e->nlen - 1] == '/') ||
	    (attr & 0x10) != 0 || fmt == S_IFDIR)
		return fail(r, SUSPECT, NOT_OURS, "%s 是目录条目", ename(r, e));
	if (fmt == S_IFLNK)
		return fail(r, SUSPECT, NOT_OURS, "%s 是符号链接", ename(r, e));
	if (fmt != 0 && fmt != S_IFREG)
		return fail(r, SUSPECT, NOT_OURS, "%s 不是普通文件",
		    ename(r, e));
	if ((e->kind = name_kind(e)) < 0)
		return fail(r, SUSPECT, NOT_OURS, "不允许的文件名 %s（只能有 "
		    "manifest.json、manifest.sig 和 data/表名.csv）", ename(r, e));
	if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
		return fail(r, SUSPECT, NOT_OURS, "%s 使用了不支持的压缩方式 "
		    "%u", ename(r, e), (unsigned)st.comp_method);
	if (e->made_by != ZIP_MADE_BY || e->ext_attr != ZIP_ATTR ||
	    e->int_attr != 0 || e->xlen != 0 || e->lxlen != 0 || e->clen != 0 ||
	    e->disk != 0 ||
	    (e->flags & ~ZIP_OK_FLAGS) != 0 ||
	    (e->needed != 10 && e->needed != 20) ||
	    (e->method == ZIP_CM_STORE && (e->flags & 0x0006) != 0))
		return fail(r, SUSPECT, NOT_OURS, "条目 %s 的 zip 头部字段与 "
		    "shouhu-collect 写出的不同", ename(r, e));

	limit = e->kind == K_MANIFEST ? BUNDLE_MAX_MANIFEST :
	    e->kind == K_SIG ? SIG_MAX : BUNDLE_MAX_ENTRY;
	if (e->usize > limit)
		return fail(r, SUSPECT, NOT_OURS, "%s 解压后有 %lu 字节，超过"
		    "上限 %zu 字节", ename(r, e), (unsigned long)e->usize,
		    limit);
	if (e->usize > RATIO_FROM &&
	    (uint64_t)e->usize > (uint64_t)e->csize * BUNDLE_MAX_RATIO)
		return fail(r, SUSPECT, NOT_OURS, "%s 的压缩比超过 %d:1（zip "
		    "炸弹的特征）", ename(r, e), BUNDLE_MAX_RATIO);
	if (e->method == ZIP_CM_STORE && e->csize != e->usize)
		return fail(r, CORRUPT, RESEND, "%s 声明的大小与实际不符",
		    ename(r, e));
	*declared += e->usize;
	if (*declared > BUNDLE_MAX_TOTAL)
		return fail(r, SUSPECT, NOT_OURS, "解压后合计超过上限 %zu 字节",
		    BUNDLE_MAX_TOTAL);
	return 1;
}

/*
 * Reads entry i into its content, counting the bytes actually inflated:
 * it asks for at most one byte more than the entry declares (a size whose
 * caps check_entry made sure of), so a lying size is caught after a single
 * extra byte and cannot make it read more.
 */
static int
read_entry(struct reader *r, zip_t *za, size_t i, size_t *total)
{
	struct zent	*e = &r->e[i];
	zip_file_t	*zf;
	zip_int64_t	 got;
	size_t		 n = 0, want;
	int		 code, ok = 0;

	if ((zf = zip_fopen_index(za, i, 0)) == NULL)
		return fail(r, CORRUPT, RESEND, "无法读取 %s（%s）",
		    ename(r, e), zip_strerror(za));
	for (;;) {
		want = e->usize - n < CHUNK ? e->usize - n + 1 : CHUNK;
		buf_grow(&e->content, want);
		got = zip_fread(zf, e->content.ptr + e->content.len, want);
		if (got < 0) {
			code = zip_error_code_zip(zip_file_get_error(zf));
			if (code == ZIP_ER_CRC)
				fail(r, CORRUPT, RESEND, "%s 的 CRC 校验不符",
				    ename(r, e));
			else if (code == ZIP_ER_INCONS)
				fail(r, CORRUPT, RESEND, "%s 的实际大小与声明的 "
				    "%lu 字节不符", ename(r, e),
				    (unsigned long)e->usize);
			else
				fail(r, CORRUPT, RESEND, "%s 无法解压（%s）",
				    ename(r, e), zip_file_strerror(zf));
			goto out;
		}
		if (got == 0)
			break;
		e->content.len += (size_t)got;
		e->content.ptr[e->content.len] = '\0';
		n += (size_t)got;
		*total += (size_t)got;
		if (n > e->usize) {
			fail(r, SUSPECT, NOT_OURS, "%s 解压出的数据多于声明的 "
			    "%lu 字节（声明的大小是假的）", ename(r, e),
			    (unsigned long)e->usize);
			goto out;
		}
		if (n > BUNDLE_MAX_ENTRY || *total > BUNDLE_MAX_TOTAL) {
			fail(r, SUSPECT, NOT_OURS, "%s 解压后超过大小上限",
			    ename(r, e));
			goto out;
		}
	}
	if (n != e->usize) {
		fail(r, CORRUPT, RESEND, "%s 的实际大小与声明的 %lu 字节不符",
		    ename(r, e), (unsigned long)e->usize);
		goto out;
	}
	if (e->method == ZIP_CM_DEFLATE && !deflate_exact(r->z + e->data,
	    e->csize)) {
		fail(r, CORRUPT, RESEND, "%s 的压缩数据后面有多余的位或字节",
		    ename(r, e));
		goto out;
	}
	ok = 1;
out:
	zip_fclose(zf);
	return ok;
}

/*
 * Whether o is an object with exactly the keys keys (NULL-terminated);
 * where names it in messages ("" for the top level).
 */
static int
jkeys(struct reader *r, const json_t *o, const char *where,
    const char *const *keys)
{
	const char	*k, *pre = *where ? " 中 " : " 的顶层", *post;
	json_t		*v;
	size_t		 i;

	post = *where ? " " : "";
	if (!json_is_object(o))
		return fail(r, CORRUPT, RESEND, "manifest.json%s%s%s应为对象",
		    pre, where, post);
	json_object_foreach((json_t *)o, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return fail(r, CORRUPT, RESEND, "manifest.json%s%s%s有"
			    "未知的字段“%.40s”", pre, where, post, k);
	}
	for (i = 0; keys[i] != NULL; i++)
		if (json_object_get(o, keys[i]) == NULL)
			return fail(r, CORRUPT, RESEND, "manifest.json%s%s%s缺少"
			    "字段“%s”", pre, where, post, keys[i]);
	return 1;
}

/* The string field key of o, checked by ok; NULL after a message. */
static const char *
jstr(struct reader *r, const json_t *o, const char *where, const char *key,
    int (*ok)(const char *))
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;

	if (!json_is_string(v))
		return fail(r, CORRUPT, RESEND, "manifest.json 中 %s%s 应为"
		    "字符串", where, key), NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !ok(s))
		return fail(r, CORRUPT, RESEND, "manifest.json 中 %s%s 的值"
		    "不对", where, key), NULL;
	return s;
}

/* An integer field from lo to hi; -1 after a message. */
static json_int_t
jint(struct reader *r, const json_t *o, const char *where, const char *key,
    json_int_t lo, json_int_t hi)
{
	const json_t	*v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return fail(r, CORRUPT, RESEND, "manifest.json 中 %s%s 应为 "
		    "%lld 到 %lld 的整数", where, key, (long long)lo,
		    (long long)hi), -1;
	return json_integer_value(v);
}

static int
id_ok(const char *s)
{
	return bundle_hex_ok(s, 64);
}

static int
key_id_ok(const char *s)
{
	return bundle_hex_ok(s, 16);
}

static int
code_ok(const char *s)
{
	return bundle_unit_code_ok(s);
}

static int
unit_name_ok(const char *s)
{
	return bundle_text_ok(s, strlen(s), UNIT_NAME_MAX);
}

static int
collector_ok(const char *s)
{
	return bundle_text_ok(s, strlen(s), COLLECTOR_MAX);
}

static int
created_ok(const char *s)
{
	time_t	 t;

	return bundle_created_parse(s, &t);
}

static int
form_ok(const char *s)
{
	return bundle_form_id_ok(s, strlen(s));
}

static int
any_ok(const char *s)
{
	(void)s;
	return 1;
}

static int
alg_ok(const char *s)
{
	return strcmp(s, SEAL_ALG) == 0;
}

/* Parses forms[i] into a new part of b, with its zip entry. */
static int
read_form(struct reader *r, struct bundle *b, const json_t *f, size_t i)
{
	static const char *const keys[] = {
		"form", "version", "file", "rows", "sha256", NULL
	};
	struct bundle_part *p;
	struct zent	*e = NULL;
	char		 where[32], want[FORM_MAX + 20], h[65];
	const char	*form, *file, *sum;
	json_int_t	 version, rows;
	size_t		 j;

	snprintf(where, sizeof(where), "forms[%zu]", i);
	if (!jkeys(r, f, where, keys))
		return 0;
	snprintf(where, sizeof(where), "forms[%zu].", i);
	if ((form = jstr(r, f, where, "form", form_ok)) == NULL ||
	    (version = jint(r, f, where, "version", 1, INT_MAX)) < 0 ||
	    (file = jstr(r, f, where, "file", any_ok)) == NULL ||
	    (rows = jint(r, f, where, "rows", 0,
	    (json_int_t)BUNDLE_MAX_ENTRY)) < 0 ||
	    (sum = jstr(r, f, where, "sha256", id_ok)) == NULL)
		return 0;
	for (j = 0; j < b->nparts; j++)
		if (strcmp(b->parts[j].form, form) == 0)
			return fail(r, CORRUPT, RESEND, "manifest.json 中表 %s "
			    "出现了两次", form);
	snprintf(want, sizeof(want), "data/%s.csv%s", form,
	    b->sealed ? ".sealed" : "");
	if (strcmp(file, want) != 0)
		return fail(r, CORRUPT, RESEND, "manifest.json 中 %sfile 应为 "
		    "%s", where, want);
	for (j = 0; j < r->ne; j++)
		if (name_is(&r->e[j], want))
			e = &r->e[j];
	if (e == NULL)
		return fail(r, CORRUPT, RESEND, "manifest.json 列出的 %s 不在"
		    "数据包里", want);
	key_sha256_hex(h, e->content.ptr, e->content.len);
	if (strcmp(h, sum) != 0)
		return fail(r, CORRUPT, RESEND, "%s 的校验值不符", want);
	if (b->sealed && e->content.len < crypto_box_SEALBYTES)
		return fail(r, CORRUPT, RESEND, "%s 太短，不是有效的密文", want);
	e->used = 1;
	p = bundle_part_new(b);
	p->form = xstrdup(form);
	p->version = (int)version;
	p->file = xstrdup(want);
	p->rows = (size_t)rows;
	memcpy(p->sha256, h, sizeof(p->sha256));
	if (b->sealed)
		p->sealed = e->content;
	else {
		p->csv = e->content;
		p->plain = 1;
	}
	buf_init(&e->content);
	return 1;
}

/* Parses manifest.json (already in b->manifest) and matches the parts. */
static int
read_manifest(struct reader *r, struct bundle *b)
{
	static const char *const top[] = {
		"format", "bundle_id", "unit", "period", "created",
		"collector", "forms", "encryption", NULL
	};
	static const char *const unitkeys[] = { "code", "name", NULL };
	static const char *const enckeys[] = { "alg", "to", NULL };
	json_error_t	 je;
	json_t		*root, *v, *forms, *enc;
	const char	*s;
	char		 id[65];
	size_t		 i;
	int		 ok = 0;

	root = json_loadb(b->manifest.ptr, b->manifest.len,
	    JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		if (json_error_code(&je) == json_error_duplicate_key)
			return fail(r, CORRUPT, RESEND, "manifest.json 第 %d 行"
			    "有重复的字段", je.line);
		return fail(r, CORRUPT, RESEND, "manifest.json 不是有效的 "
		    "JSON（第 %d 行第 %d 列）", je.line, je.column);
	}
	v = json_object_get(root, "format");
	if (!json_is_object(root) || !json_is_string(v)) {
		fail(r, NOT_BUNDLE, PICK, "manifest.json 中没有 format");
		goto out;
	}
	s = json_string_value(v);
	if (strcmp(s, BUNDLE_FORMAT) != 0) {
		if (strncmp(s, "shouhu-bundle/", 14) == 0)
			fail(r, NOT_BUNDLE, "；请升级 shouhu 后再试", "格式 "
			    "%.40s 不是这个版本认识的 %s", s, BUNDLE_FORMAT);
		else
			fail(r, NOT_BUNDLE, PICK, "manifest.json 的 format 不是 "
			    "%s", BUNDLE_FORMAT);
		goto out;
	}
	if (!jkeys(r, root, "", top) ||
	    (s = jstr(r, root, "", "bundle_id", id_ok)) == NULL)
		goto out;
	memcpy(b->id, s, sizeof(b->id));
	v = json_object_get(root, "unit");
	if (!jkeys(r, v, "unit", unitkeys) ||
	    (s = jstr(r, v, "unit.", "code", code_ok)) == NULL)
		goto out;
	b->unit_code = xstrdup(s);
	if ((s = jstr(r, v, "unit.", "name", unit_name_ok)) == NULL)
		goto out;
	b->unit_name = xstrdup(s);
	if ((s = jstr(r, root, "", "period", bundle_period_ok)) == NULL)
		goto out;
	b->period = xstrdup(s);
	if ((s = jstr(r, root, "", "created", created_ok)) == NULL)
		goto out;
	b->created = xstrdup(s);
	if ((s = jstr(r, root, "", "collector", collector_ok)) == NULL)
		goto out;
	b->collector = xstrdup(s);
	enc = json_object_get(root, "encryption");
	if (!json_is_null(enc)) {
		if (!jkeys(r, enc, "encryption", enckeys) ||
		    jstr(r, enc, "encryption.", "alg", alg_ok) == NULL ||
		    (s = jstr(r, enc, "encryption.", "to", key_id_ok)) == NULL)
			goto out;
		b->sealed = 1;
		b->sealed_to = xstrdup(s);
	}
	forms = json_object_get(root, "forms");
	if (!json_is_array(forms) || json_array_size(forms) == 0 ||
	    json_array_size(forms) > BUNDLE_MAX_ENTRIES - 2) {
		fail(r, CORRUPT, RESEND, "manifest.json 中 forms 应为 1 到 %d "
		    "个表的列表", BUNDLE_MAX_ENTRIES - 2);
		goto out;
	}
	for (i = 0; i < json_array_size(forms); i++)
		if (!read_form(r, b, json_array_get(forms, i), i))
			goto out;
	for (i = 0; i < r->ne; i++)
		if (r->e[i].kind == K_DATA && !r->e[i].used) {
			fail(r, SUSPECT, NOT_OURS, "多余的文件 %s（manifest.json "
			    "中没有列出）", ename(r, &r->e[i]));
			goto out;
		}
	qsort(b->parts, b->nparts, sizeof(*b->parts), bundle_cmp_part);
	if (!b->sealed) {
		bundle_compute_id(b, id);
		if (strcmp(id, b->id) != 0) {
			fail(r, CORRUPT, RESEND, "bundle_id 与数据的内容不符");
			goto out;
		}
	}
	ok = 1;
out:
	json_decref(root);
	return ok;
}

/* Decodes manifest.sig: base64 of 64 bytes, then at most a newline. */
static int
read_sig(struct reader *r, const struct buf *s, unsigned char *sig)
{
	size_t		 n = s->len, got;
	const char	*end;

	if (n > 0 && s->ptr[n - 1] == '\n')
		n--;
	if (n > 0 && s->ptr[n - 1] == '\r')
		n--;
	if (n != SIG_B64 || sodium_base642bin(sig, 64, s->ptr, n, NULL, &got,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != s->ptr + n || got != 64)
		return fail(r, CORRUPT, RESEND, "manifest.sig 不是有效的签名");
	return 1;
}

/*
 * Reads the bundle data[0..n) into b (whose previous contents are not
 * freed: pass a fresh or freed bundle); path names it in messages.  Checks
 * everything a bundle can be checked for without keys: zip hygiene (see
 * bundle.h), the manifest, every sha256, and for a plain bundle its id.
 * The signature is not checked: call bundle_verify_sig with the unit's
 * key.  Sealed parts keep their sealed bytes (part->sealed) until
 * bundle_open_sealed.  Nothing is written anywhere.  Returns 1 (the caller
 * frees b with bundle_free), or 0 with a message in err (b is then empty).
 */
int
bundle_read_mem(const void *data, size_t n, const char *path,
    struct bundle *b, struct buf *err)
{
	struct reader	 r;
	zip_error_t	 ze;
	zip_source_t	*src = NULL;
	zip_t		*za = NULL;
	struct zent	*man = NULL, *sig = NULL;
	size_t		 i, declared = 0, total = 0;
	int		 ok = 0;

	bundle_init(b);
	memset(&r, 0, sizeof(r));
	r.z = data;
	r.n = n;
	r.path = path;
	r.err = err;
	buf_init(&r.nm);
	zip_error_init(&ze);
	if (!key_crypto_init(err))
		goto out;
	if (n > BUNDLE_MAX_FILE) {
		fail(&r, SUSPECT, NOT_OURS, "文件有 %zu 字节，超过上限 %zu 字节",
		    n, BUNDLE_MAX_FILE);
		goto out;
	}
	if (!scan_zip(&r))
		goto out;
	if ((src = zip_source_buffer_create(n ? data : "", n, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		fail(&r, CORRUPT, RESEND, "zip 结构不一致（%s）",
		    zip_error_strerror(&ze));
		goto out;
	}
	src = NULL;
	if ((size_t)zip_get_num_entries(za, 0) != r.ne) {
		fail(&r, CORRUPT, RESEND, "zip 条目数不一致");
		goto out;
	}
	for (i = 0; i < r.ne; i++)
		if (!check_entry(&r, za, i, &declared))
			goto out;
	for (i = 0; i < r.ne; i++) {
		if (r.e[i].kind == K_MANIFEST)
			man = &r.e[i];
		else if (r.e[i].kind == K_SIG)
			sig = &r.e[i];
	}
	if (man == NULL) {
		fail(&r, NOT_BUNDLE, PICK, "缺少 manifest.json");
		goto out;
	}
	if (sig == NULL) {
		fail(&r, CORRUPT, RESEND, "缺少 manifest.sig（没有签名）");
		goto out;
	}
	for (i = 0; i < r.ne; i++)
		if (!read_entry(&r, za, i, &total))
			goto out;
	if (!read_sig(&r, &sig->content, b->sig))
		goto out;
	b->manifest = man->content;
	buf_init(&man->content);
	ok = read_manifest(&r, b);
out:
	if (za != NULL)
		zip_discard(za);
	if (src != NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	for (i = 0; i < r.ne; i++)
		buf_free(&r.e[i].content);
	free(r.e);
	buf_free(&r.nm);
	if (!ok)
		bundle_free(b);
	b->inflated = total;
	return ok;
}

/*
 * Reads the whole file path into data (replacing what it held): a regular
 * file of at most BUNDLE_MAX_FILE bytes, counted as read.  Nothing in it is
 * checked.  Returns 1, or 0 with "path: message" in err (data then empty).
 */
int
bundle_load(const char *path, struct buf *data, struct buf *err)
{
	struct stat	 st;
	ssize_t		 r;
	int		 fd, ok = 0;

	buf_clear(data);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		buf_printf(err, "%s: 无法打开：%s", path, util_strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		buf_printf(err, "%s: " NOT_BUNDLE "不是普通文件" PICK, path);
		goto out;
	}
	if ((uintmax_t)st.st_size > BUNDLE_MAX_FILE) {
		buf_printf(err, "%s: " SUSPECT "文件有 %jd 字节，超过上限 %zu "
		    "字节" NOT_OURS, path, (intmax_t)st.st_size,
		    BUNDLE_MAX_FILE);
		goto out;
	}
	buf_grow(data, (size_t)st.st_size + 1);
	for (;;) {
		r = read(fd, data->ptr + data->len, data->cap - data->len - 1);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			buf_printf(err, "%s: 无法读取：%s", path,
			    util_strerror(errno));
			goto out;
		}
		data->len += (size_t)r;
		data->ptr[data->len] = '\0';
		if (data->len > BUNDLE_MAX_FILE) {
			buf_printf(err, "%s: " SUSPECT "文件超过上限 %zu 字节"
			    NOT_OURS, path, BUNDLE_MAX_FILE);
			goto out;
		}
		buf_grow(data, CHUNK);
	}
	ok = 1;
out:
	if (!ok)
		buf_clear(data);
	close(fd);
	return ok;
}

/*
 * Reads the bundle file path into b, like bundle_read_mem.  Returns 1 (the
 * caller frees b with bundle_free), or 0 with a message in err (b empty).
 */
int
bundle_read(const char *path, struct bundle *b, struct buf *err)
{
	struct buf	 data = BUF_INIT;
	int		 ok;

	bundle_init(b);
	ok = bundle_load(path, &data, err) &&
	    bundle_read_mem(data.ptr, data.len, path, b, err);
	buf_free(&data);
	return ok;
}

/*
 * Checks the signature of b's manifest (as read or written) against the
 * public key of unitkey.  Returns 1 if it is the unit's, or 0 with a
 * message in err.
 */
int
bundle_verify_sig(const struct bundle *b, const struct key *unitkey,
    struct buf *err)
{
	if (!key_crypto_init(err))
		return 0;
	if (b->manifest.len == 0 || crypto_sign_verify_detached(b->sig,
	    (const unsigned char *)b->manifest.ptr, b->manifest.len,
	    unitkey->pk) != 0) {
		buf_printf(err, "签名无效：这个数据包不是由该单位的密钥签名的，"
		    "或在传送中被改动");
		return 0;
	}
	return 1;
}

/*
 * Decrypts the sealed parts of b with officekey (which must have its
 * secret key) into part->csv, setting part->plain, and checks the bundle
 * id against the plain contents.  A bundle that is not sealed is left
 * alone.  Returns 1, or 0 with a message in err (every sealed part is then
 * as before: not plain, csv empty).
 */
int
bundle_open_sealed(struct bundle *b, const struct key *officekey,
    struct buf *err)
{
	unsigned char	 xpk[crypto_box_PUBLICKEYBYTES];
	unsigned char	 xsk[crypto_box_SECRETKEYBYTES];
	struct bundle_part *p;
	char		 id[65];
	size_t		 i;
	int		 ok = 0;

	if (!b->sealed)
		return 1;
	if (!key_crypto_init(err))
		return 0;
	if (officekey == NULL || !officekey->has_sk) {
		buf_printf(err, "无法解密：需要专项办的私钥（.key 文件），公钥"
		    "不能解密");
		return 0;
	}
	if (b->sealed_to == NULL || strcmp(b->sealed_to, officekey->id) != 0) {
		buf_printf(err, "无法解密：这个数据包是加密给另一个专项办密钥的"
		    "（%s），不是这把密钥（%s）", b->sealed_to ? b->sealed_to :
		    "", officekey->id);
		return 0;
	}
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, officekey->pk) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(xsk, officekey->sk) != 0) {
		buf_printf(err, "无法解密：专项办密钥无效");
		goto out;
	}
	for (i = 0; i < b->nparts; i++) {
		p = &b->parts[i];
		if (p->plain)
			continue;
		if (p->sealed.len < crypto_box_SEALBYTES) {
			buf_printf(err, "无法解密：%s 太短，不是有效的密文",
			    p->file);
			goto out;
		}
		buf_clear(&p->csv);
		buf_grow(&p->csv, p->sealed.len - crypto_box_SEALBYTES);
		if (crypto_box_seal_open((unsigned char *)p->csv.ptr,
		    (const unsigned char *)p->sealed.ptr, p->sealed.len, xpk,
		    xsk) != 0) {
			buf_printf(err, "无法解密：%s 不是加密给这把专项办密钥"
			    "的，或已损坏", p->file);
			goto out;
		}
		p->csv.len = p->sealed.len - crypto_box_SEALBYTES;
		p->csv.ptr[p->csv.len] = '\0';
		p->plain = 1;
	}
	bundle_compute_id(b, id);
	if (strcmp(id, b->id) != 0) {
		buf_printf(err, "数据包已损坏或被改动：bundle_id 与解密后的内容"
		    "不符；请让报送单位重新打包发送");
		goto out;
	}
	ok = 1;
out:
	sodium_memzero(xsk, sizeof(xsk));
	if (!ok)
		for (i = 0; i < b->nparts; i++) {
			buf_free(&b->parts[i].csv);
			b->parts[i].plain = 0;
		}
	return ok;
}
