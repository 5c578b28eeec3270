/* utargets.h — the units' targets (任务分解) from the CSV file named by `[units] targets_file`
 * (docs/config.md, Unit targets file), read by the plan loader so that every stage that loads
 * the plan has them: columns unit,indicator,target; UTF-8 or GB18030 (as the input files).
 */
#ifndef QTR_UTARGETS_H
#define QTR_UTARGETS_H

#include "plan.h"
#include "status.h"

/* Reads the targets file at path into the plan's indicators' unit_targets (allocated per
 * indicator as needed). The plan's roster, aliases and indicators (with the INI's unit_targets)
 * must be loaded. A bad row — unknown unit or indicator, a target that is not a number > 0, a
 * (unit, indicator) given twice or also by the indicator's unit_targets key — fails the load
 * with QTR_ERR_CONFIG and err naming path and line ([units] targets_file); the plan is then
 * partly filled and only fit to be freed. */
qtr_status qtr_utargets_load(qtr_plan *plan, const char *path, qtr_error *err);

/* Compares, for each summable indicator (flow, period flow, stock) with unit targets, the sum
 * of its units' targets with the region's target and adds a warning (plan->warnings, Chinese
 * text) for each indicator whose units fall short. */
qtr_status qtr_utargets_check(qtr_plan *plan);

#endif
