#!/usr/bin/env bash
# The 文字通报 (briefing.txt, docs/formats.md) of every shipped plan at three quarters (the latest
# with data, Q1 of its year, Q4 of the horizon's first year): check_briefing.py reads every number
# back out of the text and finds it in progress.csv or compare.txt, the named units against their
# ranks and statuses, the 缺报 marks against missing_quarters; a briefing with one figure changed
# or a mark dropped must fail the same reader.
. "$(dirname "$0")/lib.sh"

cases=()
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
	start=$(sed -n 's/^start_year *= *//p' "$config" | head -n 1)
	quarters=("$latest" "${latest%Q*}Q1" "${start}Q4")
	done_q=" "
	for q in "${quarters[@]}"; do
		case $done_q in *" $q "*) continue ;; esac
		[[ "$q" > "$latest" ]] && continue
		done_q="$done_q$q "
		out=$dir/$q
		mkdir -p "$out"
		"$QTR_BIN/qtr-compare" --config "$config" --facts "$dir/facts.csv" --period "$q" \
			--progress "$out/progress.csv" --summary "$out/compare.txt" --ingest-summary "$dir/ingest.txt" \
			--briefing "$out/briefing.txt" 2>"$out/stderr"
		rc=$?
		if [ "$rc" = 0 ] && [ -s "$out/briefing.txt" ]; then
			cases+=(--case "$plan" "$out" "$config")
		else
			fail "$plan $q: qtr-compare exit $rc, no briefing.txt"
			sed 's/^/    /' "$out/stderr" | head -n 3 >&2
		fi
	done
done
check "briefings of every shipped plan at up to three quarters ($((${#cases[@]} / 4)))" [ "${#cases[@]}" -ge 40 ]
if $PY "$QTR_ROOT/tests/e2e/check_briefing.py" "${cases[@]}" >"$work/check.txt"; then
	echo "ok: every number of every briefing found in progress.csv / compare.txt"
else
	fail "briefings disagree with progress.csv / compare.txt"
fi
grep -v '^ok' "$work/check.txt" | sed 's/^/    /'

# the reader must catch a changed figure, a changed status and an invented unit
src=$work/lanzhou-2025/2025Q3
for edit in 's/1,163 \/ 1,500 个/1,164 \/ 1,500 个/' 's/（正常）：1,163/（滞后）：1,163/' \
	's/兰州新区（81.7%）/兰州新区（81.8%）/' 's/同比增长 11.6%/同比增长 11.7%/' 's/单位 11 个/单位 12 个/' \
	's/个百分点（含缺报Q2、Q3）；同比增长 11.6%/个百分点；同比增长 11.6%/' 's/城关区（73.6%，缺报Q2）/城关区（73.6%）/'; do
	bad=$work/tampered
	rm -rf "$bad" && cp -r "$src" "$bad"
	sed -i "$edit" "$bad/briefing.txt"
	if cmp -s "$src/briefing.txt" "$bad/briefing.txt"; then
		fail "tamper '$edit': the sample briefing no longer holds that text"
	elif $PY "$QTR_ROOT/tests/e2e/check_briefing.py" --case tampered "$bad" "$QTR_ROOT/config/lanzhou-2025.ini" >/dev/null; then
		fail "tamper '$edit': the reader did not notice"
	else
		echo "ok: tamper '$edit' is caught"
	fi
done
finish
