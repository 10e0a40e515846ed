/*
 * kitmake_prog: the programs of a unit's kit (shouhu units kit, kitmake.h): the
 * Linux collector, static (make linux-static) or with the shared libraries
 * a desktop may lack, and the Windows program, found beside the running
 * shouhu.
 */
#ifndef SHOUHU_KITMAKE_PROG_H
#define SHOUHU_KITMAKE_PROG_H

#include <stddef.h>

struct buf;

/* What kitmake_prog_linux put into a kit. */
struct kitmake_prog_linux {
	size_t		 nlibs;		/* libraries copied into lib/ */
	int		 is_static;	/* 1: a static program, no lib/ */
	char		 glibc[32];	/* the oldest C library it runs on,
					   "2.36", or "" if it names none */
};

/*
 * Puts into the buffers the path of the collector (shouhu-collect) and
 * of the Windows program: the collector is the static one (make
 * linux-static) when there is one, shouhu-collect-static in the folder
 * of the running shouhu (as make install puts it) or shouhu-collect in
 * ../build/linux-static/ or ../linux-static/ (the source tree's bin/ and
 * build/test/), else shouhu-collect in the folder of the running shouhu;
 * the Windows program is windows if not NULL (it must be there
 * and be a Windows program), else shouhu-collect.exe in that folder, in
 * ../build/windows/ or ../windows/ (the source tree's bin/ and
 * build/test/), or nothing (exe empty).  Returns 1, or 0 with a message
 * in err ("path: what is wrong and what to do").
 */
int	kitmake_prog_find(struct buf *collect, struct buf *exe, const char *windows,
	    struct buf *err);

/*
 * Puts into arm64 the path of the static collector for aarch64 Linux
 * (make linux-static-arm64): shouhu-collect-static-arm64 in the folder of
 * the running shouhu (as make install puts it), or shouhu-collect in
 * ../build/linux-static-arm64/ or ../linux-static-arm64/ (the source
 * tree's bin/ and build/test/), the first that is an AArch64 ELF program.
 * Returns 1 when there is one, else 0 with arm64 empty.
 */
int	kitmake_prog_find_arm64(struct buf *arm64);

/*
 * Copies the collector collect into the folder progdir as shouhu-collect
 * (mode 0755) and, unless it is static, the shared libraries it uses (as
 * ldd lists them, but for the C library and the dynamic loader) into
 * progdir/lib/ (which it makes), where the collector looks first (its
 * rpath $ORIGIN/lib).  Fills *out.  Returns 1, or 0 with a message in err.
 */
int	kitmake_prog_linux(const char *collect, const char *progdir,
	    struct kitmake_prog_linux *out, struct buf *err);

/*
 * Copies the file from to the new file to (it must not exist) with the
 * permissions mode.  Returns 1, or 0 with a message in err.
 */
int	kitmake_prog_copy(const char *from, const char *to, int mode,
	    struct buf *err);

#endif
