#!/usr/bin/env bash
# The bundled sample: city figures asserted against values computed independently of qtr
# (input/README.md lists them with their arithmetic), and the behaviour an operator sees.
. "$(dirname "$0")/lib.sh"
out=$work/out
cd "$work" || exit 1 # cron starts elsewhere: run.sh must not depend on the working directory
run_qtr --output "$out" >"$work/stdout" 2>"$work/stderr"
code=$?
check "exit 1 (rejected cells and a missing report)" [ "$code" = 1 ]
check "the manifest's exit code is the run's" grep -q "\"exit_code\": $code," "$out/lanzhou-2025/2025Q3/manifest.json"
dir=$out/lanzhou-2025/2025Q3
for f in facts.csv rejects.csv progress.csv quarterly.csv manifest.json inputs.csv; do
	check "published $f" test -s "$dir/$f"
done
check "no staging folder left" sh -c "! ls -d '$out'/.staging-* 2>/dev/null"
$PY - "$dir/progress.csv" <<'PY' || fail "city figures"
import csv, sys
rows = {r["indicator"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["unit"] == "全市"}
want = {  # indicator: (actual, status, missing)
    "demands": (1163, "on_track", "Q2;Q3"), "listings": (356, "achieved", "Q2;Q3"),
    "events": (23, "achieved", "Q3"), "key_achievements": (78, "on_track", "Q1;Q3"),
    "new_carriers": (35, "lagging", "Q1;Q3"), "brokers": (852, "on_track", "Q3"),
    "hightech": (1265, "lagging", "Q3"), "contract_volume": (104.23568, "on_track", "Q3"),
    "rd_enterprises": (29, "critical", "Q1;Q2;Q3"),
    # the two rates: sums of the units' Q3 levels (红古区 no Q3 row; 皋兰县's Q3 credit cells and
    # 永登县's Q2 docking cells empty, their last level kept; 市本级 never reports), paced from
    # their first report (2025Q1: 415 / 564 and 126 / 180) to 100% at 2025Q4: P = 2 / 3; docking
    # at 57.9% of the way is 8.8 points behind (lagging), credit at 9.0% is 57.7 behind (critical)
    "bank_docking": ((131 + 44 + 30 + 53 + 8 + 12 + 9 + 20 + 63 + 160 + 37)
                     / (140 + 50 + 41 + 58 + 13 + 17 + 11 + 26 + 70 + 168 + 44), "lagging", "Q1;Q2;Q3"),
    "credit_granting": ((66 + 17 + 9 + 25 + 3 + 6 + 2 + 8 + 26 + 70 + 13)
                        / (80 + 24 + 18 + 28 + 6 + 9 + 4 + 12 + 33 + 102 + 21), "critical", "Q1;Q2;Q3"),
}
bad = 0
for ind, (a, st, miss) in want.items():
    r = rows[ind]
    if float(r["actual"]) != a or r["status"] != st or r["missing_quarters"] != miss:
        print("mismatch", ind, r["actual"], r["status"], r["missing_quarters"]); bad = 1
# stocks: progress from the 2024Q4 baseline: (852-690)/(900-690), (1265-1180)/(1300-1180)
if abs(float(rows["brokers"]["progress"]) - 162 / 210) > 1e-15: print("brokers progress"); bad = 1
if abs(float(rows["hightech"]["progress"]) - 85 / 120) > 1e-15: print("hightech progress"); bad = 1
if rows["contract_volume"]["gap_to_target"] != "30.76432": print("exact gap"); bad = 1
for ind, b in (("bank_docking", 415 / 564), ("credit_granting", 126 / 180)):
    r = rows[ind]
    if abs(float(r["baseline"]) - b) > 1e-15 or abs(float(r["time_progress"]) - 2 / 3) > 1e-15 or \
            abs(float(r["progress"]) - (float(r["actual"]) - b) / (1 - b)) > 1e-12:
        print(ind, "not paced from its first report", r["baseline"], r["time_progress"], r["progress"]); bad = 1
if list(rows) != list(want): print("city rows not first / not in plan order"); bad = 1
sys.exit(bad)
PY
check "the two bad cells are on stderr with file:line:column" \
	grep -q "2025/2025年第二季度-县区.csv:2:2: .*约100" "$work/stderr"
check "stdout headline" grep -q "11项指标：已完成2项，正常4项，滞后3项，严重滞后2项" "$work/stdout"
check "stdout names the missing unit" grep -q "红古区" "$work/stdout"
check "manifest records the inputs' sha256" grep -q "\"sha256\": \"$(sha256sum "$QTR_ROOT/input/lanzhou-2025/2025/2025Q3.csv" | cut -c1-64)\"" "$dir/manifest.json"
targets_sha=$(sha256sum "$QTR_ROOT/config/lanzhou-2025-targets.csv" | cut -c1-64)
check "inputs.csv lists the targets file the config names, with its sha256" \
	grep -q "^targets,$QTR_ROOT/config/lanzhou-2025-targets.csv,[0-9]*,$targets_sha\$" "$dir/inputs.csv"
check "the manifest's plan_files has it too" /usr/bin/python3 -c '
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(not (len(m["plan_files"]) == 1 and m["plan_files"][0]["role"] == "targets"
              and m["plan_files"][0]["sha256"] == sys.argv[2]))' "$dir/manifest.json" "$targets_sha"
# the contract's 20 columns, then the appended ones in their documented order (docs/formats.md)
check "progress.csv header is the contract" \
	[ "$(head -n 1 "$dir/progress.csv")" = "plan,period,unit,indicator,name,measure_unit,kind,comparator,target,actual,completion,time_progress,progress,pace_gap_pp,expected,gap_to_target,forecast,required_per_quarter,status,missing_quarters,baseline,prev_year_actual,yoy_growth,rank,rank_basis,yoy_rank,rank_prev,card" ]

# a rerun of one quarter replaces that quarter only
run_qtr --output "$out" --period 2025Q2 --quiet 2>/dev/null
q2=$(cd "$out/lanzhou-2025/2025Q2" && sha256sum progress.csv facts.csv)
run_qtr --output "$out" --quiet 2>/dev/null
check "rerun of 2025Q3 leaves 2025Q2 untouched" \
	[ "$(cd "$out/lanzhou-2025/2025Q2" && sha256sum progress.csv facts.csv)" = "$q2" ]
check "2025Q2 progress is for 2025Q2" grep -q "^lanzhou-2025,2025Q2,全市" "$out/lanzhou-2025/2025Q2/progress.csv"
finish
