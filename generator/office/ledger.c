/*
 * The ledger: opening, checking and closing it, its errors in Chinese,
 * and the times it keeps (see ledger.h).  The schema is in
 * ledger_schema.c, the unit registry in ledger_unit.c.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "lib/util.h"

#define BUSY_MS	30000

const char *
ledger_errtext(sqlite3 *db)
{
	int	 rc = db ? sqlite3_errcode(db) : SQLITE_ERROR;
	int	 e = db ? sqlite3_system_errno(db) : 0;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "账本正被另一个 shouhu 程序使用，等了 30 秒仍未释放；请等"
		    "它结束后再试";
	case SQLITE_FULL:
		return "磁盘已满（请腾出空间后再试；账本没有改动）";
	case SQLITE_NOTADB:
		return "这不是 Shouhu 账本（不是 SQLite 数据库）；请检查 --ledger "
		    "指定的文件";
	case SQLITE_CORRUPT:
		return "账本文件已损坏；请用备份恢复（见 README 的“账本的备份与"
		    "恢复”）";
	case SQLITE_IOERR:
		return e ? util_strerror(e) : "读写出错（磁盘可能有问题）";
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return e ? util_strerror(e) : "没有权限（请检查文件和所在文件夹的"
		    "权限）";
	default:
		return db ? sqlite3_errmsg(db) : "无法打开";
	}
}

int
ledger_fail(struct ledger *l, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s：%s", l->path, what, ledger_errtext(l->db));
	return 0;
}

int
ledger_exec(struct ledger *l, const char *sql, struct buf *err)
{
	char	*msg = NULL;

	assert(l->db != NULL);
	if (sqlite3_exec(l->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 1;
	sqlite3_free(msg);
	return ledger_fail(l, err, "数据库操作失败");
}

long long
ledger_int(struct ledger *l, const char *sql, struct buf *err)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		ledger_fail(l, err, "无法读取账本");
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		ledger_fail(l, err, "无法读取账本");
	sqlite3_finalize(st);
	return v;
}

/*
 * Whether the existing file path (st) can be a ledger: not empty, and a
 * SQLite database.  Otherwise a message in err, saying what to do; the
 * file is never touched.
 */
static int
looks_like_ledger(const char *path, const struct stat *st, struct buf *err)
{
	char	 head[16];
	int	 fd;
	ssize_t	 n;

	if (st->st_size == 0) {
		buf_printf(err, "%s: 账本文件是空的（0 字节），可能是复制或保存时"
		    "出了问题：请用备份恢复（见 README 的“账本的备份与恢复”）；"
		    "如果确实要从头开始，先删掉这个文件", path);
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: 无法读取账本：%s", path, util_strerror(errno));
		return 0;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) ||
	    memcmp(head, "SQLite format 3", 16) != 0) {
		buf_printf(err, "%s: 这不是 Shouhu 账本（不是 SQLite 数据库）；"
		    "请检查 --ledger 指定的文件（它没有被改动）", path);
		return 0;
	}
	return 1;
}

/*
 * Whether the ledger file path, and the folder it is in (SQLite writes its
 * -wal and -shm files there), can be written.  Otherwise a message in err
 * saying why (a read-only disk, no permission).
 */
