#include <dirent.h>
#include <errno.h>
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
#include <zip.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "bundle/bundle.h"
#include "craft.h"
#include "bundle/key.h"

#define NOT_BUNDLE	"不是 Shouhu 数据包："
#define PICK		"；请选择 shouhu-collect pack 生成的 .zip 文件"
#define CORRUPT		"数据包已损坏或被改动："
#define RESEND		"；请让报送单位重新打包发送"
#define SUSPECT		"数据包可疑，已拒绝："
#define NOT_OURS	"；这不是 shouhu-collect 生成的数据包，请勿打开，并与报送单位核实"

#define MTIME		1653638400	/* 2022-05-27T08:00:00Z */
#define CREATED		"2022-05-27T08:00:00Z"

/*
 * The keys of the fuzz target (tests/fuzz/fuzz_bundle.c uses the same
 * seeds), so the corpus seeds made here verify there.
 */
static const unsigned char unit_seed[32] = "shouhu fuzz unit key seed 000001";
static const unsigned char office_seed[32] = "shouhu fuzz office key seed 0001";
static const unsigned char other_seed[32] = "shouhu test other unit seed 0001";
static const unsigned char office2_seed[32] = "shouhu test other office seed 01";

static const char csv_hazard[] =
    "department,domain,focus,date,hazards\n"
    "市场监管局,网络空间,虚假宣传,2022-05-23,\"直播间夸大保健品功效\n"
    "诱导老人囤货\"\n"
    "民政局,养老服务机构/场所,其他违法经营,2022-05-24,预收费过高\n";
static const char csv_stats[] = "police_letters,procuratorate\n3,1\n";

static struct key unit, other, office, office2;
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
group_setup(void **state)
{
	struct buf	 err = BUF_INIT;
	int		 ok;

	ok = key_from_seed(unit_seed, "新兖镇市场监管所", &unit, &err) &&
	    key_from_seed(other_seed, "别的单位", &other, &err) &&
	    key_from_seed(office_seed, "县专项办", &office, &err) &&
	    key_from_seed(office2_seed, "市专项办", &office2, &err);
	buf_free(&err);
	strcpy(dir, "/tmp/test_bundle.XXXXXX");
	return ok && mkdtemp(dir) != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	key_free(&unit);
	key_free(&other);
	key_free(&office);
	key_free(&office2);
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

static const char *
at(const char *name)
{
	static char	 b[2][512];
	static int	 k;

	k = !k;
	snprintf(b[k], sizeof(b[k]), "%s/%s", dir, name);
	return b[k];
}

/* The two-form bundle of unit, for period 2022-W21. */
static void
make(struct bundle *b, const char *created)
{
	bundle_init(b);
	b->unit_code = strdup("XYZ-01");
	b->period = strdup("2022-W21");
	b->collector = strdup("shouhu-collect 0.1.0");
	if (created != NULL)
		b->created = strdup(created);
	assert_int_equal(bundle_add(b, "hazard_ledger", 2, csv_hazard,
	    sizeof(csv_hazard) - 1, 2), 1);
	assert_int_equal(bundle_add(b, "campaign_stats", 1, csv_stats,
	    sizeof(csv_stats) - 1, 1), 1);
}

/* Writes the bundle (sealed to office, if not NULL) and returns its bytes. */
static void
written(struct buf *z, const struct key *to)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;

	make(&b, CREATED);
	if (!bundle_write(at("w.zip"), &b, &unit, to, &err))
		fail_msg("bundle_write: %s", err.ptr);
	buf_clear(z);
	assert_true(files_read(z, at("w.zip")));
	bundle_free(&b);
	buf_free(&err);
}

/* Reads z expecting the message "b.zip: msg". */
/* Reads z, which must be refused with msg; returns the bytes inflated
 * on the way. */
static size_t
reject(const struct buf *z, const char *msg)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;

	if (bundle_read_mem(z->ptr, z->len, "b.zip", &b, &err))
		fail_msg("accepted, wanted: %s", msg);
	assert_string_equal(err.ptr + strlen("b.zip: "), msg);
	assert_memory_equal(err.ptr, "b.zip: ", 7);
	assert_int_equal(b.nparts, 0);
	assert_null(b.parts);
	assert_int_equal(b.manifest.len, 0);
	buf_free(&err);
	return b.inflated;
}

/* Saves z as a fuzz corpus seed, when $SHOUHU_BUNDLE_CORPUS names a folder. */
static void
seed(const char *name, const struct buf *z)
{
	const char	*out = getenv("SHOUHU_BUNDLE_CORPUS");
	char		 path[512];
	FILE		*f;

	if (out == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", out, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(z->ptr, 1, z->len, f), z->len);
	assert_int_equal(fclose(f), 0);
}

/* Reads z, which must be accepted and signed by unit. */
static void
accept(const struct buf *z)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;

	if (!bundle_read_mem(z->ptr, z->len, "b.zip", &b, &err))
		fail_msg("rejected: %s", err.ptr);
	assert_int_equal(bundle_verify_sig(&b, &unit, &err), 1);
	bundle_free(&b);
	buf_free(&err);
}

/* The parts of a valid bundle, to build crafted zips from. */
struct parts {
	struct buf	 manifest, sig, stats, hazard;
};

static void
parts_get(struct parts *p, const struct key *to)
{
	struct buf	 z = BUF_INIT;
	struct buf	*dst[4] = { &p->manifest, &p->sig, &p->stats,
			    &p->hazard };
	const char	*names[4] = { "manifest.json", "manifest.sig",
			    "data/campaign_stats.csv", "data/hazard_ledger.csv" };
	char		 name[64];
	int		 k;

	written(&z, to);
	for (k = 0; k < 4; k++) {
		snprintf(name, sizeof(name), "%s%s", names[k],
		    to && k >= 2 ? ".sealed" : "");
		buf_init(dst[k]);
		craft_entry(&z, name, dst[k]);
	}
	buf_free(&z);
}

static void
parts_free(struct parts *p)
{
	buf_free(&p->manifest);
	buf_free(&p->sig);
	buf_free(&p->stats);
	buf_free(&p->hazard);
}

#define ENT(n, b)	{ (n), (b).ptr, (b).len, 0, 0, 0, 0, 0 }
#define PARTS(p)	ENT("manifest.json", (p).manifest), \
			ENT("manifest.sig", (p).sig), \
			ENT("data/campaign_stats.csv", (p).stats), \
			ENT("data/hazard_ledger.csv", (p).hazard)

/* ---- the tests ---- */

static void
test_roundtrip_plain(void **state)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT, z = BUF_INIT;

	written(&z, NULL);
	assert_int_equal(bundle_read(at("w.zip"), &b, &err), 1);
	assert_string_equal(err.ptr, "");
	assert_string_equal(b.unit_code, "XYZ-01");
	assert_string_equal(b.unit_name, "新兖镇市场监管所");
	assert_string_equal(b.period, "2022-W21");
	assert_string_equal(b.created, CREATED);
	assert_string_equal(b.collector, "shouhu-collect 0.1.0");
	assert_int_equal(b.sealed, 0);
	assert_null(b.sealed_to);
	assert_int_equal(b.nparts, 2);
	assert_string_equal(b.parts[0].form, "campaign_stats");
	assert_string_equal(b.parts[0].file, "data/campaign_stats.csv");
	assert_int_equal(b.parts[0].version, 1);
	assert_int_equal(b.parts[0].rows, 1);
	assert_int_equal(b.parts[0].plain, 1);
	assert_string_equal(b.parts[0].csv.ptr, csv_stats);
	assert_string_equal(b.parts[1].form, "hazard_ledger");
	assert_int_equal(b.parts[1].version, 2);
	assert_int_equal(b.parts[1].rows, 2);
	assert_string_equal(b.parts[1].csv.ptr, csv_hazard);
	assert_int_equal(b.parts[1].csv.len, sizeof(csv_hazard) - 1);

	assert_int_equal(bundle_verify_sig(&b, &unit, &err), 1);
	assert_int_equal(bundle_verify_sig(&b, &other, &err), 0);
	assert_string_equal(err.ptr, "签名无效：这个数据包不是由该单位的密钥"
	    "签名的，或在传送中被改动");
	/* nothing to open */
	assert_int_equal(bundle_open_sealed(&b, &office, &err), 1);
	bundle_free(&b);

	/* the same bytes from memory */
	buf_clear(&err);
	assert_int_equal(bundle_read_mem(z.ptr, z.len, "x", &b, &err), 1);
	assert_int_equal(bundle_verify_sig(&b, &unit, &err), 1);
	bundle_free(&b);
	buf_free(&z);
	buf_free(&err);
}

