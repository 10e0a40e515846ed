/*
 * ltmpl: the template runtime.  Loads every template of the site's
 * layouts/ and the theme's layouts/ (the site's win), compiled by tmpl.c
 * into Lua functions, and renders them.  Also provides the template global
 * partial(name, vars).
 */
#ifndef SHOUHU_LTMPL_H
#define SHOUHU_LTMPL_H

#include <stddef.h>

struct buf;
struct lua_State;
struct site;

void	ltmpl_open(struct lua_State *);
int	ltmpl_load(struct lua_State *, struct site *, struct buf *);
int	ltmpl_add(struct lua_State *, const char *, const char *,
	    const char *, size_t, struct buf *);
int	ltmpl_has(struct lua_State *, const char *);
void	ltmpl_newenv(struct lua_State *);
int	ltmpl_render(struct lua_State *, const char *, struct buf *,
	    struct buf *);

#endif
