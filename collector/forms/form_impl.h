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

int	 form_fail(struct loader *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 form_lookup(const char *const *, const char *);
const char *form_alternatives(struct buf *, const char *const *);
int	 form_is_ident(const char *);
int	 form_is_clean_text(const char *, size_t);
size_t	 form_utf8_chars(const char *);
int	 form_is_list(struct lua_State *, int, size_t *);
int	 form_check_keys(struct loader *, struct lua_State *, int,
	    const char *const *, const char *);
int	 form_get(struct lua_State *, int, const char *);
int	 form_get_string(struct loader *, struct lua_State *, int, const char *,
	    int, char **, const char *);
int	 form_get_bool(struct loader *, struct lua_State *, int, const char *,
	    int *, const char *);
int	 form_get_number(struct loader *, struct lua_State *, int, const char *,
	    double *, int *, const char *);
int	 form_get_enum(struct loader *, struct lua_State *, int, const char *,
	    const char *const *, int *, const char *);
int	 form_get_choices(struct loader *, struct lua_State *, int,
	    struct field *, const char *);
int	 form_is_integral(double);

#endif
