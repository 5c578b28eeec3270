#!/usr/bin/env bash
# tests/e2e/workbook.sh — qtr-workbook end to end on the fixture, a real run of ingest and
# compare (tests/fixtures/workbook/{lanzhou,variant}, see its README): the Python checker on each
# workbook (figures, formulas and cached values, text that looks like a formula, layout),
# byte-identical reruns, the default date, the exit codes of bad usage, missing or malformed
# input and an uncreatable output, and that a failed run leaves the previous workbook untouched
# and no temporary file behind. LibreOffice recalculation when soffice is installed (a skip
# when it is not); in the plain pass only: the sanitizer build writes the same bytes (the
# plain pass checks the file, this pass that the build writes it clean).
. "$(dirname "$0")/lib.sh"
fx=$QTR_ROOT/tests/fixtures/workbook
version=$(sed -n 's/^VERSION *:= *//p' "$QTR_ROOT/Makefile")
variant_name="@创新兰州2025 & 科技成果转化（测试变体）"

wb() { # scenario out [more options]: qtr-workbook on a fixture scenario
	local s=$1 out=$2 cfg=$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini
	shift 2
	[ "$s" = variant ] && cfg=$fx/variant/plan.ini
	"$QTR_BIN/qtr-workbook" --config "$cfg" --progress "$fx/$s/progress.csv" \
		--quarterly "$fx/$s/quarterly.csv" --summary "$fx/$s/compare.txt" \
		--facts "$fx/$s/facts.csv" --rejects "$fx/$s/rejects.csv" --inputs "$fx/$s/inputs.csv" \
		--out "$out" "$@"
}

lo=()
if [ "${QTR_BUILD_TAG:-plain}" != plain ]; then
	echo "LibreOffice recalculation: in the plain pass only"
elif command -v soffice >/dev/null 2>&1; then
	lo=(--lo)
else
	skip "LibreOffice recalculation of the workbooks: soffice is not installed"
fi

# ---- the shipped plan: checker, quiet success, byte-identical rerun
mkdir -p "$work/a" "$work/b"
expect_exit 0 "lanzhou workbook" wb lanzhou "$work/a/book.xlsx" --date 2025-10-08T06:00:00Z
check "success prints nothing on stderr" test ! -s "$work/err.txt"
check "checker: lanzhou" "$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" "$work/a/book.xlsx" "$fx/lanzhou" \
	--version "$version" "${lo[@]}"
check "lanzhou: figures, statuses and headline as compare's sentences say them" \
	"$PY" "$QTR_ROOT/tests/e2e/workbook_display.py" "$work/a/book.xlsx" --summary "$fx/lanzhou/compare.txt"
sleep 1  # a different clock second must not change a byte
expect_exit 0 "lanzhou workbook again" wb lanzhou "$work/b/book.xlsx" --date 2025-10-08T06:00:00Z
check "two runs are byte-identical" cmp "$work/a/book.xlsx" "$work/b/book.xlsx"
check "no temporary file left" test "$(ls "$work/a")" = book.xlsx

# ---- the variant: formula-looking plan and unit names, unit targets, range, baseline
expect_exit 0 "variant workbook" wb variant "$work/a/variant.xlsx" --date 2025-10-08T06:00:00Z
check "checker: variant" "$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" "$work/a/variant.xlsx" \
	"$fx/variant" --plan-name "$variant_name" --version "$version" --tricky
check "variant: figures, statuses and headline as compare's sentences say them" \
	"$PY" "$QTR_ROOT/tests/e2e/workbook_display.py" "$work/a/variant.xlsx" --summary "$fx/variant/compare.txt"

# ---- a big input, forced small with the options only tests use. Constant-memory mode: 数据 is
# a header row with a filter (no table), every other sheet looks exactly as written in memory.
expect_exit 0 "constant-memory workbook" wb lanzhou "$work/a/big.xlsx" --date 2025-10-08T06:00:00Z --big-rows 100
check "constant-memory mode prints nothing on stderr" test ! -s "$work/err.txt"
check "checker: constant-memory mode, the same look" "$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" \
	"$work/a/big.xlsx" "$fx/lanzhou" --version "$version" --big --same-as "$work/a/book.xlsx" "${lo[@]}"
expect_exit 0 "constant-memory workbook again" wb lanzhou "$work/b/big.xlsx" --date 2025-10-08T06:00:00Z --big-rows 100
check "constant-memory mode is byte-identical too" cmp "$work/a/big.xlsx" "$work/b/big.xlsx"
# 数据's rows printed by the stage itself (sheet_data.c) are the library's bytes: compared with a
# workbook whose rows all go through libxlsxwriter, also for the variant's texts that the stage
# leaves to the library (& < >, formula-looking names)
plain_rows() { (export QTR_WB_PLAIN_ROWS=1; wb "$@"); }
expect_exit 0 "constant-memory workbook, rows through the library alone" plain_rows lanzhou \
	"$work/b/big-plain.xlsx" --date 2025-10-08T06:00:00Z --big-rows 100
