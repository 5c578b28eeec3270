#!/usr/bin/env bash
# tests/e2e/readback-weihai-2025.sh — the shipped plan weihai-2025 at its latest quarter and two earlier
# ones: every figure of its workbooks and PDFs against the CSVs behind them (readback_lib.sh).
. "$(dirname "$0")/readback_lib.sh"
readback_plan weihai-2025 2026Q1 2025Q4 2025Q2
readback_check
finish
