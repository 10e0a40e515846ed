/*
 * plat_win: the POSIX names the collector uses that mingw-w64's C library
 * does not have, for the Windows build only (make windows gives it to
 * every file with -include; nothing includes it by name).  Each is the
 * nearest Windows meaning; plat.c has the functions.  The program runs
 * with the UTF-8 code page (scripts/windows.manifest), so the C library's
 * narrow file functions take the collector's UTF-8 paths as they are.
 */
#ifndef SHOUHU_PLAT_WIN_H
#define SHOUHU_PLAT_WIN_H
#ifdef _WIN32

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

/* Every open() of the collector says O_CLOEXEC: there, it also says
 * binary, so that no file is read or written with CR LF translation. */
#define O_CLOEXEC	(O_NOINHERIT | O_BINARY)
#define O_NOCTTY	0
/* Windows has no symbolic links the collector would meet by accident. */
#define lstat(path, st)	stat((path), (st))
#define S_ISLNK(m)	0
#define S_IFLNK		0120000
/* Not a Windows error: a value no other errno has. */
#define EDQUOT		10069
#define fsync(fd)	_commit(fd)
#define timegm(tm)	_mkgmtime(tm)
#define memmem(h, hl, n, nl)	plat_memmem((h), (hl), (n), (nl))
#define mkostemps(t, sl, fl)	plat_mkostemps((t), (sl), (fl))

/*
 * memmem: the first n[0..nl) in h[0..hl), or NULL; n empty: h.
 */
void	*plat_memmem(const void *h, size_t hl, const void *n, size_t nl);

/*
 * mkostemps: replaces the six X before the last sl bytes of tmpl with
 * random letters and digits and creates that file, new, read-write, mode
 * 0600, binary, opened with flags too.  Returns the descriptor, or -1 with
 * errno set (tmpl then unspecified).
 */
int	 plat_mkostemps(char *tmpl, int sl, int flags);

/*
 * Renames the file from to to in one step that reaches the disk
 * (MoveFileEx, write-through): replacing a file to, or only when there is
 * none (replace 0: errno EEXIST).  Returns 1, or 0 with errno set.
 */
int	 plat_move(const char *from, const char *to, int replace);

#endif
#endif
