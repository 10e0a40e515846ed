/*
 * lledger: the `ledger` Lua namespace (see lledger.c).
 */
#ifndef SHOUHU_LLEDGER_H
#define SHOUHU_LLEDGER_H

struct lua_State;
typedef struct sqlite3 sqlite3;

void	lledger_open(lua_State *L, sqlite3 *db, int available);

#endif
