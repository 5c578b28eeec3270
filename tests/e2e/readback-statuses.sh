#!/usr/bin/env bash
# tests/e2e/readback-statuses.sh — every status through the workbook and the PDF: the fixture
# statuses-2025 at 2025Q2 and 2025Q3 (正常, 滞后, 严重滞后, 已完成) and 2025Q4 (已完成, 未完成), with a
# unit target, a missing quarter and a tie; weihai-2025-above-range (超出区间); milestones-count
# at 2025Q4 and 2026Q1 (a count given as 12.5 项 whose target in force is 13, unit targets of 6.5 项 (7), a strict
# > on a whole count); the golden case guangzhou-2018 at 2018Q4, whose input lacks 2017Q1–Q3: an
# empty status (no target in force, 缺少2017年全年数据) on the region row. The shipped plans hold
# their base years: their implied targets come with readback-*.sh of those plans.
. "$(dirname "$0")/readback_lib.sh"
readback_case statuses-2025 2025Q2 2025Q3 2025Q4
readback_case weihai-2025-above-range 2025Q4
readback_case milestones-count 2025Q4 2026Q1
readback_case guangzhou-2018 2018Q4
# the shipped plans at their horizon's end and a node missed: units 未完成 on page 1, the 状态 cell
readback_case lanzhou-2025-horizon-end 2025Q4
readback_case liangzhou-2017-2019q4 2019Q4
readback_case gansu-2016-horizon-end 2020Q4
readback_check
finish
