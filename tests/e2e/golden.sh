#!/usr/bin/env bash
# Golden end-to-end cases: tests/e2e/cases/<case>/ holds config.ini (default: the shipped plan),
# input/ (default: the bundled sample), and expected/ with exit_code, facts.csv, rejects.csv
# (compared byte for byte) and progress.csv (compared numerically by column name).
# QTR_UPDATE_GOLDEN=1 rewrites expected/ from the current output (review the diff!).
. "$(dirname "$0")/lib.sh"
for dir in "$QTR_ROOT"/tests/e2e/cases/*/; do
	name=$(basename "$dir")
	config=$dir/config.ini
	[ -f "$config" ] || config=$QTR_ROOT/config/lanzhou-2025.ini
	input=$dir/input
	[ -d "$input" ] || input=$QTR_ROOT/input/$(basename "$config" .ini)
	out=$work/$name
	args=()
	[ -f "$dir/args" ] && read -r -a args <"$dir/args"
	run_qtr --config "$config" --input "$input" --output "$out" --quiet "${args[@]}" \
		>"$work/$name.stdout" 2>"$work/$name.stderr"
	code=$?
	want=$(cat "$dir/expected/exit_code")
	check "$name: exit code $code (expected $want)" [ "$code" = "$want" ]
	published=$(find "$out" -mindepth 2 -maxdepth 2 -type d ! -name '.*' | head -n 1)
	if [ -z "$published" ]; then
		fail "$name: nothing published"
		continue
	fi
	if [ "${QTR_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$published"/{facts,rejects,progress}.csv "$dir/expected/"
		echo "updated $name"
		continue
	fi
	for f in facts rejects; do
		check "$name: $f.csv equals the golden file" cmp -s "$dir/expected/$f.csv" "$published/$f.csv"
		cmp -s "$dir/expected/$f.csv" "$published/$f.csv" || diff "$dir/expected/$f.csv" "$published/$f.csv" | head -n 10 >&2
	done
	check "$name: progress.csv equals the golden file (numerically)" \
		$PY "$QTR_ROOT/tests/e2e/csvcmp.py" "$dir/expected/progress.csv" "$published/progress.csv"
	# the workbook says what the terminal says: figures, statuses and headline as compare.txt's
	# sentences write them, and 季度明细's differences add up as shown
	check "$name: the workbook shows the report's figures as its sentences do" \
		$PY "$QTR_ROOT/tests/e2e/workbook_display.py" "$published"/*.xlsx \
		--summary "$published/compare.txt"
	# nothing read is lost: every data cell of the input is a fact, a reject or an unmapped column
	check "$name: stdout is empty with --quiet" [ ! -s "$work/$name.stdout" ]
done
finish
