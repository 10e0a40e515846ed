/*
 * forge: writes bundles for the ingest tests and the benchmark.
 *
 *	forge key SEED NAME OUT
 *	forge batch DIR NBUNDLES ROWS NUNITS [--sealed]
 *	forge KIND UNIT.key CODE PERIOD OUT.zip
 *
 * key writes OUT.key (mode 0600) and OUT.pub as keys.h describes them: the
 * pair named NAME made from SHA-256(SEED), the same every run.
 *
 * batch writes DIR/keys/uNNN.key and .pub for units u001... (seeds
 * "unit-NNN", names 测试单位NNN), DIR/office.key and .pub (seed "office"),
 * DIR/units.txt (a line per unit: CODE, NAME and DIR/keys/uNNN.pub, tab
 * separated) and DIR/bundles/NNNNNN.zip, i = 0 .. NBUNDLES-1: bundle i is
 * unit i % NUNITS's for the (i / NUNITS)-th ISO week from 2022-W01,
 * created 2023-11-14T00:00:00Z plus i seconds, with a hazard_ledger part
 * of ROWS valid rows, and with --sealed sealed to the office key.
 *
 * KIND writes one bundle of unit CODE for the week PERIOD signed with
 * UNIT.key: a hazard_ledger part of 3 valid rows, and one defect.  In the
 * zip, keeping the manifest and its valid signature: traversal (an extra
 * entry ../evil.csv), absolute (/etc/evil.csv), symlink (the data entry
 * is a symbolic link), duplicate (the data entry twice), bomb (60 central
 * records for one local entry of 1 MiB of zeros), lying-size (the data
 * entry says it has 10 bytes), huge (65 MiB of zeros), zip-encrypted (the
 * encryption flag), flipped (one bit of the deflate data: see craft_flip).
 * In the content, signed by bundle_write: bad-row (row 2 has grade Z and
 * no department), excel-number (row 2's subject is 1.10101199001011E+17,
 * an ID card number Excel had cut, as an older collector packed it),
 * wrong-version (form version 99), unknown-form
 * (no_such_form), rows-mismatch (the manifest says 5 rows),
 * wrong-period-kind (the month 2022-05 instead of PERIOD).  valid has no
 * defect: the control case.
 *
 * The rows are varied but deterministic, checked by check_table and
 * written as the normalised CSV of `shouhu-collect pack`.  Exit status 0,
 * 1 on failure (with a message), 2 on a usage error.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/date.h"
#include "bundle/bundle.h"
#include "forms/check.h"
#include "craft.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "bundle/key.h"
#include "lib/period.h"
#include "forms/table.h"
#include "lib/util.h"

#define FORM		"hazard_ledger"
#define DATA		"data/hazard_ledger.csv"
#define CREATED		1699920000	/* 2023-11-14T00:00:00Z */
#define FIRST_WEEK	"2022-W01"
#define KIND_ROWS	3

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The fields forge fills, looked up in the form once. */
enum { DEPARTMENT, DOMAIN, FOCUS, DATE, METHOD, HAZARDS, GRADE, HANDLING,
	STATUS, TOWN, SUBJECT, NGEN };
static const char *gen_names[NGEN] = { "department", "domain", "focus",
	"date", "method", "hazards", "grade", "handling", "status", "town",
	"subject" };

static const char *const departments[] = { "食品流通科", "新兴市场监管所",
	"民政局养老服务科", "卫健局医政医管科", "公安局经侦大队",
	"文旅局市场管理科", "住建局房地产科", "金融服务中心" };
static const char *const towns[] = { "新兴路街道", "新兖镇", "漕河镇", "颜店镇",
	"新驿镇", "大安镇", "小孟镇", "王因街道", "" };
static const char *const subjects[] = { "康乐保健品店", "福寿堂健康咨询中心",
	"夕阳红旅行社", "金色年华养老公寓", "长寿食品经营部", "仁和养生会所",
	"安康医疗器械店", "华夏艺术品拍卖行", "" };
