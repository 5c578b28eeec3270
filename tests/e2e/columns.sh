#!/usr/bin/env bash
# progress.csv's year-on-year and rank columns (baseline aside: the oracle checks its value) are
# filled for every shipped plan at every quarter of its horizon with data, and empty only where
# docs/formats.md says (check_columns.py says how, from facts.csv and the config).
. "$(dirname "$0")/lib.sh"

for config in "$QTR_ROOT"/config/*.ini; do
	plan=$(basename "$config" .ini)
	dir=$work/$plan
	mkdir -p "$dir"
	if ! "$QTR_BIN/qtr-ingest" --config "$config" --input "$QTR_ROOT/input/$plan" --facts "$dir/facts.csv" \
		--rejects "$dir/rejects.csv" --summary "$dir/ingest.txt" >/dev/null 2>&1; then
		fail "$plan: qtr-ingest failed"
		continue
	fi
	latest=$(sed -n 's/^period=//p' "$dir/ingest.txt")
	year=$(sed -n 's/^start_year *= *//p' "$config" | head -n 1)
	files=()
	while :; do
		for q in 1 2 3 4; do
			p=${year}Q$q
			[[ "$p" > "$latest" ]] && break 2
			if "$QTR_BIN/qtr-compare" --config "$config" --facts "$dir/facts.csv" --period "$p" \
				--progress "$dir/$p.csv" 2>/dev/null; then
				files+=("$dir/$p.csv")
			fi
		done
		year=$((year + 1))
	done
	check "$plan: quarters with data up to $latest (${#files[@]})" [ "${#files[@]}" -ge 1 ]
	if $PY "$QTR_ROOT/tests/e2e/check_columns.py" "$config" "$dir/facts.csv" "${files[@]}" >"$dir/check.txt"; then
		echo "ok: $plan: $(tail -n 1 "$dir/check.txt")"
	else
		fail "$plan: year-on-year and rank columns"
		head -n 20 "$dir/check.txt" | sed 's/^/    /'
	fi
done

# the reader must notice a wrong card, a missing rank and a dropped prev_year_actual
src=$work/lanzhou-2025/2025Q3.csv
if [ -f "$src" ]; then
	for edit in 's/^\(lanzhou-2025,2025Q3,城关区,listings,.*\),green$/\1,red/' \
		's/^\(lanzhou-2025,2025Q3,西固区,demands,.*,\)8,completion,/\1,completion,/' \
		's/^\(lanzhou-2025,2025Q3,全市,brokers,.*\),690,678,/\1,690,,/'; do
		sed "$edit" "$src" >"$work/tampered.csv"
		if cmp -s "$src" "$work/tampered.csv"; then
			fail "tamper '$edit': the sample's progress.csv no longer holds that row"
		elif $PY "$QTR_ROOT/tests/e2e/check_columns.py" "$QTR_ROOT/config/lanzhou-2025.ini" \
			"$work/lanzhou-2025/facts.csv" "$work/tampered.csv" >/dev/null; then
			fail "tamper '$edit': the reader did not notice"
		else
			echo "ok: tamper '$edit' is caught"
		fi
	done
else
	fail "no lanzhou-2025 2025Q3 progress.csv to tamper with"
fi
finish
