/* publish.h — the last step of run.sh: a finished staging folder becomes
 * <output>/<plan-id>/<period>/ atomically. When the quarter was published before, the two
 * folders are swapped with renameat2(RENAME_EXCHANGE) — readers see the old complete report or
 * the new complete report, never a mix or nothing — and the old one is then deleted.
 */
#ifndef QTR_PUBLISH_H
#define QTR_PUBLISH_H

#include "status.h"

/* Syncs the staging folder's files and folders, creates to's parent folders and moves from to to,
 * replacing an earlier to. *old_left is set when the previous report could not be removed
 * afterwards (it stays in from). QTR_ERR_CREATE when the parent cannot be created,
 * QTR_ERR_WRITE when the move failed (the earlier folder is then untouched). */
qtr_status qtr_publish_dir(const char *from, const char *to, int *old_left, qtr_error *err);

#endif
