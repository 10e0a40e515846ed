#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/files.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "lib/walk.h"
#include "output/out.h"
#include "site/scaffold.h"
#include "site/site.h"

/* The largest archetype read (they are a few lines). */
#define ARCHETYPE_MAX	(1024 * 1024)

/* What the placeholders of an archetype stand for. */
struct fill {
	const char	*title;
	const char	*date;
	const char	*section;
};

/*
 * Appends "dir/" for the site folder dir (NULL, "" or "." for the current
 * folder: nothing) to root.
 */
static void
site_root(struct buf *root, const char *dir)
{
	if (dir == NULL || dir[0] == '\0' || strcmp(dir, ".") == 0)
		return;
	buf_puts(root, dir);
	if (root->ptr[root->len - 1] != '/')
		buf_putc(root, '/');
}

/*
 * Checks the path of a new page, relative to content/.  Returns 1, or 0
 * with "shouhu: 新文章的路径“path”why, what to do" in err.
 */
static int
path_ok(const char *path, struct buf *err)
{
	const char *p, *part, *why = NULL;
	size_t	 n, len = strlen(path);

	if (len == 0)
		why = "是空的";
	else if (path[0] == '/')
		why = "是绝对路径：请写 content/ 里面的路径";
	else if (!utf8_valid(path, len, NULL))
		why = "不是有效的 UTF-8 文字";
	else if (strpbrk(path, "\"\\") != NULL)
		why = "含有引号或反斜杠：文件名会成为网址和标题，请换掉它们";
	for (p = path; why == NULL && *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			why = "含有控制字符";
	for (part = path; why == NULL; part += n + 1) {
		n = strcspn(part, "/");
		if (n == 0)
			why = "有空的文件夹名（两个 / 连在一起，或以 / 结尾）";
		else if (n == 2 && strncmp(part, "..", 2) == 0)
			why = "含有 ..：新文章只能写在网站的 content/ 里";
		else if (part[0] == '.')
			why = "有以 . 开头的名字：生成网站时会略过这样的文件和文件夹";
		if (part[n] == '\0')
			break;
	}
	/* ".md" and "a/.md" are names starting with '.' */
	if (why == NULL && (len < 4 || strcmp(path + len - 3, ".md") != 0))
		why = "不是 .md 文件：文章是 Markdown，文件名以 .md 结尾，如 "
		    "fangpian/标题.md";
	if (why == NULL)
		return 1;
	buf_printf(err, "%s: 新文章的路径“%s”%s", util_progname, path, why);
	return 0;
}

/*
 * Checks the name of --kind: an archetype's file name without ".md".
 * Returns 1, or 0 with the message in err.
 */
static int
kind_ok(const char *kind, struct buf *err)
{
	if (kind[0] != '\0' && kind[0] != '.' && strchr(kind, '/') == NULL &&
	    utf8_valid(kind, strlen(kind), NULL))
		return 1;
	buf_printf(err, "%s: --kind 后面应当是原型的名字，即 archetypes/ 里"
	    "的文件名去掉 .md（如 --kind fangpian），不是“%s”", util_progname,
	    kind);
	return 0;
}

/*
 * The title a page gets from its path: the file name without ".md", with
 * '-' and '_' as spaces ("fang-pian.md": "fang pian"); for _index.md, its
 * folder's name.  Replaces the contents of title.
 */
static void
title_of(struct buf *title, const char *path)
{
	const char *name = strrchr(path, '/'), *end;
	char	*p;

	name = name ? name + 1 : path;
	end = path + strlen(path) - 3;
	if (strcmp(name, "_index.md") == 0 && name != path) {
		end = name - 1;
		for (name = end; name > path && name[-1] != '/'; name--)
			continue;
	}
	buf_clear(title);
	buf_put(title, name, (size_t)(end - name));
	for (p = title->ptr; *p != '\0'; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
}

/*
 * What the placeholder name[0..len) stands for in f, or NULL if it is not
 * one.
 */
static const char *
placeholder(const char *name, size_t len, const struct fill *f)
{
	if (len == 5 && memcmp(name, "title", 5) == 0)
		return f->title;
	if (len == 4 && memcmp(name, "date", 4) == 0)
		return f->date;
	if (len == 7 && memcmp(name, "section", 7) == 0)
		return f->section;
	return NULL;
}

/*
 * Replaces out with the archetype text in[0..n) read from file, its
 * placeholders ("{{ name }}" on one line) filled from f.  Returns 1, or 0
 * with "file:line: why" in err for a "{{" that is not a placeholder.
 */
static int
expand(struct buf *out, const char *in, size_t n, const char *file,
    const struct fill *f, struct buf *err)
{
	const char *p = in, *end = in + n, *open, *close, *eol, *name;
	const char *value = NULL;
	size_t	 len = 0;
	int	 line = 1;

	buf_clear(out);
	while ((open = memmem(p, (size_t)(end - p), "{{", 2)) != NULL) {
		for (; p < open; p++) {
			line += *p == '\n';
			buf_putc(out, *p);
		}
		if ((eol = memchr(open, '\n', (size_t)(end - open))) == NULL)
			eol = end;
		close = memmem(open, (size_t)(eol - open), "}}", 2);
		if (close != NULL) {
			for (name = open + 2; name < close && *name == ' '; name++)
				continue;
			for (len = (size_t)(close - name); len > 0 &&
			    name[len - 1] == ' '; len--)
				continue;
			value = placeholder(name, len, f);
		}
		if (close == NULL || value == NULL) {
			buf_printf(err, "%s:%d: 不认识的占位符“%.*s”：原型里只能用 "
			    "{{ title }}、{{ date }} 和 {{ section }}", file, line,
			    (int)((close ? close + 2 : eol) - open), open);
			return 0;
		}
		buf_puts(out, value);
		p = close + 2;
	}
	buf_put(out, p, (size_t)(end - p));
	return 1;
}

/*
 * Finds the archetype of a new page: the site's archetypes/NAME.md for
 * each name of names (NULL-ended), then the theme's.  Replaces found with
 * its path and text with its contents.  Returns 1 if one was found, 0 if
 * none (the files looked for are appended to looked, "、" between), -1
 * with "path: why" in err if one could not be read.
 */
static int
find_archetype(const struct site *s, const char *const *names,
    struct buf *found, struct buf *text, struct buf *looked, struct buf *err)
{
	const char *dirs[2];
	size_t	 i, k;

	dirs[0] = s->root;
	dirs[1] = s->themedir;
	for (k = 0; k < 2; k++)
		for (i = 0; names[i] != NULL; i++) {
			buf_clear(found);
			buf_printf(found, "%sarchetypes/%s.md", dirs[k], names[i]);
			switch (files_load(text, found->ptr, ARCHETYPE_MAX,
			    FILES_REGULAR, NULL)) {
			case FILES_GOT:
				return 1;
			case FILES_NO_OPEN:
				if (errno == ENOENT)
					break;
				/* FALLTHROUGH */
			case FILES_NO_READ:
				buf_printf(err, "%s: 无法读取：%s", found->ptr,
				    util_strerror(errno));
				return -1;
			case FILES_NOT_REGULAR:
				buf_printf(err, "%s: 不是普通文件：原型应当是 .md "
				    "文件", found->ptr);
				return -1;
			case FILES_TOO_BIG:
				buf_printf(err, "%s: 太大了（超过 1 MB）：原型只是"
				    "新文章开头的几行", found->ptr);
				return -1;
			}
			buf_printf(looked, "%s%s", looked->len ? "、" : "",
			    found->ptr);
		}
	buf_clear(found);
	return 0;
}

/*
 * The text of the new page rel (relative to content/) of site s, from
 * its archetype (kind, or its section, or default, or the built-in one).
 * Replaces text with it and from with the archetype's path ("" for the
 * built-in one).  Returns 1, or 0 with the message in err.
 */
static int
page_text(const struct site *s, const char *kind, const char *rel,
    struct buf *text, struct buf *from, struct buf *err)
{
	struct buf	 raw = BUF_INIT, section = BUF_INIT, title = BUF_INIT;
	struct buf	 date = BUF_INIT, looked = BUF_INIT;
	const char	*names[3] = { NULL, NULL, NULL };
	struct fill	 f;
	int		 rc = 0, got;

	if (strchr(rel, '/') != NULL)
		buf_put(&section, rel, strcspn(rel, "/"));
	if (kind != NULL)
		names[0] = kind;
	else if (section.len > 0) {
		names[0] = section.ptr;
		names[1] = "default";
	} else
		names[0] = "default";
	if ((got = find_archetype(s, names, from, &raw, &looked, err)) < 0)
		goto out;
	if (got == 0 && kind != NULL) {
		buf_printf(err, "%s: 找不到 --kind 指定的原型“%s”，找过：%s；"
		    "请检查名字，或在网站的 archetypes/ 里添加 %s.md",
		    util_progname, kind, looked.ptr, kind);
		goto out;
	}
	if (got == 0) {
		buf_clear(from);
		buf_puts(&raw, scaffold_archetype);
	}
	title_of(&title, rel);
	date_rfc3339(&date, util_now(), s->tzoff);
	f.title = title.ptr;
	f.date = date.ptr;
	f.section = section.ptr;
	rc = expand(text, raw.ptr, raw.len, got ? from->ptr : "内置原型", &f,
	    err);
out:
	buf_free(&raw);
	buf_free(&section);
	buf_free(&title);
	buf_free(&date);
	buf_free(&looked);
	return rc;
}

enum scaffold_result
scaffold_new(const char *site, const char *kind, const char *path,
    struct buf *msg, struct buf *err)
{
	struct site	 s;
	struct buf	 root = BUF_INIT, file = BUF_INIT, text = BUF_INIT;
	struct buf	 from = BUF_INIT;
	struct stat	 st;
	enum scaffold_result rc = SCAFFOLD_FAILED;

	memset(&s, 0, sizeof(s));
	if (strncmp(path, "content/", 8) == 0)
		path += 8;
	if (!path_ok(path, err) || (kind != NULL && !kind_ok(kind, err))) {
		rc = SCAFFOLD_BAD_ARG;
		goto out;
	}
	site_root(&root, site);
	if (!site_load_config(&s, root.ptr, err))
		goto out;
	buf_printf(&file, "%scontent/%s", root.ptr, path);
	if (lstat(file.ptr, &st) == 0) {
		buf_printf(err, "%s: 已经存在，没有改动它：新文章请换一个文件名",
		    file.ptr);
		goto out;
	}
	if (!page_text(&s, kind, path, &text, &from, err))
		goto out;
	if (!out_mkparents(NULL, file.ptr)) {
		buf_printf(err, "%s: 无法建立文件夹：%s", file.ptr,
		    util_strerror(errno));
		goto out;
	}
	if (!files_write(file.ptr, text.ptr, text.len, 0644, 0, err))
		goto out;
	if (from.len)
		buf_printf(msg, "已新建 %s（照 %s 写成", file.ptr, from.ptr);
	else
		buf_printf(msg, "已新建 %s（照内置的原型写成", file.ptr);
	if (strstr(text.ptr, "\ndraft: true\n") != NULL)
		buf_puts(msg, "；是草稿：写好后把 draft: true 删掉再发布");
	buf_puts(msg, "）\n");
	rc = SCAFFOLD_DONE;
out:
	site_free(&s);
	buf_free(&root);
	buf_free(&file);
	buf_free(&text);
	buf_free(&from);
	return rc;
}

/* Stops a walk at the first entry: the folder is not empty. */
static enum walk_next
any_entry(const struct walk_entry *e, void *arg)
{
	(void)e;
	*(int *)arg = 1;
	return WALK_STOP;
}

/*
 * Writes the files of scaffold_skel into the folder root (ending in '/').
 * Returns 1, or 0 with the message in err.
 */
static int
write_skel(const char *root, struct buf *err)
{
	const struct scaffold_file *f;
	struct buf	 path = BUF_INIT;
	int		 ok = 1;

	for (f = scaffold_skel; ok && f->rel != NULL; f++) {
		buf_clear(&path);
		buf_printf(&path, "%s%s%s", root, f->rel, f->text ? "" : "/");
		if (!out_mkparents(NULL, path.ptr)) {
			buf_printf(err, "%s: 无法建立文件夹：%s", path.ptr,
			    util_strerror(errno));
			ok = 0;
		} else if (f->text != NULL)
			ok = files_write(path.ptr, f->text, strlen(f->text), 0644,
			    0, err);
	}
	buf_free(&path);
	return ok;
}

enum scaffold_result
scaffold_init(const char *dir, struct buf *msg, struct buf *err)
{
	struct buf	 root = BUF_INIT, theme = BUF_INIT, looked = BUF_INIT;
	struct buf	 ignored = BUF_INIT;
	struct stat	 st;
	enum scaffold_result rc = SCAFFOLD_FAILED;
	int		 full = 0;

	if (dir[0] == '\0') {
		buf_printf(err, "%s: init 后面要给出新网站的文件夹，如 shouhu "
		    "init 网站", util_progname);
		return SCAFFOLD_BAD_ARG;
	}
	buf_puts(&root, dir);
	if (root.ptr[root.len - 1] != '/')
		buf_putc(&root, '/');
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		buf_printf(err, "%s: 已经存在，而且不是文件夹：请给一个新的文件夹名",
		    dir);
		goto out;
	}
	if (!walk_tree(dir, WALK_HIDDEN | WALK_MISSING_OK, any_entry, &full,
	    &ignored, NULL) && !full) {
		buf_puts(err, ignored.ptr);
		goto out;
	}
	if (full) {
		buf_printf(err, "%s: 不是空文件夹，没有在这里新建网站：请给一个新的"
		    "或空的文件夹名", dir);
		goto out;
	}
	if (!write_skel(root.ptr, err)) {
		buf_printf(err, "\n%s: 网站没有建完：请删掉这个文件夹，解决上面的"
		    "问题后重新运行 shouhu init", dir);
		goto out;
	}
	buf_printf(msg, "已新建网站 %s：\n"
	    "  %sscripts/site.lua：网站的配置，先改 title、baseurl 和 hotlines\n"
	    "  %scontent/：文章，每个文件夹是一个栏目\n"
	    "  %sarchetypes/：shouhu new 新建文章时照着写的原型\n"
	    "  %sstatic/：原样发布的文件（图片、附件）\n",
	    dir, root.ptr, root.ptr, root.ptr, root.ptr);
	if (site_theme_dir(&theme, root.ptr, "default", &looked))
		buf_printf(msg, "主题用安装好的 default：%s\n", theme.ptr);
	else
		buf_printf(msg, "注意：找不到 default 主题（找过：%s）：生成网站"
		    "以前请安装 shouhu（make install），或把环境变量 "
		    "SHOUHU_DATADIR 设为含有 themes/default/ 的文件夹\n", looked.ptr);
	buf_printf(msg, "接下来：\n"
	    "  shouhu new -C %s fangpian/文章名.md：新建一篇文章（草稿）\n"
	    "  shouhu serve -C %s：在浏览器里预览\n"
	    "  shouhu build -C %s：生成网站，放在 %spublic/\n",
	    dir, dir, dir, root.ptr);
	rc = SCAFFOLD_DONE;
out:
	buf_free(&root);
	buf_free(&theme);
	buf_free(&looked);
	buf_free(&ignored);
	return rc;
}
