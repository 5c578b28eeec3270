#!/usr/bin/env bash
# One case per exit code of docs/cli.md (Exit codes) that run.sh can produce here.
. "$(dirname "$0")/lib.sh"
cases=$QTR_ROOT/tests/e2e/cases
clean=(--config "$cases/clean/config.ini" --input "$cases/clean/input")

expect_exit 0 "clean input, all reported" run_qtr "${clean[@]}" --output "$work/o0" --quiet
expect_exit 1 "bundled sample: rejects and a missing report" run_qtr --output "$work/o1" --quiet
check "exit 1 still publishes the report" test -s "$work/o1/lanzhou-2025/2025Q3/progress.csv"

expect_exit 64 "unknown option" run_qtr --bogus
expect_exit 64 "malformed period" run_qtr --period 2025-13 --output "$work/o64"
expect_exit 64 "option without its value" run_qtr --config
expect_exit 64 "period outside the plan's horizon" run_qtr --period 2031Q1 --output "$work/o64b"
check "usage error names the problem" grep -q "horizon" "$work/err.txt"

expect_exit 65 "quarter without any accepted value" run_qtr --period 2025Q4 --output "$work/o65"
check "exit 65 publishes nothing" test ! -e "$work/o65/lanzhou-2025/2025Q4"
check "qtr-ingest exit 65 names the quarter" grep -q "no value of 2025Q4 was accepted" "$work/err.txt"
# the compare stage alone, rerun on published facts for a quarter they hold nothing of
expect_exit 65 "qtr-compare: no value of the quarter" "$QTR_BIN/qtr-compare" \
	--config "$QTR_ROOT/config/lanzhou-2025.ini" --facts "$work/o1/lanzhou-2025/2025Q3/facts.csv" \
	--period 2025Q4 --progress "$work/p65.csv"
check "qtr-compare exit 65 names the quarter" grep -q "no value of 2025Q4" "$work/err.txt"
check "qtr-compare exit 65 writes no progress.csv" test ! -e "$work/p65.csv"

expect_exit 66 "input folder missing" run_qtr --input "$work/nonexistent" --output "$work/o66"
# no --input: the message says where the folder's path came from — the config's [run] input_dir
# (relative to the config: missing beside a copy), or, without one, the default input/<config
# name>, which an installed qtr-run does not have — and how to name one
mkdir -p "$work/cfgonly"
cp "$QTR_ROOT/config/lanzhou-2025.ini" "$work/cfgonly/copy.ini"
cp "$QTR_ROOT/config/lanzhou-2025-targets.csv" "$work/cfgonly/"
expect_exit 66 "[run] input_dir missing" run_qtr --config "$work/cfgonly/copy.ini" --output "$work/o66d"
check "66 for input_dir says it is the config's" \
	grep -q "input/lanzhou-2025: cannot open the input folder (the config's \[run\] input_dir)" "$work/err.txt"
sed '/^input_dir/d' "$QTR_ROOT/config/lanzhou-2025.ini" >"$work/cfgonly/other-plan.ini"
expect_exit 66 "the default input folder missing" run_qtr --config "$work/cfgonly/other-plan.ini" --output "$work/o66d"
check "66 for the default folder says how to give one" \
	grep -q "input/other-plan: cannot open the input folder (the default: give --input DIR" "$work/err.txt"
# an input folder the run may not read (as root: run as nobody, see lib.sh); the same folder
# readable gives another code (65: no data), so the 66 comes from the permission
if unprivileged_setup "$QTR_ROOT/run.sh" "$QTR_BIN/qtr-ingest" "$QTR_ROOT/config/lanzhou-2025.ini"; then
	mkdir -p "$work/locked-in" "$work/o66b" && chown "$as_uid" "$work/locked-in" "$work/o66b"
	chmod 755 "$work/locked-in"
	expect_exit 65 "input folder readable but empty (as uid $as_uid)" as_user "$QTR_ROOT/run.sh" \
		--input "$work/locked-in" --output "$work/o66b"
	chmod 000 "$work/locked-in"
	expect_exit 66 "input folder unreadable (as uid $as_uid)" as_user "$QTR_ROOT/run.sh" \
		--input "$work/locked-in" --output "$work/o66b"
	check "66 names the folder" grep -q "locked-in: cannot open the input folder" "$work/err.txt"
	chmod 755 "$work/locked-in"
else
	skip "input folder unreadable (66): $unprivileged_why"
fi

touch "$work/afile"
expect_exit 73 "output below a regular file" run_qtr --output "$work/afile/out"
# the plan's folder is created by qtr-publish at the end: a file in its place is 73 too
mkdir -p "$work/o73" && touch "$work/o73/lanzhou-2025"
expect_exit 73 "the plan's folder is a regular file" run_qtr --output "$work/o73"
check "73 names the plan's folder" grep -q "o73/lanzhou-2025: cannot create" "$work/err.txt"
check "73 publishes nothing" test -f "$work/o73/lanzhou-2025"

mkdir -p "$work/o75"
flock "$work/o75/.lock" sleep 5 &
holder=$!
sleep 0.3
expect_exit 75 "another run holds the lock" run_qtr --output "$work/o75"
check "the lock message says to try later" grep -q "try again later" "$work/err.txt"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

printf '[plan]\nid = x\n' >"$work/bad.ini"
expect_exit 78 "config without required keys" run_qtr --config "$work/bad.ini" --output "$work/o78"
check "config error names file, section and key" grep -q "bad.ini.*\[plan\] name" "$work/err.txt"
sed 's/^target     = 1500/target     = -1500/' "$QTR_ROOT/config/lanzhou-2025.ini" >"$work/neg.ini"
expect_exit 78 "negative target" run_qtr --config "$work/neg.ini" --output "$work/o78b"
check "negative target names its key" grep -q "indicator.demands\] target" "$work/err.txt"
expect_exit 78 "config file missing" run_qtr --config "$work/none.ini" --output "$work/o78c"
check "no output folder after a config error" test ! -e "$work/o78/x"
finish
