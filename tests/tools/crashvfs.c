/*
 * A SQLite VFS for crash tests, linked into the test build of shouhu only
 * (build/test/shouhu).  When SHOUHU_TEST_CRASH names sqlite-write or
 * sqlite-sync, it becomes the default VFS: every file SQLite opens goes
 * through it, and before each write (or each sync) of any of the ledger's
 * files (database, WAL, journal) it passes the crash point of that name.
 * So SHOUHU_TEST_CRASH=sqlite-write:7 kills the program just before
 * SQLite's seventh write: in the middle of a commit, between the frames
 * of the WAL, wherever the seventh write falls.  Otherwise it does nothing
 * and SQLite's own VFS is used.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/crash.h"

struct cfile {
	sqlite3_file	 base;
	sqlite3_file	*real;		/* the real VFS's file, after this */
};

static sqlite3_vfs	*realvfs;
static sqlite3_vfs	 vfs;
static sqlite3_io_methods methods;

#define REAL(f)	(((struct cfile *)(f))->real)

static int
c_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
c_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int
c_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	crash_point("sqlite-write");
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int
c_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
c_sync(sqlite3_file *f, int flags)
{
	crash_point("sqlite-sync");
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
c_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
c_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int
c_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int
c_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
c_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
c_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
c_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
c_shmmap(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}

static int
c_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void
c_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
c_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int
c_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	if (REAL(f)->pMethods->iVersion < 3) {
		*pp = NULL;
		return SQLITE_OK;
	}
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int
c_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	if (REAL(f)->pMethods->iVersion < 3)
		return SQLITE_OK;
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static int
c_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags,
    int *outflags)
{
	struct cfile	*c = (struct cfile *)f;
	int		 rc;

	c->real = (sqlite3_file *)(c + 1);
	rc = realvfs->xOpen(realvfs, name, c->real, flags, outflags);
	/* SQLite calls xClose only if pMethods is set */
	c->base.pMethods = c->real->pMethods ? &methods : NULL;
	return rc;
}

static int
c_delete(sqlite3_vfs *v, const char *name, int syncdir)
{
	return realvfs->xDelete(realvfs, name, syncdir);
}

static int
c_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	return realvfs->xAccess(realvfs, name, flags, out);
}

static int
c_fullpath(sqlite3_vfs *v, const char *name, int n, char *out)
{
	return realvfs->xFullPathname(realvfs, name, n, out);
}

static int
c_random(sqlite3_vfs *v, int n, char *out)
{
	return realvfs->xRandomness(realvfs, n, out);
}

static int
c_sleep(sqlite3_vfs *v, int us)
{
	return realvfs->xSleep(realvfs, us);
}

static int
c_time(sqlite3_vfs *v, double *out)
{
	return realvfs->xCurrentTime(realvfs, out);
}

static int
c_lasterror(sqlite3_vfs *v, int n, char *out)
{
	return realvfs->xGetLastError(realvfs, n, out);
}

static int
c_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	return realvfs->xCurrentTimeInt64(realvfs, out);
}

__attribute__((constructor)) static void
crashvfs_register(void)
{
	const char	*e = getenv("SHOUHU_TEST_CRASH");

	if (e == NULL || (strncmp(e, "sqlite-write:", 13) != 0 &&
	    strncmp(e, "sqlite-sync:", 12) != 0))
		return;
	if ((realvfs = sqlite3_vfs_find(NULL)) == NULL)
		abort();
	methods = (sqlite3_io_methods){ 3, c_close, c_read, c_write,
	    c_truncate, c_sync, c_size, c_lock, c_unlock, c_reserved,
	    c_control, c_sector, c_chars, c_shmmap, c_shmlock, c_shmbarrier,
	    c_shmunmap, c_fetch, c_unfetch };
	vfs = *realvfs;
	vfs.szOsFile = (int)sizeof(struct cfile) + realvfs->szOsFile;
	vfs.zName = "shouhu-crash";
	vfs.pNext = NULL;
	vfs.xOpen = c_open;
	vfs.xDelete = c_delete;
	vfs.xAccess = c_access;
	vfs.xFullPathname = c_fullpath;
	vfs.xRandomness = c_random;
	vfs.xSleep = c_sleep;
	vfs.xCurrentTime = c_time;
	vfs.xGetLastError = c_lasterror;
	vfs.xCurrentTimeInt64 = c_time64;
	/* dlopen and the system-call hooks are those of the real VFS, whose
	 * pAppData they expect */
	if (sqlite3_vfs_register(&vfs, 1) != SQLITE_OK)
		abort();
}
