#!/usr/bin/env bash
# tests/e2e/readback-liangzhou-2017.sh — the shipped plan liangzhou-2017 at its latest quarter and two earlier
# ones: every figure of its workbooks and PDFs against the CSVs behind them (readback_lib.sh).
. "$(dirname "$0")/readback_lib.sh"
readback_plan liangzhou-2017 2019Q3 2017Q4 2018Q4
readback_check
finish
