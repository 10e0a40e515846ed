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
void		 lshouhu_open(struct lua_State *, struct site *);
void		 lshouhu_set_config(struct lua_State *, struct site *);
struct site	*lshouhu_site(struct lua_State *);
int		 lshouhu_build_hook(struct lua_State *, struct buf *);
const char	*lshouhu_errmsg(struct lua_State *, int);

#endif
