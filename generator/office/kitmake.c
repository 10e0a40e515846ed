/*
 * shouhu units kit: a field unit's kit (see kitmake.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "lib/walk.h"
#include "forms/blank.h"
#include "forms/form.h"
#include "forms/townlist.h"
#include "bundle/bundle.h"
#include "bundle/key.h"
#include "bundle/kitconf.h"
#include "office/kitmake.h"
#include "office/kitmake_doc.h"
#include "office/kitmake_prog.h"
#include "office/ledger.h"
#include "office/report.h"
#include "office/towns.h"

#define DEFAULT_OFFICE		"专项办"
#define DEFAULT_DEADLINE	"星期四 10:00"
#define KEY_FILE		"单位"		/* 单位.key, 单位.pub */
#define NAME_MAX_BYTES		100		/* a key's name (key.c) */

/* What kitmake_run gathers before it writes anything. */
struct kit {
	const struct kitmake_opts *o;
	struct kitconf	 conf;
	struct buf	 office_pub;	/* the office's public key file */
	struct buf	 collect;	/* the collector to copy */
	struct buf	 exe;		/* the Windows program, or empty */
	struct buf	 arm64;		/* the aarch64 Linux program, or empty */
	struct townlist	 towns;		/* the ledger's list (names borrowed) */
	struct kitmake_prog_linux prog;	/* what went into 程序文件/ */
	int		 out_was_dir;	/* o->out was an empty folder */
};

/* The path dir/name into b (cleared first); returns b->ptr. */
static const char *
path(struct buf *b, const char *dir, const char *name)
{
	buf_clear(b);
	buf_printf(b, "%s/%s", dir, name);
	return b->ptr;
}

/* Whether s is usable text for a name: not empty, at most max bytes, no
 * control characters (tabs and line breaks included). */
