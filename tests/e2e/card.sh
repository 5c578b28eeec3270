#!/usr/bin/env bash
# tests/e2e/card.sh — the summary card <plan>-<period>-summary.png that run.sh publishes next to
# the PDF, for every shipped plan at its latest quarter, the Lanzhou sample with unit targets
# (units named behind a lagging indicator), the fixtures of every status (未完成, 超出区间) and a plan
# of 72 indicators (the card's 60 rows, then one line for the rest).
# For each published folder: the card is there and nothing of the run is left behind; qtr-charts
# rerun on the folder's files with the manifest's date writes a byte-identical card (reruns are
# deterministic) and, on the same drawing, the text layout log (--card-text) that check_card.py
# reads back against progress.csv, compare.txt and the config, with the PNG's own pixels for
# the greyscale checks (see check_card.py). Also: --card-text without --card is exit 64, and a
# card that cannot be written is exit 73 with no PDF's images harmed.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1760515200 # 2025-10-15T08:00:00Z
date=2025-10-15

cases=() # name, folder, config
publish() { # name config input [period]
	local name=$1 config=$2 input=$3 period=${4:-} dir rc
	local out=$work/out/$name$period
	run_qtr --config "$config" --input "$input" --output "$out" ${period:+--period "$period"} --quiet \
		>"$work/run.out" 2>"$work/run.err"
	rc=$?
	dir=$(find "$out" -mindepth 2 -maxdepth 2 -type d ! -path '*/.*' | head -n 1)
	if [ -n "$dir" ] && [ "$rc" -le 1 ]; then
		cases+=("$name" "$dir" "$config")
	else
		fail "$name $period: exit $rc, nothing published"
		sed 's/^/    /' "$work/run.err" | head -n 5 >&2
	fi
}

for plan in lanzhou-2025 gansu-2016 guangzhou-2018 liangzhou-2017 weihai-2025; do
	publish "$plan" "$QTR_ROOT/config/$plan.ini" "$QTR_ROOT/input/$plan"
done
"$QTR_ROOT/tests/fixtures/cards/make_config.sh" "$QTR_ROOT/config/lanzhou-2025.ini" "$work/lanzhou-cards.ini" ||
	fail "make_config.sh failed"
publish lanzhou-cards "$work/lanzhou-cards.ini" "$QTR_ROOT/input/lanzhou-2025" 2025Q3
publish statuses-2025 "$QTR_ROOT/tests/e2e/cases/statuses-2025/config.ini" "$QTR_ROOT/tests/e2e/cases/statuses-2025/input" 2025Q4
publish above-range "$QTR_ROOT/tests/e2e/cases/weihai-2025-above-range/config.ini" \
	"$QTR_ROOT/tests/e2e/cases/weihai-2025-above-range/input" 2025Q4

for ((i = 0; i < ${#cases[@]}; i += 3)); do
	name=${cases[$i]} dir=${cases[$((i + 1))]} config=${cases[$((i + 2))]}
	base=$(basename "$(dirname "$dir")")-$(basename "$dir")
	card=$dir/$base-summary.png
	check "$name: $base-summary.png published next to $base.pdf" test -s "$card" -a -s "$dir/$base.pdf"
	check "$name: no temporary file left" sh -c "! ls -A '$dir' | grep -q tmp"
	report_date=$(sed -n 's/.*"report_date": "\(.*\)".*/\1/p' "$dir/manifest.json")
	check "$name: the manifest's report date is the run's" test "$report_date" = "${date}T08:00:00Z"
	re=$work/re-$name
	mkdir -p "$re"
	"$QTR_BIN/qtr-charts" --config "$config" --progress "$dir/progress.csv" --quarterly "$dir/quarterly.csv" \
		--summary "$dir/compare.txt" --date "$report_date" --out "$re/$base.pdf" --image-dir "$re" \
		--card "$re/card.png" --card-text "$re/card.txt" 2>"$re/err"
	check "$name: qtr-charts --card reruns (exit 0, nothing on stderr)" test $? = 0 -a ! -s "$re/err"
	check "$name: the rerun's card is byte-identical to the published one" cmp -s "$card" "$re/card.png"
	check "$name: the card's text read back" "$PY" "$QTR_ROOT/tests/e2e/check_card.py" --date "$date" \
		"$card" "$re/card.txt" "$dir" "$config"
done
check "8 folders checked" test "${#cases[@]}" = 24

# a plan of 72 indicators: 60 rows, then "另有 12 项指标", and 重点关注 sends to the full report
m=$work/many
if "$QTR_ROOT/tests/fixtures/charts/make.sh" "$QTR_BIN" "$work/stress" --stress >/dev/null &&
	"$PY" "$QTR_ROOT/tests/fixtures/card/many.py" "$work/stress" "$m" 8 &&
	"$QTR_BIN/qtr-compare" --config "$m/plan.ini" --facts "$m/facts.csv" --period 2025Q3 \
		--ingest-summary "$m/ingest.txt" --progress "$m/progress.csv" --quarterly "$m/quarterly.csv" \
		--summary "$m/compare.txt"; then
	"$QTR_BIN/qtr-charts" --config "$m/plan.ini" --progress "$m/progress.csv" --quarterly "$m/quarterly.csv" \
		--summary "$m/compare.txt" --date "${date}T08:00:00Z" --out "$m/lanzhou-2025-2025Q3.pdf" --image-dir "$m/img" \
		--card "$m/card.png" --card-text "$m/card.txt"
	check "72 indicators: qtr-charts --card exit 0" test $? = 0
	check "72 indicators: 72 city rows" test "$(grep -c ',全市,' "$m/progress.csv")" = 72
	check "72 indicators: the card's text read back" "$PY" "$QTR_ROOT/tests/e2e/check_card.py" --date "$date" \
		"$m/card.png" "$m/card.txt" "$m" "$m/plan.ini"
else
	fail "72 indicators: the fixture could not be made"
fi

# usage and a card that cannot be written
d=${cases[1]}
args=(--config "${cases[2]}" --progress "$d/progress.csv" --quarterly "$d/quarterly.csv" --summary "$d/compare.txt")
expect_exit 64 "--card-text without --card" "$QTR_BIN/qtr-charts" "${args[@]}" --out "$work/u.pdf" \
	--image-dir "$work/u" --card-text "$work/u.txt"
expect_exit 73 "--card into a folder that does not exist" "$QTR_BIN/qtr-charts" "${args[@]}" --out "$work/v.pdf" \
	--image-dir "$work/v" --card "$work/no/such/card.png"
check "the failed card left no temporary" test ! -e "$work/no"
finish
