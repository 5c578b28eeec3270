#!/usr/bin/env bash
# tests/e2e/tasks.sh — the task ledger (docs/config.md [tasks], docs/input.md Task progress,
# docs/formats.md tasks.csv) through run.sh:
#   * the golden case tasks-ledger: its 任务台账 sheet and the PDF's task page read back against
#     its hand-written expected/tasks.csv (check_tasks.py: openpyxl and pdftotext), and its
#     terminal line;
#   * the shipped Gansu (22 tasks of the annex) and Liangzhou ledgers at a quarter each: the same
#     read-back against the published tasks.csv, every task of the ledger once;
#   * a plan without a ledger has no tasks.csv, no 任务台账, no task page; a task progress file
#     given to it is rejected whole;
#   * a broken ledger stops the run with exit 78, naming the ledger's file, line and column.
. "$(dirname "$0")/lib.sh"
case_dir=$QTR_ROOT/tests/e2e/cases/tasks-ledger

out=$work/case
run_qtr --config "$case_dir/config.ini" --input "$case_dir/input" --output "$out" >"$work/case.stdout" 2>"$work/case.stderr"
code=$?
check "tasks-ledger: exit 1 (rejected task rows of the quarter), got $code" [ "$code" = 1 ]
pub=$out/tasks-ledger/2026Q1
check "tasks-ledger: the terminal's last line is the ledger's sentence" \
	[ "$(tail -n 1 "$work/case.stdout")" = "  6项重点任务：已完成1项，滞后1项，未启动1项，逾期未完成1项，未报2项" ]
check "tasks-ledger: stderr names each rejected task row with file:line:column" \
	grep -q '^任务进展-2026Q1.csv:8:1: .*任务编号「T9」不在任务台账（tasks.csv）中：整行未读取' "$work/case.stderr"
if [ -d "$pub" ]; then
	check "tasks-ledger: 任务台账 and the PDF's task page read back" \
		$PY "$QTR_ROOT/tests/e2e/check_tasks.py" "$pub" "$case_dir/expected/tasks.csv"
else
	fail "tasks-ledger: nothing published"
fi

# the shipped ledgers: every task once, and the read-back against what was published
for pp in "gansu-2016 2018Q3 22" "liangzhou-2017 2017Q4 17"; do
	read -r plan period ntasks <<<"$pp"
	o=$work/$plan
	run_qtr --config "$QTR_ROOT/config/$plan.ini" --period "$period" --output "$o" --quiet >/dev/null 2>&1
	code=$?
	pub=$o/$plan/$period
	if [ "$code" != 0 ] && [ "$code" != 1 ] || [ ! -f "$pub/tasks.csv" ]; then
		fail "$plan $period: run.sh exit $code, no tasks.csv"
		continue
	fi
	check "$plan $period: tasks.csv has the $ntasks tasks of config/$plan-tasks.csv, in order" \
		cmp -s <(cut -d, -f1 "$QTR_ROOT/config/$plan-tasks.csv") <(cut -d, -f1 "$pub/tasks.csv")
	check "$plan $period: $ntasks rows in tasks.csv, every one of $period" \
		[ "$(tail -n +2 "$pub/tasks.csv" | grep -c ",$period,")" = "$ntasks" ]
	check "$plan $period: 任务台账 and the PDF's task page read back" \
		$PY "$QTR_ROOT/tests/e2e/check_tasks.py" "$pub" "$pub/tasks.csv"
done

# tasks.csv and compare.txt's task lines against the independent tasks oracle (tests/oracle,
# written from the docs), at every quarter of the shipped ledgers' horizons with data and of the
# golden case
oracle_run() { # config input first-year last-year
	local cfg=$1 in=$2 o=$work/oracle-$(basename "$1" .ini) y q p code n=0 bad=0
	mkdir -p "$o"
	"$QTR_BIN/qtr-ingest" --config "$cfg" --input "$in" --facts "$o/facts.csv" --rejects "$o/rejects.csv" \
		--summary "$o/ingest.txt" --task-facts "$o/task_facts.csv" >/dev/null 2>&1
	for ((y = $3; y <= $4; y++)); do
		for q in 1 2 3 4; do
			p=${y}Q$q
			"$QTR_BIN/qtr-compare" --config "$cfg" --facts "$o/facts.csv" --period "$p" \
				--progress "$o/progress.csv" --summary "$o/compare.txt" \
				--task-facts "$o/task_facts.csv" --tasks "$o/tasks.csv" >/dev/null 2>&1
			code=$?
			[ "$code" = 65 ] && continue # no value of the quarter: no report
			$PY "$QTR_ROOT/tests/oracle/tasks_oracle.py" --config "$cfg" --task-facts "$o/task_facts.csv" \
				--period "$p" --tasks "$o/want.csv" --summary "$o/want.txt"
			n=$((n + 1))
			if ! cmp -s "$o/want.csv" "$o/tasks.csv" ||
				! diff <(grep '^tasks' "$o/want.txt") <(grep '^tasks' "$o/compare.txt") >/dev/null; then
				bad=$((bad + 1))
				echo "    $p: tasks.csv or compare.txt's task lines differ from the oracle's" >&2
				diff "$o/want.csv" "$o/tasks.csv" | head -n 4 >&2
			fi
		done
	done
	check "$(basename "$cfg"): tasks.csv and the task counts agree with the oracle at $n quarters" \
		[ "$bad" = 0 -a "$n" -ge 4 ]
}
oracle_run "$QTR_ROOT/config/gansu-2016.ini" "$QTR_ROOT/input/gansu-2016" 2016 2020
oracle_run "$QTR_ROOT/config/liangzhou-2017.ini" "$QTR_ROOT/input/liangzhou-2017" 2017 2020
oracle_run "$case_dir/config.ini" "$case_dir/input" 2025 2027

