/*
 * lledger: the `ledger` Lua namespace (see lledger.c).
 */
#ifndef SHOUHU_LLEDGER_H
#define SHOUHU_LLEDGER_H

struct lua_State;
typedef struct sqlite3 sqlite3;

void	lledger_open(struct lua_State *, sqlite3 *, int);

#endif