static void
test_roundtrip_sealed(void **state)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT, z = BUF_INIT;
	struct key	 pub;
	char		 want[512];

	written(&z, &office);
	assert_int_equal(bundle_read(at("w.zip"), &b, &err), 1);
	assert_int_equal(b.sealed, 1);
	assert_string_equal(b.sealed_to, office.id);
	assert_int_equal(b.nparts, 2);
	assert_string_equal(b.parts[0].file, "data/campaign_stats.csv.sealed");
	assert_string_equal(b.parts[1].file, "data/hazard_ledger.csv.sealed");
	assert_int_equal(b.parts[0].plain, 0);
	assert_int_equal(b.parts[0].csv.len, 0);
	assert_int_equal(b.parts[0].sealed.len,
	    sizeof(csv_stats) - 1 + crypto_box_SEALBYTES);
	assert_int_equal(bundle_verify_sig(&b, &unit, &err), 1);

	/* another office's key, or only the public half */
	assert_int_equal(bundle_open_sealed(&b, &office2, &err), 0);
	snprintf(want, sizeof(want), "无法解密：这个数据包是加密给另一个专项办"
	    "密钥的（%s），不是这把密钥（%s）", office.id, office2.id);
	assert_string_equal(err.ptr, want);
	pub = office;
	pub.has_sk = 0;
	buf_clear(&err);
	assert_int_equal(bundle_open_sealed(&b, &pub, &err), 0);
	assert_string_equal(err.ptr, "无法解密：需要专项办的私钥（.key 文件），"
	    "公钥不能解密");
	assert_int_equal(b.parts[1].plain, 0);

	assert_int_equal(bundle_open_sealed(&b, &office, &err), 1);
	assert_int_equal(b.parts[0].plain, 1);
	assert_int_equal(b.parts[1].plain, 1);
	assert_string_equal(b.parts[0].csv.ptr, csv_stats);
	assert_string_equal(b.parts[1].csv.ptr, csv_hazard);
	bundle_free(&b);

	/* sealed to office2's key but labelled as office's */
	assert_int_equal(bundle_read(at("w.zip"), &b, &err), 1);
	free(b.sealed_to);
	b.sealed_to = strdup(office2.id);
	buf_clear(&err);
	assert_int_equal(bundle_open_sealed(&b, &office2, &err), 0);
	assert_string_equal(err.ptr, "无法解密：data/campaign_stats.csv.sealed "
	    "不是加密给这把专项办密钥的，或已损坏");
	assert_int_equal(b.parts[0].plain, 0);
	assert_int_equal(b.parts[0].csv.len, 0);
	bundle_free(&b);

	/* the id is checked against the decrypted contents */
	assert_int_equal(bundle_read(at("w.zip"), &b, &err), 1);
	b.id[0] = b.id[0] == '0' ? '1' : '0';
	buf_clear(&err);
	assert_int_equal(bundle_open_sealed(&b, &office, &err), 0);
	assert_string_equal(err.ptr, CORRUPT "bundle_id 与解密后的内容不符"
	    RESEND);
	assert_int_equal(b.parts[1].plain, 0);
	bundle_free(&b);
	buf_free(&z);
	buf_free(&err);
}

/* The bundle id as DESIGN.md defines it, computed here independently. */
static void
expected_id(char id[65], const char *period)
{
	struct buf	 s = BUF_INIT;
	unsigned char	 h[32];
	char		 hs[65], hh[65];

	crypto_hash_sha256(h, (const unsigned char *)csv_stats,
	    sizeof(csv_stats) - 1);
	sodium_bin2hex(hs, sizeof(hs), h, 32);
	crypto_hash_sha256(h, (const unsigned char *)csv_hazard,
	    sizeof(csv_hazard) - 1);
	sodium_bin2hex(hh, sizeof(hh), h, 32);
	buf_printf(&s, "shouhu-bundle/1\nXYZ-01\n%s\ncampaign_stats\n1\n%s\n"
	    "hazard_ledger\n2\n%s\n", period, hs, hh);
	crypto_hash_sha256(h, (const unsigned char *)s.ptr, s.len);
	sodium_bin2hex(id, 65, h, 32);
	buf_free(&s);
}

static void
test_manifest_bytes(void **state)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	unsigned char	 h[32];
	char		 id[65], hs[65], hh[65];

	expected_id(id, "2022-W21");
	crypto_hash_sha256(h, (const unsigned char *)csv_stats,
	    sizeof(csv_stats) - 1);
	sodium_bin2hex(hs, sizeof(hs), h, 32);
	crypto_hash_sha256(h, (const unsigned char *)csv_hazard,
	    sizeof(csv_hazard) - 1);
	sodium_bin2hex(hh, sizeof(hh), h, 32);
	buf_printf(&want,
	    "{\n"
	    "  \"format\": \"shouhu-bundle/1\",\n"
	    "  \"bundle_id\": \"%s\",\n"
	    "  \"unit\": {\n"
	    "    \"code\": \"XYZ-01\",\n"
	    "    \"name\": \"新兖镇市场监管所\"\n"
	    "  },\n"
	    "  \"period\": \"2022-W21\",\n"
	    "  \"created\": \"2022-05-27T08:00:00Z\",\n"
	    "  \"collector\": \"shouhu-collect 0.1.0\",\n"
	    "  \"forms\": [\n"
	    "    {\n"
	    "      \"form\": \"campaign_stats\",\n"
	    "      \"version\": 1,\n"
	    "      \"file\": \"data/campaign_stats.csv\",\n"
	    "      \"rows\": 1,\n"
	    "      \"sha256\": \"%s\"\n"
	    "    },\n"
	    "    {\n"
	    "      \"form\": \"hazard_ledger\",\n"
	    "      \"version\": 2,\n"
	    "      \"file\": \"data/hazard_ledger.csv\",\n"
	    "      \"rows\": 2,\n"
	    "      \"sha256\": \"%s\"\n"
	    "    }\n"
	    "  ],\n"
	    "  \"encryption\": null\n"
	    "}\n", id, hs, hh);

	make(&b, CREATED);
	assert_int_equal(bundle_write(at("m.zip"), &b, &unit, NULL, &err), 1);
	assert_string_equal(b.id, id);
	assert_string_equal(b.manifest.ptr, want.ptr);
	assert_int_equal(crypto_sign_verify_detached(b.sig,
	    (const unsigned char *)want.ptr, want.len, unit.pk), 0);
	bundle_free(&b);

	/* sealed: the sealed files and their sums, and the encryption */
	make(&b, CREATED);
	assert_int_equal(bundle_write(at("m.zip"), &b, &unit, &office, &err),
	    1);
	assert_string_equal(b.id, id);
	buf_clear(&want);
	buf_printf(&want, "  \"encryption\": {\n"
	    "    \"alg\": \"x25519-xsalsa20poly1305-sealedbox\",\n"
	    "    \"to\": \"%s\"\n"
	    "  }\n"
	    "}\n", office.id);
	assert_non_null(strstr(b.manifest.ptr, want.ptr));
	assert_string_equal(strstr(b.manifest.ptr, want.ptr), want.ptr);
	assert_non_null(strstr(b.manifest.ptr,
	    "\"file\": \"data/hazard_ledger.csv.sealed\""));
	assert_null(strstr(b.manifest.ptr, hh));
	crypto_hash_sha256(h, (const unsigned char *)b.parts[1].sealed.ptr,
	    b.parts[1].sealed.len);
	sodium_bin2hex(hh, sizeof(hh), h, 32);
	assert_non_null(strstr(b.manifest.ptr, hh));
	bundle_free(&b);
	buf_free(&err);
	buf_free(&want);
}

