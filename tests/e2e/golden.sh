#!/usr/bin/env bash
# Golden end-to-end cases: tests/e2e/cases/<case>/ holds config.ini (default: the shipped plan),
# input/ (default: the bundled sample), optional args (more run.sh options), and expected/ with
# exit_code, facts.csv, rejects.csv (compared byte for byte) and progress.csv (header exactly,
# values numerically: tests/e2e/csvcmp.py). expected/progress.csv is not qtr's output: the
# independent oracle computes it from expected/facts.csv (tests/e2e/cases/make_expected.sh). A
# case with its own compute_expected.py (statuses-2025) is computed a third way: its facts.csv
# and its columns of progress.csv must agree with expected/. Every input file of a case is also
# accounted for cell by cell (tests/e2e/account.py: each cell is a published fact or reject, or
# its column is listed as unmapped), and --quiet leaves stdout empty. Optional hand-written
# expected/sentences.txt (whole lines of compare.txt) and expected/pdf_sentences.txt (text the PDF
# must hold) check what people read.
# QTR_UPDATE_GOLDEN=1 rewrites expected/{facts,rejects}.csv from the current output, then
# expected/progress.csv with the oracle (make_expected.sh), and tests nothing: it prints
# "updated, not tested" and exits 1, so an update never reads as a pass. Review the diff, then
# run the script again without it.
. "$(dirname "$0")/lib.sh"
account=$QTR_ROOT/tests/e2e/account.py
updated=0
ncases=0
for dir in "$QTR_ROOT"/tests/e2e/cases/*/; do
	name=$(basename "$dir")
	ncases=$((ncases + 1))
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
		cp "$published"/{facts,rejects}.csv "$dir/expected/"
		[ ! -f "$dir/expected/task_facts.csv" ] || cp "$published/task_facts.csv" "$dir/expected/"
		"$QTR_ROOT/tests/e2e/cases/make_expected.sh" "$name" || fail "$name: the oracle failed"
		echo "updated $name, not tested"
		updated=$((updated + 1))
		continue
	fi
	for f in facts rejects; do
		check "$name: $f.csv equals the golden file" cmp -s "$dir/expected/$f.csv" "$published/$f.csv"
		cmp -s "$dir/expected/$f.csv" "$published/$f.csv" || diff "$dir/expected/$f.csv" "$published/$f.csv" | head -n 10 >&2
	done
	# a case with a task ledger: its statuses as read and the ledger at the quarter, byte for byte
	# (expected/tasks.csv is written by hand from docs/formats.md, never copied from qtr)
	for f in task_facts tasks; do
		[ -f "$dir/expected/$f.csv" ] || continue
		check "$name: $f.csv equals the golden file" cmp -s "$dir/expected/$f.csv" "$published/$f.csv"
		cmp -s "$dir/expected/$f.csv" "$published/$f.csv" || diff "$dir/expected/$f.csv" "$published/$f.csv" | head -n 10 >&2
	done
	check "$name: progress.csv equals the golden file (header exactly, values numerically)" \
		$PY "$QTR_ROOT/tests/e2e/csvcmp.py" "$dir/expected/progress.csv" "$published/progress.csv"
	if [ -f "$dir/compute_expected.py" ]; then
		q=$(sed -n '2s/^[^,]*,[0-9]*Q\([1-4]\),.*/\1/p' "$dir/expected/progress.csv")
		mkdir -p "$work/$name.computed"
		if [ -z "$q" ] || ! $PY "$dir/compute_expected.py" "$q" "$work/$name.computed"; then
			fail "$name: compute_expected.py failed (quarter '${q}')"
		else
			check "$name: compute_expected.py's facts.csv equals the golden file" \
				cmp -s "$dir/expected/facts.csv" "$work/$name.computed/facts.csv"
			check "$name: compute_expected.py's columns of progress.csv agree with the oracle's" \
				$PY "$QTR_ROOT/tests/e2e/csvcmp.py" --columns-of "$work/$name.computed/progress.csv" \
				"$dir/expected/progress.csv"
		fi
	fi
	# what people read: each line of expected/sentences.txt (written by hand from docs/, never
	# copied from qtr) is a whole line of compare.txt; each of expected/pdf_sentences.txt occurs
	# in the PDF's text (pdftotext, which joins its lines: a sentence is found as written)
	if [ -f "$dir/expected/sentences.txt" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			check "$name: compare.txt says: $line" grep -qxF -- "$line" "$published/compare.txt"
		done <"$dir/expected/sentences.txt"
	fi
	if [ -f "$dir/expected/pdf_sentences.txt" ]; then
		if ! command -v pdftotext >/dev/null 2>&1; then
			skip "$name: the PDF's sentences (pdftotext, poppler-utils, is not installed)"
		else
			pdftotext -raw "$published"/*.pdf "$work/$name.pdf.txt" 2>/dev/null
			while IFS= read -r line; do
				[ -n "$line" ] || continue
				check "$name: the PDF says: $line" grep -qF -- "$line" "$work/$name.pdf.txt"
			done <"$dir/expected/pdf_sentences.txt"
		fi
	fi
	# the workbook says what the terminal says: figures, statuses and headline as compare.txt's
	# sentences write them, and 季度明细's differences add up as shown
	check "$name: the workbook shows the report's figures as its sentences do" \
		$PY "$QTR_ROOT/tests/e2e/workbook_display.py" "$published"/*.xlsx \
		--summary "$published/compare.txt"
	# nothing read is lost: every data cell of every input file is a fact, a reject or a cell of
	# an unmapped column (listed once)
	files=()
	while IFS= read -r -d '' f; do
		files+=("${f#./}")
	done < <(cd "$input" && find . -mindepth 1 -name '.*' -prune -o -type f -iname '*.csv' -print0)
	if [ "${#files[@]}" = 0 ]; then
		fail "$name: no input file found in $input"
	elif tf=(); [ -f "$published/task_facts.csv" ] && tf=(--task-facts "$published/task_facts.csv")
		(cd "$input" && $PY "$account" --config "$config" --facts "$published/facts.csv" \
		--rejects "$published/rejects.csv" "${tf[@]}" "${files[@]}") >"$work/acc.txt" 2>&1; then
		echo "ok: $name: every cell of its ${#files[@]} input files accounted for"
	else
		fail "$name: input cells not accounted for"
		head -n 10 "$work/acc.txt" | sed 's/^/    /' >&2
	fi
	check "$name: stdout is empty with --quiet" [ ! -s "$work/$name.stdout" ]
done
check "golden cases found ($ncases)" [ "$ncases" -ge 8 ]
if [ "$updated" -gt 0 ]; then
	echo "QTR_UPDATE_GOLDEN=1: $updated case(s) updated, not tested; review the diff and run again without it" >&2
	exit 1
fi
finish
