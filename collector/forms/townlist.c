#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/errs.h"
#include "lib/files.h"
#include "lib/utext.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "forms/townlist.h"

/* Said after every problem: how to make a good file, and that nothing
 * was written. */
#define FIX	"；名单应当一行一个镇街名称，可以用 shouhu towns list --plain " \
		"> 镇街.txt 生成（模板没有写出）"

/* Whether s[0..n) holds a control character (a tab among them). */
static int
has_control(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/* Whether name is on tl already. */
static int
listed(const struct townlist *tl, const char *name)
{
	size_t	 i;

	for (i = 0; i < tl->n; i++)
		if (strcmp(tl->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Checks line number line, s[0..n) (its newline left off), of path and
 * adds its name to tl; a problem goes to err, counted in *nerr.
 */
static void
add_line(struct townlist *tl, const char *path, int line, const char *s,
    size_t n, struct buf *err, int *nerr)
{
	struct buf	 shown = BUF_INIT;
	const char	*t;
	size_t		 len = n;

	if (!utf8_valid(s, n, NULL)) {
		errs_add(err, nerr, path, line, "不是 UTF-8 文本；请用记事本"
		    "“另存为”UTF-8 编码后重试（模板没有写出）");
		return;
	}
	t = utext_trim(s, &len);
	if (len == 0 || *t == '#')
		return;
	buf_put(&shown, t, len);
	if (has_control(t, len))
		errs_add(err, nerr, path, line, "“%s”含制表符或控制字符，"
		    "不像一个镇街名称" FIX, shown.ptr);
	else if (len > TOWNLIST_NAME_MAX)
		errs_add(err, nerr, path, line, "镇街名称太长（%zu 字节，最长 "
		    "%d 字节，约 33 个汉字）" FIX, len, TOWNLIST_NAME_MAX);
	else if (*nerr == 0 && !listed(tl, shown.ptr)) {
		tl->names = xreallocarray(tl->names, tl->n + 1,
		    sizeof(*tl->names));
		tl->names[tl->n++] = buf_detach(&shown);
	}
	buf_free(&shown);
}

int
townlist_read(struct townlist *tl, const char *path, struct buf *err)
{
	struct buf	 b = BUF_INIT;
	enum files_got	 got;
	const char	*p, *e, *nl;
	int		 line = 0, nerr = 0;

	assert(tl->names == NULL && tl->n == 0);
	if ((got = files_load(&b, path, TOWNLIST_FILE_MAX, FILES_REGULAR,
	    NULL)) != FILES_GOT) {
		if (got == FILES_TOO_BIG)
			errs_add(err, &nerr, path, 0, "文件太大（超过 1 MB），"
			    "不像镇街名单；请检查文件名（模板没有写出）");
		else if (got == FILES_NOT_REGULAR)
			errs_add(err, &nerr, path, 0, "不是普通文件；请给出镇街"
			    "名单的文本文件（模板没有写出）");
		else
			errs_add(err, &nerr, path, 0, "无法读取：%s；请检查文件名"
			    "（模板没有写出）", util_strerror(errno));
		return 0;
	}
	p = b.ptr;
	e = b.ptr + b.len;
	for (; p < e; p = nl < e ? nl + 1 : e) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		add_line(tl, path, line, p, (size_t)(nl - p), err, &nerr);
	}
	if (nerr == 0 && tl->n == 0)
		errs_add(err, &nerr, path, 0, "里面没有镇街名称（空行和 # 开头的"
		    "行不算）" FIX);
	errs_end(err, nerr);
	buf_free(&b);
	if (nerr > 0) {
		townlist_free(tl);
		return 0;
	}
	return 1;
}

void
townlist_free(struct townlist *tl)
{
	size_t	 i;

	for (i = 0; i < tl->n; i++)
		free(tl->names[i]);
	free(tl->names);
	tl->names = NULL;
	tl->n = 0;
}
