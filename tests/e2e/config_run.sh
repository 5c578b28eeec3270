#!/usr/bin/env bash
# run.sh takes its [run] folders from the plan's own loader (qtr-ingest --print-run), so the
# config means the same to run.sh as to the stages: a quoted path holding " #" or " ;" is one
# path; a [run] section first in a file saved with a UTF-8 BOM is read; relative folders are
# relative to the config file's folder; a config the loader rejects is 78 with nothing read.
. "$(dirname "$0")/lib.sh"

# (its [units] targets_file named by an absolute path: the copies live elsewhere)
plan_body() { sed -n '/^\[plan\]/,$p' "$QTR_ROOT/config/lanzhou-2025.ini" | sed '/^\[run\]/,/^\[/{/^\[run\]/d;/^input_dir/d;/^output_dir/d}' |
	sed "s|^targets_file *= *|targets_file = $QTR_ROOT/config/|"; }

# a drop folder whose name holds " #" and " ;", named in a quoted value
in="$work/in #2025 ;x"
mkdir -p "$in"
cp -r "$QTR_ROOT/input/lanzhou-2025/." "$in/"
# a decoy: what an unquoted reader would take ("$work/in") holds other data
mkdir -p "$work/in"
{ printf '\xef\xbb\xbf[run]\ninput_dir = "%s"\noutput_dir = out\n' "$in"; plan_body; } >"$work/bom.ini"
run_qtr --config "$work/bom.ini" --quiet >"$work/stdout" 2>"$work/stderr"
code=$?
check "BOM + quoted '#' path: report published (exit $code)" [ "$code" = 1 ]
check "output_dir relative to the config's folder" test -s "$work/out/lanzhou-2025/2025Q3/progress.csv"
check "the quoted folder was read" grep -q "\"input_dir\": \"$work/in #2025 ;x\"" "$work/out/lanzhou-2025/2025Q3/manifest.json"
check "its ten files were read" grep -q '"files": 10' "$work/out/lanzhou-2025/2025Q3/manifest.json"

# what the loader prints
"$QTR_BIN/qtr-ingest" --config "$work/bom.ini" --check-config --print-run >"$work/run.txt"
check "--print-run: plan id" grep -qx "plan=lanzhou-2025" "$work/run.txt"
check "--print-run: input_dir verbatim" grep -qxF "input_dir=$in" "$work/run.txt"
check "--print-run: output_dir resolved" grep -qxF "output_dir=$work/out" "$work/run.txt"
# relative to the config's folder, with '..' taken out, whatever the caller's directory
mkdir -p "$work/cfg/sub"
{ printf '[run]\ninput_dir = ../data/./in\noutput_dir = ../../reports\n'; plan_body; } >"$work/cfg/sub/p.ini"
(cd / && "$QTR_BIN/qtr-ingest" --config "$work/cfg/sub/p.ini" --check-config --print-run) >"$work/run2.txt"
check "relative input_dir normalised" grep -qxF "input_dir=$work/cfg/data/in" "$work/run2.txt"
check "relative output_dir normalised" grep -qxF "output_dir=$work/reports" "$work/run2.txt"
(cd "$work/cfg" && "$QTR_BIN/qtr-ingest" --config sub/p.ini --check-config --print-run) >"$work/run3.txt"
check "a relative config path: folders still absolute" grep -qxF "input_dir=$work/cfg/data/in" "$work/run3.txt"
# no [run]: nothing printed for the folders; run.sh falls back to input/<config name>
{ plan_body; } >"$work/norun.ini"
"$QTR_BIN/qtr-ingest" --config "$work/norun.ini" --check-config --print-run >"$work/run4.txt"
check "no [run]: empty folders" grep -qx "input_dir=" "$work/run4.txt"

# a config the loader rejects: 78 before anything is read or written
{ printf '\xef\xbb\xbf[run]\noutput_dir = out2\n'; plan_body | sed 's/^target *= 1500/target = -5/'; } >"$work/bad.ini"
expect_exit 78 "a bad target: configuration error" run_qtr --config "$work/bad.ini" --quiet
check "nothing published for a bad config" [ ! -e "$work/out2" ]
finish