static const char *const hazard_lines[] = { "店内健康讲座夸大保健品功效",
	"直播间诱导老人囤货", "以免费体检为名推销医疗器械",
	"预收养老服务费过高", "以“以房养老”为名高息揽储",
	"虚构艺术品升值空间诱导购买", "低价旅游团安排强制购物",
	"宣传单页含有疾病治疗功效用语", "未取得食品经营许可销售保健食品",
	"以预订养老床位为名非法集资" };
#define POLICE		"已移送公安机关"
static const char *const handling_lines[] = { "已约谈负责人",
	"已责令停止讲座活动", "已下达责令改正通知书", "已立案调查",
	"已开展风险提示", "已没收违法宣传材料", "已督促退还预收费用",
	POLICE };

/* The kinds of single bundles; zip: the defect is made in the zip. */
static const struct {
	const char	*name;
	int		 zip;
} kinds[] = {
	{ "valid", 0 }, { "traversal", 1 }, { "absolute", 1 },
	{ "symlink", 1 }, { "duplicate", 1 }, { "bomb", 1 },
	{ "lying-size", 1 }, { "huge", 1 }, { "zip-encrypted", 1 },
	{ "flipped", 1 }, { "bad-row", 0 }, { "excel-number", 0 },
	{ "wrong-version", 0 },
	{ "unknown-form", 0 }, { "rows-mismatch", 0 },
	{ "wrong-period-kind", 0 }
};

static const struct form *form;
static int	 col[NGEN];		/* field index of each gen_names[] */

static int
usage(void)
{
	fprintf(stderr, "usage: forge key SEED NAME OUT\n"
	    "       forge batch DIR NBUNDLES ROWS NUNITS [--sealed]\n"
	    "       forge KIND UNIT.key CODE PERIOD OUT.zip\n"
	    "KIND: valid traversal absolute symlink duplicate bomb lying-size "
	    "huge\n      zip-encrypted flipped bad-row excel-number "
	    "wrong-version\n      unknown-form rows-mismatch "
	    "wrong-period-kind\n");
	return 2;
}

/* splitmix64: the next of a deterministic sequence of numbers. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A copy of one of pool[0..n). */
static char *
pick(uint64_t *s, const char *const *pool, size_t n)
{
	return xstrdup(pool[next(s) % n]);
}

/* A copy of one of the choices of the field gen_names[k]. */
static char *
choice(uint64_t *s, int k)
{
	const struct field *fd = &form->fields[col[k]];

	return pick(s, (const char *const *)fd->choices, fd->nchoices);
}

/*
 * 1 to 3 distinct lines of pool[0..n), joined by "\n"; the first one is
 * first (one of pool) if it is not NULL.
 */
static char *
lines(uint64_t *s, const char *const *pool, size_t n, const char *first)
{
	struct buf	 b = BUF_INIT;
	size_t		 k, m = 1 + next(s) % 3, at = next(s) % n;

	if (first != NULL) {
		buf_puts(&b, first);
		m--;
	}
	for (k = 0; m > 0 && k < n; k++) {
		if (first != NULL && strcmp(pool[(at + k) % n], first) == 0)
			continue;
		if (b.len)
			buf_putc(&b, '\n');
		buf_puts(&b, pool[(at + k) % n]);
		m--;
	}
	return buf_detach(&b);
}

/* Appends to t a row of valid values (line: its row number), dated in p. */
static void
gen_row(struct table *t, int line, uint64_t *s, const struct period *p)
{
	char	**c;
	struct buf date = BUF_INIT;

	date_format(&date, "%F", 86400 * (p->first_day + (int64_t)(next(s) %
	    (uint64_t)(p->last_day - p->first_day + 1))), 0);
	c = xcalloc(form->nfields, sizeof(*c));
	c[col[DEPARTMENT]] = pick(s, departments, NELEM(departments));
	c[col[DOMAIN]] = choice(s, DOMAIN);
	c[col[FOCUS]] = choice(s, FOCUS);
	c[col[DATE]] = buf_detach(&date);
	c[col[METHOD]] = choice(s, METHOD);
	c[col[HAZARDS]] = lines(s, hazard_lines, NELEM(hazard_lines), NULL);
	c[col[GRADE]] = choice(s, GRADE);
	/* grade A, suspected crime: handed to the police (the last line) */
	if (strcmp(c[col[GRADE]], "A") == 0)
		c[col[HANDLING]] = lines(s, handling_lines,
		    NELEM(handling_lines), POLICE);
	else
		c[col[HANDLING]] = lines(s, handling_lines,
		    NELEM(handling_lines) - 1, NULL);
	c[col[STATUS]] = choice(s, STATUS);
	c[col[TOWN]] = pick(s, towns, NELEM(towns));
	c[col[SUBJECT]] = pick(s, subjects, NELEM(subjects));
	table_add_row(t, line, c, NULL, form->nfields);
	free(c);
}

