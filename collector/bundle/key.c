#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/plat.h"
#include "bundle/key.h"
#include "lib/utf8.h"
#include "lib/util.h"

#define KEY_NAME_MAX	100		/* bytes */
#define KEY_FILE_MAX	4096		/* bytes: key files are ~150 */
#define SECRET_HEADER	"shouhu-secret-key 1"
#define PUBLIC_HEADER	"shouhu-public-key 1"
#define NOT_KEY		"不是 Shouhu 密钥文件："
#define USE_KEYGEN	"（请使用 shouhu-collect keygen 生成的文件）"

/* Initialises libsodium once.  Returns 1, or 0 with a message in err. */
int
key_crypto_init(struct buf *err)
{
	static int	 ready;

	if (!ready) {
		if (sodium_init() < 0) {
			buf_printf(err, "无法初始化 libsodium：密码功能不可用，"
			    "请检查 libsodium 的安装");
			return 0;
		}
		ready = 1;
	}
	return 1;
}

/* Whether s[0..n) is a usable key name: UTF-8, no control characters. */
static int
name_text_ok(const char *s, size_t n)
{
	size_t	 i, len;
	uint32_t c;

	if (n == 0 || n > KEY_NAME_MAX)
		return 0;
	for (i = 0; i < n; i += len) {
		if ((len = utf8_decode(s + i, n - i,
		    &c)) == 0)
			return 0;
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 ||
		    c == 0x2029)
			return 0;
	}
	return 1;
}

/* Whether c is a letter of a script a unit name may be written in. */
static int
is_letter(uint32_t c)
{
	static const uint32_t ranges[][2] = {
		{ 0x00c0, 0x00d6 }, { 0x00d8, 0x00f6 }, { 0x00f8, 0x024f },
		{ 0x0386, 0x03ff }, { 0x0400, 0x04ff },
		{ 0x3005, 0x3005 }, { 0x3007, 0x3007 },
		{ 0x3041, 0x3096 }, { 0x30a1, 0x30fa }, { 0x3105, 0x312f },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xac00, 0xd7a3 },
		{ 0xf900, 0xfaff },
		{ 0xff10, 0xff19 }, { 0xff21, 0xff3a }, { 0xff41, 0xff5a },
		{ 0x20000, 0x3134f }
	};
	size_t	 i;

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return 1;
	return 0;
}

/*
 * Whether name can also be a file name: letters (CJK included), digits,
 * '-', '_' and '.', not starting with '.' or '-'.
 */
static int
name_file_ok(const char *name)
{
	size_t	 i, len, n = strlen(name);
	uint32_t c;

	if (!name_text_ok(name, n) || name[0] == '.' || name[0] == '-')
		return 0;
	for (i = 0; i < n; i += len) {
		len = utf8_decode(name + i, n - i, &c);
		if (!is_letter(c) && c != '-' && c != '_' && c != '.')
			return 0;
	}
	return 1;
}

/* Sets key->id from key->pk. */
static void
set_id(struct key *key)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, key->pk, sizeof(key->pk));
	sodium_bin2hex(key->id, sizeof(key->id), h, 8);
}