static void
test_id_stable(void **state)
{
	struct bundle	 a, b, c;
	struct buf	 err = BUF_INIT;
	char		 id[65];

	make(&a, "2022-05-27T08:00:00Z");
	make(&b, NULL);
	assert_int_equal(bundle_write(at("a.zip"), &a, &unit, NULL, &err), 1);
	assert_int_equal(bundle_write(at("b.zip"), &b, &unit, &office, &err),
	    1);
	assert_string_equal(a.id, b.id);
	assert_string_not_equal(a.created, b.created);
	assert_int_equal(strlen(b.created), 20);
	assert_string_not_equal(a.manifest.ptr, b.manifest.ptr);

	/* the order the forms were added in does not matter */
	bundle_init(&c);
	c.unit_code = strdup("XYZ-01");
	c.period = strdup("2022-W21");
	assert_int_equal(bundle_add(&c, "campaign_stats", 1, csv_stats,
	    sizeof(csv_stats) - 1, 1), 1);
	assert_int_equal(bundle_add(&c, "hazard_ledger", 2, csv_hazard,
	    sizeof(csv_hazard) - 1, 2), 1);
	assert_int_equal(bundle_write(at("c.zip"), &c, &other, NULL, &err), 1);
	assert_string_equal(c.id, a.id);
	bundle_free(&c);

	/* other period, other content: other id */
	make(&c, NULL);
	free(c.period);
	c.period = strdup("2022-05");
	assert_int_equal(bundle_write(at("c.zip"), &c, &unit, NULL, &err), 1);
	expected_id(id, "2022-05");
	assert_string_equal(c.id, id);
	assert_string_not_equal(c.id, a.id);
	bundle_free(&c);
	make(&c, NULL);
	c.parts[1].csv.ptr[c.parts[1].csv.len - 2] = '2';
	assert_int_equal(bundle_write(at("c.zip"), &c, &unit, NULL, &err), 1);
	assert_string_not_equal(c.id, a.id);
	bundle_free(&c);

	/* writing again over the same b */
	assert_int_equal(bundle_write(at("a.zip"), &a, &unit, &office, &err),
	    1);
	assert_string_equal(a.id, b.id);
	assert_string_equal(a.parts[0].file, "data/campaign_stats.csv.sealed");
	assert_int_equal(bundle_write(at("a.zip"), &a, &unit, NULL, &err), 1);
	assert_string_equal(a.parts[0].file, "data/campaign_stats.csv");
	assert_null(a.sealed_to);
	assert_string_equal(err.ptr, "");
	bundle_free(&a);
	bundle_free(&b);
	buf_free(&err);
}

/* Whether dir has a file whose name contains s. */
static int
has_file(const char *s)
{
	DIR		*d;
	struct dirent	*e;
	int		 found = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, s) != NULL)
			found = 1;
	closedir(d);
	return found;
}

static void
test_write_errors(void **state)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;
	struct key	 pub;
	char		 want[1024];

	make(&b, CREATED);
	assert_int_equal(bundle_write(at("nope/b.zip"), &b, &unit, NULL, &err),
	    0);
	snprintf(want, sizeof(want), "%s: 无法写入：文件或文件夹不存在",
	    at("nope/b.zip"));
	assert_string_equal(err.ptr, want);

	/* a folder in the way: the rename fails, the temp file goes */
	assert_int_equal(mkdir(at("dir.zip"), 0755), 0);
	buf_clear(&err);
	assert_int_equal(bundle_write(at("dir.zip"), &b, &unit, NULL, &err),
	    0);
	snprintf(want, sizeof(want), "%s: 无法写入：这是一个文件夹，不是文件",
	    at("dir.zip"));
	assert_string_equal(err.ptr, want);
	assert_int_equal(has_file(".tmp-"), 0);

	/* no secret key */
	pub = unit;
	pub.has_sk = 0;
	buf_clear(&err);
	assert_int_equal(bundle_write(at("k.zip"), &b, &pub, NULL, &err), 0);
	snprintf(want, sizeof(want), "%s: 打包需要本单位的私钥（.key 文件）",
	    at("k.zip"));
	assert_string_equal(err.ptr, want);

	/* unit code, period, created */
	free(b.unit_code);
	b.unit_code = strdup("XYZ 01");
	buf_clear(&err);
	assert_int_equal(bundle_write(at("k.zip"), &b, &unit, NULL, &err), 0);
	snprintf(want, sizeof(want), "%s: 单位代码“XYZ 01”不可用：只能用字母、"
	    "数字、- 和 _，最长 32 个字符", at("k.zip"));
	assert_string_equal(err.ptr, want);
	free(b.unit_code);
	b.unit_code = strdup("XYZ-01");
	free(b.period);
	b.period = strdup("2022-13");
	buf_clear(&err);
	assert_int_equal(bundle_write(at("k.zip"), &b, &unit, NULL, &err), 0);
	snprintf(want, sizeof(want), "%s: 报送周期“2022-13”不可用：应为 "
	    "2022-W21（周）或 2022-05（月）", at("k.zip"));
	assert_string_equal(err.ptr, want);
	free(b.period);
	b.period = strdup("2022-W53");
	free(b.created);
	b.created = strdup("2022-05-27 08:00:00");
	buf_clear(&err);
	assert_int_equal(bundle_write(at("k.zip"), &b, &unit, NULL, &err), 0);
	snprintf(want, sizeof(want), "%s: 创建时间“2022-05-27 08:00:00”不可用："
	    "应为 YYYY-MM-DDTHH:MM:SSZ（UTC）", at("k.zip"));
	assert_string_equal(err.ptr, want);
	assert_int_equal(has_file("k.zip"), 0);
	bundle_free(&b);

	/* nothing to pack */
	bundle_init(&b);
	b.unit_code = strdup("XYZ-01");
	b.period = strdup("2022-05");
	buf_clear(&err);
	assert_int_equal(bundle_write(at("k.zip"), &b, &unit, NULL, &err), 0);
	snprintf(want, sizeof(want), "%s: 数据包里没有任何表：请至少给出一个 "
	    "表名=文件", at("k.zip"));
	assert_string_equal(err.ptr, want);
	assert_int_equal(has_file("k.zip"), 0);
	bundle_free(&b);
	buf_free(&err);
}

