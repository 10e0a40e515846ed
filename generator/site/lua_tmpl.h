/*
 * lua_tmpl: the template runtime.  Loads every template of the site's
 * layouts/ and the theme's layouts/ (the site's win), compiled by tmpl.c
 * into Lua functions, and renders them.  Also provides the template global
 * partial(name, vars).
 */
#ifndef SHOUHU_LUA_TMPL_H
#define SHOUHU_LUA_TMPL_H

#include <stddef.h>

struct buf;
struct lua_State;
struct site;

void	lua_tmpl_open(struct lua_State *);
int	lua_tmpl_load(struct lua_State *, struct site *, struct buf *);
int	lua_tmpl_add(struct lua_State *, const char *, const char *,
	    const char *, size_t, struct buf *);
int	lua_tmpl_has(struct lua_State *, const char *);
void	lua_tmpl_newenv(struct lua_State *);
int	lua_tmpl_render(struct lua_State *, const char *, struct buf *,
	    struct buf *);

#endif
