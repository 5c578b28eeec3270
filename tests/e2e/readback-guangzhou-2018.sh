#!/usr/bin/env bash
# tests/e2e/readback-guangzhou-2018.sh — the shipped plan guangzhou-2018 at its latest quarter and two earlier
# ones: every figure of its workbooks and PDFs against the CSVs behind them (readback_lib.sh).
. "$(dirname "$0")/readback_lib.sh"
readback_plan guangzhou-2018 2019Q4 2018Q2 2019Q1
readback_check
finish
