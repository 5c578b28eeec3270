#!/usr/bin/env bash
# tests/e2e/readback-gansu-2016.sh — the shipped plan gansu-2016 at its latest quarter and two earlier
# ones: every figure of its workbooks and PDFs against the CSVs behind them (readback_lib.sh).
. "$(dirname "$0")/readback_lib.sh"
readback_plan gansu-2016 2019Q2 2016Q4 2018Q3
readback_check
finish
