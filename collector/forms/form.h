/*
 * form: the campaign's form definitions.  Each form is a Lua data file in
 * collector/forms/ (compiled into the binaries, see forms_embed) returning
 *
 *	{ id = "hazard_ledger", title = "风险隐患排查化解台账", version = 1,
 *	  period = "week", help = "…",
 *	  fields = { { name = "department", label = "主管部门", type = "text",
 *	               required = true, max = 50, public = true, help = "…" }, … },
 *	  rules = { { "le", "handled", "collected" }, … } }
 *
 * Field keys: name (ASCII identifier: CSV and SQLite column), label
 * (Chinese column header), type (text, int, decimal, date, choice, list),
 * required, choices (choice, list), max (text and list: characters; int and
 * decimal: largest value), min (int, decimal; default 0), check (phone,
 * idcard, uscc), public (default false), mask (name, party, phone,
 * idcard, bankcard, code, address), mask_if ({ field, value }: mask only in
 * rows where that choice field has that value), help, width (column width
 * in the template).
 * A mask says that the field identifies someone, and how: a public field
 * with a mask is published masked (in the rows mask_if names); the values
 * of every field with a mask, public or private, are what the site may
 * never publish, and are masked the same way wherever a unit typed them
 * into a public field (see generator/ledger_public.c).
 * publish_if = { field, value } at the form level publishes only the rows
 * whose choice field has that value (a disclosure once approved).
 * Rules across fields of one row:
 *	{ "le", a, b }			a <= b (numbers)
 *	{ "sum", total, p1, p2, ... }	total = p1 + p2 + ...
 *	{ "required_if", f, g, value }	f is required when g is value
 *	{ "after", a, b }		date a is not before date b
 */
#ifndef SHOUHU_FORM_H
#define SHOUHU_FORM_H

#include <stddef.h>

struct buf;

enum field_type { FT_TEXT, FT_INT, FT_DECIMAL, FT_DATE, FT_CHOICE, FT_LIST };
enum field_check { FC_NONE, FC_PHONE, FC_IDCARD, FC_USCC };
/* How a value that identifies someone is masked (privacy_mask):
 * FM_NAME a person (张某某), FM_PARTY a person or a business (张某某,
 * 某某有限公司), FM_PHONE 138****5678, FM_IDCARD, FM_BANKCARD and FM_CODE
 * (a credit code) removed, FM_ADDRESS cut after the town. */
enum field_mask { FM_NONE, FM_NAME, FM_PHONE, FM_IDCARD, FM_BANKCARD,
	FM_ADDRESS, FM_PARTY, FM_CODE };
enum rule_kind { RULE_LE, RULE_SUM, RULE_REQUIRED_IF, RULE_AFTER };

struct field {
	char		 *name;
	char		 *label;
	char		 *help;		/* or NULL */
	enum field_type	  type;
	int		  required;
	char		**choices;
	size_t		  nchoices;
	double		  max;		/* 0: no limit */
	double		  min;
	enum field_check  check;
	int		  public;
	enum field_mask	  mask;
	int		  mask_if;	/* mask only when field mask_if (index)
					   is mask_if_value; -1: always */
	char		 *mask_if_field;
	char		 *mask_if_value;
	int		  width;	/* template column width, 0: default */
	int		  towns;	/* holds a town: the template's drop-down
					   offers the county's list (townlist.h) */
};

struct rule {
	enum rule_kind	  kind;
	size_t		 *fields;	/* indexes into form.fields */
	size_t		  nfields;
	char		 *value;	/* RULE_REQUIRED_IF */
};

struct form {
	char		 *id;
	char		 *title;
	int		  version;
	char		 *period;	/* "week" or "month" */
	char		 *help;		/* or NULL */
	struct field	 *fields;
	size_t		  nfields;
	struct rule	 *rules;
	size_t		  nrules;
	int		  publish_if;	/* only rows where this field (index) */
	char		 *publish_if_value; /* has this value are published;
					   -1: every row */
};

/*
 * Loads the form definition src (n bytes of Lua, the file
 * collector/forms/name) into *f, checked strictly.  Returns 1 (the caller
 * frees *f with form_free), or 0 with one message naming the file and the
 * problem appended to err and *f empty.
 */
int		 form_load(const char *src, size_t n, const char *name,
	    struct form *f, struct buf *err);
/* Frees what *f holds (it may be partly filled) and leaves it empty. */
void		 form_free(struct form *f);
/* The index of the field called name in f, or -1. */
int		 form_field(const struct form *f, const char *name);
/* The index of value among the choices of fd (exactly), or -1. */
int		 form_choice(const struct field *fd, const char *value);
/* The name of type t as forms write it: "text", "int", … (static). */
const char	*form_type_name(enum field_type t);
/* The name of mask m as forms write it ("name", …), or NULL for FM_NONE. */
const char	*form_mask_name(enum field_mask m);
/*
 * The built-in forms, loaded on the first call of any of these three and
 * alive until the program exits (the caller frees none of them); a broken
 * built-in form is a bug (fatal).  form_find: the form called id, or NULL;
 * form_at: the i-th in order of id, or NULL when i >= form_count();
 * form_count: how many.
 */
const struct form *form_find(const char *id);
const struct form *form_at(size_t i);
size_t		 form_count(void);

/* The form sources compiled in (build/gen/forms_embed.c). */
struct form_source {
	const char	*name;		/* file name: "hazard_ledger.lua" */
	const char	*src;
	size_t		 len;
};
extern const struct form_source form_sources[];
extern const size_t form_nsources;

#endif
