/*
 * The list of towns (towns.h): the loose key of a spelling, the canonical
 * name of spellings with spaces, full-width forms and 办事处, a spelling
 * that stands for another town refused with nothing changed, the public
 * copy's town_canonical column, and the spellings not on the list (of a
 * period, of all).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "office/ledger.h"
#include "office/towns.h"

static char path[64];

/* A fresh ledger at path with 新兴路街道 (variant 新兴路) and 鼓楼街道. */
static void
fresh(struct ledger *l)
{
	struct buf	 err = BUF_INIT;
	struct towns_added a;
	char		*v[] = { "新兴路" };

	strcpy(path, "/tmp/test_towns.XXXXXX");
	assert_int_not_equal(mkstemp(path), -1);
	unlink(path);
	assert_true(ledger_open(l, path, LEDGER_CREATE, &err));
	assert_true(towns_add(l, "新兴路街道", v, 1, &a, &err));
	assert_int_equal(a.towns, 1);
	assert_int_equal(a.spellings, 1);
	assert_true(towns_add(l, "鼓楼街道", NULL, 0, &a, &err));
	buf_free(&err);
}

static void
gone(struct ledger *l)
{
	char	 p[80];

	ledger_close(l);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void
test_key(void **state)
{
	struct buf	 k = BUF_INIT;

	(void)state;
	towns_key(&k, " 新兴路\u3000街道办事处 ", strlen(" 新兴路\u3000街道办事处 "));
	assert_string_equal(k.ptr, "新兴路街道");
	buf_clear(&k);
	towns_key(&k, "ＧＬ 街道", strlen("ＧＬ 街道"));
	assert_string_equal(k.ptr, "gl街道");
	buf_clear(&k);
	/* 办事处 alone is a name, not a suffix */
	towns_key(&k, "办事处", strlen("办事处"));
	assert_string_equal(k.ptr, "办事处");
	buf_free(&k);
}

static void
test_canonical(void **state)
{
	static const char *const same[] = { "新兴路街道", "新兴路 街道",
	    "新兴路\u3000街道", "新兴路街道办事处", "新兴路", " 新兴路 " };
	struct ledger	 l;
	struct towns	*t;
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	size_t		 i;

	(void)state;
	fresh(&l);
	assert_non_null(t = towns_load(&l, &err));
	assert_int_equal(towns_count(t), 2);
	assert_string_equal(towns_name(t, 0), "新兴路街道");
	assert_string_equal(towns_name(t, 1), "鼓楼街道");
	assert_null(towns_name(t, 2));
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		assert_int_equal(towns_canonical(t, same[i], &out),
		    TOWNS_KNOWN);
		assert_string_equal(out.ptr, "新兴路街道");
	}
	assert_int_equal(towns_canonical(t, "新兴 街道", &out),
	    TOWNS_UNKNOWN);
	assert_string_equal(out.ptr, "新兴街道");
	assert_int_equal(towns_canonical(t, " \u3000", &out), TOWNS_BLANK);
	assert_int_equal(out.len, 0);
	assert_int_equal(towns_canonical(t, NULL, &out), TOWNS_BLANK);
	towns_free(t);
	gone(&l);
	buf_free(&err);
	buf_free(&out);
}

static void
test_refused(void **state)
{
	struct ledger	 l;
	struct towns	*t;
	struct towns_added a;
	struct buf	 err = BUF_INIT;
	char		*v[] = { "小孟", "鼓楼 街道" };
	char		*w[] = { "" };

	(void)state;
	fresh(&l);
	assert_false(towns_add(&l, "小孟镇", v, 2, &a, &err));
	assert_string_equal(err.ptr, "shouhu: “鼓楼 街道”已经是镇街 鼓楼街道 的写法"
	    "，不能再算作 小孟镇；请检查后重新运行（名单没有改动）");
	assert_int_equal(a.towns, 0);
	/* all or nothing: neither 小孟镇 nor its spelling 小孟 was added */
	buf_clear(&err);
	assert_true(towns_add(&l, "小孟", NULL, 0, &a, &err));
	assert_int_equal(a.towns, 1);
	assert_non_null(t = towns_load(&l, &err));
	assert_int_equal(towns_count(t), 3);
	assert_string_equal(towns_name(t, 2), "小孟");
	towns_free(t);
	buf_clear(&err);
	assert_false(towns_add(&l, "新兴路街道", w, 1, &a, &err));
	assert_string_equal(err.ptr, "shouhu: 镇街名称或写法“”不可用：不能为空、"
	    "不能含制表符或换行，最长 100 字节");
	gone(&l);
	buf_free(&err);
}

