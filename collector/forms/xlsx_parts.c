/*
 * xlsx_parts: the small parts of a workbook that xlsx.c reads before and
 * after the sheet: relationships (which part is which), the list of
 * sheets, the shared strings and the custom properties.  Each is streamed
 * through expat by xlsx_parse_part, its caps counted there.
 */
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "forms/table.h"
#include "forms/xlsx.h"
#include "forms/xlsx_impl.h"

/* The value of a prefixed attribute whose local name is name, or NULL. */
static const char *
attr_ns(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strchr(atts[0], ':') != NULL &&
		    strcmp(xlsx_local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

/* ---- relationships ------------------------------------------------ */

struct relp {
	struct xctx	*c;
	const char	*dir;		/* of the source part: "" or "…/" */
};

/*
 * Resolves target (relative to dir, or absolute with a leading '/')
 * into a zip entry name, "." and ".." segments folded.
 */
static char *
resolve(const char *dir, const char *target)
{
	struct buf	 in = BUF_INIT, out = BUF_INIT;
	char		*seg, *next, *slash;

	if (target[0] != '/')
		buf_puts(&in, dir);
	buf_puts(&in, target);
	for (seg = in.ptr; seg != NULL; seg = next) {
		if ((next = strchr(seg, '/')) != NULL)
			*next++ = '\0';
		if (seg[0] == '\0' || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			slash = strrchr(out.ptr, '/');
			buf_truncate(&out, slash != NULL ?
			    (size_t)(slash - out.ptr) : 0);
			continue;
		}
		if (out.len)
			buf_putc(&out, '/');
		buf_puts(&out, seg);
	}
	buf_free(&in);
	return buf_detach(&out);
}

static void XMLCALL
rel_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct relp	*rp = ud;
	struct xctx	*c = rp->c;
	struct rel	*r;
	const char	*id, *type, *target, *mode;

	if (c->failed || strcmp(xlsx_local(name), "Relationship") != 0)
		return;
	id = xlsx_attr(atts, "Id");
	type = xlsx_attr(atts, "Type");
	target = xlsx_attr(atts, "Target");
	mode = xlsx_attr(atts, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "Internal") != 0))
		return;
	if ((c->nrels & (c->nrels - 1)) == 0)
		c->rels = xreallocarray(c->rels, c->nrels ? c->nrels * 2 : 1,
		    sizeof(*c->rels));
	r = &c->rels[c->nrels++];
	r->id = xstrdup(id);
	r->type = xstrdup(type);
	r->target = resolve(rp->dir, target);
}

static void XMLCALL
no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL
no_text(void *ud, const XML_Char *s, int len)
{
}

void
xlsx_free_rels(struct xctx *c)
{
	size_t	 i;

	for (i = 0; i < c->nrels; i++) {
		free(c->rels[i].id);
		free(c->rels[i].type);
		free(c->rels[i].target);
	}
	free(c->rels);
	c->rels = NULL;
	c->nrels = 0;
}

int
xlsx_read_rels(struct xctx *c, const char *source)
{
	struct relp	 rp;
	struct buf	 dir = BUF_INIT, name = BUF_INIT;
	const char	*slash = strrchr(source, '/');
	zip_int64_t	 idx;
	int		 ok = 1;

	xlsx_free_rels(c);
	if (slash != NULL)
		buf_put(&dir, source, (size_t)(slash - source + 1));
	buf_printf(&name, "%s_rels/%s.rels", dir.ptr,
	    slash != NULL ? slash + 1 : source);
	rp.c = c;
	rp.dir = dir.ptr;
	if ((idx = xlsx_locate(c, name.ptr)) >= 0)
		ok = xlsx_parse_part(c, idx, name.ptr, &rp, rel_start, no_end,
		    no_text);
	buf_free(&dir);
	buf_free(&name);
	return ok;
}

const char *
xlsx_rel_by_type(struct xctx *c, const char *suffix)
{
	size_t	 i;

	for (i = 0; i < c->nrels; i++)
		if (xlsx_ends_with(c->rels[i].type, suffix))
			return c->rels[i].target;
	return NULL;
}

const struct rel *
xlsx_rel_by_id(struct xctx *c, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->nrels; i++)
		if (strcmp(c->rels[i].id, id) == 0)
			return &c->rels[i];
	return NULL;
}

/* ---- workbook ----------------------------------------------------- */

struct wbp {
	struct xctx	*c;
};

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xctx	*c = ((struct wbp *)ud)->c;
	struct sheet	*s;
	const char	*ln = xlsx_local(name), *v, *state;

	if (c->failed)
		return;
	if (strcmp(ln, "workbookPr") == 0) {
		v = xlsx_attr(atts, "date1904");
		c->date1904 = v != NULL &&
		    (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(ln, "sheet") == 0) {
		if ((v = xlsx_attr(atts, "name")) == NULL)
			return;
		if ((c->nsheets & (c->nsheets - 1)) == 0)
			c->sheets = xreallocarray(c->sheets, c->nsheets ?
			    c->nsheets * 2 : 1, sizeof(*c->sheets));
		s = &c->sheets[c->nsheets++];
		s->name = xstrdup(v);
		v = attr_ns(atts, "id");
		s->rid = v != NULL ? xstrdup(v) : NULL;
		state = xlsx_attr(atts, "state");
		s->hidden = state != NULL && strcmp(state, "visible") != 0;
	}
}

