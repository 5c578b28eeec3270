#!/usr/bin/env bash
# hostile.sh — the hostile-input corpus (tests/hostile/, issue 5): every file of
# tests/hostile/MANIFEST goes through qtr-ingest against the shipped plan, then a few mixes
# through the whole run.sh. For each file: no crash (no signal, no sanitizer exit 98/99), the
# expected exit code, stderr lines that name the file and hold no control characters, the
# expected words in rejects.csv, and tests/e2e/account.py: every cell is a fact or a reject
# (or its column is listed once as unmapped). The big files (1 MB fields, 100k columns,
# 200k rows...) are generated into the scratch folder by tests/hostile/make_corpus.py --big.
. "$(dirname "$0")/lib.sh"
hostile=$QTR_ROOT/tests/hostile
config=$QTR_ROOT/config/lanzhou-2025.ini
account=$QTR_ROOT/tests/e2e/account.py
formula=('=HYPERLINK("http://x","y")' '@SUM(A1)' '=1+2')
verbatim_args() { # the formula-looking texts must stay text, for the files that hold them
	case $1 in
	formula-injection.csv) for t in "${formula[@]}"; do printf '%s\0' --verbatim "$t"; done ;;
	long-format-hostile.csv) printf '%s\0' --verbatim "=cmd|' /C calc'!A0" ;;
	esac
}

crashed() { # exit code: a signal or a sanitizer report
	[ "$1" -ge 128 ] || [ "$1" = 98 ] || [ "$1" = 99 ]
}

check_stderr() { # name, stderr file: one readable line per message
	local name=$1 err=$2
	if LC_ALL=C grep -q -P '[\x00-\x09\x0b-\x1f\x7f]' "$err"; then
		fail "$name: control characters on stderr"
	fi
	if grep -v -e "^$name:" -e '^qtr-ingest: ' -e '^\.\.\. and [0-9]* more errors' -e '^(input): ' "$err" |
		grep -q .; then
		fail "$name: a stderr line does not name the file"
		grep -v -e "^$name:" -e '^qtr-ingest: ' -e '^\.\.\. and ' "$err" | head -n 3 | sed 's/^/    /' >&2
	fi
}

