/*
 * The ledger: creation and its settings, refusing files that are not a
 * ledger, schema versions, tables from form definitions (and a form that
 * gains a field), and the unit registry.
 */
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
#include <sqlite3.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "bundle/key.h"
#include "office/ledger.h"

static const unsigned char seed1[32] = "shouhu test ledger unit one 0001";
static const unsigned char seed2[32] = "shouhu test ledger unit two 0002";

static struct key k1, k2;
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

	(void)state;
	ok = key_from_seed(seed1, "一号所", &k1, &err) &&
	    key_from_seed(seed2, "二号所", &k2, &err);
	buf_free(&err);
	strcpy(dir, "/tmp/test_ledger.XXXXXX");
	return ok && mkdtemp(dir) != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	key_free(&k1);
	key_free(&k2);
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

static const char *
at(const char *name)
{
	static char	 b[512];

	snprintf(b, sizeof(b), "%s/%s", dir, name);
	return b;
}

static long long
q(struct ledger *l, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v;

	assert_int_equal(sqlite3_prepare_v2(l->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *
qs(struct ledger *l, const char *sql)
{
	sqlite3_stmt	*st;
	char		*v;

	assert_int_equal(sqlite3_prepare_v2(l->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void
test_create(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	struct stat	 st;
	char		*s;

	(void)state;
	assert_true(ledger_open(&l, at("new.db"), LEDGER_CREATE, &err));
	assert_int_equal(stat(at("new.db"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	s = qs(&l, "PRAGMA journal_mode");
	assert_string_equal(s, "wal");
	free(s);
	assert_int_equal(q(&l, "PRAGMA synchronous"), 2);	/* FULL */
	assert_int_equal(q(&l, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q(&l, "PRAGMA busy_timeout"), 30000);
	assert_int_equal(q(&l, "PRAGMA user_version"), LEDGER_SCHEMA);
	assert_int_equal(q(&l, "PRAGMA application_id"), LEDGER_APPID);
	/* a table and a view per compiled-in form */
	assert_int_equal(q(&l, "SELECT count(*) FROM forms"),
	    (long long)form_count());
	assert_int_equal(q(&l, "SELECT count(*) FROM sqlite_schema WHERE "
	    "type = 'view'"), (long long)form_count());
	assert_int_equal(q(&l, "SELECT count(*) FROM pragma_table_info("
	    "'hazard_ledger_all')"), 2 + 11);
	assert_int_equal(q(&l, "SELECT count(*) FROM pragma_table_info("
	    "'hazard_ledger')"), 4 + 11);
	assert_int_equal(q(&l, "SELECT public FROM form_fields WHERE form = "
	    "'case_source' AND name = 'informant_name'"), 0);
	s = qs(&l, "SELECT type FROM pragma_table_info('campaign_stats_all') "
	    "WHERE name = 'police_letters'");
	assert_string_equal(s, "INTEGER");
	free(s);
	ledger_close(&l);

	/* opened again: nothing to do, same schema */
	assert_true(ledger_open(&l, at("new.db"), LEDGER_WRITE, &err));
	assert_int_equal(q(&l, "PRAGMA user_version"), LEDGER_SCHEMA);
	ledger_close(&l);
	assert_true(ledger_open(&l, at("new.db"), LEDGER_READ, &err));
	assert_int_equal(q(&l, "SELECT count(*) FROM units"), 0);
	ledger_close(&l);
	buf_free(&err);
}

static void
test_refuse(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	sqlite3		*db;
	int		 fd;

	(void)state;
	assert_false(ledger_open(&l, at("missing.db"), LEDGER_WRITE, &err));
	buf_printf(&want, "%s: 找不到账本：文件或文件夹不存在；先用 "
	    "shouhu units add 登记报送单位，账本会随之建立，或用 --ledger "
	    "指定账本文件", at("missing.db"));
	assert_string_equal(err.ptr, want.ptr);
	assert_int_equal(access(at("missing.db"), F_OK), -1);

	fd = open(at("text.db"), O_WRONLY | O_CREAT, 0600);
	assert_int_equal(write(fd, "这是一个文本文件，不是数据库。这是一个文本"
	    "文件，不是数据库。这是一个文本文件，不是数据库。\n", 136), 136);
	close(fd);
	buf_clear(&err);
	assert_false(ledger_open(&l, at("text.db"), LEDGER_CREATE, &err));
	buf_clear(&want);
	buf_printf(&want, "%s: 这不是 Shouhu 账本（不是 SQLite 数据库）；请检查 "
	    "--ledger 指定的文件（它没有被改动）", at("text.db"));
	assert_string_equal(err.ptr, want.ptr);

	/* another program's SQLite database is left alone */
	assert_int_equal(sqlite3_open(at("other.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t "
	    "VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	buf_clear(&err);
	assert_false(ledger_open(&l, at("other.db"), LEDGER_CREATE, &err));
	buf_clear(&want);
	buf_printf(&want, "%s: 这不是 Shouhu 账本（是别的 SQLite 数据库）；请"
	    "检查 --ledger 指定的文件（它没有被改动）", at("other.db"));
	assert_string_equal(err.ptr, want.ptr);
	assert_int_equal(sqlite3_open(at("other.db"), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT x FROM t", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	/* a ledger from a newer shouhu */
	assert_true(ledger_open(&l, at("newer.db"), LEDGER_CREATE, &err));
	assert_true(ledger_exec(&l, "PRAGMA user_version = 99", &err));
	ledger_close(&l);
	buf_clear(&err);
	assert_false(ledger_open(&l, at("newer.db"), LEDGER_WRITE, &err));
	buf_clear(&want);
	buf_printf(&want, "%s: 账本是较新版本的 shouhu 建立的（结构版本 99，"
	    "本程序只认识到 %d）；请升级 shouhu", at("newer.db"),
	    LEDGER_SCHEMA);
	assert_string_equal(err.ptr, want.ptr);
	buf_free(&err);
	buf_free(&want);
}

/*
 * A ledger is made only where there is no file: an empty file (a copy
 * that went wrong) is refused in every mode and stays as it is, and a new
 * ledger is made up to date.
 */
static void
test_empty_refused(void **state)
{
	static const enum ledger_mode modes[] = { LEDGER_READ, LEDGER_WRITE,
	    LEDGER_CREATE };
	struct ledger	 l;
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	struct stat	 st;
	size_t		 i;
	int		 fd;

	(void)state;
	fd = open(at("empty.db"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	buf_printf(&want, "%s: 账本文件是空的（0 字节），可能是复制或保存时出了"
	    "问题：请用备份恢复（见 README 的“账本的备份与恢复”）；如果确实要"
	    "从头开始，先删掉这个文件", at("empty.db"));
	for (i = 0; i < 3; i++) {
		buf_clear(&err);
		assert_false(ledger_open(&l, at("empty.db"), modes[i], &err));
		assert_string_equal(err.ptr, want.ptr);
	}
	assert_int_equal(stat(at("empty.db"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	buf_clear(&err);
	assert_true(ledger_open(&l, at("new.db"), LEDGER_CREATE, &err));
	assert_int_equal(q(&l, "PRAGMA user_version"), LEDGER_SCHEMA);
	assert_int_equal(q(&l, "PRAGMA application_id"), LEDGER_APPID);
	assert_int_equal(q(&l, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name IN ('units', 'bundles', 'parts', 'ingest_log', 'forms', "
	    "'form_fields', 'meta')"), 7);
	ledger_close(&l);
	assert_int_equal(stat(at("new.db"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	buf_free(&err);
	buf_free(&want);
}

/*
 * A damaged ledger (pages overwritten) is refused before anything reads
 * or writes it, with what SQLite found and what to do; the full check
 * says the same.
 */
static void
test_damaged_refused(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	char		 junk[4096];
	int		 fd, i;

	(void)state;
	assert_true(ledger_open(&l, at("damaged.db"), LEDGER_CREATE, &err));
	assert_true(ledger_exec(&l, "CREATE TABLE filler (x TEXT); "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 2000) INSERT INTO filler SELECT printf('%0100d', i) "
	    "FROM n; PRAGMA wal_checkpoint(TRUNCATE)", &err));
	ledger_close(&l);
	/* overwrite pages in the middle, as a bad disk or copy would */
	memset(junk, 0x5a, sizeof(junk));
	fd = open(at("damaged.db"), O_WRONLY);
	for (i = 20; i < 24; i++)
		assert_int_equal(pwrite(fd, junk, sizeof(junk),
		    (off_t)i * 4096), (ssize_t)sizeof(junk));
	close(fd);
	buf_clear(&err);
	assert_false(ledger_open(&l, at("damaged.db"), LEDGER_WRITE, &err));
	assert_non_null(strstr(err.ptr, "damaged.db: 账本已损坏，没有读写它"
	    "（SQLite 检查发现："));
	assert_non_null(strstr(err.ptr, "）：请用最近的备份恢复（见 README 的"
	    "“账本的备份与恢复”），再重新接收备份之后收到的数据包"));
	buf_clear(&err);
	assert_false(ledger_open(&l, at("damaged.db"), LEDGER_READ, &err));
	assert_non_null(strstr(err.ptr, "账本已损坏"));
	buf_free(&err);
}

static void
load(struct form *f, const char *src)
{
	struct buf	 err = BUF_INIT;

	if (!form_load(src, strlen(src), "demo.lua", f, &err))
		fail_msg("form_load: %s", err.ptr);
	buf_free(&err);
}

/* A form that gains a field gets the column; a changed type is refused. */
static void
test_form_change(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	struct form	 v1, v2, v3;
	const struct form *fv[1];
	char		*s;

	(void)state;
	load(&v1, "return { id = 'demo', title = '演示', version = 1, "
	    "period = 'week', fields = { { name = 'a', label = '甲', "
	    "type = 'int', public = true } } }");
	load(&v2, "return { id = 'demo', title = '演示', version = 2, "
	    "period = 'week', fields = { { name = 'a', label = '甲', "
	    "type = 'int', public = true }, { name = 'b', label = '乙', "
	    "type = 'text' } } }");
	load(&v3, "return { id = 'demo', title = '演示', version = 3, "
	    "period = 'week', fields = { { name = 'a', label = '甲', "
	    "type = 'text' } } }");
	assert_true(ledger_open(&l, at("forms.db"), LEDGER_CREATE, &err));
	fv[0] = &v1;
	assert_true(ledger_sync_forms(&l, fv, 1, &err));
	assert_true(ledger_exec(&l, "INSERT INTO units (code, name, pubkey, "
	    "key_id, added, updated) VALUES ('U', 'u', 'k', 'i', 't', 't'); "
	    "INSERT INTO bundles (id, unit, period, forms, "
	    "created, received, file, sealed, collector, key_id, status, "
	    "manifest, signature) VALUES ('B', 'U', '2022-W01', 'demo', 't', "
	    "'t', 'f', 0, 'c', 'i', 'current', 'm', 's'); INSERT INTO parts "
	    "VALUES ('B', 'demo', 1, 'U', '2022-W01', 't', 1, 'h', NULL); "
	    "INSERT INTO demo_all VALUES ('B', 1, 7)", &err));
	assert_int_equal(q(&l, "SELECT a FROM demo"), 7);

	fv[0] = &v2;
	assert_true(ledger_sync_forms(&l, fv, 1, &err));
	assert_int_equal(q(&l, "SELECT count(*) FROM pragma_table_info("
	    "'demo')"), 4 + 2);
	assert_int_equal(q(&l, "SELECT a FROM demo WHERE b IS NULL"), 7);
	assert_int_equal(q(&l, "SELECT version FROM forms WHERE id = 'demo'"),
	    2);
	s = qs(&l, "SELECT group_concat(name || ':' || label || ':' || public)"
	    " FROM form_fields WHERE form = 'demo' ORDER BY pos");
	assert_string_equal(s, "a:甲:1,b:乙:0");
	free(s);

	fv[0] = &v3;
	assert_false(ledger_sync_forms(&l, fv, 1, &err));
	assert_non_null(strstr(err.ptr, "表单 demo 的字段 a 在账本里是 INTEGER "
	    "类型，现在的定义是 TEXT：字段不能改类型"));
	/* refused whole: still version 2 */
	assert_int_equal(q(&l, "SELECT version FROM forms WHERE id = 'demo'"),
	    2);
	ledger_close(&l);
	form_free(&v1);
	form_free(&v2);
	form_free(&v3);
	buf_free(&err);
}

static void
test_units(void **state)
{
	struct ledger	 l;
	struct ledger_unit *u;
	struct buf	 err = BUF_INIT;
	size_t		 n;

	(void)state;
	assert_true(ledger_open(&l, at("units.db"), LEDGER_CREATE, &err));
	assert_int_equal(ledger_unit_add(&l, "U2", "二号所", &k2, 0, &err),
	    LEDGER_ADD_NEW);
	assert_int_equal(ledger_unit_add(&l, "U1", "一号所", &k1, 0, &err),
	    LEDGER_ADD_NEW);
	assert_int_equal(ledger_unit_add(&l, "U1", "一号所", &k1, 0, &err),
	    LEDGER_ADD_SAME);
	assert_int_equal(ledger_unit_add(&l, "U1", "一号所", &k2, 0, &err),
	    LEDGER_ADD_FAIL);
	assert_non_null(strstr(err.ptr, "单位 U1 已经登记过（一号所），公钥不同；"
	    "如果确实要换成新的，加上 --replace 再运行"));
	buf_clear(&err);
	assert_int_equal(ledger_unit_add(&l, "U1", "一号监管所", &k1, 0, &err),
	    LEDGER_ADD_FAIL);
	assert_non_null(strstr(err.ptr, "名称不同"));
	assert_int_equal(ledger_unit_add(&l, "U1", "一号监管所", &k2, 1, &err),
	    LEDGER_ADD_REPLACED);
	/* registry order (U2 came first), not by code; replace keeps it */
	assert_true(ledger_units(&l, &u, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(u[1].code, "U1");
	assert_string_equal(u[1].name, "一号监管所");
	assert_string_equal(u[1].key_id, k2.id);
	assert_int_equal(u[1].bundles, 0);
	assert_null(u[1].last);
	assert_int_equal(u[1].pos, 2);
	assert_string_equal(u[0].code, "U2");
	assert_string_equal(u[0].added, "2023-11-14T22:13:20Z");
	assert_int_equal(u[0].pos, 1);
	ledger_units_free(u, n);
	ledger_close(&l);
	buf_free(&err);
}

/* The units of l in order, as "CODE CODE ...". */
static void
order_is(struct ledger *l, const char *want)
{
	struct ledger_unit *u;
	struct buf	 got = BUF_INIT, err = BUF_INIT;
	size_t		 n, i;

	assert_true(ledger_units(l, &u, &n, &err));
	for (i = 0; i < n; i++)
		buf_printf(&got, "%s%s", i ? " " : "", u[i].code);
	assert_string_equal(got.ptr, want);
	ledger_units_free(u, n);
	buf_free(&got);
	buf_free(&err);
}

static void
test_unit_order(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	char		*v[3];

	(void)state;
	assert_true(ledger_open(&l, at("order.db"), LEDGER_CREATE, &err));
	assert_int_equal(ledger_unit_add(&l, "U3", "三号所", &k1, 0, &err),
	    LEDGER_ADD_NEW);
	assert_int_equal(ledger_unit_add(&l, "U1", "一号所", &k1, 0, &err),
	    LEDGER_ADD_NEW);
	assert_int_equal(ledger_unit_add(&l, "U2", "二号所", &k2, 0, &err),
	    LEDGER_ADD_NEW);
	order_is(&l, "U3 U1 U2");
	v[0] = "U2";
	assert_true(ledger_unit_order(&l, v, 1, &err));
	order_is(&l, "U2 U3 U1");
	v[0] = "U1";
	v[1] = "U3";
	assert_true(ledger_unit_order(&l, v, 2, &err));
	order_is(&l, "U1 U3 U2");
	assert_int_equal(q(&l, "SELECT count(*) FROM units WHERE pos = "
	    "CASE code WHEN 'U1' THEN 1 WHEN 'U3' THEN 2 ELSE 3 END"), 3);
	/* all or nothing */
	v[0] = "U2";
	v[1] = "U9";
	v[2] = "U2";
	assert_false(ledger_unit_order(&l, v, 3, &err));
	assert_string_equal(err.ptr, "shouhu: 没有登记代码为“U9”的单位：用 "
	    "shouhu units list 查看已登记的单位和代码\n"
	    "shouhu: 单位 U2 写了两次：每个单位只写一次\n"
	    "shouhu: 单位的顺序没有改动；改正后再运行一次");
	order_is(&l, "U1 U3 U2");
	/* a new unit goes last */
	assert_int_equal(ledger_unit_add(&l, "U0", "零号所", &k2, 0, &err),
	    LEDGER_ADD_NEW);
	order_is(&l, "U1 U3 U2 U0");
	ledger_close(&l);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_refuse),
		cmocka_unit_test(test_empty_refused),
		cmocka_unit_test(test_damaged_refused),
		cmocka_unit_test(test_form_change),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_unit_order),
	};

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
