/*
 * form_impl: what form.c (the meaning of a form definition) and
 * form_read.c (reading Lua tables strictly, with messages) share.  Not for
 * other modules.
 */
#ifndef SHOUHU_FORM_IMPL_H
#define SHOUHU_FORM_IMPL_H

#include <stddef.h>

struct buf;
struct field;
struct form;
struct lua_State;

/*
 * A form file is data: it gets no standard library, a million
 * instructions and 32 MB, far more than a table literal needs.
 */
#define FORM_MAX_STEPS		1000000
#define FORM_MAX_MEMORY		((size_t)32 << 20)
#define FORM_MAX_NAME		63
#define FORM_MAX_LABEL		64
#define FORM_MAX_CHOICES	200

struct loader {
	struct form	*f;
	struct buf	*err;
	const char	*file;		/* "collector/forms/NAME" */
	const char	*name;		/* NAME */
	int		 ok;
};

/*
 * Records the first problem of a load in ld->err as "FILE: message" and
 * clears ld->ok; later problems are dropped (the first is where the
 * reading stopped).  Returns 0.
 */
int	 form_fail(struct loader *ld, const char *fmt,
	    ...) __attribute__((format(printf, 2, 3)));
/* The index of s among the NULL-terminated names (an empty name never
 * matches), or -1. */
int	 form_lookup(const char *const *names, const char *s);
/* The non-empty names, "a、b 或 c", written to b (cleared); returns b->ptr. */
const char *form_alternatives(struct buf *b, const char *const *names);
/* Whether s is a lower-case ASCII identifier of at most FORM_MAX_NAME
 * bytes: a letter, then a-z, 0-9 and _. */
int	 form_is_ident(const char *s);
/* Whether s[0..n) is valid UTF-8 with no control characters. */
int	 form_is_clean_text(const char *s, size_t n);
/* Whether the table at idx is a list, its keys exactly 1..*n; sets *n to
 * its length.  The stack is left as it was. */
int	 form_is_list(lua_State *L, int idx, size_t *n);
/*
 * Whether the table at idx has only string keys from allowed (NULL-
 * terminated); if not, returns 0 after form_fail, what naming the table
 * ("表单", "第 2 个字段（name）").  The stack is left as it was.
 */
int	 form_check_keys(struct loader *ld, lua_State *L, int idx,
	    const char *const *allowed, const char *what);
/* Pushes t[key] of the table at idx (raw: no metamethods); returns its
 * Lua type.  The caller pops it. */
int	 form_get(lua_State *L, int idx, const char *key);
/*
 * The form_get_* functions read t[key] of the table at idx, leave the
 * stack as it was, and return 1, or 0 after form_fail (what names the
 * table in the message).
 *
 * form_get_string: a non-empty line of UTF-8 without control characters,
 * into *out as a copy the caller frees; *out is NULL when the key is
 * absent, which is a problem only if required.
 */
int	 form_get_string(struct loader *ld, lua_State *L, int idx,
	    const char *key, int required, char **out, const char *what);
/* form_get_bool: true or false into *out (absent: 0). */
int	 form_get_bool(struct loader *ld, lua_State *L, int idx,
	    const char *key, int *out, const char *what);
/* form_get_number: a finite number into *out, *present set when there is
 * one (absent: *present 0, *out untouched). */
int	 form_get_number(struct loader *ld, lua_State *L, int idx,
	    const char *key, double *out, int *present, const char *what);
/* form_get_enum: a string among the NULL-terminated names, its index into
 * *out (absent: 0). */
int	 form_get_enum(struct loader *ld, lua_State *L, int idx,
	    const char *key, const char *const *names, int *out,
	    const char *what);
/* form_get_choices: t.choices into fd->choices (fd->type already set; a
 * choice field must have them, a list field may, no other may): 1 to
 * FORM_MAX_CHOICES distinct lines of text without surrounding spaces. */
int	 form_get_choices(struct loader *ld, lua_State *L, int idx,
	    struct field *fd, const char *what);
/* Whether d is a whole number of fewer than 16 digits. */
int	 form_is_integral(double d);

#endif