static int
name_ok(const char *s, size_t max)
{
	const unsigned char *p;

	if (*s == '\0' || strlen(s) > max)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/*
 * Puts the forms of the list s (ids split by commas; NULL: every form)
 * into k->conf in the order of form_at.  Returns 1, or 0 after a message.
 */
static int
pick_forms(struct kit *k, const char *s)
{
	const struct form *f;
	struct buf	 ids = BUF_INIT;
	unsigned char	*on;
	const char	*p, *e;
	size_t		 i, n = form_count();
	int		 ok = 0;

	on = xcalloc(n, 1);
	for (p = s; p != NULL; p = *e == ',' ? e + 1 : NULL) {
		e = p + strcspn(p, ",");
		for (i = 0; i < n; i++)
			if (strlen(form_at(i)->id) == (size_t)(e - p) &&
			    memcmp(form_at(i)->id, p, (size_t)(e - p)) == 0)
				break;
		if (i == n) {
			for (i = 0; i < n; i++)
				buf_printf(&ids, "%s%s", i ? "、" : "",
				    form_at(i)->id);
			fprintf(stderr, "shouhu: --forms 里的“%.*s”不是表的代号"
			    "：可用的有 %s，用逗号隔开，如 --forms hazard_ledger,"
			    "campaign_stats\n", (int)(e - p), p, ids.ptr);
			goto out;
		}
		if (on[i]++) {
			fprintf(stderr, "shouhu: --forms 里 %s 写了两次：每种表"
			    "只写一次\n", form_at(i)->id);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		f = form_at(i);
		if (s != NULL && !on[i])
			continue;
		k->conf.forms = xreallocarray(k->conf.forms,
		    k->conf.nforms + 1, sizeof(*k->conf.forms));
		k->conf.forms[k->conf.nforms++] = xstrdup(f->id);
	}
	ok = 1;
out:
	free(on);
	buf_free(&ids);
	return ok;
}

/*
 * Checks the command line: the code, the names, the deadline, the forms
 * and -o, into k->conf.  Returns 1, or 0 after a message.
 */
static int
check_args(struct kit *k, const char *code, const char *name)
{
	const struct kitmake_opts *o = k->o;
	const char	*office = o->office_name ? o->office_name :
			    DEFAULT_OFFICE;

	if (!bundle_unit_code_ok(code)) {
		fprintf(stderr, "shouhu: 单位代码“%s”不可用：只能用字母、数字、"
		    "- 和 _，最长 32 个字符\n", code);
		return 0;
	}
	if (!name_ok(name, NAME_MAX_BYTES)) {
		fprintf(stderr, "shouhu: 单位名称不可用：不能为空、不能含制表符"
		    "或换行，最长 %d 字节（约 %d 个汉字）\n", NAME_MAX_BYTES,
		    NAME_MAX_BYTES / 3);
		return 0;
	}
	if (!name_ok(office, 200)) {
		fprintf(stderr, "shouhu: --office-name 不可用：不能为空、不能含"
		    "制表符或换行，最长 200 字节\n");
		return 0;
	}
	if (o->office == NULL) {
		fprintf(stderr, "shouhu: 要用 --office 给出专项办的公钥文件（"
		    "专项办.pub），单位的数据包加密给它\n");
		return 0;
	}
	if (o->out == NULL) {
		fprintf(stderr, "shouhu: 要用 -o 给出工具包的文件夹，如 -o "
		    "\"%s工具包\"\n", name);
		return 0;
	}
	if (!report_deadline_parse(o->deadline ? o->deadline :
	    DEFAULT_DEADLINE, &k->conf.wday, &k->conf.hour, &k->conf.min)) {
		fprintf(stderr, "shouhu: --deadline 应当是星期几和北京时间，如 "
		    "\"星期四 10:00\" 或 \"4 10:00\"，不是“%s”\n", o->deadline);
		return 0;
	}
	k->conf.unit_code = xstrdup(code);
	k->conf.unit_name = xstrdup(name);
	k->conf.office = xstrdup(office);
	return pick_forms(k, o->forms);
}

/* Whether the folder dir has no entries.  Returns 1, 0, or -1 (errno). */
static int
dir_empty(const char *dir)
{
	struct dirent	*d;
	DIR		*dp;
	int		 empty = 1;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while (empty && (d = readdir(dp)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			empty = 0;
	closedir(dp);
	return empty;
}

/*
 * Checks that the kit's folder can be made: nothing there, or an empty
 * folder (noted in k->out_was_dir).  Returns 1, or 0 after a message.
 */
static int
check_out(struct kit *k)
{
	const char	*out = k->o->out;
	struct stat	 st;
	int		 r;

	if (lstat(out, &st) != 0) {
		if (errno == ENOENT)
			return 1;
		fprintf(stderr, "%s: 无法查看：%s\n", out, util_strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: 已经有这个文件：工具包要写进一个新的文件夹，"
		    "请换一个名字\n", out);
		return 0;
	}
	if ((r = dir_empty(out)) < 0) {
		fprintf(stderr, "%s: 无法读取文件夹：%s\n", out,
		    util_strerror(errno));
		return 0;
	}
	if (r == 0) {
		fprintf(stderr, "%s: 文件夹里已经有东西：工具包要写进一个新的（或"
		    "空的）文件夹，请换一个名字，或先移走里面的文件\n", out);
		return 0;
	}
	k->out_was_dir = 1;
	return 1;
}

/* Collects the paths of a tree, parents first (walk_tree). */
static enum walk_next
collect_path(const struct walk_entry *e, void *arg)
{
	struct buf	*b = arg;

	buf_puts(b, e->path);
	buf_putc(b, '\0');
	return e->link ? WALK_SKIP : WALK_GO;
}

/* Removes the tree dir (links are removed, not followed). */
static void
remove_tree(const char *dir)
{
	struct buf	 paths = BUF_INIT, err = BUF_INIT;
	const char	*p;
	size_t		 end;

	walk_tree(dir, WALK_HIDDEN | WALK_MISSING_OK, collect_path, &paths,
	    &err, NULL);
	/* children come after their parents: remove from the end */
	for (end = paths.len; end > 0; end = (size_t)(p - paths.ptr)) {
		p = paths.ptr + end - 1;
		while (p > paths.ptr && p[-1] != '\0')
			p--;
		if (unlink(p) != 0)
			rmdir(p);
	}
	rmdir(dir);
	buf_free(&paths);
	buf_free(&err);
}

/* Makes the folder p.  Returns 1, or 0 with a message in err. */
static int
make_dir(const char *p, struct buf *err)
{
	if (mkdir(p, 0777) == 0)
		return 1;
	buf_printf(err, "%s: 无法建立文件夹：%s", p, util_strerror(errno));
	return 0;
}

/*
 * Reads the office's public key (a .pub file) into k->office_pub.
 * Returns 1, or 0 after a message.
 */
static int
load_office(struct kit *k)
{
	struct key	 key;
	struct buf	 err = BUF_INIT;
	int		 ok = 0;

	if (!key_load_public(k->o->office, &key, &err)) {
		fprintf(stderr, "%s：--office 要给出专项办的公钥文件（专项办"
		    ".pub）\n", err.ptr);
		goto out;
	}
	key_free(&key);
	if (!files_read(&k->office_pub, k->o->office)) {
		fprintf(stderr, "%s: 无法读取：%s\n", k->o->office,
		    util_strerror(errno));
		goto out;
	}
	ok = 1;
out:
	buf_free(&err);
	return ok;
}

/*
 * Whether the unit k->conf.unit_code may get a kit from the ledger l: a
 * new unit, or a registered one with --replace.  Returns 1, or 0 after a
 * message.
 */
static int
check_unit(struct kit *k, struct ledger *l)
{
	struct ledger_unit *u;
	struct buf	 err = BUF_INIT;
	size_t		 n, i;
	int		 ok = 0;

	if (!ledger_units(l, &u, &n, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		buf_free(&err);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (strcmp(u[i].code, k->conf.unit_code) == 0)
			break;
	if (i < n && !k->o->replace)
		fprintf(stderr, "%s: 单位 %s 已经登记过（%s，公钥 %s）：新的工具包"
		    "带新的密钥，做了以后这个单位原来的密钥就作废（用它打的数据包"
		    "不再接收）；确实要给它做新的工具包，加上 --replace 再运行\n",
		    k->o->ledger, u[i].code, u[i].name, u[i].key_id);
	else
		ok = 1;
	ledger_units_free(u, n);
	return ok;
}

/* Puts the towns of t into k->towns (the names stay t's). */
static void
take_towns(struct kit *k, const struct towns *t)
{
	size_t	 i;

	k->towns.n = towns_count(t);
	k->towns.names = xcalloc(k->towns.n + 1, sizeof(*k->towns.names));
	for (i = 0; i < k->towns.n; i++)
		k->towns.names[i] = (char *)towns_name(t, i);
}

/*
 * Writes 程序文件/ into the new kit dir: the keys, kit.json, 镇街.txt
 * and the Linux program.  Returns 1, or 0 with a message in err.
 */
static int
write_progdir(struct kit *k, const char *dir, struct buf *err)
{
	struct buf	 prog = BUF_INIT, p = BUF_INIT, text = BUF_INIT;
	size_t		 i;
	int		 ok = 0;

	path(&prog, dir, KIT_PROGDIR);
	if (!make_dir(prog.ptr, err) ||
	    !key_generate_as(prog.ptr, KEY_FILE, k->conf.unit_name, err) ||
	    !files_write(path(&p, prog.ptr, KIT_OFFICE_PUB),
	    k->office_pub.ptr, k->office_pub.len, 0644, 0, err) ||
	    !kitconf_write(&k->conf, path(&p, prog.ptr, KIT_CONF), err))
		goto out;
	if (k->towns.n > 0) {
		for (i = 0; i < k->towns.n; i++)
			buf_printf(&text, "%s\n", k->towns.names[i]);
		if (!files_write(path(&p, prog.ptr, KIT_TOWNS), text.ptr,
		    text.len, 0644, 0, err))
			goto out;
	}
	if (!kitmake_prog_linux(k->collect.ptr, prog.ptr, &k->prog, err))
		goto out;
	ok = k->arm64.len == 0 || kitmake_prog_copy(k->arm64.ptr,
	    path(&p, prog.ptr, KITMAKE_ARM64), 0755, err);
out:
	buf_free(&prog);
	buf_free(&p);
	buf_free(&text);
	return ok;
}

/*
 * Writes the kit into the new empty folder dir.  Returns 1, or 0 with a
 * message in err.
 */
static int
write_kit(struct kit *k, const char *dir, struct buf *err)
{
	struct buf	 p = BUF_INIT, name = BUF_INIT, text = BUF_INIT;
	const struct form *f;
	size_t		 i;
	int		 ok = 0;

	if (!write_progdir(k, dir, err) ||
	    !make_dir(path(&p, dir, KIT_BLANKDIR), err))
		goto out;
	for (i = 0; i < k->conf.nforms; i++) {
		f = form_find(k->conf.forms[i]);
		buf_clear(&name);
		buf_printf(&name, "%s/%s.xlsx", KIT_BLANKDIR, f->title);
		if (!blank_xlsx(f, k->towns.n > 0 ? &k->towns : NULL,
		    k->conf.unit_code, path(&p, dir, name.ptr), 0, err))
			goto out;
	}
	if (!make_dir(path(&p, dir, KIT_FILLED), err) ||
	    !make_dir(path(&p, dir, KIT_OUTBOX), err))
		goto out;
	if (k->exe.len > 0 && !kitmake_prog_copy(k->exe.ptr, path(&p, dir,
	    KITMAKE_PROGRAM ".exe"), 0755, err))
		goto out;
	kitmake_doc_desktop(&text);
	if (!files_write(path(&p, dir, KITMAKE_PROGRAM ".desktop"), text.ptr,
	    text.len, 0755, 0, err))
		goto out;
	buf_clear(&text);
	kitmake_doc_guide(&text, &k->conf, k->prog.glibc, k->prog.is_static,
	    k->arm64.len > 0);
	ok = files_write(path(&p, dir, KITMAKE_GUIDE), text.ptr, text.len,
	    0644, 0, err);
out:
	buf_free(&p);
	buf_free(&name);
	buf_free(&text);
	return ok;
}

/* Adds up the files below dir and their bytes (walk_tree). */
struct tally {
	size_t		 files;
	long long	 bytes;
};

static enum walk_next
count_file(const struct walk_entry *e, void *arg)
{
	struct tally	*t = arg;

	if (e->kind == WALK_FILE) {
		t->files++;
		t->bytes += (long long)e->st.st_size;
	}
	return WALK_GO;
}

/* Says what was made and what to do next. */
static void
report(const struct kit *k, const char *key_id, enum ledger_add r)
{
	const struct kitmake_opts *o = k->o;
	struct tally	 t = { 0, 0 };
	struct buf	 err = BUF_INIT;

	walk_tree(o->out, WALK_HIDDEN, count_file, &t, &err, NULL);
	if (r == LEDGER_ADD_NEW)
		printf("已登记 %s %s（公钥 %s），工具包在 %s：\n",
		    k->conf.unit_code, k->conf.unit_name, key_id, o->out);
	else
		printf("已给 %s %s 换上新的密钥（公钥 %s），工具包在 %s：\n"
		    "（这个单位原来的密钥已作废，旧工具包打的数据包不再接收）\n",
		    k->conf.unit_code, k->conf.unit_name, key_id, o->out);
	printf("  %s/  %zu 张空白表格，带单位代码 %s\n", KIT_BLANKDIR,
	    k->conf.nforms, k->conf.unit_code);
	printf("  %s/、%s/  空文件夹\n", KIT_FILLED, KIT_OUTBOX);
	if (k->exe.len > 0)
		printf("  %s.exe  Windows 程序\n", KITMAKE_PROGRAM);
	printf("  %s.desktop  Linux 桌面的启动器\n", KITMAKE_PROGRAM);
	if (k->prog.is_static)
		printf("  %s/  Linux 程序（静态链接，不用另装库）、单位的密钥、"
		    "设置%s\n", KIT_PROGDIR, k->towns.n > 0 ? "、镇街名单" : "");
	else
		printf("  %s/  Linux 程序和它用的 %zu 个库、单位的密钥、设置%s\n",
		    KIT_PROGDIR, k->prog.nlibs,
		    k->towns.n > 0 ? "、镇街名单" : "");
	if (k->arm64.len > 0)
		printf("  %s/%s  ARM64（aarch64）Linux 的程序（静态链接）\n",
		    KIT_PROGDIR, KITMAKE_ARM64);
	printf("  %s\n", KITMAKE_GUIDE);
	printf("共 %zu 个文件，%.1f MB\n", t.files, (double)t.bytes / 1e6);
	if (*k->prog.glibc != '\0')
		printf("Linux 程序要求系统的 C 库（glibc）不低于 %s\n",
		    k->prog.glibc);
	printf("下一步：把整个文件夹 %s 复制到 U 盘，交给%s；里面有这个单位的"
	    "私钥，不要用邮件或网盘传送\n", o->out, k->conf.unit_name);
	buf_free(&err);
}

/* Removes the ledger file path that kitmake_run made, and its WAL files. */
static void
remove_ledger(const char *file)
{
	struct buf	 b = BUF_INIT;

	unlink(file);
	buf_printf(&b, "%s-wal", file);
	unlink(b.ptr);
	buf_clear(&b);
	buf_printf(&b, "%s-shm", file);
	unlink(b.ptr);
	buf_free(&b);
}

/* The umask of the process (which the folders made get). */
static mode_t
current_umask(void)
{
	mode_t	 m = umask(0);

	umask(m);
	return m;
}

/* Warns that the kit has no Windows program, and how to put one in. */
static void
warn_no_exe(void)
{
	fprintf(stderr, "shouhu: 注意：没有找到 Windows 程序（shouhu-collect"
	    ".exe），工具包里不会有 " KITMAKE_PROGRAM ".exe，Windows 电脑上用不"
	    "了：在 Shouhu 的源码目录运行 make windows，再加上 --windows "
	    "build/windows/shouhu-collect.exe 重新制作\n");
}

int
kitmake_run(const struct kitmake_opts *opts, const char *code, const char *name)
{
	struct kitmake_opts	 copy = *opts, *o = &copy;
	struct buf	 out = BUF_INIT;
	struct kit	 k;
	struct ledger	 l;
	struct towns	*towns = NULL;
	struct key	 unit;
	struct buf	 tmp = BUF_INIT, err = BUF_INIT, p = BUF_INIT;
	enum ledger_add	 r;
	struct stat	 st;
	int		 rc = 1, opened = 0, placed = 0, new_ledger = 0;

	memset(&k, 0, sizeof(k));
	memset(&unit, 0, sizeof(unit));
	k.o = o;
	if (o->out != NULL) {
		/* "kit/" is the folder kit, made beside, not inside, it */
		buf_puts(&out, o->out);
		while (out.len > 1 && out.ptr[out.len - 1] == '/')
			buf_truncate(&out, out.len - 1);
		o->out = out.ptr;
	}
	if (!check_args(&k, code, name)) {
		rc = 2;
		goto out;
	}
	if (!check_out(&k) || !load_office(&k))
		goto out;
	if (!kitmake_prog_find(&k.collect, &k.exe, o->windows, &err))
		goto fail;
	kitmake_prog_find_arm64(&k.arm64);
	new_ledger = lstat(o->ledger, &st) != 0 && errno == ENOENT;
	if (!ledger_open(&l, o->ledger, LEDGER_CREATE, &err))
		goto fail;
	opened = 1;
	if (!check_unit(&k, &l))
		goto out;
	if ((towns = towns_load(&l, &err)) == NULL)
		goto fail;
	take_towns(&k, towns);
	if (k.exe.len == 0)
		warn_no_exe();

	buf_printf(&tmp, "%s.tmp-XXXXXX", o->out);
	if (mkdtemp(tmp.ptr) == NULL) {
		buf_printf(&err, "%s: 无法建立工具包的文件夹：%s；请检查 -o "
		    "的上一级文件夹是否存在、能否写入", o->out,
		    util_strerror(errno));
		buf_clear(&tmp);
		goto fail;
	}
	if (chmod(tmp.ptr, 0777 & ~current_umask()) != 0) {
		buf_printf(&err, "%s: 无法设置文件夹的权限：%s", tmp.ptr,
		    util_strerror(errno));
		goto fail;
	}
	if (!write_kit(&k, tmp.ptr, &err) ||
	    !key_load_public(path(&p, tmp.ptr, KIT_PROGDIR "/" KEY_FILE ".pub"),
	    &unit, &err))
		goto fail;
	if (rename(tmp.ptr, o->out) != 0) {
		buf_printf(&err, "%s: 无法把工具包放到这里：%s", o->out,
		    util_strerror(errno));
		goto fail;
	}
	placed = 1;
	r = ledger_unit_add(&l, k.conf.unit_code, k.conf.unit_name, &unit,
	    o->replace, &err);
	if (r == LEDGER_ADD_FAIL)
		goto fail;
	report(&k, unit.id, r);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "%s\n", err.ptr);
	if (tmp.len > 0)
		fprintf(stderr, "shouhu: 工具包没有做成，已经写出的都删掉了；"
		    "改正后再运行一次\n");
out:
	if (rc != 0 && tmp.len > 0)
		remove_tree(placed ? o->out : tmp.ptr);
	if (rc != 0 && placed && k.out_was_dir)
		mkdir(o->out, 0777);
	if (opened)
		ledger_close(&l);
	if (rc != 0 && opened && new_ledger)
		remove_ledger(o->ledger);
	towns_free(towns);
	free(k.towns.names);
	kitconf_free(&k.conf);
	key_free(&unit);
	buf_free(&k.office_pub);
	buf_free(&k.collect);
	buf_free(&k.exe);
	buf_free(&k.arm64);
	buf_free(&tmp);
	buf_free(&err);
	buf_free(&p);
	buf_free(&out);
	return rc;
}
