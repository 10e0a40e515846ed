/*
 * crash: crash points, so that tests can stop the program at an exact
 * moment instead of guessing one with a timer.
 *
 * With SHOUHU_TEST_CRASH=NAME:N in the environment, the N-th time the
 * program passes crash_point(NAME) it kills itself with SIGKILL, as kill -9
 * or a crash would at that moment: no cleanup, no exit handlers, no
 * flushing.  Without it (always, in real use) a crash point costs one
 * comparison.  The points are listed in shouhu(1), ENVIRONMENT.
 */
#ifndef SHOUHU_CRASH_H
#define SHOUHU_CRASH_H

/*
 * Counts one passage of the point called name (a string constant) and
 * kills the process if SHOUHU_TEST_CRASH asks for this passage.
 */
void	crash_point(const char *name);

#endif