/*
 * Makes n valid rows from seed, dated in p, and checks them as pack does
 * into ck (freed with checked_free).  Fatal if check_table finds a problem.
 */
static void
gen_rows(uint64_t seed, size_t n, const struct period *p, struct checked *ck,
    struct buf *tmp)
{
	struct table	 t;
	char		**cells;
	size_t		 i;

	table_init(&t);
	cells = xcalloc(form->nfields, sizeof(*cells));
	for (i = 0; i < form->nfields; i++)
		cells[i] = xstrdup(form->fields[i].name);
	table_add_row(&t, 1, cells, NULL, form->nfields);
	free(cells);
	for (i = 0; i < n; i++)
		gen_row(&t, (int)i + 2, &seed, p);
	buf_clear(tmp);
	if (check_table(form, "forge", &t, 0, ck, tmp) != 0)
		fatal("the rows made for %s are not valid:\n%s", FORM,
		    tmp->ptr);
	table_free(&t);
}

/* The normalised CSV of checked rows, as normal_csv in collector/cmd/collect.c. */
static void
normal_csv(struct buf *b, const struct checked *ck)
{
	const char **cells;
	size_t	 i;

	cells = xcalloc(form->nfields, sizeof(*cells));
	for (i = 0; i < form->nfields; i++)
		cells[i] = form->fields[i].name;
	csv_row(b, cells, form->nfields, 0);
	for (i = 0; i < ck->nrows; i++)
		csv_row(b, (const char *const *)ck->rows[i], form->nfields, 0);
	free(cells);
}

/* Writes p[0..n) to path with mode mode, without syncing.  Fatal on error. */
static void
write_file(const char *path, const void *p, size_t n, mode_t mode)
{
	const char	*c = p;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode)) == -1 || fchmod(fd, mode) == -1)
		fatal("%s: %s", path, strerror(errno));
	while (n > 0) {
		if ((r = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			fatal("%s: %s", path, strerror(errno));
		}
		c += r;
		n -= (size_t)r;
	}
	if (close(fd) == -1)
		fatal("%s: %s", path, strerror(errno));
}

/* Makes folder dir + sub, which may exist.  Fatal on error. */
static void
make_dir(const char *dir, const char *sub)
{
	struct buf	 path = BUF_INIT;

	buf_printf(&path, "%s%s", dir, sub);
	if (mkdir(path.ptr, 0755) == -1 && errno != EEXIST)
		fatal("%s: %s", path.ptr, strerror(errno));
	buf_free(&path);
}

