#!/usr/bin/env bash
# run_sh.sh — run.sh's command line (README "For the operator"): every option in both spellings
# (--opt value, --opt=value), -q and -h, the defaults (no argument at all, from another working
# directory: the plan in config/, the bundled input, the config's output_dir, the latest quarter),
# relative paths taken from the caller's directory, the stdout summary checked line by line
# against the published progress.csv, facts.csv, rejects.csv and inputs.csv, and exit 70 with
# nothing published when a stage crashes (QTR_BIN pointing at wrappers, one of which kills itself
# with SIGSEGV).
# The no-argument run uses a copy of the checkout's entry points in the scratch folder (run.sh,
# checked identical, and a copy of the shipped config whose output_dir is inside that folder),
# so the repository's output/ is never written.
. "$(dirname "$0")/lib.sh"
cfg=$QTR_ROOT/config/lanzhou-2025.ini

# summary STDOUT DEST: run.sh's summary against the files it published in DEST
# The summary on stdout against the published files, worked out here from progress.csv,
# facts.csv, rejects.csv and manifest.json (not from compare.txt, which it prints).
summary() {
	PYTHONPATH="$QTR_ROOT/tests/e2e" $PY - "$1" "$2" <<'EOF'
import csv, json, os, re, sys
from readback import person_text, numkind, PACE
out, dest = sys.argv[1], sys.argv[2]
lines = open(out, encoding="utf-8").read().splitlines()
def rows(name):
    with open(os.path.join(dest, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
progress, facts, rejects = rows("progress.csv"), rows("facts.csv"), rows("rejects.csv")
counts = json.load(open(os.path.join(dest, "manifest.json"), encoding="utf-8"))["counts"]
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
city = [r for r in progress if r["unit"] == progress[0]["unit"]]
plan, period = progress[0]["plan"], progress[0]["period"]
want(len(lines) >= 3 + len(city), "%d lines, expected at least %d" % (len(lines), 3 + len(city)))
lines += [""] * 20
want(lines[0] == "qtr %s %s：报告已发布到 %s" % (plan, period, dest), "line 1: %r" % lines[0])
errors = sum(r["severity"] == "error" for r in rejects)
warnings = sum(r["severity"] == "warning" for r in rejects)
want(counts["facts"] == len(facts), "manifest facts %d, facts.csv has %d" % (counts["facts"], len(facts)))
unitless = sum(r["unit"] == "" for r in rejects)
want(counts["unitless"] == unitless, "manifest unitless %d, rejects.csv has %d rows without a unit" % (counts["unitless"], unitless))
line2 = "  输入：%d个文件，%d行，%d个数值；" % (counts["files"], counts["rows_read"], len(facts))
scope = counts["errors_in_scope"]
line2 += ("无拒收" if errors == 0 else "拒收%d处" % errors if scope == errors
          else "拒收%d处（均不涉及本期报告）" % errors if scope == 0
          else "拒收%d处（其中%d处涉及本期报告）" % (errors, scope))
line2 += "，警告%d条" % warnings if warnings else ""
line2 += "，详见 rejects.csv" if errors else ""
want(lines[1] == line2, "line 2: %r, expected %r" % (lines[1], line2))
labels = [("achieved", "已完成"), ("on_track", "正常"), ("lagging", "滞后"), ("critical", "严重滞后"),
          ("missed", "未完成"), ("above_range", "超出区间"), ("not_due", "未到期"), ("", "未评估")]
head = "%d项指标" % len(city) + "".join(
    ("：" if i == 0 else "，") + "%s%d项" % (label, k) for i, (label, k) in enumerate(
        (label, sum(r["status"] == code for r in city)) for code, label in labels
        if any(r["status"] == code for r in city)))
want(lines[2] == "  " + head, "headline %r, progress.csv gives %r" % (lines[2], head))
units = []
for r in progress:
    if r["unit"] != city[0]["unit"] and r["unit"] not in units:
        units.append(r["unit"])
parts = []
for u in units:
    rs = [r for r in progress if r["unit"] == u and r["missing_quarters"]]
    if rs:
        qs = sorted({q for r in rs for q in r["missing_quarters"].split(";")})
        parts.append("%s %s（%d项）" % (u, "、".join(qs), len(rs)))
k = 3
if parts:
    want(lines[3] == "  缺报：" + "、".join(parts), "line 4: %r, expected %r" % (lines[3], "、".join(parts)))
    k = 4
else:
    want(not lines[3].startswith("  缺报"), "missing reports listed, none in progress.csv")
for r in city:
    line = lines[k]
    k += 1
    label = dict(labels)[r["status"]]
    want(line.startswith("  [%s] %s：" % (label, r["name"])), "line %r: progress.csv has %s %s" % (line, label, r["name"]))
    nk = numkind(r["measure_unit"], r["kind"])
    actual = person_text(float(r["actual"]), nk) if r["actual"] else None
    sentence = line.split("：", 1)[1] if "：" in line else ""
    if r["target"]:
        target = person_text(float(r["target"]), nk, PACE)
        completion = person_text(float(r["completion"]), "percent")
        want(sentence.startswith("%s / " % actual) and ("/ %s" % target in sentence or "超过 %s" % target in sentence),
             "%s: %r, progress.csv %s / %s" % (r["indicator"], sentence, actual, target))
        if r["kind"] == "ratio" and r["baseline"] and float(r["baseline"]) != 0 and \
                float(r["target"]) > float(r["baseline"]):
            # a ratio paced from its baseline reads its progress alone (docs/formulas.md)
            rise = person_text(float(r["progress"]), "percent")
            want("提升进度 %s" % rise in sentence, "%s: %r lacks 提升进度 %s" % (r["indicator"], sentence, rise))
        else:
            want("完成 %s" % completion in sentence, "%s: %r lacks 完成 %s" % (r["indicator"], sentence, completion))
    else:
        want(sentence.startswith("实际 %s" % actual), "%s: %r, progress.csv's actual %s" % (r["indicator"], sentence, actual))
want(all(l == "" for l in lines[k:]), "more lines than indicators: %r" % lines[k:k + 2])
for b in bad[:10]:
    print("    summary: " + b)
sys.exit(1 if bad else 0)
EOF
}
published_dirs() { find "$1" -mindepth 2 -maxdepth 2 -type d ! -name '.*' 2>/dev/null | sort; }

# ---------------------------------------------------------------- --help, -h
expect_exit 0 "--help" run_qtr --help
for o in --config --input --output --period --quiet --help; do
	check "--help lists $o" grep -q -- "^  $o\b" "$work/out.txt"
done
check "--help lists the exit codes" grep -q "70 a stage failed unexpectedly" "$work/out.txt"
check "--help writes nothing on stderr" test ! -s "$work/err.txt"
expect_exit 0 "-h" run_qtr -h
check "-h prints the usage" grep -q "^usage: run.sh \[--config FILE\]" "$work/out.txt"
expect_exit 64 "--period=value checked like --period value" run_qtr --period=2025Q5

# ---------------------------------------------------------------- no argument at all
# A copy of the entry points: run.sh (identical to the checkout's), config/lanzhou-2025.ini with
# output_dir relative to its folder and no input_dir (so the bundled input/<config name> is the
# default), input/ linked to the bundled sample.
inst=$work/inst
mkdir -p "$inst/config" "$work/elsewhere"
cp "$QTR_ROOT/run.sh" "$inst/run.sh"
check "the copied run.sh is the one under test" cmp -s "$QTR_ROOT/run.sh" "$inst/run.sh"
sed -e '/^input_dir *=/d' -e 's|^output_dir *=.*|output_dir = ../published|' "$cfg" >"$inst/config/lanzhou-2025.ini"
check "the copied config differs only in [run]" test "$(diff "$cfg" "$inst/config/lanzhou-2025.ini" | grep -c '^[<>]')" = 3
cp "$QTR_ROOT/config/lanzhou-2025-targets.csv" "$inst/config/" # its [units] targets_file
ln -s "$QTR_ROOT/input" "$inst/input"
(cd "$work/elsewhere" && exec "$inst/run.sh") >"$work/defaults.out" 2>"$work/defaults.err"
code=$?
check "no arguments: exit $code (1 on the sample: rejects and missing reports)" [ "$code" = 1 ]
dest=$inst/published/lanzhou-2025/2025Q3
check "no arguments: the latest quarter published to the config's output_dir" test -s "$dest/progress.csv"
check "no arguments: nothing else published" [ "$(published_dirs "$inst/published")" = "$dest" ]
check "no arguments: nothing written in the caller's directory" test -z "$(ls -A "$work/elsewhere")"
check "no arguments: the bundled input was read" \
	grep -qF "\"input_dir\": \"$inst/input/lanzhou-2025\"" "$dest/manifest.json"
check "no arguments: the shipped plan was used" grep -q "^config,$inst/config/lanzhou-2025.ini," "$dest/inputs.csv"
if summary "$work/defaults.out" "$dest"; then
	echo "ok: no arguments: the summary on stdout agrees with the published files"
else
	fail "no arguments: the summary on stdout disagrees with the published files"
	sed 's/^/    stdout: /' "$work/defaults.out" | head -n 5 >&2
fi
check "no arguments: the two rejected cells on stderr, nothing else" \
	[ "$(grep -c . "$work/defaults.err")" = 2 ]

# ---------------------------------------------------------------- options, relative paths
# From a caller's directory holding the plan, the input and the output: every path relative.
caller=$work/caller
mkdir -p "$caller/plans"
cp "$cfg" "$caller/plans/plan.ini"
cp "$QTR_ROOT/config/lanzhou-2025-targets.csv" "$caller/plans/" # its [units] targets_file
cp -r "$QTR_ROOT/input/lanzhou-2025" "$caller/in"
(cd "$caller" && exec "$QTR_ROOT/run.sh" --config=plans/plan.ini --input=in --output=out \
	--period=2025Q2 --quiet) >"$work/eq.out" 2>"$work/eq.err"
code=$?
check "--opt=value spelling: exit $code (expected 1)" [ "$code" = 1 ]
check "--output=out is relative to the caller's directory" test -s "$caller/out/lanzhou-2025/2025Q2/progress.csv"
check "--period=2025Q2 reports 2025Q2" grep -q "^lanzhou-2025,2025Q2,全市," "$caller/out/lanzhou-2025/2025Q2/progress.csv"
check "--quiet: nothing on stdout" test ! -s "$work/eq.out"
check "--input=in is relative to the caller's directory" \
	grep -qF "\"input_dir\": \"$caller/in\"" "$caller/out/lanzhou-2025/2025Q2/manifest.json"
check "--config=plans/plan.ini is relative to the caller's directory" \
	grep -q "^config,$caller/plans/plan.ini," "$caller/out/lanzhou-2025/2025Q2/inputs.csv"
# the same with the separate spelling and -q, a quarter in another spelling, into another folder
(cd "$caller/plans" && exec "$QTR_ROOT/run.sh" --config plan.ini --input ../in --output ../out2 \
	--period 2025-Q1 -q) >"$work/sp.out" 2>"$work/sp.err"
code=$?
check "--opt value spelling: exit $code (expected 1)" [ "$code" = 1 ]
check "--output ../out2 is relative to the caller's directory" \
	[ "$(published_dirs "$caller/out2")" = "$caller/out2/lanzhou-2025/2025Q1" ]
check "-q: nothing on stdout" test ! -s "$work/sp.out"
check "--period 2025-Q1 reports 2025Q1" grep -q "^lanzhou-2025,2025Q1,全市," "$caller/out2/lanzhou-2025/2025Q1/progress.csv"
check "nothing was written next to the config or the input" \
	[ "$(ls -A "$caller/plans" | tr '\n' ' ')" = "lanzhou-2025-targets.csv plan.ini " ] && [ -z "$(find "$caller/in" -newer "$caller/plans/plan.ini" -print -quit)" ]

# ---------------------------------------------------------------- a warning about the config
# Units' targets that add up to less than the city's (城关区's demands cut from 250 to 150: 1,420
# of 1,500): the run goes on; the summary on stdout says it (配置提示), so do compare.txt and the
# workbook's 说明; stderr holds only the input's rejected cells, and --quiet prints nothing.
short=$work/short
mkdir -p "$short"
cp "$cfg" "$short/plan.ini"
sed 's/^城关区,demands,250$/城关区,demands,150/' "$QTR_ROOT/config/lanzhou-2025-targets.csv" >"$short/lanzhou-2025-targets.csv"
check "the short decomposition differs in one row" \
	test "$(diff "$QTR_ROOT/config/lanzhou-2025-targets.csv" "$short/lanzhou-2025-targets.csv" | grep -c '^[<>]')" = 2
warn='配置提示：[indicator.demands] 企业技术需求发布：各单位目标合计 1,420 个，低于全市目标 1,500 个，尚差 80 个'
"$QTR_ROOT/run.sh" --config "$short/plan.ini" --input "$QTR_ROOT/input/lanzhou-2025" --output "$short/out" \
	>"$work/short.out" 2>"$work/short.err"
code=$?
check "short unit targets: the run goes on (exit $code, 1 as on the sample)" [ "$code" = 1 ]
check "short unit targets: the summary on stdout names the shortfall" grep -qxF "  $warn" "$work/short.out"
check "short unit targets: stderr holds the two rejected cells only" [ "$(grep -c . "$work/short.err")" = 2 ]
check "short unit targets: the shortfall is not on stderr" test -z "$(grep "尚差" "$work/short.err")"
check "short unit targets: compare.txt's config_warning" \
	grep -qxF "config_warning=${warn#配置提示：}" "$short/out/lanzhou-2025/2025Q3/compare.txt"
check "short unit targets: the workbook's 说明 lists it under 配置提示" $PY - "$short/out/lanzhou-2025/2025Q3" "${warn#配置提示：}" <<'EOF'
import glob, sys, openpyxl
ws = openpyxl.load_workbook(glob.glob(sys.argv[1] + "/*.xlsx")[0], read_only=True)["说明"]
rows = [tuple(c for c in r if c is not None) for r in ws.iter_rows(values_only=True)]
sys.exit(0 if ("配置提示", sys.argv[2]) in rows else 1)
EOF
"$QTR_ROOT/run.sh" --config "$short/plan.ini" --input "$QTR_ROOT/input/lanzhou-2025" --output "$short/out" \
	--quiet >"$work/shortq.out" 2>"$work/shortq.err"
check "short unit targets, --quiet: nothing on stdout" test ! -s "$work/shortq.out"
check "short unit targets, --quiet: stderr only the two rejected cells" [ "$(grep -c . "$work/shortq.err")" = 2 ]

# ---------------------------------------------------------------- a stage that crashes
# QTR_BIN: links to the programs under test, but the crashing stage is a script that kills
# itself with SIGSEGV (qtr-ingest either already when run.sh checks the config, or only in its
# run), and the workbook and charts, when they are not the point, are stand-ins that succeed at
# once (which keeps these runs short). run.sh must exit 70, say what failed, publish nothing and
# leave no staging folder.
crash_bin() { # folder, crashing stage, how (always | run), stages replaced by a no-op...
	local dir=$1 bad=$2 how=$3 s
	shift 3
	mkdir -p "$dir"
	for b in "$QTR_BIN"/qtr-*; do ln -s "$b" "$dir/$(basename "$b")"; done
	rm "$dir/qtr-$bad"
	{
		echo '#!/bin/bash'
		[ "$how" = run ] && printf 'case " $* " in *" --check-config "*) exec %q "$@" ;; esac\n' "$QTR_BIN/qtr-$bad"
		echo 'kill -SEGV $$'
	} >"$dir/qtr-$bad"
	for s in "$@"; do
		rm "$dir/qtr-$s"
		printf '#!/bin/sh\nexit 0\n' >"$dir/qtr-$s"
	done
	chmod +x "$dir"/qtr-*
}
for c in config-check ingest compare workbook charts publish; do
	stage=$c how=run
	case $c in
	config-check) stage=ingest how=always msg="qtr-ingest --check-config failed unexpectedly" ;;
	*) msg="stage $c failed unexpectedly" ;;
	esac
	case $c in
	workbook) noop=(charts) ;;
	charts) noop=(workbook) ;;
	publish) noop=(workbook charts) ;;
	*) noop=() ;;
	esac
	crash_bin "$work/bin-$c" "$stage" "$how" "${noop[@]}"
	QTR_BIN=$work/bin-$c run_qtr --output "$work/crash-$c" --quiet >"$work/crash.out" 2>"$work/crash.err"
	code=$?
	check "$c crashes (SIGSEGV): exit $code (expected 70, not 139)" [ "$code" = 70 ]
	check "$c crashes: stderr says so" grep -q "$msg" "$work/crash.err"
	check "$c crashes: nothing published" [ -z "$(published_dirs "$work/crash-$c")" ]
	check "$c crashes: no staging folder left" [ -z "$(ls -d "$work/crash-$c"/.staging-* 2>/dev/null)" ]
