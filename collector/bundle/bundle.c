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


/* Whether s (n bytes) is a form id: [a-z0-9_], 1 to FORM_MAX bytes. */
int
bundle_form_id_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > FORM_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Whether s is a unit code: [A-Za-z0-9_-], 1 to CODE_MAX bytes. */
int
bundle_unit_code_ok(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > CODE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* Whether s[0..n) are ASCII digits making a number from lo to hi. */
static int
digits(const char *s, size_t n, int lo, int hi)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/* The shape of a period, "2022-W21" or "2022-05"; period.c knows more. */
int
bundle_period_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (!digits(s, 4, 1, 9999) || s[4] != '-')
		return 0;
	if (n == 8 && s[5] == 'W')
		return digits(s + 6, 2, 1, 53);
	return n == 7 && digits(s + 5, 2, 1, 12);
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (a real date) into *t.  Returns 1, or 0. */
int
bundle_created_parse(const char *s, time_t *t)
{
	struct tm	 tm, back;

	if (strlen(s) != 20 || !digits(s, 4, 1970, 9999) || s[4] != '-' ||
	    !digits(s + 5, 2, 1, 12) || s[7] != '-' ||
	    !digits(s + 8, 2, 1, 31) || s[10] != 'T' ||
	    !digits(s + 11, 2, 0, 23) || s[13] != ':' ||
	    !digits(s + 14, 2, 0, 59) || s[16] != ':' ||
	    !digits(s + 17, 2, 0, 59) || s[19] != 'Z')
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = atoi(s + 11);
	tm.tm_min = atoi(s + 14);
	tm.tm_sec = atoi(s + 17);
	*t = timegm(&tm);
	/* timegm makes 02-31 into 03-03: such a date does not come back */
	return *t != (time_t)-1 && gmtime_r(t, &back) != NULL &&
	    back.tm_mday == atoi(s + 8) && back.tm_mon == atoi(s + 5) - 1;
}

/* Whether UTF-8 text s (n bytes) has no control characters. */
int
bundle_text_ok(const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		/* C1 controls, U+0080..U+009F */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* Whether s is exactly n lower-case hex digits. */
int
bundle_hex_ok(const char *s, size_t n)
{
	size_t	 i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
part_free(struct bundle_part *p)
{
	free(p->form);
	free(p->file);
	buf_free(&p->csv);
	buf_free(&p->sealed);
}

/* Makes b an empty bundle.  Does not free anything b held before. */
void
bundle_init(struct bundle *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->manifest);
}

/* Frees everything b holds and leaves it empty (bundle_init). */
void
bundle_free(struct bundle *b)
{
	size_t	 i;

	for (i = 0; i < b->nparts; i++)
		part_free(&b->parts[i]);
	free(b->parts);
	free(b->unit_code);
	free(b->unit_name);
	free(b->period);
	free(b->created);
	free(b->collector);
	free(b->sealed_to);
	buf_free(&b->manifest);
	bundle_init(b);
}

/* Appends a zeroed part to b and returns it (owned by b). */
struct bundle_part *
bundle_part_new(struct bundle *b)
{
	struct bundle_part *p;

	b->parts = xreallocarray(b->parts, b->nparts + 1, sizeof(*b->parts));
	p = &b->parts[b->nparts++];
	memset(p, 0, sizeof(*p));
	buf_init(&p->csv);
	buf_init(&p->sealed);
	return p;
}

/*
 * Adds to b the form form (id [a-z0-9_]{1,64}) of version version (>= 1)
 * with rows data rows, as the plain CSV csv[0..len), which is copied.
 * Returns 1, or 0 if the id or version is unusable, the CSV is larger than
 * BUNDLE_MAX_ENTRY or b already has this form.
 */
int
bundle_add(struct bundle *b, const char *form, int version, const char *csv,
    size_t len, size_t rows)
{
	struct bundle_part *p;
	size_t	 i;

	if (form == NULL || !bundle_form_id_ok(form, strlen(form)) || version < 1 ||
	    len > BUNDLE_MAX_ENTRY || b->nparts >= BUNDLE_MAX_ENTRIES - 2)
		return 0;
	for (i = 0; i < b->nparts; i++)
		if (strcmp(b->parts[i].form, form) == 0)
			return 0;
	p = bundle_part_new(b);
	p->form = xstrdup(form);
	p->version = version;
	p->rows = rows;
	buf_set(&p->csv, csv, len);
	p->plain = 1;
	return 1;
}

/* qsort order of parts: by form id. */
int
bundle_cmp_part(const void *a, const void *b)
{
	return strcmp(((const struct bundle_part *)a)->form,
	    ((const struct bundle_part *)b)->form);
}

/* The bundle id of b, whose parts are all plain, into id. */
void
bundle_compute_id(struct bundle *b, char id[65])
{
	struct buf	 s = BUF_INIT;
	char		 h[65];
	size_t		 i;

	qsort(b->parts, b->nparts, sizeof(*b->parts), bundle_cmp_part);
	buf_printf(&s, "%s\n%s\n%s\n", BUNDLE_FORMAT, b->unit_code, b->period);
	for (i = 0; i < b->nparts; i++) {
		key_sha256_hex(h, b->parts[i].csv.ptr, b->parts[i].csv.len);
		buf_printf(&s, "%s\n%d\n%s\n", b->parts[i].form,
		    b->parts[i].version, h);
	}
	key_sha256_hex(id, s.ptr, s.len);
	buf_free(&s);
}

/* ---- writing ---- */

/* Sets key of o to the string s; 0 if s is not UTF-8. */
static int
set_str(json_t *o, const char *key, const char *s)
{
	return json_object_set_new(o, key, json_string(s)) == 0;
}

/*
 * The manifest of b, as JSON text with a final newline, into out.  The
 * keys are in a fixed order.  Returns 1, or 0 if a string is not UTF-8.
 */
static int
manifest_json(const struct bundle *b, struct buf *out)
{
	json_t	*root, *unit, *forms, *f, *enc;
	char	*s = NULL;
	size_t	 i;
	int	 ok;

	root = json_object();
	unit = json_object();
	forms = json_array();
	ok = set_str(root, "format", BUNDLE_FORMAT) &&
	    set_str(root, "bundle_id", b->id) &&
	    set_str(unit, "code", b->unit_code) &&
	    set_str(unit, "name", b->unit_name);
	json_object_set_new(root, "unit", unit);
	ok = ok && set_str(root, "period", b->period) &&
	    set_str(root, "created", b->created) &&
	    set_str(root, "collector", b->collector);
	json_object_set_new(root, "forms", forms);
	for (i = 0; ok && i < b->nparts; i++) {
		f = json_object();
		json_array_append_new(forms, f);
		ok = set_str(f, "form", b->parts[i].form) &&
		    json_object_set_new(f, "version",
		    json_integer(b->parts[i].version)) == 0 &&
		    set_str(f, "file", b->parts[i].file) &&
		    json_object_set_new(f, "rows",
		    json_integer((json_int_t)b->parts[i].rows)) == 0 &&
		    set_str(f, "sha256", b->parts[i].sha256);
	}
	if (b->sealed) {
		enc = json_object();
		ok = ok && set_str(enc, "alg", SEAL_ALG) &&
		    set_str(enc, "to", b->sealed_to);
	} else
		enc = json_null();
	json_object_set_new(root, "encryption", enc);
	if (ok)
		s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s == NULL)
		return 0;
	buf_set(out, s, strlen(s));
	buf_putc(out, '\n');
	free(s);
	return 1;
}

/* Adds the file name with p[0..n) to za, made as the reader wants it. */
static int
zip_put(zip_t *za, const char *name, const void *p, size_t n, int store,
    time_t mtime)
{
	zip_source_t	*src;
	zip_int64_t	 i;

	if ((src = zip_source_buffer(za, p, n, 0)) == NULL)
		return 0;
	if ((i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return 0;
	}
	return zip_set_file_compression(za, (zip_uint64_t)i,
	    store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0 &&
	    zip_file_set_external_attributes(za, (zip_uint64_t)i, 0,
	    ZIP_OPSYS_UNIX, ZIP_ATTR) == 0 &&
	    zip_file_set_mtime(za, (zip_uint64_t)i, mtime, 0) == 0;
}

/*
 * Makes the zip of b in memory, into out.  Entry i + 2 (the parts; 0 and 1
 * are the manifest and signature) is stored uncompressed if store[i].
 */
static int
zip_make(const struct bundle *b, const char *sig, const unsigned char *store,
    time_t mtime, struct buf *out, struct buf *err)
{
	zip_error_t	 ze;
	zip_source_t	*mem;
	zip_t		*za;
	zip_stat_t	 st;
	zip_int64_t	 r;
	const struct bundle_part *p;
	size_t		 i;
	int		 ok = 0;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto fail;
	zip_source_keep(mem);
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL)
		goto fail;
	if (!zip_put(za, "manifest.json", b->manifest.ptr, b->manifest.len,
	    0, mtime) || !zip_put(za, "manifest.sig", sig, strlen(sig), 0,
	    mtime)) {
		zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
		zip_discard(za);
		goto fail;
	}
	for (i = 0; i < b->nparts; i++) {
		p = &b->parts[i];
		if (!zip_put(za, p->file, b->sealed ? p->sealed.ptr : p->csv.ptr,
		    b->sealed ? p->sealed.len : p->csv.len,
		    b->sealed || store[i], mtime)) {
			zip_error_set(&ze,
			    zip_error_code_zip(zip_get_error(za)), 0);
			zip_discard(za);
			goto fail;
		}
	}
	if (zip_close(za) != 0) {
		zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
		zip_discard(za);
		goto fail;
	}
	if (zip_source_stat(mem, &st) != 0 || zip_source_open(mem) != 0)
		goto fail;
	buf_clear(out);
	buf_grow(out, st.size);
	while ((r = zip_source_read(mem, out->ptr + out->len,
	    out->cap - out->len - 1)) > 0) {
		out->len += (size_t)r;
		buf_grow(out, CHUNK);
	}
	out->ptr[out->len] = '\0';
	zip_source_close(mem);
	ok = r == 0 && out->len == st.size;
fail:
	if (!ok)
		buf_printf(err, "无法生成 zip：%s", zip_error_strerror(&ze));
	if (mem != NULL)
		zip_source_free(mem);
	zip_error_fini(&ze);
	return ok;
}

/* Whether entry i of the zip in z[0..n) is a large one compressed too much. */
static int
too_compressed(const unsigned char *z, size_t n, size_t i)
{
	size_t	 cd, k;
	uint32_t csize, usize;

	/* the central directory of our own zip: no comment, no extras */
	cd = (size_t)z[n - 6] | (size_t)z[n - 5] << 8 |
	    (size_t)z[n - 4] << 16 | (size_t)z[n - 3] << 24;
	for (k = 0; k < i; k++)
		cd += CENTRAL_LEN + ((size_t)z[cd + 28] | (size_t)z[cd + 29] << 8);
	csize = (uint32_t)z[cd + 20] | (uint32_t)z[cd + 21] << 8 |
	    (uint32_t)z[cd + 22] << 16 | (uint32_t)z[cd + 23] << 24;
	usize = (uint32_t)z[cd + 24] | (uint32_t)z[cd + 25] << 8 |
	    (uint32_t)z[cd + 26] << 16 | (uint32_t)z[cd + 27] << 24;
	return usize > RATIO_FROM &&
	    (uint64_t)usize > (uint64_t)csize * BUNDLE_MAX_RATIO;
}

/*
 * Writes b as the bundle file path, signed with unitkey (which must have
 * its secret key) and, if officekey is not NULL, with every part sealed to
 * that office public key.  The caller sets b->unit_code ([A-Za-z0-9_-],
 * at most 32), b->period (checked by the caller; "2022-W21" or "2022-05")
 * and adds the parts; b->unit_name defaults to the key's name, b->created
 * ("YYYY-MM-DDTHH:MM:SSZ") to now, b->collector to "shouhu-collect".
 * Fills in b->id, the parts' file and sha256, b->manifest, b->sig,
 * b->sealed and b->sealed_to, and sorts the parts by form id.  The file is
 * written atomically and checked by reading it back first: on failure
 * there is no (new) file at path.  Returns 1, or 0 with a message in err.
 */
int
bundle_write(const char *path, struct bundle *b, const struct key *unitkey,
    const struct key *officekey, struct buf *err)
{
	unsigned char	 xpk[crypto_box_PUBLICKEYBYTES];
	unsigned char	*store = NULL;
	char		 sig[sodium_base64_ENCODED_LEN(64,
			     sodium_base64_VARIANT_ORIGINAL) + 1];
	struct buf	 zipb = BUF_INIT, why = BUF_INIT;
	struct bundle	 check;
	struct bundle_part *p;
	struct tm	 tm;
	time_t		 mtime;
	size_t		 i, total = 0;
	int		 ok = 0, again;

	bundle_init(&check);
	if (!key_crypto_init(err))
		return 0;
	if (unitkey == NULL || !unitkey->has_sk) {
		buf_printf(err, "%s: 打包需要本单位的私钥（.key 文件）", path);
		return 0;
	}
	if (b->unit_code == NULL || !bundle_unit_code_ok(b->unit_code)) {
		buf_printf(err, "%s: 单位代码“%s”不可用：只能用字母、数字、- 和 "
		    "_，最长 %d 个字符", path, b->unit_code ? b->unit_code : "",
		    CODE_MAX);
		return 0;
	}
	if (b->period == NULL || !bundle_period_ok(b->period)) {
		buf_printf(err, "%s: 报送周期“%s”不可用：应为 2022-W21（周）或 "
		    "2022-05（月）", path, b->period ? b->period : "");
		return 0;
	}
	if (b->nparts == 0) {
		buf_printf(err, "%s: 数据包里没有任何表：请至少给出一个 表名=文件",
		    path);
		return 0;
	}
	if (b->unit_name == NULL)
		b->unit_name = xstrdup(unitkey->name ? unitkey->name : "");
	if (!bundle_text_ok(b->unit_name, strlen(b->unit_name), UNIT_NAME_MAX)) {
		buf_printf(err, "%s: 单位名称不可用：不能为空、不能含控制字符，"
		    "最长 %d 字节", path, UNIT_NAME_MAX);
		return 0;
	}
	if (b->collector == NULL)
		b->collector = xstrdup(COLLECTOR);
	if (!bundle_text_ok(b->collector, strlen(b->collector), COLLECTOR_MAX)) {
		buf_printf(err, "%s: 程序版本字符串不可用", path);
		return 0;
	}
	if (b->created == NULL) {
		mtime = (time_t)util_now();
		gmtime_r(&mtime, &tm);
		b->created = xmalloc(32);
		strftime(b->created, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (!bundle_created_parse(b->created, &mtime)) {
		buf_printf(err, "%s: 创建时间“%s”不可用：应为 "
		    "YYYY-MM-DDTHH:MM:SSZ（UTC）", path, b->created);
		return 0;
	}
	if (officekey != NULL &&
	    crypto_sign_ed25519_pk_to_curve25519(xpk, officekey->pk) != 0) {
		buf_printf(err, "%s: 专项办公钥无效，无法加密：请重新获取专项办的 "
		    ".pub 文件", path);
		return 0;
	}
	for (i = 0; i < b->nparts; i++) {
		if (!b->parts[i].plain) {
			buf_printf(err, "%s: 表 %s 没有明文数据，无法打包", path,
			    b->parts[i].form);
			return 0;
		}
		total += b->parts[i].csv.len;
	}
	if (total > BUNDLE_MAX_TOTAL - BUNDLE_MAX_MANIFEST - SIG_MAX) {
		buf_printf(err, "%s: 数据太多：所有表合计超过 %zu MB，请分几次"
		    "报送", path, BUNDLE_MAX_TOTAL >> 20);
		return 0;
	}

	bundle_compute_id(b, b->id);
	free(b->sealed_to);
	b->sealed_to = officekey ? xstrdup(officekey->id) : NULL;
	b->sealed = officekey != NULL;
	for (i = 0; i < b->nparts; i++) {
		p = &b->parts[i];
		free(p->file);
		buf_printf(&why, "data/%s.csv%s", p->form,
		    officekey ? ".sealed" : "");
		p->file = buf_detach(&why);
		buf_clear(&p->sealed);
		if (officekey) {
			buf_grow(&p->sealed, p->csv.len + crypto_box_SEALBYTES);
			if (crypto_box_seal((unsigned char *)p->sealed.ptr,
			    (const unsigned char *)p->csv.ptr, p->csv.len,
			    xpk) != 0) {
				buf_printf(err, "%s: 加密失败", path);
				goto out;
			}
			p->sealed.len = p->csv.len + crypto_box_SEALBYTES;
			p->sealed.ptr[p->sealed.len] = '\0';
			key_sha256_hex(p->sha256, p->sealed.ptr, p->sealed.len);
		} else
			key_sha256_hex(p->sha256, p->csv.ptr, p->csv.len);
	}
	if (!manifest_json(b, &b->manifest)) {
		buf_printf(err, "%s: 无法生成 manifest.json（单位名称或其他文字"
		    "不是有效的 UTF-8）", path);
		goto out;
	}
	crypto_sign_detached(b->sig, NULL, (const unsigned char *)b->manifest.ptr,
	    b->manifest.len, unitkey->sk);
	sodium_bin2base64(sig, sizeof(sig) - 1, b->sig, sizeof(b->sig),
	    sodium_base64_VARIANT_ORIGINAL);
	strcat(sig, "\n");

	/* parts too repetitive for the reader's ratio cap are stored */
	store = xcalloc(b->nparts, 1);
	do {
		again = 0;
		if (!zip_make(b, sig, store, mtime, &zipb, &why)) {
			buf_printf(err, "%s: %s", path, why.ptr);
			goto out;
		}
		for (i = 0; i < b->nparts; i++)
			if (!store[i] && too_compressed((unsigned char *)zipb.ptr,
			    zipb.len, i + 2))
				store[i] = again = 1;
	} while (again);

	if (!bundle_read_mem(zipb.ptr, zipb.len, path, &check, &why) ||
	    !bundle_verify_sig(&check, unitkey, &why) ||
	    strcmp(check.id, b->id) != 0) {
		buf_printf(err, "%s: 内部错误，生成的数据包未通过自检（%s）；"
		    "请报告这个问题", path, why.ptr);
		goto out;
	}
	ok = buf_write_file(path, zipb.ptr, zipb.len, err);
out:
	bundle_free(&check);
	free(store);
	buf_free(&zipb);
	buf_free(&why);
	return ok;
}