static void
test_add(void **state)
{
	struct bundle	 b;

	bundle_init(&b);
	assert_int_equal(bundle_add(&b, "Hazard", 1, "", 0, 0), 0);
	assert_int_equal(bundle_add(&b, "", 1, "", 0, 0), 0);
	assert_int_equal(bundle_add(&b, "../x", 1, "", 0, 0), 0);
	assert_int_equal(bundle_add(&b, "a.b", 1, "", 0, 0), 0);
	assert_int_equal(bundle_add(&b, "a", 0, "", 0, 0), 0);
	assert_int_equal(bundle_add(&b, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaa", 1, "", 0, 0), 0);
	assert_int_equal(b.nparts, 0);
	assert_int_equal(bundle_add(&b, "case_2", 1, "x\n", 2, 0), 1);
	assert_int_equal(bundle_add(&b, "case_2", 1, "x\n", 2, 0), 0);
	assert_int_equal(b.nparts, 1);
	assert_int_equal(b.parts[0].plain, 1);
	assert_string_equal(b.parts[0].csv.ptr, "x\n");
	bundle_free(&b);
	assert_int_equal(b.nparts, 0);
}

/* An empty CSV and a large, very repetitive one (stored, not deflated). */
static void
test_sizes(void **state)
{
	struct bundle	 b, r;
	struct buf	 err = BUF_INIT, big = BUF_INIT;

	while (big.len < (3u << 20))
		buf_puts(&big, "a,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n");
	bundle_init(&b);
	b.unit_code = strdup("U");
	b.period = strdup("2022-05");
	assert_int_equal(bundle_add(&b, "empty", 1, "", 0, 0), 1);
	assert_int_equal(bundle_add(&b, "big", 1, big.ptr, big.len, 1), 1);
	assert_int_equal(bundle_write(at("s.zip"), &b, &unit, NULL, &err), 1);
	assert_int_equal(bundle_read(at("s.zip"), &r, &err), 1);
	assert_int_equal(r.parts[0].csv.len, big.len);
	assert_memory_equal(r.parts[0].csv.ptr, big.ptr, big.len);
	assert_int_equal(r.parts[1].csv.len, 0);
	assert_string_equal(r.id, b.id);
	bundle_free(&r);
	bundle_free(&b);
	buf_free(&big);
	buf_free(&err);
}

/*
 * Deflate streams of every block type pass the walk that checks where they
 * end: stored blocks (random bytes), several dynamic blocks (a long varied
 * text) and fixed codes (short ones), each as the writer deflates it.
 */
static void
test_deflate_kinds(void **state)
{
	struct bundle	 b, r;
	struct buf	 err = BUF_INIT, rnd = BUF_INIT, txt = BUF_INIT;
	unsigned char	 x[4];
	size_t		 i, k, ndef = 0, pos;
	char		 name[16];
	struct buf	 z = BUF_INIT;

	buf_grow(&rnd, 300000);
	randombytes_buf(rnd.ptr, 300000);
	rnd.len = 300000;
	for (i = 0; txt.len < 900000; i++) {
		randombytes_buf(x, sizeof(x));
		buf_printf(&txt, "%zu,%s,%u,第%u条,%.*s\n", i,
		    x[0] & 1 ? "市场监管局" : "民政局", (unsigned)x[1] * 37,
		    (unsigned)x[2], (int)(x[3] % 40), csv_hazard + x[3] % 40);
	}
	bundle_init(&b);
	b.unit_code = strdup("U");
	b.period = strdup("2022-05");
	assert_int_equal(bundle_add(&b, "random", 1, rnd.ptr, rnd.len, 0), 1);
	assert_int_equal(bundle_add(&b, "text", 1, txt.ptr, txt.len, i), 1);
	for (k = 0; k < 20; k++) {
		snprintf(name, sizeof(name), "short%zu", k);
		assert_int_equal(bundle_add(&b, name, 1, csv_hazard, k * 7, 0),
		    1);
	}
	if (!bundle_write(at("d.zip"), &b, &unit, NULL, &err))
		fail_msg("%s", err.ptr);
	assert_int_equal(bundle_read(at("d.zip"), &r, &err), 1);
	assert_int_equal(r.nparts, 22);
	for (k = 0; k < r.nparts; k++)
		if (strcmp(r.parts[k].form, "random") == 0)
			assert_memory_equal(r.parts[k].csv.ptr, rnd.ptr, rnd.len);
		else if (strcmp(r.parts[k].form, "text") == 0)
			assert_memory_equal(r.parts[k].csv.ptr, txt.ptr, txt.len);
	assert_true(files_read(&z, at("d.zip")));
	/* all of them deflated, none stored */
	for (pos = craft_le32(&z, z.len - 6); craft_le32(&z, pos) == 0x02014b50;
	    pos += 46 + craft_le16(&z, pos + 28))
		ndef += craft_le16(&z, pos + 10) == 8;
	assert_int_equal(ndef, 24);
	bundle_free(&r);
	bundle_free(&b);
	buf_free(&err);
	buf_free(&rnd);
	buf_free(&txt);
	buf_free(&z);
}

/* Whether byte i of zip z lies in the data of a deflated entry. */
static int
in_deflate(const struct buf *z, size_t i)
{
	size_t	 pos = craft_le32(z, z->len - 6), off, data;

	while (craft_le32(z, pos) == 0x02014b50) {
		off = craft_le32(z, pos + 42);
		data = off + 30 + craft_le16(z, off + 26) +
		    craft_le16(z, off + 28);
		if (craft_le16(z, pos + 10) == 8 && i >= data &&
		    i < data + craft_le32(z, pos + 20))
			return 1;
		pos += 46 + craft_le16(z, pos + 28) + craft_le16(z, pos + 30) +
		    craft_le16(z, pos + 32);
	}
	return 0;
}

/*
 * Every single-byte change of a bundle is refused by the reader, the
 * signature or, when sealed, the decryption.  Outside deflate data every
 * one of the 255 other values of every byte is tried; inside it, every
 * single-bit flip and the inversion.  (Other values there can make a
 * different deflate stream of the very same bytes: LZ77 may copy equal
 * bytes from another distance.  That changes no byte of the contents,
 * which the CRCs, sha256 sums and signature cover.)
 */
static void
flip_all(const struct key *to)
{
	static const unsigned char masks[] = {
		0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff
	};
	struct buf	 z = BUF_INIT, err = BUF_INIT;
	struct bundle	 b;
	size_t		 i, k, n, refused = 0, tried = 0, deflated = 0;
	unsigned	 v;
	unsigned char	 old;

	written(&z, to);
	accept(&z);
	for (i = 0; i < z.len; i++) {
		old = (unsigned char)z.ptr[i];
		n = in_deflate(&z, i) ? sizeof(masks) : 255;
		deflated += n == sizeof(masks);
		for (k = 0; k < n; k++) {
			v = n == 255 ? k + 1 : masks[k];
			z.ptr[i] = (char)(old ^ v);
			buf_clear(&err);
			tried++;
			if (bundle_read_mem(z.ptr, z.len, "f.zip", &b, &err)) {
				if (bundle_verify_sig(&b, &unit, &err) &&
				    bundle_open_sealed(&b, &office, &err))
					fail_msg("byte %zu ^ 0x%02x accepted",
					    i, v);
				bundle_free(&b);
			}
			assert_true(err.len > 0);
			refused++;
		}
		z.ptr[i] = (char)old;
	}
	assert_int_equal(refused, tried);
	assert_true(deflated > 100 && deflated + 300 < z.len);
	accept(&z);
	buf_free(&z);
	buf_free(&err);
}

static void
test_flip_plain(void **state)
{
	flip_all(NULL);
}

static void
test_flip_sealed(void **state)
{
	flip_all(&office);
}

/* What the crafted zips are made from, and the control: it passes. */
static void
test_crafted_control(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT, w = BUF_INIT;

	parts_get(&p, NULL);
	{
		struct craft_ent	 ok[] = { PARTS(p) };

		craft_zip(&z, ok, 4, MTIME);
	}
	accept(&z);
	written(&w, NULL);
	assert_int_equal(z.len, w.len);
	parts_free(&p);
	buf_free(&z);
	buf_free(&w);
}

static void
test_bad_names(void **state)
{
	static const struct {
		const char	*name, *shown;
	} bad[] = {
		{ "../x", "../x" },
		{ "/etc/x", "/etc/x" },
		{ "data/../manifest.json", "data/../manifest.json" },
		{ "data\\x.csv", "data\\x.csv" },
		{ "data/Hazard.csv", "data/Hazard.csv" },
		{ "data/x.txt", "data/x.txt" },
		{ "data/.csv", "data/.csv" },
		{ "data/sub/x.csv", "data/sub/x.csv" },
		{ "notes.txt", "notes.txt" },
		{ "C:x.csv", "C:x.csv" },
		{ "data/x y.csv", "data/x\\x20y.csv" },
		{ "data/表.csv", "data/\\xe8\\xa1\\xa8.csv" },
		{ "manifest.json.sealed", "manifest.json.sealed" },
	};
	struct parts	 p;
	struct buf	 z = BUF_INIT;
	char		 want[512];
	size_t		 i;

	parts_get(&p, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct craft_ent e[] = { PARTS(p),
		    ENT(bad[i].name, p.stats) };

		craft_zip(&z, e, 5, MTIME);
		snprintf(want, sizeof(want), SUSPECT "不允许的文件名 %s（只能有 "
		    "manifest.json、manifest.sig 和 data/表名.csv）" NOT_OURS,
		    bad[i].shown);
		reject(&z, want);
		if (i == 0)
			seed("bad_name_traversal", &z);
	}
	parts_free(&p);
	buf_free(&z);
}

static void
test_links_and_dirs(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT;

	parts_get(&p, NULL);
	{
		struct craft_ent e[] = { PARTS(p), { "data/link.csv",
		    "/etc/passwd", 11, 0, (zip_uint32_t)(S_IFLNK | 0777) << 16,
		    0, 0, 0 } };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "data/link.csv 是符号链接" NOT_OURS);
		seed("symlink", &z);
	}
	{
		/* the data file itself as a link */
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", p.hazard.ptr,
		    p.hazard.len, 0, (zip_uint32_t)(S_IFLNK | 0644) << 16, 0,
		    0, 0 } };

		craft_zip(&z, e, 4, MTIME);
		reject(&z, SUSPECT "data/hazard_ledger.csv 是符号链接"
		    NOT_OURS);
	}
	{
		struct craft_ent e[] = { { "data/", NULL, 0, 0, 0, 1, 0, 0 },
		    PARTS(p) };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "data/ 是目录条目" NOT_OURS);
		seed("dir_entry", &z);
	}
	{
		struct craft_ent e[] = { PARTS(p), { "data/d.csv", "", 0, 0,
		    (zip_uint32_t)(S_IFDIR | 0755) << 16, 0, 0, 0 } };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "data/d.csv 是目录条目" NOT_OURS);
	}
	{
		struct craft_ent e[] = { PARTS(p), { "data/dev.csv", "", 0, 0,
		    (zip_uint32_t)(S_IFCHR | 0644) << 16, 0, 0, 0 } };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "data/dev.csv 不是普通文件" NOT_OURS);
	}
	{
		/* mode 0755: not as the writer makes it */
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", p.hazard.ptr,
		    p.hazard.len, 0, (zip_uint32_t)(S_IFREG | 0755) << 16, 0,
		    0, 0 } };

		craft_zip(&z, e, 4, MTIME);
		reject(&z, SUSPECT "条目 data/hazard_ledger.csv 的 zip 头部字段与 "
		    "shouhu-collect 写出的不同" NOT_OURS);
	}
	parts_free(&p);
	buf_free(&z);
}