check "constant-memory mode: the rows the stage prints are the library's bytes" cmp "$work/a/big.xlsx" "$work/b/big-plain.xlsx"
expect_exit 0 "variant, constant-memory" wb variant "$work/a/variant-big.xlsx" --date 2025-10-08T06:00:00Z --big-rows 10
expect_exit 0 "variant, constant-memory, rows through the library alone" plain_rows variant \
	"$work/b/variant-big.xlsx" --date 2025-10-08T06:00:00Z --big-rows 10
check "variant: the same bytes" cmp "$work/a/variant-big.xlsx" "$work/b/variant-big.xlsx"
check "a big workbook's members read back whole, each against its CRC (deflated as written)" \
	"$PY" -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$work/a/big.xlsx"
check "a big workbook is deflated at level 1 (lxwhooks.c takes)" "$PY" "$QTR_ROOT/tests/e2e/zip_level.py" \
	"$work/a/big.xlsx" 1
check "a small workbook keeps libxlsxwriter's level 6" "$PY" "$QTR_ROOT/tests/e2e/zip_level.py" \
	"$work/a/book.xlsx" 6

# facts.csv over the budget: 数据 lists the report's quarters (2025Q1-Q3 and the baseline
# 2024Q4: the fixture's facts) and says so on 数据, 汇总 and 说明; the 2023 rows put before them
# are counted, not listed.
mkdir -p "$work/scoped"
cp "$fx/lanzhou/"*.csv "$work/scoped/"
"$PY" - "$fx/lanzhou/facts.csv" "$work/scoped/facts.csv" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
old = [l.replace("2024Q4", "2023Q%d" % q, 1) for q in (1, 2, 3, 4) for l in lines[1:] if l.startswith("2024Q4,")]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines[:1] + old + lines[1:]) + "\n")
EOF
total=$(($(wc -l <"$work/scoped/facts.csv") - 1))
scoped() { # out [more options]: the lanzhou fixture with the longer facts.csv
	local out=$1
	shift
	"$QTR_BIN/qtr-workbook" --config "$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini" --progress "$fx/lanzhou/progress.csv" \
		--quarterly "$fx/lanzhou/quarterly.csv" --summary "$fx/lanzhou/compare.txt" \
		--facts "$work/scoped/facts.csv" --rejects "$fx/lanzhou/rejects.csv" \
		--inputs "$fx/lanzhou/inputs.csv" --out "$out" --date 2025-10-08T06:00:00Z "$@"
}
expect_exit 0 "facts over the budget" scoped "$work/a/scoped.xlsx" --facts-budget 500 --big-rows 100
check "by design: nothing on stderr (the workbook says it)" test ! -s "$work/err.txt"
check "checker: 数据 holds the report's quarters and says so" "$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" \
	"$work/a/scoped.xlsx" "$fx/lanzhou" --version "$version" --big --scoped "$total"
expect_exit 0 "facts within the budget" scoped "$work/a/all.xlsx" --facts-budget "$total"
check "checker: within the budget, 数据 lists every fact (a table)" "$PY" "$QTR_ROOT/tests/e2e/check_workbook.py" \
	"$work/a/all.xlsx" "$work/scoped" --version "$version"
expect_exit 64 "--big-rows 0" wb lanzhou "$work/a/x.xlsx" --big-rows 0
expect_exit 64 "--facts-budget not a number" wb lanzhou "$work/a/x.xlsx" --facts-budget 5x

