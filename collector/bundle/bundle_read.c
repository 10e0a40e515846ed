/*
 * bundle_read: reading bundles, checked before anything in them is
 * trusted (see bundle.h): the zip through bundle_zip.c, then the manifest,
 * the parts it lists, the signature's form; verifying the signature and
 * opening sealed parts.
 */
#include <assert.h>
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
#include "lib/files.h"
#include "bundle/bundle.h"
#include "bundle/bundle_impl.h"
#include "bundle/key.h"
#include "lib/util.h"

/*
 * Whether o is an object with exactly the keys keys (NULL-terminated);
 * where names it in messages ("" for the top level).
 */
static int
jkeys(struct bundle_reader *r, const json_t *o, const char *where,
    const char *const *keys)
{
	const char	*k, *pre = *where ? " 中 " : " 的顶层", *post;
	json_t		*v;
	size_t		 i;

	post = *where ? " " : "";
	if (!json_is_object(o))
		return bundle_zip_fail(r, CORRUPT, RESEND,
		    "manifest.json%s%s%s应为对象", pre, where, post);
	json_object_foreach((json_t *)o, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return bundle_zip_fail(r, CORRUPT, RESEND,
			    "manifest.json%s%s%s有未知的字段“%.40s”", pre, where,
			    post, k);
	}
	for (i = 0; keys[i] != NULL; i++)
		if (json_object_get(o, keys[i]) == NULL)
			return bundle_zip_fail(r, CORRUPT, RESEND,
			    "manifest.json%s%s%s缺少字段“%s”", pre, where, post,
			    keys[i]);
	return 1;
}

/* The string field key of o, checked by ok; NULL after a message. */
static const char *
jstr(struct bundle_reader *r, const json_t *o, const char *where,
    const char *key, int (*ok)(const char *))
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;

	if (!json_is_string(v))
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 中 "
		    "%s%s 应为字符串", where, key), NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v) || !ok(s))
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 中 "
		    "%s%s 的值不对", where, key), NULL;
	return s;
}

/*
 * The string field key of o, checked by ok, copied into *out (the caller
 * frees it).  Returns 1, or 0 after a message.
 */
static int
jdup(struct bundle_reader *r, const json_t *o, const char *where,
    const char *key, int (*ok)(const char *), char **out)
{
	const char	*s;

	if ((s = jstr(r, o, where, key, ok)) == NULL)
		return 0;
	*out = xstrdup(s);
	return 1;
}

/* An integer field from lo to hi; -1 after a message. */
static json_int_t
jint(struct bundle_reader *r, const json_t *o, const char *where,
    const char *key, json_int_t lo, json_int_t hi)
{
	const json_t	*v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 中 "
		    "%s%s 应为 %lld 到 %lld 的整数", where, key, (long long)lo,
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
read_form(struct bundle_reader *r, struct bundle *b, const json_t *f, size_t i)
{
	static const char *const keys[] = {
		"form", "version", "file", "rows", "sha256", NULL
	};
	struct bundle_part *p;
	struct bundle_entry *e = NULL;
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
			return bundle_zip_fail(r, CORRUPT, RESEND,
			    "manifest.json 中表 %s 出现了两次", form);
	snprintf(want, sizeof(want), "data/%s.csv%s", form,
	    b->sealed ? ".sealed" : "");
	if (strcmp(file, want) != 0)
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 中 "
		    "%sfile 应为 %s", where, want);
	for (j = 0; j < r->ne; j++)
		if (bundle_zip_name_is(&r->e[j], want))
			e = &r->e[j];
	if (e == NULL)
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 列出的 "
		    "%s 不在数据包里", want);
	key_sha256_hex(h, e->content.ptr, e->content.len);
	if (strcmp(h, sum) != 0)
		return bundle_zip_fail(r, CORRUPT, RESEND, "%s 的校验值不符", want);
	if (b->sealed && e->content.len < crypto_box_SEALBYTES)
		return bundle_zip_fail(r, CORRUPT, RESEND, "%s 太短，不是有效的密文",
		    want);
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

/*
 * Checks that the manifest root is an object whose format is
 * BUNDLE_FORMAT.  Returns 1, or 0 after a message.
 */
