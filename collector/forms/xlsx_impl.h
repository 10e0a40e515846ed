/*
 * xlsx_impl: what xlsx.c (the workbook as a whole and its part reader),
 * xlsx_parts.c (relationships, sheets, shared strings, custom properties)
 * and xlsx_sheet.c (the worksheet: rows and cells) share.  Not for other
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
	char		*unit;
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

/* xlsx.c: errors, XML helpers and the part reader */

/* The value of the unprefixed attribute name in atts, or NULL. */
const char *xlsx_attr(const char **atts, const char *name);
/* The file is damaged; fmt (or NULL) says how, for whoever helps. */
void	xlsx_corrupt(struct xctx *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Puts "PATH[:LINE]: fmt..." in c->err (the first failure only: later
 * ones are consequences), marks c failed and stops the parser.
 */
void	xlsx_fail(struct xctx *c, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Whether s ends with suffix (case matters). */
int	xlsx_ends_with(const char *s, const char *suffix);
/* The local part of an XML name: "x:c" -> "c". */
const char *xlsx_local(const char *name);
/*
 * Locates the part name (case-insensitively, as OPC part names are).
 * Returns its index in the zip, or -1.
 */
zip_int64_t xlsx_locate(struct xctx *c, const char *name);
/*
 * Streams the part at index idx (called name in messages) through expat
 * with the handlers start, end and text and the user data ud, whose
 * first member must be the struct xctx * (a DOCTYPE or entity handler
 * reads it there), counting the caps of xlsx.h.  Returns 1, or 0 with
 * the message in c->err.
 */
int	xlsx_parse_part(struct xctx *c, zip_int64_t idx, const char *name,
	    void *ud, XML_StartElementHandler start,
	    XML_EndElementHandler end, XML_CharacterDataHandler text);
/* Appends s[0..n) to out with the "_xHHHH_" escapes of OOXML decoded. */
void	xlsx_put_xstring(struct buf *out, const char *s, size_t n);
/* s cut for a message (SHOWN bytes at most, on a character); in out. */
const char *xlsx_shown(struct buf *out, const char *s);
/* Fails c: a cap on decompressed bytes or on cell text was reached. */
void	xlsx_too_big(struct xctx *c);

/* xlsx_parts.c: the parts around the sheet */

/*
 * Reads the relationships of the part source ("" for the package) into
 * c->rels, freeing those there were.  A missing .rels part leaves none.
 * Returns 1, or 0 with the message in c->err.
 */
int	xlsx_read_rels(struct xctx *c, const char *source);
/* The resolved target of the first relationship whose type ends so. */
const char *xlsx_rel_by_type(struct xctx *c, const char *suffix);
/* The relationship with the id id, or NULL. */
const struct rel *xlsx_rel_by_id(struct xctx *c, const char *id);
/* Frees c->rels. */
void	xlsx_free_rels(struct xctx *c);
/* Reads the workbook part (idx, called part) into c->sheets, c->date1904. */
int	xlsx_read_sheets(struct xctx *c, zip_int64_t idx, const char *part);
/* Reads the shared strings part into c->sst and c->sstoff. */
int	xlsx_read_sst(struct xctx *c, zip_int64_t idx, const char *part);
/* Reads the custom properties part: c->form, c->version, c->unit. */
int	xlsx_read_custom(struct xctx *c, zip_int64_t idx, const char *part);

/* xlsx_sheet.c: the worksheet's expat handlers (ud is a struct sheetp) */
void XMLCALL	xlsx_sheet_start(void *ud, const XML_Char *name,
		    const XML_Char **atts);
void XMLCALL	xlsx_sheet_end(void *ud, const XML_Char *name);
void XMLCALL	xlsx_sheet_text(void *ud, const XML_Char *s, int len);

#endif
