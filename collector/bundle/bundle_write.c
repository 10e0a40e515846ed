/*
 * bundle_write: writing a bundle: the manifest, the signature, the sealed
 * parts and the zip, read back by the reader before it is put in place
 * (see bundle.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>
#include <zip.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "bundle/bundle.h"
#include "bundle/bundle_impl.h"
#include "bundle/key.h"
#include "lib/util.h"

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

/*
 * Checks and completes what the caller set in b before it is written to
 * path: the unit code, period and parts; the unit name (default: the
 * name of unitkey), collector (default "shouhu-collect") and creation
 * time (default: now), which sets *mtime, the time of every entry.
 * Returns 1, or 0 with "path: message" in err.
 */
static int
check_fields(const char *path, struct bundle *b, const struct key *unitkey,
    time_t *mtime, struct buf *err)
{
	struct tm	 tm;

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
		*mtime = (time_t)util_now();
		gmtime_r(mtime, &tm);
		b->created = xmalloc(32);
		strftime(b->created, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (!bundle_created_parse(b->created, mtime)) {
		buf_printf(err, "%s: 创建时间“%s”不可用：应为 "
		    "YYYY-MM-DDTHH:MM:SSZ（UTC）", path, b->created);
		return 0;
	}
	return 1;
}

/*
 * Checks that every part of b is plain and that all of them fit in a
 * bundle.  Returns 1, or 0 with "path: message" in err.
 */
static int
check_parts(const char *path, const struct bundle *b, struct buf *err)
{
	size_t	 i, total = 0;

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
	return 1;
}

/*
 * Sets the id of b, and for every part its entry name and sha256, with
 * the part sealed to the office key xpk (X25519) when officekey is not
 * NULL.  Returns 1, or 0 with "path: message" in err.
 */
static int
seal_parts(const char *path, struct bundle *b, const struct key *officekey,
    const unsigned char *xpk, struct buf *err)
{
	struct bundle_part *p;
	struct buf name = BUF_INIT;
	size_t	 i;

	assert(officekey == NULL || xpk != NULL);
	bundle_compute_id(b, b->id);
	free(b->sealed_to);
	b->sealed_to = officekey ? xstrdup(officekey->id) : NULL;
	b->sealed = officekey != NULL;
	for (i = 0; i < b->nparts; i++) {
		p = &b->parts[i];
		free(p->file);
		buf_printf(&name, "data/%s.csv%s", p->form,
		    officekey ? ".sealed" : "");
		p->file = buf_detach(&name);
		buf_clear(&p->sealed);
		if (officekey == NULL) {
			key_sha256_hex(p->sha256, p->csv.ptr, p->csv.len);
			continue;
		}
		buf_grow(&p->sealed, p->csv.len + crypto_box_SEALBYTES);
		if (crypto_box_seal((unsigned char *)p->sealed.ptr,
		    (const unsigned char *)p->csv.ptr, p->csv.len, xpk) != 0) {
			buf_printf(err, "%s: 加密失败", path);
			return 0;
		}
		p->sealed.len = p->csv.len + crypto_box_SEALBYTES;
		p->sealed.ptr[p->sealed.len] = '\0';
		key_sha256_hex(p->sha256, p->sealed.ptr, p->sealed.len);
	}
	return 1;
}

/*
 * Makes the zip of b, signed with sig, into zipb: parts too repetitive for
 * the reader's ratio cap are stored instead of deflated.  Returns 1, or 0
 * with "path: message" in err.
 */
static int
zip_bundle(const char *path, const struct bundle *b, const char *sig,
    time_t mtime, struct buf *zipb, struct buf *err)
{
	struct buf	 why = BUF_INIT;
	unsigned char	*store;
	size_t		 i;
	int		 again, ok = 0;

	store = xcalloc(b->nparts, 1);
	do {
		again = 0;
		if (!zip_make(b, sig, store, mtime, zipb, &why)) {
			buf_printf(err, "%s: %s", path, why.ptr);
			goto out;
		}
		for (i = 0; i < b->nparts; i++)
			if (!store[i] && bundle_zip_too_compressed(
			    (unsigned char *)zipb->ptr, zipb->len, i + 2))
				store[i] = again = 1;
	} while (again);
	ok = 1;
out:
	free(store);
	buf_free(&why);
	return ok;
}

/* Writes, signs and seals b as the bundle file path (see bundle.h). */
int
bundle_write(const char *path, struct bundle *b, const struct key *unitkey,
    const struct key *officekey, struct buf *err)
{
	unsigned char	 xpk[crypto_box_PUBLICKEYBYTES];
	char		 sig[sodium_base64_ENCODED_LEN(64,
			     sodium_base64_VARIANT_ORIGINAL) + 1];
	struct buf	 zipb = BUF_INIT, why = BUF_INIT;
	struct bundle	 check;
	time_t		 mtime;
	int		 ok = 0;

	assert(path != NULL && b != NULL && err != NULL);
	bundle_init(&check);
	if (!key_crypto_init(err))
		return 0;
	if (unitkey == NULL || !unitkey->has_sk) {
		buf_printf(err, "%s: 打包需要本单位的私钥（.key 文件）", path);
		return 0;
	}
	if (!check_fields(path, b, unitkey, &mtime, err))
		return 0;
	if (officekey != NULL &&
	    crypto_sign_ed25519_pk_to_curve25519(xpk, officekey->pk) != 0) {
		buf_printf(err, "%s: 专项办公钥无效，无法加密：请重新获取专项办的 "
		    ".pub 文件", path);
		return 0;
	}
	if (!check_parts(path, b, err) ||
	    !seal_parts(path, b, officekey, xpk, err))
		goto out;
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
	if (!zip_bundle(path, b, sig, mtime, &zipb, err))
		goto out;
	if (!bundle_read_mem(zipb.ptr, zipb.len, path, &check, &why) ||
	    !bundle_verify_sig(&check, unitkey, &why) ||
	    strcmp(check.id, b->id) != 0) {
		buf_printf(err, "%s: 内部错误，生成的数据包未通过自检（%s）；"
		    "请报告这个问题", path, why.ptr);
		goto out;
	}
	ok = files_write(path, zipb.ptr, zipb.len, 0666, 1, err);
out:
	bundle_free(&check);
	buf_free(&zipb);
	buf_free(&why);
	return ok;
}
