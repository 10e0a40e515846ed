/*
 * plat: what differs between the systems the collector runs on (Linux and
 * the Debian-based 信创 desktops; Windows, cross-built with mingw-w64): the
 * program's own path, handing a document to the desktop, and the console
 * a dropped file opens.  Everything else goes through the C library.
 */
#ifndef SHOUHU_PLAT_H
#define SHOUHU_PLAT_H

struct buf;

/*
 * Puts the absolute path of the running program into b (UTF-8; on Linux
 * /proc/self/exe resolved; on Windows with / for \, C:/kit/x.exe).
 * Returns 1, or 0 with b empty.
 */
int	plat_exe_path(struct buf *b);

/*
 * Hands the file path (UTF-8) to the desktop's default program for it
 * (xdg-open on Linux, ShellExecute on Windows) without waiting for it.
 * Does nothing and returns 0 when the environment has SHOUHU_NO_OPEN set
 * (the tests) or nothing can open it; returns 1 when it was handed over.
 */
int	plat_open_document(const char *path);

/*
 * Whether standard input is an interactive console or terminal (a window
 * opened for a dropped file), where the program should wait for a key
 * before it ends so that its last lines can be read.
 */
int	plat_interactive(void);

/*
 * Whether the file system holding path keeps Unix file modes, so that a
 * mode says who may read a file.  Not on Windows (a folder's ACL does),
 * nor on the FAT, exFAT and NTFS of USB sticks on Linux, where every file
 * has the mode the mount gave and chmod changes nothing (nor when the
 * environment has SHOUHU_TEST_NO_MODES, for the tests).
 */
int	plat_keeps_modes(const char *path);

/*
 * Waits until the user presses Enter on the console (plat_interactive
 * true), after printing prompt.
 */
void	plat_wait_enter(const char *prompt);

#endif
