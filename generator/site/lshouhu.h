/*
 * lshouhu: the `shouhu` Lua namespace of helpers (escape, url, absurl,
 * date, markdown, slug, urlencode, summary), also set as globals for
 * templates, and the global `site` table with the configuration.
 */
#ifndef SHOUHU_LSHOUHU_H
#define SHOUHU_LSHOUHU_H

struct buf;
struct lua_State;
struct site;

struct lua_State *lshouhu_newstate(void);
void		 lshouhu_open(lua_State *L, struct site *s);
void		 lshouhu_set_config(lua_State *L, struct site *s);
struct site	*lshouhu_site(lua_State *L);
int		 lshouhu_build_hook(lua_State *L, struct buf *err);
const char	*lshouhu_errmsg(lua_State *L, int i);

#endif