static void
test_duplicates_and_extras(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT;

	parts_get(&p, NULL);
	{
		/* libzip will not write two equal names: patch the second */
		struct craft_ent e[] = { PARTS(p), ENT("data/hazard_ledger.csX",
		    p.hazard) };

		craft_zip(&z, e, 5, MTIME);
		craft_rename(&z, "data/hazard_ledger.csX",
		    "data/hazard_ledger.csv");
		reject(&z, SUSPECT "文件名 data/hazard_ledger.csv 出现了两次"
		    NOT_OURS);
		seed("dup_name", &z);
	}
	{
		struct craft_ent e[] = { PARTS(p), ENT("data/extra.csv",
		    p.stats) };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "多余的文件 data/extra.csv（manifest.json 中"
		    "没有列出）" NOT_OURS);
		seed("extra_file", &z);
	}
	{
		struct craft_ent e[] = { PARTS(p),
		    ENT("data/campaign_stats.csv.sealed", p.stats) };

		craft_zip(&z, e, 5, MTIME);
		reject(&z, SUSPECT "多余的文件 data/campaign_stats.csv.sealed"
		    "（manifest.json 中没有列出）" NOT_OURS);
	}
	{
		struct craft_ent e[] = { ENT("manifest.sig", p.sig),
		    ENT("data/campaign_stats.csv", p.stats),
		    ENT("data/hazard_ledger.csv", p.hazard) };

		craft_zip(&z, e, 3, MTIME);
		reject(&z, NOT_BUNDLE "缺少 manifest.json" PICK);
	}
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("data/campaign_stats.csv", p.stats),
		    ENT("data/hazard_ledger.csv", p.hazard) };

		craft_zip(&z, e, 3, MTIME);
		reject(&z, CORRUPT "缺少 manifest.sig（没有签名）" RESEND);
	}
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig),
		    ENT("data/hazard_ledger.csv", p.hazard) };

		craft_zip(&z, e, 3, MTIME);
		reject(&z, CORRUPT "manifest.json 列出的 data/campaign_stats.csv "
		    "不在数据包里" RESEND);
	}
	{
		struct craft_ent e[70];
		char	   names[70][32];
		size_t	   i;

		for (i = 0; i < 65; i++) {
			snprintf(names[i], sizeof(names[i]), "data/f%zu.csv", i);
			e[i] = (struct craft_ent)ENT(names[i], p.stats);
		}
		craft_zip(&z, e, 65, MTIME);
		reject(&z, SUSPECT "zip 里有 65 个条目，超过上限 64 个" NOT_OURS);
		seed("too_many_entries", &z);
	}
	parts_free(&p);
	buf_free(&z);
}

static void
test_zip_encryption(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT;

	parts_get(&p, NULL);
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", p.hazard.ptr,
		    p.hazard.len, 0, 0, 0, ZIP_EM_TRAD_PKWARE, 0 } };

		craft_zip(&z, e, 4, MTIME);
		reject(&z, SUSPECT "条目 data/hazard_ledger.csv 用 zip 密码加密了"
		    NOT_OURS);
		seed("zip_encrypted", &z);
	}
	if (zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", p.hazard.ptr,
		    p.hazard.len, 0, 0, 0, ZIP_EM_AES_256, 0 } };

		craft_zip(&z, e, 4, MTIME);
		reject(&z, SUSPECT "条目 data/hazard_ledger.csv 用 zip 密码加密了"
		    NOT_OURS);
	}
	parts_free(&p);
	buf_free(&z);
}

