/*
 * lsite: pages as Lua objects (read-only userdata over struct page) and
 * the page lists of the global `site` table: site.pages, site.sections,
 * site.home, site.taxonomies, and site.page{} for data pages.
 */
#ifndef SHOUHU_LSITE_H
#define SHOUHU_LSITE_H

#include <stddef.h>
#include <stdint.h>

struct lua_State;

/* The registry table of page.data, by page id + 1 (site.page{ data = }). */
#define LSITE_DATA_KEY	"shouhu.pagedata"

/* The metatable name of page objects (userdata holding a struct page *). */
#define LSITE_PAGE_MT	"shouhu.page"
struct page;
struct site;

/* Registers the page object metatable and the page cache in L. */
void	lsite_open(lua_State *L);

/*
 * Adds the page model of s to the global `site` table: pages (every
 * regular page in site order), sections (top-level), all_sections, home,
 * notfound and taxonomies (key -> taxonomy page, whose .pages are its
 * terms, most used first).
 */
void	lsite_publish(lua_State *L, struct site *s);

/* The page of the page object at index i (a Lua error if it is none). */
struct page *lsite_checkpage(lua_State *L, int i);

/*
 * Pushes the Lua object of page p: one object per page and Lua state, so
 * pages compare equal with ==.
 */
void	lsite_push_page(lua_State *L, struct page *p);

/* Pushes a new array of the page objects of v[0..n). */
void	lsite_push_list(lua_State *L, struct page **v, size_t n);

/* Drops the cached HTML of p, so a worker does not keep every page. */
void	lsite_forget_content(lua_State *L, struct page *p);

/*
 * Pushes the HTML of page p's Markdown body (content_html renders it).
 * Returns 1, or 0 with the error message pushed instead.
 */
int	lsite_content(lua_State *L, struct page *p);


/*
 * The fingerprint of data page p's page.data (site.page{ data = }), the
 * same from one build to the next for the same data; for data that
 * cannot be fingerprinted (functions), a value no other build has.
 */
uint64_t lsite_data_hash(lua_State *L, const struct page *p);

#endif
