/*
 * Crash points (see crash.h).
 */
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/crash.h"

static int	 parsed;
static char	 want[64];		/* the point asked for, or "" */
static unsigned long at;		/* on this passage (from 1) */
static unsigned long passed;		/* passages of want so far */

/* Reads SHOUHU_TEST_CRASH once; a malformed value is a fatal error of the
 * test that set it, not something to ignore. */
static void
parse(void)
{
	const char	*e = getenv("SHOUHU_TEST_CRASH");
	const char	*colon;
	char		*end;

	parsed = 1;
	if (e == NULL || *e == '\0')
		return;
	colon = strrchr(e, ':');
	if (colon == NULL || colon == e || (size_t)(colon - e) >= sizeof(want) ||
	    (at = strtoul(colon + 1, &end, 10)) == 0 || *end != '\0') {
		fprintf(stderr, "SHOUHU_TEST_CRASH=%s: 应当写成 名称:次数"
		    "（例如 ingest-rows:3）\n", e);
		_exit(2);
	}
	memcpy(want, e, (size_t)(colon - e));
	want[colon - e] = '\0';
}

void
crash_point(const char *name)
{
	assert(name != NULL);
	if (!parsed)
		parse();
	if (want[0] == '\0' || strcmp(name, want) != 0)
		return;
	if (++passed == at) {
#ifdef _WIN32
		_exit(137);		/* no signals: ends without cleaning up */
#else
		kill(getpid(), SIGKILL);
#endif
		_exit(137);		/* not reached */
	}
}
