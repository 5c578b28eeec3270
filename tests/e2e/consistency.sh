#!/usr/bin/env bash
# One report, told the same way everywhere: for every shipped plan at three quarters (the latest
# with data and two earlier ones, among them a year's last quarter with 未完成 and rows without a
# status), the terminal summary, compare.txt, progress.csv, the workbook (read back with
# openpyxl, cached values) and the PDF's text must say the same headline, the same status and
# figures of each indicator as displayed, the same units with missing reports and the same ranks
# (tests/e2e/consistency.py); for Gansu and Liangzhou also the task ledger: the sentence, the counts
# per class and per lead department and the overdue tasks, against tasks.csv. Any difference fails.
. "$(dirname "$0")/lib.sh"
runs=(
	"lanzhou-2025 2025Q3 2025Q2 2025Q1"
	"weihai-2025 2026Q1 2025Q4 2025Q3"
	"guangzhou-2018 2019Q4 2019Q2 2018Q4"
	"liangzhou-2017 2019Q3 2018Q4 2017Q2"
	"gansu-2016 2019Q2 2018Q3 2016Q4"
)
n=0
for line in "${runs[@]}"; do
	read -r plan periods <<<"$line"
	for p in $periods; do
		out=$work/$plan-$p
		run_qtr --config "$QTR_ROOT/config/$plan.ini" --period "$p" --output "$out" >"$out.stdout" 2>"$out.stderr"
		code=$?
		if [ "$code" != 0 ] && [ "$code" != 1 ]; then
			fail "$plan $p: run.sh exit $code"
			head -n 3 "$out.stderr" | sed 's/^/    /' >&2
			continue
		fi
		n=$((n + 1))
		if $PY "$QTR_ROOT/tests/e2e/consistency.py" "$out/$plan/$p" "$out.stdout" >"$out.log" 2>&1; then
			echo "ok: $plan $p: terminal, compare.txt, progress.csv, workbook and PDF agree"
		else
			fail "$plan $p: the outputs disagree"
			sed 's/^/    /' "$out.log" | head -n 20 >&2
		fi
	done
done
check "15 reports compared ($n)" [ "$n" = 15 ]
finish
