/*
 * The programs of a unit's kit (see kitmake_prog.h).
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/plat.h"
#include "lib/util.h"
#include "office/kitmake_prog.h"

extern char **environ;

#define MAKE_WINDOWS	"在 Shouhu 的源码目录运行 make windows，再用 --windows " \
			"build/windows/shouhu-collect.exe 指定它"

/* The libraries of the C library itself, left to the system's. */
static const char *const libc_parts[] = {
	"libc.so.", "libm.so.", "libpthread.so.", "libdl.so.", "librt.so.",
	"libresolv.so.", "libutil.so.", "libanl.so.", "libmvec.so.",
	"ld-linux", "linux-vdso.so.", "linux-gate.so."
};

/* The folder of the running program into b (no trailing /).  1 or 0. */
static int
exe_dir(struct buf *b)
{
	char	*slash;

	if (!plat_exe_path(b) || (slash = strrchr(b->ptr, '/')) == NULL)
		return 0;
	buf_truncate(b, (size_t)(slash - b->ptr));
	return 1;
}

/* Whether path is a regular file that starts with the bytes magic. */
static int
starts_with(const char *path, const char *magic)
{
	char	 head[8];
	size_t	 n = strlen(magic);
	FILE	*f;
	int	 ok;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(head, 1, n, f) == n && memcmp(head, magic, n) == 0;
	fclose(f);
	return ok;
}

/* Whether path is a regular file. */
static int
regular(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether path is a Linux program this machine may copy: an executable
 * ELF file. */
static int
is_linux(const char *path)
{
	return regular(path) && access(path, X_OK) == 0 &&
	    starts_with(path, "\177ELF");
}

/* Whether path is a Windows program. */
static int
is_windows(const char *path)
{
	return regular(path) && starts_with(path, "MZ");
}

/* Whether path is a 64-bit little-endian ELF file for AArch64. */
static int
is_aarch64(const char *path)
{
	unsigned char	 h[20];
	FILE		*f;
	int		 ok;

	if (!regular(path) || (f = fopen(path, "rb")) == NULL)
		return 0;
	/* e_ident: magic, ELFCLASS64, ELFDATA2LSB; e_machine EM_AARCH64 */
	ok = fread(h, 1, sizeof(h), f) == sizeof(h) &&
	    memcmp(h, "\177ELF\2\1", 6) == 0 && h[18] == 183 && h[19] == 0;
	fclose(f);
	return ok;
}

/*
 * Puts into out the first of the n places paths ("%s/..." below the
 * folder dir) where is says the program is.  Returns 1, or 0 with out
 * empty.
 */
static int
first_of(struct buf *out, const char *dir, const char *const paths[],
    size_t n, int (*is)(const char *))
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		buf_clear(out);
		buf_printf(out, paths[i], dir);
		if (is(out->ptr))
			return 1;
	}
	buf_clear(out);
	return 0;
}

#define NPATHS(a)	(sizeof(a) / sizeof((a)[0]))

int
kitmake_prog_find(struct buf *collect, struct buf *exe, const char *windows,
    struct buf *err)
{
	static const char *const beside[] = {
		"%s/shouhu-collect.exe", "%s/../build/windows/shouhu-collect.exe",
		"%s/../windows/shouhu-collect.exe"
	};
	static const char *const statics[] = {
		"%s/shouhu-collect-static",
		"%s/../build/linux-static/shouhu-collect",
		"%s/../linux-static/shouhu-collect"
	};
	struct buf	 dir = BUF_INIT;
	struct stat	 st;
	int		 ok = 0;

	buf_clear(collect);
	buf_clear(exe);
	if (!exe_dir(&dir)) {
		buf_printf(err, "shouhu: 找不到 shouhu 自己所在的文件夹（/proc/"
		    "self/exe），也就找不到要放进工具包的 shouhu-collect：请在"
		    "装有 /proc 的 Linux 上运行");
		goto out;
	}
	/* the static program (make linux-static) first: no glibc needed */
	if (!first_of(collect, dir.ptr, statics, NPATHS(statics), is_linux))
		buf_printf(collect, "%s/shouhu-collect", dir.ptr);
	if (stat(collect->ptr, &st) != 0 || !S_ISREG(st.st_mode) ||
	    access(collect->ptr, X_OK) != 0) {
		buf_printf(err, "%s: 找不到 shouhu-collect 程序（它应当和 shouhu "
		    "在同一个文件夹）：请先运行 make（或 make install）再制作工具"
		    "包", collect->ptr);
		goto out;
	}
	if (windows != NULL) {
		if (stat(windows, &st) != 0 || !S_ISREG(st.st_mode)) {
			buf_printf(err, "%s: 找不到 Windows 程序：%s；请检查 "
			    "--windows 后面的文件名，或" MAKE_WINDOWS, windows,
			    util_strerror(errno == 0 ? ENOENT : errno));
			goto out;
		}
		if (!starts_with(windows, "MZ")) {
			buf_printf(err, "%s: 这不是 Windows 程序（.exe）：--windows"
			    " 要给出 make windows 做出的 shouhu-collect.exe",
			    windows);
			goto out;
		}
		buf_puts(exe, windows);
	} else
		(void)first_of(exe, dir.ptr, beside, NPATHS(beside), is_windows);
	ok = 1;
out:
	buf_free(&dir);
	return ok;
}

