/*
 * cases: the office's approval of the case disclosures (典型案例) that
 * units send in the form case_disclosure.
 *
 * A unit's 公开审核 = 已批准 only asks for publication; the site publishes
 * a current row only when the office approved exactly what it says.  The
 * ledger keeps (migration 1 -> 2):
 *	cases		one id per case: unit, period and decision number
 *			(决定书文号), numbered the first time a command of
 *			this module saw it among the current rows
 *	case_decisions	every decision of the office: the case, the time
 *			(util_now), approved or withdrawn, the reason (for a
 *			withdrawal) and the case's public fields as decided
 *			on (a JSON array, the content)
 * A case is published when its latest decision approves and its content
 * is the content of the current row: a newer bundle that changes any
 * public field of an approved case makes it pending again.  A withdrawn
 * case can be approved again (a new decision: the history stays).
 */
#ifndef SHOUHU_CASES_H
#define SHOUHU_CASES_H

#include <stddef.h>

struct buf;
struct ledger;

#define CASES_FORM	"case_disclosure"	/* the form of the disclosures */

/* What a command of this module ended with. */
enum cases_result {
	CASES_OK,		/* done; what was done is in out */
	CASES_FAIL		/* nothing changed; the reason is in err */
};

/*
 * Appends to sql the condition (SQL) that the row alias of the ledger's
 * view CASES_FORM or of its table CASES_FORM_all (the name or an alias)
 * is current and approved by the office as it is now.
 */
void	 cases_published_sql(const char *alias, struct buf *sql);

/*
 * shouhu cases list: one line per current case of the ledger file path
 * (numbering the new ones) into out: id, decision number, unit, state,
 * title and the public text masked as the site would publish it; only
 * the ones waiting for the office with pending.  Returns CASES_OK or
 * CASES_FAIL with a message in err.
 */
enum cases_result cases_list(const char *path, int pending, struct buf *out,
	    struct buf *err);

/*
 * shouhu cases approve (reason NULL) or withdraw (reason the text): the
 * cases with the ids ids[0..n) of the ledger file path, each decision
 * recorded with the time and reason, all or none.  Returns CASES_OK with
 * a line per case in out, or CASES_FAIL with a line per refused case in
 * err (nothing recorded).
 */
enum cases_result cases_decide(const char *path, char *const *ids, size_t n,
	    const char *reason, struct buf *out, struct buf *err);

#endif
