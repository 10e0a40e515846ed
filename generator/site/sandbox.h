/*
 * sandbox: what site scripts and templates may do.  Their Lua state gets
 * the base functions, string (without dump), table, math, utf8, coroutine
 * and os.time/date/clock; io, debug and the rest of os and package are
 * stubs whose every use fails with a message saying why.  load takes
 * Lua source text only, require loads Lua files of the site's scripts/
 * folder only.  And a wall-clock limit for the Lua the main process runs
 * (site.lua, its build function, templates as they load): past it the
 * process writes a message and exits, stopping even code stuck inside
 * one C function.  Pages render in workers, limited by pool.c.
 */
#ifndef SHOUHU_SANDBOX_H
#define SHOUHU_SANDBOX_H

struct lua_State;

/* Seconds site.lua itself may run (its `timeout` is not known yet). */
#define SANDBOX_CONFIG_SECONDS	60

void	sandbox_open(struct lua_State *L, const char *root);
void	sandbox_setglobal(struct lua_State *L, const char *name);
int	sandbox_getglobal(struct lua_State *L, const char *name);
int	sandbox_rawfield(struct lua_State *L, int idx, const char *key);
void	sandbox_alarm_tail(const char *text);
void	sandbox_alarm(int seconds, const char *msg);
void	sandbox_alarm_off(void);

#endif