static void
test_sizes_and_crc(void **state)
{
	struct buf	 z = BUF_INIT, w = BUF_INIT;
	size_t		 c, cd;

	written(&w, NULL);

	/* declared smaller than what inflates */
	buf_set(&z, w.ptr, w.len);
	craft_patch_usize(&z, "data/hazard_ledger.csv", 10);
	reject(&z, SUSPECT "data/hazard_ledger.csv 解压出的数据多于声明的 10 "
	    "字节（声明的大小是假的）" NOT_OURS);
	seed("size_lies_small", &z);

	/* declared larger */
	buf_set(&z, w.ptr, w.len);
	craft_patch_usize(&z, "data/hazard_ledger.csv", 5000);
	reject(&z, CORRUPT "data/hazard_ledger.csv 的实际大小与声明的 5000 字节"
	    "不符" RESEND);
	seed("size_lies_large", &z);

	/* in one header only */
	buf_set(&z, w.ptr, w.len);
	craft_put32(&z, craft_central(&z, "data/hazard_ledger.csv") + 24, 10);
	reject(&z, CORRUPT "条目 data/hazard_ledger.csv 的本地头部与中央目录"
	    "不一致" RESEND);

	/* CRC */
	buf_set(&z, w.ptr, w.len);
	c = craft_central(&z, "data/campaign_stats.csv");
	craft_patch32(&z, "data/campaign_stats.csv", 16, 14,
	    craft_le32(&z, c + 16) ^ 1);
	reject(&z, CORRUPT "data/campaign_stats.csv 的 CRC 校验不符" RESEND);
	seed("crc", &z);

	/*
	 * A byte after the end of the deflate stream of the last entry:
	 * inflate stops before it, the walk does not.
	 */
	buf_clear(&z);
	cd = craft_le32(&w, w.len - 6);
	buf_put(&z, w.ptr, cd);
	buf_putc(&z, 0);
	buf_put(&z, w.ptr + cd, w.len - cd);
	craft_put32(&z, z.len - 6, (uint32_t)cd + 1);
	c = craft_central(&z, "data/hazard_ledger.csv");
	craft_patch32(&z, "data/hazard_ledger.csv", 20, 18,
	    craft_le32(&z, c + 20) + 1);
	reject(&z, CORRUPT "data/hazard_ledger.csv 的压缩数据后面有多余的位或"
	    "字节" RESEND);
	seed("deflate_trailing", &z);

	/* stored, with the sizes disagreeing */
	{
		struct craft_ent e[] = { { "data/x.csv", "abc", 3, 1, 0, 0, 0,
		    0 } };

		craft_zip(&z, e, 1, MTIME);
		craft_patch_usize(&z, "data/x.csv", 4);
		reject(&z, CORRUPT "data/x.csv 声明的大小与实际不符" RESEND);
	}
	buf_free(&z);
	buf_free(&w);
}

/*
 * A deflate bomb: 300 MB of zeros, about 300 KB deflated.  Refused by its
 * declared size, by its ratio, and, when it lies about its size, after
 * inflating no more than the declared size plus one chunk.
 */
static void
test_deflate_bomb(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT, w = BUF_INIT;

	parts_get(&p, NULL);
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", NULL, 0, 0, 0, 0, 0,
		    300u << 20 } };

		craft_zip(&w, e, 4, MTIME);
	}
	assert_true(w.len < (1u << 20));

	/* refused before anything is inflated */
	assert_int_equal(reject(&w, SUSPECT "data/hazard_ledger.csv 解压后有 "
	    "314572800 字节，超过上限 67108864 字节" NOT_OURS), 0);

	buf_set(&z, w.ptr, w.len);
	craft_patch_usize(&z, "data/hazard_ledger.csv", 50u << 20);
	assert_int_equal(reject(&z, SUSPECT "data/hazard_ledger.csv 的压缩比超过 "
	    "100:1（zip 炸弹的特征）" NOT_OURS), 0);

	/* the other entries whole, and of the liar one byte more than it
	 * declares */
	buf_set(&z, w.ptr, w.len);
	craft_patch_usize(&z, "data/hazard_ledger.csv", 1000);
	assert_int_equal(reject(&z, SUSPECT "data/hazard_ledger.csv 解压出的数据"
	    "多于声明的 1000 字节（声明的大小是假的）" NOT_OURS),
	    p.manifest.len + p.sig.len + p.stats.len + 1001);

	/* a small one for the fuzz corpus: 4 MiB of zeros, said to be 1000 */
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig), ENT("data/campaign_stats.csv",
		    p.stats), { "data/hazard_ledger.csv", NULL, 0, 0, 0, 0, 0,
		    4u << 20 } };

		craft_zip(&z, e, 4, MTIME);
	}
	craft_patch_usize(&z, "data/hazard_ledger.csv", 1000);
	reject(&z, SUSPECT "data/hazard_ledger.csv 解压出的数据多于声明的 1000 "
	    "字节（声明的大小是假的）" NOT_OURS);
	seed("deflate_bomb_small", &z);
	parts_free(&p);
	buf_free(&z);
	buf_free(&w);
}

/* Entries that each pass the caps but lie together about the total. */
static void
test_total_cap(void **state)
{
	struct buf	 z = BUF_INIT, rnd = BUF_INIT;
	char		 names[5][16];
	struct craft_ent	 e[5];
	size_t		 i;

	buf_grow(&rnd, 700u << 10);
	randombytes_buf(rnd.ptr, 700u << 10);
	rnd.len = 700u << 10;
	for (i = 0; i < 5; i++) {
		snprintf(names[i], sizeof(names[i]), "data/t%zu.csv", i);
		e[i] = (struct craft_ent)ENT(names[i], rnd);
	}
	craft_zip(&z, e, 5, MTIME);
	for (i = 0; i < 5; i++)
		craft_patch_usize(&z, names[i], 60u << 20);
	reject(&z, SUSPECT "解压后合计超过上限 268435456 字节" NOT_OURS);
	buf_free(&z);
	buf_free(&rnd);
}

/*
 * An overlapping-entry bomb written by hand: one local entry (1 MiB of
 * zeros, deflated) and 60 central directory records pointing at it.
 */
static void
test_overlap_bomb(void **state)
{
	struct buf	 one = BUF_INIT, z = BUF_INIT;
	size_t		 n;

	{
		struct craft_ent e[] = { { "data/hazard_ledger.csv", NULL, 0,
		    0, 0, 0, 0, 1u << 20 } };

		craft_zip(&one, e, 1, MTIME);
	}
	for (n = 60; n <= 1000; n += 940) {
		craft_overlap(&z, &one, "data/hazard_ledger.csv", n - 1);
		/* refused from the structure, before anything is inflated */
		if (n == 60) {
			assert_int_equal(reject(&z, SUSPECT "条目 "
			    "data/hazard_ledger.csv 与前一个条目的数据重叠（zip "
			    "炸弹的特征）" NOT_OURS), 0);
			seed("overlap_bomb", &z);
		} else
			assert_int_equal(reject(&z, SUSPECT "zip 里有 1000 个"
			    "条目，超过上限 64 个" NOT_OURS), 0);
	}
	buf_free(&one);
	buf_free(&z);
}

/*
 * Overlap with consistent headers: a stored entry whose data is the whole
 * local entry of another (which a plain ZIP_CHECKCONS does not see).
 */