static int
writable(const char *path, struct buf *err)
{
	struct buf	 dir = BUF_INIT;
	const char	*slash = strrchr(path, '/');
	int		 ok;

	if (slash != NULL)
		buf_put(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_puts(&dir, ".");
	ok = access(path, W_OK) == 0 && access(dir.ptr, W_OK) == 0;
	if (!ok)
		buf_printf(err, "%s: 无法写入账本：%s", path,
		    util_strerror(errno));
	buf_free(&dir);
	return ok;
}

int
ledger_check(struct ledger *l, int full, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 found = BUF_INIT;
	const char	*v, *e;
	int		 rc, lines = 0, ok = 0;

	if (sqlite3_prepare_v2(l->db, full ? "PRAGMA integrity_check" :
	    "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		buf_printf(&found, "%s", sqlite3_errmsg(l->db));
		goto bad;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		if (v == NULL || strcmp(v, "ok") == 0)
			continue;
		/* a row may hold several lines, and a heading */
		for (; *v != '\0'; v = *e ? e + 1 : e) {
			if ((e = strchr(v, '\n')) == NULL)
				e = v + strlen(v);
			if (e == v || strncmp(v, "***", 3) == 0)
				continue;
			if (lines++ < 3)
				buf_printf(&found, "%s%.*s", found.len ? "；" :
				    "", (int)(e - v), v);
		}
	}
	if (rc != SQLITE_DONE)
		buf_printf(&found, "%s%s", found.len ? "；" : "",
		    sqlite3_errmsg(l->db));
	sqlite3_finalize(st);
	st = NULL;
	if (found.len == 0 && full) {
		if (sqlite3_prepare_v2(l->db, "PRAGMA foreign_key_check", -1,
		    &st, NULL) != SQLITE_OK ||
		    (rc = sqlite3_step(st)) == SQLITE_ROW)
			buf_printf(&found, "表 %s 有引用不存在的记录",
			    st ? (const char *)sqlite3_column_text(st, 0) : "?");
		sqlite3_finalize(st);
		st = NULL;
	}
	if (found.len == 0) {
		ok = 1;
		goto out;
	}
bad:
	buf_printf(err, "%s: 账本已损坏，没有读写它（SQLite 检查发现：%s）：请用"
	    "最近的备份恢复（见 README 的“账本的备份与恢复”），再重新接收"
	    "备份之后收到的数据包", l->path, found.ptr);
out:
	sqlite3_finalize(st);
	buf_free(&found);
	return ok;
}

int
ledger_open(struct ledger *l, const char *path, enum ledger_mode mode,
    struct buf *err)
{
	struct stat	 st;
	char		 sql[128];
	int		 fd, flags, fresh = 0;
	long long	 v;

	memset(l, 0, sizeof(*l));
	l->path = xstrdup(path);
	if (stat(path, &st) == -1) {
		if (errno != ENOENT || mode != LEDGER_CREATE) {
			buf_printf(err, "%s: 找不到账本：%s%s", path,
			    util_strerror(errno), errno == ENOENT ? "；先用 shouhu "
			    "units add 登记报送单位，账本会随之建立，或用 "
			    "--ledger 指定账本文件" : "");
			goto fail;
		}
		/* a ledger is made only where there is no file at all */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1) {
			buf_printf(err, "%s: 无法建立账本：%s", path,
			    util_strerror(errno));
			goto fail;
		}
		close(fd);
		fresh = 1;
	} else if (!S_ISREG(st.st_mode)) {
		buf_printf(err, "%s: 不是普通文件，不能当账本", path);
		goto fail;
	} else if (!looks_like_ledger(path, &st, err))
		goto fail;
	else if (mode != LEDGER_READ && !writable(path, err))
		goto fail;
	flags = SQLITE_OPEN_NOMUTEX | (mode == LEDGER_READ ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		ledger_fail(l, err, "无法打开账本");
		goto fail;
	}
	sqlite3_extended_result_codes(l->db, 0);
	snprintf(sql, sizeof(sql), "PRAGMA busy_timeout = %d;"
	    "PRAGMA foreign_keys = ON", BUSY_MS);
	if (!ledger_exec(l, sql, err))
		goto fail;
	if (!fresh) {
		if ((v = ledger_int(l, "PRAGMA application_id", err)) < 0)
			goto fail;
		if (v != LEDGER_APPID) {
			buf_printf(err, "%s: 这不是 Shouhu 账本（是别的 SQLite 数据库）；"
			    "请检查 --ledger 指定的文件（它没有被改动）", path);
			goto fail;
		}
		if (!ledger_check(l, 0, err))
			goto fail;
	}
	if (mode == LEDGER_READ) {
		if ((v = ledger_int(l, "PRAGMA user_version", err)) < 0)
			goto fail;
		if (v != LEDGER_SCHEMA) {
			buf_printf(err, "%s: 账本结构版本是 %lld，本程序要 %d；%s",
			    path, v, LEDGER_SCHEMA, v < LEDGER_SCHEMA ?
			    "运行一次 shouhu ingest 或 shouhu units list 升级账本" :
			    "请升级 shouhu");
			goto fail;
		}
		return 1;
	}
	/* a large cache: a batch of bundles is written once, not spilled */
	if (!ledger_exec(l, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536", err) ||
	    !ledger_upgrade(l, err))
		goto fail;
	return 1;
fail:
	ledger_close(l);
	return 0;
}

void
ledger_close(struct ledger *l)
{
	if (l->db != NULL)
		sqlite3_close(l->db);
	free(l->path);
	memset(l, 0, sizeof(*l));
}

void
ledger_time(char s[32], int64_t t)
{
	time_t	 tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(s, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *
ledger_column(sqlite3_stmt *st, int i, int empty)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL)
		return empty ? xstrdup("") : NULL;
	return xstrdup((const char *)s);
}

void
ledger_now(char s[32])
{
	ledger_time(s, util_now());
}

