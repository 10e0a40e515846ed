/*
 * Consistent copies of the ledger (see backup.h).
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "office/backup.h"
#include "lib/buf.h"
#include "lib/files.h"
#include "lib/date.h"
#include "office/ledger.h"
#include "lib/util.h"

/* Records now as the time of the ledger file path's last backup. */
static int
record(const char *path, struct buf *err)
{
	struct ledger	 l;
	sqlite3_stmt	*st = NULL;
	char		 now[32];
	int		 ok = 0;

	if (!ledger_open(&l, path, LEDGER_WRITE, err))
		return 0;
	ledger_now(now);
	if (sqlite3_prepare_v2(l.db, "INSERT OR REPLACE INTO meta (key, value) "
	    "VALUES ('last_backup', ?1)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		buf_printf(err, "%s: 备份已做好，但无法在账本里记下备份时间：%s",
		    path, ledger_errtext(l.db));
		goto out;
	}
	ok = 1;
out:
	sqlite3_finalize(st);
	ledger_close(&l);
	return ok;
}

int
backup_make(const char *ledger, const char *dest, int force,
    struct buf *err)
{
	struct ledger	 src, copy;
	struct buf	 tmp = BUF_INIT;
	sqlite3		*db = NULL;
	sqlite3_backup	*b;
	int		 ok = 0, made = 0, rc;

	assert(ledger != NULL && dest != NULL);
	memset(&copy, 0, sizeof(copy));
	if (!files_may_write(dest, force, err))
		return 0;
	if (!ledger_open(&src, ledger, LEDGER_READ, err))
		return 0;
	if (!files_temp(&tmp, dest, "", err))
		goto out;
	made = 1;
	if (sqlite3_open_v2(tmp.ptr, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法写入备份：%s", dest, ledger_errtext(db));
		goto out;
	}
	/* one step: the whole ledger as of one moment, even while ingest
	 * writes (WAL: the reader sees one snapshot) */
	if ((b = sqlite3_backup_init(db, "main", src.db, "main")) == NULL) {
		buf_printf(err, "%s: 无法备份：%s", dest, ledger_errtext(db));
		goto out;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		buf_printf(err, "%s: 无法备份：%s", dest, rc == SQLITE_FULL ?
		    util_strerror(ENOSPC) : ledger_errtext(db));
		goto out;
	}
	/* a copy that stands alone: no WAL beside it */
	if (sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法备份：%s", dest, ledger_errtext(db));
		goto out;
	}
	sqlite3_close(db);
	db = NULL;
	/* the copy is checked in full before it takes the name */
	if (!ledger_open(&copy, tmp.ptr, LEDGER_READ, err) ||
	    !ledger_check(&copy, 1, err))
		goto out;
	ledger_close(&copy);
	made = 0;		/* files_commit removes it either way */
	if (!files_commit(tmp.ptr, dest, 0600, force, err))
		goto out;
	ledger_close(&src);
	ok = record(ledger, err);
out:
	if (db != NULL)
		sqlite3_close(db);
	ledger_close(&copy);
	if (made)
		unlink(tmp.ptr);
	ledger_close(&src);
	buf_free(&tmp);
	return ok;
}

int
backup_last(struct ledger *l, int64_t *when, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	const char	*v;
	int		 rc, ok = 0;

	*when = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = "
	    "'last_backup'", -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法读取账本：%s", l->path,
		    ledger_errtext(l->db));
		return 0;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		if (v == NULL || !date_parse(v, strlen(v), 0, when)) {
			buf_printf(err, "%s: 账本里的备份时间“%s”不对", l->path,
			    v ? v : "");
			goto out;
		}
	} else if (rc != SQLITE_DONE) {
		buf_printf(err, "%s: 无法读取账本：%s", l->path,
		    ledger_errtext(l->db));
		goto out;
	}
	ok = 1;
out:
	sqlite3_finalize(st);
	return ok;
}