static void
test_overlap_nested(void **state)
{
	struct buf	 inner = BUF_INIT, z = BUF_INIT;
	size_t		 cd, rec;
	const char	*outer = "data/hazard_ledger.csv";
	uint32_t	 crc;

	{
		struct craft_ent e[] = { { "data/campaign_stats.csv",
		    "a,b\n1,2\n", 8, 1, 0, 0, 0, 0 } };

		craft_zip(&inner, e, 1, MTIME);
	}
	cd = craft_le32(&inner, inner.len - 6);
	rec = inner.len - 22 - cd;
	crc = craft_crc32(inner.ptr, cd);

	/* the outer local entry, its data the inner local entry */
	craft_add32(&z, 0x04034b50);
	craft_add16(&z, 10);
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add16(&z, craft_le16(&inner, 10));
	craft_add16(&z, craft_le16(&inner, 12));
	craft_add32(&z, crc);
	craft_add32(&z, (uint32_t)cd);
	craft_add32(&z, (uint32_t)cd);
	craft_add16(&z, (unsigned)strlen(outer));
	craft_add16(&z, 0);
	buf_puts(&z, outer);
	buf_put(&z, inner.ptr, cd);
	/* central directory: outer, then inner pointing inside outer */
	craft_add32(&z, 0x02014b50);
	craft_add16(&z, 0x033f);
	craft_add16(&z, 10);
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add16(&z, craft_le16(&inner, 10));
	craft_add16(&z, craft_le16(&inner, 12));
	craft_add32(&z, crc);
	craft_add32(&z, (uint32_t)cd);
	craft_add32(&z, (uint32_t)cd);
	craft_add16(&z, (unsigned)strlen(outer));
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add32(&z, CRAFT_REG_ATTR);
	craft_add32(&z, 0);
	buf_puts(&z, outer);
	buf_put(&z, inner.ptr + cd, rec);
	craft_put32(&z, z.len - rec + 42, (uint32_t)(30 + strlen(outer)));
	craft_add32(&z, 0x06054b50);
	craft_add16(&z, 0);
	craft_add16(&z, 0);
	craft_add16(&z, 2);
	craft_add16(&z, 2);
	craft_add32(&z, (uint32_t)(46 + strlen(outer) + rec));
	craft_add32(&z, (uint32_t)(30 + strlen(outer) + cd));
	craft_add16(&z, 0);
	reject(&z, SUSPECT "条目 data/campaign_stats.csv 与前一个条目的数据重叠"
	    "（zip 炸弹的特征）" NOT_OURS);
	seed("overlap_nested", &z);
	buf_free(&inner);
	buf_free(&z);
}

/* Builds a zip of the valid parts with manifest.json replaced by m. */
static void
with_manifest(struct buf *z, struct parts *p, const char *m)
{
	struct buf	 mb = BUF_INIT;

	buf_puts(&mb, m);
	{
		struct craft_ent e[] = { ENT("manifest.json", mb),
		    ENT("manifest.sig", p->sig),
		    ENT("data/campaign_stats.csv", p->stats),
		    ENT("data/hazard_ledger.csv", p->hazard) };

		craft_zip(z, e, 4, MTIME);
	}
	buf_free(&mb);
}

/* The valid manifest with the first from replaced by to. */
static void
replaced(struct buf *out, const struct parts *p, const char *from,
    const char *to)
{
	const char	*at_ = strstr(p->manifest.ptr, from);

	assert_non_null(at_);
	buf_clear(out);
	buf_put(out, p->manifest.ptr, (size_t)(at_ - p->manifest.ptr));
	buf_puts(out, to);
	buf_puts(out, at_ + strlen(from));
}

static void
test_manifest_errors(void **state)
{
	static const struct {
		const char	*from, *to, *msg;
	} cases[] = {
		{ "\"period\": \"2022-W21\",", "\"period\": \"2022-W21\",\n  "
		    "\"period\": \"2022-W22\",", CORRUPT "manifest.json 第 9 行"
		    "有重复的字段" RESEND },
		{ "\"code\": \"XYZ-01\",", "\"code\": \"XYZ-01\", \"code\": "
		    "\"A\",", CORRUPT "manifest.json 第 5 行有重复的字段" RESEND },
		{ "\"shouhu-bundle/1\"", "\"shouhu-bundle/2\"", NOT_BUNDLE "格式 "
		    "shouhu-bundle/2 不是这个版本认识的 shouhu-bundle/1；请升级 "
		    "shouhu 后再试" },
		{ "\"shouhu-bundle/1\"", "\"zip-bundle/1\"", NOT_BUNDLE
		    "manifest.json 的 format 不是 shouhu-bundle/1" PICK },
		{ "\"format\"", "\"Format\"", NOT_BUNDLE "manifest.json 中没有 "
		    "format" PICK },
		{ "{", "[", CORRUPT "manifest.json 不是有效的 JSON（第 2 行第 "
		    "11 列）" RESEND },
		{ "\"rows\": 1,", "\"rows\": \"1\",", CORRUPT "manifest.json 中 "
		    "forms[0].rows 应为 0 到 67108864 的整数" RESEND },
		{ "\"rows\": 1,", "\"rows\": -1,", CORRUPT "manifest.json 中 "
		    "forms[0].rows 应为 0 到 67108864 的整数" RESEND },
		{ "\"version\": 2,", "\"version\": 2.0,", CORRUPT "manifest.json "
		    "中 forms[1].version 应为 1 到 2147483647 的整数" RESEND },
		{ "\"collector\"", "\"tool\"", CORRUPT "manifest.json 的顶层有"
		    "未知的字段“tool”" RESEND },
		{ "\"encryption\": null", "\"encryption\": false", CORRUPT
		    "manifest.json 中 encryption 应为对象" RESEND },
		{ "\"period\": \"2022-W21\"", "\"period\": \"2022-W54\"",
		    CORRUPT "manifest.json 中 period 的值不对" RESEND },
		{ "\"created\": \"2022-05-27T08:00:00Z\"", "\"created\": "
		    "\"yesterday\"", CORRUPT "manifest.json 中 created 的值不对"
		    RESEND },
		{ "\"created\": \"2022-05-27T08:00:00Z\"", "\"created\": "
		    "\"2022-02-31T08:00:00Z\"", CORRUPT "manifest.json 中 created "
		    "的值不对" RESEND },
		{ "\"code\": \"XYZ-01\"", "\"code\": \"../x\"", CORRUPT
		    "manifest.json 中 unit.code 的值不对" RESEND },
		{ "\"name\": \"新兖镇市场监管所\"", "\"name\": \"a\\u0000b\"",
		    CORRUPT "manifest.json 不是有效的 JSON（第 6 行第 22 列）"
		    RESEND },
		{ "\"name\": \"新兖镇市场监管所\"", "\"name\": \"a\\nb\"",
		    CORRUPT "manifest.json 中 unit.name 的值不对" RESEND },
		{ "\"file\": \"data/campaign_stats.csv\"", "\"file\": "
		    "\"data/hazard_ledger.csv\"", CORRUPT "manifest.json 中 "
		    "forms[0].file 应为 data/campaign_stats.csv" RESEND },
		{ "\"form\": \"campaign_stats\"", "\"form\": \"hazard_ledger\"",
		    CORRUPT "manifest.json 中 forms[0].file 应为 "
		    "data/hazard_ledger.csv" RESEND },
		{ "\"form\": \"hazard_ledger\"", "\"form\": \"campaign_stats\"",
		    CORRUPT "manifest.json 中表 campaign_stats 出现了两次"
		    RESEND },
		{ "\"forms\": [", "\"forms\": [], \"x\": [", CORRUPT
		    "manifest.json 的顶层有未知的字段“x”" RESEND },
		{ "\"forms\": [", "\"x\": [", CORRUPT "manifest.json 的顶层有"
		    "未知的字段“x”" RESEND },
		{ "\"code\": \"XYZ-01\",", "", CORRUPT "manifest.json 中 unit "
		    "缺少字段“code”" RESEND },
	};
	struct parts	 p;
	struct buf	 z = BUF_INIT, m = BUF_INIT;
	size_t		 i;
	char		*c;

	parts_get(&p, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		replaced(&m, &p, cases[i].from, cases[i].to);
		with_manifest(&z, &p, m.ptr);
		reject(&z, cases[i].msg);
		if (i == 0)
			seed("manifest_dup_key", &z);
	}

	/* a changed sum, a changed id: both still valid JSON */
	buf_set(&m, p.manifest.ptr, p.manifest.len);
	c = strstr(m.ptr, "\"bundle_id\": \"") + 14;
	*c = *c == '0' ? '1' : '0';
	with_manifest(&z, &p, m.ptr);
	reject(&z, CORRUPT "bundle_id 与数据的内容不符" RESEND);

	/* the data changed under the manifest */
	{
		struct buf	 s = BUF_INIT;

		buf_set(&s, p.stats.ptr, p.stats.len);
		s.ptr[s.len - 2] = '9';
		{
			struct craft_ent e[] = { ENT("manifest.json",
			    p.manifest),
			    ENT("manifest.sig", p.sig),
			    ENT("data/campaign_stats.csv", s),
			    ENT("data/hazard_ledger.csv", p.hazard) };

			craft_zip(&z, e, 4, MTIME);
		}
		reject(&z, CORRUPT "data/campaign_stats.csv 的校验值不符" RESEND);
		buf_free(&s);
	}

	/* a compression method other than stored and deflated */
	{
		struct craft_ent e[] = { PARTS(p) };

		craft_zip(&z, e, 4, MTIME);
		c = (char *)z.ptr + craft_central(&z,
		    "data/campaign_stats.csv");
		c[10] = 12;
		z.ptr[craft_le32(&z, (size_t)(c - z.ptr) + 42) + 8] = 12;
		reject(&z, SUSPECT "data/campaign_stats.csv 使用了不支持的压缩方式 "
		    "12" NOT_OURS);
	}

	/* a broken signature file */
	{
		struct buf	 s = BUF_INIT;

		buf_puts(&s, "not a signature\n");
		{
			struct craft_ent e[] = { ENT("manifest.json",
			    p.manifest),
			    ENT("manifest.sig", s),
			    ENT("data/campaign_stats.csv", p.stats),
			    ENT("data/hazard_ledger.csv", p.hazard) };

			craft_zip(&z, e, 4, MTIME);
		}
		reject(&z, CORRUPT "manifest.sig 不是有效的签名" RESEND);
		buf_free(&s);
	}
	parts_free(&p);
	buf_free(&z);
	buf_free(&m);
}

