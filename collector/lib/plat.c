/*
 * plat: the system-dependent corners of the collector (plat.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/types.h>
#include <sys/wait.h>

#include "lib/buf.h"
#include "lib/plat.h"

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

void
plat_wait_enter(const char *prompt)
{
	int	 c;

	fputs(prompt, stdout);
	fflush(stdout);
	while ((c = getchar()) != EOF && c != '\n')
		;
}
