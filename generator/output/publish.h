/*
 * publish: putting a built site in place in one atomic step, at a cost
 * that grows with what changed, not with the size of the site.
 *
 * Beside the output folder OUT live
 *
 *	OUT.shouhu-prev/	the site as it was one publish ago; the files
 *				it shares with OUT are hard links (one inode)
 *	OUT.shouhu-state	what OUT holds: every file, which of them
 *				changed and which went at the last publish, and
 *				the identities (device, inode) of both folders
 *
 * A publish brings OUT.shouhu-prev up to what OUT holds (the last
 * publish's changes, linked from OUT), then to the new site (the files the
 * build wrote, moved in; the files that go, removed), syncs the file
 * system, and swaps the names of the two folders in one
 * renameat2(RENAME_EXCHANGE): OUT is the new site and OUT.shouhu-prev the
 * old one.  Then the new state is written.  A reader of OUT, and OUT after
 * a crash or power cut at any moment, sees the whole old site or the
 * whole new one; an unchanged file keeps its bytes and modification time.
 * A state that does not match the folders (a crash between the swap and
 * the state, an OUT changed by hand, the first publish over an old
 * output) makes the new site instead from the build's folder with every
 * unchanged file linked from OUT: the cost of a whole site, once.
 */
#ifndef SHOUHU_PUBLISH_H
#define SHOUHU_PUBLISH_H

#include <stddef.h>

struct buf;
struct out;

/*
 * Publishes what the build o wrote into its temporary folder as the
 * output; keep[0..n) is every file of the new site, relative to the
 * output folder (sorted here).  Frees o.  Returns 1, or 0 with a message
 * in err; then the output is the old site, whole.
 */
int	publish_commit(struct out *o, char **keep, size_t n, struct buf *err);

#endif
