/*
 * lua_ledger: the `ledger` Lua namespace (see lua_ledger.c).
 */
#ifndef SHOUHU_LUA_LEDGER_H
#define SHOUHU_LUA_LEDGER_H

struct lua_State;
typedef struct sqlite3 sqlite3;

void	lua_ledger_open(struct lua_State *, sqlite3 *, int);

#endif
