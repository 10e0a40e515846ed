/*
 * lpage: site.page{} and site.file{}, the pages (rendered by a template
 * with page.data) and files (open data) that site.lua's build function
 * adds to the site.
 */
#ifndef SHOUHU_LPAGE_H
#define SHOUHU_LPAGE_H

struct lua_State;

/* Sets page and file, the functions, in the table on top of L's stack. */
void	lpage_funcs(struct lua_State *L);

/*
 * Allows (open) or ends (!open) adding pages with site.page: the build
 * function of site.lua may, templates may not.
 */
void	lpage_open(struct lua_State *L, int open);

#endif
