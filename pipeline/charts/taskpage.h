/* taskpage.h — the task ledger's page of the leaders' PDF (重点任务台账), drawn when the report
 * has the ledger's quarter (tasks.csv read back): the summary's sentence; one tile per class
 * (已完成, 按期推进, 滞后, 未启动, 逾期未完成, 未报) with its count, label and status mark (a
 * shape as well as a colour, so a greyscale print reads); the counts per lead department; the
 * overdue tasks named with their lead and due month; then the lagging, not started and not
 * reported ones as long as the page holds them (the rest counted, and sent to the workbook's
 * 任务台账). Nothing is judged here: classes and counts are tasks.csv's and the summary's.
 * Every text is at least 8 pt.
 */
#ifndef QTR_CHARTS_TASKPAGE_H
#define QTR_CHARTS_TASKPAGE_H

#include "layout.h"
#include "report.h"

/* Draws the page's content into box. r->tasks must be set. Errors are the canvas's (and
 * QTR_ERR_NOMEM). */
qtr_status taskpage_draw(lay_canvas *c, const qtr_report *r, lay_box box);

#endif
