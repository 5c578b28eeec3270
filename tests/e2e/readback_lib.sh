# tests/e2e/readback_lib.sh — sourced by tests/e2e/readback-*.sh: what people read, read back.
# Each script runs its plan (a shipped one at its latest quarter and earlier ones with --period,
# or a fixture of tests/e2e/cases/) once per quarter through run.sh; then check_sheets.py reads
# each workbook's 汇总, 季度明细, 分单位 and 说明 and check_pdf.py each PDF's pages, figure by
# figure, against the progress.csv, quarterly.csv, facts.csv and rejects.csv of the same run and
# the plan's config; check_workbook.py evaluates every formula of each workbook against its
# cached value. There is no list of allowed failures: a product bug fails its script until it is
# fixed.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export SOURCE_DATE_EPOCH=1760515200  # 2025-10-15T08:00:00Z: the reports' date
readback_date=2025-10-15
readback_cases=()

# readback_publish NAME CONFIG INPUT PERIOD: one run.sh into $work; its folder joins the checks
readback_publish() {
	local name=$1 config=$2 input=$3 period=$4 out=$work/out/$1-$4 dir rc
	run_qtr --config "$config" --input "$input" --output "$out" --period "$period" --quiet \
		>"$work/run.out" 2>"$work/run.err"
	rc=$?
	dir=$(find "$out" -mindepth 2 -maxdepth 2 -type d -name "$period" ! -path '*/.*' | head -n 1)
	if [ -n "$dir" ] && [ "$rc" -le 1 ]; then
		echo "ok: $name $period published (exit $rc)"
		readback_cases+=(--case "$name" "$dir" "$config")
	else
		fail "$name $period: exit $rc, nothing published"
		sed 's/^/    /' "$work/run.err" | head -n 5 >&2
	fi
}

# readback_plan PLAN PERIOD...: a shipped plan (config/PLAN.ini on input/PLAN/)
readback_plan() {
	local plan=$1 p
	shift
	for p in "$@"; do
		readback_publish "$plan" "$QTR_ROOT/config/$plan.ini" "$QTR_ROOT/input/$plan" "$p"
	done
}

# readback_case CASE PERIOD...: a fixture (tests/e2e/cases/CASE/config.ini and input/)
readback_case() {
	local c=$1 p
	shift
	for p in "$@"; do
		readback_publish "$c" "$QTR_ROOT/tests/e2e/cases/$c/config.ini" "$QTR_ROOT/tests/e2e/cases/$c/input" "$p"
	done
}

# readback_check: the three checkers on every published folder
readback_check() {
	[ "${#readback_cases[@]}" -gt 0 ] || { fail "nothing published to check"; return; }
	"$PY" "$QTR_ROOT/tests/e2e/check_sheets.py" "${readback_cases[@]}"
	check "workbooks: every figure people read agrees with the CSVs and the config" [ $? = 0 ]
	"$PY" "$QTR_ROOT/tests/e2e/check_pdf.py" --date "$readback_date" "${readback_cases[@]}"
	check "PDFs: every figure people read agrees with the CSVs and the config" [ $? = 0 ]
	local i name dir config plan_name
	for ((i = 0; i < ${#readback_cases[@]}; i += 4)); do
		name=${readback_cases[$((i + 1))]} dir=${readback_cases[$((i + 2))]} config=${readback_cases[$((i + 3))]}
		plan_name=$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import readback; print(readback.Plan(sys.argv[2]).name)' \
			"$QTR_ROOT/tests/e2e" "$config")
		check "$name $(basename "$dir"): every formula of the workbook computes its cached value" \
			"$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" "$dir"/*.xlsx "$dir" --plan-name "$plan_name"
	done
}