/* Appends the text of a key file to b, as key_generate writes it. */
static void
key_text(struct buf *b, int secret, const char *name, const unsigned char *k,
    size_t n)
{
	char	 b64[sodium_base64_ENCODED_LEN(64,
		     sodium_base64_VARIANT_ORIGINAL)];

	sodium_bin2base64(b64, sizeof(b64), k, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_printf(b, "%s\nname: %s\nkey: %s\n", secret ?
	    "shouhu-secret-key 1" : "shouhu-public-key 1", name, b64);
}

/*
 * Makes the key pair named name from SHA-256(seed) into key (freed with
 * key_free), writes it as out.key and out.pub, and checks both load back.
 */
static void
write_keys(const char *seed, const char *name, const char *out,
    struct key *key)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	struct buf	 path = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	struct key	 back;
	int		 secret, ok;

	crypto_hash_sha256(h, (const unsigned char *)seed, strlen(seed));
	if (!key_from_seed(h, name, key, &err))
		fatal("%s", err.ptr);
	for (secret = 1; secret >= 0; secret--) {
		buf_clear(&text);
		key_text(&text, secret, name, secret ? key->sk : key->pk,
		    secret ? sizeof(key->sk) : sizeof(key->pk));
		buf_clear(&path);
		buf_printf(&path, "%s.%s", out, secret ? "key" : "pub");
		write_file(path.ptr, text.ptr, text.len, secret ? 0600 : 0644);
		ok = secret ? key_load_secret(path.ptr, &back, &err) :
		    key_load_public(path.ptr, &back, &err);
		if (!ok || memcmp(back.pk, key->pk, sizeof(key->pk)) != 0)
			fatal("%s: does not load back: %s", path.ptr, err.ptr);
		key_free(&back);
		sodium_memzero(text.ptr, text.len);
	}
	buf_free(&text);
	buf_free(&path);
	buf_free(&err);
}

/* The created time of bundle i: CREATED plus i seconds. */
static char *
created(size_t i)
{
	time_t	 t = (time_t)CREATED + (time_t)i;
	struct tm tm;
	char	 s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(s);
}

/*
 * Makes b the bundle of unit code for period, created when (which b takes),
 * with one part.
 */
static void
make_bundle(struct bundle *b, const char *code, const char *period,
    char *when, const char *formid, int version, const struct buf *csv,
    size_t rows)
{
	bundle_init(b);
	b->unit_code = xstrdup(code);
	b->period = xstrdup(period);
	b->created = when;
	if (!bundle_add(b, formid, version, csv->ptr, csv->len, rows))
		fatal("bundle_add %s refused", formid);
}

/* A positive (or, if zero_ok, zero) decimal number, or -1. */
static long
number(const char *s, int zero_ok)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v > 100000000 || (v == 0 && !zero_ok))
		return -1;
	return v;
}

static int
cmd_key(int argc, char *argv[])
{
	struct key	 key;

	if (argc != 5)
		return usage();
	write_keys(argv[2], argv[3], argv[4], &key);
	printf("forge: %s.key and %s.pub (%s, key id %s)\n", argv[4], argv[4],
	    key.name, key.id);
	key_free(&key);
	return 0;
}

/* What the workers of batch share. */
struct batch {
	const char	*dir;
	char		*scratch;	/* the folder bundle_write writes in */
	size_t		 nbundles, rows, nunits;
	struct key	*units;		/* nunits keys */
	struct key	 office;
	int		 sealed;
};

/*
 * Makes bt->scratch: a folder on tmpfs if there is one.  bundle_write
 * syncs every file it writes, and on a disk 10,000 syncs take far longer
 * than making the bundles: batch copies each one out unsynced.
 */
static void
batch_scratch(struct batch *bt)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, "/dev/shm/forge.XXXXXX");
	if (mkdtemp(b.ptr) == NULL) {
		buf_clear(&b);
		buf_printf(&b, "%s/.forge.XXXXXX", bt->dir);
		if (mkdtemp(b.ptr) == NULL)
			fatal("%s: %s", b.ptr, strerror(errno));
	}
	bt->scratch = buf_detach(&b);
}

/* Writes the folders, keys and units.txt of bt, keeping the keys in it. */
static void
batch_keys(struct batch *bt)
{
	struct buf	 path = BUF_INIT, list = BUF_INIT;
	char		 name[64], seed[64];
	size_t		 u;

	make_dir(bt->dir, "");
	make_dir(bt->dir, "/keys");
	make_dir(bt->dir, "/bundles");
	buf_printf(&path, "%s/office", bt->dir);
	write_keys("office", "测试专项办", path.ptr, &bt->office);
	bt->units = xcalloc(bt->nunits, sizeof(*bt->units));
	for (u = 0; u < bt->nunits; u++) {
		snprintf(seed, sizeof(seed), "unit-%03zu", u + 1);
		snprintf(name, sizeof(name), "测试单位%03zu", u + 1);
		buf_clear(&path);
		buf_printf(&path, "%s/keys/u%03zu", bt->dir, u + 1);
		write_keys(seed, name, path.ptr, &bt->units[u]);
		buf_printf(&list, "u%03zu\t%s\t%s.pub\n", u + 1, name,
		    path.ptr);
	}
	buf_clear(&path);
	buf_printf(&path, "%s/units.txt", bt->dir);
	write_file(path.ptr, list.ptr, list.len, 0644);
	buf_free(&path);
	buf_free(&list);
}