static int
check_format(struct bundle_reader *r, const json_t *root)
{
	const json_t	*v = json_object_get(root, "format");
	const char	*s;

	if (!json_is_object(root) || !json_is_string(v))
		return bundle_zip_fail(r, NOT_BUNDLE, PICK, "manifest.json 中没有 "
		    "format");
	s = json_string_value(v);
	if (strcmp(s, BUNDLE_FORMAT) == 0)
		return 1;
	if (strncmp(s, "shouhu-bundle/", 14) == 0)
		return bundle_zip_fail(r, NOT_BUNDLE, "；请升级 shouhu 后再试",
		    "格式 %.40s 不是这个版本认识的 %s", s, BUNDLE_FORMAT);
	return bundle_zip_fail(r, NOT_BUNDLE, PICK, "manifest.json 的 format "
	    "不是 %s", BUNDLE_FORMAT);
}

/*
 * Reads the top of the manifest root into b: the keys it must have, the
 * bundle id, the unit, period, creation time, collector and encryption.
 * Returns 1, or 0 after a message.
 */
static int
read_header(struct bundle_reader *r, const json_t *root, struct bundle *b)
{
	static const char *const top[] = {
		"format", "bundle_id", "unit", "period", "created",
		"collector", "forms", "encryption", NULL
	};
	static const char *const unitkeys[] = { "code", "name", NULL };
	static const char *const enckeys[] = { "alg", "to", NULL };
	const json_t	*unit, *enc;
	const char	*s;

	if (!jkeys(r, root, "", top) ||
	    (s = jstr(r, root, "", "bundle_id", id_ok)) == NULL)
		return 0;
	memcpy(b->id, s, sizeof(b->id));
	unit = json_object_get(root, "unit");
	if (!jkeys(r, unit, "unit", unitkeys) ||
	    !jdup(r, unit, "unit.", "code", code_ok, &b->unit_code) ||
	    !jdup(r, unit, "unit.", "name", unit_name_ok, &b->unit_name) ||
	    !jdup(r, root, "", "period", bundle_period_ok, &b->period) ||
	    !jdup(r, root, "", "created", created_ok, &b->created) ||
	    !jdup(r, root, "", "collector", collector_ok, &b->collector))
		return 0;
	enc = json_object_get(root, "encryption");
	if (json_is_null(enc))
		return 1;
	if (!jkeys(r, enc, "encryption", enckeys) ||
	    jstr(r, enc, "encryption.", "alg", alg_ok) == NULL ||
	    !jdup(r, enc, "encryption.", "to", key_id_ok, &b->sealed_to))
		return 0;
	b->sealed = 1;
	return 1;
}

/*
 * Reads the manifest's list of forms into the parts of b, each with the
 * contents of its entry; no data entry may be left out of it.  Checks the
 * id of a plain bundle.  Returns 1, or 0 after a message.
 */
static int
read_parts(struct bundle_reader *r, const json_t *forms, struct bundle *b)
{
	char	 id[65];
	size_t	 i;

	if (!json_is_array(forms) || json_array_size(forms) == 0 ||
	    json_array_size(forms) > BUNDLE_MAX_ENTRIES - 2)
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 中 "
		    "forms 应为 1 到 %d 个表的列表", BUNDLE_MAX_ENTRIES - 2);
	for (i = 0; i < json_array_size(forms); i++)
		if (!read_form(r, b, json_array_get(forms, i), i))
			return 0;
	for (i = 0; i < r->ne; i++)
		if (r->e[i].kind == ENTRY_DATA && !r->e[i].used)
			return bundle_zip_fail(r, SUSPECT, NOT_OURS, "多余的文件 "
			    "%s（manifest.json 中没有列出）",
			    bundle_zip_name(r, &r->e[i]));
	qsort(b->parts, b->nparts, sizeof(*b->parts), bundle_cmp_part);
	if (b->sealed)
		return 1;
	bundle_compute_id(b, id);
	if (strcmp(id, b->id) != 0)
		return bundle_zip_fail(r, CORRUPT, RESEND, "bundle_id 与数据的内容"
		    "不符");
	return 1;
}

