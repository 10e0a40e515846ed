/*
 * plat: the system-dependent corners of the collector (plat.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#include <shellapi.h>
#else
#include <unistd.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#endif

#include "lib/buf.h"
#include "lib/plat.h"

#ifdef _WIN32
/*
 * Windows (make windows).  The code page of the program is UTF-8 (its
 * manifest): the C library's narrow functions take UTF-8 paths, and only
 * the calls below that exist in wide form alone convert.
 */

/* errno for the Windows error e. */
static int
plat_errno(DWORD e)
{
	switch (e) {
	case ERROR_FILE_EXISTS:
	case ERROR_ALREADY_EXISTS:
		return EEXIST;
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_INVALID_DRIVE:
		return ENOENT;
	case ERROR_ACCESS_DENIED:
	case ERROR_SHARING_VIOLATION:
	case ERROR_LOCK_VIOLATION:
		return EACCES;
	case ERROR_WRITE_PROTECT:
		return EROFS;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return ENOMEM;
	default:
		return EIO;
	}
}

int
plat_exe_path(struct buf *b)
{
	wchar_t	 w[32768];
	DWORD	 n;
	char	*p;
	int	 m;

	buf_clear(b);
	n = GetModuleFileNameW(NULL, w, sizeof(w) / sizeof(w[0]));
	if (n == 0 || n >= sizeof(w) / sizeof(w[0]))
		return 0;
	if ((m = WideCharToMultiByte(CP_UTF8, 0, w, (int)n, NULL, 0, NULL,
	    NULL)) <= 0)
		return 0;
	buf_grow(b, (size_t)m + 1);
	WideCharToMultiByte(CP_UTF8, 0, w, (int)n, b->ptr, m, NULL, NULL);
	b->len = (size_t)m;
	b->ptr[m] = '\0';
	/* with / as on Linux, which Windows takes too: C:/kit/x.exe */
	for (p = b->ptr; (p = strchr(p, '\\')) != NULL; p++)
		*p = '/';
	return 1;
}

int
plat_open_document(const char *path)
{
	wchar_t		*w;
	int		 n, ok = 0;

	if (getenv("SHOUHU_NO_OPEN") != NULL)
		return 0;
	if ((n = MultiByteToWideChar(CP_UTF8, 0, path, -1, NULL, 0)) <= 0 ||
	    (w = calloc((size_t)n, sizeof(*w))) == NULL)
		return 0;
	MultiByteToWideChar(CP_UTF8, 0, path, -1, w, n);
	/* more than 32 is success */
	ok = (INT_PTR)ShellExecuteW(NULL, L"open", w, NULL, NULL,
	    SW_SHOWNORMAL) > 32;
	free(w);
	return ok;
}

int
plat_interactive(void)
{
	return _isatty(0) && _isatty(1);
}

int
plat_keeps_modes(const char *path)
{
	(void)path;
	return 0;
}

void *
plat_memmem(const void *h, size_t hl, const void *n, size_t nl)
{
	const char	*p = h, *end;

	if (nl == 0)
		return (void *)h;
	if (hl < nl)
		return NULL;
	end = p + (hl - nl);
	for (; p <= end; p++) {
		if ((p = memchr(p, *(const char *)n, (size_t)(end - p) + 1)) ==
		    NULL)
			return NULL;
		if (memcmp(p, n, nl) == 0)
			return (void *)p;
	}
	return NULL;
}

