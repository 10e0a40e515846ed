/*
 * xlsx_impl: what xlsx.c (the workbook, its parts and relationships) and
 * xlsx_sheet.c (the worksheet: rows and cells) share.  Not for other
 * modules.
 */
#ifndef SHOUHU_XLSX_IMPL_H
#define SHOUHU_XLSX_IMPL_H

#include <stddef.h>

#include <expat.h>
#include <zip.h>

#include "lib/buf.h"
#include "forms/table.h"

#define CHUNK		65536			/* bytes given to expat... */
#define CHUNK_MAX	((size_t)64 << 20)	/* ...up to this at a time */
#define RATIO_FROM	((size_t)1 << 20)	/* parts with a ratio cap */
#define EXCEL_ROWS	1048576
#define EXCEL_COLS	16384
#define SHOWN		40		/* bytes of a name in messages */
#define PROP_MAX	1024		/* bytes of a custom property */

struct rel {
	char		*id;
	char		*type;
	char		*target;	/* resolved: a zip entry name */
};

struct sheet {
	char		*name;
	char		*rid;
	int		 hidden;
};

struct xctx {
	const char	*path;
	struct buf	*err;
	zip_t		*za;
	size_t		 size;		/* of the archive */
	size_t		 total;		/* bytes decompressed so far */
	size_t		 text;		/* bytes of cell text kept */
	XML_Parser	 xp;		/* the parser at work, in XML_Parse */
	const char	*part;		/* the part it reads */
	int		 failed;	/* a message is in err */
	struct buf	 sst;		/* shared strings, NUL-terminated */
	size_t		*sstoff;
	size_t		 nsst;
	struct rel	*rels;
	size_t		 nrels;
	struct sheet	*sheets;
	size_t		 nsheets;
	int		 date1904;
	char		*form;
	char		*version;
};

enum ctype { T_NUM, T_SST, T_INLINE, T_STR, T_BOOL, T_ERR, T_DATE };

struct sheetp {
	struct xctx	*c;
	struct table	*t;
	const char	*sheet;		/* its name */
	int		 depth;		/* of the element being read */
	int		 sddepth;	/* of <sheetData>, 0 outside */
	int		 rowdepth;	/* of <row>, 0 outside */
	int		 cdepth;	/* of <c>, 0 outside */
	int		 row;		/* number of the current or last row */
	size_t		 nextcol;	/* for a cell without r */
	char		**cells;	/* the current row, cap cells */
	enum cell_kind	*kinds;
	size_t		 cap;
	size_t		 width;		/* cells[0..width) may be set */
	size_t		 col;		/* of the current cell */
	int		 over;		/* it is beyond XLSX_MAX_COLS */
	enum ctype	 type;
	int		 inv, inis, int_, rph;
	struct buf	 val;
	struct buf	 tmp;
};

const char *xlsx_attr(const char **atts, const char *name);
void	xlsx_corrupt(struct xctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	xlsx_fail(struct xctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *xlsx_local(const char *name);
void	xlsx_put_xstring(struct buf *out, const char *s, size_t n);
const char *xlsx_shown(struct buf *out, const char *s);
void	xlsx_too_big(struct xctx *c);
void XMLCALL	xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts);
void XMLCALL	xlsx_sheet_end(void *ud, const XML_Char *name);
void XMLCALL	xlsx_sheet_text(void *ud, const XML_Char *s, int len);

#endif
