/*
 * sandbox: what site scripts and templates may do.  Their Lua state gets
 * the base functions, string (without dump), table, math, utf8, coroutine
 * and os.time/date/clock; io, debug and the rest of os and package are
 * stubs whose every use fails with a message saying why.  load takes
 * Lua source text only, require loads Lua files of the site's scripts/
 * folder only.
 */
#ifndef SHOUHU_SANDBOX_H
#define SHOUHU_SANDBOX_H

struct lua_State;

void	sandbox_open(struct lua_State *L, const char *root);
void	sandbox_setglobal(struct lua_State *L, const char *name);
int	sandbox_getglobal(struct lua_State *L, const char *name);
int	sandbox_rawfield(struct lua_State *L, int idx, const char *key);

#endif
