/*
 * fuzz_bundle: a libFuzzer target for reading bundles, what `shouhu ingest`
 * does with a file that arrived by e-mail.  The input is the bundle file:
 * bundle_read_mem, then bundle_verify_sig with a fixed unit key and
 * bundle_open_sealed with a fixed office key.  The key seeds are those of
 * tests/unit/test_bundle.c, which writes the valid seeds of the corpus
 * (SHOUHU_BUNDLE_CORPUS=DIR build/test/test_bundle), so the fuzzer starts
 * from bundles that pass every check and mutates from there.
 *
 * An input that starts with '{' is a manifest instead: it is packed, with
 * the two fixed CSVs (sealed to the office when it names a ".sealed" file),
 * into a zip made as bundle_write makes it (but stored, for speed) and
 * signed with the unit key,
 * so that mutations reach the manifest checks, which a zip's CRC would
 * otherwise stop.  The sealed CSVs are made deterministically, as sealed
 * boxes with a seeded ephemeral key, so seeds can carry their sha256.
 * FUZZ_BUNDLE_SEEDS=DIR build/test/fuzz_bundle_run /dev/null writes the
 * two manifest seeds (manifest_plain, manifest_sealed) into DIR;
 * FUZZ_BUNDLE_VERBOSE=1 prints what became of each input.
 *
 * Besides "no crash, no leak, no hang" it checks the reader's promises and
 * abort()s when one is broken: a refused bundle has a message naming the
 * file and leaves the bundle empty; an accepted one is complete, its parts
 * in form order with the entry names and checksums the manifest gives;
 * decryption either opens every part with the id matching, or none.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "lib/buf.h"
#include "fuzz.h"
#include "bundle/bundle.h"
#include "bundle/key.h"

#define LABEL	"fuzz.zip"

static const unsigned char unit_seed[32] = "shouhu fuzz unit key seed 000001";
static const unsigned char office_seed[32] = "shouhu fuzz office key seed 0001";

/* The CSVs of tests/unit/test_bundle.c. */
static const char csv_hazard[] =
    "department,domain,focus,date,hazards\n"
    "市场监管局,网络空间,虚假宣传,2022-05-23,\"直播间夸大保健品功效\n"
    "诱导老人囤货\"\n"
    "民政局,养老服务机构/场所,其他违法经营,2022-05-24,预收费过高\n";
static const char csv_stats[] = "police_letters,procuratorate\n3,1\n";

static struct key	 unit, office;
static struct buf	 sealed_hazard, sealed_stats;
static int		 verbose;

/* A sealed box of m to pk as crypto_box_seal makes it, but not random. */
static void
seal_fixed(struct buf *out, const char *m, size_t n, const unsigned char *pk,
    int which)
{
	unsigned char	 seed[crypto_box_SEEDBYTES] = { 's', 'e', 'a', 'l' };
	unsigned char	 epk[crypto_box_PUBLICKEYBYTES];
	unsigned char	 esk[crypto_box_SECRETKEYBYTES];
	unsigned char	 nonce[crypto_box_NONCEBYTES];
	unsigned char	 xpk[crypto_box_PUBLICKEYBYTES];
	crypto_generichash_state st;

	seed[4] = (unsigned char)which;
	CHECK(crypto_sign_ed25519_pk_to_curve25519(xpk, pk) == 0);
	crypto_box_seed_keypair(epk, esk, seed);
	crypto_generichash_init(&st, NULL, 0, sizeof(nonce));
	crypto_generichash_update(&st, epk, sizeof(epk));
	crypto_generichash_update(&st, xpk, sizeof(xpk));
	crypto_generichash_final(&st, nonce, sizeof(nonce));
	buf_clear(out);
	buf_put(out, epk, sizeof(epk));
	buf_grow(out, n + crypto_box_MACBYTES);
	CHECK(crypto_box_easy((unsigned char *)out->ptr + out->len,
	    (const unsigned char *)m, n, nonce, xpk, esk) == 0);
	out->len += n + crypto_box_MACBYTES;
	out->ptr[out->len] = '\0';
}

static void
zadd(zip_t *za, const char *name, const void *p, size_t n)
{
	zip_source_t	*src;
	zip_int64_t	 i;

	CHECK((src = zip_source_buffer(za, p, n, 0)) != NULL);
	CHECK((i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) >= 0);
	/* stored: deflating costs 256 KB of zeroed memory per entry */
	CHECK(zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE,
	    0) == 0);
	CHECK(zip_file_set_external_attributes(za, (zip_uint64_t)i, 0,
	    ZIP_OPSYS_UNIX, (zip_uint32_t)(S_IFREG | 0644) << 16) == 0);
	CHECK(zip_file_set_mtime(za, (zip_uint64_t)i, 1653638400, 0) == 0);
}

