#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "bundle/key.h"

#define USE_KEYGEN	"（请使用 shouhu-collect keygen 生成的文件）"
#define NOT_KEY		"不是 Shouhu 密钥文件："

/* A fresh temporary folder for each test, removed afterwards. */
static char dir[64];

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	strcpy(dir, "/tmp/test_keys.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

/* dir/name, in a static buffer (two in turn). */
static const char *
at(const char *name)
{
	static char	 b[2][512];
	static int	 k;

	k = !k;
	snprintf(b[k], sizeof(b[k]), "%s/%s", dir, name);
	return b[k];
}

/* The number of entries in dir (without . and ..). */
static int
count_files(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
slurp(const char *path, struct buf *b)
{
	buf_clear(b);
	assert_true(files_read(b, path));
}

static void
spit(const char *path, const char *s, size_t n, mode_t mode)
{
	int	 fd;

	unlink(path);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) >= 0);
	assert_int_equal(write(fd, s, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static mode_t
mode_of(const char *path)
{
	struct stat	 st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void
test_generate_and_load(void **state)
{
	struct buf	 err = BUF_INIT, text = BUF_INIT;
	struct key	 sk, pk;
	unsigned char	 h[32], sig[64];
	char		 id[17];
	const char	*msg = "报送数据";

	assert_int_equal(key_generate(dir, "新兖镇市场监管所", &err), 1);
	assert_string_equal(err.ptr, "");
	assert_int_equal(count_files(), 2);
	assert_int_equal(mode_of(at("新兖镇市场监管所.key")), 0600);
	assert_int_equal(mode_of(at("新兖镇市场监管所.pub")), 0644);

	/* the formats of keys.h */
	slurp(at("新兖镇市场监管所.key"), &text);
	assert_int_equal(text.len, strlen("shouhu-secret-key 1\nname: "
	    "新兖镇市场监管所\nkey: \n") + 88);
	assert_memory_equal(text.ptr, "shouhu-secret-key 1\nname: 新兖镇市场"
	    "监管所\nkey: ", text.len - 89);
	assert_int_equal(text.ptr[text.len - 1], '\n');
	assert_int_equal(strspn(text.ptr + text.len - 89, "ABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="), 88);
	slurp(at("新兖镇市场监管所.pub"), &text);
	assert_int_equal(text.len, strlen("shouhu-public-key 1\nname: "
	    "新兖镇市场监管所\nkey: \n") + 44);
	assert_memory_equal(text.ptr, "shouhu-public-key 1\nname: 新兖镇市场"
	    "监管所\nkey: ", text.len - 45);

	assert_int_equal(key_load_secret(at("新兖镇市场监管所.key"), &sk, &err),
	    1);
	assert_int_equal(key_load_public(at("新兖镇市场监管所.pub"), &pk, &err),
	    1);
	assert_string_equal(err.ptr, "");
	assert_string_equal(sk.name, "新兖镇市场监管所");
	assert_string_equal(pk.name, "新兖镇市场监管所");
	assert_int_equal(sk.has_sk, 1);
	assert_int_equal(pk.has_sk, 0);
	assert_memory_equal(sk.pk, pk.pk, 32);
	assert_memory_equal(sk.sk + 32, pk.pk, 32);
	crypto_hash_sha256(h, pk.pk, 32);
	sodium_bin2hex(id, sizeof(id), h, 8);
	assert_string_equal(pk.id, id);
	assert_string_equal(sk.id, id);

	/* the pair works */
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    strlen(msg), sk.sk);
	assert_int_equal(crypto_sign_verify_detached(sig,
	    (const unsigned char *)msg, strlen(msg), pk.pk), 0);

	/* from memory, as the ingest registry stores it */
	slurp(at("新兖镇市场监管所.pub"), &text);
	key_free(&pk);
	assert_int_equal(key_parse_public(text.ptr, text.len, "登记表", &pk,
	    &err), 1);
	assert_memory_equal(sk.pk, pk.pk, 32);
	assert_string_equal(pk.id, id);

	key_free(&sk);
	assert_null(sk.name);
	assert_int_equal(sk.has_sk, 0);
	assert_true(sodium_is_zero(sk.sk, sizeof(sk.sk)));
	key_free(&pk);
	buf_free(&err);
	buf_free(&text);
}

static void
test_two_keys_differ(void **state)
{
	struct buf	 err = BUF_INIT;
	struct key	 a, b;

	assert_int_equal(key_generate(dir, "unit-1_a.b", &err), 1);
	assert_int_equal(key_generate(dir, "unit-2", &err), 1);
	assert_int_equal(key_load_public(at("unit-1_a.b.pub"), &a, &err), 1);
	assert_int_equal(key_load_public(at("unit-2.pub"), &b, &err), 1);
	assert_memory_not_equal(a.pk, b.pk, 32);
	assert_string_not_equal(a.id, b.id);
	key_free(&a);
	key_free(&b);
	buf_free(&err);
}

static void
test_current_folder(void **state)
{
	struct buf	 err = BUF_INIT;
	char		 cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(key_generate(NULL, "本地", &err), 1);
	assert_int_equal(key_generate(NULL, "本地", &err), 0);
	assert_string_equal(err.ptr, "本地.key 已经存在：为防止覆盖密钥，请换"
	    "一个名字或先移走旧文件");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(mode_of(at("本地.key")), 0600);
	assert_int_equal(count_files(), 2);
	buf_free(&err);
}

static void
test_refuse_overwrite(void **state)
{
	struct buf	 err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	char		 want[600];

	assert_int_equal(key_generate(dir, "专项办", &err), 1);
	slurp(at("专项办.key"), &before);
	assert_int_equal(key_generate(dir, "专项办", &err), 0);
	snprintf(want, sizeof(want), "%s 已经存在：为防止覆盖密钥，请换一个"
	    "名字或先移走旧文件", at("专项办.key"));
	assert_string_equal(err.ptr, want);
	slurp(at("专项办.key"), &after);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.ptr, after.ptr, before.len);
	assert_int_equal(count_files(), 2);

	/* only the .pub is there: still nothing is written */
	assert_int_equal(unlink(at("专项办.key")), 0);
	buf_clear(&err);
	assert_int_equal(key_generate(dir, "专项办", &err), 0);
	snprintf(want, sizeof(want), "%s 已经存在：为防止覆盖密钥，请换一个"
	    "名字或先移走旧文件", at("专项办.pub"));
	assert_string_equal(err.ptr, want);
	assert_int_equal(count_files(), 1);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void
test_missing_folder(void **state)
{
	struct buf	 err = BUF_INIT;
	char		 want[600];

	assert_int_equal(key_generate(at("nope"), "x", &err), 0);
	snprintf(want, sizeof(want), "%s/x.key: 无法写入私钥文件：文件或文件夹不存在", at("nope"));
	assert_string_equal(err.ptr, want);
	assert_int_equal(count_files(), 0);
	buf_free(&err);
}

static void
test_bad_names(void **state)
{
	static const char *const bad[] = {
		"", "a/b", "../x", "..", ".", ".hidden", "-rf", "a b", "a\nb",
		"a\\b", "a:b", "名字（一）", "a*b", "tab\t", "\xff\xfe",
		"\xe6\x96", "a\x7f",
		/* 34 CJK characters: 102 bytes */
		"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四"
	};
	struct buf	 err = BUF_INIT;
	char		 want[600];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_clear(&err);
		assert_int_equal(key_generate(dir, bad[i], &err), 0);
		snprintf(want, sizeof(want), "%s: 密钥名称不可用：名称只能包含"
		    "汉字、字母、数字和 - _ .，不能以 . 或 - 开头，最长 100 字节"
		    "；请换一个名字", bad[i]);
		assert_string_equal(err.ptr, want);
	}
	assert_int_equal(count_files(), 0);
	/* 33 CJK characters are 99 bytes: fine */
	assert_int_equal(key_generate(dir, "一二三四五六七八九十一二三四五六七八"
	    "九十一二三四五六七八九十一二三", &err), 1);
	assert_int_equal(count_files(), 2);
	buf_free(&err);
}

/*
 * key_generate_as: the files are named by file, the key by name, which may
 * be any text (a unit kit's 单位.key names its unit, brackets and all).
 */
static void
test_generate_as(void **state)
{
	struct buf	 err = BUF_INIT;
	struct key	 sk, pk;

	assert_int_equal(key_generate_as(dir, "单位", "新兖镇市场监管所（一）",
	    &err), 1);
	assert_string_equal(err.ptr, "");
	assert_int_equal(count_files(), 2);
	assert_int_equal(mode_of(at("单位.key")), 0600);
	assert_int_equal(mode_of(at("单位.pub")), 0644);
	assert_int_equal(key_load_secret(at("单位.key"), &sk, &err), 1);
	assert_int_equal(key_load_public(at("单位.pub"), &pk, &err), 1);
	assert_string_equal(sk.name, "新兖镇市场监管所（一）");
	assert_string_equal(pk.name, "新兖镇市场监管所（一）");
	assert_memory_equal(sk.pk, pk.pk, sizeof(pk.pk));
	key_free(&sk);
	key_free(&pk);
	/* never over existing files; a name with a line break: nothing */
	assert_int_equal(key_generate_as(dir, "单位", "另一个", &err), 0);
	assert_non_null(strstr(err.ptr, "单位.key 已经存在"));
	buf_clear(&err);
	assert_int_equal(key_generate_as(dir, "单位2", "a\nb", &err), 0);
	assert_string_equal(err.ptr, "a\nb: 密钥名称不可用：不能为空、不能含控制"
	    "字符，最长 100 字节");
	assert_int_equal(count_files(), 2);
	buf_free(&err);
}

/* Writes text as file name (mode mode), then loads it, expecting msg. */
static void
load_bad(const char *name, const char *text, size_t n, mode_t mode,
    int secret, const char *msg)
{
	struct buf	 err = BUF_INIT;
	struct key	 k;
	char		 want[1024];

	spit(at(name), text, n, mode);
	if (secret)
		assert_int_equal(key_load_secret(at(name), &k, &err), 0);
	else
		assert_int_equal(key_load_public(at(name), &k, &err), 0);
	snprintf(want, sizeof(want), "%s: %s", at(name), msg);
	assert_string_equal(err.ptr, want);
	assert_null(k.name);
	assert_int_equal(k.has_sk, 0);
	key_free(&k);
	buf_free(&err);
}

static void
test_malformed(void **state)
{
	struct buf	 err = BUF_INIT, sk = BUF_INIT, pk = BUF_INIT;
	struct buf	 t = BUF_INIT;
	const char	*skey, *pkey;
	char		*p;
	struct key	 k;

	assert_int_equal(key_generate(dir, "u", &err), 1);
	slurp(at("u.key"), &sk);
	slurp(at("u.pub"), &pk);
	skey = strstr(sk.ptr, "key: ") + 5;
	pkey = strstr(pk.ptr, "key: ") + 5;

	load_bad("a.key", "", 0, 0600, 1, NOT_KEY "第一行应为 “shouhu-secret-"
	    "key 1”" USE_KEYGEN);
	load_bad("a.key", "-----BEGIN OPENSSH PRIVATE KEY-----\n", 36, 0600, 1,
	    NOT_KEY "第一行应为 “shouhu-secret-key 1”" USE_KEYGEN);
	load_bad("a.key", "shouhu-secret-key 2\nname: u\nkey: x\n", 35, 0600,
	    1, NOT_KEY "第一行应为 “shouhu-secret-key 1”" USE_KEYGEN);
	load_bad("a.key", "shouhu-secret-key 1\nname: u\n", 28, 0600, 1,
	    NOT_KEY "应当正好有三行：标题、name:、key:" USE_KEYGEN);

	/* an extra line, an extra blank line, a NUL */
	buf_set(&t, sk.ptr, sk.len);
	buf_puts(&t, "more\n");
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "应当正好有三行："
	    "标题、name:、key:" USE_KEYGEN);
	buf_set(&t, sk.ptr, sk.len);
	buf_puts(&t, "\n");
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "应当正好有三行："
	    "标题、name:、key:" USE_KEYGEN);
	buf_set(&t, sk.ptr, sk.len);
	t.ptr[22] = '\0';
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "应当正好有三行："
	    "标题、name:、key:" USE_KEYGEN);

	/* the name line */
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nnom: u\nkey: %s", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第二行应为 “name: "
	    "名称”（名称不超过 100 字节，不含控制字符）" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: \nkey: %s", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第二行应为 “name: "
	    "名称”（名称不超过 100 字节，不含控制字符）" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: a\tb\nkey: %s", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第二行应为 “name: "
	    "名称”（名称不超过 100 字节，不含控制字符）" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: \xc3\x28\nkey: %s", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第二行应为 “name: "
	    "名称”（名称不超过 100 字节，不含控制字符）" USE_KEYGEN);

	/* the key line: not base64, padding wrong, space, wrong length */
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: u\nkey: %.87s!\n", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第三行应为 “key: ” "
	    "加 64 字节密钥的 base64" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: u\nkey: %.86s\n", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第三行应为 “key: ” "
	    "加 64 字节密钥的 base64" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: u\nkey:  %.88s\n", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第三行应为 “key: ” "
	    "加 64 字节密钥的 base64" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nname: u\nkey: %.44s\n", pkey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第三行应为 “key: ” "
	    "加 64 字节密钥的 base64" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-public-key 1\nname: u\nkey: %.88s\n", skey);
	load_bad("a.pub", t.ptr, t.len, 0644, 0, NOT_KEY "第三行应为 “key: ” "
	    "加 32 字节密钥的 base64" USE_KEYGEN);
	buf_clear(&t);
	buf_printf(&t, "shouhu-secret-key 1\nkey: %.88s\nname: u\n", skey);
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "第二行应为 “name: "
	    "名称”（名称不超过 100 字节，不含控制字符）" USE_KEYGEN);

	/* the halves of the secret key disagree */
	buf_set(&t, sk.ptr, sk.len);
	p = strstr(t.ptr, "key: ") + 5 + 60;
	*p = *p == 'A' ? 'B' : 'A';
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "私钥的两半不一致，"
	    "文件已损坏" USE_KEYGEN);

	/* a public key that is no usable point */
	buf_clear(&t);
	buf_printf(&t, "shouhu-public-key 1\nname: u\nkey: AAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAA=\n");
	load_bad("a.pub", t.ptr, t.len, 0644, 0, NOT_KEY "不是有效的 Ed25519 "
	    "公钥" USE_KEYGEN);

	/* too large, not a file, not there */
	buf_clear(&t);
	while (t.len < 5000)
		buf_puts(&t, "shouhu-secret-key 1\n");
	load_bad("a.key", t.ptr, t.len, 0600, 1, NOT_KEY "文件太大" USE_KEYGEN);
	assert_int_equal(mkdir(at("d.key"), 0700), 0);
	assert_int_equal(key_load_secret(at("d.key"), &k, &err), 0);
	assert_string_equal(strchr(err.ptr, ' ') + 1, NOT_KEY "不是普通文件"
	    USE_KEYGEN);
	buf_clear(&err);
	assert_int_equal(key_load_public(at("none.pub"), &k, &err), 0);
	assert_string_equal(strchr(err.ptr, ' ') + 1, "无法打开密钥文件：文件或文件夹不存在"
	    "：请检查文件名，公钥文件以 .pub 结尾");
	buf_clear(&err);
	assert_int_equal(key_load_secret(at("none.key"), &k, &err), 0);
	assert_string_equal(strchr(err.ptr, ' ') + 1, "无法打开密钥文件：文件或文件夹不存在"
	    "：请检查文件名；单位还没有密钥时，用 "
	    "shouhu-collect keygen 单位名称 生成");

	buf_free(&err);
	buf_free(&sk);
	buf_free(&pk);
	buf_free(&t);
}

