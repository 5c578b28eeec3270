#!/usr/bin/env bash
# tests/e2e/charts.sh — qtr-charts end to end on tests/fixtures/charts (Lanzhou 2025, 2025Q3: the
# report compare wrote, see its README.md): fonts embedded, text extractable (every indicator
# name, region, period), the summary's words in the PDF (headline, notice, missing reports),
# rankings in the report's order, the designed page count, a non-blank page 1, byte-identical
# reruns (PDF, PNG, SVG), images named and sized, stress inputs (40-character name, 6-digit
# values, 80 units), and the exit codes 64/65/66/73/78.
# Env: QTR_BIN (folder of qtr-* programs), QTR_ROOT (repo root).
set -u
root=${QTR_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${QTR_BIN:-$root/build/bin}
charts=$bin/qtr-charts
fx=$root/tests/fixtures/charts
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
DATE=2025-10-15T08:00:00Z

ok() { printf 'ok   %s\n' "$1"; }
bad() { printf 'FAIL %s\n' "$1"; fails=$((fails + 1)); }
check() { # name, command...
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

# run DIR CONFIG [extra args...]: charts on the report files in DIR into DIR/out
run() {
	local dir=$1 config=$2
	shift 2
	mkdir -p "$dir/out"
	"$charts" --config "$config" --progress "$dir/progress.csv" --quarterly "$dir/quarterly.csv" \
		--summary "$dir/compare.txt" --out "$dir/out/report.pdf" --image-dir "$dir/out/img" "$@"
}
# report DIR: the fixture's report files into DIR
report() { mkdir -p "$1" && cp "$fx/progress.csv" "$fx/quarterly.csv" "$fx/compare.txt" "$1/"; }

# ---------------------------------------------------------------- the fixture
report "$tmp" && cp "$fx/plan.ini" "$tmp/"
run "$tmp" "$tmp/plan.ini" --date "$DATE" 2>"$tmp/stderr"
check "fixture: exit 0" test $? -eq 0
check "fixture: nothing on stderr" test ! -s "$tmp/stderr"
pdf=$tmp/out/report.pdf
check "fixture: PDF written" test -s "$pdf"

# fonts: at least one, every one embedded (emb column: 5th field from the end)
pdffonts "$pdf" >"$tmp/fonts.txt" 2>&1
nfonts=$(awk 'NR > 2' "$tmp/fonts.txt" | wc -l)
nemb=$(awk 'NR > 2 && $(NF-4) == "yes"' "$tmp/fonts.txt" | wc -l)
check "pdffonts: $nfonts fonts, all embedded" test "$nfonts" -ge 1 -a "$nfonts" -eq "$nemb"
check "pdffonts: Noto Sans CJK SC" grep -q 'NotoSansCJKsc' "$tmp/fonts.txt"

# text: every indicator name (content-stream order; line breaks removed), region, period
pdftotext -raw "$pdf" - | tr -d ' \n' >"$tmp/text.txt"
names_ok=1
while IFS= read -r name; do
	grep -qF "$(printf '%s' "$name" | tr -d ' ')" "$tmp/text.txt" || { echo "missing name: $name"; names_ok=0; }
done < <($py -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["unit"] == "全市": print(r["name"])' "$tmp/progress.csv")
check "pdftotext: every indicator name" test "$names_ok" -eq 1
check "pdftotext: region" grep -qF '兰州市' "$tmp/text.txt"
check "pdftotext: period" grep -qF '截至2025年第三季度' "$tmp/text.txt"
# what the PDF says is what compare.txt says (the terminal's summary)
headline=$(sed -n 's/^headline=//p' "$tmp/compare.txt" | tr -d ' ')
missing=$(sed -n 's/^missing_text=//p' "$tmp/compare.txt" | tr -d ' ')
check "compare.txt: the fixture's headline" test "$headline" = '9项指标：已完成2项，正常4项，滞后2项，严重滞后1项'
check "pdftotext: headline of compare.txt" grep -qF "$headline" "$tmp/text.txt"
check "pdftotext: bullet words" grep -qF '96.95/135.00亿元，完成71.8%，低于序时进度3.2个百分点' "$tmp/text.txt"
check "pdftotext: rejects notice" grep -qF '输入数据中有2处错误未被采用，另有1条警告' "$tmp/text.txt"
check "pdftotext: missing reports of compare.txt" grep -qF "：$missing。" "$tmp/text.txt"
check "pdftotext: footnote agrees (2 of 12 units)" grep -qF '12个单位中2个有季度未报送' "$tmp/text.txt"
check "pdftotext: ranking by completion of the unit targets" grep -qF '按截至2025年第三季度的单位目标完成率从高到低排名' "$tmp/text.txt"
check "pdftotext: page numbers" grep -qF '第6页/共6页' "$tmp/text.txt"
check "pdftotext: generation date" grep -qF '2025年10月15日' "$tmp/text.txt"

# pages as designed: dashboard, trend, the card grid (demands and others have unit targets), the
# rankings of the 4 key indicators and of brokers (滞后, not key) two per page
pdfinfo "$pdf" >"$tmp/info.txt"
check "pdfinfo: 6 pages" grep -qE '^Pages: +6$' "$tmp/info.txt"
check "pdfinfo: A4" grep -qE '^Page size: +595.276 x 841.89' "$tmp/info.txt"
check "pdfinfo: creation date pinned" grep -qE '^CreationDate: +Wed Oct 15 08:00:00 2025 UTC' "$tmp/info.txt"
check "pdfinfo: title" grep -qF '创新兰州2025年暨科技成果转化突破年行动方案' "$tmp/info.txt"

# page 1 is not blank: share of non-white pixels in a 50 dpi greyscale rendering
pdftoppm -r 50 -gray -f 1 -l 1 "$pdf" "$tmp/p1"
ink=$($py - "$tmp"/p1-1.pgm <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
# P5 header: magic, width, height, maxval (whitespace separated), then one byte per pixel
parts, pos = [], 0
while len(parts) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    parts.append(data[pos:end])
    pos = end
pos += 1
w, h = int(parts[1]), int(parts[2])
px = data[pos:pos + w * h]
print(int(1000 * sum(1 for b in px if b < 235) / len(px)))
EOF
)
check "page 1 not blank (${ink}‰ ink)" test "${ink:-0}" -ge 30

# images: names, PNG 1600 px wide, SVG present
expect="chart-01-dashboard chart-02-trend chart-03-cards chart-04-ranking-demands chart-05-ranking-key_achievements chart-06-ranking-brokers chart-07-ranking-hightech chart-08-ranking-contract_volume"
imgs_ok=1
for n in $expect; do
	for ext in png svg; do
		test -s "$tmp/out/img/$n.$ext" || { echo "missing $n.$ext"; imgs_ok=0; }
	done
	w=$($py -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(struct.unpack(">I", d[16:20])[0] if d[:8]==b"\x89PNG\r\n\x1a\n" else 0)' "$tmp/out/img/$n.png" 2>/dev/null)
	test "$w" = 1600 || { echo "$n.png is $w px wide"; imgs_ok=0; }
done
check "images: 8 charts as PNG (1600 px) and SVG" test "$imgs_ok" -eq 1
check "images: nothing else written" test "$(ls "$tmp/out/img" | wc -l)" -eq 16
check "no temporary files left" test -z "$(find "$tmp/out" -name '*.tmp-*')"

# rankings in the report's order: the rank column of progress.csv, each bar labelled with the
# unit's actual (demands: ranked by completion, on page 4)
expect_rank=$($py -c 'import csv,sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["indicator"] == "demands" and r["unit"] != "全市" and r["rank"]]
rows.sort(key=lambda r: (int(r["rank"]), 0))
print(" ".join("%s %s %s" % (r["rank"], r["unit"], "{:,}".format(int(float(r["actual"])))) for r in rows))' "$tmp/progress.csv")
got_rank=$(pdftotext -f 4 -l 4 -layout "$pdf" - | awk '/企业技术需求发布 · 各单位排名/ { on = 1; next } /各单位排名/ { on = 0 }
	on && $1 ~ /^[0-9]+$/ && NF >= 3 { sub(/（.*/, "", $3); printf "%s%s %s %s", sep, $1, $2, $3; sep = " " }')
check "ranking: units in the order and ranks of progress.csv, labelled with their actual" test "$got_rank" = "$expect_rank"
[ "$got_rank" = "$expect_rank" ] || printf '  expected: %s\n  got:      %s\n' "$expect_rank" "$got_rank"

# byte-identical rerun
report "$tmp/again"
run "$tmp/again" "$tmp/plan.ini" --date "$DATE"
same=1
cmp -s "$pdf" "$tmp/again/out/report.pdf" || { echo "PDF differs"; same=0; }
for f in "$tmp"/out/img/*; do
	cmp -s "$f" "$tmp/again/out/img/$(basename "$f")" || { echo "$(basename "$f") differs"; same=0; }
done
check "rerun: PDF, PNG and SVG byte-identical" test "$same" -eq 1

# without --date: the last day of the quarter
report "$tmp/nodate"
run "$tmp/nodate" "$tmp/plan.ini"
check "no --date: exit 0" test $? -eq 0
check "no --date: 2025-09-30T00:00:00Z" sh -c "pdfinfo '$tmp/nodate/out/report.pdf' | grep -qE '^CreationDate: +Tue Sep 30 00:00:00 2025 UTC'"

# the shipped plan draws the report of its own sample (no per-unit targets there: the rows carry
# them); the fixture's report has nine indicators, the shipped plan eleven
shipped=$root/config/lanzhou-2025.ini
mkdir -p "$tmp/shipped"
"$bin/qtr-ingest" --config "$shipped" --input "$root/input/lanzhou-2025" --facts "$tmp/shipped/facts.csv" \
	--rejects "$tmp/shipped/rejects.csv" --summary "$tmp/shipped/ingest.txt" 2>/dev/null
"$bin/qtr-compare" --config "$shipped" --facts "$tmp/shipped/facts.csv" --ingest-summary "$tmp/shipped/ingest.txt" \
	--progress "$tmp/shipped/progress.csv" --quarterly "$tmp/shipped/quarterly.csv" --summary "$tmp/shipped/compare.txt"
check "shipped config: its sample's report written" test -s "$tmp/shipped/progress.csv"
run "$tmp/shipped" "$shipped" --date "$DATE"
check "shipped config: exit 0" test $? -eq 0
check "shipped config: all 11 targets on page 1" sh -c "pdftotext -f 1 -l 1 -raw '$tmp/shipped/out/report.pdf' - | tr -d ' \n' | grep -qF '有效融资需求科技企业授信率'"

# ---------------------------------------------------------------- stress inputs
"$fx/make.sh" "$bin" "$tmp/stress" --stress
run "$tmp/stress" "$tmp/stress/plan.ini" --date "$DATE"
check "stress (40-character name, 6-digit values): exit 0" test $? -eq 0
pdftotext -raw "$tmp/stress/out/report.pdf" - | tr -d ' \n' >"$tmp/stress.txt"
check "stress: the 40-character name in full" grep -qF '新增孵化载体概念验证中心中试熟化平台技术转移机构其他各类科技创新服务平台数量合计' "$tmp/stress.txt"
check "stress: 6-digit values" grep -qF '96,952.32/135,000.00亿元' "$tmp/stress.txt"

"$fx/make.sh" "$bin" "$tmp/big" --units 80
run "$tmp/big" "$tmp/big/plan.ini" --date "$DATE"
check "80 units: exit 0" test $? -eq 0
pdftotext -raw "$tmp/big/out/report.pdf" - | tr -d ' \n' >"$tmp/big.txt"
check "80 units: top and bottom 10 with a note" grep -qF '中间60个单位从略' "$tmp/big.txt"
check "80 units: 5 pages (no unit targets: no card grid)" sh -c "pdfinfo '$tmp/big/out/report.pdf' | grep -qE '^Pages: +5$'"

# ---------------------------------------------------------------- a plan of one indicator
# Weihai's plan has one indicator: the dashboard and the trend share page 1 (then the ranking)
case_dir=$root/tests/e2e/cases/weihai-2025
QTR_BIN=$bin "$root/run.sh" --config "$case_dir/config.ini" --input "$case_dir/input" \
	--output "$tmp/weihai" --quiet >/dev/null 2>&1
wpdf=$(ls "$tmp"/weihai/*/*/*.pdf 2>/dev/null | head -n 1)
check "one indicator: a PDF" test -s "$wpdf"
# (run.sh adds the 文字通报 after the charts: a third page)
check "one indicator: 2 pages of charts and the briefing" sh -c "pdfinfo '$wpdf' | grep -qE '^Pages: +3$'"
check "one indicator: page 3 is the briefing" sh -c "pdftotext -f 3 -l 3 -raw '$wpdf' - | tr -d ' \n' | grep -qF '推进情况通报'"
pdftotext -f 1 -l 1 -raw "$wpdf" - 2>/dev/null | tr -d ' \n' >"$tmp/weihai-1.txt"
check "one indicator: page 1 holds the overview" grep -qF '目标任务进展总览' "$tmp/weihai-1.txt"
check "one indicator: page 1 holds the trend" grep -qF '季度累计进展与序时进度' "$tmp/weihai-1.txt"
check "one indicator: page numbers of 3" grep -qF '第1页/共3页' "$tmp/weihai-1.txt"

# ---------------------------------------------------------------- errors
expect_exit() { # name, code, command...
	local name=$1 code=$2
	shift 2
	"$@" >"$tmp/err.out" 2>"$tmp/err.txt"
	local rc=$?
	if [ "$rc" -eq "$code" ] && [ -s "$tmp/err.txt" -o "$code" -eq 0 ]; then
		ok "$name (exit $rc)"
	else
		bad "$name (exit $rc, expected $code)"
		cat "$tmp/err.txt"
	fi
}
report "$tmp/e"
expect_exit "no arguments -> 64" 64 "$charts"
expect_exit "unknown option -> 64" 64 "$charts" --bogus
expect_exit "bad --date -> 64" 64 run "$tmp/e" "$tmp/plan.ini" --date 2025-10-15
expect_exit "--date not a real date (Feb 30, second 60) -> 64" 64 run "$tmp/e" "$tmp/plan.ini" --date 2025-02-30T00:00:60Z
expect_exit "--facts is no longer an option -> 64" 64 run "$tmp/e" "$tmp/plan.ini" --facts "$fx/facts.csv"
expect_exit "--help -> 0" 0 "$charts" --help
grep -q -- '--image-dir' "$tmp/err.out" && ok "--help shows the synopsis" || bad "--help shows the synopsis"

rm "$tmp/e/quarterly.csv"
expect_exit "missing quarterly.csv -> 66" 66 run "$tmp/e" "$tmp/plan.ini" --date "$DATE"
grep -qF 'quarterly.csv' "$tmp/err.txt" && ok "message names the file" || bad "message names the file"
check "no PDF after a failure" test ! -e "$tmp/e/out/report.pdf"
cp "$tmp/quarterly.csv" "$tmp/e/"

mv "$tmp/e/compare.txt" "$tmp/e/compare.away"
expect_exit "missing compare.txt -> 66" 66 run "$tmp/e" "$tmp/plan.ini" --date "$DATE"
grep -qF 'compare.txt' "$tmp/err.txt" && ok "message names compare.txt" || bad "message names compare.txt"
mv "$tmp/e/compare.away" "$tmp/e/compare.txt"

printf 'plan,period,unit\nx,2025Q3,全市\n' >"$tmp/e/progress.csv"
expect_exit "malformed progress.csv -> 65" 65 run "$tmp/e" "$tmp/plan.ini" --date "$DATE"
cp "$tmp/progress.csv" "$tmp/e/"

sed 's/^font = .*/font = No Such Font Family/' "$tmp/plan.ini" >"$tmp/e/nofont.ini"
expect_exit "font not installed -> 78" 78 run "$tmp/e" "$tmp/e/nofont.ini" --date "$DATE"
grep -qF 'No Such Font Family' "$tmp/err.txt" && ok "message names the font" || bad "message names the font"
check "no PDF or temporary left after a font error" test -z "$(ls -A "$tmp/e/out" 2>/dev/null | grep -v '^img$')"

# a character no font has (U+E000, private use) in an indicator name (the plan's and the report's)
sed 's/^name = 挂牌成果$/name = 挂牌成果\xee\x80\x80/' "$tmp/plan.ini" >"$tmp/e/glyph.ini"
sed -i 's/,挂牌成果,/,挂牌成果\xee\x80\x80,/' "$tmp/e/progress.csv"
expect_exit "missing glyph -> 78" 78 run "$tmp/e" "$tmp/e/glyph.ini" --date "$DATE"
grep -qF '挂牌成果' "$tmp/err.txt" && ok "message names the text" || bad "message names the text"

expect_exit "output folder missing -> 73" 73 "$charts" --config "$tmp/plan.ini" --progress "$tmp/progress.csv" \
	--quarterly "$tmp/quarterly.csv" --summary "$tmp/compare.txt" \
	--out "$tmp/no/such/dir/report.pdf" --image-dir "$tmp/e/img" --date "$DATE"

echo "charts e2e: $fails failed"
[ "$fails" -eq 0 ]
