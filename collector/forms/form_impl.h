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

int	 form_fail(struct loader *ld, const char *fmt,
	    ...) __attribute__((format(printf, 2, 3)));
int	 form_lookup(const char *const *names, const char *s);
const char *form_alternatives(struct buf *b, const char *const *names);
int	 form_is_ident(const char *s);
int	 form_is_clean_text(const char *s, size_t n);
int	 form_is_list(lua_State *L, int idx, size_t *n);
int	 form_check_keys(struct loader *ld, lua_State *L, int idx,
	    const char *const *allowed, const char *what);
int	 form_get(lua_State *L, int idx, const char *key);
int	 form_get_string(struct loader *ld, lua_State *L, int idx,
	    const char *key, int required, char **out, const char *what);
int	 form_get_bool(struct loader *ld, lua_State *L, int idx,
	    const char *key, int *out, const char *what);
int	 form_get_number(struct loader *ld, lua_State *L, int idx,
	    const char *key, double *out, int *present, const char *what);
int	 form_get_enum(struct loader *ld, lua_State *L, int idx,
	    const char *key, const char *const *names, int *out,
	    const char *what);
int	 form_get_choices(struct loader *ld, lua_State *L, int idx,
	    struct field *fd, const char *what);
int	 form_is_integral(double d);

#endif