/* The week of bundles k * nunits ...: the k-th ISO week from FIRST_WEEK. */
static void
batch_week(size_t k, struct period *p)
{
	struct period	 first;

	if (!period_parse(FIRST_WEEK, &first) ||
	    !period_of_date(first.first_day + 7 * (int64_t)k, 1, p))
		fatal("too many bundles per unit: the weeks go past 2100");
}

/* Writes the bundles w, w + jobs, w + 2 * jobs ... of bt. */
static void
batch_work(const struct batch *bt, size_t w, size_t jobs)
{
	struct bundle	 b;
	struct checked	 ck;
	struct period	 p;
	struct buf	 path = BUF_INIT, tmp = BUF_INIT, csv = BUF_INIT;
	struct buf	 z = BUF_INIT, err = BUF_INIT;
	char		 code[32], per[16];
	size_t		 i, u;

	buf_printf(&tmp, "%s/%zu.zip", bt->scratch, w);
	for (i = w; i < bt->nbundles; i += jobs) {
		u = i % bt->nunits;
		batch_week(i / bt->nunits, &p);
		period_format(&p, per, sizeof(per));
		gen_rows(i, bt->rows, &p, &ck, &err);
		buf_clear(&csv);
		normal_csv(&csv, &ck);
		snprintf(code, sizeof(code), "u%03zu", u + 1);
		make_bundle(&b, code, per, created(i), FORM, form->version,
		    &csv, ck.nrows);
		checked_free(&ck);
		buf_clear(&err);
		if (!bundle_write(tmp.ptr, &b, &bt->units[u], bt->sealed ?
		    &bt->office : NULL, &err))
			fatal("%s", err.ptr);
		buf_clear(&z);
		if (!files_read(&z, tmp.ptr))
			fatal("%s: %s", tmp.ptr, strerror(errno));
		buf_clear(&path);
		buf_printf(&path, "%s/bundles/%06zu.zip", bt->dir, i);
		write_file(path.ptr, z.ptr, z.len, 0644);
		bundle_free(&b);
	}
	unlink(tmp.ptr);
	buf_free(&path);
	buf_free(&tmp);
	buf_free(&csv);
	buf_free(&z);
	buf_free(&err);
}

/*
 * Runs batch_work in a process per processor (at most 8): the bundles are
 * independent, and bundle_write is most of the time.  Returns whether
 * every worker succeeded.
 */
static int
batch_run(const struct batch *bt)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);
	size_t	 w, jobs = n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
	pid_t	 pid;
	int	 st, ok = 1;

	fflush(stdout);
	for (w = 0; w < jobs; w++) {
		if ((pid = fork()) == -1)
			fatal("fork: %s", strerror(errno));
		if (pid == 0) {
			batch_work(bt, w, jobs);
			exit(0);
		}
	}
	while (wait(&st) != -1)
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	return ok;
}