/* Parses manifest.json (already in b->manifest) and matches the parts. */
static int
read_manifest(struct bundle_reader *r, struct bundle *b)
{
	json_error_t	 je;
	json_t		*root;
	int		 ok;

	root = json_loadb(b->manifest.ptr, b->manifest.len,
	    JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		if (json_error_code(&je) == json_error_duplicate_key)
			return bundle_zip_fail(r, CORRUPT, RESEND,
			    "manifest.json 第 %d 行有重复的字段", je.line);
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.json 不是有"
		    "效的 JSON（第 %d 行第 %d 列）", je.line, je.column);
	}
	ok = check_format(r, root) && read_header(r, root, b) &&
	    read_parts(r, json_object_get(root, "forms"), b);
	json_decref(root);
	return ok;
}

/* Decodes manifest.sig: base64 of 64 bytes, then at most a newline. */
static int
read_sig(struct bundle_reader *r, const struct buf *s, unsigned char *sig)
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
		return bundle_zip_fail(r, CORRUPT, RESEND, "manifest.sig 不是有效的"
		    "签名");
	return 1;
}

/* Reads a bundle in memory, checked (see bundle.h). */
int
bundle_read_mem(const void *data, size_t n, const char *path,
    struct bundle *b, struct buf *err)
{
	struct bundle_reader r = { .z = data, .n = n, .path = path,
	    .err = err, .nm = BUF_INIT };
	struct bundle_entry *man = NULL, *sig = NULL;
	size_t		 i;
	int		 ok = 0;

	assert(path != NULL && b != NULL && err != NULL);
	bundle_init(b);
	if (!key_crypto_init(err))
		goto out;
	if (n > BUNDLE_MAX_FILE) {
		bundle_zip_fail(&r, SUSPECT, NOT_OURS, "文件有 %zu 字节，超过上限 "
		    "%zu 字节", n, BUNDLE_MAX_FILE);
		goto out;
	}
	if (!bundle_zip_open(&r))
		goto out;
	for (i = 0; i < r.ne; i++) {
		if (r.e[i].kind == ENTRY_MANIFEST)
			man = &r.e[i];
		else if (r.e[i].kind == ENTRY_SIG)
			sig = &r.e[i];
	}
	if (man == NULL) {
		bundle_zip_fail(&r, NOT_BUNDLE, PICK, "缺少 manifest.json");
		goto out;
	}
	if (sig == NULL) {
		bundle_zip_fail(&r, CORRUPT, RESEND, "缺少 manifest.sig（没有签名）");
		goto out;
	}
	if (!bundle_zip_read(&r) || !read_sig(&r, &sig->content, b->sig))
		goto out;
	b->manifest = man->content;
	buf_init(&man->content);
	ok = read_manifest(&r, b);
out:
	bundle_zip_close(&r);
	if (!ok)
		bundle_free(b);
	b->inflated = r.inflated;
	return ok;
}

/* Reads the whole bundle file, nothing checked (see bundle.h). */
int
bundle_load(const char *path, struct buf *data, struct buf *err)
{
	struct stat	 st;

	switch (files_load(data, path, BUNDLE_MAX_FILE, FILES_REGULAR, &st)) {
	case FILES_GOT:
		return 1;
	case FILES_NO_OPEN:
		buf_printf(err, "%s: 无法打开：%s", path, util_strerror(errno));
		break;
	case FILES_NO_READ:
		buf_printf(err, "%s: 无法读取：%s", path, util_strerror(errno));
		break;
	case FILES_NOT_REGULAR:
		buf_printf(err, "%s: " NOT_BUNDLE "不是普通文件" PICK, path);
		break;
	case FILES_TOO_BIG:
		if ((uintmax_t)st.st_size > BUNDLE_MAX_FILE)
			buf_printf(err, "%s: " SUSPECT "文件有 %jd 字节，超过上限 "
			    "%zu 字节" NOT_OURS, path, (intmax_t)st.st_size,
			    BUNDLE_MAX_FILE);
		else
			buf_printf(err, "%s: " SUSPECT "文件超过上限 %zu 字节"
			    NOT_OURS, path, BUNDLE_MAX_FILE);
		break;
	}
	return 0;
}

/* Reads a bundle file, checked (see bundle.h). */
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

/* Checks the signature of b against unitkey (see bundle.h). */
int
bundle_verify_sig(const struct bundle *b, const struct key *unitkey,
    struct buf *err)
{
	assert(b != NULL && unitkey != NULL);
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

/* Decrypts the sealed parts of b (see bundle.h). */
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