static void
test_line_endings(void **state)
{
	struct buf	 err = BUF_INIT, sk = BUF_INIT, t = BUF_INIT;
	struct key	 a, b;
	size_t		 i;

	assert_int_equal(key_generate(dir, "u", &err), 1);
	slurp(at("u.key"), &sk);
	assert_int_equal(key_load_secret(at("u.key"), &a, &err), 1);

	/* CRLF (a file that passed through Windows) */
	buf_clear(&t);
	for (i = 0; i < sk.len; i++) {
		if (sk.ptr[i] == '\n')
			buf_putc(&t, '\r');
		buf_putc(&t, sk.ptr[i]);
	}
	spit(at("crlf.key"), t.ptr, t.len, 0600);
	assert_int_equal(key_load_secret(at("crlf.key"), &b, &err), 1);
	assert_memory_equal(a.sk, b.sk, 64);
	key_free(&b);

	/* no final newline */
	spit(at("nonl.key"), sk.ptr, sk.len - 1, 0600);
	assert_int_equal(key_load_secret(at("nonl.key"), &b, &err), 1);
	assert_memory_equal(a.sk, b.sk, 64);
	assert_string_equal(err.ptr, "");
	key_free(&b);
	key_free(&a);
	buf_free(&err);
	buf_free(&sk);
	buf_free(&t);
}