static int
cmd_batch(int argc, char *argv[])
{
	struct batch	 bt;
	struct period	 last;
	char		 per[16];
	long		 nb, rows, nu;
	size_t		 u;
	int		 ok;

	memset(&bt, 0, sizeof(bt));
	if (argc == 7 && strcmp(argv[6], "--sealed") == 0)
		bt.sealed = 1;
	else if (argc != 6)
		return usage();
	if ((nb = number(argv[3], 1)) < 0 || (rows = number(argv[4], 1)) < 0 ||
	    (nu = number(argv[5], 0)) < 0 || nu > 9999) {
		fprintf(stderr, "forge: NBUNDLES and ROWS must be numbers, "
		    "NUNITS from 1 to 9999\n");
		return 2;
	}
	bt.dir = argv[2];
	bt.nbundles = (size_t)nb;
	bt.rows = (size_t)rows;
	bt.nunits = (size_t)nu;
	batch_week(nb > 0 ? (bt.nbundles - 1) / bt.nunits : 0, &last);
	period_format(&last, per, sizeof(per));
	/*
	 * zlib allocates and clears some 300 KB for every entry deflated:
	 * kept in the heap rather than given back each time, it costs a
	 * memset instead of page faults, and batch runs twice as fast.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	batch_keys(&bt);
	batch_scratch(&bt);
	ok = batch_run(&bt);
	rmdir(bt.scratch);
	if (ok)
		printf("forge: %zu bundles of %zu rows from %zu units (%s to "
		    "%s)%s in %s/bundles\n", bt.nbundles, bt.rows, bt.nunits,
		    FIRST_WEEK, per, bt.sealed ? ", sealed to the office key,"
		    : "", bt.dir);
	for (u = 0; u < bt.nunits; u++)
		key_free(&bt.units[u]);
	free(bt.units);
	key_free(&bt.office);
	free(bt.scratch);
	return ok ? 0 : 1;
}

/*
 * Makes the zip-level defect kind in the bundle z, written with entry
 * times mtime: patched in place, or rebuilt from its entries with
 * craft_zip, which lays them out as bundle_write does.
 */
static void
crafted(const char *kind, struct buf *z, time_t mtime)
{
	static const char *const names[3] = { "manifest.json", "manifest.sig",
	    DATA };
	struct buf	 b[3] = { BUF_INIT, BUF_INIT, BUF_INIT }, w = BUF_INIT;
	struct craft_ent e[4];
	size_t		 i, n = 3;

	if (strcmp(kind, "lying-size") == 0) {
		craft_patch_usize(z, DATA, 10);
		return;
	}
	if (strcmp(kind, "zip-encrypted") == 0) {
		craft_patch16(z, DATA, CRAFT_C_FLAGS, CRAFT_L_FLAGS,
		    craft_le16(z, craft_central(z, DATA) + CRAFT_C_FLAGS) | 1);
		return;
	}
	if (strcmp(kind, "flipped") == 0) {
		craft_flip(z, DATA);
		return;
	}
	/* the others are rebuilt from the bundle's entries */
	memset(e, 0, sizeof(e));
	for (i = 0; i < 3; i++) {
		craft_entry(z, names[i], &b[i]);
		e[i].name = names[i];
		e[i].data = b[i].ptr;
		e[i].len = b[i].len;
	}
	e[3] = e[2];
	if (strcmp(kind, "traversal") == 0)
		e[n++].name = "../evil.csv";
	else if (strcmp(kind, "absolute") == 0)
		e[n++].name = "/etc/evil.csv";
	else if (strcmp(kind, "symlink") == 0)
		e[2].attr = (uint32_t)(S_IFLNK | 0777) << 16;
	else if (strcmp(kind, "duplicate") == 0)
		e[n++].name = "data/hazard_ledger.csX";
	else if (strcmp(kind, "bomb") == 0)
		e[2].zeros = (uint64_t)1 << 20;
	else if (strcmp(kind, "huge") == 0)
		e[2].zeros = BUNDLE_MAX_ENTRY + ((uint64_t)1 << 20);
	else
		fatal("no zip-level kind %s", kind);
	craft_zip(&w, e, n, mtime);
	/* libzip will not write two equal names: rename the second */
	if (strcmp(kind, "duplicate") == 0)
		craft_rename(&w, "data/hazard_ledger.csX", DATA);
	if (strcmp(kind, "bomb") == 0)
		craft_overlap(z, &w, DATA, 59);
	else
		buf_set(z, w.ptr, w.len);
	for (i = 0; i < 3; i++)
		buf_free(&b[i]);
	buf_free(&w);
}

/* The seed of the rows of unit code's bundle for period per. */
static uint64_t
kind_seed(const char *code, const char *per)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	struct buf	 b = BUF_INIT;
	uint64_t	 seed = 0;
	int		 k;

	buf_printf(&b, "%s\n%s", code, per);
	crypto_hash_sha256(h, (const unsigned char *)b.ptr, b.len);
	for (k = 0; k < 8; k++)
		seed = seed << 8 | h[k];
	buf_free(&b);
	return seed;
}

