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

void	ltmpl_open(lua_State *L);
int	ltmpl_load(lua_State *L, struct site *s, struct buf *err);
int	ltmpl_add(lua_State *L, const char *name, const char *path,
	    const char *src, size_t n, struct buf *err);
int	ltmpl_has(lua_State *L, const char *name);
void	ltmpl_newenv(lua_State *L);
int	ltmpl_render(lua_State *L, const char *name, struct buf *out,
	    struct buf *err);

#endif
