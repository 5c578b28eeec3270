#!/usr/bin/env bash
# Faults (issue 5): a run killed with SIGKILL at several points leaves the published quarter
# byte-identical and publishes nothing partial; a write failure (ulimit -f) exits 74 with the
# previous output intact; an input file that vanishes is a reject, not a crash; a stage that
# fails calls off the workbook waiting beside it and leaves nothing behind.
. "$(dirname "$0")/lib.sh"
out=$work/out
# What readers see: the published folders (not the lock, not staging folders of killed runs).
# Reruns on the same input are byte-identical except the stage timings in manifest.json: a run
# killed after publishing leaves a complete new report, so the manifest is compared without them
# (and must be valid JSON: never half-written).
snapshot() {
	(cd "$out" && find . -path './.*' -prune -o -type f ! -name manifest.json -print0 | sort -z | xargs -0 sha256sum
	 find . -path './.*' -prune -o -type d -print | sort
	 for m in $(find . -path './.*' -prune -o -name manifest.json -print | sort); do
		$PY -c 'import json,sys; m=json.load(open(sys.argv[1])); [s.pop("seconds") for s in m["stages"]]; print(json.dumps(m, sort_keys=True))' "$m" || echo "BROKEN $m"
	 done)
}
staging_left() { ls -d "$out"/.staging-* 2>/dev/null | head -n 1; }

SOURCE_DATE_EPOCH=1750000000 run_qtr --output "$out" --quiet 2>/dev/null
check "a first report is published" test -s "$out/lanzhou-2025/2025Q3/progress.csv"
before=$(snapshot)

# 1. SIGKILL from inside each stage: a wrapper kills run.sh (and itself) when the stage starts,
#    or, for publish, just before the rename would happen
for stage in ingest compare workbook charts publish; do
	fake=$work/bin-$stage
	rm -rf "$fake" && mkdir -p "$fake"
	for b in "$QTR_BIN"/qtr-*; do ln -s "$b" "$fake/$(basename "$b")"; done
	rm "$fake/qtr-$stage"
	printf '#!/bin/sh\nkill -9 $PPID\nkill -9 $$\n' >"$fake/qtr-$stage"
	chmod +x "$fake/qtr-$stage"
	QTR_BIN=$fake SOURCE_DATE_EPOCH=1750000000 run_qtr --output "$out" --quiet >/dev/null 2>&1
	check "killed in $stage: the published quarter is byte-identical" [ "$(snapshot)" = "$before" ]
done
check "the killed runs left staging folders behind (to be cleaned)" test -n "$(staging_left)"

# 2. SIGKILL of the whole run at random moments
for delay in 0.01 0.05 0.1 0.2 0.3; do
	( SOURCE_DATE_EPOCH=1750000000 setsid "$QTR_ROOT/run.sh" --output "$out" --quiet >/dev/null 2>&1 & echo $! >"$work/pid"; wait ) &
	sleep "$delay"
	kill -9 -- "-$(cat "$work/pid")" 2>/dev/null
	wait
	check "killed after ${delay}s: the published quarter is byte-identical" [ "$(snapshot)" = "$before" ]
done

# 3. the next run cleans up and publishes the same bytes
SOURCE_DATE_EPOCH=1750000000 run_qtr --output "$out" --quiet 2>/dev/null
check "a run after the kills publishes the same report (exit 1 on the sample)" [ "$(snapshot)" = "$before" ]
check "and removes the staging folders" test -z "$(staging_left)"

# 4. a write failure: files may not grow past 20 KiB (facts.csv is bigger)
( ulimit -f 20; SOURCE_DATE_EPOCH=1750000000 run_qtr --output "$out" --quiet >"$work/o.txt" 2>"$work/e.txt" )
code=$?
check "write failure exits 74 (got $code)" [ "$code" = 74 ]
check "write failure names the file" grep -q "write failed\|File too large" "$work/e.txt"
check "write failure: the published quarter is byte-identical" [ "$(snapshot)" = "$before" ]

# 5. an input file that vanished (a dangling link) is a reject; the run goes on
in=$work/in
cp -r "$QTR_ROOT/input/lanzhou-2025" "$in"
ln -s "$work/nonexistent.csv" "$in/2025/gone.csv"
run_qtr --input "$in" --output "$work/out2" --quiet >/dev/null 2>"$work/e2.txt"
code=$?
check "a vanished input file: report published (exit $code)" [ "$code" = 1 ]
check "a vanished input file is in rejects.csv" grep -q "gone.csv.*无法读取文件.*,file_unreadable$" "$work/out2/lanzhou-2025/2025Q3/rejects.csv"

# 6. a stage fails: the workbook, started beside compare and waiting for go, is called off
#    (exit 75, no message), the run exits with the stage's code and leaves nothing behind: no
#    stage process, no staging folder, the published quarter as it was
for stage in ingest compare; do
	fake=$work/fail-$stage
	rm -rf "$fake" && mkdir -p "$fake"
	for b in "$QTR_BIN"/qtr-*; do ln -s "$b" "$fake/$(basename "$b")"; done
	rm "$fake/qtr-$stage"
	# (ingest's config check, before the lock, goes to the real program)
	printf '#!/bin/sh\ncase " $* " in *" --check-config "*) exec %s "$@" ;; esac\necho "qtr-%s: made to fail" >&2\nexit 65\n' \
		"$QTR_BIN/qtr-$stage" "$stage" >"$fake/qtr-$stage"
	chmod +x "$fake/qtr-$stage"
	QTR_BIN=$fake SOURCE_DATE_EPOCH=1750000000 run_qtr --output "$out" --quiet >/dev/null 2>"$work/e-$stage.txt"
	code=$?
	check "$stage fails: the run exits 65 (got $code)" [ "$code" = 65 ]
	check "$stage fails: its message last on stderr, nothing from run.sh or another stage" \
		[ "$(tail -n 1 "$work/e-$stage.txt")" = "qtr-$stage: made to fail" -a \
		-z "$(grep -e '^run.sh' -e 'qtr-workbook' -e 'qtr-charts' "$work/e-$stage.txt")" ]
	check "$stage fails: no stage process left" bash -c "! pgrep -f '^[^ ]*/qtr-[a-z]+ .*$out' >/dev/null"
	check "$stage fails: no staging folder left" test -z "$(staging_left)"
	check "$stage fails: the published quarter is byte-identical" [ "$(snapshot)" = "$before" ]
done
finish