$PY "$hostile/make_corpus.py" --big "$work/big" || fail "cannot generate the big files"
n=0
while IFS=$'\t' read -r name want expects note; do
	case $name in '' | '#'*) continue ;; esac
	n=$((n + 1))
	case $name in
	big/*) dir=$work/big file=${name#big/} ;;
	*) dir=$hostile/files file=$name ;;
	esac
	out=$work/out
	rm -rf "$out" && mkdir -p "$out"
	# under a small open-file limit: a file of a thousand years must not need a file per year
	# (Debian's default soft limit is 1024; the 200k-row file spans 1,100 years)
	(cd "$dir" && ulimit -Sn 128 && exec "$QTR_BIN/qtr-ingest" --config "$config" --facts "$out/facts.csv" \
		--rejects "$out/rejects.csv" -- "$file") >"$out/stdout" 2>"$out/stderr"
	got=$?
	if crashed "$got"; then
		fail "$file: qtr-ingest crashed (exit $got) [$note]"
		grep -m 3 -E 'ERROR|SUMMARY|runtime error' "$out/stderr" | sed 's/^/    /' >&2
		continue
	fi
	check "$file: exit $got (expected $want)" [ "$got" = "$want" ]
	if [ ! -f "$out/facts.csv" ] || [ ! -f "$out/rejects.csv" ]; then
		fail "$file: facts.csv or rejects.csv not written"
		continue
	fi
	check_stderr "$file" "$out/stderr"
	args=()
	IFS='|' read -r -a words <<<"$expects"
	for w in "${words[@]}"; do args+=(--expect "$w"); done
	while IFS= read -r -d '' a; do args+=("$a"); done < <(verbatim_args "$file")
	if (cd "$dir" && $PY "$account" --config "$config" --facts "$out/facts.csv" \
		--rejects "$out/rejects.csv" "${args[@]}" "$file") >"$out/account.txt" 2>&1; then
		echo "ok: $file: every cell accounted for, messages as expected"
	else
		fail "$file: accounting or messages [$note]"
		head -n 8 "$out/account.txt" | sed 's/^/    /' >&2
	fi
done <"$hostile/MANIFEST"
check "the manifest lists at least 40 files ($n)" [ "$n" -ge 40 ]

# ---------------------------------------------------------------- whole runs
run_case() { # name, expected exit, files...
	local name=$1 want=$2 got f
	shift 2
	rm -rf "$work/in-$name" && mkdir -p "$work/in-$name"
	for f in "$@"; do cp "$hostile/files/$f" "$work/in-$name/"; done
	run_qtr --config "$config" --input "$work/in-$name" --output "$work/run-$name" --quiet \
		>"$work/run-$name.out" 2>"$work/run-$name.err"
	got=$?
	if crashed "$got"; then
		fail "run.sh $name: crashed (exit $got)"
		tail -n 5 "$work/run-$name.err" | sed 's/^/    /' >&2
		return 1
	fi
	check "run.sh $name: exit $got (expected $want)" [ "$got" = "$want" ]
	[ "$got" = "$want" ]
}
published() { find "$work/run-$1" -mindepth 2 -maxdepth 2 -type d ! -name '.*' | head -n 1; }
account_run() { # name, file, extra account.py arguments...
	local name=$1 f=$2 dest
	shift 2
	dest=$(published "$name")
	if (cd "$work/in-$name" && $PY "$account" --config "$config" --facts "$dest/facts.csv" \
		--rejects "$dest/rejects.csv" "$@" "$f") >"$work/acc.txt" 2>&1; then
		echo "ok: run.sh $name: $f accounted for in the published facts and rejects"
	else
		fail "run.sh $name: $f"
		head -n 5 "$work/acc.txt" | sed 's/^/    /' >&2
	fi
}

if run_case empty 65 empty.csv; then
	check "run.sh empty: nothing published" [ -z "$(published empty)" ]
fi
if run_case junk 65 binary-zip.csv nul-in-cell.csv binary-png.csv; then
	check "run.sh junk: nothing published" [ -z "$(published junk)" ]
	check "run.sh junk: stderr says why" grep -q "no value" "$work/run-junk.err"
fi
if run_case formulas 1 formula-injection.csv quote-unclosed.csv; then
	args=()
	for t in "${formula[@]}"; do args+=(--verbatim "$t"); done
	account_run formulas formula-injection.csv "${args[@]}"
	account_run formulas quote-unclosed.csv
	dest=$(published formulas)
	books=()
	for x in "$dest"/*.xlsx; do
		[ -f "$x" ] && books+=("$x")
	done
	check "run.sh formulas: exactly one workbook published (${#books[@]})" [ "${#books[@]}" = 1 ]
	for x in "${books[@]}"; do
		check "run.sh formulas: the workbook holds formula-looking input as text, never as a formula" \
			$PY - "$x" "${formula[@]}" <<'EOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
texts, seen, bad = sys.argv[2:], set(), []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, str) and c.data_type == "f" and any(
                    v.lstrip("=") == t.lstrip("=@+-") or "HYPERLINK" in v for t in texts):
                bad.append("%s!%s %s" % (ws.title, c.coordinate, v))
            if isinstance(v, str) and c.data_type != "f":
                seen.update(t for t in texts if t in v)
for b in bad:
    print("formula from input:", b)
if not bad and seen != set(texts):
    print("not shown as text:", set(texts) - seen)
sys.exit(1 if bad or seen != set(texts) else 0)
EOF
	done
fi
if run_case numbers 1 numbers-absurd.csv; then
	account_run numbers numbers-absurd.csv --expect too_large --expect not_finite
fi
if run_case longunit 1 header-long-unit.csv 2025Q3-period-from-name.csv; then
	account_run longunit header-long-unit.csv # the published rejects.csv must stay UTF-8
fi

# The bundled sample inputs of every shipped plan: every cell accounted for as well.
for cfg in "$QTR_ROOT"/config/*.ini; do
	id=$(basename "$cfg" .ini)
	in=$QTR_ROOT/input/$id
	if [ ! -d "$in" ]; then
		fail "config/$id.ini has no bundled input/$id"
		continue
	fi
	rm -rf "$work/out" && mkdir -p "$work/out"
	"$QTR_BIN/qtr-ingest" --config "$cfg" --input "$in" --facts "$work/out/facts.csv" \
		--rejects "$work/out/rejects.csv" --task-facts "$work/out/task_facts.csv" >/dev/null 2>&1
	got=$?
	if crashed "$got"; then
		fail "sample $id: qtr-ingest crashed (exit $got)"
		continue
	fi
	files=()
	while IFS= read -r -d '' f; do
		files+=("${f#./}")
	done < <(cd "$in" && find . -mindepth 1 -name '.*' -prune -o -type f -iname '*.csv' -print0)
	if [ "${#files[@]}" = 0 ]; then
		fail "sample $id: no input file found in input/$id"
	elif tf=(); [ -f "$work/out/task_facts.csv" ] && tf=(--task-facts "$work/out/task_facts.csv")
		(cd "$in" && $PY "$account" --config "$cfg" --facts "$work/out/facts.csv" \
		--rejects "$work/out/rejects.csv" "${tf[@]}" "${files[@]}") >"$work/acc.txt" 2>&1; then
		echo "ok: sample $id: every cell (and task status row) of its ${#files[@]} files in input/$id accounted for"
	else
		fail "sample $id: input cells not accounted for"
		head -n 5 "$work/acc.txt" | sed 's/^/    /' >&2
	fi
done

# Hostile file names, made here: a GBK-encoded name (what unzip gives for a zip made on Chinese
# Windows), a line break, a tab, a comma and a quote, a leading dash. Each file is good but for
# one value (each for other units), so the report must be published (exit 1) with the facts of
# every file.
names=("$(printf '\263\307\271\330\307\370') 2025Q3.csv" $'new\nline 2025Q3.csv' $'tab\tx 2025Q3.csv'
	'q"uote, 2025Q3.csv' '-rf 2025Q3.csv')
units=(城关区 七里河区 西固区 安宁区 红古区 永登县 皋兰县 榆中县 兰州新区 兰州高新区)
rm -rf "$work/in-names" && mkdir -p "$work/in-names"
for i in "${!names[@]}"; do
	printf '填报单位,企业技术需求发布数(个)\n%s,10\n%s,约5\n' "${units[i]}" "${units[i + 5]}" \
		>"$work/in-names/${names[i]}"
done
run_qtr --config "$config" --input "$work/in-names" --output "$work/run-names" --quiet \
	>"$work/names.out" 2>"$work/names.err"
got=$?
if crashed "$got"; then
	fail "run.sh names: crashed (exit $got)"
else
	check "run.sh names: hostile file names still give a report (exit $got, expected 1)" [ "$got" = 1 ]
	dest=$(published names)
	if [ -n "$dest" ]; then
		check "run.sh names: facts from all ${#names[@]} files" [ "$($PY -c '
import csv, sys
print(len({r["source"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", errors="replace"))}))
' "$dest/facts.csv")" = "${#names[@]}" ]
		for f in facts rejects; do
			check "run.sh names: $f.csv is valid UTF-8" $PY -c \
				'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$dest/$f.csv"
		done
	fi
	check "run.sh names: every stderr line is one whole message (no name split over lines)" \
		$PY -c '
import re, sys
bad = [l for l in open(sys.argv[1], "rb").read().decode("utf-8", "replace").splitlines()
       if l and not re.search(r":\d+(:\d+)?: |^qtr-|^run\.sh|^\.\.\. and", l)]
for l in bad[:3]:
    print("    not a message line: %r" % l)
sys.exit(1 if bad else 0)' "$work/names.err"
fi
finish
