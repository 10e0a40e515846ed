/*
 * The identifying values of the ledger (see ident.h).
 */
#include <assert.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "forms/form.h"
#include "office/cases.h"
#include "office/ident.h"
#include "office/ledger.h"
#include "office/privacy.h"
#include "office/pscan.h"
#include "lib/utext.h"

/* What units write when there is nobody to name: identifies no one. */
static const char *const placeholders[] = {
	"无", "没有", "暂无", "匿名", "不详", "未知", "待定", "待分配",
	"未分配", "个人", "本人", "群众", "某某", "见附件", "同上", "略",
	"空", "保密", "不愿透露", "其他", "无名", "不公开", NULL
};

/* Whether s[0..n) (trimmed) could identify someone. */
static int
identifies(enum field_mask m, const char *s, size_t n)
{
	size_t	 i, digits = 0;

	if (utf8_chars(s, n) < 2)
		return 0;
	for (i = 0; placeholders[i] != NULL; i++)
		if (strlen(placeholders[i]) == n &&
		    memcmp(placeholders[i], s, n) == 0)
			return 0;
	if (m == FM_PHONE) {
		for (i = 0; i < n; i++)
			digits += s[i] >= '0' && s[i] <= '9';
		return digits >= 7;
	}
	return 1;
}

/* Adds each trimmed line of s that identifies someone to p with tag. */
static void
add_lines(struct pscan *p, enum field_mask m, const char *s, int tag)
{
	const char	*e, *t;
	size_t		 n;

	for (; *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		t = utext_trim(s, &n);
		if (identifies(m, t, n))
			pscan_add(p, t, n, tag);
	}
}

/*
 * The condition (SQL, to free with sqlite3_free) on the rows of f (the
 * table or view from, whose rows have _bundle) in which the value of
 * field fd is not published as it is, or NULL if there are none.  A case
 * disclosure is published only as the office approved it (cases.h), or
 * with asked once its unit asks.
 */
static char *
hidden_rows(const struct form *f, const struct field *fd, const char *from,
    int asked)
{
	struct buf	 ok = BUF_INIT;
	char		*m = NULL, *p = NULL, *c;

	if (!fd->public || (fd->mask != FM_NONE && fd->mask_if < 0))
		return sqlite3_mprintf("1");
	if (fd->mask != FM_NONE)
		m = sqlite3_mprintf("\"%w\" = %Q", f->fields[fd->mask_if].name,
		    fd->mask_if_value);
	if (f->publish_if >= 0 && !asked && strcmp(f->id, CASES_FORM) == 0) {
		cases_published_sql(from, &ok);
		p = sqlite3_mprintf("\"%w\" IS NOT %Q OR NOT %s",
		    f->fields[f->publish_if].name, f->publish_if_value, ok.ptr);
		buf_free(&ok);
	} else if (f->publish_if >= 0)
		p = sqlite3_mprintf("\"%w\" IS NOT %Q",
		    f->fields[f->publish_if].name, f->publish_if_value);
	if (m != NULL && p != NULL)
		c = sqlite3_mprintf("(%s) OR (%s)", m, p);
	else
		c = sqlite3_mprintf("%s", m ? m : p ? p : "");
	sqlite3_free(m);
	sqlite3_free(p);
	if (c != NULL && *c == '\0') {
		sqlite3_free(c);
		c = NULL;
	}
	return c;
}

/* Whether the value with tag is a business's name (or a person's: the
 * kind of party fields), which a published name can make public. */
static int
is_business(int tag)
{
	const struct form *f;

	return ident_field(tag, &f)->mask == FM_PARTY;
}

/*
 * Runs sql on l and, for the text of each row's first column, adds its
 * lines to p with mask m and tag, or with disable set disables it in p.
 * Returns 1, or 0 with a message in err.
 */
