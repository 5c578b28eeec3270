#!/usr/bin/env bash
# Every shipped plan (config/<plan>.ini on input/<plan>/) at a spread of the quarters of its data
# — the horizon's first quarter with data, every Q2 and Q4 (each milestone's year-end, and the
# horizon's end when the data reach it), the latest (the sanitizer pass, which is slow: the first
# and the latest only) — or at every quarter with QTR_ALL_QUARTERS=1:
# what people read (the terminal, compare.txt, the PDF's text, the workbook's texts) holds no
# `nan`/`inf`, no number with more decimals than the figures are written with, no fraction of a
# count and no '/' without a target (tests/e2e/readable.py says exactly what is scanned).
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1760515200
command -v pdftotext >/dev/null 2>&1 || skip_all "pdftotext (poppler-utils) is not installed"
"$PY" -c 'import openpyxl' 2>/dev/null || skip_all "python3-openpyxl is not installed"

nplans=0
for config in "$QTR_ROOT"/config/*.ini; do
	plan=$(basename "$config" .ini)
	input=$QTR_ROOT/input/$plan
	[ -d "$input" ] || { fail "$plan: no input/$plan/"; continue; }
	# the quarters with data: from the latest run's facts.csv
	out=$work/out-$plan
	run_qtr --config "$config" --input "$input" --output "$out/latest" >"$work/t.txt" 2>"$work/e.txt"
	rc=$?
	facts=$(find "$out/latest" -name facts.csv ! -path '*/.*' | head -n 1)
	if [ "$rc" -gt 1 ] || [ -z "$facts" ]; then
		fail "$plan: run.sh exit $rc, nothing published"
		sed 's/^/    /' "$work/e.txt" | head -n 5 >&2
		continue
	fi
	# (the baseline quarter before the horizon is data, but no report quarter)
	start=$(sed -n 's/^start_year *= *\([0-9]*\).*/\1/p' "$config" | head -n 1)
	mapfile -t quarters < <(tail -n +2 "$facts" | cut -d, -f1 | sort -u | awk -v s="${start:-0}" 'substr($0, 1, 4) >= s')
	picked=()
	for ((i = 0; i < ${#quarters[@]}; i++)); do
		q=${quarters[$i]}
		if [ "${QTR_ALL_QUARTERS:-0}" = 1 ] || [ "$i" = 0 ] || [ "$i" = $((${#quarters[@]} - 1)) ] ||
			{ [ "${QTR_BUILD_TAG:-plain}" = plain ] && { [[ $q == *Q2 ]] || [[ $q == *Q4 ]]; }; }; then
			picked+=("$q")
		fi
	done
	args=()
	for q in "${picked[@]}"; do
		run_qtr --config "$config" --input "$input" --output "$out/$q" --period "$q" \
			>"$work/$plan-$q.terminal" 2>"$work/e.txt"
		rc=$?
		dir=$out/$q/$plan/$q
		if [ "$rc" -gt 1 ] || [ ! -d "$dir" ]; then
			fail "$plan $q: run.sh exit $rc, nothing published"
			sed 's/^/    /' "$work/e.txt" | head -n 5 >&2
			continue
		fi
		args+=("$dir" "$work/$plan-$q.terminal")
	done
	[ "${#args[@]}" -gt 0 ] || continue
	"$PY" "$QTR_ROOT/tests/e2e/readable.py" "$config" "${args[@]}"
	check "$plan: ${picked[*]}: no nan, no unrounded number, no fraction of a count, no empty target" [ $? = 0 ]
	nplans=$((nplans + 1))
done
check "every shipped plan scanned ($nplans)" [ "$nplans" -ge 5 ]
finish