done
# ---------------------------------------------------------------- the workbook beside compare
# The workbook starts after ingest and waits for compare. compare failing (exit 65, after a
# pause so that the workbook is waiting): the run exits 65 with compare's message only, the
# workbook is called off before the staging folder goes. The workbook failing before compare
# ends (exit 65 at once): the run still exits 65 (run.sh is not killed writing "go" to it).
fake_bin() { # folder stage script-body: the real programs, one stage replaced by a script
	local dir=$1 stage=$2 body=$3
	mkdir -p "$dir"
	for b in "$QTR_BIN"/qtr-*; do ln -sf "$b" "$dir/$(basename "$b")"; done
	rm "$dir/qtr-$stage"
	printf '#!/bin/bash\n%s\n' "$body" >"$dir/qtr-$stage"
	chmod +x "$dir/qtr-$stage"
}
fake_bin "$work/bin-cmpfail" compare 'sleep 0.5; echo "qtr-compare: facts.csv:7:1: made to fail" >&2; exit 65'
QTR_BIN=$work/bin-cmpfail run_qtr --output "$work/cmpfail" --quiet >"$work/o.txt" 2>"$work/e.txt"
code=$?
check "compare fails while the workbook waits: exit $code (expected 65)" [ "$code" = 65 ]
check "compare fails: stderr holds compare's message" grep -qx "qtr-compare: facts.csv:7:1: made to fail" "$work/e.txt"
check "compare fails: and nothing from or about the workbook" test -z "$(grep workbook "$work/e.txt")"
check "compare fails: nothing published" [ -z "$(published_dirs "$work/cmpfail")" ]
check "compare fails: no staging folder left" [ -z "$(ls -d "$work/cmpfail"/.staging-* 2>/dev/null)" ]
check "compare fails: no workbook left running" \
	test -z "$(pgrep -f -- "--out $work/cmpfail/" 2>/dev/null)"
fake_bin "$work/bin-wbfail" workbook 'echo "qtr-workbook: facts.csv:3:4: made to fail" >&2; exit 65'
QTR_BIN=$work/bin-wbfail run_qtr --output "$work/wbfail" --quiet >"$work/o.txt" 2>"$work/e.txt"
code=$?
check "the workbook fails before compare ends: exit $code (expected 65)" [ "$code" = 65 ]
check "the workbook fails: its message" grep -q "made to fail" "$work/e.txt"
check "the workbook fails: nothing published" [ -z "$(published_dirs "$work/wbfail")" ]
check "the workbook fails: no staging folder left" [ -z "$(ls -d "$work/wbfail"/.staging-* 2>/dev/null)" ]
finish