int
xlsx_read_sheets(struct xctx *c, zip_int64_t idx, const char *part)
{
	struct wbp	 wp = { c };

	return xlsx_parse_part(c, idx, part, &wp, wb_start, no_end, no_text);
}

/* ---- shared strings ----------------------------------------------- */

struct sstp {
	struct xctx	*c;
	int		 insi;
	int		 int_;		/* in a <t> of the string */
	int		 rph;		/* depth of phonetic runs */
	struct buf	 cur;
};

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sstp	*sp = ud;
	const char	*ln = xlsx_local(name);

	if (sp->c->failed)
		return;
	if (strcmp(ln, "si") == 0) {
		sp->insi = 1;
		sp->int_ = sp->rph = 0;
		buf_clear(&sp->cur);
	} else if (!sp->insi)
		return;
	else if (strcmp(ln, "rPh") == 0)
		sp->rph++;
	else if (strcmp(ln, "t") == 0 && sp->rph == 0)
		sp->int_ = 1;
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct sstp	*sp = ud;
	struct xctx	*c = sp->c;
	const char	*ln = xlsx_local(name);

	if (c->failed || !sp->insi)
		return;
	if (strcmp(ln, "t") == 0)
		sp->int_ = 0;
	else if (strcmp(ln, "rPh") == 0 && sp->rph > 0)
		sp->rph--;
	else if (strcmp(ln, "si") == 0) {
		sp->insi = 0;
		if (c->nsst >= TABLE_MAX_CELLS) {
			xlsx_too_big(c);
			return;
		}
		if ((c->nsst & (c->nsst - 1)) == 0)
			c->sstoff = xreallocarray(c->sstoff,
			    c->nsst ? c->nsst * 2 : 1, sizeof(*c->sstoff));
		c->sstoff[c->nsst++] = c->sst.len;
		xlsx_put_xstring(&c->sst, sp->cur.ptr, sp->cur.len);
		buf_putc(&c->sst, '\0');
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
	struct sstp	*sp = ud;

	if (sp->insi && sp->int_ && !sp->c->failed)
		buf_put(&sp->cur, s, (size_t)len);
}

int
xlsx_read_sst(struct xctx *c, zip_int64_t idx, const char *part)
{
	struct sstp	 sp = { .c = c, .cur = BUF_INIT };
	int		 ok;

	ok = xlsx_parse_part(c, idx, part, &sp, sst_start, sst_end, sst_text);
	buf_free(&sp.cur);
	return ok;
}

/* ---- custom properties -------------------------------------------- */

struct custp {
	struct xctx	*c;
	int		 depth;
	int		 pdepth;	/* of the <property>, 0 outside */
	int		 which;		/* 1 shouhu.form, 2 shouhu.version,
					   3 shouhu.unit */
	int		 invalue;
	struct buf	 val;
};

static void XMLCALL
cust_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct custp	*cp = ud;
	const char	*n;

	if (cp->c->failed)
		return;
	cp->depth++;
	if (cp->pdepth == 0 && strcmp(xlsx_local(name), "property") == 0) {
		cp->pdepth = cp->depth;
		n = xlsx_attr(atts, "name");
		cp->which = n == NULL ? 0 : strcmp(n, "shouhu.form") == 0 ? 1 :
		    strcmp(n, "shouhu.version") == 0 ? 2 :
		    strcmp(n, "shouhu.unit") == 0 ? 3 : 0;
	} else if (cp->pdepth && cp->depth == cp->pdepth + 1) {
		cp->invalue = 1;
		buf_clear(&cp->val);
	}
}

static void XMLCALL
cust_end(void *ud, const XML_Char *name)
{
	struct custp	*cp = ud;
	struct xctx	*c = cp->c;
	char		**dst;

	if (c->failed)
		return;
	if (cp->pdepth && cp->depth == cp->pdepth + 1 && cp->invalue) {
		cp->invalue = 0;
		dst = cp->which == 1 ? &c->form : cp->which == 2 ?
		    &c->version : cp->which == 3 ? &c->unit : NULL;
		if (dst != NULL && *dst == NULL)
			*dst = xstrndup(cp->val.ptr, cp->val.len);
	} else if (cp->depth == cp->pdepth)
		cp->pdepth = 0;
	cp->depth--;
}

static void XMLCALL
cust_text(void *ud, const XML_Char *s, int len)
{
	struct custp	*cp = ud;

	if (cp->invalue && cp->which && !cp->c->failed &&
	    cp->val.len + (size_t)len <= PROP_MAX)
		buf_put(&cp->val, s, (size_t)len);
}

int
xlsx_read_custom(struct xctx *c, zip_int64_t idx, const char *part)
{
	struct custp	 cp = { .c = c, .val = BUF_INIT };
	int		 ok;

	ok = xlsx_parse_part(c, idx, part, &cp, cust_start, cust_end,
	    cust_text);
	buf_free(&cp.val);
	return ok;
}