static int
each_text(struct ledger *l, const char *sql, struct pscan *p,
    enum field_mask m, int tag, int disable, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	const char	*s;
	size_t		 n;
	int		 rc;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法读取账本：%s", l->path,
		    ledger_errtext(l->db));
		return 0;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((s = (const char *)sqlite3_column_text(st, 0)) == NULL)
			continue;
		if (disable) {
			n = strlen(s);
			s = utext_trim(s, &n);
			pscan_disable_within(p, s, n, is_business);
		} else
			add_lines(p, m, s, tag);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		buf_printf(err, "%s: 无法读取账本：%s", l->path,
		    ledger_errtext(l->db));
		return 0;
	}
	return 1;
}

int
ident_collect(struct ledger *l, struct pscan *p, int asked, struct buf *err)
{
	struct buf	 sql = BUF_INIT, from = BUF_INIT;
	const struct form *f;
	const struct field *fd;
	size_t		 i, j;
	char		*cond;
	int		 ok = 0;

	assert(form_count() * IDENT_TAG_FORM < (size_t)1 << 30);
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		assert(f->nfields < IDENT_TAG_FORM);
		for (j = 0; j < f->nfields; j++) {
			fd = &f->fields[j];
			buf_clear(&from);
			buf_printf(&from, "%s_all", f->id);
			if (fd->mask == FM_NONE ||
			    (cond = hidden_rows(f, fd, from.ptr, asked)) == NULL)
				continue;
			buf_clear(&sql);
			buf_printf(&sql, "SELECT DISTINCT \"%s\" FROM \"%s_all\" "
			    "WHERE \"%s\" IS NOT NULL AND (%s)", fd->name, f->id,
			    fd->name, cond);
			sqlite3_free(cond);
			if (!each_text(l, sql.ptr, p, fd->mask,
			    (int)(i * IDENT_TAG_FORM + j), 0, err))
				goto out;
		}
	}
	/* what the site publishes as it is identifies nobody new: the
	 * parties of published disclosures, the units' names */
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		for (j = 0; j < f->nfields; j++) {
			fd = &f->fields[j];
			if (!fd->public || fd->mask == FM_NONE ||
			    fd->mask_if < 0)
				continue;
			cond = hidden_rows(f, fd, f->id, asked);
			buf_clear(&sql);
			buf_printf(&sql, "SELECT DISTINCT \"%s\" FROM \"%s\" "
			    "WHERE NOT (%s)", fd->name, f->id, cond ? cond : "0");
			sqlite3_free(cond);
			if (!each_text(l, sql.ptr, p, fd->mask, 0, 1, err))
				goto out;
		}
	}
	if (!each_text(l, "SELECT name FROM units", p, FM_NONE, 0, 1, err))
		goto out;
	ok = 1;
out:
	buf_free(&sql);
	buf_free(&from);
	return ok;
}

const struct field *
ident_field(int tag, const struct form **f)
{
	assert(tag >= 0 && (size_t)tag / IDENT_TAG_FORM < form_count());
	*f = form_at((size_t)tag / IDENT_TAG_FORM);
	assert((size_t)tag % IDENT_TAG_FORM < (*f)->nfields);
	return &(*f)->fields[tag % IDENT_TAG_FORM];
}

size_t
ident_mask(struct buf *out, const struct pscan *p, const char *s, size_t n,
    struct buf *what)
{
	const struct form *f;
	const struct field *fd;
	const char	*v;
	size_t		 at = 0, off, id, len, k = 0, mark;

	while (pscan_find(p, s, n, at, &off, &id)) {
		v = pscan_string(p, id, &len);
		fd = ident_field(pscan_tag(p, id), &f);
		buf_put(out, s + at, off - at);
		mark = out->len;
		privacy_mask(out, fd->mask, v, len);
		if (what != NULL) {
			if (what->len > 0)
				buf_puts(what, "、");
			buf_printf(what, "%s（%.*s）", fd->label,
			    (int)(out->len - mark), out->ptr + mark);
		}
		at = off + len;
		k++;
	}
	buf_put(out, s + at, n - at);
	return k;
}