/* Appends the text of a key file to b. */
static void
key_text(struct buf *b, int secret, const char *name, const unsigned char *k,
    size_t n)
{
	char	 b64[sodium_base64_ENCODED_LEN(64,
		     sodium_base64_VARIANT_ORIGINAL)];

	sodium_bin2base64(b64, sizeof(b64), k, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_printf(b, "%s\nname: %s\nkey: %s\n",
	    secret ? SECRET_HEADER : PUBLIC_HEADER, name, b64);
	sodium_memzero(b64, sizeof(b64));
}

/*
 * Generates a new key pair named name and writes FILE.key (mode 0600) and
 * FILE.pub into folder dir (the current folder if dir is NULL).  Never
 * replaces an existing file: if either exists, nothing is written.  Either
 * both files are created or neither.  Returns 1, or 0 with a message in err.
 */
static int
generate(const char *dir, const char *file, const char *name,
    struct buf *err)
{
	struct buf	 keyp = BUF_INIT, pubp = BUF_INIT, text = BUF_INIT;
	struct buf	 keytmp = BUF_INIT, pubtmp = BUF_INIT;
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	 sk[crypto_sign_SECRETKEYBYTES];
	struct stat	 st;
	const char	*exists = NULL;
	int		 ok = 0, placed_key = 0;

	if (!key_crypto_init(err))
		return 0;
	if (dir != NULL && *dir != '\0') {
		buf_printf(&keyp, "%s/%s.key", dir, file);
		buf_printf(&pubp, "%s/%s.pub", dir, file);
	} else {
		buf_printf(&keyp, "%s.key", file);
		buf_printf(&pubp, "%s.pub", file);
	}
	if (lstat(keyp.ptr, &st) == 0)
		exists = keyp.ptr;
	else if (lstat(pubp.ptr, &st) == 0)
		exists = pubp.ptr;
	if (exists != NULL)
		goto exists;

	crypto_sign_keypair(pk, sk);
	key_text(&text, 1, name, sk, sizeof(sk));
	if (!files_write_temp(&keytmp, keyp.ptr, text.ptr, text.len)) {
		buf_printf(err, "%s: 无法写入私钥文件：%s", keyp.ptr,
		    util_strerror(errno));
		goto out;
	}
	sodium_memzero(text.ptr, text.len);
	buf_clear(&text);
	key_text(&text, 0, name, pk, sizeof(pk));
	if (!files_write_temp(&pubtmp, pubp.ptr, text.ptr, text.len)) {
		buf_printf(err, "%s: 无法写入公钥文件：%s", pubp.ptr,
		    util_strerror(errno));
		goto out;
	}
	/* files_place takes the temporary file away, placed or not */
	ok = files_place(keytmp.ptr, keyp.ptr, 0600, 0);
	buf_clear(&keytmp);
	if (!ok) {
		if (errno == EEXIST) {
			exists = keyp.ptr;
			goto exists;
		}
		buf_printf(err, "%s: 无法创建私钥文件：%s", keyp.ptr,
		    util_strerror(errno));
		goto out;
	}
	placed_key = 1;
	ok = files_place(pubtmp.ptr, pubp.ptr, 0644, 0);
	buf_clear(&pubtmp);
	if (!ok) {
		if (errno == EEXIST) {
			exists = pubp.ptr;
			goto exists;
		}
		buf_printf(err, "%s: 无法创建公钥文件：%s", pubp.ptr,
		    util_strerror(errno));
		goto out;
	}
	goto out;
exists:
	buf_printf(err, "%s 已经存在：为防止覆盖密钥，请换一个名字或先移走旧文件",
	    exists);
out:
	if (!ok && placed_key)
		unlink(keyp.ptr);
	if (keytmp.len)
		unlink(keytmp.ptr);
	if (pubtmp.len)
		unlink(pubtmp.ptr);
	sodium_memzero(sk, sizeof(sk));
	if (text.len)
		sodium_memzero(text.ptr, text.len);
	buf_free(&text);
	buf_free(&keyp);
	buf_free(&pubp);
	buf_free(&keytmp);
	buf_free(&pubtmp);
	return ok;
}

/*
 * Generates a new key pair named name and writes NAME.key (mode 0600) and
 * NAME.pub into folder dir (the current folder if dir is NULL), as
 * generate.  Returns 1, or 0 with a message in err.
 */
int
key_generate(const char *dir, const char *name, struct buf *err)
{
	if (name == NULL || !name_file_ok(name)) {
		buf_printf(err, "%s: 密钥名称不可用：名称只能包含汉字、字母、"
		    "数字和 - _ .，不能以 . 或 - 开头，最长 %d 字节；请换一个"
		    "名字", name ? name : "", KEY_NAME_MAX);
		return 0;
	}
	return generate(dir, name, name, err);
}

/*
 * key_generate with the files FILE.key and FILE.pub (file a usable key
 * name) and the key named name (any text a key file holds: a unit kit's
 * 单位.key names its unit).  Returns 1, or 0 with a message in err.
 */
int
key_generate_as(const char *dir, const char *file, const char *name,
    struct buf *err)
{
	if (file == NULL || !name_file_ok(file))
		fatal("key_generate_as: bad file name");
	if (name == NULL || !name_text_ok(name, strlen(name))) {
		buf_printf(err, "%s: 密钥名称不可用：不能为空、不能含控制字符，"
		    "最长 %d 字节", name ? name : "", KEY_NAME_MAX);
		return 0;
	}
	return generate(dir, file, name, err);
}

/*
 * Splits s[0..n) into exactly three lines ending in "\n" or "\r\n" (the
 * last one may end without).  Returns 1, or 0 if it is not three lines.
 */
static int
three_lines(const char *s, size_t n, const char *line[3], size_t len[3])
{
	const char	*p = s, *e = s + n, *nl;
	int		 i;

	if (memchr(s, '\0', n) != NULL)
		return 0;
	for (i = 0; i < 3; i++) {
		if (p == e)
			return 0;
		nl = memchr(p, '\n', (size_t)(e - p));
		line[i] = p;
		len[i] = (size_t)((nl ? nl : e) - p);
		if (len[i] > 0 && p[len[i] - 1] == '\r')
			len[i]--;
		if (memchr(p, '\r', len[i]) != NULL)
			return 0;
		p = nl ? nl + 1 : e;
	}
	return p == e;
}

/* Whether line[0..len) is prefix followed by at least one byte. */
static int
field(const char *line, size_t len, const char *prefix, const char **val,
    size_t *vlen)
{
	size_t	 n = strlen(prefix);

	if (len <= n || memcmp(line, prefix, n) != 0)
		return 0;
	*val = line + n;
	*vlen = len - n;
	return 1;
}

/* Whether line[0..len) is the C string s. */
static int
line_is(const char *line, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(line, s, len) == 0;
}

/*
 * Parses the text of a key file (secret or public, as asked) into key,
 * which must be cleared.  Returns 1, or 0 with a message naming label.
 */
static int
parse_key(const char *s, size_t n, const char *label, int secret,
    struct key *key, struct buf *err)
{
	const char	*line[3], *v, *end, *want;
	size_t		 len[3], vlen, klen, got, first;
	unsigned char	 pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char	 sk[crypto_sign_SECRETKEYBYTES];
	unsigned char	 pk2[crypto_sign_PUBLICKEYBYTES];
	unsigned char	 sk2[crypto_sign_SECRETKEYBYTES];
	int		 ok = 0;

	want = secret ? SECRET_HEADER : PUBLIC_HEADER;
	first = 0;
	while (first < n && s[first] != '\n')
		first++;
	if (first > 0 && s[first - 1] == '\r')
		first--;
	if (secret && line_is(s, first, PUBLIC_HEADER)) {
		buf_printf(err, "%s: 这是公钥文件（.pub），不是私钥：请改用"
		    "同名的 .key 文件", label);
		return 0;
	}
	if (!secret && line_is(s, first, SECRET_HEADER)) {
		buf_printf(err, "%s: 这是私钥文件（.key），不是公钥：请改用"
		    "同名的 .pub 文件（私钥不要交给任何人）", label);
		return 0;
	}
	if (!line_is(s, first, want)) {
		buf_printf(err, "%s: " NOT_KEY "第一行应为 “%s”" USE_KEYGEN,
		    label, want);
		return 0;
	}
	if (!three_lines(s, n, line, len)) {
		buf_printf(err, "%s: " NOT_KEY "应当正好有三行：标题、name:、"
		    "key:" USE_KEYGEN, label);
		return 0;
	}
	if (!field(line[1], len[1], "name: ", &v, &vlen) ||
	    !name_text_ok(v, vlen)) {
		buf_printf(err, "%s: " NOT_KEY "第二行应为 “name: 名称”（名称"
		    "不超过 %d 字节，不含控制字符）" USE_KEYGEN, label,
		    KEY_NAME_MAX);
		return 0;
	}
	klen = secret ? sizeof(sk) : sizeof(pk);
	if (!field(line[2], len[2], "key: ", &v, &vlen) ||
	    sodium_base642bin(secret ? sk : pk, klen, v, vlen, NULL, &got,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 || end != v + vlen ||
	    got != klen) {
		buf_printf(err, "%s: " NOT_KEY "第三行应为 “key: ” 加 %zu 字节"
		    "密钥的 base64" USE_KEYGEN, label, klen);
		goto out;
	}
	if (secret) {
		/* the second half of a libsodium secret key is its public key */
		crypto_sign_seed_keypair(pk2, sk2, sk);
		if (sodium_memcmp(sk2, sk, sizeof(sk)) != 0) {
			buf_printf(err, "%s: " NOT_KEY "私钥的两半不一致，文件"
			    "已损坏" USE_KEYGEN, label);
			goto out;
		}
		memcpy(pk, pk2, sizeof(pk));
		memcpy(key->sk, sk, sizeof(sk));
		key->has_sk = 1;
	} else if (crypto_sign_ed25519_pk_to_curve25519(pk2, pk) != 0) {
		/* a point that cannot be used to encrypt bundles */
		buf_printf(err, "%s: " NOT_KEY "不是有效的 Ed25519 公钥"
		    USE_KEYGEN, label);
		goto out;
	}
	memcpy(key->pk, pk, sizeof(pk));
	key->name = xstrndup(line[1] + 6, len[1] - 6);
	set_id(key);
	ok = 1;
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(sk2, sizeof(sk2));
	return ok;
}

/*
 * Reads the key file path into b: a regular file of at most KEY_FILE_MAX
 * bytes.  For a secret key file, also refuses one that others can read.
 */
static int
read_key_file(const char *path, int secret, struct buf *b, struct buf *err)
{
	struct stat	 st;

	switch (files_load(b, path, KEY_FILE_MAX, FILES_REGULAR, &st)) {
	case FILES_GOT:
		break;
	case FILES_NO_OPEN:
		buf_printf(err, "%s: 无法打开密钥文件：%s", path,
		    util_strerror(errno));
		if (errno == ENOENT)
			buf_puts(err, secret ? "：请检查文件名；单位还没有密钥时，"
			    "用 shouhu-collect keygen 单位名称 生成" :
			    "：请检查文件名，公钥文件以 .pub 结尾");
		return 0;
	case FILES_NO_READ:
		buf_printf(err, "%s: 无法读取密钥文件：%s", path,
		    util_strerror(errno));
		return 0;
	case FILES_NOT_REGULAR:
		buf_printf(err, "%s: " NOT_KEY "不是普通文件" USE_KEYGEN, path);
		return 0;
	case FILES_TOO_BIG:
		buf_printf(err, "%s: " NOT_KEY "文件太大" USE_KEYGEN, path);
		return 0;
	}
	/* like ssh; checked on the open file, not on the name, where the
	 * mode says who may read it (not on Windows, nor on a USB stick's
	 * FAT: plat_keeps_modes) */
	if (secret && (st.st_mode & 077) != 0 &&
	    strncmp(b->ptr, PUBLIC_HEADER, strlen(PUBLIC_HEADER)) != 0 &&
	    plat_keeps_modes(path)) {
		buf_printf(err, "%s: 私钥文件的权限是 %04o，其他用户也能读取："
		    "请运行 chmod 600 %s 后再试", path,
		    (unsigned)(st.st_mode & 07777), path);
		return 0;
	}
	return 1;
}

static int
load(const char *path, int secret, struct key *key, struct buf *err)
{
	struct buf	 text = BUF_INIT;
	int		 ok = 0;

	memset(key, 0, sizeof(*key));
	if (!key_crypto_init(err))
		return 0;
	if (read_key_file(path, secret, &text, err))
		ok = parse_key(text.ptr, text.len, path, secret, key, err);
	sodium_memzero(text.ptr, text.len);
	buf_free(&text);
	return ok;
}

/*
 * Loads the secret key file path (NAME.key) into key, which the caller
 * frees with key_free.  Refuses a file that group or others may read.
 * Returns 1, or 0 with a message in err (key is then cleared: key_free
 * may still be called).
 */
int
key_load_secret(const char *path, struct key *key, struct buf *err)
{
	return load(path, 1, key, err);
}

/*
 * Loads the public key file path (NAME.pub) into key (has_sk 0), which the
 * caller frees with key_free.  Returns 1, or 0 with a message in err (key
 * is then cleared).
 */
int
key_load_public(const char *path, struct key *key, struct buf *err)
{
	return load(path, 0, key, err);
}

/*
 * Parses the text of a public key file, text[0..n), into key; label names
 * it in messages.  The caller frees key with key_free.  Returns 1, or 0
 * with a message in err (key is then cleared).
 */
int
key_parse_public(const char *text, size_t n, const char *label,
    struct key *key, struct buf *err)
{
	memset(key, 0, sizeof(*key));
	if (!key_crypto_init(err))
		return 0;
	if (n > KEY_FILE_MAX) {
		buf_printf(err, "%s: " NOT_KEY "太长" USE_KEYGEN, label);
		return 0;
	}
	return parse_key(text, n, label, 0, key, err);
}

/*
 * Makes key from a 32-byte seed (deterministic: for tests and fuzzing),
 * with a copy of name.  The caller frees it with key_free.  Returns 1, or
 * 0 with a message in err.
 */
int
key_from_seed(const unsigned char *seed, const char *name, struct key *key,
    struct buf *err)
{
	memset(key, 0, sizeof(*key));
	if (!key_crypto_init(err))
		return 0;
	if (name == NULL || !name_text_ok(name, strlen(name))) {
		buf_printf(err, "%s: 密钥名称不可用：不能为空、不能含控制字符，"
		    "最长 %d 字节", name ? name : "", KEY_NAME_MAX);
		return 0;
	}
	crypto_sign_seed_keypair(key->pk, key->sk, seed);
	key->has_sk = 1;
	key->name = xstrdup(name);
	set_id(key);
	return 1;
}

/*
 * Erases the secret key and frees the name; key is left cleared.  NULL
 * and a cleared key are fine.
 */
void
key_free(struct key *key)
{
	if (key == NULL)
		return;
	free(key->name);
	sodium_memzero(key, sizeof(*key));
}

/* Writes the SHA-256 of p[0..n) as 64 hex digits and a NUL into out. */
void
key_sha256_hex(char out[65], const void *p, size_t n)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}
