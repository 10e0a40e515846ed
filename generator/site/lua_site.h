/*
 * lua_site: pages as Lua objects (read-only userdata over struct page) and
 * the page lists of the global `site` table: site.pages, site.sections,
 * site.home, site.taxonomies, and site.page{} for data pages.
 */
#ifndef SHOUHU_LUA_SITE_H
#define SHOUHU_LUA_SITE_H

#include <stddef.h>

struct lua_State;
struct page;
struct site;

void	lua_site_open(struct lua_State *);
void	lua_site_publish(struct lua_State *, struct site *);
void	lua_site_push_page(struct lua_State *, struct page *);
void	lua_site_push_list(struct lua_State *, struct page **, size_t);
void	lua_site_forget_content(struct lua_State *, struct page *);
int	lua_site_content(struct lua_State *, struct page *);
void	lua_site_pages_open(struct lua_State *, int);

#endif
