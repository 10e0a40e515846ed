/*
 * xlsxout: opening and closing a workbook written with libxlsxwriter, with
 * messages people can act on.  libxlsxwriter prints its own errors in
 * English on stderr ("[ERROR] workbook_close(): Error creating output xlsx
 * file"); here they are kept quiet and the failure is said in Chinese,
 * with the system's reason (disk full, no permission...).
 */
#ifndef SHOUHU_XLSXOUT_H
#define SHOUHU_XLSXOUT_H

#include <xlsxwriter.h>

struct buf;

/*
 * A new workbook written to the file tmp, for the file path named in
 * messages.  Returns it (close with xlsxout_close), or NULL with a
 * message in err.
 */
lxw_workbook	*xlsxout_new(const char *tmp, const char *path,
		    struct buf *err);

/*
 * Writes and frees the workbook wb.  Returns 1, or 0 with a message in
 * err naming path.
 */
int		 xlsxout_close(lxw_workbook *wb, const char *path,
		    struct buf *err);

#endif
