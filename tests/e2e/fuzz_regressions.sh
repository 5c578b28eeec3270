#!/usr/bin/env bash
# fuzz_regressions.sh — replays every finding of the fuzzers (tests/fuzz/regressions/<harness>-*)
# through the stage programs under test (QTR_BIN: the plain build, and the sanitizer build in
# `make check`). A replay fails on a crash (a signal, or sanitizer exit 98/99) and, for the
# inputs of qtr-ingest, when facts.csv or rejects.csv is not valid UTF-8 or a decode error
# names a byte offset outside the file. In the plain pass each file is also replayed through its
# harness, build/fuzz/fuzz_<harness> (`make check` and `make check-fast` build them with clang;
# without clang, or when a harness is older than the sources, that replay is counted as skipped).
# Each harness's inputs go where that harness puts them:
#   ingest, csvr  a whole input file (as fuzz/2025Q3.csv, like fuzz_ingest)
#   num           one cell: as the period and as a value of a district file
#   plan          the --config of qtr-ingest
#   table         progress.csv of qtr-workbook and qtr-charts, facts.csv of qtr-compare
#   pdfsplit      none: the charts stage cuts a document it drew, in memory (its harness only)
. "$(dirname "$0")/lib.sh"
regs=$QTR_ROOT/tests/fuzz/regressions
config=$QTR_ROOT/config/lanzhou-2025.ini
fixture=$QTR_ROOT/tests/fixtures/workbook/lanzhou
charts_fixture=$QTR_ROOT/tests/fixtures/charts

crashed() { [ "$1" -ge 128 ] || [ "$1" = 98 ] || [ "$1" = 99 ]; }

replay() { # name, command... (run in the folder $cwd; output files in $work/out)
	local name=$1 rc
	shift
	(cd "$cwd" && exec "$@") >"$work/stdout" 2>"$work/stderr"
	rc=$?
	if crashed "$rc"; then
		fail "$name: crashed (exit $rc)"
		grep -m 3 -E 'ERROR|SUMMARY|runtime error' "$work/stderr" | sed 's/^/    /' >&2
		return 1
	fi
	echo "ok: $name: no crash (exit $rc)"
}

check_ingest_outputs() { # name, input file
	local name=$1 input=$2
	$PY - "$work/out/facts.csv" "$work/out/rejects.csv" "$(stat -c %s "$input")" <<'EOF' || fail "$name: outputs"
import re, sys
size, bad = int(sys.argv[3]), 0
for path in sys.argv[1:3]:
    try:
        text = open(path, "rb").read().decode("utf-8")
    except FileNotFoundError:
        print("    %s not written" % path); bad = 1; continue
    except UnicodeDecodeError as e:
        print("    %s is not valid UTF-8 at byte %d" % (path, e.start)); bad = 1; continue
    for m in re.finditer(r"cannot decode the file at byte (\d+)", text):
        if int(m.group(1)) >= size:
            print("    decode error at byte %s of a %d-byte file" % (m.group(1), size)); bad = 1
sys.exit(bad)
EOF
}

ingest_file() { # name, file
	local name=$1 src=$2
	rm -rf "$work/run" "$work/out" && mkdir -p "$work/run/fuzz" "$work/out"
	cp "$src" "$work/run/fuzz/2025Q3.csv"
	cwd=$work/run replay "$name" "$QTR_BIN/qtr-ingest" --config "$config" \
		--facts "$work/out/facts.csv" --rejects "$work/out/rejects.csv" fuzz/2025Q3.csv &&
		check_ingest_outputs "$name" "$src"
}