/* The bundle zip around the manifest m[0..n), into out. */
static void
pack(const char *m, size_t n, struct buf *out)
{
	unsigned char	 sig[crypto_sign_BYTES];
	char		 b64[sodium_base64_ENCODED_LEN(crypto_sign_BYTES,
			     sodium_base64_VARIANT_ORIGINAL) + 1];
	zip_source_t	*mem;
	zip_t		*za;
	zip_stat_t	 st;
	int		 sealed;

	sealed = memmem(m, n, ".sealed", 7) != NULL;
	crypto_sign_detached(sig, NULL, (const unsigned char *)m, n, unit.sk);
	sodium_bin2base64(b64, sizeof(b64) - 1, sig, sizeof(sig),
	    sodium_base64_VARIANT_ORIGINAL);
	strcat(b64, "\n");
	CHECK((mem = zip_source_buffer_create(NULL, 0, 0, NULL)) != NULL);
	zip_source_keep(mem);
	CHECK((za = zip_open_from_source(mem, ZIP_TRUNCATE, NULL)) != NULL);
	zadd(za, "manifest.json", m, n);
	zadd(za, "manifest.sig", b64, strlen(b64));
	if (sealed) {
		zadd(za, "data/campaign_stats.csv.sealed", sealed_stats.ptr,
		    sealed_stats.len);
		zadd(za, "data/hazard_ledger.csv.sealed", sealed_hazard.ptr,
		    sealed_hazard.len);
	} else {
		zadd(za, "data/campaign_stats.csv", csv_stats,
		    sizeof(csv_stats) - 1);
		zadd(za, "data/hazard_ledger.csv", csv_hazard,
		    sizeof(csv_hazard) - 1);
	}
	CHECK(zip_close(za) == 0);
	CHECK(zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0);
	buf_clear(out);
	buf_grow(out, st.size);
	CHECK(zip_source_read(mem, out->ptr, st.size) == (zip_int64_t)st.size);
	out->len = st.size;
	out->ptr[out->len] = '\0';
	zip_source_close(mem);
	zip_source_free(mem);
}

/* Replaces the first from in b with to. */
static void
replace(struct buf *b, const char *from, const char *to)
{
	struct buf	 t = BUF_INIT;
	char		*at;

	CHECK((at = strstr(b->ptr, from)) != NULL);
	buf_put(&t, b->ptr, (size_t)(at - b->ptr));
	buf_puts(&t, to);
	buf_puts(&t, at + strlen(from));
	buf_free(b);
	*b = t;
}

/* Writes the manifest seeds into dir (see the top). */
static void
write_seeds(const char *dir)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT, path = BUF_INIT, m = BUF_INIT;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hex[65];
	FILE		*f;
	int		 sealed;

	for (sealed = 0; sealed < 2; sealed++) {
		bundle_init(&b);
		b.unit_code = strdup("XYZ-01");
		b.period = strdup("2022-W21");
		b.created = strdup("2022-05-27T08:00:00Z");
		b.collector = strdup("shouhu-collect 0.1.0");
		CHECK(bundle_add(&b, "hazard_ledger", 2, csv_hazard,
		    sizeof(csv_hazard) - 1, 2));
		CHECK(bundle_add(&b, "campaign_stats", 1, csv_stats,
		    sizeof(csv_stats) - 1, 1));
		buf_clear(&path);
		buf_printf(&path, "%s/.seed.zip", dir);
		CHECK(bundle_write(path.ptr, &b, &unit, sealed ? &office : NULL,
		    &err));
		unlink(path.ptr);
		buf_set(&m, b.manifest.ptr, b.manifest.len);
		if (sealed) {
			/* the sums of the fixed sealed boxes */
			crypto_hash_sha256(h, (unsigned char *)sealed_stats.ptr,
			    sealed_stats.len);
			sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
			replace(&m, b.parts[0].sha256, hex);
			crypto_hash_sha256(h, (unsigned char *)sealed_hazard.ptr,
			    sealed_hazard.len);
			sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
			replace(&m, b.parts[1].sha256, hex);
		}
		buf_clear(&path);
		buf_printf(&path, "%s/manifest_%s", dir,
		    sealed ? "sealed" : "plain");
		CHECK((f = fopen(path.ptr, "wb")) != NULL);
		CHECK(fwrite(m.ptr, 1, m.len, f) == m.len);
		CHECK(fclose(f) == 0);
		bundle_free(&b);
	}
	buf_free(&err);
	buf_free(&path);
	buf_free(&m);
}