# a full page: 40 tasks, 30 of them overdue and none reported — the page lists the first overdue
# tasks, counts the rest (另有 N 项) and sends the others to the workbook; no text under 8 pt
mkdir -p "$work/full"
sed 's|^file = tasks.csv|file = full-tasks.csv|' "$case_dir/config.ini" >"$work/full/plan.ini"
$PY -c '
leads = ["市科技局", "市工信局、市科技局", "市财政局等", "市发展改革委会同有关单位", "市教育局",
         "市人社局、市科技局、市财政局、市工信局、市教育局、市农业农村局等"]
print("id,name,lead,due")
for i in range(1, 41):
    name = "推进第%d项重点任务" % i + "，建立健全科技成果转移转化工作机制" * (i % 3)
    print("%d,%s,%s,%s" % (i, name, leads[i % 6], "2025-%02d" % (i % 12 + 1) if i % 4 else "持续推进"))
' >"$work/full/full-tasks.csv"
run_qtr --config "$work/full/plan.ini" --input "$case_dir/input" --output "$work/full-out" --quiet >/dev/null 2>&1
pub=$work/full-out/tasks-ledger/2026Q1
if [ -f "$pub/tasks.csv" ]; then
	check "a full task page: 30 overdue tasks in tasks.csv" [ "$(grep -c ',yes,' "$pub/tasks.csv")" = 30 ]
	check "a full task page: 任务台账 and the page read back (the first overdue tasks, then 另有 N 项)" \
		$PY "$QTR_ROOT/tests/e2e/check_tasks.py" "$pub" "$pub/tasks.csv"
	check "a full task page: the rest is sent to the workbook" \
		bash -c 'pdftotext -layout "$1"/*.pdf - | grep -q "另有 [0-9]* 项，详见工作簿“任务台账”"' _ "$pub"
else
	fail "a full task page: nothing published"
fi

# a plan without a ledger: nothing about tasks, and a task progress file is rejected whole
mkdir -p "$work/noledger"
cp "$QTR_ROOT/input/lanzhou-2025/2025/"*.csv "$work/noledger/"
cp "$QTR_ROOT/input/lanzhou-2025/2024/"*.csv "$work/noledger/" 2>/dev/null
cp "$case_dir/input/任务进展-2026Q1.csv" "$work/noledger/任务进展-2025Q3.csv"
o=$work/noledger-out
run_qtr --config "$QTR_ROOT/config/lanzhou-2025.ini" --input "$work/noledger" --output "$o" --quiet >/dev/null 2>"$work/noledger.stderr"
pub=$(find "$o" -mindepth 2 -maxdepth 2 -type d ! -name '.*' | head -n 1)
if [ -n "$pub" ]; then
	check "no ledger: no tasks.csv" [ ! -e "$pub/tasks.csv" ]
	check "no ledger: the task progress file is rejected whole" \
		grep -q '任务进展-2025Q3.csv,1,.*但本计划没有任务台账.*整个文件未读取' "$pub/rejects.csv"
	check "no ledger: no sheet 任务台账" $PY -c '
import openpyxl, sys, glob
b = openpyxl.load_workbook(glob.glob(sys.argv[1] + "/*.xlsx")[0])
sys.exit("任务台账" in b.sheetnames)' "$pub"
	check "no ledger: no task page in the PDF" \
		bash -c '! pdftotext "$1"/*.pdf - | grep -q 重点任务台账' _ "$pub"
else
	fail "no ledger: nothing published"
fi

# a broken ledger: exit 78 naming the ledger's file, line and column
mkdir -p "$work/bad"
sed 's|^file = tasks.csv|file = bad-tasks.csv|' "$case_dir/config.ini" >"$work/bad/plan.ini"
printf 'id,name,lead,due\nT1,建立成果信息系统,市科技局,2025-12\nT2,建设技术交易平台,市科技局,2026年3月\n' >"$work/bad/bad-tasks.csv"
expect_exit 78 "a ledger with a bad due stops the run" \
	run_qtr --config "$work/bad/plan.ini" --input "$case_dir/input" --output "$work/bad-out" --quiet
check "the message names bad-tasks.csv:3:4 and the due" grep -q 'bad-tasks.csv:3:4: .*due「2026年3月」不是完成时限' "$work/err.txt"
check "nothing published for the broken ledger" [ ! -d "$work/bad-out/tasks-ledger" ]
finish