# The harnesses themselves (clang: UBSan there also checks float-to-int casts, which gcc's
# -fsanitize=undefined leaves out), built by `make fuzz-build` after the last change of the
# library. Once, in the plain pass (they do not depend on the build under test).
declare -A harness_state # harness -> ok | the reason it cannot run
harness_usable() { # harness: 0 when build/fuzz/fuzz_<harness> is there and up to date
	local h=$1 bin=$QTR_ROOT/build/fuzz/fuzz_$1
	if [ -z "${harness_state[$h]+set}" ]; then
		if [ ! -x "$bin" ]; then
			harness_state[$h]="build/fuzz/fuzz_$h is not built (make fuzz-build needs clang)"
		elif [ -n "$(find "$QTR_ROOT/pipeline/core" "$QTR_ROOT/pipeline/ingest" "$QTR_ROOT/pipeline/charts/pdfsplit.c" \
			"$QTR_ROOT/pipeline/charts/pdfsplit.h" "$QTR_ROOT/tests/fuzz" -newer "$bin" -name '*.[ch]' | head -n 1)" ]; then
			harness_state[$h]="build/fuzz/fuzz_$h is older than the sources (run make fuzz-build)"
		else
			harness_state[$h]=ok
		fi
		[ "${harness_state[$h]}" = ok ] || skip "replay of the $h regressions through their harness: ${harness_state[$h]}"
	fi
	[ "${harness_state[$h]}" = ok ]
}
harness_replay() { # harness, file
	local h=$1 f=$2 bin=$QTR_ROOT/build/fuzz/fuzz_$1
	[ "${QTR_BUILD_TAG:-plain}" = plain ] || return 0
	harness_usable "$h" || return 0
	if "$bin" -runs=1 "$f" >"$work/harness.txt" 2>&1; then
		echo "ok: $(basename "$f"): clean through fuzz_$h"
	else
		fail "$(basename "$f"): fuzz_$h reports it"
		grep -a -m 3 -E 'ERROR|runtime error|fuzz invariant' "$work/harness.txt" | sed 's/^/    /' >&2
	fi
}

n=0
for f in "$regs"/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	n=$((n + 1))
	harness_replay "${name%%-*}" "$f"
	case $name in
	ingest-* | csvr-*)
		ingest_file "$name" "$f"
		;;
	num-*)
		$PY - "$f" "$work/cell.csv" <<'EOF'
import sys
cell = open(sys.argv[1], "rb").read()
q = b'"' + cell.replace(b'"', b'""') + b'"'
open(sys.argv[2], "wb").write(b"\xe6\x8a\xa5\xe5\x91\x8a\xe6\x9c\x9f,\xe5\xa1\xab\xe6\x8a\xa5\xe5\x8d\x95\xe4\xbd\x8d,"
    b"\xe4\xbc\x81\xe4\xb8\x9a\xe6\x8a\x80\xe6\x9c\xaf\xe9\x9c\x80\xe6\xb1\x82\xe5\x8f\x91\xe5\xb8\x83\xe6\x95\xb0(\xe4\xb8\xaa)\n"
    + q + b",\xe5\x9f\x8e\xe5\x85\xb3\xe5\x8c\xba,1\n2025Q3,\xe5\x9f\x8e\xe5\x85\xb3\xe5\x8c\xba," + q + b"\n")
EOF
		ingest_file "$name" "$work/cell.csv"
		;;
	plan-*)
		rm -rf "$work/out" && mkdir -p "$work/out" "$work/empty"
		cwd=$work replay "$name" "$QTR_BIN/qtr-ingest" --config "$f" --input "$work/empty" \
			--facts "$work/out/facts.csv" --rejects "$work/out/rejects.csv"
		;;
	table-*)
		rm -rf "$work/out" && mkdir -p "$work/out"
		cwd=$work replay "$name (compare, as facts.csv)" "$QTR_BIN/qtr-compare" --config "$config" \
			--facts "$f" --progress "$work/out/progress.csv" --period 2025Q3
		for s in workbook charts; do
			if [ ! -x "$QTR_BIN/qtr-$s" ]; then
				fail "$name: $QTR_BIN/qtr-$s is missing"
				continue
			fi
			if [ $s = workbook ]; then
				args=(--config "$config" --progress "$f" --facts "$fixture/facts.csv"
					--rejects "$fixture/rejects.csv" --quarterly "$fixture/quarterly.csv"
					--summary "$fixture/compare.txt" --date 2025-09-30T00:00:00Z
					--inputs "$fixture/inputs.csv" --out "$work/out/w.xlsx")
			else # the charts read the report compare wrote (their own fixture's summary)
				args=(--config "$charts_fixture/plan.ini" --progress "$f"
					--quarterly "$charts_fixture/quarterly.csv" --summary "$charts_fixture/compare.txt"
					--date 2025-09-30T00:00:00Z --out "$work/out/c.pdf" --image-dir "$work/out")
			fi
			cwd=$work replay "$name ($s, as progress.csv)" "$QTR_BIN/qtr-$s" "${args[@]}"
		done
		;;
	pdfsplit-*) # a document the charts stage cuts in memory (pdfsplit.h): no stage reads it from
		;;      # a file, so it is replayed through its harness only (above)
	*)
		fail "$name: unknown harness (name files <harness>-<what>)"
		;;
	esac
done
check "regression files found and replayed ($n)" [ "$n" -gt 0 ]
finish
