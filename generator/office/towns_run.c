/*
 * The shouhu towns command (see towns_run.h).
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "office/towns.h"
#include "office/towns_run.h"

#define USAGE	"shouhu: 写法：shouhu towns add 镇街名 [其他写法...]，shouhu " \
		"towns import 名单.txt，shouhu towns remove 镇街名或写法...，" \
		"或 shouhu towns list [--plain]\n"

/*
 * Prints the list of l: a line per town (its place, name and the other
 * spellings, split by 、), or with plain the names only.  Returns 1, or 0
 * with a message in err.
 */
static int
list(struct ledger *l, int plain, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc, n = 0;

	if (sqlite3_prepare_v2(l->db, "SELECT t.pos, t.name, (SELECT "
	    "group_concat(spelling, '、') FROM (SELECT spelling FROM town_names"
	    " s WHERE s.town = t.name AND s.spelling <> t.name ORDER BY "
	    "s.rowid)) FROM towns t ORDER BY t.pos", -1, &st, NULL) !=
	    SQLITE_OK)
		return ledger_fail(l, err, "无法读取镇街名单");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (plain)
			printf("%s\n", sqlite3_column_text(st, 1));
		else if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			printf("%d\t%s\n", n, sqlite3_column_text(st, 1));
		else
			printf("%d\t%s\t%s\n", n, sqlite3_column_text(st, 1),
			    sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, err, "无法读取镇街名单");
	if (n == 0 && !plain)
		printf("镇街名单还是空的：用 shouhu towns add 镇街名 [其他写法...] "
		    "或 shouhu towns import 名单.txt 加上\n");
	return 1;
}

/* Says what towns_add did for the town name. */
static void
said_add(const char *name, const struct towns_added *a)
{
	if (a->towns > 0 && a->spellings > 0)
		printf("已加上镇街 %s 和它的 %zu 种其他写法\n", name,
		    a->spellings);
	else if (a->towns > 0)
		printf("已加上镇街 %s\n", name);
	else if (a->spellings > 0)
		printf("已给镇街 %s 加上 %zu 种写法\n", name, a->spellings);
	else
		printf("镇街 %s 和这些写法早已在名单里，没有改动\n", name);
}

int
towns_run(const char *path, int plain, int argc, char *argv[])
{
	struct ledger	 l;
	struct towns_added a;
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	enum { LIST, ADD, IMPORT, REMOVE } sub;
	int		 ok;

	if (argc == 1 && strcmp(argv[0], "list") == 0)
		sub = LIST;
	else if (argc >= 2 && strcmp(argv[0], "add") == 0 && !plain)
		sub = ADD;
	else if (argc == 2 && strcmp(argv[0], "import") == 0 && !plain)
		sub = IMPORT;
	else if (argc >= 2 && strcmp(argv[0], "remove") == 0 && !plain)
		sub = REMOVE;
	else {
		fputs(USAGE, stderr);
		return 2;
	}
	if (!ledger_open(&l, path, sub == LIST || sub == REMOVE ? LEDGER_WRITE :
	    LEDGER_CREATE,
	    &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		buf_free(&err);
		return 1;
	}
	switch (sub) {
	case LIST:
		ok = list(&l, plain, &err);
		break;
	case ADD:
		if ((ok = towns_add(&l, argv[1], argv + 2, (size_t)argc - 2, &a,
		    &err)))
			said_add(argv[1], &a);
		break;
	case REMOVE:
		if ((ok = towns_remove(&l, argv + 1, (size_t)argc - 1, &out,
		    &err)))
			printf("%s账本里已有的记录没有改动：删掉的镇街名和写法以后"
			    "算作名单里没有的写法\n", out.ptr);
		break;
	default:
		if ((ok = towns_import(&l, argv[1], &a, &err)))
			printf("已从 %s 导入镇街名单：新镇街 %zu 个，新写法 %zu 种"
			    "（已有的没有改动）\n", argv[1], a.towns,
			    a.spellings);
		break;
	}
	ledger_close(&l);
	if (!ok)
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	buf_free(&out);
	return ok ? 0 : 1;
}