/* A sealed part too short to be a sealed box, with its sum right. */
static void
test_sealed_short(void **state)
{
	struct parts	 p;
	struct buf	 z = BUF_INIT, m = BUF_INIT, shortb = BUF_INIT;
	unsigned char	 h[32];
	char		 old[65], hex[65];

	parts_get(&p, &office);
	crypto_hash_sha256(h, (const unsigned char *)p.stats.ptr, p.stats.len);
	sodium_bin2hex(old, sizeof(old), h, 32);
	buf_puts(&shortb, "too short");
	crypto_hash_sha256(h, (const unsigned char *)shortb.ptr, shortb.len);
	sodium_bin2hex(hex, sizeof(hex), h, 32);
	replaced(&m, &p, old, hex);
	{
		struct craft_ent e[] = { ENT("manifest.json", m),
		    ENT("manifest.sig", p.sig),
		    ENT("data/campaign_stats.csv.sealed", shortb),
		    ENT("data/hazard_ledger.csv.sealed", p.hazard) };

		craft_zip(&z, e, 4, MTIME);
	}
	reject(&z, CORRUPT "data/campaign_stats.csv.sealed 太短，不是有效的密文"
	    RESEND);

	/* and the control: with the real sealed box it passes */
	{
		struct craft_ent e[] = { ENT("manifest.json", p.manifest),
		    ENT("manifest.sig", p.sig),
		    ENT("data/campaign_stats.csv.sealed", p.stats),
		    ENT("data/hazard_ledger.csv.sealed", p.hazard) };

		craft_zip(&z, e, 4, MTIME);
	}
	accept(&z);
	parts_free(&p);
	buf_free(&z);
	buf_free(&m);
	buf_free(&shortb);
}

static void
test_not_zip(void **state)
{
	struct buf	 z = BUF_INIT, w = BUF_INIT;
	struct bundle	 b;
	struct buf	 err = BUF_INIT;
	char		 want[512];

	buf_puts(&z, "department,domain\n市场监管局,网络空间\n");
	reject(&z, NOT_BUNDLE "不是 zip 文件" PICK);
	buf_clear(&z);
	reject(&z, NOT_BUNDLE "不是 zip 文件" PICK);

	written(&w, NULL);
	buf_set(&z, w.ptr, w.len - 10);
	reject(&z, CORRUPT "zip 文件不完整，或末尾有多余的数据" RESEND);
	seed("truncated", &z);
	buf_set(&z, w.ptr, w.len);
	buf_puts(&z, "trailing");
	reject(&z, CORRUPT "zip 文件不完整，或末尾有多余的数据" RESEND);

	/* an empty zip: only the end record */
	buf_clear(&z);
	craft_add32(&z, 0x06054b50);
	craft_add32(&z, 0);
	craft_add32(&z, 0);
	craft_add32(&z, 0);
	craft_add32(&z, 0);
	craft_add16(&z, 0);
	reject(&z, NOT_BUNDLE "缺少 manifest.json（zip 是空的）" PICK);
	seed("empty_zip", &z);

	/* files */
	assert_int_equal(bundle_read(at("none.zip"), &b, &err), 0);
	snprintf(want, sizeof(want), "%s: 无法打开：文件或文件夹不存在",
	    at("none.zip"));
	assert_string_equal(err.ptr, want);
	buf_clear(&err);
	assert_int_equal(bundle_read(dir, &b, &err), 0);
	snprintf(want, sizeof(want), "%s: " NOT_BUNDLE "不是普通文件" PICK, dir);
	assert_string_equal(err.ptr, want);
	buf_free(&z);
	buf_free(&w);
	buf_free(&err);
}

/* The seeds of tests/fuzz/corpus_bundle; written to $SHOUHU_BUNDLE_CORPUS. */
static void
test_corpus_seeds(void **state)
{
	struct buf	 z = BUF_INIT, err = BUF_INIT;
	struct bundle	 b;
	int		 sealed;

	for (sealed = 0; sealed < 2; sealed++) {
		written(&z, sealed ? &office : NULL);
		assert_int_equal(bundle_read_mem(z.ptr, z.len, "seed", &b, &err),
		    1);
		assert_int_equal(bundle_verify_sig(&b, &unit, &err), 1);
		assert_int_equal(bundle_open_sealed(&b, &office, &err), 1);
		bundle_free(&b);
		seed(sealed ? "valid_sealed" : "valid_plain", &z);
	}
	buf_free(&z);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_plain),
		cmocka_unit_test(test_roundtrip_sealed),
		cmocka_unit_test(test_manifest_bytes),
		cmocka_unit_test(test_id_stable),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_deflate_kinds),
		cmocka_unit_test(test_flip_plain),
		cmocka_unit_test(test_flip_sealed),
		cmocka_unit_test(test_crafted_control),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_links_and_dirs),
		cmocka_unit_test(test_duplicates_and_extras),
		cmocka_unit_test(test_zip_encryption),
		cmocka_unit_test(test_sizes_and_crc),
		cmocka_unit_test(test_deflate_bomb),
		cmocka_unit_test(test_total_cap),
		cmocka_unit_test(test_overlap_bomb),
		cmocka_unit_test(test_overlap_nested),
		cmocka_unit_test(test_manifest_errors),
		cmocka_unit_test(test_sealed_short),
		cmocka_unit_test(test_not_zip),
		cmocka_unit_test(test_corpus_seeds),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