int
kitmake_prog_find_arm64(struct buf *arm64)
{
	static const char *const paths[] = {
		"%s/shouhu-collect-static-arm64",
		"%s/../build/linux-static-arm64/shouhu-collect",
		"%s/../linux-static-arm64/shouhu-collect"
	};
	struct buf	 dir = BUF_INIT;
	int		 found = 0;

	buf_clear(arm64);
	if (exe_dir(&dir))
		found = first_of(arm64, dir.ptr, paths, NPATHS(paths),
		    is_aarch64);
	buf_free(&dir);
	return found;
}

int
kitmake_prog_copy(const char *from, const char *to, int mode, struct buf *err)
{
	struct buf	 b = BUF_INIT;
	int		 ok = 0;

	switch (files_load(&b, from, 0, FILES_REGULAR, NULL)) {
	case FILES_GOT:
		ok = files_write(to, b.ptr, b.len, (mode_t)mode, 0, err);
		break;
	case FILES_NOT_REGULAR:
		buf_printf(err, "%s: 不是普通文件，无法复制到工具包", from);
		break;
	default:
		buf_printf(err, "%s: 无法读取，也就无法复制到工具包：%s", from,
		    util_strerror(errno));
		break;
	}
	buf_free(&b);
	return ok;
}

/*
 * Runs ldd on path and puts what it printed (standard output and error)
 * into out.  Returns its exit status, or -1 with a message in err if it
 * could not be run.
 */
