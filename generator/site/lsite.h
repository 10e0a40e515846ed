/*
 * lsite: pages as Lua objects (read-only userdata over struct page) and
 * the page lists of the global `site` table: site.pages, site.sections,
 * site.home, site.taxonomies, and site.page{} for data pages.
 */
#ifndef SHOUHU_LSITE_H
#define SHOUHU_LSITE_H

#include <stddef.h>

struct lua_State;
struct page;
struct site;

void	lsite_open(lua_State *L);
void	lsite_publish(lua_State *L, struct site *s);
void	lsite_push_page(lua_State *L, struct page *p);
void	lsite_push_list(lua_State *L, struct page **v, size_t n);
void	lsite_forget_content(lua_State *L, struct page *p);
int	lsite_content(lua_State *L, struct page *p);
void	lsite_pages_open(lua_State *L, int open);

#endif
