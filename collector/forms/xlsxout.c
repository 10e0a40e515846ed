/*
 * Opening and closing workbooks, quietly (see xlsxout.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "forms/xlsxout.h"

#ifdef _WIN32
#define NULL_DEVICE	"NUL"
#else
#define NULL_DEVICE	"/dev/null"
#endif

/* Sends stderr to /dev/null; returns the saved stderr to give to loud(). */
static int
quiet(void)
{
	int	 saved, null;

	fflush(stderr);
	if ((saved = dup(STDERR_FILENO)) == -1)
		return -1;
	if ((null = open(NULL_DEVICE, O_WRONLY | O_CLOEXEC)) != -1) {
		(void)dup2(null, STDERR_FILENO);
		close(null);
	}
	return saved;
}

/* Gives stderr back. */
static void
loud(int saved)
{
	fflush(stderr);
	if (saved != -1) {
		(void)dup2(saved, STDERR_FILENO);
		close(saved);
	}
}

lxw_workbook *
xlsxout_new(const char *tmp, const char *path, struct buf *err)
{
	lxw_workbook_options opt;
	lxw_workbook	*wb;
	int		 saved, e;

	memset(&opt, 0, sizeof(opt));
	errno = 0;
	saved = quiet();
	wb = workbook_new_opt(tmp, &opt);
	e = errno;
	loud(saved);
	if (wb == NULL)
		buf_printf(err, "%s: 无法建立工作簿：%s", path, e ?
		    util_strerror(e) : "内存不够");
	return wb;
}

int
xlsxout_close(lxw_workbook *wb, const char *path, struct buf *err)
{
	lxw_error	 r;
	int		 saved, e;

	errno = 0;
	saved = quiet();
	r = workbook_close(wb);
	e = errno;
	loud(saved);
	if (r == LXW_NO_ERROR)
		return 1;
	if (e != 0)
		buf_printf(err, "%s: 无法写入工作簿：%s", path, util_strerror(e));
	else
		buf_printf(err, "%s: 无法写入工作簿（%s）：可能是磁盘已满或没有"
		    "权限，请检查后再试", path, lxw_strerror(r));
	return 0;
}
