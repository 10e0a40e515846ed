/*
 * lua_shouhu: the `shouhu` Lua namespace of helpers (escape, url, absurl,
 * date, markdown, slug, urlencode, summary), also set as globals for
 * templates, and the global `site` table with the configuration.
 */
#ifndef SHOUHU_LUA_SHOUHU_H
#define SHOUHU_LUA_SHOUHU_H

struct buf;
struct lua_State;
struct site;

struct lua_State *lua_shouhu_newstate(void);
void		 lua_shouhu_open(struct lua_State *, struct site *);
void		 lua_shouhu_set_config(struct lua_State *, struct site *);
struct site	*lua_shouhu_site(struct lua_State *);
int		 lua_shouhu_build_hook(struct lua_State *, struct buf *);
const char	*lua_shouhu_errmsg(struct lua_State *, int);

#endif