static void
test_publish(void **state)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	sqlite3		*mem;
	sqlite3_stmt	*st;
	const char	*want[] = { "新兴路街道|新兴路 街道", "新兴路街道|新兴路",
	    "新兴街道|新兴　街道", "-|", "-|-" };
	char		 got[128];
	int		 i = 0;

	(void)state;
	fresh(&l);
	assert_int_equal(sqlite3_open(":memory:", &mem), SQLITE_OK);
	assert_int_equal(sqlite3_exec(mem, "CREATE TABLE hazard_ledger ("
	    "_row INTEGER, town TEXT); INSERT INTO hazard_ledger VALUES "
	    "(1, '新兴路 街道'), (2, '新兴路'), (3, '新兴　街道'), (4, ''), "
	    "(5, NULL)", NULL, NULL, NULL), SQLITE_OK);
	assert_true(towns_publish(&l, mem, &err));
	assert_int_equal(sqlite3_prepare_v2(mem, "SELECT coalesce("
	    "town_canonical, '-'), coalesce(town, '-') FROM hazard_ledger "
	    "ORDER BY _row", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(got, sizeof(got), "%s|%s", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1));
		assert_true(i < 5);
		assert_string_equal(got, want[i++]);
	}
	assert_int_equal(i, 5);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(mem, "SELECT group_concat(name, "
	    "',') FROM (SELECT name FROM towns ORDER BY pos)", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
	    "新兴路街道,鼓楼街道");
	sqlite3_finalize(st);
	sqlite3_close(mem);
	gone(&l);
	buf_free(&err);
}

/* A bundle b of unit U1 for period p with hazard rows of the towns. */
static void
rows(struct ledger *l, const char *b, const char *p, const char *towns)
{
	struct buf	 sql = BUF_INIT, err = BUF_INIT;

	buf_printf(&sql, "INSERT OR IGNORE INTO units (code, name, pubkey, "
	    "key_id, added, updated) VALUES ('U1', '一号所', 'k', 'k', 't', "
	    "'t'); INSERT INTO bundles VALUES ('%s', 'U1', "
	    "'%s', 'hazard_ledger', 't', 't', 'f', 0, 'c', 'k', 'current', "
	    "NULL, 'm', 's'); INSERT INTO parts VALUES ('%s', 'hazard_ledger', "
	    "1, 'U1', '%s', 't', 2, 'h', NULL); INSERT INTO hazard_ledger_all "
	    "(_bundle, _row, town) VALUES %s", b, p, b, p, towns);
	assert_true(ledger_exec(l, sql.ptr, &err));
	buf_free(&sql);
	buf_free(&err);
}

static void
test_unknown(void **state)
{
	struct ledger	 l;
	struct towns	*t;
	struct buf	 err = BUF_INIT, out = BUF_INIT;

	(void)state;
	fresh(&l);
	rows(&l, "b1", "2023-W44", "('b1', 1, '新兴 街道'), ('b1', 2, '鼓楼')");
	rows(&l, "b2", "2023-W45", "('b2', 1, '新兴路'), ('b2', 2, '鼓楼'), "
	    "('b2', 3, '鼓楼 ')");
	assert_non_null(t = towns_load(&l, &err));
	assert_true(towns_unknown(&l, t, "2023-W45", &out, &err));
	assert_string_equal(out.ptr, "  镇街名单里没有的写法 1 个（网站的统计里"
	    "各算一个镇街）：\n    鼓楼：2 条，如 U1 2023-W45 “风险隐患排查化解"
	    "台账”第 2 条\n  请核对：是名单上镇街的另一种写法的，用 shouhu towns "
	    "add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上\n");
	buf_clear(&out);
	assert_true(towns_unknown(&l, t, NULL, &out, &err));
	assert_non_null(strstr(out.ptr, "没有的写法 2 个"));
	assert_non_null(strstr(out.ptr, "\n    新兴街道：1 条，如 U1 2023-W44 "
	    "“风险隐患排查化解台账”第 1 条\n    鼓楼：3 条，如 U1 2023-W44 "));
	buf_clear(&out);
	assert_true(towns_unknown(&l, t, "2023-W46", &out, &err));
	assert_int_equal(out.len, 0);
	towns_free(t);
	/* an empty list checks nothing */
	t = towns_load(NULL, &err);
	assert_true(towns_unknown(&l, t, NULL, &out, &err));
	assert_int_equal(out.len, 0);
	towns_free(t);
	gone(&l);
	buf_free(&err);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