static void
test_secret_mode(void **state)
{
	struct buf	 err = BUF_INIT;
	struct key	 k;
	char		 want[1024];
	const char	*path;

	assert_int_equal(key_generate(dir, "u", &err), 1);
	path = at("u.key");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(key_load_secret(path, &k, &err), 0);
	snprintf(want, sizeof(want), "%s: 私钥文件的权限是 0640，其他用户也能"
	    "读取：请运行 chmod 600 %s 后再试", path, path);
	assert_string_equal(err.ptr, want);
	assert_int_equal(chmod(path, 0604), 0);
	buf_clear(&err);
	assert_int_equal(key_load_secret(path, &k, &err), 0);
	snprintf(want, sizeof(want), "%s: 私钥文件的权限是 0604，其他用户也能"
	    "读取：请运行 chmod 600 %s 后再试", path, path);
	assert_string_equal(err.ptr, want);
	assert_int_equal(chmod(path, 0400), 0);
	assert_int_equal(key_load_secret(path, &k, &err), 1);
	key_free(&k);
	buf_free(&err);
}

static void
test_wrong_kind(void **state)
{
	struct buf	 err = BUF_INIT, t = BUF_INIT;
	struct key	 k;
	char		 want[1024];

	assert_int_equal(key_generate(dir, "u", &err), 1);
	assert_int_equal(key_load_secret(at("u.pub"), &k, &err), 0);
	snprintf(want, sizeof(want), "%s: 这是公钥文件（.pub），不是私钥：请改用"
	    "同名的 .key 文件", at("u.pub"));
	assert_string_equal(err.ptr, want);
	buf_clear(&err);
	assert_int_equal(key_load_public(at("u.key"), &k, &err), 0);
	snprintf(want, sizeof(want), "%s: 这是私钥文件（.key），不是公钥：请改用"
	    "同名的 .pub 文件（私钥不要交给任何人）", at("u.key"));
	assert_string_equal(err.ptr, want);
	buf_clear(&err);
	slurp(at("u.key"), &t);
	assert_int_equal(key_parse_public(t.ptr, t.len, "登记表", &k, &err), 0);
	assert_string_equal(err.ptr, "登记表: 这是私钥文件（.key），不是公钥："
	    "请改用同名的 .pub 文件（私钥不要交给任何人）");
	buf_clear(&err);
	assert_int_equal(key_parse_public("hello", 5, "登记表", &k, &err), 0);
	assert_string_equal(err.ptr, "登记表: " NOT_KEY "第一行应为 “shouhu-"
	    "public-key 1”" USE_KEYGEN);
	buf_free(&err);
	buf_free(&t);
}

static void
test_from_seed(void **state)
{
	static const unsigned char seed[32] = { 1, 2, 3 };
	struct buf	 err = BUF_INIT;
	struct key	 a, b;

	assert_int_equal(key_from_seed(seed, "测试单位", &a, &err), 1);
	assert_int_equal(key_from_seed(seed, "测试单位", &b, &err), 1);
	assert_memory_equal(a.sk, b.sk, 64);
	assert_string_equal(a.id, b.id);
	assert_int_equal(strlen(a.id), 16);
	assert_int_equal(a.has_sk, 1);
	key_free(&b);
	assert_int_equal(key_from_seed(seed, "", &b, &err), 0);
	assert_string_equal(err.ptr, ": 密钥名称不可用：不能为空、不能含控制"
	    "字符，最长 100 字节");
	key_free(&a);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generate_and_load, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_two_keys_differ, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_current_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refuse_overwrite, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_generate_as, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_line_endings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_secret_mode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_kind, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_from_seed, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
