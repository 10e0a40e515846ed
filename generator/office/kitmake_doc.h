/*
 * kitmake_doc: the two files of a unit's kit that people open (kitmake.h): the
 * Linux desktop launcher 打包报送.desktop and the 使用说明.html page.
 */
#ifndef SHOUHU_KITMAKE_DOC_H
#define SHOUHU_KITMAKE_DOC_H

struct buf;
struct kitconf;

/* The name of the launcher and of the Windows program, without suffix. */
#define KITMAKE_PROGRAM	"打包报送"
#define KITMAKE_GUIDE	"使用说明.html"
/* The aarch64 Linux program in 程序文件/, beside shouhu-collect (x86-64). */
#define KITMAKE_ARM64	"shouhu-collect-arm64"

/*
 * Appends to b the desktop entry 打包报送.desktop: double-clicked, or with
 * files dropped on it, it runs 程序文件/shouhu-collect beside the entry
 * (%k) with the files (%F) in a terminal window, or on an aarch64
 * machine (uname -m) 程序文件/shouhu-collect-arm64; on any other machine,
 * or when the kit has no program for it, it says so in one sentence.
 */
void	kitmake_doc_desktop(struct buf *b);

/*
 * Appends to b the page 使用说明.html of the kit of k: one self-contained
 * page (inline style and SVG pictures, nothing fetched) with the unit,
 * its office and deadline, the three steps with a picture each, what to
 * do with a problems page, and, for whoever looks after the computers,
 * glibc, the oldest C library the Linux program runs on ("" if unknown),
 * and whether it is static (is_static 1: no libraries beside it), and
 * whether the kit has the aarch64 program (arm64 1).
 */
void	kitmake_doc_guide(struct buf *b, const struct kitconf *k,
	    const char *glibc, int is_static, int arm64);

#endif
