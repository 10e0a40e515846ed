/*
 * kitconf: a field unit's kit, the folder the office hands over on a USB
 * stick (`shouhu units kit` writes it; `shouhu-collect`, run from inside
 * it, reads it).  A kit folder holds:
 *
 *	打包报送.exe			the Windows program: files dropped on it
 *	打包报送.desktop		the Linux desktop launcher
 *	使用说明.html			the three steps, in plain Chinese
 *	空白表格/<form title>.xlsx	blank templates carrying the unit's code
 *	填好的表格/			where the unit puts its filled forms
 *	待发送/				where the bundles are written
 *	程序文件/shouhu-collect		the Linux program (and lib/ beside it)
 *	程序文件/kit.json		this configuration
 *	程序文件/单位.key, 单位.pub	the unit's key pair (key.h; .key 0600)
 *	程序文件/专项办.pub		the office's public key
 *	程序文件/镇街.txt		the county's towns, when the office has
 *					a list (townlist.h)
 *
 * kit.json (UTF-8, written by kitconf_write):
 *
 *	{"format": "shouhu-kit/1",
 *	 "unit": {"code": "370812001", "name": "新兖镇市场监管所"},
 *	 "office": "兖州区打击整治养老诈骗专项行动办公室",
 *	 "deadline": {"weekday": 4, "hour": 10, "minute": 0},
 *	 "forms": ["hazard_ledger", "campaign_stats", ...]}
 *
 * The deadline of a week's forms is its ISO weekday and time of day, in
 * China time, of that same week (as `shouhu report --deadline`).
 */
#ifndef SHOUHU_KITCONF_H
#define SHOUHU_KITCONF_H

#include <stddef.h>

struct buf;

#define KIT_FORMAT	"shouhu-kit/1"
#define KIT_PROGDIR	"程序文件"	/* below the kit's root */
#define KIT_CONF	"kit.json"	/* in KIT_PROGDIR */
#define KIT_KEY		"单位.key"	/* in KIT_PROGDIR */
#define KIT_PUB		"单位.pub"	/* in KIT_PROGDIR */
#define KIT_OFFICE_PUB	"专项办.pub"	/* in KIT_PROGDIR */
#define KIT_TOWNS	"镇街.txt"	/* in KIT_PROGDIR, when there is a list */
#define KIT_BLANKDIR	"空白表格"	/* below the kit's root */
#define KIT_FILLED	"填好的表格"	/* below the kit's root */
#define KIT_OUTBOX	"待发送"	/* below the kit's root */

struct kitconf {
	char	 *unit_code;	/* 9 digits or more, as in the unit registry */
	char	 *unit_name;
	char	 *office;	/* the office's name, for messages */
	int	  wday;		/* deadline: ISO weekday 1 (Monday) .. 7 */
	int	  hour, min;	/* and China time of day */
	char	**forms;	/* ids of the forms the unit sends */
	size_t	  nforms;
};

/*
 * Writes k as the kit.json file path (mode 0644, atomically: the old file
 * or the new, never a mix).  Returns 1, or 0 with a message in err.
 */
int	kitconf_write(const struct kitconf *k, const char *path,
	    struct buf *err);

/*
 * Reads the kit.json file path into *k (free with kitconf_free).  Returns
 * 1, or 0 with a message in err ("path: ..." saying what is wrong and
 * that the kit should be asked for again from the office) and *k empty.
 */
int	kitconf_read(struct kitconf *k, const char *path, struct buf *err);

/* Frees what kitconf_read put in k and zeroes it. */
void	kitconf_free(struct kitconf *k);

#endif