static int
is_hex(const char *s, size_t n)
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
check_empty(const struct bundle *b)
{
	CHECK(b->nparts == 0 && b->parts == NULL);
	CHECK(b->manifest.len == 0 && b->unit_code == NULL);
	CHECK(b->period == NULL && b->sealed_to == NULL);
}

static void
check_read(const struct bundle *b)
{
	const struct bundle_part *p;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hex[65], file[128];
	size_t		 i;

	CHECK(is_hex(b->id, 64));
	CHECK(b->unit_code && b->unit_name && b->period && b->created &&
	    b->collector);
	CHECK(b->manifest.len > 0 && b->manifest.len <= BUNDLE_MAX_MANIFEST);
	CHECK(b->nparts >= 1 && b->nparts <= BUNDLE_MAX_ENTRIES - 2);
	CHECK(!b->sealed == (b->sealed_to == NULL));
	CHECK(b->sealed_to == NULL || is_hex(b->sealed_to, 16));
	for (i = 0; i < b->nparts; i++) {
		p = &b->parts[i];
		if (i > 0)
			CHECK(strcmp(b->parts[i - 1].form, p->form) < 0);
		snprintf(file, sizeof(file), "data/%s.csv%s", p->form,
		    b->sealed ? ".sealed" : "");
		CHECK(strcmp(p->file, file) == 0);
		CHECK(p->version >= 1);
		CHECK(p->plain == !b->sealed);
		if (b->sealed) {
			CHECK(p->csv.len == 0);
			crypto_hash_sha256(h, (unsigned char *)p->sealed.ptr,
			    p->sealed.len);
		} else
			crypto_hash_sha256(h, (unsigned char *)p->csv.ptr,
			    p->csv.len);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		CHECK(strcmp(hex, p->sha256) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 inited;
	static struct buf zipb = BUF_INIT;
	struct buf	 err = BUF_INIT;
	struct bundle	 b;
	size_t		 i;
	int		 opened, verified;

	if (!inited) {
		CHECK(key_from_seed(unit_seed, "测试单位", &unit, &err));
		CHECK(key_from_seed(office_seed, "测试专项办", &office, &err));
		seal_fixed(&sealed_stats, csv_stats, sizeof(csv_stats) - 1,
		    office.pk, 0);
		seal_fixed(&sealed_hazard, csv_hazard, sizeof(csv_hazard) - 1,
		    office.pk, 1);
		verbose = getenv("FUZZ_BUNDLE_VERBOSE") != NULL;
		if (getenv("FUZZ_BUNDLE_SEEDS") != NULL)
			write_seeds(getenv("FUZZ_BUNDLE_SEEDS"));
		inited = 1;
	}
	if (size > 0 && data[0] == '{' && size <= BUNDLE_MAX_MANIFEST) {
		pack((const char *)data, size, &zipb);
		data = (const uint8_t *)zipb.ptr;
		size = zipb.len;
	}
	if (!bundle_read_mem(data, size, LABEL, &b, &err)) {
		CHECK(err.len > strlen(LABEL ": "));
		CHECK(strncmp(err.ptr, LABEL ": ", strlen(LABEL ": ")) == 0);
		CHECK(strlen(err.ptr) == err.len);
		if (verbose)
			fprintf(stderr, "refused: %s\n", err.ptr);
		check_empty(&b);
		buf_free(&err);
		return 0;
	}
	CHECK(err.len == 0);
	check_read(&b);

	verified = bundle_verify_sig(&b, &unit, &err);
	CHECK(verified == (err.len == 0));
	buf_clear(&err);
	opened = bundle_open_sealed(&b, &office, &err);
	CHECK(opened == (err.len == 0));
	for (i = 0; i < b.nparts; i++) {
		CHECK(b.parts[i].plain == (opened || !b.sealed));
		if (!b.parts[i].plain)
			CHECK(b.parts[i].csv.len == 0);
	}
	if (verbose)
		fprintf(stderr, "read, signature %s, %s\n",
		    verified ? "good" : "bad", !b.sealed ? "plain" :
		    opened ? "opened" : "not opened");
	/* opening again changes nothing */
	if (opened)
		CHECK(bundle_open_sealed(&b, &office, &err));
	bundle_free(&b);
	check_empty(&b);
	buf_free(&err);
	return 0;
}
