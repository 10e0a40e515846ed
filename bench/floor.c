/*
 * floor: the cost of only writing a site, for make bench (issue 17).
 *
 * usage: build/floor [-j N] [-p] SRC DST
 *
 * Reads every file under SRC into memory, then writes the same tree
 * under DST (which must not exist) the way shouhu build writes its
 * output: N processes (2 unless -j), each file created with one open
 * (O_CREAT | O_EXCL) and one write, the folders leading to it made when
 * the open finds them missing, and DST and the folders directly below
 * it marked as top folders (chattr +T) as generator/output/out.c marks
 * them, unless -p (plain folders).  Nothing is computed, checked or
 * read back, so the wall time of the write is the least any program
 * that writes these files on this file system can take, as the disk
 * stands: `make bench` puts it beside Hugo's time in the same run.
 *
 * Prints "files N bytes B write S" (S: wall seconds of the write, from
 * the first folder made to the last process done).  Exits 0, or 1 with
 * a message on standard error.
 */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/fs.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct file {
	char	*rel;		/* path below the root */
	char	*bytes;
	size_t	 len;
};

static struct file	*files;
static size_t		 nfiles, capfiles, srclen, total;
static const char	*dst;
static int		 plain;

/* Reads one file of the source tree (an nftw callback). */
static int
take(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct file	*f;
	int		 fd;
	ssize_t		 r;
	size_t		 got = 0;

	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (nfiles == capfiles) {
		capfiles = capfiles ? 2 * capfiles : 4096;
		if ((files = realloc(files, capfiles * sizeof(*files))) == NULL)
			return -1;
	}
	f = &files[nfiles];
	f->len = (size_t)st->st_size;
	if ((f->bytes = malloc(f->len + 1)) == NULL ||
	    (f->rel = strdup(path + srclen + 1)) == NULL)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (got < f->len && (r = read(fd, f->bytes + got, f->len - got)) > 0)
		got += (size_t)r;
	close(fd);
	if (got != f->len)
		return -1;
	nfiles++;
	total += f->len;
	return 0;
}

/* Marks folder path as a top folder, as out.c does. */
static void
mark(const char *path)
{
	int	 fd, flags;

	if (plain || (fd = open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
		flags |= FS_TOPDIR_FL;
		(void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

/* Makes the folders leading to path (as out_mkparents does).  Returns 1,
 * or 0 with errno set. */
static int
parents(char *path)
{
	char	*slash;
	int	 r;

	if ((slash = strrchr(path, '/')) == NULL)
		return 1;
	*slash = '\0';
	r = mkdir(path, 0755);
	if (r == -1 && errno == ENOENT && parents(path))
		r = mkdir(path, 0755);
	if (r == 0 && strchr(path + strlen(dst) + 1, '/') == NULL)
		mark(path);
	if (r == -1 && errno == EEXIST)
		r = 0;
	*slash = '/';
	return r == 0;
}

/* Writes the files i, i + step, ... Returns 1, or 0 with a message. */
static int
put(size_t i, size_t step)
{
	char	 path[8192];
	int	 fd;

	for (; i < nfiles; i += step) {
		snprintf(path, sizeof(path), "%s/%s", dst, files[i].rel);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd == -1 && errno == ENOENT && parents(path))
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			    0644);
		if (fd == -1 || write(fd, files[i].bytes, files[i].len) !=
		    (ssize_t)files[i].len) {
			fprintf(stderr, "floor: %s: %s\n", path,
			    strerror(errno));
			return 0;
		}
		close(fd);
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	struct timespec	 a, b;
	int		 c, jobs = 2, status, ok = 1;
	long		 j;
	char		*end;

	while ((c = getopt(argc, argv, "j:p")) != -1)
		switch (c) {
		case 'j':
			j = strtol(optarg, &end, 10);
			if (*end != '\0' || j < 1 || j > 64)
				goto usage;
			jobs = (int)j;
			break;
		case 'p':
			plain = 1;
			break;
		default:
			goto usage;
		}
	if (argc - optind != 2)
		goto usage;
	srclen = strlen(argv[optind]);
	dst = argv[optind + 1];
	if (nftw(argv[optind], take, 64, FTW_PHYS) != 0) {
		fprintf(stderr, "floor: cannot read %s\n", argv[optind]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (mkdir(dst, 0755) == -1) {
		fprintf(stderr, "floor: %s: %s\n", dst, strerror(errno));
		return 1;
	}
	mark(dst);
	for (c = 0; c < jobs; c++)
		switch (fork()) {
		case -1:
			fprintf(stderr, "floor: fork: %s\n", strerror(errno));
			return 1;
		case 0:
			_exit(put((size_t)c, (size_t)jobs) ? 0 : 1);
		}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			ok = 0;
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!ok)
		return 1;
	printf("files %zu bytes %zu write %.3f\n", nfiles, total,
	    (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
usage:
	fprintf(stderr, "usage: floor [-j N] [-p] SRC DST\n");
	return 1;
}