static int
run_ldd(const char *path, struct buf *out, struct buf *err)
{
	posix_spawn_file_actions_t fa;
	char		*argv[3], buf[4096];
	int		 fd[2], status, rc;
	pid_t		 pid;
	ssize_t		 n;

	argv[0] = (char *)"ldd";
	argv[1] = (char *)path;
	argv[2] = NULL;
	if (pipe(fd) != 0) {
		buf_printf(err, "shouhu: 无法运行 ldd：%s", util_strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	rc = posix_spawnp(&pid, "ldd", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (rc != 0) {
		close(fd[0]);
		buf_printf(err, "shouhu: 无法运行 ldd（查看 shouhu-collect 用到"
		    "哪些库）：%s；请安装 Debian 软件包 libc-bin",
		    util_strerror(rc));
		return -1;
	}
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0)
			buf_put(out, buf, (size_t)n);
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			buf_printf(err, "shouhu: ldd：%s", util_strerror(errno));
			return -1;
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Whether the library soname is part of the C library. */
static int
is_libc(const char *soname)
{
	size_t	 i;

	for (i = 0; i < sizeof(libc_parts) / sizeof(libc_parts[0]); i++)
		if (strncmp(soname, libc_parts[i], strlen(libc_parts[i])) == 0)
			return 1;
	return 0;
}

/*
 * Raises *minor (and *patch) to the newest GLIBC_2.N[.P] version that the
 * bytes p[0..n) of a program or library ask for.
 */
static void
glibc_need(const char *p, size_t n, int *minor, int *patch)
{
	static const char tag[] = "GLIBC_2.";
	const char	*q = p, *e = p + n;
	char		*end;
	long		 mi, pa;

	while ((q = memmem(q, (size_t)(e - q), tag, sizeof(tag) - 1)) !=
	    NULL) {
		q += sizeof(tag) - 1;
		if (q >= e || *q < '0' || *q > '9')
			continue;
		mi = strtol(q, &end, 10);
		pa = 0;
		if (end + 1 < e && *end == '.' && end[1] >= '0' && end[1] <= '9')
			pa = strtol(end + 1, NULL, 10);
		if (mi > 99 || pa > 99)
			continue;
		if (mi > *minor || (mi == *minor && pa > *patch)) {
			*minor = (int)mi;
			*patch = (int)pa;
		}
	}
}

/*
 * Copies the file from to to with mode, and raises the C library version
 * it needs.  Returns 1, or 0 with a message in err.
 */
static int
copy_need(const char *from, const char *to, int mode, int *minor,
    int *patch, struct buf *err)
{
	struct buf	 b = BUF_INIT;
	int		 ok = 0;

	if (files_load(&b, from, 0, FILES_REGULAR, NULL) != FILES_GOT) {
		buf_printf(err, "%s: 无法读取，也就无法复制到工具包：%s", from,
		    util_strerror(errno));
		goto out;
	}
	glibc_need(b.ptr, b.len, minor, patch);
	ok = files_write(to, b.ptr, b.len, (mode_t)mode, 0, err);
out:
	buf_free(&b);
	return ok;
}

/*
 * Copies the libraries of the ldd output text (lines "soname => path
 * (address)") but the C library's into libdir.  Returns 1, or 0 with a
 * message in err.
 */
static int
copy_libs(const char *collect, char *text, const char *libdir,
    struct kitmake_prog_linux *out, int *minor, int *patch, struct buf *err)
{
	struct buf	 to = BUF_INIT;
	char		*line, *next, *arrow, *name, *path, *sp;
	int		 ok = 0;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		name = line + strspn(line, " \t");
		if ((arrow = strstr(name, " => ")) == NULL)
			continue;	/* the loader, the vDSO */
		*arrow = '\0';
		path = arrow + 4;
		if (is_libc(name))
			continue;
		if (strncmp(path, "not found", 9) == 0) {
			buf_printf(err, "%s: 这个程序要用的库 %s 在本机找不到：请先"
			    "运行 sh scripts/deps.sh 装好 Shouhu 需要的软件包",
			    collect, name);
			goto out;
		}
		if ((sp = strstr(path, " (0x")) != NULL)
			*sp = '\0';
		if (*path != '/' || strchr(name, '/') != NULL) {
			buf_printf(err, "%s: 看不懂 ldd 列出的库“%s => %s”：请"
			    "把这一行报告给 Shouhu 的维护者", collect, name,
			    path);
			goto out;
		}
		buf_clear(&to);
		buf_printf(&to, "%s/%s", libdir, name);
		if (!copy_need(path, to.ptr, 0644, minor, patch, err))
			goto out;
		out->nlibs++;
	}
	ok = 1;
out:
	buf_free(&to);
	return ok;
}

int
kitmake_prog_linux(const char *collect, const char *progdir,
    struct kitmake_prog_linux *out, struct buf *err)
{
	struct buf	 to = BUF_INIT, text = BUF_INIT;
	int		 ok = 0, st, minor = 0, patch = 0, static_prog;

	memset(out, 0, sizeof(*out));
	buf_printf(&to, "%s/shouhu-collect", progdir);
	if (!copy_need(collect, to.ptr, 0755, &minor, &patch, err))
		goto out;
	if ((st = run_ldd(collect, &text, err)) < 0)
		goto out;
	/* a static program: "not a dynamic executable" (status 1), or for
	 * a static PIE "statically linked" (status 0) */
	static_prog = strstr(text.ptr, "not a dynamic") != NULL ||
	    strstr(text.ptr, "statically linked") != NULL;
	if (st != 0 && !static_prog) {
		buf_printf(err, "%s: ldd 查不出这个程序用到哪些库（退出状态 %d）"
		    "：%s请检查它是不是本机的程序", collect, st,
		    text.ptr);
		goto out;
	}
	if (static_prog) {
		/* not a dynamic program: static, no libraries */
		out->is_static = 1;
		ok = 1;
		goto out;
	}
	buf_clear(&to);
	buf_printf(&to, "%s/lib", progdir);
	if (mkdir(to.ptr, 0777) != 0) {
		buf_printf(err, "%s: 无法建立文件夹：%s", to.ptr,
		    util_strerror(errno));
		goto out;
	}
	if (!copy_libs(collect, text.ptr, to.ptr, out, &minor,
	    &patch, err))
		goto out;
	if (minor > 0 && patch > 0)
		snprintf(out->glibc, sizeof(out->glibc), "2.%d.%d", minor,
		    patch);
	else if (minor > 0)
		snprintf(out->glibc, sizeof(out->glibc), "2.%d", minor);
	ok = 1;
out:
	buf_free(&to);
	buf_free(&text);
	return ok;
}