int
plat_mkostemps(char *tmpl, int sl, int flags)
{
	static const char	 abc[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long long	 seq;
	unsigned long long	 v;
	size_t			 len = strlen(tmpl);
	char			*x;
	int			 i, try, fd;

	if (sl < 0 || len < (size_t)sl + 6 ||
	    memcmp(tmpl + len - sl - 6, "XXXXXX", 6) != 0) {
		errno = EINVAL;
		return -1;
	}
	x = tmpl + len - sl - 6;
	for (try = 0; try < 1000; try++) {
		v = GetTickCount64() ^ ((unsigned long long)GetCurrentProcessId()
		    << 32) ^ (++seq * 0x9e3779b97f4a7c15ULL);
		v ^= (unsigned long long)(uintptr_t)&v;
		for (i = 0; i < 6; i++, v /= 62)
			x[i] = abc[v % 62];
		fd = _open(tmpl, _O_CREAT | _O_EXCL | _O_RDWR | _O_BINARY | flags,
		    _S_IREAD | _S_IWRITE);
		if (fd != -1 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int
plat_move(const char *from, const char *to, int replace)
{
	DWORD	 how = MOVEFILE_WRITE_THROUGH;

	if (replace)
		how |= MOVEFILE_REPLACE_EXISTING;
	if (MoveFileExA(from, to, how))
		return 1;
	errno = plat_errno(GetLastError());
	return 0;
}

/* Writes the UTF-8 text s to h: a console gets it as UTF-16, which every
 * Windows console shows, whatever its code page. */
static void
plat_say(HANDLE h, const char *s)
{
	wchar_t	 w[512];
	DWORD	 mode, n;
	int	 m;

	if (GetConsoleMode(h, &mode) &&
	    (m = MultiByteToWideChar(CP_UTF8, 0, s, -1, w, 512)) > 1)
		(void)WriteConsoleW(h, w, (DWORD)m - 1, &n, NULL);
	else
		(void)WriteFile(h, s, (DWORD)strlen(s), &n, NULL);
}

/*
 * Before main: standard input and output are binary (the same bytes as on
 * Linux, no CR LF) and the console shows UTF-8.  A Windows that ignores
 * the manifest's UTF-8 code page (before Windows 10 version 1903) would
 * take every Chinese file name wrong: the program says so and ends.
 */
__attribute__((constructor)) static void
plat_start(void)
{
	int	 c;

	(void)_setmode(0, _O_BINARY);
	(void)_setmode(1, _O_BINARY);
	(void)_setmode(2, _O_BINARY);
	SetConsoleOutputCP(CP_UTF8);
	SetConsoleCP(CP_UTF8);
	if (GetACP() == CP_UTF8)
		return;
	plat_say(GetStdHandle(STD_ERROR_HANDLE), "shouhu-collect: 这台电脑的 "
	    "Windows 太旧，处理不了中文的文件名：需要 Windows 10（1903 版）或"
	    "更新的 Windows；请换一台电脑打包，或请专项办帮忙\n");
	if (plat_interactive()) {
		plat_say(GetStdHandle(STD_OUTPUT_HANDLE),
		    "\n按回车键关闭这个窗口……");
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	exit(1);
}

#else

int
plat_exe_path(struct buf *b)
{
	char	 path[PATH_MAX];
	ssize_t	 n;

	buf_clear(b);
	if ((n = readlink("/proc/self/exe", path, sizeof(path) - 1)) <= 0)
		return 0;
	buf_put(b, path, (size_t)n);
	return 1;
}

int
plat_open_document(const char *path)
{
	pid_t	 pid;
	int	 status;

	if (getenv("SHOUHU_NO_OPEN") != NULL)
		return 0;
	/* a grandchild runs xdg-open: the browser outlives this program and
	 * leaves no zombie */
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		if (fork() == 0) {
			(void)freopen("/dev/null", "r", stdin);
			(void)freopen("/dev/null", "w", stdout);
			(void)freopen("/dev/null", "w", stderr);
			execlp("xdg-open", "xdg-open", path, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return 1;
}

int
plat_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int
plat_keeps_modes(const char *path)
{
	struct statfs sf;

	if (getenv("SHOUHU_TEST_NO_MODES") != NULL)
		return 0;
	if (statfs(path, &sf) == -1)
		return 1;
	switch ((unsigned long)sf.f_type) {
	case 0x4d44UL:		/* FAT (MSDOS_SUPER_MAGIC) */
	case 0x2011bab0UL:	/* exFAT */
	case 0x5346544eUL:	/* NTFS (ntfs3) */
	case 0x65735546UL:	/* FUSE: ntfs-3g, exfat-fuse */
		return 0;
	default:
		return 1;
	}
}

#endif

void
plat_wait_enter(const char *prompt)
{
	int	 c;

	fputs(prompt, stdout);
	fflush(stdout);
	while ((c = getchar()) != EOF && c != '\n')
		;
}