static int
cmd_kind(int argc, char *argv[])
{
	const char	*kind = argv[1], *per = argv[4], *out = argv[5];
	const char	*formid = FORM;
	struct key	 key;
	struct bundle	 b;
	struct checked	 ck;
	struct period	 p;
	struct buf	 err = BUF_INIT, csv = BUF_INIT, z = BUF_INIT;
	size_t		 k, rows = KIND_ROWS;
	int		 version = form->version, monthly;

	if (argc != 6)
		return usage();
	for (k = 0; k < NELEM(kinds); k++)
		if (strcmp(kind, kinds[k].name) == 0)
			break;
	if (k == NELEM(kinds)) {
		fprintf(stderr, "forge: no kind %s\n", kind);
		return usage();
	}
	if ((monthly = strcmp(kind, "wrong-period-kind") == 0))
		per = "2022-05";
	if (!period_parse(per, &p) || (p.week == 0) != monthly) {
		fprintf(stderr, "forge: %s is not an ISO week like 2022-W21\n",
		    per);
		return 2;
	}
	if (!key_load_secret(argv[2], &key, &err))
		fatal("%s", err.ptr);

	gen_rows(kind_seed(argv[3], per), KIND_ROWS, &p, &ck, &err);
	if (strcmp(kind, "bad-row") == 0) {
		free(ck.rows[1][col[GRADE]]);
		ck.rows[1][col[GRADE]] = xstrdup("Z");
		ck.rows[1][col[DEPARTMENT]][0] = '\0';
	} else if (strcmp(kind, "excel-number") == 0) {
		free(ck.rows[1][col[SUBJECT]]);
		ck.rows[1][col[SUBJECT]] = xstrdup("1.10101199001011E+17");
	} else if (strcmp(kind, "wrong-version") == 0)
		version = 99;
	else if (strcmp(kind, "unknown-form") == 0)
		formid = "no_such_form";
	else if (strcmp(kind, "rows-mismatch") == 0)
		rows = 5;
	normal_csv(&csv, &ck);
	checked_free(&ck);
	make_bundle(&b, argv[3], per, created(0), formid, version, &csv, rows);
	buf_clear(&err);
	if (!bundle_write(out, &b, &key, NULL, &err))
		fatal("%s", err.ptr);
	if (!files_read(&z, out))
		fatal("%s: %s", out, strerror(errno));
	if (kinds[k].zip) {
		crafted(kind, &z, (time_t)CREATED);
		if (!files_write(out, z.ptr, z.len, 0666, 1, &err))
			fatal("%s", err.ptr);
	}
	printf("forge: %s: %s bundle of unit %s for %s, %zu bytes\n", out,
	    kind, argv[3], per, z.len);
	key_free(&key);
	bundle_free(&b);
	buf_free(&err);
	buf_free(&csv);
	buf_free(&z);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct buf	 err = BUF_INIT;
	size_t		 k;

	util_progname = "forge";
	if (argc < 2)
		return usage();
	if (!key_crypto_init(&err))
		fatal("%s", err.ptr);
	if ((form = form_find(FORM)) == NULL)
		fatal("no form %s", FORM);
	for (k = 0; k < NGEN; k++)
		if ((col[k] = form_field(form, gen_names[k])) < 0)
			fatal("form %s has no field %s", FORM, gen_names[k]);
	if (strcmp(argv[1], "key") == 0)
		return cmd_key(argc, argv);
	if (strcmp(argv[1], "batch") == 0)
		return cmd_batch(argc, argv);
	return cmd_kind(argc, argv);
}
