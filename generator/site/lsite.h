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

void	lsite_open(struct lua_State *);
void	lsite_publish(struct lua_State *, struct site *);
void	lsite_push_page(struct lua_State *, struct page *);
void	lsite_push_list(struct lua_State *, struct page **, size_t);
void	lsite_forget_content(struct lua_State *, struct page *);
int	lsite_content(struct lua_State *, struct page *);
void	lsite_pages_open(struct lua_State *, int);

#endif
