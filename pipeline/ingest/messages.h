/* pipeline/ingest/messages.h — the reasons for a row's quarter that data files and task
 * progress files share (rejects.csv, docs/formats.md "The codes": period_empty, period_invalid,
 * period_ambiguous, period_missing). One text each, so a clerk reads the same advice whichever
 * file the row is in. */
#ifndef QTR_INGEST_MESSAGES_H
#define QTR_INGEST_MESSAGES_H

/* English: empty period: row rejected; write the quarter, e.g. 2025Q1 */
#define QTR_MSG_PERIOD_EMPTY "报告期为空：整行未读取；请填写季度，如 2025Q1 或 2025年第一季度"
/* English: 'X' is not a period: row rejected; write 2025Q1 or 2025年第一季度 (%s: the cell) */
#define QTR_MSG_PERIOD_INVALID "「%s」不是季度：整行未读取；请写成 2025Q1 或 2025年第一季度"
/* English: no period column and the file name names two periods: row rejected (%s twice: the
 * period column's header) */
#define QTR_MSG_PERIOD_AMBIGUOUS                                                                  \
    "没有%s列，文件名中又有两个不同的季度：整行未读取；请加一列「%s」（如 2025Q1），或在文件名中只写一个季度"
/* English: no period column and no period in the file name: row rejected */
#define QTR_MSG_PERIOD_MISSING                                                                    \
    "没有%s列，文件名中也没有季度：整行未读取；请加一列「%s」（如 2025Q1），或在文件名中写明季度（如 2025Q1.csv）"

#endif
