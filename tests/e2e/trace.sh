#!/usr/bin/env bash
# trace.sh — the analyst's trace and the printed workbook (issue 14, items 4 and 5): for every
# shipped plan, run.sh's workbook is checked by tests/e2e/trace.py against the published
# progress.csv and quarterly.csv: 汇总's 实际, 季度明细's 本季数 and 累计完成 and 分单位's values
# are SUMIFS formulas over 数据 (a coverage's too) caching the report's figures, every number
# that is not a formula has a note saying where it comes from, the targets are defined names,
# 说明 names them with the plan's scope word, 数据 is sorted by period then unit, every wrapped
# text cell's row is tall enough for its lines (数据质量's 原因), and every sheet prints on A4 at
# 7 pt or more. In the plain pass, one LibreOffice start recalculates all five workbooks (every
# kind: flows, period flows, stocks carried forward, ratios, coverage) and every number must
# equal the cached one; a skip when soffice is not installed.
. "$(dirname "$0")/lib.sh"
T=$QTR_ROOT/tests/e2e/trace.py

lo=()
if [ "${QTR_BUILD_TAG:-plain}" != plain ]; then
	echo "LibreOffice recalculation: in the plain pass only"
elif command -v soffice >/dev/null 2>&1; then
	lo=(--lo)
else
	skip "LibreOffice recalculation of the traced workbooks: soffice is not installed"
fi

books=()
for cfg in "$QTR_ROOT"/config/*.ini; do
	id=$(basename "$cfg" .ini)
	out=$work/out-$id
	run_qtr --config "$cfg" --output "$out" --quiet >"$work/run.out" 2>"$work/run.err"
	rc=$?
	check "$id: run.sh publishes (exit 0, or 1 with rejects; got $rc)" test "$rc" -le 1
	book=$(find "$out/$id" -name "$id-*.xlsx" | head -n 1)
	if [ -z "$book" ]; then
		fail "$id: no workbook published"
		continue
	fi
	books+=("$book" "$(dirname "$book")")
done
check "five workbooks published" test "${#books[@]}" -eq 10
check "the trace and the print setup of every workbook (trace.py${lo:+, LibreOffice})" \
	"$PY" "$T" "${books[@]}" "${lo[@]}"
finish