# ---- run.sh's early start: --period reads facts.csv before compare's files, --go-fd waits for
# "go" after 数据 (written first in constant-memory mode) and before the report's sheets
early() { # out go-input [more options]: the lanzhou fixture, "go" fed from the second argument
	local out=$1 feed=$2
	shift 2
	printf '%b' "$feed" | wb lanzhou "$out" --date 2025-10-08T06:00:00Z --period 2025Q3 --go-fd 0 "$@"
}
mkdir -p "$work/early"
expect_exit 0 "--go-fd: go" early "$work/early/book.xlsx" 'go\n'
check "--go-fd: the same bytes as in one go" cmp "$work/a/book.xlsx" "$work/early/book.xlsx"
expect_exit 0 "--go-fd, constant-memory mode: go" early "$work/early/big.xlsx" 'go\n' --big-rows 100
check "--go-fd, constant-memory mode: the same bytes as in one go" cmp "$work/a/big.xlsx" "$work/early/big.xlsx"
late() { (sleep 0.3; printf 'go\n') | wb lanzhou "$work/early/late.xlsx" --date 2025-10-08T06:00:00Z --period 2025Q3 --go-fd 0 --big-rows 100; }
expect_exit 0 "--go-fd: go comes later" late
check "--go-fd: go later, the same bytes" cmp "$work/a/big.xlsx" "$work/early/late.xlsx"
expect_exit 0 "--period without --go-fd" wb lanzhou "$work/early/period.xlsx" --date 2025-10-08T06:00:00Z --period 2025Q3
check "--period: the same bytes" cmp "$work/a/book.xlsx" "$work/early/period.xlsx"
rm -f "$work/early"/*
for feed in '' 'stop\n' 'gone\n' 'go'; do
	expect_exit 75 "--go-fd ends without the line go (fed '$feed'): called off" early "$work/early/off.xlsx" "$feed" --big-rows 100
	check "called off ('$feed'): quietly" test ! -s "$work/err.txt"
	check "called off ('$feed'): nothing written, no temporary file" test -z "$(ls -A "$work/early")"
done
expect_exit 65 "--period of another quarter than compare's" wb lanzhou "$work/early/x.xlsx" --period 2025Q2
check "another quarter: the message names compare.txt and both quarters" \
	grep -q "compare.txt: the report is of 2025Q3, not of 2025Q2" "$work/err.txt"
check "another quarter: nothing written" test -z "$(ls -A "$work/early")"
expect_exit 64 "--go-fd without --period" wb lanzhou "$work/early/x.xlsx" --go-fd 0
expect_exit 64 "--go-fd not open" wb lanzhou "$work/early/x.xlsx" --period 2025Q3 --go-fd 97
expect_exit 64 "--go-fd not a number" wb lanzhou "$work/early/x.xlsx" --period 2025Q3 --go-fd x
expect_exit 64 "--period not a quarter" wb lanzhou "$work/early/x.xlsx" --period 2025Q5
# a malformed facts.csv fails at once, without waiting for go (the pipe never ends: a wait
# would be the timeout's 124)
mkdir -p "$work/badfacts"
cp "$fx/lanzhou/"*.csv "$work/badfacts/"
printf '2025Q3,兰州新区,demands,abc,x.csv,2\n' >>"$work/badfacts/facts.csv"
mkfifo "$work/never"
exec 7<>"$work/never"
badfacts() {
	timeout 60 "$QTR_BIN/qtr-workbook" --config "$fx/lanzhou/plan.ini" --progress "$fx/lanzhou/progress.csv" \
		--quarterly "$fx/lanzhou/quarterly.csv" --summary "$fx/lanzhou/compare.txt" \
		--facts "$work/badfacts/facts.csv" --rejects "$fx/lanzhou/rejects.csv" \
		--inputs "$fx/lanzhou/inputs.csv" --out "$work/early/x.xlsx" --period 2025Q3 --go-fd 7
}
expect_exit 65 "--go-fd: a malformed facts.csv fails before waiting" badfacts
exec 7>&-
check "malformed facts.csv: named with its line" grep -q "facts.csv:[0-9]*" "$work/err.txt"

# ---- default date: the last day of the quarter
expect_exit 0 "workbook without --date" wb lanzhou "$work/a/nodate.xlsx"
check "default date is the quarter's end" "$PY" -c '
import sys, openpyxl
d = openpyxl.load_workbook(sys.argv[1]).properties.created
sys.exit(0 if (d.year, d.month, d.day, d.hour) == (2025, 9, 30, 0) else 1)' "$work/a/nodate.xlsx"

# ---- usage
expect_exit 0 "--help" "$QTR_BIN/qtr-workbook" --help
check "--help shows the synopsis" grep -q -- "--summary compare.txt" "$work/out.txt"
expect_exit 64 "no arguments" "$QTR_BIN/qtr-workbook"
expect_exit 64 "unknown option" wb lanzhou "$work/a/x.xlsx" --bogus
expect_exit 64 "operand" wb lanzhou "$work/a/x.xlsx" extra
expect_exit 64 "malformed --date" wb lanzhou "$work/a/x.xlsx" --date 2025-10-08
check "usage message names the program" grep -q "^qtr-workbook: " "$work/err.txt"

# ---- input errors (66, 65) and output errors (73): nothing published, old file untouched
cp "$work/a/book.xlsx" "$work/a/keep.xlsx"
mkdir -p "$work/bad"
cp "$fx/lanzhou/"*.csv "$work/bad/"
sed -i '2s/,1544,/,1544x,/' "$work/bad/progress.csv"
run_bad() { # progress facts out
	"$QTR_BIN/qtr-workbook" --config "$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini" --progress "$1" \
		--quarterly "$fx/lanzhou/quarterly.csv" --summary "$fx/lanzhou/compare.txt" \
		--facts "$2" --rejects "$fx/lanzhou/rejects.csv" --inputs "$fx/lanzhou/inputs.csv" \
		--out "$3" --date 2025-10-08T06:00:00Z
}
expect_exit 66 "missing facts file" run_bad "$fx/lanzhou/progress.csv" "$work/nonexistent.csv" "$work/a/book.xlsx"
check "66 message names the file" grep -q "nonexistent.csv" "$work/err.txt"
expect_exit 65 "malformed progress.csv" run_bad "$work/bad/progress.csv" "$fx/lanzhou/facts.csv" "$work/a/book.xlsx"
check "65 message names file and line" grep -q "progress.csv:2: column 'actual' is not a number" "$work/err.txt"
check "a failed run leaves the old workbook" cmp "$work/a/book.xlsx" "$work/a/keep.xlsx"
sed -i '2s/,2$/,two/' "$work/bad/facts.csv"
expect_exit 65 "malformed facts.csv line" run_bad "$fx/lanzhou/progress.csv" "$work/bad/facts.csv" "$work/a/book.xlsx"
check "a failed write leaves the old workbook" cmp "$work/a/book.xlsx" "$work/a/keep.xlsx"
check "and no temporary file" test -z "$(ls "$work/a" | grep tmp)"
# libxlsxwriter does not check writes to its temporary files: with a file-size limit between
# the finished workbook's size and its largest part, only those writes fail (before lxwhooks.c
# this gave a damaged workbook and exit 0)
limit=$("$PY" -c 'import os, sys, zipfile
p = sys.argv[1]
big = max(i.file_size for i in zipfile.ZipFile(p).infolist())
print((os.path.getsize(p) + big) // 2 // 1024)' "$work/a/big.xlsx")
cp "$work/a/big.xlsx" "$work/a/big-keep.xlsx"
limited() { (trap '' XFSZ; ulimit -f "$limit"; wb lanzhou "$work/a/big.xlsx" --date 2025-10-08T06:00:00Z --big-rows 100); }
expect_exit 74 "temporary files past a file-size limit (${limit} KB)" limited
check "74 says the workbook came out incomplete" grep -q "came out incomplete" "$work/err.txt"
check "the old workbook is kept" cmp "$work/a/big.xlsx" "$work/a/big-keep.xlsx"
check "no temporary file left" test -z "$(ls -A "$work/a" | grep -E 'tmp')"
expect_exit 73 "output folder missing" wb lanzhou "$work/missing/book.xlsx"
touch "$work/afile"
expect_exit 73 "output below a regular file" wb lanzhou "$work/afile/book.xlsx"
check "73 prints one line" test "$(wc -l <"$work/err.txt")" = 1
# an output folder the stage may not write (as root: run as nobody, see lib.sh); writable, the
# same command succeeds, so the 73 comes from the permission
if unprivileged_setup "$QTR_BIN/qtr-workbook" "$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini" "$fx/lanzhou/facts.csv" \
	"$fx/lanzhou/compare.txt"; then
	mkdir -p "$work/ro" && chown "$as_uid" "$work/ro" && chmod 755 "$work/ro"
	expect_exit 0 "writable output folder (as uid $as_uid)" as_user "$QTR_BIN/qtr-workbook" \
		--config "$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini" --progress "$fx/lanzhou/progress.csv" \
		--facts "$fx/lanzhou/facts.csv" --rejects "$fx/lanzhou/rejects.csv" \
		--quarterly "$fx/lanzhou/quarterly.csv" --summary "$fx/lanzhou/compare.txt" \
		--inputs "$fx/lanzhou/inputs.csv" --out "$work/ro/ok.xlsx"
	chmod 555 "$work/ro"
	expect_exit 73 "read-only output folder (as uid $as_uid)" as_user "$QTR_BIN/qtr-workbook" \
		--config "$QTR_ROOT/tests/fixtures/workbook/lanzhou/plan.ini" --progress "$fx/lanzhou/progress.csv" \
		--facts "$fx/lanzhou/facts.csv" --rejects "$fx/lanzhou/rejects.csv" \
		--quarterly "$fx/lanzhou/quarterly.csv" --summary "$fx/lanzhou/compare.txt" \
		--inputs "$fx/lanzhou/inputs.csv" --out "$work/ro/book.xlsx"
	check "73 names the folder" grep -q "ro/book.xlsx" "$work/err.txt"
	check "nothing left in the read-only folder" test "$(ls -A "$work/ro")" = ok.xlsx
	chmod 755 "$work/ro"
else
	skip "read-only output folder (73): $unprivileged_why"
fi
finish
