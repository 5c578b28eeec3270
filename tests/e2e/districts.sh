#!/usr/bin/env bash
# districts.sh — the districts' own feedback files (docs/formats.md, districts/): run.sh on the
# default sample, then on a copy where 西固区's 2025Q3 row has many bad cells (its 整改清单 runs
# long); tests/e2e/check_districts.py opens every districts/<unit>.pdf (pdftotext) and .xlsx
# (openpyxl): each lists exactly its unit's rows of rejects.csv (file, line, column, what was
# found, the reason), the others say 本单位本期数据无需整改, and the figures are progress.csv's.
# The checker must fail on a folder where one unit's files are another's.
. "$(dirname "$0")/lib.sh"
C=$QTR_ROOT/tests/e2e/check_districts.py
command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) is not installed"
"$PY" -c "import openpyxl" 2>/dev/null || skip_all "python3-openpyxl is not installed"

cfg=$QTR_ROOT/config/lanzhou-2025.ini
run_qtr --config "$cfg" --output "$work/out" --quiet >/dev/null 2>"$work/err"
rc=$?
check "run.sh on the sample publishes (exit 1: rejects and missing reports)" [ "$rc" = 1 ]
rep=$work/out/lanzhou-2025/2025Q3
check "the sample: a PDF and an xlsx per roster unit (12 + 12)" \
	[ "$(find "$rep/districts" -name '*.pdf' | wc -l)" = 12 -a "$(find "$rep/districts" -name '*.xlsx' | wc -l)" = 12 ]
check "the sample: every district file lists its rejects and its figures" "$PY" "$C" "$rep" "$cfg"
check "no temporary file is left in districts/" [ -z "$(find "$rep/districts" -name '*tmp*')" ]

# a rerun on the same input gives the same files, byte for byte (pinned dates)
run_qtr --config "$cfg" --output "$work/again" --quiet >/dev/null 2>&1
check "a rerun gives byte-identical district files" \
	diff -r "$rep/districts" "$work/again/lanzhou-2025/2025Q3/districts"
check "manifest.json lists the district files (24)" \
	[ "$(grep -c '"path": "districts/' "$rep/manifest.json")" = 24 ]

# a long list: 西固区's 2025Q3 row with every figure written wrongly
mkdir -p "$work/in"
cp -r "$QTR_ROOT/input/lanzhou-2025/." "$work/in/"
f=$work/in/2025/2025Q3.csv
"$PY" - "$f" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8-sig").read().split("\n")
for i, l in enumerate(lines):
    if ",西固区," in l:
        f = l.split(",")
        lines[i] = ",".join(f[:2] + ["约%d" % k for k in range(1, len(f) - 2)] + [f[-1]])
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
run_qtr --config "$cfg" --input "$work/in" --output "$work/out2" --quiet >/dev/null 2>"$work/err2"
rep2=$work/out2/lanzhou-2025/2025Q3
n=$(awk -F, '$7 == "西固区"' "$rep2/rejects.csv" | wc -l)
check "the long case: 西固区 has 9 rejects in rejects.csv ($n)" [ "$n" = 9 ]
check "the long case: every district file lists its rejects and its figures" "$PY" "$C" "$rep2" "$cfg"
pages=$(pdfinfo "$rep2/districts/西固区.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "the long case: 西固区.pdf goes on to a second page ($pages)" [ "${pages:-0}" = 2 ]
check "the long case: page 2 names the unit" \
	bash -c "pdftotext -f 2 -l 2 '$rep2/districts/西固区.pdf' - | grep -q '西固区 · 本期数据反馈（续）'"
# legible: every word of the content (between the frame's header and footer lines, y 50..780)
# at 8 pt or more: a word's box is about 1.45 times its size in Noto Sans CJK (12.3 for 8.5 pt)
small=$(pdftotext -bbox "$rep2/districts/西固区.pdf" - | "$PY" -c '
import re, sys
w = [(float(a), float(b) - float(a)) for a, b in
     re.findall(r"yMin=\"([\d.]+)\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\"", sys.stdin.read())]
content = [h for y, h in w if 50 < y < 780]
print(sum(1 for h in content if h < 8 * 1.4) if len(content) > 100 else "unread")')
check "the long case: no text of the content below 8 pt (words smaller: $small)" [ "$small" = 0 ]

# every other shipped plan (multi-year horizons, units without targets, coverage, 万人 decimals)
for c in "$QTR_ROOT"/config/*.ini; do
	id=$(basename "$c" .ini)
	[ "$id" = lanzhou-2025 ] && continue
	run_qtr --config "$c" --output "$work/plans/$id" --quiet >/dev/null 2>&1
	d=$(find "$work/plans/$id/$id" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	if [ -z "$d" ]; then
		fail "$id: run.sh published nothing"
		continue
	fi
	check "$id $(basename "$d"): every district file lists its rejects and its figures" "$PY" "$C" "$d" "$c"
done

# [report] unit_files = none: no districts/ at all, and page 1's data notice sends the reader to
# the workbook's 数据质量 instead of the units' 整改清单
mkdir -p "$work/cfg"
cp "$cfg" "$QTR_ROOT/config/lanzhou-2025-targets.csv" "$work/cfg/"
sed -i 's/^\[report\]$/[report]\nunit_files = none/' "$work/cfg/lanzhou-2025.ini"
run_qtr --config "$work/cfg/lanzhou-2025.ini" --input "$QTR_ROOT/input/lanzhou-2025" \
	--output "$work/none" --quiet >/dev/null 2>&1
rep3=$work/none/lanzhou-2025/2025Q3
check "unit_files = none: the report is published" [ -f "$rep3/lanzhou-2025-2025Q3.pdf" ]
check "unit_files = none: no districts/ folder" [ ! -e "$rep3/districts" ]
check "unit_files = none: the manifest lists no district file" \
	bash -c "[ -f '$rep3/manifest.json' ] && ! grep -q '\"districts/' '$rep3/manifest.json'"
check "unit_files = none: page 1's notice points to 数据质量" \
	bash -c "pdftotext -f 1 -l 1 '$rep3/lanzhou-2025-2025Q3.pdf' - | tr -d '\n' | grep -q '明细见工作簿“数据质量”表'"
check "the sample (auto, 12 units): page 1's notice points to the units' 整改清单" \
	bash -c "pdftotext -f 1 -l 1 '$rep/lanzhou-2025-2025Q3.pdf' - | tr -d '\n' | grep -q '已逐条列入各有关单位的整改清单'"

# roster names that give the same file name ('/' is written '_') and names too long for one:
# every unit has files of its own (the later one numbered, never another unit's name), and the
# run is published (docs/formats.md, districts/)
L=$(printf '长%.0s' $(seq 90))
mkdir -p "$work/alike/in"
cat >"$work/alike/plan.ini" <<EOF
[plan]
id         = alike
name       = 测试计划
region     = 测试市
start_year = 2025
end_year   = 2025
indicators = events

[units]
roster = 甲/乙, 甲_乙, 甲_乙（2）, $L, ${L}乙

[indicator.events]
name    = 产学研对接活动
unit    = 场
kind    = flow
target  = 10
headers = 产学研对接活动(场)
EOF
printf '报告期,填报单位,产学研对接活动(场)\n2025Q1,甲/乙,3\n2025Q1,甲_乙,约5\n2025Q1,甲_乙（2）,1\n2025Q1,%s,2\n2025Q1,%s乙,1\n' \
	"$L" "$L" >"$work/alike/in/2025Q1.csv"
run_qtr --config "$work/alike/plan.ini" --input "$work/alike/in" --output "$work/alike/out" \
	--period 2025Q1 --quiet >/dev/null 2>&1
rc=$?
rep4=$work/alike/out/alike/2025Q1
check "names alike or too long: published (exit 1: one reject) ($rc)" [ "$rc" = 1 ]
check "names alike or too long: a PDF and an xlsx for each of the 5 units" \
	[ "$(find "$rep4/districts" -name '*.pdf' | wc -l)" = 5 -a "$(find "$rep4/districts" -name '*.xlsx' | wc -l)" = 5 ]
check "names alike or too long: 甲_乙（3）.pdf is 甲_乙's (甲_乙（2） is another unit's name)" \
	bash -c "pdftotext '$rep4/districts/甲_乙（3）.pdf' - | grep -q '^甲_乙 · 本期数据反馈'"
check "names alike or too long: every district file lists its rejects and its figures" \
	"$PY" "$C" "$rep4" "$work/alike/plan.ini"

# a file only 城关区's rows are in: the problems of its header (a money column without its unit,
# a column of no indicator) are 城关区's, in rejects.csv and its 整改清单; those of a file with
# several units' rows stay no unit's (docs/formats.md, rejects.csv `unit`)
mkdir -p "$work/own/in"
cp -r "$QTR_ROOT/input/lanzhou-2025/." "$work/own/in/"
printf '报告期,填报单位,技术合同成交额,备注\n2025Q3,城关区,3.5,补报\n' >"$work/own/in/2025/城关区补报.csv"
# and a row whose unit is written short: "城关" is part of one roster name only
printf '报告期,填报单位,科技成果转化对接活动(场)\n2025Q3,城关,2\n' >"$work/own/in/2025/误写.csv"
# a file whose name names one unit and that cannot be read (an xlsx renamed .csv), one naming two
printf 'PK\003\004\000\000' >"$work/own/in/2025/七里河区2025Q3.csv"
printf '报告期,企业技术需求发布数(个)\n2025Q3,5\n' >"$work/own/in/2025/新区与七里河区.csv"
run_qtr --config "$cfg" --input "$work/own/in" --output "$work/own/out" --quiet >/dev/null 2>&1
rep5=$work/own/out/lanzhou-2025/2025Q3
check "a file named after a unit: its whole-file problem is that unit's" \
	grep -q '^2025/七里河区2025Q3.csv,1,.*,七里河区,,file_binary$' "$rep5/rejects.csv"
check "a file named after a unit: 七里河区's PDF lists it" \
	bash -c "pdftotext '$rep5/districts/七里河区.pdf' - | grep -q 'NUL 字节'"
check "a file naming two units stays no unit's" \
	grep -q '^2025/新区与七里河区.csv,1,.*,,,no_unit_column$' "$rep5/rejects.csv"
check "every unit's page names the files of the problems no unit could be told for" \
	bash -c "pdftotext '$rep5/districts/西固区.pdf' - | tr -d ' \n' | grep -q '另有2处问题无法确定属于哪个单位（见于文件2025/2025Q3.csv、2025/新区与七里河区.csv）'"
check "one unit's file: its header's problems name the unit in rejects.csv" \
	[ "$(grep -c '^2025/城关区补报.csv,1,.*,城关区,,\(header_no_unit\|column_unknown\)$' "$rep5/rejects.csv")" = 2 ]
check "one unit's file: a file of several units keeps its header problem unit-less" \
	grep -q '^2025/2025Q3.csv,1,备注,.*,,,column_unknown$' "$rep5/rejects.csv"
check "one unit's file: 城关区's PDF lists its header problems" \
	bash -c "pdftotext '$rep5/districts/城关区.pdf' - | grep -q '表头没有写单位'"
check "one unit's file: every district file lists its rejects and its figures" "$PY" "$C" "$rep5" "$cfg"
check "one unit's file: ingest.txt counts 2 unit-less rejects" grep -qx 'unitless=2' "$rep5/ingest.txt"
check "a unit written short: the reject asks 是否是「城关区」 and is 城关区's" \
	grep -q '^2025/误写.csv,2,填报单位,.*是否是「城关区」？.*,城关区,2025Q3,unit_unknown$' "$rep5/rejects.csv"
check "a unit written short: 城关区's PDF lists it" \
	bash -c "pdftotext '$rep5/districts/城关区.pdf' - | grep -q '是否是「城关区」'"

# The units' pages drawn as one document and cut into their files (pdfsplit.h) show what each
# unit's page drawn as a document of its own shows: rerun the charts stage on the long case with
# --unit-batch 1 (each file its own document) and 5 (three batches, 西固区's two pages within
# one) and compare each file with the published one (one batch of 12): pdfinfo but the size,
# the text, the pixels at 50 dpi; poppler reads each without a complaint.
same_pdf() { # a b scratch: the same information but the size, text and pixels; a read cleanly
	diff <(pdfinfo "$1" 2>&1 | grep -v '^File size') <(pdfinfo "$2" 2>&1 | grep -v '^File size') >/dev/null &&
		[ -z "$(pdfinfo "$2" 2>&1 >/dev/null)" ] &&
		cmp -s <(pdftotext "$1" - 2>&1) <(pdftotext "$2" - 2>&1) || return 1
	rm -f "$3"/a-*.ppm "$3"/b-*.ppm
	pdftoppm -r 50 "$1" "$3/a" && pdftoppm -r 50 "$2" "$3/b" || return 1
	local p
	for p in "$3"/a-*.ppm; do cmp -s "$p" "$3/b-${p##*/a-}" || return 1; done
}
report_date=$(sed -n 's/.*"report_date": "\(.*\)".*/\1/p' "$rep2/manifest.json")
for b in 1 5; do
	re=$work/batch$b
	mkdir -p "$re"
	"$QTR_BIN/qtr-charts" --config "$cfg" --progress "$rep2/progress.csv" --quarterly "$rep2/quarterly.csv" \
		--summary "$rep2/compare.txt" --tasks "$rep2/tasks.csv" --date "$report_date" --out "$re/r.pdf" \
		--image-dir "$re" --districts "$re/districts" --rejects "$rep2/rejects.csv" --unit-batch $b 2>"$re/err"
	check "--unit-batch $b: qtr-charts reruns (exit 0, nothing on stderr)" test $? = 0 -a ! -s "$re/err"
	same=0 total=0
	for f in "$rep2"/districts/*.pdf; do
		total=$((total + 1))
		same_pdf "$f" "$re/districts/${f##*/}" "$re" && same=$((same + 1))
	done
	check "--unit-batch $b: each unit's PDF shows what the published one shows ($same of $total)" \
		[ "$same" = 12 -a "$total" = 12 ]
done
pages=$(pdfinfo "$work/batch5/districts/西固区.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
check "--unit-batch 5: 西固区.pdf has its two pages ($pages)" [ "${pages:-0}" = 2 ]
check "the comparison fails on another unit's file" \
	bash -c "$(declare -f same_pdf); ! same_pdf '$rep2/districts/城关区.pdf' '$work/batch5/districts/西固区.pdf' '$work/batch5'"

# the checker fails when one unit's files are another's
cp -r "$rep" "$work/swapped"
cp "$rep/districts/城关区.pdf" "$work/swapped/districts/安宁区.pdf"
check "the checker fails when 安宁区.pdf is 城关区's" bash -c "! '$PY' '$C' '$work/swapped' '$cfg' 2>/dev/null"
cp -r "$rep" "$work/swapped2"
cp "$rep/districts/七里河区.xlsx" "$work/swapped2/districts/城关区.xlsx"
check "the checker fails when 城关区.xlsx is 七里河区's" bash -c "! '$PY' '$C' '$work/swapped2' '$cfg' 2>/dev/null"
finish
